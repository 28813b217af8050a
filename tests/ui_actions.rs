//! What a user does, through the UI only (egui_kittest, headless): keys, playback, list
//! sorting, the theme, opening and exporting through the windows, settings that come back,
//! the search box and the counts beside the filter options. These guard the app's
//! behaviour while its insides change.

use crate::common::{
    column_words, export_through_the_window, open_through_the_window, shown_ids, type_into,
    wait_until,
};
use diplomap::app::{DiplomapApp, Options, ThemeChoice, UiState};
use diplomap::filter::Filter;
use diplomap::model::MissionKind;
use diplomap::text::fold;
use diplomap::timeline::FIRST_YEAR;
use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

fn harness(year: i32, center: (f64, f64), zoom: f64) -> Harness<'static, DiplomapApp> {
    crate::common::harness(crate::common::state(year, center, zoom))
}

/// The notices on screen: the labels under the menu bar that name a file or say what
/// happened ("Exported …", "… cannot write …", "Opened …").
fn notices(h: &Harness<'_, DiplomapApp>) -> Vec<String> {
    ["Exported", "cannot", "Opened", "could not", "Saved"]
        .iter()
        .flat_map(|w| {
            h.query_all_by_label_contains(w)
                .map(|n| crate::common::text_of(&n))
        })
        .collect()
}

#[test]
fn settings_from_a_valid_file_come_back() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("settings.ron");
    let saved = UiState {
        year: 1990,
        filter: Filter {
            hidden_kinds: [MissionKind::ConsulateGeneral].into_iter().collect(),
            text: "embassy".into(),
            ..Filter::default()
        },
        map_center: (2.35, 48.85),
        map_zoom: 6.0,
        show_list: false,
        show_filters: true,
        play_speed: 4.0,
        ..UiState::default()
    };
    diplomap::app::settings::save(&path, &saved).expect("save");
    let options = Options {
        offline: true,
        settings: Some(path.clone()),
        ..Default::default()
    };
    let h = crate::common::harness_with_options(options);
    let s = &h.state().state;
    assert_eq!(s.year, 1990);
    assert_eq!(s.filter, saved.filter);
    assert!(!s.show_list);
    let (lon, lat) = h.state().map_center();
    assert!(
        (lon - 2.35).abs() < 1e-6 && (lat - 48.85).abs() < 1e-6,
        "{lon} {lat}"
    );
    assert!((h.state().map_zoom() - 6.0).abs() < 1e-9);
    // What the user sees: the year, the search text, no list, the speed.
    h.get_by_label_contains("1990: ");
    assert_eq!(h.get_by_label("Search").value().as_deref(), Some("embassy"));
    assert!(
        h.query_by_label("Missions").is_none(),
        "the list stays hidden"
    );
    assert_eq!(
        h.get_by_role(Role::ComboBox).value().as_deref(),
        Some("4 years/s")
    );
    assert!(notices(&h).is_empty(), "{:?}", notices(&h));
}

#[test]
fn play_pause_and_speed() {
    let mut h = harness(1960, (20.0, 20.0), 2.0);
    h.get_by_role(Role::ComboBox).click();
    h.run();
    h.get_by_label("8 years/s").click();
    h.run();
    assert_eq!(
        h.get_by_role(Role::ComboBox).value().as_deref(),
        Some("8 years/s")
    );
    h.get_by_label("▶ Play").click();
    // Playing keeps asking for frames; step a fixed number (1/60 s of clock each).
    h.run_steps(3);
    h.get_by_label("⏸ Pause");
    h.run_steps(60);
    // 63 frames of 1/60 s at 8 years a second: 8 years on, by the clock of the frames.
    assert_eq!(shown_year(&h), 1968);
    h.get_by_label("⏸ Pause").click();
    h.run_steps(3);
    h.get_by_label("▶ Play");
    let paused = shown_year(&h);
    h.run_steps(60);
    assert_eq!(shown_year(&h), paused, "paused");
    // Playing at the last year starts again from the first.
    h.key_press(Key::End);
    h.run();
    h.key_press(Key::Space);
    h.run_steps(2);
    h.get_by_label("⏸ Pause");
    assert!(shown_year(&h) < FIRST_YEAR + 3, "{}", shown_year(&h));
    h.key_press(Key::Space);
    h.run_steps(2);
    h.get_by_label("▶ Play");
}

/// The year the summary line under the slider speaks of ("1998: 75 open, …").
fn shown_year(h: &Harness<'_, DiplomapApp>) -> i32 {
    h.query_all_by_label_contains(" open, ")
        .filter_map(|n| {
            let text = crate::common::text_of(&n);
            let (year, _) = text.split_once(": ")?;
            year.parse().ok()
        })
        .next()
        .unwrap_or_else(|| panic!("no summary line"))
}

#[test]
fn keys_step_years_zoom_fit_and_clear() {
    let mut h = harness(1990, (20.0, 20.0), 3.0);
    // The year the summary line under the slider speaks of.
    let year = shown_year;
    h.key_press(Key::ArrowRight);
    h.run();
    assert_eq!(year(&h), 1991);
    h.key_press(Key::ArrowLeft);
    h.key_press(Key::ArrowLeft);
    h.run();
    assert_eq!(year(&h), 1989);
    h.key_press_modifiers(Modifiers::SHIFT, Key::ArrowRight);
    h.run();
    assert_eq!(year(&h), 1999);
    h.key_press_modifiers(Modifiers::SHIFT, Key::ArrowLeft);
    h.run();
    assert_eq!(year(&h), 1989);
    h.key_press(Key::Home);
    h.run();
    assert_eq!(year(&h), FIRST_YEAR);
    // The last year is the data set's date: the list reports up to 2024.
    h.key_press(Key::End);
    h.run();
    assert_eq!(year(&h), 2024);
    h.get_by_label_contains("2024: ");

    let zoom = h.state().map_zoom();
    h.key_press(Key::Plus);
    h.run();
    assert!((h.state().map_zoom() - (zoom + 1.0)).abs() < 1e-6);
    h.key_press(Key::Minus);
    h.key_press(Key::Minus);
    h.run();
    assert!((h.state().map_zoom() - (zoom - 1.0)).abs() < 1e-6);

    // F fits every shown mission: after a search for Geneva, the view flies to Switzerland.
    h.get_by_label("Search").click();
    h.run();
    h.get_by_label("Search").type_text("geneva");
    h.key_press(Key::Escape);
    h.run();
    h.key_press(Key::F);
    h.run();
    let (lon, lat) = h.state().map_center();
    assert!(
        (5.0..9.0).contains(&lon) && (45.0..48.0).contains(&lat),
        "{lon} {lat}"
    );
    assert!(h.state().map_zoom() >= 6.0);
    // Both of Geneva's matches are markers of their own on the map, inside it.
    let map = h.state().map_rect();
    for marker in ["in Bern, Switzerland", "in Geneva, Switzerland"] {
        let at = h.get_by_label_contains(marker).rect().center();
        assert!(map.contains(at), "{marker} at {at:?}, the map {map:?}");
    }

    // Esc clears the selection: the details close.
    h.get_by_label("Bern").click();
    h.run();
    let details = |h: &Harness<'_, DiplomapApp>| h.query_by_label_contains(" precision)").is_some();
    assert!(details(&h));
    h.key_press(Key::Escape);
    h.run();
    assert!(!details(&h));
}

#[test]
fn every_list_header_sorts_both_ways() {
    let mut h = harness(1998, (20.0, 20.0), 2.0);
    // The words as the list shows them, compared as a reader would (the Status column's
    // "closed 1976" before "closed, year ?" before "closing 1998"…).
    // The year columns: a recorded year before a bound of the same number ("1955" before
    // "≥1955?"); a cell with no lower bound, an undated closure, then an open mission last.
    let year_key = |word: &str| {
        let digits: String = word.chars().filter(char::is_ascii_digit).collect();
        match (
            digits.len(),
            word.starts_with('≥'),
            word.starts_with('≤') || word == "?",
        ) {
            (4, false, false) => format!("{digits}0"),
            (4, true, _) => format!("{digits}1"),
            _ if word.is_empty() => "~2".to_owned(),
            _ => "~1".to_owned(),
        }
    };
    let key = |header: &str, word: &str| match header {
        "Status" => word.to_owned(),
        "Opened" => match year_key(word).as_str() {
            // Opened: no lower bound sorts last, whatever else the cell says.
            k if k.starts_with('~') => "~".to_owned(),
            k => k.to_owned(),
        },
        "Closed" => year_key(word),
        _ => fold(word),
    };
    for header in [
        "City", "Country", "Sender", "Type", "Opened", "Closed", "Status",
    ] {
        // The first click sorts ascending (or flips the current key).
        let ascending_label = format!("{header} ⏶");
        if h.query_by_label(&ascending_label).is_none() {
            h.get_by_role_and_label(Role::Button, header).click();
            h.run();
        }
        let up: Vec<String> = column_words(&h, header)
            .iter()
            .map(|w| key(header, w))
            .collect();
        assert!(up.len() >= 20, "{header}: {up:?}");
        assert!(up.windows(2).all(|w| w[0] <= w[1]), "{header}: {up:?}");
        h.get_by_label(&ascending_label).click();
        h.run();
        h.get_by_label(&format!("{header} ⏷"));
        let down: Vec<String> = column_words(&h, header)
            .iter()
            .map(|w| key(header, w))
            .collect();
        assert!(
            down.windows(2).all(|w| w[0] >= w[1]),
            "{header} descending: {down:?}"
        );
        // The other end of the list is on top: what ended the column now starts it.
        assert!(down.first() >= up.last(), "{header}: {down:?} after {up:?}");
    }
    // Sorted by status, descending: the open missions come first.
    assert_eq!(
        column_words(&h, "Status").first().map(String::as_str),
        Some("open")
    );
}

#[test]
fn the_theme_can_be_overridden() {
    let mut h = harness(2026, (20.0, 20.0), 2.0);
    h.get_by_label("View").click();
    h.run();
    h.get_by_label("Light theme").click();
    h.run();
    assert_eq!(h.ctx.theme(), egui::Theme::Light);
    assert_eq!(h.state().state.theme, ThemeChoice::Light, "remembered");
    h.get_by_label("View").click();
    h.run();
    h.get_by_label("Dark theme").click();
    h.run();
    assert_eq!(h.ctx.theme(), egui::Theme::Dark);
    assert_eq!(h.state().state.theme, ThemeChoice::Dark);
}

#[test]
fn file_open_shows_a_good_file() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("small.json");
    let ds = diplomap::synth::generate(300, 7);
    diplomap::data::save_file(&ds, &path).expect("save");
    let mut h = harness(2026, (20.0, 20.0), 2.0);
    open_through_the_window(&mut h, &path);
    h.get_by_label_contains(" shown of 300");
    h.get_by_label_contains(&format!("{} · ", ds.name));
    h.get_by_label_contains(&format!("Opened {} (300 missions).", path.display()));
    assert!(
        h.query_by_label("Open data file").is_none(),
        "the window closed"
    );
}

#[test]
fn file_open_of_a_big_file_loads_on_a_worker_then_shows_it() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("big.json");
    let n = 14_000;
    let ds = diplomap::synth::generate(n, 3);
    diplomap::data::save_file(&ds, &path).expect("save");
    assert!(
        std::fs::metadata(&path).expect("meta").len() > 4 << 20,
        "over 4 MB"
    );
    let mut h = harness(2026, (20.0, 20.0), 2.0);
    // The loaded file is left waiting until released: what the app shows while it loads
    // is seen on any machine, however fast.
    h.state_mut().hold_background_loads(true);
    open_through_the_window(&mut h, &path);
    // The status and a progress bar on the map; once the worker has read the whole file,
    // it says so.
    h.get_by_role(Role::ProgressIndicator);
    wait_until(&mut h, "the file read", |h| {
        h.query_by_label_contains(&format!("Indexing {}", path.display()))
            .is_some()
    });
    h.get_by_role(Role::ProgressIndicator);
    // The old data stays on screen and in use meanwhile: the list, a selection, the year.
    h.get_by_label("66 shown of 102");
    crate::common::select_algiers(&mut h);
    h.key_press(Key::ArrowLeft);
    h.run();
    h.get_by_label_contains("2023: ");
    // Released: the new data replaces it.
    h.state_mut().hold_background_loads(false);
    wait_until(&mut h, "the big file", |h| {
        h.query_by_label_contains(&format!("({n} missions)"))
            .is_some()
    });
    assert!(h.query_by_role(Role::ProgressIndicator).is_none());
    assert!(h.query_by_label("65 shown of 102").is_none());
    assert_eq!(h.state().dataset().missions.len(), n);
    assert!(!shown_ids(&mut h).is_empty());
}

#[test]
fn export_through_the_window_writes_what_is_shown() {
    let dir = tempfile::tempdir().expect("dir");
    let mut h = harness(1998, (20.0, 20.0), 2.0);
    h.get_by_label("Find").click();
    h.run();
    h.get_by_label("Find").type_text("chin");
    h.run();
    h.get_by_label("China (4)").click_accesskit();
    h.run();
    let mut expected = shown_ids(&mut h);
    expected.sort();
    assert_eq!(expected.len(), 4);

    let csv_path = dir.path().join("diplomap-1998.csv");
    export_through_the_window(&mut h, &csv_path, "CSV");
    let text = std::fs::read_to_string(&csv_path).expect("csv written");
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let mut ids: Vec<String> = r.records().map(|r| r.expect("row")[0].to_owned()).collect();
    ids.sort();
    assert_eq!(ids, expected);
    h.get_by_label_contains("Exported 4 missions");

    let gj_path = dir.path().join("diplomap-1998.geojson");
    export_through_the_window(&mut h, &gj_path, "GeoJSON");
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&gj_path).expect("geojson written"))
            .expect("json");
    let mut ids: Vec<String> = v["features"]
        .as_array()
        .expect("features")
        .iter()
        .map(|f| f["properties"]["id"].as_str().expect("id").to_owned())
        .collect();
    ids.sort();
    assert_eq!(ids, expected);

    // A folder that does not exist: the failure is shown and nothing is written.
    let before: Vec<_> = std::fs::read_dir(dir.path()).expect("ls").collect();
    export_through_the_window(&mut h, &dir.path().join("missing/diplomap-1998.csv"), "CSV");
    assert!(
        notices(&h).iter().any(|t| t.contains("cannot write")),
        "{:?}",
        notices(&h)
    );
    assert!(!dir.path().join("missing").exists());
    let after: Vec<_> = std::fs::read_dir(dir.path()).expect("ls").collect();
    assert_eq!(before.len(), after.len(), "no file left behind");
    // The window stays open, with the user's folder, to try again.
    assert_eq!(
        h.get_by_label("Folder").value().as_deref(),
        Some(dir.path().join("missing").display().to_string().as_str())
    );
}

#[test]
fn clicking_the_empty_map_clears_the_selection() {
    let mut h = harness(2026, (20.0, 20.0), 2.0);
    // Selecting in the list flies the map to Algiers (zoom 5 at least).
    crate::common::select_algiers(&mut h);
    let details = crate::common::algiers_selected;
    let rect = h.state().map_rect();
    // Some 13 degrees south of Algiers: the Sahara, where no mission is.
    let p = egui::pos2(rect.center().x, rect.center().y + 300.0);
    assert!(rect.contains(p));
    crate::common::click_at(&mut h, p);
    assert!(!details(&h), "cleared");
}

#[test]
fn the_search_box_ignores_case_and_accents() {
    let mut h = harness(2026, (20.0, 20.0), 2.0);
    h.get_by_label("Search").click();
    h.run();
    h.get_by_label("Search").type_text("brasilia");
    h.run();
    assert_eq!(shown_ids(&mut h), ["br-brasilia-embassy"]);
    h.get_by_label("Brasília");
    h.get_by_label("1 shown of 102");
    type_into(&mut h, "Search", "BRASÍLIA");
    assert_eq!(shown_ids(&mut h), ["br-brasilia-embassy"]);
}

#[test]
fn the_list_says_how_many_are_shown() {
    let mut h = harness(2026, (20.0, 20.0), 2.0);
    h.get_by_label("66 shown of 102");
    h.key_press(Key::Home);
    h.run();
    let n = shown_ids(&mut h).len();
    h.get_by_label(&format!("{n} shown of 102"));
}

/// The label of the one option whose label starts with "`name` (".
fn option_label(h: &Harness<'_, DiplomapApp>, name: &str) -> String {
    use egui_kittest::kittest::NodeT as _;
    let prefix = format!("{name} (");
    let labels: Vec<String> = h
        .query_all_by_label_contains(&prefix)
        .filter_map(|n| n.accesskit_node().label())
        .filter(|l| l.starts_with(&prefix))
        .collect();
    assert_eq!(labels.len(), 1, "{name}: {labels:?}");
    labels[0].clone()
}

/// The number beside an option, read from its label "Name (n)".
fn count_of(h: &Harness<'_, DiplomapApp>, name: &str) -> usize {
    let label = option_label(h, name);
    label
        .rsplit_once('(')
        .and_then(|(_, n)| n.trim_end_matches(')').parse().ok())
        .unwrap_or_else(|| panic!("no count in {label:?}"))
}

#[test]
fn the_count_beside_an_option_is_what_ticking_it_adds() {
    let mut h = harness(2026, (20.0, 20.0), 2.0);
    // The inbound layer, unticked: its number is what ticking it brings back.
    // (Clicked through accessibility: the filters panel may have scrolled it away.)
    h.get_by_label_contains("Foreign missions in North Korea")
        .click_accesskit();
    h.run();
    let without = shown_ids(&mut h).len();
    let n = count_of(&h, "Foreign missions in North Korea");
    h.get_by_label_contains("Foreign missions in North Korea")
        .click_accesskit();
    h.run();
    assert_eq!(shown_ids(&mut h).len(), without + n);
    assert_eq!(n, 18);

    // Under a text search every number follows the search.
    h.get_by_label("Search").click();
    h.run();
    h.get_by_label("Search").type_text("Libreville");
    h.run();
    assert_eq!(shown_ids(&mut h), ["ga-libreville-embassy"]);
    assert_eq!(count_of(&h, "Foreign missions in North Korea"), 0);
    assert_eq!(count_of(&h, "Embassy"), 1);
    assert_eq!(count_of(&h, "Consulate General"), 0);
    assert_eq!(count_of(&h, "closed, year unknown"), 1);
    // Unticked options: ghosts of closed missions and those not yet open.
    for (option, hidden) in [("closed earlier (ghosts)", true), ("Embassy", false)] {
        let n = count_of(&h, option);
        let before = shown_ids(&mut h).len();
        h.get_by_label(&option_label(&h, option)).click_accesskit();
        h.run();
        let after = shown_ids(&mut h).len();
        if hidden {
            assert_eq!(after, before + n, "{option}");
        } else {
            assert_eq!(after, before - n, "{option}");
        }
        h.get_by_label(&option_label(&h, option)).click_accesskit();
        h.run();
    }
}
