//! "Related reading" for one article: articles that share its tags or the words of its title.

use std::collections::HashMap;

use rusqlite::{params, Connection};

use crate::error::Result;
use crate::model::{Article, ArticleLink};
use crate::text;

/// How many related articles the reader shows.
const RELATED: usize = 5;

/// Candidates taken per shared tag, and from the text match: bounded work however large the library (40
/// rather than 100 halved "get one article" at 10,000 articles without changing what the reader sees as related).
const RELATED_CANDIDATES: usize = 40;

/// Up to five articles related by shared tags and shared title words, best first, topped up from the same
/// category (then from the whole library) so there are at least three when the library has them.
///
/// The work is bounded: candidates are at most [`RELATED_CANDIDATES`] articles per tag (and an article has at
/// most `frontmatter::MAX_TAGS` tags) plus as many unranked text matches on title and tags, scored here rather
/// than ranked by FTS5 over every match, which at 100,000 articles would rank tens of thousands of rows for a
/// common word.
pub(crate) fn related(conn: &Connection, article: &Article) -> Result<Vec<ArticleLink>> {
    let mut candidates: HashMap<i64, f64> = HashMap::new();
    let mut by_tag = conn.prepare_cached(&format!(
        "SELECT at.article_id FROM article_tags at JOIN tags t ON t.id = at.tag_id
         WHERE t.name = ? AND at.article_id != ? ORDER BY at.article_id DESC LIMIT {RELATED_CANDIDATES}"
    ))?;
    for tag in &article.tags {
        for id in by_tag.query_map(params![tag, article.id], |r| r.get::<_, i64>(0))? {
            *candidates.entry(id?).or_default() += 2.0;
        }
    }
    let words = text::meaningful_words(&article.title);
    if let Some(query) = text::any_of_words(&format!("{} {}", article.title, article.tags.join(" "))) {
        // The title index: every entry on its lists is a title or tag match, so the first forty come at once;
        // the main index would walk past every article that has the words only in its body.
        let mut by_text = conn.prepare_cached(&format!(
            "SELECT rowid FROM titles_fts WHERE titles_fts MATCH ? AND rowid != ? LIMIT {RELATED_CANDIDATES}"
        ))?;
        for id in by_text.query_map(params![query, article.id], |r| r.get::<_, i64>(0))? {
            candidates.entry(id?).or_default();
        }
    }
    let mut title_of = conn.prepare_cached("SELECT title FROM articles WHERE id = ?")?;
    let mut scored: Vec<(i64, f64)> = Vec::with_capacity(candidates.len());
    for (id, tag_score) in candidates {
        let title: String = title_of.query_row([id], |r| r.get(0))?;
        let shared = text::meaningful_words(&title).iter().filter(|w| words.contains(w)).count();
        let score = tag_score + 1.5 * shared as f64;
        if score > 0.0 {
            scored.push((id, score));
        }
    }
    scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(b.0.cmp(&a.0)));
    let mut ids: Vec<i64> = scored.into_iter().take(RELATED).map(|(id, _)| id).collect();
    if ids.len() < 3 {
        let mut fill = conn.prepare_cached(
            "SELECT id FROM articles WHERE id != ?2 ORDER BY category = ?1 DESC, title COLLATE NOCASE LIMIT 8",
        )?;
        for id in fill.query_map(params![article.category, article.id], |r| r.get::<_, i64>(0))? {
            let id = id?;
            if ids.len() < 3 && !ids.contains(&id) {
                ids.push(id);
            }
        }
    }
    let mut link = conn.prepare_cached("SELECT slug, title, category FROM articles WHERE id = ?")?;
    ids.into_iter()
        .map(|id| link.query_row([id], |r| Ok(ArticleLink { slug: r.get(0)?, title: r.get(1)?, category: r.get(2)? })))
        .collect::<rusqlite::Result<_>>()
        .map_err(Into::into)
}
