//! Which column holds what: the fields a table can fill, their usual names, detection
//! from a header, and the user's own mapping (`--columns lat=NAME,…`, the app's mapping
//! window).

use std::fmt;
use std::str::FromStr;

use crate::text::fold;

/// What a column can hold.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum Field {
    Lat,
    Lon,
    /// A WKT point, `Point(lon lat)`, as a Wikidata query exports coordinates.
    Point,
    Country,
    CountryCode,
    City,
    Kind,
    Sender,
    Opened,
    Closed,
    /// "open" or "closed", for a closure without a year.
    Status,
    /// The mission's name ("Embassy of Sweden in Pyongyang"): its type and sending state
    /// are read from it where no column gives them.
    Name,
    Notes,
    Id,
    Organization,
    Region,
    Refs,
    Precision,
    Inbound,
    AccreditedTo,
    Wikidata,
    Address,
    Website,
    /// A year a source shows the mission open (our exports' `opened_by`).
    OpenedBy,
    OpenedByReason,
    /// The year the row's source is dated: the last year it shows the mission.
    AsOf,
    /// What that date is ("Wikidata's snapshot of November 2022").
    AsOfReason,
    /// Years it stood closed between two periods ("1975-2002; 2010-2012").
    Breaks,
}

impl Field {
    pub const ALL: [Field; 28] = [
        Field::Lat,
        Field::Lon,
        Field::Point,
        Field::Country,
        Field::CountryCode,
        Field::City,
        Field::Kind,
        Field::Sender,
        Field::Opened,
        Field::Closed,
        Field::Status,
        Field::Name,
        Field::Notes,
        Field::Id,
        Field::Organization,
        Field::Region,
        Field::Refs,
        Field::Precision,
        Field::Inbound,
        Field::AccreditedTo,
        Field::Wikidata,
        Field::Address,
        Field::Website,
        Field::OpenedBy,
        Field::OpenedByReason,
        Field::AsOf,
        Field::AsOfReason,
        Field::Breaks,
    ];

    /// The fields most tables have, offered first in the app's table window.
    pub const COMMON: [Field; 12] = [
        Field::Lat,
        Field::Lon,
        Field::Point,
        Field::Country,
        Field::CountryCode,
        Field::City,
        Field::Kind,
        Field::Sender,
        Field::Opened,
        Field::Closed,
        Field::Name,
        Field::Notes,
    ];

    /// Its name in `--columns` and in remembered mappings.
    pub fn key(self) -> &'static str {
        match self {
            Field::Lat => "lat",
            Field::Lon => "lon",
            Field::Point => "point",
            Field::Country => "country",
            Field::CountryCode => "country_code",
            Field::City => "city",
            Field::Kind => "type",
            Field::Sender => "sender",
            Field::Opened => "opened",
            Field::Closed => "closed",
            Field::Status => "status",
            Field::Name => "name",
            Field::Notes => "notes",
            Field::Id => "id",
            Field::Organization => "organization",
            Field::Region => "region",
            Field::Refs => "refs",
            Field::Precision => "precision",
            Field::Inbound => "inbound",
            Field::AccreditedTo => "accredited_to",
            Field::Wikidata => "wikidata",
            Field::Address => "address",
            Field::Website => "website",
            Field::OpenedBy => "opened_by",
            Field::OpenedByReason => "opened_by_reason",
            Field::AsOf => "as_of",
            Field::AsOfReason => "as_of_reason",
            Field::Breaks => "breaks",
        }
    }

    /// For the mapping window.
    pub fn label(self) -> &'static str {
        match self {
            Field::Lat => "Latitude",
            Field::Lon => "Longitude",
            Field::Point => "Point (WKT)",
            Field::Country => "Host country",
            Field::CountryCode => "Host country code",
            Field::City => "City",
            Field::Kind => "Mission type",
            Field::Sender => "Sending state",
            Field::Opened => "Year opened",
            Field::Closed => "Year closed",
            Field::Status => "Status (open/closed)",
            Field::Name => "Name",
            Field::Notes => "Notes",
            Field::Id => "Id",
            Field::Organization => "Organisation",
            Field::Region => "Region",
            Field::Refs => "Source references",
            Field::Precision => "Precision",
            Field::Inbound => "Inbound",
            Field::AccreditedTo => "Accredited to",
            Field::Wikidata => "Wikidata item",
            Field::Address => "Address",
            Field::Website => "Website",
            Field::OpenedBy => "Open by (year)",
            Field::OpenedByReason => "Why open by then",
            Field::AsOf => "Dated (year)",
            Field::AsOfReason => "What the date is",
            Field::Breaks => "Closed and reopened (years)",
        }
    }

    /// The field `--columns` names: its key, or one of its usual names.
    pub fn from_key(s: &str) -> Option<Field> {
        let k = fold(s);
        Field::ALL
            .into_iter()
            .find(|f| fold(f.key()) == k)
            .or_else(|| Field::ALL.into_iter().find(|f| f.names().contains(&&*k)))
    }

    /// The usual names of its column, folded (lower case, words split by one space).
    fn names(self) -> &'static [&'static str] {
        match self {
            Field::Lat => &["lat", "latitude", "y"],
            Field::Lon => &["lon", "lng", "long", "longitude", "x"],
            Field::Point => &[
                "coord",
                "coords",
                "coordinates",
                "coordinate location",
                "location",
                "point",
                "wkt",
                "geometry",
                "geom",
            ],
            Field::Country => &[
                "country",
                "host",
                "host country",
                "country name",
                "countrylabel",
            ],
            Field::CountryCode => &["country code", "iso", "iso2", "iso a2", "cc"],
            Field::City => &[
                "city",
                "town",
                "place",
                "locality",
                "city name",
                "citylabel",
            ],
            Field::Kind => &[
                "type",
                "mission",
                "kind",
                "mission type",
                "typelabel",
                "category",
            ],
            Field::Sender => &[
                "sender",
                "operator",
                "sending state",
                "sending country",
                "operatorlabel",
                "from country",
            ],
            Field::Opened => &[
                "opened",
                "open",
                "start",
                "from",
                "inception",
                "opening",
                "established",
                "year opened",
                "opened year",
            ],
            Field::Closed => &[
                "closed",
                "close",
                "end",
                "to",
                "dissolved",
                "closing",
                "abolished",
                "year closed",
                "closed year",
            ],
            Field::Status => &["status", "state"],
            Field::Name => &["name", "title", "label", "itemlabel"],
            Field::Notes => &[
                "notes",
                "note",
                "description",
                "comment",
                "comments",
                "remarks",
            ],
            Field::Id => &["id", "identifier", "item", "fid"],
            Field::Organization => &["organization", "organisation"],
            Field::Region => &["region", "continent"],
            Field::Refs => &["refs", "references"],
            Field::Precision => &["precision", "accuracy"],
            Field::Inbound => &["inbound"],
            Field::AccreditedTo => &[
                "accredited to",
                "accreditation",
                "accredited",
                "jurisdiction",
            ],
            Field::Wikidata => &["wikidata", "qid", "wikidata id", "wikidata item"],
            Field::Address => &["address", "street address"],
            Field::Website => &["website", "url", "web", "official website"],
            Field::OpenedBy => &["opened by", "opened_by", "open by", "seen open"],
            Field::OpenedByReason => &["opened by reason", "opened_by_reason"],
            Field::AsOf => &["as of", "as_of", "dated", "snapshot year"],
            Field::AsOfReason => &["as of reason", "as_of_reason"],
            Field::Breaks => &["breaks", "closed and reopened", "interruptions"],
        }
    }
}

/// Which column holds each field, by its place in the header.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Columns([Option<usize>; Field::ALL.len()]);

impl Columns {
    pub fn get(&self, f: Field) -> Option<usize> {
        self.0.get(f as usize).copied().flatten()
    }

    pub fn set(&mut self, f: Field, column: Option<usize>) {
        if let Some(slot) = self.0.get_mut(f as usize) {
            *slot = column;
        }
    }

    /// The field column `i` holds, if any.
    pub fn field_of(&self, i: usize) -> Option<Field> {
        Field::ALL.into_iter().find(|f| self.get(*f) == Some(i))
    }

    /// Which column each header names. Whole names win over suffixed forms
    /// (`start_year`, `end_date`), which win over first words (`country name`); a
    /// Wikidata label column (`countryLabel`) wins over its item column (`country`).
    pub fn detect(header: &[String]) -> Columns {
        let folded: Vec<String> = header.iter().map(|h| fold(h)).collect();
        let forms: [fn(&str) -> &str; 3] = [
            |f| f,
            |f| {
                let f = f.strip_suffix(" year").unwrap_or(f);
                let f = f.strip_suffix(" date").unwrap_or(f);
                let f = f.strip_suffix(" time").unwrap_or(f);
                let f = f.strip_prefix("year ").unwrap_or(f);
                f.strip_prefix("date ").unwrap_or(f)
            },
            // A first word alone says too little when it is short or common: "to do" is
            // no closing year, "long name" no longitude.
            |f| match f.split_once(' ') {
                Some((w, _))
                    if ![
                        "x", "y", "to", "from", "long", "end", "open", "close", "state",
                    ]
                    .contains(&w) =>
                {
                    w
                }
                _ => "",
            },
        ];
        let mut c = Columns::default();
        for form in forms {
            for (i, f) in folded.iter().enumerate() {
                if c.field_of(i).is_some() {
                    continue;
                }
                let key = form(f);
                if let Some(field) = Field::ALL
                    .into_iter()
                    .find(|fl| c.get(*fl).is_none() && fl.names().contains(&key))
                {
                    c.set(field, Some(i));
                }
            }
        }
        for field in Field::ALL {
            let Some(f) = c.get(field).and_then(|i| folded.get(i)) else {
                continue;
            };
            let label = format!("{}label", f.replace(' ', ""));
            if let Some(j) = folded.iter().position(|g| *g == label)
                && c.field_of(j).is_none()
            {
                c.set(field, Some(j));
            }
        }
        c
    }

    /// The detected columns with the user's mapping laid over them. A column the mapping
    /// names is taken from any field detection gave it to.
    pub fn with_mapping(header: &[String], mapping: &Mapping) -> Result<Columns, String> {
        let mut c = Columns::detect(header);
        for (field, name) in &mapping.0 {
            let Some(name) = name else {
                c.set(*field, None);
                continue;
            };
            // The columns of that name (as written, else folded); of several, the one
            // detection gave the field, else the first.
            let mut named: Vec<usize> = (0..header.len())
                .filter(|&i| header.get(i).is_some_and(|h| h.trim() == name.trim()))
                .collect();
            if named.is_empty() {
                named = (0..header.len())
                    .filter(|&i| header.get(i).is_some_and(|h| fold(h) == fold(name)))
                    .collect();
            }
            let i = named
                .iter()
                .copied()
                .find(|&i| c.get(*field) == Some(i))
                .or(named.first().copied())
                .ok_or_else(|| {
                    format!(
                        "{}={name}: the table has no column \"{name}\" (its columns: {})",
                        field.key(),
                        header.join(", ")
                    )
                })?;
            while let Some(other) = c.field_of(i) {
                c.set(other, None);
            }
            c.set(*field, Some(i));
        }
        Ok(c)
    }

    /// The mapping that gives these columns from `header`: every field with its column's
    /// name, and the fields detection would fill but these leave empty as "none".
    pub fn to_mapping(&self, header: &[String]) -> Mapping {
        let detected = Columns::detect(header);
        let mut m = Vec::new();
        for f in Field::ALL {
            match self.get(f).and_then(|i| header.get(i)) {
                Some(name) => m.push((f, Some(name.clone()))),
                None if detected.get(f).is_some() => m.push((f, None)),
                None => {}
            }
        }
        Mapping(m)
    }
}

/// The user's word on which column holds what: `lat=Breite,lon=Länge,city=` (an empty
/// name: no column holds that field). Fields not named keep what detection finds. As
/// text (`--columns`), a column's name cannot hold a comma; the settings keep the pairs.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Mapping(pub Vec<(Field, Option<String>)>);

impl FromStr for Mapping {
    type Err = String;

    fn from_str(s: &str) -> Result<Mapping, String> {
        let mut out = Vec::new();
        for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (key, name) = part
                .split_once('=')
                .ok_or_else(|| format!("\"{part}\" is not FIELD=COLUMN"))?;
            let field = Field::from_key(key).ok_or_else(|| {
                let keys: Vec<&str> = Field::ALL.iter().map(|f| f.key()).collect();
                format!(
                    "\"{}\" is no field (fields: {})",
                    key.trim(),
                    keys.join(", ")
                )
            })?;
            let name = name.trim();
            out.retain(|(f, _)| *f != field);
            out.push((field, (!name.is_empty()).then(|| name.to_owned())));
        }
        Ok(Mapping(out))
    }
}

impl fmt::Display for Mapping {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (k, (field, name)) in self.0.iter().enumerate() {
            if k > 0 {
                f.write_str(",")?;
            }
            write!(f, "{}={}", field.key(), name.as_deref().unwrap_or_default())?;
        }
        Ok(())
    }
}
