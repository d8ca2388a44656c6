//! What a SQLite database holds, read through its PRAGMAs, in a form that
//! compares equal when two databases have the same schema.

use crate::Error;
use rusqlite::Connection;
use serde::Serialize;
use std::collections::BTreeMap;

/// Tables pschema and Alembic keep for themselves.
pub const BOOKKEEPING_TABLES: &[&str] = &["alembic_version", "pschema_history"];

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct DbSchema {
    pub tables: BTreeMap<String, DbTable>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct DbTable {
    pub columns: Vec<DbColumn>,
    /// Sorted by name.
    pub indexes: Vec<DbIndex>,
    /// Sorted by (from columns, table).
    pub foreign_keys: Vec<DbForeignKey>,
    /// The CREATE TABLE statement as stored in `sqlite_master`.
    pub sql: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DbColumn {
    pub name: String,
    pub declared_type: String,
    pub not_null: bool,
    pub default: Option<String>,
    /// 1-based position in the primary key, 0 when not part of it.
    pub pk: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DbIndex {
    pub name: String,
    pub unique: bool,
    /// `c` for CREATE INDEX, `u` for a UNIQUE constraint, `pk` for a primary key.
    pub origin: String,
    pub columns: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DbForeignKey {
    pub table: String,
    pub from: Vec<String>,
    pub to: Vec<String>,
    pub on_update: String,
    pub on_delete: String,
}

pub fn sqlite(conn: &Connection) -> Result<DbSchema, Error> {
    let mut schema = DbSchema::default();
    let mut stmt = conn
        .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        .map_err(Error::db("reading sqlite_master"))?;
    let tables: Vec<(String, String)> = stmt
        .query_map([], |row| {
            Ok((row.get(0)?, row.get::<_, Option<String>>(1)?.unwrap_or_default()))
        })
        .and_then(|rows| rows.collect())
        .map_err(Error::db("reading sqlite_master"))?;
    for (name, sql) in tables {
        if BOOKKEEPING_TABLES.contains(&name.as_str()) {
            continue;
        }
        let table = table(conn, &name, sql).map_err(Error::db(format!("introspecting table {name}")))?;
        schema.tables.insert(name, table);
    }
    Ok(schema)
}

fn table(conn: &Connection, name: &str, sql: String) -> rusqlite::Result<DbTable> {
    let columns = conn
        .prepare("SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_xinfo(?1) ORDER BY cid")?
        .query_map([name], |row| {
            Ok(DbColumn {
                name: row.get(0)?,
                declared_type: row.get(1)?,
                not_null: row.get::<_, i64>(2)? != 0,
                default: row.get(3)?,
                pk: row.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;

    let index_rows: Vec<(String, bool, String)> = conn
        .prepare("SELECT name, \"unique\", origin FROM pragma_index_list(?1)")?
        .query_map([name], |row| Ok((row.get(0)?, row.get::<_, i64>(1)? != 0, row.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut indexes = Vec::new();
    for (index_name, unique, origin) in index_rows {
        let columns = conn
            .prepare("SELECT name FROM pragma_index_info(?1) ORDER BY seqno")?
            .query_map([&index_name], |row| row.get::<_, Option<String>>(0))?
            .map(|r| r.map(|name| name.unwrap_or_else(|| "<expression>".to_string())))
            .collect::<rusqlite::Result<Vec<_>>>()?;
        indexes.push(DbIndex {
            name: index_name,
            unique,
            origin,
            columns,
        });
    }
    indexes.sort_by(|a, b| a.name.cmp(&b.name));

    let mut by_id: BTreeMap<i64, DbForeignKey> = BTreeMap::new();
    let rows: Vec<(i64, String, String, Option<String>, String, String)> = conn
        .prepare("SELECT id, \"table\", \"from\", \"to\", on_update, on_delete FROM pragma_foreign_key_list(?1) ORDER BY id, seq")?
        .query_map([name], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?, row.get(4)?, row.get(5)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (id, table, from, to, on_update, on_delete) in rows {
        let fk = by_id.entry(id).or_insert_with(|| DbForeignKey {
            table,
            from: Vec::new(),
            to: Vec::new(),
            on_update,
            on_delete,
        });
        fk.from.push(from);
        fk.to.push(to.unwrap_or_default());
    }
    let mut foreign_keys: Vec<DbForeignKey> = by_id.into_values().collect();
    foreign_keys.sort_by(|a, b| (&a.from, &a.table).cmp(&(&b.from, &b.table)));
    Ok(DbTable {
        columns,
        indexes,
        foreign_keys,
        sql,
    })
}

impl DbSchema {
    /// The parts two databases with the same schema agree on: the stored
    /// CREATE text differs after an in-place ALTER or a rebuild, and SQLite
    /// numbers the indexes of UNIQUE constraints by declaration order.
    pub fn comparable(mut self) -> DbSchema {
        for table in self.tables.values_mut() {
            table.sql.clear();
            for index in &mut table.indexes {
                if index.name.starts_with("sqlite_autoindex_") {
                    index.name = format!("(unique constraint on {})", index.columns.join(", "));
                }
            }
            table.indexes.sort_by(|a, b| a.name.cmp(&b.name));
        }
        self
    }
}

/// What differs between two introspected schemas, table by table, for people.
pub fn differences(expected: &DbSchema, actual: &DbSchema) -> Vec<String> {
    let mut out = Vec::new();
    for (name, table) in &expected.tables {
        let Some(other) = actual.tables.get(name) else {
            out.push(format!("table {name} is missing"));
            continue;
        };
        let max = table.columns.len().max(other.columns.len());
        for i in 0..max {
            match (table.columns.get(i), other.columns.get(i)) {
                (Some(a), Some(b)) if a != b => out.push(format!(
                    "table {name}, column {}: expected {}, found {}",
                    i + 1,
                    describe_column(a),
                    describe_column(b)
                )),
                (Some(a), None) => out.push(format!("table {name}: column {} is missing", a.name)),
                (None, Some(b)) => out.push(format!("table {name}: column {} is not expected", b.name)),
                _ => {}
            }
        }
        for index in &table.indexes {
            match other.indexes.iter().find(|i| i.name == index.name) {
                None => out.push(format!("table {name}: index {} is missing", index.name)),
                Some(found) if found != index => out.push(format!(
                    "table {name}: index {} expected {}, found {}",
                    index.name,
                    describe_index(index),
                    describe_index(found)
                )),
                Some(_) => {}
            }
        }
        for index in &other.indexes {
            if !table.indexes.iter().any(|i| i.name == index.name) {
                out.push(format!("table {name}: index {} is not expected", index.name));
            }
        }
        for fk in &table.foreign_keys {
            if !other.foreign_keys.contains(fk) {
                out.push(format!("table {name}: foreign key {} is missing", describe_fk(fk)));
            }
        }
        for fk in &other.foreign_keys {
            if !table.foreign_keys.contains(fk) {
                out.push(format!("table {name}: foreign key {} is not expected", describe_fk(fk)));
            }
        }
    }
    for name in actual.tables.keys() {
        if !expected.tables.contains_key(name) {
            out.push(format!("table {name} is not expected"));
        }
    }
    out
}

fn describe_column(c: &DbColumn) -> String {
    format!(
        "{} {}{}{}{}",
        c.name,
        c.declared_type,
        if c.not_null { " NOT NULL" } else { "" },
        c.default.as_ref().map(|d| format!(" DEFAULT {d}")).unwrap_or_default(),
        if c.pk > 0 {
            format!(" (primary key #{})", c.pk)
        } else {
            String::new()
        }
    )
}

fn describe_index(i: &DbIndex) -> String {
    format!("{}({})", if i.unique { "UNIQUE " } else { "" }, i.columns.join(", "))
}

fn describe_fk(f: &DbForeignKey) -> String {
    format!(
        "({}) -> {} ({}) ON DELETE {} ON UPDATE {}",
        f.from.join(", "),
        f.table,
        f.to.join(", "),
        f.on_delete,
        f.on_update
    )
}
