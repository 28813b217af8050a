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
fn the_status_view_regroups_the_place_order_as_a_full_sort_would() {
    let mut missions = crate::synth::generate(3_000, 5).missions;
    missions.extend(load_embedded().expect("data").missions);
    // A filter that hides some, so that the laid-out filter results are checked too.
    let filter = crate::filter::Filter {
        hidden_kinds: [crate::model::MissionKind::Embassy].into_iter().collect(),
        ..crate::filter::Filter::default()
    };
    for f in [crate::filter::Filter::default(), filter] {
        let index = MissionIndex::build(&missions, &f);
        let by_place = index.ordered(sort_order(&missions, SortKey::Country, 0));
        for year in [1948, 1975, 1998, 2023, 2026] {
            let fast = status_view(&by_place, year);
            let full = index.ordered(sort_order(&missions, SortKey::Status, year));
            assert_eq!(fast.order(), full.order(), "{year}");
            for y in [year, 1990] {
                assert_eq!(
                    index.shown_in(&fast, y),
                    index.shown_in(&full, y),
                    "{year} {y}"
                );
            }
        }
    }
}

#[test]
fn bigmin_finds_the_next_place_inside_the_box_as_a_scan_does() {
    // Every box of an 16×16 grid (8 bits), every position: the next code inside the box
    // after z, by BIGMIN and by looking at each code in turn.
    let bits = 8;
    let inside = |z: u64, (c0, r0, c1, r1): (u32, u32, u32, u32)| {
        let (c, r) = unmorton(z);
        (c0..=c1).contains(&c) && (r0..=r1).contains(&r)
    };
    for c0 in 0..16u32 {
        for c1 in c0..16 {
            for r0 in (0..16u32).step_by(3) {
                for r1 in (r0..16).step_by(2) {
                    let b = (c0, r0, c1, r1);
                    let (zmin, zmax) = (morton(c0, r0), morton(c1, r1));
                    for z in zmin..zmax {
                        if inside(z, b) {
                            continue;
                        }
                        let plain = (z + 1..=zmax).find(|&n| inside(n, b));
                        let fast = levels::bigmin(z, zmin, zmax, bits);
                        assert_eq!(Some(fast), plain, "box {b:?} z {z}");
                    }
                }
            }
        }
    }
}

#[test]
fn the_fast_query_equals_the_plain_one_on_synthetic_data() {
    // Enough missions for cells with their own per-year counts (`BIG`) at the low zooms.
    let ds = crate::synth::generate(10_000, 3);
    let mut ix = MissionIndex::build(&ds.missions, &Filter::default());
    assert!(ix.nodes.len() > 4, "{} big cells", ix.nodes.len());
    let mut views = Vec::new();
    for zoom in [0.0, 1.5, 2.0, 4.0, 7.0, 10.0, 13.0, 17.0, 22.0] {
        views.push(Viewport::world(zoom, 36.0));
        // Radii out of the ordinary: none, not a number, beyond the largest taken.
        for radius in [0.0, f64::NAN, 1e12] {
            views.push(Viewport::around(
                (2.35, 48.85),
                zoom,
                (800.0, 600.0),
                radius,
            ));
        }
        for (lon, lat) in [(2.35, 48.85), (116.4, 39.9), (-179.0, -16.0), (30.0, 0.0)] {
            views.push(Viewport::around((lon, lat), zoom, (1280.0, 800.0), 36.0));
        }
    }
    for round in 0..2 {
        for v in &views {
            for year in [1950, 2026] {
                assert_eq!(
                    ix.clusters(v, year),
                    ix.clusters_plain(v, year),
                    "{v:?} {year} round {round}"
                );
            }
        }
        let hide = Filter {
            hidden_kinds: [MissionKind::Embassy].into(),
            ..Filter::default()
        };
        ix.set_filter(&ds.missions, &hide);
    }
}

#[test]
fn sort_order_sorts_as_comparing_the_folded_names_would() {
    // Names that fold alike ("São Tomé", "Sao Tome") and texts that are equal but not
    // shared: ranks by address must still sort as the names do, ties in data order.
    let mut missions = crate::synth::generate(3_000, 9).missions;
    missions.extend(load_embedded().expect("data").missions);
    let (a, b) = missions.split_at_mut(1);
    if let (Some(x), Some(y)) = (a.first_mut(), b.get_mut(7)) {
        x.city = crate::model::Text::from("São Tomé");
        y.city = crate::model::Text::from("Sao Tome");
    }
    // The Type and Status columns sort by the words the list shows in them: a nunciature
    // ("Nunciature") after a consulate, not first as ApostolicNunciature would.
    if let Some(m) = missions.get_mut(3) {
        m.kind = MissionKind::ApostolicNunciature;
    }
    let year = 2000;
    let plain = |key: SortKey| {
        let mut order: Vec<u32> = (0..missions.len() as u32).collect();
        let name = |i: u32| {
            let m = &missions[i as usize];
            let primary = match key {
                SortKey::City => fold(&m.city),
                SortKey::Sender => fold(&m.sending_state),
                SortKey::Kind => fold(m.short_kind_word()),
                SortKey::Status => crate::timeline::short_status(m, year),
                _ => fold(&m.country),
            };
            (primary, fold(&m.country), fold(&m.city))
        };
        order.sort_by_cached_key(|&i| name(i));
        order
    };
    for key in [
        SortKey::Country,
        SortKey::City,
        SortKey::Sender,
        SortKey::Kind,
        SortKey::Status,
    ] {
        let (fast, plain) = (sort_order(&missions, key, year), plain(key));
        let first_difference = fast.iter().zip(&plain).position(|(a, b)| a != b);
        assert_eq!(first_difference, None, "{key:?}");
        assert_eq!(fast.len(), plain.len());
    }
}

#[test]
fn missions_with_the_extreme_years_build_an_index() {
    // Years no data file holds (they are kept within `data::YEAR_RANGE`), made in code:
    // the span of years is cut, not overflowed (it panicked in debug builds).
    let mut ms = crate::synth::generate(3, 1).missions;
    ms[0].opened = Some(i32::MIN);
    ms[1].closure = crate::model::Closure::InYear(i32::MAX);
    let ix = MissionIndex::build(&ms, &Filter::default());
    assert_eq!(ix.len(), 3);
    assert_eq!(ix.first_year(), -32767);
}

#[test]
fn the_index_lists_the_options_the_panels_offer() {
    // Counted from data/north-korea.json.
    let ds = crate::data::Builtin::NorthKorea.load().expect("data");
    let ix = MissionIndex::build(&ds.missions, &Filter::default());
    assert_eq!((ix.len(), ix.is_empty()), (102, false));
    assert_eq!(
        ix.kinds(),
        [
            MissionKind::Embassy,
            MissionKind::ConsulateGeneral,
            MissionKind::ConsularOffice,
            MissionKind::PermanentMission,
            MissionKind::DeFactoEmbassy
        ]
    );
    assert_eq!(ix.organizations(), ["", "UNESCO", "United Nations"]);
    assert_eq!(ix.senders().len(), 18);
    assert_eq!(
        (ix.senders()[0].as_str(), ix.senders()[17].as_str()),
        ("Brazil", "Vietnam")
    );
    assert!(ix.senders().windows(2).all(|w| w[0] < w[1]));
    let countries = ix.countries();
    assert_eq!(countries.len(), 78);
    let pair = |k: usize| (countries[k].0.as_str(), countries[k].1.as_str());
    assert_eq!(
        (pair(0), pair(1), pair(77)),
        (("DZ", "Algeria"), ("AO", "Angola"), ("ZW", "Zimbabwe"))
    );
    let none = MissionIndex::build(&[], &Filter::default());
    assert_eq!((none.len(), none.is_empty()), (0, true));
    assert!(none.kinds().is_empty() && none.senders().is_empty() && none.countries().is_empty());
}

#[test]
fn heap_bytes_counts_every_array_the_index_keeps() {
    // The benchmark report's figure: each per-mission array at its element's size, and
    // the big cells' nodes, counts and sums.
    let ds = crate::synth::generate(5_000, 4);
    let per_mission =
        2 * std::mem::size_of::<Years>() + std::mem::size_of::<Facets>() + 1 + 8 + 4 + 4 + 1;
    let expected = |ix: &MissionIndex| {
        ix.len() * per_mission
            + ix.nodes.len() * std::mem::size_of::<Node>()
            + ix.node_hist.len() * 4
            + ix.node_meta.len() * std::mem::size_of::<NodeMeta>()
    };
    let ix = MissionIndex::build(&ds.missions, &Filter::default());
    assert!(ix.nodes.len() > 1 && !ix.node_hist.is_empty());
    assert_eq!(ix.heap_bytes(), expected(&ix));
    let small = MissionIndex::build(&ds.missions[..100], &Filter::default());
    assert_eq!(small.heap_bytes(), expected(&small));
    assert!(small.heap_bytes() < ix.heap_bytes());
    let none = MissionIndex::build(&[], &Filter::default());
    assert_eq!(none.heap_bytes(), expected(&none));
}
