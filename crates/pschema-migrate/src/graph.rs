//! The revision graph: migrations are nodes, `parents` are edges. What to
//! apply is a pure function of the graph, the database's current heads and a
//! target, tested without a database.

use crate::Error;
use crate::dir::Migration;
use std::collections::{BTreeSet, HashMap};

#[derive(Debug)]
pub struct Graph {
    /// Topological order: every migration after all of its parents; among
    /// those that could go next, the one found first on disk.
    migrations: Vec<Migration>,
    index: HashMap<String, usize>,
}

impl Graph {
    pub fn new(migrations: Vec<Migration>) -> Result<Graph, Error> {
        let mut index = HashMap::new();
        for (i, m) in migrations.iter().enumerate() {
            if let Some(first) = index.insert(m.id().to_string(), i) {
                return Err(Error::DuplicateRevision {
                    id: m.id().to_string(),
                    first: migrations[first].dir.clone(),
                    second: m.dir.clone(),
                });
            }
        }
        for m in &migrations {
            for parent in &m.meta.parents {
                if !index.contains_key(parent) {
                    return Err(Error::MissingParent {
                        id: m.id().to_string(),
                        parent: parent.clone(),
                    });
                }
            }
        }
        // Kahn's algorithm over parents.
        let mut placed: BTreeSet<String> = BTreeSet::new();
        let mut order: Vec<usize> = Vec::with_capacity(migrations.len());
        let mut remaining: Vec<usize> = (0..migrations.len()).collect();
        // Start from the oldest by creation time, so history reads in order.
        remaining.sort_by(|a, b| migrations[*a].meta.created.cmp(&migrations[*b].meta.created));
        while !remaining.is_empty() {
            let Some(pos) = remaining
                .iter()
                .position(|&i| migrations[i].meta.parents.iter().all(|p| placed.contains(p)))
            else {
                let id = migrations[remaining[0]].id().to_string();
                return Err(Error::Cycle { id });
            };
            let i = remaining.remove(pos);
            placed.insert(migrations[i].id().to_string());
            order.push(i);
        }
        let mut slots: Vec<Option<Migration>> = migrations.into_iter().map(Some).collect();
        let migrations: Vec<Migration> = order.iter().filter_map(|&i| slots[i].take()).collect();
        let index = migrations
            .iter()
            .enumerate()
            .map(|(i, m)| (m.id().to_string(), i))
            .collect();
        Ok(Graph { migrations, index })
    }

    /// Every migration, parents before children.
    pub fn migrations(&self) -> &[Migration] {
        &self.migrations
    }

    pub fn get(&self, id: &str) -> Option<&Migration> {
        self.index.get(id).map(|&i| &self.migrations[i])
    }

    /// Revisions that are no migration's parent.
    pub fn heads(&self) -> Vec<&str> {
        let parents: BTreeSet<&str> = self
            .migrations
            .iter()
            .flat_map(|m| m.meta.parents.iter().map(String::as_str))
            .collect();
        self.migrations
            .iter()
            .map(Migration::id)
            .filter(|id| !parents.contains(id))
            .collect()
    }

    /// The single head, for commands that need one.
    pub fn head(&self) -> Result<Option<&str>, Error> {
        match self.heads().as_slice() {
            [] => Ok(None),
            [one] => Ok(Some(one)),
            many => Err(Error::MultipleHeads {
                heads: many.iter().map(|s| s.to_string()).collect(),
            }),
        }
    }

    /// A full id, or a unique prefix of one, as Alembic accepts.
    pub fn resolve(&self, prefix: &str) -> Result<&str, Error> {
        if let Some(m) = self.get(prefix) {
            return Ok(m.id());
        }
        let candidates: Vec<&str> = self
            .migrations
            .iter()
            .map(Migration::id)
            .filter(|id| id.starts_with(prefix))
            .collect();
        match candidates.as_slice() {
            [one] => Ok(one),
            [] => Err(Error::UnknownRevision { id: prefix.to_string() }),
            many => Err(Error::AmbiguousRevision {
                id: prefix.to_string(),
                candidates: many.iter().map(|s| s.to_string()).collect(),
            }),
        }
    }

    /// `ids` and all their ancestors.
    pub fn ancestors<'a>(&'a self, ids: impl IntoIterator<Item = &'a str>) -> BTreeSet<&'a str> {
        let mut seen: BTreeSet<&str> = BTreeSet::new();
        let mut stack: Vec<&str> = ids.into_iter().collect();
        while let Some(id) = stack.pop() {
            let Some(m) = self.get(id) else { continue };
            if seen.insert(m.id()) {
                stack.extend(m.meta.parents.iter().map(String::as_str));
            }
        }
        seen
    }

    /// The latest revision that every one of `ids` descends from (or is): the
    /// base of their merge. Latest in the order of the graph, so that no other
    /// common ancestor comes after it.
    pub fn merge_base(&self, ids: &[String]) -> Option<&str> {
        let mut common: Option<BTreeSet<&str>> = None;
        for id in ids {
            let ancestors = self.ancestors([id.as_str()]);
            common = Some(match common {
                None => ancestors,
                Some(so_far) => so_far.intersection(&ancestors).copied().collect(),
            });
        }
        let common = common?;
        self.migrations
            .iter()
            .rev()
            .map(Migration::id)
            .find(|id| common.contains(id))
    }

    /// Migrations to apply, in order, to go from `current` up to `targets`.
    pub fn upgrade_path(&self, current: &[String], targets: &[&str]) -> Vec<&Migration> {
        let done = self.ancestors(current.iter().map(String::as_str));
        let wanted = self.ancestors(targets.iter().copied());
        self.migrations
            .iter()
            .filter(|m| wanted.contains(m.id()) && !done.contains(m.id()))
            .collect()
    }

    /// Migrations to revert, in order, to go from `current` down to `targets`
    /// (empty targets: down to base).
    pub fn downgrade_path(&self, current: &[String], targets: &[&str]) -> Vec<&Migration> {
        let applied = self.ancestors(current.iter().map(String::as_str));
        let kept = self.ancestors(targets.iter().copied());
        self.migrations
            .iter()
            .rev()
            .filter(|m| applied.contains(m.id()) && !kept.contains(m.id()))
            .collect()
    }

    /// The heads of the database after `id` was applied on top of `heads`.
    pub fn heads_after_upgrade(&self, heads: &[String], id: &str) -> Vec<String> {
        let parents: Vec<&str> = self
            .get(id)
            .map(|m| m.meta.parents.iter().map(String::as_str).collect())
            .unwrap_or_default();
        // A head that is an ancestor of the new migration is superseded by it.
        let covered = self.ancestors([id]);
        let mut result: Vec<String> = heads
            .iter()
            .filter(|h| !covered.contains(h.as_str()) && !parents.contains(&h.as_str()))
            .cloned()
            .collect();
        result.push(id.to_string());
        result.sort();
        result
    }

    /// The heads of the database after `id` was reverted from `heads`: its
    /// parents come back unless another head already covers them.
    pub fn heads_after_downgrade(&self, heads: &[String], id: &str) -> Vec<String> {
        let mut result: Vec<String> = heads.iter().filter(|h| h.as_str() != id).cloned().collect();
        let others: BTreeSet<String> = self
            .ancestors(result.iter().map(String::as_str))
            .into_iter()
            .map(String::from)
            .collect();
        if let Some(m) = self.get(id) {
            for parent in &m.meta.parents {
                if !others.contains(parent) {
                    result.push(parent.clone());
                }
            }
        }
        result.sort();
        result.dedup();
        result
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn migration(id: &str, parents: &[&str], created: &str) -> Migration {
        let mut m = crate::dir::test_migration(id, parents);
        m.meta.created = created.into();
        m
    }

    fn diamond() -> Graph {
        Graph::new(vec![
            migration("d", &["b", "c"], "4"),
            migration("a", &[], "1"),
            migration("c", &["a"], "3"),
            migration("b", &["a"], "2"),
        ])
        .unwrap()
    }

    #[test]
    fn orders_parents_first_and_finds_heads() {
        let g = diamond();
        let ids: Vec<&str> = g.migrations().iter().map(Migration::id).collect();
        assert_eq!(ids, ["a", "b", "c", "d"]);
        assert_eq!(g.heads(), ["d"]);
    }

    #[test]
    fn upgrade_and_downgrade_paths_across_a_merge() {
        let g = diamond();
        let up: Vec<&str> = g.upgrade_path(&["b".into()], &["d"]).iter().map(|m| m.id()).collect();
        assert_eq!(up, ["c", "d"]);
        let down: Vec<&str> = g.downgrade_path(&["d".into()], &["a"]).iter().map(|m| m.id()).collect();
        assert_eq!(down, ["d", "c", "b"]);
        assert_eq!(g.heads_after_downgrade(&["d".into()], "d"), ["b", "c"]);
        assert_eq!(g.heads_after_upgrade(&["b".into(), "c".into()], "d"), ["d"]);
        assert_eq!(g.heads_after_upgrade(&["b".into()], "c"), ["b", "c"]);
    }

    #[test]
    fn prefixes_resolve_when_unique() {
        let g = Graph::new(vec![migration("abc1", &[], "1"), migration("abd2", &["abc1"], "2")]).unwrap();
        assert_eq!(g.resolve("abc").unwrap(), "abc1");
        assert!(matches!(g.resolve("ab"), Err(Error::AmbiguousRevision { .. })));
        assert!(matches!(g.resolve("zz"), Err(Error::UnknownRevision { .. })));
    }
}
