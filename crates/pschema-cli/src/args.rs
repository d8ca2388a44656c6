//! The command line's arguments (clap).

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

pub const DEFAULT_DATABASE_URL: &str = "sqlite:///paciolus.db";
pub const DEFAULT_MIGRATIONS_DIR: &str = "migrations";
pub const DEFAULT_SCHEMA: &str = "schema/paciolus.pschema";

/// A relative SQLite path in pschema.toml names a file beside it, wherever
/// the command runs (an absolute one, or a URL typed by hand, is as written).
fn rooted(url: &str, root: &std::path::Path) -> String {
    match url.strip_prefix("sqlite:///") {
        Some(path) if !path.is_empty() && !path.starts_with('/') && !path.starts_with(':') => {
            format!("sqlite:///{}", root.join(path).display())
        }
        _ => url.to_string(),
    }
}

impl Cli {
    /// Fills in the settings in effect: the flag, then `DATABASE_URL` from the
    /// environment, then from `.env`, then `pschema.toml` (found from `cwd`
    /// up), then the default.
    pub fn resolve(&mut self, cwd: &std::path::Path) -> Result<(), crate::config::ConfigError> {
        use crate::config::{Project, dotenv_database_url, first};
        let project = Project::find(cwd)?;
        let from_file = |pick: fn(&crate::config::ProjectFile) -> Option<&PathBuf>| {
            project.as_ref().and_then(|p| pick(&p.file).map(|path| p.path(path)))
        };
        self.migrations_dir = first([self.migrations_dir_flag.clone(), from_file(|f| f.migrations.as_ref())])
            .unwrap_or_else(|| PathBuf::from(DEFAULT_MIGRATIONS_DIR));
        self.schema = first([self.schema_flag.clone(), from_file(|f| f.schema.as_ref())])
            .unwrap_or_else(|| PathBuf::from(DEFAULT_SCHEMA));
        let dotenv_dir = project.as_ref().map_or(cwd, |p| p.root.as_path());
        let environment = std::env::var("DATABASE_URL").ok().filter(|u| !u.is_empty());
        let dotenv = if self.database_url_flag.is_none() && environment.is_none() {
            dotenv_database_url(dotenv_dir)?
        } else {
            None
        };
        self.database_url = first([
            self.database_url_flag.clone(),
            environment,
            dotenv,
            project
                .as_ref()
                .and_then(|p| p.file.database.url.as_deref().map(|url| rooted(url, &p.root))),
        ])
        .unwrap_or_else(|| DEFAULT_DATABASE_URL.to_string());
        self.project = project;
        Ok(())
    }

    /// The bookkeeping tables' names: pschema.toml's, else Alembic's and pschema's.
    pub fn tables(&self) -> pschema_sql::bookkeeping::Tables {
        self.project
            .as_ref()
            .map(|p| p.file.database.tables())
            .unwrap_or_default()
    }

    /// The dialects `revision` writes: pschema.toml's `dialects`, else both.
    pub fn dialects(&self) -> Vec<pschema_sql::Dialect> {
        match self.project.as_ref().and_then(|p| p.file.dialects.as_ref()) {
            Some(names) => pschema_sql::Dialect::ALL
                .into_iter()
                .filter(|d| names.iter().any(|n| pschema_sql::Dialect::from(*n) == *d))
                .collect(),
            None => pschema_sql::Dialect::ALL.to_vec(),
        }
    }
}

/// The exit code of a `check` that found drift (1 is an error, 2 clap's usage error).
pub const EXIT_DRIFT: u8 = 3;

/// What each exit code means: `--help`'s last paragraph, and the man page's
/// EXIT STATUS.
pub const EXIT_CODES: &[(u8, &str)] = &[
    (0, "success, including nothing to do"),
    (
        1,
        "an error (a bad URL, an unknown revision, a failed migration, ...), \
         a lint finding at or above --fail-on, fmt --check on a file not formatted",
    ),
    (2, "a usage error"),
    (
        EXIT_DRIFT,
        "check found drift: the schema file, or the database, differs from the migrations",
    ),
];

fn exit_codes_help() -> String {
    let lines: Vec<String> = EXIT_CODES
        .iter()
        .map(|(code, meaning)| format!("  {code}  {meaning}"))
        .collect();
    format!("Exit codes:\n{}", lines.join("\n"))
}

#[derive(Debug, Parser)]
#[command(
    name = "pschema",
    version,
    args_override_self = true,
    about = "Declarative schema and migrations for Paciolus: Alembic's verbs, one .pschema file",
    after_help = exit_codes_help()
)]
pub struct Cli {
    /// Database URL in SQLAlchemy's form (sqlite:///relative.db, sqlite:////absolute.db,
    /// postgresql://user:password@host:5432/db). Else $DATABASE_URL, else DATABASE_URL
    /// in .env, else pschema.toml's [database] url, else sqlite:///paciolus.db.
    #[arg(long = "database-url", global = true, value_name = "URL")]
    pub database_url_flag: Option<String>,
    /// The folder of migrations [default: pschema.toml's `migrations`, else migrations].
    #[arg(long = "migrations-dir", global = true, value_name = "DIR")]
    pub migrations_dir_flag: Option<PathBuf>,
    /// The schema file, the single source of truth [default: pschema.toml's
    /// `schema`, else schema/paciolus.pschema].
    #[arg(long = "schema", global = true, value_name = "FILE")]
    pub schema_flag: Option<PathBuf>,
    /// The database URL in effect (see `resolve`).
    #[arg(skip)]
    pub database_url: String,
    /// The migrations folder in effect.
    #[arg(skip)]
    pub migrations_dir: PathBuf,
    /// The schema file in effect.
    #[arg(skip)]
    pub schema: PathBuf,
    /// The project file found, if any.
    #[arg(skip)]
    pub project: Option<crate::config::Project>,
    /// Print machine-readable JSON instead of text.
    #[arg(long, global = true)]
    pub json: bool,
    /// Seconds to wait for another runner's lock on the database.
    #[arg(long, global = true, default_value_t = 30)]
    pub lock_timeout: u64,
    /// PostgreSQL's lock_timeout for each statement of a migration, in
    /// milliseconds: a statement that waits longer for a lock (behind a long
    /// query) is rolled back and tried again, so that the queries queued
    /// behind it wait no longer than this. 0 waits without bound.
    #[arg(long, global = true, default_value_t = pschema_migrate::driver::DEFAULT_DDL_LOCK_TIMEOUT_MS, value_name = "MS")]
    pub ddl_lock_timeout: u64,
    /// How many times a migration step that hit --ddl-lock-timeout is run in
    /// all, with a pause that doubles from 250 ms between tries.
    #[arg(long, global = true, default_value_t = 8, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub ddl_attempts: u32,
    /// More detail on stderr: the database (password hidden), the migrations
    /// folder and schema file used, each statement as it runs, each
    /// migration's time; `current` and `history` show more of each revision.
    #[arg(short, long, global = true, conflicts_with = "quiet")]
    pub verbose: bool,
    /// Only errors and the command's result: no progress, notes or warnings on
    /// stderr, and nothing on success from commands that only report what
    /// they did (upgrade, downgrade, stamp, revision, merge, hash, fmt, check).
    #[arg(short, long, global = true)]
    pub quiet: bool,
    #[command(subcommand)]
    pub command: Command,
}

impl Cli {
    /// `conflicts_with` misses the two when one is given before the command
    /// and the other after it (`pschema -v current -q`): clap checks each
    /// level apart.
    pub(crate) fn refuse_verbose_and_quiet(self) -> Result<Cli, clap::Error> {
        if self.verbose && self.quiet {
            use clap::CommandFactory;
            return Err(Cli::command().error(
                clap::error::ErrorKind::ArgumentConflict,
                "the argument '--verbose' cannot be used with '--quiet'",
            ));
        }
        Ok(self)
    }

    pub fn verbosity(&self) -> crate::output::Verbosity {
        use crate::output::Verbosity;
        match (self.quiet, self.verbose) {
            (true, _) => Verbosity::Quiet,
            (false, true) => Verbosity::Verbose,
            (false, false) => Verbosity::Normal,
        }
    }
}

/// The dialect of SQL printed with `--sql`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DialectArg {
    Sqlite,
    #[value(alias = "postgres")]
    Postgresql,
}

/// The least severity that fails `lint`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Info,
    Warning,
    Error,
    /// Report only.
    Never,
}

/// The text `schema diagram` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiagramFormat {
    /// Mermaid's erDiagram (GitHub renders it in Markdown).
    Mermaid,
    /// Graphviz DOT.
    Dot,
    /// A drawing, laid out by pschema itself.
    Svg,
}

/// Commands about the schema file itself; none opens a database.
#[derive(Debug, Subcommand)]
pub enum SchemaCommand {
    /// Draw the tables with their key columns and the foreign keys between
    /// them: an entity-relationship diagram.
    Diagram(DiagramArgs),
}

#[derive(Debug, clap::Args)]
pub struct DiagramArgs {
    #[arg(long, value_enum, default_value = "mermaid")]
    pub format: DiagramFormat,
    /// Only these tables, and the foreign keys among them.
    #[arg(long, value_delimiter = ',', value_name = "TABLE,...", conflicts_with = "around")]
    pub tables: Option<Vec<String>>,
    /// A table and every table within --depth foreign-key hops of it, either way.
    #[arg(long, value_name = "TABLE")]
    pub around: Option<String>,
    /// With --around: how many foreign-key hops.
    #[arg(long, value_name = "N", default_value_t = 1, requires = "around")]
    pub depth: usize,
    /// Write the diagram to this file instead of printing it.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// What `upgrade` and `downgrade` share.
#[derive(Debug, clap::Args)]
pub struct RunArgs {
    /// With --sql, `from:to` starts from `from` instead of base (upgrade) or head (downgrade).
    #[arg(allow_hyphen_values = true)]
    pub target: String,
    /// Print the SQL instead of running it; the database is not opened.
    #[arg(long)]
    pub sql: bool,
    /// With --sql: the dialect to print, instead of the database URL's.
    #[arg(long, requires = "sql")]
    pub dialect: Option<DialectArg>,
    /// Run even if an applied migration's SQL changed since it was applied.
    #[arg(long)]
    pub ignore_checksums: bool,
    /// Run again after a migration failed half-way (statements that run
    /// outside a transaction had run).
    #[arg(long)]
    pub retry_failed: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Apply migrations: `head`, `heads`, a revision (or unique prefix), or `+N`.
    Upgrade(RunArgs),
    /// Revert migrations: `-N`, a revision (or unique prefix), or `base`.
    Downgrade(RunArgs),
    /// Show the database's current revision.
    Current,
    /// List migrations, newest first.
    History {
        /// A range `from:to` (revisions, `base`, `head`).
        #[arg(short = 'r', long)]
        rev_range: Option<String>,
        /// Mark which revisions the database at --database-url holds (applied,
        /// and current) and which are pending.
        #[arg(short = 'i', long)]
        indicate_current: bool,
        /// Draw the graph of revisions, branches and merges, as `git log --graph` does.
        #[arg(long, conflicts_with = "rev_range")]
        graph: bool,
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
        /// Also verify the migration on this PostgreSQL server, in a
        /// temporary schema, before writing it.
        #[arg(long, env = "PSCHEMA_VERIFY_POSTGRES_URL", hide_env_values = true)]
        verify_postgres_url: Option<String>,
    },
    /// Join several heads (or `heads`) with a migration that has them all as parents.
    Merge {
        #[arg(short, long)]
        message: String,
        #[arg(required = true)]
        revisions: Vec<String>,
        #[arg(long)]
        rev_id: Option<String>,
        /// Merge the branches' schemas three ways and put what the schema
        /// file changes from there into the merge migration.
        #[arg(long)]
        autogenerate: bool,
        /// With --autogenerate: write changes that drop data.
        #[arg(long)]
        allow_destructive: bool,
        /// Also verify the merge's changes on this PostgreSQL server.
        #[arg(long, env = "PSCHEMA_VERIFY_POSTGRES_URL", hide_env_values = true)]
        verify_postgres_url: Option<String>,
    },
    /// Collapse the history up to and including a revision into one baseline
    /// migration with its id, which builds its schema from nothing; the
    /// migrations after it are kept.
    Squash {
        /// The revision (or unique prefix) to squash up to.
        revision: String,
        /// Also check on this PostgreSQL server, in a temporary schema, that
        /// the migrations squashed build the revision's snapshot.
        #[arg(long, env = "PSCHEMA_VERIFY_POSTGRES_URL", hide_env_values = true)]
        verify_postgres_url: Option<String>,
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
    /// Review migrations for what they would do to a live database, before they run
    /// (docs/lint.md lists the rules).
    Lint {
        /// A revision, or `from:to` (the migrations after `from` up to `to`;
        /// `base`, `head` and `heads` allowed). Default: the migrations not yet
        /// applied to the database at --database-url.
        range: Option<String>,
        /// Every migration.
        #[arg(long, conflicts_with = "range")]
        all: bool,
        /// Exit non-zero when a finding not accepted is at least this severe.
        #[arg(long, value_enum, default_value = "error")]
        fail_on: FailOn,
        /// Only this dialect's SQL (default: the database's when the range
        /// comes from it, else both).
        #[arg(long)]
        dialect: Option<DialectArg>,
    },
    /// Record the checksums of migrations whose SQL was edited on purpose.
    Hash,
    /// Start a project in the current folder: pschema.toml, an empty schema
    /// file with an example in comments, an empty migrations folder.
    Init {
        /// The dialects to write migrations for (default: both).
        #[arg(long = "dialect", value_enum)]
        dialects: Vec<DialectArg>,
    },
    /// Work with the schema file: `schema diagram`.
    Schema {
        #[command(subcommand)]
        command: SchemaCommand,
    },
    /// Rewrite a .pschema file in canonical form.
    Fmt {
        /// Fail instead of writing when the file is not formatted.
        #[arg(long)]
        check: bool,
        /// The file to format; defaults to --schema.
        file: Option<PathBuf>,
    },
    /// Print a shell completion script to stdout (README: "Shell completions
    /// and man pages" says where to put it).
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page pschema(1), or with --out write it and one page per
    /// command (pschema-upgrade.1, ...) into a folder.
    Man {
        /// The folder to write the pages into (made if missing).
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
    },
}
