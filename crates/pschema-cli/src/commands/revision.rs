//! `revision` and `merge`: new migrations.

use crate::Failure;
use crate::args::Cli;
use crate::output::{Output, RevisionOutput};
use pschema_migrate::{ScratchServer, revision};

pub(super) struct Request<'a> {
    pub message: &'a str,
    pub autogenerate: bool,
    pub rev_id: Option<&'a str>,
    pub allow_destructive: bool,
    pub head: Option<&'a str>,
    pub verify_postgres_url: Option<&'a str>,
}

pub(super) fn revision(cli: &Cli, out: &mut Output, request: Request<'_>) -> Result<(), Failure> {
    let dialects = cli.dialects();
    used(cli, out);
    let mut servers = if request.autogenerate {
        pschema_driver::verification_servers(request.verify_postgres_url)?
    } else {
        Vec::new()
    };
    servers.retain(|s| dialects.contains(&s.dialect()));
    let outcome = revision::create(revision::RevisionRequest {
        migrations_dir: &cli.migrations_dir,
        schema_path: &cli.schema,
        message: request.message,
        rev_id: request.rev_id,
        autogenerate: request.autogenerate,
        allow_destructive: request.allow_destructive,
        head: request.head,
        verify_on: servers.iter_mut().map(|s| &mut **s as &mut dyn ScratchServer).collect(),
        tamper: None,
        dialects: &dialects,
    })?;
    print(out, cli, outcome);
    Ok(())
}

pub(super) fn merge(cli: &Cli, out: &mut Output, request: Request<'_>, revisions: &[String]) -> Result<(), Failure> {
    used(cli, out);
    let dialects = cli.dialects();
    let mut servers = pschema_driver::verification_servers(request.verify_postgres_url)?;
    servers.retain(|s| dialects.contains(&s.dialect()));
    let outcome = revision::merge(revision::MergeRequest {
        migrations_dir: &cli.migrations_dir,
        schema_path: &cli.schema,
        message: request.message,
        revisions,
        rev_id: request.rev_id,
        autogenerate: request.autogenerate,
        allow_destructive: request.allow_destructive,
        dialects: &dialects,
        verify_on: servers.iter_mut().map(|s| &mut **s as &mut dyn ScratchServer).collect(),
    })?;
    print(out, cli, outcome);
    Ok(())
}

/// `-v`: the folder written to and the schema file read.
fn used(cli: &Cli, out: &mut Output) {
    out.detail(format!("migrations: {}", cli.migrations_dir.display()));
    super::schema_used(out, &cli.schema);
}

fn print(out: &mut Output, cli: &Cli, outcome: revision::RevisionOutcome) {
    match outcome {
        revision::RevisionOutcome::Written {
            id,
            dir,
            changes,
            destructive,
        } => {
            for change in &changes {
                out.info(format!("  - {change}"));
            }
            out.info(format!(
                "Generated {id} in {}; review its SQL before applying.",
                dir.display()
            ));
            out.json(RevisionOutput {
                revision: Some(id),
                dir: Some(dir),
                changes,
                destructive: Some(destructive),
            });
        }
        revision::RevisionOutcome::NothingToDo { head } => {
            out.info(format!(
                "No changes: {} matches the latest migration{}; nothing written.",
                cli.schema.display(),
                head.map(|h| format!(" ({h})")).unwrap_or_default()
            ));
            out.json(RevisionOutput {
                revision: None,
                dir: None,
                changes: Vec::new(),
                destructive: None,
            });
        }
    }
}
