//! New migrations from the schema: diff the schema file against the snapshot
//! of the current head, plan every dialect, write the folder.

use crate::db_schema::DbSchema;
use crate::dir::{self, Direction, MigrationMeta, SNAPSHOT_FILE, sql_path};
use crate::driver::ScratchServer;
use crate::graph::Graph;
use crate::{Error, Migration};
use pschema_diff::Change;
use pschema_schema::Schema;
use pschema_sql::Dialect;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Reads and validates a .pschema file; every diagnostic is rendered with
/// file:line:col and a caret.
pub fn load_schema_file(path: &Path) -> Result<Schema, Error> {
    read_schema_file(path).map(|(_, lowered)| lowered.schema)
}

/// The schema file's text and what lowering made of it (rename hints with their places).
fn read_schema_file(path: &Path) -> Result<(String, pschema_schema::Lowered), Error> {
    let bytes = std::fs::read(path).map_err(|e| Error::Io {
        path: path.to_path_buf(),
        source: e,
    })?;
    // Not UTF-8 is reported like any other mistake, at its line and column.
    let source = pschema_syntax::decode(&bytes)
        .map_err(|bad| Error::InvalidSchema {
            path: path.to_path_buf(),
            count: 1,
            rendered: bad.render(&path.display().to_string()),
        })?
        .to_string();
    let invalid = |diagnostics: &[pschema_syntax::Diagnostic]| Error::InvalidSchema {
        path: path.to_path_buf(),
        count: diagnostics.len(),
        rendered: pschema_syntax::render(&path.display().to_string(), &source, diagnostics),
    };
    let lowered = pschema_schema::parse_and_lower(&source).map_err(|d| invalid(&d))?;
    Ok((source, lowered))
}

/// The schema file as the next migration after `parent` reads it: its rename
/// hints must name something in `parent` or have been applied already, and
/// are reported at their place in the file otherwise.
pub fn load_schema_file_after(path: &Path, parent: &Schema) -> Result<Schema, Error> {
    after_parent(path, read_schema_file(path)?, parent)
}

/// The schema file read by `read_schema_file`, its rename hints checked against `parent`.
fn after_parent(
    path: &Path,
    (source, lowered): (String, pschema_schema::Lowered),
    parent: &Schema,
) -> Result<Schema, Error> {
    let problems = pschema_diff::check_rename_hints(parent, &lowered.schema, &lowered.hints);
    if !problems.is_empty() {
        return Err(Error::InvalidSchema {
            path: path.to_path_buf(),
            count: problems.len(),
            rendered: pschema_syntax::render(&path.display().to_string(), &source, &problems),
        });
    }
    Ok(lowered.schema)
}

fn parse_schema_text(name: &str, source: &str) -> Result<Schema, (usize, String)> {
    pschema_schema::parse_schema(source)
        .map_err(|diagnostics| (diagnostics.len(), pschema_syntax::render(name, source, &diagnostics)))
}

/// The schema stored with a migration.
pub fn snapshot_schema(m: &Migration) -> Result<Schema, Error> {
    let text = m.snapshot().unwrap_or("");
    crate::snapshot_cache::lowered(text, || {
        let name = m.dir.join(SNAPSHOT_FILE).display().to_string();
        parse_schema_text(&name, text).map_err(|(_, rendered)| Error::InvalidSnapshot {
            id: m.id().to_string(),
            rendered,
        })
    })
}

/// The schema at the single head, or the empty schema before any migration.
pub fn head_schema(graph: &Graph) -> Result<(Option<String>, Schema), Error> {
    match graph.head()? {
        None => Ok((None, Schema::default())),
        Some(id) => {
            let m = graph
                .get(id)
                .ok_or_else(|| Error::UnknownRevision { id: id.to_string() })?;
            Ok((Some(id.to_string()), snapshot_schema(m)?))
        }
    }
}

/// Runs `first` here and `second` on another thread: reading the head's
/// snapshot and the schema file are the two largest steps of `revision` and
/// `check` on a large schema, and neither needs the other.
fn beside<A, B>(first: impl FnOnce() -> A, second: impl FnOnce() -> B + Send) -> (A, B)
where
    B: Send,
{
    std::thread::scope(|scope| {
        let other = scope.spawn(second);
        let here = first();
        let there = other.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (here, there)
    })
}

/// Alembic-style id: 12 hex digits.
pub fn new_revision_id(message: &str) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    let digest = Sha256::digest(format!("{nanos}:{}:{message}", std::process::id()).as_bytes());
    dir::hex(&digest[..6])
}

pub fn now_timestamp() -> String {
    time::OffsetDateTime::now_utc()
        .format(&time::macros::format_description!(
            "[year]-[month]-[day] [hour]:[minute]:[second]"
        ))
        .unwrap_or_default()
}

/// Everything a migration folder holds, before it is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Generated {
    pub meta: MigrationMeta,
    pub files: BTreeMap<String, String>,
    pub changes: Vec<Change>,
}

fn header(meta: &MigrationMeta, dialect: Dialect, direction: Direction) -> String {
    let verb = match direction {
        Direction::Up => "upgrade",
        Direction::Down => "downgrade",
    };
    let parents = if meta.parents.is_empty() {
        "base".to_string()
    } else {
        meta.parents.join(", ")
    };
    format!(
        "-- {}: {}\n-- {verb} on {dialect}; parents: {parents}\n",
        meta.id, meta.message
    )
}

/// The files of the migration from `old` to `new`. `changes` is empty for a
/// hand-written migration, whose SQL files are left for a person to fill in.
pub fn generate(old: &Schema, new: &Schema, meta: MigrationMeta, changes: Vec<Change>) -> Result<Generated, Error> {
    let mut generated = generate_sql(old, new, meta, changes, &Dialect::ALL)?;
    add_snapshot(&mut generated, pschema_schema::print_without_hints(new));
    Ok(generated)
}

/// A migration that builds `schema` from nothing (a squash's baseline): the
/// SQL of each of `dialects` planned from the empty schema, as a first
/// migration's is, `snapshot` as its snapshot, and every checksum.
pub(crate) fn from_nothing(
    schema: &Schema,
    snapshot: &str,
    meta: MigrationMeta,
    dialects: &[Dialect],
) -> Result<Generated, Error> {
    let changes = pschema_diff::diff(&Schema::default(), schema);
    let mut generated = generate_sql(&Schema::default(), schema, meta, changes, dialects)?;
    add_snapshot(&mut generated, snapshot.to_string());
    Ok(generated)
}

/// `generate` without the snapshot (and so without checksums), which
/// `add_snapshot` adds: printing a large schema is a large part of a
/// revision, and `create` does it on another thread while the SQL is planned
/// and verified.
fn generate_sql(
    old: &Schema,
    new: &Schema,
    mut meta: MigrationMeta,
    changes: Vec<Change>,
    dialects: &[Dialect],
) -> Result<Generated, Error> {
    let mut files = BTreeMap::new();
    for &dialect in dialects {
        let sql = pschema_sql::plan_migration(dialect, old, new, &changes)?;
        for (direction, plan) in [(Direction::Up, &sql.up), (Direction::Down, &sql.down)] {
            let mut text = header(&meta, dialect, direction);
            text.push('\n');
            if plan.is_empty() {
                text.push_str("-- Nothing to do. Write hand-made SQL (a data migration) here.\n");
            } else {
                text.push_str(&plan.to_sql());
            }
            files.insert(sql_path(dialect, direction), text);
        }
    }
    meta.destructive = changes.iter().any(Change::is_destructive);
    meta.down_loses_data = pschema_diff::invert(&changes).iter().any(Change::is_destructive);
    Ok(Generated { meta, files, changes })
}

/// The new schema's text as the migration's snapshot, and every file's checksum.
fn add_snapshot(generated: &mut Generated, snapshot: String) {
    generated.files.insert(SNAPSHOT_FILE.to_string(), snapshot);
    generated.meta.checksums = generated
        .files
        .iter()
        .map(|(name, text)| (name.clone(), dir::checksum(text)))
        .collect();
}

/// Changes the text of one migration file before verification (tests only).
pub type Tamper = dyn Fn(Dialect, Direction, &mut String);

pub struct RevisionRequest<'a> {
    pub migrations_dir: &'a Path,
    /// Where to verify an autogenerated migration before it is written: a
    /// scratch database per dialect (SQLite always; PostgreSQL when a server
    /// is configured).
    pub verify_on: Vec<&'a mut dyn ScratchServer>,
    /// For tests only: changes a dialect's generated SQL before it is
    /// verified, to prove that verification catches a wrong plan.
    #[doc(hidden)]
    pub tamper: Option<&'a Tamper>,
    pub schema_path: &'a Path,
    pub message: &'a str,
    pub rev_id: Option<&'a str>,
    pub autogenerate: bool,
    pub allow_destructive: bool,
    /// The parent, to start a branch; by default the single head.
    pub head: Option<&'a str>,
    /// The dialects to write SQL for (pschema.toml's `dialects`).
    pub dialects: &'a [Dialect],
}

#[derive(Debug)]
pub enum RevisionOutcome {
    Written {
        id: String,
        dir: PathBuf,
        changes: Vec<String>,
        destructive: bool,
    },
    NothingToDo {
        head: Option<String>,
    },
}

pub fn create(request: RevisionRequest<'_>) -> Result<RevisionOutcome, Error> {
    // The migrations (read and checked whole) and the parent's schema on
    // this thread, the schema file on another: neither needs the other.
    let graph_and_parent = || -> Result<(Graph, (Option<String>, Schema)), Error> {
        let graph = match dir::load(request.migrations_dir) {
            Ok(migrations) => Graph::new(migrations)?,
            Err(Error::NoMigrationsDir { .. }) => Graph::new(Vec::new())?,
            Err(e) => return Err(e),
        };
        let parent = match request.head {
            Some(rev) => {
                let id = graph.resolve(rev)?;
                let m = graph
                    .get(id)
                    .ok_or_else(|| Error::UnknownRevision { id: id.to_string() })?;
                (Some(id.to_string()), snapshot_schema(m)?)
            }
            None => head_schema(&graph)?,
        };
        Ok((graph, parent))
    };
    let (loaded, file) = if request.autogenerate {
        let (loaded, file) = beside(graph_and_parent, || read_schema_file(request.schema_path));
        (loaded, Some(file))
    } else {
        (graph_and_parent(), None)
    };
    let (graph, (head, old)) = loaded?;
    let (new, changes) = if let Some(file) = file {
        let new = after_parent(request.schema_path, file?, &old)?;
        let changes = pschema_diff::diff(&old, &new);
        if changes.is_empty() {
            return Ok(RevisionOutcome::NothingToDo { head });
        }
        (new, changes)
    } else {
        (old.clone(), Vec::new())
    };
    let destructive: Vec<String> = changes.iter().flat_map(Change::destructive_reasons).collect();
    if !destructive.is_empty() && !request.allow_destructive {
        return Err(Error::Destructive {
            changes: destructive,
            suggestions: pschema_diff::rename_suggestions(&changes),
        });
    }
    let id = match request.rev_id {
        Some(id) => {
            if graph.get(id).is_some() {
                return Err(Error::AlreadyExists {
                    path: request.migrations_dir.join(id),
                });
            }
            id.to_string()
        }
        None => new_revision_id(request.message),
    };
    let meta = MigrationMeta {
        id: id.clone(),
        parents: head.into_iter().collect(),
        message: request.message.to_string(),
        created: now_timestamp(),
        destructive: false,
        down_loses_data: false,
        squashes: Vec::new(),
        squashed_checksums: BTreeMap::new(),
        checksums: BTreeMap::new(),
    };
    // The snapshot is printed beside the planning and verification, which do not read it.
    let generated = std::thread::scope(|scope| -> Result<Generated, Error> {
        let snapshot = scope.spawn(|| pschema_schema::print_without_hints(&new));
        let mut generated = generate_sql(&old, &new, meta, changes, request.dialects)?;
        if let Some(tamper) = request.tamper {
            for dialect in Dialect::ALL {
                for direction in [Direction::Up, Direction::Down] {
                    if let Some(text) = generated.files.get_mut(&sql_path(dialect, direction)) {
                        tamper(dialect, direction, text);
                    }
                }
            }
        }
        if request.autogenerate {
            let mut servers = request.verify_on;
            verify_generated(&mut servers, &old, &new, &generated)?;
        }
        let snapshot = snapshot.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        add_snapshot(&mut generated, snapshot);
        Ok(generated)
    })?;
    std::fs::create_dir_all(request.migrations_dir).map_err(|e| Error::Io {
        path: request.migrations_dir.to_path_buf(),
        source: e,
    })?;
    let dir = dir::write(request.migrations_dir, &generated.meta, &generated.files)?;
    Ok(RevisionOutcome::Written {
        id,
        dir,
        changes: generated.changes.iter().map(Change::describe).collect(),
        destructive: generated.meta.destructive,
    })
}

/// The migrations under `migrations_dir`, and how the schema file differs
/// from the latest migration's snapshot (the changes a new migration would
/// make; empty when none is needed). The schema file is read while the
/// migrations are: what `check` starts with.
pub fn load_with_drift(migrations_dir: &Path, schema_path: &Path) -> Result<(Graph, Vec<String>), Error> {
    let (loaded, file) = beside(
        || -> Result<(Graph, Schema), Error> {
            let graph = Graph::new(dir::load(migrations_dir)?)?;
            let (_, old) = head_schema(&graph)?;
            Ok((graph, old))
        },
        || read_schema_file(schema_path),
    );
    let (graph, old) = loaded?;
    let new = after_parent(schema_path, file?, &old)?;
    let drift = pschema_diff::diff(&old, &new).iter().map(Change::describe).collect();
    Ok((graph, drift))
}

pub struct MergeRequest<'a> {
    pub migrations_dir: &'a Path,
    pub schema_path: &'a Path,
    pub message: &'a str,
    /// Revisions to merge, or `heads`.
    pub revisions: &'a [String],
    pub rev_id: Option<&'a str>,
    /// Also carry the changes from what the branches add up to to the schema file.
    pub autogenerate: bool,
    pub allow_destructive: bool,
    /// The dialects to write SQL for (pschema.toml's `dialects`).
    pub dialects: &'a [Dialect],
    /// Scratch databases of those dialects: one replays the branches (SQLite
    /// when there is one), every one verifies the merge's changes.
    pub verify_on: Vec<&'a mut dyn ScratchServer>,
}

/// `merge`: a migration with several parents. Without `autogenerate` it has
/// no SQL of its own, and its snapshot is the schema the branches add up to,
/// which must be the schema file's. With it, the branches' snapshots are
/// merged three ways from their common ancestor's, and the migration carries
/// what the schema file changes from there (a merge with operations).
pub fn merge(request: MergeRequest<'_>) -> Result<RevisionOutcome, Error> {
    let MergeRequest {
        migrations_dir,
        schema_path,
        message,
        revisions,
        rev_id,
        autogenerate,
        allow_destructive,
        dialects,
        mut verify_on,
    } = request;
    let graph = Graph::new(dir::load(migrations_dir)?)?;
    let mut parents: Vec<String> = Vec::new();
    for rev in revisions {
        if rev == "heads" {
            parents.extend(graph.heads().into_iter().map(String::from));
        } else {
            parents.push(graph.resolve(rev)?.to_string());
        }
    }
    parents.sort();
    parents.dedup();
    if parents.len() < 2 {
        return Err(Error::BadTarget {
            target: revisions.join(" "),
            why: "a merge needs at least two revisions to merge".into(),
        });
    }
    let snapshots: Vec<Schema> = parents
        .iter()
        .map(|p| snapshot_schema(graph.get(p).ok_or_else(|| Error::UnknownRevision { id: p.clone() })?))
        .collect::<Result<_, _>>()?;
    let merged = if snapshots.windows(2).all(|w| w[0] == w[1]) {
        snapshots[0].clone()
    } else if autogenerate {
        let base = match graph.merge_base(&parents) {
            Some(id) => snapshot_schema(
                graph
                    .get(id)
                    .ok_or_else(|| Error::UnknownRevision { id: id.to_string() })?,
            )?,
            None => Schema::default(),
        };
        let branches: Vec<&Schema> = snapshots.iter().collect();
        let merged = crate::merge::merge(&base, &branches).map_err(|conflicts| Error::MergeConflict {
            parents: parents.clone(),
            conflicts,
        })?;
        // Columns in the order the branches' migrations leave them, which
        // is the order the database keeps.
        let replayer = replayer(&mut verify_on, dialects)?;
        let replayed = replay(replayer, &graph, &parents)?;
        let merged = in_column_order(merged, &replayed);
        let differences = crate::db_schema::differences(&crate::verify::expected(replayer, &merged)?, &replayed);
        if !differences.is_empty() {
            return Err(Error::Verification {
                step: format!(
                    "the merge of {} against a database the branches build",
                    parents.join(", ")
                ),
                differences,
            });
        }
        merged
    } else {
        // The branches changed different things: replay them all and take the
        // schema file as the result, if that is what they add up to.
        let schema = load_schema_file(schema_path)?;
        let replayer = replayer(&mut verify_on, dialects)?;
        let replayed = replay(replayer, &graph, &parents)?;
        let expected = crate::verify::expected(replayer, &schema)?;
        let differences = crate::db_schema::differences(&expected, &replayed);
        if !differences.is_empty() {
            return Err(Error::Verification {
                step: format!(
                    "the branches {} do not add up to {}; bring the schema file in line with them first \
                     (or merge with --autogenerate to put the difference in the merge)",
                    parents.join(", "),
                    schema_path.display()
                ),
                differences,
            });
        }
        schema.without_rename_hints()
    };
    let (new, changes) = if autogenerate {
        let new = load_schema_file_after(schema_path, &merged)?;
        let changes = pschema_diff::diff(&merged, &new);
        (new, changes)
    } else {
        (merged.clone(), Vec::new())
    };
    let destructive: Vec<String> = changes.iter().flat_map(Change::destructive_reasons).collect();
    if !destructive.is_empty() && !allow_destructive {
        return Err(Error::Destructive {
            changes: destructive,
            suggestions: pschema_diff::rename_suggestions(&changes),
        });
    }
    let id = match rev_id {
        Some(id) if graph.get(id).is_some() => {
            return Err(Error::AlreadyExists {
                path: migrations_dir.join(id),
            });
        }
        Some(id) => id.to_string(),
        None => new_revision_id(message),
    };
    let meta = MigrationMeta {
        id: id.clone(),
        parents,
        message: message.to_string(),
        created: now_timestamp(),
        destructive: false,
        down_loses_data: false,
        squashes: Vec::new(),
        squashed_checksums: BTreeMap::new(),
        checksums: BTreeMap::new(),
    };
    let mut generated = generate_sql(&merged, &new, meta, changes, dialects)?;
    add_snapshot(&mut generated, pschema_schema::print_without_hints(&new));
    if !generated.changes.is_empty() {
        verify_generated(&mut verify_on, &merged, &new, &generated)?;
    }
    let dir = dir::write(migrations_dir, &generated.meta, &generated.files)?;
    Ok(RevisionOutcome::Written {
        id,
        dir,
        changes: generated.changes.iter().map(Change::describe).collect(),
        destructive: generated.meta.destructive,
    })
}

/// The scratch database that replays branches that differ: one of the
/// project's dialects, SQLite's when it is one.
fn replayer<'v>(
    servers: &'v mut [&mut dyn ScratchServer],
    dialects: &[Dialect],
) -> Result<&'v mut dyn ScratchServer, Error> {
    let at = servers
        .iter()
        .position(|s| s.dialect() == Dialect::Sqlite && dialects.contains(&Dialect::Sqlite))
        .or_else(|| servers.iter().position(|s| dialects.contains(&s.dialect())));
    match at {
        Some(at) => Ok(&mut *servers[at]),
        None => Err(Error::Verification {
            step: "merging".into(),
            differences: vec![
                "no scratch database of the project's dialects to replay the branches on \
                 (for PostgreSQL, give one with --verify-postgres-url)"
                    .into(),
            ],
        }),
    }
}

/// `schema`'s columns in the order a database holds them.
fn in_column_order(mut schema: Schema, database: &DbSchema) -> Schema {
    for table in &mut schema.tables {
        if let Some(held) = database.tables.get(&table.name) {
            let position = |name: &str| held.columns.iter().position(|c| c.name == name).unwrap_or(usize::MAX);
            table.columns.sort_by_key(|c| position(&c.name));
        }
    }
    schema
}

/// Verifies the generated migration on every server, each in its dialect.
fn verify_generated(
    servers: &mut [&mut dyn ScratchServer],
    old: &Schema,
    new: &Schema,
    generated: &Generated,
) -> Result<(), Error> {
    for server in servers.iter_mut() {
        let server: &mut dyn ScratchServer = &mut **server;
        let sql = |direction| {
            generated
                .files
                .get(&sql_path(server.dialect(), direction))
                .map_or("", String::as_str)
        };
        let (up, down) = (sql(Direction::Up), sql(Direction::Down));
        crate::verify::verify_migration(server, old, new, &generated.changes, up, down).map_err(|e| match e {
            Error::Verification { step, differences } => Error::Verification {
                step: format!("{step} on {}", server.dialect()),
                differences,
            },
            other => other,
        })?;
    }
    Ok(())
}

/// The database that applying every ancestor of `heads` from nothing gives.
pub(crate) fn replay(server: &mut dyn ScratchServer, graph: &Graph, heads: &[String]) -> Result<DbSchema, Error> {
    let dialect = server.dialect();
    let mut db = server.scratch()?;
    let wanted = graph.ancestors(heads.iter().map(String::as_str));
    for m in graph.migrations().iter().filter(|m| wanted.contains(m.id())) {
        let sql = pschema_sql::script::parse(dialect, m.sql(dialect, Direction::Up).unwrap_or(""));
        let known = if sql.has_rebuild() {
            crate::migrator::known_columns(graph, m, Direction::Up)
        } else {
            None
        };
        db.run_carrying(&sql, known.as_ref()).map_err(|e| Error::Verification {
            step: format!("replaying {}", m.id()),
            differences: vec![format!("{} failed: {}", e.statement, e.message)],
        })?;
    }
    db.introspect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schema_file(bytes: &[u8]) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let path = dir.path().join("schema.pschema");
        std::fs::write(&path, bytes).expect("written");
        (dir, path)
    }

    #[test]
    fn a_schema_file_with_a_byte_order_mark_loads() {
        let text = "table t {\r\n  id Integer @id\r\n}\r\n";
        let (_dir, plain) = schema_file(text.as_bytes());
        let (_dir2, marked) = schema_file(format!("\u{FEFF}{text}").as_bytes());
        assert_eq!(
            load_schema_file(&marked).expect("a byte order mark is fine"),
            load_schema_file(&plain).expect("valid")
        );
    }

    #[test]
    fn a_schema_file_that_is_not_utf8_is_reported_at_the_bad_byte() {
        let (_dir, path) = schema_file(b"table t {\n  id Integer @id\n  n\xFF Text\n}\n");
        match load_schema_file(&path) {
            Err(Error::InvalidSchema { rendered, count, .. }) => {
                assert_eq!(count, 1);
                assert!(rendered.contains(&format!("{}:3:4", path.display())), "{rendered}");
                assert!(rendered.contains("invalid UTF-8 (byte 0xFF)"), "{rendered}");
            }
            other => panic!("expected an invalid schema, got {other:?}"),
        }
    }
}
