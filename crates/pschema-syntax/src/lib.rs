//! The .pschema language: text -> spanned [`ast::File`], diagnostics, and the
//! canonical formatter.
//!
//! Invariant: [`parse`] never panics, whatever the input; a syntax error is a
//! [`Diagnostic`] with the span where the parse stopped.

pub mod ast;
mod diagnostic;
mod encoding;
mod excerpt;
mod format;
mod nesting;
mod parser;
mod unusual;

pub use diagnostic::{Diagnostic, Label, line_col, render};
pub use encoding::{Undecodable, decode};
pub use format::{expr_text, format, is_identifier, label_text, type_text};
pub use nesting::MAX_NESTING;
pub use parser::{escape, parse};

/// Parses and reformats source text; `Err` holds the syntax error.
pub fn format_source(source: &str) -> Result<String, Diagnostic> {
    parse(source).map(|file| format(&file))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formatting_keeps_comments_and_aligns_columns() {
        let messy = "// Accounts\n\n\nenum Tier \"tier\" { FREE PAID // paid plans\n}\ntable users { // people\n  id Integer @id\n  email String(255)? @unique @index // login\n\n\n  // the plan\n  tier Tier @default(FREE)\n  index ix_users_tier_email (tier, email)\n}\n";
        let formatted = format_source(messy).unwrap();
        assert_eq!(
            formatted,
            "// Accounts\n\nenum Tier \"tier\" {\n  FREE\n  PAID // paid plans\n}\n\ntable users { // people\n  id    Integer      @id\n  email String(255)? @unique @index // login\n\n  // the plan\n  tier  Tier         @default(FREE)\n  index ix_users_tier_email (tier, email)\n}\n"
        );
        assert_eq!(
            format_source(&formatted).unwrap(),
            formatted,
            "formatting twice changes nothing"
        );
    }

    #[test]
    fn a_column_may_be_called_like_a_keyword() {
        let file =
            parse("table t {\n  index Integer @id\n  unique Boolean\n  check Text\n  key String(3)\n}\n").unwrap();
        let ast::Item::Table(table) = &file.items[0] else {
            panic!("a table")
        };
        let names: Vec<&str> = table
            .items
            .iter()
            .filter_map(|i| match &i.kind {
                ast::TableItemKind::Column(c) => Some(c.name.name.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(names, ["index", "unique", "check", "key"]);
    }
}
