//! Input no schema would hold (deep nesting, huge tokens, huge lines) gets a
//! diagnostic, never a crash, and the report about it stays small.

use pschema_syntax::{format_source, parse};

/// Runs `f` on a thread with a small stack, so that a bound that only holds
/// thanks to a big main-thread stack fails here.
fn on_small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(f)
        .expect("spawn a thread")
        .join()
        .expect("no panic")
}

fn column_with_default(default: &str) -> String {
    format!("table t {{\n  id Integer @id @default({default})\n}}\n")
}

#[test]
fn deeply_nested_calls_are_an_error_at_the_first_bracket_too_deep() {
    let depth = 7_000;
    let source = column_with_default(&format!("{}1{}", "f(".repeat(depth), ")".repeat(depth)));
    let error = on_small_stack(move || {
        let error = parse(&source).expect_err("too deep");
        (error.clone(), error.line_col(&source))
    });
    assert!(
        error.0.message.starts_with("brackets nested deeper than"),
        "{}",
        error.0.message
    );
    // `table t {` and `@default(` are the first two levels; each `f(` is one more.
    let second = "  id Integer @id @default(".chars().count();
    assert_eq!(error.1, (2, second + 2 * (pschema_syntax::MAX_NESTING - 1)));
}

#[test]
fn an_earlier_mistake_is_reported_before_the_nesting() {
    let depth = 7_000;
    let source = format!(
        "table t {{\n  id Integr! @id\n  x Text @default({}1{})\n}}\n",
        "f(".repeat(depth),
        ")".repeat(depth)
    );
    let error = on_small_stack(move || {
        let error = parse(&source).expect_err("two mistakes");
        (error.message.clone(), error.line_col(&source))
    });
    assert_eq!(error.1, (2, 12), "{}", error.0);
    assert!(error.0.starts_with("syntax error"), "{}", error.0);
}

#[test]
fn every_kind_of_bracket_counts_and_nothing_overflows() {
    for open in ["(", "[", "{", "f(", "@a(", "x: f("] {
        let source = format!("table t {{\n  id Integer @id @default({})\n}}\n", open.repeat(20_000));
        let message = on_small_stack(move || {
            let _ = format_source(&source);
            parse(&source).expect_err("not a schema").message
        });
        assert!(!message.is_empty());
    }
}

#[test]
fn names_and_types_wider_than_any_format_width_still_align() {
    let long = "n".repeat(70_000);
    let source = format!("table t {{\n  {long} Integer @id\n  x {long}(1) @unique\n  y Text\n}}\n");
    let formatted = format_source(&source).expect("formats");
    let lines: Vec<&str> = formatted.lines().collect();
    // Names padded to the longest name; types with attributes to the longest such type.
    assert_eq!(lines[1], format!("  {long} Integer{} @id", " ".repeat(70_003 - 7)));
    assert_eq!(lines[2], format!("  x{} {long}(1) @unique", " ".repeat(69_999)));
    assert_eq!(lines[3], format!("  y{} Text", " ".repeat(69_999)));
    assert_eq!(format_source(&formatted).expect("formats"), formatted);
}

/// A report about a line of any length fits on a screen.
const SMALL_REPORT: usize = 2_000;

#[test]
fn an_error_in_a_megabyte_line_shows_a_cut_excerpt() {
    // pest stops at `!`, so most of the megabyte costs nothing to parse.
    let before = format!("  id Integer{}@id @id !", " ".repeat(100_000));
    let line = format!("{before}{}", " x".repeat(450_000));
    let source = format!("table t {{\n{line}\n}}\n");
    let error = parse(&source).expect_err("`!` is not a token");
    let col = before.chars().count();
    assert_eq!(error.line_col(&source), (2, col));
    let rendered = pschema_syntax::render("big.pschema", &source, &[error]);
    assert!(
        rendered.len() < SMALL_REPORT,
        "{} bytes:\n{rendered:.3000}",
        rendered.len()
    );
    assert!(rendered.contains(&format!("big.pschema:2:{col}")), "{rendered}");
    assert!(
        rendered.contains("@id @id !"),
        "the text around the error is shown:\n{rendered}"
    );
    assert!(rendered.contains("..."), "the cut is marked:\n{rendered}");
}

#[test]
fn a_megabyte_word_is_cut_in_the_message() {
    let source = format!("table t {{\n  id Integer @id\n}}\n{}\n", "z".repeat(1_000_000));
    let error = parse(&source).expect_err("a word is not a declaration");
    assert!(error.message.len() < 200, "{:.300}", error.message);
    let rendered = pschema_syntax::render("big.pschema", &source, &[error]);
    assert!(
        rendered.len() < SMALL_REPORT,
        "{} bytes:\n{rendered:.3000}",
        rendered.len()
    );
    assert!(rendered.contains("big.pschema:4:1"), "{rendered}");
}

#[test]
fn labels_far_apart_on_one_huge_line_are_both_shown_and_long_words_cut() {
    let name = "n".repeat(1_000_000);
    let source = format!("table t {{ id Integer @id {name} Text }}\n");
    let start = source.find(&name).expect("the name");
    let diagnostic = pschema_syntax::Diagnostic::error(
        format!("name `{name}` is too long"),
        pschema_syntax::ast::Span::new(start, start + name.len()),
    )
    .with_label(format!("`{name}` here"))
    .with_secondary(pschema_syntax::ast::Span::new(6, 7), "in table `t`")
    .with_note(format!("shorten `{name}`"));
    let rendered = pschema_syntax::render("big.pschema", &source, &[diagnostic]);
    assert!(
        rendered.len() < SMALL_REPORT,
        "{} bytes:\n{rendered:.3000}",
        rendered.len()
    );
    assert!(rendered.contains(&format!("big.pschema:1:{}", start + 1)), "{rendered}");
    assert!(rendered.contains("in table `t`"), "{rendered}");
    assert!(rendered.contains("Text }"), "the end of the span is shown:\n{rendered}");
}
