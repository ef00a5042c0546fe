/**
 * The webview's side of the host channel: a typed wrapper over `acquireVsCodeApi()` (which VS Code lets a
 * webview call only once) and over the `message` events the host posts.
 */
import type { HostMessage, WebviewMessage, WebviewPersisted } from '../src/protocol.js';

/** What VS Code injects into a webview (only the parts used here). */
export interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

/** The typed channel every view talks through; tests pass a stub. */
export interface HostChannel {
  post(message: WebviewMessage): void;
  load(): WebviewPersisted;
  save(state: WebviewPersisted): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

let acquired: VsCodeApi | null = null;

/**
 * The page's VS Code API, acquired once; a clear error outside a VS Code webview.
 *
 * @example
 * const channel = hostChannel(vscodeApi());
 */
export function vscodeApi(): VsCodeApi {
  if (acquired) return acquired;
  if (typeof acquireVsCodeApi !== 'function') {
    throw new Error('acquireVsCodeApi is not defined: this script runs only inside a VS Code webview');
  }
  acquired = acquireVsCodeApi();
  return acquired;
}

/**
 * A typed channel over a VS Code API; `load` tolerates a missing or foreign saved state.
 *
 * @example
 * const channel = hostChannel(vscodeApi());
 * channel.post({ type: 'ready' });
 */
export function hostChannel(api: VsCodeApi): HostChannel {
  return {
    post: (message) => api.postMessage(message),
    load: () => persistedFrom(api.getState()),
    save: (state) => api.setState(state),
  };
}

/**
 * A saved state checked field by field: whatever is malformed falls back to its default.
 *
 * @example
 * persistedFrom(undefined) // → { selectedId: null, drafts: {} }
 */
export function persistedFrom(raw: unknown): WebviewPersisted {
  const out: WebviewPersisted = { selectedId: null, drafts: {} };
  if (!raw || typeof raw !== 'object') return out;
  const r = raw as Record<string, unknown>;
  if (typeof r.selectedId === 'string') out.selectedId = r.selectedId;
  if (r.drafts && typeof r.drafts === 'object') {
    for (const [id, text] of Object.entries(r.drafts as Record<string, unknown>)) {
      if (typeof text === 'string') out.drafts[id] = text;
    }
  }
  if (typeof r.section === 'string') out.section = r.section;
  return out;
}

const HOST_TYPES = new Set(['inbox', 'dashboard', 'cost', 'decided', 'select']);

/**
 * Listens for host messages on `target` (the window); anything that is not a HostMessage is ignored.
 * Returns the function that stops listening.
 *
 * @example
 * const stop = onHostMessage(window, (m) => { if (m.type === 'inbox') render(m.state); });
 */
export function onHostMessage(target: Window, handler: (message: HostMessage) => void): () => void {
  const listener = (event: MessageEvent): void => {
    const data: unknown = event.data;
    if (!data || typeof data !== 'object') return;
    const type = (data as { type?: unknown }).type;
    if (typeof type === 'string' && HOST_TYPES.has(type)) handler(data as HostMessage);
  };
  target.addEventListener('message', listener);
  return () => target.removeEventListener('message', listener);
}
