// The import in the background: which files and folders are chosen, the import running over them, its
// progress and its report. Screens subscribe to changes; the import keeps going while the reader moves around
// the app, and only one runs at a time.
//
// Files arrive three ways: the system's file picker, its folder picker (both through `choose_import_sources`,
// which opens the native dialog from Rust), or dropped on the window from a file manager.

import { call, channel, listen } from './api.js';

/** `idle` (choosing), `running`, or `done` (a report to show). */
const task = { state: 'idle', paths: [], progress: null, report: null, error: null };
const listeners = new Set();

export function current() {
  return task;
}

export function subscribe(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function changed() {
  for (const listener of listeners) listener(task);
}

export function addPaths(paths) {
  const fresh = paths.filter((p) => p && !task.paths.includes(p));
  if (!fresh.length) return;
  task.paths = [...task.paths, ...fresh];
  changed();
}

export function removePath(path) {
  task.paths = task.paths.filter((p) => p !== path);
  changed();
}

/** Opens the system's picker for files (or folders) and adds what the reader chose. */
export async function choose(folders) {
  addPaths(await call('choose_import_sources', { folders }));
}

/**
 * How many files of one kind (`imported`, `updated`, `duplicates`, `failed`, `skipped`) a report covers: the
 * app lists the first 200 of each and counts the rest in `<kind>_unlisted`.
 */
export function reportCount(report, kind) {
  return report[kind].length + (report[`${kind}_unlisted`] || 0);
}

/** Imports the chosen paths. Resolves when the import ends, with the report also kept for the report view. */
export async function start({ category, tags }) {
  if (task.state === 'running' || !task.paths.length) return;
  const paths = task.paths;
  Object.assign(task, { state: 'running', paths: [], progress: { done: 0, total: 0, current: '', failed: 0 }, report: null, error: null });
  changed();
  const progress = channel((p) => {
    if (task.state !== 'running') return;
    task.progress = p;
    changed();
  });
  try {
    task.report = await call('import_sources', { paths, options: { category: category || null, tags }, progress });
  } catch (error) {
    task.error = error;
    task.paths = paths; // nothing was lost: the reader can try again
  }
  task.state = 'done';
  changed();
}

export function cancel() {
  return call('cancel_task');
}

/** Back to choosing, keeping anything dropped while the last import ran. */
export function reset() {
  Object.assign(task, { state: 'idle', progress: null, report: null, error: null });
  changed();
}

/**
 * Files and folders dropped on the window go to the import screen. `onHover(true|false)` shows and hides the
 * drop hint; `onDrop()` runs after the paths are added.
 */
export function installDropTarget({ onHover, onDrop }) {
  listen('tauri://drag-enter', () => onHover(true));
  listen('tauri://drag-leave', () => onHover(false));
  listen('tauri://drag-drop', (payload) => {
    onHover(false);
    const paths = Array.isArray(payload?.paths) ? payload.paths.filter((p) => typeof p === 'string') : [];
    if (!paths.length) return;
    addPaths(paths);
    if (task.state === 'done') reset();
    onDrop();
  });
}
