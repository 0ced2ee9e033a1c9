// Reading preferences: the theme, the reading options (reading-options.js) and focus mode. Stored in the
// library file through the core, applied to the document as data attributes and CSS custom properties.

import { call } from './api.js';
import { h, toast } from './dom.js';
import { keyName } from './keys.js';
import { FONT_MAX, FONT_MIN, FONTS, LINE_HEIGHTS, PARAGRAPHS, SPACINGS, WIDTHS, readingFields } from './reading-options.js';

export const THEMES = [
  ['system', 'Match the system'],
  ['light', 'Light'],
  ['dark', 'Dark'],
  ['sepia', 'Sepia'],
];
const DEFAULTS = {
  theme: 'system', font_size: '18', line_width: 'comfortable', reading_font: 'serif', line_height: 'comfortable',
  spacing: 'normal', paragraph_spacing: 'normal', focus_mode: 'off', single_key_shortcuts: 'on',
  window_titles: 'off', lock_after_minutes: '10',
};
const ON_OFF = [['on', 'On'], ['off', 'Off']];

/** The option `id` in `list`, else the list's default (its entry for `fallback`). */
const pick = (list, id, fallback) => list.find(([key]) => key === id) || list.find(([key]) => key === fallback);

let values = { ...DEFAULTS };
const systemDark = window.matchMedia('(prefers-color-scheme: dark)');

/** The palette to show: the chosen theme, or for "system" the system's current light or dark mode. */
function resolveScheme(theme) {
  if (theme !== 'system') return theme;
  return systemDark.matches ? 'dark' : 'light';
}

systemDark.addEventListener('change', () => apply(values));

export function apply(settings) {
  values = { ...DEFAULTS, ...settings };
  const root = document.documentElement;
  root.dataset.theme = THEMES.some(([id]) => id === values.theme) ? values.theme : 'system';
  root.dataset.scheme = resolveScheme(root.dataset.theme);
  const size = Math.min(FONT_MAX, Math.max(FONT_MIN, Number(values.font_size) || 18));
  root.style.setProperty('--reader-font-size', `${size}px`);
  root.style.setProperty('--reader-width', pick(WIDTHS, values.line_width, 'comfortable')[2]);
  root.style.setProperty('--reading-font', `var(--reading-font-${pick(FONTS, values.reading_font, 'serif')[0]})`);
  root.style.setProperty('--reader-line-height', pick(LINE_HEIGHTS, values.line_height, 'comfortable')[2]);
  const [, , letters, words] = pick(SPACINGS, values.spacing, 'normal');
  root.style.setProperty('--reader-letter-spacing', letters);
  root.style.setProperty('--reader-word-spacing', words);
  root.style.setProperty('--reader-paragraph-gap', pick(PARAGRAPHS, values.paragraph_spacing, 'normal')[2]);
  root.dataset.focus = values.focus_mode === 'on' ? 'on' : 'off';
}

/** Whether focus mode (the reader without the header and sidebar) is on. */
export function focusMode() {
  return values.focus_mode === 'on';
}

/** The reading options' fields, saving and previewing through these settings (Settings and the reader's popover). */
export function readingOptionFields(prefix) {
  return readingFields(prefix, values, { save, preview: (key, value) => apply({ ...values, [key]: value }) });
}

/** The settings as they are now. */
export function current() {
  return { ...values };
}

/** Minutes without use after which a locked library locks again; `null` for never. */
export function lockAfterMinutes() {
  const minutes = Number(values.lock_after_minutes);
  return values.lock_after_minutes === 'never' || !(minutes > 0) ? null : minutes;
}

/** Whether the window's title may name what is being read (off unless the reader turned it on). */
export function windowTitles() {
  return values.window_titles === 'on';
}

/** Whether the one-key shortcuts (/ j k ?) are on. */
export function singleKeyShortcuts() {
  return values.single_key_shortcuts !== 'off';
}

export async function load() {
  try {
    apply(await call('get_settings'));
  } catch {
    apply({});
  }
}

// Saves go to the library one after another, in the order they were made: two quick changes of the same
// setting (a voice, then a speed, both saving the pair) must never be stored the wrong way round.
let saving = Promise.resolve();

export function save(key, value) {
  apply({ ...values, [key]: value });
  saving = saving
    .then(() => call('set_setting', { key, value: String(value) }))
    .catch(() => toast('That setting couldn’t be saved. It will last until Haven closes.'));
  return saving;
}

function radioGroup(name, legend, options, selected) {
  return h('fieldset', { class: 'setting' },
    h('legend', {}, legend),
    h('div', { class: 'choices' }, options.map(([id, label]) => h('label', { class: 'choice' },
      h('input', { type: 'radio', name, value: id, checked: id === selected, onchange: () => save(name, id) }),
      h('span', {}, label)))));
}

export function renderSettings(main) {
  main.append(h('section', { class: 'settings page' },
    h('h1', { tabindex: '-1' }, 'Settings'),
    h('p', { class: 'page-lead' }, 'Make reading comfortable. Changes are saved in your library right away.'),
    radioGroup('theme', 'Theme', THEMES, values.theme),
    ...readingOptionFields(''),
    h('fieldset', { class: 'setting' },
      h('legend', {}, 'Single-key shortcuts'),
      h('p', { class: 'field-hint', id: 'single-keys-hint' }, `The keys / (search), j and k (move through lists) and ? (all shortcuts). Turn them off if you use speech input or press keys by accident. ${keyName('Ctrl')} shortcuts and F1 always work.`),
      h('div', { class: 'choices' }, ON_OFF.map(([id, label]) => h('label', { class: 'choice' },
        h('input', { type: 'radio', name: 'single_key_shortcuts', value: id, checked: id === (values.single_key_shortcuts === 'off' ? 'off' : 'on'), 'aria-describedby': 'single-keys-hint', onchange: () => save('single_key_shortcuts', id) }),
        h('span', {}, label))))),
    h('div', { class: 'setting-preview prose', role: 'group', 'aria-label': 'Preview of the reading text' },
      h('p', {}, 'Recovery rarely runs in a straight line. Small, steady steps — a regular bedtime, a walk, a call ' +
        'to someone who listens — add up, even on the days they feel like nothing at all.'))));
}
