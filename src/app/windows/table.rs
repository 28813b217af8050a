//! Opening a table (CSV, TSV, GeoJSON): which column holds what, with a preview of the
//! first rows and how each reads with the columns chosen, a Strict box, and after opening
//! the rows that were left out.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, TryRecvError, channel};
use std::time::{Duration, Instant};

use egui::{RichText, Ui};

use super::{plural, problems_list};
use crate::app::command::{Command, FileCmd};
use crate::app::loading::loads_in_background;
use crate::data::{FileKind, OpenOptions};
use crate::error::Problem;
use crate::gazetteer::Geocoder;
use crate::tabular::{self, Columns, Field, Mapping, Preview};

/// Rows shown in the preview.
const PREVIEW_ROWS: usize = 8;

/// What the last open of the table gave.
#[derive(Debug, Clone, Default)]
pub struct TableReport {
    /// Missions opened; none when nothing was (refused, or strict).
    pub opened: Option<usize>,
    /// The problems, as shown.
    pub lines: Vec<String>,
    /// Rows left out beyond those listed.
    pub more: usize,
    pub skipped_rows: usize,
    pub warnings: Vec<String>,
}

impl TableReport {
    /// From a table that opened, keeping its good rows.
    pub fn opened(
        n: usize,
        skipped: &[Problem],
        skipped_rows: usize,
        warnings: &[Problem],
    ) -> Self {
        TableReport {
            opened: Some(n),
            lines: skipped.iter().map(ToString::to_string).collect(),
            more: skipped_rows.saturating_sub(skipped.len()),
            skipped_rows,
            warnings: warnings.iter().map(ToString::to_string).collect(),
        }
    }

    /// From a table that did not open: every reason.
    pub fn refused(problems: Vec<String>) -> Self {
        TableReport {
            opened: None,
            skipped_rows: problems.len(),
            lines: problems,
            ..TableReport::default()
        }
    }
}

/// A preview being read on a worker thread.
#[derive(Debug)]
struct Reading {
    preview: Receiver<Result<Preview, String>>,
    /// The remembered columns, to lay over the preview.
    remembered: Option<Mapping>,
    since: Instant,
}

/// The first rows of the table at `path`, or why they cannot be read.
fn read_preview(path: &Path) -> Result<Preview, String> {
    let file = path.display().to_string();
    std::fs::File::open(path)
        .map_err(|e| format!("{file}: cannot read: {e}"))
        .and_then(|f| {
            let geojson = FileKind::of(path) == FileKind::GeoJson;
            tabular::preview(&file, f, geojson, PREVIEW_ROWS).map_err(|p| p.to_string())
        })
}

/// The table window's state.
#[derive(Debug, Default)]
pub struct TableWindow {
    pub path: PathBuf,
    /// The preview being read on a worker thread (a big file).
    reading: Option<Reading>,
    preview: Preview,
    columns: Columns,
    /// How each preview row reads with the columns chosen.
    readings: Vec<String>,
    pub strict: bool,
    /// Why the preview could not be made.
    error: Option<String>,
    pub report: Option<TableReport>,
    /// A preview read on the worker is left waiting while set
    /// ([`crate::app::DiplomapApp::hold_background_loads`], for tests).
    pub(crate) hold: bool,
}

impl TableWindow {
    /// Reads the first rows of `path` and sets the columns: the remembered mapping laid
    /// over what detection finds. A big file is read on a worker thread (the window says
    /// so meanwhile), as big data files load: finding every column of a GeoJSON file means
    /// reading all of it.
    pub fn prepare(&mut self, path: &Path, remembered: Option<&Mapping>, strict: bool) {
        *self = TableWindow {
            path: path.to_owned(),
            strict,
            ..TableWindow::default()
        };
        if loads_in_background(path) {
            let (tx, rx) = channel();
            let worker_path = path.to_owned();
            let spawned = std::thread::Builder::new()
                .name("diplomap-preview".into())
                .spawn(move || {
                    // The window may have moved on to another file: then nobody listens.
                    let _ = tx.send(read_preview(&worker_path));
                });
            match spawned {
                Ok(_) => {
                    self.reading = Some(Reading {
                        preview: rx,
                        remembered: remembered.cloned(),
                        since: Instant::now(),
                    });
                    return;
                }
                // No thread to be had: read it here, as a small file is.
                Err(e) => log::warn!(
                    "no thread to read the preview of {} ({e}); reading it at once",
                    path.display()
                ),
            }
        }
        self.show_preview(read_preview(path), remembered);
    }

    /// Takes the preview when the worker has it.
    fn poll(&mut self, ctx: &egui::Context) {
        if self.hold && self.reading.is_some() {
            ctx.request_repaint_after(Duration::from_millis(100));
            return;
        }
        let Some(reading) = self.reading.take() else {
            return;
        };
        match reading.preview.try_recv() {
            Ok(preview) => self.show_preview(preview, reading.remembered.as_ref()),
            Err(TryRecvError::Empty) => {
                ctx.request_repaint_after(Duration::from_millis(100));
                self.reading = Some(reading);
            }
            Err(TryRecvError::Disconnected) => {
                let file = self.path.display();
                self.error = Some(format!("{file}: the preview could not be read"));
            }
        }
    }

    fn show_preview(&mut self, preview: Result<Preview, String>, remembered: Option<&Mapping>) {
        match preview {
            Ok(p) => {
                let header = p.header.clone();
                self.preview = p;
                self.columns = remembered
                    .and_then(|m| Columns::with_mapping(&header, m).ok())
                    .unwrap_or_else(|| Columns::detect(&header));
                self.reread();
            }
            Err(e) => self.error = Some(e),
        }
    }

    /// The mapping the window's choices make.
    pub fn mapping(&self) -> Mapping {
        self.columns.to_mapping(&self.preview.header)
    }

    /// How the preview rows read with the columns chosen.
    fn reread(&mut self) {
        let Ok(geo) = Geocoder::embedded() else {
            self.readings = vec!["The gazetteer is broken; rows cannot be read.".to_owned()];
            return;
        };
        let t = tabular::read("preview", &self.preview.text, &geo, &self.mapping());
        let mut readings: Vec<(usize, String)> = t
            .problems
            .iter()
            .map(|p| {
                let field = p.field.as_ref().map_or(String::new(), |f| format!("{f}: "));
                (p.line, format!("{field}{}", p.message))
            })
            .collect();
        for (k, m) in t.dataset.missions.iter().enumerate() {
            // The missions come in row order, around the problems.
            let line = (2..)
                .filter(|l| !t.problems.iter().any(|p| p.line == *l))
                .nth(k)
                .unwrap_or(0);
            let years = match (m.opened, m.closure.year()) {
                (Some(o), Some(c)) => format!(", {o}–{c}"),
                (Some(o), None) => format!(", opened {o}"),
                (None, Some(c)) => format!(", closed {c}"),
                (None, None) => String::new(),
            };
            readings.push((
                line,
                format!(
                    "{} of {} in {}, {} ({:.4}, {:.4}; {}){years}",
                    m.kind_word(),
                    m.sending_state,
                    m.city,
                    m.country,
                    m.lat(),
                    m.lon(),
                    m.precision.as_str()
                ),
            ));
        }
        readings.sort_by_key(|(l, _)| *l);
        self.readings = readings
            .into_iter()
            .map(|(l, r)| {
                if l >= 2 {
                    format!("Row {}: {r}", l - 1)
                } else {
                    r
                }
            })
            .collect();
    }

    pub fn ui(&mut self, ui: &mut Ui, out: &mut Vec<Command>) {
        self.poll(ui.ctx());
        ui.label(RichText::new(self.path.display().to_string()).monospace());
        if let Some(e) = &self.error {
            ui.colored_label(ui.visuals().error_fg_color, e);
            return;
        }
        if let Some(r) = &self.reading {
            ui.label(format!(
                "Reading the first rows and the names of the columns… {} s",
                r.since.elapsed().as_secs()
            ));
        } else {
            self.choices(ui, out);
        }
        self.report_ui(ui);
    }

    /// The columns, the preview, Strict and the buttons.
    fn choices(&mut self, ui: &mut Ui, out: &mut Vec<Command>) {
        let mut changed = false;
        egui::CollapsingHeader::new("Columns")
            .default_open(true)
            .show(ui, |ui| {
                egui::Grid::new("table-columns")
                    .num_columns(4)
                    .striped(true)
                    .show(ui, |ui| {
                        for (k, f) in Field::COMMON.into_iter().enumerate() {
                            changed |= self.column_choice(ui, f);
                            if k % 2 == 1 {
                                ui.end_row();
                            }
                        }
                    });
                egui::CollapsingHeader::new("More columns").show(ui, |ui| {
                    egui::Grid::new("table-more-columns")
                        .num_columns(4)
                        .show(ui, |ui| {
                            let more = Field::ALL
                                .into_iter()
                                .filter(|f| !Field::COMMON.contains(f));
                            for (k, f) in more.enumerate() {
                                changed |= self.column_choice(ui, f);
                                if k % 2 == 1 {
                                    ui.end_row();
                                }
                            }
                        });
                });
            });
        if changed {
            self.reread();
        }
        egui::CollapsingHeader::new(format!(
            "Preview: the first {} rows",
            self.preview.rows.len()
        ))
        .default_open(true)
        .show(ui, |ui| {
            egui::ScrollArea::horizontal()
                .id_salt("table-preview")
                .show(ui, |ui| self.preview_grid(ui));
            ui.add_space(4.0);
            ui.label(RichText::new("Read with these columns").strong());
            for r in &self.readings {
                ui.label(RichText::new(r).small());
            }
        });
        ui.checkbox(
            &mut self.strict,
            "Strict: open nothing if any row has a problem",
        )
        .on_hover_text("Otherwise the good rows open and the others are listed here");
        ui.horizontal(|ui| {
            if ui
                .button("Open")
                .on_hover_text("Open the whole table with these columns")
                .clicked()
            {
                out.push(
                    FileCmd::OpenTable {
                        path: self.path.clone(),
                        open: OpenOptions {
                            mapping: self.mapping(),
                            strict: self.strict,
                        },
                    }
                    .into(),
                );
            }
            if ui
                .button("Detect again")
                .on_hover_text("Forget the choices made here")
                .clicked()
            {
                self.columns = Columns::detect(&self.preview.header);
                self.reread();
            }
        });
    }

    /// What the last open of this table gave.
    fn report_ui(&self, ui: &mut Ui) {
        if let Some(r) = &self.report {
            ui.separator();
            for w in &r.warnings {
                ui.colored_label(ui.visuals().warn_fg_color, w);
            }
            match r.opened {
                Some(n) => {
                    ui.strong(format!(
                        "Opened {n} missions; {} skipped.",
                        plural(r.skipped_rows, "row", "rows")
                    ));
                }
                None if self.strict && r.lines.len() > 1 => {
                    ui.colored_label(
                        ui.visuals().warn_fg_color,
                        "Strict: nothing was opened; the data on the map is unchanged. Fix the rows below, or untick Strict to skip them.",
                    );
                }
                None => {
                    ui.colored_label(
                        ui.visuals().warn_fg_color,
                        "Nothing was opened; the data on the map is unchanged.",
                    );
                }
            }
            problems_list(ui, "table-problems", &r.lines, r.more);
        }
    }

    /// One field's column chooser; whether the choice changed.
    fn column_choice(&mut self, ui: &mut Ui, f: Field) -> bool {
        let current = self.columns.get(f);
        let name = |i: Option<usize>| {
            i.and_then(|i| self.preview.header.get(i))
                .map_or("—".to_owned(), |h| {
                    if h.is_empty() {
                        format!("column {}", i.unwrap_or(0) + 1)
                    } else {
                        h.clone()
                    }
                })
        };
        let l = ui.label(f.label());
        let mut chosen = current;
        egui::ComboBox::from_id_salt(("table-column", f))
            .selected_text(name(current))
            .width(150.0)
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut chosen, None, "—");
                for i in 0..self.preview.header.len() {
                    ui.selectable_value(&mut chosen, Some(i), name(Some(i)));
                }
            })
            .response
            .labelled_by(l.id);
        if chosen == current {
            return false;
        }
        // A column holds one field.
        if let Some(i) = chosen {
            while let Some(other) = self.columns.field_of(i) {
                self.columns.set(other, None);
            }
        }
        self.columns.set(f, chosen);
        true
    }

    fn preview_grid(&self, ui: &mut Ui) {
        egui::Grid::new("table-preview-grid")
            .striped(true)
            .show(ui, |ui| {
                for (i, h) in self.preview.header.iter().enumerate() {
                    let field = self
                        .columns
                        .field_of(i)
                        .map_or(String::new(), |f| format!("\n({})", f.label()));
                    ui.label(RichText::new(format!("{h}{field}")).strong());
                }
                ui.end_row();
                for row in &self.preview.rows {
                    for cell in row {
                        let short: String = cell.chars().take(40).collect();
                        ui.label(RichText::new(short).small());
                    }
                    ui.end_row();
                }
            });
    }
}
