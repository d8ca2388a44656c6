//! The PostgreSQL driver (the `postgres` crate, TLS through rustls).
//!
//! Invariants: concurrent runners are kept apart by a session advisory lock
//! held for the whole run, and a runner that waits says which backend holds
//! it (from `pg_stat_activity`); a migration's statements marked to run
//! outside a transaction run first, each on its own, then one transaction
//! holds the rest with the `alembic_version` and `pschema_history` writes
//! (PostgreSQL's DDL is transactional). Scratch databases are a session's
//! temporary schema on a connection of their own, gone with the session.

pub mod connect;
pub mod introspect;

use crate::url::PostgresUrl;
use connect::db_error;
use postgres::GenericClient;
use pschema_migrate::db_schema::DbSchema;
use pschema_migrate::driver::{
    ApplyError, DbState, Driver, HistoryRow, Job, Scratch, ScratchServer, StatementFailure, VersionChange,
};
use pschema_migrate::{Error, Event, Observer};
use pschema_sql::{Dialect, Piece, Script, bookkeeping};
use std::time::{Duration, Instant};

/// The advisory lock key: "pschema" in ASCII, so other applications' locks
/// do not collide with it by accident.
const LOCK_KEY: i64 = 0x0070_7363_6865_6d61;

pub struct PostgresDriver {
    client: postgres::Client,
    url: PostgresUrl,
    locked: bool,
}

impl PostgresDriver {
    pub fn connect(url: &PostgresUrl) -> Result<PostgresDriver, Error> {
        Ok(PostgresDriver {
            client: connect::connect(url)?,
            url: url.clone(),
            locked: false,
        })
    }
}

fn table_exists(client: &mut impl GenericClient, name: &str) -> Result<bool, Error> {
    let row = client
        .query_one("SELECT to_regclass($1) IS NOT NULL", &[&name])
        .map_err(|e| db_error("looking for a table", e))?;
    Ok(row.get(0))
}

fn read_heads(client: &mut impl GenericClient) -> Result<Vec<String>, Error> {
    if !table_exists(client, "alembic_version")? {
        return Ok(Vec::new());
    }
    let rows = client
        .query(
            "SELECT version_num::text FROM alembic_version ORDER BY version_num",
            &[],
        )
        .map_err(|e| db_error("reading alembic_version", e))?;
    Ok(rows.iter().map(|r| r.get(0)).collect())
}

fn read_state(client: &mut impl GenericClient) -> Result<DbState, Error> {
    let history = if table_exists(client, "pschema_history")? {
        client
            .query(
                "SELECT revision::text, direction::text, message, checksum::text, applied_at::text, \
                 execution_ms::int8, success FROM pschema_history ORDER BY id",
                &[],
            )
            .map_err(|e| db_error("reading pschema_history", e))?
            .iter()
            .map(|r| HistoryRow {
                revision: r.get(0),
                direction: r.get(1),
                message: r.get(2),
                checksum: r.get(3),
                applied_at: r.get(4),
                execution_ms: r.get::<_, i64>(5).max(0) as u64,
                success: r.get(6),
            })
            .collect()
    } else {
        Vec::new()
    };
    let user_tables = client
        .query(
            "SELECT tablename::text FROM pg_tables WHERE schemaname = current_schema() \
             AND tablename NOT IN ('alembic_version', 'pschema_history') ORDER BY tablename",
            &[],
        )
        .map_err(|e| db_error("listing tables", e))?
        .iter()
        .map(|r| r.get(0))
        .collect();
    Ok(DbState {
        exists: true,
        version_table: table_exists(client, "alembic_version")?,
        heads: read_heads(client)?,
        history,
        user_tables,
    })
}

fn ensure_bookkeeping(client: &mut impl GenericClient) -> Result<(), Error> {
    if !table_exists(client, "alembic_version")? {
        client
            .batch_execute(bookkeeping::ALEMBIC_VERSION_DDL)
            .map_err(|e| db_error("creating alembic_version", e))?;
    }
    if !table_exists(client, "pschema_history")? {
        client
            .batch_execute(&bookkeeping::history_ddl(Dialect::Postgres))
            .map_err(|e| db_error("creating pschema_history", e))?;
    }
    Ok(())
}

/// Moves `alembic_version` from exactly `change.before` to `change.after`,
/// each row changed checked.
fn change_version(client: &mut impl GenericClient, change: &VersionChange) -> Result<(), Error> {
    let mut before = change.before.clone();
    before.sort();
    let conflict = |found| Error::VersionConflict {
        expected: change.before.clone(),
        found,
    };
    // Rows read FOR UPDATE: no other writer changes them before the commit.
    let rows = client
        .query(
            "SELECT version_num::text FROM alembic_version ORDER BY version_num FOR UPDATE",
            &[],
        )
        .map_err(|e| db_error("reading alembic_version", e))?;
    let heads: Vec<String> = rows.iter().map(|r| r.get(0)).collect();
    if heads != before {
        return Err(conflict(heads));
    }
    for head in change.removed() {
        let n = client
            .execute("DELETE FROM alembic_version WHERE version_num = $1", &[head])
            .map_err(|e| db_error("updating alembic_version", e))?;
        if n != 1 {
            return Err(conflict(read_heads(client)?));
        }
    }
    for head in change.added() {
        client
            .execute("INSERT INTO alembic_version (version_num) VALUES ($1)", &[head])
            .map_err(|e| db_error("updating alembic_version", e))?;
    }
    Ok(())
}

fn insert_history(client: &mut impl GenericClient, row: &HistoryRow) -> Result<(), Error> {
    client
        .execute(
            "INSERT INTO pschema_history (revision, direction, message, checksum, applied_at, execution_ms, success) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
            &[
                &row.revision,
                &row.direction,
                &row.message,
                &row.checksum,
                &row.applied_at,
                &(row.execution_ms.min(i32::MAX as u64) as i32),
                &row.success,
            ],
        )
        .map_err(|e| db_error("recording the migration in pschema_history", e))?;
    Ok(())
}

/// Who holds pschema's advisory lock, from `pg_stat_activity`.
fn lock_holder(client: &mut postgres::Client) -> Option<String> {
    let row = client
        .query_opt(
            "SELECT a.pid, coalesce(a.application_name, ''), coalesce(host(a.client_addr), 'local'), \
                    coalesce(to_char(a.backend_start, 'YYYY-MM-DD HH24:MI:SS'), '') \
             FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid \
             WHERE l.locktype = 'advisory' AND l.granted AND l.objid = ($1 & 4294967295)::oid \
               AND l.classid = ($1 >> 32)::oid LIMIT 1",
            &[&LOCK_KEY],
        )
        .ok()??;
    let pid: i32 = row.get(0);
    let application: String = row.get(1);
    let host: String = row.get(2);
    let since: String = row.get(3);
    Some(format!(
        "backend {pid} ({application}) from {host}, connected since {since}"
    ))
}

/// What PostgreSQL says went wrong, with where (in a DO block) when it says.
fn message(e: &postgres::Error) -> String {
    match e.as_db_error() {
        Some(db) => db.message().to_string(),
        None => e.to_string(),
    }
}

fn failure(piece: &Piece, e: &postgres::Error) -> StatementFailure {
    StatementFailure {
        message: message(e),
        statement: piece.shown(),
        line: Some(piece.line),
        outside_ran: false,
    }
}

/// Runs the statements outside the transaction, then the body in `tx`.
fn run_pieces(
    client: &mut postgres::Client,
    script: &Script,
    events: Observer<'_>,
    body: impl FnOnce(&mut postgres::Transaction<'_>, Observer<'_>) -> Result<(), ApplyError>,
) -> Result<(), ApplyError> {
    let total = script.len();
    for (i, piece) in script.outside.iter().enumerate() {
        events(Event::Statement { index: i + 1, total });
        client.batch_execute(&piece.sql).map_err(|e| {
            ApplyError::Failed(StatementFailure {
                outside_ran: i > 0,
                ..failure(piece, &e)
            })
        })?;
    }
    let mut tx = client
        .transaction()
        .map_err(|e| db_error("starting a transaction", e))?;
    for (i, piece) in script.body.iter().enumerate() {
        events(Event::Statement {
            index: script.outside.len() + i + 1,
            total,
        });
        tx.batch_execute(&piece.sql).map_err(|e| {
            ApplyError::Failed(StatementFailure {
                outside_ran: !script.outside.is_empty(),
                ..failure(piece, &e)
            })
        })?;
    }
    body(&mut tx, events)?;
    tx.commit().map_err(|e| db_error("committing", e))?;
    Ok(())
}

impl ScratchServer for PostgresDriver {
    fn dialect(&self) -> Dialect {
        Dialect::Postgres
    }

    fn scratch(&mut self) -> Result<Box<dyn Scratch + '_>, Error> {
        Ok(Box::new(TempSchema::new(&self.url)?))
    }
}

impl Driver for PostgresDriver {
    fn state(&mut self) -> Result<DbState, Error> {
        read_state(&mut self.client)
    }

    fn lock(&mut self, timeout: Duration, events: Observer<'_>) -> Result<(), Error> {
        let started = Instant::now();
        let mut announced = false;
        loop {
            let got: bool = self
                .client
                .query_one("SELECT pg_try_advisory_lock($1)", &[&LOCK_KEY])
                .map_err(|e| db_error("taking the migration lock", e))?
                .get(0);
            if got {
                self.locked = true;
                return Ok(());
            }
            let holder = lock_holder(&mut self.client);
            if started.elapsed() >= timeout {
                return Err(Error::Locked {
                    seconds: timeout.as_secs(),
                    holder,
                });
            }
            if !announced {
                events(Event::Waiting { holder });
                announced = true;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn unlock(&mut self) {
        if self.locked {
            // Ending the session would release it too.
            self.client.execute("SELECT pg_advisory_unlock($1)", &[&LOCK_KEY]).ok();
            self.locked = false;
        }
    }

    fn apply(&mut self, job: &Job<'_>, events: Observer<'_>) -> Result<u64, ApplyError> {
        let started = Instant::now();
        let mut execution_ms = 0;
        run_pieces(&mut self.client, job.script, events, |tx, _| {
            ensure_bookkeeping(tx)?;
            change_version(tx, job.version)?;
            execution_ms = started.elapsed().as_millis() as u64;
            insert_history(
                tx,
                &HistoryRow {
                    execution_ms,
                    ..job.history.clone()
                },
            )?;
            Ok(())
        })?;
        Ok(execution_ms)
    }

    fn write(&mut self, version: &VersionChange, rows: &[HistoryRow]) -> Result<(), Error> {
        let mut tx = self
            .client
            .transaction()
            .map_err(|e| db_error("starting a transaction", e))?;
        ensure_bookkeeping(&mut tx)?;
        change_version(&mut tx, version)?;
        for row in rows {
            insert_history(&mut tx, row)?;
        }
        tx.commit()
            .map_err(|e| db_error("recording in alembic_version and pschema_history", e))
    }

    fn introspect(&mut self) -> Result<DbSchema, Error> {
        let namespace: String = self
            .client
            .query_one("SELECT current_schema()::text", &[])
            .map_err(|e| db_error("reading the current schema", e))?
            .get(0);
        read_namespace(&mut self.client, &namespace)
    }
}

impl Drop for PostgresDriver {
    fn drop(&mut self) {
        self.unlock();
    }
}

fn read_namespace(client: &mut impl GenericClient, namespace: &str) -> Result<DbSchema, Error> {
    Ok(introspect::read(client, namespace)
        .map_err(|e| db_error("reading the catalogs", e))?
        .comparable()
        .without_column_order())
}

/// Throw-away PostgreSQL databases on a server: for `revision
/// --autogenerate` to verify a migration on PostgreSQL too.
pub struct Server {
    url: PostgresUrl,
}

impl Server {
    pub fn new(url: &PostgresUrl) -> Server {
        Server { url: url.clone() }
    }
}

impl ScratchServer for Server {
    fn dialect(&self) -> Dialect {
        Dialect::Postgres
    }

    fn scratch(&mut self) -> Result<Box<dyn Scratch + '_>, Error> {
        Ok(Box::new(TempSchema::new(&self.url)?))
    }
}

/// A connection whose search path is its session's temporary schema: what
/// is made there is invisible to every other session and gone when the
/// connection closes, even if pschema is killed. Unlike a transaction rolled
/// back, it lets a migration use an enum label it added.
pub struct TempSchema {
    client: postgres::Client,
}

impl TempSchema {
    fn new(url: &PostgresUrl) -> Result<TempSchema, Error> {
        let mut client = connect::connect(url)?;
        client
            .batch_execute("SET search_path TO pg_temp")
            .map_err(|e| db_error("making a scratch schema", e))?;
        Ok(TempSchema { client })
    }
}

impl Scratch for TempSchema {
    fn run(&mut self, script: &Script) -> Result<(), StatementFailure> {
        run_pieces(&mut self.client, script, &mut |_| {}, |_, _| Ok(())).map_err(|e| match e {
            ApplyError::Failed(f) => f,
            ApplyError::Other(e) => StatementFailure {
                message: e.to_string(),
                statement: String::new(),
                line: None,
                outside_ran: false,
            },
        })
    }

    fn introspect(&mut self) -> Result<DbSchema, Error> {
        // The temporary schema exists once something was made in it.
        let namespace: Option<String> = self
            .client
            .query_one("SELECT current_schema()::text", &[])
            .map_err(|e| db_error("reading the current schema", e))?
            .get(0);
        match namespace {
            Some(namespace) => read_namespace(&mut self.client, &namespace),
            None => Ok(DbSchema::default()),
        }
    }

    fn fingerprint(&mut self) -> Result<Option<String>, Error> {
        Ok(None)
    }
}
