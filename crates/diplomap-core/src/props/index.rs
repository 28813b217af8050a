//! The map index against the naive clusterer and brute-force counts: on generated
//! missions, filters, years and viewports (most centred on a mission), what the index
//! says is shown — clusters, their members, counts and places, the panel counts, the
//! shown list, the closures chart — is what the plain rules say.

use std::collections::{BTreeMap, BTreeSet};

use proptest::prelude::*;

use super::arb::{self, check};
use super::naive;
use crate::filter::{self, Facet, Filter};
use crate::index::{MapCluster, MissionIndex, StateCounts, Viewport};
use crate::model::Mission;
use crate::timeline::TimelineState;

/// A cluster of the index in the naive clusterer's terms.
fn as_naive(ix: &MissionIndex, c: &MapCluster, year: i32) -> (Vec<u32>, StateCounts, (u64, u64)) {
    let mut members = ix.members(c, year, usize::MAX);
    members.sort_unstable();
    (members, c.by_state, (c.lon.to_bits(), c.lat.to_bits()))
}

fn plain(n: &[naive::Cluster]) -> Vec<(Vec<u32>, StateCounts, (u64, u64))> {
    n.iter()
        .map(|c| (c.members.clone(), c.by_state, c.at))
        .collect()
}

#[test]
fn clusters_are_what_the_naive_clusterer_makes() {
    let cases = (
        arb::missions(700, false),
        arb::filters(),
        1938..2032i32,
        arb::views(),
    );
    check(
        "clusters = naive clusterer",
        256,
        cases,
        |(ms, f, year, vd)| {
            let v = vd.viewport(&ms, |m| naive::shown(&f, m, year));
            let ix = MissionIndex::build(&ms, &f);
            let got = ix.clusters(&v, year);
            let want = naive::clusters(&ms, &f, &v, year);
            let got_n: Vec<_> = got.iter().map(|c| as_naive(&ix, c, year)).collect();
            prop_assert_eq!(&got_n, &plain(&want), "viewport {:?}", v);
            for c in &got {
                // A cluster showing one mission is that mission; others show two or more.
                match c.single {
                    Some(s) => prop_assert_eq!(ix.members(c, year, usize::MAX), vec![s]),
                    None => prop_assert!(c.count() >= 2),
                }
                prop_assert_eq!(ix.members(c, year, 1).len(), 1);
            }
            // The same question gets the same answer; the plain merge of the level agrees.
            prop_assert_eq!(&ix.clusters(&v, year), &got);
            prop_assert_eq!(&ix.clusters_plain(&v, year), &got);
            Ok(want.iter().any(|c| c.members.len() >= 2))
        },
    );
}

/// Properties that need no clusterer: every shown mission in view is in exactly one
/// cluster, the counts add up, and missions within the radius of each other at the
/// level's zoom share a cluster unless a larger cell took one of them first.
#[test]
fn every_shown_mission_in_view_is_in_exactly_one_cluster() {
    let cases = (
        arb::missions(500, false),
        arb::filters(),
        1938..2032i32,
        arb::views(),
    );
    check(
        "one cluster per shown mission",
        256,
        cases,
        |(ms, f, year, vd)| {
            let v = vd.viewport(&ms, |m| naive::shown(&f, m, year));
            let ix = MissionIndex::build(&ms, &f);
            let clusters = ix.clusters(&v, year);
            let mut seen = BTreeMap::new();
            let mut total = 0;
            for (k, c) in clusters.iter().enumerate() {
                let members = ix.members(c, year, usize::MAX);
                prop_assert_eq!(members.len() as u32, c.count());
                total += c.count();
                let mut by_state = StateCounts::default();
                for &i in &members {
                    let m = &ms[i as usize];
                    prop_assert!(naive::shown(&f, m, year), "{} is not shown", m.id);
                    by_state[naive::state_of(m, year)] += 1;
                    prop_assert!(seen.insert(i, k).is_none(), "{} is in two clusters", m.id);
                    prop_assert!(ix.cluster_contains(c, i as usize));
                }
                prop_assert_eq!(by_state, c.by_state);
                for s in TimelineState::ALL {
                    if f.hidden_states.contains(&s) {
                        prop_assert_eq!(c.by_state[s], 0);
                    }
                }
            }
            prop_assert_eq!(total as usize, seen.len());
            let inside = |m: &Mission| {
                let (x, y) = (
                    crate::view::mercator_x(m.lon()),
                    crate::view::mercator_y(m.lat()),
                );
                (v.x0..=v.x1).contains(&x) && (v.y0..=v.y1).contains(&y)
            };
            let mut in_view = 0;
            for (i, m) in ms.iter().enumerate() {
                if naive::shown(&f, m, year) && inside(m) {
                    in_view += 1;
                    prop_assert!(seen.contains_key(&(i as u32)), "{} is missing", m.id);
                }
            }
            // Missions on the very same spot are in one cluster.
            let mut at: BTreeMap<(u64, u64), usize> = BTreeMap::new();
            for (&i, &k) in &seen {
                let m = &ms[i as usize];
                let first = *at
                    .entry((m.lon().to_bits(), m.lat().to_bits()))
                    .or_insert(k);
                prop_assert_eq!(first, k, "{} is apart from its neighbour on the spot", m.id);
            }
            Ok(in_view >= 2)
        },
    );
}

#[test]
fn clusters_stay_put_across_years_and_years_without_change_look_alike() {
    let years = (1941..2029i32).prop_flat_map(|a| {
        // A second year in the same decade (coarse data changes at decades only), or any.
        let d = a - a.rem_euclid(10);
        (Just(a), prop_oneof![d + 1..d + 10, 1938..2032i32])
    });
    let cases = (
        arb::missions(500, true),
        arb::filters(),
        years,
        arb::views(),
    );
    check("years without change", 256, cases, |(ms, f, (a, b), vd)| {
        let v = vd.viewport(&ms, |m| naive::shown(&f, m, a));
        let ix = MissionIndex::build(&ms, &f);
        let (ca, cb) = (ix.clusters(&v, a), ix.clusters(&v, b));
        // The same cells make a cluster at the same place whatever the year.
        let mut same = 0;
        for x in &ca {
            for y in cb.iter().filter(|y| y.key == x.key) {
                prop_assert_eq!((x.lon, x.lat, &x.cells), (y.lon, y.lat, &y.cells));
                same += 1;
            }
        }
        // When no mission changes state between the years, both show the same clusters.
        let unchanged = ms
            .iter()
            .all(|m| naive::state_of(m, a) == naive::state_of(m, b));
        if unchanged {
            prop_assert_eq!(&ca, &cb);
        }
        Ok(unchanged && !ca.is_empty() || same > 0 && ca != cb)
    });
}

#[test]
fn the_fast_query_equals_the_plain_one_through_zooms_pans_and_filter_changes() {
    let cases = (
        arb::missions(700, false),
        (arb::filters(), arb::filters()),
        1938..2032i32,
        prop::collection::vec(arb::views(), 1..8),
    );
    check(
        "fast = plain across views",
        256,
        cases,
        |(ms, (f, g), year, vds)| {
            let mut ix = MissionIndex::build(&ms, &f);
            let mut seen = BTreeMap::new();
            let mut shown = 0;
            for (k, vd) in vds.iter().enumerate() {
                let changed = k >= vds.len() / 2;
                if k == vds.len() / 2 {
                    ix.set_filter(&ms, &g);
                }
                let filter = if changed { &g } else { &f };
                let v = vd.viewport(&ms, |m| naive::shown(filter, m, year));
                let moved = Viewport {
                    x0: v.x0 + 1e-4,
                    x1: v.x1 + 1e-4,
                    ..v
                };
                let dx = (v.x1 - v.x0) / 2.0;
                let within = v.zoom.floor() + (v.zoom.fract() + 0.5).fract();
                let panned = Viewport {
                    x0: v.x0 + dx,
                    x1: v.x1 + dx,
                    zoom: within,
                    ..v
                };
                for (w, y) in [
                    (v, year),
                    (v, year + 7),
                    (v, year),
                    (moved, year + 7),
                    (panned, year),
                ] {
                    let clusters = ix.clusters(&w, y);
                    prop_assert_eq!(&clusters, &ix.clusters_plain(&w, y), "viewport {}", k);
                    let got: Vec<_> = clusters.iter().map(|c| as_naive(&ix, c, y)).collect();
                    prop_assert_eq!(got, plain(&naive::clusters(&ms, filter, &w, y)));
                    shown += clusters.len();
                    for c in clusters {
                        let id = (changed, c.key, w.radius.to_bits());
                        let what = (c.lon.to_bits(), c.lat.to_bits(), c.cells.to_vec());
                        let first = seen.entry(id).or_insert_with(|| what.clone());
                        prop_assert_eq!(&*first, &what, "cluster {:?} moved", c.key);
                    }
                }
            }
            Ok(shown > 0)
        },
    );
}

/// The missions `f` shows in `year`, counted by `key` (those without one left out).
fn counted<K: Ord>(
    ms: &[Mission],
    f: &Filter,
    year: i32,
    key: impl Fn(&Mission) -> Option<K>,
) -> BTreeMap<K, usize> {
    let mut out = BTreeMap::new();
    for m in ms.iter().filter(|m| naive::shown(f, m, year)) {
        if let Some(k) = key(m) {
            *out.entry(k).or_insert(0) += 1;
        }
    }
    out
}

#[test]
fn panel_counts_shown_list_and_chart_match_brute_force() {
    let cases = (arb::missions(400, false), arb::filters(), 1935..2035i32);
    check("panel counts", 256, cases, |(ms, f, year)| {
        let mut ix = MissionIndex::build(&ms, &Filter::default());
        ix.set_filter(&ms, &f);
        let c = ix.facet_counts(year);
        // Each facet's count: the filter with that facet's choice left out.
        let without = |facet| super::filter::without(&f, facet);
        let mut by_state = StateCounts::default();
        let g = without(Facet::State);
        for m in ms.iter().filter(|m| naive::shown(&g, m, year)) {
            by_state[naive::state_of(m, year)] += 1;
        }
        prop_assert_eq!(c.by_state, by_state);
        prop_assert_eq!(
            &c.kinds,
            &counted(&ms, &without(Facet::Kind), year, |m| Some(m.kind))
        );
        prop_assert_eq!(
            &c.regions,
            &counted(&ms, &without(Facet::Region), year, |m| Some(m.region))
        );
        prop_assert_eq!(
            &c.countries,
            &counted(&ms, &without(Facet::Country), year, |m| Some(
                m.country_code.to_string()
            ))
        );
        prop_assert_eq!(
            &c.senders,
            &counted(&ms, &without(Facet::Sender), year, |m| Some(
                m.sending_state.to_string()
            ))
        );
        let org = |m: &Mission| {
            Some(
                m.organization
                    .as_deref()
                    .unwrap_or(filter::BILATERAL)
                    .to_owned(),
            )
        };
        prop_assert_eq!(
            &c.organizations,
            &counted(&ms, &without(Facet::Organization), year, org)
        );
        let inbound = counted(&ms, &without(Facet::Inbound), year, |m| {
            m.inbound.then_some(())
        });
        prop_assert_eq!(c.inbound, inbound.values().sum::<usize>());
        // The shown missions, in data order and in a list order laid out before the
        // filter changed.
        let shown: Vec<u32> = (0..ms.len() as u32)
            .filter(|&i| naive::shown(&f, &ms[i as usize], year))
            .collect();
        prop_assert_eq!(ix.shown_missions(year), shown.clone());
        for (i, m) in ms.iter().enumerate() {
            prop_assert_eq!(ix.is_shown(i, year), naive::shown(&f, m, year), "{}", m.id);
        }
        let reversed: Vec<u32> = (0..ms.len() as u32).rev().collect();
        let mut before = MissionIndex::build(&ms, &Filter::default());
        let mut view = before.ordered(reversed);
        before.set_filter(&ms, &f);
        before.refresh_ordered(&mut view);
        let mut listed = before.shown_in(&view, year);
        listed.reverse();
        prop_assert_eq!(listed, shown.clone());
        // The chart: closures per year (a break's or the last) among the missions
        // passing all but the state: those closing in that year.
        let chart = ix.closures_per_year(1948, 2026);
        let want: Vec<(i32, usize)> = (1948..=2026)
            .map(|y| {
                let closing = ms.iter().filter(|m| {
                    naive::passes_but_state(&f, m)
                        && naive::state_of(m, y) == crate::timeline::TimelineState::Closing
                });
                (y, closing.count())
            })
            .collect();
        prop_assert_eq!(chart, want);
        // The network's size: per state and year, the filtered missions of the kinds
        // counted (all but honorary posts and other ones).
        let network = ix.network_per_year(1948, 2026, Default::default());
        for (y, counts) in network {
            for s in crate::timeline::TimelineState::ALL {
                let n = ms
                    .iter()
                    .filter(|m| {
                        naive::passes_but_state(&f, m)
                            && !matches!(
                                m.kind,
                                crate::model::MissionKind::HonoraryConsulate
                                    | crate::model::MissionKind::Other
                            )
                            && naive::state_of(m, y) == s
                    })
                    .count();
                prop_assert_eq!(counts[s] as usize, n, "{:?} in {}", s, y);
            }
        }
        let options: BTreeSet<usize> = c.countries.values().copied().collect();
        Ok(!shown.is_empty() && !options.is_empty())
    });
}
