//! The hand-written data steps of Paciolus's chain, with rows, on SQLite and
//! PostgreSQL: each step keeps or transforms rows as its Alembic revision
//! meant (the cases are in tests/data/reference/paciolus-history/
//! `check_data_steps.py` and `data_steps_chain_b.sh`, which build a database
//! to the revision before the step, insert rows, apply the step, check the
//! rows, revert it and check again). They need Python (PSCHEMA_TEST_PYTHON,
//! with psycopg2), the sqlite3 and psql clients, and a PostgreSQL server
//! (PSCHEMA_TEST_POSTGRES_URL): skipped locally without them, required under
//! `CI=true`.

mod common;

use common::*;
use std::process::Command;

fn ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true")
}

/// What the scripts need, or why the test cannot run.
fn environment() -> Option<(String, String)> {
    let python = std::env::var("PSCHEMA_TEST_PYTHON").ok().filter(|p| !p.is_empty());
    let server = std::env::var("PSCHEMA_TEST_POSTGRES_URL")
        .ok()
        .filter(|p| !p.is_empty());
    let clients = ["sqlite3", "psql"].iter().all(|c| {
        Command::new(c)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    });
    match (python, server, clients) {
        (Some(python), Some(server), true) => Some((python, server)),
        missing => {
            assert!(
                !ci(),
                "under CI=true the data steps must run: PSCHEMA_TEST_PYTHON, PSCHEMA_TEST_POSTGRES_URL, sqlite3 and psql are needed ({missing:?})"
            );
            eprintln!("skipped: needs PSCHEMA_TEST_PYTHON, PSCHEMA_TEST_POSTGRES_URL, sqlite3 and psql");
            None
        }
    }
}

fn script(name: &str) -> std::path::PathBuf {
    repo_root().join("tests/data/reference/paciolus-history").join(name)
}

fn assert_ran(what: &str, output: std::process::Output) {
    let text = format!("{}{}", stdout(&output), stderr(&output));
    assert!(output.status.success(), "{what} failed:\n{text}");
    assert!(text.contains("ok"), "{what} checked nothing:\n{text}");
}

#[test]
fn the_data_steps_up_to_the_first_merge_of_enterprise_keep_and_move_rows() {
    let Some((python, server)) = environment() else { return };
    let output = Command::new(python)
        .current_dir(repo_root())
        .arg(script("check_data_steps.py"))
        .args(["--pschema", env!("CARGO_BIN_EXE_pschema"), "--postgres", &server])
        .args(["--pg-db", &format!("data_steps_a_{}", std::process::id())])
        .env_remove("DATABASE_URL")
        .output()
        .expect("run check_data_steps.py");
    assert_ran("check_data_steps.py", output);
}

#[test]
fn the_data_steps_after_it_keep_and_move_rows() {
    let Some((_, server)) = environment() else { return };
    let output = Command::new("bash")
        .current_dir(repo_root())
        .arg(script("data_steps_chain_b.sh"))
        .env("PSCHEMA", env!("CARGO_BIN_EXE_pschema"))
        .env("PG_ADMIN", &server)
        .env("DB_PREFIX", format!("data_steps_{}", std::process::id()))
        .env_remove("DATABASE_URL")
        .output()
        .expect("run data_steps_chain_b.sh");
    assert_ran("data_steps_chain_b.sh", output);
}
