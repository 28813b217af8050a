//! Export image and Export animation: the current view (year, filters, map area, theme)
//! as SVG or PNG, or the years as a GIF; made off the UI thread with a progress bar and
//! Cancel.

use std::path::PathBuf;

use egui::Ui;

use super::{ViewCtx, path_rows, writes_line};
use crate::app::command::{Command, FileCmd};
use crate::app::picture_job::Frames;
use crate::app::state::UiState;

/// The two windows' fields (`animation` says which one).
#[derive(Debug, Clone)]
pub struct PictureWindow {
    pub animation: bool,
    pub dir: String,
    pub name: String,
    pub size: (u32, u32),
    pub from: i32,
    pub to: i32,
    pub fps: u32,
}

impl PictureWindow {
    pub fn new(animation: bool) -> PictureWindow {
        PictureWindow {
            animation,
            dir: String::new(),
            name: String::new(),
            size: (1280, 800),
            from: 0,
            to: 0,
            fps: 4,
        }
    }

    /// Fills empty fields: the last export folder, a name for the year or years, the
    /// timeline's years.
    pub fn prepare(&mut self, state: &UiState, years: (i32, i32)) {
        if self.dir.is_empty() {
            self.dir.clone_from(&state.picture_dir);
        }
        if self.from == 0 {
            (self.from, self.to) = years;
        }
        if self.name.is_empty() || !self.animation {
            self.name = if self.animation {
                format!("diplomap-{}-{}.gif", self.from, self.to)
            } else {
                let ext = if self.name.ends_with(".svg") {
                    "svg"
                } else {
                    "png"
                };
                format!("diplomap-{}.{ext}", state.year)
            };
        }
    }

    pub fn path(&self) -> PathBuf {
        PathBuf::from(&self.dir).join(self.name.trim())
    }

    fn frames(&self, year: i32) -> Frames {
        if self.animation {
            Frames::Years {
                from: self.from,
                to: self.to,
                fps: self.fps,
            }
        } else {
            Frames::Still { year }
        }
    }

    pub fn ui(&mut self, ui: &mut Ui, cx: &ViewCtx<'_>, out: &mut Vec<Command>) {
        let year = cx.state.year;
        if self.animation {
            ui.label("The years as an animated GIF, one frame per year, with the closures chart: the filters (named under the title), the map area and the theme as on screen. The layers over the map describe this year only and are left out.");
        } else {
            ui.label(format!(
                "The map of {year} as on screen: the filters, the map area, the theme and the layers drawn over the map (coverage, lines, rings), with a title, the filters in words, the legend and the credits."
            ));
        }
        let running = cx.picture.is_some();
        ui.add_enabled_ui(!running, |ui| {
            egui::Grid::new(("picture-fields", self.animation))
                .num_columns(2)
                .show(ui, |ui| {
                    if !self.animation {
                        ui.label("Format");
                        ui.horizontal(|ui| {
                            let svg = self.name.ends_with(".svg");
                            if ui.radio(!svg, "PNG").clicked() && svg {
                                self.name = self.name.trim_end_matches(".svg").to_owned() + ".png";
                            }
                            if ui
                                .radio(svg, "SVG")
                                .on_hover_text(
                                    "Paths and text that Inkscape or Illustrator can edit",
                                )
                                .clicked()
                                && !svg
                            {
                                self.name = self.name.trim_end_matches(".png").to_owned() + ".svg";
                            }
                        });
                        ui.end_row();
                    } else {
                        let l = ui.label("From");
                        ui.horizontal(|ui| {
                            ui.add(egui::DragValue::new(&mut self.from).range(1000..=2200))
                                .labelled_by(l.id);
                            let l = ui.label("to");
                            ui.add(egui::DragValue::new(&mut self.to).range(1000..=2200))
                                .labelled_by(l.id);
                        });
                        ui.end_row();
                        let l = ui.label("Years per second");
                        ui.add(egui::DragValue::new(&mut self.fps).range(1..=50))
                            .labelled_by(l.id);
                        ui.end_row();
                    }
                    let l = ui.label("Width");
                    ui.horizontal(|ui| {
                        ui.add(egui::DragValue::new(&mut self.size.0).range(16..=8192))
                            .labelled_by(l.id);
                        let l = ui.label("Height");
                        ui.add(egui::DragValue::new(&mut self.size.1).range(16..=8192))
                            .labelled_by(l.id);
                        ui.label("pixels");
                    });
                    ui.end_row();
                    path_rows(ui, &mut self.dir, &mut self.name);
                });
        });
        let path = self.path();
        writes_line(ui, &path);
        if let Some((done, total)) = cx.picture {
            ui.horizontal(|ui| {
                let f = done as f32 / total.max(1) as f32;
                ui.add(
                    egui::ProgressBar::new(f)
                        .desired_width(260.0)
                        .text(format!("frame {done} of {total}")),
                );
                if ui
                    .button("Cancel")
                    .on_hover_text("Stop; nothing is written")
                    .clicked()
                {
                    out.push(FileCmd::CancelPicture.into());
                }
            });
            return;
        }
        let ok = !self.name.trim().is_empty();
        let browse = ui
            .button("Browse…")
            .on_hover_text("Choose where to save with the system's file dialog");
        if browse.clicked() {
            let filter: (&str, &[&str]) = if self.animation {
                ("GIF animation", &["gif"])
            } else if self.name.ends_with(".svg") {
                ("SVG picture", &["svg"])
            } else {
                ("PNG picture", &["png"])
            };
            // A modal system dialog; without a desktop portal it returns at once with
            // nothing, and the fields above do the job.
            if let Some(chosen) = rfd::FileDialog::new()
                .set_directory(&self.dir)
                .set_file_name(&self.name)
                .add_filter(filter.0, filter.1)
                .save_file()
            {
                if let (Some(dir), Some(name)) = (chosen.parent(), chosen.file_name()) {
                    self.dir = dir.display().to_string();
                    self.name = name.to_string_lossy().into_owned();
                }
                out.push(
                    FileCmd::ExportPicture {
                        path: chosen,
                        size: self.size,
                        frames: self.frames(year),
                    }
                    .into(),
                );
            }
        }
        if ui.add_enabled(ok, egui::Button::new("Export")).clicked() {
            out.push(
                FileCmd::ExportPicture {
                    path,
                    size: self.size,
                    frames: self.frames(year),
                }
                .into(),
            );
        }
    }
}
