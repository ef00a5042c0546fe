/**
 * `inbox watch` as data: the screen state, the keys, and what a key press does. Pure, so every key
 * binding is unit-tested; watch.ts does the I/O.
 */
import { defaultAlwaysPattern } from '../../engine/runtime/inbox.js';
import type { ApprovalItem } from '../../engine/store/repos.js';

export type Key =
  | { name: 'up' | 'down' | 'enter' | 'escape' | 'backspace' | 'ctrl-c' }
  | { name: 'char'; ch: string };

export type Prompt = { kind: 'deny'; id: string; text: string } | { kind: 'always'; id: string; text: string };

export interface WatchState {
  /** Pending items, newest first. */
  items: ApprovalItem[];
  /** The selected item's id (kept across refreshes). */
  selected: string | null;
  prompt: Prompt | null;
  /** One line of feedback: the last decision, or what went wrong. */
  message: string;
}

export type Effect =
  | { kind: 'decide'; id: string; status: 'approved' | 'denied'; reason: string; pattern?: string }
  | { kind: 'quit' };

export const APPROVE_REASON = 'approved in task-orchestrator inbox watch';

export function initialState(): WatchState {
  return { items: [], selected: null, prompt: null, message: '' };
}

/** Splits what the terminal sent (one read may hold several keys) into keys. */
export function parseKeys(data: string): Key[] {
  const keys: Key[] = [];
  for (let i = 0; i < data.length; ) {
    const rest = data.slice(i);
    const arrow = /^\x1b[[O]([AB])/.exec(rest);
    if (arrow) {
      keys.push({ name: arrow[1] === 'A' ? 'up' : 'down' });
      i += arrow[0].length;
      continue;
    }
    const other = /^\x1b\[[0-9;]*[~A-Za-z]/.exec(rest); // other escape sequences: ignored
    if (other) {
      i += other[0].length;
      continue;
    }
    const ch = String.fromCodePoint(rest.codePointAt(0) ?? 0);
    i += ch.length;
    if (ch === '\x1b') keys.push({ name: 'escape' });
    else if (ch === '\r' || ch === '\n') keys.push({ name: 'enter' });
    else if (ch === '\x7f' || ch === '\b') keys.push({ name: 'backspace' });
    else if (ch === '\x03') keys.push({ name: 'ctrl-c' });
    else if (ch >= ' ') keys.push({ name: 'char', ch });
  }
  return keys;
}

/** New pending items from a refresh; the selection stays on the same item, or moves to the first. */
export function withItems(state: WatchState, items: ApprovalItem[]): WatchState {
  const selected = items.some((i) => i.id === state.selected) ? state.selected : (items[0]?.id ?? null);
  const prompt = state.prompt && items.some((i) => i.id === state.prompt?.id) ? state.prompt : null;
  const message = state.prompt && !prompt ? 'That item is no longer pending (decided elsewhere, or it expired).' : state.message;
  return { ...state, items, selected, prompt, message };
}

export function selectedItem(state: WatchState): ApprovalItem | undefined {
  return state.items.find((i) => i.id === state.selected);
}

/** What one key does: a new state, and possibly an effect for the driver to carry out. */
export function onKey(state: WatchState, key: Key): { state: WatchState; effect?: Effect } {
  if (key.name === 'ctrl-c') return { state, effect: { kind: 'quit' } };
  return state.prompt ? onPromptKey(state, state.prompt, key) : onListKey(state, key);
}

function onListKey(state: WatchState, key: Key): { state: WatchState; effect?: Effect } {
  const index = state.items.findIndex((i) => i.id === state.selected);
  const move = (d: number) => ({ state: { ...state, selected: state.items[Math.max(0, Math.min(state.items.length - 1, index + d))]?.id ?? null } });
  if (key.name === 'down' || (key.name === 'char' && key.ch === 'j')) return move(1);
  if (key.name === 'up' || (key.name === 'char' && key.ch === 'k')) return move(-1);
  if (key.name !== 'char') return { state };
  if (key.ch === 'q') return { state, effect: { kind: 'quit' } };
  const item = selectedItem(state);
  if (!item) return ['a', 'A', 'd'].includes(key.ch) ? { state: { ...state, message: 'Nothing to decide.' } } : { state };
  switch (key.ch) {
    case 'a':
      return { state: { ...state, message: `Approving ${item.id}…` }, effect: { kind: 'decide', id: item.id, status: 'approved', reason: APPROVE_REASON } };
    case 'A':
      return { state: { ...state, prompt: { kind: 'always', id: item.id, text: defaultAlwaysPattern(item.summary) }, message: '' } };
    case 'd':
      return { state: { ...state, prompt: { kind: 'deny', id: item.id, text: '' }, message: '' } };
    default:
      return { state };
  }
}

function onPromptKey(state: WatchState, prompt: Prompt, key: Key): { state: WatchState; effect?: Effect } {
  switch (key.name) {
    case 'escape':
      return { state: { ...state, prompt: null, message: 'Cancelled.' } };
    case 'backspace':
      return { state: { ...state, prompt: { ...prompt, text: [...prompt.text].slice(0, -1).join('') } } };
    case 'char':
      return { state: { ...state, prompt: { ...prompt, text: prompt.text + key.ch } } };
    case 'enter': {
      const text = prompt.text.trim();
      if (text === '') {
        return { state: { ...state, message: prompt.kind === 'deny' ? 'Type a reason (Claude is told why), or Esc to cancel.' : 'The pattern must not be empty.' } };
      }
      const effect: Effect = prompt.kind === 'deny'
        ? { kind: 'decide', id: prompt.id, status: 'denied', reason: text }
        : { kind: 'decide', id: prompt.id, status: 'approved', reason: APPROVE_REASON, pattern: prompt.text };
      return { state: { ...state, prompt: null, message: `${prompt.kind === 'deny' ? 'Denying' : 'Approving always'} ${prompt.id}…` }, effect };
    }
    default:
      return { state };
  }
}
