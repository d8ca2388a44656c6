//! `-q/--quiet` and `-v/--verbose`, global flags of every command: quiet
//! leaves errors and the command's result, verbose adds what was used and
//! each statement as it runs, on stderr, never a password.

mod common;

use common::*;
use std::path::Path;

const BASELINE_ID: &str = "e2f21cb79a61";

fn run(p: &Path, args: &[&str]) -> (Option<i32>, String, String) {
    let out = pschema_in(p, args);
    (out.status.code(), stdout(&out), stderr(&out))
}

#[test]
fn quiet_commands_that_report_what_they_did_print_nothing() {
    let project = scratch_project();
    let p = project.path();
    for args in [
        &["-q", "upgrade", "head"][..],
        // Anywhere on the line: the flag is global.
        &["upgrade", "head", "--quiet"],
        &["check", "-q"],
        &["-q", "stamp", "head"],
        &["-q", "hash"],
        &["-q", "fmt"],
        &["-q", "fmt", "--check"],
        &["-q", "revision", "--autogenerate", "-m", "nothing"],
        &["-q", "downgrade", "base"],
        &["-q", "downgrade", "base"],
        &["-q", "current"],
    ] {
        assert_eq!(run(p, args), (Some(0), String::new(), String::new()), "{args:?}");
    }
    assert!(
        !p.join("migrations")
            .read_dir()
            .unwrap()
            .any(|e| e.unwrap().file_name().to_string_lossy().contains("nothing")),
        "autogenerate found nothing to write"
    );
}

#[test]
fn quiet_commands_whose_output_is_the_result_still_print_it() {
    let project = scratch_project();
    let p = project.path();
    ok(p, &["-q", "upgrade", "head"]);
    assert_eq!(run(p, &["-q", "current"]).1, format!("{BASELINE_ID} (head)\n"));
    for args in [
        &["history"][..],
        &["heads"],
        &["show", "e2f2"],
        &["upgrade", "head", "--sql"],
    ] {
        let loud = run(p, args);
        let mut quiet_args = vec!["-q"];
        quiet_args.extend_from_slice(args);
        let quiet = run(p, &quiet_args);
        assert_eq!(quiet.0, Some(0), "{args:?}");
        assert!(!quiet.1.is_empty(), "{args:?}");
        assert_eq!(quiet.1, loud.1, "{args:?}: the same result");
    }
    // With --json the object is the result.
    let (code, out, err) = run(p, &["-q", "--json", "downgrade", "base"]);
    assert_eq!(code, Some(0));
    let value: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(value["steps"][0]["revision"], BASELINE_ID);
    assert_eq!(err, "");
}

#[test]
fn quiet_drops_notes_and_warnings_but_never_an_error() {
    let project = scratch_project();
    let p = project.path();
    // At base, `current` notes it on stderr; quiet, not.
    ok(p, &["upgrade", "head"]);
    ok(p, &["downgrade", "base"]);
    let (_, out, err) = run(p, &["current"]);
    assert_eq!(out, "");
    assert!(err.contains("it is at base"), "{err}");
    assert_eq!(run(p, &["-q", "current"]), (Some(0), String::new(), String::new()));
    // Reverting the baseline drops every table: a warning, unless quiet.
    ok(p, &["upgrade", "head"]);
    let (_, _, err) = run(p, &["downgrade", "base"]);
    assert!(err.contains("warning: reverting e2f21cb79a61"), "{err}");
    ok(p, &["upgrade", "head"]);
    assert_eq!(
        run(p, &["-q", "downgrade", "base"]),
        (Some(0), String::new(), String::new())
    );
    // Errors are the result of a command that fails.
    let (code, out, err) = run(p, &["-q", "upgrade", "zzzz"]);
    assert_eq!((code, out.as_str()), (Some(1), ""));
    assert!(err.starts_with("error: "), "{err}");
    // And drift is check's result.
    ok(p, &["upgrade", "head"]);
    rusqlite::Connection::open(p.join("paciolus.db"))
        .unwrap()
        .execute_batch("ALTER TABLE users ADD COLUMN nickname VARCHAR(20)")
        .unwrap();
    let (code, out, err) = run(p, &["-q", "check"]);
    assert_eq!((code, out.as_str()), (Some(3), ""));
    assert!(err.contains("column nickname is not expected"), "{err}");
}

#[test]
fn verbose_and_quiet_together_are_a_usage_error() {
    let project = scratch_project();
    let p = project.path();
    for args in [
        &["-v", "-q", "current"][..],
        &["--verbose", "current", "--quiet"],
        &["upgrade", "head", "-qv"],
    ] {
        let (code, out, err) = run(p, args);
        assert_eq!((code, out.as_str()), (Some(2), ""), "{args:?}");
        assert!(err.contains("cannot be used with"), "{args:?}: {err}");
    }
    assert!(!p.join("paciolus.db").exists(), "nothing ran");
}

#[test]
fn verbose_says_what_was_used_and_each_statement_as_it_runs() {
    let project = scratch_project();
    let p = project.path();
    let db = p.join("verbose.db");
    let url = url(&db);
    let (code, out, err) = run(p, &["--database-url", &url, "-v", "upgrade", "head"]);
    assert_eq!(code, Some(0), "{err}");
    // stdout is what it is without -v.
    assert!(out.starts_with(&format!("Applied {BASELINE_ID} (")), "{out}");
    assert!(err.contains(&format!("database: {url}\n")), "{err}");
    assert!(
        err.contains(&format!(
            "migrations: migrations (1 migration(s); head {BASELINE_ID})\n"
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "applying {BASELINE_ID} (baseline: full schema as of v1.2.0) from migrations/{BASELINE}/sqlite/up.sql\n"
        )),
        "{err}"
    );
    assert!(err.contains("  statement 1 of "), "{err}");
    assert!(err.contains(": CREATE TABLE users ( ...\n"), "{err}");
    let numbers: Vec<&str> = err
        .lines()
        .filter_map(|l| l.strip_prefix("  statement "))
        .map(|l| l.split(':').next().unwrap())
        .collect();
    let total: usize = numbers[0].rsplit(' ').next().unwrap().parse().unwrap();
    assert!(total > 10, "{err}");
    let expected: Vec<String> = (1..=total).map(|i| format!("{i} of {total}")).collect();
    assert_eq!(numbers, expected, "every statement once, in order");
    assert!(err.contains("committed "), "each migration's time: {err}");

    // check and revision name the schema file too.
    let (code, _, err) = run(p, &["--database-url", &url, "check", "--verbose"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(err.contains("schema: schema/paciolus.pschema\n"), "{err}");
    // Without a database, check says it checked the schema file only.
    let (_, _, err) = run(p, &["--database-url", "sqlite:///none.db", "-v", "check"]);
    assert!(err.contains("no database at sqlite:///none.db"), "{err}");
    assert!(!p.join("none.db").exists());

    // current and history show more of each revision, on stdout.
    let (_, out, _) = run(p, &["--database-url", &url, "current", "-v"]);
    assert_eq!(
        out,
        format!("{BASELINE_ID} (head)\n  baseline: full schema as of v1.2.0\n  migrations/{BASELINE}\n")
    );
    let (_, out, _) = run(p, &["-v", "history"]);
    assert!(out.contains("\n  created "), "{out}");

    // --json keeps stdout one object; the detail goes to stderr.
    let (code, out, err) = run(p, &["--database-url", &url, "-v", "--json", "downgrade", "base"]);
    assert_eq!(code, Some(0), "{err}");
    let value: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(value["current"], serde_json::json!([]));
    assert!(err.contains("reverting e2f21cb79a61"), "{err}");
    assert!(err.contains("  statement 1 of "), "{err}");
}

#[test]
fn verbose_numbers_the_statements_as_the_runner_does_on_both_dialects() {
    let project = scratch_project();
    let p = project.path();
    migration_by_hand(
        p,
        "0000000000e1",
        None,
        "CREATE TABLE one (x INTEGER);\n-- a comment\nINSERT INTO one VALUES (1);\n",
        "DROP TABLE one;\n",
    );
    // A statement that runs on its own, before the migration's transaction,
    // is the first the runner counts.
    migration_by_hand(
        p,
        "0000000000e2",
        None,
        "CREATE TABLE two (x INTEGER);\n\n-- pschema:no-transaction\nCREATE TABLE IF NOT EXISTS three (x INTEGER);\n",
        "DROP TABLE three;\nDROP TABLE two;\n",
    );
    for db in Db::both(p, "verbose") {
        let out = db.run(p, &["upgrade", "head", "-v"]);
        let err = stderr(&out);
        assert!(out.status.success(), "{}: {err}", db.name());
        let statements: Vec<&str> = err.lines().filter(|l| l.starts_with("  statement ")).collect();
        let tail = &statements[statements.len() - 4..];
        assert_eq!(
            tail,
            [
                "  statement 1 of 2: CREATE TABLE one (x INTEGER)",
                "  statement 2 of 2: INSERT INTO one VALUES (1)",
                "  statement 1 of 2: CREATE TABLE IF NOT EXISTS three (x INTEGER)",
                "  statement 2 of 2: CREATE TABLE two (x INTEGER)",
            ],
            "{}: {err}",
            db.name()
        );
        let out = db.run(p, &["downgrade", "-1", "-v"]);
        let err = stderr(&out);
        assert!(out.status.success(), "{}: {err}", db.name());
        assert!(
            err.contains("reverting 0000000000e2 (by hand 0000000000e2) from "),
            "{err}"
        );
        assert!(err.contains("  statement 2 of 2: DROP TABLE two\n"), "{err}");
    }
}

#[test]
fn verbose_never_shows_a_password() {
    let project = scratch_project();
    let p = project.path();
    let secret = "s3cr3t-pw";
    for url in [
        format!("postgresql://app:{secret}@127.0.0.1:1/paciolus"),
        format!("host=127.0.0.1 port=1 password={secret} dbname=paciolus"),
        format!("sqlite:///pw.db?password={secret}"),
        // Does not parse: redacted all the same.
        format!("postgresql://app:{secret}@127.0.0.1:notaport/paciolus"),
    ] {
        for command in [&["current"][..], &["upgrade", "head"], &["history", "-i"], &["check"]] {
            let mut args = vec!["-v", "--database-url", url.as_str()];
            args.extend_from_slice(command);
            let (_, out, err) = run(p, &args);
            assert!(err.contains("database: "), "{args:?}: {err}");
            assert!(
                !format!("{out}{err}").contains(secret),
                "{command:?} shows the password:\n{out}{err}"
            );
        }
    }
    assert!(
        run(
            p,
            &[
                "-v",
                "--database-url",
                &format!("postgresql://app:{secret}@127.0.0.1:1/x"),
                "current"
            ]
        )
        .2
        .contains("database: postgresql://app:***@127.0.0.1:1/x\n")
    );
}
