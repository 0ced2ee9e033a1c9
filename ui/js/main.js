// Haven's window: boot (settings, library check), the router that draws one screen at a time into <main>,
// and the global wiring of links, the search box and keyboard shortcuts.

import { call } from './api.js';
import { clear, h, toast } from './dom.js';
import { renderBookmarks } from './bookmarks.js';
import { renderHelp } from './help.js';
import { renderImport } from './import-screen.js';
import { current as currentImport, installDropTarget, subscribe as onImport } from './import-task.js';
import { renderLibrary } from './library.js';
import { installLinkHandling } from './links.js';
import { renderReader, toggleBookmarkShortcut } from './reader.js';
import { go, onRoute, start } from './router.js';
import { focusSearch, installSearchBox, renderSearch } from './search.js';
import { load as loadSettings, renderSettings } from './settings.js';
import { installShortcuts } from './shortcuts.js';
import { loadCategories, markCurrent, showImportProgress } from './sidebar.js';
import { errorState, loading } from './states.js';

const main = document.getElementById('main');
let leaveScreen = null;
let drawing = 0;

async function draw(route) {
  const ticket = ++drawing;
  if (leaveScreen) {
    leaveScreen();
    leaveScreen = null;
  }
  markCurrent(route);
  document.body.dataset.screen = route.name;
  // The screen is drawn attached but invisible, so the reader can measure its layout and restore the scroll
  // position before anything shows; the loading indicator floats above it until then.
  const screen = h('div', { class: 'screen pending' });
  const spinner = loading();
  main.scrollTop = 0;
  clear(main).append(spinner, screen);
  let leave = null;
  switch (route.name) {
    case 'library':
    case 'category':
    case 'tag':
      await renderLibrary(screen, route);
      break;
    case 'article':
      leave = await renderReader(screen, route.arg);
      break;
    case 'search':
      await renderSearch(screen, route);
      break;
    case 'bookmarks':
      await renderBookmarks(screen);
      break;
    case 'help':
      renderHelp(screen);
      break;
    case 'import':
      leave = await renderImport(screen);
      break;
    case 'settings':
      renderSettings(screen);
      break;
    default:
      screen.append(errorState({ kind: 'not_found', message: '' }));
  }
  if (ticket !== drawing) {
    if (leave) leave();
    return; // the reader moved on while this screen loaded
  }
  spinner.remove();
  screen.classList.remove('pending');
  leaveScreen = leave;
  const heading = screen.querySelector('h1');
  if (heading && document.activeElement?.id !== 'search-input') heading.focus({ preventScroll: true });
  document.title = heading && route.name !== 'library' ? `${heading.textContent} · Haven` : 'Haven';
}

function showDamagedLibrary(status) {
  const retry = async () => {
    try {
      await call('start_fresh_library');
      location.reload();
    } catch (error) {
      clear(main).append(errorState(error));
    }
  };
  clear(main).append(h('div', { class: 'screen' }, h('section', { class: 'state state-error page', role: 'alert' },
    h('h1', { tabindex: '-1' }, 'Haven couldn’t open your library'),
    h('p', {}, 'The library file at ', h('code', { class: 'path' }, status.path), ' could not be used.'),
    h('p', {}, status.error.kind === 'newer_library'
      ? 'It was saved by a newer version of Haven. Updating Haven will open it again.'
      : 'It has been left exactly as it was, so nothing in it is lost. You can keep reading with a fresh library beside it; the old file stays where it is.'),
    h('details', { class: 'state-details' }, h('summary', {}, 'Details'), h('p', {}, status.error.message)),
    h('p', { class: 'state-actions' },
      h('button', { class: 'button primary', type: 'button', onclick: retry }, 'Start a fresh library'),
      h('a', { class: 'button', href: '#/help' }, 'Help now')))));
}

async function boot() {
  installLinkHandling();
  installSearchBox();
  installShortcuts({
    focusSearch,
    toggleBookmark: toggleBookmarkShortcut,
    showShortcuts: () => document.getElementById('shortcuts-dialog').showModal(),
  });
  document.getElementById('help-now').addEventListener('click', () => go('#/help'));
  document.getElementById('shortcuts-button').addEventListener('click', () => document.getElementById('shortcuts-dialog').showModal());
  document.getElementById('skip-link').addEventListener('click', () => main.focus());

  let status;
  try {
    status = await call('library_status');
  } catch (error) {
    status = { path: '', error };
  }
  await loadSettings();
  if (status.error) {
    onRoute((route) => (route.name === 'help' ? draw(route) : showDamagedLibrary(status)));
    start();
    return;
  }
  loadCategories();
  let importState = currentImport().state;
  onImport((task) => {
    showImportProgress(task);
    if (importState === 'running' && task.state === 'done') {
      loadCategories();
      if (location.hash !== '#/import') {
        const stored = task.report ? task.report.imported.length + task.report.updated.length : 0;
        toast(task.report ? `Import finished: ${stored.toLocaleString()} ${stored === 1 ? 'article' : 'articles'} added or updated. The report is under Import.`
          : 'The import couldn’t run. Open Import to see why.');
      }
    }
    importState = task.state;
  });
  const overlay = document.getElementById('drop-overlay');
  installDropTarget({
    onHover: (on) => { overlay.hidden = !on; },
    onDrop: () => {
      if (location.hash !== '#/import') go('#/import');
      else if (currentImport().state === 'running') toast('These will be ready to import when this import finishes.');
    },
  });
  onRoute(draw);
  start();
}

boot();
