-- Haven library, schema 3: each article records which renderer wrote its HTML, bundled articles are unique by
-- their file, and an article may say what language it is in.
--
-- render_version: the library used to hold one version for all its HTML and re-render everything at open, in one
-- transaction (minutes at 100,000 articles, started again from nothing after a kill). Each row now says which
-- renderer wrote it, rows are re-rendered in small batches in the background, and new rows start current. The
-- rows take the version the whole library recorded, which then goes.
ALTER TABLE articles ADD COLUMN render_version INTEGER NOT NULL DEFAULT 0;
UPDATE articles SET render_version =
    COALESCE((SELECT CAST(value AS INTEGER) FROM settings WHERE key = 'haven.render_version'), 0);
DELETE FROM settings WHERE key = 'haven.render_version';
CREATE INDEX articles_by_render_version ON articles (render_version, id);

-- language: a BCP 47 tag from an imported file's front matter or page (`lang`), shown as the text's `lang`.
ALTER TABLE articles ADD COLUMN language TEXT;

-- Bundled articles are unique by the file they come from. When the app and haven-cli opened a new library at
-- the same moment, both could insert every bundled article (the second copies got `-2` slugs). The oldest copy
-- of each is kept; a bookmark on any copy becomes its bookmark, with every different note any copy carried, one
-- after the other, and the furthest reading place of any copy becomes its own.
CREATE TEMP TABLE bundled_twins AS
    SELECT a.id AS id, k.keep AS keep
    FROM articles a
    JOIN (SELECT source_path, min(id) AS keep FROM articles WHERE origin = 'bundled'
          GROUP BY source_path HAVING count(*) > 1) k
      ON a.origin = 'bundled' AND a.source_path = k.source_path AND a.id != k.keep;

-- Every note any copy carries, oldest bookmark first, each once.
CREATE TEMP TABLE twin_notes AS
    SELECT k.keep AS keep, b.note AS note, min(b.created_at) AS created_at
    FROM (SELECT keep AS id, keep FROM bundled_twins UNION SELECT id, keep FROM bundled_twins) k
    JOIN bookmarks b ON b.article_id = k.id
    GROUP BY k.keep, b.note;
INSERT OR IGNORE INTO bookmarks (article_id, created_at, note)
    SELECT keep, min(created_at), '' FROM twin_notes GROUP BY keep;
UPDATE bookmarks SET note = (
        SELECT group_concat(note, char(10) || char(10) ORDER BY created_at)
        FROM twin_notes WHERE twin_notes.keep = bookmarks.article_id AND note != '')
    WHERE article_id IN (SELECT keep FROM twin_notes WHERE note != '');
-- The furthest reading place of any copy.
INSERT OR REPLACE INTO reading_state (article_id, position, last_opened, finished)
    SELECT k.keep, max(r.position), max(r.last_opened), max(r.finished)
    FROM (SELECT keep AS id, keep FROM bundled_twins UNION SELECT id, keep FROM bundled_twins) k
    JOIN reading_state r ON r.article_id = k.id
    GROUP BY k.keep;

INSERT INTO articles_fts (articles_fts, rowid, title, summary, tags, body_text)
    SELECT 'delete', a.id, a.title, a.summary, a.tags, a.body_text FROM articles a JOIN bundled_twins t ON t.id = a.id;
INSERT INTO titles_fts (titles_fts, rowid, title, tags)
    SELECT 'delete', a.id, a.title, a.tags FROM articles a JOIN bundled_twins t ON t.id = a.id;
DELETE FROM articles WHERE id IN (SELECT id FROM bundled_twins);
DROP TABLE bundled_twins;
DROP TABLE twin_notes;

CREATE UNIQUE INDEX articles_bundled_source ON articles (source_path) WHERE origin = 'bundled';
