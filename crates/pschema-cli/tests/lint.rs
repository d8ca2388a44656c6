//! `lint` from the command line: which migrations it reviews, what it prints,
//! its exit code, and a finding accepted on purpose.

mod common;

use common::*;
use std::path::Path;

const V1: &str = "table users {
  id    Integer @id
  email String(100)
  name  String(50)?
}
";

/// A project with two migrations: `users`, then an index, a NOT NULL and a
/// wider column on it (an existing table by then).
fn project() -> tempfile::TempDir {
    let project = empty_project(V1);
    let p = project.path();
    ok(
        p,
        &["revision", "--autogenerate", "-m", "users", "--rev-id", "aaaaaaaaaaaa"],
    );
    write_schema(
        p,
        &V1.replace("String(100)", "String(100) @index")
            .replace("name  String(50)?", "name  String(50) @fill(\"\")"),
    );
    ok(
        p,
        &[
            "revision",
            "--autogenerate",
            "-m",
            "tighten",
            "--rev-id",
            "bbbbbbbbbbbb",
        ],
    );
    project
}

fn json(p: &Path, args: &[&str]) -> serde_json::Value {
    let out = pschema_in(p, args);
    serde_json::from_str(&stdout(&out)).unwrap_or_else(|e| panic!("{args:?}: {e}: {}", stdout(&out)))
}

fn codes(value: &serde_json::Value) -> Vec<(String, String, String)> {
    value["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["migration"].as_str().unwrap().to_string(),
                f["dialect"].as_str().unwrap().to_string(),
                f["code"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// The second migration's PostgreSQL SQL as Alembic's autogenerate writes it.
fn naive(p: &Path) {
    std::fs::write(
        p.join("migrations/bbbbbbbbbbbb_tighten/postgres/up.sql"),
        "CREATE INDEX ix_users_email ON users (email);\n\n\
         UPDATE users SET name = '' WHERE name IS NULL;\n\n\
         ALTER TABLE users ALTER COLUMN name SET NOT NULL;\n",
    )
    .unwrap();
    ok(p, &["hash"]);
}

#[test]
fn what_autogenerate_writes_passes_on_postgresql() {
    let project = project();
    let p = project.path();
    let up = std::fs::read_to_string(p.join("migrations/bbbbbbbbbbbb_tighten/postgres/up.sql")).unwrap();
    assert!(up.contains("CREATE INDEX CONCURRENTLY ix_users_email"), "{up}");
    let found = codes(&json(p, &["lint", "--all", "--dialect", "postgresql", "--json"]));
    assert!(
        found.iter().all(|(_, _, code)| code == "M002"),
        "only the first migration's down drops data: {found:?}"
    );
}

#[test]
fn lint_finds_the_locks_of_a_naive_migration_and_fails_on_errors() {
    let project = project();
    let p = project.path();
    naive(p);
    let out = pschema_in(p, &["--ddl-lock-timeout", "0", "lint", "--all"]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.contains("error[P001] index-not-concurrent: migrations/bbbbbbbbbbbb_tighten/postgres/up.sql:"),
        "{text}"
    );
    assert!(text.contains("error[P004] set-not-null-scans"), "{text}");
    assert!(text.contains("warning[P011] no-lock-timeout"), "{text}");
    assert!(text.contains("2 migration(s) linted"), "{text}");
    assert!(stderr(&out).contains("at or above error"), "{}", stderr(&out));
    // The first migration creates its table: nothing there blocks anyone.
    let found = codes(&json(p, &["lint", "aaaaaaaaaaaa", "--json"]));
    assert!(
        found.iter().all(|(_, _, code)| code == "M002"),
        "only its down drops data: {found:?}"
    );
    // A range, one dialect, and --fail-on.
    let found = codes(&json(
        p,
        &["lint", "aaaaaaaaaaaa:head", "--dialect", "postgresql", "--json"],
    ));
    assert!(
        !found.iter().any(|(_, _, code)| code == "P011"),
        "the runner sets it: {found:?}"
    );
    assert!(
        found.iter().all(|(m, d, _)| m == "bbbbbbbbbbbb" && d == "postgres"),
        "{found:?}"
    );
    assert!(found.iter().any(|(_, _, code)| code == "P001"), "{found:?}");
    ok(p, &["lint", "--all", "--fail-on", "never"]);
    let sqlite_only = pschema_in(p, &["lint", "--all", "--dialect", "sqlite", "--fail-on", "error"]);
    assert_eq!(sqlite_only.status.code(), Some(0), "{}", stdout(&sqlite_only));
    let warnings = pschema_in(p, &["lint", "--all", "--dialect", "sqlite", "--fail-on", "warning"]);
    assert_eq!(
        warnings.status.code(),
        Some(1),
        "M002 is a warning: {}",
        stdout(&warnings)
    );
}

#[test]
fn by_default_lint_reviews_what_the_database_has_not_applied_and_counts_rows_to_copy() {
    let project = project();
    let p = project.path();
    let db = url(&p.join("app.db"));
    // No database yet: everything is pending, in the database's dialect.
    let found = codes(&json(p, &["--database-url", &db, "lint", "--json"]));
    assert!(found.iter().all(|(_, d, _)| d == "sqlite"), "{found:?}");
    assert!(!p.join("app.db").exists(), "lint creates no database");
    ok(p, &["--database-url", &db, "upgrade", "aaaaaaaaaaaa"]);
    let conn = rusqlite::Connection::open(p.join("app.db")).unwrap();
    conn.execute_batch(
        "INSERT INTO users (id, email, name) VALUES (1, 'a@x', 'A'), (2, 'b@x', NULL), (3, 'c@x', 'C');",
    )
    .unwrap();
    drop(conn);
    let value = json(p, &["--database-url", &db, "lint", "--json"]);
    assert_eq!(value["migrations"], serde_json::json!(["bbbbbbbbbbbb"]));
    let rebuild = value["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "M003")
        .expect("NOT NULL on SQLite rebuilds users");
    assert!(rebuild["effect"].as_str().unwrap().contains("3 rows"), "{rebuild}");
    ok(p, &["--database-url", &db, "upgrade", "head"]);
    let value = json(p, &["--database-url", &db, "lint", "--json"]);
    assert_eq!(value["findings"], serde_json::json!([]));
    assert_eq!(value["migrations"], serde_json::json!([]));
}

#[test]
fn a_finding_accepted_with_a_reason_is_listed_but_does_not_fail() {
    let project = project();
    let p = project.path();
    naive(p);
    let up = p.join("migrations/bbbbbbbbbbbb_tighten/postgres/up.sql");
    let text = std::fs::read_to_string(&up).unwrap();
    let mut accepted = String::from("SET lock_timeout = '2s';\n");
    for statement in text.split_inclusive(";\n") {
        let code = if statement.contains("CREATE INDEX") {
            Some("P001 users is small in every deployment")
        } else if statement.contains("SET NOT NULL") {
            Some("P004 users is small in every deployment")
        } else {
            None
        };
        if let Some(code) = code {
            accepted.push_str(&format!("\n-- pschema:lint-ignore {code}\n"));
        }
        accepted.push_str(statement);
    }
    std::fs::write(&up, accepted).unwrap();
    ok(p, &["hash"]);
    let out = pschema_in(p, &["lint", "bbbbbbbbbbbb", "--dialect", "postgresql"]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(
        text.contains("accepted error[P001]") && text.contains("users is small in every deployment"),
        "{text}"
    );
    assert!(!text.contains("P011"), "the runner sets the lock timeout: {text}");
}
