use std::path::Path;
use std::sync::mpsc::Receiver;
use std::time::Instant;

use super::*;
use crate::document::{ArticleFile, Document};
use crate::error::Error;
use crate::import::MAX_LISTED;

/// A folder of `n` small notes.
fn notes(n: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..n {
        std::fs::write(dir.path().join(format!("n{i:04}.md")), format!("Note number {i}.")).unwrap();
    }
    dir
}

/// Prepares a file without reading it: its name as the text.
fn stand_in(file: &SourceFile) -> Result<Prepared> {
    let name = file.path.file_name().unwrap().to_string_lossy().into_owned();
    let doc = Document::from_markdown(&format!("Text of {name}."), ArticleFile::imported(&name, "Imported"))?;
    Ok(Prepared { doc, display_path: file.path.display().to_string(), source_path: file.source_path() })
}

/// A store that stores nothing and calls everything new.
fn accept(batch: &[Prepared]) -> Result<Vec<Stored>> {
    Ok(batch.iter().map(|p| Stored::New { slug: p.doc.slug.clone() }).collect())
}

/// Imports the folder `dir` with no eye on progress or on each line.
fn import(
    dir: &Path,
    cancel: &AtomicBool,
    store: &mut dyn FnMut(&[Prepared]) -> Result<Vec<Stored>>,
    prepare: Arc<PrepareFn>,
) -> Result<ImportReport> {
    run(&[dir.to_path_buf()], ImportOptions::default(), cancel, &mut |_| {}, store, &mut |_| {}, prepare)
}

/// Regression: cancel was only checked when the next file in order arrived, so one file that never finished
/// (a hung network drive) blocked cancelling and held the app's one import slot for good.
#[test]
fn cancel_is_seen_while_a_file_hangs_and_the_import_returns() {
    let dir = notes(40);
    let (release, hold): (mpsc::Sender<()>, Receiver<()>) = mpsc::channel();
    let hold = Mutex::new(hold);
    let prepare = Arc::new(move |file: &SourceFile, _: &ImportOptions| {
        if file.path.ends_with("n0003.md") {
            // Hangs until the test ends (or, at most, a minute).
            let _ = hold.lock().unwrap().recv_timeout(Duration::from_secs(60));
            return Err(Error::invalid("n0003.md: released"));
        }
        stand_in(file)
    });
    let cancel = AtomicBool::new(false);
    let started = Instant::now();
    let mut seen = Vec::new();
    let report = std::thread::scope(|scope| {
        scope.spawn(|| {
            std::thread::sleep(Duration::from_millis(300));
            cancel.store(true, Ordering::Relaxed);
        });
        run(
            &[dir.path().to_path_buf()],
            ImportOptions::default(),
            &cancel,
            &mut |p| seen.push(p.done),
            &mut accept,
            &mut |_| {},
            prepare,
        )
        .unwrap()
    });
    let waited = started.elapsed();
    assert!(report.cancelled);
    assert_eq!(report.imported.len(), 3, "the files before the hung one are stored: {report:?}");
    assert!(waited < Duration::from_secs(10), "the import returned while the file still hung ({waited:?})");
    assert_eq!(seen, [0, 1, 2]);
    release.send(()).unwrap();
}

/// Regression: the reorder buffer was unbounded, so while one file was slow every other file was prepared
/// and held in memory behind it. Workers now stay within `WINDOW` files of the next one to store.
#[test]
fn workers_stay_within_the_window_behind_a_slow_file() {
    let dir = notes(WINDOW * 4);
    let prepared = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&prepared);
    let (release, hold) = mpsc::channel::<()>();
    let hold = Mutex::new(hold);
    let prepare = Arc::new(move |file: &SourceFile, _: &ImportOptions| {
        counter.fetch_add(1, Ordering::SeqCst);
        if file.path.ends_with("n0000.md") {
            let _ = hold.lock().unwrap().recv_timeout(Duration::from_secs(60));
        }
        stand_in(file)
    });
    let cancel = AtomicBool::new(false);
    let report = std::thread::scope(|scope| {
        let watcher = scope.spawn(|| {
            std::thread::sleep(Duration::from_millis(500));
            let ahead = prepared.load(Ordering::SeqCst);
            release.send(()).unwrap();
            ahead
        });
        let report = import(dir.path(), &cancel, &mut accept, prepare).unwrap();
        let ahead = watcher.join().unwrap();
        assert!(ahead <= WINDOW, "{ahead} files were prepared while the first one waited");
        report
    });
    assert_eq!(report.imported.len(), WINDOW * 4, "and then everything is imported");
    let paths: Vec<&str> = report.imported.iter().map(|i| i.path.as_str()).collect();
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted, "in file order");
}

#[test]
fn batches_are_stored_in_order_and_a_failing_store_fails_the_import() {
    let dir = notes(BATCH * 2 + 5);
    let mut sizes = Vec::new();
    let mut store = |batch: &[Prepared]| {
        sizes.push(batch.len());
        accept(batch)
    };
    let cancel = AtomicBool::new(false);
    let prepare: Arc<PrepareFn> = Arc::new(|file: &SourceFile, _: &ImportOptions| stand_in(file));
    let report = import(dir.path(), &cancel, &mut store, prepare.clone()).unwrap();
    assert_eq!(sizes, [BATCH, BATCH, 5]);
    assert_eq!(report.imported.len(), BATCH * 2 + 5);
    let mut full =
        |_: &[Prepared]| -> Result<Vec<Stored>> { Err(Error::new(crate::error::ErrorKind::Storage, "disk full")) };
    let err = import(dir.path(), &cancel, &mut full, prepare).unwrap_err();
    assert_eq!(err.message, "disk full");
}

/// Regression: the report held a line for every file until the import ended, a few hundred bytes a file: most
/// of an import's memory at a million files. It now lists the first `MAX_LISTED` of each kind and counts the
/// rest, and whoever wants every line takes each as its batch is stored.
#[test]
fn the_report_lists_the_first_files_of_each_kind_and_each_line_is_seen_once_in_order() {
    let count = MAX_LISTED * 2;
    let dir = notes(count);
    // Every third file is already in the library, every tenth an update.
    let mut store = |batch: &[Prepared]| -> Result<Vec<Stored>> {
        Ok(batch
            .iter()
            .map(|p| {
                let slug = p.doc.slug.clone();
                let number: usize = slug.trim_start_matches(|c: char| !c.is_ascii_digit()).parse().unwrap_or(1);
                match number {
                    n if n % 3 == 0 => Stored::Duplicate { slug },
                    n if n % 10 == 1 => Stored::Updated { slug },
                    _ => Stored::New { slug },
                }
            })
            .collect())
    };
    let mut seen = Vec::new();
    let cancel = AtomicBool::new(false);
    let prepare: Arc<PrepareFn> = Arc::new(|file: &SourceFile, _: &ImportOptions| stand_in(file));
    let report = run(
        &[dir.path().to_path_buf()],
        ImportOptions::default(),
        &cancel,
        &mut |_| {},
        &mut store,
        &mut |line| seen.push(line.clone()),
        prepare,
    )
    .unwrap();
    let path = |line: &Line| match line {
        Line::Imported(i) | Line::Updated(i) => i.path.clone(),
        Line::Duplicate(d) => d.path.clone(),
    };
    let paths: Vec<String> = seen.iter().map(path).collect();
    assert_eq!(paths.len(), count, "each stored file is seen once");
    assert!(paths.windows(2).all(|w| w[0] < w[1]), "in file order");
    let (mut new, mut updated, mut duplicates) = (Vec::new(), Vec::new(), Vec::new());
    for line in seen {
        match line {
            Line::Imported(i) => new.push(i),
            Line::Updated(i) => updated.push(i),
            Line::Duplicate(d) => duplicates.push(d),
        }
    }
    assert_eq!(report.files(), count);
    assert!(new.len() > MAX_LISTED, "the test imports more new files than the report lists");
    assert_eq!(report.imported, new[..MAX_LISTED], "the first ones are listed");
    assert_eq!(report.imported_unlisted, new.len() - MAX_LISTED);
    assert_eq!((report.updated, report.updated_unlisted), (updated, 0));
    assert_eq!((report.duplicates, report.duplicates_unlisted), (duplicates, 0));
}

/// Files are prepared on threads nicer than the one storing them (import/priority.rs), and storing stays at the
/// caller's priority.
#[cfg(target_os = "linux")]
#[test]
fn files_are_prepared_at_a_lower_priority_than_they_are_stored() {
    use rustix::process::getpriority_process;
    let niceness = || getpriority_process(Some(rustix::thread::gettid())).unwrap();
    let caller = niceness();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let record = Arc::clone(&seen);
    let prepare = Arc::new(move |file: &SourceFile, _: &ImportOptions| {
        record.lock().unwrap().push(niceness());
        stand_in(file)
    });
    let mut storing = Vec::new();
    let mut store = |batch: &[Prepared]| {
        storing.push(niceness());
        accept(batch)
    };
    import(notes(20).path(), &AtomicBool::new(false), &mut store, prepare).unwrap();
    let expected = (caller + super::super::priority::NICENESS).min(19);
    let seen = seen.lock().unwrap();
    assert_eq!(seen.len(), 20);
    assert!(seen.iter().all(|&n| n == expected), "prepared at {seen:?}, expected {expected}");
    assert!(!storing.is_empty() && storing.iter().all(|&n| n == caller), "stored at {storing:?}");
}
