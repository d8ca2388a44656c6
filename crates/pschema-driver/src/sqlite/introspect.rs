//! What a SQLite database holds, read through its PRAGMAs.

use pschema_migrate::Error;
use pschema_migrate::db_schema::{DbColumn, DbForeignKey, DbIndex, DbSchema, DbTable};
use rusqlite::Connection;

/// Reads the whole schema in four queries, joining `sqlite_master` with the
/// PRAGMA table functions, rather than a few queries per table.
pub fn read(conn: &Connection) -> Result<DbSchema, Error> {
    read_all(conn).map_err(|e| Error::Database {
        what: "introspecting the database".into(),
        message: super::exec::sqlite_message(&e),
    })
}

fn read_all(conn: &Connection) -> rusqlite::Result<DbSchema> {
    const TABLES: &str = "m.type = 'table' AND m.name NOT LIKE 'sqlite_%' \
         AND m.name NOT IN ('alembic_version', 'pschema_history', 'pschema_progress')";
    let mut schema = DbSchema::default();
    let mut stmt = conn.prepare(&format!("SELECT m.name, m.sql FROM sqlite_master m WHERE {TABLES}"))?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        let sql: Option<String> = row.get(1)?;
        schema.tables.insert(
            row.get(0)?,
            DbTable {
                sql: sql.unwrap_or_default(),
                ..DbTable::default()
            },
        );
    }

    let mut stmt = conn.prepare(&format!(
        "SELECT m.name, p.name, p.type, p.\"notnull\", p.dflt_value, p.pk \
         FROM sqlite_master m, pragma_table_xinfo(m.name) p WHERE {TABLES} ORDER BY m.name, p.cid"
    ))?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        let table: String = row.get(0)?;
        if let Some(t) = schema.tables.get_mut(&table) {
            t.columns.push(DbColumn {
                name: row.get(1)?,
                declared_type: row.get(2)?,
                not_null: row.get::<_, i64>(3)? != 0,
                default: row.get(4)?,
                pk: row.get(5)?,
            });
        }
    }

    let mut stmt = conn.prepare(&format!(
        "SELECT m.name, il.name, il.\"unique\", il.origin, ii.name \
         FROM sqlite_master m, pragma_index_list(m.name) il, pragma_index_info(il.name) ii \
         WHERE {TABLES} ORDER BY m.name, il.name, ii.seqno"
    ))?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        let table: String = row.get(0)?;
        let Some(t) = schema.tables.get_mut(&table) else {
            continue;
        };
        let name: String = row.get(1)?;
        let column: Option<String> = row.get(4)?;
        let column = column.unwrap_or_else(|| "<expression>".to_string());
        match t.indexes.last_mut() {
            Some(index) if index.name == name => index.columns.push(column),
            _ => t.indexes.push(DbIndex {
                name,
                unique: row.get::<_, i64>(2)? != 0,
                origin: row.get(3)?,
                columns: vec![column],
            }),
        }
    }

    let mut stmt = conn.prepare(&format!(
        "SELECT m.name, f.id, f.\"table\", f.\"from\", f.\"to\", f.on_update, f.on_delete \
         FROM sqlite_master m, pragma_foreign_key_list(m.name) f WHERE {TABLES} ORDER BY m.name, f.id, f.seq"
    ))?;
    let mut rows = stmt.query([])?;
    let mut last: Option<(String, i64)> = None;
    while let Some(row) = rows.next()? {
        let table: String = row.get(0)?;
        let id: i64 = row.get(1)?;
        let Some(t) = schema.tables.get_mut(&table) else {
            continue;
        };
        let to: Option<String> = row.get(4)?;
        if last.as_ref() == Some(&(table.clone(), id)) {
            if let Some(fk) = t.foreign_keys.last_mut() {
                fk.from.push(row.get(3)?);
                fk.to.push(to.unwrap_or_default());
            }
        } else {
            t.foreign_keys.push(DbForeignKey {
                table: row.get(2)?,
                from: vec![row.get(3)?],
                to: vec![to.unwrap_or_default()],
                on_update: row.get(5)?,
                on_delete: row.get(6)?,
            });
            last = Some((table, id));
        }
    }
    for t in schema.tables.values_mut() {
        t.indexes.sort_by(|a, b| a.name.cmp(&b.name));
        t.foreign_keys
            .sort_by(|a, b| (&a.from, &a.table).cmp(&(&b.from, &b.table)));
    }
    Ok(schema)
}
