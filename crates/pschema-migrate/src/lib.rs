//! Migrations: on disk ([`dir`]), as a revision graph ([`graph`]), created
//! from the schema ([`revision`]) and applied to a database ([`migrator`]).
//!
//! Load, decide and execute are separate: loading verifies checksums once,
//! deciding what to apply is a pure function of the graph and the state the
//! database is in ([`decide`]), and executing belongs to a [`Driver`], the
//! only code that touches a database (the `pschema-driver` crate). This
//! crate depends on no database library.

pub mod db_schema;
pub mod decide;
pub mod dir;
pub mod driver;
pub mod graph;
pub mod merge;
pub mod migrator;
pub mod offline;
pub mod revision;
pub mod snapshot_cache;
pub mod squash;
pub mod verify;

use std::path::PathBuf;

pub use decide::{Options, Target};
pub use dir::{Direction, Migration, MigrationMeta};
pub use driver::{Driver, Event, Observer, Scratch, ScratchServer};
pub use graph::Graph;
pub use migrator::{Drift, Report, Step};

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(
        "offline SQL cannot carry {table}.{columns} through the rebuild of {table} in {revision}: another branch added it, and only a run against the database can keep it (run `upgrade` on the database, or print the SQL from a revision on one branch)"
    )]
    OfflineCannotCarry {
        revision: String,
        table: String,
        columns: String,
    },
    #[error("invalid database URL `{url}`: {why}")]
    BadUrl { url: String, why: String },
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("no migrations directory at {path}")]
    NoMigrationsDir { path: PathBuf },
    #[error("{path}: invalid migration metadata: {why}")]
    BadMetadata { path: PathBuf, why: String },
    #[error("{path} was edited after it was generated (checksum {found}, recorded {expected})")]
    EditedMigration {
        path: PathBuf,
        expected: String,
        found: String,
    },
    #[error("{path} already exists")]
    AlreadyExists { path: PathBuf },
    #[error("revision {id} is in two folders: {first} and {second}")]
    DuplicateRevision {
        id: String,
        first: PathBuf,
        second: PathBuf,
    },
    #[error("revision {id} names parent {parent}, which is not in the migrations directory")]
    MissingParent { id: String, parent: String },
    #[error("the revision graph has a cycle through {id}")]
    Cycle { id: String },
    #[error("several heads: {}", heads.join(", "))]
    MultipleHeads { heads: Vec<String> },
    #[error("unknown revision `{id}`")]
    UnknownRevision { id: String },
    #[error("revision `{id}` is ambiguous: it could be {}", candidates.join(", "))]
    AmbiguousRevision { id: String, candidates: Vec<String> },
    #[error(
        "the database is at {}, which {} not in the migrations directory",
        if ids.len() == 1 { format!("revision {}", ids[0]) } else { format!("revisions {}", ids.join(", ")) },
        if ids.len() == 1 { "is" } else { "are" }
    )]
    UnknownDatabaseRevision { ids: Vec<String> },
    #[error(
        "the database is at {id}, which was squashed into {into}: upgrade it to {into} with a checkout \
         from before the squash (or the pschema release before it), then run again"
    )]
    SquashedRevision { id: String, into: String },
    #[error(
        "cannot squash up to {rev}: a branch forks before it ({} would be removed); squash a revision \
         after the merge that joins the branch, or merge it first",
        forks.join(", ")
    )]
    SquashForks {
        rev: String,
        /// `child's parent p`, for each migration kept whose parent the squash removes.
        forks: Vec<String>,
    },
    #[error("{id} has no parents: there is nothing before it to squash")]
    NothingToSquash { id: String },
    #[error(
        "squashing would delete what no migration accounts for: {}; move it out of the migrations folder first",
        paths.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ")
    )]
    SquashWouldLose { paths: Vec<PathBuf> },
    #[error(
        "alembic_version holds {ancestor} and {descendant}, but {ancestor} is an ancestor of {descendant}: \
         a database is at one revision per branch"
    )]
    OverlappingRevisions { ancestor: String, descendant: String },
    #[error("{path} has {count} error(s):\n{rendered}")]
    InvalidSchema {
        path: PathBuf,
        count: usize,
        rendered: String,
    },
    #[error("snapshot of revision {id} is not a valid schema:\n{rendered}")]
    InvalidSnapshot { id: String, rendered: String },
    #[error(transparent)]
    Plan(#[from] pschema_sql::PlanError),
    #[error(
        "this migration would lose data:\n{}{}\nrun again with --allow-destructive to write it anyway",
        changes.iter().map(|c| format!("  - {c}")).collect::<Vec<_>>().join("\n"),
        suggestions.iter().map(|s| format!("\nhint: {s}")).collect::<String>()
    )]
    Destructive {
        changes: Vec<String>,
        suggestions: Vec<String>,
    },
    #[error("{path}: the directory {dir} does not exist")]
    NoSuchDirectory { path: PathBuf, dir: PathBuf },
    #[error("{path} is not a SQLite database")]
    NotADatabase { path: PathBuf },
    #[error(
        "the database is locked by another runner{}; gave up after {seconds} s",
        holder.as_ref().map(|h| format!(" ({h})")).unwrap_or_default()
    )]
    Locked { seconds: u64, holder: Option<String> },
    #[error(
        "migration {id} was applied with other SQL than {path} has now (applied {applied}, now {now}); \
         an applied migration must not change: write a new one (or pass --ignore-checksums)"
    )]
    ChecksumMismatch {
        id: String,
        path: PathBuf,
        applied: String,
        now: String,
    },
    #[error("the database has tables ({}) but no alembic_version", tables.join(", "))]
    Unversioned { tables: Vec<String> },
    #[error(
        "the database has tables ({}) but its alembic_version is empty: no revision is recorded",
        tables.join(", ")
    )]
    EmptyVersionTable { tables: Vec<String> },
    #[error(
        "the database does not hold the schema of {revision}; stamping it would be a lie (pass --force to stamp anyway):\n  {}",
        differences.join("\n  ")
    )]
    StampMismatch { revision: String, differences: Vec<String> },
    #[error(
        "migration {id} failed half-way in an earlier run: its statements that run outside a transaction \
         ran, the rest rolled back; check the database, then run again with --retry-failed"
    )]
    FailedBefore { id: String },
    #[error(
        "migration {id} stopped part-way going {direction} in an earlier run ({done} of its {total} steps done): \
         run `{}` again to finish it before anything else",
        if direction == "down" { "downgrade" } else { "upgrade" }
    )]
    HalfApplied {
        id: String,
        direction: String,
        done: usize,
        total: usize,
    },
    #[error(
        "migration {id} stopped part-way in an earlier run, and the steps it had done are not written \
         in {} as they ran: put them back as they were (the failing step and those after it may change)",
        path.display()
    )]
    ResumeChecksumMismatch { id: String, path: std::path::PathBuf },
    #[error(
        "migration {id} has no {}: it was written for other dialects (pschema.toml's `dialects`)",
        path.display()
    )]
    NoSqlForDialect { id: String, path: std::path::PathBuf },
    #[error("cannot revert {id}: it is not a head of the database any more (the database is at {})", heads.join(", "))]
    NotAHead { id: String, heads: Vec<String> },
    #[error(
        "alembic_version changed while pschema ran: expected {}, found {}; nothing was changed",
        shown_heads(expected),
        shown_heads(found)
    )]
    VersionConflict { expected: Vec<String>, found: Vec<String> },
    #[error("cannot go to `{target}`: {why}")]
    BadTarget { target: String, why: String },
    #[error("{0}")]
    MigrationFailed(Box<FailedMigration>),
    #[error("database error on {what}: {message}")]
    Database { what: String, message: String },
    #[error(
        "the generated migration does not do what it should; nothing was written.\n{step}: {}",
        differences.join("\n  ")
    )]
    Verification { step: String, differences: Vec<String> },
    #[error("PostgreSQL, {what}: {message}")]
    Postgres { what: String, message: String },
    #[error("{url} names no file (the database would be in memory, and everything written to it lost)")]
    NoDatabaseFile { url: String },
    #[error("{path} holds no migration (no {})", dir::META_FILE)]
    NotAMigration { path: PathBuf },
    #[error("{path} holds no migrations")]
    NoMigrations { path: PathBuf },
    #[error(
        "the branches {} cannot be merged by themselves:\n  {}\nwrite the merged schema into the schema file and merge without --autogenerate",
        parents.join(", "),
        conflicts.join("\n  ")
    )]
    MergeConflict {
        parents: Vec<String>,
        conflicts: Vec<String>,
    },
}

/// A migration that failed: rolled back, or stopped after steps that stay.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "migration {id} failed{}: {message}\n  statement ({location}): {statement}\n{outcome}; the database is at {at}",
    applied_note(.applied)
)]
pub struct FailedMigration {
    pub id: String,
    pub message: String,
    /// What is left of it: rolled back, or what stays and how to go on.
    pub outcome: String,
    pub statement: String,
    /// The migration file and line of the statement.
    pub location: String,
    /// What this run applied before it.
    pub applied: Vec<String>,
    pub at: String,
}

/// A command that helps, for the command line to print with the name of
/// the program the user ran.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hint {
    pub text: &'static str,
    /// The command's arguments after the program name.
    pub command: &'static str,
}

fn applied_note(applied: &[String]) -> String {
    if applied.is_empty() {
        String::new()
    } else {
        format!(" after {} applied", applied.join(", "))
    }
}

fn shown_heads(heads: &[String]) -> String {
    if heads.is_empty() {
        "no revision".to_string()
    } else {
        heads.join(", ")
    }
}

impl Error {
    /// The command that would help, if there is one.
    pub fn hint(&self) -> Option<Hint> {
        let hint = |text, command| Some(Hint { text, command });
        match self {
            Error::EditedMigration { .. } => hint("if the edit is intended, record it with", "hash"),
            Error::MultipleHeads { .. } => hint("merge them with", "merge heads -m \"...\""),
            Error::Unversioned { .. } | Error::EmptyVersionTable { .. } => {
                hint("if it matches a revision, record that with", "stamp <revision>")
            }
            _ => None,
        }
    }
}
