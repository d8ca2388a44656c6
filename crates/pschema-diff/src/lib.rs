//! `diff(old, new)`: the closed set of [`Change`]s that turns one schema into
//! another, in the order they must be applied.
//!
//! Invariants: changes carry the whole objects they touch (a `DropTable` holds
//! the table), so every change has an exact inverse ([`Change::inverse`]) and
//! the down migration is the inverses in reverse order; renames happen only
//! through an explicit `@renamed_from` hint.

use pschema_schema::{Column, Enum, Index, Schema, Table};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    CreateEnum(Enum),
    /// Labels added, removed or reordered, or the type renamed.
    AlterEnum {
        old: Enum,
        new: Enum,
    },
    DropEnum(Enum),
    /// Creates the table with its indexes.
    CreateTable(Table),
    RenameTable {
        old: String,
        new: String,
    },
    /// Anything about an existing table other than its indexes: columns added,
    /// dropped, renamed or altered, keys and constraints. `old` and `new` are
    /// the whole table before and after, so a planner can rebuild it.
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
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ColumnChange {
    Add(Column),
    Drop(Column),
    Rename { old: String, new: String },
    Alter { old: Column, new: Column },
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
            Change::AlterEnum { old, new } => Change::AlterEnum {
                old: new.clone(),
                new: old.clone(),
            },
            Change::CreateTable(t) => Change::DropTable(t.clone()),
            Change::DropTable(t) => Change::CreateTable(t.clone()),
            Change::RenameTable { old, new } => Change::RenameTable {
                old: new.clone(),
                new: old.clone(),
            },
            Change::AlterTable { old, new, columns } => Change::AlterTable {
                old: new.clone(),
                new: old.clone(),
                columns: columns.iter().rev().map(ColumnChange::inverse).collect(),
            },
            Change::CreateIndex { table, index } => Change::DropIndex {
                table: table.clone(),
                index: index.clone(),
            },
            Change::DropIndex { table, index } => Change::CreateIndex {
                table: table.clone(),
                index: index.clone(),
            },
        }
    }

    /// Whether applying this change can lose data that its inverse cannot bring back.
    pub fn is_destructive(&self) -> bool {
        match self {
            Change::DropTable(_) => true,
            Change::AlterTable { columns, .. } => columns.iter().any(|c| matches!(c, ColumnChange::Drop(_))),
            Change::AlterEnum { old, new } => old.labels.iter().any(|l| !new.labels.contains(l)),
            _ => false,
        }
    }

    /// One line for people: what this change does.
    pub fn describe(&self) -> String {
        match self {
            Change::CreateEnum(e) => format!("create enum {}", e.name),
            Change::AlterEnum { old, .. } => format!("alter enum {}", old.name),
            Change::DropEnum(e) => format!("drop enum {}", e.name),
            Change::CreateTable(t) => format!("create table {}", t.name),
            Change::RenameTable { old, new } => format!("rename table {old} to {new}"),
            Change::AlterTable { new, .. } => format!("alter table {}", new.name),
            Change::DropTable(t) => format!("drop table {}", t.name),
            Change::CreateIndex { table, index } => {
                format!("create index {} on {table}", index.name)
            }
            Change::DropIndex { table, index } => format!("drop index {} on {table}", index.name),
        }
    }
}

/// The inverse of a list of changes: each inverted, in reverse order.
pub fn invert(changes: &[Change]) -> Vec<Change> {
    changes.iter().rev().map(Change::inverse).collect()
}

/// The changes that turn `old` into `new`.
///
/// Apply order, and why: enums are created first because columns use them;
/// tables are created parents first so foreign keys resolve; indexes are
/// dropped before the tables or columns they cover change; tables are dropped
/// children first; enums are dropped last, once no column uses them.
pub fn diff(old: &Schema, new: &Schema) -> Vec<Change> {
    let mut changes = Vec::new();

    for e in &new.enums {
        match old.enums.iter().find(|o| o.name == e.name) {
            None => changes.push(Change::CreateEnum(e.clone())),
            Some(o) if o != e => changes.push(Change::AlterEnum {
                old: o.clone(),
                new: e.clone(),
            }),
            Some(_) => {}
        }
    }

    // Which old table each new table continues, following rename hints.
    let old_name_of = |t: &Table| -> Option<String> {
        if old.table(&t.name).is_some() {
            Some(t.name.clone())
        } else {
            t.renamed_from.clone().filter(|from| old.table(from).is_some())
        }
    };

    let mut dropped_indexes = Vec::new();
    let mut created_indexes = Vec::new();
    let mut alters = Vec::new();
    let mut created_tables = Vec::new();
    for table in new.tables_in_dependency_order() {
        let Some(old_name) = old_name_of(table) else {
            created_tables.push(Change::CreateTable(table.clone()));
            continue;
        };
        let old_table = old.table(&old_name).expect("checked above");
        if old_name != table.name {
            alters.push(Change::RenameTable {
                old: old_name.clone(),
                new: table.name.clone(),
            });
        }
        for index in &old_table.indexes {
            if !table.indexes.contains(index) {
                dropped_indexes.push(Change::DropIndex {
                    table: old_name.clone(),
                    index: index.clone(),
                });
            }
        }
        for index in &table.indexes {
            if !old_table.indexes.contains(index) {
                created_indexes.push(Change::CreateIndex {
                    table: table.name.clone(),
                    index: index.clone(),
                });
            }
        }
        let columns = column_changes(old_table, table);
        if !columns.is_empty() || body(old_table) != body(table) {
            let mut old_for_change = old_table.clone();
            old_for_change.name = table.name.clone();
            alters.push(Change::AlterTable {
                old: Box::new(old_for_change),
                new: Box::new(without_hints(table)),
                columns,
            });
        }
    }

    let kept: Vec<String> = new.tables.iter().filter_map(old_name_of).collect();
    let mut dropped_tables = Vec::new();
    for table in old.tables_in_dependency_order().into_iter().rev() {
        if !kept.contains(&table.name) {
            dropped_tables.push(Change::DropTable(table.clone()));
        }
    }

    changes.extend(dropped_indexes);
    changes.extend(created_tables);
    changes.extend(alters);
    changes.extend(created_indexes);
    changes.extend(dropped_tables);
    for e in &old.enums {
        if new.enum_named(&e.name).is_none() {
            changes.push(Change::DropEnum(e.clone()));
        }
    }
    changes
}

fn without_hints(table: &Table) -> Table {
    let mut table = table.clone();
    table.renamed_from = None;
    for column in &mut table.columns {
        column.renamed_from = None;
    }
    table
}

/// What AlterTable covers: everything but the name and the indexes, which
/// have changes of their own.
fn body(table: &Table) -> Table {
    let mut body = without_hints(table);
    body.name.clear();
    body.indexes.clear();
    body
}

fn column_changes(old: &Table, new: &Table) -> Vec<ColumnChange> {
    let mut changes = Vec::new();
    let mut continued: Vec<&str> = Vec::new();
    for column in &new.columns {
        // A hint counts only while the old name is gone from the new table.
        let hinted = column.renamed_from.as_deref().filter(|from| new.column(from).is_none());
        let source = old
            .column(&column.name)
            .or_else(|| hinted.and_then(|from| old.column(from)));
        let Some(source) = source else {
            let mut added = column.clone();
            added.renamed_from = None;
            changes.push(ColumnChange::Add(added));
            continue;
        };
        continued.push(&source.name);
        if source.name != column.name {
            changes.push(ColumnChange::Rename {
                old: source.name.clone(),
                new: column.name.clone(),
            });
        }
        let mut before = source.clone();
        before.name = column.name.clone();
        let mut after = column.clone();
        after.renamed_from = None;
        if before != after {
            changes.push(ColumnChange::Alter {
                old: before,
                new: after,
            });
        }
    }
    for column in &old.columns {
        if !continued.contains(&column.name.as_str()) {
            changes.push(ColumnChange::Drop(column.clone()));
        }
    }
    changes
}

#[cfg(test)]
mod tests {
    use super::*;
    use pschema_schema::parse_schema;

    fn schema(text: &str) -> Schema {
        parse_schema(text).expect("valid test schema")
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
    fn inverse_of_diff_is_diff_back() {
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
    }
}
