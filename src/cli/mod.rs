//! The command-line subcommands, as plain functions that return what to print.

pub mod args;
mod network;
mod picture;
pub use network::{ChangesOptions, run_changes, run_stats};
pub use picture::{PictureOptions, parse_center, parse_size, run_animate, run_render};

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::data;
use crate::error::{LoadError, Problem};
use crate::export::{self, Format};
use crate::gazetteer::Geocoder;
use crate::import::{self, ImportReport};
use crate::model::{Dataset, Mission, Precision};

/// A command that failed: every line to print on standard error.
#[derive(Debug, thiserror::Error)]
#[error("{}", .0.join("\n"))]
pub struct CommandError(pub Vec<String>);

impl From<LoadError> for CommandError {
    fn from(e: LoadError) -> Self {
        CommandError(e.problems())
    }
}

impl From<Problem> for CommandError {
    fn from(p: Problem) -> Self {
        CommandError(vec![p.to_string()])
    }
}

impl From<crate::error::WriteError> for CommandError {
    fn from(e: crate::error::WriteError) -> Self {
        CommandError(vec![e.to_string()])
    }
}

/// `--data` and how to open it (`--columns`, `--strict`).
#[derive(Debug, Clone, Default)]
pub struct DataArg {
    /// A file, or a built-in set by name; none: the default built-in set.
    pub path: Option<PathBuf>,
    pub open: data::OpenOptions,
}

/// Loads `--data`, or the default built-in set. A table's bad rows are skipped and listed
/// on standard error, with their count (with `--strict`, nothing is loaded); warnings
/// ("read as Latin-1") go there too.
/// The output a command writes to: a file, or standard output for none or `-o -`.
pub fn output_file(output: Option<&Path>) -> Option<&Path> {
    output.filter(|p| *p != Path::new("-"))
}

/// Refuses, before anything is read, an output that cannot be written over (a folder, a
/// pipe, a device) or that is the data file the command reads.
pub fn check_output(output: Option<&Path>, data: &DataArg) -> Result<(), CommandError> {
    let Some(out) = output_file(output) else {
        return Ok(());
    };
    crate::atomic::check_target(out)?;
    let inputs: Vec<&Path> = data.path.as_deref().into_iter().collect();
    crate::atomic::refuse_inputs(out, &inputs)?;
    Ok(())
}

pub fn load(arg: &DataArg) -> Result<Dataset, LoadError> {
    let Some(p) = &arg.path else {
        return data::Builtin::default().load();
    };
    let opened = data::open(p, &arg.open, &mut |_| {})?;
    let mut err = std::io::stderr().lock();
    for w in &opened.warnings {
        let _ = writeln!(err, "{}", crate::text::printable(&w.to_string()));
    }
    if opened.skipped_rows > 0 {
        for s in &opened.skipped {
            let _ = writeln!(err, "{}", crate::text::printable(&s.to_string()));
        }
        if opened.skipped_rows > opened.skipped.len() {
            let _ = writeln!(
                err,
                "… and {} more",
                opened.skipped_rows - opened.skipped.len()
            );
        }
        let _ = writeln!(
            err,
            "{}: {} rows read, {} skipped",
            p.display(),
            opened.dataset.missions.len(),
            opened.skipped_rows
        );
    }
    Ok(opened.dataset)
}

/// Options of `diplomap import`.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    pub input: PathBuf,
    pub output: Option<PathBuf>,
    /// Update this data file in place: refresh the rows from the source, keep what people
    /// added (notes, opening years, missions not in the source).
    pub update: bool,
    pub strict: bool,
    pub force: bool,
    pub sending_state: String,
    pub name: String,
    pub places: Option<PathBuf>,
}

/// What `import` did, for the report printed on standard error.
#[derive(Debug, Clone, Default)]
pub struct ImportOutcome {
    pub report: ImportReport,
    /// The data set that was (or would be) written.
    pub dataset: Dataset,
    /// Lines for the person running the import.
    pub messages: Vec<String>,
}

fn read_text(path: &Path) -> Result<String, CommandError> {
    let bytes = std::fs::read(path)
        .map_err(|e| CommandError(vec![format!("{}: cannot read: {e}", path.display())]))?;
    Ok(data::decode_text(&path.display().to_string(), bytes)?)
}

/// Imports a source list; writes it when an output is given.
pub fn run_import(o: &ImportOptions) -> Result<ImportOutcome, CommandError> {
    if let Some(out) = &o.output {
        crate::atomic::check_target(out)?;
        crate::atomic::refuse_inputs(out, &[o.input.as_path()])?;
    }
    let text = read_text(&o.input)?;
    let geocoder = match &o.places {
        Some(p) => Geocoder::new(
            crate::gazetteer::Gazetteer::embedded(),
            crate::gazetteer::parse_overrides(&p.display().to_string(), &read_text(p)?)?,
        ),
        None => Geocoder::embedded()?,
    };
    let file = o.input.display().to_string();
    let report = import::import(&file, &text, &o.sending_state, &geocoder);
    let mut messages = report.table_summary();
    messages.push(format!(
        "{} missions read from {} tables; {} rows skipped",
        report.missions.len(),
        report.tables.len(),
        report.problems.len()
    ));
    messages.extend(report.problems.iter().map(ToString::to_string));
    if report.tables.is_empty() {
        return Err(CommandError(vec![format!(
            "{file}: no table found (expected a header row like \"Host country | Host city | Mission | Ref. |\")"
        )]));
    }
    if o.strict && !report.problems.is_empty() {
        messages.push("strict mode: nothing written".to_owned());
        return Err(CommandError(messages));
    }

    let dataset = match (&o.output, o.update) {
        (Some(out), true) => {
            let existing = data::load_file(out)?;
            let (ds, notes) = merge(existing, &report.missions);
            messages.extend(notes);
            ds
        }
        _ => {
            let mut ds = Dataset {
                name: o.name.clone(),
                source: format!("Imported from {}", crate::tabular::file_name(&file)),
                focus: Some(o.sending_state.as_str().into()),
                as_of: None,
                missions: report.missions.clone(),
            };
            ds.derive();
            ds
        }
    };
    if let Some(out) = &o.output {
        if out.exists() && !o.update && !o.force {
            return Err(CommandError(vec![format!(
                "{}: exists; use --update to refresh it (keeping notes and added missions) or --force to replace it",
                out.display()
            )]));
        }
        data::save_file(&dataset, out)?;
        messages.push(format!(
            "wrote {} missions to {}",
            dataset.missions.len(),
            out.display()
        ));
    }
    Ok(ImportOutcome {
        report,
        dataset,
        messages,
    })
}

/// Refreshes `existing` with freshly imported rows: the source's fields come from the
/// import, what people added (notes, opening years, building coordinates, missions the
/// source does not list) stays.
pub fn merge(mut existing: Dataset, imported: &[Mission]) -> (Dataset, Vec<String>) {
    let mut by_id: HashMap<&str, &Mission> = imported.iter().map(|m| (m.id.as_str(), m)).collect();
    let mut notes = Vec::new();
    let (mut updated, mut kept) = (0, 0);
    for m in &mut existing.missions {
        match by_id.remove(m.id.as_str()) {
            Some(new) => {
                let keep_location = m.precision == Precision::Building;
                let (opened, note, location, precision, inbound) = (
                    m.opened,
                    m.notes().to_owned(),
                    m.location,
                    m.precision,
                    m.inbound,
                );
                *m = new.clone();
                m.opened = opened;
                m.set_notes(note);
                m.inbound = inbound;
                if keep_location {
                    m.location = location;
                    m.precision = precision;
                }
                updated += 1;
            }
            None => kept += 1,
        }
    }
    let mut added = 0;
    for m in imported {
        if by_id.contains_key(m.id.as_str()) {
            existing.missions.push(m.clone());
            added += 1;
        }
    }
    notes.push(format!(
        "updated {updated} missions, added {added}, kept {kept} that the source does not list"
    ));
    (existing, notes)
}

/// Options of `diplomap export`.
#[derive(Debug, Clone)]
pub struct ExportOptions {
    pub format: Format,
    pub year: Option<i32>,
    pub data: DataArg,
    pub output: Option<PathBuf>,
    /// Only these sending states (names or ISO codes); none: all.
    pub senders: Vec<String>,
    /// Only these host countries (names or ISO codes); none: all.
    pub hosts: Vec<String>,
    /// CSV cells as they are (no `'` before what a spreadsheet takes for a formula).
    pub raw: bool,
}

/// The distinct values of a text field, in first-seen order.
fn distinct<'a>(missions: &'a [Mission], field: impl Fn(&'a Mission) -> &'a str) -> Vec<&'a str> {
    let mut seen = std::collections::HashSet::new();
    missions
        .iter()
        .map(field)
        .filter(|s| seen.insert(*s))
        .collect()
}

/// The names of `asked` as the data set writes them (`KP` → North Korea), or every
/// unknown one with a "did you mean". The gazetteer (tens of MB parsed) is read only
/// when names are asked for.
fn resolve_names(
    ds: &Dataset,
    what: &str,
    asked: &[String],
    field: impl Fn(&Mission) -> &str,
) -> Result<Vec<String>, CommandError> {
    if asked.is_empty() {
        return Ok(Vec::new());
    }
    let gaz = crate::gazetteer::Gazetteer::embedded();
    let known = distinct(&ds.missions, field);
    crate::filter::pick_names(what, asked, &known, gaz).map_err(CommandError)
}

/// Exports the data set (or the missions active in a year) to stdout or a file.
pub fn run_export(o: &ExportOptions, stdout: &mut dyn Write) -> Result<usize, CommandError> {
    check_output(o.output.as_deref(), &o.data)?;
    let ds = load(&o.data)?;
    let senders = resolve_names(&ds, "sending state", &o.senders, |m| &m.sending_state)?;
    let hosts = resolve_names(&ds, "host country", &o.hosts, |m| &m.country)?;
    let missions: Vec<&Mission> = match o.year {
        Some(y) => export::active_in(&ds.missions, y),
        None => ds.missions.iter().collect(),
    }
    .into_iter()
    .filter(|m| senders.is_empty() || senders.iter().any(|s| *s == *m.sending_state))
    .filter(|m| hosts.is_empty() || hosts.iter().any(|h| *h == *m.country))
    .collect();
    let write = |w: &mut dyn Write| match (o.format, o.raw) {
        (Format::Csv, true) => export::write_csv_raw(&missions, o.year, w),
        (format, _) => export::write(format, &missions, o.year, w),
    };
    match output_file(o.output.as_deref()) {
        Some(path) => crate::atomic::write_with(path, write)?,
        None => write(stdout)
            .map_err(|e| CommandError(vec![format!("cannot write to standard output: {e}")]))?,
    }
    Ok(missions.len())
}

/// Validates a data file and checks its coordinates against the geocoder. Returns the
/// lines to print; an error lists the problems.
pub fn run_check(data: &DataArg) -> Result<Vec<String>, CommandError> {
    let ds = load(data)?;
    let geo = Geocoder::embedded()?;
    let file = data
        .path
        .as_deref()
        .map_or(data::Builtin::default().file_name().to_owned(), |p| {
            data::Builtin::named(p)
                .map_or_else(|| p.display().to_string(), |b| b.file_name().to_owned())
        });
    let mut problems = Vec::new();
    for m in &ds.missions {
        if m.precision == Precision::Building {
            continue;
        }
        match geo.locate(&m.country_code, &m.city) {
            Ok(l) => {
                let d = (l.point.x() - m.lon())
                    .abs()
                    .max((l.point.y() - m.lat()).abs());
                if d > 1e-4 {
                    problems.push(format!(
                        "{file}: mission \"{}\": coordinates {:.5}, {:.5} differ from the geocoder's {:.5}, {:.5}",
                        m.id,
                        m.lat(),
                        m.lon(),
                        l.point.y(),
                        l.point.x()
                    ));
                }
            }
            Err(e) => problems.push(format!("{file}: mission \"{}\": {e}", m.id)),
        }
    }
    // Dates and the state tables: told, not refused (a source's year outranks them).
    let findings = crate::evidence::findings(&ds.missions);
    if problems.is_empty() {
        let mut out: Vec<String> = findings
            .iter()
            .map(|(id, f)| format!("{file}: mission \"{id}\": dates: {f}"))
            .collect();
        out.push(format!(
            "{file}: {} missions, all valid and geocoded; {} whose dates the state tables question",
            ds.missions.len(),
            findings.len()
        ));
        Ok(out)
    } else {
        Err(CommandError(problems))
    }
}

/// Options of `diplomap synth`.
#[derive(Debug, Clone)]
pub struct SynthOptions {
    pub n: usize,
    pub seed: u64,
    pub output: PathBuf,
    pub force: bool,
}

/// Writes a synthetic data set (see [`crate::synth`]).
/// The most missions `synth` makes (a million are the benchmarks' largest set).
pub const MAX_SYNTH: usize = 10_000_000;

pub fn run_synth(o: &SynthOptions) -> Result<Vec<String>, CommandError> {
    if o.n > MAX_SYNTH {
        return Err(CommandError(vec![format!(
            "--n {}: at most {MAX_SYNTH} missions (a synthetic set for benchmarks)",
            o.n
        )]));
    }
    crate::atomic::check_target(&o.output)?;
    if o.output.exists() && !o.force {
        return Err(CommandError(vec![format!(
            "{}: exists; pass --force to replace it",
            o.output.display()
        )]));
    }
    let ds = crate::synth::generate(o.n, o.seed);
    data::save_file(&ds, &o.output)?;
    Ok(vec![format!(
        "wrote {} synthetic missions (seed {}) to {}",
        ds.missions.len(),
        o.seed,
        o.output.display()
    )])
}

/// Peak resident memory of this process so far, in MiB (Linux), for reports.
pub fn peak_rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

/// `diplomap bench`: loads a data file, builds the map index and times what the app does
/// with it: a slider sweep over every year at world and city zoom, and a filter change.
/// A quick check on any file; the criterion benches (`cargo bench`) are the reference.
pub fn run_bench(data: &DataArg) -> Result<Vec<String>, CommandError> {
    use crate::index::{MissionIndex, Viewport};
    use std::time::Instant;
    let ms = |t: Instant| t.elapsed().as_secs_f64() * 1e3;
    let mut out = Vec::new();
    let t = Instant::now();
    let ds = load(data)?;
    out.push(format!(
        "load: {} missions in {:.0} ms",
        ds.missions.len(),
        ms(t)
    ));
    let filter = crate::filter::Filter::default();
    let t = Instant::now();
    let mut ix = MissionIndex::build(&ds.missions, &filter);
    out.push(format!(
        "index build: {:.1} ms ({:.1} MiB)",
        ms(t),
        ix.heap_bytes() as f64 / 1048576.0
    ));
    let screen = (1280.0, 800.0);
    let world = Viewport::around((0.0, 20.0), 2.0, screen, 36.0);
    let busiest = ix
        .clusters(&world, 2026)
        .into_iter()
        .max_by_key(|c| c.count())
        .map_or((0.0, 0.0), |c| (c.lon, c.lat));
    let city = Viewport::around(busiest, 10.0, screen, 36.0);
    for (name, v) in [("world zoom 2", world), ("city zoom 10", city)] {
        let mut times = Vec::new();
        let mut drawn = 0;
        for year in crate::timeline::FIRST_YEAR..=2026 {
            let t = Instant::now();
            let c = ix.clusters(&v, year);
            let _ = ix.facet_counts(year);
            times.push(ms(t));
            drawn = drawn.max(c.len());
        }
        times.sort_by(f64::total_cmp);
        let median = times.get(times.len() / 2).copied().unwrap_or(0.0);
        let max = times.last().copied().unwrap_or(0.0);
        out.push(format!(
            "slider step, {name}: median {median:.2} ms, max {max:.2} ms ({} years, up to {drawn} clusters)",
            times.len()
        ));
    }
    // The list panel's work per year: every shown mission, in a list order (here a
    // scattered one, as a sort by name would be), laid out once per order.
    let n = u32::try_from(ds.missions.len()).unwrap_or(u32::MAX);
    let scattered: Vec<u32> = (0..n)
        .map(|i| i.wrapping_mul(2_654_435_761) % n.max(1))
        .collect();
    let view = ix.ordered(scattered);
    let mut times = Vec::new();
    for year in [1950, 1980, 2000, 2026] {
        let t = Instant::now();
        let listed = ix.shown_in(&view, year);
        times.push(ms(t));
        std::hint::black_box(listed.len());
    }
    times.sort_by(f64::total_cmp);
    out.push(format!(
        "list of shown missions per year, in list order: median {:.1} ms",
        times.get(times.len() / 2).copied().unwrap_or(0.0)
    ));
    let t = Instant::now();
    let hide = crate::filter::Filter {
        hidden_kinds: [crate::model::MissionKind::Embassy].into_iter().collect(),
        ..filter
    };
    ix.set_filter(&ds.missions, &hide);
    out.push(format!("filter change (hide embassies): {:.1} ms", ms(t)));
    if let Some(mib) = peak_rss_mib() {
        out.push(format!("peak resident memory: {mib:.0} MiB"));
    }
    Ok(out)
}

/// Builds the built-in data sets from the list's data file and the Wikidata snapshot (see
/// [`crate::world`]). The snapshot's unreadable rows are errors: nothing is built from
/// half a file.
pub fn build_data(list: &Path, snapshot: &Path) -> Result<crate::world::Built, CommandError> {
    let list = data::load_file(list)?;
    let text = read_text(snapshot)?;
    let (rows, problems) = crate::world::snapshot::read(&snapshot.display().to_string(), &text);
    if !problems.is_empty() {
        return Err(CommandError(
            problems.iter().map(ToString::to_string).collect(),
        ));
    }
    let geo = Geocoder::embedded()?;
    Ok(crate::world::build(&list, &rows, &geo))
}

/// The files `build-data` writes under `out`: north-korea.json, world.json and
/// sources/REPORT.md.
pub fn built_paths(out: &Path) -> [PathBuf; 3] {
    [
        out.join("north-korea.json"),
        out.join("world.json"),
        out.join("sources").join("REPORT.md"),
    ]
}

/// `diplomap build-data`: writes the two data sets and the report, each atomically.
pub fn run_build_data(
    list: &Path,
    snapshot: &Path,
    out: &Path,
) -> Result<Vec<String>, CommandError> {
    let built = build_data(list, snapshot)?;
    let [nk, world, report] = built_paths(out);
    data::save_file(&built.north_korea, &nk)?;
    data::save_file(&built.world, &world)?;
    crate::atomic::write(&report, built.report.as_bytes())?;
    Ok(vec![
        format!(
            "{}: {} missions",
            nk.display(),
            built.north_korea.missions.len()
        ),
        format!(
            "{}: {} missions",
            world.display(),
            built.world.missions.len()
        ),
        format!("{}: the report", report.display()),
    ])
}
