//! The rules: each with a stable code, what it finds, what that does on a
//! live database, and the fix. `docs/lint.md` shows each with an example.

use crate::sql::{self, Action, Statement};
use crate::{Input, Located, Severity};
use pschema_migrate::dir::Direction;
use pschema_schema::{Column, ColumnType, Schema};
use pschema_sql::Dialect;
use pschema_sql::script::LintIgnore;
use std::collections::BTreeSet;

#[derive(Debug, PartialEq, Eq)]
pub struct Rule {
    pub code: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    /// `postgres` or `both`.
    pub dialects: &'static str,
    /// What happens on a live database.
    pub effect: &'static str,
    pub fix: &'static str,
}

macro_rules! rules {
    ($($id:ident = $code:literal $name:literal $sev:ident $dialects:literal $effect:literal $fix:literal;)*) => {
        $(pub const $id: &Rule = &Rule {
            code: $code,
            name: $name,
            severity: Severity::$sev,
            dialects: $dialects,
            effect: $effect,
            fix: $fix,
        };)*
        /// Every rule, in code order.
        pub const RULES: &[&Rule] = &[$($id),*];
    };
}

rules! {
    DESTRUCTIVE = "M001" "destructive-change" Error "both"
        "drops a table or a column, or narrows a type: the data is gone once it commits"
        "keep the data (rename, or copy it out first) or accept it with a lint-ignore giving the reason";
    DOWN_LOSES_DATA = "M002" "down-loses-data" Warning "both"
        "the down migration drops what the up migration added, with every row written since"
        "back up what the down drops before running it on a database that matters";
    SQLITE_REBUILD = "M003" "sqlite-rebuild" Info "both"
        "the table is copied into a new one, every row, while the write lock is held"
        "run it when the table is small or writes can wait; nothing else to do on SQLite";
    UNANALYSED = "M004" "unanalysed-sql" Warning "both"
        "hand-written SQL lint cannot read: its locks and cost are unknown"
        "review its locking by hand, then accept it with a lint-ignore giving the reason";
    BAD_IGNORE = "M005" "bad-lint-ignore" Error "both"
        "a lint-ignore without a known code and a reason accepts nothing"
        "write `-- pschema:lint-ignore CODE reason` with one of the codes of docs/lint.md";
    INDEX_NOT_CONCURRENT = "P001" "index-not-concurrent" Error "postgres"
        "CREATE INDEX takes a SHARE lock: every write to the table waits for the whole build"
        "CREATE INDEX CONCURRENTLY in a step outside the transaction (the step markers of docs/lint.md), as autogenerate writes it";
    FOREIGN_KEY_VALIDATES = "P002" "foreign-key-validated-under-lock" Error "postgres"
        "ADD FOREIGN KEY scans the whole table under a lock that stops writes to both tables"
        "ADD ... NOT VALID, then ALTER TABLE ... VALIDATE CONSTRAINT in a later transaction (a new step: docs/lint.md)";
    CHECK_VALIDATES = "P003" "check-validated-under-lock" Error "postgres"
        "ADD CHECK scans the whole table under an ACCESS EXCLUSIVE lock"
        "ADD CONSTRAINT ... CHECK (...) NOT VALID, then VALIDATE CONSTRAINT in a later transaction (a new step: docs/lint.md)";
    SET_NOT_NULL_SCANS = "P004" "set-not-null-scans" Error "postgres"
        "SET NOT NULL scans the whole table under an ACCESS EXCLUSIVE lock"
        "add CHECK (col IS NOT NULL) NOT VALID, VALIDATE it in a later step, then SET NOT NULL (no scan) and drop the check";
    UNIQUE_BUILDS_INDEX = "P005" "unique-builds-index-under-lock" Error "postgres"
        "ADD UNIQUE / PRIMARY KEY builds its index under an ACCESS EXCLUSIVE lock"
        "CREATE UNIQUE INDEX CONCURRENTLY in a step outside the transaction, then ADD CONSTRAINT ... UNIQUE USING INDEX";
    TYPE_CHANGE_REWRITES = "P006" "type-change-rewrites-table" Error "postgres"
        "the type change rewrites the table and its indexes under an ACCESS EXCLUSIVE lock"
        "expand and contract: add a column of the new type, backfill in batches, switch the app, drop the old";
    VOLATILE_DEFAULT = "P007" "volatile-default" Error "postgres"
        "a column added with a volatile default rewrites the whole table under an ACCESS EXCLUSIVE lock"
        "add the column without a default (or a constant one), then backfill in batches";
    RENAME = "P008" "rename-breaks-running-app" Warning "postgres"
        "the running application still uses the old name and fails from the moment this commits"
        "expand and contract: add the new name, deploy code using both, then drop the old one";
    DROP_COLUMN_READ = "P009" "drop-column-breaks-running-app" Warning "postgres"
        "the running application's models still read the column until the new code is deployed"
        "deploy code that no longer reads the column first, then drop it in a later migration";
    ENUM_VALUE_USED = "P010" "enum-value-used-in-its-transaction" Error "postgres"
        "a label added by ALTER TYPE ... ADD VALUE cannot be used in the transaction that adds it"
        "run the ADD VALUE on its own outside the transaction (the no-transaction marker), before the statements using it";
    NO_LOCK_TIMEOUT = "P011" "no-lock-timeout" Warning "postgres"
        "an ACCESS EXCLUSIVE lock waiting behind one long query queues every query after it"
        "leave the runner's lock_timeout on (--ddl-lock-timeout; it retries the step), or SET lock_timeout where the SQL runs by hand";
    VACUUM_FULL = "P012" "vacuum-full-or-cluster" Error "postgres"
        "VACUUM FULL and CLUSTER rewrite the table under an ACCESS EXCLUSIVE lock"
        "use pg_repack or plain VACUUM, outside migrations";
    WHOLE_TABLE_UPDATE = "P013" "whole-table-update" Warning "postgres"
        "one UPDATE of every row holds their row locks to the end and writes the table again in one transaction"
        "backfill in batches (UPDATE ... WHERE id BETWEEN ...) outside the migration's transaction";
}

/// A finding before it is placed in its migration and file.
pub struct Raw {
    pub rule: &'static Rule,
    pub line: usize,
    pub statement: String,
    /// When the rule's general effect is not precise enough.
    pub effect: Option<String>,
    /// The statement's own lint-ignores; `None` for a finding about the file.
    pub ignores: Option<Vec<LintIgnore>>,
}

impl Raw {
    fn at(rule: &'static Rule, located: &Located<'_>, effect: Option<String>) -> Raw {
        Raw {
            rule,
            line: located.piece.line,
            statement: located.piece.shown(),
            effect,
            ignores: Some(located.piece.lint_ignores.clone()),
        }
    }

    pub fn at_line(rule: &'static Rule, line: usize, statement: String, effect: String) -> Raw {
        Raw {
            rule,
            line,
            statement,
            effect: Some(effect),
            ignores: None,
        }
    }
}

pub struct Context<'a> {
    pub input: &'a Input<'a>,
    pub dialect: Dialect,
    pub direction: Direction,
    pub statements: &'a [Located<'a>],
}

impl Context<'_> {
    /// The schema the file starts from: the parents' going up, the
    /// migration's own going down.
    fn before(&self) -> Vec<&Schema> {
        match self.direction {
            Direction::Up => self.input.parents.iter().collect(),
            Direction::Down => self.input.schema.iter().collect(),
        }
    }

    /// The schema the file ends with (the first parent's going down).
    fn after(&self) -> Option<&Schema> {
        match self.direction {
            Direction::Up => self.input.schema.as_ref(),
            Direction::Down => self.input.parents.first(),
        }
    }

    fn column_before(&self, table: &str, column: &str) -> Option<&Column> {
        self.before()
            .into_iter()
            .find_map(|s| s.table(table).and_then(|t| t.column(column)))
    }
}

pub fn bad_ignore(ignore: &LintIgnore) -> Option<String> {
    if !RULES.iter().any(|r| r.code == ignore.code) {
        return Some(format!(
            "`lint-ignore {}` names no rule: the codes are M001-M005 and P001-P013",
            ignore.code
        ));
    }
    if ignore.reason.trim().is_empty() {
        return Some(format!(
            "`lint-ignore {}` gives no reason, so it accepts nothing",
            ignore.code
        ));
    }
    None
}

pub fn check(cx: &Context<'_>, out: &mut Vec<Raw>) {
    let mut existing: BTreeSet<String> = cx
        .before()
        .iter()
        .flat_map(|s| s.tables.iter().map(|t| t.name.clone()))
        .collect();
    let mut rebuilt = BTreeSet::new();
    let mut destructive_found = false;
    let mut first_drop = None;
    let mut lock_timeout = cx.input.runner_sets_lock_timeout;
    let mut lock_timeout_reported = false;
    // Constraints added NOT VALID, and whether they are validated since.
    let mut not_valid: Vec<NotValid<'_>> = Vec::new();
    let mut added_labels: Vec<String> = Vec::new();
    let postgres_up = cx.dialect == Dialect::Postgres && cx.direction == Direction::Up;

    for located in cx.statements {
        let piece = located.piece;
        let statement = sql::classify(&piece.sql);
        if let Some(rebuild) = &piece.rebuild {
            if rebuilt.insert(rebuild.table.clone()) {
                let rows = cx.input.row_counts.and_then(|c| c.get(&rebuild.table));
                let effect = match rows {
                    Some(n) => format!(
                        "{} is copied into a new table, {n} rows, while the write lock is held",
                        rebuild.table
                    ),
                    None => format!(
                        "{} is copied into a new table, every row, while the write lock is held",
                        rebuild.table
                    ),
                };
                out.push(Raw::at(SQLITE_REBUILD, located, Some(effect)));
            }
            // A rebuild's DROP TABLE drops the old copy, not data.
            continue;
        }
        match &statement {
            Statement::Unknown => out.push(Raw::at(UNANALYSED, located, None)),
            Statement::DoBlock if piece.hand_written => out.push(Raw::at(UNANALYSED, located, None)),
            _ => {}
        }
        let drops = match &statement {
            Statement::DropTable { .. } => true,
            Statement::AlterTable { actions, .. } => actions.iter().any(|a| matches!(a, Action::DropColumn { .. })),
            _ => false,
        };
        if drops {
            first_drop.get_or_insert(located);
            if cx.direction == Direction::Up && cx.input.migration.meta.destructive {
                destructive_found = true;
                out.push(Raw::at(DESTRUCTIVE, located, None));
            }
        }
        if !postgres_up {
            continue;
        }
        let is_existing = |table: &str| existing.contains(table);
        let takes_access_exclusive = match &statement {
            Statement::AlterTable { table, .. } | Statement::DropTable { table } => is_existing(table),
            Statement::DropIndex { concurrently } => !concurrently,
            Statement::VacuumFullOrCluster => true,
            _ => false,
        };
        if takes_access_exclusive && !lock_timeout && !lock_timeout_reported {
            lock_timeout_reported = true;
            out.push(Raw::at(NO_LOCK_TIMEOUT, located, None));
        }
        match &statement {
            Statement::SetLockTimeout { off } => lock_timeout = !off,
            Statement::CreateTable { table } => {
                existing.remove(table);
            }
            Statement::CreateIndex { table, concurrently } if is_existing(table) && !concurrently => {
                out.push(Raw::at(INDEX_NOT_CONCURRENT, located, None));
            }
            Statement::AddEnumValue { label } if !located.outside => added_labels.push(label.clone()),
            Statement::VacuumFullOrCluster => out.push(Raw::at(VACUUM_FULL, located, None)),
            Statement::Update { table, has_where } if is_existing(table) && !has_where => {
                out.push(Raw::at(WHOLE_TABLE_UPDATE, located, None));
            }
            Statement::AlterTable { table, actions } if is_existing(table) => {
                for action in actions {
                    alter_action(cx, located, table, action, &mut not_valid, out);
                }
            }
            _ => {}
        }
        if let Statement::AlterTable { actions, .. } = &statement {
            for action in actions {
                if let Action::RenameTable { new } = action {
                    existing.insert(new.clone());
                }
            }
        }
        if !matches!(statement, Statement::AddEnumValue { .. }) {
            for label in &added_labels {
                if sql::uses_literal(&piece.sql, label) {
                    let effect = format!(
                        "'{label}' is added to its type in this transaction and used here: PostgreSQL refuses it (unsafe use of new value)"
                    );
                    out.push(Raw::at(ENUM_VALUE_USED, located, Some(effect)));
                }
            }
        }
    }
    for never in not_valid.iter().filter(|c| !c.validated) {
        let effect = format!(
            "{} is added NOT VALID and never validated: the rows already there are not checked, and PostgreSQL cannot rely on it",
            never.name
        );
        out.push(Raw::at(never.rule, never.added, Some(effect)));
    }
    let file_line =
        |located: Option<&Located<'_>>| located.map_or((1, String::new()), |l| (l.piece.line, l.piece.shown()));
    if cx.direction == Direction::Up && cx.input.migration.meta.destructive && !destructive_found {
        let (line, statement) = file_line(None);
        out.push(Raw::at_line(
            DESTRUCTIVE,
            line,
            statement,
            "the migration is recorded as destructive (migration.toml): it narrows a type or drops data".into(),
        ));
    }
    if cx.direction == Direction::Down && cx.input.migration.meta.down_loses_data {
        let (line, statement) = file_line(first_drop);
        out.push(Raw::at_line(
            DOWN_LOSES_DATA,
            line,
            statement,
            DOWN_LOSES_DATA.effect.into(),
        ));
    }
}

/// A constraint added NOT VALID: where, its check's body (the proof a
/// SET NOT NULL may use), and whether a VALIDATE came since. NOT VALID is only
/// half of the safe form: the VALIDATE must come in a later transaction (in
/// the same one, the lock ADD took is held through the scan), and come at all.
struct NotValid<'a> {
    table: String,
    name: String,
    rule: &'static Rule,
    added: &'a Located<'a>,
    check: Option<Vec<sql::Token>>,
    validated: bool,
}

/// Whether two statements run in one transaction (the same step of the body).
fn same_transaction(a: &Located<'_>, b: &Located<'_>) -> bool {
    !a.outside && !b.outside && a.piece.step == b.piece.step
}

fn alter_action<'a>(
    cx: &Context<'_>,
    located: &'a Located<'a>,
    table: &str,
    action: &Action,
    not_valid: &mut Vec<NotValid<'a>>,
    out: &mut Vec<Raw>,
) {
    let added = |name: &str, rule, check: Option<&Vec<sql::Token>>| NotValid {
        table: table.to_string(),
        name: name.to_string(),
        rule,
        added: located,
        check: check.cloned(),
        validated: false,
    };
    match action {
        Action::AddForeignKey { not_valid: false, .. } => out.push(Raw::at(FOREIGN_KEY_VALIDATES, located, None)),
        Action::AddCheck { not_valid: false, .. } => out.push(Raw::at(CHECK_VALIDATES, located, None)),
        Action::AddForeignKey {
            name: Some(name),
            not_valid: true,
        } => not_valid.push(added(name, FOREIGN_KEY_VALIDATES, None)),
        Action::AddCheck {
            name: Some(name),
            not_valid: true,
            body,
        } => not_valid.push(added(name, CHECK_VALIDATES, Some(body))),
        Action::ValidateConstraint { name } => {
            let Some(c) = not_valid
                .iter_mut()
                .find(|c| c.table == table && &c.name == name && !c.validated)
            else {
                return;
            };
            c.validated = true;
            if same_transaction(c.added, located) {
                let effect = format!(
                    "{name} is validated in the transaction that adds it: the lock ADD takes is held through the scan, so writes wait for it all the same"
                );
                out.push(Raw::at(c.rule, located, Some(effect)));
            }
        }
        Action::AddUnique { using_index: false, .. } => out.push(Raw::at(UNIQUE_BUILDS_INDEX, located, None)),
        Action::SetNotNull { column } if cx.column_before(table, column).is_some() => {
            let proven = not_valid.iter().any(|c| {
                c.table == table && c.validated && c.check.as_ref().is_some_and(|b| sql::checks_not_null(b, column))
            });
            if !proven {
                out.push(Raw::at(SET_NOT_NULL_SCANS, located, None));
            }
        }
        Action::AlterType { column, using } => {
            let old = cx.column_before(table, column).map(|c| &c.ty);
            let new = cx
                .after()
                .and_then(|s| s.table(table))
                .and_then(|t| t.column(column))
                .map(|c| &c.ty);
            if let Some(effect) = rewrite(old, new, *using) {
                out.push(Raw::at(TYPE_CHANGE_REWRITES, located, Some(effect)));
            }
        }
        Action::AddColumn {
            default: Some(default), ..
        } => {
            if let Some(function) = sql::volatile_call(default) {
                let effect = format!(
                    "{function}() is volatile: every existing row gets its own value, so the whole table is rewritten under an ACCESS EXCLUSIVE lock"
                );
                out.push(Raw::at(VOLATILE_DEFAULT, located, Some(effect)));
            }
        }
        Action::RenameColumn { old, new } => {
            let effect = format!(
                "the running application still reads and writes {table}.{old}, renamed to {new} from the moment this commits"
            );
            out.push(Raw::at(RENAME, located, Some(effect)));
        }
        Action::RenameTable { new } => {
            let effect =
                format!("the running application still uses {table}, renamed to {new} from the moment this commits");
            out.push(Raw::at(RENAME, located, Some(effect)));
        }
        Action::DropColumn { column } => {
            let effect =
                format!("the running application's models still read {table}.{column} until the new code is deployed");
            out.push(Raw::at(DROP_COLUMN_READ, located, Some(effect)));
        }
        _ => {}
    }
}

/// Why a type change rewrites the table, or `None` when PostgreSQL keeps the
/// data in place (a wider varchar, varchar to text, a numeric of more
/// precision and the same scale).
fn rewrite(old: Option<&ColumnType>, new: Option<&ColumnType>, using: bool) -> Option<String> {
    use ColumnType::*;
    let (Some(old), Some(new)) = (old, new) else {
        return Some("lint cannot tell the column's old and new types: assume a rewrite of the table".into());
    };
    let in_place = match (old, new) {
        (String { length: Some(a) }, String { length: Some(b) }) => a <= b,
        (String { .. }, String { length: None } | Text) | (Text, String { length: None }) => true,
        (
            Numeric {
                precision: Some(p1),
                scale: s1,
            },
            Numeric {
                precision: Some(p2),
                scale: s2,
            },
        ) => s1 == s2 && p1 <= p2,
        (Numeric { .. }, Numeric { precision: None, .. }) => true,
        _ => false,
    };
    if in_place && !using {
        return None;
    }
    let (old, new) = (type_name(old), type_name(new));
    Some(format!(
        "{old} to {new} rewrites the table and its indexes under an ACCESS EXCLUSIVE lock"
    ))
}

fn type_name(ty: &ColumnType) -> String {
    match ty {
        ColumnType::String { length: Some(n) } => format!("String({n})"),
        ColumnType::Numeric {
            precision: Some(p),
            scale: Some(s),
        } => format!("Numeric({p}, {s})"),
        ColumnType::Enum(name) => format!("enum {name}"),
        ColumnType::DateTime { timezone: true } => "DateTime(timezone)".into(),
        other => format!("{other:?}")
            .split([' ', '{'])
            .next()
            .unwrap_or_default()
            .to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_in_order() {
        let codes: Vec<&str> = RULES.iter().map(|r| r.code).collect();
        let mut sorted = codes.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(codes, sorted);
    }

    #[test]
    fn which_type_changes_rewrite() {
        use ColumnType::*;
        let s = |n| String { length: Some(n) };
        let num = |p, s| Numeric {
            precision: Some(p),
            scale: Some(s),
        };
        assert_eq!(rewrite(Some(&s(50)), Some(&s(100)), false), None);
        assert_eq!(rewrite(Some(&s(50)), Some(&Text), false), None);
        assert_eq!(rewrite(Some(&num(10, 2)), Some(&num(19, 2)), false), None);
        assert!(rewrite(Some(&s(100)), Some(&s(50)), false).is_some());
        assert!(rewrite(Some(&num(10, 2)), Some(&num(19, 4)), false).is_some());
        assert!(rewrite(Some(&Integer), Some(&BigInteger), false).is_some());
        assert!(rewrite(Some(&Float), Some(&num(19, 2)), true).is_some());
        assert!(rewrite(None, Some(&Text), false).is_some());
    }
}
