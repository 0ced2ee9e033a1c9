//! The reader's safety plan: entries by step, in the order they were added. Saved entry by entry as the reader
//! types; an entry is removed only when the reader removes it.

use rusqlite::{params, OptionalExtension, Row};

use super::{now_ms, Store};
use crate::error::{Error, ErrorKind, Result};
use crate::model::{PlanItem, PlanSection};

/// The longest entry kept, in characters: far beyond any plan, small enough to stay quick to save and print.
pub const MAX_ENTRY_CHARS: usize = 200_000;

/// The longest phone number kept, in characters.
pub const MAX_PHONE_CHARS: usize = 80;

/// Entries one step holds at most.
pub const MAX_ENTRIES: usize = 200;

fn from_row(r: &Row) -> rusqlite::Result<PlanItem> {
    let section: String = r.get(1)?;
    Ok(PlanItem {
        id: r.get(0)?,
        section: PlanSection::parse(&section).unwrap_or(PlanSection::WarningSigns),
        text: r.get(2)?,
        phone: r.get(3)?,
        updated: r.get(4)?,
    })
}

fn checked(text: &str, phone: &str) -> Result<()> {
    if text.chars().count() > MAX_ENTRY_CHARS {
        return Err(Error::new(
            ErrorKind::TooLarge,
            format!("an entry in the plan can be at most {MAX_ENTRY_CHARS} characters long"),
        ));
    }
    if phone.chars().count() > MAX_PHONE_CHARS {
        return Err(Error::invalid(format!("a phone number can be at most {MAX_PHONE_CHARS} characters long")));
    }
    Ok(())
}

impl Store {
    /// Every entry of the plan, step by step in the plan's order, each step's in the order they were added.
    pub fn plan(&self) -> Result<Vec<PlanItem>> {
        self.read(|conn| {
            let mut items: Vec<PlanItem> = conn
                .prepare_cached("SELECT id, section, text, phone, updated_at FROM plan_items ORDER BY position, id")?
                .query_map([], from_row)?
                .collect::<rusqlite::Result<_>>()?;
            items.sort_by_key(|i| PlanSection::ALL.iter().position(|s| *s == i.section));
            Ok(items)
        })
    }

    /// Adds an entry at the end of a step.
    pub fn add_plan_item(&self, section: PlanSection, text: &str, phone: &str) -> Result<PlanItem> {
        checked(text, phone)?;
        self.write(|tx| {
            let (count, last): (i64, Option<i64>) = tx
                .prepare_cached("SELECT count(*), max(position) FROM plan_items WHERE section = ?")?
                .query_row([section.as_str()], |r| Ok((r.get(0)?, r.get(1)?)))?;
            if count as usize >= MAX_ENTRIES {
                return Err(Error::invalid(format!("a step of the plan can hold at most {MAX_ENTRIES} entries")));
            }
            let now = now_ms();
            tx.prepare_cached(
                "INSERT INTO plan_items (section, position, text, phone, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
            )?
            .execute(params![section.as_str(), last.unwrap_or(0) + 1, text, phone, now])?;
            let id = tx.last_insert_rowid();
            Ok(PlanItem { id, section, text: text.to_string(), phone: phone.to_string(), updated: now })
        })
    }

    /// Sets an entry's text and phone number, as the reader typed them.
    pub fn set_plan_item(&self, id: i64, text: &str, phone: &str) -> Result<PlanItem> {
        checked(text, phone)?;
        self.write(|tx| {
            let now = now_ms();
            let changed = tx
                .prepare_cached("UPDATE plan_items SET text = ?2, phone = ?3, updated_at = ?4 WHERE id = ?1")?
                .execute(params![id, text, phone, now])?;
            if changed == 0 {
                return Err(Error::not_found("that entry is no longer in the plan"));
            }
            Ok(tx
                .prepare_cached("SELECT id, section, text, phone, updated_at FROM plan_items WHERE id = ?")?
                .query_row([id], from_row)?)
        })
    }

    /// Removes an entry (the reader's choice), returning it so it can be put back.
    pub fn remove_plan_item(&self, id: i64) -> Result<PlanItem> {
        self.write(|tx| {
            let item = tx
                .prepare_cached("SELECT id, section, text, phone, updated_at FROM plan_items WHERE id = ?")?
                .query_row([id], from_row)
                .optional()?
                .ok_or_else(|| Error::not_found("that entry is no longer in the plan"))?;
            tx.prepare_cached("DELETE FROM plan_items WHERE id = ?")?.execute([id])?;
            Ok(item)
        })
    }
}

#[cfg(test)]
mod tests;
