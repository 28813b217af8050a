//! Online tiles against a tile server the test starts on 127.0.0.1: the app shows its tiles
//! and sends our User-Agent; when the server misbehaves the app does not block or panic,
//! and the embedded basemap takes over with one visible status. Nothing else is contacted.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use diplomap::app::tiles::{Basemap, OnlineStatus, Provider, TileError, USER_AGENT};
use diplomap::app::{DiplomapApp, UiState};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

#[derive(Clone, Copy, Debug, PartialEq)]
enum Mode {
    Png,
    NotFound,
    ServerError,
    TooManyRequests,
    Garbage,
    Stall,
    Drop,
    /// The probe's tile, then every tile an endless body (no length given).
    EndlessTiles,
    /// The probe's tile, then every tile says it is 100 MB.
    HugeDeclared,
    /// The probe's tile, then "not found" for every other.
    ProbeOnly,
}

struct TileServer {
    url: String,
    /// (path, user agent) of every request.
    seen: Arc<Mutex<Vec<(String, String)>>>,
    stop: Arc<AtomicBool>,
    /// How it answers from now on.
    mode: Arc<Mutex<Mode>>,
    /// The most body bytes sent on one connection.
    most_sent: Arc<AtomicUsize>,
}

impl Drop for TileServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
    }
}

fn png_tile() -> Vec<u8> {
    let mut pm = tiny_skia::Pixmap::new(256, 256).expect("pixmap");
    pm.fill(tiny_skia::Color::from_rgba8(200, 30, 30, 255));
    pm.encode_png().expect("png")
}

fn serve(mode: Mode) -> TileServer {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
    listener.set_nonblocking(true).expect("nonblocking");
    let port = listener.local_addr().expect("addr").port();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let stop = Arc::new(AtomicBool::new(false));
    let current = Arc::new(Mutex::new(mode));
    let most_sent = Arc::new(AtomicUsize::new(0));
    let (seen2, stop2, current2) = (Arc::clone(&seen), Arc::clone(&stop), Arc::clone(&current));
    let sent2 = Arc::clone(&most_sent);
    std::thread::spawn(move || {
        let body = png_tile();
        let started = Instant::now();
        // Bounded: at most 60 s and 2,000 connections.
        let mut count = 0;
        while !stop2.load(Ordering::SeqCst)
            && started.elapsed() < Duration::from_secs(60)
            && count < 2000
        {
            match listener.accept() {
                Ok((stream, _)) => {
                    count += 1;
                    let (seen, body, sent) = (Arc::clone(&seen2), body.clone(), Arc::clone(&sent2));
                    let mode = current2.lock().map_or(Mode::Drop, |m| *m);
                    std::thread::spawn(move || handle(stream, mode, &seen, &body, &sent));
                }
                Err(_) => std::thread::sleep(Duration::from_millis(5)),
            }
        }
    });
    TileServer {
        url: format!("http://127.0.0.1:{port}/{{z}}/{{x}}/{{y}}.png"),
        seen,
        stop,
        mode: current,
        most_sent,
    }
}

fn handle(
    mut stream: TcpStream,
    mode: Mode,
    seen: &Mutex<Vec<(String, String)>>,
    png: &[u8],
    most_sent: &AtomicUsize,
) {
    let _ = stream.set_nonblocking(false);
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let mut buf = Vec::new();
    let mut chunk = [0u8; 1024];
    while !buf.windows(4).any(|w| w == b"\r\n\r\n") && buf.len() < 16_384 {
        match stream.read(&mut chunk) {
            Ok(0) | Err(_) => return,
            Ok(n) => buf.extend_from_slice(chunk.get(..n).unwrap_or_default()),
        }
    }
    let head = String::from_utf8_lossy(&buf).into_owned();
    let path = head
        .split_whitespace()
        .nth(1)
        .unwrap_or_default()
        .to_owned();
    let ua = head
        .lines()
        .find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case("user-agent")
                .then(|| v.trim().to_owned())
        })
        .unwrap_or_default();
    let probe = path == "/0/0/0.png";
    if let Ok(mut s) = seen.lock() {
        s.push((path, ua));
    }
    let reply = |status: &str, ctype: &str, body: &[u8]| {
        let mut r = format!(
            "HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\nCache-Control: max-age=60\r\nConnection: close\r\n\r\n",
            body.len()
        )
        .into_bytes();
        r.extend_from_slice(body);
        r
    };
    let response = match mode {
        Mode::Png => reply("200 OK", "image/png", png),
        Mode::EndlessTiles | Mode::HugeDeclared | Mode::ProbeOnly if probe => {
            reply("200 OK", "image/png", png)
        }
        Mode::ProbeOnly => reply("404 Not Found", "text/plain", b"no such tile"),
        Mode::HugeDeclared => {
            let head = "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nContent-Length: 100000000\r\nConnection: close\r\n\r\n";
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(png);
            return;
        }
        Mode::EndlessTiles => {
            // A PNG's start, then 64 MB more, until the reader hangs up.
            let head = "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nConnection: close\r\n\r\n";
            let _ = stream.write_all(head.as_bytes());
            let mut chunk = png.to_vec();
            chunk.resize(64 << 10, 0);
            let mut sent = 0;
            while sent < 64 << 20 && stream.write_all(&chunk).is_ok() {
                sent += chunk.len();
            }
            most_sent.fetch_max(sent, Ordering::SeqCst);
            return;
        }
        Mode::NotFound => reply("404 Not Found", "text/plain", b"no such tile"),
        Mode::ServerError => reply("500 Internal Server Error", "text/plain", b"oops"),
        Mode::TooManyRequests => reply("429 Too Many Requests", "text/plain", b"slow down"),
        Mode::Garbage => reply(
            "200 OK",
            "image/png",
            b"\x00\x01garbage, not an image at all",
        ),
        Mode::Stall => {
            std::thread::sleep(Duration::from_secs(10));
            return;
        }
        Mode::Drop => return,
    };
    let _ = stream.write_all(&response);
}

/// The app with the basemap of `provider`, online tiles allowed, kept under `disk`.
fn harness_cached(
    provider: Provider,
    disk: Option<std::path::PathBuf>,
) -> Harness<'static, DiplomapApp> {
    let state = UiState {
        provider: provider.clone(),
        map_zoom: 2.0,
        ..UiState::default()
    };
    Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_eframe(move |cc| {
            let mut tiles = Basemap::new(&cc.egui_ctx, &provider, false).expect("valid provider");
            // Never the user's own cache: in memory, or the folder a test gives.
            tiles.set_disk_cache(disk);
            DiplomapApp::with_state(state, tiles, Default::default())
        })
}

fn harness_with(provider: Provider) -> Harness<'static, DiplomapApp> {
    harness_cached(provider, None)
}

fn harness(url: &str) -> Harness<'static, DiplomapApp> {
    harness_with(Provider::Custom(url.to_owned()))
}

/// Steps frames in real time until `done` or `limit`; returns how many frames were drawn
/// while the tile server was still being checked.
fn step_until(
    h: &mut Harness<'_, DiplomapApp>,
    limit: Duration,
    done: impl Fn(&DiplomapApp) -> bool,
) -> usize {
    let start = Instant::now();
    let mut while_checking = 0;
    while start.elapsed() < limit {
        h.step();
        while_checking += usize::from(*h.state().basemap().status() == OnlineStatus::Checking);
        if done(h.state()) {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    while_checking
}

#[test]
fn a_working_server_is_used_with_our_user_agent() {
    diplomap::app::tiles::install_tls_provider();
    let server = serve(Mode::Png);
    let mut h = harness(&server.url);
    step_until(&mut h, Duration::from_secs(8), |a| {
        *a.basemap().status() == OnlineStatus::Online
    });
    assert_eq!(*h.state().basemap().status(), OnlineStatus::Online);
    // The map then asks for the tiles of its view.
    step_until(&mut h, Duration::from_secs(8), |_| {
        server
            .seen
            .lock()
            .map(|s| s.iter().any(|(p, _)| p.starts_with("/2/")))
            .unwrap_or(false)
    });
    let seen = server.seen.lock().expect("lock").clone();
    assert!(seen.iter().any(|(p, _)| p == "/0/0/0.png"), "{seen:?}");
    assert!(seen.iter().any(|(p, _)| p.starts_with("/2/")), "{seen:?}");
    assert!(seen.iter().all(|(_, ua)| ua == USER_AGENT), "{seen:?}");
    // The attribution names the server; no offline status.
    h.get_by_label_contains("127.0.0.1");
    assert!(
        h.query_by_label_contains("tile server unreachable")
            .is_none()
    );
}

fn falls_back(mode: Mode) {
    diplomap::app::tiles::install_tls_provider();
    let server = serve(mode);
    let mut h = harness(&server.url);
    let while_checking = step_until(&mut h, Duration::from_secs(9), |a| {
        matches!(a.basemap().status(), OnlineStatus::Unreachable(_))
            && a.basemap().embedded_cached() > 0
    });
    let status = h.state().basemap().status().clone();
    assert!(
        matches!(status, OnlineStatus::Unreachable(_)),
        "{mode:?}: {status:?}"
    );
    // The probe runs off the UI thread: no frame waits for the network. A server that
    // never answers keeps the probe busy for seconds, and frames go on meanwhile (on the
    // UI thread the first frame would have waited for the timeout and come back with
    // the verdict).
    // (A stalled server answers nothing for 10 s, so the first frame cannot have had the
    // verdict: it came back at once, still checking, and so did the frames after it.)
    if mode == Mode::Stall {
        assert!(
            while_checking >= 3,
            "{mode:?}: {while_checking} frames while checking"
        );
    }
    // The embedded basemap is drawn, and one status says why.
    assert!(h.state().basemap().embedded_cached() > 0, "{mode:?}");
    h.run_steps(2);
    h.get_by_label("offline basemap — tile server unreachable");
    h.get_by_label("Basemap: Natural Earth");
    // Only the probe was sent: no tile storm against a broken server.
    let n = server.seen.lock().map(|s| s.len()).unwrap_or(0);
    assert!(n <= 1, "{mode:?}: {n} requests");
}

#[test]
fn not_found_falls_back() {
    falls_back(Mode::NotFound);
}

#[test]
fn server_error_falls_back() {
    falls_back(Mode::ServerError);
}

#[test]
fn rate_limited_falls_back() {
    falls_back(Mode::TooManyRequests);
}

#[test]
fn garbage_falls_back() {
    falls_back(Mode::Garbage);
}

#[test]
fn a_stalled_server_falls_back() {
    falls_back(Mode::Stall);
}

#[test]
fn a_dropped_connection_falls_back() {
    falls_back(Mode::Drop);
}

#[test]
fn the_embedded_basemap_alone_draws_without_network() {
    let mut h = harness_with(Provider::Embedded);
    step_until(&mut h, Duration::from_secs(10), |a| {
        a.basemap().embedded_cached() >= 4
    });
    assert!(h.state().basemap().embedded_cached() >= 4);
    assert_eq!(*h.state().basemap().status(), OnlineStatus::Off);
    h.get_by_label("Basemap: Natural Earth");
}

#[test]
fn the_users_contact_goes_with_the_user_agent() {
    diplomap::app::tiles::install_tls_provider();
    let server = serve(Mode::Png);
    let mut h = harness(&server.url);
    h.state_mut().push(diplomap::app::BasemapCmd::SetContact(
        "maps@example.org".into(),
    ));
    step_until(&mut h, Duration::from_secs(8), |a| {
        *a.basemap().status() == OnlineStatus::Online
    });
    step_until(&mut h, Duration::from_secs(8), |_| {
        server
            .seen
            .lock()
            .map(|s| {
                s.iter()
                    .any(|(_, ua)| ua.contains("contact: maps@example.org"))
            })
            .unwrap_or(false)
    });
    assert_eq!(h.state().state.tile_contact, "maps@example.org");
    let seen = server.seen.lock().expect("lock").clone();
    assert!(
        seen.iter().any(|(_, ua)| ua
            .ends_with("(desktop app for maps of diplomatic missions; contact: maps@example.org)")),
        "{seen:?}"
    );
    // One that cannot go in a header is refused, said once, and the old one stays.
    h.state_mut()
        .push(diplomap::app::BasemapCmd::SetContact("é\nx".into()));
    h.run_steps(2);
    assert_eq!(h.state().state.tile_contact, "maps@example.org");
    h.get_by_label_contains("cannot be sent to tile servers");
}

#[test]
fn offline_sends_nothing_to_a_live_server() {
    // A server that answers every request, configured as the tile server; offline, the
    // app draws the embedded basemap and asks it for nothing, not even the probe.
    diplomap::app::tiles::install_tls_provider();
    let server = serve(Mode::Png);
    let provider = Provider::Custom(server.url.clone());
    let state = UiState {
        provider: provider.clone(),
        map_zoom: 2.0,
        ..UiState::default()
    };
    let mut h = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_eframe(move |cc| {
            let tiles = Basemap::new(&cc.egui_ctx, &provider, true).expect("valid provider");
            DiplomapApp::with_state(state, tiles, Default::default())
        });
    // Frames until the embedded tiles of the view are drawn (a deadline bounds a hang).
    step_until(&mut h, Duration::from_secs(30), |a| {
        a.basemap().embedded_cached() >= 4
    });
    assert!(h.state().basemap().embedded_cached() >= 4);
    h.run_steps(30);
    assert_eq!(*h.state().basemap().status(), OnlineStatus::Off);
    h.get_by_label("Basemap: Natural Earth");
    let seen = server.seen.lock().expect("lock").clone();
    assert!(seen.is_empty(), "{seen:?}");
}

#[test]
fn retry_uses_a_server_that_has_come_back() {
    diplomap::app::tiles::install_tls_provider();
    let server = serve(Mode::ServerError);
    let mut h = harness(&server.url);
    step_until(&mut h, Duration::from_secs(9), |a| {
        matches!(a.basemap().status(), OnlineStatus::Unreachable(_))
    });
    h.run_steps(2);
    h.get_by_label("offline basemap — tile server unreachable");
    // The server works again; Retry on the map's status asks it anew.
    *server.mode.lock().expect("lock") = Mode::Png;
    h.get_by_label("Retry").click();
    step_until(&mut h, Duration::from_secs(9), |a| {
        *a.basemap().status() == OnlineStatus::Online
    });
    assert_eq!(*h.state().basemap().status(), OnlineStatus::Online);
    h.run_steps(2);
    assert!(
        h.query_by_label_contains("tile server unreachable")
            .is_none()
    );
    h.get_by_label_contains("127.0.0.1");
}

/// Online, until some tile has failed (or `limit`).
fn until_a_tile_fails(server: &TileServer) -> Harness<'static, DiplomapApp> {
    diplomap::app::tiles::install_tls_provider();
    let mut h = harness(&server.url);
    step_until(&mut h, Duration::from_secs(20), |a| {
        a.basemap().tile_failures().0 > 0
    });
    h
}

#[test]
fn an_endless_tile_is_cut_off_and_said() {
    let server = serve(Mode::EndlessTiles);
    let mut h = until_a_tile_fails(&server);
    assert_eq!(*h.state().basemap().status(), OnlineStatus::Online);
    let (n, why) = h.state().basemap().tile_failures();
    assert!(n > 0);
    assert_eq!(why, Some(&TileError::TooBig), "{why:?}");
    assert_eq!(h.state().basemap().online_cached(), 0);
    h.run_steps(2);
    h.get_by_label_contains("not used (its answer is bigger than 4 MB)");
    // Not read to its end: the reader hung up after some megabytes of the 64 (what the
    // kernel's socket buffers took besides).
    drop(h);
    std::thread::sleep(Duration::from_millis(300));
    let sent = server.most_sent.load(Ordering::SeqCst);
    assert!(sent < 32 << 20, "{sent} bytes sent on one connection");
}

#[test]
fn a_tile_said_to_be_huge_is_not_read() {
    let server = serve(Mode::HugeDeclared);
    let mut h = until_a_tile_fails(&server);
    let (n, why) = h.state().basemap().tile_failures();
    assert!(n > 0);
    assert_eq!(why, Some(&TileError::TooBig), "{why:?}");
    // Retry asks the server again, the failures forgotten.
    *server.mode.lock().expect("lock") = Mode::Png;
    h.run_steps(2);
    h.get_by_label("Retry").click();
    step_until(&mut h, Duration::from_secs(20), |a| {
        a.basemap().online_cached() > 0 && a.basemap().tile_failures().0 == 0
    });
    assert!(h.state().basemap().online_cached() > 0);
    assert_eq!(h.state().basemap().tile_failures().0, 0);
}

#[test]
fn downloaded_tiles_are_kept_on_disk_for_the_next_run() {
    diplomap::app::tiles::install_tls_provider();
    let dir = tempfile::tempdir().expect("temp dir");
    let server = serve(Mode::Png);
    let provider = Provider::Custom(server.url.clone());
    let mut h = harness_cached(provider.clone(), Some(dir.path().to_owned()));
    step_until(&mut h, Duration::from_secs(20), |a| {
        a.basemap().online_cached() >= 4
    });
    assert!(h.state().basemap().online_cached() >= 4);
    drop(h);
    let asked_first = server.seen.lock().expect("lock").len();
    // The next run: the server gives nothing but the probe, and the map's tiles are there.
    *server.mode.lock().expect("lock") = Mode::ProbeOnly;
    let mut h = harness_cached(provider, Some(dir.path().to_owned()));
    step_until(&mut h, Duration::from_secs(20), |a| {
        a.basemap().online_cached() >= 4
    });
    assert!(h.state().basemap().online_cached() >= 4);
    assert_eq!(h.state().basemap().tile_failures().0, 0);
    let seen = server.seen.lock().expect("lock").clone();
    let asked_again = seen.get(asked_first..).unwrap_or_default();
    assert!(
        asked_again.iter().all(|(p, _)| p == "/0/0/0.png"),
        "{asked_again:?}"
    );
}
