//! `current`: the database's revisions.

use super::{load_migrations, open};
use crate::Failure;
use crate::args::Cli;
use crate::output::{CurrentEntry, CurrentOutput, Output, Verbosity};
use pschema_driver::Access;
use pschema_migrate::{Error, migrator};

pub(super) fn execute(cli: &Cli, out: &mut Output) -> Result<(), Failure> {
    let graph = load_migrations(cli, out)?;
    let current = migrator::current(&mut *open(cli, out, Access::Read)?, &graph)?;
    let verbose = out.verbosity() == Verbosity::Verbose;
    let heads = graph.heads();
    let mut entries = Vec::new();
    for id in &current {
        let m = graph
            .get(id)
            .ok_or_else(|| Error::UnknownDatabaseRevision { ids: vec![id.clone()] })?;
        let head = heads.contains(&id.as_str());
        out.text(format!("{id}{}", if head { " (head)" } else { "" }));
        if verbose {
            out.text(format!("  {}\n  {}", m.meta.message, m.dir.display()));
        }
        entries.push(CurrentEntry {
            revision: id.clone(),
            head,
            message: m.meta.message.clone(),
        });
    }
    if current.is_empty() {
        out.note("the database has no revision applied (it is at base)");
    }
    out.json(CurrentOutput { current: entries });
    Ok(())
}
