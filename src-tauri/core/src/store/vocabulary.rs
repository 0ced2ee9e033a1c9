//! Every word the library's articles contain, folded as the index compares words, so that a word still being
//! typed can be searched as the words it may become rather than as a prefix.
//!
//! Why: FTS5 answers a prefix query on an index without a prefix index (the body index has none: store/fts.rs)
//! by merging the whole list of every term that starts with it, positions included, before it returns a row. At
//! 100,000 articles that merge was most of a typed search: `withdr*` took 5.8 ms to list its newest thousand
//! matches, `withdraw OR withdrawn` 0.24 ms. FTS5 merges an `OR` of terms lazily, a row at a time, so a query that
//! names the words (looked up here in a B-tree, a few microseconds) reads only what it returns.
//!
//! The words are looked up by the prefix as typed and handed to FTS5, which stems each of them as it stems the
//! text. The Porter stemmer rewrites only a word's ending, so this matches what FTS5's prefix would, with two
//! kinds of difference at the edges: a word whose stem is shorter than the prefix also finds the stem's other
//! forms ("relati" finds "relate" through "relation"), and a word that does not begin with the prefix although
//! its stem does is found only through the words that do ("happi" finds "happy" through "happiness", which stems
//! alike). FTS5's own prefix query also stems the prefix, so "acce" there matches every term beginning "acc";
//! here it matches what begins "acce". A prefix that no word begins with, or that more than [`MAX_EXPANSION`]
//! words do, is left to FTS5.
//!
//! Words are kept as FTS5 compares them: lowercased, with Latin diacritics taken off (its `remove_diacritics`),
//! so that "cafe" finds "café". Only prefixes and words of ASCII letters and digits are expanded: in other
//! scripts the index's tokenizer splits and folds by rules of its own, and such a prefix, or one that any
//! non-ASCII or cut-short word ([`text::CUT_MARK`]) begins, is left to FTS5. Whoever makes a document finds its
//! words (`text::index_words`, on an import's worker threads), so the one writer only looks each up in [`Known`]
//! and writes the few it has not seen.
//!
//! Invariant: every word of every article's indexed text is here, written in the same transaction as the index
//! (store/fts.rs calls [`add`]; the document's words are checked against its text in debug builds). A word is
//! removed ([`prune`]) only when the article that held it is deleted or rewritten and no article matches it.

use std::cell::RefCell;
use std::collections::HashSet;
use std::sync::Mutex;

use rusqlite::Connection;

use crate::error::Result;
use crate::text;

/// The most words a typed prefix becomes. Each is a term FTS5 looks up in every segment of the index, so a
/// prefix that stands for more (a common beginning such as "inte") is cheaper as FTS5's own prefix query.
pub(crate) const MAX_EXPANSION: usize = 32;

/// Words [`Known`] remembers at most, and a transaction's own new words with them: about 30 MB. Beyond it words
/// are written again each time they come (`INSERT OR IGNORE`), which is slower, never wrong.
const MAX_KNOWN: usize = 1 << 19;

/// Words known to be in the vocabulary as committed, so that a write does not write them again: an article
/// holds hundreds of words and nearly all are there already. Kept by the store beside its writer.
#[derive(Default)]
pub(crate) struct Known {
    words: HashSet<Box<str>>,
    /// The writer's `PRAGMA data_version` when `words` was last known true. It changes when another connection
    /// commits: another process may have restored the file from a backup, so `words` is emptied then.
    data_version: Option<i64>,
}

/// What a write transaction on this thread consults and adds to, while it runs ([`in_write`]).
struct Writing {
    known: HashSet<Box<str>>,
    /// Words this transaction wrote: known once it commits, forgotten if it does not.
    written: HashSet<Box<str>>,
}

thread_local! {
    static WRITING: RefCell<Option<Writing>> = const { RefCell::new(None) };
}

/// Runs `write`, one write transaction ending in its commit, begun when the writer's `PRAGMA data_version` was
/// `data_version`, with [`add`] skipping the words known to be there. Only after `write` succeeds are the words it wrote remembered, so a rollback never leaves `known`
/// naming a word the table lacks.
pub(crate) fn in_write<T>(known: &Mutex<Known>, data_version: i64, write: impl FnOnce() -> Result<T>) -> Result<T> {
    /// Clears this thread's [`WRITING`] however the write ends, a panic included.
    struct Done;
    impl Drop for Done {
        fn drop(&mut self) {
            WRITING.with(|w| *w.borrow_mut() = None);
        }
    }
    // Taken only by the writing thread (under the writer's mutex) and by `forget`; a panic part-way leaves the
    // set empty, which is always true.
    let mut known = known.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    if known.data_version != Some(data_version) {
        known.words.clear();
        known.data_version = Some(data_version);
    }
    let words = std::mem::take(&mut known.words);
    WRITING.with(|w| *w.borrow_mut() = Some(Writing { known: words, written: HashSet::new() }));
    let done = Done;
    let result = write();
    let writing = WRITING.with(|w| w.borrow_mut().take());
    drop(done);
    let Some(Writing { known: mut words, written }) = writing else { return result };
    if result.is_ok() {
        words.extend(written);
    }
    known.words = words;
    result
}

/// Forgets every known word: the file's pages were replaced (a restore) by this process's writer, which does not
/// change the data version it sees.
pub(crate) fn forget(known: &Mutex<Known>) {
    let mut known = known.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    known.words.clear();
    known.data_version = None;
}

/// Adds `words` (an article's, as [`text::index_words`] finds them) to the vocabulary, in the caller's
/// transaction.
pub(crate) fn add(conn: &Connection, words: &text::IndexWords) -> Result<()> {
    let mut insert = conn.prepare_cached("INSERT OR IGNORE INTO vocabulary (word) VALUES (?)")?;
    WRITING.with(|writing| -> Result<()> {
        let mut writing = writing.borrow_mut();
        for word in words.iter() {
            match writing.as_mut() {
                Some(w) if w.known.contains(word) || w.written.contains(word) => {}
                Some(w) => {
                    insert.execute([word])?;
                    if w.known.len() + w.written.len() < MAX_KNOWN {
                        w.written.insert(word.into());
                    }
                }
                None => {
                    insert.execute([word])?;
                }
            }
        }
        Ok(())
    })
}

/// Removes those of `words` that no article's indexed text holds any more, so that the words of an article
/// deleted or rewritten do not outlive it in the file (as tags no article carries are dropped). A word is kept
/// while any article matches it, which the index answers by stem: a word another article holds in another form
/// stays, and costs a prefix expansion nothing but a lookup. Only words of ASCII letters and digits (whole or
/// cut short) are weighed: the index folds other scripts by rules of its own, so whether it still holds one of
/// those cannot be asked this way, and such a word stays.
pub(crate) fn prune<'a>(conn: &Connection, words: impl Iterator<Item = &'a str>) -> Result<()> {
    let mut held = conn.prepare_cached("SELECT 1 FROM articles_fts WHERE articles_fts MATCH ? LIMIT 1")?;
    let mut remove = conn.prepare_cached("DELETE FROM vocabulary WHERE word = ?")?;
    for word in words.filter(|w| plain(w.strip_suffix(text::CUT_MARK).unwrap_or(w))) {
        // Plain words need no quoting inside the quotes.
        let query = match word.strip_suffix(text::CUT_MARK) {
            Some(start) => format!("\"{start}\"*"),
            None => format!("\"{word}\""),
        };
        if held.exists([&query])? {
            continue;
        }
        remove.execute([word])?;
        WRITING.with(|writing| {
            if let Some(w) = writing.borrow_mut().as_mut() {
                w.known.remove(word);
                w.written.remove(word);
            }
        });
    }
    Ok(())
}

/// The words that `prefix` (as typed) may become, in order, or `None` when it is better left to FTS5: it is not
/// ASCII letters and digits, no word begins with it, more than [`MAX_EXPANSION`] do, or one that does is not
/// ASCII letters and digits either (see the module's doc).
pub(crate) fn expand(conn: &Connection, prefix: &str) -> Result<Option<Vec<String>>> {
    let prefix = text::fold(prefix);
    if !plain(&prefix) {
        return Ok(None);
    }
    let words: Vec<String> = conn
        .prepare_cached("SELECT word FROM vocabulary WHERE word >= ?1 AND word < ?1 || char(1114111) LIMIT ?2")?
        .query_map(rusqlite::params![prefix, MAX_EXPANSION as i64 + 1], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok((!words.is_empty() && words.len() <= MAX_EXPANSION && words.iter().all(|w| plain(w))).then_some(words))
}

/// Whether `word` is ASCII letters and digits only: the words this module expands into and prunes.
fn plain(word: &str) -> bool {
    !word.is_empty() && word.bytes().all(|b| b.is_ascii_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocabulary() -> Connection {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch("CREATE TABLE vocabulary (word TEXT PRIMARY KEY) WITHOUT ROWID").unwrap();
        conn
    }

    fn version(conn: &Connection) -> i64 {
        conn.pragma_query_value(None, "data_version", |r| r.get(0)).unwrap()
    }

    fn words_in(conn: &Connection) -> Vec<String> {
        conn.prepare("SELECT word FROM vocabulary")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    }

    #[test]
    fn a_prefix_becomes_the_words_that_begin_with_it_and_only_those() {
        let conn = vocabulary();
        add(&conn, &text::index_words(&["Withdrawal, withdrew; WITHDRAWN. With care", "[\"tapering\"]"])).unwrap();
        assert_eq!(expand(&conn, "Withdr").unwrap().unwrap(), ["withdrawal", "withdrawn", "withdrew"]);
        assert_eq!(expand(&conn, "taper").unwrap().unwrap(), ["tapering"]);
        assert_eq!(expand(&conn, "withz").unwrap(), None, "no word: left to FTS5");
    }

    #[test]
    fn a_prefix_of_too_many_words_is_left_to_fts5() {
        let conn = vocabulary();
        let many: Vec<String> = (0..=MAX_EXPANSION).map(|i| format!("inter{i:03}")).collect();
        add(&conn, &text::index_words(&[&many.join(" ")])).unwrap();
        assert_eq!(expand(&conn, "inter").unwrap(), None);
        assert_eq!(expand(&conn, "inter00").unwrap().unwrap().len(), 10);
    }

    #[test]
    fn words_are_split_and_folded_as_the_index_compares_them() {
        let found = text::index_words(&["Don't stop—Café 24/7 naïve x", "café STOP"]);
        assert_eq!(found.iter().collect::<Vec<_>>(), ["24", "7", "cafe", "don", "naive", "stop", "t", "x"]);
        let cut = format!("{}{}", "a".repeat(text::MAX_INDEX_WORD_CHARS), text::CUT_MARK);
        assert_eq!(text::index_words(&[&"a".repeat(text::MAX_INDEX_WORD_CHARS + 5)]).iter().collect::<Vec<_>>(), [cut]);
        let conn = vocabulary();
        add(&conn, &text::index_words(&["Café"])).unwrap();
        assert_eq!(expand(&conn, "Caf").unwrap().unwrap(), ["cafe"]);
    }

    /// FTS5's own tokenizer is the oracle: every term of letters and digits it makes of odd text is a word here
    /// (or the cut-short start of one), and a prefix that could meet the rest is never expanded.
    #[test]
    fn every_plain_term_the_index_makes_is_a_word_here_however_odd_the_text() {
        let long = format!("pneumonoultramicroscopicsilicovolcanoconiosis {}", "7".repeat(60));
        let texts = [
            "Re\u{301}sume\u{301} café CAFÉ naïve Ångström œuvre",
            "&amp; H<sub>2</sub>O un*believ*able x-ray 24/7 don't",
            "такой ёлка Σίσυφος ΟΔΟΣ 日本語 かが 한국어 हिन्दी עִבְרִית",
            "İstanbul straße ﬁne ½ ² ① Ⅻ",
            "nul\u{0}byte zero\u{200b}width soft\u{ad}hyphen tab\tsep",
            &long,
        ];
        let conn = vocabulary();
        conn.execute_batch(
            "CREATE VIRTUAL TABLE t USING fts5 (x, tokenize = 'unicode61 remove_diacritics 2');
             CREATE VIRTUAL TABLE temp.v USING fts5vocab (main, t, row);",
        )
        .unwrap();
        for text in texts {
            conn.execute("INSERT INTO t (x) VALUES (?)", [text]).unwrap();
        }
        let words = text::index_words(&texts);
        add(&conn, &words).unwrap();
        let ours: HashSet<&str> = words.iter().collect();
        let terms: Vec<String> = conn
            .prepare("SELECT term FROM temp.v")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert!(terms.iter().filter(|t| plain(t)).count() > 20, "{terms:?}");
        for term in &terms {
            if plain(term) {
                let cut = format!("{}{}", &term[..term.len().min(text::MAX_INDEX_WORD_CHARS)], text::CUT_MARK);
                assert!(ours.contains(term.as_str()) || ours.contains(cut.as_str()), "{term} is not a word here");
                let typed = &term[..term.len().min(text::MAX_INDEX_WORD_CHARS + 2)];
                if let Some(expanded) = expand(&conn, typed).unwrap() {
                    assert!(expanded.iter().any(|w| term.starts_with(w.as_str())), "{typed}: {expanded:?}");
                }
            } else {
                let typed: String = term.chars().take(4).collect();
                assert_eq!(expand(&conn, &typed).unwrap(), None, "{typed} is left to FTS5");
            }
        }
    }

    #[test]
    fn a_word_known_is_not_written_again_and_a_rolled_back_write_is_not_known() {
        let mut conn = vocabulary();
        let known = Mutex::new(Known::default());
        let words = |w: &str| text::index_words(&[w]);
        let failed: Result<()> = in_write(&known, version(&conn), || {
            let tx = conn.unchecked_transaction().unwrap();
            add(&tx, &words("sertraline")).unwrap();
            Err(crate::error::Error::invalid("the write failed"))
        });
        assert!(failed.is_err());
        assert!(words_in(&conn).is_empty(), "rolled back");
        let commit = |conn: &mut Connection, word: &str| {
            in_write(&known, version(conn), || {
                let tx = conn.unchecked_transaction().unwrap();
                add(&tx, &words(word))?;
                Ok(tx.commit()?)
            })
            .unwrap()
        };
        commit(&mut conn, "sertraline");
        assert_eq!(words_in(&conn), ["sertraline"], "written, not taken as known");
        // Known now: a second write of it writes nothing, which deleting it behind the store's back shows.
        conn.execute("DELETE FROM vocabulary", []).unwrap();
        commit(&mut conn, "sertraline");
        assert!(words_in(&conn).is_empty());
        forget(&known);
        commit(&mut conn, "sertraline");
        assert_eq!(words_in(&conn), ["sertraline"], "forgotten, so written again");
    }

    #[test]
    fn another_connection_committing_empties_what_is_known() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v.sqlite");
        let mut conn = Connection::open(&path).unwrap();
        conn.execute_batch("CREATE TABLE vocabulary (word TEXT PRIMARY KEY) WITHOUT ROWID").unwrap();
        let known = Mutex::new(Known::default());
        let commit = |conn: &mut Connection| {
            in_write(&known, version(conn), || {
                let tx = conn.unchecked_transaction().unwrap();
                add(&tx, &text::index_words(&["taper"]))?;
                Ok(tx.commit()?)
            })
            .unwrap()
        };
        commit(&mut conn);
        Connection::open(&path).unwrap().execute("DELETE FROM vocabulary", []).unwrap();
        commit(&mut conn);
        assert_eq!(words_in(&conn), ["taper"], "another connection's commit: nothing is taken as known");
    }
}
