//! `diplomap render` and `diplomap animate`, run as a user runs them.

use crate::common::{diplomap, stderr};

/// Per state class, the missions an SVG draws: a marker each, a cluster's `data-<state>`.
fn drawn(svg: &str, class: &str) -> usize {
    let markers = svg.matches(&format!("class=\"mission {class}\"")).count();
    let in_clusters: usize = svg
        .split(&format!(" data-{class}=\""))
        .skip(1)
        .map(|p| {
            p.split('"')
                .next()
                .and_then(|n| n.parse::<usize>().ok())
                .expect("count")
        })
        .sum();
    markers + in_clusters
}

#[test]
fn the_svg_of_a_year_draws_what_the_export_of_that_year_lists() {
    let dir = tempfile::tempdir().expect("dir");
    for (data, year) in [
        ("north-korea", "1985"),
        ("north-korea", "1998"),
        ("world", "2000"),
        ("world", "2022"),
    ] {
        let svg_path = dir.path().join(format!("{data}-{year}.svg"));
        let o = diplomap(&[
            "--data",
            data,
            "render",
            "--year",
            year,
            "--center",
            "0,0",
            "--zoom",
            "1.5",
            "-o",
            svg_path.to_str().expect("utf8"),
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
        let svg = std::fs::read_to_string(&svg_path).expect("svg");
        let o = diplomap(&["--data", data, "export", "--year", year, "--format", "csv"]);
        assert!(o.status.success(), "{}", stderr(&o));
        let mut r = csv::Reader::from_reader(&o.stdout[..]);
        let col = r
            .headers()
            .expect("header")
            .iter()
            .position(|h| h == "timeline")
            .expect("timeline");
        let (mut open, mut closing, mut may_be) = (0, 0, 0);
        for rec in r.records() {
            match rec.expect("row").get(col) {
                Some("open") => open += 1,
                Some("closing") => closing += 1,
                Some("may-be-open") => may_be += 1,
                other => panic!("{other:?}"),
            }
        }
        assert_eq!(
            (
                drawn(&svg, "open"),
                drawn(&svg, "closing"),
                drawn(&svg, "may-be-open")
            ),
            (open, closing, may_be),
            "{data} {year}"
        );
        assert!(open > 0 && may_be > 0);
    }
}

#[test]
fn png_and_gif_have_the_asked_size_and_frames() {
    let dir = tempfile::tempdir().expect("dir");
    let png = dir.path().join("map.png");
    let o = diplomap(&[
        "render",
        "--size",
        "800x500",
        "--theme",
        "dark",
        "-o",
        png.to_str().expect("utf8"),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let pm = tiny_skia::Pixmap::load_png(&png).expect("decodes");
    assert_eq!((pm.width(), pm.height()), (800, 500));
    let gif = dir.path().join("years.gif");
    let o = diplomap(&[
        "animate",
        "--from",
        "1990",
        "--to",
        "1999",
        "--size",
        "400x250",
        "-o",
        gif.to_str().expect("utf8"),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("frame 10 of 10"),
        "progress: {}",
        stderr(&o)
    );
    let mut opts = gif::DecodeOptions::new();
    opts.set_color_output(gif::ColorOutput::Indexed);
    let file = std::fs::File::open(&gif).expect("open");
    let mut d = opts.read_info(file).expect("a gif");
    assert_eq!((d.width(), d.height()), (400, 250));
    let mut frames = 0;
    while d.read_next_frame().expect("frame").is_some() {
        frames += 1;
    }
    assert_eq!(frames, 10);
}

#[test]
fn bad_requests_say_why_and_write_nothing() {
    let dir = tempfile::tempdir().expect("dir");
    let out = dir.path().join("x.png");
    let o_path = out.to_str().expect("utf8");
    let cases: [(&[&str], &str); 6] = [
        (
            &["render", "--sender", "Atlantis", "-o", o_path],
            "unknown sending state \"Atlantis\"",
        ),
        (
            &["render", "--size", "0x100", "-o", o_path],
            "0×100 is no picture size",
        ),
        (
            &["render", "--size", "100000x100", "-o", o_path],
            "is no picture size",
        ),
        (
            &["render", "--size", "big", "-o", o_path],
            "\"big\" is no size",
        ),
        (
            &["render", "-o", "/no/such/folder/x.png"],
            "cannot write the picture",
        ),
        (&["render", "-o", "x.jpg"], "must end in .svg, .png or .gif"),
    ];
    for (args, want) in cases {
        let o = diplomap(args);
        assert!(!o.status.success(), "{args:?}");
        assert!(stderr(&o).contains(want), "{args:?}: {}", stderr(&o));
    }
    let gif = dir.path().join("x.gif");
    let o = diplomap(&[
        "animate",
        "--from",
        "2000",
        "--to",
        "1990",
        "-o",
        gif.to_str().expect("utf8"),
    ]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("no years from 2000 to 1990"),
        "{}",
        stderr(&o)
    );
    // A still picture's name for an animation, and the other way round.
    let png = dir.path().join("x.png");
    let o = diplomap(&["animate", "-o", png.to_str().expect("utf8")]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("an animation is a GIF"),
        "{}",
        stderr(&o)
    );
    let o = diplomap(&["render", "-o", gif.to_str().expect("utf8")]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("a single picture is SVG or PNG"),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        std::fs::read_dir(dir.path()).expect("dir").count(),
        0,
        "nothing written"
    );
}
