//! Annotations as Markdown notes, one file per article and an index, for Obsidian and any Markdown editor.
//!
//! Each file starts with YAML front matter (title, slug, category, tags, sources; written by `serde_yaml_ng`, so
//! any title quotes safely), then the bookmark note, then each highlight as a block quote with its note, its
//! colour and when it was made, and an Obsidian block id (`^h-` and the start of its uid) to link to it. Quotes
//! and notes are escaped so they show as written. The index links every file, grouped by category.

use serde::Serialize;

use crate::markdown::escape;
use crate::model::{ArticleAnnotations, Highlight, Source};
use crate::time;

/// The index file's name: capitals and a space, so no article's file (named by its slug) can take it.
pub const INDEX: &str = "Haven notebook.md";

/// One file to write: its name in the export folder and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct File {
    pub name: String,
    pub text: String,
}

#[derive(Serialize)]
struct Front<'a> {
    title: &'a str,
    slug: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    category: &'a str,
    tags: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    author: Option<&'a str>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    sources: Vec<FrontSource<'a>>,
    bookmarked: bool,
    highlights: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    read: Option<String>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    removed_from_library: bool,
}

#[derive(Serialize)]
struct FrontSource<'a> {
    title: &'a str,
    publisher: &'a str,
    url: &'a str,
}

/// Every article's note file, then the index. `exported` (Unix milliseconds) is written in the index.
pub fn files(articles: &[ArticleAnnotations], exported: i64) -> Vec<File> {
    let mut files: Vec<File> = articles.iter().map(article_file).collect();
    files.push(index(articles, exported));
    files
}

fn file_name(slug: &str) -> String {
    format!("{slug}.md")
}

fn article_file(a: &ArticleAnnotations) -> File {
    let front = Front {
        title: &a.title,
        slug: &a.slug,
        category: &a.category,
        tags: &a.tags,
        author: a.author.as_deref(),
        sources: a
            .sources
            .iter()
            .map(|s: &Source| FrontSource { title: &s.title, publisher: &s.publisher, url: &s.url })
            .collect(),
        bookmarked: a.bookmark.is_some(),
        highlights: a.highlights.len(),
        read: a.reading.filter(|r| r.position > 0.0 || r.finished).map(|r| {
            if r.finished {
                "finished".to_string()
            } else {
                format!("{}%", (r.position * 100.0).round() as u32)
            }
        }),
        removed_from_library: a.removed,
    };
    let yaml = serde_yaml_ng::to_string(&front).unwrap_or_default();
    let mut text = format!("---\n{yaml}---\n\n# {}\n", escape(&a.title));
    if a.removed {
        text.push_str("\n*This article is no longer in the Haven library; its highlights were kept.*\n");
    }
    if let Some(bookmark) = a.bookmark.as_ref().filter(|b| !b.note.is_empty()) {
        text.push_str("\n## Bookmark note\n\n");
        text.push_str(&paragraphs(&bookmark.note));
    }
    if !a.highlights.is_empty() {
        text.push_str("\n## Highlights\n");
        for h in &a.highlights {
            text.push('\n');
            text.push_str(&highlight(h));
        }
    }
    File { name: file_name(&a.slug), text }
}

fn highlight(h: &Highlight) -> String {
    let mut out = String::new();
    for line in h.quote.lines().map(str::trim).filter(|l| !l.is_empty()) {
        out.push_str("> ");
        out.push_str(&escape(line));
        out.push('\n');
    }
    // Obsidian's block ids go on a line of their own after a quote, with a blank line either side.
    let short: String = h.uid.chars().filter(char::is_ascii_alphanumeric).take(8).collect();
    if !short.is_empty() {
        out.push_str(&format!("\n^h-{short}\n"));
    }
    if !h.note.is_empty() {
        out.push('\n');
        out.push_str(&paragraphs(&h.note));
    }
    let state = if h.detached { " · no longer found in the article's text" } else { "" };
    out.push_str(&format!("\n*{} · {}{state}*\n", capitalized(h.color.as_str()), time::civil_date(h.created)));
    out
}

/// A note as Markdown paragraphs, its line breaks kept.
fn paragraphs(note: &str) -> String {
    let mut out = String::new();
    for block in note.split("\n\n").map(str::trim).filter(|b| !b.is_empty()) {
        let lines: Vec<String> = block.lines().map(|l| escape(l.trim())).collect();
        out.push_str(&lines.join("  \n"));
        out.push_str("\n\n");
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

fn capitalized(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map_or_else(String::new, |first| first.to_uppercase().chain(chars).collect())
}

fn index(articles: &[ArticleAnnotations], exported: i64) -> File {
    let highlights: usize = articles.iter().map(|a| a.highlights.len()).sum();
    let bookmarks = articles.iter().filter(|a| a.bookmark.is_some()).count();
    let mut text = format!(
        "# Haven notebook\n\nExported from Haven on {}: {} {}, {highlights} {}, {bookmarks} {}.\n",
        time::civil_date(exported),
        articles.len(),
        plural(articles.len(), "article", "articles"),
        plural(highlights, "highlight", "highlights"),
        plural(bookmarks, "bookmark", "bookmarks"),
    );
    let mut by_category: Vec<(&str, Vec<&ArticleAnnotations>)> = Vec::new();
    for a in articles {
        let category = if a.category.is_empty() { "No longer in the library" } else { a.category.as_str() };
        match by_category.iter_mut().find(|(c, _)| *c == category) {
            Some((_, list)) => list.push(a),
            None => by_category.push((category, vec![a])),
        }
    }
    by_category.sort_by(|x, y| x.0.cmp(y.0));
    for (category, mut list) in by_category {
        text.push_str(&format!("\n## {}\n\n", escape(category)));
        list.sort_by_key(|a| a.title.to_lowercase());
        for a in list {
            let mut about = Vec::new();
            if !a.highlights.is_empty() {
                about.push(format!("{} {}", a.highlights.len(), plural(a.highlights.len(), "highlight", "highlights")));
            }
            if a.bookmark.is_some() {
                about.push("bookmarked".to_string());
            }
            let about = if about.is_empty() { String::new() } else { format!(" ({})", about.join(", ")) };
            text.push_str(&format!("- [{}]({}){about}\n", escape(&a.title), file_name(&a.slug)));
        }
    }
    File { name: INDEX.to_string(), text }
}

fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 {
        one
    } else {
        many
    }
}

#[cfg(test)]
mod tests;
