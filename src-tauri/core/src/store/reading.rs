//! Reading state: how far into an article the reader is, when they last opened it, and whether they finished.

use rusqlite::{params, OptionalExtension};

use super::articles::id_for_slug;
use super::{now_ms, Store};
use crate::error::{Error, Result};
use crate::model::ReadingState;

/// A position at or beyond this counts as having finished the article.
pub const FINISHED_AT: f64 = 0.97;

impl Store {
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
mod tests;
