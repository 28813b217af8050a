//! Exporting missions to GeoJSON and CSV. The command line and the GUI share this code.

use std::io::Write;
use std::path::Path;

use serde_json::{Map, Value, json};

use crate::error::WriteError;
use crate::model::Mission;
use crate::timeline::{TimelineState, state_at};

/// Export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Format {
    GeoJson,
    Csv,
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Format::GeoJson => "geojson",
            Format::Csv => "csv",
        }
    }
}

/// The missions that operated or may have operated in `year`: open, closing or may be
/// open in it (their `timeline` column tells which).
pub fn active_in(missions: &[Mission], year: i32) -> Vec<&Mission> {
    missions
        .iter()
        .filter(|m| state_at(m, year).may_be_active())
        .collect()
}

/// The time facts every export writes beyond the recorded years: the bounds of an
/// unrecorded opening and the mission's data date, each with its reason (empty when none),
/// and its recorded breaks ("1975-2002": closed, reopened; several joined by "; ").
pub const TIME_COLUMNS: [&str; 7] = [
    "opened_not_before",
    "opened_not_before_reason",
    "opened_by",
    "opened_by_reason",
    "as_of",
    "as_of_reason",
    "breaks",
];

/// The values of [`TIME_COLUMNS`] for `m`: years and reasons. The bounds are given only
/// where the opening was not recorded (or is one no reading can hold).
pub fn time_values(m: &Mission) -> [TimeCell<'_>; 7] {
    let b = m.bounds();
    let unrecorded = m.opened.is_none() || b.is_some_and(|b| b.opening_ruled_out);
    let nb = b
        .and_then(|b| b.opened_not_before.as_ref())
        .filter(|_| unrecorded);
    let by = b.and_then(|b| b.opened_by.as_ref()).filter(|_| unrecorded);
    let as_of = b.and_then(|b| b.as_of.as_ref());
    [
        TimeCell::Year(nb.map(|b| b.year)),
        TimeCell::Text(nb.map(|b| &*b.why)),
        TimeCell::Year(by.map(|b| b.year)),
        TimeCell::Text(by.map(|b| &*b.why)),
        TimeCell::Year(as_of.map(|a| a.year)),
        TimeCell::Text(as_of.map(|a| &*a.why)),
        TimeCell::Breaks(m.breaks()),
    ]
}

/// A value of one of [`TIME_COLUMNS`]: a year or a reason, or nothing.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum TimeCell<'a> {
    Year(Option<i32>),
    Text(Option<&'a str>),
    /// As [`crate::timeline::Break::text`] writes them; none is empty (null).
    Breaks(&'a [crate::timeline::Break]),
}

impl TimeCell<'_> {
    fn json(self) -> Value {
        match self {
            TimeCell::Year(y) => json!(y),
            TimeCell::Text(t) => json!(t),
            TimeCell::Breaks([]) => Value::Null,
            TimeCell::Breaks(b) => json!(crate::timeline::Break::text(b)),
        }
    }
}

fn status(m: &Mission) -> &'static str {
    if m.closure.is_closed() {
        "closed"
    } else {
        "open"
    }
}

/// The properties of a mission's GeoJSON feature.
pub fn properties(m: &Mission, year: Option<i32>) -> Map<String, Value> {
    let mut p = Map::new();
    p.insert("id".into(), json!(m.id));
    p.insert("sending_state".into(), json!(m.sending_state));
    p.insert("country".into(), json!(m.country));
    p.insert("country_code".into(), json!(m.country_code));
    p.insert("city".into(), json!(m.city));
    p.insert("mission".into(), json!(m.kind_word()));
    p.insert("organization".into(), json!(m.organization));
    p.insert("region".into(), json!(m.region.as_str()));
    p.insert("status".into(), json!(status(m)));
    p.insert("year_closed".into(), json!(m.closure.year()));
    p.insert("year_opened".into(), json!(m.opened));
    p.insert("refs".into(), json!(m.refs()));
    p.insert("notes".into(), json!(m.notes()));
    p.insert("inbound".into(), json!(m.inbound));
    p.insert("precision".into(), json!(m.precision.as_str()));
    let extra = m.extra();
    p.insert("accredited_to".into(), json!(extra.accredited_to));
    p.insert("wikidata".into(), json!(extra.wikidata));
    p.insert("address".into(), json!(extra.address));
    p.insert("website".into(), json!(extra.website));
    p.insert("sources".into(), json!(sources(m)));
    for (name, v) in TIME_COLUMNS.into_iter().zip(time_values(m)) {
        p.insert(name.into(), v.json());
    }
    if let Some(y) = year {
        p.insert("timeline".into(), json!(timeline_word(state_at(m, y))));
    }
    p
}

/// Where the mission's facts come from: the list's references ("list \[38\]") and its
/// Wikidata item ("wikidata:Q106450319").
pub fn sources(m: &Mission) -> Vec<String> {
    let mut out: Vec<String> = m.refs().iter().map(|r| format!("list [{r}]")).collect();
    if let Some(q) = &m.extra().wikidata {
        out.push(format!("wikidata:{q}"));
    }
    out
}

fn timeline_word(s: TimelineState) -> &'static str {
    s.as_str()
}

/// A mission's GeoJSON feature: a Point with the mission's properties (the plain way,
/// which [`FeatureWriter`] writes without building it; kept to check it against).
#[cfg(test)]
fn feature(m: &Mission, year: Option<i32>) -> geojson::Feature {
    geojson::Feature {
        bbox: None,
        geometry: Some(geojson::Geometry::new(geojson::Value::Point(vec![
            m.lon(),
            m.lat(),
        ]))),
        id: Some(geojson::feature::Id::String(m.id.to_string())),
        properties: Some(properties(m, year)),
        foreign_members: None,
    }
}

/// The collection of `features`, one serialised at a time by serde_json (the plain way).
#[cfg(test)]
fn write_geojson_features(
    w: &mut dyn Write,
    features: impl Iterator<Item = geojson::Feature>,
) -> std::io::Result<()> {
    w.write_all(b"{\n  \"type\": \"FeatureCollection\",\n  \"features\": ")?;
    crate::data::write_array_in_object(w, features)?;
    w.write_all(b"\n}\n")
}

/// Writes a GeoJSON FeatureCollection, one Point feature per mission, as a stream: one
/// feature in memory at a time, laid out exactly as serde_json lays out the whole
/// collection (pretty, two spaces; the properties by name, as its maps order them).
pub fn write_geojson(
    missions: &[&Mission],
    year: Option<i32>,
    w: &mut dyn Write,
) -> std::io::Result<()> {
    let fw = FeatureWriter::new(year, None);
    fw.write_all(w, missions.iter().map(|&m| (m, None)))
}

/// Writes missions with one more column (or property) `name`, a value for each: the
/// `change` of `diplomap changes`.
pub fn write_tagged(
    format: Format,
    rows: &[(&Mission, &str)],
    name: &str,
    w: &mut dyn Write,
) -> std::io::Result<()> {
    match format {
        Format::GeoJson => {
            let fw = FeatureWriter::new(None, Some(name));
            fw.write_all(w, rows.iter().map(|&(m, v)| (m, Some(v))))
        }
        Format::Csv => write_csv_rows(
            rows.iter().map(|(m, v)| (*m, Some(*v))),
            Some(name),
            false,
            w,
        ),
    }
}

/// A feature's properties, each written by [`FeatureWriter`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Prop<'a> {
    AccreditedTo,
    Address,
    City,
    Country,
    CountryCode,
    Id,
    Inbound,
    Kind,
    Notes,
    Organization,
    Precision,
    Refs,
    Region,
    SendingState,
    Sources,
    Status,
    Website,
    Wikidata,
    YearClosed,
    YearOpened,
    /// One of [`TIME_COLUMNS`], by its place.
    Time(usize),
    Timeline(i32),
    /// One more property, named: its value is the row's.
    Tag(&'a str),
}

impl Prop<'_> {
    fn name(&self) -> &str {
        match self {
            Prop::AccreditedTo => "accredited_to",
            Prop::Address => "address",
            Prop::City => "city",
            Prop::Country => "country",
            Prop::CountryCode => "country_code",
            Prop::Id => "id",
            Prop::Inbound => "inbound",
            Prop::Kind => "mission",
            Prop::Notes => "notes",
            Prop::Organization => "organization",
            Prop::Precision => "precision",
            Prop::Refs => "refs",
            Prop::Region => "region",
            Prop::SendingState => "sending_state",
            Prop::Sources => "sources",
            Prop::Status => "status",
            Prop::Website => "website",
            Prop::Wikidata => "wikidata",
            Prop::YearClosed => "year_closed",
            Prop::YearOpened => "year_opened",
            Prop::Time(k) => TIME_COLUMNS.get(*k).copied().unwrap_or("as_of"),
            Prop::Timeline(_) => "timeline",
            Prop::Tag(name) => name,
        }
    }
}

/// Writes features straight from the missions, byte for byte as serde_json writes the
/// `geojson` crate's feature of [`properties`] (the test below holds the two together),
/// without building a map of values for each.
struct FeatureWriter<'a> {
    /// The properties in the order they are written (by name).
    order: Vec<Prop<'a>>,
}

/// `s` as a JSON string.
fn json_str(out: &mut Vec<u8>, s: &str) -> std::io::Result<()> {
    serde_json::to_writer(&mut *out, s).map_err(std::io::Error::other)
}

/// A list at the properties' depth, laid out as serde_json's pretty printer does, each item
/// written by `item`.
fn json_list<T>(
    out: &mut Vec<u8>,
    items: impl Iterator<Item = T>,
    mut item: impl FnMut(&mut Vec<u8>, T) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let mut first = true;
    for x in items {
        out.extend_from_slice(if first {
            b"[\n          "
        } else {
            b",\n          "
        });
        first = false;
        item(out, x)?;
    }
    out.extend_from_slice(if first { b"[]" } else { b"\n        ]" });
    Ok(())
}

impl<'a> FeatureWriter<'a> {
    fn new(year: Option<i32>, tag: Option<&'a str>) -> Self {
        let mut order = vec![
            Prop::AccreditedTo,
            Prop::Address,
            Prop::City,
            Prop::Country,
            Prop::CountryCode,
            Prop::Id,
            Prop::Inbound,
            Prop::Kind,
            Prop::Notes,
            Prop::Organization,
            Prop::Precision,
            Prop::Refs,
            Prop::Region,
            Prop::SendingState,
            Prop::Sources,
            Prop::Status,
            Prop::Website,
            Prop::Wikidata,
            Prop::YearClosed,
            Prop::YearOpened,
        ];
        order.extend((0..TIME_COLUMNS.len()).map(Prop::Time));
        order.extend(year.map(Prop::Timeline));
        if let Some(name) = tag {
            // A property of the same name is replaced, as a map insert would.
            order.retain(|p| p.name() != name);
            order.push(Prop::Tag(name));
        }
        order.sort_by(|a, b| a.name().cmp(b.name()));
        FeatureWriter { order }
    }

    /// The collection: the features of `rows` (a mission and its tag's value).
    fn write_all<'m>(
        &self,
        w: &mut dyn Write,
        rows: impl Iterator<Item = (&'m Mission, Option<&'m str>)>,
    ) -> std::io::Result<()> {
        w.write_all(b"{\n  \"type\": \"FeatureCollection\",\n  \"features\": ")?;
        let mut buf = Vec::with_capacity(64 * 1024);
        let mut first = true;
        for (m, tag) in rows {
            buf.extend_from_slice(if first { b"[\n" } else { b",\n" });
            first = false;
            self.feature(&mut buf, m, tag)?;
            if buf.len() >= 60 * 1024 {
                w.write_all(&buf)?;
                buf.clear();
            }
        }
        buf.extend_from_slice(if first { b"[]" } else { b"\n  ]" });
        buf.extend_from_slice(b"\n}\n");
        w.write_all(&buf)
    }

    /// One feature, four spaces in (inside the collection's list).
    fn feature(&self, out: &mut Vec<u8>, m: &Mission, tag: Option<&str>) -> std::io::Result<()> {
        let num = |out: &mut Vec<u8>, x: f64| {
            serde_json::to_writer(&mut *out, &x).map_err(std::io::Error::other)
        };
        out.extend_from_slice(
            b"    {\n      \"type\": \"Feature\",\n      \"geometry\": {\n        \"type\": \"Point\",\n        \"coordinates\": [\n          ",
        );
        num(out, m.lon())?;
        out.extend_from_slice(b",\n          ");
        num(out, m.lat())?;
        out.extend_from_slice(b"\n        ]\n      },\n      \"properties\": {");
        let extra = m.extra();
        let text = |out: &mut Vec<u8>, s: Option<&str>| match s {
            Some(s) => json_str(out, s),
            None => {
                out.extend_from_slice(b"null");
                Ok(())
            }
        };
        let year = |out: &mut Vec<u8>, y: Option<i32>| {
            match y {
                Some(y) => out.extend_from_slice(itoa::Buffer::new().format(y).as_bytes()),
                None => out.extend_from_slice(b"null"),
            }
            Ok::<(), std::io::Error>(())
        };
        for (k, p) in self.order.iter().enumerate() {
            out.extend_from_slice(if k == 0 {
                b"\n        "
            } else {
                b",\n        "
            });
            json_str(out, p.name())?;
            out.extend_from_slice(b": ");
            match *p {
                Prop::AccreditedTo => {
                    json_list(out, extra.accredited_to.iter().map(|t| &**t), json_str)?
                }
                Prop::Address => text(out, extra.address.as_deref())?,
                Prop::City => json_str(out, &m.city)?,
                Prop::Country => json_str(out, &m.country)?,
                Prop::CountryCode => json_str(out, &m.country_code)?,
                Prop::Id => json_str(out, &m.id)?,
                Prop::Inbound => out.extend_from_slice(if m.inbound { b"true" } else { b"false" }),
                Prop::Kind => json_str(out, m.kind_word())?,
                Prop::Notes => json_str(out, m.notes())?,
                Prop::Organization => text(out, m.organization.as_deref())?,
                Prop::Precision => json_str(out, m.precision.as_str())?,
                Prop::Refs => json_list(out, m.refs().iter(), |out, r| {
                    out.extend_from_slice(itoa::Buffer::new().format(*r).as_bytes());
                    Ok(())
                })?,
                Prop::Region => json_str(out, m.region.as_str())?,
                Prop::SendingState => json_str(out, &m.sending_state)?,
                Prop::Sources => {
                    let sources = sources(m);
                    json_list(out, sources.iter().map(String::as_str), json_str)?
                }
                Prop::Status => json_str(out, status(m))?,
                Prop::Website => text(out, extra.website.as_deref())?,
                Prop::Wikidata => text(out, extra.wikidata.as_deref())?,
                Prop::YearClosed => year(out, m.closure.year())?,
                Prop::YearOpened => year(out, m.opened)?,
                Prop::Time(k) => match time_values(m).get(k).copied() {
                    Some(TimeCell::Year(y)) => year(out, y)?,
                    Some(TimeCell::Text(t)) => text(out, t)?,
                    Some(TimeCell::Breaks([])) | None => out.extend_from_slice(b"null"),
                    Some(TimeCell::Breaks(b)) => json_str(out, &crate::timeline::Break::text(b))?,
                },
                Prop::Timeline(y) => json_str(out, timeline_word(state_at(m, y)))?,
                Prop::Tag(_) => text(out, tag)?,
            }
        }
        out.extend_from_slice(b"\n      },\n      \"id\": ");
        json_str(out, &m.id)?;
        out.extend_from_slice(b"\n    }");
        Ok(())
    }
}

/// The CSV columns, in order ([`TIME_COLUMNS`] after them).
pub const CSV_COLUMNS: [&str; 22] = [
    "id",
    "sending_state",
    "country",
    "country_code",
    "city",
    "mission",
    "organization",
    "region",
    "status",
    "year_closed",
    "year_opened",
    "refs",
    "lat",
    "lon",
    "precision",
    "inbound",
    "notes",
    "accredited_to",
    "wikidata",
    "address",
    "website",
    "sources",
];

/// Writes CSV with a header row; `refs` are space-separated, `accredited_to` and `sources`
/// `|`-separated; with a year, a `timeline` column says `open` or `closing`.
pub fn write_csv(
    missions: &[&Mission],
    year: Option<i32>,
    w: &mut dyn Write,
) -> std::io::Result<()> {
    write_csv_cells(missions, year, false, w)
}

/// [`write_csv`] with every cell as it is, formulas too (`export --raw`): for a reader
/// that is no spreadsheet.
pub fn write_csv_raw(
    missions: &[&Mission],
    year: Option<i32>,
    w: &mut dyn Write,
) -> std::io::Result<()> {
    write_csv_cells(missions, year, true, w)
}

fn write_csv_cells(
    missions: &[&Mission],
    year: Option<i32>,
    raw: bool,
    w: &mut dyn Write,
) -> std::io::Result<()> {
    let timeline = |m: &Mission| year.map(|y| timeline_word(state_at(m, y)));
    write_csv_rows(
        missions.iter().map(|m| (*m, timeline(m))),
        year.map(|_| "timeline"),
        raw,
        w,
    )
}

/// Whether a text cell would be taken for a formula by a spreadsheet: it begins with
/// `=`, `+`, `-`, `@`, a tab or a carriage return and is no number.
pub fn formula_like(cell: &[u8]) -> bool {
    matches!(
        cell.first(),
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r')
    ) && std::str::from_utf8(cell).map_or(true, |t| t.trim().parse::<f64>().is_err())
}

/// Whether our writers put a `'` before a cell: it would be taken for a formula, or it
/// begins with `'` before such a cell (which the reader would otherwise take for ours).
fn needs_quote(cell: &[u8]) -> bool {
    formula_like(cell) || cell.strip_prefix(b"'").is_some_and(needs_quote)
}

/// Writes one CSV field: a cell a spreadsheet would take for a formula gets a leading
/// `'`, as OWASP advises (unless `raw`); our table reader takes it back unchanged.
fn field<W: Write>(out: &mut csv::Writer<W>, raw: bool, cell: impl AsRef<[u8]>) -> csv::Result<()> {
    let cell = cell.as_ref();
    if !raw && needs_quote(cell) {
        let mut quoted = Vec::with_capacity(cell.len() + 1);
        quoted.push(b'\'');
        quoted.extend_from_slice(cell);
        out.write_field(quoted)
    } else {
        out.write_field(cell)
    }
}

/// A text cell as our CSV writers write it: what a spreadsheet would take for a formula
/// gets a leading `'`.
pub fn csv_text(cell: &str) -> std::borrow::Cow<'_, str> {
    if needs_quote(cell.as_bytes()) {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

/// A cell as our CSV writer wrote it, read back: the `'` before what a spreadsheet would
/// take for a formula is dropped.
pub fn unquote_formula(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if needs_quote(rest.as_bytes()) => rest,
        _ => cell,
    }
}

/// CSV rows of the standard columns, and one more column `extra` when given. Each field
/// is handed to the CSV writer as it is made (no text per field, no record per row).
fn write_csv_rows<'m>(
    rows: impl Iterator<Item = (&'m Mission, Option<&'m str>)>,
    extra: Option<&str>,
    raw: bool,
    w: &mut dyn Write,
) -> std::io::Result<()> {
    let mut out = csv::WriterBuilder::new()
        .buffer_capacity(64 * 1024)
        .from_writer(w);
    let mut header: Vec<&str> = CSV_COLUMNS.to_vec();
    header.extend(TIME_COLUMNS);
    header.extend(extra);
    out.write_record(&header)?;
    let mut scratch: Vec<u8> = Vec::with_capacity(256);
    let mut num = itoa::Buffer::new();
    for (m, value) in rows {
        let e = m.extra();
        field(&mut out, raw, m.id.as_str())?;
        field(&mut out, raw, &*m.sending_state)?;
        field(&mut out, raw, &*m.country)?;
        field(&mut out, raw, &*m.country_code)?;
        field(&mut out, raw, &*m.city)?;
        field(&mut out, raw, m.kind_word())?;
        field(&mut out, raw, m.organization.as_deref().unwrap_or_default())?;
        field(&mut out, raw, m.region.as_str())?;
        field(&mut out, raw, status(m))?;
        for y in [m.closure.year(), m.opened] {
            match y {
                Some(y) => field(&mut out, raw, num.format(y))?,
                None => field(&mut out, raw, "")?,
            }
        }
        scratch.clear();
        for (k, r) in m.refs().iter().enumerate() {
            if k > 0 {
                scratch.push(b' ');
            }
            scratch.extend_from_slice(num.format(*r).as_bytes());
        }
        field(&mut out, raw, &scratch)?;
        for x in [m.lat(), m.lon()] {
            scratch.clear();
            write!(scratch, "{x:.5}")?;
            field(&mut out, raw, &scratch)?;
        }
        field(&mut out, raw, m.precision.as_str())?;
        field(&mut out, raw, if m.inbound { "true" } else { "false" })?;
        field(&mut out, raw, m.notes())?;
        scratch.clear();
        for (k, c) in e.accredited_to.iter().enumerate() {
            if k > 0 {
                scratch.push(b'|');
            }
            scratch.extend_from_slice(c.as_bytes());
        }
        field(&mut out, raw, &scratch)?;
        field(&mut out, raw, e.wikidata.as_deref().unwrap_or_default())?;
        field(&mut out, raw, e.address.as_deref().unwrap_or_default())?;
        field(&mut out, raw, e.website.as_deref().unwrap_or_default())?;
        field(&mut out, raw, sources(m).join("|"))?;
        for v in time_values(m) {
            match v {
                TimeCell::Year(Some(y)) => field(&mut out, raw, num.format(y))?,
                TimeCell::Text(Some(t)) => field(&mut out, raw, t)?,
                TimeCell::Breaks(b @ [_, ..]) => {
                    field(&mut out, raw, crate::timeline::Break::text(b))?
                }
                _ => field(&mut out, raw, "")?,
            }
        }
        if extra.is_some() {
            field(&mut out, raw, value.unwrap_or_default())?;
        }
        out.write_record(None::<&[u8]>)?;
    }
    out.flush()
}

/// Writes `missions` in `format` to `w`.
pub fn write(
    format: Format,
    missions: &[&Mission],
    year: Option<i32>,
    w: &mut dyn Write,
) -> std::io::Result<()> {
    match format {
        Format::GeoJson => write_geojson(missions, year, w),
        Format::Csv => write_csv(missions, year, w),
    }
}

/// Writes `missions` to a file atomically.
pub fn write_file(
    format: Format,
    missions: &[&Mission],
    year: Option<i32>,
    path: &Path,
) -> Result<(), WriteError> {
    crate::atomic::write_with(path, |w| write(format, missions, year, w))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::load_embedded;

    fn madrid_and_gabon() -> Vec<Mission> {
        let ds = load_embedded().expect("data");
        ds.missions
            .into_iter()
            .filter(|m| m.id == "es-madrid-embassy" || m.id == "ga-libreville-embassy")
            .collect()
    }

    #[test]
    fn geojson_has_the_documented_properties() {
        let ms = madrid_and_gabon();
        let refs: Vec<&Mission> = ms.iter().collect();
        let mut buf = Vec::new();
        write_geojson(&refs, Some(2023), &mut buf).expect("write");
        let v: Value = serde_json::from_slice(&buf).expect("json");
        assert_eq!(v["type"], "FeatureCollection");
        let f = v["features"]
            .as_array()
            .expect("features")
            .iter()
            .find(|f| f["id"] == "es-madrid-embassy")
            .expect("madrid");
        assert_eq!(f["geometry"]["type"], "Point");
        let p = &f["properties"];
        assert_eq!(p["country"], "Spain");
        assert_eq!(p["country_code"], "ES");
        assert_eq!(p["city"], "Madrid");
        assert_eq!(p["mission"], "Embassy");
        assert_eq!(p["organization"], Value::Null);
        assert_eq!(p["region"], "Europe");
        assert_eq!(p["status"], "closed");
        assert_eq!(p["year_closed"], 2023);
        assert_eq!(p["year_opened"], 2013);
        assert_eq!(p["refs"], json!([67]));
        assert_eq!(p["inbound"], false);
        assert_eq!(p["timeline"], "closing");
        assert!(p["notes"].as_str().is_some_and(|n| !n.is_empty()));
        let lon = f["geometry"]["coordinates"][0].as_f64().expect("lon");
        assert!((lon + 3.7).abs() < 0.1);
        let gabon = v["features"]
            .as_array()
            .expect("features")
            .iter()
            .find(|f| f["id"] == "ga-libreville-embassy")
            .expect("gabon");
        assert_eq!(gabon["properties"]["status"], "closed");
        assert_eq!(gabon["properties"]["year_closed"], Value::Null);
    }

    #[test]
    fn csv_round_trips_through_a_reader() {
        let ms = madrid_and_gabon();
        let refs: Vec<&Mission> = ms.iter().collect();
        let mut buf = Vec::new();
        write_csv(&refs, None, &mut buf).expect("write");
        let mut r = csv::Reader::from_reader(buf.as_slice());
        let headers = r.headers().expect("headers").clone();
        assert_eq!(
            headers.iter().collect::<Vec<_>>(),
            [&CSV_COLUMNS[..], &TIME_COLUMNS[..]].concat()
        );
        let rows: Vec<csv::StringRecord> = r.records().map(|r| r.expect("row")).collect();
        assert_eq!(rows.len(), 2);
        let madrid = rows
            .iter()
            .find(|r| &r[0] == "es-madrid-embassy")
            .expect("madrid");
        assert_eq!(&madrid[9], "2023");
        assert_eq!(&madrid[10], "2013");
        // Notes with commas survive quoting.
        assert_eq!(
            &madrid[16],
            ms.iter()
                .find(|m| m.id == "es-madrid-embassy")
                .map(|m| m.notes())
                .unwrap_or("")
        );
    }

    #[test]
    fn year_selection_is_open_closing_or_may_be_open() {
        let ds = load_embedded().expect("data");
        let at = active_in(&ds.missions, 1998);
        assert!(at.iter().all(|m| state_at(m, 1998).may_be_active()));
        // Both kinds are there: Warsaw (opened 1948) and the closing ones known open,
        // most others may be.
        let open = at.iter().filter(|m| state_at(m, 1998).is_active()).count();
        assert!(open > 0 && open < at.len(), "{open} of {}", at.len());
        // Gabon (closed in a year nobody recorded, by the list's date) may be open in
        // 1998, never known open; by 2024 it is closed.
        let gabon = |ms: &[&Mission]| {
            ms.iter()
                .find(|m| m.id == "ga-libreville-embassy")
                .map(|m| m.id.clone())
        };
        assert!(gabon(&at).is_some());
        assert!(
            at.iter().all(|m| m.id != "ga-libreville-embassy"
                || state_at(m, 1998) == TimelineState::MayBeOpen)
        );
        assert!(gabon(&active_in(&ds.missions, 2024)).is_none());
        // Ghana closed in 1998: it is in the 1998 export, and gone from 1999's.
        assert!(at.iter().any(|m| m.id == "gh-accra-embassy"));
        assert!(
            active_in(&ds.missions, 1999)
                .iter()
                .all(|m| m.id != "gh-accra-embassy")
        );
    }

    #[test]
    fn file_export_is_atomic_and_reports_failures() {
        let ms = madrid_and_gabon();
        let refs: Vec<&Mission> = ms.iter().collect();
        let dir = tempfile::tempdir().expect("dir");
        let p = dir.path().join("out.geojson");
        write_file(Format::GeoJson, &refs, None, &p).expect("write");
        assert!(
            std::fs::read_to_string(&p)
                .expect("read")
                .contains("FeatureCollection")
        );
        let bad = dir.path().join("missing/out.csv");
        let e = write_file(Format::Csv, &refs, None, &bad).expect_err("no such folder");
        let said = e.to_string();
        assert!(said.contains(&*bad.to_string_lossy()), "{said}");
        assert!(said.contains("No such file or directory"), "{said}");
        assert!(!bad.exists());
    }

    /// The whole collection at once, as the exporter wrote it before it streamed.
    fn whole(missions: &[&Mission], year: Option<i32>) -> Vec<u8> {
        let fc = geojson::FeatureCollection {
            bbox: None,
            features: missions.iter().map(|m| feature(m, year)).collect(),
            foreign_members: None,
        };
        let mut out = serde_json::to_vec_pretty(&fc).expect("json");
        out.push(b'\n');
        out
    }

    /// The CSV as the exporter wrote it before it handed over field by field: a record of
    /// texts per row.
    fn plain_csv(rows: &[(&Mission, Option<&str>)], extra: Option<&str>) -> Vec<u8> {
        let mut buf = Vec::new();
        let mut out = csv::Writer::from_writer(&mut buf);
        let mut header: Vec<&str> = CSV_COLUMNS.to_vec();
        header.extend(TIME_COLUMNS);
        header.extend(extra);
        out.write_record(&header).expect("header");
        let opt = |v: Option<i32>| v.map(|y| y.to_string()).unwrap_or_default();
        for &(m, value) in rows {
            let refs: Vec<String> = m.refs().iter().map(u32::to_string).collect();
            let e = m.extra();
            let mut rec = vec![
                m.id.to_string(),
                m.sending_state.to_string(),
                m.country.to_string(),
                m.country_code.to_string(),
                m.city.to_string(),
                m.kind_word().to_owned(),
                m.organization.as_deref().unwrap_or_default().to_owned(),
                m.region.as_str().to_owned(),
                status(m).to_owned(),
                opt(m.closure.year()),
                opt(m.opened),
                refs.join(" "),
                format!("{:.5}", m.lat()),
                format!("{:.5}", m.lon()),
                m.precision.as_str().to_owned(),
                m.inbound.to_string(),
                m.notes().to_owned(),
                e.accredited_to.join("|"),
                e.wikidata.as_deref().unwrap_or_default().to_owned(),
                e.address.clone().unwrap_or_default(),
                e.website.clone().unwrap_or_default(),
                sources(m).join("|"),
            ];
            // The time columns, read from the bounds by hand.
            let b = m.bounds();
            let unrecorded = m.opened.is_none() || b.is_some_and(|b| b.opening_ruled_out);
            for bound in [
                b.and_then(|b| b.opened_not_before.as_ref()),
                b.and_then(|b| b.opened_by.as_ref()),
            ] {
                let bound = bound.filter(|_| unrecorded);
                rec.push(opt(bound.map(|b| b.year)));
                rec.push(bound.map(|b| b.why.to_string()).unwrap_or_default());
            }
            let as_of = b.and_then(|b| b.as_of.as_ref());
            rec.push(opt(as_of.map(|a| a.year)));
            rec.push(as_of.map(|a| a.why.to_string()).unwrap_or_default());
            let breaks: Vec<String> = m
                .breaks()
                .iter()
                .map(|b| format!("{}-{}", b.closed, b.reopened))
                .collect();
            rec.push(breaks.join("; "));
            if extra.is_some() {
                rec.push(value.unwrap_or_default().to_owned());
            }
            out.write_record(&rec).expect("row");
        }
        out.flush().expect("flush");
        drop(out);
        buf
    }

    /// Missions of every kind of fact: the list, the world's (accreditations, items,
    /// addresses, websites, words), synthetic ones, and odd texts.
    fn every_kind() -> Vec<Mission> {
        let mut missions = load_embedded().expect("data").missions;
        missions.extend(crate::data::Builtin::World.load().expect("world").missions);
        missions.extend(crate::synth::generate(300, 4).missions);
        let mut odd = missions[0].clone();
        odd.set_notes("a \"quoted\", line\nbreak\ttab \\ back\u{1}slash é 北".into());
        odd.id = "odd, \"id\"".into();
        odd.set_refs(vec![1, 22, 333]);
        missions.push(odd);
        let mut broken = missions[1].clone();
        broken.id = "broken".into();
        broken.opened = Some(1975);
        broken.closure = crate::model::Closure::InYear(2008);
        broken.extra_mut().breaks = vec![
            crate::timeline::Break {
                closed: 1975,
                reopened: 2002,
            },
            crate::timeline::Break {
                closed: 2004,
                reopened: 2005,
            },
        ];
        missions.push(broken);
        missions
    }

    #[test]
    fn the_writers_write_byte_for_byte_what_the_plain_ones_did() {
        let missions = every_kind();
        let all: Vec<&Mission> = missions.iter().collect();
        for (set, year) in [
            (&all[..], None),
            (&all[..], Some(1998)),
            (&all[..], Some(2022)),
            (&all[..0], None),
            (&all[..1], Some(2026)),
        ] {
            let mut geo = Vec::new();
            write_geojson(set, year, &mut geo).expect("write");
            let mut plain = Vec::new();
            write_geojson_features(&mut plain, set.iter().map(|m| feature(m, year)))
                .expect("write");
            assert!(geo == plain, "GeoJSON, {} missions, {year:?}", set.len());
            let mut csv = Vec::new();
            write_csv(set, year, &mut csv).expect("write");
            let rows: Vec<(&Mission, Option<&str>)> = set
                .iter()
                .map(|m| (*m, year.map(|y| timeline_word(state_at(m, y)))))
                .collect();
            let plain = plain_csv(&rows, year.map(|_| "timeline"));
            assert!(csv == plain, "CSV, {} missions, {year:?}", set.len());
        }
        // With one more column: `diplomap changes`.
        let tagged: Vec<(&Mission, &str)> = all
            .iter()
            .enumerate()
            .map(|(i, m)| (*m, if i % 3 == 0 { "opened" } else { "closed" }))
            .collect();
        for format in [Format::GeoJson, Format::Csv] {
            let mut out = Vec::new();
            write_tagged(format, &tagged, "change", &mut out).expect("write");
            let plain = match format {
                Format::GeoJson => {
                    let mut plain = Vec::new();
                    let features = tagged.iter().map(|(m, v)| {
                        let mut f = feature(m, None);
                        if let Some(p) = f.properties.as_mut() {
                            p.insert("change".to_owned(), json!(v));
                        }
                        f
                    });
                    write_geojson_features(&mut plain, features).expect("write");
                    plain
                }
                Format::Csv => {
                    let rows: Vec<(&Mission, Option<&str>)> =
                        tagged.iter().map(|(m, v)| (*m, Some(*v))).collect();
                    plain_csv(&rows, Some("change"))
                }
            };
            assert!(out == plain, "{format:?} with a change column");
        }
    }

    #[test]
    fn streamed_geojson_is_byte_for_byte_the_whole_collection() {
        let mut missions = load_embedded().expect("data").missions;
        missions.extend(crate::synth::generate(300, 4).missions);
        let all: Vec<&Mission> = missions.iter().collect();
        for (set, year) in [
            (&all[..], None),
            (&all[..], Some(1998)),
            (&all[..0], None),
            (&all[..1], Some(2026)),
        ] {
            let mut streamed = Vec::new();
            write_geojson(set, year, &mut streamed).expect("write");
            assert!(
                streamed == whole(set, year),
                "{} missions, {year:?}",
                set.len()
            );
        }
    }
}
