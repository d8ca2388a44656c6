//! The SQLite driver (rusqlite, SQLite bundled).
//!
//! Invariants: a migration runs in one `BEGIN IMMEDIATE` transaction with its
//! `alembic_version` and `pschema_history` writes, foreign keys off around it
//! when it rebuilds a table (switched before the transaction, where the
//! pragma means something); the run lock ([`lock`]) is held from the first
//! reading to the last write; nothing is created by a command that fails
//! before it writes, and a database file this run created and never wrote to
//! is removed again.

pub mod exec;
pub mod introspect;
mod lock;

use crate::Access;
use exec::{ForeignKeysOff, sqlite_message};
use lock::LockFile;
use pschema_migrate::db_schema::DbSchema;
use pschema_migrate::driver::{
    ApplyError, DbState, Driver, HistoryRow, Job, Scratch, ScratchServer, StatementFailure, VersionChange,
};
use pschema_migrate::{Error, Event, Observer};
use pschema_sql::{Dialect, Script, bookkeeping};
use rusqlite::{Connection, ErrorCode, OpenFlags, TransactionBehavior};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn db(what: impl Into<String>) -> impl FnOnce(rusqlite::Error) -> Error {
    let what = what.into();
    move |e| Error::Database {
        what,
        message: sqlite_message(&e),
    }
}

fn is_busy(e: &rusqlite::Error) -> bool {
    matches!(e, rusqlite::Error::SqliteFailure(f, _) if f.code == ErrorCode::DatabaseBusy || f.code == ErrorCode::DatabaseLocked)
}

/// A database file, or one in memory (for reading only: what is written to
/// a database in memory is lost when pschema exits).
pub struct SqliteDriver {
    path: Option<PathBuf>,
    /// `None` until there is a database: a missing file is created by the
    /// first write, not before.
    conn: Option<Connection>,
    access: Access,
    lock: Option<LockFile>,
    lock_timeout: Duration,
    /// This run created the file and has not committed to it yet.
    created: bool,
}

fn check_path(path: &Path) -> Result<(), Error> {
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

fn open_file(path: &Path, flags: OpenFlags, busy: Duration) -> Result<Connection, Error> {
    let conn = Connection::open_with_flags(path, flags | OpenFlags::SQLITE_OPEN_NO_MUTEX)
        .map_err(db(format!("opening {}", path.display())))?;
    conn.busy_timeout(busy).map_err(db("setting the busy timeout"))?;
    // Reading the header is what tells a database from any other file.
    conn.query_row("SELECT count(*) FROM sqlite_master", [], |row| row.get::<_, i64>(0))
        .map_err(|e| match &e {
            rusqlite::Error::SqliteFailure(f, _) if f.code == ErrorCode::NotADatabase => Error::NotADatabase {
                path: path.to_path_buf(),
            },
            _ => db(format!("reading {}", path.display()))(e),
        })?;
    Ok(conn)
}

impl SqliteDriver {
    /// Opens the database file at `path`; a missing one is not created yet.
    pub fn open(path: &Path, access: Access, lock_timeout: Duration) -> Result<SqliteDriver, Error> {
        check_path(path)?;
        let conn = if path.exists() {
            let flags = match access {
                Access::Read => OpenFlags::SQLITE_OPEN_READ_ONLY,
                Access::Write => OpenFlags::SQLITE_OPEN_READ_WRITE,
            };
            Some(open_file(path, flags, lock_timeout)?)
        } else {
            None
        };
        Ok(SqliteDriver {
            path: Some(path.to_path_buf()),
            conn,
            access,
            lock: None,
            lock_timeout,
            created: false,
        })
    }

    /// An empty database in memory, to read.
    pub fn memory() -> Result<SqliteDriver, Error> {
        Ok(SqliteDriver {
            path: None,
            conn: Some(Connection::open_in_memory().map_err(db("opening an in-memory database"))?),
            access: Access::Read,
            lock: None,
            lock_timeout: Duration::ZERO,
            created: false,
        })
    }

    /// The connection to write through, creating the file if needed.
    fn writable(&mut self) -> Result<&Connection, Error> {
        if self.access != Access::Write {
            return Err(Error::Database {
                what: "writing".into(),
                message: "the database was opened for reading".into(),
            });
        }
        if self.conn.is_none()
            && let Some(path) = &self.path
        {
            let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE;
            self.conn = Some(open_file(path, flags, self.lock_timeout)?);
            self.created = true;
        }
        self.conn.as_ref().ok_or_else(|| Error::Database {
            what: "writing".into(),
            message: "no database".into(),
        })
    }

    /// Starts a transaction holding SQLite's write lock. Tries briefly first,
    /// so that a runner that must wait can say so, and for whom.
    fn begin<'c>(
        conn: &'c Connection,
        lock: &mut Option<LockFile>,
        timeout: Duration,
        events: Observer<'_>,
    ) -> Result<rusqlite::Transaction<'c>, Error> {
        let begin = || rusqlite::Transaction::new_unchecked(conn, TransactionBehavior::Immediate);
        let quick = timeout.min(Duration::from_millis(100));
        conn.busy_timeout(quick).map_err(db("setting the busy timeout"))?;
        let result = match begin() {
            Err(e) if is_busy(&e) => {
                let holder = lock.as_ref().and_then(LockFile::holder);
                events(Event::Waiting { holder: holder.clone() });
                conn.busy_timeout(timeout.saturating_sub(quick))
                    .map_err(db("setting the busy timeout"))?;
                begin().map_err(|e| {
                    if is_busy(&e) {
                        Error::Locked {
                            seconds: timeout.as_secs(),
                            holder: lock.as_ref().and_then(LockFile::holder).or(holder),
                        }
                    } else {
                        db("starting a transaction")(e)
                    }
                })
            }
            other => other.map_err(db("starting a transaction")),
        };
        conn.busy_timeout(timeout).map_err(db("setting the busy timeout"))?;
        let tx = result?;
        if let Some(lock) = lock {
            lock.note()?;
        }
        Ok(tx)
    }
}

fn table_exists(conn: &Connection, name: &str) -> Result<bool, Error> {
    conn.query_row(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?1",
        [name],
        |row| row.get::<_, i64>(0),
    )
    .map(|n| n > 0)
    .map_err(db(format!("looking for {name}")))
}

fn read_heads(conn: &Connection) -> Result<Vec<String>, Error> {
    if !table_exists(conn, "alembic_version")? {
        return Ok(Vec::new());
    }
    conn.prepare("SELECT version_num FROM alembic_version ORDER BY version_num")
        .and_then(|mut s| s.query_map([], |row| row.get(0))?.collect())
        .map_err(db("reading alembic_version"))
}

fn read_state(conn: &Connection) -> Result<DbState, Error> {
    let history = if table_exists(conn, "pschema_history")? {
        conn.prepare(
            "SELECT revision, direction, message, checksum, applied_at, execution_ms, success \
             FROM pschema_history ORDER BY id",
        )
        .and_then(|mut s| {
            s.query_map([], |r| {
                Ok(HistoryRow {
                    revision: r.get(0)?,
                    direction: r.get(1)?,
                    message: r.get(2)?,
                    checksum: r.get(3)?,
                    applied_at: r.get(4)?,
                    execution_ms: r.get::<_, i64>(5)?.max(0) as u64,
                    success: r.get(6)?,
                })
            })?
            .collect()
        })
        .map_err(db("reading pschema_history"))?
    } else {
        Vec::new()
    };
    let user_tables = conn
        .prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
             AND name NOT IN ('alembic_version', 'pschema_history') ORDER BY name",
        )
        .and_then(|mut s| s.query_map([], |row| row.get(0))?.collect())
        .map_err(db("listing tables"))?;
    Ok(DbState {
        exists: true,
        version_table: table_exists(conn, "alembic_version")?,
        heads: read_heads(conn)?,
        history,
        user_tables,
    })
}

fn ensure_bookkeeping(conn: &Connection) -> Result<(), Error> {
    if !table_exists(conn, "alembic_version")? {
        conn.execute_batch(bookkeeping::ALEMBIC_VERSION_DDL)
            .map_err(db("creating alembic_version"))?;
    }
    if !table_exists(conn, "pschema_history")? {
        conn.execute_batch(&bookkeeping::history_ddl(Dialect::Sqlite))
            .map_err(db("creating pschema_history"))?;
    }
    Ok(())
}

/// Moves `alembic_version` from exactly `change.before` to `change.after`,
/// each row changed checked.
fn change_version(conn: &Connection, change: &VersionChange) -> Result<(), Error> {
    let conflict = |found| Error::VersionConflict {
        expected: change.before.clone(),
        found,
    };
    let mut before = change.before.clone();
    before.sort();
    let heads = read_heads(conn)?;
    if heads != before {
        return Err(conflict(heads));
    }
    for head in change.removed() {
        let n = conn
            .execute("DELETE FROM alembic_version WHERE version_num = ?1", [head])
            .map_err(db("updating alembic_version"))?;
        if n != 1 {
            return Err(conflict(read_heads(conn)?));
        }
    }
    for head in change.added() {
        conn.execute("INSERT INTO alembic_version (version_num) VALUES (?1)", [head])
            .map_err(db("updating alembic_version"))?;
    }
    Ok(())
}

fn insert_history(conn: &Connection, row: &HistoryRow) -> Result<(), Error> {
    conn.execute(
        "INSERT INTO pschema_history (revision, direction, message, checksum, applied_at, execution_ms, success) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        rusqlite::params![
            row.revision,
            row.direction,
            row.message,
            row.checksum,
            row.applied_at,
            row.execution_ms as i64,
            row.success
        ],
    )
    .map_err(db("recording the migration in pschema_history"))?;
    Ok(())
}

impl ScratchServer for SqliteDriver {
    fn dialect(&self) -> Dialect {
        Dialect::Sqlite
    }

    fn scratch(&mut self) -> Result<Box<dyn Scratch + '_>, Error> {
        Ok(Box::new(MemoryScratch::new()?))
    }
}

impl Driver for SqliteDriver {
    fn state(&mut self) -> Result<DbState, Error> {
        match &self.conn {
            Some(conn) => read_state(conn),
            None => Ok(DbState::default()),
        }
    }

    fn lock(&mut self, timeout: Duration, events: Observer<'_>) -> Result<(), Error> {
        self.lock_timeout = timeout;
        let Some(path) = self.path.clone().filter(|_| self.access == Access::Write) else {
            return Ok(());
        };
        self.lock = Some(LockFile::take(&LockFile::path_for(&path), timeout, events)?);
        // Another runner may have made the file while this one waited.
        if self.conn.is_none() && path.exists() {
            self.conn = Some(open_file(&path, OpenFlags::SQLITE_OPEN_READ_WRITE, timeout)?);
        }
        // Whoever else writes to the database (an older runner, the
        // application) is waited for here, before anything is decided.
        if let Some(conn) = &self.conn {
            Self::begin(conn, &mut self.lock, timeout, events)?
                .rollback()
                .map_err(db("taking the write lock"))?;
        }
        Ok(())
    }

    fn unlock(&mut self) {
        self.lock = None;
    }

    fn apply(&mut self, job: &Job<'_>, events: Observer<'_>) -> Result<u64, ApplyError> {
        let timeout = self.lock_timeout;
        self.writable()?;
        let Some(conn) = &self.conn else {
            return Err(ApplyError::Other(Error::NotADatabase { path: PathBuf::new() }));
        };
        let script = job.script;
        let started = Instant::now();
        // A rebuild must not run ON DELETE actions when it drops the old
        // table; the pragma only takes effect outside a transaction.
        let _off = if script.has_rebuild() {
            Some(ForeignKeysOff::new(conn).map_err(db("turning foreign keys off"))?)
        } else {
            None
        };
        let total = script.len();
        for (i, piece) in script.outside.iter().enumerate() {
            events(Event::Statement { index: i + 1, total });
            exec::execute_one(conn, piece).map_err(|e| {
                ApplyError::Failed(StatementFailure {
                    outside_ran: i > 0,
                    ..e
                })
            })?;
        }
        let tx = Self::begin(conn, &mut self.lock, timeout, events)?;
        ensure_bookkeeping(&tx)?;
        exec::execute_body(&tx, script, script.outside.len(), &mut |index| {
            events(Event::Statement { index, total })
        })
        .map_err(|e| {
            ApplyError::Failed(StatementFailure {
                outside_ran: !script.outside.is_empty(),
                ..e
            })
        })?;
        change_version(&tx, job.version)?;
        let execution_ms = started.elapsed().as_millis() as u64;
        insert_history(
            &tx,
            &HistoryRow {
                execution_ms,
                ..job.history.clone()
            },
        )?;
        tx.commit()
            .map_err(db(format!("committing migration {}", job.history.revision)))?;
        self.created = false;
        Ok(execution_ms)
    }

    fn write(&mut self, version: &VersionChange, rows: &[HistoryRow]) -> Result<(), Error> {
        let timeout = self.lock_timeout;
        self.writable()?;
        let Some(conn) = &self.conn else {
            return Err(Error::NotADatabase { path: PathBuf::new() });
        };
        let tx = Self::begin(conn, &mut self.lock, timeout, &mut |_| {})?;
        ensure_bookkeeping(&tx)?;
        change_version(&tx, version)?;
        for row in rows {
            insert_history(&tx, row)?;
        }
        tx.commit()
            .map_err(db("recording in alembic_version and pschema_history"))?;
        self.created = false;
        Ok(())
    }

    fn introspect(&mut self) -> Result<DbSchema, Error> {
        match &self.conn {
            Some(conn) => Ok(introspect::read(conn)?.comparable()),
            None => Ok(DbSchema::default()),
        }
    }
}

impl Drop for SqliteDriver {
    fn drop(&mut self) {
        // A file this run made and never wrote to goes again: a command that
        // failed leaves nothing behind.
        if self.created
            && let (Some(conn), Some(path)) = (self.conn.take(), &self.path)
        {
            drop(conn);
            for suffix in ["", "-journal", "-wal", "-shm"] {
                let mut name = path.as_os_str().to_os_string();
                name.push(suffix);
                std::fs::remove_file(PathBuf::from(name)).ok();
            }
        }
    }
}

/// Throw-away SQLite databases, in memory.
pub struct MemoryServer;

impl ScratchServer for MemoryServer {
    fn dialect(&self) -> Dialect {
        Dialect::Sqlite
    }

    fn scratch(&mut self) -> Result<Box<dyn Scratch + '_>, Error> {
        Ok(Box::new(MemoryScratch::new()?))
    }
}

/// A SQLite database in memory.
pub struct MemoryScratch(pub Connection);

impl MemoryScratch {
    pub fn new() -> Result<MemoryScratch, Error> {
        Ok(MemoryScratch(
            Connection::open_in_memory().map_err(db("opening an in-memory database"))?,
        ))
    }
}

impl Scratch for MemoryScratch {
    fn run(&mut self, script: &Script) -> Result<(), StatementFailure> {
        exec::run_migration(&self.0, script)
    }

    fn introspect(&mut self) -> Result<DbSchema, Error> {
        Ok(introspect::read(&self.0)?.comparable())
    }

    fn fingerprint(&mut self) -> Result<Option<String>, Error> {
        let rows: Vec<String> = self
            .0
            .prepare("SELECT type || ' ' || name || ' ' || tbl_name || ' ' || coalesce(sql, '') FROM sqlite_master ORDER BY type, name")
            .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
            .map_err(db("reading sqlite_master"))?;
        Ok(Some(rows.join("\n")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pschema_migrate::dir::{Direction, Migration, MigrationMeta, sql_path};
    use pschema_migrate::{FailedMigration, Graph, Options, Target, migrator};

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
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("runner.db");
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
        let options = Options::default();
        let mut driver = SqliteDriver::open(&path, Access::Write, options.lock_timeout).unwrap();
        let err = migrator::upgrade(&mut driver, &graph, &Target::Heads, &options, &mut |_| {}).unwrap_err();
        match &err {
            Error::MigrationFailed(failed) => {
                let FailedMigration {
                    id,
                    applied,
                    at,
                    statement,
                    location,
                    ..
                } = &**failed;
                assert_eq!(
                    (id.as_str(), applied.as_slice(), at.as_str()),
                    ("bbb", &["aaa".to_string()][..], "aaa")
                );
                assert_eq!(statement, "INSERT INTO missing VALUES (1)");
                assert_eq!(location, "bbb/sqlite/up.sql:3");
            }
            other => panic!("expected MigrationFailed, got {other}"),
        }
        drop(driver);
        let conn = Connection::open(&path).unwrap();
        assert_eq!(read_heads(&conn).unwrap(), ["aaa"]);
        let count = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).unwrap() };
        assert_eq!(
            count("SELECT count(*) FROM sqlite_master WHERE name = 'two'"),
            0,
            "the failed migration's table was rolled back"
        );
        assert_eq!(
            count("SELECT count(*) FROM one"),
            0,
            "the failed migration's rows were rolled back"
        );
        assert_eq!(count("SELECT count(*) FROM pschema_history"), 1);
    }
}
