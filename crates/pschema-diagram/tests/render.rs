//! The diagram of Paciolus's schema and of a small fixture, as users see them.

use pschema_diagram::{Format, Selection, render};
use pschema_schema::Schema;
use std::path::{Path, PathBuf};

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .unwrap()
        .to_path_buf()
}

fn schema(path: &Path) -> Schema {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    pschema_schema::parse_schema(&text).unwrap_or_else(|d| panic!("{}: {d:?}", path.display()))
}

fn paciolus() -> Schema {
    schema(&repo_root().join("schema/paciolus.pschema"))
}

#[test]
fn mermaid_of_the_paciolus_schema() {
    insta::assert_snapshot!(render(&paciolus(), &Selection::All, Format::Mermaid).unwrap());
}

#[test]
fn dot_of_three_tables() {
    let fixture = schema(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/three_tables.pschema"));
    insta::assert_snapshot!(render(&fixture, &Selection::All, Format::Dot).unwrap());
}

#[test]
fn svg_is_the_same_bytes_every_time() {
    let schema = paciolus();
    let first = render(&schema, &Selection::All, Format::Svg).unwrap();
    for _ in 0..3 {
        assert!(render(&schema, &Selection::All, Format::Svg).unwrap() == first);
    }
    roxmltree::Document::parse(&first).unwrap();
}
