//! The panels around the map. Each reads the app's state and pushes [`Command`]s.

use std::collections::BTreeSet;
use std::path::PathBuf;

use egui::{Key, RichText, Ui};
use walkers::{Map, lon_lat};

use super::map::{CountryLabels, MarkerLayer, OverlayInfo, legend, overlays, status_line, symbol};
use super::{Command, Derived, DiplomapApp, Panel, SortKey, Window};
use super::{map, style};
use crate::export::Format;
use crate::filter::{BILATERAL, Filter};
use crate::model::{Closure, Mission, MissionKind, Region};
use crate::timeline::{FIRST_YEAR, TimelineState};

/// Lays out every panel and the map for one frame.
pub fn show(app: &mut DiplomapApp, ui: &mut Ui) {
    let mut out: Vec<Command> = Vec::new();
    // Borrowed out for the frame (panels read it while they edit other parts of the app)
    // and put back below; nothing here changes it.
    let derived = std::mem::take(&mut app.derived);

    egui::Panel::top("menu").show(ui, |ui| {
        menu_bar(app, ui, &mut out);
    });
    notices(app, ui);
    if app.state.show_timeline {
        egui::Panel::bottom("timeline")
            .resizable(true)
            .default_size(150.0)
            .show(ui, |ui| timeline_panel(app, &derived, ui, &mut out));
    }
    if app.state.show_filters {
        egui::Panel::left("filters")
            .resizable(true)
            .default_size(250.0)
            .show(ui, |ui| {
                egui::ScrollArea::vertical()
                    .show(ui, |ui| filter_panel(app, &derived, ui, &mut out));
            });
    }
    if app.state.show_list || app.selected.is_some() {
        egui::Panel::right("side")
            .resizable(true)
            .default_size(340.0)
            .show(ui, |ui| {
                if app.selected_mission().is_some() {
                    details_panel(app, ui, &mut out);
                    ui.separator();
                }
                if app.state.show_list {
                    list_panel(app, &derived, ui, &mut out);
                }
            });
    }
    egui::CentralPanel::default()
        .frame(egui::Frame::NONE)
        .show(ui, |ui| map_panel(app, &derived, ui, &mut out));

    windows(app, &derived, ui.ctx(), &mut out);
    app.derived = derived;
    app.pending.extend(out);
}

fn menu_bar(app: &DiplomapApp, ui: &mut Ui, out: &mut Vec<Command>) {
    egui::MenuBar::new().ui(ui, |ui| {
        ui.menu_button("File", |ui| {
            if ui.button("Open data file…").clicked() {
                out.push(Command::ShowWindow(Window::Open, true));
            }
            if ui.button("Import source list…").clicked() {
                out.push(Command::ShowWindow(Window::Import, true));
            }
            if ui.button("Export current view…").clicked() {
                out.push(Command::ShowWindow(Window::Export, true));
            }
            ui.separator();
            if ui.button("Quit").clicked() {
                ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
            }
        });
        ui.menu_button("View", |ui| {
            let mut toggle = |ui: &mut Ui, on: bool, label: &str, p: Panel| {
                if ui.selectable_label(on, label).clicked() {
                    out.push(Command::TogglePanel(p));
                }
            };
            toggle(ui, app.state.show_filters, "Filters panel", Panel::Filters);
            toggle(ui, app.state.show_list, "Mission list", Panel::List);
            toggle(ui, app.state.show_timeline, "Timeline", Panel::Timeline);
            toggle(ui, app.state.show_legend, "Legend", Panel::Legend);
            ui.separator();
            if ui.button("Fit all visible missions").clicked() {
                out.push(Command::FitAll);
            }
            ui.separator();
            ui.menu_button("Basemap", |ui| basemap_menu(app, ui, out));
            ui.separator();
            egui::widgets::global_theme_preference_buttons(ui);
        });
        ui.menu_button("Help", |ui| {
            if ui.button("Keyboard shortcuts").clicked() {
                out.push(Command::ShowWindow(Window::Help, true));
            }
            if ui.button("About Diplomap").clicked() {
                out.push(Command::ShowWindow(Window::About, true));
            }
        });
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            let src = app
                .data_path
                .as_ref()
                .map_or("built-in data".to_owned(), |p| p.display().to_string());
            ui.label(RichText::new(format!("{} · {src}", app.dataset.name)).weak());
        });
    });
}

fn basemap_menu(app: &DiplomapApp, ui: &mut Ui, out: &mut Vec<Command>) {
    use super::tiles::Provider;
    for p in [
        Provider::OpenStreetMap,
        Provider::OpenTopoMap,
        Provider::Humanitarian,
        Provider::Embedded,
    ] {
        if ui
            .selectable_label(app.state.provider == p, p.label())
            .clicked()
        {
            out.push(Command::SetProvider(p));
        }
    }
    ui.separator();
    ui.label("Custom tile URL ({z}/{x}/{y}):");
    let mut url = if app.custom_url.is_empty() {
        match &app.state.provider {
            Provider::Custom(u) => u.clone(),
            _ => String::new(),
        }
    } else {
        app.custom_url.clone()
    };
    let edit = ui.add(
        egui::TextEdit::singleline(&mut url)
            .hint_text("https://example.org/{z}/{x}/{y}.png")
            .desired_width(300.0),
    );
    if edit.changed() {
        out.push(Command::SetCustomUrl(url.clone()));
    }
    if ui.button("Use this server").clicked() && !url.trim().is_empty() {
        out.push(Command::SetProvider(Provider::Custom(
            url.trim().to_owned(),
        )));
    }
    ui.label(
        RichText::new("The embedded Natural Earth basemap is always drawn underneath.").weak(),
    );
}

fn notices(app: &mut DiplomapApp, ui: &mut Ui) {
    if app.notices.is_empty() {
        return;
    }
    let mut dismiss = None;
    egui::Panel::top("notices").show(ui, |ui| {
        for (i, n) in app.notices.iter().enumerate() {
            ui.horizontal(|ui| {
                let color = if n.error {
                    ui.visuals().error_fg_color
                } else {
                    ui.visuals().warn_fg_color
                };
                if ui.small_button("Dismiss").clicked() {
                    dismiss = Some(i);
                }
                ui.label(RichText::new(&n.text).color(color));
            });
        }
    });
    if let Some(i) = dismiss {
        app.notices.remove(i);
    }
}

fn count_label(label: &str, n: usize) -> String {
    format!("{label} ({n})")
}

fn toggle_set<T: Ord + Clone>(set: &BTreeSet<T>, item: &T) -> BTreeSet<T> {
    let mut s = set.clone();
    if !s.remove(item) {
        s.insert(item.clone());
    }
    s
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

fn filter_panel(app: &mut DiplomapApp, d: &Derived, ui: &mut Ui, out: &mut Vec<Command>) {
    let dark = ui.visuals().dark_mode;
    let f = &app.state.filter;
    ui.horizontal(|ui| {
        ui.heading("Filters");
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui
                .add_enabled(!f.is_default(), egui::Button::new("Reset"))
                .on_hover_text("Show everything again")
                .clicked()
            {
                out.push(Command::ResetFilters);
            }
        });
    });
    let mut text = f.text.clone();
    let search = labelled_field(ui, "Search", &mut text, "city, country, notes (Ctrl+F)");
    if app.focus_search {
        search.request_focus();
        app.focus_search = false;
    }
    if search.changed() {
        out.push(Command::SetFilter(Filter { text, ..f.clone() }));
    }

    ui.add_space(4.0);
    ui.strong(format!("Status in {}", app.state.year));
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
            out.push(Command::SetFilter(Filter {
                hidden_states,
                ..f.clone()
            }));
        }
    }

    ui.add_space(4.0);
    ui.strong("Mission type");
    for k in MissionKind::ALL {
        let n = d.kind_counts.get(&k).copied().unwrap_or(0);
        let draw = |p: &egui::Painter, c| {
            style::draw_marker(p, c, 6.0, k, TimelineState::Open, false, dark);
        };
        if let Some(hidden_kinds) =
            hidden_option(ui, &f.hidden_kinds, &k, k.label(), n, Some(&draw))
        {
            out.push(Command::SetFilter(Filter {
                hidden_kinds,
                ..f.clone()
            }));
        }
    }

    ui.add_space(4.0);
    ui.strong("Region");
    for r in Region::ALL {
        let n = d.region_counts.get(&r).copied().unwrap_or(0);
        if let Some(hidden_regions) = hidden_option(ui, &f.hidden_regions, &r, r.as_str(), n, None)
        {
            out.push(Command::SetFilter(Filter {
                hidden_regions,
                ..f.clone()
            }));
        }
    }

    ui.add_space(4.0);
    ui.strong("Organisation");
    // Bilateral first, then the organisations by name (the index keeps them sorted).
    let mut orgs: Vec<String> = app.index.organizations().to_vec();
    if !orgs.iter().any(|o| o == BILATERAL) {
        orgs.insert(0, BILATERAL.to_owned());
    }
    for o in &orgs {
        let n = d.organization_counts.get(o).copied().unwrap_or(0);
        let label = if o.is_empty() {
            "Bilateral (no organisation)"
        } else {
            o.as_str()
        };
        if let Some(hidden_organizations) =
            hidden_option(ui, &f.hidden_organizations, o, label, n, None)
        {
            out.push(Command::SetFilter(Filter {
                hidden_organizations,
                ..f.clone()
            }));
        }
    }

    ui.add_space(4.0);
    ui.strong("Layers");
    let inbound_n = d.inbound_count;
    let mut inbound = f.show_inbound;
    if ui
        .checkbox(
            &mut inbound,
            count_label("Foreign missions in Pyongyang", inbound_n),
        )
        .on_hover_text("The inbound layer: other states' embassies in the sending state")
        .changed()
    {
        out.push(Command::SetFilter(Filter {
            show_inbound: inbound,
            ..f.clone()
        }));
    }

    ui.add_space(4.0);
    country_picker(app, d, ui, out);

    ui.add_space(4.0);
    let open = egui::CollapsingHeader::new("Legend")
        .open(Some(app.state.show_legend))
        .show(ui, |ui| legend(ui, dark));
    if open.header_response.clicked() {
        out.push(Command::TogglePanel(Panel::Legend));
    }
}

fn country_picker(app: &mut DiplomapApp, d: &Derived, ui: &mut Ui, out: &mut Vec<Command>) {
    let f = &app.state.filter;
    ui.horizontal(|ui| {
        ui.strong("Host country");
        if !f.countries.is_empty()
            && ui
                .small_button(format!("Clear ({})", f.countries.len()))
                .clicked()
        {
            out.push(Command::SetFilter(Filter {
                countries: BTreeSet::new(),
                ..f.clone()
            }));
        }
    });
    let query_id = ui.scope_id().with("country-query");
    let mut query: String = ui.data_mut(|data| data.get_temp(query_id).unwrap_or_default());
    let resp = labelled_field(ui, "Find", &mut query, "country name");
    if resp.changed() {
        ui.data_mut(|data| data.insert_temp(query_id, query.clone()));
    }
    let q = crate::text::fold(&query);
    let countries = app.index.countries();
    egui::ScrollArea::vertical()
        .id_salt("countries")
        .max_height(220.0)
        .show(ui, |ui| {
            for (code, name) in countries {
                let (code, name) = (code.as_str(), name.as_str());
                if !q.is_empty()
                    && !crate::text::fold(name).contains(&q)
                    && !code.eq_ignore_ascii_case(&q)
                {
                    continue;
                }
                let n = d.country_counts.get(code).copied().unwrap_or(0);
                let mut on = f.countries.contains(code);
                if ui.checkbox(&mut on, count_label(name, n)).changed() {
                    out.push(Command::SetFilter(Filter {
                        countries: toggle_set(&f.countries, &code.to_owned()),
                        ..f.clone()
                    }));
                }
            }
        });
}

fn timeline_panel(app: &DiplomapApp, d: &Derived, ui: &mut Ui, out: &mut Vec<Command>) {
    let year = app.state.year;
    ui.horizontal(|ui| {
        let play_label = if app.playing { "⏸ Pause" } else { "▶ Play" };
        if ui
            .button(play_label)
            .on_hover_text("Play through the years (Space)")
            .clicked()
        {
            out.push(Command::TogglePlay);
        }
        if ui
            .button("⏴")
            .on_hover_text("Previous year (Left arrow)")
            .clicked()
        {
            out.push(Command::StepYear(-1));
        }
        let mut y = year;
        let slider = egui::Slider::new(&mut y, FIRST_YEAR..=app.last_year)
            .text("Year")
            .clamping(egui::SliderClamping::Always)
            .step_by(1.0)
            .integer();
        ui.spacing_mut().slider_width = (ui.available_width() - 330.0).max(200.0);
        if ui.add(slider).changed() {
            out.push(Command::SetYear(y));
        }
        if ui
            .button("⏵")
            .on_hover_text("Next year (Right arrow)")
            .clicked()
        {
            out.push(Command::StepYear(1));
        }
        egui::ComboBox::new("speed", "Speed")
            .selected_text(format!("{} years/s", app.state.play_speed))
            .width(100.0)
            .show_ui(ui, |ui| {
                for s in [0.5f32, 1.0, 2.0, 4.0, 8.0] {
                    if ui
                        .selectable_label(app.state.play_speed == s, format!("{s} years/s"))
                        .clicked()
                    {
                        out.push(Command::SetPlaySpeed(s));
                    }
                }
            });
    });
    ui.label(RichText::new(d.summary.sentence()).strong());
    closure_chart(ui, d, year, app.last_year, out);
}

/// Closures per year as bars, the current year marked; clicking or dragging sets the year.
fn closure_chart(ui: &mut Ui, d: &Derived, year: i32, last: i32, out: &mut Vec<Command>) {
    let h = ui.available_height().clamp(40.0, 120.0);
    let (rect, resp) = ui.allocate_exact_size(
        egui::vec2(ui.available_width(), h),
        egui::Sense::click_and_drag(),
    );
    let total: usize = d.closures.iter().map(|(_, n)| n).sum();
    resp.widget_info(|| {
        egui::WidgetInfo::labeled(
            egui::Role::Figure,
            true,
            format!("Closures per year chart, {total} closures"),
        )
    });
    let painter = ui.painter_at(rect);
    let visuals = ui.visuals();
    painter.rect_filled(rect, 2.0, visuals.extreme_bg_color);
    let years = (last - FIRST_YEAR + 1).max(1) as f32;
    let max = d.closures.iter().map(|(_, n)| *n).max().unwrap_or(0).max(1) as f32;
    let bar_w = rect.width() / years;
    let x_of = |y: i32| rect.left() + (y - FIRST_YEAR) as f32 * bar_w;
    let base = rect.bottom() - 14.0;
    let plot_h = base - rect.top() - 14.0;
    let closing = super::style::state_color(TimelineState::Closing, visuals.dark_mode);
    for &(y, n) in &d.closures {
        if n == 0 {
            continue;
        }
        let bh = plot_h * n as f32 / max;
        let r = egui::Rect::from_min_max(
            egui::pos2(x_of(y) + 0.5, base - bh),
            egui::pos2(x_of(y) + bar_w - 0.5, base),
        );
        painter.rect_filled(
            r,
            0.0,
            if y == year {
                closing
            } else {
                visuals.weak_text_color()
            },
        );
    }
    // Decade ticks.
    let mut y = FIRST_YEAR + (10 - FIRST_YEAR.rem_euclid(10)) % 10;
    while y <= last {
        painter.text(
            egui::pos2(x_of(y), rect.bottom() - 1.0),
            egui::Align2::LEFT_BOTTOM,
            y.to_string(),
            egui::FontId::proportional(10.0),
            visuals.weak_text_color(),
        );
        y += 10;
    }
    let x = x_of(year) + bar_w / 2.0;
    painter.line_segment(
        [egui::pos2(x, rect.top()), egui::pos2(x, base)],
        egui::Stroke::new(2.0, closing),
    );
    let n_this = d
        .closures
        .iter()
        .find(|(y, _)| *y == year)
        .map_or(0, |(_, n)| *n);
    let (label_x, align) = if x > rect.right() - 120.0 {
        (x - 4.0, egui::Align2::RIGHT_TOP)
    } else {
        (x + 4.0, egui::Align2::LEFT_TOP)
    };
    painter.text(
        egui::pos2(label_x, rect.top() + 2.0),
        align,
        format!("{year}: {n_this} closing"),
        egui::FontId::proportional(11.0),
        visuals.text_color(),
    );
    if (resp.clicked() || resp.dragged())
        && let Some(p) = resp.interact_pointer_pos()
    {
        let y = FIRST_YEAR + ((p.x - rect.left()) / bar_w).floor() as i32;
        if y != year {
            out.push(Command::SetYear(y));
        }
    }
    resp.on_hover_text(
        "Missions closed per year (of those passing the filters). Click to go to a year.",
    );
}

fn list_panel(app: &mut DiplomapApp, d: &Derived, ui: &mut Ui, out: &mut Vec<Command>) {
    ui.horizontal(|ui| {
        ui.heading("Missions");
        ui.label(format!(
            "{} shown of {}",
            d.shown,
            app.dataset.missions.len()
        ));
    });
    let header = |ui: &mut Ui, label: &str, key: SortKey, out: &mut Vec<Command>| {
        let arrow = if app.state.sort == key {
            if app.state.sort_descending {
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
            out.push(Command::SetSort(key));
        }
    };
    let scroll_to = if app.scroll_list_to_selection {
        app.scroll_list_to_selection = false;
        app.selected
            .and_then(|s| d.sorted.iter().position(|&i| i == s))
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
        .column(egui_extras::Column::remainder().at_least(50.0).clip(true));
    if let Some(row) = scroll_to {
        table = table.scroll_to_row(row, Some(egui::Align::Center));
    }
    let year = app.state.year;
    table
        .header(20.0, |mut h| {
            h.col(|ui| header(ui, "City", SortKey::City, out));
            h.col(|ui| header(ui, "Country", SortKey::Country, out));
            h.col(|ui| header(ui, "Type", SortKey::Kind, out));
            h.col(|ui| header(ui, "Status", SortKey::Status, out));
        })
        .body(|body| {
            body.rows(20.0, d.sorted.len(), |mut row| {
                let Some(&i) = d.sorted.get(row.index()) else {
                    return;
                };
                let Some(m) = app.dataset.missions.get(i) else {
                    return;
                };
                row.set_selected(app.selected == Some(i));
                row.col(|ui| {
                    ui.add(egui::Label::new(&*m.city).selectable(false));
                });
                row.col(|ui| {
                    ui.add(egui::Label::new(&*m.country).selectable(false));
                });
                row.col(|ui| {
                    ui.add(egui::Label::new(short_kind(m)).selectable(false));
                });
                row.col(|ui| {
                    ui.add(egui::Label::new(short_status(m, year)).selectable(false));
                });
                if row.response().clicked() {
                    out.push(Command::SelectAndShow(i));
                }
            });
        });
}

fn short_kind(m: &Mission) -> String {
    let k = match m.kind {
        MissionKind::Embassy => "Embassy",
        MissionKind::ConsulateGeneral => "Consulate gen.",
        MissionKind::ConsularOffice => "Consular office",
        MissionKind::PermanentMission => "Perm. mission",
        MissionKind::DeFacto => "De facto",
    };
    if m.inbound {
        format!("{k} of {}", m.sending_state)
    } else {
        k.to_owned()
    }
}

fn short_status(m: &Mission, year: i32) -> String {
    match (crate::timeline::state_at(m, year), m.closure) {
        (TimelineState::Open, _) => "open".to_owned(),
        (TimelineState::Closing, _) => format!("closing {year}"),
        (TimelineState::Closed, Closure::InYear(y)) => format!("closed {y}"),
        (TimelineState::NotYetOpen, _) => "not yet open".to_owned(),
        _ => "closed, year ?".to_owned(),
    }
}

fn details_panel(app: &DiplomapApp, ui: &mut Ui, out: &mut Vec<Command>) {
    let Some(m) = app.selected_mission() else {
        return;
    };
    let Some(index) = app.selected else {
        return;
    };
    ui.horizontal(|ui| {
        ui.heading(&*m.city);
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui
                .small_button("Close")
                .on_hover_text("Clear the selection (Esc)")
                .clicked()
            {
                out.push(Command::Select(None));
            }
            if ui.small_button("Show on map").clicked() {
                out.push(Command::SelectAndShow(index));
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
                ui.add(egui::Label::new(v).wrap());
                ui.end_row();
            };
            row(ui, "Type", m.kind.label().to_owned());
            row(
                ui,
                "Host country",
                format!("{} ({})", m.country, m.country_code),
            );
            row(ui, "City", m.city.to_string());
            if m.inbound {
                row(
                    ui,
                    "Mission of",
                    format!("{} (inbound layer)", m.sending_state),
                );
            } else {
                row(ui, "Sending state", m.sending_state.to_string());
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
                &format!("In {}", app.state.year),
                status_line(m, app.state.year),
            );
            row(
                ui,
                "Opened",
                m.opened
                    .map_or("not recorded".to_owned(), |y| y.to_string()),
            );
            let refs = if m.refs.is_empty() {
                "none".to_owned()
            } else {
                m.refs
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
    if !m.notes.is_empty() {
        ui.add_space(4.0);
        ui.label(RichText::new("Notes").weak());
        egui::ScrollArea::vertical()
            .id_salt("notes")
            .max_height(180.0)
            .show(ui, |ui| {
                ui.add(egui::Label::new(&m.notes).wrap());
            });
    }
}

fn map_panel(app: &mut DiplomapApp, d: &Derived, ui: &mut Ui, out: &mut Vec<Command>) {
    let dark = ui.visuals().dark_mode;
    let rect = ui.available_rect_before_wrap();
    app.map_rect = rect;
    // Behind tiles not rendered yet: the basemap's water.
    let [r, g, b] = app.tiles.style(dark).water;
    ui.painter()
        .rect_filled(rect, 0.0, egui::Color32::from_rgb(r, g, b));
    let (lon, lat) = app.state.map_center;
    let attributions = app.attributions();
    let status = app.basemap_status();
    let loading = app.loading_status(ui.input(|i| i.time));
    let can_retry = matches!(
        app.tiles.status(),
        super::tiles::OnlineStatus::Unreachable(_)
    );
    let draw_labels = app.tiles.has_embedded()
        && !matches!(app.tiles.status(), super::tiles::OnlineStatus::Online);
    let expanded = app.expanded.clone();
    // What to draw comes from the index, for the view at the start of the frame.
    let zoom = app.map_memory.zoom();
    let clusters = map::clusters_around(
        &app.index,
        (app.map_center(), zoom),
        rect.size(),
        app.state.year,
    );
    let avoid: Vec<(f64, f64)> = clusters
        .iter()
        .map(|c| {
            c.single
                .and_then(|i| app.dataset.missions.get(i as usize))
                .map_or((c.lon, c.lat), |m| (m.lon(), m.lat()))
        })
        .collect();
    let layer = MarkerLayer {
        missions: &app.dataset.missions,
        index: &app.index,
        clusters: &clusters,
        year: app.state.year,
        selected: app.selected,
        expanded: expanded.as_deref(),
        dark,
        out,
        zoom: 0.0,
    };
    let zoom_before = zoom;
    let (base, online) = app.tiles.layers();
    let mut map = Map::new(base, &mut app.map_memory, lon_lat(lon, lat)).zoom_with_ctrl(false);
    if let Some(online) = online {
        map = map.with_layer(online, 1.0);
    }
    if draw_labels {
        map = map.with_plugin(CountryLabels { dark, avoid });
    }
    let resp = ui.add(map.with_plugin(layer));
    if resp.dragged() || (app.map_memory.zoom() - zoom_before).abs() > 1e-9 {
        // The user moved the map: stop any flight, and remember where we are.
        app.flight = None;
        if app.expanded.is_some() && (app.map_memory.zoom() - zoom_before).abs() > 1e-9 {
            out.push(Command::Collapse);
        }
    }
    if let Some(p) = app.map_memory.detached() {
        app.state.map_center = (p.x(), p.y());
    }
    app.state.map_zoom = app.map_memory.zoom();
    let info = OverlayInfo {
        attributions: &attributions,
        status: status.as_deref(),
        can_retry,
        empty_message: loading
            .as_deref()
            .or((d.shown == 0).then_some("No missions match the filters")),
    };
    overlays(ui, rect, &info, out);
}

fn windows(app: &mut DiplomapApp, d: &Derived, ctx: &egui::Context, out: &mut Vec<Command>) {
    let mut open = app.is_window_open(Window::About);
    egui::Window::new("About Diplomap").open(&mut open).collapsible(false).resizable(false).show(ctx, |ui| {
        ui.label(format!("Diplomap {}", env!("CARGO_PKG_VERSION")));
        ui.label("Explore a country's diplomatic missions on a map and through time.");
        ui.add_space(6.0);
        ui.strong("Data and credits");
        ui.label("Missions: the list of diplomatic missions of North Korea, an encyclopedia article licensed CC BY-SA 4.0. Notes are our own summaries of its facts.");
        ui.hyperlink_to("Wikipedia: Diplomatic missions of North Korea", "https://en.wikipedia.org/wiki/List_of_diplomatic_missions_of_North_Korea");
        ui.label("Place coordinates: GeoNames, CC BY 4.0.");
        ui.hyperlink_to("geonames.org", "https://www.geonames.org/");
        ui.label("Offline basemap: Natural Earth, public domain.");
        ui.hyperlink_to("naturalearthdata.com", "https://www.naturalearthdata.com/");
        ui.label("Map tiles: © OpenStreetMap contributors, ODbL.");
        ui.hyperlink_to("openstreetmap.org/copyright", "https://www.openstreetmap.org/copyright");
        if !app.dataset.source.is_empty() {
            ui.add_space(6.0);
            ui.strong("This data set");
            ui.label(&app.dataset.source);
        }
    });
    if !open && app.is_window_open(Window::About) {
        out.push(Command::ShowWindow(Window::About, false));
    }

    let mut open = app.is_window_open(Window::Help);
    egui::Window::new("Keyboard shortcuts")
        .open(&mut open)
        .collapsible(false)
        .resizable(false)
        .show(ctx, |ui| {
            egui::Grid::new("keys")
                .num_columns(2)
                .striped(true)
                .show(ui, |ui| {
                    for (k, v) in [
                        ("Left / Right arrow", "previous / next year"),
                        ("Shift + Left / Right", "ten years back / forward"),
                        ("Home / End", "first / last year"),
                        ("Space", "play / pause the timeline"),
                        ("+ / -", "zoom in / out"),
                        ("F", "fit all visible missions"),
                        ("Esc", "clear the selection, collapse a cluster"),
                        ("Ctrl + F", "search"),
                        ("Ctrl + E", "export the current view"),
                        ("Ctrl + O", "open a data file"),
                        ("F1", "this window"),
                        (
                            "Mouse",
                            "drag to pan, wheel to zoom, double-click to zoom in",
                        ),
                    ] {
                        ui.strong(k);
                        ui.label(v);
                        ui.end_row();
                    }
                });
        });
    if !open && app.is_window_open(Window::Help) {
        out.push(Command::ShowWindow(Window::Help, false));
    }

    let mut open = app.is_window_open(Window::Export);
    egui::Window::new("Export current view").open(&mut open).collapsible(false).show(ctx, |ui| {
        let n = d.shown;
        ui.label(format!(
            "{n} missions: those passing the filters in {}, with a \"timeline\" column for that year.",
            app.state.year
        ));
        ui.horizontal(|ui| {
            ui.label("Format");
            for f in [Format::GeoJson, Format::Csv] {
                let label = match f {
                    Format::GeoJson => "GeoJSON",
                    Format::Csv => "CSV",
                };
                if ui.radio(app.state.export_format == f, label).clicked() {
                    out.push(Command::SetExportFormat(f));
                }
            }
        });
        egui::Grid::new("export-paths").num_columns(2).show(ui, |ui| {
            let l = ui.label("Folder");
            ui.add(egui::TextEdit::singleline(&mut app.state.export_dir).desired_width(320.0))
                .labelled_by(l.id);
            ui.end_row();
            let l = ui.label("File name");
            ui.add(egui::TextEdit::singleline(&mut app.export_name).desired_width(320.0))
                .labelled_by(l.id);
            ui.end_row();
        });
        let path = PathBuf::from(&app.state.export_dir).join(&app.export_name);
        if ui
            .button("Browse…")
            .on_hover_text("Choose where to save with the system's file dialog")
            .clicked()
        {
            let (name, ext) = match app.state.export_format {
                Format::GeoJson => ("GeoJSON", "geojson"),
                Format::Csv => ("CSV", "csv"),
            };
            // A modal system dialog; without a desktop portal it returns at once with
            // nothing, and the fields above do the job.
            if let Some(chosen) = rfd::FileDialog::new()
                .set_directory(&app.state.export_dir)
                .set_file_name(&app.export_name)
                .add_filter(name, &[ext])
                .save_file()
            {
                out.push(Command::Export {
                    format: app.state.export_format,
                    path: chosen,
                });
            }
        }
        ui.label(RichText::new(format!("Writes {}", path.display())).weak());
        if path.exists() {
            ui.label(RichText::new("A file of that name exists and will be replaced.").color(ui.visuals().warn_fg_color));
        }
        if ui.add_enabled(!app.export_name.trim().is_empty(), egui::Button::new("Export")).clicked()
            || ui.input(|i| i.key_pressed(Key::Enter)) && !app.export_name.trim().is_empty()
        {
            out.push(Command::Export {
                format: app.state.export_format,
                path,
            });
        }
    });
    if !open && app.is_window_open(Window::Export) {
        out.push(Command::ShowWindow(Window::Export, false));
    }

    let mut open = app.is_window_open(Window::Open);
    egui::Window::new("Open data file")
        .open(&mut open)
        .collapsible(false)
        .show(ctx, |ui| {
            ui.label("A Diplomap data file (JSON, as written by `diplomap import`).");
            ui.horizontal(|ui| {
                let l = ui.label("Path");
                ui.add(
                    egui::TextEdit::singleline(&mut app.open_path)
                        .desired_width(360.0)
                        .hint_text("/path/to/missions.json"),
                )
                .labelled_by(l.id);
            });
            if ui
                .button("Browse…")
                .on_hover_text("Choose a file with the system's file dialog")
                .clicked()
                && let Some(chosen) = rfd::FileDialog::new()
                    .add_filter("Diplomap data (JSON)", &["json"])
                    .pick_file()
            {
                out.push(Command::OpenData(chosen));
            }
            let ok = !app.open_path.trim().is_empty();
            if ui.add_enabled(ok, egui::Button::new("Open")).clicked()
                || ok && ui.input(|i| i.key_pressed(Key::Enter))
            {
                out.push(Command::OpenData(PathBuf::from(app.open_path.trim())));
            }
            ui.label(
                RichText::new(
                    "If the file has problems, they are listed and the current data stays loaded.",
                )
                .weak(),
            );
        });
    if !open && app.is_window_open(Window::Open) {
        out.push(Command::ShowWindow(Window::Open, false));
    }

    import_window(app, ctx, out);
}

/// The import window: pick a source list, read it, see every problem with its line, then
/// show the missions or save them as a data file.
fn import_window(app: &mut DiplomapApp, ctx: &egui::Context, out: &mut Vec<Command>) {
    let mut open = app.is_window_open(Window::Import);
    egui::Window::new("Import source list")
        .open(&mut open)
        .collapsible(false)
        .default_width(560.0)
        .show(ctx, |ui| {
            ui.label("A list of missions in the source's table format: pipe tables with Host country, Host city, Mission and Ref. columns (and Year closed for closed missions).");
            ui.horizontal(|ui| {
                let l = ui.label("List");
                ui.add(
                    egui::TextEdit::singleline(&mut app.import_path)
                        .desired_width(340.0)
                        .hint_text("/path/to/list.txt"),
                )
                .labelled_by(l.id);
                if ui
                    .button("Browse…")
                    .on_hover_text("Choose a file with the system's file dialog")
                    .clicked()
                    && let Some(chosen) = rfd::FileDialog::new().pick_file()
                {
                    app.import_path = chosen.display().to_string();
                }
            });
            ui.horizontal(|ui| {
                let l = ui.label("Sending state");
                ui.add(egui::TextEdit::singleline(&mut app.import_sender).desired_width(200.0))
                    .labelled_by(l.id);
            });
            ui.checkbox(
                &mut app.import_strict,
                "Strict: import nothing if any row has a problem",
            );
            let ok = !app.import_path.trim().is_empty();
            if ui.add_enabled(ok, egui::Button::new("Read list")).clicked() {
                out.push(Command::RunImport {
                    path: PathBuf::from(app.import_path.trim()),
                    strict: app.import_strict,
                });
            }
            let Some(r) = &app.import_result else {
                return;
            };
            ui.separator();
            if let Some(e) = &r.error {
                ui.colored_label(ui.visuals().error_fg_color, e);
                return;
            }
            let n = r.report.missions.len();
            let p = r.report.problems.len();
            let plural = |k: usize, one: &str, many: &str| {
                format!("{k} {}", if k == 1 { one } else { many })
            };
            ui.strong(format!(
                "{} read from {}; {} skipped.",
                plural(n, "mission", "missions"),
                plural(r.report.tables.len(), "table", "tables"),
                plural(p, "row", "rows"),
            ));
            for line in r.report.table_summary() {
                ui.label(RichText::new(line).weak());
            }
            if p > 0 {
                ui.label(RichText::new("Problems").strong());
                egui::ScrollArea::vertical()
                    .max_height(180.0)
                    .id_salt("import-problems")
                    .show(ui, |ui| {
                        for problem in &r.report.problems {
                            ui.label(RichText::new(problem.to_string()).monospace());
                        }
                    });
            }
            if r.strict && p > 0 {
                ui.colored_label(
                    ui.visuals().warn_fg_color,
                    "Strict mode: nothing was imported. Fix the rows above, or untick Strict to skip them.",
                );
                return;
            }
            if n == 0 {
                return;
            }
            ui.horizontal(|ui| {
                if ui.button(format!("Show these {n} missions")).clicked() {
                    out.push(Command::UseImport);
                }
                let l = ui.label("Data file");
                ui.add(
                    egui::TextEdit::singleline(&mut app.import_save_path)
                        .desired_width(220.0)
                        .hint_text("/path/to/missions.json"),
                )
                .labelled_by(l.id);
                let ok = !app.import_save_path.trim().is_empty();
                if ui
                    .add_enabled(ok, egui::Button::new("Save as data file"))
                    .clicked()
                {
                    out.push(Command::SaveImport(PathBuf::from(app.import_save_path.trim())));
                }
            });
        });
    if !open && app.is_window_open(Window::Import) {
        out.push(Command::ShowWindow(Window::Import, false));
    }
}
