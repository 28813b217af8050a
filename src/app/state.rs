//! What is remembered between runs ([`UiState`], saved by `settings`), and the calendar.

use serde::{Deserialize, Serialize};

use super::tiles;
use crate::data::Builtin;
use crate::export::Format;
use crate::filter::Filter;
use crate::index::SortKey;
use crate::tabular::Mapping;
use crate::timeline::FIRST_YEAR;

/// The panels that can be shown or hidden.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Panel {
    Filters,
    List,
    Timeline,
    Legend,
    /// The accreditation lines of every shown mission of the compared senders.
    NetworkLines,
}

/// The panels whose size the user sets by dragging their edge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PanelEdge {
    /// The filters on the left (width).
    Filters,
    /// The details and the list on the right (width).
    Side,
    /// The timeline at the bottom (height).
    Timeline,
}

/// The panels' sizes (points), as the user left them: the content never changes them.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PanelSizes {
    pub filters: f32,
    pub side: f32,
    pub timeline: f32,
}

impl Default for PanelSizes {
    fn default() -> Self {
        PanelSizes {
            filters: 315.0,
            side: 440.0,
            timeline: 150.0,
        }
    }
}

impl PanelSizes {
    /// The smallest and largest size a panel is given (a settings file may say anything).
    pub const RANGE: (f32, f32) = (120.0, 1600.0);

    pub fn get(&self, edge: PanelEdge) -> f32 {
        let v = match edge {
            PanelEdge::Filters => self.filters,
            PanelEdge::Side => self.side,
            PanelEdge::Timeline => self.timeline,
        };
        if v.is_finite() {
            v.clamp(Self::RANGE.0, Self::RANGE.1)
        } else {
            PanelSizes::default().get(edge)
        }
    }

    pub fn set(&mut self, edge: PanelEdge, v: f32) {
        if !v.is_finite() {
            return;
        }
        let v = v.clamp(Self::RANGE.0, Self::RANGE.1);
        match edge {
            PanelEdge::Filters => self.filters = v,
            PanelEdge::Side => self.side = v,
            PanelEdge::Timeline => self.timeline = v,
        }
    }
}

/// The colour theme: the system's, or one the user chose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum ThemeChoice {
    #[default]
    System,
    Dark,
    Light,
}

impl ThemeChoice {
    pub const ALL: [ThemeChoice; 3] = [ThemeChoice::System, ThemeChoice::Dark, ThemeChoice::Light];

    pub fn label(self) -> &'static str {
        match self {
            ThemeChoice::System => "System theme",
            ThemeChoice::Dark => "Dark theme",
            ThemeChoice::Light => "Light theme",
        }
    }

    pub fn preference(self) -> egui::ThemePreference {
        match self {
            ThemeChoice::System => egui::ThemePreference::System,
            ThemeChoice::Dark => egui::ThemePreference::Dark,
            ThemeChoice::Light => egui::ThemePreference::Light,
        }
    }
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
    /// Draw the accreditation lines of every shown mission of the compared senders.
    pub show_network_lines: bool,
    pub sort: SortKey,
    pub sort_descending: bool,
    /// Years per second while playing.
    pub play_speed: f32,
    pub export_format: Format,
    pub export_dir: String,
    /// Where pictures and animations are saved: the user's pictures folder to begin with,
    /// then the last one used.
    pub picture_dir: String,
    /// Where map tiles come from.
    pub provider: tiles::Provider,
    pub theme: ThemeChoice,
    /// The built-in data set shown when no file is opened.
    pub builtin: Builtin,
    /// A contact (e-mail or web page) sent to tile servers with the User-Agent.
    pub tile_contact: String,
    /// The column mapping last used for each table opened, most recent first.
    pub table_mappings: Vec<(String, Mapping)>,
    /// Open nothing of a table with a bad row.
    pub table_strict: bool,
    /// What the ranking and coverage count (honorary posts, senders that are not states).
    pub counting: crate::senders::Counting,
    /// The panels' sizes, as the user dragged them.
    pub panel_sizes: PanelSizes,
    /// The list's columns the user hid (right click on a heading).
    pub hidden_columns: Vec<SortKey>,
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
            show_network_lines: false,
            sort: SortKey::Country,
            sort_descending: false,
            play_speed: 2.0,
            export_format: Format::GeoJson,
            export_dir: default_export_dir(),
            picture_dir: default_picture_dir(),
            provider: tiles::Provider::default(),
            theme: ThemeChoice::System,
            builtin: Builtin::default(),
            tile_contact: String::new(),
            table_mappings: Vec::new(),
            table_strict: false,
            counting: Default::default(),
            panel_sizes: PanelSizes::default(),
            hidden_columns: Vec::new(),
        }
    }
}

/// How many tables' mappings are remembered.
pub const REMEMBERED_MAPPINGS: usize = 32;

impl UiState {
    /// The mapping last used for the table at `path`.
    pub fn mapping_for(&self, path: &std::path::Path) -> Option<&Mapping> {
        let key = mapping_key(path);
        self.table_mappings
            .iter()
            .find(|(p, _)| *p == key)
            .map(|(_, m)| m)
    }

    /// Remembers the mapping used for the table at `path` (the oldest is forgotten past
    /// [`REMEMBERED_MAPPINGS`]).
    pub fn remember_mapping(&mut self, path: &std::path::Path, mapping: Mapping) {
        let key = mapping_key(path);
        self.table_mappings.retain(|(p, _)| *p != key);
        self.table_mappings.insert(0, (key, mapping));
        self.table_mappings.truncate(REMEMBERED_MAPPINGS);
    }

    pub fn panel_mut(&mut self, p: Panel) -> &mut bool {
        match p {
            Panel::Filters => &mut self.show_filters,
            Panel::List => &mut self.show_list,
            Panel::Timeline => &mut self.show_timeline,
            Panel::Legend => &mut self.show_legend,
            Panel::NetworkLines => &mut self.show_network_lines,
        }
    }
}

/// A table's key among remembered mappings: its absolute path when it can be had.
fn mapping_key(path: &std::path::Path) -> String {
    std::fs::canonicalize(path)
        .unwrap_or_else(|_| path.to_owned())
        .display()
        .to_string()
}

fn default_picture_dir() -> String {
    directories::UserDirs::new()
        .and_then(|u| {
            u.picture_dir()
                .or(u.document_dir())
                .or(Some(u.home_dir()))
                .map(|p| p.display().to_string())
        })
        .unwrap_or_else(|| ".".to_owned())
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

/// The last year on the timeline: the current one (UTC).
pub fn current_year() -> i32 {
    let secs = match std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH) {
        Ok(d) => d.as_secs(),
        Err(_) => {
            debug_assert!(false, "the clock is before 1970");
            0
        }
    };
    year_of(secs)
}

/// The civil year (UTC) of a time `secs` seconds after 1970 began, no earlier than the
/// timeline's second year.
fn year_of(secs: u64) -> i32 {
    // Days since 1970 → civil year (Howard Hinnant's algorithm, years only).
    let days = i64::try_from(secs / 86_400).unwrap_or(i64::MAX / 2);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    // A clock before 1970 gives 1970; one past the year 2^31 cannot be.
    i32::try_from(year).unwrap_or(i32::MAX).max(FIRST_YEAR + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_year_of_a_time_is_its_civil_year() {
        // Seconds since 1970 of known instants (UTC), each side of a new year and a leap
        // day, and a century that is no leap year.
        for (secs, year) in [
            (0, 1970),
            (946_684_799, 1999),
            (946_684_800, 2000),
            (951_825_600, 2000),
            (1_798_761_599, 2026),
            (1_798_761_600, 2027),
            (4_107_542_400, 2100),
        ] {
            assert_eq!(year_of(secs), year, "{secs}");
        }
        // A clock after this was written is no earlier than it.
        assert!(current_year() >= 2026);
    }
}
