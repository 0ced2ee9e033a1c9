-- Haven library, schema 2: a title-and-tag index, and both full-text indexes kept in step by Haven's code.
--
-- titles_fts: a word found in most articles is ranked by where it appears in titles and tags (see search.rs).
-- Asking the main index for title matches walks the whole of that word's list; this index holds only titles
-- and tags, so its lists are as long as the number of titles that use the word.
--
-- The triggers of schema 1 go: a statement that fires a trigger runs in a statement savepoint, at which FTS5
-- writes its pending terms out as a new segment, so every article written became a segment of its own to merge.
-- store/fts.rs now updates both indexes with single-row statements in the same transaction as the article.

DROP TRIGGER articles_fts_insert;
DROP TRIGGER articles_fts_delete;
DROP TRIGGER articles_fts_update;

CREATE VIRTUAL TABLE titles_fts USING fts5 (
    title, tags,
    content = 'articles', content_rowid = 'id',
    tokenize = 'porter unicode61 remove_diacritics 2',
    prefix = '2 3'
);
INSERT INTO titles_fts (titles_fts, rank) VALUES ('rank', 'bm25(10.0, 5.0)');
INSERT INTO titles_fts (titles_fts) VALUES ('rebuild');
