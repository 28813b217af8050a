//! The desktop app. Panels read [`DiplomapApp`]'s state and return [`Command`]s, which are
//! applied once per frame in [`DiplomapApp::apply`]. Filtering, the timeline, clustering and
//! the view arithmetic live in the UI-free modules of the library.

pub mod map;
mod panels;
pub mod settings;
mod style;
pub mod tiles;

use std::collections::BTreeMap;
use std::path::PathBuf;

use egui::Key;
use serde::{Deserialize, Serialize};
use walkers::{MapMemory, lon_lat};

use crate::data;
use crate::export::{self, Format};
use crate::filter::Filter;
use crate::index::{MissionIndex, OrderedView};
use crate::model::{Dataset, Mission, MissionKind, Region};
use crate::text::fold;
use crate::timeline::{self, FIRST_YEAR, TimelineState, YearSummary};
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
    /// `--settings FILE`: where the settings live (default: the user's config folder).
    pub settings: Option<PathBuf>,
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
    let _ = STARTED.set(std::time::Instant::now());
    tiles::install_tls_provider();
    let title = "Diplomap".to_owned();
    let native = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title(&title)
            .with_app_id("diplomap")
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size([720.0, 480.0]),
        // Settings are ours (written atomically, see `settings`), not eframe's.
        persist_window: false,
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

/// When `run` was called, for the startup time in the log.
static STARTED: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();

/// Seconds between saves of changed settings (and on exit).
const SAVE_EVERY_S: f64 = 30.0;

/// A window the user can open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Window {
    About,
    Help,
    Export,
    Open,
    Import,
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
    /// Read a source list (pipe tables) and show the report in the import window.
    RunImport {
        path: PathBuf,
        strict: bool,
    },
    /// Make the last import's missions the data set on screen.
    UseImport,
    /// Write the last import's missions to a data file.
    SaveImport(PathBuf),
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
    /// How many missions pass the filter in the year.
    pub shown: usize,
    /// Those missions (indexes in the data set), sorted for the list.
    pub sorted: Vec<usize>,
    /// Counts per status (ignoring the status facet) at the current year.
    pub summary: YearSummary,
    /// Counts per option, each ignoring its own facet, at the current year.
    pub kind_counts: BTreeMap<MissionKind, usize>,
    pub region_counts: BTreeMap<Region, usize>,
    pub country_counts: BTreeMap<String, usize>,
    pub organization_counts: BTreeMap<String, usize>,
    /// Foreign missions in the sending state shown with the inbound layer on.
    pub inbound_count: usize,
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
    /// The map and count index of the data set, built for `index_filter`.
    index: MissionIndex,
    index_filter: Filter,
    /// All missions in list order, for `order_key` (sort key, and year for status).
    order: OrderedView,
    order_key: Option<(SortKey, i32, u64)>,
    /// All missions by country and city, for the status order (data generation, order).
    by_place: Option<(u64, Vec<u32>)>,
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
    /// A data file being loaded on a worker thread.
    loading: Option<Loading>,
    /// The import window's fields and its last result.
    pub import_path: String,
    pub import_sender: String,
    pub import_strict: bool,
    pub import_result: Option<ImportResult>,
    /// Where the import window saves a data file.
    pub import_save_path: String,
    /// Time spent in recent frames (ms), logged at debug level every 60 frames.
    frame_times: Vec<f64>,
    /// Where the settings are saved (none in tests).
    settings_path: Option<PathBuf>,
    /// The state last written there.
    saved_state: Option<UiState>,
    /// When to save next (the app's clock, seconds).
    next_save: f64,
    /// A failed save was reported; the next failures are not, until one succeeds.
    save_failure_reported: bool,
}

/// What the import window shows: the list read, and what became of each row.
#[derive(Debug, Clone)]
pub struct ImportResult {
    pub source: PathBuf,
    pub strict: bool,
    /// The file could not be read at all.
    pub error: Option<String>,
    pub report: crate::import::ImportReport,
    pub sender: String,
}

impl ImportResult {
    /// The missions to use: none in strict mode when any row had a problem.
    pub fn dataset(&self) -> Option<Dataset> {
        if self.error.is_some()
            || self.report.missions.is_empty()
            || (self.strict && !self.report.problems.is_empty())
        {
            return None;
        }
        let name = self.source.file_name().map_or_else(
            || self.source.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        Some(Dataset {
            name: format!("{} (imported from {name})", self.sender),
            source: format!(
                "Imported with Diplomap from {name}; coordinates from GeoNames (CC BY 4.0)."
            ),
            missions: self.report.missions.clone(),
        })
    }
}

/// Reads and geocodes a source list for the import window. Bad rows are reported and
/// skipped; in strict mode any problem means nothing is offered.
pub fn run_gui_import(path: &std::path::Path, sender: &str, strict: bool) -> ImportResult {
    let mut result = ImportResult {
        source: path.to_owned(),
        strict,
        error: None,
        report: crate::import::ImportReport::default(),
        sender: sender.trim().to_owned(),
    };
    let name = path.display().to_string();
    let text = match std::fs::read(path) {
        Ok(bytes) => match data::decode_text(&name, &bytes) {
            Ok(t) => t,
            Err(p) => {
                result.error = Some(p.to_string());
                return result;
            }
        },
        Err(e) => {
            result.error = Some(format!("{name}: cannot read: {e}"));
            return result;
        }
    };
    match crate::gazetteer::Geocoder::embedded() {
        Ok(g) => result.report = crate::import::import(&name, &text, &result.sender, &g),
        Err(p) => result.error = Some(p.to_string()),
    }
    result
}

/// Files larger than this load on a worker thread.
const BACKGROUND_LOAD_BYTES: u64 = 4 << 20;

fn loads_in_background(path: &std::path::Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| m.len() > BACKGROUND_LOAD_BYTES)
}

/// A data file loading in the background.
struct Loading {
    path: PathBuf,
    rx: std::sync::mpsc::Receiver<(LoadResult, Filter)>,
    started: f64,
}

type LoadResult = Result<Prepared, crate::error::LoadError>;

/// A data set made ready off the UI thread: its index, and its list order for the sort
/// key and year it was made for.
struct Prepared {
    ds: Dataset,
    index: MissionIndex,
    order: Option<(OrderedView, SortKey, i32)>,
}

impl DiplomapApp {
    /// The app as eframe creates it: persisted state restored, data loaded.
    pub fn new(cc: &eframe::CreationContext<'_>, options: Options) -> Self {
        let mut notices = Vec::new();
        let settings_path = options.settings.clone().or_else(settings::default_path);
        let (state, first_run) = match settings_path.as_deref().map(settings::load) {
            None | Some(settings::Loaded::Missing) => (UiState::default(), true),
            Some(settings::Loaded::State(s)) => (*s, false),
            Some(settings::Loaded::Unusable(why)) => {
                log::warn!("{why}");
                notices.push(Notice {
                    text: why,
                    error: false,
                });
                (UiState::default(), false)
            }
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
        app.saved_state = (!first_run).then(|| app.state.clone());
        app.settings_path = settings_path;
        // The map labels cities from the gazetteer once it is parsed, off the UI thread.
        crate::gazetteer::Gazetteer::warm_up();
        if first_run {
            // Start with every mission in view.
            app.pending.push(Command::FitAll);
        }
        match options.data.as_deref() {
            None => {}
            Some(path) if loads_in_background(path) => app.open_data(&cc.egui_ctx, path.to_owned()),
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
        let index = MissionIndex::build(&dataset.missions, &state.filter);
        DiplomapApp {
            index,
            index_filter: state.filter.clone(),
            order: OrderedView::default(),
            order_key: None,
            by_place: None,
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
            loading: None,
            import_path: String::new(),
            import_sender: "North Korea".to_owned(),
            import_strict: false,
            import_result: None,
            import_save_path: String::new(),
            frame_times: Vec::new(),
            settings_path: None,
            saved_state: None,
            next_save: 0.0,
            save_failure_reported: false,
        }
    }

    /// Replaces the data set; the selection is cleared.
    pub fn set_dataset(&mut self, ds: Dataset, path: Option<PathBuf>) {
        let index = MissionIndex::build(&ds.missions, &self.state.filter);
        self.install_dataset(ds, index, path);
    }

    /// Replaces the data set with one whose index is built for the current filter.
    fn install_dataset(&mut self, ds: Dataset, index: MissionIndex, path: Option<PathBuf>) {
        self.install(
            Prepared {
                ds,
                index,
                order: None,
            },
            path,
        );
    }

    fn install(&mut self, p: Prepared, path: Option<PathBuf>) {
        self.index = p.index;
        self.index_filter = self.state.filter.clone();
        self.dataset = p.ds;
        self.data_path = path;
        self.selected = None;
        self.expanded = None;
        self.data_generation += 1;
        self.derived_key = None;
        self.order_key = None;
        if let Some((order, sort, year)) = p.order {
            let order_year = if sort == SortKey::Status { year } else { 0 };
            self.order = order;
            self.order_key = Some((sort, order_year, self.data_generation));
        }
    }

    /// The missions shown on the map in the current year, in data order.
    pub fn visible(&mut self) -> Vec<usize> {
        self.refresh_derived();
        self.index
            .shown_missions(self.state.year)
            .into_iter()
            .map(|i| i as usize)
            .collect()
    }

    /// The missions passing the filter at the current year, and the counts.
    pub fn derived(&mut self) -> &Derived {
        self.refresh_derived();
        &self.derived
    }

    /// The data set on screen.
    pub fn dataset(&self) -> &Dataset {
        &self.dataset
    }

    /// The selected mission's number in the data set.
    pub fn selected(&self) -> Option<usize> {
        self.selected
    }

    /// Whether the timeline is playing.
    pub fn is_playing(&self) -> bool {
        self.playing
    }

    /// Where the map was last drawn, in points.
    pub fn map_rect(&self) -> egui::Rect {
        self.map_rect
    }

    /// The messages shown at the top, oldest first: (text, is an error).
    pub fn notice_texts(&self) -> Vec<(String, bool)> {
        self.notices
            .iter()
            .map(|n| (n.text.clone(), n.error))
            .collect()
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

    /// The map and count index of the loaded data set.
    pub fn index(&self) -> &MissionIndex {
        &self.index
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
        if self.index_filter != self.state.filter {
            self.index
                .set_filter(&self.dataset.missions, &self.state.filter);
            self.index_filter = self.state.filter.clone();
        }
        // Only the status order changes with the year.
        let order_year = if self.state.sort == SortKey::Status {
            self.state.year
        } else {
            0
        };
        let order_key = Some((self.state.sort, order_year, self.data_generation));
        if self.order_key != order_key {
            let order = if self.state.sort == SortKey::Status {
                // By country and city once per data set; each year then only regroups
                // that order by status, in one pass.
                if self.by_place.as_ref().map(|(g, _)| *g) != Some(self.data_generation) {
                    let base = sort_order(&self.dataset.missions, SortKey::Country, 0);
                    self.by_place = Some((self.data_generation, base));
                }
                let base = self
                    .by_place
                    .as_ref()
                    .map_or(&[][..], |(_, b)| b.as_slice());
                status_order(&self.dataset.missions, base, self.state.year)
            } else {
                sort_order(&self.dataset.missions, self.state.sort, self.state.year)
            };
            self.order = self.index.ordered(order);
            self.order_key = order_key;
        } else {
            self.index.refresh_ordered(&mut self.order);
        }
        self.derived = compute_derived(&self.index, &self.order, &self.state);
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
                let visible = self.visible();
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
            Command::OpenData(path) => self.open_data(ctx, path),
            Command::RunImport { path, strict } => {
                self.import_result = Some(run_gui_import(&path, &self.import_sender, strict));
            }
            Command::UseImport => {
                if let Some(r) = &self.import_result
                    && let Some(ds) = r.dataset()
                {
                    let n = ds.missions.len();
                    let from = r.source.display().to_string();
                    self.set_dataset(ds, None);
                    self.notices.push(Notice {
                        text: format!("Showing {n} missions imported from {from} (not saved yet)."),
                        error: false,
                    });
                    self.pending.push(Command::FitAll);
                }
            }
            Command::SaveImport(path) => {
                if let Some(ds) = self.import_result.as_ref().and_then(ImportResult::dataset) {
                    match data::save_file(&ds, &path) {
                        Ok(()) => self.notices.push(Notice {
                            text: format!(
                                "Saved {} missions to {}.",
                                ds.missions.len(),
                                path.display()
                            ),
                            error: false,
                        }),
                        Err(e) => {
                            log::error!("{e}");
                            self.notices.push(Notice {
                                text: format!(
                                    "{e}\nNothing was written; any old file is unchanged."
                                ),
                                error: true,
                            });
                        }
                    }
                }
            }
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

    /// Opens a data file: small ones at once, big ones on a worker thread (with the
    /// index built there too) while the app stays usable with the current data.
    fn open_data(&mut self, ctx: &egui::Context, path: PathBuf) {
        if !loads_in_background(&path) {
            let result = data::load_file(&path).map(|ds| Prepared {
                index: MissionIndex::build(&ds.missions, &self.state.filter),
                ds,
                order: None,
            });
            self.finish_loading(ctx, path, result);
            return;
        }
        let (tx, rx) = std::sync::mpsc::channel();
        let filter = self.state.filter.clone();
        let (sort, year) = (self.state.sort, self.state.year);
        let worker_path = path.clone();
        let repaint = ctx.clone();
        let spawned = std::thread::Builder::new()
            .name("diplomap-load".into())
            .spawn(move || {
                let result = data::load_file(&worker_path).map(|ds| {
                    let index = MissionIndex::build(&ds.missions, &filter);
                    let order = index.ordered(sort_order(&ds.missions, sort, year));
                    Prepared {
                        ds,
                        index,
                        order: Some((order, sort, year)),
                    }
                });
                let _ = tx.send((result, filter));
                repaint.request_repaint();
            });
        match spawned {
            Ok(_) => {
                self.windows.insert(window_key(Window::Open), false);
                self.loading = Some(Loading {
                    path,
                    rx,
                    started: ctx.input(|i| i.time),
                });
            }
            Err(e) => self.notices.push(Notice {
                text: format!("Cannot start loading {}: {e}", path.display()),
                error: true,
            }),
        }
    }

    /// Takes a finished background load, if any.
    fn poll_loading(&mut self, ctx: &egui::Context) {
        let Some(l) = &self.loading else {
            return;
        };
        match l.rx.try_recv() {
            Ok((result, filter)) => {
                let path = l.path.clone();
                self.loading = None;
                let result = result.map(|mut p| {
                    if filter != self.state.filter {
                        p.index.set_filter(&p.ds.missions, &self.state.filter);
                    }
                    p
                });
                self.finish_loading(ctx, path, result);
            }
            Err(std::sync::mpsc::TryRecvError::Empty) => {
                ctx.request_repaint_after(std::time::Duration::from_millis(100));
            }
            Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                let path = l.path.display().to_string();
                self.loading = None;
                self.notices.push(Notice {
                    text: format!(
                        "Loading {path} stopped unexpectedly; the current data stays loaded."
                    ),
                    error: true,
                });
            }
        }
    }

    /// What a data file being loaded in the background is, for the status line.
    pub fn loading_status(&self, now: f64) -> Option<String> {
        self.loading.as_ref().map(|l| {
            format!(
                "Loading {} … {:.0} s",
                l.path.display(),
                (now - l.started).max(0.0)
            )
        })
    }

    fn finish_loading(&mut self, ctx: &egui::Context, path: PathBuf, result: LoadResult) {
        ctx.request_repaint();
        match result {
            Ok(prepared) => {
                let n = prepared.ds.missions.len();
                self.install(prepared, Some(path.clone()));
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
        }
    }

    /// Writes the settings if they changed since the last write. A failure is shown once
    /// (until a write succeeds again); the state stays in memory either way.
    pub fn save_settings(&mut self) {
        let Some(path) = self.settings_path.clone() else {
            return;
        };
        let (lon, lat) = self.map_center();
        self.state.map_center = (lon, lat);
        self.state.map_zoom = self.map_memory.zoom();
        if self.saved_state.as_ref() == Some(&self.state) {
            return;
        }
        match settings::save(&path, &self.state) {
            Ok(()) => {
                self.saved_state = Some(self.state.clone());
                self.save_failure_reported = false;
            }
            Err(e) => {
                log::error!("{e}");
                if !self.save_failure_reported {
                    self.save_failure_reported = true;
                    self.notices.push(Notice {
                        text: format!(
                            "{e}\nYour settings stay as they are in this session; the old settings file is unchanged."
                        ),
                        error: true,
                    });
                }
            }
        }
    }

    /// Where settings are saved; for tests.
    pub fn set_settings_path(&mut self, path: Option<PathBuf>) {
        self.settings_path = path;
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
        let visible = self.visible();
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
            // Shift first: a plain pattern also matches a shifted press.
            for (mods, key, years) in [
                (egui::Modifiers::SHIFT, Key::ArrowLeft, -10),
                (egui::Modifiers::SHIFT, Key::ArrowRight, 10),
                (egui::Modifiers::NONE, Key::ArrowLeft, -1),
                (egui::Modifiers::NONE, Key::ArrowRight, 1),
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
        Window::Import => "import",
    }
}

/// The panels' numbers and lists at the state's year, from the index (built for the
/// state's filter) and the list order of all missions.
pub fn compute_derived(index: &MissionIndex, order: &OrderedView, state: &UiState) -> Derived {
    let year = state.year;
    let counts = index.facet_counts(year);
    let mut summary = YearSummary {
        year,
        ..YearSummary::default()
    };
    for (st, n) in TimelineState::ALL.iter().zip(counts.by_state) {
        match st {
            TimelineState::NotYetOpen => summary.not_yet_open = n as usize,
            TimelineState::Open => summary.open = n as usize,
            TimelineState::Closing => summary.closing = n as usize,
            TimelineState::Closed => summary.closed = n as usize,
            TimelineState::ClosedYearUnknown => summary.closed_year_unknown = n as usize,
        }
    }
    let mut sorted = index.shown_in(order, year);
    if state.sort_descending {
        sorted.reverse();
    }
    Derived {
        shown: sorted.len(),
        sorted,
        summary,
        kind_counts: counts.kinds,
        region_counts: counts.regions,
        country_counts: counts.countries,
        organization_counts: counts.organizations,
        inbound_count: counts.inbound,
        closures: index.closures_per_year(FIRST_YEAR, current_year()),
    }
}

/// The place of each of `all` when sorted by name: fixed words (types, regions,
/// statuses) sort in the list by their names.
fn name_ranks<T: std::fmt::Debug>(all: &[T]) -> Vec<u64> {
    let names: Vec<String> = all.iter().map(|v| format!("{v:?}")).collect();
    let mut sorted = names.clone();
    sorted.sort();
    names
        .iter()
        .map(|n| sorted.iter().position(|s| s == n).unwrap_or(0) as u64)
        .collect()
}

/// The missions of `by_place` (all of them, sorted by country and city) regrouped by
/// their status in `year` and then their closing year, keeping the order within each
/// group: the same as `sort_order(missions, SortKey::Status, year)`, in one counting pass.
pub fn status_order(missions: &[Mission], by_place: &[u32], year: i32) -> Vec<u32> {
    // Status groups in the order the list shows them, as in `sort_order`.
    let rank = name_ranks(&TimelineState::ALL);
    const YEARS: usize = 512;
    let key = |i: u32| -> usize {
        let Some(m) = missions.get(i as usize) else {
            return 0;
        };
        let st = timeline::state_at(m, year);
        let r = TimelineState::ALL
            .iter()
            .position(|s| *s == st)
            .and_then(|k| rank.get(k))
            .map_or(0, |&r| r as usize);
        // No year first, then by year; data years are 1800–2200.
        let y = m
            .closure
            .year()
            .map_or(0, |y| usize::try_from(y - 1799).unwrap_or(0).min(YEARS - 1));
        r * YEARS + y
    };
    let mut counts = vec![0usize; 5 * YEARS + 1];
    let keys: Vec<usize> = by_place.iter().map(|&i| key(i)).collect();
    for &k in &keys {
        if let Some(c) = counts.get_mut(k + 1) {
            *c += 1;
        }
    }
    for k in 1..counts.len() {
        let prev = counts.get(k - 1).copied().unwrap_or(0);
        if let Some(c) = counts.get_mut(k) {
            *c += prev;
        }
    }
    let mut out = vec![0u32; by_place.len()];
    for (&i, &k) in by_place.iter().zip(&keys) {
        if let Some(at) = counts.get_mut(k) {
            if let Some(slot) = out.get_mut(*at) {
                *slot = i;
            }
            *at += 1;
        }
    }
    out
}

/// All missions in list order for `key` (ascending; ties in data order). Countries and
/// cities are folded once per distinct name, so a million missions sort in a blink.
pub fn sort_order(missions: &[Mission], key: SortKey, year: i32) -> Vec<u32> {
    use std::collections::HashMap;
    // Rank of each distinct folded name, looked up by the shared text's address.
    fn ranks<'a>(names: impl Iterator<Item = &'a crate::model::Text>) -> HashMap<usize, u32> {
        let mut by_ptr: HashMap<usize, String> = HashMap::new();
        for n in names {
            by_ptr.entry(n.as_ptr() as usize).or_insert_with(|| fold(n));
        }
        let mut folded: Vec<&String> = by_ptr.values().collect();
        folded.sort();
        folded.dedup();
        by_ptr
            .iter()
            .map(|(p, f)| {
                let r = folded.partition_point(|x| *x < f);
                (*p, u32::try_from(r).unwrap_or(u32::MAX))
            })
            .collect()
    }
    let country = ranks(missions.iter().map(|m| &m.country));
    let city = ranks(missions.iter().map(|m| &m.city));
    let rank = |r: &HashMap<usize, u32>, t: &crate::model::Text| {
        r.get(&(t.as_ptr() as usize)).copied().unwrap_or(u32::MAX)
    };
    let kind_rank = name_ranks(&MissionKind::ALL);
    let region_rank = name_ranks(&Region::ALL);
    let state_rank = name_ranks(&TimelineState::ALL);
    let slot = |table: &[u64], i: Option<usize>| i.and_then(|i| table.get(i)).copied().unwrap_or(0);
    let mut keyed: Vec<(u64, u64, u64, u32)> = missions
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let c = u64::from(rank(&country, &m.country));
            let t = u64::from(rank(&city, &m.city));
            let primary = match key {
                SortKey::Country => c,
                SortKey::City => t,
                SortKey::Kind => slot(
                    &kind_rank,
                    MissionKind::ALL.iter().position(|k| *k == m.kind),
                ),
                SortKey::Region => slot(
                    &region_rank,
                    Region::ALL.iter().position(|r| *r == m.region),
                ),
                SortKey::Status => {
                    let st = timeline::state_at(m, year);
                    let r = slot(
                        &state_rank,
                        TimelineState::ALL.iter().position(|s| *s == st),
                    );
                    let closed = u64::try_from(m.closure.year().unwrap_or(0)).unwrap_or(0);
                    (r << 32) | closed
                }
            };
            (primary, c, t, u32::try_from(i).unwrap_or(u32::MAX))
        })
        .collect();
    keyed.sort_unstable();
    keyed.into_iter().map(|k| k.3).collect()
}

impl eframe::App for DiplomapApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let frame_start = std::time::Instant::now();
        let ctx = ui.ctx().clone();
        self.tiles
            .poll(ui.visuals().dark_mode, ctx.pixels_per_point());
        self.poll_loading(&ctx);
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
            let since = STARTED.get().map_or(String::new(), |t| {
                format!(", {:.0} ms after start", t.elapsed().as_secs_f64() * 1e3)
            });
            log::info!(
                "first frame: {} missions, {} shown in {}{since}",
                self.dataset.missions.len(),
                self.derived.shown,
                self.state.year
            );
        }
        self.apply_pending(&ctx);
        self.refresh_derived();
        let now = ctx.input(|i| i.time);
        if now >= self.next_save {
            self.next_save = now + SAVE_EVERY_S;
            self.save_settings();
        }
        self.frame_times
            .push(frame_start.elapsed().as_secs_f64() * 1e3);
        if self.frame_times.len() >= 60 {
            let mut t = std::mem::take(&mut self.frame_times);
            t.sort_by(f64::total_cmp);
            log::debug!(
                "UI thread per frame over 60 frames: median {:.1} ms, max {:.1} ms",
                t.get(30).copied().unwrap_or(0.0),
                t.last().copied().unwrap_or(0.0)
            );
        }
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        self.save_settings();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_order_regroups_the_place_order_as_a_full_sort_would() {
        let mut missions = crate::synth::generate(3_000, 5).missions;
        missions.extend(data::load_embedded().expect("data").missions);
        let by_place = sort_order(&missions, SortKey::Country, 0);
        for year in [1948, 1975, 1998, 2023, 2026] {
            assert_eq!(
                status_order(&missions, &by_place, year),
                sort_order(&missions, SortKey::Status, year),
                "{year}"
            );
        }
    }
}
