//! Offline SQL: what `upgrade` or `downgrade` would run from a given
//! revision, version-table statements included, for a person or a DBA to
//! run by hand; no database is opened.

use crate::Error;
use crate::decide::{self, Course, Target};
use crate::dir::Direction;
use crate::graph::Graph;
use pschema_sql::{Dialect, bookkeeping};

pub fn sql(
    graph: &Graph,
    from: &[String],
    target: &Target,
    direction: Direction,
    dialect: Dialect,
) -> Result<String, Error> {
    decide::check_heads(graph, from)?;
    let course = Course::new(graph, from, direction, target)?;
    let postgres = dialect == Dialect::Postgres;
    let mut out = String::new();
    let mut heads = from.to_vec();
    if heads.is_empty() && direction == Direction::Up {
        out.push_str(&format!(
            "{};\n\n{};\n\n",
            bookkeeping::ALEMBIC_VERSION_DDL,
            bookkeeping::history_ddl(dialect)
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
        // Foreign keys must be off around a SQLite rebuild, and the pragma
        // means nothing inside a transaction.
        let foreign_keys_off = dialect == Dialect::Sqlite && script.has_rebuild();
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
        out.push_str(if postgres { "BEGIN;\n\n" } else { "BEGIN IMMEDIATE;\n\n" });
        out.push_str(script.body_text.trim_end());
        out.push_str("\n\n");
        let new_heads = decide::heads_after(graph, direction, &heads, m.id());
        out.push_str("DELETE FROM alembic_version;\n\n");
        for head in &new_heads {
            out.push_str(&format!(
                "INSERT INTO alembic_version (version_num) VALUES ('{head}');\n\n"
            ));
        }
        out.push_str(&format!(
            "INSERT INTO pschema_history (revision, direction, message, checksum, applied_at, execution_ms, success) \
             VALUES ('{}', '{}', '{}', '{}', {now}, 0, {success});\n\n",
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
