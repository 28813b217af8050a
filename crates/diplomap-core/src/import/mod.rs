//! Importing a list of missions in the source's pipe-table format.
//!
//! The source is an encyclopedia page flattened to text: prose lines, and tables whose
//! rows are cells separated by `|`. A table starts with a header row (`Host country | Host
//! city | Mission | Ref. |`) and a separator row (`---|---|`). Its quirks, all handled here:
//!
//! - a row may continue the country or organisation of the row above by leaving it out
//!   (`Shenyang | Consulate General | [14] | |` under China's Beijing row);
//! - a closed mission's year cell may be missing, its reference then sliding into it
//!   (`Gabon | Libreville | Embassy | [47] | |`): closed, year unknown;
//! - a row may carry two references (`[38] [39]`) or none.
//!
//! Rows that cannot be read are reported with their line number and skipped; in strict
//! mode any problem fails the import.

use crate::error::Problem;
use crate::gazetteer::Geocoder;
use crate::model::{Closure, Extra, Mission, MissionKind, Region};
use crate::text::{self, fold};

/// A column the importer understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    Country,
    City,
    Mission,
    Organization,
    YearClosed,
    Ref,
}

impl Column {
    fn parse(cell: &str) -> Option<Column> {
        match fold(cell).as_str() {
            "host country" | "country" => Some(Column::Country),
            "host city" | "city" => Some(Column::City),
            "mission" | "mission level" | "mission type" => Some(Column::Mission),
            "organization" | "organisation" => Some(Column::Organization),
            "year closed" | "closed" => Some(Column::YearClosed),
            "ref" | "refs" | "reference" | "references" => Some(Column::Ref),
            _ => None,
        }
    }

    pub fn header(self) -> &'static str {
        match self {
            Column::Country => "Host country",
            Column::City => "Host city",
            Column::Mission => "Mission",
            Column::Organization => "Organization",
            Column::YearClosed => "Year closed",
            Column::Ref => "Ref.",
        }
    }
}

/// A table found in the input.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Line of its header row.
    pub line: usize,
    pub columns: Vec<Column>,
    /// Rows read successfully.
    pub rows: usize,
    /// Region of its rows, when they all share one.
    pub region: Option<Region>,
}

impl Table {
    /// A table of closed missions (it has a "Year closed" column).
    pub fn is_closed(&self) -> bool {
        self.columns.contains(&Column::YearClosed)
    }
}

/// A table row, read but not yet geocoded.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceRow {
    pub line: usize,
    /// Index into [`ParsedList::tables`].
    pub table: usize,
    pub country: String,
    pub city: String,
    pub kind: MissionKind,
    /// The list's word for the type ("Chongryon"), as written.
    pub kind_word: String,
    pub organization: Option<String>,
    pub closure: Closure,
    pub refs: Vec<u32>,
}

/// The tables and rows of a source list.
#[derive(Debug, Clone, Default)]
pub struct ParsedList {
    pub tables: Vec<Table>,
    pub rows: Vec<SourceRow>,
    pub problems: Vec<Problem>,
}

/// Splits a table line into trimmed cells. One trailing (and one leading) empty cell made
/// by a closing (opening) pipe is dropped.
fn cells(line: &str) -> Vec<&str> {
    let mut c: Vec<&str> = line.split('|').map(str::trim).collect();
    if line.trim_end().ends_with('|') && c.last() == Some(&"") {
        c.pop();
    }
    if line.trim_start().starts_with('|') && c.first() == Some(&"") {
        c.remove(0);
    }
    c
}

fn is_separator(cells: &[&str]) -> bool {
    !cells.is_empty()
        && cells.iter().any(|c| c.contains('-'))
        && cells
            .iter()
            .all(|c| c.chars().all(|ch| matches!(ch, '-' | ':' | ' ')))
}

/// `[38] [39]` → `[38, 39]`; an empty cell → `[]`; anything else (including `[0]`:
/// references count from 1) → `None`.
pub fn parse_refs(cell: &str) -> Option<Vec<u32>> {
    let mut refs = Vec::new();
    let mut rest = cell.trim();
    while !rest.is_empty() {
        let inner = rest.strip_prefix('[')?;
        let end = inner.find(']')?;
        let n: u32 = inner.get(..end)?.trim().parse().ok()?;
        if n == 0 {
            return None;
        }
        refs.push(n);
        rest = inner.get(end + 1..)?.trim_start();
    }
    Some(refs)
}

fn looks_like_refs(cell: &str) -> bool {
    !cell.trim().is_empty() && parse_refs(cell).is_some()
}

/// Reads the tables of a source list. `file` is used in messages only.
pub fn parse_list(file: &str, text: &str) -> ParsedList {
    let mut out = ParsedList::default();
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // Index of the current table, and the group (country or organisation) of the last row.
    let mut current: Option<usize> = None;
    let mut last_group: Option<String> = None;
    for (i, raw) in text.lines().enumerate() {
        let line_no = i + 1;
        if !raw.contains('|') {
            // Prose ends a table.
            current = None;
            continue;
        }
        let c = cells(raw);
        if is_separator(&c) {
            continue;
        }
        let header: Option<Vec<Column>> = c.iter().map(|cell| Column::parse(cell)).collect();
        if let Some(columns) = header {
            let has = |col| columns.contains(&col);
            if has(Column::City)
                && has(Column::Mission)
                && (has(Column::Country) || has(Column::Organization))
            {
                out.tables.push(Table {
                    line: line_no,
                    columns,
                    rows: 0,
                    region: None,
                });
                current = out.tables.len().checked_sub(1);
                last_group = None;
                continue;
            }
        }
        let Some(t) = current else {
            // A stray piped line outside any table (e.g. a navigation box): not data.
            continue;
        };
        match read_row(file, line_no, t, &out.tables, c, &mut last_group) {
            Ok(row) => {
                if let Some(table) = out.tables.get_mut(t) {
                    table.rows += 1;
                }
                out.rows.push(row);
            }
            Err(p) => out.problems.push(p),
        }
    }
    out
}

fn read_row(
    file: &str,
    line: usize,
    t: usize,
    tables: &[Table],
    cells_in: Vec<&str>,
    last_group: &mut Option<String>,
) -> Result<SourceRow, Problem> {
    let Some(table) = tables.get(t) else {
        return Err(Problem::new(file, line, None, "row outside a table"));
    };
    let cols = &table.columns;
    let pos = |col: Column| cols.iter().position(|&x| x == col);
    let group_col = cols.first().copied().unwrap_or(Column::Country);
    let problem =
        |col: Option<Column>, msg: String| Problem::new(file, line, col.map(Column::header), msg);

    // A row that leaves out its first cell continues the group of the row above: its
    // mission type then stands one cell to the left of the Mission column.
    let mission_at = pos(Column::Mission).unwrap_or(0);
    let shifted = mission_at > 0
        && cells_in
            .get(mission_at - 1)
            .is_some_and(|s| MissionKind::parse(s).is_some())
        && cells_in
            .get(mission_at)
            .is_none_or(|s| MissionKind::parse(s).is_none());
    let group_owned: String;
    let mut c: Vec<&str> = if shifted {
        let Some(g) = last_group.clone() else {
            return Err(problem(
                Some(group_col),
                format!(
                    "the row leaves out its {} but there is no row above to take it from",
                    group_col.header()
                ),
            ));
        };
        group_owned = g;
        std::iter::once(group_owned.as_str())
            .chain(cells_in)
            .collect()
    } else {
        cells_in
    };
    // Cells beyond the header's columns must be empty.
    while c.len() > cols.len() {
        match c.last() {
            Some(&"") => {
                c.pop();
            }
            _ => {
                return Err(problem(
                    None,
                    format!(
                        "{} cells, but the table has {} columns",
                        c.len(),
                        cols.len()
                    ),
                ));
            }
        }
    }
    let cell = |col: Column| pos(col).and_then(|i| c.get(i).copied()).unwrap_or("");

    let group = cell(group_col);
    if group.is_empty() {
        return Err(problem(Some(group_col), "empty".to_owned()));
    }
    let city = cell(Column::City);
    if city.is_empty() {
        return Err(problem(Some(Column::City), "empty".to_owned()));
    }
    let country = match group_col {
        Column::Organization => cell(Column::Country),
        _ => group,
    };
    if country.is_empty() {
        return Err(problem(Some(Column::Country), "empty".to_owned()));
    }
    let kind_cell = cell(Column::Mission);
    let kind = MissionKind::parse(kind_cell).ok_or_else(|| {
        problem(
            Some(Column::Mission),
            if kind_cell.is_empty() {
                "empty".to_owned()
            } else {
                text::unknown_word(
                    "mission type",
                    kind_cell,
                    &MissionKind::ALL.map(MissionKind::as_str),
                )
            },
        )
    })?;

    let mut ref_cell = cell(Column::Ref);
    let mut year_cell = cell(Column::YearClosed);
    if table.is_closed() && looks_like_refs(year_cell) && ref_cell.is_empty() {
        // The year is missing and the reference slid into its cell.
        ref_cell = year_cell;
        year_cell = "";
    }
    let closure = if table.is_closed() {
        if year_cell.is_empty() {
            Closure::YearUnknown
        } else {
            match year_cell.parse::<i32>() {
                Ok(y) if crate::data::YEAR_RANGE.contains(&y) => Closure::InYear(y),
                _ => {
                    return Err(problem(
                        Some(Column::YearClosed),
                        format!("\"{year_cell}\" is not a year"),
                    ));
                }
            }
        }
    } else {
        Closure::Open
    };
    let refs = parse_refs(ref_cell).ok_or_else(|| {
        problem(
            Some(Column::Ref),
            format!("\"{ref_cell}\" is not a list of references like [38] [39]"),
        )
    })?;

    *last_group = Some(group.to_owned());
    Ok(SourceRow {
        line,
        table: t,
        country: country.to_owned(),
        city: city.to_owned(),
        kind,
        kind_word: kind_cell.to_owned(),
        organization: (group_col == Column::Organization).then(|| group.to_owned()),
        closure,
        refs,
    })
}

/// A lower-case, hyphenated identifier part: "Santiago de Chile" → "santiago-de-chile".
pub fn slug(s: &str) -> String {
    fold(s).replace(' ', "-")
}

/// The result of an import.
#[derive(Debug, Clone, Default)]
pub struct ImportReport {
    pub tables: Vec<Table>,
    pub missions: Vec<Mission>,
    /// Rows that could not be read or placed, each with its line.
    pub problems: Vec<Problem>,
}

impl ImportReport {
    /// One line per table: where it starts, what it holds.
    pub fn table_summary(&self) -> Vec<String> {
        self.tables
            .iter()
            .enumerate()
            .map(|(i, t)| {
                format!(
                    "table {} (line {}): {} rows, {}{}",
                    i + 1,
                    t.line,
                    t.rows,
                    t.region.map_or("mixed regions", Region::as_str),
                    if t.is_closed() {
                        ", closed missions"
                    } else {
                        ""
                    }
                )
            })
            .collect()
    }
}

/// Reads, resolves and geocodes a source list.
pub fn import(
    file: &str,
    text: &str,
    sending_state: &str,
    geocoder: &Geocoder<'_>,
) -> ImportReport {
    let parsed = parse_list(file, text);
    let mut report = ImportReport {
        tables: parsed.tables,
        missions: Vec::with_capacity(parsed.rows.len()),
        problems: parsed.problems,
    };
    let mut table_regions: Vec<Vec<Region>> = vec![Vec::new(); report.tables.len()];
    for row in parsed.rows {
        let gaz = geocoder.gazetteer();
        let Some(country) = gaz.country(&row.country) else {
            report.problems.push(Problem::new(
                file,
                row.line,
                Some(Column::Country.header()),
                format!("unknown country \"{}\"", row.country),
            ));
            continue;
        };
        let region = if row.organization.is_some() {
            Region::Multilateral
        } else if let Some(r) = country.region() {
            r
        } else {
            report.problems.push(Problem::new(
                file,
                row.line,
                Some(Column::Country.header()),
                format!("no region is known for \"{}\"", row.country),
            ));
            continue;
        };
        let located = match geocoder.locate(&country.code, &row.city) {
            Ok(l) => l,
            Err(e) => {
                report.problems.push(Problem::new(
                    file,
                    row.line,
                    Some(Column::City.header()),
                    e.to_string(),
                ));
                continue;
            }
        };
        if let Some(r) = table_regions.get_mut(row.table) {
            r.push(region);
        }
        let mut id = format!(
            "{}-{}-{}",
            country.code.to_ascii_lowercase(),
            slug(&row.city),
            slug(&row.kind_word)
        );
        if let Some(org) = &row.organization {
            id.push('-');
            id.push_str(&slug(org));
        }
        report.missions.push(Mission {
            id: id.into(),
            sending_state: sending_state.into(),
            country: row.country.into(),
            country_code: country.code.as_str().into(),
            city: row.city.into(),
            kind: row.kind,
            organization: row.organization.map(Into::into),
            region,
            opened: None,
            closure: row.closure,
            location: located.point,
            precision: located.precision,
            inbound: false,
            bounds: None,
            extra: Extra {
                word: (!row.kind.is_own_name(&row.kind_word))
                    .then(|| row.kind_word.as_str().into()),
                refs: row.refs,
                ..Extra::default()
            }
            .boxed(),
        });
    }
    // Repeats get -2, -3, … (see `make_ids_unique`).
    crate::model::make_ids_unique(&mut report.missions);
    for (t, regions) in report.tables.iter_mut().zip(table_regions) {
        if let Some(first) = regions.first()
            && regions.iter().all(|r| r == first)
        {
            t.region = Some(*first);
        }
    }
    report.problems.sort_by_key(|p| p.line);
    report
}

#[cfg(test)]
mod tests;
