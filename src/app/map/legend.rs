//! The legend: the symbols the filter rows do not show.

use egui::{Color32, Pos2, Sense, Ui, vec2};

use crate::app::style;
use crate::model::MissionKind;
use crate::timeline::TimelineState;

/// A map symbol drawn inline, 20 points wide.
pub fn symbol(ui: &mut Ui, draw: impl FnOnce(&egui::Painter, Pos2)) {
    let (r, _) = ui.allocate_exact_size(vec2(20.0, 16.0), Sense::hover());
    draw(ui.painter(), r.center());
}

fn legend_row(ui: &mut Ui, label: &str, draw: impl FnOnce(&egui::Painter, Pos2)) {
    ui.horizontal(|ui| {
        symbol(ui, draw);
        ui.label(label);
    });
}

/// The symbols the filter rows do not show: inbound (for a data set with a focus state),
/// clusters, selection, ghosts.
pub fn legend(ui: &mut Ui, dark: bool, focus: Option<&str>, compare: Option<&[(String, [u8; 4])]>) {
    if let Some(senders) = compare {
        for (name, [r, g, b, a]) in senders {
            let c = Color32::from_rgba_unmultiplied(*r, *g, *b, *a);
            legend_row(ui, name, |p, at| {
                p.circle_filled(at, 6.0, c);
                p.circle_stroke(at, 6.0, style::outline(dark));
            });
        }
        legend_row(ui, "closing this year", |p, at| {
            p.circle_filled(at, 6.0, Color32::GRAY);
            p.circle_stroke(
                at,
                6.0,
                egui::Stroke::new(2.5, style::state_color(TimelineState::Closing, dark)),
            );
        });
        ui.label(
            egui::RichText::new(
                "Comparing: colour is the sending state, shape the mission type; a cluster's ring shows its share of each.",
            )
            .weak(),
        );
        ui.separator();
    }
    let inbound = focus.map(|f| format!("foreign mission in {f}"));
    if let Some(label) = &inbound {
        legend_row(ui, label, |p, c| {
            style::draw_marker(
                p,
                c,
                6.0,
                MissionKind::Embassy,
                TimelineState::Open,
                true,
                dark,
            );
        });
    }
    legend_row(ui, "closed earlier (ghost)", |p, c| {
        style::draw_marker(
            p,
            c,
            6.0,
            MissionKind::Embassy,
            TimelineState::Closed,
            false,
            dark,
        );
    });
    legend_row(ui, "cluster: click to zoom or expand", |p, c| {
        p.circle_filled(c, 7.0, style::state_color(TimelineState::Open, dark));
        p.text(
            c,
            egui::Align2::CENTER_CENTER,
            "3",
            egui::FontId::proportional(9.0),
            Color32::WHITE,
        );
    });
    legend_row(ui, "selected", |p, c| {
        p.circle_stroke(c, 6.0, style::selection_stroke(dark));
    });
    ui.label(egui::RichText::new("Colour: status in the chosen year. Shape: mission type.").weak());
}
