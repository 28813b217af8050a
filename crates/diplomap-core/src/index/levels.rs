//! The map's query, the fast way: each grid level's clusters for the whole world, made
//! block by block as views reach them, and kept.
//!
//! A level's clusters do not depend on the view or the year (see the `clusters` module:
//! every cell with filtered missions merges, largest first, into the first cluster whose
//! first cell lies within the radius). Whether a cell starts a cluster depends only on
//! larger cells within the radius, so it is found by looking at those (and, in turn, at
//! theirs), never at the whole level. The level is cut into blocks of 16 × 16 cells (each
//! one stretch of the Morton curve); a block's cells are read from the index when a view
//! first comes near it, and its clusters (those whose first cell is in it) are made when a
//! view first overlaps one of them. What is kept per level:
//!
//! * each loaded cell: its run of the index order, its big node or its missions' year
//!   slots sorted, its coordinate sums, and its role (starts a cluster, joins one, or not
//!   yet known);
//! * each planned block's clusters: their cells, where they are drawn and, for the last
//!   year asked about, their counts.
//!
//! A query visits the blocks around the view and keeps the clusters with a cell in it: a
//! pan over places already seen, a repaint or a zoom within the level costs no merging,
//! and a slider step only counts the clusters in view again. It answers exactly as the
//! plain query ([`MissionIndex::clusters_plain`]), which merges every cell of the level
//! at once.

use std::sync::Arc;

use super::clusters::{CellData, centroid, merge_radius, place, rank, reach, within, world_px};
use super::*;

/// How many levels are kept (the current zoom and the last ones zoomed through).
const KEPT_LEVELS: usize = 3;

/// A block is `2^BLOCK_BITS` cells to a side.
const BLOCK_BITS: u32 = 4;

/// The most cells a level keeps (under 100 bytes each, so at most some 6 MiB); past it the
/// level is started again by the next query (a 1280 × 800 view needs at most about five
/// thousand: the blocks around it). The unit tests keep far fewer, so that their queries
/// go through such new starts too.
const MAX_CELLS: usize = if cfg!(test) { 1 << 12 } else { 1 << 16 };

/// A cell's role not yet known.
const UNKNOWN: u32 = u32::MAX;

/// A level's cells and clusters as far as views have reached, for the current filter.
pub(super) struct LevelPlan {
    level: u32,
    /// The merge radius, as bits.
    radius: u64,
    cells: Vec<PlanCell>,
    /// Small cells' filtered missions' opening slots, then known closing slots, sorted.
    slots: Vec<u16>,
    blocks: std::collections::HashMap<u64, Block, foldhash::fast::FixedState>,
}

/// A cell with filtered missions.
#[derive(Debug, Clone, Copy)]
struct PlanCell {
    /// Its place on the curve at the level.
    z: u64,
    start: u32,
    end: u32,
    /// Its big node, or `u32::MAX` (then it counts from its slots).
    node: u32,
    data: CellData,
    /// Where it is, in pixels at the level's zoom.
    px: f64,
    py: f64,
    /// [`UNKNOWN`], its own number (it starts a cluster) or the first cell of the cluster
    /// it joins.
    role: u32,
}

impl PlanCell {
    fn rank(&self) -> u64 {
        rank(self.data.meta.tally.total, self.start)
    }

    fn col_row(&self) -> (u64, u64) {
        let (c, r) = unmorton(self.z);
        (u64::from(c), u64::from(r))
    }
}

struct Block {
    /// Its first cell in `cells` (a block's cells are read together, in curve order).
    first: u32,
    /// For each place in the block (the low bits of a cell's curve place), the cell's
    /// offset from `first`, or `u16::MAX` where there are no filtered missions.
    at: Option<Box<[u16; 1 << (2 * BLOCK_BITS)]>>,
    plan: Option<BlockPlan>,
}

/// The clusters whose first cell is in a block, in merge order.
struct BlockPlan {
    clusters: Vec<Planned>,
    /// Their cells, at each cluster's `start..end`: numbers in `cells`, and runs.
    members: Vec<u32>,
    ranges: Arc<[CellRange]>,
}

struct Planned {
    start: u32,
    end: u32,
    lon: f64,
    lat: f64,
    /// Its first cell's merge rank and start.
    rank: u64,
    first: u32,
    /// The columns and rows its cells span.
    cols: (u64, u64),
    rows: (u64, u64),
    /// Its counts and lone shown mission in the year last asked about.
    counted: Option<(i16, StateCounts, Option<u32>)>,
}

impl LevelPlan {
    fn new(level: u32, radius: u64) -> LevelPlan {
        LevelPlan {
            level,
            radius,
            cells: Vec::new(),
            slots: Vec::new(),
            blocks: Default::default(),
        }
    }
}

/// A block's place on the curve of blocks.
fn block_of(z: u64) -> u64 {
    z >> (2 * BLOCK_BITS)
}

fn local(z: u64) -> usize {
    (z & ((1 << (2 * BLOCK_BITS)) - 1)) as usize
}

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
    /// Lets go of every level's kept cells and clusters, as a filter change does (for the
    /// benchmark of a level's first view).
    #[doc(hidden)]
    pub fn forget_levels(&self) {
        match self.levels.lock() {
            Ok(mut k) => k.clear(),
            Err(poisoned) => poisoned.into_inner().clear(),
        }
    }

    /// What the map draws for `v` in `year`, the fast way (see the module documentation).
    pub(super) fn clusters_fast(&self, v: &Viewport, year: i32) -> Vec<MapCluster> {
        let Some(key) = ViewKey::of(v) else {
            return Vec::new();
        };
        let radius = merge_radius(v);
        let mut kept = match self.levels.lock() {
            Ok(k) => k,
            Err(poisoned) => poisoned.into_inner(),
        };
        let level = key.level;
        let i = kept
            .iter()
            .position(|p| p.level == level && p.radius == radius.to_bits());
        let mut plan = match i {
            Some(i) => kept.remove(i),
            None => LevelPlan::new(level, radius.to_bits()),
        };
        if plan.cells.len() > MAX_CELLS {
            plan = LevelPlan::new(level, radius.to_bits());
        }
        let out = self.query_plan(&mut plan, key, radius, year);
        kept.insert(0, plan);
        kept.truncate(KEPT_LEVELS);
        out
    }

    /// The clusters with a cell in the view's box, counted in `year`, in merge order: the
    /// blocks whose clusters can reach the box planned first, each cluster's counts made
    /// once per year.
    fn query_plan(
        &self,
        plan: &mut LevelPlan,
        key: ViewKey,
        radius: f64,
        year: i32,
    ) -> Vec<MapCluster> {
        let y = clamp_year(year);
        let k = reach(radius, key.level);
        let last = (1u64 << key.level) - 1;
        // A cluster's cells lie within `k` cells of its first one.
        let blocks = |a: u64, b: u64| {
            (a.saturating_sub(k) >> BLOCK_BITS)..=((b + k).min(last) >> BLOCK_BITS)
        };
        let mut found: Vec<(u64, MapCluster)> = Vec::new();
        for bz in self.blocks_in(key.level, blocks(key.c0, key.c1), blocks(key.r0, key.r1)) {
            self.plan_block(plan, bz, radius);
            let LevelPlan {
                cells,
                slots,
                blocks,
                ..
            } = &mut *plan;
            let Some(bp) = blocks.get_mut(&bz).and_then(|b| b.plan.as_mut()) else {
                continue;
            };
            for p in &mut bp.clusters {
                let members = bp.members.get(p.start as usize..p.end as usize);
                let members = members.unwrap_or_default();
                if !key.overlaps(p.cols, p.rows)
                    || !members.iter().any(|&m| {
                        cells
                            .get(m as usize)
                            .is_some_and(|c| key.contains(c.col_row()))
                    })
                {
                    continue;
                }
                let ranges = bp.ranges.get(p.start as usize..p.end as usize);
                let (by_state, single) = match p.counted {
                    Some((at, counts, single)) if at == y => (counts, single),
                    _ => {
                        let mut counts = StateCounts::default();
                        for c in members.iter().filter_map(|&m| cells.get(m as usize)) {
                            counts += self.cell_counts(c, slots, y);
                        }
                        self.mask_hidden(&mut counts);
                        let single = (counts.total() == 1)
                            .then(|| self.first_shown_of(ranges.unwrap_or_default(), y))
                            .flatten();
                        p.counted = Some((y, counts, single));
                        (counts, single)
                    }
                };
                if by_state.total() == 0 {
                    continue;
                }
                found.push((
                    p.rank,
                    MapCluster {
                        lon: p.lon,
                        lat: p.lat,
                        by_state,
                        single,
                        cells: ClusterCells::new(&bp.ranges, p.start, p.end),
                        key: (p.first, key.level),
                    },
                ));
            }
        }
        found.sort_unstable_by_key(|(r, _)| *r);
        found.into_iter().map(|(_, c)| c).collect()
    }

    /// The blocks with missions among columns `cols` and rows `rows` of blocks, in curve
    /// order. A few are listed as they are; for more, the index order is walked from one
    /// block with missions inside to the next, by BIGMIN jumps.
    fn blocks_in(
        &self,
        level: u32,
        cols: std::ops::RangeInclusive<u64>,
        rows: std::ops::RangeInclusive<u64>,
    ) -> Vec<u64> {
        let (c0, c1, r0, r1) = (*cols.start(), *cols.end(), *rows.start(), *rows.end());
        let area = (c1 + 1).saturating_sub(c0) * (r1 + 1).saturating_sub(r0);
        let shift = 64 - 2 * level + 2 * BLOCK_BITS;
        if area <= 64 || shift >= 64 {
            let mut all: Vec<u64> = rows
                .flat_map(|r| cols.clone().map(move |c| morton(c as u32, r as u32)))
                .collect();
            all.sort_unstable();
            return all;
        }
        let block = |c: u64| c >> shift;
        let (zmin, zmax) = (morton(c0 as u32, r0 as u32), morton(c1 as u32, r1 as u32));
        let inside = |z: u64| {
            let (c, r) = unmorton(z);
            (c0..=c1).contains(&u64::from(c)) && (r0..=r1).contains(&u64::from(r))
        };
        let bits = 2 * (level - BLOCK_BITS);
        let mut out = Vec::new();
        let mut i = self.codes.partition_point(|&c| block(c) < zmin);
        while let Some(&code) = self.codes.get(i) {
            let b = block(code);
            if b > zmax {
                break;
            }
            let next = if inside(b) {
                out.push(b);
                b + 1
            } else {
                bigmin(b, zmin, zmax, bits)
            };
            i += self
                .codes
                .get(i..)
                .unwrap_or_default()
                .partition_point(|&c| block(c) < next)
                .max(1);
        }
        out
    }

    /// A cell's counts in `y`, from its node or its sorted slots.
    fn cell_counts(&self, c: &PlanCell, slots: &[u16], y: i16) -> StateCounts {
        if c.node != u32::MAX {
            return self.node_counts(c.node as usize, y);
        }
        let d = &c.data;
        let at = d.off as usize;
        counts_sorted(
            self.span,
            slots.get(at..).unwrap_or_default(),
            d.lens,
            d.meta.tally,
            y,
        )
    }

    /// Makes the clusters whose first cell is in block `bz`, if not made yet.
    fn plan_block(&self, plan: &mut LevelPlan, bz: u64, radius: f64) {
        self.load_block(plan, bz);
        if plan.blocks.get(&bz).is_none_or(|b| b.plan.is_some()) {
            return;
        }
        let k = reach(radius, plan.level);
        let last = (1u64 << plan.level) - 1;
        let (bx, by) = unmorton(bz);
        let side = 1u64 << BLOCK_BITS;
        let (c0, r0) = (u64::from(bx) * side, u64::from(by) * side);
        let cols = c0.saturating_sub(k)..=(c0 + side - 1 + k).min(last);
        let rows = r0.saturating_sub(k)..=(r0 + side - 1 + k).min(last);
        // Every cell near the block, its role found: (its cluster's rank, its rank, it).
        let mut joined: Vec<(u64, u64, u32)> = Vec::new();
        for row in rows {
            for col in cols.clone() {
                let Some(c) = self.cell_at(plan, col, row) else {
                    continue;
                };
                let first = self.role(plan, c, radius);
                let (Some(cell), Some(head)) =
                    (plan.cells.get(c as usize), plan.cells.get(first as usize))
                else {
                    continue;
                };
                if block_of(head.z) == bz {
                    joined.push((head.rank(), cell.rank(), c));
                }
            }
        }
        joined.sort_unstable();
        let mut bp = BlockPlan {
            clusters: Vec::new(),
            members: Vec::with_capacity(joined.len()),
            ranges: Arc::new([]),
        };
        let mut ranges = Vec::with_capacity(joined.len());
        for group in joined.chunk_by(|a, b| a.0 == b.0) {
            let start = to_u32(bp.members.len());
            let cells: Vec<&PlanCell> = group
                .iter()
                .filter_map(|&(_, _, c)| plan.cells.get(c as usize))
                .collect();
            let Some(head) = cells.first() else {
                continue;
            };
            let (mut cs, mut rs) = ((u64::MAX, 0), (u64::MAX, 0));
            for c in &cells {
                let (col, row) = c.col_row();
                cs = (cs.0.min(col), cs.1.max(col));
                rs = (rs.0.min(row), rs.1.max(row));
                ranges.push(CellRange {
                    start: c.start,
                    end: c.end,
                });
            }
            bp.members.extend(group.iter().map(|g| g.2));
            let (lon, lat) = centroid(cells.iter().map(|c| &c.data.meta));
            bp.clusters.push(Planned {
                start,
                end: to_u32(bp.members.len()),
                lon,
                lat,
                rank: head.rank(),
                first: head.start,
                cols: cs,
                rows: rs,
                counted: None,
            });
        }
        bp.ranges = ranges.into();
        if let Some(b) = plan.blocks.get_mut(&bz) {
            b.plan = Some(bp);
        }
    }

    /// The first cell of the cluster cell `c` belongs to: the cluster of the largest cell
    /// within the radius that starts one, else its own. Found by looking at larger cells
    /// nearby first (a stack, not recursion: the chain may be long).
    fn role(&self, plan: &mut LevelPlan, c: u32, radius: f64) -> u32 {
        if let Some(known) = plan.cells.get(c as usize).map(|x| x.role)
            && known != UNKNOWN
        {
            return known;
        }
        let k = reach(radius, plan.level);
        let last = (1u64 << plan.level) - 1;
        let mut stack = vec![c];
        let mut near: Vec<(u64, u32)> = Vec::new();
        while let Some(&x) = stack.last() {
            let Some(&cell) = plan.cells.get(x as usize) else {
                stack.pop();
                continue;
            };
            if cell.role != UNKNOWN {
                stack.pop();
                continue;
            }
            let (col, row) = cell.col_row();
            near.clear();
            for r in row.saturating_sub(k)..=(row + k).min(last) {
                for q in col.saturating_sub(k)..=(col + k).min(last) {
                    let Some(d) = self.cell_at(plan, q, r) else {
                        continue;
                    };
                    let Some(other) = plan.cells.get(d as usize) else {
                        continue;
                    };
                    let near_enough = within((other.px, other.py), (cell.px, cell.py), radius);
                    if other.rank() < cell.rank() && near_enough {
                        near.push((other.rank(), d));
                    }
                }
            }
            near.sort_unstable();
            let mut role = x;
            let mut pending = None;
            for &(_, d) in &near {
                match plan.cells.get(d as usize).map(|o| o.role) {
                    Some(UNKNOWN) => {
                        pending = Some(d);
                        break;
                    }
                    Some(r) if r == d => {
                        role = d;
                        break;
                    }
                    _ => {}
                }
            }
            if let Some(d) = pending {
                stack.push(d);
                continue;
            }
            if let Some(c) = plan.cells.get_mut(x as usize) {
                c.role = role;
            }
            stack.pop();
        }
        plan.cells.get(c as usize).map_or(c, |x| x.role)
    }

    /// The cell at column `col`, row `row` of the level, if it has filtered missions.
    fn cell_at(&self, plan: &mut LevelPlan, col: u64, row: u64) -> Option<u32> {
        let z = morton(col as u32, row as u32);
        let bz = block_of(z);
        self.load_block(plan, bz);
        let b = plan.blocks.get(&bz)?;
        let off = *b.at.as_ref()?.get(local(z))?;
        (off != u16::MAX).then_some(b.first + u32::from(off))
    }

    /// Reads block `bz`'s cells from the index, if not read yet.
    fn load_block(&self, plan: &mut LevelPlan, bz: u64) {
        if plan.blocks.contains_key(&bz) {
            return;
        }
        let level = plan.level;
        let shift = 64 - 2 * level;
        let prefix = |c: u64| c >> shift;
        let from = self.codes.partition_point(|&c| block_of(prefix(c)) < bz);
        let to = self.codes.partition_point(|&c| block_of(prefix(c)) <= bz);
        let world = world_px(level);
        let mut block = Block {
            first: to_u32(plan.cells.len()),
            at: None,
            plan: None,
        };
        if from == to {
            plan.blocks.insert(bz, block);
            return;
        }
        let at_cells = block.at.insert(Box::new([u16::MAX; 1 << (2 * BLOCK_BITS)]));
        let mut room: Vec<u16> = Vec::with_capacity(BIG);
        let mut at = from;
        while at < to {
            let Some(&code) = self.codes.get(at) else {
                break;
            };
            let z = prefix(code);
            let len = self
                .codes
                .get(at..to)
                .unwrap_or_default()
                .partition_point(|&c| prefix(c) == z)
                .max(1);
            let (start, end) = (to_u32(at), to_u32(at + len));
            at += len;
            let node = if len >= BIG {
                self.node_of(level, z)
            } else {
                u32::MAX
            };
            let before = plan.slots.len();
            let data = self.view_cell(start, end, node, &mut plan.slots, &mut room);
            if data.meta.tally.total == 0 {
                plan.slots.truncate(before);
                continue;
            }
            let (px, py) = place(&data.meta, world);
            if let Some(slot) = at_cells.get_mut(local(z)) {
                *slot = u16::try_from(plan.cells.len() - block.first as usize).unwrap_or(0);
            }
            plan.cells.push(PlanCell {
                z,
                start,
                end,
                node,
                data,
                px,
                py,
                role: UNKNOWN,
            });
        }
        plan.blocks.insert(bz, block);
    }

    /// The big node of the cell at `level` with curve position `z`, if it has one.
    pub(super) fn node_of(&self, level: u32, z: u64) -> u32 {
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
}

/// The columns and rows of cells a viewport overlaps at its level.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct ViewKey {
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
            level,
            c0,
            c1,
            r0,
            r1,
        })
    }

    fn contains(&self, (col, row): (u64, u64)) -> bool {
        (self.c0..=self.c1).contains(&col) && (self.r0..=self.r1).contains(&row)
    }

    fn overlaps(&self, cols: (u64, u64), rows: (u64, u64)) -> bool {
        cols.0 <= self.c1 && cols.1 >= self.c0 && rows.0 <= self.r1 && rows.1 >= self.r0
    }
}
