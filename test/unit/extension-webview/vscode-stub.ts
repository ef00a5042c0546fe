/// <reference lib="dom" />
/** A stand-in for VS Code's webview API: records what the page posts and keeps its saved state. */
import type { DashboardState, CostState, HostMessage, InboxItem, InboxState, WebviewMessage } from '../../../extension/src/protocol.js';
import { hostChannel, type VsCodeApi } from '../../../extension/webview/vscode-api.js';

export interface StubApi extends VsCodeApi {
  posted: WebviewMessage[];
  saved: unknown;
}

export function stubApi(saved: unknown = undefined): StubApi {
  const api: StubApi = {
    posted: [],
    saved,
    postMessage(m) { api.posted.push(structuredClone(m) as WebviewMessage); },
    getState() { return api.saved === undefined ? undefined : structuredClone(api.saved); },
    setState(s) { api.saved = structuredClone(s); },
  };
  return api;
}

export const channelOf = hostChannel;

/** Makes `acquireVsCodeApi` a global that hands out `api` once, as VS Code does. */
export function installAcquire(api: VsCodeApi): void {
  let given = false;
  (globalThis as Record<string, unknown>).acquireVsCodeApi = () => {
    if (given) throw new Error('An instance of the VS Code API has already been acquired');
    given = true;
    return api;
  };
}

export function uninstallAcquire(): void {
  delete (globalThis as Record<string, unknown>).acquireVsCodeApi;
}

/** Posts a host message to the page the way VS Code does (a window `message` event). */
export function fromHost(message: HostMessage): void {
  window.dispatchEvent(new MessageEvent('message', { data: structuredClone(message) }));
}

export const NOW = Date.UTC(2026, 4, 12, 10, 0, 0);

export function item(over: Partial<InboxItem> = {}): InboxItem {
  return {
    id: 'a1', tool: 'Bash', summary: 'git push --force origin main', rule: 'git.push.force', reason: 'rewrites remote history',
    project: '/home/dev/app', session: '5f0c2a9e-1b7d-4c1e-9a55-0d7e1c3b2a11', createdAt: NOW - 125_000, expiresAt: NOW + 65_000,
    alwaysPattern: 'git push --force origin main', ...over,
  };
}

export function inboxState(pending: InboxItem[], over: Partial<InboxState> = {}): InboxState {
  return { pending, history: [], project: null, notices: [], at: NOW, ...over };
}

export function dashboardState(over: Partial<DashboardState> = {}): DashboardState {
  return {
    hasData: true, days: 7,
    health: { status: 'degraded', reason: 'failure rate 17.5%, worsening' },
    failureRate: 0.175, previousFailureRate: 0.08, trend: 'worsening',
    totals: { trials: 40, failures: 7, patterns: 2, warnings: 1 },
    daily: [
      { date: '2026-05-10', trials: 10, failures: 1, byType: { wrong_output: 1 } },
      { date: '2026-05-11', trials: 12, failures: 2, byType: { hallucination: 1, wrong_output: 1 } },
      { date: '2026-05-12', trials: 18, failures: 4, byType: { hallucination: 3, wrong_output: 1 } },
    ],
    patterns: [
      { id: 'p1', failureType: 'hallucination', operation: 'Bash:npm test', count: 4, lastSeen: NOW - 3_600_000, relevance: 0.8, reason: 'claims tests passed' },
      { id: 'p2', failureType: 'wrong_output', operation: 'Edit:src/app.ts', count: 3, lastSeen: NOW - 86_400_000 * 2, relevance: 0.3, reason: 'edit did not apply' },
    ],
    recentTrials: [
      { id: 't1', ts: NOW - 60_000, tool: 'Bash', operation: 'npm test', passed: false, failureType: 'hallucination', reason: 'said pass, exit 1',
        graders: [{ name: 'exit-code', passed: false, score: 0, reason: 'exit 1' }, { name: 'output-match', passed: true, score: 0.9, reason: 'ok' }] },
      { id: 't2', ts: NOW - 120_000, tool: 'Read', operation: 'README.md', passed: true, failureType: null, reason: '', graders: [] },
    ],
    alerts: [
      { id: 'al1', ts: NOW - 600_000, severity: 'critical', kind: 'failure-rate', message: 'failure rate above 15%', cleared: false },
      { id: 'al2', ts: NOW - 7_200_000, severity: 'info', kind: 'budget', message: 'gemini at 50% of daily', cleared: true },
    ],
    notices: [], at: NOW, ...over,
  };
}

export function costState(over: Partial<CostState> = {}): CostState {
  return {
    hasData: true,
    providers: [
      { provider: 'gemini', level: 'warn', today: { spent: 4.2, limit: 5, fraction: 0.84 }, month: { spent: 30, limit: 100, fraction: 0.3 } },
      { provider: 'openai', level: 'ok', today: { spent: 0.0042, limit: null, fraction: 0 }, month: { spent: 1.5, limit: null, fraction: 0 } },
    ],
    daily: [
      { date: '2026-05-11', byProvider: { gemini: 2, openai: 0.5 } },
      { date: '2026-05-12', byProvider: { gemini: 4.2 } },
    ],
    claudeSessions: [
      { session: '9d8c7b6a-0000-4000-8000-000000000001', project: '/home/dev/app', costUsd: 1.25, updatedAt: NOW - 300_000, unpriced: ['claude-next-1'] },
      { session: 'short', project: '/home/dev/api', costUsd: 0.5, updatedAt: NOW - 60_000, unpriced: [] },
    ],
    priceDate: '2026-05-01', notices: [], at: NOW, ...over,
  };
}

/** The elements of a selector, typed. */
export function all<T extends Element = HTMLElement>(root: ParentNode, selector: string): T[] {
  return Array.from(root.querySelectorAll<T>(selector as string)) as T[];
}

export function text(el: Element | null | undefined): string {
  return (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
}
