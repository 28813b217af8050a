//! Opening other people's tables (`.csv`, `.tsv`, `.txt`) and GeoJSON: the delimiter
//! sniffed (comma, semicolon, tab, pipe), the columns found by their usual names
//! (lat/latitude/y, lon/lng/longitude/x, a WKT `Point(lon lat)`, country, city, type,
//! sender, opened, closed, notes…) or named by the user ([`Mapping`]), rows without
//! coordinates placed by the gazetteer. Bad rows are problems naming the file, line and
//! column; the good rows are kept.

mod columns;
mod geojson_in;
mod rows;
#[cfg(test)]
mod tests;

pub use columns::{Columns, Field, Mapping};
pub use geojson_in::{looks_like_geojson, read_geojson};
pub use rows::{MAX_ROW_BYTES, Preview, Table, file_name, preview, read, read_from};

/// The delimiter of a table: the one of `,` `;` tab `|` found most often outside quotes in
/// its first line.
pub fn sniff_delimiter(first_line: &str) -> u8 {
    const CANDIDATES: [u8; 4] = [b',', b';', b'\t', b'|'];
    let mut counts = [0usize; 4];
    let mut quoted = false;
    for b in first_line.bytes() {
        if b == b'"' {
            quoted = !quoted;
        } else if !quoted
            && let Some(k) = CANDIDATES.iter().position(|c| *c == b)
            && let Some(n) = counts.get_mut(k)
        {
            *n += 1;
        }
    }
    // The most frequent; on a tie, the earlier candidate.
    CANDIDATES
        .iter()
        .zip(counts)
        .rev()
        .max_by_key(|(_, n)| *n)
        .map_or(b',', |(c, _)| *c)
}

/// A coordinate, with a decimal comma accepted ("48,2018"): a coordinate is never above
/// 180, so a lone comma can only be a decimal mark. Anything else ("1.048,5", "48,20,1")
/// is refused, never read wrong.
fn number(s: &str) -> Option<f64> {
    let s = s.trim();
    let v = if s.matches(',').count() == 1 && !s.contains('.') {
        s.replace(',', ".").parse().ok()
    } else {
        s.parse().ok()
    };
    v.filter(|v: &f64| v.is_finite())
}

/// A year: "1990", "1990-05-01", "1990-05-01T00:00:00Z" ("1990-00-00": the month and day
/// not known, as Wikidata writes a year). A date with a month or day no calendar has
/// ("2000-13-45", "2001-02-29") is none.
fn year(s: &str) -> Option<i32> {
    let s = s.trim();
    let digits: String = s.chars().take_while(char::is_ascii_digit).collect();
    let y: i32 = (digits.len() == 4).then(|| digits.parse().ok()).flatten()?;
    let Some(rest) = s.get(4..).and_then(|r| r.strip_prefix('-')) else {
        return Some(y);
    };
    let num = |t: Option<&str>| -> Option<u32> {
        let t = t?;
        (t.len() == 2 && t.bytes().all(|b| b.is_ascii_digit()))
            .then(|| t.parse().ok())
            .flatten()
    };
    let month = num(rest.get(..2))?;
    let day = match rest.get(2..3) {
        Some("-") => Some(num(rest.get(3..5))?),
        _ => None,
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => 0,
    };
    match (month, day) {
        (0, None | Some(0)) => Some(y),
        (1..=12, None) => Some(y),
        (1..=12, Some(d)) if (1..=days).contains(&d) => Some(y),
        _ => None,
    }
}

/// (lon, lat) of a WKT `Point(lon lat)`, any case, with or without a space before `(`.
fn wkt_point(s: &str) -> Option<(f64, f64)> {
    let t = s.trim();
    let head = t.get(..5)?;
    if !head.eq_ignore_ascii_case("point") {
        return None;
    }
    let inner = t.get(5..)?.trim_start().strip_prefix('(')?;
    let inner = inner.strip_suffix(')')?;
    let mut it = inner.split_whitespace();
    let lon: f64 = it.next()?.parse().ok()?;
    let lat: f64 = it.next()?.parse().ok()?;
    (lon.is_finite() && lat.is_finite() && lon.abs() <= 180.0 && lat.abs() <= 90.0)
        .then_some((lon, lat))
}

/// A Wikidata item from an id cell: "Q123" or "`http://www.wikidata.org/entity/Q123`".
fn wikidata_item(s: &str) -> Option<&str> {
    let q = s.trim().rsplit('/').next()?;
    crate::model::wikidata_problem(q).is_none().then_some(q)
}

/// Whether `path` is a table this module reads (by its extension): `.csv`, `.tsv`,
/// `.txt`, or `.geojson`. A `.json` file is GeoJSON when [`looks_like_geojson`] says so.
pub fn is_table(path: &std::path::Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        ["csv", "tsv", "txt", "geojson"]
            .iter()
            .any(|x| e.eq_ignore_ascii_case(x))
    })
}

/// Whether `path` is GeoJSON by its extension.
pub fn is_geojson(path: &std::path::Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("geojson"))
}
