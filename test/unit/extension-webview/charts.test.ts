// @vitest-environment jsdom
/// <reference lib="dom" />
import { Chart } from 'chart.js';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { type ChartSpec, chartJsFactory, chartTable, mountChart, observeTheme, toChartConfig } from '../../../extension/webview/charts.js';
import { h } from '../../../extension/webview/dom.js';
import { decidedByLabel, formatAge, formatTimeLeft, projectName, shortSession } from '../../../extension/webview/format.js';
import { persistedFrom } from '../../../extension/webview/vscode-api.js';
import { all, text } from './vscode-stub.js';

const spec: ChartSpec = {
  kind: 'bar', title: 'Spend', stacked: true, unit: 'usd', labels: ['2026-05-11', '2026-05-12'],
  series: [{ label: 'gemini', values: [1, 2], colorVar: '--vscode-charts-red' }, { label: 'openai', values: [0.5, 0], colorVar: '--vscode-charts-blue' }],
};

/** A 2D context that answers every call, enough for Chart.js to lay out and draw in jsdom. */
function fakeContext(canvas: HTMLCanvasElement): CanvasRenderingContext2D {
  const calls: string[] = [];
  const target = { canvas, calls, measureText: (t: string) => ({ width: t.length * 6, actualBoundingBoxAscent: 8, actualBoundingBoxDescent: 2 }) } as Record<string, unknown>;
  return new Proxy(target, {
    get(t, key) {
      if (key in t) return t[key as string];
      return (..._args: unknown[]) => { calls.push(String(key)); };
    },
    set(t, key, value) { t[key as string] = value; return true; },
  }) as unknown as CanvasRenderingContext2D;
}

afterEach(() => { vi.restoreAllMocks(); vi.unstubAllGlobals(); });

describe('charts', () => {
  test('the real Chart.js, as bundled (bar and line registered), draws on a canvas with a context', () => {
    vi.stubGlobal('ResizeObserver', class { observe() {} unobserve() {} disconnect() {} });
    const ctxs = new Map<HTMLCanvasElement, CanvasRenderingContext2D>();
    vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockImplementation(function (this: HTMLCanvasElement) {
      if (!ctxs.has(this)) ctxs.set(this, fakeContext(this));
      return ctxs.get(this)!;
    } as unknown as HTMLCanvasElement['getContext']);
    for (const kind of ['bar', 'line'] as const) {
      const handle = mountChart({ ...spec, kind }, { factory: chartJsFactory, theme: () => '' });
      document.body.append(handle.el);
      const canvas = handle.el.querySelector('canvas')!;
      // jsdom has no layout (every size is 0), so Chart.js sets the context up but has no area to paint.
      expect((ctxs.get(canvas) as unknown as { calls: string[] }).calls).toContain('setTransform');
      const chart = Chart.getChart(canvas)!;
      expect((chart.config as { type: string }).type).toBe(kind);
      expect(chart.data.datasets.map((d) => d.label)).toEqual(['gemini', 'openai']);
      handle.update({ ...spec, kind, labels: ['a', 'b'] });
      expect(chart.data.labels).toEqual(['a', 'b']);
      handle.destroy();
      expect(Chart.getChart(canvas)).toBeUndefined();
      handle.el.remove();
    }
  });

  test('the config takes its colours from the theme reader and turns animation off', () => {
    const theme = (v: string): string => (v === '--vscode-charts-red' ? 'red-from-theme' : v === '--vscode-foreground' ? 'fg' : '');
    const config = toChartConfig(spec, theme);
    expect(config.data.datasets.map((d) => d.backgroundColor)).toEqual(['red-from-theme', 'fg']);
    expect(config.options!.animation).toBe(false);
    const y = (config.options!.scales as Record<string, { ticks: { callback: (v: number) => string } }>).y!;
    expect(y.ticks.callback(2.5)).toBe('$2.50');
  });

  test('the text alternative has a row per day, a column per series and a total when stacked', () => {
    const table = chartTable(spec);
    expect(text(table.querySelector('caption'))).toBe('Spend');
    expect(all(table, 'tbody tr').map((r) => all(r, 'th,td').map(text))).toEqual([['2026-05-11', '$1.00', '$0.5000', '$1.50'], ['2026-05-12', '$2.00', '$0.00', '$2.00']]);
  });

  test('a theme change on the body is observed; an unrelated attribute is not', async () => {
    let changes = 0;
    const stop = observeTheme(() => { changes++; });
    document.body.setAttribute('data-other', '1');
    await new Promise((r) => setTimeout(r, 0));
    expect(changes).toBe(0);
    document.body.className = 'vscode-high-contrast';
    await new Promise((r) => setTimeout(r, 0));
    expect(changes).toBe(1);
    stop();
  });
});

describe('dom and formats', () => {
  test('h() refuses an inline style, which the CSP would block anyway', () => {
    expect(() => h('div', { style: 'color: red' })).toThrow(/CSP/);
  });

  test('ages, countdowns, who decided, sessions and projects read for people', () => {
    const now = 1_000_000_000;
    expect(formatAge(now - 2_000, now)).toBe('just now');
    expect(formatAge(now - 42_000, now)).toBe('42 s ago');
    expect(formatAge(now - 125_000, now)).toBe('2 min ago');
    expect(formatAge(now - 3 * 3_600_000, now)).toBe('3 h ago');
    expect(formatTimeLeft(now + 400, now)).toBe('1 s left');
    expect(formatTimeLeft(now + 65_000, now)).toBe('1 min 5 s left');
    expect(formatTimeLeft(now + 3_660_000, now)).toBe('1 h 1 min left');
    expect(formatTimeLeft(now, now)).toBe('expired');
    expect(decidedByLabel('human:vscode')).toBe('you in VS Code');
    expect(decidedByLabel('human:cli')).toBe('CLI');
    expect(decidedByLabel('rule:r-1')).toBe('always-rule r-1');
    expect(decidedByLabel(null)).toBe('nobody');
    expect(shortSession('')).toBe('—');
    expect(projectName('/home/dev/app/')).toBe('app');
  });

  test('a saved state is read field by field', () => {
    expect(persistedFrom({ selectedId: 'x', drafts: { a: 'no', b: 3 }, section: 'alerts' })).toEqual({ selectedId: 'x', drafts: { a: 'no' }, section: 'alerts' });
    expect(persistedFrom('garbage')).toEqual({ selectedId: null, drafts: {} });
  });
});
