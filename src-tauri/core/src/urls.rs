//! Which addresses Haven lets through, decided in one place.
//!
//! An article may link to another article (`#/article/slug`), to a place in itself (`#section`), or out to the
//! web or e-mail; nothing else survives the sanitizer. It may show a picture only when the picture is inside the
//! article, as a `data:` image: a relative path would make the webview resolve it against its own origin (on
//! WebView2 `\\host\x.png` becomes a request to `http://host/`), and a network address would be a request Haven
//! never makes. Sources cite web pages. And the desktop app opens only external links in the system browser.
//!
//! The renderer, the sanitizer, front matter and the app's `open_external` command all ask this module; the
//! UI's `ui/js/urls.js` makes the same link decision for clicks, and both are tested against one table,
//! `tests/fixtures/url-policy.json`.

use crate::error::{Error, Result};

/// What following a link does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LinkKind {
    /// `#/article/slug` and the app's other routes: stays inside Haven.
    Route,
    /// `#section`: a place in the same article.
    Fragment,
    /// `https:`, `http:` or `mailto:`: leaves Haven, opened by the system only after the reader confirms.
    External,
    /// Anything else (`javascript:`, `data:`, `file:`, a relative path, ...): removed from articles, and
    /// nothing happens when one is clicked.
    Refused,
}

/// Picture types an article may carry as `data:` images. SVG is left out: it is a document, not a picture.
const DATA_IMAGE_TYPES: [&str; 5] = ["png", "jpeg", "jpg", "gif", "webp"];

/// What a link's `href` does. Leading spaces are ignored and schemes are matched without regard to case, as
/// browsers do; anything unusual is refused rather than interpreted.
pub fn link_kind(href: &str) -> LinkKind {
    let href = href.trim_start_matches(|c: char| c.is_ascii_whitespace());
    if href.starts_with("#/") {
        LinkKind::Route
    } else if href.starts_with('#') {
        LinkKind::Fragment
    } else if is_web(href) || (starts_with_ignoring_case(href, "mailto:") && href.len() > "mailto:".len()) {
        LinkKind::External
    } else {
        LinkKind::Refused
    }
}

/// An `http:` or `https:` address with something after the scheme.
pub fn is_web(url: &str) -> bool {
    ["https://", "http://"].iter().any(|scheme| starts_with_ignoring_case(url, scheme) && url.len() > scheme.len())
}

/// Whether a picture's `src` may be shown: a `data:` image of a picture type, never an address to load.
pub fn image_allowed(src: &str) -> bool {
    let src = src.trim_start_matches(|c: char| c.is_ascii_whitespace());
    if !starts_with_ignoring_case(src, "data:image/") {
        return false;
    }
    let rest = &src["data:image/".len()..];
    DATA_IMAGE_TYPES
        .iter()
        .any(|t| starts_with_ignoring_case(rest, t) && matches!(rest.as_bytes().get(t.len()), Some(b';' | b',')))
}

/// Whether a picture's `src` names a file on this computer (a relative or absolute path, or `file:`), which an
/// import may embed from the imported file's own folder. Network addresses and `data:` images are not.
pub fn is_local_file(src: &str) -> bool {
    let src = src.trim();
    if src.is_empty() || src.starts_with("//") {
        return false;
    }
    if starts_with_ignoring_case(src, "file:") {
        return true;
    }
    // A scheme is letters, digits, `+`, `-` or `.` before a colon; a Windows drive (`C:\`) is a path.
    match src.split_once(':') {
        None => true,
        Some((scheme, _)) => {
            scheme.len() == 1 && scheme.chars().all(|c| c.is_ascii_alphabetic())
                || !scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        }
    }
}

/// The address to hand the system's browser or mail program for an external link, normalised, or an error
/// saying why it will not be opened.
pub fn external(url: &str) -> Result<String> {
    let refuse = || Error::invalid("Haven only opens web and e-mail links outside the app");
    if link_kind(url) != LinkKind::External {
        return Err(refuse());
    }
    let parsed = url::Url::parse(url.trim()).map_err(|_| refuse())?;
    match parsed.scheme() {
        "http" | "https" if parsed.host_str().is_some_and(|h| !h.is_empty()) => Ok(parsed.to_string()),
        "mailto" => Ok(mail_address(&parsed)),
        _ => Err(refuse()),
    }
}

/// A `mailto:` link with only the address, subject, body and copy kept: some mail programs honour parameters
/// such as `attach=`, which no article has any business setting.
fn mail_address(parsed: &url::Url) -> String {
    let mut kept = url::Url::parse(&format!("mailto:{}", parsed.path())).unwrap_or_else(|_| parsed.clone());
    let pairs: Vec<(String, String)> = parsed
        .query_pairs()
        .filter(|(k, _)| matches!(k.to_ascii_lowercase().as_str(), "subject" | "body" | "cc"))
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    if !pairs.is_empty() {
        kept.query_pairs_mut().extend_pairs(pairs);
    }
    kept.to_string()
}

fn starts_with_ignoring_case(text: &str, prefix: &str) -> bool {
    text.as_bytes().get(..prefix.len()).is_some_and(|head| head.eq_ignore_ascii_case(prefix.as_bytes()))
}

#[cfg(test)]
mod tests;
