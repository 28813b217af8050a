//! Laying out the members of an expanded cluster so that each can be clicked. (Which
//! missions cluster together is the index's work: see [`crate::index`].)

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

    #[test]
    fn members_spread_apart() {
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
