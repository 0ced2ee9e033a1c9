// Help now: crisis and support lines by region, emergency numbers, the way into the reader's own safety plan,
// and a plain word that Haven does not replace professional care. The lines come from the core (the one list,
// also printed with the plan); everything here is in the app itself and works with no network.

import { call } from './api.js';
import { h } from './dom.js';
import { shortcut } from './keys.js';

/** The lines, asked for once: they are part of this build and never change while it runs. */
let lines = null;

export async function helplines() {
  if (!lines) lines = await call('helplines');
  return lines;
}

export async function renderHelp(main) {
  let data;
  try {
    data = await helplines();
  } catch {
    data = { checked: '', lines: [], emergency: [], mutual_help: [] };
  }
  const regions = [...new Set(data.lines.map((line) => line.region))];
  main.append(h('article', { class: 'help page' },
    h('h1', { tabindex: '-1' }, 'Help now'),
    h('section', { class: 'help-urgent', 'aria-labelledby': 'urgent-heading' },
      h('h2', { id: 'urgent-heading' }, 'If a life is in danger right now'),
      h('p', {}, 'Call your local emergency number, or go to the nearest emergency department.'),
      h('ul', { class: 'emergency-numbers' },
        data.emergency.map((e) => h('li', {}, h('strong', { class: 'number' }, e.number), ' ', h('span', {}, e.places))))),
    h('section', { class: 'help-plan', 'aria-labelledby': 'plan-heading' },
      h('h2', { id: 'plan-heading' }, 'Your plan for hard moments'),
      h('p', {}, 'Your warning signs, what helps, who to call and your reasons to keep going, written by you, in one place.'),
      h('a', { class: 'button primary', href: '#/plan', 'aria-keyshortcuts': 'Alt+P', title: shortcut('Alt', 'P') }, 'Open my plan')),
    h('p', { class: 'help-lead' },
      'You don’t have to be in immediate danger to reach out. These free, confidential lines are there for anyone ',
      'who is struggling, worried about someone else, or just needs to talk.'),
    regions.map((region) => h('section', { class: 'help-region', 'aria-label': region },
      h('h2', {}, region),
      h('ul', { class: 'helplines' },
        data.lines.filter((line) => line.region === region).map((line) => h('li', { class: 'helpline' },
          h('h3', {}, line.name),
          line.detail ? h('p', { class: 'helpline-detail' }, line.detail) : null,
          h('p', { class: 'helpline-how' }, line.how),
          line.hours ? h('p', { class: 'helpline-hours' }, line.hours) : null))))),
    h('section', { class: 'help-region', 'aria-labelledby': 'mutual-heading' },
      h('h2', { id: 'mutual-heading' }, 'Mutual-help groups'),
      h('p', {}, 'Not crisis lines, but steady company on the way: meetings in person and online.'),
      h('ul', { class: 'mutual-help' }, data.mutual_help.map((g) => h('li', {}, h('strong', {}, g.name), ` — ${g.site}`)))),
    data.checked ? h('p', { class: 'help-checked' }, `These numbers were last checked in ${data.checked}.`) : null,
    h('p', { class: 'disclaimer' },
      'Haven offers information, not medical advice, and is not a substitute for professional care. ',
      'If you are worried about your health or your safety, please talk to a doctor, a counsellor or one of the lines above.')));
}
