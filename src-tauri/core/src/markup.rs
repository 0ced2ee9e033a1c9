//! How deeply a piece of HTML nests its elements, found in one linear scan before any parser sees it.
//!
//! html5ever's tree building costs grow with the square of nesting depth (100,000 nested `<div>`s take it about
//! 20 seconds, and a 20 MB file holds millions of tags), and no article needs more than a few dozen levels. So
//! every path that hands untrusted HTML to a parser asks [`refuse_deep_nesting`] first: Markdown bodies (which
//! may hold raw HTML) in `document`, saved pages in `import::web_page`, and `sanitize::clean` itself, which
//! shows such markup as escaped text instead of parsing it.
//!
//! The scan keeps a stack of open element names, the way a parser does, so that what does not open an element
//! in HTML does not count as closing one either: `<div/>` on a normal element opens it (HTML ignores that
//! slash), and `</x>` closes nothing unless an `x` is open. Elements that never hold others (`br`, `img`), and
//! those whose end tag HTML lets authors leave out and which a parser closes when the next one starts (`p`,
//! `li`, table cells), are not pushed; comments and the text inside `script`, `style`, `textarea` and the like
//! are skipped, since a parser reads no tags there either. The estimate may be higher than the tree a parser
//! builds, never meaningfully lower.

use std::collections::HashMap;

use crate::error::{Error, Result};

/// The deepest element nesting Haven accepts.
pub const MAX_DEPTH: usize = 1_000;

/// Elements that cannot hold others.
const VOID: [&str; 14] =
    ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"];

/// Elements a parser closes by itself when the next of their kind (or a block) starts: `<p>a<p>b` is two
/// paragraphs side by side, not one inside the other.
const SELF_ENDING: [&str; 12] = ["p", "li", "dt", "dd", "td", "th", "tr", "option", "optgroup", "rb", "rt", "rp"];

/// Elements whose content a parser reads as text up to their own end tag.
const RAW_TEXT: [&str; 8] = ["script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes"];

/// Refuses `html` nested deeper than [`MAX_DEPTH`], with an error naming `label` (a file name). The one check
/// every importer and the renderer run before parsing HTML, with one message.
pub fn refuse_deep_nesting(html: &str, label: &str) -> Result<()> {
    if too_deep(html) {
        return Err(Error::invalid(format!(
            "{label}: its HTML is nested more than {} levels deep, which no article needs",
            group_thousands(MAX_DEPTH)
        )));
    }
    Ok(())
}

/// Whether `html` nests deeper than [`MAX_DEPTH`]. Stops reading as soon as it does.
pub fn too_deep(html: &str) -> bool {
    depth_up_to(html, MAX_DEPTH + 1) > MAX_DEPTH
}

/// The deepest nesting in `html`, counted up to `limit` (the scan stops there).
pub fn depth_up_to(html: &str, limit: usize) -> usize {
    let bytes = html.as_bytes();
    let mut open: Vec<String> = Vec::new();
    // How many of each name are on the stack, so a stray end tag is recognised without searching the stack.
    let mut counts: HashMap<String, usize> = HashMap::new();
    let mut deepest = 0;
    let mut i = 0;
    while let Some(offset) = next_byte(b'<', &bytes[i..]) {
        i += offset + 1;
        match bytes.get(i) {
            Some(b'!') if bytes[i..].starts_with(b"!--") => {
                i = find(bytes, i + 3, b"-->").map_or(bytes.len(), |e| e + 3)
            }
            Some(b'!' | b'?') => i = tag_end(bytes, i),
            Some(b'/') => {
                let (name, after) = tag_name(bytes, i + 1);
                i = tag_end(bytes, after);
                if counts.get(&name).is_some_and(|&n| n > 0) {
                    while let Some(top) = open.pop() {
                        if let Some(n) = counts.get_mut(&top) {
                            *n -= 1;
                        }
                        if top == name {
                            break;
                        }
                    }
                }
            }
            Some(c) if c.is_ascii_alphabetic() => {
                let (name, after) = tag_name(bytes, i);
                i = tag_end(bytes, after);
                if name == "plaintext" {
                    break; // everything after it is text
                }
                if RAW_TEXT.contains(&name.as_str()) {
                    i = raw_text_end(bytes, i, &name);
                    continue;
                }
                if VOID.contains(&name.as_str()) || SELF_ENDING.contains(&name.as_str()) {
                    continue;
                }
                *counts.entry(name.clone()).or_default() += 1;
                open.push(name);
                deepest = deepest.max(open.len());
                if deepest >= limit {
                    return deepest;
                }
            }
            _ => {}
        }
    }
    deepest
}

/// A tag's name starting at `from`, lowercased, and where it ends.
fn tag_name(bytes: &[u8], from: usize) -> (String, usize) {
    let end = bytes[from..]
        .iter()
        .position(|b| b.is_ascii_whitespace() || *b == b'/' || *b == b'>')
        .map_or(bytes.len(), |n| from + n);
    (String::from_utf8_lossy(&bytes[from..end]).to_ascii_lowercase(), end)
}

/// Just past the `>` that ends the tag whose attributes start at `from`; quoted attribute values may hold `>`.
fn tag_end(bytes: &[u8], from: usize) -> usize {
    let mut quote = None;
    for (offset, &b) in bytes[from..].iter().enumerate() {
        match (quote, b) {
            (None, b'"' | b'\'') => quote = Some(b),
            (Some(q), _) if b == q => quote = None,
            (None, b'>') => return from + offset + 1,
            _ => {}
        }
    }
    bytes.len()
}

/// Just past the end tag that closes a raw-text element (`</script`), or the end of the input.
fn raw_text_end(bytes: &[u8], from: usize, name: &str) -> usize {
    let mut i = from;
    while let Some(at) = find(bytes, i, b"</") {
        let start = at + 2;
        let candidate = bytes.get(start..start + name.len());
        let boundary =
            bytes.get(start + name.len()).is_none_or(|b| b.is_ascii_whitespace() || *b == b'>' || *b == b'/');
        if candidate.is_some_and(|c| c.eq_ignore_ascii_case(name.as_bytes())) && boundary {
            return tag_end(bytes, start + name.len());
        }
        i = start;
    }
    bytes.len()
}

fn next_byte(needle: u8, haystack: &[u8]) -> Option<usize> {
    haystack.iter().position(|&b| b == needle)
}

fn find(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    bytes.get(from..)?.windows(needle.len()).position(|w| w == needle).map(|p| from + p)
}

/// `1000` as `1,000`.
fn group_thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests;
