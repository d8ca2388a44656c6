//! The one runner, over any [`Driver`]: take the lock, read the state, decide
//! (with [`crate::decide`]), let the driver execute, record.
//!
//! Invariants: every decision, down as well as up, is taken from the state
//! read under the lock, which is held for the whole run; each migration runs
//! in one transaction with its `alembic_version` and `pschema_history`
//! writes (a migration of several steps: each step with its
//! `pschema_progress` row, and a run resumes only the migration that
//! stopped, the same way, with the same SQL), and the driver checks that `alembic_version` held exactly the
//! rows the decision was taken on; an applied migration whose SQL changed
//! since stops the run before anything is written.

use crate::db_schema::{self, DbSchema};
use crate::decide::{self, Course, Options, Target};
use crate::dir::{Direction, Migration};
use crate::driver::{ApplyError, Driver, Event, Job, Observer, ScratchServer, VersionChange};
use crate::graph::Graph;
use crate::{Error, FailedMigration, revision};
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct Step {
    pub revision: String,
    pub message: String,
    pub direction: Direction,
    pub duration_ms: u64,
    /// Going this way loses data (a dropped column or table).
    pub loses_data: bool,
}

impl Step {
    fn new(m: &Migration, direction: Direction, duration_ms: u64) -> Step {
        Step {
            revision: m.id().to_string(),
            message: m.meta.message.clone(),
            direction,
            duration_ms,
            loses_data: m.loses_data(direction),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub steps: Vec<Step>,
    /// The database's revisions afterwards; empty at base.
    pub current: Vec<String>,
    /// Applied revisions that had no history row (a database Alembic built),
    /// recorded now.
    pub adopted: Vec<String>,
}

pub fn now() -> String {
    time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

/// Runs `body` holding the driver's lock, and gives the lock back whatever
/// happens.
fn locked<T>(
    driver: &mut dyn Driver,
    options: &Options,
    events: Observer<'_>,
    body: impl FnOnce(&mut dyn Driver, Observer<'_>) -> Result<T, Error>,
) -> Result<T, Error> {
    driver.lock(options.lock_timeout, events)?;
    let result = body(driver, events);
    // What committed before a failure is kept too; the failure is the news.
    let finished = driver.finish();
    driver.unlock();
    let value = result?;
    finished?;
    Ok(value)
}

pub fn upgrade(
    driver: &mut dyn Driver,
    graph: &Graph,
    target: &Target,
    options: &Options,
    events: Observer<'_>,
) -> Result<Report, Error> {
    run(driver, graph, Direction::Up, target, options, events)
}

pub fn downgrade(
    driver: &mut dyn Driver,
    graph: &Graph,
    target: &Target,
    options: &Options,
    events: Observer<'_>,
) -> Result<Report, Error> {
    run(driver, graph, Direction::Down, target, options, events)
}

fn run(
    driver: &mut dyn Driver,
    graph: &Graph,
    direction: Direction,
    target: &Target,
    options: &Options,
    events: Observer<'_>,
) -> Result<Report, Error> {
    locked(driver, options, events, |driver, events| {
        let dialect = driver.dialect();
        let state = driver.state()?;
        decide::check_heads(graph, &state.heads)?;
        let course = Course::new(graph, &state.heads, direction, target)?;
        let adoption = decide::preflight(graph, &state, direction, dialect, options, &now())?;
        if !adoption.is_empty() {
            driver.write(&VersionChange::unchanged(&state.heads), &adoption)?;
        }
        let adopted = adoption.into_iter().map(|r| r.revision).collect();
        // A migration that stopped part-way must be the first this run takes.
        let mut pending = state.progress.first().cloned();
        let mut heads = state.heads;
        let mut steps: Vec<Step> = Vec::new();
        while let Some(id) = course.next(graph, &heads)? {
            let m = graph
                .get(&id)
                .ok_or_else(|| Error::UnknownRevision { id: id.clone() })?;
            let text = m.sql(dialect, direction).ok_or_else(|| Error::NoSqlForDialect {
                id: m.id().to_string(),
                path: m.dir.join(crate::dir::sql_path(dialect, direction)),
            })?;
            let script = pschema_sql::script::parse(dialect, text);
            let version = VersionChange {
                before: heads.clone(),
                after: decide::heads_after(graph, direction, &heads, m.id()),
            };
            let history = decide::history_row(m, direction.as_str(), dialect, &now(), 0);
            events(Event::Starting {
                migration: m,
                direction,
            });
            let known = if script.has_rebuild() {
                known_columns(graph, m, direction)
            } else {
                None
            };
            let resume_at = decide::resume_point(pending.take(), m, direction, dialect, &script)?;
            let steps_total = script.steps().len();
            if resume_at > 0 {
                events(Event::Resuming {
                    done: resume_at,
                    total: steps_total,
                });
            }
            let job = Job {
                script: &script,
                version: &version,
                history: &history,
                known_columns: known.as_ref(),
                resume_at,
                lock_retry: options.lock_retry,
            };
            match driver.apply(&job, events) {
                Ok(duration_ms) => steps.push(Step::new(m, direction, duration_ms)),
                Err(ApplyError::Other(e)) => return Err(e),
                Err(ApplyError::Failed(failure)) => {
                    let file = m.dir.join(crate::dir::sql_path(dialect, direction));
                    return Err(Error::MigrationFailed(Box::new(FailedMigration {
                        id: m.id().to_string(),
                        outcome: outcome(&failure, steps_total),
                        message: failure.message,
                        statement: failure.statement,
                        location: match failure.line {
                            Some(line) => format!("{}:{line}", file.display()),
                            None => file.display().to_string(),
                        },
                        applied: steps.iter().map(|s| s.revision.clone()).collect(),
                        at: if heads.is_empty() {
                            "base".into()
                        } else {
                            heads.join(", ")
                        },
                    })));
                }
            }
            events(Event::Finished);
            heads = version.after;
        }
        if let Some(p) = pending {
            return Err(decide::half_applied(&p));
        }
        Ok(Report {
            steps,
            current: heads,
            adopted,
        })
    })
}

/// What is left of a migration that failed, for the person to know what to do.
fn outcome(failure: &crate::driver::StatementFailure, total: usize) -> String {
    let done = failure.steps_done;
    let resume = format!("run the same command again to resume at step {} of {total}", done + 1);
    match (done, failure.outside) {
        (0, false) => "the migration was rolled back".into(),
        (_, false) => format!(
            "steps 1 to {done} had committed and are recorded, step {} was rolled back: {resume}",
            done + 1
        ),
        (_, true) => format!(
            "step {} runs outside a transaction, so what it did before the failure stays (steps before it are committed and recorded): {resume}, which runs that step again from its start",
            done + 1
        ),
    }
}

/// The columns of each table as `m` expects to find them (its parents'
/// snapshots going up, its own going down), for a SQLite rebuild to carry the
/// columns another branch added; `None` when a snapshot is missing or does not
/// parse (then nothing is carried, as before).
pub(crate) fn known_columns(graph: &Graph, m: &Migration, direction: Direction) -> Option<crate::driver::KnownColumns> {
    let snapshots: Vec<&Migration> = match direction {
        Direction::Up => m.meta.parents.iter().filter_map(|p| graph.get(p)).collect(),
        Direction::Down => vec![m],
    };
    let mut known = crate::driver::KnownColumns::new();
    for s in snapshots {
        for (table, columns) in snapshot_columns(s)? {
            known.entry(table).or_default().extend(columns);
        }
    }
    Some(known)
}

/// Each table of `m`'s snapshot with its column names; `None` when the
/// snapshot is missing or does not parse.
pub(crate) fn snapshot_columns(m: &Migration) -> Option<crate::driver::KnownColumns> {
    // A migration without a snapshot knows no columns (not those of an empty schema).
    m.snapshot()?;
    let schema = crate::revision::snapshot_schema(m).ok()?;
    Some(
        schema
            .tables
            .into_iter()
            .map(|t| (t.name, t.columns.into_iter().map(|c| c.name).collect()))
            .collect(),
    )
}

/// The database's current revisions.
pub fn current(driver: &mut dyn Driver, graph: &Graph) -> Result<Vec<String>, Error> {
    let state = driver.state()?;
    decide::check_heads(graph, &state.heads)?;
    Ok(state.heads)
}

/// What a database built from scratch holds for the snapshot of `heads`;
/// `None` for several heads, whose schema is whatever the branches combined into.
pub fn expected_at(server: &mut dyn ScratchServer, graph: &Graph, heads: &[String]) -> Result<Option<DbSchema>, Error> {
    match heads {
        [] => Ok(Some(DbSchema::default())),
        [one] => {
            let m = graph
                .get(one)
                .ok_or_else(|| Error::UnknownDatabaseRevision { ids: vec![one.clone()] })?;
            let schema = revision::snapshot_schema(m)?;
            Ok(Some(crate::verify::expected(server, &schema)?))
        }
        _ => Ok(None),
    }
}

/// A live database against the snapshot of its revision.
#[derive(Debug, Clone, Serialize)]
pub struct Drift {
    pub current: Vec<String>,
    /// Table by table; empty when the database holds the schema it should.
    pub differences: Vec<String>,
}

/// How the live database differs from the snapshot of its revision.
pub fn drift(driver: &mut dyn Driver, graph: &Graph) -> Result<Drift, Error> {
    let current = current(driver, graph)?;
    let differences = match expected_at(driver, graph, &current)? {
        Some(expected) => db_schema::differences(&expected, &driver.introspect()?),
        None => Vec::new(),
    };
    Ok(Drift { current, differences })
}

/// Marks the database as being at `target` without running any migration,
/// after checking, under the lock, that it holds the schema of that
/// revision (unless `force`).
pub fn stamp(
    driver: &mut dyn Driver,
    graph: &Graph,
    target: &str,
    purge: bool,
    force: bool,
    options: &Options,
    events: Observer<'_>,
) -> Result<Report, Error> {
    let revision = decide::stamp_target(graph, target)?;
    locked(driver, options, events, |driver, _| {
        let dialect = driver.dialect();
        let state = driver.state()?;
        if !purge {
            decide::check_heads(graph, &state.heads)?;
        }
        if !force {
            let wanted: Vec<String> = revision.iter().cloned().collect();
            let expected = expected_at(driver, graph, &wanted)?.unwrap_or_default();
            let differences = db_schema::differences(&expected, &driver.introspect()?);
            if !differences.is_empty() {
                return Err(Error::StampMismatch {
                    revision: target.to_string(),
                    differences,
                });
            }
        }
        let after = decide::heads_after_stamp(graph, &state.heads, revision.as_deref(), purge);
        let rows: Vec<_> = revision
            .iter()
            .filter_map(|rev| graph.get(rev))
            .map(|m| decide::history_row(m, "stamp", dialect, &now(), 0))
            .collect();
        driver.write(
            &VersionChange {
                before: state.heads,
                after: after.clone(),
            },
            &rows,
        )?;
        Ok(Report {
            steps: Vec::new(),
            current: after,
            adopted: Vec::new(),
        })
    })
}
