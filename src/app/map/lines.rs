//! Accreditation lines: great circles from the selected mission to the capitals of the
//! countries it is accredited to, drawn under the markers.

use egui::{Color32, Pos2, Response, Stroke, Ui};
use walkers::{MapMemory, Plugin, Projector, lon_lat};

/// The selected mission's accreditation lines' colour.
pub fn accreditation_color(dark: bool) -> Color32 {
    if dark {
        Color32::from_rgba_unmultiplied(0xff, 0xd6, 0x0a, 200)
    } else {
        Color32::from_rgba_unmultiplied(0x1d, 0x3a, 0xd8, 200)
    }
}

/// The ring around a mission that opened, and one that closed, between two years.
pub const CHANGE_OPENED: Color32 = Color32::from_rgb(0x1f, 0x77, 0xd4);
pub const CHANGE_CLOSED: Color32 = Color32::from_rgb(0xd6, 0x27, 0x28);

/// Draws the lines (lon, lat points, already along great circles).
pub struct AccreditationLines<'a> {
    pub lines: &'a [Vec<(f64, f64)>],
    pub dark: bool,
}

impl Plugin for AccreditationLines<'_> {
    fn run(self: Box<Self>, ui: &mut Ui, _: &Response, projector: &Projector, _: &MapMemory) {
        let color = accreditation_color(self.dark);
        let painter = ui.painter();
        let stroke = Stroke::new(1.8, color);
        for line in self.lines {
            let pts: Vec<Pos2> = line
                .iter()
                .map(|&(lon, lat)| projector.project(lon_lat(lon, lat)).to_pos2())
                .collect();
            if let Some(end) = pts.last() {
                painter.circle_filled(*end, 3.5, color);
            }
            painter.add(egui::Shape::line(pts, stroke));
        }
    }
}

/// Rings around the missions that opened (blue) or closed (red) between two years.
pub struct ChangeRings<'a> {
    pub missions: &'a [crate::model::Mission],
    pub marks: &'a crate::app::view_model::ChangeMarks,
}

impl Plugin for ChangeRings<'_> {
    fn run(self: Box<Self>, ui: &mut Ui, _: &Response, projector: &Projector, _: &MapMemory) {
        let painter = ui.painter();
        let clip = painter.clip_rect().expand(20.0);
        for (list, color) in [
            (&self.marks.opened, CHANGE_OPENED),
            (&self.marks.closed, CHANGE_CLOSED),
        ] {
            for m in list.iter().filter_map(|&(i, _)| self.missions.get(i)) {
                let at = projector.project(lon_lat(m.lon(), m.lat())).to_pos2();
                if clip.contains(at) {
                    painter.circle_stroke(at, 11.0, Stroke::new(2.5, color));
                }
            }
        }
    }
}

/// A country's fill, ready to project: its key (as [`crate::network::country_key`] makes
/// it), its box, and its triangles in lon/lat.
pub struct CountryFill {
    pub key: String,
    pub bounds: crate::basemap::Bounds,
    pub vertices: Vec<(f64, f64)>,
    pub indices: Vec<u32>,
}

fn fills_of(world: &crate::basemap::World) -> Vec<CountryFill> {
    let gaz = crate::gazetteer::Gazetteer::embedded();
    world
        .countries
        .iter()
        .map(|c| {
            let (vertices, indices) = c.triangles();
            CountryFill {
                key: crate::network::country_key(gaz, &c.name),
                bounds: c.bounds,
                vertices,
                indices,
            }
        })
        .collect()
}

/// The countries as triangles, made once per level of detail: the 1:110m world below
/// region zoom, the 1:50m one from there (so that the shading meets the coasts drawn).
pub fn country_fills(zoom: f64) -> &'static [CountryFill] {
    static COARSE: std::sync::OnceLock<Vec<CountryFill>> = std::sync::OnceLock::new();
    static FINE: std::sync::OnceLock<Vec<CountryFill>> = std::sync::OnceLock::new();
    if zoom < 4.0 {
        COARSE.get_or_init(|| fills_of(crate::basemap::World::coarse()))
    } else {
        FINE.get_or_init(|| fills_of(crate::basemap::World::embedded()))
    }
}

/// The colour a country gets on the coverage map.
pub fn coverage_color(c: crate::network::Coverage, dark: bool) -> Color32 {
    // Colours of their own (blue, and orange for "may be"), not the compare palette's.
    let [r, g, b] = [0x00, 0x72, 0xb2];
    match (c, dark) {
        (crate::network::Coverage::Resident, false) => {
            Color32::from_rgba_unmultiplied(r, g, b, 120)
        }
        (crate::network::Coverage::Resident, true) => {
            Color32::from_rgba_unmultiplied(0x56, 0xb4, 0xe9, 120)
        }
        (crate::network::Coverage::Accredited, false) => {
            Color32::from_rgba_unmultiplied(r, g, b, 45)
        }
        (crate::network::Coverage::Accredited, true) => {
            Color32::from_rgba_unmultiplied(0x56, 0xb4, 0xe9, 45)
        }
        // Another hue (the palette's orange), faint: told apart from both at a glance.
        (crate::network::Coverage::MayBeCovered, _) => {
            let [r, g, b] = [0xe6, 0x9f, 0x00];
            Color32::from_rgba_unmultiplied(r, g, b, 60)
        }
    }
}

/// Countries shaded by how one sender covers them, under the markers.
pub struct CoverageShading<'a> {
    pub coverage: &'a crate::app::view_model::CoverageMap,
    pub dark: bool,
}

impl Plugin for CoverageShading<'_> {
    fn run(self: Box<Self>, ui: &mut Ui, _: &Response, projector: &Projector, memory: &MapMemory) {
        let mut mesh = egui::Mesh::default();
        // The countries in view (with a margin), at the detail of the zoom.
        let view = view_bounds(projector, 50.0);
        for f in country_fills(memory.zoom()) {
            if !f.bounds.intersects(&view) {
                continue;
            }
            let Some(c) = self.coverage.countries.get(&f.key) else {
                continue;
            };
            let color = coverage_color(*c, self.dark);
            let base = u32::try_from(mesh.vertices.len()).unwrap_or(u32::MAX);
            for &(lon, lat) in &f.vertices {
                mesh.colored_vertex(projector.project(lon_lat(lon, lat)).to_pos2(), color);
            }
            mesh.indices
                .extend(f.indices.iter().map(|i| base.saturating_add(*i)));
        }
        ui.painter().add(egui::Shape::mesh(mesh));
    }
}

/// The accreditation lines of every shown mission of the compared senders, in each
/// sender's colour, culled to the view; drawn segment by segment, with no buffer made.
pub struct NetworkLines<'a> {
    pub lines: &'a [crate::app::view_model::NetworkLine],
}

impl Plugin for NetworkLines<'_> {
    fn run(self: Box<Self>, ui: &mut Ui, _: &Response, projector: &Projector, _: &MapMemory) {
        let painter = ui.painter();
        let view = view_bounds(projector, 0.0);
        for line in self.lines.iter().filter(|l| l.bounds.intersects(&view)) {
            let [r, g, b, _] = line.color;
            let stroke = Stroke::new(1.2, Color32::from_rgba_unmultiplied(r, g, b, 150));
            let mut prev: Option<Pos2> = None;
            for &(lon, lat) in &line.points {
                let p = projector.project(lon_lat(lon, lat)).to_pos2();
                if let Some(q) = prev {
                    painter.line_segment([q, p], stroke);
                }
                prev = Some(p);
            }
        }
    }
}

/// The key ([`crate::network::country_key`]) of the country at (lon, lat), by the 1:50m
/// countries' triangles.
pub fn country_at(lon: f64, lat: f64) -> Option<&'static str> {
    let inside = |a: (f64, f64), b: (f64, f64), c: (f64, f64)| {
        let side =
            |p: (f64, f64), q: (f64, f64)| (q.0 - p.0) * (lat - p.1) - (q.1 - p.1) * (lon - p.0);
        let (d1, d2, d3) = (side(a, b), side(b, c), side(c, a));
        let neg = d1 < 0.0 || d2 < 0.0 || d3 < 0.0;
        let pos = d1 > 0.0 || d2 > 0.0 || d3 > 0.0;
        !(neg && pos)
    };
    country_fills(5.0)
        .iter()
        .filter(|f| {
            f.bounds.min_lon <= lon
                && lon <= f.bounds.max_lon
                && f.bounds.min_lat <= lat
                && lat <= f.bounds.max_lat
        })
        .find(|f| {
            f.indices.chunks_exact(3).any(|t| {
                let v = |k: &u32| f.vertices.get(*k as usize).copied();
                match t {
                    [a, b, c] => match (v(a), v(b), v(c)) {
                        (Some(a), Some(b), Some(c)) => inside(a, b, c),
                        _ => false,
                    },
                    _ => false,
                }
            })
        })
        .map(|f| f.key.as_str())
}

/// The lon/lat box the map shows, with `margin` points around it.
fn view_bounds(projector: &Projector, margin: f32) -> crate::view::BBox {
    let rect = projector.clip_rect().expand(margin);
    let a = projector.unproject(rect.left_top().to_vec2());
    let b = projector.unproject(rect.right_bottom().to_vec2());
    crate::view::BBox {
        min_lon: a.x().min(b.x()),
        max_lon: a.x().max(b.x()),
        min_lat: a.y().min(b.y()),
        max_lat: a.y().max(b.y()),
    }
}
