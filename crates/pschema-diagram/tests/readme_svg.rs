//! `docs/schema.svg`, the picture in the README, is what the renderer draws
//! for the schema file now, with the options the README's command gives.

use pschema_diagram::{Format, Selection, render};
use std::path::{Path, PathBuf};

/// As the README writes it, run from the repository's root.
const COMMAND: &str = "cargo xtask migrate schema diagram --format svg --around engagements --output docs/schema.svg";

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .unwrap()
        .to_path_buf()
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn the_readme_diagram_is_what_the_renderer_draws() {
    let root = repo_root();
    let readme = read(&root.join("README.md"));
    assert!(
        readme.contains(COMMAND) && readme.contains("(docs/schema.svg)"),
        "README.md must show docs/schema.svg and the command that draws it: {COMMAND}"
    );
    let schema =
        pschema_schema::parse_schema(&read(&root.join("schema/paciolus.pschema"))).expect("the schema is valid");
    let around = Selection::Around {
        table: "engagements".into(),
        depth: 1,
    };
    let drawn = render(&schema, &around, Format::Svg).unwrap();
    let path = root.join("docs/schema.svg");
    if std::env::var_os("PSCHEMA_BLESS").is_some() {
        std::fs::write(&path, &drawn).unwrap();
    }
    let checked_in = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        checked_in == drawn,
        "docs/schema.svg is not what the renderer draws for schema/paciolus.pschema: \
         run `{COMMAND}` from the repository's root and review the picture"
    );
}

#[test]
fn the_readme_diagram_is_well_formed_svg() {
    let text = read(&repo_root().join("docs/schema.svg"));
    let doc = roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("docs/schema.svg is not XML: {e}"));
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    assert_eq!(root.tag_name().namespace(), Some("http://www.w3.org/2000/svg"));
    let tables = root
        .descendants()
        .filter(|n| n.attribute("class") == Some("table"))
        .count();
    assert!(tables >= 5, "docs/schema.svg draws {tables} tables");
}
