//! One module per command, over the shared arguments ([`crate::args`]) and
//! output ([`crate::output`]).

mod check;
mod current;
mod diagram;
mod fmt;
mod generate;
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
        Command::Current => current::execute(cli, out),
        Command::History {
            rev_range,
            indicate_current,
            graph,
        } => history::history(cli, out, rev_range.as_deref(), *indicate_current, *graph),
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
        Command::Schema {
            command: args::SchemaCommand::Diagram(diagram),
        } => diagram::execute(cli, out, diagram),
        Command::Completions { shell } => generate::completions(out, *shell),
        Command::Man { out: dir } => generate::man(out, dir.as_deref()),
    }
}

/// Every migration in the folder, checksums verified.
pub(crate) fn load_graph(cli: &Cli, out: &mut Output) -> Result<Graph, Error> {
    let graph = Graph::new(dir::load(&cli.migrations_dir)?)?;
    describe_graph(cli, out, &graph);
    Ok(graph)
}

/// The `-v` line about the migrations found.
pub(crate) fn describe_graph(cli: &Cli, out: &mut Output, graph: &Graph) {
    let heads = graph.heads();
    out.detail(format!(
        "migrations: {} ({} migration(s); head {})",
        cli.migrations_dir.display(),
        graph.migrations().len(),
        if heads.is_empty() {
            "none".to_string()
        } else {
            heads.join(", ")
        }
    ));
}

/// For commands that run against a database: a folder with no migration
/// in it is a mistake (a wrong path), not a database at base.
pub(crate) fn load_migrations(cli: &Cli, out: &mut Output) -> Result<Graph, Error> {
    let graph = load_graph(cli, out)?;
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

pub(crate) fn open(cli: &Cli, out: &mut Output, access: Access) -> Result<Box<dyn Driver>, Error> {
    out.detail(format!("database: {}", shown_url(&cli.database_url)));
    pschema_driver::open_with(
        &cli.database_url,
        access,
        Duration::from_secs(cli.lock_timeout),
        cli.tables(),
    )
}

/// A database URL for messages: never its password, also when it does not parse.
pub(crate) fn shown_url(url: &str) -> String {
    pschema_driver::url::shown(url)
}

/// `-v`: the schema file a command reads.
pub(crate) fn schema_used(out: &mut Output, path: &std::path::Path) {
    out.detail(format!("schema: {}", path.display()));
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
