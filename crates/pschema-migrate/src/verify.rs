//! Self-verification: before autogenerate writes a migration, it replays it on
//! an in-memory SQLite database (parent schema, up, down, up) and checks by
//! introspection that each step gives the schema it should. The expected
//! schema of a step is what a database built from scratch for it holds.

use crate::Error;
use crate::introspect::{self, DbSchema};
use crate::script::{self, ForeignKeysOff};
use pschema_diff::Change;
use pschema_schema::Schema;
use pschema_sql::Dialect;
use rusqlite::Connection;
use std::collections::BTreeSet;

/// The SQL that builds `schema` from nothing, as `create_all` would.
pub fn create_all_sql(schema: &Schema) -> Result<String, Error> {
    let changes = pschema_diff::diff(&Schema::default(), schema);
    Ok(pschema_sql::plan(Dialect::Sqlite, &changes, &Schema::default())?.to_sql())
}

/// What SQLite reports for a database built from scratch for `schema`.
pub fn expected_sqlite(schema: &Schema) -> Result<DbSchema, Error> {
    let conn = Connection::open_in_memory().map_err(Error::db("opening an in-memory database"))?;
    let sql = create_all_sql(schema)?;
    script::execute(&conn, &sql).map_err(|e| Error::Verification {
        step: "building the expected schema".into(),
        differences: vec![format!("{}: {}", e.statement, e.message)],
    })?;
    Ok(introspect::sqlite(&conn)?.comparable())
}

/// Runs `sql` as the runner would: foreign keys off around a rebuild, one transaction.
pub fn run_migration_sql(conn: &mut Connection, sql: &str) -> Result<(), script::ScriptError> {
    let _off = if script::has_rebuild(sql) {
        Some(ForeignKeysOff::new(conn).map_err(|e| script::ScriptError {
            message: script::sqlite_message(&e),
            statement: "PRAGMA foreign_keys = OFF".into(),
        })?)
    } else {
        None
    };
    conn.execute_batch("BEGIN").map_err(|e| script::ScriptError {
        message: script::sqlite_message(&e),
        statement: "BEGIN".into(),
    })?;
    match script::execute(conn, sql) {
        Ok(()) => conn.execute_batch("COMMIT").map_err(|e| script::ScriptError {
            message: script::sqlite_message(&e),
            statement: "COMMIT".into(),
        }),
        Err(e) => {
            conn.execute_batch("ROLLBACK").ok();
            Err(e)
        }
    }
}

/// The parts of `old` and `new` a migration can affect: the tables its
/// changes touch and the tables those reference or are referenced by (a
/// rename reaches into them), with every enum. Verifying on these alone keeps
/// autogenerate fast on a large schema, where one change touches few tables.
pub fn affected(old: &Schema, new: &Schema, changes: &[Change]) -> (Schema, Schema) {
    let mut names: BTreeSet<String> = BTreeSet::new();
    for change in changes {
        match change {
            Change::CreateEnum(_) | Change::DropEnum(_) => {}
            Change::AlterEnum { tables, .. } => names.extend(tables.iter().map(|t| t.name.clone())),
            Change::CreateTable(t) | Change::DropTable(t) => {
                names.insert(t.name.clone());
            }
            Change::RenameTable { old, new } => {
                names.insert(old.clone());
                names.insert(new.clone());
            }
            Change::AlterTable { new, .. } => {
                names.insert(new.name.clone());
            }
            Change::CreateIndex { table, .. } | Change::DropIndex { table, .. } | Change::RenameIndex { table, .. } => {
                names.insert(table.clone());
            }
        }
    }
    // A table keeps its name on both sides unless renamed; take both names.
    for t in &new.tables {
        if let Some(from) = &t.renamed_from
            && (names.contains(from) || names.contains(&t.name))
        {
            names.insert(from.clone());
            names.insert(t.name.clone());
        }
    }
    let neighbours = |schema: &Schema, names: &BTreeSet<String>| -> BTreeSet<String> {
        let mut out = names.clone();
        for t in &schema.tables {
            for fk in &t.foreign_keys {
                if names.contains(&t.name) {
                    out.insert(fk.ref_table.clone());
                }
                if names.contains(&fk.ref_table) {
                    out.insert(t.name.clone());
                }
            }
        }
        out
    };
    let mut all = neighbours(old, &names);
    all.extend(neighbours(new, &names));
    let subset = |schema: &Schema| Schema {
        enums: schema.enums.clone(),
        tables: schema
            .tables
            .iter()
            .filter(|t| all.contains(&t.name))
            .cloned()
            .collect(),
    };
    (subset(old), subset(new))
}

/// Replays parent, up, down, up on an empty in-memory database and compares
/// each step with the schema it should give, on the tables `changes` affect.
pub fn verify_migration(old: &Schema, new: &Schema, changes: &[Change], up: &str, down: &str) -> Result<(), Error> {
    let (old, new) = affected(old, new, changes);
    let (old, new) = (&old, &new);
    let expected_new = expected_sqlite(new)?;
    let mut conn = Connection::open_in_memory().map_err(Error::db("opening an in-memory database"))?;
    let parent = create_all_sql(old)?;
    run_migration_sql(&mut conn, &parent).map_err(|e| Error::Verification {
        step: "building the parent schema".into(),
        differences: vec![format!("{} failed: {}", e.statement, e.message)],
    })?;
    // The parent is built from the same SQL an expected schema would be.
    let expected_old = introspect::sqlite(&conn)?.comparable();
    let steps = [
        ("upgrade", up, &expected_new),
        ("downgrade", down, &expected_old),
        ("upgrade again", up, &expected_new),
    ];
    for (step, sql, expected) in steps {
        run_migration_sql(&mut conn, sql).map_err(|e| Error::Verification {
            step: step.to_string(),
            differences: vec![format!("{} failed: {}", e.statement, e.message)],
        })?;
        let actual = introspect::sqlite(&conn)?.comparable();
        let differences = introspect::differences(expected, &actual);
        if !differences.is_empty() {
            return Err(Error::Verification {
                step: step.to_string(),
                differences,
            });
        }
    }
    Ok(())
}
