// Small helpers for building the DOM without innerHTML. Article HTML, which arrives sanitized by the core, is
// the only markup ever inserted as HTML (see reader.js); everything else is built from text nodes here.

import { page } from './page.js';

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === false || value === null || value === undefined) continue;
    if (name === 'class') el.className = value;
    else if (name === 'dataset') Object.assign(el.dataset, value);
    else if (name.startsWith('on') && typeof value === 'function') el.addEventListener(name.slice(2), value);
    else el.setAttribute(name, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function clear(el) {
  el.replaceChildren();
  return el;
}

const dateFormat = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'long', year: 'numeric' });

/** "2026-11-01" or unix milliseconds, as "1 November 2026". */
export function formatDate(value) {
  if (value === null || value === undefined || value === '') return '';
  const date = typeof value === 'number' ? new Date(value) : new Date(`${value}T12:00:00`);
  return Number.isNaN(date.getTime()) ? String(value) : dateFormat.format(date);
}

export function plural(count, one, many = `${one}s`) {
  return `${count.toLocaleString()} ${count === 1 ? one : many}`;
}

export function minutes(n) {
  return `${n} min read`;
}

/** Resolves after the browser has painted twice: WebKitGTK lays out late. */
export function afterPaint() {
  return new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
}

/** Search snippets from the core are escaped text with <mark> elements; rebuild them as DOM nodes. */
export function snippetNodes(snippet) {
  const nodes = [];
  const parts = String(snippet).split(/(<mark>|<\/mark>)/);
  let marked = false;
  for (const part of parts) {
    if (part === '<mark>') marked = true;
    else if (part === '</mark>') marked = false;
    else if (part) {
      const text = decodeEntities(part);
      nodes.push(marked ? h('mark', {}, text) : document.createTextNode(text));
    }
  }
  return nodes;
}

function decodeEntities(text) {
  return text.replace(/&(lt|gt|quot|amp);/g, (_, name) => ({ lt: '<', gt: '>', quot: '"', amp: '&' })[name]);
}

let toastTimer = 0;
/** A short message that shows for a moment (and is read out: the toast is a status region). */
export function toast(message) {
  const el = page.toast;
  el.textContent = message;
  el.classList.add('visible');
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => el.classList.remove('visible'), 2600);
}

let announced = '';
/**
 * Says something to screen readers without showing it, through the one status region that is always in the
 * page (a region created together with its text is often not read). Saying the same words twice in a row says
 * them again.
 */
export function announce(message) {
  const text = message === announced ? `${message}\u00a0` : message;
  announced = text;
  page.status.textContent = text;
}
