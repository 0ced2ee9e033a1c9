// Links inside Haven: in-app routes and in-article fragments stay in the window; links to the web open in the
// system browser only after the reader confirms, through the core-validated `open_external` command.

import { call } from './api.js';
import { toast } from './dom.js';
import { isRoute } from './router.js';

const EXTERNAL = /^(https?:|mailto:)/i;

export function installLinkHandling() {
  document.addEventListener('click', (event) => {
    const link = event.target instanceof Element ? event.target.closest('a[href]') : null;
    if (!link || event.defaultPrevented) return;
    const href = link.getAttribute('href') || '';
    if (href.startsWith('#') && !isRoute(href)) {
      // A footnote or heading inside an article: scroll to it without touching the route.
      event.preventDefault();
      const id = decodeURIComponent(href.slice(1));
      const target = [...document.querySelectorAll('.prose [id]')].find((el) => el.id === id);
      if (target) {
        target.scrollIntoView({ block: 'start' });
        target.setAttribute('tabindex', '-1');
        target.focus({ preventScroll: true });
      }
      return;
    }
    if (isRoute(href)) return;
    event.preventDefault();
    if (EXTERNAL.test(href)) confirmAndOpen(href);
  });
}

export async function confirmAndOpen(url) {
  const dialog = document.getElementById('confirm-dialog');
  document.getElementById('confirm-url').textContent = url;
  dialog.returnValue = '';
  dialog.showModal();
  const choice = await new Promise((resolve) => dialog.addEventListener('close', () => resolve(dialog.returnValue), { once: true }));
  if (choice !== 'open') return;
  try {
    await call('open_external', { url });
  } catch (error) {
    toast('That link couldn’t be opened.');
  }
}
