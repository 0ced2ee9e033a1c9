// The app's own elements in index.html, found once when Haven starts. Looking them up by id later would find
// whatever element first carries that id, and an article's content is in the same document (the sanitizer
// prefixes every article id, so this is a second wall, not the first).

function find(id) {
  const el = document.getElementById(id);
  if (!el) throw new Error(`index.html has no #${id}`);
  return el;
}

export const page = {
  main: find('main'),
  // Under the main area, beside the sidebar: read-aloud's controls, never over the text.
  playerSlot: find('player-slot'),
  searchForm: find('search-form'),
  searchInput: find('search-input'),
  helpNow: find('help-now'),
  quickHide: find('quick-hide'),
  skipLink: find('skip-link'),
  shortcutsButton: find('shortcuts-button'),
  shortcutsDialog: find('shortcuts-dialog'),
  deleteDialog: find('delete-dialog'),
  deleteName: find('delete-name'),
  restoreDialog: find('restore-dialog'),
  restoreTitle: find('restore-title'),
  restoreText: find('restore-text'),
  restoreGo: find('restore-go'),
  toast: find('toast'),
  status: find('status'),
  dropOverlay: find('drop-overlay'),
  categoryList: find('category-list'),
  importBadge: find('import-badge'),
  libraryNote: find('library-note'),
};
