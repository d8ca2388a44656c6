//! `cargo xtask codegen [--check]`: the code generated from schemas, written
//! or checked (as rust-analyzer checks its generated files).
//!
//! Targets: `schema/paciolus.pschema` gives `crates/paciolus-models/src/generated/`
//! and `generated/python/paciolus_schema.py`; each fixture
//! `crates/pschema-codegen/tests/data/<name>/schema.pschema` gives `rust/` and
//! `<name>.py` beside it. A generated folder belongs to the generator whole
//! (a file it no longer makes is removed); nothing outside it is written, so
//! code written by hand beside it is never lost.

use anyhow::{Context, Result, bail};
use std::path::{Path, PathBuf};

const COMMAND: &str = "cargo xtask codegen";

pub struct Target {
    /// The schema file, relative to the repository.
    pub schema: String,
    /// The folder the Rust models are written to (whole).
    pub rust_dir: PathBuf,
    /// The SQLAlchemy module.
    pub python_file: PathBuf,
}

/// The project's own target, from the `[codegen]` section of its
/// pschema.toml (paths relative to it).
fn project_target(root: &Path) -> Result<Target> {
    let project = pschema_cli::config::Project::find(root)?
        .with_context(|| format!("no {} at or above {}", pschema_cli::config::FILE_NAME, root.display()))?;
    let file = &project.file;
    let missing = |key: &str| {
        format!(
            "{} has no {key}",
            project.root.join(pschema_cli::config::FILE_NAME).display()
        )
    };
    let schema = file.schema.clone().with_context(|| missing("`schema`"))?;
    Ok(Target {
        schema: schema.to_string_lossy().into_owned(),
        rust_dir: project.path(file.codegen.rust.as_ref().with_context(|| missing("[codegen] rust"))?),
        python_file: project.path(
            file.codegen
                .python
                .as_ref()
                .with_context(|| missing("[codegen] python"))?,
        ),
    })
}

pub fn targets(root: &Path) -> Result<Vec<Target>> {
    let mut targets = vec![project_target(root)?];
    let fixtures = root.join("crates/pschema-codegen/tests/data");
    if fixtures.is_dir() {
        let mut names: Vec<String> = std::fs::read_dir(&fixtures)
            .with_context(|| format!("reading {}", fixtures.display()))?
            .filter_map(|e| e.ok())
            .filter(|e| e.path().join("schema.pschema").is_file())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        for name in names {
            let dir = fixtures.join(&name);
            targets.push(Target {
                schema: format!("crates/pschema-codegen/tests/data/{name}/schema.pschema"),
                rust_dir: dir.join("rust"),
                python_file: dir.join(format!("{name}.py")),
            });
        }
    }
    Ok(targets)
}

/// The schema file's code: every file with its path and text.
pub fn generate(root: &Path, target: &Target) -> Result<Vec<(PathBuf, String)>> {
    let path = root.join(&target.schema);
    let bytes = std::fs::read(&path).with_context(|| format!("reading {}", path.display()))?;
    let source = match pschema_syntax::decode(&bytes) {
        Ok(text) => text.to_string(),
        Err(bad) => bail!(
            "{}",
            pschema_syntax::render(&target.schema, &bad.text, &[bad.diagnostic])
        ),
    };
    let schema = pschema_schema::parse_schema(&source)
        .map_err(|d| anyhow::anyhow!("{}", pschema_syntax::render(&target.schema, &source, &d)))?;
    let options = pschema_codegen::Options {
        source: &target.schema,
        command: COMMAND,
    };
    let generated = match pschema_codegen::generate(&schema, &options) {
        Ok(generated) => generated,
        Err(pschema_codegen::Error::Names(errors)) => {
            let file = pschema_syntax::parse(&source).map_err(|d| anyhow::anyhow!("{}", d.message))?;
            let diagnostics = pschema_codegen::names::diagnostics(&file, &errors);
            bail!(
                "{} name(s) of {} cannot be generated:\n{}",
                errors.len(),
                target.schema,
                pschema_syntax::render(&target.schema, &source, &diagnostics)
            )
        }
        Err(e) => return Err(e).with_context(|| format!("generating from {}", target.schema)),
    };
    let mut files: Vec<(PathBuf, String)> = generated
        .rust
        .into_iter()
        .map(|f| (target.rust_dir.join(f.path), f.text))
        .collect();
    files.push((target.python_file.clone(), generated.python));
    Ok(files)
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                out.extend(files_under(&path));
            } else {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// What differs between the files on disk and the generated ones:
/// (missing or different, not generated any more).
fn differences(target: &Target, files: &[(PathBuf, String)]) -> (Vec<PathBuf>, Vec<PathBuf>) {
    let changed = files
        .iter()
        .filter(|(path, text)| std::fs::read_to_string(path).ok().as_deref() != Some(text.as_str()))
        .map(|(path, _)| path.clone())
        .collect();
    let extra = files_under(&target.rust_dir)
        .into_iter()
        .filter(|p| !files.iter().any(|(path, _)| path == p))
        .collect();
    (changed, extra)
}

pub fn main(root: &Path, args: &[String]) -> Result<()> {
    let check = match args {
        [] => false,
        [flag] if flag == "--check" => true,
        _ => bail!("usage: cargo xtask codegen [--check]"),
    };
    let mut stale = Vec::new();
    for target in targets(root)? {
        let files = generate(root, &target)?;
        let (changed, extra) = differences(&target, &files);
        if check {
            stale.extend(changed);
            stale.extend(extra);
            continue;
        }
        for path in &extra {
            std::fs::remove_file(path).with_context(|| format!("removing {}", path.display()))?;
        }
        for (path, text) in files.iter().filter(|(p, _)| changed.contains(p)) {
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
            }
            std::fs::write(path, text).with_context(|| format!("writing {}", path.display()))?;
        }
        let shown = |p: &PathBuf| p.strip_prefix(root).unwrap_or(p).display().to_string();
        for path in changed.iter().chain(&extra) {
            let verb = if extra.contains(path) { "removed" } else { "wrote" };
            println!("{verb} {}", shown(path));
        }
    }
    if !stale.is_empty() {
        let shown: Vec<String> = stale
            .iter()
            .map(|p| format!("  {}", p.strip_prefix(root).unwrap_or(p).display()))
            .collect();
        bail!(
            "the generated code is not what the schema gives; run `{COMMAND}` and commit the result:\n{}",
            shown.join("\n")
        );
    }
    Ok(())
}

/// `cargo xtask bench codegen`'s inner loop, run in the release binary:
/// renders the synthetic schema's code `runs` times; the median in ms.
pub fn time(schema_text: &str, runs: usize) -> Result<f64> {
    let schema =
        pschema_schema::parse_schema(schema_text).map_err(|d| anyhow::anyhow!("synthetic schema: {}", d.len()))?;
    let options = pschema_codegen::Options {
        source: "synthetic.pschema",
        command: COMMAND,
    };
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let started = std::time::Instant::now();
        let generated = pschema_codegen::generate(&schema, &options)?;
        times.push(started.elapsed().as_secs_f64() * 1000.0);
        std::hint::black_box(generated);
    }
    times.sort_by(|a, b| a.total_cmp(b));
    Ok(times[times.len() / 2])
}
