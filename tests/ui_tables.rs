//! Opening other people's tables in the app: the table window (columns, preview, how the
//! rows read, Strict), the problems list, remembered columns and files dropped on the
//! window (egui_kittest, headless).

use std::path::Path;
use std::sync::Arc;

use crate::common::{harness, open_through_the_window, state, wait_until};
use diplomap::app::DiplomapApp;
use diplomap::tabular::Field;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};

/// A CSV whose column names detection does not know: German headers.
const GERMAN: &str = "Breite;Länge;Land;Ort;Typ\n48,2082;16,3738;Austria;Vienna;Embassy\n40,4168;-3,7038;Spain;Madrid;Consulate\n";

/// Clicks the table window's Open button.
fn click_open(h: &mut Harness<'_, DiplomapApp>) {
    h.get_by_role_and_label(Role::Button, "Open").click();
    h.run();
}

/// Chooses `column` for the field labelled `field` in the table window.
fn choose(h: &mut Harness<'_, DiplomapApp>, field: &str, column: &str) {
    h.get_by_role_and_label(Role::ComboBox, field).click();
    h.run();
    // The column's name is in the preview's header too, as a plain label.
    h.get_all_by_label(column)
        .find(|n| n.accesskit_node().role() != Role::Label)
        .expect("the column among the choices")
        .click();
    h.run();
}

#[test]
fn the_table_window_maps_columns_previews_rows_and_remembers_the_choice() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("posten.csv");
    std::fs::write(&path, GERMAN).expect("write");
    let mut h = harness(state(2026, (20.0, 20.0), 2.0));
    let before = h.state().dataset().missions.len();
    open_through_the_window(&mut h, &path);
    // Nothing opened yet: the window asks which column holds what.
    h.get_by_label("Open table");
    assert_eq!(h.state().dataset().missions.len(), before);
    h.get_by_label_contains("no column for the host country");
    choose(&mut h, "Host country", "Land");
    choose(&mut h, "City", "Ort");
    choose(&mut h, "Latitude", "Breite");
    choose(&mut h, "Longitude", "Länge");
    choose(&mut h, "Mission type", "Typ");
    // Each row reads as it will open.
    h.get_by_label_contains(
        "Row 1: Embassy of Unknown in Vienna, Austria (48.2082, 16.3738; building)",
    );
    h.get_by_label_contains("Row 2: Consulate of Unknown in Madrid, Spain");
    click_open(&mut h);
    let ds = h.state().dataset();
    assert_eq!(ds.missions.len(), 2);
    assert!((ds.missions[0].lat() - 48.2082).abs() < 1e-9);
    assert!(
        h.query_by_label("Open table").is_none(),
        "closed after a clean open"
    );
    // The choice is remembered for the file: opening it again starts from it.
    let mapping = h
        .state()
        .state
        .mapping_for(&path)
        .cloned()
        .expect("remembered");
    assert!(
        mapping.0.contains(&(Field::Lat, Some("Breite".to_owned()))),
        "{mapping:?}"
    );
    open_through_the_window(&mut h, &path);
    h.get_by_label_contains("Row 1: Embassy of Unknown in Vienna, Austria");
}

fn bad_rows(dir: &Path) -> std::path::PathBuf {
    let path = dir.join("posts.csv");
    std::fs::write(
        &path,
        "Country;City;Type;Latitude;Longitude\nAustria;Vienna;embassy;48,2018;16,3738\nAtlantis;Poseidonia;embassy;;\nSpain;Madrid;consulate;;\nSpain;Nowhere;embassy;;\n",
    )
    .expect("write");
    path
}

#[test]
fn bad_rows_are_listed_and_strict_opens_nothing() {
    let dir = tempfile::tempdir().expect("dir");
    let path = bad_rows(dir.path());
    let mut h = harness(state(2026, (20.0, 20.0), 2.0));
    let before = h.state().dataset().missions.len();
    open_through_the_window(&mut h, &path);
    h.get_by_label_contains("Row 2: Country: unknown country \"Atlantis\"");
    // Strict: nothing opens, every bad row is listed, the data stays.
    h.get_by_label("Strict: open nothing if any row has a problem")
        .click();
    h.run();
    click_open(&mut h);
    assert_eq!(h.state().dataset().missions.len(), before);
    eprintln!("NOTICES {:?}", h.state().notice_texts());
    eprintln!(
        "RECT {:?} {:?}",
        h.get_by_role_and_label(Role::Button, "Open").rect(),
        h.get_by_label("Open table").rect()
    );
    h.get_by_label_contains("Strict: nothing was opened");
    h.get_by_label_contains("posts.csv:3: field \"Country\": unknown country \"Atlantis\"");
    h.get_by_label_contains("posts.csv:5: field \"City\"");
    // Without it, the good rows open and the bad ones stay listed.
    h.get_by_label("Strict: open nothing if any row has a problem")
        .click();
    h.run();
    click_open(&mut h);
    assert_eq!(h.state().dataset().missions.len(), 2);
    h.get_by_label_contains("Opened 2 missions; 2 rows skipped.");
    h.get_by_label_contains("posts.csv:5: field \"City\": no coordinates, and \"Nowhere\"");
}

/// A file dropped on the window, as winit hands it to egui.
#[derive(Debug)]
struct Dropped(std::path::PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &Path {
        &self.0
    }
    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

fn drop_file(h: &mut Harness<'_, DiplomapApp>, path: &Path) {
    h.input_mut().hovered_files.push(egui::HoveredFile {
        path: Some(path.to_owned()),
        mime: String::new(),
    });
    // An area is laid out unseen on its first frame.
    h.step();
    h.step();
    h.get_by_label(&format!(
        "Drop to open {}",
        path.file_name().expect("name").to_string_lossy()
    ));
    // Dropping ends the hover, as winit reports it.
    h.input_mut().hovered_files.clear();
    h.input_mut()
        .dropped_files
        .push(Arc::new(Dropped(path.to_owned())));
    h.run();
}

#[test]
fn a_dropped_table_opens_the_table_window_and_a_dropped_data_file_opens() {
    let dir = tempfile::tempdir().expect("dir");
    let table = bad_rows(dir.path());
    let mut h = harness(state(2026, (20.0, 20.0), 2.0));
    drop_file(&mut h, &table);
    h.get_by_label("Open table");
    h.get_by_label_contains("Row 1: Embassy of Unknown in Vienna, Austria");
    assert!(h.query_by_label_contains("Drop to open").is_none());
    // A data file opens at once.
    let ds = diplomap::data::Builtin::NorthKorea.load().expect("data");
    let small = diplomap::model::Dataset {
        missions: ds.missions.into_iter().take(3).collect(),
        ..ds
    };
    let data = dir.path().join("three.json");
    diplomap::data::save_file(&small, &data).expect("save");
    drop_file(&mut h, &data);
    assert_eq!(h.state().dataset().missions.len(), 3);
}

#[test]
fn a_big_geojson_table_is_previewed_on_a_worker_and_the_window_says_so() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("big.geojson");
    let n = 16_000;
    let ds = diplomap::synth::generate(n, 5);
    let missions: Vec<&diplomap::model::Mission> = ds.missions.iter().collect();
    let mut file = std::io::BufWriter::new(std::fs::File::create(&path).expect("create"));
    diplomap::export::write_geojson(&missions, None, &mut file).expect("write");
    drop(file);
    assert!(
        std::fs::metadata(&path).expect("meta").len() > 4 << 20,
        "over 4 MB"
    );
    let mut h = harness(state(2026, (20.0, 20.0), 2.0));
    // The preview read on the worker is left waiting until released: the window's words
    // while it reads are seen on any machine.
    h.state_mut().hold_background_loads(true);
    open_through_the_window(&mut h, &path);
    h.get_by_label("Open table");
    let preview = |h: &Harness<'_, DiplomapApp>| {
        h.query_by_label_contains("Preview: the first 8 rows")
            .is_some()
    };
    h.run_steps(5);
    h.get_by_label_contains("Reading the first rows");
    assert!(!preview(&h));
    h.state_mut().hold_background_loads(false);
    wait_until(&mut h, "the preview", preview);
    assert!(
        h.query_by_label_contains("Reading the first rows")
            .is_none()
    );
    // The columns of our own export are found, and the rows read.
    h.get_by_label_contains("Row 1: ");
    click_open(&mut h);
    wait_until(&mut h, "the table", |h| {
        h.state().dataset().missions.len() == n
    });
    // Every row read: the window closes and the status says so.
    h.get_by_label_contains(&format!("Opened {} ({n} missions).", path.display()));
    assert!(h.query_by_label("Open table").is_none());
}
