//! A table's rows read into missions, as a stream: one row in memory at a time.

use std::borrow::Cow;
use std::io::{BufRead, BufReader, Read};

use geo_types::Point;

use super::columns::{Columns, Field, Mapping};
use super::{number, sniff_delimiter, wikidata_item, wkt_point, year};
use crate::data::{Interner, MAX_PROBLEMS, YEAR_RANGE};
use crate::error::Problem;
use crate::gazetteer::{Country, Geocoder};
use crate::model::{Closure, Dataset, Extra, Mission, MissionKind, Precision, Region};
use crate::text::fold;

/// A row longer than this is refused (memory stays bounded by the rows, not by one line).
pub const MAX_ROW_BYTES: usize = 1 << 20;

/// The sending state of rows that name none, in a table without a sender column.
const NO_SENDER: &str = "Unknown";

/// What reading a table gave.
#[derive(Debug, Default)]
pub struct Table {
    pub dataset: Dataset,
    /// The rows left out, each with its line and column (the first [`MAX_PROBLEMS`]), or
    /// why the whole table was refused (then the data set is empty).
    pub problems: Vec<Problem>,
    /// How many rows were left out.
    pub skipped_rows: usize,
    /// What was read differently from what the file said, with no row left out ("read as
    /// Latin-1").
    pub warnings: Vec<Problem>,
    /// The header as written, and which column holds what.
    pub header: Vec<String>,
    pub columns: Columns,
}

impl Table {
    pub(super) fn refused(file: &str, line: usize, field: Option<&str>, why: String) -> Table {
        Table {
            dataset: empty_dataset(file),
            problems: vec![Problem::new(file, line, field, why)],
            ..Table::default()
        }
    }

    /// Whether nothing could be read: the data set is empty and there is a reason.
    pub fn is_refused(&self) -> bool {
        self.dataset.missions.is_empty() && !self.problems.is_empty()
    }
}

/// A path's last part ("x.csv" of "/home/me/x.csv").
pub fn file_name(path: &str) -> &str {
    path.rsplit(['/', '\\'])
        .next()
        .filter(|n| !n.is_empty())
        .unwrap_or(path)
}

fn empty_dataset(file: &str) -> Dataset {
    // The file by its name only: a picture's credits never tell where it lies.
    let name = file_name(file);
    Dataset {
        name: name.to_owned(),
        source: format!(
            "Opened from {name}; places without coordinates from GeoNames (CC BY 4.0)."
        ),
        focus: None,
        as_of: None,
        missions: Vec::new(),
    }
}

/// Reads a table held in memory (see [`read_from`]).
pub fn read(file: &str, text: &str, geo: &Geocoder<'_>, mapping: &Mapping) -> Table {
    read_from(file, text.as_bytes(), geo, mapping)
}

/// Reads a table from `src`, one row at a time. Text that is not UTF-8 is read as Latin-1, with a warning. Bad rows are left out
/// and listed; the good ones kept.
pub fn read_from(file: &str, src: impl Read, geo: &Geocoder<'_>, mapping: &Mapping) -> Table {
    let mut r = match csv_reader(src) {
        Ok(r) => r,
        Err(e) => return Table::refused(file, 0, None, format!("cannot read: {e}")),
    };
    let mut warnings = Vec::new();
    let latin1 = |line: usize, warnings: &mut Vec<Problem>| {
        if warnings.is_empty() {
            warnings.push(Problem::new(
                file,
                line,
                None,
                "not UTF-8 text: rows that are not were read as Latin-1 (ISO 8859-1); \
                 check the accents, or save the file as UTF-8",
            ));
        }
    };
    let header: Vec<String> = match r.byte_headers() {
        Ok(h) => {
            let (cells, ok) = decode(h);
            if !ok {
                latin1(1, &mut warnings);
            }
            cells.iter().map(|c| c.trim().to_owned()).collect()
        }
        Err(e) => return Table::refused(file, 1, None, format!("no header row: {e}")),
    };
    let mut t = read_rows(file, header, geo, mapping, None, |push| {
        let mut rec = csv::ByteRecord::new();
        loop {
            let line = usize::try_from(r.position().line()).unwrap_or(usize::MAX);
            match r.read_byte_record(&mut rec) {
                Ok(false) => break,
                Ok(true) if rec.as_slice().len() > MAX_ROW_BYTES => {
                    push(Row::Skipped(Problem::new(
                        file,
                        line,
                        None,
                        format!("a row of over {} bytes; left out", MAX_ROW_BYTES),
                    )))
                }
                Ok(true) => {
                    let line = rec
                        .position()
                        .and_then(|p| usize::try_from(p.line()).ok())
                        .unwrap_or(line);
                    let (cells, ok) = decode(&rec);
                    if !ok {
                        latin1(line, &mut warnings);
                    }
                    push(Row::Cells(line, &cells));
                }
                Err(e) => {
                    let line = e
                        .position()
                        .and_then(|p| usize::try_from(p.line()).ok())
                        .unwrap_or(line);
                    // An I/O error ends the table; a malformed row is left out.
                    if let csv::ErrorKind::Io(io) = e.kind() {
                        push(Row::Skipped(Problem::new(
                            file,
                            line,
                            None,
                            format!("cannot read: {io}"),
                        )));
                        break;
                    }
                    push(Row::Skipped(Problem::new(file, line, None, e.to_string())));
                }
            }
        }
    });
    t.warnings = warnings;
    t
}

/// A row as a table's source hands it to [`read_rows`].
pub(super) enum Row<'c> {
    /// A row's line (or number) and its cells, in the header's order.
    Cells(usize, &'c [Cow<'c, str>]),
    /// A row left out before it could be read, and why.
    Skipped(Problem),
}

/// Reads the rows `feed` hands over, one at a time, into missions: under `header`, with
/// the columns `mapping` names or detection finds. Rows that are not lines of a file are
/// named in problems by `numbered` ("feature 3: …"). The first [`MAX_PROBLEMS`] rows left
/// out are kept with their reasons, the others counted. A CSV file and a GeoJSON
/// FeatureCollection are both read through here.
pub(super) fn read_rows(
    file: &str,
    header: Vec<String>,
    geo: &Geocoder<'_>,
    mapping: &Mapping,
    numbered: Option<&str>,
    feed: impl FnOnce(&mut dyn FnMut(Row<'_>)),
) -> Table {
    let columns = match Columns::with_mapping(&header, mapping) {
        Ok(c) => c,
        Err(e) => return Table::refused(file, 1, None, e),
    };
    if let Some(why) = missing_columns(&columns, &header) {
        return Table::refused(file, 1, None, why);
    }
    let mut rows = Rows {
        file,
        header: &header,
        c: &columns,
        geo,
        texts: Interner::default(),
    };
    let mut ds = empty_dataset(file);
    let mut problems = Vec::new();
    let mut skipped_rows = 0usize;
    let mut n = 0u64;
    feed(&mut |row| {
        n += 1;
        let result = match row {
            Row::Cells(line, cells) => rows.mission(line, cells),
            Row::Skipped(p) => Err(p),
        };
        match result {
            Ok(m) => ds.missions.push(m),
            Err(mut p) => {
                skipped_rows += 1;
                if problems.len() < MAX_PROBLEMS {
                    if let Some(word) = numbered {
                        p.message = format!("{word} {}: {}", p.line, p.message);
                    }
                    problems.push(p);
                }
            }
        }
    });
    drop(rows);
    if n == 0 {
        return Table::refused(file, 1, None, "no rows under the header".to_owned());
    }
    crate::model::make_ids_unique(&mut ds.missions);
    // The inbound layer: a table that marks it names the state it is about.
    ds.focus = ds
        .missions
        .iter()
        .find(|m| m.inbound)
        .map(|m| m.country.clone());
    ds.derive();
    Table {
        dataset: ds,
        problems,
        skipped_rows,
        warnings: Vec::new(),
        header,
        columns,
    }
}

/// Stops a table at a line longer than [`MAX_ROW_BYTES`]: memory stays bounded by the
/// rows kept, not by one endless line.
struct LineLimit<R> {
    inner: R,
    since_newline: usize,
}

impl<R: Read> Read for LineLimit<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        let read = buf.get(..n).unwrap_or_default();
        // The longest run without a line break, the one carried over from before included.
        let mut longest = 0;
        let mut start = 0;
        for at in memchr::memchr_iter(b'\n', read) {
            let run = at - start + if start == 0 { self.since_newline } else { 0 };
            longest = longest.max(run);
            start = at + 1;
        }
        let tail = read.len() - start;
        self.since_newline = tail + if start == 0 { self.since_newline } else { 0 };
        longest = longest.max(self.since_newline);
        if longest > MAX_ROW_BYTES {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!("a line of over {MAX_ROW_BYTES} bytes; the rest of the table is not read"),
            ));
        }
        Ok(n)
    }
}

/// A CSV reader for a table, its delimiter sniffed from the first line.
fn csv_reader<R: Read>(src: R) -> std::io::Result<csv::Reader<BufReader<LineLimit<R>>>> {
    let src = LineLimit {
        inner: src,
        since_newline: 0,
    };
    let mut src = BufReader::with_capacity(1 << 16, src);
    let buf = src.fill_buf()?;
    let first = buf.split(|&b| b == b'\n').next().unwrap_or_default();
    let delimiter = sniff_delimiter(&String::from_utf8_lossy(first));
    Ok(csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(src))
}

/// The first rows of a table, for the mapping window.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Preview {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// The header and rows as a comma-separated table, to read with a mapping.
    pub text: String,
}

/// The header and first `n` rows of a table, or of a GeoJSON file's features (`geojson`).
pub fn preview(file: &str, src: impl Read, geojson: bool, n: usize) -> Result<Preview, Problem> {
    let cannot =
        |e: &dyn std::fmt::Display| Problem::new(file, 0, None, format!("cannot read: {e}"));
    let (header, rows) = if geojson {
        let mut text = String::new();
        BufReader::new(src)
            .read_to_string(&mut text)
            .map_err(|e| cannot(&e))?;
        super::geojson_in::first_rows(&text, n).map_err(|why| Problem::new(file, 0, None, why))?
    } else {
        let mut r = csv_reader(src).map_err(|e| cannot(&e))?;
        let header: Vec<String> = match r.byte_headers() {
            Ok(h) => decode(h).0.iter().map(|c| c.trim().to_owned()).collect(),
            Err(e) => return Err(Problem::new(file, 1, None, format!("no header row: {e}"))),
        };
        let mut rows = Vec::new();
        let mut rec = csv::ByteRecord::new();
        while rows.len() < n && r.read_byte_record(&mut rec).unwrap_or(false) {
            if rec.as_slice().len() <= MAX_ROW_BYTES {
                rows.push(decode(&rec).0.iter().map(|c| c.to_string()).collect());
            }
        }
        (header, rows)
    };
    // Every cell quoted: a delimiter inside one (a column named "a;b;c") cannot sway the
    // sniffing when the text is read back.
    let mut w = csv::WriterBuilder::new()
        .quote_style(csv::QuoteStyle::Always)
        .from_writer(Vec::new());
    for row in std::iter::once(&header).chain(&rows) {
        // Writing to memory does not fail.
        let _ = w.write_record(row);
    }
    let text = w
        .into_inner()
        .ok()
        .and_then(|b| String::from_utf8(b).ok())
        .unwrap_or_default();
    Ok(Preview { header, rows, text })
}

/// Why no row of a table with these columns could be read, if so.
fn missing_columns(c: &Columns, header: &[String]) -> Option<String> {
    let has = |f| c.get(f).is_some();
    let columns = header.join(", ");
    if !has(Field::Country) && !has(Field::CountryCode) {
        return Some(format!(
            "no column for the host country (country, host, country_code…; its columns: \
             {columns}); name it with --columns country=NAME"
        ));
    }
    if !(has(Field::Lat) && has(Field::Lon) || has(Field::Point) || has(Field::City)) {
        return Some(format!(
            "no coordinates (lat and lon, or a WKT point) and no city column (its columns: \
             {columns}); name them with --columns lat=NAME,lon=NAME"
        ));
    }
    None
}

/// A record's cells as text: UTF-8 when it is (`true`), else each byte as its Latin-1
/// character (`false`).
fn decode(rec: &csv::ByteRecord) -> (Vec<Cow<'_, str>>, bool) {
    if let Ok(s) = std::str::from_utf8(rec.as_slice()) {
        // The whole record is UTF-8, so each field (a byte range of it) is too.
        let mut out = Vec::with_capacity(rec.len());
        let mut start = 0;
        for field in rec {
            let end = start + field.len();
            out.push(Cow::Borrowed(s.get(start..end).unwrap_or_default()));
            start = end;
        }
        return (out, true);
    }
    let cells = rec
        .iter()
        .map(|f| match std::str::from_utf8(f) {
            Ok(s) => Cow::Borrowed(s),
            Err(_) => Cow::Owned(f.iter().map(|&b| char::from(b)).collect()),
        })
        .collect();
    (cells, false)
}

/// The reader's state across rows.
struct Rows<'a, 'g> {
    file: &'a str,
    header: &'a [String],
    c: &'a Columns,
    geo: &'a Geocoder<'g>,
    texts: Interner,
}

impl<'g> Rows<'_, 'g> {
    fn problem(&self, line: usize, f: Field, why: String) -> Problem {
        let column = self.c.get(f).and_then(|i| self.header.get(i));
        Problem::new(self.file, line, column.map(String::as_str), why)
    }

    /// One row's mission, or why it has none.
    fn mission(&mut self, line: usize, cells: &[Cow<'_, str>]) -> Result<Mission, Problem> {
        let c = self.c;
        // A cell our CSV writer kept from being a formula ('=…) reads as it was.
        let cell = |f: Field| -> &str {
            c.get(f)
                .and_then(|i| cells.get(i))
                .map_or("", |s| crate::export::unquote_formula(s.trim()))
        };
        let at = self.coordinates(line, &cell)?;
        let country = self.country(line, &cell)?;
        // A row with both keeps its own name for the country the code names.
        let country_name = match (cell(Field::CountryCode), cell(Field::Country)) {
            ("", _) | (_, "") => country.name.as_str(),
            (_, name) => name,
        };
        let gaz = self.geo.gazetteer();
        // A building without a city is named by the gazetteer's nearest city to it.
        let city = match (cell(Field::City), at) {
            ("", Some((lon, lat))) => gaz
                .nearest_city((lat, lon), 40.0, Some(&country.code))
                .map(|n| n.name.clone())
                .ok_or_else(|| {
                    self.problem(
                        line,
                        Field::City,
                        "empty, and no city of the gazetteer near the coordinates".to_owned(),
                    )
                })?,
            (city, _) => city.to_owned(),
        };
        let (point, mut precision) = match at {
            Some((lon, lat)) => (Point::new(lon, lat), Precision::Building),
            None => match self.geo.locate(&country.code, &city) {
                Ok(l) if !city.is_empty() => (l.point, l.precision),
                _ => {
                    return Err(self.problem(
                        line,
                        Field::City,
                        format!(
                            "no coordinates, and \"{city}\" is no city of {} the gazetteer knows",
                            country.name
                        ),
                    ));
                }
            },
        };
        if at.is_some() && !cell(Field::Precision).is_empty() {
            precision = Precision::parse(cell(Field::Precision)).ok_or_else(|| {
                self.problem(
                    line,
                    Field::Precision,
                    format!(
                        "\"{}\" is no precision (building, city or country)",
                        cell(Field::Precision)
                    ),
                )
            })?;
        }
        let name = cell(Field::Name);
        let (kind, word) = kind_of(cell(Field::Kind), name);
        let (opened, closure) = self.years(line, &cell)?;
        let sender = match cell(Field::Sender) {
            "" => sender_in_name(self.geo, name).unwrap_or(NO_SENDER),
            s => s,
        };
        let sender = self.texts.get(sender);
        let id_cell = cell(Field::Id);
        let item = match cell(Field::Wikidata) {
            "" => wikidata_item(id_cell),
            q => match wikidata_item(q) {
                Some(q) => Some(q),
                None => {
                    let why = crate::model::wikidata_problem(q).unwrap_or_default();
                    return Err(self.problem(line, Field::Wikidata, why));
                }
            },
        };
        if let Some(why) = Some(cell(Field::Website))
            .filter(|w| !w.is_empty())
            .and_then(crate::model::website_problem)
        {
            return Err(self.problem(line, Field::Website, why));
        }
        let id = match (id_cell, wikidata_item(id_cell)) {
            ("", _) => format!(
                "{}-{}-{line}",
                country.code.to_ascii_lowercase(),
                crate::import::slug(&city)
            ),
            (_, Some(q)) => q.to_owned(),
            (s, None) => s.to_owned(),
        };
        let region = match cell(Field::Region) {
            "" => country.region().unwrap_or(Region::Asia),
            r => Region::parse(r).ok_or_else(|| {
                let all: Vec<&str> = Region::ALL.iter().map(|r| r.as_str()).collect();
                self.problem(
                    line,
                    Field::Region,
                    format!("\"{r}\" is no region ({})", all.join(", ")),
                )
            })?,
        };
        let refs = cell(Field::Refs)
            .split(|ch: char| ch.is_whitespace() || ch == '|' || ch == ',')
            .filter(|r| !r.is_empty())
            .map(|r| {
                r.trim_matches(['[', ']'])
                    .parse::<u32>()
                    .ok()
                    .filter(|n| *n > 0)
            })
            .collect::<Option<Vec<u32>>>()
            .ok_or_else(|| {
                self.problem(
                    line,
                    Field::Refs,
                    format!("\"{}\" are no reference numbers", cell(Field::Refs)),
                )
            })?;
        let inbound = match fold(cell(Field::Inbound)).as_str() {
            "" | "false" | "no" | "0" => false,
            "true" | "yes" | "1" => true,
            other => {
                return Err(self.problem(
                    line,
                    Field::Inbound,
                    format!("\"{other}\" is neither true nor false"),
                ));
            }
        };
        let optional = |s: &str| (!s.is_empty()).then(|| s.to_owned());
        let accredited_to = cell(Field::AccreditedTo)
            .split(['|', ';'])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| self.texts.get(s))
            .collect();
        let extra = Extra {
            word: word.map(|w| self.texts.get(w)),
            accredited_to,
            wikidata: item.map(|q| self.texts.get(q)),
            address: optional(cell(Field::Address)),
            website: optional(cell(Field::Website)),
            notes: match cell(Field::Notes) {
                "" => name,
                n => n,
            }
            .to_owned(),
            refs,
            breaks: crate::timeline::Break::parse_text(cell(Field::Breaks))
                .map_err(|why| self.problem(line, Field::Breaks, why))?,
            sender_word: None,
        };
        if let Some(why) = crate::timeline::Break::problem(opened, closure, &extra.breaks) {
            return Err(self.problem(line, Field::Breaks, why));
        }
        let year_in = |f: Field| match cell(f) {
            "" => Ok(None),
            s => year(s)
                .filter(|y| YEAR_RANGE.contains(y))
                .map(Some)
                .ok_or_else(|| self.problem(line, f, format!("\"{s}\" is no year"))),
        };
        let bounds = crate::data::stated_bounds(
            year_in(Field::AsOf)?,
            year_in(Field::OpenedBy)?,
            Some((cell(Field::AsOfReason), cell(Field::OpenedByReason))),
        );
        Ok(Mission {
            id: id.into(),
            sending_state: sender,
            country: self.texts.get(country_name),
            country_code: self.texts.get(&country.code),
            city: self.texts.get(&city),
            kind,
            organization: optional(cell(Field::Organization)).map(|o| self.texts.get(&o)),
            region,
            opened,
            closure,
            location: point,
            precision,
            inbound,
            bounds,
            extra: extra.boxed(),
        })
    }

    /// The row's coordinates, (lon, lat): from lat and lon, or from a WKT point; none
    /// when the row has neither.
    fn coordinates<'c>(
        &self,
        line: usize,
        cell: &dyn Fn(Field) -> &'c str,
    ) -> Result<Option<(f64, f64)>, Problem> {
        let c = self.c;
        let (la, lo) = (cell(Field::Lat), cell(Field::Lon));
        if c.get(Field::Lat).is_some()
            && c.get(Field::Lon).is_some()
            && !(la.is_empty() && lo.is_empty())
        {
            return match (number(la), number(lo)) {
                (Some(lat), Some(lon)) if lat.abs() <= 90.0 && lon.abs() <= 180.0 => {
                    Ok(Some((lon, lat)))
                }
                _ => Err(self.problem(
                    line,
                    Field::Lat,
                    format!(
                        "\"{la}\", \"{lo}\" are no coordinates (latitude −90…90, longitude \
                         −180…180, a point or a lone comma as the decimal mark)"
                    ),
                )),
            };
        }
        match cell(Field::Point) {
            "" => Ok(None),
            p => wkt_point(p).map(Some).ok_or_else(|| {
                self.problem(line, Field::Point, format!("\"{p}\" is no Point(lon lat)"))
            }),
        }
    }

    /// The host country, by its code or else its name.
    fn country<'c>(
        &self,
        line: usize,
        cell: &dyn Fn(Field) -> &'c str,
    ) -> Result<&'g Country, Problem> {
        let gaz = self.geo.gazetteer();
        let (code, name) = (cell(Field::CountryCode), cell(Field::Country));
        if !code.is_empty() {
            return gaz.country(code).ok_or_else(|| {
                self.problem(
                    line,
                    Field::CountryCode,
                    format!("unknown country code \"{code}\""),
                )
            });
        }
        match gaz.country(name) {
            Some(k) => Ok(k),
            None if name.is_empty() => {
                Err(self.problem(line, Field::Country, "no host country".to_owned()))
            }
            None => Err(self.problem(line, Field::Country, format!("unknown country \"{name}\""))),
        }
    }

    /// The year opened and the closure: a closing year, "unknown", or a status of
    /// "closed" with no year.
    fn years<'c>(
        &self,
        line: usize,
        cell: &dyn Fn(Field) -> &'c str,
    ) -> Result<(Option<i32>, Closure), Problem> {
        let in_range = |f: Field, y: i32| {
            if YEAR_RANGE.contains(&y) {
                Ok(y)
            } else {
                Err(self.problem(line, f, format!("{y} is no year a data file takes")))
            }
        };
        let opened = match cell(Field::Opened) {
            "" => None,
            s => Some(
                year(s)
                    .ok_or_else(|| self.problem(line, Field::Opened, format!("\"{s}\" is no year")))
                    .and_then(|y| in_range(Field::Opened, y))?,
            ),
        };
        let closure = match cell(Field::Closed) {
            "" if fold(cell(Field::Status)) == "closed" => Closure::YearUnknown,
            "" => Closure::Open,
            s if Closure::is_unknown_word(s) => Closure::YearUnknown,
            s => Closure::InYear(
                year(s)
                    .ok_or_else(|| self.problem(line, Field::Closed, format!("\"{s}\" is no year")))
                    .and_then(|y| in_range(Field::Closed, y))?,
            ),
        };
        if let Some(why) = closure.before_opening(opened) {
            return Err(self.problem(line, Field::Closed, why));
        }
        Ok((opened, closure))
    }
}

/// The type of a row, and the source's own word when it is not the type's name: from the
/// type cell, else from the start of the name ("Embassy of Sweden in …"), else an embassy.
fn kind_of<'a>(word: &'a str, name: &str) -> (MissionKind, Option<&'a str>) {
    if word.is_empty() {
        return (kind_in_name(name).unwrap_or(MissionKind::Embassy), None);
    }
    match MissionKind::parse(word) {
        Some(k) if k.is_own_name(word) => (k, None),
        Some(k) => (k, Some(word)),
        // A name in the type column (a Wikidata query's missionLabel): the type its
        // first words give, the whole kept as the source's word.
        None => (kind_in_name(word).unwrap_or(MissionKind::Other), Some(word)),
    }
}

/// The words of a name before " of " or " to " ("Consulate General of Japan in …").
fn name_head(name: &str) -> Option<&str> {
    [" of ", " to ", " in "]
        .iter()
        .filter_map(|sep| name.find(sep))
        .min()
        .and_then(|i| name.get(..i))
}

fn kind_in_name(name: &str) -> Option<MissionKind> {
    name_head(name).and_then(MissionKind::parse)
}

/// The sending state a name gives: the country after " of " ("Embassy of Sweden in
/// Pyongyang" → Sweden), as the gazetteer names it.
fn sender_in_name<'a>(geo: &'a Geocoder<'_>, name: &str) -> Option<&'a str> {
    let rest = name.split_once(" of ")?.1;
    let words: Vec<&str> = rest.split_whitespace().take(6).collect();
    (1..=words.len()).rev().find_map(|n| {
        let candidate = words.get(..n)?.join(" ");
        let candidate = candidate.trim_end_matches([',', '.', ')']);
        geo.gazetteer().country(candidate).map(|k| k.name.as_str())
    })
}
