// Bookmarks, newest first, each with its note: edit the note in place, or remove the bookmark.

import { call } from './api.js';
import { formatDate, h, minutes, toast } from './dom.js';
import { shortcut } from './keys.js';
import { href } from './router.js';
import { emptyState, errorState } from './states.js';

export async function renderBookmarks(main) {
  let bookmarks;
  try {
    bookmarks = await call('list_bookmarks');
  } catch (error) {
    main.append(errorState(error));
    return;
  }
  const list = h('ol', { class: 'bookmark-list' });
  const section = h('section', { class: 'bookmarks page' },
    h('h1', { tabindex: '-1' }, 'Bookmarks'),
    h('p', { class: 'page-lead' }, 'Articles you saved, newest first, with your notes.'),
    list);
  const showEmpty = () => list.replaceWith(emptyState('No bookmarks yet',
    `While reading, choose “Bookmark” (or press ${shortcut('Ctrl', 'D')}) to keep an article here with a note of your own.`,
    h('a', { class: 'button', href: '#/' }, 'Browse the library')));
  list.append(...bookmarks.map((b) => item(b, () => {
    if (!list.children.length) showEmpty();
  })));
  main.append(section);
  if (!bookmarks.length) showEmpty();
}

function item(bookmark, onRemoved) {
  const note = h('p', { class: 'bookmark-note' }, bookmark.note);
  note.hidden = !bookmark.note;
  const editor = h('textarea', { rows: 3, maxlength: 10000, 'aria-label': `Note for “${bookmark.title}”` });
  const editArea = h('div', { class: 'note-editor', hidden: true }, editor,
    h('div', { class: 'note-actions' },
      h('button', { class: 'button primary', type: 'button', onclick: () => saveNote() }, 'Save note'),
      h('button', { class: 'button', type: 'button', onclick: () => closeEditor() }, 'Cancel')));
  const editButton = h('button', { class: 'link-button', type: 'button', onclick: () => openEditor() }, bookmark.note ? 'Edit note' : 'Add a note');
  const li = h('li', { class: 'bookmark' },
    h('h2', { class: 'card-title' }, h('a', { href: href('article', bookmark.slug), 'data-nav-item': true }, bookmark.title)),
    h('p', { class: 'card-meta' }, h('span', {}, bookmark.category), h('span', {}, minutes(bookmark.reading_minutes)), h('span', {}, `Saved ${formatDate(bookmark.created_at)}`)),
    note, editArea,
    h('p', { class: 'bookmark-actions' }, editButton,
      h('button', { class: 'link-button danger', type: 'button', onclick: () => remove() }, 'Remove bookmark')));

  function openEditor() {
    editor.value = bookmark.note;
    editArea.hidden = false;
    editButton.hidden = true;
    editor.focus();
  }
  function closeEditor() {
    editArea.hidden = true;
    editButton.hidden = false;
    editButton.focus();
  }
  async function saveNote() {
    try {
      const saved = await call('set_note', { slug: bookmark.slug, note: editor.value });
      bookmark.note = saved.note;
      note.textContent = saved.note;
      note.hidden = !saved.note;
      editButton.textContent = saved.note ? 'Edit note' : 'Add a note';
      closeEditor();
      toast('Note saved');
    } catch {
      toast('The note couldn’t be saved. Please try again.');
    }
  }
  async function remove() {
    try {
      await call('remove_bookmark', { slug: bookmark.slug });
      li.remove();
      toast(`Removed “${bookmark.title}” from bookmarks`);
      onRemoved();
    } catch {
      toast('That bookmark couldn’t be removed. Please try again.');
    }
  }
  return li;
}
