// Keys as this computer's keyboard names them, and shortcuts matched the same way on every keyboard.
//
// On a Mac the shortcuts use ⌘ (Command) where other systems use Ctrl, and ⌥ (Option) for Alt; ⌘H is the Mac's
// own "Hide Haven" (in the app menu), so Help now is F1 there. Letters with Alt/Option are matched by the letter
// typed, and when Option turned it into another character (Option+P types "π" on a Mac) by the key's place.

/** Whether `platform` (navigator.platform or the user agent) is a Mac's. */
export function isMacPlatform(platform) {
  return /\bMac/i.test(String(platform || ''));
}

export const onMac = typeof navigator !== 'undefined' && isMacPlatform(navigator.platform || navigator.userAgent);

/** The name of a key as written in a `<kbd>`, for this computer. */
export function keyName(name, mac = onMac) {
  if (!mac) return name;
  return { Ctrl: '⌘', Alt: '⌥' }[name] ?? name;
}

/** A shortcut written out for a sentence, e.g. `shortcut('Ctrl', 'D')` → "Ctrl+D" or "⌘D". */
export function shortcut(modifier, key, mac = onMac) {
  return mac ? `${keyName(modifier, mac)}${key}` : `${modifier}+${key}`;
}

/** Whether `event` is Alt/Option + the letter `letter`, with no other modifier, on any keyboard layout. */
export function isAltLetter(event, letter) {
  if (!event.altKey || event.ctrlKey || event.metaKey) return false;
  const typed = typeof event.key === 'string' && /^[a-z]$/i.test(event.key) ? event.key.toLowerCase() : null;
  return typed ? typed === letter.toLowerCase() : event.code === `Key${letter.toUpperCase()}`;
}

/**
 * Rewrites the `<kbd>` names under `root` for this computer, and takes out what does not apply to it:
 * `[data-not-mac]` on a Mac, `[data-mac-only]` elsewhere.
 */
export function labelKeys(root, mac = onMac) {
  for (const kbd of root.querySelectorAll('kbd')) {
    const name = keyName(kbd.textContent, mac);
    if (name !== kbd.textContent) {
      kbd.textContent = name;
      kbd.title = name === '⌘' ? 'Command' : 'Option';
    }
  }
  for (const el of root.querySelectorAll(mac ? '[data-not-mac]' : '[data-mac-only]')) el.remove();
}
