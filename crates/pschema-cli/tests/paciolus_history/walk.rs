//! The walk compared with Alembic's dumps, head in one run against revision by
//! revision, and down to base and up again.

use crate::chain::{Chain, report};
use crate::dump::{self, Depth, Dump};
use crate::pg::Database;
use std::collections::BTreeMap;

fn sqlite_dump(path: &std::path::Path) -> Dump {
    dump::sqlite(&rusqlite::Connection::open(path).unwrap())
}

/// `upgrade <rev>` for each revision of the walk (up to the last one with a
/// reference dump for `dialect`), each compared with that dump.
fn walk_against_reference(chain: &Chain, dialect: &str, url: &str, read: &dyn Fn() -> Dump) {
    let walk = chain.walk_with_reference(dialect);
    let mut results = Vec::new();
    for rev in &walk {
        let mut diffs = chain.graph_differences(rev);
        if let Err(e) = chain.run(url, &["upgrade", rev]) {
            diffs.push(e);
            results.push((rev.clone(), diffs));
            break;
        }
        match chain.reference(dialect, rev) {
            Some(path) => diffs.extend(dump::diff(&Dump::read(&path), &read(), Depth::Reference)),
            None => diffs.push(format!("no reference dump {dialect}/{rev}.json")),
        }
        results.push((rev.clone(), diffs));
    }
    assert!(!walk.is_empty(), "no revision of Alembic's walk is a pschema migration");
    // Migrations of Alembic's revisions outside the walk so far: their ids,
    // parents and messages are Alembic's too.
    for rev in chain
        .migrations
        .keys()
        .filter(|r| !walk.contains(r) && chain.graph.revisions.contains_key(*r))
    {
        let diffs = chain.graph_differences(rev);
        if !diffs.is_empty() {
            results.push((format!("{rev} (not in the walk yet)"), diffs));
        }
    }
    report(&format!("{dialect}: the walk against Alembic's dumps"), &results, &walk);
}

#[test]
fn sqlite_every_revision_equals_what_alembic_built() {
    let chain = Chain::load();
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("walk.db");
    walk_against_reference(&chain, "sqlite", &crate::common::url(&path), &|| sqlite_dump(&path));
}

#[test]
fn postgres_every_revision_equals_what_alembic_built() {
    let Some(server) = crate::common::server() else { return };
    let chain = Chain::load();
    let db = Database::new(&server, "walk");
    walk_against_reference(&chain, "postgres", &db.url, &|| db.dump());
}

/// `upgrade +1` until head, `downgrade -1` until base, `upgrade head` again:
/// every state on the way down is the one the way up reached with the same
/// alembic_version, and so is head after the second way up. With
/// `any_column_order` (PostgreSQL, which cannot place a column a down adds
/// back, Alembic's downgrades neither: postgres/downgrades.json), a column's
/// position is not compared. Returns the head's dump.
fn down_and_up(chain: &Chain, url: &str, read: &dyn Fn() -> Dump, any_column_order: bool) -> Dump {
    let n = chain.migrations.len();
    let mut up: BTreeMap<Vec<String>, Dump> = BTreeMap::new();
    up.insert(Vec::new(), read());
    let mut results: Vec<(String, Vec<String>)> = Vec::new();
    let mut checked = Vec::new();
    let mut step = |label: String, args: &[&str], first: bool, results: &mut Vec<(String, Vec<String>)>| -> bool {
        if let Err(e) = chain.run(url, args) {
            results.push((label, vec![e]));
            return false;
        }
        let now = read();
        let key = now.alembic_version.clone();
        checked.push(format!("{label} {key:?}"));
        if first {
            up.insert(key, now);
        } else {
            match up.get(&key) {
                Some(was) => {
                    let (order, diffs): (Vec<String>, Vec<String>) = dump::diff(was, &now, Depth::Full)
                        .into_iter()
                        .partition(|d| any_column_order && d.contains(": column order "));
                    for d in order {
                        eprintln!("{label} at {key:?}: {d} (PostgreSQL puts a column added back at the end)");
                    }
                    results.push((format!("{label} at {key:?}"), diffs))
                }
                None => results.push((label, vec![format!("{key:?} was never reached on the way up")])),
            }
        }
        true
    };
    let mut ok = (0..n).all(|i| step(format!("up {}", i + 1), &["upgrade", "+1"], true, &mut results));
    ok = ok && (0..n).all(|i| step(format!("down {}", i + 1), &["downgrade", "-1"], false, &mut results));
    ok = ok && step("up again".into(), &["upgrade", "head"], false, &mut results);
    if ok {
        let heads = chain.current(url);
        let expected: Vec<String> = {
            let mut h: Vec<String> = chain
                .migrations
                .keys()
                .filter(|id| !chain.migrations.values().any(|m| m.meta.parents.contains(id)))
                .cloned()
                .collect();
            h.sort();
            h
        };
        if heads != expected {
            results.push((
                "end".into(),
                vec![format!("ended at {heads:?}, the heads are {expected:?}")],
            ));
        }
    }
    report("down to base and up again", &results, &checked);
    read()
}

#[test]
fn sqlite_down_to_base_and_up_again_keeps_each_revisions_schema() {
    let chain = Chain::load();
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("updown.db");
    down_and_up(&chain, &crate::common::url(&path), &|| sqlite_dump(&path), false);
}

/// PostgreSQL from empty: `upgrade head` in one run, and revision by revision
/// (then down and up again); both end with the same schema.
#[test]
fn postgres_from_empty_in_one_run_and_revision_by_revision_then_down_and_up() {
    let Some(server) = crate::common::server() else { return };
    let chain = Chain::load();
    let one = Database::new(&server, "onego");
    let steps = Database::new(&server, "steps");
    let (one_go, stepwise) = std::thread::scope(|s| {
        let one_go = s.spawn(|| {
            chain.ok(&one.url, &["upgrade", "head"]);
            one.dump()
        });
        let stepwise = down_and_up(&chain, &steps.url, &|| steps.dump(), true);
        (one_go.join().unwrap(), stepwise)
    });
    let diffs = dump::diff(&one_go, &stepwise, Depth::Full);
    assert!(
        diffs.is_empty(),
        "upgrade head in one run and revision by revision differ:\n{}",
        diffs.join("\n")
    );
}

/// After the drift-closing migration (pschema's own, after Alembic's head):
/// the schema `create_all` builds from Paciolus's models (`models/*.json`),
/// on both dialects. Skipped until the chain has it.
#[test]
fn after_the_drift_closing_migration_the_schema_is_the_models() {
    let chain = Chain::load();
    let alembic_head = chain.graph.walk_order.last().unwrap();
    let beyond: Vec<&String> = chain
        .migrations
        .keys()
        .filter(|id| !chain.graph.revisions.contains_key(*id))
        .collect();
    if chain.walk.last() != Some(alembic_head) || beyond.is_empty() {
        eprintln!("no migration after Alembic's head {alembic_head} yet: skipping");
        return;
    }
    let models = |dialect: &str| {
        let mut d = Dump::read(&crate::chain::reference_dir().join(format!("models/{dialect}.json")));
        d.alembic_version.clear();
        d
    };
    let mut results = Vec::new();
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("models.db");
    chain.ok(&crate::common::url(&path), &["upgrade", "head"]);
    let mut ours = sqlite_dump(&path);
    ours.alembic_version.clear();
    results.push((
        "sqlite".to_string(),
        dump::diff(&models("sqlite"), &ours, Depth::Reference),
    ));
    if let Some(server) = crate::common::server() {
        let db = Database::new(&server, "models");
        chain.ok(&db.url, &["upgrade", "head"]);
        let mut ours = db.dump();
        ours.alembic_version.clear();
        // PostgreSQL adds a column at the end and cannot move it: the columns
        // the chain added later than the models declare them (8 tables) stand
        // elsewhere, as in any PostgreSQL database Alembic's chain built.
        let differences = dump::diff(&models("postgres"), &ours, Depth::Reference)
            .into_iter()
            .filter(|d| !d.contains(": column order "))
            .collect();
        results.push(("postgres".to_string(), differences));
    }
    let checked: Vec<String> = results.iter().map(|r| r.0.clone()).collect();
    report("head against create_all of the models", &results, &checked);
}
