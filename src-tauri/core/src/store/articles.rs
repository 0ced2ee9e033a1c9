//! Queries on the `articles` table and its tags: storing documents, listing, and reading one article.
//!
//! Every list and lookup here is served by an index (see `0001_initial.sql`): no path used while reading or
//! browsing scans the whole table, so they stay fast at 100,000 articles.

use std::collections::HashMap;

use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension, Row, Transaction};

use super::fts;
use super::{now_ms, Library};
use crate::document::{Document, ReadAs};
use crate::error::{Error, Result};
use crate::frontmatter::Strictness;
use crate::model::{Article, ArticleLink, ArticleSummary, Filter, ListQuery, NameCount, Origin, Page, Sort};
use crate::render::RENDER_VERSION;
use crate::search;

/// Columns for an [`ArticleSummary`], read by [`summary_from_row`], over [`SUMMARY_FROM`].
pub(crate) const SUMMARY_COLUMNS: &str = "a.id, a.slug, a.title, a.summary, a.category, a.tags, a.reading_minutes, \
     a.published, a.reviewed, a.origin, b.article_id IS NOT NULL, r.position, COALESCE(r.finished, 0)";
pub(crate) const SUMMARY_FROM: &str = "articles a LEFT JOIN bookmarks b ON b.article_id = a.id \
     LEFT JOIN reading_state r ON r.article_id = a.id";

/// The largest page a list or search returns.
pub const MAX_PAGE: u32 = 500;

pub(crate) fn summary_from_row(row: &Row) -> rusqlite::Result<ArticleSummary> {
    Ok(ArticleSummary {
        id: row.get(0)?,
        slug: row.get(1)?,
        title: row.get(2)?,
        summary: row.get(3)?,
        category: row.get(4)?,
        tags: json_list(&row.get::<_, String>(5)?),
        reading_minutes: row.get(6)?,
        published: row.get(7)?,
        reviewed: row.get(8)?,
        origin: Origin::parse(&row.get::<_, String>(9)?),
        bookmarked: row.get(10)?,
        progress: row.get(11)?,
        finished: row.get(12)?,
    })
}

/// Decodes a JSON array of strings stored by this module; anything else reads as empty.
pub(crate) fn json_list(text: &str) -> Vec<String> {
    serde_json::from_str(text).unwrap_or_default()
}

/// Appends SQL conditions (each starting with ` AND `) for `filter`, pushing their parameters.
pub(crate) fn filter_sql(filter: &Filter, params: &mut Vec<Value>) -> String {
    let mut sql = String::new();
    if let Some(category) = &filter.category {
        sql.push_str(" AND a.category = ?");
        params.push(Value::Text(category.clone()));
    }
    if let Some(tag) = &filter.tag {
        sql.push_str(
            " AND a.id IN (SELECT at.article_id FROM article_tags at JOIN tags t ON t.id = at.tag_id WHERE t.name = ?)",
        );
        params.push(Value::Text(tag.clone()));
    }
    if filter.bookmarked {
        sql.push_str(" AND a.id IN (SELECT article_id FROM bookmarks)");
    }
    if filter.unread {
        sql.push_str(" AND r.article_id IS NULL");
    }
    if filter.in_progress {
        sql.push_str(" AND a.id IN (SELECT article_id FROM reading_state WHERE finished = 0)");
    }
    sql
}

/// The article id for `slug`, or a `not_found` error naming it.
pub(crate) fn id_for_slug(conn: &Connection, slug: &str) -> Result<i64> {
    conn.prepare_cached("SELECT id FROM articles WHERE slug = ?")?
        .query_row([slug], |r| r.get(0))
        .optional()?
        .ok_or_else(|| Error::not_found(format!("there is no article called “{slug}”")))
}

/// Stores a new article and returns its id. The slug is made unique if another article holds it.
pub(crate) fn insert(tx: &Transaction, doc: &Document, origin: Origin, source_path: Option<&str>) -> Result<i64> {
    let fields = DocumentFields::new(doc, unique_slug(tx, &doc.slug, None)?, source_path)?;
    let mut params = fields.params();
    let origin = origin.as_str();
    params.push((":origin", &origin));
    tx.prepare_cached(&format!(
        "INSERT INTO articles ({columns}, origin, added_at)
         VALUES ({values}, :origin, :updated_at)",
        columns = DOCUMENT_COLUMNS.join(", "),
        values = DOCUMENT_COLUMNS.iter().map(|c| format!(":{c}")).collect::<Vec<_>>().join(", "),
    ))?
    .execute(params.as_slice())?;
    let id = tx.last_insert_rowid();
    fts::index(tx, id, &fields.indexed())?;
    set_tags(tx, id, &doc.tags)?;
    Ok(id)
}

/// Replaces an article's content in place, keeping its id (and so its bookmark, note and reading state).
pub(crate) fn update(tx: &Transaction, id: i64, doc: &Document, source_path: Option<&str>) -> Result<()> {
    let fields = DocumentFields::new(doc, unique_slug(tx, &doc.slug, Some(id))?, source_path)?;
    let mut params = fields.params();
    params.push((":id", &id));
    fts::unindex(tx, id)?;
    tx.prepare_cached(&format!(
        "UPDATE articles SET {} WHERE id = :id",
        DOCUMENT_COLUMNS.iter().map(|c| format!("{c} = :{c}")).collect::<Vec<_>>().join(", ")
    ))?
    .execute(params.as_slice())?;
    fts::index(tx, id, &fields.indexed())?;
    set_tags(tx, id, &doc.tags)?;
    Ok(())
}

/// The columns a document writes, on insert and on update alike.
const DOCUMENT_COLUMNS: [&str; 19] = [
    "slug",
    "title",
    "summary",
    "category",
    "tags",
    "author",
    "published",
    "reviewed",
    "sources",
    "content_warnings",
    "toc",
    "word_count",
    "reading_minutes",
    "markdown",
    "html",
    "body_text",
    "content_hash",
    "source_path",
    "updated_at",
];

/// A document's values encoded for its columns.
struct DocumentFields<'a> {
    doc: &'a Document,
    slug: String,
    source_path: Option<&'a str>,
    now: i64,
    tags: String,
    sources: String,
    content_warnings: String,
    toc: String,
    reading_minutes: u32,
}

impl<'a> DocumentFields<'a> {
    fn new(doc: &'a Document, slug: String, source_path: Option<&'a str>) -> Result<Self> {
        Ok(DocumentFields {
            doc,
            slug,
            source_path,
            now: now_ms(),
            tags: serde_json::to_string(&doc.tags)?,
            sources: serde_json::to_string(&doc.sources)?,
            content_warnings: serde_json::to_string(&doc.content_warnings)?,
            toc: serde_json::to_string(&doc.rendered.toc)?,
            reading_minutes: doc.rendered.reading_minutes(),
        })
    }

    /// The values the full-text indexes hold.
    fn indexed(&self) -> fts::Indexed {
        fts::Indexed {
            title: self.doc.title.clone(),
            summary: self.doc.summary.clone(),
            tags: self.tags.clone(),
            body_text: self.doc.rendered.text.clone(),
        }
    }

    /// Named parameters for every column in [`DOCUMENT_COLUMNS`].
    fn params(&self) -> Vec<(&'static str, &dyn rusqlite::ToSql)> {
        let d = self.doc;
        vec![
            (":slug", &self.slug),
            (":title", &d.title),
            (":summary", &d.summary),
            (":category", &d.category),
            (":tags", &self.tags),
            (":author", &d.author),
            (":published", &d.published),
            (":reviewed", &d.reviewed),
            (":sources", &self.sources),
            (":content_warnings", &self.content_warnings),
            (":toc", &self.toc),
            (":word_count", &d.rendered.word_count),
            (":reading_minutes", &self.reading_minutes),
            (":markdown", &d.markdown),
            (":html", &d.rendered.html),
            (":body_text", &d.rendered.text),
            (":content_hash", &d.content_hash),
            (":source_path", &self.source_path),
            (":updated_at", &self.now),
        ]
    }
}

pub(crate) fn delete(tx: &Transaction, id: i64) -> Result<()> {
    let old_tags = tag_ids(tx, id)?;
    fts::unindex(tx, id)?;
    tx.prepare_cached("DELETE FROM articles WHERE id = ?")?.execute([id])?;
    prune_tags(tx, &old_tags)
}

/// The ids of an article's tags.
fn tag_ids(tx: &Transaction, id: i64) -> Result<Vec<i64>> {
    let ids = tx
        .prepare_cached("SELECT tag_id FROM article_tags WHERE article_id = ?")?
        .query_map([id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(ids)
}

/// Drops those of `ids` that no article carries any more, so tag lists stay honest. Only the tags an article
/// just lost are looked at, each through the tag index: no scan of the whole library.
fn prune_tags(tx: &Transaction, ids: &[i64]) -> Result<()> {
    let mut prune = tx.prepare_cached(
        "DELETE FROM tags WHERE id = ?1 AND NOT EXISTS (SELECT 1 FROM article_tags WHERE tag_id = ?1)",
    )?;
    for id in ids {
        prune.execute([id])?;
    }
    Ok(())
}

/// Every statement here writes at most one row: a statement that may write several (`INSERT … SELECT`, a
/// `DELETE` of many rows) runs in a statement savepoint, which makes FTS5 flush its pending terms (see fts.rs).
fn set_tags(tx: &Transaction, id: i64, tags: &[String]) -> Result<()> {
    let old_tags = tag_ids(tx, id)?;
    for old in &old_tags {
        tx.prepare_cached("DELETE FROM article_tags WHERE article_id = ? AND tag_id = ?")?.execute([id, *old])?;
    }
    for tag in tags {
        tx.prepare_cached("INSERT INTO tags (name) VALUES (?) ON CONFLICT (name) DO NOTHING")?.execute([tag])?;
        let tag_id: i64 = tx.prepare_cached("SELECT id FROM tags WHERE name = ?")?.query_row([tag], |r| r.get(0))?;
        tx.prepare_cached("INSERT OR IGNORE INTO article_tags (article_id, tag_id) VALUES (?, ?)")?
            .execute([id, tag_id])?;
    }
    prune_tags(tx, &old_tags)
}

/// `base`, or `base-2`, `base-3`, ... whichever no other article holds.
fn unique_slug(conn: &Connection, base: &str, except: Option<i64>) -> Result<String> {
    let mut stmt = conn.prepare_cached("SELECT id FROM articles WHERE slug = ?")?;
    let mut candidate = base.to_string();
    for n in 2.. {
        let holder: Option<i64> = stmt.query_row([&candidate], |r| r.get(0)).optional()?;
        if holder.is_none() || holder == except {
            break;
        }
        candidate = format!("{base}-{n}");
    }
    Ok(candidate)
}

/// Re-renders every article from its stored Markdown when this build's renderer or sanitizer differs from the
/// one that wrote the library, so stored HTML is always what the current sanitizer produces. Metadata, ids,
/// bookmarks and reading state are untouched.
pub(crate) fn rerender_if_stale(library: &Library) -> Result<()> {
    let stored = library.setting(super::settings::RENDER_VERSION_KEY)?;
    if stored.as_deref() == Some(RENDER_VERSION.to_string().as_str()) {
        return Ok(());
    }
    library.write(|tx| {
        let rows: Vec<(i64, String, String)> = tx
            .prepare("SELECT id, markdown, COALESCE(source_path, slug) FROM articles")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let mut stmt = tx.prepare(
            "UPDATE articles SET html = ?2, toc = ?3, body_text = ?4, word_count = ?5, reading_minutes = ?6 WHERE id = ?1",
        )?;
        for (id, markdown, name) in rows {
            let read_as = ReadAs { file_name: &name, strictness: Strictness::Lenient, default_category: "" };
            // An article that no longer renders keeps its old text rather than vanishing.
            let Ok(doc) = Document::from_markdown(&markdown, read_as) else { continue };
            let r = &doc.rendered;
            let Some(old) = fts::unindex(tx, id)? else { continue };
            stmt.execute(params![id, r.html, serde_json::to_string(&r.toc)?, r.text, r.word_count, r.reading_minutes()])?;
            fts::index(tx, id, &fts::Indexed { body_text: r.text.clone(), ..old })?;
        }
        super::settings::put(tx, super::settings::RENDER_VERSION_KEY, &RENDER_VERSION.to_string())
    })
}

impl Library {
    /// One page of articles matching `query`, with the total for paging.
    pub fn list(&self, query: &ListQuery) -> Result<Page<ArticleSummary>> {
        let limit = query.limit.clamp(1, MAX_PAGE);
        let mut params = Vec::new();
        let conditions = filter_sql(&query.filter, &mut params);
        let order = match query.sort {
            Sort::Title => "a.title COLLATE NOCASE, a.id",
            Sort::Newest => "a.published DESC, a.id DESC",
            Sort::RecentlyRead => "r.last_opened IS NULL, r.last_opened DESC, a.title COLLATE NOCASE",
        };
        self.read(|conn| {
            let total: u64 = conn
                .prepare_cached(&format!("SELECT count(*) FROM {SUMMARY_FROM} WHERE 1 = 1{conditions}"))?
                .query_row(params_from_iter(&params), |r| r.get::<_, i64>(0))? as u64;
            let sql = format!(
                "SELECT {SUMMARY_COLUMNS} FROM {SUMMARY_FROM} WHERE 1 = 1{conditions} ORDER BY {order} LIMIT {limit} OFFSET {}",
                query.offset
            );
            let items = conn
                .prepare_cached(&sql)?
                .query_map(params_from_iter(&params), summary_from_row)?
                .collect::<rusqlite::Result<_>>()?;
            Ok(Page { items, total, offset: query.offset, limit })
        })
    }

    /// Every category with its number of articles, by name.
    pub fn categories(&self) -> Result<Vec<NameCount>> {
        self.read(|conn| {
            let rows = conn
                .prepare_cached(
                    "SELECT category, count(*) FROM articles GROUP BY category ORDER BY category COLLATE NOCASE",
                )?
                .query_map([], |r| Ok(NameCount { name: r.get(0)?, count: r.get::<_, i64>(1)? as u64 }))?
                .collect::<rusqlite::Result<_>>()?;
            Ok(rows)
        })
    }

    /// Every tag with its number of articles, most used first.
    pub fn tags(&self) -> Result<Vec<NameCount>> {
        self.read(|conn| {
            let rows = conn
                .prepare_cached(
                    "SELECT t.name, count(*) AS n FROM article_tags at JOIN tags t ON t.id = at.tag_id
                     GROUP BY at.tag_id ORDER BY n DESC, t.name COLLATE NOCASE",
                )?
                .query_map([], |r| Ok(NameCount { name: r.get(0)?, count: r.get::<_, i64>(1)? as u64 }))?
                .collect::<rusqlite::Result<_>>()?;
            Ok(rows)
        })
    }

    /// Everything the reader shows for one article.
    pub fn article(&self, slug: &str) -> Result<Article> {
        self.read(|conn| {
            let id = id_for_slug(conn, slug)?;
            let mut article = conn
                .prepare_cached(
                    "SELECT a.id, a.slug, a.title, a.summary, a.category, a.tags, a.author, a.published, a.reviewed,
                            a.sources, a.content_warnings, a.word_count, a.reading_minutes, a.toc, a.html, a.body_text,
                            a.origin, a.source_path, a.added_at, b.article_id IS NOT NULL, b.note,
                            COALESCE(r.position, 0), COALESCE(r.finished, 0), r.last_opened
                     FROM articles a LEFT JOIN bookmarks b ON b.article_id = a.id
                          LEFT JOIN reading_state r ON r.article_id = a.id
                     WHERE a.id = ?",
                )?
                .query_row([id], |r| {
                    Ok(Article {
                        id: r.get(0)?,
                        slug: r.get(1)?,
                        title: r.get(2)?,
                        summary: r.get(3)?,
                        category: r.get(4)?,
                        tags: json_list(&r.get::<_, String>(5)?),
                        author: r.get(6)?,
                        published: r.get(7)?,
                        reviewed: r.get(8)?,
                        sources: serde_json::from_str(&r.get::<_, String>(9)?).unwrap_or_default(),
                        content_warnings: json_list(&r.get::<_, String>(10)?),
                        word_count: r.get(11)?,
                        reading_minutes: r.get(12)?,
                        toc: serde_json::from_str(&r.get::<_, String>(13)?).unwrap_or_default(),
                        html: r.get(14)?,
                        text: r.get(15)?,
                        origin: Origin::parse(&r.get::<_, String>(16)?),
                        source_path: r.get(17)?,
                        added_at: r.get(18)?,
                        bookmarked: r.get(19)?,
                        note: r.get(20)?,
                        position: r.get(21)?,
                        finished: r.get(22)?,
                        last_opened: r.get(23)?,
                        previous: None,
                        next: None,
                        related: Vec::new(),
                    })
                })?;
            (article.previous, article.next) = neighbours(conn, &article)?;
            article.related = related(conn, &article)?;
            Ok(article)
        })
    }

    /// Deletes an imported article with its bookmark and reading state. Bundled articles are part of Haven
    /// and cannot be deleted.
    pub fn delete_article(&self, slug: &str) -> Result<()> {
        self.write(|tx| {
            let id = id_for_slug(tx, slug)?;
            let origin: String = tx.query_row("SELECT origin FROM articles WHERE id = ?", [id], |r| r.get(0))?;
            if Origin::parse(&origin) == Origin::Bundled {
                return Err(Error::invalid(format!(
                    "“{slug}” comes with Haven and cannot be deleted; only imported articles can"
                )));
            }
            delete(tx, id)
        })
    }
}

/// The articles before and after this one in its category, in title order.
/// Both queries are written as a bound on the title plus a tie-break, so SQLite seeks straight to the article in
/// `articles_by_category`; written as one `OR`, its planner walked the category from the end (0.85 ms at 14,000
/// articles in a category, against 0.01 ms).
fn neighbours(conn: &Connection, article: &Article) -> Result<(Option<ArticleLink>, Option<ArticleLink>)> {
    let link = |r: &Row| Ok(ArticleLink { slug: r.get(0)?, title: r.get(1)?, category: r.get(2)? });
    let previous = conn
        .prepare_cached(
            "SELECT slug, title, category FROM articles
             WHERE category = ?1 AND title COLLATE NOCASE <= ?2 AND (title COLLATE NOCASE < ?2 OR id < ?3)
             ORDER BY title COLLATE NOCASE DESC, id DESC LIMIT 1",
        )?
        .query_row(params![article.category, article.title, article.id], link)
        .optional()?;
    let next = conn
        .prepare_cached(
            "SELECT slug, title, category FROM articles
             WHERE category = ?1 AND title COLLATE NOCASE >= ?2 AND (title COLLATE NOCASE > ?2 OR id > ?3)
             ORDER BY title COLLATE NOCASE, id LIMIT 1",
        )?
        .query_row(params![article.category, article.title, article.id], link)
        .optional()?;
    Ok((previous, next))
}

/// How many related articles the reader shows.
const RELATED: usize = 5;
/// Candidates taken per shared tag, and from the text match: bounded work however large the library (40
/// rather than 100 halved "get one article" at 10,000 articles without changing what the reader sees as related).
const RELATED_CANDIDATES: usize = 40;

/// Up to five articles related by shared tags and shared title words, best first, topped up from the same
/// category (then from the whole library) so there are at least three when the library has them.
///
/// The work is bounded: candidates are at most [`RELATED_CANDIDATES`] articles per tag plus as many unranked
/// text matches on title, tags and summary, scored here rather than ranked by FTS5 over every match, which at
/// 100,000 articles would rank tens of thousands of rows for a common word.
fn related(conn: &Connection, article: &Article) -> Result<Vec<ArticleLink>> {
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
    let words = search::meaningful_words(&article.title);
    if let Some(query) = search::any_of_words(&format!("{} {}", article.title, article.tags.join(" "))) {
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
        let shared = search::meaningful_words(&title).iter().filter(|w| words.contains(w)).count();
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

#[cfg(test)]
mod tests {
    use super::super::tests::library;
    use super::*;
    use crate::error::ErrorKind;

    #[test]
    fn lists_filter_sort_and_page() {
        let lib = library();
        let all = lib.list(&ListQuery::default()).unwrap();
        assert_eq!(all.total, 3);
        let titles: Vec<_> = all.items.iter().map(|a| a.title.as_str()).collect();
        assert_eq!(
            titles,
            ["Sleep and recovery", "Stopping antidepressants safely", "Support groups and peer recovery"]
        );
        assert_eq!(all.items[0].tags, ["sleep", "habits"]);
        assert_eq!(all.items[0].reading_minutes, 1);

        let mut q = ListQuery { sort: Sort::Newest, ..ListQuery::default() };
        let newest: Vec<_> = lib.list(&q).unwrap().items.into_iter().map(|a| a.slug).collect();
        assert_eq!(newest, ["sleep-and-recovery", "stopping-antidepressants", "support-groups"]);

        q.filter.category = Some("Recovery and wellbeing".into());
        assert_eq!(lib.list(&q).unwrap().total, 2);
        q.filter.tag = Some("HABITS".into());
        assert_eq!(lib.list(&q).unwrap().total, 2, "tags match without regard to case");
        q.filter.tag = Some("community".into());
        assert_eq!(lib.list(&q).unwrap().items[0].slug, "support-groups");

        let page = lib.list(&ListQuery { offset: 1, limit: 1, ..ListQuery::default() }).unwrap();
        assert_eq!((page.total, page.items.len(), page.items[0].slug.as_str()), (3, 1, "stopping-antidepressants"));
    }

    #[test]
    fn reading_filters_and_recent_order() {
        let lib = library();
        lib.set_reading_position("support-groups", 0.4).unwrap();
        lib.set_reading_position("sleep-and-recovery", 1.0).unwrap();
        let q = |filter: Filter, sort| ListQuery { filter, sort, ..ListQuery::default() };
        let slugs = |q: ListQuery| lib.list(&q).unwrap().items.into_iter().map(|a| a.slug).collect::<Vec<_>>();
        assert_eq!(slugs(q(Filter { unread: true, ..Filter::default() }, Sort::Title)), ["stopping-antidepressants"]);
        assert_eq!(slugs(q(Filter { in_progress: true, ..Filter::default() }, Sort::Title)), ["support-groups"]);
        let recent = slugs(q(Filter::default(), Sort::RecentlyRead));
        assert_eq!(recent[2], "stopping-antidepressants", "never-read articles come last");
        lib.add_bookmark("stopping-antidepressants", None).unwrap();
        assert_eq!(
            slugs(q(Filter { bookmarked: true, ..Filter::default() }, Sort::Title)),
            ["stopping-antidepressants"]
        );
    }

    #[test]
    fn categories_and_tags_have_counts() {
        let lib = library();
        let cats: Vec<_> = lib.categories().unwrap().into_iter().map(|c| (c.name, c.count)).collect();
        assert_eq!(cats, [("Medications".to_string(), 1), ("Recovery and wellbeing".to_string(), 2)]);
        let tags = lib.tags().unwrap();
        assert_eq!((tags[0].name.as_str(), tags[0].count), ("habits", 2));
        assert_eq!(tags.len(), 6);
    }

    #[test]
    fn one_article_has_everything_the_reader_shows() {
        let lib = library();
        let a = lib.article("sleep-and-recovery").unwrap();
        assert_eq!(a.title, "Sleep and recovery");
        assert_eq!(a.sources[0].publisher, "NHS");
        assert_eq!(a.toc[0].id, "building-a-routine");
        assert!(a.html.contains(r##"href="#/article/stopping-antidepressants""##));
        assert!(a.text.starts_with("Sleep often improves"));
        assert_eq!((a.bookmarked, a.note.clone(), a.position), (false, None, 0.0));
        assert_eq!(a.previous, None);
        assert_eq!(a.next.as_ref().unwrap().slug, "support-groups");
        assert_eq!(lib.article("support-groups").unwrap().previous.unwrap().slug, "sleep-and-recovery");
        let related: Vec<_> = a.related.iter().map(|r| r.slug.as_str()).collect();
        assert_eq!(related[0], "support-groups", "shares the habits tag: {related:?}");
        assert!(related.len() >= 2 && !related.contains(&"sleep-and-recovery"));
        assert_eq!(lib.article("support-groups").unwrap().content_warnings, ["relapse"]);
        assert_eq!(lib.article("nope").unwrap_err().kind, ErrorKind::NotFound);
    }

    #[test]
    fn tags_no_article_carries_any_more_disappear() {
        let lib = library();
        let read_as = ReadAs { file_name: "mine.md", strictness: Strictness::Lenient, default_category: "Imported" };
        let with_tag = Document::from_markdown("---\ntags: [solitary, habits]\n---\nText.", read_as).unwrap();
        let id = lib.write(|tx| insert(tx, &with_tag, Origin::Imported, Some("/x/mine.md"))).unwrap();
        let names = |lib: &Library| lib.tags().unwrap().into_iter().map(|t| t.name).collect::<Vec<_>>();
        assert!(names(&lib).contains(&"solitary".to_string()));
        let without = Document::from_markdown("---\ntags: [habits]\n---\nText again.", read_as).unwrap();
        lib.write(|tx| update(tx, id, &without, Some("/x/mine.md"))).unwrap();
        let count: i64 = lib
            .read(|c| Ok(c.query_row("SELECT count(*) FROM tags WHERE name = 'solitary'", [], |r| r.get(0))?))
            .unwrap();
        assert_eq!(count, 0, "the dropped tag is pruned on update");
        lib.write(|tx| delete(tx, id)).unwrap();
        assert!(names(&lib).contains(&"habits".to_string()), "a tag other articles carry stays");
    }

    #[test]
    fn bundled_articles_cannot_be_deleted() {
        let lib = library();
        assert_eq!(lib.delete_article("support-groups").unwrap_err().kind, ErrorKind::InvalidInput);
        assert_eq!(lib.delete_article("missing").unwrap_err().kind, ErrorKind::NotFound);
    }

    #[test]
    fn a_renderer_change_rerenders_stored_html_and_keeps_reading_state() {
        let lib = library();
        lib.add_bookmark("support-groups", Some("mine")).unwrap();
        lib.write(|tx| {
            tx.execute("UPDATE articles SET html = '<p>old</p>'", [])?;
            super::super::settings::put(tx, super::super::settings::RENDER_VERSION_KEY, "0")
        })
        .unwrap();
        rerender_if_stale(&lib).unwrap();
        let a = lib.article("support-groups").unwrap();
        assert!(a.html.contains("SMART Recovery"));
        assert_eq!(a.note.as_deref(), Some("mine"));
    }

    /// Both full-text indexes match the articles table after every kind of write (FTS5's `integrity-check`
    /// with rank 1 compares an external-content index with its content), and search sees the new text only.
    #[test]
    fn full_text_indexes_follow_every_write() {
        let lib = library();
        let check = |lib: &Library| {
            lib.write(|tx| {
                tx.execute_batch(
                    "INSERT INTO articles_fts (articles_fts, rank) VALUES ('integrity-check', 1);
                     INSERT INTO titles_fts (titles_fts, rank) VALUES ('integrity-check', 1);",
                )?;
                Ok(())
            })
            .unwrap()
        };
        let found = |lib: &Library, q: &str| lib.search(q, &Filter::default(), 50, 0).unwrap().len();
        check(&lib);
        let read_as = ReadAs { file_name: "walks.md", strictness: Strictness::Lenient, default_category: "Imported" };
        let first = Document::from_markdown("# Evening walks\n\nA zephyrous evening walk.", read_as).unwrap();
        let id = lib.write(|tx| insert(tx, &first, Origin::Imported, Some("/x/walks.md"))).unwrap();
        check(&lib);
        assert_eq!((found(&lib, "zephyrous"), found(&lib, "evening walks")), (1, 1));
        let second = Document::from_markdown("# Morning swims\n\nA brisk quixotic swim.", read_as).unwrap();
        lib.write(|tx| update(tx, id, &second, Some("/x/walks.md"))).unwrap();
        check(&lib);
        assert_eq!((found(&lib, "zephyrous"), found(&lib, "quixotic"), found(&lib, "morning")), (0, 1, 1));
        lib.write(|tx| {
            super::super::settings::put(tx, super::super::settings::RENDER_VERSION_KEY, "0")?;
            tx.execute("UPDATE articles SET html = '<p>old</p>' WHERE id = ?", [id])?;
            Ok(())
        })
        .unwrap();
        rerender_if_stale(&lib).unwrap();
        check(&lib);
        lib.write(|tx| delete(tx, id)).unwrap();
        check(&lib);
        assert_eq!(found(&lib, "quixotic"), 0);
    }

    #[test]
    fn slugs_are_made_unique() {
        let lib = library();
        let doc = Document::from_markdown(
            "Peer groups again.",
            ReadAs { file_name: "support-groups.md", strictness: Strictness::Lenient, default_category: "Imported" },
        )
        .unwrap();
        let id = lib.write(|tx| insert(tx, &doc, Origin::Imported, Some("/x/support-groups.md"))).unwrap();
        let slug: String =
            lib.read(|c| Ok(c.query_row("SELECT slug FROM articles WHERE id = ?", [id], |r| r.get(0))?)).unwrap();
        assert_eq!(slug, "support-groups-2");
    }
}
