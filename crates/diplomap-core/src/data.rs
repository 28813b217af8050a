//! The data file: a human-editable JSON document that is the source of truth the app loads.
//!
//! ```json
//! {
//!   "format": "diplomap/1",
//!   "name": "North Korea's diplomatic missions",
//!   "source": "…",
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
//! Every field a mission may have is listed in [`FIELDS`]. Problems are reported with the
//! file, the line of the offending field and the field's name; all of them at once, so a
//! person fixing a file does not have to reload it once per typo.

use std::collections::HashSet;
use std::path::Path;

use geo_types::Point;
use serde::Serialize;
use serde_json::Value;

use crate::error::{LoadError, Problem, WriteError};
use crate::jsonscan::{Chunk, ScanError, Scanner, describe};
use crate::model::{Closure, Dataset, Mission, MissionKind, Precision, Region, Text};
use crate::text;

/// The format tag this version writes and reads.
pub const FORMAT: &str = "diplomap/1";

/// The data set the app opens when no `--data` is given.
pub const EMBEDDED: &str = include_str!("../../../data/missions.json");
/// How the embedded data set is named in messages.
pub const EMBEDDED_NAME: &str = "data/missions.json (built in)";

/// The fields of a mission object, in the order they are written.
pub const FIELDS: [&str; 16] = [
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
];

const TOP_FIELDS: [&str; 5] = ["format", "name", "source", "sending_state", "missions"];

/// Years outside this range are taken for typos.
pub const YEAR_RANGE: std::ops::RangeInclusive<i32> = 1800..=2200;

/// Problems listed one by one; beyond this many, the rest are only counted.
pub const MAX_PROBLEMS: usize = 1000;

/// Loads a data file from disk. The file is read as a stream: memory grows with the
/// missions loaded, not with the size of the text.
pub fn load_file(path: &Path) -> Result<Dataset, LoadError> {
    let f = std::fs::File::open(path).map_err(|source| LoadError::Read {
        path: path.to_owned(),
        source,
    })?;
    read(&path.display().to_string(), f)
}

/// The built-in data set.
pub fn load_embedded() -> Result<Dataset, LoadError> {
    parse(EMBEDDED_NAME, EMBEDDED)
}

/// Bytes to text: UTF-8, with or without a byte-order mark. Anything else is a problem
/// that names the line of the first bad byte.
pub fn decode_text(file: &str, bytes: &[u8]) -> Result<String, Problem> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_owned()),
        Err(e) => Err(not_utf8(file, 1, bytes, &e)),
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
    read(file, text.as_bytes())
}

/// Parses a data file's bytes (UTF-8, with or without a byte-order mark).
pub fn parse_bytes(file: &str, bytes: &[u8]) -> Result<Dataset, LoadError> {
    read(file, bytes)
}

/// Reads a data file from any source, one mission at a time. `file` names it in messages.
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
#[derive(Default)]
pub struct Interner(HashSet<Text>);

impl Interner {
    pub fn get(&mut self, s: &str) -> Text {
        if let Some(t) = self.0.get(s) {
            return t.clone();
        }
        let t: Text = Text::from(s);
        self.0.insert(t.clone());
        t
    }
}

struct Loader<'a> {
    file: &'a str,
    problems: Vec<Problem>,
    unlisted: usize,
    missions: Vec<Mission>,
    /// The line each mission starts on (for duplicate ids, found at the end).
    lines: Vec<u32>,
    /// Missions that name no sending state, and their lines: they take the file's.
    without_sender: Vec<(usize, usize)>,
    interner: Interner,
    default_sender: Option<String>,
}

impl Loader<'_> {
    fn add(&mut self, p: Problem) {
        if self.problems.len() < MAX_PROBLEMS {
            self.problems.push(p);
        } else {
            self.unlisted += 1;
        }
    }

    fn problem(&mut self, line: usize, field: Option<&str>, message: impl Into<String>) {
        let p = Problem::new(self.file, line, field, message);
        self.add(p);
    }

    /// The top-level object. Syntax errors end the reading; everything else is collected.
    fn document(
        &mut self,
        s: &mut Scanner<impl std::io::Read>,
        name: &mut String,
        source: &mut String,
    ) -> Result<(), ScanError> {
        s.skip_ws();
        let line = s.line;
        match s.next_byte() {
            Some(b'{') => {}
            Some(_) => {
                self.problem(
                    line,
                    None,
                    "expected a JSON object with a \"missions\" list",
                );
                return Ok(());
            }
            None => {
                return Err(ScanError {
                    line,
                    message: "the file is empty".into(),
                });
            }
        }
        let mut seen_missions = false;
        s.skip_ws();
        if s.peek() == Some(b'}') {
            s.next_byte();
        } else {
            loop {
                s.skip_ws();
                let key_line = s.line;
                let key = s.string()?;
                s.expect(b':', "':' after the name")?;
                if key == "missions" {
                    seen_missions = true;
                    self.missions_list(s, key_line)?;
                } else {
                    let chunk = s.value()?;
                    self.top_field(&key, key_line, &chunk, name, source);
                }
                s.skip_ws();
                let line = s.line;
                match s.next_byte() {
                    Some(b',') => {}
                    Some(b'}') => break,
                    Some(b) => {
                        return Err(ScanError {
                            line,
                            message: format!("expected ',' or '}}', found {}", describe(b)),
                        });
                    }
                    None => {
                        return Err(ScanError {
                            line,
                            message: "the file ends too early: expected '}'".into(),
                        });
                    }
                }
            }
        }
        if !s.at_end() {
            let line = s.line;
            return Err(ScanError {
                line,
                message: "unexpected text after the end of the document".into(),
            });
        }
        if !seen_missions {
            self.problem(0, Some("missions"), "the file has no \"missions\" list");
        }
        Ok(())
    }

    fn top_field(
        &mut self,
        key: &str,
        line: usize,
        chunk: &Chunk,
        name: &mut String,
        source: &mut String,
    ) {
        if !TOP_FIELDS.contains(&key) {
            self.problem(line, Some(key), unknown_field_message(key, &TOP_FIELDS));
            return;
        }
        let v: Value = match serde_json::from_slice(&chunk.bytes) {
            Ok(v) => v,
            Err(e) => {
                let at = chunk.line + e.line().saturating_sub(1);
                self.problem(
                    at,
                    Some(key),
                    format!("not valid JSON: {}", json_message(&e)),
                );
                return;
            }
        };
        let text = match (key, &v) {
            ("format", _) => {
                if v.as_str() != Some(FORMAT) {
                    self.problem(
                        line,
                        Some(key),
                        format!("this version reads \"{FORMAT}\", the file says {v}"),
                    );
                }
                return;
            }
            (_, Value::Null) => String::new(),
            (_, Value::String(s)) => s.clone(),
            (_, other) => {
                let found = kind_of(other);
                self.problem(line, Some(key), format!("expected text, found {found}"));
                return;
            }
        };
        match key {
            "name" => *name = text,
            "source" => *source = text,
            _ => self.default_sender = Some(text),
        }
    }

    fn missions_list(
        &mut self,
        s: &mut Scanner<impl std::io::Read>,
        key_line: usize,
    ) -> Result<(), ScanError> {
        s.skip_ws();
        if s.peek() != Some(b'[') {
            let chunk = s.value()?;
            let found = serde_json::from_slice::<Value>(&chunk.bytes)
                .map_or("something that is not JSON", |v| kind_of(&v));
            self.problem(
                key_line,
                Some("missions"),
                format!("expected a list of missions, found {found}"),
            );
            return Ok(());
        }
        s.next_byte();
        s.skip_ws();
        if s.peek() == Some(b']') {
            s.next_byte();
            return Ok(());
        }
        loop {
            let chunk = s.value()?;
            self.mission(&chunk);
            s.skip_ws();
            let line = s.line;
            match s.next_byte() {
                Some(b',') => {}
                Some(b']') => return Ok(()),
                Some(b) => {
                    return Err(ScanError {
                        line,
                        message: format!(
                            "expected ',' or ']' after a mission, found {}",
                            describe(b)
                        ),
                    });
                }
                None => {
                    return Err(ScanError {
                        line,
                        message: "the file ends inside the missions list (']' is missing)".into(),
                    });
                }
            }
        }
    }

    fn mission(&mut self, chunk: &Chunk) {
        let text = match std::str::from_utf8(&chunk.bytes) {
            Ok(t) => t,
            Err(e) => {
                let p = not_utf8(self.file, chunk.line, &chunk.bytes, &e);
                self.add(p);
                return;
            }
        };
        let ctx = MissionCtx {
            file: self.file,
            text,
            line: chunk.line,
        };
        match parse_mission(&ctx, &mut self.interner) {
            Ok(m) => {
                if m.sending_state.is_empty() {
                    self.without_sender.push((self.missions.len(), chunk.line));
                }
                self.missions.push(m);
                self.lines
                    .push(u32::try_from(chunk.line).unwrap_or(u32::MAX));
            }
            Err(problems) => {
                for p in problems {
                    self.add(p);
                }
            }
        }
    }

    fn finish(mut self, name: String, source: String) -> Result<Dataset, LoadError> {
        // Missions without a sending state of their own take the file's.
        let sender = self.default_sender.take().unwrap_or_default();
        let without = std::mem::take(&mut self.without_sender);
        if sender.is_empty() {
            for (_, line) in without {
                self.problem(
                    line,
                    Some("sending_state"),
                    "no \"sending_state\" here and none at the top of the file",
                );
            }
        } else {
            let shared = self.interner.get(&sender);
            for (i, _) in without {
                if let Some(m) = self.missions.get_mut(i) {
                    m.sending_state = shared.clone();
                }
            }
        }
        // Duplicate ids: sort positions by id, compare neighbours; report the later one.
        let mut order: Vec<u32> = (0..self.missions.len())
            .map(|i| u32::try_from(i).unwrap_or(u32::MAX))
            .collect();
        let id_of = |i: u32| self.missions.get(i as usize).map_or("", |m| m.id.as_str());
        order.sort_by(|&a, &b| id_of(a).cmp(id_of(b)).then(a.cmp(&b)));
        let mut dups = Vec::new();
        for w in order.windows(2) {
            if let [a, b] = *w
                && id_of(a) == id_of(b)
            {
                let line = self.lines.get(b as usize).copied().unwrap_or(0) as usize;
                dups.push((line, id_of(b).to_owned()));
            }
        }
        for (line, id) in dups {
            self.problem(
                line,
                Some("id"),
                format!("duplicate id \"{id}\" (ids must be unique)"),
            );
        }
        if self.problems.is_empty() {
            return Ok(Dataset {
                name,
                source,
                missions: self.missions,
            });
        }
        self.problems.sort_by_key(|p| p.line);
        if self.unlisted > 0 {
            let n = self.unlisted;
            self.problems.push(Problem::new(
                self.file,
                0,
                None,
                format!("… and {n} more problems, not listed"),
            ));
        }
        Err(LoadError::Invalid(self.problems))
    }
}

/// serde_json's message without its own " at line L column C" suffix (we print the line).
fn json_message(e: &serde_json::Error) -> String {
    let s = e.to_string();
    match s.rfind(" at line ") {
        Some(i) => s.get(..i).unwrap_or(&s).to_owned(),
        None => s,
    }
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "true/false",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

fn unknown_field_message(key: &str, known: &[&'static str]) -> String {
    text::unknown_word("field", key, known)
}

/// Offset of the first `"key"` followed by a colon in `text[from..]`, relative to `text`.
fn find_key(text: &str, from: usize, key: &str) -> Option<usize> {
    let needle = format!("\"{key}\"");
    let hay = text.get(from..)?;
    let mut pos = 0;
    while let Some(i) = hay.get(pos..).and_then(|h| h.find(&needle)) {
        let at = pos + i;
        let after = hay.get(at + needle.len()..).unwrap_or_default();
        if after.trim_start().starts_with(':') {
            return Some(from + at);
        }
        pos = at + needle.len();
    }
    None
}

struct MissionCtx<'a> {
    file: &'a str,
    /// The mission object's own text.
    text: &'a str,
    /// The line it starts on.
    line: usize,
}

impl MissionCtx<'_> {
    fn line_of_field(&self, field: &str) -> usize {
        let off = find_key(self.text, 0, field).unwrap_or(0);
        let before = self.text.get(..off).unwrap_or_default();
        self.line + before.bytes().filter(|&b| b == b'\n').count()
    }

    fn problem(&self, field: &str, message: impl Into<String>) -> Problem {
        Problem::new(self.file, self.line_of_field(field), Some(field), message)
    }
}

/// A mission object's fields, by their place in [`FIELDS`], and the names of any others.
/// Read straight from the text: no map of keys is built for each mission.
struct MissionObject {
    slots: [Option<Value>; FIELDS.len()],
    unknown: Vec<String>,
}

impl MissionObject {
    fn get(&self, key: &str) -> Option<&Value> {
        let i = FIELDS.iter().position(|f| *f == key)?;
        self.slots.get(i)?.as_ref()
    }
}

impl<'de> serde::Deserialize<'de> for MissionObject {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        /// A field name: its place in `FIELDS`, or the name itself when unknown.
        struct Key(Result<usize, String>);
        impl<'de> serde::Deserialize<'de> for Key {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct V;
                impl serde::de::Visitor<'_> for V {
                    type Value = Key;
                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str("a field name")
                    }
                    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Key, E> {
                        Ok(Key(FIELDS.iter().position(|f| *f == v).ok_or(v.to_owned())))
                    }
                }
                d.deserialize_str(V)
            }
        }
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = MissionObject;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a mission object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<MissionObject, A::Error> {
                let mut o = MissionObject {
                    slots: Default::default(),
                    unknown: Vec::new(),
                };
                while let Some(Key(k)) = map.next_key::<Key>()? {
                    match k {
                        Ok(i) => {
                            let v = map.next_value::<Value>()?;
                            if let Some(slot) = o.slots.get_mut(i) {
                                *slot = Some(v);
                            }
                        }
                        Err(name) => {
                            map.next_value::<serde::de::IgnoredAny>()?;
                            o.unknown.push(name);
                        }
                    }
                }
                Ok(o)
            }
        }
        d.deserialize_map(V)
    }
}

fn parse_mission(ctx: &MissionCtx<'_>, interner: &mut Interner) -> Result<Mission, Vec<Problem>> {
    let obj: MissionObject = if ctx.text.trim_start().starts_with('{') {
        match serde_json::from_str::<MissionObject>(ctx.text) {
            Ok(o) => o,
            Err(e) => {
                return Err(vec![Problem::new(
                    ctx.file,
                    ctx.line + e.line().saturating_sub(1),
                    None,
                    format!("not valid JSON: {}", json_message(&e)),
                )]);
            }
        }
    } else {
        let found = serde_json::from_str::<Value>(ctx.text)
            .map_or("something that is not JSON", |v| kind_of(&v));
        return Err(vec![Problem::new(
            ctx.file,
            ctx.line,
            None,
            format!("expected a mission object, found {found}"),
        )]);
    };
    let mut p = Vec::new();
    for key in &obj.unknown {
        p.push(ctx.problem(key, unknown_field_message(key, &FIELDS)));
    }
    let f = Fields { ctx, obj: &obj };

    let id = f.required_text("id", &mut p);
    // Empty when the mission names none: it then takes the file's (see `Loader::finish`).
    let sending_state = f.optional_text("sending_state", &mut p).unwrap_or_default();
    let country = f.required_text("country", &mut p);
    let country_code = f.required_text("country_code", &mut p);
    let well_formed =
        country_code.len() == 2 && country_code.bytes().all(|b| b.is_ascii_uppercase());
    if !country_code.is_empty() && !well_formed {
        p.push(ctx.problem(
            "country_code",
            format!(
                "\"{country_code}\" is not an ISO 3166 alpha-2 code (two capital letters, e.g. \"ES\")"
            ),
        ));
    }
    let city = f.required_text("city", &mut p);
    let kind = f.required_text("mission", &mut p);
    let kind = f.word(
        "mission",
        "mission type",
        &kind,
        MissionKind::parse,
        &MissionKind::ALL.map(MissionKind::as_str),
        &mut p,
    );
    let organization = f.optional_text("organization", &mut p);
    let region = f.required_text("region", &mut p);
    let region = f.word(
        "region",
        "region",
        &region,
        Region::parse,
        &Region::ALL.map(Region::as_str),
        &mut p,
    );
    let opened = f.optional_year("opened", &mut p);
    let closure = match obj.get("closed") {
        None | Some(Value::Null) => Closure::Open,
        Some(Value::String(s)) if text::fold(s) == "unknown" => Closure::YearUnknown,
        Some(v) => match f.year_value("closed", v, &mut p) {
            Some(y) => Closure::InYear(y),
            None => Closure::Open,
        },
    };
    if let (Some(o), Some(c)) = (opened, closure.year())
        && c < o
    {
        p.push(ctx.problem("closed", format!("closed in {c}, before it opened in {o}")));
    }
    let refs = match obj.get("refs") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) => {
            let mut refs = Vec::with_capacity(items.len());
            for item in items {
                match item.as_u64().and_then(|n| u32::try_from(n).ok()) {
                    Some(n) if n > 0 => refs.push(n),
                    _ => p.push(ctx.problem(
                        "refs",
                        format!("expected reference numbers like [38, 39], found {item}"),
                    )),
                }
            }
            refs
        }
        Some(other) => {
            p.push(ctx.problem(
                "refs",
                format!(
                    "expected a list of numbers like [38, 39], found {}",
                    kind_of(other)
                ),
            ));
            Vec::new()
        }
    };
    let lat = f.coordinate("lat", 90.0, &mut p);
    let lon = f.coordinate("lon", 180.0, &mut p);
    let precision = match obj.get("precision") {
        None | Some(Value::Null) => Precision::City,
        Some(Value::String(s)) if s == "city" => Precision::City,
        Some(Value::String(s)) if s == "building" => Precision::Building,
        Some(other) => {
            p.push(ctx.problem(
                "precision",
                format!("expected \"city\" or \"building\", found {other}"),
            ));
            Precision::City
        }
    };
    let inbound = match obj.get("inbound") {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(other) => {
            p.push(ctx.problem("inbound", format!("expected true or false, found {other}")));
            false
        }
    };
    let notes = f.optional_text("notes", &mut p).unwrap_or_default();

    match (kind, region, lat, lon) {
        (Some(kind), Some(region), Some(lat), Some(lon)) if p.is_empty() => Ok(Mission {
            id,
            sending_state: interner.get(&sending_state),
            country: interner.get(&country),
            country_code: interner.get(&country_code),
            city: interner.get(&city),
            kind,
            organization: organization.map(|o| interner.get(&o)),
            region,
            opened,
            closure,
            refs,
            location: Point::new(lon, lat),
            precision,
            inbound,
            notes,
        }),
        _ => Err(p),
    }
}

struct Fields<'a> {
    ctx: &'a MissionCtx<'a>,
    obj: &'a MissionObject,
}

impl Fields<'_> {
    /// One of a fixed set of words (an empty value was reported as missing already).
    fn word<T>(
        &self,
        key: &str,
        what: &str,
        value: &str,
        parse: impl Fn(&str) -> Option<T>,
        known: &[&str],
        p: &mut Vec<Problem>,
    ) -> Option<T> {
        if value.is_empty() {
            return None;
        }
        let parsed = parse(value);
        if parsed.is_none() {
            p.push(
                self.ctx
                    .problem(key, text::unknown_word(what, value, known)),
            );
        }
        parsed
    }

    fn required_text(&self, key: &str, p: &mut Vec<Problem>) -> String {
        match self.obj.get(key) {
            Some(Value::String(s)) if !s.trim().is_empty() => s.trim().to_owned(),
            Some(Value::String(_)) => {
                p.push(self.ctx.problem(key, "must not be empty"));
                String::new()
            }
            None | Some(Value::Null) => {
                p.push(Problem::new(
                    self.ctx.file,
                    self.ctx.line,
                    Some(key),
                    "missing (every mission needs one)",
                ));
                String::new()
            }
            Some(other) => {
                p.push(
                    self.ctx
                        .problem(key, format!("expected text, found {}", kind_of(other))),
                );
                String::new()
            }
        }
    }

    fn optional_text(&self, key: &str, p: &mut Vec<Problem>) -> Option<String> {
        match self.obj.get(key) {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) if s.trim().is_empty() => None,
            Some(Value::String(s)) => Some(s.trim().to_owned()),
            Some(other) => {
                p.push(
                    self.ctx
                        .problem(key, format!("expected text, found {}", kind_of(other))),
                );
                None
            }
        }
    }

    fn optional_year(&self, key: &str, p: &mut Vec<Problem>) -> Option<i32> {
        match self.obj.get(key) {
            None | Some(Value::Null) => None,
            Some(v) => self.year_value(key, v, p),
        }
    }

    fn year_value(&self, key: &str, v: &Value, p: &mut Vec<Problem>) -> Option<i32> {
        let year = v.as_i64().and_then(|y| i32::try_from(y).ok());
        match year {
            Some(y) if YEAR_RANGE.contains(&y) => Some(y),
            Some(y) => {
                p.push(self.ctx.problem(
                    key,
                    format!(
                        "year {y} is out of range ({}–{})",
                        YEAR_RANGE.start(),
                        YEAR_RANGE.end()
                    ),
                ));
                None
            }
            None => {
                let extra = if key == "closed" {
                    ", null (still open) or \"unknown\""
                } else {
                    " or null"
                };
                p.push(
                    self.ctx
                        .problem(key, format!("expected a year like 1998{extra}, found {v}")),
                );
                None
            }
        }
    }

    fn coordinate(&self, key: &str, limit: f64, p: &mut Vec<Problem>) -> Option<f64> {
        match self.obj.get(key) {
            Some(Value::Number(n)) => match n.as_f64() {
                Some(x) if x.is_finite() && x.abs() <= limit => Some(x),
                _ => {
                    p.push(
                        self.ctx
                            .problem(key, format!("{n} is outside −{limit}…{limit}")),
                    );
                    None
                }
            },
            None | Some(Value::Null) => {
                p.push(Problem::new(
                    self.ctx.file,
                    self.ctx.line,
                    Some(key),
                    "missing (every mission needs coordinates; `diplomap import` geocodes them)",
                ));
                None
            }
            Some(other) => {
                p.push(
                    self.ctx
                        .problem(key, format!("expected a number, found {}", kind_of(other))),
                );
                None
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// Writing

#[derive(Serialize)]
struct MissionOut<'a> {
    id: &'a str,
    sending_state: &'a str,
    country: &'a str,
    country_code: &'a str,
    city: &'a str,
    mission: &'static str,
    organization: Option<&'a str>,
    region: &'static str,
    opened: Option<i32>,
    closed: Value,
    refs: &'a [u32],
    lat: f64,
    lon: f64,
    precision: Precision,
    inbound: bool,
    notes: &'a str,
}

/// Closure as written in the data file and in exports: null, a year, or "unknown".
pub fn closure_value(c: Closure) -> Value {
    match c {
        Closure::Open => Value::Null,
        Closure::InYear(y) => Value::from(y),
        Closure::YearUnknown => Value::from("unknown"),
    }
}

/// Rounds coordinates to 5 decimals (about a metre), as the gazetteer stores them.
fn round5(x: f64) -> f64 {
    (x * 1e5).round() / 1e5
}

/// One mission as written in a data file.
fn mission_out(m: &Mission) -> MissionOut<'_> {
    MissionOut {
        id: &m.id,
        sending_state: &m.sending_state,
        country: &m.country,
        country_code: &m.country_code,
        city: &m.city,
        mission: m.kind.as_str(),
        organization: m.organization.as_deref(),
        region: m.region.as_str(),
        opened: m.opened,
        closed: closure_value(m.closure),
        refs: &m.refs,
        lat: round5(m.lat()),
        lon: round5(m.lon()),
        precision: m.precision,
        inbound: m.inbound,
        notes: &m.notes,
    }
}

/// Writes the data set as a data file, one mission at a time (a million missions never
/// become one string).
pub fn write_to(ds: &Dataset, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    let text = |s: &str| serde_json::to_string(s).map_err(std::io::Error::other);
    write!(
        w,
        "{{\n  \"format\": {},\n  \"name\": {},\n  \"source\": {},\n  \"missions\": [",
        text(FORMAT)?,
        text(&ds.name)?,
        text(&ds.source)?
    )?;
    if ds.missions.is_empty() {
        return w.write_all(b"]\n}\n");
    }
    let mut buf = Vec::with_capacity(1024);
    for (i, m) in ds.missions.iter().enumerate() {
        buf.clear();
        serde_json::to_writer_pretty(&mut buf, &mission_out(m)).map_err(std::io::Error::other)?;
        w.write_all(if i == 0 { b"\n" } else { b",\n" })?;
        // Indented two levels; JSON text holds no raw line breaks, so this is safe.
        for (k, line) in buf.split(|&b| b == b'\n').enumerate() {
            if k > 0 {
                w.write_all(b"\n")?;
            }
            w.write_all(b"    ")?;
            w.write_all(line)?;
        }
    }
    w.write_all(b"\n  ]\n}\n")
}

/// The data set as the JSON text of a data file.
pub fn to_json(ds: &Dataset) -> String {
    let mut out = Vec::new();
    // Writing to memory cannot fail; stay safe regardless.
    if let Err(e) = write_to(ds, &mut out) {
        return format!("{{\"error\": \"{e}\"}}\n");
    }
    String::from_utf8(out).unwrap_or_default()
}

/// Writes the data set to `path` atomically.
pub fn save_file(ds: &Dataset, path: &Path) -> Result<(), WriteError> {
    crate::atomic::write_with(path, |w| write_to(ds, w))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(missions: &str) -> String {
        format!(
            "{{\n  \"format\": \"diplomap/1\",\n  \"name\": \"Test\",\n  \"sending_state\": \"North Korea\",\n  \"missions\": [\n{missions}\n  ]\n}}\n"
        )
    }

    const GOOD: &str = r#"    {
      "id": "es-madrid-embassy",
      "country": "Spain",
      "country_code": "ES",
      "city": "Madrid",
      "mission": "Embassy",
      "region": "Europe",
      "opened": 2013,
      "closed": 2023,
      "refs": [67],
      "lat": 40.4165,
      "lon": -3.70256,
      "notes": "Opened in 2013."
    }"#;

    #[test]
    fn loads_a_good_mission() {
        let ds = parse("t.json", &doc(GOOD)).expect("valid");
        assert_eq!(ds.name, "Test");
        let m = &ds.missions[0];
        assert_eq!(&*m.sending_state, "North Korea");
        assert_eq!(m.kind, MissionKind::Embassy);
        assert_eq!(m.closure, Closure::InYear(2023));
        assert_eq!(m.opened, Some(2013));
        assert_eq!(m.refs, vec![67]);
        assert_eq!(m.precision, Precision::City);
        assert!((m.lat() - 40.4165).abs() < 1e-9);
    }

    #[test]
    fn unknown_mission_type_names_file_line_and_field() {
        let bad = GOOD.replace("\"Embassy\"", "\"Embasy\"");
        let err = parse("data/missions.json", &doc(&bad)).unwrap_err();
        let LoadError::Invalid(p) = &err else {
            panic!("expected invalid")
        };
        assert_eq!(p.len(), 1);
        // Line 6 of the document holds "{"; the mission field is 5 lines further down.
        assert_eq!(p[0].line, 11);
        assert_eq!(p[0].field.as_deref(), Some("mission"));
        assert_eq!(
            err.to_string(),
            "data/missions.json:11: field \"mission\": unknown mission type \"Embasy\" (did you mean \"Embassy\"?)"
        );
    }

    #[test]
    fn reports_every_problem_with_its_line() {
        let bad = GOOD
            .replace("\"closed\": 2023", "\"closed\": \"sometime\"")
            .replace("\"lat\": 40.4165", "\"lat\": 140.0")
            .replace("\"refs\": [67]", "\"refs\": [\"67\"]")
            .replace("\"notes\"", "\"note\"");
        let err = parse("f.json", &doc(&bad)).unwrap_err();
        let lines = err.problems();
        assert_eq!(lines.len(), 4, "{lines:#?}");
        assert!(lines[0].starts_with("f.json:14: field \"closed\": expected a year"));
        assert!(lines[1].starts_with("f.json:15: field \"refs\""));
        assert!(lines[2].starts_with("f.json:16: field \"lat\": 140.0 is outside"));
        assert!(lines[3].contains("unknown field \"note\" (did you mean \"notes\"?)"));
    }

    #[test]
    fn closed_year_unknown_and_open() {
        let unknown = GOOD
            .replace("\"closed\": 2023", "\"closed\": \"unknown\"")
            .replace("\"opened\": 2013,\n", "");
        let ds = parse("t", &doc(&unknown)).expect("valid");
        assert_eq!(ds.missions[0].closure, Closure::YearUnknown);
        let open = GOOD.replace("\"closed\": 2023", "\"closed\": null");
        assert_eq!(
            parse("t", &doc(&open)).expect("valid").missions[0].closure,
            Closure::Open
        );
    }

    #[test]
    fn closing_before_opening_is_rejected() {
        let bad = GOOD.replace("\"opened\": 2013", "\"opened\": 2024");
        let err = parse("t", &doc(&bad)).unwrap_err().to_string();
        assert!(
            err.contains("closed in 2023, before it opened in 2024"),
            "{err}"
        );
    }

    #[test]
    fn duplicate_ids_and_missing_fields() {
        let two = format!("{GOOD},\n{GOOD}");
        let err = parse("t", &doc(&two)).unwrap_err().to_string();
        assert!(err.contains("duplicate id \"es-madrid-embassy\""), "{err}");
        let nocity = GOOD.replace("      \"city\": \"Madrid\",\n", "");
        let err = parse("t", &doc(&nocity)).unwrap_err().to_string();
        assert_eq!(
            err,
            "t:6: field \"city\": missing (every mission needs one)"
        );
    }

    #[test]
    fn syntax_errors_name_the_line() {
        let broken = doc(GOOD).replace("\"Madrid\",", "\"Madrid\"");
        let err = parse("t.json", &broken).unwrap_err().to_string();
        assert!(err.starts_with("t.json:11: not valid JSON"), "{err}");
        let err = parse("t.json", "[1, 2]").unwrap_err().to_string();
        assert!(err.contains("expected a JSON object"), "{err}");
        let err = parse("t.json", "").unwrap_err().to_string();
        assert!(err.starts_with("t.json:1: not valid JSON"), "{err}");
    }

    #[test]
    fn bom_and_crlf_are_accepted_and_bad_utf8_is_reported() {
        let crlf = format!("\u{feff}{}", doc(GOOD).replace('\n', "\r\n"));
        assert_eq!(parse("t", &crlf).expect("valid").missions.len(), 1);
        let mut bytes = b"{\n\"name\": \"x\xff\"}".to_vec();
        let p = decode_text("t", &bytes).unwrap_err();
        assert_eq!(
            p.to_string(),
            "t:2: the file is not valid UTF-8 text (save it as UTF-8)"
        );
        bytes.clear();
        bytes.extend_from_slice(b"\xEF\xBB\xBF{}");
        assert_eq!(decode_text("t", &bytes).expect("utf8"), "{}");
    }

    #[test]
    fn round_trips_through_json() {
        let ds = parse("t", &doc(GOOD)).expect("valid");
        let again = parse("t", &to_json(&ds)).expect("valid");
        assert_eq!(ds.missions, again.missions);
    }

    #[test]
    fn embedded_data_set_loads() {
        let ds = load_embedded().expect("the committed data set is valid");
        assert!(ds.missions.len() > 80);
        assert!(!ds.name.is_empty());
    }

    #[test]
    fn sending_state_may_come_after_the_missions_and_problems_are_capped() {
        let m = GOOD.replace("\"id\": \"es-madrid-embassy\",", "\"id\": \"ID\",");
        let late = format!(
            "{{\"format\": \"diplomap/1\", \"missions\": [\n{}\n], \"sending_state\": \"North Korea\"}}",
            m.replace("ID", "a")
        );
        let ds = parse("t", &late).expect("valid");
        assert_eq!(&*ds.missions[0].sending_state, "North Korea");
        // Two thousand duplicates: a thousand listed, the rest counted.
        let many: Vec<String> = (0..MAX_PROBLEMS * 2 + 1)
            .map(|_| m.replace("ID", "x"))
            .collect();
        let err = parse("t", &doc(&many.join(",\n"))).unwrap_err();
        let LoadError::Invalid(p) = err else {
            panic!("not invalid")
        };
        assert_eq!(p.len(), MAX_PROBLEMS + 1);
        assert!(p[0].to_string().starts_with("t:"), "{}", p[0]);
        assert!(
            p[MAX_PROBLEMS].message.contains("1000 more problems"),
            "{}",
            p[MAX_PROBLEMS]
        );
    }
}
