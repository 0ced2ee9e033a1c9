//! Pictures an imported file refers to on disk, embedded as `data:` images so the library stays one
//! self-contained file and nothing is ever loaded from outside it.
//!
//! Only files inside the imported file's own folder are read (a page saved "complete" keeps its pictures in
//! `Name_files/`, a notes folder in an attachments folder), only PNG, JPEG, GIF and WebP by their first bytes,
//! each at most [`MAX_IMAGE_BYTES`] and [`MAX_IMAGES_BYTES`] for one article. Pictures on the network are never
//! fetched; the renderer shows their alt text.

use std::fs;
use std::path::{Path, PathBuf};

use base64::Engine as _;

use super::files;
use crate::urls;

/// Largest picture embedded from an imported file's folder.
pub(crate) const MAX_IMAGE_BYTES: u64 = 2 * 1024 * 1024;

/// Most picture bytes embedded into one article; pictures past it are left out.
pub(crate) const MAX_IMAGES_BYTES: u64 = 8 * 1024 * 1024;

/// The pictures of one imported file: its folder and what is left of the article's picture budget.
pub(crate) struct Pictures {
    folder: Option<PathBuf>,
    budget: u64,
}

impl Pictures {
    /// Pictures beside `file`, the file being imported.
    pub(crate) fn beside(file: &Path) -> Pictures {
        Pictures { folder: file.parent().and_then(|p| fs::canonicalize(p).ok()), budget: MAX_IMAGES_BYTES }
    }

    /// The picture `src` names as a `data:` URI, or `None` when it is not a picture file inside the folder
    /// within the limits.
    pub(crate) fn embed(&mut self, src: &str) -> Option<String> {
        let file = local_file(src, self.folder.as_deref()?)?;
        data_uri(&file, &mut self.budget)
    }
}

/// A Markdown file's text with each picture that is a file beside it embedded as a `data:` image. Pictures
/// that cannot be embedded are left as written.
pub(crate) fn embed_in_markdown(text: &str, file: &Path) -> String {
    let mut pictures = Pictures::beside(file);
    let mut replacements: Vec<(std::ops::Range<usize>, String)> = Vec::new();
    for (range, address) in crate::markdown::picture_addresses(text) {
        if !urls::is_local_file(&address) {
            continue;
        }
        if let Some(uri) = pictures.embed(&address) {
            replacements.push((range, uri));
        }
    }
    let mut out = text.to_string();
    for (range, uri) in replacements.into_iter().rev() {
        out.replace_range(range, &uri);
    }
    out
}

/// The file a relative `src` names, if it is inside `folder` (the page's own folder, canonical).
fn local_file(src: &str, folder: &Path) -> Option<PathBuf> {
    let path = src.strip_prefix("file://").unwrap_or(src);
    let path = path.split(['?', '#']).next()?;
    let path = percent_decode(path)?;
    if path.is_empty() {
        return None;
    }
    let candidate = if Path::new(&path).is_absolute() { PathBuf::from(&path) } else { folder.join(&path) };
    let file = fs::canonicalize(candidate).ok()?;
    file.starts_with(folder).then_some(file)
}

/// The picture as a `data:` URI, when it is a PNG, JPEG, GIF or WebP file within the size limits.
fn data_uri(file: &Path, budget: &mut u64) -> Option<String> {
    let bytes = files::read_regular(file, "picture", MAX_IMAGE_BYTES.min(*budget)).ok()?;
    let mime = picture_type(&bytes)?;
    *budget -= bytes.len() as u64;
    Some(format!("data:{mime};base64,{}", base64::engine::general_purpose::STANDARD.encode(&bytes)))
}

/// The picture type from a file's first bytes; the name's ending is not trusted.
fn picture_type(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        Some("image/gif")
    } else if bytes.len() > 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some("image/webp")
    } else {
        None
    }
}

/// `%20` and friends in a file name; `None` for an invalid escape or bytes that are not UTF-8.
fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests;
