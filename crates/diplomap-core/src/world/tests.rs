use super::*;
use crate::model::{Closure, MissionKind, Precision};

const HEAD: &str = "operator;operatorQID;jurisdictions;jurisdictionQIDs;country;countryQID;city;cityQID;address;latitude;longitude;website;type;typeQID;creation;QID\n";

/// A snapshot row: sender, host, city, (lat, lon), type, opening, item.
fn row(
    sender: &str,
    host: &str,
    city: &str,
    at: Option<(f64, f64)>,
    kind: &str,
    opened: &str,
    item: &str,
) -> String {
    let (lat, lon) = at.map_or((String::new(), String::new()), |(a, b)| {
        (a.to_string(), b.to_string())
    });
    format!(
        "{sender};x;{host};x;{host};x;{city};x;;{lat};{lon};;{kind};x;{opened};http://www.wikidata.org/entity/{item}\n"
    )
}

fn list() -> Dataset {
    let text = r#"{
  "format": "diplomap/1",
  "name": "List",
  "source": "The list.",
  "sending_state": "North Korea",
  "missions": [
    {"id": "se-stockholm-embassy", "country": "Sweden", "country_code": "SE", "city": "Stockholm", "mission": "Embassy", "region": "Europe", "opened": 1973, "lat": 59.32938, "lon": 18.06871},
    {"id": "no-oslo-embassy", "country": "Norway", "country_code": "NO", "city": "Oslo", "mission": "Embassy", "region": "Europe", "closed": 1976, "lat": 59.91273, "lon": 10.74609},
    {"id": "cn-shenyang-consulate-general", "country": "China", "country_code": "CN", "city": "Shenyang", "mission": "Consulate General", "region": "Asia", "lat": 41.79222, "lon": 123.43278},
    {"id": "kp-pyongyang-embassy-se", "sending_state": "Sweden", "country": "North Korea", "country_code": "KP", "city": "Pyongyang", "mission": "Embassy", "region": "Asia", "opened": 1975, "lat": 39.03385, "lon": 125.75432, "inbound": true}
  ]
}"#;
    crate::data::parse("list.json", text).expect("valid")
}

fn build_from(rows: &str) -> Built {
    let (rows, problems) = snapshot::read("s.csv", &format!("{HEAD}{rows}"));
    assert!(problems.is_empty(), "{problems:?}");
    let geo = Geocoder::embedded().expect("geocoder");
    build(&list(), &rows, &geo)
}

#[test]
fn every_rule_decides_as_the_report_says() {
    let b = build_from(
        &[
            // The list's Stockholm embassy, in a suburb, opened another year: building and
            // place from Wikidata, the list's year stands.
            row(
                "North Korea",
                "Sweden",
                "Lidingö Municipality",
                Some((59.36, 18.15)),
                "embassy",
                "1974-01-01T00:00:00Z",
                "Q1",
            ),
            // Oslo: closed in 1976 by the list, listed by Wikidata: the closure stands.
            row("North Korea", "Norway", "Oslo", None, "embassy", "", "Q2"),
            // Shenyang: a consulate by Wikidata, a consulate general by the list.
            row(
                "North Korea",
                "China",
                "Shenyang",
                None,
                "consulate",
                "",
                "Q3",
            ),
            // Not in the list: left out.
            row("North Korea", "Peru", "Lima", None, "embassy", "", "Q4"),
            // Sweden's embassy in Pyongyang, in a district: merged with the list's.
            row(
                "Sweden",
                "North Korea",
                "Taedonggang-guyok",
                Some((39.023, 125.7922)),
                "embassy",
                "",
                "Q5",
            ),
            // Another state's, no city, no coordinates: at the capital, precision country.
            row(
                "Poland",
                "North Korea",
                "",
                None,
                "embassy",
                "1951-01-01T00:00:00Z",
                "Q6",
            ),
            // The same item again, under another operator.
            row(
                "Nepal",
                "North Korea",
                "Pyongyang",
                None,
                "embassy",
                "",
                "Q6",
            ),
            // A host the gazetteer has no country for: the building decides.
            row(
                "Russia",
                "Abkhazia",
                "Sukhumi",
                Some((43.0, 41.0)),
                "embassy",
                "",
                "Q7",
            ),
            // No known host and no place at all: left out, and said so.
            row(
                "Vatican",
                "Nordic countries",
                "",
                None,
                "apostolic nunciature",
                "",
                "Q10",
            ),
            // Wikidata gives the sender as "country"; the building stands in Vienna.
            row(
                "Australia",
                "Australia",
                "Vienna",
                Some((48.1986, 16.373)),
                "embassy",
                "",
                "Q9",
            ),
            // A word that is no type, and a doubtful year.
            row(
                "Spain",
                "Slovakia",
                "Bratislava",
                Some((48.15, 17.11)),
                "diplomatic mission of Spain",
                "1300-01-01T00:00:00Z",
                "Q8",
            ),
        ]
        .concat(),
    );
    let nk = &b.north_korea.missions;
    let by_id = |id: &str| {
        nk.iter()
            .find(|m| m.id == id)
            .unwrap_or_else(|| panic!("{id}"))
    };
    let stockholm = by_id("se-stockholm-embassy");
    assert_eq!(
        (stockholm.precision, stockholm.opened),
        (Precision::Building, Some(1973))
    );
    assert_eq!(&*stockholm.city, "Stockholm", "the list's city");
    assert_eq!(by_id("no-oslo-embassy").closure, Closure::InYear(1976));
    assert_eq!(
        by_id("cn-shenyang-consulate-general").kind,
        MissionKind::ConsulateGeneral
    );
    assert!(!nk.iter().any(|m| &*m.city == "Lima"));
    let sweden: Vec<_> = nk
        .iter()
        .filter(|m| &*m.sending_state == "Sweden")
        .collect();
    assert_eq!(sweden.len(), 1, "merged, not doubled");
    assert_eq!(
        (sweden[0].opened, sweden[0].precision),
        (Some(1975), Precision::Building)
    );
    let poland = nk
        .iter()
        .find(|m| &*m.sending_state == "Poland")
        .expect("added");
    assert!(poland.inbound);
    assert_eq!(
        (&*poland.city, poland.precision),
        ("Pyongyang", Precision::Country)
    );
    for says in [
        "opened in 1973 by the list, 1974 by Wikidata; the list's year stands",
        "closed in 1976 by the list, still listed by Wikidata in 2022; the list's closure stands",
        "the list says Consulate General, Wikidata consulate; the list's type stands",
        "Wikidata Q4 (embassy in Lima, Peru): no mission of the list matches",
        "kp-pyongyang-embassy-se ← Wikidata Q5 (merged)",
        "line 8, Q6: listed again, under Nepal",
        "\"Taedonggang-guyok\" → Pyongyang",
        "the row names Abkhazia as host, the building stands in Georgia; the building decides",
        "Q10: host country \"Nordic countries\" is no country of the gazetteer",
        "opened in 1300? Kept as Wikidata says",
        "the row names Australia as host, the building stands in Austria; the building decides",
    ] {
        assert!(b.report.contains(says), "{says}\n{}", b.report);
    }
    // The world: every placed row once, North Korea's from the list.
    let world = &b.world.missions;
    assert_eq!(
        world
            .iter()
            .filter(|m| &*m.sending_state == "North Korea")
            .count(),
        3
    );
    let spain = world
        .iter()
        .find(|m| &*m.sending_state == "Spain")
        .expect("Spain");
    assert_eq!(
        (spain.kind, spain.kind_word()),
        (MissionKind::Other, "diplomatic mission of Spain")
    );
    assert_eq!(spain.opened, Some(1300));
    assert!(world.iter().all(|m| !m.inbound));
    let vienna = world
        .iter()
        .find(|m| &*m.sending_state == "Australia")
        .expect("Australia");
    assert_eq!((&*vienna.country_code, &*vienna.city), ("AT", "Vienna"));
    assert_eq!(
        world.len(),
        3 + 5,
        "the list's 3, Sweden's, Poland's, Russia's, Australia's and Spain's"
    );
}
