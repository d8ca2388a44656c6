//! Names: what SQLite and PostgreSQL accept as a name, and the database-wide
//! namespace that tables, indexes and named constraints share.

use super::{Lowerer, MAX_IDENTIFIER_BYTES};
use pschema_syntax::Diagnostic;
use pschema_syntax::ast::Span;

impl Lowerer {
    /// Checks a name against what SQLite and PostgreSQL accept.
    pub(super) fn check_name(&mut self, what: &str, name: &str, span: Span) {
        if name.len() > MAX_IDENTIFIER_BYTES {
            self.error(
                Diagnostic::error(
                    format!(
                        "{what} name `{name}` is {} bytes long; PostgreSQL allows at most {MAX_IDENTIFIER_BYTES}",
                        name.len()
                    ),
                    span,
                )
                .with_label("too long")
                .with_note("PostgreSQL truncates longer names, so two of them can silently become one"),
            );
        }
        if name
            .as_bytes()
            .get(..7)
            .is_some_and(|p| p.eq_ignore_ascii_case(b"sqlite_"))
        {
            self.error(
                Diagnostic::error(
                    format!("{what} name `{name}` starts with `sqlite_`, which SQLite reserves"),
                    span,
                )
                .with_label("reserved prefix"),
            );
        }
    }

    /// Registers a name in the database-wide namespace shared by tables,
    /// indexes and constraints (and, on PostgreSQL, types). Names are
    /// compared without case: SQLite ignores it, and PostgreSQL folds
    /// unquoted names to lower case, so `Clients` and `clients` are one name.
    pub(super) fn claim_relation_name(&mut self, kind: &'static str, name: &str, span: Span) {
        let key = folded(name);
        if let Some(first) = self.relation_names.get(&key) {
            let (first_span, first_kind) = (first.span, first.kind);
            let message = if first.name != name {
                format!(
                    "{kind} `{name}` and {first_kind} `{}` differ only in case; {CASE_NOTE}",
                    first.name
                )
            } else if first_kind == kind {
                format!("{kind} `{name}` is declared twice")
            } else {
                format!(
                    "{kind} `{name}` has the same name as {first_kind} `{name}`; the database keeps them in one namespace"
                )
            };
            self.error(
                Diagnostic::error(message, span)
                    .with_label("declared again here")
                    .with_secondary(first_span, "first declared here"),
            );
        } else {
            self.relation_names.insert(
                key,
                Claimed {
                    name: name.to_string(),
                    span,
                    kind,
                },
            );
        }
    }
}

/// Why two names that differ only in case are one.
pub(super) const CASE_NOTE: &str = "SQLite, and PostgreSQL for unquoted names, take them for one name";

/// A name as the databases compare it: SQLite folds ASCII letters only, and
/// names in the language are ASCII.
pub(super) fn folded(name: &str) -> String {
    name.to_ascii_lowercase()
}

/// A name of the database-wide namespace, as first declared.
pub(super) struct Claimed {
    pub(super) name: String,
    pub(super) span: Span,
    pub(super) kind: &'static str,
}
