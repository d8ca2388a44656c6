//! Adoption with rows: Alembic's own statements (`sqlite/<rev>.sql`,
//! `postgres/<rev>.sql`, replayed in the walk's order) build the database at a
//! revision, a row goes into every table, and `pschema upgrade head` adopts it
//! and brings it to head with every row still there and the schema a database
//! pschema built from empty has.

use crate::chain::{Chain, reference_dir, report};
use crate::dump::{self, Depth, Dump};
use crate::pg::Database;
use crate::rows;

/// The statements of a reference `.sql` file.
fn statements(dialect: &str, rev: &str) -> Vec<String> {
    let path = reference_dir().join(dialect).join(format!("{rev}.sql"));
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .split(";\n\n")
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect()
}

/// The revisions to adopt from: the one before the walk's first merge, its
/// latest merge, and the one after that merge (or after the first); without a
/// merge, the walk's first, middle and last revisions.
pub fn picks(chain: &Chain, walk: &[String]) -> Vec<String> {
    let merges = chain.merges_in_walk(walk);
    let at = |rev: &String| walk.iter().position(|r| r == rev).unwrap();
    let mut out: Vec<String> = match (merges.first(), merges.last()) {
        (Some(first), Some(last)) => {
            let after = walk.get(at(last) + 1).or_else(|| walk.get(at(first) + 1));
            [walk.get(at(first) - 1), Some(last), after]
                .into_iter()
                .flatten()
                .cloned()
                .collect()
        }
        _ => [walk.first(), walk.get(walk.len() / 2), walk.last()]
            .into_iter()
            .flatten()
            .cloned()
            .collect(),
    };
    out.dedup();
    out.sort();
    out.dedup();
    out
}

fn sqlite_adopt(chain: &Chain, rev: &str, head: &Dump) -> Vec<String> {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("alembic.db");
    let conn = rusqlite::Connection::open(&path).unwrap();
    let upto = chain.graph.walk_order.iter().position(|r| r == rev).unwrap();
    for r in &chain.graph.walk_order[..=upto] {
        for statement in statements("sqlite", r) {
            let mut stmt = conn
                .prepare(&statement)
                .unwrap_or_else(|e| panic!("{r}: {e}: {statement}"));
            let mut rows = stmt.raw_query();
            while rows
                .next()
                .unwrap_or_else(|e| panic!("{r}: {e}: {statement}"))
                .is_some()
            {}
        }
    }
    let before = dump::sqlite(&conn);
    let labels = rows::enum_labels(chain, &before.alembic_version);
    let generated = rows::generate(&before, &labels);
    conn.execute_batch(&format!("BEGIN;\n{}COMMIT;", rows::inserts(&before, &generated, false)))
        .unwrap_or_else(|e| panic!("rows at {rev}: {e}"));
    drop(conn);
    let mut diffs = Vec::new();
    if let Err(e) = chain.run(&crate::common::url(&path), &["upgrade", "head"]) {
        return vec![e];
    }
    let conn = rusqlite::Connection::open(&path).unwrap();
    let after = dump::sqlite(&conn);
    diffs.extend(
        dump::diff(head, &after, Depth::Reference)
            .into_iter()
            .map(|d| format!("schema at head, against a database pschema built: {d}")),
    );
    diffs.extend(rows::missing(
        &before,
        &generated,
        &after,
        &chain.deleted_after(rev),
        &mut |sql| conn.query_row(sql, [], |r| r.get(0)).map_err(|e| e.to_string()),
    ));
    for check in ["PRAGMA foreign_key_check", "PRAGMA integrity_check"] {
        let mut stmt = conn.prepare(check).unwrap();
        let found: Vec<String> = stmt
            .query_map([], |r| r.get::<_, rusqlite::types::Value>(0).map(|v| format!("{v:?}")))
            .unwrap()
            .map(Result::unwrap)
            .filter(|v| v != "Text(\"ok\")")
            .collect();
        if !found.is_empty() {
            diffs.push(format!("{check}: {found:?}"));
        }
    }
    diffs
}

#[test]
fn sqlite_alembic_databases_with_rows_are_adopted_and_brought_to_head() {
    let chain = Chain::load();
    let tmp = tempfile::tempdir().unwrap();
    let built = tmp.path().join("built.db");
    chain.ok(&crate::common::url(&built), &["upgrade", "head"]);
    let head = dump::sqlite(&rusqlite::Connection::open(&built).unwrap());
    let picks = picks(&chain, &chain.walk);
    let results: Vec<(String, Vec<String>)> = std::thread::scope(|s| {
        let handles: Vec<_> = picks
            .iter()
            .map(|rev| (rev.clone(), s.spawn(|| sqlite_adopt(&chain, rev, &head))))
            .collect();
        handles.into_iter().map(|(rev, h)| (rev, h.join().unwrap())).collect()
    });
    report("sqlite: adoption with rows", &results, &picks);
}

fn postgres_adopt(chain: &Chain, server: &str, rev: &str, head: &Dump) -> Vec<String> {
    let db = Database::new(server, &format!("adopt_{rev}"));
    let mut client = db.client();
    let upto = chain.graph.walk_order.iter().position(|r| r == rev).unwrap();
    for r in &chain.graph.walk_order[..=upto] {
        for statement in statements("postgres", r) {
            client
                .batch_execute(&statement)
                .unwrap_or_else(|e| panic!("{r}: {e}: {statement}"));
        }
    }
    let before = db.dump();
    let labels = rows::enum_labels(chain, &before.alembic_version);
    let generated = rows::generate(&before, &labels);
    client
        .batch_execute(&format!("BEGIN;\n{}COMMIT;", rows::inserts(&before, &generated, true)))
        .unwrap_or_else(|e| panic!("rows at {rev}: {e}"));
    if let Err(e) = chain.run(&db.url, &["upgrade", "head"]) {
        return vec![e];
    }
    let after = db.dump();
    let mut diffs: Vec<String> = dump::diff(head, &after, Depth::Reference)
        .into_iter()
        .map(|d| format!("schema at head, against a database pschema built: {d}"))
        .collect();
    diffs.extend(rows::missing(
        &before,
        &generated,
        &after,
        &chain.deleted_after(rev),
        &mut |sql| client.query_one(sql, &[]).map(|r| r.get(0)).map_err(|e| e.to_string()),
    ));
    diffs
}

#[test]
fn postgres_alembic_databases_with_rows_are_adopted_and_brought_to_head() {
    let Some(server) = crate::common::server() else { return };
    let chain = Chain::load();
    let built = Database::new(&server, "adopt_built");
    chain.ok(&built.url, &["upgrade", "head"]);
    let head = built.dump();
    let walk = chain.walk_with_reference("postgres");
    let picks = picks(&chain, &walk);
    let results: Vec<(String, Vec<String>)> = std::thread::scope(|s| {
        let handles: Vec<_> = picks
            .iter()
            .map(|rev| (rev.clone(), s.spawn(|| postgres_adopt(&chain, &server, rev, &head))))
            .collect();
        handles.into_iter().map(|(rev, h)| (rev, h.join().unwrap())).collect()
    });
    report("postgres: adoption with rows", &results, &picks);
}
