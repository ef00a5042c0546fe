/**
 * Charts with Chart.js (bundled, tree-shaken: only the bar and line controllers, their elements, the category
 * and linear scales, the legend and the tooltip are registered). Every chart comes with a text alternative —
 * a data table, visually hidden until "Show data" is pressed — and is drawn only where the canvas has a 2D
 * context (none under jsdom, so the table is still rendered and tests run). Colours are VS Code's theme
 * variables, re-read when the theme changes.
 */
import {
  BarController, BarElement, CategoryScale, Chart, type ChartConfiguration, Legend, LinearScale, LineController,
  LineElement, PointElement, Tooltip,
} from 'chart.js';
import { h, replaceChildren } from './dom.js';
import { formatUsd } from './format.js';

export interface ChartSeries {
  label: string;
  values: number[];
  /** A VS Code theme variable, e.g. `--vscode-charts-red`. */
  colorVar: string;
}

export interface ChartSpec {
  kind: 'bar' | 'line';
  title: string;
  labels: string[];
  series: ChartSeries[];
  stacked: boolean;
  unit: 'count' | 'usd';
}

/** What the views need of a chart instance (Chart.js's Chart satisfies it). */
export interface ChartLike {
  data: ChartConfiguration['data'];
  options: ChartConfiguration['options'];
  update(mode?: 'none'): void;
  destroy(): void;
}

/** Makes a chart on a canvas; the default is Chart.js, tests pass a recorder. */
export type ChartFactory = (canvas: HTMLCanvasElement, config: ChartConfiguration) => ChartLike;

/** Reads a theme variable's value ('' when unset). */
export type ThemeReader = (cssVar: string) => string;

/** The series colours, in order, for data with no colour of its own. */
export const SERIES_COLORS = [
  '--vscode-charts-red', '--vscode-charts-orange', '--vscode-charts-yellow', '--vscode-charts-purple',
  '--vscode-charts-blue', '--vscode-charts-green',
] as const;

let registered = false;

/**
 * Chart.js, registered with only the parts these views use.
 *
 * @example
 * const chart = chartJsFactory(canvas, config);
 */
export const chartJsFactory: ChartFactory = (canvas, config) => {
  if (!registered) {
    Chart.register(BarController, BarElement, LineController, LineElement, PointElement, CategoryScale, LinearScale, Legend, Tooltip);
    registered = true;
  }
  return new Chart(canvas, config) as unknown as ChartLike;
};

/**
 * Theme variables as the body's computed style has them now.
 *
 * @example
 * bodyTheme('--vscode-charts-red') // → '#f14c4c' in Dark+
 */
export const bodyTheme: ThemeReader = (cssVar) => getComputedStyle(document.body).getPropertyValue(cssVar).trim();

/**
 * The Chart.js configuration for a spec, coloured by `theme`; animations off.
 *
 * @example
 * toChartConfig({ kind: 'line', title: 'Trials', labels: ['05-01'], series: [{ label: 'trials', values: [3], colorVar: '--vscode-charts-blue' }], stacked: false, unit: 'count' }, bodyTheme)
 */
export function toChartConfig(spec: ChartSpec, theme: ThemeReader): ChartConfiguration {
  const fg = theme('--vscode-foreground') || undefined;
  const grid = theme('--vscode-editorWidget-border') || theme('--vscode-panel-border') || undefined;
  const font = theme('--vscode-font-family') || undefined;
  const tick = (v: string | number): string => (spec.unit === 'usd' ? formatUsd(Number(v)) : String(v));
  const axis = (stacked: boolean, isY: boolean) => ({
    stacked,
    beginAtZero: true,
    ticks: { color: fg, ...(isY ? { precision: spec.unit === 'count' ? 0 : undefined, callback: tick } : {}) },
    grid: { color: grid },
  });
  return {
    type: spec.kind,
    data: {
      labels: spec.labels,
      datasets: spec.series.map((s) => {
        const color = theme(s.colorVar) || fg;
        return { label: s.label, data: s.values, backgroundColor: color, borderColor: color, borderWidth: spec.kind === 'line' ? 2 : 0, pointRadius: 2 };
      }),
    },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      font: { family: font },
      scales: { x: axis(spec.stacked, false), y: axis(spec.stacked, true) },
      plugins: {
        legend: { labels: { color: fg, boxWidth: 12 } },
        tooltip: { callbacks: spec.unit === 'usd' ? { label: (c) => `${c.dataset.label ?? ''}: ${formatUsd(Number(c.parsed.y))}` } : {} },
      },
    },
  } as ChartConfiguration;
}

/**
 * The chart's text alternative: one row per label, one column per series (and a total when stacked).
 *
 * @example
 * chartTable(spec).querySelectorAll('tbody tr').length // → spec.labels.length
 */
export function chartTable(spec: ChartSpec): HTMLTableElement {
  const value = (v: number): string => (spec.unit === 'usd' ? formatUsd(v) : String(v));
  const total = spec.stacked && spec.series.length > 1;
  return h('table', { class: 'data-table' },
    h('caption', {}, spec.title),
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col' }, 'Day'),
      ...spec.series.map((s) => h('th', { scope: 'col' }, s.label)),
      total && h('th', { scope: 'col' }, 'Total'))),
    h('tbody', {}, ...spec.labels.map((label, i) => h('tr', {},
      h('th', { scope: 'row' }, label),
      ...spec.series.map((s) => h('td', {}, value(s.values[i] ?? 0))),
      total && h('td', {}, value(spec.series.reduce((sum, s) => sum + (s.values[i] ?? 0), 0)))))));
}

/** A chart in the page: its figure, and how to redraw it with new data or a new theme. */
export interface ChartHandle {
  el: HTMLElement;
  update(spec: ChartSpec): void;
  retheme(): void;
  destroy(): void;
}

/**
 * A figure with a caption, a canvas (drawn when it has a 2D context) and the data table; `update` keeps
 * the same canvas and Chart instance.
 *
 * @example
 * const chart = mountChart(spec, { factory: chartJsFactory, theme: bodyTheme }); section.append(chart.el);
 */
export function mountChart(first: ChartSpec, deps: { factory: ChartFactory; theme: ThemeReader }): ChartHandle {
  let spec = first;
  let chart: ChartLike | null = null;
  const canvas = h('canvas', { 'aria-hidden': 'true' });
  const tableSlot = h('div', { class: 'chart-table visually-hidden' });
  const toggle = h('button', { type: 'button', class: 'link-button', 'aria-expanded': 'false' }, 'Show data');
  toggle.addEventListener('click', () => {
    const shown = tableSlot.classList.toggle('visually-hidden') === false;
    toggle.setAttribute('aria-expanded', String(shown));
    toggle.textContent = shown ? 'Hide data' : 'Show data';
  });
  const el = h('figure', { class: 'chart' },
    h('figcaption', {}, h('span', { class: 'chart-title' }, spec.title), ' ', toggle),
    h('div', { class: 'chart-box' }, canvas),
    tableSlot);

  const draw = (): void => {
    const config = toChartConfig(spec, deps.theme);
    if (chart) {
      chart.data = config.data;
      chart.options = config.options;
      chart.update('none');
      return;
    }
    // No 2D context (jsdom, or a GPU-less host that refuses one): the table alone carries the data.
    if (!canvas.getContext('2d')) return;
    chart = deps.factory(canvas, config);
  };
  const render = (): void => {
    replaceChildren(tableSlot, chartTable(spec));
    draw();
  };
  render();
  return {
    el,
    update(next) { spec = next; render(); },
    retheme: draw,
    destroy() { chart?.destroy(); chart = null; },
  };
}

/**
 * Calls `onChange` when VS Code switches theme: it swaps the body's `vscode-light` / `vscode-dark` /
 * `vscode-high-contrast` class, and between two themes of one kind changes `data-vscode-theme-id` and the
 * variables in the root element's style. Returns the function that stops observing.
 *
 * @example
 * const stop = observeTheme(() => charts.forEach((c) => c.retheme()));
 */
export function observeTheme(onChange: () => void): () => void {
  const signature = (): string =>
    `${document.body.className}|${document.body.getAttribute('data-vscode-theme-id') ?? ''}|${document.documentElement.getAttribute('style') ?? ''}`;
  let last = signature();
  const observer = new MutationObserver(() => {
    const now = signature();
    if (now === last) return;
    last = now;
    onChange();
  });
  observer.observe(document.body, { attributes: true, attributeFilter: ['class', 'data-vscode-theme-id'] });
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['style'] });
  return () => observer.disconnect();
}
