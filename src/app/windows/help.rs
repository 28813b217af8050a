//! The keyboard shortcuts, read from the command table.

use egui::Ui;

use crate::app::actions::Action;

pub fn ui(ui: &mut Ui, ctx: &egui::Context) {
    egui::Grid::new("keys")
        .num_columns(2)
        .striped(true)
        .show(ui, |ui| {
            for a in Action::ALL {
                let Some(keys) = a.shortcut_text(ctx) else {
                    continue;
                };
                ui.strong(keys);
                ui.label(a.description());
                ui.end_row();
            }
            ui.strong("Mouse");
            ui.label("drag to pan, wheel to zoom, double-click to zoom in");
            ui.end_row();
        });
}
