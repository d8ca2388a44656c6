//! `squash <rev>`: the history up to a revision collapsed into one baseline
//! migration with its id (`pschema_migrate::squash`).

use super::load_migrations;
use crate::Failure;
use crate::args::Cli;
use crate::output::{Output, SquashOutput};
use pschema_migrate::{ScratchServer, squash};

pub(super) fn execute(
    cli: &Cli,
    out: &mut Output,
    revision: &str,
    verify_postgres_url: Option<&str>,
) -> Result<(), Failure> {
    let graph = load_migrations(cli, out)?;
    let dialects = cli.dialects();
    let plan = squash::plan(&graph, revision, &dialects, &pschema_migrate::revision::now_timestamp())?;
    let mut servers = pschema_driver::verification_servers(verify_postgres_url)?;
    servers.retain(|s| dialects.contains(&s.dialect()));
    let verified_on: Vec<String> = servers.iter().map(|s| s.dialect().dir_name().to_string()).collect();
    let mut on: Vec<&mut dyn ScratchServer> = servers.iter_mut().map(|s| &mut **s as &mut dyn ScratchServer).collect();
    squash::verify(&mut on, &graph, &plan)?;
    let dir = squash::write(&cli.migrations_dir, &plan)?;

    let id = &plan.id;
    let (first, count) = (
        plan.replaced.first().map_or(id.as_str(), |r| r.id.as_str()),
        plan.replaced.len(),
    );
    let standing_for = match plan.meta.squashes.len() {
        n if n == count => String::new(),
        n => format!(" (which stands for {n} revisions, with those an earlier squash replaced)"),
    };
    out.text(format!(
        "Squashed {count} migrations, {first} to {id}, into the baseline {id}{standing_for} in {}.",
        dir.display()
    ));
    for r in &plan.replaced {
        out.text(format!("  removed {}", r.dir.display()));
    }
    if !verified_on.is_empty() {
        out.text(format!(
            "Checked on {}: the migrations squashed build the baseline's schema.",
            servers
                .iter()
                .map(|s| s.dialect().to_string())
                .collect::<Vec<_>>()
                .join(" and ")
        ));
    }
    if !plan.children.is_empty() {
        out.text(format!(
            "Kept as they were, with {id} as their parent: {}.",
            plan.children.join(", ")
        ));
    }
    out.text(format!(
        "A database at {id} or later goes on upgrading; one at an older revision must first reach {id} \
         with a checkout from before the squash."
    ));
    out.json(SquashOutput {
        revision: id.clone(),
        dir,
        message: plan.meta.message.clone(),
        squashes: plan.meta.squashes.clone(),
        removed: plan.replaced.iter().map(|r| r.dir.clone()).collect(),
        children: plan.children.clone(),
        dialects: dialects.iter().map(|d| d.dir_name().to_string()).collect(),
        verified_on,
    });
    Ok(())
}
