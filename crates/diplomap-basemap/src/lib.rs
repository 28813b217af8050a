//! The embedded world basemap: Natural Earth 1:50m countries (public domain), from the
//! `world-atlas` TopoJSON, rendered to Web Mercator tiles with tiny-skia.
//!
//! Shared TopoJSON arcs tell borders from coastlines: an arc used by two countries is a
//! border, an arc used by one is a coast. Each tile draws only the shapes whose bounding box
//! meets it, and drops points closer than half a pixel, so detail follows the zoom.

use std::sync::OnceLock;

use serde::Deserialize;
use tiny_skia::{
    Color, FillRule, LineCap, LineJoin, Paint, PathBuilder, Pixmap, Stroke, Transform,
};

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

/// The box around a ring or line ([`Bounds::EMPTY`] for no points).
fn bounds_of(points: &[(f64, f64)]) -> Bounds {
    Bounds::around(points.iter().copied()).unwrap_or(Bounds::EMPTY)
}

/// A country: its rings (lon, lat) and where its name goes.
#[derive(Debug, Clone)]
pub struct CountryShape {
    pub name: String,
    pub rings: Vec<Vec<(f64, f64)>>,
    /// The bounds of each ring, for culling without touching its points.
    pub ring_bounds: Vec<Bounds>,
    pub bounds: Bounds,
    /// Centroid of its largest ring, for the label.
    pub label_at: (f64, f64),
    /// Area of its largest ring in square degrees (for choosing labels by zoom).
    pub label_area: f64,
}

/// A line: a border between two countries or a stretch of coast.
#[derive(Debug, Clone)]
pub struct Line {
    pub points: Vec<(f64, f64)>,
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
        let b = bounds_of(ring);
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
fn artificial(a: (f64, f64), b: (f64, f64)) -> bool {
    (a.0 - b.0).abs() > 180.0
        || (a.0.abs() >= 179.999 && b.0.abs() >= 179.999)
        || (a.1 <= -84.999 && b.1 <= -84.999)
}

static WORLD_110M: OnceLock<World> = OnceLock::new();
static WORLD_50M: OnceLock<World> = OnceLock::new();
static WORLD_10M: OnceLock<World> = OnceLock::new();

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

    /// The embedded 1:10m world, parsed on first use.
    pub fn detailed() -> &'static World {
        WORLD_10M.get_or_init(|| parse_embedded(COUNTRIES_10M))
    }

    /// The embedded 1:110m world, parsed on first use.
    pub fn coarse() -> &'static World {
        WORLD_110M.get_or_init(|| parse_embedded(COUNTRIES_110M))
    }

    /// The world to draw tiles of `zoom` from.
    pub fn for_zoom(zoom: u8) -> &'static World {
        if zoom >= DETAIL_ZOOM {
            World::detailed()
        } else if zoom >= REGION_ZOOM {
            World::embedded()
        } else {
            World::coarse()
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
            let mut best = (0.0, (0.0, 0.0));
            for poly in polys {
                for (ri, r) in poly.iter().enumerate() {
                    let pts = unwrap_lon(ring(r, &mut uses)?);
                    if ri == 0 {
                        let (area, c) = ring_area_centroid(&pts);
                        if area > best.0 {
                            best = (area, c);
                        }
                    }
                    rings.push(pts);
                }
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
            });
        }
        let mut borders = Vec::new();
        let mut coasts = Vec::new();
        for (pts, n) in arcs.into_iter().zip(uses) {
            if n == 0 || pts.len() < 2 {
                continue;
            }
            let line = Line {
                bounds: bounds_of(&pts),
                points: pts,
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

/// Colours of the basemap.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Style {
    pub water: [u8; 3],
    pub land: [u8; 3],
    pub border: [u8; 4],
    pub coast: [u8; 4],
}

impl Style {
    pub const LIGHT: Style = Style {
        water: [0xd4, 0xe4, 0xee],
        land: [0xf4, 0xf1, 0xea],
        border: [0xa8, 0x9f, 0x9a, 0xff],
        coast: [0x8f, 0xae, 0xc2, 0xff],
    };
    pub const DARK: Style = Style {
        water: [0x16, 0x1e, 0x27],
        land: [0x2b, 0x2f, 0x33],
        border: [0x5d, 0x5f, 0x63, 0xff],
        coast: [0x3d, 0x55, 0x68, 0xff],
    };
}

/// A Web Mercator tile: zoom, column, row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TileKey {
    pub zoom: u8,
    pub x: u32,
    pub y: u32,
}

impl TileKey {
    /// The tile's lon/lat bounds, with a margin of `margin` tiles.
    pub fn bounds(&self, margin: f64) -> Bounds {
        let n = 2f64.powi(i32::from(self.zoom));
        let lon = |x: f64| x / n * 360.0 - 180.0;
        let lat = |y: f64| diplomap_core::view::inverse_mercator_y(y / n);
        let (x, y) = (f64::from(self.x), f64::from(self.y));
        Bounds {
            min_lon: lon(x - margin),
            max_lon: lon(x + 1.0 + margin),
            min_lat: lat(y + 1.0 + margin),
            max_lat: lat(y - margin),
        }
    }
}

/// Renders one tile of `size`×`size` pixels. `None` only if `size` is 0.
pub fn render_tile(world: &World, key: TileKey, size: u32, style: &Style) -> Option<Pixmap> {
    let mut pm = Pixmap::new(size, size)?;
    let [r, g, b] = style.water;
    pm.fill(Color::from_rgba8(r, g, b, 255));
    let n = 2f64.powi(i32::from(key.zoom));
    let s = f64::from(size);
    let (ox, oy) = (f64::from(key.x), f64::from(key.y));
    let project = |(lon, lat): (f64, f64)| -> (f32, f32) {
        (
            ((mercator_x(lon) * n - ox) * s) as f32,
            ((mercator_y(lat) * n - oy) * s) as f32,
        )
    };
    let tile_bounds = key.bounds(0.02);
    // Points closer than this (pixels) are dropped: the per-zoom simplification.
    let min_step = 0.6f32;
    // `dlon` shifts the shape by a whole turn, for rings that cross the antimeridian.
    let add_path = |pb: &mut PathBuilder, pts: &[(f64, f64)], close: bool, dlon: f64| {
        let mut last: Option<(f32, f32)> = None;
        let mut prev: Option<(f64, f64)> = None;
        let count = pts.len();
        for (i, &p) in pts.iter().enumerate() {
            let (x, y) = project((p.0 + dlon, p.1));
            let cut = !close && prev.is_some_and(|q| artificial(q, p));
            prev = Some(p);
            match last {
                Some(_) if cut => pb.move_to(x, y),
                None => pb.move_to(x, y),
                Some((lx, ly)) => {
                    let far = (x - lx).abs() + (y - ly).abs() >= min_step;
                    if far || i + 1 == count {
                        pb.line_to(x, y);
                    } else {
                        continue;
                    }
                }
            }
            last = Some((x, y));
        }
        if close {
            pb.close();
        }
    };

    let mut land = PathBuilder::new();
    for c in &world.countries {
        for (ring, b) in c.rings.iter().zip(&c.ring_bounds) {
            if ring.len() < 3 {
                continue;
            }
            for dlon in [0.0, -360.0, 360.0] {
                let shifted = Bounds {
                    min_lon: b.min_lon + dlon,
                    max_lon: b.max_lon + dlon,
                    ..*b
                };
                if shifted.intersects(&tile_bounds) {
                    add_path(&mut land, ring, true, dlon);
                }
            }
        }
    }
    let mut paint = Paint {
        anti_alias: true,
        ..Paint::default()
    };
    if let Some(path) = land.finish() {
        let [r, g, b] = style.land;
        paint.set_color_rgba8(r, g, b, 255);
        pm.fill_path(
            &path,
            &paint,
            FillRule::EvenOdd,
            Transform::identity(),
            None,
        );
    }
    let scale = s as f32 / 256.0;
    let zoom_w = (0.5 + f32::from(key.zoom) * 0.12).min(1.6);
    let lines = [
        (&world.coasts, style.coast, zoom_w * 0.9),
        (&world.borders, style.border, zoom_w),
    ];
    for (set, color, width) in lines {
        let mut pb = PathBuilder::new();
        for l in set.iter().filter(|l| l.bounds.intersects(&tile_bounds)) {
            add_path(&mut pb, &l.points, false, 0.0);
        }
        if let Some(path) = pb.finish() {
            let [r, g, b, a] = color;
            paint.set_color_rgba8(r, g, b, a);
            let stroke = Stroke {
                width: width * scale,
                line_cap: LineCap::Round,
                line_join: LineJoin::Round,
                ..Stroke::default()
            };
            pm.stroke_path(&path, &paint, &stroke, Transform::identity(), None);
        }
    }
    Some(pm)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pixel(pm: &Pixmap, x: u32, y: u32) -> [u8; 3] {
        let p = pm.pixel(x, y).map(|p| p.demultiply());
        p.map_or([0, 0, 0], |c| [c.red(), c.green(), c.blue()])
    }

    #[test]
    fn the_embedded_world_has_countries_borders_and_coasts() {
        let w = World::embedded();
        assert!(w.countries.len() > 200, "{}", w.countries.len());
        assert!(!w.borders.is_empty() && !w.coasts.is_empty());
        let spain = w
            .countries
            .iter()
            .find(|c| c.name == "Spain")
            .expect("Spain");
        let (lon, lat) = spain.label_at;
        assert!(
            (-9.0..3.0).contains(&lon) && (36.0..44.0).contains(&lat),
            "{lon} {lat}"
        );
    }

    #[test]
    fn land_and_water_land_where_they_should() {
        let w = World::embedded();
        let pm = render_tile(
            w,
            TileKey {
                zoom: 0,
                x: 0,
                y: 0,
            },
            512,
            &Style::LIGHT,
        )
        .expect("tile");
        let project = |lon: f64, lat: f64| {
            (
                (mercator_x(lon) * 512.0) as u32,
                (mercator_y(lat) * 512.0) as u32,
            )
        };
        // The middle of the Pacific is water; the Sahara, Siberia, the Amazon and the
        // Australian outback are land.
        for (lon, lat) in [(-150.0, 0.0), (-170.0, 75.0), (0.0, -60.0)] {
            let (x, y) = project(lon, lat);
            assert_eq!(pixel(&pm, x, y), Style::LIGHT.water, "{lon} {lat}");
        }
        for (lon, lat) in [(2.0, 27.0), (100.0, 62.0), (-60.0, -8.0), (135.0, -25.0)] {
            let (x, y) = project(lon, lat);
            assert_eq!(pixel(&pm, x, y), Style::LIGHT.land, "{lon} {lat}");
        }
    }

    #[test]
    fn land_across_the_antimeridian_is_drawn() {
        // Chukotka, Russia's land west of 180°, in a zoom-4 tile at the map's left edge.
        let w = World::embedded();
        let key = TileKey {
            zoom: 4,
            x: 0,
            y: 3,
        };
        let pm = render_tile(w, key, 512, &Style::LIGHT).expect("tile");
        let x = ((mercator_x(-176.0) * 16.0 - 0.0) * 512.0) as u32;
        let y = ((mercator_y(67.0) * 16.0 - 3.0) * 512.0) as u32;
        assert_eq!(pixel(&pm, x, y), Style::LIGHT.land);
        // And no band of land runs across the Arctic Ocean at the cut.
        let y = ((mercator_y(72.5) * 16.0 - 3.0) * 512.0) as u32;
        let x = ((mercator_x(-165.0) * 16.0) * 512.0) as u32;
        assert_eq!(pixel(&pm, x, y), Style::LIGHT.water);
    }

    #[test]
    fn zoomed_tiles_render_and_ocean_tiles_are_plain() {
        let w = World::embedded();
        // Zoom 10 around Geneva: land, with a border nearby.
        let key = TileKey {
            zoom: 10,
            x: 529,
            y: 360,
        };
        let pm = render_tile(World::for_zoom(10), key, 512, &Style::DARK).expect("tile");
        assert_eq!(pm.width(), 512);
        let land = (0..512)
            .step_by(16)
            .any(|x| pixel(&pm, x, 256) == Style::DARK.land);
        assert!(land);
        // Mid-Pacific at zoom 6: all water.
        let pm = render_tile(
            w,
            TileKey {
                zoom: 6,
                x: 2,
                y: 30,
            },
            256,
            &Style::DARK,
        )
        .expect("tile");
        assert!(
            (0..256)
                .step_by(32)
                .all(|x| pixel(&pm, x, x) == Style::DARK.water)
        );
    }

    #[test]
    fn the_detailed_world_has_more_points_than_the_coarse_one() {
        let points = |w: &World| w.coasts.iter().map(|l| l.points.len()).sum::<usize>();
        let (coarse, fine) = (World::embedded(), World::detailed());
        assert!(
            points(fine) > 3 * points(coarse),
            "{} {}",
            points(fine),
            points(coarse)
        );
        assert!(std::ptr::eq(World::for_zoom(10), fine));
        assert!(std::ptr::eq(World::for_zoom(3), coarse));
        assert!(std::ptr::eq(World::for_zoom(1), World::coarse()));
        assert!(World::coarse().countries.len() > 150);
    }

    #[test]
    fn labels_thin_out_at_low_zoom() {
        let w = World::embedded();
        let at2 = w.labels_at(2.0).count();
        let at5 = w.labels_at(5.0).count();
        assert!(at2 < at5, "{at2} {at5}");
        assert!(w.labels_at(2.0).any(|c| c.name == "Russia"));
        assert!(!w.labels_at(2.0).any(|c| c.name == "Luxembourg"));
    }

    #[test]
    fn bad_topojson_is_an_error() {
        assert!(World::from_topojson("{}", "countries").is_err());
        let t = r#"{"type":"Topology","arcs":[[[0,0],[1,1]]],"objects":{"countries":{"type":"GeometryCollection","geometries":[{"type":"Polygon","arcs":[[5]]}]}}}"#;
        assert!(matches!(
            World::from_topojson(t, "countries"),
            Err(TopoError::BadArc(5))
        ));
        assert!(matches!(
            World::from_topojson(t, "land"),
            Err(TopoError::MissingObject(_))
        ));
    }

    #[test]
    fn tile_bounds_are_right() {
        let b = TileKey {
            zoom: 1,
            x: 1,
            y: 0,
        }
        .bounds(0.0);
        assert!((b.min_lon - 0.0).abs() < 1e-9 && (b.max_lon - 180.0).abs() < 1e-9);
        assert!((b.min_lat - 0.0).abs() < 1e-9 && b.max_lat > 85.0);
    }
}
