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
use crate::quoted_name;
use crate::records::{self, Value};
use exec::sqlite_message;
use lock::LockFile;
use pschema_migrate::db_schema::DbSchema;
use pschema_migrate::driver::{
    ApplyError, DbState, Driver, HistoryRow, Job, KnownColumns, Scratch, ScratchServer, StatementFailure, VersionChange,
};
use pschema_migrate::{Error, Event, Observer};
use pschema_sql::bookkeeping::Tables;
use pschema_sql::{Dialect, Script};
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
/// a database in memory is lost when pschema exits), or a connection its
/// caller opened ([`SqliteDriver::over`]).
pub struct SqliteDriver<'c> {
    path: Option<PathBuf>,
    /// `None` until there is a database: a missing file is created by the
    /// first write, not before.
    conn: Option<Handle<'c>>,
    access: Access,
    lock: Option<LockFile>,
    lock_timeout: Duration,
    /// This run created the file and has not committed to it yet.
    created: bool,
    /// This run created the file and builds it in WAL mode, until
    /// `finish_building` gives it back in rollback-journal mode.
    building: bool,
    /// The busy timeout of a borrowed connection, given back when the
    /// driver is dropped.
    caller_busy_timeout: Option<Duration>,
    tables: Tables,
}

/// The driver's connection: its own, or its caller's.
enum Handle<'c> {
    Owned(Connection),
    Borrowed(&'c Connection),
}

impl std::ops::Deref for Handle<'_> {
    type Target = Connection;

    fn deref(&self) -> &Connection {
        match self {
            Handle::Owned(conn) => conn,
            Handle::Borrowed(conn) => conn,
        }
    }
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
    let writer = flags.contains(OpenFlags::SQLITE_OPEN_READ_WRITE);
    // A writer does not wait here: another runner busy with a large
    // transaction blocks even reads, and the run lock, taken next, waits
    // for it and says for whom.
    conn.busy_timeout(if writer { Duration::ZERO } else { busy })
        .map_err(db("setting the busy timeout"))?;
    // Reading the header is what tells a database from any other file.
    let header = conn.query_row("SELECT count(*) FROM sqlite_master", [], |row| row.get::<_, i64>(0));
    conn.busy_timeout(busy).map_err(db("setting the busy timeout"))?;
    match header {
        Ok(_) => Ok(conn),
        // Only a database is locked by a database's writer.
        Err(e) if is_busy(&e) && writer => Ok(conn),
        Err(e) if is_busy(&e) => Err(Error::Locked {
            seconds: busy.as_secs(),
            holder: lock::LockFile::holder_of(path),
        }),
        Err(rusqlite::Error::SqliteFailure(f, _)) if f.code == ErrorCode::NotADatabase => Err(Error::NotADatabase {
            path: path.to_path_buf(),
        }),
        Err(e) => Err(db(format!("reading {}", path.display()))(e)),
    }
}

impl<'c> SqliteDriver<'c> {
    /// Opens the database file at `path`; a missing one is not created yet.
    pub fn open(path: &Path, access: Access, lock_timeout: Duration) -> Result<SqliteDriver<'static>, Error> {
        check_path(path)?;
        let conn = if path.exists() {
            let flags = match access {
                Access::Read => OpenFlags::SQLITE_OPEN_READ_ONLY,
                Access::Write => OpenFlags::SQLITE_OPEN_READ_WRITE,
            };
            Some(Handle::Owned(open_file(path, flags, lock_timeout)?))
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
            building: false,
            caller_busy_timeout: None,
            tables: Tables::default(),
        })
    }

    /// An empty database in memory, to read.
    pub fn memory() -> Result<SqliteDriver<'static>, Error> {
        Ok(SqliteDriver {
            path: None,
            conn: Some(Handle::Owned(
                Connection::open_in_memory().map_err(db("opening an in-memory database"))?,
            )),
            access: Access::Read,
            lock: None,
            lock_timeout: Duration::ZERO,
            created: false,
            building: false,
            caller_busy_timeout: None,
            tables: Tables::default(),
        })
    }

    /// A driver over a connection the caller opened (an application that
    /// migrates its own database at start-up), to write.
    ///
    /// For a database file, the run lock is the one every runner takes
    /// (`<database>.pschema-lock`, see [`lock`]), so the application and the
    /// command line never run at once. A database in memory (or a temporary
    /// one) is private to this connection: no other runner can reach it, so
    /// there is no lock file and nothing to wait for. The connection must not
    /// be in a transaction; its busy timeout is set while the driver runs and
    /// given back when the driver is dropped, and nothing is ever removed.
    pub fn over(conn: &'c Connection, lock_timeout: Duration) -> Result<SqliteDriver<'c>, Error> {
        let busy: i64 = conn
            .query_row("PRAGMA busy_timeout", [], |row| row.get(0))
            .map_err(db("reading the busy timeout"))?;
        // `path()` is empty for a database in memory or a temporary one.
        let path = conn.path().filter(|p| !p.is_empty()).map(PathBuf::from);
        Ok(SqliteDriver {
            path,
            conn: Some(Handle::Borrowed(conn)),
            access: Access::Write,
            lock: None,
            lock_timeout,
            created: false,
            building: false,
            caller_busy_timeout: Some(Duration::from_millis(busy.max(0) as u64)),
            tables: Tables::default(),
        })
    }

    /// The connection to write through, creating the file if needed.
    /// Bookkeeping tables of other names than Alembic's and pschema's.
    pub fn with_tables(mut self, tables: Tables) -> Self {
        self.tables = tables;
        self
    }

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
            let conn = open_file(path, flags, self.lock_timeout)?;
            // A database this run makes is built in WAL mode without a sync
            // at each commit: each migration is still one transaction, and
            // a crash leaves the database at the last one committed; the
            // run syncs once, at its end, and gives the database back in
            // rollback-journal mode (SQLite's default, Alembic's too).
            // (A file system without WAL's shared memory keeps the default.)
            let wal: Option<String> = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0)).ok();
            if wal.is_some_and(|mode| mode.eq_ignore_ascii_case("wal")) {
                conn.execute_batch("PRAGMA synchronous = NORMAL")
                    .map_err(db("setting the synchronous mode"))?;
                self.building = true;
            }
            self.conn = Some(Handle::Owned(conn));
            self.created = true;
        }
        self.conn.as_deref().ok_or_else(|| Error::Database {
            what: "writing".into(),
            message: "no database".into(),
        })
    }

    /// Starts a transaction holding SQLite's write lock. Tries briefly first,
    /// so that a runner that must wait can say so, and for whom.
    fn begin<'t>(
        conn: &'t Connection,
        lock: &mut Option<LockFile>,
        timeout: Duration,
        events: Observer<'_>,
    ) -> Result<rusqlite::Transaction<'t>, Error> {
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

/// The bookkeeping's queries on a SQLite connection.
struct Queries<'c>(&'c Connection);

fn bind(params: &[Value]) -> Vec<rusqlite::types::Value> {
    params
        .iter()
        .map(|v| match v {
            Value::Text(Some(t)) => rusqlite::types::Value::Text(t.clone()),
            Value::Text(None) => rusqlite::types::Value::Null,
            Value::Int(i) => rusqlite::types::Value::Integer(*i),
            Value::Bool(b) => rusqlite::types::Value::Integer(*b as i64),
        })
        .collect()
}

impl records::Sql for Queries<'_> {
    fn dialect(&self) -> Dialect {
        Dialect::Sqlite
    }

    fn rows(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Vec<Value>>, Error> {
        let read = || -> rusqlite::Result<Vec<Vec<Value>>> {
            let mut stmt = self.0.prepare(sql)?;
            let width = stmt.column_count();
            let mut rows = stmt.query(rusqlite::params_from_iter(bind(params)))?;
            let mut out = Vec::new();
            while let Some(row) = rows.next()? {
                let mut cells = Vec::with_capacity(width);
                for i in 0..width {
                    cells.push(match row.get_ref(i)? {
                        rusqlite::types::ValueRef::Integer(n) => Value::Int(n),
                        rusqlite::types::ValueRef::Real(f) => Value::Text(Some(f.to_string())),
                        rusqlite::types::ValueRef::Text(t) => {
                            Value::Text(Some(String::from_utf8_lossy(t).into_owned()))
                        }
                        rusqlite::types::ValueRef::Null | rusqlite::types::ValueRef::Blob(_) => Value::Text(None),
                    });
                }
                out.push(cells);
            }
            Ok(out)
        };
        read().map_err(db(format!("reading ({sql})")))
    }

    fn execute(&mut self, sql: &str, params: &[Value]) -> Result<u64, Error> {
        self.0
            .execute(sql, rusqlite::params_from_iter(bind(params)))
            .map(|n| n as u64)
            .map_err(db(format!("writing ({sql})")))
    }

    fn batch(&mut self, sql: &str) -> Result<(), Error> {
        self.0.execute_batch(sql).map_err(db(format!("running ({sql})")))
    }

    fn table_exists_expression(&self, placeholder: &str) -> String {
        format!("EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = {placeholder})")
    }

    fn user_tables(&mut self) -> Result<Vec<String>, Error> {
        let rows = self.rows(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
             ORDER BY name",
            &[],
        )?;
        Ok(rows
            .into_iter()
            .filter_map(|r| match r.into_iter().next() {
                Some(Value::Text(t)) => t,
                _ => None,
            })
            .collect())
    }
}

impl ScratchServer for SqliteDriver<'_> {
    fn dialect(&self) -> Dialect {
        Dialect::Sqlite
    }

    fn scratch(&mut self) -> Result<Box<dyn Scratch + '_>, Error> {
        Ok(Box::new(MemoryScratch::new()?))
    }
}

impl Driver for SqliteDriver<'_> {
    fn state(&mut self) -> Result<DbState, Error> {
        match &self.conn {
            Some(conn) => records::read_state(&mut Queries(conn), &self.tables),
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
            self.conn = Some(Handle::Owned(open_file(
                &path,
                OpenFlags::SQLITE_OPEN_READ_WRITE,
                timeout,
            )?));
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

    fn finish(&mut self) -> Result<(), Error> {
        self.finish_building()
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
        let mut execution_ms = 0;
        let total = script.len();
        let lock = &mut self.lock;
        let tables = &self.tables;
        // Both the statements and a wait for the write lock are told as they come.
        let events = std::cell::RefCell::new(events);
        exec::run_steps(
            conn,
            script,
            job.resume_at,
            job.known_columns,
            &mut || Ok(Self::begin(conn, lock, timeout, &mut *events.borrow_mut())?),
            &mut |index| (events.borrow_mut())(Event::Statement { index, total }),
            &mut |tx, done| {
                execution_ms = started.elapsed().as_millis() as u64;
                Ok(records::record_step(&mut Queries(tx), tables, job, done, execution_ms)?)
            },
        )?;
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
        records::record(&mut Queries(&tx), &self.tables, version, rows)?;
        tx.commit()
            .map_err(db("recording in alembic_version and pschema_history"))?;
        self.created = false;
        Ok(())
    }

    fn introspect(&mut self) -> Result<DbSchema, Error> {
        match &self.conn {
            Some(conn) => Ok(crate::without_bookkeeping(introspect::read(conn)?, &self.tables).comparable()),
            None => Ok(DbSchema::default()),
        }
    }

    fn row_count(&mut self, table: &str) -> Result<Option<u64>, Error> {
        let Some(conn) = &self.conn else { return Ok(None) };
        let exists: bool = conn
            .query_row(
                "SELECT count(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = ?1",
                [table],
                |r| r.get(0),
            )
            .map_err(db(format!("looking for table {table}")))?;
        if !exists {
            return Ok(None);
        }
        let sql = format!("SELECT count(*) FROM {}", quoted_name(table));
        let n: i64 = conn
            .query_row(&sql, [], |r| r.get(0))
            .map_err(db(format!("counting the rows of {table}")))?;
        Ok(Some(n as u64))
    }
}

impl SqliteDriver<'_> {
    /// Ends the build of a database this run made: back to rollback-journal
    /// mode, which checkpoints and syncs the WAL into the database file
    /// first. Another connection that opened the database meanwhile keeps
    /// it in WAL mode: then the WAL and the database file are synced as they
    /// are, and the database stays in WAL mode (as safe, with a file beside
    /// it, which SQLite reads and folds back in by itself).
    fn finish_building(&mut self) -> Result<(), Error> {
        if !std::mem::take(&mut self.building) {
            return Ok(());
        }
        let Some(conn) = &self.conn else { return Ok(()) };
        conn.execute_batch("PRAGMA synchronous = FULL")
            .map_err(db("setting the synchronous mode"))?;
        // Another connection keeps the mode as it is: no wait for it.
        conn.busy_timeout(Duration::ZERO)
            .map_err(db("setting the busy timeout"))?;
        let mode: Option<String> = conn.query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0)).ok();
        conn.busy_timeout(self.lock_timeout)
            .map_err(db("setting the busy timeout"))?;
        if mode.is_some_and(|m| m.eq_ignore_ascii_case("delete")) {
            return Ok(());
        }
        // The WAL holds what the run committed: synced, it is as durable.
        let Some(path) = &self.path else { return Ok(()) };
        let mut wal = path.as_os_str().to_os_string();
        wal.push("-wal");
        for file in [PathBuf::from(wal), path.clone()] {
            std::fs::File::open(&file)
                .and_then(|f| f.sync_all())
                .map_err(|e| Error::Database {
                    what: format!("syncing {}", file.display()),
                    message: e.to_string(),
                })?;
        }
        Ok(())
    }
}

impl Drop for SqliteDriver<'_> {
    fn drop(&mut self) {
        // Best effort: a run ends through `finish`, which says when this fails.
        self.finish_building().ok();
        if let (Some(conn), Some(busy)) = (&self.conn, self.caller_busy_timeout) {
            conn.busy_timeout(busy).ok();
        }
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
        exec::run_migration(&self.0, script, None)
    }

    fn run_carrying(&mut self, script: &Script, known: Option<&KnownColumns>) -> Result<(), StatementFailure> {
        exec::run_migration(&self.0, script, known)
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
                squashes: Vec::new(),
                squashed_checksums: Default::default(),
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
        assert_eq!(
            records::read_heads(&mut Queries(&conn), &Tables::default()).unwrap(),
            ["aaa"]
        );
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
