//! Handing a database back to Alembic (issue 9, item 21; docs/alembic.md).
//!
//! Database A is what Alembic's own DDL for the baseline builds
//! (`tests/data/reference/paciolus-v1.2.0/`); reflected into a SQLAlchemy
//! `MetaData`, it stands in for Paciolus's models. Against it, Alembic's
//! autogenerate comparison (`tests/alembic/compare.py`) and the real
//! `alembic check` / `alembic revision --autogenerate` (with
//! `tests/alembic/env.py`) look at databases pschema built (`upgrade head` on
//! an empty one) and adopted (Alembic's DDL, then `upgrade head`): with the
//! `include_name` filter docs/alembic.md documents they find no difference;
//! without it, exactly `remove_table pschema_history`. A database changed by
//! hand shows its changes, so the comparison is not blind.
//!
//! Python comes from `PSCHEMA_TEST_PYTHON` (a virtual environment with
//! `tests/alembic/requirements.txt`, which `.ci/run` makes); locally the tests
//! skip without it, under `CI=true` they must run. The PostgreSQL half also
//! needs `PSCHEMA_TEST_POSTGRES_URL`, like `tests/postgres.rs`.

mod common;

use common::*;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const BEGIN: &str = "# --- begin pschema include_name";
const END: &str = "# --- end pschema include_name ---";

fn ci() -> bool {
    std::env::var("CI").as_deref() == Ok("true")
}

fn python() -> Option<PathBuf> {
    match std::env::var_os("PSCHEMA_TEST_PYTHON") {
        Some(path) if !path.is_empty() => Some(PathBuf::from(path)),
        _ if ci() => panic!(
            "CI=true but PSCHEMA_TEST_PYTHON is not set: .ci/run makes the virtual environment \
             (tests/alembic/requirements.txt) and sets it"
        ),
        _ => {
            eprintln!("PSCHEMA_TEST_PYTHON is not set (a python with tests/alembic/requirements.txt): skipping");
            None
        }
    }
}

fn postgres_server() -> Option<String> {
    match std::env::var("PSCHEMA_TEST_POSTGRES_URL") {
        Ok(url) if !url.is_empty() => Some(url),
        _ if ci() => panic!("CI=true but PSCHEMA_TEST_POSTGRES_URL is not set: .ci/run sets it"),
        _ => {
            eprintln!("PSCHEMA_TEST_POSTGRES_URL is not set: skipping");
            None
        }
    }
}

fn alembic_dir() -> PathBuf {
    repo_root().join("tests/alembic")
}

fn reference(path: &str) -> String {
    std::fs::read_to_string(repo_root().join("tests/data/reference/paciolus-v1.2.0").join(path)).unwrap()
}

fn text(output: &Output) -> String {
    format!("{}{}", stdout(output), stderr(output))
}

fn run_python(python: &Path, cwd: &Path, args: &[&str], envs: &[(&str, &str)]) -> Output {
    Command::new(python)
        .current_dir(cwd)
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .env_remove("DATABASE_URL")
        .envs(envs.iter().copied())
        .args(args)
        .output()
        .expect("run python")
}

/// `pschema upgrade head` on the database, with the repository's migrations.
fn upgrade_head(url: &str, expect: &str) {
    let out = pschema(&std::env::temp_dir(), &["--database-url", url, "upgrade", "head"]);
    assert!(out.status.success(), "pschema upgrade head failed:\n{}", text(&out));
    assert!(stdout(&out).starts_with(expect), "{}", text(&out));
}

/// The databases the test compares, by URL.
struct Databases {
    /// Alembic's DDL: the reference, reflected as the models.
    reference: String,
    /// Empty, then `pschema upgrade head`.
    built: String,
    /// Alembic's DDL, then `pschema upgrade head` (adoption).
    adopted: String,
    /// Built, then changed by hand, and what Alembic must see in it.
    changed: String,
    changes: &'static [&'static str],
}

/// Alembic's autogenerate comparison, then the real `alembic check` and
/// `alembic revision --autogenerate`, with and without the filter.
fn hand_back(python: &Path, dbs: &Databases) {
    // 1. compare_metadata, as env.py configures it.
    let out = run_python(
        python,
        &alembic_dir(),
        &[
            "compare.py",
            &dbs.reference,
            &dbs.reference,
            &dbs.built,
            &dbs.adopted,
            &dbs.changed,
        ],
        &[],
    );
    assert!(out.status.success(), "compare.py failed:\n{}", text(&out));
    let result: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let diffs = |url: &str, key: &str| -> Vec<String> {
        result[url][key]
            .as_array()
            .unwrap_or_else(|| panic!("no {key} for {url} in {result}"))
            .iter()
            .map(|d| d.as_str().unwrap().to_string())
            .collect()
    };
    let none: Vec<String> = Vec::new();
    let history = vec!["remove_table pschema_history".to_string()];
    for key in ["with_filter", "with_filter_server_defaults", "without_filter"] {
        assert_eq!(diffs(&dbs.reference, key), none, "{key}: the reference against itself");
    }
    for (what, url) in [("built", &dbs.built), ("adopted", &dbs.adopted)] {
        assert_eq!(
            diffs(url, "with_filter"),
            none,
            "Alembic's autogenerate finds differences in the database pschema {what}, with the filter"
        );
        assert_eq!(
            diffs(url, "with_filter_server_defaults"),
            none,
            "the same with compare_server_default=True, on the database pschema {what}"
        );
        assert_eq!(
            diffs(url, "without_filter"),
            history,
            "without the filter, the database pschema {what} differs only by pschema_history"
        );
    }
    let mut changes: Vec<String> = dbs.changes.iter().map(|c| c.to_string()).collect();
    changes.sort();
    assert_eq!(
        diffs(&dbs.changed, "with_filter"),
        changes,
        "a changed database shows its changes"
    );
    changes.extend(history.iter().cloned());
    changes.sort();
    assert_eq!(diffs(&dbs.changed, "without_filter"), changes);

    // 2. The real commands, in copies of tests/alembic: one with env.py as it
    // is, one with the filter taken out of both context.configure calls.
    let tmp = tempfile::tempdir().unwrap();
    let with = tmp.path().join("with");
    let without = tmp.path().join("without");
    for dir in [&with, &without] {
        std::fs::create_dir_all(dir.join("versions")).unwrap();
        for file in [
            "alembic.ini",
            "env.py",
            "script.py.mako",
            "versions/e2f21cb79a61_baseline.py",
        ] {
            std::fs::copy(alembic_dir().join(file), dir.join(file)).unwrap();
        }
    }
    let env_py = std::fs::read_to_string(with.join("env.py")).unwrap();
    let passes_filter = |line: &&str| line.trim() == "include_name=include_name,";
    assert_eq!(
        env_py.lines().filter(passes_filter).count(),
        2,
        "env.py passes the filter to both context.configure calls"
    );
    let without_filter: String = env_py
        .lines()
        .filter(|line| !passes_filter(line))
        .map(|line| format!("{line}\n"))
        .collect();
    std::fs::write(without.join("env.py"), without_filter).unwrap();

    let alembic = |dir: &Path, url: &str, args: &[&str]| -> Output {
        let mut all = vec!["-m", "alembic", "-c", "alembic.ini"];
        all.extend_from_slice(args);
        run_python(
            python,
            dir,
            &all,
            &[("DATABASE_URL", url), ("PSCHEMA_REFERENCE_URL", &dbs.reference)],
        )
    };
    for url in [&dbs.built, &dbs.adopted] {
        let out = alembic(&with, url, &["check"]);
        assert!(
            out.status.success() && stdout(&out).contains("No new upgrade operations detected."),
            "alembic check with the filter, on {url}:\n{}",
            text(&out)
        );
        let out = alembic(&without, url, &["check"]);
        assert!(
            !out.status.success(),
            "alembic check without the filter passes on {url}"
        );
        assert!(
            text(&out).contains("New upgrade operations detected: [('remove_table', Table('pschema_history'"),
            "alembic check without the filter, on {url}:\n{}",
            text(&out)
        );
    }
    let out = alembic(
        &without,
        &dbs.built,
        &["revision", "--autogenerate", "-m", "next", "--rev-id", "0000000000b1"],
    );
    assert!(out.status.success(), "{}", text(&out));
    let revision = std::fs::read_to_string(without.join("versions/0000000000b1_next.py")).unwrap();
    assert!(revision.contains("op.drop_table('pschema_history')"), "{revision}");

    // Alembic's next revision starts from the one pschema left in alembic_version,
    // finds nothing to do, and runs.
    let out = alembic(
        &with,
        &dbs.built,
        &["revision", "--autogenerate", "-m", "next", "--rev-id", "0000000000a1"],
    );
    assert!(out.status.success(), "{}", text(&out));
    let revision = std::fs::read_to_string(with.join("versions/0000000000a1_next.py")).unwrap();
    assert!(revision.contains("down_revision = 'e2f21cb79a61'"), "{revision}");
    assert!(
        !revision.contains("op."),
        "autogenerate with the filter proposes operations:\n{revision}"
    );
    let out = alembic(&with, &dbs.built, &["upgrade", "head"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("Running upgrade e2f21cb79a61 -> 0000000000a1, next"),
        "{}",
        text(&out)
    );
    let out = alembic(&with, &dbs.built, &["current"]);
    assert!(stdout(&out).contains("0000000000a1 (head)"), "{}", text(&out));
}

/// What Alembic ran for the baseline, on SQLite (its INSERT ... RETURNING
/// returns a row: run as a query).
fn alembic_baseline_sqlite(path: &Path) {
    let conn = rusqlite::Connection::open(path).unwrap();
    for statement in reference("alembic-emitted.sql")
        .split(";\n")
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        conn.prepare(statement).unwrap().raw_query().next().unwrap();
    }
}

#[test]
fn alembic_finds_no_difference_in_a_sqlite_database_pschema_built_or_adopted() {
    let Some(python) = python() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let path = |name: &str| tmp.path().join(name);

    alembic_baseline_sqlite(&path("reference.db"));
    upgrade_head(&url(&path("built.db")), "Applied e2f21cb79a61");
    alembic_baseline_sqlite(&path("adopted.db"));
    upgrade_head(&url(&path("adopted.db")), "Adopted e2f21cb79a61");
    upgrade_head(&url(&path("changed.db")), "Applied e2f21cb79a61");
    rusqlite::Connection::open(path("changed.db"))
        .unwrap()
        .execute_batch("DROP INDEX ix_users_id; ALTER TABLE users ADD COLUMN nickname VARCHAR(20);")
        .unwrap();

    hand_back(
        &python,
        &Databases {
            reference: url(&path("reference.db")),
            built: url(&path("built.db")),
            adopted: url(&path("adopted.db")),
            changed: url(&path("changed.db")),
            changes: &["add_index users.ix_users_id", "remove_column users.nickname"],
        },
    );
}

/// A database of its own on the test server, dropped afterwards.
struct Database {
    admin: postgres::Client,
    name: String,
    url: String,
}

impl Database {
    fn new(server: &str, label: &str) -> Database {
        let mut admin = postgres::Client::connect(server, postgres::NoTls).unwrap();
        let name = format!("pschema_alembic_{}_{label}", std::process::id());
        admin
            .batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            .unwrap();
        admin.batch_execute(&format!("CREATE DATABASE {name}")).unwrap();
        let base = server.rsplit_once('/').map_or(server, |(base, _)| base);
        let url = format!("{base}/{name}");
        Database { admin, name, url }
    }

    fn execute(&self, sql: &str) {
        postgres::Client::connect(&self.url, postgres::NoTls)
            .unwrap()
            .batch_execute(sql)
            .unwrap();
    }
}

impl Drop for Database {
    fn drop(&mut self) {
        self.admin
            .batch_execute(&format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name))
            .ok();
    }
}

#[test]
fn alembic_finds_no_difference_in_a_postgres_database_pschema_built_or_adopted() {
    let Some(python) = python() else { return };
    let Some(server) = postgres_server() else { return };
    let alembic_ddl = reference("postgres/alembic-emitted.sql");

    let reference = Database::new(&server, "reference");
    reference.execute(&alembic_ddl);
    let built = Database::new(&server, "built");
    upgrade_head(&built.url, "Applied e2f21cb79a61");
    let adopted = Database::new(&server, "adopted");
    adopted.execute(&alembic_ddl);
    upgrade_head(&adopted.url, "Adopted e2f21cb79a61");
    let changed = Database::new(&server, "changed");
    upgrade_head(&changed.url, "Applied e2f21cb79a61");
    changed.execute(
        "ALTER TABLE users ALTER COLUMN name TYPE VARCHAR(200); \
         ALTER TABLE users ALTER COLUMN is_active SET NOT NULL; \
         COMMENT ON TABLE clients IS 'changed by hand'",
    );

    hand_back(
        &python,
        &Databases {
            reference: reference.url.clone(),
            built: built.url.clone(),
            adopted: adopted.url.clone(),
            changed: changed.url.clone(),
            changes: &[
                "modify_type users.name: VARCHAR(length=200) -> VARCHAR(length=100)",
                "modify_nullable users.is_active: False -> True",
                "remove_table_comment clients",
            ],
        },
    );
}

/// docs/alembic.md shows the filter exactly as the tested env.py has it.
#[test]
fn the_documented_filter_is_the_tested_one() {
    let env_py = std::fs::read_to_string(alembic_dir().join("env.py")).unwrap();
    let start = env_py.find(BEGIN).expect("env.py marks the include_name block");
    let start = start + env_py[start..].find('\n').unwrap() + 1;
    let end = env_py
        .find(END)
        .expect("env.py marks the end of the include_name block");
    let block = &env_py[start..end];
    assert!(
        block.contains("def include_name(name, type_, parent_names):"),
        "{block}"
    );
    let docs = std::fs::read_to_string(repo_root().join("docs/alembic.md")).unwrap();
    assert!(
        docs.contains(block),
        "docs/alembic.md must show the include_name block of tests/alembic/env.py as it is:\n{block}"
    );
    assert!(
        docs.contains("include_name=include_name,"),
        "docs/alembic.md passes it to context.configure"
    );
}
