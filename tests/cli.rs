//! The command line, run as a user runs it.

use crate::common::{diplomap, stderr};

#[test]
fn export_geojson_to_stdout() {
    let o = diplomap(&["export", "--format", "geojson"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("GeoJSON");
    assert_eq!(v["features"].as_array().map(Vec::len), Some(102));
}

#[test]
fn export_a_year_to_a_csv_file() {
    let dir = tempfile::tempdir().expect("dir");
    let out = dir.path().join("y.csv");
    let o = diplomap(&[
        "export",
        "--format",
        "csv",
        "--year",
        "1998",
        "-o",
        out.to_str().expect("utf8"),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stderr(&o).trim(), "exported 84 missions");
    let text = std::fs::read_to_string(&out).expect("written");
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let col = r
        .headers()
        .expect("header")
        .iter()
        .position(|h| h == "timeline")
        .expect("a timeline column");
    let timeline: Vec<String> = r
        .records()
        .map(|r| r.expect("row")[col].to_owned())
        .collect();
    // Known open: the five with a recorded opening by then (Chongryon 1955, Warsaw 1948,
    // Sweden's and Poland's embassies and China's consulate in North Korea); the others
    // that may have been open have none.
    assert_eq!(timeline.iter().filter(|t| *t == "closing").count(), 9);
    assert_eq!(timeline.iter().filter(|t| *t == "open").count(), 5);
    assert_eq!(timeline.iter().filter(|t| *t == "may-be-open").count(), 70);
}

#[test]
fn a_bad_data_file_fails_with_one_clear_line() {
    let dir = tempfile::tempdir().expect("dir");
    let bad = dir.path().join("missions.json");
    let text =
        diplomap::data::EMBEDDED.replacen("\"mission\": \"Embassy\"", "\"mission\": \"Embasy\"", 1);
    std::fs::write(&bad, text).expect("write");
    let o = diplomap(&[
        "--data",
        bad.to_str().expect("utf8"),
        "export",
        "--format",
        "csv",
    ]);
    assert!(!o.status.success());
    assert!(o.stdout.is_empty());
    assert_eq!(
        stderr(&o).trim(),
        format!(
            "{}:15: field \"mission\": unknown mission type \"Embasy\" (did you mean \"Embassy\"?)",
            bad.display()
        )
    );
}

#[test]
fn import_reports_bad_rows_with_line_numbers_and_keeps_the_rest() {
    let dir = tempfile::tempdir().expect("dir");
    let list = dir.path().join("list.txt");
    std::fs::write(
        &list,
        "Host country | Host city | Mission | Ref. |\n---|---|---|---|\nSpain | Madrid | Embassy | [1] |\nNarnia | Cair Paravel | Embassy | |\nItaly | Rome | Embasy | [2] |\n",
    )
    .expect("write");
    let out = dir.path().join("out.json");
    let (l, o) = (list.to_str().expect("utf8"), out.to_str().expect("utf8"));
    let r = diplomap(&["import", l, "-o", o]);
    assert!(r.status.success(), "{}", stderr(&r));
    let err = stderr(&r);
    assert!(
        err.contains(&format!(
            "{l}:4: field \"Host country\": unknown country \"Narnia\""
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "{l}:5: field \"Mission\": unknown mission type \"Embasy\""
        )),
        "{err}"
    );
    assert!(
        err.contains("1 missions read from 1 tables; 2 rows skipped"),
        "{err}"
    );
    let ds = diplomap::data::load_file(&out).expect("valid output");
    assert_eq!(ds.missions.len(), 1);

    // An existing file is not replaced without --force or --update.
    let again = diplomap(&["import", l, "-o", o]);
    assert!(!again.status.success());
    assert!(stderr(&again).contains("exists; use --update"));

    // Strict mode writes nothing when a row is bad.
    let strict_out = dir.path().join("strict.json");
    let s = diplomap(&[
        "import",
        l,
        "--strict",
        "-o",
        strict_out.to_str().expect("utf8"),
    ]);
    assert!(!s.status.success());
    assert!(stderr(&s).contains("strict mode: nothing written"));
    assert!(!strict_out.exists());
}

#[test]
fn check_passes_on_the_committed_data() {
    let o = diplomap(&["check"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("102 missions, all valid and geocoded"));
}

#[test]
fn check_fails_on_a_moved_coordinate() {
    let dir = tempfile::tempdir().expect("dir");
    let text = std::fs::read_to_string("data/missions.json").expect("data");
    // Algiers' embassy (city precision) moved a degree east.
    let moved = text.replacen("\"lon\": 3.08746", "\"lon\": 4.08746", 1);
    assert_ne!(moved, text, "the data still holds Algiers at 3.08746");
    let path = dir.path().join("moved.json");
    std::fs::write(&path, moved).expect("write");
    let o = diplomap(&["check", "--data", path.to_str().expect("utf8")]);
    assert!(!o.status.success());
    let err = stderr(&o);
    assert!(
        err.contains("dz-algiers-embassy") && err.contains("differ from the geocoder"),
        "{err}"
    );
}

#[test]
fn export_picks_senders_and_hosts_by_name_or_code() {
    let o = diplomap(&[
        "--data",
        "world",
        "export",
        "--format",
        "csv",
        "--sender",
        "KP",
        "--sender",
        "sweden",
        "--host",
        "People's Republic of China",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = String::from_utf8(o.stdout).expect("utf8");
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let rows: Vec<(String, String)> = r
        .records()
        .map(|r| {
            let r = r.expect("row");
            (r[1].to_owned(), r[2].to_owned())
        })
        .collect();
    // Four of North Korea's missions in China and three of Sweden's, nobody else's.
    let count = |sender: &str| rows.iter().filter(|(s, _)| s == sender).count();
    assert_eq!(
        (rows.len(), count("North Korea"), count("Sweden")),
        (7, 4, 3),
        "{rows:?}"
    );
    assert!(rows.iter().all(|(_, h)| h == "China"), "{rows:?}");
    // A typo gets a hint and exits non-zero; nothing is written.
    let o = diplomap(&[
        "--data", "world", "export", "--format", "csv", "--sender", "Swedn",
    ]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("unknown sending state \"Swedn\" (did you mean \"Sweden\"?)"));
    assert!(o.stdout.is_empty());
}

/// `diplomap --data FILE export --format geojson`: the number of features, and stderr.
fn geojson_features(data: &std::path::Path) -> (usize, String) {
    let o = diplomap(&[
        "--data",
        data.to_str().expect("utf8"),
        "export",
        "--format",
        "geojson",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("GeoJSON");
    (v["features"].as_array().map_or(0, Vec::len), stderr(&o))
}

#[test]
fn a_csv_table_opens_with_data_and_a_bad_one_names_its_row() {
    let dir = tempfile::tempdir().expect("dir");
    let good = dir.path().join("posts.csv");
    std::fs::write(
        &good,
        "Country;City;Type;Latitude;Longitude\r\nAustria;Vienna;embassy;48,2018;16,3738\r\nSpain;Madrid;consulate;;\r\n",
    )
    .expect("write");
    let (n, _) = geojson_features(&good);
    assert_eq!(n, 2);
    // A table with a bad row: the good rows are read, the bad one listed with its count.
    let mixed = dir.path().join("mixed.csv");
    std::fs::write(
        &mixed,
        "country,city\nSpain,Madrid\nAtlantis,X\nPeru,Lima\n",
    )
    .expect("write");
    let (n, err) = geojson_features(&mixed);
    assert_eq!(n, 2);
    assert!(
        err.contains("mixed.csv:3: field \"country\": unknown country \"Atlantis\""),
        "{err}"
    );
    assert!(err.contains("2 rows read, 1 skipped"), "{err}");
    // A table of which nothing can be read fails.
    let bad = dir.path().join("bad.tsv");
    std::fs::write(&bad, "host\tcity\nAtlantis\tX\n").expect("write");
    let o = diplomap(&[
        "--data",
        bad.to_str().expect("utf8"),
        "export",
        "--format",
        "csv",
    ]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("bad.tsv:2: field \"host\": unknown country \"Atlantis\""),
        "{}",
        stderr(&o)
    );
}

#[test]
fn columns_and_strict_on_the_command_line() {
    let dir = tempfile::tempdir().expect("dir");
    let german = dir.path().join("posten.csv");
    std::fs::write(
        &german,
        "Breite;Länge;Land;Ort\n48,2082;16,3738;Austria;Vienna\n40,4168;-3,7038;Atlantis;Madrid\n",
    )
    .expect("write");
    let path = german.to_str().expect("utf8");
    // Without --columns: no country column, named with the way out.
    let o = diplomap(&["--data", path, "export", "--format", "csv"]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("--columns country=NAME"),
        "{}",
        stderr(&o)
    );
    let cols = "lat=Breite,lon=Länge,country=Land,city=Ort";
    let o = diplomap(&[
        "--data",
        path,
        "--columns",
        cols,
        "export",
        "--format",
        "csv",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(out.lines().count(), 2, "{out}");
    assert!(out.contains(",Austria,AT,Vienna,Embassy,"), "{out}");
    assert!(stderr(&o).contains("posten.csv:3: field \"Land\": unknown country \"Atlantis\""));
    assert!(
        stderr(&o).contains("1 rows read, 1 skipped"),
        "{}",
        stderr(&o)
    );
    // --strict: nothing, and a failure.
    let o = diplomap(&[
        "--data",
        path,
        "--columns",
        cols,
        "--strict",
        "export",
        "--format",
        "csv",
    ]);
    assert!(!o.status.success());
    assert!(o.stdout.is_empty());
    assert!(
        stderr(&o).contains("strict: nothing opened (1 rows good, 1 bad)"),
        "{}",
        stderr(&o)
    );
    // A field --columns does not know.
    let o = diplomap(&["--data", path, "--columns", "height=Breite", "check"]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("\"height\" is no field"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn an_export_opened_again_exports_the_same_bytes() {
    let dir = tempfile::tempdir().expect("dir");
    for format in ["csv", "geojson"] {
        let first = dir.path().join(format!("first.{format}"));
        let o = diplomap(&[
            "--data",
            "world",
            "export",
            "--format",
            format,
            "-o",
            first.to_str().expect("utf8"),
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
        let o = diplomap(&[
            "--data",
            first.to_str().expect("utf8"),
            "export",
            "--format",
            format,
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
        assert!(stderr(&o).is_empty(), "{}", stderr(&o));
        let again = o.stdout;
        assert!(
            again == std::fs::read(&first).expect("read"),
            "{format} differs"
        );
    }
}

#[test]
fn latin1_is_read_with_a_warning() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/tables/latin1.csv"
    );
    let o = diplomap(&["--data", path, "export", "--format", "csv"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(String::from_utf8_lossy(&o.stdout).contains("São Tomé"));
    assert!(
        stderr(&o).contains("latin1.csv:4: not UTF-8 text"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn stats_rank_the_senders_and_changes_list_openings_and_closures() {
    let o = diplomap(&[
        "--data", "world", "stats", "--year", "2022", "--format", "csv",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let mut r = csv::Reader::from_reader(&o.stdout[..]);
    assert_eq!(
        r.headers().expect("header").iter().collect::<Vec<_>>(),
        [
            "sending_state",
            "missions",
            "host_countries",
            "countries_covered",
            "missions_may_be_open",
            "sender_class",
            "posts_not_counted",
            "other_places"
        ]
    );
    let rows: Vec<(String, usize, usize, usize)> = r
        .records()
        .map(|rec| {
            let rec = rec.expect("row");
            let n = |i: usize| rec.get(i).and_then(|v| v.parse().ok()).expect("number");
            (rec[0].to_owned(), n(1), n(2), n(3))
        })
        .collect();
    // 202 states with a counted post in 2022 (tests/counting.rs holds what is counted);
    // the first three as the data has them.
    assert_eq!(rows.len(), 202);
    let row = |s: &str, m, h, c| (s.to_owned(), m, h, c);
    assert_eq!(
        rows[..3],
        [
            row("France", 253, 161, 192),
            row("United Kingdom", 233, 157, 190),
            row("Japan", 228, 153, 193)
        ]
    );
    for w in rows.windows(2) {
        assert!(w[0].1 >= w[1].1, "ranked by missions: {w:?}");
    }
    for (s, missions, hosts, covered) in &rows {
        assert!(missions >= hosts && covered >= hosts, "{s}");
    }
    let kp = rows
        .iter()
        .find(|r| r.0 == "North Korea")
        .expect("North Korea");
    // North Korea's missions are dated by the list (2024): in 2022, those Wikidata's
    // snapshot lists are known open; the 32 others may be, counted in the last column.
    assert_eq!(kp, &row("North Korea", 25, 24, 46));
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(
        text.contains("\nNorth Korea,25,24,46,32,state,0,0\n"),
        "{text}"
    );

    let o = diplomap(&[
        "changes", "--from", "1990", "--to", "2000", "--format", "csv",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let mut r = csv::Reader::from_reader(&o.stdout[..]);
    let h = r.headers().expect("header").clone();
    let col = |name: &str| h.iter().position(|x| x == name).expect(name);
    let (change, closed, opened) = (col("change"), col("year_closed"), col("year_opened"));
    let mut n = 0;
    for rec in r.records() {
        let rec = rec.expect("row");
        let year_of = |i: usize| rec.get(i).and_then(|v| v.parse::<i32>().ok());
        let y = match rec.get(change) {
            Some("closed") => year_of(closed),
            Some("opened") => year_of(opened),
            other => panic!("{other:?}"),
        };
        assert!(y.is_some_and(|y| (1991..=2000).contains(&y)), "{rec:?}");
        n += 1;
    }
    // North Korea's 19 closures of 1991-2000; no opening year in the range is recorded.
    assert_eq!(n, 19);
    let o = diplomap(&[
        "changes", "--from", "1990", "--to", "2000", "--format", "geojson",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("GeoJSON");
    let features = v["features"].as_array().expect("features");
    assert_eq!(features.len(), n);
    assert!(
        features
            .iter()
            .all(|f| f["properties"]["change"].is_string())
    );
    let o = diplomap(&[
        "changes", "--from", "2000", "--to", "1990", "--format", "csv",
    ]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("the first year must be before the last"));
}
