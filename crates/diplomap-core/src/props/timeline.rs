//! The timeline rule against its plain statement: every state, over every year and
//! every extreme, through `state`, the index's year codes and the closures chart.

use proptest::prelude::*;

use super::arb::check;
use super::naive;
use crate::data::YEAR_RANGE;
use crate::filter::Filter;
use crate::index::MissionIndex;
use crate::model::Closure;
use crate::timeline::{self, PerState, TimelineState, YearSummary};

fn year() -> impl Strategy<Value = i32> {
    prop_oneof![
        8 => 1930..2040i32,
        1 => any::<i32>(),
        1 => prop::sample::select(vec![i32::MIN, i32::MAX, -32768, 32767, 0]),
    ]
}

fn closure() -> impl Strategy<Value = Closure> {
    prop_oneof![
        Just(Closure::Open),
        Just(Closure::YearUnknown),
        year().prop_map(Closure::InYear)
    ]
}

#[test]
fn the_state_is_the_plain_rule_in_every_year() {
    let cases = (
        prop::option::of(year()),
        closure(),
        super::arb::bounds(false),
        year(),
        super::arb::breaks(false),
    );
    check(
        "state = plain rule",
        2048,
        cases,
        |(opened, closure, bounds, y, breaks)| {
            // The extremes of `i32` stand for "always" and "never"; years are kept off them.
            let clamp = timeline::Dates::clamp;
            let (opened, y) = (opened.map(clamp), clamp(y));
            let closure = match closure {
                Closure::InYear(c) => Closure::InYear(clamp(c)),
                c => c,
            };
            let want = naive::state_bounded(opened, closure, bounds.as_deref(), y);
            prop_assert_eq!(
                timeline::Dates::of(opened, closure, bounds.as_deref()).state(y),
                want
            );
            prop_assert_eq!(
                timeline::state(opened, closure, y),
                naive::state(opened, closure, y)
            );
            prop_assert_eq!(TimelineState::ALL[want.slot()], want);
            prop_assert_eq!(
                want.is_active(),
                matches!(want, TimelineState::Open | TimelineState::Closing)
            );
            // A mission with these years, as a data file can hold them: the index agrees in
            // every year it is asked about. (A file's years are within `YEAR_RANGE`, its
            // opening never after its closure.)
            let in_range = |y: i32| y.clamp(*YEAR_RANGE.start(), *YEAR_RANGE.end());
            let closure = match closure {
                Closure::InYear(c) => Closure::InYear(in_range(c)),
                c => c,
            };
            let opened = match (opened.map(in_range), closure) {
                (Some(o), Closure::InYear(c)) => Some(o.min(c)),
                (o, _) => o,
            };
            let plain = naive::state_bounded(opened, closure, bounds.as_deref(), y);
            let mut m = super::arb::tests_mission();
            m.opened = opened;
            m.closure = closure;
            m.bounds = bounds.clone();
            prop_assert_eq!(timeline::state_at(&m, y), plain);
            // Breaks, where they fit this mission (else none counts).
            let want = naive::state_periods(opened, closure, bounds.as_deref(), &breaks, y);
            m.extra_mut().breaks = breaks
                .iter()
                .map(|&(closed, reopened)| timeline::Break { closed, reopened })
                .collect();
            let p = timeline::Periods::of_mission(&m);
            prop_assert_eq!(p.state(y), want);
            prop_assert_eq!(timeline::state_at(&m, y), want);
            for s in TimelineState::ALL {
                let f = Filter {
                    hidden_states: TimelineState::ALL.into_iter().filter(|&t| t != s).collect(),
                    ..Filter::default()
                };
                let ix = MissionIndex::build(std::slice::from_ref(&m), &f);
                prop_assert_eq!(ix.is_shown(0, y), s == want, "{:?} at {}", s, y);
                prop_assert_eq!(ix.shown_missions(y).len(), usize::from(s == want));
                prop_assert_eq!(ix.facet_counts(y).by_state[s], u32::from(s == want));
            }
            Ok(true)
        },
    );
}

#[test]
fn the_summary_counts_each_state_and_says_so() {
    let cases = prop::collection::vec(prop::sample::select(TimelineState::ALL.to_vec()), 0..40);
    check("summary", 256, cases, |states| {
        let mut s = YearSummary {
            year: 1998,
            ..Default::default()
        };
        for &st in &states {
            s.add(st);
        }
        let n = |t: TimelineState| states.iter().filter(|&&x| x == t).count();
        for t in TimelineState::ALL {
            prop_assert_eq!(s.get(t), n(t));
        }
        let mut want = format!("1998: {} open", n(TimelineState::Open));
        if n(TimelineState::MayBeOpen) > 0 {
            want += &format!(
                ", {} may be open (date not recorded)",
                n(TimelineState::MayBeOpen)
            );
        }
        want += &format!(
            ", {} closing this year, {} closed earlier",
            n(TimelineState::Closing),
            n(TimelineState::Closed)
        );
        if n(TimelineState::ClosedYearUnknown) > 0 {
            want += &format!(
                ", {} closed (year unknown)",
                n(TimelineState::ClosedYearUnknown)
            );
        }
        if n(TimelineState::NotYetOpen) > 0 {
            want += &format!(", {} not yet open", n(TimelineState::NotYetOpen));
        }
        prop_assert_eq!(s.sentence(), want);
        // Sums over the shown states.
        let counts = PerState(TimelineState::ALL.map(|t| n(t) as u32));
        let shown = PerState([true, false, true, false, true, false]);
        let want = n(TimelineState::NotYetOpen)
            + n(TimelineState::Closing)
            + n(TimelineState::ClosedYearUnknown);
        prop_assert_eq!(counts.sum_where(&shown) as usize, want);
        prop_assert_eq!(counts.total() as usize, states.len());
        Ok(!states.is_empty())
    });
}

#[test]
fn the_chart_counts_closures_in_each_year_of_its_span() {
    let cases = (
        prop::collection::vec(super::arb::years(false), 0..60),
        1930..2040i32,
        0..50i32,
    );
    check("closures chart", 256, cases, |(years, from, len)| {
        let to = from + len;
        let ms: Vec<_> = years
            .iter()
            .map(|&(opened, closure)| {
                let mut m = super::arb::tests_mission();
                m.opened = opened;
                m.closure = closure;
                m
            })
            .collect();
        let chart = timeline::closures_per_year(&ms, from, to);
        let want: Vec<(i32, usize)> = (from..=to)
            .map(|y| {
                (
                    y,
                    years
                        .iter()
                        .filter(|(_, c)| *c == Closure::InYear(y))
                        .count(),
                )
            })
            .collect();
        prop_assert_eq!(&chart, &want);
        Ok(want.iter().any(|(_, n)| *n > 0))
    });
}
