//! Turning an imported file's bytes into text, or a clear reason why they are not text.
//!
//! Markdown is UTF-8 by convention (a UTF-8 or UTF-16 byte order mark is honoured) and anything else is
//! refused, so a note is never silently misread. Plain text has no way to declare its encoding; what is not
//! UTF-8 is read as Windows-1252, the "ANSI" encoding of Windows editors. A web page declares its encoding
//! (a byte order mark, then `<meta charset>` or `<meta http-equiv="Content-Type">`), and bytes that are not
//! valid in the declared encoding are refused with the encoding's name. An undeclared page is read the way a
//! browser reads it: UTF-8 if it is valid UTF-8, else Windows-1252.

use encoding_rs::{Encoding, WINDOWS_1252};

use crate::error::{Error, Result};

/// How far into a page to look for its `<meta charset>`, as browsers do.
const PRESCAN_BYTES: usize = 1024;

/// How far into a file to look for NUL bytes, the mark of binary data.
const BINARY_PROBE_BYTES: usize = 8192;

/// Decodes a Markdown file: UTF-8, or UTF-16 with a byte order mark. Binary data and other encodings are
/// refused with the file's name.
pub(crate) fn markdown(bytes: &[u8], name: &str) -> Result<String> {
    if let Some(text) = with_bom(bytes, name)? {
        return Ok(text);
    }
    refuse_binary(bytes, name)?;
    String::from_utf8(bytes.to_vec()).map_err(|e| {
        Error::invalid(format!(
            "{name}: the file is not valid UTF-8 text (bad byte at position {})",
            e.utf8_error().valid_up_to()
        ))
    })
}

/// Decodes a plain text file: a byte order mark if there is one, else UTF-8, else Windows-1252.
pub(crate) fn plain_text(bytes: &[u8], name: &str) -> Result<String> {
    if let Some(text) = with_bom(bytes, name)? {
        return Ok(text);
    }
    refuse_binary(bytes, name)?;
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.to_string()),
        Err(_) => strictly(WINDOWS_1252, bytes, name, "it"),
    }
}

/// Decodes a web page in the encoding it declares.
pub(crate) fn web_page(bytes: &[u8], name: &str) -> Result<String> {
    if let Some(text) = with_bom(bytes, name)? {
        return Ok(text);
    }
    refuse_binary(bytes, name)?;
    match declared_encoding(bytes) {
        Some(encoding) => strictly(encoding, bytes, name, "the page says it"),
        None => match std::str::from_utf8(bytes) {
            Ok(text) => Ok(text.to_string()),
            Err(_) => strictly(WINDOWS_1252, bytes, name, "it"),
        },
    }
}

/// Text behind a byte order mark (UTF-8, UTF-16LE or UTF-16BE), or `None` when there is no mark.
fn with_bom(bytes: &[u8], name: &str) -> Result<Option<String>> {
    let Some((encoding, length)) = Encoding::for_bom(bytes) else { return Ok(None) };
    let text = strictly(encoding, &bytes[length..], name, "its byte order mark says it")?;
    // UTF-16 text may still hold binary data: look for NUL characters once decoded.
    if text.chars().take(BINARY_PROBE_BYTES).any(|c| c == '\0') {
        return Err(not_text(name));
    }
    Ok(Some(text))
}

fn refuse_binary(bytes: &[u8], name: &str) -> Result<()> {
    if bytes.iter().take(BINARY_PROBE_BYTES).any(|&b| b == 0) {
        return Err(not_text(name));
    }
    Ok(())
}

fn not_text(name: &str) -> Error {
    Error::invalid(format!("{name}: the file is not text (it looks like binary data)"))
}

/// Decodes without replacing anything: a byte that is not valid in `encoding` is an error that names it.
fn strictly(encoding: &'static Encoding, bytes: &[u8], name: &str, who: &str) -> Result<String> {
    match encoding.decode_without_bom_handling_and_without_replacement(bytes) {
        Some(text) => Ok(text.into_owned()),
        None => Err(Error::invalid(format!(
            "{name}: {who} is {} text, but it holds bytes that are not valid {}",
            encoding.name(),
            encoding.name()
        ))),
    }
}

/// The encoding a page declares in a `<meta>` tag within its first [`PRESCAN_BYTES`]: `charset="…"`, or
/// `content="text/html; charset=…"`. Labels are the web's (`latin1`, `ascii`, `cp1252`, `shift_jis`…); a label
/// no browser knows is ignored, as browsers ignore it. A page that claims UTF-16 without a byte order mark is
/// read as UTF-8, again as browsers do.
pub(crate) fn declared_encoding(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(PRESCAN_BYTES)];
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let mut from = 0;
    while let Some(at) = find(&lower[from..], b"<meta") {
        let tag_start = from + at + 5;
        let tag_end = lower[tag_start..].iter().position(|&b| b == b'>').map_or(lower.len(), |e| tag_start + e);
        let tag = &lower[tag_start..tag_end];
        if let Some(label) = charset_in(tag) {
            if let Some(encoding) = Encoding::for_label(label) {
                return Some(encoding.output_encoding());
            }
        }
        from = tag_end;
    }
    None
}

/// The value after `charset` `=` in a meta tag's text, without quotes.
fn charset_in(tag: &[u8]) -> Option<&[u8]> {
    let at = find(tag, b"charset")?;
    let rest = &tag[at + 7..];
    let rest = trim_start(rest).strip_prefix(b"=")?;
    let rest = trim_start(rest);
    let rest = rest.strip_prefix(b"\"").or_else(|| rest.strip_prefix(b"'")).unwrap_or(rest);
    let end = rest.iter().position(|b| matches!(b, b'"' | b'\'' | b';' | b' ' | b'/' | b'>')).unwrap_or(rest.len());
    (end > 0).then(|| &rest[..end])
}

fn trim_start(bytes: &[u8]) -> &[u8] {
    let skip = bytes.iter().take_while(|b| b.is_ascii_whitespace()).count();
    &bytes[skip..]
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests;
