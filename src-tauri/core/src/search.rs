//! Full-text search: a person's words in, ranked results with highlighted snippets out.
//!
//! Search input is never FTS5 syntax. [`fts_query`] takes words and "quoted phrases" out of whatever was typed
//! and writes each as an FTS5 string, so `AND`, `NEAR(`, `*`, `)(` and unbalanced quotes are just words (or
//! nothing) and can never make SQLite report a syntax error. The last word is a prefix while the person is
//! still typing it. Ranking is FTS5's bm25 with the title weighted above tags, summary and body.

use rusqlite::types::Value;
use rusqlite::{params_from_iter, Connection, OptionalExtension};

use crate::error::Result;
use crate::model::{Filter, SearchHit};
use crate::snippet::{self, Needles};
use crate::store::articles::{filter_sql, json_list, MAX_PAGE};
use crate::store::Library;

/// At most this many terms are searched for; the rest of a pasted paragraph is ignored.
const MAX_TERMS: usize = 16;

/// Turns what a person typed into an FTS5 query, or `None` when it holds no searchable word.
pub fn fts_query(input: &str) -> Option<String> {
    build_query(input, true)
}

/// The query with the word being typed taken as a whole word: it matches a subset of [`fts_query`]'s matches
/// and, having no prefix to expand, is cheap to count even for a word in every article.
fn whole_words_query(input: &str) -> Option<String> {
    build_query(input, false)
}

fn build_query(input: &str, typing: bool) -> Option<String> {
    let mut terms: Vec<String> = Vec::new();
    let mut rest = input;
    let mut last_is_prefix = false;
    while !rest.is_empty() && terms.len() < MAX_TERMS {
        if let Some(after) = rest.strip_prefix('"') {
            // A phrase runs to the next quote, or to the end when it is never closed.
            let (phrase, tail) = after.split_once('"').unwrap_or((after, ""));
            let words = words(phrase);
            if !words.is_empty() {
                terms.push(quote(&words.join(" ")));
            }
            last_is_prefix = false;
            rest = tail;
            continue;
        }
        let end = rest.find(|c: char| c.is_whitespace() || c == '"').unwrap_or(rest.len());
        let chunk = &rest[..end];
        for word in words(chunk) {
            terms.push(quote(&word));
            last_is_prefix = end == rest.len();
        }
        rest = rest[end..].trim_start_matches(char::is_whitespace);
    }
    terms.truncate(MAX_TERMS);
    if terms.is_empty() {
        return None;
    }
    // The word being typed matches as a prefix, once it is long enough to be worth it.
    if last_is_prefix && !input.ends_with(char::is_whitespace) {
        let last = terms.last_mut()?;
        let word = last[1..last.len() - 1].to_string();
        *last = match typing {
            true => typing_prefix(&word),
            // As a whole word, a half-typed suffix is left off: "medicatio" counts as "medic".
            false => quote(typing_stem(&word).unwrap_or(&word)),
        };
    }
    // Explicit ANDs: FTS5 does not accept an implicit AND next to a parenthesised group.
    Some(terms.join(" AND "))
}

/// The query for a word still being typed. The index holds Porter stems, and a half-typed suffix can miss the
/// stem it is heading for: "cravin" is not a prefix of "crave" (the stem of "cravings"), nor "medicatio" of
/// "medic". So when the end of the typed word could be the start of a suffix Porter strips ("in" of "-ing",
/// "atio" of "-ation"), the word also matches the part before it, if that is at least four letters. Nothing else
/// is shortened: "withdr" must not also search for every word beginning "with".
fn typing_prefix(word: &str) -> String {
    if word.chars().count() < 2 {
        return quote(word);
    }
    match typing_stem(word) {
        Some(stem) => format!("({}* OR {}*)", quote(word), quote(stem)),
        None => format!("{}*", quote(word)),
    }
}

/// The part of a half-typed word before a suffix the Porter stemmer strips, if the word ends part-way into
/// one and at least four letters come before it (see [`typing_prefix`]).
pub(crate) fn typing_stem(word: &str) -> Option<&str> {
    let starts: Vec<usize> = word.char_indices().map(|(i, _)| i).collect();
    (4..starts.len())
        .map(|k| starts[k])
        .find(|&at| STRIPPED_SUFFIXES.iter().any(|suffix| suffix.starts_with(&word[at..])))
        .map(|at| &word[..at])
}

/// English suffixes the Porter stemmer removes or rewrites, whose beginnings a reader may be part-way through.
const STRIPPED_SUFFIXES: [&str; 24] = [
    "ing", "ings", "ion", "ions", "ation", "ations", "ational", "ed", "er", "ers", "es", "ness", "ment", "ments",
    "ity", "ities", "ive", "ous", "ance", "ence", "able", "ible", "ization", "isation",
];

/// Words that carry meaning for "related articles": three letters or more, not a stop word, each once.
pub(crate) fn meaningful_words(text: &str) -> Vec<String> {
    const STOP: [&str; 24] = [
        "and", "the", "for", "with", "from", "your", "you", "what", "when", "how", "why", "about", "into", "can",
        "are", "after", "before", "this", "that", "who", "does", "not", "its", "our",
    ];
    let mut seen = std::collections::HashSet::new();
    words(text)
        .into_iter()
        .filter(|w| w.chars().count() >= 3 && !STOP.contains(&w.as_str()) && seen.insert(w.clone()))
        .take(MAX_TERMS)
        .collect()
}

/// An FTS5 query matching any of the meaningful words of `text`, for "related articles".
pub(crate) fn any_of_words(text: &str) -> Option<String> {
    let words: Vec<String> = meaningful_words(text).iter().map(|w| quote(w)).collect();
    (!words.is_empty()).then(|| words.join(" OR "))
}

/// Runs of letters and digits, lowercased (apostrophes inside a word keep it whole: "don't").
pub(crate) fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
        .map(|w| w.trim_matches(['\'', '’']))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

fn quote(text: &str) -> String {
    format!("\"{}\"", text.replace('"', "\"\""))
}

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
    },
}

const HIT_COLUMNS: &str = "a.slug, a.title, a.category, a.tags, a.summary, a.reading_minutes,
     substr(a.body_text, 1, 262144), b.article_id IS NOT NULL, a.id";
const HIT_JOINS: &str = "JOIN articles a ON a.id = f.rowid
     LEFT JOIN bookmarks b ON b.article_id = a.id LEFT JOIN reading_state r ON r.article_id = a.id";

impl Library {
    /// Articles matching a person's words, best first, with the same filters as [`Library::list`]. An empty
    /// or wordless query returns nothing.
    pub fn search(&self, input: &str, filter: &Filter, limit: u32, offset: u32) -> Result<Vec<SearchHit>> {
        self.search_ranking_up_to(input, filter, limit, offset, RANK_ALL_UP_TO)
    }

    /// [`Library::search`] with the ranking threshold given, so tests can reach the tiered path.
    pub(crate) fn search_ranking_up_to(
        &self,
        input: &str,
        filter: &Filter,
        limit: u32,
        offset: u32,
        rank_all_up_to: i64,
    ) -> Result<Vec<SearchHit>> {
        let Some(query) = fts_query(input) else { return Ok(Vec::new()) };
        let needles = Needles::from_input(input);
        let limit = limit.clamp(1, MAX_PAGE) as usize;
        let offset = offset as usize;
        let whole_words = whole_words_query(input).filter(|w| *w != query);
        self.read(|conn| {
            let rank_all_up_to = rank_all_up_to.max(1);
            // A half-typed common word ("help", "recover") expands to many terms, and every pass over the main
            // index merges all of them. When the whole word alone is already too common to rank, the prefix is
            // not expanded there at all: the title index (small) still matches the prefix, and the page is
            // filled with the whole word's matches.
            let (ranking, fill_query) = match &whole_words {
                Some(whole) if more_matches_than(conn, whole, rank_all_up_to)? => {
                    (titles_ranking(conn, &query, rank_all_up_to)?, whole.clone())
                }
                _ => (ranking(conn, &query, rank_all_up_to)?, query.clone()),
            };
            let (index, from_rowid) = match ranking {
                Ranking::All => ("articles_fts", String::new()),
                Ranking::TitlesAndTags { from_rowid: None } => ("titles_fts", String::new()),
                Ranking::TitlesAndTags { from_rowid: Some(rowid) } => {
                    ("titles_fts", format!(" AND f.rowid >= {rowid}"))
                }
            };
            let mut params = vec![Value::Text(query.clone())];
            let conditions = filter_sql(filter, &mut params);
            // Ranking everything pages in SQL. The tiered path pages after filling, so it fetches from the top.
            let (wanted, sql_offset, skip_after) =
                if ranking == Ranking::All { (limit, offset, 0) } else { (limit + offset, 0, offset) };
            let sql = format!(
                "SELECT {HIT_COLUMNS} FROM {index} f {HIT_JOINS}
                 WHERE {index} MATCH ?{conditions}{from_rowid} ORDER BY f.rank LIMIT {wanted} OFFSET {sql_offset}"
            );
            let mut hits = collect_hits(conn, &sql, &params, &needles)?;
            if ranking != Ranking::All && hits.len() < wanted {
                // Fill the page with the other matches, newest first.
                let seen: Vec<String> = hits.iter().map(|(id, _)| id.to_string()).collect();
                let exclude =
                    if seen.is_empty() { String::new() } else { format!(" AND f.rowid NOT IN ({})", seen.join(",")) };
                let sql = format!(
                    "SELECT {HIT_COLUMNS} FROM articles_fts f {HIT_JOINS}
                     WHERE articles_fts MATCH ?{conditions}{exclude} ORDER BY f.rowid DESC LIMIT {}",
                    wanted - hits.len()
                );
                params[0] = Value::Text(fill_query);
                hits.extend(collect_hits(conn, &sql, &params, &needles)?);
            }
            Ok(hits.into_iter().skip(skip_after).take(limit).map(|(_, h)| h).collect())
        })
    }
}

/// Whether `query` matches more than `limit` articles. Stops counting at `limit + 1`: a word in nearly every
/// article is known to be common after a few thousand rows, not a hundred thousand.
fn more_matches_than(conn: &Connection, query: &str, limit: i64) -> Result<bool> {
    let count: i64 = conn
        .prepare_cached("SELECT count(*) FROM (SELECT 1 FROM articles_fts WHERE articles_fts MATCH ? LIMIT ?)")?
        .query_row(rusqlite::params![query, limit + 1], |r| r.get(0))?;
    Ok(count > limit)
}

/// Decides how much of a search to rank; see [`RANK_ALL_UP_TO`]. One bounded count, then (for a common word)
/// the rowid of the `rank_all_up_to`-th newest title or tag match, which is none when there are fewer.
fn ranking(conn: &Connection, query: &str, rank_all_up_to: i64) -> Result<Ranking> {
    if !more_matches_than(conn, query, rank_all_up_to)? {
        return Ok(Ranking::All);
    }
    titles_ranking(conn, query, rank_all_up_to)
}

/// The tiered ranking for a query known to match too many articles to rank them all.
fn titles_ranking(conn: &Connection, query: &str, rank_all_up_to: i64) -> Result<Ranking> {
    let from_rowid = conn
        .prepare_cached("SELECT rowid FROM titles_fts WHERE titles_fts MATCH ? ORDER BY rowid DESC LIMIT 1 OFFSET ?")?
        .query_row(rusqlite::params![query, rank_all_up_to - 1], |r| r.get(0))
        .optional()?;
    Ok(Ranking::TitlesAndTags { from_rowid })
}

fn collect_hits(conn: &Connection, sql: &str, params: &[Value], needles: &Needles) -> Result<Vec<(i64, SearchHit)>> {
    let hits = conn
        .prepare_cached(sql)?
        .query_map(params_from_iter(params), |r| {
            Ok((
                r.get(8)?,
                SearchHit {
                    slug: r.get(0)?,
                    title: r.get(1)?,
                    category: r.get(2)?,
                    tags: json_list(&r.get::<_, String>(3)?),
                    summary: r.get(4)?,
                    reading_minutes: r.get(5)?,
                    snippet: snippet::snippet(&r.get::<_, String>(6)?, needles),
                    bookmarked: r.get(7)?,
                },
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(hits)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::tests::library;

    #[test]
    fn queries_are_built_from_words_never_syntax() {
        let cases = [
            ("sleep", Some(r#""sleep"*"#)),
            ("sleepin", Some(r#"("sleepin"* OR "sleep"*)"#)),
            ("withdr", Some(r#""withdr"*"#)),
            ("antidep", Some(r#""antidep"*"#)),
            ("cravin", Some(r#"("cravin"* OR "crav"*)"#)),
            ("medicatio", Some(r#"("medicatio"* OR "medic"*)"#)),
            ("discontinuati", Some(r#"("discontinuati"* OR "discontinu"*)"#)),
            ("sle", Some(r#""sle"*"#)),
            ("s", Some(r#""s""#)),
            ("sleep ", Some(r#""sleep""#)),
            ("Sleep Routine", Some(r#""sleep" AND ("routine"* OR "routi"*)"#)),
            (r#""side effects" weight"#, Some(r#""side effects" AND "weight"*"#)),
            (r#""unclosed phrase"#, Some(r#""unclosed phrase""#)),
            ("a AND b OR NOT c", Some(r#""a" AND "and" AND "b" AND "or" AND "not" AND "c""#)),
            ("NEAR(x y)", Some(r#""near" AND "x" AND "y""#)),
            ("don't", Some(r#""don't"*"#)),
            ("*", None),
            (")(", None),
            ("", None),
            ("   \" \"  ", None),
            ("café-crème", Some(r#""café" AND ("crème"* OR "crèm"*)"#)),
        ];
        for (input, want) in cases {
            assert_eq!(fts_query(input).as_deref(), want, "{input:?}");
        }
        assert_eq!(fts_query(&"word ".repeat(100)).unwrap().matches("\"word\"").count(), MAX_TERMS);
    }

    #[test]
    fn hostile_and_odd_input_never_errors() {
        let lib = library();
        for input in [
            "\"",
            "\"\"",
            "AND",
            "OR",
            "NOT",
            "NEAR(",
            "NEAR(a b, 3)",
            "*",
            "**",
            ")(",
            "(",
            "a:b",
            "title:sleep",
            "^sleep",
            "sleep -withdrawal",
            "{a b}",
            "'",
            "’",
            "\u{0}",
            "\u{E000}",
            "-",
            "+",
            "a OR",
            "\"a\" AND \"",
            "sleep*",
        ] {
            lib.search(input, &Filter::default(), 10, 0).unwrap_or_else(|e| panic!("{input:?}: {e}"));
        }
        assert!(lib.search("", &Filter::default(), 10, 0).unwrap().is_empty());
        assert!(lib.search("   ", &Filter::default(), 10, 0).unwrap().is_empty());
    }

    #[test]
    fn finds_ranks_and_highlights() {
        let lib = library();
        let hits = lib.search("sleep", &Filter::default(), 10, 0).unwrap();
        assert_eq!(hits.len(), 3);
        assert_eq!(hits[0].slug, "sleep-and-recovery", "a title match ranks first");
        assert!(hits[0].snippet.contains("<mark>Sleep</mark>"), "{}", hits[0].snippet);
        // Stemming: "tapering" finds "taper"; diacritics are ignored; prefixes match while typing.
        assert_eq!(lib.search("tapering", &Filter::default(), 10, 0).unwrap()[0].slug, "stopping-antidepressants");
        assert_eq!(lib.search("discontinuatión", &Filter::default(), 10, 0).unwrap().len(), 1);
        // A half-typed word finds the stem it is heading for ("discontinuation" is indexed as "discontinu").
        assert_eq!(lib.search("discontinuati", &Filter::default(), 10, 0).unwrap()[0].slug, "stopping-antidepressants");
        assert_eq!(lib.search("cravin", &Filter::default(), 10, 0).unwrap()[0].slug, "support-groups");
        let typed = lib.search("antidep", &Filter::default(), 10, 0).unwrap();
        assert_eq!(
            (typed.len(), typed[0].slug.as_str()),
            (2, "stopping-antidepressants"),
            "a title match first, then a link text"
        );
        assert!(lib
            .search("\"sleep troubles\"", &Filter::default(), 10, 0)
            .unwrap()
            .iter()
            .all(|h| h.slug == "support-groups"));
        let only = Filter { category: Some("Medications".into()), ..Filter::default() };
        assert_eq!(lib.search("sleep", &only, 10, 0).unwrap().len(), 1);
        assert_eq!(lib.search("sleep", &Filter::default(), 1, 1).unwrap().len(), 1);
    }

    #[test]
    fn very_common_words_rank_title_matches_and_fill_with_the_rest() {
        let lib = library();
        let slugs = |hits: Vec<SearchHit>| hits.into_iter().map(|h| h.slug).collect::<Vec<_>>();
        let full = slugs(lib.search("sleep", &Filter::default(), 10, 0).unwrap());
        // With a threshold of one, "sleep" (three matches, one in a title) ranks only the title match, then
        // fills the page with the other matches, newest first.
        let tiered = slugs(lib.search_ranking_up_to("sleep", &Filter::default(), 10, 0, 1).unwrap());
        assert_eq!(tiered, ["sleep-and-recovery", "support-groups", "stopping-antidepressants"]);
        assert_eq!(full[0], tiered[0], "the best match is the same either way");
        // Paging and filters still hold on the tiered path.
        assert_eq!(slugs(lib.search_ranking_up_to("sleep", &Filter::default(), 1, 1, 1).unwrap()), ["support-groups"]);
        let meds = Filter { category: Some("Medications".into()), ..Filter::default() };
        assert_eq!(slugs(lib.search_ranking_up_to("sleep", &meds, 10, 0, 1).unwrap()), ["stopping-antidepressants"]);
        // When even the title matches are too many, the newest of them are ranked.
        let hits = slugs(lib.search_ranking_up_to("recovery", &Filter::default(), 10, 0, 1).unwrap());
        assert_eq!(hits, ["support-groups", "sleep-and-recovery"]);
        // A half-typed common word: its title matches are found as a prefix ("recover" reaching "recovery"),
        // and the page is filled with the whole word's matches.
        let typed = slugs(lib.search_ranking_up_to("recover", &Filter::default(), 10, 0, 1).unwrap());
        assert_eq!(typed, ["support-groups", "sleep-and-recovery"]);
        let mut all = slugs(lib.search("recover", &Filter::default(), 10, 0).unwrap());
        all.sort();
        assert_eq!(all, ["sleep-and-recovery", "support-groups"], "the same articles, ranked all together");
    }

    #[test]
    fn related_queries_use_meaningful_words() {
        assert_eq!(any_of_words("How to stop and the NHS").as_deref(), Some(r#""stop" OR "nhs""#));
        assert_eq!(any_of_words("a an to"), None);
    }
}
