//! Compact year codes: the years at which a mission's state changes as small numbers, the
//! timeline's facts about them at a year without branches, and listing the shown missions
//! of a year in one pass.

use super::*;

/// Year codes: the years at which a mission's state changes, "from this year on", as
/// [`timeline::Dates`] gives them; [`ALWAYS`] and [`NEVER`] stand for its extremes.
pub(super) const NEVER: i16 = i16::MAX;
pub(super) const ALWAYS: i16 = i16::MIN;

/// How many change years a mission has ([`Years::events`]).
pub(super) const EVENTS: usize = 5;
/// The change years' places in [`Years::events`].
pub(super) const EARLIEST: usize = 0;
pub(super) const KNOWN_FROM: usize = 1;
pub(super) const KNOWN_END: usize = 2;
pub(super) const CLOSED: usize = 3;
pub(super) const GONE: usize = 4;

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
    };

    pub(super) fn of(m: &Mission) -> Years {
        let d = timeline::Dates::of_mission(m);
        Years {
            earliest: code(d.earliest),
            known_from: code(d.known_from),
            known_end: code(d.known_end),
            closed: code(d.closed),
            gone: code(d.gone),
        }
    }

    /// The change years, in the order of [`EARLIEST`] … [`GONE`].
    #[inline]
    pub(super) fn events(self) -> [i16; EVENTS] {
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
    #[inline]
    pub(super) fn facts(self, y: i16) -> usize {
        (usize::from(self.gone <= y) * facts::CLOSED_YEAR_UNKNOWN)
            | (usize::from(self.closed < y) * facts::CLOSED_BEFORE)
            | (usize::from(self.closed == y) * facts::CLOSING)
            | (usize::from(self.earliest > y) * facts::OPENS_AFTER)
            | (usize::from((self.known_from > y) | (self.known_end <= y)) * facts::NOT_KNOWN_OPEN)
    }

    /// The state at `y`, by the timeline's one rule.
    #[inline]
    pub(super) fn state(self, y: i16) -> TimelineState {
        TimelineState::from_facts(self.facts(y))
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
            .is_some_and(|yr| table.get(yr.facts(y)) == Some(&true));
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
