//! The desktop app, made of a few owned parts (see `ARCHITECTURE.md`):
//!
//! - [`UiState`]: what is remembered between runs (filter, year, view, panels…);
//! - `ViewModel`: the data set, its index, the list order, the selection and the panels'
//!   numbers, recomputed in one `refresh`;
//! - `Camera`: walkers' map memory, flights, where the map is drawn;
//! - `Playback`, [`windows::Windows`] (each window owns its text buffers),
//!   [`notices::Notices`] (one `notify` logs and shows a message once), the basemap's
//!   tiles, a background load, the settings file.
//!
//! A frame runs in a fixed order: poll (tiles, a background load) → input (shortcuts from
//! the [`actions`] table) → apply (every queued [`Command`], none of which queues another)
//! → refresh (the view model) → draw (panels and windows read a `panels::ViewCtx` and
//! push commands for the next frame).

pub mod actions;
mod camera;
pub mod command;
mod loading;
pub mod map;
pub mod notices;
mod panels;
pub mod picture_job;
mod playback;
pub mod settings;
pub mod state;
mod style;
pub mod tiles;
pub mod view_model;
pub mod windows;

use std::path::PathBuf;

pub use command::{BasemapCmd, CameraCmd, Command, FileCmd, PlaybackCmd, UiCmd, ViewCmd};
pub use map::marker_label;
pub use notices::{Notice, Notices, Severity};
pub use state::{Panel, PanelEdge, PanelSizes, ThemeChoice, UiState, current_year};
pub use view_model::Derived;
pub use windows::{WindowKind, Windows};

use camera::Camera;
use loading::Loading;
use panels::{BasemapInfo, CameraInfo, MapWidgets, ViewCtx};
use playback::Playback;
use settings::SettingsStore;
use view_model::{Prepared, ViewModel};

use crate::data;
use crate::index::MissionIndex;
use crate::model::{Dataset, Mission};

/// Options from the command line.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// `--data FILE`: the data set to open instead of the built-in one.
    pub data: Option<PathBuf>,
    /// `--columns`: which column of a `--data` table holds what (default: what was
    /// chosen for it last time, else what the column names say).
    pub columns: Option<crate::tabular::Mapping>,
    /// `--strict`: open nothing of a `--data` table with a bad row.
    pub strict: bool,
    /// `--tiles URL` / `DIPLOMAP_TILES`: a tile URL template with `{z}`, `{x}`, `{y}`.
    pub tiles: Option<String>,
    /// `--offline`: no tile downloads; the embedded basemap only.
    pub offline: bool,
    /// `--settings FILE`: where the settings live (default: the user's config folder).
    pub settings: Option<PathBuf>,
}

/// The window's application id: the desktop entry's name (assets/desktop/APP_ID.desktop)
/// and the AppStream id, so that desktops match the window with its entry and icon.
pub const APP_ID: &str = "org.diplomap.Diplomap";

/// The application icon (assets/icon, made from its SVG by scripts/make-icons.sh).
pub const ICON_PNG: &[u8] = include_bytes!("../../assets/icon/diplomap-256.png");

/// The window's icon.
pub fn window_icon() -> Result<egui::IconData, image::ImageError> {
    eframe::icon_data::from_png_bytes(ICON_PNG)
}

/// When `run` was called, for the startup time in the log.
static STARTED: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();

/// Opens the window and runs the app until it is closed.
pub fn run(options: Options) -> anyhow::Result<()> {
    let _ = STARTED.set(std::time::Instant::now());
    tiles::install_tls_provider();
    let title = "Diplomap".to_owned();
    let mut viewport = egui::ViewportBuilder::default()
        .with_title(&title)
        .with_app_id(APP_ID)
        .with_inner_size([1280.0, 800.0])
        .with_min_inner_size([720.0, 480.0]);
    match window_icon() {
        Ok(icon) => viewport = viewport.with_icon(std::sync::Arc::new(icon)),
        Err(e) => log::warn!("the window icon cannot be used: {e}"),
    }
    let native = eframe::NativeOptions {
        viewport,
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

/// Requests that last one frame: set by a command, read by the next draw, then cleared.
#[derive(Debug, Clone, Copy, Default)]
struct FrameRequests {
    focus_search: bool,
    scroll_to_selection: bool,
}

/// Bookkeeping of the window and the frame loop.
#[derive(Debug, Default)]
struct Runtime {
    /// `--offline` was given (until the user picks a tile server).
    offline: bool,
    /// The title last sent to the window (sending it repaints, so only on change).
    window_title: String,
    first_frame_logged: bool,
    /// The fallback font is among egui's (added on the first frame).
    fonts_added: bool,
    /// Fit the view to the missions once the map has been drawn (first run).
    fit_when_drawn: bool,
    /// Time spent in recent frames (ms), logged at debug level every 60 frames.
    frame_times: Vec<f64>,
    /// Gives freed memory back when the app falls quiet after work.
    idle_trim: crate::memory::IdleTrim,
    /// A background load's result is left waiting until this is cleared (tests look at
    /// the app while a file loads, whatever the machine's speed).
    hold_loads: bool,
}

/// The app: its parts, and the commands waiting for the next frame.
pub struct DiplomapApp {
    /// What is remembered between runs. Only [`DiplomapApp::apply`] changes it.
    pub state: UiState,
    view: ViewModel,
    camera: Camera,
    playback: Playback,
    windows: Windows,
    notices: Notices,
    tiles: tiles::Basemap,
    /// A data file loading on a worker thread.
    loading: Option<Loading>,
    /// A picture or animation being exported on a worker thread, and its window.
    picture: Option<(picture_job::PictureJob, WindowKind)>,
    settings: SettingsStore,
    /// Commands for the next apply.
    pending: Vec<Command>,
    requests: FrameRequests,
    runtime: Runtime,
}

impl DiplomapApp {
    /// The app as eframe creates it: settings restored, data loaded.
    pub fn new(cc: &eframe::CreationContext<'_>, options: Options) -> Self {
        let mut notices = Notices::default();
        let settings_path = options.settings.clone().or_else(settings::default_path);
        let (state, first_run) = match settings_path.as_deref().map(settings::load) {
            None | Some(settings::Loaded::Missing) => (UiState::default(), true),
            Some(settings::Loaded::State(s)) => (*s, false),
            Some(settings::Loaded::Unusable(why)) => {
                notices.notify(Severity::Warning, why.to_string());
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
        let basemap = match tiles::Basemap::new(&cc.egui_ctx, &provider, options.offline) {
            Ok(b) => b,
            Err(e) => {
                // Never another server in its place: the embedded basemap alone.
                notices.notify(
                    Severity::Error,
                    format!("{e}; no online tiles this run, the embedded basemap only."),
                );
                tiles::Basemap::embedded_only(&cc.egui_ctx)
            }
        };
        let mut basemap = basemap;
        if !state.tile_contact.is_empty() {
            basemap.set_contact(&state.tile_contact);
        }
        if state.theme != ThemeChoice::System {
            cc.egui_ctx.set_theme(state.theme.preference());
        }
        let mut app = Self::with_state(state, basemap, notices);
        // What the file holds, as the app reads it (its year brought within the timeline):
        // reading it changes nothing to save.
        let saved = (!first_run).then(|| app.state.clone());
        app.runtime.offline = options.offline;
        app.runtime.fit_when_drawn = first_run;
        app.settings = SettingsStore::new(settings_path, saved);
        // The map labels cities from the gazetteer once it is parsed, off the UI thread.
        crate::gazetteer::Gazetteer::warm_up();
        if let Some(path) = options.data {
            if let Some(b) = data::Builtin::named(&path) {
                app.open_builtin(&cc.egui_ctx, b);
            } else {
                // Small files at once, big ones on the worker; a table's problems are
                // listed in the table window.
                let mapping = options
                    .columns
                    .or_else(|| app.state.mapping_for(&path).cloned())
                    .unwrap_or_default();
                let strict = options.strict;
                app.open_data(&cc.egui_ctx, path, data::OpenOptions { mapping, strict });
            }
        }
        app
    }

    /// The app with the built-in data, a given state and no window (for tests and `new`).
    pub fn with_state(state: UiState, tiles: tiles::Basemap, mut notices: Notices) -> Self {
        let dataset = state.builtin.load().unwrap_or_else(|e| {
            notices.notify(
                Severity::Error,
                format!("The built-in data set is broken: {e}"),
            );
            Dataset::default()
        });
        let mut state = state;
        let camera = Camera::new(state.map_center, state.map_zoom);
        let view = ViewModel::new(
            Prepared::new(dataset, &state.filter, None),
            None,
            current_year(),
        );
        state.year = state.year.clamp(view.first_year(), view.last_year());
        DiplomapApp {
            state,
            view,
            camera,
            playback: Playback::default(),
            windows: Windows::default(),
            notices,
            tiles,
            loading: None,
            picture: None,
            settings: SettingsStore::default(),
            pending: Vec::new(),
            requests: FrameRequests::default(),
            runtime: Runtime::default(),
        }
    }

    /// Queues a command for the next frame.
    pub fn push(&mut self, c: impl Into<Command>) {
        self.pending.push(c.into());
    }

    /// Replaces the data set (the selection goes).
    pub fn set_dataset(&mut self, ds: Dataset, path: Option<PathBuf>) {
        self.view
            .install(Prepared::new(ds, &self.state.filter, None), path);
        self.keep_year_on_the_timeline();
    }

    /// Brings the year within the timeline of the data set on screen (a new set may end
    /// earlier, at its date).
    pub(crate) fn keep_year_on_the_timeline(&mut self) {
        self.state.year = self
            .state
            .year
            .clamp(self.view.first_year(), self.view.last_year());
    }

    /// The missions shown on the map in the current year, in data order.
    pub fn visible(&mut self) -> Vec<usize> {
        self.view.refresh(&self.state);
        self.view.visible(self.state.year)
    }

    /// The panels' numbers for the current state.
    pub fn derived(&mut self) -> &Derived {
        self.view.refresh(&self.state);
        self.view.derived()
    }

    pub fn dataset(&self) -> &Dataset {
        self.view.dataset()
    }

    /// The selected mission's number in the data set.
    pub fn selected(&self) -> Option<usize> {
        self.view.selected
    }

    /// What is remembered between runs, as it stands.
    pub fn ui_state(&self) -> &UiState {
        &self.state
    }

    /// What is shown, as the panels read it.
    pub fn view(&self) -> &view_model::ViewModel {
        &self.view
    }

    pub fn network_lines(&self) -> &[view_model::NetworkLine] {
        self.view.network_lines()
    }

    /// The accreditation lines drawn for the selected mission.
    pub fn accreditation_lines(&self) -> &[Vec<(f64, f64)>] {
        self.view.accreditations()
    }

    pub fn selected_mission(&self) -> Option<&Mission> {
        self.view.selected_mission()
    }

    pub fn is_playing(&self) -> bool {
        self.playback.is_playing()
    }

    pub fn map_zoom(&self) -> f64 {
        self.camera.zoom()
    }

    pub fn map_center(&self) -> (f64, f64) {
        self.camera.center()
    }

    /// Where the map was last drawn, in points.
    pub fn map_rect(&self) -> egui::Rect {
        self.camera.rect()
    }

    /// The map and count index of the loaded data set.
    pub fn index(&self) -> &MissionIndex {
        self.view.index()
    }

    /// The basemap, for tests and the status line.
    pub fn basemap(&self) -> &tiles::Basemap {
        &self.tiles
    }

    pub fn notices(&self) -> &Notices {
        &self.notices
    }

    /// The messages shown at the top, oldest first: (text, is an error).
    pub fn notice_texts(&self) -> Vec<(String, bool)> {
        self.notices
            .iter()
            .map(|n| (n.text.clone(), n.is_error()))
            .collect()
    }

    pub fn is_window_open(&self, w: WindowKind) -> bool {
        self.windows.is_open(w)
    }

    /// The windows and their fields (tests fill them as a user would type).
    pub fn windows_mut(&mut self) -> &mut Windows {
        &mut self.windows
    }

    /// Where settings are saved; for tests.
    pub fn set_settings_path(&mut self, path: Option<PathBuf>) {
        self.settings.set_path(path);
    }

    /// Writes the settings if they changed since the last write.
    pub fn save_settings(&mut self) {
        self.state.map_center = self.camera.center();
        self.state.map_zoom = self.camera.zoom();
        self.settings.save(&self.state, &mut self.notices);
    }

    /// Leaves a background load's result, and a table preview's, waiting (`true`) until
    /// called with `false`: the app goes on as while the file is read, however fast the
    /// machine reads it. For tests.
    #[doc(hidden)]
    pub fn hold_background_loads(&mut self, hold: bool) {
        self.runtime.hold_loads = hold;
        self.windows.table.hold = hold;
    }

    /// "Loading FILE … 3 s" while a data file loads in the background.
    pub fn loading_status(&self, now: f64) -> Option<String> {
        self.loading.as_ref().map(|l| l.status(now).0)
    }
}

mod apply;

impl eframe::App for DiplomapApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let frame_start = std::time::Instant::now();
        let ctx = ui.ctx().clone();
        if !self.runtime.fonts_added {
            style::add_fonts(&ctx);
            style::visible_focus(&ctx);
            self.runtime.fonts_added = true;
        }
        // Poll.
        self.tiles
            .poll(ui.visuals().dark_mode, ctx.pixels_per_point());
        self.poll_loading(&ctx);
        self.poll_picture();
        // Input.
        let keys = actions::key_commands(&ctx);
        self.pending.extend(keys);
        // A file dropped on the window opens as File → Open would (the first, if many).
        if let Some(path) = ctx.input(|i| i.raw.dropped_files.first().map(|f| f.path().to_owned()))
        {
            self.pending.push(command::FileCmd::Open(path).into());
        }
        // Apply.
        self.apply_pending(&ctx);
        self.advance(&ctx);
        // Refresh.
        self.view.refresh(&self.state);
        // Draw.
        let out = self.draw(ui);
        self.pending.extend(out);
        self.requests = FrameRequests::default();
        if std::mem::take(&mut self.runtime.fit_when_drawn) {
            self.pending.push(CameraCmd::FitAll.into());
        }
        if !self.pending.is_empty() {
            ctx.request_repaint();
        }
        self.housekeeping(&ctx, frame_start);
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        self.save_settings();
    }
}

impl DiplomapApp {
    /// The panels and windows, from a read-only view of the parts; returns what they asked.
    fn draw(&mut self, ui: &mut egui::Ui) -> Vec<Command> {
        let now = ui.input(|i| i.time);
        let status = match self.tiles.status() {
            tiles::OnlineStatus::Unreachable(_) => {
                Some("offline basemap — tile server unreachable".to_owned())
            }
            tiles::OnlineStatus::Checking => Some("connecting to the tile server…".to_owned()),
            tiles::OnlineStatus::Off if self.runtime.offline && self.tiles.has_embedded() => {
                Some("offline basemap".to_owned())
            }
            tiles::OnlineStatus::Online => match self.tiles.tile_failures() {
                (0, _) => None,
                (n, why) => Some(format!(
                    "{n} map tile{} not used{}; the offline basemap shows there",
                    if n == 1 { "" } else { "s" },
                    why.map(|e| format!(" ({e})")).unwrap_or_default()
                )),
            },
            tiles::OnlineStatus::Off => None,
        };
        let basemap = BasemapInfo {
            attributions: self
                .tiles
                .attributions()
                .into_iter()
                .map(|a| (a.text.to_owned(), a.url.to_owned()))
                .collect(),
            status,
            can_retry: matches!(self.tiles.status(), tiles::OnlineStatus::Unreachable(_))
                || self.tiles.tile_failures().0 > 0,
            draw_labels: self.tiles.has_embedded()
                && !matches!(self.tiles.status(), tiles::OnlineStatus::Online),
            water_dark: self.tiles.style(true).water,
            water_light: self.tiles.style(false).water,
        };
        let camera = CameraInfo {
            center: self.camera.center(),
            home: self.camera.home(),
            zoom: self.camera.zoom(),
            rect: self.camera.rect(),
            flying: self.camera.is_flying(),
        };
        let cx = ViewCtx {
            state: &self.state,
            view: &self.view,
            derived: self.view.derived(),
            notices: &self.notices,
            playing: self.playback.is_playing(),
            camera,
            basemap,
            loading: self.loading.as_ref().map(|l| l.status(now)),
            dropping: ctx_dropping(ui.ctx()),
            picture: self.picture.as_ref().map(|(job, _)| job.progress()),
            focus_search: self.requests.focus_search,
            scroll_to_selection: self.requests.scroll_to_selection,
        };
        let mut out = Vec::new();
        let widgets = MapWidgets {
            memory: self.camera.memory_mut(),
            tiles: &mut self.tiles,
        };
        panels::show(ui, &cx, widgets, &mut out);
        self.windows.show(ui.ctx(), &cx, &mut out);
        out
    }

    /// The window title, the first-frame log line, periodic saves, frame times.
    fn housekeeping(&mut self, ctx: &egui::Context, frame_start: std::time::Instant) {
        let name = &self.view.dataset().name;
        let title = if name.is_empty() {
            "Diplomap".to_owned()
        } else {
            format!("{name} — Diplomap")
        };
        if title != self.runtime.window_title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.runtime.window_title = title;
        }
        if !self.runtime.first_frame_logged {
            self.runtime.first_frame_logged = true;
            let since = STARTED.get().map_or(String::new(), |t| {
                format!(", {:.0} ms after start", t.elapsed().as_secs_f64() * 1e3)
            });
            log::info!(
                "first frame: {} missions, {} shown in {}{since}",
                self.view.missions().len(),
                self.view.derived().shown,
                self.state.year
            );
        }
        if self.settings.due(ctx.input(|i| i.time)) {
            self.save_settings();
        }
        // What a write replaced but could not keep (an owner, a file's other names).
        for w in crate::atomic::take_warnings() {
            self.notices.notify(Severity::Warning, w);
        }
        // Toasts that have stayed their time leave; the UI wakes when the next one goes.
        if let Some(wait) = self.notices.frame(ctx.input(|i| i.time)) {
            ctx.request_repaint_after(std::time::Duration::from_secs_f64(wait));
        }
        let (trim, wake) = self.runtime.idle_trim.frame(frame_start);
        if trim {
            let t = std::time::Instant::now();
            // The 1:10m world, when the view is well above the zooms drawn from it.
            if self.camera.zoom() < f64::from(crate::basemap::DETAIL_ZOOM) - 1.0
                && crate::basemap::World::forget_detailed()
            {
                log::debug!("let the 1:10m world go");
            }
            crate::memory::give_back_freed();
            log::debug!(
                "gave freed memory back in {:.1} ms",
                t.elapsed().as_secs_f64() * 1e3
            );
        }
        if let Some(after) = wake {
            ctx.request_repaint_after(after);
        }
        let times = &mut self.runtime.frame_times;
        times.push(frame_start.elapsed().as_secs_f64() * 1e3);
        if times.len() >= 60 {
            let mut t = std::mem::take(times);
            t.sort_by(f64::total_cmp);
            log::debug!(
                "UI thread per frame over 60 frames: median {:.1} ms, max {:.1} ms",
                t.get(30).copied().unwrap_or(0.0),
                t.last().copied().unwrap_or(0.0)
            );
        }
    }
}

/// The name of the file being dragged over the window, if any.
fn ctx_dropping(ctx: &egui::Context) -> Option<String> {
    ctx.input(|i| {
        i.raw.hovered_files.first().map(|f| {
            f.path.as_ref().and_then(|p| p.file_name()).map_or_else(
                || "the file".to_owned(),
                |n| n.to_string_lossy().into_owned(),
            )
        })
    })
}
