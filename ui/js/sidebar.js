// The sidebar: the main sections and the categories with their counts, marking where the reader is.

import { clear, h } from './dom.js';
import { getCategories, invalidate } from './labels.js';
import { page } from './page.js';
import { href } from './router.js';

/** Draws the categories afresh; after an import or a deletion, `{ changed: true }` asks the library again. */
export async function loadCategories({ changed = false } = {}) {
  const list = page.categoryList;
  if (changed) invalidate();
  try {
    const categories = await getCategories();
    clear(list).append(...categories.map((c) => h('li', {},
      h('a', { href: href('category', c.name), dataset: { nav: `category:${c.name}` } },
        h('span', { class: 'nav-label' }, c.name),
        h('span', { class: 'count', 'aria-hidden': 'true' }, c.count),
        h('span', { class: 'visually-hidden' }, `, ${c.count} ${c.count === 1 ? 'article' : 'articles'}`)))));
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
  const badge = page.importBadge;
  const running = task.state === 'running' && task.progress && task.progress.total > 0;
  badge.hidden = !running;
  clear(badge);
  if (running) {
    const { done, total } = task.progress;
    badge.append(h('span', { 'aria-hidden': 'true' }, `${done}/${total}`), h('span', { class: 'visually-hidden' }, `, importing, ${done} of ${total} files done`));
  }
}

/** A quiet line under the categories while Haven brings older articles up to date after an update. */
export function showLibraryNote(progress) {
  const note = page.libraryNote;
  const working = progress && progress.total > 0 && progress.done < progress.total;
  note.hidden = !working;
  note.textContent = working ? `Updating articles for this version of Haven… ${Math.round((progress.done / progress.total) * 100)}%` : '';
}
