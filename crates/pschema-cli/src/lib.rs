//! The `pschema` command line. `cargo xtask migrate ...` forwards here with the
//! repository's paths filled in; the standalone binary runs where there is no
//! Rust toolchain (Paciolus's production image).
//!
//! Output is for people by default and JSON with `--json`; every error goes to
//! the same place as the output it replaces, and the exit code is non-zero.

use clap::{Parser, Subcommand};
use pschema_migrate::runner::{self, Options, Report, Target};
use pschema_migrate::{DatabaseUrl, Error, Graph, dir, revision};
use serde_json::json;
use std::ffi::OsString;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

pub const DEFAULT_DATABASE_URL: &str = "sqlite:///paciolus.db";

#[derive(Debug, Parser)]
#[command(
    name = "pschema",
    version,
    args_override_self = true,
    about = "Declarative schema and migrations for Paciolus: Alembic's verbs, one .pschema file"
)]
pub struct Cli {
    /// Database URL in SQLAlchemy's form (sqlite:///relative.db, sqlite:////absolute.db).
    #[arg(long, global = true, env = "DATABASE_URL", default_value = DEFAULT_DATABASE_URL, hide_env_values = true)]
    pub database_url: String,
    /// The folder of migrations.
    #[arg(long, global = true, default_value = "migrations")]
    pub migrations_dir: PathBuf,
    /// The schema file, the single source of truth.
    #[arg(long, global = true, default_value = "schema/paciolus.pschema")]
    pub schema: PathBuf,
    /// Print machine-readable JSON instead of text.
    #[arg(long, global = true)]
    pub json: bool,
    /// Seconds to wait for another runner's lock on the database.
    #[arg(long, global = true, default_value_t = 30)]
    pub lock_timeout: u64,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Apply migrations: `head`, `heads`, a revision (or unique prefix), or `+N`.
    Upgrade { target: String },
    /// Revert migrations: `-N`, a revision (or unique prefix), or `base`.
    Downgrade {
        #[arg(allow_hyphen_values = true)]
        target: String,
    },
    /// Show the database's current revision.
    Current {
        #[arg(short, long)]
        verbose: bool,
    },
    /// List migrations, newest first.
    History {
        #[arg(short, long)]
        verbose: bool,
    },
    /// Show the current heads of the migrations directory.
    Heads,
    /// Create a new migration; with --autogenerate, from the schema diff.
    Revision {
        #[arg(short, long)]
        message: String,
        #[arg(long)]
        autogenerate: bool,
        /// Use this revision id instead of a random one.
        #[arg(long)]
        rev_id: Option<String>,
        /// Write a migration that drops tables or columns.
        #[arg(long)]
        allow_destructive: bool,
    },
    /// Fail when the schema file differs from the snapshot of the latest migration.
    Check,
    /// Record the checksums of migrations whose SQL was edited on purpose.
    Hash,
    /// Rewrite a .pschema file in canonical form.
    Fmt {
        /// Fail instead of writing when the file is not formatted.
        #[arg(long)]
        check: bool,
        /// The file to format; defaults to --schema.
        file: Option<PathBuf>,
    },
}

/// Something went wrong; `Error` carries the library's error, the others are
/// the CLI's own outcomes.
enum Failure {
    Migrate(Error),
    /// A check found differences.
    Check(String),
}

impl From<Error> for Failure {
    fn from(e: Error) -> Failure {
        Failure::Migrate(e)
    }
}

struct Output {
    json: bool,
    out: std::io::Stdout,
}

impl Output {
    fn text(&mut self, line: impl AsRef<str>) {
        if !self.json {
            writeln!(self.out, "{}", line.as_ref()).ok();
        }
    }

    fn json(&mut self, value: serde_json::Value) {
        if self.json {
            writeln!(self.out, "{value}").ok();
        }
    }
}

pub fn run(args: impl IntoIterator<Item = impl Into<OsString> + Clone>) -> ExitCode {
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            e.print().ok();
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    let mut output = Output {
        json: cli.json,
        out: std::io::stdout(),
    };
    match execute(&cli, &mut output) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            let (kind, message) = match failure {
                Failure::Migrate(e) => (error_kind(&e), e.to_string()),
                Failure::Check(message) => ("check_failed", message),
            };
            if cli.json {
                output.json(json!({ "error": { "kind": kind, "message": message } }));
            } else {
                eprintln!("error: {message}");
            }
            ExitCode::FAILURE
        }
    }
}

fn error_kind(e: &Error) -> &'static str {
    match e {
        Error::BadUrl { .. } => "bad_url",
        Error::Io { .. } => "io",
        Error::NoMigrationsDir { .. } => "no_migrations_dir",
        Error::BadMetadata { .. } => "bad_metadata",
        Error::EditedMigration { .. } => "edited_migration",
        Error::AlreadyExists { .. } => "already_exists",
        Error::DuplicateRevision { .. } | Error::MissingParent { .. } | Error::Cycle { .. } => "bad_graph",
        Error::MultipleHeads { .. } => "multiple_heads",
        Error::UnknownRevision { .. } => "unknown_revision",
        Error::AmbiguousRevision { .. } => "ambiguous_revision",
        Error::UnknownDatabaseRevision { .. } => "unknown_database_revision",
        Error::InvalidSchema { .. } | Error::InvalidSnapshot { .. } => "invalid_schema",
        Error::Plan(_) => "unsupported_change",
        Error::Destructive { .. } => "destructive",
        Error::NoSuchDirectory { .. } => "no_such_directory",
        Error::NotADatabase { .. } => "not_a_database",
        Error::Locked { .. } => "locked",
        Error::MigrationFailed { .. } => "migration_failed",
        Error::Database { .. } => "database",
        Error::Verification { .. } => "verification_failed",
        Error::PostgresNotYet { .. } => "unsupported",
    }
}

fn load_graph(cli: &Cli) -> Result<Graph, Error> {
    Graph::new(dir::load(&cli.migrations_dir)?)
}

fn execute(cli: &Cli, output: &mut Output) -> Result<(), Failure> {
    let options = Options {
        lock_timeout: Duration::from_secs(cli.lock_timeout),
    };
    match &cli.command {
        Command::Upgrade { target } => {
            let url = DatabaseUrl::parse(&cli.database_url)?;
            let graph = load_graph(cli)?;
            let report = runner::upgrade(
                &url,
                &graph,
                &Target::parse(target),
                &options,
                &mut warn_before(cli.json),
            )?;
            print_report(output, &graph, &report, "upgrade");
        }
        Command::Downgrade { target } => {
            let url = DatabaseUrl::parse(&cli.database_url)?;
            let graph = load_graph(cli)?;
            let report = runner::downgrade(
                &url,
                &graph,
                &Target::parse(target),
                &options,
                &mut warn_before(cli.json),
            )?;
            print_report(output, &graph, &report, "downgrade");
        }
        Command::Current { verbose } => {
            let url = DatabaseUrl::parse(&cli.database_url)?;
            let graph = load_graph(cli)?;
            let current = runner::current(&url, &options)?;
            let heads = graph.heads();
            let mut entries = Vec::new();
            for id in &current {
                let m = graph
                    .get(id)
                    .ok_or_else(|| Error::UnknownDatabaseRevision { id: id.clone() })?;
                let is_head = heads.contains(&id.as_str());
                output.text(format!("{id}{}", if is_head { " (head)" } else { "" }));
                if *verbose {
                    output.text(format!("  {}\n  {}", m.meta.message, m.dir.display()));
                }
                entries.push(json!({ "revision": id, "head": is_head, "message": m.meta.message }));
            }
            if current.is_empty() && !output.json {
                eprintln!("the database has no revision applied (it is at base)");
            }
            output.json(json!({ "current": entries }));
        }
        Command::History { verbose } => {
            let graph = load_graph(cli)?;
            let heads = graph.heads();
            let mut entries = Vec::new();
            for m in graph.migrations().iter().rev() {
                let parents = if m.meta.parents.is_empty() {
                    "<base>".to_string()
                } else {
                    m.meta.parents.join(", ")
                };
                let mut tags = String::new();
                if heads.contains(&m.id()) {
                    tags.push_str(" (head)");
                }
                if m.meta.parents.len() > 1 {
                    tags.push_str(" (mergepoint)");
                }
                output.text(format!("{parents} -> {}{tags}, {}", m.id(), m.meta.message));
                if *verbose {
                    output.text(format!("  created {}\n  {}", m.meta.created, m.dir.display()));
                }
                entries.push(json!({
                    "revision": m.id(),
                    "parents": m.meta.parents,
                    "message": m.meta.message,
                    "created": m.meta.created,
                    "head": heads.contains(&m.id()),
                }));
            }
            output.json(json!({ "history": entries }));
        }
        Command::Heads => {
            let graph = load_graph(cli)?;
            let heads = graph.heads();
            for head in &heads {
                output.text(format!("{head} (head)"));
            }
            output.json(json!({ "heads": heads }));
        }
        Command::Revision {
            message,
            autogenerate,
            rev_id,
            allow_destructive,
        } => {
            let outcome = revision::create(&revision::RevisionRequest {
                migrations_dir: &cli.migrations_dir,
                schema_path: &cli.schema,
                message,
                rev_id: rev_id.as_deref(),
                autogenerate: *autogenerate,
                allow_destructive: *allow_destructive,
            })?;
            match outcome {
                revision::RevisionOutcome::Written {
                    id,
                    dir,
                    changes,
                    destructive,
                } => {
                    for change in &changes {
                        output.text(format!("  - {change}"));
                    }
                    output.text(format!(
                        "Generated {id} in {}; review its SQL before applying.",
                        dir.display()
                    ));
                    output.json(json!({ "revision": id, "dir": dir, "changes": changes, "destructive": destructive }));
                }
                revision::RevisionOutcome::NothingToDo { head } => {
                    output.text(format!(
                        "No changes: {} matches the latest migration{}; nothing written.",
                        cli.schema.display(),
                        head.map(|h| format!(" ({h})")).unwrap_or_default()
                    ));
                    output.json(json!({ "revision": null, "changes": [] }));
                }
            }
        }
        Command::Check => {
            let graph = load_graph(cli)?;
            let drift = revision::schema_drift(&graph, &cli.schema)?;
            if drift.is_empty() {
                output.text(format!(
                    "{} matches the latest migration; no new migration needed.",
                    cli.schema.display()
                ));
                output.json(json!({ "drift": [] }));
            } else {
                output.json(json!({ "drift": drift }));
                let list: Vec<String> = drift.iter().map(|d| format!("  - {d}")).collect();
                return Err(Failure::Check(format!(
                    "{} differs from the latest migration:\n{}\nrun `cargo xtask migrate revision --autogenerate -m \"...\"`",
                    cli.schema.display(),
                    list.join("\n")
                )));
            }
        }
        Command::Hash => {
            let graph = load_graph_unchecked(cli)?;
            let mut updated = Vec::new();
            for path in graph {
                for file in dir::rehash(&path)? {
                    output.text(format!("recorded new checksum of {}", path.join(&file).display()));
                    updated.push(path.join(file));
                }
            }
            if updated.is_empty() {
                output.text("every checksum is up to date");
            }
            output.json(json!({ "updated": updated }));
        }
        Command::Fmt { check, file } => {
            let path = file.as_ref().unwrap_or(&cli.schema);
            let source = std::fs::read_to_string(path).map_err(|e| Error::Io {
                path: path.clone(),
                source: e,
            })?;
            let formatted = pschema_syntax::format_source(&source).map_err(|d| Error::InvalidSchema {
                path: path.clone(),
                count: 1,
                rendered: pschema_syntax::render(&path.display().to_string(), &source, &[d]),
            })?;
            let changed = formatted != source;
            if *check {
                if changed {
                    return Err(Failure::Check(format!(
                        "{} is not formatted; run `cargo xtask fmt`",
                        path.display()
                    )));
                }
                output.text(format!("{} is formatted", path.display()));
            } else if changed {
                std::fs::write(path, &formatted).map_err(|e| Error::Io {
                    path: path.clone(),
                    source: e,
                })?;
                output.text(format!("formatted {}", path.display()));
            } else {
                output.text(format!("{} is already formatted", path.display()));
            }
            output.json(json!({ "file": path, "changed": changed }));
        }
    }
    Ok(())
}

/// Migration folders, without verifying their checksums (for `hash`).
fn load_graph_unchecked(cli: &Cli) -> Result<Vec<PathBuf>, Error> {
    let entries = std::fs::read_dir(&cli.migrations_dir).map_err(|e| Error::Io {
        path: cli.migrations_dir.clone(),
        source: e,
    })?;
    let mut dirs: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join(dir::META_FILE).is_file())
        .collect();
    dirs.sort();
    Ok(dirs)
}

/// Warns on stderr, before a migration runs, that it will lose data.
fn warn_before(json: bool) -> impl FnMut(&pschema_migrate::Migration, pschema_migrate::Direction) {
    move |m, direction| {
        let loses_data = match direction {
            pschema_migrate::Direction::Up => m.meta.destructive,
            pschema_migrate::Direction::Down => m.meta.down_loses_data,
        };
        if loses_data && !json {
            eprintln!(
                "warning: {} {} ({}) drops data that going the other way cannot bring back",
                if direction == pschema_migrate::Direction::Up {
                    "applying"
                } else {
                    "reverting"
                },
                m.id(),
                m.meta.message
            );
        }
    }
}

fn print_report(output: &mut Output, graph: &Graph, report: &Report, verb: &str) {
    for step in &report.steps {
        let arrow = match step.direction {
            pschema_migrate::Direction::Up => "Applied",
            pschema_migrate::Direction::Down => "Reverted",
        };
        output.text(format!(
            "{arrow} {} ({}) in {} ms",
            step.revision, step.message, step.duration_ms
        ));
        if step.loses_data {
            output.text(format!(
                "  warning: {} dropped data that going the other way cannot bring back",
                step.revision
            ));
        }
    }
    let heads = graph.heads();
    let at = if report.current.is_empty() {
        "base".to_string()
    } else {
        report
            .current
            .iter()
            .map(|c| {
                if heads.contains(&c.as_str()) {
                    format!("{c} (head)")
                } else {
                    c.clone()
                }
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    if report.steps.is_empty() {
        output.text(format!("Nothing to {verb}: the database is already at {at}."));
    } else {
        output.text(format!("The database is now at {at}."));
    }
    output.json(json!({ "steps": report.steps, "current": report.current }));
}
