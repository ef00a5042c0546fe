/**
 * The cost view: each provider's spend today and this month against its budgets (a meter coloured by the
 * budget level the host computed), spend per day by provider as a stacked bar chart, Claude Code session
 * costs, and the date of the price table the costs were priced with.
 */
import type { CostState, CostWindow } from '../src/protocol.js';
import { type ChartHandle, type ChartSpec, SERIES_COLORS, bodyTheme, chartJsFactory, mountChart, observeTheme } from './charts.js';
import type { ChartDeps, MountedView } from './dashboard-view.js';
import { h, replaceChildren } from './dom.js';
import { formatAge, formatDateTime, formatPercent, formatUsd, projectName, shortSession } from './format.js';
import { type HostChannel, onHostMessage } from './vscode-api.js';

/**
 * Spend per day, one stacked series per provider.
 *
 * @example
 * spendSpec(state.daily).series.map((s) => s.label) // → ['gemini', 'openai']
 */
export function spendSpec(daily: CostState['daily']): ChartSpec {
  const providers = Array.from(new Set(daily.flatMap((d) => Object.keys(d.byProvider)))).sort();
  return {
    kind: 'bar', title: 'Spend per day, by provider', stacked: true, unit: 'usd',
    labels: daily.map((d) => d.date),
    series: providers.map((p, i) => ({ label: p, values: daily.map((d) => d.byProvider[p] ?? 0), colorVar: SERIES_COLORS[(i + 4) % SERIES_COLORS.length]! })),
  };
}

/**
 * A window's spend as words: against its limit, or with none set.
 *
 * @example
 * windowText({ spent: 0.42, limit: 5, fraction: 0.084 }) // → '$0.4200 of $5.00 (8.4%)'
 */
export function windowText(w: CostWindow): string {
  return w.limit === null ? `${formatUsd(w.spent)} (no budget set)` : `${formatUsd(w.spent)} of ${formatUsd(w.limit)} (${formatPercent(w.fraction)})`;
}

/**
 * Renders the cost view into `root`, listens for host messages and posts `ready`.
 *
 * @example
 * mountCost(document.getElementById('cost-root')!, hostChannel(vscodeApi()));
 */
export function mountCost(root: HTMLElement, channel: HostChannel, deps: ChartDeps = {}): MountedView {
  const chartDeps = { factory: deps.factory ?? chartJsFactory, theme: deps.theme ?? bodyTheme };
  const now = deps.now ?? Date.now;
  const win = deps.window ?? window;
  let chart: ChartHandle | null = null;

  const refresh = h('button', { type: 'button', class: 'secondary' }, 'Refresh');
  refresh.addEventListener('click', () => channel.post({ type: 'refresh' }));
  const body = h('div', { class: 'cost-body' }, h('p', { class: 'empty' }, 'Loading costs…'));
  replaceChildren(root, h('header', { class: 'toolbar' }, h('h2', {}, 'Cost'), h('div', { class: 'toolbar-buttons' }, refresh)), body);

  const render = (s: CostState): void => {
    const notices = s.notices.length > 0 && h('ul', { class: 'notices', 'aria-label': 'Notices' }, ...s.notices.map((n) => h('li', { class: 'notice' }, n)));
    if (!s.hasData) {
      chart?.destroy();
      chart = null;
      replaceChildren(body, notices, h('div', { class: 'empty' },
        h('p', {}, 'Nothing spent or budgeted yet.'),
        h('p', { class: 'hint' }, 'Calls to Gemini, OpenAI or another provider through Task Orchestrator, and Claude Code sessions, are priced and charged to daily and monthly budgets here.')));
      return;
    }
    const spec = spendSpec(s.daily);
    if (chart) chart.update(spec);
    else chart = mountChart(spec, chartDeps);
    const t = now();
    replaceChildren(body, notices,
      h('section', { class: 'providers', 'aria-labelledby': 'providers-title' },
        h('h3', { id: 'providers-title' }, 'Budgets by provider'),
        s.providers.length === 0 ? h('p', { class: 'empty' }, 'No provider has spend or a budget.') : h('ul', { class: 'provider-list' }, ...s.providers.map((p) =>
          h('li', { class: `provider level-${p.level}` },
            h('div', { class: 'provider-head' }, h('span', { class: 'provider-name' }, p.provider), ' ', h('span', { class: 'badge' }, p.level)),
            windowRow('Today', p.provider, p.today),
            windowRow('This month', p.provider, p.month))))),
      h('section', { class: 'spend-chart', 'aria-label': 'Spend per day' }, chart.el),
      h('section', { class: 'sessions', 'aria-labelledby': 'sessions-title' },
        h('h3', { id: 'sessions-title' }, 'Claude Code sessions'),
        s.claudeSessions.length === 0 ? h('p', { class: 'empty' }, 'No Claude Code session cost recorded yet.') : h('table', { class: 'session-table' },
          h('thead', {}, h('tr', {}, ...['Session', 'Project', 'Cost', 'Updated'].map((c) => h('th', { scope: 'col' }, c)))),
          h('tbody', {}, ...s.claudeSessions.map((c) => h('tr', {},
            h('td', { class: 'mono', title: c.session }, shortSession(c.session)),
            h('td', { title: c.project }, projectName(c.project)),
            h('td', { class: 'num' }, formatUsd(c.costUsd),
              c.unpriced.length > 0 && h('div', { class: 'unpriced' }, `not priced (no price for): ${c.unpriced.join(', ')}`)),
            h('td', { title: formatDateTime(c.updatedAt) }, formatAge(c.updatedAt, t))))))),
      h('p', { class: 'price-date hint' }, s.priceDate === null ? 'Price table date unknown.' : `Prices as of ${s.priceDate}.`));
  };

  const stopTheme = observeTheme(() => chart?.retheme());
  const stop = onHostMessage(win, (m) => { if (m.type === 'cost') render(m.state); });
  channel.post({ type: 'ready' });
  return { dispose() { stop(); stopTheme(); chart?.destroy(); chart = null; } };
}

function windowRow(label: string, provider: string, w: CostWindow): HTMLElement {
  return h('div', { class: 'window' },
    h('span', { class: 'window-label' }, label),
    w.limit !== null && h('meter', {
      min: 0, max: 1, low: 0.8, high: 0.95, optimum: 0, value: Math.min(1, Math.max(0, w.fraction)),
      'aria-label': `${provider} ${label.toLowerCase()}: ${windowText(w)}`,
    }),
    h('span', { class: 'window-text' }, windowText(w)));
}
