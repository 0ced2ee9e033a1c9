// The one place the UI talks to Haven's core. Every command goes through `call`, which turns a failure into a
// HavenError carrying the core's stable `kind`: screens switch on the kind, never on message text.

const tauri = window.__TAURI__;

export class HavenError extends Error {
  constructor(kind, message) {
    super(message);
    this.name = 'HavenError';
    this.kind = kind;
  }
}

export async function call(command, args = {}) {
  if (!tauri || !tauri.core) {
    throw new HavenError('unavailable', 'Haven’s window is not connected to its library.');
  }
  try {
    return await tauri.core.invoke(command, args);
  } catch (error) {
    if (error && typeof error === 'object' && typeof error.kind === 'string') {
      throw new HavenError(error.kind, String(error.message || ''));
    }
    throw new HavenError('unknown', typeof error === 'string' ? error : 'Something unexpected happened.');
  }
}

/** A channel a long-running command reports through; `onMessage` gets each message. */
export function channel(onMessage) {
  const ch = new tauri.core.Channel();
  ch.onmessage = onMessage;
  return ch;
}

/** Listens to one of the window's events (such as files dropped on it); resolves to a function that stops. */
export function listen(event, handler) {
  if (!tauri || !tauri.event) return Promise.resolve(() => {});
  return tauri.event.listen(event, (e) => handler(e.payload));
}
