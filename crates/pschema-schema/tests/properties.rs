//! Property tests: the parser and lowering never panic, whatever the input,
//! and printing a schema then parsing it gives the same schema back.

use proptest::prelude::*;
use pschema_schema::{parse_schema, print};
use pschema_syntax::format_source;

const PACIOLUS: &str = include_str!("../../../schema/paciolus.pschema");

include!("support/tokens.rs");

fn no_panic(source: &str) {
    // Any result is fine; returning at all is the property.
    if let Ok(schema) = parse_schema(source) {
        round_trips(&schema);
    }
    let _ = format_source(source);
}

fn round_trips(schema: &pschema_schema::Schema) {
    let printed = print(schema);
    let reparsed = parse_schema(&printed).unwrap_or_else(|d| panic!("printed schema does not parse: {d:?}\n{printed}"));
    assert_eq!(&reparsed, schema, "print then parse changed the schema:\n{printed}");
    assert_eq!(format_source(&printed).unwrap(), printed, "printing is not canonical");
}

#[derive(Debug, Clone)]
enum Mutation {
    Delete { at: usize, len: usize },
    Insert { at: usize, token: usize },
    DuplicateLine { line: usize },
    SwapWithNext { at: usize },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), 1usize..12).prop_map(|(at, len)| Mutation::Delete { at, len }),
        (any::<usize>(), 0..TOKENS.len()).prop_map(|(at, token)| Mutation::Insert { at, token }),
        any::<usize>().prop_map(|line| Mutation::DuplicateLine { line }),
        any::<usize>().prop_map(|at| Mutation::SwapWithNext { at }),
    ]
}

fn boundary(text: &str, at: usize) -> usize {
    let mut at = at % (text.len() + 1);
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn apply(text: &mut String, m: &Mutation) {
    match m {
        Mutation::Delete { at, len } => {
            let start = boundary(text, *at);
            let end = boundary(text, (start + len).min(text.len()));
            text.replace_range(start..end.max(start), "");
        }
        Mutation::Insert { at, token } => {
            let at = boundary(text, *at);
            text.insert_str(at, TOKENS[*token]);
        }
        Mutation::DuplicateLine { line } => {
            let lines: Vec<&str> = text.lines().collect();
            if !lines.is_empty() {
                let i = line % lines.len();
                let mut out: Vec<&str> = lines[..=i].to_vec();
                out.push(lines[i]);
                out.extend(&lines[i + 1..]);
                *text = out.join("\n");
            }
        }
        Mutation::SwapWithNext { at } => {
            let chars: Vec<char> = text.chars().collect();
            if chars.len() > 1 {
                let i = at % (chars.len() - 1);
                let mut chars = chars;
                chars.swap(i, i + 1);
                *text = chars.into_iter().collect();
            }
        }
    }
}

/// A random valid schema written as text, with the layout varied (blank
/// lines, comments, attribute order) so that the formatter has work to do.
fn schema_text() -> impl Strategy<Value = String> {
    let column = (
        0usize..11,                      // type
        any::<bool>(),                   // nullable
        0usize..4,                       // 0: no default, otherwise a default that fits
        0usize..4,                       // 0/1: nothing, 2: @index, 3: @unique @index
        any::<bool>(),                   // a trailing comment
        proptest::option::of(0usize..5), // a foreign key to an earlier table
    );
    let table = (
        proptest::collection::vec(column, 0..6),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
    );
    (1usize..4, proptest::collection::vec(table, 1..5), any::<bool>()).prop_map(|(labels, tables, blank_lines)| {
        let mut text = String::new();
        let label_list: Vec<String> = (0..labels).map(|i| format!("L{i}")).collect();
        text.push_str(&format!(
            "// generated\nenum Kind \"kind_type\" {{ {} }}\n",
            label_list.join(" ")
        ));
        for (t, (columns, composite, check, comment)) in tables.iter().enumerate() {
            if blank_lines {
                text.push('\n');
            }
            text.push_str(&format!("table t{t} {{\n  id Integer @id\n"));
            let mut names = Vec::new();
            for (c, (ty, nullable, default, index, trailing, fk)) in columns.iter().enumerate() {
                let name = format!("c{c}");
                let (ty_text, default_text) = match ty {
                    0 => ("Integer", "7"),
                    1 => ("BigInteger", "-1"),
                    2 => ("String(20)", "\"a \\\"quoted\\\" value\""),
                    3 => ("Text", "sql(\"'x'\")"),
                    4 => ("Boolean", "false"),
                    5 => ("DateTime", "now()"),
                    6 => ("DateTime(timezone)", "now()"),
                    7 => ("Float", "0.5"),
                    8 => ("Numeric(19, 2)", "0"),
                    9 => ("Kind", "L0"),
                    _ => ("JSON", "\"{}\""),
                };
                let optional = if *nullable { "?" } else { "" };
                let mut line = format!("  {name} {ty_text}{optional}");
                if *default > 0 {
                    line.push_str(&format!(" @default({default_text})"));
                }
                match index {
                    2 => line.push_str(" @index"),
                    3 => line.push_str(" @unique @index"),
                    _ => {}
                }
                if let Some(target) = fk
                    && *ty == 0
                    && t > 0
                {
                    let action = if *nullable { "set_null" } else { "cascade" };
                    line.push_str(&format!(" @references(t{}.id, on_delete: {action})", target % t));
                }
                if *trailing {
                    line.push_str(" // note");
                }
                line.push('\n');
                text.push_str(&line);
                names.push(name);
            }
            if *composite && names.len() >= 2 {
                text.push_str(&format!("  index ix_t{t}_pair ({}, {})\n", names[1], names[0]));
                text.push_str(&format!("  unique uq_t{t}_pair ({}, {})\n", names[0], names[1]));
            }
            if *check {
                text.push_str(&format!("  check ck_t{t}_id \"id > 0\"\n"));
            }
            if *comment {
                text.push_str(&format!("  @@comment(\"table {t}\")\n"));
            }
            text.push_str("}\n");
        }
        text
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        no_panic(&String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,300}") {
        no_panic(&text);
    }

    #[test]
    fn mutated_schema_files_never_panic(mutations in proptest::collection::vec(mutation(), 1..4)) {
        let mut text = PACIOLUS.to_string();
        for m in &mutations {
            apply(&mut text, m);
        }
        no_panic(&text);
    }

    #[test]
    fn formatting_is_idempotent_and_keeps_the_schema(text in schema_text()) {
        let schema = parse_schema(&text).unwrap_or_else(|d| panic!("generated schema is invalid: {d:?}\n{text}"));
        let once = format_source(&text).unwrap();
        let twice = format_source(&once).unwrap();
        prop_assert_eq!(&once, &twice, "formatting twice changed the text");
        prop_assert_eq!(parse_schema(&once).unwrap(), schema.clone(), "formatting changed the schema");
        round_trips(&schema);
    }
}

/// Runs `f` on a thread with a small stack: a bound on nesting that only
/// holds thanks to the main thread's 8 MiB would fail here.
fn on_small_stack(f: impl FnOnce() + Send + 'static) {
    let thread = std::thread::Builder::new().stack_size(256 * 1024).spawn(f);
    if let Err(panic) = thread.expect("spawn a thread").join() {
        std::panic::resume_unwind(panic);
    }
}

/// Parses, lowers, formats and renders what pschema says, on a small stack;
/// a report stays small however big its input.
fn survives(text: String) {
    on_small_stack(move || {
        match parse_schema(&text) {
            Ok(schema) => round_trips(&schema),
            Err(diagnostics) => {
                for diagnostic in diagnostics.iter().take(3) {
                    let rendered = pschema_syntax::render("f.pschema", &text, std::slice::from_ref(diagnostic));
                    assert!(
                        rendered.len() < 4_000,
                        "a {} byte report:\n{rendered:.4000}",
                        rendered.len()
                    );
                }
            }
        }
        let _ = format_source(&text);
    });
}

/// Brackets that open and may not close, inside what the grammar would
/// recurse into (calls in arguments) and what it would not.
fn deep_nesting() -> impl Strategy<Value = String> {
    let opener = prop_oneof![
        Just("("),
        Just("["),
        Just("{"),
        Just("f("),
        Just("sql(f("),
        Just("x: f("),
        Just("@a("),
        Just("\"(\"("),
    ];
    (opener, 0usize..40_000, any::<bool>(), any::<usize>()).prop_map(|(open, depth, close, at)| {
        let closer: String = open
            .chars()
            .rev()
            .filter_map(|c| match c {
                '(' => Some(')'),
                '[' => Some(']'),
                '{' => Some('}'),
                _ => None,
            })
            .collect();
        let mut nested = open.repeat(depth);
        nested.push('1');
        if close {
            nested.push_str(&closer.repeat(depth));
        }
        let mut text = PACIOLUS.to_string();
        let default = text.find("@default(").map(|i| i + "@default(".len());
        let at = if at % 2 == 0 {
            default.unwrap_or(0)
        } else {
            boundary(&text, at)
        };
        text.insert_str(at, &nested);
        text
    })
}

/// A name, string or number longer than `format!` can pad (65,535) and than
/// a report prints in one piece.
fn huge_token() -> impl Strategy<Value = String> {
    let token = prop_oneof![
        (65_536usize..80_000).prop_map(|n| "n".repeat(n)),
        (65_536usize..80_000).prop_map(|n| format!("\"{}\"", "s".repeat(n))),
        (65_536usize..80_000).prop_map(|n| "9".repeat(n)),
        (65_536usize..80_000).prop_map(|n| format!("-{}.5", "1".repeat(n))),
    ];
    let place = prop_oneof![
        Just("table t {\n  id Integer @id\n  TOKEN Text @index\n}\n"),
        Just("table t {\n  id Integer @id\n  x TOKEN @unique\n}\n"),
        Just("table t {\n  id Integer @id\n  x String(TOKEN) @default(TOKEN)\n}\n"),
        Just("enum TOKEN { TOKEN }\ntable t {\n  id Integer @id\n  x TOKEN\n}\n"),
        Just("table t {\n  id Integer @id\n  index TOKEN (id)\n  check TOKEN TOKEN\n}\n"),
        Just("table t {\n  id Integer @id @references(TOKEN.id, on_delete: TOKEN)\n}\n"),
    ];
    (token, place).prop_map(|(token, place)| place.replace("TOKEN", &token))
}

/// The real schema's bytes with a byte order mark and bytes that are not UTF-8.
fn odd_bytes() -> impl Strategy<Value = Vec<u8>> {
    let bad = proptest::collection::vec((any::<usize>(), 0x80u8..=0xFF), 0..3);
    (any::<bool>(), bad).prop_map(|(bom, bad)| {
        let mut bytes = Vec::new();
        if bom {
            bytes.extend_from_slice("\u{FEFF}".as_bytes());
        }
        bytes.extend_from_slice(PACIOLUS.as_bytes());
        for (at, byte) in bad {
            let at = at % (bytes.len() + 1);
            bytes.insert(at, byte);
        }
        bytes
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn deep_nesting_never_overflows_the_stack(text in deep_nesting()) {
        survives(text);
    }

    #[test]
    fn a_byte_order_mark_and_bytes_that_are_not_utf8(bytes in odd_bytes()) {
        match pschema_syntax::decode(&bytes) {
            Ok(text) => {
                // Only a byte order mark was added: the schema is the real one.
                prop_assert_eq!(parse_schema(text).ok(), parse_schema(PACIOLUS).ok());
            }
            Err(bad) => {
                let (line, col) = bad.diagnostic.line_col(&bad.text);
                let rendered = bad.render("f.pschema");
                prop_assert!(rendered.contains(&format!("f.pschema:{line}:{col}")), "{}", rendered);
                survives(bad.text.clone());
            }
        }
    }
}

proptest! {
    // Each case parses a few hundred kilobytes, slowly in a debug build.
    #![proptest_config(ProptestConfig { cases: 12, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn huge_tokens_never_panic_and_are_reported_briefly(text in huge_token()) {
        survives(text);
    }
}

#[test]
fn the_paciolus_schema_round_trips() {
    round_trips(&parse_schema(PACIOLUS).unwrap());
}
