//! Reading the Wikidata snapshot (`data/sources/wikidata-missions-2022-11.csv`): one mission
//! per row, semicolon-separated, as the database-of-embassies project compiled it.

use crate::error::Problem;

/// One row of the snapshot, as written there.
#[derive(Debug, Clone, PartialEq)]
pub struct SnapshotRow {
    /// Line in the file (the header is line 1).
    pub line: usize,
    /// The sending state ("operator").
    pub operator: String,
    /// The countries the mission is accredited to.
    pub jurisdictions: Vec<String>,
    /// The host country.
    pub country: String,
    /// The city (sometimes a district; sometimes empty).
    pub city: String,
    pub address: String,
    /// The building's coordinates, where Wikidata has them: (lat, lon).
    pub position: Option<(f64, f64)>,
    pub website: String,
    /// Wikidata's word for the type ("embassy", "British High Commission"…).
    pub kind_word: String,
    /// The opening year, from the `creation` date.
    pub opened: Option<i32>,
    /// The mission's item ("Q106450319").
    pub item: String,
}

/// The columns the converter reads, by name.
const COLUMNS: [&str; 12] = [
    "operator",
    "jurisdictions",
    "country",
    "city",
    "address",
    "latitude",
    "longitude",
    "website",
    "type",
    "creation",
    "QID",
    "countryQID",
];

/// The item number at the end of a Wikidata entity URL.
fn item_of(url: &str) -> String {
    url.rsplit('/').next().unwrap_or_default().trim().to_owned()
}

/// Reads the snapshot. A row that cannot be read is a problem naming its line and column;
/// the others are returned.
pub fn read(file: &str, text: &str) -> (Vec<SnapshotRow>, Vec<Problem>) {
    let mut rows = Vec::new();
    let mut problems = Vec::new();
    let mut r = csv::ReaderBuilder::new()
        .delimiter(b';')
        .flexible(false)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let header: Vec<String> = match r.headers() {
        Ok(h) => h.iter().map(str::to_owned).collect(),
        Err(e) => {
            problems.push(Problem::new(file, 1, None, format!("no header: {e}")));
            return (rows, problems);
        }
    };
    let mut at = [0usize; COLUMNS.len()];
    for (slot, name) in at.iter_mut().zip(COLUMNS) {
        match header.iter().position(|h| h == name) {
            Some(i) => *slot = i,
            None => {
                problems.push(Problem::new(file, 1, Some(name), "missing column"));
                return (rows, problems);
            }
        }
    }
    for record in r.records() {
        let record = match record {
            Ok(rec) => rec,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line() as usize);
                problems.push(Problem::new(file, line, None, e.to_string()));
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line() as usize);
        let get = |k: usize| {
            at.get(k)
                .and_then(|&i| record.get(i))
                .unwrap_or_default()
                .trim()
        };
        let coordinate = |k: usize, limit: f64| -> Result<Option<f64>, Problem> {
            let s = get(k);
            if s.is_empty() {
                return Ok(None);
            }
            match s.parse::<f64>() {
                Ok(v) if v.is_finite() && v.abs() <= limit => Ok(Some(v)),
                _ => Err(Problem::new(
                    file,
                    line,
                    COLUMNS.get(k).copied(),
                    format!("\"{s}\" is no coordinate"),
                )),
            }
        };
        let position = match (coordinate(5, 90.0), coordinate(6, 180.0)) {
            (Ok(Some(lat)), Ok(Some(lon))) => Some((lat, lon)),
            (Ok(_), Ok(_)) => None,
            (Err(p), _) | (_, Err(p)) => {
                problems.push(p);
                continue;
            }
        };
        let creation = get(9);
        let opened = if creation.is_empty() {
            None
        } else {
            // "2009-01-01T00:00:00Z"; a year before the common era has a leading '-'.
            match creation.get(..4).and_then(|y| y.parse::<i32>().ok()) {
                Some(y) if !creation.starts_with('-') => Some(y),
                _ => {
                    problems.push(Problem::new(
                        file,
                        line,
                        Some("creation"),
                        format!("\"{creation}\" is no date this converter reads"),
                    ));
                    None
                }
            }
        };
        rows.push(SnapshotRow {
            line,
            operator: get(0).to_owned(),
            jurisdictions: get(1)
                .split('|')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect(),
            country: get(2).to_owned(),
            city: get(3).to_owned(),
            address: get(4).to_owned(),
            position,
            website: get(7).to_owned(),
            kind_word: get(8).to_owned(),
            opened,
            item: item_of(get(10)),
        });
    }
    (rows, problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: &str = "operator;operatorQID;jurisdictions;jurisdictionQIDs;country;countryQID;city;cityQID;address;latitude;longitude;website;type;typeQID;creation;QID\n";

    #[test]
    fn reads_a_row_and_names_bad_ones() {
        let text = format!(
            "{HEAD}Afghanistan;x;Austria|Slovenia;x;Austria;x;Vienna;x;;48.2018;16.3738;http://a.org;embassy;x;1990-05-01T00:00:00Z;http://www.wikidata.org/entity/Q104602592\nB;x;;x;C;x;D;x;;95;1;;embassy;x;;http://www.wikidata.org/entity/Q1\n"
        );
        let (rows, problems) = read("s.csv", &text);
        assert_eq!(rows.len(), 1);
        let r = &rows[0];
        assert_eq!(r.line, 2);
        assert_eq!(r.jurisdictions, ["Austria", "Slovenia"]);
        assert_eq!(r.position, Some((48.2018, 16.3738)));
        assert_eq!((r.opened, r.item.as_str()), (Some(1990), "Q104602592"));
        assert_eq!(problems.len(), 1);
        assert_eq!(
            problems[0].to_string(),
            "s.csv:3: field \"latitude\": \"95\" is no coordinate"
        );
    }
}
