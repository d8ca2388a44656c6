//! SQLite, written the way SQLAlchemy writes it, so that a database built by
//! pschema and one built by Alembic have the same `sqlite_master` text.

use crate::{Dialect, Plan, PlanError};
use pschema_diff::Change;
use pschema_schema::{Column, ColumnType, DefaultValue, Index, Schema, Table};

/// SQLAlchemy's SQLite reserved words: these names get quoted.
const RESERVED: &[&str] = &[
    "add",
    "after",
    "all",
    "alter",
    "analyze",
    "and",
    "as",
    "asc",
    "attach",
    "autoincrement",
    "before",
    "begin",
    "between",
    "by",
    "cascade",
    "case",
    "cast",
    "check",
    "collate",
    "column",
    "commit",
    "conflict",
    "constraint",
    "create",
    "cross",
    "current_date",
    "current_time",
    "current_timestamp",
    "database",
    "default",
    "deferrable",
    "deferred",
    "delete",
    "desc",
    "detach",
    "distinct",
    "drop",
    "each",
    "else",
    "end",
    "escape",
    "except",
    "exclusive",
    "exists",
    "explain",
    "false",
    "fail",
    "for",
    "foreign",
    "from",
    "full",
    "glob",
    "group",
    "having",
    "if",
    "ignore",
    "immediate",
    "in",
    "index",
    "indexed",
    "initially",
    "inner",
    "insert",
    "instead",
    "intersect",
    "into",
    "is",
    "isnull",
    "join",
    "key",
    "left",
    "like",
    "limit",
    "match",
    "natural",
    "not",
    "notnull",
    "null",
    "of",
    "offset",
    "on",
    "or",
    "order",
    "outer",
    "plan",
    "pragma",
    "primary",
    "query",
    "raise",
    "references",
    "reindex",
    "rename",
    "replace",
    "restrict",
    "right",
    "rollback",
    "row",
    "select",
    "set",
    "table",
    "temp",
    "temporary",
    "then",
    "to",
    "transaction",
    "trigger",
    "true",
    "union",
    "unique",
    "update",
    "using",
    "vacuum",
    "values",
    "view",
    "virtual",
    "when",
    "where",
];

/// Quotes a name only where SQLAlchemy would: reserved words, and names that
/// are not all lower case.
pub fn quote(name: &str) -> String {
    let plain = name.chars().next().is_some_and(|c| c.is_ascii_lowercase() || c == '_')
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '$');
    if plain && !RESERVED.contains(&name) {
        name.to_string()
    } else {
        format!("\"{}\"", name.replace('"', "\"\""))
    }
}

fn quote_list(names: &[String]) -> String {
    names.iter().map(|n| quote(n)).collect::<Vec<_>>().join(", ")
}

pub fn string_literal(value: &str) -> String {
    format!("'{}'", value.replace('\'', "''"))
}

fn column_type(column: &Column, schema_enums: &dyn Fn(&str) -> usize) -> String {
    match &column.ty {
        ColumnType::SmallInteger => "SMALLINT".into(),
        ColumnType::Integer => "INTEGER".into(),
        ColumnType::BigInteger => "BIGINT".into(),
        ColumnType::String { length: Some(n) } => format!("VARCHAR({n})"),
        ColumnType::String { length: None } => "VARCHAR".into(),
        ColumnType::Text => "TEXT".into(),
        ColumnType::Boolean => "BOOLEAN".into(),
        ColumnType::Date => "DATE".into(),
        ColumnType::DateTime { .. } => "DATETIME".into(),
        ColumnType::Time => "TIME".into(),
        ColumnType::Float => "FLOAT".into(),
        ColumnType::Numeric {
            precision: Some(p),
            scale: Some(s),
        } => format!("NUMERIC({p}, {s})"),
        ColumnType::Numeric {
            precision: Some(p),
            scale: None,
        } => format!("NUMERIC({p})"),
        ColumnType::Numeric { .. } => "NUMERIC".into(),
        ColumnType::Json => "JSON".into(),
        ColumnType::LargeBinary => "BLOB".into(),
        // SQLAlchemy's non-native enum: VARCHAR as long as the longest label, no CHECK.
        ColumnType::Enum(name) => format!("VARCHAR({})", schema_enums(name)),
    }
}

/// SQLAlchemy's SQLite rule: a default that is not quoted or parenthesised and
/// holds a non-word character is wrapped in parentheses.
fn default_sql(value: &DefaultValue) -> String {
    let text = match value {
        DefaultValue::Number(n) => n.clone(),
        DefaultValue::String(s) => string_literal(s),
        DefaultValue::Boolean(b) => if *b { "1" } else { "0" }.to_string(),
        DefaultValue::Now => "CURRENT_TIMESTAMP".to_string(),
        DefaultValue::Sql(sql) => sql.clone(),
    };
    let starts_quoted = text.trim_start().starts_with(['\'', '"', '(']);
    let has_non_word = text.chars().any(|c| !(c.is_alphanumeric() || c == '_'));
    if !starts_quoted && has_non_word {
        format!("({text})")
    } else {
        text
    }
}

/// The enum lengths a table's columns need, looked up in the schema that
/// declares them.
pub struct EnumLengths<'a>(pub &'a [pschema_schema::Enum]);

impl EnumLengths<'_> {
    fn get(&self, name: &str) -> usize {
        self.0.iter().find(|e| e.name == name).map_or(0, |e| e.longest_label())
    }
}

pub fn create_table_sql(table: &Table, enums: &EnumLengths<'_>) -> String {
    let lookup = |name: &str| enums.get(name);
    let mut parts: Vec<String> = Vec::new();
    for column in &table.columns {
        let mut spec = format!("{} {}", quote(&column.name), column_type(column, &lookup));
        if let Some(default) = &column.default {
            spec.push_str(" DEFAULT ");
            spec.push_str(&default_sql(default));
        }
        if !column.nullable {
            spec.push_str(" NOT NULL");
        }
        parts.push(spec);
    }
    if let Some(pk) = &table.primary_key {
        parts.push(format!(
            "{}PRIMARY KEY ({})",
            constraint_name(&pk.name),
            quote_list(&pk.columns)
        ));
    }
    for fk in &table.foreign_keys {
        let mut spec = format!(
            "{}FOREIGN KEY({}) REFERENCES {} ({})",
            constraint_name(&fk.name),
            quote_list(&fk.columns),
            quote(&fk.ref_table),
            quote_list(&fk.ref_columns)
        );
        if fk.on_delete != pschema_schema::ReferentialAction::NoAction {
            spec.push_str(" ON DELETE ");
            spec.push_str(fk.on_delete.sql());
        }
        if fk.on_update != pschema_schema::ReferentialAction::NoAction {
            spec.push_str(" ON UPDATE ");
            spec.push_str(fk.on_update.sql());
        }
        parts.push(spec);
    }
    for unique in &table.uniques {
        parts.push(format!(
            "{}UNIQUE ({})",
            constraint_name(&unique.name),
            quote_list(&unique.columns)
        ));
    }
    for check in &table.checks {
        parts.push(format!("{}CHECK ({})", constraint_name(&check.name), check.expression));
    }
    format!("CREATE TABLE {} (\n\t{}\n)", quote(&table.name), parts.join(", \n\t"))
}

fn constraint_name(name: &Option<String>) -> String {
    name.as_ref()
        .map(|n| format!("CONSTRAINT {} ", quote(n)))
        .unwrap_or_default()
}

pub fn create_index_sql(table: &str, index: &Index) -> String {
    format!(
        "CREATE {}INDEX {} ON {} ({})",
        if index.unique { "UNIQUE " } else { "" },
        quote(&index.name),
        quote(table),
        quote_list(&index.columns)
    )
}

fn drop_index_sql(index: &Index) -> String {
    format!("DROP INDEX {}", quote(&index.name))
}

/// Plans `changes`; `target` is the schema they lead to, where the enums of
/// the tables they create are found.
pub(crate) fn plan(changes: &[Change], target: &Schema) -> Result<Plan, PlanError> {
    let lengths = EnumLengths(&target.enums);
    let mut plan = Plan::default();
    for change in changes {
        match change {
            // SQLite has no enum types: the column is a VARCHAR.
            Change::CreateEnum(_) | Change::DropEnum(_) => {}
            Change::CreateTable(table) => {
                plan.push(
                    Some(format!("Create table {}", table.name)),
                    create_table_sql(table, &lengths),
                );
                for index in &table.indexes {
                    plan.push(None, create_index_sql(&table.name, index));
                }
            }
            Change::DropTable(table) => {
                let mut comment = Some(format!("Drop table {}", table.name));
                for index in table.indexes.iter().rev() {
                    plan.push(comment.take(), drop_index_sql(index));
                }
                plan.push(comment.take(), format!("DROP TABLE {}", quote(&table.name)));
            }
            Change::CreateIndex { table, index } => {
                plan.push(
                    Some(format!("Create index {} on {table}", index.name)),
                    create_index_sql(table, index),
                );
            }
            Change::DropIndex { table, index } => {
                plan.push(
                    Some(format!("Drop index {} on {table}", index.name)),
                    drop_index_sql(index),
                );
            }
            other @ (Change::AlterEnum { .. } | Change::RenameTable { .. } | Change::AlterTable { .. }) => {
                return Err(PlanError::Unsupported {
                    dialect: Dialect::Sqlite,
                    change: other.describe(),
                });
            }
        }
    }
    Ok(plan)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_only_what_sqlalchemy_quotes() {
        assert_eq!(quote("timestamp"), "timestamp");
        assert_eq!(quote("order"), "\"order\"");
        assert_eq!(quote("Users"), "\"Users\"");
    }

    #[test]
    fn defaults_follow_sqlalchemys_parenthesis_rule() {
        assert_eq!(default_sql(&DefaultValue::Now), "CURRENT_TIMESTAMP");
        assert_eq!(default_sql(&DefaultValue::Number("0".into())), "0");
        assert_eq!(default_sql(&DefaultValue::Number("-1".into())), "(-1)");
        assert_eq!(default_sql(&DefaultValue::String("it's".into())), "'it''s'");
        assert_eq!(default_sql(&DefaultValue::Sql("lower('A')".into())), "(lower('A'))");
    }
}
