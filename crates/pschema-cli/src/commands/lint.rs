//! `lint`: reviews migrations before they run (docs/lint.md).

use super::{load_graph, open};
use crate::Failure;
use crate::args::{Cli, DialectArg, FailOn};
use crate::output::{LintOutput, Output};
use pschema_driver::Access;
use pschema_lint::{Finding, Input, Severity};
use pschema_migrate::{Error, Graph, Migration, migrator, revision};
use pschema_schema::Schema;
use pschema_sql::Dialect;
use pschema_sql::script;
use std::collections::BTreeMap;

pub(super) fn execute(
    cli: &Cli,
    out: &mut Output,
    range: Option<&str>,
    all: bool,
    fail_on: FailOn,
    dialect: Option<DialectArg>,
) -> Result<(), Failure> {
    let graph = load_graph(cli, out)?;
    let mut dialects = match dialect {
        Some(DialectArg::Sqlite) => vec![Dialect::Sqlite],
        Some(DialectArg::Postgresql) => vec![Dialect::Postgres],
        None => Dialect::ALL.to_vec(),
    };
    let mut row_counts = BTreeMap::new();
    let migrations: Vec<&Migration> = match (range, all) {
        (_, true) => graph.migrations().iter().collect(),
        (Some(range), false) => selected(&graph, range)?,
        (None, false) => {
            // What would run on the database: lint it in its own dialect, and
            // count the rows of the tables SQLite would copy.
            let mut driver = open(cli, out, Access::Read)?;
            let current = if driver.state()?.exists {
                migrator::current(&mut *driver, &graph)?
            } else {
                Vec::new()
            };
            if dialect.is_none() {
                dialects = vec![driver.dialect()];
            }
            let pending = graph.upgrade_path(&current, &graph.heads());
            for m in &pending {
                for table in rebuilt_tables(m, driver.dialect()) {
                    if let Some(n) = driver.row_count(&table)? {
                        row_counts.entry(table).or_insert(n);
                    }
                }
            }
            pending
        }
    };
    let mut snapshots: BTreeMap<&str, Schema> = BTreeMap::new();
    let mut findings: Vec<Finding> = Vec::new();
    for m in &migrations {
        let mut parents = Vec::new();
        for parent in &m.meta.parents {
            parents.push(schema_of(&graph, &mut snapshots, parent)?);
        }
        let input = Input {
            migration: m,
            parents,
            schema: Some(schema_of(&graph, &mut snapshots, m.id())?),
            row_counts: (!row_counts.is_empty()).then_some(&row_counts),
            runner_sets_lock_timeout: cli.ddl_lock_timeout > 0,
        };
        findings.extend(pschema_lint::lint(&input, &dialects));
    }
    report(out, &findings, migrations.len());
    let level = match fail_on {
        FailOn::Info => Some(Severity::Info),
        FailOn::Warning => Some(Severity::Warning),
        FailOn::Error => Some(Severity::Error),
        FailOn::Never => None,
    };
    out.json(LintOutput {
        migrations: migrations.iter().map(|m| m.id().to_string()).collect(),
        findings: findings.iter().cloned().map(Into::into).collect(),
    });
    match level {
        Some(level) if pschema_lint::failing(&findings, level) > 0 => Err(Failure::Check(format!(
            "{} finding(s) at or above {} (accept one on purpose with `-- pschema:lint-ignore CODE reason` before its statement, then `{} hash`)",
            pschema_lint::failing(&findings, level),
            level.as_str(),
            out.program()
        ))),
        _ => Ok(()),
    }
}

fn schema_of<'g>(graph: &'g Graph, cache: &mut BTreeMap<&'g str, Schema>, id: &str) -> Result<Schema, Error> {
    let m = graph
        .get(id)
        .ok_or_else(|| Error::UnknownRevision { id: id.to_string() })?;
    if let Some(schema) = cache.get(m.id()) {
        return Ok(schema.clone());
    }
    let schema = revision::snapshot_schema(m)?;
    cache.insert(m.id(), schema.clone());
    Ok(schema)
}

/// `rev` alone, or the migrations after `from` up to `to`.
fn selected<'g>(graph: &'g Graph, range: &str) -> Result<Vec<&'g Migration>, Error> {
    let Some((from, to)) = range.split_once(':') else {
        let id = graph.resolve(range)?;
        return Ok(graph.get(id).into_iter().collect());
    };
    let from: Vec<String> = match from {
        "" | "base" => Vec::new(),
        rev => vec![graph.resolve(rev)?.to_string()],
    };
    let to: Vec<&str> = match to {
        "" | "head" | "heads" => graph.heads(),
        rev => vec![graph.resolve(rev)?],
    };
    Ok(graph.upgrade_path(&from, &to))
}

fn rebuilt_tables(m: &Migration, dialect: Dialect) -> Vec<String> {
    let Some(text) = m.sql(dialect, pschema_migrate::Direction::Up) else {
        return Vec::new();
    };
    let mut tables: Vec<String> = script::parse(dialect, text)
        .body
        .iter()
        .filter_map(|p| p.rebuild.as_ref().map(|r| r.table.clone()))
        .collect();
    tables.dedup();
    tables
}

fn report(out: &mut Output, findings: &[Finding], linted: usize) {
    for f in findings {
        let place = format!("{}:{}", f.file.display(), f.line);
        match &f.accepted {
            Some(reason) => out.text(format!(
                "accepted {}[{}] {place} ({}): {}",
                f.severity.as_str(),
                f.code,
                f.name,
                reason
            )),
            None => {
                out.text(format!("{}[{}] {}: {place}", f.severity.as_str(), f.code, f.name));
                if !f.statement.is_empty() {
                    out.text(format!("  | {}", first_line(&f.statement)));
                }
                out.text(format!("  = {}", f.effect));
                out.text(format!("  fix: {}", f.fix));
            }
        }
    }
    let count = |s: Severity| {
        findings
            .iter()
            .filter(|f| f.accepted.is_none() && f.severity == s)
            .count()
    };
    let accepted = findings.iter().filter(|f| f.accepted.is_some()).count();
    out.info(format!(
        "{linted} migration(s) linted: {} error(s), {} warning(s), {} note(s), {accepted} accepted",
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Info)
    ));
}

fn first_line(statement: &str) -> String {
    let mut lines = statement.lines();
    let first = lines.next().unwrap_or_default().to_string();
    if lines.next().is_some() {
        format!("{first} ...")
    } else {
        first
    }
}
