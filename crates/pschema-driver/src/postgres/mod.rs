//! The PostgreSQL driver (the `postgres` crate, TLS through rustls).
//!
//! Invariants: concurrent runners are kept apart by a session advisory lock
//! held for the whole run, and a runner that waits says which backend holds
//! it (from `pg_stat_activity`); a migration runs step by step
//! ([`Script::steps`]: transactions, and statements outside any), the last
//! transaction with the `alembic_version` and `pschema_history` writes, each
//! other with its `pschema_progress` row, so a run that stops resumes after
//! the last step that committed. Every statement runs under `lock_timeout`,
//! and a step that hits it is rolled back and tried again ([`LockRetry`]).
//! Scratch databases are a session's temporary schema on a connection of
//! their own, gone with the session.

pub mod connect;
pub mod introspect;

use crate::quoted_name;
use crate::records::{self, Value};
use crate::url::PostgresUrl;
use connect::db_error;
use postgres::GenericClient;
use postgres::types::{ToSql, Type};
use pschema_migrate::db_schema::DbSchema;
use pschema_migrate::driver::{
    ApplyError, DbState, Driver, HistoryRow, Job, LockRetry, Scratch, ScratchServer, StatementFailure, VersionChange,
};
use pschema_migrate::{Error, Event, Observer};
use pschema_sql::bookkeeping::Tables;
use pschema_sql::{Dialect, Piece, Script, Step};
use std::time::{Duration, Instant};

/// The advisory lock key: "pschema" in ASCII, so other applications' locks
/// do not collide with it by accident.
const LOCK_KEY: i64 = 0x0070_7363_6865_6d61;

pub struct PostgresDriver<'c> {
    client: Handle<'c>,
    /// Where scratch databases are opened; `None` over a caller's client.
    url: Option<PostgresUrl>,
    locked: bool,
    tables: Tables,
}

/// The driver's client: its own, or its caller's.
enum Handle<'c> {
    Owned(Box<postgres::Client>),
    Borrowed(&'c mut postgres::Client),
}

impl std::ops::Deref for Handle<'_> {
    type Target = postgres::Client;

    fn deref(&self) -> &postgres::Client {
        match self {
            Handle::Owned(client) => client,
            Handle::Borrowed(client) => client,
        }
    }
}

impl std::ops::DerefMut for Handle<'_> {
    fn deref_mut(&mut self) -> &mut postgres::Client {
        match self {
            Handle::Owned(client) => client,
            Handle::Borrowed(client) => client,
        }
    }
}

impl<'c> PostgresDriver<'c> {
    pub fn connect(url: &PostgresUrl) -> Result<PostgresDriver<'static>, Error> {
        Ok(PostgresDriver {
            client: Handle::Owned(Box::new(connect::connect(url)?)),
            url: Some(url.clone()),
            locked: false,
            tables: Tables::default(),
        })
    }

    /// A driver over a client the caller connected (an application that
    /// migrates its own database at start-up). The run lock is the same
    /// session advisory lock, taken on this client's session and given back
    /// before the driver is dropped. It migrates the client's current schema
    /// (`search_path`). There is no URL to open scratch databases with, so
    /// what needs one (stamp's check, drift) is an error; upgrade and
    /// downgrade need none.
    pub fn over(client: &'c mut postgres::Client) -> PostgresDriver<'c> {
        PostgresDriver {
            client: Handle::Borrowed(client),
            url: None,
            locked: false,
            tables: Tables::default(),
        }
    }

    /// Bookkeeping tables of other names than Alembic's and pschema's.
    pub fn with_tables(mut self, tables: Tables) -> Self {
        self.tables = tables;
        self
    }

    fn scratch_url(&self) -> Result<&PostgresUrl, Error> {
        self.url.as_ref().ok_or_else(|| Error::Postgres {
            what: "opening a scratch database".into(),
            message: "the driver runs over its caller's connection and has no URL to open another".into(),
        })
    }
}

/// The bookkeeping's queries on a PostgreSQL connection or transaction.
struct Queries<'a, C: GenericClient>(&'a mut C);

/// Parameters as the statement's own types want them (the `postgres`
/// crate does not widen or narrow integers).
fn bind(types: &[Type], params: &[Value]) -> Vec<Box<dyn ToSql + Sync>> {
    params
        .iter()
        .zip(types.iter().chain(std::iter::repeat(&Type::TEXT)))
        .map(|(v, ty)| -> Box<dyn ToSql + Sync> {
            match v {
                Value::Text(t) => Box::new(t.clone()),
                Value::Bool(b) => Box::new(*b),
                Value::Int(i) if *ty == Type::INT4 => Box::new(*i as i32),
                Value::Int(i) if *ty == Type::INT2 => Box::new(*i as i16),
                Value::Int(i) => Box::new(*i),
            }
        })
        .collect()
}

impl<C: GenericClient> Queries<'_, C> {
    fn prepared(
        &mut self,
        sql: &str,
        params: &[Value],
    ) -> Result<(postgres::Statement, Vec<Box<dyn ToSql + Sync>>), Error> {
        let stmt = self
            .0
            .prepare(sql)
            .map_err(|e| db_error(&format!("preparing ({sql})"), e))?;
        let values = bind(stmt.params(), params);
        Ok((stmt, values))
    }
}

impl<C: GenericClient> records::Sql for Queries<'_, C> {
    fn dialect(&self) -> Dialect {
        Dialect::Postgres
    }

    fn rows(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Vec<Value>>, Error> {
        let (stmt, values) = self.prepared(sql, params)?;
        let refs: Vec<&(dyn ToSql + Sync)> = values.iter().map(|v| &**v).collect();
        let rows = self
            .0
            .query(&stmt, &refs)
            .map_err(|e| db_error(&format!("reading ({sql})"), e))?;
        Ok(rows
            .iter()
            .map(|row| {
                (0..row.len())
                    .map(|i| match *row.columns()[i].type_() {
                        Type::BOOL => Value::Bool(row.get::<_, Option<bool>>(i).unwrap_or_default()),
                        Type::INT2 => Value::Int(row.get::<_, Option<i16>>(i).unwrap_or_default().into()),
                        Type::INT4 => Value::Int(row.get::<_, Option<i32>>(i).unwrap_or_default().into()),
                        Type::INT8 => Value::Int(row.get::<_, Option<i64>>(i).unwrap_or_default()),
                        _ => Value::Text(row.try_get::<_, Option<String>>(i).ok().flatten()),
                    })
                    .collect()
            })
            .collect())
    }

    fn execute(&mut self, sql: &str, params: &[Value]) -> Result<u64, Error> {
        let (stmt, values) = self.prepared(sql, params)?;
        let refs: Vec<&(dyn ToSql + Sync)> = values.iter().map(|v| &**v).collect();
        self.0
            .execute(&stmt, &refs)
            .map_err(|e| db_error(&format!("writing ({sql})"), e))
    }

    fn batch(&mut self, sql: &str) -> Result<(), Error> {
        self.0
            .batch_execute(sql)
            .map_err(|e| db_error(&format!("running ({sql})"), e))
    }

    fn table_exists_expression(&self, placeholder: &str) -> String {
        format!("to_regclass({placeholder}) IS NOT NULL")
    }

    fn user_tables(&mut self) -> Result<Vec<String>, Error> {
        let rows = self.rows(
            "SELECT tablename::text FROM pg_tables WHERE schemaname = current_schema() \
             ORDER BY tablename",
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
        steps_done: 0,
        outside: false,
    }
}

/// Whether PostgreSQL gave up waiting for a lock (`lock_timeout`).
fn is_lock_timeout(e: &postgres::Error) -> bool {
    e.code() == Some(&postgres::error::SqlState::LOCK_NOT_AVAILABLE)
}

/// A step that failed: on a lock wait it may be tried again.
enum StepError {
    LockTimeout(StatementFailure),
    Failed(ApplyError),
}

impl From<ApplyError> for StepError {
    fn from(e: ApplyError) -> StepError {
        StepError::Failed(e)
    }
}

impl From<Error> for StepError {
    fn from(e: Error) -> StepError {
        StepError::Failed(ApplyError::Other(e))
    }
}

/// Runs one piece, on a transaction or on its own.
fn execute(client: &mut impl GenericClient, piece: &Piece, steps_done: usize) -> Result<(), StepError> {
    client.batch_execute(&piece.sql).map_err(|e| {
        let failure = StatementFailure {
            steps_done,
            outside: piece.outside,
            ..failure(piece, &e)
        };
        if is_lock_timeout(&e) {
            StepError::LockTimeout(failure)
        } else {
            StepError::Failed(ApplyError::Failed(failure))
        }
    })
}

/// Runs step `index` of a script: its statements in one transaction, or
/// each on its own; then `record` in a transaction (the step's own, or one
/// after the statements that run outside any). `first` is the number of
/// the step's first statement, for the events.
fn run_step(
    client: &mut postgres::Client,
    step: &Step<'_>,
    steps_done: usize,
    first: usize,
    total: usize,
    events: Observer<'_>,
    record: &mut dyn FnMut(&mut postgres::Transaction<'_>) -> Result<(), Error>,
) -> Result<(), StepError> {
    let number = |i: usize| Event::Statement {
        index: first + i,
        total,
    };
    if !step.transaction {
        for (i, piece) in step.pieces.iter().enumerate() {
            events(number(i));
            execute(client, piece, steps_done)?;
        }
    }
    let mut tx = client
        .transaction()
        .map_err(|e| db_error("starting a transaction", e))?;
    if step.transaction {
        for (i, piece) in step.pieces.iter().enumerate() {
            events(number(i));
            execute(&mut tx, piece, steps_done)?;
        }
    }
    record(&mut tx)?;
    tx.commit().map_err(|e| db_error("committing", e))?;
    Ok(())
}

/// Runs the steps of `script` from `start`, each tried again as `retry`
/// says when it hits `lock_timeout`; `record(tx, done)` writes what the
/// transaction of a step that completes `done` steps records.
fn run_steps(
    client: &mut postgres::Client,
    script: &Script,
    start: usize,
    retry: &LockRetry,
    events: Observer<'_>,
    record: &mut dyn FnMut(&mut postgres::Transaction<'_>, usize) -> Result<(), Error>,
) -> Result<(), ApplyError> {
    let steps = script.steps();
    let total = script.len();
    let mut first = 1 + pschema_sql::script::statements_before(&steps, start);
    // Nothing left to run (no statements, or an earlier run did them all but
    // stopped before its record): the record alone.
    if start >= steps.len() {
        let mut tx = client
            .transaction()
            .map_err(|e| db_error("starting a transaction", e))?;
        record(&mut tx, steps.len())?;
        return tx.commit().map_err(|e| ApplyError::Other(db_error("committing", e)));
    }
    for (index, step) in steps.iter().enumerate().skip(start) {
        let mut attempt = 1;
        loop {
            match run_step(client, step, index, first, total, events, &mut |tx| {
                record(tx, index + 1)
            }) {
                Ok(()) => break,
                Err(StepError::Failed(e)) => return Err(e),
                Err(StepError::LockTimeout(failure)) => {
                    if attempt >= retry.attempts {
                        return Err(ApplyError::Failed(StatementFailure {
                            message: format!(
                                "{} (lock_timeout {} ms, {attempt} tries)",
                                failure.message,
                                retry.timeout.as_millis()
                            ),
                            ..failure
                        }));
                    }
                    attempt += 1;
                    let wait = retry.pause_before(attempt);
                    events(Event::Retrying {
                        attempt,
                        attempts: retry.attempts,
                        wait,
                        statement: failure.statement,
                    });
                    std::thread::sleep(wait);
                }
            }
        }
        first += step.pieces.len();
    }
    Ok(())
}

/// Sets `lock_timeout` for the session while `body` runs, and puts back what
/// it was (a caller's connection keeps its own setting).
fn with_lock_timeout<T>(
    client: &mut postgres::Client,
    timeout: Duration,
    body: impl FnOnce(&mut postgres::Client) -> Result<T, ApplyError>,
) -> Result<T, ApplyError> {
    let was: String = client
        .query_one("SELECT current_setting('lock_timeout')", &[])
        .map_err(|e| db_error("reading lock_timeout", e))?
        .get(0);
    client
        .execute(
            "SELECT set_config('lock_timeout', $1, false)",
            &[&format!("{}ms", timeout.as_millis())],
        )
        .map_err(|e| db_error("setting lock_timeout", e))?;
    let result = body(client);
    // A failed transaction is over by now (dropped, so rolled back).
    client
        .execute("SELECT set_config('lock_timeout', $1, false)", &[&was])
        .map_err(|e| db_error("restoring lock_timeout", e))?;
    result
}

impl ScratchServer for PostgresDriver<'_> {
    fn dialect(&self) -> Dialect {
        Dialect::Postgres
    }

    fn scratch(&mut self) -> Result<Box<dyn Scratch + '_>, Error> {
        Ok(Box::new(TempSchema::new(self.scratch_url()?)?))
    }
}

impl Driver for PostgresDriver<'_> {
    fn state(&mut self) -> Result<DbState, Error> {
        records::read_state(&mut Queries(&mut *self.client), &self.tables)
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
        let tables = &self.tables;
        with_lock_timeout(&mut self.client, job.lock_retry.timeout, |client| {
            run_steps(
                client,
                job.script,
                job.resume_at,
                &job.lock_retry,
                events,
                &mut |tx, done| {
                    execution_ms = started.elapsed().as_millis() as u64;
                    records::record_step(&mut Queries(tx), tables, job, done, execution_ms)
                },
            )
        })?;
        Ok(execution_ms)
    }

    fn write(&mut self, version: &VersionChange, rows: &[HistoryRow]) -> Result<(), Error> {
        let mut tx = self
            .client
            .transaction()
            .map_err(|e| db_error("starting a transaction", e))?;
        records::record(&mut Queries(&mut tx), &self.tables, version, rows)?;
        tx.commit()
            .map_err(|e| db_error("recording in alembic_version and pschema_history", e))
    }

    fn introspect(&mut self) -> Result<DbSchema, Error> {
        let namespace: String = self
            .client
            .query_one("SELECT current_schema()::text", &[])
            .map_err(|e| db_error("reading the current schema", e))?
            .get(0);
        Ok(crate::without_bookkeeping(
            read_namespace(&mut *self.client, &namespace)?,
            &self.tables,
        ))
    }

    fn row_count(&mut self, table: &str) -> Result<Option<u64>, Error> {
        let found = self
            .client
            .query_opt(
                "SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
                 WHERE n.nspname = current_schema() AND c.relname = $1 AND c.relkind IN ('r', 'p')",
                &[&table],
            )
            .map_err(|e| db_error(&format!("looking for table {table}"), e))?;
        if found.is_none() {
            return Ok(None);
        }
        let sql = format!("SELECT count(*) FROM {}", quoted_name(table));
        let n: i64 = self
            .client
            .query_one(sql.as_str(), &[])
            .map_err(|e| db_error(&format!("counting the rows of {table}"), e))?
            .get(0);
        Ok(Some(n as u64))
    }
}

impl Drop for PostgresDriver<'_> {
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
        let once = LockRetry {
            attempts: 1,
            ..LockRetry::default()
        };
        run_steps(&mut self.client, script, 0, &once, &mut |_| {}, &mut |_, _| Ok(())).map_err(ApplyError::into_failure)
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
