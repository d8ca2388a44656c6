//! A database a run creates is built in WAL mode, synced once at the end and
//! given back in rollback-journal mode; a database that exists keeps its mode.

mod common;

use common::*;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn journal_mode(db: &Path) -> String {
    rusqlite::Connection::open(db)
        .unwrap()
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap()
}

fn beside(db: &Path, suffix: &str) -> std::path::PathBuf {
    let mut name = db.as_os_str().to_os_string();
    name.push(suffix);
    name.into()
}

#[test]
fn a_new_database_is_given_back_in_rollback_journal_mode_and_an_old_one_keeps_its_mode() {
    let project = scratch_project();
    let p = project.path();
    let db = p.join("paciolus.db");
    ok(p, &["upgrade", "head"]);
    assert_eq!(journal_mode(&db), "delete");
    for suffix in ["-wal", "-shm", "-journal"] {
        assert!(!beside(&db, suffix).exists(), "{suffix} left behind");
    }
    let conn = rusqlite::Connection::open(&db).unwrap();
    let ok_: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(ok_, "ok");
    drop(conn);

    // A database in WAL mode by its owner's choice stays so, up and down.
    let wal = p.join("wal.db");
    rusqlite::Connection::open(&wal)
        .unwrap()
        .query_row("PRAGMA journal_mode = WAL", [], |r| r.get::<_, String>(0))
        .unwrap();
    let url = url(&wal);
    ok(p, &["--database-url", &url, "upgrade", "head"]);
    ok(p, &["--database-url", &url, "downgrade", "base"]);
    assert_eq!(journal_mode(&wal), "wal");
    // And one in rollback-journal mode that exists is not switched.
    ok(p, &["downgrade", "base"]);
    ok(p, &["upgrade", "head"]);
    assert_eq!(journal_mode(&db), "delete");
}

/// Another connection that opens the new database while it is built keeps
/// it in WAL mode: the run still succeeds, and what it committed is there.
#[test]
fn a_new_database_another_connection_holds_open_stays_in_wal_mode_with_everything_committed() {
    let project = scratch_project();
    let p = project.path();
    // A migration that takes a moment, so that the file exists while it runs.
    ok(p, &["revision", "-m", "load users", "--rev-id", "100000000000"]);
    std::fs::write(
        p.join("migrations/100000000000_load_users/sqlite/up.sql"),
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300000)\n\
         INSERT INTO users (id, email, hashed_password, name, tier) \
         SELECT i, 'user' || i || '@example.com', 'hash' || i, 'User ' || i, 'FREE' FROM n;\n",
    )
    .unwrap();
    ok(p, &["hash"]);
    let db = p.join("paciolus.db");
    let run = Command::new(env!("CARGO_BIN_EXE_pschema"))
        .current_dir(p)
        .env_remove("DATABASE_URL")
        .args(["upgrade", "head"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while !beside(&db, "-wal").exists() && started.elapsed() < Duration::from_secs(30) {
        std::thread::sleep(Duration::from_millis(2));
    }
    // A reader in the middle of a read: the database cannot change its mode.
    let reader = rusqlite::Connection::open(&db).unwrap();
    reader
        .execute_batch("BEGIN; SELECT count(*) FROM sqlite_master;")
        .unwrap();
    let out = run.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    reader.execute_batch("COMMIT").unwrap();
    let mode: String = reader.query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
    assert_eq!(mode, "wal", "the reader held it open");
    let users: i64 = reader
        .query_row("SELECT count(*) FROM users", [], |r| r.get(0))
        .unwrap();
    assert_eq!(users, 300_000);
    drop(reader);
    let current = ok(p, &["current"]);
    assert!(current.contains("100000000000 (head)"), "{current}");
}
