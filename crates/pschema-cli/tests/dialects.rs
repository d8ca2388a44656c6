//! What the runner does the same on both dialects, through the library and
//! the binary: progress events, the failed-migration block and
//! resuming a migration that stopped part-way, and self-verification of autogenerate on PostgreSQL.

mod common;

use common::*;
use pschema_driver::Access;
use pschema_migrate::{Event, Graph, Options, Target, dir, migrator};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// A hand-written migration on top of the head, the same SQL for both
/// dialects, going down doing nothing.
fn hand_migration(p: &Path, id: &str, sql: &str) -> PathBuf {
    migration_by_hand(p, id, None, sql, "")
}

#[test]
fn progress_events_count_every_statement_on_both_dialects() {
    let project = scratch_project();
    let p = project.path();
    hand_migration(
        p,
        "0000000000e1",
        "CREATE TABLE one (x INTEGER);\nCREATE TABLE two (x INTEGER);\nINSERT INTO one VALUES (1);\n",
    );
    hand_migration(
        p,
        "0000000000e2",
        "-- pschema:no-transaction\nCREATE TABLE IF NOT EXISTS three (x INTEGER);\n\nINSERT INTO two VALUES (2);\n",
    );
    let graph = Graph::new(dir::load(&p.join("migrations")).unwrap()).unwrap();
    for db in Db::both(p, "events") {
        let mut driver = pschema_driver::open(&db.url(), Access::Write, Duration::from_secs(30)).unwrap();
        let mut seen: Vec<String> = Vec::new();
        let mut record = |event: Event<'_>| {
            seen.push(match event {
                Event::Waiting { .. } => "waiting".into(),
                Event::Starting { migration, .. } => format!("start {}", migration.id()),
                Event::Statement { index, total } => format!("{index}/{total}"),
                Event::Finished => "done".into(),
                Event::Retrying { attempt, .. } => format!("retry {attempt}"),
                Event::Resuming { done, .. } => format!("resume after {done}"),
            })
        };
        migrator::upgrade(&mut *driver, &graph, &Target::Heads, &Options::default(), &mut record).unwrap();
        let baseline = seen.iter().position(|e| e == "start 0000000000e1").unwrap();
        assert_eq!(
            seen[baseline..],
            [
                "start 0000000000e1",
                "1/3",
                "2/3",
                "3/3",
                "done",
                "start 0000000000e2",
                "1/2",
                "2/2",
                "done"
            ],
            "{}",
            db.name()
        );
        let first = &seen[..baseline];
        assert_eq!(
            first.first().map(String::as_str),
            Some("start e2f21cb79a61"),
            "{}",
            db.name()
        );
        assert!(
            first.iter().filter(|e| e.contains('/')).count() > 10,
            "{}: {first:?}",
            db.name()
        );
    }
}

#[test]
fn a_half_applied_migration_resumes_after_the_steps_it_did_on_both_dialects() {
    let project = scratch_project();
    let p = project.path();
    // Step 1 would fail if it ran twice; step 2 fails.
    let dir = hand_migration(p, "0000000000f1", "SELECT 1;\n");
    let write = |step_one: &str, step_two: &str| {
        for dialect in ["sqlite", "postgres"] {
            std::fs::write(
                dir.join(format!("{dialect}/up.sql")),
                format!("{step_one}\n\n-- pschema:step\n{step_two}\n"),
            )
            .unwrap();
        }
        ok(p, &["hash"]);
    };
    write("CREATE TABLE side (x INTEGER);", "INSERT INTO missing VALUES (1);");
    let dbs = Db::both(p, "retry");
    for db in &dbs {
        let out = db.run(p, &["upgrade", "head"]);
        assert_eq!(out.status.code(), Some(1), "{}", db.name());
        assert!(
            stderr(&out).contains(
                "steps 1 to 1 had committed and are recorded, step 2 was rolled back: run the same command again to resume at step 2 of 2"
            ),
            "{}: {}",
            db.name(),
            stderr(&out)
        );
        assert_eq!(stdout(&db.run(p, &["current"])), "e2f21cb79a61\n", "{}", db.name());
        // Nothing else runs before it is finished, going down neither.
        let out = db.run(p, &["downgrade", "base"]);
        assert!(
            stderr(&out).contains("migration 0000000000f1 stopped part-way going up in an earlier run (1 of its 2 steps done): run `upgrade` again"),
            "{}: {}",
            db.name(),
            stderr(&out)
        );
    }
    // A step that is done may not change under it.
    write(
        "CREATE TABLE side (x INTEGER, y INTEGER);",
        "INSERT INTO side VALUES (1);",
    );
    for db in &dbs {
        let out = db.run(p, &["upgrade", "head"]);
        assert!(
            stderr(&out).contains("the steps it had done are not written"),
            "{}: {}",
            db.name(),
            stderr(&out)
        );
    }
    // Someone mends the failing step: the next run resumes after step 1.
    write("CREATE TABLE side (x INTEGER);", "INSERT INTO side VALUES (1);");
    for db in &dbs {
        let out = db.run(p, &["upgrade", "head"]);
        assert!(out.status.success(), "{}: {}", db.name(), stderr(&out));
        assert!(
            stderr(&out).contains("resuming after step 1 of 2"),
            "{}: {}",
            db.name(),
            stderr(&out)
        );
        assert_eq!(
            stdout(&db.run(p, &["current"])),
            "0000000000f1 (head)\n",
            "{}",
            db.name()
        );
        assert_eq!(
            db.strings("SELECT CAST(count(*) AS TEXT) FROM side"),
            ["1"],
            "{}",
            db.name()
        );
        assert_eq!(
            db.strings("SELECT CAST(count(*) AS TEXT) FROM pschema_progress"),
            ["0"],
            "{}: the progress row goes with the last step",
            db.name()
        );
        // And it goes down and up again like any migration.
        assert!(db.run(p, &["downgrade", "-1"]).status.success(), "{}", db.name());
    }
}

/// Autogenerate against a project of one table, verifying on `servers`,
/// with `tamper` changing the SQL before verification.
fn autogenerate(
    p: &Path,
    servers: &mut [Box<dyn pschema_migrate::ScratchServer>],
    tamper: Option<&pschema_migrate::revision::Tamper>,
) -> Result<pschema_migrate::revision::RevisionOutcome, pschema_migrate::Error> {
    pschema_migrate::revision::create(pschema_migrate::revision::RevisionRequest {
        migrations_dir: &p.join("migrations"),
        schema_path: &p.join("schema/paciolus.pschema"),
        message: "nickname",
        rev_id: Some("0000000000a2"),
        autogenerate: true,
        allow_destructive: false,
        head: None,
        verify_on: servers
            .iter_mut()
            .map(|s| &mut **s as &mut dyn pschema_migrate::ScratchServer)
            .collect(),
        tamper,
        dialects: &pschema_sql::Dialect::ALL,
    })
}

#[test]
fn autogenerate_verifies_on_postgres_too_and_refuses_a_postgres_only_mistake() {
    let Some(server) = server() else { return };
    let project = empty_project("table clients {\n  id Integer @id\n}\n");
    let p = project.path();
    ok(
        p,
        &[
            "revision",
            "--autogenerate",
            "-m",
            "clients",
            "--rev-id",
            "0000000000a1",
        ],
    );
    write_schema(
        p,
        "table clients {\n  id       Integer     @id\n  nickname String(10)?\n}\n",
    );
    let mut servers = pschema_driver::verification_servers(Some(&server)).unwrap();
    assert_eq!(servers.len(), 2, "SQLite and PostgreSQL");
    // The PostgreSQL plan broken on purpose: the column comes out wider.
    let widen: &pschema_migrate::revision::Tamper = &|dialect, direction, text| {
        if dialect == pschema_sql::Dialect::Postgres && direction == pschema_migrate::Direction::Up {
            *text = text.replace("VARCHAR(10)", "VARCHAR(20)");
        }
    };
    let err = autogenerate(p, &mut servers, Some(widen)).unwrap_err();
    let message = err.to_string();
    assert!(message.contains("upgrade on PostgreSQL"), "{message}");
    assert!(message.contains("nickname"), "{message}");
    assert_eq!(
        std::fs::read_dir(p.join("migrations")).unwrap().count(),
        1,
        "nothing was written"
    );
    // SQLite alone does not see it.
    let mut sqlite_only = pschema_driver::verification_servers(None).unwrap();
    autogenerate(p, &mut sqlite_only, Some(widen)).unwrap();
    std::fs::remove_dir_all(
        std::fs::read_dir(p.join("migrations"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|d| d.to_string_lossy().contains("0000000000a2"))
            .unwrap(),
    )
    .unwrap();
    // Unbroken, it passes on both and is written.
    autogenerate(p, &mut servers, None).unwrap();
    assert_eq!(std::fs::read_dir(p.join("migrations")).unwrap().count(), 2);
}

#[test]
fn the_command_line_verifies_on_the_postgres_server_it_is_given() {
    let project = empty_project("table clients {\n  id Integer @id\n}\n");
    let p = project.path();
    let out = pschema_in(
        p,
        &[
            "revision",
            "--autogenerate",
            "-m",
            "clients",
            "--verify-postgres-url",
            "postgresql://nobody@127.0.0.1:1/nothing?sslmode=disable",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("connecting to postgresql://nobody@127.0.0.1:1/nothing"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        std::fs::read_dir(p.join("migrations")).unwrap().count(),
        0,
        "nothing was written"
    );
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_pschema"))
        .current_dir(p)
        .env(
            "PSCHEMA_VERIFY_POSTGRES_URL",
            "postgresql://nobody@127.0.0.1:1/nothing?sslmode=disable",
        )
        .args(["revision", "--autogenerate", "-m", "clients"])
        .output()
        .unwrap();
    assert!(
        stderr(&out).contains("connecting to"),
        "the environment variable works too"
    );
    if let Some(server) = server() {
        ok(
            p,
            &[
                "revision",
                "--autogenerate",
                "-m",
                "clients",
                "--verify-postgres-url",
                &server,
            ],
        );
    }
}
