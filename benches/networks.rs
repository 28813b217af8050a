//! The network layers at the world set's 9,909 missions: what a slider step recomputes
//! (the ranking, one sender's coverage) and what a frame draws (the coverage shading's
//! triangles projected, the accreditation lines of a mission). `cargo bench --bench networks`

use criterion::{Criterion, criterion_group, criterion_main};
use diplomap::data::Builtin;
use diplomap::filter::Filter;
use diplomap::gazetteer::Gazetteer;
use diplomap::network;
use std::hint::black_box;

fn layers(c: &mut Criterion) {
    let ds = Builtin::World.load().expect("data");
    let gaz = Gazetteer::embedded();
    let filter = Filter::default();
    let mut g = c.benchmark_group("networks_world");
    g.bench_function("ranking_one_year", |b| {
        b.iter(|| {
            black_box(
                network::ranking(&ds.missions, 2022, Some(&filter), gaz, Default::default()).len(),
            )
        })
    });
    g.bench_function("coverage_one_sender_one_year", |b| {
        b.iter(|| {
            black_box(
                network::coverage(
                    &ds.missions,
                    "France",
                    2022,
                    Some(&filter),
                    gaz,
                    Default::default(),
                )
                .len(),
            )
        })
    });
    let cov = network::coverage(
        &ds.missions,
        "France",
        2022,
        Some(&filter),
        gaz,
        Default::default(),
    );
    let fills = diplomap::app::map::country_fills(2.0);
    g.bench_function("coverage_shading_vertices_projected", |b| {
        let world = 256.0 * 4.0;
        b.iter(|| {
            let mut n = 0usize;
            let mut sum = 0.0f32;
            for f in fills.iter().filter(|f| cov.contains_key(&f.key)) {
                for &(lon, lat) in &f.vertices {
                    let x = diplomap::view::mercator_x(lon) * world;
                    let y = diplomap::view::mercator_y(lat) * world;
                    sum += (x + y) as f32;
                    n += 1;
                }
            }
            black_box((n, sum))
        })
    });
    let stockholm = ds
        .missions
        .iter()
        .find(|m| m.id == "se-stockholm-embassy")
        .expect("North Korea's embassy in Stockholm");
    g.bench_function("accreditation_lines_of_a_mission", |b| {
        b.iter(|| black_box(diplomap::app::view_model::accreditation_lines(stockholm).len()))
    });
    // The compared senders' lines layer, remade on a slider step: Sweden's and Norway's
    // shown missions in 2022.
    let geo = diplomap::gazetteer::Geocoder::embedded().expect("geocoder");
    let compared: Vec<&diplomap::model::Mission> = ds
        .missions
        .iter()
        .filter(|m| {
            (&*m.sending_state == "Sweden" || &*m.sending_state == "Norway")
                && diplomap::timeline::state_at(m, 2022).is_active()
        })
        .collect();
    g.bench_function("network_lines_sweden_and_norway", |b| {
        b.iter(|| {
            black_box(
                compared
                    .iter()
                    .map(|m| diplomap::app::view_model::accreditation_lines_with(m, &geo).len())
                    .sum::<usize>(),
            )
        })
    });
    g.finish();
}

criterion_group!(benches, layers);
criterion_main!(benches);
