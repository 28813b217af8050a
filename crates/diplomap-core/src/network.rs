//! Networks: what a sending state's missions add up to in a year. The ranking of senders
//! (missions, host countries, countries covered), one sender's coverage of the world
//! (resident, accredited from elsewhere), reciprocity between two senders, and the
//! missions that opened or closed between two years. The CLI (`stats`, `changes`) and,
//! in time, the app's network views read these.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::filter::{Filter, Matcher};
use crate::gazetteer::Gazetteer;
use crate::model::Mission;
use crate::senders::{self, Counting, SenderClass};
use crate::text::fold;
use crate::timeline::state_at;

/// A country as networks count it: its ISO code when the gazetteer knows the name, else
/// the folded name (an accreditation to a country the gazetteer does not list).
pub fn country_key(gaz: &Gazetteer, name_or_code: &str) -> String {
    gaz.country(name_or_code)
        .map_or_else(|| fold(name_or_code), |c| c.code.clone())
}

/// [`country_key`] remembered per name: data sets repeat the same few hundred names
/// thousands of times, and folding a name is the costly part.
struct Keys<'g, 'm> {
    gaz: &'g Gazetteer,
    known: HashMap<&'m str, std::sync::Arc<str>>,
}

impl<'g, 'm> Keys<'g, 'm> {
    fn new(gaz: &'g Gazetteer) -> Self {
        Keys {
            gaz,
            known: HashMap::new(),
        }
    }

    fn get(&mut self, name: &'m str) -> std::sync::Arc<str> {
        let gaz = self.gaz;
        self.known
            .entry(name)
            .or_insert_with(|| country_key(gaz, name).into())
            .clone()
    }
}

/// [`senders::shown_name`] and [`senders::class_of`] remembered per sender text (shared
/// by its missions): a name is looked up in the table once, not once per mission.
#[derive(Default)]
struct Senders<'m> {
    known: HashMap<usize, (&'m str, SenderClass)>,
}

impl<'m> Senders<'m> {
    fn of(&mut self, name: &'m crate::model::Text) -> (&'m str, SenderClass) {
        *self.known.entry(name.as_ptr() as usize).or_insert_with(|| {
            let shown = senders::shown_name(name);
            (shown, senders::class_of(shown))
        })
    }
}

/// Whether `m` counts in `year`: operating then (open, or closing that year) and shown by
/// `filter`, when there is one.
fn counts(m: &Mission, year: i32, filter: &mut Option<Matcher<'_>>) -> bool {
    state_at(m, year).is_active() && filter.as_mut().is_none_or(|f| f.matches(m, year))
}

/// One sender's row of the ranking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SenderStats {
    pub sender: String,
    /// Missions operating in the year, of the kinds counted ([`Counting`]).
    pub missions: usize,
    /// Sovereign states ([`senders::is_sovereign`]) with at least one of them, missions
    /// to organisations aside.
    pub host_countries: usize,
    /// Sovereign states with one of them, or to which one is accredited.
    pub countries_covered: usize,
    /// Missions that may be operating in the year (no source shows them open then),
    /// counted apart from the known ones and in none of the numbers above.
    pub missions_may_be_open: usize,
    /// What the sender is.
    pub class: SenderClass,
    /// Its posts operating in the year of kinds not counted (honorary posts, trade
    /// offices), in none of the numbers above.
    pub posts_not_counted: usize,
    /// Places it is resident in or accredited to that are not sovereign states
    /// (territories), listed apart and not counted.
    pub other_places: usize,
}

/// Every sender with a counted mission operating, or that may be operating, in `year`
/// (and shown by `filter`), of a class `counting` ranks, ranked by missions known to
/// operate, then host countries, then countries covered, then missions that may be open,
/// then name. A sender named by its ministry counts as its state
/// ([`senders::shown_name`]).
pub fn ranking(
    missions: &[Mission],
    year: i32,
    filter: Option<&Filter>,
    gaz: &Gazetteer,
    counting: Counting,
) -> Vec<SenderStats> {
    #[derive(Default)]
    struct Acc {
        missions: usize,
        may_be: usize,
        not_counted: usize,
        hosts: BTreeSet<std::sync::Arc<str>>,
        covered: BTreeSet<std::sync::Arc<str>>,
        elsewhere: BTreeSet<std::sync::Arc<str>>,
    }
    let mut keys = Keys::new(gaz);
    let mut names = Senders::default();
    let mut by_sender: HashMap<&str, Acc> = HashMap::new();
    let mut shown = filter.map(Filter::matcher);
    for m in missions {
        let state = state_at(m, year);
        if !state.may_be_active() || !shown.as_mut().is_none_or(|f| f.matches(m, year)) {
            continue;
        }
        let (sender, class) = names.of(&m.sending_state);
        if !counting.ranks(class) {
            continue;
        }
        let a = by_sender.entry(sender).or_default();
        if !counting.counts(m) {
            a.not_counted += usize::from(state.is_active());
            continue;
        }
        if !state.is_active() {
            a.may_be += 1;
            continue;
        }
        a.missions += 1;
        let place = |a: &mut Acc, k: std::sync::Arc<str>, resident: bool| {
            if senders::is_sovereign(&k) {
                if resident {
                    a.hosts.insert(k.clone());
                }
                a.covered.insert(k);
            } else {
                a.elsewhere.insert(k);
            }
        };
        if !senders::to_organisation(m) {
            place(a, keys.get(&m.country_code), true);
        }
        for c in &m.extra().accredited_to {
            place(a, keys.get(c), false);
        }
    }
    let mut out: Vec<SenderStats> = by_sender
        .into_iter()
        .filter(|(_, a)| a.missions + a.may_be > 0)
        .map(|(s, a)| SenderStats {
            sender: s.to_owned(),
            missions: a.missions,
            host_countries: a.hosts.len(),
            countries_covered: a.covered.len(),
            missions_may_be_open: a.may_be,
            class: senders::class_of(s),
            posts_not_counted: a.not_counted,
            other_places: a.elsewhere.difference(&a.covered).count(),
        })
        .collect();
    out.sort_by(|a, b| {
        (
            b.missions,
            b.host_countries,
            b.countries_covered,
            b.missions_may_be_open,
        )
            .cmp(&(
                a.missions,
                a.host_countries,
                a.countries_covered,
                a.missions_may_be_open,
            ))
            .then_with(|| a.sender.cmp(&b.sender))
    });
    out
}

/// The columns of [`write_ranking_csv`].
pub const RANKING_COLUMNS: [&str; 8] = [
    "sending_state",
    "missions",
    "host_countries",
    "countries_covered",
    "missions_may_be_open",
    "sender_class",
    "posts_not_counted",
    "other_places",
];

/// The ranking as CSV ([`RANKING_COLUMNS`]).
pub fn write_ranking_csv(rows: &[SenderStats], w: &mut dyn std::io::Write) -> std::io::Result<()> {
    let mut out = csv::Writer::from_writer(w);
    out.write_record(RANKING_COLUMNS)?;
    for r in rows {
        out.write_record([
            crate::export::csv_text(&r.sender).into_owned(),
            r.missions.to_string(),
            r.host_countries.to_string(),
            r.countries_covered.to_string(),
            r.missions_may_be_open.to_string(),
            r.class.as_str().to_owned(),
            r.posts_not_counted.to_string(),
            r.other_places.to_string(),
        ])?;
    }
    out.flush()
}

/// How a country is covered by a sender.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Coverage {
    /// A mission of the sender is in the country.
    Resident,
    /// A mission elsewhere is accredited to it.
    Accredited,
    /// Only missions that may be open in the year (no source shows them open then) are
    /// there or accredited to it: it may be covered.
    MayBeCovered,
}

/// The countries `sender` covers in `year`, by [`country_key`]; a country absent from the
/// map is not covered. Only posts `counting` counts cover; a mission to an organisation
/// makes no country around it resident ([`senders::to_organisation`]), though what it is
/// accredited to is covered. Territories are among the keys (the map shades them);
/// [`senders::is_sovereign`] tells the states apart.
pub fn coverage(
    missions: &[Mission],
    sender: &str,
    year: i32,
    filter: Option<&Filter>,
    gaz: &Gazetteer,
    counting: Counting,
) -> BTreeMap<String, Coverage> {
    let mut keys = Keys::new(gaz);
    let mut out = BTreeMap::new();
    let mut shown = filter.map(Filter::matcher);
    let sender = senders::shown_name(sender);
    let mut names = Senders::default();
    // Known missions first; those that may be open add only what they alone may cover.
    let mut maybe = Vec::new();
    for m in missions
        .iter()
        .filter(|m| names.of(&m.sending_state).0 == sender && counting.counts(m))
    {
        let state = state_at(m, year);
        if !state.may_be_active() || !shown.as_mut().is_none_or(|f| f.matches(m, year)) {
            continue;
        }
        if !state.is_active() {
            maybe.push(m);
            continue;
        }
        if !senders::to_organisation(m) {
            out.insert(keys.get(&m.country_code).to_string(), Coverage::Resident);
        }
        for c in &m.extra().accredited_to {
            out.entry(keys.get(c).to_string())
                .or_insert(Coverage::Accredited);
        }
    }
    for m in maybe {
        let host = (!senders::to_organisation(m)).then(|| keys.get(&m.country_code));
        for k in host
            .into_iter()
            .chain(m.extra().accredited_to.iter().map(|c| keys.get(c)))
        {
            out.entry(k.to_string()).or_insert(Coverage::MayBeCovered);
        }
    }
    out
}

/// Two senders' missions in each other's country in a year.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Reciprocity {
    /// A's missions in B, B's in A (indices into the missions).
    pub a_in_b: Vec<usize>,
    pub b_in_a: Vec<usize>,
    /// A's missions in third countries that are accredited to B.
    pub a_covering_b: Vec<usize>,
    pub b_covering_a: Vec<usize>,
}

/// Reciprocity between senders `a` and `b` (by name, as the data writes them) in `year`.
pub fn reciprocity(
    missions: &[Mission],
    a: &str,
    b: &str,
    year: i32,
    filter: Option<&Filter>,
    gaz: &Gazetteer,
) -> Reciprocity {
    let (ka, kb) = (country_key(gaz, a), country_key(gaz, b));
    let mut keys = Keys::new(gaz);
    let mut r = Reciprocity::default();
    let mut shown = filter.map(Filter::matcher);
    for (i, m) in missions.iter().enumerate() {
        let s = &*m.sending_state;
        if (s != a && s != b) || !counts(m, year, &mut shown) {
            continue;
        }
        let host = keys.get(&m.country_code);
        let host = &*host;
        let mut accredited = |k: &str| m.extra().accredited_to.iter().any(|c| &*keys.get(c) == k);
        if s == a && host == kb {
            r.a_in_b.push(i);
        } else if s == b && host == ka {
            r.b_in_a.push(i);
        } else if s == a && accredited(&kb) {
            r.a_covering_b.push(i);
        } else if s == b && accredited(&ka) {
            r.b_covering_a.push(i);
        }
    }
    r
}

/// What happened to a mission between two years.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Change {
    Opened,
    Closed,
}

impl Change {
    pub fn as_str(self) -> &'static str {
        match self {
            Change::Opened => "opened",
            Change::Closed => "closed",
        }
    }
}

/// The missions that opened or closed in the years after `from` up to `to`, with the
/// year (a break's closure and reopening among them; a mission that did several is listed
/// for each, in the order they happened, opened first), in data order.
pub fn changes(missions: &[Mission], from: i32, to: i32) -> Vec<(usize, Change, i32)> {
    let within = |y: i32| y > from && y <= to;
    let mut out = Vec::new();
    for (i, m) in missions.iter().enumerate() {
        let breaks = crate::timeline::Periods::of_mission(m).breaks;
        let events = m
            .opened
            .map(|o| (o, Change::Opened))
            .into_iter()
            .chain(
                breaks
                    .iter()
                    .flat_map(|b| [(b.closed, Change::Closed), (b.reopened, Change::Opened)]),
            )
            .chain(m.closure.year().map(|c| (c, Change::Closed)));
        out.extend(events.filter(|&(y, _)| within(y)).map(|(y, c)| (i, c, y)));
    }
    out
}

#[cfg(test)]
mod tests;
