//! AST -> Schema, with validation. Every mistake becomes a diagnostic that
//! points at the text that caused it; lowering goes on after a mistake so that
//! one run reports as many as it can.

use crate::model::*;
use pschema_syntax::Diagnostic;
use pschema_syntax::ast::{self, Argument, Attribute, Expr, Ident, Span, TableItemKind};
use std::collections::HashMap;

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
];
const TABLE_ATTRIBUTES: &[&str] = &["comment", "renamed_from"];

#[derive(Debug, Clone, PartialEq)]
pub struct Lowered {
    pub schema: Schema,
    pub diagnostics: Vec<Diagnostic>,
}

pub fn lower(file: &ast::File) -> Lowered {
    let mut lowerer = Lowerer::default();
    let schema = lowerer.file(file);
    Lowered {
        schema,
        diagnostics: lowerer.diagnostics,
    }
}

#[derive(Default)]
struct Lowerer {
    diagnostics: Vec<Diagnostic>,
    /// Database-wide names (tables, indexes, named constraints, enum types)
    /// with the place that declared them first.
    relation_names: HashMap<String, (Span, &'static str)>,
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

fn did_you_mean<'a>(diagnostic: Diagnostic, name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Diagnostic {
    match suggestion(name, candidates) {
        Some(s) => diagnostic.with_note(format!("did you mean `{s}`?")),
        None => diagnostic,
    }
}

impl Lowerer {
    fn error(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    /// Checks a name against what SQLite and PostgreSQL accept.
    fn check_name(&mut self, what: &str, name: &str, span: Span) {
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
        if name.to_ascii_lowercase().starts_with("sqlite_") {
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
    /// indexes and constraints (and, on PostgreSQL, types).
    fn claim_relation_name(&mut self, kind: &'static str, name: &str, span: Span) {
        if let Some((first, first_kind)) = self.relation_names.get(name).copied() {
            let message = if first_kind == kind {
                format!("{kind} `{name}` is declared twice")
            } else {
                format!(
                    "{kind} `{name}` has the same name as {first_kind} `{name}`; the database keeps them in one namespace"
                )
            };
            self.error(
                Diagnostic::error(message, span)
                    .with_label("declared again here")
                    .with_secondary(first, "first declared here"),
            );
        } else {
            self.relation_names.insert(name.to_string(), (span, kind));
        }
    }

    fn file(&mut self, file: &ast::File) -> Schema {
        let mut schema = Schema::default();
        let mut enum_spans: HashMap<String, Span> = HashMap::new();
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
                schema.enums.push(self.enum_decl(decl));
            }
        }

        let mut table_spans: HashMap<String, TableSpans> = HashMap::new();
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

        // Enum types live in PostgreSQL's type namespace, which also holds a
        // row type for every table: `CREATE TYPE users` fails if a table `users` exists.
        for e in &schema.enums {
            if let Some(table) = table_spans.get(&e.db_name) {
                let span = enum_spans.get(&e.name).copied().unwrap_or_default();
                self.error(
                    Diagnostic::error(
                        format!("enum `{}` has the database type name `{}`, which is also a table name", e.name, e.db_name),
                        span,
                    )
                    .with_label("type name collides")
                    .with_secondary(table.name, "table declared here")
                    .with_note("PostgreSQL creates a type for every table; give the enum another name with `enum Name \"other_name\"`"),
                );
            }
        }

        self.check_foreign_keys(&schema, &table_spans);
        for table in &mut schema.tables {
            table.sort_unordered_parts();
        }
        schema
    }

    fn enum_decl(&mut self, decl: &ast::EnumDecl) -> Enum {
        let db_name = match &decl.db_name {
            Some(name) => {
                if !pschema_syntax::is_identifier(&name.value) {
                    self.error(
                        Diagnostic::error(
                            format!("enum type name `{}` is not a valid database name", name.value),
                            name.span,
                        )
                        .with_label("use letters, digits and `_`, starting with a letter"),
                    );
                }
                self.check_name("enum type", &name.value, name.span);
                name.value.clone()
            }
            None => {
                let default = decl.name.name.to_lowercase();
                self.check_name("enum type", &default, decl.name.span);
                default
            }
        };
        let mut labels: Vec<String> = Vec::new();
        let mut renamed_labels = Vec::new();
        let mut label_spans: HashMap<&str, Span> = HashMap::new();
        for item in &decl.items {
            let ast::EnumItem::Label(label) = item else {
                continue;
            };
            if let Some(first) = label_spans.get(label.value.as_str()) {
                self.error(
                    Diagnostic::error(
                        format!("label `{}` appears twice in enum `{}`", label.value, decl.name.name),
                        label.span,
                    )
                    .with_label("repeated here")
                    .with_secondary(*first, "first here"),
                );
                continue;
            }
            if label.value.is_empty() {
                self.error(Diagnostic::error("an enum label cannot be empty", label.span).with_label("empty label"));
            } else if label.value.len() > MAX_IDENTIFIER_BYTES {
                self.error(
                    Diagnostic::error(
                        format!(
                            "enum label is {} bytes long; PostgreSQL allows at most {MAX_IDENTIFIER_BYTES}",
                            label.value.len()
                        ),
                        label.span,
                    )
                    .with_label("too long"),
                );
            }
            for attribute in &label.attributes {
                if attribute.name.name == "renamed_from" {
                    if let Some(old) = self.single_label(attribute) {
                        renamed_labels.push((old, label.value.clone()));
                    }
                } else {
                    self.error(
                        Diagnostic::error(
                            format!("unknown label attribute `@{}`", attribute.name.name),
                            attribute.name.span,
                        )
                        .with_label("labels take only @renamed_from(OLD)"),
                    );
                }
            }
            label_spans.insert(&label.value, label.span);
            labels.push(label.value.clone());
        }
        if labels.is_empty() && label_spans.is_empty() {
            self.error(
                Diagnostic::error(format!("enum `{}` has no labels", decl.name.name), decl.name.span)
                    .with_label("declare at least one label"),
            );
        }
        Enum {
            name: decl.name.name.clone(),
            db_name,
            labels,
            renamed_labels,
        }
    }

    fn table_decl(&mut self, decl: &ast::TableDecl, schema: &Schema) -> (Table, TableSpans) {
        let table_name = &decl.name.name;
        self.check_name("table", table_name, decl.name.span);
        self.claim_relation_name("table", table_name, decl.name.span);
        let mut table = Table {
            name: table_name.clone(),
            ..Table::default()
        };
        let mut spans = TableSpans {
            name: decl.name.span,
            columns: HashMap::new(),
            foreign_keys: Vec::new(),
        };
        let mut primary_key_span: Option<(Span, String)> = None;

        // Columns first, so that table-level items can refer to any column.
        for item in &decl.items {
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
            spans.columns.insert(column.name.name.clone(), column.name.span);
            self.column_decl(column, &mut table, schema, &mut spans, &mut primary_key_span);
        }
        if spans.columns.is_empty() {
            self.error(
                Diagnostic::error(format!("table `{table_name}` has no columns"), decl.name.span)
                    .with_label("declare at least one column"),
            );
        }

        for item in &decl.items {
            match &item.kind {
                TableItemKind::Column(_) | TableItemKind::Comment(_) => {}
                TableItemKind::Index(index) => {
                    let columns = self.column_refs(&table, &index.columns, index.span, "index");
                    self.check_name("index", &index.name.name, index.name.span);
                    self.claim_relation_name("index", &index.name.name, index.name.span);
                    table.indexes.push(Index {
                        name: index.name.name.clone(),
                        columns,
                        unique: index.unique,
                    });
                }
                TableItemKind::Unique(unique) => {
                    let columns = self.column_refs(&table, &unique.columns, unique.span, "unique constraint");
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
                    let columns = self.column_refs(&table, &pk.columns, pk.span, "primary key");
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
                    let columns = self.column_refs(&table, &fk.columns, fk.span, "foreign key");
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
                    }
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
        self.check_set_null_columns(&table, &spans, decl);
        (table, spans)
    }

    fn check_set_null_columns(&mut self, table: &Table, spans: &TableSpans, decl: &ast::TableDecl) {
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

    fn column_refs(&mut self, table: &Table, columns: &[Ident], span: Span, what: &str) -> Vec<String> {
        if columns.is_empty() {
            self.error(Diagnostic::error(format!("{what} lists no columns"), span).with_label("empty column list"));
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

    fn require_not_null(&mut self, table: &Table, column: &str, span: Span) {
        if table.column(column).is_some_and(|c| c.nullable) {
            self.error(
                Diagnostic::error(format!("primary key column `{column}` cannot be nullable"), span)
                    .with_label("nullable column in primary key")
                    .with_note("remove the `?` from its type"),
            );
        }
    }

    fn referential_action(&mut self, value: &Ident) -> ReferentialAction {
        match ReferentialAction::ALL.iter().find(|(k, _)| *k == value.name) {
            Some((_, action)) => *action,
            None => {
                self.error(did_you_mean(
                    Diagnostic::error(format!("unknown referential action `{}`", value.name), value.span)
                        .with_label("expected cascade, set_null, set_default, restrict or no_action"),
                    &value.name,
                    ReferentialAction::ALL.iter().map(|(k, _)| *k),
                ));
                ReferentialAction::NoAction
            }
        }
    }

    fn table_attribute(&mut self, attribute: &Attribute, table: &mut Table) {
        match attribute.name.name.as_str() {
            "comment" => table.comment = self.single_string(attribute),
            "renamed_from" => table.renamed_from = self.single_name(attribute),
            other => self.error(did_you_mean(
                Diagnostic::error(format!("unknown table attribute `@@{other}`"), attribute.name.span)
                    .with_label("not a table attribute")
                    .with_note("table attributes are @@comment(\"...\") and @@renamed_from(old_name)"),
                other,
                TABLE_ATTRIBUTES.iter().copied(),
            )),
        }
    }

    fn column_decl(
        &mut self,
        decl: &ast::ColumnDecl,
        table: &mut Table,
        schema: &Schema,
        spans: &mut TableSpans,
        primary_key_span: &mut Option<(Span, String)>,
    ) {
        let name = &decl.name.name;
        self.check_name("column", name, decl.name.span);
        let ty = self.column_type(&decl.ty, schema);
        let mut column = Column {
            name: name.clone(),
            ty: ty.clone().unwrap_or(ColumnType::Text),
            nullable: decl.ty.optional,
            default: None,
            comment: None,
            renamed_from: None,
        };

        let mut seen: HashMap<&str, Span> = HashMap::new();
        let mut is_id = false;
        let mut is_unique = false;
        let mut index_name: Option<(String, Span)> = None;
        let mut default_attr: Option<&Attribute> = None;
        for attribute in &decl.attributes {
            let attr_name = attribute.name.name.as_str();
            if let Some(first) = seen.get(attr_name) {
                self.error(
                    Diagnostic::error(
                        format!("attribute `@{attr_name}` is given twice on column `{name}`"),
                        attribute.span,
                    )
                    .with_label("given again here")
                    .with_secondary(*first, "first given here"),
                );
                continue;
            }
            seen.insert(attribute.name.name.as_str(), attribute.span);
            match attr_name {
                "id" => {
                    self.no_arguments(attribute);
                    is_id = true;
                }
                "unique" => {
                    self.no_arguments(attribute);
                    is_unique = true;
                }
                "index" => {
                    let custom = self.optional_named_name(attribute, "name");
                    let index = custom.unwrap_or_else(|| column_index_name(&table.name, name));
                    index_name = Some((index, attribute.span));
                }
                "default" => default_attr = Some(attribute),
                "references" => {
                    if let Some(fk) = self.references(attribute, name) {
                        spans.foreign_keys.push(attribute.span);
                        table.foreign_keys.push(fk);
                    }
                }
                "comment" => column.comment = self.single_string(attribute),
                "renamed_from" => column.renamed_from = self.single_name(attribute),
                other => self.error(did_you_mean(
                    Diagnostic::error(format!("unknown attribute `@{other}`"), attribute.name.span)
                        .with_label("not a column attribute")
                        .with_note(format!(
                            "column attributes are {}",
                            COLUMN_ATTRIBUTES
                                .iter()
                                .map(|a| format!("@{a}"))
                                .collect::<Vec<_>>()
                                .join(", ")
                        )),
                    other,
                    COLUMN_ATTRIBUTES.iter().copied(),
                )),
            }
        }

        if let (Some(attribute), Some(ty)) = (default_attr, &ty) {
            column.default = self.default_value(attribute, ty, schema, name);
        }
        if is_id {
            let span = seen.get("id").copied().unwrap_or(decl.span);
            if let Some((first, first_columns)) = primary_key_span {
                self.error(
                    Diagnostic::error(format!("table `{}` has two primary keys", table.name), span)
                        .with_label(format!("`{name}` is marked @id"))
                        .with_secondary(*first, format!("primary key ({first_columns}) declared here"))
                        .with_note(
                            "a table has one primary key; list every column of a composite key in `primary key (a, b)`",
                        ),
                );
            } else {
                if column.nullable {
                    self.error(
                        Diagnostic::error(format!("primary key column `{name}` cannot be nullable"), decl.ty.span)
                            .with_label("nullable type on an @id column")
                            .with_note("remove the `?` from its type"),
                    );
                }
                *primary_key_span = Some((span, name.clone()));
                table.primary_key = Some(PrimaryKey {
                    name: None,
                    columns: vec![name.clone()],
                });
            }
        }
        match (index_name, is_unique) {
            (Some((index, span)), unique) => {
                self.check_name("index", &index, span);
                self.claim_relation_name("index", &index, span);
                table.indexes.push(Index {
                    name: index,
                    columns: vec![name.clone()],
                    unique,
                });
            }
            (None, true) => table.uniques.push(UniqueConstraint {
                name: None,
                columns: vec![name.clone()],
            }),
            (None, false) => {}
        }
        table.columns.push(column);
    }

    fn column_type(&mut self, ty: &ast::TypeRef, schema: &Schema) -> Option<ColumnType> {
        let name = ty.name.name.as_str();
        let args = ty.args.as_deref();
        let no_args = |this: &mut Lowerer, t: ColumnType| -> Option<ColumnType> {
            if let Some(args) = args {
                let span = args.first().map_or(ty.name.span, |a| a.span());
                this.error(
                    Diagnostic::error(format!("type `{name}` takes no arguments"), span)
                        .with_label("unexpected argument"),
                );
            }
            Some(t)
        };
        match name {
            "SmallInteger" => no_args(self, ColumnType::SmallInteger),
            "Integer" => no_args(self, ColumnType::Integer),
            "BigInteger" => no_args(self, ColumnType::BigInteger),
            "Text" => no_args(self, ColumnType::Text),
            "Boolean" => no_args(self, ColumnType::Boolean),
            "Date" => no_args(self, ColumnType::Date),
            "Time" => no_args(self, ColumnType::Time),
            "Float" => no_args(self, ColumnType::Float),
            "JSON" => no_args(self, ColumnType::Json),
            "LargeBinary" => no_args(self, ColumnType::LargeBinary),
            "String" => {
                let numbers = self.integer_args(ty, 1, "String(length)")?;
                let length = numbers.first().copied();
                if length == Some(0) {
                    let span = args.and_then(|a| a.first()).map_or(ty.span, |a| a.span());
                    self.error(Diagnostic::error("a String length must be at least 1", span).with_label("zero length"));
                }
                Some(ColumnType::String { length })
            }
            "Numeric" => {
                let numbers = self.integer_args(ty, 2, "Numeric(precision, scale)")?;
                let precision = numbers.first().copied();
                let scale = numbers.get(1).copied();
                if let (Some(p), Some(s)) = (precision, scale)
                    && (p == 0 || s > p || p > 1000)
                {
                    self.error(
                        Diagnostic::error(format!("Numeric({p}, {s}) is not a valid precision and scale"), ty.span)
                            .with_label("invalid precision or scale")
                            .with_note("precision must be between 1 and 1000, and scale at most the precision"),
                    );
                }
                Some(ColumnType::Numeric { precision, scale })
            }
            "DateTime" => match args {
                None => Some(ColumnType::DateTime { timezone: false }),
                Some([ast::TypeArg::Ident(ident)]) if ident.name == "timezone" => {
                    Some(ColumnType::DateTime { timezone: true })
                }
                Some(args) => {
                    let span = args.first().map_or(ty.span, |a| a.span());
                    self.error(
                        Diagnostic::error("`DateTime` takes no argument or `timezone`", span)
                            .with_label("expected `timezone`")
                            .with_note("write `DateTime` for timestamp without time zone, `DateTime(timezone)` for timestamp with time zone"),
                    );
                    None
                }
            },
            _ => {
                if let Some(e) = schema.enum_named(name) {
                    return no_args(self, ColumnType::Enum(e.name.clone()));
                }
                let enum_guess = suggestion(name, schema.enums.iter().map(|e| e.name.as_str()));
                let diagnostic = if let Some(guess) = enum_guess {
                    Diagnostic::error(format!("unknown enum `{name}`"), ty.name.span)
                        .with_label("no enum of this name is declared")
                        .with_note(format!("did you mean `{guess}`?"))
                } else {
                    did_you_mean(
                        Diagnostic::error(format!("unknown type `{name}`"), ty.name.span)
                            .with_label("not a built-in type or a declared enum")
                            .with_note(format!("built-in types: {}", BUILTIN_TYPES.join(", "))),
                        name,
                        BUILTIN_TYPES.iter().copied(),
                    )
                };
                self.error(diagnostic);
                None
            }
        }
    }

    /// Up to `max` integer arguments; none at all is fine (`String`, `Numeric`).
    fn integer_args(&mut self, ty: &ast::TypeRef, max: usize, form: &str) -> Option<Vec<u32>> {
        let Some(args) = &ty.args else {
            return Some(Vec::new());
        };
        if args.len() > max {
            self.error(
                Diagnostic::error(format!("too many arguments: the form is `{form}`"), args[max].span())
                    .with_label("unexpected argument"),
            );
            return None;
        }
        let mut numbers = Vec::new();
        for arg in args {
            match arg {
                ast::TypeArg::Integer { value, span } => match value.parse::<u32>() {
                    Ok(n) => numbers.push(n),
                    Err(_) => {
                        self.error(Diagnostic::error(format!("`{value}` is too large"), *span).with_label("too large"));
                        return None;
                    }
                },
                ast::TypeArg::Ident(ident) => {
                    self.error(
                        Diagnostic::error(
                            format!("expected a number, found `{}`: the form is `{form}`", ident.name),
                            ident.span,
                        )
                        .with_label("not a number"),
                    );
                    return None;
                }
            }
        }
        Some(numbers)
    }

    fn no_arguments(&mut self, attribute: &Attribute) {
        if let Some(args) = &attribute.args
            && !args.is_empty()
        {
            self.error(
                Diagnostic::error(format!("`@{}` takes no arguments", attribute.name.name), args[0].span)
                    .with_label("unexpected argument"),
            );
        }
    }

    fn positional<'a>(&mut self, attribute: &'a Attribute, expected: &str) -> Option<&'a Expr> {
        match attribute.args.as_deref() {
            Some([Argument { name: None, value, .. }]) => Some(value),
            _ => {
                self.error(
                    Diagnostic::error(
                        format!("`@{}` takes one argument: {expected}", attribute.name.name),
                        attribute.span,
                    )
                    .with_label("wrong arguments"),
                );
                None
            }
        }
    }

    fn single_string(&mut self, attribute: &Attribute) -> Option<String> {
        match self.positional(attribute, "a string")? {
            Expr::String(s) => Some(s.value.clone()),
            other => {
                self.error(
                    Diagnostic::error(format!("`@{}` takes a string", attribute.name.name), other.span())
                        .with_label("expected a string in double quotes"),
                );
                None
            }
        }
    }

    fn single_name(&mut self, attribute: &Attribute) -> Option<String> {
        match self.positional(attribute, "a name")? {
            Expr::Ident(ident) => Some(ident.name.clone()),
            Expr::String(s) if pschema_syntax::is_identifier(&s.value) => Some(s.value.clone()),
            other => {
                self.error(
                    Diagnostic::error(format!("`@{}` takes a name", attribute.name.name), other.span())
                        .with_label("expected a name"),
                );
                None
            }
        }
    }

    /// An enum label: a name or a string.
    fn single_label(&mut self, attribute: &Attribute) -> Option<String> {
        match self.positional(attribute, "the old label")? {
            Expr::Ident(ident) => Some(ident.name.clone()),
            Expr::String(s) => Some(s.value.clone()),
            other => {
                self.error(
                    Diagnostic::error("`@renamed_from` on a label takes the old label", other.span())
                        .with_label("expected a label"),
                );
                None
            }
        }
    }

    /// `@index` or `@index(name: ix_custom)`.
    fn optional_named_name(&mut self, attribute: &Attribute, key: &str) -> Option<String> {
        let args = attribute.args.as_deref().unwrap_or_default();
        let mut result = None;
        for arg in args {
            let value = match (&arg.name, &arg.value) {
                (Some(n), Expr::Ident(v)) if n.name == key => Some(v.name.clone()),
                (Some(n), Expr::String(v)) if n.name == key && pschema_syntax::is_identifier(&v.value) => {
                    Some(v.value.clone())
                }
                _ => None,
            };
            match value {
                Some(v) => result = Some(v),
                None => self.error(
                    Diagnostic::error(
                        format!("`@{}` takes only `{key}: <name>`", attribute.name.name),
                        arg.span,
                    )
                    .with_label("unexpected argument"),
                ),
            }
        }
        result
    }

    /// `@references(table.column, on_delete: cascade, on_update: ..., name: fk_x)`
    fn references(&mut self, attribute: &Attribute, column: &str) -> Option<ForeignKey> {
        let args = attribute.args.as_deref().unwrap_or_default();
        let mut target: Option<(String, String)> = None;
        let mut fk = ForeignKey {
            name: None,
            columns: vec![column.to_string()],
            ref_table: String::new(),
            ref_columns: Vec::new(),
            on_delete: ReferentialAction::NoAction,
            on_update: ReferentialAction::NoAction,
        };
        for arg in args {
            match (&arg.name, &arg.value) {
                (None, Expr::Path { parts, .. }) if parts.len() == 2 && target.is_none() => {
                    target = Some((parts[0].name.clone(), parts[1].name.clone()));
                }
                (Some(key), Expr::Ident(value)) if key.name == "on_delete" => fk.on_delete = self.referential_action(value),
                (Some(key), Expr::Ident(value)) if key.name == "on_update" => fk.on_update = self.referential_action(value),
                (Some(key), Expr::Ident(value)) if key.name == "name" => {
                    self.check_name("constraint", &value.name, value.span);
                    self.claim_relation_name("constraint", &value.name, value.span);
                    fk.name = Some(value.name.clone());
                }
                _ => self.error(
                    Diagnostic::error("unexpected argument to `@references`", arg.span)
                        .with_label("not understood")
                        .with_note("the form is `@references(table.column, on_delete: cascade, on_update: cascade, name: fk_name)`"),
                ),
            }
        }
        let Some((table, ref_column)) = target else {
            self.error(
                Diagnostic::error("`@references` needs the referenced `table.column`", attribute.span)
                    .with_label("missing target")
                    .with_note("for example `@references(users.id, on_delete: cascade)`"),
            );
            return None;
        };
        fk.ref_table = table;
        fk.ref_columns = vec![ref_column];
        Some(fk)
    }

    fn default_value(
        &mut self,
        attribute: &Attribute,
        ty: &ColumnType,
        schema: &Schema,
        column: &str,
    ) -> Option<DefaultValue> {
        let expr = self.positional(attribute, "a value, `now()` or `sql(\"...\")`")?;
        let (value, shown) = match expr {
            Expr::Number { text, .. } => (DefaultValue::Number(text.clone()), text.clone()),
            Expr::String(s) => (DefaultValue::String(s.value.clone()), format!("\"{}\"", s.value)),
            Expr::Ident(ident) if ident.name == "true" || ident.name == "false" => {
                (DefaultValue::Boolean(ident.name == "true"), ident.name.clone())
            }
            Expr::Ident(ident) if matches!(ty, ColumnType::Enum(_)) => {
                (DefaultValue::String(ident.name.clone()), ident.name.clone())
            }
            Expr::Call { name, args, .. } if name.name == "now" && args.is_empty() => {
                (DefaultValue::Now, "now()".into())
            }
            Expr::Call { name, args, .. } if name.name == "sql" => match args.as_slice() {
                [
                    Argument {
                        name: None,
                        value: Expr::String(s),
                        ..
                    },
                ] if !s.value.trim().is_empty() => {
                    return Some(DefaultValue::Sql(s.value.clone()));
                }
                _ => {
                    self.error(
                        Diagnostic::error("`sql(...)` takes one non-empty string of SQL", expr.span())
                            .with_label("expected `sql(\"...\")`"),
                    );
                    return None;
                }
            },
            other => {
                self.error(
                    Diagnostic::error(
                        "a default must be a number, a string, true, false, now() or sql(\"...\")",
                        other.span(),
                    )
                    .with_label("not a default value"),
                );
                return None;
            }
        };
        let fits = match (&value, ty) {
            (DefaultValue::Number(text), t) if t.is_integer() => !text.contains('.'),
            (DefaultValue::Number(_), ColumnType::Float | ColumnType::Numeric { .. }) => true,
            (DefaultValue::String(s), ColumnType::String { length }) => {
                length.is_none_or(|n| s.chars().count() <= n as usize)
            }
            (
                DefaultValue::String(_),
                ColumnType::Text | ColumnType::Json | ColumnType::Date | ColumnType::DateTime { .. } | ColumnType::Time,
            ) => true,
            (DefaultValue::String(s), ColumnType::Enum(name)) => {
                let labels = schema.enum_named(name).map(|e| e.labels.clone()).unwrap_or_default();
                if !labels.contains(s) {
                    self.error(did_you_mean(
                        Diagnostic::error(format!("default `{s}` is not a label of enum `{name}`"), expr.span())
                            .with_label("unknown label")
                            .with_note(format!("labels: {}", labels.join(", "))),
                        s,
                        labels.iter().map(String::as_str),
                    ));
                    return None;
                }
                true
            }
            (DefaultValue::Boolean(_), ColumnType::Boolean) => true,
            (DefaultValue::Now, ColumnType::DateTime { .. } | ColumnType::Date | ColumnType::Time) => true,
            _ => false,
        };
        if !fits {
            self.error(
                Diagnostic::error(
                    format!(
                        "default {shown} does not fit column `{column}` of type {}",
                        type_name(ty)
                    ),
                    expr.span(),
                )
                .with_label("wrong kind of value for this column"),
            );
            return None;
        }
        Some(value)
    }

    /// Foreign keys can point at tables declared later, so they are checked
    /// once every table is known.
    fn check_foreign_keys(&mut self, schema: &Schema, table_spans: &HashMap<String, TableSpans>) {
        for table in &schema.tables {
            let spans = &table_spans[&table.name];
            // Still in declaration order here, the order their spans were recorded in.
            for (fk, span) in table.foreign_keys.iter().zip(&spans.foreign_keys) {
                let span = *span;
                let Some(target) = schema.table(&fk.ref_table) else {
                    self.error(did_you_mean(
                        Diagnostic::error(
                            format!("foreign key references table `{}`, which is not declared", fk.ref_table),
                            span,
                        )
                        .with_label("no such table"),
                        &fk.ref_table,
                        schema.tables.iter().map(|t| t.name.as_str()),
                    ));
                    continue;
                };
                if fk.columns.len() != fk.ref_columns.len() {
                    self.error(
                        Diagnostic::error(
                            format!(
                                "foreign key has {} column(s) but references {} column(s)",
                                fk.columns.len(),
                                fk.ref_columns.len()
                            ),
                            span,
                        )
                        .with_label("column counts differ"),
                    );
                    continue;
                }
                let mut all_found = true;
                for (from, to) in fk.columns.iter().zip(&fk.ref_columns) {
                    let Some(target_column) = target.column(to) else {
                        all_found = false;
                        self.error(did_you_mean(
                            Diagnostic::error(
                                format!(
                                    "foreign key references column `{}.{to}`, which does not exist",
                                    target.name
                                ),
                                span,
                            )
                            .with_label("no such column")
                            .with_secondary(
                                table_spans[&target.name].name,
                                format!("table `{}` declared here", target.name),
                            ),
                            to,
                            target.columns.iter().map(|c| c.name.as_str()),
                        ));
                        continue;
                    };
                    let Some(source_column) = table.column(from) else {
                        continue;
                    };
                    if source_column.ty.family() != target_column.ty.family()
                        || (matches!(source_column.ty, ColumnType::Enum(_)) && source_column.ty != target_column.ty)
                    {
                        let source_span = spans.columns.get(from).copied().unwrap_or(span);
                        self.error(
                            Diagnostic::error(
                                format!(
                                    "foreign key column `{}.{from}` is {}, but it references `{}.{to}`, which is {}",
                                    table.name,
                                    type_name(&source_column.ty),
                                    target.name,
                                    type_name(&target_column.ty)
                                ),
                                source_span,
                            )
                            .with_label("type differs from the referenced column")
                            .with_secondary(
                                table_spans[&target.name].columns.get(to).copied().unwrap_or(span),
                                "referenced column declared here",
                            ),
                        );
                    }
                }
                if all_found && !target.has_unique_key(&fk.ref_columns) {
                    self.error(
                        Diagnostic::error(
                            format!(
                                "foreign key references `{}` ({}), which is not a primary key or unique",
                                target.name,
                                fk.ref_columns.join(", ")
                            ),
                            span,
                        )
                        .with_label("referenced columns are not unique")
                        .with_note("PostgreSQL requires a primary key, unique constraint or unique index on the referenced columns"),
                    );
                }
            }
        }
    }
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
