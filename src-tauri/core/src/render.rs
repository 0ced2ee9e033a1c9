//! Markdown to reading HTML, and everything else derived from an article body.
//!
//! The pipeline, in order:
//! 1. [`markdown_options`] owns every pulldown-cmark option; nothing else constructs a parser.
//! 2. One pass over the parser's events: a leading `# Title` is lifted out (the reader shows the title itself),
//!    h2/h3 headings get stable ids and become the table of contents, links to other articles (`slug.md`)
//!    become in-app routes (`#/article/slug`), links to the web get the external-link class, pictures from the
//!    network become their alt text, and the plain text a reader sees is collected for search and word count.
//! 3. The events are written as HTML, which then goes through [`crate::sanitize::clean`]. The sanitizer, not
//!    this module, is what makes the output safe: raw HTML in the Markdown is passed to it untouched.

use std::collections::HashMap;

use pulldown_cmark::{Alignment, CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};

use crate::model::TocEntry;
use crate::sanitize::{self, EXTERNAL_LINK_CLASS};

/// Bumped whenever rendering or sanitizing changes what HTML an article produces. A library written with
/// another version has every article re-rendered from its stored Markdown when it opens.
pub const RENDER_VERSION: u32 = 2;

/// Words read per minute, for reading time.
pub const WORDS_PER_MINUTE: u32 = 230;

/// Containers nested deeper than this are flattened: their text is kept, their extra nesting is not. Nobody
/// writes 10,000 nested quotes, and the HTML for them would only be a way to exhaust a webview.
const MAX_NESTING: usize = 64;

/// The one place pulldown-cmark's options are chosen.
pub fn markdown_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_TASKLISTS
}

/// An article body, rendered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    /// Sanitized HTML, safe for the webview.
    pub html: String,
    pub toc: Vec<TocEntry>,
    /// Plain text as a reader sees it: blocks separated by blank lines.
    pub text: String,
    pub word_count: u32,
    /// The text of a leading level-one heading, lifted out of the body.
    pub title: Option<String>,
    /// Slugs of other articles this one links to (`slug.md` links), for link checking.
    pub internal_links: Vec<String>,
}

impl Rendered {
    /// Reading time in whole minutes, at least one.
    pub fn reading_minutes(&self) -> u32 {
        reading_minutes(self.word_count)
    }
}

pub fn reading_minutes(words: u32) -> u32 {
    words.div_ceil(WORDS_PER_MINUTE).max(1)
}

/// Renders a Markdown body (front matter already removed).
pub fn render(markdown: &str) -> Rendered {
    let (raw, pass) = render_raw(markdown);
    let text = pass.text.trim().to_string();
    let word_count = count_words(&text);
    Rendered {
        html: sanitize::clean(&raw),
        toc: pass.toc,
        text,
        word_count,
        title: pass.title.map(|t| t.trim().to_string()).filter(|t| !t.is_empty()),
        internal_links: pass.internal_links,
    }
}

/// The HTML of a body before sanitizing, for checking what the sanitizer removes. Never display it.
#[cfg(test)]
pub(crate) fn unsanitized_html(markdown: &str) -> String {
    render_raw(markdown).0
}

fn render_raw(markdown: &str) -> (String, Pass<'_>) {
    let mut pass = Pass::default();
    for event in Parser::new_ext(markdown, markdown_options()) {
        pass.event(event);
    }
    let mut raw = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut raw, std::mem::take(&mut pass.out).into_iter());
    (raw, pass)
}

/// Counts words: runs of non-space characters that contain a letter or digit.
pub fn count_words(text: &str) -> u32 {
    let n = text.split_whitespace().filter(|w| w.chars().any(char::is_alphanumeric)).count();
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Turns heading text (or a file name) into an id: lowercase letters and digits joined by single hyphens.
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') && (c.is_whitespace() || "-_/.".contains(c)) {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

/// State of the single pass over the parser's events.
#[derive(Default)]
struct Pass<'a> {
    out: Vec<Event<'a>>,
    text: String,
    toc: Vec<TocEntry>,
    used_ids: HashMap<String, u32>,
    internal_links: Vec<String>,
    /// While inside a heading: where its start event sits in `out`, and its text so far.
    heading: Option<(usize, String)>,
    /// The text of the leading `# Title`.
    title: Option<String>,
    lifting_title: bool,
    seen_block: bool,
    depth: usize,
    /// Depths at which a container was dropped for nesting too deep, so that its end is dropped too.
    flattened: Vec<usize>,
    /// Inside a picture whose source is on the network: only its alt text is written.
    in_remote_image: bool,
    /// The current table's column alignments, the column being written, and whether in its head row.
    /// Cells are written with an `align-*` class rather than pulldown-cmark's `style` attribute, which the
    /// app's content security policy would refuse to apply.
    table: Vec<Alignment>,
    column: usize,
    in_table_head: bool,
}

impl<'a> Pass<'a> {
    fn event(&mut self, event: Event<'a>) {
        if !self.seen_block {
            self.seen_block = true;
            if let Event::Start(Tag::Heading { level: HeadingLevel::H1, .. }) = event {
                self.lifting_title = true;
                self.title = Some(String::new());
                return;
            }
        }
        if self.lifting_title {
            match event {
                Event::End(TagEnd::Heading(_)) => self.lifting_title = false,
                Event::Text(t) | Event::Code(t) => self.title.get_or_insert_default().push_str(&t),
                _ => {}
            }
            return;
        }
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(end) => self.end(end),
            Event::Text(t) => {
                self.push_text(&t);
                self.out.push(Event::Text(t));
            }
            Event::Code(t) => {
                self.push_text(&t);
                self.out.push(Event::Code(t));
            }
            Event::SoftBreak | Event::HardBreak => {
                self.text.push(' ');
                self.out.push(event);
            }
            Event::FootnoteReference(ref name) => {
                self.text.push_str(&format!("[{name}]"));
                self.out.push(event);
            }
            Event::TaskListMarker(done) => {
                self.text.push_str(if done { "[x] " } else { "[ ] " });
                self.out.push(event);
            }
            other => self.out.push(other),
        }
    }

    fn push_text(&mut self, t: &str) {
        if let Some((_, heading)) = &mut self.heading {
            heading.push_str(t);
        }
        self.text.push_str(t);
    }

    fn start(&mut self, tag: Tag<'a>) {
        if is_container(&tag) {
            self.depth += 1;
            if self.depth > MAX_NESTING {
                self.flattened.push(self.depth);
                return;
            }
        }
        let event = match tag {
            Tag::Heading { .. } => {
                self.heading = Some((self.out.len(), String::new()));
                Event::Start(tag)
            }
            Tag::Link { link_type, dest_url, title, id } => self.link(link_type, dest_url, title, id),
            Tag::Table(ref alignments) => {
                self.table = alignments.clone();
                Event::Start(tag)
            }
            Tag::TableHead => {
                self.in_table_head = true;
                self.column = 0;
                Event::Start(tag)
            }
            Tag::TableRow => {
                self.column = 0;
                Event::Start(tag)
            }
            Tag::TableCell => {
                let cell = if self.in_table_head { "th" } else { "td" };
                let class = match self.table.get(self.column) {
                    Some(Alignment::Left) => " class=\"align-left\"",
                    Some(Alignment::Center) => " class=\"align-center\"",
                    Some(Alignment::Right) => " class=\"align-right\"",
                    _ => "",
                };
                Event::Html(CowStr::from(format!("<{cell}{class}>")))
            }
            Tag::Image { ref dest_url, .. } if !is_local_image(dest_url) => {
                self.in_remote_image = true;
                Event::InlineHtml(CowStr::Borrowed("<em class=\"image-alt\">"))
            }
            other => Event::Start(other),
        };
        self.out.push(event);
    }

    fn end(&mut self, end: TagEnd) {
        if is_container_end(&end) {
            let depth = self.depth;
            self.depth = self.depth.saturating_sub(1);
            if self.flattened.last() == Some(&depth) {
                self.flattened.pop();
                return;
            }
        }
        match end {
            TagEnd::Paragraph
            | TagEnd::Heading(_)
            | TagEnd::CodeBlock
            | TagEnd::Item
            | TagEnd::TableHead
            | TagEnd::TableRow => {
                self.text.push_str("\n\n");
            }
            TagEnd::TableCell => self.text.push(' '),
            _ => {}
        }
        match end {
            TagEnd::Heading(level) => self.finish_heading(level),
            TagEnd::TableHead => self.in_table_head = false,
            TagEnd::TableCell => {
                self.column += 1;
                let cell = if self.in_table_head { "</th>" } else { "</td>" };
                self.out.push(Event::Html(CowStr::Borrowed(cell)));
                return;
            }
            TagEnd::Image if self.in_remote_image => {
                self.in_remote_image = false;
                self.out.push(Event::InlineHtml(CowStr::Borrowed("</em>")));
                return;
            }
            _ => {}
        }
        self.out.push(Event::End(end));
    }

    /// Gives the heading just closed a unique id (its own `{#id}` if it wrote one, else one made from its text)
    /// and lists h2/h3 in the table of contents.
    fn finish_heading(&mut self, level: HeadingLevel) {
        let Some((index, heading_text)) = self.heading.take() else { return };
        let Event::Start(Tag::Heading { id, .. }) = &mut self.out[index] else { return };
        let wanted = id.as_deref().map(slugify).filter(|s| !s.is_empty()).unwrap_or_else(|| slugify(&heading_text));
        let base = if wanted.is_empty() { "section".to_string() } else { wanted };
        let n = self.used_ids.entry(base.clone()).or_insert(0);
        *n += 1;
        let unique = if *n == 1 { base } else { format!("{base}-{n}") };
        *id = Some(CowStr::from(unique.clone()));
        if matches!(level, HeadingLevel::H2 | HeadingLevel::H3) {
            let level = if level == HeadingLevel::H2 { 2 } else { 3 };
            self.toc.push(TocEntry { level, id: unique, title: heading_text.trim().to_string() });
        }
    }

    fn link(&mut self, link_type: LinkType, dest: CowStr<'a>, title: CowStr<'a>, id: CowStr<'a>) -> Event<'a> {
        if let Some(slug) = internal_article(&dest) {
            let route = CowStr::from(format!("#/article/{slug}"));
            self.internal_links.push(slug);
            return Event::Start(Tag::Link { link_type, dest_url: route, title, id });
        }
        let lower = dest.to_ascii_lowercase();
        if lower.starts_with("https://") || lower.starts_with("http://") || lower.starts_with("mailto:") {
            let mut html = format!("<a href=\"{}\" class=\"{EXTERNAL_LINK_CLASS}\"", escape_attr(&dest));
            if !title.is_empty() {
                html.push_str(&format!(" title=\"{}\"", escape_attr(&title)));
            }
            html.push('>');
            return Event::InlineHtml(CowStr::from(html));
        }
        Event::Start(Tag::Link { link_type, dest_url: dest, title, id })
    }
}

fn is_container(tag: &Tag) -> bool {
    matches!(tag, Tag::BlockQuote(_) | Tag::List(_) | Tag::Item | Tag::FootnoteDefinition(_))
}

fn is_container_end(end: &TagEnd) -> bool {
    matches!(end, TagEnd::BlockQuote(_) | TagEnd::List(_) | TagEnd::Item | TagEnd::FootnoteDefinition)
}

/// `other-article.md`, `./other-article.md#part` or `../articles/other-article.md` name another article.
fn internal_article(dest: &str) -> Option<String> {
    if dest.contains("://") || dest.starts_with("mailto:") {
        return None;
    }
    let path = dest.split('#').next().unwrap_or_default();
    let file = path.rsplit('/').next()?;
    let stem = file.strip_suffix(".md").or_else(|| file.strip_suffix(".markdown"))?;
    let slug = slugify(stem);
    (!slug.is_empty()).then_some(slug)
}

fn is_local_image(dest: &str) -> bool {
    let lower = dest.trim().to_ascii_lowercase();
    lower.starts_with("data:image/") || !(lower.contains(':') || lower.starts_with("//"))
}

fn escape_attr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lifts_the_title_and_builds_a_toc_with_stable_unique_ids() {
        let r = render("# The title\n\nIntro.\n\n## First steps\n\n### Ask *for* help\n\n## First steps\n\n## Custom {#mine}\n\n#### Deep\n");
        assert_eq!(r.title.as_deref(), Some("The title"));
        assert!(!r.html.contains("The title"));
        let ids: Vec<_> = r.toc.iter().map(|t| (t.level, t.id.as_str(), t.title.as_str())).collect();
        assert_eq!(
            ids,
            [
                (2, "first-steps", "First steps"),
                (3, "ask-for-help", "Ask for help"),
                (2, "first-steps-2", "First steps"),
                (2, "mine", "Custom")
            ]
        );
        assert!(
            r.html.contains(r#"<h2 id="first-steps">"#)
                && r.html.contains(r#"<h3 id="ask-for-help">Ask <em>for</em> help</h3>"#)
        );
        assert!(r.html.contains(r#"<h4 id="deep">"#));
        // Rendering again gives the same ids: they are stable.
        assert_eq!(render("# The title\n\nIntro.\n\n## First steps\n").toc[0].id, "first-steps");
    }

    #[test]
    fn a_heading_later_in_the_body_is_not_the_title() {
        let r = render("Intro.\n\n# Not a title\n");
        assert_eq!(r.title, None);
        assert!(r.html.contains("Not a title"));
    }

    #[test]
    fn counts_words_and_reading_time() {
        let r = render(&"word ".repeat(461));
        assert_eq!(r.word_count, 461);
        assert_eq!(r.reading_minutes(), 3);
        assert_eq!(reading_minutes(0), 1);
        assert_eq!(count_words("a — b, 12 … c"), 4);
    }

    #[test]
    fn plain_text_is_what_a_reader_sees() {
        let r = render("# T\n\nA *quiet* [link](https://nhs.uk).\n\n- one\n- two\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n`code`<span>x</span>\n");
        assert_eq!(r.text, "A quiet link.\n\none\n\ntwo\n\na b \n\n1 2 \n\ncodex");
    }

    #[test]
    fn links_are_routed_marked_or_left_for_the_sanitizer() {
        let r = render("[a](other-article.md) [b](../articles/Sleep_Well.md#part) [c](https://www.nimh.nih.gov/health \"NIMH\") [d](mailto:x@y.org) [e](javascript:alert(1)) [f](#local)");
        assert_eq!(r.internal_links, ["other-article", "sleep-well"]);
        assert!(
            r.html.contains(r##"<a href="#/article/other-article" rel="noopener noreferrer">a</a>"##),
            "{}",
            r.html
        );
        assert!(r.html.contains(r#"<a href="https://www.nimh.nih.gov/health" class="external" title="NIMH" rel="noopener noreferrer">c</a>"#), "{}", r.html);
        assert!(r.html.contains(r#"<a href="mailto:x@y.org" class="external""#));
        assert!(!r.html.contains("javascript"));
        assert!(r.html.contains(r##"href="#local""##));
    }

    #[test]
    fn pictures_from_the_network_become_their_alt_text() {
        let r = render("![A chart of sleep](https://example.org/c.png) ![local](img/a.png)");
        assert!(r.html.contains(r#"<em>A chart of sleep</em>"#), "{}", r.html);
        assert!(!r.html.contains("example.org"));
        assert!(r.html.contains(r#"<img src="img/a.png" alt="local">"#), "{}", r.html);
    }

    #[test]
    fn tables_footnotes_code_and_smart_punctuation_render() {
        let r = render("| L | C |\n|:--|:-:|\n| 1 | 2 |\n\nSaid \"hi\"--ok.[^n]\n\n[^n]: A note.\n\n```rust\nfn x() {}\n```\n\n~~old~~\n");
        for want in [
            r#"<th class="align-left">L</th>"#,
            r#"<td class="align-center">2</td>"#,
            "“hi”–ok",
            r#"class="footnote-reference""#,
            r#"<code class="language-rust">"#,
            "<del>old</del>",
        ] {
            assert!(r.html.contains(want), "{want} missing from {}", r.html);
        }
    }

    #[test]
    fn script_payloads_in_markdown_come_out_inert() {
        let r = render("Hi <img src=x onerror=alert(1)> <script>alert(2)</script>\n\n<iframe src=\"https://evil\"></iframe>\n\n[x](javascript:alert(3)) <a href=\"vbscript:x\" onclick=\"y\">v</a>\n");
        let lower = r.html.to_lowercase();
        for bad in ["onerror", "<script", "alert(2)", "<iframe", "javascript:", "vbscript:", "onclick"] {
            assert!(!lower.contains(bad), "{bad} in {}", r.html);
        }
    }

    #[test]
    fn pathological_nesting_renders_without_blowing_the_stack() {
        let quotes = ">".repeat(10_000) + " deep";
        let r = render(&quotes);
        assert!(r.text.contains("deep"));
        assert!(r.html.matches("<blockquote>").count() <= MAX_NESTING);
        let brackets = "[".repeat(10_000) + "x" + &"]".repeat(10_000) + "(y)";
        assert!(render(&brackets).text.contains('x'));
        let lists = (0..5_000).map(|i| format!("{}- item", "  ".repeat(i))).collect::<Vec<_>>().join("\n");
        assert!(render(&lists).text.contains("item"));
    }

    #[test]
    fn slugify_makes_plain_ids() {
        assert_eq!(slugify("  What to expect: weeks 1–4!  "), "what-to-expect-weeks-14");
        assert_eq!(slugify("Café & crème"), "café-crème");
        assert_eq!(slugify("stop_using/now.md"), "stop-using-now-md");
        assert_eq!(slugify("***"), "");
    }
}
