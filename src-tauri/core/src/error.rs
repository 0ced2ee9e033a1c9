//! The one error type of the core.
//!
//! Every failure reaching a caller carries a stable [`ErrorKind`] that front ends switch on (the UI maps it to a
//! gentle message, the CLI to an exit status) and a human sentence naming what was wrong. Nothing downstream may
//! classify an error by matching its message.

use std::fmt;
use std::path::Path;

use serde::Serialize;

/// What went wrong, as a stable machine-readable word. The serialized names are a contract with the UI and with
/// scripts that read the CLI's JSON: add new kinds, never rename old ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ErrorKind {
    /// No article, bookmark or file by that name.
    NotFound,
    /// The caller's input is unusable: bad front matter, not text, empty, out of range.
    InvalidInput,
    /// Input is larger than Haven accepts.
    TooLarge,
    /// The file type is not one Haven can import.
    Unsupported,
    /// SQLite failed for a reason that is not the file's fault (disk full, locked too long, ...).
    Storage,
    /// The library file is damaged or is not a Haven library. The file is never modified.
    CorruptLibrary,
    /// The library was written by a newer Haven; this version refuses to touch it.
    NewerLibrary,
    /// Reading or writing a file outside the library failed.
    Io,
    /// The operation was cancelled by the user.
    Cancelled,
    /// The caller may not do this: a file the reader did not choose, a link Haven will not open.
    NotAllowed,
    /// The library is locked: it opens only with its passphrase (none was given, or not the right one).
    Locked,
    /// Read-aloud found no speech engine on this computer (the message says how to install one).
    SpeechUnavailable,
}

impl ErrorKind {
    /// The stable name, as serialized.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::NotFound => "not_found",
            ErrorKind::InvalidInput => "invalid_input",
            ErrorKind::TooLarge => "too_large",
            ErrorKind::Unsupported => "unsupported",
            ErrorKind::Storage => "storage",
            ErrorKind::CorruptLibrary => "corrupt_library",
            ErrorKind::NewerLibrary => "newer_library",
            ErrorKind::Io => "io",
            ErrorKind::Cancelled => "cancelled",
            ErrorKind::NotAllowed => "not_allowed",
            ErrorKind::Locked => "locked",
            ErrorKind::SpeechUnavailable => "speech_unavailable",
        }
    }
}

/// A core failure: a stable kind plus one human sentence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Error {
    pub kind: ErrorKind,
    pub message: String,
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Error { kind, message: message.into() }
    }

    pub fn not_found(message: impl Into<String>) -> Self {
        Error::new(ErrorKind::NotFound, message)
    }

    pub fn invalid(message: impl Into<String>) -> Self {
        Error::new(ErrorKind::InvalidInput, message)
    }

    /// A library file that cannot be used as it is.
    pub fn corrupt(path: &Path, why: impl fmt::Display) -> Self {
        Error::new(
            ErrorKind::CorruptLibrary,
            format!("{} is not a usable Haven library ({why}); it was left exactly as it was", path.display()),
        )
    }

    /// An I/O failure on `path`, worded for a person.
    pub fn io(path: &Path, err: &std::io::Error) -> Self {
        use std::io::ErrorKind as K;
        let kind = match err.kind() {
            K::NotFound => ErrorKind::NotFound,
            _ => ErrorKind::Io,
        };
        let why = match err.kind() {
            K::NotFound => "no such file or folder".to_string(),
            K::PermissionDenied => "permission denied".to_string(),
            _ => err.to_string(),
        };
        Error::new(kind, format!("{}: {why}", path.display()))
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

impl From<rusqlite::Error> for Error {
    fn from(err: rusqlite::Error) -> Self {
        use rusqlite::ffi::ErrorCode;
        match err.sqlite_error_code() {
            Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase) => Error::new(
                ErrorKind::CorruptLibrary,
                format!("the library file is damaged ({err}); it was left as it was"),
            ),
            Some(ErrorCode::DiskFull) => {
                Error::new(ErrorKind::Storage, "the disk is full, so the library could not be saved")
            }
            Some(ErrorCode::ReadOnly | ErrorCode::CannotOpen | ErrorCode::PermissionDenied) => {
                Error::new(ErrorKind::Storage, format!("the library file cannot be written: {err}"))
            }
            _ => Error::new(ErrorKind::Storage, format!("the library could not be read or written: {err}")),
        }
    }
}

impl From<serde_json::Error> for Error {
    fn from(err: serde_json::Error) -> Self {
        Error::new(ErrorKind::Storage, format!("stored data could not be decoded: {err}"))
    }
}

#[cfg(test)]
mod tests;
