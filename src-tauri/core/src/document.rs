//! An article file turned into everything Haven stores about it: metadata, rendered HTML, table of contents,
//! plain text and a content hash. Bundled and imported Markdown both come through [`Document::from_markdown`],
//! so they are rendered, sanitized and indexed the same way.

use sha2::{Digest, Sha256};

use crate::error::{Error, ErrorKind, Result};
use crate::frontmatter::{self, FrontMatter, Strictness};
use crate::model::Source;
use crate::render::{self, Rendered};
use crate::sanitize;

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
    /// The file's full text, front matter included: what the article is rebuilt from.
    pub markdown: String,
    pub rendered: Rendered,
    /// Hex SHA-256 of `markdown`: equal hashes mean the same content.
    pub content_hash: String,
}

/// How to read one Markdown file.
#[derive(Debug, Clone, Copy)]
pub struct ReadAs<'a> {
    /// Names the file in errors, and gives the slug and title when the front matter does not.
    pub file_name: &'a str,
    pub strictness: Strictness,
    /// Category for an article whose front matter names none.
    pub default_category: &'a str,
}

impl Document {
    /// Reads a Markdown file's text. Fails with a message naming the file when it is empty, too large, has
    /// bad front matter or no article text.
    pub fn from_markdown(text: &str, read_as: ReadAs<'_>) -> Result<Document> {
        let label = read_as.file_name;
        if text.len() > MAX_ARTICLE_BYTES {
            return Err(Error::new(
                ErrorKind::TooLarge,
                format!("{label}: the file is larger than {} MB", MAX_ARTICLE_BYTES / (1024 * 1024)),
            ));
        }
        let (yaml, body) = frontmatter::split(text, label)?;
        let meta = match yaml {
            Some(yaml) => FrontMatter::parse(yaml, label, read_as.strictness)?,
            None => FrontMatter::default(),
        };
        if read_as.strictness == Strictness::Strict {
            meta.require_complete(label)?;
        }
        if body.trim().is_empty() {
            let what = if yaml.is_some() { "has front matter but no article text" } else { "is empty" };
            return Err(Error::invalid(format!("{label}: the file {what}")));
        }
        if sanitize::nesting_depth(body) > sanitize::MAX_HTML_DEPTH {
            return Err(Error::invalid(format!(
                "{label}: the file nests HTML more than {} levels deep, which no article needs",
                sanitize::MAX_HTML_DEPTH
            )));
        }
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
        Ok(Document {
            slug,
            title,
            summary,
            category: meta.category.unwrap_or_else(|| read_as.default_category.to_string()),
            tags: meta.tags,
            author: meta.author,
            published: meta.published,
            reviewed: meta.reviewed,
            sources: meta.sources,
            content_warnings: meta.content_warnings,
            markdown: text.to_string(),
            rendered,
            content_hash: content_hash(text),
        })
    }
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
mod tests {
    use super::*;

    fn lenient(name: &str) -> ReadAs<'_> {
        ReadAs { file_name: name, strictness: Strictness::Lenient, default_category: "Imported" }
    }

    #[test]
    fn derives_what_the_front_matter_leaves_out() {
        let doc =
            Document::from_markdown("# Finding calm\n\nA first paragraph.\n\nMore.", lenient("notes/finding_calm.md"))
                .unwrap();
        assert_eq!(doc.slug, "finding-calm");
        assert_eq!(doc.title, "Finding calm");
        assert_eq!(doc.summary, "A first paragraph.");
        assert_eq!(doc.category, "Imported");
        let doc = Document::from_markdown("Just text here.", lenient("my_own-note.markdown")).unwrap();
        assert_eq!(doc.title, "My own note");
        assert_eq!(doc.slug, "my-own-note");
    }

    #[test]
    fn front_matter_wins_over_derived_values() {
        let doc = Document::from_markdown(
            "---\ntitle: Real title\nslug: Real Slug\ncategory: Recovery\nsummary: S.\n---\n# Other\n\nBody.",
            lenient("x.md"),
        )
        .unwrap();
        assert_eq!(
            (doc.title.as_str(), doc.slug.as_str(), doc.category.as_str(), doc.summary.as_str()),
            ("Real title", "real-slug", "Recovery", "S.")
        );
        assert_eq!(doc.content_hash.len(), 64);
    }

    #[test]
    fn long_first_paragraphs_are_cut_at_a_word() {
        let summary = summary_from_text(&"calm words, ".repeat(40));
        assert!(summary.ends_with("words…") && summary.chars().count() <= SUMMARY_CHARS + 1, "{summary}");
    }

    #[test]
    fn empty_and_body_less_files_are_refused_by_name() {
        for (text, why) in [
            ("", "is empty"),
            ("  \n", "is empty"),
            ("---\ntitle: x\n---\n", "front matter but no article text"),
            ("<div></div>", "no readable text"),
        ] {
            let err = Document::from_markdown(text, lenient("a.md")).unwrap_err();
            assert_eq!(err.kind, ErrorKind::InvalidInput);
            assert!(err.message.starts_with("a.md: ") && err.message.contains(why), "{}", err.message);
        }
    }

    #[test]
    fn huge_files_and_hostile_nesting_are_refused() {
        let big = "a ".repeat(MAX_ARTICLE_BYTES / 2 + 1);
        assert_eq!(Document::from_markdown(&big, lenient("big.md")).unwrap_err().kind, ErrorKind::TooLarge);
        let deep = "<div>".repeat(50_000);
        assert!(Document::from_markdown(&deep, lenient("deep.md")).unwrap_err().message.contains("nests HTML"));
    }

    #[test]
    fn a_ten_megabyte_article_renders() {
        let para = "Recovery is a process of change through which people improve their health. ".repeat(20) + "\n\n";
        let text = format!("# Big\n\n{}", para.repeat(10 * 1024 * 1024 / para.len()));
        let doc = Document::from_markdown(&text, lenient("big.md")).unwrap();
        assert!(doc.rendered.word_count > 1_000_000);
        assert_eq!(doc.title, "Big");
    }

    #[test]
    fn strict_reading_requires_complete_front_matter() {
        let read_as = ReadAs { file_name: "articles/x.md", strictness: Strictness::Strict, default_category: "" };
        let err = Document::from_markdown("---\ntitle: x\n---\nBody", read_as).unwrap_err();
        assert_eq!(err.message, "articles/x.md: front matter field `summary` is required");
    }
}
