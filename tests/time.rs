//! Time you can trust: what `diplomap export --year Y` lists for every year 1948–2022 of
//! both built-in sets, checked against the state tables read here on their own (a state
//! exists in a year when one of its periods, or its predecessors', holds the year).

use std::collections::HashMap;

use diplomap::cli::{DataArg, ExportOptions, run_export};
use diplomap::data::Builtin;
use diplomap::export::Format;

/// The committed state table, read plainly: ISO code → periods (last year `None`: still).
fn periods() -> HashMap<String, Vec<(i32, Option<i32>)>> {
    let text = std::fs::read_to_string("data/evidence/states.tsv").expect("states.tsv");
    let mut out: HashMap<String, Vec<(i32, Option<i32>)>> = HashMap::new();
    for line in text.lines().filter(|l| !l.starts_with('#')) {
        let f: Vec<&str> = line.split('\t').collect();
        let from: i32 = f[3].parse().expect("from");
        let to: Option<i32> = (!f[4].is_empty()).then(|| f[4].parse().expect("to"));
        out.entry(f[0].to_owned()).or_default().push((from, to));
    }
    out
}

fn exists(p: &[(i32, Option<i32>)], y: i32) -> bool {
    p.iter().any(|&(a, b)| a <= y && b.is_none_or(|b| y <= b))
}

/// The CSV `diplomap export --year Y --format csv` writes for the set.
fn export(set: Builtin, year: i32) -> Vec<HashMap<String, String>> {
    let o = ExportOptions {
        format: Format::Csv,
        year: Some(year),
        data: DataArg {
            path: Some(set.name().into()),
            open: Default::default(),
        },
        output: None,
        senders: Vec::new(),
        hosts: Vec::new(),
        raw: false,
    };
    let mut out = Vec::new();
    run_export(&o, &mut out).expect("export");
    crate::common::csv_rows(&out)
}

#[test]
fn no_year_shows_a_mission_before_its_states_existed_or_open_without_evidence() {
    let states = periods();
    let gaz = diplomap::gazetteer::Gazetteer::embedded();
    let bilateral = ["Embassy", "High Commission", "Apostolic Nunciature"];
    for set in Builtin::ALL {
        let mut rows_seen = 0;
        let mut may_be = 0;
        // Every fifth year through the CLI (a load each), the rest through the same
        // functions on one load, checked to agree.
        let ds = set.load().expect("set");
        for year in 1948..=2022 {
            let rows = if year % 5 == 0 {
                let via_cli = export(set, year);
                assert_eq!(
                    via_cli.len(),
                    diplomap::export::active_in(&ds.missions, year).len(),
                    "{set:?} {year}"
                );
                via_cli
            } else {
                let ms = diplomap::export::active_in(&ds.missions, year);
                let mut out = Vec::new();
                diplomap::export::write_csv(&ms, Some(year), &mut out).expect("csv");
                let mut r = csv::Reader::from_reader(out.as_slice());
                let h = r.headers().expect("header").clone();
                r.records()
                    .map(|rec| {
                        let rec = rec.expect("row");
                        h.iter()
                            .zip(rec.iter())
                            .map(|(h, v)| (h.to_owned(), v.to_owned()))
                            .collect()
                    })
                    .collect()
            };
            for row in &rows {
                rows_seen += 1;
                let id = &row["id"];
                let timeline = row["timeline"].as_str();
                assert!(
                    ["open", "closing", "may-be-open"].contains(&timeline),
                    "{id} {year}: {timeline}"
                );
                may_be += usize::from(timeline == "may-be-open");
                if !row["year_opened"].is_empty() {
                    continue;
                }
                // No opening recorded: its sender, and for an embassy its host, existed.
                let sender = gaz.country(&row["sending_state"]).map(|c| c.code.as_str());
                if let Some(p) = sender.and_then(|s| states.get(s)) {
                    assert!(
                        exists(p, year),
                        "{set:?} {year}: {id}: its sender did not exist"
                    );
                }
                if bilateral.contains(&row["mission"].as_str())
                    && let Some(p) = states.get(&row["country_code"])
                {
                    assert!(
                        exists(p, year),
                        "{set:?} {year}: {id}: its host did not exist"
                    );
                }
                // Open only where evidence at or before the year says so.
                if timeline == "open" {
                    let by: Option<i32> = row["opened_by"].parse().ok();
                    assert!(
                        by.is_some_and(|b| b <= year),
                        "{set:?} {year}: {id} open with no evidence by then"
                    );
                }
            }
        }
        assert!(rows_seen > 1000 && may_be > 0, "{set:?}: {rows_seen} rows");
    }
}

#[test]
fn the_lists_facts_are_unchanged() {
    let ds = diplomap::data::load_embedded().expect("the list");
    let list: Vec<_> = ds.missions.iter().filter(|m| !m.inbound).collect();
    assert_eq!(list.len(), 84);
    let find = |id: &str| list.iter().find(|m| m.id == id).expect(id);
    use diplomap::model::Closure;
    assert_eq!(find("ga-libreville-embassy").closure, Closure::YearUnknown);
    let madrid = find("es-madrid-embassy");
    assert_eq!(
        (madrid.opened, madrid.closure),
        (Some(2013), Closure::InYear(2023))
    );
    assert_eq!(find("na-windhoek-embassy").closure, Closure::InYear(1994));
    assert_eq!(
        list.iter().filter(|m| m.closure.is_closed()).count(),
        38,
        "the list's closed missions"
    );
}
