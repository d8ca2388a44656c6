//! `schema/paciolus.pschema` (since 7d1f0c3a9e25 the schema of Paciolus's Python models),
//! built from empty by pschema, is what SQLAlchemy's `create_all` builds from
//! those models (`tests/data/reference/paciolus-history/models/`): the same
//! tables, columns in the same order (declared type, NOT NULL, default, primary
//! key), indexes (name, uniqueness, origin, columns), foreign keys (columns,
//! table, ON DELETE / ON UPDATE) and, on PostgreSQL, enum types and labels.

mod common;

use common::*;
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::Path;

fn reference(dialect: &str) -> Value {
    let path = repo_root().join(format!("tests/data/reference/paciolus-history/models/{dialect}.json"));
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// A project holding only the models' schema, and its first migration.
fn models_project() -> tempfile::TempDir {
    let schema = std::fs::read_to_string(repo_root().join("schema/paciolus.pschema")).unwrap();
    let project = empty_project(&schema);
    ok(
        project.path(),
        &["revision", "--autogenerate", "--rev-id", "000000000001", "-m", "models"],
    );
    project
}

fn foreign_keys(table: &Value) -> BTreeSet<String> {
    table["foreign_keys"]
        .as_array()
        .unwrap()
        .iter()
        .map(|fk| {
            format!(
                "({}) -> {} ({}) ON DELETE {} ON UPDATE {}",
                fk["from"], fk["table"], fk["to"], fk["on_delete"], fk["on_update"]
            )
        })
        .collect()
}

fn sorted_indexes(table: &Value) -> Vec<Value> {
    let mut indexes: Vec<Value> = table["indexes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            serde_json::json!({
                "name": i["name"], "unique": i["unique"], "origin": i["origin"], "columns": i["columns"]
            })
        })
        .collect();
    indexes.sort_by_key(|i| i["name"].as_str().unwrap().to_string());
    indexes
}

fn assert_same(ours: &Value, reference: &Value) {
    let names = |v: &Value| v["tables"].as_object().unwrap().keys().cloned().collect::<Vec<_>>();
    assert_eq!(names(ours), names(reference), "the same tables");
    assert_eq!(names(reference).len(), 29);
    for (name, expected) in reference["tables"].as_object().unwrap() {
        let actual = &ours["tables"][name];
        assert_eq!(actual["columns"], expected["columns"], "columns of {name}");
        assert_eq!(sorted_indexes(actual), sorted_indexes(expected), "indexes of {name}");
        assert_eq!(foreign_keys(actual), foreign_keys(expected), "foreign keys of {name}");
    }
    assert_eq!(ours["enums"], reference["enums"], "enum types and their labels");
}

#[test]
fn the_models_schema_is_what_create_all_builds_on_sqlite() {
    let project = models_project();
    let p: &Path = project.path();
    let db = p.join("models.db");
    ok(p, &["--database-url", &url(&db), "upgrade", "head"]);
    let conn = rusqlite::Connection::open(&db).unwrap();
    let ours = serde_json::to_value(pschema_driver::sqlite::introspect::read(&conn).unwrap()).unwrap();
    assert_same(&ours, &reference("sqlite"));
}

#[test]
fn the_models_schema_is_what_create_all_builds_on_postgres() {
    let Some(server) = server() else { return };
    let db = Database::new(&server, "models");
    let project = models_project();
    ok(project.path(), &["--database-url", db.url.as_str(), "upgrade", "head"]);
    let ours = pschema_driver::postgres::introspect::read(&mut db.client(), "public").unwrap();
    assert_same(&serde_json::to_value(&ours).unwrap(), &reference("postgres"));
}
