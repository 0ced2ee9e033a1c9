// The library: continue reading, then every article (or one category or tag) as cards, a page at a time so
// the DOM stays small however large the library grows.

import { call } from './api.js';
import { h, plural } from './dom.js';
import { card, sizeProgressBars } from './cards.js';
import { go, href } from './router.js';
import { emptyState, errorState } from './states.js';

const PAGE_SIZE = 48;
const SORTS = [['title', 'Title'], ['newest', 'Newest'], ['recently_read', 'Recently read']];

export async function renderLibrary(main, route) {
  const category = route.name === 'category' ? route.arg : null;
  const tag = route.name === 'tag' ? route.arg : null;
  const sort = SORTS.some(([id]) => id === route.query.get('sort')) ? route.query.get('sort') : 'title';
  const page = Math.max(1, Number(route.query.get('page')) || 1);
  const filter = { category, tag };
  const showShelf = !category && !tag && page === 1;

  let result, shelf, tags;
  performance.mark('library:request');
  try {
    [result, shelf, tags] = await Promise.all([
      call('list_articles', { query: { ...filter, sort, offset: (page - 1) * PAGE_SIZE, limit: PAGE_SIZE } }),
      showShelf ? call('list_articles', { query: { in_progress: true, sort: 'recently_read', limit: 4 } }) : null,
      !category && !tag ? call('tags') : null,
    ]);
  } catch (error) {
    main.append(errorState(error, { retry: () => go(location.hash, { replace: true }) }));
    return;
  }

  performance.mark('library:data');
  const title = category || (tag ? `Tagged “${tag}”` : 'Library');
  const pages = Math.max(1, Math.ceil(result.total / PAGE_SIZE));
  const routeName = category ? 'category' : tag ? 'tag' : '';
  const link = (query) => href(routeName, category || tag, query);

  main.append(h('section', { class: 'library page' },
    h('div', { class: 'page-head' },
      h('h1', { tabindex: '-1' }, title),
      h('p', { class: 'page-count' }, plural(result.total, 'article')),
      result.total > 1 ? h('label', { class: 'sort' }, 'Sort by ',
        h('select', { onchange: (e) => go(link({ sort: e.target.value })) },
          SORTS.map(([id, label]) => h('option', { value: id, selected: id === sort }, label)))) : null),
    shelf && shelf.items.length ? h('section', { class: 'shelf', 'aria-labelledby': 'shelf-heading' },
      h('h2', { id: 'shelf-heading' }, 'Continue reading'),
      h('div', { class: 'cards shelf-cards' }, shelf.items.map((a) => card(a)))) : null,
    result.total === 0 ? emptyLibrary(category || tag) :
      h('div', { class: 'cards', 'aria-label': title, role: 'list' }, result.items.map((a) => {
        const c = card(a, { showCategory: !category });
        c.setAttribute('role', 'listitem');
        return c;
      })),
    pages > 1 ? h('nav', { class: 'pager', 'aria-label': 'Pages' },
      page > 1 ? h('a', { class: 'button', href: link({ sort: sort === 'title' ? '' : sort, page: page - 1 }) }, '← Previous') : h('span'),
      h('span', { class: 'pager-where' }, `Page ${page} of ${pages}`),
      page < pages ? h('a', { class: 'button', href: link({ sort: sort === 'title' ? '' : sort, page: page + 1 }) }, 'Next →') : h('span')) : null,
    tags && tags.length ? h('section', { class: 'tag-cloud', 'aria-labelledby': 'tags-heading' },
      h('h2', { id: 'tags-heading' }, 'Topics'),
      h('ul', {}, tags.slice(0, 30).map((t) => h('li', {}, h('a', { class: 'tag', href: href('tag', t.name) }, t.name, h('span', { class: 'count' }, t.count)))))) : null));
  sizeProgressBars(main);
  // How long drawing took once the data was here (read by the end-to-end performance measurement).
  performance.measure('library:render', 'library:data');
  performance.measure('library:load', 'library:request', 'library:data');
}

function emptyLibrary(filtered) {
  if (filtered) {
    return emptyState('Nothing here yet', 'No articles carry this label. The whole library is one click away.',
      h('a', { class: 'button', href: '#/' }, 'Show all articles'));
  }
  return emptyState('Your library is empty', 'Articles that come with Haven, and ones you import, will appear here.');
}
