//! Applies migrations to a database.
//!
//! Invariants: each migration runs in its own transaction together with the
//! writes to `alembic_version` and `pschema_history`, so a database is always
//! at a revision that exists; the write lock is taken before the current
//! revision is read and the next migration chosen, so two runners never apply
//! the same migration twice; an applied migration whose SQL changed since it
//! was applied stops the run before anything is written.

use crate::dir::{Direction, Migration, sql_path};
use crate::graph::Graph;
use crate::url::DatabaseUrl;
use crate::{Error, introspect, script};
use pschema_sql::Dialect;
use rusqlite::{Connection, ErrorCode, OpenFlags, TransactionBehavior};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Alembic's own DDL, so that Alembic reads a pschema database as its own.
pub(crate) const ALEMBIC_VERSION_DDL: &str = "CREATE TABLE alembic_version (\n\tversion_num VARCHAR(32) NOT NULL, \n\tCONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)\n)";

const HISTORY_DDL: &str = "CREATE TABLE pschema_history (\n\
    \tid INTEGER NOT NULL, \n\
    \trevision VARCHAR(32) NOT NULL, \n\
    \tdirection VARCHAR(8) NOT NULL, \n\
    \tmessage TEXT NOT NULL, \n\
    \tchecksum VARCHAR(64), \n\
    \tapplied_at VARCHAR(40) NOT NULL, \n\
    \texecution_ms INTEGER NOT NULL, \n\
    \tsuccess BOOLEAN NOT NULL, \n\
    \tPRIMARY KEY (id)\n)";

#[derive(Debug, Clone)]
pub struct Options {
    /// How long to wait for another runner's lock before giving up.
    pub lock_timeout: Duration,
    /// Apply even when an applied migration's SQL changed since.
    pub ignore_checksums: bool,
    /// Run again after a migration failed half-way (PostgreSQL statements
    /// that run outside a transaction).
    pub retry_failed: bool,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            lock_timeout: Duration::from_secs(30),
            ignore_checksums: false,
            retry_failed: false,
        }
    }
}

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
    /// The running migration committed.
    Finished,
}

pub type Observer<'a> = &'a mut dyn FnMut(Event<'_>);

/// Where `upgrade` or `downgrade` should take the database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// `head` (the single head) or `heads` (all of them).
    Heads,
    Base,
    Revision(String),
    /// `+N` or `-N`.
    Relative(i64),
}

impl Target {
    pub fn parse(text: &str) -> Target {
        match text {
            "head" | "heads" => Target::Heads,
            "base" => Target::Base,
            _ => match text
                .strip_prefix('+')
                .or(text.strip_prefix('-').map(|_| text))
                .and_then(|n| n.parse::<i64>().ok())
            {
                Some(n) => Target::Relative(n),
                None => Target::Revision(text.to_string()),
            },
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Step {
    pub revision: String,
    pub message: String,
    pub direction: Direction,
    pub duration_ms: u64,
    /// Going this way loses data (a dropped column or table).
    pub loses_data: bool,
}

impl Step {
    pub(crate) fn new(m: &Migration, direction: Direction, duration_ms: u64) -> Step {
        Step {
            revision: m.id().to_string(),
            message: m.meta.message.clone(),
            direction,
            duration_ms,
            loses_data: m.loses_data(direction),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub steps: Vec<Step>,
    /// The database's revisions afterwards; empty at base.
    pub current: Vec<String>,
    /// Applied revisions that had no history row (a database Alembic built),
    /// recorded now.
    pub adopted: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenMode {
    /// For reading: a missing file stays missing.
    ReadOnly,
    /// For changing an existing database (downgrade).
    ReadWrite,
    /// For upgrade and stamp: a missing file becomes an empty database.
    Create,
}

/// An open SQLite database.
pub struct Sqlite {
    conn: Connection,
    /// Where runners say who holds the lock; `None` in memory.
    lock_info: Option<PathBuf>,
}

fn check_parent_exists(path: &Path) -> Result<(), Error> {
    if let Some(parent) = path.parent()
        && !parent.as_os_str().is_empty()
        && !parent.is_dir()
    {
        return Err(Error::NoSuchDirectory {
            path: path.to_path_buf(),
            dir: parent.to_path_buf(),
        });
    }
    if path.is_dir() {
        return Err(Error::NotADatabase {
            path: path.to_path_buf(),
        });
    }
    Ok(())
}

fn is_not_a_database(e: &rusqlite::Error) -> bool {
    matches!(e, rusqlite::Error::SqliteFailure(f, _) if f.code == ErrorCode::NotADatabase)
}

fn is_busy(e: &rusqlite::Error) -> bool {
    matches!(e, rusqlite::Error::SqliteFailure(f, _) if f.code == ErrorCode::DatabaseBusy || f.code == ErrorCode::DatabaseLocked)
}

impl Sqlite {
    /// Opens the database of `url`. A missing file is `None` unless the mode
    /// creates it; nothing is created otherwise.
    pub fn open(url: &DatabaseUrl, mode: OpenMode, options: &Options) -> Result<Option<Sqlite>, Error> {
        let (conn, path) = match url {
            DatabaseUrl::SqliteMemory => (
                Connection::open_in_memory().map_err(Error::db("opening an in-memory database"))?,
                None,
            ),
            DatabaseUrl::SqliteFile(path) => {
                check_parent_exists(path)?;
                if mode != OpenMode::Create && !path.exists() {
                    return Ok(None);
                }
                let flags = OpenFlags::SQLITE_OPEN_NO_MUTEX
                    | match mode {
                        OpenMode::Create => OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE,
                        OpenMode::ReadWrite => OpenFlags::SQLITE_OPEN_READ_WRITE,
                        OpenMode::ReadOnly => OpenFlags::SQLITE_OPEN_READ_ONLY,
                    };
                let conn = Connection::open_with_flags(path, flags)
                    .map_err(Error::db(format!("opening {}", path.display())))?;
                (conn, Some(path.clone()))
            }
            DatabaseUrl::Postgres(_) => {
                return Err(Error::PostgresNotYet {
                    what: "running migrations".into(),
                });
            }
        };
        conn.busy_timeout(options.lock_timeout)
            .map_err(Error::db("setting the busy timeout"))?;
        // Reading the header is what tells a database from any other file.
        let shown = path.clone().unwrap_or_else(|| PathBuf::from(":memory:"));
        conn.query_row("SELECT count(*) FROM sqlite_master", [], |row| row.get::<_, i64>(0))
            .map_err(|e| {
                if is_not_a_database(&e) {
                    Error::NotADatabase { path: shown.clone() }
                } else {
                    Error::Database {
                        what: format!("reading {}", shown.display()),
                        source: e,
                    }
                }
            })?;
        let lock_info = path.map(|p| {
            let mut name = p.file_name().unwrap_or_default().to_os_string();
            name.push(".pschema-lock");
            p.with_file_name(name)
        });
        Ok(Some(Sqlite { conn, lock_info }))
    }

    pub fn open_or_create(url: &DatabaseUrl, options: &Options) -> Result<Sqlite, Error> {
        // With `Create`, `open` has a database to return or an error to say why not.
        Sqlite::open(url, OpenMode::Create, options)?.ok_or_else(|| Error::NotADatabase { path: PathBuf::new() })
    }

    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    /// The revisions in `alembic_version`; empty when there is none.
    pub fn heads(&self) -> Result<Vec<String>, Error> {
        read_heads(&self.conn)
    }

    pub fn introspect(&self) -> Result<introspect::DbSchema, Error> {
        introspect::sqlite(&self.conn)
    }
}

/// Says who holds the lock: a runner that takes it writes a line next to the
/// database (pid, host, command, since when) and removes it when done. It is
/// advice for people; the lock itself is SQLite's.
struct LockInfo {
    path: Option<PathBuf>,
}

impl LockInfo {
    fn take(path: &Option<PathBuf>) -> LockInfo {
        if let Some(path) = path {
            let host = std::fs::read_to_string("/etc/hostname").unwrap_or_default();
            // Each argument redacted: `--database-url` may carry a password.
            let command: Vec<String> = std::env::args().map(|a| crate::url::redact(&a)).collect();
            let line = format!(
                "{} on {} since {}: {}\n",
                std::process::id(),
                host.trim(),
                now_rfc3339(),
                command.join(" ")
            );
            // Best effort: without the note, waiters only say the lock is taken.
            std::fs::write(path, line).ok();
        }
        LockInfo { path: path.clone() }
    }

    /// Who holds the lock, if the note is there and its process is alive.
    fn read(path: &Option<PathBuf>) -> Option<String> {
        let text = std::fs::read_to_string(path.as_ref()?).ok()?;
        let pid: u32 = text.split_whitespace().next()?.parse().ok()?;
        let alive = Path::new(&format!("/proc/{pid}")).exists() || !Path::new("/proc/self").exists();
        alive.then(|| format!("process {}", text.trim()))
    }
}

impl Drop for LockInfo {
    fn drop(&mut self) {
        if let Some(path) = &self.path {
            std::fs::remove_file(path).ok();
        }
    }
}

/// Starts a transaction holding the write lock, so that what is read next
/// (the current revision) stays true until the commit. Tries briefly first,
/// so that a runner that must wait can say so, and for whom.
fn begin_immediate<'c>(
    conn: &'c Connection,
    lock_info: &Option<PathBuf>,
    options: &Options,
    observer: Observer<'_>,
) -> Result<rusqlite::Transaction<'c>, Error> {
    let begin = || rusqlite::Transaction::new_unchecked(conn, TransactionBehavior::Immediate);
    let quick = options.lock_timeout.min(Duration::from_millis(100));
    conn.busy_timeout(quick)
        .map_err(Error::db("setting the busy timeout"))?;
    let first = begin();
    let result = match first {
        Err(e) if is_busy(&e) => {
            let holder = LockInfo::read(lock_info);
            observer(Event::Waiting { holder: holder.clone() });
            conn.busy_timeout(options.lock_timeout.saturating_sub(quick))
                .map_err(Error::db("setting the busy timeout"))?;
            begin().map_err(|e| {
                if is_busy(&e) {
                    Error::Locked {
                        seconds: options.lock_timeout.as_secs(),
                        holder: LockInfo::read(lock_info).or(holder),
                    }
                } else {
                    Error::Database {
                        what: "starting a transaction".into(),
                        source: e,
                    }
                }
            })
        }
        other => other.map_err(|e| Error::Database {
            what: "starting a transaction".into(),
            source: e,
        }),
    };
    conn.busy_timeout(options.lock_timeout)
        .map_err(Error::db("setting the busy timeout"))?;
    result
}

fn read_heads(conn: &Connection) -> Result<Vec<String>, Error> {
    if !table_exists(conn, "alembic_version")? {
        return Ok(Vec::new());
    }
    let mut stmt = conn
        .prepare("SELECT version_num FROM alembic_version ORDER BY version_num")
        .map_err(Error::db("reading alembic_version"))?;
    let heads = stmt
        .query_map([], |row| row.get(0))
        .and_then(|rows| rows.collect())
        .map_err(Error::db("reading alembic_version"))?;
    Ok(heads)
}

fn table_exists(conn: &Connection, name: &str) -> Result<bool, Error> {
    conn.query_row(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?1",
        [name],
        |row| row.get::<_, i64>(0),
    )
    .map(|n| n > 0)
    .map_err(Error::db(format!("looking for {name}")))
}

/// The tables of the database that are not pschema's or Alembic's own.
fn user_tables(conn: &Connection) -> Result<Vec<String>, Error> {
    conn.prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
         AND name NOT IN ('alembic_version', 'pschema_history') ORDER BY name",
    )
    .and_then(|mut s| s.query_map([], |row| row.get(0))?.collect())
    .map_err(Error::db("listing tables"))
}

fn ensure_bookkeeping(conn: &Connection) -> Result<(), Error> {
    if !table_exists(conn, "alembic_version")? {
        conn.execute_batch(ALEMBIC_VERSION_DDL)
            .map_err(Error::db("creating alembic_version"))?;
    }
    if !table_exists(conn, "pschema_history")? {
        conn.execute_batch(HISTORY_DDL)
            .map_err(Error::db("creating pschema_history"))?;
    }
    Ok(())
}

fn write_heads(conn: &Connection, heads: &[String]) -> Result<(), Error> {
    conn.execute("DELETE FROM alembic_version", [])
        .map_err(Error::db("updating alembic_version"))?;
    for head in heads {
        conn.execute("INSERT INTO alembic_version (version_num) VALUES (?1)", [head])
            .map_err(Error::db("updating alembic_version"))?;
    }
    Ok(())
}

fn record(
    conn: &Connection,
    revision: &str,
    direction: &str,
    message: &str,
    checksum: Option<&str>,
    ms: u64,
) -> Result<(), Error> {
    conn.execute(
        "INSERT INTO pschema_history (revision, direction, message, checksum, applied_at, execution_ms, success) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, 1)",
        rusqlite::params![revision, direction, message, checksum, now_rfc3339(), ms as i64],
    )
    .map_err(Error::db("recording the migration in pschema_history"))?;
    Ok(())
}

pub(crate) fn now_rfc3339() -> String {
    time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

/// The checksum each revision's up SQL had when it was last applied.
fn applied_checksums(conn: &Connection) -> Result<BTreeMap<String, Option<String>>, Error> {
    if !table_exists(conn, "pschema_history")? {
        return Ok(BTreeMap::new());
    }
    let rows: Vec<(String, Option<String>)> = conn
        .prepare("SELECT revision, checksum FROM pschema_history WHERE direction IN ('up', 'adopt', 'stamp') AND success ORDER BY id")
        .and_then(|mut s| s.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect())
        .map_err(Error::db("reading pschema_history"))?;
    Ok(rows.into_iter().collect())
}

/// Stops when an applied migration's SQL is not what was applied.
fn verify_checksums(conn: &Connection, graph: &Graph, heads: &[String]) -> Result<(), Error> {
    let recorded = applied_checksums(conn)?;
    for id in graph.ancestors(heads.iter().map(String::as_str)) {
        let Some(m) = graph.get(id) else { continue };
        let Some(Some(was)) = recorded.get(id) else { continue };
        let now = m.checksum(Dialect::Sqlite, Direction::Up).unwrap_or_default();
        if was != now {
            return Err(Error::ChecksumMismatch {
                id: id.to_string(),
                path: m.dir.join(sql_path(Dialect::Sqlite, Direction::Up)),
                applied: was.clone(),
                now: now.to_string(),
            });
        }
    }
    Ok(())
}

/// Records applied revisions that have no history row yet: a database that
/// Alembic (or a stamp) brought to its revision is adopted as it stands.
fn adopt(conn: &Connection, graph: &Graph, heads: &[String]) -> Result<Vec<String>, Error> {
    let recorded = applied_checksums(conn)?;
    let mut adopted = Vec::new();
    for m in graph.migrations() {
        if graph.ancestors(heads.iter().map(String::as_str)).contains(m.id()) && !recorded.contains_key(m.id()) {
            adopted.push(m.id().to_string());
        }
    }
    if !adopted.is_empty() {
        ensure_bookkeeping(conn)?;
        for id in &adopted {
            let m = graph.get(id).ok_or_else(|| Error::UnknownRevision { id: id.clone() })?;
            record(
                conn,
                id,
                "adopt",
                &m.meta.message,
                m.checksum(Dialect::Sqlite, Direction::Up),
                0,
            )?;
        }
    }
    Ok(adopted)
}

pub(crate) fn check_known(graph: &Graph, heads: &[String]) -> Result<(), Error> {
    for head in heads {
        if graph.get(head).is_none() {
            return Err(Error::UnknownDatabaseRevision { id: head.clone() });
        }
    }
    Ok(())
}

/// Runs migrations one transaction at a time: under the lock, read the
/// heads, let `next` choose the migration (or none), run it, record it.
fn migrate(
    db: &mut Sqlite,
    graph: &Graph,
    direction: Direction,
    options: &Options,
    observer: Observer<'_>,
    next: &dyn Fn(&[String]) -> Option<String>,
) -> Result<Report, Error> {
    let mut steps: Vec<Step> = Vec::new();
    let mut adopted = Vec::new();
    let mut checked = false;
    let mut foreign_keys_off: Option<script::ForeignKeysOff<'_>> = None;
    let conn = &db.conn;
    loop {
        let tx = begin_immediate(conn, &db.lock_info, options, observer)?;
        let heads = read_heads(&tx)?;
        check_known(graph, &heads)?;
        if !checked {
            if heads.is_empty() && direction == Direction::Up {
                let tables = user_tables(&tx)?;
                if !tables.is_empty() {
                    return Err(Error::Unversioned { tables });
                }
            }
            if !options.ignore_checksums {
                verify_checksums(&tx, graph, &heads)?;
            }
            adopted = adopt(&tx, graph, &heads)?;
            checked = true;
        }
        let Some(id) = next(&heads) else {
            tx.commit().map_err(Error::db("finishing"))?;
            return Ok(Report {
                steps,
                current: heads,
                adopted,
            });
        };
        let m = graph
            .get(&id)
            .ok_or_else(|| Error::UnknownRevision { id: id.clone() })?;
        let sql = m.sql(Dialect::Sqlite, direction).unwrap_or("");
        // A rebuild must not run ON DELETE actions when it drops the old
        // table; the pragma only takes effect outside a transaction.
        if script::has_rebuild(sql) && foreign_keys_off.is_none() {
            drop(tx);
            foreign_keys_off = Some(script::ForeignKeysOff::new(conn).map_err(Error::db("turning foreign keys off"))?);
            continue;
        }
        let _note = LockInfo::take(&db.lock_info);
        observer(Event::Starting {
            migration: m,
            direction,
        });
        let started = Instant::now();
        ensure_bookkeeping(&tx)?;
        let result = script::execute_observed(&tx, sql, &mut |index, total| {
            observer(Event::Statement { index, total })
        });
        if let Err(e) = result {
            drop(tx); // rolls back
            return Err(Error::MigrationFailed {
                id: m.id().to_string(),
                message: e.message,
                statement: e.statement,
                applied: steps.iter().map(|s| s.revision.clone()).collect(),
                at: if heads.is_empty() {
                    "base".into()
                } else {
                    heads.join(", ")
                },
            });
        }
        let new_heads = match direction {
            Direction::Up => graph.heads_after_upgrade(&heads, m.id()),
            Direction::Down => graph.heads_after_downgrade(&heads, m.id()),
        };
        write_heads(&tx, &new_heads)?;
        let duration_ms = started.elapsed().as_millis() as u64;
        record(
            &tx,
            m.id(),
            direction.as_str(),
            &m.meta.message,
            m.checksum(Dialect::Sqlite, direction),
            duration_ms,
        )?;
        tx.commit()
            .map_err(Error::db(format!("committing migration {}", m.id())))?;
        observer(Event::Finished);
        steps.push(Step::new(m, direction, duration_ms));
    }
}

/// What a run does next, decided again under the lock before each
/// migration from the heads the database has then.
pub(crate) enum Next {
    /// Up towards these revisions.
    Upgrade(Vec<String>),
    /// Down through these revisions, newest first; one another runner has
    /// already reverted is passed over.
    Downgrade(Vec<String>),
}

impl Next {
    /// Targets are fixed from a first look at the heads.
    pub(crate) fn upgrade(graph: &Graph, heads: &[String], target: &Target) -> Result<Next, Error> {
        Ok(Next::Upgrade(
            upgrade_targets(graph, heads, target)?
                .into_iter()
                .map(String::from)
                .collect(),
        ))
    }

    pub(crate) fn downgrade(graph: &Graph, heads: &[String], target: &Target) -> Result<Next, Error> {
        Ok(Next::Downgrade(downgrade_plan(graph, heads, target)?))
    }

    pub(crate) fn choose(&self, graph: &Graph, heads: &[String]) -> Option<String> {
        match self {
            Next::Upgrade(targets) => {
                let targets: Vec<&str> = targets.iter().map(String::as_str).collect();
                graph.upgrade_path(heads, &targets).first().map(|m| m.id().to_string())
            }
            Next::Downgrade(plan) => {
                let applied = graph.ancestors(heads.iter().map(String::as_str));
                plan.iter().find(|id| applied.contains(id.as_str())).cloned()
            }
        }
    }
}

/// The revisions an `upgrade` to `target` ends at, given the database's heads.
fn upgrade_targets<'g>(graph: &'g Graph, heads: &[String], target: &Target) -> Result<Vec<&'g str>, Error> {
    Ok(match target {
        Target::Heads => graph.heads(),
        Target::Base => Vec::new(),
        Target::Revision(rev) => vec![graph.resolve(rev)?],
        Target::Relative(n) if *n > 0 => {
            let path = graph.upgrade_path(heads, &graph.heads());
            match path.get(*n as usize - 1) {
                Some(m) => vec![m.id()],
                None => {
                    return Err(Error::BadTarget {
                        target: format!("+{n}"),
                        why: format!("only {} migration(s) to apply", path.len()),
                    });
                }
            }
        }
        Target::Relative(0) => heads.iter().filter_map(|h| graph.get(h).map(Migration::id)).collect(),
        Target::Relative(n) => {
            return Err(Error::BadTarget {
                target: n.to_string(),
                why: "use downgrade to go down".into(),
            });
        }
    })
}

pub fn upgrade(
    url: &DatabaseUrl,
    graph: &Graph,
    target: &Target,
    options: &Options,
    observer: Observer<'_>,
) -> Result<Report, Error> {
    let mut db = Sqlite::open_or_create(url, options)?;
    // Targets are fixed from a first look; which migration comes next is
    // decided again under the lock at every step.
    let heads = db.heads()?;
    check_known(graph, &heads)?;
    let next = Next::upgrade(graph, &heads, target)?;
    let next = |heads: &[String]| next.choose(graph, heads);
    migrate(&mut db, graph, Direction::Up, options, observer, &next)
}

/// The revisions to revert, newest first, to take `heads` to `target`.
pub fn downgrade_plan(graph: &Graph, heads: &[String], target: &Target) -> Result<Vec<String>, Error> {
    Ok(match target {
        Target::Base => graph
            .downgrade_path(heads, &[])
            .iter()
            .map(|m| m.id().to_string())
            .collect(),
        Target::Revision(rev) => {
            let rev = graph.resolve(rev)?;
            if !graph.ancestors(heads.iter().map(String::as_str)).contains(rev) {
                return Err(Error::BadTarget {
                    target: rev.to_string(),
                    why: "the database is not past it".into(),
                });
            }
            graph
                .downgrade_path(heads, &[rev])
                .iter()
                .map(|m| m.id().to_string())
                .collect()
        }
        Target::Relative(n) => {
            // One revision at a time: the newest applied head first, and a
            // merge revision steps back to all of its parents.
            let mut simulated = heads.to_vec();
            let mut order = Vec::new();
            for _ in 0..n.unsigned_abs() {
                let newest = graph
                    .migrations()
                    .iter()
                    .rev()
                    .find(|m| simulated.iter().any(|h| h == m.id()));
                let Some(m) = newest else {
                    return Err(Error::BadTarget {
                        target: n.to_string(),
                        why: format!("only {} migration(s) applied", order.len()),
                    });
                };
                simulated = graph.heads_after_downgrade(&simulated, m.id());
                order.push(m.id().to_string());
            }
            order
        }
        Target::Heads => Vec::new(),
    })
}

pub fn downgrade(
    url: &DatabaseUrl,
    graph: &Graph,
    target: &Target,
    options: &Options,
    observer: Observer<'_>,
) -> Result<Report, Error> {
    let Some(mut db) = Sqlite::open(url, OpenMode::ReadWrite, options)? else {
        return Ok(Report {
            steps: Vec::new(),
            current: Vec::new(),
            adopted: Vec::new(),
        });
    };
    let heads = db.heads()?;
    check_known(graph, &heads)?;
    let next = Next::downgrade(graph, &heads, target)?;
    let next = |heads: &[String]| next.choose(graph, heads);
    migrate(&mut db, graph, Direction::Down, options, observer, &next)
}

/// The database's current revisions, without creating the database.
pub fn current(url: &DatabaseUrl, options: &Options) -> Result<Vec<String>, Error> {
    match Sqlite::open(url, OpenMode::ReadOnly, options)? {
        Some(db) => db.heads(),
        None => Ok(Vec::new()),
    }
}

/// What the database should hold at `heads`, from the snapshots.
fn expected_at(graph: &Graph, heads: &[String]) -> Result<Option<introspect::DbSchema>, Error> {
    match heads {
        [] => Ok(Some(introspect::DbSchema::default())),
        [one] => {
            let m = graph
                .get(one)
                .ok_or_else(|| Error::UnknownDatabaseRevision { id: one.clone() })?;
            let schema = crate::revision::snapshot_schema(m)?;
            Ok(Some(crate::verify::expected_sqlite(&schema)?))
        }
        // Several heads: their schema is whatever the branches combined into.
        _ => Ok(None),
    }
}

/// A live database against the snapshot of its revision.
#[derive(Debug, Clone, Serialize)]
pub struct Drift {
    pub current: Vec<String>,
    /// Table by table; empty when the database holds the schema it should.
    pub differences: Vec<String>,
}

/// How the live database differs from the snapshot of its revision; `None`
/// when there is no database.
pub fn drift(url: &DatabaseUrl, graph: &Graph, options: &Options) -> Result<Option<Drift>, Error> {
    let Some(db) = Sqlite::open(url, OpenMode::ReadOnly, options)? else {
        return Ok(None);
    };
    let current = db.heads()?;
    check_known(graph, &current)?;
    let Some(expected) = expected_at(graph, &current)? else {
        return Ok(Some(Drift {
            current,
            differences: Vec::new(),
        }));
    };
    let actual = db.introspect()?.comparable();
    Ok(Some(Drift {
        differences: introspect::differences(&expected, &actual),
        current,
    }))
}

/// The revision `stamp` names: `None` for base.
pub(crate) fn stamp_target(graph: &Graph, target: &str) -> Result<Option<String>, Error> {
    Ok(match target {
        "base" => None,
        "head" | "heads" => Some(
            graph
                .head()?
                .ok_or_else(|| Error::UnknownRevision { id: target.into() })?
                .to_string(),
        ),
        rev => Some(graph.resolve(rev)?.to_string()),
    })
}

/// The heads after a stamp: heads on other branches stay, unless `purge`;
/// only the branch of the stamped revision moves.
pub(crate) fn heads_after_stamp(graph: &Graph, heads: &[String], revision: Option<&str>, purge: bool) -> Vec<String> {
    let mut new_heads: Vec<String> = if purge {
        Vec::new()
    } else {
        heads
            .iter()
            .filter(|h| {
                revision.is_some_and(|r| {
                    !graph.ancestors([r]).contains(h.as_str()) && !graph.ancestors([h.as_str()]).contains(r)
                })
            })
            .cloned()
            .collect()
    };
    new_heads.extend(revision.map(String::from));
    new_heads.sort();
    new_heads.dedup();
    new_heads
}

/// Marks the database as being at `target` without running any migration,
/// after checking that it holds the schema of that revision (unless `force`).
pub fn stamp(
    url: &DatabaseUrl,
    graph: &Graph,
    target: &str,
    purge: bool,
    force: bool,
    options: &Options,
    observer: Observer<'_>,
) -> Result<Report, Error> {
    let db = Sqlite::open_or_create(url, options)?;
    let revision = stamp_target(graph, target)?;
    let wanted: Vec<String> = revision.iter().cloned().collect();
    if !force {
        let expected = expected_at(graph, &wanted)?.unwrap_or_default();
        let differences = introspect::differences(&expected, &db.introspect()?.comparable());
        if !differences.is_empty() {
            return Err(Error::StampMismatch {
                revision: target.to_string(),
                differences,
            });
        }
    }
    let tx = begin_immediate(&db.conn, &db.lock_info, options, observer)?;
    let heads = read_heads(&tx)?;
    if !purge {
        check_known(graph, &heads)?;
    }
    let new_heads = heads_after_stamp(graph, &heads, revision.as_deref(), purge);
    ensure_bookkeeping(&tx)?;
    write_heads(&tx, &new_heads)?;
    if let Some(rev) = &revision {
        let m = graph
            .get(rev)
            .ok_or_else(|| Error::UnknownRevision { id: rev.clone() })?;
        record(
            &tx,
            rev,
            "stamp",
            &m.meta.message,
            m.checksum(Dialect::Sqlite, Direction::Up),
            0,
        )?;
    }
    tx.commit().map_err(Error::db("stamping"))?;
    Ok(Report {
        steps: Vec::new(),
        current: new_heads,
        adopted: Vec::new(),
    })
}

/// The SQL `upgrade` or `downgrade` would run from `from` to `target`,
/// version-table statements included, without a database.
pub fn offline_sql(
    graph: &Graph,
    from: &[String],
    target: &Target,
    direction: Direction,
    dialect: Dialect,
) -> Result<String, Error> {
    check_known(graph, from)?;
    let plan: Vec<String> = match direction {
        Direction::Up => {
            let targets = upgrade_targets(graph, from, target)?;
            graph
                .upgrade_path(from, &targets)
                .iter()
                .map(|m| m.id().to_string())
                .collect()
        }
        Direction::Down => downgrade_plan(graph, from, target)?,
    };
    let postgres = dialect == Dialect::Postgres;
    let mut out = String::new();
    let mut heads = from.to_vec();
    if heads.is_empty() && direction == Direction::Up {
        let history = if postgres { crate::pg::HISTORY_DDL } else { HISTORY_DDL };
        out.push_str(&format!("{ALEMBIC_VERSION_DDL};\n\n{history};\n\n"));
    }
    let now = if postgres {
        "to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"
    } else {
        "strftime('%Y-%m-%dT%H:%M:%SZ', 'now')"
    };
    let success = if postgres { "true" } else { "1" };
    for id in plan {
        let m = graph
            .get(&id)
            .ok_or_else(|| Error::UnknownRevision { id: id.clone() })?;
        let sql = m.sql(dialect, direction).unwrap_or("");
        let rebuild = !postgres && script::has_rebuild(sql);
        out.push_str(&format!(
            "-- Running {} {} ({})\n",
            direction.as_str(),
            m.id(),
            m.meta.message
        ));
        let (outside, inside) = if postgres {
            pschema_sql::split_no_transaction(sql)
        } else {
            (Vec::new(), sql.to_string())
        };
        for statement in &outside {
            out.push_str(statement);
            out.push_str("\n\n");
        }
        if rebuild {
            out.push_str("PRAGMA foreign_keys = OFF;\n\n");
        }
        out.push_str(if postgres { "BEGIN;\n\n" } else { "BEGIN IMMEDIATE;\n\n" });
        out.push_str(inside.trim_end());
        out.push_str("\n\n");
        let new_heads = match direction {
            Direction::Up => graph.heads_after_upgrade(&heads, m.id()),
            Direction::Down => graph.heads_after_downgrade(&heads, m.id()),
        };
        out.push_str("DELETE FROM alembic_version;\n\n");
        for head in &new_heads {
            out.push_str(&format!(
                "INSERT INTO alembic_version (version_num) VALUES ('{head}');\n\n"
            ));
        }
        out.push_str(&format!(
            "INSERT INTO pschema_history (revision, direction, message, checksum, applied_at, execution_ms, success) \
             VALUES ('{}', '{}', '{}', '{}', {now}, 0, {success});\n\n",
            m.id(),
            direction.as_str(),
            m.meta.message.replace('\'', "''"),
            m.checksum(dialect, direction).unwrap_or_default()
        ));
        out.push_str("COMMIT;\n\n");
        if rebuild {
            out.push_str("PRAGMA foreign_keys = ON;\n\n");
        }
        heads = new_heads;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dir::{MigrationMeta, sql_path};

    fn migration(id: &str, parents: &[&str], up: &str, down: &str) -> Migration {
        let files = [
            (sql_path(Dialect::Sqlite, Direction::Up), up.to_string()),
            (sql_path(Dialect::Sqlite, Direction::Down), down.to_string()),
        ]
        .into_iter()
        .collect();
        Migration {
            meta: MigrationMeta {
                id: id.into(),
                parents: parents.iter().map(|p| p.to_string()).collect(),
                message: format!("migration {id}"),
                created: id.into(),
                destructive: false,
                down_loses_data: false,
                checksums: Default::default(),
            },
            dir: id.into(),
            files,
        }
    }

    #[test]
    fn a_failed_migration_leaves_the_database_as_it_was() {
        let tmp = std::env::temp_dir().join(format!("pschema-runner-{}.db", std::process::id()));
        let _ = std::fs::remove_file(&tmp);
        let url = DatabaseUrl::SqliteFile(tmp.clone());
        let graph = Graph::new(vec![
            migration("aaa", &[], "CREATE TABLE one (x INTEGER);", "DROP TABLE one;"),
            migration(
                "bbb",
                &["aaa"],
                "CREATE TABLE two (x INTEGER);\nINSERT INTO one VALUES (1);\nINSERT INTO missing VALUES (1);",
                "DROP TABLE two;",
            ),
        ])
        .unwrap();
        let err = upgrade(&url, &graph, &Target::Heads, &Options::default(), &mut |_| {}).unwrap_err();
        match &err {
            Error::MigrationFailed {
                id,
                applied,
                at,
                statement,
                ..
            } => {
                assert_eq!(
                    (id.as_str(), applied.as_slice(), at.as_str()),
                    ("bbb", &["aaa".to_string()][..], "aaa")
                );
                assert_eq!(statement, "INSERT INTO missing VALUES (1)");
            }
            other => panic!("expected MigrationFailed, got {other}"),
        }
        let db = Sqlite::open(&url, OpenMode::ReadOnly, &Options::default())
            .unwrap()
            .unwrap();
        assert_eq!(db.heads().unwrap(), ["aaa"]);
        let tables: i64 = db
            .connection()
            .query_row("SELECT count(*) FROM sqlite_master WHERE name = 'two'", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(tables, 0, "the failed migration's table was rolled back");
        let rows: i64 = db
            .connection()
            .query_row("SELECT count(*) FROM one", [], |r| r.get(0))
            .unwrap();
        assert_eq!(rows, 0, "the failed migration's rows were rolled back");
        let history: i64 = db
            .connection()
            .query_row("SELECT count(*) FROM pschema_history", [], |r| r.get(0))
            .unwrap();
        assert_eq!(history, 1);
        drop(db);
        std::fs::remove_file(&tmp).unwrap();
    }

    #[test]
    fn targets_parse_like_alembics() {
        assert_eq!(Target::parse("head"), Target::Heads);
        assert_eq!(Target::parse("base"), Target::Base);
        assert_eq!(Target::parse("+2"), Target::Relative(2));
        assert_eq!(Target::parse("-1"), Target::Relative(-1));
        assert_eq!(Target::parse("e2f21c"), Target::Revision("e2f21c".into()));
    }
}
