//! How markers look, as numbers (no drawing library): shapes by mission type, colours by
//! timeline state, cluster sizes and counts. The app draws them, and so does the picture
//! renderer, alike.

use std::f32::consts::{FRAC_PI_2, FRAC_PI_4, TAU};

use crate::index::StateCounts;
use crate::model::MissionKind;
use crate::timeline::TimelineState;

/// A marker's radius on the map, in points.
pub const MARKER_R: f32 = 6.5;
/// Clusters closer than this many points merge.
pub const CLUSTER_RADIUS: f32 = 36.0;
/// The radius of the closing badge on a cluster.
pub const BADGE_R: f32 = 7.0;

/// Fill colour (RGBA, not premultiplied) of a marker in a state; `dark` for the dark theme.
pub fn state_rgba(state: TimelineState, dark: bool) -> [u8; 4] {
    match (state, dark) {
        (TimelineState::Open, false) => [0x1b, 0x7f, 0x5a, 255],
        (TimelineState::Open, true) => [0x3d, 0xc4, 0x8c, 255],
        (TimelineState::Closing, _) => [0xe8, 0x5d, 0x04, 255],
        (TimelineState::Closed, false) => [0x70, 0x70, 0x78, 150],
        (TimelineState::Closed, true) => [0xa0, 0xa0, 0xa8, 130],
        (TimelineState::ClosedYearUnknown, false) => [0x8e, 0x44, 0xad, 255],
        (TimelineState::ClosedYearUnknown, true) => [0xc3, 0x8b, 0xe0, 255],
        (TimelineState::NotYetOpen, _) => [0x5a, 0x8d, 0xc8, 120],
        // Drawn as a ring, not a disc ([`is_ring`]): the open colour, its inside left pale.
        (TimelineState::MayBeOpen, false) => [0x1b, 0x7f, 0x5a, 255],
        (TimelineState::MayBeOpen, true) => [0x3d, 0xc4, 0x8c, 255],
    }
}

/// The width of a ring's outline ([`is_ring`]), in points.
pub const RING_W: f32 = 2.4;

/// The inside of a ring: its colour, faint.
pub fn ring_inside([r, g, b, _]: [u8; 4]) -> [u8; 4] {
    [r, g, b, 40]
}

/// Whether a marker in `state` is drawn as a ring (an outline, its inside left pale)
/// rather than a filled shape: a mission that may be open, not known to be.
pub fn is_ring(state: TimelineState) -> bool {
    state == TimelineState::MayBeOpen
}

/// The colours of compared sending states: none of them near the state colours a
/// comparison still draws (open's green, closing's orange), and apart from each other for
/// people with any of the three colour-vision deficiencies (the test
/// `the_compare_palette_is_told_apart_with_any_colour_vision` simulates them), and
/// light enough for the dark theme, dark enough for the light one: blue, yellow, pink,
/// pale blue, sand, violet (the closest two, blue and violet, first and last).
pub const COMPARE_PALETTE: [[u8; 4]; 6] = [
    [0x66, 0x77, 0xdd, 255],
    [0xf0, 0xe4, 0x42, 255],
    [0xcc, 0x79, 0xa7, 255],
    [0x88, 0xcc, 0xee, 255],
    [0xfd, 0xb8, 0x63, 255],
    [0x75, 0x70, 0xb3, 255],
];

/// How many sending states can be compared at once.
pub const MAX_COMPARED: usize = COMPARE_PALETTE.len();

/// The colour of each compared sending state, when 2 to 6 are chosen (in the order
/// given); none otherwise, and markers take their state's colour.
pub fn compare_colors<'a>(
    senders: impl IntoIterator<Item = &'a String>,
) -> Option<Vec<(String, [u8; 4])>> {
    let senders: Vec<&String> = senders.into_iter().collect();
    if !(2..=MAX_COMPARED).contains(&senders.len()) {
        return None;
    }
    Some(
        senders
            .into_iter()
            .zip(COMPARE_PALETTE)
            .map(|(s, c)| (s.clone(), c))
            .collect(),
    )
}

/// A compared sender's fill for a mission in `state`: its colour, faded for a ghost or a
/// mission not open yet.
pub fn compare_fill(color: [u8; 4], state: TimelineState) -> [u8; 4] {
    let [r, g, b, _] = color;
    match state {
        TimelineState::Closed | TimelineState::NotYetOpen => [r, g, b, 110],
        _ => [r, g, b, 255],
    }
}

/// The outline around markers so they stand out on any basemap: width and colour.
pub fn outline_rgba(dark: bool) -> (f32, [u8; 4]) {
    if dark {
        (1.5, [20, 20, 20, 255])
    } else {
        (1.5, [255, 255, 255, 255])
    }
}

/// The bullseye dot of the inbound layer.
pub fn bullseye_rgba(dark: bool) -> [u8; 4] {
    if dark {
        [15, 15, 15, 255]
    } else {
        [255, 255, 255, 255]
    }
}

/// A cluster's radius for `count` members: grows slowly and stays within the clustering
/// distance, so that neighbouring clusters do not cover each other. The halo adds 4.
pub fn cluster_radius(count: usize) -> f32 {
    (10.0 + (count as f32).log10().max(0.0) * 2.6).min(22.0)
}

/// A count in at most four characters: 982, 6.1k, 124k, 1.2M.
pub fn compact_count(n: usize) -> String {
    match n {
        0..=999 => n.to_string(),
        1_000..=9_949 => format!("{:.1}k", n as f64 / 1e3),
        9_950..=999_499 => format!("{:.0}k", n as f64 / 1e3),
        _ => format!("{:.1}M", n as f64 / 1e6),
    }
}

/// The most common state among a cluster's members (its colour); on a tie, the state
/// that comes first.
pub fn dominant_state(by_state: &StateCounts) -> TimelineState {
    by_state
        .iter()
        .max_by_key(|&(s, c)| (c, std::cmp::Reverse(s)))
        .map_or(TimelineState::Open, |(s, _)| s)
}

/// Where the closing badge sits on a cluster of radius `r`, from its centre: up and right.
pub fn badge_offset(r: f32) -> (f32, f32) {
    let a = -FRAC_PI_4;
    (a.cos() * r, a.sin() * r)
}

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
    /// CIELAB of an sRGB colour as seen with `m` (Machado, Oliveira and Fernandes 2009,
    /// severity 1, applied to linear RGB; the identity for normal vision).
    fn seen(c: [u8; 4], m: [[f64; 3]; 3]) -> [f64; 3] {
        let lin = |v: u8| {
            let v = f64::from(v) / 255.0;
            if v <= 0.04045 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        let l = [lin(c[0]), lin(c[1]), lin(c[2])];
        let o: Vec<f64> = m
            .iter()
            .map(|row| (row[0] * l[0] + row[1] * l[1] + row[2] * l[2]).clamp(0.0, 1.0))
            .collect();
        let (r, g, b) = (o[0], o[1], o[2]);
        let x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
        let y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
        let z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
        let f = |t: f64| {
            if t > 0.008856 {
                t.cbrt()
            } else {
                7.787 * t + 16.0 / 116.0
            }
        };
        [
            116.0 * f(y) - 16.0,
            500.0 * (f(x) - f(y)),
            200.0 * (f(y) - f(z)),
        ]
    }

    #[test]
    fn the_compare_palette_is_told_apart_with_any_colour_vision() {
        let visions: [(&str, [[f64; 3]; 3]); 4] = [
            (
                "normal",
                [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]],
            ),
            (
                "protanopia",
                [
                    [0.152286, 1.052583, -0.204868],
                    [0.114503, 0.786281, 0.099216],
                    [-0.003882, -0.048116, 1.051998],
                ],
            ),
            (
                "deuteranopia",
                [
                    [0.367322, 0.860646, -0.227968],
                    [0.280085, 0.672501, 0.047413],
                    [-0.01182, 0.04294, 0.968881],
                ],
            ),
            (
                "tritanopia",
                [
                    [1.255528, -0.076749, -0.178779],
                    [-0.078411, 0.930809, 0.147602],
                    [0.004733, 0.691367, 0.3039],
                ],
            ),
        ];
        let dist = |a: [f64; 3], b: [f64; 3]| {
            ((a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2) + (a[2] - b[2]).powi(2)).sqrt()
        };
        // The state colours drawn while comparing: open (both themes) and closing.
        let states = [
            state_rgba(TimelineState::Open, false),
            state_rgba(TimelineState::Open, true),
            state_rgba(TimelineState::Closing, false),
        ];
        // Each readable on both themes' maps: a lightness between 40 and 90.
        for c in COMPARE_PALETTE {
            let l = seen(c, visions[0].1)[0];
            assert!((40.0..=90.0).contains(&l), "{c:?}: lightness {l:.0}");
        }
        for (name, m) in visions {
            // CIELAB distances: 2.3 is a just noticeable difference; these are many times it.
            let (pal_min, state_min) = if name == "normal" {
                (18.0, 30.0)
            } else {
                (15.0, 12.0)
            };
            for (i, a) in COMPARE_PALETTE.iter().enumerate() {
                for b in COMPARE_PALETTE.iter().skip(i + 1) {
                    let d = dist(seen(*a, m), seen(*b, m));
                    assert!(d >= pal_min, "{name}: {a:?} and {b:?} are {d:.1} apart");
                }
                for s in states {
                    let d = dist(seen(*a, m), seen(s, m));
                    assert!(
                        d >= state_min,
                        "{name}: {a:?} and state {s:?} are {d:.1} apart"
                    );
                }
            }
        }
    }

    use super::*;

    #[test]
    fn counts_stay_short() {
        let cases = [
            (7, "7"),
            (999, "999"),
            (1_000, "1.0k"),
            (6_086, "6.1k"),
            (9_949, "9.9k"),
            (9_950, "10k"),
            (124_277, "124k"),
            (999_499, "999k"),
            (999_500, "1.0M"),
            (1_000_000, "1.0M"),
        ];
        for (n, s) in cases {
            assert_eq!(compact_count(n), s, "{n}");
        }
    }

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
