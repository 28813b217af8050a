//! The built-in data sets, made from the list (`data/missions.json`, North Korea's
//! missions with their closures) and the Wikidata snapshot of every country's missions
//! (`data/sources/wikidata-missions-2022-11.csv`, CC0):
//!
//! - `north-korea`: the list's missions, each that Wikidata also has given its building's
//!   coordinates, accredited countries, address, website, item and (where the list has
//!   none) opening year; plus every foreign mission hosted in North Korea, the two the list
//!   names merged with Wikidata's, not doubled.
//! - `world`: every mission of the snapshot once, North Korea's own from the list (so their
//!   closures are there).
//!
//! The rules when the sources disagree: the list decides which of North Korea's missions
//! exist and when they closed; Wikidata gives building coordinates. Everything decided is
//! in the report ([`Built::report`]), committed beside the data.

mod place;
mod report;
pub mod snapshot;

use std::collections::{HashMap, HashSet};

pub use place::Placement;
pub use snapshot::SnapshotRow;

use crate::gazetteer::Geocoder;
use crate::import::slug;
use crate::model::{Dataset, Extra, Mission};
use crate::text::fold;

/// The focus state of the list.
pub const NORTH_KOREA: &str = "North Korea";
/// The snapshot's date: missions Wikidata listed as open in November 2022.
pub const SNAPSHOT_YEAR: i32 = 2022;
/// Opening years before this are shown but flagged as doubtful in the report.
pub const DOUBTFUL_BEFORE: i32 = 1800;

/// The two data sets and the report of how they were made.
pub struct Built {
    pub north_korea: Dataset,
    pub world: Dataset,
    /// Markdown: every row's placement, every match, every conflict and its decision.
    pub report: String,
}

/// What happened to one row, for the report.
#[derive(Debug, Clone)]
pub struct RowNote {
    pub line: usize,
    pub item: String,
    pub what: String,
}

/// What the build decided, for the report.
#[derive(Debug, Default)]
pub struct Log {
    pub rows: usize,
    pub placed: HashMap<Placement, usize>,
    pub dropped: Vec<RowNote>,
    pub duplicates: Vec<RowNote>,
    pub renamed: Vec<RowNote>,
    /// Districts named by their city (`data/districts.tsv`).
    pub districts: Vec<RowNote>,
    pub matches: Vec<String>,
    pub unmatched: Vec<String>,
    pub conflicts: Vec<String>,
    pub doubtful: Vec<RowNote>,
    pub inbound: Vec<String>,
}

/// Distance in km between two missions (good enough within a country).
fn km(a: &Mission, b: &Mission) -> f64 {
    let k = a.lat().to_radians().cos();
    let (dx, dy) = ((a.lon() - b.lon()) * k, a.lat() - b.lat());
    (dx * dx + dy * dy).sqrt() * 111.2
}

/// Gives `list` the facts Wikidata has of the same mission; returns the conflicts.
fn enrich(list: &mut Mission, wd: &Mission, row: &SnapshotRow) -> Vec<String> {
    let mut conflicts = Vec::new();
    let name = format!("{} ({}, Wikidata {})", list.title(), list.id, row.item);
    if wd.precision == crate::model::Precision::Building {
        list.location = wd.location;
        list.precision = wd.precision;
    }
    if list.kind != wd.kind {
        conflicts.push(format!(
            "{name}: the list says {}, Wikidata {}; the list's type stands",
            list.kind_word(),
            row.kind_word
        ));
    }
    match (list.opened, wd.opened) {
        (None, Some(y)) => list.opened = Some(y),
        (Some(a), Some(b)) if a != b => conflicts.push(format!(
            "{name}: opened in {a} by the list, {b} by Wikidata; the list's year stands"
        )),
        _ => {}
    }
    if let Some(c) = list.closure.year().filter(|&c| c < SNAPSHOT_YEAR) {
        conflicts.push(format!(
            "{name}: closed in {c} by the list, still listed by Wikidata in {SNAPSHOT_YEAR}; the list's closure stands"
        ));
    } else if list.closure.is_closed() {
        conflicts.push(format!(
            "{name}: closed by the list ({}), listed by Wikidata in {SNAPSHOT_YEAR}; the list's closure stands",
            list.closure.year().map_or("year unknown".to_owned(), |y| y.to_string())
        ));
    }
    let mut extra = list.extra.take().map_or_else(Extra::default, |e| *e);
    let w = wd.extra();
    extra.accredited_to.clone_from(&w.accredited_to);
    extra.wikidata.clone_from(&w.wikidata);
    extra.address.clone_from(&w.address);
    extra.website.clone_from(&w.website);
    list.extra = Some(Box::new(extra));
    conflicts
}

/// The list's mission that a Wikidata row of the same sender describes: same host country,
/// then the same type, the same city, the nearest.
fn best_match(
    list: &[Mission],
    taken: &HashSet<usize>,
    wd: &Mission,
    row: &SnapshotRow,
) -> Option<usize> {
    list.iter()
        .enumerate()
        .filter(|(i, m)| !taken.contains(i) && m.country_code == wd.country_code && !m.inbound)
        .min_by(|(_, a), (_, b)| {
            let key = |m: &Mission| {
                (
                    m.kind != wd.kind,
                    fold(&m.city) != fold(&wd.city) && fold(&m.city) != fold(&row.city),
                )
            };
            key(a).cmp(&key(b)).then(km(a, wd).total_cmp(&km(b, wd)))
        })
        .map(|(i, _)| i)
}

/// An id for a mission of the snapshot: host, city, type and sender.
fn world_id(m: &Mission, geo: &Geocoder<'_>) -> String {
    let sender = geo
        .gazetteer()
        .country(&m.sending_state)
        .map_or_else(|| slug(&m.sending_state), |c| c.code.to_ascii_lowercase());
    format!(
        "{}-{}-{}-{sender}",
        m.country_code.to_ascii_lowercase(),
        slug(&m.city),
        slug(m.kind.as_str())
    )
}

/// Builds both data sets from the list and the snapshot's rows.
pub fn build(list: &Dataset, rows: &[SnapshotRow], geo: &Geocoder<'_>) -> Built {
    let mut log = Log {
        rows: rows.len(),
        ..Log::default()
    };
    let mut texts = crate::data::Interner::default();
    let mut text = |s: &str| texts.get(s);
    // Each item once.
    let mut items = HashSet::new();
    let mut placed = Vec::new();
    for row in rows {
        if !row.item.is_empty() && !items.insert(row.item.clone()) {
            log.duplicates.push(RowNote {
                line: row.line,
                item: row.item.clone(),
                what: format!(
                    "listed again, under {}; the first listing is used",
                    row.operator
                ),
            });
            continue;
        }
        match place::place(geo, row, &mut text) {
            Ok(p) => {
                if let Some(o) = place::HOST_OVERRIDES.iter().find(|o| o.0 == row.item) {
                    log.conflicts.push(format!(
                        "Wikidata {} ({}): placed by hand in {}, {}: {}",
                        row.item,
                        p.mission.title(),
                        o.2,
                        o.1,
                        o.3
                    ));
                }
                *log.placed.entry(p.placement).or_default() += 1;
                if let Some(from) = &p.moved_from {
                    log.conflicts.push(format!(
                        "Wikidata {} ({}): the row names {from} as host, the building stands in {}; the building decides",
                        row.item,
                        p.mission.title(),
                        p.mission.country
                    ));
                }
                if let Some((lat, lon)) = p.far {
                    log.conflicts.push(format!(
                        "Wikidata {} ({}): its coordinates {lat}, {lon} lie far from every city of {}; placed at {} instead (precision {})",
                        row.item,
                        p.mission.title(),
                        p.mission.country,
                        p.mission.city,
                        p.mission.precision.as_str()
                    ));
                }
                if let Some((from, to)) = &p.district {
                    log.districts.push(RowNote {
                        line: row.line,
                        item: row.item.clone(),
                        what: format!("{from} → {to}"),
                    });
                }
                if let Some((from, to)) = &p.renamed {
                    log.renamed.push(RowNote {
                        line: row.line,
                        item: row.item.clone(),
                        what: format!(
                            "\"{from}\" → {to} (the gazetteer's city the building is in or beside)"
                        ),
                    });
                }
                if let Some(y) = row.opened.filter(|&y| y < DOUBTFUL_BEFORE) {
                    log.doubtful.push(RowNote {
                        line: row.line,
                        item: row.item.clone(),
                        what: format!(
                            "{}: opened in {y}? Kept as Wikidata says; check it",
                            p.mission.title()
                        ),
                    });
                }
                placed.push((row, p.mission));
            }
            Err(why) => log.dropped.push(RowNote {
                line: row.line,
                item: row.item.clone(),
                what: why,
            }),
        }
    }

    // North Korea's own: the list's, enriched where Wikidata has the same mission.
    let mut nk = list.missions.clone();
    let mut taken = HashSet::new();
    for (row, wd) in placed
        .iter()
        .filter(|(_, m)| &*m.sending_state == NORTH_KOREA)
    {
        match best_match(&nk, &taken, wd, row) {
            Some(i) => {
                taken.insert(i);
                if let Some(m) = nk.get_mut(i) {
                    log.matches.push(format!(
                        "{} ← Wikidata {} ({} in {})",
                        m.id, row.item, row.kind_word, row.city
                    ));
                    log.conflicts.extend(enrich(m, wd, row));
                }
            }
            None => log.unmatched.push(format!(
                "Wikidata {} ({} in {}, {}): no mission of the list matches; left out, as the list decides which exist",
                row.item, row.kind_word, row.city, row.country
            )),
        }
    }
    // Foreign missions in North Korea: the list's merged with Wikidata's.
    for (row, wd) in placed
        .iter()
        .filter(|(_, m)| &*m.country_code == "KP" && &*m.sending_state != NORTH_KOREA)
    {
        let same = nk
            .iter()
            .position(|m| m.inbound && m.sending_state == wd.sending_state && m.kind == wd.kind);
        match same {
            Some(i) => {
                if let Some(m) = nk.get_mut(i) {
                    log.inbound
                        .push(format!("{} ← Wikidata {} (merged)", m.id, row.item));
                    log.conflicts.extend(enrich(m, wd, row));
                }
            }
            None => {
                let mut m = wd.clone();
                m.inbound = true;
                m.sending_state = text(&m.sending_state);
                m.id = world_id(&m, geo).into();
                log.inbound
                    .push(format!("{} ← Wikidata {} (added)", m.id, row.item));
                nk.push(m);
            }
        }
    }
    crate::model::make_ids_unique(&mut nk);
    // The list's missions Wikidata lists too were open in its snapshot.
    for m in nk.iter_mut().filter(|m| !m.inbound) {
        m.bounds = crate::data::stated_bounds(None, seen_open(m), None);
    }

    // The world: North Korea's from the list (dated by the list), every other mission of
    // the snapshot (dated by it).
    let list_date = list.as_of.as_ref().map(|a| a.year);
    let mut world: Vec<Mission> = nk
        .iter()
        .filter(|m| !m.inbound)
        .cloned()
        .map(|mut m| {
            m.bounds = crate::data::stated_bounds(list_date, seen_open(&m), None);
            m
        })
        .collect();
    let merged: HashMap<&str, &Mission> = nk
        .iter()
        .filter(|m| m.inbound)
        .filter_map(|m| m.extra().wikidata.as_deref().map(|q| (q, m)))
        .collect();
    for (row, wd) in &placed {
        if &*wd.sending_state == NORTH_KOREA {
            continue;
        }
        let mut m = merged
            .get(row.item.as_str())
            .map_or_else(|| wd.clone(), |m| (*m).clone());
        if m.id.is_empty() {
            m.id = world_id(&m, geo).into();
        }
        m.inbound = false;
        world.push(m);
    }
    crate::model::make_ids_unique(&mut world);

    let mut report = report::write(&log, nk.len(), world.len());
    let mut built = Built {
        north_korea: Dataset {
            name: list.name.clone(),
            source: format!(
                "{} Further facts (buildings, accreditations, addresses, websites) and the foreign missions in North Korea: Wikidata (CC0), compiled by database-of-embassies, November 2022.",
                list.source
            ),
            focus: Some(NORTH_KOREA.into()),
            as_of: list.as_of.clone(),
            missions: nk,
        },
        world: Dataset {
            name: "Diplomatic missions of the world".to_owned(),
            source: format!(
                "Mission data from Wikidata (CC0), compiled by database-of-embassies, as of November 2022; North Korea's missions and their closures from the encyclopedia list of its diplomatic missions (CC BY-SA 4.0). Coordinates without a building from GeoNames (CC BY 4.0). {}",
                coverage(&world)
            ),
            focus: None,
            as_of: Some(crate::model::AsOf {
                year: SNAPSHOT_YEAR,
                note: SNAPSHOT_NOTE.to_owned(),
            }),
            missions: world,
        },
        report: String::new(),
    };
    // The dates the state tables question, as the app derives them on loading.
    for (name, ds) in [("north-korea", &built.north_korea), ("world", &built.world)] {
        let mut ds = ds.clone();
        ds.derive();
        report::dates(&mut report, name, &crate::evidence::findings(&ds.missions));
    }
    for (name, ds) in [("north-korea", &built.north_korea), ("world", &built.world)] {
        report::counting(&mut report, name, &ds.missions);
    }
    built.report = report;
    built
}

/// What the Wikidata snapshot's year is.
pub const SNAPSHOT_NOTE: &str = "Wikidata's snapshot of November 2022";

/// The year a list mission is known open from its Wikidata item: the snapshot's, when it
/// has one (the snapshot lists only open missions).
fn seen_open(m: &Mission) -> Option<i32> {
    (m.extra().wikidata.is_some() && !m.closure.is_closed()).then_some(SNAPSHOT_YEAR)
}

/// Bounds that say only a mission's own source's date.
pub(crate) fn own_date(year: i32) -> std::sync::Arc<crate::timeline::TimeBounds> {
    std::sync::Arc::new(crate::timeline::TimeBounds {
        as_of: Some(crate::timeline::Bound::new(year, crate::data::OWN_AS_OF)),
        ..Default::default()
    })
}

/// What the world set covers, said plainly: one snapshot, how many missions have an
/// opening year, and whose closures are known.
fn coverage(missions: &[Mission]) -> String {
    let opened = missions.iter().filter(|m| m.opened.is_some()).count();
    let closed: Vec<&Mission> = missions.iter().filter(|m| m.closure.is_closed()).collect();
    let senders: std::collections::BTreeSet<&str> =
        closed.iter().map(|m| &*m.sending_state).collect();
    let whose = match senders.iter().collect::<Vec<_>>().as_slice() {
        [one] => format!(
            "all of them {one}'s; a mission of another sender that closed before November 2022 is not in the set"
        ),
        _ => format!("of {} sending states", senders.len()),
    };
    format!(
        "What it covers: the missions Wikidata lists as open in November 2022 (one snapshot), and North Korea's from the list, closed ones included: {} in all. An opening year is known for {opened} of them and a closure for {}, {whose}; a mission without an opening year is not known to have been open earlier.",
        missions.len(),
        closed.len()
    )
}

#[cfg(test)]
mod tests;
