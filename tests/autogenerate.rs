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

/// Fixture 52 (a foreign-key cycle dropped) on a database where a table the
/// schema does not know references one of the cycle's tables.
fn cycle_with_a_reference_from_outside() -> (Schema, Schema, Vec<pschema_diff::Change>) {
    let (_, old, new, _) = load(&repo_root().join("tests/data/autogenerate/52_drop_a_foreign_key_cycle"));
    let changes = pschema_diff::diff(&old, &new);
    (old, new, changes)
}

const BADGES: &str = "CREATE TABLE badges (id INTEGER PRIMARY KEY, member_id INTEGER NOT NULL REFERENCES members (id));\n\
                      INSERT INTO badges VALUES (1, 1);";

/// SQLite drops a cycle with foreign keys off, and the runner then checks
/// the tables that referenced it: a reference that is still there fails the
/// migration, leaving every table and row where they were.
#[test]
fn a_reference_into_a_dropped_cycle_still_fails_the_migration() {
    let (old, new, changes) = cycle_with_a_reference_from_outside();
    let sql = pschema_sql::plan_migration(Dialect::Sqlite, &old, &new, &changes).unwrap();
    let mut conn = rusqlite::Connection::open_in_memory().unwrap();
    conn.execute_batch("PRAGMA foreign_keys = ON").unwrap();
    pschema_tests::run_migration_sql(&mut conn, &pschema_tests::create_all_sql(&old).unwrap()).unwrap();
    pschema_tests::insert_rows(&conn, &old, &new, 3).unwrap();
    conn.execute_batch(BADGES).unwrap();
    let up = pschema_sql::script::parse(Dialect::Sqlite, &sql.up.to_sql());
    let err =
        pschema_driver::sqlite::exec::run_migration(&conn, &up, None).expect_err("badges still references members");
    assert!(
        err.message
            .contains("row 1 of badges references a missing row of members"),
        "{err:?}"
    );
    for (table, rows) in [("teams", 3), ("members", 3), ("badges", 1)] {
        let n: i64 = conn
            .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, rows, "{table}");
    }
    let on: bool = conn.query_row("PRAGMA foreign_keys", [], |r| r.get(0)).unwrap();
    assert!(on, "foreign keys are on again after the migration");
    // Without the reference from outside, the same migration commits.
    conn.execute_batch("DROP TABLE badges").unwrap();
    pschema_tests::run_migration_sql(&mut conn, &sql.up.to_sql()).unwrap();
}

/// PostgreSQL drops the cycle without CASCADE, so a table the migration does
/// not know about that references it stops the migration.
#[test]
fn a_reference_into_a_dropped_cycle_stops_the_migration_on_postgres() {
    let Some(url) = pschema_tests::postgres_url() else {
        eprintln!("PSCHEMA_TEST_POSTGRES_URL is not set: skipping");
        return;
    };
    let (old, new, changes) = cycle_with_a_reference_from_outside();
    let sql = pschema_sql::plan_migration(Dialect::Postgres, &old, &new, &changes).unwrap();
    let mut scratch = pschema_tests::PgScratch::new(&url, "cycle_outside");
    scratch.run(&pschema_tests::postgres_create_all(&old)).unwrap();
    scratch
        .run(
            "WITH u AS (INSERT INTO users (id) VALUES (1)), t AS (INSERT INTO teams (id, lead_id) VALUES (1, 1))\n\
             INSERT INTO members (id, user_id, team_id) VALUES (1, 1, 1);",
        )
        .unwrap();
    scratch.run(BADGES).unwrap();
    let err = scratch
        .run(&sql.up.to_sql())
        .expect_err("badges still references members");
    assert!(err.contains("depend"), "{err}");
    for table in ["teams", "members", "badges"] {
        let n: i64 = scratch
            .client
            .query_one(&format!("SELECT count(*) FROM {table}"), &[])
            .unwrap()
            .get(0);
        assert_eq!(n, 1, "{table}");
    }
}

/// The same through the runner, on a database file: the migration fails at
/// its commit, and the database stays at the revision before it, every table
/// and row in place.
#[test]
fn the_runner_keeps_the_revision_when_a_cycle_drop_leaves_a_reference_behind() {
    use pschema_driver::{Access, sqlite::SqliteDriver};
    use pschema_migrate::{Graph, MigrationMeta, Options, Target, dir, migrator, revision};
    let (old, new, changes) = cycle_with_a_reference_from_outside();
    let project = tempfile::tempdir().unwrap();
    let migrations = project.path().join("migrations");
    std::fs::create_dir_all(&migrations).unwrap();
    let meta = |id: &str, parents: &[&str]| MigrationMeta {
        id: id.into(),
        parents: parents.iter().map(|p| p.to_string()).collect(),
        message: id.into(),
        created: "2024-01-01T00:00:00Z".into(),
        destructive: false,
        down_loses_data: false,
        squashes: Vec::new(),
        squashed_checksums: Default::default(),
        checksums: Default::default(),
    };
    let base_changes = pschema_diff::diff(&Schema::default(), &old);
    let base = revision::generate(&Schema::default(), &old, meta("aaaa00000001", &[]), base_changes).unwrap();
    dir::write(&migrations, &base.meta, &base.files).unwrap();
    let drop = revision::generate(&old, &new, meta("bbbb00000002", &["aaaa00000001"]), changes).unwrap();
    dir::write(&migrations, &drop.meta, &drop.files).unwrap();
    let graph = Graph::new(dir::load(&migrations).unwrap()).unwrap();
    let db = project.path().join("cycle.db");
    let options = Options::default();
    let driver = || SqliteDriver::open(&db, Access::Write, options.lock_timeout).unwrap();
    let base_revision = Target::Revision("aaaa00000001".into());
    migrator::upgrade(&mut driver(), &graph, &base_revision, &options, &mut |_| {}).unwrap();
    {
        let conn = rusqlite::Connection::open(&db).unwrap();
        pschema_tests::insert_rows(&conn, &old, &new, 3).unwrap();
        conn.execute_batch(BADGES).unwrap();
    }
    let err = migrator::upgrade(&mut driver(), &graph, &Target::Heads, &options, &mut |_| {})
        .expect_err("badges still references members");
    assert!(
        err.to_string()
            .contains("row 1 of badges references a missing row of members, which the migration drops"),
        "{err}"
    );
    assert_eq!(migrator::current(&mut driver(), &graph).unwrap(), ["aaaa00000001"]);
    let conn = rusqlite::Connection::open(&db).unwrap();
    for (table, rows) in [("teams", 3), ("members", 3), ("badges", 1)] {
        let n: i64 = conn
            .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, rows, "{table}");
    }
}
