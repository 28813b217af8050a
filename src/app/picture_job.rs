//! Exporting a picture or an animation of the current view on a worker thread, with its
//! progress and a way to cancel it; the file is written atomically, so a cancel or a
//! failure leaves nothing behind.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, TryRecvError, channel};

use crate::filter::Filter;
use crate::index::MissionIndex;
use crate::model::Mission;
use crate::picture::{self, Animation, Picture, PictureError, View};

/// One picture or the years of an animation.
#[derive(Debug, Clone, PartialEq)]
pub enum Frames {
    Still { year: i32 },
    Years { from: i32, to: i32, fps: u32 },
}

/// Everything the worker needs: its own copy of the missions and the filter.
pub struct PictureRequest {
    pub missions: Vec<Mission>,
    pub filter: Filter,
    pub frames: Frames,
    pub view: View,
    pub size: (u32, u32),
    pub dark: bool,
    pub title: String,
    pub credit: String,
    pub path: PathBuf,
    /// What the map draws over the basemap, and the filters' caption.
    pub overlays: picture::Overlays,
}

impl PictureRequest {
    /// Makes the picture; `progress` hears of each frame and may say stop.
    fn run(self, progress: &mut dyn FnMut(usize, usize) -> bool) -> Result<String, PictureError> {
        let index = MissionIndex::build(&self.missions, &self.filter);
        let compare = crate::symbol::compare_colors(&self.filter.senders);
        // The picture as the view shows it; an animation adds the closures strip.
        let still = Picture {
            missions: &self.missions,
            index: &index,
            year: 0,
            view: self.view,
            size: self.size,
            dark: self.dark,
            title: &self.title,
            credit: &self.credit,
            chart: None,
            compare: compare.as_deref(),
            overlays: Some(&self.overlays),
        };
        match self.frames {
            Frames::Still { year } => {
                if !progress(0, 1) {
                    return Err(PictureError::Cancelled);
                }
                let scene = picture::scene(&Picture { year, ..still });
                picture::write_picture(&scene, &self.path)?;
                progress(1, 1);
                Ok(format!(
                    "Saved the map of {year} to {}.",
                    self.path.display()
                ))
            }
            Frames::Years { from, to, fps } => {
                let closures = picture::closures_per_year(&self.missions, &self.filter, from, to);
                let a = Animation {
                    frame: Picture {
                        chart: Some(picture::Chart {
                            first_year: from,
                            closures: &closures,
                        }),
                        ..still
                    },
                    years: from..=to,
                    fps,
                };
                let n = picture::write_gif(&a, &self.path, progress)?;
                Ok(format!(
                    "Saved an animation of {from}–{to} ({n} frames) to {}.",
                    self.path.display()
                ))
            }
        }
    }
}

/// A picture being made.
pub struct PictureJob {
    rx: Receiver<Result<String, PictureError>>,
    done: Arc<AtomicUsize>,
    total: Arc<AtomicUsize>,
    cancel: Arc<AtomicBool>,
}

impl PictureJob {
    /// Starts making the picture on a worker thread; the worker asks for a frame after
    /// each picture frame and when done.
    pub fn start(ctx: &egui::Context, request: PictureRequest) -> std::io::Result<PictureJob> {
        let (tx, rx) = channel();
        let done = Arc::new(AtomicUsize::new(0));
        let total = Arc::new(AtomicUsize::new(1));
        let cancel = Arc::new(AtomicBool::new(false));
        let (d, t, c) = (Arc::clone(&done), Arc::clone(&total), Arc::clone(&cancel));
        let repaint = ctx.clone();
        std::thread::Builder::new()
            .name("diplomap-picture".into())
            .spawn(move || {
                let result = request.run(&mut |k, n| {
                    d.store(k, Ordering::Relaxed);
                    t.store(n, Ordering::Relaxed);
                    repaint.request_repaint();
                    !c.load(Ordering::Relaxed)
                });
                // The app may have gone; then nobody waits for the result.
                let _ = tx.send(result);
                repaint.request_repaint();
            })?;
        Ok(PictureJob {
            rx,
            done,
            total,
            cancel,
        })
    }

    /// Frames made, and how many there are.
    pub fn progress(&self) -> (usize, usize) {
        (
            self.done.load(Ordering::Relaxed),
            self.total.load(Ordering::Relaxed),
        )
    }

    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::Relaxed);
    }

    /// The outcome, once there is one; `Some(Err)` also when the worker died.
    pub fn poll(&self) -> Option<Result<String, String>> {
        match self.rx.try_recv() {
            Ok(r) => Some(r.map_err(|e| e.to_string())),
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => Some(Err(
                "The picture could not be made (the worker stopped).".into(),
            )),
        }
    }
}
