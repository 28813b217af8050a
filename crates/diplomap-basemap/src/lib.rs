//! The embedded world basemap: Natural Earth 1:50m countries (public domain), from the
//! `world-atlas` TopoJSON, rendered to Web Mercator tiles with tiny-skia.
//!
//! Shared TopoJSON arcs tell borders from coastlines: an arc used by two countries is a
//! border, an arc used by one is a coast. Each tile draws only the shapes whose bounding box
//! meets it, and drops points closer than half a pixel, so detail follows the zoom.

use std::sync::{Arc, OnceLock};

use serde::Deserialize;

use diplomap_core::view::{mercator_x, mercator_y};

/// The TopoJSON files, embedded: 1:110m for the whole world (below [`REGION_ZOOM`]),
/// 1:50m for regions, 1:10m from zoom [`DETAIL_ZOOM`] on.
const COUNTRIES_110M: &str = include_str!("../../../assets/basemap/countries-110m.json");
const COUNTRIES_50M: &str = include_str!("../../../assets/basemap/countries-50m.json");
const COUNTRIES_10M: &str = include_str!("../../../assets/basemap/countries-10m.json");

/// The zoom from which tiles are drawn from the 1:50m data.
pub const REGION_ZOOM: u8 = 3;
/// The zoom from which tiles are drawn from the 1:10m data.
pub const DETAIL_ZOOM: u8 = 6;

/// Lon/lat boxes, shared with the view arithmetic.
pub use diplomap_core::view::BBox as Bounds;

/// A stored point, lon and lat: single precision (a metre or two), which halves the
/// detailed world's 20 MB and is finer than the 1:10m data (tens of metres).
pub type Pt = (f32, f32);

/// A stored point in double precision, for arithmetic.
pub fn wide((lon, lat): Pt) -> (f64, f64) {
    (f64::from(lon), f64::from(lat))
}

/// Points kept in single precision.
fn narrow(points: Vec<(f64, f64)>) -> Vec<Pt> {
    let mut out: Vec<Pt> = points
        .into_iter()
        .map(|(lon, lat)| (lon as f32, lat as f32))
        .collect();
    out.shrink_to_fit();
    out
}

/// The box around a ring or line ([`Bounds::EMPTY`] for no points).
fn bounds_of(points: &[Pt]) -> Bounds {
    Bounds::around(points.iter().copied().map(wide)).unwrap_or(Bounds::EMPTY)
}

/// A country: its rings (lon, lat) and where its name goes.
#[derive(Debug, Clone)]
pub struct CountryShape {
    pub name: String,
    pub rings: Vec<Vec<Pt>>,
    /// The bounds of each ring, for culling without touching its points.
    pub ring_bounds: Vec<Bounds>,
    pub bounds: Bounds,
    /// Centroid of its largest ring, for the label.
    pub label_at: (f64, f64),
    /// Area of its largest ring in square degrees (for choosing labels by zoom).
    pub label_area: f64,
    /// Its polygons, as ranges of `rings`: the first ring of each is the outline, the
    /// others its holes.
    pub polygons: Vec<std::ops::Range<usize>>,
}

impl CountryShape {
    /// The country as triangles (lon, lat vertices and index triples), holes left out:
    /// for filling it with a colour in any renderer. A polygon that cannot be cut into
    /// triangles is left out.
    pub fn triangles(&self) -> (Vec<(f64, f64)>, Vec<u32>) {
        let mut vertices: Vec<(f64, f64)> = Vec::new();
        let mut indices: Vec<u32> = Vec::new();
        for poly in &self.polygons {
            let Some(rings) = self.rings.get(poly.clone()) else {
                continue;
            };
            let mut flat: Vec<f64> = Vec::new();
            let mut holes: Vec<usize> = Vec::new();
            for (k, r) in rings.iter().enumerate() {
                if k > 0 {
                    holes.push(flat.len() / 2);
                }
                for &p in r {
                    let (x, y) = wide(p);
                    flat.push(x);
                    flat.push(y);
                }
            }
            let Ok(tris) = earcutr::earcut(&flat, &holes, 2) else {
                continue;
            };
            let base = vertices.len();
            vertices.extend(flat.chunks_exact(2).filter_map(|c| match c {
                [x, y] => Some((*x, *y)),
                _ => None,
            }));
            indices.extend(
                tris.into_iter()
                    .filter_map(|i| u32::try_from(base + i).ok()),
            );
        }
        (vertices, indices)
    }
}

/// A line: a border between two countries or a stretch of coast.
#[derive(Debug, Clone)]
pub struct Line {
    pub points: Vec<Pt>,
    pub bounds: Bounds,
}

/// The world, ready to draw.
#[derive(Debug, Clone, Default)]
pub struct World {
    pub countries: Vec<CountryShape>,
    pub borders: Vec<Line>,
    pub coasts: Vec<Line>,
}

/// Why a TopoJSON document could not be read.
#[derive(Debug, thiserror::Error)]
pub enum TopoError {
    #[error("not TopoJSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("no \"{0}\" object in the TopoJSON")]
    MissingObject(String),
    #[error("arc index {0} out of range")]
    BadArc(i64),
}

#[derive(Deserialize)]
struct Topology {
    transform: Option<TopoTransform>,
    arcs: Vec<Vec<[f64; 2]>>,
    objects: std::collections::HashMap<String, TopoObject>,
}

#[derive(Deserialize)]
struct TopoTransform {
    scale: [f64; 2],
    translate: [f64; 2],
}

#[derive(Deserialize)]
struct TopoObject {
    #[serde(default)]
    geometries: Vec<TopoGeometry>,
}

#[derive(Deserialize)]
#[serde(tag = "type")]
enum TopoGeometry {
    Polygon {
        arcs: Vec<Vec<i64>>,
        #[serde(default)]
        properties: Properties,
    },
    MultiPolygon {
        arcs: Vec<Vec<Vec<i64>>>,
        #[serde(default)]
        properties: Properties,
    },
    #[serde(other)]
    Other,
}

#[derive(Deserialize, Default)]
struct Properties {
    #[serde(default)]
    name: String,
}

fn ring_area_centroid(ring: &[(f64, f64)]) -> (f64, (f64, f64)) {
    let mut a = 0.0;
    let (mut cx, mut cy) = (0.0, 0.0);
    for w in ring.windows(2) {
        if let [(x0, y0), (x1, y1)] = w {
            let cross = x0 * y1 - x1 * y0;
            a += cross;
            cx += (x0 + x1) * cross;
            cy += (y0 + y1) * cross;
        }
    }
    if a.abs() < 1e-12 {
        let b = Bounds::around(ring.iter().copied()).unwrap_or(Bounds::EMPTY);
        return (
            0.0,
            ((b.min_lon + b.max_lon) / 2.0, (b.min_lat + b.max_lat) / 2.0),
        );
    }
    (a.abs() / 2.0, (cx / (3.0 * a), cy / (3.0 * a)))
}

/// Makes a ring's longitudes continuous: a step of more than 180° across the antimeridian
/// becomes a step the short way round, so the ring may extend past ±180.
fn unwrap_lon(mut ring: Vec<(f64, f64)>) -> Vec<(f64, f64)> {
    let mut shift = 0.0;
    let mut prev: Option<f64> = None;
    for p in &mut ring {
        let raw = p.0;
        if let Some(prev) = prev {
            let d = raw - prev;
            if d > 180.0 {
                shift -= 360.0;
            } else if d < -180.0 {
                shift += 360.0;
            }
        }
        prev = Some(raw);
        p.0 = raw + shift;
    }
    ring
}

/// Whether a line segment is an artefact of the data's edges (the antimeridian cut, or the
/// clamped southern edge of Antarctica) rather than a real coast or border.
pub fn artificial(a: (f64, f64), b: (f64, f64)) -> bool {
    (a.0 - b.0).abs() > 180.0
        || (a.0.abs() >= 179.999 && b.0.abs() >= 179.999)
        || (a.1 <= -84.999 && b.1 <= -84.999)
}

/// One of the embedded worlds: the two smaller ones are kept for good, the detailed one
/// while views need it.
#[derive(Debug, Clone)]
pub enum WorldRef {
    Static(&'static World),
    Shared(Arc<World>),
}

impl std::ops::Deref for WorldRef {
    type Target = World;
    fn deref(&self) -> &World {
        match self {
            WorldRef::Static(w) => w,
            WorldRef::Shared(w) => w,
        }
    }
}

static WORLD_110M: OnceLock<World> = OnceLock::new();
static WORLD_50M: OnceLock<World> = OnceLock::new();
/// The 1:10m world while views need it: [`World::forget_detailed`] lets it go (11 MB).
static WORLD_10M: std::sync::Mutex<Option<Arc<World>>> = std::sync::Mutex::new(None);

fn parse_embedded(text: &str) -> World {
    match World::from_topojson(text, "countries") {
        Ok(w) => w,
        Err(e) => {
            // The embedded files are checked by tests; a plain background is the fallback.
            log::error!("embedded basemap: {e}");
            World::default()
        }
    }
}

impl World {
    /// The embedded 1:50m world, parsed on first use.
    pub fn embedded() -> &'static World {
        WORLD_50M.get_or_init(|| parse_embedded(COUNTRIES_50M))
    }

    /// The embedded 1:10m world, parsed on first use (and again after
    /// [`World::forget_detailed`]).
    pub fn detailed() -> Arc<World> {
        // (Held while parsing: a second thread asking waits for this parse.)
        let mut slot = match WORLD_10M.lock() {
            Ok(g) => g,
            Err(poisoned) => poisoned.into_inner(),
        };
        Arc::clone(slot.get_or_insert_with(|| Arc::new(parse_embedded(COUNTRIES_10M))))
    }

    /// Lets the 1:10m world go once no view needs it (tiles being drawn keep their copy);
    /// the next detailed view parses it again (~35 ms on a render thread). Never waits:
    /// while a render thread is parsing it, it stays (the caller is the UI thread).
    pub fn forget_detailed() -> bool {
        match WORLD_10M.try_lock() {
            Ok(mut g) => g.take().is_some(),
            Err(_) => false,
        }
    }

    /// The embedded 1:110m world, parsed on first use.
    pub fn coarse() -> &'static World {
        WORLD_110M.get_or_init(|| parse_embedded(COUNTRIES_110M))
    }

    /// The world to draw tiles of `zoom` from.
    pub fn for_zoom(zoom: u8) -> WorldRef {
        if zoom >= DETAIL_ZOOM {
            WorldRef::Shared(World::detailed())
        } else if zoom >= REGION_ZOOM {
            WorldRef::Static(World::embedded())
        } else {
            WorldRef::Static(World::coarse())
        }
    }

    /// The most detailed of the 1:50m and 1:110m worlds that a render thread has parsed
    /// already, for labels (so that the UI thread never waits for parsing).
    pub fn labels_if_ready() -> Option<&'static World> {
        WORLD_50M.get().or_else(|| WORLD_110M.get())
    }

    /// Reads the named GeometryCollection of a TopoJSON document.
    pub fn from_topojson(text: &str, object: &str) -> Result<World, TopoError> {
        let topo: Topology = serde_json::from_str(text)?;
        let (scale, translate) = match &topo.transform {
            Some(t) => (t.scale, t.translate),
            None => ([1.0, 1.0], [0.0, 0.0]),
        };
        let quantized = topo.transform.is_some();
        // Decode arcs to lon/lat.
        let arcs: Vec<Vec<(f64, f64)>> = topo
            .arcs
            .iter()
            .map(|arc| {
                let (mut x, mut y) = (0.0, 0.0);
                arc.iter()
                    .map(|[dx, dy]| {
                        if quantized {
                            x += dx;
                            y += dy;
                        } else {
                            x = *dx;
                            y = *dy;
                        }
                        (
                            x * scale[0] + translate[0],
                            (y * scale[1] + translate[1]).clamp(-85.0, 85.0),
                        )
                    })
                    .collect()
            })
            .collect();
        let obj = topo
            .objects
            .get(object)
            .ok_or_else(|| TopoError::MissingObject(object.to_owned()))?;
        let mut uses = vec![0u8; arcs.len()];
        let arc_index = |i: i64| -> Result<usize, TopoError> {
            let idx = if i < 0 { !i } else { i };
            usize::try_from(idx)
                .ok()
                .filter(|&k| k < arcs.len())
                .ok_or(TopoError::BadArc(i))
        };
        let ring = |ring_arcs: &[i64], uses: &mut Vec<u8>| -> Result<Vec<(f64, f64)>, TopoError> {
            let mut out: Vec<(f64, f64)> = Vec::new();
            for &a in ring_arcs {
                let k = arc_index(a)?;
                if let Some(u) = uses.get_mut(k) {
                    *u = u.saturating_add(1);
                }
                let pts = arcs.get(k).ok_or(TopoError::BadArc(a))?;
                let skip = usize::from(!out.is_empty());
                if a < 0 {
                    out.extend(pts.iter().rev().skip(skip));
                } else {
                    out.extend(pts.iter().skip(skip));
                }
            }
            Ok(out)
        };
        let mut countries = Vec::new();
        for g in &obj.geometries {
            let (polys, name): (Vec<&Vec<Vec<i64>>>, &str) = match g {
                TopoGeometry::Polygon { arcs, properties } => (vec![arcs], &properties.name),
                TopoGeometry::MultiPolygon { arcs, properties } => {
                    (arcs.iter().collect(), &properties.name)
                }
                TopoGeometry::Other => continue,
            };
            let mut rings = Vec::new();
            let mut polygons = Vec::new();
            let mut best = (0.0, (0.0, 0.0));
            for poly in polys {
                let start = rings.len();
                for (ri, r) in poly.iter().enumerate() {
                    let pts = unwrap_lon(ring(r, &mut uses)?);
                    if ri == 0 {
                        let (area, c) = ring_area_centroid(&pts);
                        if area > best.0 {
                            best = (area, c);
                        }
                    }
                    rings.push(narrow(pts));
                }
                polygons.push(start..rings.len());
            }
            let ring_bounds: Vec<Bounds> = rings.iter().map(|r| bounds_of(r)).collect();
            let bounds = ring_bounds
                .iter()
                .copied()
                .reduce(Bounds::union)
                .unwrap_or(Bounds::EMPTY);
            countries.push(CountryShape {
                name: name.to_owned(),
                rings,
                ring_bounds,
                bounds,
                label_at: best.1,
                label_area: best.0,
                polygons,
            });
        }
        let mut borders = Vec::new();
        let mut coasts = Vec::new();
        for (pts, n) in arcs.into_iter().zip(uses) {
            if n == 0 || pts.len() < 2 {
                continue;
            }
            let points = narrow(pts);
            let line = Line {
                bounds: bounds_of(&points),
                points,
            };
            if n >= 2 {
                borders.push(line);
            } else {
                coasts.push(line);
            }
        }
        Ok(World {
            countries,
            borders,
            coasts,
        })
    }

    /// Country labels worth showing at `zoom`: big countries first, small ones as you zoom.
    pub fn labels_at(&self, zoom: f64) -> impl Iterator<Item = &CountryShape> {
        // A country's largest ring must span about 2,000 square pixels to be labelled.
        let px_per_deg = 256.0 * 2f64.powf(zoom) / 360.0;
        let min_area = 2000.0 / (px_per_deg * px_per_deg);
        self.countries
            .iter()
            .filter(move |c| c.label_area >= min_area && !c.name.is_empty())
    }
}

mod render;
pub use render::{Style, TileKey, render_tile};

#[cfg(test)]
mod tests;
