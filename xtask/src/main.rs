//! `cargo xtask ...`: the repository's commands. A thin shell over the library
//! crates: `migrate` forwards to the `pschema` command line with this
//! repository's paths, `fmt` formats the schema file.

mod bench;
mod codegen;

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The repository to work on, found when the command runs, never from a path
/// compiled in: with a `CARGO_TARGET_DIR` shared by several clones, cargo runs
/// the xtask binary one clone built from every other clone whose sources are
/// older than that build. `cargo run` (so `cargo xtask`) sets
/// `CARGO_MANIFEST_DIR` to this clone's `xtask/`; run without cargo, the
/// binary looks up from the working directory.
fn repo_root() -> Result<PathBuf, String> {
    let from_cargo = std::env::var_os("CARGO_MANIFEST_DIR").and_then(|dir| workspace_of(Path::new(&dir)));
    let from_cwd = || std::env::current_dir().ok().and_then(|dir| workspace_of(&dir));
    from_cargo.or_else(from_cwd).ok_or_else(|| {
        "cannot find the repository (a folder with Cargo.toml and xtask/Cargo.toml) from the \
         working directory: run `cargo xtask` inside the repository"
            .to_string()
    })
}

/// The nearest folder, `dir` or above, that holds the workspace: its
/// Cargo.toml and xtask/Cargo.toml.
fn workspace_of(dir: &Path) -> Option<PathBuf> {
    dir.ancestors()
        .find(|d| d.join("Cargo.toml").is_file() && d.join("xtask").join("Cargo.toml").is_file())
        .map(Path::to_path_buf)
}

const USAGE: &str = "usage: cargo xtask <command>

commands:
  migrate <args>   run a pschema command with this repository's migrations and schema
                   (upgrade head, downgrade -1, current, history, heads, revision, check, hash, squash)
  fmt [--check]    format schema/paciolus.pschema
  codegen [--check]
                   write (or check) the code generated from the schema: crates/paciolus-models,
                   generated/python/paciolus_schema.py and the codegen fixtures; see docs/codegen.md
  bench [names]    benchmarks against their references (autogenerate, rebuild, upgrade, current, history, scale,
                   codegen, online, lsp); online takes --rows N (default 1000000) and --ddl-lock-timeout MS;
                   see docs/benchmarks.md
";

fn main() -> ExitCode {
    let mut args = std::env::args_os().skip(1);
    let Some(command) = args.next() else {
        eprint!("{USAGE}");
        return ExitCode::from(2);
    };
    let rest: Vec<OsString> = args.collect();
    if matches!(command.to_str(), Some("help" | "--help" | "-h")) {
        print!("{USAGE}");
        return ExitCode::SUCCESS;
    }
    let root = match repo_root() {
        Ok(root) => root,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    match command.to_str() {
        Some("migrate") => {
            // The program name messages use: `cargo xtask migrate stamp ...`.
            // The paths come from the repository's pschema.toml, found from
            // wherever cargo runs.
            let args = std::iter::once(OsString::from("cargo xtask migrate")).chain(rest);
            pschema_cli::run(args.collect::<Vec<_>>())
        }
        Some("fmt") => {
            let args = std::iter::once(OsString::from("cargo xtask"))
                .chain([OsString::from("fmt")])
                .chain(rest);
            pschema_cli::run(args.collect::<Vec<_>>())
        }
        Some("codegen") => {
            let args: Vec<String> = rest.iter().map(|a| a.to_string_lossy().into_owned()).collect();
            report(codegen::main(&root, &args))
        }
        Some("bench") => {
            let names: Vec<String> = rest.iter().map(|a| a.to_string_lossy().into_owned()).collect();
            report(bench::main(&root, &names))
        }
        Some("bench-codegen") => {
            let args: Vec<String> = rest.iter().map(|a| a.to_string_lossy().into_owned()).collect();
            report(bench::codegen_inner(&args))
        }
        Some("bench-exec-sql") => {
            let args: Vec<String> = rest.iter().map(|a| a.to_string_lossy().into_owned()).collect();
            report(bench::exec_sql(&args))
        }
        _ => {
            eprint!("unknown command {command:?}\n\n{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn report(result: anyhow::Result<()>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}
