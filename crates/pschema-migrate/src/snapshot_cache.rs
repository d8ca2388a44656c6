//! Lowered snapshots, kept between runs. `check` and `revision` both start
//! from the head's snapshot, which no command ever changes; on a large
//! schema, parsing it is the larger half of their work. Its `Schema` is kept
//! (postcard, after the sha256 of those bytes) under the sha256 of the
//! snapshot's exact text and of this build of pschema, so an edited snapshot
//! or another build never finds an entry that is not its own.
//!
//! The cache is only ever a shortcut: an entry that is missing, unreadable,
//! damaged (its own sha256 does not match) or does not decode is parsed
//! again, and a cache that cannot be written is passed over. It lives in
//! `PSCHEMA_CACHE_DIR`, else `$XDG_CACHE_HOME/pschema`, else
//! `~/.cache/pschema`; `PSCHEMA_CACHE_DIR` set to nothing turns it off. It
//! keeps the newest [`KEPT`] entries.

use pschema_schema::Schema;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// Entries kept: the heads of a few projects and branches.
const KEPT: usize = 32;
/// Changes when the entries' form changes.
const FORMAT: &str = "pschema snapshot cache 2 (postcard)";

/// The folder of the cache, when there is one.
fn folder() -> Option<PathBuf> {
    match std::env::var_os("PSCHEMA_CACHE_DIR") {
        Some(dir) if dir.is_empty() => None,
        Some(dir) => Some(PathBuf::from(dir)),
        None => std::env::var_os("XDG_CACHE_HOME")
            .filter(|d| !d.is_empty())
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))
            .map(|d| d.join("pschema")),
    }
}

/// What tells this build from another: its version, and the size and time
/// of the executable (a rebuild of the same version may lower differently).
fn build() -> &'static str {
    static BUILD: OnceLock<String> = OnceLock::new();
    BUILD.get_or_init(|| {
        let exe = std::env::current_exe().and_then(std::fs::metadata);
        let (len, modified) = match exe {
            Ok(meta) => (meta.len(), meta.modified().ok()),
            Err(_) => (0, None),
        };
        format!("{FORMAT} {} {len} {modified:?}", env!("CARGO_PKG_VERSION"))
    })
}

fn entry(folder: &Path, snapshot: &str) -> PathBuf {
    let mut hash = Sha256::new();
    hash.update(build().as_bytes());
    hash.update([0]);
    hash.update(snapshot.as_bytes());
    folder.join(format!("{}.bin", crate::dir::hex(&hash.finalize())))
}

/// An entry's bytes: the sha256 of the encoded schema, then the schema.
pub fn encode(schema: &Schema) -> Option<Vec<u8>> {
    let body = postcard::to_stdvec(schema).ok()?;
    let mut bytes = Sha256::digest(&body).to_vec();
    bytes.extend_from_slice(&body);
    Some(bytes)
}

/// The schema of an entry's bytes, when they are whole.
fn decode(bytes: &[u8]) -> Option<Schema> {
    let (sum, body) = bytes.split_at_checked(32)?;
    if Sha256::digest(body).as_slice() != sum {
        return None;
    }
    postcard::from_bytes(body).ok()
}

/// The schema `parse` makes of `snapshot`, from the cache when it holds it.
pub fn lowered<E>(snapshot: &str, parse: impl FnOnce() -> Result<Schema, E>) -> Result<Schema, E> {
    let Some(folder) = folder() else { return parse() };
    let path = entry(&folder, snapshot);
    if let Some(schema) = std::fs::read(&path).ok().and_then(|bytes| decode(&bytes)) {
        return Ok(schema);
    }
    let schema = parse()?;
    store(&folder, &path, &schema);
    Ok(schema)
}

/// Writes the entry whole or not at all (a reader never sees half of one),
/// then lets the oldest go. Failures are passed over: the cache is a shortcut.
fn store(folder: &Path, path: &Path, schema: &Schema) {
    let Some(bytes) = encode(schema) else { return };
    if std::fs::create_dir_all(folder).is_err() {
        return;
    }
    let scratch = path.with_extension(format!("{}.tmp", std::process::id()));
    if std::fs::write(&scratch, bytes).is_err() || std::fs::rename(&scratch, path).is_err() {
        std::fs::remove_file(&scratch).ok();
        return;
    }
    let Ok(entries) = std::fs::read_dir(folder) else { return };
    let mut entries: Vec<(std::time::SystemTime, PathBuf)> = entries
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "bin"))
        .filter_map(|p| Some((std::fs::metadata(&p).ok()?.modified().ok()?, p)))
        .collect();
    if entries.len() > KEPT {
        entries.sort();
        for (_, old) in &entries[..entries.len() - KEPT] {
            std::fs::remove_file(old).ok();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entry_is_the_schema_the_snapshot_parses_to_and_an_edit_misses_it() {
        let text = "enum Tier { FREE PRO }\ntable users {\n  id Integer @id\n  tier Tier @default(FREE)\n  score Numeric(19, 2)? @default(0)\n  @@renamed_from(members)\n}\n";
        let schema = pschema_schema::parse_schema(text).unwrap();
        let bytes = encode(&schema).unwrap();
        assert_eq!(decode(&bytes), Some(schema.clone()));
        let folder = tempfile::tempdir().unwrap();
        let path = entry(folder.path(), text);
        store(folder.path(), &path, &schema);
        assert_eq!(decode(&std::fs::read(&path).unwrap()), Some(schema));
        assert_ne!(entry(folder.path(), &text.replace("PRO", "TEAM")), path);
        // A damaged entry is not an answer: cut short, or one byte changed.
        assert_eq!(decode(&bytes[..bytes.len() - 1]), None);
        let mut flipped = bytes.clone();
        let last = flipped.len() - 1;
        flipped[last] ^= 1;
        assert_eq!(decode(&flipped), None);
        assert_eq!(decode(b"short"), None);
    }

    #[test]
    fn only_the_newest_entries_are_kept() {
        let folder = tempfile::tempdir().unwrap();
        let schema = Schema::default();
        for i in 0..KEPT + 5 {
            store(folder.path(), &entry(folder.path(), &format!("{i}")), &schema);
        }
        assert_eq!(std::fs::read_dir(folder.path()).unwrap().count(), KEPT);
    }
}
