// Reading preferences: theme, font size and line width. Stored in the library file through the core, applied
// to the document as a data attribute and CSS custom properties.

import { call } from './api.js';
import { h, toast } from './dom.js';
import { keyName } from './keys.js';

export const THEMES = [
  ['system', 'Match the system'],
  ['light', 'Light'],
  ['dark', 'Dark'],
  ['sepia', 'Sepia'],
];
export const WIDTHS = [
  ['narrow', 'Narrow', '55ch'],
  ['comfortable', 'Comfortable', '65ch'],
  ['wide', 'Wide', '78ch'],
];
const DEFAULTS = { theme: 'system', font_size: '18', line_width: 'comfortable', single_key_shortcuts: 'on', window_titles: 'off', lock_after_minutes: '10' };
const ON_OFF = [['on', 'On'], ['off', 'Off']];
const FONT_MIN = 14;
const FONT_MAX = 26;

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
  const width = WIDTHS.find(([id]) => id === values.line_width) || WIDTHS[1];
  root.style.setProperty('--reader-width', width[2]);
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

export async function save(key, value) {
  apply({ ...values, [key]: value });
  try {
    await call('set_setting', { key, value: String(value) });
  } catch {
    toast('That setting couldn’t be saved. It will last until Haven closes.');
  }
}

function radioGroup(name, legend, options, selected) {
  return h('fieldset', { class: 'setting' },
    h('legend', {}, legend),
    h('div', { class: 'choices' }, options.map(([id, label]) => h('label', { class: 'choice' },
      h('input', { type: 'radio', name, value: id, checked: id === selected, onchange: () => save(name, id) }),
      h('span', {}, label)))));
}

export function renderSettings(main) {
  const size = Number(values.font_size) || 18;
  const sizeOutput = h('output', { for: 'font-size', id: 'font-size-value' }, `${size} px`);
  main.append(h('section', { class: 'settings page' },
    h('h1', { tabindex: '-1' }, 'Settings'),
    h('p', { class: 'page-lead' }, 'Make reading comfortable. Changes are saved in your library right away.'),
    radioGroup('theme', 'Theme', THEMES, values.theme),
    h('div', { class: 'setting' },
      h('label', { for: 'font-size', class: 'setting-label' }, 'Text size'),
      h('div', { class: 'range-row' },
        h('span', { 'aria-hidden': 'true', class: 'size-small' }, 'A'),
        h('input', {
          type: 'range', id: 'font-size', min: FONT_MIN, max: FONT_MAX, step: 1, value: size,
          oninput: (e) => { sizeOutput.textContent = `${e.target.value} px`; apply({ ...values, font_size: e.target.value }); },
          onchange: (e) => save('font_size', e.target.value),
        }),
        h('span', { 'aria-hidden': 'true', class: 'size-large' }, 'A'),
        sizeOutput)),
    radioGroup('line_width', 'Line width', WIDTHS, values.line_width),
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
