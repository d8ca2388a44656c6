//! `cargo xtask bench`: pschema against a reference doing the same work,
//! measured side by side in one run (the machine is shared and noisy, so
//! only ratios mean something). Builds the release `pschema` binary first.
//!
//! Scenarios:
//! - `autogenerate`: `revision --autogenerate` of a synthetic 500-table schema
//!   (parse, diff, plan, self-verification, write), against the sqlite3 CLI
//!   running the SQL it generates once.
//! - `rebuild`: `upgrade head` of a migration that rebuilds a 1,000,000-row
//!   table referenced by a 1,000,000-row child, against the same rebuild
//!   written by hand without any check, run through the same SQLite library.
//!   Peak memory of pschema at 100,000 and 1,000,000 rows.
//! - `upgrade`: `upgrade head` of the baseline on an empty file, against the
//!   sqlite3 CLI applying the same SQL with the same transaction and
//!   version-table writes.
//! - `current`: `current` on an up-to-date database, against the sqlite3 CLI
//!   reading the one row.
//! - `codegen`: `cargo xtask codegen`'s rendering (Rust models and the
//!   SQLAlchemy module) of the synthetic 500-table schema, in the release
//!   xtask binary, against parsing and lowering the same file.
//! - `history`: `upgrade head` of the whole chain (Paciolus's history) on an
//!   empty SQLite file against the sqlite3 CLI running the same SQL in the
//!   same transactions and against Alembic's own `upgrade heads`; on
//!   PostgreSQL against psql (`bench/history.rs`).
//! - `scale`: the synthetic schema at 500, 2,000 and 5,000 tables:
//!   `revision --autogenerate` with one column added and `check` with no
//!   database, against `fmt --check` of the same file (parsing and
//!   formatting, linear), so that growing faster than the schema shows as a
//!   growing ratio.
//! - `online`: on PostgreSQL, how long each class of change (add index, add
//!   foreign key, set not null, int to bigint, ...) stalls two writers, with
//!   and without a long read transaction open, for the migration pschema
//!   writes and for the SQL Alembic writes (`bench/online.rs`; options
//!   `--rows N`, `--ddl-lock-timeout MS`).
//! - `lsp`: the release `pschema-lsp` over stdio on the synthetic 500-table
//!   schema: `didChange` to `publishDiagnostics` and a hover on a column
//!   (target: under 50 ms each), against `fmt --check` of the same file
//!   (`bench/lsp.rs`).

mod history;
mod lsp;
mod online;

use anyhow::{Context, Result, bail};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

struct Run {
    elapsed: Duration,
    max_rss_kib: i64,
}

/// Runs a command to completion; its wall time and peak resident memory.
fn run(command: &mut Command) -> Result<Run> {
    let started = Instant::now();
    let child = command.spawn().with_context(|| format!("starting {command:?}"))?;
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: an all-zero rusage is valid, and wait4 writes into memory we own
    // for a child we spawned and have not reaped.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let reaped = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let elapsed = started.elapsed();
    if reaped != pid {
        bail!("waiting for {command:?} failed");
    }
    if !(libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0) {
        bail!("{command:?} failed with status {status}");
    }
    Ok(Run {
        elapsed,
        max_rss_kib: usage.ru_maxrss,
    })
}

/// The PostgreSQL server of the scenarios that need one
/// (`PSCHEMA_TEST_POSTGRES_URL`); without it the scenario says so and is
/// left out.
fn postgres_server(scenario: &str) -> Option<String> {
    let server = std::env::var("PSCHEMA_TEST_POSTGRES_URL")
        .ok()
        .filter(|s| !s.is_empty());
    if server.is_none() {
        println!("\n{scenario}: PSCHEMA_TEST_POSTGRES_URL is not set; left out");
    }
    server
}

/// The URL of database `name` on the server of `server` (SQLAlchemy's form,
/// which pschema, psql and the postgres crate all read).
fn database_url(server: &str, name: &str) -> String {
    let base = server.split('?').next().unwrap_or(server);
    let base = base.rsplit_once('/').map_or(base, |(b, _)| b);
    format!("{base}/{name}")
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(|a, b| a.total_cmp(b));
    values[values.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

struct Bench {
    root: PathBuf,
    pschema: PathBuf,
    xtask: PathBuf,
    work: PathBuf,
}

impl Bench {
    fn pschema(&self, project: &Path, args: &[&str]) -> Command {
        let mut c = Command::new(&self.pschema);
        c.current_dir(project).args(args).env_remove("DATABASE_URL");
        c.stdout(std::process::Stdio::null());
        c
    }
}

fn build(root: &Path) -> Result<()> {
    let status = Command::new(env!("CARGO"))
        .current_dir(root)
        .args([
            "build",
            "--release",
            "--quiet",
            "-p",
            "pschema-cli",
            "-p",
            "pschema-lsp",
            "-p",
            "xtask",
        ])
        .status()
        .context("cargo build --release")?;
    if !status.success() {
        bail!("cargo build --release failed");
    }
    Ok(())
}

pub fn main(root: &Path, args: &[String]) -> Result<()> {
    let mut args = args.to_vec();
    let online_options = online::Options::take(&mut args)?;
    if let Some(unknown) = args.iter().find(|a| a.starts_with('-')) {
        bail!("unknown option {unknown} (scenario options: --rows N, --ddl-lock-timeout MS)");
    }
    let only: Vec<&str> = args.iter().map(String::as_str).collect();
    let wanted = |name: &str| only.is_empty() || only.contains(&name);
    build(root)?;
    let work = std::env::temp_dir().join(format!("pschema-bench-{}", std::process::id()));
    std::fs::create_dir_all(&work)?;
    let bench = Bench {
        root: root.to_path_buf(),
        pschema: root.join("target/release/pschema"),
        xtask: root.join("target/release/xtask"),
        work: work.clone(),
    };
    println!(
        "sqlite3 CLI: {}",
        String::from_utf8_lossy(&Command::new("sqlite3").arg("--version").output()?.stdout).trim()
    );
    let result = (|| -> Result<()> {
        if wanted("autogenerate") {
            autogenerate(&bench)?;
        }
        if wanted("rebuild") {
            rebuild(&bench)?;
        }
        if wanted("upgrade") {
            upgrade(&bench)?;
        }
        if wanted("current") {
            current(&bench)?;
        }
        if wanted("history") {
            history::history(&bench)?;
        }
        if wanted("scale") {
            scale(&bench)?;
        }
        if wanted("codegen") {
            codegen(&bench)?;
        }
        if wanted("lsp") {
            lsp::lsp(&bench)?;
        }
        if wanted("online") {
            online::online(&bench, &online_options)?;
        }
        Ok(())
    })();
    std::fs::remove_dir_all(&work).ok();
    result
}

/// A schema of `tables` tables of eight columns, two indexes and a foreign
/// key to the table before.
fn synthetic_schema(tables: usize) -> String {
    let mut out = String::from("enum Status \"status\" {\n  ACTIVE\n  ARCHIVED\n}\n");
    for t in 0..tables {
        out.push_str(&format!("\ntable t{t} {{\n  id         Integer     @id @index\n"));
        if t > 0 {
            out.push_str(&format!(
                "  parent_id  Integer?    @index @references(t{}.id, on_delete: set_null)\n",
                t - 1
            ));
        }
        out.push_str("  name       String(100)\n  amount     Numeric(19, 2) @default(0)\n  status     Status\n");
        out.push_str("  created_at DateTime    @default(now())\n  note       Text?\n  flag       Boolean?\n");
        out.push_str(&format!("\n  index ix_t{t}_status_created (status, created_at)\n}}\n"));
    }
    out
}

fn new_project(bench: &Bench, name: &str, schema: &str) -> Result<PathBuf> {
    let project = bench.work.join(name);
    std::fs::create_dir_all(project.join("schema"))?;
    std::fs::create_dir_all(project.join("migrations"))?;
    std::fs::write(project.join("schema/paciolus.pschema"), schema)?;
    Ok(project)
}

fn autogenerate(bench: &Bench) -> Result<()> {
    // From nothing: every table is new, verified on SQLite, against the
    // sqlite3 CLI running the SQL once (both grow with the square of the
    // tables at the top: SQLite scans its schema for every DDL statement).
    println!("\nautogenerate from nothing, against the sqlite3 CLI running the generated up.sql:");
    println!("  tables  statements   pschema   sqlite3 CLI   ratio   (median of)");
    for (tables, runs) in [(500usize, 7usize), (2000, 3), (5000, 1)] {
        let schema = synthetic_schema(tables);
        let mut ours = Vec::new();
        let mut reference = Vec::new();
        let mut statements = 0;
        for i in 0..runs {
            let project = new_project(bench, &format!("autogen{tables}_{i}"), &schema)?;
            let args = [
                "revision",
                "--autogenerate",
                "-m",
                "all tables",
                "--rev-id",
                "aaaaaaaaaaaa",
            ];
            ours.push(ms(run(&mut bench.pschema(&project, &args))?.elapsed));
            let up_sql = project.join("migrations/aaaaaaaaaaaa_all_tables/sqlite/up.sql");
            statements = std::fs::read_to_string(&up_sql)?.matches(";\n").count();
            let mut sqlite = Command::new("sqlite3");
            sqlite
                .arg(":memory:")
                .stdin(std::fs::File::open(&up_sql)?)
                .stdout(std::process::Stdio::null());
            reference.push(ms(run(&mut sqlite)?.elapsed));
            std::fs::remove_dir_all(&project).ok();
        }
        let (ours, reference) = (median(ours), median(reference));
        println!(
            "  {tables:6}  {statements:10}  {ours:8.1} ms  {reference:8.1} ms  {:5.2}x   {runs}",
            ours / reference
        );
    }

    // The everyday case: 500 tables at head, one column and index added.
    const RUNS: usize = 7;
    let schema = synthetic_schema(500);
    let changed = with_one_column_added(&schema);
    let mut one_change = Vec::new();
    let mut one_change_reference = Vec::new();
    for i in 0..RUNS {
        let project = new_project(bench, &format!("autogen{i}"), &schema)?;
        let args = [
            "revision",
            "--autogenerate",
            "-m",
            "five hundred tables",
            "--rev-id",
            "aaaaaaaaaaaa",
        ];
        run(&mut bench.pschema(&project, &args))?;
        std::fs::write(project.join("schema/paciolus.pschema"), &changed)?;
        let args = [
            "revision",
            "--autogenerate",
            "-m",
            "one more column",
            "--rev-id",
            "bbbbbbbbbbbb",
        ];
        one_change.push(ms(run(&mut bench.pschema(&project, &args))?.elapsed));
        // What any tool must at least do: read the schema file and the head
        // snapshot (two 500-table files) once.
        let mut cat = Command::new("cat");
        cat.arg(project.join("schema/paciolus.pschema"))
            .arg(project.join("migrations/aaaaaaaaaaaa_five_hundred_tables/schema.pschema"))
            .stdout(std::process::Stdio::null());
        one_change_reference.push(ms(run(&mut cat)?.elapsed));
    }
    let (one_change, one_change_reference) = (median(one_change), median(one_change_reference));
    println!("autogenerate, one column added to a 500-table schema, median of {RUNS}:");
    println!("  pschema revision --autogenerate   {one_change:8.1} ms");
    println!("  cat of the two schema files       {one_change_reference:8.1} ms");
    Ok(())
}

/// The one change of the everyday case: a column and its index added to
/// the first table.
fn with_one_column_added(schema: &str) -> String {
    schema.replacen(
        "  flag       Boolean?\n",
        "  flag       Boolean?\n  extra      String(20)? @index\n",
        1,
    )
}

fn scale(bench: &Bench) -> Result<()> {
    // The machine is shared: a median of many, each command in rotation.
    const RUNS: usize = 15;
    let sizes = [500, 2_000, 5_000];
    struct Row {
        tables: usize,
        fmt: f64,
        one_change: f64,
        check: f64,
        one_change_cold: f64,
        check_cold: f64,
        one_change_mib: f64,
        check_mib: f64,
    }
    // The lowered head snapshot is kept between runs in a cache of the
    // bench's own; "cold" runs turn it off, as a first run after a new head
    // without it would be.
    let cache = bench.work.join("snapshot-cache");
    let mut rows = Vec::new();
    for tables in sizes {
        let schema = synthetic_schema(tables);
        let project = new_project(bench, &format!("scale{tables}"), &schema)?;
        // `fmt --check` must pass, and the head every run starts from is made
        // once (neither is measured).
        run(&mut bench.pschema(&project, &["fmt"]))?;
        run(&mut bench.pschema(
            &project,
            &["revision", "--autogenerate", "-m", "start", "--rev-id", "aaaaaaaaaaaa"],
        ))?;
        let changed = project.join("changed.pschema");
        std::fs::write(&changed, with_one_column_added(&schema))?;
        let changed_arg = changed.to_string_lossy().into_owned();
        // `check` with no database: the URL names a file that does not exist,
        // so only the schema file is compared with the latest migration.
        let missing = format!("sqlite:///{}", project.join("missing.db").display());
        let written = project.join("migrations/bbbbbbbbbbbb_one_more_column");
        let one_change = [
            "--schema",
            &changed_arg,
            "revision",
            "--autogenerate",
            "-m",
            "one more column",
            "--rev-id",
            "bbbbbbbbbbbb",
        ];
        let check = ["--database-url", missing.as_str(), "check"];
        let with_cache = |args: &[&str], warm: bool| {
            let mut c = bench.pschema(&project, args);
            c.env("PSCHEMA_CACHE_DIR", if warm { cache.as_os_str() } else { "".as_ref() });
            c
        };
        // The cache holds the head once one run has read it.
        run(&mut with_cache(&check, true))?;
        let mut times: [Vec<f64>; 5] = Default::default();
        let mut peaks = [0i64; 5];
        for i in 0..RUNS {
            // Rotate which goes first, so none always finds a warmer cache.
            for k in 0..5 {
                let which = (i + k) % 5;
                let result = match which {
                    0 => run(&mut bench.pschema(&project, &["fmt", "--check"]))?,
                    1 | 3 => {
                        let result = run(&mut with_cache(&one_change, which == 1))?;
                        std::fs::remove_dir_all(&written).with_context(|| format!("{}", written.display()))?;
                        result
                    }
                    _ => run(&mut with_cache(&check, which == 2))?,
                };
                times[which].push(ms(result.elapsed));
                peaks[which] = peaks[which].max(result.max_rss_kib);
            }
        }
        let [fmt, one_change, check, one_change_cold, check_cold] = times.map(median);
        rows.push(Row {
            tables,
            fmt,
            one_change,
            check,
            one_change_cold,
            check_cold,
            one_change_mib: peaks[1] as f64 / 1024.0,
            check_mib: peaks[2] as f64 / 1024.0,
        });
    }
    println!("\nscale: the synthetic schema at {sizes:?} tables, median of {RUNS}:");
    println!(
        "  {:>6}  {:>10}  {:>24}  {:>24}  {:>16}  {:>16}",
        "tables", "fmt --check", "autogenerate, one change", "check, no database", "autogen., cold", "check, cold"
    );
    for r in &rows {
        println!(
            "  {:>6}  {:>8.1} ms  {:>8.1} ms {:>5.2}x {:>5.0} MiB  {:>8.1} ms {:>5.2}x {:>5.0} MiB  {:>8.1} ms {:>5.2}x  {:>8.1} ms {:>5.2}x",
            r.tables,
            r.fmt,
            r.one_change,
            r.one_change / r.fmt,
            r.one_change_mib,
            r.check,
            r.check / r.fmt,
            r.check_mib,
            r.one_change_cold,
            r.one_change_cold / r.fmt,
            r.check_cold,
            r.check_cold / r.fmt,
        );
    }
    if let (Some(first), Some(last)) = (rows.first(), rows.last()) {
        println!(
            "  growth from {} to {} tables ({:.0}x the tables): fmt --check {:.1}x, autogenerate {:.1}x, check {:.1}x",
            first.tables,
            last.tables,
            last.tables as f64 / first.tables as f64,
            last.fmt / first.fmt,
            last.one_change / first.one_change,
            last.check / first.check
        );
    }
    Ok(())
}

const REBUILD_BEFORE: &str = "
table engagements {
  id     Integer    @id
  name   String(50)
  budget Float
}

table tool_runs {
  id            Integer @id
  engagement_id Integer @index @references(engagements.id, on_delete: cascade)
  score         Float?
}
";

fn rebuild_project(bench: &Bench, rows: i64) -> Result<(PathBuf, PathBuf)> {
    let project = new_project(bench, &format!("rebuild{rows}"), REBUILD_BEFORE)?;
    let ok = |c: &mut Command| -> Result<()> { run(c).map(|_| ()) };
    ok(bench
        .pschema(
            &project,
            &["revision", "--autogenerate", "-m", "start", "--rev-id", "aaaaaaaaaaaa"],
        )
        .stdout(std::process::Stdio::null()))?;
    let db = project.join("base.db");
    let url = format!("sqlite:///{}", db.display());
    ok(&mut bench.pschema(&project, &["--database-url", &url, "upgrade", "head"]))?;
    let fill = format!(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {rows})
         INSERT INTO engagements (id, name, budget) SELECT i, 'engagement ' || i, i * 1.25 FROM n;
         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {rows})
         INSERT INTO tool_runs (id, engagement_id, score) SELECT i, (i * 7919) % {rows} + 1, i / 3.0 FROM n;"
    );
    ok(Command::new(&bench.xtask).args(["bench-exec-sql", db.to_str().unwrap_or_default(), &fill]))?;
    let after = REBUILD_BEFORE.replace("budget Float", "budget Numeric(19, 2)");
    std::fs::write(project.join("schema/paciolus.pschema"), after)?;
    let args = [
        "revision",
        "--autogenerate",
        "-m",
        "money",
        "--rev-id",
        "bbbbbbbbbbbb",
        "--allow-destructive",
    ];
    ok(&mut bench.pschema(&project, &args))?;
    Ok((project, db))
}

/// The same rebuild, by hand: no row count, no foreign key check, no view
/// or trigger handling, no version tables.
const HAND_REBUILD: &str = "PRAGMA foreign_keys = OFF;
BEGIN;
CREATE TABLE _new_engagements (id INTEGER NOT NULL, name VARCHAR(50) NOT NULL, budget NUMERIC(19, 2) NOT NULL, PRIMARY KEY (id));
INSERT INTO _new_engagements (id, name, budget) SELECT id, name, budget FROM engagements;
DROP TABLE engagements;
ALTER TABLE _new_engagements RENAME TO engagements;
COMMIT;
PRAGMA foreign_keys = ON;";

/// The hand-written rebuild with pschema's `legacy_alter_table` around the
/// rename, which spares SQLite re-reading every other table's definition:
/// the difference to pschema is then only pschema's checks and bookkeeping.
const HAND_REBUILD_LEGACY: &str = "PRAGMA foreign_keys = OFF;
BEGIN;
PRAGMA legacy_alter_table = ON;
CREATE TABLE _new_engagements (id INTEGER NOT NULL, name VARCHAR(50) NOT NULL, budget NUMERIC(19, 2) NOT NULL, PRIMARY KEY (id));
INSERT INTO _new_engagements (id, name, budget) SELECT id, name, budget FROM engagements;
DROP TABLE engagements;
ALTER TABLE _new_engagements RENAME TO engagements;
PRAGMA legacy_alter_table = OFF;
COMMIT;
PRAGMA foreign_keys = ON;";

fn rebuild(bench: &Bench) -> Result<()> {
    const RUNS: usize = 5;
    let mut memory = Vec::new();
    for rows in [100_000, 1_000_000] {
        let (project, base) = rebuild_project(bench, rows)?;
        let mut ours = Vec::new();
        let mut reference = Vec::new();
        let mut reference_legacy = Vec::new();
        let mut peak = 0;
        for i in 0..RUNS {
            let dbs: Vec<PathBuf> = ["a.db", "b.db", "c.db"].iter().map(|n| project.join(n)).collect();
            for db in &dbs {
                std::fs::copy(&base, db)?;
            }
            let url = format!("sqlite:///{}", dbs[0].display());
            let mut pschema = bench.pschema(&project, &["--database-url", &url, "upgrade", "head"]);
            let mut hand = Command::new(&bench.xtask);
            hand.args(["bench-exec-sql", dbs[1].to_str().unwrap_or_default(), HAND_REBUILD]);
            let mut hand_legacy = Command::new(&bench.xtask);
            hand_legacy.args([
                "bench-exec-sql",
                dbs[2].to_str().unwrap_or_default(),
                HAND_REBUILD_LEGACY,
            ]);
            // Rotate which goes first, so none always finds a warmer cache.
            let mut times = [Duration::ZERO; 3];
            for k in 0..3 {
                let which = (i + k) % 3;
                let command = [&mut pschema, &mut hand, &mut hand_legacy];
                let result = run(command.into_iter().nth(which).expect("three commands"))?;
                if which == 0 {
                    peak = peak.max(result.max_rss_kib);
                }
                times[which] = result.elapsed;
            }
            ours.push(ms(times[0]));
            reference.push(ms(times[1]));
            reference_legacy.push(ms(times[2]));
        }
        memory.push((rows, peak));
        if rows == 1_000_000 {
            let (ours, reference, legacy) = (median(ours), median(reference), median(reference_legacy));
            println!("\nrebuild of a 1,000,000-row parent with a 1,000,000-row child, median of {RUNS}:");
            println!("  pschema upgrade head (checked)    {ours:8.1} ms");
            println!(
                "  hand-written rebuild, unchecked   {reference:8.1} ms   ratio {:5.2}x",
                ours / reference
            );
            println!(
                "  the same with legacy_alter_table  {legacy:8.1} ms   ratio {:5.2}x",
                ours / legacy
            );
        }
    }
    for (rows, peak) in memory {
        println!(
            "  pschema peak memory, {rows:>9} rows  {:6.1} MiB",
            peak as f64 / 1024.0
        );
    }
    Ok(())
}

fn baseline_script(bench: &Bench) -> Result<String> {
    let dir = bench
        .root
        .join("migrations/e2f21cb79a61_baseline_full_schema_as_of_v1_2_0");
    let up = std::fs::read_to_string(dir.join("sqlite/up.sql"))?;
    Ok(format!(
        "BEGIN IMMEDIATE;\n\
         CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num));\n\
         CREATE TABLE pschema_history (id INTEGER NOT NULL, revision VARCHAR(32) NOT NULL, direction VARCHAR(8) NOT NULL, message TEXT NOT NULL, checksum VARCHAR(64), applied_at VARCHAR(40) NOT NULL, execution_ms INTEGER NOT NULL, success BOOLEAN NOT NULL, PRIMARY KEY (id));\n\
         {up}\n\
         DELETE FROM alembic_version;\n\
         INSERT INTO alembic_version (version_num) VALUES ('e2f21cb79a61');\n\
         INSERT INTO pschema_history (revision, direction, message, checksum, applied_at, execution_ms, success) VALUES ('e2f21cb79a61', 'up', 'baseline', 'x', '2026-01-01T00:00:00Z', 1, 1);\n\
         COMMIT;\n"
    ))
}

/// A peer migration tool, found in `$PSCHEMA_PEER_BIN` or on the PATH.
fn peer(name: &str) -> Option<PathBuf> {
    let dirs = std::env::var_os("PSCHEMA_PEER_BIN")
        .into_iter()
        .chain(std::env::var_os("PATH"));
    dirs.flat_map(|d| std::env::split_paths(&d).collect::<Vec<_>>())
        .map(|d| d.join(name))
        .find(|p| p.is_file())
}

/// The baseline laid out the way diesel_cli, refinery_cli and sqlx-cli want it.
fn peer_migrations(bench: &Bench) -> Result<PathBuf> {
    let source = bench
        .root
        .join("migrations/e2f21cb79a61_baseline_full_schema_as_of_v1_2_0/sqlite");
    let up = std::fs::read_to_string(source.join("up.sql"))?;
    let down = std::fs::read_to_string(source.join("down.sql"))?;
    let dir = bench.work.join("peers");
    std::fs::create_dir_all(dir.join("diesel/2026-02-12-180343_baseline"))?;
    std::fs::write(dir.join("diesel/2026-02-12-180343_baseline/up.sql"), &up)?;
    std::fs::write(dir.join("diesel/2026-02-12-180343_baseline/down.sql"), &down)?;
    std::fs::create_dir_all(dir.join("refinery"))?;
    std::fs::write(dir.join("refinery/V1__baseline.sql"), &up)?;
    std::fs::create_dir_all(dir.join("sqlx"))?;
    std::fs::write(dir.join("sqlx/20260212180343_baseline.sql"), &up)?;
    Ok(dir)
}

fn upgrade(bench: &Bench) -> Result<()> {
    const RUNS: usize = 41;
    let script = bench.work.join("baseline.sql");
    std::fs::write(&script, baseline_script(bench)?)?;
    let peers_dir = peer_migrations(bench)?;
    let diesel = peer("diesel");
    let refinery = peer("refinery");
    let sqlx = peer("sqlx");
    let mut times: BTreeMap<&str, Vec<f64>> = BTreeMap::new();
    let mut peak = 0;
    for i in 0..RUNS {
        let db = |name: &str| bench.work.join(format!("up-{name}{i}.db"));
        let url = format!("sqlite:///{}", db("pschema").display());
        let p = run(bench
            .pschema(&bench.root, &["--database-url", &url, "upgrade", "head"])
            .current_dir(&bench.root))?;
        peak = peak.max(p.max_rss_kib);
        times.entry("pschema").or_default().push(ms(p.elapsed));
        let mut sqlite = Command::new("sqlite3");
        sqlite
            .arg(db("sqlite3"))
            .stdin(std::fs::File::open(&script)?)
            .stdout(std::process::Stdio::null());
        times.entry("sqlite3").or_default().push(ms(run(&mut sqlite)?.elapsed));
        if let Some(diesel) = &diesel {
            let mut c = Command::new(diesel);
            c.args(["migration", "run", "--migration-dir"])
                .arg(peers_dir.join("diesel"));
            c.arg("--database-url")
                .arg(db("diesel"))
                .current_dir(&bench.work)
                .stdout(std::process::Stdio::null());
            times.entry("diesel_cli").or_default().push(ms(run(&mut c)?.elapsed));
        }
        if let Some(refinery) = &refinery {
            // refinery wants the database file and an absolute config path.
            std::fs::write(db("refinery"), "")?;
            let config = bench.work.join(format!("refinery{i}.toml"));
            std::fs::write(
                &config,
                format!(
                    "[main]\ndb_type = \"Sqlite\"\ndb_path = \"{}\"\n",
                    db("refinery").display()
                ),
            )?;
            let mut c = Command::new(refinery);
            c.arg("migrate")
                .arg("-c")
                .arg(&config)
                .arg("-p")
                .arg(peers_dir.join("refinery"));
            c.stdout(std::process::Stdio::null());
            times.entry("refinery_cli").or_default().push(ms(run(&mut c)?.elapsed));
        }
        if let Some(sqlx) = &sqlx {
            let mut c = Command::new(sqlx);
            c.args(["migrate", "run", "--source"]).arg(peers_dir.join("sqlx"));
            c.arg("--database-url")
                .arg(format!("sqlite://{}?mode=rwc", db("sqlx").display()));
            c.stdout(std::process::Stdio::null());
            times.entry("sqlx-cli").or_default().push(ms(run(&mut c)?.elapsed));
        }
    }
    let medians: BTreeMap<&str, f64> = times.into_iter().map(|(k, v)| (k, median(v))).collect();
    let ours = medians["pschema"];
    println!("\nupgrade head of the baseline on an empty file, median of {RUNS}:");
    println!("  pschema upgrade head                {ours:8.2} ms");
    println!(
        "  sqlite3 CLI, same SQL and writes    {:8.2} ms   pschema's ratio {:5.2}x",
        medians["sqlite3"],
        ours / medians["sqlite3"]
    );
    for (name, label) in [
        ("diesel_cli", "diesel migration run"),
        ("refinery_cli", "refinery migrate"),
        ("sqlx-cli", "sqlx migrate run"),
    ] {
        match medians.get(name) {
            Some(t) => println!("  {label:<34}  {t:8.2} ms   pschema's ratio {:5.2}x", ours / t),
            None => println!("  {label:<34}  not installed (see docs/benchmarks.md)"),
        }
    }
    println!("  pschema peak memory                 {:8.1} MiB", peak as f64 / 1024.0);
    Ok(())
}

fn current(bench: &Bench) -> Result<()> {
    const RUNS: usize = 41;
    let db = bench.work.join("current.db");
    let url = format!("sqlite:///{}", db.display());
    run(bench
        .pschema(&bench.root, &["--database-url", &url, "upgrade", "head"])
        .current_dir(&bench.root))?;
    let mut ours = Vec::new();
    let mut reference = Vec::new();
    let mut peak = 0;
    for _ in 0..RUNS {
        let p = run(bench
            .pschema(&bench.root, &["--database-url", &url, "current"])
            .current_dir(&bench.root))?;
        let mut sqlite = Command::new("sqlite3");
        sqlite
            .arg(&db)
            .arg("SELECT version_num FROM alembic_version")
            .stdout(std::process::Stdio::null());
        let h = run(&mut sqlite)?;
        ours.push(ms(p.elapsed));
        reference.push(ms(h.elapsed));
        peak = peak.max(p.max_rss_kib);
    }
    let (ours, reference) = (median(ours), median(reference));
    println!("\ncurrent on an up-to-date database, median of {RUNS}:");
    println!("  pschema current                   {ours:8.2} ms");
    println!("  sqlite3 CLI reading the row       {reference:8.2} ms");
    println!("  ratio                             {:8.2}x", ours / reference);
    println!("  pschema peak memory               {:8.1} MiB", peak as f64 / 1024.0);
    Ok(())
}

/// `xtask bench-exec-sql <db> <sql>`: the reference runner for hand-written
/// SQL, through the same bundled SQLite as pschema.
pub fn exec_sql(args: &[String]) -> Result<()> {
    let [db, sql] = args else {
        bail!("usage: xtask bench-exec-sql <db> <sql>")
    };
    let conn = rusqlite::Connection::open(db)?;
    conn.execute_batch(sql)?;
    Ok(())
}

/// Rendering the code of the synthetic 500-table schema, timed inside the
/// release xtask binary (`bench-codegen`), median of 21.
fn codegen(bench: &Bench) -> Result<()> {
    let output = Command::new(&bench.xtask)
        .current_dir(&bench.root)
        .args(["bench-codegen", "500", "21"])
        .output()
        .context("running xtask bench-codegen")?;
    if !output.status.success() {
        bail!("bench-codegen failed: {}", String::from_utf8_lossy(&output.stderr));
    }
    print!("{}", String::from_utf8_lossy(&output.stdout));
    Ok(())
}

/// `xtask bench-codegen <tables> <runs>`: parse and lower, then render, of
/// the synthetic schema; prints the medians.
pub fn codegen_inner(args: &[String]) -> Result<()> {
    let tables: usize = args.first().map_or(Ok(500), |a| a.parse()).context("tables")?;
    let runs: usize = args.get(1).map_or(Ok(21), |a| a.parse()).context("runs")?;
    let text = synthetic_schema(tables);
    let mut parse = Vec::with_capacity(runs);
    for _ in 0..runs {
        let started = Instant::now();
        std::hint::black_box(pschema_schema::parse_schema(&text).map_err(|d| anyhow::anyhow!("{} errors", d.len()))?);
        parse.push(ms(started.elapsed()));
    }
    let render = crate::codegen::time(&text, runs)?;
    let files = pschema_codegen::generate(
        &pschema_schema::parse_schema(&text).map_err(|d| anyhow::anyhow!("{} errors", d.len()))?,
        &pschema_codegen::Options {
            source: "synthetic.pschema",
            command: "cargo xtask codegen",
        },
    )?;
    let bytes: usize = files.rust.iter().map(|f| f.text.len()).sum::<usize>() + files.python.len();
    println!(
        "codegen, {tables} tables: render {render:.1} ms ({} files, {:.1} MiB), parse and lower {:.1} ms (median of {runs})",
        files.rust.len() + 1,
        bytes as f64 / (1024.0 * 1024.0),
        median(parse)
    );
    Ok(())
}
