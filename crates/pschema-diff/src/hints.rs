//! Rename hints against the previous schema. A hint is one migration's
//! instruction, so it is read against the schema of the latest migration:
//!
//! - its new name is already there: a migration applied it (the hint may stay
//!   in the file until someone removes it); it is let be, as [`crate::diff`]
//!   ignores it;
//! - otherwise its old name must be there and be gone from the new schema,
//!   and no other hint may take the same old name: anything else would be
//!   silently ignored by the diff (a drop and an add instead of a rename) or
//!   turned into two renames of one column, so it is an error at the hint.

use pschema_schema::{Diagnostic, Enum, HintTarget, RenameHint, Schema, Table, did_you_mean};
use std::collections::HashMap;

/// What is wrong with the rename hints of `new` (lowered with `hints`)
/// against `old`, the schema of the latest migration; empty when each hint
/// either renames something or was applied already.
pub fn check_rename_hints(old: &Schema, new: &Schema, hints: &[RenameHint]) -> Vec<Diagnostic> {
    let old_tables: HashMap<&str, &Table> = old.tables.iter().map(|t| (t.name.as_str(), t)).collect();
    let new_tables: HashMap<&str, &Table> = new.tables.iter().map(|t| (t.name.as_str(), t)).collect();
    let old_enums: HashMap<&str, &Enum> = old.enums.iter().map(|e| (e.name.as_str(), e)).collect();
    let new_enums: HashMap<&str, &Enum> = new.enums.iter().map(|e| (e.name.as_str(), e)).collect();
    // The table of the latest migration a table of the new schema continues,
    // as the diff decides it.
    let source = |table: &str| -> Option<&Table> {
        if let Some(t) = old_tables.get(table) {
            return Some(t);
        }
        let from = new_tables.get(table)?.renamed_from.as_deref()?;
        if new_tables.contains_key(from) {
            return None;
        }
        old_tables.get(from).copied()
    };
    let mut problems = Vec::new();
    // Hints in force, by what they rename, for hints that take the same old name.
    let mut taken: HashMap<(&HintTarget, &str), &RenameHint> = HashMap::new();
    for hint in hints {
        let old_name = hint.old.as_str();
        // What is renamed, whether the latest migration has its new name
        // already, whether the new schema still has its old name.
        let (what, kept, still_declared) = match &hint.target {
            HintTarget::Table => {
                let candidates: Vec<&str> = old
                    .tables
                    .iter()
                    .map(|t| t.name.as_str())
                    .filter(|t| !new_tables.contains_key(t))
                    .collect();
                if !old_tables.contains_key(old_name) && !old_tables.contains_key(hint.new.as_str()) {
                    problems.push(did_you_mean(
                        Diagnostic::error(
                            format!(
                                "table `{}` is renamed from `{old_name}`, but the latest migration has no table `{old_name}`",
                                hint.new
                            ),
                            hint.span,
                        )
                        .with_label("no such table in the latest migration"),
                        old_name,
                        candidates,
                    ));
                    continue;
                }
                (
                    format!("table `{}`", hint.new),
                    old_tables.contains_key(hint.new.as_str()),
                    new_tables.contains_key(old_name),
                )
            }
            HintTarget::Column { table } => {
                let Some(before) = source(table) else {
                    problems.push(
                        Diagnostic::error(
                            format!(
                                "column `{table}.{}` is renamed from `{old_name}`, but table `{table}` is new: the latest migration has no table `{table}`",
                                hint.new
                            ),
                            hint.span,
                        )
                        .with_label("nothing to rename")
                        .with_note("a new table is created with its columns; remove the hint"),
                    );
                    continue;
                };
                let after = new_tables.get(table.as_str());
                let kept = before.column(&hint.new).is_some();
                if !kept && before.column(old_name).is_none() {
                    let candidates: Vec<&str> = before
                        .columns
                        .iter()
                        .map(|c| c.name.as_str())
                        .filter(|c| after.is_none_or(|t| t.column(c).is_none()))
                        .collect();
                    problems.push(did_you_mean(
                        Diagnostic::error(
                            format!(
                                "column `{table}.{}` is renamed from `{old_name}`, but table `{}` of the latest migration has no column `{old_name}`",
                                hint.new, before.name
                            ),
                            hint.span,
                        )
                        .with_label("no such column in the latest migration"),
                        old_name,
                        candidates,
                    ));
                    continue;
                }
                (
                    format!("column `{table}.{}`", hint.new),
                    kept,
                    after.is_some_and(|t| t.column(old_name).is_some()),
                )
            }
            HintTarget::Label { enum_name } => {
                let Some(before) = old_enums.get(enum_name.as_str()) else {
                    problems.push(
                        Diagnostic::error(
                            format!(
                                "label `{}` of enum `{enum_name}` is renamed from `{old_name}`, but enum `{enum_name}` is new: the latest migration has no enum `{enum_name}`",
                                hint.new
                            ),
                            hint.span,
                        )
                        .with_label("nothing to rename")
                        .with_note("a new enum is created with its labels; remove the hint"),
                    );
                    continue;
                };
                let after = new_enums.get(enum_name.as_str());
                let has = |e: &Enum, label: &str| e.labels.iter().any(|l| l == label);
                let kept = has(before, &hint.new);
                if !kept && !has(before, old_name) {
                    let candidates: Vec<&str> = before
                        .labels
                        .iter()
                        .map(String::as_str)
                        .filter(|l| after.is_none_or(|e| !has(e, l)))
                        .collect();
                    problems.push(did_you_mean(
                        Diagnostic::error(
                            format!(
                                "label `{}` of enum `{enum_name}` is renamed from `{old_name}`, but enum `{enum_name}` of the latest migration has no label `{old_name}`",
                                hint.new
                            ),
                            hint.span,
                        )
                        .with_label("no such label in the latest migration"),
                        old_name,
                        candidates,
                    ));
                    continue;
                }
                (
                    format!("label `{}` of enum `{enum_name}`", hint.new),
                    kept,
                    after.is_some_and(|e| has(e, old_name)),
                )
            }
        };
        if kept {
            // Applied by an earlier migration.
            continue;
        }
        if still_declared {
            problems.push(
                Diagnostic::error(
                    format!("{what} is renamed from `{old_name}`, but `{old_name}` is still declared"),
                    hint.span,
                )
                .with_label("the old name is still in the schema")
                .with_note(format!(
                    "a rename leaves nothing under the old name: remove `{old_name}`, or the hint if `{}` is new",
                    hint.new
                )),
            );
            continue;
        }
        match taken.get(&(&hint.target, old_name)) {
            Some(first) => problems.push(
                Diagnostic::error(
                    format!(
                        "{what} is renamed from `{old_name}`, as {} is",
                        describe(&first.target, &first.new)
                    ),
                    hint.span,
                )
                .with_label("renamed a second time")
                .with_secondary(first.span, "first rename")
                .with_note("one old name becomes one new name; remove one of the hints"),
            ),
            None => {
                taken.insert((&hint.target, old_name), hint);
            }
        }
    }
    problems
}

fn describe(target: &HintTarget, name: &str) -> String {
    match target {
        HintTarget::Table => format!("table `{name}`"),
        HintTarget::Column { table } => format!("column `{table}.{name}`"),
        HintTarget::Label { enum_name } => format!("label `{name}` of enum `{enum_name}`"),
    }
}

#[cfg(test)]
mod tests {
    use super::check_rename_hints;

    fn problems(old: &str, new: &str) -> Vec<String> {
        let old = pschema_schema::parse_schema(old).expect("valid old schema");
        let new = pschema_schema::parse_and_lower(new).expect("valid new schema");
        check_rename_hints(&old, &new.schema, &new.hints)
            .into_iter()
            .map(|d| d.message)
            .collect()
    }

    #[test]
    fn a_column_of_a_table_renamed_in_the_same_migration_is_found_under_the_old_table() {
        let old = "table users { id Integer @id\n mail Text }";
        let new = "table accounts { id Integer @id\n email Text @renamed_from(mail)\n @@renamed_from(users) }";
        assert_eq!(problems(old, new), Vec::<String>::new());
        let typo = new.replace("(mail)", "(mial)");
        assert_eq!(
            problems(old, &typo),
            [
                "column `accounts.email` is renamed from `mial`, but table `users` of the latest migration has no column `mial`"
            ]
        );
    }

    #[test]
    fn a_hint_the_latest_migration_applied_is_let_be_even_when_its_old_name_is_back() {
        // `name` was renamed to `title` by an earlier migration, then a new `name` came.
        let old = "table t { id Integer @id\n title Text\n name Text }";
        let new = "table t { id Integer @id\n title Text @renamed_from(name)\n name Text }";
        assert_eq!(problems(old, new), Vec::<String>::new());
    }
}
