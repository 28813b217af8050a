//! How markers look: colour by timeline state, shape by mission type, a bullseye for the
//! inbound layer. Shared by the map and the legend, so that they always agree.

use egui::{Color32, Painter, Pos2, Shape, Stroke, Vec2, pos2};

use crate::model::MissionKind;
use crate::timeline::TimelineState;

fn color(c: [u8; 4]) -> Color32 {
    let [r, g, b, a] = c;
    Color32::from_rgba_unmultiplied(r, g, b, a)
}

/// Fill colour of a marker in a state; `dark` for the dark theme (see
/// [`crate::symbol::state_rgba`]).
pub fn state_color(state: TimelineState, dark: bool) -> Color32 {
    color(crate::symbol::state_rgba(state, dark))
}

/// The outline drawn around markers so they stand out on any basemap.
pub fn outline(dark: bool) -> Stroke {
    let (w, c) = crate::symbol::outline_rgba(dark);
    Stroke::new(w, color(c))
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
    draw_marker_filled(painter, c, r, kind, state, inbound, dark, None);
}

/// [`draw_marker`] with another fill (a compared sender's colour); a mission closing this
/// year then keeps an outline in the closing colour.
#[allow(clippy::too_many_arguments)]
pub fn draw_marker_filled(
    painter: &Painter,
    c: Pos2,
    r: f32,
    kind: MissionKind,
    state: TimelineState,
    inbound: bool,
    dark: bool,
    sender_color: Option<[u8; 4]>,
) {
    let rgba = match sender_color {
        Some(sc) => crate::symbol::compare_fill(sc, state),
        None => crate::symbol::state_rgba(state, dark),
    };
    // A mission that may be open is a ring: its colour's outline, its inside pale.
    let ring = crate::symbol::is_ring(state);
    let fill = color(if ring {
        crate::symbol::ring_inside(rgba)
    } else {
        rgba
    });
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
    let edge = if ring {
        Stroke::new(crate::symbol::RING_W, color(rgba))
    } else if sender_color.is_some() && state == TimelineState::Closing {
        Stroke::new(2.5, state_color(TimelineState::Closing, dark))
    } else {
        outline(dark)
    };
    painter.add(Shape::Path(egui::epaint::PathShape::closed_line(pts, edge)));
    if inbound {
        // Bullseye: a contrasting dot in the middle.
        painter.circle_filled(c, r * 0.38, color(crate::symbol::bullseye_rgba(dark)));
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
    let r = crate::symbol::cluster_radius(count);
    let fill = state_color(mostly, dark);
    if crate::symbol::is_ring(mostly) {
        // Mostly missions that may be open: a ring, as their markers are.
        let rgba = crate::symbol::state_rgba(mostly, dark);
        painter.circle_filled(
            c,
            r,
            color(crate::symbol::ring_inside(rgba)).gamma_multiply(2.0),
        );
        painter.circle_stroke(c, r - 1.0, Stroke::new(crate::symbol::RING_W + 0.6, fill));
        painter.circle_stroke(c, r + 1.0, outline(dark));
    } else {
        painter.circle_filled(c, r + 4.0, fill.gamma_multiply(0.35));
        painter.circle_filled(c, r, fill);
        painter.circle_stroke(c, r, outline(dark));
    }
    // A ring's pale inside on a light map: the count in the ring's colour.
    let text = if crate::symbol::is_ring(mostly) && !dark {
        fill
    } else {
        Color32::WHITE
    };
    painter.text(
        c,
        egui::Align2::CENTER_CENTER,
        compact_count(count),
        egui::FontId::proportional(12.0),
        text,
    );
    if mostly != TimelineState::Closing {
        closing_badge(painter, c, r, closing, dark);
    }
    r + 4.0
}

pub use crate::symbol::compact_count;

/// A keyboard focus one can see: a focused widget (and a pressed one) gets a 2-point
/// outline in the selection's colour, in both themes, on menus too.
pub fn visible_focus(ctx: &egui::Context) {
    ctx.style_mut_of(egui::Theme::Dark, |s| {
        s.visuals.widgets.active.bg_stroke = Stroke::new(2.0, Color32::from_rgb(0x5a, 0xb4, 0xff));
    });
    ctx.style_mut_of(egui::Theme::Light, |s| {
        s.visuals.widgets.active.bg_stroke = Stroke::new(2.0, Color32::from_rgb(0x00, 0x5f, 0xcc));
    });
}

/// Adds the fallback font ([`crate::picture::fonts`]) behind egui's own in both families,
/// for the letters Ubuntu Light lacks (Vietnamese, Ḩawallī, IPA…).
pub fn add_fonts(ctx: &egui::Context) {
    use crate::picture::fonts;
    use egui::epaint::text::{FontInsert, FontPriority, InsertFontFamily};
    let lowest = |family| InsertFontFamily {
        family,
        priority: FontPriority::Lowest,
    };
    ctx.add_font(FontInsert::new(
        fonts::FALLBACK_NAME,
        egui::FontData::from_static(fonts::FALLBACK),
        vec![
            lowest(egui::FontFamily::Proportional),
            lowest(egui::FontFamily::Monospace),
        ],
    ));
}

/// A cluster of compared senders: a neutral disc with the count, ringed by one arc per
/// sender, as long as its share; `closing` as on any cluster. Returns its radius.
pub fn draw_cluster_mix(
    painter: &Painter,
    c: Pos2,
    parts: &[([u8; 4], usize)],
    closing: usize,
    dark: bool,
) -> f32 {
    let count: usize = parts.iter().map(|(_, n)| n).sum();
    let r = crate::symbol::cluster_radius(count);
    let disc = if dark {
        Color32::from_gray(45)
    } else {
        Color32::from_gray(250)
    };
    painter.circle_filled(c, r + 4.0, disc.gamma_multiply(0.6));
    painter.circle_filled(c, r, disc);
    let mut a0 = -std::f32::consts::FRAC_PI_2;
    for (col, n) in parts.iter().filter(|(_, n)| *n > 0) {
        let sweep = std::f32::consts::TAU * (*n as f32) / (count.max(1) as f32);
        let steps = ((sweep / 0.15).ceil() as usize).max(2);
        let arc: Vec<Pos2> = (0..=steps)
            .map(|k| {
                let a = a0 + sweep * k as f32 / steps as f32;
                c + Vec2::angled(a) * (r - 2.0)
            })
            .collect();
        painter.add(Shape::line(arc, Stroke::new(4.5, color(*col))));
        a0 += sweep;
    }
    painter.circle_stroke(c, r + 0.5, outline(dark));
    painter.text(
        c,
        egui::Align2::CENTER_CENTER,
        compact_count(count),
        egui::FontId::proportional(12.0),
        if dark {
            Color32::WHITE
        } else {
            Color32::from_gray(20)
        },
    );
    closing_badge(painter, c, r, closing, dark);
    r + 4.0
}

/// The small badge with a cluster's closures this year (none for none), on its rim.
fn closing_badge(painter: &Painter, c: Pos2, r: f32, closing: usize, dark: bool) {
    if closing == 0 {
        return;
    }
    let (dx, dy) = crate::symbol::badge_offset(r);
    let at = c + Vec2::new(dx, dy);
    let badge_r = crate::symbol::BADGE_R;
    painter.circle_filled(at, badge_r, state_color(TimelineState::Closing, dark));
    painter.circle_stroke(at, badge_r, outline(dark));
    painter.text(
        at,
        egui::Align2::CENTER_CENTER,
        compact_count(closing),
        egui::FontId::proportional(9.5),
        Color32::WHITE,
    );
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
