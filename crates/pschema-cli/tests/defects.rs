//! The runner's side of the defects found when pschema was tried as a new
//! user, an adversary and an operator would (issue 9), each through the
//! binary, on both dialects where the defect could be on both.

mod common;

use common::*;
use std::path::{Path, PathBuf};

/// A hand-written migration on top of the head: `revision -m`, then its SQL
/// for both dialects, then `hash`.
fn hand_migration(p: &Path, id: &str, sqlite_up: &str, postgres_up: &str) -> PathBuf {
    ok(p, &["revision", "-m", &format!("hand {id}"), "--rev-id", id]);
    let dir = std::fs::read_dir(p.join("migrations"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|d| d.file_name().unwrap().to_string_lossy().starts_with(id))
        .unwrap();
    std::fs::write(dir.join("sqlite/up.sql"), sqlite_up).unwrap();
    std::fs::write(dir.join("postgres/up.sql"), postgres_up).unwrap();
    ok(p, &["hash"]);
    dir
}

fn same_on_both(sql: &str) -> (String, String) {
    (sql.to_string(), sql.to_string())
}

#[test]
fn a_failing_statement_is_named_with_its_line_at_every_position_on_both_dialects() {
    for position in [1, 2, 12] {
        let project = scratch_project();
        let p = project.path();
        let mut sql = String::from("-- a hand-written step\n\n");
        for i in 1..position {
            sql.push_str(&format!("CREATE TABLE step_{i} (x INTEGER);\n"));
        }
        sql.push_str("INSERT INTO no_such_table VALUES (1);\n");
        let line = position + 2;
        let (sqlite, postgres) = same_on_both(&sql);
        let dir = hand_migration(p, "0000000000aa", &sqlite, &postgres);
        for db in Db::both(p, &format!("position{position}")) {
            let out = db.run(p, &["upgrade", "head"]);
            assert_eq!(out.status.code(), Some(1), "{}", db.name());
            let err = stderr(&out);
            let file = dir.strip_prefix(p).unwrap().join(format!(
                "{}/up.sql",
                if matches!(db, Db::Sqlite(_)) {
                    "sqlite"
                } else {
                    "postgres"
                }
            ));
            assert!(
                err.contains(&format!(
                    "statement ({}:{line}): INSERT INTO no_such_table VALUES (1)\n",
                    file.display()
                )),
                "{} at position {position}:\n{err}",
                db.name()
            );
            assert!(err.contains("the database is at e2f21cb79a61"), "{err}");
            assert_eq!(
                stdout(&db.run(p, &["current"])),
                "e2f21cb79a61\n",
                "{}: the failed migration was rolled back",
                db.name()
            );
        }
    }
}

#[test]
fn a_revision_and_its_own_ancestor_in_alembic_version_are_refused() {
    let project = scratch_project();
    let p = project.path();
    let (sqlite, postgres) = same_on_both("CREATE TABLE extra (x INTEGER);\n");
    hand_migration(p, "0000000000bb", &sqlite, &postgres);
    for db in Db::both(p, "overlap") {
        assert!(db.run(p, &["upgrade", "head"]).status.success());
        db.execute("INSERT INTO alembic_version (version_num) VALUES ('e2f21cb79a61')");
        for args in [&["current"][..], &["upgrade", "head"], &["downgrade", "-1"]] {
            let out = db.run(p, args);
            assert_eq!(out.status.code(), Some(1), "{} {args:?}", db.name());
            assert!(
                stderr(&out).contains(
                    "alembic_version holds e2f21cb79a61 and 0000000000bb, but e2f21cb79a61 is an ancestor of 0000000000bb"
                ),
                "{} {args:?}: {}",
                db.name(),
                stderr(&out)
            );
        }
        assert_eq!(
            db.strings("SELECT version_num FROM alembic_version ORDER BY version_num"),
            ["0000000000bb", "e2f21cb79a61"],
            "nothing was changed"
        );
    }
}

#[test]
fn urls_with_no_file_are_refused_by_every_command_that_writes() {
    let project = scratch_project();
    let p = project.path();
    for url in ["sqlite://", "sqlite:///", "sqlite:///:memory:", "sqlite+pysqlite://"] {
        for args in [
            &["upgrade", "head"][..],
            &["downgrade", "base"],
            &["stamp", "head", "--force"],
        ] {
            let mut all = vec!["--database-url", url, "--json"];
            all.extend_from_slice(args);
            let out = pschema_in(p, &all);
            assert_eq!(out.status.code(), Some(1), "{url} {args:?}");
            let value: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
            assert_eq!(value["error"]["kind"], "no_database_file", "{url} {args:?}");
            let out = pschema_in(p, &["--database-url", url, args[0], args[1]]);
            assert!(
                stderr(&out).contains("names no file (the database would be in memory"),
                "{url}: {}",
                stderr(&out)
            );
            assert!(!stdout(&out).contains("now at"), "{url} {args:?} claimed success");
        }
    }
}

#[test]
fn a_migrations_folder_that_is_wrong_is_an_error_naming_it_and_creates_nothing() {
    let project = scratch_project();
    let p = project.path();
    let stray = p.join("migrations/1234abcd_copied_without_its_metadata");
    std::fs::create_dir_all(stray.join("sqlite")).unwrap();
    std::fs::write(stray.join("sqlite/up.sql"), "CREATE TABLE x (y INTEGER);").unwrap();
    for args in [&["upgrade", "head"][..], &["history"], &["current"]] {
        let err = fails(p, args);
        assert!(
            err.contains(&format!(
                "{} holds no migration (no migration.toml)",
                stray.strip_prefix(p).unwrap().display()
            )),
            "{args:?}: {err}"
        );
    }
    std::fs::remove_dir_all(&stray).unwrap();

    let empty = empty_project("table a {\n  id Integer @id\n}\n");
    let e = empty.path();
    for args in [
        &["upgrade", "head"][..],
        &["downgrade", "base"],
        &["current"],
        &["stamp", "head"],
    ] {
        let err = fails(e, args);
        assert_eq!(err, "error: migrations holds no migrations\n", "{args:?}");
    }
    std::fs::remove_dir_all(e.join("migrations")).unwrap();
    let err = fails(e, &["upgrade", "head"]);
    assert!(err.contains("no migrations directory at migrations"), "{err}");
    assert!(!p.join("paciolus.db").exists() && !e.join("paciolus.db").exists());
}

fn leftovers(p: &Path) -> Vec<String> {
    std::fs::read_dir(p)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("paciolus.db"))
        .collect()
}

#[test]
fn a_command_that_fails_before_it_writes_leaves_no_file_behind() {
    let project = scratch_project();
    let p = project.path();
    for args in [
        &["upgrade", "zzzz"][..],
        &["upgrade", "+1000"],
        &["stamp", "head"],
        &["downgrade", "-1"],
    ] {
        let out = pschema_in(p, args);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {}", stdout(&out));
        assert_eq!(leftovers(p), Vec::<String>::new(), "{args:?}");
    }
    // A full disk (here: a file size limit) fails the first migration; the
    // database file it had begun is removed with the journal.
    let out = std::process::Command::new("bash")
        .current_dir(p)
        .env_remove("DATABASE_URL")
        .args([
            "-c",
            &format!(
                "trap '' XFSZ; ulimit -f 4; exec {} upgrade head",
                env!("CARGO_BIN_EXE_pschema")
            ),
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}{}", stdout(&out), stderr(&out));
    assert_eq!(leftovers(p), Vec::<String>::new(), "{}", stderr(&out));
    // With room, the same command works.
    ok(p, &["upgrade", "head"]);
}

#[cfg(unix)]
#[test]
fn the_lock_note_is_never_written_through_a_link_and_a_stale_one_is_cleaned_up() {
    let project = scratch_project();
    let p = project.path();
    let victim = p.join("victim.txt");
    std::fs::write(&victim, "precious\n").unwrap();
    let note = p.join("paciolus.db.pschema-lock");
    std::os::unix::fs::symlink(&victim, &note).unwrap();
    let err = fails(p, &["upgrade", "head"]);
    assert!(err.contains("it is a symbolic link"), "{err}");
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious\n");
    assert!(!p.join("paciolus.db").exists(), "refused before anything was written");
    std::fs::remove_file(&note).unwrap();

    std::fs::hard_link(&victim, &note).unwrap();
    let err = fails(p, &["upgrade", "head"]);
    assert!(err.contains("it has other names (hard links)"), "{err}");
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious\n");
    std::fs::remove_file(&note).unwrap();

    // A runner killed in WAL mode leaves its note; its process is gone.
    ok(p, &["upgrade", "head"]);
    rusqlite::Connection::open(p.join("paciolus.db"))
        .unwrap()
        .query_row("PRAGMA journal_mode = WAL", [], |r| r.get::<_, String>(0))
        .unwrap();
    let gone = std::process::Command::new("true").spawn().unwrap();
    let dead = gone.id();
    let mut gone = gone;
    gone.wait().unwrap();
    std::fs::write(&note, format!("{dead} on somewhere since then: pschema upgrade head\n")).unwrap();
    let out = pschema_in(p, &["downgrade", "base"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!stderr(&out).contains("waiting"), "{}", stderr(&out));
    assert!(!note.exists(), "the stale note was cleaned up");
}

#[test]
fn an_index_made_by_hand_survives_a_rebuild_and_check_names_it() {
    let project = scratch_project();
    let p = project.path();
    ok(p, &["upgrade", "head"]);
    rusqlite::Connection::open(p.join("paciolus.db"))
        .unwrap()
        .execute_batch("CREATE INDEX ix_by_hand_settings ON users (settings);")
        .unwrap();
    edit_schema(
        p,
        "settings                   String(2000)?",
        "settings                   String(4000)?",
    );
    ok(
        p,
        &[
            "revision",
            "--autogenerate",
            "-m",
            "longer settings",
            "--rev-id",
            "0000000000cc",
        ],
    );
    let up = std::fs::read_dir(p.join("migrations"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|d| d.file_name().unwrap().to_string_lossy().starts_with("0000000000cc"))
        .map(|d| std::fs::read_to_string(d.join("sqlite/up.sql")).unwrap())
        .unwrap();
    assert!(
        up.contains("-- pschema:rebuild users"),
        "the change rebuilds users:\n{up}"
    );
    ok(p, &["upgrade", "head"]);
    let sql: String = rusqlite::Connection::open(p.join("paciolus.db"))
        .unwrap()
        .query_row(
            "SELECT sql FROM sqlite_master WHERE name = 'ix_by_hand_settings'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(sql, "CREATE INDEX ix_by_hand_settings ON users (settings)");
    let err = drifts(p, &["check"]);
    assert!(err.contains("index ix_by_hand_settings is not expected"), "{err}");
}

#[test]
fn messages_say_what_is_true_and_name_the_program_that_was_run() {
    let project = scratch_project();
    let p = project.path();
    ok(p, &["upgrade", "head"]);
    let conn = rusqlite::Connection::open(p.join("paciolus.db")).unwrap();
    conn.execute_batch("DELETE FROM alembic_version").unwrap();
    let err = fails(p, &["upgrade", "head"]);
    assert!(
        err.contains("but its alembic_version is empty: no revision is recorded; if it matches a revision, record that with `pschema stamp <revision>`"),
        "{err}"
    );
    conn.execute_batch("INSERT INTO alembic_version VALUES ('aaaaaaaaaaaa'), ('bbbbbbbbbbbb')")
        .unwrap();
    let err = fails(p, &["current"]);
    assert_eq!(
        err,
        "error: the database is at revisions aaaaaaaaaaaa, bbbbbbbbbbbb, which are not in the migrations directory\n"
    );
    // Before comparing schemas, stamp says the database is somewhere unknown.
    let err = fails(p, &["stamp", "head"]);
    assert!(
        err.starts_with("error: the database is at revisions aaaaaaaaaaaa"),
        "{err}"
    );
    conn.execute_batch("DELETE FROM alembic_version; INSERT INTO alembic_version VALUES ('e2f21cb79a61')")
        .unwrap();
    let up = std::fs::read_dir(p.join("migrations"))
        .unwrap()
        .map(|e| e.unwrap().path().join("sqlite/up.sql"))
        .next()
        .unwrap();
    let text = std::fs::read_to_string(&up).unwrap();
    std::fs::write(&up, format!("{text}\n-- edited\n")).unwrap();
    let err = fails(p, &["current"]);
    assert!(
        err.contains("if the edit is intended, record it with `pschema hash`"),
        "{err}"
    );
}

/// Another writer's transaction that blocks even reads (SQLite's EXCLUSIVE
/// lock, which a large transaction takes when its changes spill from the
/// cache): a runner says it waits for the lock, and gives up with the lock's
/// error, never a bare "database is locked" from opening the file; a reader
/// gives the same error.
#[test]
fn a_database_busy_with_another_writer_is_waited_for_and_named_as_locked() {
    let project = scratch_project();
    let p = project.path();
    ok(p, &["upgrade", "head"]);
    ok(p, &["downgrade", "base"]);
    let app = rusqlite::Connection::open(p.join("paciolus.db")).unwrap();
    app.execute_batch("BEGIN EXCLUSIVE").unwrap();
    let out = pschema_in(p, &["--lock-timeout", "1", "upgrade", "head"]);
    let err = stderr(&out);
    assert!(!out.status.success(), "{err}");
    assert!(err.contains("waiting for the database lock"), "{err}");
    assert!(
        err.contains("the database is locked by another runner; gave up after 1 s"),
        "{err}"
    );
    assert!(!err.contains("database error"), "{err}");
    let err = fails(p, &["--lock-timeout", "1", "current"]);
    assert!(
        err.contains("the database is locked by another runner; gave up after 1 s"),
        "{err}"
    );
    app.execute_batch("ROLLBACK").unwrap();
    ok(p, &["upgrade", "head"]);
}
