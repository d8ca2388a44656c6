//! Databases of the test's own on the PostgreSQL server (`PSCHEMA_TEST_POSTGRES_URL`).

/// A fresh database named `harness_<pid>_<label>`, dropped afterwards.
pub struct Database {
    server: String,
    pub name: String,
    pub url: String,
}

impl Database {
    pub fn new(server: &str, label: &str) -> Database {
        let name = format!("harness_{}_{label}", std::process::id());
        let mut admin = postgres::Client::connect(server, postgres::NoTls).unwrap();
        admin
            .batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            .unwrap();
        admin.batch_execute(&format!("CREATE DATABASE {name}")).unwrap();
        let (base, query) = match server.split_once('?') {
            Some((b, q)) => (b, format!("?{q}")),
            None => (server, String::new()),
        };
        let base = base.rsplit_once('/').map_or(base, |(b, _)| b);
        Database {
            server: server.to_string(),
            url: format!("{base}/{name}{query}"),
            name,
        }
    }

    pub fn client(&self) -> postgres::Client {
        postgres::Client::connect(&self.url, postgres::NoTls).unwrap()
    }

    pub fn dump(&self) -> crate::dump::Dump {
        crate::dump::postgres(&mut self.client())
    }
}

impl Drop for Database {
    fn drop(&mut self) {
        if let Ok(mut admin) = postgres::Client::connect(&self.server, postgres::NoTls) {
            admin
                .batch_execute(&format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name))
                .ok();
        }
    }
}
