//! Through `cargo xtask migrate`, a message that suggests a command names it
//! as the user types it here: `cargo xtask migrate ...` (issue 9, item 18).

use std::process::Command;

#[test]
fn hints_name_cargo_xtask_migrate() {
    let root = std::path::Path::new(&std::env::var_os("CARGO_MANIFEST_DIR").unwrap())
        .parent()
        .unwrap()
        .to_path_buf();
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("unversioned.db");
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute_batch("CREATE TABLE users (id INTEGER PRIMARY KEY);")
        .unwrap();
    // The xtask binary cargo built for this test, run where `cargo xtask` runs it.
    let out = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .current_dir(&root)
        .env("CARGO_MANIFEST_DIR", root.join("xtask"))
        .env_remove("DATABASE_URL")
        .args([
            "migrate",
            "--database-url",
            &format!("sqlite:///{}", db.display()),
            "upgrade",
            "head",
        ])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("record that with `cargo xtask migrate stamp <revision>`"),
        "{err}"
    );
}
