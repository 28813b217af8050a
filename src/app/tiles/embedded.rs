//! The embedded basemap as walkers tiles: rendered by worker threads with tiny-skia, newest
//! request first, kept in memory up to a budget.

use std::collections::HashSet;
use std::num::NonZeroUsize;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender, channel};

use egui::{ColorImage, TextureHandle, TextureOptions};
use walkers::sources::Attribution;
use walkers::{Tile, TileId, TilePiece, Tiles};

use super::queue::Queue;
use crate::basemap::{self, Style, TileKey, World};

/// A render request for the embedded basemap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct Job {
    id: TileId,
    dark: bool,
    size: u32,
    generation: u64,
}

/// The embedded basemap as walkers tiles, rendered off the UI thread and kept in memory.
pub struct EmbeddedTiles {
    ctx: egui::Context,
    queue: Arc<Queue<Job>>,
    results: Receiver<(Job, ColorImage)>,
    /// Rendered tiles, the least recently shown dropped first.
    cache: lru::LruCache<TileId, TextureHandle>,
    requested: HashSet<TileId>,
    /// Tiles asked for since the frame began.
    asked: usize,
    dark: bool,
    size: u32,
    generation: u64,
}

/// The deepest zoom rendered; closer views magnify it.
const EMBEDDED_MAX_ZOOM: u8 = 14;
/// Rendered tiles kept, at least: two or three maps' worth (the app's map beside its
/// panels on a 1280×800 screen shows 12–20 tiles; a high-density screen as many, of four
/// times the pixels), the view and the zoom just left, whose tiles stand in while the new
/// ones render. With the software renderer a tile's texture is 256 KB of the window's
/// memory (1 MB at high density), so this is 16 MB, not the 128 MB once kept. A bigger
/// map keeps three times the tiles one frame shows, so that what is on screen is never
/// dropped.
const CACHE_TILES: NonZeroUsize = NonZeroUsize::new(64).unwrap();
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
            cache: lru::LruCache::new(CACHE_TILES),
            requested: HashSet::new(),
            asked: 0,
            dark: ctx.global_style().visuals.dark_mode,
            size: 256,
            generation: 0,
        }
    }

    /// Once per frame: follows the theme and the display's pixel density (a change
    /// re-renders), and keeps three times the tiles the last frame showed.
    pub fn configure(&mut self, dark: bool, pixels_per_point: f32) {
        let want = self.asked.saturating_mul(3);
        if want > self.cache.cap().get()
            && let Some(cap) = NonZeroUsize::new(want)
        {
            self.cache.resize(cap);
        }
        self.asked = 0;
        let size = if pixels_per_point > 1.25 { 512 } else { 256 };
        if dark != self.dark || size != self.size {
            self.dark = dark;
            self.size = size;
            self.generation += 1;
            self.cache.clear();
            self.requested.clear();
            self.queue.clear();
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

    /// How many tiles may be kept.
    #[cfg(test)]
    pub fn capacity(&self) -> usize {
        self.cache.cap().get()
    }

    /// Whether the tile is rendered and kept (without counting as a use).
    #[cfg(test)]
    pub fn is_cached(&mut self, id: TileId) -> bool {
        self.receive();
        self.cache.contains(&id)
    }

    fn receive(&mut self) {
        while let Ok((job, image)) = self.results.try_recv() {
            self.requested.remove(&job.id);
            if job.generation != self.generation {
                continue;
            }
            let name = format!("basemap-{}-{}-{}", job.id.zoom, job.id.x, job.id.y);
            let tex = self.ctx.load_texture(name, image, TextureOptions::LINEAR);
            self.cache.put(job.id, tex);
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
        if let Ok(dropped) = self.queue.push(job, QUEUE_MAX) {
            if let Some(dropped) = dropped {
                self.requested.remove(&dropped.id);
            }
            self.requested.insert(id);
        }
    }
}

impl Drop for EmbeddedTiles {
    fn drop(&mut self) {
        self.queue.close();
    }
}

fn render_worker(queue: &Queue<Job>, tx: &Sender<(Job, ColorImage)>, ctx: &egui::Context) {
    while let Some(job) = queue.pop_wait() {
        let style = if job.dark { Style::DARK } else { Style::LIGHT };
        let key = TileKey {
            zoom: job.id.zoom,
            x: job.id.x,
            y: job.id.y,
        };
        let world = World::for_zoom(key.zoom);
        let Some(pm) = basemap::render_tile(&world, key, job.size, &style) else {
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
pub(super) fn ancestor(id: TileId, levels: u8) -> (TileId, egui::Rect) {
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
        self.asked += 1;
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
