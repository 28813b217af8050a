//! The data model: a diplomatic mission and the words it is described with.
//!
//! Nothing here knows about egui; everything is plain data that the loader, the exporters,
//! the filters and the timeline share.

use std::fmt;

use geo_types::Point;
use serde::{Deserialize, Serialize};

/// The kind of a mission, as the source names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum MissionKind {
    #[serde(rename = "Embassy")]
    Embassy,
    #[serde(rename = "Consulate General")]
    ConsulateGeneral,
    #[serde(rename = "Consular Office")]
    ConsularOffice,
    #[serde(rename = "Permanent Mission")]
    PermanentMission,
    /// Chongryon in Tokyo: no diplomatic mission, but the de-facto representation in a
    /// country that has no relations with the sending state.
    #[serde(rename = "Chongryon")]
    DeFacto,
}

impl MissionKind {
    pub const ALL: [MissionKind; 5] = [
        MissionKind::Embassy,
        MissionKind::ConsulateGeneral,
        MissionKind::ConsularOffice,
        MissionKind::PermanentMission,
        MissionKind::DeFacto,
    ];

    /// The word used in the data file and in the source tables.
    pub fn as_str(self) -> &'static str {
        match self {
            MissionKind::Embassy => "Embassy",
            MissionKind::ConsulateGeneral => "Consulate General",
            MissionKind::ConsularOffice => "Consular Office",
            MissionKind::PermanentMission => "Permanent Mission",
            MissionKind::DeFacto => "Chongryon",
        }
    }

    /// A label for people.
    pub fn label(self) -> &'static str {
        match self {
            MissionKind::DeFacto => "De facto (Chongryon)",
            other => other.as_str(),
        }
    }

    /// Parses the data file's and the source's words, case- and space-insensitively.
    pub fn parse(s: &str) -> Option<MissionKind> {
        if let Some(k) = MissionKind::ALL.into_iter().find(|k| k.as_str() == s) {
            return Some(k);
        }
        let key = crate::text::fold(s);
        MissionKind::ALL
            .into_iter()
            .find(|k| crate::text::fold(k.as_str()) == key)
            .or(match key.as_str() {
                "de facto" | "de facto chongryon" | "defacto" => Some(MissionKind::DeFacto),
                _ => None,
            })
    }
}

impl fmt::Display for MissionKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// World regions as the source groups its tables, plus missions to organisations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Region {
    Africa,
    Americas,
    Asia,
    Europe,
    Oceania,
    Multilateral,
}

impl Region {
    pub const ALL: [Region; 6] = [
        Region::Africa,
        Region::Americas,
        Region::Asia,
        Region::Europe,
        Region::Oceania,
        Region::Multilateral,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Region::Africa => "Africa",
            Region::Americas => "Americas",
            Region::Asia => "Asia",
            Region::Europe => "Europe",
            Region::Oceania => "Oceania",
            Region::Multilateral => "Multilateral",
        }
    }

    pub fn parse(s: &str) -> Option<Region> {
        if let Some(r) = Region::ALL.into_iter().find(|r| r.as_str() == s) {
            return Some(r);
        }
        let key = crate::text::fold(s);
        Region::ALL
            .into_iter()
            .find(|r| crate::text::fold(r.as_str()) == key)
    }

    /// The region of a GeoNames continent code (AF, AS, EU, NA, OC, SA, AN).
    pub fn from_continent(code: &str) -> Option<Region> {
        match code {
            "AF" => Some(Region::Africa),
            "AS" => Some(Region::Asia),
            "EU" => Some(Region::Europe),
            "NA" | "SA" => Some(Region::Americas),
            "OC" => Some(Region::Oceania),
            _ => None,
        }
    }
}

impl fmt::Display for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether and when a mission closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Closure {
    /// Still open.
    #[default]
    Open,
    /// Closed in this year.
    InYear(i32),
    /// Known to be closed, year not known. Never given an invented year.
    YearUnknown,
}

impl Closure {
    pub fn is_closed(self) -> bool {
        !matches!(self, Closure::Open)
    }

    pub fn year(self) -> Option<i32> {
        match self {
            Closure::InYear(y) => Some(y),
            _ => None,
        }
    }
}

/// How exact a mission's coordinates are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    /// The centre of the host city, from the gazetteer.
    #[default]
    City,
    /// The building itself.
    Building,
}

impl Precision {
    pub fn as_str(self) -> &'static str {
        match self {
            Precision::City => "city",
            Precision::Building => "building",
        }
    }
}

/// Text shared between missions: countries, cities and organisations repeat thousands of
/// times in a large data set, and each is stored once.
pub type Text = std::sync::Arc<str>;

/// One diplomatic mission.
#[derive(Debug, Clone, PartialEq)]
pub struct Mission {
    /// Stable identifier, unique in a data set (e.g. `es-madrid-embassy`).
    pub id: String,
    /// The state the mission represents ("North Korea" for outbound missions).
    pub sending_state: Text,
    /// The host country's common English name.
    pub country: Text,
    /// ISO 3166-1 alpha-2 code of the host country.
    pub country_code: Text,
    pub city: Text,
    pub kind: MissionKind,
    /// For missions to international organisations (United Nations, UNESCO).
    pub organization: Option<Text>,
    pub region: Region,
    pub opened: Option<i32>,
    pub closure: Closure,
    /// Reference numbers of the source list, e.g. `[38] [39]` → `[38, 39]`.
    pub refs: Vec<u32>,
    /// Longitude (x) and latitude (y), WGS 84.
    pub location: Point<f64>,
    pub precision: Precision,
    /// A foreign mission in the sending state (e.g. Sweden's embassy in Pyongyang).
    pub inbound: bool,
    /// Short notes, in our own words.
    pub notes: String,
}

impl Mission {
    pub fn lat(&self) -> f64 {
        self.location.y()
    }

    pub fn lon(&self) -> f64 {
        self.location.x()
    }

    /// A one-line name for lists and tooltips: "Embassy in Madrid, Spain".
    pub fn title(&self) -> String {
        match &self.organization {
            Some(org) => format!(
                "{} to {} in {}, {}",
                self.kind.label(),
                org,
                self.city,
                self.country
            ),
            None if self.inbound => format!(
                "{} of {} in {}, {}",
                self.kind.label(),
                self.sending_state,
                self.city,
                self.country
            ),
            None => format!("{} in {}, {}", self.kind.label(), self.city, self.country),
        }
    }
}

/// A loaded data set: its metadata and its missions.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Dataset {
    /// Shown in the window title.
    pub name: String,
    /// Where the facts come from and under which licence, for the About window.
    pub source: String,
    pub missions: Vec<Mission>,
}
