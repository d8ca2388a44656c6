//! What the generator writes, pinned: the Rust models and the SQLAlchemy
//! module of every fixture (`tests/data/*/schema.pschema`) and of
//! `schema/paciolus.pschema` (insta snapshots, `tests/snapshots/`), and the
//! fixtures' committed code is what the generator gives now (the compile
//! test runs that code). `runtime.rs`, the same for every schema, is left out
//! of the snapshots.

use pschema_codegen::{Generated, Options, generate};
use std::path::Path;

fn generated(path: &Path, source: &str) -> Generated {
    let schema = pschema_schema::parse_schema(&std::fs::read_to_string(path).unwrap()).expect("a valid schema");
    let options = Options {
        source,
        command: "cargo xtask codegen",
    };
    generate(&schema, &options).expect("generates")
}

fn rust_text(generated: &Generated) -> String {
    generated
        .rust
        .iter()
        .filter(|f| f.path != "runtime.rs")
        .map(|f| format!("// ==== {} ====\n{}", f.path, f.text))
        .collect::<Vec<_>>()
        .join("\n")
}

fn repo() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
}

#[test]
fn fixtures() {
    insta::glob!("data/*/schema.pschema", |path| {
        let name = path
            .parent()
            .unwrap()
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let source = format!("crates/pschema-codegen/tests/data/{name}/schema.pschema");
        let generated = generated(path, &source);
        insta::assert_snapshot!("rust", rust_text(&generated));
        insta::assert_snapshot!("python", generated.python);
    });
}

#[test]
fn paciolus() {
    let generated = generated(&repo().join("schema/paciolus.pschema"), "schema/paciolus.pschema");
    insta::assert_snapshot!("paciolus_rust", rust_text(&generated));
    insta::assert_snapshot!("paciolus_python", generated.python);
}

#[test]
fn the_fixtures_committed_code_is_what_the_generator_gives() {
    for entry in std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data")).unwrap() {
        let dir = entry.unwrap().path();
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let source = format!("crates/pschema-codegen/tests/data/{name}/schema.pschema");
        let generated = generated(&dir.join("schema.pschema"), &source);
        for file in &generated.rust {
            let committed = std::fs::read_to_string(dir.join("rust").join(&file.path)).unwrap_or_default();
            assert!(
                committed == file.text,
                "{name}/rust/{} is stale: run `cargo xtask codegen`",
                file.path
            );
        }
        let committed = std::fs::read_to_string(dir.join(format!("{name}.py"))).unwrap_or_default();
        assert!(
            committed == generated.python,
            "{name}/{name}.py is stale: run `cargo xtask codegen`"
        );
    }
}

#[test]
fn rendering_twice_gives_the_same_bytes() {
    let path = repo().join("schema/paciolus.pschema");
    assert_eq!(
        generated(&path, "schema/paciolus.pschema"),
        generated(&path, "schema/paciolus.pschema")
    );
}
