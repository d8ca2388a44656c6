//! Runners going up and down at the same time, on both dialects: whatever
//! order they get the lock in, every decision is taken on what the database
//! holds then, so at the end the database holds the schema of the revision
//! it records, and its history, replayed, leads to that revision.

mod common;

use common::*;
use pschema_migrate::{Graph, dir};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

const ROUNDS: usize = 20;

/// The repository's baseline and three migrations on top of it.
fn project() -> tempfile::TempDir {
    let project = scratch_project();
    let p = project.path();
    edit_schema(
        p,
        "  settings                   String(2000)?\n}",
        "  settings                   String(2000)?\n  locale                     String(10)?\n}",
    );
    ok(
        p,
        &["revision", "--autogenerate", "-m", "locale", "--rev-id", "000000000001"],
    );
    let text = std::fs::read_to_string(p.join("schema/paciolus.pschema")).unwrap();
    write_schema(
        p,
        &format!("{text}\ntable notes {{\n  id   Integer @id\n  body Text?\n}}\n"),
    );
    ok(
        p,
        &["revision", "--autogenerate", "-m", "notes", "--rev-id", "000000000002"],
    );
    edit_schema(p, "  body Text?\n", "  body Text?    @index\n");
    ok(
        p,
        &[
            "revision",
            "--autogenerate",
            "-m",
            "notes index",
            "--rev-id",
            "000000000003",
        ],
    );
    project
}

fn spawn(p: &Path, url: &str, args: &[&str]) -> Child {
    Command::new(env!("CARGO_BIN_EXE_pschema"))
        .current_dir(p)
        .env_remove("DATABASE_URL")
        .args(["--database-url", url, "--lock-timeout", "120"])
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// The history rows, oldest first, replayed from base: where they lead.
fn replayed(graph: &Graph, rows: &[String]) -> Vec<String> {
    let mut heads: Vec<String> = Vec::new();
    for row in rows {
        let (revision, direction) = row.split_once(' ').unwrap();
        heads = match direction {
            "up" => graph.heads_after_upgrade(&heads, revision),
            "down" => graph.heads_after_downgrade(&heads, revision),
            _ => heads,
        };
    }
    heads
}

fn check_consistent(db: &Db, p: &Path, graph: &Graph, round: usize) {
    let out = db.run(p, &["check", "--json"]);
    let text = stdout(&out);
    let value: serde_json::Value = serde_json::from_str(text.lines().next().unwrap_or_default()).unwrap();
    let drift = &value["database"]["drift"];
    assert_eq!(
        drift,
        &serde_json::json!([]),
        "{} round {round}: the schema is not that of the recorded revision {}",
        db.name(),
        value["database"]["current"]
    );
    let current = db.strings("SELECT version_num FROM alembic_version ORDER BY version_num");
    let rows = db.strings(
        "SELECT revision || ' ' || direction FROM pschema_history WHERE success AND direction IN ('up', 'down') ORDER BY id",
    );
    assert_eq!(
        replayed(graph, &rows),
        current,
        "{} round {round}: the history does not lead to the recorded revision: {rows:?}",
        db.name()
    );
}

#[test]
fn runners_going_up_and_down_at_once_leave_the_schema_of_the_recorded_revision() {
    let project = project();
    let p = project.path();
    let graph = Graph::new(dir::load(&p.join("migrations")).unwrap()).unwrap();
    let plans: Plans = [
        // The reproduction: a downgrade that starts while an upgrade runs.
        &[(&["upgrade", "head"], 0), (&["downgrade", "-1"], 30)],
        &[
            (&["downgrade", "base"], 0),
            (&["upgrade", "head"], 5),
            (&["downgrade", "-1"], 10),
        ],
        &[
            (&["upgrade", "head"], 0),
            (&["downgrade", "base"], 0),
            (&["upgrade", "+2"], 15),
            (&["downgrade", "-1"], 20),
        ],
        &[
            (&["downgrade", "-1"], 0),
            (&["downgrade", "-1"], 0),
            (&["upgrade", "head"], 0),
        ],
    ];
    // The two dialects at once, each with its own rounds.
    std::thread::scope(|scope| {
        for db in Db::both(p, "concurrency") {
            let graph = &graph;
            scope.spawn(move || rounds(&db, p, graph, &plans));
        }
    });
}

/// What each round runs at once: a command and the milliseconds to wait before it.
type Plans<'a> = [&'a [(&'a [&'a str], u64)]; 4];

fn rounds(db: &Db, p: &Path, graph: &Graph, plans: &Plans) {
    let url = db.url();
    for round in 0..ROUNDS {
        // Each round starts at revision 3 of 4 or at the head.
        let start = if round % 2 == 0 { "000000000002" } else { "head" };
        for args in [&["downgrade", "base"][..], &["upgrade", start]] {
            let out = db.run(p, args);
            assert!(out.status.success(), "{}", stderr(&out));
        }
        let mut children = Vec::new();
        for (args, delay) in plans[round % plans.len()] {
            std::thread::sleep(Duration::from_millis(*delay));
            children.push((args, spawn(p, &url, args)));
        }
        for (args, child) in children {
            let out = child.wait_with_output().unwrap();
            // A relative step further than the database can go, decided on
            // what it holds once the lock is taken, is the only refusal expected.
            let refused =
                stderr(&out).contains("migration(s) applied") || stderr(&out).contains("migration(s) to apply");
            assert!(
                out.status.success() || refused,
                "{} round {round}: {args:?} failed:\n{}",
                db.name(),
                stderr(&out)
            );
        }
        check_consistent(db, p, graph, round);
    }
}
