//! What the integration tests share: the headless app as the UI tests drive it
//! (egui_kittest, no window, no GPU, no tiles), and the binary as the CLI tests run it.

use diplomap::app::tiles::Basemap;
use diplomap::app::{DiplomapApp, Options, UiState};
use egui_kittest::Harness;

fn builder() -> egui_kittest::HarnessBuilder<DiplomapApp> {
    Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .with_max_steps(12)
        // Each step is a 60th of a second of the app's clock.
        .with_step_dt(1.0 / 60.0)
}

fn reduce_motion(cc: &eframe::CreationContext<'_>) {
    // Views change at once, so each run settles.
    cc.egui_ctx.global_style_mut(|s| s.animation_time = 0.0);
}

/// The app with the built-in data in `state`, run until it settles.
pub fn harness(state: UiState) -> Harness<'static, DiplomapApp> {
    let mut h = builder().build_eframe(|cc| {
        reduce_motion(cc);
        DiplomapApp::with_state(state, Basemap::none(), Default::default())
    });
    h.run();
    h
}

/// The app as `main` starts it, with these command-line options.
pub fn harness_with_options(options: Options) -> Harness<'static, DiplomapApp> {
    let mut h = builder().build_eframe(move |cc| {
        reduce_motion(cc);
        DiplomapApp::new(cc, options)
    });
    h.run();
    h
}

/// A state that looks at `center` (lon, lat) at `zoom`, in `year`.
pub fn state(year: i32, center: (f64, f64), zoom: f64) -> UiState {
    UiState {
        year,
        map_center: center,
        map_zoom: zoom,
        ..UiState::default()
    }
}

/// The ids of the missions the map shows now, in data order.
pub fn shown_ids(h: &mut Harness<'_, DiplomapApp>) -> Vec<String> {
    let app = h.state_mut();
    let visible = app.visible();
    visible
        .iter()
        .map(|&i| app.dataset().missions[i].id.to_string())
        .collect()
}

/// File → Open data file…, the path typed, Open clicked.
pub fn open_through_the_window(h: &mut Harness<'_, DiplomapApp>, path: &std::path::Path) {
    use egui_kittest::kittest::Queryable;
    h.get_by_label("File").click();
    h.run();
    h.get_by_label_contains("Open data file…").click();
    h.run();
    // The field keeps the last path: typed over.
    type_into(h, "Path", &path.display().to_string());
    h.get_by_role_and_label(egui::accesskit::Role::Button, "Open")
        .click();
    h.run();
}

/// The coordinates line of the details of Algiers' embassy, the list's first row: what
/// shows that it is selected.
pub const ALGIERS_DETAILS: &str = "36.7323, 3.0875 (city precision)";

/// Selects Algiers' embassy by its row in the list; the details show it.
pub fn select_algiers(h: &mut Harness<'_, DiplomapApp>) {
    use egui_kittest::kittest::Queryable;
    h.get_by_label("Algiers").click();
    h.run();
    assert!(algiers_selected(h), "no details of Algiers' embassy");
}

/// Whether the details of Algiers' embassy are on screen.
pub fn algiers_selected(h: &Harness<'_, DiplomapApp>) -> bool {
    use egui_kittest::kittest::Queryable;
    h.query_by_label_contains(ALGIERS_DETAILS).is_some()
}

/// What a node says: its label, else its value (a label's text is its value).
pub fn text_of(n: &egui_kittest::Node<'_>) -> String {
    let node = egui_kittest::kittest::NodeT::accesskit_node(n);
    node.label().or_else(|| node.value()).unwrap_or_default()
}

/// The words of the list's column headed `header` (its header button's label starts
/// with it), top row first, as drawn: the rows on screen.
pub fn column_words(h: &Harness<'_, DiplomapApp>, header: &str) -> Vec<String> {
    use egui_kittest::kittest::Queryable;
    // Other tables (a window's) may have a column of that name: the list's is the one
    // with the most rows under it.
    h.query_all_by_role(egui::accesskit::Role::Button)
        .filter(|n| text_of(n).starts_with(header))
        .map(|head| cells_under(h, head.rect()))
        .max_by_key(Vec::len)
        .unwrap_or_else(|| panic!("no column headed {header}"))
}

/// The labels in the column under a header at `head`, top first: those at the first
/// one's x, evenly spaced from it (others are another panel's or a window's).
fn cells_under(h: &Harness<'_, DiplomapApp>, head: egui::Rect) -> Vec<String> {
    use egui_kittest::kittest::Queryable;
    let mut cells: Vec<(egui::Rect, String)> = h
        .query_all_by_role(egui::accesskit::Role::Label)
        .filter(|n| {
            let r = n.rect();
            // A cell starts where its header does (the header is as wide as its words).
            r.top() > head.bottom() && (r.left() - head.left()).abs() < 8.0
        })
        .map(|n| (n.rect(), text_of(&n)))
        .collect();
    cells.sort_by(|a, b| a.0.top().total_cmp(&b.0.top()));
    let Some(first) = cells.first().map(|c| c.0) else {
        return Vec::new();
    };
    let step = cells
        .iter()
        .map(|c| c.0)
        .find(|r| (r.left() - first.left()).abs() < 1.0 && r.top() > first.top() + 1.0)
        .map_or(0.0, |r| r.top() - first.top());
    let mut out: Vec<String> = Vec::new();
    let mut next = first.top();
    for (r, text) in cells {
        if (r.left() - first.left()).abs() >= 1.0 || (r.top() - next).abs() >= 1.0 {
            continue;
        }
        next = r.top() + step;
        out.push(text);
    }
    out
}

/// Types `text` into the field labelled `label`, over what it held (clicked, all selected).
pub fn type_into(h: &mut Harness<'_, DiplomapApp>, label: &str, text: &str) {
    use egui_kittest::kittest::Queryable;
    h.get_by_label(label).click();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.run();
    h.get_by_label(label).type_text(text);
    h.run();
}

/// Ticks the option labelled `option` in the list under the field labelled `field` (the
/// nearest below it: a name may be both a host country and a sender, each in its list).
pub fn tick_under(h: &mut Harness<'_, DiplomapApp>, field: &str, option: &str) {
    use egui_kittest::kittest::Queryable;
    let below = h.get_by_label(field).rect().bottom();
    let nearest = h
        .get_all_by_label(option)
        .filter(|n| n.rect().top() >= below)
        .min_by(|a, b| a.rect().top().total_cmp(&b.rect().top()));
    match nearest {
        Some(n) => n.click_accesskit(),
        None => panic!("no \"{option}\" under \"{field}\""),
    }
    h.run();
}

/// File → Export current view…, the folder and file name typed, `format` chosen, Export
/// clicked.
pub fn export_through_the_window(
    h: &mut Harness<'_, DiplomapApp>,
    path: &std::path::Path,
    format: &str,
) {
    use egui_kittest::kittest::Queryable;
    h.get_by_label("File").click();
    h.run();
    h.get_by_label_contains("Export current view").click();
    h.run();
    h.get_by_role_and_label(egui::accesskit::Role::RadioButton, format)
        .click();
    h.run();
    let dir = path
        .parent()
        .map(|d| d.display().to_string())
        .unwrap_or_default();
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    type_into(h, "Folder", &dir);
    type_into(h, "File name", &name);
    h.get_by_role_and_label(egui::accesskit::Role::Button, "Export")
        .click();
    h.run();
}

/// The binary, run as a user runs it (its log off).
pub fn diplomap(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_diplomap"))
        .args(args)
        .env("RUST_LOG", "off")
        .output()
        .expect("the binary runs")
}

/// What a run printed on standard error.
pub fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A click with the primary button at `p` (where no widget may be, e.g. the empty map).
pub fn click_at(h: &mut Harness<'_, DiplomapApp>, p: egui::Pos2) {
    h.hover_at(p);
    h.run();
    for pressed in [true, false] {
        h.event(egui::Event::PointerButton {
            pos: p,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: egui::Modifiers::NONE,
        });
    }
    h.run();
}

/// Runs frames in real time until `done` holds (a worker has reported), or fails after
/// 60 s naming `what`.
pub fn wait_until(
    h: &mut Harness<'_, DiplomapApp>,
    what: &str,
    done: impl Fn(&Harness<'_, DiplomapApp>) -> bool,
) {
    for _ in 0..1200 {
        h.step();
        if done(h) {
            h.run();
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    panic!("{what}: not within 60 s");
}

/// How many painted vertices and shapes of the last frame have colour `c` (a mesh counts
/// its vertices; a filled or stroked shape counts once): what the frame drew in it,
/// read from egui's output, no GPU needed.
pub fn painted(h: &Harness<'_, DiplomapApp>, c: egui::Color32) -> usize {
    painted_in(h, egui::Rect::EVERYTHING, c)
}

/// [`painted`], counting only what lies in `area` (a shape by its bounding box's centre).
pub fn painted_in(h: &Harness<'_, DiplomapApp>, area: egui::Rect, c: egui::Color32) -> usize {
    fn count(shape: &egui::Shape, area: egui::Rect, c: egui::Color32) -> usize {
        let here = |s: &egui::Shape| area.contains(s.visual_bounding_rect().center());
        match shape {
            egui::Shape::Vec(shapes) => shapes.iter().map(|s| count(s, area, c)).sum(),
            egui::Shape::Mesh(mesh) => mesh
                .vertices
                .iter()
                .filter(|v| v.color == c && area.contains(v.pos))
                .count(),
            egui::Shape::Circle(s) => {
                usize::from((s.fill == c || s.stroke.color == c) && here(shape))
            }
            egui::Shape::Rect(s) => {
                usize::from((s.fill == c || s.stroke.color == c) && here(shape))
            }
            egui::Shape::Path(s) => usize::from(
                (s.fill == c || s.stroke.color == egui::epaint::ColorMode::Solid(c)) && here(shape),
            ),
            egui::Shape::LineSegment { stroke, .. } => {
                usize::from(stroke.color == c && here(shape))
            }
            _ => 0,
        }
    }
    h.output()
        .shapes
        .iter()
        .map(|s| count(&s.shape, area, c))
        .sum()
}

/// A CSV's rows, each by column name.
pub fn csv_rows(bytes: &[u8]) -> Vec<std::collections::HashMap<String, String>> {
    let mut r = csv::Reader::from_reader(bytes);
    let headers = r.headers().expect("header").clone();
    r.records()
        .map(|rec| {
            let rec = rec.expect("row");
            headers
                .iter()
                .zip(rec.iter())
                .map(|(h, v)| (h.to_owned(), v.to_owned()))
                .collect()
        })
        .collect()
}
