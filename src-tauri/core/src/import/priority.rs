//! The import's workers run at a lower scheduling priority than the rest of the process.
//!
//! Reading, searching and saving a bookmark while a large folder imports should feel as quick as without it. The
//! workers (reading, extracting and rendering files: most of an import's CPU) would otherwise take a full share
//! of a two-core laptop beside the reader's own threads, and the thread that stores the import's batches, which
//! a bookmark may be waiting for, would get less. With the workers [`NICENESS`] steps nicer, the import goes
//! slower while someone reads and at full speed when nobody does: the scheduler only favours other threads when
//! they want the CPU. The storing thread keeps the process's priority, because whoever waits to write waits for
//! it.
//!
//! Measured with `haven-cli bench --sizes 10000 --lean` (eight threads reading, searching and bookmarking without
//! pause while 10,000 web pages import, with the index merges of store/bulk.rs in both runs): a bookmark's p95
//! went from 4.2 to 2.1-2.5 times idle (two runs), and those 10,000 pages took 146-147 s beside the readers
//! instead of 77 s. An import alone is as fast.
//!
//! Linux only: there a thread's niceness is its own (`setpriority` on its thread id). macOS and Windows set a
//! thread's priority only through calls this crate would have to make with `unsafe` code, which it forbids;
//! there the workers run at the process's priority.

/// How much nicer than the process the workers are: the scheduler then gives a worker about a tenth of the CPU
/// time of a thread at the process's own priority when both want it.
#[cfg(target_os = "linux")]
pub(crate) const NICENESS: i32 = 10;

/// The nicest a thread can be.
#[cfg(target_os = "linux")]
const NICEST: i32 = 19;

/// Lowers the calling thread's priority by [`NICENESS`]; a worker calls it first. A thread that cannot be made
/// nicer runs as it was, which is only slower for the reader, so the failure is logged and nothing more.
pub(crate) fn lower_this_thread() {
    #[cfg(target_os = "linux")]
    {
        use rustix::process::{getpriority_process, setpriority_process};
        let thread = Some(rustix::thread::gettid());
        let lowered =
            getpriority_process(thread).and_then(|now| setpriority_process(thread, (now + NICENESS).min(NICEST)));
        if let Err(e) = lowered {
            log::debug!("an import worker runs at the process's priority: {e}");
        }
    }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;
    use rustix::process::getpriority_process;

    /// The calling thread's niceness.
    fn niceness() -> i32 {
        getpriority_process(Some(rustix::thread::gettid())).unwrap()
    }

    #[test]
    fn a_worker_is_nicer_than_the_thread_that_started_it_and_only_it_is() {
        let before = niceness();
        let worker = std::thread::spawn(|| {
            lower_this_thread();
            niceness()
        })
        .join()
        .unwrap();
        assert_eq!(worker, (before + NICENESS).min(NICEST));
        assert_eq!(niceness(), before, "the thread that started it keeps its priority");
    }
}
