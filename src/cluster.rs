//! Screen-space clustering of markers: points closer than a radius (in pixels) merge into
//! one cluster. Deterministic: the result depends only on the points and their order.

use std::collections::HashMap;

/// A marker projected to the screen.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ScreenPoint {
    /// Index of the mission in the data set.
    pub index: usize,
    pub x: f32,
    pub y: f32,
}

/// A group of markers drawn as one.
#[derive(Debug, Clone, PartialEq)]
pub struct Cluster {
    /// Mission indexes, in input order.
    pub members: Vec<usize>,
    /// Where the cluster is drawn: the mean of its members.
    pub x: f32,
    pub y: f32,
}

impl Cluster {
    pub fn len(&self) -> usize {
        self.members.len()
    }

    pub fn is_empty(&self) -> bool {
        self.members.is_empty()
    }
}

/// A cluster's first point: (cluster index, x, y).
type Seed = (usize, f32, f32);

/// Groups `points` so that every point joins the first cluster whose seed lies within
/// `radius` of it. Runs in about O(n) with a grid of `radius`-sized cells.
pub fn cluster(points: &[ScreenPoint], radius: f32) -> Vec<Cluster> {
    let radius = radius.max(f32::EPSILON);
    let cell = |v: f32| (v / radius).floor() as i64;
    // Seeds per grid cell: (cluster index, seed x, seed y).
    let mut grid: HashMap<(i64, i64), Vec<Seed>> = HashMap::new();
    let mut clusters: Vec<Cluster> = Vec::new();
    let mut sums: Vec<(f64, f64)> = Vec::new();
    let r2 = radius * radius;
    for p in points {
        let (cx, cy) = (cell(p.x), cell(p.y));
        let mut best: Option<usize> = None;
        for dx in -1..=1 {
            for dy in -1..=1 {
                if let Some(seeds) = grid.get(&(cx + dx, cy + dy)) {
                    for &(ci, sx, sy) in seeds {
                        let d2 = (sx - p.x).powi(2) + (sy - p.y).powi(2);
                        if d2 <= r2 && best.is_none_or(|b| ci < b) {
                            best = Some(ci);
                        }
                    }
                }
            }
        }
        match best.and_then(|b| clusters.get_mut(b).zip(sums.get_mut(b))) {
            Some((c, s)) => {
                c.members.push(p.index);
                s.0 += f64::from(p.x);
                s.1 += f64::from(p.y);
            }
            None => {
                grid.entry((cx, cy))
                    .or_default()
                    .push((clusters.len(), p.x, p.y));
                clusters.push(Cluster {
                    members: vec![p.index],
                    x: p.x,
                    y: p.y,
                });
                sums.push((f64::from(p.x), f64::from(p.y)));
            }
        }
    }
    for (c, (sx, sy)) in clusters.iter_mut().zip(sums) {
        let n = c.members.len() as f64;
        c.x = (sx / n) as f32;
        c.y = (sy / n) as f32;
    }
    clusters
}

/// Positions for the members of an expanded cluster: a circle (or, for many, a spiral)
/// around its centre, so that every member can be clicked on its own.
pub fn spread(n: usize, cx: f32, cy: f32, spacing: f32) -> Vec<(f32, f32)> {
    if n <= 1 {
        return vec![(cx, cy); n];
    }
    if n <= 8 {
        let r = spacing * (n as f32) / std::f32::consts::TAU * 1.6;
        let r = r.max(spacing);
        return (0..n)
            .map(|i| {
                let a = std::f32::consts::TAU * i as f32 / n as f32 - std::f32::consts::FRAC_PI_2;
                (cx + r * a.cos(), cy + r * a.sin())
            })
            .collect();
    }
    // Archimedean spiral with constant spacing along the curve.
    let mut out = Vec::with_capacity(n);
    let mut angle: f32 = 0.0;
    for _ in 0..n {
        let r = spacing * (1.0 + angle / std::f32::consts::TAU);
        out.push((cx + r * angle.cos(), cy + r * angle.sin()));
        angle += spacing / r.max(1.0);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pts(xy: &[(f32, f32)]) -> Vec<ScreenPoint> {
        xy.iter()
            .enumerate()
            .map(|(index, &(x, y))| ScreenPoint { index, x, y })
            .collect()
    }

    #[test]
    fn near_points_merge_and_far_points_do_not() {
        let c = cluster(
            &pts(&[(0.0, 0.0), (5.0, 0.0), (100.0, 100.0), (103.0, 99.0)]),
            10.0,
        );
        assert_eq!(c.len(), 2);
        assert_eq!(c[0].members, [0, 1]);
        assert_eq!(c[1].members, [2, 3]);
        assert!((c[0].x - 2.5).abs() < 1e-6);
    }

    #[test]
    fn every_point_lands_in_exactly_one_cluster() {
        let mut xy = Vec::new();
        for i in 0..500u32 {
            // A deterministic scatter.
            let x = ((i * 7919) % 1000) as f32 * 0.8;
            let y = ((i * 104_729) % 800) as f32 * 0.6;
            xy.push((x, y));
        }
        let p = pts(&xy);
        let c = cluster(&p, 24.0);
        let mut seen: Vec<usize> = c.iter().flat_map(|c| c.members.clone()).collect();
        seen.sort_unstable();
        assert_eq!(seen, (0..500).collect::<Vec<_>>());
        // Deterministic.
        assert_eq!(cluster(&p, 24.0), c);
    }

    #[test]
    fn identical_points_cluster_and_spread_apart() {
        let c = cluster(&pts(&[(50.0, 50.0), (50.0, 50.0)]), 1.0);
        assert_eq!(c.len(), 1);
        let s = spread(2, 50.0, 50.0, 20.0);
        let d = ((s[0].0 - s[1].0).powi(2) + (s[0].1 - s[1].1).powi(2)).sqrt();
        assert!(d >= 20.0, "{s:?}");
        let many = spread(30, 0.0, 0.0, 16.0);
        for i in 0..many.len() {
            for j in i + 1..many.len() {
                let d = ((many[i].0 - many[j].0).powi(2) + (many[i].1 - many[j].1).powi(2)).sqrt();
                assert!(d > 8.0, "{i} {j} {d}");
            }
        }
    }
}
