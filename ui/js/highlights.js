// Highlights in the reader: select text (with the mouse, or with Shift+arrows once keyboard selection is on,
// F7), pick one of five colours or add a note in the small popover that appears (Alt+H opens it from the
// keyboard); click a highlight to change its colour or note, or remove it. The core places highlights and draws
// them (as <mark class="hl hl-COLOR" data-highlight="ID">) into the article's sanitized HTML; this module only
// measures selections and asks.
//
// Offsets are characters (code points) of the article body's text, exactly as the core counts them: the text of
// every text node, in order. A Range's toString() is that text.

import { call } from './api.js';
import { announce, h, toast } from './dom.js';
import { isAltLetter, shortcut } from './keys.js';
import { offsetOf } from './text-offsets.js';

export const COLORS = [
  ['yellow', 'Yellow'],
  ['green', 'Green'],
  ['blue', 'Blue'],
  ['pink', 'Pink'],
  ['purple', 'Purple'],
];

const NOTE_MAX = 10000;

/** The current selection as character offsets in `root`, or null when it is empty or not inside it. */
function selectionIn(root) {
  const selection = document.getSelection();
  if (!selection || selection.isCollapsed || !selection.rangeCount) return null;
  const range = selection.getRangeAt(0);
  if (!root.contains(range.commonAncestorContainer)) return null;
  const start = offsetOf(root, range.startContainer, range.startOffset);
  const end = offsetOf(root, range.endContainer, range.endOffset);
  if (end <= start || !range.toString().trim()) return null;
  return { start, end, rect: range.getBoundingClientRect() };
}

let openPopover = null;

function closePopover({ restoreFocus = false } = {}) {
  if (!openPopover) return;
  const { element, returnFocus } = openPopover;
  openPopover = null;
  element.remove();
  if (restoreFocus && returnFocus?.isConnected) returnFocus.focus({ preventScroll: true });
}

/** Shows `element` as a small floating panel near `rect`; Esc or a click elsewhere closes it. */
function showPopover(element, rect, returnFocus) {
  closePopover();
  element.classList.add('hl-popover');
  element.setAttribute('role', 'dialog');
  document.body.append(element);
  const width = element.offsetWidth;
  const top = rect.bottom + 8 + element.offsetHeight < window.innerHeight ? rect.bottom + 8 : Math.max(8, rect.top - element.offsetHeight - 8);
  const left = Math.min(Math.max(8, rect.left + rect.width / 2 - width / 2), window.innerWidth - width - 8);
  element.style.top = `${Math.round(top)}px`;
  element.style.left = `${Math.round(left)}px`;
  openPopover = { element, returnFocus };
}

document.addEventListener('keydown', (event) => {
  if (event.key === 'Escape' && openPopover) {
    event.preventDefault();
    event.stopPropagation();
    closePopover({ restoreFocus: true });
  }
}, true);
document.addEventListener('mousedown', (event) => {
  if (openPopover && !openPopover.element.contains(event.target)) closePopover();
});

/** Arrow keys move between the colour buttons of a swatch row. */
function swatches(onPick, current) {
  const row = h('div', { class: 'hl-swatches', role: 'group', 'aria-label': 'Highlight colour' },
    COLORS.map(([id, label]) => h('button', {
      type: 'button', class: `hl-swatch hl-${id}`, 'aria-label': `${label}`, 'aria-pressed': current ? String(id === current) : false,
      title: label, onclick: () => onPick(id),
    })));
  row.addEventListener('keydown', (event) => {
    if (!['ArrowLeft', 'ArrowRight'].includes(event.key)) return;
    const buttons = [...row.querySelectorAll('button')];
    const at = buttons.indexOf(document.activeElement);
    const next = buttons[(at + (event.key === 'ArrowRight' ? 1 : buttons.length - 1)) % buttons.length];
    next.focus();
    event.preventDefault();
  });
  return row;
}

function noteField(value, label) {
  return h('textarea', { class: 'hl-note-input', rows: 3, maxlength: NOTE_MAX, 'aria-label': label, placeholder: 'A note for yourself…' }, value || '');
}

/**
 * Makes the article body `prose` highlightable. `article` is the article as the core sent it; `refresh()` fetches
 * it again and redraws the body with the new marks (keeping the scroll position). Returns a function that stops.
 */
export function enableHighlights(prose, article, refresh) {
  const create = async (span, color, note = '') => {
    try {
      await call('add_highlight', { slug: article.slug, start: span.start, end: span.end, color, note: note || null });
      document.getSelection()?.removeAllRanges();
      closePopover();
      await refresh();
      announce(note ? 'Highlighted, with your note' : `Highlighted in ${color}`);
    } catch (error) {
      toast(`That couldn’t be highlighted: ${error.message}`);
    }
  };

  const offerFor = (span, { focus = false } = {}) => {
    const noteArea = h('div', { class: 'hl-note-area', hidden: true });
    const panel = h('div', { 'aria-label': 'Highlight the selected text' },
      swatches((color) => create(span, color)),
      h('button', { type: 'button', class: 'link-button hl-add-note', onclick: () => {
        const field = noteField('', 'Note for this highlight');
        noteArea.replaceChildren(field,
          h('p', { class: 'hl-actions' },
            h('button', { type: 'button', class: 'button primary', onclick: () => create(span, 'yellow', field.value) }, 'Save highlight and note')));
        noteArea.hidden = false;
        field.focus();
      } }, 'Add note'),
      noteArea);
    showPopover(panel, span.rect, document.activeElement);
    if (focus) panel.querySelector('button')?.focus();
  };

  const onSelection = () => {
    // Let the selection settle (a click inside it collapses it a moment later).
    setTimeout(() => {
      const span = selectionIn(prose);
      if (span) offerFor(span);
    }, 10);
  };

  const editExisting = (markEl) => {
    const id = Number(markEl.dataset.highlight);
    const highlight = article.highlights.find((x) => x.id === id);
    if (!highlight) return;
    const field = noteField(highlight.note, `Note for “${highlight.quote.slice(0, 40)}”`);
    const save = async (change) => {
      try {
        if (change.color) await call('set_highlight_color', { id, color: change.color });
        if (change.note !== undefined) await call('set_highlight_note', { id, note: change.note });
        closePopover();
        await refresh();
        announce(change.color ? `Now ${change.color}` : 'Note saved');
      } catch (error) {
        toast(`That couldn’t be saved: ${error.message}`);
      }
    };
    const remove = async () => {
      try {
        await call('remove_highlight', { id });
        closePopover();
        await refresh();
        announce('Highlight removed');
      } catch (error) {
        toast(`That couldn’t be removed: ${error.message}`);
      }
    };
    const panel = h('div', { 'aria-label': 'Edit this highlight' },
      swatches((color) => save({ color }), highlight.color),
      field,
      h('p', { class: 'hl-actions' },
        h('button', { type: 'button', class: 'button primary', onclick: () => save({ note: field.value }) }, 'Save note'),
        h('button', { type: 'button', class: 'link-button danger', onclick: remove }, 'Remove highlight')));
    showPopover(panel, markEl.getBoundingClientRect(), markEl);
    field.focus();
  };

  const onClick = (event) => {
    const markEl = event.target instanceof Element ? event.target.closest('mark.hl') : null;
    if (!markEl || !prose.contains(markEl) || !document.getSelection()?.isCollapsed) return;
    event.preventDefault();
    editExisting(markEl);
  };

  const onKey = (event) => {
    if (isAltLetter(event, 'h')) {
      const span = selectionIn(prose);
      if (span) {
        event.preventDefault();
        offerFor(span, { focus: true });
      } else if (document.activeElement?.matches?.('mark.hl')) {
        event.preventDefault();
        editExisting(document.activeElement);
      }
    }
  };

  prose.addEventListener('mouseup', onSelection);
  prose.addEventListener('keyup', (event) => { if (event.shiftKey) onSelection(); });
  prose.addEventListener('click', onClick);
  document.addEventListener('keydown', onKey);
  return () => {
    closePopover();
    document.removeEventListener('keydown', onKey);
  };
}

/** Highlights that could not be placed after the article changed: kept, shown under the article. */
export function detachedList(article, refresh) {
  const detached = article.highlights.filter((x) => x.detached);
  if (!detached.length) return null;
  return h('section', { class: 'detached-highlights', 'aria-labelledby': 'detached-heading' },
    h('h2', { id: 'detached-heading' }, 'Highlights from an earlier version'),
    h('p', { class: 'field-hint' }, 'This article changed since you highlighted these passages, and Haven could not find them in the new text. They are kept here with your notes.'),
    h('ul', {}, detached.map((x) => h('li', { class: `detached-highlight hl-edge-${x.color}` },
      h('blockquote', {}, x.quote),
      x.note ? h('p', { class: 'hl-note' }, x.note) : null,
      h('button', { type: 'button', class: 'link-button danger', onclick: async () => {
        await call('remove_highlight', { id: x.id });
        await refresh();
        announce('Highlight removed');
      } }, 'Remove')))));
}

/** Scrolls to highlight `id` in `prose` and flashes it briefly; false when it is not there. */
export function revealHighlight(prose, id) {
  const first = prose.querySelector(`mark.hl[data-highlight="${Number(id)}"]`);
  if (!first) return false;
  first.scrollIntoView({ block: 'center', behavior: 'instant' });
  const marks = prose.querySelectorAll(`mark.hl[data-highlight="${Number(id)}"]`);
  for (const markEl of marks) markEl.classList.add('hl-flash');
  setTimeout(() => { for (const markEl of marks) markEl.classList.remove('hl-flash'); }, 1600);
  first.setAttribute('tabindex', '-1');
  first.dataset.focusOnShow = '';
  return true;
}

/** Turns keyboard text selection on or off (F7); says so, or why it cannot. */
let caretOn = false;
export async function toggleKeyboardSelection() {
  try {
    const done = await call('set_caret_browsing', { on: !caretOn });
    if (!done) {
      toast('Selecting text by keyboard isn’t available here; select with the mouse or trackpad.');
      return;
    }
    caretOn = !caretOn;
    toast(caretOn ? `Keyboard selection on: move with the arrows, hold Shift to select, then ${shortcut('Alt', 'H')} to highlight. F7 turns it off.` : 'Keyboard selection off');
  } catch {
    toast('Keyboard selection couldn’t be changed.');
  }
}
