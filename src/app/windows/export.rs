//! Export current view: what the map shows, as GeoJSON or CSV, to a folder and file name
//! the window keeps while it is open.

use std::path::PathBuf;

use egui::{Key, Ui};

use super::{ViewCtx, path_rows, writes_line};
use crate::app::command::{Command, FileCmd};
use crate::app::state::UiState;
use crate::export::Format;

/// The Export window's fields.
#[derive(Debug, Clone, Default)]
pub struct ExportWindow {
    pub dir: String,
    pub name: String,
}

/// "diplomap-1998.geojson".
pub fn suggested_name(year: i32, format: Format) -> String {
    format!("diplomap-{year}.{}", format.extension())
}

impl ExportWindow {
    /// Fills empty fields from the state: the last folder, a name for the year.
    pub fn prepare(&mut self, state: &UiState) {
        if self.dir.is_empty() {
            self.dir.clone_from(&state.export_dir);
        }
        if self.name.is_empty() {
            self.name = suggested_name(state.year, state.export_format);
        }
    }

    pub fn path(&self) -> PathBuf {
        PathBuf::from(&self.dir).join(self.name.trim())
    }

    pub fn ui(&mut self, ui: &mut Ui, cx: &ViewCtx<'_>, out: &mut Vec<Command>) {
        let format = cx.state.export_format;
        ui.label(format!(
            "{}: those passing the filters in {}, with a \"timeline\" column for that year.",
            super::plural(cx.derived.shown, "mission", "missions"),
            cx.state.year
        ));
        ui.horizontal(|ui| {
            ui.label("Format");
            for f in [Format::GeoJson, Format::Csv] {
                let label = match f {
                    Format::GeoJson => "GeoJSON",
                    Format::Csv => "CSV",
                };
                if ui.radio(format == f, label).clicked() && format != f {
                    out.push(FileCmd::SetExportFormat(f).into());
                }
            }
        });
        egui::Grid::new("export-paths")
            .num_columns(2)
            .show(ui, |ui| path_rows(ui, &mut self.dir, &mut self.name));
        let path = self.path();
        if ui
            .button("Browse…")
            .on_hover_text("Choose where to save with the system's file dialog")
            .clicked()
        {
            let (name, ext) = match format {
                Format::GeoJson => ("GeoJSON", "geojson"),
                Format::Csv => ("CSV", "csv"),
            };
            // A modal system dialog; without a desktop portal it returns at once with
            // nothing, and the fields above do the job.
            if let Some(chosen) = rfd::FileDialog::new()
                .set_directory(&self.dir)
                .set_file_name(&self.name)
                .add_filter(name, &[ext])
                .save_file()
            {
                out.push(
                    FileCmd::Export {
                        format,
                        path: chosen,
                    }
                    .into(),
                );
            }
        }
        writes_line(ui, &path);
        let ok = !self.name.trim().is_empty();
        if ui.add_enabled(ok, egui::Button::new("Export")).clicked()
            || ok && ui.input(|i| i.key_pressed(Key::Enter))
        {
            out.push(FileCmd::Export { format, path }.into());
        }
    }
}
