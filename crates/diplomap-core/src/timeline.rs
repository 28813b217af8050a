//! Timeline semantics: what state a mission is in at a given year. One rule,
//! [`TimelineState::from_facts`], decides it: [`state_at`] (the map, the panels, the
//! exporter) and the index's compact year codes both go through it, and [`PerState`]
//! holds one value per state wherever states are counted or hidden.
//!
//! A date nobody recorded is never filled in. A mission's years are its recorded ones
//! (opening, closure) and, where those are missing, bounds with their reasons
//! ([`TimeBounds`]): it cannot have opened before the sending state existed, it was open
//! by the year a source shows it open. Between what is ruled out and what is known, a
//! mission *may be open* ([`TimelineState::MayBeOpen`]), a state of its own. [`Dates`]
//! turns the facts into the five years at which the state can change.

use crate::model::{Closure, Mission, Text};

/// The first year on the timeline: the sending state's founding.
pub const FIRST_YEAR: i32 = 1948;

/// A mission's state in a given year. The discriminants are the states' slots in
/// [`PerState`] (and the order of [`TimelineState::ALL`]).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[repr(u8)]
pub enum TimelineState {
    /// Opened after this year, or the evidence rules this year out (the sending state did
    /// not exist yet).
    NotYetOpen = 0,
    /// Known open during this year (and not closing in it).
    Open = 1,
    /// Closes in this year.
    Closing = 2,
    /// Closed in an earlier year.
    Closed = 3,
    /// Closed in a year nobody recorded; never given an invented year.
    ClosedYearUnknown = 4,
    /// Nothing rules this year out and no source shows the mission open in it: its
    /// opening (or, after the data set's date, its closure) was not recorded.
    MayBeOpen = 5,
}

/// Facts about a mission's years at one year, as the bits of [`TimelineState::from_facts`].
pub mod facts {
    /// Closed in a year nobody recorded, and known to be closed by this year.
    pub const CLOSED_YEAR_UNKNOWN: usize = 8;
    /// Closed before the year.
    pub const CLOSED_BEFORE: usize = 4;
    /// Closes in the year.
    pub const CLOSING: usize = 2;
    /// Opens after the year, or the year is ruled out.
    pub const OPENS_AFTER: usize = 1;
    /// No source shows the mission open in the year.
    pub const NOT_KNOWN_OPEN: usize = 16;
    /// The number of combinations.
    pub const COMBINATIONS: usize = 32;
}

/// [`TimelineState::from_facts`] for every combination of the facts. (Indexes below are in
/// bounds: `f < 32`.)
#[allow(clippy::indexing_slicing)]
const BY_FACTS: [TimelineState; facts::COMBINATIONS] = {
    let mut t = [TimelineState::Open; facts::COMBINATIONS];
    let mut f = 0;
    while f < facts::COMBINATIONS {
        t[f] = if f & facts::CLOSED_YEAR_UNKNOWN != 0 {
            TimelineState::ClosedYearUnknown
        } else if f & facts::CLOSED_BEFORE != 0 {
            TimelineState::Closed
        } else if f & facts::CLOSING != 0 {
            TimelineState::Closing
        } else if f & facts::OPENS_AFTER != 0 {
            TimelineState::NotYetOpen
        } else if f & facts::NOT_KNOWN_OPEN != 0 {
            TimelineState::MayBeOpen
        } else {
            TimelineState::Open
        };
        f += 1;
    }
    t
};

impl TimelineState {
    pub const ALL: [TimelineState; 6] = [
        TimelineState::NotYetOpen,
        TimelineState::Open,
        TimelineState::Closing,
        TimelineState::Closed,
        TimelineState::ClosedYearUnknown,
        TimelineState::MayBeOpen,
    ];

    /// The one rule of the timeline: the state of a mission given which of the [`facts`]
    /// hold (bits; other bits are ignored). A closure known by the year wins (unknown
    /// year, then before the year, then in it); then a year ruled out; then a year no
    /// source shows it open in; otherwise it is open.
    #[inline]
    #[allow(clippy::indexing_slicing)] // `bits & 31` < 32, the table's length
    pub fn from_facts(bits: usize) -> TimelineState {
        BY_FACTS[bits & (facts::COMBINATIONS - 1)]
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
            TimelineState::MayBeOpen => "may-be-open",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            TimelineState::NotYetOpen => "not yet open",
            TimelineState::Open => "open",
            TimelineState::Closing => "closing this year",
            TimelineState::Closed => "closed earlier",
            TimelineState::ClosedYearUnknown => "closed, year unknown",
            TimelineState::MayBeOpen => "may be open",
        }
    }

    /// Open or closing: the mission is known to have operated during the year.
    pub fn is_active(self) -> bool {
        matches!(self, TimelineState::Open | TimelineState::Closing)
    }

    /// Known or possibly operating during the year: drawn on the map (the may-be-open
    /// ones differently).
    pub fn may_be_active(self) -> bool {
        self.is_active() || self == TimelineState::MayBeOpen
    }
}

/// One value per timeline state, indexed by the state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct PerState<T>(pub [T; 6]);

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

/// A year bounding a date nobody recorded, with its reason and source ("Namibia's
/// independence (COW state system v2016)").
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Bound {
    pub year: i32,
    pub why: Text,
}

impl Bound {
    pub fn new(year: i32, why: impl Into<Text>) -> Bound {
        Bound {
            year,
            why: why.into(),
        }
    }
}

/// What bounds a mission's unrecorded dates. Derived from the evidence tables and the
/// data set's date ([`crate::evidence`]) or read from a file that states them.
#[derive(Debug, Clone, PartialEq, Eq, Default, Hash)]
pub struct TimeBounds {
    /// It cannot have opened before this year (its opening was not recorded).
    pub opened_not_before: Option<Bound>,
    /// It was open by this year: the earliest year a source shows it open (its closure,
    /// the data set's date).
    pub opened_by: Option<Bound>,
    /// The data set's date: the last year its source shows the mission (open, or
    /// closed in a year nobody recorded). After it, an open mission may have closed.
    pub as_of: Option<Bound>,
    /// A year a source shows the mission open (a snapshot that lists it), as its file
    /// states it: one of the facts [`TimeBounds::opened_by`] is the earliest of.
    pub seen_open: Option<Bound>,
    /// The recorded opening is one no reading can hold (before the tables begin, and
    /// contradicted by them): reported, and not drawn.
    pub opening_ruled_out: bool,
}

impl TimeBounds {
    pub fn is_empty(&self) -> bool {
        self.opened_not_before.is_none()
            && self.opened_by.is_none()
            && self.as_of.is_none()
            && self.seen_open.is_none()
            && !self.opening_ruled_out
    }
}

/// A recorded interruption of a mission: it closed in `closed` and reopened in
/// `reopened` (Canberra: closed 1975, reopened 2002). A mission's periods are its opening
/// to its first break's closure, each reopening to the next closure, and the last
/// reopening to its closure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Break {
    pub closed: i32,
    pub reopened: i32,
}

impl Break {
    /// "1975-2002": how exports and tables write a break (several joined by "; ").
    pub fn text(breaks: &[Break]) -> String {
        breaks
            .iter()
            .map(|b| format!("{}-{}", b.closed, b.reopened))
            .collect::<Vec<_>>()
            .join("; ")
    }

    /// Reads [`Break::text`]'s form ("1975-2002; 2010-2012"; an empty text is none).
    pub fn parse_text(s: &str) -> Result<Vec<Break>, String> {
        let mut out = Vec::new();
        for part in s.split(';').map(str::trim).filter(|p| !p.is_empty()) {
            let year = |t: &str| t.trim().parse::<i32>().ok();
            match part.split_once('-').map(|(a, b)| (year(a), year(b))) {
                Some((Some(closed), Some(reopened))) => out.push(Break { closed, reopened }),
                _ => {
                    return Err(format!(
                        "expected the year it closed and the year it reopened, like \"1975-2002\", found \"{part}\""
                    ));
                }
            }
        }
        Ok(out)
    }

    /// Why these breaks cannot be a mission's with these facts: each reopens after it
    /// closed, they follow one another, and they lie between its recorded opening and
    /// its recorded closure. `None` when they can.
    pub fn problem(opened: Option<i32>, closure: Closure, breaks: &[Break]) -> Option<String> {
        let mut after = opened;
        for b in breaks {
            if b.reopened <= b.closed {
                return Some(format!(
                    "a break must reopen after the year it closed: {}-{}",
                    b.closed, b.reopened
                ));
            }
            if let Some(a) = after
                && b.closed < a
            {
                return Some(match opened {
                    Some(o) if a == o && breaks.first() == Some(b) => format!(
                        "the break {}-{} closes before the mission opened ({o})",
                        b.closed, b.reopened
                    ),
                    _ => format!(
                        "breaks must be in order, each closing after the last reopened: {}",
                        Break::text(breaks)
                    ),
                });
            }
            after = Some(b.reopened);
        }
        match (breaks.last(), closure) {
            (Some(b), Closure::InYear(c)) if b.reopened > c => Some(format!(
                "the break {}-{} reopens after the mission's closure ({c})",
                b.closed, b.reopened
            )),
            (Some(_), Closure::Open | Closure::InYear(_) | Closure::YearUnknown) | (None, _) => {
                None
            }
        }
    }
}

/// The [`facts`] a mission's breaks add at `y`: closing in a break's first year, closed
/// until it reopens. (Pairs of years, so the index's compact codes use the same rule.)
#[inline]
pub fn break_facts(breaks: impl IntoIterator<Item = (i32, i32)>, y: i32) -> usize {
    let mut f = 0;
    for (closed, reopened) in breaks {
        f |= (usize::from(closed == y) * facts::CLOSING)
            | (usize::from(closed < y && y < reopened) * facts::CLOSED_BEFORE);
    }
    f
}

/// A mission's [`Dates`] and its breaks: everything [`TimelineState::from_facts`] is
/// asked about. Breaks that [`Break::problem`] rejects (no reader makes such a mission)
/// are left out, as a whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Periods<'a> {
    pub dates: Dates,
    pub breaks: &'a [Break],
}

impl<'a> Periods<'a> {
    pub fn of(
        opened: Option<i32>,
        closure: Closure,
        bounds: Option<&TimeBounds>,
        breaks: &'a [Break],
    ) -> Periods<'a> {
        let breaks = if Break::problem(opened, closure, breaks).is_none() {
            breaks
        } else {
            &[]
        };
        Periods {
            dates: Dates::of_with_breaks(opened, closure, bounds, breaks),
            breaks,
        }
    }

    pub fn of_mission(m: &'a Mission) -> Periods<'a> {
        Periods::of(m.opened, m.closure, m.bounds(), m.breaks())
    }

    /// The [`facts`] at `y`, as bits.
    #[inline]
    pub fn facts(&self, y: i32) -> usize {
        let y = Dates::clamp(y);
        self.dates.facts(y)
            | break_facts(
                self.breaks
                    .iter()
                    .map(|b| (Dates::clamp(b.closed), Dates::clamp(b.reopened))),
                y,
            )
    }

    pub fn state(&self, y: i32) -> TimelineState {
        TimelineState::from_facts(self.facts(y))
    }

    /// The year of the closure it stands closed after at `y`: a break's it is in, else
    /// its recorded closure (the list shows it: "closed 1975, reopens 2002").
    pub fn closed_after(&self, y: i32) -> Option<i32> {
        self.break_at(y)
            .map(|b| b.closed)
            .or((self.dates.closed != Dates::NEVER).then_some(self.dates.closed))
    }

    /// The years it closed, in order: its breaks', then its recorded closure.
    pub fn closures(&self) -> impl Iterator<Item = i32> + '_ {
        let last = (self.dates.closed != Dates::NEVER).then_some(self.dates.closed);
        self.breaks.iter().map(|b| b.closed).chain(last)
    }

    /// The break it stands closed in at `y`, if any.
    pub fn break_at(&self, y: i32) -> Option<Break> {
        self.breaks
            .iter()
            .find(|b| b.closed < y && y < b.reopened)
            .copied()
    }
}

/// The list's Opened cell: the recorded year; else the bound the evidence gives, marked
/// with a question mark ("≥1962?": not before 1962; "≤2024?": open by 2024, no earlier
/// bound); else "?". Never a year no source gives as the opening. The whole reasoning is
/// `evidence::opened_text`, shown on hover and in the details.
pub fn opened_cell(m: &Mission) -> String {
    if let Some(y) = m.opened {
        return y.to_string();
    }
    let d = Dates::of_mission(m);
    if d.earliest != Dates::ALWAYS {
        format!("≥{}?", d.earliest)
    } else if d.known_from != Dates::NEVER {
        format!("≤{}?", d.known_from)
    } else {
        "?".to_owned()
    }
}

/// The list's Closed cell: the recorded year (the first closure, for a mission that
/// reopened); "?" for a closure nobody dated, with the year it is known closed by when
/// the evidence gives one ("≤2010?"); empty while open.
pub fn closed_cell(m: &Mission) -> String {
    match m.closure {
        Closure::InYear(y) => Periods::of_mission(m)
            .closures()
            .next()
            .unwrap_or(y)
            .to_string(),
        Closure::YearUnknown => {
            let d = Dates::of_mission(m);
            if d.gone != Dates::NEVER && d.gone != Dates::ALWAYS {
                format!("≤{}?", d.gone)
            } else {
                "?".to_owned()
            }
        }
        Closure::Open => String::new(),
    }
}

/// The order of the Opened column: the recorded year, else the earliest the evidence
/// allows (a bound sorts after a recorded year of the same number); none last.
pub fn opened_sort_key(m: &Mission) -> u64 {
    let d = Dates::of_mission(m);
    let (year, bound) = match m.opened {
        Some(y) => (y, 0),
        None if d.earliest != Dates::ALWAYS => (d.earliest, 1),
        None => return u64::MAX,
    };
    (u64::from(year.wrapping_sub(i32::MIN) as u32) << 1) | bound
}

/// The order of the Closed column: the first closure's year, then the undated closures,
/// then the missions still open.
pub fn closed_sort_key(m: &Mission) -> u64 {
    match m.closure {
        Closure::InYear(y) => {
            let y = Periods::of_mission(m).closures().next().unwrap_or(y);
            u64::from(y.wrapping_sub(i32::MIN) as u32)
        }
        Closure::YearUnknown => u64::MAX - 1,
        Closure::Open => u64::MAX,
    }
}

/// The years at which a mission's state changes, each "from this year on" (`i32::MIN`:
/// always; `i32::MAX`: never). Made from the facts by [`Dates::of`], the one place that
/// reads them; [`Dates::facts`] then gives the bits of [`TimelineState::from_facts`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dates {
    /// The earliest year it may be open: its recorded opening, else the bound.
    pub earliest: i32,
    /// The first year a source shows it open.
    pub known_from: i32,
    /// The first year after the last one a source shows it open.
    pub known_end: i32,
    /// Its recorded closure year.
    pub closed: i32,
    /// Closed in a year nobody recorded: known closed from this year.
    pub gone: i32,
}

impl Dates {
    pub const NEVER: i32 = i32::MAX;
    pub const ALWAYS: i32 = i32::MIN;

    /// The dates of a mission with these facts. A recorded year outranks a bound; the
    /// years are kept in order (`earliest <= known_from < known_end <= closed + 1`,
    /// `known_end <= gone`, `earliest <= gone`) so that the states follow one another.
    pub fn of(opened: Option<i32>, closure: Closure, bounds: Option<&TimeBounds>) -> Dates {
        Dates::of_with_breaks(opened, closure, bounds, &[])
    }

    /// [`Dates::of`] for a mission with recorded breaks (which [`Break::problem`] finds
    /// none in): the years they name are years a source shows it open (a break's first,
    /// a reopening), so the known-open years reach them.
    pub fn of_with_breaks(
        opened: Option<i32>,
        closure: Closure,
        bounds: Option<&TimeBounds>,
        breaks: &[Break],
    ) -> Dates {
        // Years stay clear of the two extremes, which stand for "always" and "never".
        let year =
            |b: Option<&Option<Bound>>| b.and_then(|b| b.as_ref()).map(|b| Self::clamp(b.year));
        let opened = opened.map(Self::clamp);
        let not_before = year(bounds.map(|b| &b.opened_not_before));
        let by = year(bounds.map(|b| &b.opened_by));
        let as_of = year(bounds.map(|b| &b.as_of));
        let opened = opened.filter(|_| !bounds.is_some_and(|b| b.opening_ruled_out));
        let closed = closure.year().map(Self::clamp);
        // An opening after the closure (which a file may not hold) counts from the closure.
        let opened = match (opened, closed) {
            (Some(o), Some(c)) => Some(o.min(c)),
            (o, _) => o,
        };
        let min = |a: Option<i32>, b: Option<i32>| match (a, b) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        let mut d = Dates {
            earliest: opened.or(not_before).unwrap_or(Self::ALWAYS),
            known_from: Self::NEVER,
            known_end: Self::NEVER,
            closed: closed.unwrap_or(Self::NEVER),
            gone: Self::NEVER,
        };
        match closure {
            Closure::InYear(_) => {
                let c = d.closed;
                d.known_from = opened.unwrap_or_else(|| min(by, Some(c)).unwrap_or(c));
                d.known_end = c.saturating_add(1);
            }
            Closure::Open => {
                if let Some(k) = opened.or(min(by, as_of)) {
                    d.known_from = k;
                    d.known_end = as_of.map_or(Self::NEVER, |a| a.saturating_add(1));
                }
            }
            Closure::YearUnknown => {
                // Known closed by the data set's date; without one, from the first year
                // it may have been open.
                d.gone = as_of.unwrap_or(d.earliest);
                if let Some(o) = opened {
                    d.known_from = o;
                    d.known_end = o.saturating_add(1).min(d.gone);
                }
            }
        }
        if d.known_from >= d.known_end {
            d.known_from = Self::NEVER;
            d.known_end = Self::NEVER;
        }
        if let (Some(first), Some(last)) = (breaks.first(), breaks.last()) {
            let reopened_end = Self::clamp(last.reopened).saturating_add(1);
            if d.known_from == Self::NEVER {
                d.known_end = reopened_end;
            } else if d.known_end != Self::NEVER {
                d.known_end = d.known_end.max(reopened_end);
            }
            d.known_from = d.known_from.min(Self::clamp(first.closed));
            if d.gone != Self::NEVER {
                d.gone = d.gone.max(d.known_end);
            }
        }
        d.earliest = d.earliest.min(d.known_from).min(d.closed);
        d.gone = d.gone.max(d.earliest);
        d
    }

    /// A year within the range the dates can hold (the extremes stand for "always" and
    /// "never").
    pub fn clamp(y: i32) -> i32 {
        y.clamp(i32::MIN + 1, i32::MAX - 1)
    }

    /// The dates of `mission`.
    pub fn of_mission(m: &Mission) -> Dates {
        Periods::of_mission(m).dates
    }

    /// The [`facts`] that hold at `y`, as bits.
    #[inline]
    pub fn facts(&self, y: i32) -> usize {
        let y = Self::clamp(y);
        (usize::from(self.gone <= y) * facts::CLOSED_YEAR_UNKNOWN)
            | (usize::from(self.closed < y) * facts::CLOSED_BEFORE)
            | (usize::from(self.closed == y) * facts::CLOSING)
            | (usize::from(self.earliest > y) * facts::OPENS_AFTER)
            | (usize::from(self.known_from > y || self.known_end <= y) * facts::NOT_KNOWN_OPEN)
    }

    /// The state at `y`, by the one rule.
    pub fn state(&self, y: i32) -> TimelineState {
        TimelineState::from_facts(self.facts(y))
    }
}

/// The state of a mission with these opening and closure facts, and no bounds, at `year`.
pub fn state(opened: Option<i32>, closure: Closure, year: i32) -> TimelineState {
    Dates::of(opened, closure, None).state(year)
}

/// The state of `mission` at `year`.
pub fn state_at(mission: &Mission, year: i32) -> TimelineState {
    Periods::of_mission(mission).state(year)
}

/// The mission's status in `year` as the list's Status column shows it: "open", "closing
/// 1998", "closed 1976", "not yet open", "may be open", "closed, year ?". Sorted as text, these put the
/// states in the order of their [`TimelineState::label`]s, closures by year.
pub fn short_status(m: &Mission, year: i32) -> String {
    let p = Periods::of_mission(m);
    let state = p.state(year);
    // Between two periods: closed in a break.
    if state == TimelineState::Closed
        && let Some(b) = p.break_at(year)
    {
        return format!("closed {}, reopens {}", b.closed, b.reopened);
    }
    match (state, m.closure) {
        (TimelineState::Open, _) => "open".to_owned(),
        (TimelineState::Closing, _) => format!("closing {year}"),
        (TimelineState::Closed, Closure::InYear(y)) => format!("closed {y}"),
        (TimelineState::NotYetOpen, _) => "not yet open".to_owned(),
        (TimelineState::MayBeOpen, _) => "may be open".to_owned(),
        _ => "closed, year ?".to_owned(),
    }
}

/// A mission's periods of operation, where it has more than one ("1975 to 1975; 2002 to
/// 2008"): each from its opening (or "an unrecorded year") to its closure (or "now",
/// or "an unrecorded year"). `None` for a mission with one period.
pub fn periods_text(m: &Mission) -> Option<String> {
    let p = Periods::of_mission(m);
    let (first, last) = (p.breaks.first()?, p.breaks.last()?);
    let opened = m
        .opened
        .map_or_else(|| "an unrecorded year".to_owned(), |o| o.to_string());
    let mut parts = vec![format!("{opened} to {}", first.closed)];
    for w in p.breaks.windows(2) {
        if let [a, b] = w {
            parts.push(format!("{} to {}", a.reopened, b.closed));
        }
    }
    let end = match m.closure {
        Closure::Open => "now".to_owned(),
        Closure::InYear(c) => c.to_string(),
        Closure::YearUnknown => "an unrecorded year".to_owned(),
    };
    parts.push(format!("{} to {end}", last.reopened));
    Some(parts.join("; "))
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

    /// "1990: 2 open, 79 may be open (date not recorded), 11 closing this year, 9 closed
    /// earlier".
    pub fn sentence(&self) -> String {
        use TimelineState::*;
        let c = &self.counts;
        let mut s = format!("{}: {} open", self.year, c[Open]);
        if c[MayBeOpen] > 0 {
            s.push_str(&format!(
                ", {} may be open (date not recorded)",
                c[MayBeOpen]
            ));
        }
        s.push_str(&format!(
            ", {} closing this year, {} closed earlier",
            c[Closing], c[Closed]
        ));
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
        for y in Periods::of_mission(m).closures() {
            if y >= from
                && y <= to
                && let Ok(i) = usize::try_from(y - from)
                && let Some(c) = counts.get_mut(i)
            {
                *c += 1;
            }
        }
    }
    (from..=to).zip(counts).collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_lists_opened_and_closed_cells_give_a_year_only_where_a_source_does() {
        let ds = crate::data::Builtin::World.load().expect("world");
        let mut seen = (0, 0, 0, 0);
        for m in &ds.missions {
            let (o, c) = (opened_cell(m), closed_cell(m));
            match m.opened {
                Some(y) => {
                    assert_eq!(o, y.to_string());
                    seen.0 += 1;
                }
                None => {
                    assert!(o.ends_with('?'), "{o}");
                    seen.1 += 1;
                }
            }
            match m.closure {
                Closure::Open => assert!(c.is_empty()),
                Closure::InYear(_) => {
                    assert_eq!(
                        c.parse::<i32>().ok(),
                        Periods::of_mission(m).closures().next()
                    );
                    seen.2 += 1;
                }
                Closure::YearUnknown => {
                    assert!(c.ends_with('?'), "{c}");
                    seen.3 += 1;
                }
            }
        }
        assert!(
            seen.0 > 100 && seen.1 > 100 && seen.2 > 10 && seen.3 > 0,
            "{seen:?}"
        );
        // Sorted by either column, the keys never go down.
        for (key, f) in [
            (
                crate::index::SortKey::Opened,
                opened_sort_key as fn(&Mission) -> u64,
            ),
            (crate::index::SortKey::Closed, closed_sort_key),
        ] {
            let order = crate::index::sort_order(&ds.missions, key, 2000);
            let keys: Vec<u64> = order.iter().map(|&i| f(&ds.missions[i as usize])).collect();
            assert!(keys.windows(2).all(|w| w[0] <= w[1]), "{key:?}");
        }
    }

    use super::*;
    use TimelineState::*;

    fn bounds(nb: Option<i32>, by: Option<i32>, as_of: Option<i32>) -> TimeBounds {
        let b = |y: Option<i32>| y.map(|y| Bound::new(y, "test"));
        TimeBounds {
            opened_not_before: b(nb),
            opened_by: b(by),
            as_of: b(as_of),
            seen_open: None,
            opening_ruled_out: false,
        }
    }

    fn at(opened: Option<i32>, closure: Closure, b: &TimeBounds, y: i32) -> TimelineState {
        Dates::of(opened, closure, Some(b)).state(y)
    }

    #[test]
    fn an_unrecorded_opening_is_never_drawn_as_open() {
        // No bounds at all: nothing says when it was open.
        for y in [FIRST_YEAR, 1990, 2026] {
            assert_eq!(state(None, Closure::Open, y), MayBeOpen);
        }
        // Windhoek: not before Namibia's independence (1990), open as of the list (2024).
        let b = bounds(Some(1990), Some(2024), Some(2024));
        assert_eq!(at(None, Closure::Open, &b, 1989), NotYetOpen);
        assert_eq!(at(None, Closure::Open, &b, 1990), MayBeOpen);
        assert_eq!(at(None, Closure::Open, &b, 2023), MayBeOpen);
        assert_eq!(at(None, Closure::Open, &b, 2024), Open);
        // After the data set's date it may have closed.
        assert_eq!(at(None, Closure::Open, &b, 2025), MayBeOpen);
    }

    #[test]
    fn a_closure_year_shows_the_mission_open_by_then() {
        // Canberra: closed 2008, opening not recorded, not before 1948.
        let b = bounds(Some(1948), Some(2008), Some(2024));
        let c = Closure::InYear(2008);
        assert_eq!(at(None, c, &b, 1947), NotYetOpen);
        assert_eq!(at(None, c, &b, 1975), MayBeOpen);
        assert_eq!(at(None, c, &b, 2008), Closing);
        assert_eq!(at(None, c, &b, 2009), Closed);
        // Without bounds: may be open up to its closure.
        assert_eq!(state(None, c, 1997), MayBeOpen);
        assert_eq!(state(None, c, 2008), Closing);
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
        // A recorded year outranks the bound; one ruled out does not count.
        let mut b = bounds(Some(1993), Some(2022), Some(2022));
        assert_eq!(at(Some(1300), Closure::Open, &b, 1500), Open);
        b.opening_ruled_out = true;
        assert_eq!(at(Some(1300), Closure::Open, &b, 1500), NotYetOpen);
        assert_eq!(at(Some(1300), Closure::Open, &b, 1995), MayBeOpen);
    }

    #[test]
    fn a_mission_with_two_periods_is_closed_between_them() {
        // Canberra: opened 1975, closed the same year, reopened 2002, closed 2008.
        let breaks = [Break {
            closed: 1975,
            reopened: 2002,
        }];
        let c = Closure::InYear(2008);
        let p = Periods::of(Some(1975), c, None, &breaks);
        let states: Vec<(i32, TimelineState)> = [1974, 1975, 1976, 2001, 2002, 2007, 2008, 2009]
            .into_iter()
            .map(|y| (y, p.state(y)))
            .collect();
        assert_eq!(
            states,
            [
                (1974, NotYetOpen),
                (1975, Closing),
                (1976, Closed),
                (2001, Closed),
                (2002, Open),
                (2007, Open),
                (2008, Closing),
                (2009, Closed)
            ]
        );
        assert_eq!(p.closed_after(1990), Some(1975));
        assert_eq!(p.closed_after(2010), Some(2008));
        assert_eq!(p.break_at(1990), Some(breaks[0]));
        assert_eq!(p.break_at(2003), None);
        // The opening not recorded: the break's closure shows it open then, and its
        // reopening after it; before, it may be open.
        let b = bounds(Some(1948), None, Some(2024));
        let p = Periods::of(None, c, Some(&b), &breaks);
        assert_eq!(p.state(1960), MayBeOpen);
        assert_eq!(p.state(1975), Closing);
        assert_eq!(p.state(1990), Closed);
        assert_eq!(p.state(2002), Open);
        // Still open, dated 2022: known open from the reopening to the date.
        let p = Periods::of(
            None,
            Closure::Open,
            Some(&bounds(None, None, Some(2022))),
            &breaks,
        );
        assert_eq!(
            [1970, 1975, 1980, 2002, 2022, 2023].map(|y| p.state(y)),
            [MayBeOpen, Closing, Closed, Open, Open, MayBeOpen]
        );
        // Breaks no mission can have count as none, as a whole.
        let wrong = [Break {
            closed: 2010,
            reopened: 2012,
        }];
        assert!(Break::problem(Some(1975), c, &wrong).is_some());
        assert_eq!(Periods::of(Some(1975), c, None, &wrong).breaks, &[]);
        assert_eq!(Periods::of(Some(1975), c, None, &wrong).state(2011), Closed);
    }

    #[test]
    fn breaks_are_read_and_checked_as_tables_write_them() {
        let b = Break::parse_text(" 1975-2002; 2004-2005 ").unwrap();
        assert_eq!(
            b,
            [
                Break {
                    closed: 1975,
                    reopened: 2002
                },
                Break {
                    closed: 2004,
                    reopened: 2005
                }
            ]
        );
        assert_eq!(Break::text(&b), "1975-2002; 2004-2005");
        assert_eq!(Break::parse_text(""), Ok(vec![]));
        assert!(Break::parse_text("1975").unwrap_err().contains("\"1975\""));
        let open = Closure::Open;
        assert_eq!(Break::problem(Some(1975), open, &b), None);
        let msg = |o, c, b: &[Break]| Break::problem(o, c, b).unwrap_or_default();
        assert!(msg(None, open, &Break::parse_text("2002-1975").unwrap()).contains("reopen after"));
        assert!(msg(Some(1980), open, &b).contains("before the mission opened (1980)"));
        assert!(
            msg(
                None,
                open,
                &Break::parse_text("2004-2005; 1975-2002").unwrap()
            )
            .contains("in order")
        );
        assert!(
            msg(None, Closure::InYear(2003), &b).contains("after the mission's closure (2003)")
        );
        // The closures chart counts a break's closure as a closure.
        let mut m = crate::props::arb::tests_mission();
        m.opened = Some(1975);
        m.closure = Closure::InYear(2008);
        m.extra_mut().breaks = b.clone();
        assert_eq!(closures_per_year([&m], 1975, 1976), [(1975, 1), (1976, 0)]);
        assert_eq!(short_status(&m, 1990), "closed 1975, reopens 2002");
        assert_eq!(
            periods_text(&m).as_deref(),
            Some("1975 to 1975; 2002 to 2004; 2005 to 2008")
        );
        m.extra_mut().breaks.clear();
        assert_eq!(periods_text(&m), None);
        assert_eq!(short_status(&m, 2010), "closed 2008");
    }

    #[test]
    fn unknown_closure_year_is_never_invented() {
        // Without a date: closed (year unknown) in every year.
        for y in [FIRST_YEAR, 1975, 2000, 2026] {
            assert_eq!(state(None, Closure::YearUnknown, y), ClosedYearUnknown);
            assert!(!state(None, Closure::YearUnknown, y).is_active());
        }
        // Libreville: not before Gabon (1960), known closed by the list's date (2024).
        let b = bounds(Some(1960), None, Some(2024));
        assert_eq!(at(None, Closure::YearUnknown, &b, 1959), NotYetOpen);
        assert_eq!(at(None, Closure::YearUnknown, &b, 1975), MayBeOpen);
        assert_eq!(at(None, Closure::YearUnknown, &b, 2024), ClosedYearUnknown);
        // Its opening year, where recorded, is a year it is known open.
        assert_eq!(at(Some(1974), Closure::YearUnknown, &b, 1974), Open);
        assert_eq!(at(Some(1974), Closure::YearUnknown, &b, 1975), MayBeOpen);
    }

    #[test]
    fn the_facts_table_follows_the_order_of_the_rule() {
        use facts::*;
        assert_eq!(TimelineState::from_facts(0), Open);
        assert_eq!(TimelineState::from_facts(NOT_KNOWN_OPEN), MayBeOpen);
        assert_eq!(
            TimelineState::from_facts(NOT_KNOWN_OPEN | OPENS_AFTER),
            NotYetOpen
        );
        assert_eq!(TimelineState::from_facts(NOT_KNOWN_OPEN | CLOSING), Closing);
        assert_eq!(
            TimelineState::from_facts(CLOSED_BEFORE | CLOSING | OPENS_AFTER),
            Closed
        );
        assert_eq!(
            TimelineState::from_facts(COMBINATIONS - 1),
            ClosedYearUnknown
        );
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
                ("may-be-open", "may be open"),
            ]
        );
        let counts = PerState([6u32, 5, 4, 3, 2, 1]);
        let listed: Vec<(TimelineState, u32)> = counts.iter().collect();
        assert_eq!(
            listed,
            TimelineState::ALL
                .into_iter()
                .zip([6, 5, 4, 3, 2, 1])
                .collect::<Vec<_>>()
        );
        assert_eq!(counts.map(|n| n * 2), PerState([12, 10, 8, 6, 4, 2]));
        let mut sum = counts;
        sum += PerState([1, 1, 1, 1, 1, 1]);
        assert_eq!(sum, PerState([7, 6, 5, 4, 3, 2]));
        assert!(MayBeOpen.may_be_active() && !MayBeOpen.is_active());
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
        s.add(MayBeOpen);
        assert_eq!(
            s.sentence(),
            "1998: 2 open, 1 may be open (date not recorded), 1 closing this year, 1 closed earlier, 1 closed (year unknown)"
        );
        assert_eq!(s.get(Open), 2);
    }
}
