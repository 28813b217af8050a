use diplomap_core::data::Builtin;
use diplomap_core::filter::Filter;
use diplomap_core::index::MissionIndex;
use diplomap_core::model::Dataset;
use diplomap_core::timeline::{PerState, TimelineState, state_at};

use super::*;

fn data() -> (Dataset, MissionIndex) {
    let ds = Builtin::NorthKorea.load().expect("data");
    let ix = MissionIndex::build(&ds.missions, &Filter::default());
    (ds, ix)
}

fn picture<'a>(ds: &'a Dataset, ix: &'a MissionIndex, year: i32, size: (u32, u32)) -> Picture<'a> {
    Picture {
        missions: &ds.missions,
        index: ix,
        year,
        // The whole world fits: every mission is drawn.
        view: View {
            center: (0.0, 0.0),
            zoom: 1.5,
        },
        size,
        dark: false,
        title: &ds.name,
        credit: "test",
        chart: None,
        compare: None,
    }
}

/// Per state, the missions an SVG draws: one per marker, a cluster's `data-<state>`.
fn svg_counts(svg: &str) -> PerState<usize> {
    let mut out = PerState::<usize>::default();
    for s in TimelineState::ALL {
        let class = state_class(s);
        out[s] += svg.matches(&format!("class=\"mission {class}\"")).count();
        for part in svg.split(&format!(" data-{class}=\"")).skip(1) {
            let n: usize = part
                .split('"')
                .next()
                .and_then(|n| n.parse().ok())
                .expect("a count");
            out[s] += n;
        }
    }
    out
}

#[test]
fn the_svg_draws_each_shown_mission_once_in_its_state() {
    let (ds, ix) = data();
    let filter = Filter::default();
    for year in [1960, 1985, 1998, 2013, 2026] {
        let svg = scene(&picture(&ds, &ix, year, (1280, 800))).to_svg();
        let mut want = PerState::<usize>::default();
        for m in ds.missions.iter().filter(|m| filter.matches(m, year)) {
            want[state_at(m, year)] += 1;
        }
        assert_eq!(svg_counts(&svg).0, want.0, "{year}");
        // The export of the year (open and closing) matches the drawn open and closing.
        let active = diplomap_core::export::active_in(&ds.missions, year)
            .into_iter()
            .filter(|m| filter.matches(m, year))
            .count();
        let drawn = svg_counts(&svg);
        assert_eq!(
            drawn[TimelineState::Open] + drawn[TimelineState::Closing],
            active,
            "{year}"
        );
        assert!(svg.contains("<text"), "real text");
        assert!(
            svg.contains(&format!(">{year}</text>")),
            "the year in the title"
        );
        assert!(svg.contains("Natural Earth"), "the basemap credit");
    }
}

#[test]
fn the_png_has_the_asked_size() {
    let (ds, ix) = data();
    let bytes = png_bytes(&scene(&picture(&ds, &ix, 2026, (640, 400)))).expect("png");
    let pm = tiny_skia::Pixmap::decode_png(&bytes).expect("decodes");
    assert_eq!((pm.width(), pm.height()), (640, 400));
    // Not one colour: land, water and markers are there.
    let first = pm.pixel(0, 0).expect("pixel");
    assert!(pm.pixels().iter().any(|p| *p != first));
}

fn animation<'a>(
    ds: &'a Dataset,
    ix: &'a MissionIndex,
    years: std::ops::RangeInclusive<i32>,
) -> Animation<'a> {
    Animation {
        frame: Picture {
            missions: &ds.missions,
            index: ix,
            year: 0,
            view: View {
                center: (60.0, 30.0),
                zoom: 1.5,
            },
            size: (320, 200),
            dark: true,
            title: &ds.name,
            credit: "test",
            chart: Some(Chart {
                first_year: 1948,
                closures: &[0, 1, 2, 3],
            }),
            compare: None,
        },
        years,
        fps: 10,
    }
}

#[test]
fn the_gif_has_one_frame_per_year_of_the_asked_size() {
    let (ds, ix) = data();
    let mut out = Vec::new();
    let mut seen = Vec::new();
    let n = animate(&animation(&ds, &ix, 1990..=2001), &mut out, &mut |k, t| {
        seen.push((k, t));
        true
    })
    .expect("gif");
    assert_eq!(n, 12);
    assert_eq!(seen.last(), Some(&(12, 12)));
    let mut opts = gif::DecodeOptions::new();
    opts.set_color_output(gif::ColorOutput::Indexed);
    let mut d = opts.read_info(&out[..]).expect("a gif");
    assert_eq!((d.width(), d.height()), (320, 200));
    let mut frames = 0;
    while d.read_next_frame().expect("frame").is_some() {
        frames += 1;
    }
    assert_eq!(frames, 12);
}

#[test]
fn bad_sizes_years_and_paths_write_nothing() {
    let (ds, ix) = data();
    let dir = tempfile::tempdir().expect("dir");
    for size in [(0, 100), (100, 0), (20_000, 100), (8, 8)] {
        let p = dir.path().join("x.png");
        let e = write_picture(&scene(&picture(&ds, &ix, 2026, size)), &p).unwrap_err();
        assert!(matches!(e, PictureError::Size(..)), "{e}");
        assert!(!p.exists());
    }
    let p = dir.path().join("x.gif");
    // A range the user typed backwards (--from 2000 --to 1990).
    let (from, to) = (2000, 1990);
    let e = write_gif(&animation(&ds, &ix, from..=to), &p, &mut |_, _| true).unwrap_err();
    assert!(e.to_string().contains("no years from 2000 to 1990"), "{e}");
    assert!(!p.exists());
    // A cancel leaves nothing behind, nor any old file changed.
    std::fs::write(&p, b"old").expect("write");
    let e = write_gif(&animation(&ds, &ix, 1990..=2000), &p, &mut |k, _| k < 3).unwrap_err();
    assert!(matches!(e, PictureError::Cancelled), "{e}");
    assert_eq!(std::fs::read(&p).expect("read"), b"old");
    let leftovers = std::fs::read_dir(dir.path()).expect("dir").count();
    assert_eq!(leftovers, 1, "no temporary file left");
    // A folder that does not exist, and a name without a picture's extension.
    let s = scene(&picture(&ds, &ix, 2026, (100, 100)));
    let e = write_picture(&s, &dir.path().join("no/such/x.svg")).unwrap_err();
    assert!(e.to_string().contains("cannot write the picture"), "{e}");
    let e = write_picture(&s, &dir.path().join("x.jpg")).unwrap_err();
    assert!(matches!(e, PictureError::Extension(_)), "{e}");
}
