//! Replays the committed fuzz corpora (`fuzz/corpus/`) and the inputs that once broke
//! something (`fuzz/regressions/`) through the same checks the fuzz targets run, so
//! that every test run guards what fuzzing found. See fuzz/README.md.

use std::path::Path;

fn replay(kind: &str, check: fn(&[u8])) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut n = 0;
    for dir in ["corpus", "regressions"] {
        let Ok(entries) = std::fs::read_dir(root.join(dir).join(kind)) else {
            continue;
        };
        let mut paths: Vec<_> = entries.filter_map(|e| e.ok()).map(|e| e.path()).collect();
        paths.sort();
        for p in paths {
            // A fuzzer running on the corpus may remove a file after it is listed.
            let Ok(bytes) = std::fs::read(&p) else {
                continue;
            };
            let outcome = std::panic::catch_unwind(|| check(&bytes));
            assert!(outcome.is_ok(), "{} breaks the {kind} checks", p.display());
            n += 1;
        }
    }
    assert!(n > 0, "no {kind} corpus found");
}

#[test]
fn load_corpus_replays_cleanly() {
    replay("load", diplomap::fuzzing::check_load);
}

#[test]
fn import_corpus_replays_cleanly() {
    replay("import", diplomap::fuzzing::check_import);
}

#[test]
fn table_corpus_replays_cleanly() {
    replay("table", diplomap::fuzzing::check_table);
}

#[test]
fn csv_roundtrip_corpus_replays_cleanly() {
    replay("csv_roundtrip", diplomap::fuzzing::check_csv_roundtrip);
}
