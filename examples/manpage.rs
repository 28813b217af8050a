//! Makes the man pages and the shell completions from the command line's clap
//! definitions (`diplomap::cli::args::Cli`), so that they never drift from `--help`.
//! `scripts/package-deb.sh` runs it.
//!
//! `cargo run --example manpage -- DIR` writes `DIR/man/diplomap.1` (and a page per
//! command, `diplomap-export.1`…) and `DIR/completions/{diplomap.bash,_diplomap,diplomap.fish}`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::CommandFactory;
use clap_complete::Shell;
use diplomap::cli::args::Cli;

fn main() -> ExitCode {
    let Some(dir) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: cargo run --example manpage -- DIR");
        return ExitCode::FAILURE;
    };
    match write_all(&dir) {
        Ok(files) => {
            for f in files {
                println!("{}", f.display());
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("manpage: {e}");
            ExitCode::FAILURE
        }
    }
}

fn write_all(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let mut written = Vec::new();
    let man = dir.join("man");
    let completions = dir.join("completions");
    for d in [&man, &completions] {
        std::fs::create_dir_all(d).map_err(|e| format!("{}: {e}", d.display()))?;
    }
    let mut cmd = Cli::command();
    cmd.build();
    let page = |cmd: clap::Command, path: PathBuf| -> Result<PathBuf, String> {
        let mut out = Vec::new();
        clap_mangen::Man::new(cmd)
            .render(&mut out)
            .map_err(|e| e.to_string())?;
        std::fs::write(&path, out).map_err(|e| format!("{}: {e}", path.display()))?;
        Ok(path)
    };
    written.push(page(cmd.clone(), man.join("diplomap.1"))?);
    for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
        let name = format!("diplomap-{}", sub.get_name());
        // clap names take 'static text; this program ends right after.
        let leaked: &'static str = Box::leak(name.clone().into_boxed_str());
        let sub = sub.clone().name(leaked);
        written.push(page(sub, man.join(format!("{name}.1")))?);
    }
    for (shell, file) in [
        (Shell::Bash, "diplomap.bash"),
        (Shell::Zsh, "_diplomap"),
        (Shell::Fish, "diplomap.fish"),
    ] {
        let path = completions.join(file);
        let mut out = Vec::new();
        clap_complete::generate(shell, &mut cmd, "diplomap", &mut out);
        std::fs::write(&path, out).map_err(|e| format!("{}: {e}", path.display()))?;
        written.push(path);
    }
    Ok(written)
}
