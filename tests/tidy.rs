//! Checks on the repository itself, run as ordinary tests: the schema file is
//! formatted, it matches the latest migration, and the baseline migration is
//! exactly what the tool generates (so nobody edited it by hand).

use pschema_migrate::revision::{self, generate, snapshot_schema};
use pschema_migrate::{Graph, dir};
use pschema_schema::Schema;
use pschema_tests::{read, repo_root};

#[test]
fn schema_file_is_formatted() {
    let path = repo_root().join("schema/paciolus.pschema");
    let source = read(&path);
    let formatted = pschema_syntax::format_source(&source).expect("the schema parses");
    assert!(
        formatted == source,
        "schema/paciolus.pschema is not formatted: run `cargo xtask fmt`"
    );
}

#[test]
fn schema_file_matches_the_latest_migration() {
    let (_, drift) = revision::load_with_drift(
        &repo_root().join("migrations"),
        &repo_root().join("schema/paciolus.pschema"),
    )
    .unwrap();
    assert!(
        drift.is_empty(),
        "schema/paciolus.pschema differs from the latest migration; run `cargo xtask migrate revision --autogenerate -m ...`:\n{drift:#?}"
    );
}

#[test]
fn baseline_is_generated_not_hand_written() {
    let migrations = dir::load(&repo_root().join("migrations")).unwrap();
    let graph = Graph::new(migrations).unwrap();
    let baseline = graph.get("e2f21cb79a61").expect("the baseline keeps Alembic's id");
    assert!(baseline.meta.parents.is_empty());
    assert_eq!(baseline.meta.message, "baseline: full schema as of v1.2.0");
    assert_eq!(
        baseline.dir.file_name().unwrap(),
        "e2f21cb79a61_baseline_full_schema_as_of_v1_2_0",
        "the folder is named like Alembic's revision file"
    );

    let schema = snapshot_schema(baseline).unwrap();
    let changes = pschema_diff::diff(&Schema::default(), &schema);
    let mut meta = baseline.meta.clone();
    meta.checksums.clear();
    let regenerated = generate(&Schema::default(), &schema, meta, changes).unwrap();
    for (name, text) in &regenerated.files {
        assert!(
            baseline.files.get(name) == Some(text),
            "{name} of the baseline differs from what pschema generates from its snapshot"
        );
    }
    assert_eq!(regenerated.meta, baseline.meta, "migration.toml of the baseline");
}

#[test]
fn baseline_declares_the_nine_tables_of_alembics_baseline() {
    let migrations = dir::load(&repo_root().join("migrations")).unwrap();
    let graph = Graph::new(migrations).unwrap();
    let schema = snapshot_schema(graph.get("e2f21cb79a61").unwrap()).unwrap();
    let names: Vec<&str> = schema.tables.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "users",
            "activity_logs",
            "clients",
            "email_verification_tokens",
            "diagnostic_summaries",
            "engagements",
            "tool_runs",
            "follow_up_items",
            "follow_up_item_comments"
        ]
    );
}

/// Every example in the language guide parses, and lowers without errors
/// other than references to tables and enums the snippet leaves out.
#[test]
fn language_guide_examples_are_valid() {
    let guide = read(&repo_root().join("docs/pschema-language.md"));
    let blocks: Vec<&str> = guide
        .split("```pschema\n")
        .skip(1)
        .map(|rest| rest.split("```").next().unwrap())
        .collect();
    assert!(blocks.len() >= 13, "found {} examples", blocks.len());
    for block in blocks {
        let file =
            pschema_syntax::parse(block).unwrap_or_else(|d| panic!("example does not parse: {}\n{block}", d.message));
        let lowered = pschema_schema::lower(&file);
        for d in &lowered.diagnostics {
            let elsewhere = d.message.contains("which is not declared")
                || d.message.starts_with("unknown type `")
                || d.message.starts_with("unknown enum `");
            assert!(elsewhere, "example has an error: {}\n{block}", d.message);
        }
    }
}

// --- rust-version (issue 9, item 20) ---------------------------------------
// The workspace declares the oldest Rust it builds with; every crate inherits
// it, the README says it, and no dependency in Cargo.lock asks for a newer one.

/// `major.minor[.patch]` as numbers, for comparing versions.
fn rust_version(text: &str) -> Vec<u64> {
    let parts: Vec<u64> = text
        .split('.')
        .map(|p| p.parse().unwrap_or_else(|_| panic!("not a version: {text:?}")))
        .collect();
    let mut padded = parts.clone();
    padded.resize(3, 0);
    padded
}

/// The value of `key = "..."` on a line of its own in a TOML text.
fn toml_string<'a>(text: &'a str, key: &str) -> Option<&'a str> {
    text.lines().find_map(|line| {
        let rest = line.strip_prefix(key)?.trim_start().strip_prefix('=')?.trim();
        rest.strip_prefix('"')?.strip_suffix('"')
    })
}

fn workspace_rust_version() -> String {
    let manifest = read(&repo_root().join("Cargo.toml"));
    let package = manifest
        .split("[workspace.package]")
        .nth(1)
        .expect("Cargo.toml has [workspace.package]");
    let package = package.split("\n[").next().unwrap();
    toml_string(package, "rust-version")
        .expect("[workspace.package] declares rust-version")
        .to_string()
}

#[test]
fn every_crate_inherits_the_workspace_rust_version() {
    let mut manifests = vec![
        repo_root().join("xtask/Cargo.toml"),
        repo_root().join("tests/Cargo.toml"),
    ];
    for entry in std::fs::read_dir(repo_root().join("crates")).unwrap() {
        let manifest = entry.unwrap().path().join("Cargo.toml");
        if manifest.exists() {
            manifests.push(manifest);
        }
    }
    assert!(manifests.len() >= 8, "{manifests:?}");
    for manifest in manifests {
        let text = read(&manifest);
        assert!(
            text.lines().any(|l| l.trim() == "rust-version.workspace = true"),
            "{} does not say `rust-version.workspace = true`",
            manifest.display()
        );
    }
}

#[test]
fn the_readme_states_the_workspace_rust_version() {
    let version = workspace_rust_version();
    let readme = read(&repo_root().join("README.md"));
    assert!(
        readme.contains(&format!("Rust toolchain (stable, {version} or newer")),
        "README.md must name the rust-version of Cargo.toml, {version}"
    );
}

/// Every registry package of Cargo.lock that cargo has downloaded here (those
/// this platform builds) declares a rust-version no newer than ours. Let-chains
/// (Rust 1.88) are the newest language feature the code uses; clippy's
/// `incompatible_msrv` lint, run with `-D warnings`, catches newer std APIs.
#[test]
fn no_dependency_needs_a_newer_rust_than_the_workspace_declares() {
    let ours = workspace_rust_version();
    assert!(rust_version(&ours) >= rust_version("1.88"), "let-chains need Rust 1.88");
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(std::path::PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| std::path::Path::new(&h).join(".cargo")))
        .expect("CARGO_HOME or HOME");
    let sources: Vec<_> = std::fs::read_dir(cargo_home.join("registry/src"))
        .map(|dirs| dirs.map(|d| d.unwrap().path()).collect())
        .unwrap_or_default();
    let lock = read(&repo_root().join("Cargo.lock"));
    let mut checked = 0;
    let mut newer = Vec::new();
    for package in lock.split("[[package]]").skip(1) {
        let (Some(name), Some(version)) = (toml_string(package, "name"), toml_string(package, "version")) else {
            continue;
        };
        if !toml_string(package, "source").is_some_and(|s| s.starts_with("registry+")) {
            continue;
        }
        let Some(manifest) = sources
            .iter()
            .map(|s| s.join(format!("{name}-{version}/Cargo.toml")))
            .find(|m| m.exists())
        else {
            continue; // not built on this platform, so not downloaded
        };
        checked += 1;
        let text = read(&manifest);
        if let Some(theirs) = toml_string(&text, "rust-version")
            && rust_version(theirs) > rust_version(&ours)
        {
            newer.push(format!("{name} {version} needs Rust {theirs}"));
        }
    }
    assert!(
        checked >= 50,
        "found only {checked} of Cargo.lock's packages in {}",
        cargo_home.display()
    );
    assert!(
        newer.is_empty(),
        "Cargo.toml declares rust-version {ours}, but:\n  {}",
        newer.join("\n  ")
    );
}
// --- end rust-version ------------------------------------------------------

// The architecture's invariants that can be checked (docs/architecture.md).

/// Every `.rs` file under `dir`, with its text.
fn sources(dir: &str) -> Vec<(std::path::PathBuf, String)> {
    fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let mut files = Vec::new();
    walk(&repo_root().join(dir), &mut files);
    files.sort();
    files.into_iter().map(|p| (p.clone(), read(&p))).collect()
}

/// The lines of a source file that are code, not comments, and not in its
/// unit tests (which come last, after `#[cfg(test)]`).
fn code_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .take_while(|(_, l)| l.trim() != "#[cfg(test)]")
        .filter(|(_, l)| !l.trim_start().starts_with("//"))
        .map(|(i, l)| (i + 1, l))
}

fn relative(path: &std::path::Path) -> String {
    path.strip_prefix(repo_root()).unwrap_or(path).display().to_string()
}

#[test]
fn the_decision_crate_depends_on_no_database_library() {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = std::process::Command::new(cargo)
        .current_dir(repo_root())
        .args([
            "tree",
            "-p",
            "pschema-migrate",
            "-e",
            "normal",
            "--prefix",
            "none",
            "--offline",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let tree = String::from_utf8_lossy(&out.stdout);
    for database in ["rusqlite", "libsqlite3-sys", "postgres", "tokio-postgres", "rustls"] {
        assert!(
            !tree.lines().any(|l| l.starts_with(&format!("{database} "))),
            "pschema-migrate depends on {database}:\n{tree}"
        );
    }
}

#[test]
fn only_the_driver_crate_reads_url_schemes() {
    for (path, text) in sources("crates") {
        let file = relative(&path);
        if file.starts_with("crates/pschema-driver/") || file.contains("/tests/") {
            continue;
        }
        for (n, line) in code_lines(&text) {
            assert!(
                !line.contains("\"://\"") && !line.contains("DatabaseUrl::") && !line.contains("\"postgresql\""),
                "{file}:{n} reads a database URL's scheme; only pschema-driver does: {line}"
            );
        }
    }
}

#[test]
fn only_the_script_module_writes_and_reads_the_markers() {
    let markers = [
        "pschema:rebuild",
        "pschema:end-rebuild",
        "pschema:no-transaction",
        "pschema:step",
        "pschema:drop",
        "pschema:data",
        "pschema:end-data",
        "DATA_BEGIN",
        "DATA_END",
        "REBUILD_BEGIN",
        "REBUILD_END",
        "NO_TRANSACTION",
        "CHECK_REFERENCES",
    ];
    for dir in ["crates", "xtask/src"] {
        for (path, text) in sources(dir) {
            // Tests may look for a marker in what was generated.
            let file = relative(&path);
            if file == "crates/pschema-sql/src/script.rs" || file.contains("/tests/") {
                continue;
            }
            for (n, line) in code_lines(&text) {
                for marker in markers {
                    assert!(
                        !line.contains(marker),
                        "{}:{n} handles the marker {marker}; only pschema_sql::script does: {line}",
                        relative(&path)
                    );
                }
            }
        }
    }
}

#[test]
fn the_schema_crate_emits_no_sql() {
    let manifest = read(&repo_root().join("crates/pschema-schema/Cargo.toml"));
    assert!(
        !manifest.contains("pschema-sql"),
        "pschema-schema depends on the SQL planners"
    );
    for (path, text) in sources("crates/pschema-schema/src") {
        for (n, line) in code_lines(&text) {
            for sql in [
                "CREATE TABLE",
                "ALTER TABLE",
                "DROP TABLE",
                "INSERT INTO",
                "CREATE INDEX",
            ] {
                assert!(!line.contains(sql), "{}:{n} writes SQL: {line}", relative(&path));
            }
        }
    }
}

#[test]
fn no_library_message_names_cargo_xtask() {
    for (path, text) in sources("crates") {
        let file = relative(&path);
        if file.contains("/tests/") {
            continue;
        }
        for (n, line) in code_lines(&text) {
            assert!(
                !line.contains("cargo xtask"),
                "{file}:{n} names `cargo xtask`; messages name the program the user ran: {line}"
            );
        }
    }
}
