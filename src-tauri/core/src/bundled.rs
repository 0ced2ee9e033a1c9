//! The articles that ship inside Haven.
//!
//! `build.rs` embeds every Markdown file under the workspace's `articles/` folder into the binary, so the app
//! and the CLI carry their library with them and need no files beside them. Bringing a library up to date with
//! them is `library::sync`; this module only holds them, and the rules they are written to (checked by its tests).

/// One Markdown file from `articles/`: its path relative to that folder, and its text.
#[derive(Debug, Clone, Copy)]
pub struct BundledFile {
    pub path: &'static str,
    pub text: &'static str,
}

/// The articles bundled into this build.
pub static FILES: &[BundledFile] = include!(concat!(env!("OUT_DIR"), "/bundled_articles.rs"));

/// The categories bundled articles use. A small fixed set keeps the library easy to browse.
pub const CATEGORIES: [&str; 9] = [
    "Get help now",
    "Staying safe",
    "Depression",
    "Addiction",
    "Medications",
    "Treatment and therapy",
    "Recovery and wellbeing",
    "Family and support",
    "Life stages and communities",
];

#[cfg(test)]
mod tests;
