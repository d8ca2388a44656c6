//! The dialect-neutral schema.
//!
//! Invariants: a `Schema` that came out of [`crate::lower`] without diagnostics
//! is valid (every reference resolves, every name is unique where the database
//! needs it to be); tables, columns and enum labels keep declaration order,
//! everything whose order carries no meaning (indexes, foreign keys, unique and
//! check constraints) is sorted, so that equal schemas compare equal.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Schema {
    pub enums: Vec<Enum>,
    pub tables: Vec<Table>,
}

impl Schema {
    pub fn table(&self, name: &str) -> Option<&Table> {
        self.tables.iter().find(|t| t.name == name)
    }

    pub fn enum_named(&self, name: &str) -> Option<&Enum> {
        self.enums.iter().find(|e| e.name == name)
    }

    /// Tables in an order where each comes after the tables it references
    /// (self-references and cycles aside), ties kept in declaration order.
    pub fn tables_in_dependency_order(&self) -> Vec<&Table> {
        use std::collections::{HashMap, HashSet};
        let declared: HashMap<&str, usize> = self
            .tables
            .iter()
            .enumerate()
            .map(|(i, t)| (t.name.as_str(), i))
            .collect();
        let mut placed: Vec<bool> = vec![false; self.tables.len()];
        let mut order: Vec<&Table> = Vec::with_capacity(self.tables.len());
        // Depth-first: a table's parents go first, in declaration order; a
        // cycle is broken where it is found (SQLite checks foreign keys lazily).
        fn visit<'a>(
            i: usize,
            tables: &'a [Table],
            declared: &HashMap<&str, usize>,
            placed: &mut Vec<bool>,
            visiting: &mut HashSet<usize>,
            order: &mut Vec<&'a Table>,
        ) {
            if placed[i] || !visiting.insert(i) {
                return;
            }
            for fk in &tables[i].foreign_keys {
                if let Some(&parent) = declared.get(fk.ref_table.as_str())
                    && parent != i
                {
                    visit(parent, tables, declared, placed, visiting, order);
                }
            }
            visiting.remove(&i);
            if !placed[i] {
                placed[i] = true;
                order.push(&tables[i]);
            }
        }
        let mut visiting = HashSet::new();
        for i in 0..self.tables.len() {
            visit(i, &self.tables, &declared, &mut placed, &mut visiting, &mut order);
        }
        order
    }

    /// The schema as stored in a snapshot: rename hints belong to one
    /// migration, not to the schema it produced.
    pub fn without_rename_hints(&self) -> Schema {
        let mut schema = self.clone();
        for e in &mut schema.enums {
            e.renamed_labels.clear();
        }
        for table in &mut schema.tables {
            table.renamed_from = None;
            for column in &mut table.columns {
                column.renamed_from = None;
                column.fill = None;
            }
        }
        schema
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Enum {
    /// The name used in the .pschema file (`UserTier`).
    pub name: String,
    /// The database type name (`usertier`), SQLAlchemy's `name=`.
    pub db_name: String,
    pub labels: Vec<String>,
    /// Rename hints `(old, new)` from `NEW @renamed_from(OLD)`.
    pub renamed_labels: Vec<(String, String)>,
}

impl Enum {
    /// SQLAlchemy stores an enum on SQLite as VARCHAR of the longest label.
    pub fn longest_label(&self) -> usize {
        self.labels.iter().map(|l| l.chars().count()).max().unwrap_or(0)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Table {
    pub name: String,
    pub columns: Vec<Column>,
    pub primary_key: Option<PrimaryKey>,
    /// Sorted by name.
    pub indexes: Vec<Index>,
    /// Sorted by columns, then name.
    pub foreign_keys: Vec<ForeignKey>,
    /// Sorted by columns, then name.
    pub uniques: Vec<UniqueConstraint>,
    /// Sorted by name, then expression.
    pub checks: Vec<CheckConstraint>,
    pub comment: Option<String>,
    pub renamed_from: Option<String>,
}

impl Table {
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name)
    }

    pub fn is_primary_key(&self, columns: &[String]) -> bool {
        self.primary_key.as_ref().is_some_and(|pk| pk.columns == columns)
    }

    /// Whether a foreign key may reference exactly these columns: the database
    /// needs a primary key, unique constraint or unique index on them.
    pub fn has_unique_key(&self, columns: &[String]) -> bool {
        self.is_primary_key(columns)
            || self.uniques.iter().any(|u| u.columns == columns)
            || self.indexes.iter().any(|i| i.unique && i.columns == columns)
    }

    /// Puts indexes, keys and constraints in canonical order.
    pub fn sort_unordered_parts(&mut self) {
        self.indexes.sort_by(|a, b| a.name.cmp(&b.name));
        self.foreign_keys
            .sort_by(|a, b| (&a.columns, &a.name).cmp(&(&b.columns, &b.name)));
        self.uniques
            .sort_by(|a, b| (&a.columns, &a.name).cmp(&(&b.columns, &b.name)));
        self.checks
            .sort_by(|a, b| (&a.name, &a.expression).cmp(&(&b.name, &b.expression)));
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Column {
    pub name: String,
    pub ty: ColumnType,
    pub nullable: bool,
    pub default: Option<DefaultValue>,
    pub comment: Option<String>,
    /// An enum column's VARCHAR length on SQLite, when pinned (`@sqlite_length`)
    /// rather than the longest label's.
    pub sqlite_length: Option<u32>,
    pub renamed_from: Option<String>,
    /// A hint for one migration, like `renamed_from`: the value rows holding
    /// NULL take when the column becomes NOT NULL (`@fill`).
    pub fill: Option<DefaultValue>,
}

impl Column {
    /// The column as a snapshot keeps it: without the hints for one migration.
    pub fn without_hints(&self) -> Column {
        Column {
            renamed_from: None,
            fill: None,
            ..self.clone()
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ColumnType {
    SmallInteger,
    Integer,
    BigInteger,
    String {
        length: Option<u32>,
    },
    Text,
    Boolean,
    Date,
    DateTime {
        timezone: bool,
    },
    Time,
    Float,
    Numeric {
        precision: Option<u32>,
        scale: Option<u32>,
    },
    Json,
    LargeBinary,
    /// The DSL name of an enum of the schema.
    Enum(String),
}

impl ColumnType {
    /// Types that the database compares as the same kind of value; a foreign
    /// key must join columns of one family.
    pub fn family(&self) -> &'static str {
        match self {
            ColumnType::SmallInteger | ColumnType::Integer | ColumnType::BigInteger => "integer",
            ColumnType::String { .. } | ColumnType::Text => "string",
            ColumnType::Boolean => "boolean",
            ColumnType::Date => "date",
            ColumnType::DateTime { .. } => "datetime",
            ColumnType::Time => "time",
            ColumnType::Float => "float",
            ColumnType::Numeric { .. } => "numeric",
            ColumnType::Json => "json",
            ColumnType::LargeBinary => "binary",
            ColumnType::Enum(_) => "enum",
        }
    }

    pub fn is_integer(&self) -> bool {
        self.family() == "integer"
    }
}

/// A server default, kept in a dialect-neutral form; planners render it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum DefaultValue {
    /// A number as written (`0`, `-1`, `0.25`).
    Number(String),
    String(String),
    Boolean(bool),
    /// The current timestamp (`now()`).
    Now,
    /// Raw SQL, passed through as written.
    Sql(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum ReferentialAction {
    #[default]
    NoAction,
    Restrict,
    Cascade,
    SetNull,
    SetDefault,
}

impl ReferentialAction {
    pub const ALL: [(&'static str, ReferentialAction); 5] = [
        ("no_action", ReferentialAction::NoAction),
        ("restrict", ReferentialAction::Restrict),
        ("cascade", ReferentialAction::Cascade),
        ("set_null", ReferentialAction::SetNull),
        ("set_default", ReferentialAction::SetDefault),
    ];

    pub fn keyword(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(_, a)| *a == self)
            .map_or("no_action", |(k, _)| k)
    }

    pub fn sql(self) -> &'static str {
        match self {
            ReferentialAction::NoAction => "NO ACTION",
            ReferentialAction::Restrict => "RESTRICT",
            ReferentialAction::Cascade => "CASCADE",
            ReferentialAction::SetNull => "SET NULL",
            ReferentialAction::SetDefault => "SET DEFAULT",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrimaryKey {
    pub name: Option<String>,
    pub columns: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Index {
    pub name: String,
    pub columns: Vec<String>,
    pub unique: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ForeignKey {
    pub name: Option<String>,
    pub columns: Vec<String>,
    pub ref_table: String,
    pub ref_columns: Vec<String>,
    pub on_delete: ReferentialAction,
    pub on_update: ReferentialAction,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UniqueConstraint {
    pub name: Option<String>,
    pub columns: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckConstraint {
    pub name: Option<String>,
    pub expression: String,
}

/// SQLAlchemy's name for the index of `Column(..., index=True)`.
pub fn column_index_name(table: &str, column: &str) -> String {
    format!("ix_{table}_{column}")
}
