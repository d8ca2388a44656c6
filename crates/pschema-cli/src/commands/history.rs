//! `history`, `heads` and `branches`: the revision graph, read from the
//! migrations folder only.

use super::{children, load_graph};
use crate::Failure;
use crate::args::Cli;
use crate::output::{BranchJson, BranchesOutput, HeadsOutput, HistoryOutput, MigrationJson, Output, Verbosity};
use pschema_migrate::{Error, Graph, Migration};
use std::collections::BTreeSet;

pub(super) fn history(cli: &Cli, out: &mut Output, range: Option<&str>, drawn: bool) -> Result<(), Failure> {
    let graph = load_graph(cli, out)?;
    if drawn && !out.is_json() {
        let heads = graph.heads();
        for line in super::graph_drawing::draw(&graph, |id| {
            let m = graph.get(id);
            let mut tags = String::new();
            if heads.contains(&id) {
                tags.push_str(" (head)");
            }
            if children(&graph, id).len() > 1 {
                tags.push_str(" (branchpoint)");
            }
            if m.is_some_and(|m| m.meta.parents.len() > 1) {
                tags.push_str(" (mergepoint)");
            }
            format!("{id}{tags}, {}", m.map_or("", |m| m.meta.message.as_str()))
        }) {
            out.text(line);
        }
        return Ok(());
    }
    let shown = history_range(&graph, range)?;
    let heads = graph.heads();
    let verbose = out.verbosity() == Verbosity::Verbose;
    let mut entries = Vec::new();
    for m in graph.migrations().iter().rev().filter(|m| shown.contains(m.id())) {
        out.text(format!("{}, {}", history_line(&graph, m, &heads), m.meta.message));
        if verbose {
            out.text(format!("  created {}\n  {}", m.meta.created, m.dir.display()));
        }
        entries.push(MigrationJson::new(&graph, m));
    }
    out.json(HistoryOutput { history: entries });
    Ok(())
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
