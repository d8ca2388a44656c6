//! A runner killed with SIGKILL at any moment leaves the database at a clean
//! revision: `PRAGMA integrity_check` is ok, the schema is exactly that
//! revision's, no row is lost, and a new `upgrade head` finishes.
//!
//! Five kills spread over a run are part of the normal suite; for more,
//! `PSCHEMA_CRASH_TRIALS=100 cargo test -p pschema-cli --test crash -- --ignored`.

mod common;

use common::*;
use pschema_driver::Access;
use pschema_driver::sqlite::SqliteDriver;
use pschema_migrate::migrator::drift;
use pschema_migrate::{Graph, dir};
use rusqlite::Connection;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const USERS: i64 = 200_000;

/// The baseline, a data load, a rebuild of `users` (referenced by every
/// other table), and two in-place changes.
fn project() -> tempfile::TempDir {
    let project = scratch_project();
    let p = project.path();
    ok(p, &["revision", "-m", "load users", "--rev-id", "100000000000"]);
    let up = p.join("migrations/100000000000_load_users/sqlite/up.sql");
    let down = p.join("migrations/100000000000_load_users/sqlite/down.sql");
    let load = format!(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {USERS})\n\
         INSERT INTO users (id, email, hashed_password, name, tier) \
         SELECT i, 'user' || i || '@example.com', 'hash' || i, 'User ' || i, 'FREE' FROM n;\n"
    );
    std::fs::write(&up, format!("{}{load}", std::fs::read_to_string(&up).unwrap())).unwrap();
    std::fs::write(
        &down,
        format!("{}DELETE FROM users;\n", std::fs::read_to_string(&down).unwrap()),
    )
    .unwrap();
    ok(p, &["hash"]);
    edit_schema(
        p,
        "  name                       String(100)?\n",
        "  name                       String(200)?\n",
    );
    ok(
        p,
        &[
            "revision",
            "--autogenerate",
            "-m",
            "longer names",
            "--rev-id",
            "200000000000",
        ],
    );
    let rebuild = std::fs::read_to_string(p.join("migrations/200000000000_longer_names/sqlite/up.sql")).unwrap();
    assert!(
        rebuild.contains("-- pschema:rebuild users"),
        "the rebuild this test is about:\n{rebuild}"
    );
    edit_schema(
        p,
        "  sheet_count           Integer?\n",
        "  sheet_count           Integer?\n  chain_hash            String(64)?\n",
    );
    ok(
        p,
        &[
            "revision",
            "--autogenerate",
            "-m",
            "chain hash",
            "--rev-id",
            "300000000000",
        ],
    );
    edit_schema(
        p,
        "  settings                   String(2000)?\n}",
        "  settings                   String(2000)?\n  locale                     String(10)?\n}",
    );
    ok(
        p,
        &["revision", "--autogenerate", "-m", "locale", "--rev-id", "400000000000"],
    );
    project
}

fn upgrade(p: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_pschema"));
    c.current_dir(p)
        .env_remove("DATABASE_URL")
        .args(["upgrade", "head"])
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    c
}

/// (rows, sum of ids, total length of emails) of `users`.
fn users_fingerprint(conn: &Connection) -> (i64, i64, i64) {
    conn.query_row(
        "SELECT count(*), coalesce(sum(id), 0), coalesce(sum(length(email)), 0) FROM users",
        [],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )
    .unwrap()
}

/// Checks the database a killed runner left; returns the revision it was at.
fn check_after_kill(p: &Path, graph: &Graph, trial: usize, loaded: (i64, i64, i64)) -> String {
    let db = p.join("paciolus.db");
    let mut stopped_at = "no database".to_string();
    if db.exists() {
        let conn = Connection::open(&db).unwrap();
        let integrity: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
        assert_eq!(integrity, "ok", "trial {trial}");
        drop(conn);
        let mut driver = SqliteDriver::open(&db, Access::Read, std::time::Duration::from_secs(30)).unwrap();
        if let Some(drift) = Some(drift(&mut driver, graph).unwrap()) {
            stopped_at = drift.current.first().cloned().unwrap_or_else(|| "base".into());
            assert!(drift.current.len() <= 1, "trial {trial}: one revision at a time");
            assert!(
                drift.differences.is_empty(),
                "trial {trial}: at {:?} the schema differs: {:?}",
                drift.current,
                drift.differences
            );
            let past_load = graph
                .ancestors(drift.current.iter().map(String::as_str))
                .contains("100000000000");
            let conn = Connection::open(&db).unwrap();
            if past_load {
                assert_eq!(
                    users_fingerprint(&conn),
                    loaded,
                    "trial {trial}: every user is still there"
                );
            } else if drift.current.len() == 1 {
                assert_eq!(users_fingerprint(&conn).0, 0, "trial {trial}: before the load, no user");
            }
        }
    }
    assert!(
        upgrade(p).status().unwrap().success(),
        "trial {trial}: a new upgrade head finishes"
    );
    let conn = Connection::open(&db).unwrap();
    assert_eq!(users_fingerprint(&conn), loaded, "trial {trial}: after finishing");
    let version: String = conn
        .query_row("SELECT version_num FROM alembic_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, "400000000000");
    stopped_at
}

fn crash_trials(trials: usize) {
    let project = project();
    let p = project.path();
    let graph = Graph::new(dir::load(&p.join("migrations")).unwrap()).unwrap();
    // One whole run, to know how long one takes and what the data adds up to.
    let started = Instant::now();
    assert!(upgrade(p).status().unwrap().success());
    let whole = started.elapsed();
    let loaded = users_fingerprint(&Connection::open(p.join("paciolus.db")).unwrap());
    assert_eq!(loaded.0, USERS);
    let mut stops = std::collections::BTreeSet::new();
    for trial in 0..trials {
        std::fs::remove_file(p.join("paciolus.db")).unwrap();
        let _ = std::fs::remove_file(p.join("paciolus.db-journal"));
        // Kill points spread over the run, a little past its end too, with a
        // wobble so that repeated runs land in different statements.
        let fraction = (trial as f64 + 0.5) / trials as f64 * 1.1;
        let wobble = (trial * 7919 % 13) as f64 / 100.0;
        let delay = whole.mul_f64((fraction + wobble).min(1.2));
        let mut child = upgrade(p).spawn().unwrap();
        std::thread::sleep(delay.max(Duration::from_millis(5)));
        child.kill().ok(); // SIGKILL
        child.wait().unwrap();
        let stop = check_after_kill(p, &graph, trial, loaded);
        eprintln!("trial {trial}: killed after {delay:?}, the database was at {stop}");
        stops.insert(stop);
    }
    // Kills that all land after the run would prove nothing.
    assert!(
        stops.len() >= 2.min(trials),
        "the kills landed at different points: {stops:?}"
    );
}

#[test]
fn killed_runners_leave_a_clean_database() {
    crash_trials(5);
}

#[test]
#[ignore = "a hundred kills take a few minutes; run with --ignored"]
fn killed_runners_leave_a_clean_database_many_times() {
    let trials = std::env::var("PSCHEMA_CRASH_TRIALS")
        .ok()
        .and_then(|t| t.parse().ok())
        .unwrap_or(100);
    crash_trials(trials);
}
