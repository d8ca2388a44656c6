//! What the command line prints: lines for people, or with `--json` one JSON
//! object per command, built from the typed structs below. Every object has
//! a `version` (of this format); `json-schema.json` beside this crate's
//! manifest is their JSON Schema, checked against real output in the tests.

use crate::Failure;
use pschema_migrate::{Error, Migration};
use schemars::JsonSchema;
use serde::Serialize;
use std::io::Write;
use std::path::PathBuf;

/// The version of the JSON format; a change that can break a reader bumps it.
pub const JSON_VERSION: u32 = 1;

#[derive(Debug, Serialize, JsonSchema)]
#[schemars(rename = "Json_{T}", deny_unknown_fields)]
pub struct Json<T> {
    pub version: u32,
    #[serde(flatten)]
    pub body: T,
}

/// `upgrade` and `downgrade`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct RunOutput {
    pub steps: Vec<StepJson>,
    /// The database's revisions afterwards; empty at base.
    pub current: Vec<String>,
    /// Revisions applied before pschema (by Alembic), recorded now.
    pub adopted: Vec<String>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct StepJson {
    pub revision: String,
    pub message: String,
    /// `up` or `down`.
    pub direction: String,
    pub duration_ms: u64,
    /// Going this way loses data.
    pub loses_data: bool,
}

/// `upgrade --sql` and `downgrade --sql`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct SqlOutput {
    pub sql: String,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct CurrentOutput {
    pub current: Vec<CurrentEntry>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct CurrentEntry {
    pub revision: String,
    pub head: bool,
    pub message: String,
}

/// A migration, for `history` and `show`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct MigrationJson {
    pub revision: String,
    pub parents: Vec<String>,
    pub children: Vec<String>,
    pub message: String,
    pub created: String,
    pub head: bool,
    pub destructive: bool,
    pub down_loses_data: bool,
    /// A squash baseline's: the revisions it stands for, oldest first, its
    /// own last; empty for any other migration.
    pub squashes: Vec<String>,
    pub path: PathBuf,
    /// `history -i`: `applied` (the database holds it) or `pending`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    /// `history -i`: it is one of the database's current revisions.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub current: Option<bool>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct HistoryOutput {
    pub history: Vec<MigrationJson>,
    /// `history -i`: the database's revisions (empty at base, and when
    /// there is no database yet).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub database_current: Option<Vec<String>>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct HeadsOutput {
    pub heads: Vec<String>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct BranchesOutput {
    pub branches: Vec<BranchJson>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct BranchJson {
    pub revision: String,
    pub children: Vec<String>,
}

/// `revision` and `merge`; `revision` is null when there was nothing to write.
#[derive(Debug, Serialize, JsonSchema)]
pub struct RevisionOutput {
    pub revision: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dir: Option<PathBuf>,
    pub changes: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub destructive: Option<bool>,
}

/// `squash`: the baseline written and the folders it replaces.
#[derive(Debug, Serialize, JsonSchema)]
pub struct SquashOutput {
    /// The revision squashed up to: the baseline's id.
    pub revision: String,
    /// The baseline's folder.
    pub dir: PathBuf,
    pub message: String,
    /// The revisions the baseline stands for, oldest first, its own last.
    pub squashes: Vec<String>,
    /// The migration folders removed.
    pub removed: Vec<PathBuf>,
    /// The migrations kept whose parent is the baseline.
    pub children: Vec<String>,
    /// The dialects the baseline has SQL for (`sqlite`, `postgres`).
    pub dialects: Vec<String>,
    /// The dialects on which the migrations squashed were replayed and found
    /// to build the baseline's schema.
    pub verified_on: Vec<String>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct StampOutput {
    pub current: Vec<String>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct CheckOutput {
    /// How the schema file differs from the latest migration.
    pub schema_drift: Vec<String>,
    /// The database at the URL, when there is one.
    pub database: Option<DatabaseCheck>,
    pub ok: bool,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct LintOutput {
    /// The migrations linted, in the order they would run.
    pub migrations: Vec<String>,
    pub findings: Vec<LintFinding>,
}

/// One finding of `lint` (docs/lint.md describes each code).
#[derive(Debug, Serialize, JsonSchema)]
pub struct LintFinding {
    /// The rule's stable code (`P001`).
    pub code: String,
    pub name: String,
    /// `info`, `warning` or `error`.
    pub severity: String,
    pub migration: String,
    /// `sqlite` or `postgres`.
    pub dialect: String,
    /// `up` or `down`.
    pub direction: String,
    pub file: PathBuf,
    pub line: usize,
    /// The statement, without its comments; empty for a finding about the file.
    pub statement: String,
    /// What happens on a live database.
    pub effect: String,
    pub fix: String,
    /// The reason a `-- pschema:lint-ignore` gives for accepting it; such a
    /// finding does not fail `--fail-on`.
    pub accepted: Option<String>,
}

impl From<pschema_lint::Finding> for LintFinding {
    fn from(f: pschema_lint::Finding) -> LintFinding {
        LintFinding {
            code: f.code.to_string(),
            name: f.name.to_string(),
            severity: f.severity.as_str().to_string(),
            migration: f.migration,
            dialect: f.dialect.to_string(),
            direction: f.direction.to_string(),
            file: f.file,
            line: f.line,
            statement: f.statement,
            effect: f.effect,
            fix: f.fix,
            accepted: f.accepted,
        }
    }
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct DatabaseCheck {
    pub current: Vec<String>,
    /// How the database differs from the schema of its revision.
    pub drift: Vec<String>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct HashOutput {
    pub updated: Vec<PathBuf>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct InitOutput {
    /// What `init` wrote: the project file, the schema file, the migrations folder.
    pub created: Vec<PathBuf>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct FmtOutput {
    pub file: PathBuf,
    pub changed: bool,
}

/// `schema diagram`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct DiagramOutput {
    /// `mermaid`, `dot` or `svg`.
    pub format: String,
    /// The tables drawn, in the schema's order.
    pub tables: Vec<String>,
    /// How many foreign keys are drawn (those between tables drawn).
    pub foreign_keys: usize,
    /// The file written, with `--output`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub output: Option<PathBuf>,
    /// The diagram's text, without `--output`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub diagram: Option<String>,
}

/// `completions <shell>`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct CompletionsOutput {
    pub shell: String,
    pub script: String,
}

/// `man`: the files written with `--out`, else the main page.
#[derive(Debug, Serialize, JsonSchema)]
pub struct ManOutput {
    pub files: Vec<PathBuf>,
    pub page: Option<String>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct ErrorOutput {
    pub error: ErrorJson,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct ErrorJson {
    /// A stable name for the kind of error (`bad_url`, `locked`, ...).
    pub kind: String,
    pub message: String,
    /// A command that would help, named as the user ran the program.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

/// Every object the command line prints with `--json`: the JSON Schema's root.
#[derive(Debug, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum AnyOutput {
    Run(Json<RunOutput>),
    Sql(Json<SqlOutput>),
    Current(Json<CurrentOutput>),
    History(Json<HistoryOutput>),
    Show(Json<MigrationJson>),
    Heads(Json<HeadsOutput>),
    Branches(Json<BranchesOutput>),
    Revision(Json<RevisionOutput>),
    Stamp(Json<StampOutput>),
    Squash(Json<SquashOutput>),
    Check(Json<CheckOutput>),
    Lint(Json<LintOutput>),
    Hash(Json<HashOutput>),
    Fmt(Json<FmtOutput>),
    Init(Json<InitOutput>),
    Diagram(Json<DiagramOutput>),
    Completions(Json<CompletionsOutput>),
    Man(Json<ManOutput>),
    Error(Json<ErrorOutput>),
}

/// The JSON Schema of `--json` output, as checked in.
pub fn json_schema() -> String {
    let schema = schemars::schema_for!(AnyOutput);
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}

impl MigrationJson {
    pub fn new(graph: &pschema_migrate::Graph, m: &Migration) -> MigrationJson {
        MigrationJson {
            revision: m.id().to_string(),
            parents: m.meta.parents.clone(),
            children: crate::commands::children(graph, m.id())
                .into_iter()
                .map(String::from)
                .collect(),
            message: m.meta.message.clone(),
            created: m.meta.created.clone(),
            head: graph.heads().contains(&m.id()),
            destructive: m.meta.destructive,
            down_loses_data: m.meta.down_loses_data,
            squashes: m.meta.squashes.clone(),
            path: m.dir.clone(),
            state: None,
            current: None,
        }
    }
}

/// How much a person sees besides the command's result: `-q`, the default,
/// or `-v`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verbosity {
    /// Errors and the command's result only.
    Quiet,
    Normal,
    /// Also what was used and each statement as it runs, on stderr.
    Verbose,
}

pub struct Output {
    json: bool,
    verbosity: Verbosity,
    program: String,
    out: std::io::Stdout,
    /// The command's JSON object is out: an error after it (a check that
    /// found differences) is in that object already.
    printed: bool,
}

impl Output {
    pub(crate) fn new(json: bool, verbosity: Verbosity, program: String) -> Output {
        Output {
            json,
            verbosity,
            program,
            out: std::io::stdout(),
            printed: false,
        }
    }

    pub fn is_json(&self) -> bool {
        self.json
    }

    pub fn verbosity(&self) -> Verbosity {
        self.verbosity
    }

    /// What the runner's observer shows, on a database of `dialect`.
    pub(crate) fn shown(&self, dialect: pschema_sql::Dialect) -> crate::progress::Shown {
        crate::progress::Shown {
            json: self.json,
            verbosity: self.verbosity,
            dialect,
        }
    }

    /// The program as the user ran it, for messages that name a command.
    pub fn program(&self) -> &str {
        &self.program
    }

    /// A line of the command's result, for people (nothing with `--json`).
    pub fn text(&mut self, line: impl AsRef<str>) {
        if !self.json {
            writeln!(self.out, "{}", line.as_ref()).ok();
        }
    }

    /// A line that reports what the command did, on stdout: nothing with
    /// `--json` or `-q`.
    pub fn info(&mut self, line: impl AsRef<str>) {
        if self.verbosity > Verbosity::Quiet {
            self.text(line);
        }
    }

    /// A note for people on stderr, out of the way of what is printed:
    /// nothing with `--json` or `-q`.
    pub fn note(&mut self, line: impl AsRef<str>) {
        if !self.json && self.verbosity > Verbosity::Quiet {
            eprintln!("{}", line.as_ref());
        }
    }

    /// More detail with `-v`, on stderr (also with `--json`: stdout keeps
    /// its one object).
    pub fn detail(&mut self, line: impl AsRef<str>) {
        if self.verbosity == Verbosity::Verbose {
            eprintln!("{}", line.as_ref());
        }
    }

    /// The command's JSON object (nothing without `--json`).
    pub fn json<T: Serialize>(&mut self, body: T) {
        if self.json {
            let value = Json {
                version: JSON_VERSION,
                body,
            };
            writeln!(self.out, "{}", serde_json::to_string(&value).unwrap_or_default()).ok();
            self.printed = true;
        }
    }

    pub(crate) fn error(&mut self, failure: Failure) {
        let (kind, message, hint) = match &failure {
            Failure::Migrate(e) => (
                error_kind(e),
                crate::render_error(&self.program, e),
                crate::hint(&self.program, e),
            ),
            Failure::Check(message) | Failure::Drift(message) => ("check_failed", message.clone(), None),
            Failure::Config(message) => ("bad_config", message.clone(), None),
            Failure::Diagram(e) => (diagram_error_kind(e), e.to_string(), None),
        };
        if self.json && !self.printed {
            self.json(ErrorOutput {
                error: ErrorJson {
                    kind: kind.to_string(),
                    message,
                    hint,
                },
            });
        } else if !self.json {
            eprintln!("error: {message}");
        }
    }
}

fn diagram_error_kind(e: &pschema_diagram::Error) -> &'static str {
    match e {
        pschema_diagram::Error::UnknownTable { .. } => "unknown_table",
    }
}

pub fn error_kind(e: &Error) -> &'static str {
    match e {
        Error::BadUrl { .. } => "bad_url",
        Error::Io { .. } => "io",
        Error::NoMigrationsDir { .. } => "no_migrations_dir",
        Error::NoMigrations { .. } => "no_migrations",
        Error::NotAMigration { .. } => "not_a_migration",
        Error::BadMetadata { .. } => "bad_metadata",
        Error::EditedMigration { .. } => "edited_migration",
        Error::AlreadyExists { .. } => "already_exists",
        Error::DuplicateRevision { .. } | Error::MissingParent { .. } | Error::Cycle { .. } => "bad_graph",
        Error::MultipleHeads { .. } => "multiple_heads",
        Error::UnknownRevision { .. } => "unknown_revision",
        Error::OfflineCannotCarry { .. } => "offline_cannot_carry",
        Error::AmbiguousRevision { .. } => "ambiguous_revision",
        Error::UnknownDatabaseRevision { .. } => "unknown_database_revision",
        Error::SquashedRevision { .. } => "squashed_revision",
        Error::SquashForks { .. } => "squash_forks",
        Error::NothingToSquash { .. } => "nothing_to_squash",
        Error::SquashWouldLose { .. } => "squash_would_lose",
        Error::OverlappingRevisions { .. } => "overlapping_revisions",
        Error::InvalidSchema { .. } | Error::InvalidSnapshot { .. } => "invalid_schema",
        Error::Plan(_) => "unsupported_change",
        Error::Destructive { .. } => "destructive",
        Error::NoSuchDirectory { .. } => "no_such_directory",
        Error::NotADatabase { .. } => "not_a_database",
        Error::NoDatabaseFile { .. } => "no_database_file",
        Error::Locked { .. } => "locked",
        Error::ChecksumMismatch { .. } => "checksum_mismatch",
        Error::Unversioned { .. } | Error::EmptyVersionTable { .. } => "unversioned_database",
        Error::StampMismatch { .. } => "stamp_mismatch",
        Error::BadTarget { .. } => "bad_target",
        Error::NotAHead { .. } | Error::VersionConflict { .. } => "database_moved",
        Error::MigrationFailed { .. } => "migration_failed",
        Error::Database { .. } => "database",
        Error::Verification { .. } => "verification_failed",
        Error::Postgres { .. } => "postgres",
        Error::FailedBefore { .. } => "failed_half_way",
        Error::HalfApplied { .. } => "half_applied",
        Error::NoSqlForDialect { .. } => "no_sql_for_dialect",
        Error::ResumeChecksumMismatch { .. } => "checksum_mismatch",
        Error::MergeConflict { .. } => "merge_conflict",
    }
}
