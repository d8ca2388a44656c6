//! What the tests of generated code share (also included by
//! `crates/paciolus-models/tests/`): rows with every column filled, or with
//! NULL in every nullable one, built from the `Schema` alone so that they
//! follow any schema; a round trip through a generated module's models on
//! either driver; and the PostgreSQL server and Python the tests may use.
#![allow(dead_code)]

use pschema_schema::{Column, ColumnType, Schema, Table};
use serde_json::{Value, json};
use std::path::PathBuf;

fn ci() -> bool {
    std::env::var("CI").as_deref() == Ok("true")
}

/// The PostgreSQL server of `PSCHEMA_TEST_POSTGRES_URL`; locally the tests
/// skip without it, under `CI=true` they must run.
pub fn postgres_url() -> Option<String> {
    match std::env::var("PSCHEMA_TEST_POSTGRES_URL") {
        Ok(url) if !url.is_empty() => Some(url),
        _ if ci() => panic!("CI=true but PSCHEMA_TEST_POSTGRES_URL is not set: .ci/run sets it"),
        _ => {
            eprintln!("PSCHEMA_TEST_POSTGRES_URL is not set: skipping");
            None
        }
    }
}

/// A Python with SQLAlchemy (`PSCHEMA_TEST_PYTHON`, the virtual environment
/// `.ci/run` makes); locally the tests skip without it, under `CI=true` they
/// must run.
pub fn python() -> Option<PathBuf> {
    match std::env::var_os("PSCHEMA_TEST_PYTHON") {
        Some(path) if !path.is_empty() => Some(PathBuf::from(path)),
        _ if ci() => panic!("CI=true but PSCHEMA_TEST_PYTHON is not set: .ci/run makes the virtual environment"),
        _ => {
            eprintln!("PSCHEMA_TEST_PYTHON is not set (a python with SQLAlchemy): skipping");
            None
        }
    }
}

/// A schema (namespace) of its own on the test server, dropped afterwards;
/// `client` has it as its `search_path`.
pub struct PgNamespace {
    pub client: postgres::Client,
    pub name: String,
    admin: postgres::Client,
}

impl PgNamespace {
    pub fn new(url: &str, label: &str) -> PgNamespace {
        let name = format!("codegen_{}_{label}", std::process::id());
        let mut admin = postgres::Client::connect(url, postgres::NoTls).expect("the test server");
        admin
            .batch_execute(&format!("DROP SCHEMA IF EXISTS {name} CASCADE; CREATE SCHEMA {name}"))
            .expect("a schema of the test's own");
        let mut client = postgres::Client::connect(url, postgres::NoTls).expect("the test server");
        client.batch_execute(&format!("SET search_path TO {name}")).unwrap();
        PgNamespace { client, name, admin }
    }

    /// The schema as pschema's driver reads it (from a session whose
    /// `search_path` it is, so that types are not shown qualified).
    pub fn introspect(&mut self) -> pschema_migrate::db_schema::DbSchema {
        pschema_driver::postgres::introspect::read(&mut self.client, &self.name)
            .expect("introspection")
            .comparable()
            .without_column_order()
    }
}

impl Drop for PgNamespace {
    fn drop(&mut self) {
        self.admin
            .batch_execute(&format!("DROP SCHEMA IF EXISTS {} CASCADE", self.name))
            .ok();
    }
}

/// A value for `column` of `table`, the same wherever a foreign key must
/// find it: a referencing column takes the value of the column it references.
fn value(schema: &Schema, table: &Table, column: &Column, depth: usize) -> Value {
    if depth < 8 {
        for fk in &table.foreign_keys {
            if let Some(i) = fk.columns.iter().position(|c| *c == column.name)
                && let Some(parent) = schema.table(&fk.ref_table)
                && let Some(target) = parent.column(&fk.ref_columns[i])
            {
                return value(schema, parent, target, depth + 1);
            }
        }
    }
    let position = table.columns.iter().position(|c| c.name == column.name).unwrap_or(0);
    match &column.ty {
        ColumnType::SmallInteger | ColumnType::Integer | ColumnType::BigInteger => json!(10 + position),
        ColumnType::String { length } => {
            let text = format!("{} 'é\" ✓", column.name);
            let cut: String = text.chars().take(length.unwrap_or(u32::MAX) as usize).collect();
            json!(cut)
        }
        ColumnType::Text => json!(format!("{}: it's \"text\"\nwith a line break, é ✓", column.name)),
        ColumnType::Boolean => json!(position % 2 == 0),
        ColumnType::Date => json!("2024-02-29"),
        ColumnType::DateTime { timezone: false } => json!("2024-02-29T13:45:56.123456"),
        ColumnType::DateTime { timezone: true } => json!("2024-02-29T13:45:56.654321Z"),
        ColumnType::Time => json!("13:45:56.123456"),
        // Within any check of a fraction (0..1) the schemas have.
        ColumnType::Float => json!(0.5),
        ColumnType::Numeric { precision, scale } => {
            let fraction = match (precision, scale) {
                (_, Some(s)) => (*s as usize).min(4),
                (Some(_), None) => 0,
                (None, None) => 2,
            };
            let whole = precision.map_or(6, |p| (p as usize).saturating_sub(fraction).min(6));
            let whole = if whole == 0 {
                "0".to_string()
            } else {
                "123456"[..whole].to_string()
            };
            let text = if fraction == 0 {
                format!("-{whole}")
            } else {
                format!("-{whole}.{}", &"7891"[..fraction])
            };
            json!(text)
        }
        ColumnType::Json => json!({"list": [1, 2.5, "x", null, true], "nested": {"é": "✓"}}),
        ColumnType::LargeBinary => json!([0, 1, 2, 39, 92, 255]),
        ColumnType::Enum(name) => {
            let labels = &schema.enum_named(name).expect("a declared enum").labels;
            json!(labels[position % labels.len()])
        }
    }
}

/// A row of `table` as JSON (the models' serde form): every column filled,
/// or with NULL in every nullable column.
pub fn sample(schema: &Schema, table: &Table, nulls: bool) -> Value {
    let mut row = serde_json::Map::new();
    for column in &table.columns {
        let v = if nulls && column.nullable {
            Value::Null
        } else {
            value(schema, table, column, 0)
        };
        row.insert(column.name.clone(), v);
    }
    Value::Object(row)
}

/// Defines `SqliteRoundTrip` and `PostgresRoundTrip`, visitors of a
/// generated module (whose `runtime` is `$rt`) that, table by table, parents
/// first: insert the full row and read it back (by key, or every row), update
/// it to the row of NULLs and read that back; `finish` then deletes every row
/// (children first) and checks that they are gone.
#[macro_export]
macro_rules! round_trips {
    ($rt:path) => {
        use $rt as rt;

        fn row_of<T: rt::Record>(schema: &pschema_schema::Schema, nulls: bool) -> T {
            let table = schema
                .table(<T as rt::Table>::NAME)
                .expect("the model's table is in the schema");
            let json = support::sample(schema, table, nulls);
            serde_json::from_value(json.clone()).unwrap_or_else(|e| panic!("{json}: {e}"))
        }

        pub struct SqliteRoundTrip<'a> {
            pub conn: &'a rusqlite::Connection,
            pub schema: &'a pschema_schema::Schema,
            pub tables: Vec<String>,
            deletes: Vec<Box<dyn Fn(&rusqlite::Connection) + 'a>>,
        }

        impl<'a> SqliteRoundTrip<'a> {
            pub fn new(conn: &'a rusqlite::Connection, schema: &'a pschema_schema::Schema) -> Self {
                SqliteRoundTrip {
                    conn,
                    schema,
                    tables: Vec::new(),
                    deletes: Vec::new(),
                }
            }

            pub fn finish(self) {
                for delete in self.deletes.iter().rev() {
                    delete(self.conn);
                }
            }
        }

        impl rt::Visitor for SqliteRoundTrip<'_> {
            fn table<T: rt::Record>(&mut self) {
                let full: T = row_of(self.schema, false);
                <T as rt::sqlite::Model>::insert(&full, self.conn)
                    .unwrap_or_else(|e| panic!("{}: insert: {e}", T::NAME));
                assert_eq!(
                    <T as rt::sqlite::Model>::all(self.conn).unwrap(),
                    vec![full],
                    "{}: read back",
                    T::NAME
                );
                self.tables.push(T::NAME.to_string());
                self.deletes.push(Box::new(|conn| {
                    conn.execute(&format!("DELETE FROM \"{}\"", T::NAME), []).unwrap();
                    assert_eq!(
                        <T as rt::sqlite::Model>::all(conn).unwrap(),
                        vec![],
                        "{}: deleted",
                        T::NAME
                    );
                }));
            }

            fn keyed_table<T: rt::KeyedRecord>(&mut self) {
                use rt::sqlite::Keyed;
                let full: T = row_of(self.schema, false);
                <T as rt::sqlite::Model>::insert(&full, self.conn)
                    .unwrap_or_else(|e| panic!("{}: insert: {e}", T::NAME));
                let got = <T as Keyed>::get(self.conn, full.key()).unwrap();
                assert_eq!(got.as_ref(), Some(&full), "{}: every column filled", T::NAME);
                let nulls: T = row_of(self.schema, true);
                assert!(
                    <T as rt::sqlite::Keyed>::update(&nulls, self.conn).unwrap(),
                    "{}: updated",
                    T::NAME
                );
                let got = <T as Keyed>::get(self.conn, nulls.key()).unwrap();
                assert_eq!(
                    got.as_ref(),
                    Some(&nulls),
                    "{}: NULL in every nullable column",
                    T::NAME
                );
                assert_eq!(
                    <T as rt::sqlite::Model>::all(self.conn).unwrap(),
                    vec![nulls.clone()],
                    "{}: every row",
                    T::NAME
                );
                self.tables.push(T::NAME.to_string());
                self.deletes.push(Box::new(move |conn| {
                    assert!(
                        <T as Keyed>::delete(conn, nulls.key()).unwrap(),
                        "{}: deleted",
                        T::NAME
                    );
                    assert_eq!(
                        <T as Keyed>::get(conn, nulls.key()).unwrap(),
                        None,
                        "{}: gone",
                        T::NAME
                    );
                }));
            }
        }

        pub struct PostgresRoundTrip<'a> {
            pub client: &'a mut postgres::Client,
            pub schema: &'a pschema_schema::Schema,
            pub tables: Vec<String>,
            deletes: Vec<Box<dyn Fn(&mut postgres::Client) + 'a>>,
        }

        impl<'a> PostgresRoundTrip<'a> {
            pub fn new(client: &'a mut postgres::Client, schema: &'a pschema_schema::Schema) -> Self {
                PostgresRoundTrip {
                    client,
                    schema,
                    tables: Vec::new(),
                    deletes: Vec::new(),
                }
            }

            pub fn finish(self) {
                for delete in self.deletes.iter().rev() {
                    delete(&mut *self.client);
                }
            }
        }

        impl rt::Visitor for PostgresRoundTrip<'_> {
            fn table<T: rt::Record>(&mut self) {
                let full: T = row_of(self.schema, false);
                <T as rt::postgres::Model>::insert(&full, &mut *self.client)
                    .unwrap_or_else(|e| panic!("{}: insert: {e}", T::NAME));
                assert_eq!(
                    <T as rt::postgres::Model>::all(&mut *self.client).unwrap(),
                    vec![full],
                    "{}: read back",
                    T::NAME
                );
                self.tables.push(T::NAME.to_string());
                self.deletes.push(Box::new(|client| {
                    client
                        .execute(&format!("DELETE FROM \"{}\"", T::NAME), &[])
                        .unwrap();
                    assert_eq!(
                        <T as rt::postgres::Model>::all(client).unwrap(),
                        vec![],
                        "{}: deleted",
                        T::NAME
                    );
                }));
            }

            fn keyed_table<T: rt::KeyedRecord>(&mut self) {
                use rt::postgres::Keyed;
                let client = &mut *self.client;
                let full: T = row_of(self.schema, false);
                <T as rt::postgres::Model>::insert(&full, client)
                    .unwrap_or_else(|e| panic!("{}: insert: {e}", T::NAME));
                let got = <T as Keyed>::get(client, full.key()).unwrap();
                assert_eq!(got.as_ref(), Some(&full), "{}: every column filled", T::NAME);
                let nulls: T = row_of(self.schema, true);
                assert!(
                    <T as rt::postgres::Keyed>::update(&nulls, client).unwrap(),
                    "{}: updated",
                    T::NAME
                );
                let got = <T as Keyed>::get(client, nulls.key()).unwrap();
                assert_eq!(
                    got.as_ref(),
                    Some(&nulls),
                    "{}: NULL in every nullable column",
                    T::NAME
                );
                assert_eq!(
                    <T as rt::postgres::Model>::all(client).unwrap(),
                    vec![nulls.clone()],
                    "{}: every row",
                    T::NAME
                );
                self.tables.push(T::NAME.to_string());
                self.deletes.push(Box::new(move |client| {
                    assert!(
                        <T as Keyed>::delete(client, nulls.key()).unwrap(),
                        "{}: deleted",
                        T::NAME
                    );
                    assert_eq!(
                        <T as Keyed>::get(client, nulls.key()).unwrap(),
                        None,
                        "{}: gone",
                        T::NAME
                    );
                }));
            }
        }
    };
}

/// Imports the generated SQLAlchemy module at `module`, maps a declarative
/// class onto each of its tables that has a primary key (`__table__ =`), and
/// runs `metadata.create_all` on `url` (in PostgreSQL schema `namespace`).
const CREATE_ALL: &str = r#"
import importlib.util
import sys

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase

path, url = sys.argv[1], sys.argv[2]
namespace = sys.argv[3] if len(sys.argv) > 3 else None
spec = importlib.util.spec_from_file_location("generated_schema", path)
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)


class Base(DeclarativeBase):
    metadata = module.metadata


for name, table in module.metadata.tables.items():
    if table.primary_key.columns:
        type("Model_" + name, (Base,), {"__table__": table})
Base.registry.configure()

kwargs = {"connect_args": {"options": "-csearch_path=" + namespace}} if namespace else {}
engine = sa.create_engine(url, **kwargs)
module.metadata.create_all(engine)
engine.dispose()
"#;

/// Runs SQLAlchemy's `metadata.create_all` from the generated module.
pub fn sqlalchemy_create_all(python: &std::path::Path, module: &std::path::Path, url: &str, namespace: Option<&str>) {
    let mut command = std::process::Command::new(python);
    command
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .arg("-c")
        .arg(CREATE_ALL)
        .arg(module)
        .arg(url);
    command.args(namespace);
    let output = command.output().expect("run python");
    assert!(
        output.status.success(),
        "SQLAlchemy's create_all from {} failed:\n{}{}",
        module.display(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// The CREATE statements of a SQLite database, by name.
pub fn sqlite_master(conn: &rusqlite::Connection) -> Vec<(String, String)> {
    let mut stmt = conn
        .prepare("SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT IN ('alembic_version', 'pschema_history', 'pschema_progress') ORDER BY name")
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}
