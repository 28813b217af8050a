//! Work waiting for the tile threads: newest first, so that what is on screen now is done
//! first; the oldest dropped when too many wait (the view has moved on).

use std::sync::{Condvar, Mutex};

pub(super) struct Queue<J> {
    /// The jobs, newest last, and whether the threads are to stop.
    jobs: Mutex<(Vec<J>, bool)>,
    ready: Condvar,
}

impl<J> Default for Queue<J> {
    fn default() -> Self {
        Queue {
            jobs: Mutex::new((Vec::new(), false)),
            ready: Condvar::new(),
        }
    }
}

impl<J> Queue<J> {
    /// Adds a job; returns the oldest when more than `max` wait, dropped. `Err` when the
    /// queue is unusable (a thread panicked holding it).
    pub(super) fn push(&self, job: J, max: usize) -> Result<Option<J>, ()> {
        let mut q = self.jobs.lock().map_err(|_| ())?;
        q.0.push(job);
        let dropped = (q.0.len() > max).then(|| q.0.remove(0));
        self.ready.notify_one();
        Ok(dropped)
    }

    /// The newest job, waiting for one; `None` once the queue is closed.
    pub(super) fn pop_wait(&self) -> Option<J> {
        let mut guard = self.jobs.lock().ok()?;
        loop {
            if guard.1 {
                return None;
            }
            if let Some(job) = guard.0.pop() {
                return Some(job);
            }
            guard = self.ready.wait(guard).ok()?;
        }
    }

    /// Forgets every waiting job.
    pub(super) fn clear(&self) {
        if let Ok(mut q) = self.jobs.lock() {
            q.0.clear();
        }
    }

    /// Stops the threads (each returns from `pop_wait`).
    pub(super) fn close(&self) {
        if let Ok(mut q) = self.jobs.lock() {
            q.1 = true;
        }
        self.ready.notify_all();
    }
}
