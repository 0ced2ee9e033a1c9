//! An article file turned into everything Haven stores about it: metadata, rendered HTML, table of contents,
//! plain text and a content hash. Bundled and imported Markdown both come through [`Document::from_markdown`],
//! so they are rendered, sanitized and indexed the same way.

use sha2::{Digest, Sha256};

use crate::error::{Error, ErrorKind, Result};
use crate::frontmatter::{self, FrontMatter, Strictness};
use crate::markup;
use crate::model::Source;
use crate::packed;
use crate::render::{self, Rendered};
use crate::text;

/// The largest article file Haven accepts, in bytes.
pub const MAX_ARTICLE_BYTES: usize = 20 * 1024 * 1024;

/// Longest summary derived from the body when the front matter has none.
const SUMMARY_CHARS: usize = 220;

/// An article ready to be stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub category: String,
    pub tags: Vec<String>,
    pub author: Option<String>,
    pub published: Option<String>,
    pub reviewed: Option<String>,
    pub sources: Vec<Source>,
    pub content_warnings: Vec<String>,
    /// The language of the text, when the file says (imported files only; bundled articles are English).
    pub language: Option<String>,
    /// The file's full text, front matter included: what the article is rebuilt from.
    pub markdown: String,
    /// `markdown` as the library stores it ([`packed::pack`]), packed here so that whoever makes documents (an
    /// import's worker threads) does the compressing, not the library's one writer.
    pub source: Vec<u8>,
    pub rendered: Rendered,
    /// The distinct words of the indexed text (title, summary, tags, body), as the vocabulary keeps them
    /// ([`text::index_words`]), found here for the same reason as `source` is packed here. Whoever changes the
    /// title, summary or tags afterwards calls [`Document::find_words`] again.
    pub words: text::IndexWords,
    /// Hex SHA-256 of `markdown`: equal hashes mean the same content.
    pub content_hash: String,
}

/// The Markdown file an article is read from, and the rules it is read by.
#[derive(Debug, Clone, Copy)]
pub struct ArticleFile<'a> {
    /// Names the file in errors, and gives the slug and title when the front matter does not.
    pub name: &'a str,
    pub strictness: Strictness,
    /// Category for an article whose front matter names none.
    pub default_category: &'a str,
}

impl<'a> ArticleFile<'a> {
    /// A file that ships with Haven: complete, well-formed front matter is required.
    pub fn bundled(path: &'a str) -> Self {
        ArticleFile { name: path, strictness: Strictness::Strict, default_category: "" }
    }

    /// A reader's own file: whatever front matter cannot be understood is left out.
    pub fn imported(name: &'a str, default_category: &'a str) -> Self {
        ArticleFile { name, strictness: Strictness::Lenient, default_category }
    }
}

impl Document {
    /// Reads a Markdown file's text. Fails with a message naming the file when it is empty, too large, has
    /// bad front matter or no article text.
    pub fn from_markdown(text: &str, file: ArticleFile<'_>) -> Result<Document> {
        let label = file.name;
        if text.len() > MAX_ARTICLE_BYTES {
            return Err(Error::new(
                ErrorKind::TooLarge,
                format!("{label}: the file is larger than {} MB", MAX_ARTICLE_BYTES / (1024 * 1024)),
            ));
        }
        let (yaml, body) = frontmatter::split(text, label)?;
        let meta = match yaml {
            Some(yaml) => FrontMatter::parse(yaml, label, file.strictness)?,
            None => FrontMatter::default(),
        };
        if file.strictness == Strictness::Strict {
            meta.require_complete(label)?;
        }
        if body.trim().is_empty() {
            let what = if yaml.is_some() { "has front matter but no article text" } else { "is empty" };
            return Err(Error::invalid(format!("{label}: the file {what}")));
        }
        markup::refuse_deep_nesting(body, label)?;
        let rendered = render::render(body);
        if rendered.text.is_empty() {
            return Err(Error::invalid(format!("{label}: the file has no readable text")));
        }
        let stem = file_stem(label);
        let slug = meta.slug.as_deref().map(render::slugify).filter(|s| !s.is_empty()).unwrap_or_else(|| {
            let from_name = render::slugify(stem);
            if from_name.is_empty() {
                "article".to_string()
            } else {
                from_name
            }
        });
        let title = meta.title.clone().or_else(|| rendered.title.clone()).unwrap_or_else(|| title_from_file_name(stem));
        let summary = meta.summary.clone().unwrap_or_else(|| summary_from_text(&rendered.text));
        let mut doc = Document {
            slug,
            title,
            summary,
            category: meta.category.unwrap_or_else(|| file.default_category.to_string()),
            tags: meta.tags,
            author: meta.author,
            published: meta.published,
            reviewed: meta.reviewed,
            sources: meta.sources,
            content_warnings: meta.content_warnings,
            language: meta.language,
            markdown: text.to_string(),
            source: packed::pack(text),
            words: text::IndexWords::default(),
            rendered,
            content_hash: content_hash(text),
        };
        doc.find_words();
        Ok(doc)
    }

    /// Sets [`Document::words`] from the text as it is now.
    pub fn find_words(&mut self) {
        self.words = self.indexed_words();
    }

    /// The words of the indexed text as it is now. Tags are indexed as the JSON list the library stores.
    pub fn indexed_words(&self) -> text::IndexWords {
        let tags = serde_json::to_string(&self.tags).unwrap_or_default();
        text::index_words(&[&self.title, &self.summary, &tags, &self.rendered.text])
    }
}

/// The body of a stored source, rendered by this build: what the reader shows. Front matter is set aside exactly
/// as [`Document::from_markdown`] sets it aside. A source this build will not render (a renderer stricter than the
/// one that imported it) is shown as its lines of plain text, escaped, rather than not at all.
pub fn render_source(text: &str, label: &str) -> Rendered {
    let body = frontmatter::split(text, label).map_or(text, |(_, body)| body);
    if !markup::too_deep(body) {
        return render::render(body);
    }
    let lines: Vec<String> =
        body.lines().filter(|l| !l.trim().is_empty()).map(|l| crate::markdown::escape(l.trim())).collect();
    render::render(&lines.join("\n\n"))
}

/// The plain text of a stored source's body, as [`render_source`]'s `text` reads (for the index).
pub fn source_text(text: &str, label: &str) -> String {
    render::plain_text(source_body(text, label))
}

/// A stored source's body: what follows its front matter (the whole text when that cannot be read).
pub fn source_body<'a>(text: &'a str, label: &str) -> &'a str {
    frontmatter::split(text, label).map_or(text, |(_, body)| body)
}

/// Hex SHA-256 of an article's text.
pub fn content_hash(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// A title made from a file's name, for an article that gives none: `notes/sleep_well.md` → `Sleep well`.
pub fn title_for_file(name: &str) -> String {
    title_from_file_name(file_stem(name))
}

fn file_stem(name: &str) -> &str {
    let file = name.rsplit(['/', '\\']).next().unwrap_or(name);
    file.rsplit_once('.').map_or(file, |(stem, _)| stem)
}

/// `sleep-and-recovery` → `Sleep and recovery`.
fn title_from_file_name(stem: &str) -> String {
    let words = stem.replace(['-', '_'], " ");
    let words = words.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => "Untitled article".to_string(),
    }
}

/// The first paragraph, cut at a word boundary.
fn summary_from_text(text: &str) -> String {
    let first = text.split("\n\n").map(str::trim).find(|p| !p.is_empty()).unwrap_or_default();
    if first.chars().count() <= SUMMARY_CHARS {
        return first.to_string();
    }
    let cut: String = first.chars().take(SUMMARY_CHARS).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    format!("{}…", cut.trim_end_matches([',', ';', ':', '.', ' ']))
}

#[cfg(test)]
mod tests;
