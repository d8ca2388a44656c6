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
    /// Enum types and their labels in order (PostgreSQL; SQLite has none).
    pub enums: BTreeMap<String, Vec<String>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct DbTable {
    pub columns: Vec<DbColumn>,
    /// Sorted by name.
    pub indexes: Vec<DbIndex>,
    /// Sorted by (from columns, table).
    pub foreign_keys: Vec<DbForeignKey>,
    /// Check constraints as the database prints them (PostgreSQL; on SQLite
    /// they live in `sql`).
    pub checks: Vec<String>,
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
            for column in &mut table.columns {
                // A SERIAL's sequence is named after the table it was made for.
                if let Some(default) = &column.default
                    && default.starts_with("nextval(")
                {
                    column.default = Some("nextval(<sequence>)".to_string());
                }
            }
            for index in &mut table.indexes {
                // Indexes the database made for a key or a unique constraint
                // are named after the table they were made for, or numbered.
                if index.name.starts_with("sqlite_autoindex_") || index.origin != "c" {
                    let what = if index.origin == "pk" {
                        "primary key"
                    } else {
                        "unique constraint"
                    };
                    index.name = format!("({what} on {})", index.columns.join(", "));
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
        let before = out.len();
        for a in &table.columns {
            match other.columns.iter().find(|b| b.name == a.name) {
                None => out.push(format!("table {name}: column {} is missing", a.name)),
                Some(b) if a != b => out.push(format!(
                    "table {name}, column {}: expected {}, found {}",
                    a.name,
                    describe_column(a),
                    describe_column(b)
                )),
                Some(_) => {}
            }
        }
        for b in &other.columns {
            if !table.columns.iter().any(|a| a.name == b.name) {
                out.push(format!("table {name}: column {} is not expected", b.name));
            }
        }
        if out.len() == before && table.columns != other.columns {
            let names = |t: &DbTable| t.columns.iter().map(|c| c.name.as_str()).collect::<Vec<_>>().join(", ");
            out.push(format!(
                "table {name}: columns in another order: expected ({}), found ({})",
                names(table),
                names(other)
            ));
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
    for (name, table) in &expected.tables {
        if let Some(other) = actual.tables.get(name)
            && table.checks != other.checks
        {
            out.push(format!(
                "table {name}: checks expected {:?}, found {:?}",
                table.checks, other.checks
            ));
        }
    }
    for (name, labels) in &expected.enums {
        match actual.enums.get(name) {
            None => out.push(format!("enum type {name} is missing")),
            Some(found) if found != labels => {
                out.push(format!("enum type {name}: labels expected {labels:?}, found {found:?}"))
            }
            Some(_) => {}
        }
    }
    for name in actual.enums.keys() {
        if !expected.enums.contains_key(name) {
            out.push(format!("enum type {name} is not expected"));
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

/// Reads a PostgreSQL schema (namespace) through the catalogs, into the same
/// shape as SQLite's: declared types as `format_type` prints them, defaults as
/// `pg_get_expr` prints them.
pub fn postgres(client: &mut postgres::Client, namespace: &str) -> Result<DbSchema, postgres::Error> {
    postgres_generic(client, namespace)
}

/// [`postgres`], through a transaction as well as a client.
pub fn postgres_generic(
    client: &mut impl postgres::GenericClient,
    namespace: &str,
) -> Result<DbSchema, postgres::Error> {
    let mut schema = DbSchema::default();
    for row in client.query(
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
         WHERE n.nspname = $1 AND c.relkind = 'r' AND c.relname NOT IN ('alembic_version', 'pschema_history')",
        &[&namespace],
    )? {
        schema.tables.insert(row.get(0), DbTable::default());
    }
    for row in client.query(
        "SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, \
                pg_get_expr(d.adbin, d.adrelid), \
                coalesce((SELECT array_position(k.conkey, a.attnum) FROM pg_constraint k \
                          WHERE k.conrelid = c.oid AND k.contype = 'p'), 0)::int8 \
         FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace \
         LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum \
         WHERE n.nspname = $1 AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped \
         ORDER BY c.relname, a.attnum",
        &[&namespace],
    )? {
        let table: String = row.get(0);
        if let Some(t) = schema.tables.get_mut(&table) {
            t.columns.push(DbColumn {
                name: row.get(1),
                declared_type: row.get(2),
                not_null: row.get(3),
                default: row.get(4),
                pk: row.get(5),
            });
        }
    }
    for row in client.query(
        "SELECT t.relname, i.relname, x.indisunique, \
                CASE WHEN x.indisprimary THEN 'pk' \
                     WHEN EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid AND k.contype = 'u') THEN 'u' \
                     ELSE 'c' END, \
                ARRAY(SELECT a.attname::text FROM unnest(x.indkey) WITH ORDINALITY AS k(num, n) \
                      JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.num ORDER BY k.n) \
         FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid \
         JOIN pg_namespace n ON n.oid = t.relnamespace WHERE n.nspname = $1",
        &[&namespace],
    )? {
        let table: String = row.get(0);
        if let Some(t) = schema.tables.get_mut(&table) {
            t.indexes.push(DbIndex { name: row.get(1), unique: row.get(2), origin: row.get(3), columns: row.get(4) });
        }
    }
    for row in client.query(
        "SELECT t.relname, r.relname, \
                ARRAY(SELECT a.attname::text FROM unnest(k.conkey) WITH ORDINALITY AS c(num, n) \
                      JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = c.num ORDER BY c.n), \
                ARRAY(SELECT a.attname::text FROM unnest(k.confkey) WITH ORDINALITY AS c(num, n) \
                      JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = c.num ORDER BY c.n), \
                k.confupdtype::text, k.confdeltype::text \
         FROM pg_constraint k JOIN pg_class t ON t.oid = k.conrelid JOIN pg_class r ON r.oid = k.confrelid \
         JOIN pg_namespace n ON n.oid = t.relnamespace WHERE n.nspname = $1 AND k.contype = 'f'",
        &[&namespace],
    )? {
        let table: String = row.get(0);
        let action = |code: String| {
            match code.as_str() {
                "c" => "CASCADE",
                "n" => "SET NULL",
                "d" => "SET DEFAULT",
                "r" => "RESTRICT",
                _ => "NO ACTION",
            }
            .to_string()
        };
        if let Some(t) = schema.tables.get_mut(&table) {
            t.foreign_keys.push(DbForeignKey {
                table: row.get(1),
                from: row.get(2),
                to: row.get(3),
                on_update: action(row.get(4)),
                on_delete: action(row.get(5)),
            });
        }
    }
    for row in client.query(
        "SELECT t.relname, pg_get_constraintdef(k.oid) FROM pg_constraint k JOIN pg_class t ON t.oid = k.conrelid \
         JOIN pg_namespace n ON n.oid = t.relnamespace WHERE n.nspname = $1 AND k.contype = 'c'",
        &[&namespace],
    )? {
        let table: String = row.get(0);
        if let Some(t) = schema.tables.get_mut(&table) {
            t.checks.push(row.get(1));
        }
    }
    for row in client.query(
        "SELECT t.typname, ARRAY(SELECT e.enumlabel::text FROM pg_enum e WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder) \
         FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = $1 AND t.typtype = 'e'",
        &[&namespace],
    )? {
        schema.enums.insert(row.get(0), row.get(1));
    }
    for t in schema.tables.values_mut() {
        t.indexes.sort_by(|a, b| a.name.cmp(&b.name));
        t.foreign_keys
            .sort_by(|a, b| (&a.from, &a.table).cmp(&(&b.from, &b.table)));
        t.checks.sort();
    }
    Ok(schema)
}
