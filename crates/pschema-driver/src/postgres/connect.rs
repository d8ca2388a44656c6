//! Connecting to PostgreSQL: a parsed [`PostgresUrl`] becomes the driver's
//! `postgres::Config` field by field, and TLS follows libpq's `sslmode`:
//!
//! | sslmode | TLS | certificate |
//! | --- | --- | --- |
//! | `disable` | never | |
//! | `allow`, `prefer` (default) | when the server offers it | not checked |
//! | `require` | always | not checked, unless there is a root certificate (`sslrootcert`, or `~/.postgresql/root.crt`): then as `verify-ca` (libpq's rule) |
//! | `verify-ca` | always | chains to a trusted root; its name is not checked |
//! | `verify-full` | always | chains to a trusted root and names the host |
//!
//! The trusted roots are those of `sslrootcert=<file.pem>`, else of
//! `~/.postgresql/root.crt`; `sslrootcert=system` trusts the public (Mozilla)
//! roots, with `verify-full` only. A client certificate is presented when
//! `sslcert` names one (with `sslkey`), or when `~/.postgresql/postgresql.crt`
//! exists (with `~/.postgresql/postgresql.key`). Over a Unix socket there is
//! no TLS, as in libpq.
//!
//! No message shows the password: the URL is shown redacted, and the driver's
//! and the server's words are cleaned of it too.

use crate::url::{PostgresUrl, RootCert, SslMode};
use pschema_migrate::Error;
use rustls::RootCertStore;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::WebPkiSupportedAlgorithms;
use rustls::pki_types::pem::{self, PemObject};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, ServerName, UnixTime};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

/// Connects, with one clear line of error for a server that is down, a
/// database that does not exist, a refused login or a certificate that does
/// not check out.
pub fn connect(url: &PostgresUrl) -> Result<postgres::Client, Error> {
    let config = config(url);
    let what = format!("connecting to {url}");
    let connected = if config.get_ssl_mode() == postgres::config::SslMode::Disable {
        config.connect(postgres::NoTls)
    } else {
        config.connect(tls_connector(url)?)
    };
    connected.map_err(|e| without_password(db_error(&what, e), url))
}

/// The driver's error as one line: the server's message, or the driver's
/// error with its causes.
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

/// Passwords this short are not blotted out of messages: they would blot
/// out ordinary words with them.
const SHORTEST_SCRUBBED: usize = 4;

/// The error with the password (as given, and percent-encoded) replaced by
/// `***`, in case the driver or the server ever repeats it.
fn without_password(error: Error, url: &PostgresUrl) -> Error {
    let Some(password) = url.password().and_then(|p| std::str::from_utf8(p).ok()) else {
        return error;
    };
    if password.len() < SHORTEST_SCRUBBED {
        return error;
    }
    let encoded = percent_encoding::utf8_percent_encode(password, percent_encoding::NON_ALPHANUMERIC).to_string();
    let clean = |text: String| text.replace(password, "***").replace(&encoded, "***");
    match error {
        Error::Postgres { what, message } => Error::Postgres {
            what: clean(what),
            message: clean(message),
        },
        other => other,
    }
}

/// The driver's configuration: what the URL says, libpq's defaults for the
/// rest (and `pschema` as the application name, a 10 s connect timeout).
pub(crate) fn config(url: &PostgresUrl) -> postgres::Config {
    let mut config = postgres::Config::new();
    let host = url
        .host
        .clone()
        .or_else(|| url.hostaddr.is_none().then(|| default_host(url.port)));
    if let Some(host) = &host {
        // A host starting with `/` is a Unix socket directory.
        config.host(host);
    }
    if let Some(address) = url.hostaddr {
        config.hostaddr(address);
    }
    if let Some(port) = url.port {
        config.port(port);
    }
    if let Some(user) = &url.user {
        config.user(user);
    }
    if let Some(password) = url.password() {
        config.password(password);
    }
    if let Some(dbname) = &url.dbname {
        config.dbname(dbname);
    }
    if let Some(options) = &url.options {
        config.options(options);
    }
    config.application_name(url.application_name.as_deref().unwrap_or("pschema"));
    match url.connect_timeout {
        None => {
            config.connect_timeout(Duration::from_secs(10));
        }
        // libpq: 0 waits for ever, and less than 2 s is 2 s.
        Some(0) => {}
        Some(seconds) => {
            config.connect_timeout(Duration::from_secs(seconds.max(2)));
        }
    }
    let unix_socket = url.hostaddr.is_none() && host.as_deref().is_some_and(|h| h.starts_with('/'));
    config.ssl_mode(match url.sslmode {
        _ if unix_socket => postgres::config::SslMode::Disable,
        SslMode::Disable => postgres::config::SslMode::Disable,
        // The driver has no `allow` (plain first, then TLS): `prefer` is the
        // nearest, and encrypts where `allow` might not.
        SslMode::Allow | SslMode::Prefer => postgres::config::SslMode::Prefer,
        SslMode::Require | SslMode::VerifyCa | SslMode::VerifyFull => postgres::config::SslMode::Require,
    });
    config
}

/// libpq's default without a host: the Unix socket, in the directory where
/// Debian's (`/var/run/postgresql`) or upstream's (`/tmp`) server puts it;
/// `localhost` when neither has one.
fn default_host(port: Option<u16>) -> String {
    let socket = format!(".s.PGSQL.{}", port.unwrap_or(5432));
    ["/var/run/postgresql", "/tmp"]
        .into_iter()
        .find(|dir| Path::new(dir).join(&socket).exists())
        .unwrap_or("localhost")
        .to_string()
}

/// libpq's default files, under `~/.postgresql/`.
fn default_file(name: &str) -> Option<PathBuf> {
    std::env::var_os("HOME").map(|home| Path::new(&home).join(".postgresql").join(name))
}

/// How the server's certificate is checked.
enum Check {
    Nothing,
    Chain(RootCertStore),
    ChainAndName(RootCertStore),
}

fn check(url: &PostgresUrl) -> Result<Check, Error> {
    Ok(match url.sslmode {
        SslMode::Disable | SslMode::Allow | SslMode::Prefer => Check::Nothing,
        SslMode::Require => match &url.sslrootcert {
            Some(RootCert::File(path)) => Check::Chain(load_roots(path)?),
            Some(RootCert::System) => Check::Nothing, // refused when the URL is parsed
            None => match default_file("root.crt").filter(|p| p.is_file()) {
                Some(path) => Check::Chain(load_roots(&path)?),
                None => Check::Nothing,
            },
        },
        SslMode::VerifyCa => Check::Chain(roots(url)?),
        SslMode::VerifyFull => Check::ChainAndName(roots(url)?),
    })
}

fn roots(url: &PostgresUrl) -> Result<RootCertStore, Error> {
    match &url.sslrootcert {
        Some(RootCert::System) => Ok(RootCertStore {
            roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
        }),
        Some(RootCert::File(path)) => load_roots(path),
        None => match default_file("root.crt") {
            Some(path) if path.is_file() => load_roots(&path),
            default => Err(Error::Postgres {
                what: "checking the server's certificate".into(),
                message: format!(
                    "sslmode={} needs a root certificate: name it with sslrootcert=<file.pem>{}, \
                     or trust the public roots with sslrootcert=system and sslmode=verify-full",
                    if url.sslmode == SslMode::VerifyCa {
                        "verify-ca"
                    } else {
                        "verify-full"
                    },
                    default
                        .map(|p| format!(" (there is no {})", p.display()))
                        .unwrap_or_default()
                ),
            }),
        },
    }
}

/// A PEM file's error, with the file's name.
fn pem_error(path: &Path, what: &str, e: pem::Error) -> Error {
    match e {
        pem::Error::Io(source) => Error::Io {
            path: path.to_path_buf(),
            source,
        },
        other => Error::Postgres {
            what: format!("reading the {what} {}", path.display()),
            message: other.to_string(),
        },
    }
}

fn load_certificates(path: &Path, what: &str) -> Result<Vec<CertificateDer<'static>>, Error> {
    let certificates = CertificateDer::pem_file_iter(path)
        .map_err(|e| pem_error(path, what, e))?
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| pem_error(path, what, e))?;
    if certificates.is_empty() {
        return Err(Error::Postgres {
            what: format!("reading the {what} {}", path.display()),
            message: "no certificate in it (expected PEM: -----BEGIN CERTIFICATE-----)".into(),
        });
    }
    Ok(certificates)
}

fn load_roots(path: &Path) -> Result<RootCertStore, Error> {
    let mut roots = RootCertStore::empty();
    for certificate in load_certificates(path, "root certificate")? {
        roots.add(certificate).map_err(|e| Error::Postgres {
            what: format!("reading the root certificate {}", path.display()),
            message: e.to_string(),
        })?;
    }
    Ok(roots)
}

/// The client certificate and its key, when there is one to present.
struct Identity {
    chain: Vec<CertificateDer<'static>>,
    key: PrivateKeyDer<'static>,
    cert_path: PathBuf,
    key_path: PathBuf,
}

fn client_identity(url: &PostgresUrl) -> Result<Option<Identity>, Error> {
    // An `sslcert` that is named must be there (libpq would go on without
    // it, and the server would then say only that a certificate is
    // missing); libpq's default file is used only when it exists.
    let cert_path = match &url.sslcert {
        Some(path) => path.clone(),
        None => match default_file("postgresql.crt").filter(|p| p.is_file()) {
            Some(path) => path,
            None => return Ok(None),
        },
    };
    let key_path = url
        .sslkey
        .clone()
        .or_else(|| default_file("postgresql.key"))
        .ok_or_else(|| Error::Postgres {
            what: format!("reading the client certificate {}", cert_path.display()),
            message: "no key for it: name it with sslkey=<file.key>".into(),
        })?;
    let chain = load_certificates(&cert_path, "client certificate")?;
    let key = PrivateKeyDer::from_pem_file(&key_path).map_err(|e| match e {
        pem::Error::NoItemsFound => Error::Postgres {
            what: format!("reading the client key {}", key_path.display()),
            message: if std::fs::read_to_string(&key_path).is_ok_and(|t| t.contains("ENCRYPTED")) {
                "the key is encrypted (libpq's sslpassword), which pschema does not read; \
                 decrypt it with `openssl pkey -in <key> -out <new key>`"
                    .into()
            } else {
                "no private key in it (expected PEM: PKCS#8, PKCS#1 RSA or SEC1 EC)".into()
            },
        },
        other => pem_error(&key_path, "client key", other),
    })?;
    Ok(Some(Identity {
        chain,
        key,
        cert_path,
        key_path,
    }))
}

pub(crate) fn tls_config(url: &PostgresUrl) -> Result<rustls::ClientConfig, Error> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let algorithms = provider.signature_verification_algorithms;
    let builder = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| Error::Postgres {
            what: "setting up TLS".into(),
            message: e.to_string(),
        })?;
    let builder = match check(url)? {
        Check::Nothing => builder
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(AnyCertificate(algorithms))),
        Check::Chain(roots) => builder
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(ChainOnly {
                roots: Arc::new(roots),
                algorithms,
            })),
        Check::ChainAndName(roots) => builder.with_root_certificates(roots),
    };
    match client_identity(url)? {
        None => Ok(builder.with_no_client_auth()),
        Some(identity) => builder
            .with_client_auth_cert(identity.chain, identity.key)
            .map_err(|e| Error::Postgres {
                what: format!(
                    "using the client certificate {} with the key {}",
                    identity.cert_path.display(),
                    identity.key_path.display()
                ),
                message: match e {
                    rustls::Error::InconsistentKeys(rustls::InconsistentKeys::KeyMismatch) => {
                        "the key does not belong to the certificate".into()
                    }
                    other => other.to_string(),
                },
            }),
    }
}

fn tls_connector(url: &PostgresUrl) -> Result<tokio_postgres_rustls::MakeRustlsConnect, Error> {
    Ok(tokio_postgres_rustls::MakeRustlsConnect::new(tls_config(url)?))
}

/// Accepts any certificate: `sslmode=require` (without a root certificate)
/// and `prefer` encrypt without checking who is at the other end, as libpq
/// does. The handshake's signatures are still verified.
#[derive(Debug)]
struct AnyCertificate(WebPkiSupportedAlgorithms);

impl ServerCertVerifier for AnyCertificate {
    fn verify_server_cert(
        &self,
        _: &CertificateDer<'_>,
        _: &[CertificateDer<'_>],
        _: &ServerName<'_>,
        _: &[u8],
        _: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(message, cert, dss, &self.0)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, &self.0)
    }

    fn supported_verify_schemes(&self) -> Vec<rustls::SignatureScheme> {
        self.0.supported_schemes()
    }
}

/// `verify-ca`: the certificate must chain to a trusted root (and be valid
/// now, for a server); whose name it bears is not checked, as libpq does
/// not check it before `verify-full`.
#[derive(Debug)]
struct ChainOnly {
    roots: Arc<RootCertStore>,
    algorithms: WebPkiSupportedAlgorithms,
}

impl ServerCertVerifier for ChainOnly {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        _: &ServerName<'_>,
        _: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let certificate = rustls::server::ParsedCertificate::try_from(end_entity)?;
        rustls::client::verify_server_cert_signed_by_trust_anchor(
            &certificate,
            &self.roots,
            intermediates,
            now,
            self.algorithms.all,
        )?;
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(message, cert, dss, &self.algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, &self.algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<rustls::SignatureScheme> {
        self.algorithms.supported_schemes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::url::DatabaseUrl;
    use rcgen::{BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, KeyPair};

    fn parse(url: &str) -> PostgresUrl {
        match DatabaseUrl::parse(url) {
            Ok(DatabaseUrl::Postgres(url)) => url,
            other => panic!("{url}: {other:?}"),
        }
    }

    /// A certificate authority that signs server and client certificates.
    struct Authority {
        key: KeyPair,
        cert: rcgen::Certificate,
    }

    impl Authority {
        fn new(name: &str) -> Authority {
            let key = KeyPair::generate().unwrap();
            let mut params = CertificateParams::new(Vec::new()).unwrap();
            params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
            params.distinguished_name.push(DnType::CommonName, name);
            let cert = params.self_signed(&key).unwrap();
            Authority { key, cert }
        }

        /// A certificate for `names` and its key.
        fn issue(&self, names: &[&str], purpose: ExtendedKeyUsagePurpose) -> (rcgen::Certificate, KeyPair) {
            let key = KeyPair::generate().unwrap();
            let mut params = CertificateParams::new(names.iter().map(|n| n.to_string()).collect::<Vec<_>>()).unwrap();
            params.distinguished_name.push(DnType::CommonName, names[0]);
            params.extended_key_usages = vec![purpose];
            let cert = params.signed_by(&key, &self.cert, &self.key).unwrap();
            (cert, key)
        }
    }

    fn server_config(cert: &rcgen::Certificate, key: &KeyPair, clients: Option<&Authority>) -> rustls::ServerConfig {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let builder = rustls::ServerConfig::builder_with_provider(provider.clone())
            .with_safe_default_protocol_versions()
            .unwrap();
        let builder = match clients {
            Some(authority) => {
                let mut roots = RootCertStore::empty();
                roots.add(authority.cert.der().clone()).unwrap();
                let verifier = rustls::server::WebPkiClientVerifier::builder_with_provider(Arc::new(roots), provider)
                    .build()
                    .unwrap();
                builder.with_client_cert_verifier(verifier)
            }
            None => builder.with_no_client_auth(),
        };
        builder
            .with_single_cert(
                vec![cert.der().clone()],
                PrivateKeyDer::try_from(key.serialize_der()).unwrap(),
            )
            .unwrap()
    }

    /// A TLS handshake in memory between pschema's client configuration for
    /// `url` and `server`, the client asking for `host`. The certificate
    /// the client presented, if any.
    fn handshake(
        url: &PostgresUrl,
        host: &str,
        server: rustls::ServerConfig,
    ) -> Result<Option<CertificateDer<'static>>, rustls::Error> {
        let client = tls_config(url).unwrap();
        let name = ServerName::try_from(host.to_string()).unwrap();
        let mut client = rustls::ClientConnection::new(Arc::new(client), name)?;
        let mut server = rustls::ServerConnection::new(Arc::new(server))?;
        for _ in 0..20 {
            let mut bytes = Vec::new();
            while client.wants_write() {
                client.write_tls(&mut bytes).unwrap();
            }
            if !bytes.is_empty() {
                server.read_tls(&mut &bytes[..]).unwrap();
                server.process_new_packets()?;
            }
            let mut bytes = Vec::new();
            while server.wants_write() {
                server.write_tls(&mut bytes).unwrap();
            }
            if !bytes.is_empty() {
                client.read_tls(&mut &bytes[..]).unwrap();
                client.process_new_packets()?;
            }
            if !client.is_handshaking() && !server.is_handshaking() {
                return Ok(server.peer_certificates().and_then(|c| c.first().cloned()));
            }
        }
        panic!("the handshake did not finish")
    }

    fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        path
    }

    #[test]
    fn verify_ca_checks_the_chain_and_verify_full_the_name_too() {
        let tmp = tempfile::tempdir().unwrap();
        let authority = Authority::new("pschema test CA");
        let root = write(tmp.path(), "root.crt", &authority.cert.pem());
        let (cert, key) = authority.issue(&["db.pschema.test"], ExtendedKeyUsagePurpose::ServerAuth);
        let url = |mode: &str| {
            parse(&format!(
                "postgresql://h/d?sslmode={mode}&sslrootcert={}",
                root.display()
            ))
        };

        // Connecting to an address the certificate does not name.
        let server = || server_config(&cert, &key, None);
        handshake(&url("verify-ca"), "127.0.0.1", server()).expect("verify-ca does not check the name");
        handshake(&url("require"), "127.0.0.1", server()).expect("require with a root certificate is verify-ca");
        let err = handshake(&url("verify-full"), "127.0.0.1", server()).unwrap_err();
        assert!(
            matches!(
                err,
                rustls::Error::InvalidCertificate(rustls::CertificateError::NotValidForNameContext { .. })
            ),
            "{err:?}"
        );
        handshake(&url("verify-full"), "db.pschema.test", server()).expect("verify-full with the right name");

        // A certificate from another authority does not chain to the root.
        let other = Authority::new("someone else");
        let (stranger, stranger_key) = other.issue(&["db.pschema.test"], ExtendedKeyUsagePurpose::ServerAuth);
        for mode in ["verify-ca", "verify-full", "require"] {
            let err = handshake(
                &url(mode),
                "db.pschema.test",
                server_config(&stranger, &stranger_key, None),
            )
            .unwrap_err();
            assert!(
                matches!(
                    err,
                    rustls::Error::InvalidCertificate(rustls::CertificateError::UnknownIssuer)
                ),
                "{mode}: {err:?}"
            );
        }
        // Without a root certificate, require and prefer check nothing.
        for mode in ["require", "prefer"] {
            let url = parse(&format!("postgresql://h/d?sslmode={mode}"));
            if default_file("root.crt").is_some_and(|p| p.is_file()) {
                continue; // libpq's default root certificate would apply
            }
            handshake(&url, "127.0.0.1", server_config(&stranger, &stranger_key, None)).expect(mode);
        }
    }

    #[test]
    fn a_self_signed_server_certificate_can_be_its_own_root() {
        // As the local server's snakeoil certificate: CA:FALSE, self-signed.
        let tmp = tempfile::tempdir().unwrap();
        let key = KeyPair::generate().unwrap();
        let cert = CertificateParams::new(vec!["localhost".to_string()])
            .unwrap()
            .self_signed(&key)
            .unwrap();
        let root = write(tmp.path(), "snakeoil.pem", &cert.pem());
        let url = parse(&format!(
            "postgresql://h/d?sslmode=verify-ca&sslrootcert={}",
            root.display()
        ));
        handshake(&url, "127.0.0.1", server_config(&cert, &key, None)).unwrap();
    }

    #[test]
    fn the_client_certificate_is_presented() {
        let tmp = tempfile::tempdir().unwrap();
        let servers = Authority::new("servers");
        let clients = Authority::new("clients");
        let (server_cert, server_key) = servers.issue(&["db.pschema.test"], ExtendedKeyUsagePurpose::ServerAuth);
        let (client_cert, client_key) = clients.issue(&["app"], ExtendedKeyUsagePurpose::ClientAuth);
        let root = write(tmp.path(), "root.crt", &servers.cert.pem());
        let cert = write(tmp.path(), "client.crt", &client_cert.pem());
        let key = write(tmp.path(), "client.key", &client_key.serialize_pem());
        let url = parse(&format!(
            "postgresql://h/d?sslmode=verify-full&sslrootcert={}&sslcert={}&sslkey={}",
            root.display(),
            cert.display(),
            key.display()
        ));
        let presented = handshake(
            &url,
            "db.pschema.test",
            server_config(&server_cert, &server_key, Some(&clients)),
        )
        .unwrap();
        assert_eq!(presented.as_ref(), Some(client_cert.der()));

        // Without one, a server that asks for one refuses the handshake.
        let url = parse(&format!(
            "postgresql://h/d?sslmode=verify-full&sslrootcert={}",
            root.display()
        ));
        if !default_file("postgresql.crt").is_some_and(|p| p.is_file()) {
            handshake(
                &url,
                "db.pschema.test",
                server_config(&server_cert, &server_key, Some(&clients)),
            )
            .unwrap_err();
        }
    }

    fn testdata(name: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/tls").join(name)
    }

    fn with_client(cert: &Path, key: &Path) -> PostgresUrl {
        parse(&format!(
            "postgresql://h/d?sslmode=require&sslcert={}&sslkey={}",
            cert.display(),
            key.display()
        ))
    }

    #[test]
    fn client_keys_are_read_in_each_pem_form() {
        for (cert, key) in [
            ("rsa.crt", "rsa-pkcs1.key"),
            ("ec.crt", "ec-sec1.key"),
            ("ec.crt", "ec-pkcs8.key"),
        ] {
            let identity = client_identity(&with_client(&testdata(cert), &testdata(key)))
                .unwrap()
                .unwrap();
            assert_eq!(identity.chain.len(), 1);
            tls_config(&with_client(&testdata(cert), &testdata(key))).unwrap_or_else(|e| panic!("{key}: {e}"));
        }
    }

    #[test]
    fn client_certificate_mistakes_name_the_file() {
        let tmp = tempfile::tempdir().unwrap();
        let message = |cert: &Path, key: &Path| match tls_config(&with_client(cert, key)) {
            Ok(_) => panic!("{} with {} was accepted", cert.display(), key.display()),
            Err(e) => e.to_string(),
        };
        let err = message(&testdata("rsa.crt"), &testdata("ec-sec1.key"));
        assert!(err.contains("rsa.crt") && err.contains("ec-sec1.key"), "{err}");
        assert!(err.contains("the key does not belong to the certificate"), "{err}");

        let missing = tmp.path().join("missing.crt");
        let err = message(&missing, &testdata("ec-sec1.key"));
        assert!(err.starts_with(&format!("{}: ", missing.display())), "{err}");

        let err = message(&testdata("ec.crt"), &tmp.path().join("missing.key"));
        assert!(err.contains("missing.key"), "{err}");

        let err = message(&testdata("ec.crt"), &testdata("ec-encrypted.key"));
        assert!(err.contains("ec-encrypted.key") && err.contains("encrypted"), "{err}");

        let empty = write(tmp.path(), "empty.crt", "not a certificate\n");
        let err = message(&empty, &testdata("ec-sec1.key"));
        assert!(
            err.contains("empty.crt") && err.contains("no certificate in it"),
            "{err}"
        );

        // A key file with a certificate only.
        let err = message(&testdata("ec.crt"), &testdata("ec.crt"));
        assert!(err.contains("no private key in it"), "{err}");

        let err = tls_config(&parse(&format!(
            "postgresql://h/d?sslmode=verify-ca&sslrootcert={}",
            empty.display()
        )))
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
        assert!(err.contains("root certificate") && err.contains("empty.crt"), "{err}");
    }

    #[test]
    fn the_driver_gets_every_part_of_the_url() {
        let url = parse(
            "postgresql://app:pw%40x@db.example:6543/paciolus?application_name=deploy&connect_timeout=1\
             &options=-c%20search_path%3Dp&sslmode=verify-full&hostaddr=10.0.0.5",
        );
        let config = config(&url);
        assert_eq!(config.get_hosts(), [postgres::config::Host::Tcp("db.example".into())]);
        assert_eq!(
            config.get_hostaddrs(),
            ["10.0.0.5".parse::<std::net::IpAddr>().unwrap()]
        );
        assert_eq!(config.get_ports(), [6543]);
        assert_eq!(config.get_user(), Some("app"));
        assert_eq!(config.get_password(), Some(&b"pw@x"[..]));
        assert_eq!(config.get_dbname(), Some("paciolus"));
        assert_eq!(config.get_application_name(), Some("deploy"));
        assert_eq!(config.get_options(), Some("-c search_path=p"));
        assert_eq!(
            config.get_connect_timeout(),
            Some(&Duration::from_secs(2)),
            "libpq's minimum"
        );
        assert_eq!(config.get_ssl_mode(), postgres::config::SslMode::Require);

        let config = super::config(&parse("postgresql:///p?host=/var/run/postgresql&sslmode=require"));
        assert_eq!(
            config.get_hosts(),
            [postgres::config::Host::Unix("/var/run/postgresql".into())]
        );
        assert_eq!(
            config.get_ssl_mode(),
            postgres::config::SslMode::Disable,
            "no TLS over a Unix socket, as in libpq"
        );
        assert_eq!(config.get_application_name(), Some("pschema"));
        assert_eq!(config.get_connect_timeout(), Some(&Duration::from_secs(10)));
        assert_eq!(
            super::config(&parse("postgresql://h/p?connect_timeout=0")).get_connect_timeout(),
            None
        );
        assert_eq!(
            super::config(&parse("postgresql://h/p")).get_ssl_mode(),
            postgres::config::SslMode::Prefer
        );
    }

    #[test]
    fn connection_errors_never_show_the_password() {
        let url = parse("postgresql://app:s3cr3t-pw@127.0.0.1:1/p?sslmode=disable");
        let err = connect(&url).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(
            err.contains("connecting to postgresql://app:***@127.0.0.1:1/p"),
            "{err}"
        );
        assert!(!err.contains("s3cr3t"), "{err}");
        // Should the driver ever repeat it, it is cleaned out.
        let echoed = without_password(
            Error::Postgres {
                what: "x".into(),
                message: "password s3cr3t-pw or s3cr3t%2Dpw".into(),
            },
            &url,
        );
        assert_eq!(echoed.to_string(), "PostgreSQL, x: password *** or ***");
    }
}
