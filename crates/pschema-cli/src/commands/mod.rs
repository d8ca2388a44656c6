//! One module per command, over the shared arguments ([`crate::args`]) and
//! output ([`crate::output`]).

mod check;
mod current;
mod fmt;
mod graph_drawing;
mod hash;
mod history;
mod init;
mod lint;
mod revision;
mod run;
mod show;
mod squash;
mod stamp;

use crate::args::{Cli, Command};
use crate::output::Output;
use crate::{Failure, args};
use pschema_driver::Access;
use pschema_migrate::driver::LockRetry;
use pschema_migrate::{Driver, Error, Graph, Migration, Options, dir};
use std::time::Duration;

pub(crate) fn execute(cli: &Cli, out: &mut Output) -> Result<(), Failure> {
    match &cli.command {
        Command::Upgrade(run) => run::execute(cli, out, run, pschema_migrate::Direction::Up),
        Command::Downgrade(run) => run::execute(cli, out, run, pschema_migrate::Direction::Down),
        Command::Current { verbose } => current::execute(cli, out, *verbose),
        Command::History {
            rev_range,
            verbose,
            graph,
        } => history::history(cli, out, rev_range.as_deref(), *verbose, *graph),
        Command::Heads => history::heads(cli, out),
        Command::Branches => history::branches(cli, out),
        Command::Show { revision } => show::execute(cli, out, revision),
        Command::Revision {
            message,
            autogenerate,
            rev_id,
            allow_destructive,
            head,
            verify_postgres_url,
        } => revision::revision(
            cli,
            out,
            revision::Request {
                message,
                autogenerate: *autogenerate,
                rev_id: rev_id.as_deref(),
                allow_destructive: *allow_destructive,
                head: head.as_deref(),
                verify_postgres_url: verify_postgres_url.as_deref(),
            },
        ),
        Command::Merge {
            message,
            revisions,
            rev_id,
            autogenerate,
            allow_destructive,
            verify_postgres_url,
        } => revision::merge(
            cli,
            out,
            revision::Request {
                message,
                autogenerate: *autogenerate,
                rev_id: rev_id.as_deref(),
                allow_destructive: *allow_destructive,
                head: None,
                verify_postgres_url: verify_postgres_url.as_deref(),
            },
            revisions,
        ),
        Command::Squash {
            revision,
            verify_postgres_url,
        } => squash::execute(cli, out, revision, verify_postgres_url.as_deref()),
        Command::Stamp { revision, purge, force } => stamp::execute(cli, out, revision, *purge, *force),
        Command::Check => check::execute(cli, out),
        Command::Hash => hash::execute(cli, out),
        Command::Lint {
            range,
            all,
            fail_on,
            dialect,
        } => lint::execute(cli, out, range.as_deref(), *all, *fail_on, *dialect),
        Command::Fmt { check, file } => fmt::execute(cli, out, *check, file.as_ref()),
        Command::Init { dialects } => init::execute(out, dialects),
    }
}

/// Every migration in the folder, checksums verified.
pub(crate) fn load_graph(cli: &Cli) -> Result<Graph, Error> {
    Graph::new(dir::load(&cli.migrations_dir)?)
}

/// For commands that run against a database: a folder with no migration
/// in it is a mistake (a wrong path), not a database at base.
pub(crate) fn load_migrations(cli: &Cli) -> Result<Graph, Error> {
    let graph = load_graph(cli)?;
    if graph.migrations().is_empty() {
        return Err(Error::NoMigrations {
            path: cli.migrations_dir.clone(),
        });
    }
    Ok(graph)
}

pub(crate) fn options(cli: &Cli, run: Option<&args::RunArgs>) -> Options {
    Options {
        lock_timeout: Duration::from_secs(cli.lock_timeout),
        ignore_checksums: run.is_some_and(|r| r.ignore_checksums),
        retry_failed: run.is_some_and(|r| r.retry_failed),
        lock_retry: LockRetry {
            timeout: Duration::from_millis(cli.ddl_lock_timeout),
            attempts: cli.ddl_attempts,
            ..LockRetry::default()
        },
    }
}

pub(crate) fn open(cli: &Cli, access: Access) -> Result<Box<dyn Driver>, Error> {
    pschema_driver::open(&cli.database_url, access, Duration::from_secs(cli.lock_timeout))
}

pub(crate) fn children<'g>(graph: &'g Graph, id: &str) -> Vec<&'g str> {
    graph
        .migrations()
        .iter()
        .filter(|c| c.meta.parents.iter().any(|p| p == id))
        .map(Migration::id)
        .collect()
}

/// `a, b (head)`, or `base`.
pub(crate) fn shown_heads(graph: &Graph, current: &[String]) -> String {
    if current.is_empty() {
        return "base".to_string();
    }
    let heads = graph.heads();
    current
        .iter()
        .map(|c| {
            if heads.contains(&c.as_str()) {
                format!("{c} (head)")
            } else {
                c.clone()
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}
