//! Migrations on disk:
//!
//! ```text
//! migrations/<id>_<slug>/
//!   migration.toml     id, parents, message, created, destructive, checksums
//!   sqlite/up.sql  sqlite/down.sql
//!   schema.pschema     the whole schema after this migration
//! ```
//!
//! Invariant: a loaded [`Migration`] has every file its metadata lists, and
//! each file's checksum matches the metadata (line endings aside).

use crate::Error;
use pschema_sql::Dialect;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

pub const META_FILE: &str = "migration.toml";
pub const SNAPSHOT_FILE: &str = "schema.pschema";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MigrationMeta {
    pub id: String,
    pub parents: Vec<String>,
    pub message: String,
    pub created: String,
    /// Going up loses data (a dropped table or column); the runner says so.
    #[serde(default)]
    pub destructive: bool,
    /// Going down loses data that going up added.
    #[serde(default)]
    pub down_loses_data: bool,
    /// A squash baseline's: every revision it stands for, oldest first, its
    /// own id last (`pschema squash`). A database recorded at one of the others
    /// must reach this revision with the migrations from before the squash.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub squashes: Vec<String>,
    /// A squash baseline's: the checksum of each up SQL file of the migration
    /// this id named before the squash, which databases that applied it
    /// recorded; the runner accepts it beside the baseline's own.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub squashed_checksums: BTreeMap<String, String>,
    /// sha256 of each file, relative to the migration's folder.
    pub checksums: BTreeMap<String, String>,
}

#[derive(Debug, Clone)]
pub struct Migration {
    pub meta: MigrationMeta,
    pub dir: PathBuf,
    pub files: BTreeMap<String, String>,
}

impl Migration {
    pub fn id(&self) -> &str {
        &self.meta.id
    }

    pub fn sql(&self, dialect: Dialect, direction: Direction) -> Option<&str> {
        self.files.get(&sql_path(dialect, direction)).map(String::as_str)
    }

    /// Whether going `direction` loses data, as the metadata records.
    pub fn loses_data(&self, direction: Direction) -> bool {
        match direction {
            Direction::Up => self.meta.destructive,
            Direction::Down => self.meta.down_loses_data,
        }
    }

    pub fn snapshot(&self) -> Option<&str> {
        self.files.get(SNAPSHOT_FILE).map(String::as_str)
    }

    /// The checksum recorded for what a database applies going `direction`.
    pub fn checksum(&self, dialect: Dialect, direction: Direction) -> Option<&str> {
        self.meta
            .checksums
            .get(&sql_path(dialect, direction))
            .map(String::as_str)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    Up,
    Down,
}

impl Direction {
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Up => "up",
            Direction::Down => "down",
        }
    }
}

pub fn sql_path(dialect: Dialect, direction: Direction) -> String {
    format!("{}/{}.sql", dialect.dir_name(), direction.as_str())
}

/// sha256 in hex over the text with CRLF read as LF and a leading byte order
/// mark dropped, so that a checkout with Windows line endings, or a file an
/// editor on Windows saved, does not look like an edit.
pub fn checksum(text: &str) -> String {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let mut hasher = Sha256::new();
    // Fed in runs between the CR of each CRLF, not through a normalized copy.
    let mut rest = text;
    while let Some(at) = rest.find("\r\n") {
        hasher.update(&rest.as_bytes()[..at]);
        rest = &rest[at + 1..];
    }
    hasher.update(rest.as_bytes());
    hex(&hasher.finalize())
}

/// Bytes as lower-case hex digits, two a byte.
pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Alembic's slug: the words of the message joined by `_`, lower case; one
/// longer than 40 characters is cut at its last `_` within them, keeping the `_`.
pub fn slug(message: &str) -> String {
    const MAX: usize = 40;
    let words: Vec<&str> = message
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .collect();
    let slug = words.join("_").to_lowercase();
    if slug.chars().count() <= MAX {
        return slug;
    }
    let cut: String = slug.chars().take(MAX).collect();
    let head = cut.rsplit_once('_').map_or(cut.as_str(), |(head, _)| head);
    format!("{head}_")
}

fn io_error(path: &Path, source: std::io::Error) -> Error {
    Error::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// A file of a migration as text, without a byte order mark; bytes that are
/// not UTF-8 are reported at their line and column.
fn read_text(path: &Path) -> Result<String, Error> {
    let mut bytes = fs::read(path).map_err(|e| io_error(path, e))?;
    let invalid = |why: String| io_error(path, std::io::Error::new(std::io::ErrorKind::InvalidData, why));
    if let Err(bad) = pschema_syntax::decode(&bytes) {
        let (line, col) = bad.diagnostic.line_col(&bad.text);
        return Err(invalid(format!("{} at {line}:{col}", bad.diagnostic.message)));
    }
    // The text is the bytes, less a byte order mark: taken without a copy.
    let bom = "\u{FEFF}".as_bytes();
    if bytes.starts_with(bom) {
        bytes.drain(..bom.len());
    }
    String::from_utf8(bytes).map_err(|e| invalid(e.to_string()))
}

/// Reads every migration under `dir`, verifying checksums.
pub fn load(dir: &Path) -> Result<Vec<Migration>, Error> {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(Error::NoMigrationsDir {
                path: dir.to_path_buf(),
            });
        }
        Err(e) => return Err(io_error(dir, e)),
    };
    let mut dirs: Vec<PathBuf> = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| io_error(dir, e))?;
        let path = entry.path();
        // Files beside the migrations (a README) and hidden folders (an
        // editor's, version control's) are not migrations; any other folder
        // must be one, or a migration would be passed over unseen.
        let hidden = entry.file_name().to_string_lossy().starts_with('.');
        if !path.is_dir() || hidden {
            continue;
        }
        if !path.join(META_FILE).is_file() {
            return Err(Error::NotAMigration { path });
        }
        dirs.push(path);
    }
    dirs.sort();
    load_all(&dirs)
}

/// The migrations of `dirs`, in their order, read and checksummed on the
/// machine's cores (reading and hashing every file is most of what a command
/// does before it talks to the database); the first failure in that order.
fn load_all(dirs: &[PathBuf]) -> Result<Vec<Migration>, Error> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(4);
    if threads < 2 || dirs.len() < 16 {
        return dirs.iter().map(|d| load_one(d)).collect();
    }
    let parts: Vec<Vec<Result<Migration, Error>>> = std::thread::scope(|scope| {
        let handles: Vec<_> = dirs
            .chunks(dirs.len().div_ceil(threads))
            .map(|part| scope.spawn(move || part.iter().map(|d| load_one(d)).collect::<Vec<_>>()))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
            .collect()
    });
    parts.into_iter().flatten().collect()
}

fn load_one(dir: &Path) -> Result<Migration, Error> {
    verified(dir, |name| read_text(&dir.join(name)))
}

/// A migration whose files a program holds in memory (compiled in with
/// `include_str!`), checked as [`load`] checks a folder: its metadata parses,
/// every file it lists is there and has its recorded checksum. `dir` is the
/// folder's name, for messages; `files` are `(path in the folder, text)`,
/// `migration.toml` among them.
pub fn from_memory(dir: &str, files: &[(&str, &str)]) -> Result<Migration, Error> {
    let dir = Path::new(dir);
    verified(dir, |name| {
        let text = files.iter().find(|(path, _)| *path == name).map(|(_, text)| *text);
        let text = text.ok_or_else(|| {
            io_error(
                &dir.join(name),
                std::io::Error::new(std::io::ErrorKind::NotFound, "not among the embedded files"),
            )
        })?;
        Ok(text.strip_prefix('\u{FEFF}').unwrap_or(text).to_string())
    })
}

/// The migration of folder `dir` whose files `read` gives, checksums verified.
fn verified(dir: &Path, read: impl Fn(&str) -> Result<String, Error>) -> Result<Migration, Error> {
    let meta_path = dir.join(META_FILE);
    let text = read(META_FILE)?;
    let meta: MigrationMeta = toml::from_str(&text).map_err(|e| Error::BadMetadata {
        path: meta_path.clone(),
        why: e.to_string(),
    })?;
    let mut files = BTreeMap::new();
    for (name, expected) in &meta.checksums {
        let text = read(name)?;
        let found = checksum(&text);
        if &found != expected {
            return Err(Error::EditedMigration {
                path: dir.join(name),
                expected: expected.clone(),
                found,
            });
        }
        files.insert(name.clone(), text);
    }
    Ok(Migration {
        meta,
        dir: dir.to_path_buf(),
        files,
    })
}

/// Writes a new migration folder; refuses to overwrite one.
pub fn write(migrations_dir: &Path, meta: &MigrationMeta, files: &BTreeMap<String, String>) -> Result<PathBuf, Error> {
    let dir = migrations_dir.join(format!("{}_{}", meta.id, slug(&meta.message)));
    if dir.exists() {
        return Err(Error::AlreadyExists { path: dir });
    }
    for (name, text) in files {
        let path = dir.join(name);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| io_error(parent, e))?;
        }
        fs::write(&path, text).map_err(|e| io_error(&path, e))?;
    }
    let path = dir.join(META_FILE);
    fs::write(&path, meta_text(meta)).map_err(|e| io_error(&path, e))?;
    Ok(dir)
}

pub fn meta_text(meta: &MigrationMeta) -> String {
    // Serialising a struct of strings, bools and a string map cannot fail.
    toml::to_string(meta).unwrap_or_default()
}

/// Recomputes the checksums of a migration whose SQL was edited on purpose
/// (a reviewed data step); returns the files whose checksum changed.
pub fn rehash(dir: &Path) -> Result<Vec<String>, Error> {
    let meta_path = dir.join(META_FILE);
    let text = read_text(&meta_path)?;
    let mut meta: MigrationMeta = toml::from_str(&text).map_err(|e| Error::BadMetadata {
        path: meta_path.clone(),
        why: e.to_string(),
    })?;
    let mut changed = Vec::new();
    for (name, sum) in meta.checksums.iter_mut() {
        let path = dir.join(name);
        let text = read_text(&path)?;
        let new_sum = checksum(&text);
        if *sum != new_sum {
            *sum = new_sum;
            changed.push(name.clone());
        }
    }
    if !changed.is_empty() {
        fs::write(&meta_path, meta_text(&meta)).map_err(|e| io_error(&meta_path, e))?;
    }
    Ok(changed)
}

/// A migration of tests: `id` with `parents`, no files, and the checksum
/// `sum-<id>` recorded for its SQLite up SQL.
#[cfg(test)]
pub(crate) fn test_migration(id: &str, parents: &[&str]) -> Migration {
    let checksums = [(sql_path(Dialect::Sqlite, Direction::Up), format!("sum-{id}"))]
        .into_iter()
        .collect();
    Migration {
        meta: MigrationMeta {
            id: id.into(),
            parents: parents.iter().map(|p| p.to_string()).collect(),
            message: format!("m {id}"),
            created: id.into(),
            destructive: false,
            down_loses_data: false,
            squashes: Vec::new(),
            squashed_checksums: BTreeMap::new(),
            checksums,
        },
        dir: id.into(),
        files: Default::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_without_its_metadata_is_an_error_naming_it() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(tmp.path().join(".git")).unwrap();
        std::fs::write(tmp.path().join("README.md"), "notes").unwrap();
        assert!(
            load(tmp.path()).unwrap().is_empty(),
            "files and hidden folders are not migrations"
        );
        std::fs::create_dir_all(tmp.path().join("abc_half_copied")).unwrap();
        let err = load(tmp.path()).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!(
                "{} holds no migration (no migration.toml)",
                tmp.path().join("abc_half_copied").display()
            )
        );
    }

    #[test]
    fn a_migration_from_memory_is_checked_as_one_on_disk() {
        let (root, files) = written(|_, text| text.into_bytes());
        let on_disk = load(root.path()).expect("loads");
        let folder = on_disk[0].dir.file_name().unwrap().to_string_lossy().into_owned();
        let meta = fs::read_to_string(on_disk[0].dir.join(META_FILE)).unwrap();
        let mut embedded: Vec<(&str, &str)> = files.iter().map(|(n, t)| (n.as_str(), t.as_str())).collect();
        embedded.push((META_FILE, &meta));
        let from_memory = from_memory(&folder, &embedded).expect("the same files");
        assert_eq!(
            (&from_memory.meta, &from_memory.files),
            (&on_disk[0].meta, &on_disk[0].files)
        );

        let edited: Vec<(&str, &str)> = embedded
            .iter()
            .map(|&(n, t)| {
                if n == "sqlite/up.sql" {
                    (n, "DROP TABLE t;\n")
                } else {
                    (n, t)
                }
            })
            .collect();
        let error = super::from_memory(&folder, &edited).expect_err("edited").to_string();
        assert!(error.contains("sqlite/up.sql was edited"), "{error}");

        let missing: Vec<(&str, &str)> = embedded.iter().copied().filter(|(n, _)| *n != SNAPSHOT_FILE).collect();
        let error = super::from_memory(&folder, &missing).expect_err("missing").to_string();
        assert!(
            error.contains("schema.pschema: not among the embedded files"),
            "{error}"
        );
    }

    #[test]
    fn slug_matches_alembic() {
        assert_eq!(
            slug("baseline: full schema as of v1.2.0"),
            "baseline_full_schema_as_of_v1_2_0"
        );
        assert_eq!(
            slug("add failed_login_attempts and locked_until to users"),
            "add_failed_login_attempts_and_locked_"
        );
    }

    #[test]
    fn checksum_ignores_line_endings() {
        assert_eq!(checksum("a;\r\nb;\r\n"), checksum("a;\nb;\n"));
        assert_ne!(checksum("a;\n"), checksum("b;\n"));
    }

    #[test]
    fn checksum_ignores_a_byte_order_mark() {
        assert_eq!(checksum("\u{FEFF}a;\r\nb;\n"), checksum("a;\nb;\n"));
        assert_ne!(checksum("a;\u{FEFF}\n"), checksum("a;\n"));
    }

    /// A migration folder as `write` makes it, with its files' bytes then
    /// replaced by `edit`.
    fn written(edit: impl Fn(&str, String) -> Vec<u8>) -> (tempfile::TempDir, BTreeMap<String, String>) {
        let root = tempfile::tempdir().expect("a temporary directory");
        let files = BTreeMap::from([
            (
                "sqlite/up.sql".to_string(),
                "CREATE TABLE t (id INTEGER);\n".to_string(),
            ),
            (
                SNAPSHOT_FILE.to_string(),
                "table t {\n  id Integer @id\n}\n".to_string(),
            ),
        ]);
        let meta = MigrationMeta {
            id: "0123456789ab".to_string(),
            parents: Vec::new(),
            message: "m".to_string(),
            created: "2024-01-01 00:00:00".to_string(),
            destructive: false,
            down_loses_data: false,
            squashes: Vec::new(),
            squashed_checksums: BTreeMap::new(),
            checksums: files
                .iter()
                .map(|(name, text)| (name.clone(), checksum(text)))
                .collect(),
        };
        let dir = write(root.path(), &meta, &files).expect("written");
        for name in files.keys().map(String::as_str).chain([META_FILE]) {
            let path = dir.join(name);
            let text = fs::read_to_string(&path).expect("just written");
            fs::write(&path, edit(name, text)).expect("rewritten");
        }
        (root, files)
    }

    #[test]
    fn files_saved_with_a_byte_order_mark_load_without_it() {
        let (root, files) = written(|_, text| format!("\u{FEFF}{text}").into_bytes());
        let loaded = load(root.path()).expect("a byte order mark is not an edit");
        assert_eq!(loaded[0].files, files);
    }

    #[test]
    fn a_migration_file_that_is_not_utf8_is_reported_at_its_line_and_column() {
        let (root, _) = written(|name, text| match name {
            "sqlite/up.sql" => b"SELECT 1;\nSELECT '\xFF';\n".to_vec(),
            _ => text.into_bytes(),
        });
        let error = load(root.path()).expect_err("not UTF-8").to_string();
        assert!(error.contains("up.sql") && error.contains("2:9"), "{error}");
    }
}
