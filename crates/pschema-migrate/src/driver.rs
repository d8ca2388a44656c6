//! What the runner needs from a database, and nothing more: the only code
//! that touches one implements these traits (the `pschema-driver` crate, one
//! module per dialect). Everything that decides what to run lives on this
//! side and is tested without a database.

use crate::Error;
use crate::db_schema::DbSchema;
use crate::dir::{Direction, Migration};
use pschema_sql::{Dialect, Script};
use std::time::Duration;

/// What the runner tells its caller as it goes.
#[derive(Debug)]
pub enum Event<'a> {
    /// Another runner holds the lock; `holder` says who, when it is known.
    Waiting { holder: Option<String> },
    /// A migration is about to run.
    Starting {
        migration: &'a Migration,
        direction: Direction,
    },
    /// A statement of the running migration is about to run (1-based).
    Statement { index: usize, total: usize },
    /// A step of the running migration hit PostgreSQL's `lock_timeout` (a
    /// lock it needs is held by another session); it is rolled back and run
    /// again after `wait`, for the `attempt`th time of at most `attempts`.
    Retrying {
        attempt: u32,
        attempts: u32,
        wait: Duration,
        statement: String,
    },
    /// A migration that stopped half-way in an earlier run resumes after the
    /// steps it had done.
    Resuming { done: usize, total: usize },
    /// The running migration committed.
    Finished,
}

pub type Observer<'a> = &'a mut dyn FnMut(Event<'_>);

/// One row of `pschema_history`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryRow {
    pub revision: String,
    /// `up`, `down`, `adopt` or `stamp`.
    pub direction: String,
    pub message: String,
    /// The checksum of the SQL that ran (for `adopt` and `stamp`, of the up SQL).
    pub checksum: Option<String>,
    pub applied_at: String,
    pub execution_ms: u64,
    pub success: bool,
}

/// The database as the runner sees it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DbState {
    /// Whether there is a database at all (a SQLite file that is not there
    /// yet is none).
    pub exists: bool,
    /// Whether `alembic_version` exists (it may exist and be empty).
    pub version_table: bool,
    /// The revisions in `alembic_version`, sorted.
    pub heads: Vec<String>,
    /// `pschema_history`, oldest first.
    pub history: Vec<HistoryRow>,
    /// Tables that are neither Alembic's nor pschema's, sorted.
    pub user_tables: Vec<String>,
    /// Migrations of several steps that stopped part-way (`pschema_progress`).
    pub progress: Vec<Progress>,
}

/// How far a migration of several steps (see [`pschema_sql::Step`]) got: a
/// row of `pschema_progress`, written in the transaction of each step it
/// completes but the last, and removed with the last.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Progress {
    pub revision: String,
    /// `up` or `down`.
    pub direction: String,
    /// The checksum of the steps done ([`crate::decide::done_checksum`]): a
    /// run resumes only after steps still written as they ran.
    pub checksum: Option<String>,
    pub steps_done: usize,
    pub steps_total: usize,
    pub updated_at: String,
}

/// How a driver waits for the table locks a migration's statements take,
/// where the dialect can bound that wait (PostgreSQL's `lock_timeout`): a
/// statement waiting behind a long query would make every query after it
/// wait too. A step that hits the bound is rolled back and run again after a
/// pause that doubles, up to `attempts` runs in all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LockRetry {
    /// `lock_timeout` for every statement; zero waits without bound.
    pub timeout: Duration,
    pub attempts: u32,
    /// The pause before the second run; doubled for each one after, up to
    /// [`LockRetry::MAX_PAUSE`].
    pub pause: Duration,
}

impl LockRetry {
    pub const MAX_PAUSE: Duration = Duration::from_secs(10);

    /// The pause before run `attempt` (2 for the first retry).
    pub fn pause_before(&self, attempt: u32) -> Duration {
        let doublings = attempt.saturating_sub(2).min(16);
        (self.pause * 2u32.pow(doublings)).min(Self::MAX_PAUSE)
    }
}

impl Default for LockRetry {
    fn default() -> LockRetry {
        LockRetry {
            timeout: Duration::from_millis(DEFAULT_DDL_LOCK_TIMEOUT_MS),
            attempts: 8,
            pause: Duration::from_millis(250),
        }
    }
}

/// The default `lock_timeout`, chosen from `cargo xtask bench online`
/// (docs/benchmarks.md): the longest an application write waits behind a
/// migration statement that is itself waiting for a lock.
pub const DEFAULT_DDL_LOCK_TIMEOUT_MS: u64 = 1000;

/// How `alembic_version` must change: from exactly `before` to exactly
/// `after`. A driver that finds other rows than `before` rolls back: the
/// database moved under the runner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionChange {
    pub before: Vec<String>,
    pub after: Vec<String>,
}

impl VersionChange {
    /// No change, but still checked: the heads must be `heads`.
    pub fn unchanged(heads: &[String]) -> VersionChange {
        VersionChange {
            before: heads.to_vec(),
            after: heads.to_vec(),
        }
    }

    pub fn removed(&self) -> impl Iterator<Item = &String> {
        self.before.iter().filter(|h| !self.after.contains(h))
    }

    pub fn added(&self) -> impl Iterator<Item = &String> {
        self.after.iter().filter(|h| !self.before.contains(h))
    }
}

/// One migration for a driver to run: its steps ([`Script::steps`]) in
/// order from `resume_at`, each transaction or statement outside
/// one as its step says. The last step's transaction (or one after it, when
/// the last step runs outside a transaction) holds the version change, the
/// history row (whose `execution_ms` the driver fills in) and the removal of
/// the progress row; each other step records its count in the progress row
/// (keyed by the history row's revision and direction).
#[derive(Debug)]
pub struct Job<'a> {
    pub script: &'a Script,
    pub version: &'a VersionChange,
    pub history: &'a HistoryRow,
    /// Per table, the columns the migration knows the table to have before it
    /// runs (its parents' snapshots going up, its own going down). A column the
    /// database has beyond them was added by another branch, and a SQLite table
    /// rebuild carries it along instead of dropping it. `None`: carry nothing.
    pub known_columns: Option<&'a KnownColumns>,
    /// The steps an earlier run that stopped part-way did (0 for a fresh
    /// start): the driver runs the script's steps from there.
    pub resume_at: usize,
    pub lock_retry: LockRetry,
}

/// Table name to its column names, see [`Job::known_columns`].
pub type KnownColumns = std::collections::BTreeMap<String, std::collections::BTreeSet<String>>;

/// A statement that failed, or a check that did not hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatementFailure {
    pub message: String,
    /// The statement as shown to people (no comments), or what was checked.
    pub statement: String,
    /// Its line in the migration file, when it is a statement of the file.
    pub line: Option<usize>,
    /// Steps of the migration done and recorded (in this run or before): the
    /// migration is half-applied and a new run resumes after them.
    pub steps_done: usize,
    /// It failed in a step that runs outside a transaction: what the step's
    /// statements before it did stays.
    pub outside: bool,
}

#[derive(Debug)]
pub enum ApplyError {
    /// The migration failed and was rolled back (but for what ran outside
    /// the transaction).
    Failed(StatementFailure),
    /// Something else went wrong (the connection, the bookkeeping, the lock).
    Other(Error),
}

impl ApplyError {
    /// The failure as a statement's, for a scratch run that has no bookkeeping
    /// to fail: an error of the connection is the run's failure too.
    pub fn into_failure(self) -> StatementFailure {
        match self {
            ApplyError::Failed(f) => f,
            ApplyError::Other(e) => StatementFailure {
                message: e.to_string(),
                statement: String::new(),
                line: None,
                steps_done: 0,
                outside: false,
            },
        }
    }
}

impl From<Error> for ApplyError {
    fn from(e: Error) -> ApplyError {
        ApplyError::Other(e)
    }
}

/// Where throw-away databases of one dialect come from: an in-memory SQLite
/// database, or a session's temporary schema on a PostgreSQL server.
pub trait ScratchServer {
    fn dialect(&self) -> Dialect;
    fn scratch(&mut self) -> Result<Box<dyn Scratch + '_>, Error>;
}

/// A throw-away database: nothing done in it outlives it.
pub trait Scratch {
    /// Runs a script as the runner would run a migration.
    fn run(&mut self, script: &Script) -> Result<(), StatementFailure>;
    /// Runs a migration of a chain as the runner would, SQLite rebuilds
    /// carrying the columns beyond `known` (see [`Job::known_columns`]).
    fn run_carrying(&mut self, script: &Script, known: Option<&KnownColumns>) -> Result<(), StatementFailure> {
        let _ = known;
        self.run(script)
    }
    /// The schema, in comparable form (see [`DbSchema::comparable`]).
    fn introspect(&mut self) -> Result<DbSchema, Error>;
    /// The whole schema's text, where the dialect keeps one (SQLite's
    /// `sqlite_master`): equal fingerprints mean the same schema, down to
    /// what introspection does not look at.
    fn fingerprint(&mut self) -> Result<Option<String>, Error>;
}

/// A database the runner migrates.
pub trait Driver: ScratchServer {
    /// The database as it is; empty when there is no database yet.
    fn state(&mut self) -> Result<DbState, Error>;
    /// Takes the migration lock for the whole run: while it is held, no
    /// other runner reads or writes `alembic_version`.
    fn lock(&mut self, timeout: Duration, events: Observer<'_>) -> Result<(), Error>;
    /// Makes what the run committed durable, before the lock is given back
    /// (a driver that syncs every commit has nothing left to do).
    fn finish(&mut self) -> Result<(), Error> {
        Ok(())
    }
    /// Gives the lock back; also done when the driver is dropped.
    fn unlock(&mut self);
    /// Runs one migration; the time it took in milliseconds.
    fn apply(&mut self, job: &Job<'_>, events: Observer<'_>) -> Result<u64, ApplyError>;
    /// Changes `alembic_version` and adds history rows, in one transaction,
    /// without running any migration (stamp, adoption, a failure's record).
    fn write(&mut self, version: &VersionChange, rows: &[HistoryRow]) -> Result<(), Error>;
    /// The live schema, in comparable form.
    fn introspect(&mut self) -> Result<DbSchema, Error>;
    /// How many rows the table holds; `None` when there is no such table.
    fn row_count(&mut self, table: &str) -> Result<Option<u64>, Error>;
}
