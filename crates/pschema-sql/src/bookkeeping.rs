//! The two tables a migrated database keeps: Alembic's `alembic_version`,
//! with Alembic's own DDL so that Alembic reads the database as its own, and
//! pschema's `pschema_history`, one row per migration applied or reverted,
//! and `pschema_progress`, made the first time a migration of several steps
//! runs: a row per migration that has done some of its steps.

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

/// `pschema_progress`: one row while a migration of several steps is part-way.
pub const PROGRESS_DDL: &str = "CREATE TABLE pschema_progress (\n\
     \trevision VARCHAR(32) NOT NULL, \n\
     \tdirection VARCHAR(8) NOT NULL, \n\
     \tchecksum VARCHAR(64), \n\
     \tsteps_done INTEGER NOT NULL, \n\
     \tsteps_total INTEGER NOT NULL, \n\
     \tupdated_at VARCHAR(40) NOT NULL, \n\
     \tPRIMARY KEY (revision, direction)\n)";
