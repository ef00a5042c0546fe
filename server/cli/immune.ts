/**
 * `immune status|dashboard|patterns|check|export`: the immune memory as the hooks built it — health and
 * trends computed from the graded trials, the remembered failure patterns, a prompt checked against all
 * of them, and the trials exported as training data (JSONL on disk).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { checkPrompt, dashboardMarkdown, type Dashboard, decayedRelevance, type ExportTrial, PatternIndex, trialsToJsonl } from '../engine/immune/index.js';
import { loadDashboard } from '../engine/runtime/immune-dashboard.js';
import type { FailurePattern } from '../engine/immune/types.js';
import { gradedTrials, type GradedTrial, immunePatterns } from '../engine/store/repos-immune.js';
import { commandArgs, UsageError } from './args.js';
import { parseTime } from './audit.js';
import { positiveInt } from './inbox/list.js';
import type { CliIO } from './io.js';
import { pathsOf, withStore } from './state.js';

export async function runImmune(args: string[], io: CliIO): Promise<number> {
  const [sub = 'status', ...rest] = args;
  switch (sub) {
    case 'status':
    case 'dashboard':
      return dashboard(rest, io, sub);
    case 'patterns':
      return patterns(rest, io);
    case 'check':
      return check(rest, io);
    case 'export':
      return exportTrials(rest, io);
    default:
      throw new UsageError(`immune: unknown subcommand ${JSON.stringify(sub)}; try: status, dashboard, patterns, check, export`);
  }
}

async function dashboard(args: string[], io: CliIO, sub: 'status' | 'dashboard'): Promise<number> {
  const { values } = commandArgs<{ days?: string; json?: boolean; markdown?: boolean; project?: string }>(
    args, { days: { type: 'string' }, json: { type: 'boolean' }, markdown: { type: 'boolean' }, project: { type: 'string' } }, [], `immune ${sub}`,
  );
  const days = positiveInt(values.days, `immune ${sub} --days`) ?? 7;
  const project = values.project === undefined ? undefined : resolve(io.cwd, values.project);
  const d = await withStore(io, (store) => loadDashboard(store, { now: io.now(), days, ...(project ? { project } : {}) }));
  if (values.json) await io.out(`${JSON.stringify(d, null, 2)}\n`);
  else if (sub === 'dashboard' || values.markdown) await io.out(dashboardMarkdown(d));
  else await io.out(statusText(d));
  return 0;
}

function pct(x: number | null): string {
  return x === null ? '–' : `${(x * 100).toFixed(1)}%`;
}

function statusText(d: Dashboard): string {
  const lines = [
    `Immune memory: ${d.health.status} (${d.health.reason})`,
    `  failure rate ${pct(d.failureRate)} over the last ${d.days} days (previous ${d.days}: ${pct(d.previousFailureRate)}; ${d.trend})`,
    `  ${d.totals.trials} graded tool calls, ${d.totals.failures} failed; ${d.totals.patterns} remembered failure patterns`,
    `  warnings shown: ${d.totals.warnings}; recurrence prevented after a warning: ${d.recurrencePrevented} (recurred anyway: ${d.recurrenceAfterWarning})`,
  ];
  if (d.topPatterns.length) {
    lines.push('  top patterns:');
    for (const p of d.topPatterns.slice(0, 5)) lines.push(`    ${p.id}  ${p.failureType} ×${p.count}  ${p.operation}  ${p.reason.slice(0, 80)}`);
  }
  return `${lines.join('\n')}\n`;
}

async function patterns(args: string[], io: CliIO): Promise<number> {
  const { values } = commandArgs<{ project?: string; limit?: string; json?: boolean }>(
    args, { project: { type: 'string' }, limit: { type: 'string' }, json: { type: 'boolean' } }, [], 'immune patterns',
  );
  const limit = positiveInt(values.limit, 'immune patterns --limit') ?? 20;
  const project = values.project === undefined ? undefined : resolve(io.cwd, values.project);
  const list = await withStore(io, (store) => store.read((db) => immunePatterns.list(db, { limit, ...(project ? { project } : {}) })));
  if (values.json) {
    await io.out(`${JSON.stringify(list, null, 2)}\n`);
    return 0;
  }
  if (list.length === 0) {
    await io.out('No failure patterns remembered yet.\n');
    return 0;
  }
  const now = io.now();
  for (const p of list) {
    await io.out(
      `${p.id}  ${p.failureType.padEnd(16)} ×${String(p.count).padEnd(4)} relevance ${decayedRelevance(p, now).toFixed(2)}  last ${new Date(p.lastSeen).toISOString()}\n` +
        `    ${p.operation}: ${p.lastReason}\n    input: ${p.inputSummary.slice(0, 160)}\n`,
    );
  }
  return 0;
}

async function check(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = commandArgs<{ operation?: string; project?: string; json?: boolean; threshold?: string }>(
    args, { operation: { type: 'string' }, project: { type: 'string' }, json: { type: 'boolean' }, threshold: { type: 'string' } }, ['prompt'], 'immune check',
  );
  const threshold = values.threshold === undefined ? undefined : Number(values.threshold);
  if (threshold !== undefined && !(threshold >= 0 && threshold <= 1)) throw new UsageError(`immune check --threshold: expected a number from 0 to 1, got ${JSON.stringify(values.threshold)}`);
  const project = resolve(io.cwd, values.project ?? io.cwd);
  const all: FailurePattern[] = await withStore(io, (store) => store.read((db) => immunePatterns.all(db)));
  const result = checkPrompt(new PatternIndex(all), positionals[0] as string, {
    project, now: io.now(), ...(values.operation ? { operation: values.operation } : {}), ...(threshold === undefined ? {} : { threshold }),
  });
  if (values.json) await io.out(`${JSON.stringify({ risk: result.risk, guardrails: result.guardrails, context: result.context, matches: result.matches.map((m) => ({ id: m.pattern.id, similarity: m.similarity, risk: m.risk, reasons: m.reasons })) }, null, 2)}\n`);
  else await io.out(result.context ? `${result.context}\n` : `No remembered failure resembles this (checked ${all.length} pattern${all.length === 1 ? '' : 's'}).\n`);
  return 0;
}

function exportRow(t: GradedTrial): ExportTrial {
  return {
    id: t.id, ts: t.ts, prompt: t.data.input ?? '', response: t.data.output ?? '', passed: t.passed, tool: t.tool, operation: t.operation,
    failureType: t.failureType, model: t.model, costUsd: t.costUsd, latencyMs: t.durationMs,
    results: (t.data.results ?? []).map((r) => ({ name: r.name, passed: r.passed, score: r.score, reason: r.reason, ...(r.skipped ? { skipped: true } : {}) })),
    metadata: { session: t.session, project: t.project, source: t.data.source ?? null, reason: t.data.reason ?? null },
  };
}

async function exportTrials(args: string[], io: CliIO): Promise<number> {
  const { values } = commandArgs<{ out?: string; since?: string; project?: string; limit?: string }>(
    args, { out: { type: 'string' }, since: { type: 'string' }, project: { type: 'string' }, limit: { type: 'string' } }, [], 'immune export',
  );
  const since = values.since === undefined ? undefined : parseTime(values.since, io.now(), 'immune export --since');
  const project = values.project === undefined ? undefined : resolve(io.cwd, values.project);
  const limit = positiveInt(values.limit, 'immune export --limit') ?? 100_000;
  const rows = await withStore(io, (store) => store.read((db) => gradedTrials.list(db, { limit, ...(since === undefined ? {} : { since }), ...(project ? { project } : {}) })));
  const stamp = new Date(io.now()).toISOString().replace(/[:]/g, '-').replace(/\..*$/, '');
  const out = values.out ? resolve(io.cwd, values.out) : join(pathsOf(io).dir, 'exports', `trials-${stamp}.jsonl`);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, trialsToJsonl(rows.reverse().map(exportRow)), { mode: 0o600 });
  await io.out(`Exported ${rows.length} trial${rows.length === 1 ? '' : 's'} to ${out}\n`);
  return 0;
}
