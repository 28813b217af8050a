//! Per-year counts of a set of missions (how many opened and closed by each year), which
//! give the count per timeline state at any year in constant time.

use super::*;

/// Per-year counts for a set of missions: how many opened and closed by each year. Gives
/// the count per state at any year in O(1).
#[derive(Debug, Clone, Default)]
pub(super) struct YearHist {
    /// Missions opened by year `y0 + k`.
    pub(super) opened: Vec<u32>,
    /// Missions with a known closing year up to `y0 + k`.
    pub(super) closed: Vec<u32>,
    /// Missions with no recorded opening (open from the start), unknown closures, all.
    pub(super) tally: Tally,
}

/// The counts beside the per-year ones.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Tally {
    /// Known closure (or none), no recorded opening: open from the start.
    pub(super) always: u32,
    /// Closed in a year nobody recorded.
    pub(super) unknown: u32,
    pub(super) total: u32,
}

impl Tally {
    /// Counts a mission; returns whether its years go into the per-year counts.
    pub(super) fn add(&mut self, y: Years) -> bool {
        self.total += 1;
        if y.closed == UNKNOWN {
            self.unknown += 1;
            return false;
        }
        if y.opened == NO_OPENING {
            self.always += 1;
        }
        true
    }

    pub(super) fn merge(&mut self, o: Tally) {
        self.always += o.always;
        self.unknown += o.unknown;
        self.total += o.total;
    }
}

/// The span of years the histograms cover.
#[derive(Debug, Clone, Copy)]
pub(super) struct Span {
    pub(super) y0: i16,
    pub(super) len: usize,
}

impl Span {
    pub(super) fn slot(self, y: i16) -> usize {
        usize::try_from(i32::from(y) - i32::from(self.y0))
            .unwrap_or(0)
            .min(self.len.saturating_sub(1))
    }
}

/// Counts per state at `y` from cumulative opened/closed counts, as plain numbers so that
/// node histograms stored in one flat vector can use it too.
pub(super) fn counts_from(
    span: Span,
    opened: &[u32],
    closed: &[u32],
    tally: Tally,
    y: i16,
) -> StateCounts {
    let at = |arr: &[u32], k: usize| arr.get(k.min(arr.len().saturating_sub(1))).copied();
    counts_by(span, tally, y, |k| at(opened, k), |k| at(closed, k))
}

/// Counts per state at `y` from the sorted year slots ([`Span::slot`]) of a few missions'
/// openings and known closures: the same numbers [`counts_from`] gives from their
/// histograms.
pub(super) fn counts_sorted(
    span: Span,
    opened: &[u16],
    closed: &[u16],
    tally: Tally,
    y: i16,
) -> StateCounts {
    let upto = |arr: &[u16], k: usize| {
        let k = u16::try_from(k.min(span.len.saturating_sub(1))).unwrap_or(u16::MAX);
        Some(to_u32(arr.partition_point(|&s| s <= k)))
    };
    counts_by(span, tally, y, |k| upto(opened, k), |k| upto(closed, k))
}

/// The rule behind both: `opened(k)` and `closed(k)` are the missions opened and closed by
/// slot `k` of the span.
fn counts_by(
    span: Span,
    tally: Tally,
    y: i16,
    opened: impl Fn(usize) -> Option<u32>,
    closed: impl Fn(usize) -> Option<u32>,
) -> StateCounts {
    let cum = |by: &dyn Fn(usize) -> Option<u32>, y: i32| -> u32 {
        if y < i32::from(span.y0) {
            0
        } else {
            by(usize::try_from(y - i32::from(span.y0)).unwrap_or(0)).unwrap_or(0)
        }
    };
    let y = i32::from(y);
    let known = tally.total - tally.unknown;
    let opened_by = tally.always + cum(&opened, y);
    let closed_by = cum(&closed, y);
    let closed_before = cum(&closed, y - 1);
    // In the order of the states' slots.
    PerState([
        known.saturating_sub(opened_by),
        opened_by.saturating_sub(closed_by),
        closed_by.saturating_sub(closed_before),
        closed_before,
        tally.unknown,
    ])
}

impl YearHist {
    pub(super) fn new(span: Span) -> Self {
        YearHist {
            opened: vec![0; span.len],
            closed: vec![0; span.len],
            tally: Tally::default(),
        }
    }

    /// Adds one mission (before [`YearHist::finish`]).
    pub(super) fn add(&mut self, span: Span, y: Years) {
        if self.tally.add(y) {
            add_years(span, y, &mut self.opened, &mut self.closed);
        }
    }

    /// Turns the per-year counts into cumulative ones.
    pub(super) fn finish(&mut self) {
        prefix_sum(&mut self.opened);
        prefix_sum(&mut self.closed);
    }

    pub(super) fn at(&self, span: Span, y: i16) -> StateCounts {
        counts_from(span, &self.opened, &self.closed, self.tally, y)
    }
}

/// Adds a mission's opening and closing years to per-year counts.
pub(super) fn add_years(span: Span, y: Years, opened: &mut [u32], closed: &mut [u32]) {
    if y.opened != NO_OPENING
        && let Some(c) = opened.get_mut(span.slot(y.opened))
    {
        *c += 1;
    }
    if y.closed != OPEN
        && let Some(c) = closed.get_mut(span.slot(y.closed))
    {
        *c += 1;
    }
}

pub(super) fn prefix_sum(v: &mut [u32]) {
    let mut acc = 0u32;
    for x in v {
        acc += *x;
        *x = acc;
    }
}
