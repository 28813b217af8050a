//! The mission list: the shown missions in the chosen order; a click selects one and
//! flies the map to it.

use egui::{RichText, Ui};

use super::ViewCtx;
use crate::app::command::{CameraCmd, Command, ViewCmd};
use crate::index::SortKey;

pub fn ui(ui: &mut Ui, cx: &ViewCtx<'_>, out: &mut Vec<Command>) {
    let d = cx.derived;
    ui.horizontal(|ui| {
        ui.heading("Missions");
        match d.list_changes {
            Some((from, to)) => ui.label(format!(
                "{} that opened or closed after {from} up to {to}",
                d.sorted.len()
            )),
            None => ui.label(format!("{} shown of {}", d.shown, cx.view.missions().len())),
        };
    });
    let header = |ui: &mut Ui, label: &str, key: SortKey, out: &mut Vec<Command>| {
        let arrow = if cx.state.sort == key {
            if cx.state.sort_descending {
                " ⏷"
            } else {
                " ⏶"
            }
        } else {
            ""
        };
        if ui
            .add(egui::Button::new(RichText::new(format!("{label}{arrow}")).strong()).frame(false))
            .on_hover_text(format!("Sort by {}", label.to_lowercase()))
            .clicked()
        {
            out.push(ViewCmd::SetSort(key).into());
        }
    };
    let selected = cx.view.selected;
    let scroll_to = if cx.scroll_to_selection {
        selected.and_then(|s| d.sorted.iter().position(|&i| i as usize == s))
    } else {
        None
    };
    let mut table = egui_extras::TableBuilder::new(ui)
        .striped(true)
        .sense(egui::Sense::click())
        .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
        .column(egui_extras::Column::auto().at_least(70.0).clip(true))
        .column(egui_extras::Column::auto().at_least(70.0).clip(true))
        .column(egui_extras::Column::auto().at_least(60.0).clip(true))
        .column(egui_extras::Column::auto().at_least(60.0).clip(true))
        .column(egui_extras::Column::remainder().at_least(50.0).clip(true));
    if let Some(row) = scroll_to {
        table = table.scroll_to_row(row, Some(egui::Align::Center));
    }
    let year = cx.state.year;
    table
        .header(20.0, |mut h| {
            h.col(|ui| header(ui, "City", SortKey::City, out));
            h.col(|ui| header(ui, "Country", SortKey::Country, out));
            h.col(|ui| header(ui, "Sender", SortKey::Sender, out));
            h.col(|ui| header(ui, "Type", SortKey::Kind, out));
            h.col(|ui| header(ui, "Status", SortKey::Status, out));
        })
        .body(|body| {
            body.rows(20.0, d.sorted.len(), |mut row| {
                let Some(i) = d.sorted.get(row.index()).map(|&i| i as usize) else {
                    return;
                };
                let Some(m) = cx.view.missions().get(i) else {
                    return;
                };
                row.set_selected(selected == Some(i));
                row.col(|ui| {
                    // Text from files, with its control characters escaped.
                    let city = crate::text::printable(&m.city);
                    ui.add(egui::Label::new(city.as_ref()).selectable(false));
                });
                row.col(|ui| {
                    // A state with limited recognition is marked as everywhere it is named.
                    let country = crate::senders::marked(&m.country);
                    let country = crate::text::printable(&country);
                    ui.add(egui::Label::new(country.as_ref()).selectable(false));
                });
                row.col(|ui| {
                    let sender = crate::senders::marked(&m.sending_state);
                    let sender = crate::text::printable(&sender);
                    ui.add(egui::Label::new(sender.as_ref()).selectable(false));
                });
                row.col(|ui| {
                    ui.add(egui::Label::new(m.short_kind_word()).selectable(false));
                });
                row.col(|ui| {
                    ui.add(
                        egui::Label::new(crate::timeline::short_status(m, year)).selectable(false),
                    );
                });
                if row.response().clicked() {
                    out.push(ViewCmd::Select(Some(i)).into());
                    out.push(CameraCmd::ShowMission(i).into());
                }
            });
        });
}
