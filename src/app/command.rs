//! What the user asks for. Panels, windows, the map and the keyboard push [`Command`]s;
//! the app applies them once, at the start of the next frame (see `ARCHITECTURE.md`), and
//! applying one never queues another.
//!
//! Commands are grouped by the part of the app they change: the data view, the camera,
//! playback, the window chrome, files, and the basemap.

use std::path::PathBuf;

use super::picture_job::Frames;
use super::state::{Panel, PanelEdge, ThemeChoice};
use super::tiles::Provider;
use super::windows::WindowKind;
use crate::data::{Builtin, OpenOptions};
use crate::export::Format;
use crate::filter::Filter;
use crate::index::SortKey;

/// One request, applied once per frame.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    View(ViewCmd),
    Camera(CameraCmd),
    Playback(PlaybackCmd),
    Ui(UiCmd),
    File(FileCmd),
    Basemap(BasemapCmd),
}

/// What is shown: the year, the filter, the list order, the selection.
#[derive(Debug, Clone, PartialEq)]
pub enum ViewCmd {
    /// Select a mission (by its number in the data set), or clear the selection.
    Select(Option<usize>),
    SetYear(i32),
    StepYear(i32),
    SetFilter(Filter),
    /// Hide the missions in this timeline state, or show them again.
    ToggleState(crate::timeline::TimelineState),
    ResetFilters,
    /// Sort the list by this column; the same column again flips the direction.
    SetSort(SortKey),
    /// Show a cluster's members side by side.
    Expand(Vec<usize>),
    Collapse,
    /// Mark the missions that opened or closed in the years after the first up to the
    /// second (none: stop marking).
    SetChange(Option<(i32, i32)>),
    /// The list shows just the missions that changed (while they are marked).
    SetChangeListOnly(bool),
    /// Shade the countries this sender covers (none: stop shading).
    SetCoverage(Option<String>),
    /// What the ranking and coverage count.
    SetCounting(crate::senders::Counting),
    /// The map was clicked where no marker is (lon, lat): the Who is here window, when
    /// open, takes the country there.
    MapClicked(f64, f64),
}

/// Where the map looks.
#[derive(Debug, Clone, PartialEq)]
pub enum CameraCmd {
    ZoomIn,
    ZoomOut,
    /// Fit every mission shown.
    FitAll,
    /// Zoom so that these missions fill the view.
    ZoomTo(Vec<usize>),
    /// Fly to a mission (zoom 5 at least).
    ShowMission(usize),
    /// The user moved the map: any flight stops.
    Stop,
    /// Where the map is drawn (points), for fitting views; sent when it changes.
    SetRect(egui::Rect),
}

/// The timeline's playback.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum PlaybackCmd {
    Toggle,
    /// Years per second.
    SetSpeed(f32),
}

/// Windows, panels, notices, the theme.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum UiCmd {
    ShowWindow(WindowKind, bool),
    TogglePanel(Panel),
    /// The user dragged a panel's edge: its new size (points), remembered.
    SetPanelSize(PanelEdge, f32),
    /// Show or hide one of the list's columns (remembered).
    ToggleColumn(SortKey),
    /// Put the keyboard in the search box.
    FocusSearch,
    DismissNotice(usize),
    /// Close the front window; with none open, clear the selection and collapse a cluster.
    Dismiss,
    SetTheme(ThemeChoice),
    Quit,
}

/// Reading and writing files.
#[derive(Debug, Clone, PartialEq)]
pub enum FileCmd {
    /// Open a file: a data file at once (big ones on a worker thread); a table in the
    /// table window first, to choose its columns.
    Open(PathBuf),
    /// Open a table (or GeoJSON) with these columns, remembered for it when it opens.
    OpenTable {
        path: PathBuf,
        open: OpenOptions,
    },
    /// Show a built-in data set (and remember it).
    OpenBuiltin(Builtin),
    /// Write what the map shows.
    Export {
        format: Format,
        path: PathBuf,
    },
    /// Write the ranking of sending states the ranking window shows, as CSV.
    ExportRanking(PathBuf),
    SetExportFormat(Format),
    /// Make a picture or an animation of the current view (on a worker thread).
    ExportPicture {
        path: PathBuf,
        size: (u32, u32),
        frames: Frames,
    },
    /// Stop the picture being made; nothing is written.
    CancelPicture,
    /// Read a source list (pipe tables) and show the report in the import window.
    RunImport {
        path: PathBuf,
        sender: String,
        strict: bool,
    },
    /// Make the last import's missions the data set on screen.
    UseImport,
    /// Write the last import's missions to a data file.
    SaveImport(PathBuf),
}

/// Where tiles come from.
#[derive(Debug, Clone, PartialEq)]
pub enum BasemapCmd {
    /// Switch the online tile server (or use only the embedded basemap).
    SetProvider(Provider),
    /// Probe the tile server again.
    Retry,
    /// Send this contact to tile servers with the User-Agent (empty: none).
    SetContact(String),
}

macro_rules! into_command {
    ($($t:ident => $v:ident),*) => {
        $(impl From<$t> for Command {
            fn from(c: $t) -> Command {
                Command::$v(c)
            }
        })*
    };
}
into_command!(ViewCmd => View, CameraCmd => Camera, PlaybackCmd => Playback, UiCmd => Ui,
    FileCmd => File, BasemapCmd => Basemap);
