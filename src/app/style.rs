//! How markers look: colour by timeline state, shape by mission type, a bullseye for the
//! inbound layer. Shared by the map and the legend, so that they always agree.

use egui::{Color32, Painter, Pos2, Shape, Stroke, Vec2, pos2};

use crate::model::MissionKind;
use crate::timeline::TimelineState;

/// Fill colour of a marker in a state; `dark` for the dark theme.
pub fn state_color(state: TimelineState, dark: bool) -> Color32 {
    match (state, dark) {
        (TimelineState::Open, false) => Color32::from_rgb(0x1b, 0x7f, 0x5a),
        (TimelineState::Open, true) => Color32::from_rgb(0x3d, 0xc4, 0x8c),
        (TimelineState::Closing, _) => Color32::from_rgb(0xe8, 0x5d, 0x04),
        (TimelineState::Closed, false) => Color32::from_rgba_unmultiplied(0x70, 0x70, 0x78, 150),
        (TimelineState::Closed, true) => Color32::from_rgba_unmultiplied(0xa0, 0xa0, 0xa8, 130),
        (TimelineState::ClosedYearUnknown, false) => Color32::from_rgb(0x8e, 0x44, 0xad),
        (TimelineState::ClosedYearUnknown, true) => Color32::from_rgb(0xc3, 0x8b, 0xe0),
        (TimelineState::NotYetOpen, _) => Color32::from_rgba_unmultiplied(0x5a, 0x8d, 0xc8, 120),
    }
}

/// The outline drawn around markers so they stand out on any basemap.
pub fn outline(dark: bool) -> Stroke {
    if dark {
        Stroke::new(1.5, Color32::from_gray(20))
    } else {
        Stroke::new(1.5, Color32::WHITE)
    }
}

/// The ring around the selected marker.
pub fn selection_stroke(dark: bool) -> Stroke {
    if dark {
        Stroke::new(3.0, Color32::from_rgb(0xff, 0xd6, 0x0a))
    } else {
        Stroke::new(3.0, Color32::from_rgb(0x1d, 0x3a, 0xd8))
    }
}

/// Draws one marker of radius `r` at `c`: the type's shape (see [`crate::symbol`]) in the
/// state's colour, a bullseye for the inbound layer, a "?" for an unknown closure year.
pub fn draw_marker(
    painter: &Painter,
    c: Pos2,
    r: f32,
    kind: MissionKind,
    state: TimelineState,
    inbound: bool,
    dark: bool,
) {
    let fill = state_color(state, dark);
    let pts: Vec<Pos2> = crate::symbol::marker_outline(kind, r)
        .into_iter()
        .map(|(x, y)| pos2(c.x + x, c.y + y))
        .collect();
    // Every outline is star-shaped around the centre: a fan of triangles fills it.
    let mut mesh = egui::Mesh::default();
    mesh.colored_vertex(c, fill);
    for p in &pts {
        mesh.colored_vertex(*p, fill);
    }
    let n = u32::try_from(pts.len()).unwrap_or(0);
    for i in 0..n {
        mesh.add_triangle(0, 1 + i, 1 + (i + 1) % n);
    }
    painter.add(Shape::mesh(mesh));
    painter.add(Shape::Path(egui::epaint::PathShape::closed_line(
        pts,
        outline(dark),
    )));
    if inbound {
        // Bullseye: a contrasting dot in the middle.
        painter.circle_filled(
            c,
            r * 0.38,
            if dark {
                Color32::from_gray(15)
            } else {
                Color32::WHITE
            },
        );
    }
    if state == TimelineState::ClosedYearUnknown {
        painter.text(
            c,
            egui::Align2::CENTER_CENTER,
            "?",
            egui::FontId::proportional(r * 1.3),
            Color32::WHITE,
        );
    }
}

/// Draws a cluster badge with its count; `closing` members, when they are not the
/// majority, get a small badge of their own so that no closure hides in a cluster.
pub fn draw_cluster(
    painter: &Painter,
    c: Pos2,
    count: usize,
    mostly: TimelineState,
    closing: usize,
    dark: bool,
) -> f32 {
    // Grows slowly with the count and stays within the clustering distance, so that
    // neighbouring clusters do not cover each other.
    let r = (10.0 + (count as f32).log10().max(0.0) * 2.6).min(22.0);
    let fill = state_color(mostly, dark);
    painter.circle_filled(c, r + 4.0, fill.gamma_multiply(0.35));
    painter.circle_filled(c, r, fill);
    painter.circle_stroke(c, r, outline(dark));
    painter.text(
        c,
        egui::Align2::CENTER_CENTER,
        compact_count(count),
        egui::FontId::proportional(12.0),
        Color32::WHITE,
    );
    if closing > 0 && mostly != TimelineState::Closing {
        let at = c + Vec2::angled(-std::f32::consts::FRAC_PI_4) * r;
        painter.circle_filled(at, 7.0, state_color(TimelineState::Closing, dark));
        painter.circle_stroke(at, 7.0, outline(dark));
        painter.text(
            at,
            egui::Align2::CENTER_CENTER,
            compact_count(closing),
            egui::FontId::proportional(9.5),
            Color32::WHITE,
        );
    }
    r + 4.0
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

/// Draws text with a one-point halo, so that it reads on any basemap.
pub fn halo_text(
    painter: &Painter,
    pos: Pos2,
    galley: std::sync::Arc<egui::Galley>,
    fg: Color32,
    halo: Color32,
) {
    for d in [
        egui::vec2(-1.0, 0.0),
        egui::vec2(1.0, 0.0),
        egui::vec2(0.0, -1.0),
        egui::vec2(0.0, 1.0),
    ] {
        painter.galley_with_override_text_color(pos + d, galley.clone(), halo);
    }
    painter.galley(pos, galley, fg);
}

#[cfg(test)]
mod tests {
    use super::compact_count;

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
}
