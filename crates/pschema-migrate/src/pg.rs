//! The runner on PostgreSQL, through the `postgres` crate.
//!
//! Invariants, as on SQLite: each migration runs in one transaction with its
//! `alembic_version` and `pschema_history` writes (PostgreSQL's DDL is
//! transactional); applied migrations' checksums are verified before anything
//! runs; an Alembic-managed database is adopted. Concurrent runners are kept
//! apart by a session advisory lock held for the whole run, and a runner that
//! waits says which backend holds it (from `pg_stat_activity`).

use crate::Error;
use crate::dir::{Direction, Migration};
use crate::graph::Graph;
use crate::introspect::DbSchema;
use crate::pg_connect::{connect, db_error};
use crate::runner::{self, Event, Observer, Options, Report, Step, Target};
use crate::url::PostgresUrl;
use pschema_sql::Dialect;
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

/// The advisory lock key: "pschema" in ASCII, so other applications' locks
/// do not collide with it by accident.
const LOCK_KEY: i64 = 0x0070_7363_6865_6d61;

pub(crate) const HISTORY_DDL: &str = "CREATE TABLE pschema_history (\n\
    \tid SERIAL NOT NULL, \n\
    \trevision VARCHAR(32) NOT NULL, \n\
    \tdirection VARCHAR(8) NOT NULL, \n\
    \tmessage TEXT NOT NULL, \n\
    \tchecksum VARCHAR(64), \n\
    \tapplied_at VARCHAR(40) NOT NULL, \n\
    \texecution_ms INTEGER NOT NULL, \n\
    \tsuccess BOOLEAN NOT NULL, \n\
    \tPRIMARY KEY (id)\n)";

fn table_exists(client: &mut impl postgres::GenericClient, name: &str) -> Result<bool, Error> {
    let row = client
        .query_one("SELECT to_regclass($1) IS NOT NULL", &[&name])
        .map_err(|e| db_error("looking for a table", e))?;
    Ok(row.get(0))
}

fn read_heads(client: &mut impl postgres::GenericClient) -> Result<Vec<String>, Error> {
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

fn ensure_bookkeeping(client: &mut impl postgres::GenericClient) -> Result<(), Error> {
    if !table_exists(client, "alembic_version")? {
        client
            .batch_execute(runner::ALEMBIC_VERSION_DDL)
            .map_err(|e| db_error("creating alembic_version", e))?;
    }
    if !table_exists(client, "pschema_history")? {
        client
            .batch_execute(HISTORY_DDL)
            .map_err(|e| db_error("creating pschema_history", e))?;
    }
    Ok(())
}

fn record(
    client: &mut impl postgres::GenericClient,
    revision: &str,
    direction: &str,
    message: &str,
    checksum: Option<&str>,
    ms: u64,
) -> Result<(), Error> {
    client
        .execute(
            "INSERT INTO pschema_history (revision, direction, message, checksum, applied_at, execution_ms, success) \
             VALUES ($1, $2, $3, $4, $5, $6, true)",
            &[
                &revision,
                &direction,
                &message,
                &checksum,
                &runner::now_rfc3339(),
                &(ms as i32),
            ],
        )
        .map_err(|e| db_error("recording the migration in pschema_history", e))?;
    Ok(())
}

fn applied_checksums(client: &mut impl postgres::GenericClient) -> Result<BTreeMap<String, Option<String>>, Error> {
    if !table_exists(client, "pschema_history")? {
        return Ok(BTreeMap::new());
    }
    let rows = client
        .query(
            "SELECT revision::text, checksum::text FROM pschema_history \
             WHERE direction IN ('up', 'adopt', 'stamp') AND success ORDER BY id",
            &[],
        )
        .map_err(|e| db_error("reading pschema_history", e))?;
    Ok(rows.iter().map(|r| (r.get(0), r.get(1))).collect())
}

/// A migration that failed half-way in an earlier run, and has not
/// succeeded since.
fn failed_before(client: &mut postgres::Client) -> Result<Option<String>, Error> {
    if !table_exists(client, "pschema_history")? {
        return Ok(None);
    }
    let row = client
        .query_opt(
            "SELECT h.revision::text FROM pschema_history h WHERE NOT h.success AND NOT EXISTS \
             (SELECT 1 FROM pschema_history g WHERE g.revision = h.revision AND g.success AND g.id > h.id) \
             ORDER BY h.id DESC LIMIT 1",
            &[],
        )
        .map_err(|e| db_error("reading pschema_history", e))?;
    Ok(row.map(|r| r.get(0)))
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

/// Holds pschema's advisory lock for as long as it lives.
struct Lock<'c> {
    client: &'c mut postgres::Client,
}

impl<'c> Lock<'c> {
    fn take(client: &'c mut postgres::Client, options: &Options, observer: Observer<'_>) -> Result<Lock<'c>, Error> {
        let started = Instant::now();
        let mut announced = false;
        loop {
            let got: bool = client
                .query_one("SELECT pg_try_advisory_lock($1)", &[&LOCK_KEY])
                .map_err(|e| db_error("taking the migration lock", e))?
                .get(0);
            if got {
                return Ok(Lock { client });
            }
            let holder = lock_holder(client);
            if !announced {
                observer(Event::Waiting { holder: holder.clone() });
                announced = true;
            }
            if started.elapsed() >= options.lock_timeout {
                return Err(Error::Locked {
                    seconds: options.lock_timeout.as_secs(),
                    holder,
                });
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Lock<'_> {
    fn drop(&mut self) {
        // Ending the session would release it too.
        self.client.execute("SELECT pg_advisory_unlock($1)", &[&LOCK_KEY]).ok();
    }
}

/// The statement of a batch that an error position falls in.
fn statement_at(sql: &str, error: &postgres::Error) -> String {
    let position = error.as_db_error().and_then(|db| match db.position() {
        Some(postgres::error::ErrorPosition::Original(p)) => Some(*p as usize),
        _ => None,
    });
    let Some(position) = position else { return String::new() };
    // Positions count characters from 1.
    let offset = sql
        .char_indices()
        .nth(position.saturating_sub(1))
        .map_or(sql.len(), |(i, _)| i);
    let start = sql[..offset].rfind(";\n").map_or(0, |i| i + 2);
    let end = sql[offset..].find(";\n").map_or(sql.len(), |i| offset + i);
    crate::script::without_comment_lines(&sql[start..end])
}

fn migrate(
    client: &mut postgres::Client,
    graph: &Graph,
    direction: Direction,
    options: &Options,
    observer: Observer<'_>,
    next: &dyn Fn(&[String]) -> Option<String>,
) -> Result<Report, Error> {
    let lock = Lock::take(client, options, observer)?;
    let client = &mut *lock.client;
    let mut heads = read_heads(client)?;
    runner::check_known(graph, &heads)?;
    if heads.is_empty() && direction == Direction::Up {
        let tables: Vec<String> = client
            .query(
                "SELECT tablename::text FROM pg_tables WHERE schemaname = current_schema() \
                 AND tablename NOT IN ('alembic_version', 'pschema_history') ORDER BY tablename",
                &[],
            )
            .map_err(|e| db_error("listing tables", e))?
            .iter()
            .map(|r| r.get(0))
            .collect();
        if !tables.is_empty() {
            return Err(Error::Unversioned { tables });
        }
    }
    if !options.ignore_checksums {
        let recorded = applied_checksums(client)?;
        for id in graph.ancestors(heads.iter().map(String::as_str)) {
            let Some(m) = graph.get(id) else { continue };
            let Some(Some(was)) = recorded.get(id) else { continue };
            let now = m.checksum(Dialect::Postgres, Direction::Up).unwrap_or_default();
            if was != now {
                return Err(Error::ChecksumMismatch {
                    id: id.to_string(),
                    path: m.dir.join(crate::dir::sql_path(Dialect::Postgres, Direction::Up)),
                    applied: was.clone(),
                    now: now.to_string(),
                });
            }
        }
    }
    let recorded = applied_checksums(client)?;
    let applied = graph.ancestors(heads.iter().map(String::as_str));
    let adopted: Vec<String> = graph
        .migrations()
        .iter()
        .filter(|m| applied.contains(m.id()) && !recorded.contains_key(m.id()))
        .map(|m| m.id().to_string())
        .collect();
    if !adopted.is_empty() {
        let mut tx = client
            .transaction()
            .map_err(|e| db_error("starting a transaction", e))?;
        ensure_bookkeeping(&mut tx)?;
        for id in &adopted {
            let m = graph.get(id).ok_or_else(|| Error::UnknownRevision { id: id.clone() })?;
            record(
                &mut tx,
                id,
                "adopt",
                &m.meta.message,
                m.checksum(Dialect::Postgres, Direction::Up),
                0,
            )?;
        }
        tx.commit().map_err(|e| db_error("recording adopted revisions", e))?;
    }
    if !options.retry_failed
        && let Some(id) = failed_before(client)?
    {
        return Err(Error::FailedBefore { id });
    }
    let mut steps: Vec<Step> = Vec::new();
    while let Some(id) = next(&heads) {
        let m: &Migration = graph
            .get(&id)
            .ok_or_else(|| Error::UnknownRevision { id: id.clone() })?;
        let sql = m.sql(Dialect::Postgres, direction).unwrap_or("");
        let (outside, inside) = pschema_sql::split_no_transaction(sql);
        observer(Event::Starting {
            migration: m,
            direction,
        });
        let started = Instant::now();
        let failed = |client: &mut postgres::Client, steps: &[Step], e: postgres::Error, sql: &str, partial: bool| {
            let statement = statement_at(sql, &e);
            let message = match e.as_db_error() {
                Some(db) => db.message().to_string(),
                None => e.to_string(),
            };
            if partial {
                // Some of it ran outside a transaction: say so in the history,
                // which stops the next run until someone has looked.
                ensure_bookkeeping(client).ok();
                client
                    .execute(
                        "INSERT INTO pschema_history (revision, direction, message, checksum, applied_at, execution_ms, success) \
                         VALUES ($1, $2, $3, NULL, $4, 0, false)",
                        &[&m.id(), &direction.as_str(), &format!("failed half-way: {message}"), &runner::now_rfc3339()],
                    )
                    .ok();
            }
            Error::MigrationFailed {
                id: m.id().to_string(),
                message: if partial {
                    format!(
                        "{message} (statements that run outside a transaction had run: the migration is half-applied)"
                    )
                } else {
                    message
                },
                statement,
                applied: steps.iter().map(|s| s.revision.clone()).collect(),
                at: if heads.is_empty() {
                    "base".into()
                } else {
                    heads.join(", ")
                },
            }
        };
        for (i, statement) in outside.iter().enumerate() {
            if let Err(e) = client.batch_execute(statement) {
                return Err(failed(client, &steps, e, statement, i > 0));
            }
        }
        let mut tx = client
            .transaction()
            .map_err(|e| db_error("starting a transaction", e))?;
        ensure_bookkeeping(&mut tx)?;
        if let Err(e) = tx.batch_execute(&inside) {
            drop(tx); // rolls back
            return Err(failed(client, &steps, e, &inside, !outside.is_empty()));
        }
        let new_heads = match direction {
            Direction::Up => graph.heads_after_upgrade(&heads, m.id()),
            Direction::Down => graph.heads_after_downgrade(&heads, m.id()),
        };
        tx.execute("DELETE FROM alembic_version", &[])
            .map_err(|e| db_error("updating alembic_version", e))?;
        for head in &new_heads {
            tx.execute("INSERT INTO alembic_version (version_num) VALUES ($1)", &[head])
                .map_err(|e| db_error("updating alembic_version", e))?;
        }
        let duration_ms = started.elapsed().as_millis() as u64;
        record(
            &mut tx,
            m.id(),
            direction.as_str(),
            &m.meta.message,
            m.checksum(Dialect::Postgres, direction),
            duration_ms,
        )?;
        tx.commit()
            .map_err(|e| db_error(&format!("committing migration {}", m.id()), e))?;
        observer(Event::Finished);
        steps.push(Step::new(m, direction, duration_ms));
        heads = new_heads;
    }
    Ok(Report {
        steps,
        current: heads,
        adopted,
    })
}

pub fn upgrade(
    url: &PostgresUrl,
    graph: &Graph,
    target: &Target,
    options: &Options,
    observer: Observer<'_>,
) -> Result<Report, Error> {
    let mut client = connect(url)?;
    let heads = read_heads(&mut client)?;
    runner::check_known(graph, &heads)?;
    let next = runner::Next::upgrade(graph, &heads, target)?;
    let next = |heads: &[String]| next.choose(graph, heads);
    migrate(&mut client, graph, Direction::Up, options, observer, &next)
}

pub fn downgrade(
    url: &PostgresUrl,
    graph: &Graph,
    target: &Target,
    options: &Options,
    observer: Observer<'_>,
) -> Result<Report, Error> {
    let mut client = connect(url)?;
    let heads = read_heads(&mut client)?;
    runner::check_known(graph, &heads)?;
    let next = runner::Next::downgrade(graph, &heads, target)?;
    let next = |heads: &[String]| next.choose(graph, heads);
    migrate(&mut client, graph, Direction::Down, options, observer, &next)
}

pub fn current(url: &PostgresUrl) -> Result<Vec<String>, Error> {
    read_heads(&mut connect(url)?)
}

/// What the database should hold at `heads`: the snapshot built from
/// scratch in a schema of its own, inside a transaction that is rolled back.
fn expected_at(client: &mut postgres::Client, graph: &Graph, heads: &[String]) -> Result<Option<DbSchema>, Error> {
    let schema = match heads {
        [] => return Ok(Some(DbSchema::default())),
        [one] => {
            let m = graph
                .get(one)
                .ok_or_else(|| Error::UnknownDatabaseRevision { id: one.clone() })?;
            crate::revision::snapshot_schema(m)?
        }
        _ => return Ok(None),
    };
    let changes = pschema_diff::diff(&pschema_schema::Schema::default(), &schema);
    let sql = pschema_sql::plan(Dialect::Postgres, &changes, &pschema_schema::Schema::default())?.to_sql();
    let namespace = format!("pschema_expected_{}", std::process::id());
    let mut tx = client
        .transaction()
        .map_err(|e| db_error("starting a transaction", e))?;
    tx.batch_execute(&format!(
        "CREATE SCHEMA {namespace}; SET LOCAL search_path TO {namespace}"
    ))
    .map_err(|e| db_error("making a scratch schema", e))?;
    tx.batch_execute(&sql)
        .map_err(|e| db_error("building the expected schema", e))?;
    let mut expected = introspect_in(&mut tx, &namespace)?;
    tx.rollback().map_err(|e| db_error("dropping the scratch schema", e))?;
    sort_columns(&mut expected);
    Ok(Some(expected))
}

fn introspect_in(client: &mut postgres::Transaction<'_>, namespace: &str) -> Result<DbSchema, Error> {
    // The catalog queries need a Client; a transaction gives the same view.
    let rows =
        crate::introspect::postgres_generic(client, namespace).map_err(|e| db_error("reading the catalogs", e))?;
    Ok(rows.comparable())
}

/// PostgreSQL adds a column at the end of its table whatever the schema says:
/// column order is not compared there.
fn sort_columns(schema: &mut DbSchema) {
    for table in schema.tables.values_mut() {
        table.columns.sort_by(|a, b| a.name.cmp(&b.name));
    }
}

fn actual(client: &mut postgres::Client) -> Result<DbSchema, Error> {
    let namespace: String = client
        .query_one("SELECT current_schema()::text", &[])
        .map_err(|e| db_error("reading the current schema", e))?
        .get(0);
    let mut schema = crate::introspect::postgres(client, &namespace)
        .map_err(|e| db_error("reading the catalogs", e))?
        .comparable();
    sort_columns(&mut schema);
    Ok(schema)
}

/// How the live database differs from the snapshot of its revision.
pub fn drift(url: &PostgresUrl, graph: &Graph) -> Result<Option<runner::Drift>, Error> {
    let mut client = connect(url)?;
    let current = read_heads(&mut client)?;
    runner::check_known(graph, &current)?;
    let Some(expected) = expected_at(&mut client, graph, &current)? else {
        return Ok(Some(runner::Drift {
            current,
            differences: Vec::new(),
        }));
    };
    let differences = crate::introspect::differences(&expected, &actual(&mut client)?);
    Ok(Some(runner::Drift { current, differences }))
}

/// Marks the database as being at `target`, after checking that it holds
/// that revision's schema (unless `force`).
pub fn stamp(
    url: &PostgresUrl,
    graph: &Graph,
    target: &str,
    purge: bool,
    force: bool,
    options: &Options,
    observer: Observer<'_>,
) -> Result<Report, Error> {
    let mut client = connect(url)?;
    let revision = runner::stamp_target(graph, target)?;
    let wanted: Vec<String> = revision.iter().cloned().collect();
    if !force {
        let expected = expected_at(&mut client, graph, &wanted)?.unwrap_or_default();
        let differences = crate::introspect::differences(&expected, &actual(&mut client)?);
        if !differences.is_empty() {
            return Err(Error::StampMismatch {
                revision: target.to_string(),
                differences,
            });
        }
    }
    let lock = Lock::take(&mut client, options, observer)?;
    let client = &mut *lock.client;
    let heads = read_heads(client)?;
    if !purge {
        runner::check_known(graph, &heads)?;
    }
    let new_heads = runner::heads_after_stamp(graph, &heads, revision.as_deref(), purge);
    let mut tx = client
        .transaction()
        .map_err(|e| db_error("starting a transaction", e))?;
    ensure_bookkeeping(&mut tx)?;
    tx.execute("DELETE FROM alembic_version", &[])
        .map_err(|e| db_error("updating alembic_version", e))?;
    for head in &new_heads {
        tx.execute("INSERT INTO alembic_version (version_num) VALUES ($1)", &[head])
            .map_err(|e| db_error("updating alembic_version", e))?;
    }
    if let Some(rev) = &revision {
        let m = graph
            .get(rev)
            .ok_or_else(|| Error::UnknownRevision { id: rev.clone() })?;
        record(
            &mut tx,
            rev,
            "stamp",
            &m.meta.message,
            m.checksum(Dialect::Postgres, Direction::Up),
            0,
        )?;
    }
    tx.commit().map_err(|e| db_error("stamping", e))?;
    Ok(Report {
        steps: Vec::new(),
        current: new_heads,
        adopted: Vec::new(),
    })
}
