// The sidebar as a menu in a small window (or at a large zoom), where the layout has no room for it beside the
// page: the Menu button opens it over the page; choosing a place, Esc, or a click outside closes it.

const button = () => document.getElementById('menu-button');
const sidebar = () => document.getElementById('sidebar');

function isOpen() {
  return document.body.dataset.menu === 'open';
}

export function closeMenu({ returnFocus = false } = {}) {
  if (!isOpen()) return;
  delete document.body.dataset.menu;
  button().setAttribute('aria-expanded', 'false');
  if (returnFocus) button().focus();
}

function openMenu() {
  document.body.dataset.menu = 'open';
  button().setAttribute('aria-expanded', 'true');
  sidebar().querySelector('a[aria-current="page"], a')?.focus();
}

export function installMenu() {
  button().addEventListener('click', () => (isOpen() ? closeMenu({ returnFocus: true }) : openMenu()));
  sidebar().addEventListener('click', (event) => {
    if (event.target.closest('a')) closeMenu();
  });
  sidebar().addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && isOpen()) {
      event.preventDefault();
      event.stopPropagation();
      closeMenu({ returnFocus: true });
    }
  });
  document.addEventListener('pointerdown', (event) => {
    if (isOpen() && !sidebar().contains(event.target) && !button().contains(event.target)) closeMenu();
  });
  // Grown back to room for the sidebar: it is no longer a menu.
  window.matchMedia('(max-width: 900px)').addEventListener('change', (event) => {
    if (!event.matches) closeMenu();
  });
}
