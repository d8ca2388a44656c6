//! `cargo xtask bench history`: the whole chain's upgrade on an empty
//! database, against the same SQL in the same transactions (the SQL `upgrade
//! --sql` prints, version-table and history writes included) run by the
//! sqlite3 CLI and by psql, and against Alembic's own `upgrade` of Paciolus's
//! revisions (SQLite only: Alembic's chain cannot build PostgreSQL from
//! empty). Side by side in one run; medians and ratios. Against Alembic both
//! go to the same revision, so that both do the same work: Alembic's head
//! (pschema's own drift-closing migration on top of it is timed on its own
//! line), or pschema's heads while the chain is still growing.
//!
//! Alembic needs `PSCHEMA_TEST_PYTHON` (or `target/alembic-venv`, as
//! `.ci/run` makes it) and the Paciolus mirror (`PSCHEMA_PACIOLUS_MIRROR`,
//! default /work/.mirror/Paciolus+Paciolus/repo); PostgreSQL needs
//! `PSCHEMA_TEST_POSTGRES_URL`. Each part is skipped, saying so, without them.

use super::{Bench, median, ms, run};
use anyhow::{Context, Result, bail};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

const RUNS: usize = 21;

/// pschema with the repository's migrations, or `PSCHEMA_HISTORY_MIGRATIONS_DIR`
/// (a branch's chain in progress, as for the tests).
fn pschema(bench: &Bench, args: &[&str]) -> Command {
    let mut c = Command::new(&bench.pschema);
    c.current_dir(&bench.root)
        .env_remove("DATABASE_URL")
        .stdout(Stdio::null());
    if let Some(dir) = std::env::var_os("PSCHEMA_HISTORY_MIGRATIONS_DIR").filter(|d| !d.is_empty()) {
        c.arg("--migrations-dir").arg(dir);
    }
    c.args(args);
    c
}

const ALEMBIC_RUNS: usize = 5;

fn offline_sql(bench: &Bench, dialect: &str, target: &str) -> Result<String> {
    let out = pschema(bench, &["upgrade", target, "--sql", "--dialect", dialect])
        .stdout(Stdio::piped())
        .output()?;
    if !out.status.success() {
        bail!(
            "pschema upgrade {target} --sql: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    Ok(String::from_utf8(out.stdout)?)
}

fn python(root: &Path) -> Option<PathBuf> {
    std::env::var_os("PSCHEMA_TEST_PYTHON")
        .filter(|p| !p.is_empty())
        .map(PathBuf::from)
        .or_else(|| Some(root.join("target/alembic-venv/bin/python")).filter(|p| p.exists()))
}

/// The revision both go to for the same work, and how many migrations that
/// is: pschema's heads while they are all Alembic revisions (the chain still
/// growing), else Alembic's head, short of the migrations pschema has on top
/// of Alembic's history (the drift-closing one), which Alembic has no
/// revision for.
struct Target {
    /// What pschema's `upgrade` is given.
    pschema: String,
    /// What Alembic's `upgrade` is given, one call each.
    alembic: Vec<String>,
    migrations: usize,
}

fn common_target(bench: &Bench, pschema_migrations: usize) -> Result<Target> {
    let graph: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(
        bench.root.join("tests/data/reference/paciolus-history/graph.json"),
    )?)?;
    let out = pschema(bench, &["heads"]).stdout(Stdio::piped()).output()?;
    let heads: Vec<String> = String::from_utf8(out.stdout)?
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .map(String::from)
        .collect();
    if heads.iter().all(|h| graph["revisions"].get(h).is_some()) {
        return Ok(Target {
            pschema: "heads".into(),
            alembic: heads,
            migrations: pschema_migrations,
        });
    }
    let alembic_heads: Vec<String> = graph["heads"]
        .as_array()
        .context("graph.json lists Alembic's heads")?
        .iter()
        .filter_map(|h| h.as_str().map(String::from))
        .collect();
    let [head] = alembic_heads.as_slice() else {
        bail!("Alembic's history has {} heads; one was expected", alembic_heads.len());
    };
    let revisions = graph["revisions"].as_object().map_or(0, |r| r.len());
    Ok(Target {
        pschema: head.clone(),
        alembic: alembic_heads.clone(),
        migrations: revisions,
    })
}

/// Paciolus's revisions and the reference env.py in `dir`, from the mirror at
/// the commit graph.json names.
fn alembic_project(root: &Path, dir: &Path) -> Result<()> {
    let mirror = std::env::var_os("PSCHEMA_PACIOLUS_MIRROR")
        .filter(|m| !m.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/work/.mirror/Paciolus+Paciolus/repo"));
    let reference = root.join("tests/data/reference/paciolus-history");
    let graph = std::fs::read_to_string(reference.join("graph.json"))?;
    let commit = graph
        .split("\"commit\": \"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .context("graph.json names its source commit")?;
    let versions = dir.join("versions");
    std::fs::create_dir_all(&versions)?;
    std::fs::copy(reference.join("env.py"), dir.join("env.py"))?;
    let list = Command::new("git")
        .arg("-C")
        .arg(&mirror)
        .args(["ls-tree", "--name-only", commit, "backend/migrations/alembic/versions/"])
        .output()
        .context("git ls-tree on the Paciolus mirror")?;
    if !list.status.success() {
        bail!(
            "git ls-tree on {}: {}",
            mirror.display(),
            String::from_utf8_lossy(&list.stderr)
        );
    }
    for file in String::from_utf8(list.stdout)?.lines().filter(|f| f.ends_with(".py")) {
        let out = Command::new("git")
            .arg("-C")
            .arg(&mirror)
            .args(["show", &format!("{commit}:{file}")])
            .output()?;
        std::fs::write(versions.join(Path::new(file).file_name().unwrap()), out.stdout)?;
    }
    Ok(())
}

const ALEMBIC_UPGRADE: &str = "import sys\nfrom alembic import command\nfrom alembic.config import Config\n\
cfg = Config()\ncfg.set_main_option('script_location', sys.argv[1])\n\
cfg.set_main_option('sqlalchemy.url', sys.argv[2])\nfor target in sys.argv[3:]:\n    command.upgrade(cfg, target)\n";

fn line(label: &str, t: f64, ours: f64) {
    println!(
        "  {label:<44} {t:9.2} ms   pschema's ratio {:6.2}x ({:.1}x faster)",
        ours / t,
        t / ours
    );
}

pub fn history(bench: &Bench) -> Result<()> {
    let dir = std::env::var_os("PSCHEMA_HISTORY_MIGRATIONS_DIR")
        .filter(|d| !d.is_empty())
        .map_or_else(|| bench.root.join("migrations"), PathBuf::from);
    let count = std::fs::read_dir(dir)?
        .filter(|e| e.as_ref().is_ok_and(|e| e.path().join("migration.toml").exists()))
        .count();
    // Printed SQL cannot carry a column one branch added through another
    // branch's SQLite rebuild (pschema refuses to print it, since run by hand
    // it would drop the column): then the CLI has no script to run.
    let target = common_target(bench, count)?;
    let script = bench.work.join("history-sqlite.sql");
    let cli = match offline_sql(bench, "sqlite", &target.pschema) {
        Ok(sql) => {
            std::fs::write(&script, sql)?;
            true
        }
        Err(e) => {
            println!("sqlite3 CLI: left out: {e:#}");
            false
        }
    };
    let alembic = match python(&bench.root) {
        Some(py) => {
            let dir = bench.work.join("alembic");
            match alembic_project(&bench.root, &dir) {
                Ok(()) => Some((py, dir)),
                Err(e) => {
                    println!("Alembic: {e:#}; left out");
                    None
                }
            }
        }
        None => {
            println!("Alembic: no PSCHEMA_TEST_PYTHON (nor target/alembic-venv); left out");
            None
        }
    };
    let whole = target.migrations != count;
    let (mut ours, mut ours_whole, mut sqlite3, mut theirs) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for i in 0..RUNS {
        let db = |name: &str| bench.work.join(format!("history-{name}{i}.db"));
        let url = format!("sqlite:///{}", db("pschema").display());
        ours.push(ms(run(&mut pschema(
            bench,
            &["--database-url", &url, "upgrade", &target.pschema],
        ))?
        .elapsed));
        if whole {
            let url = format!("sqlite:///{}", db("pschema-head").display());
            ours_whole.push(ms(run(&mut pschema(
                bench,
                &["--database-url", &url, "upgrade", "head"],
            ))?
            .elapsed));
        }
        if cli {
            let mut c = Command::new("sqlite3");
            c.arg(db("sqlite3"))
                .stdin(std::fs::File::open(&script)?)
                .stdout(Stdio::null());
            sqlite3.push(ms(run(&mut c)?.elapsed));
        }
        if let Some((py, dir)) = &alembic
            && i < ALEMBIC_RUNS
        {
            let mut c = Command::new(py);
            c.env("PYTHONDONTWRITEBYTECODE", "1")
                .args(["-c", ALEMBIC_UPGRADE])
                .arg(dir)
                .arg(format!("sqlite:///{}", db("alembic").display()))
                .args(&target.alembic)
                .stdout(Stdio::null())
                .stderr(Stdio::null());
            theirs.push(ms(run(&mut c)?.elapsed));
        }
    }
    let ours = median(ours);
    println!(
        "\nupgrade {} ({} migrations) on an empty SQLite file, median of {RUNS}:",
        target.pschema, target.migrations
    );
    println!("  pschema upgrade {:<28} {ours:9.2} ms", target.pschema);
    if !sqlite3.is_empty() {
        line("sqlite3 CLI, the same SQL and transactions", median(sqlite3), ours);
    }
    if !theirs.is_empty() {
        line(
            &format!(
                "Alembic upgrade {} (median of {ALEMBIC_RUNS})",
                target.alembic.join(" ")
            ),
            median(theirs),
            ours,
        );
    }
    if whole {
        println!(
            "  and pschema upgrade head ({count} migrations, Alembic has no revision for the rest): {:.2} ms",
            median(ours_whole)
        );
    }
    postgres(bench, count)
}

fn psql(server: &str, sql: &str) -> Result<()> {
    let out = Command::new("psql")
        .args([server, "-v", "ON_ERROR_STOP=1", "-q", "-c", sql])
        .output()
        .context("psql")?;
    if !out.status.success() {
        bail!("psql -c {sql}: {}", String::from_utf8_lossy(&out.stderr));
    }
    Ok(())
}

fn postgres(bench: &Bench, count: usize) -> Result<()> {
    let Some(server) = super::postgres_server("PostgreSQL") else {
        return Ok(());
    };
    let script = bench.work.join("history-postgres.sql");
    std::fs::write(&script, offline_sql(bench, "postgresql", "head")?)?;
    let name = format!("harness_bench_{}", std::process::id());
    let url = super::database_url(&server, &name);
    let fresh = || -> Result<()> {
        psql(&server, &format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))?;
        psql(&server, &format!("CREATE DATABASE {name}"))
    };
    let (mut ours, mut theirs) = (Vec::new(), Vec::new());
    let result = (|| -> Result<()> {
        for _ in 0..RUNS {
            fresh()?;
            ours.push(ms(run(&mut pschema(
                bench,
                &["--database-url", &url, "upgrade", "head"],
            ))?
            .elapsed));
            fresh()?;
            let mut c = Command::new("psql");
            c.args([url.as_str(), "-v", "ON_ERROR_STOP=1", "-q", "-f"])
                .arg(&script)
                .stdout(Stdio::null());
            theirs.push(ms(run(&mut c)?.elapsed));
        }
        Ok(())
    })();
    psql(&server, &format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).ok();
    result?;
    let ours = median(ours);
    println!(
        "\nupgrade head of the whole chain ({count} migrations) on an empty PostgreSQL database, median of {RUNS}:"
    );
    println!("  pschema upgrade head                         {ours:9.2} ms");
    line("psql, the same SQL and transactions", median(theirs), ours);
    println!("  (Alembic's own chain cannot build PostgreSQL from empty: postgres/failures.json)");
    Ok(())
}
