use super::embedded::ancestor;
use super::*;

#[test]
fn templates_are_checked_and_filled() {
    let s = TemplateSource::new("http://127.0.0.1:8080/{z}/{x}/{y}.png").expect("valid");
    assert_eq!(
        s.url(TileId {
            x: 3,
            y: 5,
            zoom: 4
        }),
        "http://127.0.0.1:8080/4/3/5.png"
    );
    assert!(s.attribution().text.contains("127.0.0.1:8080"));
    assert!(TemplateSource::new("http://x/{z}/{x}.png").is_err());
    assert!(TemplateSource::new("ftp://x/{z}/{x}/{y}").is_err());
    let osm = TemplateSource::new(OSM_URL).expect("valid");
    assert_eq!(osm.attribution().text, "© OpenStreetMap contributors");
}

#[test]
fn user_agent_names_the_app() {
    assert!(USER_AGENT.starts_with("diplomap/"));
    // No web address that nobody owns.
    assert!(!USER_AGENT.contains("http"), "{USER_AGENT}");
    assert_eq!(user_agent("  "), USER_AGENT);
    let ua = user_agent("maps@example.org");
    assert!(
        ua.starts_with("diplomap/") && ua.ends_with("contact: maps@example.org)"),
        "{ua}"
    );
    assert!(valid_contact("maps@example.org") && !valid_contact("a\nb") && !valid_contact("é"));
}

#[test]
fn ancestors_cover_the_right_quarter() {
    let (p, uv) = ancestor(
        TileId {
            x: 3,
            y: 2,
            zoom: 2,
        },
        1,
    );
    assert_eq!(
        p,
        TileId {
            x: 1,
            y: 1,
            zoom: 1
        }
    );
    assert_eq!(
        uv,
        egui::Rect::from_min_max(egui::pos2(0.5, 0.0), egui::pos2(1.0, 0.5))
    );
}

#[test]
fn providers_have_urls_except_embedded() {
    assert_eq!(Provider::OpenStreetMap.url(), Some(OSM_URL));
    assert!(Provider::Embedded.url().is_none());
    assert_eq!(
        Provider::Custom("http://h/{z}/{x}/{y}".into()).url(),
        Some("http://h/{z}/{x}/{y}")
    );
}

/// Renders every tile asked for until each is in the cache; fails after a minute (a
/// deadline that only bounds a hang: a tile renders in milliseconds).
fn wait_rendered(tiles: &mut embedded::EmbeddedTiles, ids: &[TileId]) {
    use walkers::Tiles as _;
    let start = std::time::Instant::now();
    loop {
        assert!(
            start.elapsed() < std::time::Duration::from_secs(60),
            "tiles {ids:?} not rendered in a minute"
        );
        let missing: Vec<TileId> = ids
            .iter()
            .copied()
            .filter(|&id| !tiles.is_cached(id))
            .collect();
        if missing.is_empty() {
            return;
        }
        for id in missing {
            let _ = tiles.at(id);
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
}

#[test]
fn the_tiles_on_screen_stay_while_the_view_wanders() {
    use walkers::Tiles as _;
    let ctx = egui::Context::default();
    let mut tiles = embedded::EmbeddedTiles::new(&ctx, 2);
    let on_screen = TileId {
        x: 1,
        y: 1,
        zoom: 2,
    };
    wait_rendered(&mut tiles, &[on_screen]);
    assert!(tiles.is_cached(on_screen));
    // Two hundred other tiles come and go, a batch at a time, while this one stays in view.
    let others: Vec<TileId> = (0..200u32)
        .map(|i| TileId {
            x: i % 32,
            y: i / 32,
            zoom: 5,
        })
        .collect();
    for batch in others.chunks(20) {
        let _ = tiles.at(on_screen);
        wait_rendered(&mut tiles, batch);
    }
    assert!(tiles.is_cached(on_screen), "the tile in view was dropped");
    assert!(tiles.cached() <= 64, "{} tiles kept", tiles.cached());
    assert!(!tiles.is_cached(others[0]), "the oldest tile is still kept");
}

#[test]
fn a_big_map_keeps_three_frames_of_tiles() {
    use walkers::Tiles as _;
    let ctx = egui::Context::default();
    let mut tiles = embedded::EmbeddedTiles::new(&ctx, 1);
    tiles.configure(false, 1.0);
    assert_eq!(tiles.capacity(), 64);
    // One frame showing `cols` × `rows` tiles, then the next frame begins.
    let mut frame = |cols: u32, rows: u32, zoom: u8| {
        for i in 0..cols * rows {
            let (x, y) = (i % cols, i / cols);
            let _ = tiles.at(TileId { x, y, zoom });
        }
        tiles.configure(false, 1.0);
        tiles.capacity()
    };
    // The app's map beside its panels: 5 × 4 tiles; the budget stays.
    assert_eq!(frame(5, 4, 4), 64);
    // A 3840×2160 map: 16 × 10 tiles.
    assert_eq!(frame(16, 10, 5), 480);
}
