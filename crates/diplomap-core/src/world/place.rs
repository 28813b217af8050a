//! Turning one snapshot row into a mission: the host country and the sender by the
//! gazetteer's names, the type, and a place (the building, else the city, else the
//! capital), with what was decided on the way.

use geo_types::Point;

use super::snapshot::SnapshotRow;
use crate::gazetteer::{Country, Geocoder};
use crate::model::{Closure, Extra, Mission, MissionKind, Precision, Region, Text};

/// How a row was placed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Placement {
    /// Wikidata's coordinates of the building.
    Building,
    /// The gazetteer's city.
    City,
    /// The host country's capital stands in: no coordinates, no city found.
    Capital,
}

/// A row made a mission, or why it could not be.
pub struct Placed {
    pub mission: Mission,
    pub placement: Placement,
    /// The host the row named, when the building stands in another country.
    pub moved_from: Option<String>,
    /// Coordinates set aside because they lie far from every city of the host.
    pub far: Option<(f64, f64)>,
    /// The row's city name when the gazetteer knows the place by another ("Mitte" →
    /// Berlin), and the name used.
    pub renamed: Option<(String, String)>,
    /// A district within a city, named by the city (`data/districts.tsv`): the
    /// district, the city.
    pub district: Option<(String, String)>,
}

/// Operators that are a state's ministry or government: the state.
const OPERATOR_PREFIXES: [&str; 4] = [
    "Ministry of Foreign Affairs of the ",
    "Ministry of Foreign Affairs and Cooperation of the ",
    "Ministry of Foreign Affairs of ",
    "Government of ",
];

/// The sending state's name: the gazetteer's name of the country when the operator is one
/// (or its ministry or government), else the name the senders table gives it
/// ([`crate::senders`]: "Ministry of Foreign Affairs" is Taiwan's), else the operator as
/// Wikidata names it ("Quebec").
pub fn sender_name(geo: &Geocoder<'_>, operator: &str) -> String {
    let gaz = geo.gazetteer();
    if let Some(c) = gaz.country(operator) {
        return c.name.clone();
    }
    for p in OPERATOR_PREFIXES {
        if let Some(rest) = operator.strip_prefix(p)
            && let Some(c) = gaz.country(rest)
        {
            return c.name.clone();
        }
    }
    crate::senders::shown_name(operator).to_owned()
}

/// A country's name as the gazetteer spells it, or the name as given.
pub fn country_name(geo: &Geocoder<'_>, name: &str) -> String {
    geo.gazetteer()
        .country(name)
        .map_or_else(|| name.to_owned(), |c| c.name.clone())
}

/// The city a building in a district or suburb belongs to: the most populous gazetteer
/// city of `country` within [`CITY_KM`] of (lat, lon) ("Mitte" → Berlin, "Psychiko" →
/// Athens), else the nearest within [`NEAR_KM`].
fn city_of(geo: &Geocoder<'_>, country: &str, at: (f64, f64)) -> Option<String> {
    let gaz = geo.gazetteer();
    let mut biggest: Option<&crate::gazetteer::City> = None;
    for (_, c) in gaz.cities_near(at, CITY_KM, Some(country)) {
        if biggest.is_none_or(|b| c.population > b.population) {
            biggest = Some(c);
        }
    }
    biggest
        .or_else(|| gaz.nearest_city(at, NEAR_KM, Some(country)))
        .map(|c| c.name.clone())
}

/// A building this close to a city belongs to it (km).
pub const CITY_KM: f64 = 20.0;
/// Farther out, the nearest city within this names it (km).
pub const NEAR_KM: f64 = 40.0;

/// Rows whose host no rule can find, placed by hand: (item, host, city, why).
pub const HOST_OVERRIDES: [(&str, &str, &str, &str); 1] = [(
    "Q85742475",
    "Sweden",
    "Stockholm",
    "the nunciature to the Nordic countries has no place in the snapshot; it sits in Djursholm by Stockholm (its website is nunciature.se)",
)];

/// The host country of a row, or why there is none.
pub fn host<'g>(geo: &Geocoder<'g>, row: &SnapshotRow) -> Result<&'g Country, String> {
    if let Some((_, host, _, _)) = HOST_OVERRIDES.iter().find(|o| o.0 == row.item) {
        return geo
            .gazetteer()
            .country(host)
            .ok_or_else(|| format!("the override's host \"{host}\" is no country"));
    }
    geo.gazetteer().country(&row.country).ok_or_else(|| {
        format!(
            "host country \"{}\" is no country of the gazetteer",
            row.country
        )
    })
}

/// The country a building stands in when its row names another host: the country of the
/// gazetteer city nearest the building (within [`NEAR_KM`]), when that country has a city
/// of the row's city name (Wikidata sometimes gives an embassy its sender as "country"),
/// or without that check when the named host is no country at all (`unknown_host`).
fn host_by_building<'g>(
    geo: &Geocoder<'g>,
    row: &SnapshotRow,
    at: (f64, f64),
    unknown_host: bool,
) -> Option<&'g Country> {
    if row.city.is_empty() && !unknown_host {
        return None;
    }
    let gaz = geo.gazetteer();
    let nearest = gaz.nearest_city(at, NEAR_KM, None)?;
    let country = gaz.country(&nearest.country_code)?;
    if unknown_host {
        return Some(country);
    }
    geo.locate(&country.code, &row.city).ok().map(|_| country)
}

/// Makes a mission of `row` (its id is set later). `Err` says why the row cannot be
/// placed.
pub fn place(
    geo: &Geocoder<'_>,
    row: &SnapshotRow,
    text: &mut impl FnMut(&str) -> Text,
) -> Result<Placed, String> {
    // A host the gazetteer does not know, or a building far from the stated host in a
    // city of that name elsewhere: the building decides.
    let mut moved = None;
    let mut country = match host(geo, row) {
        Ok(c) => c,
        Err(why) => match row
            .position
            .and_then(|at| host_by_building(geo, row, at, true))
        {
            Some(c) => {
                moved = Some(row.country.clone());
                c
            }
            None => return Err(why),
        },
    };
    if moved.is_none()
        && let Some(at) = row.position
        && city_of(geo, &country.code, at).is_none()
        && (row.city.is_empty() || geo.locate(&country.code, &row.city).is_err())
        && let Some(c) = host_by_building(geo, row, at, false)
    {
        moved = Some(country.name.clone());
        country = c;
    }
    let code = country.code.as_str();
    let kind = MissionKind::parse(&row.kind_word).unwrap_or(MissionKind::Other);
    let mut renamed = None;
    // Without a usable building: the city (or the override's), else the capital
    // (precision country).
    let city_name = HOST_OVERRIDES
        .iter()
        .find(|o| o.0 == row.item)
        .map_or(row.city.as_str(), |o| o.2);
    let by_place = || match geo.locate(code, city_name) {
        Ok(l) if !city_name.is_empty() => {
            Ok((l.point, l.precision, Placement::City, city_name.to_owned()))
        }
        _ => match geo.locate(code, &country.capital) {
            Ok(l) if !country.capital.is_empty() => Ok((
                l.point,
                Precision::Country,
                Placement::Capital,
                country.capital.clone(),
            )),
            _ => Err(format!(
                "neither the city \"{city_name}\" nor a capital of {} in the gazetteer",
                country.name
            )),
        },
    };
    let mut far = None;
    let (point, precision, placement, city) = match row.position {
        Some((lat, lon)) => {
            // The row's city when the gazetteer knows it there, else the city the building
            // is in or beside.
            let known = !row.city.is_empty() && geo.locate(code, &row.city).is_ok();
            if known {
                (
                    Point::new(lon, lat),
                    Precision::Building,
                    Placement::Building,
                    row.city.clone(),
                )
            } else {
                match city_of(geo, code, (lat, lon)) {
                    Some(near) => {
                        renamed = Some((row.city.clone(), near.clone()));
                        (
                            Point::new(lon, lat),
                            Precision::Building,
                            Placement::Building,
                            near,
                        )
                    }
                    None if !row.city.is_empty() => (
                        Point::new(lon, lat),
                        Precision::Building,
                        Placement::Building,
                        row.city.clone(),
                    ),
                    // Far from every city of the host: the coordinates are taken for an
                    // error (one nunciature to Tonga stands in Buenos Aires).
                    None => {
                        far = Some((lat, lon));
                        by_place().map_err(|why| {
                            format!("coordinates far from {} and {why}", country.name)
                        })?
                    }
                }
            }
        }
        None => by_place().map_err(|why| format!("no coordinates, and {why}"))?,
    };
    // A district, borough or municipality within a city is named by its city; the
    // district stays in the address.
    let district =
        crate::gazetteer::city_of_district(code, &city).map(|c| (city.clone(), c.to_owned()));
    let city = district.as_ref().map_or(city, |(_, c)| c.clone());
    let address = match (&district, row.address.is_empty()) {
        (Some((d, _)), true) => Some(d.clone()),
        (Some((d, _)), false)
            if !crate::text::fold(&row.address).contains(&crate::text::fold(d)) =>
        {
            Some(format!("{}, {d}", row.address))
        }
        _ => (!row.address.is_empty()).then(|| row.address.clone()),
    };
    let region = if kind == MissionKind::PermanentMission {
        Region::Multilateral
    } else {
        country.region().unwrap_or(Region::Asia)
    };
    let extra = Extra {
        // Wikidata's own word where it says more than the type ("British High Commission").
        word: (!row.kind_word.is_empty() && !kind.is_own_name(&row.kind_word))
            .then(|| text(&row.kind_word)),
        accredited_to: row
            .jurisdictions
            .iter()
            .map(|j| text(&country_name(geo, j)))
            .collect(),
        wikidata: (!row.item.is_empty()).then(|| text(&row.item)),
        address,
        website: (!row.website.is_empty()).then(|| row.website.clone()),
        ..Extra::default()
    };
    let sender = sender_name(geo, &row.operator);
    // The operator's own name is kept where it is not the state's (its ministry).
    let extra = Extra {
        sender_word: (sender != row.operator
            && crate::text::fold(&sender) != crate::text::fold(&row.operator)
            && geo.gazetteer().country(&row.operator).is_none())
        .then(|| text(&row.operator)),
        ..extra
    };
    Ok(Placed {
        mission: Mission {
            id: Default::default(),
            sending_state: text(&sender),
            country: text(&country.name),
            country_code: text(code),
            city: text(&city),
            kind,
            organization: None,
            region,
            opened: row.opened,
            closure: Closure::Open,
            location: point,
            precision,
            inbound: false,
            bounds: Some(super::own_date(super::SNAPSHOT_YEAR)),
            extra: Some(Box::new(extra)),
        },
        placement,
        moved_from: moved,
        far,
        renamed,
        district,
    })
}
