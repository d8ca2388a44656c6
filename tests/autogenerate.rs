//! One fixture per kind of change: `tests/data/autogenerate/<case>/` holds
//! `old.pschema` and `new.pschema` (and `setup.sql` for views and triggers
//! made by hand). For each, the SQLite up and down SQL are pinned by an insta
//! snapshot, the migration passes autogenerate's own verification, and a
//! database full of rows goes up, down and up again without losing any.

use pschema_migrate::verify::verify_migration;
use pschema_schema::Schema;
use pschema_sql::Dialect;
use pschema_tests::{read, repo_root, round_trip_with_rows, schema};
use std::path::Path;

fn fixtures() -> Vec<std::path::PathBuf> {
    let mut dirs: Vec<_> = std::fs::read_dir(repo_root().join("tests/data/autogenerate"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs
}

fn load(dir: &Path) -> (String, Schema, Schema, Option<String>) {
    let name = dir.file_name().unwrap().to_string_lossy().to_string();
    let old = schema(&read(&dir.join("old.pschema")), &format!("{name}/old.pschema"));
    let new = schema(&read(&dir.join("new.pschema")), &format!("{name}/new.pschema"));
    let setup = std::fs::read_to_string(dir.join("setup.sql")).ok();
    (name, old, new, setup)
}

#[test]
fn there_are_enough_fixtures() {
    assert!(fixtures().len() >= 30, "{} fixtures", fixtures().len());
}

#[test]
fn sqlite_sql_of_every_fixture() {
    snapshot_every_fixture(Dialect::Sqlite, "sqlite");
}

#[test]
fn postgres_sql_of_every_fixture() {
    snapshot_every_fixture(Dialect::Postgres, "postgres");
}

fn snapshot_every_fixture(dialect: Dialect, snapshot: &str) {
    for dir in fixtures() {
        let (name, old, new, _) = load(&dir);
        let changes = pschema_diff::diff(&old, &new);
        assert!(!changes.is_empty(), "{name}: no change between old and new");
        let sql = pschema_sql::plan_migration(dialect, &old, &new, &changes).unwrap_or_else(|e| panic!("{name}: {e}"));
        let described: Vec<String> = changes.iter().map(|c| format!("-- {}", c.describe())).collect();
        let text = format!(
            "-- changes:\n{}\n\n-- ---- up ----\n{}\n-- ---- down ----\n{}",
            described.join("\n"),
            sql.up.to_sql(),
            sql.down.to_sql()
        );
        insta::with_settings!({ snapshot_suffix => name.clone(), prepend_module_to_snapshot => false }, {
            insta::assert_snapshot!(snapshot, text);
        });
    }
}

#[test]
fn every_fixture_passes_self_verification() {
    let mut failures = Vec::new();
    for dir in fixtures() {
        let (name, old, new, _) = load(&dir);
        let changes = pschema_diff::diff(&old, &new);
        let sql = pschema_sql::plan_migration(Dialect::Sqlite, &old, &new, &changes).unwrap();
        if let Err(e) = verify_migration(
            &mut pschema_driver::sqlite::MemoryServer,
            &old,
            &new,
            &changes,
            &sql.up.to_sql(),
            &sql.down.to_sql(),
        ) {
            failures.push(format!("{name}: {e}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn every_fixture_keeps_every_row() {
    let mut failures = Vec::new();
    for dir in fixtures() {
        let (name, old, new, setup) = load(&dir);
        let changes = pschema_diff::diff(&old, &new);
        let sql = pschema_sql::plan_migration(Dialect::Sqlite, &old, &new, &changes).unwrap();
        if let Err(e) = round_trip_with_rows(
            &old,
            &new,
            &changes,
            &sql.up.to_sql(),
            &sql.down.to_sql(),
            setup.as_deref(),
            5,
        ) {
            failures.push(format!("{name}: {e}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn every_fixture_round_trips_on_postgres() {
    let Some(url) = pschema_tests::postgres_url() else {
        eprintln!("PSCHEMA_TEST_POSTGRES_URL is not set: skipping the PostgreSQL round trips");
        return;
    };
    let mut failures = Vec::new();
    for dir in fixtures() {
        let (name, old, new, _) = load(&dir);
        let changes = pschema_diff::diff(&old, &new);
        let sql = pschema_sql::plan_migration(Dialect::Postgres, &old, &new, &changes).unwrap();
        let (up, down) = (sql.up.to_sql(), sql.down.to_sql());
        let case = pschema_tests::Case {
            old: &old,
            new: &new,
            changes: &changes,
            up: &up,
            down: &down,
        };
        if let Err(e) = pschema_tests::postgres_round_trip_with_rows(&url, &case, 5, &name) {
            failures.push(format!("{name}: {e}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
