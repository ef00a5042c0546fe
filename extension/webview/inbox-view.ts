/**
 * The approval inbox: pending requests as cards (kept across updates, so typing and focus survive), a
 * roving-tabindex list, a per-second countdown, the recent decisions, and an aria-live region that
 * announces new requests and decision outcomes.
 */
import type { DecidedItem, HostMessage, InboxItem, InboxState, WebviewMessage } from '../src/protocol.js';
import { h, liveRegion, replaceChildren, setText } from './dom.js';
import { decidedByLabel, formatAge, formatDateTime, projectName } from './format.js';
import { type Card, createCard } from './inbox-card.js';
import { type HostChannel, onHostMessage } from './vscode-api.js';

export interface InboxOptions {
  now?: () => number;
  /** Where host messages arrive; the page's window by default. */
  window?: Window;
}

/** A mounted inbox; `dispose` stops its timer and listeners. */
export interface InboxView {
  dispose(): void;
}

const STATUS_WORD: Record<DecidedItem['status'], string> = { approved: 'Approved', denied: 'Denied', expired: 'Expired' };

/**
 * Renders the inbox into `root`, listens for host messages and posts `ready`.
 *
 * @example
 * mountInbox(document.getElementById('inbox-root')!, hostChannel(vscodeApi()));
 */
export function mountInbox(root: HTMLElement, channel: HostChannel, options: InboxOptions = {}): InboxView {
  const now = options.now ?? Date.now;
  const win = options.window ?? window;
  const persisted = channel.load();
  const cards = new Map<string, Card>();
  const inFlight = new Set<string>();
  let seen: Set<string> | null = null;

  const live = liveRegion();
  const count = h('h2', { class: 'count' }, 'Loading the inbox…');
  const scope = h('p', { class: 'scope' });
  const refresh = h('button', { type: 'button', class: 'secondary' }, 'Refresh');
  const audit = h('button', { type: 'button', class: 'secondary' }, 'Open audit log');
  const notices = h('ul', { class: 'notices', 'aria-label': 'Notices' });
  const empty = h('p', { class: 'empty', hidden: true }, 'No request is waiting.');
  const list = h('ul', { class: 'requests', 'aria-label': 'Pending requests' });
  const history = h('ol', { class: 'history' });
  const historySection = h('section', { class: 'history-section', 'aria-label': 'Recent decisions', hidden: true },
    h('h2', {}, 'Recent decisions'), history);
  replaceChildren(root,
    h('header', { class: 'toolbar' }, count, h('div', { class: 'toolbar-buttons' }, refresh, audit)),
    scope, notices, empty, list, historySection, live.el);

  const post = (m: WebviewMessage): void => channel.post(m);
  const save = (): void => channel.save(persisted);
  refresh.addEventListener('click', () => post({ type: 'refresh' }));
  audit.addEventListener('click', () => post({ type: 'openAuditLog' }));

  const decide = (id: string, message: WebviewMessage, text: string): void => {
    const card = cards.get(id);
    if (!card || inFlight.has(id)) return;
    inFlight.add(id);
    card.setError(null);
    card.setBusy(true, text);
    post(message);
  };
  const actions = {
    approve: (id: string) => decide(id, { type: 'approve', id }, 'Approving…'),
    approveAlways: (id: string, pattern: string) => decide(id, { type: 'approveAlways', id, pattern }, `Approving and creating the rule ${pattern}…`),
    deny: (id: string, reason: string) => decide(id, { type: 'deny', id, reason }, 'Denying…'),
    draft: (id: string, text: string) => {
      if (text === '') delete persisted.drafts[id];
      else persisted.drafts[id] = text;
      save();
    },
  };

  const select = (id: string | null, tell: boolean): void => {
    if (persisted.selectedId === id) return;
    persisted.selectedId = id;
    save();
    if (tell) post({ type: 'selected', id });
  };
  /** The roving tabindex: exactly one item is in the tab order, the selected one (or the first). */
  const rove = (): void => {
    const current = persisted.selectedId !== null && cards.has(persisted.selectedId) ? persisted.selectedId : list.firstElementChild?.getAttribute('data-id') ?? null;
    for (const [id, card] of cards) card.el.tabIndex = id === current ? 0 : -1;
  };
  const order = (): HTMLElement[] => Array.from(list.children) as HTMLElement[];

  list.addEventListener('focusin', (e) => {
    const li = (e.target as HTMLElement).closest('li.request');
    const id = li?.getAttribute('data-id') ?? null;
    if (id === null) return;
    select(id, true);
    rove();
  });
  list.addEventListener('keydown', (e) => {
    const li = e.target as HTMLElement;
    if (!li.matches('li.request')) return;
    const items = order();
    const i = items.indexOf(li);
    const go = (j: number): void => { e.preventDefault(); items[Math.max(0, Math.min(items.length - 1, j))]?.focus(); };
    const card = cards.get(li.getAttribute('data-id') ?? '');
    switch (e.key) {
      case 'ArrowDown': go(i + 1); break;
      case 'ArrowUp': go(i - 1); break;
      case 'Home': go(0); break;
      case 'End': go(items.length - 1); break;
      case 'a': case 'A': if (card && !card.approveButton.disabled) { e.preventDefault(); card.approveButton.focus(); } break;
      case 'd': case 'D': if (card && !card.denyInput.disabled) { e.preventDefault(); card.denyInput.focus(); } break;
      default: break;
    }
  });

  const renderPending = (pending: InboxItem[]): void => {
    const ids = new Set(pending.map((p) => p.id));
    const focusedGone = Array.from(cards.entries()).find(([id, c]) => !ids.has(id) && c.el.contains(document.activeElement));
    const goneIndex = focusedGone ? order().indexOf(focusedGone[1].el) : -1;
    for (const [id, card] of cards) {
      if (ids.has(id)) continue;
      card.el.remove();
      cards.delete(id);
      inFlight.delete(id);
    }
    pending.forEach((item, i) => {
      let card = cards.get(item.id);
      if (card) card.update(item);
      else {
        card = createCard(item, persisted.drafts[item.id] ?? '', actions, now());
        cards.set(item.id, card);
      }
      if (list.children[i] !== card.el) list.insertBefore(card.el, list.children[i] ?? null);
      if (!inFlight.has(item.id)) card.setBusy(false);
    });
    for (const id of Object.keys(persisted.drafts)) if (!ids.has(id)) delete persisted.drafts[id];
    if (persisted.selectedId !== null && !ids.has(persisted.selectedId)) persisted.selectedId = null;
    save();
    rove();
    // The decided item had focus: keep the keyboard in the list, on the item that took its place.
    if (focusedGone) {
      const items = order();
      const next = items[Math.min(goneIndex, items.length - 1)];
      if (next) next.focus();
      else refresh.focus();
    }
  };

  const renderHistory = (items: DecidedItem[]): void => {
    historySection.hidden = items.length === 0;
    replaceChildren(history, ...items.map((d) => h('li', { class: `decided ${d.status}` },
      h('span', { class: 'badge' }, STATUS_WORD[d.status]), ' ',
      h('span', { class: 'tool' }, d.tool), ' ',
      h('code', { class: 'summary-inline', title: d.summary }, d.summary),
      h('span', { class: 'by' }, ` by ${decidedByLabel(d.decidedBy)}`),
      d.decidedAt !== null && h('span', { class: 'age', 'data-ts': d.decidedAt, title: formatDateTime(d.decidedAt) }, ` · ${formatAge(d.decidedAt, now())}`),
      d.reason && h('div', { class: 'decided-reason' }, d.reason),
      h('div', { class: 'decided-meta' }, `rule ${d.rule} · ${projectName(d.project)}`))));
  };

  const announceNew = (pending: InboxItem[]): void => {
    const fresh = seen === null ? [] : pending.filter((p) => !seen!.has(p.id));
    if (seen === null && pending.length > 0) live.say(`${pending.length} ${pending.length === 1 ? 'request is' : 'requests are'} waiting.`);
    else if (fresh.length === 1) live.say(`New request: ${fresh[0]!.tool} ${fresh[0]!.summary.slice(0, 120)} (rule ${fresh[0]!.rule}).`);
    else if (fresh.length > 1) live.say(`${fresh.length} new requests.`);
    seen = new Set(pending.map((p) => p.id));
  };

  const render = (next: InboxState): void => {
    const n = next.pending.length;
    setText(count, n === 0 ? 'Approval inbox' : `${n} ${n === 1 ? 'request' : 'requests'} waiting`);
    setText(scope, next.project === null ? 'Showing every project.' : `Showing ${next.project} only.`);
    replaceChildren(notices, ...next.notices.map((t) => h('li', { class: 'notice' }, t)));
    notices.hidden = next.notices.length === 0;
    empty.hidden = n !== 0;
    list.hidden = n === 0;
    renderPending(next.pending);
    renderHistory(next.history);
    announceNew(next.pending);
  };

  const onDecided = (m: Extract<HostMessage, { type: 'decided' }>): void => {
    inFlight.delete(m.id);
    const card = cards.get(m.id);
    if (m.ok) {
      card?.setBusy(true, m.message || 'Done.');
      // It stays greyed out until the next state drops it (or, if still pending there, turns it back on).
      live.say(m.message || 'Decision sent.');
      return;
    }
    const text = `Not decided: ${m.message || 'the extension gave no reason'}`;
    card?.setBusy(false, text);
    card?.setError(text);
    live.say(text);
  };

  const stop = onHostMessage(win, (m) => {
    switch (m.type) {
      case 'inbox': render(m.state); break;
      case 'decided': onDecided(m); break;
      case 'select': {
        const card = m.id === null ? undefined : cards.get(m.id);
        select(card ? m.id : null, false);
        rove();
        card?.el.focus();
        break;
      }
      default: break;
    }
  });
  const timer = setInterval(() => {
    const t = now();
    for (const card of cards.values()) card.tick(t);
    for (const el of Array.from(history.querySelectorAll<HTMLElement>('.age[data-ts]'))) setText(el, ` · ${formatAge(Number(el.dataset.ts), t)}`);
  }, 1000);
  post({ type: 'ready' });
  return {
    dispose() {
      stop();
      clearInterval(timer);
    },
  };
}
