//! Markers and clusters as a walkers plugin; clicks become commands.

use egui::{Color32, Id, Pos2, Rect, Response, Sense, Stroke, Ui, Vec2, WidgetInfo, pos2, vec2};
use walkers::{MapMemory, Plugin, Projector, lon_lat};

use super::{
    COLOCATED_DEG, EXPAND_MAX, EXPAND_ZOOM, LABEL_SAMPLE, MARKER_R, cluster_label, marker_label,
    status_line,
};
use crate::app::command::{CameraCmd, Command, ViewCmd};
use crate::app::style;
use crate::cluster;
use crate::index::{MapCluster, MissionIndex};
use crate::model::Mission;
use crate::timeline::{TimelineState, state_at};

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
    /// Compared sending states and their colours: markers take their sender's colour,
    /// clusters a ring of their senders' shares.
    pub compare: Option<&'a [(String, [u8; 4])]>,
}

impl MarkerLayer<'_> {
    fn screen_pos(projector: &Projector, m: &Mission) -> Pos2 {
        projector.project(lon_lat(m.lon(), m.lat())).to_pos2()
    }

    /// Draws mission `i` at `at`, with its city beside it from region zoom on, or `label`
    /// `beside` (a spread cluster's member: what tells it from the others).
    fn marker(
        &mut self,
        ui: &mut Ui,
        i: usize,
        at: Pos2,
        beside: Option<&str>,
    ) -> Option<Response> {
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
        let sender_color = self
            .compare
            .and_then(|c| c.iter().find(|(s, _)| *s == *m.sending_state))
            .map(|(_, c)| *c);
        style::draw_marker_filled(
            &painter,
            at,
            r,
            m.kind,
            st,
            m.inbound,
            self.dark,
            sender_color,
        );
        if self.zoom >= 5.0 {
            let (fg, halo) = if self.dark {
                (Color32::from_gray(230), Color32::from_gray(20))
            } else {
                (Color32::from_gray(30), Color32::WHITE)
            };
            let text = beside.map_or_else(|| m.city.to_string(), str::to_owned);
            let galley = painter.layout_no_wrap(text, egui::FontId::proportional(12.0), fg);
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
            self.out.push(ViewCmd::Select(Some(i)).into());
        }
        Some(resp)
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
                    && let Some(r) = self.marker(ui, only, at, None)
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
            let mostly = crate::symbol::dominant_state(&c.by_state);
            let closing = c.by_state[TimelineState::Closing] as usize;
            let r = match self.compare {
                Some(senders) => {
                    // Each compared sender's share of the cluster, from its members.
                    let mut parts: Vec<([u8; 4], usize)> =
                        senders.iter().map(|(_, col)| (*col, 0)).collect();
                    for i in self.index.members(c, self.year, usize::MAX) {
                        if let Some(m) = self.missions.get(i as usize)
                            && let Some(k) =
                                senders.iter().position(|(s, _)| *s == *m.sending_state)
                            && let Some(p) = parts.get_mut(k)
                        {
                            p.1 += 1;
                        }
                    }
                    style::draw_cluster_mix(&painter, at, &parts, closing, self.dark)
                }
                None => style::draw_cluster(
                    &painter,
                    at,
                    c.count() as usize,
                    mostly,
                    closing,
                    self.dark,
                ),
            };
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
                    self.out.push(ViewCmd::Expand(members).into());
                } else {
                    self.out.push(CameraCmd::ZoomTo(members).into());
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
            // Each member labelled by what tells it from the others (sender, then type),
            // not by the city they share.
            let shown: Vec<&Mission> = members
                .iter()
                .filter_map(|&i| self.missions.get(i))
                .collect();
            let labels = super::spread_labels(&shown);
            for ((&i, (x, y)), label) in members.iter().zip(spots).zip(labels) {
                painter.line_segment([center, pos2(x, y)], leg);
                if let Some(r) = self.marker(ui, i, pos2(x, y), Some(&label)) {
                    clicked_something |= r.clicked();
                }
            }
        }
        if response.clicked() && !clicked_something {
            self.out.push(ViewCmd::Select(None).into());
            if self.expanded.is_some() {
                self.out.push(ViewCmd::Collapse.into());
            }
            if let Some(at) = response.interact_pointer_pos() {
                let p = projector.unproject(at.to_vec2());
                self.out.push(ViewCmd::MapClicked(p.x(), p.y()).into());
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
