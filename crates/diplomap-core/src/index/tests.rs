use super::*;
use crate::data::load_embedded;
use crate::timeline::state_at;

fn world(zoom: f64) -> Viewport {
    Viewport::world(zoom, 36.0)
}

#[test]
fn morton_round_trips() {
    for (x, y) in [(0, 0), (1, 2), (u32::MAX, 7), (123_456_789, 987_654_321)] {
        assert_eq!(unmorton(morton(x, y)), (x, y));
    }
}

#[test]
fn world_view_counts_every_shown_mission_once() {
    let ds = load_embedded().expect("data");
    let f = Filter::default();
    let ix = MissionIndex::build(&ds.missions, &f);
    for year in [1948, 1975, 1998, 2026] {
        let expected = ds.missions.iter().filter(|m| f.matches(m, year)).count();
        for zoom in [0.0, 2.0, 5.0, 12.0] {
            let c = ix.clusters(&world(zoom), year);
            let total: u32 = c.iter().map(MapCluster::count).sum();
            assert_eq!(total as usize, expected, "{year} z{zoom}");
            let mut members: Vec<u32> = c
                .iter()
                .flat_map(|c| ix.members(c, year, usize::MAX))
                .collect();
            members.sort_unstable();
            members.dedup();
            assert_eq!(members.len(), expected);
        }
    }
}

#[test]
fn singles_are_the_mission_and_positions_hold_still_across_years() {
    let ds = load_embedded().expect("data");
    let f = Filter {
        hidden_states: Default::default(),
        ..Filter::default()
    };
    let ix = MissionIndex::build(&ds.missions, &f);
    let v = world(3.0);
    let a = ix.clusters(&v, 1960);
    let b = ix.clusters(&v, 2020);
    // Nothing hidden by year: same clusters, same places, other counts.
    assert_eq!(a.len(), b.len());
    for (x, y) in a.iter().zip(&b) {
        assert_eq!((x.lon, x.lat, &x.cells), (y.lon, y.lat, &y.cells));
    }
    let zoomed = ix.clusters(&world(14.0), 2020);
    let single = zoomed.iter().find_map(|c| c.single).expect("a single");
    let m = &ds.missions[single as usize];
    let c = zoomed
        .iter()
        .find(|c| c.single == Some(single))
        .expect("its cluster");
    assert!((c.lon - m.lon()).abs() < 1e-4 && (c.lat - m.lat()).abs() < 1e-4);
    let st = state_at(m, 2020);
    assert_eq!(c.by_state[st], 1);
}

#[test]
fn status_order_regroups_the_place_order_as_a_full_sort_would() {
    let mut missions = crate::synth::generate(3_000, 5).missions;
    missions.extend(load_embedded().expect("data").missions);
    let by_place = sort_order(&missions, SortKey::Country, 0);
    for year in [1948, 1975, 1998, 2023, 2026] {
        assert_eq!(
            status_order(&missions, &by_place, year),
            sort_order(&missions, SortKey::Status, year),
            "{year}"
        );
    }
}
