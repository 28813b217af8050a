//! UI tests: the real app in a headless egui_kittest harness (no window, no GPU, no tiles).
//! Widgets and map markers are found by their accessible labels, as a screen reader would.

use crate::common::{harness, harness_with_options, shown_ids as visible_ids, state};
use diplomap::app::{DiplomapApp, FileCmd, ViewCmd, WindowKind};
use diplomap::export::Format;
use diplomap::filter::Filter;
use diplomap::model::MissionKind;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

#[test]
fn clicking_a_marker_shows_its_details() {
    let mut h = harness(state(2020, (-3.7, 40.4), 6.0));
    h.get_by_label("Embassy in Madrid, Spain").click();
    h.run();
    let selected = h.state().selected_mission().map(|m| m.id.clone());
    assert_eq!(selected.as_deref(), Some("es-madrid-embassy"));
    // The details panel: status, opening year, references, notes and the OSM link.
    h.get_by_label("closed in 2023");
    h.get_by_label("2013");
    h.get_by_label("[67]");
    h.get_by_label_contains("Kim Hyok-chol");
    h.get_by_label("Open this place on openstreetmap.org");
    h.get_by_label("40.4718, -3.7708 (building precision)");
    // Clicking the empty map clears the selection.
    h.get_by_label("Close").click();
    h.run();
    assert!(h.state().selected().is_none());
}

#[test]
fn the_slider_moves_through_the_years() {
    let mut h = harness(state(2026, (20.0, 20.0), 2.0));
    h.get_by_role_and_label(egui::accesskit::Role::Slider, "Year")
        .set_value_accesskit(1998.0);
    h.run();
    assert_eq!(h.state().state.year, 1998);
    // Counted from data/north-korea.json: 75 open (the list's 62 and 13 of the missions
    // in Pyongyang), 9 closing in 1998, 13 closed before, Gabon's year unknown, Madrid and
    // three missions in Pyongyang not yet open.
    h.get_by_label(
        "1998: 75 open, 9 closing this year, 13 closed earlier, 1 closed (year unknown), 4 not yet open",
    );
    let ids = visible_ids(&mut h);
    assert!(
        ids.contains(&"gh-accra-embassy".to_owned()),
        "closing in 1998"
    );
    assert!(
        !ids.contains(&"es-madrid-embassy".to_owned()),
        "not yet open"
    );
    assert!(
        !ids.contains(&"no-oslo-embassy".to_owned()),
        "closed in 1976"
    );
    assert_eq!(ids.len(), 75 + 9 + 1);

    // The right arrow key steps a year; Accra has closed by 1999.
    h.key_press(egui::Key::ArrowRight);
    h.run();
    assert_eq!(h.state().state.year, 1999);
    assert!(!visible_ids(&mut h).contains(&"gh-accra-embassy".to_owned()));
    h.get_by_label_contains("1999: ");
}

#[test]
fn ghosts_appear_when_asked_for() {
    let mut h = harness(state(2026, (10.5, 59.9), 6.0));
    assert!(h.query_by_label("Embassy in Oslo, Norway").is_none());
    h.get_by_label_contains("closed earlier (ghosts)").click();
    h.run();
    h.get_by_label("Embassy in Oslo, Norway");
}

#[test]
fn filters_and_search_narrow_the_list() {
    let mut h = harness(state(2026, (20.0, 20.0), 2.0));
    let all = visible_ids(&mut h).len();
    assert_eq!(all, 64 + 1, "open in 2026, plus Gabon (year unknown)");

    // Untick embassies: the consulates, consular offices, missions, Chongryon and France's
    // de facto embassy in Pyongyang remain.
    let embassies = h.state_mut().derived().facets.kinds[&MissionKind::Embassy];
    h.get_by_label(&format!("Embassy ({embassies})")).click();
    h.run();
    let ids = visible_ids(&mut h);
    assert_eq!(ids.len(), 4 + 2 + 3 + 1 + 1, "{ids:?}");
    assert!(
        h.state()
            .state
            .filter
            .hidden_kinds
            .contains(&MissionKind::Embassy)
    );

    // Reset, then search (accents and case do not matter).
    h.get_by_label("Reset").click();
    h.run();
    assert_eq!(visible_ids(&mut h).len(), all);
    h.get_by_label("Search").click();
    h.run();
    h.get_by_label("Search").type_text("GENEVE");
    h.run();
    // "Geneve" is no name in the data; nothing matches, and the map says so.
    assert!(visible_ids(&mut h).is_empty());
    h.get_by_label("No missions match the filters");

    let app = h.state_mut();
    app.push(ViewCmd::SetFilter(Filter {
        text: "geneva".into(),
        ..Filter::default()
    }));
    h.run();
    let ids = visible_ids(&mut h);
    // Geneva's UN mission, and Bern's embassy whose note mentions Geneva.
    assert_eq!(
        ids,
        [
            "ch-bern-embassy",
            "ch-geneva-permanent-mission-united-nations"
        ]
    );
    // The list shows them.
    h.get_by_label("Geneva");
    h.get_by_label("Bern");
}

#[test]
fn host_country_picker_filters_to_chosen_countries() {
    let mut h = harness(state(2026, (20.0, 20.0), 2.0));
    h.get_by_label("Find").click();
    h.run();
    h.get_by_label("Find").type_text("chin");
    h.run();
    h.get_by_label("China (3)").click_accesskit();
    h.run();
    let mut ids = visible_ids(&mut h);
    ids.sort();
    assert_eq!(
        ids,
        [
            "cn-beijing-embassy",
            "cn-dandong-consular-office",
            "cn-shenyang-consulate-general"
        ]
    );
    // Hong Kong's consulate closed in 2023; in 2020 China has four posts.
    h.state_mut().push(ViewCmd::SetYear(2020));
    h.run();
    assert_eq!(visible_ids(&mut h).len(), 4);
    h.get_by_label("China (4)");
}

#[test]
fn a_cluster_zooms_in_on_click() {
    // At world zoom Beijing, Shenyang, Dandong (and Pyongyang) overlap.
    let mut h = harness(state(2026, (116.0, 35.0), 2.0));
    let zoom_before = h.state().map_zoom();
    assert!(h.query_by_label("Embassy in Beijing, China").is_none());
    h.get_by_label_contains("missions: Beijing, Shenyang, Dandong")
        .click();
    h.run();
    assert!(h.state().map_zoom() > zoom_before + 1.0, "zoomed in");
    // Now each is a marker of its own.
    h.get_by_label("Consulate General in Shenyang, China");
    h.get_by_label("Consular Office in Dandong, China");
    h.get_by_label("Embassy in Beijing, China").click();
    h.run();
    assert_eq!(
        h.state().selected_mission().map(|m| m.id.as_str()),
        Some("cn-beijing-embassy")
    );
}

#[test]
fn colocated_missions_expand_side_by_side() {
    // Sweden's and the United Kingdom's embassies in Pyongyang share a building, with
    // Germany's next door: one cluster even at street zoom.
    let mut h = harness(state(2026, (125.7922, 39.023), 16.0));
    h.get_by_label_contains("missions: Pyongyang").click();
    h.run();
    h.get_by_label("Embassy of Sweden in Pyongyang, North Korea")
        .click();
    h.run();
    let m = h.state().selected_mission().expect("selected");
    assert_eq!((&*m.sending_state, m.opened), ("Sweden", Some(1975)));
    assert!(m.inbound);
    // Hiding the inbound layer removes them.
    h.get_by_label_contains("Foreign missions in North Korea")
        .click();
    h.run();
    assert!(
        h.query_by_label("Embassy of Sweden in Pyongyang, North Korea")
            .is_none()
    );
}

#[test]
fn the_list_selects_on_the_map() {
    let mut h = harness(state(2026, (20.0, 20.0), 2.0));
    h.get_by_label("Algiers").click();
    h.run();
    assert_eq!(
        h.state().selected_mission().map(|m| m.id.as_str()),
        Some("dz-algiers-embassy")
    );
    // The map flew there.
    let (lon, lat) = h.state().map_center();
    assert!(
        (lon - 3.09).abs() < 0.01 && (lat - 36.73).abs() < 0.01,
        "{lon} {lat}"
    );
    // Sorting by city puts Abuja first.
    h.get_by_role_and_label(egui::accesskit::Role::Button, "City")
        .click();
    h.run();
    let first = {
        let app = h.state_mut();
        let sorted = app.derived().sorted.clone();
        app.dataset().missions[sorted[0] as usize].city.clone()
    };
    assert_eq!(&*first, "Abuja");
}

/// The app in 1998 with the missions in `countries`, exported as CSV to `path`: the
/// harness and the file's text.
fn export_countries(
    countries: &[&str],
    path: &std::path::Path,
) -> (
    egui_kittest::Harness<'static, diplomap::app::DiplomapApp>,
    String,
) {
    let mut h = harness(state(1998, (20.0, 20.0), 2.0));
    h.state_mut().push(ViewCmd::SetFilter(Filter {
        countries: countries.iter().map(|&c| c.to_owned()).collect(),
        ..Filter::default()
    }));
    h.state_mut().push(FileCmd::Export {
        format: Format::Csv,
        path: path.to_owned(),
    });
    h.run();
    let text = std::fs::read_to_string(path).expect("written");
    (h, text)
}

#[test]
fn exporting_one_mission_says_one_mission() {
    let dir = tempfile::tempdir().expect("dir");
    // Sweden: North Korea's one embassy there.
    let (h, text) = export_countries(&["SE"], &dir.path().join("one.csv"));
    assert_eq!(text.lines().count(), 2, "{text}");
    h.get_by_label_contains("Exported 1 mission to");
    assert!(h.query_by_label_contains("Exported 1 missions").is_none());
}

#[test]
fn export_writes_the_current_view() {
    let dir = tempfile::tempdir().expect("dir");
    let (mut h, text) = export_countries(&["CN", "RU"], &dir.path().join("view.csv"));
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let ids: Vec<String> = r.records().map(|r| r.expect("row")[0].to_owned()).collect();
    // China's four posts and Russia's three, all open in 1998.
    assert_eq!(ids.len(), 7, "{ids:?}");
    assert!(
        text.lines()
            .next()
            .is_some_and(|l| l.ends_with(",timeline"))
    );
    h.get_by_label_contains("Exported 7 missions");

    // A failing export is reported and writes nothing.
    h.state_mut().push(FileCmd::Export {
        format: Format::GeoJson,
        path: dir.path().join("missing/dir/x.geojson"),
    });
    h.run();
    h.get_by_label_contains("cannot write");
}

#[test]
fn a_bad_data_file_is_reported_and_the_data_stays() {
    let dir = tempfile::tempdir().expect("dir");
    let bad = dir.path().join("bad.json");
    std::fs::write(
        &bad,
        "{\n \"format\": \"diplomap/1\",\n \"missions\": [\n  {\"id\": \"x\", \"mission\": \"Embasy\"}\n ]\n}\n",
    )
    .expect("write");
    let mut h = harness(state(2026, (20.0, 20.0), 2.0));
    let before = h.state().dataset().missions.len();
    h.state_mut().push(FileCmd::Open(bad.clone()));
    h.run();
    assert_eq!(h.state().dataset().missions.len(), before);
    h.get_by_label_contains(&format!("{}:4: field \"mission\"", bad.display()));
    h.get_by_label_contains("The current data stays loaded.");
}

#[test]
fn windows_open_from_the_menu() {
    let mut h = harness(state(2026, (20.0, 20.0), 2.0));
    h.get_by_label("Help").click();
    h.run();
    h.get_by_label("About Diplomap").click();
    h.run();
    assert!(h.state().is_window_open(WindowKind::About));
    h.get_by_label("Place coordinates: GeoNames, CC BY 4.0.");
    h.get_by_label("Map tiles: © OpenStreetMap contributors, ODbL.");
    h.key_press(egui::Key::F1);
    h.run();
    assert!(h.state().is_window_open(WindowKind::Help));
    h.get_by_label("play / pause the timeline");
}

#[test]
fn escape_closes_the_front_window_then_clears_the_selection() {
    let mut h = harness(state(2026, (20.0, 20.0), 2.0));
    h.state_mut().push(ViewCmd::Select(Some(0)));
    h.get_by_label("Help").click();
    h.run();
    h.get_by_label("About Diplomap").click();
    h.run();
    h.key_press(egui::Key::F1);
    h.run();
    // Both open; the one opened last is in front.
    assert!(h.state().is_window_open(WindowKind::About));
    assert!(h.state().is_window_open(WindowKind::Help));
    h.key_press(egui::Key::Escape);
    h.run();
    assert!(!h.state().is_window_open(WindowKind::Help));
    assert!(h.state().is_window_open(WindowKind::About));
    assert_eq!(
        h.state().selected(),
        Some(0),
        "the selection stays while windows close"
    );
    h.key_press(egui::Key::Escape);
    h.run();
    assert!(!h.state().is_window_open(WindowKind::About));
    assert!(
        h.query_by_label("Place coordinates: GeoNames, CC BY 4.0.")
            .is_none()
    );
    assert_eq!(h.state().selected(), Some(0));
    // No window left: Esc clears the selection.
    h.key_press(egui::Key::Escape);
    h.run();
    assert_eq!(h.state().selected(), None);
}

#[test]
fn an_import_lists_bad_rows_skips_them_and_strict_mode_imports_nothing() {
    let dir = tempfile::tempdir().expect("dir");
    let list = dir.path().join("list.txt");
    std::fs::write(
        &list,
        "Host country | Host city | Mission | Ref. |\n---|---|---|---|\nSpain | Madrid | Embassy | [1] |\nAtlantis | Poseidonia | Embassy | [2] |\nCuba | Havana | Embassy | [3] |\n",
    )
    .expect("write");
    let mut h = harness(state(2026, (20.0, 20.0), 2.0));
    h.get_by_label("File").click();
    h.run();
    h.get_by_label("Import source list…").click();
    h.run();
    assert!(h.state().is_window_open(WindowKind::Import));
    h.state_mut().windows_mut().import.path = list.display().to_string();
    h.get_by_label("Read list").click();
    h.run();
    h.get_by_label("2 missions read from 1 table; 1 row skipped.");
    h.get_by_label_contains(":4: field \"Host country\": unknown country \"Atlantis\"");
    // Shown, not yet saved.
    h.get_by_label("Show these 2 missions").click();
    h.run();
    let cities: Vec<String> = h
        .state()
        .dataset()
        .missions
        .iter()
        .map(|m| m.city.to_string())
        .collect();
    assert_eq!(cities, ["Madrid", "Havana"]);
    // Saving into a folder that does not exist fails, says so, and writes nothing.
    let nowhere = dir.path().join("no/such/folder/out.json");
    h.state_mut().push(FileCmd::SaveImport(nowhere.clone()));
    h.run();
    h.get_by_label_contains("Nothing was written");
    assert!(!nowhere.exists());
    let out = dir.path().join("out.json");
    h.state_mut().push(FileCmd::SaveImport(out.clone()));
    h.run();
    assert_eq!(
        diplomap::data::load_file(&out)
            .expect("loads")
            .missions
            .len(),
        2
    );
    // Strict: one bad row and nothing is offered.
    h.state_mut().windows_mut().import.strict = true;
    h.get_by_label("Read list").click();
    h.run();
    h.get_by_label_contains("Strict mode: nothing was imported.");
    assert!(h.query_by_label("Show these 2 missions").is_none());
}

#[test]
fn a_settings_write_that_fails_is_reported_once_and_keeps_the_old_file() {
    let dir = tempfile::tempdir().expect("dir");
    // A folder stands where the settings file should be: every write fails.
    let blocked = dir.path().join("settings.ron");
    std::fs::create_dir(&blocked).expect("mkdir");
    let mut h = harness(state(2026, (20.0, 20.0), 2.0));
    h.state_mut().set_settings_path(Some(blocked.clone()));
    h.state_mut().save_settings();
    h.run();
    let errors = |h: &Harness<'_, DiplomapApp>| {
        h.state()
            .notices()
            .iter()
            .filter(|n| n.is_error() && n.text.contains("settings.ron"))
            .count()
    };
    assert_eq!(errors(&h), 1);
    h.state_mut().push(ViewCmd::SetYear(1990));
    h.run();
    h.state_mut().save_settings();
    assert_eq!(errors(&h), 1, "reported once");
    assert!(blocked.is_dir());
    // Where writing works, the settings land and read back.
    let good = dir.path().join("good/settings.ron");
    h.state_mut().set_settings_path(Some(good.clone()));
    h.state_mut().save_settings();
    match diplomap::app::settings::load(&good) {
        diplomap::app::settings::Loaded::State(s) => assert_eq!(s.year, 1990),
        other => panic!("{other:?}"),
    }
}

#[test]
fn broken_or_foreign_settings_start_with_defaults_and_say_so_once() {
    let dir = tempfile::tempdir().expect("dir");
    for (content, says) in [
        (
            &b"(version: 1, state: (year: \"soon\""[..],
            "could not be read",
        ),
        (
            &b"(version: 9, state: ())"[..],
            "another version of Diplomap",
        ),
        (&b"\xff\xfe\x00"[..], "could not be read"),
    ] {
        let path = dir.path().join("settings.ron");
        std::fs::write(&path, content).expect("write");
        let options = diplomap::app::Options {
            offline: true,
            settings: Some(path.clone()),
            ..Default::default()
        };
        let h = harness_with_options(options);
        let notices: Vec<&str> = h
            .state()
            .notices()
            .iter()
            .map(|n| n.text.as_str())
            .filter(|t| t.contains("settings.ron"))
            .collect();
        assert_eq!(notices.len(), 1, "{notices:?}");
        assert!(notices[0].contains(says), "{notices:?}");
        h.get_by_label_contains(says);
        assert_eq!(h.state().state.filter, Filter::default());
        // The broken file is not overwritten until the user changes something.
        assert_eq!(std::fs::read(&path).expect("read"), content);
    }
}
