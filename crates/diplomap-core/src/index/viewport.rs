//! What the map asks about (a viewport at a zoom) and what it gets back (clusters).

use super::*;

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
    /// Clusters closer than this many pixels (at the whole zoom below `zoom`) merge; at
    /// most [`super::MAX_RADIUS`] counts.
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
    pub cells: ClusterCells,
    /// A stable key: the first cell's start in the index order and the grid level.
    pub key: (u32, u32),
}

/// A cluster's cells: its part of a list of runs shared with other clusters (those made
/// together keep one list, not one each).
#[derive(Clone)]
pub struct ClusterCells {
    all: std::sync::Arc<[CellRange]>,
    start: u32,
    end: u32,
}

impl ClusterCells {
    pub(super) fn new(all: &std::sync::Arc<[CellRange]>, start: u32, end: u32) -> Self {
        ClusterCells {
            all: std::sync::Arc::clone(all),
            start,
            end,
        }
    }
}

impl std::ops::Deref for ClusterCells {
    type Target = [CellRange];
    fn deref(&self) -> &[CellRange] {
        self.all
            .get(self.start as usize..self.end as usize)
            .unwrap_or_default()
    }
}

impl PartialEq for ClusterCells {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl std::fmt::Debug for ClusterCells {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl MapCluster {
    pub fn count(&self) -> u32 {
        self.by_state.total()
    }
}
