//! What a PostgreSQL schema (namespace) holds, read through the catalogs.

use pschema_migrate::db_schema::{DbColumn, DbForeignKey, DbIndex, DbSchema, DbTable};

/// Reads a PostgreSQL schema (namespace) through the catalogs, into the same
/// shape as SQLite's: declared types as `format_type` prints them, defaults as
/// `pg_get_expr` prints them.
pub fn read(client: &mut impl postgres::GenericClient, namespace: &str) -> Result<DbSchema, postgres::Error> {
    let mut schema = DbSchema::default();
    for row in client.query(
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
         WHERE n.nspname = $1 AND c.relkind = 'r' AND c.relname NOT IN ('alembic_version', 'pschema_history', 'pschema_progress')",
        &[&namespace],
    )? {
        schema.tables.insert(row.get(0), DbTable::default());
    }
    for row in client.query(
        "SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, \
                pg_get_expr(d.adbin, d.adrelid), \
                coalesce((SELECT array_position(k.conkey, a.attnum) FROM pg_constraint k \
                          WHERE k.conrelid = c.oid AND k.contype = 'p'), 0)::int8 \
         FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace \
         LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum \
         WHERE n.nspname = $1 AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped \
         ORDER BY c.relname, a.attnum",
        &[&namespace],
    )? {
        let table: String = row.get(0);
        if let Some(t) = schema.tables.get_mut(&table) {
            t.columns.push(DbColumn {
                name: row.get(1),
                declared_type: row.get(2),
                not_null: row.get(3),
                default: row.get(4),
                pk: row.get(5),
            });
        }
    }
    for row in client.query(
        "SELECT t.relname, i.relname, x.indisunique, \
                CASE WHEN x.indisprimary THEN 'pk' \
                     WHEN EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid AND k.contype = 'u') THEN 'u' \
                     ELSE 'c' END, \
                ARRAY(SELECT a.attname::text FROM unnest(x.indkey) WITH ORDINALITY AS k(num, n) \
                      JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.num ORDER BY k.n) \
         FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid \
         JOIN pg_namespace n ON n.oid = t.relnamespace WHERE n.nspname = $1",
        &[&namespace],
    )? {
        let table: String = row.get(0);
        if let Some(t) = schema.tables.get_mut(&table) {
            t.indexes.push(DbIndex { name: row.get(1), unique: row.get(2), origin: row.get(3), columns: row.get(4) });
        }
    }
    for row in client.query(
        "SELECT t.relname, r.relname, \
                ARRAY(SELECT a.attname::text FROM unnest(k.conkey) WITH ORDINALITY AS c(num, n) \
                      JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = c.num ORDER BY c.n), \
                ARRAY(SELECT a.attname::text FROM unnest(k.confkey) WITH ORDINALITY AS c(num, n) \
                      JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = c.num ORDER BY c.n), \
                k.confupdtype::text, k.confdeltype::text \
         FROM pg_constraint k JOIN pg_class t ON t.oid = k.conrelid JOIN pg_class r ON r.oid = k.confrelid \
         JOIN pg_namespace n ON n.oid = t.relnamespace WHERE n.nspname = $1 AND k.contype = 'f'",
        &[&namespace],
    )? {
        let table: String = row.get(0);
        let action = |code: String| {
            match code.as_str() {
                "c" => "CASCADE",
                "n" => "SET NULL",
                "d" => "SET DEFAULT",
                "r" => "RESTRICT",
                _ => "NO ACTION",
            }
            .to_string()
        };
        if let Some(t) = schema.tables.get_mut(&table) {
            t.foreign_keys.push(DbForeignKey {
                table: row.get(1),
                from: row.get(2),
                to: row.get(3),
                on_update: action(row.get(4)),
                on_delete: action(row.get(5)),
            });
        }
    }
    for row in client.query(
        "SELECT t.relname, pg_get_constraintdef(k.oid) FROM pg_constraint k JOIN pg_class t ON t.oid = k.conrelid \
         JOIN pg_namespace n ON n.oid = t.relnamespace WHERE n.nspname = $1 AND k.contype = 'c'",
        &[&namespace],
    )? {
        let table: String = row.get(0);
        if let Some(t) = schema.tables.get_mut(&table) {
            t.checks.push(row.get(1));
        }
    }
    for row in client.query(
        "SELECT t.typname, ARRAY(SELECT e.enumlabel::text FROM pg_enum e WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder) \
         FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = $1 AND t.typtype = 'e'",
        &[&namespace],
    )? {
        schema.enums.insert(row.get(0), row.get(1));
    }
    for t in schema.tables.values_mut() {
        t.indexes.sort_by(|a, b| a.name.cmp(&b.name));
        t.foreign_keys
            .sort_by(|a, b| (&a.from, &a.table).cmp(&(&b.from, &b.table)));
        t.checks.sort();
    }
    Ok(schema)
}
