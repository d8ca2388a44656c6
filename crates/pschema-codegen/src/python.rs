//! The SQLAlchemy module: one `MetaData`, a `Table` per table and an enum
//! class with its `sa.Enum` type per schema enum, so that declarative models
//! take `__table__` from it and cannot drift from the schema. Every argument
//! is worked out here; the template (`templates/python/schema.py.askama`)
//! only loops and prints.
//!
//! What SQLAlchemy's `metadata.create_all` builds from the module is what
//! pschema's planner builds from the schema (the tests compare the two by
//! introspection on SQLite and PostgreSQL): the same types, nullability,
//! server defaults, keys (SERIAL where the planner makes one, through an
//! explicit `autoincrement`), foreign keys, indexes and constraints.

use crate::names::{self, Item, NameError, Namespace};
use crate::{Error, Options, serial_column};
use askama::Template;
use pschema_schema::{Column, ColumnType, DefaultValue, ReferentialAction, Schema, Table};
use std::collections::HashMap;

#[derive(Template)]
#[template(path = "python/schema.py.askama", escape = "none")]
struct ModuleTemplate<'a> {
    header: &'a str,
    source: String,
    enums: Vec<EnumView>,
    tables: Vec<TableView>,
    all: Vec<String>,
}

struct EnumView {
    class: String,
    doc_name: String,
    type_object: String,
    db_name: String,
    members: Vec<(String, String)>,
}

struct TableView {
    variable: String,
    name: String,
    arguments: Vec<String>,
}

/// A Python string literal.
pub fn literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{FEFF}') => {
                let code = c as u32;
                if code <= 0xFF {
                    out.push_str(&format!("\\x{code:02x}"));
                } else {
                    out.push_str(&format!("\\u{code:04x}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// SQL for `sa.text`, whose `:name` would otherwise be a bind parameter.
fn text_clause(sql: &str) -> String {
    format!("sa.text({})", literal(&sql.replace(':', "\\:")))
}

pub(crate) struct PythonNames {
    tables: HashMap<String, String>,
    enums: HashMap<String, (String, String)>,
    members: HashMap<(String, String), String>,
}

pub(crate) fn names(schema: &Schema) -> Result<PythonNames, Vec<NameError>> {
    let mut errors = Vec::new();
    let mut module = Namespace::new("Python");
    let mut out = PythonNames {
        tables: HashMap::new(),
        enums: HashMap::new(),
        members: HashMap::new(),
    };
    for e in &schema.enums {
        let item = Item::Enum(e.name.clone());
        let class = names::python_name(&e.name);
        let type_object = names::python_name(&format!("{}Type", e.name));
        module.claim(Some(&class), &item, &mut errors);
        module.claim(Some(&type_object), &item, &mut errors);
        out.enums.insert(e.name.clone(), (class, type_object));
        let mut members = Namespace::new("Python enum member");
        for label in &e.labels {
            let item = Item::Label {
                enum_name: e.name.clone(),
                label: label.clone(),
            };
            let member = names::python_member(label);
            members.claim(member.as_deref(), &item, &mut errors);
            out.members
                .insert((e.name.clone(), label.clone()), member.unwrap_or_default());
        }
    }
    for t in &schema.tables {
        let variable = names::python_name(&t.name);
        module.claim(Some(&variable), &Item::Table(t.name.clone()), &mut errors);
        out.tables.insert(t.name.clone(), variable);
    }
    if errors.is_empty() { Ok(out) } else { Err(errors) }
}

fn type_expression(ty: &ColumnType, names: &PythonNames) -> String {
    match ty {
        ColumnType::SmallInteger => "sa.SmallInteger()".into(),
        ColumnType::Integer => "sa.Integer()".into(),
        ColumnType::BigInteger => "sa.BigInteger()".into(),
        ColumnType::String { length: Some(n) } => format!("sa.String({n})"),
        ColumnType::String { length: None } => "sa.String()".into(),
        ColumnType::Text => "sa.Text()".into(),
        ColumnType::Boolean => "sa.Boolean()".into(),
        ColumnType::Date => "sa.Date()".into(),
        ColumnType::DateTime { timezone: false } => "sa.DateTime()".into(),
        ColumnType::DateTime { timezone: true } => "sa.DateTime(timezone=True)".into(),
        ColumnType::Time => "sa.Time()".into(),
        ColumnType::Float => "sa.Float()".into(),
        ColumnType::Numeric {
            precision: Some(p),
            scale: Some(s),
        } => format!("sa.Numeric({p}, {s})"),
        ColumnType::Numeric {
            precision: Some(p),
            scale: None,
        } => format!("sa.Numeric({p})"),
        ColumnType::Numeric { .. } => "sa.Numeric()".into(),
        ColumnType::Json => "sa.JSON()".into(),
        ColumnType::LargeBinary => "sa.LargeBinary()".into(),
        ColumnType::Enum(name) => names.enums.get(name).map_or_else(|| name.clone(), |(_, t)| t.clone()),
    }
}

/// SQLAlchemy's server default, rendered per dialect as pschema's planner
/// renders it (`CURRENT_TIMESTAMP` and `1` on SQLite, `now()` and `true` on
/// PostgreSQL).
fn default_expression(value: &DefaultValue) -> String {
    match value {
        DefaultValue::Number(n) => text_clause(n),
        DefaultValue::String(s) => literal(s),
        DefaultValue::Boolean(true) => "sa.true()".into(),
        DefaultValue::Boolean(false) => "sa.false()".into(),
        DefaultValue::Now => "sa.func.now()".into(),
        DefaultValue::Sql(sql) => text_clause(sql),
    }
}

fn action(a: ReferentialAction) -> Option<String> {
    (a != ReferentialAction::NoAction).then(|| literal(a.sql()))
}

fn names_list(columns: &[String]) -> String {
    columns.iter().map(|c| literal(c)).collect::<Vec<_>>().join(", ")
}

fn column_argument(table: &Table, column: &Column, names: &PythonNames) -> String {
    let mut ty = type_expression(&column.ty, names);
    if let (ColumnType::Enum(_), Some(n)) = (&column.ty, column.sqlite_length) {
        // `@sqlite_length`: SQLite holds VARCHAR(n), not the longest label's.
        ty = format!("{ty}.with_variant(sa.String({n}), \"sqlite\")");
    }
    let mut parts = vec![literal(&column.name), ty];
    let key = table
        .primary_key
        .as_ref()
        .filter(|pk| pk.columns == [column.name.clone()]);
    if let Some(pk) = key {
        if pk.name.is_none() {
            parts.push("primary_key=True".into());
        }
        let serial = serial_column(table).is_some_and(|c| c.name == column.name);
        parts.push(format!("autoincrement={}", if serial { "True" } else { "False" }));
    }
    if let Some(default) = &column.default {
        parts.push(format!("server_default={}", default_expression(default)));
    }
    parts.push(format!("nullable={}", if column.nullable { "True" } else { "False" }));
    if let Some(comment) = &column.comment {
        parts.push(format!("comment={}", literal(comment)));
    }
    format!("sa.Column({})", parts.join(", "))
}

fn table_arguments(table: &Table, names: &PythonNames) -> Vec<String> {
    let mut args = vec![literal(&table.name), "metadata".to_string()];
    args.extend(table.columns.iter().map(|c| column_argument(table, c, names)));
    // Constraints in the order the planner writes them, which is the order
    // SQLAlchemy writes them in (by creation).
    if let Some(pk) = &table.primary_key
        && (pk.name.is_some() || pk.columns.len() > 1)
    {
        let mut parts = vec![names_list(&pk.columns)];
        parts.extend(pk.name.iter().map(|n| format!("name={}", literal(n))));
        args.push(format!("sa.PrimaryKeyConstraint({})", parts.join(", ")));
    }
    for fk in &table.foreign_keys {
        let targets: Vec<String> = fk.ref_columns.iter().map(|c| format!("{}.{c}", fk.ref_table)).collect();
        let mut parts = vec![
            format!("[{}]", names_list(&fk.columns)),
            format!("[{}]", names_list(&targets)),
        ];
        parts.extend(fk.name.iter().map(|n| format!("name={}", literal(n))));
        parts.extend(action(fk.on_delete).map(|a| format!("ondelete={a}")));
        parts.extend(action(fk.on_update).map(|a| format!("onupdate={a}")));
        args.push(format!("sa.ForeignKeyConstraint({})", parts.join(", ")));
    }
    for unique in &table.uniques {
        let mut parts = vec![names_list(&unique.columns)];
        parts.extend(unique.name.iter().map(|n| format!("name={}", literal(n))));
        args.push(format!("sa.UniqueConstraint({})", parts.join(", ")));
    }
    for check in &table.checks {
        let mut parts = vec![text_clause(&check.expression)];
        parts.extend(check.name.iter().map(|n| format!("name={}", literal(n))));
        args.push(format!("sa.CheckConstraint({})", parts.join(", ")));
    }
    for index in &table.indexes {
        let mut parts = vec![literal(&index.name), names_list(&index.columns)];
        if index.unique {
            parts.push("unique=True".into());
        }
        args.push(format!("sa.Index({})", parts.join(", ")));
    }
    if let Some(comment) = &table.comment {
        args.push(format!("comment={}", literal(comment)));
    }
    args
}

/// The SQLAlchemy module of `schema`.
pub fn render(schema: &Schema, options: &Options<'_>) -> Result<String, Error> {
    let names = names(schema).map_err(Error::Names)?;
    let enums: Vec<EnumView> = schema
        .enums
        .iter()
        .map(|e| {
            let (class, type_object) = names.enums[&e.name].clone();
            EnumView {
                class,
                doc_name: e.db_name.escape_debug().to_string(),
                type_object,
                db_name: literal(&e.db_name),
                members: e
                    .labels
                    .iter()
                    .map(|l| (names.members[&(e.name.clone(), l.clone())].clone(), literal(l)))
                    .collect(),
            }
        })
        .collect();
    let tables: Vec<TableView> = schema
        .tables
        .iter()
        .map(|t| TableView {
            variable: names.tables[&t.name].clone(),
            name: t.name.clone(),
            arguments: table_arguments(t, &names),
        })
        .collect();
    let mut all = vec![literal("metadata")];
    for e in &enums {
        all.push(literal(&e.class));
        all.push(literal(&e.type_object));
    }
    all.extend(tables.iter().map(|t| literal(&t.variable)));
    let header = options.python_header();
    Ok(ModuleTemplate {
        header: &header,
        source: options.source.escape_debug().to_string(),
        enums,
        tables,
        all,
    }
    .render()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_literals() {
        assert_eq!(literal("a\"b\\c\nd"), r#""a\"b\\c\nd""#);
        assert_eq!(literal("\u{1}é"), "\"\\x01é\"");
        assert_eq!(text_clause("'12:00'::time"), r#"sa.text("'12\\:00'\\:\\:time")"#);
    }
}
