//! The fast way to read a valid data file: blocks of missions parsed on every core, each
//! mission straight into a typed record (no `Value` per field), no problem reporting.
//!
//! It is an optimisation of [`super::read`] and nothing else: it either gives the very
//! `Dataset` the careful reader gives, or gives up (`None`), and the careful reader then
//! reads the file again and says what is wrong, line by line. It gives up on anything it
//! does not expect; a mission it cannot take in the typed way (a type's other word, a
//! duplicate key, …) goes through the careful per-mission rules, and the file is given up
//! only if those find a problem.
//!
//! The blocks are cut just after a line break followed by `{`: a line break is never
//! inside a JSON string, and in a valid file the only objects are the document and its
//! missions, so such a place starts a mission. A cut in the wrong place (an invalid file)
//! makes some block fail to parse, and the careful reader takes over. A file with no such
//! place (all on one line) is one block, read whole before it is parsed, on one core.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::io::Read;
use std::sync::Mutex;
use std::sync::mpsc;

use serde::Deserialize;

use super::*;

/// The size of a block handed to a worker.
const BLOCK: usize = 4 << 20;

/// Reads a data file the fast way from `src`; `None` when the careful reader must.
/// `size_hint` (the file's length) lets the mission list be allocated once.
pub(super) fn read_fast(
    file: &str,
    mut src: impl Read,
    size_hint: Option<u64>,
    progress: &mut dyn FnMut(u64),
) -> Option<Dataset> {
    let workers = std::thread::available_parallelism()
        .map_or(2, usize::from)
        .clamp(1, 4);
    let (job_tx, job_rx) = mpsc::sync_channel::<(usize, Vec<u8>)>(workers * 2);
    let job_rx = Mutex::new(job_rx);
    // Merged blocks' mission lists go back to the workers to be filled again, as the
    // byte buffers do below (big blocks come fresh from the system: `memory.rs`).
    let spares = Spares::default();
    std::thread::scope(|scope| {
        let (out_tx, out_rx) = mpsc::channel::<(usize, Option<BlockOut>)>();
        // Parsed blocks' buffers go back to the reader, to be filled again (fresh memory
        // for every block would cost a page fault per 4 KiB).
        let (spare_tx, spare_rx) = mpsc::channel::<Vec<u8>>();
        for _ in 0..workers {
            let job_rx = &job_rx;
            let out_tx = out_tx.clone();
            let spare_tx = spare_tx.clone();
            let spares = &spares;
            scope.spawn(move || {
                let mut interner = Interner::default();
                loop {
                    let job = match job_rx.lock() {
                        Ok(rx) => rx.recv(),
                        Err(_) => return,
                    };
                    let Ok((i, bytes)) = job else { return };
                    let out = parse_block(file, &bytes, i == 0, &mut interner, spares.take());
                    // (The reader may have stopped; then the buffer is simply dropped.)
                    let _ = spare_tx.send(bytes);
                    if out_tx.send((i, out)).is_err() {
                        return;
                    }
                }
            });
        }
        drop((out_tx, spare_tx));

        let mut merge = Merge::new(size_hint, &spares);
        let mut carry: Vec<u8> = Vec::new();
        let mut next = 0usize;
        let mut failed = false;
        loop {
            carry.reserve(BLOCK);
            let n = match (&mut src).take(BLOCK as u64).read_to_end(&mut carry) {
                Ok(n) => n,
                Err(_) => {
                    failed = true;
                    break;
                }
            };
            let at_end = n == 0;
            let cut = if at_end {
                carry.len()
            } else {
                match last_cut(&carry) {
                    Some(c) if c > 0 => c,
                    _ => continue,
                }
            };
            let mut rest = spare_rx.try_recv().unwrap_or_default();
            rest.clear();
            rest.extend_from_slice(carry.get(cut..).unwrap_or_default());
            carry.truncate(cut);
            let block = std::mem::replace(&mut carry, rest);
            if !block.is_empty() {
                if job_tx.send((next, block)).is_err() {
                    failed = true;
                    break;
                }
                next += 1;
            }
            while let Ok((i, out)) = out_rx.try_recv() {
                failed |= !merge.take(i, out);
                progress(merge.parsed);
            }
            if at_end || failed {
                break;
            }
        }
        drop(job_tx);
        for (i, out) in out_rx.iter() {
            failed |= !merge.take(i, out);
            progress(merge.parsed);
        }
        if failed {
            return None;
        }
        merge.finish(file, next)
    })
}

/// The last place in `bytes` just after a line break where, after white space, `{`
/// comes: where a block may end and the next begin.
fn last_cut(bytes: &[u8]) -> Option<usize> {
    let mut end = bytes.len();
    while let Some(nl) = memchr::memrchr(b'\n', bytes.get(..end)?) {
        let after = bytes.get(nl + 1..)?;
        let ws = after
            .iter()
            .take_while(|b| matches!(b, b' ' | b'\t' | b'\r'))
            .count();
        if after.get(ws) == Some(&b'{') {
            return Some(nl + 1);
        }
        end = nl;
    }
    None
}

/// What a worker made of one block.
#[derive(Default)]
struct BlockOut {
    missions: Vec<Mission>,
    /// Missions (by place in this block) that name no sending state.
    without_sender: Vec<usize>,
    marked_inbound: usize,
    id_hashes: Vec<u64>,
    /// The block's length in bytes.
    len: usize,
    /// The document's fields before the missions (block 0): name and value's text.
    header: Vec<(String, Vec<u8>)>,
    /// The text after the missions list's `]`, if this block has it.
    tail: Option<Vec<u8>>,
}

fn ws_len(bytes: &[u8]) -> usize {
    bytes
        .iter()
        .take_while(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
        .count()
}

/// Parses one value of type `T` at the start of `bytes`; with its length.
fn value_at<'a, T: Deserialize<'a>>(text: &'a str) -> Option<(T, usize)> {
    let mut stream = serde_json::Deserializer::from_str(text).into_iter::<T>();
    let v = stream.next()?.ok()?;
    Some((v, stream.byte_offset()))
}

/// Emptied mission lists and id hash lists of merged blocks, to be filled again.
#[derive(Default)]
struct Spares(Mutex<Vec<(Vec<Mission>, Vec<u64>)>>);

impl Spares {
    fn take(&self) -> (Vec<Mission>, Vec<u64>) {
        self.0
            .lock()
            .ok()
            .and_then(|mut v| v.pop())
            .unwrap_or_default()
    }

    fn give(&self, mut missions: Vec<Mission>, mut hashes: Vec<u64>) {
        missions.clear();
        hashes.clear();
        if let Ok(mut v) = self.0.lock() {
            v.push((missions, hashes));
        }
    }
}

fn parse_block(
    file: &str,
    bytes: &[u8],
    first: bool,
    interner: &mut Interner,
    (mut missions, mut id_hashes): (Vec<Mission>, Vec<u64>),
) -> Option<BlockOut> {
    // A block ends at a line break, so it is whole UTF-8 if the file is; checked once here,
    // not string by string.
    let text = std::str::from_utf8(bytes).ok()?;
    // (Room for the block's missions at once: ours take some 400 bytes of text each.)
    missions.reserve(bytes.len() / 320 + 1);
    id_hashes.reserve(bytes.len() / 320 + 1);
    let mut out = BlockOut {
        len: bytes.len(),
        missions,
        id_hashes,
        ..BlockOut::default()
    };
    let skip = |pos: &mut usize| *pos += ws_len(bytes.get(*pos..).unwrap_or_default());
    let mut pos = 0usize;
    if first {
        if bytes.starts_with(b"\xEF\xBB\xBF") {
            pos = 3;
        }
        skip(&mut pos);
        if bytes.get(pos) != Some(&b'{') {
            return None;
        }
        pos += 1;
        loop {
            skip(&mut pos);
            let (key, n) = value_at::<String>(text.get(pos..)?)?;
            pos += n;
            skip(&mut pos);
            if bytes.get(pos) != Some(&b':') {
                return None;
            }
            pos += 1;
            skip(&mut pos);
            if key == "missions" {
                if bytes.get(pos) != Some(&b'[') {
                    return None;
                }
                pos += 1;
                break;
            }
            let (_, n) = value_at::<serde::de::IgnoredAny>(text.get(pos..)?)?;
            out.header.push((key, bytes.get(pos..pos + n)?.to_vec()));
            pos += n;
            skip(&mut pos);
            if bytes.get(pos) != Some(&b',') {
                return None;
            }
            pos += 1;
        }
    }
    loop {
        skip(&mut pos);
        match bytes.get(pos) {
            None => return Some(out),
            Some(b']') => {
                out.tail = Some(bytes.get(pos + 1..)?.to_vec());
                return Some(out);
            }
            Some(b'{') => {}
            Some(_) => return None,
        }
        let rest = text.get(pos..)?;
        let typed = super::quick::record(rest).or_else(|| value_at::<Record>(rest));
        let n = match &typed {
            Some((_, n)) => *n,
            None => value_at::<serde::de::IgnoredAny>(rest)?.1,
        };
        let m = match typed.and_then(|(record, _)| record.mission(interner)) {
            Some(m) => m,
            None => careful(file, rest.get(..n)?, interner)?,
        };
        if m.sending_state.is_empty() {
            out.without_sender.push(out.missions.len());
        }
        out.marked_inbound += usize::from(m.inbound);
        out.id_hashes.push(id_hash(&m.id));
        out.missions.push(m);
        pos += n;
        skip(&mut pos);
        match bytes.get(pos) {
            Some(b',') => pos += 1,
            Some(b']') => {}
            _ => return None,
        }
    }
}

/// A mission the typed way could not take, read by the careful rules; `None` on a problem.
/// (No line is counted: a problem makes the careful reader read the file again.)
fn careful(file: &str, text: &str, interner: &mut Interner) -> Option<Mission> {
    let ctx = MissionCtx {
        file,
        text,
        line: 0,
    };
    parse_mission(&ctx, interner).ok()
}

/// Puts the blocks' missions together in file order.
struct Merge<'s> {
    size_hint: Option<u64>,
    spares: &'s Spares,
    missions: Vec<Mission>,
    /// Missions that name no sending state (the line is not counted: see [`careful`]).
    without_sender: Vec<(usize, usize)>,
    marked_inbound: usize,
    id_hashes: Vec<u64>,
    /// The next block in order, and those that came early.
    next: usize,
    early: BTreeMap<usize, BlockOut>,
    header: Vec<(String, Vec<u8>)>,
    tail: Option<Vec<u8>>,
    /// A block came after the one that ended the missions list.
    after_tail: bool,
    /// Bytes of the file parsed and put in order (what progress reports: reading runs
    /// ahead of parsing).
    parsed: u64,
}

impl<'s> Merge<'s> {
    fn new(size_hint: Option<u64>, spares: &'s Spares) -> Merge<'s> {
        Merge {
            size_hint,
            spares,
            missions: Vec::new(),
            without_sender: Vec::new(),
            marked_inbound: 0,
            id_hashes: Vec::new(),
            next: 0,
            early: BTreeMap::new(),
            header: Vec::new(),
            tail: None,
            after_tail: false,
            parsed: 0,
        }
    }

    /// Takes block `i`'s result; false when the block failed.
    fn take(&mut self, i: usize, out: Option<BlockOut>) -> bool {
        let Some(out) = out else { return false };
        self.early.insert(i, out);
        while let Some(out) = self.early.remove(&self.next) {
            self.append(out);
            self.next += 1;
        }
        true
    }

    fn append(&mut self, out: BlockOut) {
        self.parsed += out.len as u64;
        if self.tail.is_some() {
            self.after_tail = true;
        }
        if self.missions.capacity() == 0
            && let Some(size) = self.size_hint
            && !out.missions.is_empty()
        {
            // The first block tells how many bytes a mission takes: room for them all.
            let per = (out.len as f64 / out.missions.len() as f64).max(1.0);
            let guess = (size as f64 / per * 1.02) as usize;
            self.missions.reserve(guess.min(50_000_000));
            self.id_hashes.reserve(guess.min(50_000_000));
        }
        let base = self.missions.len();
        self.without_sender
            .extend(out.without_sender.iter().map(|&k| (base + k, 0)));
        let (mut missions, mut hashes) = (out.missions, out.id_hashes);
        self.missions.append(&mut missions);
        self.id_hashes.append(&mut hashes);
        self.spares.give(missions, hashes);
        self.marked_inbound += out.marked_inbound;
        self.header.extend(out.header);
        if out.tail.is_some() {
            self.tail = out.tail;
        }
    }

    fn finish(mut self, file: &str, blocks: usize) -> Option<Dataset> {
        if self.next != blocks || !self.early.is_empty() || self.after_tail {
            return None;
        }
        let tail = self.tail.take()?;
        let mut l = Loader {
            file,
            problems: Vec::new(),
            unlisted: 0,
            missions: self.missions,
            lines: Vec::new(),
            without_sender: self.without_sender,
            interner: Interner::default(),
            default_sender: None,
            focus: None,
            as_of: None,
            as_of_note: None,
            marked_inbound: self.marked_inbound,
            id_hashes: self.id_hashes,
        };
        let mut name = String::new();
        let mut source = String::new();
        for (key, value) in self.header {
            let chunk = Chunk {
                line: 0,
                bytes: value,
            };
            l.top_field(&key, 0, &chunk, &mut name, &mut source);
        }
        // After the list: `}` or more fields (never a second list).
        let mut s = Scanner::new(tail.as_slice());
        loop {
            s.skip_ws();
            match s.next_byte()? {
                b'}' => break,
                b',' => {}
                _ => return None,
            }
            s.skip_ws();
            let key = s.string().ok()?;
            s.expect(b':', "':'").ok()?;
            if key == "missions" {
                return None;
            }
            let chunk = s.value().ok()?;
            l.top_field(&key, 0, &chunk, &mut name, &mut source);
        }
        if !s.at_end() || !l.problems.is_empty() {
            return None;
        }
        l.finish(name, source).ok()
    }
}

/// A year, or the word a closure may be instead ("unknown").
#[derive(Debug, PartialEq)]
pub(super) enum YearOrWord<'a> {
    Year(i64),
    Word(Cow<'a, str>),
}

impl<'de: 'a, 'a> Deserialize<'de> for YearOrWord<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = YearOrWord<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a year or a word")
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Self::Value, E> {
                i64::try_from(v)
                    .map(YearOrWord::Year)
                    .map_err(|_| E::custom("year out of range"))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Self::Value, E> {
                Ok(YearOrWord::Year(v))
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(YearOrWord::Word(Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
                Ok(YearOrWord::Word(Cow::Owned(v.to_owned())))
            }
        }
        d.deserialize_any(V)
    }
}

/// A mission object as the typed way reads it: every field [`FIELDS`] names, nothing
/// else. Anything of another JSON type fails here and goes the careful way.
#[derive(Deserialize, Default, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub(super) struct Record<'a> {
    #[serde(borrow)]
    pub(super) id: Option<Cow<'a, str>>,
    #[serde(borrow)]
    pub(super) sending_state: Option<Cow<'a, str>>,
    #[serde(borrow)]
    pub(super) country: Option<Cow<'a, str>>,
    #[serde(borrow)]
    pub(super) country_code: Option<Cow<'a, str>>,
    #[serde(borrow)]
    pub(super) city: Option<Cow<'a, str>>,
    #[serde(borrow)]
    pub(super) mission: Option<Cow<'a, str>>,
    #[serde(borrow)]
    pub(super) organization: Option<Cow<'a, str>>,
    #[serde(borrow)]
    pub(super) region: Option<Cow<'a, str>>,
    pub(super) opened: Option<i64>,
    #[serde(borrow)]
    pub(super) closed: Option<YearOrWord<'a>>,
    pub(super) refs: Option<Vec<u64>>,
    pub(super) lat: Option<f64>,
    pub(super) lon: Option<f64>,
    #[serde(borrow)]
    pub(super) precision: Option<Cow<'a, str>>,
    pub(super) inbound: Option<bool>,
    #[serde(borrow)]
    pub(super) notes: Option<Cow<'a, str>>,
    #[serde(borrow)]
    pub(super) word: Option<Cow<'a, str>>,
    #[serde(borrow)]
    pub(super) accredited_to: Option<Vec<Cow<'a, str>>>,
    #[serde(borrow)]
    pub(super) wikidata: Option<Cow<'a, str>>,
    #[serde(borrow)]
    pub(super) address: Option<Cow<'a, str>>,
    #[serde(borrow)]
    pub(super) website: Option<Cow<'a, str>>,
}

/// A text field, trimmed; blank is absent (a problem where the field is required).
fn text_of<'s>(s: &'s Option<Cow<'_, str>>) -> Option<&'s str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

fn year(y: i64) -> Option<i32> {
    i32::try_from(y).ok().filter(|y| YEAR_RANGE.contains(y))
}

impl Record<'_> {
    /// The mission, by the same rules as [`parse_mission`]; `None` where those rules would
    /// find a problem or need their slower reading (a type's other word).
    fn mission(&self, interner: &mut Interner) -> Option<Mission> {
        let id = text_of(&self.id)?;
        let sending_state = text_of(&self.sending_state).unwrap_or_default();
        let country = text_of(&self.country)?;
        let country_code = text_of(&self.country_code)?;
        if !crate::model::is_country_code(country_code) {
            return None;
        }
        let city = text_of(&self.city)?;
        let kind_word = text_of(&self.mission)?;
        let kind = MissionKind::ALL
            .into_iter()
            .find(|k| k.as_str() == kind_word)?;
        let organization = text_of(&self.organization);
        let region = text_of(&self.region)?;
        let region = Region::ALL.into_iter().find(|r| r.as_str() == region)?;
        let opened = match self.opened {
            None => None,
            Some(y) => Some(year(y)?),
        };
        let closure = match &self.closed {
            None => Closure::Open,
            Some(YearOrWord::Year(y)) => Closure::InYear(year(*y)?),
            Some(YearOrWord::Word(w)) if Closure::is_unknown_word(w) => Closure::YearUnknown,
            Some(YearOrWord::Word(_)) => return None,
        };
        if closure.before_opening(opened).is_some() {
            return None;
        }
        let refs = match &self.refs {
            None => Vec::new(),
            Some(items) => items
                .iter()
                .map(|&n| u32::try_from(n).ok().filter(|&n| n > 0))
                .collect::<Option<Vec<u32>>>()?,
        };
        let lat = self.lat.filter(|&x| coordinate_ok(x, LAT_LIMIT))?;
        let lon = self.lon.filter(|&x| coordinate_ok(x, LON_LIMIT))?;
        let precision = match self.precision.as_deref() {
            None => Precision::City,
            Some(s) => Precision::ALL.into_iter().find(|p| p.as_str() == s)?,
        };
        let inbound = self.inbound.unwrap_or(false);
        let notes = text_of(&self.notes).unwrap_or_default();
        let word = text_of(&self.word);
        let accredited_to = match &self.accredited_to {
            None => Vec::new(),
            Some(items) => items
                .iter()
                .map(|s| Some(s.trim()).filter(|s| !s.is_empty()))
                .collect::<Option<Vec<&str>>>()?,
        };
        let wikidata = text_of(&self.wikidata);
        if wikidata.is_some_and(|q| crate::model::wikidata_problem(q).is_some()) {
            return None;
        }
        let address = text_of(&self.address);
        let website = text_of(&self.website);
        if website.is_some_and(|w| crate::model::website_problem(w).is_some()) {
            return None;
        }
        Some(
            Parts {
                id,
                sending_state,
                country,
                country_code,
                city,
                kind,
                kind_word,
                organization,
                region,
                opened,
                closure,
                lat,
                lon,
                precision,
                inbound,
                notes,
                word,
                accredited_to,
                wikidata,
                address,
                website,
                refs,
                as_of: None,
                seen_open: None,
                breaks: Vec::new(),
                sender_word: None,
            }
            .mission(interner),
        )
    }
}
