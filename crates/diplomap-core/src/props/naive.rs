//! Plain oracles, written from the rules as the documentation states them and sharing no
//! code with what they check (only the text search, `TextMatcher`, and Web Mercator
//! arithmetic are borrowed).

use std::collections::BTreeMap;

use crate::filter::Filter;
use crate::index::{StateCounts, Viewport};
use crate::model::{Closure, Mission};
use crate::text::TextMatcher;
use crate::timeline::{TimeBounds, TimelineState};
use crate::view::{inverse_mercator_y, mercator_x, mercator_y};

/// A mission's state in a year, with no bounds on its dates.
pub fn state(opened: Option<i32>, closure: Closure, year: i32) -> TimelineState {
    state_bounded(opened, closure, None, year)
}

/// A mission's state in a year, as the timeline's documentation states it. The years a
/// source shows it open: from its recorded opening (else the earliest of its "open by"
/// bound and its data date; for a closed one, its closure at the latest) to its closure
/// (else its data date; for one closed in an unknown year, its opening year alone,
/// before it is known closed). It is known closed, year unknown, from its data date
/// (else from the first year it may have been open). Before the earliest year it may be
/// open (its recorded opening, else its "not before" bound, but never after a year it
/// is known open), it is not yet open. A closure wins; then "not yet"; then "known open";
/// otherwise it may be open. A recorded opening ruled out counts as none.
pub fn state_bounded(
    opened: Option<i32>,
    closure: Closure,
    bounds: Option<&TimeBounds>,
    year: i32,
) -> TimelineState {
    state_periods(opened, closure, bounds, &[], year)
}

/// Whether breaks (closed, reopened) can be a mission's: each reopens after it closed,
/// the next closes no earlier than the last reopened, the first no earlier than the
/// recorded opening, the last reopens no later than the recorded closure.
fn breaks_hold(opened: Option<i32>, closure: Closure, breaks: &[(i32, i32)]) -> bool {
    let mut after = opened.unwrap_or(i32::MIN);
    for &(c, r) in breaks {
        if r <= c || c < after {
            return false;
        }
        after = r;
    }
    match closure {
        Closure::InYear(c) => after <= c,
        _ => true,
    }
}

/// [`state_bounded`] for a mission with recorded breaks, as the documentation states
/// them: a break's first year it is closing, until it reopens it is closed; the years a
/// break names are years a source shows it open, so the known years reach from its first
/// break's closure (at the latest) to its last reopening (at the earliest). Breaks that
/// cannot be a mission's count as none.
pub fn state_periods(
    opened: Option<i32>,
    closure: Closure,
    bounds: Option<&TimeBounds>,
    breaks: &[(i32, i32)],
    year: i32,
) -> TimelineState {
    let breaks = if breaks_hold(opened, closure, breaks) {
        breaks
    } else {
        &[]
    };
    let y = |b: Option<&crate::timeline::Bound>| b.map(|b| b.year);
    let nb = bounds.and_then(|b| y(b.opened_not_before.as_ref()));
    let by = bounds.and_then(|b| y(b.opened_by.as_ref()));
    let as_of = bounds.and_then(|b| y(b.as_of.as_ref()));
    let opened = if bounds.is_some_and(|b| b.opening_ruled_out) {
        None
    } else {
        opened
    };
    let opened = match (opened, closure) {
        (Some(o), Closure::InYear(c)) if o > c => Some(c),
        (o, _) => o,
    };
    let earliest_of = |a: Option<i32>, b: Option<i32>| match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
    // The first year it may be open, before the known years are taken in.
    let first = opened.or(nb);
    let gone = match closure {
        Closure::YearUnknown => Some(as_of.or(first).unwrap_or(i32::MIN)),
        _ => None,
    };
    // Known open over [from, to] (`to` none: ever after).
    let known: Option<(i32, Option<i32>)> = match closure {
        Closure::InYear(c) => Some((
            opened.unwrap_or(earliest_of(by, Some(c)).unwrap_or(c)),
            Some(c),
        )),
        Closure::Open => opened.or(earliest_of(by, as_of)).map(|f| (f, as_of)),
        Closure::YearUnknown => opened
            .filter(|&o| gone.is_some_and(|g| o < g))
            .map(|o| (o, Some(o))),
    };
    let known = known.filter(|&(f, t)| t.is_none_or(|t| f <= t));
    // The breaks widen the known years.
    let known = match (breaks.first(), breaks.last(), known) {
        (Some(&(c1, _)), Some(&(_, rl)), Some((f, t))) => Some((f.min(c1), t.map(|t| t.max(rl)))),
        (Some(&(c1, _)), Some(&(_, rl)), None) => Some((c1, Some(rl))),
        _ => known,
    };
    let gone = match (gone, known) {
        (Some(g), Some((_, Some(t)))) if !breaks.is_empty() => Some(g.max(t + 1)),
        (g, _) => g,
    };
    let mut earliest = first.unwrap_or(i32::MIN);
    if let Some((f, _)) = known {
        earliest = earliest.min(f);
    }
    if let Closure::InYear(c) = closure {
        earliest = earliest.min(c);
    }
    if let Some(g) = gone
        && year >= g.max(earliest)
    {
        return TimelineState::ClosedYearUnknown;
    }
    match closure {
        Closure::InYear(c) if c < year => return TimelineState::Closed,
        Closure::InYear(c) if c == year => return TimelineState::Closing,
        _ => {}
    }
    for &(c, r) in breaks {
        if c < year && year < r {
            return TimelineState::Closed;
        }
        if c == year {
            return TimelineState::Closing;
        }
    }
    if year < earliest {
        return TimelineState::NotYetOpen;
    }
    match known {
        Some((f, t)) if f <= year && t.is_none_or(|t| year <= t) => TimelineState::Open,
        _ => TimelineState::MayBeOpen,
    }
}

pub fn state_of(m: &Mission, year: i32) -> TimelineState {
    let breaks: Vec<(i32, i32)> = m.breaks().iter().map(|b| (b.closed, b.reopened)).collect();
    state_periods(m.opened, m.closure, m.bounds(), &breaks, year)
}

/// Whether the filter lets `m` through, its timeline state aside.
pub fn passes_but_state(f: &Filter, m: &Mission) -> bool {
    // A permanent mission is to an organisation, named or not; the rest are bilateral.
    let org = match (m.organization.as_deref(), m.kind) {
        (Some(o), _) => o,
        (None, crate::model::MissionKind::PermanentMission) => {
            "an organisation its source does not name"
        }
        (None, _) => "",
    };
    if f.hidden_kinds.contains(&m.kind) || f.hidden_regions.contains(&m.region) {
        return false;
    }
    if !f.countries.is_empty() && !f.countries.iter().any(|c| c == &*m.country_code) {
        return false;
    }
    if !f.senders.is_empty() && !f.senders.iter().any(|s| s == &*m.sending_state) {
        return false;
    }
    if f.hidden_organizations.iter().any(|o| o == org) {
        return false;
    }
    if m.inbound && !f.show_inbound {
        return false;
    }
    TextMatcher::new(&f.text).matches(m)
}

/// Whether the filter shows `m` in `year`.
pub fn shown(f: &Filter, m: &Mission, year: i32) -> bool {
    !f.hidden_states.contains(&state_of(m, year)) && passes_but_state(f, m)
}

/// A cluster as the naive clusterer makes it.
#[derive(Debug, Clone, PartialEq)]
pub struct Cluster {
    /// The missions shown in the year, by number, sorted.
    pub members: Vec<u32>,
    pub by_state: StateCounts,
    /// Where it is drawn, as bits (lon, lat).
    pub at: (u64, u64),
    /// Its cells (column, row), in merge order.
    pub cells: Vec<(u32, u32)>,
}

/// Web Mercator x or y in 32-bit fixed point, as the index places missions.
fn fixed(v: f64) -> u32 {
    let v = (v * 4_294_967_296.0).floor();
    if v.is_nan() || v <= 0.0 {
        0
    } else if v >= 4_294_967_295.0 {
        u32::MAX
    } else {
        v as u32
    }
}

/// The cell's place on the Z-order curve (x in the even bits), bit by bit.
fn z_order(col: u32, row: u32) -> u64 {
    (0..32).fold(0u64, |z, b| {
        z | (u64::from((col >> b) & 1) << (2 * b)) | (u64::from((row >> b) & 1) << (2 * b + 1))
    })
}

struct Cell {
    col: u32,
    row: u32,
    missions: Vec<u32>,
    /// Sums of the fixed-point coordinates.
    sx: u64,
    sy: u64,
}

/// What the map shows for `v` in `year`, by the documented rule, the slow way: the grid
/// level is the zoom's whole part plus 3 (cells 32–64 px); each cell with missions
/// passing the filter (any year) is placed at their centroid; cells are taken with the
/// most such missions first (then along the curve) and each joins the first-made cluster
/// whose first cell lies within the radius (pixels at the level's whole zoom), else
/// starts one; a cluster is drawn when one of its cells touches the viewport and it shows
/// a mission in `year`. Clusters in the order they were made.
pub fn clusters(ms: &[Mission], f: &Filter, v: &Viewport, year: i32) -> Vec<Cluster> {
    let z = if v.zoom.is_finite() {
        v.zoom.max(0.0).floor() as u32
    } else {
        0
    };
    let level = (z + 3).min(24);
    let world = f64::from(1u32 << (level + 5));
    let radius = if v.radius.is_nan() {
        1e-9
    } else {
        v.radius.clamp(1e-9, 256.0)
    };
    let mut cells: BTreeMap<(u32, u32), Cell> = BTreeMap::new();
    for (i, m) in ms.iter().enumerate() {
        if !passes_but_state(f, m) {
            continue;
        }
        let (x, y) = (fixed(mercator_x(m.lon())), fixed(mercator_y(m.lat())));
        let (col, row) = (x >> (32 - level), y >> (32 - level));
        let c = cells.entry((col, row)).or_insert(Cell {
            col,
            row,
            missions: Vec::new(),
            sx: 0,
            sy: 0,
        });
        c.missions.push(i as u32);
        c.sx += u64::from(x);
        c.sy += u64::from(y);
    }
    let mut cells: Vec<Cell> = cells.into_values().collect();
    cells.sort_by_key(|c| (std::cmp::Reverse(c.missions.len()), z_order(c.col, c.row)));
    let place = |c: &Cell| {
        let t = c.missions.len() as f64;
        (
            c.sx as f64 / t / 4_294_967_296.0 * world,
            c.sy as f64 / t / 4_294_967_296.0 * world,
        )
    };
    // (first cell's place, the cells)
    let mut made: Vec<((f64, f64), Vec<usize>)> = Vec::new();
    for (k, c) in cells.iter().enumerate() {
        let (px, py) = place(c);
        let join = made.iter_mut().find(|((hx, hy), _)| {
            let (dx, dy) = (hx - px, hy - py);
            dx * dx + dy * dy <= radius * radius
        });
        match join {
            Some((_, members)) => members.push(k),
            None => made.push(((px, py), vec![k])),
        }
    }
    let size = 1.0 / f64::from(1u32 << level);
    let (vx0, vx1) = (v.x0.min(v.x1), v.x0.max(v.x1));
    let (vy0, vy1) = (v.y0.min(v.y1), v.y0.max(v.y1));
    let touches = |c: &Cell| {
        let (x0, y0) = (f64::from(c.col) * size, f64::from(c.row) * size);
        x0 <= vx1 && x0 + size >= vx0 && y0 <= vy1 && y0 + size >= vy0
    };
    let mut out = Vec::new();
    for (_, ks) in made {
        let mine: Vec<&Cell> = ks.iter().filter_map(|&k| cells.get(k)).collect();
        if !mine.iter().any(|c| touches(c)) {
            continue;
        }
        let mut members = Vec::new();
        let mut by_state = StateCounts::default();
        for &i in mine.iter().flat_map(|c| &c.missions) {
            let Some(m) = ms.get(i as usize) else {
                continue;
            };
            let s = state_of(m, year);
            if !f.hidden_states.contains(&s) {
                members.push(i);
                by_state[s] += 1;
            }
        }
        if members.is_empty() {
            continue;
        }
        members.sort_unstable();
        let (sx, sy, t) = mine.iter().fold((0.0, 0.0, 0.0), |(x, y, t), c| {
            (
                x + c.sx as f64,
                y + c.sy as f64,
                t + c.missions.len() as f64,
            )
        });
        let (x, y) = (sx / t / 4_294_967_296.0, sy / t / 4_294_967_296.0);
        out.push(Cluster {
            members,
            by_state,
            at: (
                (x * 360.0 - 180.0).to_bits(),
                inverse_mercator_y(y).to_bits(),
            ),
            cells: mine.iter().map(|c| (c.col, c.row)).collect(),
        });
    }
    out
}
