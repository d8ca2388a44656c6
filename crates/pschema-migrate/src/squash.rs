//! `squash <rev>`: the history up to and including a revision collapsed into
//! one baseline, with the ids Alembic's cookbook gives it. The baseline keeps
//! `<rev>`'s id, has no parents and `<rev>`'s snapshot, and its SQL builds
//! that schema from nothing (and drops it all going down); the migrations
//! after `<rev>` keep it as their parent and are not touched, so a database
//! at `<rev>` or later goes on as before (`decide::accepts_checksum`), and one
//! at an older revision is told what to do (`decide::squashed_into`).
//!
//! [`plan`] decides from the graph alone; [`verify`] replays the old chain on
//! scratch databases; [`write`] is the only part that touches the folder.

use crate::dir::{self, Direction, META_FILE, MigrationMeta, sql_path};
use crate::driver::ScratchServer;
use crate::graph::Graph;
use crate::{Error, Migration, revision};
use pschema_sql::Dialect;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// A migration folder the squash removes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Replaced {
    pub id: String,
    pub dir: PathBuf,
    /// The files its metadata accounts for (`migration.toml` among them),
    /// relative to `dir`: nothing else may be in the folder.
    pub files: BTreeSet<String>,
}

/// What `squash` writes and removes, decided before anything is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Squash {
    /// The revision squashed up to, and the baseline's id.
    pub id: String,
    /// The folders it replaces, parents before children, `id`'s own last.
    pub replaced: Vec<Replaced>,
    /// The migrations whose parent is `id`: kept as they are.
    pub children: Vec<String>,
    pub meta: MigrationMeta,
    pub files: BTreeMap<String, String>,
}

/// The squash of `rev` and all its ancestors, with SQL for `dialects`.
/// Refused for an unknown or ambiguous revision, for one with no parents
/// (nothing to squash), when a migration outside the squash has a parent
/// inside it other than `rev` (a branch that forks before it), and when
/// `rev` has no snapshot to build.
pub fn plan(graph: &Graph, rev: &str, dialects: &[Dialect], created: &str) -> Result<Squash, Error> {
    let id = graph.resolve(rev)?;
    let old = graph
        .get(id)
        .ok_or_else(|| Error::UnknownRevision { id: id.to_string() })?;
    let inside = graph.ancestors([id]);
    if inside.len() == 1 {
        return Err(Error::NothingToSquash { id: id.to_string() });
    }
    let forks: Vec<String> = graph
        .migrations()
        .iter()
        .filter(|m| !inside.contains(m.id()))
        .flat_map(|m| {
            m.meta
                .parents
                .iter()
                .filter(|p| p.as_str() != id && inside.contains(p.as_str()))
                .map(move |p| format!("{}'s parent {p}", m.id()))
        })
        .collect();
    if !forks.is_empty() {
        return Err(Error::SquashForks {
            rev: id.to_string(),
            forks,
        });
    }
    let squashed: Vec<&Migration> = graph.migrations().iter().filter(|m| inside.contains(m.id())).collect();
    // What the baseline stands for: each squashed migration, after what an
    // earlier baseline among them stood for.
    let mut squashes: Vec<String> = Vec::new();
    let mut seen: BTreeSet<&str> = BTreeSet::new();
    for m in &squashed {
        for s in m.meta.squashes.iter().chain(std::iter::once(&m.meta.id)) {
            if seen.insert(s) {
                squashes.push(s.clone());
            }
        }
    }
    let snapshot = old.snapshot().ok_or_else(|| Error::InvalidSnapshot {
        id: id.to_string(),
        rendered: format!("{} has no {}", old.dir.display(), dir::SNAPSHOT_FILE),
    })?;
    let schema = revision::snapshot_schema(old)?;
    let meta = MigrationMeta {
        id: id.to_string(),
        parents: Vec::new(),
        message: format!(
            "squash of {} migrations up to {id}: {}",
            squashes.len(),
            old.meta.message
        ),
        created: created.to_string(),
        destructive: false,
        down_loses_data: false,
        squashes: squashes.clone(),
        squashed_checksums: dialects
            .iter()
            .filter_map(|&d| {
                old.checksum(d, Direction::Up)
                    .map(|sum| (sql_path(d, Direction::Up), sum.to_string()))
            })
            .collect(),
        checksums: BTreeMap::new(),
    };
    let generated = revision::from_nothing(&schema, snapshot, meta, dialects)?;
    Ok(Squash {
        id: id.to_string(),
        replaced: squashed
            .iter()
            .map(|m| Replaced {
                id: m.id().to_string(),
                dir: m.dir.clone(),
                files: m
                    .meta
                    .checksums
                    .keys()
                    .cloned()
                    .chain([META_FILE.to_string()])
                    .collect(),
            })
            .collect(),
        children: graph
            .migrations()
            .iter()
            .filter(|m| m.meta.parents.iter().any(|p| p == id))
            .map(|m| m.id().to_string())
            .collect(),
        meta: generated.meta,
        files: generated.files,
    })
}

/// Replays the migrations the squash replaces on a scratch database of each
/// server and compares what they build with what the baseline builds (its
/// snapshot from nothing): a database the old chain built must hold the
/// baseline's schema, or the two kinds of database would part.
pub fn verify(servers: &mut [&mut dyn ScratchServer], graph: &Graph, squash: &Squash) -> Result<(), Error> {
    let old = graph
        .get(&squash.id)
        .ok_or_else(|| Error::UnknownRevision { id: squash.id.clone() })?;
    let schema = revision::snapshot_schema(old)?;
    for server in servers.iter_mut() {
        let server: &mut dyn ScratchServer = &mut **server;
        let built = revision::replay(server, graph, std::slice::from_ref(&squash.id))?;
        let expected = crate::verify::expected(server, &schema)?;
        let differences = crate::db_schema::differences(&expected, &built);
        if !differences.is_empty() {
            return Err(Error::Verification {
                step: format!(
                    "the migrations up to {} do not build its snapshot on {}, so the baseline would build \
                     another schema than they did",
                    squash.id,
                    server.dialect()
                ),
                differences,
            });
        }
    }
    Ok(())
}

/// Every file under `dir`, relative to it with `/` between its parts, and
/// whether it is a plain file.
fn files_under(dir: &Path) -> Result<Vec<(String, PathBuf, bool)>, Error> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        let entries = std::fs::read_dir(&folder).map_err(|e| io(&folder, e))?;
        for entry in entries {
            let entry = entry.map_err(|e| io(&folder, e))?;
            let path = entry.path();
            let kind = entry.file_type().map_err(|e| io(&path, e))?;
            if kind.is_dir() {
                stack.push(path);
                continue;
            }
            let relative = path
                .strip_prefix(dir)
                .map(|r| {
                    r.components()
                        .map(|c| c.as_os_str().to_string_lossy())
                        .collect::<Vec<_>>()
                        .join("/")
                })
                .unwrap_or_default();
            out.push((relative, path, kind.is_file()));
        }
    }
    Ok(out)
}

fn io(path: &Path, source: std::io::Error) -> Error {
    Error::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// The folder the squash moves the replaced folders into while it writes
/// the baseline: hidden, so that loading the migrations passes over it.
pub fn staging_dir(migrations_dir: &Path, id: &str) -> PathBuf {
    migrations_dir.join(format!(".pschema-squash-{id}"))
}

/// Writes the baseline into `migrations_dir` and removes the folders it
/// replaces; returns the baseline's folder. Nothing is changed when a folder
/// to remove holds anything its migration does not account for (a note, an
/// unrecorded file, a link: it would be lost), when the baseline's folder is
/// taken by another, or when a staging folder of an earlier squash is there.
/// The replaced folders are moved aside into the staging folder first and
/// deleted only once the baseline is written; a failure before that moves
/// them back.
pub fn write(migrations_dir: &Path, squash: &Squash) -> Result<PathBuf, Error> {
    let mut unexpected = Vec::new();
    for r in &squash.replaced {
        for (relative, path, plain) in files_under(&r.dir)? {
            if !plain || !r.files.contains(&relative) {
                unexpected.push(path);
            }
        }
    }
    if !unexpected.is_empty() {
        unexpected.sort();
        return Err(Error::SquashWouldLose { paths: unexpected });
    }
    let target = migrations_dir.join(format!("{}_{}", squash.id, dir::slug(&squash.meta.message)));
    if target.exists() && !squash.replaced.iter().any(|r| r.dir == target) {
        return Err(Error::AlreadyExists { path: target });
    }
    let staging = staging_dir(migrations_dir, &squash.id);
    if staging.exists() {
        return Err(Error::AlreadyExists { path: staging });
    }
    std::fs::create_dir(&staging).map_err(|e| io(&staging, e))?;
    let mut moved: Vec<(PathBuf, PathBuf)> = Vec::new();
    let put_back = |moved: &[(PathBuf, PathBuf)]| {
        for (from, to) in moved.iter().rev() {
            std::fs::rename(to, from).ok();
        }
        std::fs::remove_dir(&staging).ok();
    };
    for (i, r) in squash.replaced.iter().enumerate() {
        let aside = staging.join(format!("{i:04}"));
        if let Err(e) = std::fs::rename(&r.dir, &aside) {
            put_back(&moved);
            return Err(io(&r.dir, e));
        }
        moved.push((r.dir.clone(), aside));
    }
    let written = match dir::write(migrations_dir, &squash.meta, &squash.files) {
        Ok(written) => written,
        Err(e) => {
            std::fs::remove_dir_all(&target).ok();
            put_back(&moved);
            return Err(e);
        }
    };
    std::fs::remove_dir_all(&staging).map_err(|e| io(&staging, e))?;
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A migration of `id` with `parents`, its up SQL's checksum `sum-<id>`.
    /// The tests' migration, with an up file and a snapshot of one table.
    fn migration(id: &str, parents: &[&str]) -> Migration {
        let mut m = dir::test_migration(id, parents);
        let snapshot = "table t {\n  id Integer @id\n}\n".to_string();
        m.meta
            .checksums
            .insert(dir::SNAPSHOT_FILE.to_string(), dir::checksum(&snapshot));
        m.files = [
            (sql_path(Dialect::Sqlite, Direction::Up), format!("-- up {id}\n")),
            (dir::SNAPSHOT_FILE.to_string(), snapshot),
        ]
        .into();
        m.dir = PathBuf::from(format!("migrations/{id}_m"));
        m
    }

    /// a - b - c - d - e, with a branch b - x merged by m (d, x), then e's
    /// child f; and y, a branch from d that is not merged.
    fn graph() -> Graph {
        Graph::new(vec![
            migration("a", &[]),
            migration("b", &["a"]),
            migration("c", &["b"]),
            migration("x", &["b"]),
            migration("d", &["c"]),
            migration("m", &["d", "x"]),
            migration("e", &["m"]),
            migration("f", &["e"]),
            migration("y", &["d"]),
        ])
        .unwrap()
    }

    #[test]
    fn what_a_squash_takes_or_why_it_refuses() {
        let g = graph();
        // Squash up to this revision: these folders go and these children
        // stay, or this error.
        type Case<'a> = (&'a str, Result<(&'a [&'a str], &'a [&'a str]), &'a str>);
        let cases: &[Case] = &[
            ("b", Ok((&["a", "b"], &["c", "x"]))),
            (
                "c",
                Err("cannot squash up to c: a branch forks before it (x's parent b would be removed)"),
            ),
            (
                "d",
                Err("cannot squash up to d: a branch forks before it (x's parent b would be removed)"),
            ),
            (
                "x",
                Err("cannot squash up to x: a branch forks before it (c's parent b would be removed)"),
            ),
            (
                "m",
                Err("cannot squash up to m: a branch forks before it (y's parent d would be removed)"),
            ),
            ("a", Err("a has no parents: there is nothing before it to squash")),
            ("zz", Err("unknown revision `zz`")),
        ];
        for (rev, expected) in cases {
            let got = plan(&g, rev, &[Dialect::Sqlite], "now");
            match expected {
                Ok((replaced, children)) => {
                    let got = got.unwrap_or_else(|e| panic!("{rev}: {e}"));
                    let ids: Vec<&str> = got.replaced.iter().map(|r| r.id.as_str()).collect();
                    let kept: Vec<&str> = got.children.iter().map(String::as_str).collect();
                    assert_eq!((ids.as_slice(), kept.as_slice()), (*replaced, *children), "{rev}");
                }
                Err(start) => {
                    let e = got.map(|_| ()).unwrap_err().to_string();
                    assert!(e.starts_with(start), "{rev}: {e}");
                }
            }
        }
        // Without the unmerged branch y, m and e can be squashed.
        let linear = Graph::new(g.migrations().iter().filter(|m| m.id() != "y").cloned().collect()).unwrap();
        let squash = plan(&linear, "e", &[Dialect::Sqlite], "now").unwrap();
        let ids: Vec<&str> = squash.replaced.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["a", "b", "c", "d", "x", "m", "e"], "in the order of the graph");
        assert_eq!(squash.children, ["f"]);
        assert!(plan(&linear, "m", &[Dialect::Sqlite], "now").is_ok());
    }

    #[test]
    fn the_baseline_keeps_the_id_and_records_what_it_replaces() {
        let g = Graph::new(vec![
            migration("a", &[]),
            migration("b", &["a"]),
            migration("c", &["b"]),
            migration("d", &["c"]),
        ])
        .unwrap();
        let squash = plan(&g, "c", &[Dialect::Sqlite, Dialect::Postgres], "2030-01-01 00:00:00").unwrap();
        let meta = &squash.meta;
        assert_eq!(meta.id, "c");
        assert!(meta.parents.is_empty());
        assert_eq!(meta.message, "squash of 3 migrations up to c: m c");
        assert_eq!(meta.squashes, ["a", "b", "c"]);
        // c had SQLite SQL only: only its checksum is there to accept.
        assert_eq!(
            meta.squashed_checksums,
            BTreeMap::from([("sqlite/up.sql".to_string(), "sum-c".to_string())])
        );
        assert!(!meta.destructive && meta.down_loses_data);
        assert_eq!(squash.children, ["d"]);
        // The SQL builds the snapshot from nothing, for each dialect asked for.
        let snapshot = g.get("c").unwrap().snapshot().unwrap();
        assert_eq!(squash.files.get(dir::SNAPSHOT_FILE).map(String::as_str), Some(snapshot));
        let schema = pschema_schema::parse_schema(snapshot).unwrap();
        for dialect in [Dialect::Sqlite, Dialect::Postgres] {
            let up = &squash.files[&sql_path(dialect, Direction::Up)];
            assert!(
                up.contains(&crate::verify::create_all_sql(dialect, &schema).unwrap()),
                "{up}"
            );
            assert!(up.starts_with("-- c: squash of 3 migrations up to c: m c\n"), "{up}");
            assert!(squash.files[&sql_path(dialect, Direction::Down)].contains("DROP TABLE t"));
        }
        // Every file has its checksum, as any migration's.
        let sums: BTreeMap<String, String> = squash
            .files
            .iter()
            .map(|(n, t)| (n.clone(), dir::checksum(t)))
            .collect();
        assert_eq!(meta.checksums, sums);
        let expected_files: BTreeSet<String> = ["sqlite/up.sql", "schema.pschema", "migration.toml"]
            .map(String::from)
            .into();
        assert!(squash.replaced.iter().all(|r| r.files == expected_files));

        // Squashing again, later, lists what the first baseline stood for.
        let mut again = vec![Migration {
            meta: squash.meta.clone(),
            dir: PathBuf::from("migrations/c_squash"),
            files: squash.files.clone(),
        }];
        again.push(migration("d", &["c"]));
        again.push(migration("e", &["d"]));
        let g = Graph::new(again).unwrap();
        let twice = plan(&g, "d", &[Dialect::Sqlite], "now").unwrap();
        assert_eq!(twice.meta.squashes, ["a", "b", "c", "d"]);
        assert_eq!(
            twice.meta.message, "squash of 4 migrations up to d: m d",
            "the revisions it stands for"
        );
        assert_eq!(twice.replaced.len(), 2, "the folders it replaces");
        assert!(matches!(
            plan(&g, "c", &[Dialect::Sqlite], "now"),
            Err(Error::NothingToSquash { .. })
        ));
    }

    /// A migrations folder a - b - c - d on disk, each with its SQL for SQLite.
    fn on_disk() -> tempfile::TempDir {
        let root = tempfile::tempdir().expect("a temporary directory");
        for (id, parents) in [("a", vec![]), ("b", vec!["a"]), ("c", vec!["b"]), ("d", vec!["c"])] {
            let m = migration(id, &parents);
            let mut meta = m.meta.clone();
            meta.checksums = m.files.iter().map(|(n, t)| (n.clone(), dir::checksum(t))).collect();
            dir::write(root.path(), &meta, &m.files).expect("written");
        }
        root
    }

    fn loaded(root: &Path) -> Graph {
        Graph::new(dir::load(root).expect("loads")).expect("a graph")
    }

    #[test]
    fn writing_replaces_the_folders_or_changes_nothing() {
        let root = on_disk();
        let before = || {
            let mut names: Vec<String> = std::fs::read_dir(root.path())
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect();
            names.sort();
            names
        };
        let original = before();
        let squash = plan(&loaded(root.path()), "c", &[Dialect::Sqlite], "now").unwrap();

        // A file b's migration does not list would be lost: refused, nothing changed.
        let note = squash.replaced[1].dir.join("NOTES.md");
        std::fs::write(&note, "why b").unwrap();
        let e = write(root.path(), &squash).unwrap_err();
        assert!(
            matches!(&e, Error::SquashWouldLose { paths } if paths == std::slice::from_ref(&note)),
            "{e}"
        );
        assert!(e.to_string().contains("NOTES.md"), "{e}");
        assert_eq!(before(), original);
        std::fs::remove_file(&note).unwrap();

        // A staging folder left by a squash that failed: refused.
        let staging = staging_dir(root.path(), "c");
        std::fs::create_dir(&staging).unwrap();
        assert!(matches!(write(root.path(), &squash), Err(Error::AlreadyExists { path }) if path == staging));
        std::fs::remove_dir(&staging).unwrap();
        assert_eq!(before(), original);

        // The baseline's folder taken by something else: refused.
        let target = root.path().join(format!("c_{}", dir::slug(&squash.meta.message)));
        std::fs::create_dir(&target).unwrap();
        assert!(matches!(write(root.path(), &squash), Err(Error::AlreadyExists { path }) if path == target));
        std::fs::remove_dir(&target).unwrap();

        let written = write(root.path(), &squash).expect("squashed");
        assert_eq!(written, target);
        assert_eq!(
            before(),
            [
                target.file_name().unwrap().to_string_lossy().into_owned(),
                "d_m_d".into()
            ]
        );
        let g = loaded(root.path());
        let ids: Vec<&str> = g.migrations().iter().map(Migration::id).collect();
        assert_eq!(ids, ["c", "d"]);
        let baseline = g.get("c").unwrap();
        assert!(baseline.meta.parents.is_empty());
        assert_eq!(baseline.meta.squashes, ["a", "b", "c"]);
        assert_eq!(g.get("d").unwrap().meta.parents, ["c"], "d is untouched");
        assert_eq!(
            std::fs::read_to_string(root.path().join("d_m_d/sqlite/up.sql")).unwrap(),
            "-- up d\n"
        );
    }
}
