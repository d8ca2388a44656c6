//! The schema that branches add up to: a three-way merge of their snapshots
//! from the snapshot of their common ancestor, object by object (enums,
//! tables), and inside a table column by column and constraint by
//! constraint. What only one branch changed is taken from it; what several
//! changed the same way is taken once; what they changed differently is a
//! conflict, named, for a person to settle in the schema file.

use pschema_schema::{Enum, Schema, Table};
use std::collections::BTreeSet;

/// Merges `branches` (each a schema that started from `base`).
pub fn merge(base: &Schema, branches: &[&Schema]) -> Result<Schema, Vec<String>> {
    let mut conflicts = Vec::new();
    let enums = merge_named(
        &base.enums,
        branches.iter().map(|b| &b.enums[..]).collect(),
        |e| e.name.as_str(),
        merge_enum,
        &mut conflicts,
    );
    let tables = merge_named(
        &base.tables,
        branches.iter().map(|b| &b.tables[..]).collect(),
        |t| t.name.as_str(),
        merge_table,
        &mut conflicts,
    );
    if conflicts.is_empty() {
        Ok(Schema { enums, tables })
    } else {
        Err(conflicts)
    }
}

/// The value the branches agree on: the base unless one or more changed it,
/// in which case all that changed it must have changed it alike.
fn three_way<T: PartialEq + Clone>(base: Option<&T>, versions: &[Option<&T>]) -> Result<Option<T>, ()> {
    let mut changed: Option<Option<&T>> = None;
    for version in versions {
        if *version == base {
            continue;
        }
        match changed {
            None => changed = Some(*version),
            Some(other) if other == *version => {}
            Some(_) => return Err(()),
        }
    }
    Ok(changed.unwrap_or(base).cloned())
}

/// Objects with names: the base's in its order, then the new ones in the
/// order the branches add them. An object changed differently by two
/// branches goes to `deeper`, which merges its parts or reports a conflict.
fn merge_named<T: PartialEq + Clone>(
    base: &[T],
    branches: Vec<&[T]>,
    name: impl Fn(&T) -> &str,
    deeper: impl Fn(Option<&T>, &[Option<&T>], &mut Vec<String>) -> Option<T>,
    conflicts: &mut Vec<String>,
) -> Vec<T> {
    let mut names: Vec<&str> = base.iter().map(&name).collect();
    let mut seen: BTreeSet<&str> = names.iter().copied().collect();
    for branch in &branches {
        for item in branch.iter() {
            if seen.insert(name(item)) {
                names.push(name(item));
            }
        }
    }
    let find = |items: &[T], wanted: &str| items.iter().position(|i| name(i) == wanted);
    let mut out = Vec::new();
    for wanted in names {
        let base_item = find(base, wanted).map(|i| &base[i]);
        let versions: Vec<Option<&T>> = branches.iter().map(|b| find(b, wanted).map(|i| &b[i])).collect();
        let merged = match three_way(base_item, &versions) {
            Ok(merged) => merged,
            Err(()) => deeper(base_item, &versions, conflicts),
        };
        out.extend(merged);
    }
    out
}

fn merge_enum(base: Option<&Enum>, versions: &[Option<&Enum>], conflicts: &mut Vec<String>) -> Option<Enum> {
    let name = versions.iter().flatten().next().map_or("", |e| e.name.as_str());
    let (Some(base), Some(versions)) = (base, versions.iter().copied().collect::<Option<Vec<&Enum>>>()) else {
        conflicts.push(format!("enum {name} is dropped by one branch and changed by another"));
        return None;
    };
    // Labels: those every branch kept, in the base's order, then each
    // branch's new ones after them.
    let removed: BTreeSet<&String> = versions
        .iter()
        .flat_map(|v| base.labels.iter().filter(|l| !v.labels.contains(l)))
        .collect();
    let mut labels: Vec<String> = base.labels.iter().filter(|l| !removed.contains(l)).cloned().collect();
    for version in &versions {
        for label in &version.labels {
            if !base.labels.contains(label) && !labels.contains(label) {
                labels.push(label.clone());
            }
        }
    }
    let db_name = match three_way(
        Some(&base.db_name),
        &versions.iter().map(|v| Some(&v.db_name)).collect::<Vec<_>>(),
    ) {
        Ok(Some(n)) => n,
        _ => {
            conflicts.push(format!("enum {name} is renamed differently by two branches"));
            return None;
        }
    };
    Some(Enum {
        name: base.name.clone(),
        db_name,
        labels,
        renamed_labels: Vec::new(),
    })
}

/// The parts of a table that are sets: the base's, less what any branch
/// removed, with what any branch added.
fn merge_set<T: PartialEq + Clone>(base: &[T], versions: &[&[T]]) -> Vec<T> {
    let mut out: Vec<T> = base
        .iter()
        .filter(|item| versions.iter().all(|v| v.contains(item)))
        .cloned()
        .collect();
    for version in versions {
        for item in version.iter() {
            if !base.contains(item) && !out.contains(item) {
                out.push(item.clone());
            }
        }
    }
    out
}

fn merge_table(base: Option<&Table>, versions: &[Option<&Table>], conflicts: &mut Vec<String>) -> Option<Table> {
    let name = versions
        .iter()
        .flatten()
        .next()
        .map_or("", |t| t.name.as_str())
        .to_string();
    let (Some(base), Some(versions)) = (base, versions.iter().copied().collect::<Option<Vec<&Table>>>()) else {
        conflicts.push(format!(
            "table {name} is dropped by one branch and changed by another (or created differently by two)"
        ));
        return None;
    };
    let before = conflicts.len();
    let columns = merge_named(
        &base.columns,
        versions.iter().map(|v| &v.columns[..]).collect(),
        |c| c.name.as_str(),
        |base, versions, conflicts: &mut Vec<String>| {
            let column = base
                .or(versions.iter().flatten().next().copied())
                .map_or("", |c| c.name.as_str());
            conflicts.push(format!(
                "table {name}: column {column} is changed differently by two branches"
            ));
            None
        },
        conflicts,
    );
    if conflicts.len() > before {
        return None;
    }
    fn scalar<T>(name: &str, what: &str, conflicts: &mut Vec<String>, result: Result<T, ()>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(()) => {
                conflicts.push(format!(
                    "table {name}: its {what} is changed differently by two branches"
                ));
                None
            }
        }
    }
    let primary_key = scalar(
        &name,
        "primary key",
        conflicts,
        three_way(
            base.primary_key.as_ref(),
            &versions.iter().map(|v| v.primary_key.as_ref()).collect::<Vec<_>>(),
        ),
    )?;
    let comment = scalar(
        &name,
        "comment",
        conflicts,
        three_way(
            base.comment.as_ref(),
            &versions.iter().map(|v| v.comment.as_ref()).collect::<Vec<_>>(),
        ),
    )?;
    let mut merged = Table {
        name: base.name.clone(),
        columns,
        primary_key,
        indexes: merge_set(
            &base.indexes,
            &versions.iter().map(|v| &v.indexes[..]).collect::<Vec<_>>(),
        ),
        foreign_keys: merge_set(
            &base.foreign_keys,
            &versions.iter().map(|v| &v.foreign_keys[..]).collect::<Vec<_>>(),
        ),
        uniques: merge_set(
            &base.uniques,
            &versions.iter().map(|v| &v.uniques[..]).collect::<Vec<_>>(),
        ),
        checks: merge_set(
            &base.checks,
            &versions.iter().map(|v| &v.checks[..]).collect::<Vec<_>>(),
        ),
        comment,
        renamed_from: None,
    };
    // Order carries no meaning for these; the schema keeps them sorted.
    merged.indexes.sort_by(|a, b| a.name.cmp(&b.name));
    merged
        .foreign_keys
        .sort_by(|a, b| (&a.columns, &a.name).cmp(&(&b.columns, &b.name)));
    merged
        .uniques
        .sort_by(|a, b| (&a.columns, &a.name).cmp(&(&b.columns, &b.name)));
    merged
        .checks
        .sort_by(|a, b| (&a.name, &a.expression).cmp(&(&b.name, &b.expression)));
    Some(merged)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schema(text: &str) -> Schema {
        pschema_schema::parse_schema(text).expect("valid test schema")
    }

    #[test]
    fn what_each_branch_changed_is_kept_down_to_columns_and_labels() {
        let base =
            schema("enum Tool { A B }\ntable logs { id Integer @id\n at DateTime? }\ntable users { id Integer @id }");
        let one = schema(
            "enum Tool { A B C }\ntable logs { id Integer @id\n at DateTime? \n chain_hash String(128)? @index }\ntable users { id Integer @id }",
        );
        let two = schema(
            "enum Tool { A B D }\ntable logs { id Integer @id\n at DateTime? @default(now()) }\ntable users { id Integer @id\n tier String(10)? }\ntable notes { id Integer @id }",
        );
        let merged = merge(&base, &[&one, &two]).unwrap();
        let expected = schema(
            "enum Tool { A B C D }\ntable logs { id Integer @id\n at DateTime? @default(now())\n chain_hash String(128)? @index }\n\
             table users { id Integer @id\n tier String(10)? }\ntable notes { id Integer @id }",
        );
        assert_eq!(merged, expected);
    }

    #[test]
    fn the_same_thing_changed_two_ways_is_a_conflict() {
        let base = schema("table t { id Integer @id\n name String(10) }");
        let one = schema("table t { id Integer @id\n name String(20) }");
        let two = schema("table t { id Integer @id\n name Text }");
        let alike = schema("table t { id Integer @id\n name String(20) }");
        assert!(merge(&base, &[&one, &alike]).is_ok());
        assert_eq!(
            merge(&base, &[&one, &two]).unwrap_err(),
            ["table t: column name is changed differently by two branches"]
        );
        let dropped = schema("");
        assert_eq!(
            merge(&base, &[&one, &dropped]).unwrap_err(),
            ["table t is dropped by one branch and changed by another (or created differently by two)"]
        );
    }
}
