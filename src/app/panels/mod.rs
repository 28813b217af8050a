//! The panels around the map, and the map. Each is a function of a read-only [`ViewCtx`]
//! that pushes [`Command`]s; none changes the app. The one exception is walkers' map
//! widget, which needs its `MapMemory` and tile sources mutable ([`MapWidgets`]): that is
//! how walkers pans, zooms and fetches tiles.

mod details;
mod filters;
mod list;
mod map_panel;
mod menu;
mod timeline;

use egui::{RichText, Ui};

use super::command::{Command, UiCmd};
use super::notices::Notices;
use super::state::UiState;
use super::tiles::Basemap;
use super::view_model::{Derived, ViewModel};

/// What the basemap says about itself this frame.
#[derive(Debug, Clone, Default)]
pub struct BasemapInfo {
    /// (text, link) of each source drawn.
    pub attributions: Vec<(String, String)>,
    /// One line of status ("offline basemap"…), if any.
    pub status: Option<String>,
    pub can_retry: bool,
    /// Country and city names are drawn over the embedded basemap.
    pub draw_labels: bool,
    /// The water colour in the dark and the light theme, behind tiles not drawn yet.
    pub water_dark: [u8; 3],
    pub water_light: [u8; 3],
}

/// Where the camera is, as the map panel needs it.
#[derive(Debug, Clone, Copy)]
pub struct CameraInfo {
    pub center: (f64, f64),
    pub home: (f64, f64),
    pub zoom: f64,
    pub rect: egui::Rect,
    pub flying: bool,
}

/// Everything the panels and windows may read, for one frame.
pub struct ViewCtx<'a> {
    pub state: &'a UiState,
    pub view: &'a ViewModel,
    pub derived: &'a Derived,
    pub notices: &'a Notices,
    pub playing: bool,
    pub camera: CameraInfo,
    pub basemap: BasemapInfo,
    /// "Loading FILE … 3 s" while a data file loads, and how much is read (0 to 1).
    pub loading: Option<(String, f32)>,
    /// The name of a file dragged over the window.
    pub dropping: Option<String>,
    /// Frames made of the picture being exported, and how many there are.
    pub picture: Option<(usize, usize)>,
    /// The keyboard goes to the search box this frame.
    pub focus_search: bool,
    /// The list scrolls to the selection this frame.
    pub scroll_to_selection: bool,
}

/// walkers' state, lent to the map widget for the frame.
pub struct MapWidgets<'a> {
    pub memory: &'a mut walkers::MapMemory,
    pub tiles: &'a mut Basemap,
}

/// Lays out every panel and the map for one frame.
pub fn show(ui: &mut Ui, cx: &ViewCtx<'_>, map: MapWidgets<'_>, out: &mut Vec<Command>) {
    egui::Panel::top("menu").show(ui, |ui| menu::ui(ui, cx, out));
    if cx.state.show_timeline {
        egui::Panel::bottom("timeline")
            .resizable(true)
            .default_size(150.0)
            .show(ui, |ui| timeline::ui(ui, cx, out));
    }
    if cx.state.show_filters {
        egui::Panel::left("filters")
            .resizable(true)
            .default_size(250.0)
            .show(ui, |ui| {
                egui::ScrollArea::vertical().show(ui, |ui| filters::ui(ui, cx, out));
            });
    }
    let selected = cx.view.selected_mission().is_some();
    if cx.state.show_list || selected {
        egui::Panel::right("side")
            .resizable(true)
            .default_size(340.0)
            .show(ui, |ui| {
                if selected {
                    // The details scroll when long, so that the list keeps its room.
                    let max = (ui.available_height() * 0.55).max(160.0);
                    egui::ScrollArea::vertical()
                        .id_salt("details")
                        .max_height(max)
                        .show(ui, |ui| details::ui(ui, cx, out));
                    ui.separator();
                }
                if cx.state.show_list {
                    list::ui(ui, cx, out);
                }
            });
    }
    egui::CentralPanel::default()
        .frame(egui::Frame::NONE)
        .show(ui, |ui| map_panel::ui(ui, cx, map, out));
    toasts(ui, cx.notices, cx.camera.rect, out);
}

/// The notices as toasts over the map's bottom middle, newest at the bottom: they take no
/// room from any panel, so the layout never moves when one comes or goes.
fn toasts(ui: &Ui, notices: &Notices, map: egui::Rect, out: &mut Vec<Command>) {
    if notices.is_empty() {
        return;
    }
    let width = (map.width() - 40.0).clamp(200.0, 560.0);
    egui::Area::new(egui::Id::unique("toasts"))
        .order(egui::Order::Foreground)
        .pivot(egui::Align2::CENTER_BOTTOM)
        .fixed_pos(map.center_bottom() + egui::vec2(0.0, -36.0))
        .show(ui.ctx(), |ui| {
            ui.set_max_width(width);
            for (i, n) in notices.iter().enumerate() {
                egui::Frame::popup(ui.style()).show(ui, |ui| {
                    ui.set_max_width(width);
                    ui.horizontal(|ui| {
                        let color = match n.severity {
                            super::Severity::Error => ui.visuals().error_fg_color,
                            super::Severity::Warning => ui.visuals().warn_fg_color,
                            super::Severity::Info => ui.visuals().text_color(),
                        };
                        if ui
                            .small_button("Dismiss")
                            .on_hover_text(if n.is_error() {
                                "Errors stay until dismissed"
                            } else {
                                "Leaves by itself after a few seconds"
                            })
                            .clicked()
                        {
                            out.push(UiCmd::DismissNotice(i).into());
                        }
                        ui.add(egui::Label::new(RichText::new(&n.text).color(color)).wrap());
                    });
                });
                ui.add_space(4.0);
            }
        });
}

/// "Embassy (12)".
fn count_label(label: &str, n: usize) -> String {
    format!("{label} ({n})")
}

/// A one-line text field with a visible label that also names it for screen readers.
fn labelled_field(ui: &mut Ui, label: &str, text: &mut String, hint: &str) -> egui::Response {
    ui.horizontal(|ui| {
        let label = ui.label(label);
        ui.add(
            egui::TextEdit::singleline(text)
                .hint_text(hint)
                .desired_width(f32::INFINITY),
        )
        .labelled_by(label.id)
    })
    .inner
}
