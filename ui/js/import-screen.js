// The Import screen: choose files and folders (or drop them on the window), pick a category and tags, then
// watch the progress and read the report. It draws whatever state the background import is in, so leaving
// and coming back mid-import shows the progress again.

import { call } from './api.js';
import { announce, clear, h, plural } from './dom.js';
import { href } from './router.js';
import * as task from './import-task.js';

const DEFAULT_CATEGORY = 'Imported';

/** Longest list the report draws (the app sends no more than this of each kind: `REPORT_LISTED` in
 *  commands.rs); an import of 100,000 files must not build 100,000 list items. */
const REPORT_LIST_LIMIT = 200;

/** What the reader typed, kept while they move between screens. */
const form = { category: DEFAULT_CATEGORY, tags: '' };

export async function renderImport(main) {
  let categories = [];
  try {
    categories = (await call('categories')).map((c) => c.name);
  } catch {
    // The category field still works as free text.
  }
  const body = h('div', { class: 'import-body' });
  main.append(h('section', { class: 'import page', 'aria-labelledby': 'import-title' },
    h('header', { class: 'page-head' }, h('h1', { id: 'import-title', tabindex: '-1' }, 'Import articles')),
    h('p', { class: 'page-lead' }, 'Bring in articles you have saved: Markdown notes, web pages saved from a browser, and plain text files. ',
      'Haven keeps the article and leaves out menus, adverts and scripts. Everything stays on this computer.'),
    body));
  const draw = (state) => {
    if (state.state === 'running') Object.assign(spoken, { percent: -1, at: 0 });
    if (state.state === 'done' && state.report) announce(reportTitle(state.report));
    clear(body).append(state.state === 'running' ? progressView(state)
      : state.state === 'done' ? reportView(state)
        : chooseView(state, categories));
    if (state.state === 'running') body.querySelector('.import-progress')?.focus({ preventScroll: true });
  };
  let lastState = task.current().state;
  draw(task.current());
  const unsubscribe = task.subscribe((state) => {
    if (state.state === 'running' && lastState === 'running') {
      updateProgress(body, state.progress);
    } else {
      draw(state);
    }
    lastState = state.state;
  });
  return unsubscribe;
}

function chooseView(state, categories) {
  const choose = (folders) => async () => {
    try {
      await task.choose(folders);
    } catch (error) {
      status.textContent = `The file picker couldn’t open: ${error.message}`;
    }
  };
  const status = h('p', { class: 'import-status', role: 'status' });
  const category = h('input', { id: 'import-category', type: 'text', list: 'import-categories', value: form.category, autocomplete: 'off', maxlength: 80 });
  const tags = h('input', { id: 'import-tags', type: 'text', value: form.tags, placeholder: 'for example: sleep, family', autocomplete: 'off', maxlength: 400, 'aria-describedby': 'import-tags-hint' });
  category.addEventListener('input', () => { form.category = category.value; });
  tags.addEventListener('input', () => { form.tags = tags.value; });
  const count = state.paths.length;
  const submit = (event) => {
    event.preventDefault();
    if (!count) return;
    task.start({
      category: category.value.trim() || null,
      tags: tags.value.split(',').map((t) => t.trim()).filter(Boolean),
    });
  };
  return h('form', { class: 'import-form', onsubmit: submit },
    state.error ? h('p', { class: 'import-error', role: 'alert' }, `The import couldn’t run: ${state.error.message} Your files are still listed below.`) : null,
    h('div', { class: 'drop-zone' },
      h('p', { class: 'drop-zone-text' }, 'Drop files or folders anywhere on this window, or'),
      h('p', { class: 'state-actions' },
        h('button', { class: 'button', type: 'button', onclick: choose(false) }, 'Choose files…'),
        h('button', { class: 'button', type: 'button', onclick: choose(true) }, 'Choose a folder…')),
      h('p', { class: 'drop-zone-types' }, 'Markdown (.md), web pages (.html, .htm) and text (.txt). Folders are read with everything inside them.'),
      count ? h('ul', { class: 'chosen-list', 'aria-label': 'Chosen for import' }, state.paths.map((path) => h('li', {},
        h('span', { class: 'chosen-name' }, baseName(path)),
        h('span', { class: 'chosen-where' }, parentOf(path)),
        h('button', { class: 'link-button', type: 'button', 'aria-label': `Remove ${baseName(path)}`, onclick: () => task.removePath(path) }, 'Remove')))) : null),
    h('div', { class: 'import-fields' },
      h('p', { class: 'field' },
        h('label', { for: 'import-category' }, 'Category'),
        category,
        h('datalist', { id: 'import-categories' }, [...new Set([DEFAULT_CATEGORY, ...categories])].map((c) => h('option', { value: c }))),
        h('span', { class: 'field-hint' }, `Left empty, each file keeps a category it names itself, or goes under “${DEFAULT_CATEGORY}”.`)),
      h('p', { class: 'field' },
        h('label', { for: 'import-tags' }, 'Tags ', h('span', { class: 'optional' }, '(optional)')),
        tags,
        h('span', { class: 'field-hint', id: 'import-tags-hint' }, 'Separate tags with commas. Tags already in the files are kept too.'))),
    h('p', { class: 'state-actions' },
      h('button', { class: 'button primary', type: 'submit', disabled: count === 0 }, count ? `Import ${plural(count, 'item')}` : 'Import'),
      status));
}

function progressView(state) {
  return h('section', { class: 'import-progress', tabindex: '-1', 'aria-labelledby': 'import-progress-title' },
    h('h2', { id: 'import-progress-title' }, 'Importing…'),
    h('div', { class: 'progress import-bar', role: 'progressbar', 'aria-label': 'Import progress', 'aria-valuemin': 0, 'aria-valuemax': 100, 'aria-valuenow': 0 },
      h('span', { class: 'progress-bar' })),
    h('p', { class: 'import-count' }),
    h('p', { class: 'import-current' }),
    h('p', { class: 'import-failures' }),
    h('p', { class: 'state-actions' },
      h('button', { class: 'button', type: 'button', onclick: (e) => { e.target.disabled = true; e.target.textContent = 'Stopping…'; task.cancel(); } }, 'Cancel import')),
    h('p', { class: 'field-hint' }, 'You can keep reading while this runs; it carries on in the background.'));
}

/** When progress was last read out: at most every tenth of the way or every five seconds, never per file. */
const spoken = { percent: -1, at: 0 };
const SPEAK_EVERY_PERCENT = 10;
const SPEAK_EVERY_MS = 5000;

/** Updates the progress view in place: no redraw, so focus and the Cancel button stay put. */
function updateProgress(body, progress) {
  const view = body.querySelector('.import-progress');
  if (!view || !progress) return;
  const percent = progress.total ? Math.round((progress.done / progress.total) * 100) : 0;
  const now = Date.now();
  if (progress.total && (spoken.percent < 0 || percent >= spoken.percent + SPEAK_EVERY_PERCENT || now - spoken.at >= SPEAK_EVERY_MS)) {
    spoken.percent = percent - (percent % SPEAK_EVERY_PERCENT);
    spoken.at = now;
    announce(`Importing: ${percent}% done, ${progress.done.toLocaleString()} of ${plural(progress.total, 'file')}.`);
  }
  view.querySelector('.import-bar').setAttribute('aria-valuenow', String(percent));
  view.querySelector('.import-bar .progress-bar').style.width = `${percent}%`;
  view.querySelector('.import-count').textContent = progress.total
    ? `${progress.done.toLocaleString()} of ${plural(progress.total, 'file')} done`
    : 'Looking for files…';
  view.querySelector('.import-current').textContent = progress.current ? `Reading ${baseName(progress.current)}` : '';
  view.querySelector('.import-failures').textContent = progress.failed
    ? `${plural(progress.failed, 'file')} couldn’t be imported so far; the report will say why.` : '';
}

function reportTitle(report) {
  const stored = task.reportCount(report, 'imported') + task.reportCount(report, 'updated');
  const failed = task.reportCount(report, 'failed');
  return `${report.cancelled ? 'Import stopped' : 'Import finished'}: ${plural(stored, 'article')} added or updated${failed ? `, ${plural(failed, 'file')} couldn’t be imported` : ''}.`;
}

function reportView(state) {
  if (state.error || !state.report) return chooseView(state, []);
  const report = state.report;
  const [imported, updated, duplicates, failed, skipped] = ['imported', 'updated', 'duplicates', 'failed', 'skipped']
    .map((kind) => task.reportCount(report, kind));
  const stored = imported + updated;
  const title = report.cancelled ? 'Import stopped' : 'Import finished';
  const summary = [
    imported ? `${plural(imported, 'article')} imported` : null,
    updated ? `${updated.toLocaleString()} updated` : null,
    duplicates ? `${duplicates.toLocaleString()} already in your library` : null,
    failed ? `${plural(failed, 'file')} couldn’t be imported` : null,
  ].filter(Boolean);
  const articleList = (items, total) => limited(items, total, (i) => h('li', {},
    h('a', { href: href('article', i.slug) }, i.title || i.slug),
    h('span', { class: 'report-file' }, baseName(i.path))));
  const fileList = (items, total, className) => limited(items, total, (f) => h('li', {},
    h('span', { class: 'report-file-name' }, baseName(f.path)),
    h('span', { class: 'report-reason' }, reason(f))), className);
  return h('section', { class: 'import-report', 'aria-labelledby': 'import-report-title' },
    h('h2', { id: 'import-report-title', tabindex: '-1' }, title),
    h('p', { class: 'report-summary' }, summary.length ? `${summary.join(', ')}.` : 'There was nothing to import.',
      report.cancelled ? ' Articles imported before you stopped are kept; importing the same files again carries on from there.' : ''),
    imported ? reportSection('Imported', articleList(report.imported, imported)) : null,
    updated ? reportSection('Updated', articleList(report.updated, updated), 'These files changed since they were last imported. Bookmarks, notes and reading places are kept.') : null,
    duplicates ? reportSection('Already in your library', articleList(report.duplicates.map((d) => ({ ...d, title: null })), duplicates), 'The same text is already here, so it was not added twice.') : null,
    failed ? reportSection('Couldn’t be imported', fileList(report.failed, failed, 'report-failures')) : null,
    skipped ? h('details', { class: 'report-skipped' },
      h('summary', {}, `${plural(skipped, 'file')} skipped`), fileList(report.skipped, skipped)) : null,
    h('p', { class: 'state-actions' },
      h('button', { class: 'button primary', type: 'button', onclick: () => task.reset() }, 'Import more'),
      stored ? h('a', { class: 'button', href: href('category', form.category.trim() || DEFAULT_CATEGORY) }, 'See them in the library')
        : h('a', { class: 'button', href: '#/' }, 'Back to the library')));
}

/** A report list of at most REPORT_LIST_LIMIT of `items`, saying how many more of the `total` there are. */
function limited(items, total, item, className = '') {
  const shown = items.slice(0, REPORT_LIST_LIMIT);
  const more = total - shown.length;
  return [
    h('ul', { class: `report-list ${className}`.trim() }, shown.map(item)),
    more > 0 ? h('p', { class: 'field-hint' }, `…and ${more.toLocaleString()} more.`) : null,
  ];
}

function reportSection(title, list, note) {
  return h('section', { class: 'report-section' }, h('h3', {}, title), note ? h('p', { class: 'field-hint' }, note) : null, list);
}

/** The core's reasons start with the file's name; the report already shows it. */
function reason(failure) {
  const name = baseName(failure.path);
  const text = failure.reason.startsWith(`${name}: `) ? failure.reason.slice(name.length + 2) : failure.reason;
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function baseName(path) {
  const parts = String(path).split(/[\\/]/).filter(Boolean);
  return parts[parts.length - 1] || String(path);
}

function parentOf(path) {
  const text = String(path);
  const cut = Math.max(text.lastIndexOf('/'), text.lastIndexOf('\\'));
  return cut > 0 ? text.slice(0, cut) : '';
}
