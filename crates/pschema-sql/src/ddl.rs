//! DDL that SQLAlchemy writes alike for SQLite and PostgreSQL; each dialect
//! brings its own list of reserved words.

use pschema_schema::{ForeignKey, Index, ReferentialAction};

/// Quotes a name only where SQLAlchemy would: reserved words, and names that
/// are not all lower case.
pub(crate) fn quote(name: &str, reserved: &[&str]) -> String {
    let plain = name.chars().next().is_some_and(|c| c.is_ascii_lowercase() || c == '_')
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '$');
    if plain && !reserved.contains(&name) {
        name.to_string()
    } else {
        format!("\"{}\"", name.replace('"', "\"\""))
    }
}

/// A string literal, quotes doubled: the same in both dialects.
pub(crate) fn string_literal(value: &str) -> String {
    format!("'{}'", value.replace('\'', "''"))
}

pub(crate) fn quote_list(names: &[String], quote: fn(&str) -> String) -> String {
    names.iter().map(|n| quote(n)).collect::<Vec<_>>().join(", ")
}

pub(crate) fn constraint_prefix(name: &Option<String>, quote: fn(&str) -> String) -> String {
    name.as_ref()
        .map(|n| format!("CONSTRAINT {} ", quote(n)))
        .unwrap_or_default()
}

/// `FOREIGN KEY(a) REFERENCES t (id) ON DELETE CASCADE`, as SQLAlchemy writes it.
pub(crate) fn foreign_key(fk: &ForeignKey, quote: fn(&str) -> String) -> String {
    let mut spec = format!(
        "{}FOREIGN KEY({}) REFERENCES {} ({})",
        constraint_prefix(&fk.name, quote),
        quote_list(&fk.columns, quote),
        quote(&fk.ref_table),
        quote_list(&fk.ref_columns, quote)
    );
    if fk.on_delete != ReferentialAction::NoAction {
        spec.push_str(" ON DELETE ");
        spec.push_str(fk.on_delete.sql());
    }
    if fk.on_update != ReferentialAction::NoAction {
        spec.push_str(" ON UPDATE ");
        spec.push_str(fk.on_update.sql());
    }
    spec
}

pub(crate) fn create_index(table: &str, index: &Index, quote: fn(&str) -> String) -> String {
    format!(
        "CREATE {}INDEX {} ON {} ({})",
        if index.unique { "UNIQUE " } else { "" },
        quote(&index.name),
        quote(table),
        quote_list(&index.columns, quote)
    )
}
