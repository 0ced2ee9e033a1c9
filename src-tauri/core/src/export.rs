//! What a person keeps in Haven, in forms other programs read: their annotations as W3C Web Annotations (which
//! Haven also merges back), as Markdown notes for Obsidian and the like, and as Readwise's CSV; articles as the
//! Markdown files they came from; the safety plan as Markdown. Pure: values in, text and bytes out;
//! `library::data` writes the files.

pub mod article_files;
pub mod notebook;
pub mod plan;
pub mod readwise;
pub mod web_annotation;

/// The address an exported annotation gives its article: `urn:haven:article:<slug>`.
pub fn article_urn(slug: &str) -> String {
    format!("urn:haven:article:{slug}")
}
