//! Import source list: read a list in the source's pipe-table format, see every problem
//! with its line, then show the missions or save them as a data file.

use std::path::{Path, PathBuf};

use egui::{RichText, Ui};

use super::{plural, problems_list};
use crate::app::command::{Command, FileCmd};
use crate::error::Problem;
use crate::import::ImportReport;
use crate::model::Dataset;

/// Why a list could not be imported at all.
#[derive(Debug, thiserror::Error)]
pub enum ImportFailure {
    #[error("{}: cannot read: {source}", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// Not text, or the built-in place overrides are broken.
    #[error(transparent)]
    Invalid(#[from] Problem),
}

/// What the import window shows: the list read, and what became of each row.
#[derive(Debug)]
pub struct ImportResult {
    pub source: PathBuf,
    pub strict: bool,
    pub sender: String,
    pub outcome: Result<ImportReport, ImportFailure>,
}

impl ImportResult {
    /// The missions to use: none in strict mode when any row had a problem.
    pub fn dataset(&self) -> Option<Dataset> {
        let report = self.outcome.as_ref().ok()?;
        if report.missions.is_empty() || (self.strict && !report.problems.is_empty()) {
            return None;
        }
        let name = self.source.file_name().map_or_else(
            || self.source.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        let mut ds = Dataset {
            name: format!("{} (imported from {name})", self.sender),
            source: format!(
                "Imported with Diplomap from {name}; coordinates from GeoNames (CC BY 4.0)."
            ),
            focus: (!self.sender.is_empty()).then(|| self.sender.as_str().into()),
            as_of: None,
            missions: report.missions.clone(),
        };
        ds.derive();
        Some(ds)
    }
}

/// Reads and geocodes a source list for the import window. Bad rows are reported and
/// skipped; in strict mode any problem means nothing is offered.
pub fn run_gui_import(path: &Path, sender: &str, strict: bool) -> ImportResult {
    let sender = sender.trim().to_owned();
    let name = path.display().to_string();
    let outcome = std::fs::read(path)
        .map_err(|source| ImportFailure::Read {
            path: path.to_owned(),
            source,
        })
        .and_then(|bytes| Ok(crate::data::decode_text(&name, bytes)?))
        .and_then(|text| {
            let geocoder = crate::gazetteer::Geocoder::embedded()?;
            Ok(crate::import::import(&name, &text, &sender, &geocoder))
        });
    ImportResult {
        source: path.to_owned(),
        strict,
        sender,
        outcome,
    }
}

/// The import window's fields and its last result.
#[derive(Debug)]
pub struct ImportWindow {
    pub path: String,
    pub sender: String,
    pub strict: bool,
    pub save_path: String,
    pub result: Option<ImportResult>,
}

impl Default for ImportWindow {
    fn default() -> Self {
        ImportWindow {
            path: String::new(),
            sender: "North Korea".to_owned(),
            strict: false,
            save_path: String::new(),
            result: None,
        }
    }
}

impl ImportWindow {
    pub fn ui(&mut self, ui: &mut Ui, out: &mut Vec<Command>) {
        ui.label("A list of missions in the source's table format: pipe tables with Host country, Host city, Mission and Ref. columns (and Year closed for closed missions).");
        ui.horizontal(|ui| {
            let l = ui.label("List");
            ui.add(
                egui::TextEdit::singleline(&mut self.path)
                    .desired_width(340.0)
                    .hint_text("/path/to/list.txt"),
            )
            .labelled_by(l.id);
            if ui
                .button("Browse…")
                .on_hover_text("Choose a file with the system's file dialog")
                .clicked()
                && let Some(chosen) = rfd::FileDialog::new().pick_file()
            {
                self.path = chosen.display().to_string();
            }
        });
        ui.horizontal(|ui| {
            let l = ui.label("Sending state");
            ui.add(egui::TextEdit::singleline(&mut self.sender).desired_width(200.0))
                .labelled_by(l.id);
        });
        ui.checkbox(
            &mut self.strict,
            "Strict: import nothing if any row has a problem",
        );
        let ok = !self.path.trim().is_empty();
        if ui.add_enabled(ok, egui::Button::new("Read list")).clicked() {
            out.push(
                FileCmd::RunImport {
                    path: PathBuf::from(self.path.trim()),
                    sender: self.sender.clone(),
                    strict: self.strict,
                }
                .into(),
            );
        }
        let Some(r) = &self.result else {
            return;
        };
        ui.separator();
        let report = match &r.outcome {
            Ok(report) => report,
            Err(e) => {
                ui.colored_label(ui.visuals().error_fg_color, e.to_string());
                return;
            }
        };
        let n = report.missions.len();
        let p = report.problems.len();
        ui.strong(format!(
            "{} read from {}; {} skipped.",
            plural(n, "mission", "missions"),
            plural(report.tables.len(), "table", "tables"),
            plural(p, "row", "rows"),
        ));
        for line in report.table_summary() {
            ui.label(RichText::new(line).weak());
        }
        let lines: Vec<String> = report.problems.iter().map(ToString::to_string).collect();
        problems_list(ui, "import-problems", &lines, 0);
        if r.strict && p > 0 {
            ui.colored_label(
                ui.visuals().warn_fg_color,
                "Strict mode: nothing was imported. Fix the rows above, or untick Strict to skip them.",
            );
            return;
        }
        if n == 0 {
            return;
        }
        ui.horizontal(|ui| {
            if ui.button(format!("Show these {n} missions")).clicked() {
                out.push(FileCmd::UseImport.into());
            }
            let l = ui.label("Data file");
            ui.add(
                egui::TextEdit::singleline(&mut self.save_path)
                    .desired_width(220.0)
                    .hint_text("/path/to/missions.json"),
            )
            .labelled_by(l.id);
            let ok = !self.save_path.trim().is_empty();
            if ui
                .add_enabled(ok, egui::Button::new("Save as data file"))
                .clicked()
            {
                out.push(FileCmd::SaveImport(PathBuf::from(self.save_path.trim())).into());
            }
        });
    }
}
