//! Property test over random (old, new) schema pairs: apply old, insert rows,
//! upgrade, downgrade, upgrade again. After each step the introspected schema
//! is the one it should be, no value of a kept column is lost, and
//! `PRAGMA foreign_key_check` and `PRAGMA integrity_check` are clean.

use proptest::prelude::*;
use pschema_migrate::verify::verify_migration;
use pschema_sql::Dialect;
use pschema_tests::{round_trip_with_rows, schema};

const TYPES: &[(&str, &str)] = &[
    ("Integer", "7"),
    ("BigInteger", "-1"),
    ("String(40)", "\"x\""),
    ("Text", "\"t\""),
    ("Boolean", "true"),
    ("DateTime", "now()"),
    ("Float", "0.5"),
    ("Numeric(19, 2)", "0"),
    ("Kind", "A"),
    ("Date", "\"2024-01-01\""),
];

#[derive(Debug, Clone)]
struct Col {
    name: String,
    ty: usize,
    nullable: bool,
    default: bool,
    index: bool,
    /// References table number `fk` (an Integer column only).
    fk: Option<usize>,
    /// The foreign key's ON DELETE action.
    on_delete: &'static str,
    renamed_from: Option<String>,
}

#[derive(Debug, Clone)]
struct Tab {
    name: String,
    columns: Vec<Col>,
    check: bool,
    unique_pair: bool,
    renamed_from: Option<String>,
}

#[derive(Debug, Clone)]
struct Model {
    labels: Vec<String>,
    label_renames: Vec<(String, String)>,
    tables: Vec<Tab>,
    next_name: usize,
}

impl Model {
    fn text(&self) -> String {
        let mut out = String::from("enum Kind {\n");
        for label in &self.labels {
            out.push_str(&format!("  {label}"));
            if let Some((from, _)) = self.label_renames.iter().find(|(_, to)| to == label) {
                out.push_str(&format!(" @renamed_from({from})"));
            }
            out.push('\n');
        }
        out.push_str("}\n");
        for table in &self.tables {
            out.push_str(&format!("\ntable {} {{\n  id Integer @id\n", table.name));
            for c in &table.columns {
                let (ty, default) = TYPES[c.ty];
                let mut line = format!("  {} {ty}{}", c.name, if c.nullable { "?" } else { "" });
                if c.default {
                    line.push_str(&format!(" @default({default})"));
                }
                if c.index {
                    line.push_str(" @index");
                }
                if let Some(target) = c.fk {
                    let action = c.on_delete;
                    line.push_str(&format!(
                        " @references({}.id, on_delete: {action})",
                        self.tables[target].name
                    ));
                }
                if let Some(from) = &c.renamed_from {
                    line.push_str(&format!(" @renamed_from({from})"));
                }
                out.push_str(&line);
                out.push('\n');
            }
            // With `id` in it, the rows are unique whatever the other column holds.
            if table.unique_pair && !table.columns.is_empty() {
                out.push_str(&format!("  unique ({}, id)\n", table.columns[0].name));
            }
            if table.check {
                out.push_str("  check \"id > 0\"\n");
            }
            if let Some(from) = &table.renamed_from {
                out.push_str(&format!("  @@renamed_from({from})\n"));
            }
            out.push_str("}\n");
        }
        out
    }

    fn fresh(&mut self, prefix: &str) -> String {
        self.next_name += 1;
        format!("{prefix}{}", self.next_name)
    }
}

/// ON DELETE actions a nullable reference column may take.
const ACTIONS: &[&str] = &["set_null", "no_action", "cascade", "restrict"];

fn column(ty: usize, nullable: bool, default: bool, index: bool, fk: Option<usize>, name: String) -> Col {
    // A foreign key column is a nullable integer without a default (a
    // default would point at a row that may not exist: pschema's checks
    // rightly refuse that); other NOT NULL columns keep a default so that
    // rows survive when they are added or tightened.
    if fk.is_some() {
        return Col {
            name,
            ty: 0,
            nullable: true,
            default: false,
            index,
            fk,
            on_delete: "set_null",
            renamed_from: None,
        };
    }
    Col {
        name,
        ty,
        nullable,
        default: default || !nullable,
        index,
        fk,
        on_delete: "no_action",
        renamed_from: None,
    }
}

fn model() -> impl Strategy<Value = Model> {
    let col = (
        0..TYPES.len(),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        proptest::option::of(0usize..3),
        0..ACTIONS.len(),
    );
    let table = (proptest::collection::vec(col, 1..5), any::<bool>(), any::<bool>());
    proptest::collection::vec(table, 1..4).prop_map(|tables| {
        let count = tables.len();
        let mut model = Model {
            labels: vec!["A".into(), "B".into()],
            label_renames: Vec::new(),
            tables: Vec::new(),
            next_name: 0,
        };
        for (t, (columns, check, unique_pair)) in tables.into_iter().enumerate() {
            let name = format!("t{t}");
            let mut cols = Vec::new();
            for (c, (ty, nullable, default, index, fk, action)) in columns.into_iter().enumerate() {
                // References go to any table of the model, itself and later
                // ones too: foreign-key cycles are legal.
                let fk = fk.filter(|target| *target < count);
                let mut col = column(ty, nullable, default, index, fk, format!("c{c}"));
                if col.fk.is_some() {
                    col.on_delete = ACTIONS[action];
                }
                cols.push(col);
            }
            model.tables.push(Tab {
                name,
                columns: cols,
                check,
                unique_pair,
                renamed_from: None,
            });
        }
        model
    })
}

#[derive(Debug, Clone)]
enum Edit {
    AddColumn {
        table: usize,
        ty: usize,
        nullable: bool,
        at_end: bool,
    },
    DropColumn {
        table: usize,
        column: usize,
    },
    RenameColumn {
        table: usize,
        column: usize,
    },
    ChangeType {
        table: usize,
        column: usize,
        ty: usize,
    },
    ToggleNullable {
        table: usize,
        column: usize,
    },
    ToggleIndex {
        table: usize,
        column: usize,
    },
    ToggleDefault {
        table: usize,
        column: usize,
    },
    ToggleCheck {
        table: usize,
    },
    ToggleUniquePair {
        table: usize,
    },
    AddTable,
    /// Two new tables that reference each other (and the first table).
    AddCycle,
    /// The last one or two tables, with the references into them.
    DropLastTables {
        count: usize,
    },
    RenameTable {
        table: usize,
    },
    AddLabel {
        long: bool,
    },
    RenameLabel,
    AddForeignKey {
        table: usize,
        target: usize,
        action: usize,
    },
}

fn edit() -> impl Strategy<Value = Edit> {
    let t = 0usize..4;
    let c = 0usize..6;
    prop_oneof![
        (t.clone(), 0..TYPES.len(), any::<bool>(), any::<bool>()).prop_map(|(table, ty, nullable, at_end)| {
            Edit::AddColumn {
                table,
                ty,
                nullable,
                at_end,
            }
        }),
        (t.clone(), c.clone()).prop_map(|(table, column)| Edit::DropColumn { table, column }),
        (t.clone(), c.clone()).prop_map(|(table, column)| Edit::RenameColumn { table, column }),
        (t.clone(), c.clone(), 0..TYPES.len()).prop_map(|(table, column, ty)| Edit::ChangeType { table, column, ty }),
        (t.clone(), c.clone()).prop_map(|(table, column)| Edit::ToggleNullable { table, column }),
        (t.clone(), c.clone()).prop_map(|(table, column)| Edit::ToggleIndex { table, column }),
        (t.clone(), c.clone()).prop_map(|(table, column)| Edit::ToggleDefault { table, column }),
        t.clone().prop_map(|table| Edit::ToggleCheck { table }),
        t.clone().prop_map(|table| Edit::ToggleUniquePair { table }),
        Just(Edit::AddTable),
        Just(Edit::AddCycle),
        (1usize..=2).prop_map(|count| Edit::DropLastTables { count }),
        t.clone().prop_map(|table| Edit::RenameTable { table }),
        any::<bool>().prop_map(|long| Edit::AddLabel { long }),
        Just(Edit::RenameLabel),
        (t.clone(), t, 0..ACTIONS.len()).prop_map(|(table, target, action)| Edit::AddForeignKey {
            table,
            target,
            action
        }),
    ]
}

fn apply(model: &mut Model, edit: &Edit) {
    let n = model.tables.len();
    match edit.clone() {
        Edit::AddColumn {
            table,
            ty,
            nullable,
            at_end,
        } => {
            let name = model.fresh("n");
            let t = &mut model.tables[table % n];
            let col = column(ty, nullable, false, false, None, name);
            if at_end {
                t.columns.push(col)
            } else {
                t.columns.insert(0, col)
            }
        }
        Edit::DropColumn { table, column } => {
            let t = &mut model.tables[table % n];
            if t.columns.len() > 2 {
                t.columns.remove(column % t.columns.len());
            }
        }
        Edit::RenameColumn { table, column } => {
            let name = model.fresh("r");
            let t = &mut model.tables[table % n];
            let len = t.columns.len();
            let c = &mut t.columns[column % len];
            if c.renamed_from.is_none() {
                c.renamed_from = Some(std::mem::replace(&mut c.name, name));
            }
        }
        Edit::ChangeType { table, column, ty } => {
            let t = &mut model.tables[table % n];
            let len = t.columns.len();
            let c = &mut t.columns[column % len];
            if c.fk.is_none() {
                c.ty = ty;
            }
        }
        Edit::ToggleNullable { table, column } => {
            let t = &mut model.tables[table % n];
            let len = t.columns.len();
            let c = &mut t.columns[column % len];
            if c.fk.is_some() {
                return;
            }
            c.nullable = !c.nullable;
            if !c.nullable {
                c.default = true;
            }
            // ON DELETE SET NULL needs a nullable column: the action follows.
        }
        Edit::ToggleIndex { table, column } => {
            let t = &mut model.tables[table % n];
            let len = t.columns.len();
            let c = &mut t.columns[column % len];
            c.index = !c.index;
        }
        Edit::ToggleDefault { table, column } => {
            let t = &mut model.tables[table % n];
            let len = t.columns.len();
            let c = &mut t.columns[column % len];
            if c.nullable && c.fk.is_none() {
                c.default = !c.default;
            }
        }
        Edit::ToggleCheck { table } => model.tables[table % n].check ^= true,
        Edit::ToggleUniquePair { table } => model.tables[table % n].unique_pair ^= true,
        Edit::AddTable => {
            let name = model.fresh("new_t");
            let cols = vec![
                column(2, true, false, false, Some(0), "owner".into()),
                column(3, true, false, true, None, "note".into()),
            ];
            model.tables.push(Tab {
                name,
                columns: cols,
                check: false,
                unique_pair: false,
                renamed_from: None,
            });
        }
        Edit::AddCycle => {
            for (own, other) in [(n, n + 1), (n + 1, n)] {
                let name = model.fresh("cycle_t");
                let cols = vec![
                    column(2, true, false, false, Some(0), "owner".into()),
                    // NO ACTION: dropping one table of the pair deletes rows
                    // the other's still point at.
                    Col {
                        on_delete: "no_action",
                        ..column(0, true, false, false, Some(other), format!("peer{other}"))
                    },
                    column(3, true, false, true, None, "note".into()),
                ];
                debug_assert_eq!(model.tables.len(), own);
                model.tables.push(Tab {
                    name,
                    columns: cols,
                    check: false,
                    unique_pair: false,
                    renamed_from: None,
                });
            }
        }
        Edit::DropLastTables { count } => {
            // The references into them go with them (a table of a cycle
            // dropped while the other stays loses its reference column).
            let keep = n.saturating_sub(count).max(1);
            let gone = |c: &Col| c.fk.is_some_and(|t| t >= keep);
            let emptied = model.tables[..keep].iter().any(|t| t.columns.iter().all(gone));
            if !emptied {
                model.tables.truncate(keep);
                for t in &mut model.tables {
                    t.columns.retain(|c| !gone(c));
                }
            }
        }
        Edit::RenameTable { table } => {
            let name = model.fresh("renamed_t");
            let t = &mut model.tables[table % n];
            if t.renamed_from.is_none() {
                t.renamed_from = Some(std::mem::replace(&mut t.name, name));
            }
        }
        Edit::AddLabel { long } => {
            let label = model.fresh(if long { "A_MUCH_LONGER_LABEL_" } else { "C" });
            model.labels.push(label);
        }
        Edit::RenameLabel => {
            if model.label_renames.is_empty() {
                let to = model.fresh("RENAMED_");
                let from = std::mem::replace(&mut model.labels[1], to.clone());
                model.label_renames.push((from, to));
            }
        }
        Edit::AddForeignKey { table, target, action } => {
            // To any table: an earlier one, itself, or one that references
            // it already (closing a cycle).
            let name = model.fresh("ref");
            model.tables[table % n].columns.push(Col {
                on_delete: ACTIONS[action],
                ..column(0, true, false, false, Some(target % n), name)
            });
        }
    }
}

fn clear_hints(model: &mut Model) {
    model.label_renames.clear();
    for t in &mut model.tables {
        t.renamed_from = None;
        for c in &mut t.columns {
            c.renamed_from = None;
        }
    }
}

/// The schema before (no rename hints) and after the edits, as text.
fn old_and_new(base: Model, edits: &[Edit]) -> (String, String) {
    let mut old_model = base.clone();
    clear_hints(&mut old_model);
    let mut new_model = base;
    new_model.next_name = 100;
    for e in edits {
        apply(&mut new_model, e);
    }
    (old_model.text(), new_model.text())
}

/// The number of cases, `PROPTEST_CASES` when set (for a longer search than
/// the suite's).
fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(256), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn random_migrations_keep_every_row(base in model(), edits in proptest::collection::vec(edit(), 1..6)) {
        let (old_text, new_text) = old_and_new(base, &edits);
        let old = schema(&old_text, "old");
        let new = schema(&new_text, "new");
        let changes = pschema_diff::diff(&old, &new);
        let sql = pschema_sql::plan_migration(Dialect::Sqlite, &old, &new, &changes)
            .unwrap_or_else(|e| panic!("{e}\nold:\n{old_text}\nnew:\n{new_text}"));
        let (up, down) = (sql.up.to_sql(), sql.down.to_sql());
        if let Err(e) = verify_migration(&mut pschema_driver::sqlite::MemoryServer, &old, &new, &changes, &up, &down) {
            panic!("{e}\nold:\n{old_text}\nnew:\n{new_text}\nup:\n{up}\ndown:\n{down}");
        }
        if let Err(e) = round_trip_with_rows(&old, &new, &changes, &up, &down, None, 6) {
            panic!("{e}\nold:\n{old_text}\nnew:\n{new_text}\nup:\n{up}\ndown:\n{down}");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(48), failure_persistence: None, ..ProptestConfig::default() })]

    /// The same on a real PostgreSQL server (fewer cases: each builds three
    /// schemas on the server).
    #[test]
    fn random_migrations_keep_every_row_on_postgres(base in model(), edits in proptest::collection::vec(edit(), 1..6)) {
        let Some(url) = pschema_tests::postgres_url() else { return Ok(()) };
        let (old_text, new_text) = old_and_new(base, &edits);
        let old = schema(&old_text, "old");
        let new = schema(&new_text, "new");
        let changes = pschema_diff::diff(&old, &new);
        // PostgreSQL casts only what fits: a narrowing change of type fails
        // there (rightly, and rolls back), so these cases keep to widening.
        // So does going back down from a widening that also made the column
        // NOT NULL: the upgrade filled its NULLs with the default, a value
        // the old type need not hold (`'t'` in an enum column).
        let narrows = changes.iter().any(|c| match c {
            pschema_diff::Change::AlterTable { columns, .. } => columns.iter().any(|c| {
                matches!(c, pschema_diff::ColumnChange::Alter { old, new }
                    if !pschema_diff::widens(&old.ty, &new.ty) || (old.ty != new.ty && old.nullable && !new.nullable))
            }),
            _ => false,
        });
        prop_assume!(!narrows);
        let sql = pschema_sql::plan_migration(Dialect::Postgres, &old, &new, &changes)
            .unwrap_or_else(|e| panic!("{e}\nold:\n{old_text}\nnew:\n{new_text}"));
        let (up, down) = (sql.up.to_sql(), sql.down.to_sql());
        let case = pschema_tests::Case { old: &old, new: &new, changes: &changes, up: &up, down: &down };
        if let Err(e) = pschema_tests::postgres_round_trip_with_rows(&url, &case, 6, "prop") {
            panic!("{e}\nold:\n{old_text}\nnew:\n{new_text}\nup:\n{up}\ndown:\n{down}");
        }
    }
}
