//! `squash`: Paciolus's own history, the repository's `migrations/` (45
//! migrations with four branch points and three merges), squashed up to a
//! revision of the linear part after the last merge, on SQLite and on
//! PostgreSQL. A database built by the old chain and one built from empty by
//! the squashed chain hold the same schema at head; the old one keeps
//! working; one stopped before the squashed revision is refused with what to
//! do. And the refusals of the command itself.

mod common;
#[allow(dead_code)]
#[path = "paciolus_history/dump.rs"]
mod dump;

use common::*;
use pschema_migrate::db_schema::DbSchema;
use std::path::Path;

/// In the middle of the linear part after the last merge (`a848ac91d39a`):
/// f7b3c91a04e2, c1a5f0d7b4e2, e1a2b3c4d5f6, f2a8e7d6c5b4, then a3b4c5d6e7f8,
/// b5c6d7e8f9a0 and 7d1f0c3a9e25 stay.
const REV: &str = "f2a8e7d6c5b4";
/// The last merge, before `REV`: a revision the squash removes.
const BEFORE: &str = "a848ac91d39a";
const KEPT: [&str; 3] = ["a3b4c5d6e7f8", "b5c6d7e8f9a0", "7d1f0c3a9e25"];
const HEAD: &str = "7d1f0c3a9e25";

/// A copy of the repository's project: `pschema.toml`, `schema/` and
/// `migrations/`, so that the command line finds its settings as it does in
/// the repository.
fn paciolus_copy() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let root = repo_root();
    for folder in ["migrations", "schema"] {
        for file in walk(&root.join(folder)) {
            let target = tmp.path().join(file.strip_prefix(&root).unwrap());
            std::fs::create_dir_all(target.parent().unwrap()).unwrap();
            std::fs::copy(&file, &target).unwrap();
        }
    }
    std::fs::copy(root.join("pschema.toml"), tmp.path().join("pschema.toml")).unwrap();
    tmp
}

fn must(db: &Db, project: &Path, args: &[&str]) -> String {
    let out = db.run(project, args);
    assert!(
        out.status.success(),
        "{}: pschema {args:?} failed:\n{}{}",
        db.name(),
        stdout(&out),
        stderr(&out)
    );
    stdout(&out)
}

/// The schema as the runner's own introspection reads it.
fn introspected(db: &Db) -> DbSchema {
    let mut driver = pschema_driver::open(
        &db.url(),
        pschema_driver::Access::Read,
        std::time::Duration::from_secs(10),
    )
    .unwrap();
    driver.introspect().unwrap()
}

/// The schema as the history tests dump it (everything: index origins, key
/// names, ON UPDATE), columns in name order on PostgreSQL, which adds a
/// column at the end of its table whatever the schema says.
fn dumped(db: &Db) -> dump::Dump {
    match db {
        Db::Sqlite(path) => dump::sqlite(&rusqlite::Connection::open(path).unwrap()),
        Db::Postgres(pg) => {
            let mut dump = dump::postgres(&mut pg.client());
            for table in dump.tables.values_mut() {
                table.columns.sort_by(|a, b| a.name.cmp(&b.name));
            }
            dump
        }
    }
}

fn assert_same_schema(what: &str, expected: &Db, actual: &Db) {
    let (a, b) = (introspected(expected), introspected(actual));
    let head =
        pschema_schema::parse_schema(&std::fs::read_to_string(repo_root().join("schema/paciolus.pschema")).unwrap())
            .unwrap();
    let names = |s: &DbSchema| s.tables.keys().cloned().collect::<Vec<_>>();
    let mut wanted: Vec<String> = head.tables.iter().map(|t| t.name.clone()).collect();
    wanted.sort();
    assert_eq!(names(&a), wanted, "{what} on {}: the head's tables", expected.name());
    let differences = pschema_migrate::db_schema::differences(&a, &b);
    assert!(
        differences.is_empty(),
        "{what} on {}: {differences:#?}",
        expected.name()
    );
    assert_eq!(a, b, "{what} on {}", expected.name());
    let differences = dump::diff(&dumped(expected), &dumped(actual), dump::Depth::Full);
    assert!(
        differences.is_empty(),
        "{what} on {}: {differences:#?}",
        expected.name()
    );
}

fn folders(project: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(project.join("migrations"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn squashing_paciolus_keeps_every_database_going() {
    let project = paciolus_copy();
    let p = project.path();
    let before_squash = folders(p);
    assert_eq!(before_squash.len(), 45, "{before_squash:?}");
    let kept_folders: Vec<String> = before_squash
        .iter()
        .filter(|f| KEPT.iter().any(|k| f.starts_with(&format!("{k}_"))))
        .cloned()
        .collect();
    let kept_text: Vec<Vec<(std::path::PathBuf, Vec<u8>)>> = kept_folders
        .iter()
        .map(|f| {
            walk(&p.join("migrations").join(f))
                .into_iter()
                .map(|file| (file.clone(), std::fs::read(&file).unwrap()))
                .collect()
        })
        .collect();

    // Built by the old chain: (a) at head, (d) stopped at a revision the
    // squash removes.
    let at_head = Db::both(p, "old_head");
    let behind = Db::both(p, "old_behind");
    for db in &at_head {
        must(db, p, &["upgrade", "head"]);
    }
    for db in &behind {
        must(db, p, &["upgrade", BEFORE]);
    }

    // Checked on PostgreSQL too when there is a server: the old chain builds
    // the revision's snapshot there as well.
    let server = server();
    let mut args = vec!["squash", REV];
    if let Some(url) = &server {
        args.extend(["--verify-postgres-url", url.as_str()]);
    }
    let out = ok(p, &args);
    assert!(
        out.starts_with(&format!(
            "Squashed 42 migrations, e2f21cb79a61 to {REV}, into the baseline {REV} in "
        )),
        "{out}"
    );
    assert!(
        out.contains(&format!("Kept as they were, with {REV} as their parent: {}.", KEPT[0])),
        "{out}"
    );
    let checked_on = if server.is_some() {
        "SQLite and PostgreSQL"
    } else {
        "SQLite"
    };
    assert!(
        out.contains(&format!(
            "Checked on {checked_on}: the migrations squashed build the baseline's schema."
        )),
        "{out}"
    );

    // The folders: the baseline under REV's id, and the three after it untouched.
    let after = folders(p);
    let baseline = format!("{REV}_squash_of_42_migrations_up_to_");
    let mut expected = kept_folders.clone();
    expected.push(baseline.clone());
    expected.sort();
    assert_eq!(after, expected);
    for files in &kept_text {
        for (path, bytes) in files {
            assert_eq!(&std::fs::read(path).unwrap(), bytes, "{} changed", path.display());
        }
    }
    let graph = pschema_migrate::Graph::new(pschema_migrate::dir::load(&p.join("migrations")).unwrap()).unwrap();
    let b = graph.get(REV).unwrap();
    assert!(b.meta.parents.is_empty());
    assert_eq!(b.meta.squashes.len(), 42);
    assert_eq!(b.meta.squashes.first().map(String::as_str), Some("e2f21cb79a61"));
    assert_eq!(b.meta.squashes.last().map(String::as_str), Some(REV));
    assert_eq!(
        b.meta.message,
        format!("squash of 42 migrations up to {REV}: Add analytical_expectations table.")
    );
    assert_eq!(
        b.snapshot(),
        std::fs::read_to_string(
            repo_root()
                .join("migrations/f2a8e7d6c5b4_add_analytical_expectations_table")
                .join("schema.pschema")
        )
        .ok()
        .as_deref(),
        "the baseline's snapshot is the revision's"
    );
    assert_eq!(
        ok(p, &["history"]).lines().last().map(String::from),
        Some(format!("<base> -> {REV}, {}", b.meta.message))
    );
    assert_eq!(ok(p, &["heads"]).trim(), format!("{HEAD} (head)"));

    // (b) from empty, by the squashed chain.
    let fresh = Db::both(p, "fresh");
    for db in &fresh {
        let out = must(db, p, &["upgrade", "head"]);
        for id in [REV].iter().chain(KEPT.iter()) {
            assert!(out.contains(&format!("Applied {id} ")), "{}: {out}", db.name());
        }
        assert_eq!(must(db, p, &["current"]).trim(), format!("{HEAD} (head)"));
        must(db, p, &["check"]);
    }
    for (old, new) in at_head.iter().zip(&fresh) {
        assert_same_schema("the old chain's head against the squashed chain's", old, new);
    }

    // (c) the database the old chain built goes on: nothing to do, down one
    // and up again, check clean.
    for (old, new) in at_head.iter().zip(&fresh) {
        let out = must(old, p, &["upgrade", "head"]);
        assert_eq!(
            out.trim(),
            format!("Nothing to upgrade: the database is already at {HEAD} (head)."),
            "{}",
            old.name()
        );
        must(old, p, &["check"]);
        let out = must(old, p, &["downgrade", "-1"]);
        assert!(out.contains(&format!("Reverted {HEAD} ")), "{}: {out}", old.name());
        let out = must(old, p, &["upgrade", "head"]);
        assert!(out.contains(&format!("Applied {HEAD} ")), "{}: {out}", old.name());
        must(old, p, &["check"]);
        // Down to the baseline and up again, through the kept migrations.
        must(old, p, &["downgrade", REV]);
        assert_eq!(must(old, p, &["current"]).trim(), REV);
        must(old, p, &["upgrade", "head"]);
        assert_same_schema("the old chain's database after down and up again", old, new);
    }

    // (d) a database stopped before REV is refused, saying what to do, and
    // left as it was.
    for db in &behind {
        let out = db.run(p, &["upgrade", "head"]);
        assert_eq!(out.status.code(), Some(1), "{}: {}", db.name(), stdout(&out));
        assert_eq!(
            stderr(&out).trim(),
            format!(
                "error: the database is at {BEFORE}, which was squashed into {REV}: upgrade it to {REV} \
                 with a checkout from before the squash (or the pschema release before it), then run again"
            ),
            "{}",
            db.name()
        );
        let out = db.run(p, &["--json", "upgrade", "head"]);
        assert_eq!(out.status.code(), Some(1));
        let value: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
        assert_eq!(value["error"]["kind"], "squashed_revision", "{value}");
        assert_eq!(db.strings("SELECT version_num FROM alembic_version"), [BEFORE]);
    }
}

#[test]
fn squash_refuses_what_it_cannot_do_and_changes_nothing() {
    let project = paciolus_copy();
    let p = project.path();
    let before = folders(p);
    // Refused, with this message, and the folder left as it was.
    let cases: &[(&[&str], &str, &str)] = &[
        // d1e2f3a4b5c6 branches from f0a1b2c3d4e5, before 418d00cd85ae.
        (
            &["squash", "418d00cd85ae"],
            "squash_forks",
            "error: cannot squash up to 418d00cd85ae: a branch forks before it (d1e2f3a4b5c6's parent \
             f0a1b2c3d4e5 would be removed); squash a revision after the merge that joins the branch, or \
             merge it first",
        ),
        (
            &["squash", "zzzz"],
            "unknown_revision",
            "error: unknown revision `zzzz`",
        ),
        (
            &["squash", "a"],
            "ambiguous_revision",
            "error: revision `a` is ambiguous: it could be ",
        ),
        (
            &["squash", "e2f21cb79a61"],
            "nothing_to_squash",
            "error: e2f21cb79a61 has no parents: there is nothing before it to squash",
        ),
    ];
    for (args, kind, message) in cases {
        let err = fails(p, args);
        assert!(err.starts_with(message), "{args:?}: {err}");
        let out = pschema_in(p, &[&["--json"][..], args].concat());
        let value: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
        assert_eq!(value["error"]["kind"], *kind, "{args:?}: {value}");
        assert_eq!(folders(p), before, "{args:?}");
    }

    // A file that no migration accounts for would be lost with its folder.
    let note = p
        .join("migrations/c1a5f0d7b4e2_harden_export_share_passcode_widen_hash_")
        .join("NOTES.md");
    std::fs::write(&note, "why the hash column was widened").unwrap();
    let err = fails(p, &["squash", REV]);
    assert_eq!(
        err.trim(),
        format!(
            "error: squashing would delete what no migration accounts for: {}; move it out of the \
             migrations folder first",
            note.display()
        )
    );
    assert_eq!(folders(p), before);
    assert!(note.exists());
    std::fs::remove_file(&note).unwrap();

    // Done, the same squash again has nothing before the baseline to squash;
    // a later one takes the baseline in with what it stood for.
    ok(p, &["squash", REV]);
    let err = fails(p, &["squash", REV]);
    assert!(
        err.contains("has no parents: there is nothing before it to squash"),
        "{err}"
    );
    let out = ok(p, &["squash", "b5c6d7e8f9a0"]);
    assert!(
        out.starts_with(&format!(
            "Squashed 3 migrations, {REV} to b5c6d7e8f9a0, into the baseline b5c6d7e8f9a0 (which stands \
             for 44 revisions, with those an earlier squash replaced) in "
        )),
        "{out}"
    );
    let out = ok(p, &["show", "b5c6"]);
    assert!(
        out.contains("Squashes: 44 migrations, e2f21cb79a61 to b5c6d7e8f9a0"),
        "{out}"
    );
}
