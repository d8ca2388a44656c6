//! `show`: one revision in full.

use super::{children, load_graph};
use crate::Failure;
use crate::args::Cli;
use crate::output::{MigrationJson, Output};
use pschema_migrate::Error;

pub(super) fn execute(cli: &Cli, out: &mut Output, revision: &str) -> Result<(), Failure> {
    let graph = load_graph(cli, out)?;
    let id = graph.resolve(revision)?;
    let m = graph
        .get(id)
        .ok_or_else(|| Error::UnknownRevision { id: id.to_string() })?;
    let parents = if m.meta.parents.is_empty() {
        "<base>".to_string()
    } else {
        m.meta.parents.join(", ")
    };
    let children = children(&graph, id);
    let yes_no = |b: bool| if b { "yes" } else { "no" };
    out.text(format!(
        "Rev: {id}{}",
        if graph.heads().contains(&id) { " (head)" } else { "" }
    ));
    out.text(format!("Parent: {parents}"));
    if !children.is_empty() {
        out.text(format!("Children: {}", children.join(", ")));
    }
    out.text(format!("Path: {}", m.dir.display()));
    out.text(format!("Created: {}", m.meta.created));
    out.text(format!("Destructive: {}", yes_no(m.meta.destructive)));
    out.text(format!("Down loses data: {}", yes_no(m.meta.down_loses_data)));
    if let [first, .., last] = m.meta.squashes.as_slice() {
        out.text(format!(
            "Squashes: {} migrations, {first} to {last} (a database at one of the others must reach {id} \
             with a checkout from before the squash)",
            m.meta.squashes.len()
        ));
    }
    out.text(format!("\n    {}", m.meta.message));
    out.json(MigrationJson::new(&graph, m));
    Ok(())
}
