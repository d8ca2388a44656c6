//! SQL planners: an ordered list of [`Change`]s becomes an ordered list of
//! statements for one dialect.
//!
//! Invariants: a planner never skips a change silently; a change it cannot
//! express is a [`PlanError`]. The down plan is the plan of the inverted
//! changes ([`pschema_diff::invert`]), so up and down cannot drift apart.

pub mod bookkeeping;
mod ddl;
mod online;
mod postgres;
pub mod script;
pub mod split;
mod sqlite;

use pschema_diff::Change;
use pschema_schema::Schema;
use std::fmt;

pub use postgres::quote as postgres_quote;
pub use script::{Piece, Rebuild, Script, StatementKind, Step};
pub use sqlite::{REBUILD_PREFIX, quote as sqlite_quote};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Dialect {
    Sqlite,
    Postgres,
}

impl Dialect {
    pub const ALL: [Dialect; 2] = [Dialect::Sqlite, Dialect::Postgres];

    /// The folder of a migration that holds this dialect's SQL.
    pub fn dir_name(self) -> &'static str {
        match self {
            Dialect::Sqlite => "sqlite",
            Dialect::Postgres => "postgres",
        }
    }
}

impl fmt::Display for Dialect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Dialect::Sqlite => "SQLite",
            Dialect::Postgres => "PostgreSQL",
        })
    }
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum PlanError {
    #[error("{dialect} planning does not support this change yet: {change}")]
    Unsupported { dialect: Dialect, change: String },
}

/// One SQL statement and why it is there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    pub sql: String,
    /// Shown above the statement in the migration file; `None` for statements
    /// that belong to the one before (the indexes of a new table).
    pub comment: Option<String>,
    pub kind: StatementKind,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Plan {
    pub statements: Vec<Statement>,
}

impl Plan {
    fn push(&mut self, comment: Option<String>, sql: String) {
        self.push_kind(comment, sql, StatementKind::Plain);
    }

    fn push_kind(&mut self, comment: Option<String>, sql: String, kind: StatementKind) {
        self.statements.push(Statement { sql, comment, kind });
    }

    /// The text of a migration file, markers included ([`script::render`]).
    pub fn to_sql(&self) -> String {
        script::render(&self.statements)
    }

    pub fn is_empty(&self) -> bool {
        self.statements.is_empty()
    }
}

/// The foreign keys by which tables dropped by one of `later` reference
/// `table`: `table` and those tables are in a foreign-key cycle (the diff
/// drops children first, so only a cycle leaves a reference behind), and
/// `table` goes first.
fn references_dropped_later<'c>(
    later: &'c [Change],
    table: &'c str,
) -> impl Iterator<Item = (&'c str, &'c pschema_schema::ForeignKey)> + 'c {
    later.iter().flat_map(move |c| match c {
        Change::DropTable(other) if other.name != table => other
            .foreign_keys
            .iter()
            .filter(|fk| fk.ref_table == table)
            .map(|fk| (other.name.as_str(), fk))
            .collect(),
        _ => Vec::new(),
    })
}

/// The statements that apply `changes`, in order; `source` is the schema
/// they start from.
pub fn plan(dialect: Dialect, changes: &[Change], source: &Schema) -> Result<Plan, PlanError> {
    match dialect {
        Dialect::Sqlite => sqlite::plan(changes, source),
        Dialect::Postgres => postgres::plan(changes, source),
    }
}

/// Up and down SQL of the migration from `old` to `new`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MigrationSql {
    pub up: Plan,
    pub down: Plan,
}

pub fn plan_migration(
    dialect: Dialect,
    old: &Schema,
    new: &Schema,
    changes: &[Change],
) -> Result<MigrationSql, PlanError> {
    Ok(MigrationSql {
        up: plan(dialect, changes, old)?,
        down: plan(dialect, &pschema_diff::invert(changes), new)?,
    })
}
