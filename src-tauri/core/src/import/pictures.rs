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
use pulldown_cmark::{Event, Parser, Tag};

use crate::render;

/// Largest picture embedded from an imported file's folder.
pub const MAX_IMAGE_BYTES: u64 = 2 * 1024 * 1024;

/// Most picture bytes embedded into one article; pictures past it are left out.
pub const MAX_IMAGES_BYTES: u64 = 8 * 1024 * 1024;

/// The pictures of one imported file: its folder and what is left of the article's picture budget.
pub struct Pictures {
    folder: Option<PathBuf>,
    budget: u64,
}

impl Pictures {
    /// Pictures beside `file`, the file being imported.
    pub fn beside(file: &Path) -> Pictures {
        Pictures { folder: file.parent().and_then(|p| fs::canonicalize(p).ok()), budget: MAX_IMAGES_BYTES }
    }

    /// The picture `src` names as a `data:` URI, or `None` when it is not a picture file inside the folder
    /// within the limits.
    pub fn embed(&mut self, src: &str) -> Option<String> {
        let file = local_file(src, self.folder.as_deref()?)?;
        data_uri(&file, &mut self.budget)
    }
}

/// Whether a picture's address is a file on this computer (a relative path or `file:`), not the network or
/// already a `data:` image.
pub fn is_local(src: &str) -> bool {
    let lower = src.trim().to_ascii_lowercase();
    !lower.is_empty() && (lower.starts_with("file:") || !(lower.contains(':') || lower.starts_with("//")))
}

/// A Markdown file's text with each picture that is a file beside it embedded as a `data:` image. Pictures
/// that cannot be embedded are left as written.
pub fn embed_in_markdown(text: &str, file: &Path) -> String {
    let mut pictures = Pictures::beside(file);
    let mut replacements: Vec<(std::ops::Range<usize>, String)> = Vec::new();
    for (event, range) in Parser::new_ext(text, render::markdown_options()).into_offset_iter() {
        let Event::Start(Tag::Image { dest_url, .. }) = event else { continue };
        if !is_local(&dest_url) {
            continue;
        }
        // The address as written sits after the `](` of this image's own text; a reference-style picture has
        // it elsewhere and is left alone.
        let span = &text[range.clone()];
        let Some(open) = span.rfind("](") else { continue };
        let Some(at) = span[open..].find(dest_url.as_ref()).map(|at| range.start + open + at) else { continue };
        if let Some(uri) = pictures.embed(&dest_url) {
            replacements.push((at..at + dest_url.len(), uri));
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
    let size = fs::metadata(file).ok()?.len();
    if size > MAX_IMAGE_BYTES || size > *budget {
        return None;
    }
    let bytes = fs::read(file).ok()?;
    let mime = picture_type(&bytes)?;
    *budget -= size;
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
mod tests {
    use super::*;

    const PNG: &[u8] = b"\x89PNG\r\n\x1a\nrest-of-png";

    #[test]
    fn markdown_pictures_beside_the_file_are_embedded() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("attachments")).unwrap();
        fs::write(dir.path().join("attachments/walk map.png"), PNG).unwrap();
        fs::write(dir.path().join("attachments/notes.txt"), "not a picture").unwrap();
        let text = "A walk. ![The route](attachments/walk%20map.png \"Map\")\n\n![Text](attachments/notes.txt) \
                    ![Gone](attachments/missing.png) ![Web](https://example.org/a.png) ![Up](../secret.png)\n";
        let out = embed_in_markdown(text, &dir.path().join("walk.md"));
        assert!(out.contains("![The route](data:image/png;base64,iVBORw0KGgpyZXN0LW9mLXBuZw== \"Map\")"), "{out}");
        for kept in [
            "](attachments/notes.txt)",
            "](attachments/missing.png)",
            "](https://example.org/a.png)",
            "](../secret.png)",
        ] {
            assert!(out.contains(kept), "{kept} is left as written: {out}");
        }
    }

    #[test]
    fn the_budget_limits_what_one_article_embeds() {
        let dir = tempfile::tempdir().unwrap();
        let big = [PNG, &vec![0u8; (MAX_IMAGE_BYTES - 100) as usize]].concat();
        for i in 0..6 {
            fs::write(dir.path().join(format!("p{i}.png")), &big).unwrap();
        }
        let mut pictures = Pictures::beside(&dir.path().join("page.html"));
        let embedded = (0..6).filter(|i| pictures.embed(&format!("p{i}.png")).is_some()).count();
        assert_eq!(embedded, (MAX_IMAGES_BYTES / MAX_IMAGE_BYTES) as usize);
        assert!(is_local("a/b.png") && is_local("file:///x.png") && !is_local("data:image/png;base64,AA"));
        assert!(!is_local("https://x/y.png") && !is_local("//cdn/y.png") && !is_local(""));
    }
}
