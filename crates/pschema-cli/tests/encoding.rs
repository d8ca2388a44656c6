//! Schema files as editors and accidents make them, through every command
//! that reads one: `fmt`, `check` and `revision`.

mod common;

use common::*;

const SCHEMA: &str = "table users {\n  id    Integer @id\n  email Text\n}\n";

fn with_bom(text: &str) -> Vec<u8> {
    format!("\u{FEFF}{text}").into_bytes()
}

#[test]
fn a_byte_order_mark_is_accepted_by_every_command_and_is_not_an_edit() {
    let project = empty_project("");
    std::fs::write(project.path().join("schema/paciolus.pschema"), with_bom(SCHEMA)).unwrap();
    let dir = project.path();
    assert!(ok(dir, &["fmt", "--check"]).contains("is formatted"));
    ok(dir, &["revision", "--autogenerate", "-m", "users"]);
    ok(dir, &["check"]);
    // An editor on Windows saves the migration's files with a mark too.
    for file in walk(&dir.join("migrations")) {
        if file.file_name().is_some_and(|n| n != "migration.toml") {
            let text = std::fs::read_to_string(&file).unwrap();
            std::fs::write(&file, with_bom(&text)).unwrap();
        }
    }
    ok(dir, &["check"]);
    ok(dir, &["upgrade", "head"]);
    ok(dir, &["check"]);
}

#[test]
fn bytes_that_are_not_utf8_are_reported_at_their_line_and_column() {
    let project = empty_project("");
    let path = project.path().join("schema/paciolus.pschema");
    std::fs::write(&path, b"table users {\n  id Integer @id\n  n\xFF Text\n}\n").unwrap();
    for args in [&["fmt"][..], &["check"], &["revision", "--autogenerate", "-m", "x"]] {
        let err = fails(project.path(), args);
        assert!(err.contains("schema/paciolus.pschema:3:4"), "{args:?}: {err}");
        assert!(err.contains("invalid UTF-8 (byte 0xFF)"), "{args:?}: {err}");
    }
}

#[test]
fn deep_nesting_is_an_error_in_every_command_not_a_crash() {
    let depth = 7_000;
    let schema = format!(
        "table users {{\n  id Integer @id @default({}1{})\n}}\n",
        "f(".repeat(depth),
        ")".repeat(depth)
    );
    let project = empty_project(&schema);
    for args in [&["fmt"][..], &["check"], &["revision", "--autogenerate", "-m", "x"]] {
        let err = fails(project.path(), args);
        assert!(err.contains("brackets nested deeper than"), "{args:?}: {err:.2000}");
        assert!(err.len() < 2_000, "{args:?}: a {} byte report", err.len());
    }
}

#[test]
fn a_name_of_70000_characters_is_formatted_and_reported_briefly() {
    let name = "n".repeat(70_000);
    let project = empty_project(&format!("table users {{\n  id Integer @id\n  {name} Text\n}}\n"));
    ok(project.path(), &["fmt"]);
    let err = fails(project.path(), &["check"]);
    assert!(err.contains("schema/paciolus.pschema:3:3"), "{err:.2000}");
    assert!(err.len() < 2_000, "a {} byte report", err.len());
}
