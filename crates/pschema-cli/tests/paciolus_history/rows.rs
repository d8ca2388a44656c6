//! A row in every table, made from the introspected column types (foreign keys
//! pointing at the parent's row, parents first), and the check that they are
//! all still there.

use crate::chain::Chain;
use crate::dump::{Dump, Table};
use std::collections::{BTreeMap, BTreeSet};

/// One generated value, as text; `None` is NULL.
pub type Row = BTreeMap<String, Option<String>>;

/// The first label of each enum column, from the pschema snapshots of the
/// revisions the database is at (SQLite stores enums as VARCHAR).
pub fn enum_labels(chain: &Chain, heads: &[String]) -> BTreeMap<(String, String), String> {
    let mut out = BTreeMap::new();
    for head in heads {
        let Some(text) = chain.migrations.get(head).and_then(|m| m.files.get("schema.pschema")) else {
            continue;
        };
        let schema = pschema_schema::parse_schema(text).unwrap_or_else(|_| panic!("the snapshot of {head} parses"));
        for table in &schema.tables {
            for column in &table.columns {
                if let pschema_schema::ColumnType::Enum(name) = &column.ty
                    && let Some(e) = schema.enums.iter().find(|e| &e.name == name)
                    && let Some(label) = e.labels.first()
                {
                    out.insert((table.name.clone(), column.name.clone()), label.clone());
                }
            }
        }
    }
    out
}

fn length(declared: &str) -> Option<usize> {
    let open = declared.find('(')?;
    declared[open + 1..]
        .trim_end_matches(')')
        .split(',')
        .next()?
        .trim()
        .parse()
        .ok()
}

/// A value of the declared type (SQLite's or PostgreSQL's names).
fn value(
    dump: &Dump,
    table: &str,
    column: &crate::dump::Column,
    labels: &BTreeMap<(String, String), String>,
) -> String {
    let t = column.declared_type.to_ascii_lowercase();
    if let Some(label) = labels.get(&(table.to_string(), column.name.clone())) {
        return label.clone();
    }
    if let Some(labels) = dump.enums.get(&column.declared_type) {
        return labels[0].clone();
    }
    let kind = |words: &[&str]| words.iter().any(|w| t.contains(w));
    // Booleans too: '1' is true on both dialects.
    if kind(&["int", "serial", "bool"]) {
        "1".into()
    } else if kind(&["float", "double", "real", "numeric", "decimal"]) {
        "1.5".into()
    } else if kind(&["timestamp", "datetime"]) {
        "2024-01-02 03:04:05.000000".into()
    } else if kind(&["date"]) {
        "2024-01-02".into()
    } else if kind(&["time"]) {
        "03:04:05".into()
    } else if kind(&["json"]) {
        "{}".into()
    } else if kind(&["blob", "bytea"]) {
        "\\x00".into()
    } else {
        let text = format!("{}-{}", column.name, table).to_ascii_lowercase();
        text.chars().take(length(&t).unwrap_or(usize::MAX)).collect()
    }
}

/// Tables in an order where every table comes after those it references
/// (a reference back to a later table, in a cycle, is left NULL).
fn parents_first(dump: &Dump) -> Vec<String> {
    let mut done: Vec<String> = Vec::new();
    let mut left: BTreeSet<&String> = dump.tables.keys().collect();
    while !left.is_empty() {
        let ready: Vec<&String> = left
            .iter()
            .filter(|t| {
                dump.tables[**t]
                    .foreign_keys
                    .iter()
                    .all(|fk| fk.table == ***t || done.contains(&fk.table) || !dump.tables.contains_key(&fk.table))
            })
            .copied()
            .collect();
        // In a cycle: start with a table whose references still open can be
        // left NULL (users -> organizations), never one that must point at a
        // row not yet there (admin_audit_logs -> users).
        let next = if ready.is_empty() {
            let nullable_breaks = left.iter().find(|t| {
                let table = &dump.tables[**t];
                table
                    .foreign_keys
                    .iter()
                    .filter(|fk| !done.contains(&fk.table) && fk.table != ***t)
                    .all(|fk| {
                        fk.from
                            .iter()
                            .all(|c| table.columns.iter().any(|col| &col.name == c && !col.not_null))
                    })
            });
            vec![*nullable_breaks.unwrap_or_else(|| left.iter().next().unwrap())]
        } else {
            ready
        };
        for t in next {
            left.remove(t);
            done.push(t.clone());
        }
    }
    done
}

/// A row for every table, in `parents_first` order.
pub fn generate(dump: &Dump, labels: &BTreeMap<(String, String), String>) -> Vec<(String, Row)> {
    let mut rows: Vec<(String, Row)> = Vec::new();
    for table in parents_first(dump) {
        let t: &Table = &dump.tables[&table];
        let mut row: Row = t
            .columns
            .iter()
            .map(|c| (c.name.clone(), Some(value(dump, &table, c, labels))))
            .collect();
        for fk in &t.foreign_keys {
            let parent = rows.iter().find(|(name, _)| *name == fk.table).map(|r| r.1.clone());
            for (from, to) in fk.from.iter().zip(&fk.to) {
                let v = if fk.table == table {
                    row.get(to).cloned().flatten()
                } else {
                    parent.as_ref().and_then(|p| p.get(to).cloned().flatten())
                };
                row.insert(from.clone(), v);
            }
        }
        rows.push((table, row));
    }
    rows
}

fn quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

fn ident(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}

/// INSERT statements for the rows; PostgreSQL casts each literal to its column's type.
pub fn inserts(dump: &Dump, rows: &[(String, Row)], postgres: bool) -> String {
    let mut sql = String::new();
    for (table, row) in rows {
        let t = &dump.tables[table];
        let cols: Vec<String> = t.columns.iter().map(|c| ident(&c.name)).collect();
        let vals: Vec<String> = t
            .columns
            .iter()
            .map(|c| match &row[&c.name] {
                None => "NULL".into(),
                Some(v) if postgres => format!("{}::{}", quote(v), c.declared_type),
                Some(v) if c.declared_type.to_ascii_uppercase().contains("BLOB") => "x'00'".to_string(),
                Some(v) => quote(v),
            })
            .collect();
        sql.push_str(&format!(
            "INSERT INTO {} ({}) VALUES ({});\n",
            ident(table),
            cols.join(", "),
            vals.join(", ")
        ));
        if postgres {
            for c in t
                .columns
                .iter()
                .filter(|c| c.default.as_deref().is_some_and(|d| d.starts_with("nextval(")))
            {
                sql.push_str(&format!(
                    "SELECT setval(pg_get_serial_sequence({}, {}), 1000);\n",
                    quote(&ident(table)),
                    quote(&c.name)
                ));
            }
        }
    }
    sql
}

/// The check after the upgrade: every table still holds its row, found by
/// its primary key when those columns are still there; `count` runs a
/// `SELECT count(*)` on the database.
pub fn missing(
    before: &Dump,
    rows: &[(String, Row)],
    after: &Dump,
    deleted: &BTreeMap<String, String>,
    count: &mut dyn FnMut(&str) -> Result<i64, String>,
) -> Vec<String> {
    let mut out = Vec::new();
    for (table, row) in rows {
        if let Some(rev) = deleted.get(table) {
            eprintln!("{table}: not checked, Alembic's {rev} deletes its rows");
            continue;
        }
        let Some(now) = after.tables.get(table) else {
            out.push(format!("{table}: the table is gone, and its row with it"));
            continue;
        };
        match count(&format!("SELECT count(*) FROM {}", ident(table))) {
            Ok(1) => {}
            Ok(n) => out.push(format!("{table}: {n} rows after the upgrade, 1 before")),
            Err(e) => out.push(format!("{table}: {e}")),
        }
        let pk: Vec<&String> = {
            let mut cols: Vec<&crate::dump::Column> =
                before.tables[table].columns.iter().filter(|c| c.pk > 0).collect();
            cols.sort_by_key(|c| c.pk);
            cols.iter().map(|c| &c.name).collect()
        };
        if pk.is_empty() || !pk.iter().all(|c| now.columns.iter().any(|n| &n.name == *c)) {
            continue;
        }
        let filter: Vec<String> = pk
            .iter()
            .map(|c| match &row[*c] {
                Some(v) => format!("CAST({} AS TEXT) = {}", ident(c), quote(v)),
                None => format!("{} IS NULL", ident(c)),
            })
            .collect();
        match count(&format!(
            "SELECT count(*) FROM {} WHERE {}",
            ident(table),
            filter.join(" AND ")
        )) {
            Ok(1) => {}
            Ok(n) => out.push(format!(
                "{table}: the row with key {pk:?} = {:?} found {n} times",
                pk.iter().map(|c| &row[*c]).collect::<Vec<_>>()
            )),
            Err(e) => out.push(format!("{table}: {e}")),
        }
    }
    out
}
