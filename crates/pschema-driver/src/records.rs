//! `alembic_version` and `pschema_history`, read and written the same way on
//! every dialect, over [`Sql`]: the few queries a driver answers for its
//! connection. What differs by dialect is only how a table is looked up.

use pschema_migrate::Error;
use pschema_migrate::driver::{DbState, HistoryRow, Job, Progress, VersionChange};
use pschema_sql::Dialect;
use pschema_sql::bookkeeping::Tables;

/// A value passed to or read from the bookkeeping queries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Value {
    Text(Option<String>),
    Int(i64),
    Bool(bool),
}

impl Value {
    fn text(self) -> Option<String> {
        match self {
            Value::Text(t) => t,
            Value::Int(i) => Some(i.to_string()),
            Value::Bool(b) => Some(b.to_string()),
        }
    }

    fn int(&self) -> i64 {
        match self {
            Value::Int(i) => *i,
            Value::Bool(b) => *b as i64,
            Value::Text(t) => t.as_deref().and_then(|t| t.parse().ok()).unwrap_or_default(),
        }
    }
}

/// The queries the bookkeeping needs; placeholders are written `$1`, `$2`, ...
/// (SQLite reads them as parameters too).
pub(crate) trait Sql {
    fn dialect(&self) -> Dialect;
    /// Every row of a query, each column as a [`Value`].
    fn rows(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Vec<Value>>, Error>;
    /// Runs a statement; the number of rows it changed.
    fn execute(&mut self, sql: &str, params: &[Value]) -> Result<u64, Error>;
    /// Runs DDL without parameters.
    fn batch(&mut self, sql: &str) -> Result<(), Error>;
    /// The dialect's test that the table named by `placeholder` exists where
    /// the migrations go, as a SELECT expression.
    fn table_exists_expression(&self, placeholder: &str) -> String;
    /// Whether each of these tables of the bookkeeping exists, in one query.
    fn tables_exist(&mut self, names: &[&str]) -> Result<Vec<bool>, Error> {
        let tests: Vec<String> = (1..=names.len())
            .map(|i| self.table_exists_expression(&format!("${i}")))
            .collect();
        let params: Vec<Value> = names.iter().map(|n| text(n)).collect();
        let rows = self.rows(&format!("SELECT {}", tests.join(", ")), &params)?;
        Ok(match rows.first() {
            Some(row) => row.iter().map(|v| v.int() != 0).collect(),
            None => vec![false; names.len()],
        })
    }
    fn table_exists(&mut self, name: &str) -> Result<bool, Error> {
        Ok(self.tables_exist(&[name])?.first() == Some(&true))
    }
    /// Tables that are neither Alembic's nor pschema's, sorted.
    fn user_tables(&mut self) -> Result<Vec<String>, Error>;
}

fn text(value: &str) -> Value {
    Value::Text(Some(value.to_string()))
}

pub(crate) fn read_heads(sql: &mut dyn Sql, t: &Tables) -> Result<Vec<String>, Error> {
    if !sql.table_exists(&t.version)? {
        return Ok(Vec::new());
    }
    select_heads(sql, t)
}

/// The rows of `alembic_version`, which exists.
fn select_heads(sql: &mut dyn Sql, t: &Tables) -> Result<Vec<String>, Error> {
    // Read FOR UPDATE where the dialect can: no other writer changes the rows
    // before this transaction commits (SQLite's write lock already says so).
    let lock = match sql.dialect() {
        Dialect::Postgres => " FOR UPDATE",
        Dialect::Sqlite => "",
    };
    let rows = sql.rows(
        &format!("SELECT version_num FROM {} ORDER BY version_num{lock}", t.version),
        &[],
    )?;
    Ok(rows
        .into_iter()
        .filter_map(|r| r.into_iter().next().and_then(Value::text))
        .collect())
}

pub(crate) fn read_state(sql: &mut dyn Sql, t: &Tables) -> Result<DbState, Error> {
    let history = if sql.table_exists(&t.history)? {
        sql.rows(
            &format!(
                "SELECT revision, direction, message, checksum, applied_at, execution_ms, success \
                 FROM {} ORDER BY id",
                t.history
            ),
            &[],
        )?
        .into_iter()
        .map(|row| {
            let mut cells = row.into_iter();
            let mut next = || cells.next().unwrap_or(Value::Text(None));
            let revision = next().text().unwrap_or_default();
            let direction = next().text().unwrap_or_default();
            let message = next().text().unwrap_or_default();
            let checksum = next().text();
            let applied_at = next().text().unwrap_or_default();
            let execution_ms = next().int().max(0) as u64;
            let success = next().int() != 0;
            HistoryRow {
                revision,
                direction,
                message,
                checksum,
                applied_at,
                execution_ms,
                success,
            }
        })
        .collect()
    } else {
        Vec::new()
    };
    Ok(DbState {
        exists: true,
        version_table: sql.table_exists(&t.version)?,
        heads: read_heads(sql, t)?,
        history,
        user_tables: sql
            .user_tables()?
            .into_iter()
            .filter(|name| !t.all().contains(&name.as_str()))
            .collect(),
        progress: read_progress(sql, t)?,
    })
}

fn read_progress(sql: &mut dyn Sql, t: &Tables) -> Result<Vec<Progress>, Error> {
    if !sql.table_exists(&t.progress)? {
        return Ok(Vec::new());
    }
    let rows = sql.rows(
        &format!(
            "SELECT revision, direction, checksum, steps_done, steps_total, updated_at \
             FROM {} ORDER BY revision, direction",
            t.progress
        ),
        &[],
    )?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let mut cells = row.into_iter();
            let mut next = || cells.next().unwrap_or(Value::Text(None));
            Progress {
                revision: next().text().unwrap_or_default(),
                direction: next().text().unwrap_or_default(),
                checksum: next().text(),
                steps_done: next().int().max(0) as usize,
                steps_total: next().int().max(0) as usize,
                updated_at: next().text().unwrap_or_default(),
            }
        })
        .collect())
}

/// What the transaction of step `done - 1` of `job` records: how far the
/// migration got, or, with its last step, the version change and history
/// row, the progress row gone.
pub(crate) fn record_step(
    sql: &mut dyn Sql,
    t: &Tables,
    job: &Job<'_>,
    done: usize,
    execution_ms: u64,
) -> Result<(), Error> {
    let steps_total = job.script.steps().len();
    let key = [text(&job.history.revision), text(&job.history.direction)];
    let present = Present::of(sql, t)?;
    let has_table = present.progress;
    let delete = format!("DELETE FROM {} WHERE revision = $1 AND direction = $2", t.progress);
    if done < steps_total {
        if !has_table {
            sql.batch(&t.progress_ddl())?;
        }
        sql.execute(&delete, &key)?;
        sql.execute(
            &format!(
                "INSERT INTO {} (revision, direction, checksum, steps_done, steps_total, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6)",
                t.progress
            ),
            &[
                key[0].clone(),
                key[1].clone(),
                text(&pschema_migrate::decide::done_checksum(job.script, done)),
                Value::Int(done as i64),
                Value::Int(steps_total as i64),
                text(&pschema_migrate::migrator::now()),
            ],
        )?;
        return Ok(());
    }
    if has_table {
        sql.execute(&delete, &key)?;
    }
    let history = HistoryRow {
        execution_ms,
        ..job.history.clone()
    };
    record_with(sql, t, present, job.version, &[history])
}

/// Which tables of the bookkeeping exist: one query, where a migration's
/// transaction would otherwise ask three times.
#[derive(Debug, Clone, Copy)]
struct Present {
    version: bool,
    history: bool,
    progress: bool,
}

impl Present {
    fn of(sql: &mut dyn Sql, t: &Tables) -> Result<Present, Error> {
        let found = sql.tables_exist(&[&t.version, &t.history, &t.progress])?;
        let at = |i: usize| found.get(i).copied().unwrap_or(false);
        Ok(Present {
            version: at(0),
            history: at(1),
            progress: at(2),
        })
    }
}

fn ensure_tables(sql: &mut dyn Sql, t: &Tables, present: Present) -> Result<(), Error> {
    if !present.version {
        sql.batch(&t.version_ddl())?;
    }
    if !present.history {
        let ddl = t.history_ddl(sql.dialect());
        sql.batch(&ddl)?;
    }
    Ok(())
}

/// Moves `alembic_version` from exactly `change.before` to `change.after`,
/// each row changed checked: a database that moved under the runner is a
/// conflict, and the caller rolls back. `alembic_version` exists.
fn change_version(sql: &mut dyn Sql, t: &Tables, change: &VersionChange) -> Result<(), Error> {
    let conflict = |found| Error::VersionConflict {
        expected: change.before.clone(),
        found,
    };
    let mut before = change.before.clone();
    before.sort();
    let heads = select_heads(sql, t)?;
    if heads != before {
        return Err(conflict(heads));
    }
    let delete = format!("DELETE FROM {} WHERE version_num = $1", t.version);
    let insert = format!("INSERT INTO {} (version_num) VALUES ($1)", t.version);
    for head in change.removed() {
        let n = sql.execute(&delete, &[text(head)])?;
        if n != 1 {
            return Err(conflict(select_heads(sql, t)?));
        }
    }
    for head in change.added() {
        sql.execute(&insert, &[text(head)])?;
    }
    Ok(())
}

pub(crate) fn insert_history(sql: &mut dyn Sql, t: &Tables, row: &HistoryRow) -> Result<(), Error> {
    sql.execute(
        &format!(
            "INSERT INTO {} (revision, direction, message, checksum, applied_at, execution_ms, success) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
            t.history
        ),
        &[
            text(&row.revision),
            text(&row.direction),
            text(&row.message),
            Value::Text(row.checksum.clone()),
            text(&row.applied_at),
            Value::Int(row.execution_ms.min(i32::MAX as u64) as i64),
            Value::Bool(row.success),
        ],
    )?;
    Ok(())
}

/// Changes the version and adds history rows: what a migration's
/// transaction ends with, and all that stamp and adoption write.
pub(crate) fn record(sql: &mut dyn Sql, t: &Tables, version: &VersionChange, rows: &[HistoryRow]) -> Result<(), Error> {
    let present = Present::of(sql, t)?;
    record_with(sql, t, present, version, rows)
}

fn record_with(
    sql: &mut dyn Sql,
    t: &Tables,
    present: Present,
    version: &VersionChange,
    rows: &[HistoryRow],
) -> Result<(), Error> {
    ensure_tables(sql, t, present)?;
    change_version(sql, t, version)?;
    for row in rows {
        insert_history(sql, t, row)?;
    }
    Ok(())
}
