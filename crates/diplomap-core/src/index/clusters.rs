//! What the map draws for a viewport: the cells of the zoom's grid level with their
//! counts, merged into clusters largest first. Positions do not depend on the year.

use super::*;

pub(super) struct CellOut {
    pub(super) range: CellRange,
    pub(super) by_state: StateCounts,
    pub(super) meta: NodeMeta,
    pub(super) single: Option<u32>,
}

impl MissionIndex {
    pub(super) fn node_counts(&self, id: usize, y: i16) -> (StateCounts, NodeMeta) {
        let w = 2 * self.span.len;
        let meta = self.node_meta.get(id).copied().unwrap_or_default();
        let h = self.node_hist.get(id * w..id * w + w).unwrap_or_default();
        let (opened, closed) = h.split_at(h.len() / 2);
        (counts_from(self.span, opened, closed, meta.tally, y), meta)
    }

    /// Counts a small cell by scanning it; also finds its mission when only one is shown.
    pub(super) fn scan_counts(
        &self,
        start: u32,
        end: u32,
        y: i16,
    ) -> (StateCounts, NodeMeta, Option<u32>) {
        let mut counts = StateCounts::default();
        let mut meta = NodeMeta::default();
        let mut last = None;
        let Some(r) = self.run(start, end) else {
            return (counts, meta, None);
        };
        for (((&p, yr), &code), &i) in r.pass.iter().zip(r.years).zip(r.codes).zip(r.order) {
            if !p {
                continue;
            }
            meta.tally.total += 1;
            let (x, yy) = unmorton(code);
            meta.sx += f64::from(x);
            meta.sy += f64::from(yy);
            let st = yr.state(y);
            counts[st] += 1;
            if self.shown[st] {
                last = Some(i);
            }
        }
        (counts, meta, last)
    }

    /// The first shown mission of a cell (for cells showing exactly one).
    pub(super) fn first_shown(&self, start: u32, end: u32, y: i16) -> Option<u32> {
        self.shown_of_run(start, end, y).next()
    }

    /// The cells of the viewport's level that it overlaps, with what they show in `year`.
    pub(super) fn cells(&self, v: &Viewport, year: i32) -> Vec<CellOut> {
        let level = v.level();
        let y = clamp_year(year);
        let mut out = Vec::new();
        // (level, prefix, start, end, big node or MAX)
        let n = to_u32(self.codes.len());
        if n == 0 {
            return out;
        }
        let mut stack: Vec<(u32, u64, u32, u32, u32)> = vec![(0, 0, 0, n, 0)];
        let (vx0, vx1) = (v.x0.min(v.x1), v.x0.max(v.x1));
        let (vy0, vy1) = (v.y0.min(v.y1), v.y0.max(v.y1));
        while let Some((l, prefix, start, end, node)) = stack.pop() {
            if start >= end {
                continue;
            }
            // The cell's extent.
            let size = 1.0 / f64::from(1u32 << l.min(31));
            let (cx, cy) = unmorton(prefix << (64 - 2 * l).min(63));
            let (cx, cy) = (f64::from(cx) / SCALE, f64::from(cy) / SCALE);
            let (cx, cy) = if l == 0 { (0.0, 0.0) } else { (cx, cy) };
            if cx > vx1 || cx + size < vx0 || cy > vy1 || cy + size < vy0 {
                continue;
            }
            if l == level {
                let (by_state, meta, single) = if node != u32::MAX {
                    let (c, m) = self.node_counts(node as usize, y);
                    (c, m, None)
                } else {
                    self.scan_counts(start, end, y)
                };
                let mut by_state = by_state;
                for s in TimelineState::ALL {
                    if !self.shown[s] {
                        by_state[s] = 0;
                    }
                }
                if by_state.total() > 0 {
                    out.push(CellOut {
                        range: CellRange { start, end },
                        by_state,
                        meta,
                        single,
                    });
                }
                continue;
            }
            let bounds = self.split(l, prefix, start, end);
            let kids = self
                .nodes
                .get(node as usize)
                .filter(|_| node != u32::MAX)
                .map_or([u32::MAX; 4], |n| n.children);
            for ((q, w), kid) in [0u64, 1, 2, 3]
                .into_iter()
                .zip(bounds.windows(2))
                .zip(kids)
                .rev()
            {
                if let &[s, e] = w {
                    stack.push((l + 1, prefix * 4 + q, s, e, kid));
                }
            }
        }
        out
    }

    /// What the map draws for viewport `v` in `year`: clusters (with their counts per
    /// state) and single missions. Deterministic; positions do not depend on `year`.
    pub fn clusters(&self, v: &Viewport, year: i32) -> Vec<MapCluster> {
        let y = clamp_year(year);
        let mut cells = self.cells(v, year);
        // Largest (by filtered missions in any year) first; ties by position on the curve.
        cells.sort_by(|a, b| {
            b.meta
                .tally
                .total
                .cmp(&a.meta.tally.total)
                .then(a.range.start.cmp(&b.range.start))
        });
        let world = 256.0 * 2f64.powf(v.zoom.clamp(0.0, 30.0));
        let radius = v.radius.max(1e-9);
        let cell_of = |x: f64, y: f64| ((x / radius).floor() as i64, (y / radius).floor() as i64);
        struct Acc {
            sx: f64,
            sy: f64,
            total: f64,
            px: f64,
            py: f64,
            by_state: StateCounts,
            cells: Vec<CellRange>,
            single: Option<u32>,
        }
        let mut accs: Vec<Acc> = Vec::new();
        let mut grid: HashMap<(i64, i64), Vec<usize>> = HashMap::new();
        for c in cells {
            let t = f64::from(c.meta.tally.total.max(1));
            let (px, py) = (c.meta.sx / t / SCALE * world, c.meta.sy / t / SCALE * world);
            let (gx, gy) = cell_of(px, py);
            let mut best: Option<usize> = None;
            for dx in -1..=1 {
                for dy in -1..=1 {
                    for &a in grid.get(&(gx + dx, gy + dy)).into_iter().flatten() {
                        if let Some(acc) = accs.get(a) {
                            let d2 = (acc.px - px).powi(2) + (acc.py - py).powi(2);
                            if d2 <= radius * radius && best.is_none_or(|b| a < b) {
                                best = Some(a);
                            }
                        }
                    }
                }
            }
            match best.and_then(|b| accs.get_mut(b)) {
                Some(acc) => {
                    acc.sx += c.meta.sx;
                    acc.sy += c.meta.sy;
                    acc.total += f64::from(c.meta.tally.total);
                    acc.by_state += c.by_state;
                    acc.cells.push(c.range);
                    acc.single = None;
                }
                None => {
                    grid.entry((gx, gy)).or_default().push(accs.len());
                    accs.push(Acc {
                        sx: c.meta.sx,
                        sy: c.meta.sy,
                        total: f64::from(c.meta.tally.total),
                        px,
                        py,
                        by_state: c.by_state,
                        cells: vec![c.range],
                        single: c.single,
                    });
                }
            }
        }
        let level = v.level();
        accs.into_iter()
            .map(|a| {
                let count = a.by_state.total();
                let single = if count == 1 {
                    a.single.or_else(|| {
                        a.cells
                            .iter()
                            .find_map(|r| self.first_shown(r.start, r.end, y))
                    })
                } else {
                    None
                };
                let t = a.total.max(1.0);
                let (x, yy) = (a.sx / t / SCALE, a.sy / t / SCALE);
                MapCluster {
                    lon: x * 360.0 - 180.0,
                    lat: inverse_mercator_y(yy),
                    by_state: a.by_state,
                    single,
                    key: (a.cells.first().map_or(0, |r| r.start), level),
                    cells: a.cells,
                }
            })
            .collect()
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
