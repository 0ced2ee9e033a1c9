//! Every word the library's articles contain, as written (lowercased), so that a word still being typed can be
//! searched as the words it may become rather than as a prefix.
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
//! alike). A prefix that no word begins with, or that more than [`MAX_EXPANSION`] words do, is left to FTS5.
//!
//! Words are kept as FTS5 compares them: lowercased, with Latin diacritics taken off (its `remove_diacritics`),
//! so that "cafe" finds "café".
//!
//! Invariant: every word of every article's indexed text is here, written in the same transaction as the index
//! (store/fts.rs calls [`add`]). A word is never removed: one left by a deleted article matches nothing and costs
//! FTS5 a lookup that finds no list.

use std::cell::RefCell;
use std::collections::HashSet;

use rusqlite::Connection;
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

use crate::error::Result;

/// The most words a typed prefix becomes. Each is a term FTS5 looks up in every segment of the index, so a
/// prefix that stands for more (a common beginning such as "inte") is cheaper as FTS5's own prefix query.
pub(crate) const MAX_EXPANSION: usize = 32;

/// Words longer than this are not kept (a run of digits, a pasted hash): nobody types them to find them, and
/// FTS5's own prefix query still finds them.
const MAX_WORD_CHARS: usize = 40;

thread_local! {
    /// The words already written by the write transaction running on this thread, when one is (see
    /// [`in_write`]): an import's batch of 128 articles writes each word once, not once per article. It lives
    /// exactly as long as one transaction, so a rollback can never leave it naming a word the table lacks.
    static WRITTEN: RefCell<Option<HashSet<Box<str>>>> = const { RefCell::new(None) };
}

/// Runs `write` (one write transaction, its commit included) with the words it adds remembered until it ends.
pub(crate) fn in_write<T>(write: impl FnOnce() -> T) -> T {
    struct Forget;
    impl Drop for Forget {
        fn drop(&mut self) {
            WRITTEN.with(|w| *w.borrow_mut() = None);
        }
    }
    WRITTEN.with(|w| *w.borrow_mut() = Some(HashSet::new()));
    let _forget = Forget;
    write()
}

/// Adds the words of `texts` to the vocabulary, in the caller's transaction.
pub(crate) fn add(conn: &Connection, texts: &[&str]) -> Result<()> {
    let mut insert = conn.prepare_cached("INSERT OR IGNORE INTO vocabulary (word) VALUES (?)")?;
    let mut this_call: HashSet<String> = HashSet::new();
    WRITTEN.with(|written| -> Result<()> {
        let mut written = written.borrow_mut();
        for word in texts.iter().flat_map(|t| words(t)) {
            if written.as_ref().is_some_and(|w| w.contains(word.as_str())) || this_call.contains(&word) {
                continue;
            }
            insert.execute([&word])?;
            match written.as_mut() {
                Some(w) => {
                    w.insert(word.into_boxed_str());
                }
                None => {
                    this_call.insert(word);
                }
            }
        }
        Ok(())
    })
}

/// The words that `prefix` (lowercase, as typed) may become, in order, or `None` when it is better left to FTS5:
/// no word begins with it, or more than [`MAX_EXPANSION`] do.
pub(crate) fn expand(conn: &Connection, prefix: &str) -> Result<Option<Vec<String>>> {
    let words: Vec<String> = conn
        .prepare_cached("SELECT word FROM vocabulary WHERE word >= ?1 AND word < ?1 || char(1114111) LIMIT ?2")?
        .query_map(rusqlite::params![prefix, MAX_EXPANSION as i64 + 1], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok((!words.is_empty() && words.len() <= MAX_EXPANSION).then_some(words))
}

/// The words of `text` as FTS5's `unicode61` tokenizer splits it (runs of letters and digits), each folded as
/// [`fold`] does.
fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && w.chars().nth(MAX_WORD_CHARS).is_none())
        .map(fold)
}

/// A word or prefix lowercased and without its diacritics ("Naïve" → "naive"), as the index compares them.
pub(crate) fn fold(word: &str) -> String {
    let lower = word.to_lowercase();
    if lower.is_ascii() {
        return lower;
    }
    lower.nfd().filter(|c| !is_combining_mark(*c)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocabulary() -> Connection {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch("CREATE TABLE vocabulary (word TEXT PRIMARY KEY) WITHOUT ROWID").unwrap();
        conn
    }

    #[test]
    fn a_prefix_becomes_the_words_that_begin_with_it_and_only_those() {
        let conn = vocabulary();
        add(&conn, &["Withdrawal, withdrew; WITHDRAWN. With care", "[\"tapering\"]"]).unwrap();
        assert_eq!(expand(&conn, "withdr").unwrap().unwrap(), ["withdrawal", "withdrawn", "withdrew"]);
        assert_eq!(expand(&conn, "taper").unwrap().unwrap(), ["tapering"]);
        assert_eq!(expand(&conn, "withz").unwrap(), None, "no word: left to FTS5");
    }

    #[test]
    fn a_prefix_of_too_many_words_is_left_to_fts5() {
        let conn = vocabulary();
        let many: Vec<String> = (0..=MAX_EXPANSION).map(|i| format!("inter{i:03}")).collect();
        add(&conn, &[&many.join(" ")]).unwrap();
        assert_eq!(expand(&conn, "inter").unwrap(), None);
        assert_eq!(expand(&conn, "inter00").unwrap().unwrap().len(), 10);
    }

    #[test]
    fn words_are_split_as_the_index_splits_them() {
        let found: Vec<String> = words("Don't stop—Café 24/7 naïve x").collect();
        assert_eq!(found, ["don", "t", "stop", "cafe", "24", "7", "naive", "x"]);
        assert_eq!(words(&"a".repeat(MAX_WORD_CHARS + 1)).count(), 0);
    }

    #[test]
    fn a_rolled_back_write_forgets_its_words_so_the_next_one_writes_them() {
        let mut conn = vocabulary();
        let failed: Result<()> = in_write(|| {
            let tx = conn.transaction().unwrap();
            add(&tx, &["sertraline"]).unwrap();
            Err(crate::error::Error::invalid("the write failed"))
        });
        assert!(failed.is_err());
        assert_eq!(expand(&conn, "sert").unwrap(), None, "rolled back");
        in_write(|| {
            let tx = conn.transaction().unwrap();
            add(&tx, &["sertraline"]).unwrap();
            tx.commit().unwrap();
        });
        assert_eq!(expand(&conn, "sert").unwrap().unwrap(), ["sertraline"]);
    }
}
