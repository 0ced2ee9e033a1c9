//! The allow-list HTML sanitizer. Every byte of article HTML that reaches a webview comes out of [`clean`].
//!
//! What survives is what reading needs: headings with ids, tables with alignment (as classes), footnotes and `#fragment`
//! links, code with `language-*` classes, images whose source is a `data:image/*` URI or a relative path, and
//! alt text. Everything that could run, load or navigate is removed: scripts and `style` elements with their
//! content, event handlers, iframes, objects, forms, and every URL scheme except `http`, `https` and `mailto`
//! on links (so `javascript:`, `vbscript:`, `data:`, `tauri:`, `ipc:`, `asset:` and `file:` go). Images may not
//! point at the network: Haven makes no request of any kind.

use std::borrow::Cow;
use std::collections::HashSet;
use std::sync::OnceLock;

use ammonia::Builder;

/// The class the renderer puts on links that leave Haven, so the UI can ask before opening them.
pub const EXTERNAL_LINK_CLASS: &str = "external";

/// Image types a `data:` source may carry. SVG is left out: it is a document, not a picture.
const DATA_IMAGE_TYPES: [&str; 5] = ["png", "jpeg", "jpg", "gif", "webp"];

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
            .add_tag_attributes("a", ["class"])
            .add_tag_attributes("code", ["class"])
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

/// The deepest element nesting Haven renders as markup. HTML parsing costs grow with the square of nesting
/// depth (100,000 nested `<div>`s take html5ever about 20 seconds); no article needs more than a few dozen.
pub const MAX_HTML_DEPTH: usize = 1_000;

/// Sanitizes untrusted HTML into markup that is safe to show in Haven's webview. Markup nested deeper than
/// [`MAX_HTML_DEPTH`] is shown as escaped text instead; callers that can refuse such input check
/// [`nesting_depth`] first and say why.
pub fn clean(html: &str) -> String {
    if nesting_depth(html) > MAX_HTML_DEPTH {
        return format!("<pre>{}</pre>", ammonia::clean_text(html));
    }
    builder().clean(html).to_string()
}

/// Estimates the deepest element nesting in `html` in one linear scan, without parsing it. Void elements,
/// self-closed tags and elements whose end tag HTML lets authors leave out (`p`, `li`, table cells) do not
/// count, so ordinary pages score low; hostile nesting scores what it is.
pub fn nesting_depth(html: &str) -> usize {
    const NOT_NESTING: [&str; 22] = [
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr", "p",
        "li", "td", "th", "tr", "dt", "dd", "option", "param",
    ];
    let bytes = html.as_bytes();
    let (mut depth, mut max) = (0usize, 0usize);
    let mut i = 0;
    while let Some(offset) = bytes[i..].iter().position(|&b| b == b'<') {
        i += offset + 1;
        match bytes.get(i) {
            Some(b'/') => depth = depth.saturating_sub(1),
            Some(c) if c.is_ascii_alphabetic() => {
                let name_end =
                    bytes[i..].iter().position(|b| !b.is_ascii_alphanumeric()).map_or(bytes.len(), |n| i + n);
                let name = html[i..name_end].to_ascii_lowercase();
                let tag_end = bytes[name_end..].iter().position(|&b| b == b'>').map_or(bytes.len(), |n| name_end + n);
                let self_closed = tag_end > 0 && bytes.get(tag_end - 1) == Some(&b'/');
                if !self_closed && !NOT_NESTING.contains(&name.as_str()) {
                    depth += 1;
                    max = max.max(depth);
                }
                i = tag_end;
            }
            _ => {}
        }
    }
    max
}

/// What sanitizing removed from `raw` to give `clean`: each element or attribute name that occurs fewer times
/// in `clean`, with how many went missing. Empty when the sanitizer kept everything. For checking content that
/// should need no sanitizing at all, such as the bundled articles.
pub fn losses(raw: &str, clean: &str) -> Vec<String> {
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
        // Attribute names up to the tag's end; quoted values are skipped whole.
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
                        i += 1 + bytes[i + 1..].iter().position(|&b| b == q).unwrap_or(bytes.len() - i - 1) + 1;
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

/// Per-attribute decisions that a plain allow-list cannot express.
fn filter_attribute<'u>(element: &str, attribute: &str, value: &'u str) -> Option<Cow<'u, str>> {
    match (element, attribute) {
        ("a", "href") => link_target_allowed(value).then_some(Cow::Borrowed(value)),
        ("img", "src") => image_source_allowed(value).then_some(Cow::Borrowed(value)),
        (_, "class") => {
            let kept: Vec<&str> = value.split_ascii_whitespace().filter(|c| class_allowed(element, c)).collect();
            (!kept.is_empty()).then(|| Cow::Owned(kept.join(" ")))
        }
        (_, "id") => {
            let ok = !value.is_empty()
                && value.len() <= 200
                && value.chars().all(|c| c.is_alphanumeric() || "-_.".contains(c));
            ok.then_some(Cow::Borrowed(value))
        }
        _ => Some(Cow::Borrowed(value)),
    }
}

fn class_allowed(element: &str, class: &str) -> bool {
    match element {
        "a" => class == EXTERNAL_LINK_CLASS,
        "code" => class.starts_with("language-") && class.len() < 64,
        "sup" => class == "footnote-reference" || class == "footnote-definition-label",
        "div" => class == "footnote-definition",
        "th" | "td" => matches!(class, "align-left" | "align-center" | "align-right"),
        _ => false,
    }
}

/// Links may go to a fragment (`#section`, or `#/article/slug` inside Haven) or out to the web or mail.
/// Relative paths would navigate the webview itself, and any other scheme could run or read something.
fn link_target_allowed(href: &str) -> bool {
    let lower = href.trim_start().to_ascii_lowercase();
    lower.starts_with('#')
        || lower.starts_with("https://")
        || lower.starts_with("http://")
        || lower.starts_with("mailto:")
}

/// Images may be inline pictures or relative paths; never a request to the network.
fn image_source_allowed(src: &str) -> bool {
    let lower = src.trim_start().to_ascii_lowercase();
    if let Some(rest) = lower.strip_prefix("data:image/") {
        return DATA_IMAGE_TYPES
            .iter()
            .any(|t| rest.starts_with(&format!("{t};")) || rest.starts_with(&format!("{t},")));
    }
    // ammonia has already removed unknown schemes; what is left without a scheme is relative.
    !(lower.contains(':') || lower.starts_with("//"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_inert(html: &str) {
        let lower = html.to_ascii_lowercase();
        for bad in [
            "<script",
            "onerror",
            "onload",
            "onclick",
            "javascript:",
            "vbscript:",
            "<iframe",
            "<object",
            "<embed",
            "<form",
            "<input",
            "<style",
            "tauri:",
            "ipc:",
            "asset:",
            "file:",
            "srcdoc",
            "<svg",
            "<math",
            "<link",
            "<meta",
            "<base",
        ] {
            assert!(!lower.contains(bad), "{bad} survived in {html}");
        }
    }

    #[test]
    fn removes_everything_that_could_run() {
        let hostile = r#"<p>Hi</p><script>alert(1)</script><img src=x onerror="alert(1)"><a href="javascript:alert(1)">j</a>
            <a href="  JaVaScRiPt:alert(1)">j2</a><a href="vbscript:msgbox(1)">v</a><iframe src="https://evil"></iframe>
            <object data="x"></object><embed src="x"><form action="https://evil"><input name=q></form>
            <style>body{display:none}</style><div onclick="x()" style="position:fixed">d</div>
            <a href="tauri://localhost/x">t</a><a href="ipc://localhost/cmd">i</a><a href="asset://localhost/x">as</a>
            <a href="file:///etc/passwd">f</a><a href="data:text/html,<script>alert(1)</script>">d</a>
            <iframe srcdoc="<script>alert(1)</script>"></iframe><svg onload=alert(1)><script>x</script></svg>
            <math><mtext><script>alert(1)</script></mtext></math><link rel=stylesheet href=x><meta http-equiv=refresh content="0;url=x"><base href="https://evil/">"#;
        let clean = clean(hostile);
        assert_inert(&clean);
        assert!(clean.contains("<p>Hi</p>"));
    }

    #[test]
    fn keeps_what_reading_needs() {
        let html = r##"<h2 id="first-steps">First steps</h2><table><thead><tr><th class="align-center">A</th></tr></thead>
            <tbody><tr><td class="align-right wide" style="color: red">1</td></tr></tbody></table>
            <p>Note<sup class="footnote-reference"><a href="#1">1</a></sup></p>
            <div class="footnote-definition" id="1"><sup class="footnote-definition-label">1</sup><p>Fn</p></div>
            <pre><code class="language-rust">fn main() {}</code></pre><img src="data:image/png;base64,iVBORw0KGgo=" alt="A chart">
            <img src="images/chart.png" alt="Local"><a href="#/article/sleep">internal</a>"##;
        let clean = clean(html);
        for kept in [
            r#"<h2 id="first-steps">"#,
            r#"<th class="align-center">"#,
            r#"<td class="align-right">1</td>"#,
            r##"<a href="#1" rel="noopener noreferrer">1</a>"##,
            r#"<sup class="footnote-reference">"#,
            r#"<div class="footnote-definition" id="1">"#,
            r#"<code class="language-rust">"#,
            r#"src="data:image/png;base64,iVBORw0KGgo=""#,
            r#"alt="A chart""#,
            r#"src="images/chart.png""#,
            r##"href="#/article/sleep""##,
        ] {
            assert!(clean.contains(kept), "{kept} missing from {clean}");
        }
    }

    #[test]
    fn images_never_reach_the_network_and_data_links_are_removed() {
        let clean = clean(
            r#"<img src="https://tracker.example/p.gif" alt="t"><img src="//cdn.example/x.png"><img src="data:image/svg+xml,<svg/>">
               <a href="data:image/png;base64,AAAA">x</a><a href="https://nhs.uk" class="external bogus" onclick="x">out</a>"#,
        );
        assert!(
            !clean.contains("tracker.example") && !clean.contains("cdn.example") && !clean.contains("svg"),
            "{clean}"
        );
        assert!(!clean.contains("data:image/png"), "{clean}");
        assert!(
            clean.contains(r#"<a href="https://nhs.uk" class="external" rel="noopener noreferrer">out</a>"#),
            "{clean}"
        );
    }

    #[test]
    fn losses_name_what_the_sanitizer_removed() {
        let raw =
            r#"<p class="x">a <a href="javascript:x" title="t">b</a><script>c</script></p><img src="a.png" alt='q r'>"#;
        assert_eq!(losses(raw, &clean(raw)), ["a[href] ×1", "p[class] ×1", "script ×1"]);
        let fine = r##"<h2 id="a">A</h2><p>b <a href="#a">c</a></p>"##;
        assert!(losses(fine, &clean(fine)).is_empty());
    }

    #[test]
    fn class_and_id_values_are_restricted() {
        let clean = clean(r#"<code class="language-js evil">x</code><h2 id="a b">t</h2><p class="x">p</p>"#);
        assert_eq!(clean, r#"<code class="language-js">x</code><h2>t</h2><p>p</p>"#);
    }

    #[test]
    fn deeply_nested_markup_is_shown_as_text_not_parsed() {
        let deep = "<div>".repeat(100_000) + "<img src=x onerror=alert(1)>deep" + &"</div>".repeat(100_000);
        assert_eq!(nesting_depth(&deep), 100_000);
        let clean = clean(&deep);
        assert!(clean.starts_with("<pre>&lt;div&gt;") && clean.contains("deep"));
        assert!(!clean.contains("<img"));
        // Just under the limit is still real markup.
        let ok = "<div>".repeat(MAX_HTML_DEPTH) + "fine" + &"</div>".repeat(MAX_HTML_DEPTH);
        assert!(super::clean(&ok).starts_with("<div><div>"));
    }

    #[test]
    fn nesting_depth_ignores_void_and_optional_end_tags() {
        assert_eq!(nesting_depth("<p>a<p>b<br><img src=x><hr/><li>c"), 0);
        assert_eq!(nesting_depth("<div><section><p>x</p></section></div><div></div>"), 2);
        assert_eq!(nesting_depth("a < b and <!-- <div> --> 3<4"), 1);
        assert_eq!(nesting_depth(""), 0);
    }
}
