//! Scale: our mission index against the `supercluster` crate (the Rust port of the
//! clustering behind Mapbox, MapLibre and Leaflet), on the same seeded synthetic data
//! (`diplomap synth --n N --seed 1`), N = 10k, 100k, 1M. `cargo bench --bench scale`.
//! The figures reported are criterion's medians; BENCHMARKS.md has the latest run.
//!
//! * `build`: ours builds once for all years and filters; supercluster loads the missions
//!   shown in the year.
//! * `slider_step`: the year changes, filters do not. Ours answers the world view and the
//!   panel counts for the new year; supercluster must re-filter, reload and query.
//! * `query_z2` / `query_z10`: clusters for a 1280×800 view of the world (zoom 2) and of
//!   the busiest city (zoom 10), the same view each time (a repaint).
//! * `query_z2_pan` / `query_z10_pan`: the view moved by a quarter screen and back on every
//!   query (dragging the map over places seen: ours finds the kept clusters around it).
//! * `query_z2_first` / `query_z10_first`: the first view at the level after a filter
//!   change (ours reads and merges the cells around the view; supercluster's clusters were
//!   made by its load, the `build` row).
//! * `marker_frame`: the UI thread's whole marker work per frame at 1M (query, widgets,
//!   shapes, tessellation), world and city view.
//!
//! Set DIPLOMAP_BENCH_MAX_N to leave out the larger sizes (e.g. 100000 for a quick run).

use std::hint::black_box;
use std::time::Duration;

use criterion::{BatchSize, BenchmarkId, Criterion, criterion_group, criterion_main};
use diplomap::filter::Filter;
use diplomap::index::{MissionIndex, Viewport};
use diplomap::model::Mission;
use geojson::{Feature, Geometry, Value};
use supercluster::{CoordinateSystem, Supercluster};

const SIZES: [usize; 3] = [10_000, 100_000, 1_000_000];
const SCREEN: (f64, f64) = (1280.0, 800.0);
const RADIUS: f64 = 36.0;
const YEAR: i32 = 1990;

fn sizes() -> Vec<usize> {
    let max = std::env::var("DIPLOMAP_BENCH_MAX_N")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(usize::MAX);
    SIZES.into_iter().filter(|&n| n <= max).collect()
}

fn features(missions: &[Mission], filter: &Filter, year: i32) -> Vec<Feature> {
    missions
        .iter()
        .filter(|m| filter.matches(m, year))
        .map(|m| Feature {
            bbox: None,
            geometry: Some(Geometry::new(Value::Point(vec![m.lon(), m.lat()]))),
            id: None,
            properties: None,
            foreign_members: None,
        })
        .collect()
}

fn supercluster() -> Supercluster {
    // The same radius on the same 256-pixel tiles as ours.
    Supercluster::new(
        Supercluster::builder()
            .radius(RADIUS)
            .extent(256.0)
            .min_points(2)
            .max_zoom(16)
            .coordinate_system(CoordinateSystem::LatLng)
            .build(),
    )
}

fn bbox(v: &Viewport) -> [f64; 4] {
    let lat = diplomap::view::inverse_mercator_y;
    [
        v.x0 * 360.0 - 180.0,
        lat(v.y1),
        v.x1 * 360.0 - 180.0,
        lat(v.y0),
    ]
}

/// Supercluster's clusters for the view: how many.
fn sc_count(sc: &Supercluster, v: &Viewport) -> Option<usize> {
    sc.get_clusters(bbox(v), v.zoom as u8).map(|c| c.len()).ok()
}

fn bench(c: &mut Criterion) {
    let filter = Filter::default();
    let world = Viewport::around((0.0, 20.0), 2.0, SCREEN, RADIUS);
    for n in sizes() {
        let ds = diplomap::synth::generate(n, 1);
        let missions = &ds.missions;
        let shown = features(missions, &filter, YEAR);
        let ix = MissionIndex::build(missions, &filter);
        let busiest = ix
            .clusters(&world, YEAR)
            .into_iter()
            .max_by_key(|c| c.count())
            .map_or((0.0, 0.0), |c| (c.lon, c.lat));
        let city = Viewport::around(busiest, 10.0, SCREEN, RADIUS);
        let slow = n >= 100_000;

        let mut g = c.benchmark_group("build");
        if slow {
            g.sample_size(10).warm_up_time(Duration::from_millis(500));
        }
        g.bench_with_input(BenchmarkId::new("ours", n), &n, |b, _| {
            b.iter(|| black_box(MissionIndex::build(missions, &filter).len()));
        });
        g.bench_with_input(BenchmarkId::new("supercluster", n), &n, |b, _| {
            b.iter_batched(
                || shown.clone(),
                |f| {
                    let mut sc = supercluster();
                    black_box(sc.load(f).is_ok());
                    sc
                },
                BatchSize::PerIteration,
            );
        });
        g.finish();

        let mut g = c.benchmark_group("slider_step");
        if slow {
            g.sample_size(10).warm_up_time(Duration::from_millis(500));
        }
        let mut year = YEAR;
        g.bench_with_input(BenchmarkId::new("ours", n), &n, |b, _| {
            b.iter(|| {
                year = if year == YEAR { YEAR + 1 } else { YEAR };
                let clusters = ix.clusters(&world, year);
                let counts = ix.facet_counts(year);
                black_box((clusters.len(), counts.by_state))
            });
        });
        g.bench_with_input(BenchmarkId::new("supercluster", n), &n, |b, _| {
            b.iter(|| {
                year = if year == YEAR { YEAR + 1 } else { YEAR };
                let mut sc = supercluster();
                let loaded = sc.load(features(missions, &filter, year));
                black_box(
                    loaded
                        .and_then(|s| s.get_clusters(bbox(&world), 2))
                        .map(|c| c.len()),
                )
            });
        });
        g.finish();

        let mut sc = supercluster();
        let sc = sc.load(shown.clone()).ok();
        for (name, v) in [("query_z2", world), ("query_z10", city)] {
            let mut g = c.benchmark_group(name);
            g.bench_with_input(BenchmarkId::new("ours", n), &n, |b, _| {
                b.iter(|| black_box(ix.clusters(&v, YEAR).len()));
            });
            if let Some(sc) = sc.as_ref() {
                g.bench_with_input(BenchmarkId::new("supercluster", n), &n, |b, _| {
                    b.iter(|| black_box(sc_count(sc, &v)));
                });
            }
            g.finish();
            // The view moved by a quarter of the screen and back, every query: no query
            // sees the same cells as the one before, as while dragging the map (ours
            // answers from the clusters it kept around both views).
            let step = SCREEN.0 / 4.0 / (256.0 * 2f64.powf(v.zoom));
            let moved = Viewport {
                x0: v.x0 + step,
                x1: v.x1 + step,
                ..v
            };
            let mut g = c.benchmark_group(format!("{name}_pan"));
            let mut flip = false;
            g.bench_with_input(BenchmarkId::new("ours", n), &n, |b, _| {
                b.iter(|| {
                    flip = !flip;
                    black_box(ix.clusters(if flip { &moved } else { &v }, YEAR).len())
                });
            });
            if let Some(sc) = sc.as_ref() {
                g.bench_with_input(BenchmarkId::new("supercluster", n), &n, |b, _| {
                    b.iter(|| {
                        flip = !flip;
                        black_box(sc_count(sc, if flip { &moved } else { &v }))
                    });
                });
            }
            g.finish();
            // The first view at the level after a filter change: ours reads and merges
            // the cells around it (kept from then on); supercluster answers from the
            // clusters its load made.
            let mut g = c.benchmark_group(format!("{name}_first"));
            g.bench_with_input(BenchmarkId::new("ours", n), &n, |b, _| {
                b.iter(|| {
                    ix.forget_levels();
                    black_box(ix.clusters(&v, YEAR).len())
                });
            });
            if let Some(sc) = sc.as_ref() {
                g.bench_with_input(BenchmarkId::new("supercluster", n), &n, |b, _| {
                    b.iter(|| black_box(sc_count(sc, &v)));
                });
            }
            g.finish();
        }

        if n == 1_000_000 {
            let ctx = egui::Context::default();
            let mut g = c.benchmark_group("marker_frame");
            for (name, center, zoom) in
                [("world_z2", (0.0, 20.0), 2.0), ("city_z10", busiest, 10.0)]
            {
                g.bench_function(BenchmarkId::new(name, n), |b| {
                    b.iter(|| {
                        black_box(diplomap::app::map::marker_frame(
                            &ctx,
                            missions,
                            &ix,
                            (center, zoom),
                            YEAR,
                            egui::vec2(SCREEN.0 as f32, SCREEN.1 as f32),
                        ))
                    });
                });
            }
            g.finish();
        }
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
