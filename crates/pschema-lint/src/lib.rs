//! `migrate lint`: reviews migrations before they run, from their SQL (the
//! truth: a file may have been edited and re-hashed) and from the schemas
//! before and after them (which tables already exist, what a type change
//! turns into). It knows no database: row counts, when there are any, are
//! handed in.
//!
//! Invariant: every statement of a migration is either read by the rules or
//! reported as not analysed ([`rules::UNANALYSED`]); a finding is accepted
//! only by a `-- pschema:lint-ignore CODE reason` comment, and still reported.

mod rules;
pub mod sql;

pub use rules::{RULES, Rule};

use pschema_migrate::dir::{Direction, Migration};
use pschema_schema::Schema;
use pschema_sql::Dialect;
use pschema_sql::script::{self, LintIgnore, Piece};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    pub fn parse(text: &str) -> Option<Severity> {
        match text {
            "info" => Some(Severity::Info),
            "warning" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

/// One thing lint found about one statement (or, for what the migration's
/// metadata says, about its file).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub code: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    pub migration: String,
    pub dialect: &'static str,
    pub direction: &'static str,
    /// The SQL file, as the migration's folder names it.
    pub file: PathBuf,
    pub line: usize,
    /// The statement, without its comments; empty for a finding about the file.
    pub statement: String,
    /// What happens on a live database.
    pub effect: String,
    /// How to do it instead, in one line.
    pub fix: String,
    /// The reason given by the `lint-ignore` that accepts it.
    pub accepted: Option<String>,
}

/// What lint needs about one migration.
pub struct Input<'a> {
    pub migration: &'a Migration,
    /// The schema after each parent (none for a base migration).
    pub parents: Vec<Schema>,
    /// The schema after the migration.
    pub schema: Option<Schema>,
    /// Rows per table in the database the migration would run on, when known.
    pub row_counts: Option<&'a BTreeMap<String, u64>>,
    /// The runner sets PostgreSQL's `lock_timeout` for every statement
    /// (`--ddl-lock-timeout` is not 0), so a migration needs no `SET` of its own.
    pub runner_sets_lock_timeout: bool,
}

/// A statement of a migration file, where lint looks at it.
pub(crate) struct Located<'a> {
    pub piece: &'a Piece,
    pub outside: bool,
}

/// Reviews one migration's files for `dialects`.
pub fn lint(input: &Input<'_>, dialects: &[Dialect]) -> Vec<Finding> {
    let mut findings = Vec::new();
    for &dialect in dialects {
        for direction in [Direction::Up, Direction::Down] {
            let Some(text) = input.migration.sql(dialect, direction) else {
                continue;
            };
            let parsed = script::parse(dialect, text);
            let file = PathBuf::from(pschema_migrate::dir::sql_path(dialect, direction));
            let mut found = Vec::new();
            let statements: Vec<Located<'_>> = parsed
                .outside
                .iter()
                .map(|piece| Located { piece, outside: true })
                .chain(parsed.body.iter().map(|piece| Located {
                    piece,
                    outside: piece.outside,
                }))
                .collect();
            let context = rules::Context {
                input,
                dialect,
                direction,
                statements: &statements,
            };
            rules::check(&context, &mut found);
            for raw in found {
                findings.push(finish(raw, input, dialect, direction, &file, &parsed.lint_ignores));
            }
            for ignore in &parsed.lint_ignores {
                if let Some(problem) = rules::bad_ignore(ignore) {
                    findings.push(finish(
                        rules::Raw::at_line(rules::BAD_IGNORE, ignore.line, String::new(), problem),
                        input,
                        dialect,
                        direction,
                        &file,
                        &[],
                    ));
                }
            }
        }
    }
    findings.sort_by(|a, b| (a.dialect, a.direction, a.line, a.code).cmp(&(b.dialect, b.direction, b.line, b.code)));
    findings
}

fn finish(
    raw: rules::Raw,
    input: &Input<'_>,
    dialect: Dialect,
    direction: Direction,
    file: &std::path::Path,
    file_ignores: &[LintIgnore],
) -> Finding {
    let rule = raw.rule;
    // A statement's finding is accepted by a comment just before it; a
    // finding about the whole file by one anywhere in the file.
    let ignores: &[LintIgnore] = raw.ignores.as_deref().unwrap_or(file_ignores);
    let accepted = ignores
        .iter()
        .find(|i| i.code == rule.code && !i.reason.trim().is_empty())
        .map(|i| i.reason.trim().to_string());
    Finding {
        code: rule.code,
        name: rule.name,
        severity: rule.severity,
        migration: input.migration.id().to_string(),
        dialect: dialect.dir_name(),
        direction: direction.as_str(),
        file: input.migration.dir.join(file),
        line: raw.line,
        statement: raw.statement,
        effect: raw.effect.unwrap_or_else(|| rule.effect.to_string()),
        fix: rule.fix.to_string(),
        accepted,
    }
}

/// The findings that count: not accepted, at or above `level`.
pub fn failing(findings: &[Finding], level: Severity) -> usize {
    findings
        .iter()
        .filter(|f| f.accepted.is_none() && f.severity >= level)
        .count()
}
