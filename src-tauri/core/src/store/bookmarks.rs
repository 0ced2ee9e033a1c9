//! Bookmarks: saved articles with an optional note, newest first.

use rusqlite::{params, OptionalExtension};

use super::articles::id_for_slug;
use super::{now_ms, Store};
use crate::error::{Error, Result};
use crate::model::Bookmark;

/// The longest note kept, in characters.
pub const MAX_NOTE_CHARS: usize = 10_000;

impl Store {
    /// Bookmarks an article, or updates the note of an existing bookmark (keeping when it was made). A `None`
    /// note leaves an existing note as it is.
    pub fn add_bookmark(&self, slug: &str, note: Option<&str>) -> Result<Bookmark> {
        let note = note.map(clean_note).transpose()?;
        self.write(|tx| {
            let id = id_for_slug(tx, slug)?;
            tx.prepare_cached(
                "INSERT INTO bookmarks (article_id, created_at, note) VALUES (?1, ?2, COALESCE(?3, ''))
                 ON CONFLICT (article_id) DO UPDATE SET note = COALESCE(?3, note)",
            )?
            .execute(params![id, now_ms(), note])?;
            bookmark_by_id(tx, id)
        })
    }

    /// Sets the note of an existing bookmark.
    pub fn set_note(&self, slug: &str, note: &str) -> Result<Bookmark> {
        let note = clean_note(note)?;
        self.write(|tx| {
            let id = id_for_slug(tx, slug)?;
            let changed =
                tx.prepare_cached("UPDATE bookmarks SET note = ? WHERE article_id = ?")?.execute(params![note, id])?;
            if changed == 0 {
                return Err(Error::not_found(format!("“{slug}” is not bookmarked")));
            }
            bookmark_by_id(tx, id)
        })
    }

    /// Removes a bookmark and its note. Removing one that does not exist is not an error.
    pub fn remove_bookmark(&self, slug: &str) -> Result<()> {
        self.write(|tx| {
            let id = id_for_slug(tx, slug)?;
            tx.prepare_cached("DELETE FROM bookmarks WHERE article_id = ?")?.execute([id])?;
            Ok(())
        })
    }

    /// Every bookmark, newest first.
    pub fn bookmarks(&self) -> Result<Vec<Bookmark>> {
        self.read(|conn| {
            let rows = conn
                .prepare_cached(&format!("{SELECT} ORDER BY b.created_at DESC, b.rowid DESC"))?
                .query_map([], bookmark_from_row)?
                .collect::<rusqlite::Result<_>>()?;
            Ok(rows)
        })
    }
}

const SELECT: &str = "SELECT a.slug, a.title, a.category, a.summary, a.reading_minutes, b.note, b.created_at
     FROM bookmarks b JOIN articles a ON a.id = b.article_id";

fn bookmark_from_row(r: &rusqlite::Row) -> rusqlite::Result<Bookmark> {
    Ok(Bookmark {
        slug: r.get(0)?,
        title: r.get(1)?,
        category: r.get(2)?,
        summary: r.get(3)?,
        reading_minutes: r.get(4)?,
        note: r.get(5)?,
        created_at: r.get(6)?,
    })
}

fn bookmark_by_id(conn: &rusqlite::Connection, id: i64) -> Result<Bookmark> {
    conn.prepare_cached(&format!("{SELECT} WHERE b.article_id = ?"))?
        .query_row([id], bookmark_from_row)
        .optional()?
        .ok_or_else(|| Error::not_found("that bookmark no longer exists"))
}

fn clean_note(note: &str) -> Result<String> {
    let note = note.trim();
    if note.chars().count() > MAX_NOTE_CHARS {
        return Err(Error::invalid(format!("a note can be at most {MAX_NOTE_CHARS} characters long")));
    }
    Ok(note.to_string())
}

#[cfg(test)]
mod tests;
