-- Haven library, schema 4: highlights, each with an optional note, kept so that they survive the article changing.
--
-- A highlight is its quote with some context and its offset in the article's anchor text (see anchor.rs), and the
-- article's content hash when it was placed. When an article changes, its highlights are placed again; one that
-- cannot be placed is kept and marked detached, never deleted. slug and title are copies, so a highlight whose
-- article was deleted still says where it came from (article_id then becomes NULL and it is detached).
CREATE TABLE highlights (
    id           INTEGER PRIMARY KEY,
    article_id   INTEGER REFERENCES articles (id) ON DELETE SET NULL,
    slug         TEXT    NOT NULL,
    title        TEXT    NOT NULL,
    quote        TEXT    NOT NULL,
    prefix       TEXT    NOT NULL DEFAULT '',
    suffix       TEXT    NOT NULL DEFAULT '',
    start        INTEGER NOT NULL CHECK (start >= 0),
    content_hash TEXT    NOT NULL,
    color        TEXT    NOT NULL CHECK (color IN ('yellow', 'green', 'blue', 'pink', 'purple')),
    note         TEXT    NOT NULL DEFAULT '',
    detached     INTEGER NOT NULL DEFAULT 0 CHECK (detached IN (0, 1)),
    created_at   INTEGER NOT NULL,                 -- unix milliseconds
    updated_at   INTEGER NOT NULL
);
CREATE INDEX highlights_by_article ON highlights (article_id, start);
CREATE INDEX highlights_by_created ON highlights (created_at DESC, id DESC);

-- Quotes and notes, searchable with the same rules as articles; kept in step by store/highlights.rs.
CREATE VIRTUAL TABLE highlights_fts USING fts5 (
    quote, note,
    content = 'highlights', content_rowid = 'id',
    tokenize = 'porter unicode61 remove_diacritics 2',
    prefix = '2 3'
);
