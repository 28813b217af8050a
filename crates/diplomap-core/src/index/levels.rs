//! The map's query, the fast way. Two things are kept:
//!
//! * per grid level (the last few zoomed through), its cells: each run of the index order
//!   at that level with its big node and its count of filtered missions, and the order in
//!   which cells merge into clusters (most missions first). Made in one pass over the
//!   order when a level is first asked about after a filter change;
//! * the last query's view: the cells in it (found by the Morton curve's BIGMIN jump, not
//!   by walking the tree), each with its coordinate sums and, for a small cell, its
//!   missions' years sorted; which of them showed something; and how those merged. A
//!   query over the same cells (a slider step, a repaint, a small pan) only counts them
//!   for its year, and merges again only if other cells show something.
//!
//! It answers exactly as the plain query ([`MissionIndex::clusters_plain`]) does: the same
//! cells (by the same overlap test), the same sums in the same order, the same merge order.

use std::sync::Arc;

use super::clusters::{CellOut, Plan};
use super::*;

/// How many levels' cells are kept (the current zoom and the last ones zoomed through).
const KEPT_LEVELS: usize = 3;

/// The most cells a level's table may have (20 bytes each, so at most 5 MiB); deeper
/// levels over many missions go the plain way (quick there: the view holds few of them).
pub const MAX_TABLE_CELLS: usize = 1 << 18;

/// A level's cells (runs of the index order), in curve order, for the current filter.
#[derive(Debug)]
pub(super) struct LevelTable {
    level: u32,
    /// Each cell's place on the curve at the level (`morton(col, row)`, 2·level bits).
    zs: Vec<u64>,
    /// Each cell's run of the order, and its big node or `u32::MAX`.
    runs: Vec<(u32, u32, u32)>,
    /// Each cell's filtered missions (any year).
    totals: Vec<u32>,
    /// Each cell's place in the merge order (most filtered missions first, then start).
    ranks: Vec<u32>,
    /// Cell numbers in merge order.
    by_rank: Vec<u32>,
    /// Every cell's counting data made at once, where the level's small cells hold few
    /// missions (the upper levels): a view there then scans nothing.
    cells: Option<(Vec<ViewCell>, Vec<u16>)>,
}

/// The most missions in a level's small cells for their data to be made with the table.
pub(super) const EAGER_MISSIONS: usize = 1 << 16;

/// Sets the bit and clears the lower bits of the same dimension (BIGMIN's "1000…").
fn load_1000(v: u64, bit: u32) -> u64 {
    (v | (1 << bit)) & !lower_same(bit)
}

/// Clears the bit and sets the lower bits of the same dimension (BIGMIN's "0111…").
fn load_0111(v: u64, bit: u32) -> u64 {
    (v & !(1 << bit)) | lower_same(bit)
}

fn lower_same(bit: u32) -> u64 {
    (0x5555_5555_5555_5555u64 << (bit & 1)) & ((1u64 << bit) - 1)
}

/// The smallest curve position above `z` inside the box with corners `zmin`, `zmax`
/// (Tropf and Herzog's BIGMIN), over codes of `bits` bits.
pub(super) fn bigmin(z: u64, mut zmin: u64, mut zmax: u64, bits: u32) -> u64 {
    let mut best = zmin;
    for bit in (0..bits).rev() {
        let mask = 1u64 << bit;
        match (z & mask != 0, zmin & mask != 0, zmax & mask != 0) {
            (false, false, true) => {
                best = load_1000(zmin, bit);
                zmax = load_0111(zmax, bit);
            }
            (false, true, true) => return zmin,
            (true, false, false) => return best,
            (true, false, true) => zmin = load_1000(zmin, bit),
            // (z above the box's corner in this bit: no place above z inside it.)
            _ => {}
        }
    }
    best
}

impl MissionIndex {
    /// Sets how many missions a level's small cells may hold for their counting data to be
    /// made with the level's table (else per view). For tests of both ways.
    #[doc(hidden)]
    pub fn with_eager_limit(mut self, missions: usize) -> MissionIndex {
        self.eager_missions = missions;
        self
    }

    /// The level's table for the current filter, made now if it is not kept; `None` for a
    /// level with more than [`MAX_TABLE_CELLS`] cells.
    pub(super) fn level_table(&self, level: u32) -> Option<Arc<LevelTable>> {
        let mut kept = match self.levels.lock() {
            Ok(k) => k,
            Err(poisoned) => poisoned.into_inner(),
        };
        if let Some(i) = kept.iter().position(|t| t.level == level) {
            let t = kept.remove(i);
            kept.insert(0, Arc::clone(&t));
            return Some(t);
        }
        let t = Arc::new(self.make_level(level)?);
        kept.insert(0, Arc::clone(&t));
        kept.truncate(KEPT_LEVELS);
        Some(t)
    }

    /// One pass over the order: each run of a cell at `level`, its node and its count of
    /// filtered missions; then the merge order, by a counting sort.
    fn make_level(&self, level: u32) -> Option<LevelTable> {
        let shift = 64 - 2 * level;
        let prefix = |c: u64| if level == 0 { 0 } else { c >> shift };
        let cells = self
            .codes
            .windows(2)
            .filter(|w| w.first().map(|&c| prefix(c)) != w.get(1).map(|&c| prefix(c)))
            .count()
            + usize::from(!self.codes.is_empty());
        if cells > MAX_TABLE_CELLS {
            return None;
        }
        let mut zs = Vec::with_capacity(cells);
        let mut runs = Vec::with_capacity(cells);
        let mut totals = Vec::with_capacity(cells);
        let mut at = 0usize;
        while let Some(&code) = self.codes.get(at) {
            let z = prefix(code);
            let len = self
                .codes
                .get(at..)
                .unwrap_or_default()
                .iter()
                .take_while(|&&c| prefix(c) == z)
                .count()
                .max(1);
            let (start, end) = (to_u32(at), to_u32(at + len));
            at += len;
            let node = if len >= BIG || level == 0 {
                self.node_of(level, z)
            } else {
                u32::MAX
            };
            let total = if node != u32::MAX {
                self.node_meta
                    .get(node as usize)
                    .map_or(0, |m| m.tally.total)
            } else {
                let pass = self.pass.get(start as usize..end as usize);
                to_u32(pass.unwrap_or_default().iter().filter(|&&p| p).count())
            };
            zs.push(z);
            runs.push((start, end, node));
            totals.push(total);
        }
        // Merge order: most filtered missions first, then by start. The cells are in start
        // order, so a stable counting sort by total gives it.
        let most = totals.iter().copied().max().unwrap_or(0) as usize;
        let mut next = vec![0u32; most + 2];
        for &t in &totals {
            if let Some(n) = next.get_mut(most - t as usize + 1) {
                *n += 1;
            }
        }
        prefix_sum(&mut next);
        let mut ranks = vec![0u32; totals.len()];
        let mut by_rank = vec![0u32; totals.len()];
        for (i, &t) in totals.iter().enumerate() {
            if let Some(n) = next.get_mut(most - t as usize) {
                if let Some(r) = ranks.get_mut(i) {
                    *r = *n;
                }
                if let Some(slot) = by_rank.get_mut(*n as usize) {
                    *slot = to_u32(i);
                }
                *n += 1;
            }
        }
        let in_small: usize = runs
            .iter()
            .filter(|r| r.2 == u32::MAX)
            .map(|r| (r.1 - r.0) as usize)
            .sum();
        let cells = (in_small <= self.eager_missions).then(|| {
            let (mut slots, mut closings) = (Vec::new(), Vec::with_capacity(BIG));
            let cells = runs
                .iter()
                .map(|&(s, e, n)| self.view_cell(s, e, n, &mut slots, &mut closings))
                .collect();
            (cells, slots)
        });
        Some(LevelTable {
            level,
            zs,
            runs,
            totals,
            ranks,
            by_rank,
            cells,
        })
    }

    /// The big node of the cell at `level` with curve position `z`, if it has one.
    fn node_of(&self, level: u32, z: u64) -> u32 {
        let mut node = 0u32;
        for l in 0..level {
            let q = (z >> (2 * (level - 1 - l))) & 3;
            node = self
                .nodes
                .get(node as usize)
                .and_then(|n| n.children.get(q as usize))
                .copied()
                .unwrap_or(u32::MAX);
            if node == u32::MAX {
                break;
            }
        }
        node
    }

    /// What the map draws for `v` in `year`, the fast way (see the module documentation).
    pub(super) fn clusters_fast(&self, v: &Viewport, year: i32) -> Vec<MapCluster> {
        let Some(table) = self.level_table(v.level()) else {
            return self.clusters_plain(v, year);
        };
        let Some(key) = ViewKey::of(v) else {
            return Vec::new();
        };
        let mut memo = match self.memo.lock() {
            Ok(m) => m,
            Err(poisoned) => poisoned.into_inner(),
        };
        let same_view = memo
            .as_ref()
            .is_some_and(|m| Arc::ptr_eq(&m.table, &table) && m.view.cells == key.cells);
        if !same_view {
            *memo = Some(self.view_cells(&table, key));
        }
        let Some(m) = memo.as_mut() else {
            return Vec::new();
        };
        let (shown, cells) = self.count_cells(m, year);
        if m.shown != shown || m.view != key || !same_view {
            m.plan = Arc::new(self.plan(v, &cells));
            m.shown = shown;
            m.view = key;
        }
        let plan = Arc::clone(&m.plan);
        drop(memo);
        self.fill(&plan, &cells, year)
    }

    /// The cells of the table inside the view, in merge order, with what counting them
    /// needs: a big cell's node, a small cell's coordinate sums (as the plain query's scan
    /// makes them) and its missions' year slots sorted.
    fn view_cells(&self, table: &Arc<LevelTable>, key: ViewKey) -> Memo {
        let mut memo = Memo {
            table: Arc::clone(table),
            view: key,
            visible: Vec::new(),
            slots: Vec::new(),
            shown: Vec::new(),
            plan: Arc::new(Plan::default()),
        };
        let mut closings: Vec<u16> = Vec::with_capacity(BIG);
        for i in visible_cells(table, key.cells) {
            let Some(&(start, end, node)) = table.runs.get(i as usize) else {
                continue;
            };
            if table.totals.get(i as usize).is_none_or(|&t| t == 0) {
                continue;
            }
            let cell = match &table.cells {
                Some((made, made_slots)) => {
                    let Some(&made_cell) = made.get(i as usize) else {
                        continue;
                    };
                    let at = made_cell.off as usize;
                    let n = usize::from(made_cell.opened) + usize::from(made_cell.closed);
                    let off = to_u32(memo.slots.len());
                    memo.slots
                        .extend_from_slice(made_slots.get(at..at + n).unwrap_or_default());
                    ViewCell { off, ..made_cell }
                }
                None => self.view_cell(start, end, node, &mut memo.slots, &mut closings),
            };
            memo.visible.push(cell);
        }
        memo
    }

    /// What counting a cell needs: a big cell's node and sums, or a small cell's sums (as
    /// the plain query's scan makes them) and its missions' year slots, sorted, appended
    /// to `slots` (`closings` is room to sort the closures in).
    fn view_cell(
        &self,
        start: u32,
        end: u32,
        node: u32,
        slots: &mut Vec<u16>,
        closings: &mut Vec<u16>,
    ) -> ViewCell {
        let mut cell = ViewCell {
            start,
            end,
            node,
            meta: NodeMeta::default(),
            off: 0,
            opened: 0,
            closed: 0,
        };
        if node != u32::MAX {
            cell.meta = self
                .node_meta
                .get(node as usize)
                .copied()
                .unwrap_or_default();
            return cell;
        }
        let first = slots.len();
        closings.clear();
        if let Some(r) = self.run(start, end) {
            for ((&p, &yr), &code) in r.pass.iter().zip(r.years).zip(r.codes) {
                if !p {
                    continue;
                }
                let (x, yy) = unmorton(code);
                cell.meta.sx += f64::from(x);
                cell.meta.sy += f64::from(yy);
                if cell.meta.tally.add(yr) {
                    if yr.opened != NO_OPENING {
                        slots.push(slot16(self.span, yr.opened));
                    }
                    if yr.closed != OPEN {
                        closings.push(slot16(self.span, yr.closed));
                    }
                }
            }
        }
        closings.sort_unstable();
        if let Some(o) = slots.get_mut(first..) {
            o.sort_unstable();
        }
        cell.off = to_u32(first);
        // (A small cell has fewer than `BIG` missions: the counts fit.)
        cell.opened = (slots.len() - first) as u16;
        cell.closed = closings.len() as u16;
        slots.extend_from_slice(closings);
        cell
    }

    /// The counts in `year` of the view's cells; those showing something, and their
    /// places in the view's list.
    fn count_cells(&self, m: &Memo, year: i32) -> (Vec<u32>, Vec<CellOut>) {
        let y = clamp_year(year);
        let mut numbers = Vec::with_capacity(m.visible.len());
        let mut out = Vec::with_capacity(m.visible.len());
        for (k, c) in m.visible.iter().enumerate() {
            // (A cell showing one mission names it through `first_shown` when merged.)
            let mut by_state = if c.node != u32::MAX {
                self.node_counts(c.node as usize, y).0
            } else {
                let at = c.off as usize;
                let mid = at + usize::from(c.opened);
                let end = mid + usize::from(c.closed);
                let o = m.slots.get(at..mid).unwrap_or_default();
                let cl = m.slots.get(mid..end).unwrap_or_default();
                counts_sorted(self.span, o, cl, c.meta.tally, y)
            };
            for s in TimelineState::ALL {
                if !self.shown[s] {
                    by_state[s] = 0;
                }
            }
            if by_state.total() > 0 {
                numbers.push(to_u32(k));
                out.push(CellOut {
                    range: CellRange {
                        start: c.start,
                        end: c.end,
                    },
                    by_state,
                    meta: c.meta,
                    single: None,
                });
            }
        }
        (numbers, out)
    }
}

/// A cell in the last query's view.
#[derive(Debug, Clone, Copy)]
struct ViewCell {
    start: u32,
    end: u32,
    node: u32,
    meta: NodeMeta,
    /// A small cell's filtered missions' opening slots, then known closing slots, sorted,
    /// at the memo's `slots[off..]` (a big cell counts from its node instead).
    off: u32,
    opened: u16,
    closed: u16,
}

/// The columns and rows of cells a viewport overlaps at its level, and what the merge
/// depends on besides the cells (the zoom's scale and the radius, as bits).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct ViewKey {
    cells: CellBox,
    zoom: u64,
    radius: u64,
}

/// A level and the columns `c0..=c1`, rows `r0..=r1` of its cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct CellBox {
    level: u32,
    c0: u64,
    c1: u64,
    r0: u64,
    r1: u64,
}

impl ViewKey {
    /// `None` when the viewport overlaps no cell. The plain query's test: a cell's closed
    /// extent touching the viewport's, exact in f64.
    fn of(v: &Viewport) -> Option<ViewKey> {
        let level = v.level();
        let side = f64::from(1u32 << level.min(31));
        let last = (1u64 << level) - 1;
        let span = |a: f64, b: f64| {
            let (lo, hi) = (a.min(b), a.max(b));
            let first = (lo * side - 1.0).ceil().max(0.0);
            let end = (hi * side).floor().min(last as f64);
            (first <= end && end >= 0.0).then_some((first as u64, end as u64))
        };
        let ((c0, c1), (r0, r1)) = (span(v.x0, v.x1)?, span(v.y0, v.y1)?);
        Some(ViewKey {
            cells: CellBox {
                level,
                c0,
                c1,
                r0,
                r1,
            },
            zoom: v.zoom.clamp(0.0, 30.0).to_bits(),
            radius: v.radius.max(1e-9).to_bits(),
        })
    }
}

/// The last query's answer apart from the year: its cells, which of them showed
/// something, and how those merged.
pub(super) struct Memo {
    table: Arc<LevelTable>,
    view: ViewKey,
    /// The cells in view with missions (merge order).
    visible: Vec<ViewCell>,
    slots: Vec<u16>,
    /// Those of them (places in `visible`) showing something when the plan was made.
    shown: Vec<u32>,
    plan: Arc<Plan>,
}

/// The table's cells inside the box, in merge order.
fn visible_cells(table: &LevelTable, b: CellBox) -> Vec<u32> {
    let CellBox {
        level,
        c0,
        c1,
        r0,
        r1,
    } = b;
    let inside = |z: u64| {
        let (c, r) = unmorton(z);
        (c0..=c1).contains(&u64::from(c)) && (r0..=r1).contains(&u64::from(r))
    };
    let zs = &table.zs;
    let area = (c1 - c0 + 1).saturating_mul(r1 - r0 + 1);
    if area >= zs.len() as u64 / 2 {
        // Most of the level is in view: walk it in merge order.
        return table
            .by_rank
            .iter()
            .copied()
            .filter(|&i| zs.get(i as usize).is_some_and(|&z| inside(z)))
            .collect();
    }
    let mut found: Vec<(u32, u32)> = Vec::new();
    let (zmin, zmax) = (morton(c0 as u32, r0 as u32), morton(c1 as u32, r1 as u32));
    let mut i = zs.partition_point(|&z| z < zmin);
    let end = i + zs
        .get(i..)
        .unwrap_or_default()
        .partition_point(|&z| z <= zmax);
    while i < end {
        let Some(&z) = zs.get(i) else { break };
        if inside(z) {
            found.push((table.ranks.get(i).copied().unwrap_or(u32::MAX), to_u32(i)));
            i += 1;
        } else {
            // Jump to the next place inside the box: gallop, then search.
            let next = bigmin(z, zmin, zmax, 2 * level);
            let mut step = 1;
            while zs.get(i + step).is_some_and(|&z| z < next) && i + step < end {
                i += step;
                step *= 2;
            }
            let upto = (i + step).min(end);
            i += zs
                .get(i..upto)
                .unwrap_or_default()
                .partition_point(|&z| z < next)
                .max(1);
        }
    }
    found.sort_unstable();
    found.into_iter().map(|(_, i)| i).collect()
}

/// A year's slot in the span, as the small cells keep it (spans are at most 4096 years).
fn slot16(span: Span, y: i16) -> u16 {
    u16::try_from(span.slot(y)).unwrap_or(u16::MAX)
}
