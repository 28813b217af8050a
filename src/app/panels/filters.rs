//! The filter panel: search, status, type, region, organisation, the inbound layer and
//! host countries, each option with the number of missions ticking it would show.

use std::collections::BTreeSet;

use egui::Ui;

use super::{ViewCtx, count_label, labelled_field};
use crate::app::actions::Action;
use crate::app::command::{Command, ViewCmd};
use crate::app::map::{legend, symbol};
use crate::app::style;
use crate::filter::{BILATERAL, Filter};
use crate::model::{MissionKind, Region};
use crate::timeline::TimelineState;

fn toggle_set<T: Ord + Clone>(set: &BTreeSet<T>, item: &T) -> BTreeSet<T> {
    let mut s = set.clone();
    if !s.remove(item) {
        s.insert(item.clone());
    }
    s
}

/// Draws a map symbol at a point.
type DrawSymbol<'a> = dyn Fn(&egui::Painter, egui::Pos2) + 'a;

/// One option of a facet that hides what is unticked: a checkbox with its count, after the
/// option's map symbol when it has one. When clicked, returns the facet's new hidden set.
fn hidden_option<T: Ord + Clone>(
    ui: &mut Ui,
    hidden: &BTreeSet<T>,
    item: &T,
    label: &str,
    count: usize,
    draw: Option<&DrawSymbol<'_>>,
) -> Option<BTreeSet<T>> {
    let mut on = !hidden.contains(item);
    let changed = ui
        .horizontal(|ui| {
            if let Some(draw) = draw {
                symbol(ui, draw);
            }
            ui.checkbox(&mut on, count_label(label, count)).changed()
        })
        .inner;
    changed.then(|| toggle_set(hidden, item))
}

fn set(out: &mut Vec<Command>, f: Filter) {
    out.push(ViewCmd::SetFilter(f).into());
}

pub fn ui(ui: &mut Ui, cx: &ViewCtx<'_>, out: &mut Vec<Command>) {
    let dark = ui.visuals().dark_mode;
    let f = &cx.state.filter;
    let d = cx.derived;
    ui.horizontal(|ui| {
        ui.heading("Filters");
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            Action::ResetFilters.button_labelled(ui, "Reset", !f.is_default(), out);
        });
    });
    let mut text = f.text.clone();
    let hint = format!(
        "city, country, notes ({})",
        Action::Search.shortcut_text(ui.ctx()).unwrap_or_default()
    );
    let search = labelled_field(ui, "Search", &mut text, &hint);
    if cx.focus_search {
        search.request_focus();
    }
    if search.changed() {
        set(out, Filter { text, ..f.clone() });
    }

    ui.add_space(4.0);
    ui.strong(format!("Status in {}", cx.state.year));
    for st in [
        TimelineState::Open,
        TimelineState::Closing,
        TimelineState::Closed,
        TimelineState::ClosedYearUnknown,
        TimelineState::NotYetOpen,
    ] {
        let n = d.summary.get(st);
        let label = match st {
            TimelineState::Closed => "closed earlier (ghosts)",
            other => other.label(),
        };
        let draw = |p: &egui::Painter, c| {
            style::draw_marker(p, c, 6.0, MissionKind::Embassy, st, false, dark);
        };
        if let Some(hidden_states) = hidden_option(ui, &f.hidden_states, &st, label, n, Some(&draw))
        {
            set(
                out,
                Filter {
                    hidden_states,
                    ..f.clone()
                },
            );
        }
    }

    ui.add_space(4.0);
    ui.strong("Mission type");
    // The types the data has, and any the user hid.
    let kinds = MissionKind::ALL
        .into_iter()
        .filter(|k| cx.view.index().kinds().contains(k) || f.hidden_kinds.contains(k));
    for k in kinds {
        let n = d.facets.kinds.get(&k).copied().unwrap_or(0);
        let draw = |p: &egui::Painter, c| {
            style::draw_marker(p, c, 6.0, k, TimelineState::Open, false, dark);
        };
        if let Some(hidden_kinds) =
            hidden_option(ui, &f.hidden_kinds, &k, k.label(), n, Some(&draw))
        {
            set(
                out,
                Filter {
                    hidden_kinds,
                    ..f.clone()
                },
            );
        }
    }

    ui.add_space(4.0);
    ui.strong("Region");
    for r in Region::ALL {
        let n = d.facets.regions.get(&r).copied().unwrap_or(0);
        if let Some(hidden_regions) = hidden_option(ui, &f.hidden_regions, &r, r.as_str(), n, None)
        {
            set(
                out,
                Filter {
                    hidden_regions,
                    ..f.clone()
                },
            );
        }
    }

    ui.add_space(4.0);
    ui.strong("Organisation");
    // Bilateral first, then the organisations by name (the index keeps them sorted).
    let mut orgs: Vec<String> = cx.view.index().organizations().to_vec();
    if !orgs.iter().any(|o| o == BILATERAL) {
        orgs.insert(0, BILATERAL.to_owned());
    }
    for o in &orgs {
        let n = d.facets.organizations.get(o).copied().unwrap_or(0);
        let label = if o.is_empty() {
            "Bilateral (no organisation)"
        } else {
            o.as_str()
        };
        if let Some(hidden_organizations) =
            hidden_option(ui, &f.hidden_organizations, o, label, n, None)
        {
            set(
                out,
                Filter {
                    hidden_organizations,
                    ..f.clone()
                },
            );
        }
    }

    ui.add_space(4.0);
    ui.strong("Layers");
    let mut inbound = f.show_inbound;
    if ui
        .checkbox(
            &mut inbound,
            count_label("Foreign missions in Pyongyang", d.facets.inbound),
        )
        .on_hover_text("The inbound layer: other states' embassies in the sending state")
        .changed()
    {
        set(
            out,
            Filter {
                show_inbound: inbound,
                ..f.clone()
            },
        );
    }

    ui.add_space(4.0);
    country_picker(ui, cx, out);

    ui.add_space(4.0);
    let open = egui::CollapsingHeader::new("Legend")
        .open(Some(cx.state.show_legend))
        .show(ui, |ui| legend(ui, dark));
    if open.header_response.clicked() {
        out.extend(Action::ToggleLegend.commands());
    }
}

/// Host countries: a search field and a ticked list with counts.
fn country_picker(ui: &mut Ui, cx: &ViewCtx<'_>, out: &mut Vec<Command>) {
    let f = &cx.state.filter;
    ui.horizontal(|ui| {
        ui.strong("Host country");
        if !f.countries.is_empty()
            && ui
                .small_button(format!("Clear ({})", f.countries.len()))
                .clicked()
        {
            set(
                out,
                Filter {
                    countries: BTreeSet::new(),
                    ..f.clone()
                },
            );
        }
    });
    // The query is the field's own: egui keeps it for the widget.
    let query_id = ui.scope_id().with("country-query");
    let mut query: String = ui.data_mut(|data| data.get_temp(query_id).unwrap_or_default());
    let resp = labelled_field(ui, "Find", &mut query, "country name");
    if resp.changed() {
        ui.data_mut(|data| data.insert_temp(query_id, query.clone()));
    }
    let q = crate::text::fold(&query);
    egui::ScrollArea::vertical()
        .id_salt("countries")
        .max_height(220.0)
        .show(ui, |ui| {
            for (code, name) in cx.view.index().countries() {
                let (code, name) = (code.as_str(), name.as_str());
                if !q.is_empty()
                    && !crate::text::fold(name).contains(&q)
                    && !code.eq_ignore_ascii_case(&q)
                {
                    continue;
                }
                let n = cx.derived.facets.countries.get(code).copied().unwrap_or(0);
                let mut on = f.countries.contains(code);
                if ui.checkbox(&mut on, count_label(name, n)).changed() {
                    set(
                        out,
                        Filter {
                            countries: toggle_set(&f.countries, &code.to_owned()),
                            ..f.clone()
                        },
                    );
                }
            }
        });
}
