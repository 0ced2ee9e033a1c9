// Hash routes: #/ (library), #/category/Name, #/tag/Name, #/article/slug, #/search?q=..., #/bookmarks,
// #/help, #/plan, #/notebook, #/import, #/settings. Hashes that do not start with "#/" (a skip link, an
// in-article fragment) are not routes.

const listeners = [];

export function parse(hash = location.hash) {
  const raw = hash.startsWith('#/') ? hash.slice(2) : '';
  const [path, queryString = ''] = raw.split('?');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  return { name: parts[0] || 'library', arg: parts[1] || null, query: new URLSearchParams(queryString) };
}

export function href(name, arg, query) {
  let out = `#/${name}`;
  if (arg !== undefined && arg !== null) out += `/${encodeURIComponent(arg)}`;
  const qs = query ? new URLSearchParams(Object.entries(query).filter(([, v]) => v !== '' && v != null)).toString() : '';
  return qs ? `${out}?${qs}` : out;
}

export function go(target, { replace = false } = {}) {
  if (replace) {
    history.replaceState(null, '', target);
    notify();
  } else if (location.hash === target) {
    notify();
  } else {
    location.hash = target;
  }
}

export function isRoute(hash = location.hash) {
  return hash === '' || hash === '#' || hash.startsWith('#/');
}

export function onRoute(listener) {
  listeners.push(listener);
}

function notify() {
  const route = parse();
  for (const listener of listeners) listener(route);
}

window.addEventListener('hashchange', () => {
  if (isRoute()) notify();
});

export function start() {
  notify();
}
