//! Reading state: how far into an article the reader is, when they last opened it, and whether they finished.

use rusqlite::{params, OptionalExtension};

use super::articles::id_for_slug;
use super::{now_ms, Library};
use crate::error::{Error, Result};
use crate::model::ReadingState;

/// A position at or beyond this counts as having finished the article.
pub const FINISHED_AT: f64 = 0.97;

impl Library {
    /// Where the reader is in an article; an article never opened is at 0.
    pub fn reading_state(&self, slug: &str) -> Result<ReadingState> {
        self.read(|conn| {
            let id = id_for_slug(conn, slug)?;
            let state = conn
                .prepare_cached("SELECT position, finished, last_opened FROM reading_state WHERE article_id = ?")?
                .query_row([id], |r| {
                    Ok(ReadingState { position: r.get(0)?, finished: r.get(1)?, last_opened: r.get(2)? })
                })
                .optional()?;
            Ok(state.unwrap_or(ReadingState { position: 0.0, finished: false, last_opened: None }))
        })
    }

    /// Records the reading position (0 to 1) and that the article was opened now. Reaching the end marks it
    /// finished; once finished, it stays finished when the reader scrolls back up.
    pub fn set_reading_position(&self, slug: &str, position: f64) -> Result<ReadingState> {
        if !(0.0..=1.0).contains(&position) {
            return Err(Error::invalid(format!("a reading position is between 0 and 1, not {position}")));
        }
        self.write(|tx| {
            let id = id_for_slug(tx, slug)?;
            let now = now_ms();
            tx.prepare_cached(
                "INSERT INTO reading_state (article_id, position, last_opened, finished) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (article_id) DO UPDATE SET position = ?2, last_opened = ?3, finished = MAX(finished, ?4)",
            )?
            .execute(params![id, position, now, position >= FINISHED_AT])?;
            let finished =
                tx.query_row("SELECT finished FROM reading_state WHERE article_id = ?", [id], |r| r.get(0))?;
            Ok(ReadingState { position, finished, last_opened: Some(now) })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::library;
    use crate::error::ErrorKind;

    #[test]
    fn position_is_saved_and_finishing_sticks() {
        let lib = library();
        assert_eq!(lib.reading_state("support-groups").unwrap().position, 0.0);
        let s = lib.set_reading_position("support-groups", 0.5).unwrap();
        assert!(!s.finished && s.last_opened.is_some());
        assert_eq!(lib.reading_state("support-groups").unwrap().position, 0.5);
        assert!(lib.set_reading_position("support-groups", 0.99).unwrap().finished);
        let back = lib.set_reading_position("support-groups", 0.1).unwrap();
        assert!(back.finished && back.position == 0.1);
        assert_eq!(lib.article("support-groups").unwrap().position, 0.1);
    }

    #[test]
    fn out_of_range_positions_and_unknown_articles_are_refused() {
        let lib = library();
        for bad in [-0.1, 1.5, f64::NAN] {
            assert_eq!(lib.set_reading_position("support-groups", bad).unwrap_err().kind, ErrorKind::InvalidInput);
        }
        assert_eq!(lib.set_reading_position("nope", 0.2).unwrap_err().kind, ErrorKind::NotFound);
    }
}
