//! The settings file: the UI state between runs, as RON, always written atomically (a
//! temporary file renamed over the old one), so that a crash or a full disk never leaves
//! half a file. A file that is missing, unreadable, corrupt or from another version of
//! the app means defaults, and the app says why, once.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::notices::{Notices, Severity};
use super::state::UiState;
use crate::error::WriteError;

/// The version of the settings format this build writes and reads.
pub const VERSION: u32 = 1;

#[derive(Serialize, Deserialize)]
struct SettingsFile {
    version: u32,
    state: UiState,
}

/// Only the version, to tell an older or newer file from a broken one.
#[derive(Deserialize)]
struct VersionOnly {
    version: u32,
}

/// Where the settings live: `~/.config/diplomap/settings.ron` on Linux.
pub fn default_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("org", "Diplomap", "Diplomap")
        .map(|d| d.config_dir().join("settings.ron"))
}

/// Why a settings file cannot be used (then defaults apply).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SettingsError {
    #[error("Settings in {} could not be read ({why}); starting with defaults.", path.display())]
    Unreadable { path: PathBuf, why: String },
    #[error(
        "Settings in {} are from another version of Diplomap (format {found}, this one reads {VERSION}); starting with defaults.",
        path.display()
    )]
    OtherVersion { path: PathBuf, found: u32 },
}

/// What reading the settings gave.
#[derive(Debug, Clone, PartialEq)]
pub enum Loaded {
    /// No file yet: a first run.
    Missing,
    State(Box<UiState>),
    /// The file could not be used. Defaults apply.
    Unusable(SettingsError),
}

/// The largest settings file read (a remembered state is a few kilobytes).
pub const MAX_BYTES: u64 = 1 << 20;

/// Reads the settings at `path`.
pub fn load(path: &Path) -> Loaded {
    let unreadable = |why: String| {
        Loaded::Unusable(SettingsError::Unreadable {
            path: path.to_owned(),
            why,
        })
    };
    let other_version = |found| {
        Loaded::Unusable(SettingsError::OtherVersion {
            path: path.to_owned(),
            found,
        })
    };
    // A regular file of at most MAX_BYTES: never a pipe to wait on, a device to read
    // without end.
    match std::fs::metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Loaded::Missing,
        Err(e) => return unreadable(e.to_string()),
        Ok(m) if !m.is_file() => {
            return unreadable("not a regular file (a pipe, a device or a folder)".into());
        }
        Ok(m) if m.len() > MAX_BYTES => {
            return unreadable(format!(
                "{} bytes: settings are at most {MAX_BYTES} bytes",
                m.len()
            ));
        }
        Ok(_) => {}
    }
    let bytes = match std::fs::File::open(path).and_then(|f| {
        use std::io::Read;
        let mut b = Vec::new();
        f.take(MAX_BYTES + 1).read_to_end(&mut b)?;
        Ok(b)
    }) {
        Ok(b) if b.len() as u64 > MAX_BYTES => {
            return unreadable(format!("settings are at most {MAX_BYTES} bytes"));
        }
        Ok(b) => b,
        Err(e) => return unreadable(e.to_string()),
    };
    let Ok(text) = std::str::from_utf8(&bytes) else {
        return unreadable("not UTF-8 text".into());
    };
    match ron::from_str::<SettingsFile>(text) {
        Ok(f) if f.version == VERSION => Loaded::State(Box::new(f.state)),
        Ok(f) => other_version(f.version),
        Err(e) => match ron::from_str::<VersionOnly>(text) {
            Ok(v) if v.version != VERSION => other_version(v.version),
            _ => unreadable(e.to_string()),
        },
    }
}

/// Writes the settings to `path` atomically, creating its folder if need be. On failure
/// the previous file is left as it was.
pub fn save(path: &Path, state: &UiState) -> Result<(), WriteError> {
    let err = |source| WriteError {
        path: path.to_owned(),
        source,
    };
    let file = SettingsFile {
        version: VERSION,
        state: state.clone(),
    };
    let text = ron::ser::to_string_pretty(&file, ron::ser::PrettyConfig::default())
        .map_err(|e| err(std::io::Error::other(e)))?;
    if let Some(dir) = path.parent()
        && !dir.as_os_str().is_empty()
    {
        std::fs::create_dir_all(dir).map_err(err)?;
    }
    crate::atomic::write(path, text.as_bytes())
}

/// Seconds between saves of changed settings (and on exit).
pub const SAVE_EVERY_S: f64 = 30.0;

/// Where the settings are saved, and what was last written there.
#[derive(Debug, Default)]
pub struct SettingsStore {
    /// None: nothing is saved (tests).
    path: Option<PathBuf>,
    /// The state as last read or written; a save with nothing new writes nothing.
    saved: Option<UiState>,
    /// When to save next (the app's clock, seconds).
    next_save: f64,
    /// A failed save was reported; the next failures are not, until one succeeds.
    failure_reported: bool,
}

impl SettingsStore {
    /// Settings at `path`; `saved` is what the file holds (none on a first run or when it
    /// was unusable, so that it is not overwritten until something changes).
    pub fn new(path: Option<PathBuf>, saved: Option<UiState>) -> Self {
        SettingsStore {
            path,
            saved,
            ..SettingsStore::default()
        }
    }

    pub fn set_path(&mut self, path: Option<PathBuf>) {
        self.path = path;
    }

    /// Whether a periodic save is due at `now`; if so the next one is set.
    pub fn due(&mut self, now: f64) -> bool {
        if now < self.next_save {
            return false;
        }
        self.next_save = now + SAVE_EVERY_S;
        true
    }

    /// Writes `state` if it changed since the last write. A failure is shown once (until a
    /// write succeeds again); the state stays in memory either way.
    pub fn save(&mut self, state: &UiState, notices: &mut Notices) {
        let Some(path) = &self.path else {
            return;
        };
        if self.saved.as_ref() == Some(state) {
            return;
        }
        match save(path, state) {
            Ok(()) => {
                self.saved = Some(state.clone());
                self.failure_reported = false;
            }
            Err(e) if self.failure_reported => log::debug!("{e} (reported before)"),
            Err(e) => {
                self.failure_reported = true;
                notices.notify(
                    Severity::Error,
                    format!(
                        "{e}\nYour settings stay as they are in this session; the old settings file is unchanged."
                    ),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn a_pipe_a_device_or_a_huge_file_is_no_settings_file() {
        let dir = tempfile::tempdir().expect("dir");
        let fifo = dir.path().join("pipe");
        assert!(
            std::process::Command::new("mkfifo")
                .arg(&fifo)
                .status()
                .expect("mkfifo")
                .success()
        );
        // Read at once, without waiting for a writer.
        match load(&fifo) {
            Loaded::Unusable(e) => assert!(e.to_string().contains("not a regular file"), "{e}"),
            _ => panic!("a pipe read as settings"),
        }
        let big = dir.path().join("big.ron");
        std::fs::write(&big, vec![b' '; (MAX_BYTES + 1) as usize]).expect("big");
        match load(&big) {
            Loaded::Unusable(e) => assert!(e.to_string().contains("at most"), "{e}"),
            _ => panic!("a huge file read as settings"),
        }
    }

    #[test]
    fn round_trip_and_first_run() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("sub/settings.ron");
        assert_eq!(load(&p), Loaded::Missing);
        let state = UiState {
            year: 1990,
            ..UiState::default()
        };
        save(&p, &state).unwrap();
        assert_eq!(load(&p), Loaded::State(Box::new(state)));
    }

    #[test]
    fn corrupt_and_other_versions_fall_back_with_a_reason() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("settings.ron");
        std::fs::write(&p, "(version: 1, state: (year: \"soon\"))").unwrap();
        let Loaded::Unusable(why) = load(&p) else {
            panic!("accepted a corrupt file")
        };
        assert!(matches!(why, SettingsError::Unreadable { .. }));
        assert!(why.to_string().contains("could not be read"), "{why}");
        std::fs::write(&p, "(version: 7, state: (colour: blue))").unwrap();
        let Loaded::Unusable(why) = load(&p) else {
            panic!("accepted another version")
        };
        assert_eq!(
            why,
            SettingsError::OtherVersion {
                path: p.clone(),
                found: 7
            }
        );
        let why = why.to_string();
        assert!(
            why.contains("another version") && why.contains("format 7"),
            "{why}"
        );
        std::fs::write(&p, b"\xff\xfe(").unwrap();
        assert!(matches!(load(&p), Loaded::Unusable(_)));
    }

    #[test]
    fn every_filter_round_trips() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("settings.ron");
        let mut state = UiState::default();
        state.filter.hidden_kinds = crate::model::MissionKind::ALL.into_iter().collect();
        state.filter.hidden_regions = crate::model::Region::ALL.into_iter().collect();
        state.filter.hidden_states = crate::timeline::TimelineState::ALL.into_iter().collect();
        state.filter.hidden_organizations = ["".to_owned(), "UN".to_owned()].into();
        state.filter.countries = ["CN".to_owned()].into();
        state.filter.text = "Brasília \"x\"".into();
        save(&p, &state).unwrap();
        assert_eq!(load(&p), Loaded::State(Box::new(state)));
    }

    #[test]
    fn a_failed_save_keeps_the_old_file() {
        // A folder with a file in it where the settings should go: the rename over it
        // fails whoever runs the test (root too, whom permissions do not stop).
        let dir = tempfile::tempdir().unwrap();
        let blocked = dir.path().join("settings.ron");
        std::fs::create_dir(&blocked).unwrap();
        std::fs::write(blocked.join("kept"), b"what was there").unwrap();
        let e = save(&blocked, &UiState::default()).unwrap_err();
        assert!(e.to_string().contains("cannot write"), "{e}");
        assert!(e.to_string().contains("settings.ron"), "{e}");
        assert_eq!(
            std::fs::read(blocked.join("kept")).unwrap(),
            b"what was there"
        );
        let names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["settings.ron"], "no temporary file is left");
        // And a save that works after one that failed replaces the file whole.
        let p = dir.path().join("other.ron");
        save(&p, &UiState::default()).unwrap();
        save(
            &p,
            &UiState {
                year: 1960,
                ..UiState::default()
            },
        )
        .unwrap();
        let Loaded::State(s) = load(&p) else {
            panic!("unreadable after a save")
        };
        assert_eq!(s.year, 1960);
    }
}
