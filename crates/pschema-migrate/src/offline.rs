//! Offline SQL: what `upgrade` or `downgrade` would run from a given
//! revision, version-table statements included, for a person or a DBA to
//! run by hand; no database is opened.

use crate::Error;
use crate::decide::{self, Course, Target};
use crate::dir::Direction;
use crate::graph::Graph;
use pschema_sql::Dialect;
use pschema_sql::bookkeeping::Tables;

/// `lock_timeout` is set for the session first on PostgreSQL (zero: not at
/// all), as the runner sets it; by hand, a statement that hits it is run
/// again by the person running the SQL.
pub fn sql(
    graph: &Graph,
    from: &[String],
    target: &Target,
    direction: Direction,
    dialect: Dialect,
    lock_timeout: std::time::Duration,
    tables: &Tables,
) -> Result<String, Error> {
    decide::check_heads(graph, from)?;
    let course = Course::new(graph, from, direction, target)?;
    let postgres = dialect == Dialect::Postgres;
    let mut out = String::new();
    if postgres && !lock_timeout.is_zero() {
        out.push_str(&format!(
            "-- A statement waiting longer for a lock fails instead of stalling every query behind it: run it again.\n\
             SET lock_timeout = '{}ms';\n\n",
            lock_timeout.as_millis()
        ));
    }
    let mut heads = from.to_vec();
    if heads.is_empty() && direction == Direction::Up {
        out.push_str(&format!(
            "{};\n\n{};\n\n",
            tables.version_ddl(),
            tables.history_ddl(dialect)
        ));
    }
    let now = if postgres {
        "to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"
    } else {
        "strftime('%Y-%m-%dT%H:%M:%SZ', 'now')"
    };
    let success = if postgres { "true" } else { "1" };
    while let Some(id) = course.next(graph, &heads)? {
        let m = graph
            .get(&id)
            .ok_or_else(|| Error::UnknownRevision { id: id.clone() })?;
        let script = pschema_sql::script::parse(dialect, m.sql(dialect, direction).unwrap_or(""));
        if dialect == Dialect::Sqlite && script.has_rebuild() {
            refuse_to_drop_other_branches_columns(graph, &heads, m, direction, &script)?;
        }
        // Foreign keys must be off around a SQLite rebuild or checked drop,
        // and the pragma means nothing inside a transaction. (The runner's
        // checks of what those touch are not in the printed SQL.)
        let foreign_keys_off = dialect == Dialect::Sqlite && script.needs_foreign_keys_off();
        out.push_str(&format!(
            "-- Running {} {} ({})\n",
            direction.as_str(),
            m.id(),
            m.meta.message
        ));
        for statement in &script.outside {
            out.push_str(&statement.sql);
            out.push_str("\n\n");
        }
        if foreign_keys_off {
            out.push_str("PRAGMA foreign_keys = OFF;\n\n");
        }
        let begin = if postgres { "BEGIN;\n\n" } else { "BEGIN IMMEDIATE;\n\n" };
        let mut in_transaction = false;
        for (transaction, text) in script.body_step_texts() {
            if in_transaction {
                out.push_str("COMMIT;\n\n");
            }
            if transaction {
                out.push_str(begin);
            }
            in_transaction = transaction;
            if !text.trim().is_empty() {
                out.push_str(text.trim_end());
                out.push_str("\n\n");
            }
        }
        if !in_transaction {
            out.push_str(begin);
        }
        let new_heads = decide::heads_after(graph, direction, &heads, m.id());
        out.push_str(&format!("DELETE FROM {};\n\n", tables.version));
        for head in &new_heads {
            out.push_str(&format!(
                "INSERT INTO {} (version_num) VALUES ('{head}');\n\n",
                tables.version
            ));
        }
        out.push_str(&format!(
            "INSERT INTO {} (revision, direction, message, checksum, applied_at, execution_ms, success) \
             VALUES ('{}', '{}', '{}', '{}', {now}, 0, {success});\n\n",
            tables.history,
            m.id(),
            direction.as_str(),
            m.meta.message.replace('\'', "''"),
            m.checksum(dialect, direction).unwrap_or_default()
        ));
        out.push_str("COMMIT;\n\n");
        if foreign_keys_off {
            out.push_str("PRAGMA foreign_keys = ON;\n\n");
        }
        heads = new_heads;
    }
    Ok(out)
}

/// A SQLite rebuild copies the columns its migration knows. Against a
/// database the runner carries the columns another branch added (it reads the
/// live table); printed SQL cannot, and run by hand it would drop them with
/// their data. What another branch added is what its head's snapshot has
/// beyond the snapshot where it forked from this migration's line.
fn refuse_to_drop_other_branches_columns(
    graph: &Graph,
    heads: &[String],
    m: &crate::Migration,
    direction: Direction,
    script: &pschema_sql::script::Script,
) -> Result<(), Error> {
    let Some(known) = crate::migrator::known_columns(graph, m, direction) else {
        return Ok(());
    };
    let columns = |id: &str| {
        graph
            .get(id)
            .and_then(crate::migrator::snapshot_columns)
            .unwrap_or_default()
    };
    let line = graph.ancestors(std::iter::once(m.id()));
    let mut added_elsewhere = crate::driver::KnownColumns::new();
    for head in heads.iter().filter(|h| !line.contains(h.as_str())) {
        let Some(fork) = graph.merge_base(&[head.clone(), m.id().to_string()]) else {
            continue;
        };
        let (at_head, at_fork) = (columns(head), columns(fork));
        for (table, cols) in at_head {
            let before = at_fork.get(&table);
            added_elsewhere
                .entry(table)
                .or_default()
                .extend(cols.into_iter().filter(|c| before.is_none_or(|b| !b.contains(c))));
        }
    }
    for table in script.body.iter().filter_map(|p| p.rebuild.as_ref()).map(|r| &r.table) {
        let (Some(added), Some(known)) = (added_elsewhere.get(table), known.get(table)) else {
            continue;
        };
        let extra: Vec<&String> = added.difference(known).collect();
        if !extra.is_empty() {
            return Err(Error::OfflineCannotCarry {
                revision: m.id().to_string(),
                table: table.clone(),
                columns: extra.iter().map(|c| c.as_str()).collect::<Vec<_>>().join(", "),
            });
        }
    }
    Ok(())
}
