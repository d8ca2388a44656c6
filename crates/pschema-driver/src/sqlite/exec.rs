//! Runs a migration's statements on SQLite, one by one, with the table
//! rebuilds the plan marked checked as they go:
//!
//! - the table's triggers, which `DROP TABLE` takes with it, are created
//!   again, and so are indexes made by hand that the schema does not know
//!   (the drift stays for `check` to report, nothing is lost silently); the
//!   views that mention the table are dropped and created again (which also
//!   proves they still make sense);
//! - the table has as many rows after the rebuild as before;
//! - `PRAGMA foreign_key_check` finds nothing in the rebuilt table and, when
//!   its keys may have changed, in the tables that reference it.
//!
//! Tables dropped as a group that references itself (`-- pschema:drop`) go
//! with foreign keys off too, and at the end of their step every table that
//! referenced one of them and is still there is checked the same way.
//!
//! A rebuild needs foreign keys off for the whole transaction (otherwise
//! dropping the old table would run its ON DELETE actions on the children),
//! and `PRAGMA foreign_keys` is a no-op inside a transaction: callers turn
//! them off first with [`ForeignKeysOff`].

use crate::quoted_name as quote;
use pschema_migrate::driver::{ApplyError, KnownColumns, StatementFailure};
use pschema_sql::{Piece, Rebuild, Script};
use rusqlite::Connection;
use rusqlite::fallible_iterator::FallibleIterator;

/// SQLite's own words, without rusqlite's copy of the rest of the script.
pub fn sqlite_message(e: &rusqlite::Error) -> String {
    match e {
        rusqlite::Error::SqlInputError { msg, .. } => msg.clone(),
        rusqlite::Error::SqliteFailure(_, Some(msg)) => msg.clone(),
        other => other.to_string(),
    }
}

fn check(message: String, what: impl Into<String>, line: usize) -> StatementFailure {
    StatementFailure {
        message,
        statement: what.into(),
        line: Some(line),
        steps_done: 0,
        outside: false,
    }
}

/// Turns foreign key enforcement off for as long as it lives, when it was on;
/// must be created outside any transaction.
pub struct ForeignKeysOff<'c> {
    conn: &'c Connection,
    was_on: bool,
}

impl<'c> ForeignKeysOff<'c> {
    pub fn new(conn: &'c Connection) -> rusqlite::Result<ForeignKeysOff<'c>> {
        let was_on: bool = conn.query_row("PRAGMA foreign_keys", [], |r| r.get(0))?;
        if was_on {
            conn.execute_batch("PRAGMA foreign_keys = OFF")?;
        }
        Ok(ForeignKeysOff { conn, was_on })
    }
}

impl Drop for ForeignKeysOff<'_> {
    fn drop(&mut self) {
        if self.was_on {
            // Best effort: the connection is closing or the pragma is ignored
            // inside a still-open transaction; either way nothing is lost.
            self.conn.execute_batch("PRAGMA foreign_keys = ON").ok();
        }
    }
}

/// Runs one statement to its end, reading whatever rows it returns.
pub fn execute_one(conn: &Connection, piece: &Piece) -> Result<(), StatementFailure> {
    let failed = |e: rusqlite::Error| StatementFailure {
        message: sqlite_message(&e),
        statement: piece.shown(),
        line: Some(piece.line),
        steps_done: 0,
        outside: false,
    };
    let mut batch = rusqlite::Batch::new(conn, &piece.sql);
    while let Some(mut stmt) = batch.next().map_err(failed)? {
        let mut rows = stmt.raw_query();
        while rows.next().map_err(failed)?.is_some() {}
    }
    Ok(())
}

/// Runs the statements of a step in a transaction, telling `progress` the
/// number of each (1-based, after `first`) as it starts; the caller owns
/// the transaction.
pub fn execute_pieces(
    conn: &Connection,
    body: &[Piece],
    first: usize,
    known: Option<&KnownColumns>,
    progress: &mut dyn FnMut(usize),
) -> Result<(), StatementFailure> {
    let mut i = 0;
    // The tables that referenced a table dropped with the check, and the
    // line of the drop: checked once the step's drops are all done.
    let mut referrers: Vec<(String, usize)> = Vec::new();
    while i < body.len() {
        match &body[i].rebuild {
            None => {
                progress(first + i + 1);
                if let Some(table) = &body[i].dropped {
                    for referrer in referencing(conn, table, body[i].line)? {
                        if !referrers.iter().any(|(t, _)| *t == referrer) {
                            referrers.push((referrer, body[i].line));
                        }
                    }
                }
                execute_one(conn, &body[i])?;
                i += 1;
            }
            Some(rebuild) => {
                let len = body[i..]
                    .iter()
                    .take_while(|p| p.rebuild.as_ref() == Some(rebuild))
                    .count();
                let group = &body[i..i + len];
                let known = known.and_then(|k| k.get(&rebuild.table));
                checked_rebuild(conn, rebuild, group, known, &mut |k| progress(first + i + k + 1))?;
                i += len;
            }
        }
    }
    for (table, line) in referrers {
        if !exists(conn, &table, line)? {
            continue;
        }
        if let Some(violation) = foreign_key_violations(conn, &table, line)?.into_iter().next() {
            return Err(check(
                format!("{violation}, which the migration drops"),
                format!("PRAGMA foreign_key_check({})", quote(&table)),
                line,
            ));
        }
    }
    Ok(())
}

/// The other tables whose foreign keys reference `table`.
fn referencing(conn: &Connection, table: &str, line: usize) -> Result<Vec<String>, StatementFailure> {
    let sql = "SELECT DISTINCT m.name FROM sqlite_schema m, pragma_foreign_key_list(m.name) f \
               WHERE m.type = 'table' AND f.\"table\" = ?1 COLLATE NOCASE AND m.name <> ?1 COLLATE NOCASE \
               ORDER BY m.name";
    let run = || -> rusqlite::Result<Vec<String>> { conn.prepare(sql)?.query_map([table], |r| r.get(0))?.collect() };
    run().map_err(|e| check(sqlite_message(&e), sql, line))
}

fn exists(conn: &Connection, table: &str, line: usize) -> Result<bool, StatementFailure> {
    let sql = "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?1 COLLATE NOCASE";
    conn.query_row(sql, [table], |r| r.get::<_, i64>(0))
        .map(|n| n > 0)
        .map_err(|e| check(sqlite_message(&e), sql, line))
}

/// Runs step after step of `script` from `start`, as the runner does:
/// foreign keys off around it all when it rebuilds a table, a step in a
/// transaction (from `begin`) or its statements each on their own, then
/// `record(tx, done)` in a transaction (the step's own, or one after it)
/// before it commits.
pub fn run_steps<'c>(
    conn: &'c Connection,
    script: &Script,
    start: usize,
    known: Option<&KnownColumns>,
    begin: &mut dyn FnMut() -> Result<rusqlite::Transaction<'c>, ApplyError>,
    progress: &mut dyn FnMut(usize),
    record: &mut dyn FnMut(&Connection, usize) -> Result<(), ApplyError>,
) -> Result<(), ApplyError> {
    let _off = if script.needs_foreign_keys_off() {
        Some(ForeignKeysOff::new(conn).map_err(|e| failure(&e, "PRAGMA foreign_keys = OFF", 0))?)
    } else {
        None
    };
    let steps = script.steps();
    let mut first = pschema_sql::script::statements_before(&steps, start);
    let failed = |steps_done| move |e: StatementFailure| ApplyError::Failed(StatementFailure { steps_done, ..e });
    let commit = |tx: rusqlite::Transaction<'_>, steps_done| tx.commit().map_err(|e| failure(&e, "COMMIT", steps_done));
    // Nothing left to run (no statements, or an earlier run did them all but
    // stopped before its record): the record alone.
    if start >= steps.len() {
        let tx = begin()?;
        record(&tx, steps.len())?;
        return commit(tx, start);
    }
    for (index, step) in steps.iter().enumerate().skip(start) {
        if !step.transaction {
            for (i, piece) in step.pieces.iter().enumerate() {
                progress(first + i + 1);
                execute_one(conn, piece).map_err(|e| {
                    ApplyError::Failed(StatementFailure {
                        steps_done: index,
                        outside: true,
                        ..e
                    })
                })?;
            }
        }
        let tx = begin()?;
        if step.transaction {
            execute_pieces(&tx, step.pieces, first, known, progress).map_err(failed(index))?;
        }
        record(&tx, index + 1)?;
        commit(tx, index)?;
        first += step.pieces.len();
    }
    Ok(())
}

/// A failure of something the runner ran around the statements.
fn failure(e: &rusqlite::Error, what: &str, steps_done: usize) -> ApplyError {
    ApplyError::Failed(StatementFailure {
        message: sqlite_message(e),
        statement: what.to_string(),
        line: None,
        steps_done,
        outside: false,
    })
}

/// Runs a script as the runner runs a migration, without bookkeeping. For
/// scratch databases and tests.
pub fn run_migration(conn: &Connection, script: &Script, known: Option<&KnownColumns>) -> Result<(), StatementFailure> {
    run_steps(
        conn,
        script,
        0,
        known,
        &mut || {
            rusqlite::Transaction::new_unchecked(conn, rusqlite::TransactionBehavior::Deferred)
                .map_err(|e| failure(&e, "BEGIN", 0))
        },
        &mut |_| {},
        &mut |_, _| Ok(()),
    )
    .map_err(ApplyError::into_failure)
}

/// What hangs on a table and goes with it when it is dropped, or stops
/// making sense: names and definitions, in the schema's order.
struct Attached {
    triggers: Vec<(String, String)>,
    /// Those with a definition: made by hand or by the schema's CREATE INDEX.
    indexes: Vec<(String, String)>,
    /// The views whose definition mentions the table.
    views: Vec<(String, String)>,
}

fn attached_to(conn: &Connection, table: &str, line: usize) -> Result<Attached, StatementFailure> {
    let sql = "SELECT type, name, tbl_name, sql FROM sqlite_master \
               WHERE sql IS NOT NULL AND (type IN ('trigger', 'index') AND tbl_name = ?1 OR type = 'view')";
    type Row = (String, String, String, String);
    let read = || -> rusqlite::Result<Vec<Row>> {
        conn.prepare(sql)?
            .query_map([table], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
            .collect()
    };
    let mut attached = Attached {
        triggers: Vec::new(),
        indexes: Vec::new(),
        views: Vec::new(),
    };
    for (kind, name, on, definition) in read().map_err(|e| check(sqlite_message(&e), sql, line))? {
        match kind.as_str() {
            "trigger" if on == table => attached.triggers.push((name, definition)),
            "index" if on == table => attached.indexes.push((name, definition)),
            "view" if mentions(&definition, table) => attached.views.push((name, definition)),
            _ => {}
        }
    }
    Ok(attached)
}

fn count(conn: &Connection, table: &str, line: usize) -> Result<i64, StatementFailure> {
    let sql = format!("SELECT count(*) FROM {}", quote(table));
    conn.query_row(&sql, [], |r| r.get(0))
        .map_err(|e| check(sqlite_message(&e), sql, line))
}

fn foreign_key_violations(conn: &Connection, table: &str, line: usize) -> Result<Vec<String>, StatementFailure> {
    let sql = format!("PRAGMA foreign_key_check({})", quote(table));
    let run = || -> rusqlite::Result<Vec<String>> {
        conn.prepare(&sql)?
            .query_map([], |r| {
                let rowid: Option<i64> = r.get(1)?;
                let parent: String = r.get(2)?;
                Ok(format!(
                    "row {} of {table} references a missing row of {parent}",
                    rowid.unwrap_or_default()
                ))
            })?
            .collect()
    };
    run().map_err(|e| check(sqlite_message(&e), sql.clone(), line))
}

fn mentions(sql: &str, table: &str) -> bool {
    sql.match_indices(table).any(|(i, _)| {
        let before = sql[..i].chars().next_back();
        let after = sql[i + table.len()..].chars().next();
        let boundary = |c: Option<char>| !c.is_some_and(|c| c.is_alphanumeric() || c == '_');
        boundary(before) && boundary(after)
    })
}

/// Runs `sql` (a trigger, view or index definition saved before the
/// rebuild) again; `what` says what it is, for the message.
fn make_again(conn: &Connection, sql: &str, what: &str, line: usize) -> Result<(), StatementFailure> {
    conn.execute_batch(sql).map_err(|e| {
        check(
            format!("{what} does not fit the rebuilt table: {}", sqlite_message(&e)),
            sql,
            line,
        )
    })
}

/// A column of the live table that the migration does not know (another
/// branch added it): its definition, rebuilt from the catalog, and the
/// column it follows.
struct Carried {
    name: String,
    definition: String,
    after: Option<String>,
}

/// `PRAGMA table_xinfo`: name, type, NOT NULL, default.
type ColumnRow = (String, String, bool, Option<String>);
/// `PRAGMA foreign_key_list`: id, parent table, column, parent column, ON DELETE.
type ForeignKeyRow = (i64, String, String, Option<String>, String);

/// The live table's columns that are not in `known`, with what it takes to
/// make them again in the rebuilt table.
fn carried_columns(
    conn: &Connection,
    table: &str,
    known: &std::collections::BTreeSet<String>,
    line: usize,
) -> Result<Vec<Carried>, StatementFailure> {
    let sql = format!("PRAGMA table_xinfo({})", quote(table));
    let read = || -> rusqlite::Result<Vec<ColumnRow>> {
        conn.prepare(&sql)?
            .query_map([], |r| Ok((r.get(1)?, r.get(2)?, r.get::<_, i64>(3)? != 0, r.get(4)?)))?
            .collect()
    };
    let columns = read().map_err(|e| check(sqlite_message(&e), sql.clone(), line))?;
    let fk_sql = format!("PRAGMA foreign_key_list({})", quote(table));
    let read_fks = || -> rusqlite::Result<Vec<ForeignKeyRow>> {
        conn.prepare(&fk_sql)?
            .query_map([], |r| Ok((r.get(0)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(6)?)))?
            .collect()
    };
    let fks = read_fks().map_err(|e| check(sqlite_message(&e), fk_sql.clone(), line))?;
    let mut out = Vec::new();
    for (i, (name, ty, not_null, default)) in columns.iter().enumerate() {
        if known.contains(name) {
            continue;
        }
        let mut definition = format!("{} {ty}", quote(name));
        if let Some(default) = default {
            definition.push_str(&format!(" DEFAULT {default}"));
        }
        if *not_null {
            definition.push_str(" NOT NULL");
        }
        // A single-column foreign key on it comes along.
        let ids: Vec<i64> = fks.iter().filter(|f| &f.2 == name).map(|f| f.0).collect();
        for id in ids {
            let parts: Vec<_> = fks.iter().filter(|f| f.0 == id).collect();
            if let [(_, parent, _, to, on_delete)] = parts.as_slice() {
                definition.push_str(&format!(" REFERENCES {}", quote(parent)));
                if let Some(to) = to {
                    definition.push_str(&format!(" ({})", quote(to)));
                }
                if on_delete != "NO ACTION" {
                    definition.push_str(&format!(" ON DELETE {on_delete}"));
                }
            }
        }
        out.push(Carried {
            name: name.clone(),
            definition,
            after: i.checked_sub(1).map(|j| columns[j].0.clone()),
        });
    }
    Ok(out)
}

/// The statement without its comment lines, for recognising it.
fn bare(sql: &str) -> String {
    sql.lines()
        .filter(|l| !l.trim_start().starts_with("--"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The rebuild's CREATE TABLE of the new table with the carried columns in it,
/// each after the column it follows in the live table where the new table has
/// that one, else after the last column.
fn with_carried_in_create(sql: &str, carried: &[Carried]) -> String {
    let mut lines: Vec<String> = sql.lines().map(String::from).collect();
    let column_line = |lines: &[String], name: &str| {
        lines.iter().position(|l| {
            let t = l.trim_start_matches('\t');
            l.starts_with('\t') && (t.starts_with(&format!("{name} ")) || t.starts_with(&format!("{} ", quote(name))))
        })
    };
    for c in carried {
        let at = c.after.as_deref().and_then(|a| column_line(&lines, a));
        let at = at.or_else(|| {
            // After the last column line: before the first constraint line, else before ")".
            let body: Vec<usize> = (1..lines.len()).filter(|&i| lines[i].starts_with('\t')).collect();
            let first_constraint = body.iter().copied().find(|&i| {
                let t = lines[i].trim_start_matches('\t');
                ["PRIMARY KEY", "FOREIGN KEY", "UNIQUE", "CHECK", "CONSTRAINT"]
                    .iter()
                    .any(|k| t.starts_with(k))
            });
            match first_constraint {
                Some(i) => Some(i - 1),
                None => body.last().copied(),
            }
        });
        let Some(at) = at else { continue };
        let line = &mut lines[at];
        if !line.trim_end().ends_with(',') {
            // It was the last line of the body: it takes a comma now.
            *line = format!("{}, ", line.trim_end());
            lines.insert(at + 1, format!("\t{}", c.definition));
        } else {
            lines.insert(at + 1, format!("\t{}, ", c.definition));
        }
    }
    lines.join("\n")
}

/// The rebuild's copy of the rows with the carried columns copied too.
fn with_carried_in_insert(sql: &str, carried: &[Carried]) -> Option<String> {
    let names: String = carried.iter().map(|c| format!(", {}", quote(&c.name))).collect();
    let select = sql.find(") SELECT ")?;
    let from = sql.rfind(" FROM ")?;
    if from < select {
        return None;
    }
    Some(format!(
        "{}{names}{}{names}{}",
        &sql[..select],
        &sql[select..from],
        &sql[from..]
    ))
}

/// Whether `statement` is the rebuild's `ALTER TABLE <new> RENAME TO <table>`,
/// each name bare or quoted.
fn renames_into_place(statement: &str, new_table: &str, table: &str) -> bool {
    let statement = statement.trim_end().trim_end_matches(';');
    let names = |name: &str| [name.to_string(), quote(name)];
    names(new_table).iter().any(|new| {
        names(table)
            .iter()
            .any(|old| statement == format!("ALTER TABLE {new} RENAME TO {old}"))
    })
}

/// Makes the rebuild's new table again under the table's own name, in place
/// of renaming it, when the two are the same thing: the new table is empty,
/// nothing but its own constraints' indexes hangs on it, it has no AUTOINCREMENT
/// counter, and renames run in legacy mode (which rewrites no reference). The
/// schema then holds the very text the rename would have written, but SQLite
/// does not reparse and rewrite the whole schema three times over, which a
/// rename does and which made most of the cost of building a database from
/// empty. Returns false, having done nothing, when they are not the same.
fn created_in_place(conn: &Connection, new_table: &str, table: &str, piece: &Piece) -> Result<bool, StatementFailure> {
    let failed = |e: rusqlite::Error| check(sqlite_message(&e), piece.shown(), piece.line);
    let (sql, attached, legacy): (Option<String>, i64, bool) = conn
        .query_row(
            "SELECT (SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ?1), \
                    (SELECT count(*) FROM sqlite_schema WHERE tbl_name = ?1 AND name <> ?1 AND sql IS NOT NULL), \
                    (SELECT legacy_alter_table FROM pragma_legacy_alter_table)",
            [new_table],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .map_err(failed)?;
    let Some(definition) = sql.as_deref().and_then(|sql| {
        [new_table.to_string(), quote(new_table)].iter().find_map(|name| {
            sql.strip_prefix("CREATE TABLE ")?
                .strip_prefix(name.as_str())
                .filter(|rest| rest.starts_with([' ', '\t', '\n', '(']))
        })
    }) else {
        return Ok(false);
    };
    // An AUTOINCREMENT counter is a row of sqlite_sequence, which a rename
    // carries over: left to the rename.
    let counted = definition.to_ascii_uppercase().contains("AUTOINCREMENT");
    if !legacy || attached > 0 || counted {
        return Ok(false);
    }
    let has_rows: bool = conn
        .query_row(
            &format!("SELECT EXISTS (SELECT 1 FROM {})", quote(new_table)),
            [],
            |r| r.get(0),
        )
        .map_err(failed)?;
    if has_rows {
        return Ok(false);
    }
    let again = format!(
        "DROP TABLE {};\nCREATE TABLE {}{definition}",
        quote(new_table),
        quote(table)
    );
    conn.execute_batch(&again).map_err(failed)?;
    Ok(true)
}

fn checked_rebuild(
    conn: &Connection,
    rebuild: &Rebuild,
    group: &[Piece],
    known: Option<&std::collections::BTreeSet<String>>,
    progress: &mut dyn FnMut(usize),
) -> Result<(), StatementFailure> {
    let table = rebuild.table.as_str();
    let line = group.first().map_or(0, |p| p.line);
    let carried = match known {
        Some(known) => carried_columns(conn, table, known, line)?,
        None => Vec::new(),
    };
    let Attached {
        triggers,
        indexes,
        views,
    } = attached_to(conn, table, line)?;
    let rows_before = count(conn, table, line)?;

    let new_table = format!("_pschema_new_{table}");
    for (k, piece) in group.iter().enumerate() {
        progress(k);
        let statement = bare(&piece.sql);
        let statement = statement.trim_start();
        let creates = statement.starts_with(&format!("CREATE TABLE {new_table} ("))
            || statement.starts_with(&format!("CREATE TABLE {} (", quote(&new_table)));
        let copies = statement.starts_with(&format!("INSERT INTO {new_table} ("))
            || statement.starts_with(&format!("INSERT INTO {} (", quote(&new_table)));
        if renames_into_place(statement, &new_table, table) && created_in_place(conn, &new_table, table, piece)? {
            continue;
        }
        if !carried.is_empty() && (creates || copies) {
            let sql = if creates {
                Some(with_carried_in_create(statement, &carried))
            } else {
                with_carried_in_insert(statement, &carried)
            };
            if let Some(sql) = sql {
                execute_one(conn, &Piece { sql, ..piece.clone() })?;
                continue;
            }
        }
        execute_one(conn, piece)?;
    }

    let rows_after = count(conn, table, line)?;
    if rows_before != rows_after {
        return Err(check(
            format!("the rebuild of {table} lost rows: {rows_before} before, {rows_after} after"),
            format!("rebuild of {table}"),
            line,
        ));
    }
    for (name, trigger_sql) in &triggers {
        make_again(conn, trigger_sql, &format!("trigger {name} on {table}"), line)?;
    }
    if !indexes.is_empty() {
        let list = (1..=indexes.len())
            .map(|i| format!("?{i}"))
            .collect::<Vec<_>>()
            .join(", ");
        let sql = format!("SELECT name FROM sqlite_master WHERE type = 'index' AND name IN ({list})");
        let names = rusqlite::params_from_iter(indexes.iter().map(|(name, _)| name));
        let read = || -> rusqlite::Result<std::collections::HashSet<String>> {
            conn.prepare(&sql)?.query_map(names, |r| r.get(0))?.collect()
        };
        let present = read().map_err(|e| check(sqlite_message(&e), sql.clone(), line))?;
        for (name, index_sql) in indexes.iter().filter(|(name, _)| !present.contains(name)) {
            make_again(
                conn,
                index_sql,
                &format!("index {name} on {table} (not in the schema)"),
                line,
            )?;
        }
    }
    for (name, view_sql) in &views {
        let again = format!("DROP VIEW {};\n{view_sql};", quote(name));
        make_again(conn, &again, &format!("view {name}, which reads {table},"), line)?;
    }
    let mut checked = vec![table.to_string()];
    if rebuild.check_references {
        checked.extend(referencing(conn, table, line)?);
    }
    for t in &checked {
        if let Some(violation) = foreign_key_violations(conn, t, line)?.into_iter().next() {
            return Err(check(
                format!("after the rebuild of {table}, {violation}"),
                format!("PRAGMA foreign_key_check({t})"),
                line,
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use pschema_sql::Dialect;

    fn script(sql: &str) -> Script {
        pschema_sql::script::parse(Dialect::Sqlite, sql)
    }

    fn run(conn: &Connection, sql: &str) -> Result<(), StatementFailure> {
        execute_pieces(conn, &script(sql).body, 0, None, &mut |_| {})
    }

    #[test]
    fn a_failing_statement_is_named_with_its_line_and_without_its_comments() {
        let conn = Connection::open_in_memory().unwrap();
        let err = run(&conn, "CREATE TABLE a (x);\n-- again\nCREATE TABLE a (y);\n").unwrap_err();
        assert_eq!(
            (err.message.as_str(), err.statement.as_str(), err.line),
            ("table a already exists", "CREATE TABLE a (y)", Some(3))
        );
        let err = run(&conn, "CREATE TABLE b (x);\n-- typo\nCREATE TABLEE c (x);\n").unwrap_err();
        assert!(err.message.contains("syntax error"), "{}", err.message);
        assert_eq!((err.statement.as_str(), err.line), ("CREATE TABLEE c (x)", Some(3)));
        let err = run(&conn, "-- header\n\nINSERT INTO missing VALUES (1);\n").unwrap_err();
        assert_eq!(
            (err.statement.as_str(), err.line),
            ("INSERT INTO missing VALUES (1)", Some(3))
        );
    }

    #[test]
    fn a_rebuild_keeps_triggers_views_and_hand_made_indexes_and_checks_rows() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(
            "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT);
             CREATE TABLE log (msg TEXT);
             CREATE TRIGGER t_log AFTER INSERT ON t BEGIN INSERT INTO log VALUES (new.v); END;
             CREATE VIEW t_view AS SELECT id, v FROM t;
             CREATE INDEX by_hand ON t (v);
             INSERT INTO t (v) VALUES ('a'), ('b');",
        )
        .unwrap();
        let _off = ForeignKeysOff::new(&conn).unwrap();
        let sql = "-- pschema:rebuild t\nPRAGMA legacy_alter_table = ON;\nCREATE TABLE _pschema_new_t (id INTEGER PRIMARY KEY, v TEXT, w INTEGER);\n\
                   INSERT INTO _pschema_new_t (id, v) SELECT id, v FROM t;\nDROP TABLE t;\n\
                   ALTER TABLE _pschema_new_t RENAME TO t;\nPRAGMA legacy_alter_table = OFF;\n-- pschema:end-rebuild t\n";
        run(&conn, sql).unwrap();
        conn.execute("INSERT INTO t (v) VALUES ('c')", []).unwrap();
        let logged: i64 = conn.query_row("SELECT count(*) FROM log", [], |r| r.get(0)).unwrap();
        assert_eq!(
            logged, 3,
            "the trigger fired for every insert, before and after the rebuild"
        );
        let seen: i64 = conn.query_row("SELECT count(*) FROM t_view", [], |r| r.get(0)).unwrap();
        assert_eq!(seen, 3, "the view works on the rebuilt table");
        let index: String = conn
            .query_row("SELECT sql FROM sqlite_master WHERE name = 'by_hand'", [], |r| r.get(0))
            .unwrap();
        assert_eq!(index, "CREATE INDEX by_hand ON t (v)", "the hand-made index survived");
    }

    #[test]
    fn a_rebuild_carries_the_columns_another_branch_added_in_their_place() {
        // Branch A adds t.extra (with an index and a key); branch B, which
        // knows only id, v, w, rebuilds t and adds z: extra stays, after w,
        // with its rows, its index and its foreign key.
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(
            "CREATE TABLE p (id INTEGER PRIMARY KEY);
             INSERT INTO p VALUES (7);
             CREATE TABLE t (\n\tid INTEGER NOT NULL, \n\tv TEXT, \n\tw INTEGER, \n\tPRIMARY KEY (id)\n);
             ALTER TABLE t ADD COLUMN extra INTEGER DEFAULT 3 REFERENCES p (id) ON DELETE SET NULL;
             CREATE INDEX ix_t_extra ON t (extra);
             INSERT INTO t (v, w, extra) VALUES ('a', 1, 7), ('b', 2, NULL);",
        )
        .unwrap();
        let _off = ForeignKeysOff::new(&conn).unwrap();
        let sql = "-- pschema:rebuild t\nPRAGMA legacy_alter_table = ON;\n\
                   CREATE TABLE _pschema_new_t (\n\tid INTEGER NOT NULL, \n\tv TEXT NOT NULL, \n\tw INTEGER, \n\tz INTEGER, \n\tPRIMARY KEY (id)\n);\n\
                   INSERT INTO _pschema_new_t (id, v, w) SELECT id, coalesce(v, ''), w FROM t;\nDROP TABLE t;\n\
                   ALTER TABLE _pschema_new_t RENAME TO t;\nPRAGMA legacy_alter_table = OFF;\n-- pschema:end-rebuild t\n";
        let known: KnownColumns = [(
            "t".to_string(),
            ["id", "v", "w"].iter().map(|c| c.to_string()).collect(),
        )]
        .into_iter()
        .collect();
        execute_pieces(&conn, &script(sql).body, 0, Some(&known), &mut |_| {}).unwrap();
        let columns: Vec<(String, Option<String>)> = conn
            .prepare("SELECT name, dflt_value FROM pragma_table_info('t')")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let names: Vec<&str> = columns.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["id", "v", "w", "extra", "z"]);
        assert_eq!(columns[3].1.as_deref(), Some("3"));
        let extras: Vec<Option<i64>> = conn
            .prepare("SELECT extra FROM t ORDER BY id")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(extras, [Some(7), None]);
        let fk: (String, String) = conn
            .query_row(
                "SELECT \"table\", on_delete FROM pragma_foreign_key_list('t')",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        assert_eq!(fk, ("p".to_string(), "SET NULL".to_string()));
        let index: i64 = conn
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE name = 'ix_t_extra'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(index, 1);
        // Without known columns nothing is carried (and the index cannot come back).
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT, w INTEGER, extra INTEGER);")
            .unwrap();
        execute_pieces(&conn, &script(sql).body, 0, None, &mut |_| {}).unwrap();
        let n: i64 = conn
            .query_row(
                "SELECT count(*) FROM pragma_table_info('t') WHERE name = 'extra'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(n, 0);
    }

    #[test]
    fn an_empty_table_is_made_in_place_with_the_text_a_rename_writes() {
        let sql = "-- pschema:rebuild t\nPRAGMA legacy_alter_table = ON;\n\
                   CREATE TABLE _pschema_new_t (\n\tid INTEGER NOT NULL, \n\tv TEXT UNIQUE, \n\tPRIMARY KEY (id)\n);\n\
                   INSERT INTO _pschema_new_t (id, v) SELECT id, v FROM t;\nDROP TABLE t;\n\
                   ALTER TABLE _pschema_new_t RENAME TO t;\nCREATE INDEX ix_t_v ON t (v);\n\
                   PRAGMA legacy_alter_table = OFF;\n-- pschema:end-rebuild t\n";
        let schema = |rows: &str| {
            let conn = Connection::open_in_memory().unwrap();
            conn.execute_batch(&format!("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT); {rows}"))
                .unwrap();
            let _off = ForeignKeysOff::new(&conn).unwrap();
            run(&conn, sql).unwrap();
            let entries: Vec<(String, String, Option<String>)> = conn
                .prepare("SELECT type, name, sql FROM sqlite_master ORDER BY name")
                .unwrap()
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap();
            let rows: i64 = conn.query_row("SELECT count(*) FROM t", [], |r| r.get(0)).unwrap();
            (entries, rows)
        };
        // With rows the rename runs; empty, the table is made in place: the
        // same schema, to the byte.
        let (renamed, rows) = schema("INSERT INTO t (v) VALUES ('a'), ('b');");
        assert_eq!(rows, 2);
        let (in_place, rows) = schema("");
        assert_eq!(rows, 0);
        assert_eq!(in_place, renamed);
        assert!(
            in_place.iter().any(|(_, name, sql)| name == "t"
                && sql
                    .as_deref()
                    .is_some_and(|s| s.starts_with("CREATE TABLE \"t\" (\n\tid INTEGER NOT NULL"))),
            "{in_place:?}"
        );
        assert!(
            in_place.iter().any(|(_, name, _)| name == "sqlite_autoindex_t_1"),
            "{in_place:?}"
        );
    }

    #[test]
    fn only_an_empty_new_table_with_nothing_on_it_is_made_in_place() {
        let piece = &script("ALTER TABLE _pschema_new_t RENAME TO t;\n").body[0];
        let try_it = |setup: &str| {
            let conn = Connection::open_in_memory().unwrap();
            conn.execute_batch(&format!(
                "PRAGMA legacy_alter_table = ON; CREATE TABLE _pschema_new_t (id INTEGER); {setup}"
            ))
            .unwrap();
            created_in_place(&conn, "_pschema_new_t", "t", piece).unwrap()
        };
        assert!(try_it(""));
        assert!(!try_it("INSERT INTO _pschema_new_t VALUES (1);"), "it has rows");
        assert!(
            !try_it("CREATE INDEX i ON _pschema_new_t (id);"),
            "an index hangs on it"
        );
        assert!(
            !try_it("PRAGMA legacy_alter_table = OFF;"),
            "a rename would rewrite references"
        );
    }

    #[test]
    fn a_hand_made_index_that_no_longer_fits_fails_the_rebuild_by_name() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT); CREATE INDEX by_hand ON t (v);")
            .unwrap();
        let _off = ForeignKeysOff::new(&conn).unwrap();
        let sql = "-- pschema:rebuild t\nCREATE TABLE _pschema_new_t (id INTEGER PRIMARY KEY);\n\
                   INSERT INTO _pschema_new_t (id) SELECT id FROM t;\nDROP TABLE t;\n\
                   ALTER TABLE _pschema_new_t RENAME TO t;\n-- pschema:end-rebuild t\n";
        let err = run(&conn, sql).unwrap_err();
        assert!(
            err.message
                .starts_with("index by_hand on t (not in the schema) does not fit the rebuilt table"),
            "{}",
            err.message
        );
    }

    #[test]
    fn a_rebuild_that_breaks_a_reference_is_refused() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(
            "CREATE TABLE p (id INTEGER PRIMARY KEY);
             CREATE TABLE c (id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES p (id));
             INSERT INTO p VALUES (1), (2);
             INSERT INTO c VALUES (1, 1), (2, 2);",
        )
        .unwrap();
        let _off = ForeignKeysOff::new(&conn).unwrap();
        // A rebuild whose copy renumbers the keys: the children would point nowhere.
        let sql = "-- pschema:rebuild p check-references\nCREATE TABLE _pschema_new_p (id INTEGER PRIMARY KEY);\n\
                   INSERT INTO _pschema_new_p (id) SELECT id + 10 FROM p;\nDROP TABLE p;\n\
                   ALTER TABLE _pschema_new_p RENAME TO p;\n-- pschema:end-rebuild p\n";
        let err = run(&conn, sql).unwrap_err();
        assert_eq!(
            err.message,
            "after the rebuild of p, row 1 of c references a missing row of p"
        );
    }
}
