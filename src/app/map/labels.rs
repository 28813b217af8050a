//! Country and city names over the embedded basemap.

use egui::{Color32, Rect, Response, Ui, vec2};
use walkers::{MapMemory, Plugin, Projector, lon_lat};

use crate::app::style;

/// Country names over the basemap, big countries first, and from region zoom on the
/// gazetteer's cities, most populous first; labels never overlap.
pub struct CountryLabels {
    pub dark: bool,
    /// Where mission markers stand (lon, lat): city labels keep clear of them.
    pub avoid: Vec<(f64, f64)>,
}

impl Plugin for CountryLabels {
    fn run(
        self: Box<Self>,
        ui: &mut Ui,
        _response: &Response,
        projector: &Projector,
        _memory: &MapMemory,
    ) {
        let zoom = projector.zoom();
        if zoom < 1.5 {
            return;
        }
        // Labels wait until a render thread has parsed the basemap.
        let Some(world) = crate::basemap::World::labels_if_ready() else {
            return;
        };
        let mut labels: Vec<&crate::basemap::CountryShape> = world.labels_at(zoom).collect();
        labels.sort_by(|a, b| b.label_area.total_cmp(&a.label_area));
        let painter = ui.painter();
        let clip = projector.clip_rect();
        let (text_color, halo) = if self.dark {
            (
                Color32::from_rgb(0x9a, 0x9e, 0xa3),
                Color32::from_rgb(0x2b, 0x2f, 0x33),
            )
        } else {
            (
                Color32::from_rgb(0x7c, 0x72, 0x68),
                Color32::from_rgb(0xf4, 0xf1, 0xea),
            )
        };
        let size = if zoom < 3.0 { 10.0 } else { 11.5 };
        let mut placed: Vec<Rect> = Vec::new();
        for c in labels.into_iter().take(300) {
            let at = projector
                .project(lon_lat(c.label_at.0, c.label_at.1))
                .to_pos2();
            if !clip.contains(at) {
                continue;
            }
            let galley = painter.layout_no_wrap(
                c.name.clone(),
                egui::FontId::proportional(size),
                text_color,
            );
            let r = Rect::from_center_size(at, galley.size() + vec2(6.0, 2.0));
            if !clip.contains_rect(r) || placed.iter().any(|p| p.intersects(r)) {
                continue;
            }
            placed.push(r);
            style::halo_text(painter, r.min + vec2(3.0, 1.0), galley, text_color, halo);
        }
        // From region zoom on, the gazetteer's cities: the most populous first.
        let Some(gaz) = crate::gazetteer::Gazetteer::embedded_if_ready() else {
            return;
        };
        if zoom < 5.0 {
            return;
        }
        let min_pop: u64 = match zoom {
            z if z < 6.0 => 1_000_000,
            z if z < 7.0 => 300_000,
            z if z < 8.0 => 100_000,
            _ => 0,
        };
        let nw = projector.unproject(clip.left_top().to_vec2());
        let se = projector.unproject(clip.right_bottom().to_vec2());
        let (lon0, lon1) = (nw.x().min(se.x()), nw.x().max(se.x()));
        let (lat0, lat1) = (se.y().min(nw.y()), se.y().max(nw.y()));
        let mut cities: Vec<&crate::gazetteer::City> = gaz
            .cities()
            .iter()
            .filter(|c| {
                c.population >= min_pop
                    && (lon0..=lon1).contains(&c.lon)
                    && (lat0..=lat1).contains(&c.lat)
            })
            .collect();
        cities.sort_by_key(|c| std::cmp::Reverse(c.population));
        let dot = if self.dark {
            Color32::from_gray(150)
        } else {
            Color32::from_gray(110)
        };
        // A marker and its city name take about this much room.
        for &(lon, lat) in &self.avoid {
            let at = projector.project(lon_lat(lon, lat)).to_pos2();
            if clip.contains(at) {
                placed.push(Rect::from_min_max(
                    at - vec2(12.0, 12.0),
                    at + vec2(95.0, 12.0),
                ));
            }
        }
        for c in cities.into_iter().take(150) {
            let at = projector.project(lon_lat(c.lon, c.lat)).to_pos2();
            let galley = painter.layout_no_wrap(
                c.name.clone(),
                egui::FontId::proportional(10.5),
                text_color,
            );
            let r = Rect::from_min_size(at + vec2(4.0, -galley.size().y / 2.0), galley.size());
            let footprint = r
                .union(Rect::from_center_size(at, vec2(6.0, 6.0)))
                .expand(2.0);
            if !clip.contains_rect(footprint) || placed.iter().any(|p| p.intersects(footprint)) {
                continue;
            }
            placed.push(footprint);
            painter.circle_filled(at, 2.0, dot);
            style::halo_text(painter, r.min, galley, text_color, halo);
        }
    }
}
