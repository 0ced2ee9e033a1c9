// Keyboard shortcuts, in one table. Single-key shortcuts are ignored while typing in a field, and can be
// turned off in Settings (WCAG 2.1.4: a speech-input user saying a word must not fire them). While a dialog is
// open nothing acts behind it, except Help now, which closes the dialog first: it must always be one key away.

import { isAltLetter, onMac } from './keys.js';
import { go, parse } from './router.js';

const typing = (el) => el instanceof HTMLElement && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));

/** Items in the current list that j/k and the arrow keys move between. */
function navItems() {
  return [...document.querySelectorAll('#main [data-nav-item]')];
}

function moveFocus(step) {
  const items = navItems();
  if (!items.length) return false;
  const index = items.indexOf(document.activeElement);
  const next = index < 0 ? (step > 0 ? 0 : items.length - 1) : Math.min(items.length - 1, Math.max(0, index + step));
  items[next].focus();
  items[next].scrollIntoView({ block: 'nearest' });
  return true;
}

export function installShortcuts({ focusSearch, toggleBookmark, showShortcuts, singleKeys, toggleKeyboardSelection }) {
  document.addEventListener('keydown', (event) => {
    const mod = event.ctrlKey || event.metaKey;
    const key = event.key;
    const openDialogs = [...document.querySelectorAll('dialog[open]')];
    // ⌘H is the Mac's own "Hide Haven": there Help now is F1 only.
    if (key === 'F1' || (mod && !onMac && key.toLowerCase() === 'h')) {
      event.preventDefault();
      for (const dialog of openDialogs) dialog.close();
      go('#/help');
      return;
    }
    if (openDialogs.length) return;
    if (isAltLetter(event, 'p')) {
      event.preventDefault();
      go('#/plan');
      return;
    }
    if (mod && key.toLowerCase() === 'k') {
      event.preventDefault();
      focusSearch();
      return;
    }
    if (key === 'F7') {
      event.preventDefault();
      toggleKeyboardSelection();
      return;
    }
    if (mod && key.toLowerCase() === 'd') {
      event.preventDefault();
      toggleBookmark();
      return;
    }
    if (key === 'Escape') {
      if (typing(document.activeElement)) {
        document.activeElement.blur();
        return;
      }
      if (parse().name !== 'library') {
        event.preventDefault();
        history.length > 1 ? history.back() : go('#/');
      }
      return;
    }
    if (typing(event.target) || mod || event.altKey) {
      if (typing(event.target) && key === 'ArrowDown' && event.target.id === 'search-input' && moveFocus(1)) event.preventDefault();
      return;
    }
    if (key === 'ArrowDown' || key === 'ArrowUp') {
      if (moveFocus(key === 'ArrowDown' ? 1 : -1)) event.preventDefault();
      return;
    }
    if (!singleKeys()) return;
    if (key === '/') {
      event.preventDefault();
      focusSearch();
    } else if (key === '?') {
      event.preventDefault();
      showShortcuts();
    } else if (key === 'j') {
      if (moveFocus(1)) event.preventDefault();
    } else if (key === 'k') {
      if (moveFocus(-1)) event.preventDefault();
    }
  });
}
