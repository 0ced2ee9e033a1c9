//! Markdown to reading HTML, and everything else derived from an article body.
//!
//! The pipeline, in order:
//! 1. [`markdown_options`] owns every pulldown-cmark option; nothing else constructs a parser.
//! 2. One pass over the parser's events: a leading `# Title` is lifted out (the reader shows the title itself),
//!    h2/h3 headings get stable ids and become the table of contents, links to other articles (`slug.md`)
//!    become in-app routes (`#/article/slug`), links to the web get the external-link class, pictures that are
//!    not carried inside the article as `data:` images become their alt text, and the plain text a reader sees
//!    is collected for search and word count. Heading ids carry [`sanitize::ID_PREFIX`], as every article id
//!    must, so the table of contents names them exactly as the page does.
//! 3. The events are written as HTML, which then goes through [`crate::sanitize::clean`]. The sanitizer, not
//!    this module, is what makes the output safe: raw HTML in the Markdown is passed to it untouched.

use std::collections::{HashMap, HashSet};

use pulldown_cmark::{Alignment, CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};

use crate::model::TocEntry;
use crate::sanitize::{self, EXTERNAL_LINK_CLASS};
use crate::urls::{self, LinkKind};

/// Bumped whenever rendering or sanitizing changes what HTML an article produces. A library written with
/// another version has every article re-rendered from its stored Markdown when it opens.
pub const RENDER_VERSION: u32 = 3;

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
    /// The [`RENDER_VERSION`] that produced this, stored with it.
    pub version: u32,
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
        version: RENDER_VERSION,
    }
}

/// The plain text [`render`] would give `markdown` (its `text`), without writing or sanitizing any HTML: what a
/// search result's snippet is cut from.
pub fn plain_text(markdown: &str) -> String {
    let mut pass = Converter::default();
    for event in Parser::new_ext(markdown, markdown_options()) {
        pass.event(event);
    }
    pass.text.trim().to_string()
}

/// Text rendered before [`plain_text_deciding`] first asks whether it is enough.
#[cfg(not(test))]
const FIRST_LOOK: usize = 2048;
/// In tests, small, so that short texts are asked about many times, at every kind of boundary.
#[cfg(test)]
const FIRST_LOOK: usize = 24;

/// Renders the plain text [`plain_text`] gives, only as far as `decide` needs: `decide(text, true)` is asked with
/// the text so far (leading spaces trimmed, trailing kept) each time it has doubled since the last asking, from
/// [`FIRST_LOOK`] bytes, and `decide(whole text, false)` at the end if no earlier answer was `Some`. The text so
/// far is always the start of the whole text (the converter only ever appends to it), so `decide` can know what
/// more text could not change. A search's snippet is cut from near the start of most articles: rendering stops
/// there (the parser's first pass over the blocks, which is a fraction of the work, still reads the whole body).
pub fn plain_text_deciding<T>(markdown: &str, mut decide: impl FnMut(&str, bool) -> Option<T>) -> Option<T> {
    let mut pass = Converter::default();
    let mut next_look = FIRST_LOOK;
    for event in Parser::new_ext(markdown, markdown_options()) {
        pass.event(event);
        if pass.text.len() >= next_look {
            next_look = pass.text.len() * 2;
            if let Some(decided) = decide(pass.text.trim_start(), true) {
                return Some(decided);
            }
        }
    }
    decide(pass.text.trim(), false)
}

/// The HTML of a body before sanitizing, for checking what the sanitizer removes. Never display it.
#[cfg(test)]
pub(crate) fn unsanitized_html(markdown: &str) -> String {
    render_raw(markdown).0
}

fn render_raw(markdown: &str) -> (String, Converter<'_>) {
    let mut pass = Converter::default();
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

/// The one pass over the parser's events: the events to write as HTML, and what is learnt on the way.
#[derive(Default)]
struct Converter<'a> {
    out: Vec<Event<'a>>,
    text: String,
    toc: Vec<TocEntry>,
    used_ids: HashSet<String>,
    next_suffix: HashMap<String, u32>,
    /// Footnotes by name: their numbers, how often each is cited, and the definitions being written.
    footnote_numbers: HashMap<String, usize>,
    footnote_refs: HashMap<String, usize>,
    footnote_open: Vec<String>,
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

impl<'a> Converter<'a> {
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
            Event::FootnoteReference(name) => {
                let html = self.footnote_reference(&name);
                self.out.push(Event::InlineHtml(CowStr::from(html)));
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
            Tag::FootnoteDefinition(ref name) => {
                let number = self.footnote_number(name);
                let key = slugify(name);
                self.footnote_open.push(key.clone());
                Event::Html(CowStr::from(format!(
                    "<div class=\"footnote-definition\" id=\"{}\"><sup class=\"footnote-definition-label\">{number}</sup>",
                    sanitize::article_id(&format!("fn-{key}"))
                )))
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
            Tag::Image { ref dest_url, .. } if !urls::image_allowed(dest_url) => {
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
            TagEnd::FootnoteDefinition => {
                // A way back to where the note was first cited, so the notes can be read by keyboard alone.
                let key = self.footnote_open.pop().unwrap_or_default();
                let back = if self.footnote_refs.get(&key).is_some_and(|&n| n > 0) {
                    format!(
                        "<a href=\"#{}\" class=\"footnote-back\" aria-label=\"Back to the text\">↩</a>",
                        sanitize::article_id(&format!("fnref-{key}-1"))
                    )
                } else {
                    String::new()
                };
                self.out.push(Event::Html(CowStr::from(format!("{back}</div>\n"))));
                return;
            }
            _ => {}
        }
        self.out.push(Event::End(end));
    }

    /// The number a footnote shows: the order in which its name was first met, by a reference or a definition,
    /// as pulldown-cmark numbers them.
    fn footnote_number(&mut self, name: &str) -> usize {
        let next = self.footnote_numbers.len() + 1;
        *self.footnote_numbers.entry(slugify(name)).or_insert(next)
    }

    /// A citation in the text: its number, linked to the note, with an id the note links back to.
    fn footnote_reference(&mut self, name: &str) -> String {
        let number = self.footnote_number(name);
        let key = slugify(name);
        let count = self.footnote_refs.entry(key.clone()).or_insert(0);
        *count += 1;
        self.text.push_str(&format!("[{number}]"));
        format!(
            "<sup class=\"footnote-reference\" id=\"{}\"><a href=\"#{}\" aria-label=\"Note {number}\">{number}</a></sup>",
            sanitize::article_id(&format!("fnref-{key}-{count}")),
            sanitize::article_id(&format!("fn-{key}")),
        )
    }

    /// Gives the heading just closed a unique id (its own `{#id}` if it wrote one, else one made from its text)
    /// and lists h2/h3 in the table of contents.
    fn finish_heading(&mut self, level: HeadingLevel) {
        let Some((index, heading_text)) = self.heading.take() else { return };
        let Event::Start(Tag::Heading { id, .. }) = &mut self.out[index] else { return };
        let wanted = id.as_deref().map(slugify).filter(|s| !s.is_empty()).unwrap_or_else(|| slugify(&heading_text));
        let base = sanitize::article_id(if wanted.is_empty() { "section" } else { &wanted }).into_owned();
        // Counting per base keeps a thousand "Notes" headings linear; the set catches a heading whose own id
        // is another's numbered one ("Step" twice, then "Step 2").
        let next = self.next_suffix.entry(base.clone()).or_insert(1);
        let unique = loop {
            let candidate = if *next == 1 { base.clone() } else { format!("{base}-{next}") };
            *next += 1;
            if self.used_ids.insert(candidate.clone()) {
                break candidate;
            }
        };
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
        if urls::link_kind(&dest) == LinkKind::External {
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
mod tests;
