//! Opening data files: small ones at once, big ones on a worker thread that also builds the
//! index and the list order, while the app stays usable with the data it has and the map
//! shows how far the file is read.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, TryRecvError, channel};

use super::view_model::Prepared;
use crate::data::{self, OpenOptions};
use crate::error::{LoadError, Problem};
use crate::filter::Filter;
use crate::index::SortKey;

/// Files larger than this load on a worker thread.
pub const BACKGROUND_LOAD_BYTES: u64 = 4 << 20;

/// Whether `path` is big enough to load in the background.
pub fn loads_in_background(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| m.len() > BACKGROUND_LOAD_BYTES)
}

/// What was left out or read other than written, when a table opened.
#[derive(Debug, Default)]
pub struct LoadReport {
    /// The first rows left out, with line and column.
    pub skipped: Vec<Problem>,
    /// How many rows were left out.
    pub skipped_rows: usize,
    pub warnings: Vec<Problem>,
}

/// A loaded and indexed data set and its report.
pub type LoadResult = Result<(Prepared, LoadReport), LoadError>;

fn open(
    path: &Path,
    opts: &OpenOptions,
    filter: &Filter,
    order: Option<(SortKey, i32)>,
    progress: &mut dyn FnMut(u64),
) -> LoadResult {
    data::open(path, opts, progress).map(|o| {
        let report = LoadReport {
            skipped: o.skipped,
            skipped_rows: o.skipped_rows,
            warnings: o.warnings,
        };
        (Prepared::new(o.dataset, filter, order), report)
    })
}

/// Loads and indexes `path` on this thread.
pub fn load_now(path: &Path, opts: &OpenOptions, filter: &Filter) -> LoadResult {
    open(path, opts, filter, None, &mut |_| {})
}

/// A data file loading in the background.
pub struct Loading {
    path: PathBuf,
    /// How it is opened (a table's mapping), remembered when it opens.
    pub opts: OpenOptions,
    rx: Receiver<LoadResult>,
    /// Bytes read so far, and the file's size.
    read: Arc<AtomicU64>,
    size: u64,
    /// The app's clock when it started.
    started: f64,
}

/// What a look at a background load found.
pub enum Polled {
    Pending,
    Done(PathBuf, OpenOptions, Box<LoadResult>),
    /// The worker ended without an answer (it panicked).
    Lost(PathBuf),
}

impl Loading {
    /// Starts loading `path` on a worker thread, indexed for `filter` and laid out in the
    /// list order for (`sort`, `year`); the worker asks for a frame when done.
    pub fn start(
        ctx: &egui::Context,
        path: PathBuf,
        opts: OpenOptions,
        filter: Filter,
        order: (SortKey, i32),
    ) -> std::io::Result<Loading> {
        let (tx, rx) = channel();
        let read = Arc::new(AtomicU64::new(0));
        let size = std::fs::metadata(&path).map_or(0, |m| m.len());
        let worker_path = path.clone();
        let worker_opts = opts.clone();
        let worker_read = Arc::clone(&read);
        let repaint = ctx.clone();
        std::thread::Builder::new()
            .name("diplomap-load".into())
            .spawn(move || {
                let result = open(&worker_path, &worker_opts, &filter, Some(order), &mut |n| {
                    worker_read.store(n, Ordering::Relaxed)
                });
                // The app may have gone; then nobody waits for the result.
                let _ = tx.send(result);
                repaint.request_repaint();
            })?;
        Ok(Loading {
            path,
            opts,
            rx,
            read,
            size,
            started: ctx.input(|i| i.time),
        })
    }

    pub fn poll(&self) -> Polled {
        match self.rx.try_recv() {
            Ok(result) => Polled::Done(self.path.clone(), self.opts.clone(), Box::new(result)),
            Err(TryRecvError::Empty) => Polled::Pending,
            Err(TryRecvError::Disconnected) => Polled::Lost(self.path.clone()),
        }
    }

    /// "Loading FILE … 3 s", and how much of the file is read (0 to 1), for the map.
    pub fn status(&self, now: f64) -> (String, f32) {
        let read = self.read.load(Ordering::Relaxed);
        let fraction = if self.size == 0 {
            0.0
        } else {
            (read as f64 / self.size as f64).clamp(0.0, 1.0) as f32
        };
        let text = if read >= self.size {
            format!(
                "Indexing {} … {:.0} s",
                self.path.display(),
                (now - self.started).max(0.0)
            )
        } else {
            format!(
                "Loading {} … {:.0} s",
                self.path.display(),
                (now - self.started).max(0.0)
            )
        };
        (text, fraction)
    }
}
