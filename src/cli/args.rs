//! The command line's arguments, as clap reads them: the binary parses them, and the
//! man page and the shell completions are made from the same definitions
//! (`examples/manpage.rs`), never written by hand.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::cli;
use crate::export::Format;

#[derive(Parser)]
#[command(
    name = "diplomap",
    about = "Explore a country's diplomatic missions on a map and through time",
    long_about = "Explore a country's diplomatic missions on a map and through time.\n\n\
        With no command, opens the app (on FILE, if given); with a command, imports, \
        exports, draws or counts the data of --data.",
    disable_version_flag = true
)]
pub struct Cli {
    /// A data file to open in the app (as --data; "Open with Diplomap" passes it)
    #[arg(value_name = "FILE")]
    pub file: Option<PathBuf>,
    /// Data file to open, or a built-in set: north-korea (the default) or world
    #[arg(long, global = true, value_name = "FILE|NAME")]
    pub data: Option<PathBuf>,
    /// Which column of a --data table holds what, beyond the columns found by their
    /// names: lat=NAME,lon=NAME,point=NAME,country=NAME,country_code=NAME,city=NAME,
    /// type=NAME,sender=NAME,opened=NAME,closed=NAME,status=NAME,name=NAME,notes=NAME,
    /// id=NAME… (FIELD= with no name: no column holds it; names cannot hold a comma)
    #[arg(long, global = true, value_name = "FIELD=COLUMN,…")]
    pub columns: Option<crate::tabular::Mapping>,
    /// Import or open nothing when any row of the input is bad (default: keep the good
    /// rows, list the bad ones)
    #[arg(long, global = true)]
    pub strict: bool,
    /// Tile server URL template with {z}, {x} and {y} (also: DIPLOMAP_TILES)
    #[arg(long, value_name = "URL")]
    pub tiles: Option<String>,
    /// Do not download map tiles
    #[arg(long)]
    pub offline: bool,
    /// Settings file (default: ~/.config/diplomap/settings.ron)
    #[arg(long, value_name = "FILE")]
    pub settings: Option<PathBuf>,
    /// Print the version and the built-in data sets' names and dates
    #[arg(short = 'V', long)]
    pub version: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
}

impl Cli {
    /// The data `--data` or the app's FILE names (given once: both is an error).
    pub fn data_path(&self) -> Result<Option<PathBuf>, String> {
        match (&self.data, &self.file) {
            (Some(d), Some(f)) if d != f => Err(format!(
                "a data file is given twice ({} and --data {}): give one",
                f.display(),
                d.display()
            )),
            (d, f) => Ok(d.clone().or_else(|| f.clone())),
        }
    }
}

/// What `--version` prints: the version, then each built-in data set with its name, its
/// missions and the year its sources describe.
pub fn version_text() -> String {
    let mut out = format!(
        "diplomap {}\nbuilt-in data sets:\n",
        env!("CARGO_PKG_VERSION")
    );
    for b in crate::data::Builtin::ALL {
        match b.summary() {
            Ok(s) => out.push_str(&format!(
                "  {:<12} {}: {} missions, as of {}\n",
                b.name(),
                s.name,
                s.missions,
                s.as_of
                    .map_or_else(|| "an unknown year".to_owned(), |y| y.to_string())
            )),
            Err(e) => out.push_str(&format!("  {:<12} cannot be read: {e}\n", b.name())),
        }
    }
    out
}

/// What `render` and `animate` share.
#[derive(clap::Args)]
pub struct PictureArgs {
    /// Only this sending state's missions (name or ISO code; repeatable)
    #[arg(long = "sender", value_name = "NAME")]
    pub senders: Vec<String>,
    /// The map's centre (default: fit the missions shown)
    #[arg(long, value_name = "LON,LAT", value_parser = cli::parse_center, allow_hyphen_values = true)]
    pub center: Option<(f64, f64)>,
    /// The map's zoom, 0 to 19 (with --center; default 2, or what fits)
    #[arg(long)]
    pub zoom: Option<f64>,
    /// Fit the missions shown (the default without --center)
    #[arg(long, conflicts_with = "center")]
    pub fit: bool,
    /// Picture size in pixels
    #[arg(long, value_name = "WxH", default_value = "1280x800", value_parser = cli::parse_size)]
    pub size: (u32, u32),
    /// Colours
    #[arg(long, value_enum, default_value = "light")]
    pub theme: ThemeArg,
    /// Where to write: OUT.svg or OUT.png (render), OUT.gif (animate)
    #[arg(short, long, value_name = "OUT")]
    pub output: PathBuf,
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum StatsFormat {
    Csv,
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum ThemeArg {
    Light,
    Dark,
}

impl PictureArgs {
    pub fn options(self, data: cli::DataArg) -> cli::PictureOptions {
        cli::PictureOptions {
            data,
            senders: self.senders,
            center: self.center,
            zoom: self.zoom,
            size: self.size,
            dark: matches!(self.theme, ThemeArg::Dark),
            output: self.output,
            ..cli::PictureOptions::default()
        }
    }
}

/// `--format`: the export formats by their command-line names.
#[derive(Clone, Copy, clap::ValueEnum)]
pub enum FormatArg {
    Geojson,
    Csv,
}

impl From<FormatArg> for Format {
    fn from(f: FormatArg) -> Format {
        match f {
            FormatArg::Geojson => Format::GeoJson,
            FormatArg::Csv => Format::Csv,
        }
    }
}

#[derive(Subcommand)]
pub enum Command {
    /// Read a list in the source's pipe-table format, geocode it, and write a data file
    Import {
        /// The list to read
        file: PathBuf,
        /// Where to write the data file (default: only report)
        #[arg(short, long, value_name = "OUT")]
        output: Option<PathBuf>,
        /// Refresh OUT in place: the source's rows are replaced, notes, opening years and
        /// missions the source does not list are kept
        #[arg(long, requires = "output")]
        update: bool,
        /// Replace OUT if it exists
        #[arg(long)]
        force: bool,
        /// The state whose missions the list describes
        #[arg(long, default_value = "North Korea")]
        sending_state: String,
        /// The data set's name, shown in the window title
        #[arg(long, default_value = "North Korea's diplomatic missions")]
        name: String,
        /// Geocoding overrides (default: the built-in data/places.json)
        #[arg(long, value_name = "FILE")]
        places: Option<PathBuf>,
    },
    /// Write the data set, or the missions open or closing in a year, as GeoJSON or CSV
    Export {
        #[arg(long, value_enum)]
        format: FormatArg,
        /// Only the missions open or closing in this year
        #[arg(long)]
        year: Option<i32>,
        /// Output file (default: standard output)
        #[arg(short, long, value_name = "OUT")]
        output: Option<PathBuf>,
        /// Only missions of this sending state (a name or ISO code; repeatable)
        #[arg(long = "sender", value_name = "NAME")]
        senders: Vec<String>,
        /// Only missions in this host country (a name or ISO code; repeatable)
        #[arg(long = "host", value_name = "NAME")]
        hosts: Vec<String>,
        /// CSV cells as they are: a cell beginning with = + - @ is not kept from being a
        /// spreadsheet formula (a leading ')
        #[arg(long)]
        raw: bool,
    },
    /// Draw the map of a year as SVG (editable paths and text) or PNG
    Render {
        /// The year (default: this year)
        #[arg(long)]
        year: Option<i32>,
        #[command(flatten)]
        picture: PictureArgs,
    },
    /// Draw the timeline as an animated GIF, one frame per year
    Animate {
        /// The first year (default: the data's first)
        #[arg(long)]
        from: Option<i32>,
        /// The last year (default: this year)
        #[arg(long)]
        to: Option<i32>,
        /// Frames (years) per second, 1 to 50
        #[arg(long, default_value_t = 4)]
        fps: u32,
        #[command(flatten)]
        picture: PictureArgs,
    },
    /// Rank the sending states in a year, as indexes of diplomatic networks count (CSV)
    ///
    /// One CSV row each, with sending_state, missions, host_countries, countries_covered,
    /// missions_may_be_open, sender_class, posts_not_counted, other_places. Counted as
    /// indexes of diplomatic networks count:
    /// diplomatic and consular posts of states; host countries and countries covered are
    /// sovereign states, missions to organisations aside
    Stats {
        /// The year (default: this year)
        #[arg(long)]
        year: Option<i32>,
        /// Count honorary posts, trade offices and other posts too
        #[arg(long)]
        all_posts: bool,
        /// Rank senders that are not states too (sub-state governments, organisations…)
        #[arg(long)]
        all_senders: bool,
        /// The table's format
        #[arg(long, value_enum, default_value = "csv")]
        format: StatsFormat,
    },
    /// List the missions that opened or closed after --from up to --to
    ///
    /// One row per mission and change, with a "change" column (opened or closed).
    Changes {
        #[arg(long)]
        from: i32,
        #[arg(long)]
        to: i32,
        #[arg(long, value_enum)]
        format: FormatArg,
        /// Write to OUT instead of standard output
        #[arg(short, long, value_name = "OUT")]
        output: Option<PathBuf>,
    },
    /// Validate a data file and check its coordinates against the gazetteer
    Check,
    /// Write a synthetic data set of N missions around real cities (for benchmarks)
    Synth {
        /// How many missions
        #[arg(long)]
        n: usize,
        /// Seed: the same seed gives the same data set
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Where to write it
        #[arg(short, long, value_name = "OUT")]
        output: PathBuf,
        /// Replace OUT if it exists
        #[arg(long)]
        force: bool,
    },
    /// Time loading, indexing and map queries on the data set (see BENCHMARKS.md)
    Bench,
    /// Make the built-in data sets and their report from the list and the Wikidata snapshot
    ///
    /// Writes north-korea.json, world.json and sources/REPORT.md under --out.
    BuildData {
        /// The list's data set
        #[arg(long, default_value = "data/missions.json")]
        list: PathBuf,
        /// The Wikidata snapshot
        #[arg(long, default_value = "data/sources/wikidata-missions-2022-11.csv")]
        snapshot: PathBuf,
        /// Where to write north-korea.json and world.json (the report goes to
        /// sources/REPORT.md there)
        #[arg(long, default_value = "data")]
        out: PathBuf,
    },
}
