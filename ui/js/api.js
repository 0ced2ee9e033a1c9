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
