// Links inside Haven: in-app routes and in-article fragments stay in the window; a link to the web or to
// e-mail goes to `open_external`, where Rust checks it and asks the reader, in a dialog the system draws,
// before the system's browser opens it. Middle-clicks are handled as clicks: the webview opens no new windows.

import { call } from './api.js';
import { toast } from './dom.js';
import { linkKind } from './urls.js';

function follow(event) {
  if (event.type === 'auxclick' && event.button !== 1) return;
  const link = event.target instanceof Element ? event.target.closest('a[href]') : null;
  if (!link || event.defaultPrevented) return;
  const href = link.getAttribute('href') || '';
  const kind = linkKind(href);
  if (kind === 'route') {
    if (event.type === 'auxclick') {
      event.preventDefault();
      location.hash = href;
    }
    return;
  }
  event.preventDefault();
  if (kind === 'fragment') {
    // A footnote or heading inside an article: scroll to it without touching the route.
    const id = decodeURIComponent(href.trim().slice(1));
    const target = [...document.querySelectorAll('.prose [id]')].find((el) => el.id === id);
    if (target) {
      target.scrollIntoView({ block: 'start' });
      target.setAttribute('tabindex', '-1');
      target.focus({ preventScroll: true });
    }
  } else if (kind === 'external') {
    openOutside(href);
  }
}

export function installLinkHandling() {
  document.addEventListener('click', follow);
  document.addEventListener('auxclick', follow);
}

async function openOutside(url) {
  try {
    await call('open_external', { url });
  } catch (error) {
    toast('That link couldn’t be opened.');
  }
}
