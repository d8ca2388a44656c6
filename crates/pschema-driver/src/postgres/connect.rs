//! Connecting to PostgreSQL: settings from the URL as libpq reads them,
//! and TLS through rustls.

use crate::url::redacted as shown;
use pschema_migrate::Error;
use std::time::Duration;

pub(crate) fn db_error(what: &str, e: postgres::Error) -> Error {
    let message = match e.as_db_error() {
        Some(db) => db.message().to_string(),
        None => {
            let mut text = e.to_string();
            let mut source = std::error::Error::source(&e);
            while let Some(inner) = source {
                text = format!("{text}: {inner}");
                source = inner.source();
            }
            text
        }
    };
    Error::Postgres {
        what: what.to_string(),
        message,
    }
}

/// How to use TLS, libpq's `sslmode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SslMode {
    Disable,
    /// TLS when the server offers it, no certificate check (libpq's default).
    Prefer,
    /// TLS or nothing, no certificate check.
    Require,
    /// TLS with the certificate checked against the trusted roots (and
    /// `sslrootcert`), and its name against the host.
    Verify,
}

/// The `sslmode` and `sslrootcert` of a URL, and the URL the `postgres` crate
/// understands (it knows no `verify-*` modes and no `sslrootcert`).
fn tls_settings(url: &str) -> Result<(SslMode, Option<String>, String), Error> {
    let (base, query) = url.split_once('?').unwrap_or((url, ""));
    let mut mode = SslMode::Prefer;
    let mut root = None;
    let mut kept: Vec<String> = Vec::new();
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        match key {
            "sslmode" => {
                mode = match value {
                    "disable" => SslMode::Disable,
                    "allow" | "prefer" => SslMode::Prefer,
                    "require" => SslMode::Require,
                    "verify-ca" | "verify-full" => SslMode::Verify,
                    other => {
                        return Err(Error::BadUrl {
                            url: shown(url),
                            why: format!("unknown sslmode `{other}`"),
                        });
                    }
                };
                let for_driver = match mode {
                    SslMode::Disable => "disable",
                    SslMode::Prefer => "prefer",
                    SslMode::Require | SslMode::Verify => "require",
                };
                kept.push(format!("sslmode={for_driver}"));
            }
            "sslrootcert" => root = Some(value.to_string()),
            _ => kept.push(pair.to_string()),
        }
    }
    let url = if kept.is_empty() {
        base.to_string()
    } else {
        format!("{base}?{}", kept.join("&"))
    };
    Ok((mode, root, url))
}

/// Accepts any certificate: `sslmode=require` encrypts without checking who
/// is at the other end, as libpq does.
#[derive(Debug)]
struct AnyCertificate(rustls::crypto::WebPkiSupportedAlgorithms);

impl rustls::client::danger::ServerCertVerifier for AnyCertificate {
    fn verify_server_cert(
        &self,
        _: &rustls::pki_types::CertificateDer<'_>,
        _: &[rustls::pki_types::CertificateDer<'_>],
        _: &rustls::pki_types::ServerName<'_>,
        _: &[u8],
        _: rustls::pki_types::UnixTime,
    ) -> Result<rustls::client::danger::ServerCertVerified, rustls::Error> {
        Ok(rustls::client::danger::ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &rustls::pki_types::CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(message, cert, dss, &self.0)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &rustls::pki_types::CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, &self.0)
    }

    fn supported_verify_schemes(&self) -> Vec<rustls::SignatureScheme> {
        self.0.supported_schemes()
    }
}

fn tls_connector(mode: SslMode, root: Option<&str>) -> Result<tokio_postgres_rustls::MakeRustlsConnect, Error> {
    let provider = std::sync::Arc::new(rustls::crypto::ring::default_provider());
    let builder = rustls::ClientConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .map_err(|e| Error::Postgres {
            what: "setting up TLS".into(),
            message: e.to_string(),
        })?;
    let config = if mode == SslMode::Verify {
        let mut roots = rustls::RootCertStore::empty();
        roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
        if let Some(path) = root {
            let file = std::fs::File::open(path).map_err(|e| Error::Io {
                path: path.into(),
                source: e,
            })?;
            for cert in rustls_pemfile::certs(&mut std::io::BufReader::new(file)) {
                let cert = cert.map_err(|e| Error::Io {
                    path: path.into(),
                    source: e,
                })?;
                roots.add(cert).map_err(|e| Error::Postgres {
                    what: format!("reading {path}"),
                    message: e.to_string(),
                })?;
            }
        }
        builder.with_root_certificates(roots).with_no_client_auth()
    } else {
        builder
            .dangerous()
            .with_custom_certificate_verifier(std::sync::Arc::new(AnyCertificate(
                provider.signature_verification_algorithms,
            )))
            .with_no_client_auth()
    };
    Ok(tokio_postgres_rustls::MakeRustlsConnect::new(config))
}

/// How to reach a server: the parsed settings, the TLS set-up, and the URL
/// as messages show it.
pub struct Connect {
    config: postgres::Config,
    tls: Option<tokio_postgres_rustls::MakeRustlsConnect>,
    shown: String,
}

impl Connect {
    /// Reads a URL as libpq would (Paciolus's production URLs say
    /// `sslmode=require`); nothing is connected yet.
    pub fn new(url: &str) -> Result<Connect, Error> {
        // SQLAlchemy names the driver after `+`: postgresql+psycopg2://...
        let url = match url.split_once("://") {
            Some((scheme, rest)) => format!("{}://{rest}", scheme.split('+').next().unwrap_or(scheme)),
            None => url.to_string(),
        };
        let (mode, root, driver_url) = tls_settings(&url)?;
        let mut config: postgres::Config = driver_url.parse().map_err(|e: postgres::Error| Error::BadUrl {
            url: shown(&url),
            why: e.to_string(),
        })?;
        config.application_name("pschema");
        config.connect_timeout(Duration::from_secs(10));
        let tls = match mode {
            SslMode::Disable => None,
            _ => Some(tls_connector(mode, root.as_deref())?),
        };
        Ok(Connect {
            config,
            tls,
            shown: shown(&url),
        })
    }

    /// Connects, with a clear error for a server that is down, a wrong
    /// password or a certificate that does not check out.
    pub fn connect(&self) -> Result<postgres::Client, Error> {
        let what = format!("connecting to {}", self.shown);
        match &self.tls {
            None => self.config.connect(postgres::NoTls),
            Some(tls) => self.config.connect(tls.clone()),
        }
        .map_err(|e| db_error(&what, e))
    }
}

/// Connects to the server of `url`.
pub fn connect(url: &str) -> Result<postgres::Client, Error> {
    Connect::new(url)?.connect()
}
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sslmodes_are_libpqs() {
        let (mode, root, url) =
            tls_settings("postgresql://u@h/db?sslmode=verify-full&sslrootcert=/ca.pem&x=1").unwrap();
        assert_eq!(
            (mode, root.as_deref(), url.as_str()),
            (
                SslMode::Verify,
                Some("/ca.pem"),
                "postgresql://u@h/db?sslmode=require&x=1"
            )
        );
        assert_eq!(tls_settings("postgresql://u@h/db").unwrap().0, SslMode::Prefer);
        assert_eq!(
            tls_settings("postgresql://u@h/db?sslmode=require").unwrap().0,
            SslMode::Require
        );
        assert!(tls_settings("postgresql://u@h/db?sslmode=sometimes").is_err());
    }

    #[test]
    fn passwords_stay_out_of_messages() {
        assert_eq!(
            shown("postgresql://app:s3cret@db:5432/paciolus"),
            "postgresql://app@db:5432/paciolus"
        );
        assert_eq!(shown("postgresql://db/paciolus"), "postgresql://db/paciolus");
    }
}
