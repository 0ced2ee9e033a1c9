// The UI's link decision (ui/js/urls.js) against the table the core's urls.rs is tested with, so a click and
// the sanitizer never disagree about what a link is. Run: node --test tests/ui/
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

import { linkKind } from '../../ui/js/urls.js';

const table = JSON.parse(readFileSync(new URL('../fixtures/url-policy.json', import.meta.url), 'utf8'));

test('every address in the shared table is classified as the core classifies it', () => {
  assert.ok(table.cases.length > 30);
  for (const { href, link } of table.cases) {
    assert.equal(linkKind(href), link, JSON.stringify(href));
  }
});

test('odd values are refused, never thrown on', () => {
  for (const odd of [null, undefined, 42, {}, '\u0000javascript:x']) {
    assert.equal(linkKind(odd), 'refused');
  }
});
