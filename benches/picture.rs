//! Pictures: one 1280×800 PNG of the world view, ours beside resvg rendering the same SVG;
//! the 79-frame GIF of 1948–2026, and 10 frames ours beside the plain way (every frame
//! painted whole and quantised on its own). `cargo bench --bench picture`

use criterion::{Criterion, criterion_group, criterion_main};
use diplomap::data::Builtin;
use diplomap::filter::Filter;
use diplomap::index::MissionIndex;
use diplomap::model::Dataset;
use diplomap::picture::{self, Animation, Picture, View};
use std::hint::black_box;

const SIZE: (u32, u32) = (1280, 800);

fn world_view() -> View {
    View {
        center: (10.0, 20.0),
        zoom: 2.3,
    }
}

fn png(c: &mut Criterion) {
    let ds = Builtin::World.load().expect("data");
    let ix = MissionIndex::build(&ds.missions, &Filter::default());
    let p = Picture {
        missions: &ds.missions,
        index: &ix,
        year: 2022,
        view: world_view(),
        size: SIZE,
        dark: false,
        title: &ds.name,
        credit: "bench",
        chart: None,
        compare: None,
        overlays: None,
    };
    let svg = picture::scene(&p).to_svg();
    let mut g = c.benchmark_group("png_world_1280x800");
    g.bench_function("ours_scene_and_png", |b| {
        b.iter(|| black_box(picture::png_bytes(&picture::scene(&p)).expect("png").len()))
    });
    g.bench_function("resvg_same_svg_no_text", |b| {
        b.iter(|| {
            let tree =
                resvg::usvg::Tree::from_str(&svg, &resvg::usvg::Options::default()).expect("svg");
            let mut pm = resvg::tiny_skia::Pixmap::new(SIZE.0, SIZE.1).expect("pixmap");
            resvg::render(
                &tree,
                resvg::tiny_skia::Transform::identity(),
                &mut pm.as_mut(),
            );
            black_box(pm.encode_png().expect("png").len())
        })
    });
    g.finish();
}

fn animation<'a>(
    ds: &'a Dataset,
    ix: &'a MissionIndex,
    to: i32,
    closures: &'a [u32],
) -> Animation<'a> {
    Animation {
        frame: Picture {
            missions: &ds.missions,
            index: ix,
            year: 1948,
            view: world_view(),
            size: SIZE,
            dark: false,
            title: &ds.name,
            credit: "bench",
            chart: Some(picture::Chart {
                first_year: 1948,
                closures,
            }),
            compare: None,
            overlays: None,
        },
        years: 1948..=to,
        fps: 4,
    }
}

/// The plain way: each frame painted whole, then quantised by itself.
fn plain_gif(a: &Animation<'_>, w: &mut dyn std::io::Write) {
    let mut e = gif::Encoder::new(w, SIZE.0 as u16, SIZE.1 as u16, &[]).expect("gif");
    for year in a.years.clone() {
        let scene = picture::scene(&Picture { year, ..a.frame });
        let pm = picture::raster::render(&scene).expect("pixmap");
        let mut rgba = pm.data().to_vec();
        let frame = gif::Frame::from_rgba_speed(SIZE.0 as u16, SIZE.1 as u16, &mut rgba, 10);
        e.write_frame(&frame).expect("frame");
    }
}

fn gif(c: &mut Criterion) {
    let ds = Builtin::NorthKorea.load().expect("data");
    let filter = Filter::default();
    let ix = MissionIndex::build(&ds.missions, &filter);
    let closures = picture::closures_per_year(&ds.missions, &filter, 1948, 2026);
    let mut g = c.benchmark_group("gif_1280x800");
    g.sample_size(10);
    let ten = animation(&ds, &ix, 1957, &closures);
    g.bench_function("10_frames_ours", |b| {
        b.iter(|| {
            black_box(picture::animate(&ten, &mut std::io::sink(), &mut |_, _| true).expect("gif"))
        })
    });
    g.bench_function("10_frames_plain", |b| {
        b.iter(|| plain_gif(&ten, &mut std::io::sink()))
    });
    let all = animation(&ds, &ix, 2026, &closures);
    g.bench_function("79_frames_1948_2026_ours", |b| {
        b.iter(|| {
            black_box(picture::animate(&all, &mut std::io::sink(), &mut |_, _| true).expect("gif"))
        })
    });
    g.finish();
}

criterion_group!(benches, png, gif);
criterion_main!(benches);
