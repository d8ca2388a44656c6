//! `schema diagram` end to end on the repository's schema: formats, subsets,
//! the file it writes, and its errors (exit 1, or 2 for usage).

mod common;

use common::*;
use std::path::Path;
use std::process::{Command, Output};

/// pschema on the repository's own schema file (the whole Paciolus model).
fn diagram(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pschema"))
        .current_dir(std::env::temp_dir())
        .env_remove("DATABASE_URL")
        .arg("--schema")
        .arg(repo_root().join("schema/paciolus.pschema"))
        .arg("--migrations-dir")
        .arg("/nonexistent: no database or migration is read")
        .args(["schema", "diagram"])
        .args(args)
        .output()
        .expect("run pschema")
}

fn succeeds(args: &[&str]) -> String {
    let out = diagram(args);
    assert!(out.status.success(), "{args:?} failed: {}", stderr(&out));
    stdout(&out)
}

/// The entity blocks of a Mermaid diagram, by name.
fn entities(mermaid: &str) -> Vec<&str> {
    mermaid
        .lines()
        .filter_map(|l| l.strip_prefix("    ")?.strip_suffix(" {"))
        .collect()
}

#[test]
fn every_format_prints_the_whole_schema_by_default() {
    let mermaid = succeeds(&[]);
    assert!(mermaid.starts_with("erDiagram\n"), "{mermaid}");
    assert_eq!(entities(&mermaid).len(), 29);
    assert!(mermaid.contains("    users ||--o{ clients : \"user_id\"\n"));
    assert!(mermaid.contains("    engagements ||--o{ tool_runs : \"engagement_id ON DELETE CASCADE\"\n"));
    assert_eq!(succeeds(&["--format", "mermaid"]), mermaid);

    let dot = succeeds(&["--format", "dot"]);
    assert!(dot.starts_with("digraph schema {\n") && dot.ends_with("}\n"), "{dot}");
    assert!(dot.contains("\"clients\":c1 -> \"users\":c0 [label=\"user_id\""));

    let svg = succeeds(&["--format", "svg"]);
    assert!(svg.starts_with("<?xml") && svg.ends_with("</svg>\n"));
    assert_eq!(svg.matches("<g class=\"table\">").count(), 29);
}

#[test]
fn tables_draws_those_and_the_keys_among_them() {
    let mermaid = succeeds(&["--tables", "engagements,users,clients"]);
    assert_eq!(entities(&mermaid), ["users", "clients", "engagements"]);
    let relations: Vec<&str> = mermaid.lines().filter(|l| l.contains("--")).collect();
    assert_eq!(
        relations,
        [
            "    users ||--o{ clients : \"user_id\"",
            "    clients ||--o{ engagements : \"client_id ON DELETE RESTRICT\"",
            "    users |o--o{ engagements : \"completed_by\"",
            "    users ||--o{ engagements : \"created_by\"",
        ]
    );
}

#[test]
fn around_takes_the_tables_within_depth_hops() {
    assert_eq!(
        entities(&succeeds(&["--around", "tool_runs", "--depth", "0"])),
        ["tool_runs"]
    );
    // One hop by default: its parents and its children.
    assert_eq!(
        entities(&succeeds(&["--around", "tool_runs"])),
        ["users", "engagements", "tool_runs", "follow_up_items"]
    );
    let two = entities(&succeeds(&["--around", "tool_runs", "--depth", "2"])).len();
    assert!(two > 4 && two < 29, "{two}");
}

#[test]
fn output_writes_the_file_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("schema.svg");
    let out = succeeds(&[
        "--format",
        "svg",
        "--around",
        "engagements",
        "-o",
        file.to_str().unwrap(),
    ]);
    assert_eq!(out, format!("wrote {} (8 tables, 20 foreign keys)\n", file.display()));
    let printed = succeeds(&["--format", "svg", "--around", "engagements"]);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), printed);
    // A folder that is not there is an error naming the file.
    let missing = dir.path().join("no/such/dir.svg");
    let out = diagram(&["-o", missing.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains(&missing.display().to_string()),
        "{}",
        stderr(&out)
    );
}

#[test]
fn an_unknown_table_is_an_error_naming_it() {
    for args in [&["--tables", "users,engagment"][..], &["--around", "engagment"]] {
        let out = diagram(args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        assert_eq!(stdout(&out), "");
        assert_eq!(
            stderr(&out),
            "error: unknown table `engagment` (did you mean `engagements`?)\n"
        );
    }
    let out = Command::new(env!("CARGO_BIN_EXE_pschema"))
        .arg("--json")
        .arg("--schema")
        .arg(repo_root().join("schema/paciolus.pschema"))
        .args(["schema", "diagram", "--tables", "nope"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let value: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(value["error"]["kind"], "unknown_table");
    assert_eq!(value["error"]["message"], "unknown table `nope`");
}

#[test]
fn json_carries_the_diagram_and_what_it_holds() {
    let out = Command::new(env!("CARGO_BIN_EXE_pschema"))
        .arg("--json")
        .arg("--schema")
        .arg(repo_root().join("schema/paciolus.pschema"))
        .args(["schema", "diagram", "--format", "dot", "--tables", "users,clients"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let value: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(value["format"], "dot");
    assert_eq!(value["tables"], serde_json::json!(["users", "clients"]));
    assert_eq!(value["foreign_keys"], 1);
    assert!(value["diagram"].as_str().unwrap().starts_with("digraph schema {"));
}

#[test]
fn usage_mistakes_exit_2() {
    for args in [
        &["--depth", "2"][..],
        &["--tables", "users", "--around", "users"],
        &["--format", "png"],
        &["--around", "users", "--depth", "-1"],
    ] {
        assert_eq!(diagram(args).status.code(), Some(2), "{args:?}");
    }
}

#[test]
fn an_invalid_schema_file_is_reported_at_its_line() {
    let project = empty_project("table t {\n  id Intger @id\n}\n");
    let out = pschema_in(project.path(), &["schema", "diagram"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("schema/paciolus.pschema:2:"), "{err}");
    assert!(err.contains("Intger"), "{err}");
    assert!(!Path::new(&project.path().join("paciolus.db")).exists());
}
