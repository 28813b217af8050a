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
use super::state::{PanelEdge, UiState};
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
    let sizes = cx.state.panel_sizes;
    // Each panel starts at the size the user left it; a drag of its edge is remembered.
    // Its content never sets its size: what does not fit scrolls.
    let remember = |edge: PanelEdge, now: f32, out: &mut Vec<Command>| {
        if (now - sizes.get(edge)).abs() > 0.5 {
            out.push(UiCmd::SetPanelSize(edge, now).into());
        }
    };
    if cx.state.show_timeline {
        let r = egui::Panel::bottom("timeline")
            .resizable(true)
            .default_size(sizes.get(PanelEdge::Timeline))
            .show(ui, |ui| {
                ui.set_min_height(ui.available_height());
                timeline::ui(ui, cx, out);
            });
        remember(PanelEdge::Timeline, r.response.rect.height(), out);
    }
    if cx.state.show_filters {
        let r = egui::Panel::left("filters")
            .resizable(true)
            .default_size(sizes.get(PanelEdge::Filters))
            .show(ui, |ui| {
                // The panel is as wide as the user left it, whatever its content.
                ui.set_min_width(ui.available_width());
                egui::ScrollArea::vertical().show(ui, |ui| filters::ui(ui, cx, out));
            });
        remember(PanelEdge::Filters, r.response.rect.width(), out);
    }
    let selected = cx.view.selected_mission().is_some();
    if cx.state.show_list {
        let r = egui::Panel::right("side")
            .resizable(true)
            .default_size(sizes.get(PanelEdge::Side))
            .show(ui, |ui| {
                ui.set_min_width(ui.available_width());
                if selected {
                    // The details scroll when long, so that the list keeps its room.
                    let max = (ui.available_height() * 0.55).max(160.0);
                    egui::ScrollArea::vertical()
                        .id_salt("details")
                        .max_height(max)
                        .show(ui, |ui| details::ui(ui, cx, out));
                    ui.separator();
                }
                list::ui(ui, cx, out);
            });
        remember(PanelEdge::Side, r.response.rect.width(), out);
    }
    egui::CentralPanel::default()
        .frame(egui::Frame::NONE)
        .show(ui, |ui| map_panel::ui(ui, cx, map, out));
    if selected && !cx.state.show_list {
        // With the list hidden the details float over the map's right edge: opening them
        // moves nothing under the cursor.
        floating_details(ui, cx, out);
    }
    toasts(ui, cx.notices, cx.camera.rect, out);
}

/// The details as a window over the map's top right corner, for when the list is hidden.
fn floating_details(ui: &Ui, cx: &ViewCtx<'_>, out: &mut Vec<Command>) {
    let map = cx.camera.rect;
    let width = cx
        .state
        .panel_sizes
        .get(PanelEdge::Side)
        .min(map.width() - 16.0)
        .max(200.0);
    egui::Area::new(egui::Id::unique("floating-details"))
        .order(egui::Order::Middle)
        .pivot(egui::Align2::RIGHT_TOP)
        .fixed_pos(map.right_top() + egui::vec2(-8.0, 8.0))
        .show(ui.ctx(), |ui| {
            egui::Frame::popup(ui.style()).show(ui, |ui| {
                ui.set_width(width);
                egui::ScrollArea::vertical()
                    .id_salt("details")
                    .max_height((map.height() - 40.0).max(160.0))
                    .show(ui, |ui| details::ui(ui, cx, out));
            });
        });
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
