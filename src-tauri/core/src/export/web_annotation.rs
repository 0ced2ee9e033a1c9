//! Annotations as a W3C Web Annotation collection (<https://www.w3.org/TR/annotation-model/>): the export other
//! annotation tools read, and the one Haven merges back (see the README for the shape).
//!
//! - A highlight is an `Annotation` with motivation `highlighting`; its target is the article
//!   (`urn:haven:article:<slug>`) with a `TextQuoteSelector` (the quote and 32 characters each side) and a
//!   `TextPositionSelector` (character offsets in the article's text); its note is a `TextualBody` with purpose
//!   `commenting`. Its `id` is `urn:uuid:<uid>`, the same in every copy of the library.
//! - A bookmark is an `Annotation` with motivation `bookmarking` whose target is the article, its note the body.
//! - Haven's extension, in terms prefixed `haven:`: `haven:color` and `haven:detached` on highlights, and on the
//!   collection `haven:articles` (each article's title, category, tags) and `haven:reading` (reading positions).
//!
//! Writing is deterministic (keys sorted, articles by slug, highlights in text order), so two exports of the same
//! annotations are byte for byte the same. Reading checks everything before anything is merged, and names the
//! annotation and what is wrong with it.

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};

use super::article_urn;
use crate::error::{Error, ErrorKind, Result};
use crate::model::{ArticleAnnotations, BookmarkNote, Color, Highlight, ReadingState};
use crate::time;

/// The longest note read back, in characters (as long as a note Haven keeps).
pub const MAX_NOTE_CHARS: usize = 10_000;

/// The longest quote read back, in characters (as long as a highlight Haven keeps).
pub const MAX_QUOTE_CHARS: usize = 20_000;

const CONTEXT: &str = "http://www.w3.org/ns/anno.jsonld";
const UUID_PREFIX: &str = "urn:uuid:";
const ARTICLE_PREFIX: &str = "urn:haven:article:";

/// The collection of every annotation in `articles`, as pretty-printed JSON ending in a newline.
pub fn write(articles: &[ArticleAnnotations]) -> String {
    let mut items = Vec::new();
    let mut reading = Vec::new();
    let mut described = Vec::new();
    for a in articles {
        let source = article_urn(&a.slug);
        described.push(json!({
            "id": source,
            "slug": a.slug,
            "title": a.title,
            "category": a.category,
            "tags": a.tags,
            "author": a.author,
            "removed": a.removed,
        }));
        if let Some(bookmark) = &a.bookmark {
            let mut item = json!({
                "id": format!("urn:haven:bookmark:{}", a.slug),
                "type": "Annotation",
                "motivation": "bookmarking",
                "created": time::iso8601(bookmark.created),
                "target": source,
            });
            if !bookmark.note.is_empty() {
                item["body"] = note_body(&bookmark.note);
            }
            items.push(item);
        }
        if let Some(state) = &a.reading {
            reading.push(json!({
                "source": source,
                "position": state.position,
                "finished": state.finished,
                "lastOpened": state.last_opened.map(time::iso8601),
            }));
        }
        for h in &a.highlights {
            let mut item = json!({
                "id": highlight_id(&h.uid),
                "type": "Annotation",
                "motivation": "highlighting",
                "created": time::iso8601(h.created),
                "modified": time::iso8601(h.updated),
                "target": {
                    "source": source,
                    "selector": [
                        { "type": "TextQuoteSelector", "exact": h.quote, "prefix": h.prefix, "suffix": h.suffix },
                        {
                            "type": "TextPositionSelector",
                            "start": h.start,
                            "end": h.start + h.quote.chars().count() as u64,
                        },
                    ],
                },
                "haven:color": h.color.as_str(),
                "haven:detached": h.detached,
            });
            if !h.note.is_empty() {
                item["body"] = note_body(&h.note);
            }
            items.push(item);
        }
    }
    let collection = json!({
        "@context": CONTEXT,
        "id": "urn:haven:annotations",
        "type": "AnnotationCollection",
        "label": "Highlights, notes, bookmarks and reading positions from Haven",
        "total": items.len(),
        "first": { "type": "AnnotationPage", "startIndex": 0, "items": items },
        "haven:format": 1,
        "haven:articles": described,
        "haven:reading": reading,
    });
    let mut text = serde_json::to_string_pretty(&collection).unwrap_or_default();
    text.push('\n');
    text
}

fn note_body(note: &str) -> Value {
    json!({ "type": "TextualBody", "value": note, "format": "text/plain", "purpose": "commenting" })
}

fn highlight_id(uid: &str) -> String {
    let is_uuid = uid.len() == 36 && uid.chars().all(|c| c.is_ascii_hexdigit() || c == '-');
    if is_uuid {
        format!("{UUID_PREFIX}{uid}")
    } else {
        uid.to_string()
    }
}

/// Reads annotations written by [`write`] (or by another tool, in the same shape), grouped by article in slug
/// order. A collection, an annotation page, or a bare list of annotations is accepted. Anything missing or out
/// of bounds is refused with a message naming the annotation; `now` stands in for a missing creation time.
pub fn read(json: &[u8], now: i64) -> Result<Vec<ArticleAnnotations>> {
    let root: Value = serde_json::from_slice(json).map_err(|e| {
        Error::invalid(format!("this is not a Haven annotations export: it is not JSON that can be read ({e})"))
    })?;
    let items = root
        .pointer("/first/items")
        .or_else(|| root.get("items"))
        .or(Some(&root).filter(|r| r.is_array()))
        .and_then(Value::as_array)
        .ok_or_else(|| {
            Error::invalid("this is not a Haven annotations export: it holds no list of annotations (\"items\")")
        })?;
    let mut articles: BTreeMap<String, ArticleAnnotations> = BTreeMap::new();
    for (n, item) in items.iter().enumerate() {
        let at = Item { n: n + 1, id: item.get("id").and_then(Value::as_str).unwrap_or("") };
        let motivation = item.get("motivation").and_then(Value::as_str).unwrap_or("highlighting");
        match motivation {
            "bookmarking" => {
                let slug = at.slug(item.get("target"))?;
                let bookmark = BookmarkNote { created: at.time(item, "created", now)?, note: at.note(item)? };
                article(&mut articles, &slug).bookmark = Some(bookmark);
            }
            "highlighting" | "commenting" => {
                let target = item.get("target").ok_or_else(|| at.fault("has no target"))?;
                let slug = at.slug(target.get("source").or(Some(target)))?;
                let highlight = at.highlight(item, target, &slug, now)?;
                article(&mut articles, &slug).highlights.push(highlight);
            }
            other => return Err(at.fault(&format!("has a motivation Haven does not keep (“{other}”)"))),
        }
    }
    if let Some(reading) = root.get("haven:reading").and_then(Value::as_array) {
        for (n, entry) in reading.iter().enumerate() {
            let at = Item { n: n + 1, id: "" };
            let slug = at.slug(entry.get("source"))?;
            let position = entry.get("position").and_then(Value::as_f64).filter(|p| (0.0..=1.0).contains(p));
            let position = position
                .ok_or_else(|| Error::invalid(format!("reading position {} is not a number from 0 to 1", n + 1)))?;
            let last_opened = match entry.get("lastOpened") {
                None | Some(Value::Null) => None,
                Some(_) => Some(at.time(entry, "lastOpened", now)?),
            };
            let finished = entry.get("finished").and_then(Value::as_bool).unwrap_or(false);
            article(&mut articles, &slug).reading = Some(ReadingState { position, finished, last_opened });
        }
    }
    if let Some(described) = root.get("haven:articles").and_then(Value::as_array) {
        for entry in described {
            let Some(slug) = entry.get("slug").and_then(Value::as_str) else { continue };
            if let Some(a) = articles.get_mut(slug) {
                let text = |key: &str| entry.get(key).and_then(Value::as_str).map(str::to_string);
                a.title = text("title").filter(|t| !t.trim().is_empty()).unwrap_or_else(|| a.title.clone());
                a.category = text("category").unwrap_or_default();
                a.author = text("author");
                a.tags = entry
                    .get("tags")
                    .and_then(Value::as_array)
                    .map(|t| t.iter().filter_map(Value::as_str).map(str::to_string).collect())
                    .unwrap_or_default();
                a.removed = entry.get("removed").and_then(Value::as_bool).unwrap_or(false);
            }
        }
    }
    let mut articles: Vec<ArticleAnnotations> = articles.into_values().collect();
    for a in &mut articles {
        for h in &mut a.highlights {
            h.title = a.title.clone();
        }
        a.highlights.sort_by(|x, y| (x.detached, x.start, &x.uid).cmp(&(y.detached, y.start, &y.uid)));
    }
    Ok(articles)
}

/// The article called `slug` among those read so far, added if new.
fn article<'a>(articles: &'a mut BTreeMap<String, ArticleAnnotations>, slug: &str) -> &'a mut ArticleAnnotations {
    articles.entry(slug.to_string()).or_insert_with(|| ArticleAnnotations {
        slug: slug.to_string(),
        title: slug.to_string(),
        category: String::new(),
        tags: Vec::new(),
        author: None,
        sources: Vec::new(),
        removed: false,
        bookmark: None,
        reading: None,
        highlights: Vec::new(),
    })
}

/// Where an annotation is in the file, for messages.
struct Item<'a> {
    n: usize,
    id: &'a str,
}

impl Item<'_> {
    fn fault(&self, what: &str) -> Error {
        let id = if self.id.is_empty() { String::new() } else { format!(" ({})", self.id) };
        Error::invalid(format!("annotation {}{id} {what}", self.n))
    }

    fn slug(&self, source: Option<&Value>) -> Result<String> {
        let source = source.and_then(|s| s.as_str().or_else(|| s.get("id").and_then(Value::as_str)));
        let source = source.ok_or_else(|| self.fault("does not say which article it belongs to"))?;
        let slug = source.strip_prefix(ARTICLE_PREFIX).filter(|s| {
            !s.is_empty() && s.len() <= 200 && s.chars().all(|c| c.is_alphanumeric() || c == '-' || c == '_')
        });
        slug.map(str::to_string)
            .ok_or_else(|| self.fault(&format!("is about “{source}”, which is not an article in a Haven library")))
    }

    fn time(&self, item: &Value, key: &str, now: i64) -> Result<i64> {
        match item.get(key) {
            None | Some(Value::Null) => Ok(now),
            Some(value) => value
                .as_str()
                .and_then(time::parse_iso8601)
                .ok_or_else(|| self.fault(&format!("has a “{key}” that is not a date and time ({value})"))),
        }
    }

    /// The annotation's note: its textual bodies' values (not tags), joined by blank lines.
    fn note(&self, item: &Value) -> Result<String> {
        let bodies: Vec<&Value> = match item.get("body") {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(all)) => all.iter().collect(),
            Some(one) => vec![one],
        };
        let mut parts = Vec::new();
        for body in bodies {
            let value = match body {
                Value::String(text) => Some(text.as_str()),
                Value::Object(body) if body.get("purpose").and_then(Value::as_str) != Some("tagging") => {
                    body.get("value").and_then(Value::as_str)
                }
                _ => None,
            };
            if let Some(value) = value.map(str::trim).filter(|v| !v.is_empty()) {
                parts.push(value);
            }
        }
        let note = parts.join("\n\n");
        let length = note.chars().count();
        if length > MAX_NOTE_CHARS {
            return Err(Error::new(
                ErrorKind::TooLarge,
                format!(
                    "annotation {}{} has a note {length} characters long; Haven keeps notes of up to \
                     {MAX_NOTE_CHARS} characters. Nothing was merged",
                    self.n,
                    if self.id.is_empty() { String::new() } else { format!(" ({})", self.id) }
                ),
            ));
        }
        Ok(note)
    }

    fn highlight(&self, item: &Value, target: &Value, slug: &str, now: i64) -> Result<Highlight> {
        let selectors: Vec<&Map<String, Value>> = match target.get("selector") {
            Some(Value::Array(all)) => all.iter().filter_map(Value::as_object).collect(),
            Some(Value::Object(one)) => vec![one],
            _ => Vec::new(),
        };
        let of_type = |t: &str| selectors.iter().find(|s| s.get("type").and_then(Value::as_str) == Some(t));
        let quote = of_type("TextQuoteSelector").ok_or_else(|| self.fault("has no quote (a TextQuoteSelector)"))?;
        let text = |key: &str| quote.get(key).and_then(Value::as_str).unwrap_or("").to_string();
        let exact = text("exact");
        if exact.trim().is_empty() {
            return Err(self.fault("has an empty quote (its TextQuoteSelector has no “exact” text)"));
        }
        if exact.chars().count() > MAX_QUOTE_CHARS {
            return Err(Error::new(
                ErrorKind::TooLarge,
                format!("annotation {} quotes more than {MAX_QUOTE_CHARS} characters; nothing was merged", self.n),
            ));
        }
        let start = match of_type("TextPositionSelector").and_then(|p| p.get("start")) {
            None => 0,
            Some(start) => start.as_u64().ok_or_else(|| self.fault("has a position that is not a whole number"))?,
        };
        let color = match item.get("haven:color") {
            None | Some(Value::Null) => Color::Yellow,
            Some(value) => value
                .as_str()
                .and_then(Color::parse)
                .ok_or_else(|| self.fault(&format!("has a colour Haven does not have ({value})")))?,
        };
        let created = self.time(item, "created", now)?;
        let uid = self.id.strip_prefix(UUID_PREFIX).unwrap_or(self.id).to_string();
        Ok(Highlight {
            id: 0,
            uid,
            slug: slug.to_string(),
            title: String::new(),
            quote: exact,
            prefix: text("prefix"),
            suffix: text("suffix"),
            start,
            note: self.note(item)?,
            color,
            detached: item.get("haven:detached").and_then(Value::as_bool).unwrap_or(false),
            created,
            updated: match item.get("modified") {
                None | Some(Value::Null) => created,
                Some(_) => self.time(item, "modified", now)?,
            },
        })
    }
}

#[cfg(test)]
pub(crate) mod tests;
