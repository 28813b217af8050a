//! Reading a data file as a stream: the document's top fields, then one mission at a time,
//! every problem collected with its line (up to a cap).

use super::*;

pub(super) struct Loader<'a> {
    pub(super) file: &'a str,
    pub(super) problems: Vec<Problem>,
    pub(super) unlisted: usize,
    pub(super) missions: Vec<Mission>,
    /// The line each mission starts on (for duplicate ids, found at the end).
    pub(super) lines: Vec<u32>,
    /// Missions that name no sending state, and their lines: they take the file's.
    pub(super) without_sender: Vec<(usize, usize)>,
    pub(super) interner: Interner,
    pub(super) default_sender: Option<String>,
    /// The file's focus state (top-level "focus").
    pub(super) focus: Option<String>,
    /// The file's date (top-level "as_of") and its note ("as_of_note").
    pub(super) as_of: Option<i32>,
    pub(super) as_of_note: Option<String>,
    /// Missions the file itself marks as inbound (files written before the focus).
    pub(super) marked_inbound: usize,
    /// Each mission's [`crate::model::id_hash`], when the reader made them (else
    /// made at the end).
    pub(super) id_hashes: Vec<u64>,
}

impl Loader<'_> {
    pub(super) fn add(&mut self, p: Problem) {
        if self.problems.len() < MAX_PROBLEMS {
            self.problems.push(p);
        } else {
            self.unlisted += 1;
        }
    }

    pub(super) fn problem(&mut self, line: usize, field: Option<&str>, message: impl Into<String>) {
        let p = Problem::new(self.file, line, field, message);
        self.add(p);
    }

    /// The top-level object. Syntax errors end the reading; everything else is collected.
    pub(super) fn document(
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

    pub(super) fn top_field(
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
        if key == "as_of" {
            match v.as_i64().and_then(|y| i32::try_from(y).ok()) {
                Some(y) if YEAR_RANGE.contains(&y) => self.as_of = Some(y),
                _ if v.is_null() => {}
                _ => self.problem(
                    line,
                    Some(key),
                    format!(
                        "expected the data set's year ({}–{}) or null, found {v}",
                        YEAR_RANGE.start(),
                        YEAR_RANGE.end()
                    ),
                ),
            }
            return;
        }
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
            "focus" => self.focus = Some(text).filter(|t| !t.is_empty()),
            "as_of_note" => self.as_of_note = Some(text).filter(|t| !t.is_empty()),
            _ => self.default_sender = Some(text),
        }
    }

    pub(super) fn missions_list(
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

    pub(super) fn mission(&mut self, chunk: &Chunk) {
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
                self.marked_inbound += usize::from(m.inbound);
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

    pub(super) fn finish(mut self, name: String, source: String) -> Result<Dataset, LoadError> {
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
        // The ids' hashes, sorted, first say whether there is any (a sort of a million ids
        // by text takes far longer); the fast reader hashes them on its workers.
        let mut hashes = std::mem::take(&mut self.id_hashes);
        if hashes.len() != self.missions.len() {
            hashes = self.missions.iter().map(|m| id_hash(&m.id)).collect();
        }
        let repeated = !distinct_hashes(hashes);
        let mut order: Vec<u32> = (0..if repeated { self.missions.len() } else { 0 })
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
            // A file from before the focus marked its inbound missions; its focus is the
            // state most of the others are from.
            let focus = self.focus.take().or_else(|| {
                (self.marked_inbound > 0)
                    .then(|| most_common_sender(&self.missions))
                    .flatten()
            });
            let mut ds = Dataset {
                name,
                source,
                focus: focus.map(|f| self.interner.get(&f)),
                as_of: self.as_of.map(|year| AsOf {
                    year,
                    note: self
                        .as_of_note
                        .take()
                        .unwrap_or_else(|| AsOf::DEFAULT_NOTE.to_owned()),
                }),
                missions: self.missions,
            };
            ds.derive();
            return Ok(ds);
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
pub(super) fn json_message(e: &serde_json::Error) -> String {
    let s = e.to_string();
    match s.rfind(" at line ") {
        Some(i) => s.get(..i).unwrap_or(&s).to_owned(),
        None => s,
    }
}

pub(super) fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "true/false",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

pub(super) fn unknown_field_message(key: &str, known: &[&'static str]) -> String {
    text::unknown_word("field", key, known)
}

/// Offset of the first `"key"` followed by a colon in `text[from..]`, relative to `text`.
pub(super) fn find_key(text: &str, from: usize, key: &str) -> Option<usize> {
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

/// The sending state of most missions not marked inbound.
fn most_common_sender(missions: &[Mission]) -> Option<String> {
    let mut counts: std::collections::HashMap<&str, usize> = Default::default();
    for m in missions.iter().filter(|m| !m.inbound) {
        *counts.entry(&m.sending_state).or_default() += 1;
    }
    counts
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0)))
        .map(|(s, _)| s.to_owned())
}
