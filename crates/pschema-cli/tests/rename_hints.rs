//! Rename hints against the latest migration: a hint that names nothing in
//! it is an error at the hint's place (not a silent drop and add), and a hint
//! a migration has already applied is let be.

mod common;

use common::*;
use std::path::Path;

const V1: &str = "enum Tier {
  FREE
  PAID
}

table clients {
  id   Integer @id
  name String(100)
  tier Tier
}
";

/// A project whose latest migration holds `V1`.
fn project_at_v1() -> tempfile::TempDir {
    let project = empty_project(V1);
    ok(
        project.path(),
        &["revision", "--autogenerate", "-m", "start", "--rev-id", "aaaaaaaaaaaa"],
    );
    project
}

fn migrations(p: &Path) -> usize {
    std::fs::read_dir(p.join("migrations")).unwrap().count()
}

/// `revision --autogenerate` and `check` both refuse the schema, at `place`
/// (`line:col` in the schema file) with `message`, and nothing is written.
fn refused(p: &Path, place: &str, message: &str) {
    let before = migrations(p);
    for args in [
        &["revision", "--autogenerate", "-m", "next"][..],
        &["--database-url", "sqlite:///missing.db", "check"][..],
    ] {
        let err = fails(p, args);
        assert!(err.contains(message), "{args:?}: {err}");
        assert!(
            err.contains(&format!("schema/paciolus.pschema:{place}")),
            "{args:?}: the hint's place {place}: {err}"
        );
    }
    assert_eq!(migrations(p), before, "nothing written");
}

#[test]
fn a_column_hint_that_names_no_column_of_the_latest_migration_is_refused() {
    let project = project_at_v1();
    let p = project.path();
    write_schema(
        p,
        &V1.replace("  name String(100)\n", "  title String(100) @renamed_from(nmae)\n"),
    );
    refused(
        p,
        "8:35",
        "column `clients.title` is renamed from `nmae`, but table `clients` of the latest migration has no column `nmae`",
    );
    assert!(fails(p, &["check"]).contains("did you mean `name`?"));
}

#[test]
fn a_table_hint_that_names_no_table_of_the_latest_migration_is_refused() {
    let project = project_at_v1();
    let p = project.path();
    write_schema(
        p,
        &V1.replace("table clients {\n", "table customers {\n  @@renamed_from(client)\n"),
    );
    refused(
        p,
        "7:18",
        "table `customers` is renamed from `client`, but the latest migration has no table `client`",
    );
}

#[test]
fn a_label_hint_that_names_no_label_of_the_latest_migration_is_refused() {
    let project = project_at_v1();
    let p = project.path();
    write_schema(p, &V1.replace("  PAID\n", "  PRO @renamed_from(PAYD)\n"));
    refused(
        p,
        "3:21",
        "label `PRO` of enum `Tier` is renamed from `PAYD`, but enum `Tier` of the latest migration has no label `PAYD`",
    );
}

#[test]
fn a_hint_whose_old_name_is_still_declared_is_refused() {
    let project = project_at_v1();
    let p = project.path();
    write_schema(
        p,
        &V1.replace(
            "  name String(100)\n",
            "  name String(100)\n  title String(100) @renamed_from(name)\n",
        ),
    );
    refused(
        p,
        "9:35",
        "column `clients.title` is renamed from `name`, but `name` is still declared",
    );
}

#[test]
fn two_hints_cannot_rename_one_column() {
    let project = project_at_v1();
    let p = project.path();
    write_schema(
        p,
        &V1.replace(
            "  name String(100)\n",
            "  title String(100) @renamed_from(name)\n  label String(100) @renamed_from(name)\n",
        ),
    );
    refused(
        p,
        "9:35",
        "column `clients.label` is renamed from `name`, as column `clients.title` is",
    );
}

#[test]
fn a_hint_on_a_table_the_latest_migration_does_not_have_is_refused() {
    let project = project_at_v1();
    let p = project.path();
    write_schema(
        p,
        &format!("{V1}\ntable invoices {{\n  id    Integer @id\n  total Integer @renamed_from(amount)\n}}\n"),
    );
    refused(
        p,
        "14:31",
        "column `invoices.total` is renamed from `amount`, but table `invoices` is new: the latest migration has no table `invoices`",
    );
}

#[test]
fn a_hint_already_applied_by_a_migration_is_let_be() {
    let project = project_at_v1();
    let p = project.path();
    // One migration applies all three renames; the hints stay in the file.
    let renamed = V1
        .replace("  PAID\n", "  PRO @renamed_from(PAID)\n")
        .replace("table clients {\n", "table customers {\n  @@renamed_from(clients)\n")
        .replace("  name String(100)\n", "  title String(100) @renamed_from(name)\n");
    write_schema(p, &renamed);
    let out = ok(
        p,
        &[
            "revision",
            "--autogenerate",
            "-m",
            "renames",
            "--rev-id",
            "bbbbbbbbbbbb",
        ],
    );
    assert!(out.contains("rename table clients to customers"), "{out}");
    assert!(out.contains("rename column name to title"), "{out}");
    assert!(out.contains("rename label PAID to PRO"), "{out}");
    // The next run finds the new names in the latest migration: nothing to do.
    let out = ok(p, &["revision", "--autogenerate", "-m", "again"]);
    assert!(out.starts_with("No changes:"), "{out}");
    ok(p, &["--database-url", "sqlite:///missing.db", "check"]);
    // A column added later under the old name is a new column, not a rename.
    write_schema(p, &renamed.replace("  tier Tier\n", "  tier Tier\n  name Text?\n"));
    let out = ok(
        p,
        &[
            "revision",
            "--autogenerate",
            "-m",
            "name again",
            "--rev-id",
            "cccccccccccc",
        ],
    );
    assert!(out.contains("alter table customers: add column name"), "{out}");
}
