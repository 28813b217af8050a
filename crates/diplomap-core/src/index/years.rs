//! Compact year codes: a mission's opening and closing as two small numbers, the
//! timeline's facts about them at a year without branches, and listing the shown missions
//! of a year in one pass.

use super::*;

/// Year codes: an unknown opening counts as "always open"; closure codes below.
pub(super) const OPEN: i16 = i16::MAX;
pub(super) const UNKNOWN: i16 = i16::MIN;
/// An opening year nobody recorded: open from the start of the timeline.
pub(super) const NO_OPENING: i16 = i16::MIN;

pub(super) fn clamp_year(y: i32) -> i16 {
    i16::try_from(y.clamp(i32::from(i16::MIN + 1), i32::from(i16::MAX - 1))).unwrap_or(0)
}

/// A mission's years, coded compactly. The opening is never after the closing (a file
/// that says so is rejected; here the earlier year is used so that the states stay those
/// of [`timeline::state`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Years {
    pub(super) opened: i16,
    pub(super) closed: i16,
}

impl Years {
    /// A stand-in for a mission number out of range (never, in a consistent index):
    /// counts as closed in an unknown year.
    /// [`Years::MISSING`] where a mission number was out of range, which a consistent
    /// index never asks for.
    pub(super) fn missing() -> Years {
        debug_assert!(false, "a mission number out of the index's range");
        Years::MISSING
    }

    pub(super) const MISSING: Years = Years {
        opened: 0,
        closed: UNKNOWN,
    };

    pub(super) fn of(m: &Mission) -> Years {
        let closed = match m.closure {
            Closure::Open => OPEN,
            Closure::InYear(y) => clamp_year(y),
            Closure::YearUnknown => UNKNOWN,
        };
        let opened = match (m.opened, m.closure) {
            (None, _) => NO_OPENING,
            (Some(o), Closure::InYear(c)) => clamp_year(o.min(c)),
            (Some(o), _) => clamp_year(o),
        };
        Years { opened, closed }
    }

    /// The [`timeline::facts`] of these years at `y`, as bits, without branches.
    #[inline]
    pub(super) fn facts(self, y: i16) -> usize {
        (usize::from(self.closed == UNKNOWN) * facts::CLOSED_YEAR_UNKNOWN)
            | (usize::from(self.closed < y) * facts::CLOSED_BEFORE)
            | (usize::from(self.closed == y) * facts::CLOSING)
            | (usize::from(self.opened > y) * facts::OPENS_AFTER)
    }

    /// The state at `y`, by the timeline's one rule.
    #[inline]
    pub(super) fn state(self, y: i16) -> TimelineState {
        TimelineState::from_facts(self.facts(y))
    }
}

/// For each value of [`Years::facts`], whether a mission with those facts is shown.
pub(super) fn shown_by_facts(shown: &PerState<bool>) -> [bool; 16] {
    let mut t = [false; 16];
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
