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
//! * The map clusters at the grid level matching its zoom (cells of 32–64 px): every cell
//!   with filtered missions merges, largest first, into the first cluster whose first
//!   cell lies within the cluster radius (in pixels at the level's whole zoom), for the
//!   whole world. Positions are the centroid of the cells' filtered missions regardless
//!   of the year, so clusters neither move nor merge differently while the slider moves
//!   or the map pans; a year only changes their counts (and hides those showing none).
//! * The query makes a level's clusters lazily, block by block around the views asked
//!   about, and keeps them (the `levels` module). The plain merge of the whole level
//!   ([`MissionIndex::clusters_plain`]) gives the same answer and checks it.
//!
//! The same per-year counts, kept per filter option, give the panels their numbers
//! ("Embassy (412)") for any year in constant time.

use std::collections::{BTreeMap, HashMap};

use crate::filter::{self, Filter};
use crate::model::{Mission, MissionKind, Region};
use crate::text::{TextMatcher, fold};
use crate::timeline::{self, PerState, TimelineState, facts};
use crate::view::{inverse_mercator_y, mercator_x, mercator_y};

/// Cells at the level for zoom `z` are 2^(z + CELL_BITS) to a side of the world: 256 px
/// tiles make them 32–64 px wide on screen.
pub const CELL_BITS: u32 = 3;
/// The deepest grid level (about 10 m cells).
pub const MAX_LEVEL: u32 = 24;
/// Cells with at least this many missions keep per-year counts; smaller ones are scanned.
pub const BIG: usize = 192;

/// A count or a position as the index stores it. Data sets are far below 2^32 missions, and
/// so are their cells; a larger one could not have been loaded.
fn to_u32(n: usize) -> u32 {
    debug_assert!(u32::try_from(n).is_ok(), "{n} does not fit the index");
    u32::try_from(n).unwrap_or(u32::MAX)
}

mod build;
mod clusters;
mod hist;
mod levels;
mod morton;
mod order;
mod query;
#[cfg(test)]
mod tests;
mod viewport;
mod years;

use hist::*;
use morton::*;
use years::*;

pub use clusters::MAX_RADIUS;
pub use order::{ListOrder, OrderedView, SortKey, sort_order, status_view};
pub use viewport::{CellRange, ClusterCells, MapCluster, Viewport};
pub use years::StateCounts;

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
const FAIL_SENDER: u8 = 64;

/// The filter options a mission has, as small numbers.
#[derive(Debug, Clone, Copy)]
struct Facets {
    kind: u8,
    region: u8,
    inbound: bool,
    /// Of a kind a network's size counts by default ([`crate::senders::KindGroup`]).
    counted: bool,
    country: u16,
    org: u16,
    sender: u16,
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
    pub senders: BTreeMap<String, usize>,
    pub organizations: BTreeMap<String, usize>,
    /// Foreign missions in the sending state shown if the inbound layer were on.
    pub inbound: usize,
}

/// The index. See the module documentation.
pub struct MissionIndex {
    span: Span,
    // By mission.
    years: Vec<Years>,
    /// The breaks of the missions that have any.
    breaks: Breaks,
    facets: Vec<Facets>,
    fail: Vec<u8>,
    countries: Vec<String>,
    orgs: Vec<String>,
    /// (code, name) of every host country, by folded name, for the country picker.
    country_names: Vec<(String, String)>,
    /// Every sending state, sorted.
    senders: Vec<String>,
    /// The mission types the data set has, in [`MissionKind::ALL`]'s order.
    kinds: Vec<MissionKind>,
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
    /// The timeline states the filter shows.
    shown: PerState<bool>,
    /// Counts filter changes, for [`OrderedView`]s.
    generation: u64,
    // Per facet option: the missions passing every other facet.
    root: YearHist,
    kind_hist: Vec<YearHist>,
    region_hist: Vec<YearHist>,
    country_hist: Vec<YearHist>,
    sender_hist: Vec<YearHist>,
    org_hist: Vec<YearHist>,
    inbound_hist: YearHist,
    /// The filtered missions of kinds a network's size leaves out by default (honorary
    /// posts, trade offices).
    uncounted_hist: YearHist,
    /// The cells of the levels queried lately, for the current filter.
    levels: std::sync::Mutex<Vec<levels::LevelPlan>>,
}

#[derive(Debug, Clone, Copy, Default)]
struct NodeMeta {
    tally: Tally,
    sx: f64,
    sy: f64,
}
