/**
 * The immune memory, alerts and risk prediction as tools. All read-only except alert_clear; immune_check
 * is a true dry run (the original's counted as a real check).
 */
import { z } from 'zod/v4';
import { dashboardMarkdown } from '../../engine/immune/dashboard-markdown.js';
import { checkPrompt } from '../../engine/immune/check.js';
import { decayedRelevance } from '../../engine/immune/index.js';
import { PatternIndex } from '../../engine/immune/matcher.js';
import { loadDashboard } from '../../engine/runtime/immune-dashboard.js';
import { predictFromDisk } from '../../engine/runtime/risk-model.js';
import { immuneAlerts, immunePatterns } from '../../engine/store/repos-immune.js';
import type { ServerContext } from '../context.js';
import { fail, ok, tool, type ToolDef } from '../tool.js';

const SEVERITIES = ['info', 'warning', 'critical'] as const;
const RANK = { info: 0, warning: 1, critical: 2 } as const;

export function immuneTools(ctx: ServerContext): ToolDef[] {
  const project = z.string().optional().describe('a project directory (default: this project; "*" for every project)');
  const projectOf = (p: string | undefined) => (p === '*' ? undefined : p ?? ctx.project);
  return [
    tool({
      name: 'immune_status',
      title: 'Immune memory status',
      description: 'Health of the immune memory: failure rate and its trend, graded calls, remembered failure patterns, warnings shown and recurrences prevented.',
      input: { days: z.number().int().min(1).max(90).optional(), project },
      output: { health: z.object({ status: z.string(), reason: z.string() }), failureRate: z.number().nullable(), previousFailureRate: z.number().nullable(), trend: z.string(), totals: z.record(z.string(), z.number()) },
      annotations: { readOnlyHint: true, openWorldHint: false },
      handler: async (a) => {
        const store = await ctx.store();
        const p = projectOf(a.project);
        const d = await loadDashboard(store, { now: ctx.now(), days: a.days ?? 7, ...(p ? { project: p } : {}) });
        return ok(
          { health: d.health, failureRate: d.failureRate, previousFailureRate: d.previousFailureRate, trend: d.trend, totals: { ...d.totals }, recurrencePrevented: d.recurrencePrevented },
          `Immune memory: ${d.health.status} (${d.health.reason}); failure rate ${pct(d.failureRate)} over ${d.totals.trials} graded calls (previous ${pct(d.previousFailureRate)}, ${d.trend}); ${d.totals.patterns} patterns.`,
        );
      },
    }),
    tool({
      name: 'immune_check',
      title: 'Check a prompt against remembered failures',
      description: 'A dry run of the pre-spawn check: how risky a prompt is given the failures remembered, and the guardrails a spawn would get. Records nothing.',
      input: { prompt: z.string().min(1).max(400_000), operation: z.string().optional().describe('default spawn_agent'), project },
      output: { risk: z.number(), guardrails: z.array(z.string()), context: z.string(), matches: z.array(z.object({ patternId: z.string(), similarity: z.number(), risk: z.number(), reasons: z.array(z.string()) })) },
      annotations: { readOnlyHint: true, openWorldHint: false },
      handler: async (a) => {
        const store = await ctx.store();
        const all = await store.read((db) => immunePatterns.all(db));
        const p = projectOf(a.project);
        const r = checkPrompt(new PatternIndex(all), a.prompt, { operation: a.operation ?? 'spawn_agent', now: ctx.now(), ...(p ? { project: p } : {}) });
        return ok(
          { risk: r.risk, guardrails: r.guardrails, context: r.context, matches: r.matches.map((m) => ({ patternId: m.pattern.id, similarity: m.similarity, risk: m.risk, reasons: m.reasons })) },
          r.context || `No remembered failure resembles this prompt (checked ${all.length} pattern${all.length === 1 ? '' : 's'}).`,
        );
      },
    }),
    tool({
      name: 'immune_failures',
      title: 'Remembered failure patterns',
      description: 'The failure patterns the immune memory holds, most recent first, with counts by failure type and operation.',
      input: { limit: z.number().int().min(1).max(200).optional(), project },
      output: { totalPatterns: z.number(), totalOccurrences: z.number(), byType: z.record(z.string(), z.number()), byOperation: z.record(z.string(), z.number()), recent: z.array(z.object({ id: z.string() }).passthrough()) },
      annotations: { readOnlyHint: true, openWorldHint: false },
      handler: async (a) => {
        const store = await ctx.store();
        const p = projectOf(a.project);
        const all = await store.read((db) => immunePatterns.list(db, { ...(p ? { project: p } : {}), limit: 100_000 }));
        const now = ctx.now();
        const byType: Record<string, number> = {};
        const byOperation: Record<string, number> = {};
        for (const x of all) {
          byType[x.failureType] = (byType[x.failureType] ?? 0) + x.count;
          byOperation[x.operation] = (byOperation[x.operation] ?? 0) + x.count;
        }
        const recent = [...all].sort((x, y) => y.lastSeen - x.lastSeen).slice(0, a.limit ?? 10).map((x) => ({
          id: x.id, failureType: x.failureType, operation: x.operation, project: x.project, count: x.count, firstSeen: x.firstSeen, lastSeen: x.lastSeen,
          relevance: Math.round(decayedRelevance(x, now) * 1000) / 1000, reason: x.lastReason, input: x.inputSummary.slice(0, 300),
        }));
        return ok({ totalPatterns: all.length, totalOccurrences: all.reduce((s, x) => s + x.count, 0), byType, byOperation, recent });
      },
    }),
    tool({
      name: 'immune_dashboard',
      title: 'Immune dashboard',
      description: 'The immune dashboard: health, failure rate over time and by type, top patterns, recent failures, warnings — as markdown or JSON.',
      input: { format: z.enum(['markdown', 'json']).optional(), days: z.number().int().min(1).max(90).optional(), project },
      output: { format: z.string(), dashboard: z.unknown() },
      annotations: { readOnlyHint: true, openWorldHint: false },
      handler: async (a) => {
        const store = await ctx.store();
        const p = projectOf(a.project);
        const d = await loadDashboard(store, { now: ctx.now(), days: a.days ?? 7, ...(p ? { project: p } : {}) });
        const markdown = dashboardMarkdown(d);
        return a.format === 'json' ? ok({ format: 'json', dashboard: d }) : ok({ format: 'markdown', dashboard: markdown }, markdown);
      },
    }),
    tool({
      name: 'alert_list',
      title: 'Alerts',
      description: 'Alerts raised by the immune rules (new failure pattern, high risk, failure-rate spike), newest first.',
      input: { limit: z.number().int().min(1).max(500).optional(), severity: z.enum(SEVERITIES).optional().describe('at least this severity'), open_only: z.boolean().optional() },
      output: { count: z.number(), alerts: z.array(z.object({ id: z.string(), severity: z.string(), kind: z.string(), message: z.string() }).passthrough()) },
      annotations: { readOnlyHint: true, openWorldHint: false },
      handler: async (a) => {
        const store = await ctx.store();
        const list = await store.read((db) => immuneAlerts.list(db, { open: a.open_only ?? false, limit: 10_000 }));
        const min = a.severity ? RANK[a.severity] : 0;
        const alerts = list.filter((x) => RANK[x.severity] >= min).slice(0, a.limit ?? 10).map((x) => ({
          id: x.id, ts: x.ts, severity: x.severity, kind: x.kind, message: x.message, project: x.project, patternId: x.patternId, cleared: x.acknowledgedAt !== null,
        }));
        return ok({ count: alerts.length, alerts });
      },
    }),
    tool({
      name: 'alert_clear',
      title: 'Clear alerts',
      description: 'Acknowledges alerts (all open ones, or the given ids). They stay in the history, marked cleared.',
      input: { ids: z.array(z.string().min(1)).max(500).optional() },
      output: { cleared: z.number() },
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
      handler: async (a) => {
        const store = await ctx.store();
        const n = await store.write((db) => immuneAlerts.acknowledge(db, ctx.now(), a.ids?.length ? a.ids : undefined));
        return ok({ cleared: n }, `Cleared ${n} alert${n === 1 ? '' : 's'}.`);
      },
    }),
    tool({
      name: 'predict_risk',
      title: 'Predict failure risk',
      description: 'The trained risk model\'s probability that an operation fails (train it with `task-orchestrator predict train`). Says so when there is not enough data, never a made-up score.',
      input: { prompt: z.string().min(1).max(400_000), tool: z.string().optional().describe('default spawn_agent') },
      output: { status: z.string(), risk: z.number().optional(), label: z.string().optional(), confidence: z.number().optional(), reason: z.string().optional() },
      annotations: { readOnlyHint: true, openWorldHint: false },
      handler: async (a) => {
        try {
          const r = predictFromDisk(ctx.stateDir, { text: a.prompt, tool: a.tool ?? 'spawn_agent' });
          if (r.status === 'not_enough_data') return ok({ status: r.status, reason: r.reason }, `No prediction: ${r.reason}`);
          return ok({ ...r } as Record<string, unknown>, `Risk ${r.risk.toFixed(3)} (${r.label}), confidence ${r.confidence.toFixed(2)}.`);
        } catch (e) {
          return fail((e as Error).message);
        }
      },
    }),
  ];
}

function pct(x: number | null): string {
  return x === null ? 'n/a' : `${(x * 100).toFixed(1)}%`;
}
