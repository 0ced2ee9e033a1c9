// The lock screen: with a passphrase set, Haven opens (and comes back from quick hide or idle time) only after
// the passphrase is given. Nothing of the library is in the page behind it. A wrong passphrase says so and
// changes nothing; there is no lockout.

import { call } from './api.js';
import { h } from './dom.js';

/** Whether the library has a passphrase. */
export async function hasLock() {
  try {
    return (await call('lock_status')).locked;
  } catch {
    return false;
  }
}

/**
 * The unlock form. `onUnlocked()` runs once the passphrase opened the library. The passphrase field is emptied
 * as soon as it has been sent.
 */
export function unlockForm({ onUnlocked, headingLevel = 'h1' }) {
  const input = h('input', { id: 'unlock-passphrase', type: 'password', autocomplete: 'current-password', required: true, spellcheck: 'false' });
  const status = h('p', { class: 'lock-status', role: 'alert' });
  const button = h('button', { class: 'button primary', type: 'submit' }, 'Unlock');
  const submit = async (event) => {
    event.preventDefault();
    const passphrase = input.value;
    if (!passphrase) return;
    button.disabled = true;
    button.textContent = 'Opening…';
    status.textContent = '';
    try {
      await call('unlock', { passphrase });
      input.value = '';
      await onUnlocked();
    } catch (error) {
      input.value = '';
      status.textContent = error.kind === 'locked' ? 'That passphrase doesn’t open this library. Nothing was changed; try again.' : error.message;
      input.focus();
    } finally {
      button.disabled = false;
      button.textContent = 'Unlock';
    }
  };
  const form = h('form', { class: 'lock-form', onsubmit: submit, 'aria-labelledby': 'lock-title' },
    h(headingLevel, { id: 'lock-title', tabindex: '-1' }, 'Haven is locked'),
    h('p', {}, 'Enter your passphrase to open your library.'),
    h('p', { class: 'field' }, h('label', { for: 'unlock-passphrase' }, 'Passphrase'), input),
    status,
    h('p', { class: 'lock-actions' }, button),
    h('details', { class: 'lock-forgot' },
      h('summary', {}, 'Forgotten your passphrase?'),
      h('p', {}, 'Without it, nobody can open this library, and Haven cannot either: that is what keeps it private. ',
        'It stays exactly as it is, in case the passphrase comes back to you. Help now works without it.')));
  requestAnimationFrame(() => input.focus());
  return form;
}

/** The whole window as a lock screen: nothing but the form, Help now and Hide stay in the header. */
export function showLockScreen(main) {
  document.body.classList.add('locked');
  main.replaceChildren(h('div', { class: 'screen' }, h('section', { class: 'lock page' },
    unlockForm({ onUnlocked: async () => location.reload() }))));
}
