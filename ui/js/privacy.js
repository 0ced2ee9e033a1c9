// Settings → Privacy: the lock (set a passphrase, change it, remove it, lock after idle time, lock now) and
// whether the window's title may name what is being read. Passphrase fields are emptied once sent.

import { call } from './api.js';
import { announce, h } from './dom.js';
import { current as currentSettings, save } from './settings.js';

const IDLE_CHOICES = [['5', '5 minutes'], ['10', '10 minutes'], ['15', '15 minutes'], ['30', '30 minutes'], ['60', 'an hour'], ['never', 'Never']];

export async function renderPrivacy(container) {
  const section = h('section', { class: 'privacy', 'aria-labelledby': 'privacy-title' });
  container.append(section);
  await draw(section);
}

async function draw(section) {
  let status = { locked: false };
  try {
    status = await call('lock_status');
  } catch {
    // Drawn as unlocked; setting a lock will say what is wrong.
  }
  const settings = currentSettings();
  section.replaceChildren(
    h('h2', { id: 'privacy-title' }, 'Privacy on a shared computer'),
    h('p', { class: 'page-lead' }, 'Haven never sends anything anywhere. These keep what you read and write private from other people who use this computer.'),
    status.locked ? lockedCard(section, settings) : unlockedCard(section),
    h('fieldset', { class: 'setting' },
      h('legend', {}, 'Article titles in the window title'),
      h('p', { class: 'field-hint', id: 'window-titles-hint' }, 'Off, the window is called “Haven” whatever you read, so the taskbar, the window list and a shared screen don’t show it.'),
      h('div', { class: 'choices' }, [['off', 'Off'], ['on', 'On']].map(([id, label]) => h('label', { class: 'choice' },
        h('input', { type: 'radio', name: 'window_titles', value: id, checked: id === (settings.window_titles === 'on' ? 'on' : 'off'), 'aria-describedby': 'window-titles-hint', onchange: () => save('window_titles', id) }),
        h('span', {}, label))))),
    h('div', { class: 'setting' },
      h('h3', { class: 'setting-label' }, 'Hide the screen at once'),
      h('p', { class: 'field-hint' }, 'The Hide button at the top, Esc pressed twice, or Shift pressed three times: the window shows only a plain screen until you click Continue (and, with a lock, give your passphrase).')));
}

function passwordField(id, label, autocomplete, hint) {
  return h('p', { class: 'field' },
    h('label', { for: id }, label),
    h('input', { id, type: 'password', autocomplete, spellcheck: 'false', 'aria-describedby': hint ? `${id}-hint` : null }),
    hint ? h('span', { class: 'field-hint', id: `${id}-hint` }, hint) : null);
}

/** Runs a change of the lock from `form`, with its fields emptied after, and the section drawn again. */
async function change(section, form, { current, next, again, busy, done }) {
  const message = form.querySelector('.lock-message');
  const value = (id) => (id ? form.querySelector(`#${id}`).value : null);
  const fresh = value(next);
  if (again && fresh !== value(again)) {
    message.textContent = 'The two new passphrases are not the same.';
    return;
  }
  const button = form.querySelector('button[type=submit]');
  button.disabled = true;
  message.textContent = busy;
  try {
    await call('set_passphrase', { current: value(current), new: fresh });
    for (const field of form.querySelectorAll('input[type=password]')) field.value = '';
    announce(done);
    await draw(section);
    section.querySelector('.lock-done')?.replaceChildren(done);
  } catch (error) {
    for (const field of form.querySelectorAll('input[type=password]')) field.value = '';
    message.textContent = error.kind === 'locked' ? 'That is not the current passphrase. Nothing was changed.' : `${error.message}`;
    button.disabled = false;
  }
}

function unlockedCard(section) {
  const understood = h('input', { type: 'checkbox', id: 'lock-understood' });
  const form = h('form', { class: 'lock-set', hidden: true },
    passwordField('lock-new', 'New passphrase', 'new-password', 'At least 8 characters. A few words you will remember work well.'),
    passwordField('lock-again', 'The same passphrase again', 'new-password'),
    h('p', { class: 'lock-warning' },
      h('label', { class: 'data-toggle' }, understood,
        h('span', {}, 'I understand: if I forget this passphrase, nobody can open my library or its backups again, me included. It cannot be recovered.'))),
    h('p', { class: 'lock-message', role: 'status' }),
    h('p', { class: 'state-actions left' }, h('button', { class: 'button primary', type: 'submit', disabled: true }, 'Lock my library')));
  understood.addEventListener('change', () => { form.querySelector('button[type=submit]').disabled = !understood.checked; });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    change(section, form, { current: null, next: 'lock-new', again: 'lock-again', busy: 'Locking your library… this takes a moment.', done: 'Your library is locked with your passphrase.' });
  });
  const open = h('button', { class: 'button', type: 'button', 'aria-expanded': 'false', 'aria-controls': 'lock-set-form' }, 'Set a passphrase…');
  form.id = 'lock-set-form';
  open.addEventListener('click', () => {
    form.hidden = !form.hidden;
    open.setAttribute('aria-expanded', String(!form.hidden));
    if (!form.hidden) form.querySelector('input').focus();
  });
  return h('div', { class: 'setting' },
    h('h3', { class: 'setting-label' }, 'Lock with a passphrase'),
    h('p', { class: 'field-hint' }, 'Encrypts your library on this computer, so it opens only with a passphrase you choose: articles, notes, highlights, your plan, everything. Backups are locked the same way.'),
    h('p', { class: 'lock-done', role: 'status' }),
    open,
    form);
}

function lockedCard(section, settings) {
  const idle = h('select', { id: 'lock-after', onchange: (e) => save('lock_after_minutes', e.target.value) },
    IDLE_CHOICES.map(([id, label]) => h('option', { value: id, selected: id === (settings.lock_after_minutes || '10') }, label)));
  const changeForm = h('form', { class: 'lock-change' },
    h('h4', {}, 'Change the passphrase'),
    passwordField('lock-current', 'Current passphrase', 'current-password'),
    passwordField('lock-new', 'New passphrase', 'new-password', 'At least 8 characters.'),
    passwordField('lock-again', 'The same new passphrase again', 'new-password'),
    h('p', { class: 'lock-message', role: 'status' }),
    h('p', { class: 'state-actions left' }, h('button', { class: 'button', type: 'submit' }, 'Change passphrase')));
  changeForm.addEventListener('submit', (event) => {
    event.preventDefault();
    change(section, changeForm, { current: 'lock-current', next: 'lock-new', again: 'lock-again', busy: 'Changing the passphrase…', done: 'The passphrase is changed.' });
  });
  const removeForm = h('form', { class: 'lock-remove' },
    h('h4', {}, 'Remove the lock'),
    h('p', { class: 'field-hint' }, 'Your library will open without a passphrase again, and be stored unencrypted.'),
    passwordField('lock-remove-current', 'Current passphrase', 'current-password'),
    h('p', { class: 'lock-message', role: 'status' }),
    h('p', { class: 'state-actions left' }, h('button', { class: 'button', type: 'submit' }, 'Remove the lock')));
  removeForm.addEventListener('submit', (event) => {
    event.preventDefault();
    change(section, removeForm, { current: 'lock-remove-current', next: null, again: null, busy: 'Removing the lock…', done: 'The lock is removed.' });
  });
  return h('div', { class: 'setting' },
    h('h3', { class: 'setting-label' }, 'Locked with a passphrase'),
    h('p', { class: 'lock-done', role: 'status' }),
    h('p', { class: 'data-row' },
      h('label', { for: 'lock-after' }, 'Lock after this long without use: '), idle,
      h('button', { class: 'button', type: 'button', onclick: () => document.getElementById('quick-hide').click() }, 'Lock now')),
    h('details', {}, h('summary', {}, 'Change or remove the passphrase'), changeForm, removeForm));
}
