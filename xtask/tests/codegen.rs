//! `cargo xtask codegen --check` (issue 12, item 6): the committed generated
//! code is what the schemas give (a tidy test, as rust-analyzer checks its
//! generated files); in a copy of the repository, a schema changed without
//! regenerating fails the check, naming the stale files; regenerating makes
//! it pass, writes the same bytes twice, and leaves what was written by hand
//! beside the generated code alone.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn repo_root() -> PathBuf {
    let dir = std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo test sets CARGO_MANIFEST_DIR");
    Path::new(&dir).parent().unwrap().to_path_buf()
}

fn xtask(root: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .current_dir(root)
        .env_remove("CARGO_MANIFEST_DIR")
        .args(args)
        .output()
        .expect("run xtask")
}

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

fn copy(from: &Path, to: &Path) {
    if from.is_dir() {
        std::fs::create_dir_all(to).unwrap();
        for entry in std::fs::read_dir(from).unwrap() {
            let entry = entry.unwrap();
            copy(&entry.path(), &to.join(entry.file_name()));
        }
    } else {
        std::fs::copy(from, to).unwrap();
    }
}

fn tree(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push((path.clone(), std::fs::read(&path).unwrap()));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn the_committed_generated_code_is_what_the_schemas_give() {
    let out = xtask(&repo_root(), &["codegen", "--check"]);
    assert!(out.status.success(), "{}", text(&out));
}

#[test]
fn a_schema_changed_without_regenerating_fails_the_check() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let repo = repo_root();
    for part in [
        "Cargo.toml",
        "xtask/Cargo.toml",
        "pschema.toml",
        "schema",
        "generated",
        "crates/paciolus-models",
        "crates/pschema-codegen/tests/data",
    ] {
        std::fs::create_dir_all(root.join(part).parent().unwrap()).unwrap();
        copy(&repo.join(part), &root.join(part));
    }
    let out = xtask(root, &["codegen", "--check"]);
    assert!(out.status.success(), "a faithful copy passes: {}", text(&out));

    let schema = root.join("schema/paciolus.pschema");
    let edited = std::fs::read_to_string(&schema).unwrap().replacen(
        "table users {\n",
        "table users {\n  nickname String(40)?\n",
        1,
    );
    std::fs::write(&schema, edited).unwrap();
    let out = xtask(root, &["codegen", "--check"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let said = text(&out);
    assert!(
        said.contains("the generated code is not what the schema gives"),
        "{said}"
    );
    assert!(
        said.contains("crates/paciolus-models/src/generated/tables/users.rs"),
        "{said}"
    );
    assert!(said.contains("generated/python/paciolus_schema.py"), "{said}");

    let hand_written = root.join("crates/paciolus-models/src/lib.rs");
    let before = std::fs::read(&hand_written).unwrap();
    let out = xtask(root, &["codegen"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("wrote crates/paciolus-models/src/generated/tables/users.rs"));
    let users = std::fs::read_to_string(root.join("crates/paciolus-models/src/generated/tables/users.rs")).unwrap();
    assert!(users.starts_with("// @generated") && users.contains("pub nickname: Option<String>,"));
    let out = xtask(root, &["codegen", "--check"]);
    assert!(out.status.success(), "{}", text(&out));

    let first = tree(&root.join("crates/paciolus-models"));
    let out = xtask(root, &["codegen"]);
    assert!(
        out.status.success() && text(&out).is_empty(),
        "nothing to write: {}",
        text(&out)
    );
    assert_eq!(
        tree(&root.join("crates/paciolus-models")),
        first,
        "regenerating gives the same bytes"
    );
    assert_eq!(
        std::fs::read(&hand_written).unwrap(),
        before,
        "hand-written code is never written"
    );

    // A table that goes takes its generated file with it.
    let stray = root.join("crates/paciolus-models/src/generated/tables/gone.rs");
    std::fs::write(&stray, "// a table that is no more\n").unwrap();
    let out = xtask(root, &["codegen", "--check"]);
    assert!(
        !out.status.success() && text(&out).contains("tables/gone.rs"),
        "{}",
        text(&out)
    );
    assert!(xtask(root, &["codegen"]).status.success());
    assert!(!stray.exists());
}

#[test]
fn a_name_the_generator_refuses_is_shown_at_its_place() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let repo = repo_root();
    for part in ["Cargo.toml", "xtask/Cargo.toml", "pschema.toml"] {
        std::fs::create_dir_all(root.join(part).parent().unwrap()).unwrap();
        std::fs::copy(repo.join(part), root.join(part)).unwrap();
    }
    std::fs::create_dir_all(root.join("schema")).unwrap();
    std::fs::write(
        root.join("schema/paciolus.pschema"),
        "table user_roles {\n  id Integer @id\n}\n\ntable UserRoles {\n  id Integer @id\n}\n",
    )
    .unwrap();
    let out = xtask(root, &["codegen"]);
    assert_eq!(out.status.code(), Some(1));
    let said = text(&out);
    assert!(
        said.contains("table `UserRoles` and table `user_roles` both become the Rust type name `UserRoles`")
            && said.contains("schema/paciolus.pschema:5:7"),
        "{said}"
    );
    assert!(!root.join("crates").exists(), "nothing is written");
}
