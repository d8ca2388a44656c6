//! `cargo xtask bench online [--rows N] [--ddl-lock-timeout MS]`: how long a
//! schema migration stalls application writes on a live PostgreSQL database.
//!
//! For each class of change (add index, add foreign key, ...) two plans run on
//! a copy of the same loaded database while two writer threads keep writing:
//! - pschema: the migration `revision --autogenerate` writes for the change,
//!   applied by the release binary's `upgrade head` (whatever the planner
//!   writes today, so lock-safe forms show here as soon as they land);
//! - naive: the SQL Alembic's autogenerate writes for the same change, in one
//!   transaction through a plain connection.
//!
//! Each plan runs twice: with the writers only, and with a long read
//! transaction on the table opened before the migration, behind which a
//! naive `ALTER TABLE` queues, and every write behind the `ALTER TABLE`.
//! Reported per run: the longest single write, the failed writes, and the
//! migration's wall time.
//!
//! Needs `PSCHEMA_TEST_POSTGRES_URL` (a server URL; the scenario creates and
//! drops its own databases) and is skipped, saying so, without it.

use super::{Bench, ms, new_project};
use anyhow::{Context, Result, bail};
use postgres::{Client, NoTls};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

/// Writer threads, each with its own connection, as an application's pool.
const WRITERS: usize = 2;
/// How long the writers run before the migration starts and after it ends,
/// so that a stall at either edge is inside the measured window.
const LEAD: Duration = Duration::from_millis(500);
const TAIL: Duration = Duration::from_millis(500);
/// A pause between writes: a steady load that leaves the (shared, two-core)
/// machine's CPU to the migration, so that its time is not the writers'.
const WRITE_PAUSE: Duration = Duration::from_millis(1);
/// How long the long reader holds its transaction open (a report, a backup).
const READER_HOLD: Duration = Duration::from_secs(5);

const FIRST_REV: &str = "aaaaaaaaaaaa";
const CHANGE_REV: &str = "bbbbbbbbbbbb";

/// The scenario's options, taken out of `cargo xtask bench`'s arguments.
pub struct Options {
    /// Rows in `accounts` and in `entries`.
    rows: i64,
    /// Passed to pschema as `--ddl-lock-timeout`; its default otherwise.
    ddl_lock_timeout: Option<u64>,
}

impl Options {
    /// Removes `--rows N` and `--ddl-lock-timeout MS` from `args`, leaving
    /// the scenario names.
    pub fn take(args: &mut Vec<String>) -> Result<Options> {
        let mut options = Options {
            rows: 1_000_000,
            ddl_lock_timeout: None,
        };
        let mut i = 0;
        while i < args.len() {
            let flag = args[i].clone();
            if flag != "--rows" && flag != "--ddl-lock-timeout" {
                i += 1;
                continue;
            }
            let value = args.get(i + 1).with_context(|| format!("{flag} needs a value"))?;
            if flag == "--rows" {
                options.rows = value.parse().with_context(|| format!("--rows {value}"))?;
                if options.rows < 1 {
                    bail!("--rows must be at least 1");
                }
            } else {
                options.ddl_lock_timeout = Some(value.parse().with_context(|| format!("--ddl-lock-timeout {value}"))?);
            }
            args.drain(i..i + 2);
        }
        Ok(options)
    }
}

/// The schema every class starts from: a column for each class to change.
const BEFORE: &str = "table accounts {
  id      BigInteger  @id
  name    String(100)
  balance Integer
  email   String(100)
  code    String(100)
  region  Integer?
  score   Integer
  legacy  Integer
}

table entries {
  id         BigInteger @id
  account_id BigInteger
  amount     Integer
}
";

/// One class of change: the schema edit for pschema and Alembic's SQL for it.
struct Class {
    name: &'static str,
    /// The table the migration changes, which the long reader reads.
    table: &'static str,
    /// `BEFORE` with `from` replaced by `to` is the schema after the change.
    from: &'static str,
    to: &'static str,
    /// Extra flags `revision --autogenerate` needs to write the change.
    flags: &'static [&'static str],
    /// What `alembic revision --autogenerate` writes for the same change
    /// (the op.* call in the comment), rendered for PostgreSQL. Alembic names
    /// no foreign key or unique constraint without a naming convention
    /// (`None`), and neither does pschema.
    naive: &'static str,
}

const CLASSES: &[Class] = &[
    Class {
        name: "add index",
        table: "accounts",
        from: "  name    String(100)\n",
        to: "  name    String(100) @index\n",
        flags: &[],
        // op.create_index(op.f('ix_accounts_name'), 'accounts', ['name'], unique=False)
        naive: "CREATE INDEX ix_accounts_name ON accounts (name)",
    },
    Class {
        name: "add foreign key",
        table: "entries",
        from: "  account_id BigInteger\n",
        to: "  account_id BigInteger @references(accounts.id)\n",
        flags: &[],
        // op.create_foreign_key(None, 'entries', 'accounts', ['account_id'], ['id'])
        naive: "ALTER TABLE entries ADD FOREIGN KEY(account_id) REFERENCES accounts (id)",
    },
    Class {
        name: "add check",
        table: "accounts",
        from: "  legacy  Integer\n}\n",
        to: "  legacy  Integer\n\n  check ck_accounts_balance \"balance >= 0\"\n}\n",
        flags: &[],
        // op.create_check_constraint('ck_accounts_balance', 'accounts', 'balance >= 0')
        naive: "ALTER TABLE accounts ADD CONSTRAINT ck_accounts_balance CHECK (balance >= 0)",
    },
    Class {
        name: "set not null",
        table: "accounts",
        from: "  region  Integer?\n",
        to: "  region  Integer\n",
        // pschema cannot know that no row holds NULL, and calls the change
        // destructive; Alembic writes it without asking.
        flags: &["--allow-destructive"],
        // op.alter_column('accounts', 'region', existing_type=sa.INTEGER(), nullable=False)
        naive: "ALTER TABLE accounts ALTER COLUMN region SET NOT NULL",
    },
    Class {
        name: "add unique",
        table: "accounts",
        from: "  email   String(100)\n",
        to: "  email   String(100) @unique\n",
        flags: &[],
        // op.create_unique_constraint(None, 'accounts', ['email'])
        naive: "ALTER TABLE accounts ADD UNIQUE (email)",
    },
    Class {
        name: "add column with default",
        table: "accounts",
        from: "  legacy  Integer\n}\n",
        to: "  legacy  Integer\n  status  String(20) @default(\"active\")\n}\n",
        flags: &[],
        // op.add_column('accounts', sa.Column('status', sa.String(length=20),
        //     server_default='active', nullable=False))
        naive: "ALTER TABLE accounts ADD COLUMN status VARCHAR(20) DEFAULT 'active' NOT NULL",
    },
    Class {
        name: "widen varchar",
        table: "accounts",
        from: "  code    String(100)\n",
        to: "  code    String(200)\n",
        flags: &[],
        // op.alter_column('accounts', 'code', existing_type=sa.VARCHAR(length=100),
        //     type_=sa.String(length=200), existing_nullable=False)
        naive: "ALTER TABLE accounts ALTER COLUMN code TYPE VARCHAR(200)",
    },
    Class {
        name: "int to bigint",
        table: "accounts",
        from: "  score   Integer\n",
        to: "  score   BigInteger\n",
        flags: &[],
        // op.alter_column('accounts', 'score', existing_type=sa.INTEGER(),
        //     type_=sa.BigInteger(), existing_nullable=False)
        naive: "ALTER TABLE accounts ALTER COLUMN score TYPE BIGINT",
    },
    Class {
        name: "rename column",
        table: "accounts",
        from: "  legacy  Integer\n",
        to: "  renamed Integer @renamed_from(legacy)\n",
        flags: &[],
        // op.alter_column('accounts', 'legacy', new_column_name='renamed')
        naive: "ALTER TABLE accounts RENAME COLUMN legacy TO renamed",
    },
];

/// The rows of the database every run copies. The writers update random ids
/// of `accounts`, so the ids must be 1..=rows: they come from the sequences.
fn load_sql(rows: i64) -> String {
    format!(
        "INSERT INTO accounts (name, balance, email, code, region, score, legacy)
         SELECT 'account ' || i, i % 1000, 'user' || i || '@example.com', 'C' || i, i % 50, i, i
         FROM generate_series(1::bigint, {rows}) AS i;
         INSERT INTO entries (account_id, amount)
         SELECT (i * 7919) % {rows} + 1, i % 500 FROM generate_series(1::bigint, {rows}) AS i;"
    )
}

/// The databases this scenario created on the server, dropped when it ends,
/// on an error too.
struct Server {
    url: String,
    admin: Client,
    created: Vec<String>,
}

impl Server {
    fn connect(url: &str) -> Result<Server> {
        Ok(Server {
            url: url.to_string(),
            admin: connect(url)?,
            created: Vec::new(),
        })
    }

    /// The URL of database `name` on the same server (SQLAlchemy's form, which
    /// pschema and the postgres crate both read).
    fn database_url(&self, name: &str) -> String {
        super::database_url(&self.url, name)
    }

    fn create(&mut self, name: &str, template: Option<&str>) -> Result<()> {
        self.drop_database(name)?;
        let from = template.map(|t| format!(" TEMPLATE {t}")).unwrap_or_default();
        self.admin
            .batch_execute(&format!("CREATE DATABASE {name}{from}"))
            .with_context(|| format!("CREATE DATABASE {name}{from}"))?;
        self.created.push(name.to_string());
        Ok(())
    }

    /// FORCE ends the connections a failed run may have left open.
    fn drop_database(&mut self, name: &str) -> Result<()> {
        self.admin
            .batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            .with_context(|| format!("DROP DATABASE {name}"))?;
        self.created.retain(|c| c != name);
        Ok(())
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        for name in std::mem::take(&mut self.created) {
            let _ = self.drop_database(&name);
        }
    }
}

fn connect(url: &str) -> Result<Client> {
    Client::connect(url, NoTls).with_context(|| format!("connecting to {url}"))
}

/// pschema in a scratch project, with no database from the environment.
fn pschema(bench: &Bench, project: &Path) -> Command {
    let mut c = bench.pschema(project, &[]);
    c.env_remove("PSCHEMA_VERIFY_POSTGRES_URL");
    c
}

/// Runs pschema to completion; its stderr when it fails.
fn pschema_ok(command: &mut Command) -> Result<(), String> {
    let out = command.output().map_err(|e| format!("starting pschema: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).trim().to_string())
    }
}

/// The project at the first revision (the `BEFORE` schema), and one project
/// per class that adds the change's revision to a copy of it, or why
/// autogenerate refused the change. The copies share the first revision's
/// files, so one database built from it serves every class.
fn projects(bench: &Bench) -> Result<(PathBuf, Vec<Result<PathBuf, String>>)> {
    let base = new_project(bench, "online", BEFORE)?;
    pschema_ok(pschema(bench, &base).args(["revision", "--autogenerate", "-m", "before", "--rev-id", FIRST_REV]))
        .map_err(|e| anyhow::anyhow!("autogenerate of the first revision: {e}"))?;
    let first = std::fs::read_dir(base.join("migrations"))?
        .next()
        .context("the first revision's folder")??
        .path();
    let mut changes = Vec::new();
    for (i, class) in CLASSES.iter().enumerate() {
        assert!(BEFORE.contains(class.from), "{}: `from` is not in BEFORE", class.name);
        let after = BEFORE.replacen(class.from, class.to, 1);
        let project = new_project(bench, &format!("online{i}"), &after)?;
        copy_dir(&first, &project.join("migrations").join(first.file_name().unwrap()))?;
        let mut autogenerate = pschema(bench, &project);
        autogenerate
            .args(["revision", "--autogenerate", "-m", "change", "--rev-id", CHANGE_REV])
            .args(class.flags);
        changes.push(pschema_ok(&mut autogenerate).map(|()| project));
    }
    Ok((base, changes))
}

fn copy_dir(from: &Path, to: &Path) -> Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &to.join(entry.file_name()))?;
        } else {
            std::fs::copy(entry.path(), to.join(entry.file_name()))?;
        }
    }
    Ok(())
}

/// The statements of a class's PostgreSQL migration, comments left out.
fn plan_text(project: &Path) -> Result<String> {
    let dir = std::fs::read_dir(project.join("migrations"))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with(CHANGE_REV))
        })
        .context("the change's revision folder")?;
    let up = std::fs::read_to_string(dir.join("postgres/up.sql"))?;
    Ok(up
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with("--"))
        .collect::<Vec<_>>()
        .join(" "))
}

/// The database every run copies: the first revision applied by pschema
/// itself (tables, version table and history as pschema leaves them), then
/// the rows, vacuumed so that no run pays for hint bits or statistics.
fn build_template(bench: &Bench, server: &mut Server, base: &Path, name: &str, rows: i64) -> Result<()> {
    server.create(name, None)?;
    let url = server.database_url(name);
    pschema_ok(pschema(bench, base).args(["--database-url", &url, "upgrade", FIRST_REV]))
        .map_err(|e| anyhow::anyhow!("upgrade {FIRST_REV}: {e}"))?;
    // The connection closes at the end of the block: CREATE DATABASE ...
    // TEMPLATE refuses a template anyone is connected to.
    let mut client = connect(&url)?;
    client.batch_execute(&load_sql(rows)).context("loading the rows")?;
    for table in ["accounts", "entries"] {
        client.batch_execute(&format!("VACUUM ANALYZE {table}"))?;
    }
    Ok(())
}

/// What the writers saw during one run.
#[derive(Default)]
struct Writes {
    longest: Duration,
    failed: u64,
    done: u64,
}

impl Writes {
    fn add(&mut self, other: Writes) {
        self.longest = self.longest.max(other.longest);
        self.failed += other.failed;
        self.done += other.done;
    }
}

/// A small xorshift: random ids without a dependency.
struct Random(u64);

impl Random {
    fn below(&mut self, n: i64) -> i64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as i64
    }
}

/// One writer: until `stop`, an INSERT into `entries` and an UPDATE of a
/// random account, each in its own transaction and timed alone. They touch
/// no column any class changes, and keep every constraint a class adds
/// (`balance` only grows, `account_id` names an existing account).
fn writer(mut client: Client, url: String, rows: i64, seed: u64, stop: Arc<AtomicBool>) -> Writes {
    let mut random = Random(seed);
    let mut writes = Writes::default();
    while !stop.load(Ordering::Relaxed) {
        let id = random.below(rows) + 1;
        let amount = random.below(500) as i32;
        let statements: [(&str, &[&(dyn postgres::types::ToSql + Sync)]); 2] = [
            (
                "INSERT INTO entries (account_id, amount) VALUES ($1, $2)",
                &[&id, &amount],
            ),
            ("UPDATE accounts SET balance = balance + 1 WHERE id = $1", &[&id]),
        ];
        for (sql, params) in statements {
            let started = Instant::now();
            let ok = client.execute(sql, params).is_ok();
            writes.longest = writes.longest.max(started.elapsed());
            writes.done += 1;
            if !ok {
                writes.failed += 1;
            }
        }
        // A write that failed may have lost the connection: an application
        // would take a new one from its pool. If none can be had, the next
        // writes fail on the closed one and are counted.
        if client.is_closed()
            && let Ok(c) = Client::connect(&url, NoTls)
        {
            client = c;
        }
        thread::sleep(WRITE_PAUSE);
    }
    writes
}

/// Sets the flag when dropped, so the writers stop on every way out of a run.
struct StopOnDrop(Arc<AtomicBool>);

impl Drop for StopOnDrop {
    fn drop(&mut self) {
        self.0.store(true, Ordering::Relaxed);
    }
}

/// The long reader: a transaction that has read `table` (so holds its
/// ACCESS SHARE lock) when this returns, committed `READER_HOLD` later.
fn start_reader(url: &str, table: &str) -> Result<JoinHandle<Result<()>>> {
    let mut client = connect(url)?;
    client.batch_execute("BEGIN")?;
    client.query_one(&format!("SELECT count(*) FROM {table}"), &[])?;
    Ok(thread::spawn(move || {
        thread::sleep(READER_HOLD);
        client.batch_execute("COMMIT").context("the long reader's COMMIT")
    }))
}

/// How a run applies the change.
enum Plan<'a> {
    /// `pschema upgrade head` in the class's project, with these global flags.
    Pschema(&'a Path, &'a [String]),
    /// The naive SQL in one transaction.
    Naive(&'a str),
}

/// One run's result: the writers' account and the migration's wall time (or
/// why it failed).
struct Outcome {
    writes: Writes,
    migration: Result<Duration, String>,
}

/// One run on a fresh copy of the template: writers, the long reader if
/// `reader` names a table, the plan, and the copy dropped again.
fn one_run(
    bench: &Bench,
    server: &mut Server,
    template: &str,
    plan: &Plan,
    reader: Option<&str>,
    rows: i64,
) -> Result<Outcome> {
    let name = format!("pschema_online_run_{}", std::process::id());
    server.create(&name, Some(template))?;
    let url = server.database_url(&name);
    let result = (|| -> Result<Outcome> {
        // Connected before the clock starts: the naive plan's time is its
        // transaction's (pschema's includes its start and connection).
        let mut naive_client = match plan {
            Plan::Naive(_) => Some(connect(&url)?),
            Plan::Pschema(..) => None,
        };
        let stop = Arc::new(AtomicBool::new(false));
        let _stop_on_exit = StopOnDrop(stop.clone());
        let mut writers = Vec::new();
        for i in 0..WRITERS {
            let client = connect(&url)?;
            let (url, stop) = (url.clone(), stop.clone());
            let seed = 0x9E37_79B9_7F4A_7C15 ^ (i as u64 + 1);
            writers.push(thread::spawn(move || writer(client, url, rows, seed, stop)));
        }
        let reader = reader.map(|table| start_reader(&url, table)).transpose()?;
        thread::sleep(LEAD);
        let started = Instant::now();
        let migration = match plan {
            Plan::Pschema(project, flags) => {
                pschema_ok(
                    pschema(bench, project)
                        .args(*flags)
                        .args(["--database-url", &url, "upgrade", "head"]),
                )
            }
            Plan::Naive(sql) => naive_client
                .as_mut()
                .expect("connected above")
                .batch_execute(&format!("BEGIN;\n{sql};\nCOMMIT;"))
                .map_err(|e| e.to_string()),
        }
        .map(|()| started.elapsed());
        thread::sleep(TAIL);
        stop.store(true, Ordering::Relaxed);
        let mut writes = Writes::default();
        for w in writers {
            writes.add(w.join().map_err(|_| anyhow::anyhow!("a writer panicked"))?);
        }
        if let Some(reader) = reader {
            reader.join().map_err(|_| anyhow::anyhow!("the reader panicked"))??;
        }
        Ok(Outcome { writes, migration })
    })();
    server.drop_database(&name)?;
    result
}

/// One line of the table: a class in a variant, both plans.
struct Row {
    class: &'static str,
    variant: &'static str,
    /// None when autogenerate refused the change.
    pschema: Option<Outcome>,
    naive: Outcome,
}

pub fn online(bench: &Bench, options: &Options) -> Result<()> {
    let Some(server_url) = super::postgres_server("online") else {
        return Ok(());
    };
    let mut server = Server::connect(&server_url)?;
    let version: String = server.admin.query_one("SELECT version()", &[])?.get(0);
    println!("\nonline: {version}");

    let flags: Vec<String> = match options.ddl_lock_timeout {
        Some(ms) => vec!["--ddl-lock-timeout".into(), ms.to_string()],
        None => Vec::new(),
    };
    println!(
        "  pschema's --ddl-lock-timeout: {} ms",
        options
            .ddl_lock_timeout
            .unwrap_or(pschema_migrate::driver::DEFAULT_DDL_LOCK_TIMEOUT_MS)
    );
    let (base, changes) = projects(bench)?;
    println!("  pschema's plans (postgres/up.sql of `revision --autogenerate`):");
    for (class, change) in CLASSES.iter().zip(&changes) {
        match change {
            Ok(project) => println!("  - {}: {}", class.name, plan_text(project)?),
            Err(e) => println!("  - {}: autogenerate failed: {e}", class.name),
        }
    }

    let rows = options.rows;
    let template = format!("pschema_online_template_{}", std::process::id());
    let started = Instant::now();
    build_template(bench, &mut server, &base, &template, rows)?;
    eprintln!(
        "online: template of {rows} rows built in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let table = measure(bench, &mut server, &template, &changes, &flags, rows)?;
    server.drop_database(&template)?;
    print_table(&table, rows);
    Ok(())
}

/// Every class in both variants, each plan on its own copy of the template.
fn measure(
    bench: &Bench,
    server: &mut Server,
    template: &str,
    changes: &[Result<PathBuf, String>],
    flags: &[String],
    rows: i64,
) -> Result<Vec<Row>> {
    let mut table = Vec::new();
    for (i, (class, change)) in CLASSES.iter().zip(changes).enumerate() {
        for (variant, reader) in [("writes", None), ("writes + reader", Some(class.table))] {
            eprintln!("online: {} ({variant})", class.name);
            let naive_plan = Plan::Naive(class.naive);
            let pschema_plan = change.as_ref().ok().map(|p| Plan::Pschema(p, flags));
            let mut run = |plan: &Plan| one_run(bench, server, template, plan, reader, rows);
            // Alternate which plan goes first, so neither always finds the
            // warmer cache.
            let (pschema, naive) = if i % 2 == 0 {
                let p = pschema_plan.as_ref().map(&mut run).transpose()?;
                (p, run(&naive_plan)?)
            } else {
                let n = run(&naive_plan)?;
                (pschema_plan.as_ref().map(&mut run).transpose()?, n)
            };
            table.push(Row {
                class: class.name,
                variant,
                pschema,
                naive,
            });
        }
    }
    Ok(table)
}

/// The markdown table, and the errors of the migrations that failed.
fn print_table(table: &[Row], rows: i64) {
    println!(
        "\n{WRITERS} writers (INSERT into entries, UPDATE of a random account, each timed), {rows} rows in accounts \
         and in entries; \"reader\": a transaction that read the table {} s before the migration, held {} s:\n",
        LEAD.as_secs_f64(),
        READER_HOLD.as_secs()
    );
    println!(
        "| class | variant | pschema longest write | pschema failed writes | pschema migration | \
         naive longest write | naive failed writes | naive migration |"
    );
    println!("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |");
    let mut notes = Vec::new();
    let mut cells = |o: &Outcome, who: &str, class: &str| {
        let migration = match &o.migration {
            Ok(d) => format!("{:.1} ms", ms(*d)),
            Err(e) => {
                notes.push(format!("{who}, {class}: {e}"));
                format!("failed [{}]", notes.len())
            }
        };
        format!(
            "{:.1} ms | {} of {} | {migration}",
            ms(o.writes.longest),
            o.writes.failed,
            o.writes.done
        )
    };
    for r in table {
        let pschema = match &r.pschema {
            Some(o) => cells(o, "pschema", r.class),
            None => "— | — | autogenerate failed".to_string(),
        };
        let naive = cells(&r.naive, "naive", r.class);
        println!("| {} | {} | {pschema} | {naive} |", r.class, r.variant);
    }
    for (i, note) in notes.iter().enumerate() {
        println!("\n[{}] {note}", i + 1);
    }
}
