//! `diplomap`: with no subcommand, opens the app; otherwise imports, exports or checks data.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use diplomap::cli::{self, CommandError, ExportOptions, ImportOptions};
use diplomap::export::Format;

#[derive(Parser)]
#[command(
    name = "diplomap",
    version,
    about = "Explore a country's diplomatic missions on a map and through time"
)]
struct Cli {
    /// Data file to open, or a built-in set: north-korea (the default) or world
    #[arg(long, global = true, value_name = "FILE|NAME")]
    data: Option<PathBuf>,
    /// Which column of a --data table holds what, beyond the columns found by their
    /// names: lat=NAME,lon=NAME,point=NAME,country=NAME,country_code=NAME,city=NAME,
    /// type=NAME,sender=NAME,opened=NAME,closed=NAME,status=NAME,name=NAME,notes=NAME,
    /// id=NAME… (FIELD= with no name: no column holds it; names cannot hold a comma)
    #[arg(long, global = true, value_name = "FIELD=COLUMN,…")]
    columns: Option<diplomap::tabular::Mapping>,
    /// Import or open nothing when any row of the input is bad (default: keep the good
    /// rows, list the bad ones)
    #[arg(long, global = true)]
    strict: bool,
    /// Tile server URL template with {z}, {x} and {y} (also: DIPLOMAP_TILES)
    #[arg(long, value_name = "URL")]
    tiles: Option<String>,
    /// Do not download map tiles
    #[arg(long)]
    offline: bool,
    /// Settings file (default: ~/.config/diplomap/settings.ron)
    #[arg(long, value_name = "FILE")]
    settings: Option<PathBuf>,
    #[command(subcommand)]
    command: Option<Command>,
}

/// What `render` and `animate` share.
#[derive(clap::Args)]
struct PictureArgs {
    /// Only this sending state's missions (name or ISO code; repeatable)
    #[arg(long = "sender", value_name = "NAME")]
    senders: Vec<String>,
    /// The map's centre (default: fit the missions shown)
    #[arg(long, value_name = "LON,LAT", value_parser = cli::parse_center, allow_hyphen_values = true)]
    center: Option<(f64, f64)>,
    /// The map's zoom, 0 to 19 (with --center; default 2, or what fits)
    #[arg(long)]
    zoom: Option<f64>,
    /// Fit the missions shown (the default without --center)
    #[arg(long, conflicts_with = "center")]
    fit: bool,
    /// Picture size in pixels
    #[arg(long, value_name = "WxH", default_value = "1280x800", value_parser = cli::parse_size)]
    size: (u32, u32),
    /// Colours
    #[arg(long, value_enum, default_value = "light")]
    theme: ThemeArg,
    /// Where to write: OUT.svg or OUT.png (render), OUT.gif (animate)
    #[arg(short, long, value_name = "OUT")]
    output: PathBuf,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum StatsFormat {
    Csv,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum ThemeArg {
    Light,
    Dark,
}

impl PictureArgs {
    fn options(self, data: cli::DataArg) -> cli::PictureOptions {
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
enum FormatArg {
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
enum Command {
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
    /// Rank the sending states in a year: one CSV row each, with sending_state, missions,
    /// host_countries, countries_covered, missions_may_be_open, sender_class,
    /// posts_not_counted, other_places. Counted as indexes of diplomatic networks count:
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
    /// List the missions that opened or closed in the years after --from up to --to, with
    /// a "change" column (opened or closed)
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
    /// Make the built-in data sets (north-korea, world) and their report from the list and
    /// the Wikidata snapshot
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

/// On Ctrl+C or SIGTERM, the temporary file of a write under way is removed before the
/// process ends (as it would have ended: 128 + the signal).
#[cfg(unix)]
fn remove_temporaries_on_signals() {
    use signal_hook::consts::{SIGINT, SIGTERM};
    let mut signals = match signal_hook::iterator::Signals::new([SIGINT, SIGTERM]) {
        Ok(s) => s,
        Err(e) => {
            log::warn!("cannot watch for Ctrl+C: a temporary file may be left behind: {e}");
            return;
        }
    };
    let spawned = std::thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            if let Some(sig) = signals.forever().next() {
                diplomap::atomic::remove_temporaries();
                std::process::exit(128 + sig);
            }
        });
    if let Err(e) = spawned {
        log::warn!("cannot watch for Ctrl+C: a temporary file may be left behind: {e}");
    }
}

fn main() -> ExitCode {
    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("warn")).init();
    diplomap::memory::return_big_blocks();
    #[cfg(unix)]
    remove_temporaries_on_signals();
    let cli = Cli::parse();
    let data = cli::DataArg {
        path: cli.data.clone(),
        open: diplomap::data::OpenOptions {
            mapping: cli.columns.clone().unwrap_or_default(),
            strict: cli.strict,
        },
    };
    let result = match cli.command {
        None => {
            return run_app(diplomap::app::Options {
                data: cli.data,
                columns: cli.columns,
                strict: cli.strict,
                tiles: cli.tiles,
                offline: cli.offline,
                settings: cli.settings,
            });
        }
        Some(Command::Import {
            file,
            output,
            update,
            force,
            sending_state,
            name,
            places,
        }) => cli::run_import(&ImportOptions {
            input: file,
            output,
            update,
            strict: cli.strict,
            force,
            sending_state,
            name,
            places,
        })
        .map(|o| o.messages),
        Some(Command::Export {
            format,
            year,
            output,
            senders,
            hosts,
            raw,
        }) => {
            let stdout = std::io::stdout();
            let mut lock = stdout.lock();
            let to_file = cli::output_file(output.as_deref()).is_some();
            cli::run_export(
                &ExportOptions {
                    format: format.into(),
                    year,
                    data,
                    output,
                    senders,
                    hosts,
                    raw,
                },
                &mut lock,
            )
            .map(|n| {
                if to_file {
                    vec![format!("exported {n} missions")]
                } else {
                    Vec::new()
                }
            })
        }
        Some(Command::Render { year, picture }) => cli::run_render(&cli::PictureOptions {
            year,
            ..picture.options(data)
        }),
        Some(Command::Animate {
            from,
            to,
            fps,
            picture,
        }) => cli::run_animate(&cli::PictureOptions {
            from,
            to,
            fps,
            ..picture.options(data)
        }),
        Some(Command::Stats {
            year,
            all_posts,
            all_senders,
            format: StatsFormat::Csv,
        }) => {
            let counting = diplomap::senders::Counting {
                all_posts,
                all_senders,
            };
            cli::run_stats(&data, year, counting, &mut std::io::stdout().lock()).map(|_| Vec::new())
        }
        Some(Command::Changes {
            from,
            to,
            format,
            output,
        }) => {
            let to_file = output.is_some();
            cli::run_changes(
                &cli::ChangesOptions {
                    data,
                    from,
                    to,
                    format: format.into(),
                    output,
                },
                &mut std::io::stdout().lock(),
            )
            .map(|n| {
                if to_file {
                    vec![format!("{n} changes")]
                } else {
                    Vec::new()
                }
            })
        }
        Some(Command::Check) => cli::run_check(&data),
        Some(Command::Synth {
            n,
            seed,
            output,
            force,
        }) => cli::run_synth(&cli::SynthOptions {
            n,
            seed,
            output,
            force,
        }),
        Some(Command::Bench) => cli::run_bench(&data),
        Some(Command::BuildData {
            list,
            snapshot,
            out,
        }) => cli::run_build_data(&list, &snapshot, &out),
    };
    report(result)
}

fn report(result: Result<Vec<String>, CommandError>) -> ExitCode {
    let stderr = std::io::stderr();
    let mut err = stderr.lock();
    for w in diplomap::atomic::take_warnings() {
        let _ = writeln!(err, "diplomap: warning: {}", diplomap::text::printable(&w));
    }
    match result {
        Ok(lines) => {
            for l in lines {
                let _ = writeln!(err, "{}", diplomap::text::printable(&l));
            }
            ExitCode::SUCCESS
        }
        Err(CommandError(lines)) => {
            for l in lines {
                let _ = writeln!(err, "{}", diplomap::text::printable(&l));
            }
            ExitCode::FAILURE
        }
    }
}

fn run_app(options: diplomap::app::Options) -> ExitCode {
    match diplomap::app::run(options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("diplomap: {e:#}");
            ExitCode::FAILURE
        }
    }
}
