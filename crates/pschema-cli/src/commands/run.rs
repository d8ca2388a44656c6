//! `upgrade` and `downgrade`, online or as offline SQL (`--sql`).

use super::{load_migrations, open, options, shown_heads};
use crate::Failure;
use crate::args::{Cli, DialectArg, RunArgs};
use crate::output::{Output, RunOutput, SqlOutput, StepJson};
use pschema_driver::Access;
use pschema_migrate::{Direction, Error, Graph, Report, Target, migrator, offline};
use pschema_sql::Dialect;

pub(super) fn execute(cli: &Cli, out: &mut Output, run: &RunArgs, direction: Direction) -> Result<(), Failure> {
    let graph = load_migrations(cli, out)?;
    if run.sql {
        return offline(cli, out, run, &graph, direction);
    }
    let options = options(cli, Some(run));
    let mut driver = open(cli, out, Access::Write)?;
    let mut observe = crate::progress::observer(out.shown(driver.dialect()));
    let target = Target::parse(&run.target);
    let report = match direction {
        Direction::Up => migrator::upgrade(&mut *driver, &graph, &target, &options, &mut observe)?,
        Direction::Down => migrator::downgrade(&mut *driver, &graph, &target, &options, &mut observe)?,
    };
    print_report(out, &graph, &report, direction);
    Ok(())
}

fn offline(cli: &Cli, out: &mut Output, run: &RunArgs, graph: &Graph, direction: Direction) -> Result<(), Failure> {
    let (from, to) = offline_range(graph, &run.target, direction)?;
    // The SQL of the database the URL names, unless --dialect says otherwise.
    let dialect = match run.dialect {
        Some(DialectArg::Sqlite) => Dialect::Sqlite,
        Some(DialectArg::Postgresql) => Dialect::Postgres,
        None => pschema_driver::dialect_of(&cli.database_url)?,
    };
    out.detail(format!("offline SQL in {dialect}, no database opened"));
    let lock_timeout = std::time::Duration::from_millis(cli.ddl_lock_timeout);
    let text = offline::sql(
        graph,
        &from,
        &Target::parse(&to),
        direction,
        dialect,
        lock_timeout,
        &cli.tables(),
    )?;
    out.text(text.trim_end());
    out.json(SqlOutput { sql: text });
    Ok(())
}

/// `from:to` for offline SQL; `from` is where the database is assumed to be.
fn offline_range(graph: &Graph, target: &str, direction: Direction) -> Result<(Vec<String>, String), Error> {
    match target.split_once(':') {
        Some((from, to)) => {
            let from = match from {
                "base" | "" => Vec::new(),
                "head" | "heads" => graph.heads().into_iter().map(String::from).collect(),
                rev => vec![graph.resolve(rev)?.to_string()],
            };
            Ok((from, to.to_string()))
        }
        None => {
            let from = match direction {
                Direction::Up => Vec::new(),
                Direction::Down => graph.heads().into_iter().map(String::from).collect(),
            };
            Ok((from, target.to_string()))
        }
    }
}

fn print_report(out: &mut Output, graph: &Graph, report: &Report, direction: Direction) {
    for id in &report.adopted {
        out.info(format!(
            "Adopted {id}: applied before pschema, recorded in pschema_history"
        ));
    }
    for step in &report.steps {
        let verb = if step.direction == Direction::Up {
            "Applied"
        } else {
            "Reverted"
        };
        out.info(format!(
            "{verb} {} ({}) in {} ms",
            step.revision, step.message, step.duration_ms
        ));
    }
    let at = shown_heads(graph, &report.current);
    if report.steps.is_empty() {
        let verb = if direction == Direction::Up {
            "upgrade"
        } else {
            "downgrade"
        };
        out.info(format!("Nothing to {verb}: the database is already at {at}."));
    } else {
        out.info(format!("The database is now at {at}."));
    }
    out.json(RunOutput {
        steps: report
            .steps
            .iter()
            .map(|s| StepJson {
                revision: s.revision.clone(),
                message: s.message.clone(),
                direction: s.direction.as_str().to_string(),
                duration_ms: s.duration_ms,
                loses_data: s.loses_data,
            })
            .collect(),
        current: report.current.clone(),
        adopted: report.adopted.clone(),
    });
}
