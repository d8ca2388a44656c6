//! Self-verification: before autogenerate writes a migration, it replays it
//! on a scratch database of each dialect it can (parent schema, up, down, up)
//! and checks by introspection that each step gives the schema it should.
//! The expected schema of a step is what a database built from scratch for
//! it holds.

use crate::Error;
use crate::db_schema::{self, DbSchema};
use crate::driver::{Scratch, ScratchServer, StatementFailure};
use pschema_diff::Change;
use pschema_schema::Schema;
use pschema_sql::{Dialect, Script};
use std::collections::BTreeSet;

/// The SQL that builds `schema` from nothing, as `create_all` would.
pub fn create_all_sql(dialect: Dialect, schema: &Schema) -> Result<String, Error> {
    let changes = pschema_diff::diff(&Schema::default(), schema);
    Ok(pschema_sql::plan(dialect, &changes, &Schema::default())?.to_sql())
}

fn failed(step: &str, e: StatementFailure) -> Error {
    Error::Verification {
        step: step.to_string(),
        differences: vec![format!("{} failed: {}", e.statement, e.message)],
    }
}

fn run(scratch: &mut dyn Scratch, step: &str, sql: &Script) -> Result<DbSchema, Error> {
    scratch.run(sql).map_err(|e| failed(step, e))?;
    scratch.introspect()
}

/// What a database built from scratch for `schema` holds.
pub fn expected(server: &mut dyn ScratchServer, schema: &Schema) -> Result<DbSchema, Error> {
    let sql = pschema_sql::script::parse(server.dialect(), &create_all_sql(server.dialect(), schema)?);
    run(&mut *server.scratch()?, "building the expected schema", &sql)
}

fn compare(step: &str, expected: &DbSchema, actual: &DbSchema) -> Result<(), Error> {
    let differences = db_schema::differences(expected, actual);
    if differences.is_empty() {
        Ok(())
    } else {
        Err(Error::Verification {
            step: step.to_string(),
            differences,
        })
    }
}

fn same_statements(a: &Script, b: &Script) -> bool {
    let texts = |s: &Script| {
        s.outside
            .iter()
            .chain(&s.body)
            .map(|p| p.sql.clone())
            .collect::<Vec<_>>()
    };
    texts(a) == texts(b)
}

/// The parts of `old` and `new` a migration can affect: the tables its
/// changes touch and the tables those reference or are referenced by (a
/// rename reaches into them), with every enum. Verifying on these alone keeps
/// autogenerate fast on a large schema, where one change touches few tables.
pub fn affected(old: &Schema, new: &Schema, changes: &[Change]) -> (Schema, Schema) {
    let mut names: BTreeSet<String> = BTreeSet::new();
    for change in changes {
        match change {
            Change::CreateEnum(_) | Change::DropEnum(_) => {}
            Change::AlterEnum { tables, .. } => names.extend(tables.iter().map(|t| t.name.clone())),
            Change::CreateTable(t) | Change::DropTable(t) => {
                names.insert(t.name.clone());
            }
            Change::RenameTable { old, new } => {
                names.insert(old.clone());
                names.insert(new.clone());
            }
            Change::AlterTable { new, .. } => {
                names.insert(new.name.clone());
            }
            Change::CreateIndex { table, .. } | Change::DropIndex { table, .. } | Change::RenameIndex { table, .. } => {
                names.insert(table.clone());
            }
        }
    }
    // A table keeps its name on both sides unless renamed; take both names.
    for t in &new.tables {
        if let Some(from) = &t.renamed_from
            && (names.contains(from) || names.contains(&t.name))
        {
            names.insert(from.clone());
            names.insert(t.name.clone());
        }
    }
    let neighbours = |schema: &Schema, names: &BTreeSet<String>| -> BTreeSet<String> {
        let mut out = names.clone();
        for t in &schema.tables {
            for fk in &t.foreign_keys {
                if names.contains(&t.name) {
                    out.insert(fk.ref_table.clone());
                }
                if names.contains(&fk.ref_table) {
                    out.insert(t.name.clone());
                }
            }
        }
        out
    };
    let mut all = neighbours(old, &names);
    all.extend(neighbours(new, &names));
    // A table in the subset must have what it references there too, all the
    // way up (PostgreSQL refuses a foreign key to a table that is not there):
    // a child of a touched table may reference a table that touches nothing.
    loop {
        let mut more = Vec::new();
        for schema in [old, new] {
            for t in &schema.tables {
                if all.contains(&t.name) {
                    more.extend(
                        t.foreign_keys
                            .iter()
                            .filter(|fk| !all.contains(&fk.ref_table))
                            .map(|fk| fk.ref_table.clone()),
                    );
                }
            }
        }
        if more.is_empty() {
            break;
        }
        all.extend(more);
    }
    let subset = |schema: &Schema| Schema {
        enums: schema.enums.clone(),
        tables: schema
            .tables
            .iter()
            .filter(|t| all.contains(&t.name))
            .cloned()
            .collect(),
    };
    (subset(old), subset(new))
}

/// Replays parent, up, down, up on a scratch database of `server`'s dialect
/// and compares each step with the schema it should give, on the tables
/// `changes` affect. `up` and `down` are the migration's SQL in that dialect.
///
/// Two shortcuts keep it cheap without checking less: when the parent is
/// empty and `up` is exactly the SQL that builds the new schema, what `up`
/// gives is by definition the expected schema; and when the database after
/// `down` holds, to the letter, the schema text the parent held, going up
/// again is the first upgrade over again.
pub fn verify_migration(
    server: &mut dyn ScratchServer,
    old: &Schema,
    new: &Schema,
    changes: &[Change],
    up: &str,
    down: &str,
) -> Result<(), Error> {
    let dialect = server.dialect();
    let (old, new) = affected(old, new, changes);
    let parse = |sql: &str| pschema_sql::script::parse(dialect, sql);
    let (up, down) = (parse(up), parse(down));
    let parent = parse(&create_all_sql(dialect, &old)?);
    let builds_from_nothing = parent.is_empty() && same_statements(&up, &parse(&create_all_sql(dialect, &new)?));
    let expected_new = if builds_from_nothing {
        None
    } else {
        Some(expected(server, &new)?)
    };
    let mut db = server.scratch()?;
    let db = &mut *db;
    // The parent is built from the same SQL an expected schema would be.
    let expected_old = run(db, "building the parent schema", &parent)?;
    let parent_text = db.fingerprint()?;
    let after_up = run(db, "upgrade", &up)?;
    let expected_new = expected_new.unwrap_or_else(|| after_up.clone());
    compare("upgrade", &expected_new, &after_up)?;
    compare("downgrade", &expected_old, &run(db, "downgrade", &down)?)?;
    if parent_text.is_some() && db.fingerprint()? == parent_text {
        return Ok(());
    }
    compare("upgrade again", &expected_new, &run(db, "upgrade again", &up)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn affected_tables_bring_what_they_reference_all_the_way_up() {
        // users is altered; follow_up_items references users (a neighbour)
        // and tool_runs, which references only engagements: both must come
        // along, or the subset cannot be built on PostgreSQL.
        let text = |extra: &str| {
            format!(
                "table users {{\n  id Integer @id\n{extra}}}\n\
                 table engagements {{\n  id Integer @id\n}}\n\
                 table tool_runs {{\n  id Integer @id\n  engagement_id Integer @references(engagements.id)\n}}\n\
                 table follow_up_items {{\n  id Integer @id\n  tool_run_id Integer @references(tool_runs.id)\n  assigned_to Integer @references(users.id)\n}}\n"
            )
        };
        let old = pschema_schema::parse_schema(&text("")).expect("old");
        let new = pschema_schema::parse_schema(&text("  note Text?\n")).expect("new");
        let changes = pschema_diff::diff(&old, &new);
        let (_, subset) = affected(&old, &new, &changes);
        let names: Vec<&str> = subset.tables.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["users", "engagements", "tool_runs", "follow_up_items"]);
    }

    fn schema(text: &str) -> Schema {
        pschema_schema::parse_schema(text).expect("valid schema")
    }

    #[test]
    fn the_affected_tables_hold_everything_they_reference() {
        // A new table references organizations, which references
        // subscriptions: PostgreSQL cannot build organizations without it.
        let old = schema(
            "table users { id Integer @id }\n\
             table subscriptions { id Integer @id\n user_id Integer @references(users.id) }\n\
             table organizations { id Integer @id\n subscription_id Integer? @references(subscriptions.id) }\n\
             table unrelated { id Integer @id }\n",
        );
        let new = schema(
            "table users { id Integer @id }\n\
             table subscriptions { id Integer @id\n user_id Integer @references(users.id) }\n\
             table organizations { id Integer @id\n subscription_id Integer? @references(subscriptions.id) }\n\
             table unrelated { id Integer @id }\n\
             table shares { id Integer @id\n organization_id Integer @references(organizations.id) }\n",
        );
        let changes = pschema_diff::diff(&old, &new);
        let (old_part, new_part) = affected(&old, &new, &changes);
        let names = |s: &Schema| s.tables.iter().map(|t| t.name.clone()).collect::<Vec<_>>();
        assert_eq!(names(&old_part), ["users", "subscriptions", "organizations"]);
        assert_eq!(names(&new_part), ["users", "subscriptions", "organizations", "shares"]);
        for part in [&old_part, &new_part] {
            for t in &part.tables {
                for fk in &t.foreign_keys {
                    assert!(
                        part.table(&fk.ref_table).is_some(),
                        "{} references {}",
                        t.name,
                        fk.ref_table
                    );
                }
            }
        }
    }
}
