//! The generated models of `schema/paciolus.pschema`, on in-memory SQLite
//! and on PostgreSQL (`PSCHEMA_TEST_POSTGRES_URL`; skipped locally without
//! it, required under `CI=true`): every table's row with every column filled,
//! then with NULL in every nullable column, goes in and comes back equal;
//! `create_all` builds what `upgrade head` builds; `migrate` brings a
//! connection to head with the compiled-in migrations.

#[path = "../../pschema-codegen/tests/support/mod.rs"]
mod support;

use paciolus_models::runtime::{postgres as pg, sqlite};
use paciolus_models::{Users, create_all, migrate};
use pschema_migrate::db_schema::{DbSchema, differences};
use std::path::{Path, PathBuf};

crate::round_trips!(paciolus_models::runtime);

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn schema() -> pschema_schema::Schema {
    let text = std::fs::read_to_string(repo().join("schema/paciolus.pschema")).unwrap();
    pschema_schema::parse_schema(&text).expect("the schema is valid")
}

fn table_names(schema: &pschema_schema::Schema) -> Vec<String> {
    let mut names: Vec<String> = schema.tables.iter().map(|t| t.name.clone()).collect();
    names.sort();
    names
}

fn sqlite_schema(conn: &rusqlite::Connection) -> DbSchema {
    pschema_driver::sqlite::introspect::read(conn).unwrap().comparable()
}

#[test]
fn every_table_round_trips_on_sqlite_in_memory() {
    let schema = schema();
    let mut conn = rusqlite::Connection::open_in_memory().unwrap();
    migrate(&mut conn).expect("the migrations run on a database in memory");
    // users -> organizations -> subscriptions -> users is a cycle: filled
    // table by table with every column set, one row always points at a row
    // still to come. The values are what this test checks; the foreign keys
    // have the planner's tests.
    conn.execute_batch("PRAGMA foreign_keys = OFF").unwrap();
    let mut visitor = SqliteRoundTrip::new(&conn, &schema);
    paciolus_models::visit(&mut visitor);
    let mut seen = visitor.tables.clone();
    seen.sort();
    assert_eq!(seen, table_names(&schema), "every table of the schema");
    visitor.finish();
}

#[test]
fn every_table_round_trips_on_postgres() {
    let Some(url) = support::postgres_url() else { return };
    let schema = schema();
    let mut db = support::PgNamespace::new(&url, "models_round_trip");
    migrate(&mut db.client).expect("the migrations run on PostgreSQL");
    // The cycle, as on SQLite: replica mode skips the foreign-key triggers.
    db.client
        .batch_execute("SET session_replication_role = replica")
        .unwrap();
    let mut visitor = PostgresRoundTrip::new(&mut db.client, &schema);
    paciolus_models::visit(&mut visitor);
    let mut seen = visitor.tables.clone();
    seen.sort();
    assert_eq!(seen, table_names(&schema), "every table of the schema");
    visitor.finish();
}

#[test]
fn create_all_builds_what_upgrade_head_builds_on_sqlite() {
    let mut created = rusqlite::Connection::open_in_memory().unwrap();
    create_all(&mut created).unwrap();
    let mut migrated = rusqlite::Connection::open_in_memory().unwrap();
    migrate(&mut migrated).unwrap();
    let (created, migrated) = (sqlite_schema(&created), sqlite_schema(&migrated));
    assert!(!created.tables.is_empty());
    assert_eq!(differences(&migrated, &created), Vec::<String>::new());
    assert_eq!(migrated, created);
}

#[test]
fn create_all_builds_what_upgrade_head_builds_on_postgres() {
    let Some(url) = support::postgres_url() else { return };
    let mut created = support::PgNamespace::new(&url, "create_all");
    create_all(&mut created.client).unwrap();
    let mut migrated = support::PgNamespace::new(&url, "upgrade_head");
    migrate(&mut migrated.client).unwrap();
    let (created, migrated) = (created.introspect(), migrated.introspect());
    assert!(!created.tables.is_empty() && !created.enums.is_empty());
    assert_eq!(differences(&migrated, &created), Vec::<String>::new());
    assert_eq!(migrated, created);
}

fn heads(conn: &rusqlite::Connection) -> Vec<String> {
    let mut stmt = conn.prepare("SELECT version_num FROM alembic_version").unwrap();
    stmt.query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

#[test]
fn migrate_brings_a_database_file_to_head_once() {
    let graph = paciolus_models::migrations().expect("the compiled-in migrations load");
    let head: Vec<String> = graph.heads().iter().map(|h| h.to_string()).collect();
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("app.db");
    let mut conn = rusqlite::Connection::open(&path).unwrap();
    conn.busy_timeout(std::time::Duration::from_millis(1234)).unwrap();
    let report = migrate(&mut conn).unwrap();
    assert_eq!(report.steps.len(), graph.migrations().len(), "{report:?}");
    assert_eq!(heads(&conn), head);
    let again = migrate(&mut conn).unwrap();
    assert!(again.steps.is_empty(), "nothing to do the second time: {again:?}");
    assert_eq!(
        conn.query_row("PRAGMA busy_timeout", [], |r| r.get::<_, i64>(0))
            .unwrap(),
        1234,
        "the connection's busy timeout is given back"
    );
    assert!(
        !tmp.path().join("app.db.pschema-lock").exists(),
        "the run lock is the command line's, and it is removed after the run"
    );
    // The command line's view of the same file: at head, nothing to do.
    let migrations = pschema_migrate::dir::load(&repo().join("migrations")).unwrap();
    let graph = pschema_migrate::Graph::new(migrations).unwrap();
    let mut driver = pschema_driver::sqlite::SqliteDriver::open(
        &path,
        pschema_driver::Access::Read,
        std::time::Duration::from_secs(5),
    )
    .unwrap();
    assert_eq!(pschema_migrate::migrator::current(&mut driver, &graph).unwrap(), head);
}

#[test]
fn migrate_brings_a_postgres_connection_to_head_once() {
    let Some(url) = support::postgres_url() else { return };
    let mut db = support::PgNamespace::new(&url, "migrate");
    let first = migrate(&mut db.client).unwrap();
    assert!(!first.steps.is_empty());
    assert!(migrate(&mut db.client).unwrap().steps.is_empty());
    let version: String = db
        .client
        .query_one("SELECT version_num FROM alembic_version", &[])
        .unwrap()
        .get(0);
    assert_eq!(
        Some(version.as_str()),
        paciolus_models::migrations().unwrap().heads().first().copied()
    );
    // The advisory lock was given back: another session takes it at once.
    let mut other = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    let free: bool = other
        .query_one("SELECT pg_try_advisory_lock(31652068182027617)", &[])
        .unwrap()
        .get(0);
    assert!(free);
}

#[test]
fn the_compiled_in_migrations_are_the_migrations_folder() {
    let embedded = paciolus_models::migrations().unwrap();
    let on_disk = pschema_migrate::dir::load(&repo().join("migrations")).unwrap();
    assert_eq!(embedded.migrations().len(), on_disk.len());
    for m in &on_disk {
        let e = embedded.get(m.id()).expect("every migration is compiled in");
        assert_eq!((&e.meta, &e.files), (&m.meta, &m.files));
    }
}

fn user(id: i32) -> Users {
    let at = chrono::NaiveDate::from_ymd_opt(2024, 2, 29)
        .unwrap()
        .and_hms_micro_opt(13, 45, 56, 120)
        .unwrap();
    Users {
        id,
        email: format!("user{id}@example.com"),
        hashed_password: "x".into(),
        name: None,
        is_active: true,
        is_verified: false,
        tier: paciolus_models::UserTier::Professional,
        organization_id: None,
        email_verification_sent_at: None,
        email_verified_at: None,
        pending_email: None,
        created_at: at,
        updated_at: at,
        last_login: None,
        password_changed_at: None,
        failed_login_attempts: 0,
        locked_until: None,
        is_superadmin: false,
        settings: "{}".into(),
    }
}

#[test]
fn values_are_stored_on_sqlite_as_sqlalchemy_stores_them() {
    use sqlite::Model;
    let mut conn = rusqlite::Connection::open_in_memory().unwrap();
    create_all(&mut conn).unwrap();
    user(1).insert(&conn).unwrap();
    let (created, is_active, is_verified, tier): (String, i64, i64, String) = conn
        .query_row("SELECT created_at, is_active, is_verified, tier FROM users", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })
        .unwrap();
    assert_eq!(created, "2024-02-29 13:45:56.000120");
    assert_eq!((is_active, is_verified), (1, 0));
    // usertier's labels are the Python members' names since 7d1f0c3a9e25.
    assert_eq!(tier, "PROFESSIONAL");
    // What SQLAlchemy and SQLite themselves write reads back too.
    conn.execute(
        "UPDATE users SET created_at = CURRENT_TIMESTAMP, updated_at = '2024-02-29 13:45:56', last_login = '2024-02-29'",
        [],
    )
    .unwrap();
    let back = <Users as sqlite::Keyed>::get(&conn, 1).unwrap().unwrap();
    assert_eq!(back.updated_at.to_string(), "2024-02-29 13:45:56");
    assert_eq!(back.last_login.unwrap().to_string(), "2024-02-29 00:00:00");
    conn.execute("UPDATE users SET tier = 'professional'", []).unwrap();
    let wrong = <Users as sqlite::Keyed>::get(&conn, 1).unwrap_err().to_string();
    assert!(
        wrong.contains("\"professional\" is not a label of enum type usertier"),
        "{wrong}"
    );
}

#[test]
fn the_database_numbers_new_keys() {
    use sqlite::Serial;
    let mut conn = rusqlite::Connection::open_in_memory().unwrap();
    create_all(&mut conn).unwrap();
    let mut first = user(100);
    assert_eq!(first.insert_new(&conn).unwrap(), 1);
    let mut second = user(101);
    assert_eq!(second.insert_new(&conn).unwrap(), 2);
    assert_eq!(second.id, 2);
    assert_eq!(<Users as sqlite::Keyed>::get(&conn, 2).unwrap(), Some(second));
    let Some(url) = support::postgres_url() else { return };
    let mut db = support::PgNamespace::new(&url, "serial");
    create_all(&mut db.client).unwrap();
    let mut first = user(0);
    assert_eq!(pg::Serial::insert_new(&mut first, &mut db.client).unwrap(), 1);
    assert_eq!(<Users as pg::Keyed>::get(&mut db.client, 1).unwrap(), Some(first));
}
