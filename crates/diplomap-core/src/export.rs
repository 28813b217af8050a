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

/// The missions that operated in `year`: open or closing in it.
pub fn active_in(missions: &[Mission], year: i32) -> Vec<&Mission> {
    missions
        .iter()
        .filter(|m| state_at(m, year).is_active())
        .collect()
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
    p.insert("refs".into(), json!(m.refs));
    p.insert("notes".into(), json!(m.notes));
    p.insert("inbound".into(), json!(m.inbound));
    p.insert("precision".into(), json!(m.precision.as_str()));
    let extra = m.extra();
    p.insert("accredited_to".into(), json!(extra.accredited_to));
    p.insert("wikidata".into(), json!(extra.wikidata));
    p.insert("address".into(), json!(extra.address));
    p.insert("website".into(), json!(extra.website));
    p.insert("sources".into(), json!(sources(m)));
    if let Some(y) = year {
        p.insert("timeline".into(), json!(timeline_word(state_at(m, y))));
    }
    p
}

/// Where the mission's facts come from: the list's references ("list [38]") and its
/// Wikidata item ("wikidata:Q106450319").
pub fn sources(m: &Mission) -> Vec<String> {
    let mut out: Vec<String> = m.refs.iter().map(|r| format!("list [{r}]")).collect();
    if let Some(q) = &m.extra().wikidata {
        out.push(format!("wikidata:{q}"));
    }
    out
}

fn timeline_word(s: TimelineState) -> &'static str {
    s.as_str()
}

/// A mission's GeoJSON feature: a Point with the mission's properties.
fn feature(m: &Mission, year: Option<i32>) -> geojson::Feature {
    geojson::Feature {
        bbox: None,
        geometry: Some(geojson::Geometry::new(geojson::Value::Point(vec![
            m.lon(),
            m.lat(),
        ]))),
        id: Some(geojson::feature::Id::String(m.id.clone())),
        properties: Some(properties(m, year)),
        foreign_members: None,
    }
}

/// Writes a GeoJSON FeatureCollection, one Point feature per mission, as a stream: one
/// feature in memory at a time, laid out exactly as serde_json lays out the whole
/// collection (pretty, two spaces).
pub fn write_geojson(
    missions: &[&Mission],
    year: Option<i32>,
    w: &mut dyn Write,
) -> std::io::Result<()> {
    write_geojson_features(w, missions.iter().map(|m| feature(m, year)))
}

fn write_geojson_features(
    w: &mut dyn Write,
    features: impl Iterator<Item = geojson::Feature>,
) -> std::io::Result<()> {
    w.write_all(b"{\n  \"type\": \"FeatureCollection\",\n  \"features\": ")?;
    crate::data::write_array_in_object(w, features)?;
    w.write_all(b"\n}\n")
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
        Format::GeoJson => write_geojson_features(
            w,
            rows.iter().map(|(m, v)| {
                let mut f = feature(m, None);
                if let Some(p) = f.properties.as_mut() {
                    p.insert(name.to_owned(), json!(v));
                }
                f
            }),
        ),
        Format::Csv => write_csv_rows(rows.iter().map(|(m, v)| (*m, Some(*v))), Some(name), w),
    }
}

/// The CSV columns, in order.
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
    let timeline = |m: &Mission| year.map(|y| timeline_word(state_at(m, y)));
    write_csv_rows(
        missions.iter().map(|m| (*m, timeline(m))),
        year.map(|_| "timeline"),
        w,
    )
}

/// CSV rows of the standard columns, and one more column `extra` when given.
fn write_csv_rows<'m>(
    rows: impl Iterator<Item = (&'m Mission, Option<&'m str>)>,
    extra: Option<&str>,
    w: &mut dyn Write,
) -> std::io::Result<()> {
    let mut out = csv::Writer::from_writer(w);
    let mut header: Vec<&str> = CSV_COLUMNS.to_vec();
    header.extend(extra);
    out.write_record(&header)?;
    let opt = |v: Option<i32>| v.map(|y| y.to_string()).unwrap_or_default();
    for (m, value) in rows {
        let refs: Vec<String> = m.refs.iter().map(u32::to_string).collect();
        let e = m.extra();
        let mut rec = vec![
            m.id.clone(),
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
            m.notes.clone(),
            e.accredited_to.join("|"),
            e.wikidata.as_deref().unwrap_or_default().to_owned(),
            e.address.clone().unwrap_or_default(),
            e.website.clone().unwrap_or_default(),
            sources(m).join("|"),
        ];
        if extra.is_some() {
            rec.push(value.unwrap_or_default().to_owned());
        }
        out.write_record(&rec)?;
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
        assert_eq!(headers.iter().collect::<Vec<_>>(), CSV_COLUMNS);
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
                .map(|m| m.notes.as_str())
                .unwrap_or("")
        );
    }

    #[test]
    fn year_selection_is_open_or_closing() {
        let ds = load_embedded().expect("data");
        let at = active_in(&ds.missions, 1998);
        assert!(at.iter().all(|m| state_at(m, 1998).is_active()));
        // Gabon (year unknown) is never placed in a year.
        assert!(at.iter().all(|m| m.id != "ga-libreville-embassy"));
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
        assert!(write_file(Format::Csv, &refs, None, &bad).is_err());
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
