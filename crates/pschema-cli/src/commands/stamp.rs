//! `stamp`: record a revision without running migrations.

use super::{load_migrations, open, options};
use crate::Failure;
use crate::args::Cli;
use crate::output::{Output, StampOutput};
use pschema_driver::Access;
use pschema_migrate::migrator;

pub(super) fn execute(cli: &Cli, out: &mut Output, revision: &str, purge: bool, force: bool) -> Result<(), Failure> {
    let graph = load_migrations(cli, out)?;
    let mut driver = open(cli, out, Access::Write)?;
    let mut observe = crate::progress::observer(out.shown(driver.dialect()));
    let options = options(cli, None);
    let report = migrator::stamp(&mut *driver, &graph, revision, purge, force, &options, &mut observe)?;
    let at = if report.current.is_empty() {
        "base".to_string()
    } else {
        report.current.join(", ")
    };
    out.info(format!("Stamped: the database is now at {at}."));
    out.json(StampOutput {
        current: report.current,
    });
    Ok(())
}
