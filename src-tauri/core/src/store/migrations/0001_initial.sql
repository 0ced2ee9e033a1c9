-- Haven library, schema 1.
-- Bookmarks and reading state hang on articles.id, which never changes for an article: updates of an article's
-- text, slug or file keep its id.

PRAGMA application_id = 1212241486; -- 'HAVN': marks the file as a Haven library

CREATE TABLE articles (
    id              INTEGER PRIMARY KEY,
    slug            TEXT    NOT NULL UNIQUE,
    title           TEXT    NOT NULL,
    summary         TEXT    NOT NULL DEFAULT '',
    category        TEXT    NOT NULL,
    tags            TEXT    NOT NULL DEFAULT '[]',   -- JSON array of display names; article_tags is the index
    author          TEXT,
    published       TEXT,                            -- YYYY-MM-DD
    reviewed        TEXT,                            -- YYYY-MM-DD, last clinical review
    sources         TEXT    NOT NULL DEFAULT '[]',   -- JSON [{title, url, publisher}]
    content_warnings TEXT   NOT NULL DEFAULT '[]',   -- JSON array of strings
    toc             TEXT    NOT NULL DEFAULT '[]',   -- JSON [{level, id, title}]
    word_count      INTEGER NOT NULL,
    reading_minutes INTEGER NOT NULL,
    markdown        TEXT    NOT NULL,                -- the source, front matter included
    html            TEXT    NOT NULL,                -- sanitized; the only HTML ever shown
    body_text       TEXT    NOT NULL,                -- plain text, for search and snippets
    content_hash    TEXT    NOT NULL,
    origin          TEXT    NOT NULL CHECK (origin IN ('bundled', 'imported')),
    source_path     TEXT,                            -- bundled: path under articles/; imported: the file
    added_at        INTEGER NOT NULL,                -- unix milliseconds
    updated_at      INTEGER NOT NULL
);
CREATE INDEX articles_by_title ON articles (title COLLATE NOCASE, id);
CREATE INDEX articles_by_category ON articles (category, title COLLATE NOCASE, id);
CREATE INDEX articles_by_published ON articles (published DESC, id DESC);
CREATE INDEX articles_by_source ON articles (origin, source_path);
CREATE INDEX articles_by_hash ON articles (content_hash);

CREATE TABLE tags (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE
);

CREATE TABLE article_tags (
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    tag_id     INTEGER NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
    PRIMARY KEY (article_id, tag_id)
) WITHOUT ROWID;
CREATE INDEX article_tags_by_tag ON article_tags (tag_id, article_id);

CREATE TABLE bookmarks (
    article_id INTEGER PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    note       TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX bookmarks_by_created ON bookmarks (created_at DESC);

CREATE TABLE reading_state (
    article_id  INTEGER PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    position    REAL    NOT NULL CHECK (position >= 0 AND position <= 1),
    last_opened INTEGER NOT NULL,
    finished    INTEGER NOT NULL DEFAULT 0 CHECK (finished IN (0, 1))
);
CREATE INDEX reading_state_by_opened ON reading_state (last_opened DESC);

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

-- Full-text index over the articles table (external content: the text is stored once, in articles).
-- Columns: title, summary, tags, body_text; bm25 weights favour the title. Prefix indexes make as-you-type
-- prefixes of two and three characters cheap.
CREATE VIRTUAL TABLE articles_fts USING fts5 (
    title, summary, tags, body_text,
    content = 'articles', content_rowid = 'id',
    tokenize = 'porter unicode61 remove_diacritics 2',
    prefix = '2 3'
);
INSERT INTO articles_fts (articles_fts, rank) VALUES ('rank', 'bm25(10.0, 4.0, 5.0, 1.0)');

-- The index is kept in step by triggers, so it changes inside the same transaction as the article.
CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts (rowid, title, summary, tags, body_text)
    VALUES (new.id, new.title, new.summary, new.tags, new.body_text);
END;
CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, summary, tags, body_text)
    VALUES ('delete', old.id, old.title, old.summary, old.tags, old.body_text);
END;
CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, summary, tags, body_text ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, summary, tags, body_text)
    VALUES ('delete', old.id, old.title, old.summary, old.tags, old.body_text);
    INSERT INTO articles_fts (rowid, title, summary, tags, body_text)
    VALUES (new.id, new.title, new.summary, new.tags, new.body_text);
END;
