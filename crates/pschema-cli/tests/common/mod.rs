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

/// Runs pschema in `cwd` with the repository's migrations; DATABASE_URL is
/// cleared so the environment of whoever runs the tests does not leak in.
pub fn pschema(cwd: &Path, args: &[&str]) -> Output {
    let migrations = repo_root().join("migrations");
    let schema = repo_root().join("schema/paciolus.pschema");
    Command::new(env!("CARGO_BIN_EXE_pschema"))
        .current_dir(cwd)
        .env_remove("DATABASE_URL")
        .arg("--migrations-dir")
        .arg(&migrations)
        .arg("--schema")
        .arg(&schema)
        .args(args)
        .output()
        .expect("run pschema")
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

/// A scratch project: the repository's migrations and schema, copied.
pub fn scratch_project() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let copy = |from: &Path, to: &Path| {
        for entry in walk(from) {
            let target = to.join(entry.strip_prefix(from).unwrap());
            std::fs::create_dir_all(target.parent().unwrap()).unwrap();
            std::fs::copy(&entry, &target).unwrap();
        }
    };
    copy(&repo_root().join("migrations"), &tmp.path().join("migrations"));
    copy(&repo_root().join("schema"), &tmp.path().join("schema"));
    tmp
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
