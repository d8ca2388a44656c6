//! What a run does, decided from the revision graph, the database's state
//! and the target: pure functions, tested without a database. The runner
//! calls them with the state it read under the lock, so a decision is never
//! taken on a stale reading.

use crate::Error;
use crate::dir::{Direction, Migration, sql_path};
use crate::driver::{DbState, HistoryRow, LockRetry, Progress};
use crate::graph::Graph;
use pschema_sql::{Dialect, Script};
use std::collections::BTreeMap;
use std::time::Duration;

#[derive(Debug, Clone)]
pub struct Options {
    /// How long to wait for another runner's lock before giving up.
    pub lock_timeout: Duration,
    /// Apply even when an applied migration's SQL changed since.
    pub ignore_checksums: bool,
    /// Run again after a migration an older pschema recorded as failed
    /// half-way (a `success = false` history row; a migration that stops
    /// part-way now leaves a progress row and resumes instead).
    pub retry_failed: bool,
    /// PostgreSQL's `lock_timeout` for the migrations' statements, and retries.
    pub lock_retry: LockRetry,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            lock_timeout: Duration::from_secs(30),
            ignore_checksums: false,
            retry_failed: false,
            lock_retry: LockRetry::default(),
        }
    }
}

/// Where `upgrade` or `downgrade` should take the database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// `head` (the single head) or `heads` (all of them).
    Heads,
    Base,
    Revision(String),
    /// `+N` or `-N`.
    Relative(i64),
}

impl Target {
    pub fn parse(text: &str) -> Target {
        match text {
            "head" | "heads" => Target::Heads,
            "base" => Target::Base,
            _ => match text
                .strip_prefix('+')
                .or(text.strip_prefix('-').map(|_| text))
                .and_then(|n| n.parse::<i64>().ok())
            {
                Some(n) => Target::Relative(n),
                None => Target::Revision(text.to_string()),
            },
        }
    }
}

/// The heads a database records must all be known, and none may be an
/// ancestor of another: Alembic refuses such overlapping revisions too. A
/// head that a squash folded into a baseline is refused with what to do: the
/// migrations that lead from it to the baseline are gone from this checkout.
pub fn check_heads(graph: &Graph, heads: &[String]) -> Result<(), Error> {
    if let Some((id, into)) = heads.iter().find_map(|h| squashed_into(graph, h).map(|into| (h, into))) {
        return Err(Error::SquashedRevision {
            id: id.clone(),
            into: into.to_string(),
        });
    }
    let unknown: Vec<String> = heads.iter().filter(|h| graph.get(h).is_none()).cloned().collect();
    if !unknown.is_empty() {
        return Err(Error::UnknownDatabaseRevision { ids: unknown });
    }
    for head in heads {
        for other in heads {
            if head != other && graph.ancestors([other.as_str()]).contains(head.as_str()) {
                return Err(Error::OverlappingRevisions {
                    ancestor: head.clone(),
                    descendant: other.clone(),
                });
            }
        }
    }
    Ok(())
}

/// The squash baseline that `id` was folded into, when `id` is no migration
/// of the graph any more but a baseline lists it among those it `squashes`.
pub fn squashed_into<'g>(graph: &'g Graph, id: &str) -> Option<&'g str> {
    if graph.get(id).is_some() {
        return None;
    }
    graph
        .migrations()
        .iter()
        .find(|m| m.meta.squashes.iter().any(|s| s == id))
        .map(Migration::id)
}

/// Whether `recorded`, the checksum a database recorded for `m`'s up SQL in
/// `dialect`, is SQL that `m` stands for: its own, or, for a squash baseline,
/// that of the migration its id named before the squash (a database that
/// reached the revision then). The check stays exact for both kinds of
/// database, where skipping baselines would let an edited one pass.
pub fn accepts_checksum(m: &Migration, dialect: Dialect, recorded: &str) -> bool {
    let path = sql_path(dialect, Direction::Up);
    m.checksum(dialect, Direction::Up).unwrap_or_default() == recorded
        || m.meta.squashed_checksums.get(&path).is_some_and(|old| old == recorded)
}

/// The checksum each revision's up SQL had when it was last applied,
/// adopted or stamped.
fn recorded_checksums(state: &DbState) -> BTreeMap<&str, Option<&str>> {
    state
        .history
        .iter()
        .filter(|r| r.success && matches!(r.direction.as_str(), "up" | "adopt" | "stamp"))
        .map(|r| (r.revision.as_str(), r.checksum.as_deref()))
        .collect()
}

/// A migration that failed half-way and has not succeeded since.
fn failed_half_way(state: &DbState) -> Option<&str> {
    let (position, row) = state.history.iter().enumerate().rev().find(|(_, r)| !r.success)?;
    let succeeded_since = state.history[position + 1..]
        .iter()
        .any(|r| r.success && r.revision == row.revision);
    (!succeeded_since).then_some(row.revision.as_str())
}

/// What must hold before a run changes anything, and the history rows it
/// records first: applied revisions that have none (a database Alembic
/// built, adopted as it stands).
pub fn preflight(
    graph: &Graph,
    state: &DbState,
    direction: Direction,
    dialect: Dialect,
    options: &Options,
    now: &str,
) -> Result<Vec<HistoryRow>, Error> {
    if state.heads.is_empty() && direction == Direction::Up && !state.user_tables.is_empty() {
        let tables = state.user_tables.clone();
        return Err(if state.version_table {
            Error::EmptyVersionTable { tables }
        } else {
            Error::Unversioned { tables }
        });
    }
    if !options.retry_failed
        && let Some(id) = failed_half_way(state)
    {
        return Err(Error::FailedBefore { id: id.to_string() });
    }
    let recorded = recorded_checksums(state);
    let applied = graph.ancestors(state.heads.iter().map(String::as_str));
    if !options.ignore_checksums {
        for m in graph.migrations().iter().filter(|m| applied.contains(m.id())) {
            let Some(Some(was)) = recorded.get(m.id()) else {
                continue;
            };
            if !accepts_checksum(m, dialect, was) {
                let now = m.checksum(dialect, Direction::Up).unwrap_or_default();
                return Err(Error::ChecksumMismatch {
                    id: m.id().to_string(),
                    path: m.dir.join(sql_path(dialect, Direction::Up)),
                    applied: was.to_string(),
                    now: now.to_string(),
                });
            }
        }
    }
    Ok(graph
        .migrations()
        .iter()
        .filter(|m| applied.contains(m.id()) && !recorded.contains_key(m.id()))
        .map(|m| history_row(m, "adopt", dialect, now, 0))
        .collect())
}

/// The error for a migration that stopped part-way and is not the next one
/// this run would take.
pub fn half_applied(p: &Progress) -> Error {
    Error::HalfApplied {
        id: p.revision.clone(),
        direction: p.direction.clone(),
        done: p.steps_done,
        total: p.steps_total,
    }
}

/// The checksum of the statements of the first `done` steps of `script`:
/// what a progress row records, so that a run resumes only after steps that
/// are still written as they ran (the failing step and those after it may
/// be mended in between).
pub fn done_checksum(script: &Script, done: usize) -> String {
    let text: String = script
        .steps()
        .iter()
        .take(done)
        .flat_map(|s| s.pieces.iter().map(|p| format!("{}\n", p.sql)))
        .collect();
    crate::dir::checksum(&text)
}

/// The steps of `m` done by an earlier run that stopped part-way: `pending`
/// (the database's progress row, if any) must be `m`'s, the same way, with
/// those steps as they ran; otherwise nothing may run until it is finished.
pub fn resume_point(
    pending: Option<Progress>,
    m: &Migration,
    direction: Direction,
    dialect: Dialect,
    script: &Script,
) -> Result<usize, Error> {
    let Some(p) = pending else { return Ok(0) };
    if p.revision != m.id() || p.direction != direction.as_str() {
        return Err(half_applied(&p));
    }
    if p.checksum.as_deref() != Some(done_checksum(script, p.steps_done).as_str()) {
        return Err(Error::ResumeChecksumMismatch {
            id: p.revision,
            path: m.dir.join(sql_path(dialect, direction)),
        });
    }
    Ok(p.steps_done)
}

/// A history row for `m`; `up`, `adopt` and `stamp` record the up SQL's
/// checksum, `down` the down SQL's.
pub fn history_row(m: &Migration, what: &str, dialect: Dialect, now: &str, execution_ms: u64) -> HistoryRow {
    let direction = if what == "down" { Direction::Down } else { Direction::Up };
    HistoryRow {
        revision: m.id().to_string(),
        direction: what.to_string(),
        message: m.meta.message.clone(),
        checksum: m.checksum(dialect, direction).map(String::from),
        applied_at: now.to_string(),
        execution_ms,
        success: true,
    }
}

/// The revisions an `upgrade` to `target` ends at, given the database's heads.
pub fn upgrade_targets<'g>(graph: &'g Graph, heads: &[String], target: &Target) -> Result<Vec<&'g str>, Error> {
    Ok(match target {
        Target::Heads => graph.heads(),
        Target::Base => Vec::new(),
        Target::Revision(rev) => vec![graph.resolve(rev)?],
        Target::Relative(n) if *n > 0 => {
            let path = graph.upgrade_path(heads, &graph.heads());
            match path.get(*n as usize - 1) {
                Some(m) => vec![m.id()],
                None => {
                    return Err(Error::BadTarget {
                        target: format!("+{n}"),
                        why: format!("only {} migration(s) to apply", path.len()),
                    });
                }
            }
        }
        Target::Relative(0) => heads.iter().filter_map(|h| graph.get(h).map(Migration::id)).collect(),
        Target::Relative(n) => {
            return Err(Error::BadTarget {
                target: n.to_string(),
                why: "use downgrade to go down".into(),
            });
        }
    })
}

/// The revisions to revert, newest first, to take `heads` to `target`.
pub fn downgrade_plan(graph: &Graph, heads: &[String], target: &Target) -> Result<Vec<String>, Error> {
    let ids = |path: Vec<&Migration>| path.iter().map(|m| m.id().to_string()).collect();
    Ok(match target {
        Target::Base => ids(graph.downgrade_path(heads, &[])),
        Target::Revision(rev) => {
            let rev = graph.resolve(rev)?;
            if !graph.ancestors(heads.iter().map(String::as_str)).contains(rev) {
                return Err(Error::BadTarget {
                    target: rev.to_string(),
                    why: "the database is not past it".into(),
                });
            }
            ids(graph.downgrade_path(heads, &[rev]))
        }
        Target::Relative(n) => {
            // One revision at a time: the newest applied head first, and a
            // merge revision steps back to all of its parents.
            let mut simulated = heads.to_vec();
            let mut order = Vec::new();
            for _ in 0..n.unsigned_abs() {
                let newest = graph
                    .migrations()
                    .iter()
                    .rev()
                    .find(|m| simulated.iter().any(|h| h == m.id()));
                let Some(m) = newest else {
                    return Err(Error::BadTarget {
                        target: n.to_string(),
                        why: format!("only {} migration(s) applied", order.len()),
                    });
                };
                simulated = graph.heads_after_downgrade(&simulated, m.id());
                order.push(m.id().to_string());
            }
            order
        }
        Target::Heads => Vec::new(),
    })
}

/// Where a run goes, fixed once from the state read under the lock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Course {
    /// Up towards these revisions.
    Upgrade(Vec<String>),
    /// Down through these revisions, newest first.
    Downgrade(Vec<String>),
}

impl Course {
    pub fn new(graph: &Graph, heads: &[String], direction: Direction, target: &Target) -> Result<Course, Error> {
        Ok(match direction {
            Direction::Up => Course::Upgrade(
                upgrade_targets(graph, heads, target)?
                    .into_iter()
                    .map(String::from)
                    .collect(),
            ),
            Direction::Down => Course::Downgrade(downgrade_plan(graph, heads, target)?),
        })
    }

    pub fn direction(&self) -> Direction {
        match self {
            Course::Upgrade(_) => Direction::Up,
            Course::Downgrade(_) => Direction::Down,
        }
    }

    /// The migration to run next from `heads`, if any. Only a head can be
    /// reverted: a planned revision that is applied but no longer a head
    /// means the database moved, and the run stops rather than guess.
    pub fn next(&self, graph: &Graph, heads: &[String]) -> Result<Option<String>, Error> {
        match self {
            Course::Upgrade(targets) => {
                let targets: Vec<&str> = targets.iter().map(String::as_str).collect();
                Ok(graph.upgrade_path(heads, &targets).first().map(|m| m.id().to_string()))
            }
            Course::Downgrade(plan) => {
                let applied = graph.ancestors(heads.iter().map(String::as_str));
                match plan.iter().find(|id| applied.contains(id.as_str())) {
                    None => Ok(None),
                    Some(id) if heads.contains(id) => Ok(Some(id.clone())),
                    Some(id) => Err(Error::NotAHead {
                        id: id.clone(),
                        heads: heads.to_vec(),
                    }),
                }
            }
        }
    }
}

/// The database's heads after `id` ran in `direction` from `heads`.
pub fn heads_after(graph: &Graph, direction: Direction, heads: &[String], id: &str) -> Vec<String> {
    match direction {
        Direction::Up => graph.heads_after_upgrade(heads, id),
        Direction::Down => graph.heads_after_downgrade(heads, id),
    }
}

/// The revision `stamp` names: `None` for base.
pub fn stamp_target(graph: &Graph, target: &str) -> Result<Option<String>, Error> {
    Ok(match target {
        "base" => None,
        "head" | "heads" => Some(
            graph
                .head()?
                .ok_or_else(|| Error::UnknownRevision { id: target.into() })?
                .to_string(),
        ),
        rev => Some(graph.resolve(rev)?.to_string()),
    })
}

/// The heads after a stamp: heads on other branches stay, unless `purge`;
/// only the branch of the stamped revision moves.
pub fn heads_after_stamp(graph: &Graph, heads: &[String], revision: Option<&str>, purge: bool) -> Vec<String> {
    let mut new_heads: Vec<String> = if purge {
        Vec::new()
    } else {
        heads
            .iter()
            .filter(|h| {
                revision.is_some_and(|r| {
                    !graph.ancestors([r]).contains(h.as_str()) && !graph.ancestors([h.as_str()]).contains(r)
                })
            })
            .cloned()
            .collect()
    };
    new_heads.extend(revision.map(String::from));
    new_heads.sort();
    new_heads.dedup();
    new_heads
}

#[cfg(test)]
mod tests {
    use super::*;

    fn migration(id: &str, parents: &[&str]) -> Migration {
        crate::dir::test_migration(id, parents)
    }

    /// a - b - c, with a branch b - x, merged by m (c, x).
    fn graph() -> Graph {
        Graph::new(vec![
            migration("a", &[]),
            migration("b", &["a"]),
            migration("c", &["b"]),
            migration("x", &["b"]),
            migration("m", &["c", "x"]),
        ])
        .unwrap()
    }

    fn heads(ids: &[&str]) -> Vec<String> {
        ids.iter().map(|s| s.to_string()).collect()
    }

    fn row(revision: &str, direction: &str, checksum: Option<&str>, success: bool) -> HistoryRow {
        HistoryRow {
            revision: revision.into(),
            direction: direction.into(),
            message: String::new(),
            checksum: checksum.map(String::from),
            applied_at: String::new(),
            execution_ms: 0,
            success,
        }
    }

    /// Every step a run takes from `from`, simulated without a database.
    fn run(from: &[&str], direction: Direction, target: &str) -> Result<Vec<String>, String> {
        let g = graph();
        let mut current = heads(from);
        let course = Course::new(&g, &current, direction, &Target::parse(target)).map_err(|e| e.to_string())?;
        let mut steps = Vec::new();
        while let Some(id) = course.next(&g, &current).map_err(|e| e.to_string())? {
            current = heads_after(&g, direction, &current, &id);
            steps.push(id);
        }
        Ok(steps)
    }

    #[test]
    fn targets_parse_like_alembics() {
        assert_eq!(Target::parse("head"), Target::Heads);
        assert_eq!(Target::parse("base"), Target::Base);
        assert_eq!(Target::parse("+2"), Target::Relative(2));
        assert_eq!(Target::parse("-1"), Target::Relative(-1));
        assert_eq!(Target::parse("e2f21c"), Target::Revision("e2f21c".into()));
    }

    #[test]
    fn courses_from_applied_to_target() {
        use Direction::{Down, Up};
        // From these heads, that way, to that target: these steps, or that error.
        type Case<'a> = (&'a [&'a str], Direction, &'a str, Result<&'a [&'a str], &'a str>);
        let cases: &[Case] = &[
            (&[], Up, "head", Ok(&["a", "b", "c", "x", "m"])),
            (&[], Up, "+2", Ok(&["a", "b"])),
            (&["b"], Up, "c", Ok(&["c"])),
            (&["c"], Up, "head", Ok(&["x", "m"])),
            (&["m"], Up, "head", Ok(&[])),
            (&["a"], Up, "+9", Err("cannot go to `+9`: only 4 migration(s) to apply")),
            (&["a"], Up, "-1", Err("cannot go to `-1`: use downgrade to go down")),
            (&["m"], Down, "-1", Ok(&["m"])),
            (&["m"], Down, "-2", Ok(&["m", "x"])),
            (&["m"], Down, "b", Ok(&["m", "x", "c"])),
            (&["m"], Down, "base", Ok(&["m", "x", "c", "b", "a"])),
            (&["c", "x"], Down, "-1", Ok(&["x"])),
            (&["c"], Down, "x", Err("cannot go to `x`: the database is not past it")),
            (
                &["a"],
                Down,
                "-2",
                Err("cannot go to `-2`: only 1 migration(s) applied"),
            ),
            (&[], Down, "base", Ok(&[])),
            (&["b"], Up, "zz", Err("unknown revision `zz`")),
        ];
        for (from, direction, target, expected) in cases {
            let got = run(from, *direction, target);
            let expected = expected
                .map(|ids| ids.iter().map(|s| s.to_string()).collect::<Vec<_>>())
                .map_err(String::from);
            assert_eq!(got, expected, "{direction:?} {target} from {from:?}");
        }
    }

    #[test]
    fn a_planned_revert_of_a_revision_that_is_no_longer_a_head_is_refused() {
        let g = graph();
        let course = Course::new(&g, &heads(&["c"]), Direction::Down, &Target::parse("-1")).unwrap();
        // Another runner went on to m before this one reverted c.
        let err = course.next(&g, &heads(&["m"])).unwrap_err();
        assert!(matches!(err, Error::NotAHead { .. }), "{err}");
    }

    #[test]
    fn recorded_heads_must_be_known_and_must_not_overlap() {
        let g = graph();
        assert!(check_heads(&g, &heads(&["c", "x"])).is_ok());
        let err = check_heads(&g, &heads(&["b", "c"])).unwrap_err();
        assert_eq!(
            err.to_string(),
            "alembic_version holds b and c, but b is an ancestor of c: a database is at one revision per branch"
        );
        let err = check_heads(&g, &heads(&["q1", "c", "q2"])).unwrap_err();
        assert_eq!(
            err.to_string(),
            "the database is at revisions q1, q2, which are not in the migrations directory"
        );
    }

    #[test]
    fn preflight_decides_from_the_state() {
        let g = graph();
        let options = Options::default();
        let check = |state: &DbState, options: &Options| {
            preflight(&g, state, Direction::Up, Dialect::Sqlite, options, "now")
                .map(|rows| rows.iter().map(|r| r.revision.clone()).collect::<Vec<_>>())
                .map_err(|e| e.to_string())
        };
        let tables = vec!["users".to_string()];
        let unversioned = DbState {
            user_tables: tables.clone(),
            ..DbState::default()
        };
        assert!(
            check(&unversioned, &options)
                .unwrap_err()
                .contains("but no alembic_version")
        );
        let empty_version = DbState {
            version_table: true,
            ..unversioned.clone()
        };
        assert!(
            check(&empty_version, &options)
                .unwrap_err()
                .contains("alembic_version is empty")
        );
        // An Alembic database at b: a and b are adopted.
        let alembic = DbState {
            exists: true,
            version_table: true,
            heads: heads(&["b"]),
            user_tables: tables.clone(),
            history: Vec::new(),
            progress: Vec::new(),
        };
        assert_eq!(check(&alembic, &options).unwrap(), ["a", "b"]);
        // Applied with other SQL than the folder holds now.
        let edited = DbState {
            history: vec![row("a", "up", Some("sum-a"), true), row("b", "up", Some("old"), true)],
            ..alembic.clone()
        };
        assert!(
            check(&edited, &options)
                .unwrap_err()
                .starts_with("migration b was applied with other SQL")
        );
        let ignoring = Options {
            ignore_checksums: true,
            ..Options::default()
        };
        assert_eq!(check(&edited, &ignoring).unwrap(), Vec::<String>::new());
        // A migration failed half-way: blocked until --retry-failed, or a later success.
        let failed = DbState {
            history: vec![
                row("a", "up", Some("sum-a"), true),
                row("b", "up", Some("sum-b"), true),
                row("c", "up", None, false),
            ],
            ..alembic.clone()
        };
        assert!(
            check(&failed, &options)
                .unwrap_err()
                .starts_with("migration c failed half-way")
        );
        let retry = Options {
            retry_failed: true,
            ..Options::default()
        };
        assert!(check(&failed, &retry).is_ok());
        let mut recovered = failed.clone();
        recovered.history.push(row("c", "up", Some("sum-c"), true));
        recovered.heads = heads(&["c"]);
        assert!(check(&recovered, &options).is_ok());
    }

    /// a - b - c - d after `squash c`: c is a baseline that stands for a, b
    /// and c, with up SQL of its own (`sum-c`); before the squash c's up SQL
    /// had the checksum `old-c`.
    fn squashed_graph() -> Graph {
        let mut c = migration("c", &[]);
        c.meta.squashes = heads(&["a", "b", "c"]);
        c.meta.squashed_checksums = [(sql_path(Dialect::Sqlite, Direction::Up), "old-c".to_string())].into();
        Graph::new(vec![c, migration("d", &["c"])]).unwrap()
    }

    #[test]
    fn a_database_at_a_revision_a_squash_removed_is_refused_with_what_to_do() {
        let g = squashed_graph();
        let refused = |at: &str| {
            format!(
                "the database is at {at}, which was squashed into c: upgrade it to c with a checkout from \
                 before the squash (or the pschema release before it), then run again"
            )
        };
        // The database's heads: accepted, or this error.
        let cases: &[(&[&str], Result<(), String>)] = &[
            (&[], Ok(())),
            (&["c"], Ok(())),
            (&["d"], Ok(())),
            (&["a"], Err(refused("a"))),
            (&["b"], Err(refused("b"))),
            (
                &["zz"],
                Err("the database is at revision zz, which is not in the migrations directory".into()),
            ),
            (&["zz", "b"], Err(refused("b"))),
        ];
        for (at, expected) in cases {
            let got = check_heads(&g, &heads(at)).map_err(|e| e.to_string());
            assert_eq!(&got, expected, "at {at:?}");
        }
        assert_eq!(squashed_into(&g, "a"), Some("c"));
        assert_eq!(squashed_into(&g, "c"), None, "c is a migration of the graph");
        assert_eq!(squashed_into(&g, "zz"), None);
        // Before the squash, the same graph had nothing to say about a.
        assert_eq!(squashed_into(&graph(), "a"), None);
    }

    #[test]
    fn a_squash_baseline_accepts_the_checksum_of_the_migration_it_replaced() {
        let g = squashed_graph();
        let at_d = |history: Vec<HistoryRow>| DbState {
            exists: true,
            version_table: true,
            heads: heads(&["d"]),
            user_tables: vec!["users".into()],
            history,
            progress: Vec::new(),
        };
        let check = |state: &DbState| {
            preflight(&g, state, Direction::Up, Dialect::Sqlite, &Options::default(), "now")
                .map(|rows| rows.iter().map(|r| r.revision.clone()).collect::<Vec<_>>())
                .map_err(|e| e.to_string())
        };
        let before = vec![
            row("a", "up", Some("sum-a"), true),
            row("b", "up", Some("sum-b"), true),
            row("c", "up", Some("old-c"), true),
            row("d", "up", Some("sum-d"), true),
        ];
        let after = vec![row("c", "up", Some("sum-c"), true), row("d", "up", Some("sum-d"), true)];
        let edited = vec![
            row("c", "up", Some("edited"), true),
            row("d", "up", Some("sum-d"), true),
        ];
        let stamped_before = vec![row("c", "stamp", Some("old-c"), true)];
        // The history a database holds: the history rows the run adds, or the error.
        type Case<'a> = (&'a str, Vec<HistoryRow>, Result<Vec<&'a str>, &'a str>);
        let cases: Vec<Case> = vec![
            ("built before the squash", before, Ok(vec![])),
            ("built from the baseline", after, Ok(vec![])),
            ("c ran other SQL", edited, Err("migration c was applied with other SQL")),
            ("stamped at c before the squash", stamped_before, Ok(vec!["d"])),
            ("adopted from Alembic", Vec::new(), Ok(vec!["c", "d"])),
        ];
        for (what, history, expected) in cases {
            let got = check(&at_d(history));
            match expected {
                Ok(rows) => assert_eq!(got, Ok(rows.iter().map(|s| s.to_string()).collect()), "{what}"),
                Err(start) => assert!(got.as_ref().is_err_and(|e| e.starts_with(start)), "{what}: {got:?}"),
            }
        }
        // The old checksum counts for the dialect it was recorded for only.
        let on_postgres = preflight(
            &g,
            &at_d(vec![row("c", "up", Some("old-c"), true)]),
            Direction::Up,
            Dialect::Postgres,
            &Options::default(),
            "now",
        );
        assert!(
            matches!(on_postgres, Err(Error::ChecksumMismatch { .. })),
            "{on_postgres:?}"
        );
    }

    #[test]
    fn stamping_moves_only_its_branch_unless_purged() {
        let g = graph();
        assert_eq!(heads_after_stamp(&g, &heads(&["c", "x"]), Some("b"), false), ["b"]);
        assert_eq!(heads_after_stamp(&g, &heads(&["x"]), Some("c"), false), ["c", "x"]);
        assert_eq!(heads_after_stamp(&g, &heads(&["c", "x"]), Some("a"), true), ["a"]);
        assert_eq!(heads_after_stamp(&g, &heads(&["c"]), None, false), Vec::<String>::new());
        assert_eq!(stamp_target(&g, "base").unwrap(), None);
        assert_eq!(stamp_target(&g, "head").unwrap().as_deref(), Some("m"));
    }
}
