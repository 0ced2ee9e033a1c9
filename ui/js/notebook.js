// The Notebook: every highlight and note in the library, and bookmark notes, grouped by article with the newest
// first. Filter by colour, category and topic, or search the quotes and notes; choose a highlight to open its
// article at that place.

import { call } from './api.js';
import { announce, clear, formatDate, h, plural } from './dom.js';
import { COLORS } from './highlights.js';
import { getCategories, getTags } from './labels.js';
import { go, href } from './router.js';
import { emptyState, errorState } from './states.js';

const DEBOUNCE_MS = 160;
let ticket = 0;

export async function renderNotebook(main, route) {
  const q = route.query.get('q') || '';
  const color = route.query.get('color') || '';
  const category = route.query.get('category') || '';
  const tag = route.query.get('tag') || '';
  const [categories, tags] = await Promise.all([getCategories().catch(() => []), getTags().catch(() => [])]);
  const refilter = (changes) => go(href('notebook', null, { q, color, category, tag, ...changes }), { replace: true });

  const search = h('input', { type: 'search', id: 'notebook-search', value: q, placeholder: 'Search your highlights and notes', autocomplete: 'off', spellcheck: 'false' });
  let timer = 0;
  search.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => refilter({ q: search.value }), DEBOUNCE_MS);
  });
  const select = (label, value, options, key) => h('label', {}, `${label} `,
    h('select', { onchange: (event) => refilter({ [key]: event.target.value }) },
      options.map(([id, text]) => h('option', { value: id, selected: id === value }, text))));
  const results = h('div', { class: 'notebook-results' });
  main.append(h('section', { class: 'notebook page' },
    h('h1', { tabindex: '-1' }, 'Notebook'),
    h('p', { class: 'page-lead' }, 'What you highlighted and noted, across the whole library, newest first.'),
    h('div', { class: 'filters notebook-filters' },
      h('label', { class: 'notebook-search', for: 'notebook-search' }, h('span', { class: 'visually-hidden' }, 'Search your highlights and notes'), search),
      select('Colour', color, [['', 'All colours'], ...COLORS], 'color'),
      select('Category', category, [['', 'All categories'], ...categories.map((c) => [c.name, c.name])], 'category'),
      select('Topic', tag, [['', 'All topics'], ...tags.map((t) => [t.name, t.name])], 'tag')),
    results));
  if (document.activeElement?.id !== 'notebook-search' && q) search.focus();

  const mine = ++ticket;
  let entries;
  try {
    entries = await call('notebook', { filter: { query: q || null, color: color || null, category: category || null, tag: tag || null } });
  } catch (error) {
    if (mine === ticket) clear(results).append(errorState(error));
    return;
  }
  if (mine !== ticket || !results.isConnected) return;
  const count = entries.reduce((n, e) => n + e.highlights.length + (e.bookmark_note ? 1 : 0), 0);
  if (!entries.length) {
    const filtered = q || color || category || tag;
    results.append(filtered
      ? emptyState('Nothing here matches', 'Try other words, or clear the filters.')
      : emptyState('Your notebook is empty', 'While reading, select a passage and choose a colour to keep it here. Notes you add to highlights and bookmarks gather here too.',
        h('a', { class: 'button', href: '#/' }, 'Browse the library')));
    announce(filtered ? 'Nothing matched' : 'Your notebook is empty');
    return;
  }
  announce(`${plural(count, 'item')} in ${plural(entries.length, 'article')}`);
  results.append(h('p', { class: 'page-count' }, `${plural(count, 'item')} in ${plural(entries.length, 'article')}`),
    h('ol', { class: 'notebook-list' }, entries.map(entryItem)));
}

function entryItem(entry) {
  const title = entry.removed
    ? h('span', {}, entry.title, h('span', { class: 'badge' }, 'No longer in your library'))
    : h('a', { href: href('article', entry.slug), 'data-nav-item': true }, entry.title);
  return h('li', { class: 'notebook-entry' },
    h('h2', { class: 'notebook-title' }, title),
    entry.category ? h('p', { class: 'card-meta' }, h('span', {}, entry.category)) : null,
    entry.bookmark_note ? h('div', { class: 'notebook-bookmark' },
      h('p', { class: 'notebook-label' }, '★ Your bookmark note'),
      h('p', { class: 'hl-note' }, entry.bookmark_note)) : null,
    entry.highlights.length ? h('ul', { class: 'notebook-highlights' }, entry.highlights.map((x) => highlightItem(entry, x))) : null);
}

function highlightItem(entry, x) {
  const quote = x.detached || entry.removed
    ? h('blockquote', { class: `notebook-quote hl-edge-${x.color}` }, x.quote)
    : h('a', { class: `notebook-quote hl-edge-${x.color}`, href: `${href('article', entry.slug)}?highlight=${x.id}` }, x.quote);
  return h('li', { class: 'notebook-highlight' },
    quote,
    x.note ? h('p', { class: 'hl-note' }, x.note) : null,
    h('p', { class: 'card-meta' },
      h('span', {}, COLORS.find(([id]) => id === x.color)?.[1] || x.color),
      h('span', {}, formatDate(x.created)),
      x.detached ? h('span', { class: 'badge' }, 'From an earlier version') : null));
}
