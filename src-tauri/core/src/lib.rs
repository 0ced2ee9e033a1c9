//! Haven's core: the article model, the library file, rendering and sanitizing, search, bookmarks and import.
//! This crate knows nothing of Tauri or any UI; the desktop app and `haven-cli` are thin front ends over it.
//!
//! Start at [`Library`]: open one with [`Library::open`] (or find it first with [`library::location`]) and every
//! query is a method on it.
//!
//! The modules form layers, each using only those below it (checked by `tests/layers.rs`):
//! 1. Pure text and HTML, no files and no database: [`error`], [`model`], [`text`], [`time`], [`snippet`],
//!    [`urls`], [`markdown`], [`markup`], [`frontmatter`], [`render`], [`sanitize`], [`document`], [`bundled`],
//!    [`anchor`], [`helplines`], [`export`], [`passphrase`], [`speech`].
//! 2. [`store`]: the library file and its SQL; it keeps the documents it is given.
//! 3. [`import`]: reading the reader's files into documents; no database.
//! 4. [`library`]: the facade composing them (open = store + migrations + bundled sync; import = pipeline +
//!    store; re-rendering in the background).

pub mod anchor;
pub mod bundled;
pub mod document;
pub mod error;
pub mod export;
pub mod frontmatter;
pub mod helplines;
pub mod import;
pub mod library;
pub mod markdown;
pub mod markup;
pub mod model;
pub mod packed;
pub mod passphrase;
pub mod paths;
pub mod render;
pub mod sanitize;
pub mod snippet;
pub mod speech;
pub mod store;
pub mod text;
pub mod time;
pub mod urls;

pub use error::{Error, ErrorKind, Result};
pub use import::{ImportOptions, ImportReport, Progress};
pub use library::location::{APP_IDENTIFIER, LIBRARY_FILE};
pub use library::{Library, RerenderProgress, RerenderReport, SyncReport};
