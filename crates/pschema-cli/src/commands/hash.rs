//! `hash`: record the checksums of migrations edited on purpose.

use crate::Failure;
use crate::args::Cli;
use crate::output::{HashOutput, Output};
use pschema_migrate::{Error, dir};
use std::path::PathBuf;

pub(super) fn execute(cli: &Cli, out: &mut Output) -> Result<(), Failure> {
    let mut updated = Vec::new();
    for path in migration_dirs(cli)? {
        for file in dir::rehash(&path)? {
            out.info(format!("recorded new checksum of {}", path.join(&file).display()));
            updated.push(path.join(file));
        }
    }
    if updated.is_empty() {
        out.info("every checksum is up to date");
    }
    out.json(HashOutput { updated });
    Ok(())
}

/// Migration folders, without verifying their checksums.
fn migration_dirs(cli: &Cli) -> Result<Vec<PathBuf>, Error> {
    let entries = std::fs::read_dir(&cli.migrations_dir).map_err(|e| Error::Io {
        path: cli.migrations_dir.clone(),
        source: e,
    })?;
    let mut dirs: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join(dir::META_FILE).is_file())
        .collect();
    dirs.sort();
    Ok(dirs)
}
