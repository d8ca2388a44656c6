//! The project file: `init`, finding `pschema.toml` from a subfolder, and
//! where the database URL comes from (file < .env < environment < flag).

mod common;

use common::*;
use std::path::Path;
use std::process::{Command, Output};

/// pschema in `dir`, with `DATABASE_URL` set to `env` (or unset).
fn run(dir: &Path, env: Option<&str>, args: &[&str]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_pschema"));
    command.current_dir(dir).env_remove("DATABASE_URL").args(args);
    if let Some(url) = env {
        command.env("DATABASE_URL", url);
    }
    command.output().expect("run pschema")
}

fn succeeds(dir: &Path, env: Option<&str>, args: &[&str]) -> String {
    let out = run(dir, env, args);
    assert!(out.status.success(), "{args:?}: {}{}", stdout(&out), stderr(&out));
    stdout(&out)
}

/// The example of the schema `init` writes, uncommented.
fn uncommented_example(schema: &str) -> String {
    schema
        .lines()
        .filter(|l| {
            l.starts_with("// ") && !l.starts_with("// The") && !l.starts_with("// Edit") && !l.starts_with("// writes")
        })
        .map(|l| format!("{}\n", &l[3..]))
        .collect()
}

#[test]
fn init_then_autogenerate_and_upgrade_head_work_with_no_flags_from_any_subfolder() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    let created = succeeds(p, None, &["init"]);
    assert!(created.contains("created pschema.toml"), "{created}");
    assert!(p.join("migrations").is_dir() && p.join("schema.pschema").is_file());
    // The empty schema is valid and matches the (empty) history.
    let schema = std::fs::read_to_string(p.join("schema.pschema")).unwrap();
    succeeds(p, None, &["fmt", "--check"]);
    std::fs::write(
        p.join("schema.pschema"),
        format!("{schema}\n{}", uncommented_example(&schema)),
    )
    .unwrap();
    let sub = p.join("src/deep");
    std::fs::create_dir_all(&sub).unwrap();
    let made = succeeds(
        &sub,
        None,
        &["revision", "--autogenerate", "-m", "first", "--rev-id", "000000000001"],
    );
    assert!(made.contains("000000000001"), "{made}");
    assert!(p.join("migrations/000000000001_first/sqlite/up.sql").is_file());
    succeeds(&sub, None, &["upgrade", "head"]);
    assert!(
        p.join("app.db").is_file(),
        "the database is beside pschema.toml, not in the subfolder"
    );
    assert!(!sub.join("app.db").exists());
    assert_eq!(succeeds(p, None, &["current"]), "000000000001 (head)\n");
    assert_eq!(succeeds(&sub, None, &["current"]), "000000000001 (head)\n");
    // A second init changes nothing.
    let again = run(p, None, &["init"]);
    assert_eq!(again.status.code(), Some(1));
    assert!(
        stderr(&again).contains("pschema.toml already exists"),
        "{}",
        stderr(&again)
    );
}

#[test]
fn the_database_url_comes_from_the_flag_then_the_environment_then_dotenv_then_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    succeeds(p, None, &["init"]);
    std::fs::write(p.join("schema.pschema"), "table notes {\n  id Integer @id\n}\n").unwrap();
    succeeds(
        p,
        None,
        &["revision", "--autogenerate", "-m", "notes", "--rev-id", "00000000000a"],
    );
    let toml = std::fs::read_to_string(p.join("pschema.toml")).unwrap();
    std::fs::write(
        p.join("pschema.toml"),
        toml.replace("sqlite:///app.db", "sqlite:///file.db"),
    )
    .unwrap();
    let made = |name: &str| p.join(name).is_file();
    succeeds(p, None, &["upgrade", "head"]);
    assert!(made("file.db"));
    std::fs::write(p.join(".env"), "# local settings\nDATABASE_URL=sqlite:///dotenv.db\n").unwrap();
    succeeds(p, None, &["upgrade", "head"]);
    assert!(made("dotenv.db"), ".env wins over pschema.toml");
    succeeds(p, Some("sqlite:///environment.db"), &["upgrade", "head"]);
    assert!(made("environment.db"), "the environment wins over .env");
    succeeds(
        p,
        Some("sqlite:///environment.db"),
        &["--database-url", "sqlite:///flag.db", "upgrade", "head"],
    );
    assert!(made("flag.db"), "the flag wins over all");
    // Paths: the flag wins over the file too.
    let elsewhere = p.join("elsewhere");
    std::fs::create_dir_all(&elsewhere).unwrap();
    succeeds(
        p,
        None,
        &[
            "--migrations-dir",
            "elsewhere",
            "revision",
            "-m",
            "other",
            "--rev-id",
            "00000000000c",
        ],
    );
    assert!(elsewhere.join("00000000000c_other/migration.toml").is_file());
    assert!(!p.join("migrations/00000000000c_other").exists());
}

#[test]
fn init_for_one_dialect_writes_only_its_sql_and_the_runner_refuses_the_other() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    succeeds(p, None, &["init", "--dialect", "postgresql"]);
    let toml = std::fs::read_to_string(p.join("pschema.toml")).unwrap();
    assert!(toml.contains("dialects = [\"postgresql\"]"), "{toml}");
    std::fs::write(p.join("schema.pschema"), "table notes {\n  id Integer @id\n}\n").unwrap();
    succeeds(
        p,
        None,
        &["revision", "--autogenerate", "-m", "notes", "--rev-id", "00000000000b"],
    );
    let migration = p.join("migrations/00000000000b_notes");
    assert!(migration.join("postgres/up.sql").is_file());
    assert!(
        !migration.join("sqlite").exists(),
        "no SQLite SQL for a PostgreSQL project"
    );
    let out = run(p, None, &["--database-url", "sqlite:///x.db", "upgrade", "head"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("has no") && stderr(&out).contains("sqlite/up.sql"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_project_file_that_is_wrong_is_an_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    std::fs::write(p.join("pschema.toml"), "shema = \"typo.pschema\"\n").unwrap();
    let out = run(p, None, &["--json", "heads"]);
    assert_eq!(out.status.code(), Some(1));
    let value: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(value["error"]["kind"], "bad_config");
    let message = value["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("pschema.toml") && message.contains("shema"),
        "{message}"
    );
}

#[test]
fn the_bookkeeping_tables_take_the_names_the_project_file_gives() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    succeeds(p, None, &["init"]);
    let toml = std::fs::read_to_string(p.join("pschema.toml")).unwrap();
    std::fs::write(
        p.join("pschema.toml"),
        toml.replace(
            "[database]\n",
            "[database]\nversion_table = \"app_version\"\nhistory_table = \"app_history\"\n",
        ),
    )
    .unwrap();
    std::fs::write(p.join("schema.pschema"), "table notes {\n  id Integer @id\n}\n").unwrap();
    succeeds(
        p,
        None,
        &["revision", "--autogenerate", "-m", "notes", "--rev-id", "00000000000d"],
    );
    succeeds(p, None, &["upgrade", "head"]);
    let conn = rusqlite::Connection::open(p.join("app.db")).unwrap();
    let mut stmt = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap();
    let tables: Vec<String> = stmt.query_map([], |r| r.get(0)).unwrap().map(|r| r.unwrap()).collect();
    assert_eq!(tables, ["app_history", "app_version", "notes"]);
    let version: String = conn
        .query_row("SELECT version_num FROM app_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, "00000000000d");
    assert_eq!(succeeds(p, None, &["current"]), "00000000000d (head)\n");
    // The live schema is the snapshot's: the bookkeeping is not part of it.
    succeeds(p, None, &["check"]);
    let sql = succeeds(p, None, &["upgrade", "head", "--sql"]);
    assert!(
        sql.contains("CREATE TABLE app_version") && sql.contains("INSERT INTO app_history"),
        "{sql}"
    );
    assert!(!sql.contains("alembic_version"), "{sql}");
}

/// A merge writes SQL for the project's dialects only, and replays branches
/// that differ on a scratch database of one of them: PostgreSQL's, given.
#[test]
fn a_merge_writes_only_the_projects_dialects_and_replays_on_one_of_them() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    succeeds(p, None, &["init", "--dialect", "postgresql"]);
    let schema = |columns: &str| {
        std::fs::write(
            p.join("schema.pschema"),
            format!("table notes {{\n  id Integer @id\n{columns}}}\n"),
        )
        .unwrap()
    };
    schema("");
    succeeds(
        p,
        None,
        &["revision", "--autogenerate", "-m", "notes", "--rev-id", "00000000000a"],
    );
    schema("  title String(40)?\n");
    succeeds(
        p,
        None,
        &["revision", "--autogenerate", "-m", "title", "--rev-id", "00000000000b"],
    );
    schema("  body Text?\n");
    succeeds(
        p,
        None,
        &[
            "revision",
            "--autogenerate",
            "-m",
            "body",
            "--rev-id",
            "00000000000c",
            "--head",
            "00000000000a",
        ],
    );
    schema("  title String(40)?\n  body Text?\n");
    // The branches differ: without a PostgreSQL server there is nothing to replay them on.
    let out = run(p, None, &["merge", "heads", "-m", "both", "--rev-id", "00000000000d"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("--verify-postgres-url"), "{}", stderr(&out));
    assert!(!p.join("migrations/00000000000d_both").exists());
    let Some(server) = server() else {
        eprintln!("PSCHEMA_TEST_POSTGRES_URL is not set: the replay on PostgreSQL is not tried");
        return;
    };
    let db = Database::new(&server, "merge_pg_only");
    let url = db.url.clone();
    succeeds(
        p,
        None,
        &[
            "merge",
            "heads",
            "-m",
            "both",
            "--rev-id",
            "00000000000d",
            "--verify-postgres-url",
            &url,
        ],
    );
    let merge = p.join("migrations/00000000000d_both");
    assert!(merge.join("migration.toml").is_file());
    assert!(!merge.join("sqlite").exists(), "no SQLite SQL for a PostgreSQL project");
    succeeds(p, None, &["--database-url", &url, "upgrade", "head"]);
}
