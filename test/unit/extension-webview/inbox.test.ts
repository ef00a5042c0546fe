// @vitest-environment jsdom
/// <reference lib="dom" />
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { mountInbox, type InboxView } from '../../../extension/webview/inbox-view.js';
import { NOW, all, channelOf, fromHost, inboxState, installAcquire, item, stubApi, text, uninstallAcquire, type StubApi } from './vscode-stub.js';

let root: HTMLElement;
let api: StubApi;
let view: InboxView | null;
let clock: number;

function mount(saved?: unknown): InboxView {
  api = stubApi(saved);
  view = mountInbox(root, channelOf(api), { now: () => clock });
  return view;
}
const two = () => inboxState([
  item(),
  item({ id: 'b2', tool: 'Write', summary: '/home/dev/app/.env.production', rule: 'file.protected', reason: 'writes a secrets file', project: '/home/dev/api', session: 'abc', alwaysPattern: '/home/dev/app/.env.production' }),
]);
const card = (id: string): HTMLElement => root.querySelector(`li.request[data-id="${id}"]`)!;
const button = (id: string, cls: string): HTMLButtonElement => card(id).querySelector(`button.${cls}`)!;
const last = () => api.posted[api.posted.length - 1];

beforeEach(() => {
  document.body.innerHTML = '<div id="inbox-root"></div>';
  root = document.getElementById('inbox-root')!;
  clock = NOW;
  view = null;
});
afterEach(() => {
  view?.dispose();
  vi.useRealTimers();
  uninstallAcquire();
});

describe('loading', () => {
  test('the bundle entry posts ready on load, through acquireVsCodeApi', async () => {
    const a = stubApi();
    installAcquire(a);
    vi.resetModules();
    view = (await import('../../../extension/webview/inbox.js')).view;
    expect(a.posted).toEqual([{ type: 'ready' }]);
    expect(text(root)).toContain('Loading the inbox');
  });

  test('the entry names the missing root element instead of failing obscurely', async () => {
    document.body.innerHTML = '';
    installAcquire(stubApi());
    vi.resetModules();
    await expect(import('../../../extension/webview/inbox.js')).rejects.toThrow(/inbox-root/);
  });
});

describe('rendering pending requests', () => {
  test('two items show with tool, command or file, rule, reason, project, session, age and time left', () => {
    mount();
    fromHost({ type: 'inbox', state: two() });
    const cards = all(root, 'li.request');
    expect(cards).toHaveLength(2);
    const a = text(cards[0]);
    expect(a).toContain('Bash');
    expect(a).toContain('git.push.force');
    expect(a).toContain('rewrites remote history');
    expect(a).toContain('app');
    expect(a).toContain('5f0c2a9e');
    expect(a).not.toContain('5f0c2a9e-1b7d');
    expect(a).toContain('2 min ago');
    expect(a).toContain('1 min 5 s left');
    expect(cards[0]!.querySelector('pre.summary')!.textContent).toBe('git push --force origin main');
    expect(cards[0]!.querySelector<HTMLElement>('.meta dd:nth-of-type(3)')!.title).toBe('5f0c2a9e-1b7d-4c1e-9a55-0d7e1c3b2a11');
    const b = text(cards[1]);
    expect(b).toContain('Write');
    expect(b).toContain('/home/dev/app/.env.production');
    expect(b).toContain('file.protected');
    expect(text(root.querySelector('.count'))).toBe('2 requests waiting');
    expect(button('a1', 'approve').getAttribute('aria-label')).toBe('Approve Bash: git push --force origin main');
  });

  test('a command is text, never markup', () => {
    mount();
    fromHost({ type: 'inbox', state: inboxState([item({ summary: '<img src=x onerror=alert(1)> && rm -rf /' })]) });
    expect(root.querySelector('img')).toBeNull();
    expect(root.querySelector('pre.summary')!.textContent).toBe('<img src=x onerror=alert(1)> && rm -rf /');
  });

  test('empty: "No request is waiting" with the notices', () => {
    mount();
    fromHost({ type: 'inbox', state: inboxState([], { notices: ['state.db is newer than this extension (schema 9): update it'] }) });
    expect(root.querySelector<HTMLElement>('.empty')!.hidden).toBe(false);
    expect(text(root.querySelector('.empty'))).toBe('No request is waiting.');
    expect(text(root.querySelector('.notices'))).toContain('newer than this extension');
    expect(all(root, 'li.request')).toHaveLength(0);
  });

  test('history says who decided, in words', () => {
    mount();
    fromHost({ type: 'inbox', state: inboxState([], { history: [
      { id: 'h1', tool: 'Bash', summary: 'npm publish', rule: 'npm.publish', status: 'approved', decidedBy: 'human:vscode', decidedAt: NOW - 60_000, reason: null, project: '/home/dev/app' },
      { id: 'h2', tool: 'Bash', summary: 'git push', rule: 'git.push', status: 'denied', decidedBy: 'human:cli', decidedAt: NOW - 120_000, reason: 'not on main', project: '/home/dev/app' },
      { id: 'h3', tool: 'Bash', summary: 'make deploy', rule: 'deploy', status: 'approved', decidedBy: 'rule:r-7', decidedAt: NOW, reason: null, project: '/home/dev/app' },
      { id: 'h4', tool: 'Bash', summary: 'rm -rf dist', rule: 'rm.rf', status: 'expired', decidedBy: 'timeout', decidedAt: NOW, reason: null, project: '/home/dev/app' },
      { id: 'h5', tool: 'Bash', summary: 'dd if=x', rule: 'dd', status: 'expired', decidedBy: 'no-surface', decidedAt: NOW, reason: null, project: '/home/dev/app' },
    ] }) });
    const rows = all(root, '.history li').map(text);
    expect(rows[0]).toMatch(/Approved Bash npm publish by you in VS Code · 1 min ago/);
    expect(rows[1]).toMatch(/Denied .* by CLI .*not on main/);
    expect(rows[2]).toContain('by always-rule r-7');
    expect(rows[3]).toContain('by timeout');
    expect(rows[4]).toContain('by no-surface');
  });
});

describe('deciding', () => {
  test('Approve posts approve with the id and disables the item while in flight', () => {
    mount();
    fromHost({ type: 'inbox', state: two() });
    button('b2', 'approve').click();
    expect(last()).toEqual({ type: 'approve', id: 'b2' });
    expect(button('b2', 'approve').disabled).toBe(true);
    expect(button('b2', 'deny').disabled).toBe(true);
    expect(button('a1', 'approve').disabled).toBe(false);
    button('b2', 'approve').click();
    expect(api.posted.filter((m) => m.type === 'approve')).toHaveLength(1);
  });

  test('Approve always shows the rule and the pattern, and posts the edited pattern', () => {
    mount();
    fromHost({ type: 'inbox', state: two() });
    button('a1', 'always').click();
    const panel = card('a1').querySelector<HTMLElement>('.always-panel')!;
    expect(panel.hidden).toBe(false);
    expect(button('a1', 'always').getAttribute('aria-expanded')).toBe('true');
    expect(text(panel)).toContain('in /home/dev/app, allow Bash calls flagged by rule git.push.force');
    const input = panel.querySelector<HTMLInputElement>('input.pattern')!;
    expect(input.value).toBe('git push --force origin main');
    expect(document.activeElement).toBe(input);
    input.value = 'git push --force origin *';
    button('a1', 'confirm').click();
    expect(last()).toEqual({ type: 'approveAlways', id: 'a1', pattern: 'git push --force origin *' });
  });

  test('an empty always-pattern is refused with a reason, and nothing is posted', () => {
    mount();
    fromHost({ type: 'inbox', state: two() });
    button('a1', 'always').click();
    card('a1').querySelector<HTMLInputElement>('input.pattern')!.value = '   ';
    const before = api.posted.length;
    button('a1', 'confirm').click();
    expect(api.posted.length).toBe(before);
    expect(text(card('a1').querySelector('.field-error'))).toContain('Enter a pattern');
  });

  test('Deny posts the typed reason', () => {
    mount();
    fromHost({ type: 'inbox', state: two() });
    const input = card('a1').querySelector<HTMLInputElement>('input.deny-reason')!;
    input.value = '  use --force-with-lease  ';
    input.dispatchEvent(new Event('input'));
    button('a1', 'deny').click();
    expect(last()).toEqual({ type: 'deny', id: 'a1', reason: 'use --force-with-lease' });
  });

  test('a failed decision shows the host message and turns the buttons back on', () => {
    mount();
    fromHost({ type: 'inbox', state: two() });
    button('a1', 'approve').click();
    fromHost({ type: 'decided', id: 'a1', ok: false, message: 'approval a1 expired at 2026-05-12T10:01:05Z' });
    expect(text(card('a1').querySelector('.status'))).toBe('Not decided: approval a1 expired at 2026-05-12T10:01:05Z');
    expect(card('a1').querySelector('.status')!.classList.contains('error')).toBe(true);
    expect(button('a1', 'approve').disabled).toBe(false);
    expect(text(root.querySelector('[role="status"]'))).toContain('Not decided');
  });

  test('a successful decision is announced; the next state drops the item and focus moves to the next one', () => {
    mount();
    fromHost({ type: 'inbox', state: two() });
    button('a1', 'approve').focus();
    button('a1', 'approve').click();
    expect(document.activeElement).toBe(card('a1'));
    fromHost({ type: 'decided', id: 'a1', ok: true, message: 'Approved: git push --force origin main' });
    expect(text(root.querySelector('[role="status"]'))).toBe('Approved: git push --force origin main');
    expect(button('a1', 'approve').disabled).toBe(true);
    fromHost({ type: 'inbox', state: inboxState([two().pending[1]!]) });
    expect(card('a1')).toBeNull();
    expect(document.activeElement).toBe(card('b2'));
  });
});

describe('drafts and selection survive', () => {
  test('a typed deny reason survives a re-render and a reload (getState)', () => {
    mount();
    fromHost({ type: 'inbox', state: two() });
    const input = card('b2').querySelector<HTMLInputElement>('input.deny-reason')!;
    input.value = 'not the production env';
    input.dispatchEvent(new Event('input'));
    fromHost({ type: 'inbox', state: two() });
    expect(card('b2').querySelector<HTMLInputElement>('input.deny-reason')).toBe(input);
    expect(input.value).toBe('not the production env');

    const saved = api.saved;
    view!.dispose();
    root.innerHTML = '';
    mount(saved);
    fromHost({ type: 'inbox', state: two() });
    expect(card('b2').querySelector<HTMLInputElement>('input.deny-reason')!.value).toBe('not the production env');
    expect(card('a1').querySelector<HTMLInputElement>('input.deny-reason')!.value).toBe('');
  });

  test('drafts of items no longer pending are dropped', () => {
    mount({ selectedId: null, drafts: { gone: 'old text', b2: 'keep' } });
    fromHost({ type: 'inbox', state: two() });
    expect((api.saved as { drafts: Record<string, string> }).drafts).toEqual({ b2: 'keep' });
  });

  test('a malformed saved state falls back to defaults instead of crashing', () => {
    mount({ selectedId: 42, drafts: 'nope' });
    fromHost({ type: 'inbox', state: two() });
    expect(all(root, 'li.request')).toHaveLength(2);
  });
});

describe('keyboard', () => {
  test('arrow keys move focus along the list with a roving tabindex, and post the selection', () => {
    mount();
    fromHost({ type: 'inbox', state: two() });
    expect(card('a1').tabIndex).toBe(0);
    expect(card('b2').tabIndex).toBe(-1);
    card('a1').focus();
    card('a1').dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true }));
    expect(document.activeElement).toBe(card('b2'));
    expect(card('b2').tabIndex).toBe(0);
    expect(card('a1').tabIndex).toBe(-1);
    expect(last()).toEqual({ type: 'selected', id: 'b2' });
    card('b2').dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true }));
    expect(document.activeElement).toBe(card('b2'));
    card('b2').dispatchEvent(new KeyboardEvent('keydown', { key: 'Home', bubbles: true }));
    expect(document.activeElement).toBe(card('a1'));
    expect((api.saved as { selectedId: string }).selectedId).toBe('a1');
  });

  test('A and D go to Approve and to the deny reason; they never decide by themselves', () => {
    mount();
    fromHost({ type: 'inbox', state: two() });
    card('a1').focus();
    const before = api.posted.length;
    card('a1').dispatchEvent(new KeyboardEvent('keydown', { key: 'a', bubbles: true }));
    expect(document.activeElement).toBe(button('a1', 'approve'));
    card('a1').focus();
    card('a1').dispatchEvent(new KeyboardEvent('keydown', { key: 'd', bubbles: true }));
    expect(document.activeElement).toBe(card('a1').querySelector('input.deny-reason'));
    expect(api.posted.slice(before).filter((m) => m.type !== 'selected')).toEqual([]);
    expect(card('a1').getAttribute('aria-keyshortcuts')).toBe('A D');
  });

  test('the host can select an item (palette command): it gets focus', () => {
    mount();
    fromHost({ type: 'inbox', state: two() });
    fromHost({ type: 'select', id: 'b2' });
    expect(document.activeElement).toBe(card('b2'));
    expect(card('b2').tabIndex).toBe(0);
  });
});

describe('time', () => {
  test('the countdown updates every second and ends in "expired" with the buttons off', () => {
    vi.useFakeTimers();
    mount();
    fromHost({ type: 'inbox', state: inboxState([item({ expiresAt: NOW + 3_000 })]) });
    const left = () => text(card('a1').querySelector('.time-left'));
    expect(left()).toBe('3 s left');
    clock += 1000;
    vi.advanceTimersByTime(1000);
    expect(left()).toBe('2 s left');
    clock += 2000;
    vi.advanceTimersByTime(2000);
    expect(left()).toBe('expired');
    expect(button('a1', 'approve').disabled).toBe(true);
    expect(text(card('a1').querySelector('.status'))).toContain('Expired');
  });

  test('a new request is announced in the live region', () => {
    mount();
    fromHost({ type: 'inbox', state: inboxState([item()]) });
    expect(text(root.querySelector('[role="status"]'))).toBe('1 request is waiting.');
    fromHost({ type: 'inbox', state: two() });
    expect(text(root.querySelector('[role="status"]'))).toBe('New request: Write /home/dev/app/.env.production (rule file.protected).');
  });
});

describe('toolbar', () => {
  test('Refresh and Open audit log post their messages', () => {
    mount();
    const [refresh, audit] = all<HTMLButtonElement>(root, '.toolbar button');
    refresh!.click();
    audit!.click();
    expect(api.posted.slice(-2)).toEqual([{ type: 'refresh' }, { type: 'openAuditLog' }]);
  });
});
