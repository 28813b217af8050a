//! Compact year codes: the years at which a mission's state changes as small numbers, the
//! timeline's facts about them at a year without branches, and listing the shown missions
//! of a year in one pass.

use super::*;

/// Year codes: the years at which a mission's state changes, "from this year on", as
/// [`timeline::Dates`] gives them; [`ALWAYS`] and [`NEVER`] stand for its extremes.
pub(super) const NEVER: i16 = i16::MAX;
pub(super) const ALWAYS: i16 = i16::MIN;

/// How many kinds of change year the per-year counts keep ([`Years::each_event`]): the
/// five of [`Years::events`], then the breaks' closures and reopenings.
pub(super) const EVENTS: usize = 7;
/// The kinds without breaks: the change years every mission has.
pub(super) const PLAIN_EVENTS: usize = 5;
/// The change years' places in [`Years::events`] and kinds of [`Years::each_event`].
pub(super) const EARLIEST: usize = 0;
pub(super) const KNOWN_FROM: usize = 1;
pub(super) const KNOWN_END: usize = 2;
pub(super) const CLOSED: usize = 3;
pub(super) const GONE: usize = 4;
/// A break's closure (closing in it, closed after it) …
pub(super) const BREAK_CLOSED: usize = 5;
/// … and its reopening (open again from it).
pub(super) const REOPENED: usize = 6;

/// The breaks of the missions that have any, as year codes, shared by the index and the
/// views laid out from it; a mission's [`Years::brk`] is its place here plus one.
#[derive(Debug, Clone, Default)]
pub(super) struct Breaks(std::sync::Arc<[BreakCodes]>);

/// One mission's breaks as (closed, reopened) year codes.
type BreakCodes = Box<[(i16, i16)]>;

impl Breaks {
    /// The breaks of every mission (as [`timeline::Periods`] keeps them), and each
    /// mission's years.
    pub(super) fn of(missions: &[Mission]) -> (Breaks, Vec<Years>) {
        let mut table = Vec::new();
        let years = missions
            .iter()
            .map(|m| {
                let p = timeline::Periods::of_mission(m);
                let mut y = Years::of_dates(&p.dates);
                if !p.breaks.is_empty() {
                    table.push(
                        p.breaks
                            .iter()
                            .map(|b| (code(b.closed), code(b.reopened)))
                            .collect(),
                    );
                    y.brk = to_u32(table.len());
                }
                y
            })
            .collect();
        (Breaks(table.into()), years)
    }

    /// The breaks of a mission with these years.
    #[inline]
    pub(super) fn of_years(&self, y: &Years) -> &[(i16, i16)] {
        match y.brk {
            0 => &[],
            k => self.0.get(k as usize - 1).map_or(&[], |b| b),
        }
    }

    /// Whether any mission has a break (the per-year counts then keep their kinds).
    pub(super) fn any(&self) -> bool {
        !self.0.is_empty()
    }
}

pub(super) fn clamp_year(y: i32) -> i16 {
    i16::try_from(y.clamp(i32::from(i16::MIN + 1), i32::from(i16::MAX - 1))).unwrap_or(0)
}

/// A year of [`timeline::Dates`] as a code: its extremes stay extremes.
fn code(y: i32) -> i16 {
    match y {
        timeline::Dates::ALWAYS => ALWAYS,
        timeline::Dates::NEVER => NEVER,
        y => clamp_year(y),
    }
}

/// A mission's years, coded compactly: [`timeline::Dates`] in `i16`s (clamped, so their
/// order, and with it the states, stay those of [`timeline::state_at`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Years {
    pub(super) earliest: i16,
    pub(super) known_from: i16,
    pub(super) known_end: i16,
    pub(super) closed: i16,
    pub(super) gone: i16,
    /// Its breaks' place in [`Breaks`] plus one; 0 for none (most missions).
    pub(super) brk: u32,
}

impl Years {
    /// [`Years::MISSING`] where a mission number was out of range, which a consistent
    /// index never asks for.
    pub(super) fn missing() -> Years {
        debug_assert!(false, "a mission number out of the index's range");
        Years::MISSING
    }

    /// A stand-in for a mission number out of range: counts as closed in an unknown year.
    pub(super) const MISSING: Years = Years {
        earliest: ALWAYS,
        known_from: NEVER,
        known_end: NEVER,
        closed: NEVER,
        gone: ALWAYS,
        brk: 0,
    };

    /// The years of these dates, without breaks ([`Breaks::of`] adds them).
    fn of_dates(d: &timeline::Dates) -> Years {
        Years {
            earliest: code(d.earliest),
            known_from: code(d.known_from),
            known_end: code(d.known_end),
            closed: code(d.closed),
            gone: code(d.gone),
            brk: 0,
        }
    }

    /// Each change year with its kind: the five of [`Years::events`] (save those that
    /// hold always or never), then its breaks'.
    #[inline]
    pub(super) fn each_event(self, breaks: &Breaks, mut f: impl FnMut(usize, i16)) {
        for (kind, e) in self.events().into_iter().enumerate() {
            if e != ALWAYS && e != NEVER {
                f(kind, e);
            }
        }
        for &(closed, reopened) in breaks.of_years(&self) {
            f(BREAK_CLOSED, closed);
            f(REOPENED, reopened);
        }
    }

    /// The year of the closure it is closed after at `y` (a break's, or its last), as
    /// [`timeline::Periods::closed_after`] tells it.
    pub(super) fn closed_after(self, y: i16, breaks: &Breaks) -> i16 {
        breaks
            .of_years(&self)
            .iter()
            .find(|&&(c, r)| c < y && y < r)
            .map_or(self.closed, |b| b.0)
    }

    /// The change years, in the order of [`EARLIEST`] … [`GONE`].
    #[inline]
    pub(super) fn events(self) -> [i16; PLAIN_EVENTS] {
        [
            self.earliest,
            self.known_from,
            self.known_end,
            self.closed,
            self.gone,
        ]
    }

    /// The [`timeline::facts`] of these years at `y`, as bits, without branches (the
    /// same test as [`timeline::Dates::facts`], on the codes).
    /// (The breaks, which few missions have, are looked up only for those.)
    #[inline]
    pub(super) fn facts(self, y: i16, breaks: &Breaks) -> usize {
        let plain = (usize::from(self.gone <= y) * facts::CLOSED_YEAR_UNKNOWN)
            | (usize::from(self.closed < y) * facts::CLOSED_BEFORE)
            | (usize::from(self.closed == y) * facts::CLOSING)
            | (usize::from(self.earliest > y) * facts::OPENS_AFTER)
            | (usize::from((self.known_from > y) | (self.known_end <= y)) * facts::NOT_KNOWN_OPEN);
        if self.brk == 0 {
            plain
        } else {
            let b = breaks.of_years(&self).iter();
            plain
                | timeline::break_facts(b.map(|&(c, r)| (i32::from(c), i32::from(r))), i32::from(y))
        }
    }

    /// The state at `y`, by the timeline's one rule.
    #[inline]
    pub(super) fn state(self, y: i16, breaks: &Breaks) -> TimelineState {
        TimelineState::from_facts(self.facts(y, breaks))
    }
}

/// For each value of [`Years::facts`], whether a mission with those facts is shown.
pub(super) fn shown_by_facts(shown: &PerState<bool>) -> [bool; facts::COMBINATIONS] {
    let mut t = [false; facts::COMBINATIONS];
    for (facts, slot) in t.iter_mut().enumerate() {
        *slot = shown[TimelineState::from_facts(facts)];
    }
    t
}

/// The missions shown at `y` among `len` listed ones: `mission(k)` for each `k` whose
/// `years[k]` and `fail[k]` pass. Written without a branch per mission (the shown ones
/// are scattered, so a branch would be mispredicted half the time).
pub(super) fn shown_among(
    len: usize,
    mission: impl Fn(usize) -> u32,
    (years, fail): (&[Years], &[u8]),
    breaks: &Breaks,
    shown: &PerState<bool>,
    y: i16,
) -> Vec<u32> {
    let table = shown_by_facts(shown);
    let mut out = vec![0u32; len];
    let mut n = 0;
    for k in 0..len {
        if let Some(slot) = out.get_mut(n) {
            *slot = mission(k);
        }
        let ok_year = years
            .get(k)
            .is_some_and(|yr| table.get(yr.facts(y, breaks)) == Some(&true));
        n += usize::from(ok_year & (fail.get(k) == Some(&0)));
    }
    out.truncate(n);
    // A list kept while the year stays: no room for the missions not shown.
    if n < len / 2 {
        out.shrink_to_fit();
    }
    out
}

/// Counts of missions per timeline state.
pub type StateCounts = PerState<u32>;
