use crate::library::tests::library;
use crate::render::RENDER_VERSION;

/// Marks every article as indexed by renderer 1.
fn age(lib: &crate::library::Library) {
    lib.store
        .write(|tx| {
            tx.execute("UPDATE articles SET render_version = 1, word_count = 1", [])?;
            Ok(())
        })
        .unwrap();
}

#[test]
fn stale_articles_are_rerendered_in_batches_keeping_the_reader_s_data() {
    let lib = library();
    lib.add_bookmark("support-groups", Some("mine")).unwrap();
    lib.set_reading_position("support-groups", 0.4).unwrap();
    let word_counts = |lib: &crate::library::Library| -> Vec<i64> {
        lib.store
            .read(|c| {
                let mut q = c.prepare("SELECT word_count FROM articles ORDER BY id")?;
                let counts = q.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
                Ok(counts)
            })
            .unwrap()
    };
    let before = word_counts(&lib);
    age(&lib);
    assert_ne!(word_counts(&lib), before);
    assert_eq!(lib.count_stale().unwrap(), 3);
    let mut seen = Vec::new();
    let report = lib.rerender_stale(|p| {
        seen.push((p.done, p.total));
        true
    });
    let report = report.unwrap();
    assert_eq!((report.rendered, report.stopped), (3, false));
    assert_eq!(seen, [(3, 3)]);
    assert_eq!(lib.count_stale().unwrap(), 0);
    let a = lib.article("support-groups").unwrap();
    assert!(a.html.contains("SMART Recovery"));
    assert_eq!((a.note.as_deref(), a.position), (Some("mine"), 0.4));
    assert_eq!(word_counts(&lib), before, "the word counts were derived again");
    // Nothing left to do: no batches, no writes.
    assert_eq!(lib.rerender_stale(|_| true).unwrap(), Default::default());
}

#[test]
fn a_stopped_rerender_resumes_where_it_stopped() {
    let lib = library();
    age(&lib);
    // Stopping after the first batch (here, all three fit in one) leaves nothing half-done.
    let first = lib.rerender_stale(|_| false).unwrap();
    assert!(first.stopped);
    assert_eq!(lib.count_stale().unwrap(), 3 - first.rendered);
}

/// Regression: an article whose Markdown no longer rendered kept the HTML an old sanitizer wrote, and was
/// marked current for ever after. Nothing rendered is stored now: a source this build refuses (nested too deep)
/// is shown as its escaped text, through this build's sanitizer, and its index and version brought up to date.
#[test]
fn an_article_that_no_longer_renders_is_shown_as_its_text() {
    let lib = library();
    age(&lib);
    lib.store
        .write(|tx| {
            let source = crate::packed::pack(&format!("{}<img src=\"x.png\">", "<div>".repeat(5_000)));
            tx.execute("UPDATE articles SET source = ? WHERE slug = 'support-groups'", [source])?;
            Ok(())
        })
        .unwrap();
    let shown = lib.article("support-groups").unwrap();
    assert!(shown.html.starts_with("<p>&lt;div&gt;&lt;div&gt;"), "{}", &shown.html[..80]);
    assert!(!shown.html.contains("<img") && !shown.html.contains("<div"));
    let report = lib.rerender_stale(|_| true).unwrap();
    assert_eq!(report.rendered, 3);
    let stored = lib.store.article("support-groups").unwrap();
    assert_eq!(stored.render_version, RENDER_VERSION);
}
