use super::*;

#[test]
fn the_same_seed_writes_the_same_corpus() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    let ca = write(a.path(), 30, 7).unwrap();
    let cb = write(b.path(), 30, 7).unwrap();
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
