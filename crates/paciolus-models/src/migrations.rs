//! The migrations of `migrations/`, compiled in (`build.rs` checks them when
//! the crate is built) and run by pschema's one runner over the caller's
//! connection.

use pschema_driver::postgres::PostgresDriver;
use pschema_driver::sqlite::SqliteDriver;
use pschema_migrate::{Driver, Error, Graph, Options, Report, Target, dir, migrator};

include!(concat!(env!("OUT_DIR"), "/migrations.rs"));

/// The compiled-in migrations as a revision graph, every checksum verified
/// again as `pschema` verifies a migrations folder.
pub fn migrations() -> Result<Graph, Error> {
    let loaded = MIGRATIONS
        .iter()
        .map(|(folder, files)| dir::from_memory(folder, files))
        .collect::<Result<Vec<_>, _>>()?;
    Graph::new(loaded)
}

/// A connection [`migrate`] can bring to head.
pub trait Migratable {
    /// A driver over this connection (see `SqliteDriver::over` and
    /// `PostgresDriver::over` for the lock each takes).
    fn driver(&mut self, options: &Options) -> Result<Box<dyn Driver + '_>, Error>;
}

/// A database file is locked as the command line locks it
/// (`<file>.pschema-lock`); one in memory belongs to this connection alone.
impl Migratable for rusqlite::Connection {
    fn driver(&mut self, options: &Options) -> Result<Box<dyn Driver + '_>, Error> {
        Ok(Box::new(SqliteDriver::over(self, options.lock_timeout)?))
    }
}

/// The migration lock is pschema's advisory lock, on this client's session;
/// the client's current schema is migrated.
impl Migratable for postgres::Client {
    fn driver(&mut self, _options: &Options) -> Result<Box<dyn Driver + '_>, Error> {
        Ok(Box::new(PostgresDriver::over(self)))
    }
}

/// Brings the database to head with the compiled-in migrations, as
/// `pschema upgrade head` does (the same runner, lock, checks and
/// `alembic_version` and `pschema_history` rows). Call it outside a
/// transaction.
pub fn migrate(conn: &mut impl Migratable) -> Result<Report, Error> {
    let graph = migrations()?;
    let options = Options::default();
    let mut driver = conn.driver(&options)?;
    migrator::upgrade(&mut *driver, &graph, &Target::Heads, &options, &mut |_| {})
}
