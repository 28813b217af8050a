//! The selected mission's details: every fact with its source, and a link to the place.

use egui::{RichText, Ui};

use super::ViewCtx;
use crate::app::actions::Action;
use crate::app::command::{CameraCmd, Command};
use crate::app::map::status_line;
use crate::model::Closure;

/// " (state with limited recognition)" after a name the senders table marks, else "".
fn class_note(name: &str) -> String {
    match crate::senders::class_of(name) {
        crate::senders::SenderClass::State => String::new(),
        c => format!(" ({})", c.label()),
    }
}

pub fn ui(ui: &mut Ui, cx: &ViewCtx<'_>, out: &mut Vec<Command>) {
    let (Some(m), Some(index)) = (cx.view.selected_mission(), cx.view.selected) else {
        return;
    };
    ui.horizontal(|ui| {
        ui.heading(&*m.city);
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            Action::ClearSelection.button(ui, out);
            if ui.small_button("Show on map").clicked() {
                out.push(CameraCmd::ShowMission(index).into());
            }
        });
    });
    egui::Grid::new("details")
        .num_columns(2)
        .spacing([8.0, 3.0])
        .striped(true)
        .show(ui, |ui| {
            let row = |ui: &mut Ui, k: &str, v: String| {
                ui.label(RichText::new(k).weak());
                // Text from files, with its control characters escaped.
                ui.add(egui::Label::new(crate::text::printable(&v).into_owned()).wrap());
                ui.end_row();
            };
            row(
                ui,
                "Type",
                format!(
                    "{} ({})",
                    m.kind.label(),
                    crate::senders::KindGroup::of(m).label().to_lowercase()
                ),
            );
            row(
                ui,
                "Host country",
                format!(
                    "{} ({}){}",
                    m.country,
                    m.country_code,
                    class_note(&m.country)
                ),
            );
            row(ui, "City", m.city.to_string());
            if m.inbound {
                row(
                    ui,
                    "Mission of",
                    format!("{} (inbound layer)", m.sending_state),
                );
            } else {
                let word = m
                    .extra()
                    .sender_word
                    .as_ref()
                    .map_or(String::new(), |w| format!("; its source names it {w}"));
                row(
                    ui,
                    "Sending state",
                    format!("{}{}{word}", m.sending_state, class_note(&m.sending_state)),
                );
            }
            if let Some(org) = &m.organization {
                row(ui, "Organisation", org.to_string());
            }
            row(ui, "Region", m.region.as_str().to_owned());
            let status = match m.closure {
                Closure::Open => "open".to_owned(),
                Closure::InYear(y) => format!("closed in {y}"),
                Closure::YearUnknown => "closed, year unknown".to_owned(),
            };
            row(ui, "Status", status);
            row(
                ui,
                &format!("In {}", cx.state.year),
                status_line(m, cx.state.year),
            );
            row(ui, "Opened", crate::evidence::opened_text(m));
            if let Some(t) = crate::timeline::periods_text(m) {
                row(ui, "Open periods", t);
            }
            if let Some(t) = crate::evidence::as_of_text(m) {
                row(ui, "Data as of", t);
            }
            let refs = if m.refs().is_empty() {
                "none".to_owned()
            } else {
                m.refs()
                    .iter()
                    .map(|r| format!("[{r}]"))
                    .collect::<Vec<_>>()
                    .join(" ")
            };
            row(ui, "Source refs", refs);
            row(
                ui,
                "Coordinates",
                format!(
                    "{:.4}, {:.4} ({} precision)",
                    m.lat(),
                    m.lon(),
                    m.precision.as_str()
                ),
            );
            let extra = m.extra();
            if !extra.accredited_to.is_empty() {
                row(ui, "Accredited to", extra.accredited_to.join(", "));
            }
            if let Some(a) = &extra.address {
                row(ui, "Address", a.clone());
            }
            if let Some(w) = &extra.website {
                ui.label(RichText::new("Website").weak());
                // Checked again at the click: only a web address is ever opened.
                match crate::model::web_address(w) {
                    Some(u) => {
                        if ui.link(w).on_hover_text(u.as_str()).clicked() {
                            ui.ctx().open_url(egui::OpenUrl::new_tab(u.as_str()));
                        }
                    }
                    None => {
                        ui.label(crate::text::printable(w));
                    }
                }
                ui.end_row();
            }
            if let Some(q) = &extra.wikidata {
                ui.label(RichText::new("Wikidata").weak());
                ui.hyperlink_to(
                    format!("{q} (CC0)"),
                    format!("https://www.wikidata.org/wiki/{q}"),
                );
                ui.end_row();
            }
        });
    ui.hyperlink_to(
        "Open this place on openstreetmap.org",
        format!(
            "https://www.openstreetmap.org/?mlat={:.5}&mlon={:.5}#map={}/{:.5}/{:.5}",
            m.lat(),
            m.lon(),
            if m.precision == crate::model::Precision::Building {
                17
            } else {
                12
            },
            m.lat(),
            m.lon()
        ),
    );
    if !m.notes().is_empty() {
        ui.add_space(4.0);
        ui.label(RichText::new("Notes").weak());
        egui::ScrollArea::vertical()
            .id_salt("notes")
            .max_height(180.0)
            .show(ui, |ui| {
                ui.add(egui::Label::new(m.notes()).wrap());
            });
    }
}
