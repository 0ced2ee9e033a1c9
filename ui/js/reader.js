// The reader: one article in comfortable type, with its review date and sources, contents, bookmark and note,
// content warnings before the text, previous/next and related articles. The reading position is saved as the
// reader scrolls and restored when the article is opened again.
//
// The article body is the only HTML Haven inserts as markup, and it always comes from the core's sanitizer.

import { call } from './api.js';
import { detachedList, enableHighlights, revealHighlight } from './highlights.js';
import { afterPaint, formatDate, h, minutes, toast } from './dom.js';
import { page } from './page.js';
import { go, href } from './router.js';
import { loadCategories } from './sidebar.js';
import { readAloud } from './read-aloud.js';
import { errorState } from './states.js';
import { focusMode, readingOptionFields, save as saveSetting } from './settings.js';

const SAVE_EVERY_MS = 700;

/** The article on screen, for Ctrl+D. */
let open = null;

export function toggleBookmarkShortcut() {
  if (open) open.toggleBookmark();
}

export async function renderReader(main, slug, query = new URLSearchParams()) {
  let article;
  try {
    article = await call('get_article', { slug });
  } catch (error) {
    main.append(errorState(error));
    return () => {};
  }
  const scroller = page.main;
  // The text's own language: English for Haven's articles, what an imported file said, else unknown ("").
  const prose = h('div', { class: 'prose', lang: article.language || '' });
  prose.innerHTML = article.html; // sanitized by haven-core (ammonia allow-list); see sanitize.rs
  const detachedSlot = h('div', { class: 'detached-slot' });
  // After a highlight changes: the article again from the core (same sanitized HTML, new marks), in place.
  const refresh = async () => {
    const fresh = await call('get_article', { slug: article.slug });
    const top = scroller.scrollTop;
    prose.innerHTML = fresh.html; // sanitized by haven-core, as above
    article.highlights = fresh.highlights;
    detachedSlot.replaceChildren(...[detachedList(article, refresh)].filter(Boolean));
    scroller.scrollTop = top;
  };
  detachedSlot.replaceChildren(...[detachedList(article, refresh)].filter(Boolean));
  const title = h('h1', { id: 'article-title', tabindex: '-1' }, article.title);
  const speech = readAloud(article, { prose, title, scroller });
  const bookmark = bookmarkControls(article, speech.button);
  const body = h('div', { class: 'reader-body' },
    article.toc.length > 1 ? h('nav', { class: 'toc', 'aria-labelledby': 'toc-heading' },
      h('h2', { id: 'toc-heading' }, 'On this page'),
      h('ol', {}, article.toc.map((t) => h('li', { class: `toc-level-${t.level}` }, h('a', { href: `#${encodeURIComponent(t.id)}` }, t.title))))) : null,
    prose,
    detachedSlot,
    article.sources.length ? h('section', { class: 'sources', 'aria-labelledby': 'sources-heading' },
      h('h2', { id: 'sources-heading' }, 'Sources'),
      h('ul', {}, article.sources.map((s) => h('li', {},
        h('a', { href: s.url, class: 'external', rel: 'noopener noreferrer' }, s.title), ` — ${s.publisher}`,
        s.supports ? h('span', { class: 'source-supports' }, s.supports) : null)))) : null,
    h('p', { class: 'disclaimer' },
      'This article is information, not medical advice, and does not replace a clinician. ',
      h('a', { href: '#/help' }, 'If you need help now, support is here.')));

  const warning = article.content_warnings.length ? contentWarning(article, () => {
    warning.remove();
    body.hidden = false;
    speech.button.hidden = false;
  }) : null;
  body.hidden = Boolean(warning);
  // Not read aloud before the reader chooses to see it.
  speech.button.hidden = Boolean(warning);

  main.append(h('article', { class: 'reader', 'aria-labelledby': 'article-title' },
    h('header', { class: 'reader-head' },
      h('p', { class: 'crumbs' }, h('a', { href: href('category', article.category) }, article.category)),
      title,
      h('p', { class: 'reader-meta' },
        h('span', {}, minutes(article.reading_minutes)),
        article.reviewed ? h('span', {}, `Last reviewed ${formatDate(article.reviewed)}`) : null,
        article.author ? h('span', {}, `By ${article.author}`) : null,
        article.published && article.origin === 'imported' ? h('span', {}, `Published ${formatDate(article.published)}`) : null),
      article.origin === 'imported' ? importedLine(article) : null,
      bookmark.element),
    warning,
    body,
    h('footer', { class: 'reader-foot' },
      article.previous || article.next ? h('nav', { class: 'prev-next', 'aria-label': `More in ${article.category}` },
        article.previous ? h('a', { class: 'prev', href: href('article', article.previous.slug) }, h('span', { class: 'label' }, 'Previous'), article.previous.title) : h('span'),
        article.next ? h('a', { class: 'next', href: href('article', article.next.slug) }, h('span', { class: 'label' }, 'Next'), article.next.title) : h('span')) : null,
      article.related.length ? h('section', { class: 'related', 'aria-labelledby': 'related-heading' },
        h('h2', { id: 'related-heading' }, 'Related reading'),
        h('ul', {}, article.related.map((r) => h('li', {}, h('a', { href: href('article', r.slug) }, r.title), h('span', { class: 'related-category' }, r.category))))) : null)));

  open = { toggleBookmark: bookmark.toggle };
  const stopHighlights = enableHighlights(prose, article, refresh);

  // Restore the position once the text has been laid out, then save it as the reader scrolls.
  await afterPaint();
  const range = () => scroller.scrollHeight - scroller.clientHeight;
  const wanted = query.get('highlight');
  if (wanted && !warning && revealHighlight(prose, wanted)) {
    // Opened from the Notebook at a highlight: that place, not the last reading position.
  } else if (!warning && article.position > 0.01 && article.position < 0.99 && range() > 0) {
    // Instantly: the main scroller scrolls smoothly, and an article should open where it was left, not glide there.
    scroller.scrollTo({ top: Math.round(article.position * range()), behavior: 'instant' });
    toast('Back where you left off');
  }
  let timer = 0;
  let last = article.position;
  const save = () => {
    timer = 0;
    if (body.hidden || range() <= 0) return;
    const position = Math.min(1, Math.max(0, scroller.scrollTop / range()));
    if (Math.abs(position - last) < 0.005) return;
    last = position;
    call('set_reading_position', { slug: article.slug, position }).catch(() => {});
  };
  const onScroll = () => {
    if (!timer) timer = setTimeout(save, SAVE_EVERY_MS);
  };
  scroller.addEventListener('scroll', onScroll, { passive: true });
  if (!warning && article.position === 0) call('set_reading_position', { slug: article.slug, position: 0 }).catch(() => {});
  return () => {
    speech.stop();
    stopHighlights();
    scroller.removeEventListener('scroll', onScroll);
    if (timer) {
      clearTimeout(timer);
      save();
    }
    open = null;
  };
}

/** Where an imported article came from, and the way to delete it. */
function importedLine(article) {
  const file = String(article.source_path || '').split(/[\\/]/).filter(Boolean).pop();
  // A saved web page names its site (the publisher its front matter records), a file its name.
  const site = article.sources.find((source) => source.url && source.publisher)?.publisher;
  const remove = async () => {
    const dialog = page.deleteDialog;
    page.deleteName.textContent = `“${article.title}”`;
    dialog.returnValue = '';
    dialog.showModal();
    const choice = await new Promise((resolve) => dialog.addEventListener('close', () => resolve(dialog.returnValue), { once: true }));
    if (choice !== 'delete') return;
    try {
      await call('delete_article', { slug: article.slug });
      toast(`Deleted “${article.title}”`);
      loadCategories({ changed: true });
      go(href('category', article.category), { replace: true });
    } catch (error) {
      toast(`That article couldn’t be deleted: ${error.message}`);
    }
  };
  return h('p', { class: 'imported-from' },
    h('span', { class: 'badge' }, 'Imported'),
    h('span', {}, site || file ? `From ${site || file}, saved ${formatDate(article.added_at)}` : `Saved ${formatDate(article.added_at)}`),
    h('button', { class: 'link-button danger', type: 'button', onclick: remove }, 'Delete from library'));
}

function contentWarning(article, reveal) {
  return h('aside', { class: 'content-warning', 'aria-labelledby': 'cw-heading' },
    h('h2', { id: 'cw-heading' }, 'Before you read'),
    h('p', {}, `This article talks about ${listText(article.content_warnings)}. Take it at your own pace, and stop whenever you need to.`),
    h('p', { class: 'state-actions' },
      h('button', { class: 'button primary', type: 'button', onclick: reveal }, 'Show the article'),
      h('a', { class: 'button', href: '#/help' }, 'Help now'),
      h('a', { class: 'button', href: '#/' }, 'Back to the library')));
}

function listText(items) {
  return items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** The bookmark toggle and, when bookmarked, the note editor. */
function bookmarkControls(article, listen) {
  const label = h('span', {});
  const icon = h('span', { 'aria-hidden': 'true' });
  const button = h('button', { class: 'button bookmark-toggle', type: 'button', 'aria-keyshortcuts': 'Control+D' }, icon, label);
  const note = h('textarea', { id: 'note-input', rows: 3, maxlength: 10000, placeholder: 'Why this article matters to you, or what to try next…' });
  note.value = article.note || '';
  const status = h('span', { class: 'note-status', role: 'status' });
  const saveNote = async () => {
    try {
      await call('set_note', { slug: article.slug, note: note.value });
      status.textContent = 'Note saved';
    } catch {
      status.textContent = 'The note couldn’t be saved. Please try again.';
    }
  };
  const editor = h('div', { class: 'note-editor' },
    h('label', { for: 'note-input' }, 'Your note'),
    note,
    h('div', { class: 'note-actions' }, h('button', { class: 'button', type: 'button', onclick: saveNote }, 'Save note'), status));
  const show = () => {
    button.setAttribute('aria-pressed', String(article.bookmarked));
    icon.textContent = article.bookmarked ? '★ ' : '☆ ';
    label.textContent = article.bookmarked ? 'Bookmarked' : 'Bookmark';
    editor.hidden = !article.bookmarked;
  };
  const toggle = async () => {
    const on = !article.bookmarked;
    try {
      if (on) await call('add_bookmark', { slug: article.slug, note: note.value || null });
      else await call('remove_bookmark', { slug: article.slug });
      article.bookmarked = on;
      show();
      toast(on ? 'Bookmarked. Add a note if you like.' : 'Bookmark removed');
    } catch {
      toast('That bookmark couldn’t be saved. Please try again.');
    }
  };
  button.addEventListener('click', toggle);
  show();
  const options = readingOptions();
  const tools = h('span', { class: 'reader-tools' },
    listen,
    options.button,
    focusButton(),
    h('button', { class: 'button', type: 'button', onclick: () => saveArticle(article) }, 'Save as Markdown…'),
    h('button', { class: 'button', type: 'button', onclick: () => window.print() }, 'Print…'));
  return {
    element: h('div', { class: 'reader-actions' }, h('div', { class: 'reader-buttons' }, button, tools), options.panel, editor, focusBar()),
    toggle,
  };
}

/** The "Text" button and the panel it opens under the reader's buttons: the reading options, changed in place. */
function readingOptions() {
  const panel = h('section', { class: 'reading-options', id: 'reading-options', hidden: true, 'aria-label': 'Text options' },
    ...readingOptionFields('reader-'),
    h('button', { class: 'button', type: 'button', onclick: () => close(true) }, 'Done'));
  const button = h('button', {
    class: 'button', type: 'button', 'aria-expanded': 'false', 'aria-controls': 'reading-options',
    onclick: () => (panel.hidden ? open() : close(false)),
  }, h('span', { 'aria-hidden': 'true' }, 'Aa '), 'Text');
  function open() {
    panel.hidden = false;
    button.setAttribute('aria-expanded', 'true');
    panel.querySelector('input:checked, input')?.focus();
  }
  function close(returnFocus) {
    panel.hidden = true;
    button.setAttribute('aria-expanded', 'false');
    if (returnFocus) button.focus();
  }
  panel.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      close(true);
    }
  });
  return { button, panel };
}

/** Focus mode: the article alone, without the header and the sidebar. Help now stays on F1 and in the corner. */
function focusButton() {
  const button = h('button', { class: 'button', type: 'button', 'aria-pressed': String(focusMode()) }, 'Focus mode');
  button.addEventListener('click', async () => {
    await saveSetting('focus_mode', focusMode() ? 'off' : 'on');
    button.setAttribute('aria-pressed', String(focusMode()));
  });
  return button;
}

/** What focus mode leaves on the screen: a way out, and Help now. */
function focusBar() {
  const leave = async () => {
    await saveSetting('focus_mode', 'off');
    document.querySelector('.reader-tools [aria-pressed]')?.setAttribute('aria-pressed', 'false');
  };
  return h('div', { class: 'focus-bar', role: 'group', 'aria-label': 'Focus mode' },
    h('button', { class: 'button', type: 'button', onclick: leave }, 'Leave focus mode'),
    h('button', { class: 'button help-now', type: 'button', onclick: () => go('#/help') }, 'Help now'));
}

/** Saves the article as a Markdown file the reader names in the system's dialog. */
async function saveArticle(article) {
  try {
    const report = await call('save_article', { slug: article.slug });
    if (report) toast(`Saved “${article.title}” as Markdown`);
  } catch (error) {
    toast(`The article couldn’t be saved: ${error.message}`);
  }
}
