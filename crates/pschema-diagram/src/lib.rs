//! Entity-relationship diagrams of a [`Schema`]: which tables to draw
//! ([`Selection`]), what of each is drawn ([`Diagram`]: the key columns and the
//! foreign keys), and three ways to write it: Mermaid's `erDiagram`, Graphviz
//! DOT, and SVG laid out here ([`layout`]) so that no browser or Graphviz is
//! needed.
//!
//! Invariants: the output is a function of the schema and the options alone
//! (tables in declaration order, foreign keys in the schema's sorted order, no
//! hash-map iteration), so the same input gives byte-identical text; every
//! name is escaped for the format it is written in.

mod diagram;
mod dot;
pub mod layout;
mod mermaid;
mod svg;

pub use diagram::{Diagram, Entity, KeyColumn, Relation};
use pschema_schema::Schema;

/// The text format of a diagram.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Mermaid's `erDiagram`, which GitHub and many editors render.
    Mermaid,
    /// Graphviz DOT, for `dot -Tsvg` and friends.
    Dot,
    /// A finished drawing, laid out by this crate.
    Svg,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Mermaid => "mermaid",
            Format::Dot => "dot",
            Format::Svg => "svg",
        }
    }
}

/// Which tables a diagram shows; a foreign key is drawn when both of its
/// tables are shown.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Selection {
    #[default]
    All,
    /// These tables.
    Tables(Vec<String>),
    /// The table and every table within `depth` foreign-key hops of it, in
    /// either direction.
    Around { table: String, depth: usize },
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    #[error(
        "unknown table `{name}`{}",
        suggestion.as_ref().map(|s| format!(" (did you mean `{s}`?)")).unwrap_or_default()
    )]
    UnknownTable { name: String, suggestion: Option<String> },
}

/// The diagram of the selected tables, written in `format`.
pub fn render(schema: &Schema, selection: &Selection, format: Format) -> Result<String, Error> {
    Ok(write(&Diagram::new(schema, selection)?, format))
}

/// A diagram written in `format`.
pub fn write(diagram: &Diagram, format: Format) -> String {
    match format {
        Format::Mermaid => mermaid::write(diagram),
        Format::Dot => dot::write(diagram),
        Format::Svg => svg::write(diagram),
    }
}
