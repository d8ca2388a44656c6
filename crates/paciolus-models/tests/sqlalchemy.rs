//! SQLAlchemy 2.0's `metadata.create_all` from the generated
//! `generated/python/paciolus_schema.py` (with a declarative class mapped
//! onto each table through `__table__`) builds the database pschema's
//! `upgrade head` builds: on SQLite the very same CREATE statements, on
//! PostgreSQL the same catalogs (types, nullability, defaults, keys, foreign
//! keys, indexes, checks, enum types and labels).
//!
//! Python comes from `PSCHEMA_TEST_PYTHON` (the virtual environment `.ci/run`
//! makes from tests/alembic/requirements.txt); PostgreSQL from
//! `PSCHEMA_TEST_POSTGRES_URL`. Locally each half skips without its
//! variable, under `CI=true` both must run.

#[path = "../../pschema-codegen/tests/support/mod.rs"]
mod support;

use std::path::Path;

fn module() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../generated/python/paciolus_schema.py")
}

#[test]
fn sqlalchemy_builds_on_sqlite_what_upgrade_head_builds() {
    let Some(python) = support::python() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("sqlalchemy.db");
    support::sqlalchemy_create_all(&python, &module(), &format!("sqlite:///{}", path.display()), None);
    let by_sqlalchemy = rusqlite::Connection::open(&path).unwrap();
    let mut migrated = rusqlite::Connection::open_in_memory().unwrap();
    paciolus_models::migrate(&mut migrated).unwrap();
    let read = |conn: &rusqlite::Connection| pschema_driver::sqlite::introspect::read(conn).unwrap().comparable();
    assert_eq!(
        pschema_migrate::db_schema::differences(&read(&migrated), &read(&by_sqlalchemy)),
        Vec::<String>::new()
    );
    // The stored text of a table the chain altered keeps its history
    // (ALTER TABLE ADD COLUMN appends to it); built from nothing, pschema
    // writes what SQLAlchemy writes.
    let mut fresh = rusqlite::Connection::open_in_memory().unwrap();
    paciolus_models::create_all(&mut fresh).unwrap();
    assert_eq!(support::sqlite_master(&by_sqlalchemy), support::sqlite_master(&fresh));
}

#[test]
fn sqlalchemy_builds_on_postgres_what_upgrade_head_builds() {
    let Some(python) = support::python() else { return };
    let Some(url) = support::postgres_url() else { return };
    let mut by_sqlalchemy = support::PgNamespace::new(&url, "paciolus_sqlalchemy");
    support::sqlalchemy_create_all(&python, &module(), &url, Some(&by_sqlalchemy.name));
    let mut migrated = support::PgNamespace::new(&url, "paciolus_upgrade_head");
    paciolus_models::migrate(&mut migrated.client).unwrap();
    let (expected, found) = (migrated.introspect(), by_sqlalchemy.introspect());
    assert!(!found.tables.is_empty() && !found.enums.is_empty());
    assert_eq!(
        pschema_migrate::db_schema::differences(&expected, &found),
        Vec::<String>::new()
    );
    assert_eq!(expected, found);
}
