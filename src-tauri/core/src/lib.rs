//! Haven's core: the article model, the library file, rendering and sanitizing, search, bookmarks and import.
//! This crate knows nothing of Tauri or any UI; the desktop app and `haven-cli` are thin front ends over it.

pub mod error;
pub mod frontmatter;
pub mod model;
pub mod render;
pub mod sanitize;

pub use error::{Error, ErrorKind, Result};
