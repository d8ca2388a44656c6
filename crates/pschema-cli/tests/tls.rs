//! TLS against a PostgreSQL cluster of the test's own (the shared server's
//! configuration is left alone): a server certificate issued for a name that
//! is not the address connected to, and `cert` authentication, which lets in
//! only a client that presents a certificate for its user name.
//!
//! The cluster needs PostgreSQL's `initdb`; without it the test skips,
//! except under `CI=true`, where it must run.

mod common;

use common::*;
use rcgen::{BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, KeyPair};
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::process::Command;

/// PostgreSQL's server programs (`initdb`, `pg_ctl`), the newest installed.
fn postgres_bin() -> Option<PathBuf> {
    let mut versions: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok().map(|e| e.path().join("bin")))
        .filter(|bin| bin.join("initdb").is_file())
        .collect();
    versions.sort_by_key(|p| {
        p.parent()
            .and_then(|v| v.file_name())
            .and_then(|v| v.to_str())
            .and_then(|v| v.parse::<u32>().ok())
            .unwrap_or(0)
    });
    versions.pop().or_else(|| {
        let out = Command::new("pg_config").arg("--bindir").output().ok()?;
        let bin = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
        bin.join("initdb").is_file().then_some(bin)
    })
}

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

    /// A certificate whose common name is `name` (the user name, for a
    /// client), with `name` as its DNS name too.
    fn issue(&self, name: &str, purpose: ExtendedKeyUsagePurpose) -> (String, String) {
        let key = KeyPair::generate().unwrap();
        let mut params = CertificateParams::new(vec![name.to_string()]).unwrap();
        params.distinguished_name.push(DnType::CommonName, name);
        params.extended_key_usages = vec![purpose];
        let cert = params.signed_by(&key, &self.cert, &self.key).unwrap();
        (cert.pem(), key.serialize_pem())
    }
}

/// A running cluster in a temporary directory, stopped when dropped.
struct Cluster {
    dir: tempfile::TempDir,
    bin: PathBuf,
    /// `runuser -u postgres --` when the tests run as root: initdb refuses root.
    as_postgres: Vec<String>,
    port: u16,
}

impl Cluster {
    fn command(&self, program: &str) -> Command {
        let mut c = match self.as_postgres.split_first() {
            Some((first, rest)) => {
                let mut c = Command::new(first);
                c.args(rest).arg(self.bin.join(program));
                c
            }
            None => Command::new(self.bin.join(program)),
        };
        c.env_remove("PGDATA");
        c
    }

    fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    /// Writes a file the server can read (and only its owner, for keys).
    fn write(&self, name: &str, text: &str) -> PathBuf {
        let path = self.dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        std::fs::set_permissions(&path, std::os::unix::fs::PermissionsExt::from_mode(0o600)).unwrap();
        self.give(&path);
        path
    }

    fn give(&self, path: &Path) {
        if !self.as_postgres.is_empty() {
            let (uid, gid) = postgres_ids();
            std::os::unix::fs::chown(path, Some(uid), Some(gid)).unwrap();
        }
    }

    fn start(server_cert: &str, server_key: &str, client_ca: &str) -> Cluster {
        let bin = postgres_bin().expect("initdb");
        let root = std::fs::metadata("/proc/self").map(|m| m.uid() == 0).unwrap_or(false);
        let as_postgres = if root {
            ["runuser", "-u", "postgres", "--"].map(String::from).to_vec()
        } else {
            Vec::new()
        };
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let cluster = Cluster {
            dir: tempfile::tempdir().unwrap(),
            bin,
            as_postgres,
            port,
        };
        cluster.give(cluster.dir.path());
        let out = cluster
            .command("initdb")
            .args(["-A", "trust", "-U", "postgres", "-N", "--no-instructions", "-D"])
            .arg(cluster.data())
            .output()
            .unwrap();
        assert!(out.status.success(), "initdb: {}", stderr(&out));
        let cert = cluster.write("server.crt", server_cert);
        let key = cluster.write("server.key", server_key);
        let ca = cluster.write("clients.crt", client_ca);
        let conf = format!(
            "\nport = {port}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '{dir}'\n\
             ssl = on\nssl_cert_file = '{cert}'\nssl_key_file = '{key}'\nssl_ca_file = '{ca}'\nfsync = off\n",
            dir = cluster.dir.path().display(),
            cert = cert.display(),
            key = key.display(),
            ca = ca.display(),
        );
        let conf_path = cluster.data().join("postgresql.conf");
        let mut text = std::fs::read_to_string(&conf_path).unwrap();
        text.push_str(&conf);
        std::fs::write(&conf_path, text).unwrap();
        // Over TCP only with a client certificate naming the user.
        std::fs::write(
            cluster.data().join("pg_hba.conf"),
            "local all all trust\nhostssl all all 127.0.0.1/32 cert\n",
        )
        .unwrap();
        let log = cluster.dir.path().join("log");
        let out = cluster
            .command("pg_ctl")
            .args(["-w", "-t", "60", "-D"])
            .arg(cluster.data())
            .arg("-l")
            .arg(&log)
            .arg("start")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "pg_ctl start: {}{}",
            stderr(&out),
            std::fs::read_to_string(&log).unwrap_or_default()
        );
        cluster
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        self.command("pg_ctl")
            .args(["-w", "-m", "immediate", "-D"])
            .arg(self.data())
            .arg("stop")
            .output()
            .ok();
    }
}

fn postgres_ids() -> (u32, u32) {
    let id = |flag: &str| {
        let out = Command::new("id").args([flag, "postgres"]).output().unwrap();
        String::from_utf8_lossy(&out.stdout).trim().parse::<u32>().unwrap()
    };
    (id("-u"), id("-g"))
}

fn connect(url: &str) -> Result<postgres::Client, pschema_migrate::Error> {
    match pschema_driver::DatabaseUrl::parse(url)? {
        pschema_driver::DatabaseUrl::Postgres(url) => pschema_driver::postgres::connect::connect(&url),
        other => panic!("not a PostgreSQL URL: {other:?}"),
    }
}

#[test]
fn verify_ca_verify_full_and_client_certificates_on_a_cluster_of_its_own() {
    if postgres_bin().is_none() {
        assert_ne!(
            std::env::var("CI").as_deref(),
            Ok("true"),
            "CI=true but PostgreSQL's initdb is not installed"
        );
        eprintln!("no initdb: skipping");
        return;
    }
    let servers = Authority::new("pschema test servers");
    let clients = Authority::new("pschema test clients");
    // Issued for a name, and connected to by address.
    let (server_cert, server_key) = servers.issue("db.pschema.test", ExtendedKeyUsagePurpose::ServerAuth);
    let cluster = Cluster::start(&server_cert, &server_key, &clients.cert.pem());
    let files = tempfile::tempdir().unwrap();
    let file = |name: &str, text: &str| {
        let path = files.path().join(name);
        std::fs::write(&path, text).unwrap();
        path.display().to_string()
    };
    let root = file("root.crt", &servers.cert.pem());
    let (client_cert, client_key) = clients.issue("postgres", ExtendedKeyUsagePurpose::ClientAuth);
    let cert = file("postgres.crt", &client_cert);
    let key = file("postgres.key", &client_key);
    let port = cluster.port;
    let with_client = format!("sslrootcert={root}&sslcert={cert}&sslkey={key}");

    // verify-ca: the chain is checked, the name is not.
    let url = format!("postgresql://postgres@127.0.0.1:{port}/postgres?sslmode=verify-ca&{with_client}");
    let mut client = connect(&url).unwrap();
    let (ssl, dn): (bool, String) = client
        .query_one(
            "SELECT ssl, coalesce(client_dn, '') FROM pg_stat_ssl WHERE pid = pg_backend_pid()",
            &[],
        )
        .map(|r| (r.get(0), r.get(1)))
        .unwrap();
    assert!(ssl);
    assert_eq!(dn, "/CN=postgres", "the client certificate was presented");

    // verify-full: the name too, against the host (hostaddr says where to connect).
    let Err(err) = connect(&format!(
        "postgresql://postgres@127.0.0.1:{port}/postgres?sslmode=verify-full&{with_client}"
    )) else {
        panic!("verify-full accepted a certificate for another name")
    };
    assert!(err.to_string().contains("not valid for name"), "{err}");
    connect(&format!(
        "postgresql://postgres@db.pschema.test:{port}/postgres?hostaddr=127.0.0.1&sslmode=verify-full&{with_client}"
    ))
    .unwrap();

    // Without a client certificate, `cert` authentication turns it away.
    if std::env::var_os("HOME").is_none_or(|home| !Path::new(&home).join(".postgresql/postgresql.crt").exists()) {
        let Err(err) = connect(&format!(
            "postgresql://postgres@127.0.0.1:{port}/postgres?sslmode=verify-ca&sslrootcert={root}"
        )) else {
            panic!("connected without a client certificate")
        };
        assert!(err.to_string().contains("certificate"), "{err}");
    }
    // A certificate from another authority is refused by the server.
    let strangers = Authority::new("someone else");
    let (stranger_cert, stranger_key) = strangers.issue("postgres", ExtendedKeyUsagePurpose::ClientAuth);
    let stranger = format!(
        "postgresql://postgres@127.0.0.1:{port}/postgres?sslmode=require&sslcert={}&sslkey={}",
        file("stranger.crt", &stranger_cert),
        file("stranger.key", &stranger_key)
    );
    assert!(
        connect(&stranger).is_err(),
        "a client certificate from another authority"
    );

    // The command line, end to end.
    let project = scratch_project();
    let out = ok(project.path(), &["--database-url", &url, "upgrade", "head"]);
    assert!(out.contains("Applied e2f21cb79a61"), "{out}");
    assert_eq!(
        ok(project.path(), &["--database-url", &url, "current"]),
        "e2f21cb79a61 (head)\n"
    );
}
