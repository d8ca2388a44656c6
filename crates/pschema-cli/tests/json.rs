//! `--json`: every command's object follows the checked-in JSON Schema
//! (`docs/json-output.schema.json`), which is the one the code makes.

mod common;

use common::*;
use serde_json::Value;

const SCHEMA: &str = "docs/json-output.schema.json";

#[test]
fn the_checked_in_json_schema_is_the_one_the_code_makes() {
    let path = repo_root().join(SCHEMA);
    let made = pschema_cli::output::json_schema();
    if std::env::var_os("PSCHEMA_BLESS").is_some() {
        std::fs::write(&path, &made).unwrap();
    }
    let checked_in = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        checked_in == made,
        "{SCHEMA} is not what the output types give: run `PSCHEMA_BLESS=1 cargo test -p pschema-cli --test json` and review the diff"
    );
}

/// The schema of one kind of output: the root's definitions, entered at one.
fn schema_of(root: &Value, definition: &str) -> Value {
    assert!(
        root["$defs"][definition].is_object(),
        "{SCHEMA} has no definition {definition}"
    );
    serde_json::json!({
        "$schema": root["$schema"],
        "$defs": root["$defs"],
        "$ref": format!("#/$defs/{definition}"),
    })
}

#[test]
fn every_command_prints_json_that_follows_its_schema() {
    let root: Value = serde_json::from_str(&std::fs::read_to_string(repo_root().join(SCHEMA)).unwrap()).unwrap();
    let project = scratch_project();
    let p = project.path();
    let cases: &[(&[&str], &str, bool)] = &[
        (&["upgrade", "head", "--sql"], "SqlOutput", true),
        (&["upgrade", "head"], "RunOutput", true),
        (&["upgrade", "head"], "RunOutput", true),
        (&["current"], "CurrentOutput", true),
        (&["history"], "HistoryOutput", true),
        (&["heads"], "HeadsOutput", true),
        (&["branches"], "BranchesOutput", true),
        (&["show", "e2f2"], "MigrationJson", true),
        (&["revision", "--autogenerate", "-m", "nothing"], "RevisionOutput", true),
        (&["check"], "CheckOutput", true),
        (&["hash"], "HashOutput", true),
        (&["fmt", "--check"], "FmtOutput", true),
        (&["schema", "diagram"], "DiagramOutput", true),
        (&["schema", "diagram", "--tables", "nope"], "ErrorOutput", false),
        (&["stamp", "head"], "StampOutput", true),
        (&["downgrade", "base"], "RunOutput", true),
        (
            &["revision", "-m", "by hand", "--rev-id", "0000000000dd"],
            "RevisionOutput",
            true,
        ),
        (&["history", "--indicate-current"], "HistoryOutput", true),
        (&["completions", "bash"], "CompletionsOutput", true),
        (&["man"], "ManOutput", true),
        (&["man", "--out", "man"], "ManOutput", true),
        (&["squash", "0000000000dd"], "SquashOutput", true),
        (&["show", "0000000000dd"], "MigrationJson", true),
        (&["upgrade", "zzzz"], "ErrorOutput", false),
        // Behind the latest revision: the check's own object says so.
        (&["check"], "CheckOutput", false),
    ];
    for (args, definition, succeeds) in cases {
        let mut all = vec!["--json"];
        all.extend_from_slice(args);
        let out = pschema_in(p, &all);
        assert_eq!(out.status.success(), *succeeds, "{args:?}: {}", stdout(&out));
        let value: Value = serde_json::from_str(&stdout(&out)).unwrap_or_else(|e| panic!("{args:?}: {e}"));
        assert_eq!(value["version"], 1, "{args:?}");
        let schema = schema_of(&root, &format!("Json_{definition}"));
        let validator = jsonschema::validator_for(&schema).unwrap();
        let errors: Vec<String> = validator.iter_errors(&value).map(|e| e.to_string()).collect();
        assert!(
            errors.is_empty(),
            "{args:?} does not follow {definition}: {errors:?}\n{value}"
        );
        // And not another kind's: every object has its own shape.
        if *definition != "RunOutput" {
            let other = schema_of(&root, "Json_RunOutput");
            assert!(
                !jsonschema::is_valid(&other, &value),
                "{args:?} also passes as RunOutput"
            );
        }
    }
    // `init`, in a folder of its own.
    let empty = tempfile::tempdir().unwrap();
    let out = pschema_in(empty.path(), &["--json", "init"]);
    assert!(out.status.success(), "{}", stdout(&out));
    let value: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let schema = schema_of(&root, "Json_InitOutput");
    assert!(jsonschema::is_valid(&schema, &value), "{value}");
}
