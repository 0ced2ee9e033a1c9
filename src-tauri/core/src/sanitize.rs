//! The allow-list HTML sanitizer. Every byte of article HTML that reaches a webview comes out of [`clean`].
//!
//! What survives is what reading needs: headings, tables with alignment (as classes), footnotes and `#fragment`
//! links, code with `language-*` classes, pictures carried inside the article as `data:` images, and alt text.
//! Everything that could run, load or navigate is removed: scripts and `style` elements with their content,
//! event handlers, iframes, objects, forms, every link that [`crate::urls::link_kind`] refuses, and every picture
//! that is not a `data:` image (Haven makes no request of any kind).
//!
//! Article ids live in the same document as the app's own elements, so an article could otherwise name a heading
//! `confirm-dialog` or `toast` and take over `getElementById` for it. Every id an article keeps is prefixed with
//! [`ID_PREFIX`], and every in-article `#fragment` link with it, so the two still meet and never collide with the
//! app's ids, none of which starts with the prefix.

use std::borrow::Cow;
use std::collections::HashSet;
use std::sync::OnceLock;

use ammonia::Builder;

use crate::markup;
use crate::urls::{self, LinkKind};

/// The class the renderer puts on links that leave Haven, so the UI can ask before opening them.
pub const EXTERNAL_LINK_CLASS: &str = "external";

/// Starts every id inside an article, and no id of the app's own.
pub const ID_PREFIX: &str = "art-";

fn builder() -> &'static Builder<'static> {
    static BUILDER: OnceLock<Builder<'static>> = OnceLock::new();
    BUILDER.get_or_init(|| {
        let mut b = Builder::default();
        b.rm_tags(["area", "map"])
            .add_tags(["details", "summary", "figure", "figcaption", "mark"])
            .url_schemes(HashSet::from(["http", "https", "mailto", "data"]))
            .url_relative(ammonia::UrlRelative::PassThrough)
            .link_rel(Some("noopener noreferrer"))
            .strip_comments(true)
            .add_tag_attributes("a", ["class", "aria-label"])
            .add_tag_attributes("code", ["class"])
            .add_tag_attributes("em", ["class"])
            .add_tag_attributes("sup", ["class", "id"])
            .add_tag_attributes("div", ["class", "id"])
            .add_tag_attributes("li", ["id"])
            .add_tag_attributes("th", ["class"])
            .add_tag_attributes("td", ["class"]);
        for heading in ["h1", "h2", "h3", "h4", "h5", "h6"] {
            b.add_tag_attributes(heading, ["id"]);
        }
        b.attribute_filter(filter_attribute);
        b
    })
}

/// Sanitizes untrusted HTML into markup that is safe to show in Haven's webview. Markup nested deeper than
/// [`markup::MAX_DEPTH`] is shown as escaped text instead of being parsed; callers that can refuse such input
/// ask [`markup::refuse_deep_nesting`] first and say why.
pub fn clean(html: &str) -> String {
    if markup::too_deep(html) {
        return format!("<pre>{}</pre>", ammonia::clean_text(html));
    }
    builder().clean(html).to_string()
}

/// An article id as it appears in the page: `first-steps` becomes `art-first-steps`; one already prefixed is
/// left alone, so cleaning twice changes nothing.
pub fn article_id(id: &str) -> Cow<'_, str> {
    if id.starts_with(ID_PREFIX) {
        Cow::Borrowed(id)
    } else {
        Cow::Owned(format!("{ID_PREFIX}{id}"))
    }
}

/// Per-attribute decisions that a plain allow-list cannot express.
fn filter_attribute<'u>(element: &str, attribute: &str, value: &'u str) -> Option<Cow<'u, str>> {
    match (element, attribute) {
        ("a", "href") => match urls::link_kind(value) {
            LinkKind::Fragment => {
                let fragment = value.trim_start().trim_start_matches('#');
                (!fragment.is_empty()).then(|| Cow::Owned(format!("#{}", article_id(fragment))))
            }
            LinkKind::Route | LinkKind::External => Some(Cow::Borrowed(value)),
            LinkKind::Refused => None,
        },
        ("img", "src") => urls::image_allowed(value).then_some(Cow::Borrowed(value)),
        (_, "class") => {
            let kept: Vec<&str> = value.split_ascii_whitespace().filter(|c| class_allowed(element, c)).collect();
            (!kept.is_empty()).then(|| Cow::Owned(kept.join(" ")))
        }
        (_, "id") => {
            let ok = !value.is_empty()
                && value.len() <= 200
                && value.chars().all(|c| c.is_alphanumeric() || "-_.".contains(c));
            ok.then(|| article_id(value))
        }
        _ => Some(Cow::Borrowed(value)),
    }
}

fn class_allowed(element: &str, class: &str) -> bool {
    match element {
        "a" => class == EXTERNAL_LINK_CLASS || class == "footnote-back",
        "code" => class.starts_with("language-") && class.len() < 64,
        "em" => class == "image-alt",
        "sup" => class == "footnote-reference" || class == "footnote-definition-label",
        "div" => class == "footnote-definition",
        "th" | "td" => matches!(class, "align-left" | "align-center" | "align-right"),
        _ => false,
    }
}

/// What sanitizing removed from `raw` to give `clean`: each element or attribute name that occurs fewer times
/// in `clean`, with how many went missing. For checking content that should need no sanitizing at all, such as
/// the bundled articles; a rough count, not a parser, so it lives with the tests.
#[cfg(test)]
pub(crate) fn losses(raw: &str, clean: &str) -> Vec<String> {
    let before = markup_names(raw);
    let after = markup_names(clean);
    before
        .iter()
        .filter_map(|(name, &n)| {
            let kept = after.get(name).copied().unwrap_or(0);
            (kept < n).then(|| format!("{name} ×{}", n - kept))
        })
        .collect()
}

/// Counts element names (`p`) and element-attribute pairs (`a[href]`) in serialized HTML.
#[cfg(test)]
fn markup_names(html: &str) -> std::collections::BTreeMap<String, usize> {
    let mut counts = std::collections::BTreeMap::new();
    let bytes = html.as_bytes();
    let mut i = 0;
    while let Some(offset) = bytes[i..].iter().position(|&b| b == b'<') {
        i += offset + 1;
        if !bytes.get(i).is_some_and(u8::is_ascii_alphabetic) {
            continue;
        }
        let start = i;
        while bytes.get(i).is_some_and(u8::is_ascii_alphanumeric) {
            i += 1;
        }
        let element = html[start..i].to_ascii_lowercase();
        *counts.entry(element.clone()).or_insert(0) += 1;
        // Attribute names up to the tag's end; quoted values are skipped whole (to the end, if unclosed).
        loop {
            while bytes.get(i).is_some_and(|b| b.is_ascii_whitespace() || *b == b'/') {
                i += 1;
            }
            match bytes.get(i) {
                None | Some(b'>') => break,
                _ => {}
            }
            let name_start = i;
            while bytes.get(i).is_some_and(|b| !b.is_ascii_whitespace() && !b"=>/".contains(b)) {
                i += 1;
            }
            let name = html[name_start..i].to_ascii_lowercase();
            if name != "rel" {
                *counts.entry(format!("{element}[{name}]")).or_insert(0) += 1;
            }
            if bytes.get(i) == Some(&b'=') {
                i += 1;
                match bytes.get(i) {
                    Some(&q @ (b'"' | b'\'')) => {
                        let close = bytes[i + 1..].iter().position(|&b| b == q);
                        i = close.map_or(bytes.len(), |c| i + 1 + c + 1);
                    }
                    _ => {
                        while bytes.get(i).is_some_and(|b| !b.is_ascii_whitespace() && *b != b'>') {
                            i += 1;
                        }
                    }
                }
            }
        }
    }
    counts
}

#[cfg(test)]
mod tests;
