//! The commands of the opt-in lock: whether the library is locked, unlocking it, locking it again (quick hide,
//! idle time, "Lock now"), and setting, changing or removing the passphrase. Passphrases pass through here once
//! and are wiped; the key stays inside the open library (see `haven_core::passphrase`).

use std::sync::Arc;

use haven_core::library::lock::{lock_state, LockState};
use haven_core::passphrase;
use haven_core::Result;
use serde::Serialize;
use tauri::State;

use crate::read_aloud::ReadAloud;

use crate::state::{blocking, AppState};

/// What the lock screen and Settings need to know.
#[derive(Serialize)]
pub(crate) struct LockStatus {
    /// The library has a passphrase.
    locked: bool,
    /// It is open now (unlocked, or it has no passphrase).
    open: bool,
}

#[tauri::command]
pub(crate) async fn lock_status(state: State<'_, Arc<AppState>>) -> Result<LockStatus> {
    let state = Arc::clone(&state);
    blocking(move || {
        let open = state.open_library();
        let locked = match &open {
            Some(library) => library.is_locked(),
            None => lock_state(&state.location()?.path)? == LockState::Locked,
        };
        Ok(LockStatus { locked, open: open.is_some() })
    })
    .await
}

/// Opens the locked library with its passphrase. A wrong one is a `locked` error and changes nothing; there is
/// no lockout, which could only ever keep a person from their own notes.
#[tauri::command]
pub(crate) async fn unlock(state: State<'_, Arc<AppState>>, passphrase: String) -> Result<()> {
    let state = Arc::clone(&state);
    blocking(move || {
        let opened = state.unlock(&passphrase).map(|library| state.read_window_titles(&library));
        passphrase::forget(passphrase);
        opened
    })
    .await
}

/// Locks the library again when it has a passphrase; says whether it did.
#[tauri::command]
pub(crate) async fn lock_now(state: State<'_, Arc<AppState>>, speech: State<'_, ReadAloud>) -> Result<bool> {
    // A locked library's words are not read aloud either.
    speech.stop();
    let state = Arc::clone(&state);
    blocking(move || state.lock_now()).await
}

/// Sets (`current` none), changes, or removes (`new` none) the passphrase.
#[tauri::command]
pub(crate) async fn set_passphrase(
    state: State<'_, Arc<AppState>>,
    current: Option<String>,
    new: Option<String>,
) -> Result<()> {
    let state = Arc::clone(&state);
    blocking(move || {
        let _run = state.begin_task("a change of the lock")?;
        let changed = state.change_passphrase(current.as_deref(), new.as_deref());
        for secret in [current, new].into_iter().flatten() {
            passphrase::forget(secret);
        }
        changed
    })
    .await
}
