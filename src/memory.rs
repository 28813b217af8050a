//! How the process uses the allocator's memory (glibc on Linux; elsewhere nothing).
//!
//! A million missions are read by parsing blocks of the file on every core, and the map's
//! tiles are painted on worker threads; the blocks, the per-block missions, the painted
//! pixels are freed once used. glibc would keep most of that: after the first big block
//! it frees, it serves blocks of that size from its arenas instead of the system, and an
//! arena only shrinks from its top. With the app open on a million missions that was
//! 25–50 MB of the window's resident memory holding nothing. Two settings return it:
//! blocks of 128 KB and more always come from the system and go back to it when freed
//! (the threshold glibc starts with, kept fixed), and after a load the allocator trims
//! what it holds free.

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

/// Returns memory the allocator holds but does not use: after a big load.
pub fn give_back_freed() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        // SAFETY: `malloc_trim` takes a plain number, touches only the allocator's own
        // free lists and may be called from any thread at any time.
        let _released = unsafe { libc::malloc_trim(0) };
    }
}
