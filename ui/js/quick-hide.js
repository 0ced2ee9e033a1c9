// Quick hide: at once, the window shows a plain screen and nothing of what was being read, and its title is
// just "Haven". By the header's Hide button, by Esc pressed twice, or by Shift pressed three times (as GOV.UK's
// "Exit this page"). Coming back takes a click, and the passphrase when the library is locked; the reader
// returns to the same screen, at the same place.
//
// Hiding takes the app's whole page out of the document (kept aside in memory, its screen emptied first), so
// neither the DOM nor the title holds an article's words while hidden.

import { h } from './dom.js';

const ESC_WITHIN_MS = 600;
const SHIFTS_WITHIN_MS = 1200;

let hidden = null;

/**
 * `where()` says where the reader is; `leave()` ends the screen being shown (saving the reading position) and
 * says where the reader was;
 * `back(where)` shows it again; `locked()` says whether coming back needs the passphrase, and `unlock(cover)`
 * asks for it inside the cover and resolves when the library is open again.
 */
export function installQuickHide({ button, where, leave, back, locked, unlock, onHide = () => {} }) {
  // Where the reader was at the first Esc: that press also goes back a screen, and the second must not lose it.
  let beforeEscape = null;
  const hide = (at = null) => {
    if (hidden) return;
    const left = leave();
    const place = at || left;
    const kept = [...document.body.childNodes];
    for (const dialog of document.querySelectorAll('dialog[open]')) dialog.close();
    const cover = coverView(async () => {
      if (await locked()) await unlock(cover);
      document.body.replaceChildren(...kept);
      document.body.classList.remove('covered');
      hidden = null;
      back(place);
    });
    document.body.replaceChildren(cover);
    document.body.classList.add('covered');
    document.title = 'Haven';
    hidden = { cover };
    cover.querySelector('button').focus();
    onHide();
  };
  button.addEventListener('click', () => hide());
  let escAt = -Infinity;
  let shifts = [];
  document.addEventListener('keydown', (event) => {
    if (hidden) return;
    const now = performance.now();
    if (event.key === 'Escape') {
      if (now - escAt < ESC_WITHIN_MS) {
        event.preventDefault();
        event.stopImmediatePropagation();
        escAt = -Infinity;
        hide(beforeEscape);
        return;
      }
      escAt = now;
      beforeEscape = where();
    }
    if (event.key === 'Shift') {
      if (event.repeat) return;
      shifts = [...shifts.filter((at) => now - at < SHIFTS_WITHIN_MS), now];
      if (shifts.length >= 3) {
        shifts = [];
        hide();
      }
    } else {
      // Shift held for a capital letter is typing, not a signal.
      shifts = [];
    }
  }, true);
  return hide;
}

function coverView(onContinue) {
  const button = h('button', { class: 'button cover-continue', type: 'button' }, 'Continue');
  button.addEventListener('click', () => {
    button.disabled = true;
    onContinue().finally(() => { button.disabled = false; });
  });
  return h('main', { class: 'cover', 'aria-label': 'Haven' },
    h('img', { src: 'icon.png', alt: '', width: 48, height: 48 }),
    h('p', { class: 'cover-name' }, 'Haven'),
    h('div', { class: 'cover-slot' }, button));
}

/**
 * Hides (and so locks) the window after `minutes()` without a key, a click, a scroll or a pointer move, when
 * `applies()` says so (a passphrase is set). `minutes()` of `null` means never.
 */
export function hideWhenIdle({ minutes, applies, hide }) {
  let last = Date.now();
  const seen = () => { last = Date.now(); };
  for (const type of ['keydown', 'pointerdown', 'pointermove', 'wheel', 'scroll', 'touchstart']) {
    document.addEventListener(type, seen, { capture: true, passive: true });
  }
  setInterval(async () => {
    const wait = minutes();
    if (hidden || wait === null || Date.now() - last < wait * 60_000) return;
    if (await applies()) hide();
    else last = Date.now();
  }, 15_000);
}
