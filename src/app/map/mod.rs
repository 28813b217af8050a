//! The map: tiles from walkers, our markers and clusters as a walkers plugin
//! ([`MarkerLayer`]), the basemap's names ([`CountryLabels`]), and the overlays (zoom
//! controls, status, attribution). Clicks become `Command`s.

mod labels;
mod layers;
mod legend;
mod lines;
mod markers;
mod overlays;

pub use labels::CountryLabels;
pub use layers::{Layer, LayerEntry, Swatch, layers, layers_box, picture_overlays};
pub use legend::{legend, symbol};
pub use lines::{
    AccreditationLines, ChangeRings, CoverageShading, NetworkLines, country_at, country_fills,
    coverage_color,
};
pub use markers::MarkerLayer;
pub use overlays::{OverlayInfo, overlays};

use egui::{Pos2, Rect, Vec2};
use walkers::{MapMemory, lon_lat};

use crate::index::{MapCluster, MissionIndex};
use crate::model::Mission;
use crate::timeline::TimelineState;

pub(crate) use crate::symbol::{CLUSTER_RADIUS, MARKER_R};
/// Geographic spread (degrees) below which a cluster expands instead of zooming.
pub(crate) const COLOCATED_DEG: f64 = 0.02;
/// Below `EXPAND_ZOOM`, clusters with more members than this zoom in, not spread out.
pub(crate) const EXPAND_MAX: usize = 200;
/// Zoom at which clusters expand instead of zooming further.
pub(crate) const EXPAND_ZOOM: f64 = 11.0;

/// The accessible label (and tooltip title) of a mission's marker.
pub fn marker_label(m: &Mission) -> String {
    m.title()
}

/// "Cluster of 12 missions: Paris, Lyon, …" from a sample of its members.
pub(crate) fn cluster_label(missions: &[Mission], sample: &[u32], total: u32) -> String {
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

/// "open", "closing in 1998", "closed in 1995", "closed (year unknown)".
pub fn status_line(m: &Mission, year: i32) -> String {
    let p = crate::timeline::Periods::of_mission(m);
    if let Some(b) = p.break_at(year) {
        return format!("closed in {} (reopens {})", b.closed, b.reopened);
    }
    // The next closure (a break's), else its last.
    let closes = p.closures().find(|&c| c > year).or(m.closure.year());
    match (p.state(year), closes) {
        (TimelineState::Open, Some(y)) => format!("open in {year} (closes {y})"),
        (TimelineState::Open, None) => format!("open in {year}"),
        (TimelineState::Closing, _) => format!("closing in {year}"),
        (TimelineState::Closed, Some(y)) => format!("closed in {y}"),
        (TimelineState::Closed, None) | (TimelineState::ClosedYearUnknown, _) => {
            "closed (year unknown)".to_owned()
        }
        (TimelineState::NotYetOpen, _) => match (m.opened, bound_year(m)) {
            (Some(o), _) => format!("opens in {o}"),
            (None, Some(b)) => format!("not open before {b}"),
            (None, None) => "not yet open".to_owned(),
        },
        (TimelineState::MayBeOpen, _) => {
            match m.bounds().and_then(|b| b.as_of.as_ref()).map(|a| a.year) {
                Some(a) if year > a => {
                    format!("may be open in {year} (its data ends in {a})")
                }
                _ => format!("may be open in {year} (opening not recorded)"),
            }
        }
    }
}

/// The year before which the evidence rules the mission out, if any.
fn bound_year(m: &Mission) -> Option<i32> {
    m.bounds()
        .and_then(|b| b.opened_not_before.as_ref())
        .map(|b| b.year)
}

/// What the map draws around a `size` map centred on `center` at `zoom`. The viewport is
/// widened by half on each side plus 100 points, so that a frame's worth of dragging
/// (the view is taken at the start of the frame) uncovers nothing undrawn.
pub fn clusters_around(
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
            compare: None,
        };
        let map = walkers::Map::new(None, &mut memory, lon_lat(center.0, center.1));
        ui.add(map.with_plugin(layer));
    });
    let primitives = ctx.tessellate(output.shapes, output.pixels_per_point);
    std::hint::black_box(primitives.len());
    clusters.len()
}

/// The labels of a spread cluster's members: what tells them apart. Their sender when
/// senders differ (with the type where one sender has several there), else their type,
/// else their titles; one per member, in order.
pub fn spread_labels(members: &[&Mission]) -> Vec<String> {
    use std::collections::HashMap;
    let mut per_sender: HashMap<&str, usize> = HashMap::new();
    for m in members {
        *per_sender.entry(&m.sending_state).or_default() += 1;
    }
    let kinds: std::collections::HashSet<&str> = members.iter().map(|m| m.kind_word()).collect();
    members
        .iter()
        .map(|m| {
            let text = if per_sender.len() > 1 {
                if per_sender.get(&*m.sending_state).copied().unwrap_or(0) > 1 {
                    format!("{} · {}", m.sending_state, m.kind_word())
                } else {
                    m.sending_state.to_string()
                }
            } else if kinds.len() > 1 {
                m.kind_word().to_owned()
            } else {
                m.title()
            };
            crate::text::printable(&text).into_owned()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One of the missions in Pyongyang, of `sender` and `kind`.
    fn mission(sender: &str, kind: crate::model::MissionKind) -> Mission {
        let ds = crate::data::Builtin::NorthKorea
            .load()
            .expect("built-in set");
        let mut m = ds
            .missions
            .into_iter()
            .find(|m| &*m.city == "Pyongyang")
            .expect("a mission in Pyongyang");
        m.sending_state = sender.into();
        m.kind = kind;
        m.extra = None;
        m
    }

    #[test]
    fn a_spread_cluster_is_labelled_by_what_tells_its_members_apart() {
        use crate::model::MissionKind::*;
        let (a, b, c) = (
            mission("Sweden", Embassy),
            mission("China", Embassy),
            mission("China", ConsulateGeneral),
        );
        assert_eq!(spread_labels(&[&a, &b]), ["Sweden", "China"]);
        let l = spread_labels(&[&a, &b, &c]);
        assert_eq!(l[0], "Sweden");
        assert!(l[1].starts_with("China · ") && l[2].starts_with("China · ") && l[1] != l[2]);
        assert_eq!(spread_labels(&[&b, &c]), [b.kind_word(), c.kind_word()]);
        assert_eq!(spread_labels(&[&b, &b]), [b.title(), b.title()]);
    }
}
