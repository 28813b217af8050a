//! What must hold for any input to the data loader, the importer and the table reader. The fuzz targets in
//! `fuzz/` call these on generated input, and `tests/fuzz_corpus.rs` replays the committed
//! corpus through them on every test run. A broken property panics, which is how a fuzzer
//! learns of it.

// Breaking a property must panic here: that is how libFuzzer and the tests notice.
#![allow(clippy::panic)]

use std::sync::OnceLock;

use crate::data;
use crate::error::LoadError;
use crate::filter::Filter;
use crate::gazetteer::Geocoder;
use crate::import;
use crate::index::{MapCluster, MissionIndex, Viewport};

/// The last line a problem may name in `bytes`.
fn last_line(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| b == b'\n').count() + 1
}

/// The loader on arbitrary bytes: it returns, every problem names the file and a line of
/// it, a file it accepts writes back to a file it reads the same, and the map index over
/// it shows every mission exactly once.
pub fn check_load(bytes: &[u8]) {
    const FILE: &str = "fuzz.json";
    // The fast reader gives the careful reader's data set, or gives up.
    if let Some(fast) = data::parse_fast(FILE, bytes) {
        match data::read(FILE, bytes) {
            Ok(careful) => assert!(fast == careful, "the fast and careful readers differ"),
            Err(e) => panic!("the fast reader took a file the careful one refuses: {e}"),
        }
    }
    match data::parse_bytes(FILE, bytes) {
        Err(LoadError::Invalid(problems)) => {
            assert!(!problems.is_empty(), "rejected without a reason");
            assert!(problems.len() <= data::MAX_PROBLEMS + 1);
            let last = last_line(bytes);
            for p in &problems {
                assert_eq!(p.file, FILE);
                assert!(p.line <= last, "line {} of {last}: {p}", p.line);
                assert!(!p.message.is_empty());
            }
        }
        Err(e @ LoadError::Read { .. }) => panic!("reading memory failed: {e}"),
        Ok(ds) => {
            let text = data::to_json(&ds);
            let again = match data::parse("written.json", &text) {
                Ok(d) => d,
                Err(e) => panic!("a loaded file does not load back after writing: {e}"),
            };
            assert_eq!(data::to_json(&again), text, "writing is not stable");
            assert_eq!(again.missions.len(), ds.missions.len());
            check_index(&ds.missions);
        }
    }
}

/// The index over any accepted missions: the world view at a few zooms and years holds
/// every shown mission once.
fn check_index(missions: &[crate::model::Mission]) {
    let filter = Filter::default();
    let ix = MissionIndex::build(missions, &filter);
    for year in [1900, 1990, 2026] {
        let expected = missions.iter().filter(|m| filter.matches(m, year)).count();
        for zoom in [0.0, 3.0, 12.0] {
            let world = Viewport::world(zoom, 36.0);
            let clusters = ix.clusters(&world, year);
            let total: u32 = clusters.iter().map(MapCluster::count).sum();
            assert_eq!(total as usize, expected, "year {year}, zoom {zoom}");
        }
    }
}

fn geocoder() -> Option<&'static Geocoder<'static>> {
    static G: OnceLock<Option<Geocoder<'static>>> = OnceLock::new();
    G.get_or_init(|| Geocoder::embedded().ok()).as_ref()
}

/// The importer on arbitrary bytes: it returns, every problem names the file and a line,
/// and every mission it makes is one the data loader accepts.
pub fn check_import(bytes: &[u8]) {
    const FILE: &str = "fuzz.txt";
    let text = match data::decode_text(FILE, bytes) {
        Ok(t) => t,
        Err(p) => {
            assert!(p.line >= 1 && p.line <= last_line(bytes), "{p}");
            return;
        }
    };
    let Some(geocoder) = geocoder() else {
        panic!("the built-in gazetteer does not load");
    };
    let report = import::import(FILE, &text, "North Korea", geocoder);
    let last = last_line(bytes);
    for p in &report.problems {
        assert_eq!(p.file, FILE);
        assert!(
            p.line >= 1 && p.line <= last,
            "line {} of {last}: {p}",
            p.line
        );
    }
    if report.missions.is_empty() {
        return;
    }
    let ds = crate::model::Dataset {
        name: "fuzz".into(),
        source: String::new(),
        focus: None,
        as_of: None,
        missions: report.missions,
    };
    let text = data::to_json(&ds);
    if let Err(e) = data::parse("imported.json", &text) {
        panic!("the importer made missions the loader rejects: {e}");
    }
}

/// The table reader on arbitrary bytes (as a `.csv` and as GeoJSON): it returns, every
/// problem names the file and a line (or feature) of it, and every mission it keeps is one
/// the data file format takes back.
pub fn check_table(bytes: &[u8]) {
    let Some(geo) = geocoder() else {
        panic!("the built-in gazetteer does not load");
    };
    let none = crate::tabular::Mapping::default();
    let last = last_line(bytes).max(count(bytes, b"\"Feature\"") + 1);
    // Any bytes as a table (not UTF-8: read as Latin-1); UTF-8 as GeoJSON.
    let mut tables = vec![(
        "fuzz.csv",
        crate::tabular::read_from("fuzz.csv", bytes, geo, &none),
    )];
    if let Ok(text) = std::str::from_utf8(bytes) {
        tables.push((
            "fuzz.geojson",
            crate::tabular::read_geojson("fuzz.geojson", text, geo, &none),
        ));
    }
    for (file, t) in tables {
        let ds = t.dataset;
        for p in t.problems.iter().chain(&t.warnings) {
            assert_eq!(p.file, file);
            assert!(p.line <= last, "line {} of {last}: {p}", p.line);
            assert!(!p.message.is_empty());
        }
        // One problem per row left out, and at most one reason for refusing the whole.
        assert!(t.problems.len() <= t.skipped_rows + 1);
        // The mapping the columns give, laid over the header, gives them back.
        let again =
            crate::tabular::Columns::with_mapping(&t.header, &t.columns.to_mapping(&t.header));
        assert_eq!(again.as_ref(), Ok(&t.columns), "header {:?}", t.header);
        if ds.missions.is_empty() {
            continue;
        }
        let json = data::to_json(&ds);
        if let Err(e) = data::parse("written.json", &json) {
            panic!("{file}: the reader kept missions the data format refuses: {e}");
        }
    }
}

fn count(hay: &[u8], needle: &[u8]) -> usize {
    hay.windows(needle.len()).filter(|w| *w == needle).count()
}

/// Our CSV writer and table reader on hostile cells: arbitrary text (split at the first
/// two line breaks) as a mission's notes, address and website-free city word, exported
/// and read back. No cell a spreadsheet would take for a formula is written as one (each
/// begins with `'`), and the reader gives every cell back as it was (trimmed, as the
/// reader trims).
pub fn check_csv_roundtrip(bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    let mut parts = text.splitn(3, '\n');
    let notes = parts.next().unwrap_or_default().trim().to_owned();
    let address = parts.next().unwrap_or_default().trim().to_owned();
    let word = parts.next().unwrap_or_default().trim().to_owned();
    let Some(geo) = geocoder() else {
        panic!("the built-in gazetteer does not load");
    };
    let mut ds = match data::load_embedded() {
        Ok(ds) => ds,
        Err(e) => panic!("the built-in data does not load: {e}"),
    };
    ds.missions.truncate(1);
    let Some(m) = ds.missions.first_mut() else {
        panic!("no mission in the built-in data");
    };
    m.set_notes(notes.clone());
    let e = m.extra_mut();
    e.address = (!address.is_empty()).then(|| address.clone());
    e.word = (!word.is_empty()).then(|| word.as_str().into());
    m.tidy_extra();
    let refs: Vec<&crate::model::Mission> = ds.missions.iter().collect();
    let mut out = Vec::new();
    if let Err(e) = crate::export::write_csv(&refs, None, &mut out) {
        panic!("the CSV writer failed: {e}");
    }
    // No cell of the written table starts a formula.
    let mut r = csv::ReaderBuilder::new().from_reader(out.as_slice());
    for rec in r.byte_records() {
        let rec = match rec {
            Ok(rec) => rec,
            Err(e) => panic!("our own CSV does not read: {e}"),
        };
        for cell in rec.iter() {
            assert!(
                !crate::export::formula_like(cell),
                "a cell starts a formula: {:?}",
                String::from_utf8_lossy(cell)
            );
        }
    }
    let none = crate::tabular::Mapping::default();
    let t = crate::tabular::read_from("fuzz.csv", out.as_slice(), geo, &none);
    assert!(t.problems.is_empty(), "{:?}", t.problems);
    let Some(back) = t.dataset.missions.first() else {
        panic!("the row did not come back");
    };
    // Notes empty, the reader says what it can of the row instead; else as written.
    if !notes.is_empty() {
        assert_eq!(back.notes(), notes);
    }
    assert_eq!(back.extra().address.as_deref().unwrap_or(""), address);
}
