//! How many of a store's connections read at once: at most [`MAX_READING`], so that SQLite's log can always be
//! folded back into the file.
//!
//! A WAL library has four marks of how far into the log its readers read (SQLite's `WAL_NREADER` less the one
//! for readers that need no log). A read transaction either finds a mark at the end of the log or moves a mark
//! nobody holds there; when every mark is held, it reads from the newest mark it can share, and a checkpoint
//! cannot fold the log back past any mark a reader holds. Eight threads reading back to back beside an import
//! held every mark all the time: at 10,000 articles the log grew to nearly 600 MB in six minutes with the file
//! untouched, and every read slowed as it grew (each page is looked up in the log's index first). With at most
//! three connections reading and the writer holding a fourth mark, a reader that starts always finds a mark
//! nobody holds and moves it to the end of the log, so the marks keep moving and checkpoints keep up.
//!
//! On two cores eight reads at once are no faster than three: a thread over the limit waits here instead of
//! in the scheduler's queue. A read inside a read (the same thread) does not wait for a second slot, so nested
//! reads cannot deadlock.

use std::cell::Cell;
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};

/// Connections reading at once, at most; the writer's transaction holds the fourth of the log's marks.
pub(crate) const MAX_READING: usize = 3;

/// The slots: how many are taken and whether reading is paused, and a condition that waiting threads wait on.
#[derive(Default)]
pub(crate) struct ReadSlots {
    state: Mutex<State>,
    changed: Condvar,
}

#[derive(Default)]
struct State {
    taken: usize,
    paused: bool,
}

thread_local! {
    /// Whether this thread holds a slot already (of any store: a thread reads one store at a time).
    static HOLDING: Cell<bool> = const { Cell::new(false) };
}

/// A slot held until dropped; `None` inside for a nested read, which holds no slot of its own.
pub(crate) struct Slot<'a>(Option<&'a ReadSlots>);

/// Reading paused until dropped ([`ReadSlots::pause`]).
pub(crate) struct Paused<'a>(&'a ReadSlots);

impl ReadSlots {
    fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn wait<'a>(&self, state: MutexGuard<'a, State>) -> MutexGuard<'a, State> {
        self.changed.wait(state).unwrap_or_else(PoisonError::into_inner)
    }

    /// Waits for a free slot and takes it (at once when this thread holds one already).
    pub(crate) fn take(&self) -> Slot<'_> {
        if HOLDING.with(Cell::get) {
            return Slot(None);
        }
        let mut state = self.state();
        while state.taken >= MAX_READING || state.paused {
            state = self.wait(state);
        }
        state.taken += 1;
        HOLDING.with(|h| h.set(true));
        Slot(Some(self))
    }

    /// Stops new reads and waits for those under way to end, so that nobody in this process reads the log while
    /// the returned value lives: how the log is rewound to its start (bulk.rs). `None` on a thread that is
    /// reading itself, which would wait for its own read.
    pub(crate) fn pause(&self) -> Option<Paused<'_>> {
        if HOLDING.with(Cell::get) {
            return None;
        }
        let mut state = self.state();
        while state.paused {
            state = self.wait(state);
        }
        state.paused = true;
        while state.taken > 0 {
            state = self.wait(state);
        }
        Some(Paused(self))
    }

    #[cfg(test)]
    pub(crate) fn taken(&self) -> usize {
        self.state().taken
    }
}

impl Drop for Slot<'_> {
    fn drop(&mut self) {
        if let Some(slots) = self.0 {
            HOLDING.with(|h| h.set(false));
            slots.state().taken -= 1;
            // Both a reader waiting for a slot and a pause waiting for the last read wait on this condition.
            slots.changed.notify_all();
        }
    }
}

impl Drop for Paused<'_> {
    fn drop(&mut self) {
        self.0.state().paused = false;
        self.0.changed.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Barrier;
    use std::time::Duration;

    #[test]
    fn no_more_than_the_limit_read_at_once_and_every_thread_gets_its_turn() {
        let slots = ReadSlots::default();
        let (now, most, done) = (AtomicUsize::new(0), AtomicUsize::new(0), AtomicUsize::new(0));
        let start = Barrier::new(8);
        std::thread::scope(|s| {
            for _ in 0..8 {
                s.spawn(|| {
                    start.wait();
                    for _ in 0..20 {
                        let _slot = slots.take();
                        let inside = now.fetch_add(1, Ordering::SeqCst) + 1;
                        most.fetch_max(inside, Ordering::SeqCst);
                        std::thread::sleep(Duration::from_micros(200));
                        now.fetch_sub(1, Ordering::SeqCst);
                    }
                    done.fetch_add(1, Ordering::SeqCst);
                });
            }
        });
        assert_eq!(done.load(Ordering::SeqCst), 8, "every thread finished");
        assert_eq!(most.load(Ordering::SeqCst), MAX_READING, "eight threads, the limit reached, never passed");
        assert_eq!(slots.taken(), 0, "every slot given back");
    }

    #[test]
    fn a_read_inside_a_read_takes_no_second_slot() {
        let slots = ReadSlots::default();
        let outer = slots.take();
        // With the other slots taken by other threads, a nested read must not wait for one.
        std::thread::scope(|s| {
            let others: Vec<_> = (1..MAX_READING).map(|_| s.spawn(|| std::mem::forget(slots.take()))).collect();
            for other in others {
                other.join().unwrap();
            }
        });
        assert_eq!(slots.taken(), MAX_READING);
        let inner = slots.take();
        assert_eq!(slots.taken(), MAX_READING, "the nested read holds no slot of its own");
        drop(inner);
        assert_eq!(slots.taken(), MAX_READING, "and gives none back");
        drop(outer);
        assert_eq!(slots.taken(), MAX_READING - 1);
    }

    #[test]
    fn a_pause_waits_for_reads_under_way_and_holds_new_ones_until_it_ends() {
        let slots = ReadSlots::default();
        let reading = slots.take();
        let (paused, read_after) = (AtomicUsize::new(0), AtomicUsize::new(0));
        std::thread::scope(|s| {
            s.spawn(|| {
                let pause = slots.pause().expect("this thread is not reading");
                paused.store(1, Ordering::SeqCst);
                std::thread::sleep(Duration::from_millis(50));
                assert_eq!(read_after.load(Ordering::SeqCst), 0, "no read starts during the pause");
                drop(pause);
            });
            std::thread::sleep(Duration::from_millis(50));
            assert_eq!(paused.load(Ordering::SeqCst), 0, "the pause waits for the read under way");
            drop(reading);
            while paused.load(Ordering::SeqCst) == 0 {
                std::thread::sleep(Duration::from_millis(1));
            }
            s.spawn(|| {
                let _slot = slots.take();
                read_after.store(1, Ordering::SeqCst);
            });
        });
        assert_eq!(read_after.load(Ordering::SeqCst), 1, "the read went on after the pause");
        assert_eq!(slots.taken(), 0);
        let _reading = slots.take();
        assert!(slots.pause().is_none(), "a thread that is reading cannot pause reading");
    }
}
