//! `cargo xtask ...`: the repository's commands. A thin shell over the library
//! crates: `migrate` forwards to the `pschema` command line with this
//! repository's paths, `fmt` formats the schema file.

mod bench;

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

fn repo_root() -> PathBuf {
    // xtask/ sits at the top of the repository.
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

const USAGE: &str = "usage: cargo xtask <command>

commands:
  migrate <args>   run a pschema command with this repository's migrations and schema
                   (upgrade head, downgrade -1, current, history, heads, revision, check, hash)
  fmt [--check]    format schema/paciolus.pschema
  bench [names]    benchmarks against their references (autogenerate, rebuild, upgrade, current, scale);
                   see docs/benchmarks.md
";

fn main() -> ExitCode {
    let mut args = std::env::args_os().skip(1);
    let Some(command) = args.next() else {
        eprint!("{USAGE}");
        return ExitCode::from(2);
    };
    let rest: Vec<OsString> = args.collect();
    let root = repo_root();
    let repo_paths = [
        OsString::from("--migrations-dir"),
        root.join("migrations").into_os_string(),
        OsString::from("--schema"),
        root.join("schema").join("paciolus.pschema").into_os_string(),
    ];
    match command.to_str() {
        Some("migrate") => {
            let args = std::iter::once(OsString::from("pschema")).chain(repo_paths).chain(rest);
            pschema_cli::run(args.collect::<Vec<_>>())
        }
        Some("fmt") => {
            let args = std::iter::once(OsString::from("pschema"))
                .chain(repo_paths)
                .chain([OsString::from("fmt")])
                .chain(rest);
            pschema_cli::run(args.collect::<Vec<_>>())
        }
        Some("bench") => {
            let names: Vec<String> = rest.iter().map(|a| a.to_string_lossy().into_owned()).collect();
            report(bench::main(&root, &names))
        }
        Some("bench-exec-sql") => {
            let args: Vec<String> = rest.iter().map(|a| a.to_string_lossy().into_owned()).collect();
            report(bench::exec_sql(&args))
        }
        Some("help" | "--help" | "-h") => {
            print!("{USAGE}");
            ExitCode::SUCCESS
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
