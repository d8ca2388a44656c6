//! Files as editors write them: a byte order mark, CRLF, bytes that are not
//! UTF-8, characters that look like others or like nothing at all.

use pschema_syntax::{decode, format_source, line_col, parse, render};

const BOM: &str = "\u{FEFF}";

#[test]
fn a_byte_order_mark_at_the_start_is_accepted() {
    let text = "table t {\r\n  id Integer @id\r\n}\r\n";
    let with_bom = format!("{BOM}{text}");
    assert_eq!(format_source(&with_bom), format_source(text));
    assert_eq!(decode(with_bom.as_bytes()).expect("UTF-8"), text);
    assert_eq!(decode(text.as_bytes()).expect("UTF-8"), text);
}

#[test]
fn a_byte_order_mark_takes_no_column() {
    let source = format!("{BOM}table t {{ id Integer @id }} !");
    let error = parse(&source).expect_err("`!` is not a declaration");
    let col = "table t { id Integer @id } !".len();
    assert_eq!(error.line_col(&source), (1, col));
    assert_eq!(line_col(&source, 0), (1, 1));
    assert_eq!(line_col(&source, BOM.len()), (1, 1));
    let rendered = render("f.pschema", &source, &[error]);
    assert!(rendered.contains(&format!("f.pschema:1:{col}")), "{rendered}");
}

#[test]
fn invalid_utf8_is_reported_at_the_first_bad_byte() {
    let bytes = b"table t {\n  id Integer @id\n  n\xC3\xA9\xFF\xFE Text\n}\n";
    let error = decode(bytes).expect_err("0xFF is not UTF-8");
    assert_eq!(error.diagnostic.line_col(&error.text), (3, 5));
    assert!(
        error.diagnostic.message.starts_with("invalid UTF-8"),
        "{}",
        error.diagnostic.message
    );
    assert!(
        error.diagnostic.message.contains("0xFF"),
        "{}",
        error.diagnostic.message
    );
    let rendered = error.render("bad.pschema");
    assert!(rendered.contains("bad.pschema:3:5"), "{rendered}");
}

#[test]
fn invalid_utf8_after_a_byte_order_mark_and_at_the_end() {
    let error = decode(b"\xEF\xBB\xBFtable \x80").expect_err("a lone continuation byte");
    assert_eq!(error.diagnostic.line_col(&error.text), (1, 7));
    let error = decode(b"table t {\n  \xE2\x82").expect_err("the file ends inside a character");
    assert_eq!(error.diagnostic.line_col(&error.text), (2, 3));
    assert!(error.render("cut.pschema").contains("cut.pschema:2:3"));
}
