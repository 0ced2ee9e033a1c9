// Read aloud in the reader: the Listen button, the bar of controls that appears while reading, and the highlight
// on the sentence being read. The speaking is done in Rust by the system's own voice (see read_aloud.rs): this
// module asks it to start, pause, resume, skip or stop, and follows its `read-aloud` events.
//
// Sentences arrive as character offsets (code points) into the article body's text, as highlights do; the
// highlight is drawn with the CSS Custom Highlight API, so the article's DOM is never changed.

import { call, listen } from './api.js';
import { announce, h } from './dom.js';
import { isAltLetter } from './keys.js';
import { page } from './page.js';
import { current, save as saveSetting } from './settings.js';
import { offsetOf, rangeOf } from './text-offsets.js';

export const SPEEDS = [0.5, 0.75, 1, 1.25, 1.5, 1.75, 2];
const HIGHLIGHT = 'read-aloud';

/** Characters of `root`'s text before the first block the reader can see in `scroller`; 0 at the top. */
function visibleOffset(root, scroller) {
  if (scroller.scrollTop < 40) return 0;
  const top = scroller.getBoundingClientRect().top;
  const block = [...root.querySelectorAll('p, li, h2, h3, h4, blockquote, td, pre')]
    .find((el) => el.getBoundingClientRect().bottom > top + 8);
  return block ? offsetOf(root, block, 0) : 0;
}

/** Scrolls `scroller` so `rect` sits in its upper third, unless it is already comfortably in view. */
function keepInView(scroller, rect) {
  const view = scroller.getBoundingClientRect();
  if (rect.top >= view.top + 24 && rect.bottom <= view.bottom - 24) return;
  const calm = matchMedia('(prefers-reduced-motion: reduce)').matches;
  scroller.scrollBy({ top: rect.top - view.top - view.height / 3, behavior: calm ? 'instant' : 'smooth' });
}

const speedLabel = (speed) => `${speed}×`;

/**
 * The reader's read-aloud: a Listen button for the toolbar and a bar shown while reading. `prose` is the
 * article body, `title` its heading, `scroller` what scrolls. The bar goes in the page's player slot. Returns
 * { button, stop }: `stop` ends reading, the listening and the bar (the reader calls it when the article is left).
 */
export function readAloud(article, { prose, title, scroller }) {
  let state = 'stopped';
  let voicesLoaded = false;
  const saved = current();
  const speed = h('select', { id: 'read-aloud-speed', class: 'select' },
    SPEEDS.map((s) => h('option', { value: String(s), selected: String(s) === (saved.read_aloud_speed || '1') }, speedLabel(s))));
  const voice = h('select', { id: 'read-aloud-voice', class: 'select' },
    h('option', { value: '' }, 'System voice'));
  const position = h('span', { class: 'read-aloud-position' });
  const pause = h('button', { class: 'button read-aloud-pause', type: 'button', 'aria-keyshortcuts': 'Alt+L' }, 'Pause');
  const problem = h('div', { class: 'read-aloud-problem', hidden: true },
    h('p', { class: 'read-aloud-problem-title' }),
    h('p', { class: 'read-aloud-problem-text' }),
    h('button', { class: 'button', type: 'button', onclick: () => closeProblem() }, 'Close'));
  const controls = h('div', { class: 'read-aloud-controls' },
    h('button', { class: 'button', type: 'button', onclick: () => control('previous') }, 'Previous paragraph'),
    pause,
    h('button', { class: 'button', type: 'button', onclick: () => control('next') }, 'Next paragraph'),
    h('span', { class: 'read-aloud-field' }, h('label', { for: 'read-aloud-speed' }, 'Speed'), speed),
    h('span', { class: 'read-aloud-field' }, h('label', { for: 'read-aloud-voice' }, 'Voice'), voice),
    h('button', { class: 'button', type: 'button', onclick: () => control('stop') }, 'Stop'),
    position);
  const bar = h('section', { class: 'read-aloud-bar', 'aria-label': 'Read aloud', hidden: true }, controls, problem);
  // Below the article, not over it: the slot under the main area.
  page.playerSlot.replaceChildren(bar);
  const button = h('button', { class: 'button read-aloud-button', type: 'button', 'aria-keyshortcuts': 'Alt+L', onclick: () => listenOrPause() },
    h('span', { 'aria-hidden': 'true' }, '▶ '), 'Listen');

  function showProblem(title, message) {
    bar.hidden = false;
    controls.hidden = true;
    problem.hidden = false;
    problem.querySelector('.read-aloud-problem-title').textContent = title;
    problem.querySelector('.read-aloud-problem-text').textContent = message;
    problem.querySelector('button').focus();
  }

  function closeProblem() {
    problem.hidden = true;
    controls.hidden = false;
    bar.hidden = state === 'stopped' || state === 'finished';
    button.focus();
  }

  async function start() {
    try {
      await call('read_aloud', {
        slug: article.slug,
        from: visibleOffset(prose, scroller),
        speed: Number(speed.value),
        voice: voice.value || current().read_aloud_voice || '',
      });
      loadVoices();
    } catch (error) {
      showProblem(error.kind === 'speech_unavailable' ? 'Read aloud needs a voice' : 'Read aloud couldn’t start', error.message);
    }
  }

  function control(action) {
    call('read_aloud_control', { action }).catch(() => {});
  }

  function listenOrPause() {
    if (state === 'playing') control('pause');
    else if (state === 'paused') control('resume');
    else start();
  }

  async function loadVoices() {
    if (voicesLoaded) return;
    voicesLoaded = true;
    try {
      const voices = await call('read_aloud_voices', { language: article.language || 'en' });
      const chosen = saved.read_aloud_voice || '';
      voice.replaceChildren(h('option', { value: '' }, 'System voice'),
        ...voices.map((v) => h('option', { value: v.id, selected: v.id === chosen }, v.name)));
    } catch {
      voicesLoaded = false;
    }
  }

  const changeVoice = () => {
    saveSetting('read_aloud_speed', speed.value);
    saveSetting('read_aloud_voice', voice.value);
    call('read_aloud_voice', { speed: Number(speed.value), voice: voice.value }).catch(() => {});
  };
  speed.addEventListener('change', changeVoice);
  voice.addEventListener('change', changeVoice);
  pause.addEventListener('click', () => control(state === 'playing' ? 'pause' : 'resume'));

  const highlights = globalThis.CSS?.highlights;
  let marked = null; // the element marked instead, where the Highlight API is missing
  function mark(progress) {
    const range = progress.title ? rangeOf(title, 0, [...title.textContent].length) : rangeOf(prose, progress.start, progress.end);
    unmark();
    if (!range) return;
    if (highlights) {
      highlights.set(HIGHLIGHT, new Highlight(range));
    } else {
      marked = range.startContainer.parentElement.closest('p, li, h1, h2, h3, h4, blockquote, td, pre');
      marked?.classList.add('read-aloud-current');
    }
    if (progress.state === 'playing') keepInView(scroller, range.getBoundingClientRect());
  }
  function unmark() {
    highlights?.delete(HIGHLIGHT);
    marked?.classList.remove('read-aloud-current');
    marked = null;
  }

  const said = { playing: 'Reading aloud', paused: 'Paused', stopped: 'Stopped reading aloud', finished: 'Finished reading aloud' };
  function follow(progress) {
    if (progress.slug !== article.slug) return;
    const was = state;
    state = progress.state;
    const reading = state === 'playing' || state === 'paused';
    bar.hidden = !reading && problem.hidden;
    bar.dataset.state = state;
    document.body.classList.toggle('reading-aloud', reading);
    pause.textContent = state === 'paused' ? 'Resume' : 'Pause';
    button.lastChild.textContent = state === 'playing' ? 'Pause reading' : state === 'paused' ? 'Resume reading' : 'Listen';
    button.firstChild.textContent = state === 'playing' ? '❚❚ ' : '▶ ';
    position.textContent = reading ? `Sentence ${progress.index + 1} of ${progress.count}` : '';
    if (reading) mark(progress);
    else unmark();
    if (progress.message) showProblem('Reading aloud stopped', progress.message);
    // State changes are announced; each new sentence is not (a screen reader would talk over the voice).
    if (state !== was) announce(said[state]);
    if (!reading && bar.contains(document.activeElement)) button.focus();
  }
  const unlisten = listen('read-aloud', follow);

  const onKey = (event) => {
    if (isAltLetter(event, 'l') && !document.querySelector('dialog[open]')) {
      event.preventDefault();
      listenOrPause();
    }
  };
  document.addEventListener('keydown', onKey);
  // A hidden or minimized window stops the voice: nobody is looking, and someone else may be listening.
  const onVisibility = () => {
    if (document.hidden && (state === 'playing' || state === 'paused')) control('stop');
  };
  document.addEventListener('visibilitychange', onVisibility);

  return {
    button,
    stop() {
      if (state === 'playing' || state === 'paused') control('stop');
      unmark();
      document.body.classList.remove('reading-aloud');
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('visibilitychange', onVisibility);
      unlisten.then((off) => off());
      bar.remove();
    },
  };
}
