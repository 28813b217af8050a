//! The map index against brute force: on random missions, filters, years and viewports,
//! what the index says is shown (clusters, their members and counts, the panel counts)
//! is what filtering every mission one by one says.

use std::collections::{BTreeMap, BTreeSet};

use diplomap::filter::{self, Facet, Filter};
use diplomap::index::{MissionIndex, StateCounts, Viewport};
use diplomap::model::{Closure, Extra, Mission, MissionKind, Precision, Region, Text};
use diplomap::timeline::{TimelineState, state_at};
use diplomap::view::{mercator_x, mercator_y};
use geo_types::Point;
use proptest::prelude::*;

fn text(s: &str) -> Text {
    Text::from(s)
}

/// Missions bunched around a few places (so that cells get big), some exactly on top of
/// each other, with every kind of timeline.
fn missions() -> impl Strategy<Value = Vec<Mission>> {
    let one = (
        0..6usize,
        -1.0..1.0f64,
        -1.0..1.0f64,
        0..5usize,
        0..6usize,
        0..4usize,
        prop::option::of(1940..2030i32),
        0..10u8,
        1940..2030i32,
        any::<bool>(),
        0..3usize,
    );
    prop::collection::vec(one, 0..700).prop_map(|rows| {
        let places = [
            (0.0, 0.0),
            (2.35, 48.85),
            (116.4, 39.9),
            (-77.0, 38.9),
            (179.9, -16.0),
            (-179.9, 70.0),
        ];
        let countries = ["FR", "CN", "US", "FJ"];
        rows.into_iter()
            .enumerate()
            .map(
                |(i, (p, dx, dy, k, r, c, opened, how, cy, inbound, spread))| {
                    let (lon, lat) = places[p];
                    // Spread: exactly on the place, within a city, or within a country.
                    let scale = [0.0, 0.05, 3.0][spread];
                    let closure = match how {
                        0 => Closure::YearUnknown,
                        1..=4 => Closure::InYear(cy.max(opened.unwrap_or(0))),
                        _ => Closure::Open,
                    };
                    let kind = MissionKind::ALL[k];
                    Mission {
                        id: format!("m{i}").into(),
                        sending_state: text(if inbound { "Sweden" } else { "North Korea" }),
                        country: text(countries[c]),
                        country_code: text(countries[c]),
                        city: text(&format!("City{p}")),
                        kind,
                        organization: (kind == MissionKind::PermanentMission)
                            .then(|| text(if i % 2 == 0 { "UN" } else { "UNESCO" })),
                        region: Region::ALL[r],
                        opened,
                        closure,
                        location: Point::new(
                            (lon + dx * scale).clamp(-180.0, 180.0),
                            (lat + dy * scale).clamp(-85.0, 85.0),
                        ),
                        precision: Precision::City,
                        inbound,
                        extra: Extra {
                            notes: if i % 7 == 0 {
                                "protecting power".into()
                            } else {
                                String::new()
                            },
                            ..Extra::default()
                        }
                        .boxed(),
                    }
                },
            )
            .collect()
    })
}

fn filters() -> impl Strategy<Value = Filter> {
    (
        prop::collection::btree_set(prop::sample::select(TimelineState::ALL.to_vec()), 0..4),
        prop::collection::btree_set(prop::sample::select(MissionKind::ALL.to_vec()), 0..3),
        prop::collection::btree_set(prop::sample::select(Region::ALL.to_vec()), 0..3),
        prop::collection::btree_set(
            prop::sample::select(vec!["FR".to_owned(), "CN".into(), "US".into(), "XX".into()]),
            0..3,
        ),
        prop::collection::btree_set(
            prop::sample::select(vec![String::new(), "UN".into(), "UNESCO".into()]),
            0..2,
        ),
        any::<bool>(),
        prop::sample::select(vec!["", "", "", "city1", "embassy", "power", "fr city2"]),
        prop::collection::btree_set(
            prop::sample::select(vec![
                "North Korea".to_owned(),
                "Sweden".into(),
                "Chile".into(),
            ]),
            0..2,
        ),
    )
        .prop_map(|(s, k, r, c, o, inbound, t, senders)| Filter {
            hidden_states: s,
            hidden_kinds: k,
            hidden_regions: r,
            countries: c,
            hidden_organizations: o,
            show_inbound: inbound,
            text: t.to_owned(),
            senders,
        })
}

fn viewports() -> impl Strategy<Value = Viewport> {
    (
        0.0..1.0f64,
        0.0..1.0f64,
        0.0..0.6f64,
        0.0..16.0f64,
        10.0..60.0f64,
    )
        .prop_map(|(x, y, size, zoom, radius)| Viewport {
            x0: x,
            y0: y,
            x1: (x + size).min(1.0),
            y1: (y + size).min(1.0),
            zoom,
            radius,
        })
}

fn inside(m: &Mission, v: &Viewport) -> bool {
    let (x, y) = (mercator_x(m.lon()), mercator_y(m.lat()));
    (v.x0..=v.x1).contains(&x) && (v.y0..=v.y1).contains(&y)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn clusters_hold_exactly_the_shown_missions(
        ms in missions(),
        f in filters(),
        year in 1938..2032i32,
        v in viewports(),
    ) {
        let ix = MissionIndex::build(&ms, &f);
        let clusters = ix.clusters(&v, year);
        let mut seen = BTreeSet::new();
        for c in &clusters {
            let members = ix.members(c, year, usize::MAX);
            prop_assert_eq!(members.len() as u32, c.count());
            // Counts per state are the members' states.
            let mut by_state = StateCounts::default();
            for &i in &members {
                let m = &ms[i as usize];
                prop_assert!(f.matches(m, year), "{} is not shown", m.id);
                by_state[state_at(m, year)] += 1;
                prop_assert!(seen.insert(i), "{} is in two clusters", m.id);
            }
            prop_assert_eq!(by_state, c.by_state);
            if let Some(s) = c.single {
                prop_assert_eq!(members, vec![s]);
            } else {
                prop_assert!(c.count() >= 2);
            }
        }
        // Every shown mission inside the viewport is in some cluster.
        for (i, m) in ms.iter().enumerate() {
            if f.matches(m, year) && inside(m, &v) {
                prop_assert!(seen.contains(&(i as u32)), "{} is missing", m.id);
            }
        }
        // The same question gets the same answer; the year does not move clusters.
        prop_assert_eq!(&ix.clusters(&v, year), &clusters);
        // The fast query answers as the plain merge of the whole level does.
        prop_assert_eq!(&ix.clusters_plain(&v, year), &clusters);
    }

    #[test]
    fn the_fast_query_equals_the_plain_one_through_zooms_pans_and_filter_changes(
        ms in missions(),
        (f, g) in (filters(), filters()),
        year in 1938..2032i32,
        vs in prop::collection::vec(viewports(), 1..8),
    ) {
        let mut ix = MissionIndex::build(&ms, &f);
        // Per filter, level and radius: each cluster key seen, with its place and cells.
        let mut seen = BTreeMap::new();
        for (k, v) in vs.iter().enumerate() {
            let changed = k >= vs.len() / 2;
            if k == vs.len() / 2 {
                ix.set_filter(&ms, &g);
            }
            // The same view again in other years (what the last query kept), the view
            // moved a little, and moved by half its width at a zoom within the same level.
            let moved = Viewport { x0: v.x0 + 1e-4, x1: v.x1 + 1e-4, ..*v };
            let dx = (v.x1 - v.x0) / 2.0;
            let within = v.zoom.floor() + (v.zoom.fract() + 0.5).fract();
            let panned = Viewport { x0: v.x0 + dx, x1: v.x1 + dx, zoom: within, ..*v };
            let views = [(v, year), (v, year + 7), (v, year), (&moved, year + 7), (&panned, year)];
            for (w, y) in views {
                let clusters = ix.clusters(w, y);
                prop_assert_eq!(&clusters, &ix.clusters_plain(w, y), "viewport {}", k);
                // A cluster is the same wherever the view is and whatever the year.
                for c in clusters {
                    let id = (changed, c.key, w.radius.to_bits());
                    let what = (c.lon.to_bits(), c.lat.to_bits(), c.cells.to_vec());
                    let first = seen.entry(id).or_insert_with(|| what.clone());
                    prop_assert_eq!(&*first, &what, "cluster {:?} moved", c.key);
                }
            }
        }
    }

    #[test]
    fn overlapping_markers_merge_and_clusters_stay_put_across_years(
        ms in missions(),
        f in filters(),
        (a, b) in (1938..2032i32, 1938..2032i32),
        v in viewports(),
    ) {
        let ix = MissionIndex::build(&ms, &f);
        let (ca, cb) = (ix.clusters(&v, a), ix.clusters(&v, b));
        for (year, clusters) in [(a, &ca), (b, &cb)] {
            // Missions on the very same spot are always in one cluster.
            let mut at: BTreeMap<(u64, u64), usize> = BTreeMap::new();
            for (k, c) in clusters.iter().enumerate() {
                for i in ix.members(c, year, usize::MAX) {
                    let m = &ms[i as usize];
                    let spot = (m.lon().to_bits(), m.lat().to_bits());
                    let first = *at.entry(spot).or_insert(k);
                    prop_assert_eq!(first, k, "{} is apart from its neighbour on the spot", m.id);
                }
            }
        }
        // The same cells make a cluster at the same place whatever the year: positions
        // come from the filtered missions of every year, not the shown ones.
        for x in &ca {
            for y in cb.iter().filter(|y| y.cells == x.cells) {
                prop_assert_eq!((x.lon, x.lat), (y.lon, y.lat));
            }
        }
        // With nothing closing in between, both years show the same clusters.
        let changes = |m: &Mission| {
            let (lo, hi) = (a.min(b), a.max(b));
            let within = |y: i32| (lo..=hi).contains(&y) || (lo..=hi).contains(&(y + 1));
            m.opened.is_some_and(within) || m.closure.year().is_some_and(within)
        };
        if !ms.iter().any(changes) {
            let places = |cs: &[diplomap::index::MapCluster]| -> Vec<(u64, u64)> {
                cs.iter().map(|c| (c.lon.to_bits(), c.lat.to_bits())).collect()
            };
            prop_assert_eq!(places(&ca), places(&cb));
        }
    }

    #[test]
    fn panel_counts_match_brute_force(ms in missions(), f in filters(), year in 1935..2035i32) {
        let ix = MissionIndex::build(&ms, &Filter::default());
        let mut ix = ix;
        ix.set_filter(&ms, &f);
        let c = ix.facet_counts(year);
        let mut text = diplomap::text::TextMatcher::new(&f.text);
        let mut kinds = BTreeMap::new();
        let mut regions = BTreeMap::new();
        let mut countries = BTreeMap::new();
        let mut orgs = BTreeMap::new();
        let mut senders = BTreeMap::new();
        let mut by_state = StateCounts::default();
        let mut inbound = 0;
        for m in &ms {
            let mut passes = |skip| f.matches_except(m, year, Some(skip), &mut text);
            if passes(Facet::State) {
                by_state[state_at(m, year)] += 1;
            }
            *kinds.entry(m.kind).or_insert(0) += usize::from(passes(Facet::Kind));
            *regions.entry(m.region).or_insert(0) += usize::from(passes(Facet::Region));
            *countries.entry(m.country_code.to_string()).or_insert(0) +=
                usize::from(passes(Facet::Country));
            *orgs.entry(filter::organization_key(m).to_owned()).or_insert(0) +=
                usize::from(passes(Facet::Organization));
            inbound += usize::from(m.inbound && passes(Facet::Inbound));
            *senders.entry(m.sending_state.to_string()).or_insert(0) +=
                usize::from(passes(Facet::Sender));
        }
        kinds.retain(|_, n| *n > 0);
        regions.retain(|_, n| *n > 0);
        countries.retain(|_, n| *n > 0);
        orgs.retain(|_, n| *n > 0);
        senders.retain(|_, n| *n > 0);
        prop_assert_eq!(c.by_state, by_state);
        prop_assert_eq!(c.kinds, kinds);
        prop_assert_eq!(c.regions, regions);
        prop_assert_eq!(c.countries, countries);
        prop_assert_eq!(c.organizations, orgs);
        prop_assert_eq!(c.inbound, inbound);
        prop_assert_eq!(c.senders, senders);
        let shown: Vec<u32> = (0..ms.len() as u32).filter(|&i| f.matches(&ms[i as usize], year)).collect();
        prop_assert_eq!(ix.shown_missions(year), shown.clone());
        // The same in a list order, laid out before the filter changed and refreshed after.
        let reversed: Vec<u32> = (0..ms.len() as u32).rev().collect();
        let mut before = MissionIndex::build(&ms, &Filter::default());
        let mut view = before.ordered(reversed);
        before.set_filter(&ms, &f);
        before.refresh_ordered(&mut view);
        let mut listed: Vec<u32> = before.shown_in(&view, year);
        listed.reverse();
        prop_assert_eq!(listed, shown);
        let closures = ix.closures_per_year(1948, 2026);
        let expected = diplomap::timeline::closures_per_year(
            ms.iter().filter(|m| f.matches_except(m, year, Some(Facet::State), &mut text)),
            1948,
            2026,
        );
        prop_assert_eq!(closures, expected);
    }
}
