//! Table declarations: columns first, then the table-level items (indexes,
//! keys, constraints, attributes), which may name any column.

use super::HashMap;
use super::names::{CASE_NOTE, folded};
use super::{HintTarget, Lowerer, TABLE_ATTRIBUTES, TableSpans, did_you_mean};
use crate::model::*;
use pschema_syntax::Diagnostic;
use pschema_syntax::ast::{self, Attribute, Ident, Span, TableItemKind};

/// PostgreSQL's limit of columns in a table.
const MAX_COLUMNS: usize = 1600;
/// PostgreSQL's limit of columns in an index or a foreign key (INDEX_MAX_KEYS).
const MAX_KEY_COLUMNS: usize = 32;

impl Lowerer {
    pub(super) fn table_decl(&mut self, decl: &ast::TableDecl, schema: &Schema) -> (Table, TableSpans) {
        let table_name = &decl.name.name;
        self.check_name("table", table_name, decl.name.span);
        self.claim_relation_name("table", table_name, decl.name.span);
        let columns = decl
            .items
            .iter()
            .filter(|i| matches!(i.kind, TableItemKind::Column(_)))
            .count();
        let mut table = Table {
            name: table_name.clone(),
            columns: Vec::with_capacity(columns),
            ..Table::default()
        };
        let mut spans = TableSpans {
            name: decl.name.span,
            columns: HashMap::with_capacity_and_hasher(columns, Default::default()),
            foreign_keys: Vec::new(),
        };
        let mut primary_key_span: Option<(Span, String)> = None;

        // Columns first, so that table-level items can refer to any column.
        // The map of names without case is one for all tables, emptied for
        // each (a large schema would otherwise make one per table).
        let mut folded_columns = std::mem::take(&mut self.folded_columns);
        folded_columns.clear();
        for (position, item) in decl.items.iter().enumerate() {
            let TableItemKind::Column(column) = &item.kind else {
                continue;
            };
            if let Some(first) = spans.columns.get(&column.name.name) {
                self.error(
                    Diagnostic::error(
                        format!(
                            "column `{}` is declared twice in table `{table_name}`",
                            column.name.name
                        ),
                        column.name.span,
                    )
                    .with_label("declared again here")
                    .with_secondary(*first, "first declared here"),
                );
                continue;
            }
            if let Some(&(first_position, first)) = folded_columns.get(&folded(&column.name.name)) {
                let first_name = match &decl.items[first_position].kind {
                    TableItemKind::Column(c) => c.name.name.as_str(),
                    _ => "",
                };
                self.error(
                    Diagnostic::error(
                        format!(
                            "column `{}` and column `{first_name}` of table `{table_name}` differ only in case; {CASE_NOTE}",
                            column.name.name
                        ),
                        column.name.span,
                    )
                    .with_label("declared again here")
                    .with_secondary(first, "first declared here"),
                );
                continue;
            }
            folded_columns.insert(folded(&column.name.name), (position, column.name.span));
            spans.columns.insert(column.name.name.clone(), column.name.span);
            self.column_decl(column, &mut table, schema, &mut spans, &mut primary_key_span);
        }
        self.folded_columns = folded_columns;
        if spans.columns.is_empty() {
            self.error(
                Diagnostic::error(format!("table `{table_name}` has no columns"), decl.name.span)
                    .with_label("declare at least one column"),
            );
        }

        if spans.columns.len() > MAX_COLUMNS {
            self.error(
                Diagnostic::error(
                    format!(
                        "table `{table_name}` has {} columns; PostgreSQL allows at most {MAX_COLUMNS}",
                        spans.columns.len()
                    ),
                    decl.name.span,
                )
                .with_label("too many columns"),
            );
        }

        // In declaration order, as `table.checks` is until it is sorted.
        let mut check_spans: Vec<Span> = Vec::new();
        for item in &decl.items {
            match &item.kind {
                TableItemKind::Column(_) | TableItemKind::Comment(_) => {}
                TableItemKind::Index(index) => {
                    let columns = self.column_refs(&table, &index.columns, index.span, "index", Some(&index.name));
                    self.check_name("index", &index.name.name, index.name.span);
                    self.claim_relation_name("index", &index.name.name, index.name.span);
                    table.indexes.push(Index {
                        name: index.name.name.clone(),
                        columns,
                        unique: index.unique,
                    });
                }
                TableItemKind::Unique(unique) => {
                    let columns = self.column_refs(
                        &table,
                        &unique.columns,
                        unique.span,
                        "unique constraint",
                        unique.name.as_ref(),
                    );
                    if let Some(name) = &unique.name {
                        self.check_name("constraint", &name.name, name.span);
                        self.claim_relation_name("constraint", &name.name, name.span);
                    }
                    table.uniques.push(UniqueConstraint {
                        name: unique.name.as_ref().map(|n| n.name.clone()),
                        columns,
                    });
                }
                TableItemKind::PrimaryKey(pk) => {
                    let columns = self.column_refs(&table, &pk.columns, pk.span, "primary key", pk.name.as_ref());
                    if let Some((first, first_columns)) = &primary_key_span {
                        self.error(
                            Diagnostic::error(
                                format!("table `{table_name}` has two primary keys"),
                                pk.span,
                            )
                            .with_label("second primary key")
                            .with_secondary(*first, format!("primary key ({first_columns}) declared here"))
                            .with_note("a table has one primary key; list every column of a composite key in `primary key (a, b)`"),
                        );
                        continue;
                    }
                    if let Some(name) = &pk.name {
                        self.check_name("constraint", &name.name, name.span);
                        self.claim_relation_name("constraint", &name.name, name.span);
                    }
                    for (column, ident) in columns.iter().zip(&pk.columns) {
                        self.require_not_null(&table, column, ident.span);
                    }
                    primary_key_span = Some((pk.span, columns.join(", ")));
                    table.primary_key = Some(PrimaryKey {
                        name: pk.name.as_ref().map(|n| n.name.clone()),
                        columns,
                    });
                }
                TableItemKind::ForeignKey(fk) => {
                    let columns = self.column_refs(&table, &fk.columns, fk.span, "foreign key", fk.name.as_ref());
                    let mut on_delete = ReferentialAction::NoAction;
                    let mut on_update = ReferentialAction::NoAction;
                    for (key, value) in &fk.options {
                        let action = self.referential_action(value);
                        match key.name.as_str() {
                            "on_delete" => on_delete = action,
                            "on_update" => on_update = action,
                            other => self.error(did_you_mean(
                                Diagnostic::error(format!("unknown foreign key option `{other}`"), key.span)
                                    .with_label("expected `on_delete` or `on_update`"),
                                other,
                                ["on_delete", "on_update"],
                            )),
                        }
                    }
                    if let Some(name) = &fk.name {
                        self.check_name("constraint", &name.name, name.span);
                        self.claim_relation_name("constraint", &name.name, name.span);
                    }
                    spans.foreign_keys.push(Span::new(fk.ref_table.span.start, fk.span.end));
                    table.foreign_keys.push(ForeignKey {
                        name: fk.name.as_ref().map(|n| n.name.clone()),
                        columns,
                        ref_table: fk.ref_table.name.clone(),
                        ref_columns: fk.ref_columns.iter().map(|c| c.name.clone()).collect(),
                        on_delete,
                        on_update,
                    });
                }
                TableItemKind::Check(check) => {
                    if check.expression.value.trim().is_empty() {
                        self.error(
                            Diagnostic::error("a check constraint needs an expression", check.expression.span)
                                .with_label("empty expression"),
                        );
                    } else {
                        self.no_nul("a check expression", &check.expression.value, check.expression.span);
                        self.check_expression_columns(&table, check);
                    }
                    check_spans.push(check.span);
                    if let Some(name) = &check.name {
                        self.check_name("constraint", &name.name, name.span);
                        self.claim_relation_name("constraint", &name.name, name.span);
                    }
                    table.checks.push(CheckConstraint {
                        name: check.name.as_ref().map(|n| n.name.clone()),
                        expression: check.expression.value.clone(),
                    });
                }
                TableItemKind::Attribute(attribute) => self.table_attribute(attribute, &mut table),
            }
        }
        self.check_constraint_names(&table, &check_spans);
        self.check_set_null_columns(&table, &spans, decl);
        (table, spans)
    }

    pub(super) fn check_set_null_columns(&mut self, table: &Table, spans: &TableSpans, decl: &ast::TableDecl) {
        for fk in &table.foreign_keys {
            if fk.on_delete != ReferentialAction::SetNull && fk.on_update != ReferentialAction::SetNull {
                continue;
            }
            for column_name in &fk.columns {
                let Some(column) = table.column(column_name) else {
                    continue;
                };
                if !column.nullable {
                    let span = spans.columns.get(column_name).copied().unwrap_or(decl.name.span);
                    self.error(
                        Diagnostic::error(
                            format!("column `{column_name}` is NOT NULL, but its foreign key sets it to NULL"),
                            span,
                        )
                        .with_label("not nullable")
                        .with_note("make the column nullable (`Type?`) or choose another action than `set_null`"),
                    );
                }
            }
        }
    }

    /// The columns an index, key or constraint lists; `name` is its name, if it has one.
    pub(super) fn column_refs(
        &mut self,
        table: &Table,
        columns: &[Ident],
        span: Span,
        what: &str,
        name: Option<&Ident>,
    ) -> Vec<String> {
        if columns.is_empty() {
            self.error(Diagnostic::error(format!("{what} lists no columns"), span).with_label("empty column list"));
        }
        if columns.len() > MAX_KEY_COLUMNS {
            let (named, span) = match name {
                Some(name) => (format!("{what} `{}`", name.name), name.span),
                None => (what.to_string(), span),
            };
            self.error(
                Diagnostic::error(
                    format!(
                        "{named} has {} columns; PostgreSQL allows at most {MAX_KEY_COLUMNS}",
                        columns.len()
                    ),
                    span,
                )
                .with_label("too many columns")
                .with_note("PostgreSQL builds every index, key and foreign key on at most 32 columns"),
            );
        }
        let mut seen: Vec<&str> = Vec::new();
        for ident in columns {
            if table.column(&ident.name).is_none() {
                self.error(did_you_mean(
                    Diagnostic::error(
                        format!(
                            "{what} refers to column `{}`, which table `{}` does not have",
                            ident.name, table.name
                        ),
                        ident.span,
                    )
                    .with_label("no such column"),
                    &ident.name,
                    table.columns.iter().map(|c| c.name.as_str()),
                ));
            } else if seen.contains(&ident.name.as_str()) {
                self.error(
                    Diagnostic::error(
                        format!("column `{}` is listed twice in this {what}", ident.name),
                        ident.span,
                    )
                    .with_label("listed again"),
                );
            }
            seen.push(&ident.name);
        }
        columns.iter().map(|c| c.name.clone()).collect()
    }

    pub(super) fn require_not_null(&mut self, table: &Table, column: &str, span: Span) {
        if table.column(column).is_some_and(|c| c.nullable) {
            self.error(
                Diagnostic::error(format!("primary key column `{column}` cannot be nullable"), span)
                    .with_label("nullable column in primary key")
                    .with_note("remove the `?` from its type"),
            );
        }
    }

    pub(super) fn table_attribute(&mut self, attribute: &Attribute, table: &mut Table) {
        match attribute.name.name.as_str() {
            "comment" => table.comment = self.single_string(attribute),
            "renamed_from" => {
                table.renamed_from = self.single_name(attribute);
                self.hint(HintTarget::Table, &table.renamed_from, &table.name.clone(), attribute);
            }
            other => self.error(did_you_mean(
                Diagnostic::error(format!("unknown table attribute `@@{other}`"), attribute.name.span)
                    .with_label("not a table attribute")
                    .with_note("table attributes are @@comment(\"...\") and @@renamed_from(old_name)"),
                other,
                TABLE_ATTRIBUTES.iter().copied(),
            )),
        }
    }
}
