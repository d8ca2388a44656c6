//! Helpers shared by the workspace-level tests: fixtures, rows to fill a
//! schema with, and the up/down/up round trip that checks no row is lost.

use pschema_diff::{Change, ColumnChange};
use pschema_driver::sqlite::exec::run_migration;
use pschema_migrate::driver::StatementFailure;
use pschema_schema::{ColumnType, Schema, Table};
use pschema_sql::Dialect;
use rusqlite::Connection;
use rusqlite::types::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Reading schemas back from databases, and comparing them.
pub mod introspect {
    pub use pschema_driver::postgres::introspect::read as postgres;
    pub use pschema_driver::sqlite::introspect::read as sqlite;
    pub use pschema_migrate::db_schema::{DbSchema, differences};
}

/// The SQL that builds `schema` on SQLite from nothing.
pub fn create_all_sql(schema: &Schema) -> Result<String, pschema_migrate::Error> {
    pschema_migrate::verify::create_all_sql(Dialect::Sqlite, schema)
}

/// What SQLite reports for a database built from scratch for `schema`.
pub fn expected_sqlite(schema: &Schema) -> Result<introspect::DbSchema, pschema_migrate::Error> {
    pschema_migrate::verify::expected(&mut pschema_driver::sqlite::MemoryServer, schema)
}

/// Runs a migration's SQL as the runner does: foreign keys off around a
/// rebuild, one transaction.
pub fn run_migration_sql(conn: &mut Connection, sql: &str) -> Result<(), StatementFailure> {
    run_migration(conn, &pschema_sql::script::parse(Dialect::Sqlite, sql), None)
}

/// The repository's top folder.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

pub fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
}

pub fn schema(text: &str, what: &str) -> Schema {
    pschema_schema::parse_schema(text).unwrap_or_else(|d| {
        panic!(
            "{what} is not a valid schema:\n{}",
            pschema_syntax::render(what, text, &d)
        )
    })
}

/// A value for row `i` of a column, as SQLite stores it. Enum columns take
/// labels that `keep` (the schema the rows must also fit) still has.
fn value(table: &Table, column: &pschema_schema::Column, schema: &Schema, keep: &Schema, i: i64) -> Value {
    // Every third row leaves nullable columns empty, so NULLs are carried too.
    let is_key = table
        .primary_key
        .as_ref()
        .is_some_and(|pk| pk.columns.contains(&column.name));
    if column.nullable && i % 3 == 0 && !is_key {
        return Value::Null;
    }
    if let Some(fk) = table.foreign_keys.iter().find(|fk| fk.columns.contains(&column.name)) {
        // The parent's row with the same number; a table that references
        // itself points at the row before (the first row at nothing, or itself).
        return if fk.ref_table == table.name {
            if i == 1 {
                if column.nullable {
                    Value::Null
                } else {
                    Value::Integer(1)
                }
            } else {
                Value::Integer(i - 1)
            }
        } else {
            Value::Integer(i)
        };
    }
    match &column.ty {
        ColumnType::SmallInteger | ColumnType::Integer | ColumnType::BigInteger => Value::Integer(i),
        ColumnType::Boolean => Value::Integer(i % 2),
        ColumnType::String { length } => {
            let text = format!("{}{i}", column.name);
            let max = length.unwrap_or(1000) as usize;
            let text: String = text
                .chars()
                .rev()
                .take(max)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            Value::Text(text)
        }
        ColumnType::Text => Value::Text(format!("text of row {i}")),
        ColumnType::Date => Value::Text(format!("2024-01-{:02}", i % 28 + 1)),
        ColumnType::DateTime { .. } => Value::Text(format!("2024-01-01 10:00:{:02}", i % 60)),
        ColumnType::Time => Value::Text(format!("10:00:{:02}", i % 60)),
        ColumnType::Float => Value::Real(i as f64 * 1.5),
        ColumnType::Numeric { .. } => Value::Real(i as f64 * 2.25),
        ColumnType::Json => Value::Text(format!("{{\"i\": {i}}}")),
        ColumnType::LargeBinary => Value::Blob(vec![i as u8, 0, 255]),
        ColumnType::Enum(name) => {
            let labels = &schema.enum_named(name).expect("enum").labels;
            let kept: Vec<&String> = match keep.enum_named(name) {
                Some(other) => labels
                    .iter()
                    .filter(|l| other.labels.contains(l) || other.renamed_labels.iter().any(|(from, _)| from == *l))
                    .collect(),
                None => labels.iter().collect(),
            };
            let pool: Vec<&String> = if kept.is_empty() { labels.iter().collect() } else { kept };
            Value::Text(pool[(i as usize) % pool.len()].clone())
        }
    }
}

/// Fills every table with `rows` rows, parents first, with values that
/// `keep` can hold too.
pub fn insert_rows(conn: &Connection, schema: &Schema, keep: &Schema, rows: i64) -> rusqlite::Result<()> {
    fill(conn, schema, keep, &schema.tables_in_dependency_order(), &[], rows)
}

/// Rows for `tables` and values for the `added` reference columns (row `i`
/// found by its key `i`), in one transaction with foreign keys deferred to
/// the commit: the tables of a foreign-key cycle can be filled in no order
/// where every reference already resolves, and they are still checked.
fn fill(
    conn: &Connection,
    schema: &Schema,
    keep: &Schema,
    tables: &[&Table],
    added: &[AddedReference<'_>],
    rows: i64,
) -> rusqlite::Result<()> {
    conn.execute_batch("BEGIN; PRAGMA defer_foreign_keys = ON")?;
    let result = (|| {
        for table in tables {
            let names: Vec<String> = table.columns.iter().map(|c| format!("\"{}\"", c.name)).collect();
            let marks: Vec<String> = (1..=names.len()).map(|i| format!("?{i}")).collect();
            let sql = format!(
                "INSERT INTO \"{}\" ({}) VALUES ({})",
                table.name,
                names.join(", "),
                marks.join(", ")
            );
            let mut stmt = conn.prepare(&sql)?;
            for i in 1..=rows {
                let values: Vec<Value> = table.columns.iter().map(|c| value(table, c, schema, keep, i)).collect();
                stmt.execute(rusqlite::params_from_iter(values))?;
            }
        }
        for added in added {
            let sql = format!(
                "UPDATE \"{}\" SET \"{}\" = ?1 WHERE \"{}\" = ?2",
                added.table.name, added.column.name, added.key
            );
            let mut stmt = conn.prepare(&sql)?;
            for i in 1..=rows {
                stmt.execute(rusqlite::params![value(added.table, added.column, schema, keep, i), i])?;
            }
        }
        conn.execute_batch("COMMIT")
    })();
    if result.is_err() {
        conn.execute_batch("ROLLBACK").ok();
    }
    result
}

/// A nullable column a migration adds to a table it keeps, referencing
/// another table: after the upgrade it is given values, so that the down
/// migration meets the references (a cycle closed on an existing table).
struct AddedReference<'a> {
    table: &'a Table,
    /// The table's single integer key: row `i` has key `i`.
    key: &'a str,
    column: &'a pschema_schema::Column,
}

/// The tables `changes` create, in the order they are created.
fn created_tables(changes: &[Change]) -> Vec<&Table> {
    changes
        .iter()
        .filter_map(|c| match c {
            Change::CreateTable(t) => Some(t),
            _ => None,
        })
        .collect()
}

fn added_references<'a>(new: &'a Schema, changes: &[Change]) -> Vec<AddedReference<'a>> {
    let mut out = Vec::new();
    for change in changes {
        let Change::AlterTable {
            new: after, columns, ..
        } = change
        else {
            continue;
        };
        let Some(table) = new.table(&after.name) else { continue };
        let Some(key) = table.primary_key.as_ref().and_then(|pk| match pk.columns.as_slice() {
            [key] if table.column(key).is_some_and(|c| c.ty.is_integer()) => Some(key.as_str()),
            _ => None,
        }) else {
            continue;
        };
        for added in columns.iter().filter_map(|c| match c {
            ColumnChange::Add(c) => Some(c),
            _ => None,
        }) {
            let references = table
                .foreign_keys
                .iter()
                .any(|fk| fk.columns == [added.name.clone()] && fk.ref_table != table.name);
            if let Some(column) = table
                .column(&added.name)
                .filter(|c| c.nullable && c.ty.is_integer() && references)
            {
                out.push(AddedReference { table, key, column });
            }
        }
    }
    out
}

/// After the upgrade, before the downgrade: every table of `new` holds its
/// rows (the tables the migration created were filled too), and every
/// reference column it filled holds values, so the down migration drops and
/// rebuilds tables that are not empty.
fn check_rows_before_down(
    new: &Schema,
    added: &[AddedReference<'_>],
    rows: i64,
    count: &mut dyn FnMut(&str) -> Result<i64, String>,
) -> Result<(), String> {
    for table in &new.tables {
        let sql = format!("SELECT count(*) FROM \"{}\"", table.name);
        let n = count(&sql)?;
        if n != rows {
            return Err(format!("before the downgrade: {} has {n} rows, not {rows}", table.name));
        }
    }
    for added in added {
        let sql = format!("SELECT count(\"{}\") FROM \"{}\"", added.column.name, added.table.name);
        if count(&sql)? == 0 {
            return Err(format!(
                "before the downgrade: {}.{} holds no reference",
                added.table.name, added.column.name
            ));
        }
    }
    Ok(())
}

/// Every value of every table, by table and column, in rowid order.
pub type Data = BTreeMap<String, BTreeMap<String, Vec<Value>>>;

pub fn data(conn: &Connection, schema: &Schema) -> Data {
    let mut out = Data::new();
    for table in &schema.tables {
        let mut columns = BTreeMap::new();
        for column in &table.columns {
            let sql = format!("SELECT \"{}\" FROM \"{}\" ORDER BY rowid", column.name, table.name);
            let values: Vec<Value> = conn
                .prepare(&sql)
                .and_then(|mut s| s.query_map([], |r| r.get::<_, Value>(0))?.collect())
                .unwrap_or_else(|e| panic!("{sql}: {e}"));
            columns.insert(column.name.clone(), values);
        }
        out.insert(table.name.clone(), columns);
    }
    out
}

/// Which (table, column) of the schema after `changes` holds each kept
/// (table, column) of the schema before, with its type unchanged.
type KeptColumn = ((String, String), (String, String), bool);

/// The bool is true when the column became NOT NULL, so a NULL may have been
/// filled with the default.
fn kept_columns(old: &Schema, new: &Schema, changes: &[Change]) -> Vec<KeptColumn> {
    let mut table_names: BTreeMap<String, String> =
        old.tables.iter().map(|t| (t.name.clone(), t.name.clone())).collect();
    let mut column_names: BTreeMap<(String, String), String> = BTreeMap::new();
    for change in changes {
        match change {
            Change::RenameTable { old, new } => {
                table_names.insert(old.clone(), new.clone());
            }
            Change::AlterTable { new, columns, .. } => {
                for c in columns {
                    if let ColumnChange::Rename { old, new: to } = c {
                        column_names.insert((new.name.clone(), old.clone()), to.clone());
                    }
                }
            }
            _ => {}
        }
    }
    let mut kept = Vec::new();
    for table in &old.tables {
        let new_table_name = &table_names[&table.name];
        let Some(new_table) = new.table(new_table_name) else {
            continue;
        };
        for column in &table.columns {
            let new_column_name = column_names
                .get(&(new_table_name.clone(), column.name.clone()))
                .unwrap_or(&column.name);
            if let Some(new_column) = new_table.column(new_column_name)
                && new_column.ty == column.ty
            {
                kept.push((
                    (table.name.clone(), column.name.clone()),
                    (new_table.name.clone(), new_column.name.clone()),
                    column.nullable && !new_column.nullable,
                ));
            }
        }
    }
    kept
}

/// Enum labels renamed on the way up: their values change with them.
fn relabels(changes: &[Change]) -> BTreeMap<String, String> {
    changes
        .iter()
        .flat_map(|c| match c {
            Change::AlterEnum { renamed, .. } => renamed.clone(),
            _ => Vec::new(),
        })
        .collect()
}

/// A value read back from a database, SQLite's or PostgreSQL's text.
trait Cell: PartialEq + Clone + std::fmt::Debug {
    fn is_null(&self) -> bool;
    /// The value once enum labels are renamed.
    fn relabelled(&self, relabel: &BTreeMap<String, String>) -> Self;
}

impl Cell for Value {
    fn is_null(&self) -> bool {
        *self == Value::Null
    }

    fn relabelled(&self, relabel: &BTreeMap<String, String>) -> Value {
        match self {
            Value::Text(t) => Value::Text(relabel.get(t).cloned().unwrap_or_else(|| t.clone())),
            other => other.clone(),
        }
    }
}

impl Cell for Option<String> {
    fn is_null(&self) -> bool {
        self.is_none()
    }

    fn relabelled(&self, relabel: &BTreeMap<String, String>) -> Option<String> {
        self.as_ref()
            .map(|t| relabel.get(t).cloned().unwrap_or_else(|| t.clone()))
    }
}

type Values<V> = BTreeMap<String, BTreeMap<String, Vec<V>>>;

/// Every value of a kept column is still there after `step` (renamed labels
/// renamed on the way up, NULLs filled where a column became NOT NULL).
fn check_kept<V: Cell>(
    step: &str,
    kept: &[KeptColumn],
    before: &Values<V>,
    now: &Values<V>,
    going_up: bool,
    relabel: &BTreeMap<String, String>,
) -> Result<(), String> {
    for ((old_table, old_column), (new_table, new_column), filled) in kept {
        let (table, column) = if going_up {
            (new_table, new_column)
        } else {
            (old_table, old_column)
        };
        let was = &before[old_table][old_column];
        let is = &now[table][column];
        let expected = |v: &V| if going_up { v.relabelled(relabel) } else { v.clone() };
        let same = was.len() == is.len()
            && was
                .iter()
                .zip(is)
                .all(|(a, b)| expected(a) == *b || (*filled && a.is_null()));
        if !same {
            return Err(format!("{step}: {table}.{column} lost values: was {was:?}, is {is:?}"));
        }
    }
    Ok(())
}

fn check_database(conn: &Connection, step: &str) -> Result<(), String> {
    let violations: i64 = conn
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| r.get(0))
        .map_err(|e| e.to_string())?;
    if violations != 0 {
        return Err(format!(
            "{step}: PRAGMA foreign_key_check found {violations} violation(s)"
        ));
    }
    let integrity: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .map_err(|e| e.to_string())?;
    if integrity != "ok" {
        return Err(format!("{step}: PRAGMA integrity_check says {integrity}"));
    }
    Ok(())
}

/// Views and triggers a fixture created by hand: each must still exist and
/// every view must still answer after each step.
fn check_objects(conn: &Connection, objects: &[(String, String)], step: &str) -> Result<(), String> {
    for (kind, name) in objects {
        let exists: i64 = conn
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE type = ?1 AND name = ?2",
                [kind, name],
                |r| r.get(0),
            )
            .map_err(|e| e.to_string())?;
        if exists != 1 {
            return Err(format!("{step}: {kind} {name} is gone"));
        }
        if kind == "view" {
            conn.query_row(&format!("SELECT count(*) FROM \"{name}\""), [], |r| r.get::<_, i64>(0))
                .map_err(|e| format!("{step}: view {name} no longer works: {e}"))?;
        }
    }
    Ok(())
}

/// Apply `old`, fill it with rows (and run `setup`), then up, down and up
/// again. After each step the schema is what it should be, no value of a
/// kept column is lost, and foreign keys and integrity check clean.
pub fn round_trip_with_rows(
    old: &Schema,
    new: &Schema,
    changes: &[Change],
    up: &str,
    down: &str,
    setup: Option<&str>,
    rows: i64,
) -> Result<(), String> {
    let mut conn = Connection::open_in_memory().map_err(|e| e.to_string())?;
    run_migration_sql(&mut conn, &create_all_sql(old).map_err(|e| e.to_string())?).map_err(|e| e.message)?;
    insert_rows(&conn, old, new, rows).map_err(|e| format!("inserting rows into the old schema: {e}"))?;
    let mut objects = Vec::new();
    if let Some(setup) = setup {
        conn.execute_batch(setup).map_err(|e| format!("setup.sql: {e}"))?;
        let mut stmt = conn
            .prepare("SELECT type, name FROM sqlite_master WHERE type IN ('view', 'trigger') ORDER BY name")
            .map_err(|e| e.to_string())?;
        objects = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .and_then(|rows| rows.collect())
            .map_err(|e| e.to_string())?;
    }
    let before = data(&conn, old);
    let expected_old = expected_sqlite(old).map_err(|e| e.to_string())?;
    let expected_new = expected_sqlite(new).map_err(|e| e.to_string())?;
    let kept = kept_columns(old, new, changes);
    let relabel = relabels(changes);

    let added = added_references(new, changes);
    for (step, sql, expected, schema) in [
        ("upgrade", up, &expected_new, new),
        ("downgrade", down, &expected_old, old),
        ("upgrade again", up, &expected_new, new),
    ] {
        if step == "downgrade" {
            fill(&conn, new, new, &created_tables(changes), &added, rows)
                .map_err(|e| format!("filling what the upgrade made: {e}"))?;
            check_rows_before_down(new, &added, rows, &mut |sql| {
                conn.query_row(sql, [], |r| r.get(0)).map_err(|e| format!("{sql}: {e}"))
            })?;
        }
        run_migration_sql(&mut conn, sql).map_err(|e| format!("{step}: {} failed: {}", e.statement, e.message))?;
        let actual = introspect::sqlite(&conn).map_err(|e| e.to_string())?.comparable();
        let differences = introspect::differences(expected, &actual);
        if !differences.is_empty() {
            return Err(format!("{step}: the schema differs:\n{}", differences.join("\n")));
        }
        check_database(&conn, step)?;
        check_objects(&conn, &objects, step)?;
        let now = data(&conn, schema);
        check_kept(step, &kept, &before, &now, std::ptr::eq(schema, new), &relabel)?;
    }
    Ok(())
}

/// The PostgreSQL server the tests may use, from `PSCHEMA_TEST_POSTGRES_URL`.
/// Locally the PostgreSQL tests skip without it; under `CI=true` it must be set.
pub fn postgres_url() -> Option<String> {
    match std::env::var("PSCHEMA_TEST_POSTGRES_URL") {
        Ok(url) if !url.is_empty() => Some(url),
        _ if std::env::var("CI").as_deref() == Ok("true") => {
            panic!("CI=true but PSCHEMA_TEST_POSTGRES_URL is not set: .ci/run sets it")
        }
        _ => None,
    }
}

/// A namespace of its own on the test server, dropped with everything in it
/// when the value goes.
pub struct PgScratch {
    pub client: postgres::Client,
    pub namespace: String,
}

impl PgScratch {
    pub fn new(url: &str, label: &str) -> PgScratch {
        let mut client = postgres::Client::connect(url, postgres::NoTls).unwrap_or_else(|e| panic!("{url}: {e}"));
        static COUNTER: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let label: String = label
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() {
                    c.to_ascii_lowercase()
                } else {
                    '_'
                }
            })
            .collect();
        let namespace = format!("t{}_{n}_{}", std::process::id(), &label[..label.len().min(30)]);
        client
            .batch_execute(&format!(
                "DROP SCHEMA IF EXISTS {namespace} CASCADE; CREATE SCHEMA {namespace}; SET search_path TO {namespace}"
            ))
            .unwrap();
        PgScratch { client, namespace }
    }

    /// Runs a migration's SQL as the runner does: the statements marked to
    /// run outside a transaction first, then the rest in one transaction.
    pub fn run(&mut self, sql: &str) -> Result<(), String> {
        let script = pschema_sql::script::parse(Dialect::Postgres, sql);
        let message = |e: postgres::Error| match e.as_db_error() {
            Some(db) => format!(
                "{}{}",
                db.message(),
                db.where_().map(|w| format!(" ({w})")).unwrap_or_default()
            ),
            None => e.to_string(),
        };
        // Step by step, as the runner runs them.
        for step in script.steps() {
            if !step.transaction {
                for piece in step.pieces {
                    self.client
                        .batch_execute(&piece.sql)
                        .map_err(|e| format!("{}: {}", piece.sql, message(e)))?;
                }
                continue;
            }
            let body: String = step.pieces.iter().map(|p| format!("{}\n", p.sql)).collect();
            self.client
                .batch_execute(&format!("BEGIN;\n{body}\nCOMMIT;"))
                .map_err(|e| {
                    self.client.batch_execute("ROLLBACK").ok();
                    message(e)
                })?;
        }
        Ok(())
    }

    /// The schema, with columns in name order: PostgreSQL adds a column at
    /// the end of its table whatever the schema file says, so on PostgreSQL
    /// column order is not compared.
    pub fn introspect(&mut self) -> introspect::DbSchema {
        let mut schema = introspect::postgres(&mut self.client, &self.namespace)
            .unwrap()
            .comparable();
        for table in schema.tables.values_mut() {
            table.columns.sort_by(|a, b| a.name.cmp(&b.name));
        }
        schema
    }
}

impl Drop for PgScratch {
    fn drop(&mut self) {
        self.client
            .batch_execute(&format!("DROP SCHEMA IF EXISTS {} CASCADE", self.namespace))
            .ok();
    }
}

/// The SQL that builds `schema` from nothing on PostgreSQL.
pub fn postgres_create_all(schema: &Schema) -> String {
    let changes = pschema_diff::diff(&Schema::default(), schema);
    pschema_sql::plan(pschema_sql::Dialect::Postgres, &changes, &Schema::default())
        .unwrap()
        .to_sql()
}

/// What PostgreSQL reports for a schema built from scratch.
pub fn postgres_expected(url: &str, schema: &Schema, label: &str) -> Result<introspect::DbSchema, String> {
    let mut scratch = PgScratch::new(url, label);
    scratch
        .run(&postgres_create_all(schema))
        .map_err(|e| format!("building the expected schema: {e}"))?;
    Ok(scratch.introspect())
}

/// Old schema, up, down, up on a real PostgreSQL server: each step gives
/// the schema a database built from scratch has.
pub fn postgres_round_trip(
    url: &str,
    old: &Schema,
    new: &Schema,
    up: &str,
    down: &str,
    label: &str,
) -> Result<(), String> {
    let expected_old = postgres_expected(url, old, &format!("{label}_eo"))?;
    let expected_new = postgres_expected(url, new, &format!("{label}_en"))?;
    let mut scratch = PgScratch::new(url, label);
    scratch
        .run(&postgres_create_all(old))
        .map_err(|e| format!("building the old schema: {e}"))?;
    for (step, sql, expected) in [
        ("upgrade", up, &expected_new),
        ("downgrade", down, &expected_old),
        ("upgrade again", up, &expected_new),
    ] {
        scratch.run(sql).map_err(|e| format!("{step}: {e}"))?;
        let differences = introspect::differences(expected, &scratch.introspect());
        if !differences.is_empty() {
            return Err(format!("{step}: the schema differs:\n{}", differences.join("\n")));
        }
    }
    Ok(())
}

/// A value as a PostgreSQL literal: quoted text takes the column's type.
fn pg_literal(value: &Value) -> String {
    match value {
        Value::Null => "NULL".into(),
        Value::Integer(i) => format!("'{i}'"),
        Value::Real(r) => format!("'{r}'"),
        Value::Text(t) => format!("'{}'", t.replace('\'', "''")),
        Value::Blob(b) => format!("'\\x{}'", b.iter().map(|x| format!("{x:02x}")).collect::<String>()),
    }
}

/// The rows of [`fill`] as one PostgreSQL statement: its foreign keys are
/// not deferrable, but they are checked at the end of the statement, so one
/// statement whose `WITH` clauses insert into every table fills the tables
/// of a cycle in any order, and still fails on a reference that does not resolve.
fn pg_fill_sql(schema: &Schema, keep: &Schema, tables: &[&Table], added: &[AddedReference<'_>], rows: i64) -> String {
    let mut parts: Vec<String> = Vec::new();
    for table in tables {
        let names: Vec<String> = table.columns.iter().map(|c| format!("\"{}\"", c.name)).collect();
        let values: Vec<String> = (1..=rows)
            .map(|i| {
                let row: Vec<String> = table
                    .columns
                    .iter()
                    .map(|c| pg_literal(&value(table, c, schema, keep, i)))
                    .collect();
                format!("({})", row.join(", "))
            })
            .collect();
        parts.push(format!(
            "INSERT INTO \"{}\" ({}) VALUES {}",
            table.name,
            names.join(", "),
            values.join(", ")
        ));
    }
    // One UPDATE a table: two data-modifying parts of one statement that
    // update the same row leave only one of them done.
    let mut by_table: Vec<(&Table, &str, Vec<&pschema_schema::Column>)> = Vec::new();
    for added in added {
        match by_table.iter_mut().find(|(t, ..)| t.name == added.table.name) {
            Some((.., columns)) => columns.push(added.column),
            None => by_table.push((added.table, added.key, vec![added.column])),
        }
    }
    for (table, key, columns) in by_table {
        let sets: Vec<String> = columns
            .iter()
            .map(|column| {
                let cases: Vec<String> = (1..=rows)
                    .map(|i| format!("WHEN {i} THEN {}", pg_literal(&value(table, column, schema, keep, i))))
                    .collect();
                format!(
                    "\"{}\" = (CASE \"{key}\" {} END)::integer",
                    column.name,
                    cases.join(" ")
                )
            })
            .collect();
        parts.push(format!(
            "UPDATE \"{t}\" SET {sets} WHERE \"{key}\" BETWEEN 1 AND {rows}",
            t = table.name,
            sets = sets.join(", ")
        ));
    }
    let Some(last) = parts.pop() else {
        return String::new();
    };
    if parts.is_empty() {
        return format!("{last};\n");
    }
    let with: Vec<String> = parts
        .iter()
        .enumerate()
        .map(|(n, part)| format!("w{n} AS ({part})"))
        .collect();
    format!("WITH {}\n{last};\n", with.join(",\n"))
}

fn pg_data(scratch: &mut PgScratch, schema: &Schema) -> BTreeMap<String, BTreeMap<String, Vec<Option<String>>>> {
    let mut out = BTreeMap::new();
    for table in &schema.tables {
        let order = table.primary_key.as_ref().map(|pk| {
            pk.columns
                .iter()
                .map(|c| format!("\"{c}\""))
                .collect::<Vec<_>>()
                .join(", ")
        });
        let mut columns = BTreeMap::new();
        for column in &table.columns {
            let sql = format!(
                "SELECT \"{}\"::text FROM \"{}\" ORDER BY {}",
                column.name,
                table.name,
                order.clone().unwrap_or_else(|| "ctid".into())
            );
            let rows = scratch.client.query(&sql, &[]).unwrap_or_else(|e| panic!("{sql}: {e}"));
            columns.insert(column.name.clone(), rows.iter().map(|r| r.get(0)).collect());
        }
        out.insert(table.name.clone(), columns);
    }
    out
}

/// The round trip with rows, on PostgreSQL: after up, down and up again the
/// schema is the expected one and every value of a kept column is there.
/// A migration to replay: the schemas on each side, the changes, the SQL.
pub struct Case<'a> {
    pub old: &'a Schema,
    pub new: &'a Schema,
    pub changes: &'a [Change],
    pub up: &'a str,
    pub down: &'a str,
}

pub fn postgres_round_trip_with_rows(url: &str, case: &Case<'_>, rows: i64, label: &str) -> Result<(), String> {
    let Case {
        old,
        new,
        changes,
        up,
        down,
    } = *case;
    let expected_old = postgres_expected(url, old, &format!("{label}_eo"))?;
    let expected_new = postgres_expected(url, new, &format!("{label}_en"))?;
    let mut scratch = PgScratch::new(url, label);
    scratch
        .run(&postgres_create_all(old))
        .map_err(|e| format!("building the old schema: {e}"))?;
    scratch
        .run(&pg_fill_sql(old, new, &old.tables_in_dependency_order(), &[], rows))
        .map_err(|e| format!("inserting rows: {e}"))?;
    let before = pg_data(&mut scratch, old);
    let kept = kept_columns(old, new, changes);
    let relabel = relabels(changes);
    let added = added_references(new, changes);
    for (step, sql, expected, schema) in [
        ("upgrade", up, &expected_new, new),
        ("downgrade", down, &expected_old, old),
        ("upgrade again", up, &expected_new, new),
    ] {
        if step == "downgrade" {
            scratch
                .run(&pg_fill_sql(new, new, &created_tables(changes), &added, rows))
                .map_err(|e| format!("filling what the upgrade made: {e}"))?;
            let client = &mut scratch.client;
            check_rows_before_down(new, &added, rows, &mut |sql| {
                client
                    .query_one(sql, &[])
                    .map(|r| r.get(0))
                    .map_err(|e| format!("{sql}: {e}"))
            })?;
        }
        scratch.run(sql).map_err(|e| format!("{step}: {e}"))?;
        let differences = introspect::differences(expected, &scratch.introspect());
        if !differences.is_empty() {
            return Err(format!("{step}: the schema differs:\n{}", differences.join("\n")));
        }
        let now = pg_data(&mut scratch, schema);
        check_kept(step, &kept, &before, &now, std::ptr::eq(schema, new), &relabel)?;
    }
    Ok(())
}
