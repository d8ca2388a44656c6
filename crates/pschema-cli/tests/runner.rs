//! The runner end to end: revision graphs with branches and merges, prefixes,
//! stamp, offline SQL, checksums, adoption of an Alembic database, the lock,
//! and concurrent runners.

mod common;

use common::*;
use rusqlite::Connection;
use std::path::Path;

fn tables(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("table {n} {{\n  id Integer @id\n}}\n"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn db_tables(project: &Path) -> Vec<String> {
    let conn = Connection::open(project.join("paciolus.db")).unwrap();
    let mut stmt = conn
        .prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN ('alembic_version', 'pschema_history', 'pschema_progress') ORDER BY name",
        )
        .unwrap();
    stmt.query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

fn history_rows(project: &Path) -> Vec<(String, String)> {
    let conn = Connection::open(project.join("paciolus.db")).unwrap();
    let mut stmt = conn
        .prepare("SELECT revision, direction FROM pschema_history ORDER BY id")
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

/// a; b and c both on top of a.
fn branched_project() -> tempfile::TempDir {
    let project = empty_project(&tables(&["a"]));
    let p = project.path();
    ok(
        p,
        &["revision", "--autogenerate", "-m", "a", "--rev-id", "aaaa00000000"],
    );
    write_schema(p, &tables(&["a", "b"]));
    ok(
        p,
        &["revision", "--autogenerate", "-m", "b", "--rev-id", "bbbb00000000"],
    );
    write_schema(p, &tables(&["a", "c"]));
    ok(
        p,
        &[
            "revision",
            "--autogenerate",
            "-m",
            "c",
            "--rev-id",
            "cccc00000000",
            "--head",
            "aaaa",
        ],
    );
    project
}

#[test]
fn a_diamond_merge_goes_up_and_down() {
    let project = branched_project();
    let p = project.path();
    assert_eq!(ok(p, &["heads"]), "bbbb00000000 (head)\ncccc00000000 (head)\n");
    assert_eq!(
        ok(p, &["branches"]),
        "aaaa00000000 (branchpoint), a\n  -> bbbb00000000\n  -> cccc00000000\n"
    );
    write_schema(p, &tables(&["a", "b", "c"]));
    let err = fails(p, &["revision", "--autogenerate", "-m", "more"]);
    assert!(
        err.contains("several heads: bbbb00000000, cccc00000000; merge them"),
        "{err}"
    );
    let merged = ok(p, &["merge", "-m", "join b and c", "heads", "--rev-id", "dddd00000000"]);
    assert!(merged.contains("Generated dddd00000000"), "{merged}");
    assert_eq!(
        ok(p, &["history"]),
        "bbbb00000000, cccc00000000 -> dddd00000000 (head) (mergepoint), join b and c\n\
         aaaa00000000 -> cccc00000000, c\n\
         aaaa00000000 -> bbbb00000000, b\n\
         <base> -> aaaa00000000 (branchpoint), a\n"
    );
    ok(p, &["check"]);

    let up = ok(p, &["upgrade", "head"]);
    assert!(up.contains("Applied dddd00000000"), "{up}");
    assert_eq!(db_tables(p), ["a", "b", "c"]);
    assert_eq!(ok(p, &["current"]), "dddd00000000 (head)\n");

    // Alembic refuses this with "Ambiguous walk"; pschema steps back to both parents.
    ok(p, &["downgrade", "-1"]);
    assert_eq!(ok(p, &["current"]), "bbbb00000000\ncccc00000000\n");
    assert_eq!(db_tables(p), ["a", "b", "c"]);
    ok(p, &["downgrade", "aaaa"]);
    assert_eq!(ok(p, &["current"]), "aaaa00000000\n");
    assert_eq!(db_tables(p), ["a"]);

    ok(p, &["upgrade", "bbbb"]);
    assert_eq!(ok(p, &["current"]), "bbbb00000000\n");
    assert_eq!(db_tables(p), ["a", "b"]);
    ok(p, &["upgrade", "heads"]);
    assert_eq!(ok(p, &["current"]), "dddd00000000 (head)\n");
    ok(p, &["downgrade", "base"]);
    assert!(db_tables(p).is_empty());
    let ups = history_rows(p).iter().filter(|(_, d)| d == "up").count();
    assert_eq!(ups, 4 + 1 + 2, "a, b, c, d; then b; then c and d");
}

#[test]
fn a_three_parent_merge_goes_up_and_down() {
    let project = branched_project();
    let p = project.path();
    write_schema(p, &tables(&["a", "e"]));
    ok(
        p,
        &[
            "revision",
            "--autogenerate",
            "-m",
            "e",
            "--rev-id",
            "eeee00000000",
            "--head",
            "aaaa",
        ],
    );
    write_schema(p, &tables(&["a", "b", "c", "e"]));
    ok(
        p,
        &[
            "merge",
            "-m",
            "join three",
            "bbbb",
            "cccc",
            "eeee",
            "--rev-id",
            "ffff00000000",
        ],
    );
    let show = ok(p, &["show", "ffff"]);
    assert!(
        show.starts_with("Rev: ffff00000000 (head)\nParent: bbbb00000000, cccc00000000, eeee00000000\n"),
        "{show}"
    );
    ok(p, &["upgrade", "head"]);
    assert_eq!(db_tables(p), ["a", "b", "c", "e"]);
    ok(p, &["downgrade", "-1"]);
    assert_eq!(ok(p, &["current"]), "bbbb00000000\ncccc00000000\neeee00000000\n");
    ok(p, &["downgrade", "-1"]);
    assert_eq!(
        ok(p, &["current"]),
        "bbbb00000000\ncccc00000000\n",
        "the newest of the three went first"
    );
    ok(p, &["upgrade", "head"]);
    assert_eq!(ok(p, &["current"]), "ffff00000000 (head)\n");
    ok(p, &["check"]);
}

#[test]
fn a_merge_of_branches_that_do_not_add_up_to_the_schema_file_is_refused() {
    let project = branched_project();
    let p = project.path();
    // The schema file forgets table c, which one branch adds.
    write_schema(p, &tables(&["a", "b"]));
    let err = fails(p, &["merge", "-m", "join", "heads"]);
    assert!(err.contains("do not add up to"), "{err}");
    assert!(err.contains("table c is not expected"), "{err}");
}

#[test]
fn revisions_answer_to_unique_prefixes() {
    let project = empty_project(&tables(&["a"]));
    let p = project.path();
    ok(
        p,
        &["revision", "--autogenerate", "-m", "a", "--rev-id", "abc111111111"],
    );
    write_schema(p, &tables(&["a", "b"]));
    ok(
        p,
        &["revision", "--autogenerate", "-m", "b", "--rev-id", "abc222222222"],
    );
    assert_eq!(
        fails(p, &["upgrade", "abc"]),
        "error: revision `abc` is ambiguous: it could be abc111111111, abc222222222\n"
    );
    assert_eq!(fails(p, &["upgrade", "zzz"]), "error: unknown revision `zzz`\n");
    ok(p, &["upgrade", "abc1"]);
    assert_eq!(ok(p, &["current"]), "abc111111111\n");
    assert!(ok(p, &["show", "abc2"]).starts_with("Rev: abc222222222 (head)\nParent: abc111111111\n"));
    assert_eq!(
        ok(p, &["history", "-r", "abc2:head"]),
        "abc111111111 -> abc222222222 (head), b\n"
    );
    assert_eq!(
        fails(p, &["downgrade", "-5"]),
        "error: cannot go to `-5`: only 1 migration(s) applied\n"
    );
}

#[test]
fn offline_sql_for_upgrade_and_downgrade() {
    let tmp = tempfile::tempdir().unwrap();
    let up = pschema(tmp.path(), &["upgrade", "head", "--sql"]);
    assert!(up.status.success());
    assert!(
        !tmp.path().join("paciolus.db").exists(),
        "offline mode opens no database"
    );
    insta::assert_snapshot!("offline_upgrade_baseline", stdout(&up));
    // The printed SQL is the real thing: run by any SQLite client, it gives a
    // database pschema reads as its own.
    let conn = Connection::open(tmp.path().join("paciolus.db")).unwrap();
    conn.execute_batch(&stdout(&up)).unwrap();
    drop(conn);
    assert_eq!(stdout(&pschema(tmp.path(), &["current"])), "e2f21cb79a61 (head)\n");
    assert!(pschema(tmp.path(), &["check"]).status.success());
    let down = pschema(tmp.path(), &["downgrade", "e2f21cb79a61:base", "--sql"]);
    assert!(down.status.success());
    insta::assert_snapshot!("offline_downgrade_baseline", stdout(&down));
}

#[test]
fn an_edited_applied_migration_stops_the_run() {
    let project = scratch_project();
    let p = project.path();
    ok(p, &["upgrade", "head"]);
    let up = p.join("migrations/e2f21cb79a61_baseline_full_schema_as_of_v1_2_0/sqlite/up.sql");
    let text = std::fs::read_to_string(&up).unwrap();

    // Line endings alone are not an edit.
    std::fs::write(&up, text.replace('\n', "\r\n")).unwrap();
    assert!(ok(p, &["upgrade", "head"]).starts_with("Nothing to upgrade"));

    std::fs::write(&up, format!("{text}CREATE TABLE sneaky (id INTEGER);\n")).unwrap();
    let err = fails(p, &["upgrade", "head"]);
    assert!(err.contains("sqlite/up.sql was edited after it was generated"), "{err}");
    ok(p, &["hash"]);
    let err = fails(p, &["upgrade", "head"]);
    assert!(
        err.starts_with("error: migration e2f21cb79a61 was applied with other SQL than "),
        "{err}"
    );
    assert!(
        err.contains("e2f21cb79a61_baseline_full_schema_as_of_v1_2_0/sqlite/up.sql"),
        "{err}"
    );
    assert!(ok(p, &["upgrade", "head", "--ignore-checksums"]).starts_with("Nothing to upgrade"));
}

/// What Alembic itself ran for the baseline, on SQLite.
fn alembic_baseline(path: &Path, with_version_table: bool) {
    let sql =
        std::fs::read_to_string(repo_root().join("tests/data/reference/paciolus-v1.2.0/alembic-emitted.sql")).unwrap();
    let conn = Connection::open(path).unwrap();
    for statement in sql.split(";\n").map(str::trim).filter(|s| !s.is_empty()) {
        if !with_version_table && statement.contains("alembic_version") {
            continue;
        }
        // Alembic's INSERT ... RETURNING returns a row: run it as a query.
        conn.prepare(statement).unwrap().raw_query().next().unwrap();
    }
}

#[test]
fn a_database_alembic_built_is_adopted_as_it_stands() {
    let project = scratch_project();
    let p = project.path();
    alembic_baseline(&p.join("paciolus.db"), true);
    assert_eq!(ok(p, &["current"]), "e2f21cb79a61 (head)\n");
    let out = ok(p, &["upgrade", "head"]);
    assert_eq!(
        out,
        "Adopted e2f21cb79a61: applied before pschema, recorded in pschema_history\n\
         Nothing to upgrade: the database is already at e2f21cb79a61 (head).\n"
    );
    assert_eq!(history_rows(p), [("e2f21cb79a61".to_string(), "adopt".to_string())]);
    assert!(ok(p, &["check"]).contains("The database matches the schema of its revision"));
    // Adopted once: nothing more the second time.
    assert!(ok(p, &["upgrade", "head"]).starts_with("Nothing to upgrade"));
    assert_eq!(history_rows(p).len(), 1);
}

#[test]
fn a_database_with_tables_but_no_version_is_refused_and_stamp_adopts_it() {
    let project = scratch_project();
    let p = project.path();
    alembic_baseline(&p.join("paciolus.db"), false);
    let err = fails(p, &["upgrade", "head"]);
    assert!(err.contains("has tables (activity_logs, clients, "), "{err}");
    assert!(err.contains("record that with `pschema stamp <revision>`"), "{err}");

    assert_eq!(
        ok(p, &["stamp", "e2f2"]),
        "Stamped: the database is now at e2f21cb79a61.\n"
    );
    assert_eq!(ok(p, &["current"]), "e2f21cb79a61 (head)\n");
    assert_eq!(history_rows(p), [("e2f21cb79a61".to_string(), "stamp".to_string())]);
    ok(p, &["check"]);
}

#[test]
fn stamp_refuses_a_database_that_does_not_hold_the_revision() {
    let project = scratch_project();
    let p = project.path();
    alembic_baseline(&p.join("paciolus.db"), false);
    let conn = Connection::open(p.join("paciolus.db")).unwrap();
    conn.execute_batch("ALTER TABLE users ADD COLUMN nickname VARCHAR(20); DROP INDEX ix_users_id;")
        .unwrap();
    drop(conn);
    let err = fails(p, &["stamp", "e2f21cb79a61"]);
    assert!(
        err.starts_with("error: the database does not hold the schema of e2f21cb79a61"),
        "{err}"
    );
    assert!(err.contains("table users: column nickname is not expected"), "{err}");
    assert!(err.contains("table users: index ix_users_id is missing"), "{err}");
    assert_eq!(ok(p, &["current"]), "");

    ok(p, &["stamp", "e2f21cb79a61", "--force"]);
    let check = drifts(p, &["check"]);
    assert!(
        check.contains("the database differs from the schema of its revision e2f21cb79a61"),
        "{check}"
    );
    assert!(check.contains("column nickname is not expected"), "{check}");

    ok(p, &["stamp", "base", "--purge", "--force"]);
    assert_eq!(ok(p, &["current"]), "");
}

#[test]
fn a_runner_waiting_for_the_lock_says_who_holds_it_and_gives_up() {
    let project = scratch_project();
    let p = project.path();
    ok(p, &["upgrade", "head"]);
    let conn = Connection::open(p.join("paciolus.db")).unwrap();
    conn.execute_batch("BEGIN IMMEDIATE").unwrap();
    let pid = std::process::id();
    std::fs::write(
        p.join("paciolus.db.pschema-lock"),
        format!("{pid} on testhost since now: pschema upgrade head\n"),
    )
    .unwrap();
    let out = pschema_in(p, &["downgrade", "base", "--lock-timeout", "1"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.starts_with(&format!(
            "waiting for the database lock, held by process {pid} on testhost"
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "error: the database is locked by another runner (process {pid} on testhost since now: pschema upgrade head); gave up after 1 s"
        )),
        "{err}"
    );
    conn.execute_batch("ROLLBACK").unwrap();
    std::fs::remove_file(p.join("paciolus.db.pschema-lock")).unwrap();
    assert_eq!(ok(p, &["current"]), "e2f21cb79a61 (head)\n", "nothing was reverted");
}

#[test]
fn eight_runners_at_once_apply_each_migration_exactly_once() {
    let project = scratch_project();
    let p = project.path();
    edit_schema(
        p,
        "  settings                   String(2000)?\n}",
        "  settings                   String(2000)?\n  locale                     String(10)?\n}",
    );
    ok(
        p,
        &["revision", "--autogenerate", "-m", "locale", "--rev-id", "111111111111"],
    );
    edit_schema(
        p,
        "  sheet_count           Integer?\n",
        "  sheet_count           Integer?\n  chain_hash            String(64)? @index\n",
    );
    ok(
        p,
        &[
            "revision",
            "--autogenerate",
            "-m",
            "chain hash",
            "--rev-id",
            "222222222222",
        ],
    );

    let children: Vec<_> = (0..8)
        .map(|_| {
            std::process::Command::new(env!("CARGO_BIN_EXE_pschema"))
                .current_dir(p)
                .env_remove("DATABASE_URL")
                .args(["upgrade", "head"])
                .output_async()
        })
        .collect();
    let outputs: Vec<std::process::Output> = children.into_iter().map(|c| c.wait_with_output().unwrap()).collect();
    for out in &outputs {
        assert!(out.status.success(), "a runner failed:\n{}{}", stdout(out), stderr(out));
    }
    let applied: usize = outputs.iter().map(|o| stdout(o).matches("Applied ").count()).sum();
    assert_eq!(applied, 3, "three migrations, each applied once in all");
    let nothing = outputs
        .iter()
        .filter(|o| stdout(o).starts_with("Nothing to upgrade"))
        .count();
    assert!(nothing >= 5, "the others had nothing to do");
    let mut ups: Vec<String> = history_rows(p)
        .into_iter()
        .filter(|(_, d)| d == "up")
        .map(|(r, _)| r)
        .collect();
    ups.sort();
    assert_eq!(ups, ["111111111111", "222222222222", "e2f21cb79a61"]);
    assert_eq!(ok(p, &["current"]), "222222222222 (head)\n");
}

trait SpawnWithOutput {
    fn output_async(&mut self) -> std::process::Child;
}

impl SpawnWithOutput for std::process::Command {
    fn output_async(&mut self) -> std::process::Child {
        self.stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    }
}

#[test]
fn a_merge_can_carry_changes_of_its_own() {
    let project = branched_project();
    let p = project.path();
    // What b and c add up to, and a column on a besides: the merge holds the column.
    write_schema(
        p,
        "table a {\n  id   Integer @id\n  note Text?\n}\n\ntable b {\n  id Integer @id\n}\n\ntable c {\n  id Integer @id\n}\n",
    );
    let out = ok(
        p,
        &[
            "merge",
            "-m",
            "join and note",
            "heads",
            "--autogenerate",
            "--rev-id",
            "dddd00000000",
        ],
    );
    assert!(out.contains("add column note"), "{out}");
    ok(p, &["check"]);
    ok(p, &["upgrade", "head"]);
    assert_eq!(db_tables(p), ["a", "b", "c"]);
    let columns: Vec<String> = Connection::open(p.join("paciolus.db"))
        .unwrap()
        .prepare("SELECT name FROM pragma_table_info('a')")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(columns, ["id", "note"]);
    ok(p, &["downgrade", "-1"]);
    assert_eq!(ok(p, &["current"]), "bbbb00000000\ncccc00000000\n");
    ok(p, &["upgrade", "head"]);
    ok(p, &["check"]);
}

#[test]
fn branches_that_change_one_column_two_ways_cannot_merge_by_themselves() {
    let project = empty_project("table a {\n  id   Integer @id\n  name String(10)\n}\n");
    let p = project.path();
    ok(
        p,
        &["revision", "--autogenerate", "-m", "a", "--rev-id", "aaaa00000000"],
    );
    write_schema(p, "table a {\n  id   Integer @id\n  name String(20)\n}\n");
    ok(
        p,
        &["revision", "--autogenerate", "-m", "wider", "--rev-id", "bbbb00000000"],
    );
    write_schema(p, "table a {\n  id   Integer @id\n  name Text\n}\n");
    ok(
        p,
        &[
            "revision",
            "--autogenerate",
            "-m",
            "text",
            "--rev-id",
            "cccc00000000",
            "--head",
            "aaaa",
        ],
    );
    let err = fails(p, &["merge", "-m", "join", "heads", "--autogenerate"]);
    assert!(
        err.contains("cannot be merged by themselves:\n  table a: column name is changed differently by two branches"),
        "{err}"
    );
}

#[test]
fn history_draws_the_graph() {
    let project = branched_project();
    let p = project.path();
    write_schema(p, &tables(&["a", "b", "c"]));
    ok(p, &["merge", "-m", "join b and c", "heads", "--rev-id", "dddd00000000"]);
    assert_eq!(
        ok(p, &["history", "--graph"]),
        "* dddd00000000 (head) (mergepoint), join b and c\n\
         |\\\n\
         | * cccc00000000, c\n\
         * | bbbb00000000, b\n\
         |/\n\
         * aaaa00000000 (branchpoint), a\n"
    );
}
