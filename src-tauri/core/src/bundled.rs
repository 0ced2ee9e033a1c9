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

/// [`FILES`]' id, computed by `build.rs` when this binary was built.
static FILES_ID: &str = include!(concat!(env!("OUT_DIR"), "/bundle_id.rs"));

/// An id of a bundle: equal ids, equal bundles (the same paths and texts, in order). A library remembers the id
/// of the bundle it was last brought up to date with, so opening it again with the same one skips the
/// comparison. This build's own bundle has its id computed at build time: a fresh process opening an up-to-date
/// library hashes nothing. The id is a cache key only, never stored as a promise: a build whose Rust hashes
/// differently just compares the articles once.
pub fn bundle_id(bundle: &[BundledFile]) -> std::borrow::Cow<'static, str> {
    if std::ptr::eq(bundle, FILES) {
        FILES_ID.into()
    } else {
        id_of(bundle).into()
    }
}

/// The hash `build.rs` computes, over the same (path, text) pairs in the same order.
fn id_of(bundle: &[BundledFile]) -> String {
    use std::hash::{DefaultHasher, Hash, Hasher};
    let mut hasher = DefaultHasher::new();
    bundle.len().hash(&mut hasher);
    for file in bundle {
        file.path.hash(&mut hasher);
        file.text.hash(&mut hasher);
    }
    format!("{:016x}", hasher.finish())
}

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
