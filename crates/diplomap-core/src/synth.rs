//! Synthetic data sets for benchmarks and tests: any number of missions in our data format,
//! with a realistic structure. Missions stand in real cities of the gazetteer (chosen by
//! population, so capitals and big cities gather many, as real missions do), a little
//! apart from each other; several sending states; the usual mix of mission types; openings
//! from 1948 on, and about four in ten closed again by 2026, a few with no known year.
//!
//! The same `n` and `seed` give the same data set on every machine.

use geo_types::Point;

use crate::gazetteer::Gazetteer;
use crate::model::{Closure, Dataset, Mission, MissionKind, Precision, Region, Text};
use crate::timeline::FIRST_YEAR;

/// The last year synthetic missions open or close in.
pub const LAST_YEAR: i32 = 2026;

/// A small, fast, deterministic random number generator (SplitMix64).
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform in `0..n` (0 when n is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.unit() * n as f64) as usize % n
        }
    }

    /// Uniform in `lo..=hi`.
    pub fn year(&mut self, lo: i32, hi: i32) -> i32 {
        let span = usize::try_from(hi - lo + 1).unwrap_or(1);
        lo + i32::try_from(self.below(span)).unwrap_or(0)
    }
}

const SENDERS: [&str; 8] = [
    "North Korea",
    "South Korea",
    "Sweden",
    "Brazil",
    "India",
    "Nigeria",
    "Canada",
    "Indonesia",
];

const ORGANIZATIONS: [&str; 6] = [
    "United Nations",
    "UNESCO",
    "Food and Agriculture Organization",
    "World Health Organization",
    "International Atomic Energy Agency",
    "African Union",
];

/// A synthetic data set of `n` missions.
pub fn generate(n: usize, seed: u64) -> Dataset {
    let gaz = Gazetteer::embedded();
    let mut rng = Rng::new(seed);
    // Cities weighted by the square root of their population: big cities host many
    // missions, small ones a few.
    let cities = gaz.cities();
    let mut cumulative = Vec::with_capacity(cities.len());
    let mut acc = 0.0;
    for c in cities {
        acc += (c.population.max(1) as f64).sqrt();
        cumulative.push(acc);
    }
    let shared = |s: &str| -> Text { Text::from(s) };
    let senders: Vec<Text> = SENDERS.iter().map(|s| shared(s)).collect();
    let orgs: Vec<Text> = ORGANIZATIONS.iter().map(|s| shared(s)).collect();
    // One shared text per city and country.
    let mut city_text: std::collections::HashMap<usize, (Text, Text, Text, Region)> =
        std::collections::HashMap::new();
    let mut missions = Vec::with_capacity(n);
    for i in 0..n {
        let pick = rng.unit() * acc;
        let ci = cumulative
            .partition_point(|&c| c < pick)
            .min(cities.len().saturating_sub(1));
        let Some(city) = cities.get(ci) else {
            break;
        };
        let (city_name, country, code, region) = city_text
            .entry(ci)
            .or_insert_with(|| {
                let country = gaz.country(&city.country_code);
                (
                    shared(&city.name),
                    shared(country.map_or(city.country_code.as_str(), |c| c.name.as_str())),
                    shared(&city.country_code),
                    country.and_then(|c| c.region()).unwrap_or(Region::Asia),
                )
            })
            .clone();
        let roll = rng.unit();
        let kind = match roll {
            r if r < 0.58 => MissionKind::Embassy,
            r if r < 0.80 => MissionKind::ConsulateGeneral,
            r if r < 0.93 => MissionKind::ConsularOffice,
            r if r < 0.99 => MissionKind::PermanentMission,
            _ => MissionKind::DeFactoEmbassy,
        };
        let (organization, region) = if kind == MissionKind::PermanentMission {
            (
                orgs.get(rng.below(orgs.len())).cloned(),
                Region::Multilateral,
            )
        } else {
            (None, region)
        };
        let opened = if rng.unit() < 0.15 {
            None
        } else {
            Some(rng.year(FIRST_YEAR, LAST_YEAR))
        };
        let closure = match rng.unit() {
            r if r < 0.03 => Closure::YearUnknown,
            r if r < 0.42 => Closure::InYear(rng.year(opened.unwrap_or(FIRST_YEAR), LAST_YEAR)),
            _ => Closure::Open,
        };
        // Within a few kilometres of the city centre.
        let (dlat, dlon) = ((rng.unit() - 0.5) * 0.08, (rng.unit() - 0.5) * 0.08);
        let lat = (city.lat + dlat).clamp(-85.0, 85.0);
        let lon = (city.lon + dlon).clamp(-180.0, 180.0);
        missions.push(Mission {
            bounds: None,
            extra: None,
            id: format!("syn-{i}").into(),
            sending_state: senders
                .get(rng.below(senders.len()))
                .cloned()
                .unwrap_or_else(|| shared("North Korea")),
            country,
            country_code: code,
            city: city_name,
            kind,
            organization,
            region,
            opened,
            closure,
            location: Point::new(lon, lat),
            precision: Precision::Building,
            inbound: false,
        });
    }
    let mut ds = Dataset {
        name: format!("Synthetic missions (n = {n}, seed = {seed})"),
        source:
            "Generated by `diplomap synth` around GeoNames cities (CC BY 4.0); not real missions."
                .to_owned(),
        focus: None,
        as_of: Some(crate::model::AsOf {
            year: LAST_YEAR,
            note: "the synthetic set's last year".to_owned(),
        }),
        missions,
    };
    ds.derive();
    ds
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_data_and_valid_years() {
        let a = generate(500, 7);
        let b = generate(500, 7);
        assert_eq!(a, b);
        assert_ne!(a, generate(500, 8));
        assert_eq!(a.missions.len(), 500);
        for m in &a.missions {
            if let (Some(o), Some(c)) = (m.opened, m.closure.year()) {
                assert!(o <= c, "{m:?}");
            }
            assert!((FIRST_YEAR..=LAST_YEAR).contains(&m.opened.unwrap_or(FIRST_YEAR)));
        }
        let closed = a.missions.iter().filter(|m| m.closure.is_closed()).count();
        assert!((120..300).contains(&closed), "{closed}");
    }

    #[test]
    fn a_synthetic_file_loads_back() {
        let ds = generate(300, 1);
        let text = crate::data::to_json(&ds);
        let back = crate::data::parse("synth.json", &text).expect("valid");
        assert_eq!(back.missions.len(), 300);
        assert_eq!(back.missions[17].id, ds.missions[17].id);
    }
}
