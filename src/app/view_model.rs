//! The data on screen and what follows from it: the data set, its index, the list order,
//! the selection, and the numbers the panels show ([`Derived`]), recomputed in one place,
//! [`ViewModel::refresh`], when the filter, the year, the order or the data change.

use std::path::{Path, PathBuf};

use super::state::UiState;
use crate::filter::Filter;
use crate::index::{FacetCounts, ListOrder, MissionIndex, SortKey};
use crate::model::{Dataset, Mission};
use crate::timeline::{TimelineState, YearSummary};

/// Everything the panels need to know, computed when the filter, year or data change.
#[derive(Debug, Clone, Default)]
pub struct Derived {
    /// How many missions pass the filter in the year.
    pub shown: usize,
    /// Those missions (numbers in the data set), in list order.
    pub sorted: Vec<u32>,
    /// Counts per status (ignoring the status facet) at the current year.
    pub summary: YearSummary,
    /// The number beside each filter option at the current year (what ticking it shows).
    pub facets: FacetCounts,
    /// Closures per year over the whole timeline (of the filtered set, ignoring status).
    pub closures: Vec<(i32, usize)>,
    /// The filtered set's counts per state in each year of the timeline (status
    /// ignored): the chart's line (known open) and band (may be open).
    pub through_time: Vec<(i32, crate::index::StateCounts)>,
    /// Comparing senders: each one's colour and its closures per year (keyed by year, as
    /// `closures`), for the chart's stacked bars.
    pub closures_by_sender: Vec<([u8; 4], std::collections::BTreeMap<i32, usize>)>,
    /// The list shows just the missions that changed between these years (`sorted` holds
    /// them, in data order), not the shown ones.
    pub list_changes: Option<(i32, i32)>,
}

/// A data set made ready (perhaps off the UI thread): its index for `filter`, and its list
/// order when one was made.
pub struct Prepared {
    pub dataset: Dataset,
    pub index: MissionIndex,
    pub filter: Filter,
    pub list: Option<ListOrder>,
}

impl Prepared {
    /// Indexes `dataset` for `filter`; with `order`, lays out its list order too.
    pub fn new(dataset: Dataset, filter: &Filter, order: Option<(SortKey, i32)>) -> Self {
        let index = MissionIndex::build(&dataset.missions, filter);
        let list = order.map(|(sort, year)| ListOrder::new(&index, &dataset.missions, sort, year));
        Prepared {
            dataset,
            index,
            filter: filter.clone(),
            list,
        }
    }
}

/// What [`Derived`] was computed for.
type DerivedKey = (Filter, i32, SortKey, bool, crate::senders::Counting);

/// The data set on screen and everything computed from it.
pub struct ViewModel {
    dataset: Dataset,
    data_path: Option<PathBuf>,
    /// The map and count index, built for `index_filter`.
    index: MissionIndex,
    index_filter: Filter,
    list: ListOrder,
    derived: Derived,
    derived_key: Option<DerivedKey>,
    /// The selected mission.
    pub selected: Option<usize>,
    /// Great-circle lines from the selected mission to the capital of each other country
    /// it is accredited to, made when it is selected.
    accreditations: Vec<Vec<(f64, f64)>>,
    /// The members of the cluster shown side by side.
    pub expanded: Option<Vec<usize>>,
    /// The missions that changed between two years, when marked.
    change: Option<ChangeMarks>,
    /// The coverage map: one sender's countries, resident or accredited, for the year and
    /// filter it was made for.
    coverage: Option<CoverageMap>,
    /// The accreditation lines of every shown mission of the compared senders, for the
    /// (filter, year) they were made for.
    network_lines: Option<((Filter, i32), Vec<NetworkLine>)>,
    /// The last year on the timeline: the data set's date, else `today`.
    last_year: i32,
    /// This year.
    today: i32,
}

impl ViewModel {
    /// The view of `p`; its timeline ends at the data set's date (a mission is never
    /// shown known open after it), or at `today` for a set with no date.
    pub fn new(p: Prepared, path: Option<PathBuf>, today: i32) -> Self {
        let last_year = p.dataset.as_of.as_ref().map_or(today, |a| a.year);
        ViewModel {
            dataset: p.dataset,
            data_path: path,
            index: p.index,
            index_filter: p.filter,
            list: p.list.unwrap_or_default(),
            derived: Derived::default(),
            derived_key: None,
            selected: None,
            accreditations: Vec::new(),
            expanded: None,
            change: None,
            coverage: None,
            network_lines: None,
            last_year,
            today,
        }
    }

    /// Replaces the data set; the selection goes, the numbers are recomputed at the next
    /// refresh.
    pub fn install(&mut self, p: Prepared, path: Option<PathBuf>) {
        *self = ViewModel::new(p, path, self.today);
    }

    /// Brings the index, the list order and the panels' numbers up to date with `state`;
    /// does nothing when nothing they depend on changed.
    pub fn refresh(&mut self, state: &UiState) {
        let key = (
            state.filter.clone(),
            state.year,
            state.sort,
            state.sort_descending,
            state.counting,
        );
        if let Some(c) = &mut self.coverage
            && (c.year, &c.filter, c.counting) != (state.year, &state.filter, state.counting)
        {
            // The sender facet aside: the coverage is of the sender chosen for it.
            let others = Filter {
                senders: Default::default(),
                ..state.filter.clone()
            };
            let gaz = crate::gazetteer::Gazetteer::embedded();
            c.countries = crate::network::coverage(
                &self.dataset.missions,
                &c.sender,
                state.year,
                Some(&others),
                gaz,
                state.counting,
            );
            c.year = state.year;
            c.filter = state.filter.clone();
            c.counting = state.counting;
        }
        self.refresh_network_lines(state);
        self.refresh_change(&state.filter);
        if self.derived_key.as_ref() == Some(&key) {
            return;
        }
        if self.index_filter != state.filter {
            self.index.set_filter(&self.dataset.missions, &state.filter);
            self.index_filter = state.filter.clone();
        }
        self.list
            .update(&self.index, &self.dataset.missions, state.sort, state.year);
        self.derived = self.compute(state);
        self.derived_key = Some(key);
    }

    fn compute(&self, state: &UiState) -> Derived {
        let year = state.year;
        let counts = self.index.facet_counts(year);
        let shown_sorted = self.list.shown(&self.index, year, state.sort_descending);
        let shown = shown_sorted.len();
        let (sorted, list_changes) = match self.change.as_ref().filter(|c| c.list_only) {
            Some(c) => {
                let mut changed: Vec<u32> = c
                    .opened
                    .iter()
                    .chain(&c.closed)
                    .filter_map(|&(i, _)| u32::try_from(i).ok())
                    .collect();
                changed.sort_unstable();
                changed.dedup();
                (changed, Some((c.from, c.to)))
            }
            None => (shown_sorted, None),
        };
        let through_time =
            self.index
                .network_per_year(self.first_year(), self.last_year, state.counting);
        Derived {
            shown,
            sorted,
            list_changes,
            summary: YearSummary {
                year,
                counts: counts.by_state.map(|n| n as usize),
            },
            facets: counts,
            closures: through_time
                .iter()
                .map(|(y, c)| (*y, c[TimelineState::Closing] as usize))
                .collect(),
            through_time,
            closures_by_sender: self.closures_by_sender(state),
        }
    }

    /// Each compared sender's closures per year (none unless 2 to 6 are compared), of the
    /// missions the filter shows in their closing year.
    fn closures_by_sender(
        &self,
        state: &UiState,
    ) -> Vec<([u8; 4], std::collections::BTreeMap<i32, usize>)> {
        let Some(compare) = crate::symbol::compare_colors(&state.filter.senders) else {
            return Vec::new();
        };
        // The closures rule of the pictures' chart strip, one sender at a time.
        let first = self.first_year();
        compare
            .into_iter()
            .map(|(sender, color)| {
                let one = Filter {
                    senders: [sender].into(),
                    ..state.filter.clone()
                };
                let per_year = crate::picture::closures_per_year(
                    &self.dataset.missions,
                    &one,
                    first,
                    self.last_year,
                );
                let by_year = (first..)
                    .zip(per_year)
                    .filter(|(_, n)| *n > 0)
                    .map(|(y, n)| (y, n as usize))
                    .collect();
                (color, by_year)
            })
            .collect()
    }

    /// The panels' numbers as of the last [`ViewModel::refresh`].
    pub fn derived(&self) -> &Derived {
        &self.derived
    }

    pub fn dataset(&self) -> &Dataset {
        &self.dataset
    }

    pub fn missions(&self) -> &[Mission] {
        &self.dataset.missions
    }

    pub fn data_path(&self) -> Option<&Path> {
        self.data_path.as_deref()
    }

    pub fn index(&self) -> &MissionIndex {
        &self.index
    }

    /// The first year on the timeline: 1948, or the data's earliest year before it.
    pub fn first_year(&self) -> i32 {
        self.index.first_year()
    }

    pub fn last_year(&self) -> i32 {
        self.last_year
    }

    /// The data set's date and what it is, when it has one.
    pub fn as_of(&self) -> Option<&crate::model::AsOf> {
        self.dataset.as_of.as_ref()
    }

    /// The missions shown on the map in `year`, in data order (as of the last refresh).
    pub fn visible(&self, year: i32) -> Vec<usize> {
        self.index
            .shown_missions(year)
            .into_iter()
            .map(|i| i as usize)
            .collect()
    }

    pub fn selected(&self) -> Option<usize> {
        self.selected
    }

    /// Marks the missions that opened or closed in the years after `from` up to `to`.
    /// Whether the list shows just the changed missions.
    pub fn set_change_list_only(&mut self, on: bool) {
        if let Some(c) = &mut self.change {
            c.list_only = on;
        }
        self.derived_key = None;
    }

    /// Marks the missions that opened or closed in the years after `from` up to `to` and
    /// pass the filter (made at the next refresh, and again whenever the filter changes).
    pub fn set_change(&mut self, years: Option<(i32, i32)>) {
        let list_only = self.change.as_ref().is_some_and(|c| c.list_only);
        self.derived_key = None;
        self.change = years.map(|(from, to)| ChangeMarks {
            from,
            to,
            list_only,
            // Not made yet: no filter has it.
            filter: None,
            ..ChangeMarks::default()
        });
    }

    /// The change marks for `filter`: the missions of `changes` that pass every facet
    /// but the status one (a mission that closed is marked though closed ones are hidden).
    fn refresh_change(&mut self, filter: &Filter) {
        let Some(marks) = &mut self.change else {
            return;
        };
        if marks.filter.as_ref() == Some(filter) {
            return;
        }
        let missions = &self.dataset.missions;
        let mut text = crate::text::TextMatcher::new(&filter.text);
        let (mut opened, mut closed) = (Vec::new(), Vec::new());
        for (i, c, y) in crate::network::changes(missions, marks.from, marks.to) {
            let passes = missions.get(i).is_some_and(|m| {
                filter.matches_except(m, marks.to, Some(crate::filter::Facet::State), &mut text)
            });
            if !passes {
                continue;
            }
            match c {
                crate::network::Change::Opened => opened.push((i, y)),
                crate::network::Change::Closed => closed.push((i, y)),
            }
        }
        marks.opened = opened;
        marks.closed = closed;
        marks.filter = Some(filter.clone());
        self.derived_key = None;
    }

    /// Makes the compared senders' accreditation lines when they are asked for and the
    /// filter or year changed; drops them when not asked for.
    fn refresh_network_lines(&mut self, state: &UiState) {
        // Every frame comes here: nothing is made unless the lines are asked for and the
        // filter or year changed.
        if !state.show_network_lines {
            self.network_lines = None;
            return;
        }
        if self
            .network_lines
            .as_ref()
            .is_some_and(|((f, y), _)| *y == state.year && *f == state.filter)
        {
            return;
        }
        let Some(compare) = crate::symbol::compare_colors(&state.filter.senders) else {
            self.network_lines = None;
            return;
        };
        let key = (state.filter.clone(), state.year);
        if self.index_filter != state.filter {
            self.index.set_filter(&self.dataset.missions, &state.filter);
            self.index_filter = state.filter.clone();
        }
        let mut lines = Vec::new();
        let Ok(geo) = crate::gazetteer::Geocoder::embedded() else {
            self.network_lines = Some((key, lines));
            return;
        };
        for i in self.index.shown_missions(state.year) {
            let Some(m) = self.dataset.missions.get(i as usize) else {
                continue;
            };
            let Some((_, color)) = compare.iter().find(|(s, _)| *s == *m.sending_state) else {
                continue;
            };
            for points in accreditation_lines_with(m, &geo) {
                if let Some(bounds) = crate::view::BBox::around(points.iter().copied()) {
                    lines.push(NetworkLine {
                        points,
                        bounds,
                        color: *color,
                    });
                }
            }
        }
        self.network_lines = Some((key, lines));
    }

    /// The compared senders' accreditation lines, when drawn.
    pub fn network_lines(&self) -> &[NetworkLine] {
        self.network_lines
            .as_ref()
            .map_or(&[], |(_, l)| l.as_slice())
    }

    /// Shades the countries `sender` covers (none: no shading); made at the next refresh.
    pub fn set_coverage(&mut self, sender: Option<String>) {
        self.coverage = sender.map(|sender| CoverageMap {
            sender,
            // Made at the next refresh: no year has it yet.
            year: i32::MIN,
            ..CoverageMap::default()
        });
    }

    pub fn coverage(&self) -> Option<&CoverageMap> {
        self.coverage.as_ref()
    }

    pub fn change(&self) -> Option<&ChangeMarks> {
        self.change.as_ref()
    }

    /// The selected mission's accreditation lines (see [`accreditation_lines`]).
    pub fn accreditations(&self) -> &[Vec<(f64, f64)>] {
        &self.accreditations
    }

    pub fn selected_mission(&self) -> Option<&Mission> {
        self.selected.and_then(|i| self.dataset.missions.get(i))
    }

    /// Selects a mission (or nothing); a number out of range selects nothing.
    pub fn select(&mut self, sel: Option<usize>) {
        self.selected = sel.filter(|&i| i < self.dataset.missions.len());
        self.accreditations = self
            .selected_mission()
            .map(accreditation_lines)
            .unwrap_or_default();
        match self.selected_mission() {
            Some(m) => log::info!("selected {} ({})", m.id, m.title()),
            None => log::info!("selection cleared"),
        }
    }
}

/// Great-circle lines from a mission to the capital of every other country it is
/// accredited to (a country the gazetteer cannot place is left out).
pub fn accreditation_lines(m: &Mission) -> Vec<Vec<(f64, f64)>> {
    if m.extra().accredited_to.is_empty() {
        return Vec::new();
    }
    match crate::gazetteer::Geocoder::embedded() {
        Ok(geo) => accreditation_lines_with(m, &geo),
        Err(_) => Vec::new(),
    }
}

/// [`accreditation_lines`] with a geocoder at hand (for many missions at once).
pub fn accreditation_lines_with(
    m: &Mission,
    geo: &crate::gazetteer::Geocoder<'_>,
) -> Vec<Vec<(f64, f64)>> {
    let extra = m.extra();
    if extra.accredited_to.is_empty() {
        return Vec::new();
    }
    let gaz = geo.gazetteer();
    let host = gaz.country(&m.country_code).map(|c| c.code.clone());
    extra
        .accredited_to
        .iter()
        .filter(|c| gaz.country(c).map(|k| k.code.clone()) != host)
        .filter_map(|c| geo.capital(c))
        .map(|to| crate::view::great_circle((m.lon(), m.lat()), to, 48))
        .collect()
}

/// The missions that opened or closed between two years (indices into the data set).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChangeMarks {
    pub from: i32,
    pub to: i32,
    /// The list shows just these missions.
    pub list_only: bool,
    /// The missions that opened (or reopened), and those that closed, with the year; of
    /// those passing `filter` (every facet but the status).
    pub opened: Vec<(usize, i32)>,
    pub closed: Vec<(usize, i32)>,
    /// The filter they were made for (`None`: not made yet).
    pub filter: Option<Filter>,
}

/// One sender's coverage of the world in a year.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CoverageMap {
    pub sender: String,
    pub year: i32,
    pub filter: Filter,
    /// What it counts.
    pub counting: crate::senders::Counting,
    /// By [`crate::network::country_key`].
    pub countries: std::collections::BTreeMap<String, crate::network::Coverage>,
}

/// One accreditation line of the compared senders' layer: its points, its box (to cull it
/// to the view) and its sender's colour.
#[derive(Debug, Clone, PartialEq)]
pub struct NetworkLine {
    pub points: Vec<(f64, f64)>,
    pub bounds: crate::view::BBox,
    pub color: [u8; 4],
}
