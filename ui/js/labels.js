// Categories and tags, fetched once and kept until the library changes (an import, a deletion, another
// program writing to it). The search screen is drawn for every keystroke and must not ask again each time.

import { call } from './api.js';

let categories = null;
let tags = null;

export function getCategories() {
  if (!categories) categories = call('categories').catch((error) => { categories = null; throw error; });
  return categories;
}

export function getTags() {
  if (!tags) tags = call('tags').catch((error) => { tags = null; throw error; });
  return tags;
}

/** Forgets what was fetched: the next ask fetches afresh. */
export function invalidate() {
  categories = null;
  tags = null;
}
