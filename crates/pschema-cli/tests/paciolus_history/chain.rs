//! The chain under test: pschema's migrations (the repository's, or
//! `PSCHEMA_HISTORY_MIGRATIONS_DIR`), Alembic's graph (`graph.json`) and the
//! reference dumps, and the pschema binary run over them.

use crate::common::{repo_root, stderr, stdout};
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::process::{Command, Output};

pub fn reference_dir() -> PathBuf {
    repo_root().join("tests/data/reference/paciolus-history")
}

#[derive(Debug, Deserialize)]
pub struct Graph {
    pub walk_order: Vec<String>,
    pub merges: Vec<String>,
    pub revisions: BTreeMap<String, Revision>,
}

#[derive(Debug, Deserialize)]
pub struct Revision {
    pub parents: Vec<String>,
    pub message: String,
    /// What the revision's upgrade() does (`steps` per dialect).
    pub upgrade: serde_json::Value,
}

/// Everything a test needs to know about the chain.
pub struct Chain {
    pub migrations_dir: PathBuf,
    pub schema: PathBuf,
    pub graph: Graph,
    /// pschema's migrations: id -> (parents, message, folder).
    pub migrations: BTreeMap<String, pschema_migrate::dir::Migration>,
    /// The longest start of Alembic's walk whose every revision is a pschema
    /// migration: the revisions whose reference dump a pschema walk can match
    /// (a dump holds every revision the walk applied before it, on any branch).
    pub walk: Vec<String>,
}

impl Chain {
    pub fn load() -> Chain {
        let migrations_dir = match std::env::var_os("PSCHEMA_HISTORY_MIGRATIONS_DIR") {
            Some(dir) if !dir.is_empty() => PathBuf::from(dir),
            _ => repo_root().join("migrations"),
        };
        let beside = migrations_dir.parent().map(|p| p.join("schema/paciolus.pschema"));
        let schema = beside
            .filter(|p| p.exists())
            .unwrap_or_else(|| repo_root().join("schema/paciolus.pschema"));
        let graph: Graph =
            serde_json::from_str(&std::fs::read_to_string(reference_dir().join("graph.json")).unwrap()).unwrap();
        let migrations: BTreeMap<String, _> = pschema_migrate::dir::load(&migrations_dir)
            .unwrap_or_else(|e| panic!("{}: {e}", migrations_dir.display()))
            .into_iter()
            .map(|m| (m.id().to_string(), m))
            .collect();
        let walk = graph
            .walk_order
            .iter()
            .take_while(|rev| migrations.contains_key(*rev))
            .cloned()
            .collect();
        let chain = Chain {
            migrations_dir,
            schema,
            graph,
            migrations,
            walk,
        };
        let outside: Vec<&String> = chain.migrations.keys().filter(|id| !chain.walk.contains(id)).collect();
        if !outside.is_empty() {
            eprintln!(
                "migrations not covered by the walk (after a gap in Alembic's walk order, or pschema's own): {outside:?}"
            );
        }
        chain
    }

    /// The reference dump of `rev` for `dialect` ("sqlite" or "postgres"), if any.
    pub fn reference(&self, dialect: &str, rev: &str) -> Option<PathBuf> {
        Some(reference_dir().join(dialect).join(format!("{rev}.json"))).filter(|p| p.exists())
    }

    /// The walk's revisions with a reference dump for `dialect`.
    pub fn walk_with_reference(&self, dialect: &str) -> Vec<String> {
        let mut out: Vec<String> = self.walk.clone();
        if let Some(last) = out.iter().rposition(|r| self.reference(dialect, r).is_some()) {
            out.truncate(last + 1);
        } else {
            out.clear();
        }
        out
    }

    /// Tables whose rows Alembic's own revisions after `rev` (those pschema
    /// has) delete on the way up (`DELETE FROM <table>` in an upgrade's steps, e.g. ecda5f408617
    /// dropping unhashed email verification tokens): rows gone there are
    /// what Alembic does, not a loss.
    pub fn deleted_after(&self, rev: &str) -> BTreeMap<String, String> {
        let walk = &self.graph.walk_order;
        let start = walk.iter().position(|r| r == rev).map_or(0, |i| i + 1);
        let mut out = BTreeMap::new();
        for r in walk[start..].iter().filter(|r| self.migrations.contains_key(*r)) {
            let steps = &self.graph.revisions[r].upgrade["steps"];
            for step in steps
                .as_object()
                .into_iter()
                .flat_map(|o| o.values())
                .flat_map(|v| v.as_array().cloned().unwrap_or_default())
            {
                let sql = step["sql"].as_str().unwrap_or_default().trim().to_ascii_lowercase();
                if let Some(rest) = sql.strip_prefix("delete from ")
                    && let Some(table) = rest.split_whitespace().next()
                {
                    out.insert(table.trim_matches('"').to_string(), r.clone());
                }
            }
        }
        out
    }

    /// The merges of Alembic's graph that the walk holds, in walk order.
    pub fn merges_in_walk(&self, within: &[String]) -> Vec<String> {
        within
            .iter()
            .filter(|r| self.graph.merges.contains(r))
            .cloned()
            .collect()
    }

    /// pschema with these migrations, against `url`.
    pub fn pschema(&self, url: &str, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_pschema"))
            .current_dir(std::env::temp_dir())
            .env_remove("DATABASE_URL")
            .arg("--migrations-dir")
            .arg(&self.migrations_dir)
            .arg("--schema")
            .arg(&self.schema)
            .arg("--database-url")
            .arg(url)
            .args(args)
            .output()
            .expect("run pschema")
    }

    /// pschema, which must succeed; its stdout.
    pub fn ok(&self, url: &str, args: &[&str]) -> String {
        let out = self.pschema(url, args);
        assert!(
            out.status.success(),
            "pschema {args:?} on {} failed:\n{}{}",
            redact(url),
            stdout(&out),
            stderr(&out)
        );
        stdout(&out)
    }

    /// The database's heads as `pschema current` prints them.
    pub fn current(&self, url: &str) -> Vec<String> {
        let mut heads: Vec<String> = self
            .ok(url, &["current"])
            .lines()
            .filter_map(|l| l.split_whitespace().next())
            .map(String::from)
            .collect();
        heads.sort();
        heads
    }
}

fn redact(url: &str) -> String {
    url.split('?').next().unwrap_or(url).to_string()
}

/// Fails with every difference, per revision, in one message.
pub fn report(what: &str, failures: &[(String, Vec<String>)], checked: &[String]) {
    let failing: Vec<&(String, Vec<String>)> = failures.iter().filter(|f| !f.1.is_empty()).collect();
    eprintln!("{what}: checked {} revision(s): {checked:?}", checked.len());
    if failing.is_empty() {
        return;
    }
    let mut message = format!("{what}: {} of {} revision(s) differ\n", failing.len(), checked.len());
    for (rev, diffs) in failing {
        message.push_str(&format!("\n{rev}: {} difference(s)\n", diffs.len()));
        for d in diffs {
            message.push_str(&format!("  - {d}\n"));
        }
    }
    panic!("{message}");
}

impl Chain {
    /// pschema, Err with its output when it fails.
    pub fn run(&self, url: &str, args: &[&str]) -> Result<String, String> {
        let out = self.pschema(url, args);
        if out.status.success() {
            Ok(stdout(&out))
        } else {
            Err(format!(
                "pschema {} failed: {}{}",
                args.join(" "),
                stdout(&out),
                stderr(&out)
            ))
        }
    }

    /// Where the migration's parents or message differ from Alembic's revision.
    pub fn graph_differences(&self, rev: &str) -> Vec<String> {
        let (Some(m), Some(alembic)) = (self.migrations.get(rev), self.graph.revisions.get(rev)) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        let ours: BTreeSet<&String> = m.meta.parents.iter().collect();
        let theirs: BTreeSet<&String> = alembic.parents.iter().collect();
        if ours != theirs {
            out.push(format!("parents: Alembic's {theirs:?}, pschema's {ours:?}"));
        }
        if m.meta.message.trim() != alembic.message.trim() {
            out.push(format!(
                "message: Alembic's {:?}, pschema's {:?}",
                alembic.message, m.meta.message
            ));
        }
        out
    }
}
