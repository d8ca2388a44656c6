//! Migrations: on disk ([`dir`]), as a revision graph ([`graph`]), created
//! from the schema ([`revision`]) and applied to a database ([`runner`]).
//!
//! Load, decide and execute are separate: loading verifies checksums once,
//! deciding what to apply is a pure function of the graph and the database's
//! heads, and executing is the only part that touches a database.

pub mod dir;
pub mod graph;
pub mod introspect;
pub mod pg;
pub mod pg_connect;
pub mod revision;
pub mod runner;
pub mod script;
pub mod url;
pub mod verify;

use std::path::PathBuf;

pub use dir::{Direction, Migration, MigrationMeta};
pub use graph::Graph;
pub use url::{DatabaseUrl, PostgresUrl};

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("invalid database URL `{url}`: {why}")]
    BadUrl { url: String, why: String },
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("no migrations directory at {path}")]
    NoMigrationsDir { path: PathBuf },
    #[error("{path}: invalid migration metadata: {why}")]
    BadMetadata { path: PathBuf, why: String },
    #[error(
        "{path} was edited after it was generated (checksum {found}, recorded {expected}); \
         if the edit is intended, run `cargo xtask migrate hash` to record it"
    )]
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
    #[error("several heads: {}; merge them with `cargo xtask migrate merge heads -m \"...\"`", heads.join(", "))]
    MultipleHeads { heads: Vec<String> },
    #[error("unknown revision `{id}`")]
    UnknownRevision { id: String },
    #[error("revision `{id}` is ambiguous: it could be {}", candidates.join(", "))]
    AmbiguousRevision { id: String, candidates: Vec<String> },
    #[error("the database is at revision {id}, which is not in the migrations directory")]
    UnknownDatabaseRevision { id: String },
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
    #[error(
        "the database has tables ({}) but no alembic_version; if it matches a revision, \
         record that with `cargo xtask migrate stamp <revision>`",
        tables.join(", ")
    )]
    Unversioned { tables: Vec<String> },
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
    #[error("cannot go to `{target}`: {why}")]
    BadTarget { target: String, why: String },
    #[error(
        "migration {id} failed{}: {message}\n  statement: {statement}\nthe migration was rolled back; the database is at {at}",
        applied_note(.applied)
    )]
    MigrationFailed {
        id: String,
        message: String,
        statement: String,
        applied: Vec<String>,
        at: String,
    },
    #[error("database error on {what}: {source}")]
    Database { what: String, source: rusqlite::Error },
    #[error(
        "the generated migration does not do what it should; nothing was written.\n{step}: {}",
        differences.join("\n  ")
    )]
    Verification { step: String, differences: Vec<String> },
    #[error("PostgreSQL, {what}: {message}")]
    Postgres { what: String, message: String },
    #[error("{what} is not supported yet on PostgreSQL")]
    PostgresNotYet { what: String },
}

fn applied_note(applied: &[String]) -> String {
    if applied.is_empty() {
        String::new()
    } else {
        format!(" after {} applied", applied.join(", "))
    }
}

impl Error {
    pub(crate) fn db(what: impl Into<String>) -> impl FnOnce(rusqlite::Error) -> Error {
        let what = what.into();
        move |source| Error::Database { what, source }
    }
}
