use super::*;

#[test]
fn the_same_seed_writes_the_same_corpus() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    let ca = write(a.path(), 30, 7, Prose::Synthetic).unwrap();
    let cb = write(b.path(), 30, 7, Prose::Synthetic).unwrap();
    assert_eq!((ca.files, ca.bytes), (cb.files, cb.bytes));
    let file = Path::new("000/article-000017.md");
    assert_eq!(fs::read(a.path().join(file)).unwrap(), fs::read(b.path().join(file)).unwrap());
    let mean = ca.bytes / ca.files as u64;
    assert!((3_000..12_000).contains(&mean), "articles average {mean} bytes");
}

#[test]
fn zipf_ranks_favour_the_head() {
    let mut rng = Rng::new(1);
    let draws: Vec<usize> = (0..10_000).map(|_| rng.zipf(1000)).collect();
    let head = draws.iter().filter(|&&r| r < 10).count();
    let tail = draws.iter().filter(|&&r| r >= 500).count();
    assert!(head > tail / 2 && draws.iter().all(|&r| r < 1000), "head {head}, tail {tail}");
    assert_ne!(rare_word(1), rare_word(2));
}

#[test]
fn the_sentences_corpus_is_the_bundle_s_own_sentences_and_words() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = write(dir.path(), 30, 7, Prose::Sentences).unwrap();
    assert_eq!(corpus.files, 30);
    let pool = Pool::from_bundle();
    let vocabulary: std::collections::HashSet<String> = pool
        .sentences
        .iter()
        .flat_map(|s| s.split(|c: char| !c.is_alphanumeric()).map(str::to_lowercase).collect::<Vec<_>>())
        .collect();
    let text = fs::read_to_string(dir.path().join("000").join("article-000004.md")).unwrap();
    let body = text.split("\n---\n").nth(1).unwrap();
    let paragraphs: Vec<&str> =
        body.split("\n\n").map(str::trim).filter(|p| !p.is_empty() && !p.starts_with(['#', '-'])).collect();
    assert!(!paragraphs.is_empty());
    for paragraph in paragraphs {
        for word in paragraph.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
            assert!(vocabulary.contains(&word.to_lowercase()), "{word:?} is not the bundle's: {paragraph}");
        }
        assert!(pool.sentences.iter().any(|s| paragraph.starts_with(s.as_str())), "begins with a bundle sentence");
    }
    let rare = rare_bundle_words(3);
    assert_eq!(rare.len(), 3);
    assert!(rare.iter().all(|w| vocabulary.contains(w)), "{rare:?}");
}
