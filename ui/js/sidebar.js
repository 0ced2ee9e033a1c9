// The sidebar: the main sections and the categories with their counts, marking where the reader is.

import { call } from './api.js';
import { clear, h } from './dom.js';
import { href } from './router.js';

export async function loadCategories() {
  const list = document.getElementById('category-list');
  try {
    const categories = await call('categories');
    clear(list).append(...categories.map((c) => h('li', {},
      h('a', { href: href('category', c.name), dataset: { nav: `category:${c.name}` } },
        h('span', { class: 'nav-label' }, c.name), h('span', { class: 'count', 'aria-label': `${c.count} articles` }, c.count)))));
  } catch {
    clear(list);
  }
}

export function markCurrent(route) {
  const key = route.name === 'category' ? `category:${route.arg}` : route.name;
  for (const link of document.querySelectorAll('.sidebar a[data-nav]')) {
    if (link.dataset.nav === key) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
}

/** A small "done/total" beside Import while an import runs, so it can be followed from any screen. */
export function showImportProgress(task) {
  const badge = document.getElementById('import-badge');
  const running = task.state === 'running' && task.progress && task.progress.total > 0;
  badge.hidden = !running;
  badge.textContent = running ? `${task.progress.done}/${task.progress.total}` : '';
  badge.setAttribute('aria-label', running ? `Importing, ${task.progress.done} of ${task.progress.total} files done` : '');
}
