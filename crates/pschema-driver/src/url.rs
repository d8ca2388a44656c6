//! Database URLs, parsed once into the one form every command uses.
//!
//! SQLite URLs are SQLAlchemy's, so that Paciolus's `DATABASE_URL` works
//! unchanged: `sqlite:///relative.db`, `sqlite:////absolute/path.db`,
//! `sqlite://` (in memory), with a driver after `+` (`sqlite+pysqlite`).
//!
//! PostgreSQL URLs are libpq's (`postgresql://` or `postgres://`, a driver
//! after `+` as SQLAlchemy writes it: `postgresql+psycopg2://`), parsed with
//! the `url` crate and percent-decoded into [`PostgresUrl`], from which the
//! connection is configured field by field. libpq's `key=value` connection
//! strings (`host=db user=app password=x dbname=p`) are read into the same
//! struct. Schemes are case-insensitive, as RFC 3986 says.
//!
//! A password is never shown: a parsed URL is shown through its `Display`,
//! which writes `***` for it, and an input that did not parse through
//! [`redact`]. Every [`Error::BadUrl`] is made here, from [`redact`].

use percent_encoding::{AsciiSet, CONTROLS, percent_decode_str, utf8_percent_encode};
use pschema_migrate::Error;
use std::fmt;
use std::net::IpAddr;
use std::path::PathBuf;

// Parsed once per command: the size of the PostgreSQL variant does not
// matter, and unboxed it matches as `DatabaseUrl::Postgres(url)` => `&PostgresUrl`.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatabaseUrl {
    SqliteFile(PathBuf),
    SqliteMemory,
    Postgres(PostgresUrl),
}

/// libpq's `sslmode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SslMode {
    Disable,
    /// libpq tries without TLS first; here it is `prefer`.
    Allow,
    /// TLS when the server offers it, no certificate check (libpq's default).
    #[default]
    Prefer,
    /// TLS or nothing; the certificate is checked against a root certificate
    /// only when there is one (libpq's rule for `require`).
    Require,
    /// TLS, the certificate chains to a trusted root; its name is not checked.
    VerifyCa,
    /// TLS, the certificate chains to a trusted root and names the host.
    VerifyFull,
}

/// Where the trusted roots for `verify-*` come from: `sslrootcert`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RootCert {
    File(PathBuf),
    /// `sslrootcert=system`: the public (Mozilla) roots.
    System,
}

/// A password: kept as bytes (PostgreSQL's are), never printed.
#[derive(Clone, PartialEq, Eq)]
pub struct Password(Vec<u8>);

impl Password {
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(***)")
    }
}

/// A PostgreSQL connection, as a URL or a libpq `key=value` string gave it,
/// decoded. Fields left `None` take libpq's defaults when connecting.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PostgresUrl {
    /// A name, an address, or a Unix socket directory (starting with `/`).
    pub host: Option<String>,
    /// The address to connect to, when `host` only names the server (for
    /// the certificate check).
    pub hostaddr: Option<IpAddr>,
    pub port: Option<u16>,
    pub user: Option<String>,
    pub password: Option<Password>,
    pub dbname: Option<String>,
    pub sslmode: SslMode,
    pub sslrootcert: Option<RootCert>,
    pub sslcert: Option<PathBuf>,
    pub sslkey: Option<PathBuf>,
    /// `application_name`, else `fallback_application_name`.
    pub application_name: Option<String>,
    /// Seconds; 0 waits for ever, as in libpq.
    pub connect_timeout: Option<u64>,
    /// Server options for the session (`-c search_path=...`).
    pub options: Option<String>,
    /// How the input was written, without its password, for `Display`.
    written: Written,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
enum Written {
    Url {
        scheme: String,
        user: Option<String>,
        /// A password was in the user information.
        password: bool,
        host: Option<String>,
        port: Option<u16>,
        dbname: Option<String>,
        /// Query parameters, decoded, secrets already replaced by `***`.
        params: Vec<(String, String)>,
    },
    KeyValue(Vec<(String, String)>),
    #[default]
    Built,
}

const HIDDEN: &str = "***";

/// Parameters whose value is a secret: `password`, and libpq's
/// `sslpassword` (the client key's passphrase).
fn is_secret(key: &str) -> bool {
    key.to_ascii_lowercase().ends_with("password")
}

/// What a user name, host or database name must have encoded to read back
/// the same in a URL.
const COMPONENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'&')
    .add(b'/')
    .add(b':')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'@')
    .add(b'[')
    .add(b'\\')
    .add(b']')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

impl fmt::Display for PostgresUrl {
    /// The URL as it was written, with `***` for its password.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.written {
            Written::Url {
                scheme,
                user,
                password,
                host,
                port,
                dbname,
                params,
            } => {
                write!(f, "{scheme}://")?;
                if let Some(user) = user {
                    write!(f, "{}", utf8_percent_encode(user, COMPONENT))?;
                }
                if *password {
                    write!(f, ":{HIDDEN}")?;
                }
                if user.is_some() || *password {
                    f.write_str("@")?;
                }
                match host {
                    Some(host) if host.parse::<std::net::Ipv6Addr>().is_ok() => write!(f, "[{host}]")?,
                    Some(host) => write!(f, "{}", utf8_percent_encode(host, COMPONENT))?,
                    None => {}
                }
                if let Some(port) = port {
                    write!(f, ":{port}")?;
                }
                if let Some(dbname) = dbname {
                    write!(f, "/{}", utf8_percent_encode(dbname, COMPONENT))?;
                }
                if !params.is_empty() {
                    let query = url::form_urlencoded::Serializer::new(String::new())
                        .extend_pairs(params)
                        .finish();
                    write!(f, "?{query}")?;
                }
                Ok(())
            }
            Written::KeyValue(params) => {
                let pairs: Vec<String> = params
                    .iter()
                    .map(|(key, value)| {
                        if value == HIDDEN {
                            format!("{key}={value}")
                        } else {
                            format!("{key}={}", quoted(value))
                        }
                    })
                    .collect();
                f.write_str(&pairs.join(" "))
            }
            Written::Built => {
                let host = self.host.as_deref().unwrap_or("");
                let db = self.dbname.as_deref().unwrap_or("");
                write!(f, "postgresql://{host}/{db}")
            }
        }
    }
}

/// A `key=value` string's value, quoted as libpq reads it when it must be.
fn quoted(value: &str) -> String {
    if !value.is_empty() && !value.contains(|c: char| c.is_whitespace() || c == '\'' || c == '\\') {
        return value.to_string();
    }
    format!("'{}'", value.replace('\\', "\\\\").replace('\'', "\\'"))
}

/// The input with anything that may be a password replaced by `***`: the
/// part after `user:` up to the last `@`, and the value of any
/// `...password=` parameter (query or `key=value` form, any case, quoted or
/// not). For messages about input that did not parse, where the parts are
/// not known; it errs on the side of hiding too much.
/// A database URL for messages: as given, never its password, also when it
/// does not parse.
pub fn shown(input: &str) -> String {
    DatabaseUrl::parse(input).map_or_else(|_| redact(input), |u| u.shown())
}

pub fn redact(input: &str) -> String {
    redact_user_information(&redact_password_parameters(input))
}

fn redact_password_parameters(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    let mut rest = input;
    while let Some(eq) = rest.find('=') {
        let before = &rest[..eq];
        let after = &rest[eq + 1..];
        let key_text = before.trim_end();
        // Separators are ASCII, so `i + 1` is a character boundary.
        let key_start = key_text
            .rfind(|c: char| c.is_whitespace() || matches!(c, '&' | '?' | ';'))
            .map_or(0, |i| i + 1);
        let key = percent_decode_str(&key_text[key_start..]).decode_utf8_lossy();
        out.push_str(before);
        out.push('=');
        if is_secret(&key) {
            let value = after.trim_start();
            out.push_str(&after[..after.len() - value.len()]);
            out.push_str(HIDDEN);
            rest = &value[secret_value_len(value)..];
        } else {
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

/// How long the value at the start of `text` is: a quoted one up to its
/// closing quote (backslash escapes), else up to `&` or white space, and on
/// over each following word that has no `=`: a password with an unencoded
/// `&` or space goes on there.
fn secret_value_len(text: &str) -> usize {
    if let Some(quoted) = text.strip_prefix('\'') {
        let mut escaped = false;
        for (i, c) in quoted.char_indices() {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '\'' => return i + 2,
                _ => {}
            }
        }
        return text.len();
    }
    let separator = |c: char| c == '&' || c.is_whitespace();
    let mut end = text.find(separator).unwrap_or(text.len());
    loop {
        let after = &text[end..];
        let word_start = after.len() - after.trim_start_matches(separator).len();
        let word = &after[word_start..];
        let word_len = word.find(separator).unwrap_or(word.len());
        if word_len == 0 || word[..word_len].contains('=') {
            return end;
        }
        end += word_start + word_len;
    }
}

fn redact_user_information(input: &str) -> String {
    let start = input.find("://").map_or(0, |i| i + 3);
    // The last `@`: a password may hold `@`, `/`, `?` or `#` unencoded.
    let Some(at) = input[start..].rfind('@').map(|i| start + i) else {
        return input.to_string();
    };
    let region = &input[start..at];
    if start == 0 && region.contains(|c: char| c.is_whitespace() || c == '=') {
        // `key=value` text, handled by the parameters' redaction.
        return input.to_string();
    }
    match region.find(':') {
        Some(colon) => format!("{}{HIDDEN}{}", &input[..start + colon + 1], &input[at..]),
        None => input.to_string(),
    }
}

fn bad(input: &str, why: impl Into<String>) -> Error {
    Error::BadUrl {
        url: redact(input),
        why: why.into(),
    }
}

/// What to write instead of a password's special characters.
const ENCODE_HINT: &str = "percent-encode `@`, `:`, `/`, `?`, `#`, `%` and spaces in a user name or password \
                           (`%40`, `%3A`, `%2F`, `%3F`, `%23`, `%25`, `%20`)";

impl DatabaseUrl {
    /// The URL for messages, without a password.
    pub fn shown(&self) -> String {
        match self {
            DatabaseUrl::SqliteFile(path) => format!("sqlite:///{}", path.display()),
            DatabaseUrl::SqliteMemory => "sqlite://".to_string(),
            DatabaseUrl::Postgres(url) => url.to_string(),
        }
    }

    pub fn parse(input: &str) -> Result<DatabaseUrl, Error> {
        // A URL read from a file or a secret store often ends in a newline.
        let input = input.trim();
        let Some((scheme, rest)) = input.split_once("://") else {
            if looks_like_key_value(input) {
                return parse_key_value(input).map(DatabaseUrl::Postgres);
            }
            return Err(bad(
                input,
                "expected `sqlite:///path.db`, `postgresql://user@host/db` or `host=... dbname=...`",
            ));
        };
        // RFC 3986: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ), case-insensitive.
        let valid = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
        if !valid {
            return Err(bad(
                input,
                if scheme.is_empty() {
                    "missing the scheme before `://`".to_string()
                } else {
                    format!("the scheme is not a URL scheme; {ENCODE_HINT}")
                },
            ));
        }
        let scheme = scheme.to_ascii_lowercase();
        // SQLAlchemy names a driver after `+`: `sqlite+pysqlite`, `postgresql+psycopg2`.
        let dialect = scheme.split('+').next().unwrap_or(&scheme);
        match dialect {
            "sqlite" => parse_sqlite(input, rest),
            "postgresql" | "postgres" => parse_postgres_url(input, &scheme).map(DatabaseUrl::Postgres),
            other => Err(bad(
                input,
                format!("unsupported database `{other}`; pschema speaks sqlite and postgresql"),
            )),
        }
    }
}

/// SQLAlchemy's rule, not the URL standard's: the database is everything
/// after the third slash up to `?`, taken as it is (SQLAlchemy does not
/// percent-decode it, and `..` stays `..`, which the URL standard would
/// resolve away).
fn parse_sqlite(input: &str, rest: &str) -> Result<DatabaseUrl, Error> {
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let authority = &rest[..authority_end];
    if authority.contains('@') {
        return Err(bad(
            input,
            "a SQLite URL has no user or password (SQLCipher's encrypted databases are not supported): \
             write `sqlite:///relative.db` or `sqlite:////absolute.db`",
        ));
    }
    if !authority.is_empty() {
        return Err(bad(
            input,
            "a SQLite URL has no host: write `sqlite:///relative.db` or `sqlite:////absolute.db`",
        ));
    }
    let path = rest[authority_end..]
        .strip_prefix('/')
        .unwrap_or(&rest[authority_end..]);
    // Query parameters (`?mode=ro`, `?timeout=...`) are SQLAlchemy's driver
    // options; they are ignored.
    let path = path.split('?').next().unwrap_or(path);
    if path.is_empty() || path == ":memory:" {
        Ok(DatabaseUrl::SqliteMemory)
    } else {
        Ok(DatabaseUrl::SqliteFile(PathBuf::from(path)))
    }
}

fn decoded(text: &str, what: &str) -> Result<String, String> {
    percent_decode_str(text)
        .decode_utf8()
        .map(|s| s.into_owned())
        .map_err(|_| format!("the {what} is not UTF-8 once percent-decoded"))
}

fn parse_postgres_url(input: &str, scheme: &str) -> Result<PostgresUrl, Error> {
    let (url, placeholder) = match url::Url::parse(input) {
        Ok(url) => (url, false),
        // libpq reads `postgresql://user@/db` as "no host" (the Unix
        // socket); the URL standard refuses an empty host after `@`. Parse
        // it with a stand-in host, then drop that.
        Err(url::ParseError::EmptyHost) => {
            let with_host = with_stand_in_host(input).ok_or_else(|| bad(input, "empty host"))?;
            let url = url::Url::parse(&with_host).map_err(|e| bad(input, format!("{e}; {ENCODE_HINT}")))?;
            (url, true)
        }
        Err(e) => return Err(bad(input, format!("{e}; {ENCODE_HINT}"))),
    };
    // A `#` or an `@` after the host is a password's special character that
    // was not encoded: what follows it would otherwise be read as a
    // database name (and shown by the server) or dropped.
    if url.fragment().is_some() {
        return Err(bad(input, format!("a database URL has no `#fragment`; {ENCODE_HINT}")));
    }
    if url.path().contains('@') {
        return Err(bad(input, format!("`@` after the host; {ENCODE_HINT}")));
    }
    let why = |e: String| bad(input, e);
    let host = match url.host() {
        _ if placeholder => None,
        None => None,
        Some(url::Host::Domain(d)) => Some(decoded(d, "host").map_err(why)?).filter(|h| !h.is_empty()),
        Some(url::Host::Ipv4(a)) => Some(a.to_string()),
        Some(url::Host::Ipv6(a)) => Some(a.to_string()),
    };
    let user = Some(decoded(url.username(), "user name").map_err(why)?).filter(|u| !u.is_empty());
    let password = url.password().map(|p| percent_decode_str(p).collect::<Vec<u8>>());
    let path = url.path().strip_prefix('/').unwrap_or(url.path());
    let dbname = Some(decoded(path, "database name").map_err(why)?).filter(|d| !d.is_empty());

    let mut parsed = PostgresUrl::default();
    if let Some(host) = &host {
        parsed.set("host", host).map_err(why)?;
    }
    parsed.port = url.port();
    parsed.user = user.clone();
    parsed.password = password.clone().map(Password);
    parsed.dbname = dbname.clone();
    let mut params = Vec::new();
    let mut after_secret = false;
    // Form decoding (`+` is a space), as SQLAlchemy reads the query.
    for (key, value) in url.query_pairs() {
        parsed
            .set(&key, &value)
            .map_err(|e| bad(input, key_error(&key, e, after_secret)))?;
        after_secret = is_secret(&key);
        let shown = if after_secret {
            HIDDEN.to_string()
        } else {
            value.into_owned()
        };
        params.push((key.into_owned(), shown));
    }
    parsed.written = Written::Url {
        scheme: scheme.to_string(),
        user,
        password: password.is_some(),
        host,
        port: url.port(),
        dbname,
        params,
    };
    parsed.check().map_err(why)?;
    Ok(parsed)
}

/// `input` with `x` as its host, which it has not (`user@/db`, `:5433/db`).
fn with_stand_in_host(input: &str) -> Option<String> {
    let start = input.find("://")? + 3;
    let end = input[start..].find(['/', '?', '#']).map_or(input.len(), |i| start + i);
    let host_start = input[start..end].rfind('@').map_or(start, |at| start + at + 1);
    Some(format!("{}x{}", &input[..host_start], &input[host_start..]))
}

/// The message for a parameter that could not be set. A key that is not a
/// libpq keyword, or one right after a password, may be the rest of a
/// password cut at an unencoded `&` or space: it is not shown then.
fn key_error(key: &str, why: String, after_secret: bool) -> String {
    let keyword = !key.is_empty() && key.chars().all(|c| c.is_ascii_lowercase() || c == '_');
    if keyword && !after_secret {
        why
    } else {
        format!(
            "a parameter {} is not one pschema knows; quote a password with spaces (`password='a b'`) or {ENCODE_HINT}",
            if after_secret { "after the password" } else { "name" }
        )
    }
}

/// `key=value` text: the first word is a key followed by `=`.
fn looks_like_key_value(input: &str) -> bool {
    let text = input.trim_start();
    let key_len = text
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(text.len());
    key_len > 0 && text[key_len..].trim_start().starts_with('=')
}

/// libpq's connection string: `key = value` pairs separated by white space,
/// a value in single quotes when it has spaces (`\'` and `\\` inside).
fn parse_key_value(input: &str) -> Result<PostgresUrl, Error> {
    let mut parsed = PostgresUrl::default();
    let mut params = Vec::new();
    let mut chars = input.chars().peekable();
    let mut after_secret = false;
    loop {
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        if chars.peek().is_none() {
            break;
        }
        let mut key = String::new();
        while let Some(c) = chars.next_if(|c| *c != '=' && !c.is_whitespace()) {
            key.push(c);
        }
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        if chars.next() != Some('=') {
            return Err(bad(
                input,
                key_error(&key, format!("missing `=` after `{key}`"), after_secret),
            ));
        }
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        let mut value = String::new();
        if chars.next_if_eq(&'\'').is_some() {
            loop {
                match chars.next() {
                    None => return Err(bad(input, "a quoted value has no closing `'`")),
                    Some('\'') => break,
                    Some('\\') => value.extend(chars.next()),
                    Some(c) => value.push(c),
                }
            }
        } else {
            while let Some(c) = chars.next_if(|c| !c.is_whitespace()) {
                if c == '\\' {
                    value.extend(chars.next());
                } else {
                    value.push(c);
                }
            }
        }
        parsed
            .set(&key, &value)
            .map_err(|e| bad(input, key_error(&key, e, after_secret)))?;
        after_secret = is_secret(&key);
        params.push((key, if after_secret { HIDDEN.to_string() } else { value }));
    }
    parsed.written = Written::KeyValue(params);
    parsed.check().map_err(|e| bad(input, e))?;
    Ok(parsed)
}

/// libpq keywords pschema does not act on: refused by name rather than
/// silently ignored.
const UNSUPPORTED: &[&str] = &[
    "sslpassword",
    "sslcrl",
    "sslcrldir",
    "sslsni",
    "sslcompression",
    "sslnegotiation",
    "sslcertmode",
    "ssl_min_protocol_version",
    "ssl_max_protocol_version",
    "service",
    "passfile",
    "require_auth",
    "channel_binding",
    "gssencmode",
    "gssdelegation",
    "gsslib",
    "krbsrvname",
    "requirepeer",
    "target_session_attrs",
    "load_balance_hosts",
    "keepalives",
    "keepalives_idle",
    "keepalives_interval",
    "keepalives_count",
    "tcp_user_timeout",
    "replication",
];

impl PostgresUrl {
    /// The password, for the driver only.
    pub fn password(&self) -> Option<&[u8]> {
        self.password.as_ref().map(Password::as_bytes)
    }

    /// Sets one libpq parameter; the error says why (never with a secret).
    fn set(&mut self, key: &str, value: &str) -> Result<(), String> {
        let path = || Some(PathBuf::from(value)).filter(|p| !p.as_os_str().is_empty());
        let text = || Some(value.to_string()).filter(|v| !v.is_empty());
        match key {
            "host" => {
                if value.contains(',') {
                    return Err("several hosts are not supported; name one".into());
                }
                self.host = text();
            }
            "hostaddr" => {
                self.hostaddr = match value {
                    "" => None,
                    _ => Some(
                        value
                            .parse()
                            .map_err(|_| format!("hostaddr `{value}` is not an IP address"))?,
                    ),
                }
            }
            "port" => {
                self.port = match value {
                    "" => None,
                    _ => Some(
                        value
                            .parse()
                            .map_err(|_| format!("port `{value}` is not a port number"))?,
                    ),
                }
            }
            "user" => self.user = text(),
            "password" => self.password = Some(Password(value.as_bytes().to_vec())),
            "dbname" => self.dbname = text(),
            "sslmode" => {
                self.sslmode = match value {
                    "disable" => SslMode::Disable,
                    "allow" => SslMode::Allow,
                    "prefer" => SslMode::Prefer,
                    "require" => SslMode::Require,
                    "verify-ca" => SslMode::VerifyCa,
                    "verify-full" => SslMode::VerifyFull,
                    other => {
                        return Err(format!(
                            "unknown sslmode `{other}` (disable, allow, prefer, require, verify-ca, verify-full)"
                        ));
                    }
                }
            }
            "sslrootcert" => {
                self.sslrootcert = match value {
                    "" => None,
                    "system" => Some(RootCert::System),
                    _ => Some(RootCert::File(PathBuf::from(value))),
                }
            }
            "sslcert" => self.sslcert = path(),
            "sslkey" => self.sslkey = path(),
            "application_name" => self.application_name = text(),
            "fallback_application_name" => {
                if self.application_name.is_none() {
                    self.application_name = text();
                }
            }
            "connect_timeout" => {
                self.connect_timeout = match value {
                    "" => None,
                    _ => Some(
                        value
                            .parse()
                            .map_err(|_| format!("connect_timeout `{value}` is not a number of seconds"))?,
                    ),
                }
            }
            "options" => self.options = text(),
            // The driver always speaks UTF-8.
            "client_encoding" if matches!(value.to_ascii_lowercase().as_str(), "utf8" | "utf-8" | "unicode") => {}
            "client_encoding" => return Err(format!("client_encoding `{value}`: pschema speaks UTF-8 only")),
            _ if UNSUPPORTED.contains(&key) => return Err(format!("`{key}` is not supported by pschema")),
            _ => return Err(format!("unknown parameter `{key}`")),
        }
        Ok(())
    }

    /// Checks that hold across parameters, once all are read.
    fn check(&self) -> Result<(), String> {
        // libpq: the public roots are trusted only with the host name checked.
        if self.sslrootcert == Some(RootCert::System) && self.sslmode != SslMode::VerifyFull {
            return Err(
                "sslrootcert=system (the public roots) needs sslmode=verify-full, as in libpq: any certificate \
                 a public authority issued would do otherwise"
                    .into(),
            );
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pg(input: &str) -> PostgresUrl {
        match DatabaseUrl::parse(input) {
            Ok(DatabaseUrl::Postgres(url)) => url,
            other => panic!("{input}: {other:?}"),
        }
    }

    fn bad_url(input: &str) -> String {
        match DatabaseUrl::parse(input) {
            Err(e @ Error::BadUrl { .. }) => e.to_string(),
            other => panic!("{input} should be refused: {other:?}"),
        }
    }

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
            DatabaseUrl::parse("sqlite:///:memory:").unwrap(),
            DatabaseUrl::SqliteMemory
        );
        assert_eq!(
            DatabaseUrl::parse("sqlite+pysqlite:///a.db").unwrap(),
            DatabaseUrl::SqliteFile("a.db".into())
        );
        assert_eq!(
            DatabaseUrl::parse("sqlite:///a.db?mode=ro&timeout=5").unwrap(),
            DatabaseUrl::SqliteFile("a.db".into())
        );
        // SQLAlchemy takes the path as it is: no `..` resolution, no decoding.
        assert_eq!(
            DatabaseUrl::parse("sqlite:///../data/my%20db#1.db").unwrap(),
            DatabaseUrl::SqliteFile("../data/my%20db#1.db".into())
        );
    }

    #[test]
    fn schemes_are_case_insensitive() {
        assert_eq!(
            DatabaseUrl::parse("SQLITE:///x.db").unwrap(),
            DatabaseUrl::SqliteFile("x.db".into())
        );
        assert_eq!(
            DatabaseUrl::parse("Sqlite+PySqlite:////x.db").unwrap(),
            DatabaseUrl::SqliteFile("/x.db".into())
        );
        let url = pg("PostgreSQL://App@Db.Example:5433/Paciolus");
        assert_eq!(url.user.as_deref(), Some("App"), "only the scheme is case-insensitive");
        assert_eq!(url.dbname.as_deref(), Some("Paciolus"));
        assert_eq!(url.to_string(), "postgresql://App@Db.Example:5433/Paciolus");
        assert_eq!(pg("POSTGRES+PSYCOPG2://h/d").host.as_deref(), Some("h"));
    }

    #[test]
    fn postgres_urls_are_decoded_into_their_parts() {
        let url = pg(
            "postgresql+psycopg2://app%40corp:p%40ss%3Aw%2Frd@db.example:6543/pac%20iolus\
             ?sslmode=verify-ca&sslrootcert=/etc/ca.pem&sslcert=/c.crt&sslkey=/c.key\
             &application_name=deploy&connect_timeout=3&options=-c%20search_path%3Dpaciolus",
        );
        assert_eq!(url.user.as_deref(), Some("app@corp"));
        assert_eq!(url.password(), Some(&b"p@ss:w/rd"[..]));
        assert_eq!(url.host.as_deref(), Some("db.example"));
        assert_eq!(url.port, Some(6543));
        assert_eq!(url.dbname.as_deref(), Some("pac iolus"));
        assert_eq!(url.sslmode, SslMode::VerifyCa);
        assert_eq!(url.sslrootcert, Some(RootCert::File("/etc/ca.pem".into())));
        assert_eq!(url.sslcert, Some("/c.crt".into()));
        assert_eq!(url.sslkey, Some("/c.key".into()));
        assert_eq!(url.application_name.as_deref(), Some("deploy"));
        assert_eq!(url.connect_timeout, Some(3));
        assert_eq!(url.options.as_deref(), Some("-c search_path=paciolus"));

        assert_eq!(pg("postgres://h/d").sslmode, SslMode::Prefer);
        assert_eq!(pg("postgresql+asyncpg://h/d").host.as_deref(), Some("h"));
        let url = pg("postgresql://u@h/d?password=a%26b+c");
        assert_eq!(
            url.password(),
            Some(&b"a&b c"[..]),
            "the query is form-decoded, as SQLAlchemy does"
        );
        assert_eq!(
            pg("postgresql://[::1]:5432/d").host.as_deref(),
            Some("::1"),
            "IPv6 hosts"
        );
        assert_eq!(pg("postgresql://[::1]:5432/d").to_string(), "postgresql://[::1]:5432/d");
    }

    #[test]
    fn unix_sockets_and_no_host() {
        let url = pg("postgresql:///paciolus?host=/var/run/postgresql");
        assert_eq!(url.host.as_deref(), Some("/var/run/postgresql"));
        assert_eq!(url.dbname.as_deref(), Some("paciolus"));
        assert_eq!(
            pg("postgresql://%2Fvar%2Frun%2Fpostgresql/paciolus").host.as_deref(),
            Some("/var/run/postgresql")
        );
        let url = pg("postgresql://app:pw@/paciolus");
        assert_eq!((url.host.as_deref(), url.user.as_deref()), (None, Some("app")));
        assert_eq!(url.to_string(), "postgresql://app:***@/paciolus");
        let url = pg("postgresql://app@:5433/paciolus");
        assert_eq!((url.host.as_deref(), url.port), (None, Some(5433)));
        let url = pg("postgresql://:5433/paciolus");
        assert_eq!((url.host.as_deref(), url.port), (None, Some(5433)));
        assert_eq!(url.to_string(), "postgresql://:5433/paciolus");
        assert_eq!(
            DatabaseUrl::parse(" sqlite:///x.db\n").unwrap(),
            DatabaseUrl::SqliteFile("x.db".into()),
            "surrounding white space is not part of a URL"
        );
        assert_eq!(pg("postgresql://").host, None);
    }

    #[test]
    fn query_parameters_win_over_the_url_parts_as_in_libpq() {
        let url = pg("postgresql://a:x@h:1/d?user=b&password=y&port=2&dbname=e&host=k");
        assert_eq!(url.user.as_deref(), Some("b"));
        assert_eq!(url.password(), Some(&b"y"[..]));
        assert_eq!(
            (url.host.as_deref(), url.port, url.dbname.as_deref()),
            (Some("k"), Some(2), Some("e"))
        );
    }

    #[test]
    fn key_value_strings_are_libpqs() {
        let url = pg("host=db.example port=6543 user=app password='it\\'s' dbname=paciolus");
        assert_eq!(url.host.as_deref(), Some("db.example"));
        assert_eq!(url.port, Some(6543));
        assert_eq!(url.dbname.as_deref(), Some("paciolus"));
        assert_eq!(url.password(), Some(&b"it's"[..]));
        let url = pg("  host = /tmp  password = 'a \\' b\\\\' sslmode=require ");
        assert_eq!(url.host.as_deref(), Some("/tmp"));
        assert_eq!(url.password(), Some(&b"a ' b\\"[..]));
        assert_eq!(url.sslmode, SslMode::Require);
        assert_eq!(url.to_string(), "host=/tmp password=*** sslmode=require");
        assert_eq!(
            pg("dbname='my db' user=x").to_string(),
            "dbname='my db' user=x",
            "values with spaces are quoted back"
        );
    }

    #[test]
    fn parsed_urls_show_without_their_password() {
        for (input, shown) in [
            (
                "postgresql://app:s3cret@db:5432/paciolus",
                "postgresql://app:***@db:5432/paciolus",
            ),
            (
                "postgresql://app@db/paciolus?password=s3cret&sslmode=require",
                "postgresql://app@db/paciolus?password=***&sslmode=require",
            ),
            (
                "postgresql://app:p%40ss@db/p?sslpassword=s3cret",
                "postgresql://app:***@db/p?sslpassword=***",
            ),
            ("postgresql+psycopg2://:s3cret@db/p", "postgresql+psycopg2://:***@db/p"),
            ("host=db password=s3cret dbname=p", "host=db password=*** dbname=p"),
            ("host=db password='s3 cret' dbname=p", "host=db password=*** dbname=p"),
            ("postgresql://db/paciolus", "postgresql://db/paciolus"),
            ("postgresql://%2Ftmp/p", "postgresql://%2Ftmp/p"),
        ] {
            let Ok(DatabaseUrl::Postgres(url)) = DatabaseUrl::parse(input) else {
                // sslpassword is refused; its message is checked below.
                assert!(!bad_url(input).contains("s3cret"), "{input}");
                continue;
            };
            assert_eq!(url.to_string(), shown, "{input}");
            assert!(!format!("{url:?}").contains("s3cret"), "Debug hides it too: {url:?}");
        }
    }

    #[test]
    fn redact_hides_every_form_of_password() {
        for (input, shown) in [
            ("postgresql://app:s3cret@db/p", "postgresql://app:***@db/p"),
            ("mysql://app:s3cret@db/p", "mysql://app:***@db/p"),
            ("SQLITE://u:s3cret@/x.db", "SQLITE://u:***@/x.db"),
            ("postgresql://app:s3@cr:et/x?y#z@db/p", "postgresql://app:***@db/p"),
            (
                "postgresql://app@db/p?sslmode=x&password=s3cret&a=b",
                "postgresql://app@db/p?sslmode=x&password=***&a=b",
            ),
            (
                "postgresql://app@db/p?PassWord=s3cret",
                "postgresql://app@db/p?PassWord=***",
            ),
            (
                "postgresql://app@db/p?pass%77ord=s3cret",
                "postgresql://app@db/p?pass%77ord=***",
            ),
            (
                "postgresql://app@db/p?password=s3@cret",
                "postgresql://app@db/p?password=***",
            ),
            ("host=db password = s3cret dbname=p", "host=db password = *** dbname=p"),
            (
                "host=db password='s3 \\' cret' dbname=p",
                "host=db password=*** dbname=p",
            ),
            ("host=db password='s3 cret", "host=db password=***"),
            (
                "postgresql://app@db/p?password=s3&cret&sslmode=require",
                "postgresql://app@db/p?password=***&sslmode=require",
            ),
            ("host=db password=s3 cret dbname=p", "host=db password=*** dbname=p"),
            ("app:s3cret@db:5432/p", "app:***@db:5432/p"),
            ("postgresql://db:5432/p", "postgresql://db:5432/p"),
            ("postgresql://app@db/p", "postgresql://app@db/p"),
        ] {
            assert_eq!(redact(input), shown, "{input}");
        }
    }

    #[test]
    fn refused_urls_say_why_without_the_password() {
        for (input, why) in [
            ("paciolus.db", "expected `sqlite:///path.db`"),
            ("sqlite://host/x.db", "a SQLite URL has no host"),
            ("sqlite://u:s3cret@/x.db", "a SQLite URL has no user or password"),
            (
                "sqlite+pysqlcipher://:s3cret@/x.db",
                "a SQLite URL has no user or password",
            ),
            ("mysql://u:s3cret@x/y", "unsupported database `mysql`"),
            ("MySQL://u:s3cret@x/y", "unsupported database `mysql`"),
            ("://x", "missing the scheme"),
            ("postgresql://app:s3:cr/et@db/p", "invalid port number; percent-encode"),
            ("postgresql://app:12#s3cret@db/p", "a database URL has no `#fragment`"),
            ("postgresql://app:12/s3cret@db/p", "`@` after the host"),
            (
                "postgresql://app:12?s3cret@db/p",
                "a parameter name is not one pschema knows",
            ),
            (
                "postgresql://app@db/p?password=s3&cret",
                "a parameter after the password is not one",
            ),
            (
                "postgresql://app:s3cret@db/p?sslmode=sometimes",
                "unknown sslmode `sometimes`",
            ),
            ("postgresql://app:s3cret@db/p?bogus=1", "unknown parameter `bogus`"),
            ("postgresql://app:s3cret@db/p?sslcrl=/x", "`sslcrl` is not supported"),
            (
                "postgresql://app:s3cret@db/p?sslpassword=s3cret",
                "`sslpassword` is not supported",
            ),
            ("postgresql://app:s3cret@a,b/p", "several hosts"),
            ("postgresql://app:s3cret@db:99999/p", "invalid port number"),
            ("postgresql://app:s3cret@db/p?port=x", "port `x` is not a port number"),
            (
                "postgresql://app:s3cret@db/p?sslrootcert=system",
                "sslrootcert=system (the public roots) needs sslmode=verify-full",
            ),
            ("host=db password=s3 cret", "a parameter after the password"),
            ("host=db password='s3cret", "a quoted value has no closing"),
            ("host=db bogus", "missing `=` after `bogus`"),
            ("host=db sslmode=nope password=s3cret", "unknown sslmode `nope`"),
        ] {
            let err = bad_url(input);
            assert!(err.contains(why), "{input}: {err}");
            assert!(!err.contains("s3cret") && !err.contains("cret"), "{input}: {err}");
            assert!(err.starts_with("invalid database URL `"), "{err}");
        }
        // A URL that is not one names itself, so that the mistake can be seen.
        assert!(bad_url("mysql://x/y").contains("`mysql://x/y`"));
    }
}
