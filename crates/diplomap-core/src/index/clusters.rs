//! What the map draws for a viewport: the cells of the zoom's grid level with their
//! counts, merged into clusters largest first. Positions do not depend on the year.

use super::*;

/// How cells merged, before the year's counts: for each cluster, where it is drawn, its
/// key, and its cells — their places in the list it was merged from (`members`) and their
/// runs (`ranges`), both at `start..end`, the runs shared by every cluster made from it.
#[derive(Debug, Clone, Default)]
pub(super) struct Plan {
    clusters: Vec<Planned>,
    members: Vec<u32>,
    ranges: std::sync::Arc<[CellRange]>,
}

#[derive(Debug, Clone)]
struct Planned {
    start: u32,
    end: u32,
    lon: f64,
    lat: f64,
    key: (u32, u32),
}

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
    /// The cells come from the level's kept table (the `levels` module).
    pub fn clusters(&self, v: &Viewport, year: i32) -> Vec<MapCluster> {
        self.clusters_fast(v, year)
    }

    /// [`MissionIndex::clusters`] the plain way: the quadtree walked down to the
    /// viewport's cells, then sorted. The same answer; kept to check the fast one against.
    #[doc(hidden)]
    pub fn clusters_plain(&self, v: &Viewport, year: i32) -> Vec<MapCluster> {
        let mut cells = self.cells(v, year);
        // Largest (by filtered missions in any year) first; ties by position on the curve.
        cells.sort_by(|a, b| {
            b.meta
                .tally
                .total
                .cmp(&a.meta.tally.total)
                .then(a.range.start.cmp(&b.range.start))
        });
        self.merge(v, year, cells)
    }

    /// Merges cells given in merge order: each joins the first cluster (in the order made)
    /// whose first cell lies within the radius, or starts one.
    fn merge(&self, v: &Viewport, year: i32, cells: Vec<CellOut>) -> Vec<MapCluster> {
        let plan = self.plan(v, &cells);
        self.fill(&plan, &cells, year)
    }

    /// Which cells merge into which clusters, and where these are: none of it depends on
    /// the year, only on the cells (in merge order) and the viewport's zoom and radius.
    pub(super) fn plan(&self, v: &Viewport, cells: &[CellOut]) -> Plan {
        let world = 256.0 * 2f64.powf(v.zoom.clamp(0.0, 30.0));
        let radius = v.radius.max(1e-9);
        let place = |c: &CellOut| {
            let t = f64::from(c.meta.tally.total.max(1));
            (c.meta.sx / t / SCALE * world, c.meta.sy / t / SCALE * world)
        };
        // A flat grid of squares no smaller than the radius (so a cluster within the
        // radius is in the same square or a neighbour), at most 256 to a side.
        let places: Vec<(f64, f64)> = cells.iter().map(place).collect();
        let (mut lo, mut hi) = ((f64::MAX, f64::MAX), (f64::MIN, f64::MIN));
        for &(x, y) in &places {
            lo = (lo.0.min(x), lo.1.min(y));
            hi = (hi.0.max(x), hi.1.max(y));
        }
        let extent = (hi.0 - lo.0).max(hi.1 - lo.1).max(0.0);
        let square = radius.max(extent / 255.0);
        // (Numbers ≥ 0 here: `as` truncates them as `floor` would, without a call.)
        let side = |a: f64, b: f64| (((b - a) / square).clamp(0.0, 255.0) as usize) + 1;
        let (w, h) = if cells.is_empty() {
            (0, 0)
        } else {
            (side(lo.0, hi.0), side(lo.1, hi.1))
        };
        let square_of = |x: f64, y: f64| {
            let g = |v: f64, o: f64, n: usize| {
                (((v - o) / square).max(0.0) as usize).min(n.saturating_sub(1))
            };
            (g(x, lo.0, w), g(y, lo.1, h))
        };
        struct Acc {
            sx: f64,
            sy: f64,
            total: f64,
            px: f64,
            py: f64,
            /// Its first and last cell; each cell's next is in `after`.
            first: u32,
            last: u32,
            count: u32,
            /// The next cluster started in the same square.
            next: u32,
        }
        let mut accs: Vec<Acc> = Vec::new();
        let mut after = vec![u32::MAX; cells.len()];
        let mut heads = vec![u32::MAX; w * h];
        for (k, (c, (px, py))) in cells.iter().zip(places).enumerate() {
            let (gx, gy) = square_of(px, py);
            let mut best: Option<usize> = None;
            for sy in gy.saturating_sub(1)..=(gy + 1).min(h.saturating_sub(1)) {
                for sx in gx.saturating_sub(1)..=(gx + 1).min(w.saturating_sub(1)) {
                    let mut a = heads.get(sy * w + sx).copied().unwrap_or(u32::MAX);
                    while let Some(acc) = accs.get(a as usize) {
                        let d2 = (acc.px - px).powi(2) + (acc.py - py).powi(2);
                        if d2 <= radius * radius && best.is_none_or(|b| (a as usize) < b) {
                            best = Some(a as usize);
                        }
                        a = acc.next;
                    }
                }
            }
            match best.and_then(|b| accs.get_mut(b)) {
                Some(acc) => {
                    acc.sx += c.meta.sx;
                    acc.sy += c.meta.sy;
                    acc.total += f64::from(c.meta.tally.total);
                    if let Some(a) = after.get_mut(acc.last as usize) {
                        *a = to_u32(k);
                    }
                    acc.last = to_u32(k);
                    acc.count += 1;
                }
                None => {
                    let head = heads.get_mut(gy * w + gx);
                    let next = head.as_deref().copied().unwrap_or(u32::MAX);
                    if let Some(hd) = head {
                        *hd = to_u32(accs.len());
                    }
                    accs.push(Acc {
                        sx: c.meta.sx,
                        sy: c.meta.sy,
                        total: f64::from(c.meta.tally.total),
                        px,
                        py,
                        first: to_u32(k),
                        last: to_u32(k),
                        count: 1,
                        next,
                    });
                }
            }
        }
        let level = v.level();
        let mut members = Vec::with_capacity(cells.len());
        let clusters = accs
            .iter()
            .map(|a| {
                let start = to_u32(members.len());
                let mut k = a.first;
                for _ in 0..a.count {
                    members.push(k);
                    k = after.get(k as usize).copied().unwrap_or(u32::MAX);
                }
                let t = a.total.max(1.0);
                let (x, yy) = (a.sx / t / SCALE, a.sy / t / SCALE);
                let first = cells.get(a.first as usize).map_or(0, |c| c.range.start);
                Planned {
                    start,
                    end: to_u32(members.len()),
                    lon: x * 360.0 - 180.0,
                    lat: inverse_mercator_y(yy),
                    key: (first, level),
                }
            })
            .collect();
        let ranges = members
            .iter()
            .filter_map(|&k| cells.get(k as usize).map(|c| c.range))
            .collect::<Vec<_>>()
            .into();
        Plan {
            clusters,
            members,
            ranges,
        }
    }

    /// The clusters of a plan in one year: the cells' counts (`cells`, as the plan was
    /// made from) added up, and a lone shown mission named.
    pub(super) fn fill(&self, plan: &Plan, cells: &[CellOut], year: i32) -> Vec<MapCluster> {
        let y = clamp_year(year);
        plan.clusters
            .iter()
            .map(|p| {
                let span = p.start as usize..p.end as usize;
                let members = plan.members.get(span.clone()).unwrap_or_default();
                let ranges = plan.ranges.get(span).unwrap_or_default();
                let mut by_state = StateCounts::default();
                for &k in members {
                    if let Some(c) = cells.get(k as usize) {
                        by_state += c.by_state;
                    }
                }
                let single = if by_state.total() == 1 {
                    match members {
                        [k] if cells.get(*k as usize).is_some_and(|c| c.single.is_some()) => {
                            cells.get(*k as usize).and_then(|c| c.single)
                        }
                        _ => ranges
                            .iter()
                            .find_map(|r| self.first_shown(r.start, r.end, y)),
                    }
                } else {
                    None
                };
                MapCluster {
                    lon: p.lon,
                    lat: p.lat,
                    by_state,
                    single,
                    cells: ClusterCells::new(&plan.ranges, p.start, p.end),
                    key: p.key,
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
