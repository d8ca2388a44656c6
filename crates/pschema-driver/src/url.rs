//! Database URLs in SQLAlchemy's form, so that Paciolus's `DATABASE_URL` works
//! unchanged: `sqlite:///relative.db`, `sqlite:////absolute/path.db`,
//! `sqlite://` (in memory).

use pschema_migrate::Error;
use std::path::PathBuf;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatabaseUrl {
    SqliteFile(PathBuf),
    SqliteMemory,
    Postgres(String),
}

impl DatabaseUrl {
    /// The URL for messages, without a password.
    pub fn shown(&self) -> String {
        match self {
            DatabaseUrl::SqliteFile(path) => format!("sqlite:///{}", path.display()),
            DatabaseUrl::SqliteMemory => "sqlite://".to_string(),
            DatabaseUrl::Postgres(url) => redacted(url),
        }
    }

    pub fn parse(url: &str) -> Result<DatabaseUrl, Error> {
        let bad = |why: &str| Error::BadUrl {
            url: url.to_string(),
            why: why.to_string(),
        };
        let Some((scheme, rest)) = url.split_once("://") else {
            return Err(bad("expected `sqlite:///path.db` or `postgresql://user@host/db`"));
        };
        // SQLAlchemy names a driver after `+`: `sqlite+pysqlite`, `postgresql+psycopg2`.
        let dialect = scheme.split('+').next().unwrap_or(scheme);
        match dialect {
            "sqlite" => {
                let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
                if !host.is_empty() {
                    return Err(bad(
                        "a SQLite URL has no host: write `sqlite:///relative.db` or `sqlite:////absolute.db`",
                    ));
                }
                let path = path.split('?').next().unwrap_or(path);
                if path.is_empty() || path == ":memory:" {
                    Ok(DatabaseUrl::SqliteMemory)
                } else {
                    Ok(DatabaseUrl::SqliteFile(PathBuf::from(path)))
                }
            }
            "postgresql" | "postgres" => {
                if rest.is_empty() {
                    return Err(bad("missing host and database"));
                }
                Ok(DatabaseUrl::Postgres(url.to_string()))
            }
            "" => Err(bad("missing the scheme before `://`")),
            other => Err(bad(&format!(
                "unsupported database `{other}`; pschema speaks sqlite and postgresql"
            ))),
        }
    }
}

/// A URL without its password, for messages.
pub fn redacted(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let credentials = &url[scheme_end + 3..at];
            let user = credentials.split(':').next().unwrap_or_default();
            format!("{}{user}{}", &url[..scheme_end + 3], &url[at..])
        }
        _ => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlalchemy_sqlite_forms() {
        assert_eq!(
            DatabaseUrl::parse("sqlite:///paciolus.db").unwrap(),
            DatabaseUrl::SqliteFile("paciolus.db".into())
        );
        assert_eq!(
            DatabaseUrl::parse("sqlite:////tmp/x.db").unwrap(),
            DatabaseUrl::SqliteFile("/tmp/x.db".into())
        );
        assert_eq!(DatabaseUrl::parse("sqlite://").unwrap(), DatabaseUrl::SqliteMemory);
        assert_eq!(
            DatabaseUrl::parse("sqlite+pysqlite:///a.db").unwrap(),
            DatabaseUrl::SqliteFile("a.db".into())
        );
    }

    #[test]
    fn malformed_urls_say_why() {
        for url in ["paciolus.db", "sqlite://host/x.db", "mysql://x/y", "://x"] {
            let err = DatabaseUrl::parse(url).unwrap_err().to_string();
            assert!(err.contains(url), "{err}");
        }
    }
}
