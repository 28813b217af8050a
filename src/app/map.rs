//! The map: tiles from walkers, our markers and clusters as a walkers plugin, and the
//! overlays (zoom controls, legend, attribution). Clicks become [`Command`]s.

use egui::{Color32, Id, Pos2, Rect, Response, Sense, Stroke, Ui, Vec2, WidgetInfo, pos2, vec2};
use walkers::{MapMemory, Plugin, Projector, lon_lat};

use super::Command;
use super::style;
use crate::cluster;
use crate::index::{MapCluster, MissionIndex, StateCounts};
use crate::model::{Mission, MissionKind};
use crate::timeline::{TimelineState, state_at};

/// Marker radius in points.
const MARKER_R: f32 = 6.5;
/// Markers closer than this (in points) are clustered.
const CLUSTER_RADIUS: f32 = 36.0;
/// Geographic spread (degrees) below which a cluster expands instead of zooming.
const COLOCATED_DEG: f64 = 0.02;
/// Below `EXPAND_ZOOM`, clusters with more members than this zoom in, not spread out.
const EXPAND_MAX: usize = 200;
/// Zoom at which clusters expand instead of zooming further.
const EXPAND_ZOOM: f64 = 11.0;

/// The accessible label (and tooltip title) of a mission's marker.
pub fn marker_label(m: &Mission) -> String {
    m.title()
}

/// "Cluster of 12 missions: Paris, Lyon, …" from a sample of its members.
fn cluster_label(missions: &[Mission], sample: &[u32], total: u32) -> String {
    let mut cities: Vec<&str> = Vec::new();
    for m in sample.iter().filter_map(|&i| missions.get(i as usize)) {
        if !cities.contains(&&*m.city) {
            cities.push(&m.city);
        }
    }
    let more = if cities.len() > 4 || (sample.len() as u32) < total {
        ", …"
    } else {
        ""
    };
    cities.truncate(4);
    format!("Cluster of {total} missions: {}{more}", cities.join(", "))
}

/// Members sampled for a cluster's label.
const LABEL_SAMPLE: usize = 64;

/// Draws markers and clusters and turns clicks into commands.
pub struct MarkerLayer<'a> {
    pub missions: &'a [Mission],
    pub index: &'a MissionIndex,
    /// What the index says to draw around the viewport.
    pub clusters: &'a [MapCluster],
    pub year: i32,
    pub selected: Option<usize>,
    pub expanded: Option<&'a [usize]>,
    pub dark: bool,
    pub out: &'a mut Vec<Command>,
    /// The map's zoom, set when the layer runs; city names show from zoom 5.
    pub zoom: f64,
}

impl MarkerLayer<'_> {
    fn screen_pos(projector: &Projector, m: &Mission) -> Pos2 {
        projector.project(lon_lat(m.lon(), m.lat())).to_pos2()
    }

    fn marker(&mut self, ui: &mut Ui, i: usize, at: Pos2) -> Option<Response> {
        let m = self.missions.get(i)?;
        let st = state_at(m, self.year);
        let painter = ui.painter().clone();
        let rect = Rect::from_center_size(at, Vec2::splat(MARKER_R * 2.0 + 6.0));
        let id = Id::unique(("marker", &m.id));
        let resp = ui.interact(rect, id, Sense::click());
        let label = marker_label(m);
        resp.widget_info(|| WidgetInfo::labeled(egui::Role::Button, true, &label));
        let r = if resp.hovered() {
            MARKER_R * 1.3
        } else {
            MARKER_R
        };
        if self.selected == Some(i) {
            painter.circle_stroke(at, r + 5.0, style::selection_stroke(self.dark));
        }
        style::draw_marker(&painter, at, r, m.kind, st, m.inbound, self.dark);
        if self.zoom >= 5.0 {
            let (fg, halo) = if self.dark {
                (Color32::from_gray(230), Color32::from_gray(20))
            } else {
                (Color32::from_gray(30), Color32::WHITE)
            };
            let galley =
                painter.layout_no_wrap(m.city.to_string(), egui::FontId::proportional(12.0), fg);
            let pos = at + vec2(r + 5.0, -galley.size().y / 2.0);
            style::halo_text(&painter, pos, galley, fg, halo);
        }
        let resp = resp.on_hover_ui(|ui| {
            ui.strong(&*m.city);
            ui.label(format!("{} · {}", m.kind.label(), m.country));
            if m.inbound {
                ui.label(format!("Mission of {}", m.sending_state));
            }
            if let Some(org) = &m.organization {
                ui.label(format!("to {org}"));
            }
            ui.label(status_line(m, self.year));
        });
        if resp.clicked() {
            self.out.push(Command::Select(Some(i)));
        }
        Some(resp)
    }
}

/// "open", "closing in 1998", "closed in 1995", "closed (year unknown)".
pub fn status_line(m: &Mission, year: i32) -> String {
    match (state_at(m, year), m.closure.year()) {
        (TimelineState::Open, Some(y)) => format!("open in {year} (closes {y})"),
        (TimelineState::Open, None) => format!("open in {year}"),
        (TimelineState::Closing, _) => format!("closing in {year}"),
        (TimelineState::Closed, Some(y)) => format!("closed in {y}"),
        (TimelineState::Closed, None) | (TimelineState::ClosedYearUnknown, _) => {
            "closed (year unknown)".to_owned()
        }
        (TimelineState::NotYetOpen, _) => match m.opened {
            Some(o) => format!("opens in {o}"),
            None => "not yet open".to_owned(),
        },
    }
}

impl Plugin for MarkerLayer<'_> {
    fn run(
        mut self: Box<Self>,
        ui: &mut Ui,
        response: &Response,
        projector: &Projector,
        memory: &MapMemory,
    ) {
        self.zoom = projector.zoom();
        let clip = projector.clip_rect().expand(MARKER_R * 3.0);
        let expanded: Vec<usize> = self.expanded.map(<[usize]>::to_vec).unwrap_or_default();
        let mut clicked_something = false;
        let painter = ui.painter().clone();
        let clusters = self.clusters;
        for c in clusters {
            if let Some(only) = c.single {
                let only = only as usize;
                if expanded.contains(&only) {
                    continue;
                }
                let Some(m) = self.missions.get(only) else {
                    continue;
                };
                let at = Self::screen_pos(projector, m);
                if clip.contains(at)
                    && let Some(r) = self.marker(ui, only, at)
                {
                    clicked_something |= r.clicked();
                }
                continue;
            }
            let at = projector.project(lon_lat(c.lon, c.lat)).to_pos2();
            if !clip.expand(40.0).contains(at) {
                continue;
            }
            // The expanded cluster is drawn as its members, below.
            if let Some(first) = expanded.first()
                && c.count() as usize == expanded.len()
                && self.index.cluster_contains(c, *first)
            {
                continue;
            }
            let mostly = dominant_state(&c.by_state);
            let closing = c.by_state[2] as usize;
            let r =
                style::draw_cluster(&painter, at, c.count() as usize, mostly, closing, self.dark);
            if self
                .selected
                .is_some_and(|s| self.index.cluster_contains(c, s))
            {
                painter.circle_stroke(at, r + 3.0, style::selection_stroke(self.dark));
            }
            let resp = ui.interact(
                Rect::from_center_size(at, Vec2::splat((r - 4.0) * 2.0)),
                Id::unique(("cluster", c.key)),
                Sense::click(),
            );
            let (missions, index, year) = (self.missions, self.index, self.year);
            let label = || {
                let mut sample = index.members(c, year, LABEL_SAMPLE);
                sample.sort_unstable();
                cluster_label(missions, &sample, c.count())
            };
            resp.widget_info(|| WidgetInfo::labeled(egui::Role::Button, true, label()));
            let zoom = memory.zoom();
            let resp = resp.on_hover_ui(|ui| {
                ui.label(format!(
                    "{}\nClick to {}",
                    label(),
                    if self.should_expand(c, zoom) {
                        "show them side by side"
                    } else {
                        "zoom in"
                    }
                ));
            });
            if resp.clicked() {
                clicked_something = true;
                let expand = self.should_expand(c, zoom);
                let members = self.members(c);
                if expand {
                    self.out.push(Command::Expand(members));
                } else {
                    self.out.push(Command::ZoomTo(members));
                }
            }
        }
        // An expanded cluster: members in a ring around their common centre, with legs.
        let members: Vec<usize> = expanded
            .iter()
            .copied()
            .filter(|&i| self.index.is_shown(i, self.year))
            .collect();
        if !members.is_empty() {
            let pts: Vec<Pos2> = members
                .iter()
                .filter_map(|&i| self.missions.get(i))
                .map(|m| Self::screen_pos(projector, m))
                .collect();
            let n = pts.len().max(1) as f32;
            let center = pts.iter().fold(Vec2::ZERO, |a, p| a + p.to_vec2()) / n;
            let center = center.to_pos2();
            let spots = cluster::spread(members.len(), center.x, center.y, MARKER_R * 4.0);
            let leg = Stroke::new(
                1.2,
                if self.dark {
                    Color32::from_gray(200)
                } else {
                    Color32::from_gray(60)
                },
            );
            painter.circle_filled(center, 3.0, leg.color);
            for (&i, (x, y)) in members.iter().zip(spots) {
                painter.line_segment([center, pos2(x, y)], leg);
                if let Some(r) = self.marker(ui, i, pos2(x, y)) {
                    clicked_something |= r.clicked();
                }
            }
        }
        if response.clicked() && !clicked_something {
            self.out.push(Command::Select(None));
            if self.expanded.is_some() {
                self.out.push(Command::Collapse);
            }
        }
    }
}

impl MarkerLayer<'_> {
    /// Every mission the cluster shows this year.
    fn members(&self, c: &MapCluster) -> Vec<usize> {
        self.index
            .members(c, self.year, usize::MAX)
            .into_iter()
            .map(|i| i as usize)
            .collect()
    }

    /// Whether clicking the cluster should spread its members out (they stand at one
    /// place, or the map is zoomed in far) rather than zoom in. Below that zoom, clusters
    /// of more than `EXPAND_MAX` zoom in, without a scan of their members to find out.
    fn should_expand(&self, c: &MapCluster, zoom: f64) -> bool {
        if zoom >= EXPAND_ZOOM {
            return true;
        }
        if c.count() as usize > EXPAND_MAX {
            return false;
        }
        let pts = self
            .index
            .members(c, self.year, EXPAND_MAX)
            .into_iter()
            .filter_map(|i| self.missions.get(i as usize))
            .map(|m| (m.lon(), m.lat()));
        match crate::view::BBox::around(pts) {
            Some(b) => (b.max_lon - b.min_lon).max(b.max_lat - b.min_lat) < COLOCATED_DEG,
            None => false,
        }
    }
}

/// The most common state among a cluster's members (for its colour).
fn dominant_state(by_state: &StateCounts) -> TimelineState {
    let best = by_state
        .iter()
        .enumerate()
        .max_by_key(|(k, c)| (**c, std::cmp::Reverse(*k)))
        .map_or(1, |(k, _)| k);
    TimelineState::ALL
        .get(best)
        .copied()
        .unwrap_or(TimelineState::Open)
}

/// What the overlays show besides the controls.
pub struct OverlayInfo<'a> {
    /// (text, link) of each source drawn.
    pub attributions: &'a [(String, String)],
    /// The basemap's status line, if any.
    pub status: Option<&'a str>,
    /// Offer to probe the tile server again.
    pub can_retry: bool,
    /// Shown in the middle of the map (e.g. nothing matches the filters).
    pub empty_message: Option<&'a str>,
}

/// Zoom buttons, attribution and status, drawn over the map's `rect`.
pub fn overlays(ui: &mut Ui, rect: Rect, info: &OverlayInfo<'_>, out: &mut Vec<Command>) {
    let ctx = ui.ctx().clone();
    // Zoom controls, top right.
    egui::Area::new(Id::unique("map-zoom-controls"))
        .pivot(egui::Align2::RIGHT_TOP)
        .fixed_pos(rect.right_top() + vec2(-10.0, 10.0))
        .show(&ctx, |ui| {
            egui::Frame::popup(ui.style())
                .inner_margin(3.0)
                .show(ui, |ui| {
                    ui.vertical_centered_justified(|ui| {
                        if ui.button("+").on_hover_text("Zoom in (+)").clicked() {
                            out.push(Command::ZoomIn);
                        }
                        if ui.button("-").on_hover_text("Zoom out (-)").clicked() {
                            out.push(Command::ZoomOut);
                        }
                        if ui
                            .button("Fit")
                            .on_hover_text("Fit all visible missions (F)")
                            .clicked()
                        {
                            out.push(Command::FitAll);
                        }
                    });
                });
        });
    if let Some(msg) = info.empty_message {
        egui::Area::new(Id::unique("map-empty"))
            .pivot(egui::Align2::CENTER_TOP)
            .fixed_pos(rect.center_top() + vec2(0.0, 12.0))
            .interactable(false)
            .show(&ctx, |ui| {
                egui::Frame::popup(ui.style()).show(ui, |ui| {
                    ui.label(msg);
                });
            });
    }
    // Attribution, bottom right: the tile providers' terms ask for it to be visible.
    if info.attributions.is_empty() && info.status.is_none() {
        return;
    }
    egui::Area::new(Id::unique("map-attribution"))
        .pivot(egui::Align2::RIGHT_BOTTOM)
        .fixed_pos(rect.right_bottom() + vec2(-2.0, -2.0))
        .interactable(true)
        .show(&ctx, |ui| {
            egui::Frame::new()
                .fill(ui.visuals().extreme_bg_color.gamma_multiply(0.85))
                .inner_margin(egui::Margin::symmetric(6, 1))
                .corner_radius(3)
                .show(ui, |ui| {
                    ui.horizontal(|ui| {
                        ui.spacing_mut().item_spacing.x = 6.0;
                        if let Some(s) = info.status {
                            ui.label(egui::RichText::new(s).small().strong());
                            if info.can_retry
                                && ui
                                    .small_button("Retry")
                                    .on_hover_text("Ask the tile server again")
                                    .clicked()
                            {
                                out.push(Command::RetryTiles);
                            }
                        }
                        for (text, url) in info.attributions {
                            let label = if text.starts_with('©') || text.starts_with("Tiles") {
                                text.clone()
                            } else {
                                format!("Basemap: {text}")
                            };
                            ui.hyperlink_to(egui::RichText::new(label).small(), url);
                        }
                    });
                });
        });
}

/// Country names over the basemap, big countries first, and from region zoom on the
/// gazetteer's cities, most populous first; labels never overlap.
pub struct CountryLabels {
    pub dark: bool,
    /// Where mission markers stand (lon, lat): city labels keep clear of them.
    pub avoid: Vec<(f64, f64)>,
}

impl Plugin for CountryLabels {
    fn run(
        self: Box<Self>,
        ui: &mut Ui,
        _response: &Response,
        projector: &Projector,
        _memory: &MapMemory,
    ) {
        let zoom = projector.zoom();
        if zoom < 1.5 {
            return;
        }
        // Labels wait until a render thread has parsed the basemap.
        let Some(world) = crate::basemap::World::labels_if_ready() else {
            return;
        };
        let mut labels: Vec<&crate::basemap::CountryShape> = world.labels_at(zoom).collect();
        labels.sort_by(|a, b| b.label_area.total_cmp(&a.label_area));
        let painter = ui.painter();
        let clip = projector.clip_rect();
        let (text_color, halo) = if self.dark {
            (
                Color32::from_rgb(0x9a, 0x9e, 0xa3),
                Color32::from_rgb(0x2b, 0x2f, 0x33),
            )
        } else {
            (
                Color32::from_rgb(0x7c, 0x72, 0x68),
                Color32::from_rgb(0xf4, 0xf1, 0xea),
            )
        };
        let size = if zoom < 3.0 { 10.0 } else { 11.5 };
        let mut placed: Vec<Rect> = Vec::new();
        for c in labels.into_iter().take(300) {
            let at = projector
                .project(lon_lat(c.label_at.0, c.label_at.1))
                .to_pos2();
            if !clip.contains(at) {
                continue;
            }
            let galley = painter.layout_no_wrap(
                c.name.clone(),
                egui::FontId::proportional(size),
                text_color,
            );
            let r = Rect::from_center_size(at, galley.size() + vec2(6.0, 2.0));
            if !clip.contains_rect(r) || placed.iter().any(|p| p.intersects(r)) {
                continue;
            }
            placed.push(r);
            style::halo_text(painter, r.min + vec2(3.0, 1.0), galley, text_color, halo);
        }
        // From region zoom on, the gazetteer's cities: the most populous first.
        let Some(gaz) = crate::gazetteer::Gazetteer::embedded_if_ready() else {
            return;
        };
        if zoom < 5.0 {
            return;
        }
        let min_pop: u64 = match zoom {
            z if z < 6.0 => 1_000_000,
            z if z < 7.0 => 300_000,
            z if z < 8.0 => 100_000,
            _ => 0,
        };
        let nw = projector.unproject(clip.left_top().to_vec2());
        let se = projector.unproject(clip.right_bottom().to_vec2());
        let (lon0, lon1) = (nw.x().min(se.x()), nw.x().max(se.x()));
        let (lat0, lat1) = (se.y().min(nw.y()), se.y().max(nw.y()));
        let mut cities: Vec<&crate::gazetteer::City> = gaz
            .cities()
            .iter()
            .filter(|c| {
                c.population >= min_pop
                    && (lon0..=lon1).contains(&c.lon)
                    && (lat0..=lat1).contains(&c.lat)
            })
            .collect();
        cities.sort_by_key(|c| std::cmp::Reverse(c.population));
        let dot = if self.dark {
            Color32::from_gray(150)
        } else {
            Color32::from_gray(110)
        };
        // A marker and its city name take about this much room.
        for &(lon, lat) in &self.avoid {
            let at = projector.project(lon_lat(lon, lat)).to_pos2();
            if clip.contains(at) {
                placed.push(Rect::from_min_max(
                    at - vec2(12.0, 12.0),
                    at + vec2(95.0, 12.0),
                ));
            }
        }
        for c in cities.into_iter().take(150) {
            let at = projector.project(lon_lat(c.lon, c.lat)).to_pos2();
            let galley = painter.layout_no_wrap(
                c.name.clone(),
                egui::FontId::proportional(10.5),
                text_color,
            );
            let r = Rect::from_min_size(at + vec2(4.0, -galley.size().y / 2.0), galley.size());
            let footprint = r
                .union(Rect::from_center_size(at, vec2(6.0, 6.0)))
                .expand(2.0);
            if !clip.contains_rect(footprint) || placed.iter().any(|p| p.intersects(footprint)) {
                continue;
            }
            placed.push(footprint);
            painter.circle_filled(at, 2.0, dot);
            style::halo_text(painter, r.min, galley, text_color, halo);
        }
    }
}

/// A map symbol drawn inline, 20 points wide.
pub fn symbol(ui: &mut Ui, draw: impl FnOnce(&egui::Painter, Pos2)) {
    let (r, _) = ui.allocate_exact_size(vec2(20.0, 16.0), Sense::hover());
    draw(ui.painter(), r.center());
}

fn legend_row(ui: &mut Ui, label: &str, draw: impl FnOnce(&egui::Painter, Pos2)) {
    ui.horizontal(|ui| {
        symbol(ui, draw);
        ui.label(label);
    });
}

/// The symbols the filter rows do not show: inbound, clusters, selection, ghosts.
pub fn legend(ui: &mut Ui, dark: bool) {
    legend_row(ui, "foreign mission in Pyongyang", |p, c| {
        style::draw_marker(
            p,
            c,
            6.0,
            MissionKind::Embassy,
            TimelineState::Open,
            true,
            dark,
        );
    });
    legend_row(ui, "closed earlier (ghost)", |p, c| {
        style::draw_marker(
            p,
            c,
            6.0,
            MissionKind::Embassy,
            TimelineState::Closed,
            false,
            dark,
        );
    });
    legend_row(ui, "cluster: click to zoom or expand", |p, c| {
        p.circle_filled(c, 7.0, style::state_color(TimelineState::Open, dark));
        p.text(
            c,
            egui::Align2::CENTER_CENTER,
            "3",
            egui::FontId::proportional(9.0),
            Color32::WHITE,
        );
    });
    legend_row(ui, "selected", |p, c| {
        p.circle_stroke(c, 6.0, style::selection_stroke(dark));
    });
    ui.label(egui::RichText::new("Colour: status in the chosen year. Shape: mission type.").weak());
}

/// What the map draws around a `size` map centred on `center` at `zoom`. The viewport is
/// widened by half on each side plus 100 points, so that a frame's worth of dragging
/// (the view is taken at the start of the frame) uncovers nothing undrawn.
pub(super) fn clusters_around(
    index: &MissionIndex,
    (center, zoom): ((f64, f64), f64),
    size: Vec2,
    year: i32,
) -> Vec<MapCluster> {
    let viewport = crate::index::Viewport::around(
        center,
        zoom,
        (
            f64::from(size.x) * 1.5 + 200.0,
            f64::from(size.y) * 1.5 + 200.0,
        ),
        f64::from(CLUSTER_RADIUS),
    );
    index.clusters(&viewport, year)
}

/// One frame of the map's marker work as the app does it, on a map of `size` points
/// centred on `center` (lon, lat) at `zoom`: the index query with the app's margin, the
/// marker and cluster widgets with their shapes, and the tessellation of those shapes.
/// Returns the number of clusters and markers drawn. For benchmarks; no window needed.
pub fn marker_frame(
    ctx: &egui::Context,
    missions: &[Mission],
    index: &MissionIndex,
    (center, zoom): ((f64, f64), f64),
    year: i32,
    size: Vec2,
) -> usize {
    let clusters = clusters_around(index, (center, zoom), size, year);
    let mut memory = MapMemory::default();
    memory.center_at(lon_lat(center.0, center.1));
    let _ = memory.set_zoom(zoom);
    let mut out = Vec::new();
    let input = egui::RawInput {
        screen_rect: Some(Rect::from_min_size(Pos2::ZERO, size)),
        ..Default::default()
    };
    let output = ctx.run_ui(input, |ui| {
        let layer = MarkerLayer {
            missions,
            index,
            clusters: &clusters,
            year,
            selected: None,
            expanded: None,
            dark: true,
            out: &mut out,
            zoom: 0.0,
        };
        let map = walkers::Map::new(None, &mut memory, lon_lat(center.0, center.1));
        ui.add(map.with_plugin(layer));
    });
    let primitives = ctx.tessellate(output.shapes, output.pixels_per_point);
    std::hint::black_box(primitives.len());
    clusters.len()
}
