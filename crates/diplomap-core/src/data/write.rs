//! Writing data files: the same field order and number format every time, so that a file
//! written back is byte for byte what was read.

use super::*;

#[derive(Serialize)]
struct MissionOut<'a> {
    id: &'a str,
    sending_state: &'a str,
    country: &'a str,
    country_code: &'a str,
    city: &'a str,
    mission: &'a str,
    organization: Option<&'a str>,
    region: &'static str,
    opened: Option<i32>,
    closed: Value,
    refs: &'a [u32],
    lat: f64,
    lon: f64,
    precision: Precision,
    notes: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    word: Option<&'a str>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    accredited_to: &'a [Text],
    #[serde(skip_serializing_if = "Option::is_none")]
    wikidata: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    address: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    website: Option<&'a str>,
    /// The mission's own source's date, where it is not the data set's.
    #[serde(skip_serializing_if = "Option::is_none")]
    as_of: Option<i32>,
    /// A year a source shows it open, where one is stated.
    #[serde(skip_serializing_if = "Option::is_none")]
    seen_open: Option<i32>,
    /// Its recorded breaks, where it has any.
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    breaks: Vec<BreakOut>,
    #[serde(skip_serializing_if = "Option::is_none")]
    sender_word: Option<&'a str>,
}

#[derive(Serialize)]
struct BreakOut {
    closed: i32,
    reopened: i32,
}

/// Closure as written in the data file and in exports: null, a year, or "unknown".
pub fn closure_value(c: Closure) -> Value {
    match c {
        Closure::Open => Value::Null,
        Closure::InYear(y) => Value::from(y),
        Closure::YearUnknown => Value::from(Closure::UNKNOWN_WORD),
    }
}

/// Rounds coordinates to 5 decimals (about a metre), as the gazetteer stores them.
fn round5(x: f64) -> f64 {
    (x * 1e5).round() / 1e5
}

/// One mission as written in a data file.
fn mission_out(m: &Mission, set_as_of: Option<i32>) -> MissionOut<'_> {
    let extra = m.extra();
    // The source's word stands in "mission" when it reads back as the type ("Chongryon");
    // otherwise "mission" names the type and "word" keeps the word.
    let word = extra.word.as_deref();
    let (mission, word) = match word {
        Some(w) if MissionKind::parse(w) == Some(m.kind) => (w, None),
        Some(w) => (m.kind.as_str(), Some(w)),
        None => (m.kind.as_str(), None),
    };
    MissionOut {
        id: &m.id,
        sending_state: &m.sending_state,
        country: &m.country,
        country_code: &m.country_code,
        city: &m.city,
        mission,
        organization: m.organization.as_deref(),
        region: m.region.as_str(),
        opened: m.opened,
        closed: closure_value(m.closure),
        refs: m.refs(),
        lat: round5(m.lat()),
        lon: round5(m.lon()),
        precision: m.precision,
        notes: m.notes(),
        word,
        accredited_to: &extra.accredited_to,
        wikidata: extra.wikidata.as_deref(),
        address: extra.address.as_deref(),
        website: extra.website.as_deref(),
        as_of: m
            .bounds()
            .and_then(|b| b.as_of.as_ref())
            .map(|b| b.year)
            .filter(|&y| Some(y) != set_as_of),
        seen_open: m
            .bounds()
            .and_then(|b| b.seen_open.as_ref())
            .map(|b| b.year),
        breaks: m
            .breaks()
            .iter()
            .map(|b| BreakOut {
                closed: b.closed,
                reopened: b.reopened,
            })
            .collect(),
        sender_word: extra.sender_word.as_deref(),
    }
}

/// Writes the data set as a data file, one mission at a time (a million missions never
/// become one string).
pub fn write_to(ds: &Dataset, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    let text = |s: &str| serde_json::to_string(s).map_err(std::io::Error::other);
    write!(
        w,
        "{{\n  \"format\": {},\n  \"name\": {},\n  \"source\": {},\n",
        text(FORMAT)?,
        text(&ds.name)?,
        text(&ds.source)?
    )?;
    if let Some(f) = &ds.focus {
        writeln!(w, "  \"focus\": {},", text(f)?)?;
    }
    if let Some(a) = &ds.as_of {
        writeln!(w, "  \"as_of\": {},", a.year)?;
        if a.note != AsOf::DEFAULT_NOTE {
            writeln!(w, "  \"as_of_note\": {},", text(&a.note)?)?;
        }
    }
    write!(w, "  \"missions\": ")?;
    let set_as_of = ds.as_of.as_ref().map(|a| a.year);
    write_array_in_object(w, ds.missions.iter().map(|m| mission_out(m, set_as_of)))?;
    w.write_all(b"\n}\n")
}

/// Writes `items` as a JSON array that is the value of a top-level object member, laid
/// out as `serde_json::to_writer_pretty` lays out the whole document (`[]` when empty,
/// else each item on its own lines, two levels in), one item in memory at a time. The
/// data file writer and the GeoJSON export stream through it.
pub fn write_array_in_object<T: Serialize>(
    w: &mut dyn std::io::Write,
    items: impl Iterator<Item = T>,
) -> std::io::Result<()> {
    let mut buf = Vec::with_capacity(2048);
    let mut first = true;
    for item in items {
        buf.clear();
        serde_json::to_writer_pretty(&mut buf, &item).map_err(std::io::Error::other)?;
        w.write_all(if first { b"[\n" } else { b",\n" })?;
        first = false;
        // Two levels in; JSON text holds no raw line breaks, so this is safe.
        for (k, line) in buf.split(|&b| b == b'\n').enumerate() {
            if k > 0 {
                w.write_all(b"\n")?;
            }
            w.write_all(b"    ")?;
            w.write_all(line)?;
        }
    }
    w.write_all(if first { b"[]" } else { b"\n  ]" })
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
