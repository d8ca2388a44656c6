//! The .pschema language: text -> spanned [`ast::File`], diagnostics, and the
//! canonical formatter.
//!
//! Invariant: [`parse`] never panics, whatever the input; a syntax error is a
//! [`Diagnostic`] with the span where the parse stopped.

pub mod ast;
mod diagnostic;
mod format;
mod parser;

pub use diagnostic::{Diagnostic, Label, line_col, render};
pub use format::{expr_text, format, is_identifier, label_text, type_text};
pub use parser::{escape, parse};

/// Parses and reformats source text; `Err` holds the syntax error.
pub fn format_source(source: &str) -> Result<String, Diagnostic> {
    parse(source).map(|file| format(&file))
}
