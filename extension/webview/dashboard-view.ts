/**
 * The immune dashboard: health (status and reason, computed by the host), failure rate and trend, totals,
 * two charts (failures per day by type; trials and failures per day), failure patterns, recent trials with
 * their grader results, and alerts. With no graded call yet it says so instead of drawing empty charts.
 */
import type { AlertRow, DashboardState, PatternRow, TrialRow } from '../src/protocol.js';
import { type ChartFactory, type ChartHandle, type ChartSpec, SERIES_COLORS, type ThemeReader, bodyTheme, chartJsFactory, mountChart, observeTheme } from './charts.js';
import { h, replaceChildren } from './dom.js';
import { formatAge, formatDateTime, formatPercent } from './format.js';
import { type HostChannel, onHostMessage } from './vscode-api.js';

export interface ChartDeps {
  factory?: ChartFactory;
  theme?: ThemeReader;
  now?: () => number;
  window?: Window;
}

/** A mounted view; `dispose` stops listening and destroys its charts. */
export interface MountedView {
  dispose(): void;
}

export const DASHBOARD_SECTIONS = ['charts', 'patterns', 'trials', 'alerts'] as const;
const SECTION_TITLES: Record<(typeof DASHBOARD_SECTIONS)[number], string> = {
  charts: 'Charts', patterns: 'Failure patterns', trials: 'Recent trials', alerts: 'Alerts',
};

/**
 * The failures-by-type chart: one stacked bar per day, one series per failure type seen in the window.
 *
 * @example
 * failuresByTypeSpec(state.daily).series.map((s) => s.label) // → ['hallucination', 'wrong_output']
 */
export function failuresByTypeSpec(daily: DashboardState['daily']): ChartSpec {
  const types = Array.from(new Set(daily.flatMap((d) => Object.keys(d.byType)))).sort();
  return {
    kind: 'bar', title: 'Failures per day, by type', stacked: true, unit: 'count',
    labels: daily.map((d) => d.date),
    series: types.map((t, i) => ({ label: t, values: daily.map((d) => d.byType[t] ?? 0), colorVar: SERIES_COLORS[i % SERIES_COLORS.length]! })),
  };
}

/**
 * The trials-vs-failures chart: two lines over the window's days.
 *
 * @example
 * trialsSpec(state.daily).series[0]!.label // → 'Trials'
 */
export function trialsSpec(daily: DashboardState['daily']): ChartSpec {
  return {
    kind: 'line', title: 'Trials and failures per day', stacked: false, unit: 'count',
    labels: daily.map((d) => d.date),
    series: [
      { label: 'Trials', values: daily.map((d) => d.trials), colorVar: '--vscode-charts-blue' },
      { label: 'Failures', values: daily.map((d) => d.failures), colorVar: '--vscode-charts-red' },
    ],
  };
}

/**
 * Renders the dashboard into `root`, listens for host messages and posts `ready`.
 *
 * @example
 * mountDashboard(document.getElementById('dashboard-root')!, hostChannel(vscodeApi()));
 */
export function mountDashboard(root: HTMLElement, channel: HostChannel, deps: ChartDeps = {}): MountedView {
  const chartDeps = { factory: deps.factory ?? chartJsFactory, theme: deps.theme ?? bodyTheme };
  const now = deps.now ?? Date.now;
  const win = deps.window ?? window;
  const persisted = channel.load();
  let charts: ChartHandle[] = [];
  let restored = false;

  const refresh = h('button', { type: 'button', class: 'secondary' }, 'Refresh');
  refresh.addEventListener('click', () => channel.post({ type: 'refresh' }));
  const body = h('div', { class: 'dashboard-body' }, h('p', { class: 'empty' }, 'Loading the dashboard…'));
  replaceChildren(root, h('header', { class: 'toolbar' }, h('h2', {}, 'Immune dashboard'), h('div', { class: 'toolbar-buttons' }, refresh)), body);

  const destroyCharts = (): void => { charts.forEach((c) => c.destroy()); charts = []; };
  const section = (key: (typeof DASHBOARD_SECTIONS)[number], ...content: Array<Node | string>): HTMLElement =>
    h('section', { class: 'dash-section', id: `section-${key}`, 'aria-labelledby': `section-${key}-title`, tabindex: '-1' },
      h('h3', { id: `section-${key}-title` }, SECTION_TITLES[key]), ...content);
  const nav = (): HTMLElement => h('nav', { class: 'section-nav', 'aria-label': 'Dashboard sections' },
    ...DASHBOARD_SECTIONS.map((key) => {
      const b = h('button', { type: 'button', class: 'link-button', 'aria-current': persisted.section === key ? 'true' : false }, SECTION_TITLES[key]);
      b.addEventListener('click', () => goTo(key, true));
      return b;
    }));
  const goTo = (key: string, focus: boolean): void => {
    const el = body.querySelector<HTMLElement>(`#section-${key}`);
    if (!el) return;
    persisted.section = key;
    channel.save(persisted);
    for (const b of Array.from(body.querySelectorAll('.section-nav button'))) {
      if (b.textContent === SECTION_TITLES[key as keyof typeof SECTION_TITLES]) b.setAttribute('aria-current', 'true');
      else b.removeAttribute('aria-current');
    }
    el.scrollIntoView?.({ block: 'start' });
    if (focus) el.focus();
  };

  const render = (s: DashboardState): void => {
    const notices = s.notices.length > 0 && h('ul', { class: 'notices', 'aria-label': 'Notices' }, ...s.notices.map((n) => h('li', { class: 'notice' }, n)));
    if (!s.hasData) {
      destroyCharts();
      replaceChildren(body, notices, h('div', { class: 'empty' },
        h('p', {}, `No graded tool call yet in the last ${s.days} days.`),
        h('p', { class: 'hint' }, 'Once Claude Code runs tools with Task Orchestrator installed, every result is graded here: health, failure patterns, trials and alerts.')));
      return;
    }
    const t = now();
    const specs = [failuresByTypeSpec(s.daily), trialsSpec(s.daily)];
    // The same canvases and Chart instances across updates: no flicker, no leaked charts.
    if (charts.length === specs.length) specs.forEach((spec, i) => charts[i]!.update(spec));
    else charts = specs.map((spec) => mountChart(spec, chartDeps));
    const open = new Set(Array.from(body.querySelectorAll<HTMLElement>('.trials details[open]')).map((d) => d.dataset.id));
    const trials = trialsList(s.recentTrials, t);
    for (const d of Array.from(trials.querySelectorAll<HTMLDetailsElement>('details'))) d.open = open.has(d.dataset.id);
    replaceChildren(body, notices, summary(s), nav(),
      section('charts', ...charts.map((c) => c.el)),
      section('patterns', patternsTable(s.patterns, t)),
      section('trials', trials),
      section('alerts', alertsTable(s.alerts, t)));
    if (!restored && persisted.section) goTo(persisted.section, false);
    restored = true;
  };

  const stopTheme = observeTheme(() => charts.forEach((c) => c.retheme()));
  const stop = onHostMessage(win, (m) => { if (m.type === 'dashboard') render(m.state); });
  channel.post({ type: 'ready' });
  return { dispose() { stop(); stopTheme(); destroyCharts(); } };
}

function summary(s: DashboardState): HTMLElement {
  // Rates are rounded like the health line the engine writes (66.7 %), not floored as budget shares are.
  const rate = s.failureRate === null ? 'no data' : roundedPercent(s.failureRate);
  const prev = s.previousFailureRate === null ? 'no data' : roundedPercent(s.previousFailureRate);
  return h('div', { class: 'summary-block' },
    h('p', { class: `health health-${s.health.status}` },
      h('span', { class: 'badge' }, s.health.status), ' ', h('span', { class: 'health-reason' }, s.health.reason)),
    h('dl', { class: 'totals' },
      h('dt', {}, `Failure rate (${s.days} d)`), h('dd', { class: 'failure-rate' }, rate),
      h('dt', {}, 'Previous window'), h('dd', {}, prev),
      h('dt', {}, 'Trend'), h('dd', { class: `trend trend-${s.trend}` }, s.trend),
      h('dt', {}, 'Trials'), h('dd', {}, s.totals.trials),
      h('dt', {}, 'Failures'), h('dd', {}, s.totals.failures),
      h('dt', {}, 'Patterns'), h('dd', {}, s.totals.patterns),
      h('dt', {}, 'Warnings'), h('dd', {}, s.totals.warnings)));
}

function patternsTable(rows: PatternRow[], now: number): HTMLElement {
  if (rows.length === 0) return h('p', { class: 'empty' }, 'No failure pattern: nothing has failed the same way twice.');
  return h('table', { class: 'patterns' },
    h('thead', {}, h('tr', {}, ...['Type', 'Operation', 'Occurrences', 'Last seen', 'Relevance'].map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, ...rows.map((p) => h('tr', { title: p.reason },
      h('td', {}, p.failureType),
      h('td', { class: 'mono' }, p.operation),
      h('td', { class: 'num' }, p.count),
      h('td', { title: formatDateTime(p.lastSeen) }, formatAge(p.lastSeen, now)),
      h('td', { class: 'relevance' },
        h('meter', { min: 0, max: 1, low: 0.25, high: 0.75, optimum: 0, value: p.relevance, 'aria-label': `relevance of ${p.failureType} on ${p.operation}` }),
        ' ', formatPercent(p.relevance))))));
}

function trialsList(rows: TrialRow[], now: number): HTMLElement {
  if (rows.length === 0) return h('p', { class: 'empty' }, 'No trial in the window.');
  return h('ul', { class: 'trials' }, ...rows.map((t) => h('li', { class: t.passed ? 'passed' : 'failed' },
    h('details', { 'data-id': t.id },
      h('summary', {},
        h('span', { class: 'badge' }, t.passed ? 'passed' : 'failed'), ' ',
        h('span', { class: 'tool' }, t.tool), ' ', h('span', { class: 'mono' }, t.operation),
        t.failureType && h('span', { class: 'failure-type' }, ` · ${t.failureType}`),
        h('span', { class: 'age', title: formatDateTime(t.ts) }, ` · ${formatAge(t.ts, now)}`)),
      t.reason && h('p', { class: 'trial-reason' }, t.reason),
      t.graders.length === 0
        ? h('p', { class: 'hint' }, 'No grader result.')
        : h('table', { class: 'graders' },
          h('thead', {}, h('tr', {}, ...['Grader', 'Result', 'Score', 'Reason'].map((c) => h('th', { scope: 'col' }, c)))),
          h('tbody', {}, ...t.graders.map((g) => h('tr', { class: g.passed ? 'passed' : 'failed' },
            h('td', {}, g.name), h('td', {}, g.passed ? 'passed' : 'failed'), h('td', { class: 'num' }, g.score.toFixed(2)), h('td', {}, g.reason)))))))));
}

function alertsTable(rows: AlertRow[], now: number): HTMLElement {
  if (rows.length === 0) return h('p', { class: 'empty' }, 'No alert.');
  return h('table', { class: 'alerts' },
    h('thead', {}, h('tr', {}, ...['Severity', 'Kind', 'Message', 'When', 'State'].map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, ...rows.map((a) => h('tr', { class: `severity-${a.severity}${a.cleared ? ' cleared' : ''}` },
      h('td', {}, h('span', { class: 'badge' }, a.severity)),
      h('td', {}, a.kind),
      h('td', {}, a.message),
      h('td', { title: formatDateTime(a.ts) }, formatAge(a.ts, now)),
      h('td', {}, a.cleared ? 'cleared' : 'active')))));
}

function roundedPercent(fraction: number): string {
  return `${Math.round(fraction * 1000) / 10}%`;
}
