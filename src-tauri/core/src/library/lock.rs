//! The opt-in lock, as front ends use it: opening a library with its passphrase, and setting, changing or
//! removing the passphrase of a closed library (see `store::lock` for how each is made safe).

use std::path::Path;

use super::Library;
use crate::bundled::BundledFile;
use crate::error::{Error, ErrorKind, Result};
use crate::passphrase::{self, Key};
use crate::store::lock::{self as stored};

pub use crate::store::lock::{lock_state, marker_path, LockState};

impl Library {
    /// Opens the library at `path`, with `passphrase` when it is locked (a plain library ignores one). A locked
    /// library without its passphrase, or with another, is a `locked` error and is left exactly as it was.
    pub fn open_locked(path: impl AsRef<Path>, passphrase: Option<&str>) -> Result<Library> {
        Library::open_locked_with(path, passphrase, crate::bundled::FILES)
    }

    /// [`Library::open_locked`] with the bundled articles given (tests).
    pub fn open_locked_with(
        path: impl AsRef<Path>,
        passphrase: Option<&str>,
        bundle: &[BundledFile],
    ) -> Result<Library> {
        let path = path.as_ref();
        match (lock_state(path)?, passphrase) {
            (LockState::New | LockState::Plain, _) | (LockState::Unreadable, None) => Library::open_with(path, bundle),
            (LockState::Locked, None) => Err(stored::locked(path)),
            (LockState::Locked | LockState::Unreadable, Some(passphrase)) => {
                let key = Key::derive(passphrase, &stored::salt_of(path)?)?;
                Library::with_store(crate::store::Store::open_keyed(path, Some(key))?, bundle)
            }
        }
    }

    /// Whether this library is locked (opened with a key).
    pub fn is_locked(&self) -> bool {
        self.store.key().is_some()
    }
}

/// Whether `passphrase` opens the locked library at `path` (which may be open meanwhile): `Ok` when it does,
/// a `locked` error when it does not. Changes nothing.
pub fn check_passphrase(path: &Path, passphrase: &str) -> Result<()> {
    let key = Key::derive(passphrase, &stored::salt_of(path)?)?;
    stored::check_key(path, &key)
}

/// Sets, changes or removes the passphrase of the library at `path`, which must be closed in this process:
/// `current` opens it now (`None` when it is not locked), `new` locks it from now on (`None` takes the lock off).
/// A new passphrase must pass [`passphrase::check_new`]. Nothing changes when anything is wrong.
pub fn change_passphrase(path: &Path, current: Option<&str>, new: Option<&str>) -> Result<()> {
    if let Some(new) = new {
        passphrase::check_new(new)?;
    }
    let state = lock_state(path)?;
    let current_key = match (state, current) {
        (LockState::New, _) => return Err(Error::not_found(format!("there is no library at {} yet", path.display()))),
        (LockState::Plain, None) => None,
        (LockState::Plain, Some(_)) => {
            return Err(Error::invalid("this library has no passphrase yet; nothing was changed"));
        }
        (LockState::Locked | LockState::Unreadable, None) => return Err(stored::locked(path)),
        (LockState::Locked | LockState::Unreadable, Some(current)) => {
            Some(Key::derive(current, &stored::salt_of(path)?)?)
        }
    };
    if current_key.is_none() && new.is_none() {
        return Err(Error::invalid("this library has no passphrase to remove; nothing was changed"));
    }
    let new_key = new.map(Key::new_for).transpose()?;
    stored::change(path, current_key.as_ref(), new_key.as_ref()).map_err(|e| match e.kind {
        ErrorKind::Locked => stored::wrong_passphrase(),
        _ => e,
    })
}

#[cfg(test)]
mod tests;
