//! Online tiles from a `{z}/{x}/{y}` server, fetched by two threads of our own so that
//! every answer is bounded: no more than [`MAX_TILE_BYTES`] is read of a body, no image
//! bigger than 1024 × 1024 pixels is decoded, and only PNG and JPEG are. Downloaded tiles
//! are kept on disk for as long as the server's `Cache-Control` allows (seven days when it
//! says nothing), revalidated with the `ETag` it gave, and shown stale when the server
//! cannot be reached; the OpenStreetMap tile policy asks for all of this.

use std::collections::{HashMap, HashSet};
use std::io::{Cursor, Read};
use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use egui::{ColorImage, TextureHandle, TextureOptions};
use walkers::sources::{Attribution, TileSource};
use walkers::{Tile, TileId, TilePiece, Tiles};

use super::embedded::ancestor;
use super::queue::Queue;
use super::{MAX_TILE_BYTES, TemplateSource, TileError};

/// The deepest zoom asked of a server; closer views magnify its tiles.
const ONLINE_MAX_ZOOM: u8 = 19;
/// Downloads at once: the OpenStreetMap policy asks for few.
const THREADS: usize = 2;
/// Tiles kept in memory, at least (grows to three times what a frame shows).
const MEMORY_TILES: NonZeroUsize = NonZeroUsize::new(64).unwrap();
/// Requests beyond this are dropped, oldest first.
const QUEUE_MAX: usize = 96;
/// A tile that could not be had is not asked for again for this long.
const FAILED_WAIT: Duration = Duration::from_secs(60);
/// How long a tile is kept when the server does not say.
const DEFAULT_MAX_AGE: u64 = 7 * 24 * 3600;
/// The largest image decoded, per side.
const MAX_SIDE: u32 = 1024;

/// Tiles downloaded from `source`, drawn over the embedded basemap.
pub struct OnlineTiles {
    ctx: egui::Context,
    source: TemplateSource,
    queue: Arc<Queue<TileId>>,
    results: Receiver<(TileId, Result<ColorImage, TileError>)>,
    memory: lru::LruCache<TileId, TextureHandle>,
    requested: HashSet<TileId>,
    failed: HashMap<TileId, Instant>,
    /// How many tiles could not be used, and the last reason.
    failures: usize,
    last_failure: Option<TileError>,
    asked: usize,
}

impl OnlineTiles {
    /// Starts the download threads; tiles are kept under `disk` (none: in memory only).
    pub fn new(
        ctx: &egui::Context,
        source: TemplateSource,
        user_agent: &str,
        disk: Option<PathBuf>,
    ) -> Result<Self, TileError> {
        let client = client(user_agent, Duration::from_secs(20))?;
        let fetcher = Arc::new(Fetcher {
            client,
            disk: disk.map(|d| d.join(source_key(&source.template))),
            source: source.clone(),
        });
        let queue = Arc::new(Queue::default());
        let (tx, results) = channel();
        for n in 0..THREADS {
            let (queue, fetcher, ctx) = (Arc::clone(&queue), Arc::clone(&fetcher), ctx.clone());
            let tx: Sender<_> = tx.clone();
            let spawned = std::thread::Builder::new()
                .name(format!("tiles-{n}"))
                .spawn(move || fetch_worker(&queue, &tx, &ctx, &fetcher));
            if let Err(e) = spawned {
                return Err(TileError::Client(format!(
                    "cannot start a download thread: {e}"
                )));
            }
        }
        Ok(OnlineTiles {
            ctx: ctx.clone(),
            source,
            queue,
            results,
            memory: lru::LruCache::new(MEMORY_TILES),
            requested: HashSet::new(),
            failed: HashMap::new(),
            failures: 0,
            last_failure: None,
            asked: 0,
        })
    }

    /// Once per frame: keeps three times the tiles the last frame showed.
    pub fn configure(&mut self) {
        let want = self.asked.saturating_mul(3);
        if want > self.memory.cap().get()
            && let Some(cap) = NonZeroUsize::new(want)
        {
            self.memory.resize(cap);
        }
        self.asked = 0;
    }

    /// How many tiles could not be used, and why the last one could not.
    pub fn failures(&self) -> (usize, Option<&TileError>) {
        (self.failures, self.last_failure.as_ref())
    }

    /// How many downloaded tiles are in memory.
    pub fn cached(&self) -> usize {
        self.memory.len()
    }

    fn receive(&mut self) {
        while let Ok((id, result)) = self.results.try_recv() {
            self.requested.remove(&id);
            match result {
                Ok(image) => {
                    let name = format!("online-{}-{}-{}", id.zoom, id.x, id.y);
                    let tex = self.ctx.load_texture(name, image, TextureOptions::LINEAR);
                    self.memory.put(id, tex);
                }
                Err(e) => {
                    log::warn!("tile {}/{}/{}: {e}", id.zoom, id.x, id.y);
                    self.failures += 1;
                    self.last_failure = Some(e);
                    self.failed.insert(id, Instant::now());
                }
            }
        }
    }

    fn request(&mut self, id: TileId) {
        if self.requested.contains(&id)
            || self
                .failed
                .get(&id)
                .is_some_and(|t| t.elapsed() < FAILED_WAIT)
        {
            return;
        }
        if let Ok(dropped) = self.queue.push(id, QUEUE_MAX) {
            if let Some(dropped) = dropped {
                self.requested.remove(&dropped);
            }
            self.requested.insert(id);
        }
    }
}

impl Drop for OnlineTiles {
    fn drop(&mut self) {
        self.queue.close();
    }
}

impl Tiles for OnlineTiles {
    fn at(&mut self, tile_id: TileId) -> Option<TilePiece> {
        self.receive();
        self.asked += 1;
        let n = 1u64 << tile_id.zoom.min(40);
        if u64::from(tile_id.x) >= n || u64::from(tile_id.y) >= n {
            return None;
        }
        let (wanted, uv) = if tile_id.zoom > ONLINE_MAX_ZOOM {
            ancestor(tile_id, tile_id.zoom - ONLINE_MAX_ZOOM)
        } else {
            (
                tile_id,
                egui::Rect::from_min_max(egui::pos2(0.0, 0.0), egui::pos2(1.0, 1.0)),
            )
        };
        if let Some(tex) = self.memory.get(&wanted) {
            return Some(TilePiece::new(Tile::Raster(tex.clone()), uv));
        }
        self.request(wanted);
        // Meanwhile, the nearest downloaded ancestor, magnified (else the embedded map).
        (1..=tile_id.zoom).find_map(|levels| {
            let (parent, uv) = ancestor(tile_id, levels);
            self.memory
                .get(&parent)
                .map(|tex| TilePiece::new(Tile::Raster(tex.clone()), uv))
        })
    }

    fn attribution(&self) -> Attribution {
        self.source.attribution()
    }

    fn tile_size(&self) -> u32 {
        256
    }
}

/// An HTTP client sending `user_agent`, giving up after `timeout`.
pub(super) fn client(
    user_agent: &str,
    timeout: Duration,
) -> Result<reqwest::blocking::Client, TileError> {
    reqwest::blocking::Client::builder()
        .user_agent(user_agent)
        .timeout(timeout)
        .connect_timeout(timeout.min(Duration::from_secs(10)))
        .build()
        .map_err(|e| TileError::Client(e.to_string()))
}

/// Why a request got no answer.
pub(super) fn send_error(e: &reqwest::Error) -> TileError {
    if e.is_timeout() {
        TileError::Timeout
    } else {
        TileError::Connect(e.to_string())
    }
}

/// An answer's body, refused when it is (or says it is) bigger than [`MAX_TILE_BYTES`].
pub(super) fn read_bounded(resp: reqwest::blocking::Response) -> Result<Vec<u8>, TileError> {
    if resp.content_length().is_some_and(|n| n > MAX_TILE_BYTES) {
        return Err(TileError::TooBig);
    }
    let mut body = Vec::new();
    resp.take(MAX_TILE_BYTES + 1)
        .read_to_end(&mut body)
        .map_err(|e| TileError::BrokenOff(e.to_string()))?;
    if body.len() as u64 > MAX_TILE_BYTES {
        return Err(TileError::TooBig);
    }
    Ok(body)
}

/// Whether the bytes begin as a PNG or a JPEG does.
pub(super) fn looks_like_image(body: &[u8]) -> bool {
    body.starts_with(b"\x89PNG") || body.starts_with(&[0xFF, 0xD8])
}

/// A PNG or JPEG tile as pixels; anything else, or bigger than [`MAX_SIDE`], refused.
pub(super) fn decode(bytes: &[u8]) -> Result<ColorImage, TileError> {
    if !looks_like_image(bytes) {
        return Err(TileError::NotAnImage);
    }
    let mut reader = image::ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|_| TileError::NotAnImage)?;
    if !matches!(
        reader.format(),
        Some(image::ImageFormat::Png | image::ImageFormat::Jpeg)
    ) {
        return Err(TileError::NotAnImage);
    }
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(u64::from(MAX_SIDE * MAX_SIDE * 8));
    reader.limits(limits);
    let img = reader
        .decode()
        .map_err(|e| TileError::Undecodable(e.to_string()))?;
    let rgba = img.to_rgba8();
    let size = [rgba.width() as usize, rgba.height() as usize];
    Ok(ColorImage::from_rgba_unmultiplied(size, rgba.as_raw()))
}

/// The download threads' half: asks the disk cache, then the server.
struct Fetcher {
    client: reqwest::blocking::Client,
    source: TemplateSource,
    /// This server's folder in the disk cache.
    disk: Option<PathBuf>,
}

fn fetch_worker(
    queue: &Queue<TileId>,
    tx: &Sender<(TileId, Result<ColorImage, TileError>)>,
    ctx: &egui::Context,
    fetcher: &Fetcher,
) {
    while let Some(id) = queue.pop_wait() {
        let result = fetcher.get(id).and_then(|bytes| decode(&bytes));
        if tx.send((id, result)).is_err() {
            return;
        }
        ctx.request_repaint();
    }
}

impl Fetcher {
    fn get(&self, id: TileId) -> Result<Vec<u8>, TileError> {
        let path = self.disk.as_ref().map(|d| tile_path(d, id));
        let kept = path.as_deref().and_then(Kept::read);
        let now = unix_now();
        if let Some(k) = &kept
            && k.expires > now
        {
            return Ok(k.bytes.clone());
        }
        let mut req = self.client.get(self.source.url(id));
        if let Some(etag) = kept.as_ref().and_then(|k| k.etag.as_deref()) {
            req = req.header(reqwest::header::IF_NONE_MATCH, etag);
        }
        let resp = match req.send() {
            Ok(r) => r,
            // The server cannot be reached: a stale copy is better than none.
            Err(e) => return kept.map(|k| k.bytes).ok_or_else(|| send_error(&e)),
        };
        let status = resp.status();
        let (max_age, store, etag) = freshness(resp.headers());
        if status == reqwest::StatusCode::NOT_MODIFIED
            && let Some(k) = kept
        {
            let renewed = Kept {
                expires: now.saturating_add(max_age),
                etag: etag.or(k.etag),
                bytes: k.bytes,
            };
            if let Some(p) = &path {
                renewed.write(p);
            }
            return Ok(renewed.bytes);
        }
        if !status.is_success() {
            return Err(TileError::Status(status.to_string()));
        }
        let bytes = read_bounded(resp)?;
        if !looks_like_image(&bytes) {
            return Err(TileError::NotAnImage);
        }
        let fresh = Kept {
            expires: now.saturating_add(max_age),
            etag,
            bytes,
        };
        if store && let Some(p) = &path {
            fresh.write(p);
        }
        Ok(fresh.bytes)
    }
}

/// How long an answer may be kept (seconds), whether it may be stored, and its `ETag`.
fn freshness(headers: &reqwest::header::HeaderMap) -> (u64, bool, Option<String>) {
    let mut max_age = DEFAULT_MAX_AGE;
    let mut store = true;
    if let Some(cc) = headers
        .get(reqwest::header::CACHE_CONTROL)
        .and_then(|v| v.to_str().ok())
    {
        for part in cc.split(',').map(str::trim) {
            let lower = part.to_ascii_lowercase();
            if lower == "no-store" {
                store = false;
            } else if lower == "no-cache" {
                max_age = 0;
            } else if let Some(n) = lower.strip_prefix("max-age=") {
                max_age = n.trim_matches('"').parse().unwrap_or(0);
            }
        }
    }
    let etag = headers
        .get(reqwest::header::ETAG)
        .and_then(|v| v.to_str().ok())
        .filter(|e| e.len() <= 256 && super::valid_contact(e))
        .map(str::to_owned);
    (max_age, store, etag)
}

fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// A server's folder name in the disk cache: its template, hashed (FNV-1a), so that two
/// servers' tiles never mix.
fn source_key(template: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in template.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

fn tile_path(dir: &Path, id: TileId) -> PathBuf {
    dir.join(id.zoom.to_string())
        .join(id.x.to_string())
        .join(format!("{}.tile", id.y))
}

/// A tile kept on disk: one file, a header line then the image's bytes.
struct Kept {
    /// Seconds since 1970 after which the server is asked again.
    expires: u64,
    etag: Option<String>,
    bytes: Vec<u8>,
}

const KEPT_MAGIC: &str = "diplomap-tile 1";

impl Kept {
    fn read(path: &Path) -> Option<Kept> {
        let meta = std::fs::symlink_metadata(path).ok()?;
        if !meta.is_file() || meta.len() > MAX_TILE_BYTES + 1024 {
            return None;
        }
        let all = std::fs::read(path).ok()?;
        let nl = all.iter().position(|&b| b == b'\n')?;
        let head = std::str::from_utf8(all.get(..nl)?).ok()?;
        let rest = head.strip_prefix(KEPT_MAGIC)?.trim_start();
        let (expires, etag) = match rest.split_once(' ') {
            Some((e, t)) => (e, Some(t.to_owned())),
            None => (rest, None),
        };
        Some(Kept {
            expires: expires.parse().ok()?,
            etag,
            bytes: all.get(nl + 1..)?.to_vec(),
        })
    }

    /// Stored for the next run; a cache that cannot be written is only logged (the tile is
    /// shown all the same).
    fn write(&self, path: &Path) {
        let mut out = format!("{KEPT_MAGIC} {}", self.expires);
        if let Some(e) = &self.etag {
            out.push(' ');
            out.push_str(e);
        }
        out.push('\n');
        let mut bytes = out.into_bytes();
        bytes.extend_from_slice(&self.bytes);
        let written = path
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .map_err(|e| e.to_string())
            .and_then(|()| crate::atomic::write(path, &bytes).map_err(|e| e.to_string()));
        if let Err(e) = written {
            log::warn!("cannot keep a tile in the disk cache: {e}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> reqwest::header::HeaderMap {
        let mut h = reqwest::header::HeaderMap::new();
        for (k, v) in pairs {
            if let Ok(v) = reqwest::header::HeaderValue::from_str(v) {
                h.insert(*k, v);
            }
        }
        h
    }

    #[test]
    fn freshness_follows_cache_control() {
        assert_eq!(freshness(&headers(&[])), (DEFAULT_MAX_AGE, true, None));
        assert_eq!(
            freshness(&headers(&[
                ("cache-control", "public, max-age=600"),
                ("etag", "\"abc\"")
            ])),
            (600, true, Some("\"abc\"".to_owned()))
        );
        assert!(!freshness(&headers(&[("cache-control", "no-store")])).1);
        assert_eq!(freshness(&headers(&[("cache-control", "no-cache")])).0, 0);
    }

    #[test]
    fn kept_tiles_read_back() {
        let dir = tempfile::tempdir().expect("temp dir");
        let id = TileId {
            x: 3,
            y: 5,
            zoom: 4,
        };
        let p = tile_path(dir.path(), id);
        let k = Kept {
            expires: 1234,
            etag: Some("\"e t\"".to_owned()),
            bytes: b"\x89PNG\n\x00rest".to_vec(),
        };
        k.write(&p);
        let back = Kept::read(&p).expect("read back");
        assert_eq!(
            (back.expires, back.etag, back.bytes),
            (k.expires, k.etag, k.bytes)
        );
        // Not ours: not used.
        std::fs::write(&p, b"something else\nbytes").expect("write");
        assert!(Kept::read(&p).is_none());
    }

    #[test]
    fn only_small_png_and_jpeg_decode() {
        let mut pm = tiny_skia::Pixmap::new(256, 256).expect("pixmap");
        pm.fill(tiny_skia::Color::from_rgba8(10, 20, 30, 255));
        let png = pm.encode_png().expect("png");
        assert_eq!(decode(&png).expect("decodes").size, [256, 256]);
        let big = tiny_skia::Pixmap::new(2048, 8)
            .expect("pixmap")
            .encode_png()
            .expect("png");
        assert!(matches!(decode(&big), Err(TileError::Undecodable(_))));
        assert!(matches!(decode(b"GIF89a"), Err(TileError::NotAnImage)));
    }

    #[test]
    fn servers_get_folders_of_their_own() {
        assert_ne!(
            source_key("http://a/{z}/{x}/{y}"),
            source_key("http://b/{z}/{x}/{y}")
        );
        assert_eq!(source_key("x").len(), 16);
    }
}
