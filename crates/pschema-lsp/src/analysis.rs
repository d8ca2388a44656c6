//! What the server knows about one version of a document, and every feature
//! as a pure function of it: no protocol, no I/O, no state besides the text.
//!
//! A document is parsed and lowered once per version ([`Analysis::new`]);
//! each request reads that result.

use crate::position::LineIndex;
use crate::symbols::{Index, Symbol};
use lsp_types::{
    CompletionItem, CompletionItemKind, CompletionTextEdit, DiagnosticRelatedInformation, DiagnosticSeverity, Hover,
    HoverContents, Location, MarkupContent, MarkupKind, NumberOrString, Position, Range, TextEdit, Uri,
};
use pschema_schema::{BUILTIN_TYPES, Schema};
use pschema_sql::Dialect;
use pschema_syntax::ast::Span;
use std::sync::Arc;

pub struct Analysis {
    pub text: String,
    pub lines: LineIndex,
    /// The syntax error, or lowering's diagnostics: what `pschema` reports.
    pub diagnostics: Vec<pschema_syntax::Diagnostic>,
    /// `None` when the text has a syntax error.
    pub index: Option<Arc<Index>>,
    /// Lowered even when lowering found mistakes (what could be lowered).
    pub schema: Option<Schema>,
}

impl Analysis {
    pub fn new(text: String) -> Analysis {
        let lines = LineIndex::new(&text);
        match pschema_syntax::parse(&text) {
            Ok(file) => {
                let index = Index::new(&file);
                let lowered = pschema_schema::lower(&file);
                Analysis {
                    text,
                    lines,
                    diagnostics: lowered.diagnostics,
                    index: Some(Arc::new(index)),
                    schema: Some(lowered.schema),
                }
            }
            Err(error) => Analysis {
                text,
                lines,
                diagnostics: vec![error],
                index: None,
                schema: None,
            },
        }
    }

    /// A document whose analysis failed: no diagnostics, no index.
    pub fn unanalysed(text: String) -> Analysis {
        Analysis {
            lines: LineIndex::new(&text),
            text,
            diagnostics: Vec::new(),
            index: None,
            schema: None,
        }
    }

    pub fn offset(&self, position: Position) -> usize {
        self.lines.offset(&self.text, position)
    }

    pub fn range(&self, span: Span) -> Range {
        self.lines.range(&self.text, span)
    }

    fn location(&self, uri: &Uri, span: Span) -> Location {
        Location::new(uri.clone(), self.range(span))
    }

    /// The diagnostics as LSP has them: the message with its label and notes,
    /// the secondary labels as related information.
    pub fn lsp_diagnostics(&self, uri: &Uri) -> Vec<lsp_types::Diagnostic> {
        self.diagnostics
            .iter()
            .map(|d| {
                let mut message = d.message.clone();
                if !d.primary.message.is_empty() {
                    message.push_str(&format!(" ({})", d.primary.message));
                }
                for note in &d.notes {
                    message.push_str("\nnote: ");
                    message.push_str(note);
                }
                let related: Vec<DiagnosticRelatedInformation> = d
                    .secondary
                    .iter()
                    .map(|label| DiagnosticRelatedInformation {
                        location: self.location(uri, label.span),
                        message: if label.message.is_empty() {
                            "here".to_string()
                        } else {
                            label.message.clone()
                        },
                    })
                    .collect();
                lsp_types::Diagnostic {
                    range: self.range(d.primary.span),
                    severity: Some(DiagnosticSeverity::ERROR),
                    code: None::<NumberOrString>,
                    source: Some("pschema".to_string()),
                    message,
                    related_information: (!related.is_empty()).then_some(related),
                    ..Default::default()
                }
            })
            .collect()
    }

    fn symbol_at(&self, position: Position) -> Option<(&Index, Symbol)> {
        let index = self.index.as_deref()?;
        Some((index, index.symbol_at(self.offset(position))?))
    }

    /// From a name in `@references(...)`, a `foreign key`, an index's column
    /// list or a column's enum type, to its declaration.
    pub fn definition(&self, uri: &Uri, position: Position) -> Option<Location> {
        let (index, symbol) = self.symbol_at(position)?;
        Some(self.location(uri, index.declaration(&symbol)?))
    }

    /// Every place naming the table, column or enum at `position`.
    pub fn references(&self, uri: &Uri, position: Position, include_declaration: bool) -> Vec<Location> {
        let Some((index, symbol)) = self.symbol_at(position) else {
            return Vec::new();
        };
        let declaration = include_declaration.then(|| index.declaration(&symbol)).flatten();
        let mut spans: Vec<Span> = declaration.into_iter().chain(index.uses(&symbol)).collect();
        spans.sort_by_key(|s| s.start);
        spans.into_iter().map(|s| self.location(uri, s)).collect()
    }

    /// A column's line of `CREATE TABLE` on each dialect, as the planner writes it.
    pub fn hover(&self, position: Position) -> Option<Hover> {
        let (_, symbol) = self.symbol_at(position)?;
        let schema = self.schema.as_ref()?;
        let markdown = match &symbol {
            Symbol::Column { table, column } => {
                let t = schema.table(table)?;
                t.column(column)?;
                let mut out = format!("**column** `{table}.{column}`\n");
                for dialect in Dialect::ALL {
                    if let Some(line) = column_sql(schema, t, column, dialect) {
                        out.push_str(&format!("\n{dialect}:\n```sql\n{line}\n```\n"));
                    }
                }
                out
            }
            Symbol::Table(table) => {
                let t = schema.table(table)?;
                format!("**table** `{table}`: {} columns", t.columns.len())
            }
            Symbol::Enum(name) => {
                let e = schema.enum_named(name)?;
                format!(
                    "**enum** `{name}` (type `{}` on PostgreSQL, `VARCHAR({})` on SQLite): {}",
                    e.db_name,
                    e.longest_label(),
                    e.labels.join(", ")
                )
            }
        };
        Some(Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: MarkupKind::Markdown,
                value: markdown,
            }),
            range: None,
        })
    }

    /// The whole document formatted, or no edit: none when the text has a
    /// syntax error, none when it is formatted already.
    pub fn formatting(&self) -> Option<Vec<TextEdit>> {
        let formatted = pschema_syntax::format_source(&self.text).ok()?;
        if formatted == self.text {
            return Some(Vec::new());
        }
        let end = self.lines.position(&self.text, self.text.len());
        Some(vec![TextEdit::new(Range::new(Position::new(0, 0), end), formatted)])
    }
}

impl Analysis {
    /// Renames the table or column at `position`: its declaration, every place
    /// that names it, and a rename hint (`@renamed_from(old)` on the column,
    /// `@@renamed_from(old)` in the table) unless the declaration has one, so
    /// that the next migration renames instead of dropping and adding.
    pub fn rename(&self, position: Position, new_name: &str) -> Result<Vec<TextEdit>, String> {
        let Some((index, symbol)) = self.symbol_at(position) else {
            return Err("no table or column here (or the file has a syntax error)".to_string());
        };
        if !pschema_syntax::is_identifier(new_name) {
            return Err(format!("`{new_name}` is not a name the language accepts"));
        }
        let Some(declaration) = index.declaration(&symbol) else {
            return Err("this name is declared nowhere in the file".to_string());
        };
        let (old, hint) = match &symbol {
            Symbol::Enum(_) => return Err("renaming an enum is not supported; rename a table or a column".to_string()),
            Symbol::Table(table) => {
                let t = index.table_named(table).ok_or("no such table")?;
                if table != new_name && index.table_named(new_name).is_some() {
                    return Err(format!("a table `{new_name}` is declared already"));
                }
                if table != new_name && index.table_named(new_name).is_some() {
                    return Err(format!("a table `{new_name}` is declared already"));
                }
                let hint = (!t.has_rename_hint).then(|| self.table_hint(t.span, table)).flatten();
                (table, hint)
            }
            Symbol::Column { table, column } => {
                let c = index
                    .table_named(table)
                    .and_then(|t| t.columns.iter().find(|c| &c.name == column))
                    .ok_or("no such column")?;
                let siblings = &index.table_named(table).ok_or("no such table")?.columns;
                if column != new_name && siblings.iter().any(|c| c.name == new_name) {
                    return Err(format!("`{table}` has a column `{new_name}` already"));
                }
                let siblings = &index.table_named(table).ok_or("no such table")?.columns;
                if column != new_name && siblings.iter().any(|c| c.name == new_name) {
                    return Err(format!("`{table}` has a column `{new_name}` already"));
                }
                let hint = (!c.has_rename_hint).then(|| {
                    let at = self.range(Span::new(c.span.end, c.span.end));
                    TextEdit::new(at, format!(" @renamed_from({column})"))
                });
                (column, hint)
            }
        };
        if old == new_name {
            return Ok(Vec::new());
        }
        let mut edits: Vec<TextEdit> = std::iter::once(declaration)
            .chain(index.uses(&symbol))
            .map(|span| TextEdit::new(self.range(span), new_name.to_string()))
            .collect();
        edits.extend(hint);
        Ok(edits)
    }

    /// `@@renamed_from(old)` before the table's closing brace: on a line of
    /// its own after a blank line, as the language guide writes it.
    fn table_hint(&self, table: Span, old: &str) -> Option<TextEdit> {
        let brace = table.end.checked_sub(1)?;
        if self.text.as_bytes().get(brace) != Some(&b'}') {
            return None;
        }
        let line_start = self.text[..brace].rfind('\n').map_or(0, |i| i + 1);
        let (at, text) = if self.text[line_start..brace].trim().is_empty() {
            (line_start, format!("\n  @@renamed_from({old})\n"))
        } else {
            (brace, format!(" @@renamed_from({old}) "))
        };
        Some(TextEdit::new(self.range(Span::new(at, at)), text))
    }
}

/// The column's definition in the `CREATE TABLE` the dialect's planner writes
/// for `table` from a database that holds the schema's enums and the tables it
/// references (PostgreSQL's planner refuses a reference to a table that is not there).
pub fn column_sql(schema: &Schema, table: &pschema_schema::Table, column: &str, dialect: Dialect) -> Option<String> {
    let referenced = |name: &str| name != table.name && table.foreign_keys.iter().any(|fk| fk.ref_table == name);
    let source = Schema {
        enums: schema.enums.clone(),
        tables: schema.tables.iter().filter(|t| referenced(&t.name)).cloned().collect(),
    };
    let changes = [pschema_diff::Change::CreateTable(table.clone())];
    let plan = pschema_sql::plan(dialect, &changes, &source).ok()?;
    let quoted = match dialect {
        Dialect::Sqlite => pschema_sql::sqlite_quote(column),
        Dialect::Postgres => pschema_sql::postgres_quote(column),
    };
    let create = plan.statements.iter().find(|s| s.sql.starts_with("CREATE TABLE"))?;
    create.sql.lines().skip(1).find_map(|line| {
        let line = line.trim();
        let rest = line.strip_prefix(&quoted)?;
        rest.starts_with(' ')
            .then(|| line.trim_end_matches(',').trim_end().to_string())
    })
}

/// Completion from the text alone, so that it works while the file does not
/// parse: `table.column` inside `@references(`, an enum's labels inside
/// `@default(` of a column of that enum, and types where a column's type goes.
/// Tables, columns and enums come from `index`, the last version that parsed.
pub fn completion(text: &str, offset: usize, index: Option<&Index>, lines: &LineIndex) -> Vec<CompletionItem> {
    let offset = offset.min(text.len());
    let mut start = offset;
    while start > 0 && !text.is_char_boundary(start) {
        start -= 1;
    }
    let offset = start;
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let before = &text[line_start..offset];
    // The word being typed (a path for references).
    let word_len = before
        .chars()
        .rev()
        .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '.')
        .map(char::len_utf8)
        .sum::<usize>();
    let word_start = offset - word_len;
    let head = &before[..before.len() - word_len];
    let replace = Range::new(lines.position(text, word_start), lines.position(text, offset));
    let edit = |label: String, kind: CompletionItemKind, detail: Option<String>| CompletionItem {
        text_edit: Some(CompletionTextEdit::Edit(TextEdit::new(replace, label.clone()))),
        label,
        kind: Some(kind),
        detail,
        ..Default::default()
    };
    let index = index.cloned().unwrap_or_default();
    if let Some(open) = unclosed_call(head) {
        let call = &head[..open];
        if call.ends_with("@references") {
            let after_open = head[open + 1..].trim();
            if !after_open.is_empty() {
                return Vec::new(); // past the first argument
            }
            return index
                .tables
                .iter()
                .flat_map(|t| {
                    t.columns.iter().map(|c| {
                        edit(
                            format!("{}.{}", t.name, c.name),
                            CompletionItemKind::FIELD,
                            Some(c.type_name.clone()),
                        )
                    })
                })
                .collect();
        }
        if call.ends_with("@default") {
            // The column's type is the second word of the line.
            let ty = head.split_whitespace().nth(1).unwrap_or("").trim_end_matches('?');
            return index
                .enums
                .iter()
                .filter(|e| e.name == ty)
                .flat_map(|e| e.labels.iter())
                .map(|label| edit(label.clone(), CompletionItemKind::ENUM_MEMBER, Some(ty.to_string())))
                .collect();
        }
        return Vec::new();
    }
    // A type goes after a column's name: one word, then white space.
    let words: Vec<&str> = head.split_whitespace().collect();
    let type_position = words.len() == 1
        && head.ends_with(char::is_whitespace)
        && words[0].chars().all(|c| c.is_alphanumeric() || c == '_')
        && !["table", "enum", "index", "unique", "check", "primary", "foreign"].contains(&words[0]);
    if !type_position || word_len != before.len() - head.len() || before[head.len()..].contains('.') {
        return Vec::new();
    }
    BUILTIN_TYPES
        .iter()
        .map(|t| {
            edit(
                t.to_string(),
                CompletionItemKind::CLASS,
                Some("built-in type".to_string()),
            )
        })
        .chain(
            index
                .enums
                .iter()
                .map(|e| edit(e.name.clone(), CompletionItemKind::ENUM, Some("enum".to_string()))),
        )
        .collect()
}

/// The byte position of the `(` still open at the end of `text`, if any.
fn unclosed_call(text: &str) -> Option<usize> {
    let mut open = Vec::new();
    let mut in_string = false;
    let mut escaped = false;
    for (i, c) in text.char_indices() {
        if in_string {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => in_string = true,
            '(' => open.push(i),
            ')' => {
                open.pop();
            }
            '/' if text[i..].starts_with("//") => return None,
            _ => {}
        }
    }
    open.last().copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_column_line_per_dialect() {
        let text = "enum Status { ACTIVE ARCHIVED }\ntable t {\n  id Integer @id\n  status Status @default(ACTIVE)\n  name String(100)?\n}\n";
        let schema = pschema_schema::parse_schema(text).unwrap();
        let t = schema.table("t").unwrap();
        assert_eq!(
            column_sql(&schema, t, "name", Dialect::Sqlite).as_deref(),
            Some("name VARCHAR(100)")
        );
        assert_eq!(
            column_sql(&schema, t, "name", Dialect::Postgres).as_deref(),
            Some("name VARCHAR(100)")
        );
        assert_eq!(
            column_sql(&schema, t, "status", Dialect::Sqlite).as_deref(),
            Some("status VARCHAR(8) DEFAULT 'ACTIVE' NOT NULL")
        );
        assert_eq!(
            column_sql(&schema, t, "id", Dialect::Postgres).as_deref(),
            Some("id SERIAL NOT NULL")
        );
    }
}
