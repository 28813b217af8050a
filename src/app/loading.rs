//! Opening data files: small ones at once, big ones on a worker thread that also builds the
//! index and the list order, while the app stays usable with the data it has.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, TryRecvError, channel};

use super::view_model::Prepared;
use crate::data;
use crate::error::LoadError;
use crate::filter::Filter;
use crate::index::SortKey;

/// Files larger than this load on a worker thread.
pub const BACKGROUND_LOAD_BYTES: u64 = 4 << 20;

/// Whether `path` is big enough to load in the background.
pub fn loads_in_background(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| m.len() > BACKGROUND_LOAD_BYTES)
}

/// A loaded and indexed data set, and a table's rows that were skipped.
pub type LoadResult = Result<(Prepared, Vec<crate::error::Problem>), LoadError>;

/// Loads and indexes `path` on this thread.
pub fn load_now(path: &Path, filter: &Filter) -> LoadResult {
    data::load_keeping_good_rows(path)
        .map(|(ds, skipped)| (Prepared::new(ds, filter, None), skipped))
}

/// A data file loading in the background.
pub struct Loading {
    path: PathBuf,
    rx: Receiver<LoadResult>,
    /// The app's clock when it started.
    started: f64,
}

/// What a look at a background load found.
pub enum Polled {
    Pending,
    Done(PathBuf, Box<LoadResult>),
    /// The worker ended without an answer (it panicked).
    Lost(PathBuf),
}

impl Loading {
    /// Starts loading `path` on a worker thread, indexed for `filter` and laid out in the
    /// list order for (`sort`, `year`); the worker asks for a frame when done.
    pub fn start(
        ctx: &egui::Context,
        path: PathBuf,
        filter: Filter,
        order: (SortKey, i32),
    ) -> std::io::Result<Loading> {
        let (tx, rx) = channel();
        let worker_path = path.clone();
        let repaint = ctx.clone();
        std::thread::Builder::new()
            .name("diplomap-load".into())
            .spawn(move || {
                let result = data::load_keeping_good_rows(&worker_path)
                    .map(|(ds, skipped)| (Prepared::new(ds, &filter, Some(order)), skipped));
                // The app may have gone; then nobody waits for the result.
                let _ = tx.send(result);
                repaint.request_repaint();
            })?;
        Ok(Loading {
            path,
            rx,
            started: ctx.input(|i| i.time),
        })
    }

    pub fn poll(&self) -> Polled {
        match self.rx.try_recv() {
            Ok(result) => Polled::Done(self.path.clone(), Box::new(result)),
            Err(TryRecvError::Empty) => Polled::Pending,
            Err(TryRecvError::Disconnected) => Polled::Lost(self.path.clone()),
        }
    }

    /// "Loading FILE … 3 s", for the map's status line.
    pub fn status(&self, now: f64) -> String {
        format!(
            "Loading {} … {:.0} s",
            self.path.display(),
            (now - self.started).max(0.0)
        )
    }
}
