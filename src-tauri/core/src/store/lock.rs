//! A locked library: SQLCipher's key on every connection, the small marker file beside a locked library, and
//! turning the lock on, changing it or taking it off.
//!
//! The marker (`library.sqlite.locked`) says "this file is locked, ask for the passphrase" and holds the key
//! derivation's parameters; it holds no secret. The salt is the file's own first 16 bytes. What decides is
//! always the file: a plain SQLite header is a plain library whatever the marker says, and a file that is not
//! one can still be opened with its passphrase when the marker is missing.
//!
//! Changing the lock never touches the library in place: `sqlcipher_export` writes the whole library to a new
//! file under the new key (or none), the new file is checked (it opens with the new key, `quick_check` is ok, the
//! same number of rows in every table), then renamed over the old one. Killed at any moment, the library opens
//! with the old passphrase or the new one, with everything in it.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};
use zeroize::Zeroizing;

use super::backup::{partial_name, sync_dir};
use super::APPLICATION_ID;
use crate::error::{Error, ErrorKind, Result};
use crate::passphrase::{self, Key, Salt, SALT_BYTES};

/// What a library file is, as far as the lock goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LockState {
    /// No file yet: a new library, plain.
    New,
    /// An SQLite file anyone can read.
    Plain,
    /// Encrypted, with its marker: it opens with its passphrase.
    Locked,
    /// Not a readable SQLite file and no marker: damaged, or locked with its marker lost.
    Unreadable,
}

/// Sets `key` on a connection: the first thing done on every connection to a locked library. `None` does nothing.
pub(crate) fn apply_key(conn: &Connection, key: Option<&Key>) -> rusqlite::Result<()> {
    if let Some(key) = key {
        // SQLCipher would otherwise write its own lines to standard error on a wrong key; Haven says it once.
        let mut sql = Zeroizing::new(String::from("PRAGMA cipher_log_level = NONE; PRAGMA key = \""));
        sql.push_str(&key.pragma_value());
        sql.push_str("\";");
        conn.execute_batch(&sql)?;
    }
    Ok(())
}

/// The marker beside a locked library.
pub fn marker_path(library: &Path) -> PathBuf {
    let mut name = library.file_name().map_or_else(|| "library.sqlite".into(), |n| n.to_os_string());
    name.push(".locked");
    library.with_file_name(name)
}

/// Whether the file at `path` is new, plain, locked or unreadable.
pub fn lock_state(path: &Path) -> Result<LockState> {
    let mut header = [0u8; 16];
    match fs::File::open(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(LockState::New),
        Err(e) => return Err(Error::io(path, &e)),
        Ok(mut file) => {
            let read = file.read(&mut header).map_err(|e| Error::io(path, &e))?;
            if read == 0 {
                return Ok(LockState::New);
            }
            if read == 16 && &header == b"SQLite format 3\0" {
                return Ok(LockState::Plain);
            }
        }
    }
    Ok(if marker_path(path).exists() { LockState::Locked } else { LockState::Unreadable })
}

/// The salt of a locked file: its first 16 bytes.
pub fn salt_of(path: &Path) -> Result<Salt> {
    let mut salt = [0u8; SALT_BYTES];
    fs::File::open(path).and_then(|mut f| f.read_exact(&mut salt)).map_err(|e| Error::io(path, &e))?;
    Ok(salt)
}

/// The error for a locked library opened without its passphrase.
pub fn locked(path: &Path) -> Error {
    Error::new(ErrorKind::Locked, format!("this library is locked: {} opens only with its passphrase", path.display()))
}

/// The error for a passphrase that does not open the library.
pub fn wrong_passphrase() -> Error {
    Error::new(ErrorKind::Locked, "that passphrase does not open this library; nothing was changed")
}

/// Whether `key` opens the file at `path`: a read-only look, which changes nothing.
pub(crate) fn check_key(path: &Path, key: &Key) -> Result<()> {
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(|e| Error::new(ErrorKind::Storage, format!("{} could not be opened: {e}", path.display())))?;
    apply_key(&conn, Some(key))?;
    match conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get::<_, i64>(0)) {
        Ok(_) => Ok(()),
        Err(e) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::NotADatabase) => Err(wrong_passphrase()),
        Err(e) => Err(e.into()),
    }
}

/// Writes the marker for a locked library (whole, then renamed into place).
pub(crate) fn mark_locked(library: &Path) -> Result<()> {
    let (memory_kib, passes, lanes) = passphrase::PARAMS;
    let text = serde_json::json!({
        "haven_lock": 1,
        "cipher": "sqlcipher",
        "kdf": "argon2id",
        "memory_kib": memory_kib,
        "passes": passes,
        "lanes": lanes,
        "salt": "the file's first 16 bytes",
    })
    .to_string();
    let marker = marker_path(library);
    let partial = partial_name(&marker);
    fs::write(&partial, text.as_bytes()).map_err(|e| Error::io(&partial, &e))?;
    fs::rename(&partial, &marker).map_err(|e| Error::io(&marker, &e))?;
    Ok(())
}

/// Re-encrypts the closed library at `path` from `current` (its key; `None` when plain) to `new` (`None` to take
/// the lock off), atomically (see the module's notes). Refused while another program has the library open.
/// Every connection of this process to the library must be closed first.
pub fn change(path: &Path, current: Option<&Key>, new: Option<&Key>) -> Result<()> {
    let busy = || {
        Error::new(
            ErrorKind::Storage,
            "the library is open in another program (haven-cli?); close it and try again. Nothing was changed",
        )
    };
    if !path.is_file() {
        return Err(Error::not_found(format!("there is no library at {}", path.display())));
    }
    // Read-write and create: the file it attaches for the new library is created by this connection's flags.
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE;
    let conn = Connection::open_with_flags(path, flags)
        .map_err(|e| Error::new(ErrorKind::Storage, format!("{} could not be opened: {e}", path.display())))?;
    apply_key(&conn, current)?;
    conn.busy_timeout(std::time::Duration::from_secs(2))?;
    let readable = conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get::<_, i64>(0));
    if let Err(e) = readable {
        return Err(match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::NotADatabase) if current.is_some() => wrong_passphrase(),
            Some(rusqlite::ErrorCode::NotADatabase) => locked(path),
            Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) => busy(),
            _ => e.into(),
        });
    }
    // Out of WAL mode needs the file to itself: the check that no other program has it open. Then the lock
    // is held until this connection closes, so none opens it while the new file takes its place.
    let mode: String = conn.pragma_update_and_check(None, "journal_mode", "DELETE", |r| r.get(0)).map_err(|e| {
        if e.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseBusy) {
            busy()
        } else {
            e.into()
        }
    })?;
    if !mode.eq_ignore_ascii_case("delete") {
        return Err(busy());
    }
    conn.pragma_update(None, "locking_mode", "EXCLUSIVE")?;
    conn.execute_batch("BEGIN EXCLUSIVE; COMMIT;").map_err(|_| busy())?;

    let fresh = partial_name(path);
    let _ = fs::remove_file(&fresh);
    let exported = export_to(&conn, &fresh, new).and_then(|()| verify(&conn, &fresh, new));
    if let Err(e) = exported {
        let _ = fs::remove_file(&fresh);
        return Err(e);
    }
    // Setting a lock writes the marker first, taking one off removes it after: a marker beside a plain file is
    // ignored, and a locked file never stands without its marker except for the moment of a change of key.
    if new.is_some() {
        mark_locked(path)?;
    }
    fs::rename(&fresh, path).map_err(|e| Error::io(path, &e))?;
    sync_dir(path);
    if new.is_none() {
        let _ = fs::remove_file(marker_path(path));
    }
    drop(conn);
    Ok(())
}

/// `sqlcipher_export` of the whole library into a new file under `key`, with its header fields.
fn export_to(conn: &Connection, fresh: &Path, key: Option<&Key>) -> Result<()> {
    let failed = |e: rusqlite::Error| {
        Error::new(ErrorKind::Storage, format!("the library could not be written anew ({e}); nothing was changed"))
    };
    let mut attach = Zeroizing::new(String::from("ATTACH DATABASE ?1 AS fresh KEY "));
    match key {
        Some(key) => attach.push_str(&format!("\"{}\"", key.pragma_value().as_str())),
        None => attach.push_str("''"),
    }
    conn.execute(&attach, [fresh.to_string_lossy()]).map_err(failed)?;
    let result = (|| -> rusqlite::Result<()> {
        conn.query_row("SELECT sqlcipher_export('fresh')", [], |_| Ok(()))?;
        let version: u32 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        conn.execute_batch(&format!(
            "PRAGMA fresh.user_version = {version}; PRAGMA fresh.application_id = {APPLICATION_ID};"
        ))?;
        Ok(())
    })();
    let detached = conn.execute_batch("DETACH DATABASE fresh");
    result.map_err(failed)?;
    detached.map_err(failed)?;
    Ok(())
}

/// The new file opens with `key`, passes `quick_check`, and has as many rows in each table as the library.
fn verify(conn: &Connection, fresh: &Path, key: Option<&Key>) -> Result<()> {
    let bad = |why: String| {
        Error::new(ErrorKind::Storage, format!("the re-written library did not check out ({why}); nothing was changed"))
    };
    let copy = Connection::open_with_flags(fresh, OpenFlags::SQLITE_OPEN_READ_WRITE).map_err(|e| bad(e.to_string()))?;
    apply_key(&copy, key).map_err(|e| bad(e.to_string()))?;
    let check: String = copy.query_row("PRAGMA quick_check", [], |r| r.get(0)).map_err(|e| bad(e.to_string()))?;
    if check != "ok" {
        return Err(bad(check));
    }
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE 'CREATE VIRTUAL%'")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for table in tables {
        let count =
            |c: &Connection| c.query_row(&format!("SELECT count(*) FROM \"{table}\""), [], |r| r.get::<_, i64>(0));
        let (here, there) = (count(conn)?, count(&copy).map_err(|e| bad(e.to_string()))?);
        if here != there {
            return Err(bad(format!("{table}: {here} rows, {there} in the copy")));
        }
    }
    let (id, version): (i64, u32) = copy
        .query_row("SELECT (SELECT application_id FROM pragma_application_id()), (SELECT user_version FROM pragma_user_version())", [], |r| Ok((r.get(0)?, r.get(1)?)))
        .map_err(|e| bad(e.to_string()))?;
    let wanted: u32 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if id != APPLICATION_ID || version != wanted {
        return Err(bad("its header".into()));
    }
    Ok(())
}
