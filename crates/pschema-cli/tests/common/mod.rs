//! Helpers shared by the end-to-end tests of the `pschema` binary.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .unwrap()
        .to_path_buf()
}

/// Runs pschema in `cwd` on the baseline project (the repository's first
/// migration and its schema, see [`scratch_project`]); DATABASE_URL is
/// cleared so the environment of whoever runs the tests does not leak in.
pub fn pschema(cwd: &Path, args: &[&str]) -> Output {
    let project = baseline_project();
    Command::new(env!("CARGO_BIN_EXE_pschema"))
        .current_dir(cwd)
        .env_remove("DATABASE_URL")
        .arg("--migrations-dir")
        .arg(project.join("migrations"))
        .arg("--schema")
        .arg(project.join("schema/paciolus.pschema"))
        .args(args)
        .output()
        .expect("run pschema")
}

/// One baseline project per test process, made on first use and only read.
fn baseline_project() -> &'static Path {
    static PROJECT: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    PROJECT.get_or_init(|| {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("baseline-project-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        copy_baseline(&dir);
        dir
    })
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

pub fn url(path: &Path) -> String {
    format!("sqlite:///{}", path.display())
}

/// The baseline migration of the repository (Alembic's `e2f21cb79a61`, v1.2.0).
pub const BASELINE: &str = "e2f21cb79a61_baseline_full_schema_as_of_v1_2_0";

/// A scratch project at Paciolus's baseline: the repository's first migration,
/// and its snapshot as the schema file. The runner's and the command line's
/// behaviour is tested on it; the whole chain has its own tests
/// (`paciolus_history.rs`).
pub fn scratch_project() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    copy_baseline(tmp.path());
    tmp
}

fn copy_baseline(project: &Path) {
    let baseline = repo_root().join("migrations").join(BASELINE);
    for entry in walk(&baseline) {
        let target = project
            .join("migrations")
            .join(BASELINE)
            .join(entry.strip_prefix(&baseline).unwrap());
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::copy(&entry, &target).unwrap();
    }
    std::fs::create_dir_all(project.join("schema")).unwrap();
    std::fs::copy(baseline.join("schema.pschema"), project.join("schema/paciolus.pschema")).unwrap();
}

pub fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(walk(&path))
        } else {
            files.push(path)
        }
    }
    files
}

/// pschema in a scratch project, with its own migrations and schema.
pub fn pschema_in(project: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pschema"))
        .current_dir(project)
        .env_remove("DATABASE_URL")
        .args(args)
        .output()
        .expect("run pschema")
}

pub fn edit_schema(project: &Path, from: &str, to: &str) {
    let path = project.join("schema/paciolus.pschema");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "the schema has {from:?}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

/// An empty project: a `migrations` folder and a schema file.
pub fn empty_project(schema: &str) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(tmp.path().join("migrations")).unwrap();
    std::fs::create_dir_all(tmp.path().join("schema")).unwrap();
    std::fs::write(tmp.path().join("schema/paciolus.pschema"), schema).unwrap();
    tmp
}

pub fn write_schema(project: &Path, schema: &str) {
    std::fs::write(project.join("schema/paciolus.pschema"), schema).unwrap();
}

/// Runs pschema in the project and insists that it succeeds.
pub fn ok(project: &Path, args: &[&str]) -> String {
    let out = pschema_in(project, args);
    assert!(
        out.status.success(),
        "pschema {args:?} failed:\n{}{}",
        stdout(&out),
        stderr(&out)
    );
    stdout(&out)
}

/// Runs pschema in the project and insists that it fails; its stderr.
pub fn fails(project: &Path, args: &[&str]) -> String {
    let out = pschema_in(project, args);
    assert_eq!(
        out.status.code(),
        Some(1),
        "pschema {args:?} should fail:\n{}",
        stdout(&out)
    );
    stderr(&out)
}

/// A hand-written migration `id` after the head (or after `--head parent`),
/// with the same SQL for both dialects; its folder.
pub fn migration_by_hand(p: &Path, id: &str, parent: Option<&str>, up: &str, down: &str) -> PathBuf {
    let message = format!("by hand {id}");
    let mut args = vec!["revision", "-m", message.as_str(), "--rev-id", id];
    if let Some(parent) = parent {
        args.extend(["--head", parent]);
    }
    ok(p, &args);
    let dir = std::fs::read_dir(p.join("migrations"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|d| d.file_name().unwrap().to_string_lossy().starts_with(id))
        .unwrap();
    for dialect in ["sqlite", "postgres"] {
        std::fs::write(dir.join(format!("{dialect}/up.sql")), up).unwrap();
        std::fs::write(dir.join(format!("{dialect}/down.sql")), down).unwrap();
    }
    ok(p, &["hash"]);
    dir
}

/// Runs `check` (or another command that reports drift) in the project and
/// insists that it found drift: exit code 3, not 1 (an error); its stderr.
pub fn drifts(project: &Path, args: &[&str]) -> String {
    let out = pschema_in(project, args);
    assert_eq!(
        out.status.code(),
        Some(3),
        "pschema {args:?} should find drift:\n{}{}",
        stdout(&out),
        stderr(&out)
    );
    stderr(&out)
}

/// The PostgreSQL server the tests may use, from `PSCHEMA_TEST_POSTGRES_URL`;
/// locally the tests skip without it, under `CI=true` they must run.
pub fn server() -> Option<String> {
    match std::env::var("PSCHEMA_TEST_POSTGRES_URL") {
        Ok(url) if !url.is_empty() => Some(url),
        _ if std::env::var("CI").as_deref() == Ok("true") => {
            panic!("CI=true but PSCHEMA_TEST_POSTGRES_URL is not set: .ci/run sets it")
        }
        _ => {
            eprintln!("PSCHEMA_TEST_POSTGRES_URL is not set: skipping");
            None
        }
    }
}

/// A database of its own on the test server.
pub struct Database {
    admin: postgres::Client,
    pub name: String,
    pub url: String,
}

impl Database {
    pub fn new(server: &str, label: &str) -> Database {
        let mut admin = postgres::Client::connect(server, postgres::NoTls).unwrap();
        let name = format!("pschema_{}_{label}", std::process::id());
        // Each its own statement: neither may run in a transaction block.
        admin
            .batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            .unwrap();
        admin.batch_execute(&format!("CREATE DATABASE {name}")).unwrap();
        let base = server.rsplit_once('/').map_or(server, |(base, _)| base);
        let url = format!("{base}/{name}");
        Database { admin, name, url }
    }

    pub fn client(&self) -> postgres::Client {
        postgres::Client::connect(&self.url, postgres::NoTls).unwrap()
    }
}

impl Drop for Database {
    fn drop(&mut self) {
        self.admin
            .batch_execute(&format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name))
            .ok();
    }
}

/// A database of either dialect, for tests that run the same on both: a
/// SQLite file in the project, or a PostgreSQL database of the test's own.
pub enum Db {
    Sqlite(PathBuf),
    Postgres(Box<Database>),
}

impl Db {
    /// SQLite always; PostgreSQL when the test server is there.
    pub fn both(project: &Path, label: &str) -> Vec<Db> {
        let mut dbs = vec![Db::Sqlite(project.join(format!("{label}.db")))];
        if let Some(server) = server() {
            dbs.push(Db::Postgres(Box::new(Database::new(&server, label))));
        }
        dbs
    }

    pub fn url(&self) -> String {
        match self {
            Db::Sqlite(path) => url(path),
            Db::Postgres(db) => db.url.clone(),
        }
    }

    pub fn name(&self) -> &'static str {
        match self {
            Db::Sqlite(_) => "SQLite",
            Db::Postgres(_) => "PostgreSQL",
        }
    }

    /// Runs SQL directly on the database, as a person with a client would.
    pub fn execute(&self, sql: &str) {
        match self {
            Db::Sqlite(path) => rusqlite::Connection::open(path).unwrap().execute_batch(sql).unwrap(),
            Db::Postgres(db) => db.client().batch_execute(sql).unwrap(),
        }
    }

    /// The first column of every row of `sql`, as text.
    pub fn strings(&self, sql: &str) -> Vec<String> {
        match self {
            Db::Sqlite(path) => {
                let conn = rusqlite::Connection::open(path).unwrap();
                let mut stmt = conn.prepare(sql).unwrap();
                stmt.query_map([], |r| r.get::<_, String>(0))
                    .unwrap()
                    .collect::<Result<_, _>>()
                    .unwrap()
            }
            Db::Postgres(db) => db.client().query(sql, &[]).unwrap().iter().map(|r| r.get(0)).collect(),
        }
    }

    /// pschema in the project against this database.
    pub fn run(&self, project: &Path, args: &[&str]) -> Output {
        let url = self.url();
        let mut all = vec!["--database-url", url.as_str()];
        all.extend_from_slice(args);
        pschema_in(project, &all)
    }
}
