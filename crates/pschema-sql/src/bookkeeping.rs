//! The two tables a migrated database keeps: Alembic's `alembic_version`,
//! with Alembic's own DDL so that Alembic reads the database as its own, and
//! pschema's `pschema_history`, one row per migration applied or reverted.

use crate::Dialect;

pub const ALEMBIC_VERSION_DDL: &str = "CREATE TABLE alembic_version (\n\tversion_num VARCHAR(32) NOT NULL, \n\tCONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)\n)";

/// `pschema_history`: an integer key of the dialect's own kind.
pub fn history_ddl(dialect: Dialect) -> String {
    let id = match dialect {
        Dialect::Sqlite => "INTEGER",
        Dialect::Postgres => "SERIAL",
    };
    format!(
        "CREATE TABLE pschema_history (\n\
         \tid {id} NOT NULL, \n\
         \trevision VARCHAR(32) NOT NULL, \n\
         \tdirection VARCHAR(8) NOT NULL, \n\
         \tmessage TEXT NOT NULL, \n\
         \tchecksum VARCHAR(64), \n\
         \tapplied_at VARCHAR(40) NOT NULL, \n\
         \texecution_ms INTEGER NOT NULL, \n\
         \tsuccess BOOLEAN NOT NULL, \n\
         \tPRIMARY KEY (id)\n)"
    )
}
