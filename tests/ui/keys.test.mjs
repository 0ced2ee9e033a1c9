// Shortcut names for the Mac and elsewhere, and Alt/Option letters matched by key position (ui/js/keys.js).
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { isAltLetter, isMacPlatform, keyName, shortcut } from '../../ui/js/keys.js';

test('a Mac is recognised from navigator.platform or the user agent, nothing else is', () => {
  for (const mac of ['MacIntel', 'Macintosh; Intel Mac OS X 14_5', 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7)']) {
    assert.equal(isMacPlatform(mac), true, mac);
  }
  for (const other of ['Win32', 'Linux x86_64', 'Mozilla/5.0 (X11; Linux x86_64)', '', undefined, null, 'Emacs']) {
    assert.equal(isMacPlatform(other), false, String(other));
  }
});

test('Ctrl and Alt are ⌘ and ⌥ on a Mac, and stay as written elsewhere', () => {
  assert.equal(keyName('Ctrl', true), '⌘');
  assert.equal(keyName('Alt', true), '⌥');
  assert.equal(keyName('F1', true), 'F1');
  assert.equal(keyName('Ctrl', false), 'Ctrl');
  assert.equal(shortcut('Ctrl', 'D', true), '⌘D');
  assert.equal(shortcut('Ctrl', 'D', false), 'Ctrl+D');
  assert.equal(shortcut('Alt', 'H', false), 'Alt+H');
});

test('Alt letters match the letter typed, or the key position when Option typed a symbol', () => {
  const key = (code, key, mods = {}) => ({ altKey: true, ctrlKey: false, metaKey: false, code, key, ...mods });
  assert.equal(isAltLetter(key('KeyP', 'π'), 'p'), true, 'Option+P on a Mac types π');
  assert.equal(isAltLetter(key('KeyP', 'p'), 'P'), true);
  assert.equal(isAltLetter(key('KeyH', '˙'), 'h'), true);
  assert.equal(isAltLetter(key('KeyR', 'p'), 'p'), true, 'P on a Dvorak keyboard sits where QWERTY has R');
  assert.equal(isAltLetter(key('KeyP', 'r'), 'p'), false, 'and the key that types r there is not P');
  assert.equal(isAltLetter(key('KeyP', 'p', { ctrlKey: true }), 'p'), false);
  assert.equal(isAltLetter(key('KeyP', 'p', { metaKey: true }), 'p'), false);
  assert.equal(isAltLetter(key('KeyP', 'p', { altKey: false }), 'p'), false);
});
