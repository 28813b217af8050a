//! Tile sources for the map: OpenStreetMap (or any `{z}/{x}/{y}` URL) with our User-Agent,
//! a disk cache and visible attribution.

use walkers::sources::{Attribution, TileSource};
use walkers::{HttpOptions, HttpTiles, TileId, Tiles};

use super::Notice;

/// The User-Agent sent to tile servers, as the OpenStreetMap tile policy asks.
pub const USER_AGENT: &str = concat!(
    "diplomap/",
    env!("CARGO_PKG_VERSION"),
    " (+",
    env!("CARGO_PKG_REPOSITORY"),
    ")"
);

/// The default tile server.
pub const OSM_URL: &str = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";

/// Makes ring the TLS crypto provider (walkers is built without its aws-lc default).
pub fn install_tls_provider() {
    // Fails only when a provider is installed already, which is what we want.
    let _ = rustls::crypto::ring::default_provider().install_default();
}

/// A tile server given by a URL template with `{z}`, `{x}` and `{y}`.
#[derive(Debug, Clone)]
pub struct TemplateSource {
    pub template: String,
    attribution_text: &'static str,
    attribution_url: &'static str,
}

impl TemplateSource {
    /// Checks the template and picks the attribution: OpenStreetMap's for its own servers,
    /// the host name for others.
    pub fn new(template: &str) -> Result<Self, String> {
        let t = template.trim();
        for part in ["{z}", "{x}", "{y}"] {
            if !t.contains(part) {
                return Err(format!("tile URL \"{t}\" lacks {part}"));
            }
        }
        if !(t.starts_with("http://") || t.starts_with("https://")) {
            return Err(format!(
                "tile URL \"{t}\" must start with http:// or https://"
            ));
        }
        let (text, url) = if t.contains("openstreetmap.org") || t == OSM_URL {
            (
                "© OpenStreetMap contributors".to_owned(),
                "https://www.openstreetmap.org/copyright".to_owned(),
            )
        } else {
            let host = t
                .split("://")
                .nth(1)
                .and_then(|r| r.split('/').next())
                .unwrap_or(t);
            (
                format!("Tiles: {host} · data © OpenStreetMap contributors"),
                "https://www.openstreetmap.org/copyright".to_owned(),
            )
        };
        Ok(TemplateSource {
            template: t.to_owned(),
            // Attribution wants 'static strings; one small leak per configured server.
            attribution_text: Box::leak(text.into_boxed_str()),
            attribution_url: Box::leak(url.into_boxed_str()),
        })
    }

    pub fn url(&self, id: TileId) -> String {
        self.template
            .replace("{z}", &id.zoom.to_string())
            .replace("{x}", &id.x.to_string())
            .replace("{y}", &id.y.to_string())
    }
}

impl TileSource for TemplateSource {
    fn tile_url(&self, tile_id: TileId) -> String {
        self.url(tile_id)
    }

    fn attribution(&self) -> Attribution {
        Attribution {
            text: self.attribution_text,
            url: self.attribution_url,
            logo_light: None,
            logo_dark: None,
        }
    }
}

/// Where tiles are cached on disk.
pub fn cache_dir() -> Option<std::path::PathBuf> {
    directories::ProjectDirs::from("org", "diplomap", "diplomap")
        .map(|d| d.cache_dir().join("tiles"))
}

/// The HTTP options we use with every server.
pub fn http_options() -> HttpOptions {
    HttpOptions {
        cache: cache_dir(),
        user_agent: Some(walkers::HeaderValue::from_static(USER_AGENT)),
        ..HttpOptions::default()
    }
}

/// The map's tile layer.
pub struct Basemap {
    tiles: Option<Box<dyn Tiles>>,
    attribution: Option<Attribution>,
}

impl Basemap {
    /// No tiles: markers on a plain background.
    pub fn none() -> Self {
        Basemap {
            tiles: None,
            attribution: None,
        }
    }

    /// Tiles from `url` (default OpenStreetMap). A bad URL falls back to OpenStreetMap with
    /// a notice.
    pub fn online(ctx: &egui::Context, url: Option<&str>, notices: &mut Vec<Notice>) -> Self {
        let source = match url.map(TemplateSource::new) {
            None => TemplateSource::new(OSM_URL),
            Some(Ok(s)) => Ok(s),
            Some(Err(e)) => {
                notices.push(Notice {
                    text: format!("{e}; using OpenStreetMap."),
                    error: true,
                });
                TemplateSource::new(OSM_URL)
            }
        };
        match source {
            Ok(source) => {
                let attribution = source.attribution();
                let tiles = HttpTiles::with_options(source, http_options(), ctx.clone());
                Basemap {
                    tiles: Some(Box::new(tiles)),
                    attribution: Some(attribution),
                }
            }
            Err(e) => {
                notices.push(Notice {
                    text: e,
                    error: true,
                });
                Basemap::none()
            }
        }
    }

    pub fn tiles_mut(&mut self) -> Option<&mut dyn Tiles> {
        self.tiles.as_mut().map(|t| &mut **t as &mut dyn Tiles)
    }

    pub fn attribution(&self) -> Option<&Attribution> {
        self.attribution.as_ref()
    }
}

#[cfg(test)]
mod tests {
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
        assert!(USER_AGENT.contains("(+https://"));
    }
}
