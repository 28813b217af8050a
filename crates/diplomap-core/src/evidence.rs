//! Evidence for the dates nobody recorded: when the sending state, the host and the
//! seat of the host's embassies existed, and when international organisations did.
//!
//! The tables are committed under `data/evidence/` (compiled by `tools/make_evidence.py`
//! from the Correlates of War state-system list v2016 and its capitals list; see that
//! folder's README for the corrections) and embedded here. [`derive_bounds`] gives every
//! mission of a data set its [`TimeBounds`]: not opened before the latest of
//!
//! - the start of the sending state's current run in the state system (its predecessors
//!   counted: Germany through the two German states);
//! - for an embassy, a high commission or a nunciature, the start of the host's run, and
//!   of the years its embassies have stood in the mission's city (Abuja from 1991);
//! - for a permanent mission, the organisation's founding and, where known, the year the
//!   sender joined it (North Korea, the United Nations, 1991);
//!
//! each "run" being the one that holds the year the mission is known to exist (its
//! closure, else the data set's date). Open by: its closure, else the data set's date.
//! A year the source gives for the mission outranks all of these; where they disagree,
//! [`conflict`] says so. A recorded opening before 1816, the first year the tables cover,
//! that the tables contradict is one no reading can hold: it is reported and not drawn
//! ([`TimeBounds::opening_ruled_out`]).

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use crate::model::{Closure, Dataset, Mission, MissionKind, Text};
use crate::text::fold;
use crate::timeline::{Bound, TimeBounds};

const STATES_TSV: &str = include_str!("../../../data/evidence/states.tsv");
const SEATS_TSV: &str = include_str!("../../../data/evidence/seats.tsv");

/// How the state tables are cited.
pub const COW: &str = "COW state system v2016";
/// How the seats table is cited.
pub const SEATS: &str = "seats table, from the COW capitals list";
/// The first year the state tables cover.
pub const TABLES_START: i32 = 1816;

/// One period of a state's membership of the state system.
#[derive(Debug, Clone, PartialEq)]
struct Period {
    from: i32,
    /// The last year; `None`: still a member when the list ends.
    to: Option<i32>,
    /// The COW name of the state that holds it ("German Democratic Republic").
    name: String,
    /// Held by a predecessor the state is counted through.
    predecessor: bool,
}

/// One row of the seats table: a host's embassies stand in one of `cities` over the years.
#[derive(Debug, Clone, PartialEq)]
struct Seat {
    /// Folded names.
    cities: Vec<String>,
    /// The name shown.
    shown: String,
    from: i32,
    to: Option<i32>,
}

/// An organisation: its founding, and the years some states joined it.
struct Organisation {
    names: &'static [&'static str],
    founded: i32,
    founded_why: &'static str,
    members: &'static [(&'static str, i32, &'static str)],
}

/// The organisations with permanent missions in the built-in sets, with facts from their
/// founding documents and admission records.
const ORGANISATIONS: [Organisation; 3] = [
    Organisation {
        names: &["united nations", "un", "united nations office at geneva"],
        founded: 1945,
        founded_why: "the United Nations founded in 1945 (UN Charter)",
        members: &[
            (
                "KP",
                1991,
                "North Korea admitted to the United Nations in 1991 (UN General Assembly resolution 46/1)",
            ),
            (
                "KR",
                1991,
                "South Korea admitted to the United Nations in 1991 (UN General Assembly resolution 46/1)",
            ),
        ],
    },
    Organisation {
        names: &["unesco"],
        founded: 1945,
        founded_why: "UNESCO founded in 1945 (its Constitution)",
        members: &[(
            "KP",
            1974,
            "North Korea a member of UNESCO from 1974 (UNESCO's list of member states)",
        )],
    },
    Organisation {
        names: &["fao", "food and agriculture organization"],
        founded: 1945,
        founded_why: "the FAO founded in 1945 (its Constitution)",
        members: &[],
    },
];

/// The embedded evidence tables.
#[derive(Debug, Default)]
pub struct Evidence {
    /// By ISO code: the periods, sorted, predecessors among them.
    states: FastMap<String, Vec<Run>>,
    /// By ISO code, then by folded city name: the runs of years embassies stood there.
    seats: FastMap<String, FastMap<String, Vec<Run>>>,
}

/// A hash map with a fast hasher (the keys are our own tables' and data's, not hostile).
type FastMap<K, V> = HashMap<K, V, foldhash::fast::FixedState>;

/// Years that follow one another, made of periods (or seat rows) that meet or overlap:
/// the first year, the last (`None`: still), and who began it.
#[derive(Debug, Clone, PartialEq)]
struct Run {
    from: i32,
    to: Option<i32>,
    name: String,
}

/// A line of a table that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}, line {line}: {message}")]
pub struct TableProblem {
    pub file: &'static str,
    pub line: usize,
    pub message: String,
}

/// A table's rows: its file, the line number and the fields (comments and blank lines
/// left out).
fn rows<'t>(
    text: &'t str,
    file: &'static str,
) -> impl Iterator<Item = (&'static str, usize, Vec<&'t str>)> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.starts_with('#') && !l.trim().is_empty())
        .map(move |(i, l)| (file, i + 1, l.split('\t').collect()))
}

/// A row's first and last year, in fields `at` and `at + 1` (the last empty: still), or
/// what is wrong with the row (`shape` when fields are missing).
fn span_of(f: &[&str], at: usize, shape: &str) -> Result<(i32, Option<i32>), String> {
    let (Some(from), Some(to)) = (f.get(at), f.get(at + 1)) else {
        return Err(shape.to_owned());
    };
    let Some(from) = year_of(from) else {
        return Err(format!("{shape}; \"from\": \"{from}\" is no year"));
    };
    if to.trim().is_empty() {
        return Ok((from, None));
    }
    year_of(to)
        .map(|t| (from, Some(t)))
        .ok_or_else(|| format!("\"to\": \"{to}\" is no year"))
}

fn year_of(s: &str) -> Option<i32> {
    s.trim().parse().ok()
}

impl Evidence {
    /// The tables built into the app.
    /// The states members of the state system at the end of its tables (still members),
    /// by ISO code, sorted.
    pub fn members_at_end(&self) -> Vec<String> {
        let mut out: Vec<String> = self
            .states
            .iter()
            .filter(|(_, runs)| runs.iter().any(|r| r.to.is_none()))
            .map(|(iso, _)| iso.clone())
            .collect();
        out.sort();
        out
    }

    pub fn embedded() -> &'static Evidence {
        static E: OnceLock<Evidence> = OnceLock::new();
        E.get_or_init(|| {
            let (e, problems) = Evidence::parse(STATES_TSV, SEATS_TSV);
            // The tables are ours and tested to read cleanly; were one not to, the
            // lines that do read are used and each problem is logged once.
            for p in problems {
                log::warn!("{p}");
            }
            e
        })
    }

    /// Reads the two tables (tab-separated, `#` lines are comments).
    pub fn parse(states: &str, seats: &str) -> (Evidence, Vec<TableProblem>) {
        let mut e = Evidence::default();
        let mut problems = Vec::new();
        let mut periods: HashMap<String, Vec<Period>> = HashMap::new();
        let mut seat_rows: HashMap<String, Vec<Seat>> = HashMap::new();
        for (file, line, f) in rows(states, "data/evidence/states.tsv") {
            match span_of(&f, 3, "expected iso, ccode, name, from (a year), to") {
                Ok((from, to)) => {
                    let iso = f.first().copied().unwrap_or_default();
                    periods.entry(iso.to_owned()).or_default().push(Period {
                        from,
                        to,
                        name: f.get(2).copied().unwrap_or_default().to_owned(),
                        predecessor: f.get(5).is_some_and(|a| a.trim() == "predecessor"),
                    });
                }
                Err(message) => problems.push(TableProblem {
                    file,
                    line,
                    message,
                }),
            }
        }
        for (file, line, f) in rows(seats, "data/evidence/seats.tsv") {
            match span_of(&f, 2, "expected iso, cities, from (a year), to") {
                Ok((from, to)) => {
                    let iso = f.first().copied().unwrap_or_default();
                    let cities = f.get(1).copied().unwrap_or_default();
                    seat_rows.entry(iso.to_owned()).or_default().push(Seat {
                        cities: cities.split('|').map(fold).collect(),
                        shown: cities.split('|').next().unwrap_or_default().to_owned(),
                        from,
                        to,
                    });
                }
                Err(message) => problems.push(TableProblem {
                    file,
                    line,
                    message,
                }),
            }
        }
        // By start; of periods that start together, the state's own first (it names a
        // run before a predecessor does). Runs are made once, here.
        for (iso, mut v) in periods {
            v.sort_by_key(|p| (p.from, p.predecessor));
            let r = runs(v.iter().map(|p| (p.from, p.to, p.name.as_str())));
            e.states.insert(iso, r);
        }
        for (iso, mut v) in seat_rows {
            v.sort_by_key(|s| s.from);
            let mut by_city: FastMap<String, Vec<&Seat>> = FastMap::default();
            for s in &v {
                for c in &s.cities {
                    by_city.entry(c.clone()).or_default().push(s);
                }
            }
            let by_city = by_city
                .into_iter()
                .map(|(c, rows)| {
                    let r = runs(rows.iter().map(|s| (s.from, s.to, s.shown.as_str())));
                    (c, r)
                })
                .collect();
            e.seats.insert(iso, by_city);
        }
        (e, problems)
    }

    /// Whether the tables know the state `iso`.
    pub fn knows(&self, iso: &str) -> bool {
        self.states.contains_key(iso)
    }

    /// The start of the run of years `iso` was a state that holds `anchor` (or, without
    /// one, its latest), with the name of the state that began it; its periods (and its
    /// predecessors') that meet or overlap make one run.
    pub fn state_from(&self, iso: &str, anchor: Option<i32>) -> Option<(i32, &str)> {
        pick(self.states.get(iso)?, anchor)
    }

    /// The first year of the run in which the host's embassies stood in `city`, holding
    /// `anchor`, with the seat's name.
    pub fn seat_from(&self, iso: &str, city: &str, anchor: Option<i32>) -> SeatAnswer<'_> {
        self.seat_from_folded(iso, &fold(city), anchor)
    }

    /// [`Evidence::seat_from`] for a city's name already folded ([`fold`]).
    fn seat_from_folded(&self, iso: &str, city: &str, anchor: Option<i32>) -> SeatAnswer<'_> {
        let Some(seats) = self.seats.get(iso) else {
            return SeatAnswer::NoTable;
        };
        let Some(runs) = seats.get(city) else {
            return SeatAnswer::NotASeat;
        };
        match pick(runs, anchor) {
            Some((y, name)) => SeatAnswer::From(y, name),
            None => SeatAnswer::NotYet,
        }
    }
}

/// What the seats table says of a city in a host.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SeatAnswer<'a> {
    /// The table has no seat of that host.
    NoTable,
    /// The host has seats, and the city is none of them (a district, a consular city).
    NotASeat,
    /// The city became a seat only after the year asked about.
    NotYet,
    /// Embassies stood there from this year, under this name.
    From(i32, &'a str),
}

/// Periods (sorted by start) merged where they meet or overlap.
fn runs<'a>(periods: impl Iterator<Item = (i32, Option<i32>, &'a str)>) -> Vec<Run> {
    let mut out: Vec<Run> = Vec::new();
    for (from, to, name) in periods {
        match out.last_mut() {
            Some(last) if last.to.is_none_or(|t| from <= t + 1) => {
                last.to = match (last.to, to) {
                    (None, _) | (_, None) => None,
                    (Some(a), Some(b)) => Some(a.max(b)),
                };
            }
            _ => out.push(Run {
                from,
                to,
                name: name.to_owned(),
            }),
        }
    }
    out
}

/// The run that began last at or before `anchor` (the latest without one).
fn pick(runs: &[Run], anchor: Option<i32>) -> Option<(i32, &str)> {
    runs.iter()
        .rev()
        .find(|r| anchor.is_none_or(|a| r.from <= a))
        .map(|r| (r.from, r.name.as_str()))
}

/// Whether a mission of this type stands only where its host is a sovereign state whose
/// embassies stand in the mission's city.
pub fn needs_seat(kind: MissionKind) -> bool {
    matches!(
        kind,
        MissionKind::Embassy | MissionKind::HighCommission | MissionKind::ApostolicNunciature
    )
}

/// The year a mission is known to exist: its closure, else its data set's date.
fn anchor(m: &Mission, as_of: Option<i32>) -> Option<i32> {
    match m.closure {
        Closure::InYear(c) => Some(c),
        _ => as_of,
    }
}

/// Why a mission cannot have opened earlier: which fact bounds it, before it is written
/// out (the derivation writes each distinct reason once).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Reason<'e> {
    /// A state (by its COW name) in the state system from the year.
    State(&'e str, i32),
    /// Embassies of the host (by name) in the city from the year.
    Seat(&'e str, Text, i32),
    /// A fact with its source, written out (an organisation's).
    Fact(&'static str),
}

impl Reason<'_> {
    /// The reason as the details and exports write it.
    pub fn text(&self) -> String {
        match self {
            Reason::State(name, y) => format!("{name} in the state system from {y} ({COW})"),
            Reason::Seat(city, host, y) => {
                format!("{city} the seat of {host}'s embassies from {y} ({SEATS})")
            }
            Reason::Fact(why) => (*why).to_owned(),
        }
    }
}

/// The bound on a mission's opening the tables give, with its reason (the latest of the
/// candidates; of equal ones, the first named in the module's list).
pub fn not_before(
    e: &Evidence,
    m: &Mission,
    sender_iso: Option<&str>,
    as_of: Option<i32>,
) -> Option<Bound> {
    not_before_reason(e, m, sender_iso, &fold(&m.city), as_of).map(|(y, r)| Bound::new(y, r.text()))
}

/// [`not_before`]'s year and reason, not yet written out.
fn not_before_reason<'e>(
    e: &'e Evidence,
    m: &Mission,
    sender_iso: Option<&str>,
    city: &str,
    as_of: Option<i32>,
) -> Option<(i32, Reason<'e>)> {
    let at = anchor(m, as_of);
    let mut best: Option<(i32, Reason<'e>)> = None;
    let mut offer = |year: i32, why: Reason<'e>| {
        if best.as_ref().is_none_or(|b| year > b.0) {
            best = Some((year, why));
        }
    };
    if let Some((y, name)) = sender_iso.and_then(|s| e.state_from(s, at)) {
        offer(y, Reason::State(name, y));
    }
    if needs_seat(m.kind) {
        if let Some((y, name)) = e.state_from(&m.country_code, at) {
            offer(y, Reason::State(name, y));
        }
        if let SeatAnswer::From(y, city) = e.seat_from_folded(&m.country_code, city, at) {
            offer(y, Reason::Seat(city, m.country.clone(), y));
        }
    }
    if m.kind == MissionKind::PermanentMission
        && let Some(org) = m.organization.as_deref().and_then(organisation)
    {
        offer(org.founded, Reason::Fact(org.founded_why));
        if let Some((_, y, why)) = org
            .members
            .iter()
            .find(|(iso, _, _)| Some(*iso) == sender_iso)
        {
            offer(*y, Reason::Fact(why));
        }
    }
    best
}

fn organisation(name: &str) -> Option<&'static Organisation> {
    let key = fold(name);
    ORGANISATIONS
        .iter()
        .find(|o| o.names.contains(&key.as_str()))
}

/// Where a mission's recorded opening and the tables disagree, what the details and the
/// reports say ("opened 1300 by its source, but not before 1993: Slovakia in the state
/// system from 1993 (…)").
pub fn conflict(m: &Mission) -> Option<String> {
    let b = m.bounds()?;
    let nb = b.opened_not_before.as_ref()?;
    let o = m.opened?;
    (o < nb.year).then(|| {
        let ruled = if b.opening_ruled_out {
            "; before the tables begin (1816), so not drawn"
        } else {
            "; the source's year is drawn"
        };
        format!(
            "opened {o} by its source, but not before {} by the tables: {}{ruled}",
            nb.year, nb.why
        )
    })
}

/// Every mission of `missions` whose dates and the tables disagree or barely agree, with
/// what is wrong: a recorded opening before the tables' bound ([`conflict`]), or a closure
/// in the very first year the tables allow (North Korea's embassy in Astana, closed in
/// 1998, the year Astana became the seat) or before it.
pub fn findings(missions: &[Mission]) -> Vec<(&str, String)> {
    let mut out = Vec::new();
    for m in missions {
        if let Some(c) = conflict(m) {
            out.push((m.id.as_str(), c));
        }
        let nb = m.bounds().and_then(|b| b.opened_not_before.as_ref());
        if let (None, Some(nb), Some(c)) = (m.opened, nb, m.first_closure()) {
            if c < nb.year {
                out.push((
                    m.id.as_str(),
                    format!(
                        "closed in {c} by its source, before {} (not before {}), so no year of it can be drawn open",
                        nb.why, nb.year
                    ),
                ));
            } else if c == nb.year {
                out.push((
                    m.id.as_str(),
                    format!(
                        "closed in {c}, the first year the evidence allows it: {}",
                        nb.why
                    ),
                ));
            }
        }
    }
    out
}

/// What the details say of a mission's opening: the recorded year, or the bounds with
/// their reasons ("not recorded — not before 1990: Namibia in the state system from 1990
/// (COW state system v2016); open by 1994: when it closed, in 1994"); a disagreement
/// between the two is told ([`conflict`]).
pub fn opened_text(m: &Mission) -> String {
    let b = m.bounds();
    if let Some(o) = m.opened {
        return match conflict(m) {
            Some(c) => format!("{o} ({c})"),
            None => o.to_string(),
        };
    }
    let mut parts = Vec::new();
    if let Some(nb) = b.and_then(|b| b.opened_not_before.as_ref()) {
        parts.push(format!("not before {}: {}", nb.year, nb.why));
    }
    if let Some(by) = b.and_then(|b| b.opened_by.as_ref()) {
        parts.push(format!("open by {}: {}", by.year, by.why));
    }
    if parts.is_empty() {
        "not recorded, and nothing bounds it".to_owned()
    } else {
        format!("not recorded — {}", parts.join("; "))
    }
}

/// What the details say of the data's date for a mission: "2024 (the list, which reports
/// events up to 2024)"; a closure whose year nobody recorded is known by then.
pub fn as_of_text(m: &Mission) -> Option<String> {
    let a = m.bounds()?.as_of.as_ref()?;
    Some(match m.closure {
        Closure::YearUnknown => format!("closed by {} ({}), year not recorded", a.year, a.why),
        Closure::Open => format!("{} ({}); later years are not known", a.year, a.why),
        Closure::InYear(_) => format!("{} ({})", a.year, a.why),
    })
}

/// Gives every mission of `ds` its bounds: a mission's date, once it has one (from its
/// file, its row, or an earlier derivation), stays; the others take the set's; the rest is derived. Missions the same evidence
/// bounds alike share one [`TimeBounds`].
pub fn derive_bounds(ds: &mut Dataset) {
    let e = Evidence::embedded();
    let countries = crate::gazetteer::Gazetteer::countries_only();
    let set_as_of = ds
        .as_of
        .as_ref()
        .map(|a| Bound::new(a.year, a.note.as_str()));
    // Each distinct reason is written once and shared; bounds are shared by what makes
    // them (their years and their reasons' addresses).
    // (Texts a loader made are shared: one address per distinct text, a cheap key.)
    type Map<K, V> = FastMap<K, V>;
    let mut sender_iso: Map<usize, Option<String>> = Map::default();
    let mut folded: Map<usize, String> = Map::default();
    let mut reasons: Map<Reason<'_>, Text> = Map::default();
    let mut closed_why: Map<i32, Text> = Map::default();
    let mut open_why: Map<(i32, usize), Text> = Map::default();
    type Key = [(i32, usize); 4];
    let mut shared: Map<(Key, bool), Arc<TimeBounds>> = Map::default();
    let key = |b: &Option<Bound>| b.as_ref().map_or((i32::MIN, 0), |b| (b.year, b.why.addr()));
    for m in &mut ds.missions {
        let as_of = m
            .bounds()
            .and_then(|b| b.as_of.clone())
            .or_else(|| set_as_of.clone());
        let iso = sender_iso
            .entry(m.sending_state.addr())
            .or_insert_with(|| {
                countries
                    .country(&m.sending_state)
                    .map(|c| c.code.clone())
                    .filter(|c| e.knows(c))
            })
            .as_deref();
        // Only an embassy's city is looked up in the seats table.
        let city = if needs_seat(m.kind) {
            folded
                .entry(m.city.addr())
                .or_insert_with(|| fold(&m.city))
                .as_str()
        } else {
            ""
        };
        let nb =
            not_before_reason(e, m, iso, city, as_of.as_ref().map(|b| b.year)).map(|(y, r)| {
                let why = reasons
                    .entry(r)
                    .or_insert_with_key(|r| Text::from(r.text()));
                Bound {
                    year: y,
                    why: why.clone(),
                }
            });
        let seen_open = m.bounds().and_then(|b| b.seen_open.clone());
        // Open by the earliest year a source shows it open: a snapshot that lists it, its
        // closure, its data set's date.
        let closed = m.first_closure().map(|c| Bound {
            year: c,
            why: closed_why
                .entry(c)
                .or_insert_with(|| Text::from(format!("when it closed, in {c}")))
                .clone(),
        });
        let open = match m.closure {
            Closure::Open => as_of.as_ref().map(|a| Bound {
                year: a.year,
                why: open_why
                    .entry((a.year, a.why.addr()))
                    .or_insert_with(|| Text::from(format!("open as of {} ({})", a.year, a.why)))
                    .clone(),
            }),
            _ => None,
        };
        let opened_by = [seen_open.clone(), closed, open]
            .into_iter()
            .flatten()
            .min_by_key(|b| b.year);
        let opening_ruled_out = matches!(
            (m.opened, &nb),
            (Some(o), Some(b)) if o < TABLES_START && o < b.year
        );
        let k = (
            [key(&nb), key(&opened_by), key(&as_of), key(&seen_open)],
            opening_ruled_out,
        );
        let b = TimeBounds {
            opened_not_before: nb,
            opened_by,
            as_of,
            seen_open,
            opening_ruled_out,
        };
        m.bounds = if b.is_empty() {
            None
        } else {
            Some(shared.entry(k).or_insert_with(|| Arc::new(b)).clone())
        };
    }
}

#[cfg(test)]
mod tests;
