//! The data file: a human-editable JSON document that is the source of truth the app loads.
//!
//! ```json
//! {
//!   "format": "diplomap/1",
//!   "name": "North Korea's diplomatic missions",
//!   "source": "…",
//!   "focus": "North Korea",
//!   "sending_state": "North Korea",
//!   "missions": [
//!     {
//!       "id": "dz-algiers-embassy",
//!       "country": "Algeria",
//!       "country_code": "DZ",
//!       "city": "Algiers",
//!       "mission": "Embassy",
//!       "region": "Africa",
//!       "closed": null,
//!       "refs": [1],
//!       "lat": 36.73225,
//!       "lon": 3.08746
//!     }
//!   ]
//! }
//! ```
//!
//! `focus` names the state whose network the file shows: missions other states have there
//! are its inbound layer ([`crate::model::Dataset::derive_inbound`]); files do not mark
//! them (an older file's `"inbound": true` is still read, and its focus taken from the
//! state most other missions are from). `sending_state` at the top is the sender of
//! missions that name none.
//!
//! Every field a mission may have is listed in [`FIELDS`]. Problems are reported with the
//! file, the line of the offending field and the field's name; all of them at once, so a
//! person fixing a file does not have to reload it once per typo.

use std::path::Path;

use geo_types::Point;
use serde::Serialize;
use serde_json::Value;

use crate::error::{LoadError, Problem, WriteError};
use crate::jsonscan::{Chunk, ScanError, Scanner, describe};
use crate::model::{
    AsOf, Closure, Dataset, Extra, Mission, MissionKind, Precision, Region, Text, distinct_hashes,
    id_hash,
};
use crate::text;

mod fast;
mod loader;
mod mission;
mod quick;
#[cfg(test)]
mod tests;
mod write;

use loader::*;
use mission::*;
pub(crate) use mission::{OWN_AS_OF, stated_bounds};
pub use write::{closure_value, save_file, to_json, write_array_in_object, write_to};

/// The format tag this version writes and reads.
pub const FORMAT: &str = "diplomap/1";

/// The data set the app opens when no `--data` is given.
pub const EMBEDDED: &str = include_str!("../../../../data/missions.json");
/// How the embedded data set is named in messages.
pub const EMBEDDED_NAME: &str = "data/missions.json (built in)";

/// The fields of a mission object, in the order they are written. The last five are
/// written only when the mission has them.
pub const FIELDS: [&str; 25] = [
    "id",
    "sending_state",
    "country",
    "country_code",
    "city",
    "mission",
    "organization",
    "region",
    "opened",
    "closed",
    "refs",
    "lat",
    "lon",
    "precision",
    "inbound",
    "notes",
    "word",
    "accredited_to",
    "wikidata",
    "address",
    "website",
    "as_of",
    "seen_open",
    "breaks",
    "sender_word",
];

const TOP_FIELDS: [&str; 8] = [
    "format",
    "name",
    "source",
    "focus",
    "as_of",
    "as_of_note",
    "sending_state",
    "missions",
];

/// Years outside this range are taken for typos.
pub const YEAR_RANGE: std::ops::RangeInclusive<i32> = 1000..=2200;

/// Problems listed one by one; beyond this many, the rest are only counted.
pub const MAX_PROBLEMS: usize = 1000;

/// Loads a data file from disk. The file is read as a stream: memory grows with the
/// missions loaded, not with the size of the text. A table (see [`crate::tabular`]) is
/// read strictly: any bad row refuses it, with every problem listed, as a data file is.
pub fn load_file(path: &Path) -> Result<Dataset, LoadError> {
    let opts = OpenOptions {
        strict: true,
        ..OpenOptions::default()
    };
    open(path, &opts, &mut |_| {}).map(|o| o.dataset)
}

/// How to open a file the user names.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OpenOptions {
    /// Which column of a table holds what, beyond what detection finds.
    pub mapping: crate::tabular::Mapping,
    /// Refuse a table with any bad row, instead of keeping the good ones.
    pub strict: bool,
}

/// What opening a file gave.
#[derive(Debug, Default)]
pub struct Opened {
    pub dataset: Dataset,
    /// A table's rows left out, with their line and column (the first [`MAX_PROBLEMS`]).
    pub skipped: Vec<Problem>,
    /// How many rows were left out.
    pub skipped_rows: usize,
    /// What was read other than the file said, with no row left out (read as Latin-1).
    pub warnings: Vec<Problem>,
}

/// The kind of file a path is, by its extension and, for `.json`, its first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// A Diplomap data file.
    Data,
    /// A delimited table: `.csv`, `.tsv`, `.txt`.
    Table,
    /// A GeoJSON FeatureCollection: `.geojson`, or `.json` that starts as one.
    GeoJson,
}

impl FileKind {
    pub fn of(path: &Path) -> FileKind {
        if crate::tabular::is_geojson(path) {
            return FileKind::GeoJson;
        }
        if crate::tabular::is_table(path) {
            return FileKind::Table;
        }
        let mut start = [0u8; 4096];
        let n = std::fs::File::open(path)
            .and_then(|mut f| std::io::Read::read(&mut f, &mut start))
            .unwrap_or(0);
        if crate::tabular::looks_like_geojson(start.get(..n).unwrap_or_default()) {
            FileKind::GeoJson
        } else {
            FileKind::Data
        }
    }
}

/// Counts the bytes read through it.
struct Counting<'p, R> {
    inner: R,
    read: u64,
    progress: &'p mut dyn FnMut(u64),
}

impl<R: std::io::Read> std::io::Read for Counting<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read += n as u64;
        (self.progress)(self.read);
        Ok(n)
    }
}

/// The largest data file or table opened, in MB, unless `DIPLOMAP_MAX_DATA_MB` says
/// otherwise (a million missions of our format take some 400 MB).
pub const MAX_DATA_MB: u64 = 2048;

/// The size limit in bytes: [`MAX_DATA_MB`], or `DIPLOMAP_MAX_DATA_MB` where set.
pub fn max_data_bytes() -> u64 {
    std::env::var("DIPLOMAP_MAX_DATA_MB")
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok())
        .unwrap_or(MAX_DATA_MB)
        .saturating_mul(1 << 20)
}

/// Refuses, before reading it, a file larger than the limit, or one that is no regular
/// file (a pipe, a device: read without end).
fn check_size(arg: &Path, file: &str) -> Result<(), LoadError> {
    let m = std::fs::metadata(arg).map_err(|source| LoadError::Read {
        path: arg.to_owned(),
        source,
    })?;
    let why = if !m.is_file() {
        Some("not a regular file (a pipe, a device or a folder)".to_owned())
    } else if m.len() > max_data_bytes() {
        Some(format!(
            "{} MB, more than the {} MB a data file or table may have (set DIPLOMAP_MAX_DATA_MB to open it)",
            m.len() >> 20,
            max_data_bytes() >> 20
        ))
    } else {
        None
    };
    match why {
        Some(w) => Err(LoadError::Invalid(vec![Problem::new(file, 0, None, w)])),
        None => Ok(()),
    }
}

/// Opens `--data` or a file the user opens: a built-in set by name, a data file (whole
/// or not at all), or a table or GeoJSON file (its good rows, and the bad ones listed;
/// with `strict`, refused when any row is bad). `progress` hears the bytes read so far.
pub fn open(
    arg: &Path,
    opts: &OpenOptions,
    progress: &mut dyn FnMut(u64),
) -> Result<Opened, LoadError> {
    if let Some(b) = Builtin::named(arg) {
        return b.load().map(|dataset| Opened {
            dataset,
            ..Opened::default()
        });
    }
    let file = arg.display().to_string();
    check_size(arg, &file)?;
    let kind = FileKind::of(arg);
    if kind == FileKind::Data {
        return read_path(arg, &file, progress).map(|dataset| Opened {
            dataset,
            ..Opened::default()
        });
    }
    let f = std::fs::File::open(arg).map_err(|source| LoadError::Read {
        path: arg.to_owned(),
        source,
    })?;
    let src = Counting {
        inner: f,
        read: 0,
        progress,
    };
    let table = match kind {
        FileKind::GeoJson => {
            let mut bytes = Vec::new();
            let mut src = src;
            std::io::Read::read_to_end(&mut src, &mut bytes).map_err(|source| LoadError::Read {
                path: arg.to_owned(),
                source,
            })?;
            let text = decode_text(&file, bytes).map_err(|p| LoadError::Invalid(vec![p]))?;
            let geo =
                crate::gazetteer::Geocoder::embedded().map_err(|p| LoadError::Invalid(vec![p]))?;
            crate::tabular::read_geojson(&file, &text, &geo, &opts.mapping)
        }
        FileKind::Table | FileKind::Data => {
            let geo =
                crate::gazetteer::Geocoder::embedded().map_err(|p| LoadError::Invalid(vec![p]))?;
            crate::tabular::read_from(&file, src, &geo, &opts.mapping)
        }
    };
    let refused = table.is_refused();
    let listed = table.problems.len();
    let mut problems = table.problems;
    if refused || opts.strict && table.skipped_rows > 0 {
        if table.skipped_rows > listed {
            problems.push(Problem::new(
                &file,
                0,
                None,
                format!("… and {} more rows left out", table.skipped_rows - listed),
            ));
        }
        if opts.strict && !table.dataset.missions.is_empty() {
            problems.push(Problem::new(
                &file,
                0,
                None,
                format!(
                    "strict: nothing opened ({} rows good, {} bad)",
                    table.dataset.missions.len(),
                    table.skipped_rows
                ),
            ));
        }
        return Err(LoadError::Invalid(problems));
    }
    Ok(Opened {
        dataset: table.dataset,
        skipped: problems,
        skipped_rows: table.skipped_rows,
        warnings: table.warnings,
    })
}

/// The list's data set (`data/missions.json`), as the importer makes it.
pub fn load_embedded() -> Result<Dataset, LoadError> {
    parse(EMBEDDED_NAME, EMBEDDED)
}

/// What [`Builtin::summary`] tells of a built-in data set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub name: String,
    pub missions: usize,
    /// The year its sources describe.
    pub as_of: Option<i32>,
}

/// A data set compiled into the app, made by `diplomap build-data` (see [`crate::world`]).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize,
)]
pub enum Builtin {
    /// North Korea's missions (the list, enriched) and the missions it hosts.
    #[default]
    NorthKorea,
    /// Every country's missions.
    World,
}

impl Builtin {
    pub const ALL: [Builtin; 2] = [Builtin::NorthKorea, Builtin::World];

    /// The name `--data` takes.
    pub fn name(self) -> &'static str {
        match self {
            Builtin::NorthKorea => "north-korea",
            Builtin::World => "world",
        }
    }

    /// For menus.
    pub fn label(self) -> &'static str {
        match self {
            Builtin::NorthKorea => "North Korea's missions",
            Builtin::World => "Every country's missions",
        }
    }

    pub(crate) fn text(self) -> &'static str {
        match self {
            Builtin::NorthKorea => include_str!("../../../../data/north-korea.json"),
            Builtin::World => include_str!("../../../../data/world.json"),
        }
    }

    /// How it is named in messages.
    pub fn file_name(self) -> &'static str {
        match self {
            Builtin::NorthKorea => "data/north-korea.json (built in)",
            Builtin::World => "data/world.json (built in)",
        }
    }

    pub fn load(self) -> Result<Dataset, LoadError> {
        parse(self.file_name(), self.text())
    }

    /// Its name, how many missions it has and the year it describes, read without
    /// building the missions (for `--version`).
    pub fn summary(self) -> Result<Summary, serde_json::Error> {
        #[derive(serde::Deserialize)]
        struct Head {
            #[serde(default)]
            name: String,
            /// A year, as the loader reads it ("as_of" at the top).
            #[serde(default)]
            as_of: Option<i32>,
            #[serde(default)]
            missions: Vec<serde::de::IgnoredAny>,
        }
        let h: Head = serde_json::from_str(self.text())?;
        Ok(Summary {
            name: h.name,
            missions: h.missions.len(),
            as_of: h.as_of,
        })
    }

    /// The built-in set `--data` names: its name, unless a file of that name exists.
    pub fn named(arg: &Path) -> Option<Builtin> {
        if arg.exists() {
            return None;
        }
        let s = arg.to_str()?;
        Builtin::ALL.into_iter().find(|b| b.name() == s)
    }
}

/// Bytes to text: UTF-8, with or without a byte-order mark. Anything else is a problem
/// that names the line of the first bad byte. Bytes given as a `Vec` become the text
/// in place (a big file is not held twice).
pub fn decode_text(file: &str, bytes: impl Into<Vec<u8>>) -> Result<String, Problem> {
    match String::from_utf8(bytes.into()) {
        Ok(mut s) => {
            if s.starts_with('\u{feff}') {
                s.replace_range(..'\u{feff}'.len_utf8(), "");
            }
            Ok(s)
        }
        // A byte-order mark holds no line break: the line is the same with or without.
        Err(e) => Err(not_utf8(file, 1, e.as_bytes(), &e.utf8_error())),
    }
}

fn not_utf8(file: &str, first_line: usize, bytes: &[u8], e: &std::str::Utf8Error) -> Problem {
    let good = bytes.get(..e.valid_up_to()).unwrap_or_default();
    let line = first_line + good.iter().filter(|&&b| b == b'\n').count();
    Problem::new(
        file,
        line,
        None,
        "the file is not valid UTF-8 text (save it as UTF-8)",
    )
}

/// Parses a data file's text. `file` is used in messages only.
pub fn parse(file: &str, text: &str) -> Result<Dataset, LoadError> {
    parse_bytes(file, text.as_bytes())
}

/// Parses a data file's bytes (UTF-8, with or without a byte-order mark): the fast way
/// ([`parse_fast`]) and, when that gives up, the careful way ([`read`]), which lists
/// every problem.
pub fn parse_bytes(file: &str, bytes: &[u8]) -> Result<Dataset, LoadError> {
    match parse_fast(file, bytes) {
        Some(ds) => Ok(ds),
        None => read(file, bytes),
    }
}

/// The fast reader alone: the very data set [`read`] gives for a valid file, on every
/// core, or `None` when it gives up (on any problem, and on what it does not expect).
pub fn parse_fast(file: &str, bytes: &[u8]) -> Option<Dataset> {
    fast::read_fast(file, bytes, Some(bytes.len() as u64), &mut |_| {})
}

/// Reads a data file from disk: the fast way, then (when that gives up) the careful way,
/// from the start again. `progress` hears the bytes read so far.
fn read_path(path: &Path, file: &str, progress: &mut dyn FnMut(u64)) -> Result<Dataset, LoadError> {
    let open = || {
        std::fs::File::open(path).map_err(|source| LoadError::Read {
            path: path.to_owned(),
            source,
        })
    };
    let f = open()?;
    let size = f.metadata().ok().map(|m| m.len());
    if let Some(ds) = fast::read_fast(file, f, size, progress) {
        return Ok(ds);
    }
    let src = Counting {
        inner: open()?,
        read: 0,
        progress,
    };
    read(file, std::io::BufReader::new(src))
}

/// Reads a data file from any source, one mission at a time, checking everything: every
/// problem is listed with its line. `file` names it in messages.
pub fn read(file: &str, src: impl std::io::Read) -> Result<Dataset, LoadError> {
    let mut s = Scanner::new(src);
    let mut l = Loader {
        file,
        problems: Vec::new(),
        unlisted: 0,
        missions: Vec::new(),
        lines: Vec::new(),
        without_sender: Vec::new(),
        interner: Interner::default(),
        default_sender: None,
        focus: None,
        as_of: None,
        as_of_note: None,
        marked_inbound: 0,
        id_hashes: Vec::new(),
    };
    let mut name = String::new();
    let mut source = String::new();
    if let Err(e) = l.document(&mut s, &mut name, &mut source) {
        l.add(Problem::new(
            file,
            e.line,
            None,
            format!("not valid JSON: {}", e.message),
        ));
    }
    if let Some(source) = s.io_error.take() {
        return Err(LoadError::Read {
            path: file.into(),
            source,
        });
    }
    l.finish(name, source)
}

/// Shares the text of fields that repeat from mission to mission (countries, cities).
/// Keyed by the text's 64-bit hash, so that a look-up reads one stored text (to confirm
/// it), not one per probe; two texts of the same hash (never seen) are simply not shared.
#[derive(Default)]
pub struct Interner(std::collections::HashMap<u64, Text, HashIsKey>);

impl Interner {
    pub fn get(&mut self, s: &str) -> Text {
        use std::hash::BuildHasher;
        let h = foldhash::fast::FixedState::with_seed(7).hash_one(s);
        match self.0.entry(h) {
            std::collections::hash_map::Entry::Occupied(e) if &**e.get() == s => e.get().clone(),
            std::collections::hash_map::Entry::Occupied(_) => Text::from(s),
            std::collections::hash_map::Entry::Vacant(e) => e.insert(Text::from(s)).clone(),
        }
    }
}

/// A hasher for keys that are hashes already.
#[derive(Default, Clone, Copy)]
pub struct HashIsKey;

impl std::hash::BuildHasher for HashIsKey {
    type Hasher = KeyHasher;
    fn build_hasher(&self) -> KeyHasher {
        KeyHasher(0)
    }
}

/// See [`HashIsKey`].
#[derive(Default)]
pub struct KeyHasher(u64);

impl std::hash::Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}
