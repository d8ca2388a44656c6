//! Offline SQL of a chain whose branches are both applied when one of them
//! rebuilds a table on SQLite: run against the database, the runner carries
//! the other branch's columns through the rebuild; printed SQL cannot, and
//! run by hand it would drop them with their rows. So it is refused, naming
//! the column, and the SQL from a revision past the merge is printed.

mod common;

use common::*;
use std::process::Command;

fn offline(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_pschema"))
        .current_dir(repo_root())
        .env_remove("DATABASE_URL")
        .args(args)
        .output()
        .expect("run pschema")
}

#[test]
fn sqlite_offline_sql_refuses_to_drop_a_column_another_branch_added() {
    // Paciolus's b1c2d3e4f5a6 adds activity_logs.chain_hash on a side branch,
    // applied before the main line's 0f1346198438 rebuilds activity_logs.
    let out = offline(&["upgrade", "head", "--sql"]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    let err = stderr(&out);
    assert!(
        err.contains("activity_logs.chain_hash") && err.contains("0f1346198438"),
        "{err}"
    );
    assert!(stdout(&out).is_empty(), "nothing printed: {}", stdout(&out));
    let json = offline(&["upgrade", "head", "--sql", "--json"]);
    assert!(stdout(&json).contains("offline_cannot_carry"), "{}", stdout(&json));

    // Going down the same way, the main line's b2c3d4e5f6a7 rebuilds
    // activity_logs while the side branch is applied. A column this line
    // dropped (ecda5f408617's email_verification_tokens.token) is still in the
    // side branch's snapshot, but the side branch did not add it: no refusal
    // for it.
    let down = offline(&["downgrade", "head:base", "--sql"]);
    let err = stderr(&down);
    assert!(
        err.contains("activity_logs.chain_hash") && err.contains("b2c3d4e5f6a7"),
        "{err}"
    );

    // PostgreSQL alters tables in place: nothing to carry.
    let pg = offline(&["upgrade", "head", "--sql", "--dialect", "postgresql"]);
    assert!(pg.status.success(), "{}", stderr(&pg));

    // Past the merge the branches are one: the SQL runs by hand and gives
    // what the runner gives.
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("by-hand.db");
    let url = url(&db);
    let up_to_merge = offline(&["--database-url", &url, "upgrade", "c1d2e3f4a5b6"]);
    assert!(up_to_merge.status.success(), "{}", stderr(&up_to_merge));
    let rest = offline(&["upgrade", "c1d2e3f4a5b6:head", "--sql"]);
    assert!(rest.status.success(), "{}", stderr(&rest));
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute_batch(&stdout(&rest)).unwrap();
    drop(conn);
    let check = offline(&["--database-url", &url, "check"]);
    assert!(check.status.success(), "{}{}", stdout(&check), stderr(&check));
}
