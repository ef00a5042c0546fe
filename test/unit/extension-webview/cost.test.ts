// @vitest-environment jsdom
/// <reference lib="dom" />
import type { ChartConfiguration } from 'chart.js';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import type { ChartFactory } from '../../../extension/webview/charts.js';
import { mountCost, windowText } from '../../../extension/webview/cost-view.js';
import type { MountedView } from '../../../extension/webview/dashboard-view.js';
import { NOW, all, channelOf, costState, fromHost, installAcquire, stubApi, text, uninstallAcquire, type StubApi } from './vscode-stub.js';

let root: HTMLElement;
let api: StubApi;
let view: MountedView | null;
const configs: ChartConfiguration[] = [];
const factory: ChartFactory = (_canvas, config) => {
  configs.push(config);
  return { data: config.data, options: config.options, update() {}, destroy() {} };
};

beforeEach(() => {
  document.body.innerHTML = '<div id="cost-root"></div>';
  root = document.getElementById('cost-root')!;
  api = stubApi();
  view = null;
  configs.length = 0;
  vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null);
});
afterEach(() => {
  view?.dispose();
  vi.restoreAllMocks();
  uninstallAcquire();
});

describe('cost view', () => {
  test('the bundle entry posts ready on load', async () => {
    installAcquire(api);
    vi.resetModules();
    view = (await import('../../../extension/webview/cost.js')).view;
    expect(api.posted).toEqual([{ type: 'ready' }]);
  });

  test('each provider: today and this month against its budget, as meters coloured by level', () => {
    view = mountCost(root, channelOf(api), { factory, now: () => NOW });
    fromHost({ type: 'cost', state: costState() });
    const providers = all(root, 'li.provider');
    expect(providers.map((p) => text(p.querySelector('.provider-head')))).toEqual(['gemini warn', 'openai ok']);
    expect(providers[0]!.classList.contains('level-warn')).toBe(true);
    const meters = all<HTMLMeterElement>(providers[0]!, 'meter');
    expect(meters.map((m) => m.getAttribute('value'))).toEqual(['0.84', '0.3']);
    expect(meters[0]!.getAttribute('aria-label')).toBe('gemini today: $4.20 of $5.00 (84%)');
    const windows = (p: HTMLElement) => all(p, '.window').map((w) => [text(w.querySelector('.window-label')), text(w.querySelector('.window-text'))]);
    expect(windows(providers[0]!)).toEqual([['Today', '$4.20 of $5.00 (84%)'], ['This month', '$30.00 of $100.00 (30%)']]);
    expect(all(providers[1]!, 'meter')).toHaveLength(0);
    expect(windows(providers[1]!)).toEqual([['Today', '$0.0042 (no budget set)'], ['This month', '$1.50 (no budget set)']]);
  });

  test('an over-budget fraction fills the meter without overflowing it', () => {
    view = mountCost(root, channelOf(api), { factory, now: () => NOW });
    fromHost({ type: 'cost', state: costState({ providers: [{ provider: 'gemini', level: 'stop', today: { spent: 7, limit: 5, fraction: 1.4 }, month: { spent: 7, limit: 100, fraction: 0.07 } }] }) });
    expect(root.querySelector('meter')!.getAttribute('value')).toBe('1');
    expect(text(root.querySelector('.window'))).toContain('(140%)');
  });

  test('Claude Code sessions with their cost, and unpriced models noted; the price table date', () => {
    view = mountCost(root, channelOf(api), { factory, now: () => NOW });
    fromHost({ type: 'cost', state: costState() });
    const rows = all(root, 'table.session-table tbody tr').map((r) => all(r, 'td').map(text));
    expect(rows).toEqual([
      ['9d8c7b6a', 'app', '$1.25not priced (no price for): claude-next-1', '5 min ago'],
      ['short', 'api', '$0.5000', '1 min ago'],
    ]);
    expect(all(root, '.unpriced').map(text)).toEqual(['not priced (no price for): claude-next-1']);
    expect(all(root, 'table.session-table td.mono').map((td) => td.title)).toEqual(['9d8c7b6a-0000-4000-8000-000000000001', 'short']);
    expect(text(root.querySelector('.price-date'))).toBe('Prices as of 2026-05-01.');
  });

  test('spend per day by provider: a stacked bar chart in dollars, with its data table', () => {
    vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue({} as CanvasRenderingContext2D);
    view = mountCost(root, channelOf(api), { factory, now: () => NOW, theme: () => '' });
    fromHost({ type: 'cost', state: costState() });
    expect(configs).toHaveLength(1);
    expect(configs[0]!.type).toBe('bar');
    expect(configs[0]!.data.datasets.map((d) => [d.label, d.data])).toEqual([['gemini', [2, 4.2]], ['openai', [0.5, 0]]]);
    const rows = all(root, 'table.data-table tbody tr').map((r) => all(r, 'th,td').map(text));
    expect(rows).toEqual([['2026-05-11', '$2.00', '$0.5000', '$2.50'], ['2026-05-12', '$4.20', '$0.00', '$4.20']]);
  });

  test('nothing spent or budgeted: an honest empty state with the notices', () => {
    view = mountCost(root, channelOf(api), { factory, now: () => NOW });
    fromHost({ type: 'cost', state: costState({ hasData: false, providers: [], daily: [], claudeSessions: [], notices: ['no price table: using built-in prices'] }) });
    expect(text(root.querySelector('.empty'))).toContain('Nothing spent or budgeted yet.');
    expect(text(root.querySelector('.notices'))).toBe('no price table: using built-in prices');
    expect(root.querySelector('meter')).toBeNull();
    expect(root.querySelector('figure.chart')).toBeNull();
  });

  test('windowText reads a window for people', () => {
    expect(windowText({ spent: 0.42, limit: 5, fraction: 0.084 })).toBe('$0.4200 of $5.00 (8.4%)');
    expect(windowText({ spent: 3, limit: null, fraction: 0 })).toBe('$3.00 (no budget set)');
  });

  test('Refresh asks the host for a new state', () => {
    view = mountCost(root, channelOf(api), { factory, now: () => NOW });
    root.querySelector<HTMLButtonElement>('.toolbar button')!.click();
    expect(api.posted).toEqual([{ type: 'ready' }, { type: 'refresh' }]);
  });
});
