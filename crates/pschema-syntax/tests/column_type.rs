//! A column's type follows its name on the same line; a column without one is
//! reported at its name, and only a column is.

use pschema_syntax::parse;

fn error(source: &str) -> ((usize, usize), String) {
    let error = parse(source).expect_err("a mistake");
    (error.line_col(source), error.message)
}

#[test]
fn attributes_may_still_continue_on_the_next_lines() {
    assert!(parse("table t {\n  id Integer\n    @id\n    @default(1)\n}\n").is_ok());
    assert!(parse("table t {\n  id\tInteger @id\n}\n").is_ok());
}

#[test]
fn a_type_on_the_next_line_is_a_column_without_a_type() {
    let found = error("table t {\n  id\n    Integer @id\n}\n");
    assert_eq!(found, ((2, 3), "column `id` has no type".to_string()));
}

#[test]
fn names_that_are_not_columns_are_not_reported_as_columns() {
    for (source, at) in [
        ("enum E {\n  A\n  B", (3, 4)),
        ("table", (1, 6)),
        (
            "table t {\n  id Integer @references(users.id, on_delete: cascade",
            (2, 54),
        ),
        ("table t {\n  index ix", (2, 11)),
        ("table t {\n  id Integer @id\n  ema\u{EF}l Text\n}\n", (3, 6)),
    ] {
        let (position, message) = error(source);
        assert!(!message.contains("has no type"), "{source:?}: {message}");
        assert_eq!(position, at, "{source:?}: {message}");
    }
}
