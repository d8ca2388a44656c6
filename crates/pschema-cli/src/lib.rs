//! The `pschema` command line. `cargo xtask migrate ...` forwards here with the
//! repository's paths filled in; the standalone binary runs where there is no
//! Rust toolchain (Paciolus's production image).
//!
//! Output is for people by default and JSON with `--json`; every error goes to
//! the same place as the output it replaces, and the exit code is non-zero.

use clap::{Parser, Subcommand};
use pschema_migrate::runner::{self, Event, Options, Report, Target};
use pschema_migrate::{DatabaseUrl, Direction, Error, Graph, Migration, dir, pg, revision};
use serde_json::json;
use std::ffi::OsString;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

pub const DEFAULT_DATABASE_URL: &str = "sqlite:///paciolus.db";

#[derive(Debug, Parser)]
#[command(
    name = "pschema",
    version,
    args_override_self = true,
    about = "Declarative schema and migrations for Paciolus: Alembic's verbs, one .pschema file",
    after_help = "Exit codes: 0 success (including nothing to do), 1 an error or a failed check, 2 a usage error."
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
    Upgrade {
        /// With --sql, `from:to` starts from `from` instead of base.
        target: String,
        /// Print the SQL instead of running it; the database is not opened.
        #[arg(long)]
        sql: bool,
        /// Run even if an applied migration's SQL changed since it was applied.
        #[arg(long)]
        ignore_checksums: bool,
        /// Run again after a migration failed half-way (PostgreSQL).
        #[arg(long)]
        retry_failed: bool,
    },
    /// Revert migrations: `-N`, a revision (or unique prefix), or `base`.
    Downgrade {
        /// With --sql, `from:to` starts from `from` instead of head.
        #[arg(allow_hyphen_values = true)]
        target: String,
        /// Print the SQL instead of running it; the database is not opened.
        #[arg(long)]
        sql: bool,
        /// Run even if an applied migration's SQL changed since it was applied.
        #[arg(long)]
        ignore_checksums: bool,
        /// Run again after a migration failed half-way (PostgreSQL).
        #[arg(long)]
        retry_failed: bool,
    },
    /// Show the database's current revision.
    Current {
        #[arg(short, long)]
        verbose: bool,
    },
    /// List migrations, newest first.
    History {
        /// A range `from:to` (revisions, `base`, `head`).
        #[arg(short = 'r', long)]
        rev_range: Option<String>,
        #[arg(short, long)]
        verbose: bool,
    },
    /// Show the current heads of the migrations directory.
    Heads,
    /// Show the revisions that several migrations branch from.
    Branches,
    /// Show one revision.
    Show { revision: String },
    /// Create a new migration; with --autogenerate, from the schema diff.
    Revision {
        #[arg(short, long)]
        message: String,
        #[arg(long)]
        autogenerate: bool,
        /// Use this revision id instead of a random one.
        #[arg(long)]
        rev_id: Option<String>,
        /// Write a migration that drops tables or columns or narrows types.
        #[arg(long)]
        allow_destructive: bool,
        /// The parent revision, to start a branch (default: the single head).
        #[arg(long)]
        head: Option<String>,
    },
    /// Join several heads (or `heads`) with a migration that has them all as parents.
    Merge {
        #[arg(short, long)]
        message: String,
        #[arg(required = true)]
        revisions: Vec<String>,
        #[arg(long)]
        rev_id: Option<String>,
    },
    /// Record that the database is at a revision without running migrations.
    Stamp {
        revision: String,
        /// Replace every current revision, on every branch.
        #[arg(long)]
        purge: bool,
        /// Stamp even though the database does not hold that revision's schema.
        #[arg(long)]
        force: bool,
    },
    /// Fail when the schema file differs from the latest migration, or the
    /// database from the schema of its revision or from the latest revision.
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
    let args: Vec<OsString> = args.into_iter().map(Into::into).collect();
    let cli = match Cli::try_parse_from(&args) {
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

/// clap's message, which may quote an argument: a database URL put in the
/// wrong place comes back with its password redacted.
fn print_usage_error(e: &clap::Error, args: &[OsString]) {
    let secret: Vec<(String, String)> = args
        .iter()
        .map(|a| a.to_string_lossy().into_owned())
        .filter_map(|a| {
            let shown = pschema_migrate::url::redact(&a);
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
        Error::ChecksumMismatch { .. } => "checksum_mismatch",
        Error::Unversioned { .. } => "unversioned_database",
        Error::StampMismatch { .. } => "stamp_mismatch",
        Error::BadTarget { .. } => "bad_target",
        Error::MigrationFailed { .. } => "migration_failed",
        Error::Database { .. } => "database",
        Error::Verification { .. } => "verification_failed",
        Error::PostgresNotYet { .. } => "unsupported",
        Error::Postgres { .. } => "postgres",
        Error::FailedBefore { .. } => "failed_half_way",
    }
}

fn load_graph(cli: &Cli) -> Result<Graph, Error> {
    Graph::new(dir::load(&cli.migrations_dir)?)
}

/// Reports what the runner does as it does it: warnings before a step that
/// loses data, who holds the lock while waiting, and on a terminal a spinner
/// with the statement being run.
fn observer(json: bool) -> impl FnMut(Event<'_>) {
    let terminal = !json && std::io::stderr().is_terminal();
    let mut spinner: Option<indicatif::ProgressBar> = None;
    let mut label = String::new();
    move |event| match event {
        Event::Waiting { holder } => {
            if !json {
                eprintln!(
                    "waiting for the database lock{}",
                    holder.map(|h| format!(", held by {h}")).unwrap_or_default()
                );
            }
        }
        Event::Starting { migration, direction } => {
            if migration.loses_data(direction) && !json {
                eprintln!(
                    "warning: {} {} ({}) drops data that going the other way cannot bring back",
                    if direction == Direction::Up {
                        "applying"
                    } else {
                        "reverting"
                    },
                    migration.id(),
                    migration.meta.message
                );
            }
            label = format!(
                "{} {} ({})",
                if direction == Direction::Up {
                    "applying"
                } else {
                    "reverting"
                },
                migration.id(),
                migration.meta.message
            );
            if terminal {
                let bar = indicatif::ProgressBar::new_spinner();
                bar.set_message(label.clone());
                // Ticks only if the migration takes a moment: a quick one
                // finishes before the first frame.
                bar.enable_steady_tick(Duration::from_millis(200));
                spinner = Some(bar);
            }
        }
        Event::Statement { index, total } => {
            if let Some(bar) = &spinner {
                bar.set_message(format!("{label}: statement {index} of {total}"));
            }
        }
        Event::Finished => {
            if let Some(bar) = spinner.take() {
                bar.finish_and_clear();
            }
        }
    }
}

/// `from:to` for offline SQL; `from` is where the database is assumed to be.
fn offline_range(graph: &Graph, target: &str, direction: Direction) -> Result<(Vec<String>, String), Error> {
    match target.split_once(':') {
        Some((from, to)) => {
            let from = match from {
                "base" | "" => Vec::new(),
                "head" | "heads" => graph.heads().into_iter().map(String::from).collect(),
                rev => vec![graph.resolve(rev)?.to_string()],
            };
            Ok((from, to.to_string()))
        }
        None => {
            let from = match direction {
                Direction::Up => Vec::new(),
                Direction::Down => graph.heads().into_iter().map(String::from).collect(),
            };
            Ok((from, target.to_string()))
        }
    }
}

fn execute(cli: &Cli, output: &mut Output) -> Result<(), Failure> {
    let mut options = Options {
        lock_timeout: Duration::from_secs(cli.lock_timeout),
        ignore_checksums: false,
        retry_failed: false,
    };
    match &cli.command {
        Command::Upgrade {
            target,
            sql,
            ignore_checksums,
            retry_failed,
        }
        | Command::Downgrade {
            target,
            sql,
            ignore_checksums,
            retry_failed,
        } => {
            let direction = if matches!(cli.command, Command::Upgrade { .. }) {
                Direction::Up
            } else {
                Direction::Down
            };
            let graph = load_graph(cli)?;
            if *sql {
                let (from, to) = offline_range(&graph, target, direction)?;
                // The SQL for the database the URL names: PostgreSQL's for a
                // PostgreSQL URL, SQLite's for a SQLite one; a URL that does
                // not parse is an error, not a guess.
                let dialect = match DatabaseUrl::parse(&cli.database_url)? {
                    DatabaseUrl::Postgres(_) => pschema_sql::Dialect::Postgres,
                    _ => pschema_sql::Dialect::Sqlite,
                };
                let text = runner::offline_sql(&graph, &from, &Target::parse(&to), direction, dialect)?;
                output.text(text.trim_end());
                output.json(json!({ "sql": text }));
                return Ok(());
            }
            options.ignore_checksums = *ignore_checksums;
            options.retry_failed = *retry_failed;
            let url = DatabaseUrl::parse(&cli.database_url)?;
            let mut observe = observer(cli.json);
            let target = Target::parse(target);
            let report = match (&url, direction) {
                (DatabaseUrl::Postgres(url), Direction::Up) => {
                    pg::upgrade(url, &graph, &target, &options, &mut observe)?
                }
                (DatabaseUrl::Postgres(url), Direction::Down) => {
                    pg::downgrade(url, &graph, &target, &options, &mut observe)?
                }
                (_, Direction::Up) => runner::upgrade(&url, &graph, &target, &options, &mut observe)?,
                (_, Direction::Down) => runner::downgrade(&url, &graph, &target, &options, &mut observe)?,
            };
            print_report(output, &graph, &report, direction);
        }
        Command::Current { verbose } => {
            let url = DatabaseUrl::parse(&cli.database_url)?;
            let graph = load_graph(cli)?;
            let current = match &url {
                DatabaseUrl::Postgres(url) => pg::current(url)?,
                _ => runner::current(&url, &options)?,
            };
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
        Command::History { rev_range, verbose } => {
            let graph = load_graph(cli)?;
            let shown = history_range(&graph, rev_range.as_deref())?;
            let heads = graph.heads();
            let mut entries = Vec::new();
            for m in graph.migrations().iter().rev().filter(|m| shown.contains(m.id())) {
                output.text(format!("{}, {}", history_line(&graph, m, &heads), m.meta.message));
                if *verbose {
                    output.text(format!("  created {}\n  {}", m.meta.created, m.dir.display()));
                }
                entries.push(migration_json(&graph, m, &heads));
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
        Command::Branches => {
            let graph = load_graph(cli)?;
            let mut entries = Vec::new();
            for m in graph.migrations() {
                let children = children(&graph, m.id());
                if children.len() > 1 {
                    output.text(format!("{} (branchpoint), {}", m.id(), m.meta.message));
                    for child in &children {
                        output.text(format!("  -> {child}"));
                    }
                    entries.push(json!({ "revision": m.id(), "children": children }));
                }
            }
            output.json(json!({ "branches": entries }));
        }
        Command::Show { revision } => {
            let graph = load_graph(cli)?;
            let id = graph.resolve(revision)?;
            let m = graph
                .get(id)
                .ok_or_else(|| Error::UnknownRevision { id: id.to_string() })?;
            let heads = graph.heads();
            let parents = if m.meta.parents.is_empty() {
                "<base>".to_string()
            } else {
                m.meta.parents.join(", ")
            };
            let children = children(&graph, id);
            output.text(format!("Rev: {id}{}", if heads.contains(&id) { " (head)" } else { "" }));
            output.text(format!("Parent: {parents}"));
            if !children.is_empty() {
                output.text(format!("Children: {}", children.join(", ")));
            }
            output.text(format!("Path: {}", m.dir.display()));
            output.text(format!("Created: {}", m.meta.created));
            output.text(format!(
                "Destructive: {}",
                if m.meta.destructive { "yes" } else { "no" }
            ));
            output.text(format!(
                "Down loses data: {}",
                if m.meta.down_loses_data { "yes" } else { "no" }
            ));
            output.text(format!("\n    {}", m.meta.message));
            output.json(migration_json(&graph, m, &heads));
        }
        Command::Revision {
            message,
            autogenerate,
            rev_id,
            allow_destructive,
            head,
        } => {
            let outcome = revision::create(&revision::RevisionRequest {
                migrations_dir: &cli.migrations_dir,
                schema_path: &cli.schema,
                message,
                rev_id: rev_id.as_deref(),
                autogenerate: *autogenerate,
                allow_destructive: *allow_destructive,
                head: head.as_deref(),
            })?;
            print_revision(output, cli, outcome);
        }
        Command::Merge {
            message,
            revisions,
            rev_id,
        } => {
            let outcome = revision::merge(&cli.migrations_dir, &cli.schema, message, revisions, rev_id.as_deref())?;
            print_revision(output, cli, outcome);
        }
        Command::Stamp { revision, purge, force } => {
            let url = DatabaseUrl::parse(&cli.database_url)?;
            let graph = load_graph(cli)?;
            let mut observe = observer(cli.json);
            let report = match &url {
                DatabaseUrl::Postgres(url) => pg::stamp(url, &graph, revision, *purge, *force, &options, &mut observe)?,
                _ => runner::stamp(&url, &graph, revision, *purge, *force, &options, &mut observe)?,
            };
            let at = if report.current.is_empty() {
                "base".to_string()
            } else {
                report.current.join(", ")
            };
            output.text(format!("Stamped: the database is now at {at}."));
            output.json(json!({ "current": report.current }));
        }
        Command::Check => check(cli, output, &options)?,
        Command::Hash => {
            let mut updated = Vec::new();
            for path in migration_dirs(cli)? {
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

/// The three drifts `check` looks for: the schema file against the latest
/// migration, a database against the schema of its revision, and a database
/// behind the latest revision.
fn check(cli: &Cli, output: &mut Output, options: &Options) -> Result<(), Failure> {
    let graph = load_graph(cli)?;
    let mut problems: Vec<String> = Vec::new();
    let schema_drift = revision::schema_drift(&graph, &cli.schema)?;
    if !schema_drift.is_empty() {
        problems.push(format!(
            "{} differs from the latest migration (run `cargo xtask migrate revision --autogenerate -m \"...\"`):\n{}",
            cli.schema.display(),
            schema_drift
                .iter()
                .map(|d| format!("  - {d}"))
                .collect::<Vec<_>>()
                .join("\n")
        ));
    }
    let url = DatabaseUrl::parse(&cli.database_url)?;
    let mut database = serde_json::Value::Null;
    let drift = match &url {
        DatabaseUrl::Postgres(url) => pg::drift(url, &graph)?,
        _ => runner::drift(&url, &graph, options)?,
    };
    if let Some(runner::Drift { current, differences }) = drift {
        let heads: Vec<String> = graph.heads().into_iter().map(String::from).collect();
        let at = if current.is_empty() {
            "base".to_string()
        } else {
            current.join(", ")
        };
        if !differences.is_empty() {
            problems.push(format!(
                "the database differs from the schema of its revision {at}:\n{}",
                differences
                    .iter()
                    .map(|d| format!("  - {d}"))
                    .collect::<Vec<_>>()
                    .join("\n")
            ));
        }
        if current != heads {
            problems.push(format!(
                "the database is at {at}, the latest revision is {} (run `cargo xtask migrate upgrade head`)",
                heads.join(", ")
            ));
        }
        database = json!({ "current": current, "drift": differences });
    }
    output.json(json!({ "schema_drift": schema_drift, "database": database, "ok": problems.is_empty() }));
    if problems.is_empty() {
        output.text(format!(
            "{} matches the latest migration; no new migration needed.",
            cli.schema.display()
        ));
        if !database.is_null() {
            output.text("The database matches the schema of its revision and is at the latest revision.");
        }
        Ok(())
    } else {
        Err(Failure::Check(problems.join("\n")))
    }
}

fn children<'g>(graph: &'g Graph, id: &str) -> Vec<&'g str> {
    graph
        .migrations()
        .iter()
        .filter(|c| c.meta.parents.iter().any(|p| p == id))
        .map(Migration::id)
        .collect()
}

fn history_line(graph: &Graph, m: &Migration, heads: &[&str]) -> String {
    let parents = if m.meta.parents.is_empty() {
        "<base>".to_string()
    } else {
        m.meta.parents.join(", ")
    };
    let mut tags = String::new();
    if heads.contains(&m.id()) {
        tags.push_str(" (head)");
    }
    if children(graph, m.id()).len() > 1 {
        tags.push_str(" (branchpoint)");
    }
    if m.meta.parents.len() > 1 {
        tags.push_str(" (mergepoint)");
    }
    format!("{parents} -> {}{tags}", m.id())
}

fn migration_json(graph: &Graph, m: &Migration, heads: &[&str]) -> serde_json::Value {
    json!({
        "revision": m.id(),
        "parents": m.meta.parents,
        "children": children(graph, m.id()),
        "message": m.meta.message,
        "created": m.meta.created,
        "head": heads.contains(&m.id()),
        "destructive": m.meta.destructive,
        "down_loses_data": m.meta.down_loses_data,
        "path": m.dir,
    })
}

/// The revisions of `history -r from:to`: descendants of `from` (inclusive)
/// that are ancestors of `to` (inclusive).
fn history_range<'g>(graph: &'g Graph, range: Option<&str>) -> Result<std::collections::BTreeSet<&'g str>, Error> {
    let all = || graph.migrations().iter().map(Migration::id).collect();
    let Some(range) = range else { return Ok(all()) };
    let (from, to) = range.split_once(':').unwrap_or((range, "head"));
    let upper: std::collections::BTreeSet<&str> = match to {
        "" | "head" | "heads" => all(),
        rev => graph.ancestors([graph.resolve(rev)?]),
    };
    let lower: Option<&str> = match from {
        "" | "base" => None,
        rev => Some(graph.resolve(rev)?),
    };
    Ok(upper
        .into_iter()
        .filter(|id| lower.is_none_or(|low| graph.ancestors([*id]).contains(low)))
        .collect())
}

fn print_revision(output: &mut Output, cli: &Cli, outcome: revision::RevisionOutcome) {
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

/// Migration folders, without verifying their checksums (for `hash`).
fn migration_dirs(cli: &Cli) -> Result<Vec<PathBuf>, Error> {
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

fn print_report(output: &mut Output, graph: &Graph, report: &Report, direction: Direction) {
    for id in &report.adopted {
        output.text(format!(
            "Adopted {id}: applied before pschema, recorded in pschema_history"
        ));
    }
    for step in &report.steps {
        let verb = if step.direction == Direction::Up {
            "Applied"
        } else {
            "Reverted"
        };
        output.text(format!(
            "{verb} {} ({}) in {} ms",
            step.revision, step.message, step.duration_ms
        ));
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
        let verb = if direction == Direction::Up {
            "upgrade"
        } else {
            "downgrade"
        };
        output.text(format!("Nothing to {verb}: the database is already at {at}."));
    } else {
        output.text(format!("The database is now at {at}."));
    }
    output.json(json!({ "steps": report.steps, "current": report.current, "adopted": report.adopted }));
}
