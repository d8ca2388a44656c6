//! The databases pschema migrates: a [`Driver`] per dialect, each behind a
//! cargo feature (`sqlite`, `postgres`, both by default), and [`open`], the
//! one place where a database URL's scheme picks one.
//!
//! Invariant: this is the only crate that touches a database; what to run is
//! decided in `pschema-migrate`, which knows no database library.

mod records;
pub mod url;

#[cfg(feature = "postgres")]
pub mod postgres;
#[cfg(feature = "sqlite")]
pub mod sqlite;

use pschema_migrate::{Driver, Error, ScratchServer};
use pschema_sql::Dialect;
use pschema_sql::bookkeeping::Tables;
use std::time::Duration;
pub use url::DatabaseUrl;

/// What a command does with the database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Reads only: nothing is created, a missing SQLite file stays missing.
    Read,
    /// Writes: a missing SQLite file is created by the first write.
    Write,
}

fn not_built(url: &DatabaseUrl, dialect: Dialect) -> Error {
    Error::BadUrl {
        url: url.shown(),
        why: format!("this build of pschema has no {dialect} driver"),
    }
}

/// The database of `url`, for `access`, with Alembic's and pschema's table names.
pub fn open(url: &str, access: Access, lock_timeout: Duration) -> Result<Box<dyn Driver>, Error> {
    open_with(url, access, lock_timeout, Tables::default())
}

/// [`open`], with the bookkeeping tables named `tables`.
#[cfg_attr(not(feature = "sqlite"), allow(unused_variables))]
pub fn open_with(url: &str, access: Access, lock_timeout: Duration, tables: Tables) -> Result<Box<dyn Driver>, Error> {
    let parsed = DatabaseUrl::parse(url)?;
    match &parsed {
        DatabaseUrl::SqliteMemory if access == Access::Write => Err(Error::NoDatabaseFile { url: parsed.shown() }),
        #[cfg(feature = "sqlite")]
        DatabaseUrl::SqliteMemory => Ok(Box::new(sqlite::SqliteDriver::memory()?.with_tables(tables))),
        #[cfg(feature = "sqlite")]
        DatabaseUrl::SqliteFile(path) => Ok(Box::new(
            sqlite::SqliteDriver::open(path, access, lock_timeout)?.with_tables(tables),
        )),
        #[cfg(feature = "postgres")]
        DatabaseUrl::Postgres(url) => Ok(Box::new(postgres::PostgresDriver::connect(url)?.with_tables(tables))),
        #[allow(unreachable_patterns)]
        other => Err(not_built(other, dialect(other))),
    }
}

fn dialect(url: &DatabaseUrl) -> Dialect {
    match url {
        DatabaseUrl::SqliteFile(_) | DatabaseUrl::SqliteMemory => Dialect::Sqlite,
        DatabaseUrl::Postgres(_) => Dialect::Postgres,
    }
}

/// A live schema without the bookkeeping tables of `tables` (introspection
/// leaves out Alembic's and pschema's default names itself).
pub(crate) fn without_bookkeeping(
    mut schema: pschema_migrate::db_schema::DbSchema,
    tables: &Tables,
) -> pschema_migrate::db_schema::DbSchema {
    for name in tables.all() {
        schema.tables.remove(name);
    }
    schema
}

/// The dialect a URL speaks, for SQL printed without a database.
pub fn dialect_of(url: &str) -> Result<Dialect, Error> {
    Ok(dialect(&DatabaseUrl::parse(url)?))
}

/// Where `revision --autogenerate` verifies a migration before it writes it:
/// SQLite in memory always, and a PostgreSQL server when one is given.
#[allow(
    clippy::vec_init_then_push,
    reason = "which servers are pushed depends on the features built"
)]
pub fn verification_servers(postgres_url: Option<&str>) -> Result<Vec<Box<dyn ScratchServer>>, Error> {
    let mut servers: Vec<Box<dyn ScratchServer>> = Vec::new();
    #[cfg(feature = "sqlite")]
    servers.push(Box::new(sqlite::MemoryServer));
    if let Some(url) = postgres_url {
        let parsed = DatabaseUrl::parse(url)?;
        match &parsed {
            #[cfg(feature = "postgres")]
            DatabaseUrl::Postgres(url) => servers.push(Box::new(postgres::Server::new(url))),
            #[cfg(not(feature = "postgres"))]
            DatabaseUrl::Postgres(_) => return Err(not_built(&parsed, Dialect::Postgres)),
            other => {
                return Err(Error::BadUrl {
                    url: other.shown(),
                    why: "the verification server must be a postgresql:// URL".into(),
                });
            }
        }
    }
    Ok(servers)
}

/// A table name quoted for SQL, as both dialects read `"..."`.
pub(crate) fn quoted_name(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}
