//! Highlights as the reader uses them: made on the text the reader sees, drawn into an article's HTML when it is
//! served (the stored HTML stays as the sanitizer wrote it), and gathered by article for the Notebook.

use std::collections::HashMap;

use super::Library;
use crate::anchor::{self, Mark};
use crate::error::Result;
use crate::model::{Article, Color, Filter, Highlight, HighlightFilter, NotebookEntry};
use crate::store::highlights::Span;
use crate::store::Store;

/// Articles the Notebook shows at once.
const NOTEBOOK_HIGHLIGHTS: u32 = 500;

/// Adds the article's highlights to it and marks the placed ones in its HTML.
pub(crate) fn mark(store: &Store, article: &mut Article) -> Result<()> {
    article.highlights = store.highlights_of(article.id)?;
    let marks: Vec<Mark> = article
        .highlights
        .iter()
        .filter(|h| !h.detached)
        .map(|h| Mark {
            start: h.start as usize,
            end: h.start as usize + h.quote.chars().count(),
            color: h.color.as_str(),
            id: h.id,
        })
        .collect();
    if !marks.is_empty() {
        article.html = anchor::apply_marks(&article.html, &marks);
    }
    Ok(())
}

impl Library {
    /// Highlights part of an article: `span` is either the character offsets the reader selected in the text
    /// shown, or a quote to find in it.
    pub fn add_highlight(&self, slug: &str, span: &Span, color: Color, note: &str) -> Result<Highlight> {
        let stored = self.store.article(slug)?;
        let text = anchor::text_of_html(&stored.article.html);
        self.store.add_highlight(stored.article.id, &text, &stored.content_hash, span, color, note)
    }

    /// Changes a highlight's note.
    pub fn set_highlight_note(&self, id: i64, note: &str) -> Result<Highlight> {
        self.store.set_highlight_note(id, note)
    }

    /// Changes a highlight's colour.
    pub fn set_highlight_color(&self, id: i64, color: Color) -> Result<Highlight> {
        self.store.set_highlight_color(id, color)
    }

    /// Removes a highlight and its note.
    pub fn remove_highlight(&self, id: i64) -> Result<()> {
        self.store.remove_highlight(id)
    }

    /// Highlights matching `filter`, newest first.
    pub fn highlights(&self, filter: &HighlightFilter) -> Result<Vec<Highlight>> {
        self.store.highlights(filter)
    }

    /// The Notebook: highlights and bookmark notes, grouped by article, the article with the newest first.
    /// Bookmark notes join in unless the filter asks for a colour or for detached highlights; with words to
    /// find, a bookmark note counts when it holds every word.
    pub fn notebook(&self, filter: &HighlightFilter) -> Result<Vec<NotebookEntry>> {
        let highlights =
            self.store.highlights(&HighlightFilter { limit: NOTEBOOK_HIGHLIGHTS, offset: 0, ..filter.clone() })?;
        let mut entries: Vec<NotebookEntry> = Vec::new();
        let mut at: HashMap<String, usize> = HashMap::new();
        for highlight in highlights {
            let index = *at.entry(highlight.slug.clone()).or_insert_with(|| {
                entries.push(NotebookEntry {
                    slug: highlight.slug.clone(),
                    title: highlight.title.clone(),
                    category: String::new(),
                    removed: false,
                    bookmark_note: None,
                    highlights: Vec::new(),
                    latest: 0,
                });
                entries.len() - 1
            });
            let entry = &mut entries[index];
            entry.latest = entry.latest.max(highlight.created);
            entry.highlights.push(highlight);
        }
        if filter.color.is_none() && filter.detached.is_none() {
            let wanted = filter.query.as_deref().map(crate::text::words).unwrap_or_default();
            let list_filter =
                Filter { category: filter.category.clone(), tag: filter.tag.clone(), ..Filter::default() };
            for bookmark in self.store.bookmarks()? {
                let note = bookmark.note.to_lowercase();
                let matches = filter.slug.as_ref().is_none_or(|s| *s == bookmark.slug)
                    && list_filter.category.as_ref().is_none_or(|c| *c == bookmark.category)
                    && !bookmark.note.is_empty()
                    && wanted.iter().all(|w| note.contains(w.as_str()));
                if !matches
                    || (list_filter.tag.is_some() && !self.has_tag(&bookmark.slug, list_filter.tag.as_deref())?)
                {
                    continue;
                }
                let index = *at.entry(bookmark.slug.clone()).or_insert_with(|| {
                    entries.push(NotebookEntry {
                        slug: bookmark.slug.clone(),
                        title: bookmark.title.clone(),
                        category: String::new(),
                        removed: false,
                        bookmark_note: None,
                        highlights: Vec::new(),
                        latest: 0,
                    });
                    entries.len() - 1
                });
                let entry = &mut entries[index];
                entry.latest = entry.latest.max(bookmark.created_at);
                entry.bookmark_note = Some(bookmark.note);
            }
        }
        for entry in &mut entries {
            match self.store.article_category(&entry.slug)? {
                Some(category) => entry.category = category,
                None => entry.removed = true,
            }
        }
        entries.sort_by(|a, b| b.latest.cmp(&a.latest).then_with(|| a.title.cmp(&b.title)));
        Ok(entries)
    }

    fn has_tag(&self, slug: &str, tag: Option<&str>) -> Result<bool> {
        let Some(tag) = tag else { return Ok(true) };
        Ok(self.store.article(slug)?.article.tags.iter().any(|t| t.eq_ignore_ascii_case(tag)))
    }
}

#[cfg(test)]
mod tests;
