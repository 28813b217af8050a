//! The windows: each a struct that owns its text buffers and draws itself from a read-only
//! `ViewCtx`, pushing [`Command`]s for everything else (egui_demo_lib's `Demo` idea).

mod about;
pub mod export;
mod help;
mod import;
pub mod network;
mod open;
mod picture;
mod table;

pub use export::ExportWindow;
pub use import::{ImportFailure, ImportResult, ImportWindow, run_gui_import};
pub use open::OpenWindow;
pub use picture::PictureWindow;
pub use table::{TableReport, TableWindow};

use super::command::{Command, UiCmd};
use super::panels::ViewCtx;

/// A window the user can open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum WindowKind {
    About,
    Help,
    Export,
    Open,
    Import,
    Table,
    ExportImage,
    ExportAnimation,
    Ranking,
    Host,
    Change,
    Reciprocity,
    Coverage,
}

impl WindowKind {
    pub const ALL: [WindowKind; 13] = [
        WindowKind::About,
        WindowKind::Help,
        WindowKind::Export,
        WindowKind::Open,
        WindowKind::Import,
        WindowKind::Table,
        WindowKind::ExportImage,
        WindowKind::ExportAnimation,
        WindowKind::Ranking,
        WindowKind::Host,
        WindowKind::Change,
        WindowKind::Reciprocity,
        WindowKind::Coverage,
    ];

    /// The window's layer: the same from frame to frame, so that egui keeps its place
    /// among the windows (which is in front).
    pub fn layer(self) -> egui::LayerId {
        egui::LayerId::new(
            egui::Order::Middle,
            egui::Id::unique(("diplomap window", self)),
        )
    }

    pub fn title(self) -> &'static str {
        match self {
            WindowKind::About => "About Diplomap",
            WindowKind::Help => "Keyboard shortcuts",
            WindowKind::Export => "Export current view",
            WindowKind::Open => "Open data file",
            WindowKind::Import => "Import source list",
            WindowKind::Table => "Open table",
            WindowKind::ExportImage => "Export image",
            WindowKind::ExportAnimation => "Export animation",
            WindowKind::Ranking => "Ranking of sending states",
            WindowKind::Host => "Who is here",
            WindowKind::Change => "Change between two years",
            WindowKind::Reciprocity => "Reciprocity",
            WindowKind::Coverage => "Coverage map",
        }
    }
}

/// Which windows are open, and the windows' own state.
pub struct Windows {
    open: std::collections::BTreeSet<WindowKind>,
    pub export: ExportWindow,
    pub open_file: OpenWindow,
    pub import: ImportWindow,
    pub table: TableWindow,
    pub image: PictureWindow,
    pub animation: PictureWindow,
    pub ranking: network::RankingWindow,
    pub host: network::HostWindow,
    pub change: network::ChangeWindow,
    pub reciprocity: network::ReciprocityWindow,
    pub coverage: network::CoverageWindow,
}

impl Default for Windows {
    fn default() -> Self {
        Windows {
            open: Default::default(),
            export: Default::default(),
            open_file: Default::default(),
            import: Default::default(),
            table: Default::default(),
            image: PictureWindow::new(false),
            animation: PictureWindow::new(true),
            ranking: Default::default(),
            host: Default::default(),
            change: Default::default(),
            reciprocity: Default::default(),
            coverage: Default::default(),
        }
    }
}

impl Windows {
    pub fn is_open(&self, w: WindowKind) -> bool {
        self.open.contains(&w)
    }

    /// Opens or closes a window; an opening window takes what it starts from out of the
    /// state (the export folder and a file name for the year). `years` is the timeline's.
    pub fn set_open(
        &mut self,
        w: WindowKind,
        open: bool,
        state: &super::state::UiState,
        years: (i32, i32),
    ) {
        if !open {
            self.open.remove(&w);
            return;
        }
        if self.open.insert(w) {
            match w {
                WindowKind::Export => self.export.prepare(state),
                WindowKind::Open => self.open_file.focus_path = true,
                WindowKind::ExportImage => self.image.prepare(state, years),
                WindowKind::ExportAnimation => self.animation.prepare(state, years),
                _ => {}
            }
        }
    }

    /// The open window in front of the others (one opened but not drawn yet counts as in
    /// front: it will be).
    pub fn front(&self, ctx: &egui::Context) -> Option<WindowKind> {
        let order: Vec<egui::LayerId> = ctx.memory(|m| m.layer_ids().collect());
        self.open.iter().copied().max_by_key(|w| {
            order
                .iter()
                .position(|&l| l == w.layer())
                .unwrap_or(usize::MAX)
        })
    }

    /// Draws the open windows.
    pub fn show(&mut self, ctx: &egui::Context, cx: &ViewCtx<'_>, out: &mut Vec<Command>) {
        for w in WindowKind::ALL {
            if !self.is_open(w) {
                continue;
            }
            let mut open = true;
            let window = egui::Window::new(w.title())
                .id(w.layer().id)
                .open(&mut open)
                .collapsible(false);
            match w {
                WindowKind::About => {
                    window.resizable(false).show(ctx, |ui| about::ui(ui, cx));
                }
                WindowKind::Help => {
                    window.resizable(false).show(ctx, |ui| help::ui(ui, ctx));
                }
                WindowKind::Export => {
                    window.show(ctx, |ui| self.export.ui(ui, cx, out));
                }
                WindowKind::Open => {
                    window.show(ctx, |ui| self.open_file.ui(ui, out));
                }
                WindowKind::Import => {
                    window
                        .default_width(560.0)
                        .show(ctx, |ui| self.import.ui(ui, out));
                }
                WindowKind::ExportImage => {
                    window.show(ctx, |ui| self.image.ui(ui, cx, out));
                }
                WindowKind::ExportAnimation => {
                    window.show(ctx, |ui| self.animation.ui(ui, cx, out));
                }
                WindowKind::Ranking => {
                    window.show(ctx, |ui| self.ranking.ui(ui, cx, out));
                }
                WindowKind::Host => {
                    window.show(ctx, |ui| self.host.ui(ui, cx, out));
                }
                WindowKind::Change => {
                    window.show(ctx, |ui| self.change.ui(ui, cx, out));
                }
                WindowKind::Reciprocity => {
                    window.show(ctx, |ui| self.reciprocity.ui(ui, cx, out));
                }
                WindowKind::Coverage => {
                    window.show(ctx, |ui| self.coverage.ui(ui, cx, out));
                }
                WindowKind::Table => {
                    window
                        .default_width(640.0)
                        .show(ctx, |ui| self.table.ui(ui, out));
                }
            }
            if !open {
                out.push(UiCmd::ShowWindow(w, false).into());
            }
        }
    }
}

/// "1 row", "3 rows".
pub fn plural(k: usize, one: &str, many: &str) -> String {
    format!("{k} {}", if k == 1 { one } else { many })
}

/// The problems of an import or a table, one per line, scrolled; `more` counts those not
/// listed.
fn problems_list(ui: &mut egui::Ui, id: &str, lines: &[String], more: usize) {
    if lines.is_empty() {
        return;
    }
    ui.label(egui::RichText::new("Problems").strong());
    egui::ScrollArea::vertical()
        .max_height(180.0)
        .id_salt(id)
        .show(ui, |ui| {
            for line in lines {
                ui.label(egui::RichText::new(line).monospace());
            }
            if more > 0 {
                ui.label(egui::RichText::new(format!("… and {more} more")).weak());
            }
        });
}

/// The Folder and File name rows of a grid, for the windows that write a file.
fn path_rows(ui: &mut egui::Ui, dir: &mut String, name: &mut String) {
    let l = ui.label("Folder");
    ui.add(egui::TextEdit::singleline(dir).desired_width(320.0))
        .labelled_by(l.id);
    ui.end_row();
    let l = ui.label("File name");
    ui.add(egui::TextEdit::singleline(name).desired_width(320.0))
        .labelled_by(l.id);
    ui.end_row();
}

/// Where a window will write, and a warning when a file is there already.
fn writes_line(ui: &mut egui::Ui, path: &std::path::Path) {
    ui.label(egui::RichText::new(format!("Writes {}", path.display())).weak());
    if path.exists() {
        ui.label(
            egui::RichText::new("A file of that name exists and will be replaced.")
                .color(ui.visuals().warn_fg_color),
        );
    }
}
