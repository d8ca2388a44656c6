//! The cache of lowered snapshots: used when it holds the head's snapshot,
//! passed over when an entry is damaged, and off when asked.

mod common;

use common::*;
use std::path::Path;
use std::process::{Command, Output};

fn with_cache(project: &Path, cache: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pschema"))
        .current_dir(project)
        .env_remove("DATABASE_URL")
        .env("PSCHEMA_CACHE_DIR", cache)
        .args(args)
        .output()
        .expect("run pschema")
}

fn entries(cache: &Path) -> Vec<std::path::PathBuf> {
    std::fs::read_dir(cache)
        .map(|d| d.map(|e| e.unwrap().path()).collect())
        .unwrap_or_default()
}

#[test]
fn the_head_snapshot_is_read_from_the_cache_once_it_holds_it() {
    let project = scratch_project();
    let p = project.path();
    let cache = tempfile::tempdir().unwrap();
    let c = cache.path().join("pschema");
    let out = with_cache(p, &c, &["check"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let made = entries(&c);
    assert_eq!(made.len(), 1, "one entry for the head's snapshot: {made:?}");

    // The entry is what `check` compares with: one standing for a schema
    // without tables makes every table of the file new.
    let empty = pschema_migrate::snapshot_cache::encode(&pschema_schema::Schema::default()).unwrap();
    std::fs::write(&made[0], empty).unwrap();
    let out = with_cache(p, &c, &["check"]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(stderr(&out).contains("create table users"), "{}", stderr(&out));

    // A damaged entry is parsed again and written anew.
    let mut damaged = std::fs::read(&made[0]).unwrap();
    damaged.push(0);
    std::fs::write(&made[0], &damaged).unwrap();
    let out = with_cache(p, &c, &["check"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let again = std::fs::read(&made[0]).unwrap();
    assert!(
        again.len() > damaged.len(),
        "the whole schema again: {} bytes",
        again.len()
    );

    // A new head has an entry of its own.
    edit_schema(p, "table users {", "table users {\n  nickname String(40)?");
    let out = with_cache(p, &c, &["revision", "--autogenerate", "-m", "nickname"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = with_cache(p, &c, &["check"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(entries(&c).len(), 2);
}

#[test]
fn an_empty_cache_dir_turns_the_cache_off() {
    let project = scratch_project();
    let p = project.path();
    let cache = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_pschema"))
        .current_dir(p)
        .env_remove("DATABASE_URL")
        .env("PSCHEMA_CACHE_DIR", "")
        .env("XDG_CACHE_HOME", cache.path())
        .env("HOME", cache.path())
        .args(["check"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(walk(cache.path()).is_empty(), "{:?}", walk(cache.path()));
}
