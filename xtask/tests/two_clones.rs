//! `cargo xtask` works on the clone it is run in, even when several clones share
//! one `CARGO_TARGET_DIR` and cargo reuses the xtask binary another clone built
//! (issue 9, item 19), and from any folder of the clone.
//!
//! Two copies of this repository are made in a temporary directory (clone `b`
//! with its own migration message, so its history tells which clone was read),
//! and both run `cargo xtask migrate history` with this workspace's target
//! directory as the shared one, so that the build is warm: `a` builds the
//! xtask binary, `b` runs it (cargo finds it fresh), then `a` is deleted.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::SystemTime;

const MESSAGE: &str = "baseline: full schema as of v1.2.0";
const MIGRATION_TOML: &str = "migrations/e2f21cb79a61_baseline_full_schema_as_of_v1_2_0/migration.toml";

/// This repository: the runtime value cargo sets for tests (the compiled-in
/// one would be the very mistake under test).
fn repo_root() -> PathBuf {
    let manifest_dir = std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo test sets CARGO_MANIFEST_DIR");
    Path::new(&manifest_dir).parent().unwrap().to_path_buf()
}

/// The target directory of the workspace running the tests (warm).
fn shared_target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => repo_root().join("target"),
    }
}

/// Copies the repository's files (not `target/` nor `.git`), keeping their
/// modification times, as a clone whose sources are older than the shared build.
fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name();
        if name == OsStr::new("target") || name == OsStr::new(".git") {
            continue;
        }
        let path = entry.path();
        let kind = entry.file_type().unwrap();
        if kind.is_dir() {
            copy_tree(&path, &to.join(&name));
        } else if kind.is_file() {
            if path.extension().is_some_and(|e| e == "db") {
                continue;
            }
            let target = to.join(&name);
            std::fs::copy(&path, &target).unwrap();
            let modified = entry.metadata().unwrap().modified().unwrap();
            std::fs::File::options()
                .write(true)
                .open(&target)
                .unwrap()
                .set_modified(modified)
                .unwrap();
        }
    }
}

fn touch(path: &Path) {
    std::fs::File::options()
        .write(true)
        .open(path)
        .unwrap()
        .set_modified(SystemTime::now())
        .unwrap();
}

/// What `cargo test` sets for the test process: run cargo as from a shell,
/// without them (a build script such as ring's reruns when one changes).
fn set_by_cargo_test(name: &str) -> bool {
    name == "OUT_DIR"
        || name.starts_with("CARGO_PKG_")
        || name.starts_with("CARGO_BIN_EXE_")
        || [
            "CARGO_MANIFEST_DIR",
            "CARGO_MANIFEST_PATH",
            "CARGO_CRATE_NAME",
            "CARGO_BIN_NAME",
            "CARGO_PRIMARY_PACKAGE",
            "CARGO_TARGET_TMPDIR",
            "CARGO_RUSTC_CURRENT_DIR",
        ]
        .contains(&name)
}

/// `cargo xtask <args>` in `dir`, with the shared target directory.
fn cargo_xtask(dir: &Path, args: &[&str]) -> Output {
    let mut command = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    for (name, _) in std::env::vars_os() {
        if name.to_str().is_some_and(set_by_cargo_test) {
            command.env_remove(name);
        }
    }
    command
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", shared_target_dir())
        .env_remove("DATABASE_URL")
        .arg("xtask")
        .args(args)
        .output()
        .expect("run cargo")
}

fn history(output: &Output) -> String {
    assert!(
        output.status.success(),
        "cargo xtask migrate history failed:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    // History is newest first: the baseline, whose message the test edits
    // in one clone, is the last line.
    let text = String::from_utf8_lossy(&output.stdout).into_owned();
    text.lines().last().unwrap_or_default().to_string()
}

fn line(message: &str) -> String {
    format!("<base> -> e2f21cb79a61, {message}")
}

#[test]
fn each_clone_runs_its_own_migrations_with_a_shared_target_dir() {
    let tmp = tempfile::tempdir().unwrap();
    let a = tmp.path().join("a");
    let b = tmp.path().join("b");
    copy_tree(&repo_root(), &a);
    copy_tree(&repo_root(), &b);
    let toml = b.join(MIGRATION_TOML);
    let text = std::fs::read_to_string(&toml).unwrap();
    assert!(text.contains(MESSAGE));
    std::fs::write(&toml, text.replace(MESSAGE, "only in clone b")).unwrap();

    // Clone a builds the xtask binary (its main.rs is newer than the last build).
    touch(&a.join("xtask/src/main.rs"));
    assert_eq!(history(&cargo_xtask(&a, &["migrate", "history"])), line(MESSAGE));

    // Clone b's sources are older than that build: cargo runs a's binary as is.
    assert_eq!(
        history(&cargo_xtask(&b, &["migrate", "history"])),
        line("only in clone b"),
        "clone b read another clone's migrations"
    );

    // The clone that built it is gone.
    std::fs::remove_dir_all(&a).unwrap();
    assert_eq!(
        history(&cargo_xtask(&b, &["migrate", "history"])),
        line("only in clone b")
    );

    // From a subfolder of the clone.
    assert_eq!(
        history(&cargo_xtask(&b.join("crates/pschema-cli/src"), &["migrate", "history"])),
        line("only in clone b")
    );

    // The binary itself, run without cargo (no CARGO_MANIFEST_DIR), from a
    // subfolder: it finds the repository from the working directory.
    let binary = shared_target_dir()
        .join("debug")
        .join(format!("xtask{}", std::env::consts::EXE_SUFFIX));
    let direct = Command::new(&binary)
        .current_dir(b.join("docs"))
        .env_remove("CARGO_MANIFEST_DIR")
        .env_remove("DATABASE_URL")
        .args(["migrate", "history"])
        .output()
        .expect("run the xtask binary");
    assert_eq!(history(&direct), line("only in clone b"));

    // Outside any clone, it says so instead of guessing.
    let outside = Command::new(&binary)
        .current_dir(tmp.path())
        .env_remove("CARGO_MANIFEST_DIR")
        .args(["migrate", "history"])
        .output()
        .expect("run the xtask binary");
    assert_eq!(outside.status.code(), Some(1));
    let err = String::from_utf8_lossy(&outside.stderr);
    assert!(err.contains("run `cargo xtask` inside the repository"), "{err}");
}
