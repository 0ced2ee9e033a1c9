//! YAML front matter: splitting it from the body and reading its fields.
//!
//! Two readers share one parser. Bundled articles are read strictly: a known field of the wrong type is an error
//! naming the file and the field. Imported notes (Obsidian, Jekyll, Hugo) are read leniently: unknown keys are
//! ignored and a known key that cannot be understood is dropped rather than failing the import.
//!
//! Front matter is untrusted input. It is capped at [`MAX_FRONT_MATTER`] bytes before YAML sees it, and alias
//! expansion is bounded by the YAML deserializer's repetition limit, so a "billion laughs" document is refused
//! with an error instead of exhausting memory.

use serde_yaml_ng::{Mapping, Value};

use crate::error::{Error, Result};
use crate::model::Source;

/// The largest front matter block accepted, in bytes.
pub const MAX_FRONT_MATTER: usize = 64 * 1024;

/// Most tags (or content warnings) an article keeps. Every tag is a row to store and, when the article is read,
/// a lookup for related articles; a file with ten thousand tags would make both slow for nothing.
pub const MAX_TAGS: usize = 24;

/// Longest tag, content warning or category, in characters.
pub const MAX_LABEL_CHARS: usize = 60;

/// The metadata of an article, as written in its front matter. Every field is optional here; what a bundled
/// article must have is checked by [`FrontMatter::require_complete`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FrontMatter {
    pub title: Option<String>,
    pub slug: Option<String>,
    pub summary: Option<String>,
    pub category: Option<String>,
    pub tags: Vec<String>,
    pub author: Option<String>,
    pub published: Option<String>,
    pub reviewed: Option<String>,
    pub sources: Vec<Source>,
    pub content_warnings: Vec<String>,
    /// The language the text is in, as a BCP 47 tag (`en`, `pt-BR`).
    pub language: Option<String>,
}

/// How forgiving to be with fields of the wrong shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Strictness {
    /// Bundled articles: every known field must be well formed.
    Strict,
    /// Imported files: drop what cannot be understood.
    Lenient,
}

/// Splits `text` into its front matter (without the `---` fences) and the body. Text with no front matter is
/// all body. `label` names the file in errors.
pub fn split<'a>(text: &'a str, label: &str) -> Result<(Option<&'a str>, &'a str)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let Some(rest) = text.strip_prefix("---").and_then(strip_line_end) else {
        return Ok((None, text));
    };
    // The closing fence is `---` or `...` alone on a line.
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        let trimmed = line.trim_end_matches(['\r', '\n']);
        if trimmed == "---" || trimmed == "..." {
            let yaml = &rest[..offset];
            if yaml.len() > MAX_FRONT_MATTER {
                return Err(too_long(label));
            }
            return Ok((Some(yaml), &rest[offset + line.len()..]));
        }
        offset += line.len();
        if offset > MAX_FRONT_MATTER {
            return Err(too_long(label));
        }
    }
    Err(Error::invalid(format!("{label}: the front matter starting with `---` is never closed by a `---` line")))
}

fn strip_line_end(s: &str) -> Option<&str> {
    s.strip_prefix("\r\n").or_else(|| s.strip_prefix('\n'))
}

fn too_long(label: &str) -> Error {
    Error::invalid(format!("{label}: the front matter is longer than {} KiB", MAX_FRONT_MATTER / 1024))
}

impl FrontMatter {
    /// Parses a front matter block (the YAML between the fences).
    pub fn parse(yaml: &str, label: &str, strictness: Strictness) -> Result<FrontMatter> {
        if yaml.trim().is_empty() {
            return Ok(FrontMatter::default());
        }
        let value: Value = serde_yaml_ng::from_str(yaml).map_err(|e| {
            let why = e.to_string();
            if why.contains("repetition limit") || why.contains("recursion limit") {
                Error::invalid(format!("{label}: the front matter expands YAML aliases too far and was refused"))
            } else {
                Error::invalid(format!("{label}: the front matter is not valid YAML ({why})"))
            }
        })?;
        let map = match value {
            Value::Mapping(map) => map,
            Value::Null => return Ok(FrontMatter::default()),
            _ => return Err(Error::invalid(format!("{label}: the front matter must be a set of `key: value` lines"))),
        };
        let fields = Fields { map: &map, label, strictness };
        Ok(FrontMatter {
            title: fields.text("title")?,
            slug: fields.text("slug")?,
            summary: fields.text("summary")?.or(fields.text("description")?),
            category: fields.label("category")?,
            tags: fields.list("tags")?,
            author: fields.author()?,
            published: fields.date("published")?.or(fields.date("date")?),
            reviewed: fields.date("reviewed")?,
            sources: fields.sources()?,
            content_warnings: fields.list("content_warnings")?,
            language: fields.language()?,
        })
    }

    /// Checks that a bundled article says everything the reader relies on. Errors name the missing field.
    pub fn require_complete(&self, label: &str) -> Result<()> {
        let missing = |field: &str| Error::invalid(format!("{label}: front matter field `{field}` is required"));
        for (field, value) in [
            ("title", &self.title),
            ("summary", &self.summary),
            ("category", &self.category),
            ("reviewed", &self.reviewed),
        ] {
            if value.as_deref().is_none_or(|v| v.trim().is_empty()) {
                return Err(missing(field));
            }
        }
        if self.sources.is_empty() {
            return Err(missing("sources"));
        }
        Ok(())
    }
}

/// Typed access to one front matter mapping, with errors that name the file and field.
struct Fields<'a> {
    map: &'a Mapping,
    label: &'a str,
    strictness: Strictness,
}

impl Fields<'_> {
    fn get(&self, key: &str) -> Option<&Value> {
        self.map.get(key).filter(|v| !v.is_null())
    }

    fn wrong(&self, key: &str, expected: &str) -> Result<()> {
        match self.strictness {
            Strictness::Strict => {
                Err(Error::invalid(format!("{}: front matter field `{key}` must be {expected}", self.label)))
            }
            Strictness::Lenient => Ok(()),
        }
    }

    fn text(&self, key: &str) -> Result<Option<String>> {
        match self.get(key) {
            None => Ok(None),
            Some(value) => match scalar(value) {
                Some(s) if !s.trim().is_empty() => Ok(Some(s.trim().to_string())),
                Some(_) => Ok(None),
                None => self.wrong(key, "text").map(|()| None),
            },
        }
    }

    /// A list of strings; a single string is split on commas (Obsidian and Jekyll both allow it).
    fn list(&self, key: &str) -> Result<Vec<String>> {
        let items: Vec<String> = match self.get(key) {
            None => Vec::new(),
            Some(Value::Sequence(seq)) => {
                let mut out = Vec::with_capacity(seq.len());
                for item in seq {
                    match scalar(item) {
                        Some(s) => out.push(s),
                        None => self.wrong(key, "a list of words")?,
                    }
                }
                out
            }
            Some(value) => match scalar(value) {
                Some(s) => s.split(',').map(str::to_string).collect(),
                None => {
                    self.wrong(key, "a list of words")?;
                    Vec::new()
                }
            },
        };
        let mut seen = std::collections::HashSet::new();
        let mut kept = Vec::new();
        for item in items {
            let item = item.trim().trim_start_matches('#').trim().to_string();
            if item.chars().count() > MAX_LABEL_CHARS {
                self.wrong(key, &format!("a list of words, each at most {MAX_LABEL_CHARS} characters"))?;
                continue;
            }
            if !item.is_empty() && seen.insert(item.to_lowercase()) {
                kept.push(item);
            }
        }
        if kept.len() > MAX_TAGS {
            self.wrong(key, &format!("a list of at most {MAX_TAGS} words"))?;
            kept.truncate(MAX_TAGS);
        }
        Ok(kept)
    }

    /// A short label (a category): text of at most [`MAX_LABEL_CHARS`] characters.
    fn label(&self, key: &str) -> Result<Option<String>> {
        match self.text(key)? {
            Some(label) if label.chars().count() > MAX_LABEL_CHARS => {
                self.wrong(key, &format!("at most {MAX_LABEL_CHARS} characters")).map(|()| None)
            }
            label => Ok(label),
        }
    }

    fn author(&self) -> Result<Option<String>> {
        match self.get("author") {
            Some(Value::Sequence(_)) => {
                let names = self.list("author")?;
                Ok((!names.is_empty()).then(|| names.join(", ")))
            }
            _ => self.text("author"),
        }
    }

    /// `lang` or `language`: a language tag such as `en` or `pt-BR`.
    fn language(&self) -> Result<Option<String>> {
        let key = if self.get("lang").is_some() { "lang" } else { "language" };
        let Some(tag) = self.text(key)? else { return Ok(None) };
        if is_language_tag(&tag) {
            Ok(Some(tag))
        } else {
            self.wrong(key, "a language tag such as `en` or `pt-BR`").map(|()| None)
        }
    }

    /// A calendar date written `YYYY-MM-DD`; a longer timestamp keeps its date part.
    fn date(&self, key: &str) -> Result<Option<String>> {
        let Some(text) = self.text(key)? else { return Ok(None) };
        match parse_date(&text) {
            Some(date) => Ok(Some(date)),
            None => self.wrong(key, "a date written YYYY-MM-DD").map(|()| None),
        }
    }

    fn sources(&self) -> Result<Vec<Source>> {
        let expected = "a list of sources, each with `title`, `url` and `publisher`";
        let seq = match self.get("sources") {
            None => return Ok(Vec::new()),
            Some(Value::Sequence(seq)) => seq,
            Some(_) => return self.wrong("sources", expected).map(|()| Vec::new()),
        };
        let mut sources = Vec::with_capacity(seq.len());
        for (i, item) in seq.iter().enumerate() {
            let field = |name: &str| item.get(name).and_then(scalar).map(|s| s.trim().to_string());
            let source = Source {
                title: field("title").unwrap_or_default(),
                url: field("url").unwrap_or_default(),
                publisher: field("publisher").unwrap_or_default(),
                supports: field("supports").filter(|s| !s.is_empty()),
            };
            let url_ok = source.url.starts_with("https://") || source.url.starts_with("http://");
            if source.title.is_empty() || source.publisher.is_empty() || !url_ok {
                self.wrong(&format!("sources[{i}]"), "a source with `title`, `publisher` and an http(s) `url`")?;
                continue;
            }
            sources.push(source);
        }
        Ok(sources)
    }
}

/// A BCP 47 language tag in its common shape: a 2-8 letter language, then subtags of 1-8 letters or digits.
pub fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let language = parts.next().unwrap_or_default();
    (2..=8).contains(&language.len())
        && language.chars().all(|c| c.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// A YAML scalar as text (numbers and booleans too: `title: 1984` is a title).
fn scalar(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Tagged(tagged) => scalar(&tagged.value),
        _ => None,
    }
}

/// Accepts `YYYY-MM-DD`, optionally followed by a time, and returns the date part if it is a real date.
pub fn parse_date(text: &str) -> Option<String> {
    let date = text.get(..10)?;
    let rest = &text[10..];
    if !(rest.is_empty() || rest.starts_with(['T', ' ', 't'])) {
        return None;
    }
    let bytes = date.as_bytes();
    if bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }
    let year: u32 = date[..4].parse().ok()?;
    let month: u32 = date[5..7].parse().ok()?;
    let day: u32 = date[8..].parse().ok()?;
    let leap = (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    (year >= 1900 && (1..=days).contains(&day)).then(|| date.to_string())
}

#[cfg(test)]
mod tests;
