// Settings → Your data: exports of highlights, notes and articles, backups (now, and the daily ones), and
// restoring from a backup or merging an export. Files are chosen in the system's dialogs, which Haven opens
// from Rust; this module only asks for them and shows what happened.
//
// A long task keeps running if the reader leaves Settings; its progress bar (shown once it has run for a
// moment, with Cancel) and its outcome are drawn again when they come back.

import { call, channel } from './api.js';
import { announce, formatDate, h, plural, toast } from './dom.js';
import { page } from './page.js';
import { load as loadSettings } from './settings.js';
import { loadCategories } from './sidebar.js';

/** Long enough that quick tasks never flash a progress bar. */
const SHOW_PROGRESS_AFTER_MS = 400;

const STAGES = {
  exporting: 'Exporting…',
  backing_up: 'Backing up your library…',
  reading: 'Reading the backup…',
  checking: 'Checking the backup is whole…',
  upgrading: 'Bringing the backup up to date…',
  keeping_current: 'Keeping a copy of your library as it is now…',
  restoring: 'Restoring…',
};

const KINDS = { daily: 'Daily backup', before_restore: 'Kept before a restore', before_update: 'Kept before an update' };

/** The task running now (`{ label, progress, shown }`), and the last outcome to show. */
const task = { running: null, outcome: null };
let redraw = () => {};

/** Draws the section into `container` (the Settings page); returns a function to call when leaving. */
export async function renderYourData(container) {
  const section = h('section', { class: 'your-data', 'aria-labelledby': 'your-data-title' });
  container.append(section);
  let alive = true;
  redraw = () => { if (alive) draw(section); };
  await draw(section);
  return () => { alive = false; redraw = () => {}; };
}

async function draw(section) {
  let data;
  let categories = [];
  let tags = [];
  try {
    [data, categories, tags] = await Promise.all([call('your_data'), call('categories'), call('tags')]);
  } catch (error) {
    section.replaceChildren(h('h2', { id: 'your-data-title' }, 'Your data'), h('p', { role: 'alert' }, `Haven couldn’t read what your library holds: ${error.message}`));
    return;
  }
  const t = data.totals;
  const busy = Boolean(task.running);
  const choice = h('select', { id: 'export-choice' },
    h('option', { value: '' }, `All articles (${t.articles.toLocaleString()})`),
    h('optgroup', { label: 'A category' }, categories.map((c) => h('option', { value: `category:${c.name}` }, `${c.name} (${c.count})`))),
    tags.length ? h('optgroup', { label: 'A tag' }, tags.slice(0, 200).map((c) => h('option', { value: `tag:${c.name}` }, `${c.name} (${c.count})`))) : null);
  section.replaceChildren(...[
    h('h2', { id: 'your-data-title' }, 'Your data'),
    h('p', { class: 'page-lead' },
      `Everything Haven keeps is on this computer: ${plural(t.articles, 'article')}${t.imported ? ` (${t.imported.toLocaleString()} imported)` : ''}, `,
      `${plural(t.highlights, 'highlight')} and ${plural(t.bookmarks, 'bookmark')}. Take it with you, or keep copies in case a disk fails.`),
    progressView(),
    outcomeView(),
    h('div', { class: 'setting' },
      h('h3', { class: 'setting-label' }, 'Export your highlights and notes'),
      h('p', { class: 'field-hint' }, 'Highlights with their notes and colours, bookmarks with their notes, and how far you have read.'),
      h('div', { class: 'data-actions data-exports' },
        button('Markdown notes…', 'For Obsidian or any notes app: one file per article.', () => exportAnnotations('markdown'), busy),
        button('Web Annotation (JSON)…', 'The open W3C format. Haven can bring it back in.', () => exportAnnotations('json'), busy),
        button('Readwise (CSV)…', 'For Readwise’s import, or a spreadsheet.', () => exportAnnotations('csv'), busy))),
    h('div', { class: 'setting' },
      h('h3', { class: 'setting-label' }, h('label', { for: 'export-choice' }, 'Export articles')),
      h('p', { class: 'field-hint' }, 'As Markdown files that open in any editor. Articles you imported come back as you gave them, with their pictures.'),
      h('div', { class: 'data-row' }, choice,
        h('button', { class: 'button', type: 'button', disabled: busy, onclick: () => exportArticles(choice.value) }, 'Export…'))),
    h('div', { class: 'setting' },
      h('h3', { class: 'setting-label' }, 'Backups'),
      h('p', { class: 'field-hint' }, 'A backup is one file with everything: articles, imports, highlights, notes, bookmarks and settings.'),
      h('div', { class: 'data-actions' },
        h('button', { class: 'button primary', type: 'button', disabled: busy, onclick: backupNow }, 'Back up now…'),
        h('button', { class: 'button', type: 'button', disabled: busy, onclick: restoreFromFile }, 'Restore from a file…')),
      h('label', { class: 'data-toggle' },
        h('input', { type: 'checkbox', id: 'daily-backups', checked: data.automatic, 'aria-describedby': 'daily-backups-hint', onchange: (e) => setAutomatic(e.target.checked) }),
        h('span', {}, 'Back up every day')),
      h('p', { class: 'field-hint', id: 'daily-backups-hint' }, 'Haven keeps a copy each day, and the last 7, in ', h('code', { class: 'path' }, data.backups_dir), '.'),
      backupList(data.backups, busy)),
  ].filter(Boolean));
}

function button(label, hint, onclick, disabled) {
  return h('span', { class: 'data-action' },
    h('button', { class: 'button', type: 'button', disabled, onclick }, label),
    h('span', { class: 'field-hint' }, hint));
}

function backupList(backups, busy) {
  if (!backups.length) return h('p', { class: 'backup-none' }, 'No backups on this computer yet.');
  return h('table', { class: 'backup-list' },
    h('caption', {}, 'Backups on this computer'),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'When'), h('th', { scope: 'col' }, 'What'), h('th', { scope: 'col' }, 'Size'), h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Restore')))),
    h('tbody', {}, backups.map((b) => {
      const when = formatWhen(b.modified);
      return h('tr', {},
        h('td', {}, when),
        h('td', {}, KINDS[b.kind] || 'Backup'),
        h('td', { class: 'backup-size' }, size(b.bytes)),
        h('td', {}, h('button', { class: 'link-button', type: 'button', disabled: busy, 'aria-label': `Restore the backup from ${when}`, onclick: () => restoreBackup(b.path, `the backup from ${when}`) }, 'Restore…')));
    })));
}

function progressView() {
  const running = task.running;
  if (!running || !running.shown) return null;
  const p = running.progress;
  const percent = p && p.total > 0 ? Math.round((p.done / p.total) * 100) : null;
  const bar = h('div', { class: 'progress data-bar', role: 'progressbar', 'aria-label': running.label, 'aria-valuemin': 0, 'aria-valuemax': 100 },
    h('span', { class: 'progress-bar' }));
  if (percent === null) {
    bar.classList.add('indeterminate');
  } else {
    bar.setAttribute('aria-valuenow', percent);
    bar.firstChild.style.width = `${percent}%`;
  }
  return h('div', { class: 'data-progress' },
    h('p', { class: 'data-progress-label' }, (p && STAGES[p.stage]) || running.label, percent === null ? '' : ` ${percent}%`),
    bar,
    h('button', { class: 'button', type: 'button', onclick: (e) => { e.target.disabled = true; e.target.textContent = 'Stopping…'; call('cancel_task'); } }, 'Cancel'));
}

function outcomeView() {
  const outcome = task.outcome;
  if (!outcome) return null;
  return h('div', { class: `data-outcome ${outcome.ok ? 'ok' : 'failed'}`, role: outcome.ok ? 'status' : 'alert' },
    h('p', {}, outcome.text),
    outcome.detail ? h('p', { class: 'field-hint' }, outcome.detail) : null);
}

/** Runs one long task: progress shown after a moment, the outcome kept and announced, the section redrawn. */
async function run(label, work) {
  if (task.running) return;
  const running = { label, progress: null, shown: false };
  Object.assign(task, { running, outcome: null });
  const timer = setTimeout(() => { running.shown = true; redraw(); }, SHOW_PROGRESS_AFTER_MS);
  const progress = channel((p) => {
    running.progress = p;
    if (!running.shown) return;
    // Moved in place: no redraw, so focus and the Cancel button stay put.
    const bar = document.querySelector('.data-bar');
    const text = document.querySelector('.data-progress-label');
    if (!bar || !text) return;
    const percent = p.total > 0 ? Math.round((p.done / p.total) * 100) : null;
    bar.classList.toggle('indeterminate', percent === null);
    if (percent !== null) {
      bar.setAttribute('aria-valuenow', percent);
      bar.firstChild.style.width = `${percent}%`;
    } else {
      bar.removeAttribute('aria-valuenow');
    }
    text.textContent = `${STAGES[p.stage] || label}${percent === null ? '' : ` ${percent}%`}`;
  });
  redraw();
  let outcome;
  try {
    outcome = await work(progress);
  } catch (error) {
    outcome = error.kind === 'cancelled'
      ? { ok: true, text: 'Cancelled. Nothing was changed.' }
      : { ok: false, text: `${label.replace(/…$/, '')} didn’t work.`, detail: error.message };
  }
  clearTimeout(timer);
  task.running = null;
  task.outcome = outcome;
  if (outcome) {
    announce(outcome.text);
    if (!document.querySelector('.your-data')) toast(outcome.text);
  }
  redraw();
}

function exportAnnotations(format) {
  return run('Exporting your notes…', async (progress) => {
    const report = await call('export_annotations', { format, progress });
    if (!report) return null;
    return { ok: true, text: `Exported ${plural(report.highlights, 'highlight')} and ${plural(report.bookmarks, 'bookmark')} from ${plural(report.articles, 'article')}.`, detail: `Saved to ${report.path}` };
  });
}

function exportArticles(value) {
  const [kind, ...rest] = value.split(':');
  const name = rest.join(':');
  const selection = { category: kind === 'category' ? name : null, tag: kind === 'tag' ? name : null, slugs: [] };
  return run('Exporting articles…', async (progress) => {
    const report = await call('export_articles', { selection, progress });
    if (!report) return null;
    return { ok: true, text: `Exported ${plural(report.articles, 'article')} (${plural(report.files, 'file')}).`, detail: `Saved in ${report.path}` };
  });
}

function backupNow() {
  return run('Backing up…', async (progress) => {
    const report = await call('backup_now', { progress });
    if (!report) return null;
    return { ok: true, text: `Backed up your library (${size(report.bytes)}).`, detail: `Saved to ${report.path}` };
  });
}

async function setAutomatic(on) {
  try {
    await call('set_setting', { key: 'backups.automatic', value: on ? 'on' : 'off' });
    announce(on ? 'Haven will back up your library every day.' : 'Daily backups are off.');
  } catch (error) {
    toast(`That setting couldn’t be saved: ${error.message}`);
  }
}

/** Asks in plain words before anything is restored; resolves to true when the reader says go ahead. */
function confirm({ title, text, go }) {
  const dialog = page.restoreDialog;
  page.restoreTitle.textContent = title;
  page.restoreText.textContent = text;
  page.restoreGo.textContent = go;
  dialog.returnValue = '';
  dialog.showModal();
  return new Promise((resolve) => dialog.addEventListener('close', () => resolve(dialog.returnValue === 'go'), { once: true }));
}

async function restoreFromFile() {
  let chosen;
  try {
    chosen = await call('choose_restore_file');
  } catch (error) {
    task.outcome = { ok: false, text: 'The file picker couldn’t open.', detail: error.message };
    redraw();
    return;
  }
  if (!chosen) return;
  const name = chosen.path.split(/[\\/]/).pop();
  if (chosen.kind === 'backup') {
    await restoreBackup(chosen.path, `“${name}”`);
    return;
  }
  const yes = await confirm({
    title: 'Bring in these highlights and notes?',
    text: `The highlights, notes, bookmarks and reading places in “${name}” will be added to your library. Nothing here is replaced, and anything already here is not added twice.`,
    go: 'Bring them in',
  });
  if (!yes) return;
  await run('Bringing in your notes…', async () => {
    const r = await call('merge_annotations', { path: chosen.path });
    const missing = r.missing_articles.length ? ` ${plural(r.missing_articles.length, 'article')} in the export ${r.missing_articles.length === 1 ? 'is' : 'are'} not in this library; ${r.missing_articles.length === 1 ? 'its' : 'their'} highlights were kept.` : '';
    return {
      ok: true,
      text: `Added ${plural(r.highlights_added, 'highlight')} and ${plural(r.bookmarks_added, 'bookmark')}; ${plural(r.highlights_present + r.bookmarks_present, 'item')} ${r.highlights_present + r.bookmarks_present === 1 ? 'was' : 'were'} already here.`,
      detail: `${r.highlights_detached ? `${plural(r.highlights_detached, 'highlight')} could not be placed in the article’s text and ${r.highlights_detached === 1 ? 'is' : 'are'} kept under it.` : ''}${missing}`.trim() || null,
    };
  });
}

async function restoreBackup(path, described) {
  const yes = await confirm({
    title: 'Restore this backup?',
    text: `Your library will be replaced by ${described}. Your library as it is now is kept first, as a copy you can restore later, so nothing is lost.`,
    go: 'Restore the backup',
  });
  if (!yes) return;
  await run('Restoring…', async (progress) => {
    const report = await call('restore_backup', { path, progress });
    // The library is another one now: settings, categories and counts are read again.
    await loadSettings();
    loadCategories({ changed: true });
    const t = report.totals;
    return {
      ok: true,
      text: `Restored. Your library now holds ${plural(t.articles, 'article')}, ${plural(t.highlights, 'highlight')} and ${plural(t.bookmarks, 'bookmark')}.`,
      detail: report.kept ? `Your library as it was is kept at ${report.kept}` : null,
    };
  });
}

function size(bytes) {
  if (bytes < 1e6) return `${Math.max(1, Math.round(bytes / 1e3))} KB`;
  if (bytes < 1e9) return `${(bytes / 1e6).toFixed(1)} MB`;
  return `${(bytes / 1e9).toFixed(2)} GB`;
}

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' });

function formatWhen(ms) {
  return `${formatDate(ms)}, ${timeFormat.format(new Date(ms))}`;
}
