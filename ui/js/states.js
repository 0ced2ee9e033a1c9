// Gentle empty and error states. A reader never sees a raw error: each error kind from the core has its own
// calm sentence, and the core's message (already written for people) is offered only as a detail.

import { h } from './dom.js';

const KIND_TEXT = {
  not_found: ['We couldn’t find that', 'It may have been removed from your library, or the link is out of date.'],
  invalid_input: ['That didn’t work', 'Haven couldn’t use what it was given.'],
  storage: ['Haven couldn’t reach its library just now', 'Your articles and bookmarks are safe. Please try again in a moment.'],
  corrupt_library: ['Haven couldn’t open your library', 'The library file looks damaged. It has been left exactly as it was.'],
  newer_library: ['This library needs a newer Haven', 'It was saved by a newer version of Haven. Please update Haven to open it.'],
  io: ['Haven couldn’t read a file', 'Please check the file and try again.'],
  unavailable: ['Haven isn’t connected', 'Please close Haven and open it again.'],
};

export function errorState(error, { retry } = {}) {
  const [title, text] = KIND_TEXT[error.kind] || ['Something went wrong', 'Please try again. Your articles and bookmarks are safe.'];
  return h('section', { class: 'state state-error', role: 'alert' },
    h('h1', { class: 'state-title', tabindex: '-1' }, title),
    h('p', {}, text),
    error.message ? h('details', { class: 'state-details' }, h('summary', {}, 'Details'), h('p', {}, error.message)) : null,
    h('p', { class: 'state-actions' },
      retry ? h('button', { class: 'button', type: 'button', onclick: retry }, 'Try again') : null,
      h('a', { class: 'button', href: '#/' }, 'Back to the library')));
}

export function emptyState(title, text, ...actions) {
  return h('section', { class: 'state' },
    h('h2', { class: 'state-title' }, title),
    h('p', {}, text),
    actions.length ? h('p', { class: 'state-actions' }, actions) : null);
}

export function loading(label = 'Loading') {
  return h('p', { class: 'loading', role: 'status' }, h('span', { class: 'visually-hidden' }, label));
}
