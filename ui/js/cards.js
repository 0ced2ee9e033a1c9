// Article cards, shared by the library, bookmarks and related lists. A card is one link (so Enter opens it and
// j/k reach it) plus a bookmark star that toggles in place.

import { call } from './api.js';
import { h, minutes, toast } from './dom.js';
import { href } from './router.js';

export function card(article, { showCategory = true } = {}) {
  const progress = article.progress > 0 && !article.finished ? Math.round(article.progress * 100) : 0;
  return h('article', { class: 'card' },
    h('h3', { class: 'card-title' },
      h('a', { href: href('article', article.slug), 'data-nav-item': true }, article.title)),
    article.summary ? h('p', { class: 'card-summary' }, article.summary) : null,
    h('p', { class: 'card-meta' },
      showCategory ? h('span', {}, article.category) : null,
      h('span', {}, minutes(article.reading_minutes)),
      article.finished ? h('span', { class: 'finished' }, 'Read') : null,
      article.origin === 'imported' ? h('span', { class: 'badge' }, 'Imported') : null),
    progress ? h('div', { class: 'progress', role: 'progressbar', 'aria-label': 'Reading progress', 'aria-valuenow': progress, 'aria-valuemin': 0, 'aria-valuemax': 100 },
      h('span', { class: 'progress-bar', dataset: { width: progress } })) : null,
    starButton(article));
}

export function starButton(article) {
  const button = h('button', {
    class: 'star', type: 'button', 'aria-pressed': String(Boolean(article.bookmarked)),
    'aria-label': `Bookmark “${article.title}”`, title: 'Bookmark',
  }, h('span', { 'aria-hidden': 'true' }, article.bookmarked ? '★' : '☆'));
  button.addEventListener('click', async () => {
    const on = button.getAttribute('aria-pressed') !== 'true';
    try {
      if (on) await call('add_bookmark', { slug: article.slug });
      else await call('remove_bookmark', { slug: article.slug });
      article.bookmarked = on;
      button.setAttribute('aria-pressed', String(on));
      button.firstChild.textContent = on ? '★' : '☆';
      toast(on ? 'Bookmarked' : 'Bookmark removed');
    } catch {
      toast('That bookmark couldn’t be saved. Please try again.');
    }
  });
  return button;
}

/** Progress bars carry their width as data; CSP forbids style attributes, so it is set through CSSOM. */
export function sizeProgressBars(root) {
  for (const bar of root.querySelectorAll('.progress-bar[data-width]')) {
    bar.style.width = `${bar.dataset.width}%`;
  }
}
