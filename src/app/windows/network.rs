//! Network windows: the ranking of sending states in the year (with the filters), and who
//! is in a host country (every mission there, grouped by sender). Both follow the slider.

use egui::{RichText, Ui};
use egui_extras::{Column, TableBuilder};

use super::ViewCtx;
use crate::app::command::{CameraCmd, Command, ViewCmd};
use crate::filter::Filter;
use crate::network::{self, SenderStats};
use crate::senders::{Counting, SenderClass};
use crate::timeline::state_at;

/// The ranking's columns, to sort by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RankBy {
    Sender,
    Missions,
    Hosts,
    Covered,
    MayBeOpen,
}

/// What the ranking's rows were made for: the year, the filter, the data set (by where its
/// missions are) and what is counted.
type RowsKey = (i32, Filter, usize, Counting);

/// The ranking window: its order, and the rows for the (year, filter) they were made for.
#[derive(Debug, Clone)]
pub struct RankingWindow {
    pub by: RankBy,
    pub descending: bool,
    /// Where "Export CSV" writes (empty: the export folder's ranking-YEAR.csv).
    pub csv_path: String,
    rows: Option<(RowsKey, Vec<SenderStats>)>,
}

impl Default for RankingWindow {
    fn default() -> Self {
        RankingWindow {
            by: RankBy::Missions,
            descending: true,
            csv_path: String::new(),
            rows: None,
        }
    }
}

impl RankingWindow {
    /// The rows for the year and the filters on screen (the sender facet aside, so that
    /// every sender can be compared), made again when those change.
    fn rows(&mut self, cx: &ViewCtx<'_>) -> &[SenderStats] {
        let filter = Filter {
            senders: Default::default(),
            ..cx.state.filter.clone()
        };
        let missions = cx.view.missions();
        // The data set is told by where its missions are (a new set is a new vector).
        let key = (
            cx.state.year,
            filter,
            missions.as_ptr() as usize,
            cx.state.counting,
        );
        if self.rows.as_ref().is_none_or(|(k, _)| *k != key) {
            let gaz = crate::gazetteer::Gazetteer::embedded();
            let rows = network::ranking(missions, key.0, Some(&key.1), gaz, key.3);
            self.rows = Some((key, rows));
        }
        self.rows.as_ref().map_or(&[], |(_, r)| r.as_slice())
    }

    pub fn ui(&mut self, ui: &mut Ui, cx: &ViewCtx<'_>, out: &mut Vec<Command>) {
        let year = cx.state.year;
        let (by, descending) = (self.by, self.descending);
        let chosen = cx.state.filter.senders.clone();
        let mut rows: Vec<SenderStats> = self.rows(cx).to_vec();
        rows.sort_by(|a, b| {
            let o = match by {
                RankBy::Sender => a.sender.cmp(&b.sender),
                RankBy::Missions => a.missions.cmp(&b.missions),
                RankBy::Hosts => a.host_countries.cmp(&b.host_countries),
                RankBy::Covered => a.countries_covered.cmp(&b.countries_covered),
                RankBy::MayBeOpen => a.missions_may_be_open.cmp(&b.missions_may_be_open),
            };
            let o = if descending { o.reverse() } else { o };
            o.then_with(|| a.sender.cmp(&b.sender))
        });
        let counting = cx.state.counting;
        let counted = if counting.all_posts {
            "every post (honorary consulates and trade offices too)"
        } else {
            "diplomatic and consular posts (embassies, high commissions, nunciatures, permanent missions, representative offices, consulates general, consulates), as indexes of diplomatic networks count them; no honorary posts, no trade offices"
        };
        ui.label(format!(
            "{} sending states with missions known to operate, or that may operate, in {year}, with the filters applied. Click a row to show that sender's missions only.",
            rows.len()
        ));
        egui::CollapsingHeader::new("What the numbers count")
            .id_salt("ranking-counts")
            .show(ui, |ui| {
                ui.label(format!(
                    "Missions counts {counted}. Host countries and countries covered are sovereign states (the UN's members, the Holy See, the State of Palestine); a mission to an organisation (the UN in New York) makes no host country. \"May be open\" counts the missions no source shows open then, apart from the others. Senders that are not states (sub-state governments, organisations) are left out unless asked for; states with limited recognition are marked. Wikidata's record of 2022 is incomplete for some senders (for China it holds about half the 274 posts Lowy's Global Diplomacy Index counted in 2023), so compare like with like."
                ));
            });
        ui.horizontal(|ui| {
            let mut c = counting;
            ui.checkbox(&mut c.all_posts, "Count honorary posts and trade offices")
                .on_hover_text("Indexes of diplomatic networks leave them out");
            ui.checkbox(&mut c.all_senders, "Rank senders that are not states")
                .on_hover_text(
                    "Sub-state governments (Quebec, Saxony), organisations and other entities",
                );
            if c != counting {
                out.push(ViewCmd::SetCounting(c).into());
            }
        });
        ui.horizontal(|ui| {
            let suggested = std::path::Path::new(&cx.state.export_dir)
                .join(format!("ranking-{year}.csv"))
                .display()
                .to_string();
            let label = ui.label("Save as");
            ui.add(
                egui::TextEdit::singleline(&mut self.csv_path)
                    .hint_text(&suggested)
                    .desired_width(260.0),
            )
            .labelled_by(label.id);
            if ui
                .button("Export CSV")
                .on_hover_text("The table as `diplomap stats` writes it, for this year, these filters and what is counted")
                .clicked()
            {
                let path = if self.csv_path.trim().is_empty() {
                    suggested
                } else {
                    self.csv_path.trim().to_owned()
                };
                out.push(crate::app::command::FileCmd::ExportRanking(path.into()).into());
            }
        });
        let mut clicked_header = None;
        let mut clicked_row = None;
        TableBuilder::new(ui)
            .striped(true)
            .max_scroll_height(420.0)
            .column(Column::initial(200.0).resizable(true))
            .columns(Column::auto(), 4)
            .header(22.0, |mut h| {
                for (col, name) in [
                    (RankBy::Sender, "Sending state"),
                    (RankBy::Missions, "Missions"),
                    (RankBy::Hosts, "Host countries"),
                    (RankBy::Covered, "Countries covered"),
                    (RankBy::MayBeOpen, "May be open"),
                ] {
                    h.col(|ui| {
                        let arrow = match (by == col, descending) {
                            (true, true) => " ⏷",
                            (true, false) => " ⏶",
                            _ => "",
                        };
                        if ui
                            .button(format!("{name}{arrow}"))
                            .on_hover_text("Sort by this column; again to reverse")
                            .clicked()
                        {
                            clicked_header = Some(col);
                        }
                    });
                }
            })
            .body(|body| {
                body.rows(20.0, rows.len(), |mut row| {
                    let Some(r) = rows.get(row.index()) else {
                        return;
                    };
                    let on = chosen.contains(&r.sender);
                    row.col(|ui| {
                        let name = match r.class {
                            SenderClass::State => r.sender.clone(),
                            c => format!("{} ({})", r.sender, c.label()),
                        };
                        if ui.selectable_label(on, name).clicked() {
                            clicked_row = Some(r.sender.clone());
                        }
                    });
                    for n in [
                        r.missions,
                        r.host_countries,
                        r.countries_covered,
                        r.missions_may_be_open,
                    ] {
                        row.col(|ui| {
                            ui.label(n.to_string());
                        });
                    }
                });
            });
        if let Some(col) = clicked_header {
            if self.by == col {
                self.descending = !self.descending;
            } else {
                self.by = col;
                self.descending = col != RankBy::Sender;
            }
        }
        if let Some(sender) = clicked_row {
            let mut f = cx.state.filter.clone();
            if f.senders.len() == 1 && f.senders.contains(&sender) {
                f.senders.clear();
            } else {
                f.senders = [sender].into();
            }
            out.push(ViewCmd::SetFilter(f).into());
        }
    }
}

/// The who-is-here window: the host country chosen, and a city of it (none: all).
#[derive(Debug, Clone, Default)]
pub struct HostWindow {
    pub country: String,
    pub city: Option<String>,
}

/// "All cities" in the city menu.
const ALL_CITIES: &str = "all cities";

impl HostWindow {
    pub fn ui(&mut self, ui: &mut Ui, cx: &ViewCtx<'_>, out: &mut Vec<Command>) {
        let year = cx.state.year;
        let missions = cx.view.missions();
        let mut countries: Vec<&str> = missions.iter().map(|m| &*m.country).collect();
        countries.sort_unstable();
        countries.dedup();
        if self.country.is_empty()
            && let Some(first) = cx
                .view
                .dataset()
                .focus
                .as_deref()
                .or(countries.first().copied())
        {
            self.country = first.to_owned();
        }
        let before = self.country.clone();
        name_picker(ui, "Host country", &mut self.country, &countries);
        if before != self.country {
            self.city = None;
        }
        let mut cities: Vec<&str> = missions
            .iter()
            .filter(|m| *m.country == *self.country)
            .map(|m| &*m.city)
            .collect();
        cities.sort_unstable();
        cities.dedup();
        let mut city = self.city.clone().unwrap_or_else(|| ALL_CITIES.to_owned());
        let mut names = vec![ALL_CITIES];
        names.extend(cities);
        name_picker(ui, "City", &mut city, &names);
        self.city = (city != ALL_CITIES).then_some(city);
        ui.label(RichText::new("Click a country on the map, or a mission, to look there.").weak());
        // Every mission there operating, or that may be, in the year, grouped by sender;
        // those that may be are counted apart and marked.
        let mut here: Vec<(usize, &crate::model::Mission)> = missions
            .iter()
            .enumerate()
            .filter(|(_, m)| {
                *m.country == *self.country
                    && self.city.as_deref().is_none_or(|c| *m.city == *c)
                    && state_at(m, year).may_be_active()
            })
            .collect();
        let may_be = here
            .iter()
            .filter(|(_, m)| !state_at(m, year).is_active())
            .count();
        here.sort_by(|(_, a), (_, b)| {
            (&*a.sending_state, &*a.city).cmp(&(&*b.sending_state, &*b.city))
        });
        let senders = {
            let mut s: Vec<&str> = here.iter().map(|(_, m)| &*m.sending_state).collect();
            s.dedup();
            s.len()
        };
        let place = match &self.city {
            Some(c) => format!("{c}, {}", self.country),
            None => self.country.clone(),
        };
        ui.strong(format!(
            "{} missions of {} sending states in {place} in {year}",
            here.len(),
            senders,
        ));
        if may_be > 0 {
            ui.label(format!(
                "{may_be} of them may be open (no source shows them open in {year}), marked \"?\""
            ));
        }
        egui::ScrollArea::vertical()
            .max_height(420.0)
            .id_salt("host-missions")
            .show(ui, |ui| {
                let mut last = "";
                for (i, m) in &here {
                    if *m.sending_state != *last {
                        last = &m.sending_state;
                        ui.add_space(4.0);
                        ui.label(RichText::new(last).strong());
                    }
                    let selected = cx.view.selected() == Some(*i);
                    let mark = if state_at(m, year).is_active() {
                        ""
                    } else {
                        " ?"
                    };
                    let text = format!("{} · {}{mark}", m.kind_word(), m.city);
                    if ui
                        .selectable_label(selected, text)
                        .on_hover_text("Select it and show it on the map")
                        .clicked()
                    {
                        out.push(ViewCmd::Select(Some(*i)).into());
                        out.push(CameraCmd::ShowMission(*i).into());
                    }
                }
            });
    }
}

/// The change window: two years, and whether the map marks what changed between them.
#[derive(Debug, Clone, Default)]
pub struct ChangeWindow {
    pub from: i32,
    pub to: i32,
}

impl ChangeWindow {
    pub fn ui(&mut self, ui: &mut Ui, cx: &ViewCtx<'_>, out: &mut Vec<Command>) {
        let (first, last) = (cx.view.first_year(), cx.view.last_year());
        if self.from == 0 {
            (self.from, self.to) = (1990.clamp(first, last), 2000.clamp(first, last));
        }
        let marks = cx.view.change();
        // The window shows the years marked on the map, however they were chosen.
        if let Some(m) = marks {
            (self.from, self.to) = (m.from, m.to);
        }
        let before = (self.from, self.to);
        ui.horizontal(|ui| {
            let l = ui.label("From");
            ui.add(egui::DragValue::new(&mut self.from).range(first..=last))
                .labelled_by(l.id);
            let l = ui.label("to");
            ui.add(egui::DragValue::new(&mut self.to).range(first..=last))
                .labelled_by(l.id);
        });
        let valid = self.from < self.to;
        if !valid {
            ui.colored_label(
                ui.visuals().warn_fg_color,
                "The first year must be before the last.",
            );
        }
        let mut marking = marks.is_some();
        if ui
            .add_enabled(
                valid,
                egui::Checkbox::new(&mut marking, "Mark them on the map"),
            )
            .on_hover_text("A ring around each mission that opened (blue) or closed (red)")
            .changed()
        {
            out.push(ViewCmd::SetChange(marking.then_some((self.from, self.to))).into());
        }
        if marks.is_some() && valid && before != (self.from, self.to) {
            out.push(ViewCmd::SetChange(Some((self.from, self.to))).into());
        }
        let Some(m) = marks.filter(|m| (m.from, m.to) == (self.from, self.to)) else {
            if valid {
                ui.label(RichText::new("Tick the box to see the changes.").weak());
            }
            return;
        };
        ui.strong(format!(
            "{} opened and {} closed in the years after {} up to {}",
            m.opened.len(),
            m.closed.len(),
            m.from,
            m.to
        ));
        let mut list_only = m.list_only;
        if ui
            .checkbox(&mut list_only, "The mission list shows just these")
            .changed()
        {
            out.push(ViewCmd::SetChangeListOnly(list_only).into());
        }
        let missions = cx.view.missions();
        egui::ScrollArea::vertical()
            .max_height(360.0)
            .id_salt("change-list")
            .show(ui, |ui| {
                for (what, list) in [("Opened", &m.opened), ("Closed", &m.closed)] {
                    ui.label(RichText::new(format!("{what} ({})", list.len())).strong());
                    for &(i, year) in list {
                        let Some(ms) = missions.get(i) else {
                            continue;
                        };
                        let text = format!(
                            "{year} · {} of {} in {}, {}",
                            ms.kind_word(),
                            ms.sending_state,
                            ms.city,
                            ms.country
                        );
                        let on = cx.view.selected() == Some(i);
                        if ui.selectable_label(on, text).clicked() {
                            out.push(ViewCmd::Select(Some(i)).into());
                            out.push(CameraCmd::ShowMission(i).into());
                        }
                    }
                }
            });
    }
}

/// The reciprocity window: two sending states.
#[derive(Debug, Clone, Default)]
pub struct ReciprocityWindow {
    pub a: String,
    pub b: String,
}

impl ReciprocityWindow {
    pub fn ui(&mut self, ui: &mut Ui, cx: &ViewCtx<'_>, out: &mut Vec<Command>) {
        let year = cx.state.year;
        let missions = cx.view.missions();
        let mut senders: Vec<&str> = missions.iter().map(|m| &*m.sending_state).collect();
        senders.sort_unstable();
        senders.dedup();
        name_picker(ui, "State A", &mut self.a, &senders);
        name_picker(ui, "State B", &mut self.b, &senders);
        if self.a.is_empty() || self.b.is_empty() || self.a == self.b {
            ui.label(RichText::new("Choose two sending states.").weak());
            return;
        }
        let gaz = crate::gazetteer::Gazetteer::embedded();
        // The sender facet aside: the two states are chosen here.
        let others = Filter {
            senders: Default::default(),
            ..cx.state.filter.clone()
        };
        let r = network::reciprocity(missions, &self.a, &self.b, year, Some(&others), gaz);
        let (a, b) = (&self.a, &self.b);
        egui::ScrollArea::vertical()
            .max_height(380.0)
            .id_salt("reciprocity")
            .show(ui, |ui| {
                for (title, list) in [
                    (format!("{a}'s missions in {b}"), &r.a_in_b),
                    (format!("{b}'s missions in {a}"), &r.b_in_a),
                    (
                        format!("{a}'s missions elsewhere accredited to {b}"),
                        &r.a_covering_b,
                    ),
                    (
                        format!("{b}'s missions elsewhere accredited to {a}"),
                        &r.b_covering_a,
                    ),
                ] {
                    ui.label(RichText::new(format!("{title} in {year}: {}", list.len())).strong());
                    for &i in list {
                        let Some(m) = missions.get(i) else {
                            continue;
                        };
                        let text = format!("{} · {}, {}", m.kind_word(), m.city, m.country);
                        if ui
                            .selectable_label(cx.view.selected() == Some(i), text)
                            .clicked()
                        {
                            out.push(ViewCmd::Select(Some(i)).into());
                            out.push(CameraCmd::ShowMission(i).into());
                        }
                    }
                    ui.add_space(4.0);
                }
            });
    }
}

/// The coverage window: which sender's coverage the map shades.
#[derive(Debug, Clone, Default)]
pub struct CoverageWindow {
    pub sender: String,
}

impl CoverageWindow {
    pub fn ui(&mut self, ui: &mut Ui, cx: &ViewCtx<'_>, out: &mut Vec<Command>) {
        let missions = cx.view.missions();
        let mut senders: Vec<&str> = missions.iter().map(|m| &*m.sending_state).collect();
        senders.sort_unstable();
        senders.dedup();
        let shading = cx.view.coverage();
        let before = self.sender.clone();
        name_picker(ui, "Sending state", &mut self.sender, &senders);
        let mut on = shading.is_some();
        if ui
            .checkbox(&mut on, "Shade the map")
            .on_hover_text("Countries with a resident mission, and those covered from elsewhere")
            .changed()
        {
            out.push(ViewCmd::SetCoverage(on.then(|| self.sender.clone())).into());
        }
        if shading.is_some() && before != self.sender {
            out.push(ViewCmd::SetCoverage(Some(self.sender.clone())).into());
        }
        let Some(c) = shading.filter(|c| c.sender == self.sender) else {
            return;
        };
        // Sovereign states are counted; other places (territories, states of limited
        // recognition, names no gazetteer knows) are shaded and listed apart.
        let count = |k: network::Coverage| {
            c.countries
                .iter()
                .filter(|(key, v)| **v == k && crate::senders::is_sovereign(key))
                .count()
        };
        let others: Vec<String> = c
            .countries
            .keys()
            .filter(|k| !crate::senders::is_sovereign(k))
            .map(|k| {
                crate::gazetteer::Gazetteer::embedded()
                    .country(k)
                    .map_or_else(|| k.clone(), |g| g.name.clone())
            })
            .collect();
        let resident = count(network::Coverage::Resident);
        let accredited = count(network::Coverage::Accredited);
        let may_be = count(network::Coverage::MayBeCovered);
        let dark = ui.visuals().dark_mode;
        for (label, color) in [
            (
                format!("resident mission: {resident} countries"),
                crate::app::map::coverage_color(network::Coverage::Resident, dark),
            ),
            (
                format!("accredited from elsewhere: {accredited} countries"),
                crate::app::map::coverage_color(network::Coverage::Accredited, dark),
            ),
            (
                format!(
                    "may be covered: {may_be} countries (only by missions no source shows open then)"
                ),
                crate::app::map::coverage_color(network::Coverage::MayBeCovered, dark),
            ),
        ] {
            ui.horizontal(|ui| {
                let (r, _) = ui.allocate_exact_size(egui::vec2(20.0, 14.0), egui::Sense::hover());
                ui.painter().rect_filled(r, 2.0, color);
                ui.label(label);
            });
        }
        if !others.is_empty() {
            ui.label(format!(
                "also, not counted among the countries: {}",
                others.join(", ")
            ));
        }
        ui.label(
            RichText::new(format!(
                "{} in {}, with the filters (the sending-state facet aside); diplomatic and consular posts{}, missions to organisations making no host country; countries are sovereign states (the UN's members, the Holy See, the State of Palestine); other countries are not covered. It follows the slider.",
                c.sender,
                c.year,
                if cx.state.counting.all_posts { ", honorary posts and trade offices" } else { "" }
            ))
            .weak(),
        );
    }
}

/// A labelled menu of names (sending states, host countries); `value` is the one chosen.
/// A drop-down of names with a search field at its top: typing narrows the list (accents
/// and case aside), so that one of 215 names is found in a keystroke or two.
fn name_picker(ui: &mut Ui, label: &str, value: &mut String, names: &[&str]) {
    ui.horizontal(|ui| {
        let l = ui.label(label);
        let find_id = egui::Id::unique(("name-picker-find", label));
        egui::ComboBox::from_id_salt(label)
            .selected_text(value.as_str())
            .height(400.0)
            .show_ui(ui, |ui| {
                let mut find: String = ui.data(|d| d.get_temp(find_id)).unwrap_or_default();
                let field = ui.add(
                    egui::TextEdit::singleline(&mut find)
                        .hint_text("Type to find")
                        .desired_width(220.0),
                );
                let field = field.on_hover_text(format!("Find a name in {label}"));
                if ui.memory(|m| m.focused().is_none()) {
                    field.request_focus();
                }
                ui.data_mut(|d| d.insert_temp(find_id, find.clone()));
                let folded = crate::text::fold(find.trim());
                let mut any = false;
                for s in names {
                    if folded.is_empty() || crate::text::fold(s).contains(&*folded) {
                        any = true;
                        ui.selectable_value(value, (*s).to_owned(), *s);
                    }
                }
                if !any {
                    ui.label(RichText::new("No name matches").weak());
                }
            })
            .response
            .labelled_by(l.id);
    });
}
