//! The world data in the app: the Data menu, the sending-state facet and the further facts
//! in the details (egui_kittest, headless).

use crate::common::{harness, shown_ids, state};
use diplomap::data::Builtin;
use egui_kittest::kittest::Queryable;

#[test]
fn the_data_menu_opens_the_world_and_the_sender_facet_narrows_it() {
    let mut h = harness(state(2026, (20.0, 20.0), 2.0));
    assert_eq!(h.state().dataset().missions.len(), 102);
    h.get_by_label("Data").click();
    h.run();
    h.get_by_label("Every country's missions").click();
    h.run();
    assert_eq!(h.state().dataset().missions.len(), 9909);
    assert_eq!(h.state().state.builtin, Builtin::World, "remembered");
    let all = shown_ids(&mut h).len();
    // Find Sweden among the senders; its number is what ticking it shows.
    h.get_by_label("Find sender").click();
    h.run();
    h.get_by_label("Find sender").type_text("swed");
    h.run();
    let n = h.state_mut().derived().facets.senders["Sweden"];
    h.get_by_label(&format!("Sweden ({n})")).click_accesskit();
    h.run();
    let shown = shown_ids(&mut h);
    assert_eq!(shown.len(), n);
    assert!(n > 50 && n < all, "{n} of {all}");
    let app = h.state_mut();
    let visible = app.visible();
    assert!(
        visible
            .iter()
            .all(|&i| &*app.dataset().missions[i].sending_state == "Sweden")
    );
    // The list has a Sender column.
    h.get_by_label("Sender");
}

#[test]
fn the_details_show_accreditations_and_the_wikidata_item() {
    let mut h = harness(state(2026, (13.4, 52.5), 9.0));
    h.get_by_label("Embassy in Berlin, Germany").click();
    h.run();
    assert_eq!(
        h.state().selected_mission().map(|m| m.id.as_str()),
        Some("de-berlin-embassy")
    );
    h.get_by_label("Accredited to");
    h.get_by_label("Q1229712 (CC0)");
    h.get_by_label_contains("(building precision)");
}

#[test]
fn the_timeline_reaches_back_to_the_worlds_oldest_opening() {
    let mut h = harness(state(2026, (20.0, 20.0), 2.0));
    h.key_press(egui::Key::Home);
    h.run();
    assert_eq!(h.state().state.year, diplomap::timeline::FIRST_YEAR);
    h.state_mut()
        .push(diplomap::app::FileCmd::OpenBuiltin(Builtin::World));
    h.run();
    h.key_press(egui::Key::Home);
    h.run();
    // Two embassies in Bratislava say 1300 (flagged as doubtful in the report). Missions
    // with no recorded opening count as open from the start.
    assert_eq!(h.state().state.year, 1300);
    h.get_by_label_contains("1300: ");
    let not_yet = h
        .state_mut()
        .derived()
        .summary
        .get(diplomap::timeline::TimelineState::NotYetOpen);
    assert!(
        not_yet > 900,
        "the openings Wikidata records come later: {not_yet}"
    );
}

#[test]
fn every_place_name_of_the_built_in_data_has_its_letters_in_the_apps_fonts() {
    // Ḩawallī, Bình Thuận, Sokhumi's ʻ…: egui's own font lacks these; the app adds them.
    let h = harness(state(2026, (20.0, 20.0), 2.0));
    let font = egui::FontId::proportional(12.0);
    let mut names: Vec<String> = diplomap::gazetteer::Gazetteer::embedded()
        .cities()
        .iter()
        .map(|c| c.name.clone())
        .collect();
    for b in Builtin::ALL {
        let ds = b.load().expect("data");
        for m in &ds.missions {
            names.extend([&m.city, &m.country, &m.sending_state].map(ToString::to_string));
            names.extend(m.organization.iter().map(ToString::to_string));
            if let Some(x) = &m.extra {
                names.extend(x.address.iter().cloned());
                names.push(x.notes.clone());
            }
        }
    }
    let missing: std::collections::BTreeSet<char> = h.ctx.fonts_mut(|f| {
        names
            .iter()
            .flat_map(|n| n.chars())
            .filter(|&c| !f.has_glyph(&font, c))
            .collect()
    });
    assert!(missing.is_empty(), "no glyph for {missing:?}");
    assert!(names.iter().any(|n| n.contains('Ḩ')), "the test sees them");
}
