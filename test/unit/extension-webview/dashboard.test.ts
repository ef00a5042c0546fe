// @vitest-environment jsdom
/// <reference lib="dom" />
import type { ChartConfiguration } from 'chart.js';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import type { ChartFactory, ChartLike } from '../../../extension/webview/charts.js';
import { mountDashboard, type MountedView } from '../../../extension/webview/dashboard-view.js';
import { NOW, all, channelOf, dashboardState, fromHost, installAcquire, stubApi, text, uninstallAcquire, type StubApi } from './vscode-stub.js';

let root: HTMLElement;
let api: StubApi;
let view: MountedView | null;

/** Records every chart made and every update, as Chart.js would receive them. */
function recorder() {
  const made: Array<{ canvas: HTMLCanvasElement; config: ChartConfiguration; chart: ChartLike & { updates: number; destroyed: boolean } }> = [];
  const factory: ChartFactory = (canvas, config) => {
    const chart = { data: config.data, options: config.options, updates: 0, destroyed: false, update() { chart.updates++; }, destroy() { chart.destroyed = true; } };
    made.push({ canvas, config, chart });
    return chart;
  };
  return { made, factory };
}
const theme = (v: string): string => ({ '--vscode-charts-red': 'rgb(241, 76, 76)', '--vscode-charts-blue': 'rgb(55, 148, 255)', '--vscode-charts-orange': 'rgb(209, 134, 22)', '--vscode-foreground': 'rgb(204, 204, 204)' } as Record<string, string>)[v] ?? '';
const withContext = () => vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue({} as CanvasRenderingContext2D);
const withoutContext = () => vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null);

beforeEach(() => {
  document.body.innerHTML = '<div id="dashboard-root"></div>';
  document.body.className = 'vscode-dark';
  root = document.getElementById('dashboard-root')!;
  api = stubApi();
  view = null;
});
afterEach(() => {
  view?.dispose();
  vi.restoreAllMocks();
  uninstallAcquire();
});

describe('dashboard', () => {
  test('the bundle entry posts ready on load', async () => {
    installAcquire(api);
    vi.resetModules();
    view = (await import('../../../extension/webview/dashboard.js')).view;
    expect(api.posted).toEqual([{ type: 'ready' }]);
  });

  test('health, failure rate, trend and totals come from the state', () => {
    withoutContext();
    view = mountDashboard(root, channelOf(api), { now: () => NOW });
    fromHost({ type: 'dashboard', state: dashboardState() });
    expect(text(root.querySelector('.health'))).toBe('degraded failure rate 17.5%, worsening');
    expect(root.querySelector('.health')!.classList.contains('health-degraded')).toBe(true);
    expect(text(root.querySelector('.failure-rate'))).toBe('17.5%');
    expect(text(root.querySelector('.trend'))).toBe('worsening');
    const pairs = all(root, '.totals dt').map((dt) => [text(dt), text(dt.nextElementSibling)]);
    expect(pairs).toEqual([['Failure rate (7 d)', '17.5%'], ['Previous window', '8%'], ['Trend', 'worsening'], ['Trials', '40'], ['Failures', '7'], ['Patterns', '2'], ['Warnings', '1']]);
  });

  test('a rate is rounded like the health line (2 of 3 → 66.7%, not a floored 66.6%)', () => {
    withoutContext();
    view = mountDashboard(root, channelOf(api), { now: () => NOW });
    fromHost({ type: 'dashboard', state: { ...dashboardState(), failureRate: 2 / 3 } });
    expect(text(root.querySelector('.failure-rate'))).toBe('66.7%');
  });

  test('patterns table: type, operation, occurrences, last seen and relevance as a meter', () => {
    withoutContext();
    view = mountDashboard(root, channelOf(api), { now: () => NOW });
    fromHost({ type: 'dashboard', state: dashboardState() });
    const rows = all(root, 'table.patterns tbody tr');
    expect(rows.map((r) => all(r, 'td').slice(0, 4).map(text))).toEqual([
      ['hallucination', 'Bash:npm test', '4', '1 h ago'],
      ['wrong_output', 'Edit:src/app.ts', '3', '2 d ago'],
    ]);
    const meter = rows[0]!.querySelector('meter')!;
    expect(meter.getAttribute('value')).toBe('0.8');
    expect(text(rows[0]!.querySelector('.relevance'))).toBe('80%');
  });

  test('without a canvas context the charts are skipped but their data tables are there', () => {
    withoutContext();
    const { made, factory } = recorder();
    view = mountDashboard(root, channelOf(api), { factory, theme, now: () => NOW });
    fromHost({ type: 'dashboard', state: dashboardState() });
    expect(made).toHaveLength(0);
    const tables = all(root, 'figure.chart table.data-table');
    expect(tables.map((t) => text(t.querySelector('caption')))).toEqual(['Failures per day, by type', 'Trials and failures per day']);
    expect(all(tables[0]!, 'thead th').map(text)).toEqual(['Day', 'hallucination', 'wrong_output', 'Total']);
    expect(all(tables[0]!, 'tbody tr').map((r) => all(r, 'th,td').map(text))).toEqual([
      ['2026-05-10', '0', '1', '1'], ['2026-05-11', '1', '1', '2'], ['2026-05-12', '3', '1', '4'],
    ]);
    expect(all(tables[1]!, 'tbody tr').map((r) => all(r, 'th,td').map(text))).toEqual([
      ['2026-05-10', '10', '1'], ['2026-05-11', '12', '2'], ['2026-05-12', '18', '4'],
    ]);
    expect(root.querySelector('figure.chart .chart-table')!.classList.contains('visually-hidden')).toBe(true);
  });

  // jsdom reports "Not implemented: HTMLCanvasElement.prototype.getContext" on its virtual console here: expected.
  test('jsdom\'s own canvas (no context at all) does not break rendering', () => {
    const { made, factory } = recorder();
    view = mountDashboard(root, channelOf(api), { factory, theme, now: () => NOW });
    fromHost({ type: 'dashboard', state: dashboardState() });
    expect(made).toHaveLength(0);
    expect(all(root, 'table.data-table')).toHaveLength(2);
  });

  test('with a canvas context Chart.js gets the datasets, theme colours and no animation', () => {
    withContext();
    const { made, factory } = recorder();
    view = mountDashboard(root, channelOf(api), { factory, theme, now: () => NOW });
    fromHost({ type: 'dashboard', state: dashboardState() });
    expect(made).toHaveLength(2);
    const [bars, lines] = made;
    expect(bars!.config.type).toBe('bar');
    expect(bars!.config.data.labels).toEqual(['2026-05-10', '2026-05-11', '2026-05-12']);
    expect(bars!.config.data.datasets.map((d) => [d.label, d.data, d.backgroundColor])).toEqual([
      ['hallucination', [0, 1, 3], 'rgb(241, 76, 76)'],
      ['wrong_output', [1, 1, 1], 'rgb(209, 134, 22)'],
    ]);
    const scales = bars!.config.options!.scales as Record<string, { stacked: boolean }>;
    expect(scales.x!.stacked && scales.y!.stacked).toBe(true);
    expect(bars!.config.options!.animation).toBe(false);
    expect(lines!.config.type).toBe('line');
    expect(lines!.config.data.datasets.map((d) => [d.label, d.data, d.borderColor])).toEqual([
      ['Trials', [10, 12, 18], 'rgb(55, 148, 255)'],
      ['Failures', [1, 2, 4], 'rgb(241, 76, 76)'],
    ]);
    expect(bars!.canvas.closest('section')!.id).toBe('section-charts');
  });

  test('a new state updates the same charts; a theme change recolours them', async () => {
    withContext();
    const { made, factory } = recorder();
    let red = 'rgb(241, 76, 76)';
    view = mountDashboard(root, channelOf(api), { factory, theme: (v) => (v === '--vscode-charts-red' ? red : theme(v)), now: () => NOW });
    fromHost({ type: 'dashboard', state: dashboardState() });
    const next = dashboardState();
    next.daily[2]!.byType.hallucination = 5;
    fromHost({ type: 'dashboard', state: next });
    expect(made).toHaveLength(2);
    expect(made[0]!.chart.updates).toBe(1);
    expect(made[0]!.chart.data.datasets[0]!.data).toEqual([0, 1, 5]);
    red = 'rgb(229, 20, 0)';
    document.body.className = 'vscode-light';
    await new Promise((r) => setTimeout(r, 0));
    expect(made[0]!.chart.updates).toBe(2);
    expect(made[0]!.chart.data.datasets[0]!.backgroundColor).toBe('rgb(229, 20, 0)');
  });

  test('recent trials expand to their grader results; alerts show severity, kind, message and cleared', () => {
    withoutContext();
    view = mountDashboard(root, channelOf(api), { now: () => NOW });
    fromHost({ type: 'dashboard', state: dashboardState() });
    const trials = all(root, '.trials > li');
    expect(text(trials[0]!.querySelector('summary'))).toBe('failed Bash npm test · hallucination · 1 min ago');
    expect(all(trials[0]!, 'table.graders tbody tr').map((r) => all(r, 'td').map(text))).toEqual([
      ['exit-code', 'failed', '0.00', 'exit 1'], ['output-match', 'passed', '0.90', 'ok'],
    ]);
    expect(text(trials[1]!)).toContain('No grader result');
    trials[0]!.querySelector('details')!.open = true;
    fromHost({ type: 'dashboard', state: dashboardState() });
    expect(all<HTMLDetailsElement>(root, '.trials details').map((d) => d.open)).toEqual([true, false]);
    const alerts = all(root, 'table.alerts tbody tr').map((r) => all(r, 'td').map(text));
    expect(alerts).toEqual([
      ['critical', 'failure-rate', 'failure rate above 15%', '10 min ago', 'active'],
      ['info', 'budget', 'gemini at 50% of daily', '2 h ago', 'cleared'],
    ]);
  });

  test('no graded call yet: an honest empty state, the notices, no chart', () => {
    withContext();
    const { made, factory } = recorder();
    view = mountDashboard(root, channelOf(api), { factory, theme, now: () => NOW });
    fromHost({ type: 'dashboard', state: dashboardState({ hasData: false, patterns: [], notices: ['state.db was recovered from a backup'] }) });
    expect(text(root.querySelector('.empty'))).toContain('No graded tool call yet in the last 7 days.');
    expect(text(root.querySelector('.notices'))).toBe('state.db was recovered from a backup');
    expect(made).toHaveLength(0);
    expect(root.querySelector('canvas')).toBeNull();
  });

  test('the section jumped to is kept with setState and restored', () => {
    withoutContext();
    view = mountDashboard(root, channelOf(api), { now: () => NOW });
    fromHost({ type: 'dashboard', state: dashboardState() });
    const alertsButton = all<HTMLButtonElement>(root, '.section-nav button').find((b) => text(b) === 'Alerts')!;
    alertsButton.click();
    expect((api.saved as { section: string }).section).toBe('alerts');
    expect(document.activeElement).toBe(root.querySelector('#section-alerts'));
    view.dispose();
    const scrolled: string[] = [];
    // jsdom has no layout, so no scrollIntoView: give it one that records.
    HTMLElement.prototype.scrollIntoView = function (this: HTMLElement) { scrolled.push(this.id); };
    view = mountDashboard(root, channelOf(stubApi(api.saved)), { now: () => NOW });
    fromHost({ type: 'dashboard', state: dashboardState() });
    expect(scrolled).toEqual(['section-alerts']);
    expect(root.querySelector('.section-nav [aria-current="true"]')!.textContent).toBe('Alerts');
    delete (HTMLElement.prototype as Partial<HTMLElement>).scrollIntoView;
  });

  test('"Show data" reveals a chart\'s table to sighted users too', () => {
    withoutContext();
    view = mountDashboard(root, channelOf(api), { now: () => NOW });
    fromHost({ type: 'dashboard', state: dashboardState() });
    const toggle = root.querySelector<HTMLButtonElement>('figure.chart figcaption button')!;
    toggle.click();
    expect(root.querySelector('figure.chart .chart-table')!.classList.contains('visually-hidden')).toBe(false);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    expect(toggle.textContent).toBe('Hide data');
  });
});
