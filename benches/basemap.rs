//! Embedded basemap: time to render one tile (the figure reported is the median).
//! `cargo bench --bench basemap`

use criterion::{Criterion, criterion_group, criterion_main};
use diplomap::basemap::{Style, TileKey, World, render_tile};
use std::hint::black_box;

fn tiles(c: &mut Criterion) {
    let mut g = c.benchmark_group("render_tile");
    // World, region (Europe) and city (Geneva) views, at 256 and 512 (HiDPI) pixels.
    let cases = [
        (
            "z2_world",
            TileKey {
                zoom: 2,
                x: 2,
                y: 1,
            },
        ),
        (
            "z5_europe",
            TileKey {
                zoom: 5,
                x: 16,
                y: 11,
            },
        ),
        (
            "z10_geneva",
            TileKey {
                zoom: 10,
                x: 529,
                y: 360,
            },
        ),
    ];
    for (name, key) in cases {
        for size in [256u32, 512] {
            g.bench_function(format!("{name}_{size}px"), |b| {
                let world = World::for_zoom(key.zoom);
                b.iter(|| render_tile(&world, black_box(key), size, &Style::LIGHT))
            });
        }
    }
    g.finish();
}

fn parse(c: &mut Criterion) {
    let text = include_str!("../assets/basemap/countries-50m.json");
    c.bench_function("parse_topojson_50m", |b| {
        b.iter(|| World::from_topojson(black_box(text), "countries"))
    });
    let text = include_str!("../assets/basemap/countries-10m.json");
    c.bench_function("parse_topojson_10m", |b| {
        b.iter(|| World::from_topojson(black_box(text), "countries"))
    });
}

criterion_group!(benches, tiles, parse);
criterion_main!(benches);
