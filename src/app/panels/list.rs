//! The mission list: the shown missions in the chosen order; a click selects one and
//! flies the map to it.

use egui::{RichText, Ui};

use super::ViewCtx;
use crate::app::command::{CameraCmd, Command, UiCmd, ViewCmd};
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
    let selected = cx.view.selected;
    let scroll_to = if cx.scroll_to_selection {
        selected.and_then(|s| d.sorted.iter().position(|&i| i as usize == s))
    } else {
        None
    };
    let shown: Vec<SortKey> = COLUMNS
        .iter()
        .map(|c| c.key)
        .filter(|k| !cx.state.hidden_columns.contains(k))
        .collect();
    // Each column takes the width its content needs, up to its share of the panel: the
    // table always fits the width the user gave the panel (the content never widens it),
    // and a cell too long for its share ends in "…" with the whole text on hover.
    let width = ui.available_width();
    let font = egui::TextStyle::Body.resolve(ui.style());
    let text_width = |t: &str| {
        ui.painter()
            .layout_no_wrap(t.to_owned(), font.clone(), egui::Color32::WHITE)
            .size()
            .x
    };
    let spacing = ui.spacing().item_spacing.x;
    let fixed: f32 = shown
        .iter()
        .filter_map(|&k| column_of(k).fixed.map(|w| text_width(w) + spacing))
        .sum();
    let shares: f32 = shown.iter().map(|&k| column_of(k).share).sum();
    let rest = (width - fixed - spacing * shown.len() as f32).max(0.0);
    let columns: Vec<egui_extras::Column> = shown
        .iter()
        .enumerate()
        .map(|(n, &k)| {
            let c = column_of(k);
            if n + 1 == shown.len() {
                // The last column takes what is left: the table ends at the panel's edge.
                egui_extras::Column::remainder().at_least(36.0).clip(true)
            } else if let Some(w) = c.fixed {
                egui_extras::Column::exact(text_width(w) + spacing).clip(true)
            } else {
                egui_extras::Column::auto()
                    .at_least(30.0)
                    .at_most((rest * c.share / shares.max(0.01)).max(30.0))
                    .clip(true)
            }
        })
        .collect();
    let mut table = egui_extras::TableBuilder::new(ui)
        .striped(true)
        .sense(egui::Sense::click())
        .cell_layout(egui::Layout::left_to_right(egui::Align::Center));
    for c in columns {
        table = table.column(c);
    }
    if let Some(row) = scroll_to {
        table = table.scroll_to_row(row, Some(egui::Align::Center));
    }
    let year = cx.state.year;
    table
        .header(20.0, |mut h| {
            for &k in &shown {
                h.col(|ui| header(ui, cx, k, out));
            }
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
                for &k in &shown {
                    row.col(|ui| body_cell(ui, m, k, year));
                }
                if row.response().clicked() {
                    out.push(ViewCmd::Select(Some(i)).into());
                    out.push(CameraCmd::ShowMission(i).into());
                }
            });
        });
}

/// A column of the list: its heading, the key it sorts by, and how wide it is.
pub struct ListColumn {
    pub key: SortKey,
    pub label: &'static str,
    /// Its share of the width the fixed columns leave.
    share: f32,
    /// A fixed width: that of its widest cell (or its heading with the sort arrow).
    fixed: Option<&'static str>,
}

/// The list's columns, in order. One place: the table, its headings, the column menu and
/// the tests read it.
pub const COLUMNS: [ListColumn; 7] = [
    ListColumn {
        key: SortKey::City,
        label: "City",
        share: 0.25,
        fixed: None,
    },
    ListColumn {
        key: SortKey::Country,
        label: "Country",
        share: 0.25,
        fixed: None,
    },
    ListColumn {
        key: SortKey::Sender,
        label: "Sender",
        share: 0.2,
        fixed: None,
    },
    ListColumn {
        key: SortKey::Kind,
        label: "Type",
        share: 0.15,
        fixed: None,
    },
    ListColumn {
        key: SortKey::Opened,
        label: "Opened",
        share: 0.0,
        fixed: Some("Opened ⏷"),
    },
    ListColumn {
        key: SortKey::Closed,
        label: "Closed",
        share: 0.0,
        fixed: Some("≤8888?"),
    },
    ListColumn {
        key: SortKey::Status,
        label: "Status",
        share: 0.15,
        fixed: None,
    },
];

fn column_of(key: SortKey) -> &'static ListColumn {
    COLUMNS.iter().find(|c| c.key == key).unwrap_or(&COLUMNS[0])
}

/// A column's heading: a click sorts by it (again: the other way); a right click chooses
/// the columns shown.
fn header(ui: &mut Ui, cx: &ViewCtx<'_>, key: SortKey, out: &mut Vec<Command>) {
    let label = column_of(key).label;
    let arrow = if cx.state.sort == key {
        if cx.state.sort_descending {
            " ⏷"
        } else {
            " ⏶"
        }
    } else {
        ""
    };
    let r = ui
        .add(egui::Button::new(RichText::new(format!("{label}{arrow}")).strong()).frame(false))
        .on_hover_text(format!(
            "Sort by {} (right click: choose the columns)",
            label.to_lowercase()
        ));
    if r.clicked() {
        out.push(ViewCmd::SetSort(key).into());
    }
    r.context_menu(|ui| {
        ui.label("Columns shown");
        let shown = COLUMNS
            .iter()
            .filter(|c| !cx.state.hidden_columns.contains(&c.key))
            .count();
        for c in &COLUMNS {
            let mut on = !cx.state.hidden_columns.contains(&c.key);
            // The last column shown stays: a list with no column would show nothing.
            let enabled = !on || shown > 1;
            if ui
                .add_enabled(enabled, egui::Checkbox::new(&mut on, c.label))
                .changed()
            {
                out.push(UiCmd::ToggleColumn(c.key).into());
            }
        }
    });
}

fn body_cell(ui: &mut Ui, m: &crate::model::Mission, key: SortKey, year: i32) {
    match key {
        SortKey::City => {
            // Text from files, with its control characters escaped.
            cell(ui, &crate::text::printable(&m.city));
        }
        SortKey::Country => {
            // A state with limited recognition is marked as everywhere it is named.
            let country = crate::senders::marked(&m.country);
            cell(ui, &crate::text::printable(&country));
        }
        SortKey::Sender => {
            let sender = crate::senders::marked(&m.sending_state);
            cell(ui, &crate::text::printable(&sender));
        }
        SortKey::Kind => {
            cell(ui, m.short_kind_word());
        }
        SortKey::Opened => {
            let text = crate::timeline::opened_cell(m);
            let r = cell(ui, &text);
            if m.opened.is_none() {
                r.on_hover_text(format!(
                    "No source gives the opening year: {}",
                    crate::evidence::opened_text(m)
                ));
            }
        }
        SortKey::Closed => {
            let text = crate::timeline::closed_cell(m);
            let r = cell(ui, &text);
            if text.ends_with('?') {
                r.on_hover_text("Closed in a year no source gives");
            }
        }
        SortKey::Status | SortKey::Region => {
            cell(ui, &crate::timeline::short_status(m, year));
        }
    }
}

/// A cell's text: measured whole while the table sizes its columns, then cut with "…" (the
/// whole text on hover) when its column is narrower.
fn cell(ui: &mut Ui, text: &str) -> egui::Response {
    let wrap = if ui.is_sizing_pass() {
        egui::TextWrapMode::Extend
    } else {
        egui::TextWrapMode::Truncate
    };
    ui.add(egui::Label::new(text).selectable(false).wrap_mode(wrap))
}
