//! Generated missions, filters and viewports, and the runner that counts non-trivial
//! cases.

use std::cell::Cell;
use std::collections::BTreeSet;
use std::sync::Arc;

use geo_types::Point;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};

use crate::filter::Filter;
use crate::index::Viewport;
use crate::model::{Closure, Extra, Mission, MissionKind, Precision, Region, Text};
use crate::timeline::{Bound, Break, TimeBounds, TimelineState};

/// Places missions bunch around (lon, lat): two on the antimeridian, one at the Mercator
/// edge.
pub const PLACES: [(f64, f64); 6] = [
    (0.0, 0.0),
    (2.35, 48.85),
    (116.4, 39.9),
    (-77.0, 38.9),
    (179.9, -16.0),
    (-179.9, 84.9),
];
pub const COUNTRIES: [&str; 4] = ["FR", "CN", "US", "FJ"];
pub const SENDERS: [&str; 3] = ["North Korea", "Sweden", "Chile"];
pub const ORGS: [&str; 2] = ["UN", "UNESCO"];

/// A mission's timeline: an opening (or none) and a closure. `coarse` keeps every year a
/// multiple of ten, so that years between two decades see no change.
pub fn years(coarse: bool) -> impl Strategy<Value = (Option<i32>, Closure)> {
    let year = move |y: i32| if coarse { y - y.rem_euclid(10) } else { y };
    (prop::option::of(1940..2030i32), 0..10u8, 1940..2030i32).prop_map(move |(o, how, c)| {
        let opened = o.map(year);
        let closure = match how {
            0 => Closure::YearUnknown,
            1..=4 => Closure::InYear(year(c).max(opened.unwrap_or(i32::MIN))),
            _ => Closure::Open,
        };
        (opened, closure)
    })
}

/// Bounds of a mission's unrecorded dates, as the evidence gives them (or none): each
/// bound drawn or not, an opening ruled out now and then. `coarse` as for [`years`].
pub fn bounds(coarse: bool) -> impl Strategy<Value = Option<Arc<TimeBounds>>> {
    let year = move |y: i32| if coarse { y - y.rem_euclid(10) } else { y };
    let y = move || prop::option::of((1940..2030i32).prop_map(year));
    prop::option::weighted(
        0.7,
        (y(), y(), y(), prop::bool::weighted(0.1)).prop_map(|(nb, by, as_of, ruled)| {
            let b = |y: Option<i32>, why: &str| y.map(|y| Bound::new(y, why));
            Arc::new(TimeBounds {
                opened_not_before: b(nb, "a state from then"),
                opened_by: b(by, "open then"),
                as_of: b(as_of, "the set's date"),
                seen_open: None,
                opening_ruled_out: ruled,
            })
        }),
    )
}

/// Recorded breaks (closed, reopened), mostly none: sorted years paired off, so that most
/// follow one another (whether they fit the mission's opening and closure is left to
/// chance: those that do not count as none). `coarse` as for [`years`].
pub fn breaks(coarse: bool) -> impl Strategy<Value = Vec<(i32, i32)>> {
    let year = move |y: i32| if coarse { y - y.rem_euclid(10) } else { y };
    prop_oneof![
        3 => Just(Vec::new()),
        1 => prop::collection::btree_set((1940..2030i32).prop_map(year), 2..=6).prop_map(|ys| {
            let ys: Vec<i32> = ys.into_iter().collect();
            ys.chunks_exact(2).map(|p| (p[0], p[1])).collect()
        }),
    ]
}

/// One mission's facts, each drawn for the mission (none derived from its place in the
/// list, so that shrinking one mission changes that mission alone).
#[derive(Debug, Clone)]
pub struct Draw {
    place: usize,
    spread: usize,
    dx: f64,
    dy: f64,
    kind: usize,
    region: usize,
    country: usize,
    sender: usize,
    org: usize,
    notes: bool,
    inbound: bool,
    years: (Option<i32>, Closure),
    bounds: Option<Arc<TimeBounds>>,
    breaks: Vec<(i32, i32)>,
}

fn draw(places: usize, coarse: bool) -> impl Strategy<Value = Draw> {
    (
        (
            0..places,
            prop_oneof![2 => Just(0usize), 2 => Just(1), 1 => Just(2)],
            -1.0..1.0f64,
            -1.0..1.0f64,
        ),
        (0..MissionKind::ALL.len(), 0..Region::ALL.len(), 0..4usize),
        (0..3usize, 0..2usize, any::<bool>(), any::<bool>()),
        years(coarse),
        bounds(coarse),
        breaks(coarse),
    )
        .prop_map(
            |(
                (place, spread, dx, dy),
                (kind, region, country),
                (sender, org, notes, inbound),
                years,
                bounds,
                breaks,
            )| Draw {
                place,
                spread,
                dx,
                dy,
                kind,
                region,
                country,
                sender,
                org,
                notes,
                inbound,
                years,
                bounds,
                breaks,
            },
        )
}

fn mission(i: usize, d: &Draw) -> Mission {
    let (lon, lat) = PLACES.get(d.place).copied().unwrap_or_default();
    // On the very spot, within a city, within a country (two in five missions each of the
    // first, one the last).
    let scale = [0.0, 0.05, 3.0].get(d.spread).copied().unwrap_or(0.0);
    let kind = MissionKind::ALL
        .get(d.kind)
        .copied()
        .unwrap_or(MissionKind::Embassy);
    let pick = |names: &[&str], k: usize| Text::from(names.get(k).copied().unwrap_or("?"));
    Mission {
        id: format!("m{i}").into(),
        sending_state: pick(&SENDERS, d.sender),
        country: pick(&COUNTRIES, d.country),
        country_code: pick(&COUNTRIES, d.country),
        city: Text::from(format!("City{}", d.place).as_str()),
        kind,
        organization: (kind == MissionKind::PermanentMission).then(|| pick(&ORGS, d.org)),
        region: Region::ALL.get(d.region).copied().unwrap_or(Region::Europe),
        opened: d.years.0,
        closure: d.years.1,
        bounds: d.bounds.clone(),
        location: Point::new(
            (lon + d.dx * scale).clamp(-180.0, 180.0),
            (lat + d.dy * scale).clamp(-85.0, 85.0),
        ),
        precision: Precision::City,
        inbound: d.inbound,
        extra: Extra {
            notes: if d.notes {
                "protecting power".into()
            } else {
                String::new()
            },
            breaks: d
                .breaks
                .iter()
                .map(|&(closed, reopened)| Break { closed, reopened })
                .collect(),
            ..Extra::default()
        }
        .boxed(),
    }
}

/// Up to `max` missions bunched around one to six places (few places make big cells),
/// some exactly on top of each other, with every kind of timeline.
pub fn missions(max: usize, coarse: bool) -> impl Strategy<Value = Vec<Mission>> {
    (1..=PLACES.len())
        .prop_flat_map(move |places| prop::collection::vec(draw(places, coarse), 0..max))
        .prop_map(|draws| {
            draws
                .iter()
                .enumerate()
                .map(|(i, d)| mission(i, d))
                .collect()
        })
}

/// Filters that hide a little or a lot: half are the default with a state or two other
/// than open shown or hidden, half change every part (each part often left as it is), so that most cases
/// still show something.
pub fn filters() -> impl Strategy<Value = Filter> {
    let light =
        prop::collection::btree_set(prop::sample::select(TimelineState::ALL.to_vec()), 0..3)
            .prop_map(|hidden_states| Filter {
                hidden_states,
                ..Filter::default()
            });
    prop_oneof![light, any_filter()]
}

fn any_filter() -> impl Strategy<Value = Filter> {
    let set = |names: &[&str], n: usize| {
        let names: Vec<String> = names.iter().map(|s| (*s).to_owned()).collect();
        prop::collection::btree_set(prop::sample::select(names), 0..n)
    };
    let often_none = |s: BoxedStrategy<BTreeSet<String>>| {
        prop_oneof![2 => Just(BTreeSet::new()), 1 => s].boxed()
    };
    (
        prop::collection::btree_set(prop::sample::select(TimelineState::ALL.to_vec()), 0..3),
        prop::collection::btree_set(prop::sample::select(MissionKind::ALL.to_vec()), 0..3),
        prop::collection::btree_set(prop::sample::select(Region::ALL.to_vec()), 0..2),
        often_none(set(&["FR", "CN", "US", "XX"], 3).boxed()),
        set(&["", "UN", "UNESCO"], 2),
        prop::bool::weighted(0.7),
        prop::sample::select(vec![
            "", "", "", "", "", "city1", "embassy", "power", "fr city2",
        ]),
        often_none(set(&["North Korea", "Sweden", "Chile", "Peru"], 3).boxed()),
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

/// How to choose a viewport once the missions are known: most are centred on one of the
/// missions shown (so that something is in view), the rest anywhere.
#[derive(Debug, Clone)]
pub struct ViewDraw {
    on: Option<prop::sample::Index>,
    x: f64,
    y: f64,
    zoom: f64,
    size: (f64, f64),
    radius: f64,
}

pub fn views() -> impl Strategy<Value = ViewDraw> {
    (
        prop::option::weighted(0.9, any::<prop::sample::Index>()),
        (0.0..1.0f64, 0.0..1.0f64),
        prop_oneof![3 => 0.0..12.0f64, 1 => 12.0..23.0f64],
        (64.0..1600.0f64, 64.0..1000.0f64),
        10.0..70.0f64,
    )
        .prop_map(|(on, (x, y), zoom, size, radius)| ViewDraw {
            on,
            x,
            y,
            zoom,
            size,
            radius,
        })
}

impl ViewDraw {
    /// The viewport, centred on one of the missions for which `shown` holds (if any).
    pub fn viewport(&self, ms: &[Mission], shown: impl Fn(&Mission) -> bool) -> Viewport {
        let shown: Vec<&Mission> = ms.iter().filter(|m| shown(m)).collect();
        let centre = match (&self.on, shown.is_empty()) {
            (Some(k), false) => shown.get(k.index(shown.len())).map(|m| (m.lon(), m.lat())),
            _ => None,
        };
        let centre = centre.unwrap_or((
            self.x * 360.0 - 180.0,
            crate::view::inverse_mercator_y(self.y),
        ));
        Viewport::around(centre, self.zoom, self.size, self.radius)
    }
}

/// Runs `test` on `cases` generated values; each returns whether its case checked
/// something. Fails when a case fails (shrunk), or when fewer than half the cases were
/// non-trivial. Prints the share (`--nocapture`).
pub fn check<S: Strategy>(
    name: &str,
    cases: u32,
    strategy: S,
    test: impl Fn(S::Value) -> Result<bool, TestCaseError>,
) {
    let config = Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    };
    let (runs, nontrivial) = (Cell::new(0u32), Cell::new(0u32));
    let result = TestRunner::new(config).run(&strategy, |v| {
        let bites = test(v)?;
        runs.set(runs.get() + 1);
        nontrivial.set(nontrivial.get() + u32::from(bites));
        Ok(())
    });
    if let Err(e) = result {
        panic!("{name}: {e}");
    }
    let (n, k) = (runs.get(), nontrivial.get());
    println!(
        "{name}: {k} of {n} cases non-trivial ({:.0} %)",
        100.0 * f64::from(k) / f64::from(n.max(1))
    );
    assert!(2 * k >= n, "{name}: only {k} of {n} cases checked anything");
}

/// A plain open embassy in Paris, for tests that set its years.
pub fn tests_mission() -> Mission {
    let d = Draw {
        place: 1,
        spread: 0,
        dx: 0.0,
        dy: 0.0,
        kind: 0,
        region: 0,
        country: 0,
        sender: 0,
        org: 0,
        notes: false,
        inbound: false,
        years: (None, Closure::Open),
        bounds: None,
        breaks: Vec::new(),
    };
    mission(0, &d)
}
