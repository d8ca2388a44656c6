//! Every rule: a migration that triggers it, and the safe form that does not.

use pschema_lint::{Finding, Input, RULES, Severity, failing, lint};
use pschema_migrate::dir::{Migration, MigrationMeta};
use pschema_sql::Dialect;
use std::collections::BTreeMap;
use std::path::PathBuf;

const BEFORE: &str = r#"
enum Tier "tier" {
  FREE
  PRO
}

table orgs {
  id Integer @id
}

table users {
  id      Integer @id
  email   String(100)
  name    String(50)?
  org_id  Integer?
  balance Numeric(10, 2)?
  score   Integer?
  tier    Tier?
}
"#;

/// The schema after: what the statements below would give (lint reads the
/// type changes from it).
const AFTER: &str = r#"
enum Tier "tier" {
  FREE
  PRO
  SOLO
}

table orgs {
  id Integer @id
}

table users {
  id      Integer @id
  email   String(200)
  name    Text?
  org_id  Integer?
  balance Numeric(19, 2)?
  score   BigInteger?
  tier    Tier?
}

table posts {
  id      Integer @id
  user_id Integer
}
"#;

fn migration(dialect: Dialect, up: &str, down: &str, destructive: bool, down_loses_data: bool) -> Migration {
    let dir = dialect.dir_name();
    let mut files = BTreeMap::new();
    files.insert(format!("{dir}/up.sql"), up.to_string());
    files.insert(format!("{dir}/down.sql"), down.to_string());
    Migration {
        meta: MigrationMeta {
            id: "aaaaaaaaaaaa".into(),
            parents: vec!["000000000000".into()],
            message: "test".into(),
            created: String::new(),
            destructive,
            down_loses_data,
            squashes: Vec::new(),
            squashed_checksums: BTreeMap::new(),
            checksums: BTreeMap::new(),
        },
        dir: PathBuf::from("migrations/aaaaaaaaaaaa_test"),
        files,
    }
}

fn findings_of(m: &Migration, dialect: Dialect, rows: Option<&BTreeMap<String, u64>>) -> Vec<Finding> {
    let parse = |text: &str| pschema_schema::parse_schema(text).expect("the test schemas are valid");
    let input = Input {
        migration: m,
        parents: vec![parse(BEFORE)],
        schema: Some(parse(AFTER)),
        row_counts: rows,
        runner_sets_lock_timeout: false,
    };
    lint(&input, &[dialect])
}

fn codes(dialect: Dialect, up: &str) -> Vec<&'static str> {
    findings_of(&migration(dialect, up, "", false, false), dialect, None)
        .iter()
        .map(|f| f.code)
        .collect()
}

/// `(code, statements that trigger it, the safe form)`, on PostgreSQL.
/// Each script sets a lock timeout first so that only the rule at hand
/// fires (P011 has its own case).
const POSTGRES: &[(&str, &str, &str)] = &[
    (
        "P001",
        "CREATE INDEX ix_users_email ON users (email);",
        "-- pschema:no-transaction\nCREATE INDEX CONCURRENTLY ix_users_email ON users (email);\nCREATE TABLE posts (id integer PRIMARY KEY, user_id integer NOT NULL);\nCREATE INDEX ix_posts_user_id ON posts (user_id);",
    ),
    (
        "P002",
        "ALTER TABLE users ADD CONSTRAINT fk_users_org FOREIGN KEY (org_id) REFERENCES orgs (id);",
        "ALTER TABLE users ADD CONSTRAINT fk_users_org FOREIGN KEY (org_id) REFERENCES orgs (id) NOT VALID;\n-- pschema:step\nALTER TABLE users VALIDATE CONSTRAINT fk_users_org;",
    ),
    (
        "P003",
        "ALTER TABLE users ADD CONSTRAINT ck_score CHECK (score >= 0);",
        "ALTER TABLE users ADD CONSTRAINT ck_score CHECK (score >= 0) NOT VALID;\n-- pschema:step\nALTER TABLE users VALIDATE CONSTRAINT ck_score;",
    ),
    (
        "P004",
        "ALTER TABLE users ALTER COLUMN name SET NOT NULL;",
        "ALTER TABLE users ADD CONSTRAINT ck_name_nn CHECK (name IS NOT NULL) NOT VALID;\n-- pschema:step\nALTER TABLE users VALIDATE CONSTRAINT ck_name_nn;\n-- pschema:step\nALTER TABLE users ALTER COLUMN name SET NOT NULL;\nALTER TABLE users DROP CONSTRAINT ck_name_nn;",
    ),
    (
        "P005",
        "ALTER TABLE users ADD CONSTRAINT uq_users_email UNIQUE (email);",
        "ALTER TABLE users ADD CONSTRAINT uq_users_email UNIQUE USING INDEX ix_users_email_unique;",
    ),
    (
        "P006",
        "ALTER TABLE users ALTER COLUMN score TYPE BIGINT;",
        "ALTER TABLE users ALTER COLUMN email TYPE VARCHAR(200) USING email::VARCHAR(200);\nALTER TABLE users ALTER COLUMN name TYPE TEXT;\nALTER TABLE users ALTER COLUMN balance TYPE NUMERIC(19, 2);",
    ),
    (
        "P007",
        "ALTER TABLE users ADD COLUMN token uuid DEFAULT gen_random_uuid();",
        "ALTER TABLE users ADD COLUMN joined timestamp DEFAULT now();",
    ),
    (
        "P008",
        "ALTER TABLE users RENAME COLUMN name TO full_name;",
        "ALTER TABLE users ADD COLUMN full_name varchar(50);",
    ),
    (
        "P009",
        "ALTER TABLE users DROP COLUMN score;",
        "ALTER TABLE users ALTER COLUMN score DROP NOT NULL;",
    ),
    (
        "P010",
        "ALTER TYPE tier ADD VALUE 'SOLO';\nUPDATE users SET tier = 'SOLO' WHERE tier = 'PRO';",
        "-- pschema:no-transaction\nALTER TYPE tier ADD VALUE 'SOLO';\nUPDATE users SET tier = 'SOLO' WHERE tier = 'PRO';",
    ),
    ("P012", "VACUUM FULL users;", "VACUUM users;"),
    (
        "P013",
        "UPDATE users SET email = lower(email);",
        "UPDATE users SET email = lower(email) WHERE id BETWEEN 1 AND 1000;",
    ),
    (
        "M004",
        "GRANT SELECT ON users TO reporting;",
        "INSERT INTO orgs (id) VALUES (1);",
    ),
];

#[test]
fn each_postgres_rule_fires_on_its_case_and_not_on_the_safe_form() {
    for (code, bad, safe) in POSTGRES {
        let with_timeout = |sql: &str| format!("SET lock_timeout = '2s';\n{sql}\n");
        let found = codes(Dialect::Postgres, &with_timeout(bad));
        assert!(found.contains(code), "{code} should fire on:\n{bad}\nfound {found:?}");
        let found = codes(Dialect::Postgres, &with_timeout(safe));
        assert!(
            !found.contains(code),
            "{code} should not fire on:\n{safe}\nfound {found:?}"
        );
    }
}

#[test]
fn not_valid_is_safe_only_with_a_validate_in_a_later_transaction() {
    let with_timeout = |sql: &str| format!("SET lock_timeout = '2s';\n{sql}\n");
    let add_fk = "ALTER TABLE users ADD CONSTRAINT fk_users_org FOREIGN KEY (org_id) REFERENCES orgs (id) NOT VALID;";
    let add_ck = "ALTER TABLE users ADD CONSTRAINT ck_score CHECK (score >= 0) NOT VALID;";
    for (code, add, name) in [("P002", add_fk, "fk_users_org"), ("P003", add_ck, "ck_score")] {
        let validate = format!("ALTER TABLE users VALIDATE CONSTRAINT {name};");
        let same = codes(Dialect::Postgres, &with_timeout(&format!("{add}\n{validate}")));
        assert!(same.contains(&code), "{code}, validated in its transaction: {same:?}");
        let never = codes(Dialect::Postgres, &with_timeout(add));
        assert!(never.contains(&code), "{code}, never validated: {never:?}");
        let later = codes(
            Dialect::Postgres,
            &with_timeout(&format!("{add}\n-- pschema:step\n{validate}")),
        );
        assert!(!later.contains(&code), "{code}, validated later: {later:?}");
    }
}

#[test]
fn the_runners_lock_timeout_counts_and_turning_it_off_is_found() {
    let parse = |text: &str| pschema_schema::parse_schema(text).expect("the test schemas are valid");
    let found = |up: &str| -> Vec<&'static str> {
        let m = migration(Dialect::Postgres, up, "", false, false);
        let input = Input {
            migration: &m,
            parents: vec![parse(BEFORE)],
            schema: Some(parse(AFTER)),
            row_counts: None,
            runner_sets_lock_timeout: true,
        };
        lint(&input, &[Dialect::Postgres]).iter().map(|f| f.code).collect()
    };
    let alter = "ALTER TABLE users ADD COLUMN a integer;\n";
    assert!(!found(alter).contains(&"P011"));
    for off in [
        "SET lock_timeout = 0;",
        "RESET lock_timeout;",
        "SET lock_timeout TO DEFAULT;",
    ] {
        assert!(found(&format!("{off}\n{alter}")).contains(&"P011"), "{off}");
    }
}

#[test]
fn a_lock_without_a_timeout_is_found_once_and_a_timeout_first_silences_it() {
    let bad = "ALTER TABLE users ADD COLUMN a integer;\nALTER TABLE users ADD COLUMN b integer;\n";
    let found = codes(Dialect::Postgres, bad);
    assert_eq!(found.iter().filter(|c| **c == "P011").count(), 1, "{found:?}");
    let safe = format!("SET lock_timeout = '2s';\n{bad}");
    assert!(!codes(Dialect::Postgres, &safe).contains(&"P011"));
    // A table the migration creates takes no lock anyone waits for.
    let new_table = "CREATE TABLE posts (id integer PRIMARY KEY);\nALTER TABLE posts ADD COLUMN c integer;\n";
    assert!(!codes(Dialect::Postgres, new_table).contains(&"P011"));
}

#[test]
fn tables_created_in_the_migration_are_not_live() {
    let sql = "SET lock_timeout = '2s';\nCREATE TABLE posts (id integer PRIMARY KEY, user_id integer);\n\
               CREATE INDEX ix_posts ON posts (user_id);\n\
               ALTER TABLE posts ADD CONSTRAINT fk FOREIGN KEY (user_id) REFERENCES users (id);\n\
               UPDATE posts SET user_id = 1;\n";
    assert_eq!(codes(Dialect::Postgres, sql), Vec::<&str>::new());
}

#[test]
fn destructive_and_lossy_downs_are_found_on_both_dialects() {
    for dialect in Dialect::ALL {
        let m = migration(
            dialect,
            "ALTER TABLE users DROP COLUMN score;\n",
            "ALTER TABLE users ADD COLUMN score integer;\nDROP TABLE posts;\n",
            true,
            true,
        );
        let found = findings_of(&m, dialect, None);
        let m001 = found.iter().find(|f| f.code == "M001").expect("M001");
        assert_eq!((m001.direction, m001.line), ("up", 1));
        let m002 = found.iter().find(|f| f.code == "M002").expect("M002");
        assert_eq!((m002.direction, m002.line), ("down", 2));
        let safe = migration(dialect, "ALTER TABLE users ADD COLUMN x integer;\n", "", false, false);
        let found = findings_of(&safe, dialect, None);
        assert!(!found.iter().any(|f| f.code == "M001" || f.code == "M002"), "{found:?}");
    }
}

#[test]
fn a_sqlite_rebuild_is_reported_with_its_row_count() {
    let up = "-- pschema:rebuild users\nCREATE TABLE _pschema_new_users (id INTEGER NOT NULL, PRIMARY KEY (id));\n\
              INSERT INTO _pschema_new_users (id) SELECT id FROM users;\nDROP TABLE users;\n\
              ALTER TABLE _pschema_new_users RENAME TO users;\n-- pschema:end-rebuild users\n";
    let m = migration(Dialect::Sqlite, up, "", false, false);
    let rows = BTreeMap::from([("users".to_string(), 1234)]);
    let found = findings_of(&m, Dialect::Sqlite, Some(&rows));
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].code, "M003");
    assert!(found[0].effect.contains("1234 rows"), "{}", found[0].effect);
    let plain = migration(
        Dialect::Sqlite,
        "ALTER TABLE users ADD COLUMN x INTEGER;\n",
        "",
        false,
        false,
    );
    assert!(findings_of(&plain, Dialect::Sqlite, None).is_empty());
}

#[test]
fn hand_written_procedural_code_is_reported_as_not_analysed() {
    let up = "SET lock_timeout = '2s';\n-- pschema:data\nDO $$ BEGIN UPDATE users SET score = 0; END $$;\n-- pschema:end-data\n";
    assert_eq!(codes(Dialect::Postgres, up), vec!["M004"]);
}

#[test]
fn a_lint_ignore_with_a_reason_accepts_its_finding_and_still_reports_it() {
    let up = "SET lock_timeout = '2s';\n-- pschema:lint-ignore P001 users has 40 rows in production\nCREATE INDEX ix ON users (email);\nCREATE INDEX ix2 ON users (name);\n";
    let m = migration(Dialect::Postgres, up, "", false, false);
    let found = findings_of(&m, Dialect::Postgres, None);
    let p001: Vec<&Finding> = found.iter().filter(|f| f.code == "P001").collect();
    assert_eq!(p001.len(), 2);
    assert_eq!(p001[0].accepted.as_deref(), Some("users has 40 rows in production"));
    assert_eq!(p001[1].accepted, None, "an ignore covers the next statement only");
    assert_eq!(failing(&found, Severity::Error), 1);
}

#[test]
fn a_lint_ignore_without_a_reason_or_a_known_code_is_itself_an_error() {
    let up = "SET lock_timeout = '2s';\n-- pschema:lint-ignore P001\nCREATE INDEX ix ON users (email);\n-- pschema:lint-ignore X999 because\nSELECT 1;\n";
    let m = migration(Dialect::Postgres, up, "", false, false);
    let found = findings_of(&m, Dialect::Postgres, None);
    let p001 = found.iter().find(|f| f.code == "P001").expect("P001");
    assert_eq!(p001.accepted, None);
    let bad: Vec<usize> = found.iter().filter(|f| f.code == "M005").map(|f| f.line).collect();
    assert_eq!(bad, vec![2, 4]);
}

#[test]
fn every_rule_is_documented_with_an_example() {
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/lint.md")).unwrap_or_default();
    for rule in RULES {
        let heading = format!("### {} {}", rule.code, rule.name);
        let at = doc
            .find(&heading)
            .unwrap_or_else(|| panic!("docs/lint.md has no `{heading}`"));
        let section = &doc[at..];
        let end = section[heading.len()..]
            .find("\n### ")
            .map_or(section.len(), |e| e + heading.len());
        assert!(
            section[..end].contains("```sql"),
            "docs/lint.md: {heading} has no example"
        );
    }
}
