//! The `pschema` binary on a real PostgreSQL server. Each test works in a
//! fresh database of its own, dropped afterwards. The server comes from
//! `PSCHEMA_TEST_POSTGRES_URL`; locally the tests skip without it, under
//! `CI=true` they must run (`.ci/run` sets it).

mod common;

use common::*;
use std::path::Path;

fn on(db: &Database, p: &Path, args: &[&str]) -> String {
    let mut all = vec!["--database-url", db.url.as_str()];
    all.extend_from_slice(args);
    ok(p, &all)
}

#[test]
fn the_baseline_equals_what_alembic_creates_on_postgres() {
    let Some(server) = server() else { return };
    let db = Database::new(&server, "baseline");
    let project = scratch_project();
    let out = on(&db, project.path(), &["upgrade", "head"]);
    assert!(out.contains("Applied e2f21cb79a61"), "{out}");
    assert_eq!(on(&db, project.path(), &["current"]), "e2f21cb79a61 (head)\n");

    let reference_path = repo_root().join("tests/data/reference/paciolus-v1.2.0/postgres/catalog.json");
    let reference: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(reference_path).unwrap()).unwrap();
    let ours = pschema_driver::postgres::introspect::read(&mut db.client(), "public").unwrap();
    let ours = serde_json::to_value(&ours).unwrap();
    let tables = reference["tables"].as_object().unwrap();
    assert_eq!(tables.len(), 9);
    for (name, expected) in tables {
        let actual = &ours["tables"][name];
        for part in ["columns", "indexes", "foreign_keys", "checks"] {
            assert_eq!(actual[part], expected[part], "{part} of {name}");
        }
    }
    assert_eq!(ours["enums"], reference["enums"], "enum types and their labels");
}

#[test]
fn upgrade_downgrade_and_current_on_postgres() {
    let Some(server) = server() else { return };
    let db = Database::new(&server, "updown");
    let project = scratch_project();
    let p = project.path();
    on(&db, p, &["upgrade", "head"]);
    assert!(on(&db, p, &["upgrade", "head"]).starts_with("Nothing to upgrade"));
    on(&db, p, &["downgrade", "base"]);
    assert_eq!(on(&db, p, &["current"]), "");
    let mut client = db.client();
    let left: i64 = client
        .query_one("SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename NOT IN ('alembic_version', 'pschema_history', 'pschema_progress')", &[])
        .unwrap()
        .get(0);
    assert_eq!(left, 0);
    let types: i64 = client
        .query_one("SELECT count(*) FROM pg_type WHERE typtype = 'e'", &[])
        .unwrap()
        .get(0);
    assert_eq!(types, 0, "the enum types are gone too");
    on(&db, p, &["upgrade", "+1"]);
    assert_eq!(on(&db, p, &["current"]), "e2f21cb79a61 (head)\n");
}

/// Paciolus's own kinds of change, with rows in the tables: an enum label
/// added, renamed and removed; Float to Numeric(19, 2); a NOT NULL column
/// added with a server default.
#[test]
fn changes_with_rows_keep_every_row_on_postgres() {
    let Some(server) = server() else { return };
    let db = Database::new(&server, "rows");
    let project = scratch_project();
    let p = project.path();
    on(&db, p, &["upgrade", "head"]);
    let mut client = db.client();
    client
        .batch_execute(
            "INSERT INTO users (email, hashed_password, tier) VALUES ('a@x', 'h', 'FREE'), ('b@x', 'h', 'PROFESSIONAL'), ('c@x', 'h', 'ENTERPRISE');
             INSERT INTO activity_logs (user_id, filename_hash, record_count, total_debits, total_credits, materiality_threshold, was_balanced)
             SELECT id, 'h' || id, 1, 1234.5, 99.25, 10.0, true FROM users;",
        )
        .unwrap();

    // Add a label, rename one, and move money to Numeric; add a NOT NULL column with a default.
    edit_schema(p, "  ENTERPRISE\n", "  ENTERPRISE\n  STARTER\n");
    edit_schema(p, "  PROFESSIONAL\n", "  TEAM @renamed_from(PROFESSIONAL)\n");
    edit_schema(
        p,
        "  total_debits          Float\n",
        "  total_debits          Numeric(19, 2)\n",
    );
    edit_schema(
        p,
        "  sheet_count           Integer?\n",
        "  sheet_count           Integer?\n  source                String(20)   @default(\"upload\")\n",
    );
    ok(
        p,
        &[
            "revision",
            "--autogenerate",
            "-m",
            "tiers and money",
            "--rev-id",
            "aaaaaaaaaaa1",
            "--allow-destructive",
        ],
    );
    let up = std::fs::read_to_string(p.join("migrations/aaaaaaaaaaa1_tiers_and_money/postgres/up.sql")).unwrap();
    assert!(
        up.contains("ALTER TYPE usertier RENAME VALUE 'PROFESSIONAL' TO 'TEAM'"),
        "{up}"
    );
    assert!(
        up.contains("ALTER TYPE usertier ADD VALUE IF NOT EXISTS 'STARTER' AFTER 'ENTERPRISE'"),
        "{up}"
    );
    assert!(up.contains("USING total_debits::NUMERIC(19, 2)"), "{up}");
    on(&db, p, &["upgrade", "head"]);
    let tiers: Vec<String> = client
        .query("SELECT tier::text FROM users ORDER BY id", &[])
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(tiers, ["FREE", "TEAM", "ENTERPRISE"]);
    let rows = client
        .query("SELECT total_debits::text, source FROM activity_logs ORDER BY id", &[])
        .unwrap();
    assert_eq!(rows.len(), 3);
    for row in rows {
        assert_eq!(
            (row.get::<_, String>(0), row.get::<_, String>(1)),
            ("1234.50".to_string(), "upload".to_string())
        );
    }

    // Remove a label no row uses: the type is swapped, every row kept.
    edit_schema(p, "  ENTERPRISE\n  STARTER\n", "  ENTERPRISE\n");
    ok(
        p,
        &[
            "revision",
            "--autogenerate",
            "-m",
            "no starter",
            "--rev-id",
            "aaaaaaaaaaa2",
            "--allow-destructive",
        ],
    );
    on(&db, p, &["upgrade", "head"]);
    let labels: Vec<String> = client
        .query("SELECT unnest(enum_range(NULL::usertier))::text", &[])
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(labels, ["FREE", "TEAM", "ENTERPRISE"]);
    let users: i64 = client.query_one("SELECT count(*) FROM users", &[]).unwrap().get(0);
    assert_eq!(users, 3);

    // Removing a label a row still uses fails and changes nothing.
    edit_schema(p, "  ENTERPRISE\n", "");
    ok(
        p,
        &[
            "revision",
            "--autogenerate",
            "-m",
            "no enterprise",
            "--rev-id",
            "aaaaaaaaaaa3",
            "--allow-destructive",
        ],
    );
    let mut args = vec!["--database-url", db.url.as_str()];
    args.extend(["upgrade", "head"]);
    let err = fails(p, &args);
    assert!(err.contains("migration aaaaaaaaaaa3 failed"), "{err}");
    assert!(
        err.contains("invalid input value for enum usertier: \"ENTERPRISE\""),
        "{err}"
    );
    assert_eq!(on(&db, p, &["current"]), "aaaaaaaaaaa2\n");

    // And all the way down again, rows kept where the schema keeps them.
    on(&db, p, &["downgrade", "e2f21cb79a61"]);
    let tiers: Vec<String> = client
        .query("SELECT tier::text FROM users ORDER BY id", &[])
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(tiers, ["FREE", "PROFESSIONAL", "ENTERPRISE"]);
    let debits: Vec<f64> = client
        .query("SELECT total_debits FROM activity_logs", &[])
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(debits, [1234.5, 1234.5, 1234.5]);
}

#[test]
fn eight_runners_at_once_on_postgres() {
    let Some(server) = server() else { return };
    let db = Database::new(&server, "concurrent");
    let project = scratch_project();
    let p = project.path();
    edit_schema(
        p,
        "  settings                   String(2000)?\n}",
        "  settings                   String(2000)?\n  locale                     String(10)?\n}",
    );
    ok(
        p,
        &["revision", "--autogenerate", "-m", "locale", "--rev-id", "111111111111"],
    );
    let children: Vec<_> = (0..8)
        .map(|_| {
            std::process::Command::new(env!("CARGO_BIN_EXE_pschema"))
                .current_dir(p)
                .args(["--database-url", &db.url, "upgrade", "head"])
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let outputs: Vec<_> = children.into_iter().map(|c| c.wait_with_output().unwrap()).collect();
    for out in &outputs {
        assert!(out.status.success(), "{}{}", stdout(out), stderr(out));
    }
    let applied: usize = outputs.iter().map(|o| stdout(o).matches("Applied ").count()).sum();
    assert_eq!(applied, 2);
    let ups: i64 = db
        .client()
        .query_one("SELECT count(*) FROM pschema_history WHERE direction = 'up'", &[])
        .unwrap()
        .get(0);
    assert_eq!(ups, 2, "each migration recorded once");
}

#[test]
fn a_killed_runner_leaves_a_clean_database_on_postgres() {
    let Some(server) = server() else { return };
    let project = scratch_project();
    let p = project.path();
    ok(p, &["revision", "-m", "load", "--rev-id", "100000000000"]);
    let up = p.join("migrations/100000000000_load/postgres/up.sql");
    let text = std::fs::read_to_string(&up).unwrap();
    std::fs::write(
        &up,
        format!(
            "{text}INSERT INTO users (email, hashed_password, tier) \
             SELECT 'u' || i || '@x', 'h', 'FREE' FROM generate_series(1, 300000) AS i;\n"
        ),
    )
    .unwrap();
    ok(p, &["hash"]);
    edit_schema(
        p,
        "  name                       String(100)?\n",
        "  name                       String(200)?\n",
    );
    ok(
        p,
        &[
            "revision",
            "--autogenerate",
            "-m",
            "longer names",
            "--rev-id",
            "200000000000",
        ],
    );
    for (trial, delay_ms) in [50u64, 300, 700, 1500, 4000].into_iter().enumerate() {
        let db = Database::new(&server, &format!("crash{trial}"));
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_pschema"))
            .current_dir(p)
            .args(["--database-url", &db.url, "upgrade", "head"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        child.kill().ok();
        child.wait().unwrap();
        let current = on(&db, p, &["current"]);
        let users: i64 = db
            .client()
            .query_one("SELECT count(*) FROM users", &[])
            .map(|r| r.get(0))
            .unwrap_or(-1);
        match current.as_str() {
            "" => {}
            "e2f21cb79a61\n" => assert_eq!(users, 0, "trial {trial}"),
            _ => assert_eq!(users, 300_000, "trial {trial}: at {current}"),
        }
        on(&db, p, &["upgrade", "head"]);
        assert_eq!(on(&db, p, &["current"]), "200000000000 (head)\n", "trial {trial}");
        let users: i64 = db.client().query_one("SELECT count(*) FROM users", &[]).unwrap().get(0);
        assert_eq!(users, 300_000, "trial {trial}");
    }
}

/// pschema's own connection, from a URL as a user writes it.
fn connect(url: &str) -> Result<postgres::Client, pschema_migrate::Error> {
    match pschema_driver::DatabaseUrl::parse(url)? {
        pschema_driver::DatabaseUrl::Postgres(url) => pschema_driver::postgres::connect::connect(&url),
        other => panic!("not a PostgreSQL URL: {other:?}"),
    }
}

#[test]
fn tls_follows_sslmode_like_libpq() {
    let Some(server) = server() else { return };
    let mut admin = postgres::Client::connect(&server, postgres::NoTls).unwrap();
    let ssl: String = admin.query_one("SHOW ssl", &[]).unwrap().get(0);
    if ssl != "on" {
        eprintln!("the test server has ssl = {ssl}: skipping");
        return;
    }
    let with = |mode: &str| {
        let sep = if server.contains('?') { '&' } else { '?' };
        format!("{server}{sep}sslmode={mode}")
    };
    let mut client = connect(&with("require")).unwrap();
    let encrypted: bool = client
        .query_one("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()", &[])
        .unwrap()
        .get(0);
    assert!(encrypted, "sslmode=require encrypts");
    let mut client = connect(&with("disable")).unwrap();
    let encrypted: bool = client
        .query_one("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()", &[])
        .unwrap()
        .get(0);
    assert!(!encrypted, "sslmode=disable does not");
    // The test server's certificate is self-signed: verify-full against the
    // public roots must refuse it.
    let Err(err) = connect(&with("verify-full&sslrootcert=system")) else {
        panic!("verify-full accepted a self-signed certificate")
    };
    let err = err.to_string();
    assert!(err.contains("invalid peer certificate: UnknownIssuer"), "{err}");
    assert!(!err.contains("password"), "{err}");
    // As in libpq, verify-* without a root certificate is an error, not a
    // silent fall-back to the public roots.
    if std::env::var_os("HOME").is_some_and(|home| !Path::new(&home).join(".postgresql/root.crt").exists()) {
        let Err(err) = connect(&with("verify-ca")) else {
            panic!("verify-ca without a root certificate connected")
        };
        assert!(
            err.to_string().contains("sslmode=verify-ca needs a root certificate"),
            "{err}"
        );
    }
}

#[test]
fn a_new_label_can_be_used_in_its_migration_and_a_half_applied_one_resumes() {
    let Some(server) = server() else { return };
    let db = Database::new(&server, "notx");
    let project = scratch_project();
    let p = project.path();
    on(&db, p, &["upgrade", "head"]);
    // ADD VALUE runs before the migration's transaction: the new label is
    // usable in the same migration (PostgreSQL refuses that inside one).
    edit_schema(p, "  ENTERPRISE\n", "  ENTERPRISE\n  STARTER\n");
    edit_schema(
        p,
        "  tier                       UserTier\n",
        "  tier                       UserTier      @default(STARTER)\n",
    );
    ok(
        p,
        &[
            "revision",
            "--autogenerate",
            "-m",
            "starter by default",
            "--rev-id",
            "aaaaaaaaaaa1",
        ],
    );
    let up = std::fs::read_to_string(p.join("migrations/aaaaaaaaaaa1_starter_by_default/postgres/up.sql")).unwrap();
    assert!(
        up.contains("-- pschema:no-transaction\nALTER TYPE usertier ADD VALUE IF NOT EXISTS 'STARTER'"),
        "{up}"
    );
    on(&db, p, &["upgrade", "head"]);
    db.client()
        .batch_execute("INSERT INTO users (email, hashed_password) VALUES ('d@x', 'h')")
        .unwrap();

    // A migration whose transaction fails after a statement outside it ran:
    // that step is recorded, and the next run, once the failing step is
    // mended, resumes after it.
    ok(p, &["revision", "-m", "half", "--rev-id", "bbbbbbbbbbb1"]);
    let path = p.join("migrations/bbbbbbbbbbb1_half/postgres/up.sql");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, format!("{text}-- pschema:no-transaction\nALTER TYPE usertier ADD VALUE IF NOT EXISTS 'TEAM';\n\nSELECT * FROM no_such_table;\n")).unwrap();
    ok(p, &["hash"]);
    let args = ["--database-url", db.url.as_str(), "upgrade", "head"];
    let err = fails(p, &args);
    assert!(err.contains("steps 1 to 1 had committed"), "{err}");
    std::fs::write(
        &path,
        format!("{text}-- pschema:no-transaction\nALTER TYPE usertier ADD VALUE IF NOT EXISTS 'TEAM';\n"),
    )
    .unwrap();
    ok(p, &["hash"]);
    ok(p, &args);
    assert_eq!(on(&db, p, &["current"]), "bbbbbbbbbbb1 (head)\n");
}

/// What Alembic itself sent to PostgreSQL for the baseline.
fn alembic_baseline(db: &Database, with_version_table: bool) {
    let sql =
        std::fs::read_to_string(repo_root().join("tests/data/reference/paciolus-v1.2.0/postgres/alembic-emitted.sql"))
            .unwrap();
    let sql: String = if with_version_table {
        sql
    } else {
        let without: Vec<&str> = sql.split(";\n").filter(|s| !s.contains("alembic_version")).collect();
        without.join(";\n")
    };
    db.client().batch_execute(&sql).unwrap();
}

#[test]
fn adoption_stamp_and_check_on_postgres() {
    let Some(server) = server() else { return };
    let project = scratch_project();
    let p = project.path();

    // A database Alembic manages is adopted as it stands.
    let db = Database::new(&server, "adopt");
    alembic_baseline(&db, true);
    let out = on(&db, p, &["upgrade", "head"]);
    assert!(out.starts_with("Adopted e2f21cb79a61"), "{out}");
    assert!(on(&db, p, &["check"]).contains("The database matches the schema of its revision"));
    db.client()
        .batch_execute("ALTER TABLE users ADD COLUMN nickname VARCHAR(20); DROP INDEX ix_users_id")
        .unwrap();
    let mut args = vec!["--database-url", db.url.as_str(), "check"];
    let err = drifts(p, &args);
    assert!(err.contains("table users: column nickname is not expected"), "{err}");
    assert!(err.contains("table users: index ix_users_id is missing"), "{err}");

    // Tables without a version: stamp checks them against the snapshot first.
    let bare = Database::new(&server, "stamp");
    alembic_baseline(&bare, false);
    args = vec!["--database-url", bare.url.as_str(), "upgrade", "head"];
    assert!(fails(p, &args).contains("record that with `pschema stamp <revision>`"));
    assert_eq!(
        on(&bare, p, &["stamp", "e2f21cb79a61"]),
        "Stamped: the database is now at e2f21cb79a61.\n"
    );
    on(&bare, p, &["check"]);
    bare.client()
        .batch_execute("ALTER TABLE clients DROP COLUMN settings")
        .unwrap();
    on(&bare, p, &["stamp", "base", "--purge", "--force"]);
    args = vec!["--database-url", bare.url.as_str(), "stamp", "e2f21cb79a61"];
    let err = fails(p, &args);
    assert!(err.contains("table clients: column settings is missing"), "{err}");
}

#[test]
fn offline_sql_for_postgres_runs_on_postgres() {
    let Some(server) = server() else { return };
    let db = Database::new(&server, "offline");
    let project = scratch_project();
    let p = project.path();
    let sql = on(&db, p, &["upgrade", "head", "--sql"]);
    assert!(
        sql.contains("CREATE TYPE usertier AS ENUM"),
        "PostgreSQL's SQL for a postgresql:// URL"
    );
    db.client().batch_execute(&sql).unwrap();
    assert_eq!(on(&db, p, &["current"]), "e2f21cb79a61 (head)\n");
    on(&db, p, &["check"]);
}

/// libpq's `verify-ca` checks that the certificate chains to `sslrootcert`
/// and nothing else; `verify-full` also checks its name against the host.
/// The test server's certificate is issued for `localhost`, and the test
/// connects to 127.0.0.1.
#[test]
fn verify_ca_checks_the_chain_and_verify_full_the_name_too() {
    let Some(server) = server() else { return };
    let mut admin = postgres::Client::connect(&server, postgres::NoTls).unwrap();
    let ssl: String = admin.query_one("SHOW ssl", &[]).unwrap().get(0);
    if ssl != "on" {
        eprintln!("the test server has ssl = {ssl}: skipping");
        return;
    }
    let cert: String = admin.query_one("SHOW ssl_cert_file", &[]).unwrap().get(0);
    let cert = Path::new(&cert);
    if !cert.is_absolute() || std::fs::read(cert).is_err() {
        eprintln!("cannot read the server's certificate {}: skipping", cert.display());
        return;
    }
    let with = |mode: &str| {
        let sep = if server.contains('?') { '&' } else { '?' };
        format!("{server}{sep}sslmode={mode}&sslrootcert={}", cert.display())
    };
    let mut client = connect(&with("verify-ca")).unwrap();
    let encrypted: bool = client
        .query_one("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()", &[])
        .unwrap()
        .get(0);
    assert!(encrypted, "verify-ca encrypts");
    let Err(err) = connect(&with("verify-full")) else {
        panic!("verify-full accepted a certificate for another name")
    };
    assert!(err.to_string().contains("not valid for name"), "{err}");
    // Named as the certificate names it, and reached at the same address.
    if let Ok(pschema_driver::DatabaseUrl::Postgres(parsed)) = pschema_driver::DatabaseUrl::parse(&server)
        && let Some(address) = parsed.host.as_deref().filter(|h| h.parse::<std::net::IpAddr>().is_ok())
    {
        connect(&format!("{}&host=localhost&hostaddr={address}", with("verify-full"))).unwrap();
    }
}
