//! The fixtures' generated models compile (they are modules of this test,
//! as `cargo xtask codegen` writes them), are what the generator gives now,
//! and work: every table's row, with every column filled and then with NULL
//! in every nullable column, goes through insert, get, update, delete and
//! back on in-memory SQLite and on PostgreSQL, built by `create_all`.

mod support;

#[rustfmt::skip]
#[path = "data/every_type/rust/mod.rs"]
#[allow(dead_code)]
mod every_type;

#[rustfmt::skip]
#[path = "data/awkward_names/rust/mod.rs"]
#[allow(dead_code)]
mod awkward_names;

use std::path::Path;

fn fixture_schema(name: &str) -> pschema_schema::Schema {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
        .join("schema.pschema");
    pschema_schema::parse_schema(&std::fs::read_to_string(path).unwrap()).expect("a valid fixture")
}

mod every_type_round_trip {
    use super::*;
    crate::round_trips!(crate::every_type::runtime);

    #[test]
    fn every_type_goes_through_the_models_on_sqlite() {
        let schema = fixture_schema("every_type");
        let mut conn = rusqlite::Connection::open_in_memory().unwrap();
        crate::every_type::create_all(&mut conn).unwrap();
        let mut visitor = SqliteRoundTrip::new(&conn, &schema);
        crate::every_type::visit(&mut visitor);
        assert_eq!(visitor.tables.len(), schema.tables.len());
        visitor.finish();
    }

    #[test]
    fn every_type_goes_through_the_models_on_postgres() {
        let Some(url) = support::postgres_url() else { return };
        let schema = fixture_schema("every_type");
        let mut db = support::PgNamespace::new(&url, "every_type");
        crate::every_type::create_all(&mut db.client).unwrap();
        let mut visitor = PostgresRoundTrip::new(&mut db.client, &schema);
        crate::every_type::visit(&mut visitor);
        assert_eq!(visitor.tables.len(), schema.tables.len());
        visitor.finish();
    }
}

mod awkward_names_round_trip {
    use super::*;
    crate::round_trips!(crate::awkward_names::runtime);

    #[test]
    fn keywords_and_case_collisions_work_on_sqlite() {
        let schema = fixture_schema("awkward_names");
        let mut conn = rusqlite::Connection::open_in_memory().unwrap();
        crate::awkward_names::create_all(&mut conn).unwrap();
        let mut visitor = SqliteRoundTrip::new(&conn, &schema);
        crate::awkward_names::visit(&mut visitor);
        visitor.finish();
        // The names as Rust spells them.
        let row = crate::awkward_names::Type {
            id: 1,
            r#match: crate::awkward_names::Kind::Type,
            self_: None,
            class: None,
            from: None,
        };
        assert_eq!(crate::awkward_names::tables::r#type::columns::MATCH, "match");
        assert_eq!(serde_json::to_value(&row).unwrap()["self"], serde_json::Value::Null);
    }

    #[test]
    fn keywords_and_case_collisions_work_on_postgres() {
        let Some(url) = support::postgres_url() else { return };
        let schema = fixture_schema("awkward_names");
        let mut db = support::PgNamespace::new(&url, "awkward_names");
        crate::awkward_names::create_all(&mut db.client).unwrap();
        let mut visitor = PostgresRoundTrip::new(&mut db.client, &schema);
        crate::awkward_names::visit(&mut visitor);
        visitor.finish();
    }
}

#[test]
fn the_enum_codec_refuses_another_type_on_postgres() {
    use every_type::runtime::postgres::Model;
    let Some(url) = support::postgres_url() else { return };
    let mut db = support::PgNamespace::new(&url, "enum_codec");
    // A type of the same name with another label set, and a text column.
    db.client
        .batch_execute("CREATE TYPE mood AS ENUM ('HAPPY', 'SAD'); CREATE TABLE t (m mood, s text)")
        .unwrap();
    db.client
        .execute("INSERT INTO t VALUES ('HAPPY', 'HAPPY')", &[])
        .unwrap();
    let row = db.client.query_one("SELECT m, s FROM t", &[]).unwrap();
    let wrong_labels = format!("{:?}", row.try_get::<_, every_type::Mood>(0).unwrap_err());
    assert!(wrong_labels.contains("WrongType"), "{wrong_labels}");
    assert!(
        row.try_get::<_, every_type::Mood>(1).is_err(),
        "text is not the enum type"
    );
    let error = db
        .client
        .execute("INSERT INTO t (m) VALUES ($1)", &[&every_type::Mood::Sad])
        .unwrap_err();
    assert!(format!("{error:?}").contains("WrongType"), "{error:?}");
    let _ = every_type::EveryType::all(&mut db.client).unwrap_err();
}

#[test]
fn labels_display_and_parse_exactly() {
    use every_type::Mood;
    assert_eq!(Mood::SoSo.to_string(), "so-so");
    assert_eq!("so-so".parse::<Mood>(), Ok(Mood::SoSo));
    let error = "happy".parse::<Mood>().unwrap_err();
    assert_eq!(error.to_string(), "\"happy\" is not a label of enum type mood");
    assert_eq!(Mood::LABELS, ["HAPPY", "SAD", "so-so"]);
    let conn = rusqlite::Connection::open_in_memory().unwrap();
    let read: Result<Mood, _> = conn.query_row("SELECT 'SAD'", [], |r| r.get(0));
    assert_eq!(read.unwrap(), Mood::Sad);
    let wrong: Result<Mood, _> = conn.query_row("SELECT 'sad'", [], |r| r.get(0));
    assert!(wrong.is_err());
}

/// SQLAlchemy 2.0's `metadata.create_all` from the fixture's generated module
/// builds what the fixture's `create_all` (the planner's SQL) builds: on
/// SQLite the very same CREATE statements, on PostgreSQL the same catalogs.
fn sqlalchemy_builds_what_pschema_builds(
    name: &str,
    create_all_sqlite: fn(&mut rusqlite::Connection),
    create_all_postgres: fn(&mut postgres::Client),
) {
    let Some(python) = support::python() else { return };
    let module = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
        .join(format!("{name}.py"));
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("sqlalchemy.db");
    support::sqlalchemy_create_all(&python, &module, &format!("sqlite:///{}", path.display()), None);
    let by_sqlalchemy = rusqlite::Connection::open(&path).unwrap();
    let mut by_pschema = rusqlite::Connection::open_in_memory().unwrap();
    create_all_sqlite(&mut by_pschema);
    assert_eq!(
        support::sqlite_master(&by_sqlalchemy),
        support::sqlite_master(&by_pschema),
        "{name} on SQLite"
    );
    let Some(url) = support::postgres_url() else { return };
    let mut sqlalchemy = support::PgNamespace::new(&url, &format!("{name}_sqlalchemy"));
    support::sqlalchemy_create_all(&python, &module, &url, Some(&sqlalchemy.name));
    let mut pschema = support::PgNamespace::new(&url, &format!("{name}_pschema"));
    create_all_postgres(&mut pschema.client);
    let (expected, found) = (pschema.introspect(), sqlalchemy.introspect());
    assert_eq!(
        pschema_migrate::db_schema::differences(&expected, &found),
        Vec::<String>::new(),
        "{name} on PostgreSQL"
    );
    assert_eq!(expected, found);
}

#[test]
fn sqlalchemy_builds_every_type_as_pschema_does() {
    sqlalchemy_builds_what_pschema_builds(
        "every_type",
        |conn| every_type::create_all(conn).unwrap(),
        |client| every_type::create_all(client).unwrap(),
    );
}

#[test]
fn sqlalchemy_builds_awkward_names_as_pschema_does() {
    sqlalchemy_builds_what_pschema_builds(
        "awkward_names",
        |conn| awkward_names::create_all(conn).unwrap(),
        |client| awkward_names::create_all(client).unwrap(),
    );
}
