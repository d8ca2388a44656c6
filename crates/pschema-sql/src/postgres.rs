//! PostgreSQL, written the way SQLAlchemy writes it (SERIAL primary keys,
//! named enum types, `TIMESTAMP WITHOUT TIME ZONE`), so that a database built by
//! pschema matches one built by Alembic from the same model.
//!
//! PostgreSQL alters tables in place, so there is no rebuild here: columns are
//! added, dropped, renamed and retyped (`USING col::type`), constraints dropped
//! and added, enum types altered with `ADD VALUE` / `RENAME VALUE`, or swapped
//! for a new type when a label goes away or the order changes.

use crate::{Dialect, Plan, PlanError, StatementKind, ddl, online};
use pschema_diff::{Change, ColumnChange};
use pschema_schema::{
    CheckConstraint, Column, ColumnType, DefaultValue, Enum, ForeignKey, Index, PrimaryKey, Schema, Table,
    UniqueConstraint,
};
use std::collections::{HashMap, HashSet};

/// SQLAlchemy's PostgreSQL reserved words: these names get quoted.
const RESERVED: &[&str] = &[
    "all",
    "analyse",
    "analyze",
    "and",
    "any",
    "array",
    "as",
    "asc",
    "asymmetric",
    "authorization",
    "between",
    "binary",
    "both",
    "case",
    "cast",
    "check",
    "collate",
    "column",
    "concurrently",
    "constraint",
    "create",
    "cross",
    "current_catalog",
    "current_date",
    "current_role",
    "current_schema",
    "current_time",
    "current_timestamp",
    "current_user",
    "default",
    "deferrable",
    "desc",
    "distinct",
    "do",
    "else",
    "end",
    "except",
    "false",
    "fetch",
    "for",
    "foreign",
    "freeze",
    "from",
    "full",
    "grant",
    "group",
    "having",
    "ilike",
    "in",
    "initially",
    "inner",
    "intersect",
    "into",
    "is",
    "isnull",
    "join",
    "lateral",
    "leading",
    "left",
    "like",
    "limit",
    "localtime",
    "localtimestamp",
    "natural",
    "not",
    "notnull",
    "null",
    "offset",
    "on",
    "only",
    "or",
    "order",
    "outer",
    "over",
    "overlaps",
    "placing",
    "primary",
    "references",
    "returning",
    "right",
    "select",
    "session_user",
    "similar",
    "some",
    "symmetric",
    "table",
    "tablesample",
    "then",
    "to",
    "trailing",
    "true",
    "union",
    "unique",
    "user",
    "using",
    "variadic",
    "verbose",
    "when",
    "where",
    "window",
    "with",
];

/// Quotes a name only where SQLAlchemy would on PostgreSQL.
pub fn quote(name: &str) -> String {
    ddl::quote(name, RESERVED)
}

fn quote_list(names: &[String]) -> String {
    ddl::quote_list(names, quote)
}

/// Database type names of the enums, as the migration goes.
#[derive(Debug, Clone, Default)]
struct EnumNames(HashMap<String, String>);

impl EnumNames {
    fn of(schema: &Schema) -> EnumNames {
        EnumNames(
            schema
                .enums
                .iter()
                .map(|e| (e.name.clone(), e.db_name.clone()))
                .collect(),
        )
    }

    fn get(&self, name: &str) -> String {
        quote(self.0.get(name).map_or(name, String::as_str))
    }

    fn set(&mut self, e: &Enum) {
        self.0.insert(e.name.clone(), e.db_name.clone());
    }
}

fn type_sql(ty: &ColumnType, enums: &EnumNames) -> String {
    match ty {
        ColumnType::SmallInteger => "SMALLINT".into(),
        ColumnType::Integer => "INTEGER".into(),
        ColumnType::BigInteger => "BIGINT".into(),
        ColumnType::String { length: Some(n) } => format!("VARCHAR({n})"),
        ColumnType::String { length: None } => "VARCHAR".into(),
        ColumnType::Text => "TEXT".into(),
        ColumnType::Boolean => "BOOLEAN".into(),
        ColumnType::Date => "DATE".into(),
        ColumnType::DateTime { timezone: false } => "TIMESTAMP WITHOUT TIME ZONE".into(),
        ColumnType::DateTime { timezone: true } => "TIMESTAMP WITH TIME ZONE".into(),
        ColumnType::Time => "TIME WITHOUT TIME ZONE".into(),
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
        ColumnType::LargeBinary => "BYTEA".into(),
        ColumnType::Enum(name) => enums.get(name),
    }
}

fn default_sql(value: &DefaultValue) -> String {
    match value {
        DefaultValue::Number(n) => n.clone(),
        DefaultValue::String(s) => ddl::string_literal(s),
        DefaultValue::Boolean(b) => if *b { "true" } else { "false" }.to_string(),
        DefaultValue::Now => "now()".to_string(),
        DefaultValue::Sql(sql) => sql.clone(),
    }
}

/// SQLAlchemy's `autoincrement="auto"`: the one integer column of a primary
/// key, with no default and no foreign key, becomes SERIAL.
fn is_serial(column: &Column, table: &Table) -> bool {
    let single_pk = table
        .primary_key
        .as_ref()
        .is_some_and(|pk| pk.columns == [column.name.clone()]);
    single_pk
        && column.ty.is_integer()
        && column.default.is_none()
        && !table.foreign_keys.iter().any(|fk| fk.columns.contains(&column.name))
}

fn column_sql(column: &Column, table: &Table, enums: &EnumNames) -> String {
    let ty = if is_serial(column, table) {
        match column.ty {
            ColumnType::SmallInteger => "SMALLSERIAL".to_string(),
            ColumnType::BigInteger => "BIGSERIAL".to_string(),
            _ => "SERIAL".to_string(),
        }
    } else {
        type_sql(&column.ty, enums)
    };
    let mut spec = format!("{} {ty}", quote(&column.name));
    if let Some(default) = &column.default {
        spec.push_str(" DEFAULT ");
        spec.push_str(&default_sql(default));
    }
    if !column.nullable {
        spec.push_str(" NOT NULL");
    }
    spec
}

fn constraint_prefix(name: &Option<String>) -> String {
    ddl::constraint_prefix(name, quote)
}

fn foreign_key_sql(fk: &ForeignKey) -> String {
    ddl::foreign_key(fk, quote)
}

/// The name PostgreSQL gives a foreign key it is not told the name of
/// (`ChooseConstraintName` over `makeObjectName`): the table, the columns
/// joined by `_`, `fkey`, the longer of the first two cut, one byte at a
/// time, until the whole fits in 63 bytes. A key added by `ALTER TABLE` is
/// written with this name, so that it is the key `CREATE TABLE` would have made.
fn default_foreign_key_name(table: &str, columns: &[String]) -> String {
    default_constraint_name(table, columns, "fkey")
}

/// PostgreSQL's name for a constraint of `columns` labelled `label` (`fkey`,
/// `key`), see [`default_foreign_key_name`].
fn default_constraint_name(table: &str, columns: &[String], label: &str) -> String {
    const MAX: usize = 63;
    let mut addition = String::new();
    for column in columns {
        if !addition.is_empty() {
            addition.push('_');
        }
        addition.push_str(column);
        if addition.len() > MAX {
            break;
        }
    }
    let available = MAX - (1 + label.len() + 1);
    let (mut first, mut second) = (table.len(), addition.len());
    while first + second > available {
        if first > second {
            first -= 1;
        } else {
            second -= 1;
        }
    }
    let clip = |text: &str, mut n: usize| {
        while !text.is_char_boundary(n) {
            n -= 1;
        }
        text[..n].to_string()
    };
    format!("{}_{}_{label}", clip(table, first), clip(&addition, second))
}

/// The name PostgreSQL gives an unnamed check: the table, the first column
/// the expression mentions, `check`. pschema writes it out, so that it can
/// drop the constraint later by name.
fn check_name(table: &Table, check: &CheckConstraint) -> String {
    if let Some(name) = &check.name {
        return name.clone();
    }
    let words: Vec<&str> = check
        .expression
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .collect();
    match words.iter().find(|w| table.column(w).is_some()) {
        Some(column) => format!("{}_{column}_check", table.name),
        None => format!("{}_check", table.name),
    }
}

fn check_sql(table: &Table, check: &CheckConstraint) -> String {
    format!(
        "CONSTRAINT {} CHECK ({})",
        quote(&check_name(table, check)),
        check.expression
    )
}

fn unique_sql(unique: &UniqueConstraint) -> String {
    format!(
        "{}UNIQUE ({})",
        constraint_prefix(&unique.name),
        quote_list(&unique.columns)
    )
}

fn primary_key_sql(pk: &PrimaryKey) -> String {
    format!(
        "{}PRIMARY KEY ({})",
        constraint_prefix(&pk.name),
        quote_list(&pk.columns)
    )
}

/// `CREATE TABLE`, without the foreign keys in `later` (added once the
/// tables they reference exist).
fn create_table_sql(table: &Table, enums: &EnumNames, later: &[&ForeignKey]) -> String {
    let mut parts: Vec<String> = table.columns.iter().map(|c| column_sql(c, table, enums)).collect();
    if let Some(pk) = &table.primary_key {
        parts.push(primary_key_sql(pk));
    }
    parts.extend(
        table
            .foreign_keys
            .iter()
            .filter(|fk| !later.contains(fk))
            .map(foreign_key_sql),
    );
    parts.extend(table.uniques.iter().map(unique_sql));
    parts.extend(table.checks.iter().map(|c| check_sql(table, c)));
    format!("CREATE TABLE {} (\n\t{}\n)", quote(&table.name), parts.join(", \n\t"))
}

fn create_index_sql(table: &str, index: &Index) -> String {
    ddl::create_index(table, index, quote)
}

fn create_enum_sql(e: &Enum) -> String {
    let labels: Vec<String> = e.labels.iter().map(|l| ddl::string_literal(l)).collect();
    format!("CREATE TYPE {} AS ENUM ({})", quote(&e.db_name), labels.join(", "))
}

fn comments(plan: &mut Plan, table: &Table) {
    if let Some(comment) = &table.comment {
        plan.push(
            None,
            format!(
                "COMMENT ON TABLE {} IS {}",
                quote(&table.name),
                ddl::string_literal(comment)
            ),
        );
    }
    for column in &table.columns {
        if let Some(comment) = &column.comment {
            plan.push(
                None,
                format!(
                    "COMMENT ON COLUMN {}.{} IS {}",
                    quote(&table.name),
                    quote(&column.name),
                    ddl::string_literal(comment)
                ),
            );
        }
    }
}

/// Drops a check. An unnamed one was named after its table when it was made,
/// and a later rename of the table does not follow: it is found by the
/// columns it reads instead (preferring PostgreSQL's own naming pattern when
/// several checks read the same columns).
fn drop_check(table: &str, old: &Table, check: &CheckConstraint) -> String {
    if let Some(name) = &check.name {
        return format!("ALTER TABLE {} DROP CONSTRAINT {}", quote(table), quote(name));
    }
    let mut columns: Vec<&str> = Vec::new();
    for word in check.expression.split(|c: char| !(c.is_alphanumeric() || c == '_')) {
        if old.column(word).is_some() && !columns.contains(&word) {
            columns.push(word);
        }
    }
    columns.sort();
    let list: Vec<String> = columns.iter().map(|c| ddl::string_literal(c)).collect();
    let suffix = columns.first().map_or("check".to_string(), |c| format!("{c}_check"));
    format!(
        "DO $$\nDECLARE found text;\nBEGIN\n\
         \tSELECT c.conname INTO found FROM pg_constraint c\n\
         \tWHERE c.conrelid = {rel}::regclass AND c.contype = 'c'\n\
         \tAND coalesce((SELECT array_agg(a.attname::text ORDER BY a.attname::text) FROM pg_attribute a\n\
         \t\tWHERE a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey)), '{{}}') = ARRAY[{cols}]::text[]\n\
         \tORDER BY right(c.conname, {len}) = {suffix} DESC, c.conname LIMIT 1;\n\
         \tEXECUTE format('ALTER TABLE %I DROP CONSTRAINT %I', {tbl}, found);\n\
         END $$",
        rel = ddl::string_literal(&quote(table)),
        cols = list.join(", "),
        len = suffix.len(),
        suffix = ddl::string_literal(&suffix),
        tbl = ddl::string_literal(table),
    )
}

/// Drops the constraint of `kind` (`f`, `u`, `p`) on exactly these columns,
/// whatever PostgreSQL named it when it was made: a name given by the database
/// follows the column names of the day, which renames do not update.
fn drop_constraint_on(table: &str, kind: char, columns: &[String], name: &Option<String>) -> String {
    if let Some(name) = name {
        return format!("ALTER TABLE {} DROP CONSTRAINT {}", quote(table), quote(name));
    }
    let list: Vec<String> = columns.iter().map(|c| ddl::string_literal(c)).collect();
    format!(
        "DO $$\nDECLARE found text;\nBEGIN\n\
         \tSELECT c.conname INTO found FROM pg_constraint c\n\
         \tWHERE c.conrelid = {rel}::regclass AND c.contype = '{kind}'\n\
         \tAND c.conkey = (SELECT array_agg(a.attnum ORDER BY k.n) FROM unnest(ARRAY[{cols}]) WITH ORDINALITY AS k(name, n)\n\
         \t\tJOIN pg_attribute a ON a.attrelid = {rel}::regclass AND a.attname = k.name);\n\
         \tEXECUTE format('ALTER TABLE %I DROP CONSTRAINT %I', {tbl}, found);\n\
         END $$",
        rel = ddl::string_literal(&quote(table)),
        cols = list.join(", "),
        tbl = ddl::string_literal(table),
    )
}

pub(crate) fn plan(changes: &[Change], source: &Schema) -> Result<Plan, PlanError> {
    let mut enums = EnumNames::of(source);
    let mut plan = Plan::default();
    // The tables that exist as the plan goes, and the foreign keys of created
    // tables that wait for the table they reference (a cycle: whichever
    // table comes first refers to one not made yet).
    let mut existing: HashSet<String> = source.tables.iter().map(|t| t.name.clone()).collect();
    // Tables made by this plan hold no rows yet: they need no lock-safe forms.
    let mut created: HashSet<String> = HashSet::new();
    let mut later = online::Later::default();
    let referenced = referenced_keys(changes);
    let mut waiting: Vec<(String, ForeignKey)> = Vec::new();
    // Label renames run first, in both directions. Going up the diff puts the
    // enum changes first anyway; going down they come after every table change
    // is undone, and those changes speak of the labels by the names the
    // renames give back (a default restored as `'member'` before `MEMBER` is
    // renamed back to `member` would fail). A rename touches no row and no
    // column, so nothing before it can depend on the old names.
    for change in changes {
        if let Change::AlterEnum { old, new, renamed, .. } = change {
            rename_labels(&mut plan, old, new, renamed);
        }
    }
    for (position, change) in changes.iter().enumerate() {
        match change {
            Change::CreateEnum(e) => {
                enums.set(e);
                plan.push(Some(format!("Create enum {}", e.name)), create_enum_sql(e));
            }
            Change::DropEnum(e) => {
                plan.push(
                    Some(format!("Drop enum {}", e.name)),
                    format!("DROP TYPE {}", quote(&e.db_name)),
                );
            }
            Change::AlterEnum {
                old,
                new,
                renamed,
                tables,
            } => {
                alter_enum(&mut plan, old, new, renamed, tables, &enums);
                enums.set(new);
            }
            Change::CreateTable(table) => {
                let later: Vec<&ForeignKey> = table
                    .foreign_keys
                    .iter()
                    .filter(|fk| fk.ref_table != table.name && !existing.contains(&fk.ref_table))
                    .collect();
                let mut comment = format!("Create table {}", table.name);
                for fk in &later {
                    comment.push_str(&format!(
                        "\n(its reference to {} is added once {} exists)",
                        fk.ref_table, fk.ref_table
                    ));
                }
                plan.push(Some(comment), create_table_sql(table, &enums, &later));
                for index in &table.indexes {
                    plan.push(None, create_index_sql(&table.name, index));
                }
                comments(&mut plan, table);
                existing.insert(table.name.clone());
                created.insert(table.name.clone());
                waiting.extend(later.into_iter().map(|fk| (table.name.clone(), fk.clone())));
                let (ready, still): (Vec<_>, Vec<_>) = std::mem::take(&mut waiting)
                    .into_iter()
                    .partition(|(_, fk)| existing.contains(&fk.ref_table));
                waiting = still;
                for (child, fk) in ready {
                    close_cycle(&mut plan, &child, fk);
                }
            }
            Change::DropTable(table) => {
                // A table of a cycle that is dropped after this one still
                // references it: that reference goes first. PostgreSQL refuses
                // to drop a referenced table, and CASCADE could take objects
                // the migration does not know about with it.
                for (other, fk) in crate::references_dropped_later(&changes[position + 1..], &table.name) {
                    plan.push(
                        Some(format!(
                            "{other} references {} and is dropped after it: drop that foreign key first",
                            table.name
                        )),
                        drop_constraint_on(other, 'f', &fk.columns, &fk.name),
                    );
                }
                // The table's indexes go with it.
                plan.push(
                    Some(format!("Drop table {}", table.name)),
                    format!("DROP TABLE {}", quote(&table.name)),
                );
                existing.remove(&table.name);
            }
            Change::RenameTable { old, new } => {
                later.renamed(old, new);
                existing.remove(old);
                existing.insert(new.clone());
                plan.push(
                    Some(format!("Rename table {old} to {new}")),
                    format!("ALTER TABLE {} RENAME TO {}", quote(old), quote(new)),
                );
            }
            Change::AlterTable { old, new, columns } => {
                let table = AlteredTable {
                    old,
                    new,
                    columns,
                    referenced: &referenced,
                };
                alter_table(&mut plan, &mut later, &table, &enums)
            }
            Change::CreateIndex { table, index } if !created.contains(table) => later.index(table, index),
            Change::CreateIndex { table, index } => {
                plan.push(
                    Some(format!("Create index {} on {table}", index.name)),
                    create_index_sql(table, index),
                );
            }
            Change::DropIndex { table, index } => plan.push(
                Some(format!("Drop index {} on {table}", index.name)),
                format!("DROP INDEX {}", quote(&index.name)),
            ),
            Change::RenameIndex { table, old, new } => plan.push(
                Some(format!("Rename index {old} to {new} on {table}")),
                format!("ALTER INDEX {} RENAME TO {}", quote(old), quote(new)),
            ),
        }
    }
    later.finish(&mut plan);
    if let Some((child, fk)) = waiting.first() {
        return Err(PlanError::Unsupported {
            dialect: Dialect::Postgres,
            change: format!(
                "create table {child} (it references {}, which neither exists nor is created)",
                fk.ref_table
            ),
        });
    }
    Ok(plan)
}

/// Adds a foreign key that waited for the table it references, under the
/// name PostgreSQL would have given it in `CREATE TABLE`, so that the
/// database is the one a single `CREATE TABLE` would have made.
fn close_cycle(plan: &mut Plan, child: &str, mut fk: ForeignKey) {
    if fk.name.is_none() {
        fk.name = Some(default_foreign_key_name(child, &fk.columns));
    }
    plan.push(
        Some(format!(
            "Close the foreign-key cycle: {child} references {}, which did not exist when {child} was created",
            fk.ref_table
        )),
        format!("ALTER TABLE {} ADD {}", quote(child), foreign_key_sql(&fk)),
    );
}

fn rename_labels(plan: &mut Plan, old: &Enum, new: &Enum, renamed: &[(String, String)]) {
    let current = quote(&old.db_name);
    for (from, to) in renamed {
        plan.push(
            Some(format!("Enum {}: label {from} is now {to}", new.name)),
            format!(
                "ALTER TYPE {current} RENAME VALUE {} TO {}",
                ddl::string_literal(from),
                ddl::string_literal(to)
            ),
        );
    }
}

fn alter_enum(
    plan: &mut Plan,
    old: &Enum,
    new: &Enum,
    renamed: &[(String, String)],
    tables: &[Table],
    enums: &EnumNames,
) {
    let current = quote(&old.db_name);
    let mut labels_after_renames: Vec<String> = old
        .labels
        .iter()
        .map(|l| {
            renamed
                .iter()
                .find(|(from, _)| from == l)
                .map_or(l.clone(), |(_, to)| to.clone())
        })
        .collect();
    // The renames themselves ran first (`rename_labels`).
    let removed = labels_after_renames.iter().any(|l| !new.labels.contains(l));
    // What ADD VALUE can reach: the kept labels in their order, new ones
    // slotted in between.
    let kept: Vec<&String> = new.labels.iter().filter(|l| labels_after_renames.contains(l)).collect();
    let kept_in_old_order: Vec<&String> = labels_after_renames.iter().filter(|l| new.labels.contains(l)).collect();
    if !removed && kept == kept_in_old_order {
        for (i, label) in new.labels.iter().enumerate() {
            if labels_after_renames.contains(label) {
                continue;
            }
            // The statement runs before the migration's transaction, so
            // before its renames: name the neighbour as it is then.
            let as_before = |label: &String| {
                renamed
                    .iter()
                    .find(|(_, to)| to == label)
                    .map_or(label.clone(), |(from, _)| from.clone())
            };
            let position = match new.labels[..i].iter().rev().find(|l| labels_after_renames.contains(l)) {
                Some(before) => format!(" AFTER {}", ddl::string_literal(&as_before(before))),
                None => match new.labels[i + 1..].iter().find(|l| labels_after_renames.contains(l)) {
                    Some(after) => format!(" BEFORE {}", ddl::string_literal(&as_before(after))),
                    None => String::new(),
                },
            };
            // A label added in a transaction cannot be used before that
            // transaction commits: the runner runs this statement on its own,
            // first; IF NOT EXISTS makes running it again harmless.
            plan.push_kind(
                Some(format!("Enum {}: add label {label}", new.name)),
                format!(
                    "ALTER TYPE {current} ADD VALUE IF NOT EXISTS {}{position}",
                    ddl::string_literal(label)
                ),
                StatementKind::NoTransaction,
            );
            labels_after_renames.push(label.clone());
        }
        if old.db_name != new.db_name {
            plan.push(
                Some(format!("Enum {}: the type is now {}", new.name, new.db_name)),
                format!("ALTER TYPE {current} RENAME TO {}", quote(&new.db_name)),
            );
        }
        return;
    }
    // A label goes away, or the order changes: build the new type, move every
    // column to it (a row that holds a removed label fails the cast, and the
    // migration with it), drop the old type.
    let scratch = quote(&format!("{}_old", old.db_name));
    plan.push(
        Some(format!("Enum {}: labels removed or reordered; swap the type", new.name)),
        format!("ALTER TYPE {current} RENAME TO {scratch}"),
    );
    plan.push(None, create_enum_sql(new));
    for table in tables {
        for column in table
            .columns
            .iter()
            .filter(|c| c.ty == ColumnType::Enum(new.name.clone()))
        {
            let t = quote(&table.name);
            let c = quote(&column.name);
            if column.default.is_some() {
                plan.push(None, format!("ALTER TABLE {t} ALTER COLUMN {c} DROP DEFAULT"));
            }
            plan.push(
                None,
                format!(
                    "ALTER TABLE {t} ALTER COLUMN {c} TYPE {} USING {c}::text::{}",
                    quote(&new.db_name),
                    quote(&new.db_name)
                ),
            );
            if let Some(default) = &column.default {
                plan.push(
                    None,
                    format!("ALTER TABLE {t} ALTER COLUMN {c} SET DEFAULT {}", default_sql(default)),
                );
            }
        }
    }
    plan.push(None, format!("DROP TYPE {scratch}"));
    let _ = enums;
}

/// The keys foreign keys of the plan reference, `(table, columns)`: a unique
/// constraint one of them needs must exist when it is added, so it is not
/// left to a later step.
fn referenced_keys(changes: &[Change]) -> HashSet<(String, Vec<String>)> {
    changes
        .iter()
        .flat_map(|c| match c {
            Change::CreateTable(t) => t.foreign_keys.iter().collect(),
            Change::AlterTable { new, .. } => new.foreign_keys.iter().collect(),
            _ => Vec::new(),
        })
        .map(|fk| (fk.ref_table.clone(), fk.ref_columns.clone()))
        .collect()
}

/// A table the plan alters, with what the plan needs to know around it.
struct AlteredTable<'a> {
    old: &'a Table,
    new: &'a Table,
    columns: &'a [ColumnChange],
    referenced: &'a HashSet<(String, Vec<String>)>,
}

/// Alters a table that existed before the migration, in the lock-safe forms
/// of [`online`] where a plain statement would scan it under a lock that
/// stops writes.
fn alter_table(plan: &mut Plan, later: &mut online::Later, altered: &AlteredTable<'_>, enums: &EnumNames) {
    let AlteredTable { old, new, columns, .. } = *altered;
    let t = quote(&new.name);
    let renamed_old = pschema_diff::apply_column_changes(old, columns);
    let mut first = Some(format!("Alter table {}", new.name));
    let mut push = |plan: &mut Plan, sql: String| plan.push(first.take(), sql);

    // Constraints that go away, before the columns they use change.
    if renamed_old.primary_key != new.primary_key
        && let Some(pk) = &old.primary_key
    {
        push(plan, drop_constraint_on(&new.name, 'p', &pk.columns, &pk.name));
    }
    for fk in old
        .foreign_keys
        .iter()
        .filter(|fk| !new.foreign_keys.contains(&renamed_fk(fk, &new.name, columns)))
    {
        push(plan, drop_constraint_on(&new.name, 'f', &fk.columns, &fk.name));
    }
    for unique in old
        .uniques
        .iter()
        .filter(|u| !new.uniques.contains(&renamed_unique(u, columns)))
    {
        push(plan, drop_constraint_on(&new.name, 'u', &unique.columns, &unique.name));
    }
    for check in old.checks.iter().filter(|c| !new.checks.contains(c)) {
        push(plan, drop_check(&new.name, old, check));
    }

    for change in columns {
        match change {
            ColumnChange::Rename { old: from, new: to } => {
                push(
                    plan,
                    format!("ALTER TABLE {t} RENAME COLUMN {} TO {}", quote(from), quote(to)),
                );
                later.column_renamed(&new.name, from, to);
            }
            ColumnChange::Add(c) => match (&c.fill, &c.default, c.nullable) {
                // NOT NULL without a default: the rows there take the fill
                // value, through a default that goes again at once.
                (Some(fill), None, false) => {
                    let filled = Column {
                        default: Some(fill.clone()),
                        ..c.clone()
                    };
                    push(
                        plan,
                        format!("ALTER TABLE {t} ADD COLUMN {}", column_sql(&filled, new, enums)),
                    );
                    push(
                        plan,
                        format!("ALTER TABLE {t} ALTER COLUMN {} DROP DEFAULT", quote(&c.name)),
                    );
                }
                _ => push(
                    plan,
                    format!("ALTER TABLE {t} ADD COLUMN {}", column_sql(c, new, enums)),
                ),
            },
            ColumnChange::Drop(c) => push(plan, format!("ALTER TABLE {t} DROP COLUMN {}", quote(&c.name))),
            ColumnChange::Alter { old: a, new: b } => {
                let c = quote(&b.name);
                if a.ty != b.ty {
                    if a.default.is_some() {
                        push(plan, format!("ALTER TABLE {t} ALTER COLUMN {c} DROP DEFAULT"));
                    }
                    let ty = type_sql(&b.ty, enums);
                    let cast = match (&a.ty, &b.ty) {
                        (ColumnType::Enum(_), _) | (_, ColumnType::Enum(_)) => format!("{c}::text::{ty}"),
                        // PostgreSQL casts boolean only to and from integer.
                        (ColumnType::Boolean, ColumnType::Integer) | (ColumnType::Integer, ColumnType::Boolean) => {
                            format!("{c}::{ty}")
                        }
                        (ColumnType::Boolean, _) | (_, ColumnType::Boolean) => format!("{c}::integer::{ty}"),
                        _ => format!("{c}::{ty}"),
                    };
                    push(plan, format!("ALTER TABLE {t} ALTER COLUMN {c} TYPE {ty} USING {cast}"));
                }
                if a.default != b.default || (a.ty != b.ty && b.default.is_some()) {
                    match &b.default {
                        Some(d) => push(
                            plan,
                            format!("ALTER TABLE {t} ALTER COLUMN {c} SET DEFAULT {}", default_sql(d)),
                        ),
                        None if a.ty == b.ty => push(plan, format!("ALTER TABLE {t} ALTER COLUMN {c} DROP DEFAULT")),
                        None => {}
                    }
                }
                if a.nullable && !b.nullable {
                    if let Some(d) = b.fill.as_ref().or(b.default.as_ref()) {
                        push(
                            plan,
                            format!("UPDATE {t} SET {c} = {} WHERE {c} IS NULL", default_sql(d)),
                        );
                    }
                    let check = online::not_null_check_name(&new.name, &b.name);
                    push(
                        plan,
                        format!(
                            "ALTER TABLE {t} ADD CONSTRAINT {} CHECK ({c} IS NOT NULL) NOT VALID",
                            quote(&check)
                        ),
                    );
                    later.set_not_null(&new.name, &b.name, &check);
                } else if !a.nullable && b.nullable {
                    push(plan, format!("ALTER TABLE {t} ALTER COLUMN {c} DROP NOT NULL"));
                }
                if a.comment != b.comment {
                    let comment = b.comment.as_deref().map_or("NULL".to_string(), ddl::string_literal);
                    push(plan, format!("COMMENT ON COLUMN {t}.{c} IS {comment}"));
                }
            }
        }
    }

    // A column that stops or starts being the table's SERIAL key loses or
    // gains its sequence.
    for column in &new.columns {
        let Some(before) = renamed_old.column(&column.name) else {
            continue;
        };
        let c = quote(&column.name);
        match (is_serial(before, &renamed_old), is_serial(column, new)) {
            (true, false) => {
                push(plan, format!("ALTER TABLE {t} ALTER COLUMN {c} DROP DEFAULT"));
                push(
                    plan,
                    format!(
                        "DO $$ BEGIN EXECUTE 'DROP SEQUENCE IF EXISTS ' || pg_get_serial_sequence({}, {}); END $$",
                        ddl::string_literal(&quote(&new.name)),
                        ddl::string_literal(&column.name)
                    ),
                );
            }
            (false, true) => {
                let sequence = quote(&format!("{}_{}_seq", new.name, column.name));
                push(plan, format!("CREATE SEQUENCE {sequence} OWNED BY {t}.{c}"));
                push(
                    plan,
                    format!("ALTER TABLE {t} ALTER COLUMN {c} SET DEFAULT nextval('{sequence}'::regclass)"),
                );
                push(
                    plan,
                    format!(
                        "SELECT setval('{sequence}'::regclass, coalesce((SELECT max({c}) FROM {t}), 0) + 1, false)"
                    ),
                );
            }
            _ => {}
        }
    }

    // Constraints that come, once their columns exist.
    if renamed_old.primary_key != new.primary_key
        && let Some(pk) = &new.primary_key
    {
        push(plan, format!("ALTER TABLE {t} ADD {}", primary_key_sql(pk)));
    }
    for fk in new
        .foreign_keys
        .iter()
        .filter(|fk| !renamed_old.foreign_keys.contains(fk))
    {
        let name = fk
            .name
            .clone()
            .unwrap_or_else(|| default_foreign_key_name(&new.name, &fk.columns));
        let named = ForeignKey {
            name: Some(name.clone()),
            ..fk.clone()
        };
        push(
            plan,
            format!("ALTER TABLE {t} ADD {} NOT VALID", foreign_key_sql(&named)),
        );
        later.validate(&new.name, &name, "foreign key");
    }
    for unique in new.uniques.iter().filter(|u| !renamed_old.uniques.contains(u)) {
        if altered.referenced.contains(&(new.name.clone(), unique.columns.clone())) {
            push(plan, format!("ALTER TABLE {t} ADD {}", unique_sql(unique)));
        } else {
            let name = unique
                .name
                .clone()
                .unwrap_or_else(|| default_constraint_name(&new.name, &unique.columns, "key"));
            later.unique(&new.name, &name, &unique.columns);
        }
    }
    for check in new.checks.iter().filter(|c| !old.checks.contains(c)) {
        push(plan, format!("ALTER TABLE {t} ADD {} NOT VALID", check_sql(new, check)));
        later.validate(&new.name, &check_name(new, check), "check");
    }
    if old.comment != new.comment {
        let comment = new.comment.as_deref().map_or("NULL".to_string(), ddl::string_literal);
        push(plan, format!("COMMENT ON TABLE {t} IS {comment}"));
    }
}

fn rename(names: &[String], columns: &[ColumnChange]) -> Vec<String> {
    names
        .iter()
        .map(|n| {
            columns
                .iter()
                .find_map(|c| match c {
                    ColumnChange::Rename { old, new } if old == n => Some(new.clone()),
                    _ => None,
                })
                .unwrap_or_else(|| n.clone())
        })
        .collect()
}

/// `fk` as it reads once the table's column renames applied.
fn renamed_fk(fk: &ForeignKey, table: &str, columns: &[ColumnChange]) -> ForeignKey {
    let mut fk = fk.clone();
    fk.columns = rename(&fk.columns, columns);
    if fk.ref_table == table {
        fk.ref_columns = rename(&fk.ref_columns, columns);
    }
    fk
}

fn renamed_unique(unique: &UniqueConstraint, columns: &[ColumnChange]) -> UniqueConstraint {
    UniqueConstraint {
        name: unique.name.clone(),
        columns: rename(&unique.columns, columns),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schema(text: &str) -> Schema {
        pschema_schema::parse_schema(text).expect("valid test schema")
    }

    const CYCLE: &str = "table departments { id Integer @id\n manager_id Integer? @references(employees.id) }\n\
                         table employees { id Integer @id\n department_id Integer @references(departments.id)\n \
                         mentor_id Integer? @references(employees.id) }";

    fn position(sql: &str, needle: &str) -> usize {
        sql.find(needle).unwrap_or_else(|| panic!("no `{needle}` in:\n{sql}"))
    }

    #[test]
    fn a_cycle_is_created_without_its_closing_foreign_key_then_closed() {
        let new = schema(CYCLE);
        let changes = pschema_diff::diff(&Schema::default(), &new);
        let sql = plan(&changes, &Schema::default()).unwrap().to_sql();
        // employees comes first (departments refers to it); its reference to
        // departments waits until departments exists. The self-reference stays inline.
        let employees = position(&sql, "CREATE TABLE employees");
        let departments = position(&sql, "CREATE TABLE departments");
        assert!(employees < departments, "{sql}");
        let created = &sql[employees..departments];
        assert!(!created.contains("REFERENCES departments"), "{sql}");
        assert!(
            created.contains("FOREIGN KEY(mentor_id) REFERENCES employees (id)"),
            "{sql}"
        );
        let closing = position(
            &sql,
            "ALTER TABLE employees ADD CONSTRAINT employees_department_id_fkey FOREIGN KEY(department_id) REFERENCES departments (id);",
        );
        assert!(departments < closing, "{sql}");
        assert!(created.contains("id SERIAL NOT NULL"), "{sql}");

        // A key that is also a reference waiting for its table is still no SERIAL.
        let new = schema(
            "table users { id Integer @id\n profile_id Integer? @references(profiles.id) }\n\
             table profiles { id Integer @id @references(users.id) }",
        );
        let changes = pschema_diff::diff(&Schema::default(), &new);
        let sql = plan(&changes, &Schema::default()).unwrap().to_sql();
        assert!(sql.contains("CREATE TABLE profiles (\n\tid INTEGER NOT NULL"), "{sql}");
        position(
            &sql,
            "ALTER TABLE profiles ADD CONSTRAINT profiles_id_fkey FOREIGN KEY(id) REFERENCES users (id);",
        );
    }

    #[test]
    fn a_cycle_is_dropped_after_the_foreign_key_that_closes_it() {
        let old = schema(CYCLE);
        let changes = pschema_diff::diff(&old, &Schema::default());
        let sql = plan(&changes, &old).unwrap().to_sql();
        let departments = position(&sql, "DROP TABLE departments;");
        let employees = position(&sql, "DROP TABLE employees;");
        let fk = position(&sql, "c.conrelid = 'employees'::regclass AND c.contype = 'f'");
        assert!(fk < departments && departments < employees, "{sql}");
        assert!(!sql.contains("CASCADE"), "{sql}");
        // Only the reference into the table dropped first goes before.
        assert_eq!(sql.matches("DROP CONSTRAINT").count(), 1, "{sql}");
    }

    #[test]
    fn label_renames_run_before_the_table_changes_that_name_the_labels_in_both_directions() {
        // Up renames `member` and drops the default that names it; down must
        // rename the label back before it restores `DEFAULT 'member'`, which
        // PostgreSQL refuses while the label is still `MEMBER`.
        let old =
            schema("enum Role \"role\" {\n owner\n member\n}\ntable m { id Integer @id\n role Role @default(member) }");
        let new = schema(
            "enum Role \"role\" {\n OWNER @renamed_from(owner)\n MEMBER @renamed_from(member)\n ADMIN\n}\ntable m { id Integer @id\n role Role }",
        );
        let up = pschema_diff::diff(&old, &new);
        let sql = plan(&up, &old).unwrap().to_sql();
        let rename = position(&sql, "ALTER TYPE role RENAME VALUE 'member' TO 'MEMBER'");
        assert!(
            rename < position(&sql, "ALTER TABLE m ALTER COLUMN role DROP DEFAULT"),
            "{sql}"
        );

        let mut after = new.clone();
        for e in &mut after.enums {
            e.renamed_labels.clear();
        }
        let down = pschema_diff::invert(&up);
        let sql = plan(&down, &after).unwrap().to_sql();
        let back = position(&sql, "ALTER TYPE role RENAME VALUE 'MEMBER' TO 'member'");
        let default = position(&sql, "ALTER TABLE m ALTER COLUMN role SET DEFAULT 'member'");
        assert!(back < default, "{sql}");
        // ADMIN goes again by a type swap, after the renames.
        assert!(back < position(&sql, "ALTER TYPE role RENAME TO role_old"), "{sql}");
        assert_eq!(sql.matches("RENAME VALUE").count(), 2, "{sql}");
    }

    #[test]
    fn foreign_keys_are_named_as_postgresql_names_them() {
        // Names checked against PostgreSQL 15.
        assert_eq!(
            default_foreign_key_name("short", &["x_id".into(), "y_key".into()]),
            "short_x_id_y_key_fkey"
        );
        assert_eq!(
            default_foreign_key_name(
                "a_rather_long_table_name_for_engagement_review_findings",
                &["the_column_that_references_the_parent_table_by_id".into()]
            ),
            "a_rather_long_table_name_for__the_column_that_references_t_fkey"
        );
        assert_eq!(
            default_foreign_key_name(
                "t2",
                &[
                    "a_very_long_first_column_name_number_one_of_two".into(),
                    "a_very_long_second_column_name_number_two_of_two".into()
                ]
            ),
            "t2_a_very_long_first_column_name_number_one_of_two_a_very__fkey"
        );
    }

    #[test]
    fn quotes_only_what_sqlalchemy_quotes() {
        assert_eq!(quote("timestamp"), "timestamp");
        assert_eq!(quote("user"), "\"user\"");
        assert_eq!(quote("order"), "\"order\"");
    }
}
