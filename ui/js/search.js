// Search as you type: a short debounce, and every request numbered so a slow answer to an old query can never
// replace the results of a newer one. Results have highlighted snippets and can be walked with j/k or arrows.

import { call } from './api.js';
import { announce, clear, h, minutes, snippetNodes } from './dom.js';
import { getCategories, getTags } from './labels.js';
import { page } from './page.js';
import { go, href } from './router.js';
import { emptyState, errorState } from './states.js';

const DEBOUNCE_MS = 140;
/** Results per page: the first screen, plus a button for more. */
const PAGE = 20;
let latest = 0;
let debounce = 0;

/** Wires the header's search box: typing shows results; the route keeps the query so Back works. */
export function installSearchBox() {
  const input = page.searchInput;
  page.searchForm.addEventListener('submit', (event) => {
    event.preventDefault();
    document.querySelector('#main [data-nav-item]')?.focus();
  });
  input.addEventListener('input', () => {
    clearTimeout(debounce);
    debounce = setTimeout(() => {
      const q = input.value;
      const current = new URLSearchParams(location.hash.split('?')[1] || '');
      const onSearch = location.hash.startsWith('#/search');
      const target = href('search', null, { q, category: onSearch ? current.get('category') : '', tag: onSearch ? current.get('tag') : '' });
      go(target, { replace: onSearch });
    }, DEBOUNCE_MS);
  });
}

export function focusSearch() {
  const input = page.searchInput;
  input.focus();
  input.select();
}

export async function renderSearch(main, route) {
  const q = route.query.get('q') || '';
  const category = route.query.get('category') || '';
  const tag = route.query.get('tag') || '';
  const input = page.searchInput;
  if (input.value !== q && document.activeElement !== input) input.value = q;

  const results = h('div', { class: 'search-results' });
  // Fetched once and kept: this screen is drawn again for every keystroke.
  const [categories, tags] = await Promise.all([getCategories().catch(() => []), getTags().catch(() => [])]);
  const refilter = (key) => (event) => {
    const query = { q, category, tag, [key]: event.target.value };
    go(href('search', null, query), { replace: true });
  };
  main.append(h('section', { class: 'search page' },
    h('h1', { tabindex: '-1' }, q ? `Results for “${q}”` : 'Search'),
    h('div', { class: 'filters' },
      h('label', {}, 'Category ', h('select', { onchange: refilter('category') },
        h('option', { value: '' }, 'All categories'),
        categories.map((c) => h('option', { value: c.name, selected: c.name === category }, c.name)))),
      h('label', {}, 'Topic ', h('select', { onchange: refilter('tag') },
        h('option', { value: '' }, 'All topics'),
        tags.map((t) => h('option', { value: t.name, selected: t.name === tag }, t.name))))),
    results));

  if (!q.trim()) {
    results.append(emptyState('What would you like to read about?',
      'Type a few words above: a medicine, a feeling, a kind of support. Put words in "quotes" to find them together.'));
    return;
  }
  const ticket = ++latest;
  const shown = h('ol', { class: 'hits' });
  const count = h('p', { class: 'page-count' });
  const more = h('button', { class: 'button', type: 'button' }, 'Show more results');
  let offset = 0;
  const loadPage = async () => {
    let hits;
    const started = performance.now();
    try {
      hits = await call('search', { query: q, filter: { category: category || null, tag: tag || null }, limit: PAGE, offset });
    } catch (error) {
      if (ticket === latest) clear(results).append(errorState(error));
      return false;
    }
    if (ticket !== latest || !results.isConnected) return false; // a newer search has taken over
    offset += hits.length;
    shown.append(...hits.map(hitItem));
    performance.measure('search:results', { start: started, detail: q });
    count.textContent = `${offset}${hits.length === PAGE ? '+' : ''} ${offset === 1 ? 'match' : 'matches'}`;
    announce(offset ? `${count.textContent} for ${q}` : `Nothing matched ${q}`);
    more.hidden = hits.length < PAGE;
    return true;
  };
  more.addEventListener('click', async () => {
    const first = shown.children.length;
    more.disabled = true;
    if (await loadPage()) shown.children[first]?.querySelector('a')?.focus();
    more.disabled = false;
  });
  if (!(await loadPage())) return;
  if (!offset) {
    results.append(emptyState('Nothing matched those words',
      'Try fewer or simpler words, check the spelling, or clear the filters.',
      h('a', { class: 'button', href: '#/' }, 'Browse the library'),
      h('a', { class: 'button', href: '#/help' }, 'Help now')));
    return;
  }
  results.append(count, shown, h('p', { class: 'more' }, more));
}

function hitItem(hit) {
  return h('li', { class: 'hit' },
    h('h2', { class: 'hit-title' }, h('a', { href: href('article', hit.slug), 'data-nav-item': true }, hit.title)),
    h('p', { class: 'hit-snippet' }, snippetNodes(hit.snippet)),
    h('p', { class: 'card-meta' }, h('span', {}, hit.category), h('span', {}, minutes(hit.reading_minutes)), hit.bookmarked ? h('span', {}, '★ Bookmarked') : null));
}
