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
