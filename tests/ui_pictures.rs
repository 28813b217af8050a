//! File → Export image… and Export animation… in the app: made off the UI thread, with a
//! progress bar and Cancel (egui_kittest, headless).

use crate::common::{harness, state, type_into, wait_until};
use diplomap::app::DiplomapApp;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

/// Whether a notice on screen says `text`.
fn notice(h: &Harness<'_, DiplomapApp>, text: &str) -> bool {
    h.query_by_label_contains(text).is_some()
}

/// How many missions in `state` (its class: "open", "closing"…) an SVG draws: one per
/// marker, and a cluster's count in its `data-<state>` attribute.
fn drawn(svg: &str, state: &str) -> usize {
    let markers = svg.matches(&format!("class=\"mission {state}\"")).count();
    let in_clusters: usize = svg
        .split(&format!(" data-{state}=\""))
        .skip(1)
        .filter_map(|part| part.split('"').next()?.parse::<usize>().ok())
        .sum();
    markers + in_clusters
}

/// Opens the window through the File menu and types the folder.
fn open_window(h: &mut Harness<'_, DiplomapApp>, item: &str, dir: &std::path::Path) {
    h.get_by_label("File").click();
    h.run();
    h.get_by_label_contains(item).click();
    h.run();
    type_into(h, "Folder", &dir.display().to_string());
}

fn set_value(h: &mut Harness<'_, DiplomapApp>, label: &str, v: f64) {
    h.get_all_by_label(label)
        .find(|n| {
            use egui_kittest::kittest::NodeT;
            n.accesskit_node().role() == Role::SpinButton
        })
        .expect(label)
        .set_value_accesskit(v);
    h.run();
}

#[test]
fn export_image_writes_the_svg_of_the_view() {
    let dir = tempfile::tempdir().expect("dir");
    let mut h = harness(state(1998, (60.0, 30.0), 2.0));
    open_window(&mut h, "Export image…", dir.path());
    h.get_by_label("SVG").click();
    h.run();
    h.get_by_label_contains("diplomap-1998.svg");
    h.get_by_role_and_label(Role::Button, "Export").click();
    wait_until(&mut h, "the image", |h| notice(h, "Saved the map of 1998"));
    let svg = std::fs::read_to_string(dir.path().join("diplomap-1998.svg")).expect("written");
    // The map of 1998 as the window shows it: 5 known open, 70 that may be (Gabon's
    // among them), 9 closing (the summary line's figures), none of the hidden states.
    let counts = [
        "open",
        "may-be-open",
        "closing",
        "closed-unknown",
        "closed",
        "not-yet-open",
    ]
    .map(|s| drawn(&svg, s));
    assert_eq!(counts, [5, 70, 9, 0, 0, 0]);
    assert!(svg.contains(">1998</text>"));
    assert!(
        h.query_by_label("Export image").is_none(),
        "the window closes"
    );
}

#[test]
fn export_animation_writes_a_gif_and_cancel_writes_nothing() {
    let dir = tempfile::tempdir().expect("dir");
    let mut h = harness(state(1998, (60.0, 30.0), 2.0));
    open_window(&mut h, "Export animation…", dir.path());
    set_value(&mut h, "From", 1990.0);
    set_value(&mut h, "to", 1993.0);
    set_value(&mut h, "Width", 320.0);
    set_value(&mut h, "Height", 200.0);
    type_into(&mut h, "File name", "years.gif");
    h.get_by_role_and_label(Role::Button, "Export").click();
    wait_until(&mut h, "the animation", |h| notice(h, "(4 frames)"));
    let gif = std::fs::read(dir.path().join("years.gif")).expect("written");
    assert!(gif.starts_with(b"GIF89a"));

    // A long one, cancelled while it runs: a progress bar, then nothing written.
    open_window(&mut h, "Export animation…", dir.path());
    set_value(&mut h, "From", 1948.0);
    set_value(&mut h, "to", 2026.0);
    set_value(&mut h, "Width", 2400.0);
    set_value(&mut h, "Height", 1600.0);
    type_into(&mut h, "File name", "long.gif");
    h.get_by_role_and_label(Role::Button, "Export").click();
    wait_until(&mut h, "the progress bar", |h| {
        h.query_by_label_contains("of 79").is_some()
    });
    h.get_by_role_and_label(Role::Button, "Cancel").click();
    wait_until(&mut h, "the cancel", |h| {
        notice(h, "cancelled; nothing was written")
    });
    assert!(!dir.path().join("long.gif").exists());
    let left: Vec<_> = std::fs::read_dir(dir.path()).expect("dir").collect();
    assert_eq!(left.len(), 1, "only years.gif: {left:?}");
    h.get_by_label("Export animation");
}
