// Haven's window: boot (settings, library check), the router that draws one screen at a time into <main>,
// and the global wiring of links, the search box and keyboard shortcuts.

import { call, listen } from './api.js';
import { clear, h, toast } from './dom.js';
import { renderBookmarks } from './bookmarks.js';
import { toggleKeyboardSelection } from './highlights.js';
import { renderNotebook } from './notebook.js';
import { renderPlan } from './plan.js';
import { renderHelp } from './help.js';
import { renderImport } from './import-screen.js';
import { current as currentImport, installDropTarget, reportCount, subscribe as onImport } from './import-task.js';
import { renderLibrary } from './library.js';
import { installLinkHandling } from './links.js';
import { renderReader, toggleBookmarkShortcut } from './reader.js';
import { go, onRoute, parse as parseRoute, start } from './router.js';
import { focusSearch, installSearchBox, renderSearch } from './search.js';
import { load as loadSettings, lockAfterMinutes, renderSettings, singleKeyShortcuts, windowTitles } from './settings.js';
import { hideWhenIdle, installQuickHide } from './quick-hide.js';
import { hasLock, showLockScreen, unlockForm } from './lock.js';
import { renderPrivacy } from './privacy.js';
import { labelKeys } from './keys.js';
import { closeMenu, installMenu } from './menu.js';
import { installShortcuts } from './shortcuts.js';
import { renderYourData } from './your-data.js';
import { page } from './page.js';
import { loadCategories, markCurrent, showImportProgress, showLibraryNote } from './sidebar.js';
import { errorState, loading } from './states.js';

const main = page.main;
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
  closeMenu();
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
      leave = await renderReader(screen, route.arg, route.query);
      break;
    case 'search':
      await renderSearch(screen, route);
      break;
    case 'bookmarks':
      await renderBookmarks(screen);
      break;
    case 'notebook':
      await renderNotebook(screen, route);
      break;
    case 'help':
      await renderHelp(screen);
      break;
    case 'plan':
      leave = await renderPlan(screen);
      break;
    case 'import':
      leave = await renderImport(screen);
      break;
    case 'settings':
      renderSettings(screen);
      await renderPrivacy(screen.querySelector('.settings'));
      leave = await renderYourData(screen.querySelector('.settings'));
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
  // Focus goes to the new screen's heading, unless the screen asked for it somewhere else (a highlight it opened
  // at); that can only be given now the screen is visible.
  const wanted = screen.querySelector('[data-focus-on-show]');
  if (wanted) {
    delete wanted.dataset.focusOnShow;
    wanted.focus({ preventScroll: true });
  } else if (heading && document.activeElement?.id !== 'search-input') {
    heading.focus({ preventScroll: true });
  }
  // What is being read shows in the window title only when the reader asked for it (a shared computer's
  // taskbar, window list and screen sharing all show the title).
  document.title = windowTitles() && heading && route.name !== 'library' ? `${heading.textContent} · Haven` : 'Haven';
}

/** Ends the screen on show (saving what it saves as it goes), empties it, and says where the reader was. */
function leaveForCover() {
  drawing += 1;
  if (leaveScreen) {
    leaveScreen();
    leaveScreen = null;
  }
  const top = main.scrollTop;
  clear(main);
  return { hash: location.hash, top };
}

/** Back from the cover: the same screen, scrolled to exactly where it was. */
async function backFromCover(where) {
  if (location.hash !== where.hash) history.replaceState(null, '', where.hash);
  await draw(parseRoute());
  main.scrollTo({ top: where.top, behavior: 'instant' });
}

/** Error kinds beside which a fresh library may be started (the core refuses any other). */
const FRESH_START = ['corrupt_library', 'not_found'];

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
      : status.error.kind === 'not_found'
        ? 'It is no longer where Haven left it; it may have been moved or deleted. If you can put it back, Haven will open it again. Or you can keep reading with a fresh library.'
        : 'It has been left exactly as it was, so nothing in it is lost. You can keep reading with a fresh library beside it; the old file stays where it is.'),
    h('details', { class: 'state-details' }, h('summary', {}, 'Details'), h('p', {}, status.error.message)),
    h('p', { class: 'state-actions' },
      // Only a damaged or missing library may be set aside: one from a newer Haven opens again after an update.
      FRESH_START.includes(status.error.kind)
        ? h('button', { class: 'button primary', type: 'button', onclick: retry }, 'Start a fresh library') : null,
      h('a', { class: 'button', href: '#/help' }, 'Help now')))));
}

async function boot() {
  // Nothing in Haven's window is dragged: a drop on the window must come from outside it (a drag that starts
  // inside could carry whatever addresses the page put on it).
  document.addEventListener('dragstart', (event) => event.preventDefault());
  installLinkHandling();
  installSearchBox();
  labelKeys(document);
  installMenu();
  installShortcuts({
    focusSearch,
    toggleBookmark: toggleBookmarkShortcut,
    showShortcuts: () => page.shortcutsDialog.showModal(),
    singleKeys: singleKeyShortcuts,
    toggleKeyboardSelection,
  });
  page.helpNow.addEventListener('click', () => go('#/help'));
  const hide = installQuickHide({
    button: page.quickHide,
    where: () => ({ hash: location.hash, top: main.scrollTop }),
    leave: leaveForCover,
    back: backFromCover,
    // With a passphrase set, hiding locks: the library is closed in Rust, and coming back needs the passphrase.
    onHide: () => call('lock_now').catch(() => {}),
    locked: hasLock,
    unlock: (cover) => new Promise((resolve) => {
      cover.querySelector('.cover-slot').replaceChildren(unlockForm({ headingLevel: 'h2', onUnlocked: resolve }));
    }),
  });
  hideWhenIdle({ minutes: lockAfterMinutes, applies: hasLock, hide });
  page.shortcutsButton.addEventListener('click', () => page.shortcutsDialog.showModal());
  page.skipLink.addEventListener('click', () => main.focus());

  let status;
  try {
    status = await call('library_status');
  } catch (error) {
    status = { path: '', error };
  }
  await loadSettings();
  if (status.error?.kind === 'locked') {
    // Nothing of the library behind the lock: only the form, Help now and Hide.
    onRoute((route) => (route.name === 'help' ? draw(route) : showLockScreen(main)));
    start();
    return;
  }
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
      loadCategories({ changed: true });
      if (location.hash !== '#/import') {
        const stored = task.report ? reportCount(task.report, 'imported') + reportCount(task.report, 'updated') : 0;
        toast(task.report ? `Import finished: ${stored.toLocaleString()} ${stored === 1 ? 'article' : 'articles'} added or updated. The report is under Import.`
          : 'The import couldn’t run. Open Import to see why.');
      }
    }
    importState = task.state;
  });
  // Another program (haven-cli) changed the library: lists are drawn again; an article being read is left alone.
  listen('library-changed', () => {
    loadCategories({ changed: true });
    if (['library', 'category', 'tag', 'bookmarks', 'notebook'].includes(document.body.dataset.screen)) draw(parseRoute());
  });
  listen('library-updating', showLibraryNote);
  const overlay = page.dropOverlay;
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
