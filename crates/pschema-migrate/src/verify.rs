//! Self-verification: before autogenerate writes a migration, it replays it on
//! an in-memory SQLite database (parent schema, up, down, up) and checks by
//! introspection that each step gives the schema it should. The expected
//! schema of a step is what a database built from scratch for it holds.

use crate::Error;
use crate::introspect::{self, DbSchema};
use crate::script::{self, ForeignKeysOff};
use pschema_schema::Schema;
use pschema_sql::Dialect;
use rusqlite::Connection;

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

/// Replays parent, up, down, up on an empty in-memory database and compares
/// each step with the schema it should give.
pub fn verify_migration(old: &Schema, new: &Schema, up: &str, down: &str) -> Result<(), Error> {
    let expected_old = expected_sqlite(old)?;
    let expected_new = expected_sqlite(new)?;
    let mut conn = Connection::open_in_memory().map_err(Error::db("opening an in-memory database"))?;
    let parent = create_all_sql(old)?;
    let steps = [
        ("building the parent schema", parent.as_str(), &expected_old),
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
