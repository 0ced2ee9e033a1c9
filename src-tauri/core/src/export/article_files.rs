//! An article as the Markdown file it came from, with its pictures as files beside it.
//!
//! Haven keeps each article's Markdown source, front matter included, and an imported file's pictures embedded
//! in it as `data:` images (so the library stays one file). Exported, the pictures become files again in a
//! folder named after the article (`<slug>_files/picture-1.png`) and the Markdown points at them, so the file
//! opens in any editor as it was given, pictures and all.

use base64::Engine as _;

use crate::markdown::picture_addresses;

/// One file to write, by its path relative to the export folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct File {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// The files of one article: `<slug>.md`, then its pictures.
pub fn files(slug: &str, markdown: &str) -> Vec<File> {
    let folder = format!("{slug}_files");
    let mut pictures = Vec::new();
    let mut text = markdown.to_string();
    for (range, address) in picture_addresses(markdown).into_iter().rev() {
        let Some((extension, bytes)) = decode(&address) else { continue };
        pictures.push((range, extension, bytes));
    }
    // Numbered in reading order; replaced from the end so the earlier ranges stay where they are.
    let count = pictures.len();
    let mut files = Vec::with_capacity(count + 1);
    for (k, (range, extension, bytes)) in pictures.into_iter().enumerate() {
        let path = format!("{folder}/picture-{}.{extension}", count - k);
        text.replace_range(range, &address_of(&path));
        files.push(File { path, bytes });
    }
    files.reverse();
    files.insert(0, File { path: format!("{slug}.md"), bytes: text.into_bytes() });
    files
}

/// A relative path as a Markdown link address: bytes other than letters, digits and `-._~/` percent-encoded, so
/// a name with spaces or brackets still links.
fn address_of(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// The file name ending and bytes of a `data:` picture Haven embeds; `None` for any other address.
fn decode(address: &str) -> Option<(&'static str, Vec<u8>)> {
    let rest = address.strip_prefix("data:")?;
    let (kind, data) = rest.split_once(";base64,")?;
    let extension = match kind {
        "image/png" => "png",
        "image/jpeg" => "jpg",
        "image/gif" => "gif",
        "image/webp" => "webp",
        _ => return None,
    };
    let bytes = base64::engine::general_purpose::STANDARD.decode(data.trim()).ok()?;
    Some((extension, bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_pictures_become_files_beside_the_article() {
        let png = base64::engine::general_purpose::STANDARD.encode(b"\x89PNG\r\n\x1a\nfirst");
        let gif = base64::engine::general_purpose::STANDARD.encode(b"GIF89a-second");
        let markdown = format!(
            "---\ntitle: Walks\n---\n\n![A path](data:image/png;base64,{png})\n\nText ![a map](data:image/gif;base64,{gif}) and ![far](https://example.org/x.png).\n"
        );
        let files = files("walks", &markdown);
        let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(paths, ["walks.md", "walks_files/picture-1.png", "walks_files/picture-2.gif"]);
        assert_eq!(files[1].bytes, b"\x89PNG\r\n\x1a\nfirst");
        assert_eq!(files[2].bytes, b"GIF89a-second");
        let text = String::from_utf8(files[0].bytes.clone()).unwrap();
        assert_eq!(
            text,
            "---\ntitle: Walks\n---\n\n![A path](walks_files/picture-1.png)\n\nText ![a map](walks_files/picture-2.gif) and ![far](https://example.org/x.png).\n"
        );
    }

    #[test]
    fn a_name_with_spaces_still_links_to_its_pictures() {
        let png = base64::engine::general_purpose::STANDARD.encode(b"\x89PNG\r\n\x1a\n");
        let files = files("Morning walk (1)", &format!("![p](data:image/png;base64,{png})"));
        assert_eq!(files[1].path, "Morning walk (1)_files/picture-1.png");
        assert_eq!(files[0].bytes, b"![p](Morning%20walk%20%281%29_files/picture-1.png)");
    }

    #[test]
    fn an_article_without_embedded_pictures_is_exported_exactly_as_kept() {
        let markdown = "# Title\n\nBody with ![alt](data:text/html;base64,PGI+) left alone.\n";
        assert_eq!(files("t", markdown), [File { path: "t.md".into(), bytes: markdown.as_bytes().to_vec() }]);
    }
}
