-- Haven library, schema 7, first part: a full-text index that keeps no text, and a column for the source,
-- compressed. (The second part, in packed_source.rs, compresses every article's source into it and drops the
-- columns it replaces.)
--
-- The library file was 4.4 times the Markdown it was made from: every article kept its Markdown, its sanitized
-- HTML and its plain text, and the index had prefix indexes of two and three characters. Now only the source
-- is kept, compressed (store/packed.rs); the HTML, the contents and the plain text are rendered from it when
-- read, and the index is contentless, without prefix indexes (store/fts.rs).

CREATE VIRTUAL TABLE articles_fts_packed USING fts5 (
    title, summary, tags, body_text,
    content = '', contentless_delete = 1,
    tokenize = 'porter unicode61 remove_diacritics 2'
);
INSERT INTO articles_fts_packed (articles_fts_packed, rank) VALUES ('rank', 'bm25(10.0, 4.0, 5.0, 1.0)');
INSERT INTO articles_fts_packed (rowid, title, summary, tags, body_text)
    SELECT id, title, summary, tags, body_text FROM articles;
DROP TABLE articles_fts;
ALTER TABLE articles_fts_packed RENAME TO articles_fts;

ALTER TABLE articles ADD COLUMN source BLOB NOT NULL DEFAULT x'';
