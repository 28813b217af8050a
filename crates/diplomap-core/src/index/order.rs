//! The mission list's order: sorting by a column, and laying the missions out in that
//! order so that listing the shown ones of a year is one pass.

use serde::{Deserialize, Serialize};

use super::*;
use crate::model::Text;

/// How the mission list is sorted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum SortKey {
    #[default]
    Country,
    City,
    Kind,
    Status,
    Region,
    Sender,
    /// The opening year, or the earliest the evidence allows ([`timeline::opened_sort_key`]).
    Opened,
    /// The first closure's year ([`timeline::closed_sort_key`]).
    Closed,
}

/// The list's order, kept for a sort key (and, for the status order, a year) and brought
/// up to date after a filter change. Sorted by status, the country-and-city order is kept
/// as well, laid out: each year regroups it in one pass through memory.
#[derive(Debug, Clone, Default)]
pub struct ListOrder {
    view: OrderedView,
    key: Option<(SortKey, i32)>,
    by_place: Option<OrderedView>,
}

impl ListOrder {
    /// The order for `sort` in `year`, laid out for `index` (e.g. on a loading thread).
    pub fn new(index: &MissionIndex, missions: &[Mission], sort: SortKey, year: i32) -> Self {
        let mut o = ListOrder::default();
        o.update(index, missions, sort, year);
        o
    }

    /// Makes the order the one for `sort` in `year` and brings it up to date with the
    /// index's filter; recomputes only what changed. `missions` must be the index's.
    pub fn update(&mut self, index: &MissionIndex, missions: &[Mission], sort: SortKey, year: i32) {
        // Only the status order changes with the year.
        let key = (sort, if sort == SortKey::Status { year } else { 0 });
        if self.key == Some(key) {
            index.refresh_ordered(&mut self.view);
            return;
        }
        self.view = if sort == SortKey::Status {
            let by_place = self
                .by_place
                .get_or_insert_with(|| index.ordered(sort_order(missions, SortKey::Country, 0)));
            index.refresh_ordered(by_place);
            status_view(by_place, year)
        } else {
            self.by_place = None;
            index.ordered(sort_order(missions, sort, year))
        };
        self.key = Some(key);
    }

    /// The missions shown in `year`, in list order (reversed when `descending`).
    pub fn shown(&self, index: &MissionIndex, year: i32, descending: bool) -> Vec<u32> {
        let mut v = index.shown_in(&self.view, year);
        if descending {
            v.reverse();
        }
        v
    }
}

/// The missions in a list order, with their years and filter results laid out in that
/// order: listing the shown missions of a year is then one pass through memory instead of
/// a million scattered reads.
#[derive(Debug, Clone, Default)]
pub struct OrderedView {
    order: Vec<u32>,
    years: Vec<Years>,
    /// The index's breaks, which `years` refer to.
    breaks: Breaks,
    fail: Vec<u8>,
    generation: u64,
}

impl OrderedView {
    pub fn order(&self) -> &[u32] {
        &self.order
    }
}

impl MissionIndex {
    /// Lays out `order` (mission numbers) for [`MissionIndex::shown_in`].
    pub fn ordered(&self, order: Vec<u32>) -> OrderedView {
        let years = order
            .iter()
            .map(|&i| {
                self.years
                    .get(i as usize)
                    .copied()
                    .unwrap_or_else(Years::missing)
            })
            .collect();
        let mut v = OrderedView {
            order,
            years,
            breaks: self.breaks.clone(),
            fail: Vec::new(),
            generation: 0,
        };
        self.refresh_ordered(&mut v);
        v
    }

    /// Brings a view up to date after a filter change (cheap when there was none).
    pub fn refresh_ordered(&self, v: &mut OrderedView) {
        if v.generation == self.generation && v.fail.len() == v.order.len() {
            return;
        }
        v.fail = v
            .order
            .iter()
            .map(|&i| self.fail.get(i as usize).copied().unwrap_or(FAIL_OTHER))
            .collect();
        v.generation = self.generation;
    }

    /// The missions shown in `year`, in the view's order.
    pub fn shown_in(&self, v: &OrderedView, year: i32) -> Vec<u32> {
        let mission = |k: usize| v.order.get(k).copied().unwrap_or(0);
        let arrays = (v.years.as_slice(), v.fail.as_slice());
        shown_among(
            v.order.len(),
            mission,
            arrays,
            &v.breaks,
            &self.shown,
            clamp_year(year),
        )
    }
}

/// The place of each of `words` when sorted as people read them (folded): fixed words
/// (regions, statuses) sort in the list by the words it shows.
fn word_ranks(words: &[&str]) -> Vec<u64> {
    let folded: Vec<String> = words.iter().map(|w| fold(w)).collect();
    let mut sorted = folded.clone();
    sorted.sort();
    folded
        .iter()
        .map(|n| sorted.iter().position(|s| s == n).unwrap_or(0) as u64)
        .collect()
}

/// Where each status group stands in the list sorted by status: by the state's label, in
/// the order the Status column's words ([`timeline::short_status`]) sort in.
fn status_ranks() -> PerState<u64> {
    let ranks = word_ranks(&TimelineState::ALL.map(TimelineState::label));
    let mut out = PerState::default();
    for (k, st) in TimelineState::ALL.into_iter().enumerate() {
        out[st] = ranks.get(k).copied().unwrap_or(0);
    }
    out
}

/// The view `by_place` (all missions, sorted by country and city, laid out) regrouped by
/// status in `year` and, for those closed earlier, closing year, keeping the order within
/// each group: the same order as `sort_order(missions, SortKey::Status, year)` laid out,
/// made in one counting pass over the laid-out years (no mission is read).
pub fn status_view(by_place: &OrderedView, year: i32) -> OrderedView {
    // Status groups in the order the list shows them, as in `sort_order`.
    let ranks = status_ranks();
    let state_rank: [usize; facts::COMBINATIONS] = std::array::from_fn(|facts| {
        usize::try_from(ranks[TimelineState::from_facts(facts)]).unwrap_or(0)
    });
    // Closure years of the data range (`data::YEAR_RANGE`), and none.
    const YEARS: usize = 1202;
    let y = years::clamp_year(year);
    let key = |yr: &Years| -> usize {
        let facts = yr.facts(y, &by_place.breaks);
        let r = state_rank.get(facts).copied().unwrap_or(0);
        // Those closed earlier by the year the list shows (data years are 1000–2200); the
        // other groups show no year.
        let closed = match (
            TimelineState::from_facts(facts),
            yr.closed_after(y, &by_place.breaks),
        ) {
            (_, years::NEVER) => 0,
            (TimelineState::Closed, c) => usize::try_from(i32::from(c) - 999)
                .unwrap_or(0)
                .min(YEARS - 1),
            _ => 0,
        };
        r * YEARS + closed
    };
    let keys: Vec<u16> = by_place
        .years
        .iter()
        .map(|yr| u16::try_from(key(yr)).unwrap_or(u16::MAX))
        .collect();
    let mut at = vec![0usize; TimelineState::ALL.len() * YEARS + 1];
    for &k in &keys {
        if let Some(c) = at.get_mut(usize::from(k) + 1) {
            *c += 1;
        }
    }
    for k in 1..at.len() {
        let prev = at.get(k - 1).copied().unwrap_or(0);
        if let Some(c) = at.get_mut(k) {
            *c += prev;
        }
    }
    let n = by_place.order.len();
    let mut v = OrderedView {
        order: vec![0; n],
        years: vec![Years::MISSING; n],
        breaks: by_place.breaks.clone(),
        fail: vec![FAIL_OTHER; n],
        generation: by_place.generation,
    };
    let from = by_place
        .order
        .iter()
        .zip(&by_place.years)
        .zip(&by_place.fail);
    for (((&i, &yr), &f), &k) in from.zip(&keys) {
        let Some(slot) = at.get_mut(usize::from(k)) else {
            continue;
        };
        if let (Some(o), Some(y), Some(x)) = (
            v.order.get_mut(*slot),
            v.years.get_mut(*slot),
            v.fail.get_mut(*slot),
        ) {
            (*o, *y, *x) = (i, yr, f);
        }
        *slot += 1;
    }
    v
}

/// All missions in list order for `key` (ascending; ties in data order). Countries and
/// cities are folded once per distinct name, so a million missions sort in a blink.
pub fn sort_order(missions: &[Mission], key: SortKey, year: i32) -> Vec<u32> {
    // Keyed by a text's address: no hash-flooding to fear, so the fast hasher.
    type HashMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::FixedState>;
    // Rank of each distinct folded name, looked up by the shared text's address: the
    // texts folded once each and sorted, equal folded names sharing the first's rank.
    fn ranks<'a>(names: impl Iterator<Item = &'a Text>) -> HashMap<usize, u32> {
        let mut by_ptr: HashMap<usize, u32> = HashMap::default();
        let mut distinct: Vec<(String, usize)> = Vec::new();
        for n in names {
            let p = n.as_ptr() as usize;
            if let std::collections::hash_map::Entry::Vacant(e) = by_ptr.entry(p) {
                e.insert(0);
                distinct.push((fold(n), p));
            }
        }
        distinct.sort_unstable();
        let mut first = 0;
        for (k, (f, p)) in distinct.iter().enumerate() {
            if distinct.get(first).is_some_and(|(g, _)| g != f) {
                first = k;
            }
            by_ptr.insert(*p, to_u32(first));
        }
        by_ptr
    }
    let country = ranks(missions.iter().map(|m| &m.country));
    let city = ranks(missions.iter().map(|m| &m.city));
    let sender = if key == SortKey::Sender {
        ranks(missions.iter().map(|m| &m.sending_state))
    } else {
        HashMap::default()
    };
    let rank = |r: &HashMap<usize, u32>, t: &Text| {
        r.get(&(t.as_ptr() as usize)).copied().unwrap_or(u32::MAX)
    };
    // Types by the word the list shows ([`Mission::short_kind_word`]): the types' words
    // and the few of a source's own ("Chongryon"), ranked once.
    let kind_rank: HashMap<&str, u64> = if key == SortKey::Kind {
        let mut words: Vec<&str> = MissionKind::ALL
            .map(|k| k.short_word().unwrap_or(k.label()))
            .to_vec();
        let own = missions
            .iter()
            .filter(|m| m.kind.short_word().is_none())
            .filter_map(|m| m.extra.as_ref()?.word.as_deref());
        words.extend(own);
        words.sort_unstable();
        words.dedup();
        let ranks = word_ranks(&words);
        words.into_iter().zip(ranks).collect()
    } else {
        HashMap::default()
    };
    let region_rank = word_ranks(&Region::ALL.map(Region::as_str));
    let status_rank = status_ranks();
    let slot = |table: &[u64], i: Option<usize>| i.and_then(|i| table.get(i)).copied().unwrap_or(0);
    // (key, country and city ranks in one number, mission): 24 bytes to move, not 32.
    let mut keyed: Vec<(u64, u64, u32)> = missions
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let c = u64::from(rank(&country, &m.country));
            let t = u64::from(rank(&city, &m.city));
            let primary = match key {
                SortKey::Country => c,
                SortKey::City => t,
                SortKey::Sender => u64::from(rank(&sender, &m.sending_state)),
                SortKey::Kind => kind_rank.get(m.short_kind_word()).copied().unwrap_or(0),
                SortKey::Region => slot(
                    &region_rank,
                    Region::ALL.iter().position(|r| *r == m.region),
                ),
                SortKey::Opened => timeline::opened_sort_key(m),
                SortKey::Closed => timeline::closed_sort_key(m),
                SortKey::Status => {
                    // The group, then (for those closed earlier) the year the list shows.
                    let p = timeline::Periods::of_mission(m);
                    let state = p.state(year);
                    let closed = match (state, p.closed_after(year)) {
                        (TimelineState::Closed, Some(c)) => u64::try_from(c).unwrap_or(0),
                        _ => 0,
                    };
                    (status_rank[state] << 32) | closed
                }
            };
            (primary, (c << 32) | t, to_u32(i))
        })
        .collect();
    keyed.sort_unstable();
    keyed.into_iter().map(|k| k.2).collect()
}
