//! SQLite, written the way SQLAlchemy writes it, so that a database built by
//! pschema and one built by Alembic have the same `sqlite_master` text.

use crate::{Dialect, Plan, PlanError, Rebuild, StatementKind, ddl};
use pschema_diff::{Change, ColumnChange};
use pschema_schema::{Column, ColumnType, DefaultValue, Enum, Index, ReferentialAction, Schema, Table};
use std::collections::HashMap;

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

/// Quotes a name only where SQLAlchemy would on SQLite.
pub fn quote(name: &str) -> String {
    ddl::quote(name, RESERVED)
}

fn quote_list(names: &[String]) -> String {
    ddl::quote_list(names, quote)
}

pub fn string_literal(value: &str) -> String {
    ddl::string_literal(value)
}

fn column_type(column: &Column, enums: &EnumLengths) -> String {
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
        ColumnType::Enum(name) => format!(
            "VARCHAR({})",
            column.sqlite_length.map_or(enums.get(name), |n| n as usize)
        ),
    }
}

fn default_text(value: &DefaultValue) -> String {
    match value {
        DefaultValue::Number(n) => n.clone(),
        DefaultValue::String(s) => string_literal(s),
        DefaultValue::Boolean(b) => if *b { "1" } else { "0" }.to_string(),
        DefaultValue::Now => "CURRENT_TIMESTAMP".to_string(),
        DefaultValue::Sql(sql) => sql.clone(),
    }
}

/// SQLAlchemy's SQLite rule: a default that is not quoted or parenthesised and
/// holds a non-word character is wrapped in parentheses.
fn default_sql(value: &DefaultValue) -> String {
    let text = default_text(value);
    let starts_quoted = text.trim_start().starts_with(['\'', '"', '(']);
    let has_non_word = text.chars().any(|c| !(c.is_alphanumeric() || c == '_'));
    if !starts_quoted && has_non_word {
        format!("({text})")
    } else {
        text
    }
}

/// The length of each enum's longest label, as the migration goes: SQLite
/// columns of an enum are VARCHAR of that length.
#[derive(Debug, Clone, Default)]
pub struct EnumLengths(HashMap<String, usize>);

impl EnumLengths {
    pub fn of(schema: &Schema) -> EnumLengths {
        EnumLengths(
            schema
                .enums
                .iter()
                .map(|e| (e.name.clone(), e.longest_label()))
                .collect(),
        )
    }

    fn get(&self, name: &str) -> usize {
        self.0.get(name).copied().unwrap_or(0)
    }

    fn set(&mut self, e: &Enum) {
        self.0.insert(e.name.clone(), e.longest_label());
    }
}

fn column_sql(column: &Column, enums: &EnumLengths) -> String {
    let mut spec = format!("{} {}", quote(&column.name), column_type(column, enums));
    if let Some(default) = &column.default {
        spec.push_str(" DEFAULT ");
        spec.push_str(&default_sql(default));
    }
    if !column.nullable {
        spec.push_str(" NOT NULL");
    }
    spec
}

pub fn create_table_sql(table: &Table, enums: &EnumLengths) -> String {
    let mut parts: Vec<String> = table.columns.iter().map(|c| column_sql(c, enums)).collect();
    if let Some(pk) = &table.primary_key {
        parts.push(format!(
            "{}PRIMARY KEY ({})",
            constraint_name(&pk.name),
            quote_list(&pk.columns)
        ));
    }
    parts.extend(table.foreign_keys.iter().map(|fk| ddl::foreign_key(fk, quote)));
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
    ddl::constraint_prefix(name, quote)
}

pub fn create_index_sql(table: &str, index: &Index) -> String {
    ddl::create_index(table, index, quote)
}

fn drop_index_sql(index: &Index) -> String {
    format!("DROP INDEX {}", quote(&index.name))
}

/// The name a table is built under during a rebuild.
pub const REBUILD_PREFIX: &str = "_pschema_new_";

/// Plans `changes`; `source` is the schema they start from.
pub(crate) fn plan(changes: &[Change], source: &Schema) -> Result<Plan, PlanError> {
    let mut enums = EnumLengths::of(source);
    // An altered table holds its enum columns as the source had them until
    // its alteration: label changes leave it to that (see AlterEnum).
    let held = EnumLengths::of(source);
    let mut final_lengths = held.clone();
    for change in changes {
        if let Change::CreateEnum(e) | Change::AlterEnum { new: e, .. } = change {
            final_lengths.set(e);
        }
    }
    let mut plan = Plan::default();
    let mut checked = false;
    for (position, change) in changes.iter().enumerate() {
        match change {
            // SQLite has no enum types: the column is a VARCHAR.
            Change::CreateEnum(e) => enums.set(e),
            Change::DropEnum(_) => {}
            Change::AlterEnum {
                old,
                new,
                renamed,
                tables,
            } => {
                let before = enums.clone();
                enums.set(new);
                // A table the migration alters (before or after this, as in
                // a down migration) is rebuilt (or not) once, by its
                // alteration, which builds it with the labels' final lengths.
                let unaltered: Vec<Table> = tables
                    .iter()
                    .filter(|t| {
                        !changes
                            .iter()
                            .any(|c| matches!(c, Change::AlterTable { old, .. } if old.name == t.name))
                    })
                    .cloned()
                    .collect();
                alter_enum(&mut plan, old, new, renamed, tables, &unaltered, &before, &enums);
            }
            Change::CreateTable(table) => {
                plan.push(
                    Some(format!("Create table {}", table.name)),
                    create_table_sql(table, &enums),
                );
                for index in &table.indexes {
                    plan.push(None, create_index_sql(&table.name, index));
                }
            }
            Change::DropTable(table) => {
                // The table's indexes go with it: dropping each first would
                // cost SQLite a scan of its whole schema apiece.
                let sql = format!("DROP TABLE {}", quote(&table.name));
                let why = (!checked)
                    .then(|| why_check_the_drops(table, &changes[position + 1..]))
                    .flatten();
                checked |= why.is_some();
                let comment = match why {
                    Some(why) => format!("{why}\nDrop table {}", table.name),
                    None => format!("Drop table {}", table.name),
                };
                let kind = if checked {
                    StatementKind::Drop(table.name.clone())
                } else {
                    StatementKind::Plain
                };
                plan.push_kind(Some(comment), sql, kind);
            }
            Change::RenameTable { old, new } => {
                plan.push(
                    Some(format!("Rename table {old} to {new}")),
                    format!("ALTER TABLE {} RENAME TO {}", quote(old), quote(new)),
                );
            }
            Change::AlterTable { old, new, columns } => {
                alter_table(&mut plan, old, new, columns, &held, &final_lengths)
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
            Change::RenameIndex { table, old, new } => {
                // SQLite cannot rename an index: drop it and build it again.
                let definition = changes.iter().find_map(|c| match c {
                    Change::AlterTable { new: t, .. } if t.name == *table => {
                        t.indexes.iter().find(|i| i.name == *old).cloned()
                    }
                    _ => None,
                });
                let Some(index) = definition.or_else(|| index_in(source, old)) else {
                    return Err(PlanError::Unsupported {
                        dialect: Dialect::Sqlite,
                        change: format!("{} (the index's definition is unknown)", change.describe()),
                    });
                };
                let renamed = Index {
                    name: new.clone(),
                    ..index.clone()
                };
                plan.push(
                    Some(format!("Rename index {old} to {new} on {table}")),
                    drop_index_sql(&index),
                );
                plan.push(None, create_index_sql(table, &renamed));
            }
        }
    }
    Ok(plan)
}

/// Why dropping `table`, and the tables dropped after it, needs foreign keys
/// off and the references checked by the runner afterwards, if it does.
///
/// With foreign keys on, `DROP TABLE` first deletes every row, and fails on
/// a row that another one still points at: a row of a table of the same
/// cycle dropped after it, or a row of its own under `ON DELETE RESTRICT`.
/// Deferring the checks to the commit is not enough: SQLite cannot prepare
/// the delete of a table whose `ON DELETE CASCADE` acts on a table whose
/// parent is gone already ("no such table"). Dropped with foreign keys off
/// (a [`StatementKind::Drop`]), nothing is deleted row by row, and a
/// reference that remains, from a table the migration keeps, still fails
/// the migration when the runner checks it.
fn why_check_the_drops(table: &Table, later: &[Change]) -> Option<String> {
    if let Some((other, _)) = crate::references_dropped_later(later, &table.name).next() {
        return Some(format!(
            "{other} references {} and is dropped after it: drop them with foreign keys off,\n\
             then check what referenced them, not while their rows still point at each other",
            table.name
        ));
    }
    let restricts_itself = table
        .foreign_keys
        .iter()
        .any(|fk| fk.ref_table == table.name && fk.on_delete == ReferentialAction::Restrict);
    restricts_itself.then(|| {
        format!(
            "{t} references itself ON DELETE RESTRICT, which DROP TABLE would meet deleting\n\
             its rows one by one: drop it with foreign keys off, then check what referenced it",
            t = table.name
        )
    })
}

/// An index as `schema` has it.
fn index_in(schema: &Schema, index: &str) -> Option<Index> {
    // Index names are unique in the whole database.
    schema
        .tables
        .iter()
        .flat_map(|t| t.indexes.iter())
        .find(|i| i.name == index)
        .cloned()
}

#[allow(clippy::too_many_arguments)]
fn alter_enum(
    plan: &mut Plan,
    old: &Enum,
    new: &Enum,
    renamed: &[(String, String)],
    tables: &[Table],
    unaltered: &[Table],
    before: &EnumLengths,
    after: &EnumLengths,
) {
    let removed: Vec<&String> = old
        .labels
        .iter()
        .filter(|l| !new.labels.contains(l) && !renamed.iter().any(|(from, _)| from == *l))
        .collect();
    for table in tables {
        let columns: Vec<&Column> = table
            .columns
            .iter()
            .filter(|c| c.ty == ColumnType::Enum(new.name.clone()))
            .collect();
        if columns.is_empty() {
            continue;
        }
        // A removed label must not be in use: SQLite has no way to raise an
        // error in plain SQL, so a CHECK on a scratch table does it.
        for label in &removed {
            let uses: Vec<String> = columns
                .iter()
                .map(|c| {
                    format!(
                        "(SELECT count(*) FROM {} WHERE {} = {})",
                        quote(&table.name),
                        quote(&c.name),
                        string_literal(label)
                    )
                })
                .collect();
            plan.push(
                Some(format!("Enum {}: label {label} is removed; refuse if {} still uses it", new.name, table.name)),
                "CREATE TEMP TABLE _pschema_guard (rows_using_removed_label INTEGER CHECK (rows_using_removed_label = 0))"
                    .to_string(),
            );
            plan.push(
                None,
                format!("INSERT INTO _pschema_guard VALUES ({})", uses.join(" + ")),
            );
            plan.push(None, "DROP TABLE _pschema_guard".to_string());
        }
        if before.get(&new.name) != after.get(&new.name)
            && columns.iter().any(|c| c.sqlite_length.is_none())
            && unaltered.iter().any(|t| t.name == table.name)
        {
            // The VARCHAR length follows the longest label, unless pinned.
            let columns = Vec::new();
            rebuild(
                plan,
                table,
                table,
                &columns,
                after,
                &format!("enum {} labels changed", new.name),
            );
        }
        for (from, to) in renamed {
            for column in &columns {
                plan.push(
                    Some(format!("Enum {}: label {from} is now {to}", new.name)),
                    format!(
                        "UPDATE {} SET {} = {} WHERE {} = {}",
                        quote(&table.name),
                        quote(&column.name),
                        string_literal(to),
                        quote(&column.name),
                        string_literal(from)
                    ),
                );
            }
        }
    }
}

/// Why SQLite cannot add this column with `ALTER TABLE ... ADD COLUMN`, if
/// it cannot: it refuses keys, constraints, non-constant defaults and NOT
/// NULL without a default.
fn cannot_add_in_place(column: &Column, table: &Table) -> Option<String> {
    let name = &column.name;
    let mentioned = |columns: &[String]| columns.iter().any(|c| c == name);
    if matches!(column.default, Some(DefaultValue::Now | DefaultValue::Sql(_))) {
        Some(format!("new column {name} has a non-constant default"))
    } else if !column.nullable && column.default.is_none() {
        Some(format!("new column {name} is NOT NULL without a default"))
    } else if table.primary_key.as_ref().is_some_and(|pk| mentioned(&pk.columns))
        || table.foreign_keys.iter().any(|fk| mentioned(&fk.columns))
        || table.uniques.iter().any(|u| mentioned(&u.columns))
        || table.checks.iter().any(|c| c.expression.contains(name.as_str()))
    {
        Some(format!("new column {name} is part of a key or constraint"))
    } else {
        None
    }
}

/// Why SQLite cannot drop this column with `ALTER TABLE ... DROP COLUMN`, if
/// it cannot: it refuses columns of a key or constraint.
fn cannot_drop_in_place(column: &Column, table: &Table) -> Option<String> {
    let name = &column.name;
    let mentioned = |columns: &[String]| columns.iter().any(|c| c == name);
    let in_constraint = table.primary_key.as_ref().is_some_and(|pk| mentioned(&pk.columns))
        || table.foreign_keys.iter().any(|fk| mentioned(&fk.columns))
        || table.uniques.iter().any(|u| mentioned(&u.columns))
        || table.checks.iter().any(|c| c.expression.contains(name.as_str()));
    in_constraint.then(|| format!("dropped column {name} is part of a key or constraint"))
}

/// What the database can tell apart: comments live only in the schema.
fn without_comments(table: &Table) -> Table {
    let mut t = table.clone();
    t.comment = None;
    t.renamed_from = None;
    for c in &mut t.columns {
        c.comment = None;
        c.renamed_from = None;
    }
    t
}

/// Why the table must be rebuilt; empty when SQLite can ALTER it in place.
///
/// `held` gives the enum lengths the table's columns hold now (the source's),
/// `enums` those after the migration's label changes: an enum column whose
/// VARCHAR length changes is rebuilt, one whose `@sqlite_length` pins the
/// length it already has is not.
fn rebuild_reasons(
    old: &Table,
    new: &Table,
    columns: &[ColumnChange],
    held: &EnumLengths,
    enums: &EnumLengths,
) -> Vec<String> {
    let mut reasons = Vec::new();
    let sqlite_type_changes = |a: &Column, b: &Column| column_type(a, held) != column_type(b, enums);
    for change in columns {
        let reason = match change {
            ColumnChange::Rename { .. } => None,
            ColumnChange::Add(c) => cannot_add_in_place(c, new),
            ColumnChange::Drop(c) => cannot_drop_in_place(c, old),
            ColumnChange::Alter { old: a, new: b }
                if without_sqlite_length(a) != without_sqlite_length(b) || sqlite_type_changes(a, b) =>
            {
                Some(format!("column {}{}", b.name, pschema_diff::column_delta(a, b)))
            }
            // Only a comment, or a pinned length equal to the one held:
            // nothing for SQLite to do.
            ColumnChange::Alter { .. } => None,
        };
        reasons.extend(reason);
    }
    // Enum columns the migration does not alter, whose labels' length changed.
    for b in &new.columns {
        let altered = columns.iter().any(|c| match c {
            ColumnChange::Alter { new, .. } | ColumnChange::Add(new) => new.name == b.name,
            ColumnChange::Rename { .. } | ColumnChange::Drop(_) => false,
        });
        // A renamed column is found in the old table under its old name.
        let was_named = columns
            .iter()
            .find_map(|c| match c {
                ColumnChange::Rename { old, new } if *new == b.name => Some(old.as_str()),
                _ => None,
            })
            .unwrap_or(&b.name);
        if let (false, ColumnType::Enum(name), Some(a)) = (altered, &b.ty, old.column(was_named))
            && sqlite_type_changes(a, b)
        {
            reasons.push(format!("enum {name} labels changed"));
        }
    }
    let in_place = without_comments(&pschema_diff::apply_column_changes(old, columns));
    let target = without_comments(new);
    if reasons.is_empty() && in_place.columns != target.columns {
        reasons.push("new columns go between existing ones".to_string());
    }
    for (what, changed) in [
        ("the primary key changes", in_place.primary_key != target.primary_key),
        ("foreign keys change", in_place.foreign_keys != target.foreign_keys),
        ("unique constraints change", in_place.uniques != target.uniques),
        ("check constraints change", in_place.checks != target.checks),
    ] {
        if changed {
            reasons.push(what.to_string());
        }
    }
    reasons
}

/// One decision per table: ALTER in place when SQLite can do every change
/// and the result is exactly the new table, otherwise rebuild.
fn alter_table(
    plan: &mut Plan,
    old: &Table,
    new: &Table,
    columns: &[ColumnChange],
    held: &EnumLengths,
    enums: &EnumLengths,
) {
    let reasons = rebuild_reasons(old, new, columns, held, enums);
    if !reasons.is_empty() {
        rebuild(plan, old, new, columns, enums, &reasons.join("; "));
        return;
    }
    let t = quote(&new.name);
    for change in columns {
        match change {
            ColumnChange::Rename { old: from, new: to } => plan.push(
                Some(format!("Rename column {}.{from} to {to}", new.name)),
                format!("ALTER TABLE {t} RENAME COLUMN {} TO {}", quote(from), quote(to)),
            ),
            ColumnChange::Add(c) => plan.push(
                Some(format!("Add column {}.{}", new.name, c.name)),
                format!("ALTER TABLE {t} ADD COLUMN {}", column_sql(c, enums)),
            ),
            ColumnChange::Drop(c) => plan.push(
                Some(format!("Drop column {}.{}", new.name, c.name)),
                format!("ALTER TABLE {t} DROP COLUMN {}", quote(&c.name)),
            ),
            ColumnChange::Alter { .. } => {}
        }
    }
}

/// What SQLite can tell apart but its length: comments live only in the
/// schema, and the VARCHAR length is compared as SQLite holds it.
fn without_sqlite_length(column: &Column) -> Column {
    Column {
        comment: None,
        sqlite_length: None,
        ..column.clone()
    }
}

/// The documented rebuild: create the new table under a scratch name, copy
/// every row, drop the old table, rename the new one, rebuild its indexes.
/// Foreign keys are off for the whole migration (the runner sees the
/// directive); `legacy_alter_table` keeps SQLite from rewriting or checking
/// views and triggers during the rename, and the runner recreates them.
fn rebuild(plan: &mut Plan, old: &Table, new: &Table, columns: &[ColumnChange], after: &EnumLengths, why: &str) {
    let scratch = format!("{REBUILD_PREFIX}{}", new.name);
    let mut created = new.clone();
    created.name = scratch.clone();

    // Where each new column's value comes from.
    let mut copied: Vec<(String, String)> = Vec::new();
    for column in &new.columns {
        let source = columns.iter().find_map(|c| match c {
            ColumnChange::Rename { old: from, new: to } if *to == column.name => Some(from.clone()),
            _ => None,
        });
        let source_name = source.unwrap_or_else(|| column.name.clone());
        let added = columns
            .iter()
            .any(|c| matches!(c, ColumnChange::Add(a) if a.name == column.name));
        // The fill value travels with the column's change, not the table.
        let fill = columns.iter().find_map(|c| match c {
            ColumnChange::Add(a) | ColumnChange::Alter { new: a, .. } if a.name == column.name => a.fill.as_ref(),
            _ => None,
        });
        if added {
            // A new NOT NULL column without a default takes its fill value.
            if let Some(fill) = fill {
                copied.push((quote(&column.name), default_text(fill)));
            }
            continue;
        }
        let Some(old_column) = old.column(&source_name) else {
            continue;
        };
        let mut expression = quote(&old_column.name);
        if old_column.nullable
            && !column.nullable
            && let Some(value) = fill.or(column.default.as_ref())
        {
            expression = format!("coalesce({expression}, {})", default_text(value));
        }
        copied.push((quote(&column.name), expression));
    }

    // References into this table survive the copy when its keys keep their
    // values: every key column copied as it was.
    let key_columns: Vec<&String> = new
        .primary_key
        .iter()
        .flat_map(|pk| pk.columns.iter())
        .chain(new.uniques.iter().flat_map(|u| u.columns.iter()))
        .chain(new.indexes.iter().filter(|i| i.unique).flat_map(|i| i.columns.iter()))
        .collect();
    let keys_kept = key_columns.iter().all(|k| {
        let renamed_from = columns.iter().find_map(|c| match c {
            ColumnChange::Rename { old: from, new: to } if to == *k => Some(from),
            _ => None,
        });
        let source = renamed_from.unwrap_or(k);
        match (old.column(source), new.column(k)) {
            (Some(a), Some(b)) => a.ty == b.ty,
            _ => false,
        }
    });

    let t = quote(&new.name);
    let kind = StatementKind::Rebuild(Rebuild {
        table: new.name.clone(),
        check_references: !keys_kept,
    });
    let mut step = |comment: Option<String>, sql: String| plan.push_kind(comment, sql, kind.clone());
    step(
        Some(format!("Rebuild table {} ({why})", new.name)),
        "PRAGMA legacy_alter_table = ON".into(),
    );
    step(None, create_table_sql(&created, after));
    let (targets, sources): (Vec<String>, Vec<String>) = copied.into_iter().unzip();
    step(
        None,
        format!(
            "INSERT INTO {} ({}) SELECT {} FROM {t}",
            quote(&scratch),
            targets.join(", "),
            sources.join(", ")
        ),
    );
    step(None, format!("DROP TABLE {t}"));
    step(None, format!("ALTER TABLE {} RENAME TO {t}", quote(&scratch)));
    for index in &new.indexes {
        step(None, create_index_sql(&new.name, index));
    }
    step(None, "PRAGMA legacy_alter_table = OFF".into());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schema(text: &str) -> Schema {
        pschema_schema::parse_schema(text).expect("valid test schema")
    }

    const CYCLE: &str = "table a { id Integer @id\n b_id Integer? @references(b.id) }\n\
                         table b { id Integer @id\n a_id Integer @references(a.id) }\n\
                         table c { id Integer @id\n a_id Integer @references(a.id) }";

    /// The tables the plan drops with the runner's check, in order.
    fn checked_drops(changes: &[Change], old: &Schema) -> Vec<String> {
        plan(changes, old)
            .unwrap()
            .statements
            .into_iter()
            .filter_map(|s| match s.kind {
                StatementKind::Drop(table) => Some(table),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn dropping_tables_that_reference_each_other_is_checked_from_the_first_of_them() {
        // DROP TABLE deletes the rows first; with b's rows still pointing at
        // a's, that fails with foreign keys on.
        let old = schema(CYCLE);
        let changes = pschema_diff::diff(&old, &Schema::default());
        let checked = checked_drops(&changes, &old);
        assert!(
            checked.contains(&"a".to_string()) && checked.contains(&"b".to_string()),
            "{checked:?}"
        );
        assert!(!plan(&changes, &old).unwrap().to_sql().contains("defer_foreign_keys"));
        // Created again, they may refer forward: SQLite resolves references
        // when rows are written, not when tables are made.
        let down = plan(&pschema_diff::invert(&changes), &Schema::default()).unwrap();
        assert!(
            down.statements.iter().all(|s| s.kind == StatementKind::Plain),
            "{down:?}"
        );
    }

    #[test]
    fn dropping_a_table_that_restricts_deleting_its_own_rows_is_checked() {
        // DROP TABLE deletes row by row, and RESTRICT is checked at once.
        let old = schema("table a { id Integer @id\n parent_id Integer? @references(a.id, on_delete: restrict) }");
        let changes = pschema_diff::diff(&old, &Schema::default());
        assert_eq!(checked_drops(&changes, &old), ["a"]);
        // Without RESTRICT the rows go in one statement, checked at its end.
        let old = schema("table a { id Integer @id\n parent_id Integer? @references(a.id) }");
        let changes = pschema_diff::diff(&old, &Schema::default());
        assert!(checked_drops(&changes, &old).is_empty());
    }

    #[test]
    fn dropping_a_parent_and_its_child_needs_no_check() {
        let old = schema("table a { id Integer @id }\ntable b { id Integer @id\n a_id Integer @references(a.id) }");
        let changes = pschema_diff::diff(&old, &Schema::default());
        assert!(checked_drops(&changes, &old).is_empty());
    }

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

    #[test]
    fn a_renamed_enum_column_follows_its_labels_new_length() {
        // Found by migration_property: the column was renamed in place and
        // kept VARCHAR(1) while its longest label became 11 characters.
        let old = schema("enum Kind {\n A\n B\n}\ntable t { id Integer @id\n c0 Kind? }");
        let new = schema(
            "enum Kind {\n A\n RENAMED_102 @renamed_from(B)\n}\ntable t { id Integer @id\n r101 Kind? @renamed_from(c0) }",
        );
        let changes = pschema_diff::diff(&old, &new);
        let up = plan(&changes, &old).unwrap().to_sql();
        assert!(up.contains("r101 VARCHAR(11)"), "{up}");
        let down = plan(&pschema_diff::invert(&changes), &new).unwrap().to_sql();
        assert!(down.contains("c0 VARCHAR(1)"), "{down}");
    }
}
