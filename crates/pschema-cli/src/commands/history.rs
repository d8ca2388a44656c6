//! `history`, `heads` and `branches`: the revision graph, read from the
//! migrations folder; `history -i` also reads the database, without
//! writing to it.

use super::{children, load_graph, open, shown_heads, shown_url};
use crate::Failure;
use crate::args::Cli;
use crate::output::{BranchJson, BranchesOutput, HeadsOutput, HistoryOutput, MigrationJson, Output, Verbosity};
use pschema_driver::Access;
use pschema_migrate::{Error, Graph, Migration, migrator};
use std::collections::BTreeSet;

/// What `history -i` marks: the database's revisions and everything they
/// descend from.
struct Applied<'g> {
    /// There is a database at the URL (a SQLite file may not be there yet).
    exists: bool,
    current: Vec<String>,
    applied: BTreeSet<&'g str>,
    /// The URL for messages, without its password.
    url: String,
}

impl Applied<'_> {
    fn state(&self, id: &str) -> &'static str {
        if self.applied.contains(id) {
            "applied"
        } else {
            "pending"
        }
    }

    fn is_current(&self, id: &str) -> bool {
        self.current.iter().any(|c| c == id)
    }

    /// `applied  ` or `pending  `, before a revision's line.
    fn prefix(&self, id: &str) -> String {
        format!("{}  ", self.state(id))
    }
}

/// The database's revisions, read only: a SQLite file that is not there
/// stays so, and then every migration is pending.
fn applied<'g>(cli: &Cli, out: &mut Output, graph: &'g Graph) -> Result<Applied<'g>, Error> {
    let mut driver = open(cli, out, Access::Read)?;
    let exists = driver.state()?.exists;
    let current = if exists {
        migrator::current(&mut *driver, graph)?
    } else {
        Vec::new()
    };
    // Every current revision is in the graph (`current` checks it).
    let applied = graph.ancestors(current.iter().filter_map(|c| graph.get(c)).map(Migration::id));
    Ok(Applied {
        exists,
        current,
        applied,
        url: shown_url(&cli.database_url),
    })
}

pub(super) fn history(
    cli: &Cli,
    out: &mut Output,
    range: Option<&str>,
    indicate_current: bool,
    drawn: bool,
) -> Result<(), Failure> {
    let graph = load_graph(cli, out)?;
    let marks = if indicate_current {
        Some(applied(cli, out, &graph)?)
    } else {
        None
    };
    if drawn && !out.is_json() {
        let heads = graph.heads();
        for line in super::graph_drawing::draw(&graph, |id| {
            let m = graph.get(id);
            let mut tags = String::new();
            if heads.contains(&id) {
                tags.push_str(" (head)");
            }
            if marks.as_ref().is_some_and(|a| a.is_current(id)) {
                tags.push_str(" (current)");
            }
            if children(&graph, id).len() > 1 {
                tags.push_str(" (branchpoint)");
            }
            if m.is_some_and(|m| m.meta.parents.len() > 1) {
                tags.push_str(" (mergepoint)");
            }
            let prefix = marks.as_ref().map(|a| a.prefix(id)).unwrap_or_default();
            format!("{prefix}{id}{tags}, {}", m.map_or("", |m| m.meta.message.as_str()))
        }) {
            out.text(line);
        }
        summary(
            out,
            &graph,
            marks.as_ref(),
            graph.migrations().iter().map(Migration::id),
        );
        return Ok(());
    }
    let shown = history_range(&graph, range)?;
    let heads = graph.heads();
    let verbose = out.verbosity() == Verbosity::Verbose;
    let mut entries = Vec::new();
    for m in graph.migrations().iter().rev().filter(|m| shown.contains(m.id())) {
        let (prefix, current) = match &marks {
            Some(a) => (a.prefix(m.id()), if a.is_current(m.id()) { " (current)" } else { "" }),
            None => (String::new(), ""),
        };
        out.text(format!(
            "{prefix}{}{current}, {}",
            history_line(&graph, m, &heads),
            m.meta.message
        ));
        if verbose {
            out.text(format!("  created {}\n  {}", m.meta.created, m.dir.display()));
        }
        let mut entry = MigrationJson::new(&graph, m);
        if let Some(a) = &marks {
            entry.state = Some(a.state(m.id()).to_string());
            entry.current = Some(a.is_current(m.id()));
        }
        entries.push(entry);
    }
    summary(out, &graph, marks.as_ref(), shown.iter().copied());
    out.json(HistoryOutput {
        history: entries,
        database_current: marks.map(|a| a.current),
    });
    Ok(())
}

/// `history -i`: where the database is and how many of the revisions shown
/// are pending, on stderr.
fn summary<'a>(out: &mut Output, graph: &Graph, marks: Option<&Applied<'_>>, shown: impl Iterator<Item = &'a str>) {
    let Some(a) = marks else { return };
    let pending = shown.filter(|id| !a.applied.contains(id)).count();
    if a.exists {
        out.note(format!(
            "the database is at {}; {pending} migration(s) pending",
            shown_heads(graph, &a.current)
        ));
    } else {
        out.note(format!("no database at {} yet; {pending} migration(s) pending", a.url));
    }
}

pub(super) fn heads(cli: &Cli, out: &mut Output) -> Result<(), Failure> {
    let graph = load_graph(cli, out)?;
    let heads = graph.heads();
    for head in &heads {
        out.text(format!("{head} (head)"));
    }
    out.json(HeadsOutput {
        heads: heads.into_iter().map(String::from).collect(),
    });
    Ok(())
}

pub(super) fn branches(cli: &Cli, out: &mut Output) -> Result<(), Failure> {
    let graph = load_graph(cli, out)?;
    let mut entries = Vec::new();
    for m in graph.migrations() {
        let children = children(&graph, m.id());
        if children.len() > 1 {
            out.text(format!("{} (branchpoint), {}", m.id(), m.meta.message));
            for child in &children {
                out.text(format!("  -> {child}"));
            }
            entries.push(BranchJson {
                revision: m.id().to_string(),
                children: children.into_iter().map(String::from).collect(),
            });
        }
    }
    out.json(BranchesOutput { branches: entries });
    Ok(())
}

fn history_line(graph: &Graph, m: &Migration, heads: &[&str]) -> String {
    let parents = if m.meta.parents.is_empty() {
        "<base>".to_string()
    } else {
        m.meta.parents.join(", ")
    };
    let mut tags = String::new();
    if heads.contains(&m.id()) {
        tags.push_str(" (head)");
    }
    if children(graph, m.id()).len() > 1 {
        tags.push_str(" (branchpoint)");
    }
    if m.meta.parents.len() > 1 {
        tags.push_str(" (mergepoint)");
    }
    format!("{parents} -> {}{tags}", m.id())
}

/// The revisions of `history -r from:to`: descendants of `from` (inclusive)
/// that are ancestors of `to` (inclusive).
fn history_range<'g>(graph: &'g Graph, range: Option<&str>) -> Result<BTreeSet<&'g str>, Error> {
    let all = || graph.migrations().iter().map(Migration::id).collect();
    let Some(range) = range else { return Ok(all()) };
    let (from, to) = range.split_once(':').unwrap_or((range, "head"));
    let upper: BTreeSet<&str> = match to {
        "" | "head" | "heads" => all(),
        rev => graph.ancestors([graph.resolve(rev)?]),
    };
    let lower: Option<&str> = match from {
        "" | "base" => None,
        rev => Some(graph.resolve(rev)?),
    };
    Ok(upper
        .into_iter()
        .filter(|id| lower.is_none_or(|low| graph.ancestors([*id]).contains(low)))
        .collect())
}
