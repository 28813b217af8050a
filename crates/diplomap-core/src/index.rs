//! The spatial and temporal index behind the map and the panel counts.
//!
//! Built once per data set, it answers "which clusters and markers does this viewport show
//! at this zoom, with these filters, in this year" without rebuilding anything when the
//! year changes:
//!
//! * Missions are sorted along a Z-order (Morton) curve of their Web Mercator position, so
//!   every cell of the quadtree, at every level, is one contiguous run of that order.
//! * Cells holding many missions ("big nodes") keep, for the current filter, cumulative
//!   counts of openings and closings per year. The count of missions in each timeline state
//!   at any year is then a handful of subtractions; small cells are simply scanned.
//! * A filter change (types, regions, countries, text…) recomputes those counts in one
//!   pass; a year change recomputes nothing.
//! * The map clusters at the grid level matching its zoom (cells of 32–64 px), then merges
//!   neighbouring cells closer than the cluster radius, largest first. Positions are the
//!   centroid of the cells' filtered missions regardless of the year, so clusters stand
//!   still while the slider moves.
//!
//! The same per-year counts, kept per filter option, give the panels their numbers
//! ("Embassy (412)") for any year in constant time.

use std::collections::{BTreeMap, HashMap};

use crate::filter::{self, Filter};
use crate::model::{Closure, Mission, MissionKind, Region};
use crate::text::fold;
use crate::timeline::{self, TimelineState};
use crate::view::{inverse_mercator_y, mercator_x, mercator_y};

/// Cells at the level for zoom `z` are 2^(z + CELL_BITS) to a side of the world: 256 px
/// tiles make them 32–64 px wide on screen.
pub const CELL_BITS: u32 = 3;
/// The deepest grid level (about 10 m cells).
pub const MAX_LEVEL: u32 = 24;
/// Cells with at least this many missions keep per-year counts; smaller ones are scanned.
pub const BIG: usize = 192;

/// Year codes: an unknown opening counts as "always open"; closure codes below.
const OPEN: i16 = i16::MAX;
const UNKNOWN: i16 = i16::MIN;
/// An opening year nobody recorded: open from the start of the timeline.
const NO_OPENING: i16 = i16::MIN;

/// Index of a [`TimelineState`] in [`TimelineState::ALL`].
fn state_slot(s: TimelineState) -> usize {
    match s {
        TimelineState::NotYetOpen => 0,
        TimelineState::Open => 1,
        TimelineState::Closing => 2,
        TimelineState::Closed => 3,
        TimelineState::ClosedYearUnknown => 4,
    }
}

fn clamp_year(y: i32) -> i16 {
    i16::try_from(y.clamp(i32::from(i16::MIN + 1), i32::from(i16::MAX - 1))).unwrap_or(0)
}

/// A mission's years, coded compactly. The opening is never after the closing (a file
/// that says so is rejected; here the earlier year is used so that the states stay those
/// of [`timeline::state`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Years {
    opened: i16,
    closed: i16,
}

impl Years {
    /// A stand-in for a mission number out of range (never, in a consistent index):
    /// counts as closed in an unknown year.
    const MISSING: Years = Years {
        opened: 0,
        closed: UNKNOWN,
    };

    fn of(m: &Mission) -> Years {
        let closed = match m.closure {
            Closure::Open => OPEN,
            Closure::InYear(y) => clamp_year(y),
            Closure::YearUnknown => UNKNOWN,
        };
        let opened = match (m.opened, m.closure) {
            (None, _) => NO_OPENING,
            (Some(o), Closure::InYear(c)) => clamp_year(o.min(c)),
            (Some(o), _) => clamp_year(o),
        };
        Years { opened, closed }
    }

    /// Four facts about the years at `y`, as bits, without branches: closed in an
    /// unknown year, closed before `y`, closing in `y`, opening after `y`.
    #[inline]
    fn facts(self, y: i16) -> usize {
        (usize::from(self.closed == UNKNOWN) << 3)
            | (usize::from(self.closed < y) << 2)
            | (usize::from(self.closed == y) << 1)
            | usize::from(self.opened > y)
    }

    /// The state at `y`; the same as [`timeline::state`].
    #[inline]
    fn state(self, y: i16) -> usize {
        if self.closed == UNKNOWN {
            4
        } else if self.closed < y {
            3
        } else if self.closed == y {
            2
        } else if self.opened > y {
            0
        } else {
            1
        }
    }
}

/// For each value of [`Years::facts`], whether a mission with those facts is shown when
/// the states in `hidden` are hidden.
fn shown_by_facts(hidden: &[bool; 5]) -> [bool; 16] {
    let mut t = [false; 16];
    for (facts, slot) in t.iter_mut().enumerate() {
        let state = if facts & 8 != 0 {
            4
        } else if facts & 4 != 0 {
            3
        } else if facts & 2 != 0 {
            2
        } else if facts & 1 != 0 {
            0
        } else {
            1
        };
        *slot = hidden.get(state) == Some(&false);
    }
    t
}

/// The missions shown at `y` among `len` listed ones: `mission(k)` for each `k` whose
/// `years[k]` and `fail[k]` pass. Written without a branch per mission (the shown ones
/// are scattered, so a branch would be mispredicted half the time).
fn shown_among(
    len: usize,
    mission: impl Fn(usize) -> usize,
    (years, fail): (&[Years], &[u8]),
    hidden: &[bool; 5],
    y: i16,
) -> Vec<usize> {
    let table = shown_by_facts(hidden);
    let mut out = vec![0usize; len];
    let mut n = 0;
    for k in 0..len {
        if let Some(slot) = out.get_mut(n) {
            *slot = mission(k);
        }
        let ok_year = years
            .get(k)
            .is_some_and(|yr| table.get(yr.facts(y)) == Some(&true));
        n += usize::from(ok_year & (fail.get(k) == Some(&0)));
    }
    out.truncate(n);
    out
}

/// Counts of missions per timeline state, in the order of [`TimelineState::ALL`].
pub type StateCounts = [u32; 5];

/// The sum of the counts of the states not hidden.
pub fn shown(counts: &StateCounts, hidden: &[bool; 5]) -> u32 {
    counts
        .iter()
        .zip(hidden)
        .filter(|(_, h)| !**h)
        .map(|(c, _)| *c)
        .sum()
}

/// Per-year counts for a set of missions: how many opened and closed by each year. Gives
/// the count per state at any year in O(1).
#[derive(Debug, Clone, Default)]
struct YearHist {
    /// Missions opened by year `y0 + k`.
    opened: Vec<u32>,
    /// Missions with a known closing year up to `y0 + k`.
    closed: Vec<u32>,
    /// Missions with no recorded opening (open from the start), unknown closures, all.
    tally: Tally,
}

/// The counts beside the per-year ones.
#[derive(Debug, Clone, Copy, Default)]
struct Tally {
    /// Known closure (or none), no recorded opening: open from the start.
    always: u32,
    /// Closed in a year nobody recorded.
    unknown: u32,
    total: u32,
}

impl Tally {
    /// Counts a mission; returns whether its years go into the per-year counts.
    fn add(&mut self, y: Years) -> bool {
        self.total += 1;
        if y.closed == UNKNOWN {
            self.unknown += 1;
            return false;
        }
        if y.opened == NO_OPENING {
            self.always += 1;
        }
        true
    }

    fn merge(&mut self, o: Tally) {
        self.always += o.always;
        self.unknown += o.unknown;
        self.total += o.total;
    }
}

/// The span of years the histograms cover.
#[derive(Debug, Clone, Copy)]
struct Span {
    y0: i16,
    len: usize,
}

impl Span {
    fn slot(self, y: i16) -> usize {
        usize::try_from(i32::from(y) - i32::from(self.y0))
            .unwrap_or(0)
            .min(self.len.saturating_sub(1))
    }
}

/// Counts per state at `y` from cumulative opened/closed counts, as plain numbers so that
/// node histograms stored in one flat vector can use it too.
fn counts_from(span: Span, opened: &[u32], closed: &[u32], tally: Tally, y: i16) -> StateCounts {
    let cum = |arr: &[u32], y: i32| -> u32 {
        if y < i32::from(span.y0) {
            0
        } else {
            let k = usize::try_from(y - i32::from(span.y0)).unwrap_or(0);
            arr.get(k.min(arr.len().saturating_sub(1)))
                .copied()
                .unwrap_or(0)
        }
    };
    let y = i32::from(y);
    let known = tally.total - tally.unknown;
    let opened_by = tally.always + cum(opened, y);
    let closed_by = cum(closed, y);
    let closed_before = cum(closed, y - 1);
    [
        known.saturating_sub(opened_by),
        opened_by.saturating_sub(closed_by),
        closed_by.saturating_sub(closed_before),
        closed_before,
        tally.unknown,
    ]
}

impl YearHist {
    fn new(span: Span) -> Self {
        YearHist {
            opened: vec![0; span.len],
            closed: vec![0; span.len],
            tally: Tally::default(),
        }
    }

    /// Adds one mission (before [`YearHist::finish`]).
    fn add(&mut self, span: Span, y: Years) {
        if self.tally.add(y) {
            add_years(span, y, &mut self.opened, &mut self.closed);
        }
    }

    /// Turns the per-year counts into cumulative ones.
    fn finish(&mut self) {
        prefix_sum(&mut self.opened);
        prefix_sum(&mut self.closed);
    }

    fn at(&self, span: Span, y: i16) -> StateCounts {
        counts_from(span, &self.opened, &self.closed, self.tally, y)
    }
}

/// Adds a mission's opening and closing years to per-year counts.
fn add_years(span: Span, y: Years, opened: &mut [u32], closed: &mut [u32]) {
    if y.opened != NO_OPENING
        && let Some(c) = opened.get_mut(span.slot(y.opened))
    {
        *c += 1;
    }
    if y.closed != OPEN
        && let Some(c) = closed.get_mut(span.slot(y.closed))
    {
        *c += 1;
    }
}

fn prefix_sum(v: &mut [u32]) {
    let mut acc = 0u32;
    for x in v {
        acc += *x;
        *x = acc;
    }
}

/// Interleaves the bits of x and y (x in the even bits).
fn morton(x: u32, y: u32) -> u64 {
    fn spread(v: u32) -> u64 {
        let mut v = u64::from(v);
        v = (v | (v << 16)) & 0x0000_FFFF_0000_FFFF;
        v = (v | (v << 8)) & 0x00FF_00FF_00FF_00FF;
        v = (v | (v << 4)) & 0x0F0F_0F0F_0F0F_0F0F;
        v = (v | (v << 2)) & 0x3333_3333_3333_3333;
        v = (v | (v << 1)) & 0x5555_5555_5555_5555;
        v
    }
    spread(x) | (spread(y) << 1)
}

fn unmorton(code: u64) -> (u32, u32) {
    fn squash(mut v: u64) -> u32 {
        v &= 0x5555_5555_5555_5555;
        v = (v | (v >> 1)) & 0x3333_3333_3333_3333;
        v = (v | (v >> 2)) & 0x0F0F_0F0F_0F0F_0F0F;
        v = (v | (v >> 4)) & 0x00FF_00FF_00FF_00FF;
        v = (v | (v >> 8)) & 0x0000_FFFF_0000_FFFF;
        v = (v | (v >> 16)) & 0x0000_0000_FFFF_FFFF;
        u32::try_from(v).unwrap_or(u32::MAX)
    }
    (squash(code), squash(code >> 1))
}

const SCALE: f64 = 4_294_967_296.0; // 2^32

fn to_fixed(v: f64) -> u32 {
    let v = (v * SCALE).floor();
    if v.is_nan() || v <= 0.0 {
        0
    } else if v >= SCALE - 1.0 {
        u32::MAX
    } else {
        v as u32
    }
}

/// A mission's position on the Morton curve.
fn code_of(m: &Mission) -> u64 {
    morton(to_fixed(mercator_x(m.lon())), to_fixed(mercator_y(m.lat())))
}

/// A quadtree cell that holds enough missions to keep its own counts.
#[derive(Debug, Clone)]
struct Node {
    start: u32,
    end: u32,
    /// Big children, by quadrant; `u32::MAX` where the child is small or empty.
    children: [u32; 4],
}

/// Which facets a mission fails (bits), besides the year.
const FAIL_KIND: u8 = 1;
const FAIL_REGION: u8 = 2;
const FAIL_COUNTRY: u8 = 4;
const FAIL_ORG: u8 = 8;
const FAIL_OTHER: u8 = 16;
const FAIL_INBOUND: u8 = 32;

/// The filter options a mission has, as small numbers.
#[derive(Debug, Clone, Copy)]
struct Facets {
    kind: u8,
    region: u8,
    inbound: bool,
    country: u16,
    org: u16,
}

/// The part of the map to answer for.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Viewport {
    /// Web Mercator bounds in [0, 1] (x east, y south).
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
    /// The map's zoom (256 px tiles).
    pub zoom: f64,
    /// Clusters closer than this many pixels merge.
    pub radius: f64,
}

impl Viewport {
    /// The viewport of a box in degrees.
    pub fn from_lon_lat(
        (west, south): (f64, f64),
        (east, north): (f64, f64),
        zoom: f64,
        radius: f64,
    ) -> Viewport {
        Viewport {
            x0: mercator_x(west.min(east)),
            x1: mercator_x(west.max(east)),
            y0: mercator_y(north.max(south)),
            y1: mercator_y(north.min(south)),
            zoom,
            radius,
        }
    }

    /// The whole world at `zoom`.
    pub fn world(zoom: f64, radius: f64) -> Viewport {
        Viewport {
            x0: 0.0,
            y0: 0.0,
            x1: 1.0,
            y1: 1.0,
            zoom,
            radius,
        }
    }

    /// The viewport of a `width`×`height` pixel map centred on (`lon`, `lat`).
    pub fn around(
        (lon, lat): (f64, f64),
        zoom: f64,
        (width, height): (f64, f64),
        radius: f64,
    ) -> Viewport {
        let world = 256.0 * 2f64.powf(zoom.clamp(0.0, 30.0));
        let (cx, cy) = (mercator_x(lon), mercator_y(lat));
        let (hw, hh) = (width / 2.0 / world, height / 2.0 / world);
        Viewport {
            x0: (cx - hw).max(0.0),
            x1: (cx + hw).min(1.0),
            y0: (cy - hh).max(0.0),
            y1: (cy + hh).min(1.0),
            zoom,
            radius,
        }
    }

    /// The grid level clustered at this zoom.
    pub fn level(&self) -> u32 {
        let z = if self.zoom.is_finite() {
            self.zoom.max(0.0).floor() as u32
        } else {
            0
        };
        (z + CELL_BITS).min(MAX_LEVEL)
    }
}

/// A run of the index's order: the missions of one grid cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CellRange {
    pub start: u32,
    pub end: u32,
}

/// One thing to draw: a cluster, or a single mission when `single` is set.
#[derive(Debug, Clone, PartialEq)]
pub struct MapCluster {
    /// Where to draw it (lon, lat): the centroid of its cells' filtered missions, in any
    /// year, so that it does not move while the slider does.
    pub lon: f64,
    pub lat: f64,
    /// Missions shown, by state (hidden states are zero).
    pub by_state: StateCounts,
    /// The mission, when exactly one is shown.
    pub single: Option<u32>,
    /// The cells merged into it, for [`MissionIndex::members`].
    pub cells: Vec<CellRange>,
    /// A stable key: the first cell's start in the index order and the grid level.
    pub key: (u32, u32),
}

impl MapCluster {
    pub fn count(&self) -> u32 {
        self.by_state.iter().sum()
    }
}

/// The numbers the filter panels show for one year.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FacetCounts {
    /// Missions passing every filter but the timeline state, by state.
    pub by_state: StateCounts,
    // Per option: the missions shown if that option alone were not filtered; options
    // with none are left out.
    pub kinds: BTreeMap<MissionKind, usize>,
    pub regions: BTreeMap<Region, usize>,
    pub countries: BTreeMap<String, usize>,
    pub organizations: BTreeMap<String, usize>,
    /// Foreign missions in the sending state shown if the inbound layer were on.
    pub inbound: usize,
}

/// The index. See the module documentation.
pub struct MissionIndex {
    span: Span,
    // By mission.
    years: Vec<Years>,
    facets: Vec<Facets>,
    fail: Vec<u8>,
    countries: Vec<String>,
    orgs: Vec<String>,
    /// (code, name) of every host country, by folded name, for the country picker.
    country_names: Vec<(String, String)>,
    // In Morton order.
    codes: Vec<u64>,
    order: Vec<u32>,
    /// Each mission's position in `order`.
    rank: Vec<u32>,
    sorted_years: Vec<Years>,
    /// Whether the mission at this position passes the filter (year aside).
    pass: Vec<bool>,
    nodes: Vec<Node>,
    /// Per node, `2 * span.len` cumulative counts (opened, then closed).
    node_hist: Vec<u32>,
    /// Per node: unknown closures, total, and coordinate sums of the filtered missions.
    node_meta: Vec<NodeMeta>,
    hidden: [bool; 5],
    /// Counts filter changes, for [`OrderedView`]s.
    generation: u64,
    // Per facet option: the missions passing every other facet.
    root: YearHist,
    kind_hist: Vec<YearHist>,
    region_hist: Vec<YearHist>,
    country_hist: Vec<YearHist>,
    org_hist: Vec<YearHist>,
    inbound_hist: YearHist,
}

#[derive(Debug, Clone, Copy, Default)]
struct NodeMeta {
    tally: Tally,
    sx: f64,
    sy: f64,
}

impl MissionIndex {
    /// Builds the index for `missions` and applies `filter`.
    pub fn build(missions: &[Mission], filter: &Filter) -> MissionIndex {
        let years: Vec<Years> = missions.iter().map(Years::of).collect();
        let (mut lo, mut hi) = (timeline::FIRST_YEAR, timeline::FIRST_YEAR);
        for m in missions {
            for y in [m.opened, m.closure.year()].into_iter().flatten() {
                lo = lo.min(y);
                hi = hi.max(y);
            }
        }
        let span = Span {
            y0: clamp_year(lo),
            len: usize::try_from(hi - lo + 1).unwrap_or(1).clamp(1, 4096),
        };
        // Facet options as numbers. Countries and organisations are shared texts, so each
        // distinct one is looked up once, by address.
        // One pass: each country code with the first name given for it, each
        // organisation, and the inbound missions.
        let mut country_names: std::collections::BTreeMap<&str, &str> = Default::default();
        let mut org_names: std::collections::BTreeSet<&str> = Default::default();
        let mut seen_country: std::collections::HashSet<usize> = Default::default();
        let mut seen_org: std::collections::HashSet<usize> = Default::default();
        for m in missions {
            if seen_country.insert(m.country_code.as_ptr() as usize) {
                country_names.entry(&m.country_code).or_insert(&m.country);
            }
            let org = filter::organization_key(m);
            if seen_org.insert(org.as_ptr() as usize) {
                org_names.insert(org);
            }
        }
        drop((seen_country, seen_org));
        // The country picker lists them as people read them.
        let mut named: Vec<(String, String)> = country_names
            .iter()
            .map(|(c, n)| ((*c).to_owned(), (*n).to_owned()))
            .collect();
        named.sort_by_cached_key(|(code, name)| (fold(name), code.clone()));
        let countries: Vec<String> = country_names.keys().map(|s| (*s).to_owned()).collect();
        let orgs: Vec<String> = org_names.iter().map(|s| (*s).to_owned()).collect();
        let mut country_id: HashMap<usize, u16> = HashMap::new();
        let mut org_id: HashMap<usize, u16> = HashMap::new();
        let slot = |sorted: &[String], s: &str| {
            u16::try_from(sorted.partition_point(|x| x.as_str() < s)).unwrap_or(u16::MAX)
        };
        let facets: Vec<Facets> = missions
            .iter()
            .map(|m| {
                let org = filter::organization_key(m);
                Facets {
                    kind: MissionKind::ALL
                        .iter()
                        .position(|k| *k == m.kind)
                        .unwrap_or(0) as u8,
                    region: Region::ALL.iter().position(|r| *r == m.region).unwrap_or(0) as u8,
                    inbound: m.inbound,
                    country: *country_id
                        .entry(m.country_code.as_ptr() as usize)
                        .or_insert_with(|| slot(&countries, &m.country_code)),
                    org: *org_id
                        .entry(org.as_ptr() as usize)
                        .or_insert_with(|| slot(&orgs, org)),
                }
            })
            .collect();
        drop(country_id);
        drop(org_id);

        // Morton order; ties by input order, so the order is deterministic.
        let mut keyed: Vec<(u64, u32)> = missions
            .iter()
            .enumerate()
            .map(|(i, m)| (code_of(m), u32::try_from(i).unwrap_or(u32::MAX)))
            .collect();
        keyed.sort_unstable();
        let codes: Vec<u64> = keyed.iter().map(|k| k.0).collect();
        let order: Vec<u32> = keyed.iter().map(|k| k.1).collect();
        drop(keyed);
        let mut rank = vec![0u32; order.len()];
        for (pos, &i) in order.iter().enumerate() {
            if let Some(r) = rank.get_mut(i as usize) {
                *r = u32::try_from(pos).unwrap_or(u32::MAX);
            }
        }
        let sorted_years: Vec<Years> = order
            .iter()
            .map(|&i| years.get(i as usize).copied().unwrap_or(Years::MISSING))
            .collect();

        let mut ix = MissionIndex {
            span,
            fail: vec![0; missions.len()],
            years,
            facets,
            countries,
            orgs,
            country_names: named,
            pass: vec![true; codes.len()],
            codes,
            order,
            rank,
            sorted_years,
            nodes: Vec::new(),
            node_hist: Vec::new(),
            node_meta: Vec::new(),
            hidden: [false; 5],
            generation: 0,
            root: YearHist::default(),
            kind_hist: Vec::new(),
            region_hist: Vec::new(),
            country_hist: Vec::new(),
            org_hist: Vec::new(),
            inbound_hist: YearHist::default(),
        };
        let n = u32::try_from(ix.codes.len()).unwrap_or(u32::MAX);
        ix.build_nodes(0, 0, 0, n);
        ix.set_filter(missions, filter);
        ix
    }

    /// Creates the big node for cell (`level`, `prefix`) spanning `start..end` and its big
    /// descendants; returns its number.
    fn build_nodes(&mut self, level: u32, prefix: u64, start: u32, end: u32) -> u32 {
        let id = u32::try_from(self.nodes.len()).unwrap_or(u32::MAX);
        self.nodes.push(Node {
            start,
            end,
            children: [u32::MAX; 4],
        });
        if level >= MAX_LEVEL {
            return id;
        }
        let bounds = self.split(level, prefix, start, end);
        for (q, w) in (0..4u64).zip(bounds.windows(2)) {
            let &[s, e] = w else { continue };
            if (e - s) as usize >= BIG {
                let child = self.build_nodes(level + 1, prefix * 4 + q, s, e);
                if let Some(n) = self.nodes.get_mut(id as usize)
                    && let Some(c) = n.children.get_mut(q as usize)
                {
                    *c = child;
                }
            }
        }
        id
    }

    /// Where the four children of cell (`level`, `prefix`) start and end within `start..end`.
    fn split(&self, level: u32, prefix: u64, start: u32, end: u32) -> [u32; 5] {
        let shift = 64 - 2 * (level + 1);
        let slice = self
            .codes
            .get(start as usize..end as usize)
            .unwrap_or_default();
        let mut b = [start, start, start, start, end];
        for q in 1..4u64 {
            let first = ((prefix * 4 + q) as u128) << shift;
            let at = slice.partition_point(|&c| u128::from(c) < first);
            if let Some(x) = b.get_mut(q as usize) {
                *x = start + u32::try_from(at).unwrap_or(0);
            }
        }
        b
    }

    /// Applies a new filter: recomputes which missions pass it (the year aside) and the
    /// per-year counts. Missions must be the ones the index was built from.
    pub fn set_filter(&mut self, missions: &[Mission], f: &Filter) {
        self.generation += 1;
        for (i, s) in TimelineState::ALL.iter().enumerate() {
            if let Some(h) = self.hidden.get_mut(i) {
                *h = f.hidden_states.contains(s);
            }
        }
        let hidden_kind: Vec<bool> = MissionKind::ALL
            .iter()
            .map(|k| f.hidden_kinds.contains(k))
            .collect();
        let hidden_region: Vec<bool> = Region::ALL
            .iter()
            .map(|r| f.hidden_regions.contains(r))
            .collect();
        let country_ok: Vec<bool> = self
            .countries
            .iter()
            .map(|c| f.countries.is_empty() || f.countries.contains(c))
            .collect();
        let org_hidden: Vec<bool> = self
            .orgs
            .iter()
            .map(|o| f.hidden_organizations.contains(o))
            .collect();
        let mut text = TextMatcher::new(&f.text);
        for ((fail, fc), m) in self.fail.iter_mut().zip(&self.facets).zip(missions) {
            let mut bits = 0;
            if hidden_kind.get(fc.kind as usize) == Some(&true) {
                bits |= FAIL_KIND;
            }
            if hidden_region.get(fc.region as usize) == Some(&true) {
                bits |= FAIL_REGION;
            }
            if country_ok.get(fc.country as usize) != Some(&true) {
                bits |= FAIL_COUNTRY;
            }
            if org_hidden.get(fc.org as usize) == Some(&true) {
                bits |= FAIL_ORG;
            }
            if fc.inbound && !f.show_inbound {
                bits |= FAIL_INBOUND;
            }
            if !text.matches(m) {
                bits |= FAIL_OTHER;
            }
            *fail = bits;
        }
        for (p, &i) in self.pass.iter_mut().zip(&self.order) {
            *p = self.fail.get(i as usize) == Some(&0);
        }
        self.facet_hists();
        self.node_hists();
    }

    fn facet_hists(&mut self) {
        let span = self.span;
        let fresh = |n: usize| vec![YearHist::new(span); n];
        let mut root = YearHist::new(span);
        let mut kinds = fresh(MissionKind::ALL.len());
        let mut regions = fresh(Region::ALL.len());
        let mut countries = fresh(self.countries.len());
        let mut orgs = fresh(self.orgs.len());
        let mut inbound = fresh(1);
        for ((&fail, fc), &y) in self.fail.iter().zip(&self.facets).zip(&self.years) {
            if fail == 0 {
                root.add(span, y);
            }
            let add = |hists: &mut Vec<YearHist>, bit: u8, slot: usize| {
                if fail & !bit == 0
                    && let Some(h) = hists.get_mut(slot)
                {
                    h.add(span, y);
                }
            };
            add(&mut kinds, FAIL_KIND, fc.kind as usize);
            add(&mut regions, FAIL_REGION, fc.region as usize);
            add(&mut countries, FAIL_COUNTRY, fc.country as usize);
            add(&mut orgs, FAIL_ORG, fc.org as usize);
            if fc.inbound {
                add(&mut inbound, FAIL_INBOUND, 0);
            }
        }
        root.finish();
        for h in kinds
            .iter_mut()
            .chain(&mut regions)
            .chain(&mut countries)
            .chain(&mut orgs)
            .chain(&mut inbound)
        {
            h.finish();
        }
        self.inbound_hist = inbound.pop().unwrap_or_default();
        self.root = root;
        self.kind_hist = kinds;
        self.region_hist = regions;
        self.country_hist = countries;
        self.org_hist = orgs;
    }

    /// Per-year counts of every big node, children first, each mission scanned once.
    fn node_hists(&mut self) {
        let w = 2 * self.span.len;
        self.node_hist = vec![0; self.nodes.len() * w];
        self.node_meta = vec![NodeMeta::default(); self.nodes.len()];
        // Nodes are numbered parents first, so children come later.
        for id in (0..self.nodes.len()).rev() {
            let Some(node) = self.nodes.get(id).cloned() else {
                continue;
            };
            let mut hist = vec![0u32; w];
            let mut meta = NodeMeta::default();
            let mut kids: Vec<u32> = node
                .children
                .iter()
                .copied()
                .filter(|&c| c != u32::MAX)
                .collect();
            kids.sort_by_key(|&c| self.nodes.get(c as usize).map_or(0, |n| n.start));
            let mut at = node.start;
            for &c in &kids {
                let Some(child) = self.nodes.get(c as usize) else {
                    continue;
                };
                self.scan_into(at, child.start, &mut hist, &mut meta);
                at = child.end;
                let from = c as usize * w;
                if let Some(src) = self.node_hist.get(from..from + w) {
                    for (d, s) in hist.iter_mut().zip(src) {
                        *d += *s;
                    }
                }
                if let Some(m) = self.node_meta.get(c as usize) {
                    meta.tally.merge(m.tally);
                    meta.sx += m.sx;
                    meta.sy += m.sy;
                }
            }
            self.scan_into(at, node.end, &mut hist, &mut meta);
            if let Some(dst) = self.node_hist.get_mut(id * w..id * w + w) {
                dst.copy_from_slice(&hist);
            }
            if let Some(m) = self.node_meta.get_mut(id) {
                *m = meta;
            }
        }
        // Per-year counts to cumulative ones, per node.
        for chunk in self.node_hist.chunks_mut(self.span.len) {
            prefix_sum(chunk);
        }
    }

    /// The arrays in Morton order over positions `start..end` (a cell's run).
    fn run(&self, start: u32, end: u32) -> Option<Run<'_>> {
        let r = start as usize..end as usize;
        Some(Run {
            pass: self.pass.get(r.clone())?,
            years: self.sorted_years.get(r.clone())?,
            codes: self.codes.get(r.clone())?,
            order: self.order.get(r)?,
        })
    }

    /// The missions at positions `start..end` shown at `y`, in index order.
    fn shown_of_run(&self, start: u32, end: u32, y: i16) -> impl Iterator<Item = u32> + '_ {
        self.run(start, end).into_iter().flat_map(move |r| {
            r.pass
                .iter()
                .zip(r.years)
                .zip(r.order)
                .filter(move |((p, yr), _)| **p && self.hidden.get(yr.state(y)) == Some(&false))
                .map(|(_, &i)| i)
        })
    }

    /// Adds the filtered missions at positions `start..end` to raw (not yet cumulative)
    /// counts.
    fn scan_into(&self, start: u32, end: u32, hist: &mut [u32], meta: &mut NodeMeta) {
        let span = self.span;
        let Some(r) = self.run(start, end) else {
            return;
        };
        let (opened, closed) = hist.split_at_mut(span.len);
        for ((&p, &y), &code) in r.pass.iter().zip(r.years).zip(r.codes) {
            if !p {
                continue;
            }
            let (x, yy) = unmorton(code);
            meta.sx += f64::from(x);
            meta.sy += f64::from(yy);
            if meta.tally.add(y) {
                add_years(span, y, opened, closed);
            }
        }
    }

    /// Every organisation key in the data set, sorted ([`filter::BILATERAL`] first).
    pub fn organizations(&self) -> &[String] {
        &self.orgs
    }

    /// Every host country as (code, name), sorted by name.
    pub fn countries(&self) -> &[(String, String)] {
        &self.country_names
    }

    /// Number of missions indexed.
    pub fn len(&self) -> usize {
        self.order.len()
    }

    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }

    /// Whether mission `i` is shown in `year` (every filter, the timeline state included).
    pub fn is_shown(&self, i: usize, year: i32) -> bool {
        self.fail.get(i) == Some(&0)
            && self
                .years
                .get(i)
                .is_some_and(|y| self.hidden.get(y.state(clamp_year(year))) == Some(&false))
    }

    /// The missions shown in `year`, in data order.
    pub fn shown_missions(&self, year: i32) -> Vec<u32> {
        let arrays = (self.years.as_slice(), self.fail.as_slice());
        shown_among(
            self.years.len(),
            |k| k,
            arrays,
            &self.hidden,
            clamp_year(year),
        )
        .into_iter()
        .map(|i| u32::try_from(i).unwrap_or(u32::MAX))
        .collect()
    }

    /// The counts for the filter panels and the summary line at `year`.
    pub fn facet_counts(&self, year: i32) -> FacetCounts {
        let y = clamp_year(year);
        let span = self.span;
        let hidden = &self.hidden;
        let shown_in = |h: &YearHist| shown(&h.at(span, y), hidden) as usize;
        let mut out = FacetCounts {
            by_state: self.root.at(span, y),
            ..FacetCounts::default()
        };
        for (k, h) in MissionKind::ALL.iter().zip(&self.kind_hist) {
            if let n @ 1.. = shown_in(h) {
                out.kinds.insert(*k, n);
            }
        }
        for (r, h) in Region::ALL.iter().zip(&self.region_hist) {
            if let n @ 1.. = shown_in(h) {
                out.regions.insert(*r, n);
            }
        }
        for (c, h) in self.countries.iter().zip(&self.country_hist) {
            if let n @ 1.. = shown_in(h) {
                out.countries.insert(c.clone(), n);
            }
        }
        for (o, h) in self.orgs.iter().zip(&self.org_hist) {
            if let n @ 1.. = shown_in(h) {
                out.organizations.insert(o.clone(), n);
            }
        }
        out.inbound = shown_in(&self.inbound_hist);
        out
    }

    /// Closures per year over `[from, to]` among the missions passing every filter but the
    /// timeline state (the chart under the slider).
    pub fn closures_per_year(&self, from: i32, to: i32) -> Vec<(i32, usize)> {
        let span = self.span;
        (from..=to)
            .map(|y| {
                let y16 = clamp_year(y);
                let c = self.root.at(span, y16);
                let closing = c.get(state_slot(TimelineState::Closing)).copied();
                (y, closing.unwrap_or(0) as usize)
            })
            .collect()
    }

    fn node_counts(&self, id: usize, y: i16) -> (StateCounts, NodeMeta) {
        let w = 2 * self.span.len;
        let meta = self.node_meta.get(id).copied().unwrap_or_default();
        let h = self.node_hist.get(id * w..id * w + w).unwrap_or_default();
        let (opened, closed) = h.split_at(h.len() / 2);
        (counts_from(self.span, opened, closed, meta.tally, y), meta)
    }

    /// Counts a small cell by scanning it; also finds its mission when only one is shown.
    fn scan_counts(&self, start: u32, end: u32, y: i16) -> (StateCounts, NodeMeta, Option<u32>) {
        let mut counts = [0u32; 5];
        let mut meta = NodeMeta::default();
        let mut last = None;
        let Some(r) = self.run(start, end) else {
            return (counts, meta, None);
        };
        for (((&p, yr), &code), &i) in r.pass.iter().zip(r.years).zip(r.codes).zip(r.order) {
            if !p {
                continue;
            }
            meta.tally.total += 1;
            let (x, yy) = unmorton(code);
            meta.sx += f64::from(x);
            meta.sy += f64::from(yy);
            let st = yr.state(y);
            if let Some(c) = counts.get_mut(st) {
                *c += 1;
            }
            if self.hidden.get(st) == Some(&false) {
                last = Some(i);
            }
        }
        (counts, meta, last)
    }

    /// The first shown mission of a cell (for cells showing exactly one).
    fn first_shown(&self, start: u32, end: u32, y: i16) -> Option<u32> {
        self.shown_of_run(start, end, y).next()
    }

    /// The cells of the viewport's level that it overlaps, with what they show in `year`.
    fn cells(&self, v: &Viewport, year: i32) -> Vec<CellOut> {
        let level = v.level();
        let y = clamp_year(year);
        let mut out = Vec::new();
        // (level, prefix, start, end, big node or MAX)
        let n = u32::try_from(self.codes.len()).unwrap_or(u32::MAX);
        if n == 0 {
            return out;
        }
        let mut stack: Vec<(u32, u64, u32, u32, u32)> = vec![(0, 0, 0, n, 0)];
        let (vx0, vx1) = (v.x0.min(v.x1), v.x0.max(v.x1));
        let (vy0, vy1) = (v.y0.min(v.y1), v.y0.max(v.y1));
        while let Some((l, prefix, start, end, node)) = stack.pop() {
            if start >= end {
                continue;
            }
            // The cell's extent.
            let size = 1.0 / f64::from(1u32 << l.min(31));
            let (cx, cy) = unmorton(prefix << (64 - 2 * l).min(63));
            let (cx, cy) = (f64::from(cx) / SCALE, f64::from(cy) / SCALE);
            let (cx, cy) = if l == 0 { (0.0, 0.0) } else { (cx, cy) };
            if cx > vx1 || cx + size < vx0 || cy > vy1 || cy + size < vy0 {
                continue;
            }
            if l == level {
                let (by_state, meta, single) = if node != u32::MAX {
                    let (c, m) = self.node_counts(node as usize, y);
                    (c, m, None)
                } else {
                    self.scan_counts(start, end, y)
                };
                let mut by_state = by_state;
                for (c, h) in by_state.iter_mut().zip(&self.hidden) {
                    if *h {
                        *c = 0;
                    }
                }
                if by_state.iter().sum::<u32>() > 0 {
                    out.push(CellOut {
                        range: CellRange { start, end },
                        by_state,
                        meta,
                        single,
                    });
                }
                continue;
            }
            let bounds = self.split(l, prefix, start, end);
            let kids = self
                .nodes
                .get(node as usize)
                .filter(|_| node != u32::MAX)
                .map_or([u32::MAX; 4], |n| n.children);
            for ((q, w), kid) in [0u64, 1, 2, 3]
                .into_iter()
                .zip(bounds.windows(2))
                .zip(kids)
                .rev()
            {
                if let &[s, e] = w {
                    stack.push((l + 1, prefix * 4 + q, s, e, kid));
                }
            }
        }
        out
    }

    /// What the map draws for viewport `v` in `year`: clusters (with their counts per
    /// state) and single missions. Deterministic; positions do not depend on `year`.
    pub fn clusters(&self, v: &Viewport, year: i32) -> Vec<MapCluster> {
        let y = clamp_year(year);
        let mut cells = self.cells(v, year);
        // Largest (by filtered missions in any year) first; ties by position on the curve.
        cells.sort_by(|a, b| {
            b.meta
                .tally
                .total
                .cmp(&a.meta.tally.total)
                .then(a.range.start.cmp(&b.range.start))
        });
        let world = 256.0 * 2f64.powf(v.zoom.clamp(0.0, 30.0));
        let radius = v.radius.max(1e-9);
        let cell_of = |x: f64, y: f64| ((x / radius).floor() as i64, (y / radius).floor() as i64);
        struct Acc {
            sx: f64,
            sy: f64,
            total: f64,
            px: f64,
            py: f64,
            by_state: StateCounts,
            cells: Vec<CellRange>,
            single: Option<u32>,
        }
        let mut accs: Vec<Acc> = Vec::new();
        let mut grid: HashMap<(i64, i64), Vec<usize>> = HashMap::new();
        for c in cells {
            let t = f64::from(c.meta.tally.total.max(1));
            let (px, py) = (c.meta.sx / t / SCALE * world, c.meta.sy / t / SCALE * world);
            let (gx, gy) = cell_of(px, py);
            let mut best: Option<usize> = None;
            for dx in -1..=1 {
                for dy in -1..=1 {
                    for &a in grid.get(&(gx + dx, gy + dy)).into_iter().flatten() {
                        if let Some(acc) = accs.get(a) {
                            let d2 = (acc.px - px).powi(2) + (acc.py - py).powi(2);
                            if d2 <= radius * radius && best.is_none_or(|b| a < b) {
                                best = Some(a);
                            }
                        }
                    }
                }
            }
            match best.and_then(|b| accs.get_mut(b)) {
                Some(acc) => {
                    acc.sx += c.meta.sx;
                    acc.sy += c.meta.sy;
                    acc.total += f64::from(c.meta.tally.total);
                    for (a, b) in acc.by_state.iter_mut().zip(c.by_state) {
                        *a += b;
                    }
                    acc.cells.push(c.range);
                    acc.single = None;
                }
                None => {
                    grid.entry((gx, gy)).or_default().push(accs.len());
                    accs.push(Acc {
                        sx: c.meta.sx,
                        sy: c.meta.sy,
                        total: f64::from(c.meta.tally.total),
                        px,
                        py,
                        by_state: c.by_state,
                        cells: vec![c.range],
                        single: c.single,
                    });
                }
            }
        }
        let level = v.level();
        accs.into_iter()
            .map(|a| {
                let count: u32 = a.by_state.iter().sum();
                let single = if count == 1 {
                    a.single.or_else(|| {
                        a.cells
                            .iter()
                            .find_map(|r| self.first_shown(r.start, r.end, y))
                    })
                } else {
                    None
                };
                let t = a.total.max(1.0);
                let (x, yy) = (a.sx / t / SCALE, a.sy / t / SCALE);
                MapCluster {
                    lon: x * 360.0 - 180.0,
                    lat: inverse_mercator_y(yy),
                    by_state: a.by_state,
                    single,
                    key: (a.cells.first().map_or(0, |r| r.start), level),
                    cells: a.cells,
                }
            })
            .collect()
    }

    /// Whether mission `i` lies in one of the cluster's cells (shown or not).
    pub fn cluster_contains(&self, cluster: &MapCluster, i: usize) -> bool {
        let Some(&pos) = self.rank.get(i) else {
            return false;
        };
        cluster
            .cells
            .iter()
            .any(|r| (r.start..r.end).contains(&pos))
    }

    /// The missions a cluster shows in `year`, in index order, at most `limit`.
    pub fn members(&self, cluster: &MapCluster, year: i32, limit: usize) -> Vec<u32> {
        let y = clamp_year(year);
        cluster
            .cells
            .iter()
            .flat_map(|r| self.shown_of_run(r.start, r.end, y))
            .take(limit)
            .collect()
    }

    /// Approximate heap bytes held (for the benchmark report).
    pub fn heap_bytes(&self) -> usize {
        self.years.len() * std::mem::size_of::<Years>()
            + self.facets.len() * std::mem::size_of::<Facets>()
            + self.fail.len()
            + self.codes.len() * 8
            + self.order.len() * 4
            + self.rank.len() * 4
            + self.sorted_years.len() * std::mem::size_of::<Years>()
            + self.pass.len()
            + self.nodes.len() * std::mem::size_of::<Node>()
            + self.node_hist.len() * 4
            + self.node_meta.len() * std::mem::size_of::<NodeMeta>()
    }
}

/// The missions in a list order, with their years and filter results laid out in that
/// order: listing the shown missions of a year is then one pass through memory instead of
/// a million scattered reads.
#[derive(Debug, Clone, Default)]
pub struct OrderedView {
    order: Vec<u32>,
    years: Vec<Years>,
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
                    .unwrap_or(Years::MISSING)
            })
            .collect();
        let mut v = OrderedView {
            order,
            years,
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
    pub fn shown_in(&self, v: &OrderedView, year: i32) -> Vec<usize> {
        let mission = |k: usize| v.order.get(k).map_or(0, |&i| i as usize);
        let arrays = (v.years.as_slice(), v.fail.as_slice());
        shown_among(
            v.order.len(),
            mission,
            arrays,
            &self.hidden,
            clamp_year(year),
        )
    }
}

/// The index's arrays over one cell's run of the Morton order.
struct Run<'a> {
    pass: &'a [bool],
    years: &'a [Years],
    codes: &'a [u64],
    order: &'a [u32],
}

struct CellOut {
    range: CellRange,
    by_state: StateCounts,
    meta: NodeMeta,
    single: Option<u32>,
}

/// Free-text matching over many missions without building a string per mission: the
/// shared fields (countries, cities…) are folded once per distinct value.
struct TextMatcher {
    words: Vec<String>,
    cache: HashMap<usize, u64>,
}

impl TextMatcher {
    fn new(text: &str) -> Self {
        TextMatcher {
            words: fold(text)
                .split(' ')
                .filter(|w| !w.is_empty())
                .map(str::to_owned)
                .take(64)
                .collect(),
            cache: HashMap::new(),
        }
    }

    /// Bit `k` set when word `k` occurs in `s`.
    fn hits(words: &[String], s: &str) -> u64 {
        let f = fold(s);
        words
            .iter()
            .enumerate()
            .filter(|(_, w)| f.contains(w.as_str()))
            .fold(0, |acc, (k, _)| acc | (1 << k))
    }

    fn shared(&mut self, s: &crate::model::Text) -> u64 {
        let key = s.as_ptr() as usize;
        if let Some(&h) = self.cache.get(&key) {
            return h;
        }
        let h = Self::hits(&self.words, s);
        self.cache.insert(key, h);
        h
    }

    fn matches(&mut self, m: &Mission) -> bool {
        if self.words.is_empty() {
            return true;
        }
        let all = if self.words.len() >= 64 {
            u64::MAX
        } else {
            (1u64 << self.words.len()) - 1
        };
        let mut got = self.shared(&m.city)
            | self.shared(&m.country)
            | self.shared(&m.country_code)
            | self.shared(&m.sending_state)
            | Self::hits(&self.words, m.kind.label());
        if let Some(o) = &m.organization {
            got |= self.shared(o);
        }
        if got != all && !m.notes.is_empty() {
            got |= Self::hits(&self.words, &m.notes);
        }
        got == all
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::load_embedded;
    use crate::timeline::state_at;

    fn world(zoom: f64) -> Viewport {
        Viewport::world(zoom, 36.0)
    }

    #[test]
    fn morton_round_trips() {
        for (x, y) in [(0, 0), (1, 2), (u32::MAX, 7), (123_456_789, 987_654_321)] {
            assert_eq!(unmorton(morton(x, y)), (x, y));
        }
    }

    #[test]
    fn world_view_counts_every_shown_mission_once() {
        let ds = load_embedded().expect("data");
        let f = Filter::default();
        let ix = MissionIndex::build(&ds.missions, &f);
        for year in [1948, 1975, 1998, 2026] {
            let expected = ds.missions.iter().filter(|m| f.matches(m, year)).count();
            for zoom in [0.0, 2.0, 5.0, 12.0] {
                let c = ix.clusters(&world(zoom), year);
                let total: u32 = c.iter().map(MapCluster::count).sum();
                assert_eq!(total as usize, expected, "{year} z{zoom}");
                let mut members: Vec<u32> = c
                    .iter()
                    .flat_map(|c| ix.members(c, year, usize::MAX))
                    .collect();
                members.sort_unstable();
                members.dedup();
                assert_eq!(members.len(), expected);
            }
        }
    }

    #[test]
    fn singles_are_the_mission_and_positions_hold_still_across_years() {
        let ds = load_embedded().expect("data");
        let f = Filter {
            hidden_states: Default::default(),
            ..Filter::default()
        };
        let ix = MissionIndex::build(&ds.missions, &f);
        let v = world(3.0);
        let a = ix.clusters(&v, 1960);
        let b = ix.clusters(&v, 2020);
        // Nothing hidden by year: same clusters, same places, other counts.
        assert_eq!(a.len(), b.len());
        for (x, y) in a.iter().zip(&b) {
            assert_eq!((x.lon, x.lat, &x.cells), (y.lon, y.lat, &y.cells));
        }
        let zoomed = ix.clusters(&world(14.0), 2020);
        let single = zoomed.iter().find_map(|c| c.single).expect("a single");
        let m = &ds.missions[single as usize];
        let c = zoomed
            .iter()
            .find(|c| c.single == Some(single))
            .expect("its cluster");
        assert!((c.lon - m.lon()).abs() < 1e-4 && (c.lat - m.lat()).abs() < 1e-4);
        let st = state_at(m, 2020);
        assert_eq!(c.by_state[state_slot(st)], 1);
    }

    #[test]
    fn text_matcher_agrees_with_the_filter() {
        let ds = load_embedded().expect("data");
        for q in [
            "yaounde",
            "embassy china",
            "PROTECTING power",
            "united nations",
            "zz",
        ] {
            let mut t = TextMatcher::new(q);
            let folded = fold(q);
            for m in &ds.missions {
                assert_eq!(
                    t.matches(m),
                    filter::text_matches(m, &folded),
                    "{q} {}",
                    m.id
                );
            }
        }
    }
}
