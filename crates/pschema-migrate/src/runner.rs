//! Applies migrations to a database.
//!
//! Invariants: each migration runs in its own transaction together with the
//! writes to `alembic_version` and `pschema_history`, so a database is always
//! at a revision that exists; the write lock is taken before the current
//! revision is read, so two runners never apply the same migration twice.

use crate::dir::{Direction, Migration};
use crate::graph::Graph;
use crate::url::DatabaseUrl;
use crate::{Error, introspect, script};
use pschema_sql::Dialect;
use rusqlite::{Connection, ErrorCode, OpenFlags, TransactionBehavior};
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Alembic's own DDL, so that Alembic reads a pschema database as its own.
const ALEMBIC_VERSION_DDL: &str = "CREATE TABLE alembic_version (\n\tversion_num VARCHAR(32) NOT NULL, \n\tCONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)\n)";

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
}

impl Default for Options {
    fn default() -> Options {
        Options {
            lock_timeout: Duration::from_secs(30),
        }
    }
}

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

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub steps: Vec<Step>,
    /// The database's revisions afterwards; empty at base.
    pub current: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenMode {
    /// For reading: a missing file stays missing.
    ReadOnly,
    /// For changing an existing database (downgrade, stamp).
    ReadWrite,
    /// For upgrade: a missing file becomes an empty database.
    Create,
}

/// An open SQLite database.
pub struct Sqlite {
    conn: Connection,
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

impl Sqlite {
    /// Opens the database of `url`. A missing file is `None` unless the mode
    /// creates it; nothing is created otherwise.
    pub fn open(url: &DatabaseUrl, mode: OpenMode, options: &Options) -> Result<Option<Sqlite>, Error> {
        let conn = match url {
            DatabaseUrl::SqliteMemory => {
                Connection::open_in_memory().map_err(Error::db("opening an in-memory database"))?
            }
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
                Connection::open_with_flags(path, flags).map_err(Error::db(format!("opening {}", path.display())))?
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
        let path = match url {
            DatabaseUrl::SqliteFile(path) => path.clone(),
            _ => PathBuf::from(":memory:"),
        };
        conn.query_row("SELECT count(*) FROM sqlite_master", [], |row| row.get::<_, i64>(0))
            .map_err(|e| {
                if is_not_a_database(&e) {
                    Error::NotADatabase { path: path.clone() }
                } else {
                    Error::Database {
                        what: format!("reading {}", path.display()),
                        source: e,
                    }
                }
            })?;
        Ok(Some(Sqlite { conn }))
    }

    pub fn open_or_create(url: &DatabaseUrl, options: &Options) -> Result<Sqlite, Error> {
        // With `create`, `open` has a database to return or an error to say why not.
        Sqlite::open(url, OpenMode::Create, options)?.ok_or_else(|| Error::NotADatabase {
            path: PathBuf::from(format!("{url:?}")),
        })
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

    fn begin(&mut self, options: &Options) -> Result<rusqlite::Transaction<'_>, Error> {
        begin_immediate(&self.conn, options)
    }
}

/// Starts a transaction holding the write lock, so that what is read next
/// (the current revision) stays true until the commit.
fn begin_immediate<'c>(conn: &'c Connection, options: &Options) -> Result<rusqlite::Transaction<'c>, Error> {
    rusqlite::Transaction::new_unchecked(conn, TransactionBehavior::Immediate).map_err(|e| match &e {
        rusqlite::Error::SqliteFailure(f, _)
            if f.code == ErrorCode::DatabaseBusy || f.code == ErrorCode::DatabaseLocked =>
        {
            Error::Locked {
                seconds: options.lock_timeout.as_secs(),
            }
        }
        _ => Error::Database {
            what: "starting a transaction".into(),
            source: e,
        },
    })
}

fn read_heads(conn: &Connection) -> Result<Vec<String>, Error> {
    let exists: i64 = conn
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'",
            [],
            |row| row.get(0),
        )
        .map_err(Error::db("looking for alembic_version"))?;
    if exists == 0 {
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

fn ensure_bookkeeping(conn: &Connection) -> Result<(), Error> {
    let existing: Vec<String> = conn
        .prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('alembic_version', 'pschema_history')",
        )
        .and_then(|mut s| s.query_map([], |row| row.get(0))?.collect())
        .map_err(Error::db("looking for the version tables"))?;
    if !existing.iter().any(|n| n == "alembic_version") {
        conn.execute_batch(ALEMBIC_VERSION_DDL)
            .map_err(Error::db("creating alembic_version"))?;
    }
    if !existing.iter().any(|n| n == "pschema_history") {
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

fn now_rfc3339() -> String {
    time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

/// Applies one migration in one transaction; returns the new heads.
fn apply(
    db: &mut Sqlite,
    graph: &Graph,
    m: &Migration,
    direction: Direction,
    options: &Options,
    applied: &[String],
) -> Result<(Vec<String>, Step), Error> {
    let sql = m.sql(Dialect::Sqlite, direction).unwrap_or("");
    // A rebuild must not run ON DELETE actions when it drops the old table,
    // and the pragma only takes effect outside a transaction.
    let foreign_keys_off = if script::has_rebuild(sql) {
        Some(script::ForeignKeysOff::new(&db.conn).map_err(Error::db("turning foreign keys off"))?)
    } else {
        None
    };
    let result = apply_in_transaction(&db.conn, graph, m, direction, options, applied, sql);
    drop(foreign_keys_off);
    result
}

fn apply_in_transaction(
    conn: &Connection,
    graph: &Graph,
    m: &Migration,
    direction: Direction,
    options: &Options,
    applied: &[String],
    sql: &str,
) -> Result<(Vec<String>, Step), Error> {
    let started = Instant::now();
    let tx = begin_immediate(conn, options)?;
    let heads = read_heads(&tx)?;
    ensure_bookkeeping(&tx)?;
    if let Err(e) = script::execute(&tx, sql) {
        drop(tx); // rolls back
        return Err(Error::MigrationFailed {
            id: m.id().to_string(),
            message: e.message,
            statement: e.statement,
            applied: applied.to_vec(),
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
    tx.execute(
        "INSERT INTO pschema_history (revision, direction, message, checksum, applied_at, execution_ms, success) VALUES (?1, ?2, ?3, ?4, ?5, ?6, 1)",
        rusqlite::params![m.id(), direction.as_str(), m.meta.message, m.checksum(Dialect::Sqlite, direction), now_rfc3339(), duration_ms as i64],
    )
    .map_err(Error::db("recording the migration in pschema_history"))?;
    tx.commit()
        .map_err(Error::db(format!("committing migration {}", m.id())))?;
    let loses_data = match direction {
        Direction::Up => m.meta.destructive,
        Direction::Down => m.meta.down_loses_data,
    };
    Ok((
        new_heads,
        Step {
            revision: m.id().to_string(),
            message: m.meta.message.clone(),
            direction,
            duration_ms,
            loses_data,
        },
    ))
}

fn check_known(graph: &Graph, heads: &[String]) -> Result<(), Error> {
    for head in heads {
        if graph.get(head).is_none() {
            return Err(Error::UnknownDatabaseRevision { id: head.clone() });
        }
    }
    Ok(())
}

/// The revisions an `upgrade` to `target` ends at, given the database's heads.
fn upgrade_targets<'g>(graph: &'g Graph, heads: &[String], target: &Target) -> Result<Vec<&'g str>, Error> {
    Ok(match target {
        Target::Heads => graph.heads(),
        Target::Base => Vec::new(),
        Target::Revision(rev) => vec![graph.resolve(rev)?],
        Target::Relative(n) if *n >= 0 => {
            let path = graph.upgrade_path(heads, &graph.heads());
            match path.get((*n as usize).saturating_sub(1)) {
                Some(m) if *n > 0 => vec![m.id()],
                _ if *n == 0 => {
                    return Ok(heads.iter().filter_map(|h| graph.get(h).map(Migration::id)).collect());
                }
                _ => {
                    return Err(Error::UnknownRevision {
                        id: format!("+{n}: only {} migration(s) to apply", path.len()),
                    });
                }
            }
        }
        Target::Relative(n) => {
            return Err(Error::UnknownRevision {
                id: format!("{n}: use downgrade to go down"),
            });
        }
    })
}

/// Called before each migration runs, so that a caller can say what is
/// about to happen (and warn when it loses data) before it does.
pub type Announce<'a> = &'a mut dyn FnMut(&Migration, Direction);

pub fn upgrade(
    url: &DatabaseUrl,
    graph: &Graph,
    target: &Target,
    options: &Options,
    announce: Announce<'_>,
) -> Result<Report, Error> {
    let mut db = Sqlite::open_or_create(url, options)?;
    // Decide once, from a consistent view; each step re-reads under the lock.
    let heads = db.heads()?;
    check_known(graph, &heads)?;
    let targets = upgrade_targets(graph, &heads, target)?;
    let mut steps = Vec::new();
    let mut applied = Vec::new();
    let current;
    loop {
        let heads = {
            let tx = db.begin(options)?;
            let heads = read_heads(&tx)?;
            tx.commit().map_err(Error::db("reading the current revision"))?;
            heads
        };
        check_known(graph, &heads)?;
        let path = graph.upgrade_path(&heads, &targets);
        let Some(next) = path.first() else {
            current = heads;
            break;
        };
        announce(next, Direction::Up);
        let (_, step) = apply(&mut db, graph, next, Direction::Up, options, &applied)?;
        applied.push(step.revision.clone());
        steps.push(step);
    }
    Ok(Report { steps, current })
}

pub fn downgrade(
    url: &DatabaseUrl,
    graph: &Graph,
    target: &Target,
    options: &Options,
    announce: Announce<'_>,
) -> Result<Report, Error> {
    let Some(mut db) = Sqlite::open(url, OpenMode::ReadWrite, options)? else {
        return Ok(Report {
            steps: Vec::new(),
            current: Vec::new(),
        });
    };
    let heads = db.heads()?;
    check_known(graph, &heads)?;
    let plan: Vec<String> = match target {
        Target::Base => graph
            .downgrade_path(&heads, &[])
            .iter()
            .map(|m| m.id().to_string())
            .collect(),
        Target::Revision(rev) => {
            let rev = graph.resolve(rev)?;
            graph
                .downgrade_path(&heads, &[rev])
                .iter()
                .map(|m| m.id().to_string())
                .collect()
        }
        Target::Relative(n) => {
            // Step back one revision at a time: the newest applied head goes first,
            // and a merge revision steps back to all of its parents.
            let mut simulated = heads.clone();
            let mut order = Vec::new();
            for _ in 0..n.unsigned_abs() {
                let newest = graph
                    .migrations()
                    .iter()
                    .rev()
                    .find(|m| simulated.iter().any(|h| h == m.id()));
                let Some(m) = newest else {
                    return Err(Error::UnknownRevision {
                        id: format!("{n}: only {} migration(s) applied", order.len()),
                    });
                };
                simulated = graph.heads_after_downgrade(&simulated, m.id());
                order.push(m.id().to_string());
            }
            order
        }
        Target::Heads => Vec::new(),
    };
    let mut steps = Vec::new();
    let mut applied = Vec::new();
    let mut current = heads;
    for id in plan {
        let tx_heads = {
            let tx = db.begin(options)?;
            let heads = read_heads(&tx)?;
            tx.commit().map_err(Error::db("reading the current revision"))?;
            heads
        };
        // Another runner may have gone down already.
        if !graph
            .ancestors(tx_heads.iter().map(String::as_str))
            .contains(id.as_str())
        {
            current = tx_heads;
            continue;
        }
        let Some(m) = graph.get(&id) else { continue };
        announce(m, Direction::Down);
        let (new_heads, step) = apply(&mut db, graph, m, Direction::Down, options, &applied)?;
        applied.push(step.revision.clone());
        steps.push(step);
        current = new_heads;
    }
    Ok(Report { steps, current })
}

/// The database's current revisions, without creating the database.
pub fn current(url: &DatabaseUrl, options: &Options) -> Result<Vec<String>, Error> {
    match Sqlite::open(url, OpenMode::ReadOnly, options)? {
        Some(db) => db.heads(),
        None => Ok(Vec::new()),
    }
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
        let err = upgrade(&url, &graph, &Target::Heads, &Options::default(), &mut |_, _| {}).unwrap_err();
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
