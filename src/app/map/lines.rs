//! Accreditation lines: great circles from the selected mission to the capitals of the
//! countries it is accredited to, drawn under the markers.

use egui::{Color32, Pos2, Response, Stroke, Ui};
use walkers::{MapMemory, Plugin, Projector, lon_lat};

/// Draws the lines (lon, lat points, already along great circles).
pub struct AccreditationLines<'a> {
    pub lines: &'a [Vec<(f64, f64)>],
    pub dark: bool,
}

impl Plugin for AccreditationLines<'_> {
    fn run(self: Box<Self>, ui: &mut Ui, _: &Response, projector: &Projector, _: &MapMemory) {
        let color = if self.dark {
            Color32::from_rgba_unmultiplied(0xff, 0xd6, 0x0a, 200)
        } else {
            Color32::from_rgba_unmultiplied(0x1d, 0x3a, 0xd8, 200)
        };
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
