// Check recording, a bounded worker pool and the printed report.
import fs from 'node:fs';
import path from 'node:path';
import { makeSandbox } from './sandbox.mjs';

/** Records the checks of one (version, scenario) task. */
export function makeRecorder() {
  const checks = [];
  const infos = [];
  return {
    checks,
    infos,
    /** @param {string} label @param {unknown} ok @param {string} [detail] @param {{ classifier?: boolean }} [opts] */
    check(label, ok, detail = '', opts = {}) {
      checks.push({ label, ok: Boolean(ok), detail: String(detail ?? ''), classifier: opts.classifier === true });
    },
    info(text) { infos.push(text); },
  };
}

/** Run one scenario for one CLI version in its own sandbox; never throws. */
export async function runTask({ scenario, version, bin, base, resultsDir, keep }) {
  const t = makeRecorder();
  const sb = makeSandbox(`${version}-${scenario.name}`);
  const ctx = { ...base, version, bin, sb, artifacts: [] };
  const started = Date.now();
  try {
    await scenario.run(ctx, t);
  } catch (err) {
    t.check('scenario ran without throwing', false, err?.stack ?? String(err));
  }
  const ms = Date.now() - started;
  const dir = path.join(resultsDir, version, scenario.name);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  for (const a of ctx.artifacts) fs.writeFileSync(path.join(dir, a.name), a.text);
  fs.writeFileSync(path.join(dir, 'checks.json'), JSON.stringify({ checks: t.checks, infos: t.infos, ms }, null, 2));
  if (keep) t.info(`sandbox kept at ${sb.root}`);
  else sb.cleanup();
  const failed = t.checks.filter((c) => !c.ok);
  return { scenario, version, ms, checks: t.checks, infos: t.infos, failed, ok: failed.length === 0 && t.checks.length > 0 };
}

/** Run async jobs with at most `limit` in flight, reporting each as it finishes, results in input order. */
export async function pool(jobs, limit, onDone) {
  const results = new Array(jobs.length);
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const i = next++;
      results[i] = await jobs[i]();
      onDone?.(results[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, jobs.length)) }, worker));
  return results;
}

/** One task's block of the report. */
export function formatTask(r, stubClassifier) {
  const lines = [`── ${r.version} · ${r.scenario.name}: ${r.scenario.title} (${(r.ms / 1000).toFixed(1)}s) ${r.ok ? 'PASS' : 'FAIL'}`];
  for (const c of r.checks) {
    const tag = !c.ok && c.classifier && stubClassifier ? '  [awaits classifier]' : '';
    lines.push(`   ${c.ok ? '✔' : '✘'} ${c.label}${tag}`);
    if (!c.ok && c.detail) lines.push(`       ${c.detail.replace(/\n/g, '\n       ')}`);
  }
  for (const i of r.infos) lines.push(`   · ${i}`);
  return lines.join('\n');
}

/** Scenario × version table. */
export function formatSummary(results, versions, scenarios) {
  const width = Math.max(...scenarios.map((s) => s.name.length)) + 2;
  const head = `${'scenario'.padEnd(width)}${versions.map((v) => v.padEnd(22)).join('')}`;
  const rows = scenarios.map((s) => `${s.name.padEnd(width)}${versions.map((v) => {
    const r = results.find((x) => x.version === v && x.scenario === s);
    if (!r) return '-'.padEnd(22);
    const cls = r.failed.filter((c) => c.classifier).length;
    const cell = r.ok ? `pass (${r.checks.length})` : `FAIL ${r.failed.length}/${r.checks.length}${cls ? ` (${cls} cls)` : ''}`;
    return cell.padEnd(22);
  }).join('')}`);
  return [head, ...rows].join('\n');
}
