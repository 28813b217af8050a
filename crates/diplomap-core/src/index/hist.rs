//! Per-year counts of a set of missions (how many of them reached each of their change
//! years by each year), which give the count per timeline state at any year in constant
//! time.

use super::*;

/// Per-year counts for a set of missions: for each kind of change year ([`Years::events`]),
/// how many missions reached it by each year. Gives the count per state at any year in
/// O(1).
#[derive(Debug, Clone, Default)]
pub(super) struct YearHist {
    /// For each kind of change year, the missions that reached it by year `y0 + k`, one
    /// span after another.
    pub(super) events: Vec<u32>,
    /// The change years before any year, and the missions.
    pub(super) tally: Tally,
}

/// The counts beside the per-year ones.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Tally {
    /// Per kind of change year, the missions for which it holds from the start
    /// ([`ALWAYS`]).
    pub(super) always: [u32; EVENTS],
    pub(super) total: u32,
}

impl Tally {
    /// Counts a mission. (Breaks are recorded years: never [`ALWAYS`].)
    pub(super) fn add(&mut self, y: Years) {
        self.total += 1;
        for (a, e) in self.always.iter_mut().zip(y.events()) {
            *a += u32::from(e == ALWAYS);
        }
    }

    pub(super) fn merge(&mut self, o: Tally) {
        for (a, b) in self.always.iter_mut().zip(o.always) {
            *a += b;
        }
        self.total += o.total;
    }
}

/// The span of years the histograms cover.
#[derive(Debug, Clone, Copy)]
pub(super) struct Span {
    pub(super) y0: i16,
    pub(super) len: usize,
    /// The kinds of change year counted: [`EVENTS`] where a mission has breaks, else
    /// [`PLAIN_EVENTS`] (the breaks' kinds then take no room).
    pub(super) kinds: usize,
}

impl Span {
    /// The length of a set of per-year counts: every kind's span.
    pub(super) fn width(self) -> usize {
        self.kinds * self.len
    }

    pub(super) fn slot(self, y: i16) -> usize {
        usize::try_from(i32::from(y) - i32::from(self.y0))
            .unwrap_or(0)
            .min(self.len.saturating_sub(1))
    }
}

/// Counts per state at `y` from cumulative counts (each kind's span after the other's), as
/// plain numbers so that node histograms stored in one flat vector can use it too.
pub(super) fn counts_from(span: Span, hist: &[u32], tally: Tally, y: i16) -> StateCounts {
    let n = span.len;
    counts_by(span, tally, y, |kind, k| {
        let k = k.min(n.saturating_sub(1));
        (kind < span.kinds)
            .then(|| hist.get(kind * n + k).copied())
            .flatten()
    })
}

/// Counts per state at `y` from the sorted year slots ([`Span::slot`]) of a few missions'
/// change years, kind after kind (`lens` of each): the same numbers [`counts_from`] gives
/// from their histograms.
pub(super) fn counts_sorted(
    span: Span,
    slots: &[u16],
    lens: [u16; EVENTS],
    tally: Tally,
    y: i16,
) -> StateCounts {
    // Where each kind's slots start, and the last one ends.
    let mut at = [0usize; EVENTS + 1];
    let mut end = 0;
    for (slot, &l) in at.iter_mut().skip(1).zip(&lens) {
        end += usize::from(l);
        *slot = end;
    }
    counts_by(span, tally, y, |kind, k| {
        let arr = slots
            .get(at.get(kind).copied().unwrap_or(0)..at.get(kind + 1).copied().unwrap_or(0))
            .unwrap_or_default();
        let k = u16::try_from(k.min(span.len.saturating_sub(1))).unwrap_or(u16::MAX);
        Some(to_u32(arr.partition_point(|&s| s <= k)))
    })
}

/// The rule behind both: `reached(kind, k)` is the number of missions whose change year of
/// that kind is at slot `k` of the span or before (beyond the [`Tally::always`] ones).
/// The states follow from the order [`timeline::Dates::of`] keeps the years in.
fn counts_by(
    span: Span,
    tally: Tally,
    y: i16,
    reached: impl Fn(usize, usize) -> Option<u32>,
) -> StateCounts {
    let by = |kind: usize, y: i32| -> u32 {
        let always = tally.always.get(kind).copied().unwrap_or(0);
        if y < i32::from(span.y0) {
            always
        } else {
            always
                + reached(kind, usize::try_from(y - i32::from(span.y0)).unwrap_or(0)).unwrap_or(0)
        }
    };
    let y = i32::from(y);
    let begun = by(EARLIEST, y);
    // Breaks lie within the years a mission is known open ([`timeline::Dates`] keeps
    // them there): they take missions from the open ones, to closing and closed.
    let broken_before = by(BREAK_CLOSED, y - 1);
    let break_closing = by(BREAK_CLOSED, y).saturating_sub(broken_before);
    let in_break = broken_before.saturating_sub(by(REOPENED, y));
    let closed_by = by(CLOSED, y) + break_closing + in_break;
    let closed_before = by(CLOSED, y - 1) + in_break;
    let closing = closed_by.saturating_sub(closed_before);
    let gone = by(GONE, y);
    let open = by(KNOWN_FROM, y)
        .saturating_sub(by(KNOWN_END, y))
        .saturating_sub(closing)
        .saturating_sub(in_break);
    // In the order of the states' slots.
    PerState([
        tally.total.saturating_sub(begun),
        open,
        closing,
        closed_before,
        gone,
        begun
            .saturating_sub(open)
            .saturating_sub(closed_by)
            .saturating_sub(gone),
    ])
}

impl YearHist {
    pub(super) fn new(span: Span) -> Self {
        YearHist {
            events: vec![0; span.width()],
            tally: Tally::default(),
        }
    }

    /// Adds one mission (before [`YearHist::finish`]).
    pub(super) fn add(&mut self, span: Span, y: Years, breaks: &Breaks) {
        self.tally.add(y);
        add_years(span, y, breaks, &mut self.events);
    }

    /// Turns the per-year counts into cumulative ones.
    pub(super) fn finish(&mut self, span: Span) {
        for chunk in self.events.chunks_mut(span.len.max(1)) {
            prefix_sum(chunk);
        }
    }

    pub(super) fn at(&self, span: Span, y: i16) -> StateCounts {
        counts_from(span, &self.events, self.tally, y)
    }
}

/// Adds a mission's change years to per-year counts (each kind's span after the other's).
pub(super) fn add_years(span: Span, y: Years, breaks: &Breaks, hist: &mut [u32]) {
    y.each_event(breaks, |kind, e| {
        if let Some(c) = hist.get_mut(kind * span.len + span.slot(e)) {
            *c += 1;
        }
    });
}

pub(super) fn prefix_sum(v: &mut [u32]) {
    let mut acc = 0u32;
    for x in v {
        acc += *x;
        *x = acc;
    }
}
