//! Schema -> canonical .pschema text, through the AST and the one formatter.
//! Invariant: `lower(parse(print(s)))` equals `s` for every valid schema `s`.

use crate::model::*;
use pschema_syntax::ast::*;

pub fn print(schema: &Schema) -> String {
    printed(schema, true)
}

/// The snapshot form: `print(&schema.without_rename_hints())`, without
/// copying the schema to leave its hints out.
pub fn print_without_hints(schema: &Schema) -> String {
    printed(schema, false)
}

/// From this many tables a schema is printed in two halves at once (a new
/// snapshot is printed after the schema file is read, while nothing else is
/// left to do but write it).
const HALVES_FROM: usize = 512;

/// The formatter's text of `schema`. Each table's text stands alone, and the
/// formatter puts one blank line between declarations, so two halves
/// printed apart and joined by that line are the text of the whole.
fn printed(schema: &Schema, hints: bool) -> String {
    if schema.tables.len() < HALVES_FROM {
        return pschema_syntax::format(&ast_of(schema, hints));
    }
    let (first, second) = schema.tables.split_at(schema.tables.len() / 2);
    std::thread::scope(|scope| {
        let later = scope.spawn(|| {
            pschema_syntax::format(&File {
                items: table_items(second, hints),
            })
        });
        let mut items = enum_items(schema, hints);
        items.extend(table_items(first, hints));
        let mut out = pschema_syntax::format(&File { items });
        let rest = later.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        out.push('\n');
        out.push_str(&rest);
        out
    })
}

fn ident(name: &str) -> Ident {
    Ident {
        name: name.to_string(),
        span: Span::default(),
    }
}

fn string(value: &str) -> StringLit {
    StringLit {
        value: value.to_string(),
        span: Span::default(),
    }
}

fn attr(name: &str, args: Option<Vec<Argument>>) -> Attribute {
    Attribute {
        name: ident(name),
        args,
        span: Span::default(),
    }
}

fn arg(value: Expr) -> Argument {
    Argument {
        name: None,
        value,
        span: Span::default(),
    }
}

fn named(name: &str, value: Expr) -> Argument {
    Argument {
        name: Some(ident(name)),
        value,
        span: Span::default(),
    }
}

fn idents(names: &[String]) -> Vec<Ident> {
    names.iter().map(|n| ident(n)).collect()
}

fn item(kind: TableItemKind) -> TableItem {
    TableItem {
        kind,
        blank_line_before: false,
    }
}

pub fn to_ast(schema: &Schema) -> File {
    ast_of(schema, true)
}

/// The AST of `schema`, with its rename hints when `hints` is set.
fn ast_of(schema: &Schema, hints: bool) -> File {
    let mut items = enum_items(schema, hints);
    items.extend(table_items(&schema.tables, hints));
    File { items }
}

fn table_items(tables: &[Table], hints: bool) -> Vec<Item> {
    tables.iter().map(|t| Item::Table(table_decl(t, hints))).collect()
}

fn enum_items(schema: &Schema, hints: bool) -> Vec<Item> {
    let mut items = Vec::new();
    for e in &schema.enums {
        items.push(Item::Enum(EnumDecl {
            name: ident(&e.name),
            db_name: (e.db_name != e.name.to_lowercase()).then(|| string(&e.db_name)),
            items: e
                .labels
                .iter()
                .map(|l| {
                    let attributes = e
                        .renamed_labels
                        .iter()
                        .filter(|(_, new)| hints && new == l)
                        .map(|(old, _)| {
                            let value = if pschema_syntax::is_identifier(old) {
                                Expr::Ident(ident(old))
                            } else {
                                Expr::String(string(old))
                            };
                            attr("renamed_from", Some(vec![arg(value)]))
                        })
                        .collect();
                    EnumItem::Label(EnumLabel {
                        value: l.clone(),
                        quoted: false,
                        attributes,
                        span: Span::default(),
                    })
                })
                .collect(),
            blank_line_before: false,
            span: Span::default(),
        }));
    }
    items
}

fn type_ref(column: &Column) -> TypeRef {
    let int = |n: u32| TypeArg::Integer {
        value: n.to_string(),
        span: Span::default(),
    };
    let (name, args) = match &column.ty {
        ColumnType::SmallInteger => ("SmallInteger".to_string(), None),
        ColumnType::Integer => ("Integer".to_string(), None),
        ColumnType::BigInteger => ("BigInteger".to_string(), None),
        ColumnType::String { length } => ("String".to_string(), length.map(|n| vec![int(n)])),
        ColumnType::Text => ("Text".to_string(), None),
        ColumnType::Boolean => ("Boolean".to_string(), None),
        ColumnType::Date => ("Date".to_string(), None),
        ColumnType::DateTime { timezone } => (
            "DateTime".to_string(),
            timezone.then(|| vec![TypeArg::Ident(ident("timezone"))]),
        ),
        ColumnType::Time => ("Time".to_string(), None),
        ColumnType::Float => ("Float".to_string(), None),
        ColumnType::Numeric { precision, scale } => {
            let args: Vec<TypeArg> = precision.iter().chain(scale.iter()).map(|n| int(*n)).collect();
            ("Numeric".to_string(), (!args.is_empty()).then_some(args))
        }
        ColumnType::Json => ("JSON".to_string(), None),
        ColumnType::LargeBinary => ("LargeBinary".to_string(), None),
        ColumnType::Enum(name) => (name.clone(), None),
    };
    TypeRef {
        name: ident(&name),
        args,
        optional: column.nullable,
        span: Span::default(),
    }
}

fn default_expr(value: &DefaultValue) -> Expr {
    match value {
        DefaultValue::Number(text) => Expr::Number {
            text: text.clone(),
            span: Span::default(),
        },
        DefaultValue::String(s) => Expr::String(string(s)),
        DefaultValue::Boolean(b) => Expr::Ident(ident(if *b { "true" } else { "false" })),
        DefaultValue::Now => Expr::Call {
            name: ident("now"),
            args: Vec::new(),
            span: Span::default(),
        },
        DefaultValue::Sql(sql) => Expr::Call {
            name: ident("sql"),
            args: vec![arg(Expr::String(string(sql)))],
            span: Span::default(),
        },
    }
}

fn table_decl(table: &Table, hints: bool) -> TableDecl {
    let single_pk = table
        .primary_key
        .as_ref()
        .filter(|pk| pk.name.is_none() && pk.columns.len() == 1)
        .map(|pk| pk.columns[0].clone());

    // Which indexes, unique constraints and foreign keys a column attribute can say.
    let mut column_index: Vec<Option<&Index>> = vec![None; table.columns.len()];
    let mut table_indexes: Vec<&Index> = Vec::new();
    for index in &table.indexes {
        let position = match index.columns.as_slice() {
            [one] => table.columns.iter().position(|c| &c.name == one),
            _ => None,
        };
        match position {
            Some(i) if column_index[i].is_none() => column_index[i] = Some(index),
            _ => table_indexes.push(index),
        }
    }
    let mut column_unique = vec![false; table.columns.len()];
    let mut table_uniques: Vec<&UniqueConstraint> = Vec::new();
    for unique in &table.uniques {
        let position = match (unique.name.as_ref(), unique.columns.as_slice()) {
            (None, [one]) => table.columns.iter().position(|c| &c.name == one),
            _ => None,
        };
        // `@unique` together with `@index` means a unique index, so a column
        // that has an index says its unique constraint at table level.
        match position {
            Some(i) if !column_unique[i] && column_index[i].is_none() => column_unique[i] = true,
            _ => table_uniques.push(unique),
        }
    }
    let mut column_fks: Vec<Vec<&ForeignKey>> = vec![Vec::new(); table.columns.len()];
    let mut table_fks: Vec<&ForeignKey> = Vec::new();
    for fk in &table.foreign_keys {
        let position = match (fk.columns.as_slice(), fk.ref_columns.len()) {
            ([one], 1) => table.columns.iter().position(|c| &c.name == one),
            _ => None,
        };
        match position {
            // One @references per column; a second key on the same column goes to table level.
            Some(i) if column_fks[i].is_empty() => column_fks[i].push(fk),
            _ => table_fks.push(fk),
        }
    }

    let mut items = Vec::new();
    for (i, column) in table.columns.iter().enumerate() {
        let mut attributes = Vec::new();
        if single_pk.as_deref() == Some(column.name.as_str()) {
            attributes.push(attr("id", None));
        }
        if let Some(default) = &column.default {
            attributes.push(attr("default", Some(vec![arg(default_expr(default))])));
        }
        if let Some(index) = column_index[i] {
            if index.unique {
                attributes.push(attr("unique", None));
            }
            let args = (index.name != column_index_name(&table.name, &column.name))
                .then(|| vec![named("name", Expr::Ident(ident(&index.name)))]);
            attributes.push(attr("index", args));
        } else if column_unique[i] {
            attributes.push(attr("unique", None));
        }
        for fk in &column_fks[i] {
            let mut args = vec![arg(Expr::Path {
                parts: vec![ident(&fk.ref_table), ident(&fk.ref_columns[0])],
                span: Span::default(),
            })];
            if fk.on_delete != ReferentialAction::NoAction {
                args.push(named("on_delete", Expr::Ident(ident(fk.on_delete.keyword()))));
            }
            if fk.on_update != ReferentialAction::NoAction {
                args.push(named("on_update", Expr::Ident(ident(fk.on_update.keyword()))));
            }
            if let Some(name) = &fk.name {
                args.push(named("name", Expr::Ident(ident(name))));
            }
            attributes.push(attr("references", Some(args)));
        }
        if let Some(length) = column.sqlite_length {
            attributes.push(attr(
                "sqlite_length",
                Some(vec![arg(Expr::Number {
                    text: length.to_string(),
                    span: Span::default(),
                })]),
            ));
        }
        if let Some(comment) = &column.comment {
            attributes.push(attr("comment", Some(vec![arg(Expr::String(string(comment)))])));
        }
        if let Some(old) = column.renamed_from.as_ref().filter(|_| hints) {
            attributes.push(attr("renamed_from", Some(vec![arg(Expr::Ident(ident(old)))])));
        }
        if let Some(fill) = column.fill.as_ref().filter(|_| hints) {
            attributes.push(attr("fill", Some(vec![arg(default_expr(fill))])));
        }
        items.push(item(TableItemKind::Column(ColumnDecl {
            name: ident(&column.name),
            ty: type_ref(column),
            attributes,
            span: Span::default(),
        })));
    }

    let mut extra = Vec::new();
    if let Some(pk) = &table.primary_key
        && single_pk.is_none()
    {
        extra.push(TableItemKind::PrimaryKey(PrimaryKeyDecl {
            name: pk.name.as_deref().map(ident),
            columns: idents(&pk.columns),
            span: Span::default(),
        }));
    }
    for index in table_indexes {
        extra.push(TableItemKind::Index(IndexDecl {
            unique: index.unique,
            name: ident(&index.name),
            columns: idents(&index.columns),
            span: Span::default(),
        }));
    }
    for unique in table_uniques {
        extra.push(TableItemKind::Unique(UniqueDecl {
            name: unique.name.as_deref().map(ident),
            columns: idents(&unique.columns),
            span: Span::default(),
        }));
    }
    for fk in table_fks {
        let mut options = Vec::new();
        if fk.on_delete != ReferentialAction::NoAction {
            options.push((ident("on_delete"), ident(fk.on_delete.keyword())));
        }
        if fk.on_update != ReferentialAction::NoAction {
            options.push((ident("on_update"), ident(fk.on_update.keyword())));
        }
        extra.push(TableItemKind::ForeignKey(ForeignKeyDecl {
            name: fk.name.as_deref().map(ident),
            columns: idents(&fk.columns),
            ref_table: ident(&fk.ref_table),
            ref_columns: idents(&fk.ref_columns),
            options,
            span: Span::default(),
        }));
    }
    for check in &table.checks {
        extra.push(TableItemKind::Check(CheckDecl {
            name: check.name.as_deref().map(ident),
            expression: string(&check.expression),
            span: Span::default(),
        }));
    }
    if let Some(comment) = &table.comment {
        extra.push(TableItemKind::Attribute(attr(
            "comment",
            Some(vec![arg(Expr::String(string(comment)))]),
        )));
    }
    if let Some(old) = table.renamed_from.as_ref().filter(|_| hints) {
        extra.push(TableItemKind::Attribute(attr(
            "renamed_from",
            Some(vec![arg(Expr::Ident(ident(old)))]),
        )));
    }
    for (i, kind) in extra.into_iter().enumerate() {
        items.push(TableItem {
            kind,
            blank_line_before: i == 0,
        });
    }

    TableDecl {
        name: ident(&table.name),
        items,
        blank_line_before: false,
        span: Span::default(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn printing_without_hints_is_printing_the_schema_without_them() {
        let schema = crate::parse_schema(
            "enum E { A B @renamed_from(C) }\n\
             table t { id Integer @id\n name Text @renamed_from(title)\n e E\n @@renamed_from(u) }",
        )
        .expect("valid schema");
        let printed = super::print_without_hints(&schema);
        assert_eq!(printed, super::print(&schema.without_rename_hints()));
        assert!(!printed.contains("renamed_from"), "{printed}");
        assert!(super::print(&schema).contains("@@renamed_from(u)"));
    }

    #[test]
    fn a_large_schema_printed_in_halves_is_the_text_of_the_whole() {
        let mut text = String::from("enum Status \"status\" {\n  ACTIVE\n  ARCHIVED\n}\n");
        for t in 0..super::HALVES_FROM + 7 {
            text.push_str(&format!(
                "table t{t} {{\n  id Integer @id\n  status Status @default(ACTIVE)\n  note String(20)? @index\n}}\n"
            ));
        }
        let schema = crate::parse_schema(&text).expect("valid schema");
        for hints in [false, true] {
            let whole = pschema_syntax::format(&super::ast_of(&schema, hints));
            assert_eq!(super::printed(&schema, hints), whole);
        }
        assert_eq!(crate::parse_schema(&super::print(&schema)).expect("it parses"), schema);
    }
}
