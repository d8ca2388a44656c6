//! `diff(old, new)`: the closed set of [`Change`]s that turns one schema into
//! another, in the order they must be applied.
//!
//! Invariants: changes carry the whole objects they touch (a `DropTable` holds
//! the table), so every change has an exact inverse ([`Change::inverse`]) and
//! the down migration is the inverses in reverse order; columns, tables and
//! enum labels are renamed only through an explicit `@renamed_from` hint
//! (indexes, which hold no data, are recognised as renamed when only their
//! name changed).

use pschema_schema::{Column, ColumnType, Enum, Index, Schema, Table};
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

mod hints;
pub use hints::check_rename_hints;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    CreateEnum(Enum),
    /// Labels added, removed, renamed or reordered, or the type renamed.
    /// `renamed` holds `(old, new)` label pairs.
    /// `tables` are the tables with a column of this enum, as they are when
    /// the change runs in either direction (it runs before any table change
    /// going up, and after every table change is undone going down).
    AlterEnum {
        old: Enum,
        new: Enum,
        renamed: Vec<(String, String)>,
        tables: Vec<Table>,
    },
    DropEnum(Enum),
    /// Creates the table with its indexes.
    CreateTable(Table),
    RenameTable {
        old: String,
        new: String,
    },
    /// Anything about an existing table other than its name and indexes:
    /// columns added, dropped, renamed or altered, keys and constraints.
    /// `old` is the table as the database holds it when this change runs
    /// (already under its new name, references to renamed tables and columns
    /// already followed), `new` the table afterwards, so a planner can rebuild it.
    AlterTable {
        old: Box<Table>,
        new: Box<Table>,
        columns: Vec<ColumnChange>,
    },
    /// Drops the table with its indexes.
    DropTable(Table),
    CreateIndex {
        table: String,
        index: Index,
    },
    DropIndex {
        table: String,
        index: Index,
    },
    RenameIndex {
        table: String,
        old: String,
        new: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ColumnChange {
    Add(Column),
    Drop(Column),
    Rename {
        old: String,
        new: String,
    },
    /// Type, nullability, default or comment; `old` already carries the new name.
    Alter {
        old: Column,
        new: Column,
    },
}

impl ColumnChange {
    fn inverse(&self) -> ColumnChange {
        match self {
            ColumnChange::Add(c) => ColumnChange::Drop(c.clone()),
            ColumnChange::Drop(c) => ColumnChange::Add(c.clone()),
            ColumnChange::Rename { old, new } => ColumnChange::Rename {
                old: new.clone(),
                new: old.clone(),
            },
            ColumnChange::Alter { old, new } => ColumnChange::Alter {
                old: new.clone(),
                new: old.clone(),
            },
        }
    }
}

impl Change {
    /// The change that undoes this one.
    pub fn inverse(&self) -> Change {
        match self {
            Change::CreateEnum(e) => Change::DropEnum(e.clone()),
            Change::DropEnum(e) => Change::CreateEnum(e.clone()),
            Change::AlterEnum {
                old,
                new,
                renamed,
                tables,
            } => Change::AlterEnum {
                old: new.clone(),
                new: old.clone(),
                renamed: renamed.iter().map(|(a, b)| (b.clone(), a.clone())).collect(),
                tables: tables.clone(),
            },
            Change::CreateTable(t) => Change::DropTable(t.clone()),
            Change::DropTable(t) => Change::CreateTable(t.clone()),
            Change::RenameTable { old, new } => Change::RenameTable {
                old: new.clone(),
                new: old.clone(),
            },
            Change::AlterTable { old, new, columns } => {
                // Undoing runs the column changes backwards, in reverse order;
                // an Alter's `old` carries the new name, so it stays valid.
                let columns = columns.iter().rev().map(ColumnChange::inverse).collect();
                Change::AlterTable {
                    old: new.clone(),
                    new: old.clone(),
                    columns,
                }
            }
            Change::CreateIndex { table, index } => Change::DropIndex {
                table: table.clone(),
                index: index.clone(),
            },
            Change::DropIndex { table, index } => Change::CreateIndex {
                table: table.clone(),
                index: index.clone(),
            },
            Change::RenameIndex { table, old, new } => Change::RenameIndex {
                table: table.clone(),
                old: new.clone(),
                new: old.clone(),
            },
        }
    }

    /// Whether applying this change can lose data: a dropped table or column,
    /// a narrowed type, NOT NULL on a nullable column without a default, an
    /// enum label removed.
    pub fn is_destructive(&self) -> bool {
        !self.destructive_reasons().is_empty()
    }

    /// What in this change can lose data, for people.
    pub fn destructive_reasons(&self) -> Vec<String> {
        match self {
            Change::DropTable(t) => vec![format!("drop table {}", t.name)],
            Change::AlterTable { new, columns, .. } => columns
                .iter()
                .filter_map(|c| match c {
                    ColumnChange::Drop(column) => Some(format!("drop column {}.{}", new.name, column.name)),
                    ColumnChange::Alter { old, new: after } => {
                        if !widens(&old.ty, &after.ty) {
                            Some(format!(
                                "narrow {}.{} from {} to {}",
                                new.name,
                                after.name,
                                pschema_schema::type_name(&old.ty),
                                pschema_schema::type_name(&after.ty)
                            ))
                        } else if old.nullable && !after.nullable && after.default.is_none() && after.fill.is_none() {
                            Some(format!("make {}.{} NOT NULL without a default", new.name, after.name))
                        } else {
                            None
                        }
                    }
                    _ => None,
                })
                .collect(),
            Change::AlterEnum { old, new, renamed, .. } => old
                .labels
                .iter()
                .filter(|l| !new.labels.contains(l) && !renamed.iter().any(|(from, _)| from == *l))
                .map(|l| format!("remove label {l} from enum {}", old.name))
                .collect(),
            _ => Vec::new(),
        }
    }

    /// One line for people: what this change does.
    pub fn describe(&self) -> String {
        match self {
            Change::CreateEnum(e) => format!("create enum {}", e.name),
            Change::AlterEnum { old, new, renamed, .. } => {
                let mut parts = Vec::new();
                for label in new.labels.iter().filter(|l| !old.labels.contains(l)) {
                    if let Some((from, _)) = renamed.iter().find(|(_, to)| to == label) {
                        parts.push(format!("rename label {from} to {label}"));
                    } else {
                        parts.push(format!("add label {label}"));
                    }
                }
                for label in old.labels.iter().filter(|l| !new.labels.contains(l)) {
                    if !renamed.iter().any(|(from, _)| from == label) {
                        parts.push(format!("remove label {label}"));
                    }
                }
                if old.db_name != new.db_name {
                    parts.push(format!("rename type {} to {}", old.db_name, new.db_name));
                }
                if parts.is_empty() {
                    parts.push("reorder labels".into());
                }
                format!("alter enum {}: {}", new.name, parts.join(", "))
            }
            Change::DropEnum(e) => format!("drop enum {}", e.name),
            Change::CreateTable(t) => format!("create table {}", t.name),
            Change::RenameTable { old, new } => format!("rename table {old} to {new}"),
            Change::AlterTable { old, new, columns } => {
                let mut parts: Vec<String> = columns
                    .iter()
                    .map(|c| match c {
                        ColumnChange::Add(c) => format!("add column {}", c.name),
                        ColumnChange::Drop(c) => format!("drop column {}", c.name),
                        ColumnChange::Rename { old, new } => format!("rename column {old} to {new}"),
                        ColumnChange::Alter { old, new } => {
                            format!("alter column {}{}", new.name, column_delta(old, new))
                        }
                    })
                    .collect();
                let renamed = apply_column_changes(old, columns);
                for (what, changed) in [
                    ("primary key", renamed.primary_key != new.primary_key),
                    ("foreign keys", renamed.foreign_keys != new.foreign_keys),
                    ("unique constraints", renamed.uniques != new.uniques),
                    ("check constraints", renamed.checks != new.checks),
                    ("comment", renamed.comment != new.comment),
                ] {
                    if changed {
                        parts.push(format!("change {what}"));
                    }
                }
                format!("alter table {}: {}", new.name, parts.join(", "))
            }
            Change::DropTable(t) => format!("drop table {}", t.name),
            Change::CreateIndex { table, index } => format!("create index {} on {table}", index.name),
            Change::DropIndex { table, index } => format!("drop index {} on {table}", index.name),
            Change::RenameIndex { table, old, new } => format!("rename index {old} to {new} on {table}"),
        }
    }
}

/// What changed about a column, for people: ` (type Float -> Numeric(19, 2), NOT NULL)`.
pub fn column_delta(old: &Column, new: &Column) -> String {
    let mut parts = Vec::new();
    if old.ty != new.ty {
        parts.push(format!(
            "type {} -> {}",
            pschema_schema::type_name(&old.ty),
            pschema_schema::type_name(&new.ty)
        ));
    }
    if old.nullable != new.nullable {
        parts.push(if new.nullable {
            "nullable".to_string()
        } else {
            "NOT NULL".to_string()
        });
    }
    if old.default != new.default {
        parts.push("default".to_string());
    }
    if old.comment != new.comment {
        parts.push("comment".to_string());
    }
    if old.sqlite_length != new.sqlite_length {
        parts.push("length on SQLite".to_string());
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!(" ({})", parts.join(", "))
    }
}

/// Whether every value of `old` fits `new` unchanged.
pub fn widens(old: &ColumnType, new: &ColumnType) -> bool {
    use ColumnType::*;
    let integer_rank = |t: &ColumnType| match t {
        Boolean => Some(0),
        SmallInteger => Some(1),
        Integer => Some(2),
        BigInteger => Some(3),
        _ => None,
    };
    match (old, new) {
        _ if old == new => true,
        (a, b) if integer_rank(a).is_some() && integer_rank(b).is_some() => integer_rank(a) <= integer_rank(b),
        (SmallInteger | Integer | Boolean, Float) => true,
        (SmallInteger | Integer | BigInteger | Boolean, Numeric { precision: None, .. }) => true,
        (
            Numeric {
                precision: p1,
                scale: s1,
            },
            Numeric {
                precision: p2,
                scale: s2,
            },
        ) => {
            let integer_digits = |p: &Option<u32>, s: &Option<u32>| p.map(|p| p - s.unwrap_or(0));
            p2.is_none()
                || (s1.unwrap_or(0) <= s2.unwrap_or(0)
                    && integer_digits(p1, s1).is_some_and(|d1| integer_digits(p2, s2).is_some_and(|d2| d1 <= d2)))
        }
        (String { length: Some(a) }, String { length: Some(b) }) => a <= b,
        (String { .. } | Enum(_), String { length: None } | Text) => true,
        (Text, String { length: None }) => true,
        (DateTime { .. }, DateTime { .. }) => true,
        (Date, DateTime { .. }) => true,
        (Json, Text) => true,
        _ => false,
    }
}

/// The inverse of a list of changes: each inverted, in reverse order.
pub fn invert(changes: &[Change]) -> Vec<Change> {
    changes.iter().rev().map(Change::inverse).collect()
}

/// Renames this migration makes, so that references can be followed.
#[derive(Debug, Default)]
struct Renames {
    /// old table name -> new table name
    tables: HashMap<String, String>,
    /// new table name -> (old column name -> new column name)
    columns: HashMap<String, HashMap<String, String>>,
}

impl Renames {
    fn table<'a>(&'a self, name: &'a str) -> &'a str {
        self.tables.get(name).map_or(name, String::as_str)
    }

    /// The new name of a column of `table` (a new table name); the renames of
    /// the columns of `skip` are not followed.
    fn column<'a>(&'a self, table: &str, column: &'a str, skip: Option<&str>) -> &'a str {
        if skip == Some(table) {
            return column;
        }
        self.columns
            .get(table)
            .and_then(|columns| columns.get(column))
            .map_or(column, String::as_str)
    }

    /// Whether following the renames changes anything in `table`, known as
    /// `name`: its own columns (unless `skip`), or the tables and columns its
    /// foreign keys reference.
    fn reach(&self, table: &Table, name: &str, skip: Option<&str>) -> bool {
        (skip != Some(name) && self.columns.contains_key(name))
            || table.foreign_keys.iter().any(|fk| {
                self.tables.contains_key(&fk.ref_table)
                    || (skip != Some(self.table(&fk.ref_table)) && self.columns.contains_key(self.table(&fk.ref_table)))
            })
    }
}

/// `table` with its own column renames applied to every constraint and index,
/// and references to renamed tables and columns followed.
fn follow_renames(table: &Table, new_name: &str, renames: &Renames) -> Table {
    followed(table, new_name, renames, None).into_owned()
}

/// `table` under `new_name` with the renames followed, except the column
/// renames of table `skip`; borrowed when that changes nothing, as for most
/// tables of a large schema.
fn followed<'t>(table: &'t Table, new_name: &str, renames: &Renames, skip: Option<&str>) -> Cow<'t, Table> {
    if table.name == new_name && !renames.reach(table, new_name, skip) {
        // Nothing to follow: already in canonical order.
        return Cow::Borrowed(table);
    }
    let mut t = table.clone();
    t.name = new_name.to_string();
    if !renames.reach(table, new_name, skip) {
        return Cow::Owned(t);
    }
    let own = |c: &String| renames.column(new_name, c, skip).to_string();
    for column in &mut t.columns {
        column.name = own(&column.name);
    }
    if let Some(pk) = &mut t.primary_key {
        pk.columns = pk.columns.iter().map(own).collect();
    }
    for index in &mut t.indexes {
        index.columns = index.columns.iter().map(own).collect();
    }
    for unique in &mut t.uniques {
        unique.columns = unique.columns.iter().map(own).collect();
    }
    for fk in &mut t.foreign_keys {
        fk.columns = fk.columns.iter().map(own).collect();
        fk.ref_table = renames.table(&fk.ref_table).to_string();
        let target = fk.ref_table.clone();
        fk.ref_columns = fk
            .ref_columns
            .iter()
            .map(|c| renames.column(&target, c, skip).to_string())
            .collect();
    }
    t.sort_unordered_parts();
    Cow::Owned(t)
}

/// `old` after the column changes: what an in-place ALTER would leave.
pub fn apply_column_changes(old: &Table, columns: &[ColumnChange]) -> Table {
    let mut renames = Renames::default();
    for change in columns {
        if let ColumnChange::Rename { old: from, new: to } = change {
            renames
                .columns
                .entry(old.name.clone())
                .or_default()
                .insert(from.clone(), to.clone());
        }
    }
    let mut t = follow_renames(old, &old.name.clone(), &renames);
    for change in columns {
        match change {
            ColumnChange::Add(c) => t.columns.push(c.clone()),
            ColumnChange::Drop(c) => t.columns.retain(|x| x.name != c.name),
            ColumnChange::Rename { .. } => {}
            ColumnChange::Alter { new, .. } => {
                if let Some(x) = t.columns.iter_mut().find(|x| x.name == new.name) {
                    *x = new.clone();
                }
            }
        }
    }
    t
}

fn without_hints(table: &Table) -> Table {
    let mut table = table.clone();
    table.renamed_from = None;
    for column in &mut table.columns {
        column.renamed_from = None;
        column.fill = None;
    }
    table
}

/// Whether two columns agree on what a column change covers (name, type,
/// nullability, default, comment): rename hints aside.
fn same_column(x: &Column, y: &Column) -> bool {
    x.name == y.name
        && x.ty == y.ty
        && x.nullable == y.nullable
        && x.default == y.default
        && x.comment == y.comment
        && x.sqlite_length == y.sqlite_length
}

/// Whether two tables agree on what AlterTable covers, without copying them.
fn same_body(a: &Table, b: &Table) -> bool {
    a.columns.len() == b.columns.len()
        && a.columns.iter().zip(&b.columns).all(|(x, y)| same_column(x, y))
        && a.primary_key == b.primary_key
        && a.foreign_keys == b.foreign_keys
        && a.uniques == b.uniques
        && a.checks == b.checks
        && a.comment == b.comment
}

/// The changes that turn `old` into `new`.
///
/// Apply order, and why: enums are created and altered first because
/// columns use their labels; indexes are dropped before the tables or columns
/// they cover change; tables are renamed before anything refers to them by
/// their new name; tables are created parents first so foreign keys resolve;
/// existing tables are altered parents first, so a child sees its parent's
/// renamed columns; indexes are renamed and created once their columns
/// exist; tables are dropped children first; enums are dropped last, once no
/// column uses them.
///
/// Linear in the size of the schemas (tables and enums are looked up by
/// name, unchanged tables are compared in place, not copied), so that one
/// change to a schema of thousands of tables costs little more than reading it.
pub fn diff(old: &Schema, new: &Schema) -> Vec<Change> {
    let mut changes = Vec::new();

    let old_enums: HashMap<&str, &Enum> = old.enums.iter().map(|e| (e.name.as_str(), e)).collect();
    // The tables with a column of each enum, found once for all altered enums.
    let mut tables_of_enum: Option<HashMap<&str, Vec<&Table>>> = None;
    for e in &new.enums {
        let mut plain = e.clone();
        plain.renamed_labels.clear();
        match old_enums.get(e.name.as_str()).copied() {
            None => changes.push(Change::CreateEnum(plain)),
            Some(o) if *o != plain => {
                let renamed = e
                    .renamed_labels
                    .iter()
                    .filter(|(from, to)| o.labels.contains(from) && !o.labels.contains(to) && !e.labels.contains(from))
                    .cloned()
                    .collect();
                let users = tables_of_enum.get_or_insert_with(|| {
                    let mut users: HashMap<&str, Vec<&Table>> = HashMap::new();
                    for table in &old.tables {
                        let mut seen: HashSet<&str> = HashSet::new();
                        for column in &table.columns {
                            if let ColumnType::Enum(name) = &column.ty
                                && seen.insert(name)
                            {
                                users.entry(name).or_default().push(table);
                            }
                        }
                    }
                    users
                });
                let tables = users
                    .get(e.name.as_str())
                    .map(|tables| tables.iter().map(|t| (*t).clone()).collect())
                    .unwrap_or_default();
                changes.push(Change::AlterEnum {
                    old: o.clone(),
                    new: plain,
                    renamed,
                    tables,
                });
            }
            Some(_) => {}
        }
    }

    // Which old table each new table continues, following rename hints.
    let old_tables: HashMap<&str, &Table> = old.tables.iter().map(|t| (t.name.as_str(), t)).collect();
    let new_names: HashSet<&str> = new.tables.iter().map(|t| t.name.as_str()).collect();
    let source_of = |t: &'_ Table| -> Option<&Table> {
        if let Some(same) = old_tables.get(t.name.as_str()) {
            return Some(same);
        }
        let from = t.renamed_from.as_deref().filter(|from| !new_names.contains(from))?;
        old_tables.get(from).copied()
    };

    let mut renames = Renames::default();
    let mut column_changes_of: HashMap<&str, Vec<ColumnChange>> = HashMap::new();
    for table in &new.tables {
        let Some(source) = source_of(table) else { continue };
        if source.name != table.name {
            renames.tables.insert(source.name.clone(), table.name.clone());
        }
        let columns = column_changes(source, table);
        for change in &columns {
            if let ColumnChange::Rename { old: from, new: to } = change {
                renames
                    .columns
                    .entry(table.name.clone())
                    .or_default()
                    .insert(from.clone(), to.clone());
            }
        }
        if !columns.is_empty() {
            column_changes_of.insert(&table.name, columns);
        }
    }

    let mut dropped_indexes = Vec::new();
    let mut renamed_tables = Vec::new();
    let mut alters = Vec::new();
    let mut renamed_indexes = Vec::new();
    let mut created_indexes = Vec::new();
    let mut created_tables = Vec::new();
    let mut kept: HashSet<&str> = HashSet::new();
    for table in new.tables_in_dependency_order() {
        let Some(old_table) = source_of(table) else {
            created_tables.push(Change::CreateTable(without_hints(table)));
            continue;
        };
        kept.insert(&old_table.name);
        let source = &old_table.name;
        if *source != table.name {
            renamed_tables.push(Change::RenameTable {
                old: source.clone(),
                new: table.name.clone(),
            });
        }
        // The old table as the database holds it once renames have run.
        let current = followed(old_table, &table.name, &renames, None);

        // This table's indexes dropped before any rename, under the names the database has then.
        let mut gone_names: Vec<&str> = Vec::new();
        if current.indexes != table.indexes {
            let mut gone: Vec<&Index> = current.indexes.iter().filter(|i| !table.indexes.contains(i)).collect();
            for index in table.indexes.iter().filter(|i| !current.indexes.contains(i)) {
                let same_definition = gone
                    .iter()
                    .position(|g| g.columns == index.columns && g.unique == index.unique);
                match same_definition {
                    Some(pos) => {
                        let from = gone.remove(pos);
                        renamed_indexes.push(Change::RenameIndex {
                            table: table.name.clone(),
                            old: from.name.clone(),
                            new: index.name.clone(),
                        });
                    }
                    None => created_indexes.push(Change::CreateIndex {
                        table: table.name.clone(),
                        index: index.clone(),
                    }),
                }
            }
            for index in gone {
                let original = old_table.indexes.iter().find(|i| i.name == index.name).unwrap_or(index);
                gone_names.push(&original.name);
                dropped_indexes.push(Change::DropIndex {
                    table: source.clone(),
                    index: original.clone(),
                });
            }
        }

        let columns = column_changes_of.remove(table.name.as_str()).unwrap_or_default();
        let before = followed(old_table, &table.name, &renames, Some(&table.name));
        if !columns.is_empty() || !same_body(&before, table) {
            // The indexes the table has while it is altered: those that are
            // neither dropped before nor created after, under their old names
            // (a RenameIndex runs after), in old and in new column names.
            let surviving = |i: &&Index| !gone_names.contains(&i.name.as_str());
            let mut before = before.into_owned();
            before.indexes = old_table.indexes.iter().filter(surviving).cloned().collect();
            let mut after = without_hints(table);
            after.indexes = current.indexes.iter().filter(surviving).cloned().collect();
            alters.push(Change::AlterTable {
                old: Box::new(before),
                new: Box::new(after),
                columns,
            });
        }
    }

    let mut dropped_tables = Vec::new();
    for table in old.tables_in_dependency_order().into_iter().rev() {
        if !kept.contains(table.name.as_str()) {
            // Dropped last, when the tables it references may have been
            // renamed: it is dropped (and, going down, created) as it is then.
            dropped_tables.push(Change::DropTable(follow_renames(table, &table.name, &renames)));
        }
    }

    changes.extend(dropped_indexes);
    changes.extend(renamed_tables);
    changes.extend(created_tables);
    changes.extend(alters);
    changes.extend(renamed_indexes);
    changes.extend(created_indexes);
    changes.extend(dropped_tables);
    let new_enums: HashSet<&str> = new.enums.iter().map(|e| e.name.as_str()).collect();
    for e in &old.enums {
        if !new_enums.contains(e.name.as_str()) {
            changes.push(Change::DropEnum(e.clone()));
        }
    }
    changes
}

fn column_changes(old: &Table, new: &Table) -> Vec<ColumnChange> {
    // The common case, checked first: every column as it was.
    if old.columns.len() == new.columns.len()
        && old
            .columns
            .iter()
            .zip(&new.columns)
            .all(|(x, y)| x.renamed_from.is_none() && same_column(x, y))
    {
        return Vec::new();
    }
    let old_columns: HashMap<&str, &Column> = old.columns.iter().map(|c| (c.name.as_str(), c)).collect();
    let new_columns: HashSet<&str> = new.columns.iter().map(|c| c.name.as_str()).collect();
    // The old column a new column continues: the same name, or, while the
    // old name is gone from the new table, the one its hint names.
    let source_of = |column: &Column| -> Option<&Column> {
        old_columns.get(column.name.as_str()).copied().or_else(|| {
            let from = column
                .renamed_from
                .as_deref()
                .filter(|from| !new_columns.contains(from))?;
            old_columns.get(from).copied()
        })
    };
    let mut changes = Vec::new();
    let mut continued: HashSet<&str> = HashSet::new();
    for column in &new.columns {
        let Some(source) = source_of(column) else { continue };
        continued.insert(&source.name);
        if source.name != column.name {
            changes.push(ColumnChange::Rename {
                old: source.name.clone(),
                new: column.name.clone(),
            });
        }
    }
    for column in &old.columns {
        if !continued.contains(column.name.as_str()) {
            changes.push(ColumnChange::Drop(column.clone()));
        }
    }
    for column in &new.columns {
        let mut after = column.clone();
        after.renamed_from = None;
        match source_of(column) {
            None => changes.push(ColumnChange::Add(after)),
            Some(source) => {
                let mut before = source.without_hints();
                before.name = column.name.clone();
                // A fill value is for this migration only: it travels with the
                // change but is no change by itself.
                if before != after.without_hints() {
                    changes.push(ColumnChange::Alter {
                        old: before,
                        new: after,
                    });
                }
            }
        }
    }
    changes
}

/// Drops and adds that look like renames: the hint to write instead, so that
/// the data is kept.
pub fn rename_suggestions(changes: &[Change]) -> Vec<String> {
    let mut suggestions = Vec::new();
    for change in changes {
        if let Change::AlterTable { new, columns, .. } = change {
            // Added columns by type, in order, so that each drop finds its look-alikes at once.
            let mut added: HashMap<&ColumnType, Vec<&Column>> = HashMap::new();
            for c in columns {
                if let ColumnChange::Add(c) = c {
                    added.entry(&c.ty).or_default().push(c);
                }
            }
            for dropped in columns.iter().filter_map(|c| match c {
                ColumnChange::Drop(c) => Some(c),
                _ => None,
            }) {
                for added in added.get(&dropped.ty).into_iter().flatten() {
                    suggestions.push(format!(
                        "column {}.{} is dropped and {}.{} added with the same type; if it is a rename, write `{} {} @renamed_from({})`",
                        new.name,
                        dropped.name,
                        new.name,
                        added.name,
                        added.name,
                        pschema_schema::type_name(&added.ty),
                        dropped.name
                    ));
                }
            }
        }
    }
    // Dropped tables by their columns' names and types.
    let mut dropped: HashMap<Vec<(&str, &ColumnType)>, Vec<&Table>> = HashMap::new();
    for change in changes {
        if let Change::DropTable(t) = change {
            let shape = t.columns.iter().map(|c| (c.name.as_str(), &c.ty)).collect();
            dropped.entry(shape).or_default().push(t);
        }
    }
    for change in changes {
        if let Change::CreateTable(created) = change {
            let shape: Vec<(&str, &ColumnType)> = created.columns.iter().map(|c| (c.name.as_str(), &c.ty)).collect();
            for gone in dropped.get(&shape).into_iter().flatten() {
                suggestions.push(format!(
                    "table {} is dropped and {} created with the same columns; if it is a rename, add `@@renamed_from({})` to table {}",
                    gone.name, created.name, gone.name, created.name
                ));
            }
        }
    }
    suggestions
}

#[cfg(test)]
mod tests {
    use super::*;
    use pschema_schema::parse_schema;

    fn schema(text: &str) -> Schema {
        parse_schema(text).expect("valid test schema")
    }

    fn described(old: &str, new: &str) -> Vec<String> {
        diff(&schema(old), &schema(new)).iter().map(Change::describe).collect()
    }

    #[test]
    fn from_empty_creates_enums_then_tables_parents_first() {
        let new = schema(
            "enum Tier { FREE PAID }\n\
             table child { id Integer @id\n parent_id Integer @references(parent.id) }\n\
             table parent { id Integer @id\n tier Tier @index }",
        );
        let changes = diff(&Schema::default(), &new);
        let described: Vec<String> = changes.iter().map(Change::describe).collect();
        assert_eq!(
            described,
            ["create enum Tier", "create table parent", "create table child"]
        );
    }

    #[test]
    fn inverse_of_diff_has_as_many_changes_as_diff_back() {
        let old = schema("table a { id Integer @id }");
        let new = schema("table a { id Integer @id @index }\ntable b { id Integer @id }");
        let forward = diff(&old, &new);
        assert_eq!(invert(&forward).len(), diff(&new, &old).len());
        assert!(diff(&new, &new).is_empty());
    }

    #[test]
    fn rename_hint_makes_a_rename_not_a_drop_and_add() {
        let old = schema("table a { id Integer @id\n name String(10) }");
        let new = schema("table a { id Integer @id\n title String(10) @renamed_from(name) }");
        let changes = diff(&old, &new);
        assert_eq!(changes.len(), 1);
        let Change::AlterTable { columns, .. } = &changes[0] else {
            panic!("expected AlterTable")
        };
        assert_eq!(
            columns,
            &[ColumnChange::Rename {
                old: "name".into(),
                new: "title".into()
            }]
        );
        assert!(!changes[0].is_destructive());
    }

    #[test]
    fn renaming_a_parent_does_not_alter_its_children() {
        let old =
            "table users { id Integer @id }\ntable posts { id Integer @id\n user_id Integer @references(users.id) }";
        let new = "table accounts { id Integer @id\n @@renamed_from(users) }\ntable posts { id Integer @id\n user_id Integer @references(accounts.id) }";
        assert_eq!(described(old, new), ["rename table users to accounts"]);
        let old =
            "table users { uid Integer @id }\ntable posts { id Integer @id\n user_id Integer @references(users.uid) }";
        let new = "table users { id Integer @id @renamed_from(uid) }\ntable posts { id Integer @id\n user_id Integer @references(users.id) }";
        assert_eq!(described(old, new), ["alter table users: rename column uid to id"]);
    }

    #[test]
    fn a_dropped_child_of_a_renamed_table_references_the_new_name() {
        // Going down, the child is created before its parent gets its old name back.
        let old = schema(
            "table users { id Integer @id }\ntable posts { id Integer @id\n user_id Integer @references(users.id) }",
        );
        let new = schema("table accounts { id Integer @id\n @@renamed_from(users) }");
        let changes = diff(&old, &new);
        let Some(Change::DropTable(posts)) = changes.last() else {
            panic!("{changes:?}")
        };
        assert_eq!(posts.foreign_keys[0].ref_table, "accounts");
    }

    #[test]
    fn an_index_that_only_changed_name_is_renamed() {
        let old = "table users { id Integer @id\n email String(9) @index }";
        let new = "table users { id Integer @id\n email String(9) @index(name: ix_email) }";
        assert_eq!(
            described(old, new),
            ["rename index ix_users_email to ix_email on users"]
        );
        let old = "table users { id Integer @id\n mail String(9) @index(name: ix_mail) }";
        let new = "table users { id Integer @id\n email String(9) @index(name: ix_mail) @renamed_from(mail) }";
        assert_eq!(described(old, new), ["alter table users: rename column mail to email"]);
    }

    #[test]
    fn destructive_changes_are_named() {
        let changes = diff(
            &schema("enum E { A B }\ntable t { id Integer @id\n a Text\n b String(10)?\n c Integer? }"),
            &schema("enum E { A }\ntable t { id Integer @id\n b String(5)\n c BigInteger? }"),
        );
        let reasons: Vec<String> = changes.iter().flat_map(Change::destructive_reasons).collect();
        assert_eq!(
            reasons,
            [
                "remove label B from enum E",
                "drop column t.a",
                "narrow t.b from String(10) to String(5)",
            ]
        );
        let not_null = diff(
            &schema("table t { id Integer @id\n c Integer? }"),
            &schema("table t { id Integer @id\n c Integer }"),
        );
        assert_eq!(
            not_null[0].destructive_reasons(),
            ["make t.c NOT NULL without a default"]
        );
    }

    #[test]
    fn enum_label_renames_follow_the_hint() {
        let old = "enum Tier { FREE STARTER }\ntable t { id Integer @id\n tier Tier }";
        let new = "enum Tier { FREE SOLO @renamed_from(STARTER) }\ntable t { id Integer @id\n tier Tier }";
        let changes = diff(&schema(old), &schema(new));
        assert_eq!(
            changes.iter().map(Change::describe).collect::<Vec<_>>(),
            ["alter enum Tier: rename label STARTER to SOLO"]
        );
        assert!(!changes[0].is_destructive());
    }

    #[test]
    fn a_drop_and_an_add_of_one_type_suggests_the_hint() {
        let changes = diff(
            &schema("table t { id Integer @id\n name String(10) }"),
            &schema("table t { id Integer @id\n title String(10) }"),
        );
        assert_eq!(
            rename_suggestions(&changes),
            [
                "column t.name is dropped and t.title added with the same type; if it is a rename, write `title String(10) @renamed_from(name)`"
            ]
        );
    }

    #[test]
    fn widening_is_not_narrowing() {
        use ColumnType::*;
        assert!(widens(&Integer, &BigInteger));
        assert!(widens(&String { length: Some(5) }, &Text));
        assert!(widens(
            &Numeric {
                precision: Some(10),
                scale: Some(2)
            },
            &Numeric {
                precision: Some(19),
                scale: Some(2)
            }
        ));
        assert!(!widens(
            &Float,
            &Numeric {
                precision: Some(19),
                scale: Some(2)
            }
        ));
        assert!(!widens(&BigInteger, &Integer));
        assert!(!widens(&Text, &String { length: Some(10) }));
    }

    #[test]
    fn a_fill_value_makes_not_null_safe_and_is_no_change_by_itself() {
        let old = schema("table t { id Integer @id\n name Text? }");
        let tightened = schema("table t { id Integer @id\n name Text }");
        let filled = schema("table t { id Integer @id\n name Text @fill(\"x\") }");
        let reasons = |new: &Schema| {
            diff(&old, new)
                .iter()
                .flat_map(Change::destructive_reasons)
                .collect::<Vec<_>>()
        };
        assert_eq!(reasons(&tightened), ["make t.name NOT NULL without a default"]);
        assert_eq!(reasons(&filled), Vec::<String>::new());
        // The migration that used the value is done: the hint is stale, not a change.
        assert!(diff(&filled.without_rename_hints(), &filled).is_empty());
        // And a pinned SQLite length is a change of its own.
        let plain = schema("enum E { A }\ntable t { id Integer @id\n e E }");
        let pinned = schema("enum E { A }\ntable t { id Integer @id\n e E @sqlite_length(8) }");
        assert_eq!(diff(&plain, &pinned).len(), 1);
    }
}
