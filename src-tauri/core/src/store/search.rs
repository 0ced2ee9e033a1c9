//! Full-text search over the library: the ranked, filtered results of a query that `text` built, with a
//! snippet for each. Ranking is FTS5's bm25 with the title weighted above tags, summary and body.

use rusqlite::types::Value;
use rusqlite::{params_from_iter, Connection, OptionalExtension};

use super::articles::{filter_sql, json_list, MAX_PAGE};
use super::{vocabulary, Store};
use crate::document;
use crate::error::{Error, Result};
use crate::model::{Filter, SearchHit};
use crate::packed;
use crate::snippet::{self, Needles};
use crate::text;

/// How deep search results can be paged. A person reads the first pages; a deeper offset only makes the query
/// fetch and throw away more rows.
pub const MAX_OFFSET: u32 = 10_000;

/// Ranking costs a few microseconds for every matching article (bm25 reads each one's column sizes and
/// positions), so a word found in nearly every article of a 100,000-article library would take most of a
/// second to rank. Up to this many matches, every match is ranked. Beyond it, only matches in the title or
/// tags are ranked (bm25 weights those columns 10 and 5 times the body, so they head the full ranking anyway),
/// through `titles_fts`, an index of titles and tags alone whose lists are short; the newest this-many of them
/// when even those are too many. The rest of the page is filled with other matches, newest first.
pub const RANK_ALL_UP_TO: i64 = 1_000;

/// Which matches a search ranks.
#[derive(Debug, PartialEq, Eq)]
enum Ranking {
    All,
    /// Title and tag matches only, from this rowid up when that bound is set.
    TitlesAndTags {
        from_rowid: Option<i64>,
        /// The newest matches of the whole query in the main index, newest first, when the pass that counted
        /// them listed them ([`RANK_ALL_UP_TO`] + 1 of them); empty otherwise.
        newest: Vec<i64>,
    },
}

const HIT_COLUMNS: &str = "a.slug, a.title, a.category, a.tags, a.summary, a.reading_minutes,
     a.source, b.article_id IS NOT NULL, a.id";
const HIT_JOINS: &str = "JOIN articles a ON a.id = f.rowid
     LEFT JOIN bookmarks b ON b.article_id = a.id LEFT JOIN reading_state r ON r.article_id = a.id";

impl Store {
    /// Articles matching a person's words, best first, with the same filters as [`Store::list`]. An empty
    /// or wordless query returns nothing.
    pub fn search(&self, input: &str, filter: &Filter, limit: u32, offset: u32) -> Result<Vec<SearchHit>> {
        self.search_ranking_up_to(input, filter, limit, offset, RANK_ALL_UP_TO)
    }

    /// [`Store::search`] with the ranking threshold given, so tests can reach the tiered path.
    pub(crate) fn search_ranking_up_to(
        &self,
        input: &str,
        filter: &Filter,
        limit: u32,
        offset: u32,
        rank_all_up_to: i64,
    ) -> Result<Vec<SearchHit>> {
        if offset > MAX_OFFSET {
            return Err(Error::invalid(format!("search results can be paged at most {MAX_OFFSET} deep")));
        }
        if text::fts_query(input).is_none() {
            return Ok(Vec::new());
        }
        let needles = Needles::from_input(input);
        let limit = limit.clamp(1, MAX_PAGE) as usize;
        let offset = offset as usize;
        self.read(|conn| {
            let query = text::fts_query_expanded(input, &mut |prefix| expanded(conn, prefix)).unwrap_or_default();
            let whole_words = text::whole_words_query(input).filter(|w| *w != query);
            let rank_all_up_to = rank_all_up_to.max(1);
            // A half-typed common word ("help", "recover") expands to many terms, and every pass over the main
            // index merges all of them. When the whole word alone is already too common to rank, the prefix is
            // not expanded there at all: the title index (small) still matches the prefix, and the page is
            // filled with the whole word's matches.
            //
            // A prefix of fewer than four letters is never expanded there either: the main index has no prefix
            // index (store/fts.rs), and "re" stands for thousands of words. Titles and tags match it; the page is
            // filled with the matches of the words before it, or of it as a whole word when it is the only one.
            let (ranking, fill_query) = match &whole_words {
                Some(whole) if text::typing_short_prefix(input) => (
                    titles_ranking(conn, &query, rank_all_up_to, Vec::new())?,
                    text::settled_words_query(input).unwrap_or_else(|| whole.clone()),
                ),
                Some(whole) if more_matches_than(conn, whole, rank_all_up_to)? => {
                    (titles_ranking(conn, &query, rank_all_up_to, Vec::new())?, whole.clone())
                }
                _ => (ranking(conn, &query, rank_all_up_to)?, query.clone()),
            };
            // The pass that found `query` too common to rank listed its newest matches on the way: a prefix
            // expanded once is not expanded again to fill the page.
            let newest = match &ranking {
                Ranking::TitlesAndTags { newest, .. } if fill_query == query => newest.clone(),
                _ => Vec::new(),
            };
            let (index, from_rowid) = match ranking {
                Ranking::All => ("articles_fts", None),
                Ranking::TitlesAndTags { from_rowid, .. } => ("titles_fts", from_rowid),
            };
            let mut filter_params = Vec::new();
            let conditions = filter_sql(filter, &mut filter_params);
            // Ranking everything pages in SQL. The tiered path pages after filling, so it fetches from the top.
            let (wanted, sql_offset, skip_after) =
                if ranking == Ranking::All { (limit, offset, 0) } else { (limit + offset, 0, offset) };
            let mut page = vec![Value::Text(query.clone())];
            page.extend(filter_params.iter().cloned());
            let bound = match from_rowid {
                Some(rowid) => {
                    page.push(Value::Integer(rowid));
                    " AND f.rowid >= ?"
                }
                None => "",
            };
            page.extend([Value::Integer(wanted as i64), Value::Integer(sql_offset as i64)]);
            let sql = format!(
                "SELECT {HIT_COLUMNS} FROM {index} f {HIT_JOINS}
                 WHERE {index} MATCH ?{conditions}{bound} ORDER BY f.rank LIMIT ? OFFSET ?"
            );
            let mut hits = collect_hits(conn, &sql, &page, &needles)?;
            if ranking != Ranking::All && hits.len() < wanted && !newest.is_empty() {
                // Fill the page with the other matches, newest first: from those already listed, while they last.
                let seen: Vec<i64> = hits.iter().map(|(id, _)| *id).collect();
                let listed: Vec<i64> = newest.into_iter().filter(|id| !seen.contains(id)).collect();
                let mut fill = vec![Value::Text(serde_json::to_string(&listed)?)];
                fill.extend(filter_params.iter().cloned());
                fill.push(Value::Integer((wanted - hits.len()) as i64));
                let sql = format!(
                    "SELECT {HIT_COLUMNS} FROM (SELECT value AS rowid FROM json_each(?)) f {HIT_JOINS}
                     WHERE 1 = 1{conditions} ORDER BY f.rowid DESC LIMIT ?"
                );
                hits.extend(collect_hits(conn, &sql, &fill, &needles)?);
            }
            if ranking != Ranking::All && hits.len() < wanted {
                // Fill the page with the other matches, newest first.
                let seen: Vec<i64> = hits.iter().map(|(id, _)| *id).collect();
                let mut fill = vec![Value::Text(fill_query)];
                fill.extend(filter_params);
                fill.push(Value::Text(serde_json::to_string(&seen)?));
                fill.push(Value::Integer((wanted - hits.len()) as i64));
                let sql = format!(
                    "SELECT {HIT_COLUMNS} FROM articles_fts f {HIT_JOINS}
                     WHERE articles_fts MATCH ?{conditions} AND f.rowid NOT IN (SELECT value FROM json_each(?))
                     ORDER BY f.rowid DESC LIMIT ?"
                );
                hits.extend(collect_hits(conn, &sql, &fill, &needles)?);
            }
            Ok(hits.into_iter().skip(skip_after).take(limit).map(|(_, h)| h).collect())
        })
    }
}

/// The words a typed prefix may become (store/vocabulary.rs), or `None` to leave it to FTS5, as it is when the
/// vocabulary cannot be read: the search is slower then, never wrong.
fn expanded(conn: &Connection, prefix: &str) -> Option<Vec<String>> {
    vocabulary::expand(conn, prefix).unwrap_or_else(|e| {
        log::warn!("the vocabulary could not be read: {}", e.message);
        None
    })
}

/// Whether `query` matches more than `limit` articles. Stops counting at `limit + 1`: a word in nearly every
/// article is known to be common after a few thousand rows, not a hundred thousand.
fn more_matches_than(conn: &Connection, query: &str, limit: i64) -> Result<bool> {
    let count: i64 = conn
        .prepare_cached("SELECT count(*) FROM (SELECT 1 FROM articles_fts WHERE articles_fts MATCH ? LIMIT ?)")?
        .query_row(rusqlite::params![query, limit + 1], |r| r.get(0))?;
    Ok(count > limit)
}

/// Decides how much of a search to rank; see [`RANK_ALL_UP_TO`]. One bounded pass over the newest matches, then
/// (for a common word) the rowid of the `rank_all_up_to`-th newest title or tag match, which is none when there
/// are fewer. The newest matches listed are kept for filling the page.
fn ranking(conn: &Connection, query: &str, rank_all_up_to: i64) -> Result<Ranking> {
    let newest: Vec<i64> = conn
        .prepare_cached("SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? ORDER BY rowid DESC LIMIT ?")?
        .query_map(rusqlite::params![query, rank_all_up_to + 1], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    if newest.len() as i64 <= rank_all_up_to {
        return Ok(Ranking::All);
    }
    titles_ranking(conn, query, rank_all_up_to, newest)
}

/// The tiered ranking for a query known to match too many articles to rank them all, with its `newest` matches
/// when they were listed.
fn titles_ranking(conn: &Connection, query: &str, rank_all_up_to: i64, newest: Vec<i64>) -> Result<Ranking> {
    let from_rowid = conn
        .prepare_cached("SELECT rowid FROM titles_fts WHERE titles_fts MATCH ? ORDER BY rowid DESC LIMIT 1 OFFSET ?")?
        .query_row(rusqlite::params![query, rank_all_up_to - 1], |r| r.get(0))
        .optional()?;
    Ok(Ranking::TitlesAndTags { from_rowid, newest })
}

/// A snippet is cut from the text of at most this much of an article's source: the start of a very long
/// article, rendered, is enough to find the words of a search in, and costs a bounded fraction of a millisecond.
const SNIPPET_SOURCE_BYTES: usize = 256 * 1024;

fn collect_hits(conn: &Connection, sql: &str, params: &[Value], needles: &Needles) -> Result<Vec<(i64, SearchHit)>> {
    let rows: Vec<(i64, Vec<u8>, SearchHit)> = conn
        .prepare_cached(sql)?
        .query_map(params_from_iter(params), |r| {
            Ok((
                r.get(8)?,
                r.get(6)?,
                SearchHit {
                    slug: r.get(0)?,
                    title: r.get(1)?,
                    category: r.get(2)?,
                    tags: json_list(&r.get::<_, String>(3)?),
                    summary: r.get(4)?,
                    reading_minutes: r.get(5)?,
                    snippet: String::new(),
                    bookmarked: r.get(7)?,
                },
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows
        .into_iter()
        .map(|(id, source, mut hit)| {
            // A damaged article is still a result, without its snippet: one bad row never fails a search (opening
            // it says what is wrong).
            match packed::unpack_start(&source, SNIPPET_SOURCE_BYTES, &hit.slug) {
                Ok(start) => hit.snippet = snippet::of_markdown(document::source_body(&start, &hit.slug), needles),
                Err(e) => log::warn!("no snippet: {}", e.message),
            }
            (id, hit)
        })
        .collect())
}

#[cfg(test)]
mod tests;
