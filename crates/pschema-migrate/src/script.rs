//! Runs the SQL of a migration on SQLite, statement by statement, with the
//! table rebuilds the planner marked (`-- pschema:rebuild <table>` ...
//! `-- pschema:end-rebuild <table>`) checked as they go:
//!
//! - the table's triggers, which `DROP TABLE` takes with it, are created again,
//!   and the views that mention it are dropped and created again (which also
//!   proves they still make sense);
//! - the table has as many rows after the rebuild as before;
//! - `PRAGMA foreign_key_check` finds nothing in the rebuilt table and, when its
//!   keys may have changed, in the tables that reference it.
//!
//! A rebuild needs foreign keys off for the whole transaction (otherwise
//! dropping the old table would run its ON DELETE actions on the children),
//! and `PRAGMA foreign_keys` is a no-op inside a transaction: callers turn
//! them off first with [`ForeignKeysOff`].

use pschema_sql::{CHECK_REFERENCES, REBUILD_BEGIN, REBUILD_END};
use rusqlite::Connection;
use rusqlite::fallible_iterator::FallibleIterator;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScriptError {
    pub message: String,
    /// The statement that failed, or what was being checked.
    pub statement: String,
}

impl ScriptError {
    fn check(message: String, statement: impl Into<String>) -> ScriptError {
        ScriptError {
            message,
            statement: statement.into(),
        }
    }
}

/// Whether the SQL rebuilds a table, and so must run with foreign keys off.
pub fn has_rebuild(sql: &str) -> bool {
    sql.lines().any(|l| {
        l.trim_start()
            .strip_prefix("--")
            .is_some_and(|c| c.trim_start().starts_with(REBUILD_BEGIN))
    })
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

enum Segment<'s> {
    Plain(&'s str),
    Rebuild {
        table: &'s str,
        check_references: bool,
        sql: &'s str,
    },
}

fn directive(line: &str) -> Option<&str> {
    line.trim_start().strip_prefix("--").map(str::trim)
}

/// Splits a script at its rebuild markers.
fn segments(sql: &str) -> Vec<Segment<'_>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut rebuild: Option<(&str, bool, usize)> = None;
    let mut offset = 0;
    for line in sql.split_inclusive('\n') {
        let line_start = offset;
        offset += line.len();
        let Some(text) = directive(line) else { continue };
        if let Some(rest) = text.strip_prefix(REBUILD_BEGIN) {
            let mut words = rest.split_whitespace();
            if let Some(table) = words.next() {
                out.push(Segment::Plain(&sql[start..line_start]));
                rebuild = Some((table, words.any(|w| w == CHECK_REFERENCES), offset));
                start = offset;
            }
        } else if let Some(rest) = text.strip_prefix(REBUILD_END)
            && let Some((table, check_references, from)) = rebuild.take()
            && rest.split_whitespace().next() == Some(table)
        {
            out.push(Segment::Rebuild {
                table,
                check_references,
                sql: &sql[from..line_start],
            });
            start = offset;
        }
    }
    out.push(Segment::Plain(&sql[start..]));
    out
}

/// Runs a whole migration script; the caller owns the transaction.
pub fn execute(conn: &Connection, sql: &str) -> Result<(), ScriptError> {
    execute_observed(conn, sql, &mut |_, _| {})
}

/// Like [`execute`], telling `progress` (statement number, about how many)
/// as it goes, for a progress bar.
pub fn execute_observed(
    conn: &Connection,
    sql: &str,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<(), ScriptError> {
    // Statements end a line with `;` in generated SQL; close enough for a
    // progress bar over hand-written SQL too.
    let ends_statement = |l: &&str| l.trim_end().ends_with(';') && !l.trim_start().starts_with("--");
    let total = sql.lines().filter(ends_statement).count();
    let mut done = 0;
    for segment in segments(sql) {
        match segment {
            Segment::Plain(sql) => execute_counted(conn, sql, &mut |_| {
                done += 1;
                progress(done, total.max(done));
            })?,
            Segment::Rebuild {
                table,
                check_references,
                sql,
            } => {
                progress(done + 1, total.max(done + 1));
                rebuild(conn, table, check_references, sql)?;
                done += sql.lines().filter(ends_statement).count();
            }
        }
    }
    Ok(())
}

fn quote(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

fn strings(conn: &Connection, sql: &str, arg: &str) -> Result<Vec<(String, String)>, ScriptError> {
    let run = || -> rusqlite::Result<Vec<(String, String)>> {
        conn.prepare(sql)?
            .query_map([arg], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect()
    };
    run().map_err(|e| ScriptError::check(sqlite_message(&e), sql))
}

fn count(conn: &Connection, table: &str) -> Result<i64, ScriptError> {
    let sql = format!("SELECT count(*) FROM {}", quote(table));
    conn.query_row(&sql, [], |r| r.get(0))
        .map_err(|e| ScriptError::check(sqlite_message(&e), sql))
}

fn foreign_key_violations(conn: &Connection, table: &str) -> Result<Vec<String>, ScriptError> {
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
    run().map_err(|e| ScriptError::check(sqlite_message(&e), sql.clone()))
}

fn mentions(sql: &str, table: &str) -> bool {
    sql.match_indices(table).any(|(i, _)| {
        let before = sql[..i].chars().next_back();
        let after = sql[i + table.len()..].chars().next();
        let boundary = |c: Option<char>| !c.is_some_and(|c| c.is_alphanumeric() || c == '_');
        boundary(before) && boundary(after)
    })
}

fn rebuild(conn: &Connection, table: &str, check_references: bool, sql: &str) -> Result<(), ScriptError> {
    let triggers = strings(
        conn,
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?1",
        table,
    )?;
    let views: Vec<(String, String)> = strings(
        conn,
        "SELECT name, sql FROM sqlite_master WHERE type = 'view' AND ?1 <> ''",
        table,
    )?
    .into_iter()
    .filter(|(_, sql)| mentions(sql, table))
    .collect();
    let rows_before = count(conn, table)?;

    execute_statements(conn, sql)?;

    let rows_after = count(conn, table)?;
    if rows_before != rows_after {
        return Err(ScriptError::check(
            format!("the rebuild of {table} lost rows: {rows_before} before, {rows_after} after"),
            format!("rebuild of {table}"),
        ));
    }
    for (name, trigger_sql) in &triggers {
        execute_statements(conn, trigger_sql).map_err(|e| ScriptError {
            message: format!(
                "trigger {name} on {table} does not fit the rebuilt table: {}",
                e.message
            ),
            statement: trigger_sql.clone(),
        })?;
    }
    for (name, view_sql) in &views {
        let again = format!("DROP VIEW {};\n{view_sql};", quote(name));
        execute_statements(conn, &again).map_err(|e| ScriptError {
            message: format!("view {name} does not fit the rebuilt table {table}: {}", e.message),
            statement: view_sql.clone(),
        })?;
    }
    let mut checked = vec![table.to_string()];
    if check_references {
        let referencing = strings(
            conn,
            "SELECT DISTINCT m.name, m.name FROM sqlite_master m, pragma_foreign_key_list(m.name) f \
             WHERE m.type = 'table' AND f.\"table\" = ?1",
            table,
        )?;
        checked.extend(referencing.into_iter().map(|(name, _)| name).filter(|n| n != table));
    }
    for t in &checked {
        if let Some(violation) = foreign_key_violations(conn, t)?.into_iter().next() {
            return Err(ScriptError::check(
                format!("after the rebuild of {table}, {violation}"),
                format!("PRAGMA foreign_key_check({t})"),
            ));
        }
    }
    Ok(())
}

/// Runs each statement of `sql`; on failure returns SQLite's message and the
/// statement that failed.
pub fn execute_statements(conn: &Connection, sql: &str) -> Result<(), ScriptError> {
    execute_counted(conn, sql, &mut |_| {})
}

fn execute_counted(conn: &Connection, sql: &str, before_each: &mut dyn FnMut(usize)) -> Result<(), ScriptError> {
    let mut index = 0;
    let mut batch = rusqlite::Batch::new(conn, sql);
    let mut last_end = 0usize;
    loop {
        let mut stmt = match batch.next() {
            Ok(Some(stmt)) => stmt,
            Ok(None) => return Ok(()),
            Err(e) => {
                let rest = sql[last_end.min(sql.len())..].trim();
                let statement = rest.split_inclusive(';').next().unwrap_or(rest);
                let statement = without_comment_lines(statement).trim_end_matches(';').to_string();
                return Err(ScriptError {
                    message: sqlite_message(&e),
                    statement,
                });
            }
        };
        index += 1;
        before_each(index);
        let text = stmt.expanded_sql().unwrap_or_default();
        if let Some(pos) = sql[last_end.min(sql.len())..].find(text.trim()) {
            last_end += pos + text.trim().len();
        }
        let mut rows = stmt.raw_query();
        loop {
            match rows.next() {
                Ok(Some(_)) => {}
                Ok(None) => break,
                Err(e) => {
                    return Err(ScriptError {
                        message: sqlite_message(&e),
                        statement: without_comment_lines(&text),
                    });
                }
            }
        }
    }
}

/// SQLite's own words, without rusqlite's copy of the rest of the script.
pub fn sqlite_message(e: &rusqlite::Error) -> String {
    match e {
        rusqlite::Error::SqlInputError { msg, .. } => msg.clone(),
        rusqlite::Error::SqliteFailure(_, Some(msg)) => msg.clone(),
        other => other.to_string(),
    }
}

/// A statement without its `--` comment lines, for messages.
pub(crate) fn without_comment_lines(statement: &str) -> String {
    statement
        .lines()
        .filter(|l| !l.trim_start().starts_with("--"))
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failing_statement_is_named_without_its_comments() {
        let conn = Connection::open_in_memory().unwrap();
        let err = execute(&conn, "CREATE TABLE a (x);\n-- again\nCREATE TABLE a (y);\n").unwrap_err();
        assert_eq!(
            err,
            ScriptError {
                message: "table a already exists".into(),
                statement: "CREATE TABLE a (y)".into()
            }
        );
        let err = execute(&conn, "CREATE TABLE b (x);\n-- typo\nCREATE TABLEE c (x);\n").unwrap_err();
        assert!(err.message.contains("syntax error"), "{}", err.message);
        assert_eq!(err.statement, "CREATE TABLEE c (x)");
    }

    #[test]
    fn segments_split_at_rebuild_markers() {
        let sql = "A;\n-- pschema:rebuild t check-references\nB;\n-- pschema:end-rebuild t\nC;\n";
        let parts: Vec<String> = segments(sql)
            .iter()
            .map(|s| match s {
                Segment::Plain(sql) => format!("plain {}", sql.trim()),
                Segment::Rebuild {
                    table,
                    check_references,
                    sql,
                } => {
                    format!("rebuild {table} {check_references} {}", sql.trim())
                }
            })
            .collect();
        assert_eq!(parts, ["plain A;", "rebuild t true B;", "plain C;"]);
        assert!(has_rebuild(sql));
        assert!(!has_rebuild("SELECT 1; -- pschema is fine\n"));
    }

    #[test]
    fn a_rebuild_keeps_triggers_and_views_and_checks_rows() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(
            "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT);
             CREATE TABLE log (msg TEXT);
             CREATE TRIGGER t_log AFTER INSERT ON t BEGIN INSERT INTO log VALUES (new.v); END;
             CREATE VIEW t_view AS SELECT id, v FROM t;
             INSERT INTO t (v) VALUES ('a'), ('b');",
        )
        .unwrap();
        let _off = ForeignKeysOff::new(&conn).unwrap();
        let sql = "-- pschema:rebuild t\nPRAGMA legacy_alter_table = ON;\nCREATE TABLE _pschema_new_t (id INTEGER PRIMARY KEY, v TEXT, w INTEGER);\n\
                   INSERT INTO _pschema_new_t (id, v) SELECT id, v FROM t;\nDROP TABLE t;\n\
                   ALTER TABLE _pschema_new_t RENAME TO t;\nPRAGMA legacy_alter_table = OFF;\n-- pschema:end-rebuild t\n";
        execute(&conn, sql).unwrap();
        conn.execute("INSERT INTO t (v) VALUES ('c')", []).unwrap();
        let logged: i64 = conn.query_row("SELECT count(*) FROM log", [], |r| r.get(0)).unwrap();
        assert_eq!(
            logged, 3,
            "the trigger fired for every insert, before and after the rebuild"
        );
        let seen: i64 = conn.query_row("SELECT count(*) FROM t_view", [], |r| r.get(0)).unwrap();
        assert_eq!(seen, 3, "the view works on the rebuilt table");
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
        let err = execute(&conn, sql).unwrap_err();
        assert_eq!(
            err.message,
            "after the rebuild of p, row 1 of c references a missing row of p"
        );
    }
}
