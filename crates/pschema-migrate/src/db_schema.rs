//! What a database holds, as the drivers read it (SQLite's PRAGMAs,
//! PostgreSQL's catalogs), in a form that compares equal when two databases
//! have the same schema, and the differences between two, for people.

use serde::Serialize;
use std::collections::BTreeMap;

/// Tables pschema and Alembic keep for themselves.
pub const BOOKKEEPING_TABLES: &[&str] = &["alembic_version", "pschema_history", "pschema_progress"];

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

    /// For PostgreSQL, which adds a column at the end of its table whatever
    /// the schema says: columns in name order, so that order is not compared.
    pub fn without_column_order(mut self) -> DbSchema {
        for table in self.tables.values_mut() {
            table.columns.sort_by(|a, b| a.name.cmp(&b.name));
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
