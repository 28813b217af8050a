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
        overlays: None,
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
        // The export of the year (open, closing, may be open) matches what is drawn so.
        let active = diplomap_core::export::active_in(&ds.missions, year)
            .into_iter()
            .filter(|m| filter.matches(m, year))
            .count();
        let drawn = svg_counts(&svg);
        assert_eq!(
            drawn[TimelineState::Open]
                + drawn[TimelineState::Closing]
                + drawn[TimelineState::MayBeOpen],
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
            overlays: None,
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

/// Where (lon, lat) is in a picture of `size` showing `view`: Web Mercator at 256 px
/// tiles, worked out here apart from the picture's own projection.
fn pixel_of(view: View, size: (u32, u32), lon: f64, lat: f64) -> (f32, f32) {
    use diplomap_core::view::{TILE_SIZE, mercator_x, mercator_y};
    let world = TILE_SIZE * 2f64.powf(view.zoom);
    let x = (mercator_x(lon) - mercator_x(view.center.0)) * world + f64::from(size.0) / 2.0;
    let y = (mercator_y(lat) - mercator_y(view.center.1)) * world + f64::from(size.1) / 2.0;
    (x as f32, y as f32)
}

/// Where a marker's colour is to be read: its middle, or for a ring (a mission that may
/// be open) a point on its outline, right of the middle (embassies are circles).
fn probe((x, y): (f32, f32), state: TimelineState) -> (f32, f32) {
    if diplomap_core::symbol::is_ring(state) {
        (x + diplomap_core::symbol::MARKER_R - 0.5, y)
    } else {
        (x, y)
    }
}

/// The colour of the PNG's pixel at (x, y), as [r, g, b].
fn rgb_at(pm: &tiny_skia::Pixmap, (x, y): (f32, f32)) -> [u8; 3] {
    let p = pm
        .pixel(x.round() as u32, y.round() as u32)
        .expect("in the picture")
        .demultiply();
    [p.red(), p.green(), p.blue()]
}

#[test]
fn markers_are_painted_in_their_states_colours_in_both_themes() {
    // Three of North Korea's embassies in 1998, far enough apart to stand alone at this
    // zoom: Oslo's (closed 1976, hidden), Accra's (closing that year), Libreville's (closed
    // in a year unknown), and Stockholm's (open).
    let all = Builtin::NorthKorea.load().expect("data");
    let pick = [
        "gh-accra-embassy",
        "ga-libreville-embassy",
        "se-stockholm-embassy",
    ];
    let missions: Vec<_> = all
        .missions
        .iter()
        .filter(|m| pick.contains(&m.id.as_str()))
        .cloned()
        .collect();
    assert_eq!(missions.len(), 3);
    let ix = MissionIndex::build(&missions, &Filter::default());
    let view = View {
        center: (10.0, 25.0),
        zoom: 3.0,
    };
    let size = (1000u32, 900u32);
    let at = |lon, lat| pixel_of(view, size, lon, lat);
    let mut backgrounds = Vec::new();
    for dark in [false, true] {
        let p = Picture {
            missions: &missions,
            index: &ix,
            year: 1998,
            view,
            size,
            dark,
            title: "t",
            credit: "c",
            chart: None,
            compare: None,
            overlays: None,
        };
        let bytes = png_bytes(&scene(&p)).expect("png");
        let pm = tiny_skia::Pixmap::decode_png(&bytes).expect("decodes");
        for m in &missions {
            let st = state_at(m, 1998);
            let want = diplomap_core::symbol::state_rgba(st, dark);
            let got = rgb_at(&pm, probe(at(m.lon(), m.lat()), st));
            let close = got.iter().zip(&want).all(|(g, w)| g.abs_diff(*w) <= 3);
            assert!(close, "{} (dark {dark}): {got:?}, not {want:?}", m.id);
        }
        // The sea in the Gulf of Guinea, far from any marker: the theme's own.
        backgrounds.push(rgb_at(&pm, at(-20.0, -5.0)));
    }
    assert_ne!(backgrounds[0], backgrounds[1], "the themes' seas differ");
    // Dark seas are dark, light ones light.
    let lum = |c: [u8; 3]| c.iter().map(|&v| u32::from(v)).sum::<u32>();
    assert!(lum(backgrounds[1]) < lum(backgrounds[0]), "{backgrounds:?}");
}

#[test]
fn compared_senders_take_the_palettes_colours() {
    // Two embassies far apart, of two senders: each marker in its sender's colour, the
    // first two of the colour-blind-safe palette, whatever their states.
    let all = Builtin::NorthKorea.load().expect("data");
    let mut missions: Vec<_> = all
        .missions
        .iter()
        .filter(|m| ["se-stockholm-embassy", "gh-accra-embassy"].contains(&m.id.as_str()))
        .cloned()
        .collect();
    assert_eq!(missions.len(), 2);
    missions[1].sending_state = "Sweden".into();
    let senders = ["North Korea".to_owned(), "Sweden".to_owned()];
    let compare = diplomap_core::symbol::compare_colors(&senders).expect("two senders");
    assert_eq!(compare[0].1, diplomap_core::symbol::COMPARE_PALETTE[0]);
    assert_eq!(compare[1].1, diplomap_core::symbol::COMPARE_PALETTE[1]);
    let ix = MissionIndex::build(&missions, &Filter::default());
    let view = View {
        center: (10.0, 35.0),
        zoom: 3.0,
    };
    let size = (1000u32, 900u32);
    let at = |lon, lat| pixel_of(view, size, lon, lat);
    let p = Picture {
        missions: &missions,
        index: &ix,
        year: 1990,
        view,
        size,
        dark: false,
        title: "t",
        credit: "c",
        chart: None,
        compare: Some(&compare),
        overlays: None,
    };
    let pm = tiny_skia::Pixmap::decode_png(&png_bytes(&scene(&p)).expect("png")).expect("decodes");
    for m in &missions {
        let (_, want) = compare
            .iter()
            .find(|(s, _)| *s == *m.sending_state)
            .expect("a compared sender");
        let got = rgb_at(&pm, probe(at(m.lon(), m.lat()), state_at(m, 1990)));
        let close = got.iter().zip(want).all(|(g, w)| g.abs_diff(*w) <= 3);
        assert!(close, "{}: {got:?}, not {want:?}", m.id);
    }
}
