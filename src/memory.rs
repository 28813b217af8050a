//! How the process uses the allocator's memory (glibc on Linux; elsewhere nothing).
//!
//! A million missions are read by parsing blocks of the file on every core, and the map's
//! tiles are painted on worker threads; the blocks, the per-block missions, the painted
//! pixels are freed once used. glibc would keep most of that: after the first big block
//! it frees, it serves blocks of that size from its arenas instead of the system, and an
//! arena only shrinks from its top. With the app open on a million missions that was
//! 25–50 MB of the window's resident memory holding nothing. Blocks of 128 KB and more
//! always come from the system and go back to it when freed (the threshold glibc starts
//! with, kept fixed), and the allocator is asked to trim what it holds free when the app
//! falls quiet after work ([`IdleTrim`]): after a load, a zoom, a pan.

/// The threshold, in bytes, for blocks taken from and given back to the system.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
const BIG_BLOCK: libc::c_int = 128 * 1024;

/// Big blocks come from the system and go back to it when freed. Call it first thing.
pub fn return_big_blocks() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        // SAFETY: `mallopt` takes two plain numbers and only changes the allocator's
        // thresholds; both settings are ones glibc documents for this.
        let ok = unsafe {
            libc::mallopt(libc::M_MMAP_THRESHOLD, BIG_BLOCK) == 1
                && libc::mallopt(libc::M_TRIM_THRESHOLD, BIG_BLOCK) == 1
        };
        if !ok {
            log::debug!("the allocator kept its own thresholds");
        }
    }
}

/// Returns memory the allocator holds but does not use.
pub fn give_back_freed() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        // SAFETY: `malloc_trim` takes a plain number, touches only the allocator's own
        // free lists and may be called from any thread at any time.
        let _released = unsafe { libc::malloc_trim(0) };
    }
}

/// Trims the allocator when the app falls quiet after work: the first frame after
/// [`IdleTrim::QUIET`] without one trims, once. Zooming and panning paint tiles on worker
/// threads and read the index's cells for new places; glibc keeps much of what they free
/// (16 MB after a zoom session at a million missions) until asked.
#[derive(Debug, Default)]
pub struct IdleTrim {
    last_frame: Option<std::time::Instant>,
    /// Frames came since the last trim.
    pending: bool,
}

impl IdleTrim {
    /// How long without a frame counts as quiet.
    pub const QUIET: std::time::Duration = std::time::Duration::from_secs(2);

    /// Call once per frame. Returns whether to trim now; when it returns `Some`, ask for a
    /// frame after that long so that the quiet is noticed.
    pub fn frame(&mut self, now: std::time::Instant) -> (bool, Option<std::time::Duration>) {
        let quiet = self
            .last_frame
            .is_some_and(|t| now.saturating_duration_since(t) >= Self::QUIET);
        self.last_frame = Some(now);
        if quiet {
            (std::mem::take(&mut self.pending), None)
        } else {
            self.pending = true;
            (false, Some(Self::QUIET))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, Instant};

    #[test]
    fn trims_once_when_frames_stop_for_a_while() {
        let t0 = Instant::now();
        let at = |ms: u64| t0 + Duration::from_millis(ms);
        let mut t = IdleTrim::default();
        // The first frame: work, a frame asked for after the quiet time.
        assert_eq!(t.frame(at(0)), (false, Some(IdleTrim::QUIET)));
        // Frames keep coming (a drag): no trim.
        for ms in (16..1000).step_by(16) {
            assert_eq!(t.frame(at(ms)), (false, Some(IdleTrim::QUIET)));
        }
        // The frame asked for, two quiet seconds on: trim, and ask for nothing more.
        assert_eq!(t.frame(at(3000)), (true, None));
        // A frame after a long pause with nothing in between: nothing to trim.
        assert_eq!(t.frame(at(60_000)), (false, None));
        // Work again, then quiet: one more trim.
        assert_eq!(t.frame(at(60_016)), (false, Some(IdleTrim::QUIET)));
        assert_eq!(t.frame(at(62_016)), (true, None));
    }
}
