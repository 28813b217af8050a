//! The map in the middle: walkers' tiles, the embedded basemap's labels, our markers and
//! clusters from the index, and the overlays.

use egui::Ui;
use walkers::{Map, lon_lat};

use super::{MapWidgets, ViewCtx};
use crate::app::command::{CameraCmd, Command, ViewCmd};
use crate::app::map::{
    self, AccreditationLines, ChangeRings, CountryLabels, CoverageShading, MarkerLayer,
    NetworkLines, OverlayInfo, overlays,
};

pub fn ui(ui: &mut Ui, cx: &ViewCtx<'_>, widgets: MapWidgets<'_>, out: &mut Vec<Command>) {
    let dark = ui.visuals().dark_mode;
    let rect = ui.available_rect_before_wrap();
    if rect != cx.camera.rect {
        out.push(CameraCmd::SetRect(rect).into());
    }
    // Behind tiles not rendered yet: the basemap's water.
    let [r, g, b] = if dark {
        cx.basemap.water_dark
    } else {
        cx.basemap.water_light
    };
    ui.painter()
        .rect_filled(rect, 0.0, egui::Color32::from_rgb(r, g, b));
    let missions = cx.view.missions();
    let index = cx.view.index();
    let year = cx.state.year;
    // What to draw comes from the index, for the view at the start of the frame.
    let zoom_before = cx.camera.zoom;
    let clusters = map::clusters_around(index, (cx.camera.center, zoom_before), rect.size(), year);
    let avoid: Vec<(f64, f64)> = clusters
        .iter()
        .map(|c| {
            c.single
                .and_then(|i| missions.get(i as usize))
                .map_or((c.lon, c.lat), |m| (m.lon(), m.lat()))
        })
        .collect();
    let compare = crate::symbol::compare_colors(&cx.state.filter.senders);
    let layer = MarkerLayer {
        missions,
        index,
        clusters: &clusters,
        year,
        selected: cx.view.selected,
        expanded: cx.view.expanded.as_deref(),
        dark,
        out,
        zoom: 0.0,
        compare: compare.as_deref(),
    };
    let MapWidgets { memory, tiles } = widgets;
    let (base, online) = tiles.layers();
    let (lon, lat) = cx.camera.home;
    let mut map = Map::new(base, memory, lon_lat(lon, lat)).zoom_with_ctrl(false);
    if let Some(online) = online {
        map = map.with_layer(online, 1.0);
    }
    if let Some(coverage) = cx.view.coverage() {
        map = map.with_plugin(CoverageShading { coverage, dark });
    }
    if cx.basemap.draw_labels {
        map = map.with_plugin(CountryLabels { dark, avoid });
    }
    let network = cx.view.network_lines();
    if !network.is_empty() {
        map = map.with_plugin(NetworkLines { lines: network });
    }
    let lines = cx.view.accreditations();
    if !lines.is_empty() {
        map = map.with_plugin(AccreditationLines { lines, dark });
    }
    if let Some(marks) = cx.view.change() {
        map = map.with_plugin(ChangeRings { missions, marks });
    }
    let resp = ui.add(map.with_plugin(layer));
    let zoomed = (memory.zoom() - zoom_before).abs() > 1e-9;
    if (resp.dragged() || zoomed) && cx.camera.flying {
        // The user moved the map: the flight gives way.
        out.push(CameraCmd::Stop.into());
    }
    if zoomed && cx.view.expanded.is_some() {
        out.push(ViewCmd::Collapse.into());
    }
    let info = OverlayInfo {
        attributions: &cx.basemap.attributions,
        status: cx.basemap.status.as_deref(),
        can_retry: cx.basemap.can_retry,
        empty_message: cx
            .loading
            .as_ref()
            .map(|(text, _)| text.as_str())
            .or((cx.derived.shown == 0).then_some("No missions match the filters")),
        progress: cx.loading.as_ref().map(|(_, f)| *f),
        dropping: cx.dropping.as_deref(),
    };
    overlays(ui, rect, &info, out);
    map::layers_box(ui, rect, &map::layers(cx.view, cx.state, dark), out);
}
