// The reading options: what each choice means (the lists below, applied as CSS custom properties by
// settings.js), and the form fields for them, the same in Settings and in the reader's "Text" popover: font,
// text size, line height, letter and word spacing, paragraph spacing and line width. Letter and word spacing are
// one choice: extra letter spacing helps dyslexic readers only when the space between words grows with it.

import { h } from './dom.js';

export const FONT_MIN = 14;
export const FONT_MAX = 28;
/** [id, label]: the CSS stacks are `--reading-font-<id>` in styles.css. */
export const FONTS = [
  ['serif', 'Serif'],
  ['sans', 'Sans serif'],
  ['atkinson', 'Atkinson Hyperlegible'],
];
export const LINE_HEIGHTS = [
  ['compact', 'Compact', '1.5'],
  ['comfortable', 'Comfortable', '1.7'],
  ['airy', 'Airy', '1.95'],
];
/** [id, label, letter spacing, word spacing] */
export const SPACINGS = [
  ['normal', 'Normal', 'normal', 'normal'],
  ['wide', 'Wider', '0.04em', '0.14em'],
  ['wider', 'Widest', '0.08em', '0.28em'],
];
export const PARAGRAPHS = [
  ['normal', 'Normal', '1em'],
  ['more', 'More', '1.6em'],
  ['most', 'Most', '2.2em'],
];
export const WIDTHS = [
  ['narrow', 'Narrow', '55ch'],
  ['comfortable', 'Comfortable', '65ch'],
  ['wide', 'Wide', '78ch'],
];

function radioGroup(prefix, name, legend, options, selected, save, classOf) {
  return h('fieldset', { class: 'setting' },
    h('legend', {}, legend),
    h('div', { class: 'choices' }, options.map(([id, label]) => h('label', { class: 'choice' },
      h('input', { type: 'radio', name: `${prefix}${name}`, value: id, checked: id === selected, onchange: () => save(name, id) }),
      h('span', classOf ? { class: classOf(id) } : {}, label)))));
}

function sizeField(prefix, values, { save, preview }) {
  const size = Number(values.font_size) || 18;
  const id = `${prefix}font-size`;
  const output = h('output', { for: id, id: `${id}-value` }, `${size} px`);
  return h('div', { class: 'setting' },
    h('label', { for: id, class: 'setting-label' }, 'Text size'),
    h('div', { class: 'range-row' },
      h('span', { 'aria-hidden': 'true', class: 'size-small' }, 'A'),
      h('input', {
        type: 'range', id, min: FONT_MIN, max: FONT_MAX, step: 1, value: size,
        oninput: (e) => { output.textContent = `${e.target.value} px`; preview('font_size', e.target.value); },
        onchange: (e) => save('font_size', e.target.value),
      }),
      h('span', { 'aria-hidden': 'true', class: 'size-large' }, 'A'),
      output));
}

/**
 * The fields for `values`; `save(key, value)` keeps a choice, `preview(key, value)` shows one while the size
 * slider moves. Names and ids are prefixed with `prefix`, so two sets never clash in one page.
 */
export function readingFields(prefix, values, { save, preview }) {
  // Each font's name is written in that font, so the choice shows what it gives.
  return [
    radioGroup(prefix, 'reading_font', 'Font', FONTS, values.reading_font, save, (id) => `font-sample font-${id}`),
    sizeField(prefix, values, { save, preview }),
    radioGroup(prefix, 'line_height', 'Line height', LINE_HEIGHTS, values.line_height, save),
    radioGroup(prefix, 'spacing', 'Letter and word spacing', SPACINGS, values.spacing, save),
    radioGroup(prefix, 'paragraph_spacing', 'Space between paragraphs', PARAGRAPHS, values.paragraph_spacing, save),
    radioGroup(prefix, 'line_width', 'Line width', WIDTHS, values.line_width, save),
  ];
}
