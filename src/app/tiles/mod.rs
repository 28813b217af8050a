//! The map's tiles: the embedded Natural Earth basemap, always drawn underneath, and online
//! tiles (OpenStreetMap or any `{z}/{x}/{y}` server) on top once a probe shows the server
//! answers. Online tiles follow the OpenStreetMap tile policy: our own User-Agent, a disk
//! cache, visible attribution, no bulk downloads; what a server sends is bounded in size
//! ([`online`]).

use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

use serde::{Deserialize, Serialize};
use walkers::sources::{Attribution, TileSource};
use walkers::{TileId, Tiles};

use crate::basemap::Style;

mod embedded;
pub mod online;
mod queue;
#[cfg(test)]
mod tests;

pub use embedded::EmbeddedTiles;
pub use online::OnlineTiles;

/// Why a tile server cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TileError {
    #[error("tile URL \"{url}\" lacks {part}")]
    MissingPart { url: String, part: &'static str },
    #[error(
        "tile URL \"{0}\" must be a web address: http:// or https://, a host, then the {{z}}/{{x}}/{{y}} path"
    )]
    NotHttp(String),
    #[error("cannot start an HTTP client: {0}")]
    Client(String),
    #[error("no answer in time")]
    Timeout,
    #[error("cannot connect ({0})")]
    Connect(String),
    #[error("it answered {0}")]
    Status(String),
    #[error("the answer broke off ({0})")]
    BrokenOff(String),
    #[error("its answer is not a PNG or JPEG image")]
    NotAnImage,
    #[error("its answer is bigger than {} MB", MAX_TILE_BYTES >> 20)]
    TooBig,
    #[error("its image cannot be used ({0})")]
    Undecodable(String),
    #[error("cannot probe: {0}")]
    Probe(String),
}

/// The User-Agent sent to tile servers, as the OpenStreetMap tile policy asks.
pub const USER_AGENT: &str = concat!(
    "diplomap/",
    env!("CARGO_PKG_VERSION"),
    " (desktop app for maps of diplomatic missions)"
);

/// The User-Agent with the user's contact for tile servers that ask for one (an e-mail
/// address or a web page; the OpenStreetMap policy recommends it). Empty: none.
pub fn user_agent(contact: &str) -> String {
    let contact = contact.trim();
    if contact.is_empty() {
        USER_AGENT.to_owned()
    } else {
        format!(
            "diplomap/{} (desktop app for maps of diplomatic missions; contact: {contact})",
            env!("CARGO_PKG_VERSION")
        )
    }
}

/// Whether `contact` can stand in an HTTP header (printable ASCII, one line).
pub fn valid_contact(contact: &str) -> bool {
    contact.chars().all(|c| c.is_ascii_graphic() || c == ' ')
}

/// The most bytes read of a tile server's answer (a tile is some kilobytes).
pub const MAX_TILE_BYTES: u64 = 4 << 20;

/// OpenStreetMap's standard tiles.
pub const OSM_URL: &str = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";
const TOPO_URL: &str = "https://tile.opentopomap.org/{z}/{x}/{y}.png";
const HUMANITARIAN_URL: &str = "https://a.tile.openstreetmap.fr/hot/{z}/{x}/{y}.png";

/// Makes ring the TLS crypto provider (walkers is built without its aws-lc default).
pub fn install_tls_provider() {
    // Fails only when a provider is installed already, which is what we want.
    let _ = rustls::crypto::ring::default_provider().install_default();
}

/// Where the map's tiles come from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum Provider {
    #[default]
    OpenStreetMap,
    OpenTopoMap,
    Humanitarian,
    /// A `{z}/{x}/{y}` URL template.
    Custom(String),
    /// Only the embedded basemap; nothing is downloaded.
    Embedded,
}

impl Provider {
    pub fn label(&self) -> String {
        match self {
            Provider::OpenStreetMap => "OpenStreetMap".to_owned(),
            Provider::OpenTopoMap => "OpenTopoMap".to_owned(),
            Provider::Humanitarian => "Humanitarian (HOT)".to_owned(),
            Provider::Custom(url) => format!("Custom: {url}"),
            Provider::Embedded => "Embedded (offline)".to_owned(),
        }
    }

    /// The URL template, if tiles are downloaded.
    pub fn url(&self) -> Option<&str> {
        match self {
            Provider::OpenStreetMap => Some(OSM_URL),
            Provider::OpenTopoMap => Some(TOPO_URL),
            Provider::Humanitarian => Some(HUMANITARIAN_URL),
            Provider::Custom(u) => Some(u),
            Provider::Embedded => None,
        }
    }
}

/// A tile server given by a URL template with `{z}`, `{x}` and `{y}`.
#[derive(Debug, Clone)]
pub struct TemplateSource {
    pub template: String,
    attribution_text: &'static str,
    attribution_url: &'static str,
}

impl TemplateSource {
    /// Checks the template and picks the attribution.
    pub fn new(template: &str) -> Result<Self, TileError> {
        let t = template.trim();
        for part in ["{z}", "{x}", "{y}"] {
            if !t.contains(part) {
                return Err(TileError::MissingPart {
                    url: t.to_owned(),
                    part,
                });
            }
        }
        // Parsed as a browser would, with the parts filled in: http(s) and a host.
        let sample = t
            .replace("{z}", "0")
            .replace("{x}", "0")
            .replace("{y}", "0");
        if crate::model::web_address(&sample).is_none() {
            return Err(TileError::NotHttp(t.to_owned()));
        }
        let text = if t.contains("opentopomap.org") {
            "© OpenStreetMap contributors, SRTM · style © OpenTopoMap (CC-BY-SA)".to_owned()
        } else if t.contains("openstreetmap.org") || t.contains("openstreetmap.fr") {
            "© OpenStreetMap contributors".to_owned()
        } else {
            let host = t
                .split("://")
                .nth(1)
                .and_then(|r| r.split('/').next())
                .unwrap_or(t);
            format!("Tiles: {host} · data © OpenStreetMap contributors")
        };
        Ok(TemplateSource {
            template: t.to_owned(),
            // Attribution wants 'static strings; one small leak per server the user picks.
            attribution_text: Box::leak(text.into_boxed_str()),
            attribution_url: "https://www.openstreetmap.org/copyright",
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

/// Where downloaded tiles are cached on disk.
pub fn cache_dir() -> Option<std::path::PathBuf> {
    directories::ProjectDirs::from("org", "diplomap", "diplomap")
        .map(|d| d.cache_dir().join("tiles"))
}

/// Asks the server for its zoom-0 tile; `Ok` if it answers with an image.
pub fn probe(
    template: &TemplateSource,
    user_agent: &str,
    timeout: Duration,
) -> Result<(), TileError> {
    let url = template.url(TileId {
        x: 0,
        y: 0,
        zoom: 0,
    });
    let client = online::client(user_agent, timeout)?;
    let resp = client
        .get(&url)
        .send()
        .map_err(|e| online::send_error(&e))?;
    let status = resp.status();
    if !status.is_success() {
        return Err(TileError::Status(status.to_string()));
    }
    let body = online::read_bounded(resp)?;
    online::decode(&body).map(|_| ())
}

/// How the online tiles are doing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OnlineStatus {
    /// Not used: embedded basemap chosen, or `--offline`.
    Off,
    Checking,
    Online,
    /// The server could not be used; the reason.
    Unreachable(TileError),
}

/// The map's tile layers and the online server's status.
pub struct Basemap {
    embedded: Option<EmbeddedTiles>,
    online: Option<OnlineTiles>,
    source: Option<TemplateSource>,
    /// Where downloaded tiles are kept; `None`: in memory only.
    disk_cache: Option<std::path::PathBuf>,
    status: OnlineStatus,
    probe: Option<Receiver<Result<(), TileError>>>,
    ctx: Option<egui::Context>,
    /// Sent to tile servers.
    user_agent: String,
}

impl Basemap {
    /// No tiles at all (tests that do not look at the basemap).
    pub fn none() -> Self {
        Basemap {
            embedded: None,
            online: None,
            source: None,
            disk_cache: cache_dir(),
            status: OnlineStatus::Off,
            probe: None,
            ctx: None,
            user_agent: USER_AGENT.to_owned(),
        }
    }

    /// The embedded basemap alone, no online tiles.
    pub fn embedded_only(ctx: &egui::Context) -> Self {
        Basemap {
            embedded: Some(EmbeddedTiles::new(ctx, 2)),
            ctx: Some(ctx.clone()),
            ..Basemap::none()
        }
    }

    /// The embedded basemap, plus online tiles from `provider` unless `offline`.
    pub fn new(ctx: &egui::Context, provider: &Provider, offline: bool) -> Result<Self, TileError> {
        let mut b = Basemap::embedded_only(ctx);
        if offline {
            // Checked all the same: a wrong URL is said at once, not at the next online run.
            if let Some(url) = provider.url() {
                TemplateSource::new(url)?;
            }
        } else {
            b.set_provider(provider)?;
        }
        Ok(b)
    }

    /// Switches the online tiles; the embedded basemap stays underneath.
    pub fn set_provider(&mut self, provider: &Provider) -> Result<(), TileError> {
        self.online = None;
        self.probe = None;
        self.source = None;
        self.status = OnlineStatus::Off;
        let Some(url) = provider.url() else {
            return Ok(());
        };
        let source = TemplateSource::new(url)?;
        self.source = Some(source);
        self.retry();
        Ok(())
    }

    /// Sends `contact` with the User-Agent from now on (the online server is asked again).
    pub fn set_contact(&mut self, contact: &str) {
        self.user_agent = user_agent(contact);
        if self.source.is_some() {
            self.online = None;
            self.retry();
        }
    }

    /// Probes the online server again (after it was unreachable or some tiles failed).
    pub fn retry(&mut self) {
        let Some(source) = self.source.clone() else {
            return;
        };
        let (tx, rx) = channel();
        let ctx = self.ctx.clone();
        let ua = self.user_agent.clone();
        let spawned = std::thread::Builder::new()
            .name("tile-probe".into())
            .spawn(move || {
                let r = probe(&source, &ua, Duration::from_secs(5));
                let _ = tx.send(r);
                if let Some(ctx) = ctx {
                    ctx.request_repaint();
                }
            });
        match spawned {
            Ok(_) => {
                self.probe = Some(rx);
                self.status = OnlineStatus::Checking;
            }
            Err(e) => self.status = OnlineStatus::Unreachable(TileError::Probe(e.to_string())),
        }
    }

    /// Once per frame: takes the probe's answer, follows theme and pixel density.
    pub fn poll(&mut self, dark: bool, pixels_per_point: f32) {
        if let Some(e) = self.embedded.as_mut() {
            e.configure(dark, pixels_per_point);
        }
        if let Some(o) = self.online.as_mut() {
            o.configure();
        }
        let answer = self.probe.as_ref().and_then(|rx| rx.try_recv().ok());
        let Some(answer) = answer else {
            return;
        };
        self.probe = None;
        match (answer, self.source.clone(), self.ctx.clone()) {
            (Ok(()), Some(source), Some(ctx)) => {
                log::info!("tile server {} answers; using it", source.template);
                let disk = self.disk_cache.clone();
                match OnlineTiles::new(&ctx, source, &self.user_agent, disk) {
                    Ok(t) => {
                        self.online = Some(t);
                        self.status = OnlineStatus::Online;
                    }
                    Err(e) => self.status = OnlineStatus::Unreachable(e),
                }
            }
            (Ok(()), _, _) => self.status = OnlineStatus::Off,
            (Err(reason), source, _) => {
                let url = source.map(|s| s.template).unwrap_or_default();
                log::warn!("tile server {url} unreachable: {reason}; using the embedded basemap");
                self.status = OnlineStatus::Unreachable(reason);
            }
        }
    }

    pub fn status(&self) -> &OnlineStatus {
        &self.status
    }

    /// Online tiles that could not be used: how many, and why the last could not.
    pub fn tile_failures(&self) -> (usize, Option<&TileError>) {
        self.online
            .as_ref()
            .map_or((0, None), OnlineTiles::failures)
    }

    /// How many downloaded tiles are in memory.
    pub fn online_cached(&self) -> usize {
        self.online.as_ref().map_or(0, OnlineTiles::cached)
    }

    /// Keeps downloaded tiles under `dir` (`None`: in memory only); from the next probe on.
    pub fn set_disk_cache(&mut self, dir: Option<std::path::PathBuf>) {
        self.disk_cache = dir;
    }

    /// The embedded basemap's colours (for the background behind tiles).
    pub fn style(&self, dark: bool) -> Style {
        self.embedded.as_ref().map_or(
            if dark { Style::DARK } else { Style::LIGHT },
            EmbeddedTiles::style,
        )
    }

    /// How many embedded tiles are rendered and cached.
    pub fn embedded_cached(&self) -> usize {
        self.embedded.as_ref().map_or(0, EmbeddedTiles::cached)
    }

    pub fn has_embedded(&self) -> bool {
        self.embedded.is_some()
    }

    /// The base layer (embedded) and the online layer drawn over it.
    pub fn layers(&mut self) -> (Option<&mut dyn Tiles>, Option<&mut dyn Tiles>) {
        (
            self.embedded.as_mut().map(|t| t as &mut dyn Tiles),
            self.online.as_mut().map(|t| t as &mut dyn Tiles),
        )
    }

    /// Attributions of what is drawn: the online server's when it is in use, and Natural
    /// Earth's for the embedded basemap.
    pub fn attributions(&self) -> Vec<Attribution> {
        let mut v = Vec::new();
        if let Some(o) = &self.online {
            v.push(o.attribution());
        }
        if let Some(e) = &self.embedded
            && self.online.is_none()
        {
            v.push(e.attribution());
        }
        v
    }
}
