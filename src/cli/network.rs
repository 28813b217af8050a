//! `diplomap stats` and `diplomap changes`: the numbers of the network views, for scripts.

use std::io::Write;
use std::path::PathBuf;

use super::{CommandError, DataArg, load};
use crate::export::{self, Format};
use crate::model::Mission;
use crate::network;

/// `diplomap stats`: one CSV row per sending state with a counted mission operating (or
/// that may be) in `year`, ranked ([`network::RANKING_COLUMNS`]).
pub fn run_stats(
    data: &DataArg,
    year: Option<i32>,
    counting: crate::senders::Counting,
    out: &mut dyn Write,
) -> Result<usize, CommandError> {
    let ds = load(data)?;
    let year = year.unwrap_or_else(crate::app::current_year);
    let gaz = crate::gazetteer::Gazetteer::embedded();
    let rows = network::ranking(&ds.missions, year, None, gaz, counting);
    network::write_ranking_csv(&rows, out)
        .map_err(|e| CommandError(vec![format!("cannot write the table: {e}")]))?;
    Ok(rows.len())
}

/// Options of `diplomap changes`.
#[derive(Debug, Clone)]
pub struct ChangesOptions {
    pub data: DataArg,
    pub from: i32,
    pub to: i32,
    pub format: Format,
    pub output: Option<PathBuf>,
}

/// `diplomap changes`: the missions that opened or closed in the years after `from` up
/// to `to`, with a `change` column (`opened` or `closed`). Returns how many rows.
pub fn run_changes(o: &ChangesOptions, stdout: &mut dyn Write) -> Result<usize, CommandError> {
    if o.from >= o.to {
        return Err(CommandError(vec![format!(
            "--from {} --to {}: the first year must be before the last",
            o.from, o.to
        )]));
    }
    super::check_output(o.output.as_deref(), &o.data)?;
    let ds = load(&o.data)?;
    let changes = network::changes(&ds.missions, o.from, o.to);
    let rows: Vec<(&Mission, &str)> = changes
        .iter()
        .filter_map(|(i, c, _)| ds.missions.get(*i).map(|m| (m, c.as_str())))
        .collect();
    match super::output_file(o.output.as_deref()) {
        Some(path) => {
            crate::atomic::write_with(path, |w| export::write_tagged(o.format, &rows, "change", w))?
        }
        None => export::write_tagged(o.format, &rows, "change", stdout)
            .map_err(|e| CommandError(vec![format!("cannot write to standard output: {e}")]))?,
    }
    Ok(rows.len())
}
