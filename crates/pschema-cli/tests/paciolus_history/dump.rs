//! A database's schema in the shape of `dump_schema.py` (the reference dumps),
//! read with rusqlite or the postgres client, and the differences between two.

use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Dump {
    pub alembic_version: Vec<String>,
    #[serde(default)]
    pub enums: BTreeMap<String, Vec<String>>,
    pub tables: BTreeMap<String, Table>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Table {
    pub columns: Vec<Column>,
    pub indexes: Vec<Index>,
    pub foreign_keys: Vec<ForeignKey>,
    #[serde(default)]
    pub checks: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Column {
    pub name: String,
    pub declared_type: String,
    pub not_null: bool,
    pub default: Option<String>,
    pub pk: i64,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Index {
    pub name: String,
    pub unique: bool,
    pub origin: String,
    pub columns: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct ForeignKey {
    pub from: Vec<String>,
    pub table: String,
    pub to: Vec<String>,
    pub on_update: String,
    pub on_delete: String,
    pub name: Option<String>,
}

impl Dump {
    pub fn read(path: &std::path::Path) -> Dump {
        let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }
}

/// How much of the schema a comparison looks at.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Depth {
    /// What issue 11 asks against Alembic: columns (name, declared type, not
    /// null, default, pk), indexes (name, unique, columns), foreign keys (from,
    /// table, to, ON DELETE), checks, enums, alembic_version.
    Reference,
    /// Everything the dump holds: also index origins, ON UPDATE and key names.
    Full,
}

fn q(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// `dump_sqlite_conn` of dump_schema.py.
pub fn sqlite(conn: &rusqlite::Connection) -> Dump {
    let strings = |sql: &str| -> Vec<(String, Option<String>)> {
        let mut stmt = conn.prepare(sql).unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    let mut dump = Dump {
        alembic_version: Vec::new(),
        enums: BTreeMap::new(),
        tables: BTreeMap::new(),
    };
    let tables =
        strings("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name");
    for (name, sql) in tables {
        if name == "alembic_version" {
            let mut v: Vec<String> = strings("SELECT version_num, NULL FROM alembic_version")
                .into_iter()
                .map(|r| r.0)
                .collect();
            v.sort();
            dump.alembic_version = v;
            continue;
        }
        if name == "pschema_history" {
            continue;
        }
        let mut stmt = conn.prepare(&format!("PRAGMA table_xinfo({})", q(&name))).unwrap();
        let columns = stmt
            .query_map([], |r| {
                Ok((
                    Column {
                        name: r.get(1)?,
                        declared_type: r.get(2)?,
                        not_null: r.get::<_, i64>(3)? != 0,
                        default: r.get(4)?,
                        pk: r.get(5)?,
                    },
                    r.get::<_, i64>(6)?,
                ))
            })
            .unwrap()
            .map(Result::unwrap)
            .filter(|(_, hidden)| *hidden == 0)
            .map(|(c, _)| c)
            .collect();
        let mut stmt = conn.prepare(&format!("PRAGMA index_list({})", q(&name))).unwrap();
        let list: Vec<(String, bool, String)> = stmt
            .query_map([], |r| Ok((r.get(1)?, r.get::<_, i64>(2)? != 0, r.get(3)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        let mut indexes: Vec<Index> = list
            .into_iter()
            .map(|(iname, unique, origin)| {
                let mut stmt = conn.prepare(&format!("PRAGMA index_info({})", q(&iname))).unwrap();
                let mut cols: Vec<(i64, Option<String>)> = stmt
                    .query_map([], |r| Ok((r.get(0)?, r.get(2)?)))
                    .unwrap()
                    .map(Result::unwrap)
                    .collect();
                cols.sort();
                Index {
                    name: iname,
                    unique,
                    origin,
                    columns: cols.into_iter().map(|c| c.1.unwrap_or_default()).collect(),
                }
            })
            .collect();
        indexes.sort_by(|a, b| a.name.cmp(&b.name));
        let mut stmt = conn.prepare(&format!("PRAGMA foreign_key_list({})", q(&name))).unwrap();
        let rows: Vec<(i64, String, String, Option<String>, String, String)> = stmt
            .query_map([], |r| {
                Ok((r.get(0)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?))
            })
            .unwrap()
            .map(Result::unwrap)
            .collect();
        let mut fks: BTreeMap<i64, ForeignKey> = BTreeMap::new();
        for (id, table, from, to, on_update, on_delete) in rows {
            let fk = fks.entry(id).or_insert_with(|| ForeignKey {
                from: Vec::new(),
                table,
                to: Vec::new(),
                on_update,
                on_delete,
                name: None,
            });
            fk.from.push(from);
            fk.to.push(to.unwrap_or_default());
        }
        let sql = sql.unwrap_or_default();
        let names = sqlite_fk_names(&sql);
        let mut foreign_keys: Vec<ForeignKey> = fks
            .into_values()
            .map(|mut fk| {
                fk.name = names.get(&fk.from).cloned();
                fk
            })
            .collect();
        foreign_keys.sort_by(|a, b| (&a.from, &a.table, &a.to).cmp(&(&b.from, &b.table, &b.to)));
        dump.tables.insert(
            name,
            Table {
                columns,
                indexes,
                foreign_keys,
                checks: sqlite_checks(&sql),
            },
        );
    }
    dump
}

fn unquote(s: &str) -> String {
    let s = s.trim();
    let s = s.strip_prefix('"').and_then(|s| s.strip_suffix('"')).unwrap_or(s);
    s.replace("\"\"", "\"")
}

/// `CONSTRAINT <name> FOREIGN KEY (<cols>)` clauses of a stored CREATE TABLE.
fn sqlite_fk_names(sql: &str) -> BTreeMap<Vec<String>, String> {
    let upper = sql.to_ascii_uppercase();
    let mut names = BTreeMap::new();
    let mut at = 0;
    while let Some(found) = upper[at..].find("CONSTRAINT") {
        let start = at + found + "CONSTRAINT".len();
        at = start;
        let rest = &sql[start..];
        let rest_upper = &upper[start..];
        let Some(fk) = rest_upper.find("FOREIGN") else { break };
        let name = rest[..fk].trim();
        if name.is_empty() || name.contains(['(', ',']) {
            continue;
        }
        let after = &rest_upper[fk + "FOREIGN".len()..];
        if !after.trim_start().starts_with("KEY") {
            continue;
        }
        let Some(open) = rest[fk..].find('(') else { break };
        let Some(close) = rest[fk + open..].find(')') else {
            break;
        };
        let cols = rest[fk + open + 1..fk + open + close].split(',').map(unquote).collect();
        names.insert(cols, unquote(name));
    }
    names
}

/// The `CHECK (...)` clauses of a stored CREATE TABLE, sorted.
fn sqlite_checks(sql: &str) -> Vec<String> {
    let upper = sql.to_ascii_uppercase();
    let bytes = sql.as_bytes();
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(found) = upper[at..].find("CHECK") {
        let start = at + found;
        at = start + 5;
        let word_start = start == 0 || !(bytes[start - 1].is_ascii_alphanumeric() || bytes[start - 1] == b'_');
        let Some(open) = sql[at..].find(|c: char| !c.is_whitespace()) else {
            break;
        };
        if !word_start || bytes[at + open] != b'(' {
            continue;
        }
        let (mut depth, mut quote) = (0, None);
        for (j, &ch) in bytes.iter().enumerate().skip(at + open) {
            if let Some(qc) = quote {
                if ch == qc {
                    quote = None;
                }
                continue;
            }
            match ch {
                b'\'' | b'"' => quote = Some(ch),
                b'(' => depth += 1,
                b')' => {
                    depth -= 1;
                    if depth == 0 {
                        out.push(sql[start..=j].to_string());
                        break;
                    }
                }
                _ => {}
            }
        }
    }
    out.sort();
    out
}

const ACTIONS: [(i8, &str); 5] = [
    (b'a' as i8, "NO ACTION"),
    (b'r' as i8, "RESTRICT"),
    (b'c' as i8, "CASCADE"),
    (b'n' as i8, "SET NULL"),
    (b'd' as i8, "SET DEFAULT"),
];

fn action(code: i8) -> String {
    ACTIONS.iter().find(|a| a.0 == code).map_or("?", |a| a.1).to_string()
}

/// `dump_postgres_conn` of dump_schema.py, for the `public` schema, in a few
/// catalog-wide queries.
pub fn postgres(client: &mut postgres::Client) -> Dump {
    let mut dump = Dump {
        alembic_version: Vec::new(),
        enums: BTreeMap::new(),
        tables: BTreeMap::new(),
    };
    const TABLES: &str = "SELECT c.oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
                          WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') \
                          AND c.relname NOT IN ('alembic_version', 'pschema_history', 'pschema_progress')";
    let query = |client: &mut postgres::Client, sql: &str| client.query(&sql.replace("{TABLES}", TABLES), &[]).unwrap();
    let has_version = !query(
        client,
        "SELECT 1 FROM pg_tables WHERE schemaname = 'public' AND tablename = 'alembic_version'",
    )
    .is_empty();
    if has_version {
        let mut v: Vec<String> = query(client, "SELECT version_num::text FROM public.alembic_version")
            .iter()
            .map(|r| r.get(0))
            .collect();
        v.sort();
        dump.alembic_version = v;
    }
    for r in query(
        client,
        "SELECT c.relname::text, a.attname::text, format_type(a.atttypid, a.atttypmod), a.attnotnull, \
         pg_get_expr(d.adbin, d.adrelid), \
         coalesce(array_position((SELECT k.conkey FROM pg_constraint k WHERE k.conrelid = c.oid AND k.contype = 'p'), a.attnum), 0) \
         FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid \
         LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum \
         WHERE c.oid IN ({TABLES}) AND a.attnum > 0 AND NOT a.attisdropped ORDER BY c.relname, a.attnum",
    ) {
        let t = entry(&mut dump, r.get(0));
        t.columns.push(Column {
            name: r.get(1),
            declared_type: r.get(2),
            not_null: r.get(3),
            default: r.get(4),
            pk: r.get::<_, i32>(5) as i64,
        });
    }
    for r in query(
        client,
        "SELECT c.relname::text, ic.relname::text, i.indisunique, i.indisprimary, \
         EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid AND k.contype = 'u' \
                 AND k.conrelid = i.indrelid), \
         ARRAY(SELECT a.attname::text FROM unnest(i.indkey::int2[]) WITH ORDINALITY u(n, o) \
               JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = u.n ORDER BY u.o) \
         FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_class c ON c.oid = i.indrelid \
         WHERE i.indrelid IN ({TABLES}) ORDER BY c.relname, ic.relname",
    ) {
        let origin = if r.get(3) {
            "pk"
        } else if r.get(4) {
            "u"
        } else {
            "c"
        };
        let t = entry(&mut dump, r.get(0));
        t.indexes.push(Index {
            name: r.get(1),
            unique: r.get(2),
            origin: origin.into(),
            columns: r.get(5),
        });
    }
    for r in query(
        client,
        "SELECT c.relname::text, rc.relname::text, k.confupdtype, k.confdeltype, k.conname::text, \
         ARRAY(SELECT a.attname::text FROM unnest(k.conkey) WITH ORDINALITY u(n, o) \
               JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.n ORDER BY u.o), \
         ARRAY(SELECT a.attname::text FROM unnest(k.confkey) WITH ORDINALITY u(n, o) \
               JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.n ORDER BY u.o) \
         FROM pg_constraint k JOIN pg_class rc ON rc.oid = k.confrelid JOIN pg_class c ON c.oid = k.conrelid \
         WHERE k.conrelid IN ({TABLES}) AND k.contype = 'f'",
    ) {
        let t = entry(&mut dump, r.get(0));
        t.foreign_keys.push(ForeignKey {
            table: r.get(1),
            on_update: action(r.get(2)),
            on_delete: action(r.get(3)),
            name: Some(r.get(4)),
            from: r.get(5),
            to: r.get(6),
        });
    }
    for r in query(
        client,
        "SELECT c.relname::text, pg_get_constraintdef(k.oid) FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid \
         WHERE k.conrelid IN ({TABLES}) AND k.contype = 'c'",
    ) {
        entry(&mut dump, r.get(0)).checks.push(r.get(1));
    }
    for t in dump.tables.values_mut() {
        t.foreign_keys
            .sort_by(|a, b| (&a.from, &a.table, &a.to).cmp(&(&b.from, &b.table, &b.to)));
        t.checks.sort();
        t.indexes.sort_by(|a, b| a.name.cmp(&b.name));
    }
    for r in query(
        client,
        "SELECT t.typname::text, e.enumlabel::text FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace \
         JOIN pg_enum e ON e.enumtypid = t.oid WHERE n.nspname = 'public' ORDER BY t.typname, e.enumsortorder",
    ) {
        dump.enums.entry(r.get(0)).or_default().push(r.get(1));
    }
    dump
}

fn entry(dump: &mut Dump, name: String) -> &mut Table {
    dump.tables.entry(name).or_insert_with(|| Table {
        columns: Vec::new(),
        indexes: Vec::new(),
        foreign_keys: Vec::new(),
        checks: Vec::new(),
    })
}

/// Every difference from `expected` to `actual`, one line each.
pub fn diff(expected: &Dump, actual: &Dump, depth: Depth) -> Vec<String> {
    let mut out = Vec::new();
    if expected.alembic_version != actual.alembic_version {
        out.push(format!(
            "alembic_version: expected {:?}, got {:?}",
            expected.alembic_version, actual.alembic_version
        ));
    }
    for (name, labels) in &expected.enums {
        match actual.enums.get(name) {
            None => out.push(format!("enum {name}: missing (expected {labels:?})")),
            Some(got) if got != labels => out.push(format!("enum {name}: expected {labels:?}, got {got:?}")),
            _ => {}
        }
    }
    for name in actual.enums.keys().filter(|n| !expected.enums.contains_key(*n)) {
        out.push(format!("enum {name}: unexpected {:?}", actual.enums[name]));
    }
    for (name, table) in &expected.tables {
        match actual.tables.get(name) {
            None => out.push(format!("table {name}: missing")),
            Some(got) => diff_table(name, table, got, depth, &mut out),
        }
    }
    for name in actual.tables.keys().filter(|n| !expected.tables.contains_key(*n)) {
        out.push(format!("table {name}: unexpected"));
    }
    out
}

fn diff_table(table: &str, expected: &Table, actual: &Table, depth: Depth, out: &mut Vec<String>) {
    let names = |cols: &[Column]| cols.iter().map(|c| c.name.clone()).collect::<Vec<_>>();
    for c in &expected.columns {
        match actual.columns.iter().find(|a| a.name == c.name) {
            None => out.push(format!("{table}.{}: missing column {c:?}", c.name)),
            Some(a) => {
                let mut parts = Vec::new();
                if a.declared_type != c.declared_type {
                    parts.push(format!("type {:?} -> {:?}", c.declared_type, a.declared_type));
                }
                if a.not_null != c.not_null {
                    parts.push(format!("not_null {} -> {}", c.not_null, a.not_null));
                }
                if a.default != c.default {
                    parts.push(format!("default {:?} -> {:?}", c.default, a.default));
                }
                if a.pk != c.pk {
                    parts.push(format!("pk {} -> {}", c.pk, a.pk));
                }
                if !parts.is_empty() {
                    out.push(format!("{table}.{}: {} (expected -> got)", c.name, parts.join(", ")));
                }
            }
        }
    }
    for a in actual
        .columns
        .iter()
        .filter(|a| !expected.columns.iter().any(|c| c.name == a.name))
    {
        out.push(format!("{table}.{}: unexpected column {a:?}", a.name));
    }
    let (en, an) = (names(&expected.columns), names(&actual.columns));
    if out.is_empty() && en != an {
        out.push(format!("{table}: column order {en:?} -> {an:?}"));
    }
    let index_key = |i: &Index| match depth {
        Depth::Reference => format!("{} unique={} {:?}", i.name, i.unique, i.columns),
        Depth::Full => format!("{} unique={} origin={} {:?}", i.name, i.unique, i.origin, i.columns),
    };
    let fk_key = |f: &ForeignKey| match depth {
        Depth::Reference => format!("{:?} -> {}{:?} ON DELETE {}", f.from, f.table, f.to, f.on_delete),
        Depth::Full => format!(
            "{:?} -> {}{:?} ON DELETE {} ON UPDATE {} name {:?}",
            f.from, f.table, f.to, f.on_delete, f.on_update, f.name
        ),
    };
    set_diff(table, "index", &expected.indexes, &actual.indexes, index_key, out);
    set_diff(
        table,
        "foreign key",
        &expected.foreign_keys,
        &actual.foreign_keys,
        fk_key,
        out,
    );
    set_diff(table, "check", &expected.checks, &actual.checks, |c| c.clone(), out);
}

fn set_diff<T>(
    table: &str,
    what: &str,
    expected: &[T],
    actual: &[T],
    key: impl Fn(&T) -> String,
    out: &mut Vec<String>,
) {
    let e: Vec<String> = expected.iter().map(&key).collect();
    let a: Vec<String> = actual.iter().map(&key).collect();
    for x in e.iter().filter(|x| !a.contains(x)) {
        out.push(format!("{table}: missing {what} {x}"));
    }
    for x in a.iter().filter(|x| !e.contains(x)) {
        out.push(format!("{table}: unexpected {what} {x}"));
    }
}
