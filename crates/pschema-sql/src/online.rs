//! PostgreSQL's lock-safe forms, for tables that existed before the
//! migration (their rows are live and the application writes to them).
//!
//! A plain `CREATE INDEX`, `ADD FOREIGN KEY`, `ADD CHECK`, `SET NOT NULL` or
//! `ADD UNIQUE` reads the whole table while holding a lock that stops every
//! write. The safe plan splits each into a short step under that lock and a
//! long one under a lock that lets writes through, in steps of their own
//! after the migration's first transaction:
//!
//! 1. the first transaction: constraints added `NOT VALID` (enforced for new
//!    rows at once, no scan), `SET NOT NULL` as a `NOT VALID` check;
//! 2. outside any transaction: indexes, and the indexes of unique
//!    constraints, built `CONCURRENTLY`, each after dropping the invalid
//!    index an earlier try that failed may have left (so the step can run
//!    again);
//! 3. a transaction: `VALIDATE CONSTRAINT` (SHARE UPDATE EXCLUSIVE: the scan
//!    blocks no write);
//! 4. a transaction: the brief ACCESS EXCLUSIVE changes that need the scans
//!    done: `SET NOT NULL` (PostgreSQL skips its scan given the validated
//!    check), the check dropped again, unique constraints attached `USING
//!    INDEX`. Kept apart from 3 so that no validation scans while they hold
//!    their lock.

use crate::postgres::quote;
use crate::{Plan, Statement, StatementKind};
use pschema_schema::Index;

/// What steps 2 to 4 do, gathered while the first transaction is planned,
/// and written once it is: a table or column the first transaction renames
/// is named as it is by then (going down, a column is made NOT NULL under
/// the name it has before the rename that gives its old one back).
#[derive(Debug, Default)]
pub(crate) struct Later {
    work: Vec<Deferred>,
}

#[derive(Debug)]
enum Deferred {
    Index {
        table: String,
        index: Index,
    },
    Validate {
        table: String,
        name: String,
        what: &'static str,
    },
    NotNull {
        table: String,
        column: String,
        check: String,
    },
    Unique {
        table: String,
        name: String,
        columns: Vec<String>,
    },
}

impl Deferred {
    fn table(&mut self) -> &mut String {
        match self {
            Deferred::Index { table, .. }
            | Deferred::Validate { table, .. }
            | Deferred::NotNull { table, .. }
            | Deferred::Unique { table, .. } => table,
        }
    }

    /// The columns this work names, by their name at this point of the plan.
    fn columns(&mut self) -> Vec<&mut String> {
        match self {
            Deferred::Index { index, .. } => index.columns.iter_mut().collect(),
            Deferred::Unique { columns, .. } => columns.iter_mut().collect(),
            Deferred::NotNull { column, .. } => vec![column],
            Deferred::Validate { .. } => Vec::new(),
        }
    }
}

fn statement(comment: Option<String>, sql: String) -> Statement {
    Statement {
        sql,
        comment,
        kind: StatementKind::Plain,
    }
}

/// `CREATE [UNIQUE] INDEX CONCURRENTLY`, preceded by the drop of what a
/// failed try left: an interrupted concurrent build leaves an invalid index
/// of that name, which `IF NOT EXISTS` would take for done.
fn concurrent_index(comment: String, table: &str, name: &str, unique: bool, columns: &[String]) -> [Statement; 2] {
    let columns: Vec<String> = columns.iter().map(|c| quote(c)).collect();
    [
        statement(
            Some(comment),
            format!("DROP INDEX CONCURRENTLY IF EXISTS {}", quote(name)),
        ),
        statement(
            None,
            format!(
                "CREATE {}INDEX CONCURRENTLY {} ON {} ({})",
                if unique { "UNIQUE " } else { "" },
                quote(name),
                quote(table),
                columns.join(", ")
            ),
        ),
    ]
}

fn validate(table: &str, name: &str, what: &str) -> Statement {
    statement(
        Some(format!("Validate {what} {name} on {table}: the scan lets writes go on")),
        format!("ALTER TABLE {} VALIDATE CONSTRAINT {}", quote(table), quote(name)),
    )
}

/// The name of the check that stands for NOT NULL while it is validated: the
/// table and column, cut to PostgreSQL's 63 bytes.
pub(crate) fn not_null_check_name(table: &str, column: &str) -> String {
    let mut name = format!("{table}_{column}_not_null");
    let mut end = name.len().min(63);
    while !name.is_char_boundary(end) {
        end -= 1;
    }
    name.truncate(end);
    name
}

impl Later {
    /// An index on a table with rows: built concurrently.
    pub fn index(&mut self, table: &str, index: &Index) {
        self.work.push(Deferred::Index {
            table: table.to_string(),
            index: index.clone(),
        });
    }

    /// A constraint added `NOT VALID` in the first transaction, validated in a
    /// later one.
    pub fn validate(&mut self, table: &str, name: &str, what: &'static str) {
        self.work.push(Deferred::Validate {
            table: table.to_string(),
            name: name.to_string(),
            what,
        });
    }

    /// NOT NULL on a column with rows: `check` (`NOT VALID` in the first
    /// transaction) is validated, then proves the column has no NULL.
    pub fn set_not_null(&mut self, table: &str, column: &str, check: &str) {
        self.work.push(Deferred::NotNull {
            table: table.to_string(),
            column: column.to_string(),
            check: check.to_string(),
        });
    }

    /// A unique constraint on a table with rows: its index built
    /// concurrently, then attached.
    pub fn unique(&mut self, table: &str, name: &str, columns: &[String]) {
        self.work.push(Deferred::Unique {
            table: table.to_string(),
            name: name.to_string(),
            columns: columns.to_vec(),
        });
    }

    /// The first transaction renames `old` to `new`, after what was gathered.
    pub fn renamed(&mut self, old: &str, new: &str) {
        for work in &mut self.work {
            let table = work.table();
            if table == old {
                *table = new.to_string();
            }
        }
    }

    /// The first transaction renames column `old` of `table` to `new`, after
    /// what was gathered.
    pub fn column_renamed(&mut self, table: &str, old: &str, new: &str) {
        for work in &mut self.work {
            if work.table() != table {
                continue;
            }
            for column in work.columns() {
                if column == old {
                    *column = new.to_string();
                }
            }
        }
    }

    /// Appends steps 2 to 4 to the plan of the first transaction.
    pub fn finish(self, plan: &mut Plan) {
        let (mut concurrent, mut validates, mut attach) = (Vec::new(), Vec::new(), Vec::new());
        for work in self.work {
            match work {
                Deferred::Index { table, index } => {
                    let comment = format!(
                        "Create index {} on {table}, concurrently: writes go on while it is built",
                        index.name
                    );
                    concurrent.extend(concurrent_index(
                        comment,
                        &table,
                        &index.name,
                        index.unique,
                        &index.columns,
                    ));
                }
                Deferred::Validate { table, name, what } => validates.push(validate(&table, &name, what)),
                Deferred::NotNull { table, column, check } => {
                    validates.push(validate(&table, &check, "NOT NULL check"));
                    let t = quote(&table);
                    attach.push(statement(
                        Some(format!(
                            "{table}.{column} NOT NULL: the validated check spares PostgreSQL the scan"
                        )),
                        format!("ALTER TABLE {t} ALTER COLUMN {} SET NOT NULL", quote(&column)),
                    ));
                    attach.push(statement(
                        None,
                        format!("ALTER TABLE {t} DROP CONSTRAINT {}", quote(&check)),
                    ));
                }
                Deferred::Unique { table, name, columns } => {
                    let comment = format!(
                        "Build the index of unique constraint {name} on {table}, concurrently: writes go on while it is built"
                    );
                    concurrent.extend(concurrent_index(comment, &table, &name, true, &columns));
                    attach.push(statement(
                        Some(format!("Attach unique constraint {name} to {table} from its index")),
                        format!(
                            "ALTER TABLE {} ADD CONSTRAINT {} UNIQUE USING INDEX {}",
                            quote(&table),
                            quote(&name),
                            quote(&name)
                        ),
                    ));
                }
            }
        }
        for mut s in concurrent {
            s.kind = StatementKind::Outside;
            plan.statements.push(s);
        }
        for group in [validates, attach] {
            for (i, mut s) in group.into_iter().enumerate() {
                if i == 0 {
                    s.kind = StatementKind::NewTransaction;
                }
                plan.statements.push(s);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_not_null_check_name_fits_postgresql() {
        assert_eq!(not_null_check_name("users", "email"), "users_email_not_null");
        let long = not_null_check_name(&"t".repeat(40), &"é".repeat(20));
        assert!(long.len() <= 63, "{long}");
    }
}
