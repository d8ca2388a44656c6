//! The `pschema` command line. `cargo xtask migrate ...` forwards here with the
//! repository's paths filled in; the standalone binary runs where there is no
//! Rust toolchain (Paciolus's production image).
//!
//! Output is for people by default and JSON with `--json` ([`output`]); every
//! error goes to the same place as the output it replaces, and the exit code
//! is non-zero. Messages that suggest a command name the program the user
//! ran (`pschema`, or `cargo xtask migrate`).

mod args;
mod commands;
pub mod config;
pub mod output;
mod progress;

pub use args::{Cli, Command, DEFAULT_DATABASE_URL, EXIT_DRIFT};
use clap::Parser;
use output::Output;
use pschema_migrate::Error;
use std::ffi::OsString;
use std::process::ExitCode;

/// Something went wrong; `Migrate` carries the library's error, the others
/// are the command line's own outcomes.
pub(crate) enum Failure {
    Migrate(Error),
    /// A check found differences (`lint --fail-on`, `fmt --check`): exit 1.
    Check(String),
    /// `pschema.toml` or `.env` cannot be read.
    Config(String),
    /// `schema diagram` was asked for a table the schema does not have.
    Diagram(pschema_diagram::Error),
    /// `check` found drift: exit [`args::EXIT_DRIFT`], told apart from errors.
    Drift(String),
}

impl Failure {
    fn exit_code(&self) -> ExitCode {
        match self {
            Failure::Drift(_) => ExitCode::from(args::EXIT_DRIFT),
            Failure::Migrate(_) | Failure::Check(_) | Failure::Config(_) | Failure::Diagram(_) => ExitCode::FAILURE,
        }
    }
}

impl From<pschema_diagram::Error> for Failure {
    fn from(e: pschema_diagram::Error) -> Failure {
        Failure::Diagram(e)
    }
}

impl From<Error> for Failure {
    fn from(e: Error) -> Failure {
        Failure::Migrate(e)
    }
}

/// The program as the user ran it, for messages: the first argument's file
/// name (`pschema`), or what `cargo xtask` passes (`cargo xtask migrate`).
fn program_name(first: Option<&OsString>) -> String {
    first
        .map(std::path::Path::new)
        .and_then(|p| p.file_name())
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "pschema".to_string())
}

/// An error as a person reads it: the message, then the command that helps,
/// named as the user would type it.
pub fn render_error(program: &str, e: &Error) -> String {
    match hint(program, e) {
        Some(hint) => format!("{e}; {hint}"),
        None => e.to_string(),
    }
}

/// The command that would help, named as the user would type it.
pub fn hint(program: &str, e: &Error) -> Option<String> {
    e.hint().map(|h| format!("{} `{program} {}`", h.text, h.command))
}

pub fn run(args: impl IntoIterator<Item = impl Into<OsString> + Clone>) -> ExitCode {
    let args: Vec<OsString> = args.into_iter().map(Into::into).collect();
    let program = program_name(args.first());
    let mut cli = match Cli::try_parse_from(&args).and_then(Cli::refuse_verbose_and_quiet) {
        Ok(cli) => cli,
        Err(e) => {
            print_usage_error(&e, &args);
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    let mut out = Output::new(cli.json, cli.verbosity(), program);
    let cwd = std::env::current_dir().unwrap_or_else(|_| std::path::PathBuf::from("."));
    if let Err(e) = cli.resolve(&cwd) {
        out.error(Failure::Config(e.to_string()));
        return ExitCode::FAILURE;
    }
    match commands::execute(&cli, &mut out) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            let code = failure.exit_code();
            out.error(failure);
            code
        }
    }
}

/// clap's message, which may quote an argument: a database URL put in the
/// wrong place comes back with its password redacted.
fn print_usage_error(e: &clap::Error, args: &[OsString]) {
    let secret: Vec<(String, String)> = args
        .iter()
        .map(|a| a.to_string_lossy().into_owned())
        .filter_map(|a| {
            let shown = pschema_driver::url::redact(&a);
            (shown != a).then_some((a, shown))
        })
        .collect();
    if secret.is_empty() || !e.use_stderr() {
        e.print().ok();
        return;
    }
    let mut text = e.render().to_string();
    for (arg, shown) in &secret {
        text = text.replace(arg, shown);
    }
    eprint!("{text}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hints_name_the_program_the_user_ran() {
        let e = Error::Unversioned {
            tables: vec!["users".into()],
        };
        assert_eq!(
            render_error("cargo xtask migrate", &e),
            "the database has tables (users) but no alembic_version; \
             if it matches a revision, record that with `cargo xtask migrate stamp <revision>`"
        );
        let program = program_name(Some(&OsString::from("/usr/local/bin/pschema")));
        assert_eq!(program, "pschema");
        assert!(render_error(&program, &e).ends_with("`pschema stamp <revision>`"));
    }
}
