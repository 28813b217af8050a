//! The windows: each a struct that owns its text buffers and draws itself from a read-only
//! [`ViewCtx`], pushing [`Command`]s for everything else (egui_demo_lib's `Demo` idea).

mod about;
pub mod export;
mod help;
mod import;
mod open;

pub use export::ExportWindow;
pub use import::{ImportFailure, ImportResult, ImportWindow, run_gui_import};
pub use open::OpenWindow;

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
}

impl WindowKind {
    pub const ALL: [WindowKind; 5] = [
        WindowKind::About,
        WindowKind::Help,
        WindowKind::Export,
        WindowKind::Open,
        WindowKind::Import,
    ];

    pub fn title(self) -> &'static str {
        match self {
            WindowKind::About => "About Diplomap",
            WindowKind::Help => "Keyboard shortcuts",
            WindowKind::Export => "Export current view",
            WindowKind::Open => "Open data file",
            WindowKind::Import => "Import source list",
        }
    }
}

/// Which windows are open, and the windows' own state.
#[derive(Default)]
pub struct Windows {
    open: std::collections::BTreeSet<WindowKind>,
    pub export: ExportWindow,
    pub open_file: OpenWindow,
    pub import: ImportWindow,
}

impl Windows {
    pub fn is_open(&self, w: WindowKind) -> bool {
        self.open.contains(&w)
    }

    /// Opens or closes a window; an opening window takes what it starts from out of the
    /// state (the export folder and a file name for the year).
    pub fn set_open(&mut self, w: WindowKind, open: bool, state: &super::state::UiState) {
        if !open {
            self.open.remove(&w);
            return;
        }
        if self.open.insert(w) && w == WindowKind::Export {
            self.export.prepare(state);
        }
    }

    /// Draws the open windows.
    pub fn show(&mut self, ctx: &egui::Context, cx: &ViewCtx<'_>, out: &mut Vec<Command>) {
        for w in WindowKind::ALL {
            if !self.is_open(w) {
                continue;
            }
            let mut open = true;
            let window = egui::Window::new(w.title())
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
            }
            if !open {
                out.push(UiCmd::ShowWindow(w, false).into());
            }
        }
    }
}
