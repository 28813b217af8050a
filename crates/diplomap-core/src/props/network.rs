//! The network numbers against brute force: on generated missions (six senders and
//! hosts, random years and accreditations) and filters, the ranking, coverage,
//! reciprocity and changes are what counting mission by mission says.

use std::collections::{BTreeMap, BTreeSet};

use geo_types::Point;
use proptest::prelude::*;

use super::arb::check;
use super::naive;
use crate::filter::Filter;
use crate::gazetteer::Gazetteer;
use crate::model::{Closure, Extra, Mission, MissionKind, Precision, Region, Text};
use crate::network::{self, Change, Coverage};
use crate::timeline::TimelineState;

/// The gazetteer's names and codes for six states; accreditations name some by name, some
/// by code, so that both ways to a country key are taken.
const STATES: [(&str, &str); 6] = [
    ("Sweden", "SE"),
    ("Norway", "NO"),
    ("Denmark", "DK"),
    ("Finland", "FI"),
    ("Iceland", "IS"),
    ("Germany", "DE"),
];

fn name(k: usize) -> &'static str {
    STATES.get(k).map_or("?", |s| s.0)
}

fn code(k: usize) -> &'static str {
    STATES.get(k).map_or("?", |s| s.1)
}

fn missions() -> impl Strategy<Value = Vec<Mission>> {
    let one = (
        (0..6usize, 0..6usize, 0..MissionKind::ALL.len()),
        super::arb::years(false),
        prop::collection::vec((0..6usize, any::<bool>()), 0..4),
        any::<bool>(),
    );
    prop::collection::vec(one, 0..200).prop_map(|rows| {
        rows.into_iter()
            .enumerate()
            .map(|(i, ((s, h, k), (opened, closure), acc, unknown_host))| {
                let extra = Extra {
                    accredited_to: acc
                        .iter()
                        .map(|&(c, by_code)| Text::from(if by_code { code(c) } else { name(c) }))
                        .collect(),
                    ..Extra::default()
                };
                Mission {
                    bounds: None,
                    id: format!("m{i}").into(),
                    sending_state: name(s).into(),
                    country: name(h).into(),
                    // A host the gazetteer does not know is keyed by its folded name.
                    country_code: if unknown_host {
                        "Atlantis".into()
                    } else {
                        code(h).into()
                    },
                    city: "X".into(),
                    kind: MissionKind::ALL
                        .get(k)
                        .copied()
                        .unwrap_or(MissionKind::Embassy),
                    organization: None,
                    region: Region::Europe,
                    opened,
                    closure,
                    location: Point::new(10.0, 60.0),
                    precision: Precision::City,
                    inbound: false,
                    extra: extra.boxed(),
                }
            })
            .collect()
    })
}

/// A country's key as networks count it, known here without the gazetteer.
fn key(name_or_code: &str) -> String {
    STATES
        .iter()
        .find(|(n, c)| *n == name_or_code || *c == name_or_code)
        .map_or_else(|| name_or_code.to_lowercase(), |(_, c)| (*c).to_owned())
}

fn filters() -> impl Strategy<Value = Option<Filter>> {
    prop::option::of(
        (
            prop::collection::btree_set(prop::sample::select(TimelineState::ALL.to_vec()), 0..3),
            prop::collection::btree_set(prop::sample::select(MissionKind::ALL.to_vec()), 0..4),
            prop::collection::btree_set(
                prop::sample::select(vec!["SE".to_owned(), "NO".into()]),
                0..2,
            ),
        )
            .prop_map(|(hidden_states, hidden_kinds, countries)| Filter {
                hidden_states,
                hidden_kinds,
                countries,
                ..Filter::default()
            }),
    )
}

#[test]
fn ranking_coverage_reciprocity_and_changes_are_the_brute_force_counts() {
    let cases = (
        missions(),
        filters(),
        1940..2030i32,
        (1940..2030i32, 0..40i32).prop_map(|(a, d)| (a, a + d)),
        any::<bool>(),
    );
    check(
        "network = brute force",
        256,
        cases,
        |(ms, f, year, (from, to), all_posts)| {
            let gaz = Gazetteer::embedded();
            let counting = crate::senders::Counting {
                all_posts,
                all_senders: false,
            };
            // The kinds counted: all but honorary posts and other ones, unless all are
            // asked for; a permanent mission is to an organisation, not its host; the six
            // states are sovereign, "Atlantis" is not.
            let counted = |m: &Mission| {
                all_posts || !matches!(m.kind, MissionKind::HonoraryConsulate | MissionKind::Other)
            };
            let to_org = |m: &Mission| m.kind == MissionKind::PermanentMission;
            let sovereign = |k: &str| STATES.iter().any(|(_, c)| *c == k);
            let counts = |m: &Mission| {
                naive::state_of(m, year).is_active()
                    && f.as_ref().is_none_or(|f| naive::shown(f, m, year))
            };
            let active: Vec<&Mission> = ms.iter().filter(|m| counts(m)).collect();
            // Ranking.
            let ranking = network::ranking(&ms, year, f.as_ref(), gaz, counting);
            type Acc = (usize, BTreeSet<String>, BTreeSet<String>, BTreeSet<String>);
            let mut want: BTreeMap<String, Acc> = BTreeMap::new();
            // Those that may be open, per sender: counted apart; posts of kinds not
            // counted, apart too.
            let mut may_be: BTreeMap<String, usize> = BTreeMap::new();
            let mut not_counted: BTreeMap<String, usize> = BTreeMap::new();
            for m in &ms {
                if naive::state_of(m, year) == crate::timeline::TimelineState::MayBeOpen
                    && f.as_ref().is_none_or(|f| naive::shown(f, m, year))
                    && counted(m)
                {
                    *may_be.entry(m.sending_state.to_string()).or_default() += 1;
                    want.entry(m.sending_state.to_string()).or_default();
                }
            }
            for m in &active {
                if !counted(m) {
                    *not_counted.entry(m.sending_state.to_string()).or_default() += 1;
                    continue;
                }
                let e = want.entry(m.sending_state.to_string()).or_default();
                e.0 += 1;
                let host = key(&m.country_code);
                if !to_org(m) {
                    if sovereign(&host) {
                        e.1.insert(host.clone());
                        e.2.insert(host);
                    } else {
                        e.3.insert(host);
                    }
                }
                for c in &m.extra().accredited_to {
                    let k = key(c);
                    if sovereign(&k) {
                        e.2.insert(k);
                    } else {
                        e.3.insert(k);
                    }
                }
            }
            type Row = (usize, usize, usize, usize, String, usize, usize);
            let mut rows: Vec<Row> = want
                .iter()
                .map(|(s, (n, hosts, covered, elsewhere))| {
                    let m = may_be.get(s).copied().unwrap_or(0);
                    let nc = not_counted.get(s).copied().unwrap_or(0);
                    let other = elsewhere.difference(covered).count();
                    (*n, hosts.len(), covered.len(), m, s.clone(), nc, other)
                })
                .collect();
            // Most missions first, then most hosts, then most covered, then most that may
            // be open, then by name.
            rows.sort_by(|a, b| {
                (b.0, b.1, b.2, b.3)
                    .cmp(&(a.0, a.1, a.2, a.3))
                    .then_with(|| a.4.cmp(&b.4))
            });
            let got: Vec<Row> = ranking
                .iter()
                .map(|r| {
                    (
                        r.missions,
                        r.host_countries,
                        r.countries_covered,
                        r.missions_may_be_open,
                        r.sender.clone(),
                        r.posts_not_counted,
                        r.other_places,
                    )
                })
                .collect();
            prop_assert_eq!(got, rows);
            // Coverage of each sender.
            for s in STATES.map(|s| s.0) {
                let cov = network::coverage(&ms, s, year, f.as_ref(), gaz, counting);
                let mine: Vec<&&Mission> = active
                    .iter()
                    .filter(|m| &*m.sending_state == s && counted(m))
                    .collect();
                let mut want = BTreeMap::new();
                for m in mine.iter().filter(|m| !to_org(m)) {
                    want.insert(key(&m.country_code), Coverage::Resident);
                }
                for m in &mine {
                    for c in &m.extra().accredited_to {
                        want.entry(key(c)).or_insert(Coverage::Accredited);
                    }
                }
                // Where only missions that may be open stand or are accredited: may be.
                for m in ms.iter().filter(|m| {
                    &*m.sending_state == s
                        && counted(m)
                        && naive::state_of(m, year) == crate::timeline::TimelineState::MayBeOpen
                        && f.as_ref().is_none_or(|f| naive::shown(f, m, year))
                }) {
                    if !to_org(m) {
                        want.entry(key(&m.country_code))
                            .or_insert(Coverage::MayBeCovered);
                    }
                    for c in &m.extra().accredited_to {
                        want.entry(key(c)).or_insert(Coverage::MayBeCovered);
                    }
                }
                prop_assert_eq!(cov, want);
            }
            // Reciprocity between Sweden and Norway.
            let r = network::reciprocity(&ms, "Sweden", "Norway", year, f.as_ref(), gaz);
            let idx = |p: &dyn Fn(&Mission) -> bool| -> Vec<usize> {
                ms.iter()
                    .enumerate()
                    .filter(|(_, m)| counts(m) && p(m))
                    .map(|(i, _)| i)
                    .collect()
            };
            let from_to =
                |m: &Mission, a: &str, b: &str| &*m.sending_state == a && key(&m.country_code) == b;
            let covering = |m: &Mission, a: &str, b: &str| {
                &*m.sending_state == a
                    && key(&m.country_code) != b
                    && m.extra().accredited_to.iter().any(|c| key(c) == b)
            };
            prop_assert_eq!(&r.a_in_b, &idx(&|m| from_to(m, "Sweden", "NO")));
            prop_assert_eq!(&r.b_in_a, &idx(&|m| from_to(m, "Norway", "SE")));
            prop_assert_eq!(&r.a_covering_b, &idx(&|m| covering(m, "Sweden", "NO")));
            prop_assert_eq!(&r.b_covering_a, &idx(&|m| covering(m, "Norway", "SE")));
            // Changes: openings and closures in (from, to], an opening before a closure.
            let ch = network::changes(&ms, from, to);
            let mut want = Vec::new();
            for (i, m) in ms.iter().enumerate() {
                if let Some(y) = m.opened.filter(|&y| y > from && y <= to) {
                    want.push((i, Change::Opened, y));
                }
                if let Closure::InYear(y) = m.closure
                    && y > from
                    && y <= to
                {
                    want.push((i, Change::Closed, y));
                }
            }
            prop_assert_eq!(&ch, &want);
            let reciprocal =
                !(r.a_in_b.is_empty() && r.b_in_a.is_empty() && r.a_covering_b.is_empty());
            Ok(ranking.len() >= 2 && (reciprocal || !ch.is_empty()))
        },
    );
}
