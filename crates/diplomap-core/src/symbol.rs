//! Marker shapes by mission type, as geometry (no drawing library): the app draws them, and
//! so can any other renderer, alike.

use std::f32::consts::{FRAC_PI_2, FRAC_PI_4, TAU};

use crate::model::MissionKind;

/// A regular polygon of `n` corners at radius `r`, the first at angle `rotation`.
fn regular(n: usize, r: f32, rotation: f32) -> Vec<(f32, f32)> {
    (0..n)
        .map(|i| {
            let a = rotation + TAU * i as f32 / n as f32;
            (r * a.cos(), r * a.sin())
        })
        .collect()
}

/// A star of `n` points, outer radius `r`, inner `inner * r`, one point up.
fn star(n: usize, r: f32, inner: f32) -> Vec<(f32, f32)> {
    (0..2 * n)
        .map(|i| {
            let a = -FRAC_PI_2 + TAU * i as f32 / (2 * n) as f32;
            let rr = if i % 2 == 0 { r } else { r * inner };
            (rr * a.cos(), rr * a.sin())
        })
        .collect()
}

/// A plus sign whose arms are `w` wide.
fn cross(r: f32, w: f32) -> Vec<(f32, f32)> {
    let h = w / 2.0;
    vec![
        (-h, -r),
        (h, -r),
        (h, -h),
        (r, -h),
        (r, h),
        (h, h),
        (h, r),
        (-h, r),
        (-h, h),
        (-r, h),
        (-r, -h),
        (-h, -h),
    ]
}

/// The outline of a marker of radius `r` for a mission of `kind`, around (0, 0) with y
/// pointing down. Every outline is star-shaped around its centre, so a fan of triangles
/// from the centre fills it.
pub fn marker_outline(kind: MissionKind, r: f32) -> Vec<(f32, f32)> {
    match kind {
        MissionKind::Embassy => regular(24, r, 0.0),
        MissionKind::HighCommission => regular(8, r * 1.08, TAU / 16.0),
        MissionKind::ConsulateGeneral => regular(4, r * 1.25, -FRAC_PI_2),
        MissionKind::Consulate => star(4, r * 1.3, 0.5),
        MissionKind::HonoraryConsulate => regular(4, r * 0.9, -FRAC_PI_2),
        MissionKind::ConsularOffice => regular(4, r * 1.2, FRAC_PI_4),
        MissionKind::PermanentMission => regular(3, r * 1.3, -FRAC_PI_2)
            .into_iter()
            .map(|(x, y)| (x, y + r * 0.2))
            .collect(),
        MissionKind::ApostolicNunciature => cross(r * 1.2, r * 0.8),
        MissionKind::DeFactoEmbassy => star(5, r * 1.15, 0.45),
        MissionKind::DeFactoConsulate => star(6, r * 1.1, 0.55),
        MissionKind::InterestsSection => regular(6, r * 1.1, 0.0),
        MissionKind::RepresentativeOffice => regular(5, r * 1.12, -FRAC_PI_2),
        MissionKind::Other => regular(3, r * 1.2, FRAC_PI_2)
            .into_iter()
            .map(|(x, y)| (x, y - r * 0.15))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_type_has_its_own_shape_around_the_centre() {
        let mut seen: Vec<Vec<(i32, i32)>> = Vec::new();
        for k in MissionKind::ALL {
            let pts = marker_outline(k, 10.0);
            assert!(pts.len() >= 3, "{k:?}");
            // Star-shaped around the centre: the corners go round it in one direction.
            let turn: f32 = pts
                .iter()
                .zip(pts.iter().cycle().skip(1))
                .map(|(a, b)| (a.0 * b.1 - a.1 * b.0).signum())
                .sum();
            assert_eq!(turn.abs() as usize, pts.len(), "{k:?}");
            let key: Vec<(i32, i32)> = pts
                .iter()
                .map(|(x, y)| ((x * 10.0).round() as i32, (y * 10.0).round() as i32))
                .collect();
            assert!(!seen.contains(&key), "{k:?} looks like another type");
            seen.push(key);
        }
    }
}
