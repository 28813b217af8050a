//! What is drawn over the map: zoom controls, the "nothing shown" message, the basemap's
//! status and the attribution the tile providers ask for.

use egui::{Id, Rect, Ui, vec2};

use crate::app::actions::Action;
use crate::app::command::{BasemapCmd, Command};

/// What the overlays show besides the controls.
pub struct OverlayInfo<'a> {
    /// (text, link) of each source drawn.
    pub attributions: &'a [(String, String)],
    /// The basemap's status line, if any.
    pub status: Option<&'a str>,
    /// Offer to probe the tile server again.
    pub can_retry: bool,
    /// Shown in the middle of the map (e.g. nothing matches the filters).
    pub empty_message: Option<&'a str>,
    /// How much of a file loading is read (0 to 1), shown under the message.
    pub progress: Option<f32>,
    /// A file dragged over the window.
    pub dropping: Option<&'a str>,
}

/// Zoom buttons, attribution and status, drawn over the map's `rect`.
pub fn overlays(ui: &mut Ui, rect: Rect, info: &OverlayInfo<'_>, out: &mut Vec<Command>) {
    let ctx = ui.ctx().clone();
    // Zoom controls, top right.
    egui::Area::new(Id::unique("map-zoom-controls"))
        .pivot(egui::Align2::RIGHT_TOP)
        .fixed_pos(rect.right_top() + vec2(-10.0, 10.0))
        .show(&ctx, |ui| {
            egui::Frame::popup(ui.style())
                .inner_margin(3.0)
                .show(ui, |ui| {
                    ui.vertical_centered_justified(|ui| {
                        Action::ZoomIn.button(ui, out);
                        Action::ZoomOut.button(ui, out);
                        Action::FitAll.button_labelled(ui, "Fit", true, out);
                    });
                });
        });
    if let Some(msg) = info.empty_message {
        egui::Area::new(Id::unique("map-empty"))
            .pivot(egui::Align2::CENTER_TOP)
            .fixed_pos(rect.center_top() + vec2(0.0, 12.0))
            .interactable(false)
            .show(&ctx, |ui| {
                egui::Frame::popup(ui.style()).show(ui, |ui| {
                    ui.label(msg);
                    if let Some(f) = info.progress {
                        ui.add(
                            egui::ProgressBar::new(f)
                                .desired_width(260.0)
                                .show_percentage(),
                        );
                    }
                });
            });
    }
    if let Some(name) = info.dropping {
        ui.painter().rect_filled(
            rect.shrink(6.0),
            8.0,
            ui.visuals().selection.bg_fill.gamma_multiply(0.35),
        );
        egui::Area::new(Id::unique("map-drop"))
            .pivot(egui::Align2::CENTER_CENTER)
            .fixed_pos(rect.center())
            .interactable(false)
            .show(&ctx, |ui| {
                egui::Frame::popup(ui.style()).show(ui, |ui| {
                    ui.heading(format!("Drop to open {name}"));
                });
            });
    }
    // Attribution, bottom right: the tile providers' terms ask for it to be visible.
    if info.attributions.is_empty() && info.status.is_none() {
        return;
    }
    egui::Area::new(Id::unique("map-attribution"))
        .pivot(egui::Align2::RIGHT_BOTTOM)
        .fixed_pos(rect.right_bottom() + vec2(-2.0, -2.0))
        .interactable(true)
        .show(&ctx, |ui| {
            egui::Frame::new()
                .fill(ui.visuals().extreme_bg_color.gamma_multiply(0.85))
                .inner_margin(egui::Margin::symmetric(6, 1))
                .corner_radius(3)
                .show(ui, |ui| {
                    ui.horizontal(|ui| {
                        ui.spacing_mut().item_spacing.x = 6.0;
                        if let Some(s) = info.status {
                            ui.label(egui::RichText::new(s).small().strong());
                            if info.can_retry
                                && ui
                                    .small_button("Retry")
                                    .on_hover_text("Ask the tile server again")
                                    .clicked()
                            {
                                out.push(BasemapCmd::Retry.into());
                            }
                        }
                        for (text, url) in info.attributions {
                            let label = if text.starts_with('©') || text.starts_with("Tiles") {
                                text.clone()
                            } else {
                                format!("Basemap: {text}")
                            };
                            ui.hyperlink_to(egui::RichText::new(label).small(), url);
                        }
                    });
                });
        });
}
