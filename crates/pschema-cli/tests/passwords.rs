//! No password given in a database URL is ever shown: not on stdout or
//! stderr (text or `--json`), not in `pschema_history`, not in any file the
//! runner writes (the database, the lock note), whatever form the password
//! takes and whichever error path a command goes down.
//!
//! Every password below contains `s3cr3t` between each of its special
//! characters, so that a message that cuts a password in pieces at a
//! special character still shows a piece this test finds.

mod common;

use common::*;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

const NEEDLE: &str = "s3cr3t";
/// A password without characters a URL must encode.
const PLAIN: &str = "s3cr3tPlain";
/// A password with each character that a URL's user information must encode.
const SPECIAL: &str = "s3cr3tA@s3cr3tB:s3cr3tC/s3cr3tD%s3cr3tE?s3cr3tF#s3cr3tG&s3cr3tH s3cr3tI'";
/// `SPECIAL`, percent-encoded.
const SPECIAL_ENCODED: &str =
    "s3cr3tA%40s3cr3tB%3As3cr3tC%2Fs3cr3tD%25s3cr3tE%3Fs3cr3tF%23s3cr3tG%26s3cr3tH%20s3cr3tI%27";

fn server() -> Option<String> {
    match std::env::var("PSCHEMA_TEST_POSTGRES_URL") {
        Ok(url) if !url.is_empty() => Some(url),
        _ if std::env::var("CI").as_deref() == Ok("true") => {
            panic!("CI=true but PSCHEMA_TEST_POSTGRES_URL is not set: .ci/run sets it")
        }
        _ => {
            eprintln!("PSCHEMA_TEST_POSTGRES_URL is not set: skipping the runs against a live server");
            None
        }
    }
}

/// Host and port of the test server's URL (`postgresql://user@host:port/db`).
fn host_and_port(server: &str) -> (String, u16) {
    let rest = server.split_once("://").map_or(server, |(_, rest)| rest);
    let authority = rest.split(['/', '?']).next().unwrap_or_default();
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, hp)| hp);
    match host_port.rsplit_once(':') {
        Some((host, port)) => (host.to_string(), port.parse().unwrap()),
        None => (host_port.to_string(), 5432),
    }
}

/// Where a URL points: host, port, database, role.
struct Target<'a> {
    host: &'a str,
    port: u16,
    db: &'a str,
    role: &'a str,
}

/// Every way of writing a PostgreSQL URL with a password that pschema
/// accepts: (label, URL).
fn accepted_forms(t: &Target<'_>) -> Vec<(&'static str, String)> {
    let Target { host, port, db, role } = t;
    vec![
        ("user:pw@", format!("postgresql://{role}:{PLAIN}@{host}:{port}/{db}")),
        (
            "%-encoded user:pw@",
            format!("postgresql://{role}:{SPECIAL_ENCODED}@{host}:{port}/{db}"),
        ),
        (
            "?password=",
            format!("postgresql://{role}@{host}:{port}/{db}?sslmode=disable&password={PLAIN}"),
        ),
        (
            "?password= %-encoded",
            format!("postgresql://{role}@{host}:{port}/{db}?password={SPECIAL_ENCODED}&application_name=pw"),
        ),
        (
            "postgresql+psycopg2",
            format!("postgresql+psycopg2://{role}:{PLAIN}@{host}:{port}/{db}"),
        ),
        (
            "upper-case scheme",
            format!("PostgreSQL://{role}:{PLAIN}@{host}:{port}/{db}"),
        ),
        (
            "key=value",
            format!("host={host} port={port} user={role} password={PLAIN} dbname={db}"),
        ),
        (
            "key=value quoted",
            format!(
                "host={host} port={port} user={role} password='{}' dbname={db}",
                SPECIAL.replace('\\', "\\\\").replace('\'', "\\'")
            ),
        ),
    ]
}

/// Forms pschema refuses; the message must still not show the password.
fn refused_forms(t: &Target<'_>) -> Vec<(&'static str, String)> {
    let Target { host, port, db, role } = t;
    vec![
        (
            "unencoded specials in user:pw@",
            format!("postgresql://{role}:{SPECIAL}@{host}:{port}/{db}"),
        ),
        (
            "unencoded # in user:pw@",
            format!("postgresql://{role}:12#{NEEDLE}@{host}:{port}/{db}"),
        ),
        (
            "unencoded / after a port-like password",
            format!("postgresql://{role}:12/{NEEDLE}@{host}:{port}/{db}"),
        ),
        (
            "unencoded ? after a port-like password",
            format!("postgresql://{role}:12?{NEEDLE}@{host}:{port}/{db}"),
        ),
        ("unknown scheme", format!("mysql://{role}:{PLAIN}@{host}:{port}/{db}")),
        (
            "unknown upper-case scheme",
            format!("MySQL+pymysql://{role}:{PLAIN}@{host}:{port}/{db}"),
        ),
        ("sqlite://u:pw@", format!("sqlite://{role}:{PLAIN}@/x.db")),
        ("sqlcipher key", format!("sqlite+pysqlcipher://:{PLAIN}@/x.db")),
        (
            "unknown parameter after ?password=",
            format!("postgresql://{role}@{host}:{port}/{db}?password={PLAIN}&sslmode=sometimes"),
        ),
        (
            "key=value with a bad key",
            format!("host={host} password={PLAIN} port={port} bogus"),
        ),
        (
            "key=value unterminated",
            format!("host={host} port={port} password='{PLAIN}"),
        ),
        ("no scheme, user:pw@", format!("{role}:{PLAIN}@{host}:{port}/{db}")),
    ]
}

/// Each command that reads a URL: online, then offline SQL.
const COMMANDS: &[&[&str]] = &[
    &["upgrade", "head"],
    &["current"],
    // -v names the database it opens.
    &["-v", "current"],
    &["history", "--indicate-current"],
    &["check"],
    &["stamp", "head"],
    &["downgrade", "base"],
    &["upgrade", "head", "--sql"],
    &["downgrade", "head:base", "--sql"],
];

/// Runs one command with the URL on the command line (text) or in
/// `DATABASE_URL` (`--json`), and fails if the password shows anywhere in
/// its output.
fn run(project: &Path, url: &str, command: &[&str], json: bool, label: &str) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_pschema"));
    c.current_dir(project)
        .env_remove("DATABASE_URL")
        .args(["--lock-timeout", "5"]);
    if json {
        c.env("DATABASE_URL", url).arg("--json");
    } else {
        c.args(["--database-url", url]);
    }
    let out = c.args(command).output().expect("run pschema");
    let all = format!("{}{}", stdout(&out), stderr(&out));
    assert_clean(&all, &format!("{label}: pschema {command:?} (json: {json})"));
    out
}

fn assert_clean(text: &str, what: &str) {
    for needle in [NEEDLE, PLAIN, SPECIAL, SPECIAL_ENCODED] {
        assert!(!text.contains(needle), "{what} shows the password:\n{text}");
    }
}

/// No file under `dir` holds the password (the database, lock notes).
fn assert_files_clean(dir: &Path, what: &str) {
    for file in walk(dir) {
        let bytes = std::fs::read(&file).unwrap_or_default();
        let text = String::from_utf8_lossy(&bytes);
        assert_clean(&text, &format!("{what}: {}", file.display()));
    }
}

/// Runs `check` on each form at once: most runs wait on a server or a
/// process start, not on a core.
fn each_form(forms: Vec<(&'static str, String)>, check: impl Fn(&str, &str) + Sync) {
    std::thread::scope(|scope| {
        for (label, url) in &forms {
            let check = &check;
            scope.spawn(move || check(label, url));
        }
    });
}

fn run_all(project: &Path, url: &str, label: &str) -> Vec<(bool, bool)> {
    let mut outcomes = Vec::new();
    for json in [false, true] {
        for command in COMMANDS {
            let out = run(project, url, command, json, label);
            outcomes.push((out.status.success(), json));
        }
    }
    outcomes
}

#[test]
fn no_password_is_shown_for_a_server_that_is_down_or_a_url_that_is_refused() {
    let project = scratch_project();
    let p = project.path();
    // Nothing listens on port 1.
    let down = Target {
        host: "127.0.0.1",
        port: 1,
        db: "paciolus",
        role: "app",
    };
    each_form(accepted_forms(&down), |label, url| {
        run_all(p, url, label);
        // Online commands fail (the server is down), offline SQL succeeds.
        let out = run(p, url, &["current"], false, label);
        assert_eq!(out.status.code(), Some(1), "{label}");
        assert!(
            stderr(&out).starts_with("error: PostgreSQL, connecting to "),
            "{label}: {}",
            stderr(&out)
        );
        let out = run(p, url, &["upgrade", "head", "--sql"], false, label);
        assert!(out.status.success(), "{label}: {}", stderr(&out));
        assert!(stdout(&out).contains("CREATE TYPE"), "{label}: PostgreSQL's SQL");
    });
    each_form(refused_forms(&down), |label, url| {
        run_all(p, url, label);
        let out = run(p, url, &["current"], false, label);
        assert_eq!(out.status.code(), Some(1), "{label}");
        assert!(
            stderr(&out).starts_with("error: invalid database URL `"),
            "{label}: {}",
            stderr(&out)
        );
        let out = run(p, url, &["current"], true, label);
        let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
        assert_eq!(json["error"]["kind"], "bad_url", "{label}: {json}");
    });
    assert_files_clean(p, "the project");
}

#[test]
fn no_password_is_shown_for_a_database_that_does_not_exist_nor_after_a_successful_run() {
    let Some(server) = server() else { return };
    let (host, port) = host_and_port(&server);
    let pid = std::process::id();
    let role = format!("pschema_pw_{pid}");
    let db = format!("pschema_{pid}_pw");
    let mut admin = postgres::Client::connect(&server, postgres::NoTls).unwrap();
    // Each its own statement: DROP DATABASE may not run in a transaction block.
    admin
        .batch_execute(&format!("DROP DATABASE IF EXISTS {db} WITH (FORCE)"))
        .unwrap();
    admin.batch_execute(&format!("DROP ROLE IF EXISTS {role}")).unwrap();
    // The server trusts local connections, so the password is not checked;
    // what matters is that it is never shown.
    admin
        .batch_execute(&format!("CREATE ROLE {role} LOGIN PASSWORD '{PLAIN}'"))
        .unwrap();
    admin
        .batch_execute(&format!("CREATE DATABASE {db} OWNER {role}"))
        .unwrap();
    struct Cleanup(postgres::Client, String, String);
    impl Drop for Cleanup {
        fn drop(&mut self) {
            self.0
                .batch_execute(&format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.1))
                .ok();
            self.0.batch_execute(&format!("DROP ROLE IF EXISTS {}", self.2)).ok();
        }
    }
    let cleanup = Cleanup(admin, db.clone(), role.clone());

    let project = scratch_project();
    let p = project.path();
    let missing = format!("pschema_{pid}_no_such_database");
    let nowhere = Target {
        host: &host,
        port,
        db: &missing,
        role: &role,
    };
    each_form(accepted_forms(&nowhere), |label, url| {
        run_all(p, url, label);
        let out = run(p, url, &["current"], false, label);
        assert!(
            stderr(&out).contains(&format!("database \"{missing}\" does not exist")),
            "{label}: {}",
            stderr(&out)
        );
    });

    let good = Target {
        host: &host,
        port,
        db: &db,
        role: &role,
    };
    let mut client = postgres::Client::connect(
        &format!("host={host} port={port} user=postgres dbname={db}"),
        postgres::NoTls,
    )
    .unwrap();
    for (i, (label, url)) in accepted_forms(&good).into_iter().enumerate() {
        // Every command, with and without --json, for the first form (each
        // is a second or two on a live server); what follows the connection
        // does not depend on how the URL was written, so the other forms run
        // the commands that write to the database.
        if i == 0 {
            for (ok, json) in run_all(p, &url, label) {
                assert!(ok, "{label}: every command succeeds on a good server (json: {json})");
            }
        }
        let out = run(p, &url, &["upgrade", "head"], false, label);
        assert!(stdout(&out).contains("Applied e2f21cb79a61"), "{label}");
        let history: String = client
            .query_one(
                "SELECT coalesce(string_agg(h::text, ' '), '') FROM pschema_history h",
                &[],
            )
            .unwrap()
            .get(0);
        assert!(history.contains("e2f21cb79a61"), "{history}");
        assert_clean(&history, &format!("{label}: pschema_history"));
        let out = run(p, &url, &["current"], true, label);
        assert!(stdout(&out).contains("e2f21cb79a61"), "{label}: {}", stdout(&out));
        let out = run(p, &url, &["downgrade", "base"], false, label);
        assert!(out.status.success(), "{label}: {}", stderr(&out));
    }
    each_form(refused_forms(&good), |label, url| {
        run_all(p, url, label);
    });
    let activity: String = client
        .query_one(
            "SELECT coalesce(string_agg(application_name, ' '), '') FROM pg_stat_activity",
            &[],
        )
        .unwrap()
        .get(0);
    assert_clean(&activity, "pg_stat_activity");
    assert_files_clean(p, "the project");
    drop(client);
    drop(cleanup);
}

/// A SQLite URL has no password, but one can still be written into its query:
/// it is ignored, and shown nowhere, not even in the lock note that names the
/// runner's command line to the runners that wait for it.
#[test]
fn a_password_in_a_sqlite_url_stays_out_of_the_database_and_the_lock_note() {
    let project = scratch_project();
    let p = project.path();
    let url = format!("SQLITE:///paciolus.db?password={PLAIN}");
    for (ok, json) in run_all(p, &url, "sqlite ?password=") {
        assert!(ok, "every command succeeds on SQLite (json: {json})");
    }
    assert!(
        p.join("paciolus.db").is_file(),
        "the upper-case scheme names the same file"
    );
    assert_files_clean(p, "the project");

    // A migration that takes a moment, so that a second runner finds the
    // first one's lock note.
    ok(p, &["--database-url", &url, "upgrade", "head"]);
    ok(p, &["revision", "-m", "load users", "--rev-id", "100000000000"]);
    let up = p.join("migrations/100000000000_load_users/sqlite/up.sql");
    std::fs::write(
        &up,
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300000)\n\
         INSERT INTO users (id, email, hashed_password, name, tier) \
         SELECT i, 'user' || i || '@example.com', 'hash' || i, 'User ' || i, 'FREE' FROM n;\n",
    )
    .unwrap();
    ok(p, &["hash"]);
    let first = Command::new(env!("CARGO_BIN_EXE_pschema"))
        .current_dir(p)
        .env_remove("DATABASE_URL")
        .args(["--database-url", &url, "upgrade", "head"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let note = p.join("paciolus.db.pschema-lock");
    let started = Instant::now();
    // The runner makes the file, then writes its note into it under the lock.
    let mut text = String::new();
    while !text.contains('\n') && started.elapsed() < Duration::from_secs(30) {
        std::thread::sleep(Duration::from_millis(5));
        text = std::fs::read_to_string(&note).unwrap_or_default();
    }
    assert!(text.contains("upgrade head"), "the note names the command: {text}");
    assert_clean(&text, "the lock note");
    let waiter = run(p, &url, &["downgrade", "base", "--lock-timeout", "1"], false, "waiter");
    assert!(
        stderr(&waiter).contains("waiting for the database lock, held by process"),
        "{}",
        stderr(&waiter)
    );
    let first = first.wait_with_output().unwrap();
    assert!(first.status.success(), "{}", stderr(&first));
    assert_clean(&format!("{}{}", stdout(&first), stderr(&first)), "the first runner");
    assert_files_clean(p, "the project");
}

/// A URL put where the command line expects something else comes back in
/// the usage error: redacted.
#[test]
fn usage_errors_do_not_repeat_a_password() {
    let tmp = tempfile::tempdir().unwrap();
    let url = format!("postgresql://app:{PLAIN}@db/paciolus");
    let key_value = format!("host=db password={PLAIN}");
    for args in [
        vec![url.as_str(), "current"],
        vec!["upgrade", "head", url.as_str()],
        vec!["--databse-url", url.as_str(), "current"],
        vec![key_value.as_str(), "current"],
        vec!["current", "--lock-timeout", url.as_str()],
    ] {
        let out = pschema(tmp.path(), &args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let all = format!("{}{}", stdout(&out), stderr(&out));
        assert!(all.starts_with("error: "), "{all}");
        assert_clean(&all, &format!("pschema {args:?}"));
    }
}
