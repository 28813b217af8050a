//! Counting the way the field counts: what `diplomap stats` ranks and counts for the
//! built-in sets, checked against the data files read here on their own.

use std::collections::{BTreeSet, HashMap};

use crate::common::{diplomap, stderr};

/// `diplomap stats` rows, by column name.
fn stats(args: &[&str]) -> Vec<HashMap<String, String>> {
    let o = diplomap(args);
    assert!(o.status.success(), "{}", stderr(&o));
    crate::common::csv_rows(&o.stdout)
}

fn n(row: &HashMap<String, String>, col: &str) -> usize {
    row[col].parse().expect(col)
}

#[test]
fn the_world_ranking_counts_states_posts_and_sovereign_countries() {
    let rows = stats(&["--data", "world", "stats", "--year", "2022"]);
    let first: Vec<&str> = rows
        .first()
        .map(|r| r.keys().map(String::as_str).collect())
        .unwrap_or_default();
    for col in [
        "sending_state",
        "missions",
        "host_countries",
        "countries_covered",
        "missions_may_be_open",
        "sender_class",
    ] {
        assert!(first.contains(&col), "{col}");
    }
    for r in &rows {
        assert!(n(r, "countries_covered") <= 195, "{r:?}");
        assert!(n(r, "host_countries") <= n(r, "countries_covered"), "{r:?}");
        assert!(
            ["state", "limited"].contains(&r["sender_class"].as_str()),
            "ranked without being asked: {r:?}"
        );
        let s = r["sending_state"].to_lowercase();
        for word in ["ministry", "government", "quebec", "saxony", "new mexico"] {
            assert!(!s.contains(word), "{s}");
        }
    }
    // The Netherlands without its 176 honorary consulates, which stay counted apart.
    let data: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string("data/world.json").expect("world"))
            .expect("json");
    let missions = data["missions"].as_array().expect("missions");
    let of = |sender: &str, honorary: bool| {
        missions
            .iter()
            .filter(|m| {
                m["sending_state"] == sender && (m["mission"] == "Honorary Consulate") == honorary
            })
            .count()
    };
    let nl = rows
        .iter()
        .find(|r| r["sending_state"] == "The Netherlands")
        .expect("the Netherlands");
    assert_eq!(n(nl, "missions"), of("The Netherlands", false));
    assert_eq!(n(nl, "posts_not_counted"), of("The Netherlands", true));
    assert_eq!(of("The Netherlands", true), 176);
    // The first rows are states with large networks of embassies and consulates.
    let top: BTreeSet<&str> = rows
        .iter()
        .take(10)
        .map(|r| r["sending_state"].as_str())
        .collect();
    for big in [
        "France",
        "United States",
        "United Kingdom",
        "Japan",
        "India",
    ] {
        assert!(top.contains(big), "{big} not among {top:?}");
    }
    assert!(!top.contains("The Netherlands"), "{top:?}");
    // Asked for, every post and every sender.
    let all = stats(&[
        "--data",
        "world",
        "stats",
        "--year",
        "2022",
        "--all-posts",
        "--all-senders",
    ]);
    let nl = all
        .iter()
        .find(|r| r["sending_state"] == "The Netherlands")
        .expect("the Netherlands");
    assert_eq!(n(nl, "missions"), 309);
    let quebec = all
        .iter()
        .find(|r| r["sending_state"] == "Quebec")
        .expect("Quebec, asked for");
    assert_eq!(quebec["sender_class"], "sub-state");
    // A ministry is its state, and the State of Palestine is called so.
    assert!(
        rows.iter()
            .any(|r| r["sending_state"] == "State of Palestine" && r["sender_class"] == "limited")
    );
    assert!(
        !all.iter()
            .any(|r| r["sending_state"].contains("Palestinian"))
    );
}

#[test]
fn north_koreas_host_countries_leave_out_its_un_missions_and_keep_bern() {
    let rows = stats(&["--data", "north-korea", "stats", "--year", "2022"]);
    let nk = rows
        .iter()
        .find(|r| r["sending_state"] == "North Korea")
        .expect("North Korea");
    // Counted from its missions known open in 2022 (the export says which), those to an
    // organisation aside.
    let o = diplomap(&[
        "--data",
        "north-korea",
        "export",
        "--year",
        "2022",
        "--format",
        "csv",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let mut r = csv::Reader::from_reader(o.stdout.as_slice());
    let h = r.headers().expect("header").clone();
    let col = |name: &str| h.iter().position(|x| x == name).expect(name);
    let (sender, code, kind, timeline) = (
        col("sending_state"),
        col("country_code"),
        col("mission"),
        col("timeline"),
    );
    let mut hosts = BTreeSet::new();
    for rec in r.records() {
        let rec = rec.expect("row");
        if &rec[sender] == "North Korea"
            && ["open", "closing"].contains(&&rec[timeline])
            && &rec[kind] != "Permanent Mission"
        {
            hosts.insert(rec[code].to_owned());
        }
    }
    assert!(hosts.contains("CH"), "its embassy in Bern");
    assert!(!hosts.contains("US"), "only its mission to the UN is there");
    assert_eq!(n(nk, "host_countries"), hosts.len());
    // The coverage map agrees: Switzerland resident, the United States not.
    let ds = diplomap::data::Builtin::NorthKorea.load().expect("data");
    let gaz = diplomap::gazetteer::Gazetteer::embedded();
    let c = diplomap::network::coverage(
        &ds.missions,
        "North Korea",
        2022,
        None,
        gaz,
        Default::default(),
    );
    use diplomap::network::Coverage;
    assert_eq!(c.get("CH"), Some(&Coverage::Resident));
    assert_ne!(c.get("US"), Some(&Coverage::Resident));
    let resident = c.values().filter(|v| **v == Coverage::Resident).count();
    assert_eq!(resident, hosts.len());
}
