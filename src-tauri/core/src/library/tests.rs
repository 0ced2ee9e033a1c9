use super::*;
use crate::store::tests::ARTICLES;

/// The store's three test articles, as a bundle.
pub(crate) const BUNDLE: &[BundledFile] = &[
    BundledFile { path: ARTICLES[0].0, text: ARTICLES[0].1 },
    BundledFile { path: ARTICLES[1].0, text: ARTICLES[1].1 },
    BundledFile { path: ARTICLES[2].0, text: ARTICLES[2].1 },
];

pub(crate) fn library() -> Library {
    Library::in_memory(BUNDLE).unwrap()
}

#[test]
fn the_core_works_with_whatever_articles_are_bundled() {
    let lib = Library::in_memory(bundled::FILES).unwrap();
    assert!(lib.sync_report().failed.is_empty(), "{:?}", lib.sync_report().failed);
    assert_eq!(lib.list(&Default::default()).unwrap().total as usize, bundled::FILES.len());
    let categories = lib.categories().unwrap().len();
    assert_eq!(categories, bundled::CATEGORIES.len());
}

/// Regression: bundled articles were compared on a read connection and written later, so the app and
/// `haven-cli` opening a new library at the same moment both inserted every one (the second copies got `-2`
/// slugs). The comparison now happens again inside the write transaction.
#[test]
fn openers_racing_on_a_new_library_store_each_bundled_article_once() {
    for round in 0..8 {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("library.sqlite");
        let barrier = std::sync::Arc::new(std::sync::Barrier::new(4));
        let openers: Vec<_> = (0..4)
            .map(|_| {
                let (path, barrier) = (path.clone(), barrier.clone());
                std::thread::spawn(move || {
                    barrier.wait();
                    Library::open_with(&path, BUNDLE).map(|lib| lib.sync_report().added)
                })
            })
            .collect();
        let added: u32 = openers.into_iter().map(|t| t.join().unwrap().unwrap()).sum();
        assert_eq!(added, 3, "round {round}: every article was added exactly once between them");
        let lib = Library::open_with(&path, BUNDLE).unwrap();
        let slugs: Vec<String> = lib.list(&Default::default()).unwrap().items.into_iter().map(|a| a.slug).collect();
        assert_eq!(slugs, ["sleep-and-recovery", "stopping-antidepressants", "support-groups"], "round {round}");
    }
}

#[test]
fn an_article_from_an_older_renderer_is_rendered_afresh_when_read() {
    let lib = library();
    lib.store
        .write(|tx| {
            tx.execute("UPDATE articles SET render_version = 1 WHERE slug = 'support-groups'", [])?;
            Ok(())
        })
        .unwrap();
    let article = lib.article("support-groups").unwrap();
    assert!(article.html.contains("SMART Recovery"), "{}", article.html);
    assert_eq!(lib.count_stale().unwrap(), 1, "reading does not write; the background re-render does");
}
