//! `check`: the three drifts — the schema file against the latest
//! migration, a database against the schema of its revision, and a database
//! behind the latest revision.

use super::open;
use crate::Failure;
use crate::args::Cli;
use crate::output::{CheckOutput, DatabaseCheck, Output};
use pschema_driver::Access;
use pschema_migrate::{migrator, revision};

fn listed(items: &[String]) -> String {
    items.iter().map(|d| format!("  - {d}")).collect::<Vec<_>>().join("\n")
}

pub(super) fn execute(cli: &Cli, out: &mut Output) -> Result<(), Failure> {
    let (graph, schema_drift) = revision::load_with_drift(&cli.migrations_dir, &cli.schema)?;
    super::describe_graph(cli, out, &graph);
    super::schema_used(out, &cli.schema);
    let mut problems: Vec<String> = Vec::new();
    if !schema_drift.is_empty() {
        problems.push(format!(
            "{} differs from the latest migration (run `{} revision --autogenerate -m \"...\"`):\n{}",
            cli.schema.display(),
            out.program(),
            listed(&schema_drift)
        ));
    }
    let mut driver = open(cli, out, Access::Read)?;
    let mut database = None;
    if driver.state()?.exists {
        let drift = migrator::drift(&mut *driver, &graph)?;
        let heads: Vec<String> = graph.heads().into_iter().map(String::from).collect();
        let at = if drift.current.is_empty() {
            "base".to_string()
        } else {
            drift.current.join(", ")
        };
        if !drift.differences.is_empty() {
            problems.push(format!(
                "the database differs from the schema of its revision {at}:\n{}",
                listed(&drift.differences)
            ));
        }
        if drift.current != heads {
            problems.push(format!(
                "the database is at {at}, the latest revision is {} (run `{} upgrade head`)",
                heads.join(", "),
                out.program()
            ));
        }
        database = Some(DatabaseCheck {
            current: drift.current,
            drift: drift.differences,
        });
    } else {
        out.detail(format!(
            "no database at {}: only the schema file is checked",
            super::shown_url(&cli.database_url)
        ));
    }
    let ok = problems.is_empty();
    out.json(CheckOutput {
        schema_drift,
        database: database.as_ref().map(|d| DatabaseCheck {
            current: d.current.clone(),
            drift: d.drift.clone(),
        }),
        ok,
    });
    if !ok {
        return Err(Failure::Drift(problems.join("\n")));
    }
    out.info(format!(
        "{} matches the latest migration; no new migration needed.",
        cli.schema.display()
    ));
    if database.is_some() {
        out.info("The database matches the schema of its revision and is at the latest revision.");
    }
    Ok(())
}
