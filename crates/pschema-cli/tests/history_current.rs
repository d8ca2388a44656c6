//! `history --indicate-current` (`-i`, as `alembic history -i`): which
//! revisions the database holds (and which are its current ones) and which
//! are pending, read without writing; with no database yet, every one is
//! pending and no file is made.

mod common;

use common::*;
use serde_json::Value;
use std::path::Path;

const BASE: &str = "e2f21cb79a61";
const MESSAGE: &str = "baseline: full schema as of v1.2.0";

/// The baseline, then `0000000000b1` after it, and a branch of two from the
/// baseline: `0000000000c1` -> `0000000000c2`.
fn project_with_a_branch() -> tempfile::TempDir {
    let project = scratch_project();
    let p = project.path();
    migration_by_hand(
        p,
        "0000000000b1",
        None,
        "CREATE TABLE b1 (x INTEGER);\n",
        "DROP TABLE b1;\n",
    );
    migration_by_hand(
        p,
        "0000000000c1",
        Some(BASE),
        "CREATE TABLE c1 (x INTEGER);\n",
        "DROP TABLE c1;\n",
    );
    migration_by_hand(
        p,
        "0000000000c2",
        Some("0000000000c1"),
        "CREATE TABLE c2 (x INTEGER);\n",
        "DROP TABLE c2;\n",
    );
    project
}

/// `(state, current)` of each revision of `history -i --json`, newest first.
fn states(json: &str) -> Vec<(String, String, bool)> {
    let value: Value = serde_json::from_str(json).unwrap_or_else(|e| panic!("{e}: {json}"));
    value["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["revision"].as_str().unwrap().to_string(),
                m["state"].as_str().unwrap().to_string(),
                m["current"].as_bool().unwrap(),
            )
        })
        .collect()
}

fn expect(rows: &[(&str, &str, bool)]) -> Vec<(String, String, bool)> {
    rows.iter()
        .map(|(r, s, c)| (r.to_string(), s.to_string(), *c))
        .collect()
}

#[test]
fn with_no_database_yet_every_revision_is_pending_and_no_file_is_made() {
    let project = project_with_a_branch();
    let p = project.path();
    let db = p.join("later.db");
    let url = url(&db);
    for args in [
        &["history", "-i"][..],
        &["history", "--indicate-current", "--json"],
        &["history", "-i", "--graph"],
    ] {
        let mut all = vec!["--database-url", url.as_str()];
        all.extend_from_slice(args);
        let out = pschema_in(p, &all);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        if args.contains(&"--json") {
            assert_eq!(
                states(&stdout(&out)),
                expect(&[
                    ("0000000000c2", "pending", false),
                    ("0000000000c1", "pending", false),
                    ("0000000000b1", "pending", false),
                    (BASE, "pending", false),
                ])
            );
            let value: Value = serde_json::from_str(&stdout(&out)).unwrap();
            assert_eq!(value["database_current"], serde_json::json!([]));
        } else {
            assert_eq!(stdout(&out).matches("pending  ").count(), 4, "{}", stdout(&out));
            assert!(!stdout(&out).contains("applied"), "{}", stdout(&out));
            assert_eq!(
                stderr(&out),
                format!("no database at {url} yet; 4 migration(s) pending\n")
            );
        }
        assert!(!db.exists(), "{args:?} made the database file");
        let left: Vec<_> = std::fs::read_dir(p)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with("later"))
            .collect();
        assert!(left.is_empty(), "{args:?} left {left:?}");
    }
}

#[test]
fn applied_current_and_pending_on_both_dialects() {
    let project = project_with_a_branch();
    let p = project.path();
    for db in Db::both(p, "indicate") {
        let name = db.name();
        let history = |args: &[&str]| {
            let mut all = vec!["history"];
            all.extend_from_slice(args);
            let out = db.run(p, &all);
            assert!(out.status.success(), "{name} {args:?}: {}", stderr(&out));
            (stdout(&out), stderr(&out))
        };
        // An empty database (PostgreSQL's exists already): all pending.
        assert_eq!(
            states(&history(&["-i", "--json"]).0),
            expect(&[
                ("0000000000c2", "pending", false),
                ("0000000000c1", "pending", false),
                ("0000000000b1", "pending", false),
                (BASE, "pending", false),
            ]),
            "{name}"
        );

        let out = db.run(p, &["upgrade", "0000000000c1"]);
        assert!(out.status.success(), "{name}: {}", stderr(&out));
        let (text, notes) = history(&["-i"]);
        assert_eq!(
            text,
            format!(
                "pending  0000000000c1 -> 0000000000c2 (head), by hand 0000000000c2\n\
                 applied  {BASE} -> 0000000000c1 (current), by hand 0000000000c1\n\
                 pending  {BASE} -> 0000000000b1 (head), by hand 0000000000b1\n\
                 applied  <base> -> {BASE} (branchpoint), {MESSAGE}\n"
            ),
            "{name}"
        );
        assert_eq!(
            notes, "the database is at 0000000000c1; 2 migration(s) pending\n",
            "{name}"
        );
        let (json, _) = history(&["-i", "--json"]);
        assert_eq!(
            states(&json),
            expect(&[
                ("0000000000c2", "pending", false),
                ("0000000000c1", "applied", true),
                ("0000000000b1", "pending", false),
                (BASE, "applied", false),
            ]),
            "{name}"
        );
        let value: Value = serde_json::from_str(&json).unwrap();
        assert_eq!(value["database_current"], serde_json::json!(["0000000000c1"]), "{name}");
        // A range: its own revisions marked, its own pending counted.
        let (range, notes) = history(&["-i", "-r", "0000000000c1:0000000000c2"]);
        assert_eq!(
            range,
            "pending  0000000000c1 -> 0000000000c2 (head), by hand 0000000000c2\n\
             applied  e2f21cb79a61 -> 0000000000c1 (current), by hand 0000000000c1\n",
            "{name}"
        );
        assert!(notes.ends_with("; 1 migration(s) pending\n"), "{name}: {notes}");

        // Both branches applied: two current revisions.
        let out = db.run(p, &["upgrade", "heads"]);
        assert!(out.status.success(), "{name}: {}", stderr(&out));
        let (text, notes) = history(&["-i"]);
        assert!(
            text.starts_with("applied  0000000000c1 -> 0000000000c2 (head) (current), by hand 0000000000c2\n"),
            "{name}: {text}"
        );
        assert!(
            text.contains(
                "applied  {BASE} -> 0000000000b1 (head) (current), "
                    .replace("{BASE}", BASE)
                    .as_str()
            ),
            "{name}: {text}"
        );
        assert!(!text.contains("pending"), "{name}: {text}");
        assert!(notes.ends_with("; 0 migration(s) pending\n"), "{name}: {notes}");

        // The graph marks them too.
        let (graph, _) = history(&["-i", "--graph"]);
        assert!(
            graph.contains("applied  0000000000c2 (head) (current), "),
            "{name}: {graph}"
        );
        assert!(
            graph.contains(&format!("applied  {BASE} (branchpoint), ")),
            "{name}: {graph}"
        );

        // -q: the marked list, no note.
        let (quiet, notes) = history(&["-i", "-q"]);
        assert!(quiet.contains("(current)"), "{name}: {quiet}");
        assert_eq!(notes, "", "{name}");
    }
}

#[test]
fn without_indicate_current_history_reads_no_database_and_prints_no_marks() {
    let project = project_with_a_branch();
    let p = project.path();
    ok(p, &["upgrade", "heads"]);
    let out = pschema_in(p, &["--database-url", "mysql://nowhere/x", "history"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).starts_with("0000000000c1 -> 0000000000c2 (head), "),
        "{}",
        stdout(&out)
    );
    assert!(!stdout(&out).contains("applied") && !stdout(&out).contains("(current)"));
    let value: Value = serde_json::from_str(&ok(p, &["history", "--json"])).unwrap();
    let first = value["history"][0].as_object().unwrap();
    assert!(
        !first.contains_key("state") && !first.contains_key("current"),
        "{value}"
    );
    assert!(value.get("database_current").is_none(), "{value}");
}

#[test]
fn indicate_current_fails_like_current_on_a_database_it_cannot_read() {
    let project = project_with_a_branch();
    let p = project.path();
    // A URL that does not parse.
    let out = pschema_in(p, &["--database-url", "mysql://nowhere/x", "history", "-i"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).starts_with("error: invalid database URL"),
        "{}",
        stderr(&out)
    );
    // A revision the migrations do not have.
    ok(p, &["upgrade", "heads"]);
    set_version(p, "0123456789ab");
    let out = pschema_in(p, &["--json", "history", "-i"]);
    assert_eq!(out.status.code(), Some(1));
    let value: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(value["error"]["kind"], "unknown_database_revision", "{value}");
}

fn set_version(p: &Path, revision: &str) {
    rusqlite::Connection::open(p.join("paciolus.db"))
        .unwrap()
        .execute_batch(&format!(
            "DELETE FROM alembic_version; INSERT INTO alembic_version VALUES ('{revision}')"
        ))
        .unwrap();
}
