//! Nothing a user feeds the loaders can make them panic: random and mangled input gets a
//! result or a problem that names a line, never a crash.

use diplomap::{data, import};
use proptest::prelude::*;

const SOURCE: &str = include_str!("fixtures/source-tables.txt");

/// A committed file mangled at one place: a byte changed, cut short, or a line doubled.
fn mangled(base: &'static str) -> impl Strategy<Value = Vec<u8>> {
    (0..base.len(), any::<u8>(), 0..3u8).prop_map(move |(at, byte, how)| {
        let mut b = base.as_bytes().to_vec();
        match how {
            0 => {
                if let Some(x) = b.get_mut(at) {
                    *x = byte;
                }
            }
            1 => b.truncate(at),
            _ => {
                // Bytes, not str slices: `at` may fall inside a multi-byte character.
                let bytes = base.as_bytes();
                let line_start = bytes[..at]
                    .iter()
                    .rposition(|&c| c == b'\n')
                    .map_or(0, |i| i + 1);
                let line_end = bytes[at..]
                    .iter()
                    .position(|&c| c == b'\n')
                    .map_or(base.len(), |i| at + i + 1);
                let line = b[line_start..line_end].to_vec();
                b.splice(line_start..line_start, line);
            }
        }
        b
    })
}

fn load_bytes(bytes: &[u8]) {
    match data::decode_text("f.json", bytes) {
        Ok(text) => {
            if let Err(e) = data::parse("f.json", &text) {
                // Every problem names the file; all but whole-file ones name a line.
                for p in e.problems() {
                    assert!(p.starts_with("f.json"), "{p}");
                }
            }
        }
        Err(p) => assert!(p.line >= 1),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn the_loader_survives_mangled_data(bytes in mangled(data::EMBEDDED)) {
        load_bytes(&bytes);
    }

    #[test]
    fn the_loader_survives_random_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        load_bytes(&bytes);
    }

    #[test]
    fn the_importer_survives_mangled_tables(bytes in mangled(SOURCE)) {
        let text = String::from_utf8_lossy(&bytes);
        let parsed = import::parse_list("s.txt", &text);
        let lines = text.lines().count().max(1);
        for p in &parsed.problems {
            prop_assert!(p.line >= 1 && p.line <= lines, "{p}");
        }
    }

    #[test]
    fn the_importer_survives_random_text(text in "[|\\[\\]0-9a-zA-Z \\n-]{0,600}") {
        let _ = import::parse_list("s.txt", &text);
    }
}

#[test]
fn deep_nesting_and_huge_lines_are_rejected_cleanly() {
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let e = data::parse("deep.json", &deep).expect_err("not a data file");
    assert_eq!(
        e.to_string(),
        "deep.json:1: expected a JSON object with a \"missions\" list"
    );
    // A 5 MB line is only long, not wrong.
    let long = format!(
        "{{\"missions\": [], \"name\": \"{}\"}}",
        "x".repeat(5_000_000)
    );
    let ds = data::parse("long.json", &long).expect("valid, if odd");
    assert_eq!(ds.name.len(), 5_000_000);
    let row = format!(
        "Host country | Host city | Mission | Ref. |\n---|---|---|---|\n{}\n",
        "|".repeat(200_000)
    );
    let p = import::parse_list("wide.txt", &row);
    assert!(p.rows.is_empty());
    assert_eq!(p.problems.len(), 1, "{:?}", p.problems);
    let said = p.problems[0].to_string();
    assert!(said.starts_with("wide.txt:3: "), "{said}");
}

#[test]
fn fifty_thousand_equal_rows_import_with_ids_of_their_own() {
    // Fifty thousand copies of one row: each gets its own id (-2, -3, …). (How fast is a
    // benchmark's question: `diplomap bench`, BENCHMARKS.md.)
    let mut list = String::from("Host country | Host city | Mission | Ref. |\n---|---|---|---|\n");
    for _ in 0..50_000 {
        list.push_str("Spain | Madrid | Embassy | [1] |\n");
    }
    let geocoder = diplomap::gazetteer::Geocoder::embedded().expect("gazetteer");
    let report = import::import("many.txt", &list, "North Korea", &geocoder);
    assert_eq!(report.missions.len(), 50_000);
    assert_eq!(report.missions[49_999].id, "es-madrid-embassy-50000");
    // Twenty thousand synthetic missions, CRLF and a BOM: streamed, all loaded.
    let ds = diplomap::synth::generate(20_000, 3);
    let text = format!("\u{feff}{}", data::to_json(&ds).replace('\n', "\r\n"));
    let back = data::parse("many.json", &text).expect("valid");
    assert_eq!(back.missions.len(), 20_000);
}

#[test]
fn a_broken_mission_in_a_large_file_is_found_by_its_line() {
    let ds = diplomap::synth::generate(2_000, 4);
    let text = data::to_json(&ds);
    // Break the 1500th mission's type; find its line the slow way.
    let target = "\"id\": \"syn-1499\"";
    let at = text.find(target).expect("there");
    let kind = at + text[at..].find("\"mission\": \"").expect("kind") + 12;
    let line = text[..kind].matches('\n').count() + 1;
    let broken = format!("{}X{}", &text[..kind], &text[kind..]);
    let err = data::parse("big.json", &broken).unwrap_err().to_string();
    assert!(
        err.starts_with(&format!(
            "big.json:{line}: field \"mission\": unknown mission type"
        )),
        "{err}"
    );
}
