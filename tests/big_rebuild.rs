//! A rebuild of a table of 1,000,000 rows that a child table of 1,000,000
//! rows references with ON DELETE CASCADE, through the real runner: a
//! checksum of every row of both tables is the same before and after.

use pschema_driver::Access;
use pschema_driver::sqlite::{MemoryServer, SqliteDriver};
use pschema_migrate::dir::load;
use pschema_migrate::revision::{RevisionRequest, create};
use pschema_migrate::{Graph, Options, Report, Target, migrator};
use rusqlite::Connection;
use rusqlite::types::ValueRef;
use sha2::{Digest, Sha256};
use std::path::Path;

const ROWS: i64 = 1_000_000;

const BEFORE: &str = "
table engagements {
  id     Integer    @id
  name   String(50)
  budget Float
}

table tool_runs {
  id            Integer @id
  engagement_id Integer @index @references(engagements.id, on_delete: cascade)
  score         Float?
}
";

/// The parent's money column becomes Numeric: SQLite must rebuild it.
const AFTER: &str = "
table engagements {
  id     Integer        @id
  name   String(50)
  budget Numeric(19, 2)
}

table tool_runs {
  id            Integer @id
  engagement_id Integer @index @references(engagements.id, on_delete: cascade)
  score         Float?
}
";

fn checksum(conn: &Connection, table: &str) -> (i64, String) {
    let mut stmt = conn.prepare(&format!("SELECT * FROM {table} ORDER BY id")).unwrap();
    let columns = stmt.column_count();
    let mut rows = stmt.query([]).unwrap();
    let mut hasher = Sha256::new();
    let mut count = 0;
    while let Some(row) = rows.next().unwrap() {
        count += 1;
        for i in 0..columns {
            match row.get_ref(i).unwrap() {
                ValueRef::Null => hasher.update(b"n"),
                // NUMERIC affinity stores 5.0 as the integer 5: compare numbers as numbers.
                ValueRef::Integer(v) => hasher.update((v as f64).to_le_bytes()),
                ValueRef::Real(v) => hasher.update(v.to_le_bytes()),
                ValueRef::Text(t) | ValueRef::Blob(t) => hasher.update(t),
            }
            hasher.update(b"|");
        }
    }
    (count, hasher.finalize().iter().map(|b| format!("{b:02x}")).collect())
}

fn revision(project: &Path, schema: &str, message: &str) {
    std::fs::write(project.join("schema.pschema"), schema).unwrap();
    create(RevisionRequest {
        migrations_dir: &project.join("migrations"),
        schema_path: &project.join("schema.pschema"),
        message,
        rev_id: None,
        autogenerate: true,
        allow_destructive: true,
        head: None,
        verify_on: vec![&mut MemoryServer],
        tamper: None,
        dialects: &pschema_sql::Dialect::ALL,
    })
    .unwrap();
}

/// `upgrade head` through the real runner and SQLite driver.
fn upgrade(db: &Path, graph: &Graph) -> Report {
    let options = Options::default();
    let mut driver = SqliteDriver::open(db, Access::Write, options.lock_timeout).unwrap();
    migrator::upgrade(&mut driver, graph, &Target::Heads, &options, &mut |_| {}).unwrap()
}

#[test]
fn rebuilding_a_million_row_parent_keeps_every_row_of_it_and_of_its_child() {
    let project = tempfile::tempdir().unwrap();
    let db = project.path().join("big.db");
    revision(project.path(), BEFORE, "start");
    let graph = Graph::new(load(&project.path().join("migrations")).unwrap()).unwrap();
    upgrade(&db, &graph);

    let conn = Connection::open(&db).unwrap();
    conn.execute_batch(&format!(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {ROWS})
         INSERT INTO engagements (id, name, budget) SELECT i, 'engagement ' || i, i * 1.25 FROM n;
         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {ROWS})
         INSERT INTO tool_runs (id, engagement_id, score) SELECT i, (i * 7919) % {ROWS} + 1, CASE WHEN i % 5 = 0 THEN NULL ELSE i / 3.0 END FROM n;"
    ))
    .unwrap();
    let parent_before = checksum(&conn, "engagements");
    let child_before = checksum(&conn, "tool_runs");
    assert_eq!((parent_before.0, child_before.0), (ROWS, ROWS));
    drop(conn);

    revision(project.path(), AFTER, "money to numeric");
    let graph = Graph::new(load(&project.path().join("migrations")).unwrap()).unwrap();
    let up = graph
        .migrations()
        .last()
        .unwrap()
        .sql(pschema_sql::Dialect::Sqlite, pschema_migrate::Direction::Up)
        .unwrap();
    assert!(
        up.contains("-- pschema:rebuild engagements"),
        "the change needs a rebuild:\n{up}"
    );
    let report = upgrade(&db, &graph);
    assert_eq!(report.steps.len(), 1);

    let conn = Connection::open(&db).unwrap();
    assert_eq!(
        checksum(&conn, "engagements"),
        parent_before,
        "every parent row, unchanged"
    );
    assert_eq!(
        checksum(&conn, "tool_runs"),
        child_before,
        "every child row, none cascaded away"
    );
    let violations: i64 = conn
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(violations, 0);
    let integrity: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(integrity, "ok");
    let budget_type: String = conn
        .query_row(
            "SELECT type FROM pragma_table_info('engagements') WHERE name = 'budget'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(budget_type, "NUMERIC(19, 2)");
}
