//! The built-in data sets: `diplomap build-data` reproduces the committed files byte for
//! byte, and what they hold follows the rules (the list decides existence and closures,
//! Wikidata gives buildings; nothing dropped silently).

use std::collections::HashSet;
use std::path::Path;

use diplomap::cli::{build_data, built_paths};
use diplomap::model::{Closure, Precision};

fn built() -> diplomap::world::Built {
    build_data(
        Path::new("data/missions.json"),
        Path::new("data/sources/wikidata-missions-2022-11.csv"),
    )
    .expect("builds")
}

#[test]
fn build_data_reproduces_the_committed_files() {
    let b = built();
    let [nk, world, report] = built_paths(Path::new("data"));
    let committed = |p: &Path| std::fs::read_to_string(p).expect("committed");
    assert!(
        diplomap::data::to_json(&b.north_korea) == committed(&nk),
        "data/north-korea.json differs: run `diplomap build-data`"
    );
    assert!(
        diplomap::data::to_json(&b.world) == committed(&world),
        "data/world.json differs: run `diplomap build-data`"
    );
    assert!(
        b.report == committed(&report),
        "data/sources/REPORT.md differs: run `diplomap build-data`"
    );
    // Both load as data files.
    for p in [&nk, &world] {
        diplomap::data::load_file(p).expect("a valid data file");
    }
}

#[test]
fn north_korea_is_the_list_enriched_plus_the_missions_it_hosts() {
    let b = built();
    let list = diplomap::data::load_file(Path::new("data/missions.json")).expect("list");
    let nk = &b.north_korea.missions;
    let own: Vec<_> = nk.iter().filter(|m| !m.inbound).collect();
    let hosted: Vec<_> = nk.iter().filter(|m| m.inbound).collect();
    assert_eq!(own.len(), 84);
    assert_eq!(hosted.len(), 18);
    // The list's facts stand: the same missions, types, closures and notes.
    for (a, b) in list.missions.iter().filter(|m| !m.inbound).zip(&own) {
        assert_eq!(
            (&a.id, a.kind, a.closure, a.refs(), a.notes(), &a.city),
            (&b.id, b.kind, b.closure, b.refs(), b.notes(), &b.city)
        );
    }
    // Madrid: Wikidata still listed it in 2022; the list's closure in 2023 stands.
    let madrid = nk
        .iter()
        .find(|m| m.id == "es-madrid-embassy")
        .expect("Madrid");
    assert_eq!(madrid.closure, Closure::InYear(2023));
    assert_eq!(madrid.extra().wikidata.as_deref(), Some("Q62089090"));
    // Berlin: Wikidata's building in "Mitte", the list's city.
    let berlin = nk
        .iter()
        .find(|m| m.id == "de-berlin-embassy")
        .expect("Berlin");
    assert_eq!(
        (&*berlin.city, berlin.precision),
        ("Berlin", Precision::Building)
    );
    assert!(!berlin.extra().accredited_to.is_empty());
    // China's and Sweden's embassies in Pyongyang: once each, the list's facts kept.
    let sweden: Vec<_> = hosted
        .iter()
        .filter(|m| &*m.sending_state == "Sweden")
        .collect();
    assert_eq!(sweden.len(), 1);
    assert_eq!(sweden[0].opened, Some(1975));
    assert_eq!(sweden[0].precision, Precision::Building);
    let china = hosted
        .iter()
        .filter(|m| &*m.sending_state == "China")
        .count();
    assert_eq!(
        china, 2,
        "the embassy and the consulate general in Chongjin"
    );
    // Districts of Pyongyang are named Pyongyang.
    assert!(
        hosted
            .iter()
            .all(|m| &*m.city == "Pyongyang" || &*m.city == "Chongjin")
    );
    // Every mission of the list that Wikidata has is matched: 26.
    let matched = own.iter().filter(|m| m.extra().wikidata.is_some()).count();
    assert_eq!(matched, 26);
}

#[test]
fn the_world_holds_every_placed_mission_once() {
    let b = built();
    let world = &b.world.missions;
    assert_eq!(world.len(), 9909);
    let ids: HashSet<&str> = world.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(ids.len(), world.len(), "ids are unique");
    let items: Vec<&str> = world
        .iter()
        .filter_map(|m| m.extra().wikidata.as_deref())
        .collect();
    let unique: HashSet<&&str> = items.iter().collect();
    assert_eq!(unique.len(), items.len(), "no Wikidata item twice");
    // North Korea's missions come from the list, with their closures.
    let nk: Vec<_> = world
        .iter()
        .filter(|m| &*m.sending_state == "North Korea")
        .collect();
    assert_eq!(nk.len(), 84);
    // 38 closed, as the list says: 37 in a year it gives, Gabon's in a year it does not.
    assert_eq!(nk.iter().filter(|m| m.closure.is_closed()).count(), 38);
    let unknown: Vec<&str> = nk
        .iter()
        .filter(|m| m.closure == Closure::YearUnknown)
        .map(|m| m.id.as_str())
        .collect();
    assert_eq!(unknown, ["ga-libreville-embassy"]);
    // Every mission of the snapshot is there once: its items are the world's items.
    let (rows, _) = diplomap::world::snapshot::read(
        "s",
        &std::fs::read_to_string("data/sources/wikidata-missions-2022-11.csv").expect("csv"),
    );
    let snapshot_items: HashSet<&str> = rows.iter().map(|r| r.item.as_str()).collect();
    assert_eq!(
        snapshot_items.len(),
        rows.len() - 1,
        "one item is listed twice"
    );
    assert_eq!(unique.len(), snapshot_items.len());
    assert!(unique.iter().all(|q| snapshot_items.contains(**q)));
    assert!(b.report.contains("not placed: 0."));
    // Doubtful years are kept and reported.
    assert!(world.iter().any(|m| m.opened == Some(1300)));
    assert!(b.report.contains("opened in 1300?"));
}
