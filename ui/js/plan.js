// My plan: the reader's own safety plan (the seven Stanley–Brown steps, and an optional relapse prevention
// plan), saved entry by entry as they type, printable and savable as Markdown. Reached from Help now, or Alt+P.
//
// What the reader types is only ever set as a field's value or as text: never as markup. Saving is at most
// SAVE_AFTER_MS behind the last keystroke, and is flushed when a field loses focus or the screen is left.

import { call } from './api.js';
import { announce, h, toast } from './dom.js';
import { helplines } from './help.js';

const SAVE_AFTER_MS = 400;

/** Entries waiting to be saved: flushed together when the screen is left. */
const pending = new Map();

export async function renderPlan(main) {
  let steps;
  let lines = [];
  try {
    [steps, { lines }] = await Promise.all([call('plan'), helplines().catch(() => ({ lines: [] }))]);
  } catch (error) {
    main.append(h('section', { class: 'state state-error page', role: 'alert' },
      h('h1', { tabindex: '-1' }, 'Your plan couldn’t be opened'),
      h('p', {}, error.message),
      h('p', {}, h('a', { class: 'button', href: '#/help' }, 'Help now'))));
    return () => {};
  }
  const status = h('p', { class: 'plan-status', role: 'status' });
  const core = steps.filter((s) => !s.relapse);
  const relapse = steps.filter((s) => s.relapse);
  const printable = h('div', { class: 'plan-print', 'aria-hidden': 'true' });
  const page = h('article', { class: 'plan page', 'aria-labelledby': 'plan-title' },
    h('header', { class: 'page-head' },
      h('h1', { id: 'plan-title', tabindex: '-1' }, 'My plan'),
      h('span', { class: 'plan-tools' },
        h('button', { class: 'button', type: 'button', onclick: () => { flushAll(); window.print(); } }, 'Print…'),
        h('button', { class: 'button', type: 'button', onclick: () => exportPlan() }, 'Save as Markdown…'))),
    h('p', { class: 'page-lead' },
      'A plan for hard moments, in your own words. Fill in what fits and leave the rest: everything is saved as you ',
      'type, and stays on this computer. It can help to make it with someone you trust, and to keep a copy where you can find it.'),
    status,
    core.map((step, n) => stepView(step, `Step ${n + 1}`, status, lines)),
    h('details', { class: 'plan-relapse', open: relapse.some((s) => s.items.length) },
      h('summary', {}, h('span', { class: 'plan-relapse-title' }, 'If you are in recovery from alcohol or drugs'),
        h('span', { class: 'field-hint' }, ' A relapse prevention plan, if it helps.')),
      relapse.map((step) => stepView(step, null, status, lines))),
    h('p', { class: 'disclaimer' }, 'If you are in danger now, call your local emergency number. ',
      h('a', { href: '#/help' }, 'All the crisis lines are in Help now.')));
  main.append(page, printable);
  const beforePrint = () => { flushAll(); fillPrintable(printable, page, lines); };
  window.addEventListener('beforeprint', beforePrint);
  return () => {
    window.removeEventListener('beforeprint', beforePrint);
    flushAll();
  };
}

function stepView(step, number, status, lines) {
  const list = h('ol', { class: 'plan-entries' });
  const add = () => {
    const entry = entryView(step, null, status, list);
    list.append(entry);
    entry.querySelector('textarea, input').focus();
  };
  if (step.items.length) {
    for (const item of step.items) list.append(entryView(step, item, status, list));
  } else {
    list.append(entryView(step, null, status, list));
  }
  const headingId = `plan-${step.section}`;
  return h('section', { class: 'plan-step', 'aria-labelledby': headingId, dataset: { section: step.section } },
    h('h2', { id: headingId }, number ? h('span', { class: 'plan-step-number' }, `${number} `) : null, step.title),
    h('p', { class: 'plan-prompt' }, step.prompt),
    list,
    h('button', { class: 'link-button plan-add', type: 'button', onclick: add }, step.has_phone ? 'Add someone' : 'Add another'),
    step.section === 'professionals' && lines.length ? crisisLines(lines) : null);
}

/** The crisis lines, under the reader's own professionals: from Help now's list, never typed in by hand. */
function crisisLines(lines) {
  return h('div', { class: 'plan-crisis' },
    h('h3', {}, 'Crisis lines, any time'),
    h('ul', {}, lines.filter((l) => l.region !== 'Anywhere').map((l) => h('li', {},
      h('span', { class: 'plan-crisis-name' }, `${l.name}, ${l.region}`),
      h('span', { class: 'plan-phone-text' }, l.how)))));
}

/** One entry: a text field (with a phone field beside it for people and services), saved as it is typed. */
function entryView(step, item, status, list) {
  const state = { id: item ? item.id : null, creating: null };
  const index = () => [...list.children].indexOf(li) + 1;
  const text = step.has_phone
    ? h('input', { type: 'text', class: 'plan-name', maxlength: 2000, value: item ? item.text : '', autocomplete: 'off' })
    : h('textarea', { class: 'plan-text', rows: 2, maxlength: 200000 });
  if (!step.has_phone) text.value = item ? item.text : '';
  const phone = step.has_phone
    ? h('input', { type: 'tel', class: 'plan-phone', maxlength: 80, value: item ? item.phone : '', autocomplete: 'off' })
    : null;
  const label = () => {
    text.setAttribute('aria-label', step.has_phone ? `Name ${index()}, ${step.title}` : `${step.title}, entry ${index()}`);
    if (phone) phone.setAttribute('aria-label', `Phone number ${index()}, ${step.title}`);
  };
  const save = async () => {
    pending.delete(li);
    const values = { text: text.value, phone: phone ? phone.value : '' };
    try {
      if (state.id === null) {
        if (!values.text.trim() && !values.phone.trim()) return;
        // One entry is created once, however fast the keys come.
        state.creating = state.creating || call('add_plan_item', { section: step.section, ...values });
        state.id = (await state.creating).id;
        if (text.value !== values.text || (phone && phone.value !== values.phone)) schedule();
        return;
      }
      await call('set_plan_item', { id: state.id, ...values });
      status.textContent = 'Saved';
    } catch (error) {
      status.textContent = `Not saved: ${error.message}`;
      announce(status.textContent);
    }
  };
  let timer = 0;
  const schedule = () => {
    clearTimeout(timer);
    status.textContent = '';
    timer = setTimeout(save, SAVE_AFTER_MS);
    pending.set(li, () => { clearTimeout(timer); return save(); });
  };
  const grow = () => {
    if (text.tagName !== 'TEXTAREA') return;
    text.style.height = 'auto';
    text.style.height = `${text.scrollHeight + 2}px`;
  };
  const remove = async () => {
    const flush = pending.get(li);
    if (flush) await flush();
    const kept = { text: text.value, phone: phone ? phone.value : '' };
    if (state.id !== null) {
      try {
        await call('remove_plan_item', { id: state.id });
      } catch (error) {
        toast(`That entry couldn’t be removed: ${error.message}`);
        return;
      }
    }
    if (!kept.text.trim() && !kept.phone.trim()) {
      if (list.children.length > 1) li.remove(); else { text.value = ''; if (phone) phone.value = ''; state.id = null; }
      return;
    }
    // Removed, with a way back: the words come back as a new entry in the same place.
    const undo = h('button', { class: 'link-button', type: 'button' }, 'Undo');
    const gone = h('li', { class: 'plan-removed' }, h('span', {}, 'Entry removed. '), undo);
    li.replaceWith(gone);
    undo.focus();
    undo.addEventListener('click', async () => {
      const back = await call('add_plan_item', { section: step.section, ...kept });
      const entry = entryView(step, back, status, list);
      gone.replaceWith(entry);
      entry.querySelector('textarea, input').focus();
    });
    announce('Entry removed. Undo is next.');
  };
  const li = h('li', { class: `plan-entry${step.has_phone ? ' with-phone' : ''}` },
    text,
    phone,
    h('button', { class: 'link-button plan-remove', type: 'button', onclick: remove, 'aria-label': 'Remove this entry' }, 'Remove'));
  for (const field of [text, phone].filter(Boolean)) {
    field.addEventListener('input', () => { schedule(); grow(); });
    field.addEventListener('blur', () => pending.get(li)?.());
  }
  requestAnimationFrame(() => { label(); grow(); });
  return li;
}

function flushAll() {
  for (const flush of [...pending.values()]) flush();
}

async function exportPlan() {
  flushAll();
  try {
    const report = await call('export_plan');
    if (report) toast('Your plan was saved as Markdown');
  } catch (error) {
    toast(`Your plan couldn’t be saved: ${error.message}`);
  }
}

/** The plan as plain text for paper: each step's entries as they read now (fields print badly). */
function fillPrintable(printable, page, lines) {
  const steps = [...page.querySelectorAll('.plan-step')].map((section) => {
    const title = section.querySelector('h2').textContent;
    const entries = [...section.querySelectorAll('.plan-entry')].map((li) => {
      const [text, phone] = [...li.querySelectorAll('textarea, input')].map((f) => f.value.trim());
      return phone ? `${text}${text ? ': ' : ''}${phone}` : text;
    }).filter(Boolean);
    return { title, entries, professionals: section.dataset.section === 'professionals', relapse: Boolean(section.closest('.plan-relapse')) };
  });
  const relapseUsed = steps.some((s) => s.relapse && s.entries.length);
  printable.replaceChildren(
    h('h1', {}, 'My safety plan'),
    ...steps.filter((s) => !s.relapse || relapseUsed).map((s) => h('section', { class: 'plan-print-step' },
      h('h2', {}, s.title),
      h('ul', {}, (s.entries.length ? s.entries : ['']).map((e) => h('li', {}, e))),
      s.professionals ? h('ul', { class: 'plan-print-crisis' }, lines.filter((l) => l.region !== 'Anywhere').map((l) => h('li', {}, `${l.name} (${l.region}): ${l.how}`))) : null)),
    h('p', {}, 'In danger now: call your local emergency number.'));
}
