use super::super::tests::store as library;
use super::*;
use crate::document::ArticleFile;
use crate::error::ErrorKind;
use crate::render;

fn imported(name: &str, text: &str) -> Document {
    Document::from_markdown(text, ArticleFile::imported(name, "Imported")).unwrap()
}

fn slug_of(lib: &Store, id: i64) -> String {
    lib.read(|c| Ok(c.query_row("SELECT slug FROM articles WHERE id = ?", [id], |r| r.get(0))?)).unwrap()
}

#[test]
fn lists_filter_sort_and_page() {
    let lib = library();
    let all = lib.list(&ListQuery::default()).unwrap();
    assert_eq!(all.total, 3);
    let titles: Vec<_> = all.items.iter().map(|a| a.title.as_str()).collect();
    assert_eq!(titles, ["Sleep and recovery", "Stopping antidepressants safely", "Support groups and peer recovery"]);
    assert_eq!(all.items[0].tags, ["sleep", "habits"]);
    assert_eq!(all.items[0].reading_minutes, 1);

    let mut q = ListQuery { sort: Sort::Newest, ..ListQuery::default() };
    let newest: Vec<_> = lib.list(&q).unwrap().items.into_iter().map(|a| a.slug).collect();
    assert_eq!(newest, ["sleep-and-recovery", "stopping-antidepressants", "support-groups"]);

    q.filter.category = Some("Recovery and wellbeing".into());
    assert_eq!(lib.list(&q).unwrap().total, 2);
    q.filter.tag = Some("HABITS".into());
    assert_eq!(lib.list(&q).unwrap().total, 2, "tags match without regard to case");
    q.filter.tag = Some("community".into());
    assert_eq!(lib.list(&q).unwrap().items[0].slug, "support-groups");

    let page = lib.list(&ListQuery { offset: 1, limit: 1, ..ListQuery::default() }).unwrap();
    assert_eq!((page.total, page.items.len(), page.items[0].slug.as_str()), (3, 1, "stopping-antidepressants"));
}

#[test]
fn reading_filters_and_recent_order() {
    let lib = library();
    lib.set_reading_position("support-groups", 0.4).unwrap();
    lib.set_reading_position("sleep-and-recovery", 1.0).unwrap();
    let q = |filter: Filter, sort| ListQuery { filter, sort, ..ListQuery::default() };
    let slugs = |q: ListQuery| lib.list(&q).unwrap().items.into_iter().map(|a| a.slug).collect::<Vec<_>>();
    assert_eq!(slugs(q(Filter { unread: true, ..Filter::default() }, Sort::Title)), ["stopping-antidepressants"]);
    assert_eq!(slugs(q(Filter { in_progress: true, ..Filter::default() }, Sort::Title)), ["support-groups"]);
    let recent = slugs(q(Filter::default(), Sort::RecentlyRead));
    assert_eq!(recent[2], "stopping-antidepressants", "never-read articles come last");
    lib.add_bookmark("stopping-antidepressants", None).unwrap();
    assert_eq!(slugs(q(Filter { bookmarked: true, ..Filter::default() }, Sort::Title)), ["stopping-antidepressants"]);
}

#[test]
fn categories_and_tags_have_counts() {
    let lib = library();
    let cats: Vec<_> = lib.categories().unwrap().into_iter().map(|c| (c.name, c.count)).collect();
    assert_eq!(cats, [("Medications".to_string(), 1), ("Recovery and wellbeing".to_string(), 2)]);
    let tags = lib.tags().unwrap();
    assert_eq!((tags[0].name.as_str(), tags[0].count), ("habits", 2));
    assert_eq!(tags.len(), 6);
}

#[test]
fn one_article_has_everything_the_reader_shows() {
    let lib = library();
    let stored = lib.article("sleep-and-recovery").unwrap();
    let (a, version) = (stored.article, stored.render_version);
    assert_eq!(version, render::RENDER_VERSION);
    assert_eq!(a.title, "Sleep and recovery");
    assert_eq!(a.sources[0].publisher, "NHS");
    assert_eq!(a.toc[0].id, "art-building-a-routine");
    assert!(a.html.contains(r#"<h2 id="art-building-a-routine">"#), "{}", a.html);
    assert!(a.html.contains(r##"href="#/article/stopping-antidepressants""##));
    assert!(a.text.starts_with("Sleep often improves"));
    assert_eq!(a.language.as_deref(), Some("en"), "bundled articles are English");
    assert_eq!((a.bookmarked, a.note.clone(), a.position), (false, None, 0.0));
    assert_eq!(a.previous, None);
    assert_eq!(a.next.as_ref().unwrap().slug, "support-groups");
    assert_eq!(lib.article("support-groups").unwrap().article.previous.unwrap().slug, "sleep-and-recovery");
    let related: Vec<_> = a.related.iter().map(|r| r.slug.as_str()).collect();
    assert_eq!(related[0], "support-groups", "shares the habits tag: {related:?}");
    assert!(related.len() >= 2 && !related.contains(&"sleep-and-recovery"));
    assert_eq!(lib.article("support-groups").unwrap().article.content_warnings, ["relapse"]);
    assert_eq!(lib.article("nope").unwrap_err().kind, ErrorKind::NotFound);
    // An imported article has the language its file gives, or none.
    let german = imported("ruhe.md", "---\nlang: de\n---\nRuhe finden.");
    let unknown = imported("quiet.md", "Finding quiet.");
    lib.write(|tx| {
        insert(tx, &german, Origin::Imported, Some("/x/ruhe.md"))?;
        insert(tx, &unknown, Origin::Imported, Some("/x/quiet.md"))
    })
    .unwrap();
    assert_eq!(lib.article("ruhe").unwrap().article.language.as_deref(), Some("de"));
    assert_eq!(lib.article("quiet").unwrap().article.language, None);
}

#[test]
fn tags_no_article_carries_any_more_disappear() {
    let lib = library();
    let with_tag = imported("mine.md", "---\ntags: [solitary, habits]\n---\nText.");
    let id = lib.write(|tx| insert(tx, &with_tag, Origin::Imported, Some("/x/mine.md"))).unwrap();
    let names = |lib: &Store| lib.tags().unwrap().into_iter().map(|t| t.name).collect::<Vec<_>>();
    assert!(names(&lib).contains(&"solitary".to_string()));
    let without = imported("mine.md", "---\ntags: [habits]\n---\nText again.");
    lib.write(|tx| update(tx, id, &without, Some("/x/mine.md"))).unwrap();
    let count: i64 =
        lib.read(|c| Ok(c.query_row("SELECT count(*) FROM tags WHERE name = 'solitary'", [], |r| r.get(0))?)).unwrap();
    assert_eq!(count, 0, "the dropped tag is pruned on update");
    lib.write(|tx| delete(tx, id)).unwrap();
    assert!(names(&lib).contains(&"habits".to_string()), "a tag other articles carry stays");
}

#[test]
fn bundled_articles_cannot_be_deleted() {
    let lib = library();
    assert_eq!(lib.delete_imported("support-groups").unwrap_err().kind, ErrorKind::InvalidInput);
    assert_eq!(lib.delete_imported("missing").unwrap_err().kind, ErrorKind::NotFound);
}

/// Both full-text indexes match the articles table after every kind of write (FTS5's `integrity-check`
/// with rank 1 compares an external-content index with its content), and search sees the new text only.
#[test]
fn full_text_indexes_follow_every_write() {
    let lib = library();
    let check = |lib: &Store| {
        lib.write(|tx| {
            tx.execute_batch(
                "INSERT INTO articles_fts (articles_fts, rank) VALUES ('integrity-check', 1);
                 INSERT INTO titles_fts (titles_fts, rank) VALUES ('integrity-check', 1);",
            )?;
            Ok(())
        })
        .unwrap()
    };
    let found = |lib: &Store, q: &str| lib.search(q, &Filter::default(), 50, 0).unwrap().len();
    check(&lib);
    let first = imported("walks.md", "# Evening walks\n\nA zephyrous evening walk.");
    let id = lib.write(|tx| insert(tx, &first, Origin::Imported, Some("/x/walks.md"))).unwrap();
    check(&lib);
    assert_eq!((found(&lib, "zephyrous"), found(&lib, "evening walks")), (1, 1));
    let second = imported("walks.md", "# Morning swims\n\nA brisk quixotic swim.");
    lib.write(|tx| update(tx, id, &second, Some("/x/walks.md"))).unwrap();
    check(&lib);
    assert_eq!((found(&lib, "zephyrous"), found(&lib, "quixotic"), found(&lib, "morning")), (0, 1, 1));
    let stale = lib.stale(u32::MAX, 0, 10).unwrap().into_iter().find(|s| s.id == id).unwrap();
    let newer = render::render("A brisk, halcyon swim.");
    assert_eq!(lib.store_renderings(&[(stale, newer)]).unwrap(), 1);
    check(&lib);
    assert_eq!(found(&lib, "halcyon"), 1, "the new text is indexed (the summary keeps its words)");
    lib.write(|tx| delete(tx, id)).unwrap();
    check(&lib);
    assert_eq!(found(&lib, "halcyon"), 0);
}

#[test]
fn slugs_are_made_unique() {
    let lib = library();
    let doc = imported("support-groups.md", "Peer groups again.");
    let id = lib.write(|tx| insert(tx, &doc, Origin::Imported, Some("/x/support-groups.md"))).unwrap();
    assert_eq!(slug_of(&lib, id), "support-groups-2");
}

/// The next free slug comes from the highest suffix in use, found in one query; the old walk tried
/// `calm-2`, `calm-3`, ... one query each, which made many files of one name quadratic.
#[test]
fn a_taken_slug_continues_from_the_highest_suffix() {
    let lib = library();
    let store_as = |slug: &str| {
        let doc = imported("x.md", &format!("---\nslug: {slug}\n---\nText for {slug}."));
        lib.write(|tx| insert(tx, &doc, Origin::Imported, Some(&format!("/x/{slug}.md")))).unwrap()
    };
    for slug in ["calm", "calm-2", "calm-7", "calm-08", "calm-down", "calm-9x", "calmer-99"] {
        store_as(slug);
    }
    let id = store_as("calm");
    assert_eq!(slug_of(&lib, id), "calm-8");
    // A slug with letters beyond ASCII counts its suffix by characters, as SQLite does.
    store_as("café");
    assert_eq!(slug_of(&lib, store_as("café")), "café-2");
    assert_eq!(slug_of(&lib, store_as("café")), "café-3");
}

#[test]
fn an_updated_article_keeps_its_slug() {
    let lib = library();
    let first = imported("support-groups.md", "Peer groups, first draft.");
    let id = lib.write(|tx| insert(tx, &first, Origin::Imported, Some("/x/support-groups.md"))).unwrap();
    assert_eq!(slug_of(&lib, id), "support-groups-2");
    let second = imported("support-groups.md", "Peer groups, second draft.");
    lib.write(|tx| update(tx, id, &second, Some("/x/support-groups.md"))).unwrap();
    assert_eq!(slug_of(&lib, id), "support-groups-2", "links to it keep working");
    let renamed = imported("support-groups.md", "---\nslug: circles\n---\nPeer circles.");
    lib.write(|tx| update(tx, id, &renamed, Some("/x/support-groups.md"))).unwrap();
    assert_eq!(slug_of(&lib, id), "circles", "a slug the file asks for is followed");
}

/// The rule for storing an imported file, in the store where its SQL lives.
#[test]
fn imported_files_are_new_updated_in_place_or_duplicates() {
    let lib = library();
    let first = imported("note.md", "# My note\n\nFirst version.");
    let outcome = lib.upsert_imported([(&first, "/notes/note.md")]).unwrap();
    assert_eq!(outcome, [Upserted::Inserted { slug: "note".into() }]);
    lib.add_bookmark("note", Some("mine")).unwrap();
    let again = lib.upsert_imported([(&first, "/elsewhere/copy.md")]).unwrap();
    assert_eq!(again, [Upserted::Duplicate { slug: "note".into() }], "same content anywhere is a duplicate");
    let changed = imported("note.md", "# My note\n\nSecond version.");
    let outcome = lib.upsert_imported([(&changed, "/notes/note.md")]).unwrap();
    assert_eq!(outcome, [Upserted::Updated { slug: "note".into() }]);
    let article = lib.article("note").unwrap().article;
    assert_eq!((article.text.as_str(), article.note.as_deref()), ("Second version.", Some("mine")));
}

/// A batch gives way to a waiting writer: a bookmark saved while an import runs is stored between the batch's
/// files, and the batch still stores every file, in order, whatever waits.
#[test]
fn an_import_batch_gives_way_to_a_waiting_write_and_loses_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let store = std::sync::Arc::new(Store::open(dir.path().join("library.sqlite")).unwrap());
    let docs: Vec<Document> = (0..400)
        .map(|i| imported(&format!("n{i}.md"), &format!("# Note {i}\n\nWords {}.", "calm ".repeat(200))))
        .collect();
    let sources: Vec<String> = (0..400).map(|i| format!("/notes/n{i}.md")).collect();
    let writer = {
        let store = std::sync::Arc::clone(&store);
        std::thread::spawn(move || {
            // Writes in a loop while the batch runs: each must get through.
            let mut done = 0;
            while store.list(&Default::default()).unwrap().total < 400 && done < 10_000 {
                store.set_setting("theme", if done % 2 == 0 { "dark" } else { "light" }).unwrap();
                done += 1;
            }
            done
        })
    };
    let outcome = store.upsert_imported(docs.iter().zip(sources.iter().map(String::as_str))).unwrap();
    let writes = writer.join().unwrap();
    assert_eq!(outcome.len(), 400);
    assert!(
        outcome.iter().enumerate().all(|(i, o)| *o == Upserted::Inserted { slug: format!("n{i}") }),
        "in order: {:?}",
        &outcome[..3]
    );
    assert_eq!(store.list(&Default::default()).unwrap().total, 400);
    assert!(writes > 0);
}

/// The words of a deleted or rewritten article leave the vocabulary unless another article still holds them,
/// and a word removed is written again by the next article that holds it.
#[test]
fn deleting_or_rewriting_an_article_takes_its_own_words_out_of_the_vocabulary() {
    let lib = library();
    let words = |lib: &Store| -> Vec<String> {
        lib.read(|c| {
            Ok(c.prepare("SELECT word FROM vocabulary WHERE word IN ('zolpiquex', 'journaling', 'sleep', 'quiet')")?
                .query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?)
        })
        .unwrap()
    };
    let diary = imported("diary.md", "# Diary\n\nZolpiquex journaling helps me sleep.");
    let slug = match lib.upsert_imported([(&diary, "/notes/diary.md")]).unwrap().remove(0) {
        Upserted::Inserted { slug } => slug,
        other => panic!("{other:?}"),
    };
    assert_eq!(words(&lib), ["journaling", "sleep", "zolpiquex"]);
    let rewritten = imported("diary.md", "# Diary\n\nJournaling in the quiet helps me sleep.");
    lib.upsert_imported([(&rewritten, "/notes/diary.md")]).unwrap();
    assert_eq!(words(&lib), ["journaling", "quiet", "sleep"], "a word only the old text held is gone");
    lib.delete_imported(&slug).unwrap();
    assert_eq!(words(&lib), ["sleep"], "another article holds sleep");
    assert!(lib.search("Journ", &Filter::default(), 10, 0).unwrap().is_empty());

    let again = imported("again.md", "# Again\n\nJournaling, twice a day.");
    lib.upsert_imported([(&again, "/notes/again.md")]).unwrap();
    assert_eq!(words(&lib), ["journaling", "sleep"], "written again, not taken as known");
    assert_eq!(lib.search("Journ", &Filter::default(), 10, 0).unwrap().len(), 1);
}
