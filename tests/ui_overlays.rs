//! Everything drawn over the map is explained, and the window holds still (issue 26):
//! each layer has its entry in the "On the map" box while it is drawn, and goes with its
//! window, its entry's button or Reset; the chart's axis is the slider's range; a notice
//! is a toast that moves no panel.

use crate::common::{harness, state};
use diplomap::app::{DiplomapApp, UiState};
use diplomap::data::Builtin;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

fn open(h: &mut Harness<'_, DiplomapApp>, item: &str) {
    h.get_by_label("Networks").click();
    h.run();
    h.get_by_label_contains(item).click();
    h.run();
}

fn tick_sender(h: &mut Harness<'_, DiplomapApp>, name: &str, n: usize) {
    crate::common::type_into(h, "Find sender", name);
    crate::common::tick_under(h, "Find sender", &format!("{name} ({n})"));
}

/// The layers drawn on the map that have no entry in the "On the map" box.
fn unexplained(h: &Harness<'_, DiplomapApp>) -> Vec<&'static str> {
    let app = h.state();
    let view = app.view();
    let entry = |title: &str| h.query_by_label_contains(title).is_some();
    let mut v = Vec::new();
    if view.coverage().is_some() && !entry("Coverage of ") {
        v.push("coverage");
    }
    if view.change().is_some() && !entry("Changes after ") {
        v.push("change rings");
    }
    if !view.network_lines().is_empty() && !entry("Accreditation lines of the compared senders") {
        v.push("network lines");
    }
    if !view.accreditations().is_empty() && !entry("Where the selected mission is also accredited")
    {
        v.push("accreditation lines");
    }
    if diplomap::symbol::compare_colors(&app.state.filter.senders).is_some()
        && !entry("Comparing senders")
    {
        v.push("compared senders");
    }
    v
}

/// Every layer the app can draw, on at once: Sweden and Norway compared with their
/// accreditation lines, one of their missions selected, coverage and changes.
fn everything_on() -> Harness<'static, DiplomapApp> {
    let st = UiState {
        builtin: Builtin::World,
        ..state(2022, (10.0, 55.0), 3.0)
    };
    let mut h = harness(st);
    tick_sender(&mut h, "Sweden", 108);
    tick_sender(&mut h, "Norway", 85);
    open(&mut h, "Accreditation lines of compared senders");
    open(&mut h, "Coverage map…");
    open(&mut h, "Change between two years…");
    // A mission of theirs that is accredited to more countries than its host.
    let accredited = h
        .state()
        .dataset()
        .missions
        .iter()
        .position(|m| {
            (&*m.sending_state == "Norway" || &*m.sending_state == "Sweden")
                && !diplomap::app::view_model::accreditation_lines(m).is_empty()
        })
        .expect("a Swedish or Norwegian mission with accreditations");
    h.state_mut()
        .push(diplomap::app::ViewCmd::Select(Some(accredited)));
    h.run();
    let app = h.state();
    assert!(app.view().coverage().is_some(), "coverage opens drawn");
    assert!(app.view().change().is_some(), "the changes open marked");
    assert!(!app.network_lines().is_empty());
    assert!(!app.accreditation_lines().is_empty());
    assert_eq!(unexplained(&h), Vec::<&str>::new());
    h.get_by_label("On the map");
    h
}

#[test]
fn closing_each_window_takes_its_layer_away() {
    let mut h = everything_on();
    // The coverage window opened on the first compared sender.
    h.get_by_label_contains("Coverage of Norway, 2022");
    // Escape closes the window in front: the change window (opened last), then the
    // coverage one; each takes its layer and its entry with it.
    h.key_press(egui::Key::Escape);
    h.run();
    assert!(h.state().view().change().is_none());
    assert!(h.query_by_label_contains("Changes after ").is_none());
    assert!(h.state().view().coverage().is_some());
    assert_eq!(unexplained(&h), Vec::<&str>::new());
    h.key_press(egui::Key::Escape);
    h.run();
    assert!(h.query_by_label_contains("Coverage of ").is_none());
    assert_eq!(unexplained(&h), Vec::<&str>::new());
    // Both windows closed: neither layer is drawn any more.
    assert!(h.state().view().coverage().is_none());
    assert!(h.state().view().change().is_none());
    // Escape deselects: the selection's lines and their entry go.
    h.key_press(egui::Key::Escape);
    h.run();
    assert!(h.state().accreditation_lines().is_empty());
    assert_eq!(unexplained(&h), Vec::<&str>::new());
}

#[test]
fn reset_takes_every_layer_away() {
    let mut h = everything_on();
    // What the filter panel's Reset sends (the windows opened may cover the button).
    h.state_mut().push(diplomap::app::ViewCmd::ResetFilters);
    h.run();
    let app = h.state();
    assert!(app.view().coverage().is_none());
    assert!(app.view().change().is_none());
    assert!(app.network_lines().is_empty());
    assert!(!app.state.show_network_lines);
    assert!(diplomap::symbol::compare_colors(&app.state.filter.senders).is_none());
    assert_eq!(unexplained(&h), Vec::<&str>::new());
    // Only the selection is left, and it is explained.
    h.get_by_label("Where the selected mission is also accredited");
}

#[test]
fn each_entry_hides_its_own_layer() {
    let mut h = everything_on();
    for (button, gone) in [
        ("Hide coverage", "Coverage of "),
        ("Hide changes", "Changes after "),
        ("Hide lines", "Accreditation lines of the compared senders"),
        ("Deselect", "Where the selected mission is also accredited"),
        ("Stop comparing", "Comparing senders"),
    ] {
        h.get_by_label(button).click();
        h.run();
        assert!(h.query_by_label_contains(gone).is_none(), "{button}");
        assert_eq!(unexplained(&h), Vec::<&str>::new(), "{button}");
    }
    let app = h.state();
    assert!(app.view().coverage().is_none() && app.view().change().is_none());
    assert!(app.network_lines().is_empty() && app.accreditation_lines().is_empty());
    assert!(app.state.filter.senders.is_empty());
    assert!(h.query_by_label("On the map").is_none());
}

#[test]
fn the_change_rings_follow_every_filter() {
    let st = UiState {
        builtin: Builtin::World,
        ..state(2022, (10.0, 55.0), 3.0)
    };
    let mut h = harness(st);
    open(&mut h, "Change between two years…");
    h.state_mut()
        .push(diplomap::app::ViewCmd::SetChange(Some((1990, 2000))));
    h.run();
    let all = h
        .state()
        .view()
        .change()
        .map(|m| m.closed.len())
        .unwrap_or(0);
    assert!(all > 5, "{all}");
    // Sweden alone: North Korea's closures are not ringed.
    tick_sender(&mut h, "Sweden", 108);
    let marks = h.state().view().change().cloned().expect("marks");
    let missions = &h.state().dataset().missions;
    assert!(
        marks
            .opened
            .iter()
            .chain(&marks.closed)
            .all(|&(i, _)| &*missions[i].sending_state == "Sweden"),
        "only Sweden's changes"
    );
    assert!(marks.closed.len() < all);
    h.get_by_label(&format!("closed ({})", marks.closed.len()));
}

#[test]
fn the_charts_axis_is_the_sliders_range_and_its_cursor_the_sliders_year() {
    let st = UiState {
        builtin: Builtin::World,
        ..state(1900, (10.0, 55.0), 3.0)
    };
    let mut h = harness(st);
    h.run();
    let (first, last) = (h.state().view().first_year(), h.state().view().last_year());
    assert!(
        first < 1900,
        "the world set's timeline reaches back before 1900"
    );
    let chart = h.get_by_label_contains("Network through time chart");
    let label = crate::common::text_of(&chart);
    assert!(label.contains(&format!("({first}–{last})")), "{label}");
    assert!(label.contains("; 1900 — "), "{label}");
    // A click where the chart draws 1930 sets 1930: the axis the cursor is drawn on is
    // the one clicks are read on, the slider's range.
    let r = chart.rect();
    let axis = |y: i32| r.left() + (y - first) as f32 * r.width() / (last - first + 1) as f32;
    let at = egui::pos2(
        axis(1930) + 0.5 * r.width() / (last - first + 1) as f32,
        r.center().y,
    );
    crate::common::click_at(&mut h, at);
    assert_eq!(h.state().state.year, 1930);
}

#[test]
fn a_notice_is_a_toast_that_moves_no_panel_and_leaves_by_itself() {
    let mut h = harness(state(2000, (20.0, 20.0), 2.0));
    h.run();
    let rects = |h: &Harness<'_, DiplomapApp>| {
        (
            h.state().map_rect(),
            h.get_by_label("Filters").rect(),
            h.get_by_label("Missions").rect(),
            h.get_by_label_contains("Network through time chart").rect(),
        )
    };
    let before = rects(&h);
    let dir = tempfile::tempdir().expect("dir");
    h.state_mut().push(diplomap::app::FileCmd::ExportRanking(
        dir.path().join("ranking.csv"),
    ));
    h.run();
    h.get_by_label_contains("Exported the ranking");
    assert_eq!(rects(&h), before, "a notice moved a panel");
    // An error stays; information leaves after some seconds.
    h.state_mut().push(diplomap::app::FileCmd::ExportRanking(
        dir.path().join("no-such-folder").join("ranking.csv"),
    ));
    h.run();
    assert_eq!(h.state().notices().iter().count(), 2);
    let seconds = diplomap::app::Notices::LINGER + 1.0;
    for _ in 0..(seconds * 60.0) as usize {
        h.step();
    }
    h.run();
    assert!(h.query_by_label_contains("Exported the ranking").is_none());
    let left: Vec<bool> = h.state().notices().iter().map(|n| n.is_error()).collect();
    assert_eq!(left, [true]);
    assert_eq!(rects(&h), before);
}

#[test]
fn export_image_draws_the_layers_and_says_which_filters_made_it() {
    let dir = tempfile::tempdir().expect("dir");
    let mut h = harness(state(2000, (60.0, 30.0), 2.0));
    // A filter beyond the default: Oceania not shown.
    let mut f = h.state().state.filter.clone();
    f.hidden_regions.insert(diplomap::model::Region::Oceania);
    h.state_mut().push(diplomap::app::ViewCmd::SetFilter(f));
    // Layers: North Korea's coverage (the set's own state), the changes of 1990-2000,
    // and a selected mission's accreditation lines (Stockholm's embassy).
    open(&mut h, "Coverage map…");
    open(&mut h, "Change between two years…");
    h.state_mut()
        .push(diplomap::app::ViewCmd::SetChange(Some((1990, 2000))));
    let stockholm = h
        .state()
        .dataset()
        .missions
        .iter()
        .position(|m| &*m.city == "Stockholm" && &*m.sending_state == "North Korea")
        .expect("Stockholm");
    h.state_mut()
        .push(diplomap::app::ViewCmd::Select(Some(stockholm)));
    h.run();
    let rings = {
        let m = h.state().view().change().expect("marked");
        m.opened.len() + m.closed.len()
    };
    let shaded = h.state().view().coverage().map_or(0, |c| c.countries.len());
    assert!(
        rings > 10 && shaded > 10,
        "{rings} rings, {shaded} countries"
    );
    let lines = h.state().accreditation_lines().len();
    assert!(lines > 3, "{lines}");
    // Export image, as SVG, through its window (opened over the others, by what its menu
    // item sends: the windows opened cover the menu bar's first items).
    h.state_mut().push(diplomap::app::UiCmd::ShowWindow(
        diplomap::app::windows::WindowKind::ExportImage,
        true,
    ));
    h.run();
    crate::common::type_into(&mut h, "Folder", &dir.path().display().to_string());
    h.get_by_label("SVG").click();
    h.run();
    h.get_by_role_and_label(egui::accesskit::Role::Button, "Export")
        .click();
    crate::common::wait_until(&mut h, "the image", |h| {
        h.query_by_label_contains("Saved the map of 2000").is_some()
    });
    let svg = std::fs::read_to_string(dir.path().join("diplomap-2000.svg")).expect("written");
    // To look at it: DIPLOMAP_TEST_OUT=folder keeps a copy, and the same as PNG.
    if let Some(out) = std::env::var_os("DIPLOMAP_TEST_OUT") {
        let _ = std::fs::write(std::path::Path::new(&out).join("layers.svg"), &svg);
        h.state_mut().push(diplomap::app::UiCmd::ShowWindow(
            diplomap::app::windows::WindowKind::ExportImage,
            true,
        ));
        h.run();
        crate::common::type_into(
            &mut h,
            "Folder",
            &std::path::Path::new(&out).display().to_string(),
        );
        h.get_by_label("PNG").click();
        h.run();
        h.get_by_role_and_label(egui::accesskit::Role::Button, "Export")
            .click();
        let png = std::path::Path::new(&out).join("diplomap-2000.png");
        crate::common::wait_until(&mut h, "the PNG", |_| png.exists());
    }
    // Each layer's items, as many as the map draws.
    let group = |class: &str| {
        svg.split(&format!("<g class=\"{class}\""))
            .nth(1)
            .map(|rest| rest.to_owned())
            .unwrap_or_default()
    };
    let rings_drawn = group("change-rings")
        .split("</g>")
        .next()
        .map_or(0, |g| g.matches("<circle").count());
    assert_eq!(rings_drawn, rings, "a ring per changed mission");
    let lines_drawn = group("overlay-lines")
        .split("</g>")
        .next()
        .map_or(0, |g| g.matches("<path").count());
    assert_eq!(lines_drawn, lines, "a path per accreditation line");
    let shaded_drawn = svg.matches("<g class=\"shaded\"").count();
    assert!(shaded_drawn >= 10, "{shaded_drawn} countries shaded");
    // The legend explains each, and the caption names the filter.
    for title in [
        "Coverage of North Korea, 2000",
        "Changes after 1990 up to 2000",
        "Where the selected mission is also accredited",
    ] {
        assert!(svg.contains(title), "{title} in the legend");
    }
    assert!(
        svg.contains("Filters: regions not shown: Oceania"),
        "the caption"
    );
}
