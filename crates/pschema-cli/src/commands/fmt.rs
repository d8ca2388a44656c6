//! `fmt`: the schema file in canonical form.

use crate::Failure;
use crate::args::Cli;
use crate::output::{FmtOutput, Output};
use pschema_migrate::Error;
use std::path::PathBuf;

pub(super) fn execute(cli: &Cli, out: &mut Output, check: bool, file: Option<&PathBuf>) -> Result<(), Failure> {
    let path = file.unwrap_or(&cli.schema);
    super::schema_used(out, path);
    let bytes = std::fs::read(path).map_err(|e| Error::Io {
        path: path.clone(),
        source: e,
    })?;
    // Without its byte order mark: a file that differs only by one is formatted.
    let source = pschema_syntax::decode(&bytes).map_err(|bad| Error::InvalidSchema {
        path: path.clone(),
        count: 1,
        rendered: bad.render(&path.display().to_string()),
    })?;
    let formatted = pschema_syntax::format_source(source).map_err(|d| Error::InvalidSchema {
        path: path.clone(),
        count: 1,
        rendered: pschema_syntax::render(&path.display().to_string(), source, &[d]),
    })?;
    let changed = formatted != source;
    if check {
        if changed {
            return Err(Failure::Check(format!(
                "{} is not formatted; run `{} fmt`",
                path.display(),
                out.program()
            )));
        }
        out.info(format!("{} is formatted", path.display()));
    } else if changed {
        std::fs::write(path, &formatted).map_err(|e| Error::Io {
            path: path.clone(),
            source: e,
        })?;
        out.info(format!("formatted {}", path.display()));
    } else {
        out.info(format!("{} is already formatted", path.display()));
    }
    out.json(FmtOutput {
        file: path.clone(),
        changed,
    });
    Ok(())
}
