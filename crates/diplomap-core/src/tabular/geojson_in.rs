//! GeoJSON FeatureCollections read as tables: each Point feature a row, its properties the
//! columns.

use super::columns::Mapping;
use super::rows::{Table, read};
use crate::error::Problem;
use crate::gazetteer::Geocoder;
use geojson::Feature;
use serde::de::{
    self, Deserialize, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor,
};
use std::borrow::Cow;
use std::collections::HashSet;
use std::fmt;

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

/// What a pass over a FeatureCollection needs of a feature: all of it, or only the names
/// of its properties (read without building the feature: a fraction of the work).
enum Item<'a> {
    Whole(Feature),
    Names(Vec<Cow<'a, str>>),
}

/// A text as it stands in the JSON, borrowed where it has no escapes.
struct Text<'a>(Cow<'a, str>);
impl<'de> Deserialize<'de> for Text<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Text<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: de::Error>(self, s: &'de str) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Borrowed(s)))
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Owned(s.to_owned())))
            }
        }
        d.deserialize_str(V)
    }
}

/// The names of a feature's properties, everything else skipped.
struct Names<'a>(Vec<Cow<'a, str>>);
impl<'de> Deserialize<'de> for Names<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        /// The feature (`in_properties` false) or its properties (true).
        struct V(bool);
        impl<'de> Visitor<'de> for V {
            type Value = Names<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(if self.0 { "properties" } else { "a feature" })
            }
            fn visit_unit<E: de::Error>(self) -> Result<Names<'de>, E> {
                Ok(Names(Vec::new()))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Names<'de>, A::Error> {
                let mut names = Vec::new();
                while let Some(Text(key)) = map.next_key::<Text<'de>>()? {
                    if self.0 {
                        names.push(key);
                        map.next_value::<IgnoredAny>()?;
                    } else if key == "properties" {
                        names = map.next_value_seed(Properties)?.0;
                    } else {
                        map.next_value::<IgnoredAny>()?;
                    }
                }
                // In name order, as a whole feature's properties come (a sorted map).
                names.sort_unstable();
                Ok(Names(names))
            }
        }
        struct Properties;
        impl<'de> DeserializeSeed<'de> for Properties {
            type Value = Names<'de>;
            fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Names<'de>, D::Error> {
                // `null` or an object.
                d.deserialize_any(V(true))
            }
        }
        d.deserialize_map(V(false))
    }
}

/// Calls `each` with every feature of a FeatureCollection text, one at a time, whole or
/// as its property names as `whole(k)` says for the k-th (from 0), so that the collection
/// is never held whole (a million features would take gigabytes as one `GeoJson`).
/// `Ok(false)` when the text is an object of another type (a lone Feature, a geometry), to
/// read the plain way.
fn each_feature<'a>(
    text: &'a str,
    whole: &dyn Fn(usize) -> bool,
    each: &mut dyn FnMut(Item<'a>),
) -> Result<bool, String> {
    struct Features<'e, 'a> {
        whole: &'e dyn Fn(usize) -> bool,
        each: &'e mut dyn FnMut(Item<'a>),
    }
    impl<'a> DeserializeSeed<'a> for Features<'_, 'a> {
        type Value = ();
        fn deserialize<D: Deserializer<'a>>(self, d: D) -> Result<(), D::Error> {
            d.deserialize_seq(self)
        }
    }
    impl<'a> Visitor<'a> for Features<'_, 'a> {
        type Value = ();
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a list of features")
        }
        fn visit_seq<A: SeqAccess<'a>>(self, mut seq: A) -> Result<(), A::Error> {
            for k in 0.. {
                let item = if (self.whole)(k) {
                    seq.next_element::<Feature>()?.map(Item::Whole)
                } else {
                    seq.next_element::<Names<'a>>()?.map(|n| Item::Names(n.0))
                };
                match item {
                    Some(item) => (self.each)(item),
                    None => break,
                }
            }
            Ok(())
        }
    }
    /// The top object: its "type" (a FeatureCollection unless it says otherwise) and its
    /// "features", read one by one; other members skipped.
    struct Collection<'e, 'a>(Features<'e, 'a>);
    impl<'a> Visitor<'a> for Collection<'_, 'a> {
        type Value = bool;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a GeoJSON object")
        }
        fn visit_map<A: MapAccess<'a>>(self, mut map: A) -> Result<bool, A::Error> {
            let Features { whole, each } = self.0;
            let mut collection = true;
            while let Some(Text(key)) = map.next_key::<Text<'a>>()? {
                match &*key {
                    "type" if collection => {
                        let Text(t) = map.next_value::<Text<'a>>()?;
                        collection = t == "FeatureCollection";
                    }
                    "features" if collection => map.next_value_seed(Features {
                        whole,
                        each: &mut *each,
                    })?,
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
        .deserialize_map(Collection(Features { whole, each }))
        .and_then(|c| d.end().map(|()| c))
        .map_err(|e| format!("not GeoJSON: {e}"))?;
    Ok(collection)
}

/// The columns of a GeoJSON table: latitude, longitude, then every property by first
/// appearance (a feature's own in name order).
struct Header {
    keys: Vec<String>,
    seen: HashSet<String>,
}

impl Header {
    fn new() -> Self {
        Header {
            keys: Vec::new(),
            seen: ["latitude", "longitude"].map(String::from).into(),
        }
    }

    fn add(&mut self, name: &str) {
        if !self.seen.contains(name) {
            self.seen.insert(name.to_owned());
            self.keys.push(name.to_owned());
        }
    }

    fn add_feature(&mut self, f: &Feature) {
        for k in f.properties.iter().flat_map(|p| p.keys()) {
            self.add(k);
        }
    }
}

/// A GeoJSON table being written: the CSV text, which feature each row is, the features
/// left out.
struct Rows<'k> {
    file: &'k str,
    keys: &'k [String],
    w: csv::Writer<Vec<u8>>,
    features: usize,
    feature_of_row: Vec<usize>,
    problems: Vec<Problem>,
}

impl<'k> Rows<'k> {
    fn new(file: &'k str, keys: &'k [String]) -> Self {
        let mut w = csv::Writer::from_writer(Vec::new());
        let mut header = vec!["latitude", "longitude"];
        header.extend(keys.iter().map(String::as_str));
        // Writing to memory does not fail.
        let _ = w.write_record(&header);
        Rows {
            file,
            keys,
            w,
            features: 0,
            feature_of_row: Vec::new(),
            problems: Vec::new(),
        }
    }

    /// The next feature as a row, or as a problem if it is no Point.
    fn push(&mut self, f: &Feature) {
        self.features += 1;
        let n = self.features;
        let (lat, lon) = match f.geometry.as_ref().map(|g| &g.value) {
            Some(geojson::Value::Point(c)) if c.len() >= 2 => (
                c.get(1).copied().unwrap_or(f64::NAN),
                c.first().copied().unwrap_or(f64::NAN),
            ),
            Some(other) => {
                self.problems.push(Problem::new(
                    self.file,
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
        for k in self.keys {
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
        let _ = self.w.write_record(&rec);
        self.feature_of_row.push(n);
    }

    fn finish(self) -> GeoTable {
        let table = self
            .w
            .into_inner()
            .ok()
            .and_then(|b| String::from_utf8(b).ok())
            .unwrap_or_default();
        (table, self.feature_of_row, self.problems)
    }
}

/// A GeoJSON file as a table: the CSV text (comma-separated), which feature each row is,
/// the features left out.
pub(super) type GeoTable = (String, Vec<usize>, Vec<Problem>);

/// A GeoJSON text as a table: latitude, longitude, then every property of every feature
/// by first appearance (see [`Header`]); as rows, every feature (`rows` None) or the first `rows` only.
/// A FeatureCollection is read a feature at a time: for every row, twice (the properties'
/// names, then the rows); for the first few, once (those whole, the rest for names).
pub(super) fn as_table(file: &str, text: &str, rows: Option<usize>) -> Result<GeoTable, String> {
    let text = text.trim_start_matches('\u{feff}');
    let mut header = Header::new();
    let mut first: Vec<Feature> = Vec::new();
    let whole = |k: usize| rows.is_some_and(|n| k < n);
    let collection = each_feature(text, &whole, &mut |item| match item {
        Item::Whole(f) => {
            header.add_feature(&f);
            first.push(f);
        }
        Item::Names(names) => names.iter().for_each(|k| header.add(k)),
    })?;
    if !collection {
        let f = match text.parse::<geojson::GeoJson>() {
            Ok(geojson::GeoJson::Feature(f)) => f,
            Ok(_) => return Err("a bare geometry, not a FeatureCollection".to_owned()),
            Err(e) => return Err(format!("not GeoJSON: {e}")),
        };
        header.add_feature(&f);
        first = vec![f];
    }
    let mut out = Rows::new(file, &header.keys);
    if collection && rows.is_none() {
        each_feature(text, &|_| true, &mut |item| {
            if let Item::Whole(f) = item {
                out.push(&f);
            }
        })?;
    } else {
        // A lone feature, or the first `rows` of a collection.
        first.iter().for_each(|f| out.push(f));
    }
    Ok(out.finish())
}

/// The first `n` features of a GeoJSON text as a table (CSV) with every column, for a
/// preview: one pass, the features after the first `n` read for their properties' names.
pub(super) fn first_rows(file: &str, text: &str, n: usize) -> Result<String, String> {
    as_table(file, text, Some(n)).map(|(table, _, _)| table)
}

/// Reads a GeoJSON FeatureCollection of Point features, their properties read as a table's
/// columns are (country, city, type, sender…). A feature that is no Point is skipped with a
/// problem; problems give the feature's number where a table gives its line.
pub fn read_geojson(file: &str, text: &str, geo: &Geocoder<'_>, mapping: &Mapping) -> Table {
    let (table, feature_of_row, mut problems) = match as_table(file, text, None) {
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
