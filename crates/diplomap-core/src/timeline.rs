//! Timeline semantics: what state a mission is in at a given year. One function,
//! [`state_at`], is used by the map, the panels, the counts and the exporter.

use crate::model::{Closure, Mission};

/// The first year on the timeline: the sending state's founding.
pub const FIRST_YEAR: i32 = 1948;

/// A mission's state in a given year.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum TimelineState {
    /// Opened after this year.
    NotYetOpen,
    /// Open during this year (and not closing in it).
    Open,
    /// Closes in this year.
    Closing,
    /// Closed in an earlier year.
    Closed,
    /// Closed in a year nobody recorded; never given an invented year.
    ClosedYearUnknown,
}

impl TimelineState {
    pub const ALL: [TimelineState; 5] = [
        TimelineState::NotYetOpen,
        TimelineState::Open,
        TimelineState::Closing,
        TimelineState::Closed,
        TimelineState::ClosedYearUnknown,
    ];

    /// The word used in exports (`timeline` column).
    pub fn as_str(self) -> &'static str {
        match self {
            TimelineState::NotYetOpen => "not_yet_open",
            TimelineState::Open => "open",
            TimelineState::Closing => "closing",
            TimelineState::Closed => "closed",
            TimelineState::ClosedYearUnknown => "closed_year_unknown",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            TimelineState::NotYetOpen => "not yet open",
            TimelineState::Open => "open",
            TimelineState::Closing => "closing this year",
            TimelineState::Closed => "closed earlier",
            TimelineState::ClosedYearUnknown => "closed, year unknown",
        }
    }

    /// Open or closing: the mission operated during the year.
    pub fn is_active(self) -> bool {
        matches!(self, TimelineState::Open | TimelineState::Closing)
    }
}

/// The state of a mission with these opening and closure facts at `year`.
pub fn state(opened: Option<i32>, closure: Closure, year: i32) -> TimelineState {
    if closure == Closure::YearUnknown {
        return TimelineState::ClosedYearUnknown;
    }
    if let Some(closed) = closure.year() {
        if closed < year {
            return TimelineState::Closed;
        }
        if closed == year {
            return TimelineState::Closing;
        }
    }
    match opened {
        Some(o) if o > year => TimelineState::NotYetOpen,
        _ => TimelineState::Open,
    }
}

/// The state of `mission` at `year`.
pub fn state_at(mission: &Mission, year: i32) -> TimelineState {
    state(mission.opened, mission.closure, year)
}

/// Counts of missions per state at one year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct YearSummary {
    pub year: i32,
    pub not_yet_open: usize,
    pub open: usize,
    pub closing: usize,
    pub closed: usize,
    pub closed_year_unknown: usize,
}

impl YearSummary {
    pub fn add(&mut self, state: TimelineState) {
        match state {
            TimelineState::NotYetOpen => self.not_yet_open += 1,
            TimelineState::Open => self.open += 1,
            TimelineState::Closing => self.closing += 1,
            TimelineState::Closed => self.closed += 1,
            TimelineState::ClosedYearUnknown => self.closed_year_unknown += 1,
        }
    }

    pub fn get(&self, state: TimelineState) -> usize {
        match state {
            TimelineState::NotYetOpen => self.not_yet_open,
            TimelineState::Open => self.open,
            TimelineState::Closing => self.closing,
            TimelineState::Closed => self.closed,
            TimelineState::ClosedYearUnknown => self.closed_year_unknown,
        }
    }

    /// "1998: 52 open, 11 closing this year, 9 closed earlier".
    pub fn sentence(&self) -> String {
        let mut s = format!(
            "{}: {} open, {} closing this year, {} closed earlier",
            self.year, self.open, self.closing, self.closed
        );
        if self.closed_year_unknown > 0 {
            s.push_str(&format!(
                ", {} closed (year unknown)",
                self.closed_year_unknown
            ));
        }
        if self.not_yet_open > 0 {
            s.push_str(&format!(", {} not yet open", self.not_yet_open));
        }
        s
    }
}

/// Closures per year over `[from, to]`, for the chart under the slider.
pub fn closures_per_year<'a>(
    missions: impl IntoIterator<Item = &'a Mission>,
    from: i32,
    to: i32,
) -> Vec<(i32, usize)> {
    let len = usize::try_from(to - from + 1).unwrap_or(0);
    let mut counts = vec![0usize; len];
    for m in missions {
        if let Some(y) = m.closure.year()
            && y >= from
            && y <= to
            && let Ok(i) = usize::try_from(y - from)
            && let Some(c) = counts.get_mut(i)
        {
            *c += 1;
        }
    }
    (from..=to).zip(counts).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use TimelineState::*;

    #[test]
    fn open_mission_with_unknown_opening_is_open_every_year() {
        for y in [FIRST_YEAR, 1990, 2026] {
            assert_eq!(state(None, Closure::Open, y), Open);
        }
    }

    #[test]
    fn closing_year_is_its_own_state() {
        let c = Closure::InYear(1998);
        assert_eq!(state(None, c, 1997), Open);
        assert_eq!(state(None, c, 1998), Closing);
        assert_eq!(state(None, c, 1999), Closed);
        assert_eq!(state(None, c, 2026), Closed);
    }

    #[test]
    fn opening_year_is_respected() {
        // Madrid: opened 2013, closed 2023.
        let c = Closure::InYear(2023);
        assert_eq!(state(Some(2013), c, 2012), NotYetOpen);
        assert_eq!(state(Some(2013), c, 2013), Open);
        assert_eq!(state(Some(2013), c, 2022), Open);
        assert_eq!(state(Some(2013), c, 2023), Closing);
        assert_eq!(state(Some(2013), c, 2024), Closed);
        // Opened and closed in the same year: it was closing in that year.
        assert_eq!(state(Some(2000), Closure::InYear(2000), 2000), Closing);
    }

    #[test]
    fn unknown_closure_year_is_never_invented() {
        for y in [FIRST_YEAR, 1975, 2000, 2026] {
            assert_eq!(state(None, Closure::YearUnknown, y), ClosedYearUnknown);
            assert!(!state(None, Closure::YearUnknown, y).is_active());
        }
    }

    #[test]
    fn summary_sentence_reads_well() {
        let mut s = YearSummary {
            year: 1998,
            ..Default::default()
        };
        for st in [Open, Open, Closing, Closed, ClosedYearUnknown] {
            s.add(st);
        }
        assert_eq!(
            s.sentence(),
            "1998: 2 open, 1 closing this year, 1 closed earlier, 1 closed (year unknown)"
        );
        assert_eq!(s.get(Open), 2);
    }
}
