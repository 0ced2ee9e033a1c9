-- Haven library, schema 2: a small full-text index of titles and tags only.
-- A word found in most articles is ranked by where it appears in titles and tags (see search.rs). Asking the
-- main index for title matches walks the whole of that word's list; this index holds only titles and tags, so
-- its lists are as long as the number of titles that use the word.

CREATE VIRTUAL TABLE titles_fts USING fts5 (
    title, tags,
    content = 'articles', content_rowid = 'id',
    tokenize = 'porter unicode61 remove_diacritics 2',
    prefix = '2 3'
);
INSERT INTO titles_fts (titles_fts, rank) VALUES ('rank', 'bm25(10.0, 5.0)');
INSERT INTO titles_fts (titles_fts) VALUES ('rebuild');

CREATE TRIGGER titles_fts_insert AFTER INSERT ON articles BEGIN
    INSERT INTO titles_fts (rowid, title, tags) VALUES (new.id, new.title, new.tags);
END;
CREATE TRIGGER titles_fts_delete AFTER DELETE ON articles BEGIN
    INSERT INTO titles_fts (titles_fts, rowid, title, tags) VALUES ('delete', old.id, old.title, old.tags);
END;
CREATE TRIGGER titles_fts_update AFTER UPDATE OF title, tags ON articles BEGIN
    INSERT INTO titles_fts (titles_fts, rowid, title, tags) VALUES ('delete', old.id, old.title, old.tags);
    INSERT INTO titles_fts (rowid, title, tags) VALUES (new.id, new.title, new.tags);
END;
