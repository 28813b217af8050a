//! The committed data set is what the importer makes of the source's tables.

use diplomap::data;
use diplomap::gazetteer::Geocoder;
use diplomap::import;
use diplomap::model::{Closure, Mission, Region};

const FIXTURE: &str = include_str!("fixtures/source-tables.txt");

fn imported() -> import::ImportReport {
    let geo = Geocoder::embedded().expect("bundled overrides");
    import::import("source-tables.txt", FIXTURE, "North Korea", &geo)
}

/// The fields that come from the source's tables (not notes, opening years or the
/// inbound layer, which people add).
fn table_fields(m: &Mission) -> impl PartialEq + std::fmt::Debug + '_ {
    (
        &m.id,
        &m.sending_state,
        &m.country,
        &m.country_code,
        &m.city,
        m.kind,
        &m.organization,
        m.region,
        m.closure,
        m.refs(),
        (m.lon(), m.lat()),
        m.precision,
    )
}

#[test]
fn the_fixture_has_ten_tables_with_the_counted_rows() {
    let r = imported();
    assert!(r.problems.is_empty(), "{:?}", r.problems);
    let rows: Vec<usize> = r.tables.iter().map(|t| t.rows).collect();
    // Current: Africa, Americas, Asia, Europe; organisations; closed: Africa, Americas,
    // Asia, Europe, Oceania. Counted by hand from the source.
    assert_eq!(rows, [7, 4, 18, 14, 3, 18, 5, 7, 7, 1]);
    let regions: Vec<Option<Region>> = r.tables.iter().map(|t| t.region).collect();
    use Region::*;
    assert_eq!(
        regions,
        [
            Africa,
            Americas,
            Asia,
            Europe,
            Multilateral,
            Africa,
            Americas,
            Asia,
            Europe,
            Oceania
        ]
        .map(Some)
    );
    assert_eq!(r.missions.len(), 84);
    let closed = r.missions.iter().filter(|m| m.closure.is_closed()).count();
    assert_eq!(closed, 38);
    let unknown: Vec<&str> = r
        .missions
        .iter()
        .filter(|m| m.closure == Closure::YearUnknown)
        .map(|m| m.id.as_str())
        .collect();
    assert_eq!(unknown, ["ga-libreville-embassy"]);
}

#[test]
fn import_reproduces_the_committed_table_rows_exactly() {
    let r = imported();
    let committed = data::load_embedded().expect("committed data loads");
    let from_tables: Vec<&Mission> = committed.missions.iter().filter(|m| !m.inbound).collect();
    assert_eq!(from_tables.len(), r.missions.len());
    for (a, b) in r.missions.iter().zip(&from_tables) {
        assert_eq!(table_fields(a), table_fields(b));
    }
    // The inbound layer: China's and Sweden's embassies in Pyongyang.
    let inbound: Vec<(&str, &str)> = committed
        .missions
        .iter()
        .filter(|m| m.inbound)
        .map(|m| (&*m.sending_state, &*m.city))
        .collect();
    assert_eq!(inbound, [("China", "Pyongyang"), ("Sweden", "Pyongyang")]);
}

#[test]
fn updating_the_committed_file_changes_nothing() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("missions.json");
    std::fs::write(&path, data::EMBEDDED).expect("copy");
    let r = imported();
    let existing = data::load_file(&path).expect("loads");
    let (merged, notes) = diplomap::cli::merge(existing, &r.missions);
    assert_eq!(
        notes,
        ["updated 84 missions, added 0, kept 2 that the source does not list"]
    );
    assert_eq!(data::to_json(&merged), data::EMBEDDED);
}

#[test]
fn the_seed_snapshot_imports_like_the_fixture() {
    // The committed copy of the seed (data/sources/README-list.md); where the shared
    // seed lies beside the repository, the copy is that very file.
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let copy = root.join("data/sources/north-korea-missions.txt");
    let text = std::fs::read_to_string(&copy).unwrap_or_else(|e| panic!("{}: {e}", copy.display()));
    if let Ok(shared) =
        std::fs::read_to_string(root.join("../shared/seed/north-korea-missions.txt"))
    {
        assert!(
            shared == text,
            "the committed seed differs from ../shared's"
        );
    }
    let geo = Geocoder::embedded().expect("bundled overrides");
    let from_seed = import::import("seed", &text, "North Korea", &geo);
    assert!(from_seed.problems.is_empty(), "{:?}", from_seed.problems);
    let from_fixture = imported();
    assert_eq!(from_seed.missions, from_fixture.missions);
}

#[test]
fn every_committed_mission_is_where_the_geocoder_puts_it() {
    let lines = diplomap::cli::run_check(&diplomap::cli::DataArg::default()).expect("all geocoded");
    assert_eq!(
        lines,
        [
            "data/north-korea.json (built in): mission \"kz-astana-embassy\": dates: closed in 1998, the first year the evidence allows it: Astana the seat of Kazakhstan's embassies from 1998 (seats table, from the COW capitals list)",
            "data/north-korea.json (built in): 102 missions, all valid and geocoded; 1 whose dates the state tables question"
        ]
    );
}
