//! Opening other people's tables (`.csv`, `.tsv`): the delimiter sniffed (comma,
//! semicolon, tab, pipe), the columns found by their usual names (lat/latitude/y,
//! lon/lng/longitude/x, a WKT `Point(lon lat)`, country, city, type, sender, opened,
//! closed, notes…), rows without coordinates placed by the gazetteer. Bad rows are
//! problems naming the file, line and column; the good rows are kept.

use geo_types::Point;

use crate::error::Problem;
use crate::gazetteer::Geocoder;
use crate::model::{Closure, Dataset, Extra, Mission, MissionKind, Precision, Region, Text};
use crate::text::fold;

/// What a table's columns hold, by their place; none where the table has no such column.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Columns {
    pub lat: Option<usize>,
    pub lon: Option<usize>,
    /// A WKT point, `Point(lon lat)`, as a Wikidata query exports coordinates.
    pub point: Option<usize>,
    pub country: Option<usize>,
    pub city: Option<usize>,
    pub kind: Option<usize>,
    pub sender: Option<usize>,
    pub opened: Option<usize>,
    pub closed: Option<usize>,
    pub notes: Option<usize>,
    pub id: Option<usize>,
    /// "open" or "closed", for a closure without a year.
    pub status: Option<usize>,
}

/// The usual names of each column, folded; compound forms (`start_year`, `countryLabel`)
/// match by their first word.
const NAMES: [(&str, &[&str]); 12] = [
    ("lat", &["lat", "latitude", "y"]),
    ("lon", &["lon", "lng", "long", "longitude", "x"]),
    (
        "point",
        &[
            "coord",
            "coords",
            "coordinates",
            "location",
            "point",
            "wkt",
            "geometry",
        ],
    ),
    (
        "country",
        &["country", "host", "host country", "countrylabel"],
    ),
    ("city", &["city", "town", "place", "citylabel"]),
    ("kind", &["type", "mission", "kind", "typelabel"]),
    (
        "sender",
        &[
            "sender",
            "operator",
            "sending state",
            "operatorlabel",
            "from country",
        ],
    ),
    (
        "opened",
        &[
            "opened",
            "start",
            "from",
            "inception",
            "year opened",
            "opening",
        ],
    ),
    (
        "closed",
        &["closed", "end", "to", "dissolved", "year closed", "closing"],
    ),
    ("notes", &["notes", "note", "description", "comment"]),
    ("id", &["id", "identifier", "item"]),
    ("status", &["status", "state"]),
];

/// Which column each header names.
pub fn detect(header: &[String]) -> Columns {
    let mut c = Columns::default();
    for (i, h) in header.iter().enumerate() {
        let f = fold(h);
        // "start_year" → "start year"; "year_opened" → "year opened".
        let first = f.split(' ').next().unwrap_or_default();
        let stripped = f
            .trim_end_matches(" year")
            .trim_end_matches(" date")
            .to_owned();
        for (what, names) in NAMES {
            let hit = names
                .iter()
                .any(|n| *n == f || *n == stripped || *n == first);
            let slot = match what {
                "lat" => &mut c.lat,
                "lon" => &mut c.lon,
                "point" => &mut c.point,
                "country" => &mut c.country,
                "city" => &mut c.city,
                "kind" => &mut c.kind,
                "sender" => &mut c.sender,
                "opened" => &mut c.opened,
                "closed" => &mut c.closed,
                "notes" => &mut c.notes,
                "status" => &mut c.status,
                _ => &mut c.id,
            };
            if hit && slot.is_none() {
                *slot = Some(i);
                break;
            }
        }
    }
    c
}

/// The delimiter of a table: the one of `,` `;` tab `|` found most often outside quotes in
/// its first line.
pub fn sniff_delimiter(first_line: &str) -> u8 {
    const CANDIDATES: [u8; 4] = [b',', b';', b'\t', b'|'];
    let mut counts = [0usize; 4];
    let mut quoted = false;
    for b in first_line.bytes() {
        if b == b'"' {
            quoted = !quoted;
        } else if !quoted
            && let Some(k) = CANDIDATES.iter().position(|c| *c == b)
            && let Some(n) = counts.get_mut(k)
        {
            *n += 1;
        }
    }
    // The most frequent; on a tie, the earlier candidate.
    CANDIDATES
        .iter()
        .zip(counts)
        .rev()
        .max_by_key(|(_, n)| *n)
        .map_or(b',', |(c, _)| *c)
}

/// A number, with a decimal comma accepted where the delimiter is not a comma.
fn number(s: &str, delimiter: u8) -> Option<f64> {
    let s = s.trim();
    let v = if delimiter != b',' && s.matches(',').count() == 1 && !s.contains('.') {
        s.replace(',', ".").parse().ok()
    } else {
        s.parse().ok()
    };
    v.filter(|v: &f64| v.is_finite())
}

/// A year: "1990", "1990-05-01", "1990-05-01T00:00:00Z".
fn year(s: &str) -> Option<i32> {
    let s = s.trim();
    let digits: String = s.chars().take_while(char::is_ascii_digit).collect();
    (digits.len() == 4).then(|| digits.parse().ok()).flatten()
}

/// (lon, lat) of a WKT `Point(lon lat)`.
fn wkt_point(s: &str) -> Option<(f64, f64)> {
    let inner = s
        .trim()
        .strip_prefix("Point(")
        .or_else(|| s.trim().strip_prefix("POINT("))?;
    let inner = inner.strip_suffix(')')?;
    let mut it = inner.split_whitespace();
    let lon: f64 = it.next()?.parse().ok()?;
    let lat: f64 = it.next()?.parse().ok()?;
    (lon.is_finite() && lat.is_finite() && lon.abs() <= 180.0 && lat.abs() <= 90.0)
        .then_some((lon, lat))
}

/// Reads a table into a data set; bad rows are returned as problems, the good ones kept.
/// `default_sender` stands for a table without a sender column.
pub fn read(
    file: &str,
    text: &str,
    geo: &Geocoder<'_>,
    default_sender: &str,
) -> (Dataset, Vec<Problem>) {
    let text = text.trim_start_matches('\u{feff}');
    let delimiter = sniff_delimiter(text.lines().next().unwrap_or_default());
    let mut r = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut problems = Vec::new();
    let mut ds = Dataset {
        name: file.rsplit('/').next().unwrap_or(file).to_owned(),
        source: format!(
            "Opened from {file}; places without coordinates from GeoNames (CC BY 4.0)."
        ),
        focus: None,
        missions: Vec::new(),
    };
    let header: Vec<String> = match r.headers() {
        Ok(h) => h.iter().map(str::to_owned).collect(),
        Err(e) => {
            problems.push(Problem::new(file, 1, None, format!("no header row: {e}")));
            return (ds, problems);
        }
    };
    let c = detect(&header);
    if c.country.is_none() {
        problems.push(Problem::new(
            file,
            1,
            None,
            format!(
                "no column for the host country (country, host…; columns: {})",
                header.join(", ")
            ),
        ));
        return (ds, problems);
    }
    let name_of = |i: Option<usize>| i.and_then(|i| header.get(i)).map(String::as_str);
    let mut texts: std::collections::HashMap<String, Text> = Default::default();
    let mut text_of = |s: &str| {
        texts
            .entry(s.to_owned())
            .or_insert_with(|| s.into())
            .clone()
    };
    let gaz = geo.gazetteer();
    for (n, record) in r.records().enumerate() {
        let line = n + 2;
        let rec = match record {
            Ok(rec) => rec,
            Err(e) => {
                problems.push(Problem::new(file, line, None, e.to_string()));
                continue;
            }
        };
        let cell = |i: Option<usize>| i.and_then(|i| rec.get(i)).unwrap_or_default().trim();
        let problem = |col: Option<usize>, msg: String| Problem::new(file, line, name_of(col), msg);
        // Coordinates: lat/lon, or a WKT point.
        let at = match (c.lat, c.lon, c.point) {
            (Some(la), Some(lo), _) if !cell(Some(la)).is_empty() => {
                match (
                    number(cell(Some(la)), delimiter),
                    number(cell(Some(lo)), delimiter),
                ) {
                    (Some(lat), Some(lon)) if lat.abs() <= 90.0 && lon.abs() <= 180.0 => {
                        Some((lon, lat))
                    }
                    _ => {
                        problems.push(problem(
                            Some(la),
                            format!(
                                "\"{}\", \"{}\" are no coordinates",
                                cell(Some(la)),
                                cell(Some(lo))
                            ),
                        ));
                        continue;
                    }
                }
            }
            (_, _, Some(p)) if !cell(Some(p)).is_empty() => match wkt_point(cell(Some(p))) {
                Some(ll) => Some(ll),
                None => {
                    problems.push(problem(
                        Some(p),
                        format!("\"{}\" is no Point(lon lat)", cell(Some(p))),
                    ));
                    continue;
                }
            },
            _ => None,
        };
        let country = match gaz.country(cell(c.country)) {
            Some(k) => k,
            None => {
                problems.push(problem(
                    c.country,
                    format!("unknown country \"{}\"", cell(c.country)),
                ));
                continue;
            }
        };
        // A building without a city is named by the gazetteer's nearest city to it.
        let named;
        let city = match (cell(c.city), at) {
            ("", Some((lon, lat))) => match gaz.nearest_city((lat, lon), 40.0, Some(&country.code))
            {
                Some(n) => {
                    named = n.name.clone();
                    named.as_str()
                }
                None => {
                    problems.push(problem(
                        c.city,
                        "empty, and no city of the gazetteer near the coordinates".to_owned(),
                    ));
                    continue;
                }
            },
            (city, _) => city,
        };
        let (point, precision) = match at {
            Some((lon, lat)) => (Point::new(lon, lat), Precision::Building),
            None => {
                match geo.locate(&country.code, city) {
                    Ok(l) if !city.is_empty() => (l.point, l.precision),
                    _ => {
                        problems.push(problem(
                        c.city,
                        format!("no coordinates, and \"{city}\" is no city of {} the gazetteer knows", country.name),
                    ));
                        continue;
                    }
                }
            }
        };
        let word = cell(c.kind);
        let kind = if word.is_empty() {
            MissionKind::Embassy
        } else {
            MissionKind::parse(word).unwrap_or(MissionKind::Other)
        };
        let opened_cell = cell(c.opened);
        let opened = year(opened_cell);
        if let Some(y) = opened.filter(|y| !crate::data::YEAR_RANGE.contains(y)) {
            problems.push(problem(
                c.opened,
                format!("{y} is no year a data file takes"),
            ));
            continue;
        }
        let closed = cell(c.closed);
        let closure = if closed.is_empty() {
            // Our own export says "closed" with no year for a closure nobody dated.
            if fold(cell(c.status)) == "closed" {
                Closure::YearUnknown
            } else {
                Closure::Open
            }
        } else if fold(closed) == "unknown" {
            Closure::YearUnknown
        } else {
            match year(closed) {
                Some(y) => Closure::InYear(y),
                None => {
                    problems.push(problem(c.closed, format!("\"{closed}\" is no year")));
                    continue;
                }
            }
        };
        if let Some(y) = closure.year() {
            if !crate::data::YEAR_RANGE.contains(&y) {
                problems.push(problem(
                    c.closed,
                    format!("{y} is no year a data file takes"),
                ));
                continue;
            }
            if let Some(o) = opened.filter(|&o| o > y) {
                problems.push(problem(
                    c.closed,
                    format!("closed in {y}, before it opened in {o}"),
                ));
                continue;
            }
        }
        let sender = match cell(c.sender) {
            "" => default_sender,
            s => s,
        };
        let id = match cell(c.id) {
            "" => format!(
                "{}-{}-{line}",
                country.code.to_ascii_lowercase(),
                crate::import::slug(city)
            ),
            s => s.to_owned(),
        };
        let extra = Extra {
            word: (!word.is_empty() && !kind.is_own_name(word)).then(|| text_of(word)),
            ..Extra::default()
        };
        ds.missions.push(Mission {
            id,
            sending_state: text_of(sender),
            country: text_of(&country.name),
            country_code: text_of(&country.code),
            city: text_of(city),
            kind,
            organization: None,
            region: country.region().unwrap_or(Region::Asia),
            opened,
            closure,
            refs: Vec::new(),
            location: point,
            precision,
            inbound: false,
            notes: cell(c.notes).to_owned(),
            extra: (!extra.is_empty()).then(|| Box::new(extra)),
        });
    }
    // Ids unique: repeats get -2, -3…
    crate::model::make_ids_unique(&mut ds.missions);
    (ds, problems)
}

/// Whether `path` is a table this module reads (by its extension): `.csv`, `.tsv`, or
/// `.geojson`.
pub fn is_table(path: &std::path::Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        ["csv", "tsv", "geojson"]
            .iter()
            .any(|x| e.eq_ignore_ascii_case(x))
    })
}

/// Whether `path` is GeoJSON (by its extension).
pub fn is_geojson(path: &std::path::Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("geojson"))
}

mod geojson_in;
#[cfg(test)]
mod tests;

pub use geojson_in::read_geojson;
