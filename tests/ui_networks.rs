//! The network windows in the app: who is in a host country, and the ranking of sending
//! states (egui_kittest, headless).

use crate::common::{harness, state};
use diplomap::app::UiState;
use diplomap::data::Builtin;
use egui_kittest::kittest::Queryable;

fn open(h: &mut egui_kittest::Harness<'_, diplomap::app::DiplomapApp>, item: &str) {
    h.get_by_label("Networks").click();
    h.run();
    h.get_by_label_contains(item).click();
    h.run();
}

#[test]
fn who_is_here_lists_the_missions_in_north_korea_by_sender() {
    let mut h = harness(state(2026, (127.0, 40.0), 5.0));
    open(&mut h, "Who is here…");
    // The data set's focus comes first: the 18 foreign missions in North Korea, in 2024
    // (the data set's date): 16 of them only Wikidata's snapshot of 2022 shows.
    h.get_by_label("18 missions of 17 sending states in North Korea in 2024");
    h.get_by_label_contains("16 of them may be open");
    h.get_by_label("Sweden");
    h.get_all_by_label_contains("Embassy · Pyongyang")
        .next()
        .expect("an embassy in Pyongyang")
        .click();
    h.run();
    // A mission selected: the window looks at its city (China's consulate in Chongjin is
    // not in Pyongyang).
    h.get_by_label("17 missions of 17 sending states in Pyongyang, North Korea in 2024");
    // Before Brazil's (2009) and France's (2011) offices opened, two fewer: 19 years
    // back with the left arrow key.
    for _ in 0..19 {
        h.key_press(egui::Key::ArrowLeft);
    }
    h.run();
    h.get_by_label("15 missions of 15 sending states in Pyongyang, North Korea in 2005");
}

/// The ranking's row of a sender (its name is in the list and the filters too).
fn row<'t>(
    h: &'t egui_kittest::Harness<'_, diplomap::app::DiplomapApp>,
    sender: &'t str,
) -> egui_kittest::Node<'t> {
    h.get_by_role_and_label(egui::accesskit::Role::Button, sender)
}

#[test]
fn the_ranking_orders_the_senders_and_a_row_selects_one() {
    let st = UiState {
        builtin: Builtin::World,
        ..state(2022, (10.0, 30.0), 2.0)
    };
    let mut h = harness(st);
    open(&mut h, "Ranking of sending states…");
    // As `stats --year 2022` counts them (tests/cli.rs): 202 senders, these three first.
    h.get_by_label_contains(
        "202 sending states with missions known to operate, or that may operate, in 2022",
    );
    let ys: Vec<f32> = ["France", "United Kingdom", "Japan"]
        .iter()
        .map(|s| row(&h, s).rect().top())
        .collect();
    assert!(ys.windows(2).all(|w| w[0] < w[1]), "{ys:?}");
    // A row shows that sender's missions only (Japan's 228 of the 9,882 shown in 2022);
    // again, all of them.
    h.get_by_label("9882 shown of 9909");
    row(&h, "Japan").click();
    h.run();
    h.get_by_label("228 shown of 9909");
    row(&h, "Japan").click();
    h.run();
    h.get_by_label("9882 shown of 9909");
    // Honorary posts counted, the Netherlands' 309 put it first.
    h.get_by_label("Count honorary posts and trade offices")
        .click();
    h.run();
    let ys: Vec<f32> = ["The Netherlands", "France"]
        .iter()
        .map(|s| row(&h, s).rect().top())
        .collect();
    assert!(ys[0] < ys[1], "{ys:?}");
    // Senders that are not states are ranked when asked for, and say what they are.
    h.get_by_label("Rank senders that are not states").click();
    h.run();
    // (213: the two ministries that were senders of their own are their states.)
    h.get_by_label_contains(
        "213 sending states with missions known to operate, or that may operate, in 2022",
    );
    // Sorted by name, Abkhazia comes first, marked.
    h.get_by_role_and_label(egui::accesskit::Role::Button, "Sending state")
        .click();
    h.run();
    h.get_by_label("Abkhazia (state with limited recognition)");
    // The table exports as `stats` writes it: for the same year and what is counted,
    // the same bytes.
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("ranking.csv");
    crate::common::type_into(&mut h, "Save as", &path.display().to_string());
    h.get_by_label("Export CSV").click();
    h.run();
    let o = crate::common::diplomap(&[
        "--data",
        "world",
        "stats",
        "--year",
        "2022",
        "--all-posts",
        "--all-senders",
    ]);
    assert!(o.status.success());
    assert_eq!(std::fs::read(&path).expect("written"), o.stdout);
    h.get_by_label_contains("Exported the ranking of 213 sending states to");
}

#[test]
fn selecting_the_stockholm_embassy_lists_and_draws_its_accreditations() {
    let mut h = harness(state(2026, (18.0, 59.0), 4.0));
    h.get_by_label("Search").click();
    h.run();
    h.get_by_label("Search").type_text("Stockholm");
    h.run();
    h.get_all_by_label("Stockholm")
        .find(|n| {
            use egui_kittest::kittest::NodeT;
            n.accesskit_node().role() != egui::accesskit::Role::TextRun
        })
        .expect("the list row")
        .click();
    h.run();
    h.get_by_label_contains("Norway, Finland, Sweden, Denmark, Lithuania, Iceland, Latvia");
    // A line to each capital but the host's own, drawn on the map: a path and a dot at its
    // end each, in the lines' colour.
    let dark = h.ctx.theme() == egui::Theme::Dark;
    let colour = if dark {
        egui::Color32::from_rgba_unmultiplied(0xff, 0xd6, 0x0a, 200)
    } else {
        egui::Color32::from_rgba_unmultiplied(0x1d, 0x3a, 0xd8, 200)
    };
    let drawn = |h: &egui_kittest::Harness<'_, diplomap::app::DiplomapApp>| {
        crate::common::painted_in(h, egui::Rect::EVERYTHING, colour)
    };
    // Six lines with their dots, and the key of the "On the map" box.
    assert_eq!(drawn(&h), 2 * 6 + 1);
    h.get_by_label("Where the selected mission is also accredited");
    let lines = h.state().accreditation_lines();
    assert_eq!(lines.len(), 6);
    let oslo = (10.75, 59.91);
    assert!(
        lines.iter().any(|l| l
            .last()
            .is_some_and(|p| (p.0 - oslo.0).abs() < 0.2 && (p.1 - oslo.1).abs() < 0.2)),
        "a line ends in Oslo"
    );
    // Clearing the selection takes them away.
    h.key_press(egui::Key::Escape);
    h.run();
    assert_eq!(drawn(&h), 0);
}

#[test]
fn change_from_1990_to_2000_on_the_list() {
    let mut h = harness(state(2000, (60.0, 30.0), 2.0));
    open(&mut h, "Change between two years…");
    // It opens on the timeline's last two years, marked at once.
    h.get_by_label("Changes after 2022 up to 2024");
    // From 1990 to 2000 (as the window's fields set them). Counted from
    // data/north-korea.json: 19 closures in 1991-2000, no opening recorded.
    h.state_mut()
        .push(diplomap::app::ViewCmd::SetChange(Some((1990, 2000))));
    h.run();
    h.get_by_label("0 opened and 19 closed in the years after 1990 up to 2000");
    h.get_by_label("Closed (19)");
    // Each closure is ringed in red on the map (one circle each), no opening in blue.
    let rings = |h: &egui_kittest::Harness<'_, diplomap::app::DiplomapApp>, c| {
        crate::common::painted_in(h, h.state().map_rect(), c)
    };
    let (red, blue) = (
        egui::Color32::from_rgb(0xd6, 0x27, 0x28),
        egui::Color32::from_rgb(0x1f, 0x77, 0xd4),
    );
    // 17 in view: the map over the Old World leaves Kingston's and Managua's out; and
    // one of each colour as the keys of the "On the map" box.
    assert_eq!(rings(&h, red), 17 + 1);
    assert_eq!(rings(&h, blue), 1);
    // The mission list can show just those: the 19 cities, and no other.
    h.get_by_label("The mission list shows just these").click();
    h.run();
    h.get_by_label("19 that opened or closed after 1990 up to 2000");
    let mut cities = crate::common::column_words(&h, "City");
    cities.sort();
    assert_eq!(
        cities,
        [
            "Accra",
            "Amman",
            "Astana",
            "Bamako",
            "Budapest",
            "Copenhagen",
            "Cotonou",
            "Harare",
            "Helsinki",
            "Kingston",
            "Kyiv",
            "Lisbon",
            "Lomé",
            "Lusaka",
            "Managua",
            "Maputo",
            "Tunis",
            "Windhoek",
            "Yaoundé"
        ]
    );
    // A row selects the mission and shows it: the first in the data, Cotonou's (1993).
    h.get_by_label("1993 · Embassy of North Korea in Cotonou, Benin")
        .click();
    h.run();
    h.get_by_label_contains("6.3654, 2.4183 (city precision)");
    // The "On the map" box's button takes the rings away (the window stays, unticked),
    // and the list is the whole list again.
    h.get_by_label("Hide changes").click();
    h.run();
    assert_eq!(rings(&h, red), 0, "no rings once hidden");
    assert!(h.query_by_label("Closed (19)").is_none());
    h.get_by_label("Mark them on the map");
    h.get_by_label_contains("shown of 102");
    // Marked again, then the window closed (Escape; again clears the selection): the
    // rings, their entry and the shortened list go with it.
    h.get_by_label("Mark them on the map").click();
    h.run();
    h.get_by_label("The mission list shows just these").click();
    h.run();
    h.get_by_label("19 that opened or closed after 1990 up to 2000");
    h.key_press(egui::Key::Escape);
    h.run();
    h.key_press(egui::Key::Escape);
    h.run();
    assert!(h.query_by_label_contains("Changes after").is_none());
    assert_eq!(rings(&h, red), 0, "no rings once the window is closed");
    h.get_by_label_contains("shown of 102");
}

/// Chooses `value` in the combo box labelled `label` (scrolled to if need be).
fn pick(h: &mut egui_kittest::Harness<'_, diplomap::app::DiplomapApp>, label: &str, value: &str) {
    h.get_by_role_and_label(egui::accesskit::Role::ComboBox, label)
        .click();
    h.run();
    h.get_by_role_and_label(egui::accesskit::Role::Button, value)
        .scroll_to_me();
    h.run();
    h.get_by_role_and_label(egui::accesskit::Role::Button, value)
        .click();
    h.run();
}

#[test]
fn reciprocity_between_sweden_and_norway() {
    let st = UiState {
        builtin: Builtin::World,
        ..state(2022, (10.0, 60.0), 4.0)
    };
    let mut h = harness(st);
    open(&mut h, "Reciprocity…");
    h.get_by_label("Choose two sending states.");
    pick(&mut h, "State A", "Sweden");
    pick(&mut h, "State B", "Norway");
    // Counted from data/world.json: each has its embassy in the other's capital, and no
    // mission of Sweden's elsewhere is accredited to Norway.
    h.get_by_label("Sweden's missions in Norway in 2022: 1");
    h.get_by_label("Norway's missions in Sweden in 2022: 1");
    h.get_by_label("Sweden's missions elsewhere accredited to Norway in 2022: 0");
}

/// Ticks a sender in the Sending state facet, found by the facet's Find field, with the
/// number of its missions the option should show.
fn tick_sender(
    h: &mut egui_kittest::Harness<'_, diplomap::app::DiplomapApp>,
    name: &str,
    n: usize,
) {
    crate::common::type_into(h, "Find sender", name);
    crate::common::tick_under(h, "Find sender", &format!("{name} ({n})"));
}

// Shown in 2022 (open, closing or closed in a year unknown), from data/world.json.
const SWEDEN: usize = 108;
const NORTH_KOREA: usize = 57;
const NORWAY: usize = 85;

#[test]
fn comparing_two_senders_colours_them_and_splits_the_counts() {
    let st = UiState {
        builtin: Builtin::World,
        ..state(2022, (10.0, 55.0), 3.0)
    };
    let mut h = harness(st);
    tick_sender(&mut h, "Sweden", SWEDEN);
    assert!(
        h.query_by_label_contains("Comparing:").is_none(),
        "one sender: no comparison"
    );
    tick_sender(&mut h, "North Korea", NORTH_KOREA);
    h.get_by_label_contains("Comparing: colour is the sending state");
    // The summary line splits the count by sender, and the list shows both, only.
    h.get_by_label(&format!("Sweden {SWEDEN}"));
    h.get_by_label(&format!("North Korea {NORTH_KOREA}"));
    h.get_by_label(&format!("{} shown of 9909", SWEDEN + NORTH_KOREA));
    // The map draws in the palette's first two colours (the order the senders are
    // compared in), and in no third.
    let colour = |k: usize| {
        let [r, g, b, a] = diplomap::symbol::COMPARE_PALETTE[k];
        egui::Color32::from_rgba_unmultiplied(r, g, b, a)
    };
    let map = h.state().map_rect();
    let drawn: Vec<usize> = (0..3)
        .map(|k| crate::common::painted_in(&h, map, colour(k)))
        .collect();
    assert!(drawn[0] > 0 && drawn[1] > 0 && drawn[2] == 0, "{drawn:?}");
    let app = h.state_mut();
    let colors = diplomap::symbol::compare_colors(&app.state.filter.senders).expect("two");
    assert_eq!(colors.len(), 2);
    assert_ne!(colors[0].1, colors[1].1);
    // The closures chart is stacked by sender: each one's closures, by year, up to the
    // world set's date (2022; North Korea's closures of 2023 and 2024 come after it).
    let filter = app.state.filter.clone();
    let by_sender = app.derived().closures_by_sender.clone();
    for ((name, color), (c, by_year)) in colors.iter().zip(&by_sender) {
        assert_eq!(color, c);
        let want = app
            .dataset()
            .missions
            .iter()
            .filter(|m| &*m.sending_state == name)
            .filter(|m| {
                m.closure
                    .year()
                    .is_some_and(|y| y <= 2022 && filter.matches(m, y))
            })
            .count();
        assert_eq!(by_year.values().sum::<usize>(), want, "{name}");
    }
    assert!(
        by_sender
            .iter()
            .map(|(_, y)| y.values().sum::<usize>())
            .sum::<usize>()
            > 0,
        "some closures to stack"
    );
}

#[test]
fn the_coverage_map_shades_resident_and_accredited_countries_and_follows_the_slider() {
    let st = UiState {
        builtin: Builtin::World,
        ..state(2022, (10.0, 55.0), 3.0)
    };
    let mut h = harness(st);
    // The sending-state facet does not hide the sender whose coverage is shown.
    tick_sender(&mut h, "Norway", NORWAY);
    open(&mut h, "Coverage map…");
    // It opens shading the first compared sender's coverage.
    h.get_by_label_contains("Coverage of Norway, 2022");
    pick(&mut h, "Sending state", "Sweden");
    h.run();
    h.get_by_label_contains("Coverage of Sweden, 2022");
    // Counted from data/world.json: Sweden's diplomatic and consular posts operating in
    // 2022 are in 93 sovereign states, and accredited to 63 more; Kosovo is shaded and
    // named apart.
    h.get_by_label("resident mission: 93 countries");
    h.get_by_label("accredited from elsewhere: 63 countries");
    h.get_by_label("also, not counted among the countries: Kosovo");
    // The map is shaded in the two colours, and the colours differ.
    let (r, a) = (
        diplomap::app::map::coverage_color(
            diplomap::network::Coverage::Resident,
            h.ctx.theme() == egui::Theme::Dark,
        ),
        diplomap::app::map::coverage_color(
            diplomap::network::Coverage::Accredited,
            h.ctx.theme() == egui::Theme::Dark,
        ),
    );
    assert_ne!(r, a);
    let (resident, accredited) = (crate::common::painted(&h, r), crate::common::painted(&h, a));
    assert!(
        resident > 100 && accredited > 100,
        "{resident} {accredited} vertices"
    );
    let fills = diplomap::app::map::country_fills(2.0);
    let no = fills
        .iter()
        .find(|f| f.key == "NO")
        .expect("Norway's shape");
    assert!(!no.indices.is_empty());
    // It follows the slider: 72 years back with the left arrow key. In 1950 few of
    // Sweden's posts have a recorded opening; where only posts that may be open stand or
    // are accredited, the country may be covered, shaded apart.
    for _ in 0..72 {
        h.key_press(egui::Key::ArrowLeft);
    }
    h.run();
    h.get_by_label_contains("1950: ");
    let gaz = diplomap::gazetteer::Gazetteer::embedded();
    let others = diplomap::filter::Filter {
        senders: Default::default(),
        ..h.state().state.filter.clone()
    };
    let c = diplomap::network::coverage(
        h.state().dataset().missions.as_slice(),
        "Sweden",
        1950,
        Some(&others),
        gaz,
        Default::default(),
    );
    let n = |k| c.values().filter(|v| **v == k).count();
    use diplomap::network::Coverage::*;
    let (res, acc, may) = (n(Resident), n(Accredited), n(MayBeCovered));
    assert!(res < 95 && may > res, "{res} {acc} {may}");
    h.get_by_label(&format!("resident mission: {res} countries"));
    h.get_by_label(&format!("accredited from elsewhere: {acc} countries"));
    h.get_by_label(&format!(
        "may be covered: {may} countries (only by missions no source shows open then)"
    ));
    let m = diplomap::app::map::coverage_color(MayBeCovered, h.ctx.theme() == egui::Theme::Dark);
    assert!(m != r && m != a && crate::common::painted(&h, m) > 100);
    h.get_by_label("Shade the map").click();
    h.run();
    assert!(h.query_by_label_contains("resident mission").is_none());
    // Unticked: nothing is shaded.
    assert_eq!(
        (crate::common::painted(&h, r), crate::common::painted(&h, a)),
        (0, 0)
    );
}

#[test]
fn the_compared_senders_accreditation_lines_are_drawn_in_their_colours() {
    let st = UiState {
        builtin: Builtin::World,
        ..state(2022, (10.0, 55.0), 3.0)
    };
    let mut h = harness(st);
    tick_sender(&mut h, "Sweden", SWEDEN);
    tick_sender(&mut h, "Norway", NORWAY);
    open(&mut h, "Accreditation lines of compared senders");
    assert!(h.state().state.show_network_lines);
    // One line per shown mission of theirs and per other country it is accredited to.
    let app = h.state_mut();
    let visible = app.visible();
    let want: usize = visible
        .iter()
        .map(|&i| diplomap::app::view_model::accreditation_lines(&app.dataset().missions[i]).len())
        .sum();
    let lines = app.network_lines();
    assert!(want > 10, "{want}");
    assert_eq!(lines.len(), want);
    let colors = diplomap::symbol::compare_colors(&app.state.filter.senders).expect("two");
    assert!(
        lines
            .iter()
            .all(|l| colors.iter().any(|(_, c)| *c == l.color))
    );
    // Off again, or with one sender only: none.
    open(&mut h, "Accreditation lines of compared senders");
    assert!(h.state().network_lines().is_empty());
}

#[test]
fn clicking_a_country_on_the_map_asks_who_is_there() {
    // The map over Mongolia, where no mission stands in the middle of the country.
    let mut h = harness(state(2026, (103.0, 47.0), 5.0));
    open(&mut h, "Who is here…");
    h.get_by_label_contains("in North Korea in 2024");
    let rect = h.state().map_rect();
    let (c, z) = (h.state().map_center(), h.state().map_zoom());
    // Where (103.5, 46.5) is on the screen.
    let world = 256.0 * 2f64.powf(z);
    let x = rect.center().x as f64
        + (diplomap::view::mercator_x(103.5) - diplomap::view::mercator_x(c.0)) * world;
    let y = rect.center().y as f64
        + (diplomap::view::mercator_y(46.5) - diplomap::view::mercator_y(c.1)) * world;
    let p = egui::pos2(x as f32, y as f32);
    assert!(rect.contains(p), "{p:?} in {rect:?}");
    crate::common::click_at(&mut h, p);
    h.get_by_label_contains("in Mongolia in 2024");
    assert_eq!(diplomap::app::map::country_at(103.5, 46.5), Some("MN"));
    assert_eq!(
        diplomap::app::map::country_at(-30.0, 0.0),
        None,
        "the ocean"
    );
}

#[test]
fn two_to_six_senders_are_compared_and_a_seventh_is_not() {
    let st = UiState {
        builtin: Builtin::World,
        ..state(2022, (10.0, 55.0), 3.0)
    };
    let mut h = harness(st);
    let comparing = |h: &egui_kittest::Harness<'_, diplomap::app::DiplomapApp>| {
        h.query_by_label_contains("Comparing: colour is the sending state")
            .is_some()
    };
    // Shown in 2022, from data/world.json.
    let senders = [
        ("Sweden", SWEDEN),
        ("Norway", NORWAY),
        ("Denmark", 71),
        ("Finland", 76),
        ("Iceland", 17),
        ("Estonia", 44),
        ("Latvia", 39),
    ];
    for (k, (name, n)) in senders.iter().enumerate() {
        tick_sender(&mut h, name, *n);
        // One sender alone is no comparison; two to six are; a seventh is too many.
        assert_eq!(comparing(&h), (1..6).contains(&k), "{} senders", k + 1);
    }
}
