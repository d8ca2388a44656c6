//! `pschema.toml`, the project file, and where each setting comes from.
//!
//! The file is found by walking up from the working directory (as cargo
//! finds `Cargo.toml`), and its paths are relative to the folder it is in, so
//! `pschema` works the same from any subfolder. A setting comes from the
//! first of: the command-line flag, the environment (`DATABASE_URL`), a `.env`
//! file beside `pschema.toml` (or in the working directory without one), the
//! project file, the built-in default: the order of sqlx-cli and diesel.

use pschema_sql::Dialect;
use serde::Deserialize;
use std::path::{Path, PathBuf};

pub const FILE_NAME: &str = "pschema.toml";

/// What `pschema.toml` may say; every key is optional.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct ProjectFile {
    /// The schema file, the single source of truth.
    pub schema: Option<PathBuf>,
    /// The folder of migrations.
    pub migrations: Option<PathBuf>,
    /// The dialects `revision` writes SQL for (`sqlite`, `postgresql`).
    pub dialects: Option<Vec<DialectName>>,
    #[serde(default)]
    pub database: DatabaseSection,
    #[serde(default)]
    pub codegen: CodegenSection,
}

#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct DatabaseSection {
    /// The database the commands use when no flag, environment or `.env` names one.
    pub url: Option<String>,
    /// Alembic's version table, when Alembic was configured with another
    /// (`context.configure(version_table=...)`).
    pub version_table: Option<String>,
    pub history_table: Option<String>,
    pub progress_table: Option<String>,
}

impl DatabaseSection {
    /// The bookkeeping tables' names, the defaults where the file names none.
    pub fn tables(&self) -> pschema_sql::bookkeeping::Tables {
        let default = pschema_sql::bookkeeping::Tables::default();
        pschema_sql::bookkeeping::Tables {
            version: self.version_table.clone().unwrap_or(default.version),
            history: self.history_table.clone().unwrap_or(default.history),
            progress: self.progress_table.clone().unwrap_or(default.progress),
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct CodegenSection {
    /// The folder of the generated Rust models.
    pub rust: Option<PathBuf>,
    /// The generated SQLAlchemy module.
    pub python: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum DialectName {
    Sqlite,
    #[serde(alias = "postgres")]
    Postgresql,
}

impl From<DialectName> for Dialect {
    fn from(d: DialectName) -> Dialect {
        match d {
            DialectName::Sqlite => Dialect::Sqlite,
            DialectName::Postgresql => Dialect::Postgres,
        }
    }
}

/// A project file that was found: where, and what it says.
#[derive(Debug, Clone)]
pub struct Project {
    /// The folder that holds `pschema.toml`; its paths are relative to it.
    pub root: PathBuf,
    pub file: ProjectFile,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read {}: {message}", path.display())]
    Read { path: PathBuf, message: String },
    #[error("{}: {message}", path.display())]
    Invalid { path: PathBuf, message: String },
}

impl Project {
    /// The nearest `pschema.toml` at or above `dir`, read.
    pub fn find(dir: &Path) -> Result<Option<Project>, ConfigError> {
        let Some(root) = dir.ancestors().find(|d| d.join(FILE_NAME).is_file()) else {
            return Ok(None);
        };
        let path = root.join(FILE_NAME);
        let text = std::fs::read_to_string(&path).map_err(|e| ConfigError::Read {
            path: path.clone(),
            message: e.to_string(),
        })?;
        let file = parse(&text).map_err(|message| ConfigError::Invalid { path, message })?;
        Ok(Some(Project {
            root: root.to_path_buf(),
            file,
        }))
    }

    /// A path of the file, made absolute against the file's folder.
    pub fn path(&self, relative: &Path) -> PathBuf {
        self.root.join(relative)
    }
}

pub fn parse(text: &str) -> Result<ProjectFile, String> {
    let file: ProjectFile = toml::from_str(text).map_err(|e| e.message().to_string())?;
    let tables = file.database.tables();
    for name in tables.all() {
        pschema_sql::bookkeeping::Tables::check(name)?;
    }
    if tables.all().iter().collect::<std::collections::BTreeSet<_>>().len() < 3 {
        return Err("the version, history and progress tables need three different names".into());
    }
    if file.dialects.as_ref().is_some_and(|d| d.is_empty()) {
        return Err("`dialects` names no dialect: leave it out for both, or name sqlite or postgresql".into());
    }
    Ok(file)
}

/// `DATABASE_URL` from a `.env` file in `dir`, without touching the process's
/// environment; `None` when there is no such file or key.
pub fn dotenv_database_url(dir: &Path) -> Result<Option<String>, ConfigError> {
    let path = dir.join(".env");
    if !path.is_file() {
        return Ok(None);
    }
    let entries = dotenvy::from_path_iter(&path).map_err(|e| ConfigError::Invalid {
        path: path.clone(),
        message: e.to_string(),
    })?;
    for entry in entries {
        let (key, value) = entry.map_err(|e| ConfigError::Invalid {
            path: path.clone(),
            message: e.to_string(),
        })?;
        if key == "DATABASE_URL" {
            return Ok(Some(value));
        }
    }
    Ok(None)
}

/// The first setting that is there, in precedence order.
pub fn first<T>(candidates: impl IntoIterator<Item = Option<T>>) -> Option<T> {
    candidates.into_iter().flatten().next()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_is_read_and_unknown_ones_are_refused() {
        let file = parse(
            "schema = \"db/app.pschema\"\nmigrations = \"db/migrations\"\ndialects = [\"postgresql\"]\n\
             [database]\nurl = \"sqlite:///app.db\"\n[codegen]\nrust = \"src/models\"\npython = \"app/schema.py\"\n",
        )
        .unwrap();
        assert_eq!(file.schema, Some(PathBuf::from("db/app.pschema")));
        assert_eq!(file.dialects, Some(vec![DialectName::Postgresql]));
        assert_eq!(file.database.url.as_deref(), Some("sqlite:///app.db"));
        assert_eq!(file.codegen.python, Some(PathBuf::from("app/schema.py")));
        assert!(parse("shema = \"x\"\n").unwrap_err().contains("unknown field"));
        assert!(parse("dialects = []\n").is_err());
        assert!(parse("dialects = [\"oracle\"]\n").is_err());
        assert_eq!(parse("").unwrap(), ProjectFile::default());
        let named = parse("[database]\nversion_table = \"app_version\"\n").unwrap();
        assert_eq!(named.database.tables().version, "app_version");
        assert_eq!(named.database.tables().history, "pschema_history");
        assert!(parse("[database]\nversion_table = \"x; DROP TABLE users\"\n").is_err());
        assert!(parse("[database]\nhistory_table = \"alembic_version\"\n").is_err());
    }

    #[test]
    fn the_file_is_found_from_a_subfolder_and_a_dotenv_is_read_without_the_environment() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(FILE_NAME), "schema = \"s.pschema\"\n").unwrap();
        std::fs::write(
            dir.path().join(".env"),
            "# the app's\nOTHER=1\nDATABASE_URL=sqlite:///from-env.db\n",
        )
        .unwrap();
        let sub = dir.path().join("a/b");
        std::fs::create_dir_all(&sub).unwrap();
        let project = Project::find(&sub).unwrap().unwrap();
        assert_eq!(project.root, dir.path());
        assert_eq!(project.path(Path::new("s.pschema")), dir.path().join("s.pschema"));
        assert_eq!(
            dotenv_database_url(&project.root).unwrap().as_deref(),
            Some("sqlite:///from-env.db")
        );
        assert_eq!(std::env::var("OTHER").ok(), None);
        assert!(Project::find(Path::new("/")).unwrap().is_none());
    }
}
