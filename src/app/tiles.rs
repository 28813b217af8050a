//! The map's tiles: the embedded Natural Earth basemap, always drawn underneath, and online
//! tiles (OpenStreetMap or any `{z}/{x}/{y}` server) on top once a probe shows the server
//! answers. Online tiles follow the OpenStreetMap tile policy: our own User-Agent, a disk
//! cache, visible attribution, no bulk downloads.

use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use egui::{ColorImage, TextureHandle, TextureOptions};
use serde::{Deserialize, Serialize};
use walkers::sources::{Attribution, TileSource};
use walkers::{HttpOptions, HttpTiles, Tile, TileId, TilePiece, Tiles};

use crate::basemap::{self, Style, TileKey, World};

/// The User-Agent sent to tile servers, as the OpenStreetMap tile policy asks.
pub const USER_AGENT: &str = concat!(
    "diplomap/",
    env!("CARGO_PKG_VERSION"),
    " (desktop app for maps of diplomatic missions)"
);

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

/// The HTTP options we use with every server.
pub fn http_options() -> HttpOptions {
    HttpOptions {
        cache: cache_dir(),
        user_agent: Some(walkers::HeaderValue::from_static(USER_AGENT)),
        ..HttpOptions::default()
    }
}

/// Asks the server for its zoom-0 tile; `Ok` if it answers with an image.
pub fn probe(template: &TemplateSource, timeout: Duration) -> Result<(), String> {
    let url = template.url(TileId {
        x: 0,
        y: 0,
        zoom: 0,
    });
    let client = reqwest::blocking::Client::builder()
        .user_agent(USER_AGENT)
        .timeout(timeout)
        .connect_timeout(timeout)
        .build()
        .map_err(|e| format!("cannot start an HTTP client: {e}"))?;
    let resp = client.get(&url).send().map_err(|e| {
        if e.is_timeout() {
            "no answer in time".to_owned()
        } else {
            format!("cannot connect ({e})")
        }
    })?;
    let status = resp.status();
    if !status.is_success() {
        return Err(format!("it answered {status}"));
    }
    let body = resp
        .bytes()
        .map_err(|e| format!("the answer broke off ({e})"))?;
    let png = body.starts_with(b"\x89PNG");
    let jpeg = body.starts_with(&[0xFF, 0xD8]);
    if png || jpeg {
        Ok(())
    } else {
        Err("its answer is not an image".to_owned())
    }
}

/// How the online tiles are doing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OnlineStatus {
    /// Not used: embedded basemap chosen, or `--offline`.
    Off,
    Checking,
    Online,
    /// The server could not be used; the reason.
    Unreachable(String),
}

/// A render request for the embedded basemap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct Job {
    id: TileId,
    dark: bool,
    size: u32,
    generation: u64,
}

/// Requests waiting for a worker; newest first, so that what is on screen now renders first.
#[derive(Default)]
struct Queue {
    jobs: Mutex<(Vec<Job>, bool)>,
    ready: Condvar,
}

/// The embedded basemap as walkers tiles, rendered off the UI thread and kept in memory.
pub struct EmbeddedTiles {
    ctx: egui::Context,
    queue: Arc<Queue>,
    results: Receiver<(Job, ColorImage)>,
    cache: HashMap<TileId, TextureHandle>,
    order: VecDeque<TileId>,
    requested: HashSet<TileId>,
    dark: bool,
    size: u32,
    generation: u64,
}

/// The deepest zoom rendered; closer views magnify it.
const EMBEDDED_MAX_ZOOM: u8 = 14;
/// Memory for rendered tiles, in bytes.
const CACHE_BYTES: usize = 128 << 20;
/// Requests beyond this are dropped, oldest first (the view has moved on).
const QUEUE_MAX: usize = 96;

impl EmbeddedTiles {
    /// Starts `workers` render threads.
    pub fn new(ctx: &egui::Context, workers: usize) -> Self {
        let queue = Arc::new(Queue::default());
        let (tx, results) = channel();
        for n in 0..workers.max(1) {
            let queue = Arc::clone(&queue);
            let tx: Sender<(Job, ColorImage)> = tx.clone();
            let ctx = ctx.clone();
            let spawned = std::thread::Builder::new()
                .name(format!("basemap-{n}"))
                .spawn(move || render_worker(&queue, &tx, &ctx));
            if let Err(e) = spawned {
                log::error!("cannot start a basemap render thread: {e}");
            }
        }
        EmbeddedTiles {
            ctx: ctx.clone(),
            queue,
            results,
            cache: HashMap::new(),
            order: VecDeque::new(),
            requested: HashSet::new(),
            dark: ctx.global_style().visuals.dark_mode,
            size: 256,
            generation: 0,
        }
    }

    /// Follows the theme and the display's pixel density; a change re-renders.
    pub fn configure(&mut self, dark: bool, pixels_per_point: f32) {
        let size = if pixels_per_point > 1.25 { 512 } else { 256 };
        if dark != self.dark || size != self.size {
            self.dark = dark;
            self.size = size;
            self.generation += 1;
            self.cache.clear();
            self.order.clear();
            self.requested.clear();
            if let Ok(mut q) = self.queue.jobs.lock() {
                q.0.clear();
            }
        }
    }

    /// The colours in use.
    pub fn style(&self) -> Style {
        if self.dark { Style::DARK } else { Style::LIGHT }
    }

    /// How many tiles are rendered and cached.
    pub fn cached(&self) -> usize {
        self.cache.len()
    }

    fn receive(&mut self) {
        while let Ok((job, image)) = self.results.try_recv() {
            self.requested.remove(&job.id);
            if job.generation != self.generation {
                continue;
            }
            let name = format!("basemap-{}-{}-{}", job.id.zoom, job.id.x, job.id.y);
            let tex = self.ctx.load_texture(name, image, TextureOptions::LINEAR);
            self.cache.insert(job.id, tex);
            self.order.push_back(job.id);
            let per_tile = (self.size as usize).pow(2) * 4;
            while self.cache.len() * per_tile > CACHE_BYTES {
                match self.order.pop_front() {
                    Some(old) => {
                        self.cache.remove(&old);
                    }
                    None => break,
                }
            }
        }
    }

    fn request(&mut self, id: TileId) {
        if self.requested.contains(&id) {
            return;
        }
        let job = Job {
            id,
            dark: self.dark,
            size: self.size,
            generation: self.generation,
        };
        if let Ok(mut q) = self.queue.jobs.lock() {
            q.0.push(job);
            if q.0.len() > QUEUE_MAX {
                let dropped = q.0.remove(0);
                self.requested.remove(&dropped.id);
            }
            self.requested.insert(id);
            self.queue.ready.notify_one();
        }
    }
}

impl Drop for EmbeddedTiles {
    fn drop(&mut self) {
        if let Ok(mut q) = self.queue.jobs.lock() {
            q.1 = true;
        }
        self.queue.ready.notify_all();
    }
}

fn render_worker(queue: &Queue, tx: &Sender<(Job, ColorImage)>, ctx: &egui::Context) {
    loop {
        let job = {
            let Ok(mut guard) = queue.jobs.lock() else {
                return;
            };
            loop {
                if guard.1 {
                    return;
                }
                if let Some(job) = guard.0.pop() {
                    break job;
                }
                guard = match queue.ready.wait(guard) {
                    Ok(g) => g,
                    Err(_) => return,
                };
            }
        };
        let style = if job.dark { Style::DARK } else { Style::LIGHT };
        let key = TileKey {
            zoom: job.id.zoom,
            x: job.id.x,
            y: job.id.y,
        };
        let world = World::for_zoom(key.zoom);
        let Some(pm) = basemap::render_tile(world, key, job.size, &style) else {
            continue;
        };
        let side = job.size as usize;
        let image = ColorImage::from_rgba_premultiplied([side, side], pm.data());
        if tx.send((job, image)).is_err() {
            return;
        }
        ctx.request_repaint();
    }
}

/// The tile `zoom` levels up that covers `id`, and the part of it that does.
fn ancestor(id: TileId, levels: u8) -> (TileId, egui::Rect) {
    let d = 1u32 << levels;
    let parent = TileId {
        x: id.x / d,
        y: id.y / d,
        zoom: id.zoom - levels,
    };
    let z = 1.0 / d as f32;
    let (fx, fy) = ((id.x % d) as f32 * z, (id.y % d) as f32 * z);
    (
        parent,
        egui::Rect::from_min_max(egui::pos2(fx, fy), egui::pos2(fx + z, fy + z)),
    )
}

impl Tiles for EmbeddedTiles {
    fn at(&mut self, tile_id: TileId) -> Option<TilePiece> {
        self.receive();
        let n = 1u64 << tile_id.zoom.min(40);
        if u64::from(tile_id.x) >= n || u64::from(tile_id.y) >= n {
            return None;
        }
        let (wanted, uv) = if tile_id.zoom > EMBEDDED_MAX_ZOOM {
            ancestor(tile_id, tile_id.zoom - EMBEDDED_MAX_ZOOM)
        } else {
            (
                tile_id,
                egui::Rect::from_min_max(egui::pos2(0.0, 0.0), egui::pos2(1.0, 1.0)),
            )
        };
        if let Some(tex) = self.cache.get(&wanted) {
            return Some(TilePiece::new(Tile::Raster(tex.clone()), uv));
        }
        self.request(wanted);
        // Meanwhile, the nearest rendered ancestor, magnified.
        (1..=tile_id.zoom).find_map(|levels| {
            let (parent, uv) = ancestor(tile_id, levels);
            self.cache
                .get(&parent)
                .map(|tex| TilePiece::new(Tile::Raster(tex.clone()), uv))
        })
    }

    fn attribution(&self) -> Attribution {
        Attribution {
            text: "Natural Earth",
            url: "https://www.naturalearthdata.com/",
            logo_light: None,
            logo_dark: None,
        }
    }

    fn tile_size(&self) -> u32 {
        256
    }
}

/// The map's tile layers and the online server's status.
pub struct Basemap {
    embedded: Option<EmbeddedTiles>,
    online: Option<HttpTiles>,
    source: Option<TemplateSource>,
    status: OnlineStatus,
    probe: Option<Receiver<Result<(), String>>>,
    ctx: Option<egui::Context>,
}

impl Basemap {
    /// No tiles at all (tests that do not look at the basemap).
    pub fn none() -> Self {
        Basemap {
            embedded: None,
            online: None,
            source: None,
            status: OnlineStatus::Off,
            probe: None,
            ctx: None,
        }
    }

    /// The embedded basemap, plus online tiles from `provider` unless `offline`.
    pub fn new(ctx: &egui::Context, provider: &Provider, offline: bool) -> Result<Self, String> {
        let mut b = Basemap {
            embedded: Some(EmbeddedTiles::new(ctx, 2)),
            ctx: Some(ctx.clone()),
            ..Basemap::none()
        };
        if !offline {
            b.set_provider(provider)?;
        }
        Ok(b)
    }

    /// Switches the online tiles; the embedded basemap stays underneath.
    pub fn set_provider(&mut self, provider: &Provider) -> Result<(), String> {
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

    /// Probes the online server again (after it was unreachable).
    pub fn retry(&mut self) {
        let Some(source) = self.source.clone() else {
            return;
        };
        let (tx, rx) = channel();
        let ctx = self.ctx.clone();
        let spawned = std::thread::Builder::new()
            .name("tile-probe".into())
            .spawn(move || {
                let r = probe(&source, Duration::from_secs(5));
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
            Err(e) => self.status = OnlineStatus::Unreachable(format!("cannot probe: {e}")),
        }
    }

    /// Once per frame: takes the probe's answer, follows theme and pixel density.
    pub fn poll(&mut self, dark: bool, pixels_per_point: f32) {
        if let Some(e) = self.embedded.as_mut() {
            e.configure(dark, pixels_per_point);
        }
        let answer = self.probe.as_ref().and_then(|rx| rx.try_recv().ok());
        let Some(answer) = answer else {
            return;
        };
        self.probe = None;
        match (answer, self.source.clone(), self.ctx.clone()) {
            (Ok(()), Some(source), Some(ctx)) => {
                log::info!("tile server {} answers; using it", source.template);
                self.online = Some(HttpTiles::with_options(source, http_options(), ctx));
                self.status = OnlineStatus::Online;
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
        // No web address that nobody owns.
        assert!(!USER_AGENT.contains("http"), "{USER_AGENT}");
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
}
