//! The one rule for what is drawn over the map besides the missions: each layer on
//! (compared senders, their accreditation lines, a sender's coverage, the change rings,
//! the selected mission's accreditations) has an entry in the map's "On the map" box
//! while it is shown, with its keys and a button that takes it away. A layer is on only
//! through the view (the coverage and change windows, the compare facet, the network
//! lines switch, the selection), so closing its window or Reset takes it and its entry
//! away together.

use egui::{Color32, Id, Rect, Ui, vec2};

use super::lines::{CHANGE_CLOSED, CHANGE_OPENED, accreditation_color, coverage_color};
use crate::app::command::{Command, UiCmd, ViewCmd};
use crate::app::state::{Panel, UiState};
use crate::app::view_model::ViewModel;

/// How a key shows its colour.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Swatch {
    Dot(Color32),
    Fill(Color32),
    Ring(Color32),
    Line(Color32),
}

/// The layers the map can draw.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layer {
    Coverage,
    NetworkLines,
    Accreditations,
    Changes,
    Compare,
}

/// One layer's entry: what it is, its keys, and how to take it away.
#[derive(Debug, Clone)]
pub struct LayerEntry {
    pub kind: Layer,
    pub title: String,
    pub keys: Vec<(String, Swatch)>,
    /// The button's text, and what it does.
    pub hide: &'static str,
    pub commands: Vec<Command>,
}

/// The layers on, in the order they are drawn (bottom first).
pub fn layers(view: &ViewModel, state: &UiState, dark: bool) -> Vec<LayerEntry> {
    let mut v = Vec::new();
    if let Some(c) = view.coverage() {
        use crate::network::Coverage;
        v.push(LayerEntry {
            kind: Layer::Coverage,
            title: format!("Coverage of {}, {}", c.sender, state.year),
            keys: vec![
                (
                    "resident mission".to_owned(),
                    Swatch::Fill(coverage_color(Coverage::Resident, dark)),
                ),
                (
                    "covered from elsewhere".to_owned(),
                    Swatch::Fill(coverage_color(Coverage::Accredited, dark)),
                ),
                (
                    "may be covered".to_owned(),
                    Swatch::Fill(coverage_color(Coverage::MayBeCovered, dark)),
                ),
            ],
            hide: "Hide coverage",
            commands: vec![ViewCmd::SetCoverage(None).into()],
        });
    }
    let compare = crate::symbol::compare_colors(&state.filter.senders);
    let lines = view.network_lines();
    if let Some(senders) = &compare
        && !lines.is_empty()
    {
        v.push(LayerEntry {
            kind: Layer::NetworkLines,
            title: "Accreditation lines of the compared senders".to_owned(),
            keys: senders
                .iter()
                .map(|(s, c)| (s.clone(), Swatch::Line(rgba(*c))))
                .collect(),
            hide: "Hide lines",
            commands: vec![UiCmd::TogglePanel(Panel::NetworkLines).into()],
        });
    }
    if !view.accreditations().is_empty() {
        v.push(LayerEntry {
            kind: Layer::Accreditations,
            title: "Where the selected mission is also accredited".to_owned(),
            keys: vec![(
                "to the capital".to_owned(),
                Swatch::Line(accreditation_color(dark)),
            )],
            hide: "Deselect",
            commands: crate::app::actions::Action::ClearSelection.commands(),
        });
    }
    if let Some(m) = view.change() {
        v.push(LayerEntry {
            kind: Layer::Changes,
            title: format!("Changes after {} up to {}", m.from, m.to),
            keys: vec![
                (
                    format!("opened ({})", m.opened.len()),
                    Swatch::Ring(CHANGE_OPENED),
                ),
                (
                    format!("closed ({})", m.closed.len()),
                    Swatch::Ring(CHANGE_CLOSED),
                ),
            ],
            hide: "Hide changes",
            commands: vec![ViewCmd::SetChange(None).into()],
        });
    }
    if let Some(senders) = compare {
        let filter = crate::filter::Filter {
            senders: Default::default(),
            ..state.filter.clone()
        };
        v.push(LayerEntry {
            kind: Layer::Compare,
            title: "Comparing senders (shape: the mission type)".to_owned(),
            keys: senders
                .iter()
                .map(|(s, c)| (s.clone(), Swatch::Dot(rgba(*c))))
                .collect(),
            hide: "Stop comparing",
            commands: vec![ViewCmd::SetFilter(filter).into()],
        });
    }
    v
}

fn rgba([r, g, b, a]: [u8; 4]) -> Color32 {
    Color32::from_rgba_unmultiplied(r, g, b, a)
}

/// Draws a key's swatch, 18 points wide.
fn swatch(ui: &mut Ui, s: Swatch) {
    let (r, _) = ui.allocate_exact_size(vec2(18.0, 12.0), egui::Sense::hover());
    let p = ui.painter();
    let c = r.center();
    match s {
        Swatch::Dot(col) => {
            p.circle_filled(c, 5.0, col);
        }
        Swatch::Fill(col) => {
            p.rect_filled(r.shrink(1.0), 2.0, col);
            p.rect_stroke(
                r.shrink(1.0),
                2.0,
                egui::Stroke::new(1.0, ui.visuals().weak_text_color()),
                egui::StrokeKind::Inside,
            );
        }
        Swatch::Ring(col) => {
            p.circle_stroke(c, 5.0, egui::Stroke::new(2.0, col));
        }
        Swatch::Line(col) => {
            p.line_segment(
                [r.left_center(), r.right_center()],
                egui::Stroke::new(2.0, col),
            );
        }
    }
}

/// The "On the map" box, bottom left over the map's `rect` (windows open at the top, the
/// attribution is bottom right, the toasts bottom middle).
pub fn layers_box(ui: &Ui, rect: Rect, entries: &[LayerEntry], out: &mut Vec<Command>) {
    if entries.is_empty() {
        return;
    }
    egui::Area::new(Id::unique("map-layers"))
        .pivot(egui::Align2::LEFT_BOTTOM)
        .fixed_pos(rect.left_bottom() + vec2(10.0, -10.0))
        .show(ui.ctx(), |ui| {
            egui::Frame::popup(ui.style()).show(ui, |ui| {
                ui.set_max_width((rect.width() * 0.4).clamp(180.0, 320.0));
                ui.label(egui::RichText::new("On the map").small().weak());
                for (i, e) in entries.iter().enumerate() {
                    if i > 0 {
                        ui.separator();
                    }
                    ui.horizontal(|ui| {
                        ui.add(egui::Label::new(egui::RichText::new(&e.title).strong()).wrap());
                    });
                    // Short keys (names) side by side, long ones a row each.
                    if e.keys.iter().any(|(l, _)| l.chars().count() > 14) {
                        for (label, s) in &e.keys {
                            ui.horizontal(|ui| {
                                swatch(ui, *s);
                                ui.label(label);
                            });
                        }
                    } else {
                        ui.horizontal_wrapped(|ui| {
                            for (label, s) in &e.keys {
                                swatch(ui, *s);
                                ui.label(label);
                            }
                        });
                    }
                    if ui
                        .small_button(e.hide)
                        .on_hover_text("Take this layer off the map")
                        .clicked()
                    {
                        out.extend(e.commands.iter().cloned());
                    }
                }
            });
        });
}

/// The layers as a picture draws them (Export image): the coverage's countries, the lines,
/// the change rings, each layer's legend (the compared senders are the picture's own
/// legend already), and the filters' caption.
pub fn picture_overlays(view: &ViewModel, state: &UiState, dark: bool) -> crate::picture::Overlays {
    let rgba = |c: Color32| c.to_srgba_unmultiplied();
    let mut o = crate::picture::Overlays {
        caption: crate::picture::caption(&state.filter, view.missions()),
        ..Default::default()
    };
    for e in layers(view, state, dark) {
        if e.kind == Layer::Compare {
            continue;
        }
        let keys = e
            .keys
            .iter()
            .map(|(l, s)| {
                let k = match *s {
                    Swatch::Dot(c) => crate::picture::Key::Dot(rgba(c)),
                    Swatch::Fill(c) => crate::picture::Key::Fill(rgba(c)),
                    Swatch::Ring(c) => crate::picture::Key::Ring(rgba(c)),
                    Swatch::Line(c) => crate::picture::Key::Line(rgba(c)),
                };
                (l.clone(), k)
            })
            .collect();
        o.legend.push((e.title.clone(), keys));
    }
    if let Some(c) = view.coverage() {
        // The basemap's countries by name, shaded as their key's coverage is.
        let gaz = crate::gazetteer::Gazetteer::embedded();
        for world in [
            crate::basemap::World::coarse(),
            crate::basemap::World::embedded(),
        ] {
            for country in &world.countries {
                let key = crate::network::country_key(gaz, &country.name);
                if let Some(k) = c.countries.get(&key) {
                    o.shade
                        .insert(country.name.clone(), rgba(coverage_color(*k, dark)));
                }
            }
        }
    }
    for l in view.network_lines() {
        o.lines.push((l.points.clone(), l.color));
    }
    for l in view.accreditations() {
        o.lines.push((l.clone(), rgba(accreditation_color(dark))));
    }
    if let Some(m) = view.change() {
        let missions = view.missions();
        for (list, col) in [(&m.opened, CHANGE_OPENED), (&m.closed, CHANGE_CLOSED)] {
            for &(i, _) in list {
                if let Some(ms) = missions.get(i) {
                    o.rings.push(((ms.lon(), ms.lat()), rgba(col)));
                }
            }
        }
    }
    o
}
