//! What the map draws for a viewport: the cells of the zoom's grid level with filtered
//! missions, merged into clusters largest first, for the whole level; the clusters with a
//! cell in view and something shown in the year are drawn. Neither the clusters nor where
//! they are depend on the year or the view.

use super::*;

/// What counting a cell needs besides its node: its filtered missions' coordinate sums and
/// tally and, for a small cell, where its sorted year slots are.
#[derive(Debug, Clone, Copy)]
pub(super) struct CellData {
    pub(super) meta: NodeMeta,
    /// A small cell's filtered missions' change-year slots, kind after kind ([`EVENTS`],
    /// `lens` of each), each kind's sorted, at `slots[off..]` (a big cell counts from its
    /// node instead).
    pub(super) off: u32,
    pub(super) lens: [u16; EVENTS],
}

/// A cell's place in the merge order: most filtered missions (any year) first, then by
/// position on the curve. Smaller comes first.
pub(super) fn rank(total: u32, start: u32) -> u64 {
    (u64::from(u32::MAX - total) << 32) | u64::from(start)
}

/// The largest merge radius (pixels) taken as asked; a larger one is taken as this.
pub const MAX_RADIUS: f64 = 256.0;

/// The viewport's merge radius, in pixels at the level's whole zoom: at least a trace
/// (none or not a number: a trace) and at most [`MAX_RADIUS`].
pub(super) fn merge_radius(v: &Viewport) -> f64 {
    if v.radius.is_nan() {
        1e-9
    } else {
        v.radius.clamp(1e-9, MAX_RADIUS)
    }
}

/// How many cells from a cluster's first cell its other cells can be: cells are
/// 2^(8 − CELL_BITS) pixels wide at the level's zoom, and a cell's position lies in it.
pub(super) fn reach(radius: f64, level: u32) -> u64 {
    let cell = world_px(level) / f64::from(1u32 << level);
    ((radius / cell).floor() as u64)
        .saturating_add(1)
        .min(1 << level)
}

/// How many pixels wide the world is at `level`'s whole zoom (256 px tiles, cells of
/// 2^(8 − CELL_BITS) px): where the merge measures its radius.
pub(super) fn world_px(level: u32) -> f64 {
    f64::from(1u32 << (level + 8 - CELL_BITS))
}

/// Where a cell (or cluster) is, in pixels of a world `world` pixels wide: the centroid of
/// its filtered missions in any year.
pub(super) fn place(meta: &NodeMeta, world: f64) -> (f64, f64) {
    let t = f64::from(meta.tally.total.max(1));
    (meta.sx / t / SCALE * world, meta.sy / t / SCALE * world)
}

/// Whether a cell at `at` lies within `radius` of a cluster's first cell at `head` (both
/// in pixels from [`place`]): then it may join that cluster.
pub(super) fn within(head: (f64, f64), at: (f64, f64), radius: f64) -> bool {
    (head.0 - at.0).powi(2) + (head.1 - at.1).powi(2) <= radius * radius
}

/// A cluster's position (lon, lat) from its cells, added up in merge order.
pub(super) fn centroid<'a>(cells: impl Iterator<Item = &'a NodeMeta>) -> (f64, f64) {
    let (mut sx, mut sy, mut total) = (0.0, 0.0, 0.0);
    for m in cells {
        sx += m.sx;
        sy += m.sy;
        total += f64::from(m.tally.total);
    }
    let t = f64::max(total, 1.0);
    let (x, y) = (sx / t / SCALE, sy / t / SCALE);
    (x * 360.0 - 180.0, inverse_mercator_y(y))
}

impl MissionIndex {
    /// A big node's counts in `y`, from its per-year counts.
    pub(super) fn node_counts(&self, id: usize, y: i16) -> StateCounts {
        let w = self.span.width();
        let tally = self.node_meta.get(id).map(|m| m.tally).unwrap_or_default();
        let h = self.node_hist.get(id * w..id * w + w).unwrap_or_default();
        counts_from(self.span, h, tally, y)
    }

    /// Counts a run of the order by scanning it, mission by mission (the plain way).
    fn scan_counts(&self, start: u32, end: u32, y: i16) -> StateCounts {
        let mut counts = StateCounts::default();
        if let Some(r) = self.run(start, end) {
            for (&p, yr) in r.pass.iter().zip(r.years) {
                if p {
                    counts[yr.state(y, &self.breaks)] += 1;
                }
            }
        }
        counts
    }

    /// What counting a cell needs: a big cell's node meta, or a small cell's sums and its
    /// filtered missions' change-year slots, sorted kind by kind, appended to `slots`
    /// (`room` is where each kind is gathered and sorted).
    pub(super) fn view_cell(
        &self,
        start: u32,
        end: u32,
        node: u32,
        slots: &mut Vec<u16>,
        room: &mut Vec<u16>,
    ) -> CellData {
        let mut cell = CellData {
            meta: NodeMeta::default(),
            off: 0,
            lens: [0; EVENTS],
        };
        if node != u32::MAX {
            cell.meta = self
                .node_meta
                .get(node as usize)
                .copied()
                .unwrap_or_default();
            return cell;
        }
        cell.off = to_u32(slots.len());
        let Some(r) = self.run(start, end) else {
            return cell;
        };
        for (&p, &code) in r.pass.iter().zip(r.codes) {
            if p {
                let (x, yy) = unmorton(code);
                cell.meta.sx += f64::from(x);
                cell.meta.sy += f64::from(yy);
            }
        }
        for (kind, len) in cell.lens.iter_mut().enumerate().take(self.span.kinds) {
            room.clear();
            for (&p, yr) in r.pass.iter().zip(r.years) {
                if !p {
                    continue;
                }
                if kind == 0 {
                    cell.meta.tally.add(*yr);
                }
                yr.each_event(&self.breaks, |k, e| {
                    if k == kind {
                        room.push(slot16(self.span, e));
                    }
                });
            }
            room.sort_unstable();
            // (A small cell has fewer than `BIG` missions: the counts fit.)
            *len = room.len() as u16;
            slots.extend_from_slice(room);
        }
        cell
    }

    /// Zeroes the counts of the states the filter hides.
    pub(super) fn mask_hidden(&self, counts: &mut StateCounts) {
        for s in TimelineState::ALL {
            if !self.shown[s] {
                counts[s] = 0;
            }
        }
    }

    /// The first mission shown in `y` in any of the runs (for a cluster showing one).
    pub(super) fn first_shown_of(&self, ranges: &[CellRange], y: i16) -> Option<u32> {
        ranges
            .iter()
            .find_map(|r| self.shown_of_run(r.start, r.end, y).next())
    }

    /// What the map draws for viewport `v` in `year`: clusters (with their counts per
    /// state) and single missions, in merge order. Deterministic; neither the clusters
    /// nor their positions depend on `year` or on where the view is, only which of them
    /// show (those with a cell in view and something shown in `year`). Made block by
    /// block and kept (the `levels` module).
    pub fn clusters(&self, v: &Viewport, year: i32) -> Vec<MapCluster> {
        self.clusters_fast(v, year)
    }

    /// [`MissionIndex::clusters`] the plain way: every cell of the level with filtered
    /// missions, merged largest first (each joins the first cluster whose first cell lies
    /// within the radius, at the level's zoom, or starts one); then the clusters with a
    /// cell overlapping the viewport, counted by scanning their cells. The same answer;
    /// kept to check the fast one against.
    #[doc(hidden)]
    pub fn clusters_plain(&self, v: &Viewport, year: i32) -> Vec<MapCluster> {
        let level = v.level();
        let y = clamp_year(year);
        let radius = merge_radius(v);
        let world = world_px(level);
        // Every cell of the level with filtered missions: (its column and row, its run,
        // its sums).
        let shift = 64 - 2 * level;
        let mut cells: Vec<((u32, u32), CellRange, NodeMeta)> = Vec::new();
        let (mut slots, mut room) = (Vec::new(), Vec::new());
        let mut at = 0;
        for run in self.codes.chunk_by(|a, b| a >> shift == b >> shift) {
            let (start, end) = (to_u32(at), to_u32(at + run.len()));
            at += run.len();
            let Some(&code) = run.first() else {
                continue;
            };
            let node = self.node_of(level, code >> shift);
            slots.clear();
            let meta = self.view_cell(start, end, node, &mut slots, &mut room).meta;
            if meta.tally.total > 0 {
                cells.push((unmorton(code >> shift), CellRange { start, end }, meta));
            }
        }
        cells.sort_by_key(|(_, r, m)| rank(m.tally.total, r.start));
        // The merge, with the clusters' first cells on a grid of squares as wide as the
        // radius: a first cell within the radius is in the same square or a neighbour.
        let mut heads: Vec<((f64, f64), Vec<usize>)> = Vec::new();
        let mut grid: std::collections::HashMap<(i64, i64), Vec<usize>> = Default::default();
        for (k, (_, _, meta)) in cells.iter().enumerate() {
            let (px, py) = place(meta, world);
            let (gx, gy) = ((px / radius).floor() as i64, (py / radius).floor() as i64);
            let mut best: Option<usize> = None;
            for sy in gy - 1..=gy + 1 {
                for sx in gx - 1..=gx + 1 {
                    for &h in grid.get(&(sx, sy)).map_or(&[][..], Vec::as_slice) {
                        let Some((head, _)) = heads.get(h) else {
                            continue;
                        };
                        if within(*head, (px, py), radius) && best.is_none_or(|b| h < b) {
                            best = Some(h);
                        }
                    }
                }
            }
            match best.and_then(|b| heads.get_mut(b)) {
                Some((_, members)) => members.push(k),
                None => {
                    grid.entry((gx, gy)).or_default().push(heads.len());
                    heads.push(((px, py), vec![k]));
                }
            }
        }
        // The clusters with a cell in view, counted in `y`.
        let (vx0, vx1) = (v.x0.min(v.x1), v.x0.max(v.x1));
        let (vy0, vy1) = (v.y0.min(v.y1), v.y0.max(v.y1));
        let size = 1.0 / f64::from(1u32 << level.min(31));
        let in_view = |(col, row): (u32, u32)| {
            let (cx, cy) = (f64::from(col) * size, f64::from(row) * size);
            !(cx > vx1 || cx + size < vx0 || cy > vy1 || cy + size < vy0)
        };
        let mut out = Vec::new();
        for (_, members) in heads {
            let of = |k: &usize| cells.get(*k);
            if !members.iter().filter_map(of).any(|c| in_view(c.0)) {
                continue;
            }
            let ranges: std::sync::Arc<[CellRange]> =
                members.iter().filter_map(of).map(|c| c.1).collect();
            let mut by_state = StateCounts::default();
            for r in ranges.iter() {
                by_state += self.scan_counts(r.start, r.end, y);
            }
            self.mask_hidden(&mut by_state);
            if by_state.total() == 0 {
                continue;
            }
            let single = if by_state.total() == 1 {
                self.first_shown_of(&ranges, y)
            } else {
                None
            };
            let (lon, lat) = centroid(members.iter().filter_map(of).map(|c| &c.2));
            let first = ranges.first().map_or(0, |r| r.start);
            out.push(MapCluster {
                lon,
                lat,
                by_state,
                single,
                cells: ClusterCells::new(&ranges, 0, to_u32(ranges.len())),
                key: (first, level),
            });
        }
        out
    }

    /// Whether mission `i` lies in one of the cluster's cells (shown or not).
    pub fn cluster_contains(&self, cluster: &MapCluster, i: usize) -> bool {
        let Some(&pos) = self.rank.get(i) else {
            return false;
        };
        cluster
            .cells
            .iter()
            .any(|r| (r.start..r.end).contains(&pos))
    }

    /// The missions a cluster shows in `year`, in index order, at most `limit`.
    pub fn members(&self, cluster: &MapCluster, year: i32, limit: usize) -> Vec<u32> {
        let y = clamp_year(year);
        cluster
            .cells
            .iter()
            .flat_map(|r| self.shown_of_run(r.start, r.end, y))
            .take(limit)
            .collect()
    }
}

/// A year's slot in the span, as the small cells keep it (spans are at most 4096 years).
fn slot16(span: Span, y: i16) -> u16 {
    u16::try_from(span.slot(y)).unwrap_or(u16::MAX)
}
