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

/// Reads the whole schema in four queries, joining `sqlite_master` with the
/// PRAGMA table functions, rather than a few queries per table.
pub fn sqlite(conn: &Connection) -> Result<DbSchema, Error> {
    read(conn).map_err(Error::db("introspecting the database"))
}

fn read(conn: &Connection) -> rusqlite::Result<DbSchema> {
    const TABLES: &str = "m.type = 'table' AND m.name NOT LIKE 'sqlite_%' \
         AND m.name NOT IN ('alembic_version', 'pschema_history')";
    let mut schema = DbSchema::default();
    let mut stmt = conn.prepare(&format!("SELECT m.name, m.sql FROM sqlite_master m WHERE {TABLES}"))?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        let sql: Option<String> = row.get(1)?;
        schema.tables.insert(
            row.get(0)?,
            DbTable {
                sql: sql.unwrap_or_default(),
                ..DbTable::default()
            },
        );
    }

    let mut stmt = conn.prepare(&format!(
        "SELECT m.name, p.name, p.type, p.\"notnull\", p.dflt_value, p.pk \
         FROM sqlite_master m, pragma_table_xinfo(m.name) p WHERE {TABLES} ORDER BY m.name, p.cid"
    ))?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        let table: String = row.get(0)?;
        if let Some(t) = schema.tables.get_mut(&table) {
            t.columns.push(DbColumn {
                name: row.get(1)?,
                declared_type: row.get(2)?,
                not_null: row.get::<_, i64>(3)? != 0,
                default: row.get(4)?,
                pk: row.get(5)?,
            });
        }
    }

    let mut stmt = conn.prepare(&format!(
        "SELECT m.name, il.name, il.\"unique\", il.origin, ii.name \
         FROM sqlite_master m, pragma_index_list(m.name) il, pragma_index_info(il.name) ii \
         WHERE {TABLES} ORDER BY m.name, il.name, ii.seqno"
    ))?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        let table: String = row.get(0)?;
        let Some(t) = schema.tables.get_mut(&table) else {
            continue;
        };
        let name: String = row.get(1)?;
        let column: Option<String> = row.get(4)?;
        let column = column.unwrap_or_else(|| "<expression>".to_string());
        match t.indexes.last_mut() {
            Some(index) if index.name == name => index.columns.push(column),
            _ => t.indexes.push(DbIndex {
                name,
                unique: row.get::<_, i64>(2)? != 0,
                origin: row.get(3)?,
                columns: vec![column],
            }),
        }
    }

    let mut stmt = conn.prepare(&format!(
        "SELECT m.name, f.id, f.\"table\", f.\"from\", f.\"to\", f.on_update, f.on_delete \
         FROM sqlite_master m, pragma_foreign_key_list(m.name) f WHERE {TABLES} ORDER BY m.name, f.id, f.seq"
    ))?;
    let mut rows = stmt.query([])?;
    let mut last: Option<(String, i64)> = None;
    while let Some(row) = rows.next()? {
        let table: String = row.get(0)?;
        let id: i64 = row.get(1)?;
        let Some(t) = schema.tables.get_mut(&table) else {
            continue;
        };
        let to: Option<String> = row.get(4)?;
        if last.as_ref() == Some(&(table.clone(), id)) {
            if let Some(fk) = t.foreign_keys.last_mut() {
                fk.from.push(row.get(3)?);
                fk.to.push(to.unwrap_or_default());
            }
        } else {
            t.foreign_keys.push(DbForeignKey {
                table: row.get(2)?,
                from: vec![row.get(3)?],
                to: vec![to.unwrap_or_default()],
                on_update: row.get(5)?,
                on_delete: row.get(6)?,
            });
            last = Some((table, id));
        }
    }
    for t in schema.tables.values_mut() {
        t.indexes.sort_by(|a, b| a.name.cmp(&b.name));
        t.foreign_keys
            .sort_by(|a, b| (&a.from, &a.table).cmp(&(&b.from, &b.table)));
    }
    Ok(schema)
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
