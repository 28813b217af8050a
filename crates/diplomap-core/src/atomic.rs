//! Atomic file writes: the new content goes to a temporary file beside the target, is
//! flushed to disk, and then renamed over it. A failure at any step leaves the old file
//! as it was and removes the temporary one.
//!
//! What a write never does to its user: replace something that is not a regular file (a
//! named pipe, a device, a folder: refused, nothing written), replace a link (the file it
//! points to is replaced, the link stays), replace a file the same command reads
//! ([`refuse_inputs`]), or leave its temporary file behind (each is registered while it
//! exists, so that a signal handler can remove it: [`remove_temporaries`]; one left by a
//! process that was killed outright is removed at the next write into its folder). A new
//! file follows the umask; a replaced one keeps its mode and, where the process may, its
//! owner (a warning is logged when it cannot, or when the file had other hard links,
//! which keep the old content).

use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::error::WriteError;

/// The prefix of our temporary files, followed by the writing process's id.
const PREFIX: &str = ".diplomap-";
const SUFFIX: &str = ".tmp";

/// The temporary files being written now.
static LIVE: Mutex<Option<HashSet<PathBuf>>> = Mutex::new(None);

fn register(p: &Path, live: bool) {
    if let Ok(mut g) = LIVE.lock() {
        let set = g.get_or_insert_with(HashSet::new);
        if live {
            set.insert(p.to_owned());
        } else {
            set.remove(p);
        }
    }
}

/// Removes the temporary files being written now (for a handler of SIGINT and SIGTERM,
/// before the process exits). Returns how many it removed.
pub fn remove_temporaries() -> usize {
    remove_where(|_| true)
}

/// Removes (and forgets) the registered temporary files `which` picks.
fn remove_where(which: impl Fn(&Path) -> bool) -> usize {
    let paths: Vec<PathBuf> = LIVE
        .lock()
        .ok()
        .and_then(|mut g| {
            let set = g.as_mut()?;
            let picked: Vec<PathBuf> = set.iter().filter(|p| which(p)).cloned().collect();
            for p in &picked {
                set.remove(p);
            }
            Some(picked)
        })
        .unwrap_or_default();
    paths
        .iter()
        .filter(|p| std::fs::remove_file(p).is_ok())
        .count()
}

/// Writes `bytes` to `path` atomically.
pub fn write(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    write_with(path, |w| w.write_all(bytes))
}

fn refusal(path: &Path, why: String) -> WriteError {
    WriteError {
        path: path.to_owned(),
        source: std::io::Error::other(why),
    }
}

/// Why `path` cannot be written over, if it cannot: it is a folder, or exists and is
/// not a regular file.
pub fn check_target(path: &Path) -> Result<(), WriteError> {
    let text = path.as_os_str().to_string_lossy();
    if text.ends_with('/') || path.is_dir() {
        return Err(refusal(
            path,
            "it is a folder: give a file name (a folder and a name: out/missions.csv)".into(),
        ));
    }
    match std::fs::metadata(path) {
        Ok(m) if !m.is_file() => Err(refusal(
            path,
            "it is not a regular file (a named pipe, a device or a socket): nothing was written, nothing replaced".into(),
        )),
        _ => Ok(()),
    }
}

/// The file, device and inode of `p`, where it exists.
#[cfg(unix)]
fn identity(p: &Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(p).ok().map(|m| (m.dev(), m.ino()))
}

#[cfg(not(unix))]
fn identity(p: &Path) -> Option<PathBuf> {
    std::fs::canonicalize(p).ok()
}

/// Refuses to write `out` when it is one of `inputs` (the same file, by any name): the
/// command would replace what it reads.
pub fn refuse_inputs(out: &Path, inputs: &[&Path]) -> Result<(), WriteError> {
    let Some(o) = identity(out) else {
        return Ok(());
    };
    match inputs.iter().find(|i| identity(i).as_ref() == Some(&o)) {
        Some(i) => Err(refusal(
            out,
            format!(
                "it is the file this command reads ({}): write to another file",
                i.display()
            ),
        )),
        None => Ok(()),
    }
}

/// Removes temporary files of ours in `dir` whose writing process is gone (killed before
/// it could remove them).
fn clean_stale(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name();
        let Some(name) = name.to_str() else { continue };
        let Some(pid) = name
            .strip_prefix(PREFIX)
            .and_then(|r| r.split('-').next())
            .and_then(|p| p.parse::<u32>().ok())
        else {
            continue;
        };
        if name.ends_with(SUFFIX)
            && pid != std::process::id()
            && !alive(pid)
            && let Err(err) = std::fs::remove_file(e.path())
        {
            log::warn!(
                "{}: a stale temporary file, not removed: {err}",
                e.path().display()
            );
        }
    }
}

/// Whether process `pid` runs (where the system tells: Linux's /proc; elsewhere it is
/// taken to run, and its file stays).
fn alive(pid: u32) -> bool {
    let proc = Path::new("/proc");
    !proc.is_dir() || proc.join(pid.to_string()).exists()
}

/// Writes to `path` atomically, with `fill` producing the content.
pub fn write_with(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), WriteError> {
    check_target(path)?;
    // A link is followed: the file it points to is replaced, the link stays.
    let target = match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => {
            std::fs::canonicalize(path).unwrap_or_else(|_| path.to_owned())
        }
        _ => path.to_owned(),
    };
    let err = |source| WriteError {
        path: path.to_owned(),
        source,
    };
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_owned(),
        _ => PathBuf::from("."),
    };
    clean_stale(&dir);
    let mut builder = tempfile::Builder::new();
    let prefix = format!("{PREFIX}{}-", std::process::id());
    builder.prefix(&prefix).suffix(SUFFIX);
    // Created as any new file is (0666 less the umask), not privately.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder.tempfile_in(&dir).map_err(err)?;
    let tmp_path = tmp.path().to_owned();
    register(&tmp_path, true);
    let result = (|| {
        {
            let mut w = std::io::BufWriter::new(tmp.as_file_mut());
            fill(&mut w).map_err(err)?;
            w.flush().map_err(err)?;
        }
        keep_mode_and_owner(&target, tmp.as_file()).map_err(err)?;
        tmp.as_file().sync_all().map_err(err)?;
        tmp.persist(&target).map_err(|e| err(e.error))?;
        Ok(())
    })();
    register(&tmp_path, false);
    result
}

/// What writes could not keep, waiting to be said by whoever shows messages.
static WARNINGS: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());
/// The most warnings kept unsaid (a caller that never takes them loses the later ones).
const MAX_WARNINGS: usize = 64;

fn warn(message: String) {
    if let Ok(mut w) = WARNINGS.lock()
        && w.len() < MAX_WARNINGS
    {
        w.push(message);
    }
}

/// What the writes since the last call replaced but could not keep (an owner, other
/// names of a file). The app shows each as a notice, the command line on stderr: each is
/// said once, by whoever takes it.
pub fn take_warnings() -> Vec<String> {
    WARNINGS
        .lock()
        .map(|mut w| std::mem::take(&mut *w))
        .unwrap_or_default()
}

/// A replaced file's mode and (where the process may) owner, given to its replacement.
#[cfg(unix)]
fn keep_mode_and_owner(target: &Path, tmp: &std::fs::File) -> std::io::Result<()> {
    use std::os::unix::fs::MetadataExt;
    let Ok(old) = std::fs::metadata(target) else {
        return Ok(());
    };
    tmp.set_permissions(old.permissions())?;
    let new = tmp.metadata()?;
    if (new.uid(), new.gid()) != (old.uid(), old.gid())
        && let Err(e) = std::os::unix::fs::fchown(tmp, Some(old.uid()), Some(old.gid()))
    {
        warn(format!(
            "{}: replaced, but its owner could not be kept (user {}, group {}): {e}",
            target.display(),
            old.uid(),
            old.gid()
        ));
    }
    if old.nlink() > 1 {
        let n = old.nlink() - 1;
        warn(format!(
            "{}: replaced; it had {n} other name{} (hard link{}), which keep{} the old content",
            target.display(),
            if n == 1 { "" } else { "s" },
            if n == 1 { "" } else { "s" },
            if n == 1 { "s" } else { "" },
        ));
    }
    Ok(())
}

#[cfg(not(unix))]
fn keep_mode_and_owner(target: &Path, tmp: &std::fs::File) -> std::io::Result<()> {
    if let Ok(old) = std::fs::metadata(target) {
        tmp.set_permissions(old.permissions())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_file_whole() {
        let dir = tempfile::tempdir().expect("tempdir");
        let p = dir.path().join("out.json");
        write(&p, b"one").expect("write");
        write(&p, b"two").expect("write");
        assert_eq!(std::fs::read(&p).expect("read"), b"two");
        // No temporary files are left behind.
        assert_eq!(std::fs::read_dir(dir.path()).expect("ls").count(), 1);
    }

    #[test]
    fn a_failing_writer_leaves_the_old_file_intact() {
        let dir = tempfile::tempdir().expect("tempdir");
        let p = dir.path().join("out.csv");
        write(&p, b"old").expect("write");
        let e = write_with(&p, |w| {
            w.write_all(b"half")?;
            Err(std::io::Error::other("disk full"))
        })
        .unwrap_err();
        assert!(e.to_string().contains("cannot write: disk full"), "{e}");
        assert_eq!(std::fs::read(&p).expect("read"), b"old");
        assert_eq!(std::fs::read_dir(dir.path()).expect("ls").count(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn new_files_follow_the_umask_and_replaced_ones_keep_their_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("tempdir");
        let p = dir.path().join("out.csv");
        // What the umask makes of a new file, seen on a plain one.
        let plain = dir.path().join("plain");
        std::fs::write(&plain, b"").expect("plain");
        let mode = |p: &Path| std::fs::metadata(p).expect("meta").permissions().mode() & 0o777;
        write(&p, b"one").expect("write");
        assert_eq!(mode(&p), mode(&plain));
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o600)).expect("chmod");
        write(&p, b"two").expect("write");
        assert_eq!(mode(&p), 0o600);
    }

    #[test]
    fn a_missing_directory_is_reported() {
        let dir = tempfile::tempdir().expect("tempdir");
        let p = dir.path().join("no/such/dir/out.json");
        let e = write(&p, b"x").unwrap_err();
        assert!(e.to_string().contains("no/such/dir/out.json"), "{e}");
    }

    #[cfg(unix)]
    #[test]
    fn what_is_no_regular_file_is_refused_and_left_as_it_is() {
        let dir = tempfile::tempdir().expect("tempdir");
        let fifo = dir.path().join("pipe");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .expect("mkfifo runs");
        assert!(made.success());
        let e = write(&fifo, b"x").unwrap_err().to_string();
        assert!(e.contains("not a regular file"), "{e}");
        use std::os::unix::fs::FileTypeExt;
        assert!(
            std::fs::symlink_metadata(&fifo)
                .expect("still there")
                .file_type()
                .is_fifo()
        );
        // A folder, named with or without its slash.
        let e = write(dir.path(), b"x").unwrap_err().to_string();
        assert!(e.contains("it is a folder"), "{e}");
        let slash = PathBuf::from(format!("{}/", dir.path().display()));
        assert!(
            write(&slash, b"x")
                .unwrap_err()
                .to_string()
                .contains("it is a folder")
        );
        // A link: the file it names is replaced, the link stays a link.
        let real = dir.path().join("real.csv");
        std::fs::write(&real, b"old").expect("real");
        let link = dir.path().join("link.csv");
        std::os::unix::fs::symlink(&real, &link).expect("link");
        write(&link, b"new").expect("through the link");
        assert_eq!(std::fs::read(&real).expect("read"), b"new");
        assert!(
            std::fs::symlink_metadata(&link)
                .expect("link")
                .file_type()
                .is_symlink()
        );
    }

    #[test]
    fn an_input_of_the_command_is_never_its_output() {
        let dir = tempfile::tempdir().expect("tempdir");
        let input = dir.path().join("g.geojson");
        std::fs::write(&input, b"{}").expect("input");
        let by_other_name = dir.path().join(".").join("g.geojson");
        let e = refuse_inputs(&by_other_name, &[&input])
            .unwrap_err()
            .to_string();
        assert!(e.contains("it is the file this command reads"), "{e}");
        assert!(refuse_inputs(&dir.path().join("out.csv"), &[&input]).is_ok());
    }

    #[test]
    fn temporaries_are_removed_on_request_and_stale_ones_at_the_next_write() {
        let dir = tempfile::tempdir().expect("tempdir");
        // One left by a process that is gone (no process has id 4294967295).
        let stale = dir.path().join(format!("{PREFIX}4294967295-abc{SUFFIX}"));
        std::fs::write(&stale, b"half").expect("stale");
        let mine = dir.path().join("keep.txt");
        std::fs::write(&mine, b"mine").expect("mine");
        write(&dir.path().join("out.csv"), b"x").expect("write");
        assert!(!stale.exists(), "the stale one is cleaned");
        assert!(mine.exists(), "nothing else is touched");
        // While a write runs, its temporary file is registered; removed on request.
        let p = dir.path().join("slow.csv");
        let e = write_with(&p, |_| {
            let live: Vec<PathBuf> = LIVE
                .lock()
                .ok()
                .and_then(|g| g.as_ref().map(|s| s.iter().cloned().collect()))
                .unwrap_or_default();
            assert!(live.iter().any(|t| t.parent() == Some(dir.path())));
            // (Only this test's: other tests write at the same time.)
            assert_eq!(remove_where(|t| t.parent() == Some(dir.path())), 1);
            Err(std::io::Error::other("interrupted"))
        });
        assert!(e.is_err());
        let left: Vec<_> = std::fs::read_dir(dir.path())
            .expect("ls")
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().starts_with(PREFIX))
            .collect();
        assert!(left.is_empty(), "{left:?}");
    }
}
