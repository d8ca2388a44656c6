//! Checks on the repository itself, run as ordinary tests: the schema file is
//! formatted, it matches the latest migration, and the baseline migration is
//! exactly what the tool generates (so nobody edited it by hand).

use pschema_migrate::revision::{self, generate, snapshot_schema};
use pschema_migrate::{Graph, dir};
use pschema_schema::Schema;
use pschema_tests::{read, repo_root};

#[test]
fn schema_file_is_formatted() {
    let path = repo_root().join("schema/paciolus.pschema");
    let source = read(&path);
    let formatted = pschema_syntax::format_source(&source).expect("the schema parses");
    assert!(
        formatted == source,
        "schema/paciolus.pschema is not formatted: run `cargo xtask fmt`"
    );
}

#[test]
fn schema_file_matches_the_latest_migration() {
    let graph = Graph::new(dir::load(&repo_root().join("migrations")).unwrap()).unwrap();
    let drift = revision::schema_drift(&graph, &repo_root().join("schema/paciolus.pschema")).unwrap();
    assert!(
        drift.is_empty(),
        "schema/paciolus.pschema differs from the latest migration; run `cargo xtask migrate revision --autogenerate -m ...`:\n{drift:#?}"
    );
}

#[test]
fn baseline_is_generated_not_hand_written() {
    let migrations = dir::load(&repo_root().join("migrations")).unwrap();
    let graph = Graph::new(migrations).unwrap();
    let baseline = graph.get("e2f21cb79a61").expect("the baseline keeps Alembic's id");
    assert!(baseline.meta.parents.is_empty());
    assert_eq!(baseline.meta.message, "baseline: full schema as of v1.2.0");
    assert_eq!(
        baseline.dir.file_name().unwrap(),
        "e2f21cb79a61_baseline_full_schema_as_of_v1_2_0",
        "the folder is named like Alembic's revision file"
    );

    let schema = snapshot_schema(baseline).unwrap();
    let changes = pschema_diff::diff(&Schema::default(), &schema);
    let mut meta = baseline.meta.clone();
    meta.checksums.clear();
    let regenerated = generate(&Schema::default(), &schema, meta, changes).unwrap();
    for (name, text) in &regenerated.files {
        assert!(
            baseline.files.get(name) == Some(text),
            "{name} of the baseline differs from what pschema generates from its snapshot"
        );
    }
    assert_eq!(regenerated.meta, baseline.meta, "migration.toml of the baseline");
}

#[test]
fn baseline_declares_the_nine_tables_of_alembics_baseline() {
    let migrations = dir::load(&repo_root().join("migrations")).unwrap();
    let graph = Graph::new(migrations).unwrap();
    let schema = snapshot_schema(graph.get("e2f21cb79a61").unwrap()).unwrap();
    let names: Vec<&str> = schema.tables.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "users",
            "activity_logs",
            "clients",
            "email_verification_tokens",
            "diagnostic_summaries",
            "engagements",
            "tool_runs",
            "follow_up_items",
            "follow_up_item_comments"
        ]
    );
}

/// Every example in the language guide parses, and lowers without errors
/// other than references to tables and enums the snippet leaves out.
#[test]
fn language_guide_examples_are_valid() {
    let guide = read(&repo_root().join("docs/pschema-language.md"));
    let blocks: Vec<&str> = guide
        .split("```pschema\n")
        .skip(1)
        .map(|rest| rest.split("```").next().unwrap())
        .collect();
    assert!(blocks.len() >= 13, "found {} examples", blocks.len());
    for block in blocks {
        let file =
            pschema_syntax::parse(block).unwrap_or_else(|d| panic!("example does not parse: {}\n{block}", d.message));
        let lowered = pschema_schema::lower(&file);
        for d in &lowered.diagnostics {
            let elsewhere = d.message.contains("which is not declared")
                || d.message.starts_with("unknown type `")
                || d.message.starts_with("unknown enum `");
            assert!(elsewhere, "example has an error: {}\n{block}", d.message);
        }
    }
}
