//! `diplomap`: with no subcommand, opens the app; otherwise imports, exports or checks data.

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;
use diplomap::cli::args::{Cli, Command, StatsFormat};
use diplomap::cli::{self, CommandError, ExportOptions, ImportOptions};

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
    if cli.version {
        print!("{}", diplomap::cli::args::version_text());
        return ExitCode::SUCCESS;
    }
    let data_path = match cli.data_path() {
        Ok(p) => p,
        Err(e) => {
            eprintln!("diplomap: {}", diplomap::text::printable(&e));
            return ExitCode::FAILURE;
        }
    };
    let data = cli::DataArg {
        path: data_path.clone(),
        open: diplomap::data::OpenOptions {
            mapping: cli.columns.clone().unwrap_or_default(),
            strict: cli.strict,
        },
    };
    let result = match cli.command {
        None => {
            return run_app(diplomap::app::Options {
                data: data_path,
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
