//! The network numbers against brute force: on random missions (a few senders and hosts,
//! random years and accreditations), the ranking, coverage, reciprocity and changes are
//! what counting mission by mission says.

use std::collections::{BTreeMap, BTreeSet};

use diplomap::filter::Filter;
use diplomap::gazetteer::Gazetteer;
use diplomap::model::{Closure, Extra, Mission, MissionKind, Precision, Region, Text};
use diplomap::network::{self, Change, Coverage};
use diplomap::timeline::state_at;
use geo_types::Point;
use proptest::prelude::*;

const STATES: [(&str, &str); 6] = [
    ("Sweden", "SE"),
    ("Norway", "NO"),
    ("Denmark", "DK"),
    ("Finland", "FI"),
    ("Iceland", "IS"),
    ("Germany", "DE"),
];

fn missions() -> impl Strategy<Value = Vec<Mission>> {
    let one = (
        0..6usize,
        0..6usize,
        prop::option::of(1940..2030i32),
        0..6u8,
        1940..2030i32,
        prop::collection::vec(0..6usize, 0..4),
    );
    prop::collection::vec(one, 0..200).prop_map(|rows| {
        rows.into_iter()
            .enumerate()
            .map(|(i, (s, h, opened, closure, closed, acc))| {
                let closure = match closure {
                    0 => Closure::YearUnknown,
                    1 | 2 => Closure::InYear(opened.map_or(closed, |o| closed.max(o))),
                    _ => Closure::Open,
                };
                let extra = Extra {
                    accredited_to: acc.iter().map(|&k| Text::from(STATES[k].0)).collect(),
                    ..Extra::default()
                };
                Mission {
                    id: format!("m{i}").into(),
                    sending_state: STATES[s].0.into(),
                    country: STATES[h].0.into(),
                    country_code: STATES[h].1.into(),
                    city: "X".into(),
                    kind: MissionKind::Embassy,
                    organization: None,
                    region: Region::Europe,
                    opened,
                    closure,
                    location: Point::new(10.0, 60.0),
                    precision: Precision::City,
                    inbound: false,
                    extra: (!extra.is_empty()).then(|| Box::new(extra)),
                }
            })
            .collect()
    })
}

fn code(name: &str) -> String {
    STATES
        .iter()
        .find(|(n, c)| *n == name || *c == name)
        .map(|(_, c)| (*c).to_owned())
        .expect("known")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn ranking_coverage_reciprocity_and_changes_are_the_brute_force_counts(
        ms in missions(),
        year in 1940..2030i32,
        (from, to) in (1940..2030i32, 0..40i32).prop_map(|(a, d)| (a, a + d)),
    ) {
        let gaz = Gazetteer::embedded();
        let active: Vec<&Mission> = ms.iter().filter(|m| state_at(m, year).is_active()).collect();
        // Ranking.
        let ranking = network::ranking(&ms, year, None, gaz);
        let mut want: BTreeMap<&str, (usize, BTreeSet<String>, BTreeSet<String>)> = BTreeMap::new();
        for m in &active {
            let e = want.entry(&*m.sending_state).or_default();
            e.0 += 1;
            e.1.insert(code(&m.country_code));
            e.2.insert(code(&m.country_code));
            for c in &m.extra().accredited_to {
                e.2.insert(code(c));
            }
        }
        prop_assert_eq!(ranking.len(), want.len());
        for r in &ranking {
            let (n, hosts, covered) = &want[r.sender.as_str()];
            prop_assert_eq!((r.missions, r.host_countries, r.countries_covered), (*n, hosts.len(), covered.len()));
        }
        prop_assert!(ranking.windows(2).all(|w| w[0].missions >= w[1].missions));
        // Coverage of each sender.
        for (s, _) in STATES {
            let cov = network::coverage(&ms, s, year, Some(&Filter { hidden_states: Default::default(), ..Filter::default() }), gaz);
            let mine: Vec<&&Mission> = active.iter().filter(|m| &*m.sending_state == s).collect();
            let resident: BTreeSet<String> = mine.iter().map(|m| code(&m.country_code)).collect();
            let accredited: BTreeSet<String> = mine
                .iter()
                .flat_map(|m| m.extra().accredited_to.iter().map(|c| code(c)))
                .filter(|c| !resident.contains(c))
                .collect();
            for (k, v) in &cov {
                match v {
                    Coverage::Resident => prop_assert!(resident.contains(k)),
                    Coverage::Accredited => prop_assert!(accredited.contains(k)),
                }
            }
            prop_assert_eq!(cov.len(), resident.len() + accredited.len());
        }
        // Reciprocity between Sweden and Norway.
        let r = network::reciprocity(&ms, "Sweden", "Norway", year, None, gaz);
        let idx = |f: &dyn Fn(&Mission) -> bool| -> Vec<usize> {
            ms.iter().enumerate().filter(|(_, m)| state_at(m, year).is_active() && f(m)).map(|(i, _)| i).collect()
        };
        prop_assert_eq!(r.a_in_b, idx(&|m| &*m.sending_state == "Sweden" && &*m.country_code == "NO"));
        prop_assert_eq!(r.b_in_a, idx(&|m| &*m.sending_state == "Norway" && &*m.country_code == "SE"));
        prop_assert_eq!(r.a_covering_b, idx(&|m| &*m.sending_state == "Sweden" && &*m.country_code != "NO"
            && m.extra().accredited_to.iter().any(|c| &**c == "Norway")));
        // Changes.
        let ch = network::changes(&ms, from, to);
        let mut want = Vec::new();
        for (i, m) in ms.iter().enumerate() {
            if m.opened.is_some_and(|y| y > from && y <= to) {
                want.push((i, Change::Opened));
            }
            if m.closure.year().is_some_and(|y| y > from && y <= to) {
                want.push((i, Change::Closed));
            }
        }
        prop_assert_eq!(ch, want);
    }
}
