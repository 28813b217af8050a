//! File → Open: a path field (or the system's dialog) for a Diplomap data file.

use std::path::PathBuf;

use egui::{Key, RichText, Ui};

use crate::app::command::{Command, FileCmd};

/// The Open window's path field.
#[derive(Debug, Clone, Default)]
pub struct OpenWindow {
    pub path: String,
    /// The path field takes the keyboard on the next frame (the window just opened).
    pub focus_path: bool,
}

impl OpenWindow {
    pub fn ui(&mut self, ui: &mut Ui, out: &mut Vec<Command>) {
        ui.label("A Diplomap data file (JSON), a table (.csv, .tsv, .txt) or GeoJSON with a country column and coordinates or a city. A table opens in a window that shows how its columns read. Files can also be dropped on the map.");
        ui.horizontal(|ui| {
            let l = ui.label("Path");
            let field = ui
                .add(
                    egui::TextEdit::singleline(&mut self.path)
                        .desired_width(360.0)
                        .hint_text("/path/to/missions.json"),
                )
                .labelled_by(l.id);
            if std::mem::take(&mut self.focus_path) {
                field.request_focus();
            }
        });
        if ui
            .button("Browse…")
            .on_hover_text("Choose a file with the system's file dialog")
            .clicked()
            && let Some(chosen) = rfd::FileDialog::new()
                .add_filter(
                    "Diplomap data, tables, GeoJSON",
                    &["json", "csv", "tsv", "txt", "geojson"],
                )
                .pick_file()
        {
            out.push(FileCmd::Open(chosen).into());
        }
        let ok = !self.path.trim().is_empty();
        if ui.add_enabled(ok, egui::Button::new("Open")).clicked()
            || ok && ui.input(|i| i.key_pressed(Key::Enter))
        {
            out.push(FileCmd::Open(PathBuf::from(self.path.trim())).into());
        }
        ui.label(
            RichText::new(
                "If the file has problems, they are listed and the current data stays loaded.",
            )
            .weak(),
        );
    }
}
