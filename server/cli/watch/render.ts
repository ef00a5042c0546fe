/** The `inbox watch` screen, as text. Pure: state, clock and terminal size in, lines out. */
import { defaultAlwaysPattern } from '../../engine/runtime/inbox.js';
import { formatDuration, oneLine } from '../inbox/format.js';
import { selectedItem, type WatchState } from './model.js';

export interface Screen {
  columns: number;
  rows: number;
}

const KEYS = 'a approve · A approve always · d deny · j/k or ↑/↓ move · q quit';

/** The whole screen: one line per entry, each cut to the terminal's width (never wraps). */
export function renderScreen(state: WatchState, now: number, screen: Screen, title: string): string[] {
  const width = Math.max(20, screen.columns);
  const cut = (s: string) => ([...s].length > width ? `${[...s].slice(0, width - 1).join('')}…` : s);
  const lines: string[] = [`Task Orchestrator inbox — ${state.items.length} pending · ${title}`, ''];
  if (state.items.length === 0) lines.push('  No pending approvals. Waiting for Claude Code to ask…');
  const listRows = Math.max(3, screen.rows - 16);
  const index = Math.max(0, state.items.findIndex((i) => i.id === state.selected));
  const start = Math.max(0, Math.min(index - Math.floor(listRows / 2), state.items.length - listRows));
  for (const item of state.items.slice(start, start + listRows)) {
    const mark = item.id === state.selected ? '>' : ' ';
    lines.push(`${mark} ${item.tool_name}  ${oneLine(item.summary)}  [${item.rule || '-'}]  ${formatDuration(now - item.created_at)} ago · ${formatDuration(item.expires_at - now)} left`);
  }
  const item = selectedItem(state);
  if (item) {
    lines.push('', `── ${item.id} ──`);
    lines.push(`tool     ${item.tool_name}`, `summary  ${oneLine(item.summary)}`, `rule     ${item.rule || '-'}`, `reason   ${oneLine(item.reason)}`);
    lines.push(`project  ${item.project || '-'}`, `session  ${item.session || '-'}`);
    lines.push(`age      ${formatDuration(now - item.created_at)} · ${formatDuration(item.expires_at - now)} left before the fallback`);
    if (state.prompt?.kind !== 'always') lines.push(`always   A proposes the pattern ${JSON.stringify(defaultAlwaysPattern(item.summary))} for ${item.tool_name} [${item.rule}] in this project`);
  }
  lines.push('', KEYS);
  if (state.prompt?.kind === 'deny') lines.push(`Deny ${state.prompt.id}, reason: ${oneLine(state.prompt.text)}▏  (Enter deny · Esc cancel)`);
  if (state.prompt?.kind === 'always') {
    lines.push(`Always allow ${item?.tool_name ?? ''} [${item?.rule ?? ''}] matching: ${oneLine(state.prompt.text)}▏  (Enter approve + create the rule · Esc cancel)`);
  }
  if (state.message) lines.push(state.message);
  return lines.map((l) => cut(oneLine(l)));
}

/** One plain line per new item (stdout not a terminal). */
export function plainLine(item: { id: string; tool_name: string; rule: string; summary: string; project: string; created_at: number; expires_at: number }): string {
  return `${new Date(item.created_at).toISOString()} pending ${item.id} ${item.tool_name} [${item.rule || '-'}] ${oneLine(item.summary)} (project ${item.project || '-'}, expires ${new Date(item.expires_at).toISOString()})`;
}
