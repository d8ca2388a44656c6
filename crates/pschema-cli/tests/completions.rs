//! `completions <shell>` and `man`: made from the clap definitions, they name
//! every command and the global options, and the shells (where installed)
//! and groff read them without complaint.

mod common;

use common::*;
use std::path::Path;
use std::process::Command;

/// The commands a person types most, and options every command takes.
const COMMANDS: &[&str] = &["upgrade", "downgrade", "current", "history", "check", "stamp", "lint"];
const GLOBAL_FLAGS: &[&str] = &["--database-url", "--verbose", "--quiet", "--json"];

fn completions(shell: &str) -> String {
    let tmp = tempfile::tempdir().unwrap();
    let out = pschema(tmp.path(), &["completions", shell]);
    assert!(out.status.success(), "completions {shell}: {}", stderr(&out));
    assert!(stderr(&out).is_empty(), "completions {shell}: {}", stderr(&out));
    stdout(&out)
}

fn installed(program: &str) -> bool {
    Command::new(program).arg("--version").output().is_ok()
}

/// Runs `program args... script` on the script in a file; its failure output.
fn syntax_errors(program: &str, args: &[&str], script: &str) -> Option<String> {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("pschema.completion");
    std::fs::write(&file, script).unwrap();
    let out = Command::new(program).args(args).arg(&file).output().unwrap();
    (!out.status.success()).then(|| format!("{}{}", stdout(&out), stderr(&out)))
}

#[test]
fn completion_scripts_name_every_command_and_the_global_flags() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let script = completions(shell);
        assert!(script.len() > 1000, "{shell}: {script}");
        for word in COMMANDS.iter().chain(GLOBAL_FLAGS).chain(&["--indicate-current"]) {
            // fish writes long options without their dashes (`-l database-url`).
            let word = if shell == "fish" {
                word.trim_start_matches('-')
            } else {
                word
            };
            assert!(script.contains(word), "{shell}: no {word}");
        }
    }
}

#[test]
fn the_bash_script_parses_and_completes_a_command_and_a_flag() {
    let script = completions("bash");
    assert!(script.contains("complete -F _pschema"), "{script:.300}");
    if !installed("bash") {
        eprintln!("no bash: skipping its checks");
        return;
    }
    if let Some(errors) = syntax_errors("bash", &["-n"], &script) {
        panic!("bash -n: {errors}");
    }
    // What the shell does on TAB: the function fills COMPREPLY.
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("pschema.bash");
    std::fs::write(&file, &script).unwrap();
    let complete = |words: &str, cword: usize, cur: &str, prev: &str| {
        let program = format!(
            "source {}; COMP_WORDS=({words}); COMP_CWORD={cword}; _pschema pschema {cur} {prev}; echo \"${{COMPREPLY[@]}}\"",
            file.display()
        );
        let out = Command::new("bash").arg("-c").arg(&program).output().unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
        stdout(&out).trim().to_string()
    };
    assert_eq!(complete("pschema upg", 1, "upg", "pschema"), "upgrade");
    assert_eq!(
        complete("pschema history --indicate", 2, "--indicate", "history"),
        "--indicate-current"
    );
}

#[test]
fn the_zsh_and_fish_scripts_parse_where_those_shells_are_installed() {
    for (shell, args) in [("zsh", &["-n"][..]), ("fish", &["--no-execute"][..])] {
        if !installed(shell) {
            eprintln!("no {shell}: skipping");
            continue;
        }
        if let Some(errors) = syntax_errors(shell, args, &completions(shell)) {
            panic!("{shell} {args:?}: {errors}");
        }
    }
}

#[test]
fn an_unknown_shell_is_a_usage_error() {
    let tmp = tempfile::tempdir().unwrap();
    let out = pschema(tmp.path(), &["completions", "tcsh"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("possible values: bash, elvish, fish, powershell, zsh"));
}

#[test]
fn the_man_page_on_stdout_is_pschema_1_with_every_command_and_the_exit_codes() {
    let tmp = tempfile::tempdir().unwrap();
    let out = pschema(tmp.path(), &["man"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let page = stdout(&out);
    assert!(page.contains(".TH pschema 1"), "{page:.500}");
    for command in COMMANDS.iter().chain(&["completions", "man"]) {
        assert!(page.contains(&format!("pschema\\-{command}(1)")), "no {command}");
    }
    assert!(page.contains(r"\-\-database\-url"), "the global options");
    assert!(page.contains(".SH \"EXIT STATUS\""), "{page}");
    assert!(page.contains("check found drift"), "{page}");
    assert!(
        !page.contains(".SH EXTRA"),
        "the exit codes once, not as --help's paragraph too"
    );
    assert_eq!(
        std::fs::read_dir(tmp.path()).unwrap().count(),
        0,
        "without --out nothing is written"
    );
    assert_groff_is_quiet(tmp.path(), "pschema.1", &page);
}

#[test]
fn man_out_writes_a_page_per_command() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("share/man/man1");
    let out = pschema(tmp.path(), &["man", "--out", dir.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let mut pages: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    pages.sort();
    for command in COMMANDS.iter().chain(&["revision", "merge", "completions", "man"]) {
        assert!(
            pages.contains(&format!("pschema-{command}.1")),
            "no page for {command}: {pages:?}"
        );
    }
    assert!(pages.contains(&"pschema.1".to_string()), "{pages:?}");
    assert!(!pages.iter().any(|p| p == "pschema-help.1"), "{pages:?}");
    // It says what it wrote.
    assert!(stdout(&out).contains("pschema-upgrade.1"), "{}", stdout(&out));
    let main = std::fs::read_to_string(dir.join("pschema.1")).unwrap();
    let stdout_page = stdout(&pschema(tmp.path(), &["man"]));
    assert_eq!(
        format!("{}\n", main.trim_end()),
        stdout_page,
        "the same page either way"
    );
    let upgrade = std::fs::read_to_string(dir.join("pschema-upgrade.1")).unwrap();
    let version = env!("CARGO_PKG_VERSION");
    assert!(
        upgrade.contains(&format!(".TH pschema-upgrade 1  \"pschema {version}\"")),
        "the footer names the program and its version: {upgrade:.300}"
    );
    assert!(upgrade.contains(r"\-\-ignore\-checksums"), "its own options");
    assert!(upgrade.contains(r"\-\-database\-url"), "and the global ones");
    let history = std::fs::read_to_string(dir.join("pschema-history.1")).unwrap();
    assert!(history.contains(r"\-\-indicate\-current"), "{history}");
    for page in &pages {
        assert_groff_is_quiet(&dir, page, &std::fs::read_to_string(dir.join(page)).unwrap());
    }
    // --quiet: the pages, and nothing said about them.
    let quiet = pschema(tmp.path(), &["-q", "man", "--out", dir.to_str().unwrap()]);
    assert!(quiet.status.success(), "{}", stderr(&quiet));
    assert_eq!(stdout(&quiet), "");
}

#[test]
fn man_out_into_a_file_is_an_error_naming_it() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("taken");
    std::fs::write(&file, "").unwrap();
    let out = pschema(tmp.path(), &["man", "--out", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("taken"), "{}", stderr(&out));
}

#[test]
fn completions_and_man_with_json_print_one_object() {
    let tmp = tempfile::tempdir().unwrap();
    let out = pschema(tmp.path(), &["--json", "completions", "zsh"]);
    let value: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(value["shell"], "zsh");
    assert!(value["script"].as_str().unwrap().contains("#compdef pschema"));
    let out = pschema(tmp.path(), &["--json", "man"]);
    let value: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert!(value["page"].as_str().unwrap().contains(".TH pschema 1"));
    assert_eq!(value["files"], serde_json::json!([]));
}

/// groff, where installed, renders the page with every warning on and says nothing.
fn assert_groff_is_quiet(dir: &Path, name: &str, page: &str) {
    if !installed("groff") {
        return;
    }
    let file = dir.join(format!("{name}.check"));
    std::fs::write(&file, page).unwrap();
    let out = Command::new("groff")
        .args(["-man", "-Tutf8", "-ww", "-z"])
        .arg(&file)
        .output()
        .unwrap();
    std::fs::remove_file(&file).unwrap();
    assert!(
        out.status.success() && out.stderr.is_empty(),
        "groff on {name}: {}",
        stderr(&out)
    );
}
