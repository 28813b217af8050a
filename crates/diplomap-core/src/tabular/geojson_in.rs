//! GeoJSON FeatureCollections read as tables: each Point feature a row, its properties the
//! columns.

use super::columns::Mapping;
use super::rows::{Table, read};
use crate::error::Problem;
use crate::gazetteer::Geocoder;
use geojson::Feature;

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

/// Calls `each` with every feature of a FeatureCollection text, one at a time, so that
/// the collection is never held whole (a million features would take gigabytes as one
/// `GeoJson`). `Ok(false)` when the text is an object of another type (a lone Feature, a
/// geometry), to read the plain way.
fn each_feature(text: &str, each: &mut dyn FnMut(Feature)) -> Result<bool, String> {
    use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
    use std::fmt;

    struct Features<'e>(&'e mut dyn FnMut(Feature));
    impl<'de> DeserializeSeed<'de> for Features<'_> {
        type Value = ();
        fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
            d.deserialize_seq(self)
        }
    }
    impl<'de> Visitor<'de> for Features<'_> {
        type Value = ();
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a list of features")
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
            while let Some(feature) = seq.next_element::<Feature>()? {
                (self.0)(feature);
            }
            Ok(())
        }
    }
    /// The top object: its "type" (a FeatureCollection unless it says otherwise) and its
    /// "features", read one by one; other members skipped.
    struct Collection<'e>(&'e mut dyn FnMut(Feature));
    impl<'de> Visitor<'de> for Collection<'_> {
        type Value = bool;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a GeoJSON object")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<bool, A::Error> {
            let mut collection = true;
            while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
                match &*key {
                    "type" if collection => {
                        let t = map.next_value::<std::borrow::Cow<'de, str>>()?;
                        collection = t == "FeatureCollection";
                    }
                    "features" if collection => map.next_value_seed(Features(&mut *self.0))?,
                    _ => {
                        map.next_value::<IgnoredAny>()?;
                    }
                }
            }
            Ok(collection)
        }
    }
    let mut d = serde_json::Deserializer::from_str(text);
    let collection = d
        .deserialize_map(Collection(each))
        .and_then(|c| d.end().map(|()| c))
        .map_err(|e| format!("not GeoJSON: {e}"))?;
    Ok(collection)
}

/// A GeoJSON text as a table (CSV, comma-separated): latitude, longitude, then every
/// property by first appearance; which feature each row is; the features left out. A
/// FeatureCollection is read twice, a feature at a time: once for the properties' names,
/// once for the rows.
pub(super) fn as_table(
    file: &str,
    text: &str,
) -> Result<(String, Vec<usize>, Vec<Problem>), String> {
    let text = text.trim_start_matches('\u{feff}');
    // The columns: coordinates first, then every property, by first appearance.
    let mut keys: Vec<String> = Vec::new();
    let mut seen: std::collections::HashSet<String> =
        ["latitude", "longitude"].map(String::from).into();
    let mut key_names = |f: &Feature| {
        for k in f.properties.iter().flat_map(|p| p.keys()) {
            if !seen.contains(k) {
                seen.insert(k.clone());
                keys.push(k.clone());
            }
        }
    };
    let lone = if each_feature(text, &mut |f| key_names(&f))? {
        None
    } else {
        let f = match text.parse::<geojson::GeoJson>() {
            Ok(geojson::GeoJson::Feature(f)) => f,
            Ok(_) => return Err("a bare geometry, not a FeatureCollection".to_owned()),
            Err(e) => return Err(format!("not GeoJSON: {e}")),
        };
        key_names(&f);
        Some(f)
    };
    let mut problems = Vec::new();
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header = vec!["latitude".to_owned(), "longitude".to_owned()];
    header.extend(keys.iter().cloned());
    // Writing to memory does not fail.
    let _ = w.write_record(&header);
    let mut feature_of_row = Vec::new();
    let mut n = 0;
    let mut row = |f: Feature| {
        n += 1;
        let (lat, lon) = match f.geometry.as_ref().map(|g| &g.value) {
            Some(geojson::Value::Point(c)) if c.len() >= 2 => (
                c.get(1).copied().unwrap_or(f64::NAN),
                c.first().copied().unwrap_or(f64::NAN),
            ),
            Some(other) => {
                problems.push(Problem::new(
                    file,
                    n,
                    None,
                    format!("feature {n}: a {}, not a Point; skipped", other.type_name()),
                ));
                return;
            }
            None => (f64::NAN, f64::NAN),
        };
        let coordinate = |v: f64| {
            if v.is_nan() {
                String::new()
            } else {
                v.to_string()
            }
        };
        let mut rec = vec![coordinate(lat), coordinate(lon)];
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
        feature_of_row.push(n);
    };
    match lone {
        Some(f) => row(f),
        None => {
            each_feature(text, &mut row)?;
        }
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
