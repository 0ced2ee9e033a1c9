use super::*;

fn schema_version(conn: &Connection) -> u32 {
    conn.pragma_query_value(None, "user_version", |r| r.get(0)).unwrap()
}

/// Applies the migrations up to `version` only, as an older Haven would have left the file.
fn at_version(conn: &Connection, version: u32) {
    for (i, (_, step)) in MIGRATIONS.iter().enumerate().take(version as usize) {
        step.run(conn).unwrap();
        conn.pragma_update(None, "user_version", i as u32 + 1).unwrap();
    }
}

#[test]
fn migrations_apply_cleanly_and_are_idempotent() {
    let mut conn = Connection::open_in_memory().unwrap();
    apply(&mut conn).unwrap();
    apply(&mut conn).unwrap();
    assert_eq!(schema_version(&conn), latest());
    let app_id: i64 = conn.pragma_query_value(None, "application_id", |r| r.get(0)).unwrap();
    assert_eq!(app_id, super::super::APPLICATION_ID);
    // The schema is consistent: foreign keys point at real tables and the FTS index is well formed.
    conn.execute_batch(
        "PRAGMA foreign_key_check; INSERT INTO articles_fts(articles_fts) VALUES('integrity-check');
         INSERT INTO titles_fts(titles_fts) VALUES('integrity-check');",
    )
    .unwrap();
    let problems: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(problems, "ok");
}

/// A library written at schema 1 gains the title index, filled from the articles already there, and keeps
/// its bookmarks.
#[test]
fn schema_2_indexes_the_titles_of_an_existing_library() {
    let mut conn = Connection::open_in_memory().unwrap();
    at_version(&conn, 1);
    conn.execute_batch(
        "INSERT INTO articles (id, slug, title, category, tags, word_count, reading_minutes, markdown, html,
             body_text, content_hash, origin, added_at, updated_at)
         VALUES (7, 'calm', 'Finding calm', 'Imported', '[\"breathing\"]', 2, 1, 'x', 'x', 'Calm words.', 'h',
             'imported', 0, 0);
         INSERT INTO bookmarks (article_id, created_at, note) VALUES (7, 0, 'keep');",
    )
    .unwrap();
    apply(&mut conn).unwrap();
    let found: i64 = conn
        .query_row("SELECT rowid FROM titles_fts WHERE titles_fts MATCH 'breathing calm'", [], |r| r.get(0))
        .unwrap();
    assert_eq!(found, 7);
    let note: String = conn.query_row("SELECT note FROM bookmarks WHERE article_id = 7", [], |r| r.get(0)).unwrap();
    assert_eq!(note, "keep");
    let triggers: i64 =
        conn.query_row("SELECT count(*) FROM sqlite_schema WHERE type = 'trigger'", [], |r| r.get(0)).unwrap();
    assert_eq!(triggers, 0, "the indexes are kept by store/fts.rs, not by triggers");
    conn.execute_batch("INSERT INTO titles_fts (titles_fts, rank) VALUES ('integrity-check', 1);").unwrap();
}

/// Schema 3: rows take the render version the library recorded, and the copies of bundled articles that two
/// processes opening a new library at once could insert are merged into the oldest, losing no bookmark, note
/// or reading place.
#[test]
fn schema_3_versions_rows_and_merges_twice_inserted_bundled_articles() {
    let mut conn = Connection::open_in_memory().unwrap();
    at_version(&conn, 2);
    let insert = |id: i64, slug: &str, path: &str, origin: &str| {
        conn.execute(
            "INSERT INTO articles (id, slug, title, category, tags, word_count, reading_minutes, markdown, html,
                 body_text, content_hash, origin, source_path, added_at, updated_at)
             VALUES (?1, ?2, 'Sleep', 'Recovery', '[]', 2, 1, 'x', 'x', 'Sleep words.', 'h', ?4, ?3, 0, 0)",
            rusqlite::params![id, slug, path, origin],
        )
        .unwrap();
        conn.execute(
            "INSERT INTO articles_fts (rowid, title, summary, tags, body_text) VALUES (?, 'Sleep', '', '[]', 'Sleep words.')",
            [id],
        )
        .unwrap();
        conn.execute("INSERT INTO titles_fts (rowid, title, tags) VALUES (?, 'Sleep', '[]')", [id]).unwrap();
    };
    insert(1, "sleep", "sleep.md", "bundled");
    insert(2, "sleep-2", "sleep.md", "bundled");
    insert(3, "walk", "walk.md", "bundled");
    insert(4, "walk-2", "walk.md", "bundled");
    insert(5, "mine", "/home/me/sleep.md", "imported");
    insert(6, "sleep-3", "sleep.md", "bundled");
    conn.execute_batch(
        "INSERT INTO settings (key, value) VALUES ('haven.render_version', '2');
         INSERT INTO bookmarks (article_id, created_at, note) VALUES (1, 5, 'first note'), (2, 6, 'second note'),
             (4, 7, 'only on the copy'), (6, 8, 'third note');
         INSERT INTO reading_state (article_id, position, last_opened, finished) VALUES (4, 0.5, 9, 0),
             (1, 0.2, 3, 0), (2, 0.9, 4, 1);",
    )
    .unwrap();
    apply(&mut conn).unwrap();

    let ids: Vec<i64> = conn
        .prepare("SELECT id FROM articles ORDER BY id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(ids, [1, 3, 5]);
    let notes: Vec<(i64, String)> = conn
        .prepare("SELECT article_id, note FROM bookmarks ORDER BY article_id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(
        notes,
        [(1, "first note\n\nsecond note\n\nthird note".to_string()), (3, "only on the copy".to_string())]
    );
    let position: f64 =
        conn.query_row("SELECT position FROM reading_state WHERE article_id = 3", [], |r| r.get(0)).unwrap();
    assert_eq!(position, 0.5);
    let furthest: (f64, bool) = conn
        .query_row("SELECT position, finished FROM reading_state WHERE article_id = 1", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_eq!(furthest, (0.9, true), "the furthest place any copy reached");
    let versions: i64 =
        conn.query_row("SELECT count(*) FROM articles WHERE render_version = 2", [], |r| r.get(0)).unwrap();
    assert_eq!(versions, 3);
    let setting: i64 = conn.query_row("SELECT count(*) FROM settings", [], |r| r.get(0)).unwrap();
    assert_eq!(setting, 0, "the library-wide version is gone");
    conn.execute_batch(
        "INSERT INTO articles_fts (articles_fts, rank) VALUES ('integrity-check', 1);
         INSERT INTO titles_fts (titles_fts, rank) VALUES ('integrity-check', 1);",
    )
    .unwrap();
    // From now on a second copy of a bundled file cannot be stored; imported files are not affected.
    let twin = conn.execute(
        "INSERT INTO articles (slug, title, category, word_count, reading_minutes, markdown, html, body_text,
             content_hash, origin, source_path, added_at, updated_at)
         VALUES ('sleep-3', 'Sleep', 'Recovery', 2, 1, 'x', 'x', 'x', 'h', 'bundled', 'sleep.md', 0, 0)",
        [],
    );
    assert!(twin.is_err());
}

#[test]
fn every_migration_is_numbered_in_order() {
    for (i, (name, step)) in MIGRATIONS.iter().enumerate() {
        assert!(name.starts_with(&format!("{:04}_", i + 1)), "{name} is out of order");
        if let Step::Sql(sql) = step {
            assert!(!sql.trim().is_empty());
        }
    }
}

#[test]
fn a_newer_schema_is_refused() {
    let mut conn = Connection::open_in_memory().unwrap();
    conn.pragma_update(None, "user_version", latest() + 1).unwrap();
    let err = apply(&mut conn).unwrap_err();
    assert_eq!(err.kind, ErrorKind::NewerLibrary);
    assert!(err.message.contains("newer version of Haven"));
}

/// Regression: the version was read outside the migration's transaction, so two processes opening a new
/// library together both ran migration 1, and the second failed ("table articles already exists").
#[test]
fn two_openers_migrating_at_once_both_succeed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("library.sqlite");
    for _round in 0..5 {
        std::fs::remove_file(&path).ok();
        let barrier = std::sync::Arc::new(std::sync::Barrier::new(4));
        let threads: Vec<_> = (0..4)
            .map(|_| {
                let (path, barrier) = (path.clone(), barrier.clone());
                std::thread::spawn(move || {
                    let mut conn = Connection::open(&path).unwrap();
                    conn.busy_timeout(std::time::Duration::from_secs(10)).unwrap();
                    barrier.wait();
                    apply(&mut conn)
                })
            })
            .collect();
        for thread in threads {
            thread.join().unwrap().unwrap();
        }
        assert_eq!(schema_version(&Connection::open(&path).unwrap()), latest());
    }
}

#[test]
fn a_copy_is_kept_before_an_existing_library_is_migrated_and_only_the_newest() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("library.sqlite");
    {
        let conn = Connection::open(&path).unwrap();
        at_version(&conn, 2);
        conn.execute("INSERT INTO settings (key, value) VALUES ('theme', 'sepia')", []).unwrap();
    }
    std::fs::write(dir.path().join("library-before-schema-2-2020-01-01.sqlite"), b"an older copy").unwrap();
    drop(crate::store::Store::open(&path).unwrap());
    let copies: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("-before-schema-"))
        .collect();
    assert_eq!(copies.len(), 1, "{copies:?}");
    assert!(copies[0].starts_with(&format!("library-before-schema-{}-", latest())), "{copies:?}");
    let copy = Connection::open(dir.path().join(&copies[0])).unwrap();
    assert_eq!(schema_version(&copy), 2, "the copy is the library as it was");
    let theme: String = copy.query_row("SELECT value FROM settings WHERE key = 'theme'", [], |r| r.get(0)).unwrap();
    assert_eq!(theme, "sepia");
    // Opening again migrates nothing and copies nothing; a new library is never copied.
    drop(crate::store::Store::open(&path).unwrap());
    drop(crate::store::Store::open(dir.path().join("new.sqlite")).unwrap());
    let count = std::fs::read_dir(dir.path())
        .unwrap()
        .filter(|e| e.as_ref().unwrap().file_name().to_string_lossy().contains("-before-schema-"))
        .count();
    assert_eq!(count, 1);
}

/// Schema 4 adds highlights to a library made at schema 3, whose bookmarks and positions stay as they were.
#[test]
fn schema_4_adds_highlights_and_keeps_what_was_there() {
    let mut conn = Connection::open_in_memory().unwrap();
    at_version(&conn, 3);
    conn.execute_batch(
        "INSERT INTO articles (id, slug, title, category, tags, word_count, reading_minutes, markdown, html,
             body_text, content_hash, origin, added_at, updated_at)
         VALUES (3, 'calm', 'Calm', 'Imported', '[]', 2, 1, 'x', '<p>x</p>', 'x', 'h', 'imported', 0, 0);
         INSERT INTO bookmarks (article_id, created_at, note) VALUES (3, 1, 'kept');
         INSERT INTO reading_state (article_id, position, last_opened, finished) VALUES (3, 0.25, 2, 0);",
    )
    .unwrap();
    apply(&mut conn).unwrap();
    let kept: (String, f64) = conn
        .query_row(
            "SELECT b.note, r.position FROM bookmarks b JOIN reading_state r USING (article_id) WHERE article_id = 3",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(kept, ("kept".to_string(), 0.25));
    conn.execute(
        "INSERT INTO highlights (article_id, slug, title, quote, start, content_hash, color, created_at, updated_at)
         VALUES (3, 'calm', 'Calm', 'x', 0, 'h', 'pink', 0, 0)",
        [],
    )
    .unwrap();
    let bad_colour = conn.execute(
        "INSERT INTO highlights (article_id, slug, title, quote, start, content_hash, color, created_at, updated_at)
         VALUES (3, 'calm', 'Calm', 'x', 0, 'h', 'orange', 0, 0)",
        [],
    );
    assert!(bad_colour.is_err(), "only the five colours");
}

/// Schema 5 gives every highlight made before it an id of its own: a distinct version 4 UUID, kept after.
#[test]
fn schema_5_gives_each_existing_highlight_a_uuid() {
    let mut conn = Connection::open_in_memory().unwrap();
    at_version(&conn, 4);
    conn.execute_batch(
        "INSERT INTO articles (id, slug, title, category, tags, word_count, reading_minutes, markdown, html,
             body_text, content_hash, origin, added_at, updated_at)
         VALUES (3, 'calm', 'Calm', 'Imported', '[]', 2, 1, 'x', '<p>x</p>', 'x', 'h', 'imported', 0, 0);",
    )
    .unwrap();
    for k in 0..200 {
        conn.execute(
            "INSERT INTO highlights (article_id, slug, title, quote, start, content_hash, color, note, created_at,
                 updated_at) VALUES (3, 'calm', 'Calm', 'x', ?1, 'h', 'pink', 'note', 0, 0)",
            [k],
        )
        .unwrap();
    }
    apply(&mut conn).unwrap();
    let uids: Vec<String> = conn
        .prepare("SELECT uid FROM highlights")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert_eq!(uids.len(), 200);
    let distinct: std::collections::HashSet<&String> = uids.iter().collect();
    assert_eq!(distinct.len(), 200);
    for uid in &uids {
        let groups: Vec<&str> = uid.split('-').collect();
        assert_eq!(groups.iter().map(|g| g.len()).collect::<Vec<_>>(), [8, 4, 4, 4, 12], "{uid}");
        assert!(groups[2].starts_with('4') && groups[3].starts_with(['8', '9', 'a', 'b']), "version 4: {uid}");
        assert!(uid.chars().all(|c| c.is_ascii_hexdigit() || c == '-') && uid == &uid.to_lowercase());
    }
    let note: String = conn.query_row("SELECT note FROM highlights LIMIT 1", [], |r| r.get(0)).unwrap();
    assert_eq!(note, "note");
}

/// Schema 8 fills the vocabulary from the articles a library already holds, so a typed prefix is expanded at
/// once, and keeps what a person wrote.
#[test]
fn schema_8_fills_the_vocabulary_from_the_articles_already_there() {
    use crate::store::{tests::fill, Store};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("library.sqlite");
    let store = Store::open(&path).unwrap();
    fill(&store);
    store.add_bookmark("support-groups", Some("kept")).unwrap();
    let before = store.search("Discontinu", &Default::default(), 10, 0).unwrap();
    let vocabulary = |store: &Store| -> Vec<String> {
        store
            .read(|conn| {
                Ok(conn
                    .prepare("SELECT word FROM vocabulary")?
                    .query_map([], |r| r.get(0))?
                    .collect::<rusqlite::Result<_>>()?)
            })
            .unwrap()
    };
    let written = vocabulary(&store);
    drop(store);
    {
        let conn = Connection::open(&path).unwrap();
        back_to_schema_7(&conn).unwrap();
    }

    let store = Store::open(&path).unwrap();
    let words: Vec<String> = store
        .read(|conn| {
            Ok(conn
                .prepare("SELECT word FROM vocabulary WHERE word LIKE 'discontinu%' OR word = 'smart'")?
                .query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?)
        })
        .unwrap();
    assert_eq!(words, ["discontinuation", "smart"]);
    assert_eq!(vocabulary(&store), written, "the same words as storing the articles wrote");
    assert_eq!(store.search("Discontinu", &Default::default(), 10, 0).unwrap(), before);
    assert_eq!(store.bookmarks().unwrap()[0].note, "kept");
}
