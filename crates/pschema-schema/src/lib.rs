//! The dialect-neutral [`Schema`]: lowering with validation from the .pschema
//! AST, and printing back to canonical text (the snapshot form).

mod lower;
mod model;
mod print;

pub use lower::{BUILTIN_TYPES, HintTarget, Lowered, MAX_IDENTIFIER_BYTES, RenameHint, did_you_mean, lower, type_name};
pub use model::*;
pub use print::{print, print_without_hints, to_ast};
pub use pschema_syntax::Diagnostic;

/// Parses and lowers a whole file. `Err` holds every diagnostic found.
pub fn parse_schema(source: &str) -> Result<Schema, Vec<Diagnostic>> {
    parse_and_lower(source).map(|lowered| lowered.schema)
}

/// Parses and lowers a whole file, keeping what lowering says beside the
/// schema (the places of rename hints); `Err` holds every diagnostic found.
pub fn parse_and_lower(source: &str) -> Result<Lowered, Vec<Diagnostic>> {
    let file = pschema_syntax::parse(source).map_err(|d| vec![d])?;
    let lowered = lower(&file);
    if lowered.diagnostics.is_empty() {
        Ok(lowered)
    } else {
        Err(lowered.diagnostics)
    }
}
