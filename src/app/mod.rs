//! The desktop app. Panels read [`DiplomapApp`]'s state and return [`Command`]s, which are
//! applied once per frame in [`DiplomapApp::apply`]. Filtering, the timeline, clustering and
//! the view arithmetic live in the UI-free modules of the library.

mod map;
mod panels;
mod style;
pub mod tiles;

use std::collections::BTreeMap;
use std::path::PathBuf;

use egui::Key;
use serde::{Deserialize, Serialize};
use walkers::{MapMemory, lon_lat};

use crate::data;
use crate::export::{self, Format};
use crate::filter::{self, Facet, Filter};
use crate::model::{Dataset, Mission, MissionKind, Region};
use crate::text::fold;
use crate::timeline::{self, FIRST_YEAR, YearSummary};
use crate::view::{self, BBox};

pub use map::marker_label;

/// Options from the command line.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// `--data FILE`: the data set to open instead of the built-in one.
    pub data: Option<PathBuf>,
    /// `--tiles URL` / `DIPLOMAP_TILES`: a tile URL template with `{z}`, `{x}`, `{y}`.
    pub tiles: Option<String>,
    /// `--offline`: no tile downloads; the embedded basemap only.
    pub offline: bool,
}

/// The last year on the timeline: the current one.
pub fn current_year() -> i32 {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    // Days since 1970 → civil year (Howard Hinnant's algorithm, years only).
    let days = i64::try_from(secs / 86_400).unwrap_or(0);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    i32::try_from(year).unwrap_or(2026).max(FIRST_YEAR + 1)
}

/// Opens the window and runs the app until it is closed.
pub fn run(options: Options) -> anyhow::Result<()> {
    tiles::install_tls_provider();
    let title = "Diplomap".to_owned();
    let native = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title(&title)
            .with_app_id("diplomap")
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size([720.0, 480.0]),
        persist_window: true,
        ..Default::default()
    };
    eframe::run_native(
        &title,
        native,
        Box::new(move |cc| Ok(Box::new(DiplomapApp::new(cc, options)))),
    )
    .map_err(|e| anyhow::anyhow!("cannot open the window: {e}"))
}

/// How the mission list is sorted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum SortKey {
    #[default]
    Country,
    City,
    Kind,
    Status,
    Region,
}

/// What is remembered between runs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct UiState {
    pub filter: Filter,
    pub year: i32,
    pub map_center: (f64, f64),
    pub map_zoom: f64,
    pub show_filters: bool,
    pub show_list: bool,
    pub show_timeline: bool,
    pub show_legend: bool,
    pub sort: SortKey,
    pub sort_descending: bool,
    /// Years per second while playing.
    pub play_speed: f32,
    pub export_format: Format,
    pub export_dir: String,
    /// Where map tiles come from.
    pub provider: tiles::Provider,
}

impl Default for UiState {
    fn default() -> Self {
        UiState {
            filter: Filter::default(),
            year: current_year(),
            map_center: (40.0, 25.0),
            map_zoom: 2.0,
            show_filters: true,
            show_list: true,
            show_timeline: true,
            show_legend: true,
            sort: SortKey::Country,
            sort_descending: false,
            play_speed: 2.0,
            export_format: Format::GeoJson,
            export_dir: default_export_dir(),
            provider: tiles::Provider::default(),
        }
    }
}

fn default_export_dir() -> String {
    directories::UserDirs::new()
        .and_then(|u| {
            u.document_dir()
                .or(Some(u.home_dir()))
                .map(|p| p.display().to_string())
        })
        .unwrap_or_else(|| ".".to_owned())
}

const STATE_KEY: &str = "diplomap-ui-state-v1";

/// A window the user can open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Window {
    About,
    Help,
    Export,
    Open,
}

/// What the user asked for, applied once per frame.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// Select a mission (by index in the data set), or clear the selection.
    Select(Option<usize>),
    /// Select and fly to it.
    SelectAndShow(usize),
    SetYear(i32),
    StepYear(i32),
    TogglePlay,
    SetPlaySpeed(f32),
    SetFilter(Filter),
    ResetFilters,
    ZoomIn,
    ZoomOut,
    FitAll,
    /// Zoom so that these missions fill the view.
    ZoomTo(Vec<usize>),
    /// Show a cluster's members side by side.
    Expand(Vec<usize>),
    Collapse,
    ShowWindow(Window, bool),
    SetSort(SortKey),
    TogglePanel(Panel),
    Export {
        format: Format,
        path: PathBuf,
    },
    OpenData(PathBuf),
    SetExportFormat(Format),
    /// Switch the online tile server (or only the embedded basemap).
    SetProvider(tiles::Provider),
    /// Probe the tile server again.
    RetryTiles,
    /// The custom tile URL field was edited.
    SetCustomUrl(String),
}

/// The panels that can be shown or hidden.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Panel {
    Filters,
    List,
    Timeline,
    Legend,
}

/// A message shown to the user until dismissed.
#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    pub text: String,
    pub error: bool,
}

/// A map animation towards a target view.
#[derive(Debug, Clone, Copy)]
struct Flight {
    from: (f64, f64, f64),
    to: (f64, f64, f64),
    start: f64,
    duration: f64,
}

/// Everything the panels need to know, computed when the filter, year or data change.
#[derive(Debug, Clone, Default)]
pub struct Derived {
    /// Indexes of the missions that pass the filter, in data order.
    pub visible: Vec<usize>,
    /// The same, sorted for the list.
    pub sorted: Vec<usize>,
    /// Counts per status (ignoring the status facet) at the current year.
    pub summary: YearSummary,
    /// Counts per option, each ignoring its own facet, at the current year.
    pub kind_counts: BTreeMap<MissionKind, usize>,
    pub region_counts: BTreeMap<Region, usize>,
    pub country_counts: BTreeMap<String, usize>,
    pub organization_counts: BTreeMap<String, usize>,
    /// Closures per year over the whole timeline (of the filtered set, ignoring status).
    pub closures: Vec<(i32, usize)>,
}

/// The app: state, data and the runtime bits.
pub struct DiplomapApp {
    pub state: UiState,
    pub dataset: Dataset,
    pub data_path: Option<PathBuf>,
    pub selected: Option<usize>,
    pub expanded: Option<Vec<usize>>,
    pub playing: bool,
    pub notices: Vec<Notice>,
    pub last_year: i32,
    derived: Derived,
    derived_key: Option<(Filter, i32, u64, SortKey, bool)>,
    data_generation: u64,
    map_memory: MapMemory,
    tiles: tiles::Basemap,
    flight: Option<Flight>,
    play_clock: f64,
    windows: BTreeMap<&'static str, bool>,
    open_path: String,
    export_name: String,
    /// Where the last map frame was drawn, for fitting views.
    map_rect: egui::Rect,
    /// Commands gathered this frame.
    pending: Vec<Command>,
    /// `--offline` was given.
    offline: bool,
    /// The custom tile URL being edited in the View menu.
    pub custom_url: String,
    /// The title last sent to the window (sending it repaints, so only on change).
    window_title: String,
    first_frame_logged: bool,
    /// Requests to focus the search box (Ctrl+F).
    focus_search: bool,
    /// The list scrolls to the selection once after it changes on the map.
    scroll_list_to_selection: bool,
}

impl DiplomapApp {
    /// The app as eframe creates it: persisted state restored, data loaded.
    pub fn new(cc: &eframe::CreationContext<'_>, options: Options) -> Self {
        let mut notices = Vec::new();
        let mut first_run = false;
        let state = match cc.storage.and_then(|s| s.get_string(STATE_KEY)) {
            None => {
                first_run = true;
                UiState::default()
            }
            Some(text) => match ron::from_str::<UiState>(&text) {
                Ok(s) => s,
                Err(e) => {
                    let msg =
                        format!("Saved settings could not be read ({e}); starting with defaults.");
                    log::warn!("{msg}");
                    notices.push(Notice {
                        text: msg,
                        error: false,
                    });
                    UiState::default()
                }
            },
        };
        let tile_url = options.tiles.clone().or_else(|| {
            std::env::var("DIPLOMAP_TILES")
                .ok()
                .filter(|s| !s.is_empty())
        });
        // `--tiles` / DIPLOMAP_TILES choose the server for this run.
        let provider = tile_url.map_or(state.provider.clone(), tiles::Provider::Custom);
        let tiles = match tiles::Basemap::new(&cc.egui_ctx, &provider, options.offline) {
            Ok(b) => b,
            Err(e) => {
                notices.push(Notice {
                    text: format!("{e}; using OpenStreetMap."),
                    error: true,
                });
                tiles::Basemap::new(
                    &cc.egui_ctx,
                    &tiles::Provider::OpenStreetMap,
                    options.offline,
                )
                .unwrap_or_else(|_| tiles::Basemap::none())
            }
        };
        let mut app = Self::with_state(state, tiles, notices);
        app.offline = options.offline;
        // The map labels cities from the gazetteer once it is parsed, off the UI thread.
        crate::gazetteer::Gazetteer::warm_up();
        if first_run {
            // Start with every mission in view.
            app.pending.push(Command::FitAll);
        }
        match options.data.as_deref() {
            None => {}
            Some(path) => match data::load_file(path) {
                Ok(ds) => app.set_dataset(ds, Some(path.to_owned())),
                Err(e) => {
                    log::error!("{e}");
                    app.notices.push(Notice {
                        text: format!("{e}\nShowing the built-in data set instead."),
                        error: true,
                    });
                }
            },
        }
        app
    }

    /// The app with the built-in data, a given state and no window (for tests and `new`).
    pub fn with_state(state: UiState, tiles: tiles::Basemap, mut notices: Vec<Notice>) -> Self {
        let dataset = match data::load_embedded() {
            Ok(ds) => ds,
            Err(e) => {
                log::error!("{e}");
                notices.push(Notice {
                    text: format!("The built-in data set is broken: {e}"),
                    error: true,
                });
                Dataset::default()
            }
        };
        let last_year = current_year();
        let mut map_memory = MapMemory::default();
        map_memory.center_at(lon_lat(state.map_center.0, state.map_center.1));
        let _ = map_memory.set_zoom(state.map_zoom.clamp(view::MIN_ZOOM, view::MAX_ZOOM));
        let mut state = state;
        state.year = state.year.clamp(FIRST_YEAR, last_year);
        DiplomapApp {
            state,
            dataset,
            data_path: None,
            selected: None,
            expanded: None,
            playing: false,
            notices,
            last_year,
            derived: Derived::default(),
            derived_key: None,
            data_generation: 0,
            map_memory,
            tiles,
            flight: None,
            play_clock: 0.0,
            windows: BTreeMap::new(),
            open_path: String::new(),
            export_name: String::new(),
            map_rect: egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(800.0, 600.0)),
            pending: Vec::new(),
            offline: false,
            custom_url: String::new(),
            window_title: String::new(),
            first_frame_logged: false,
            focus_search: false,
            scroll_list_to_selection: false,
        }
    }

    /// Replaces the data set; the selection is cleared.
    pub fn set_dataset(&mut self, ds: Dataset, path: Option<PathBuf>) {
        self.dataset = ds;
        self.data_path = path;
        self.selected = None;
        self.expanded = None;
        self.data_generation += 1;
        self.derived_key = None;
    }

    /// The missions passing the filter at the current year, and the counts.
    pub fn derived(&mut self) -> &Derived {
        self.refresh_derived();
        &self.derived
    }

    pub fn selected_mission(&self) -> Option<&Mission> {
        self.selected.and_then(|i| self.dataset.missions.get(i))
    }

    pub fn map_zoom(&self) -> f64 {
        self.map_memory.zoom()
    }

    pub fn map_center(&self) -> (f64, f64) {
        self.map_memory
            .detached()
            .map_or(self.state.map_center, |p| (p.x(), p.y()))
    }

    /// The attributions of what the map draws: (text, link).
    pub fn attributions(&self) -> Vec<(String, String)> {
        self.tiles
            .attributions()
            .into_iter()
            .map(|a| (a.text.to_owned(), a.url.to_owned()))
            .collect()
    }

    /// The one line of basemap status shown on the map, if any.
    pub fn basemap_status(&self) -> Option<String> {
        match self.tiles.status() {
            tiles::OnlineStatus::Unreachable(_) => {
                Some("offline basemap — tile server unreachable".to_owned())
            }
            tiles::OnlineStatus::Checking => Some("connecting to the tile server…".to_owned()),
            tiles::OnlineStatus::Off if self.offline && self.tiles.has_embedded() => {
                Some("offline basemap".to_owned())
            }
            _ => None,
        }
    }

    /// The basemap, for tests and the status line.
    pub fn basemap(&self) -> &tiles::Basemap {
        &self.tiles
    }

    pub fn is_window_open(&self, w: Window) -> bool {
        self.windows.get(window_key(w)).copied().unwrap_or(false)
    }

    fn refresh_derived(&mut self) {
        let key = (
            self.state.filter.clone(),
            self.state.year,
            self.data_generation,
            self.state.sort,
            self.state.sort_descending,
        );
        if self.derived_key.as_ref() == Some(&key) {
            return;
        }
        self.derived = compute_derived(&self.dataset.missions, &self.state);
        self.derived_key = Some(key);
    }

    /// Queues a command, to be applied at the end of the frame.
    pub fn push(&mut self, c: Command) {
        self.pending.push(c);
    }

    /// Applies one command.
    pub fn apply(&mut self, ctx: &egui::Context, c: Command) {
        match c {
            Command::Select(sel) => {
                self.selected = sel.filter(|&i| i < self.dataset.missions.len());
                self.scroll_list_to_selection = true;
                self.log_selection();
            }
            Command::SelectAndShow(i) => {
                if let Some(m) = self.dataset.missions.get(i) {
                    let zoom = self.map_memory.zoom().max(5.0);
                    let target = (m.lon(), m.lat(), zoom);
                    self.selected = Some(i);
                    self.log_selection();
                    self.fly_to(ctx, target);
                }
            }
            Command::SetYear(y) => {
                self.state.year = y.clamp(FIRST_YEAR, self.last_year);
                self.expanded = None;
            }
            Command::StepYear(d) => {
                self.state.year = (self.state.year + d).clamp(FIRST_YEAR, self.last_year);
                self.expanded = None;
            }
            Command::TogglePlay => {
                self.playing = !self.playing;
                if self.playing && self.state.year >= self.last_year {
                    self.state.year = FIRST_YEAR;
                }
                self.play_clock = ctx.input(|i| i.time);
            }
            Command::SetPlaySpeed(s) => self.state.play_speed = s.clamp(0.25, 20.0),
            Command::SetFilter(f) => {
                self.state.filter = f;
                self.expanded = None;
            }
            Command::ResetFilters => {
                self.state.filter = Filter::default();
                self.expanded = None;
            }
            Command::ZoomIn => {
                let z = (self.map_memory.zoom() + 1.0).min(view::MAX_ZOOM);
                let (lon, lat) = self.map_center();
                self.fly_to(ctx, (lon, lat, z.round()));
            }
            Command::ZoomOut => {
                let z = (self.map_memory.zoom() - 1.0).max(view::MIN_ZOOM);
                let (lon, lat) = self.map_center();
                self.fly_to(ctx, (lon, lat, z.round()));
            }
            Command::FitAll => {
                let visible = self.derived().visible.clone();
                self.zoom_to(ctx, &visible);
            }
            Command::ZoomTo(members) => self.zoom_to(ctx, &members),
            Command::Expand(members) => self.expanded = Some(members),
            Command::Collapse => self.expanded = None,
            Command::ShowWindow(w, open) => {
                self.windows.insert(window_key(w), open);
                if open && w == Window::Export && self.export_name.is_empty() {
                    self.export_name = self.suggested_export_name();
                }
            }
            Command::SetSort(k) => {
                if self.state.sort == k {
                    self.state.sort_descending = !self.state.sort_descending;
                } else {
                    self.state.sort = k;
                    self.state.sort_descending = false;
                }
            }
            Command::TogglePanel(p) => {
                let flag = match p {
                    Panel::Filters => &mut self.state.show_filters,
                    Panel::List => &mut self.state.show_list,
                    Panel::Timeline => &mut self.state.show_timeline,
                    Panel::Legend => &mut self.state.show_legend,
                };
                *flag = !*flag;
            }
            Command::Export { format, path } => self.export_view(format, &path),
            Command::OpenData(path) => match data::load_file(&path) {
                Ok(ds) => {
                    let n = ds.missions.len();
                    self.set_dataset(ds, Some(path.clone()));
                    self.windows.insert(window_key(Window::Open), false);
                    self.notices.push(Notice {
                        text: format!("Opened {} ({n} missions).", path.display()),
                        error: false,
                    });
                    self.pending.push(Command::FitAll);
                }
                Err(e) => {
                    log::error!("{e}");
                    self.notices.push(Notice {
                        text: format!(
                            "{}\nThe current data stays loaded.",
                            e.problems().join("\n")
                        ),
                        error: true,
                    });
                }
            },
            Command::SetProvider(p) => {
                match self.tiles.set_provider(&p) {
                    Ok(()) => self.state.provider = p,
                    Err(e) => self.notices.push(Notice {
                        text: e,
                        error: true,
                    }),
                }
                self.offline = false;
            }
            Command::RetryTiles => self.tiles.retry(),
            Command::SetCustomUrl(u) => self.custom_url = u,
            Command::SetExportFormat(f) => {
                self.state.export_format = f;
                self.export_name = self.suggested_export_name();
            }
        }
    }

    fn log_selection(&self) {
        match self.selected_mission() {
            Some(m) => log::info!("selected {} ({})", m.id, m.title()),
            None => log::info!("selection cleared"),
        }
    }

    fn suggested_export_name(&self) -> String {
        format!(
            "diplomap-{}.{}",
            self.state.year,
            self.state.export_format.extension()
        )
    }

    /// Exports what the map shows: the filtered missions at the current year.
    fn export_view(&mut self, format: Format, path: &std::path::Path) {
        let visible = self.derived().visible.clone();
        let missions: Vec<&Mission> = visible
            .iter()
            .filter_map(|&i| self.dataset.missions.get(i))
            .collect();
        match export::write_file(format, &missions, Some(self.state.year), path) {
            Ok(()) => {
                log::info!("exported {} missions to {}", missions.len(), path.display());
                self.notices.push(Notice {
                    text: format!(
                        "Exported {} missions to {}.",
                        missions.len(),
                        path.display()
                    ),
                    error: false,
                });
                self.windows.insert(window_key(Window::Export), false);
            }
            Err(e) => {
                log::error!("{e}");
                self.notices.push(Notice {
                    text: e.to_string(),
                    error: true,
                });
            }
        }
    }

    fn zoom_to(&mut self, ctx: &egui::Context, members: &[usize]) {
        let points = members
            .iter()
            .filter_map(|&i| self.dataset.missions.get(i))
            .map(|m| (m.lon(), m.lat()));
        let Some(bbox) = BBox::around(points) else {
            return;
        };
        let r = self.map_rect;
        let ((lon, lat), zoom) = view::fit(
            bbox,
            f64::from(r.width()),
            f64::from(r.height()),
            48.0,
            12.0,
        );
        self.expanded = None;
        self.fly_to(ctx, (lon, lat, zoom));
    }

    fn fly_to(&mut self, ctx: &egui::Context, to: (f64, f64, f64)) {
        let (lon, lat) = self.map_center();
        let from = (lon, lat, self.map_memory.zoom());
        let reduce_motion = ctx.global_style().animation_time <= 0.0;
        if reduce_motion {
            self.set_view(to);
            self.flight = None;
        } else {
            self.flight = Some(Flight {
                from,
                to,
                start: ctx.input(|i| i.time),
                duration: 0.5,
            });
        }
        ctx.request_repaint();
    }

    fn set_view(&mut self, (lon, lat, zoom): (f64, f64, f64)) {
        self.map_memory.center_at(lon_lat(lon, lat));
        let _ = self
            .map_memory
            .set_zoom(zoom.clamp(view::MIN_ZOOM, view::MAX_ZOOM));
        self.state.map_center = (lon, lat);
        self.state.map_zoom = self.map_memory.zoom();
    }

    fn advance_animations(&mut self, ctx: &egui::Context) {
        let now = ctx.input(|i| i.time);
        if let Some(f) = self.flight {
            let t = ((now - f.start) / f.duration).clamp(0.0, 1.0);
            let e = 1.0 - (1.0 - t).powi(3);
            let (x0, y0) = (view::mercator_x(f.from.0), view::mercator_y(f.from.1));
            let (x1, y1) = (view::mercator_x(f.to.0), view::mercator_y(f.to.1));
            let x = x0 + (x1 - x0) * e;
            let y = y0 + (y1 - y0) * e;
            let z = f.from.2 + (f.to.2 - f.from.2) * e;
            self.set_view((x * 360.0 - 180.0, view::inverse_mercator_y(y), z));
            if t >= 1.0 {
                self.flight = None;
            } else {
                ctx.request_repaint();
            }
        }
        if self.playing {
            let step = 1.0 / f64::from(self.state.play_speed.max(0.25));
            if now - self.play_clock >= step {
                self.play_clock = now;
                if self.state.year >= self.last_year {
                    self.playing = false;
                } else {
                    self.state.year += 1;
                    self.expanded = None;
                }
            }
            ctx.request_repaint_after(std::time::Duration::from_secs_f64(step / 4.0));
        }
    }

    fn keyboard(&mut self, ctx: &egui::Context) {
        let typing = ctx.egui_wants_keyboard_input();
        let mut cmds = Vec::new();
        ctx.input_mut(|i| {
            if i.consume_key(egui::Modifiers::COMMAND, Key::F) {
                self.focus_search = true;
            }
            if i.consume_key(egui::Modifiers::COMMAND, Key::E) {
                cmds.push(Command::ShowWindow(Window::Export, true));
            }
            if i.consume_key(egui::Modifiers::COMMAND, Key::O) {
                cmds.push(Command::ShowWindow(Window::Open, true));
            }
            if i.consume_key(egui::Modifiers::NONE, Key::F1) {
                cmds.push(Command::ShowWindow(Window::Help, true));
            }
            if typing {
                return;
            }
            // Every press counts, even several within one frame.
            let mut step = 0i32;
            for (mods, key, years) in [
                (egui::Modifiers::NONE, Key::ArrowLeft, -1),
                (egui::Modifiers::NONE, Key::ArrowRight, 1),
                (egui::Modifiers::SHIFT, Key::ArrowLeft, -10),
                (egui::Modifiers::SHIFT, Key::ArrowRight, 10),
            ] {
                let n = i32::try_from(i.count_and_consume_key(mods, key)).unwrap_or(0);
                step += n * years;
            }
            if step != 0 {
                cmds.push(Command::StepYear(step));
            }
            if i.consume_key(egui::Modifiers::NONE, Key::Home) {
                cmds.push(Command::SetYear(FIRST_YEAR));
            }
            if i.consume_key(egui::Modifiers::NONE, Key::End) {
                cmds.push(Command::SetYear(i32::MAX));
            }
            if i.consume_key(egui::Modifiers::NONE, Key::Space) {
                cmds.push(Command::TogglePlay);
            }
            if i.consume_key(egui::Modifiers::NONE, Key::F) {
                cmds.push(Command::FitAll);
            }
            if i.consume_key(egui::Modifiers::NONE, Key::Plus)
                || i.consume_key(egui::Modifiers::NONE, Key::Equals)
            {
                cmds.push(Command::ZoomIn);
            }
            if i.consume_key(egui::Modifiers::NONE, Key::Minus) {
                cmds.push(Command::ZoomOut);
            }
            if i.consume_key(egui::Modifiers::NONE, Key::Escape) {
                cmds.push(Command::Collapse);
                cmds.push(Command::Select(None));
            }
        });
        self.pending.extend(cmds);
    }

    fn apply_pending(&mut self, ctx: &egui::Context) {
        if !self.pending.is_empty() {
            // Show the result of what was asked at once, not on the next input event.
            ctx.request_repaint();
        }
        // Commands may queue more commands (opening data fits the view); bounded.
        for _ in 0..4 {
            if self.pending.is_empty() {
                break;
            }
            for c in std::mem::take(&mut self.pending) {
                self.apply(ctx, c);
            }
        }
    }
}

fn window_key(w: Window) -> &'static str {
    match w {
        Window::About => "about",
        Window::Help => "help",
        Window::Export => "export",
        Window::Open => "open",
    }
}

/// Filters, counts and sorts the missions for the panels.
pub fn compute_derived(missions: &[Mission], state: &UiState) -> Derived {
    let f = &state.filter;
    let year = state.year;
    let text = fold(&f.text);
    let mut d = Derived {
        summary: YearSummary {
            year,
            ..YearSummary::default()
        },
        ..Derived::default()
    };
    // The missions passing every facet but status: the summary and the chart count them.
    let mut any_status: Vec<&Mission> = Vec::new();
    for (i, m) in missions.iter().enumerate() {
        let st = timeline::state_at(m, year);
        let passes = |skip: Facet| f.matches_except(m, year, Some(skip), &text);
        if passes(Facet::State) {
            d.summary.add(st);
            any_status.push(m);
            if !f.hidden_states.contains(&st) {
                d.visible.push(i);
            }
        }
        if passes(Facet::Kind) {
            *d.kind_counts.entry(m.kind).or_default() += 1;
        }
        if passes(Facet::Region) {
            *d.region_counts.entry(m.region).or_default() += 1;
        }
        if passes(Facet::Country) {
            *d.country_counts
                .entry(m.country_code.to_string())
                .or_default() += 1;
        }
        if passes(Facet::Organization) {
            *d.organization_counts
                .entry(filter::organization_key(m).to_owned())
                .or_default() += 1;
        }
    }
    d.closures = timeline::closures_per_year(any_status, FIRST_YEAR, current_year());
    d.sorted = d.visible.clone();
    let key = |i: &usize| -> (String, String) {
        let Some(m) = missions.get(*i) else {
            return (String::new(), String::new());
        };
        let primary = match state.sort {
            SortKey::Country => fold(&m.country),
            SortKey::City => fold(&m.city),
            SortKey::Kind => format!("{:?}", m.kind),
            SortKey::Region => m.region.as_str().to_owned(),
            SortKey::Status => format!(
                "{:?}{:05}",
                timeline::state_at(m, year),
                m.closure.year().unwrap_or(0)
            ),
        };
        (primary, format!("{} {}", fold(&m.country), fold(&m.city)))
    };
    d.sorted.sort_by_cached_key(key);
    if state.sort_descending {
        d.sorted.reverse();
    }
    d
}

impl eframe::App for DiplomapApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        self.tiles
            .poll(ui.visuals().dark_mode, ctx.pixels_per_point());
        self.advance_animations(&ctx);
        self.keyboard(&ctx);
        self.refresh_derived();
        let title = if self.dataset.name.is_empty() {
            "Diplomap".to_owned()
        } else {
            format!("{} — Diplomap", self.dataset.name)
        };
        if title != self.window_title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.window_title = title;
        }
        panels::show(self, ui);
        if !self.first_frame_logged {
            self.first_frame_logged = true;
            log::info!(
                "first frame: {} missions, {} shown in {}",
                self.dataset.missions.len(),
                self.derived.visible.len(),
                self.state.year
            );
        }
        self.apply_pending(&ctx);
        self.refresh_derived();
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        let (lon, lat) = self.map_center();
        self.state.map_center = (lon, lat);
        self.state.map_zoom = self.map_memory.zoom();
        match ron::to_string(&self.state) {
            Ok(s) => storage.set_string(STATE_KEY, s),
            Err(e) => log::warn!("cannot save the UI state: {e}"),
        }
    }
}
