//! What Diplomap writes, opens and prints can never be turned against its user: each
//! finding of the hostile-input trial (issue 25), replayed against the binary with
//! stand-ins (a named pipe, a temporary folder), never a real device.

use std::path::Path;

use crate::common::{diplomap, stderr};

fn path(p: &Path) -> &str {
    p.to_str().expect("utf8")
}

/// A named pipe at `p` (a stand-in for any file that is not a regular one).
#[cfg(unix)]
fn mkfifo(p: &Path) -> std::path::PathBuf {
    let made = std::process::Command::new("mkfifo")
        .arg(p)
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    p.to_owned()
}

/// The SVG `render --year 2000` draws of `ds`, saved in `dir`.
fn svg_of(ds: &diplomap::model::Dataset, dir: &Path) -> String {
    let data = dir.join("set.json");
    diplomap::data::save_file(ds, &data).expect("save");
    let svg = dir.join("x.svg");
    let o = diplomap(&[
        "--data",
        path(&data),
        "render",
        "--year",
        "2000",
        "-o",
        path(&svg),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    std::fs::read_to_string(&svg).expect("svg")
}

#[cfg(unix)]
#[test]
fn an_output_that_is_no_regular_file_is_refused_and_left_as_it_is() {
    use std::os::unix::fs::FileTypeExt;
    let dir = tempfile::tempdir().expect("dir");
    let fifo = mkfifo(&dir.path().join("pipe"));
    for args in [
        vec!["export", "--format", "csv", "-o", path(&fifo)],
        vec![
            "changes",
            "--from",
            "1990",
            "--to",
            "2000",
            "--format",
            "csv",
            "-o",
            path(&fifo),
        ],
        vec!["render", "-o", path(&fifo)],
    ] {
        let o = diplomap(&args);
        assert!(!o.status.success(), "{args:?}");
        assert!(
            stderr(&o).contains("not a regular file"),
            "{args:?}: {}",
            stderr(&o)
        );
        let t = std::fs::symlink_metadata(&fifo)
            .expect("still there")
            .file_type();
        assert!(t.is_fifo(), "{args:?} replaced the pipe");
    }
    // A folder, with its slash: said so, not "Not a directory".
    let o = diplomap(&[
        "export",
        "--format",
        "csv",
        "-o",
        &format!("{}/", dir.path().display()),
    ]);
    assert!(
        stderr(&o).contains("it is a folder: give a file name"),
        "{}",
        stderr(&o)
    );
    // "-o -" is standard output.
    let o = diplomap(&["export", "--format", "csv", "-o", "-"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(String::from_utf8_lossy(&o.stdout).starts_with("id,"));
}

#[test]
fn a_command_never_writes_over_the_file_it_reads() {
    let dir = tempfile::tempdir().expect("dir");
    let g = dir.path().join("g.geojson");
    let o = diplomap(&["export", "--format", "geojson", "-o", path(&g)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let before = std::fs::read(&g).expect("written");
    // By its own name and by another.
    let other = dir.path().join(".").join("g.geojson");
    for out in [&g, &other] {
        let o = diplomap(&[
            "--data",
            path(&g),
            "export",
            "--format",
            "csv",
            "-o",
            path(out),
        ]);
        assert!(!o.status.success());
        assert!(
            stderr(&o).contains("it is the file this command reads"),
            "{}",
            stderr(&o)
        );
        assert_eq!(
            std::fs::read(&g).expect("read"),
            before,
            "the input is untouched"
        );
    }
}

#[cfg(unix)]
#[test]
fn a_write_stopped_by_a_signal_leaves_no_temporary_file() {
    let dir = tempfile::tempdir().expect("dir");
    let out = dir.path().join("big.json");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_diplomap"))
        .args(["synth", "--n", "3000000", "-o", path(&out)])
        .env("RUST_LOG", "off")
        .spawn()
        .expect("runs");
    let tmp = || {
        std::fs::read_dir(dir.path())
            .expect("ls")
            .flatten()
            .any(|e| e.file_name().to_string_lossy().starts_with(".diplomap-"))
    };
    // Until its temporary file is there (or it has finished, on a fast machine).
    let start = std::time::Instant::now();
    while !tmp() && child.try_wait().expect("wait").is_none() {
        assert!(
            start.elapsed().as_secs() < 120,
            "no temporary file appeared"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let pid = child.id().to_string();
    let _ = std::process::Command::new("kill")
        .args(["-TERM", &pid])
        .status();
    let status = child.wait().expect("ends");
    assert!(!tmp(), "a temporary file was left behind ({status:?})");
}

#[test]
fn csv_cells_are_never_spreadsheet_formulas_unless_asked() {
    let dir = tempfile::tempdir().expect("dir");
    let data = dir.path().join("hostile.json");
    let mut ds = diplomap::data::load_embedded().expect("data");
    ds.missions.truncate(2);
    ds.missions[0].set_notes("=HYPERLINK(\"http://x\",\"click\")".into());
    ds.missions[0].extra_mut().address = Some("+cmd|' /C calc'!A0".into());
    ds.missions[1].sending_state = "@SUM(1+1)".into();
    diplomap::data::save_file(&ds, &data).expect("save");
    let csv = |args: &[&str]| {
        let o = diplomap(args);
        assert!(o.status.success(), "{}", stderr(&o));
        String::from_utf8(o.stdout).expect("utf8")
    };
    let safe = csv(&["--data", path(&data), "export", "--format", "csv"]);
    assert!(safe.contains("\"'=HYPERLINK("), "{safe}");
    assert!(safe.contains(",'+cmd|"), "{safe}");
    assert!(safe.contains(",'@SUM(1+1),"), "{safe}");
    // Numbers are untouched (a negative longitude stays a number).
    assert!(!safe.contains(",'-"), "{safe}");
    let raw = csv(&["--data", path(&data), "export", "--format", "csv", "--raw"]);
    assert!(raw.contains("\"=HYPERLINK("), "{raw}");
    let stats = csv(&["--data", path(&data), "stats", "--year", "2024"]);
    assert!(stats.contains("\n'@SUM(1+1),"), "{stats}");
    // Our own export opens again with the cells as they were.
    let exported = dir.path().join("out.csv");
    std::fs::write(&exported, &safe).expect("write");
    let again = csv(&["--data", path(&exported), "export", "--format", "csv"]);
    assert_eq!(again, safe);
}

/// A data file of one mission of the list with `field` set to `value` (JSON).
fn one_mission_with(dir: &Path, field: &str, value: &str) -> std::path::PathBuf {
    let text = std::fs::read_to_string("data/north-korea.json").expect("data");
    let mut v: serde_json::Value = serde_json::from_str(&text).expect("json");
    let missions = v["missions"].as_array_mut().expect("missions");
    missions.truncate(1);
    missions[0][field] = serde_json::Value::from(value);
    let p = dir.join("one.json");
    std::fs::write(&p, serde_json::to_string_pretty(&v).expect("json")).expect("write");
    p
}

#[test]
fn only_a_web_address_is_a_link() {
    let dir = tempfile::tempdir().expect("dir");
    for bad in [
        "http://x y/../../../../../../etc/passwd",
        "file:///etc/passwd",
        "javascript:alert(1)",
        "http://",
        "https://exa\nmple.org/",
    ] {
        let data = one_mission_with(dir.path(), "website", bad);
        let o = diplomap(&["--data", path(&data), "check"]);
        assert!(!o.status.success(), "{bad:?} accepted");
        let e = stderr(&o);
        assert!(
            e.contains("one.json:")
                && e.contains("field \"website\"")
                && e.contains("not a web address"),
            "{bad:?}: {e}"
        );
    }
    for good in ["https://www.example.org/a?b=c", "http://192.0.2.1:8080/"] {
        assert!(diplomap::model::web_address(good).is_some(), "{good}");
    }
}

#[test]
fn text_from_files_reaches_the_terminal_with_its_control_characters_escaped() {
    let dir = tempfile::tempdir().expect("dir");
    let hostile = "\u{1b}]0;pwned\u{7}\u{1b}[2JEmbassy";
    let data = one_mission_with(dir.path(), "mission", hostile);
    let o = diplomap(&["--data", path(&data), "check"]);
    assert!(!o.status.success());
    assert!(
        !o.stderr.contains(&0x1b) && !o.stderr.contains(&0x07),
        "{:?}",
        o.stderr
    );
    assert!(
        stderr(&o).contains("\\u{1b}]0;pwned\\u{7}"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn years_and_counts_out_of_reach_are_refused_at_once() {
    let dir = tempfile::tempdir().expect("dir");
    let gif = dir.path().join("a.gif");
    let started = std::time::Instant::now();
    let o = diplomap(&[
        "animate",
        "--from=-2147483648",
        "--to=2147483647",
        "--center",
        "0,0",
        "-o",
        path(&gif),
    ]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("4294967296 years: an animation has at most 5000 frames"),
        "{}",
        stderr(&o)
    );
    let o = diplomap(&[
        "animate",
        "--from",
        "1000",
        "--to",
        "7000",
        "-o",
        path(&gif),
    ]);
    assert!(stderr(&o).contains("at most 5000 frames"), "{}", stderr(&o));
    assert!(started.elapsed().as_secs() < 60, "refused at once");
    assert!(!gif.exists());
    for n in ["1000000000", "18446744073709551615"] {
        let o = diplomap(&["synth", "--n", n, "-o", path(&dir.path().join("s.json"))]);
        assert_eq!(o.status.code(), Some(1), "{n}: {}", stderr(&o));
        assert!(
            stderr(&o).contains("at most 10000000 missions"),
            "{}",
            stderr(&o)
        );
        assert!(!stderr(&o).contains("panicked"));
    }
}

#[test]
fn a_huge_name_makes_a_title_of_one_line() {
    let dir = tempfile::tempdir().expect("dir");
    let mut ds = diplomap::data::load_embedded().expect("data");
    ds.name = "N".repeat(2 << 20);
    let text = svg_of(&ds, dir.path());
    assert!(!text.contains(&"N".repeat(80)), "the name is cut");
    assert!(text.contains(&format!(">{}…<", "N".repeat(79))));
}

#[test]
fn a_picture_names_a_file_by_its_name_only() {
    let dir = tempfile::tempdir().expect("dir");
    let csv = dir.path().join("mine.csv");
    let o = diplomap(&["export", "--format", "csv", "-o", path(&csv)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let svg = dir.path().join("x.svg");
    let o = diplomap(&[
        "--data",
        path(&csv),
        "render",
        "--year",
        "2000",
        "-o",
        path(&svg),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = std::fs::read_to_string(&svg).expect("svg");
    assert!(text.contains("mine.csv"), "the file is named");
    assert!(
        !text.contains(&dir.path().display().to_string()),
        "its folder is not"
    );
}

#[test]
fn a_tile_url_that_is_no_web_address_is_said_at_once_and_never_replaced() {
    let dir = tempfile::tempdir().expect("dir");
    for (tiles, offline) in [
        ("file:///etc/passwd", true),
        ("file:///etc/{z}/{x}/{y}", true),
        ("https://tiles.example.org/{z}/{x}.png", false),
    ] {
        let options = diplomap::app::Options {
            tiles: Some(tiles.to_owned()),
            offline,
            settings: Some(dir.path().join("settings.ron")),
            ..Default::default()
        };
        let h = crate::common::harness_with_options(options);
        use egui_kittest::kittest::Queryable;
        let notice = h.get_by_label_contains("no online tiles this run");
        let text = crate::common::text_of(&notice);
        assert!(text.contains("tile URL"), "{tiles}: {text}");
        // No other server takes its place: the embedded basemap alone is credited.
        assert!(
            h.query_by_label_contains("© OpenStreetMap contributors")
                .is_none(),
            "{tiles}"
        );
    }
}

#[test]
fn a_data_file_over_the_limit_or_no_regular_file_is_refused_before_it_is_read() {
    let dir = tempfile::tempdir().expect("dir");
    let big = dir.path().join("blank.json");
    std::fs::write(&big, vec![b' '; 3 << 20]).expect("write");
    let run = |data: &Path| {
        std::process::Command::new(env!("CARGO_BIN_EXE_diplomap"))
            .args(["--data", path(data), "check"])
            .env("RUST_LOG", "off")
            .env("DIPLOMAP_MAX_DATA_MB", "1")
            .output()
            .expect("runs")
    };
    let o = run(&big);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("3 MB, more than the 1 MB a data file or table may have"),
        "{}",
        stderr(&o)
    );
    #[cfg(unix)]
    {
        let fifo = mkfifo(&dir.path().join("pipe.json"));
        // Refused at once, not waited on.
        let o = run(&fifo);
        assert!(stderr(&o).contains("not a regular file"), "{}", stderr(&o));
    }
}

#[test]
fn characters_xml_forbids_never_reach_an_svg() {
    let dir = tempfile::tempdir().expect("dir");
    let mut ds = diplomap::data::load_embedded().expect("data");
    ds.name = "name\u{FFFE}\u{FFFF}".into();
    ds.missions[0].id = "id\u{FFFE}x".into();
    ds.missions[0].city = "Algiers\u{FFFF}".into();
    let text = svg_of(&ds, dir.path());
    assert!(!text.contains('\u{FFFE}') && !text.contains('\u{FFFF}'));
    assert!(text.contains(">name<"), "the title, without them");
}

#[cfg(unix)]
#[test]
fn a_new_file_follows_the_umask() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("dir");
    let out = dir.path().join("private.csv");
    let o = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!(
            "umask 077 && exec \"$0\" export --format csv -o '{}'",
            out.display()
        ))
        .arg(env!("CARGO_BIN_EXE_diplomap"))
        .env("RUST_LOG", "off")
        .output()
        .expect("runs");
    assert!(o.status.success(), "{}", stderr(&o));
    let mode = std::fs::metadata(&out)
        .expect("written")
        .permissions()
        .mode()
        & 0o777;
    assert_eq!(mode, 0o600);
}

#[test]
fn a_message_never_prints_nul_bytes_nor_a_temporary_files_name() {
    let dir = tempfile::tempdir().expect("dir");
    // A UTF-16 file: its error names it, without the NUL bytes of its text.
    let utf16 = dir.path().join("utf16.json");
    let mut bytes = vec![0xFF, 0xFE];
    for u in "{\"format\": 1}".encode_utf16() {
        bytes.extend_from_slice(&u.to_le_bytes());
    }
    std::fs::write(&utf16, bytes).expect("write");
    let o = diplomap(&["--data", path(&utf16), "check"]);
    assert!(!o.status.success());
    assert!(!o.stderr.contains(&0), "{:?}", stderr(&o));
    assert!(stderr(&o).contains("utf16.json"), "{}", stderr(&o));
    // A write that fails names the file asked for, not the temporary one.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let ro = dir.path().join("ro");
        std::fs::create_dir(&ro).expect("dir");
        std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o500)).expect("chmod");
        let out = ro.join("x.csv");
        let o = diplomap(&["export", "--format", "csv", "-o", path(&out)]);
        // (As root every folder is writable: then the write succeeds.)
        if !o.status.success() {
            assert!(stderr(&o).contains("x.csv"), "{}", stderr(&o));
            assert!(!stderr(&o).contains(".diplomap-"), "{}", stderr(&o));
        }
        std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o700)).expect("chmod");
    }
}

#[test]
fn the_app_shows_text_from_files_with_its_control_characters_escaped() {
    use egui_kittest::kittest::Queryable;
    let dir = tempfile::tempdir().expect("dir");
    let data = one_mission_with(dir.path(), "mission", "\u{1b}[2JEmbassy");
    let mut h = crate::common::harness(crate::common::state(2024, (20.0, 20.0), 2.0));
    crate::common::open_through_the_window(&mut h, &data);
    let notice = h.get_by_label_contains("one.json");
    let text = crate::common::text_of(&notice);
    assert!(text.contains("\\u{1b}[2JEmbassy"), "{text}");
    assert!(!text.contains('\u{1b}'), "{text:?}");
}

#[test]
fn the_list_shows_a_city_with_its_control_characters_escaped() {
    use egui_kittest::kittest::Queryable;
    let dir = tempfile::tempdir().expect("dir");
    let data = one_mission_with(dir.path(), "city", "\u{1b}[2JAlgiers");
    let mut h = crate::common::harness(crate::common::state(2024, (3.0, 36.7), 4.0));
    crate::common::open_through_the_window(&mut h, &data);
    h.get_by_label("\\u{1b}[2JAlgiers");
    let raw: Vec<String> = h
        .query_all_by_label_contains("\u{1b}")
        .map(|n| format!("{:?}", crate::common::text_of(&n)))
        .collect();
    assert!(raw.is_empty(), "{raw:?}");
}

#[cfg(unix)]
#[test]
fn replacing_a_file_keeps_its_mode_and_says_what_it_could_not_keep() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("dir");
    let out = dir.path().join("shared.csv");
    let other = dir.path().join("other-name.csv");
    std::fs::write(&out, "old\n").expect("write");
    std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o640)).expect("chmod");
    std::fs::hard_link(&out, &other).expect("hard link");
    let o = diplomap(&["export", "--format", "csv", "-o", path(&out)]);
    assert!(o.status.success(), "{}", stderr(&o));
    // Said on stderr although the helper turns logging off: the command says it.
    let err = stderr(&o);
    assert!(
        err.contains("warning:")
            && err.contains("shared.csv")
            && err.contains("1 other name (hard link), which keeps the old content"),
        "{err}"
    );
    let mode = std::fs::metadata(&out).expect("meta").permissions().mode() & 0o777;
    assert_eq!(mode, 0o640);
    assert!(std::fs::read_to_string(&out).expect("read").len() > 100);
    assert_eq!(std::fs::read_to_string(&other).expect("read"), "old\n");
}

#[cfg(unix)]
#[test]
fn the_app_says_what_a_write_could_not_keep() {
    use egui_kittest::kittest::Queryable;
    let dir = tempfile::tempdir().expect("dir");
    let out = dir.path().join("ranking.csv");
    let other = dir.path().join("ranking-link.csv");
    std::fs::write(&out, "old\n").expect("write");
    std::fs::hard_link(&out, &other).expect("hard link");
    let mut h = crate::common::harness(crate::common::state(2000, (20.0, 20.0), 2.0));
    h.state_mut()
        .push(diplomap::app::FileCmd::ExportRanking(out.clone()));
    h.run_steps(3);
    h.get_by_label_contains("Exported the ranking");
    let notice = h.get_by_label_contains("ranking.csv: replaced; it had 1 other name");
    assert!(crate::common::text_of(&notice).contains("keeps the old content"));
    assert_eq!(std::fs::read_to_string(&other).expect("read"), "old\n");
}
