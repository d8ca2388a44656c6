//! AST -> Schema, with validation. Every mistake becomes a diagnostic that
//! points at the text that caused it; lowering goes on after a mistake so that
//! one run reports as many as it can.

use crate::model::*;
use pschema_syntax::Diagnostic;
use pschema_syntax::ast::{self, Span};

/// Lowering's maps, keyed by names: Fx hashing, since SipHash (which guards
/// against keys chosen to collide, no concern for a schema one reads oneself)
/// was a twentieth of lowering a large schema.
type HashMap<K, V> = std::collections::HashMap<K, V, rustc_hash::FxBuildHasher>;

mod attributes;
mod checks;
mod columns;
mod defaults;
mod enums;
mod names;
mod references;
mod tables;

/// PostgreSQL truncates longer identifiers (NAMEDATALEN - 1); two names that
/// differ only after byte 63 would silently become one.
pub const MAX_IDENTIFIER_BYTES: usize = 63;

pub const BUILTIN_TYPES: &[&str] = &[
    "SmallInteger",
    "Integer",
    "BigInteger",
    "String",
    "Text",
    "Boolean",
    "Date",
    "DateTime",
    "Time",
    "Float",
    "Numeric",
    "JSON",
    "LargeBinary",
];

const COLUMN_ATTRIBUTES: &[&str] = &[
    "id",
    "unique",
    "index",
    "default",
    "references",
    "comment",
    "renamed_from",
    "fill",
    "sqlite_length",
];
const TABLE_ATTRIBUTES: &[&str] = &["comment", "renamed_from"];

#[derive(Debug, Clone, PartialEq)]
pub struct Lowered {
    pub schema: Schema,
    pub diagnostics: Vec<Diagnostic>,
    /// Every rename hint with its place in the file: whether a hint names
    /// something is known only against the previous schema
    /// (`pschema_diff::check_rename_hints`), which `Schema` does not carry.
    pub hints: Vec<RenameHint>,
}

/// `@renamed_from(old)` on a column or label, `@@renamed_from(old)` on a table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenameHint {
    pub target: HintTarget,
    pub old: String,
    /// The name it has now.
    pub new: String,
    /// The old name as written in the hint.
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum HintTarget {
    Table,
    /// A column of the table of this (new) name.
    Column {
        table: String,
    },
    /// A label of the enum of this name.
    Label {
        enum_name: String,
    },
}

pub fn lower(file: &ast::File) -> Lowered {
    let mut lowerer = Lowerer::default();
    let schema = lowerer.file(file);
    Lowered {
        schema,
        diagnostics: lowerer.diagnostics,
        hints: lowerer.hints,
    }
}

#[derive(Default)]
struct Lowerer {
    diagnostics: Vec<Diagnostic>,
    /// Database-wide names (tables, indexes, named constraints), folded to
    /// lower case, with the name and place that declared them first.
    relation_names: HashMap<String, names::Claimed>,
    hints: Vec<RenameHint>,
    /// The position of each enum in `Schema::enums`, so that columns find
    /// their enum without a search through them all.
    enum_positions: HashMap<String, usize>,
    /// A table's column names without case, with the position and place of
    /// the column that has it: emptied for each table, kept for its room.
    folded_columns: HashMap<String, (usize, Span)>,
}

/// What lowering needs to remember about a table to check references later.
struct TableSpans {
    name: Span,
    columns: HashMap<String, Span>,
    foreign_keys: Vec<Span>,
}

fn suggestion<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::damerau_levenshtein(&name.to_lowercase(), &c.to_lowercase()), c))
        .filter(|(distance, c)| *distance <= 2.max(c.len() / 4))
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, c)| c)
}

/// `diagnostic` with a note naming the candidate closest to `name`, if one is close.
pub fn did_you_mean<'a>(
    diagnostic: Diagnostic,
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Diagnostic {
    match suggestion(name, candidates) {
        Some(s) => diagnostic.with_note(format!("did you mean `{s}`?")),
        None => diagnostic,
    }
}

impl Lowerer {
    fn error(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    /// The enum of this name, once the enums are lowered.
    fn enum_named<'s>(&self, schema: &'s Schema, name: &str) -> Option<&'s Enum> {
        self.enum_positions.get(name).and_then(|&i| schema.enums.get(i))
    }

    /// Records a rename hint that lowered to `old`.
    fn hint(&mut self, target: HintTarget, old: &Option<String>, new: &str, attribute: &ast::Attribute) {
        if let Some(old) = old {
            let span = match attribute.args.as_deref() {
                Some([argument]) => argument.value.span(),
                _ => attribute.span,
            };
            self.hints.push(RenameHint {
                target,
                old: old.clone(),
                new: new.to_string(),
                span,
            });
        }
    }

    /// Text stored in the database (labels, defaults, comments, checks):
    /// PostgreSQL's text cannot hold a NUL character.
    fn no_nul(&mut self, what: &str, value: &str, span: Span) {
        if value.contains('\0') {
            self.error(
                Diagnostic::error(
                    format!("{what} contains a NUL character, which PostgreSQL cannot store in text"),
                    span,
                )
                .with_label("NUL character in this string"),
            );
        }
    }

    fn file(&mut self, file: &ast::File) -> Schema {
        let mut schema = Schema::default();
        let mut enum_spans: HashMap<String, Span> = HashMap::default();
        let mut type_name_spans: HashMap<String, Span> = HashMap::default();
        for item in &file.items {
            if let ast::Item::Enum(decl) = item {
                if let Some(first) = enum_spans.get(&decl.name.name) {
                    self.error(
                        Diagnostic::error(format!("enum `{}` is declared twice", decl.name.name), decl.name.span)
                            .with_label("declared again here")
                            .with_secondary(*first, "first declared here"),
                    );
                    continue;
                }
                enum_spans.insert(decl.name.name.clone(), decl.name.span);
                // Where the type name is written, or the enum's name when it is derived from it.
                let type_span = decl.db_name.as_ref().map_or(decl.name.span, |n| n.span);
                type_name_spans.insert(decl.name.name.clone(), type_span);
                self.enum_positions.insert(decl.name.name.clone(), schema.enums.len());
                schema.enums.push(self.enum_decl(decl));
            }
        }

        // Sized once from the tree, so that the maps and the list of tables
        // of a large schema are not rebuilt again and again as they grow.
        let tables = file.items.iter().filter(|i| matches!(i, ast::Item::Table(_))).count();
        let mut table_spans: HashMap<String, TableSpans> = HashMap::default();
        table_spans.reserve(tables);
        schema.tables.reserve_exact(tables);
        self.relation_names.reserve(relation_names_declared(file));
        for item in &file.items {
            if let ast::Item::Table(decl) = item {
                if let Some(first) = table_spans.get(&decl.name.name) {
                    self.error(
                        Diagnostic::error(format!("table `{}` is declared twice", decl.name.name), decl.name.span)
                            .with_label("declared again here")
                            .with_secondary(first.name, "first declared here"),
                    );
                    continue;
                }
                let (table, spans) = self.table_decl(decl, &schema);
                table_spans.insert(decl.name.name.clone(), spans);
                schema.tables.push(table);
            }
        }

        self.check_enum_type_names(&schema.enums, &type_name_spans, &table_spans);
        self.check_foreign_keys(&schema, &table_spans);
        for table in &mut schema.tables {
            table.sort_unordered_parts();
        }
        schema
    }
}

/// How many names of the database-wide namespace `file` declares, at most:
/// its tables, indexes, and constraints that may be named, so that the
/// namespace is sized once.
fn relation_names_declared(file: &ast::File) -> usize {
    use ast::TableItemKind;
    let mut names = 0;
    for item in &file.items {
        let ast::Item::Table(table) = item else { continue };
        names += 1;
        for item in &table.items {
            names += match &item.kind {
                TableItemKind::Column(column) => column
                    .attributes
                    .iter()
                    .filter(|a| matches!(a.name.name.as_str(), "index" | "unique"))
                    .count(),
                TableItemKind::Comment(_) | TableItemKind::Attribute(_) => 0,
                _ => 1,
            };
        }
    }
    names
}

pub fn type_name(ty: &ColumnType) -> String {
    match ty {
        ColumnType::SmallInteger => "SmallInteger".into(),
        ColumnType::Integer => "Integer".into(),
        ColumnType::BigInteger => "BigInteger".into(),
        ColumnType::String { length: Some(n) } => format!("String({n})"),
        ColumnType::String { length: None } => "String".into(),
        ColumnType::Text => "Text".into(),
        ColumnType::Boolean => "Boolean".into(),
        ColumnType::Date => "Date".into(),
        ColumnType::DateTime { timezone: false } => "DateTime".into(),
        ColumnType::DateTime { timezone: true } => "DateTime(timezone)".into(),
        ColumnType::Time => "Time".into(),
        ColumnType::Float => "Float".into(),
        ColumnType::Numeric {
            precision: Some(p),
            scale: Some(s),
        } => format!("Numeric({p}, {s})"),
        ColumnType::Numeric {
            precision: Some(p),
            scale: None,
        } => format!("Numeric({p})"),
        ColumnType::Numeric { .. } => "Numeric".into(),
        ColumnType::Json => "JSON".into(),
        ColumnType::LargeBinary => "LargeBinary".into(),
        ColumnType::Enum(name) => name.clone(),
    }
}

#[cfg(test)]
mod tests {
    /// The first message of each diagnostic lowering reports for `source`.
    fn messages(source: &str) -> Vec<String> {
        match crate::parse_schema(source) {
            Ok(_) => Vec::new(),
            Err(diagnostics) => diagnostics.into_iter().map(|d| d.message).collect(),
        }
    }

    #[test]
    fn a_table_of_more_than_1600_columns_is_refused() {
        let columns: String = (0..1600).map(|i| format!("  c{i} Integer?\n")).collect();
        let source = format!("table wide {{\n  id Integer @id\n{columns}}}\n");
        assert_eq!(
            messages(&source),
            ["table `wide` has 1601 columns; PostgreSQL allows at most 1600"]
        );
        let fits = source.replace("  c0 Integer?\n", "");
        assert!(messages(&fits).is_empty());
    }

    #[test]
    fn a_float_default_beyond_double_precision_is_refused() {
        let huge = format!("1{}", "0".repeat(309));
        let source = format!("table t {{\n  id Integer @id\n  f Float @default({huge})\n}}\n");
        assert_eq!(
            messages(&source),
            [format!("default {huge} is out of range for Float (double precision)")]
        );
        assert!(messages(&source.replace(&huge, &huge[1..])).is_empty());
    }

    #[test]
    fn text_the_database_stores_cannot_hold_a_nul_character() {
        let source = "enum E { \"A\0\" }\n\
                      table t {\n  id Integer @id @comment(\"a\0\")\n  s Text @default(\"x\0\")\n  e E\n  check \"id > 0\0\"\n  @@comment(\"\0\")\n}\n";
        let found = messages(source);
        assert_eq!(found.len(), 5, "{found:?}");
        assert!(found.iter().all(|m| m.contains("NUL character")), "{found:?}");
    }
}
