//! UI tests: the real app in a headless egui_kittest harness (no window, no GPU, no tiles).
//! Widgets and map markers are found by their accessible labels, as a screen reader would.

use crate::common::{
    export_through_the_window, harness, harness_with_options, open_through_the_window,
    shown_ids as visible_ids, state, tick_under, type_into,
};
use diplomap::app::DiplomapApp;
use diplomap::filter::Filter;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

#[test]
fn clicking_a_marker_shows_its_details() {
    let mut h = harness(state(2020, (-3.7, 40.4), 6.0));
    h.get_by_label("Embassy in Madrid, Spain").click();
    h.run();
    // The details panel: status, opening year, references, notes and the OSM link.
    h.get_by_label("closed in 2023");
    // The opening year: in the details and in the list's Opened column.
    assert_eq!(h.query_all_by_label("2013").count(), 2);
    h.get_by_label("[67]");
    h.get_by_label_contains("Kim Hyok-chol");
    h.get_by_label("Open this place on openstreetmap.org");
    h.get_by_label("40.4718, -3.7708 (building precision)");
    // Close ends the selection: the details go.
    h.get_by_label("Close").click();
    h.run();
    assert!(
        h.query_by_label("40.4718, -3.7708 (building precision)")
            .is_none()
    );
    assert_eq!(
        h.query_all_by_label("2013").count(),
        1,
        "the list's cell stays"
    );
}

#[test]
fn the_slider_moves_through_the_years() {
    let mut h = harness(state(2019, (20.0, 20.0), 2.0));
    // Markers closing this year are painted orange: none in 2019, some in 1998.
    let closing = |h: &Harness<'_, DiplomapApp>| {
        let dark = h.ctx.theme() == egui::Theme::Dark;
        let [r, g, b, a] =
            diplomap::symbol::state_rgba(diplomap::timeline::TimelineState::Closing, dark);
        crate::common::painted_in(
            h,
            h.state().map_rect(),
            egui::Color32::from_rgba_unmultiplied(r, g, b, a),
        )
    };
    assert_eq!(closing(&h), 0);
    h.get_by_role_and_label(egui::accesskit::Role::Slider, "Year")
        .set_value_accesskit(1998.0);
    h.run();
    // Counted from data/north-korea.json: 5 known open (Warsaw, Chongryon and three
    // missions in Pyongyang with a recorded opening), 70 that may be (no opening recorded,
    // Gabon's among them: it closed by 2024 in a year nobody recorded), 9 closing in 1998,
    // 13 closed before, Madrid and four missions not yet open (or ruled out: a host or
    // sender that did not exist yet).
    h.get_by_label(
        "1998: 5 open, 70 may be open (date not recorded), 9 closing this year, 13 closed earlier, 5 not yet open",
    );
    assert!(closing(&h) > 0, "orange markers in 1998");
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
    assert_eq!(ids.len(), 5 + 70 + 9);

    // The right arrow key steps a year; Accra has closed by 1999.
    h.key_press(egui::Key::ArrowRight);
    h.run();
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
    // The timeline ends at the data set's date, 2024: 2026 is brought back to it.
    let mut h = harness(state(2026, (20.0, 20.0), 2.0));
    let all = visible_ids(&mut h).len();
    assert_eq!(
        all,
        48 + 16 + 1 + 1,
        "in 2024: open, may be open (the missions Wikidata dated 2022), Libya closing, Gabon (year unknown)"
    );

    // Untick embassies: the consulates, consular offices, missions, Chongryon and France's
    // de facto embassy in Pyongyang remain.
    // 55 embassies shown in 2024 (counted from data/north-korea.json: open, may be open,
    // closing or closed in a year unknown, inbound ones included).
    h.get_by_label("Embassy (55)").click();
    h.run();
    let ids = visible_ids(&mut h);
    assert_eq!(ids.len(), 4 + 2 + 3 + 1 + 1, "{ids:?}");
    h.get_by_label_contains("2024: 9 open, 2 may be open");

    // Reset, then search (accents and case do not matter).
    h.get_by_label("Reset").click();
    h.run();
    assert_eq!(visible_ids(&mut h).len(), all);
    h.get_by_label("Search").click();
    h.run();
    h.get_by_label("Search").type_text("GENEVE");
    h.run();
    // "Geneve" is no name in the data, but the gazetteer's other name of Geneva: Geneva's
    // UN mission, and Bern's embassy whose note mentions Geneva; "geneva" finds the same.
    let want = [
        "ch-bern-embassy",
        "ch-geneva-permanent-mission-united-nations",
    ];
    assert_eq!(visible_ids(&mut h), want);
    type_into(&mut h, "Search", "geneva");
    assert_eq!(visible_ids(&mut h), want);
    // The list shows them.
    h.get_by_label("Geneva");
    h.get_by_label("Bern");
    // A word that is nobody's name matches nothing, and the map says so.
    type_into(&mut h, "Search", "qwertzuiop");
    assert!(visible_ids(&mut h).is_empty());
    h.get_by_label("No missions match the filters");
}

#[test]
fn host_country_picker_filters_to_chosen_countries() {
    let mut h = harness(state(2026, (20.0, 20.0), 2.0));
    // (Through accessibility: the filters panel scrolls, and "Find" may be below its fold.)
    h.get_by_label("Find").click_accesskit();
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
    // Hong Kong's consulate closed in 2023; in 2020 China has four posts. Four presses of
    // the left arrow key go back four years, from 2024.
    for _ in 0..4 {
        h.key_press(egui::Key::ArrowLeft);
        h.run();
    }
    h.get_by_label_contains("2020: ");
    assert_eq!(visible_ids(&mut h).len(), 4);
    h.get_by_label("China (4)");
}

#[test]
fn a_cluster_zooms_in_on_click() {
    // At world zoom Beijing, Shenyang, Dandong (and Pyongyang) overlap.
    let mut h = harness(state(2026, (116.0, 35.0), 2.0));
    assert!(h.query_by_label("Embassy in Beijing, China").is_none());
    h.get_by_label_contains("missions: Beijing, Shenyang, Dandong")
        .click();
    h.run();
    // Zoomed in: now each is a marker of its own.
    h.get_by_label("Consulate General in Shenyang, China");
    h.get_by_label("Consular Office in Dandong, China");
    h.get_by_label("Embassy in Beijing, China").click();
    h.run();
    // Its details: the host country with its code.
    h.get_by_label("China (CN)");
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
    // Its details: opened in 1975 (and the list's Opened cell).
    assert_eq!(h.query_all_by_label("1975").count(), 2);
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
    // The map flew there: Algiers' marker is in the middle of the map.
    let map = h.state().map_rect();
    let at = h
        .get_by_label("Embassy in Algiers, Algeria")
        .rect()
        .center();
    assert!(
        at.distance(map.center()) < 3.0,
        "{at:?}, the map's centre {:?}",
        map.center()
    );
    // Sorting by city puts Abuja's row above Addis Ababa's, and that above Algiers'.
    // (A city's name is in its row of the City column, and in the details.)
    let column = h
        .get_by_role_and_label(egui::accesskit::Role::Button, "City")
        .rect();
    h.get_by_role_and_label(egui::accesskit::Role::Button, "City")
        .click();
    h.run();
    let top = |h: &Harness<'_, DiplomapApp>, city: &str| {
        let cell = h.get_all_by_label(city).find(|n| {
            let r = n.rect();
            r.top() > column.bottom() && r.left() < column.right() && r.right() > column.left()
        });
        cell.map(|n| n.rect().top())
            .unwrap_or_else(|| panic!("no row for {city}"))
    };
    assert!(top(&h, "Abuja") < top(&h, "Addis Ababa"));
    assert!(top(&h, "Addis Ababa") < top(&h, "Algiers"));
}

/// The app in 1998 with the missions in `countries`, exported as CSV to `path`: the
/// harness and the file's text.
fn export_countries(
    countries: &[(&str, usize)],
    path: &std::path::Path,
) -> (
    egui_kittest::Harness<'static, diplomap::app::DiplomapApp>,
    String,
) {
    let mut h = harness(state(1998, (20.0, 20.0), 2.0));
    // Each country found in the host picker by typing and ticked.
    for (name, n) in countries {
        type_into(&mut h, "Find", name);
        tick_under(&mut h, "Find", &format!("{name} ({n})"));
    }
    export_through_the_window(&mut h, path, "CSV");
    let text = std::fs::read_to_string(path).expect("written");
    (h, text)
}

#[test]
fn exporting_one_mission_says_one_mission() {
    let dir = tempfile::tempdir().expect("dir");
    // Sweden: North Korea's one embassy there.
    let (h, text) = export_countries(&[("Sweden", 1)], &dir.path().join("one.csv"));
    assert_eq!(text.lines().count(), 2, "{text}");
    h.get_by_label_contains("Exported 1 mission to");
    assert!(h.query_by_label_contains("Exported 1 missions").is_none());
}

#[test]
fn export_writes_the_current_view() {
    let dir = tempfile::tempdir().expect("dir");
    let (mut h, text) =
        export_countries(&[("China", 4), ("Russia", 3)], &dir.path().join("view.csv"));
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
    let missing = dir.path().join("missing/dir/x.geojson");
    export_through_the_window(&mut h, &missing, "GeoJSON");
    h.get_by_label_contains(&format!("{}: cannot write", missing.display()));
    assert!(!dir.path().join("missing").exists());
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
    open_through_the_window(&mut h, &bad);
    // North Korea's set is still on the map: 66 shown in 2024.
    assert_eq!(visible_ids(&mut h).len(), 66);
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
    h.get_by_label("Place coordinates: GeoNames, CC BY 4.0.");
    h.get_by_label("Map tiles: © OpenStreetMap contributors, ODbL.");
    h.key_press(egui::Key::F1);
    h.run();
    h.get_by_label("play / pause the timeline");
}

#[test]
fn escape_closes_the_front_window_then_clears_the_selection() {
    let mut h = harness(state(2026, (20.0, 20.0), 2.0));
    // Algiers' embassy selected from the list: its details are shown.
    crate::common::select_algiers(&mut h);
    let details = crate::common::algiers_selected;
    h.get_by_label("Help").click();
    h.run();
    h.get_by_label("About Diplomap").click();
    h.run();
    h.key_press(egui::Key::F1);
    h.run();
    // Both open (each by its words); the one opened last is in front.
    let about = |h: &Harness<'_, DiplomapApp>| {
        h.query_by_label("Place coordinates: GeoNames, CC BY 4.0.")
            .is_some()
    };
    let help =
        |h: &Harness<'_, DiplomapApp>| h.query_by_label("play / pause the timeline").is_some();
    assert!(about(&h) && help(&h));
    h.key_press(egui::Key::Escape);
    h.run();
    assert!(about(&h) && !help(&h));
    assert!(details(&h), "the selection stays while windows close");
    h.key_press(egui::Key::Escape);
    h.run();
    assert!(!about(&h));
    assert!(details(&h));
    // No window left: Esc clears the selection.
    h.key_press(egui::Key::Escape);
    h.run();
    assert!(!details(&h));
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
    h.get_by_label("Read list");
    type_into(&mut h, "List", &list.display().to_string());
    h.get_by_label("Read list").click();
    h.run();
    h.get_by_label("2 missions read from 1 table; 1 row skipped.");
    h.get_by_label_contains(":4: field \"Host country\": unknown country \"Atlantis\"");
    // Shown, not yet saved.
    h.get_by_label("Show these 2 missions").click();
    h.run();
    // The map and the list show the two, and only them.
    // A list with no dates: nothing says when the two were open, only that they may be
    // (the year stays 2024, where North Korea's set ended; an undated set's timeline runs
    // to this year).
    h.get_by_label(
        "2024: 0 open, 2 may be open (date not recorded), 0 closing this year, 0 closed earlier",
    );
    h.get_by_label("Embassy in Madrid, Spain");
    h.get_by_label("Embassy in Havana, Cuba");
    // Saving into a folder that does not exist fails, says so, and writes nothing.
    let nowhere = dir.path().join("no/such/folder/out.json");
    type_into(&mut h, "Data file", &nowhere.display().to_string());
    h.get_by_label("Save as data file").click();
    h.run();
    h.get_by_label_contains("Nothing was written");
    assert!(!nowhere.exists());
    let out = dir.path().join("out.json");
    type_into(&mut h, "Data file", &out.display().to_string());
    h.get_by_label("Save as data file").click();
    h.run();
    assert_eq!(
        diplomap::data::load_file(&out)
            .expect("loads")
            .missions
            .len(),
        2
    );
    // Strict: one bad row and nothing is offered.
    h.get_by_label("Strict: import nothing if any row has a problem")
        .click();
    h.run();
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
    // What the window says of it.
    let errors = |h: &Harness<'_, DiplomapApp>| {
        h.query_all_by_label_contains("settings.ron: cannot write")
            .count()
    };
    assert_eq!(errors(&h), 1);
    // From 2024, where North Korea's timeline ends.
    for _ in 0..34 {
        h.key_press(egui::Key::ArrowLeft);
    }
    h.run();
    h.get_by_label_contains("1990: ");
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
        // One notice on screen names the file and says why.
        let notices: Vec<String> = h
            .query_all_by_label_contains("settings.ron")
            .map(|n| crate::common::text_of(&n))
            .collect();
        assert_eq!(notices.len(), 1, "{notices:?}");
        assert!(notices[0].contains(says), "{notices:?}");
        assert_eq!(h.state().state.filter, Filter::default());
        // The broken file is not overwritten until the user changes something.
        assert_eq!(std::fs::read(&path).expect("read"), content);
    }
}

#[test]
fn clicking_the_chart_goes_to_that_year() {
    let mut h = harness(state(2026, (20.0, 20.0), 2.0));
    // The chart's years run from 1948 to 2024 (the data set's date), one each; a click in
    // 1998's.
    let chart = h.get_by_label_contains("Network through time chart").rect();
    let bar = chart.width() / (2024 - 1948 + 1) as f32;
    let p = egui::pos2(
        chart.left() + bar * (1998.0 - 1948.0 + 0.5),
        chart.center().y,
    );
    crate::common::click_at(&mut h, p);
    h.get_by_label(
        "1998: 5 open, 70 may be open (date not recorded), 9 closing this year, 13 closed earlier, 5 not yet open",
    );
    // The chart says what it draws there: 14 operating (5 open, 9 closing), 70 that may
    // be open.
    h.get_by_label_contains("1998 — 14 operating, 70 may be, 9 closing");
    // And 1960's.
    let p = egui::pos2(
        chart.left() + bar * (1960.0 - 1948.0 + 0.5),
        chart.center().y,
    );
    crate::common::click_at(&mut h, p);
    h.get_by_label_contains("1960: ");
}

#[test]
fn the_details_say_year_unknown_and_name_the_organisation() {
    let mut h = harness(state(2026, (20.0, 20.0), 2.0));
    // Libreville's embassy: closed, in a year nobody recorded; no opening recorded.
    h.get_by_label("Libreville").click();
    h.run();
    h.get_by_label("closed, year unknown");
    h.get_by_label("closed (year unknown)");
    // Its opening: not recorded, bounded by Gabon's entry into the state system; closed by
    // the list's date.
    h.get_by_label(
        "not recorded — not before 1960: Gabon in the state system from 1960 (COW state system v2016)",
    );
    h.get_by_label("closed by 2024 (the list's last reported year), year not recorded");
    // Geneva's permanent mission names the organisation it serves, in a row of its own
    // (besides the filters' heading of that name).
    let rows = |h: &Harness<'_, DiplomapApp>| h.query_all_by_label("Organisation").count();
    assert_eq!(rows(&h), 1, "a bilateral mission has no organisation row");
    type_into(&mut h, "Search", "geneva");
    h.get_by_label("Geneva").click();
    h.run();
    assert_eq!(rows(&h), 2);
    h.get_by_label("United Nations");
}

#[test]
fn ctrl_o_opens_the_open_window() {
    let mut h = harness(state(2026, (20.0, 20.0), 2.0));
    assert!(h.query_by_label("Path").is_none());
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::O);
    h.run();
    h.get_by_label("Path");
    h.get_by_role_and_label(egui::accesskit::Role::Button, "Open");
}

#[test]
fn missions_that_may_be_open_are_rings_told_apart_and_hidden_with_one_key() {
    // 1990 (counted from data/north-korea.json): 5 open, 82 may be open, 3 closed earlier
    // and 12 not yet open or ruled out (Windhoek: Namibia joined the state system in 1990,
    // so it may be open from then; Minsk, Kyiv and Astana not before 1991, 1991, 1998).
    let mut h = harness(state(1990, (20.0, 20.0), 2.0));
    h.get_by_label(
        "1990: 5 open, 82 may be open (date not recorded), 0 closing this year, 3 closed earlier, 12 not yet open",
    );
    h.get_by_label("may be open (no source shows it open) (82)");
    let ids = visible_ids(&mut h);
    assert!(ids.contains(&"na-windhoek-embassy".to_owned()));
    for ruled_out in ["by-minsk-embassy", "ua-kyiv-embassy", "kz-astana-embassy"] {
        assert!(!ids.contains(&ruled_out.to_owned()), "{ruled_out} in 1990");
    }
    // Their markers are rings: the open colour as an outline, the inside faint.
    let dark = h.ctx.theme() == egui::Theme::Dark;
    let inside = |h: &Harness<'_, DiplomapApp>| {
        let [r, g, b, a] = diplomap::symbol::ring_inside(diplomap::symbol::state_rgba(
            diplomap::timeline::TimelineState::MayBeOpen,
            dark,
        ));
        crate::common::painted_in(
            h,
            h.state().map_rect(),
            egui::Color32::from_rgba_unmultiplied(r, g, b, a),
        )
    };
    assert!(inside(&h) > 0, "ring insides on the map");
    // M (View → Missions that may be open) hides them, and again shows them.
    h.key_press(egui::Key::M);
    h.run();
    assert_eq!(visible_ids(&mut h).len(), 5);
    assert_eq!(inside(&h), 0, "no ring left");
    assert!(!visible_ids(&mut h).contains(&"na-windhoek-embassy".to_owned()));
    h.get_by_label("View").click();
    h.run();
    h.get_by_label("Missions that may be open").click();
    h.run();
    assert_eq!(visible_ids(&mut h).len(), 5 + 82);
    // Windhoek's details give its bounds, each with its reason and source.
    type_into(&mut h, "Search", "windhoek");
    h.get_by_label("Windhoek").click();
    h.run();
    h.get_by_label(
        "not recorded — not before 1990: Namibia in the state system from 1990 (COW state system v2016); open by 1994: when it closed, in 1994",
    );
    h.get_by_label("may be open in 1990 (opening not recorded)");
}

#[test]
fn a_mission_closed_between_two_periods_says_so_and_counts_as_closed() {
    // The list's data with Canberra given two periods, as a source might: opened 1975,
    // closed the same year, reopened 2002, closed 2008.
    let mut ds = diplomap::data::load_embedded().expect("data");
    let canberra = ds
        .missions
        .iter_mut()
        .find(|m| &*m.id == "au-canberra-embassy")
        .expect("Canberra");
    canberra.opened = Some(1975);
    canberra.extra_mut().breaks =
        diplomap::timeline::Break::parse_text("1975-2002").expect("break");
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("periods.json");
    diplomap::data::save_file(&ds, &path).expect("save");
    let mut h = harness(state(1990, (135.0, -25.0), 3.0));
    open_through_the_window(&mut h, &path);
    h.get_by_label_contains("Opened ");
    // In 1990 it is closed earlier: not on the map, its row (with closed missions shown)
    // says when it closed and when it reopens.
    assert!(!visible_ids(&mut h).contains(&"au-canberra-embassy".to_owned()));
    // Four closed earlier: the list's three and Canberra.
    h.get_by_role_and_label(
        egui::accesskit::Role::CheckBox,
        "closed earlier (ghosts) (4)",
    )
    .click_accesskit();
    h.run();
    assert!(visible_ids(&mut h).contains(&"au-canberra-embassy".to_owned()));
    type_into(&mut h, "Search", "canberra");
    h.get_by_label("closed 1975, reopens 2002");
    h.get_by_label("Canberra").click();
    h.run();
    h.get_by_label("closed in 1975 (reopens 2002)");
    h.get_by_label("1975 to 1975; 2002 to 2008");
}
