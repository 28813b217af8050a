//! GeoJSON FeatureCollections read as tables: each Point feature a row, its properties the
//! columns.

use super::columns::Mapping;
use super::rows::{Row, Table, read_rows};
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
        /// Reads the feature, or (`in_properties`) its properties.
        struct V {
            in_properties: bool,
        }
        impl<'de> Visitor<'de> for V {
            type Value = Names<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(if self.in_properties {
                    "properties"
                } else {
                    "a feature"
                })
            }
            fn visit_unit<E: de::Error>(self) -> Result<Names<'de>, E> {
                Ok(Names(Vec::new()))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Names<'de>, A::Error> {
                let mut names = Vec::new();
                while let Some(Text(key)) = map.next_key::<Text<'de>>()? {
                    if self.in_properties {
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
                d.deserialize_any(V {
                    in_properties: true,
                })
            }
        }
        d.deserialize_map(V {
            in_properties: false,
        })
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

/// The properties of a GeoJSON table: every property by first appearance (a feature's own
/// in name order); its columns are latitude and longitude, then these.
#[derive(Default)]
struct Header {
    keys: Vec<String>,
    seen: HashSet<String>,
}

impl Header {
    fn add(&mut self, name: &str) {
        if !COORDINATES.contains(&name) && !self.seen.contains(name) {
            self.seen.insert(name.to_owned());
            self.keys.push(name.to_owned());
        }
    }

    fn add_feature(&mut self, f: &Feature) {
        for k in f.properties.iter().flat_map(|p| p.keys()) {
            self.add(k);
        }
    }

    /// The table's columns, trimmed as a table's header is.
    fn columns(&self) -> Vec<String> {
        COORDINATES
            .iter()
            .copied()
            .chain(self.keys.iter().map(String::as_str))
            .map(|c| c.trim().to_owned())
            .collect()
    }
}

/// The first columns of a GeoJSON table, from each Point's coordinates.
const COORDINATES: [&str; 2] = ["latitude", "longitude"];

/// A feature's cells under `keys` (after its latitude and longitude), or why it is no row.
fn cells_of<'f>(f: &'f Feature, keys: &[String]) -> Result<Vec<Cow<'f, str>>, String> {
    let (lat, lon) = match f.geometry.as_ref().map(|g| &g.value) {
        Some(geojson::Value::Point(c)) if c.len() >= 2 => (c.get(1).copied(), c.first().copied()),
        Some(other) => return Err(format!("a {}, not a Point; skipped", other.type_name())),
        None => (None, None),
    };
    let coordinate = |v: Option<f64>| Cow::Owned(v.map_or(String::new(), |v| v.to_string()));
    let mut cells = vec![coordinate(lat), coordinate(lon)];
    for k in keys {
        let v = f.properties.as_ref().and_then(|p| p.get(k));
        cells.push(match v {
            None | Some(serde_json::Value::Null) => Cow::Borrowed(""),
            Some(serde_json::Value::String(s)) => Cow::Borrowed(s.as_str()),
            Some(serde_json::Value::Array(a)) => Cow::Owned(
                a.iter()
                    .map(|x| x.as_str().map_or_else(|| x.to_string(), str::to_owned))
                    .collect::<Vec<_>>()
                    .join("|"),
            ),
            Some(other) => Cow::Owned(other.to_string()),
        });
    }
    Ok(cells)
}

/// A GeoJSON text's properties, and the features read whole on the way: the first `whole`
/// of a FeatureCollection (the rest read for their properties' names only), or a lone
/// Feature. A bare geometry and broken text are refused, saying why.
fn properties(text: &str, whole: usize) -> Result<(Header, Vec<Feature>, bool), String> {
    let mut header = Header::default();
    let mut first: Vec<Feature> = Vec::new();
    let collection = each_feature(text, &|k| k < whole, &mut |item| match item {
        Item::Whole(f) => {
            header.add_feature(&f);
            first.push(f);
        }
        Item::Names(names) => names.iter().for_each(|k| header.add(k)),
    })?;
    if !collection {
        match text.parse::<geojson::GeoJson>() {
            Ok(geojson::GeoJson::Feature(f)) => {
                header.add_feature(&f);
                first = vec![f];
            }
            Ok(_) => return Err("a bare geometry, not a FeatureCollection".to_owned()),
            Err(e) => return Err(format!("not GeoJSON: {e}")),
        }
    }
    Ok((header, first, collection))
}

/// The columns of a GeoJSON text and the rows of its first `n` features, for a preview:
/// one pass, the features after the first `n` read for their properties' names only.
/// Features that are no Point are left out, as when reading.
pub(super) fn first_rows(text: &str, n: usize) -> Result<(Vec<String>, Vec<Vec<String>>), String> {
    let text = text.trim_start_matches('\u{feff}');
    let (header, first, _) = properties(text, n)?;
    let rows = first
        .iter()
        .filter_map(|f| cells_of(f, &header.keys).ok())
        .map(|cells| cells.into_iter().map(Cow::into_owned).collect())
        .collect();
    Ok((header.columns(), rows))
}

/// Reads a GeoJSON FeatureCollection of Point features, their properties read as a table's
/// columns are (country, city, type, sender…). A feature that is no Point is skipped with a
/// problem; problems give the feature's number where a table gives its line. Read a
/// feature at a time, twice: once for the properties' names, once into missions (each
/// feature's row goes straight to the table reader).
pub fn read_geojson(file: &str, text: &str, geo: &Geocoder<'_>, mapping: &Mapping) -> Table {
    let text = text.trim_start_matches('\u{feff}');
    let (header, lone, collection) = match properties(text, 0) {
        Ok(p) => p,
        Err(why) => return Table::refused(file, 0, None, why),
    };
    let mut broken = None;
    let t = read_rows(
        file,
        header.columns(),
        geo,
        mapping,
        Some("feature"),
        |push| {
            let mut n = 0;
            let mut row = |f: &Feature| {
                n += 1;
                match cells_of(f, &header.keys) {
                    Ok(cells) => push(Row::Cells(n, &cells)),
                    Err(why) => push(Row::Skipped(Problem::new(file, n, None, why))),
                }
            };
            if collection {
                let read = each_feature(text, &|_| true, &mut |item| {
                    if let Item::Whole(f) = item {
                        row(&f);
                    }
                });
                broken = read.err();
            } else {
                lone.iter().for_each(row);
            }
        },
    );
    // The first pass read names only: a feature that is none (no "geometry", say) is
    // found here, and refuses the file as broken text does.
    match broken {
        Some(why) => Table::refused(file, 0, None, why),
        None => t,
    }
}
