//! End to end through the `pschema` binary, as `cargo xtask migrate` and the
//! production image run it.

mod common;

use common::*;
use rusqlite::Connection;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

fn reference() -> Value {
    let path = repo_root().join("tests/data/reference/paciolus-v1.2.0/sqlite-introspection.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn query_strings(conn: &Connection, sql: &str, arg: &str) -> Vec<Vec<Value>> {
    let mut stmt = conn.prepare(sql).unwrap();
    let columns = stmt.column_count();
    stmt.query_map([arg], |row| {
        Ok((0..columns)
            .map(|i| match row.get_ref(i).unwrap() {
                rusqlite::types::ValueRef::Null => Value::Null,
                rusqlite::types::ValueRef::Integer(n) => Value::from(n),
                rusqlite::types::ValueRef::Text(t) => Value::from(String::from_utf8_lossy(t).into_owned()),
                other => panic!("unexpected value {other:?}"),
            })
            .collect())
    })
    .unwrap()
    .collect::<Result<_, _>>()
    .unwrap()
}

#[test]
fn upgrade_head_builds_exactly_what_alembic_builds() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("paciolus.db");
    let out = pschema(tmp.path(), &["--database-url", &url(&db), "upgrade", "head"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("Applied e2f21cb79a61"), "{}", stdout(&out));

    let conn = Connection::open(&db).unwrap();
    let reference = reference();
    let tables = reference["tables"].as_object().unwrap();
    let ours: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN ('alembic_version', 'pschema_history', 'pschema_progress') ORDER BY name")
        .unwrap()
        .query_map([], |row| row.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut expected_names: Vec<&String> = tables.keys().collect();
    expected_names.sort();
    assert_eq!(ours.iter().collect::<Vec<_>>(), expected_names, "the same tables");

    for (table, expected) in tables {
        // PRAGMA table_xinfo: name, declared type, notnull, default, pk.
        let columns = query_strings(
            &conn,
            "SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_xinfo(?1) ORDER BY cid",
            table,
        );
        let expected_columns: Vec<Vec<Value>> = expected["columns"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                vec![
                    c["name"].clone(),
                    c["type"].clone(),
                    c["notnull"].clone(),
                    c["dflt_value"].clone(),
                    c["pk"].clone(),
                ]
            })
            .collect();
        assert_eq!(columns, expected_columns, "columns of {table}");

        // index_list with index_info: name, unique, origin, columns in order.
        let mut indexes: Vec<(Value, Value, Value, Vec<Vec<Value>>)> = query_strings(
            &conn,
            "SELECT name, \"unique\", origin FROM pragma_index_list(?1)",
            table,
        )
        .into_iter()
        .map(|row| {
            let name = row[0].as_str().unwrap().to_string();
            let columns = query_strings(
                &conn,
                "SELECT seqno, cid, name FROM pragma_index_info(?1) ORDER BY seqno",
                &name,
            );
            (row[0].clone(), row[1].clone(), row[2].clone(), columns)
        })
        .collect();
        indexes.sort_by(|a, b| a.0.as_str().cmp(&b.0.as_str()));
        let mut expected_indexes: Vec<(Value, Value, Value, Vec<Vec<Value>>)> = expected["indexes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| {
                let columns = i["columns"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|c| vec![c["seqno"].clone(), c["cid"].clone(), c["name"].clone()])
                    .collect();
                (i["name"].clone(), i["unique"].clone(), i["origin"].clone(), columns)
            })
            .collect();
        expected_indexes.sort_by(|a, b| a.0.as_str().cmp(&b.0.as_str()));
        assert_eq!(indexes, expected_indexes, "indexes of {table}");

        // foreign_key_list: id, seq, table, from, to, on_update, on_delete, match.
        let fks = query_strings(
            &conn,
            "SELECT id, seq, \"table\", \"from\", \"to\", on_update, on_delete, \"match\" FROM pragma_foreign_key_list(?1)",
            table,
        );
        let expected_fks: Vec<Vec<Value>> = expected["foreign_keys"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                ["id", "seq", "table", "from", "to", "on_update", "on_delete", "match"]
                    .iter()
                    .map(|k| f[*k].clone())
                    .collect()
            })
            .collect();
        assert_eq!(fks, expected_fks, "foreign keys of {table}");

        // Even the stored CREATE statements are SQLAlchemy's, character for character.
        let sql: String = conn
            .query_row("SELECT sql FROM sqlite_master WHERE name = ?1", [table], |r| r.get(0))
            .unwrap();
        assert_eq!(sql, expected["create_sql"].as_str().unwrap(), "CREATE TABLE {table}");
        for index in expected["indexes"].as_array().unwrap() {
            let sql: String = conn
                .query_row(
                    "SELECT sql FROM sqlite_master WHERE name = ?1",
                    [index["name"].as_str().unwrap()],
                    |r| r.get(0),
                )
                .unwrap();
            assert_eq!(sql, index["sql"].as_str().unwrap());
        }
    }

    let version: String = conn
        .query_row("SELECT version_num FROM alembic_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, "e2f21cb79a61");
    let version_ddl: String = conn
        .query_row(
            "SELECT sql FROM sqlite_master WHERE name = 'alembic_version'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let alembic_sql =
        std::fs::read_to_string(repo_root().join("tests/data/reference/paciolus-v1.2.0/alembic-emitted.sql")).unwrap();
    assert!(
        alembic_sql.starts_with(&version_ddl),
        "alembic_version is created with Alembic's own DDL"
    );
    let (revision, direction, checksum): (String, String, String) = conn
        .query_row("SELECT revision, direction, checksum FROM pschema_history", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .unwrap();
    assert_eq!(
        (revision.as_str(), direction.as_str(), checksum.len()),
        ("e2f21cb79a61", "up", 64)
    );
}

#[test]
fn current_and_history_after_upgrade() {
    let tmp = tempfile::tempdir().unwrap();
    let db = url(&tmp.path().join("paciolus.db"));
    assert!(
        pschema(tmp.path(), &["--database-url", &db, "upgrade", "head"])
            .status
            .success()
    );

    let current = pschema(tmp.path(), &["--database-url", &db, "current"]);
    assert!(current.status.success());
    assert_eq!(stdout(&current), "e2f21cb79a61 (head)\n");

    let history = pschema(tmp.path(), &["history"]);
    assert!(history.status.success());
    assert_eq!(
        stdout(&history),
        "<base> -> e2f21cb79a61 (head), baseline: full schema as of v1.2.0\n"
    );

    let json = pschema(tmp.path(), &["--database-url", &db, "current", "--json"]);
    let value: Value = serde_json::from_str(&stdout(&json)).unwrap();
    assert_eq!(value["current"][0]["revision"], "e2f21cb79a61");
    assert_eq!(value["current"][0]["head"], true);
}

#[test]
fn a_second_upgrade_does_nothing_and_says_so() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("paciolus.db");
    let db = url(&path);
    assert!(
        pschema(tmp.path(), &["--database-url", &db, "upgrade", "head"])
            .status
            .success()
    );
    let before = std::fs::read(&path).unwrap();
    let again = pschema(tmp.path(), &["--database-url", &db, "upgrade", "head"]);
    assert!(again.status.success());
    assert_eq!(
        stdout(&again),
        "Nothing to upgrade: the database is already at e2f21cb79a61 (head).\n"
    );
    assert!(
        std::fs::read(&path).unwrap() == before,
        "the database file is unchanged"
    );
}

#[test]
fn the_default_url_is_paciolus_db_in_the_working_directory() {
    let tmp = tempfile::tempdir().unwrap();
    let out = pschema(tmp.path(), &["upgrade", "head"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(tmp.path().join("paciolus.db").is_file());
}

#[test]
fn database_url_comes_from_the_environment_like_paciolus_sets_it() {
    let tmp = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_pschema"))
        .current_dir(tmp.path())
        .env("DATABASE_URL", "sqlite:///from_env.db")
        .arg("--migrations-dir")
        .arg(repo_root().join("migrations"))
        .args(["upgrade", "head"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(tmp.path().join("from_env.db").is_file());
    assert!(!tmp.path().join("paciolus.db").exists());
}

#[test]
fn downgrade_to_base_and_up_again() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("paciolus.db");
    let db = url(&path);
    assert!(
        pschema(tmp.path(), &["--database-url", &db, "upgrade", "head"])
            .status
            .success()
    );
    let schema_sql = |path: &Path| -> Vec<String> {
        let conn = Connection::open(path).unwrap();
        let mut stmt = conn.prepare("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND tbl_name NOT IN ('alembic_version', 'pschema_history', 'pschema_progress') ORDER BY name").unwrap();
        stmt.query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    let built = schema_sql(&path);

    let down = pschema(tmp.path(), &["--database-url", &db, "downgrade", "base"]);
    assert!(down.status.success(), "{}", stderr(&down));
    assert!(stdout(&down).contains("Reverted e2f21cb79a61"));
    assert_eq!(
        stderr(&down),
        "warning: reverting e2f21cb79a61 (baseline: full schema as of v1.2.0) drops data that going the other way cannot bring back\n",
        "the warning comes before the baseline's tables are dropped"
    );
    assert!(schema_sql(&path).is_empty(), "every table is gone");
    let current = pschema(tmp.path(), &["--database-url", &db, "current"]);
    assert_eq!(stdout(&current), "");

    assert!(
        pschema(tmp.path(), &["--database-url", &db, "upgrade", "+1"])
            .status
            .success()
    );
    assert_eq!(schema_sql(&path), built);
    let down = pschema(tmp.path(), &["--database-url", &db, "downgrade", "-1"]);
    assert!(down.status.success(), "{}", stderr(&down));
    assert!(schema_sql(&path).is_empty());
}

#[test]
fn a_malformed_url_is_an_error_and_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    for bad in [
        "paciolus.db",
        "sqlite://localhost/paciolus.db",
        "mysql://root@localhost/paciolus",
    ] {
        let out = pschema(tmp.path(), &["--database-url", bad, "upgrade", "head"]);
        assert_eq!(out.status.code(), Some(1), "{bad}");
        assert!(
            stderr(&out).starts_with(&format!("error: invalid database URL `{bad}`")),
            "{}",
            stderr(&out)
        );
    }
    assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 0, "nothing was written");
}

#[test]
fn a_file_that_is_not_a_database_is_an_error_and_is_left_alone() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("notes.txt");
    let text = "these are not the pages of a database, just some text that is long enough to look like a header";
    std::fs::write(&path, text).unwrap();
    for command in [&["upgrade", "head"][..], &["current"][..]] {
        let mut args = vec!["--database-url", "sqlite:///notes.txt"];
        args.extend_from_slice(command);
        let out = pschema(tmp.path(), &args);
        assert_eq!(out.status.code(), Some(1));
        assert_eq!(stderr(&out), "error: notes.txt is not a SQLite database\n");
    }
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
    assert_eq!(
        std::fs::read_dir(tmp.path()).unwrap().count(),
        1,
        "no journal or other file left behind"
    );
}

#[test]
fn a_directory_that_does_not_exist_is_an_error_and_is_not_created() {
    let tmp = tempfile::tempdir().unwrap();
    let out = pschema(
        tmp.path(),
        &["--database-url", "sqlite:///missing/dir/paciolus.db", "upgrade", "head"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "error: missing/dir/paciolus.db: the directory missing/dir does not exist\n"
    );
    assert!(!tmp.path().join("missing").exists());

    let json = pschema(
        tmp.path(),
        &[
            "--database-url",
            "sqlite:///missing/dir/paciolus.db",
            "upgrade",
            "head",
            "--json",
        ],
    );
    assert_eq!(json.status.code(), Some(1));
    let value: Value = serde_json::from_str(&stdout(&json)).unwrap();
    assert_eq!(value["error"]["kind"], "no_such_directory");
}

#[test]
fn current_on_a_missing_database_creates_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let out = pschema(tmp.path(), &["current"]);
    assert!(out.status.success());
    assert_eq!(stdout(&out), "");
    assert!(stderr(&out).contains("at base"));
    assert!(!tmp.path().join("paciolus.db").exists());
}

#[test]
fn a_database_at_an_unknown_revision_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("paciolus.db");
    let conn = Connection::open(&path).unwrap();
    conn.execute_batch("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY); INSERT INTO alembic_version VALUES ('0123456789ab');").unwrap();
    drop(conn);
    let out = pschema(tmp.path(), &["upgrade", "head"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "error: the database is at revision 0123456789ab, which is not in the migrations directory\n"
    );
}

#[test]
fn check_passes_on_the_repository() {
    let tmp = tempfile::tempdir().unwrap();
    let out = pschema(tmp.path(), &["check"]);
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn check_exits_3_on_drift_and_1_on_an_error() {
    let project = scratch_project();
    let p = project.path();
    ok(p, &["check"]);
    ok(p, &["upgrade", "head"]);
    ok(p, &["check"]);
    Connection::open(p.join("paciolus.db"))
        .unwrap()
        .execute_batch("ALTER TABLE users ADD COLUMN nickname VARCHAR(20)")
        .unwrap();
    let err = drifts(p, &["check"]);
    assert!(
        err.starts_with("error: the database differs from the schema of its revision e2f21cb79a61:\n"),
        "{err}"
    );
    // --json: the check's own object says what drifted; no error object.
    let out = pschema_in(p, &["--json", "check"]);
    assert_eq!(out.status.code(), Some(3));
    let value: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(value["ok"], false);
    assert_eq!(
        value["database"]["drift"],
        serde_json::json!(["table users: column nickname is not expected"])
    );
    assert!(value.get("error").is_none(), "{value}");
    // The schema file drifting from the latest migration is drift as well.
    edit_schema(
        p,
        "  fiscal_year_end String(5)\n",
        "  fiscal_year_end String(5)\n  title String(20)?\n",
    );
    assert!(drifts(p, &["check"]).contains("differs from the latest migration"));

    // Errors: the check could not be made.
    for (args, kind) in [
        (&["--database-url", "mysql://db/paciolus", "check"][..], "bad_url"),
        (
            &["--database-url", "postgresql://app@127.0.0.1:1/x", "check"],
            "postgres",
        ),
        (&["--migrations-dir", "nowhere", "check"], "no_migrations_dir"),
    ] {
        let out = pschema_in(p, args);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).starts_with("error: "), "{args:?}");
        let mut json = vec!["--json"];
        json.extend_from_slice(args);
        let out = pschema_in(p, &json);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let value: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
        assert_eq!(value["error"]["kind"], kind, "{args:?}: {value}");
    }
    std::fs::write(p.join("schema/paciolus.pschema"), "table users {\n  id Intger @id\n}\n").unwrap();
    assert!(fails(p, &["check"]).contains("unknown type `Intger`"));

    // --help says which is which.
    let help = stdout(&pschema_in(p, &["--help"]));
    assert!(help.contains("Exit codes:\n  0  success"), "{help}");
    assert!(help.contains("\n  1  an error"), "{help}");
    assert!(help.contains("\n  2  a usage error"), "{help}");
    assert!(help.contains("\n  3  check found drift"), "{help}");
}

#[test]
fn an_invalid_schema_is_reported_with_file_line_and_caret() {
    let tmp = tempfile::tempdir().unwrap();
    let schema = tmp.path().join("bad.pschema");
    std::fs::write(&schema, "table users {\n  id Intger @id\n}\n").unwrap();
    let out = pschema(tmp.path(), &["--schema", schema.to_str().unwrap(), "check"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("unknown type `Intger`"), "{err}");
    assert!(err.contains("bad.pschema:2:6"), "{err}");
    assert!(err.contains("2 |   id Intger @id"), "{err}");
    assert!(err.contains("^^^^^^"), "{err}");
}

#[test]
fn autogenerate_upgrade_check_and_downgrade_a_real_change() {
    let project = scratch_project();
    let p = project.path();
    assert!(pschema_in(p, &["upgrade", "head"]).status.success());
    // Paciolus's own later change: money columns from Float to Numeric(19, 2),
    // plus a new column with a server default.
    edit_schema(
        p,
        "  total_debits          Float\n",
        "  total_debits          Numeric(19, 2)\n",
    );
    edit_schema(
        p,
        "  sheet_count           Integer?\n",
        "  sheet_count           Integer?\n  chain_hash            String(64)?\n",
    );
    let check = drifts(p, &["check"]);
    assert!(check.contains("alter table activity_logs"), "{check}");

    let conn = Connection::open(p.join("paciolus.db")).unwrap();
    conn.execute_batch(
        "INSERT INTO users (id, email, hashed_password, tier) VALUES (1, 'a@b.c', 'x', 'FREE');
         INSERT INTO activity_logs (user_id, filename_hash, record_count, total_debits, total_credits, materiality_threshold, was_balanced)
         VALUES (1, 'h', 3, 10.25, 10.25, 1.0, 1);",
    )
    .unwrap();
    drop(conn);

    // Numeric(19, 2) rounds what a Float held beyond two decimals: a narrowing.
    let refused = pschema_in(p, &["revision", "--autogenerate", "-m", "money to numeric"]);
    assert!(stderr(&refused).contains("narrow activity_logs.total_debits from Float to Numeric(19, 2)"));
    let out = pschema_in(
        p,
        &[
            "revision",
            "--autogenerate",
            "-m",
            "money to numeric",
            "--rev-id",
            "a1b2c3d4e5f6",
            "--allow-destructive",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("alter table activity_logs"), "{}", stdout(&out));
    let up = std::fs::read_to_string(p.join("migrations/a1b2c3d4e5f6_money_to_numeric/sqlite/up.sql")).unwrap();
    assert!(up.contains("-- pschema:rebuild activity_logs"), "{up}");
    // The schema file matches, but the database is behind.
    let behind = drifts(p, &["check"]);
    assert!(behind.contains("the database is at e2f21cb79a61, the latest revision is a1b2c3d4e5f6"));

    let upgrade = pschema_in(p, &["upgrade", "head"]);
    assert!(upgrade.status.success(), "{}", stderr(&upgrade));
    assert_eq!(stdout(&pschema_in(p, &["current"])), "a1b2c3d4e5f6 (head)\n");
    let check = pschema_in(p, &["check"]);
    assert!(check.status.success(), "{}", stderr(&check));
    let conn = Connection::open(p.join("paciolus.db")).unwrap();
    let (debits, ty): (f64, String) = conn
        .query_row(
            "SELECT total_debits, (SELECT type FROM pragma_table_info('activity_logs') WHERE name = 'total_debits') FROM activity_logs",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((debits, ty.as_str()), (10.25, "NUMERIC(19, 2)"));
    drop(conn);

    let history = stdout(&pschema_in(p, &["history"]));
    assert!(
        history.starts_with("e2f21cb79a61 -> a1b2c3d4e5f6 (head), money to numeric\n"),
        "{history}"
    );

    let down = pschema_in(p, &["downgrade", "-1"]);
    assert!(down.status.success(), "{}", stderr(&down));
    assert_eq!(stdout(&pschema_in(p, &["current"])), "e2f21cb79a61\n");
    let conn = Connection::open(p.join("paciolus.db")).unwrap();
    let rows: i64 = conn
        .query_row("SELECT count(*) FROM activity_logs", [], |r| r.get(0))
        .unwrap();
    assert_eq!(rows, 1, "the row survived up and down");
}

#[test]
fn autogenerate_with_nothing_to_do_writes_nothing() {
    let project = scratch_project();
    let out = pschema_in(project.path(), &["revision", "--autogenerate", "-m", "nothing"]);
    assert!(out.status.success());
    assert!(stdout(&out).starts_with("No changes:"), "{}", stdout(&out));
    assert_eq!(std::fs::read_dir(project.path().join("migrations")).unwrap().count(), 1);
}

#[test]
fn a_destructive_change_needs_the_flag_and_a_lookalike_rename_gets_a_hint() {
    let project = scratch_project();
    let p = project.path();
    edit_schema(
        p,
        "  filename_display      String(20)?\n",
        "  display_name          String(20)?\n",
    );
    let out = pschema_in(p, &["revision", "--autogenerate", "-m", "rename"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("drop column activity_logs.filename_display"), "{err}");
    assert!(
        err.contains("write `display_name String(20) @renamed_from(filename_display)`"),
        "the hint to write: {err}"
    );
    assert_eq!(
        std::fs::read_dir(p.join("migrations")).unwrap().count(),
        1,
        "nothing written"
    );

    let out = pschema_in(
        p,
        &["revision", "--autogenerate", "-m", "drop it", "--allow-destructive"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let written: Vec<PathBuf> = std::fs::read_dir(p.join("migrations"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|d| !d.ends_with("e2f21cb79a61_baseline_full_schema_as_of_v1_2_0"))
        .collect();
    let meta = std::fs::read_to_string(written[0].join("migration.toml")).unwrap();
    assert!(meta.contains("destructive = true"), "{meta}");
    let id = written[0].file_name().unwrap().to_string_lossy()[..12].to_string();
    assert!(id.chars().all(|c| c.is_ascii_hexdigit()), "an Alembic-like id: {id}");
}

#[test]
fn a_hand_written_revision_starts_empty_and_runs() {
    let project = scratch_project();
    let p = project.path();
    let out = pschema_in(p, &["revision", "-m", "backfill names", "--rev-id", "bbbbbbbbbbbb"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let up_path = p.join("migrations/bbbbbbbbbbbb_backfill_names/sqlite/up.sql");
    let up = std::fs::read_to_string(&up_path).unwrap();
    assert!(up.contains("Nothing to do"), "{up}");
    std::fs::write(
        &up_path,
        format!("{up}UPDATE users SET name = 'unknown' WHERE name IS NULL;\n"),
    )
    .unwrap();
    let refused = pschema_in(p, &["upgrade", "head"]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(
        stderr(&refused).contains("was edited after it was generated"),
        "{}",
        stderr(&refused)
    );
    assert!(pschema_in(p, &["hash"]).status.success());
    let out = pschema_in(p, &["upgrade", "head"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("Applied bbbbbbbbbbbb (backfill names)"));
}

#[test]
fn a_postgres_server_that_is_down_is_one_clear_line() {
    let tmp = tempfile::tempdir().unwrap();
    let out = pschema(
        tmp.path(),
        &[
            "--database-url",
            "postgresql://app:s3cret@127.0.0.1:1/paciolus",
            "current",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.starts_with("error: PostgreSQL, connecting to postgresql://app:***@127.0.0.1:1/paciolus: error connecting to server: Connection refused"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(!err.contains("s3cret"), "the password stays out: {err}");
}

#[test]
fn offline_sql_refuses_a_url_it_cannot_read_rather_than_guess_the_dialect() {
    let tmp = tempfile::tempdir().unwrap();
    let bad = "postgresql://app@db/paciolus?sslmode=sometimes";
    let out = pschema(tmp.path(), &["--database-url", bad, "upgrade", "head", "--sql"]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert!(
        stderr(&out).starts_with(&format!("error: invalid database URL `{bad}`: unknown sslmode")),
        "{}",
        stderr(&out)
    );
    // Upper-case schemes are schemes: PostgreSQL's SQL.
    let out = pschema(
        tmp.path(),
        &[
            "--database-url",
            "PostgreSQL://app@db/paciolus",
            "upgrade",
            "head",
            "--sql",
        ],
    );
    assert!(stdout(&out).contains("CREATE TYPE"), "{}", stderr(&out));
}
