//! `completions` and `man`: shell completion scripts and man pages, made
//! from the clap definitions of [`crate::args`], so they never fall behind.

use crate::Failure;
use crate::args::Cli;
use crate::output::{CompletionsOutput, ManOutput, Output};
use clap::CommandFactory;
use clap_complete::Shell;
use pschema_migrate::Error;
use std::path::{Path, PathBuf};

/// The name the scripts and pages give the program: the binary's, also
/// through `cargo xtask migrate` (a shell completes one word).
const BIN: &str = "pschema";

fn command() -> clap::Command {
    let mut cmd = Cli::command().bin_name(BIN).disable_help_subcommand(true);
    cmd.build();
    cmd
}

pub(super) fn completions(out: &mut Output, shell: Shell) -> Result<(), Failure> {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command(), BIN, &mut script);
    let script = String::from_utf8_lossy(&script).into_owned();
    out.text(script.trim_end());
    out.json(CompletionsOutput {
        shell: shell.to_string(),
        script,
    });
    Ok(())
}

pub(super) fn man(out: &mut Output, dir: Option<&Path>) -> Result<(), Failure> {
    let cmd = command();
    let Some(dir) = dir else {
        let mut page = Vec::new();
        render(&cmd, &mut page, Path::new("-"))?;
        let page = String::from_utf8_lossy(&page).into_owned();
        out.text(page.trim_end());
        out.json(ManOutput {
            files: Vec::new(),
            page: Some(page),
        });
        return Ok(());
    };
    std::fs::create_dir_all(dir).map_err(|e| Error::Io {
        path: dir.to_path_buf(),
        source: e,
    })?;
    let mut files = Vec::new();
    write_pages(&cmd, dir, &mut files)?;
    for file in &files {
        out.info(format!("wrote {}", file.display()));
    }
    out.json(ManOutput { files, page: None });
    Ok(())
}

/// `pschema.1`, then a page per subcommand that is not hidden
/// (`pschema-upgrade.1`, ...).
fn write_pages(cmd: &clap::Command, dir: &Path, files: &mut Vec<PathBuf>) -> Result<(), Error> {
    let path = dir.join(clap_mangen::Man::new(cmd.clone()).get_filename());
    let mut page = Vec::new();
    render(cmd, &mut page, &path)?;
    std::fs::write(&path, page).map_err(|e| Error::Io {
        path: path.clone(),
        source: e,
    })?;
    files.push(path);
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        write_pages(sub, dir, files)?;
    }
    Ok(())
}

/// A page; the main one says what the exit codes mean in an EXIT STATUS
/// section, instead of the --help paragraph clap_mangen would print as EXTRA.
fn render(cmd: &clap::Command, to: &mut Vec<u8>, path: &Path) -> Result<(), Error> {
    let main = cmd.get_after_help().is_some();
    let cmd = cmd.clone().after_help(None::<&str>);
    // Every page's footer names the program and its version (a subcommand's
    // would name only itself).
    let source = format!("{BIN} {}", env!("CARGO_PKG_VERSION"));
    clap_mangen::Man::new(cmd)
        .source(source)
        .render(to)
        .map_err(|e| Error::Io {
            path: path.to_path_buf(),
            source: e,
        })?;
    if main {
        let page = String::from_utf8_lossy(to).into_owned();
        let at = page.find("\n.SH VERSION").map_or(page.len(), |i| i + 1);
        *to = format!("{}{}{}", &page[..at], exit_status(), &page[at..]).into_bytes();
    }
    Ok(())
}

fn exit_status() -> String {
    let mut roff = roff::Roff::new();
    roff.control("SH", ["EXIT STATUS"]);
    for (code, meaning) in crate::args::EXIT_CODES {
        roff.control("TP", []);
        roff.text([roff::bold(code.to_string())]);
        roff.text([roff::roman(*meaning)]);
    }
    roff.to_roff()
}
