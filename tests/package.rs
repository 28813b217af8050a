//! What the Debian package ships, checked from the source tree (scripts/check-package.sh
//! checks the built package itself): the icons are what their SVG makes, the desktop
//! entry and the metainfo name the window's id, the command line describes itself.

use crate::common::{diplomap, stderr};

#[path = "../examples/icons.rs"]
#[allow(dead_code)]
mod icons;

fn root() -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn the_icons_are_what_their_svg_makes() {
    let svg = std::fs::read_to_string(root().join("assets/icon/diplomap.svg")).expect("svg");
    for size in icons::SIZES {
        let made = icons::render(&svg, size).expect("renders");
        let path = root().join(format!("assets/icon/diplomap-{size}.png"));
        let committed = std::fs::read(&path).expect("committed png");
        let a = image::load_from_memory(&made).expect("decodes").to_rgba8();
        let b = image::load_from_memory(&committed)
            .expect("decodes")
            .to_rgba8();
        assert_eq!(a.dimensions(), (size, size));
        assert!(
            a == b,
            "{} is not what assets/icon/diplomap.svg makes: run scripts/make-icons.sh",
            path.display()
        );
    }
    let icon = diplomap::app::window_icon().expect("window icon");
    assert_eq!((icon.width, icon.height), (256, 256));
    // Not blank: most of it is drawn.
    let opaque = icon.rgba.chunks(4).filter(|p| p[3] == 255).count();
    assert!(opaque > 256 * 256 / 2, "{opaque}");
}

#[test]
fn the_desktop_entry_and_metainfo_name_the_window() {
    let id = diplomap::app::APP_ID;
    let desktop = std::fs::read_to_string(root().join(format!("assets/desktop/{id}.desktop")))
        .expect("desktop entry named by the app id");
    for line in [
        "Exec=diplomap %f",
        "Icon=diplomap",
        "Categories=Education;Science;Geography;",
        &format!("StartupWMClass={id}"),
    ] {
        assert!(desktop.lines().any(|l| l == line), "{line} missing");
    }
    let mime = desktop
        .lines()
        .find_map(|l| l.strip_prefix("MimeType="))
        .expect("MimeType");
    for t in [
        "application/json",
        "application/geo+json",
        "text/csv",
        "text/tab-separated-values",
    ] {
        assert!(mime.split(';').any(|m| m == t), "{t} missing from {mime}");
    }
    let metainfo =
        std::fs::read_to_string(root().join(format!("assets/desktop/{id}.metainfo.xml.in")))
            .expect("metainfo");
    assert!(metainfo.contains(&format!("<id>{id}</id>")));
    assert!(metainfo.contains(&format!(
        "<launchable type=\"desktop-id\">{id}.desktop</launchable>"
    )));
    assert!(metainfo.contains("<content_rating type=\"oars-1.1\"/>"));
    // The release listed is the version built.
    assert!(metainfo.contains(&format!(
        "<release version=\"{}\"",
        env!("CARGO_PKG_VERSION")
    )));
}

#[test]
fn version_names_the_data_sets_and_their_years() {
    let o = diplomap(&["--version"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(
        out.starts_with(&format!("diplomap {}\n", env!("CARGO_PKG_VERSION"))),
        "{out}"
    );
    for b in diplomap::data::Builtin::ALL {
        let ds = b.load().expect("built-in set loads");
        let line = out
            .lines()
            .find(|l| l.trim_start().starts_with(b.name()))
            .unwrap_or_else(|| panic!("{} missing: {out}", b.name()));
        // The same numbers as the set itself.
        assert!(line.contains(&ds.name), "{line}");
        assert!(
            line.contains(&format!("{} missions", ds.missions.len())),
            "{line}"
        );
        let year = ds
            .as_of
            .as_ref()
            .map(|a| a.year.to_string())
            .expect("a year");
        assert!(line.ends_with(&format!("as of {year}")), "{line}");
    }
}

#[test]
fn help_lists_every_command_on_one_line() {
    let o = diplomap(&["--help"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = String::from_utf8_lossy(&o.stdout).into_owned();
    let commands: Vec<&str> = out
        .split("Commands:\n")
        .nth(1)
        .and_then(|r| r.split("\n\n").next())
        .expect("a command list")
        .lines()
        .collect();
    let names: Vec<&str> = commands
        .iter()
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    for c in [
        "import",
        "export",
        "render",
        "animate",
        "stats",
        "changes",
        "check",
        "synth",
        "bench",
        "build-data",
    ] {
        assert!(names.contains(&c), "{c} missing: {out}");
    }
    // One line each, short enough for a terminal of 100 columns.
    assert_eq!(commands.len(), names.len());
    for l in &commands {
        assert!(l.chars().count() <= 100, "too long: {l}");
    }
}

#[test]
fn a_file_is_given_once() {
    let o = diplomap(&["north-korea", "--data", "world", "check"]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("a data file is given twice"),
        "{}",
        stderr(&o)
    );
}
