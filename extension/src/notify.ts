/**
 * The inbox's badge and notifications, decided as pure functions of what the host read.
 */
import type { InboxItem } from './protocol.js';

export type NotificationLevel = 'all' | 'newRequests' | 'none';

/**
 * The pending items not in `prevIds` (the ids seen at the previous refresh), oldest first.
 * @example newRequests(new Set(['a']), [{ id: 'a', … }, { id: 'b', … }]).map((i) => i.id) // ['b']
 */
export function newRequests(prevIds: ReadonlySet<string>, items: readonly InboxItem[]): InboxItem[] {
  return items.filter((i) => !prevIds.has(i.id));
}

/**
 * Requests that were pending and no longer are (decided elsewhere or expired): `all` tells about them.
 * @example goneRequests(new Set(['a', 'b']), [{ id: 'b', … }]) // ['a']
 */
export function goneRequests(prevIds: ReadonlySet<string>, items: readonly InboxItem[]): string[] {
  const now = new Set(items.map((i) => i.id));
  return [...prevIds].filter((id) => !now.has(id));
}

/**
 * The view badge for `count` pending approvals; undefined (no badge) at zero.
 * @example badgeFor(2) // { value: 2, tooltip: '2 approvals waiting' }
 */
export function badgeFor(count: number): { value: number; tooltip: string } {
  // A zero badge, not `undefined`: VS Code 1.100's webview views never clear a badge set to undefined
  // (microsoft/vscode#331019); a value of 0 hides it. The real-VS-Code suite checks the badge clears.
  if (count <= 0) return { value: 0, tooltip: '' };
  return { value: count, tooltip: `${count} approval${count === 1 ? '' : 's'} waiting` };
}

/**
 * Whether a new request gets a notification at this level. The first read after start-up notifies too:
 * a request already waiting is as urgent as one that arrives later.
 * @example shouldNotifyNew('newRequests') // true
 */
export function shouldNotifyNew(level: NotificationLevel): boolean {
  return level === 'all' || level === 'newRequests';
}

/** Reads the setting's value, falling back to the default for anything unknown. */
export function notificationLevel(v: unknown): NotificationLevel {
  return v === 'all' || v === 'none' || v === 'newRequests' ? v : 'newRequests';
}

/**
 * The notification's text, short enough for a toast.
 * @example notificationText({ tool: 'Bash', summary: 'git push --force', … }) // 'Claude Code asks: Bash git push --force'
 */
export function notificationText(item: Pick<InboxItem, 'tool' | 'summary'>, max = 160): string {
  const summary = item.summary.replace(/\s+/g, ' ').trim();
  const text = `Claude Code asks: ${item.tool} ${summary}`.trimEnd();
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
