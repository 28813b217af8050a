//! The filter panel: search, status, type, region, organisation, the inbound layer and
//! host countries, each option with the number of missions ticking it would show.

use std::collections::BTreeSet;

use egui::{RichText, Ui};

use super::{ViewCtx, count_label, labelled_field};
use crate::app::actions::Action;
use crate::app::command::{Command, ViewCmd};
use crate::app::map::{legend, symbol};
use crate::app::style;
use crate::filter::{BILATERAL, Filter};
use crate::model::{MissionKind, Region};
use crate::senders::KindGroup;
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
        TimelineState::MayBeOpen,
        TimelineState::Closing,
        TimelineState::Closed,
        TimelineState::ClosedYearUnknown,
        TimelineState::NotYetOpen,
    ] {
        let n = d.summary.get(st);
        let label = match st {
            TimelineState::Closed => "closed earlier (ghosts)",
            TimelineState::MayBeOpen => "may be open (no source shows it open)",
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
    // The types the data has, and any the user hid, under their groups (as indexes of
    // diplomatic networks group them); a group's box shows or hides all its types.
    let kinds: Vec<MissionKind> = MissionKind::ALL
        .into_iter()
        .filter(|k| cx.view.index().kinds().contains(k) || f.hidden_kinds.contains(k))
        .collect();
    for g in KindGroup::ALL {
        let members: Vec<MissionKind> = kinds
            .iter()
            .copied()
            .filter(|&k| KindGroup::of_kind(k) == g)
            .collect();
        if members.is_empty() {
            continue;
        }
        let n: usize = members
            .iter()
            .map(|k| d.facets.kinds.get(k).copied().unwrap_or(0))
            .sum();
        let all_on = members.iter().all(|k| !f.hidden_kinds.contains(k));
        let mut on = all_on;
        let counted = if g.counted_by_default() {
            "counted in a network's size"
        } else {
            "not counted in a network's size unless asked (Networks → Ranking)"
        };
        if ui
            .checkbox(&mut on, RichText::new(count_label(g.label(), n)).strong())
            .on_hover_text(counted)
            .changed()
        {
            let mut hidden_kinds = f.hidden_kinds.clone();
            for k in &members {
                if all_on {
                    hidden_kinds.insert(*k);
                } else {
                    hidden_kinds.remove(k);
                }
            }
            set(
                out,
                Filter {
                    hidden_kinds,
                    ..f.clone()
                },
            );
        }
        ui.indent(("kind-group", g.label()), |ui| {
            for k in members {
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
        });
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

    // The inbound layer, for a data set that has a focus state.
    if let Some(focus) = cx.view.dataset().focus.as_deref() {
        ui.add_space(4.0);
        ui.strong("Layers");
        let mut inbound = f.show_inbound;
        if ui
            .checkbox(
                &mut inbound,
                count_label(&format!("Foreign missions in {focus}"), d.facets.inbound),
            )
            .on_hover_text(format!(
                "The inbound layer: other states' missions in {focus}"
            ))
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
    }

    ui.add_space(4.0);
    pickers(ui, cx, out);

    ui.add_space(4.0);
    let open = egui::CollapsingHeader::new("Legend")
        .open(Some(cx.state.show_legend))
        .show(ui, |ui| {
            let compare = crate::symbol::compare_colors(&cx.state.filter.senders);
            legend(
                ui,
                dark,
                cx.view.dataset().focus.as_deref(),
                compare.as_deref(),
            )
        });
    if open.header_response.clicked() {
        out.extend(Action::ToggleLegend.commands());
    }
}

/// A long facet (host countries, sending states): a search field, the order (by count or
/// by name), and a ticked list with counts. `options` are (key, label) by name; ticking
/// none shows all.
struct Picker<'a> {
    title: &'a str,
    /// The search field's label.
    find: &'a str,
    id: &'a str,
    options: Vec<(&'a str, &'a str)>,
    ticked: &'a BTreeSet<String>,
    counts: &'a std::collections::BTreeMap<String, usize>,
}

impl Picker<'_> {
    /// Shows the picker; returns the new ticked set when the user changed it.
    fn ui(self, ui: &mut Ui) -> Option<BTreeSet<String>> {
        let mut changed = None;
        ui.horizontal(|ui| {
            ui.strong(self.title);
            if !self.ticked.is_empty()
                && ui
                    .small_button(format!("Clear ({})", self.ticked.len()))
                    .clicked()
            {
                changed = Some(BTreeSet::new());
            }
        });
        // The query and the order are the widget's own: egui keeps them.
        let query_id = ui.scope_id().with((self.id, "query"));
        let by_count_id = ui.scope_id().with((self.id, "by-count"));
        let mut query: String = ui.data_mut(|d| d.get_temp(query_id).unwrap_or_default());
        let resp = labelled_field(ui, self.find, &mut query, "name or code");
        if resp.changed() {
            ui.data_mut(|d| d.insert_temp(query_id, query.clone()));
        }
        let mut by_count: bool = ui.data_mut(|d| d.get_temp(by_count_id).unwrap_or(false));
        ui.horizontal(|ui| {
            ui.label("Order");
            let a = ui.selectable_label(!by_count, "by name").clicked();
            let b = ui.selectable_label(by_count, "by count").clicked();
            if a || b {
                by_count = b;
                ui.data_mut(|d| d.insert_temp(by_count_id, by_count));
            }
        });
        let q = crate::text::fold(&query);
        let count = |key: &str| self.counts.get(key).copied().unwrap_or(0);
        let mut options: Vec<(&str, &str)> = self
            .options
            .iter()
            .copied()
            .filter(|(key, label)| {
                q.is_empty()
                    || crate::text::fold(label).contains(&q)
                    || key.eq_ignore_ascii_case(&q)
            })
            .collect();
        if by_count {
            // Stable: equal counts stay by name.
            options.sort_by_key(|(key, _)| std::cmp::Reverse(count(key)));
        }
        // Eight rows and a half to begin with (the half says there is more), as tall as
        // the user drags its corner; the list scrolls inside.
        let row = ui.spacing().interact_size.y + ui.spacing().item_spacing.y;
        let rows = options.len().max(1) as f32;
        egui::Resize::default()
            .id_salt(("facet-size", self.id))
            .resizable([false, true])
            .default_width(ui.available_width())
            .default_height((8.5 * row).min(rows * row + 4.0))
            .min_height((3.0 * row).min(rows * row + 4.0))
            .max_height(40.0 * row)
            .show(ui, |ui| {
                egui::ScrollArea::vertical()
                    .id_salt(self.id)
                    .auto_shrink([false, false])
                    .show(ui, |ui| {
                        for (key, label) in options {
                            let mut on = self.ticked.contains(key);
                            if ui
                                .checkbox(&mut on, count_label(label, count(key)))
                                .changed()
                            {
                                changed = Some(toggle_set(self.ticked, &key.to_owned()));
                            }
                        }
                    });
            });
        changed
    }
}

/// Host countries and sending states.
fn pickers(ui: &mut Ui, cx: &ViewCtx<'_>, out: &mut Vec<Command>) {
    let f = &cx.state.filter;
    let index = cx.view.index();
    let facets = &cx.derived.facets;
    // A state with limited recognition (and any sender that is no state) is marked.
    let host_labels: Vec<std::borrow::Cow<'_, str>> = index
        .countries()
        .iter()
        .map(|(_, name)| crate::senders::marked(name))
        .collect();
    let hosts = Picker {
        title: "Host country",
        find: "Find",
        id: "countries",
        options: index
            .countries()
            .iter()
            .zip(&host_labels)
            .map(|((code, _), label)| (code.as_str(), label.as_ref()))
            .collect(),
        ticked: &f.countries,
        counts: &facets.countries,
    };
    if let Some(countries) = hosts.ui(ui) {
        set(
            out,
            Filter {
                countries,
                ..f.clone()
            },
        );
    }
    ui.add_space(4.0);
    let sender_labels: Vec<std::borrow::Cow<'_, str>> = index
        .senders()
        .iter()
        .map(|s| crate::senders::marked(s))
        .collect();
    let senders = Picker {
        title: "Sending state",
        find: "Find sender",
        id: "senders",
        options: index
            .senders()
            .iter()
            .zip(&sender_labels)
            .map(|(s, label)| (s.as_str(), label.as_ref()))
            .collect(),
        ticked: &f.senders,
        counts: &facets.senders,
    };
    if let Some(senders) = senders.ui(ui) {
        set(
            out,
            Filter {
                senders,
                ..f.clone()
            },
        );
    }
}
