//! The two tables a migrated database keeps: Alembic's `alembic_version`,
//! with Alembic's own DDL so that Alembic reads the database as its own, and
//! pschema's `pschema_history`, one row per migration applied or reverted,
//! and `pschema_progress`, made the first time a migration of several steps
//! runs: a row per migration that has done some of its steps.

use crate::Dialect;

/// The names of the bookkeeping tables: Alembic's and pschema's by default,
/// others for a project whose Alembic was configured with another
/// `version_table` (pschema.toml's `[database]`). Names are plain
/// identifiers ([`Tables::check`]), written into SQL as they are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tables {
    pub version: String,
    pub history: String,
    pub progress: String,
}

impl Default for Tables {
    fn default() -> Tables {
        Tables {
            version: "alembic_version".into(),
            history: "pschema_history".into(),
            progress: "pschema_progress".into(),
        }
    }
}

impl Tables {
    pub fn all(&self) -> [&str; 3] {
        [&self.version, &self.history, &self.progress]
    }

    /// Why `name` cannot name a bookkeeping table, if it cannot: it must be a
    /// lower-case identifier that needs no quoting, as Alembic's own is.
    pub fn check(name: &str) -> Result<(), String> {
        let ok = !name.is_empty()
            && name.len() <= 63
            && name.starts_with(|c: char| c.is_ascii_lowercase() || c == '_')
            && name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if ok {
            Ok(())
        } else {
            Err(format!(
                "`{name}` cannot name a bookkeeping table: use lower-case letters, digits and _ (at most 63)"
            ))
        }
    }

    /// Alembic's DDL for its version table, whatever its name.
    pub fn version_ddl(&self) -> String {
        let t = &self.version;
        format!(
            "CREATE TABLE {t} (\n\tversion_num VARCHAR(32) NOT NULL, \n\tCONSTRAINT {t}_pkc PRIMARY KEY (version_num)\n)"
        )
    }

    pub fn history_ddl(&self, dialect: Dialect) -> String {
        history_ddl(dialect).replacen("pschema_history", &self.history, 1)
    }

    pub fn progress_ddl(&self) -> String {
        PROGRESS_DDL.replacen("pschema_progress", &self.progress, 1)
    }
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_names_give_alembics_ddl_and_others_follow_the_name() {
        let default = Tables::default();
        assert_eq!(default.version_ddl(), ALEMBIC_VERSION_DDL);
        let other = Tables {
            version: "app_version".into(),
            history: "app_history".into(),
            progress: "app_progress".into(),
        };
        assert!(
            other.version_ddl().contains("CREATE TABLE app_version") && other.version_ddl().contains("app_version_pkc")
        );
        assert!(
            other
                .history_ddl(Dialect::Postgres)
                .starts_with("CREATE TABLE app_history (\n\tid SERIAL")
        );
        assert!(other.progress_ddl().starts_with("CREATE TABLE app_progress"));
        assert!(Tables::check("app_version").is_ok());
        for bad in ["", "App", "a-b", "x; DROP TABLE users", "1x", &"a".repeat(64)] {
            assert!(Tables::check(bad).is_err(), "{bad}");
        }
    }
}
