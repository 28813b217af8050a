//! The map of a year as a [`Scene`]: the embedded basemap as vector paths, the missions'
//! markers and clusters as the app draws them (same index query, shapes, colours and
//! badges), a title, the legend, the credits and, for animations, a strip of the
//! closures chart.

use diplomap_basemap::{Bounds, Style, World};
use diplomap_core::index::{MapCluster, MissionIndex, Viewport};
use diplomap_core::model::{Mission, MissionKind};
use diplomap_core::symbol::{
    BADGE_R, CLUSTER_RADIUS, MARKER_R, badge_offset, bullseye_rgba, cluster_radius, compact_count,
    dominant_state, marker_outline, outline_rgba, state_rgba,
};
use diplomap_core::timeline::{PerState, TimelineState, state_at};
use diplomap_core::view::{TILE_SIZE, mercator_x, mercator_y};

use crate::raster::text_width;
use crate::scene::{Anchor, Item, PathData, Rgba, Scene};

/// Where the map looks: its centre (lon, lat) and zoom (256-pixel tiles).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct View {
    pub center: (f64, f64),
    pub zoom: f64,
}

/// The closures per year, drawn as a strip under an animation's frames.
#[derive(Debug, Clone, Copy)]
pub struct Chart<'a> {
    pub first_year: i32,
    /// Closures in `first_year`, the year after, …
    pub closures: &'a [u32],
}

/// How a layer's key shows its colour in the legend.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Key {
    Dot(Rgba),
    Fill(Rgba),
    Ring(Rgba),
    Line(Rgba),
}

/// What the map shows over the basemap besides the missions (the app's layers: coverage,
/// accreditation lines, change rings), each layer's legend, and the filters in words.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Overlays {
    /// Countries shaded, by the basemap's country name, and their colour.
    pub shade: std::collections::BTreeMap<String, Rgba>,
    /// Lines (lon, lat points along great circles) and their colour.
    pub lines: Vec<(Vec<(f64, f64)>, Rgba)>,
    /// Rings around places (lon, lat) and their colour.
    pub rings: Vec<((f64, f64), Rgba)>,
    /// Each layer's title and keys, for the legend.
    pub legend: Vec<(String, Vec<(String, Key)>)>,
    /// What the filters do, in words (empty: the default filter); the caption under the
    /// title.
    pub caption: Vec<String>,
}

/// What a picture shows.
#[derive(Clone, Copy)]
pub struct Picture<'a> {
    pub missions: &'a [Mission],
    /// The index of `missions`, with the filter applied.
    pub index: &'a MissionIndex,
    pub year: i32,
    pub view: View,
    pub size: (u32, u32),
    pub dark: bool,
    /// The data set's name; the year is added.
    pub title: &'a str,
    /// Where the missions come from, for the credit line.
    pub credit: &'a str,
    pub chart: Option<Chart<'a>>,
    /// Compared sending states and their colours ([`diplomap_core::symbol::compare_colors`]):
    /// markers take their sender's colour, clusters a ring of their senders' shares.
    pub compare: Option<&'a [(String, Rgba)]>,
    /// The layers over the map and the filters' caption.
    pub overlays: Option<&'a Overlays>,
}

/// The class a mission's marker has in the SVG, by its state.
pub fn state_class(s: TimelineState) -> &'static str {
    match s {
        TimelineState::Open => "open",
        TimelineState::Closing => "closing",
        TimelineState::Closed => "closed",
        TimelineState::ClosedYearUnknown => "closed-unknown",
        TimelineState::NotYetOpen => "not-yet-open",
        TimelineState::MayBeOpen => "may-be-open",
    }
}

/// Pixels from lon/lat for a view.
#[derive(Debug, Clone, Copy)]
struct Projection {
    world: f64,
    cx: f64,
    cy: f64,
    half_w: f64,
    half_h: f64,
}

impl Projection {
    fn new(view: View, (w, h): (u32, u32)) -> Projection {
        Projection {
            world: TILE_SIZE * 2f64.powf(view.zoom),
            cx: mercator_x(view.center.0),
            cy: mercator_y(view.center.1),
            half_w: f64::from(w) / 2.0,
            half_h: f64::from(h) / 2.0,
        }
    }

    fn xy(&self, lon: f64, lat: f64) -> (f32, f32) {
        (
            ((mercator_x(lon) - self.cx) * self.world + self.half_w) as f32,
            ((mercator_y(lat) - self.cy) * self.world + self.half_h) as f32,
        )
    }

    /// The lon/lat box the picture shows, with `margin` pixels around.
    fn bounds(&self, margin: f64) -> Bounds {
        let lon = |px: f64| ((self.cx + (px - self.half_w) / self.world) * 360.0) - 180.0;
        let lat = |py: f64| {
            diplomap_core::view::inverse_mercator_y(
                (self.cy + (py - self.half_h) / self.world).clamp(0.0, 1.0),
            )
        };
        Bounds {
            min_lon: lon(-margin),
            max_lon: lon(2.0 * self.half_w + margin),
            min_lat: lat(2.0 * self.half_h + margin),
            max_lat: lat(-margin),
        }
    }
}

/// Points closer than this (pixels) are dropped: the simplification at any zoom.
const MIN_STEP: f32 = 0.6;

fn ring_path(
    d: &mut PathData,
    pts: &[diplomap_basemap::Pt],
    proj: &Projection,
    dlon: f64,
    close: bool,
) {
    use crate::scene::Cmd;
    let mut last: Option<(f32, f32)> = None;
    let mut prev: Option<(f64, f64)> = None;
    let n = pts.len();
    for (i, (lon, lat)) in pts.iter().copied().map(diplomap_basemap::wide).enumerate() {
        let (x, y) = proj.xy(lon + dlon, lat);
        // A line is cut where the data's edges (the antimeridian) made a segment.
        let cut = !close && prev.is_some_and(|q| diplomap_basemap::artificial(q, (lon, lat)));
        prev = Some((lon, lat));
        match last {
            None => d.0.push(Cmd::Move(x, y)),
            Some(_) if cut => d.0.push(Cmd::Move(x, y)),
            Some((lx, ly)) => {
                if (x - lx).abs() + (y - ly).abs() < MIN_STEP && i + 1 != n {
                    continue;
                }
                d.0.push(Cmd::Line(x, y));
            }
        }
        last = Some((x, y));
    }
    if close && last.is_some() {
        d.0.push(Cmd::Close);
    }
}

/// The shifts by a whole turn at which a box is in view.
fn shifts(b: &Bounds, view: &Bounds) -> impl Iterator<Item = f64> {
    let (b, view) = (*b, *view);
    [0.0, -360.0, 360.0].into_iter().filter(move |dlon| {
        Bounds {
            min_lon: b.min_lon + dlon,
            max_lon: b.max_lon + dlon,
            ..b
        }
        .intersects(&view)
    })
}

/// Land, borders, coasts and country names.
fn basemap(p: &Picture<'_>, proj: &Projection, style: &Style, out: &mut Vec<Item>) {
    let zoom_level = p.view.zoom.clamp(0.0, 22.0).round() as u8;
    let world = World::for_zoom(zoom_level);
    let view = proj.bounds(4.0);
    let [r, g, b] = style.land;
    let mut land = Vec::new();
    for c in &world.countries {
        let mut d = PathData::default();
        for (ring, rb) in c.rings.iter().zip(&c.ring_bounds) {
            if ring.len() < 3 {
                continue;
            }
            for dlon in shifts(rb, &view) {
                ring_path(&mut d, ring, proj, dlon, true);
            }
        }
        if !d.is_empty() {
            land.push(Item::Group {
                class: "country".into(),
                attrs: vec![("data-name".into(), c.name.clone())],
                items: vec![Item::Path {
                    d,
                    fill: Some([r, g, b, 255]),
                    stroke: None,
                }],
            });
        }
    }
    out.push(group("land", land));
    // A layer's shaded countries, over the land, under the coasts and borders.
    if let Some(o) = p.overlays.filter(|o| !o.shade.is_empty()) {
        let mut shaded = Vec::new();
        for c in &world.countries {
            let Some(col) = o.shade.get(&c.name) else {
                continue;
            };
            let mut d = PathData::default();
            for (ring, rb) in c.rings.iter().zip(&c.ring_bounds) {
                if ring.len() < 3 {
                    continue;
                }
                for dlon in shifts(rb, &view) {
                    ring_path(&mut d, ring, proj, dlon, true);
                }
            }
            if !d.is_empty() {
                shaded.push(Item::Group {
                    class: "shaded".into(),
                    attrs: vec![("data-name".into(), c.name.clone())],
                    items: vec![Item::Path {
                        d,
                        fill: Some(*col),
                        stroke: None,
                    }],
                });
            }
        }
        out.push(group("coverage", shaded));
    }
    let width = (0.5 + f64::from(zoom_level) * 0.12).min(1.6) as f32;
    for (class, lines, color, w) in [
        ("coasts", &world.coasts, style.coast, width * 0.9),
        ("borders", &world.borders, style.border, width),
    ] {
        let mut d = PathData::default();
        for l in lines {
            for dlon in shifts(&l.bounds, &view) {
                ring_path(&mut d, &l.points, proj, dlon, false);
            }
        }
        out.push(group(
            class,
            vec![Item::Path {
                d,
                fill: None,
                stroke: Some((w, color)),
            }],
        ));
    }
    let (fg, halo): (Rgba, Rgba) = if p.dark {
        ([0x9a, 0x9e, 0xa3, 255], [0x2b, 0x2f, 0x33, 255])
    } else {
        ([0x7c, 0x72, 0x68, 255], [0xf4, 0xf1, 0xea, 255])
    };
    let (w, h) = (p.size.0 as f32, p.size.1 as f32);
    let mut names = Vec::new();
    for c in world.labels_at(p.view.zoom) {
        let (x, y) = proj.xy(c.label_at.0, c.label_at.1);
        if x < 0.0 || y < 0.0 || x > w || y > h {
            continue;
        }
        names.push(Item::Text {
            x,
            y: y + 4.0,
            text: c.name.clone(),
            size: 11.0,
            anchor: Anchor::Middle,
            fill: fg,
            halo: Some(halo),
        });
    }
    out.push(group("country-names", names));
}

fn group(class: &str, items: Vec<Item>) -> Item {
    Item::Group {
        class: class.into(),
        attrs: Vec::new(),
        items,
    }
}

fn scale_alpha(c: Rgba, f: f32) -> Rgba {
    let [r, g, b, a] = c;
    [r, g, b, (f32::from(a) * f).round() as u8]
}

use diplomap_core::symbol::{RING_W, ring_inside};

/// One mission's marker, as the app draws it.
fn marker(
    m: &Mission,
    state: TimelineState,
    (x, y): (f32, f32),
    dark: bool,
    sender_color: Option<Rgba>,
) -> Item {
    let (ow, oc) = match sender_color {
        Some(_) if state == TimelineState::Closing => {
            (2.5, state_rgba(TimelineState::Closing, dark))
        }
        _ => outline_rgba(dark),
    };
    let pts = marker_outline(m.kind, MARKER_R)
        .into_iter()
        .map(|(dx, dy)| (x + dx, y + dy));
    let fill = match sender_color {
        Some(c) => diplomap_core::symbol::compare_fill(c, state),
        None => state_rgba(state, dark),
    };
    // A mission that may be open is a ring: its colour's outline, its inside pale.
    let (fill, (ow, oc)) = if diplomap_core::symbol::is_ring(state) {
        (ring_inside(fill), (RING_W, fill))
    } else {
        (fill, (ow, oc))
    };
    let mut items = vec![Item::Path {
        d: PathData::polygon(pts),
        fill: Some(fill),
        stroke: Some((ow, oc)),
    }];
    if m.inbound {
        items.push(Item::Circle {
            cx: x,
            cy: y,
            r: MARKER_R * 0.38,
            fill: Some(bullseye_rgba(dark)),
            stroke: None,
        });
    }
    if state == TimelineState::ClosedYearUnknown {
        items.push(Item::Text {
            x,
            y: y + MARKER_R * 0.45,
            text: "?".into(),
            size: MARKER_R * 1.3,
            anchor: Anchor::Middle,
            fill: [255, 255, 255, 255],
            halo: None,
        });
    }
    Item::Group {
        class: format!("mission {}", state_class(state)),
        attrs: vec![("data-id".into(), m.id.to_string())],
        items,
    }
}

/// A cluster's badge with its count and, when closures are not its majority, a small
/// badge with theirs.
fn cluster(
    c: &MapCluster,
    (x, y): (f32, f32),
    dark: bool,
    parts: Option<&[(Rgba, usize)]>,
) -> Item {
    let count = c.count() as usize;
    let mostly = dominant_state(&c.by_state);
    let closing = c.by_state[TimelineState::Closing] as usize;
    let r = cluster_radius(count);
    let outline = outline_rgba(dark);
    let fill = match parts {
        Some(_) if dark => [45, 45, 45, 255],
        Some(_) => [250, 250, 250, 255],
        None => state_rgba(mostly, dark),
    };
    let ring = parts.is_none() && diplomap_core::symbol::is_ring(mostly);
    let text_fill: Rgba = match parts {
        Some(_) if !dark => [20, 20, 20, 255],
        // A ring's pale inside on a light map: the count in the ring's colour.
        None if ring && !dark => fill,
        _ => [255, 255, 255, 255],
    };
    // Mostly missions that may be open: a ring, as their markers are.
    let (halo, inside, edge) = if ring {
        let [r0, g0, b0, a0] = ring_inside(fill);
        (
            None,
            [r0, g0, b0, a0.saturating_mul(2)],
            (RING_W + 0.6, fill),
        )
    } else {
        (Some(scale_alpha(fill, 0.35)), fill, outline)
    };
    let mut items = vec![
        Item::Circle {
            cx: x,
            cy: y,
            r: r + 4.0,
            fill: halo,
            stroke: None,
        },
        Item::Circle {
            cx: x,
            cy: y,
            r,
            fill: Some(inside),
            stroke: Some(edge),
        },
        Item::Text {
            x,
            y: y + 4.2,
            text: compact_count(count),
            size: 12.0,
            anchor: Anchor::Middle,
            fill: text_fill,
            halo: None,
        },
    ];
    // Compared senders: one arc each, as long as its share.
    if let Some(parts) = parts {
        let total: usize = parts.iter().map(|(_, n)| n).sum();
        let mut a0 = -std::f32::consts::FRAC_PI_2;
        for (col, n) in parts.iter().filter(|(_, n)| *n > 0) {
            let sweep = std::f32::consts::TAU * (*n as f32) / (total.max(1) as f32);
            let steps = ((sweep / 0.15).ceil() as usize).max(2);
            let mut d = PathData::default();
            for k in 0..=steps {
                let a = a0 + sweep * k as f32 / steps as f32;
                let (px, py) = (x + (r - 2.0) * a.cos(), y + (r - 2.0) * a.sin());
                d.0.push(if k == 0 {
                    crate::scene::Cmd::Move(px, py)
                } else {
                    crate::scene::Cmd::Line(px, py)
                });
            }
            items.insert(
                items.len() - 1,
                Item::Path {
                    d,
                    fill: None,
                    stroke: Some((4.5, *col)),
                },
            );
            a0 += sweep;
        }
    }
    if closing > 0 && (parts.is_some() || mostly != TimelineState::Closing) {
        let (dx, dy) = badge_offset(r);
        let (bx, by) = (x + dx, y + dy);
        items.push(Item::Circle {
            cx: bx,
            cy: by,
            r: BADGE_R,
            fill: Some(state_rgba(TimelineState::Closing, dark)),
            stroke: Some(outline),
        });
        items.push(Item::Text {
            x: bx,
            y: by + 3.3,
            text: compact_count(closing),
            size: 9.5,
            anchor: Anchor::Middle,
            fill: [255, 255, 255, 255],
            halo: None,
        });
    }
    let mut attrs = vec![("data-count".to_owned(), count.to_string())];
    for (s, n) in c.by_state.iter() {
        if n > 0 {
            attrs.push((format!("data-{}", state_class(s)), n.to_string()));
        }
    }
    Item::Group {
        class: "cluster".into(),
        attrs,
        items,
    }
}

/// The markers and clusters in view; what they hold, by state, and the types of the
/// single markers drawn.
fn missions(
    p: &Picture<'_>,
    proj: &Projection,
    out: &mut Vec<Item>,
) -> (PerState<usize>, Vec<MissionKind>) {
    let (w, h) = (f64::from(p.size.0), f64::from(p.size.1));
    let margin = f64::from(CLUSTER_RADIUS) * 2.0;
    let viewport = Viewport::around(
        p.view.center,
        p.view.zoom,
        (w + 2.0 * margin, h + 2.0 * margin),
        f64::from(CLUSTER_RADIUS),
    );
    let mut shown = PerState::<usize>::default();
    let mut kinds = Vec::new();
    let mut items = Vec::new();
    for c in p.index.clusters(&viewport, p.year) {
        if let Some(i) = c.single {
            let Some(m) = p.missions.get(i as usize) else {
                continue;
            };
            let state = state_at(m, p.year);
            shown[state] += 1;
            if !kinds.contains(&m.kind) {
                kinds.push(m.kind);
            }
            let sender_color = p
                .compare
                .and_then(|c| c.iter().find(|(s, _)| *s == *m.sending_state))
                .map(|(_, c)| *c);
            items.push(marker(
                m,
                state,
                proj.xy(m.lon(), m.lat()),
                p.dark,
                sender_color,
            ));
        } else {
            for (s, n) in c.by_state.iter() {
                shown[s] += n as usize;
            }
            let parts = p.compare.map(|senders| {
                let mut parts: Vec<(Rgba, usize)> =
                    senders.iter().map(|(_, col)| (*col, 0)).collect();
                for i in p.index.members(&c, p.year, usize::MAX) {
                    if let Some(m) = p.missions.get(i as usize)
                        && let Some(k) = senders.iter().position(|(s, _)| *s == *m.sending_state)
                        && let Some(part) = parts.get_mut(k)
                    {
                        part.1 += 1;
                    }
                }
                parts
            });
            items.push(cluster(&c, proj.xy(c.lon, c.lat), p.dark, parts.as_deref()));
        }
    }
    out.push(group("missions", items));
    kinds.sort_by_key(|k| MissionKind::ALL.iter().position(|x| x == k));
    (shown, kinds)
}

/// The most characters of a title; a longer one is cut with an ellipsis.
pub const TITLE_CHARS: usize = 80;

/// A rounded box behind the legend and the title.
fn panel(x: f32, y: f32, w: f32, h: f32, fill: Rgba) -> Item {
    let r = 6.0f32;
    let mut pts = Vec::new();
    for (cx, cy, a0) in [
        (x + w - r, y + r, -90.0f32),
        (x + w - r, y + h - r, 0.0),
        (x + r, y + h - r, 90.0),
        (x + r, y + r, 180.0),
    ] {
        for k in 0..=4 {
            let a = (a0 + 22.5 * k as f32).to_radians();
            pts.push((cx + r * a.cos(), cy + r * a.sin()));
        }
    }
    Item::Path {
        d: PathData::polygon(pts),
        fill: Some(fill),
        stroke: None,
    }
}

fn legend(p: &Picture<'_>, shown: &PerState<usize>, kinds: &[MissionKind], y_max: f32) -> Item {
    let (fg, bg): (Rgba, Rgba) = if p.dark {
        ([0xe8, 0xe8, 0xe8, 255], [0x10, 0x14, 0x18, 215])
    } else {
        ([0x22, 0x22, 0x22, 255], [0xff, 0xff, 0xff, 225])
    };
    let mut rows: Vec<(Item, String)> = Vec::new();
    // Each layer over the map: its title, then its keys.
    for (title, keys) in p.overlays.map(|o| o.legend.as_slice()).unwrap_or_default() {
        rows.push((group("layer-title", Vec::new()), title.clone()));
        for (label, k) in keys {
            rows.push((key_swatch(*k), label.clone()));
        }
    }
    for (name, col) in p.compare.unwrap_or_default() {
        let swatch = Item::Circle {
            cx: 0.0,
            cy: 0.0,
            r: MARKER_R,
            fill: Some(*col),
            stroke: Some(outline_rgba(p.dark)),
        };
        rows.push((swatch, name.clone()));
    }
    for s in TimelineState::ALL {
        let n = shown[s];
        if n == 0 {
            continue;
        }
        if p.compare.is_some() {
            // Comparing, colour is the sender's: only a closure this year has its own mark.
            if s == TimelineState::Closing {
                let swatch = Item::Circle {
                    cx: 0.0,
                    cy: 0.0,
                    r: MARKER_R,
                    fill: Some([150, 150, 150, 255]),
                    stroke: Some((2.5, state_rgba(s, p.dark))),
                };
                rows.push((swatch, format!("{} ({})", s.label(), compact_count(n))));
            }
            continue;
        }
        // The legend's swatch is drawn as the markers are: a ring for "may be open".
        let c = state_rgba(s, p.dark);
        let swatch = Item::Circle {
            cx: 0.0,
            cy: 0.0,
            r: MARKER_R,
            fill: Some(if diplomap_core::symbol::is_ring(s) {
                ring_inside(c)
            } else {
                c
            }),
            stroke: Some(if diplomap_core::symbol::is_ring(s) {
                (RING_W, c)
            } else {
                outline_rgba(p.dark)
            }),
        };
        rows.push((swatch, format!("{} ({})", s.label(), compact_count(n))));
    }
    for k in kinds.iter().take(6) {
        let pts = marker_outline(*k, MARKER_R);
        let swatch = Item::Path {
            d: PathData::polygon(pts),
            fill: Some(fg),
            stroke: None,
        };
        rows.push((swatch, k.label().to_owned()));
    }
    let line = 18.0f32;
    let width = rows
        .iter()
        .map(|(_, t)| text_width(t, 12.0))
        .fold(0.0f32, f32::max)
        + 40.0;
    let height = rows.len() as f32 * line + 12.0;
    let (x0, y0) = (12.0f32, y_max - height - 12.0);
    let mut items = vec![panel(x0, y0, width, height, bg)];
    for (k, (swatch, text)) in rows.into_iter().enumerate() {
        let cy = y0 + 6.0 + line * (k as f32 + 0.5);
        let cx = x0 + 16.0;
        items.push(translate(swatch, cx, cy));
        items.push(Item::Text {
            x: cx + 14.0,
            y: cy + 4.2,
            text,
            size: 12.0,
            anchor: Anchor::Start,
            fill: fg,
            halo: None,
        });
    }
    group("legend", items)
}

/// An item drawn around (0, 0), moved to (dx, dy).
fn translate(item: Item, dx: f32, dy: f32) -> Item {
    use crate::scene::Cmd;
    match item {
        Item::Circle {
            cx,
            cy,
            r,
            fill,
            stroke,
        } => Item::Circle {
            cx: cx + dx,
            cy: cy + dy,
            r,
            fill,
            stroke,
        },
        Item::Path { d, fill, stroke } => Item::Path {
            d: PathData(
                d.0.into_iter()
                    .map(|c| match c {
                        Cmd::Move(x, y) => Cmd::Move(x + dx, y + dy),
                        Cmd::Line(x, y) => Cmd::Line(x + dx, y + dy),
                        Cmd::Close => Cmd::Close,
                    })
                    .collect(),
            ),
            fill,
            stroke,
        },
        other => other,
    }
}

/// The closures chart as a strip along the bottom, the year marked.
fn chart_strip(p: &Picture<'_>, chart: &Chart<'_>, top: f32) -> Item {
    let (w, h) = (p.size.0 as f32, p.size.1 as f32 - top);
    let bg: Rgba = if p.dark {
        [0x10, 0x12, 0x14, 255]
    } else {
        [0xfa, 0xfa, 0xf8, 255]
    };
    let past: Rgba = if p.dark {
        [0x70, 0x74, 0x78, 255]
    } else {
        [0xa0, 0xa0, 0xa4, 255]
    };
    let future: Rgba = scale_alpha(past, 0.35);
    let mut items = vec![Item::Path {
        d: PathData::polygon([(0.0, top), (w, top), (w, top + h), (0.0, top + h)]),
        fill: Some(bg),
        stroke: None,
    }];
    let n = chart.closures.len().max(1) as f32;
    let most = chart.closures.iter().copied().max().unwrap_or(0).max(1) as f32;
    let bar_w = (w - 24.0) / n;
    for (k, &c) in chart.closures.iter().enumerate() {
        let year = chart.first_year + k as i32;
        if c == 0 && year != p.year {
            continue;
        }
        let bh = (c as f32 / most) * (h - 12.0);
        let x = 12.0 + k as f32 * bar_w;
        let color = if year == p.year {
            state_rgba(TimelineState::Closing, p.dark)
        } else if year < p.year {
            past
        } else {
            future
        };
        let bh = if year == p.year { bh.max(2.0) } else { bh };
        items.push(Item::Path {
            d: PathData::polygon([
                (x, top + h - 4.0 - bh),
                (x + (bar_w - 1.0).max(0.5), top + h - 4.0 - bh),
                (x + (bar_w - 1.0).max(0.5), top + h - 4.0),
                (x, top + h - 4.0),
            ]),
            fill: Some(color),
            stroke: None,
        });
    }
    group("closures-chart", items)
}

/// The most characters of the filters' caption.
const CAPTION_CHARS: usize = 160;

/// The layers' lines, under the markers.
fn overlay_lines(o: &Overlays, proj: &Projection, out: &mut Vec<Item>) {
    let mut items = Vec::new();
    for (points, col) in &o.lines {
        let mut d = PathData::default();
        let mut first = true;
        for &(lon, lat) in points {
            let (x, y) = proj.xy(lon, lat);
            d.0.push(if first {
                crate::scene::Cmd::Move(x, y)
            } else {
                crate::scene::Cmd::Line(x, y)
            });
            first = false;
        }
        if d.0.len() >= 2 {
            items.push(Item::Path {
                d,
                fill: None,
                stroke: Some((1.8, *col)),
            });
        }
    }
    if !items.is_empty() {
        out.push(group("overlay-lines", items));
    }
}

/// The layers' rings, over the markers.
fn overlay_rings(o: &Overlays, proj: &Projection, out: &mut Vec<Item>) {
    let items: Vec<Item> = o
        .rings
        .iter()
        .map(|&((lon, lat), col)| {
            let (cx, cy) = proj.xy(lon, lat);
            Item::Circle {
                cx,
                cy,
                r: 11.0,
                fill: None,
                stroke: Some((2.5, col)),
            }
        })
        .collect();
    if !items.is_empty() {
        out.push(group("change-rings", items));
    }
}

/// A layer key's swatch, centred on 0, 0.
fn key_swatch(k: Key) -> Item {
    match k {
        Key::Dot(c) => Item::Circle {
            cx: 0.0,
            cy: 0.0,
            r: MARKER_R,
            fill: Some(c),
            stroke: None,
        },
        Key::Fill(c) => Item::Path {
            d: PathData::polygon([(-6.0, -5.0), (6.0, -5.0), (6.0, 5.0), (-6.0, 5.0)]),
            fill: Some(c),
            stroke: None,
        },
        Key::Ring(c) => Item::Circle {
            cx: 0.0,
            cy: 0.0,
            r: MARKER_R,
            fill: None,
            stroke: Some((2.0, c)),
        },
        Key::Line(c) => Item::Path {
            d: PathData(vec![
                crate::scene::Cmd::Move(-7.0, 0.0),
                crate::scene::Cmd::Line(7.0, 0.0),
            ]),
            fill: None,
            stroke: Some((2.0, c)),
        },
    }
}

/// The picture as a scene.
pub fn scene(p: &Picture<'_>) -> Scene {
    let style = if p.dark { Style::DARK } else { Style::LIGHT };
    let [r, g, b] = style.water;
    let proj = Projection::new(p.view, p.size);
    let mut items = Vec::new();
    basemap(p, &proj, &style, &mut items);
    if let Some(o) = p.overlays {
        overlay_lines(o, &proj, &mut items);
    }
    let (shown, kinds) = missions(p, &proj, &mut items);
    if let Some(o) = p.overlays {
        overlay_rings(o, &proj, &mut items);
    }
    let (w, h) = (p.size.0 as f32, p.size.1 as f32);
    let strip = if p.chart.is_some() {
        56.0f32.min(h / 4.0)
    } else {
        0.0
    };
    let map_bottom = h - strip;
    if let Some(chart) = &p.chart {
        items.push(chart_strip(p, chart, map_bottom));
    }
    let (fg, halo): (Rgba, Rgba) = if p.dark {
        ([0xf0, 0xf0, 0xf0, 255], [0x10, 0x14, 0x18, 255])
    } else {
        ([0x1a, 0x1a, 0x1a, 255], [0xff, 0xff, 0xff, 255])
    };
    items.push(group(
        "title",
        vec![
            Item::Text {
                x: 16.0,
                y: 34.0,
                // However long a data set's name, the title is a line.
                text: crate::cut(p.title, TITLE_CHARS),
                size: 22.0,
                anchor: Anchor::Start,
                fill: fg,
                halo: Some(halo),
            },
            Item::Text {
                x: w - 16.0,
                y: 44.0,
                text: p.year.to_string(),
                size: 36.0,
                anchor: Anchor::End,
                fill: fg,
                halo: Some(halo),
            },
        ],
    ));
    // The filters that made the picture, under the title, cut to a line.
    if let Some(caption) = p.overlays.map(|o| o.caption.join(" · "))
        && !caption.is_empty()
    {
        items.push(group(
            "caption",
            vec![Item::Text {
                x: 16.0,
                y: 54.0,
                text: crate::cut(&format!("Filters: {caption}"), CAPTION_CHARS),
                size: 12.0,
                anchor: Anchor::Start,
                fill: fg,
                halo: Some(halo),
            }],
        ));
    }
    items.push(legend(p, &shown, &kinds, map_bottom - 22.0));
    let basemap_credit =
        "Basemap: Natural Earth (public domain) · Places: GeoNames (CC BY 4.0) · Diplomap";
    let one_line = format!("{} · {basemap_credit}", p.credit);
    // One line if it fits, else two, smaller if need be. Measured with our font; an SVG
    // viewer without it may use one a fifth wider, so the lines keep that much room.
    let room = (w - 16.0) / 1.2;
    let lines: Vec<String> = if text_width(&one_line, 10.0) <= room {
        vec![one_line]
    } else {
        vec![p.credit.to_owned(), basemap_credit.to_owned()]
    };
    let widest = lines
        .iter()
        .map(|l| text_width(l, 10.0))
        .fold(0.0, f32::max);
    let size = if widest > room {
        (10.0 * room / widest).max(5.0)
    } else {
        10.0
    };
    let n = lines.len();
    let credits = lines
        .into_iter()
        .enumerate()
        .map(|(k, text)| Item::Text {
            x: w - 8.0,
            y: map_bottom - 8.0 - (n - 1 - k) as f32 * (size + 3.0),
            text,
            size,
            anchor: Anchor::End,
            fill: fg,
            halo: Some(halo),
        })
        .collect();
    items.push(group("credits", credits));
    Scene {
        width: p.size.0,
        height: p.size.1,
        background: [r, g, b, 255],
        items,
    }
}
