//! Lock-safe PostgreSQL plans on a live database: with rows, a writer that
//! never stops and a long read query, pschema's plan for each operation
//! class never holds a write up for much longer than the lock timeout; and a
//! migration of several steps killed between them resumes and finishes.
//! (The figures themselves are `cargo xtask bench online`'s.)

mod common;

use common::*;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

const ROWS: i64 = 20_000;
/// `--ddl-lock-timeout` of these tests, in milliseconds.
const LOCK_TIMEOUT_MS: u64 = 300;
/// A reader holds its transaction this long: far more than the lock timeout,
/// so a plan that waits behind it unbounded makes the writer wait as long.
const READER_HOLDS: Duration = Duration::from_secs(4);

const BEFORE: &str = "table accounts {
  id      Integer @id
  name    String(100)
  code    String(20)?
  balance Integer?
  note    String(50)?
}

table entries {
  id         Integer @id
  account_id Integer
  amount     Integer
}
";

/// Each operation class the safe planner handles, as the schema after it.
fn classes() -> Vec<(&'static str, String)> {
    vec![
        (
            "add index",
            BEFORE.replace("name    String(100)", "name    String(100) @index"),
        ),
        (
            "add foreign key",
            BEFORE.replace("account_id Integer", "account_id Integer @references(accounts.id)"),
        ),
        (
            "add check",
            BEFORE.replace(
                "note    String(50)?\n}",
                "note    String(50)?\n\n  check \"balance >= 0\"\n}",
            ),
        ),
        (
            "set not null",
            BEFORE.replace("balance Integer?", "balance Integer @fill(0)"),
        ),
        (
            "add unique",
            BEFORE.replace("code    String(20)?", "code    String(20)? @unique"),
        ),
    ]
}

fn project(after: &str) -> tempfile::TempDir {
    assert_ne!(after, BEFORE, "each class changes the schema");
    let project = empty_project(BEFORE);
    let p = project.path();
    ok(
        p,
        &["revision", "--autogenerate", "-m", "before", "--rev-id", "aaaaaaaaaaaa"],
    );
    write_schema(p, after);
    ok(
        p,
        &["revision", "--autogenerate", "-m", "after", "--rev-id", "bbbbbbbbbbbb"],
    );
    project
}

/// The database at the first revision, with rows.
fn loaded(server: &str, label: &str, p: &Path) -> Database {
    let db = Database::new(server, label);
    ok(p, &["--database-url", &db.url, "upgrade", "aaaaaaaaaaaa"]);
    db.client()
        .batch_execute(&format!(
            "INSERT INTO accounts (id, name, code, balance) \
             SELECT g, 'account ' || g, 'c' || g, g FROM generate_series(1, {ROWS}) g;
             INSERT INTO entries (id, account_id, amount) SELECT g, 1 + g % {ROWS}, g FROM generate_series(1, {ROWS}) g;
             ANALYZE;"
        ))
        .unwrap();
    db
}

/// Writes, one after another, until told to stop: the longest one took and
/// how many failed.
fn writer(url: String, stop: Arc<AtomicBool>) -> std::thread::JoinHandle<(Duration, u64, u64)> {
    std::thread::spawn(move || {
        let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
        let (mut longest, mut failed, mut done) = (Duration::ZERO, 0, 0);
        let mut next = 10 * ROWS;
        while !stop.load(Ordering::Relaxed) {
            next += 1;
            let started = Instant::now();
            let result = client.batch_execute(&format!(
                "INSERT INTO entries (id, account_id, amount) VALUES ({next}, 1, 1);
                 UPDATE accounts SET name = 'written' WHERE id = {};",
                1 + next % ROWS
            ));
            longest = longest.max(started.elapsed());
            match result {
                Ok(()) => done += 1,
                Err(_) => failed += 1,
            }
        }
        (longest, failed, done)
    })
}

/// A read transaction that holds its table's lock for [`READER_HOLDS`].
fn reader(url: String) -> std::thread::JoinHandle<()> {
    let (ready, wait) = std::sync::mpsc::channel();
    let handle = std::thread::spawn(move || {
        let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
        let mut tx = client.transaction().unwrap();
        tx.query_one(
            "SELECT count(*) FROM accounts JOIN entries ON entries.account_id = accounts.id",
            &[],
        )
        .unwrap();
        ready.send(()).unwrap();
        std::thread::sleep(READER_HOLDS);
        tx.commit().unwrap();
    });
    wait.recv().unwrap();
    handle
}

#[test]
fn every_safe_plan_lets_writes_through_behind_a_long_reader() {
    let Some(server) = server() else { return };
    let timeout = LOCK_TIMEOUT_MS.to_string();
    for (n, (class, after)) in classes().into_iter().enumerate() {
        let project = project(&after);
        let p = project.path();
        let db = loaded(&server, &format!("online{n}"), p);
        let stop = Arc::new(AtomicBool::new(false));
        let writing = writer(db.url.clone(), stop.clone());
        std::thread::sleep(Duration::from_millis(200));
        let reading = reader(db.url.clone());
        let out = pschema_in(
            p,
            &[
                "--database-url",
                &db.url,
                "--ddl-lock-timeout",
                &timeout,
                "upgrade",
                "head",
            ],
        );
        reading.join().unwrap();
        std::thread::sleep(Duration::from_millis(200));
        stop.store(true, Ordering::Relaxed);
        let (longest, failed, done) = writing.join().unwrap();
        assert!(out.status.success(), "{class}: {}", stderr(&out));
        assert_eq!(
            ok(p, &["--database-url", &db.url, "current"]),
            "bbbbbbbbbbbb (head)\n",
            "{class}"
        );
        assert_eq!(failed, 0, "{class}: writes failed");
        assert!(done > 0, "{class}: the writer wrote");
        // Loosely: the timeout plus a margin for a shared machine, well below
        // the reader's hold that an unbounded wait would cost.
        let bound = Duration::from_millis(LOCK_TIMEOUT_MS) + Duration::from_millis(1500);
        assert!(
            longest < bound && longest < READER_HOLDS,
            "{class}: a write waited {longest:?}\n{}",
            stderr(&out)
        );
        let drift = pschema_in(p, &["--database-url", &db.url, "check"]);
        assert!(drift.status.success(), "{class}: {}{}", stdout(&drift), stderr(&drift));
    }
}

/// The naive plan, for contrast: behind the same reader, a plain `ADD CHECK`
/// (ACCESS EXCLUSIVE, unbounded wait) makes the writer wait for all of the
/// reader's hold, which is what the test above rules out.
#[test]
fn the_naive_plan_holds_writes_behind_the_reader() {
    let Some(server) = server() else { return };
    let project = project(&classes()[2].1);
    let p = project.path();
    let db = loaded(&server, "naive", p);
    let stop = Arc::new(AtomicBool::new(false));
    let writing = writer(db.url.clone(), stop.clone());
    std::thread::sleep(Duration::from_millis(200));
    let reading = reader(db.url.clone());
    db.client()
        .batch_execute("ALTER TABLE accounts ADD CONSTRAINT ck CHECK (balance >= 0)")
        .unwrap();
    reading.join().unwrap();
    stop.store(true, Ordering::Relaxed);
    let (longest, _, _) = writing.join().unwrap();
    assert!(longest > READER_HOLDS / 2, "a write waited only {longest:?}");
}

#[test]
fn a_migration_killed_between_its_steps_resumes_and_finishes() {
    let Some(server) = server() else { return };
    // Index, foreign key, check, NOT NULL and unique at once: every kind of step.
    let after = "table accounts {
  id      Integer @id
  name    String(100) @index
  code    String(20)? @unique
  balance Integer @fill(0)
  note    String(50)?

  check \"balance >= 0\"
}

table entries {
  id         Integer @id
  account_id Integer @references(accounts.id)
  amount     Integer
}
";
    let project = project(after);
    let p = project.path();
    let up = std::fs::read_to_string(p.join("migrations/bbbbbbbbbbbb_after/postgres/up.sql")).unwrap();
    for form in [
        "CREATE INDEX CONCURRENTLY",
        "NOT VALID",
        "VALIDATE CONSTRAINT",
        "UNIQUE USING INDEX",
    ] {
        assert!(up.contains(form), "{form}:\n{up}");
    }
    // The third step (the validations) first waits for an advisory lock the
    // test holds, so the run is killed there, after two committed steps.
    let path = p.join("migrations/bbbbbbbbbbbb_after/postgres/up.sql");
    let outside = up.find("-- pschema:step outside").unwrap();
    let third = outside + up[outside..].find("-- pschema:step\n").unwrap() + "-- pschema:step\n".len();
    std::fs::write(
        &path,
        format!("{}SELECT pg_advisory_xact_lock(4242);\n{}", &up[..third], &up[third..]),
    )
    .unwrap();
    ok(p, &["hash"]);
    let db = loaded(&server, "resume", p);
    let mut locker = db.client();
    locker.execute("SELECT pg_advisory_lock(4242)", &[]).unwrap();
    let mut run = std::process::Command::new(env!("CARGO_BIN_EXE_pschema"))
        .current_dir(p)
        .env_remove("DATABASE_URL")
        .args(["--database-url", &db.url, "--ddl-lock-timeout", "0", "upgrade", "head"])
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut watcher = db.client();
    let started = Instant::now();
    let done = loop {
        let row = watcher
            .query_opt(
                "SELECT steps_done, steps_total FROM pschema_progress WHERE to_regclass('pschema_progress') IS NOT NULL",
                &[],
            )
            .ok()
            .flatten();
        if let Some(row) = row
            && row.get::<_, i32>(0) >= 2
        {
            break (row.get::<_, i32>(0), row.get::<_, i32>(1));
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the run never got to its third step"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    // Let it wait in step 3 a moment, then kill it there.
    std::thread::sleep(Duration::from_millis(300));
    run.kill().unwrap();
    run.wait().unwrap();
    locker.execute("SELECT pg_advisory_unlock(4242)", &[]).unwrap();
    assert_eq!(
        done.0, 2,
        "steps 1 and 2 (the first transaction, the concurrent indexes) are done"
    );
    assert!(done.1 >= 4, "{done:?}");
    assert_eq!(ok(p, &["--database-url", &db.url, "current"]), "aaaaaaaaaaaa\n");
    let index_valid: bool = watcher
        .query_one(
            "SELECT bool_and(i.indisvalid) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid \
             WHERE c.relname IN ('ix_accounts_name', 'accounts_code_key')",
            &[],
        )
        .unwrap()
        .get(0);
    assert!(index_valid, "the indexes of step 2 were built");
    // Going down is refused until the migration is finished.
    let err = fails(p, &["--database-url", &db.url, "downgrade", "base"]);
    assert!(err.contains("stopped part-way going up"), "{err}");
    let out = pschema_in(p, &["--database-url", &db.url, "upgrade", "head"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("resuming after step 2 of"), "{}", stderr(&out));
    assert_eq!(ok(p, &["--database-url", &db.url, "current"]), "bbbbbbbbbbbb (head)\n");
    let drift = pschema_in(p, &["--database-url", &db.url, "check"]);
    assert!(drift.status.success(), "{}{}", stdout(&drift), stderr(&drift));
    let rows: i64 = watcher.query_one("SELECT count(*) FROM accounts", &[]).unwrap().get(0);
    assert_eq!(rows, ROWS);
    // And down and up again, as any migration.
    ok(p, &["--database-url", &db.url, "downgrade", "-1"]);
    ok(p, &["--database-url", &db.url, "upgrade", "head"]);
}

/// A concurrent index build that fails leaves an invalid index behind; the
/// run that resumes drops it before building the index again.
#[test]
fn an_invalid_index_left_by_a_failed_build_is_cleaned_up_when_the_run_resumes() {
    let Some(server) = server() else { return };
    let project = project(&classes()[4].1);
    let p = project.path();
    let db = loaded(&server, "invalid", p);
    let mut client = db.client();
    client
        .batch_execute("UPDATE accounts SET code = 'same' WHERE id <= 2")
        .unwrap();
    let err = fails(p, &["--database-url", &db.url, "upgrade", "head"]);
    assert!(
        err.contains("could not create unique index")
            && err.contains("step 1 runs outside a transaction, so what it did"),
        "{err}"
    );
    let invalid: i64 = client
        .query_one(
            "SELECT count(*) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid \
             WHERE c.relname = 'accounts_code_key' AND NOT i.indisvalid",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(invalid, 1, "the failed build left its invalid index");
    client
        .batch_execute("UPDATE accounts SET code = 'c2' WHERE id = 2")
        .unwrap();
    let out = pschema_in(p, &["--database-url", &db.url, "upgrade", "head"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(ok(p, &["--database-url", &db.url, "current"]), "bbbbbbbbbbbb (head)\n");
    let drift = pschema_in(p, &["--database-url", &db.url, "check"]);
    assert!(drift.status.success(), "{}{}", stdout(&drift), stderr(&drift));
}

/// A statement that hits the lock timeout is rolled back and tried again,
/// and the run says so; with no try left it fails, changing nothing.
#[test]
fn a_step_that_hits_the_lock_timeout_is_tried_again_then_given_up() {
    let Some(server) = server() else { return };
    let project = project(&classes()[1].1);
    let p = project.path();
    let db = loaded(&server, "retry", p);
    let mut locker = db.client();
    locker
        .batch_execute("BEGIN; LOCK TABLE entries IN ACCESS EXCLUSIVE MODE")
        .unwrap();
    let err = fails(
        p,
        &[
            "--database-url",
            &db.url,
            "--ddl-lock-timeout",
            "100",
            "--ddl-attempts",
            "3",
            "upgrade",
            "head",
        ],
    );
    assert_eq!(err.matches("trying again in").count(), 2, "{err}");
    assert!(err.contains("lock timeout") && err.contains("3 tries"), "{err}");
    assert_eq!(ok(p, &["--database-url", &db.url, "current"]), "aaaaaaaaaaaa\n");
    // Released while the runner waits between tries: it gets through.
    let release = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(400));
        locker.batch_execute("ROLLBACK").unwrap();
    });
    let out = pschema_in(
        p,
        &[
            "--database-url",
            &db.url,
            "--ddl-lock-timeout",
            "100",
            "--ddl-attempts",
            "8",
            "upgrade",
            "head",
        ],
    );
    release.join().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("trying again in"), "{}", stderr(&out));
    assert_eq!(ok(p, &["--database-url", &db.url, "current"]), "bbbbbbbbbbbb (head)\n");
}

/// Offline SQL of a migration of steps is psql's to run as it stands: each
/// step its own transaction or its statements on their own.
#[test]
fn offline_sql_of_a_migration_of_steps_runs_in_psql() {
    let Some(server) = server() else { return };
    let project = project(
        &classes()[4]
            .1
            .replace("name    String(100)", "name    String(100) @index"),
    );
    let p = project.path();
    let db = loaded(&server, "offline", p);
    let sql = ok(
        p,
        &[
            "upgrade",
            "aaaaaaaaaaaa:bbbbbbbbbbbb",
            "--sql",
            "--dialect",
            "postgresql",
        ],
    );
    assert!(sql.starts_with("-- A statement waiting longer for a lock"), "{sql}");
    assert!(sql.contains("SET lock_timeout = '1000ms';"), "{sql}");
    let concurrently = sql.find("CREATE UNIQUE INDEX CONCURRENTLY").unwrap();
    let before = &sql[..concurrently];
    assert!(
        before.rfind("COMMIT;") > before.rfind("BEGIN;"),
        "the concurrent build runs outside a transaction:\n{sql}"
    );
    let file = p.join("offline.sql");
    std::fs::write(&file, &sql).unwrap();
    let out = std::process::Command::new("psql")
        .arg(&db.url)
        .args(["-v", "ON_ERROR_STOP=1", "-q", "-f"])
        .arg(&file)
        .output()
        .expect("psql, which the PostgreSQL tests need");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(ok(p, &["--database-url", &db.url, "current"]), "bbbbbbbbbbbb (head)\n");
    let drift = pschema_in(p, &["--database-url", &db.url, "check"]);
    assert!(drift.status.success(), "{}{}", stdout(&drift), stderr(&drift));
}
