//! The hand-back: Alembic's own revision files (Paciolus's, read from its git
//! mirror at the commit the reference was made from, never committed here)
//! continue from a database pschema built at a middle revision.
//!
//! Needs `PSCHEMA_TEST_PYTHON` (a Python with tests/alembic/requirements.txt)
//! and the mirror (`PSCHEMA_PACIOLUS_MIRROR`, default
//! /work/.mirror/Paciolus+Paciolus/repo; `PSCHEMA_PACIOLUS_REF`, default the
//! commit graph.json names); locally the tests skip without them, under
//! `CI=true` they fail.

use crate::chain::{Chain, reference_dir, report};
use crate::common::{stderr, stdout};
use crate::dump::{self, Depth, Dump};
use crate::pg::Database;
use std::path::{Path, PathBuf};

use std::process::Command;

fn ci() -> bool {
    std::env::var("CI").as_deref() == Ok("true")
}

fn skip(why: &str) -> Option<()> {
    assert!(!ci(), "CI=true but {why}: .ci/run provides it");
    eprintln!("{why}: skipping");
    None
}

/// The Python and the Alembic project (env.py and Paciolus's revisions) in `dir`.
pub struct Alembic {
    python: PathBuf,
    project: tempfile::TempDir,
}

impl Alembic {
    pub fn new() -> Option<Alembic> {
        let python = match std::env::var_os("PSCHEMA_TEST_PYTHON") {
            Some(p) if !p.is_empty() => PathBuf::from(p),
            _ => return skip("PSCHEMA_TEST_PYTHON is not set").and(None),
        };
        let mirror = std::env::var_os("PSCHEMA_PACIOLUS_MIRROR")
            .filter(|m| !m.is_empty())
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from("/work/.mirror/Paciolus+Paciolus/repo"));
        if !mirror.exists() {
            return skip(&format!("the Paciolus mirror {} is missing", mirror.display())).and(None);
        }
        let graph: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(reference_dir().join("graph.json")).unwrap()).unwrap();
        let commit = std::env::var("PSCHEMA_PACIOLUS_REF")
            .ok()
            .filter(|r| !r.is_empty())
            .unwrap_or_else(|| graph["source"]["commit"].as_str().unwrap().to_string());
        let project = tempfile::tempdir().unwrap();
        let versions = project.path().join("versions");
        std::fs::create_dir_all(&versions).unwrap();
        std::fs::copy(reference_dir().join("env.py"), project.path().join("env.py")).unwrap();
        for (rev, r) in graph["revisions"].as_object().unwrap() {
            let file = r["file"].as_str().unwrap();
            let out = Command::new("git")
                .arg("-C")
                .arg(&mirror)
                .args(["show", &format!("{commit}:{file}")])
                .output()
                .expect("run git");
            assert!(
                out.status.success(),
                "git show {commit}:{file} ({rev}): {}",
                stderr(&out)
            );
            std::fs::write(versions.join(Path::new(file).file_name().unwrap()), out.stdout).unwrap();
        }
        Some(Alembic { python, project })
    }

    /// `alembic upgrade <target>` for each target in turn (one Python
    /// process), on the database, as generate.py configures it.
    pub fn upgrade(&self, url: &str, targets: &[String]) -> Result<String, String> {
        let script = "import sys\nfrom alembic import command\nfrom alembic.config import Config\n\
                      cfg = Config()\ncfg.set_main_option('script_location', sys.argv[1])\n\
                      cfg.set_main_option('sqlalchemy.url', sys.argv[2])\n\
                      for target in sys.argv[3:]:\n    command.upgrade(cfg, target)\n";
        let out = Command::new(&self.python)
            .env("PYTHONDONTWRITEBYTECODE", "1")
            .env("PYTHONHASHSEED", "0")
            .env_remove("DATABASE_URL")
            .args(["-c", script])
            .arg(self.project.path())
            .arg(url)
            .args(targets)
            .output()
            .expect("run python");
        let text = format!("{}{}", stdout(&out), stderr(&out));
        if out.status.success() {
            Ok(text)
        } else {
            Err(format!("alembic upgrade {} failed:\n{text}", targets.join(", then ")))
        }
    }
}

/// pschema's walk up to `rev` (so the database holds what Alembic's walk held there).
fn walk_to(chain: &Chain, url: &str, rev: &str) {
    for r in chain
        .walk
        .iter()
        .take(chain.walk.iter().position(|w| w == rev).unwrap() + 1)
    {
        chain.ok(url, &["upgrade", r]);
    }
}

/// Alembic from pschema's database at `from`, revision by revision in the
/// walk's order up to `to`: it must succeed and end with the reference's dump
/// at `to`.
fn continue_with_alembic(
    alembic: &Alembic,
    chain: &Chain,
    dialect: &str,
    url: &str,
    (from, to): (&str, &str),
    read: &dyn Fn() -> Dump,
) -> Vec<String> {
    let walk = &chain.graph.walk_order;
    let at = |rev: &str| walk.iter().position(|r| r == rev).unwrap();
    let targets = &walk[at(from) + 1..=at(to)];
    if targets.is_empty() {
        return Vec::new();
    }
    if let Err(e) = alembic.upgrade(url, targets) {
        return vec![e];
    }
    let expected = chain.reference(dialect, to);
    let now = read();
    match expected.map(|p| Dump::read(&p)) {
        Some(reference) if reference.alembic_version == now.alembic_version => {
            dump::diff(&reference, &now, Depth::Reference)
                .into_iter()
                .map(|d| format!("after Alembic, against {dialect}'s reference: {d}"))
                .collect()
        }
        Some(reference) => vec![format!(
            "Alembic ended at {:?}, its walk at {:?}",
            now.alembic_version, reference.alembic_version
        )],
        None => Vec::new(),
    }
}

#[test]
fn alembic_continues_from_a_sqlite_database_pschema_built() {
    let Some(alembic) = Alembic::new() else { return };
    let chain = Chain::load();
    let middle = chain.walk[chain.walk.len() / 2].clone();
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("handback.db");
    let url = crate::common::url(&path);
    walk_to(&chain, &url, &middle);
    let head = chain.graph.walk_order.last().unwrap();
    let diffs = continue_with_alembic(&alembic, &chain, "sqlite", &url, (&middle, head), &|| {
        dump::sqlite(&rusqlite::Connection::open(&path).unwrap())
    });
    report(
        &format!("sqlite: Alembic's upgrade heads from pschema's {middle}"),
        &[(middle.clone(), diffs)],
        std::slice::from_ref(&middle),
    );
}

/// On PostgreSQL Alembic's own chain fails at six revisions
/// (`postgres/failures.json`): from pschema's database at the middle of the
/// stretch before the first failure, Alembic goes to the revision before it;
/// and from pschema's database at the first revision after the last failure
/// (when the chain has it), to head.
#[test]
fn alembic_continues_from_a_postgres_database_pschema_built() {
    let Some(server) = crate::common::server() else { return };
    let Some(alembic) = Alembic::new() else { return };
    let chain = Chain::load();
    let failures: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(reference_dir().join("postgres/failures.json")).unwrap())
            .unwrap();
    let failing: Vec<String> = failures["failing_revisions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect();
    let walk = &chain.graph.walk_order;
    let at = |rev: &str| walk.iter().position(|r| r == rev).unwrap();
    let first_failure = failing.iter().map(|r| at(r)).min().unwrap();
    let last_failure = failing.iter().map(|r| at(r)).max().unwrap();
    let mut runs: Vec<(String, String)> = Vec::new();
    let before: Vec<&String> = chain.walk.iter().filter(|r| at(r) < first_failure).collect();
    if !before.is_empty() {
        runs.push((before[before.len() / 2].clone(), walk[first_failure - 1].clone()));
    }
    if let Some(after) = chain.walk.iter().find(|r| at(r) > last_failure) {
        runs.push((after.clone(), walk.last().unwrap().clone()));
    }
    let results: Vec<(String, Vec<String>)> = std::thread::scope(|s| {
        let handles: Vec<_> = runs
            .iter()
            .enumerate()
            .map(|(i, (from, to))| {
                let (chain, alembic, server) = (&chain, &alembic, &server);
                s.spawn(move || {
                    let db = Database::new(server, &format!("handback_{i}"));
                    walk_to(chain, &db.url, from);
                    (
                        format!("{from} -> alembic upgrade, revision by revision, to {to}"),
                        continue_with_alembic(alembic, chain, "postgres", &db.url, (from, to), &|| db.dump()),
                    )
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let checked: Vec<String> = results.iter().map(|r| r.0.clone()).collect();
    report(
        "postgres: Alembic continues from pschema's database",
        &results,
        &checked,
    );
}
