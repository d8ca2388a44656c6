//! The run lock on SQLite: `<database>.pschema-lock`, locked with `flock`
//! for the whole run, so that runners take turns from their first reading
//! of the database to their last write (SQLite's own lock lasts one
//! transaction). The file also says who holds it (pid, host, since, command)
//! for a runner that waits.
//!
//! The file is opened without following a symbolic link and written only
//! when it is a plain file with one name, so a link placed there cannot make
//! a runner (often root, in a container) write anywhere else. The kernel
//! drops the lock of a killed runner; its note stays, names a process that is
//! gone, and the next runner writes over it and removes it when done.

use pschema_migrate::{Error, Event, Observer};
use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

pub(crate) struct LockFile {
    path: PathBuf,
    file: File,
    /// The note in the file is this runner's, to remove when done.
    noted: bool,
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |source| Error::Io {
        path: path.to_path_buf(),
        source,
    }
}

fn refuse(path: &Path, why: &str) -> Error {
    Error::Io {
        path: path.to_path_buf(),
        source: std::io::Error::other(format!(
            "{why}; pschema writes its lock note only to a plain file of its own"
        )),
    }
}

#[cfg(unix)]
fn open(path: &Path) -> Result<File, Error> {
    use std::os::unix::fs::{MetadataExt, OpenOptionsExt};
    let file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .mode(0o644)
        .custom_flags(libc::O_NOFOLLOW | libc::O_CLOEXEC)
        .open(path)
        .map_err(|e| {
            if e.raw_os_error() == Some(libc::ELOOP) {
                refuse(path, "it is a symbolic link")
            } else {
                io(path)(e)
            }
        })?;
    let meta = file.metadata().map_err(io(path))?;
    if !meta.is_file() {
        return Err(refuse(path, "it is not a plain file"));
    }
    if meta.nlink() > 1 {
        return Err(refuse(path, "it has other names (hard links)"));
    }
    Ok(file)
}

#[cfg(not(unix))]
fn open(path: &Path) -> Result<File, Error> {
    OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(path)
        .map_err(io(path))
}

/// Whether `file` is still what `path` names: a runner that removed the
/// file while another waited on it leaves that one holding a lock nobody
/// else can see.
#[cfg(unix)]
fn still_named(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), std::fs::symlink_metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn still_named(_: &File, path: &Path) -> bool {
    path.exists()
}

fn pid_alive(pid: u32) -> bool {
    Path::new(&format!("/proc/{pid}")).exists() || !Path::new("/proc/self").exists()
}

/// Who the note names, if its process is alive and is not this one.
fn holder_in(text: &str) -> Option<String> {
    let pid: u32 = text.split_whitespace().next()?.parse().ok()?;
    (pid != std::process::id() && pid_alive(pid)).then(|| format!("process {}", text.trim()))
}

fn note_text() -> String {
    let host = std::fs::read_to_string("/etc/hostname").unwrap_or_default();
    // The command as it ran, but never a password it was given.
    let command: Vec<String> = std::env::args().map(|a| crate::url::redact(&a)).collect();
    format!(
        "{} on {} since {}: {}\n",
        std::process::id(),
        host.trim(),
        pschema_migrate::migrator::now(),
        command.join(" ")
    )
}

impl LockFile {
    /// The note's path for a database file.
    pub(crate) fn path_for(database: &Path) -> PathBuf {
        let mut name = database.file_name().unwrap_or_default().to_os_string();
        name.push(".pschema-lock");
        database.with_file_name(name)
    }

    pub(crate) fn take(path: &Path, timeout: Duration, events: Observer<'_>) -> Result<LockFile, Error> {
        let started = Instant::now();
        let mut announced = false;
        loop {
            let file = open(path)?;
            match file.try_lock() {
                Ok(()) if still_named(&file, path) => {
                    let mut lock = LockFile {
                        path: path.to_path_buf(),
                        file,
                        noted: false,
                    };
                    // A live process named in the note without the lock is
                    // one that holds SQLite's lock another way: keep its name
                    // for whoever waits, until this runner has the database.
                    if lock.holder().is_none() {
                        lock.note()?;
                    }
                    return Ok(lock);
                }
                Ok(()) => continue,
                Err(std::fs::TryLockError::WouldBlock) => {
                    let holder = read_note(&file).as_deref().and_then(holder_in);
                    if started.elapsed() >= timeout {
                        return Err(Error::Locked {
                            seconds: timeout.as_secs(),
                            holder,
                        });
                    }
                    if !announced {
                        events(Event::Waiting { holder });
                        announced = true;
                    }
                    std::thread::sleep(Duration::from_millis(50));
                }
                Err(std::fs::TryLockError::Error(e)) => return Err(io(path)(e)),
            }
        }
    }

    /// Who holds the run lock of `database`, by its note, without taking
    /// the lock (a reader that found the database busy); never through a link.
    pub(crate) fn holder_of(database: &Path) -> Option<String> {
        let path = Self::path_for(database);
        let meta = std::fs::symlink_metadata(&path).ok()?;
        if !meta.is_file() {
            return None;
        }
        let text = std::fs::read_to_string(&path).ok()?;
        holder_in(&text)
    }

    /// Who the note names other than this runner, if alive.
    pub(crate) fn holder(&self) -> Option<String> {
        read_note(&self.file).as_deref().and_then(holder_in)
    }

    /// Writes this runner's note, once.
    pub(crate) fn note(&mut self) -> Result<(), Error> {
        if self.noted {
            return Ok(());
        }
        let text = note_text();
        let path = self.path.clone();
        self.file.set_len(0).map_err(io(&path))?;
        self.file.rewind().map_err(io(&path))?;
        self.file.write_all(text.as_bytes()).map_err(io(&path))?;
        self.noted = true;
        Ok(())
    }
}

fn read_note(file: &File) -> Option<String> {
    let mut text = String::new();
    let mut reader = file;
    reader.rewind().ok()?;
    reader.read_to_string(&mut text).ok()?;
    Some(text)
}

impl Drop for LockFile {
    fn drop(&mut self) {
        // Removed while still locked, so a waiter that opened it sees it is
        // gone (`still_named`) and opens the path again.
        if self.noted {
            std::fs::remove_file(&self.path).ok();
        }
        self.file.unlock().ok();
    }
}
