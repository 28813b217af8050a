//! Timeline semantics: what state a mission is in at a given year. One rule,
//! [`TimelineState::from_facts`], decides it: [`state_at`] (the map, the panels, the
//! exporter) and the index's compact year codes both go through it, and [`PerState`]
//! holds one value per state wherever states are counted or hidden.

use crate::model::{Closure, Mission};

/// The first year on the timeline: the sending state's founding.
pub const FIRST_YEAR: i32 = 1948;

/// A mission's state in a given year. The discriminants are the states' slots in
/// [`PerState`] (and the order of [`TimelineState::ALL`]).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[repr(u8)]
pub enum TimelineState {
    /// Opened after this year.
    NotYetOpen = 0,
    /// Open during this year (and not closing in it).
    Open = 1,
    /// Closes in this year.
    Closing = 2,
    /// Closed in an earlier year.
    Closed = 3,
    /// Closed in a year nobody recorded; never given an invented year.
    ClosedYearUnknown = 4,
}

/// Facts about a mission's years at one year, as the bits of [`TimelineState::from_facts`].
pub mod facts {
    /// Closed in a year nobody recorded.
    pub const CLOSED_YEAR_UNKNOWN: usize = 8;
    /// Closed before the year.
    pub const CLOSED_BEFORE: usize = 4;
    /// Closes in the year.
    pub const CLOSING: usize = 2;
    /// Opens after the year.
    pub const OPENS_AFTER: usize = 1;
}

/// [`TimelineState::from_facts`] for every combination of the four facts. (Indexes below
/// are in bounds: `f < 16`.)
#[allow(clippy::indexing_slicing)]
const BY_FACTS: [TimelineState; 16] = {
    let mut t = [TimelineState::Open; 16];
    let mut f = 0;
    while f < 16 {
        t[f] = if f & facts::CLOSED_YEAR_UNKNOWN != 0 {
            TimelineState::ClosedYearUnknown
        } else if f & facts::CLOSED_BEFORE != 0 {
            TimelineState::Closed
        } else if f & facts::CLOSING != 0 {
            TimelineState::Closing
        } else if f & facts::OPENS_AFTER != 0 {
            TimelineState::NotYetOpen
        } else {
            TimelineState::Open
        };
        f += 1;
    }
    t
};

impl TimelineState {
    pub const ALL: [TimelineState; 5] = [
        TimelineState::NotYetOpen,
        TimelineState::Open,
        TimelineState::Closing,
        TimelineState::Closed,
        TimelineState::ClosedYearUnknown,
    ];

    /// The one rule of the timeline: the state of a mission given which of the [`facts`]
    /// hold (bits; other bits are ignored). An unknown closure year wins, then a closure
    /// before the year, then one in it; otherwise the mission is open unless it opens later.
    #[inline]
    #[allow(clippy::indexing_slicing)] // `bits & 15` < 16, the table's length
    pub fn from_facts(bits: usize) -> TimelineState {
        BY_FACTS[bits & 15]
    }

    /// The state's slot in a [`PerState`].
    #[inline]
    pub fn slot(self) -> usize {
        self as usize
    }

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

/// One value per timeline state, indexed by the state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct PerState<T>(pub [T; 5]);

impl<T> std::ops::Index<TimelineState> for PerState<T> {
    type Output = T;
    #[inline]
    fn index(&self, s: TimelineState) -> &T {
        // The array has a slot for every discriminant.
        #[allow(clippy::indexing_slicing)]
        &self.0[s.slot()]
    }
}

impl<T> std::ops::IndexMut<TimelineState> for PerState<T> {
    #[inline]
    fn index_mut(&mut self, s: TimelineState) -> &mut T {
        #[allow(clippy::indexing_slicing)]
        &mut self.0[s.slot()]
    }
}

impl<T: Copy> PerState<T> {
    /// Each state with its value, in the order of [`TimelineState::ALL`].
    pub fn iter(&self) -> impl Iterator<Item = (TimelineState, T)> + '_ {
        TimelineState::ALL.into_iter().zip(self.0.iter().copied())
    }

    pub fn map<U>(&self, f: impl Fn(T) -> U) -> PerState<U> {
        PerState(self.0.map(f))
    }
}

impl std::ops::AddAssign for PerState<u32> {
    fn add_assign(&mut self, o: PerState<u32>) {
        for (a, b) in self.0.iter_mut().zip(o.0) {
            *a += b;
        }
    }
}

impl PerState<u32> {
    /// The sum over the states for which `shown` is true.
    pub fn sum_where(&self, shown: &PerState<bool>) -> u32 {
        self.0
            .iter()
            .zip(shown.0)
            .filter(|(_, s)| *s)
            .map(|(n, _)| n)
            .sum()
    }

    pub fn total(&self) -> u32 {
        self.0.iter().sum()
    }
}

/// The state of a mission with these opening and closure facts at `year`.
pub fn state(opened: Option<i32>, closure: Closure, year: i32) -> TimelineState {
    let closed = closure.year();
    let bits = if closure == Closure::YearUnknown {
        facts::CLOSED_YEAR_UNKNOWN
    } else {
        0
    } | closed.map_or(0, |c| {
        usize::from(c < year) * facts::CLOSED_BEFORE + usize::from(c == year) * facts::CLOSING
    }) | opened.map_or(0, |o| usize::from(o > year) * facts::OPENS_AFTER);
    TimelineState::from_facts(bits)
}

/// The state of `mission` at `year`.
pub fn state_at(mission: &Mission, year: i32) -> TimelineState {
    state(mission.opened, mission.closure, year)
}

/// The mission's status in `year` as the list's Status column shows it: "open", "closing
/// 1998", "closed 1976", "not yet open", "closed, year ?". Sorted as text, these put the
/// states in the order of their [`TimelineState::label`]s, closures by year.
pub fn short_status(m: &Mission, year: i32) -> String {
    match (state_at(m, year), m.closure) {
        (TimelineState::Open, _) => "open".to_owned(),
        (TimelineState::Closing, _) => format!("closing {year}"),
        (TimelineState::Closed, Closure::InYear(y)) => format!("closed {y}"),
        (TimelineState::NotYetOpen, _) => "not yet open".to_owned(),
        _ => "closed, year ?".to_owned(),
    }
}

/// Counts of missions per state at one year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct YearSummary {
    pub year: i32,
    pub counts: PerState<usize>,
}

impl YearSummary {
    pub fn add(&mut self, state: TimelineState) {
        self.counts[state] += 1;
    }

    pub fn get(&self, state: TimelineState) -> usize {
        self.counts[state]
    }

    /// "1998: 52 open, 11 closing this year, 9 closed earlier".
    pub fn sentence(&self) -> String {
        use TimelineState::*;
        let c = &self.counts;
        let mut s = format!(
            "{}: {} open, {} closing this year, {} closed earlier",
            self.year, c[Open], c[Closing], c[Closed]
        );
        if c[ClosedYearUnknown] > 0 {
            s.push_str(&format!(", {} closed (year unknown)", c[ClosedYearUnknown]));
        }
        if c[NotYetOpen] > 0 {
            s.push_str(&format!(", {} not yet open", c[NotYetOpen]));
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

    /// The rule as plain branches, as the timeline was first written.
    fn plain(opened: Option<i32>, closure: Closure, year: i32) -> TimelineState {
        if closure == Closure::YearUnknown {
            return ClosedYearUnknown;
        }
        if let Some(closed) = closure.year() {
            if closed < year {
                return Closed;
            }
            if closed == year {
                return Closing;
            }
        }
        match opened {
            Some(o) if o > year => NotYetOpen,
            _ => Open,
        }
    }

    #[test]
    fn the_facts_table_agrees_with_plain_branches() {
        for year in 1990..2000 {
            for opened in [None, Some(1990), Some(1994), Some(1995), Some(1999)] {
                for closure in [
                    Closure::Open,
                    Closure::YearUnknown,
                    Closure::InYear(1990),
                    Closure::InYear(1995),
                    Closure::InYear(1999),
                ] {
                    assert_eq!(state(opened, closure, year), plain(opened, closure, year));
                }
            }
        }
        for (k, s) in TimelineState::ALL.iter().enumerate() {
            assert_eq!(s.slot(), k);
        }
    }

    #[test]
    fn each_state_has_its_words_and_slot() {
        let words: Vec<(&str, &str)> = TimelineState::ALL
            .iter()
            .map(|s| (s.as_str(), s.label()))
            .collect();
        assert_eq!(
            words,
            [
                ("not_yet_open", "not yet open"),
                ("open", "open"),
                ("closing", "closing this year"),
                ("closed", "closed earlier"),
                ("closed_year_unknown", "closed, year unknown"),
            ]
        );
        let counts = PerState([5u32, 4, 3, 2, 1]);
        let listed: Vec<(TimelineState, u32)> = counts.iter().collect();
        assert_eq!(
            listed,
            TimelineState::ALL
                .into_iter()
                .zip([5, 4, 3, 2, 1])
                .collect::<Vec<_>>()
        );
        assert_eq!(counts.map(|n| n * 2), PerState([10, 8, 6, 4, 2]));
        let mut sum = counts;
        sum += PerState([1, 1, 1, 1, 1]);
        assert_eq!(sum, PerState([6, 5, 4, 3, 2]));
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
