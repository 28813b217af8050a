//! GeoJSON FeatureCollections read as tables: each Point feature a row, its properties the
//! columns.

use super::columns::Mapping;
use super::rows::{Table, read};
use crate::error::Problem;
use crate::gazetteer::Geocoder;

/// Whether a `.json` file's start is GeoJSON rather than a Diplomap data file: an object
/// whose first member is `"type"` with a Feature or FeatureCollection.
pub fn looks_like_geojson(start: &[u8]) -> bool {
    let text = String::from_utf8_lossy(start.get(..4096).unwrap_or(start));
    let compact: String = text
        .trim_start_matches('\u{feff}')
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    compact.starts_with("{\"type\":\"FeatureCollection\"")
        || compact.starts_with("{\"type\":\"Feature\"")
        || compact.starts_with('{')
            && compact.contains("\"features\":[")
            && !compact.contains("\"missions\":")
}

/// A GeoJSON text as a table (CSV, comma-separated): latitude, longitude, then every
/// property by first appearance; which feature each row is; the features left out.
pub(super) fn as_table(
    file: &str,
    text: &str,
) -> Result<(String, Vec<usize>, Vec<Problem>), String> {
    let gj: geojson::GeoJson = text
        .trim_start_matches('\u{feff}')
        .parse()
        .map_err(|e| format!("not GeoJSON: {e}"))?;
    let features = match gj {
        geojson::GeoJson::FeatureCollection(fc) => fc.features,
        geojson::GeoJson::Feature(f) => vec![f],
        geojson::GeoJson::Geometry(_) => {
            return Err("a bare geometry, not a FeatureCollection".to_owned());
        }
    };
    // The features as a table: coordinates first, then every property, by first appearance.
    let mut keys: Vec<String> = Vec::new();
    let mut seen: std::collections::HashSet<&str> = ["latitude", "longitude"].into();
    for f in &features {
        for k in f.properties.iter().flat_map(|p| p.keys()) {
            if seen.insert(k) {
                keys.push(k.clone());
            }
        }
    }
    let mut problems = Vec::new();
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header = vec!["latitude".to_owned(), "longitude".to_owned()];
    header.extend(keys.iter().cloned());
    // Writing to memory does not fail.
    let _ = w.write_record(&header);
    let mut feature_of_row = Vec::new();
    for (n, f) in features.iter().enumerate() {
        let (lat, lon) = match f.geometry.as_ref().map(|g| &g.value) {
            Some(geojson::Value::Point(c)) if c.len() >= 2 => (
                c.get(1).copied().unwrap_or(f64::NAN),
                c.first().copied().unwrap_or(f64::NAN),
            ),
            Some(other) => {
                problems.push(Problem::new(
                    file,
                    n + 1,
                    None,
                    format!(
                        "feature {}: a {}, not a Point; skipped",
                        n + 1,
                        other.type_name()
                    ),
                ));
                continue;
            }
            None => (f64::NAN, f64::NAN),
        };
        let mut rec = vec![
            if lat.is_nan() {
                String::new()
            } else {
                lat.to_string()
            },
            if lon.is_nan() {
                String::new()
            } else {
                lon.to_string()
            },
        ];
        for k in &keys {
            let v = f.properties.as_ref().and_then(|p| p.get(k));
            rec.push(match v {
                None | Some(serde_json::Value::Null) => String::new(),
                Some(serde_json::Value::String(s)) => s.clone(),
                Some(serde_json::Value::Array(a)) => a
                    .iter()
                    .map(|x| x.as_str().map_or_else(|| x.to_string(), str::to_owned))
                    .collect::<Vec<_>>()
                    .join("|"),
                Some(other) => other.to_string(),
            });
        }
        let _ = w.write_record(&rec);
        feature_of_row.push(n + 1);
    }
    let table = w
        .into_inner()
        .ok()
        .and_then(|b| String::from_utf8(b).ok())
        .unwrap_or_default();
    Ok((table, feature_of_row, problems))
}

/// Reads a GeoJSON FeatureCollection of Point features, their properties read as a table's
/// columns are (country, city, type, sender…). A feature that is no Point is skipped with a
/// problem; problems give the feature's number where a table gives its line.
pub fn read_geojson(file: &str, text: &str, geo: &Geocoder<'_>, mapping: &Mapping) -> Table {
    let (table, feature_of_row, mut problems) = match as_table(file, text) {
        Ok(t) => t,
        Err(why) => return Table::refused(file, 0, None, why),
    };
    let mut t = read(file, &table, geo, mapping);
    // Table lines back to feature numbers (line 2 is the first feature written).
    for p in &mut t.problems {
        if let Some(&feature) = p.line.checked_sub(2).and_then(|k| feature_of_row.get(k)) {
            p.line = feature;
            p.message = format!("feature {feature}: {}", p.message);
        }
    }
    t.skipped_rows += problems.len();
    problems.append(&mut t.problems);
    problems.sort_by_key(|p| p.line);
    t.problems = problems;
    t
}
