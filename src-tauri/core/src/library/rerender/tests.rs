use crate::library::tests::library;
use crate::render::RENDER_VERSION;

/// Marks every article as written by renderer 1, with HTML an old sanitizer might have let through.
fn age(lib: &crate::library::Library) {
    lib.store
        .write(|tx| {
            tx.execute(
                "UPDATE articles SET render_version = 1, html = '<h2 id=\"toast\">old</h2><img src=\"x.png\">'",
                [],
            )?;
            Ok(())
        })
        .unwrap();
}

#[test]
fn stale_articles_are_rerendered_in_batches_keeping_the_reader_s_data() {
    let lib = library();
    lib.add_bookmark("support-groups", Some("mine")).unwrap();
    lib.set_reading_position("support-groups", 0.4).unwrap();
    age(&lib);
    assert_eq!(lib.count_stale().unwrap(), 3);
    let mut seen = Vec::new();
    let report = lib.rerender_stale(|p| {
        seen.push((p.done, p.total));
        true
    });
    let report = report.unwrap();
    assert_eq!((report.rendered, report.resanitized, report.stopped), (3, 0, false));
    assert_eq!(seen, [(3, 3)]);
    assert_eq!(lib.count_stale().unwrap(), 0);
    let a = lib.article("support-groups").unwrap();
    assert!(a.html.contains("SMART Recovery"));
    assert_eq!((a.note.as_deref(), a.position), (Some("mine"), 0.4));
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
/// marked current for ever after.
#[test]
fn an_article_that_no_longer_renders_is_sanitized_again_not_left_as_it_was() {
    let lib = library();
    age(&lib);
    lib.store
        .write(|tx| {
            // Markdown this build refuses: nested too deep to parse.
            tx.execute("UPDATE articles SET markdown = ? WHERE slug = 'support-groups'", ["<div>".repeat(5_000)])?;
            Ok(())
        })
        .unwrap();
    let shown = lib.article("support-groups").unwrap();
    assert!(!shown.html.contains("id=\"toast\"") && !shown.html.contains("x.png"), "{}", shown.html);
    let report = lib.rerender_stale(|_| true).unwrap();
    assert_eq!((report.rendered, report.resanitized), (2, 1));
    let stored = lib.store.article("support-groups").unwrap();
    assert_eq!(stored.render_version, RENDER_VERSION);
    assert_eq!(
        stored.article.html, "<h2 id=\"art-toast\">old</h2><img>",
        "the old HTML, through this build's sanitizer"
    );
}
