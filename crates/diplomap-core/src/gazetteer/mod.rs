//! Offline geocoding against a bundled gazetteer derived from GeoNames (CC BY 4.0).
//!
//! Matching is accent- and case-insensitive, knows alternate names (Kiev → Kyiv,
//! Santiago de Chile → Santiago), is constrained to a country, prefers a city's own name
//! over another city's alternate name, and takes the most populous city on ties. A place
//! it cannot resolve is an error that names it, never a silent (0, 0). What a gazetteer
//! cannot know is given as explicit overrides ([`PlaceOverride`], `data/places.json`).

use std::collections::HashMap;
use std::sync::OnceLock;

use geo_types::Point;
use serde::Deserialize;

use crate::error::Problem;
use crate::model::{Precision, Region};
use crate::text::fold;

const CITIES_TSV: &str = include_str!("../../../../data/gazetteer/cities.tsv");
const COUNTRIES_TSV: &str = include_str!("../../../../data/gazetteer/countries.tsv");
/// Geocoding overrides for the bundled data set.
pub const PLACES_JSON: &str = include_str!("../../../../data/places.json");
/// Districts within a city, named by the city (`data/districts.tsv`).
pub const DISTRICTS_TSV: &str = include_str!("../../../../data/districts.tsv");

/// The city a district, borough or municipality within it is named by ("City of
/// Westminster", GB → London; "Zugló", HU → Budapest), by the committed table.
pub fn city_of_district(country_code: &str, place: &str) -> Option<&'static str> {
    static T: OnceLock<HashMap<(String, String), &'static str>> = OnceLock::new();
    T.get_or_init(|| {
        DISTRICTS_TSV
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .filter_map(|l| {
                let mut f = l.split('\t');
                let (cc, district, city) = (f.next()?, f.next()?, f.next()?);
                Some(((cc.to_owned(), fold(district)), city))
            })
            .collect()
    })
    .get(&(country_code.to_owned(), fold(place)))
    .copied()
}

/// A city of the gazetteer.
#[derive(Debug, Clone, PartialEq)]
pub struct City {
    pub geonameid: u32,
    pub name: String,
    pub country_code: String,
    pub lat: f64,
    pub lon: f64,
    pub population: u64,
}

/// A country of the gazetteer.
#[derive(Debug, Clone, PartialEq)]
pub struct Country {
    pub code: String,
    pub name: String,
    pub continent: String,
    pub aliases: Vec<String>,
    /// The capital's name, as the gazetteer's cities spell it (empty where none is given).
    pub capital: String,
}

impl Country {
    pub fn region(&self) -> Option<Region> {
        Region::from_continent(&self.continent)
    }
}

/// How a city matched a query.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum MatchKind {
    /// The city's own name.
    Name,
    /// One of its alternate names.
    Alternate,
}

/// Why a place could not be geocoded.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum GeocodeError {
    #[error("unknown country \"{0}\"")]
    UnknownCountry(String),
    #[error("no place named \"{city}\" in {country} in the gazetteer{}", elsewhere_hint(.elsewhere))]
    NotFound {
        city: String,
        country: String,
        /// Countries where a place of that name does exist.
        elsewhere: Vec<String>,
    },
}

fn elsewhere_hint(codes: &[String]) -> String {
    if codes.is_empty() {
        " (add an override to data/places.json)".to_owned()
    } else {
        format!(
            " (it knows one in {}; add an override to data/places.json if that is meant)",
            codes.join(", ")
        )
    }
}

/// The bundled gazetteer with its name indexes.
pub struct Gazetteer {
    cities: Vec<City>,
    /// Folded name → the cities it can mean, and how.
    names: NameTable,
    countries: Vec<Country>,
    /// Folded country name, alias or code → country index.
    country_by_name: HashMap<String, usize>,
}

static EMBEDDED: OnceLock<Gazetteer> = OnceLock::new();

impl Gazetteer {
    /// The bundled gazetteer if it is parsed already (the map's city labels never wait).
    pub fn embedded_if_ready() -> Option<&'static Gazetteer> {
        EMBEDDED.get()
    }

    /// Parses the bundled gazetteer on a background thread.
    pub fn warm_up() {
        let spawned = std::thread::Builder::new()
            .name("gazetteer".into())
            .spawn(|| {
                Gazetteer::embedded();
            });
        if let Err(e) = spawned {
            log::warn!("cannot parse the gazetteer in the background: {e}");
        }
    }

    /// The bundled gazetteer, parsed on first use.
    /// The embedded countries alone (no city): enough to name a state by its code.
    pub fn countries_only() -> &'static Gazetteer {
        static G: std::sync::OnceLock<Gazetteer> = std::sync::OnceLock::new();
        G.get_or_init(|| Gazetteer::parse("", COUNTRIES_TSV).0)
    }

    pub fn embedded() -> &'static Gazetteer {
        EMBEDDED.get_or_init(|| {
            // The bundled tables are checked by tests; a bad row is skipped, not fatal.
            let (g, problems) = Gazetteer::parse(CITIES_TSV, COUNTRIES_TSV);
            for p in problems {
                log::warn!("{p}");
            }
            g
        })
    }

    /// Parses the two tables. Rows that cannot be read are returned as problems.
    pub fn parse(cities_tsv: &str, countries_tsv: &str) -> (Gazetteer, Vec<Problem>) {
        let mut problems = Vec::new();
        let mut countries = Vec::new();
        for (i, line) in countries_tsv.lines().enumerate() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').collect();
            match cols.as_slice() {
                [code, name, continent, rest @ ..] if code.len() == 2 => countries.push(Country {
                    code: (*code).to_owned(),
                    name: (*name).to_owned(),
                    continent: (*continent).to_owned(),
                    aliases: rest
                        .first()
                        .map(|a| {
                            a.split(';')
                                .filter(|s| !s.is_empty())
                                .map(str::to_owned)
                                .collect()
                        })
                        .unwrap_or_default(),
                    capital: rest.get(1).map(|c| c.trim().to_owned()).unwrap_or_default(),
                }),
                _ => problems.push(Problem::new(
                    "countries.tsv",
                    i + 1,
                    None,
                    "expected code, name, continent",
                )),
            }
        }
        let mut country_by_name = HashMap::new();
        for (i, c) in countries.iter().enumerate() {
            country_by_name.insert(fold(&c.code), i);
            country_by_name.insert(fold(&c.name), i);
            for a in &c.aliases {
                country_by_name.insert(fold(a), i);
            }
        }

        let mut cities = Vec::with_capacity(35_000);
        let mut names = NameTable::default();
        for (i, line) in cities_tsv.lines().enumerate() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let mut cols = line.split('\t');
            let parsed = (|| {
                let geonameid = cols.next()?.parse().ok()?;
                let name = cols.next()?.to_owned();
                let country_code = cols.next()?.to_owned();
                let lat: f64 = cols.next()?.parse().ok()?;
                let lon: f64 = cols.next()?.parse().ok()?;
                let population = cols.next()?.parse().ok()?;
                let alternates = cols.next().unwrap_or_default();
                let ok = lat.abs() <= 90.0 && lon.abs() <= 180.0;
                ok.then_some((
                    City {
                        geonameid,
                        name,
                        country_code,
                        lat,
                        lon,
                        population,
                    },
                    alternates,
                ))
            })();
            let Some((city, alternates)) = parsed else {
                problems.push(Problem::new(
                    "cities.tsv",
                    i + 1,
                    None,
                    "expected geonameid, name, country, lat, lon, population",
                ));
                continue;
            };
            let Ok(idx) = u32::try_from(cities.len()) else {
                break;
            };
            let own = fold(&city.name);
            names.add(&own, idx, MatchKind::Name);
            for alt in alternates.split(';').filter(|a| !a.is_empty()) {
                let key = fold(alt);
                if key != own && !key.is_empty() {
                    names.add(&key, idx, MatchKind::Alternate);
                }
            }
            cities.push(city);
        }
        (
            Gazetteer {
                cities,
                names: names.finish(),
                countries,
                country_by_name,
            },
            problems,
        )
    }

    pub fn cities(&self) -> &[City] {
        &self.cities
    }

    /// The cities within `km` of (lat, lon), of `country` when one is given, each with its
    /// distance in km (a flat-earth measure, good at the scale of a city), in table order.
    pub fn cities_near(
        &self,
        (lat, lon): (f64, f64),
        km: f64,
        country: Option<&str>,
    ) -> impl Iterator<Item = (f64, &City)> {
        let k = lat.to_radians().cos();
        self.cities
            .iter()
            .filter(move |c| country.is_none_or(|cc| c.country_code == cc))
            .filter_map(move |c| {
                let (dx, dy) = ((c.lon - lon) * k, c.lat - lat);
                let d = (dx * dx + dy * dy).sqrt() * 111.2;
                (d <= km).then_some((d, c))
            })
    }

    /// The city nearest to (lat, lon) within `km`, of `country` when one is given.
    pub fn nearest_city(&self, at: (f64, f64), km: f64, country: Option<&str>) -> Option<&City> {
        self.cities_near(at, km, country)
            .min_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, c)| c)
    }

    /// The own names of the cities (of at least `min_population`) that `folded` is
    /// another name of ("geneve", "genf" → "Geneva"; "wien" → "Vienna"), folded,
    /// without repeats: what a search for a local name or an exonym also looks for.
    pub fn own_names_of(&self, folded: &str, min_population: u64) -> Vec<String> {
        let mut out: Vec<String> = self
            .names
            .get(folded)
            .filter(|(_, kind)| *kind == MatchKind::Alternate)
            .filter_map(|(c, _)| self.cities.get(c as usize))
            .filter(|c| c.population >= min_population)
            .map(|c| fold(&c.name))
            .filter(|n| n != folded)
            .collect();
        out.sort();
        out.dedup();
        out
    }

    pub fn countries(&self) -> &[Country] {
        &self.countries
    }

    /// A country by name, alias or ISO code, case- and accent-insensitively.
    pub fn country(&self, name_or_code: &str) -> Option<&Country> {
        self.country_by_name
            .get(&fold(name_or_code))
            .and_then(|&i| self.countries.get(i))
    }

    /// All cities a folded name can mean, best first: own names before alternate names,
    /// then by population.
    fn candidates(&self, name: &str) -> Vec<(&City, MatchKind)> {
        let mut c: Vec<(&City, MatchKind)> = self
            .names
            .get(&fold(name))
            .filter_map(|(i, k)| self.cities.get(i as usize).map(|c| (c, k)))
            .collect();
        c.sort_by(|a, b| a.1.cmp(&b.1).then(b.0.population.cmp(&a.0.population)));
        c
    }

    /// The city named `name` in the country `country_code` (ISO alpha-2).
    pub fn find(&self, name: &str, country_code: &str) -> Result<(&City, MatchKind), GeocodeError> {
        let all = self.candidates(name);
        if let Some(hit) = all
            .iter()
            .find(|(c, _)| c.country_code.eq_ignore_ascii_case(country_code))
        {
            return Ok(*hit);
        }
        let mut elsewhere: Vec<String> = all.iter().map(|(c, _)| c.country_code.clone()).collect();
        elsewhere.dedup();
        elsewhere.truncate(5);
        Err(GeocodeError::NotFound {
            city: name.to_owned(),
            country: country_code.to_owned(),
            elsewhere,
        })
    }
}

/// Folded names and the cities they name, as one sorted table: a hash map of 200,000
/// strings each with a list of its own took 32 MB; this takes about 5.
#[derive(Default)]
struct NameTable {
    /// Every entry's name, one after another.
    text: String,
    /// (start and length of the name in `text`, city, how), sorted by name and city; one
    /// entry per (name, city), the city's own name where both match.
    entries: Vec<NameEntry>,
}

#[derive(Clone, Copy)]
struct NameEntry {
    start: u32,
    len: u16,
    kind: MatchKind,
    city: u32,
}

impl NameTable {
    fn add(&mut self, key: &str, city: u32, kind: MatchKind) {
        // Names are a few dozen bytes and the table a few megabytes: one that does not
        // fit the numbers is left out rather than cut.
        let (Ok(start), Ok(len)) = (u32::try_from(self.text.len()), u16::try_from(key.len()))
        else {
            return;
        };
        self.text.push_str(key);
        self.entries.push(NameEntry {
            start,
            len,
            kind,
            city,
        });
    }

    fn name(&self, e: &NameEntry) -> &str {
        let start = e.start as usize;
        self.text
            .get(start..start + usize::from(e.len))
            .unwrap_or("")
    }

    /// Sorts the entries and keeps one per (name, city); the text keeps each name once.
    fn finish(mut self) -> NameTable {
        let mut entries = std::mem::take(&mut self.entries);
        entries.sort_unstable_by(|a, b| {
            self.name(a)
                .cmp(self.name(b))
                .then(a.city.cmp(&b.city))
                .then(a.kind.cmp(&b.kind))
        });
        entries.dedup_by(|b, a| a.city == b.city && self.name(a) == self.name(b));
        let mut text = String::with_capacity(self.text.len() / 2);
        let mut last: Option<(&str, u32)> = None;
        for e in &mut entries {
            let name = self.name(e);
            let start = match last {
                Some((prev, at)) if prev == name => at,
                _ => match u32::try_from(text.len()) {
                    Ok(at) => {
                        text.push_str(name);
                        at
                    }
                    Err(_) => continue,
                },
            };
            last = Some((name, start));
            e.start = start;
        }
        entries.shrink_to_fit();
        text.shrink_to_fit();
        NameTable { text, entries }
    }

    /// The cities `key` (folded) can mean, by city number.
    fn get<'a>(&'a self, key: &'a str) -> impl Iterator<Item = (u32, MatchKind)> + 'a {
        let from = self.entries.partition_point(|e| self.name(e) < key);
        self.entries
            .get(from..)
            .unwrap_or_default()
            .iter()
            .take_while(move |e| self.name(e) == key)
            .map(|e| (e.city, e.kind))
    }
}

/// What the gazetteer cannot know about one place, written down in `data/places.json`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlaceOverride {
    /// Host country as the source names it.
    pub country: String,
    /// Host city as the source names it.
    pub city: String,
    /// Look the place up under this name …
    #[serde(default)]
    pub geocode_as: Option<String>,
    /// … in this country (ISO alpha-2), when GeoNames files it elsewhere.
    #[serde(default)]
    pub geocode_country_code: Option<String>,
    /// Or: fixed coordinates, for a place the gazetteer lacks or a known building.
    #[serde(default)]
    pub lat: Option<f64>,
    #[serde(default)]
    pub lon: Option<f64>,
    #[serde(default)]
    pub precision: Precision,
    /// Why the override is needed; shown nowhere but read by whoever edits the file.
    pub why: String,
}

/// Where a place was found.
#[derive(Debug, Clone, PartialEq)]
pub struct Located {
    pub point: Point<f64>,
    pub precision: Precision,
    /// The gazetteer entry, when the coordinates come from it.
    pub geonameid: Option<u32>,
    /// Whether an override decided it.
    pub overridden: bool,
}

/// The gazetteer plus the data set's overrides.
pub struct Geocoder<'g> {
    gazetteer: &'g Gazetteer,
    overrides: Vec<PlaceOverride>,
}

impl<'g> Geocoder<'g> {
    pub fn new(gazetteer: &'g Gazetteer, overrides: Vec<PlaceOverride>) -> Self {
        Geocoder {
            gazetteer,
            overrides,
        }
    }

    /// The bundled gazetteer with the bundled overrides.
    pub fn embedded() -> Result<Geocoder<'static>, Problem> {
        Ok(Geocoder::new(
            Gazetteer::embedded(),
            parse_overrides("data/places.json", PLACES_JSON)?,
        ))
    }

    pub fn gazetteer(&self) -> &'g Gazetteer {
        self.gazetteer
    }

    pub fn overrides(&self) -> &[PlaceOverride] {
        &self.overrides
    }

    /// Coordinates of `city` in the country with ISO code `country_code`.
    /// Where a country's capital is (lon, lat), by the country's name or code.
    pub fn capital(&self, name_or_code: &str) -> Option<(f64, f64)> {
        let c = self.gazetteer.country(name_or_code)?;
        if c.capital.is_empty() {
            return None;
        }
        let l = self.locate(&c.code, &c.capital).ok()?;
        Some((l.point.x(), l.point.y()))
    }

    pub fn locate(&self, country_code: &str, city: &str) -> Result<Located, GeocodeError> {
        let country = self
            .gazetteer
            .country(country_code)
            .ok_or_else(|| GeocodeError::UnknownCountry(country_code.to_owned()))?;
        let ov = self.overrides.iter().find(|o| {
            fold(&o.city) == fold(city)
                && self
                    .gazetteer
                    .country(&o.country)
                    .is_some_and(|c| c.code == country.code)
        });
        if let Some(o) = ov {
            if let (Some(lat), Some(lon)) = (o.lat, o.lon) {
                return Ok(Located {
                    point: Point::new(lon, lat),
                    precision: o.precision,
                    geonameid: None,
                    overridden: true,
                });
            }
            let name = o.geocode_as.as_deref().unwrap_or(city);
            let cc = o.geocode_country_code.as_deref().unwrap_or(&country.code);
            let (c, _) = self.gazetteer.find(name, cc)?;
            return Ok(Located {
                point: Point::new(c.lon, c.lat),
                precision: Precision::City,
                geonameid: Some(c.geonameid),
                overridden: true,
            });
        }
        let (c, _) = self.gazetteer.find(city, &country.code)?;
        Ok(Located {
            point: Point::new(c.lon, c.lat),
            precision: Precision::City,
            geonameid: Some(c.geonameid),
            overridden: false,
        })
    }
}

/// Parses a places (overrides) file: a JSON list of [`PlaceOverride`].
pub fn parse_overrides(file: &str, text: &str) -> Result<Vec<PlaceOverride>, Problem> {
    let list: Vec<PlaceOverride> = serde_json::from_str(text)
        .map_err(|e| Problem::new(file, e.line(), None, format!("cannot read overrides: {e}")))?;
    for o in &list {
        let fixed = o.lat.is_some() || o.lon.is_some();
        let bad_coord =
            o.lat.is_some_and(|v| v.abs() > 90.0) || o.lon.is_some_and(|v| v.abs() > 180.0);
        if fixed && (o.lat.is_none() || o.lon.is_none() || bad_coord) {
            return Err(Problem::new(
                file,
                0,
                Some("lat"),
                format!(
                    "override for {}, {}: give both lat and lon, in range",
                    o.city, o.country
                ),
            ));
        }
        if !fixed && o.geocode_as.is_none() && o.geocode_country_code.is_none() {
            return Err(Problem::new(
                file,
                0,
                None,
                format!(
                    "override for {}, {} changes nothing: give geocode_as, geocode_country_code or lat/lon",
                    o.city, o.country
                ),
            ));
        }
    }
    Ok(list)
}

#[cfg(test)]
mod tests;
