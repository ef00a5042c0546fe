// Sections a and c of the bench: classifiers called in process over the corpora (accuracy and time per command).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { combine, contextFor, score, toolCallFor } from './corpus.mjs';
import { summarise } from './stats.mjs';

const COLD_CHILD = fileURLToPath(new URL('./cold-child.mjs', import.meta.url));

/**
 * Cold start in fresh processes (`node --liftoff-only`, as the hook runs): import, first call, first parser call.
 * Returns the summary of each measure over `count` processes.
 */
export function coldStarts(bundle, count) {
  const runs = [];
  for (let i = 0; i < count; i++) {
    const r = spawnSync(process.execPath, ['--liftoff-only', COLD_CHILD, bundle], { encoding: 'utf8', timeout: 30_000 });
    if (r.status !== 0) throw new Error(`cold-start child failed (exit ${r.status}): ${r.stderr.slice(0, 2000)}`);
    runs.push(JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}'));
  }
  const out = {};
  for (const key of ['importMs', 'policyMs', 'firstSimpleMs', 'firstParserMs', 'warmMs']) out[key] = summarise(runs.map((r) => r[key]));
  return out;
}

/**
 * Runs `decide` over every case: one untimed-for-stats warm-up pass (its decisions are scored), then `repeats`
 * timed passes over the whole corpus (passes outside, commands inside, so no command is timed back to back).
 * `decide(testCase)` returns { decision, rule, reason } or a promise of it.
 */
export async function timeClassifier(corpora, decide, repeats) {
  const cases = corpora.flatMap((c) => c.cases);
  const decisions = new Map();
  const warmupStart = performance.now();
  for (const testCase of cases) decisions.set(testCase, await settle(decide(testCase)));
  const warmupMs = performance.now() - warmupStart;

  const perCase = cases.map(() => []);
  const all = [];
  for (let pass = 0; pass < repeats; pass++) {
    for (let i = 0; i < cases.length; i++) {
      const testCase = cases[i];
      const t0 = performance.now();
      const r = decide(testCase);
      if (r && typeof r.then === 'function') await r;
      const dt = performance.now() - t0;
      perCase[i]?.push(dt);
      all.push(dt);
    }
  }
  const medians = perCase.map((samples) => summarise(samples).p50);
  const slowest = cases
    .map((testCase, i) => ({ id: testCase.id, command: testCase.command, medianMs: medians[i] ?? Number.NaN }))
    .sort((a, b) => b.medianMs - a.medianMs)
    .slice(0, 5);

  const scores = {};
  for (const corpus of corpora) {
    scores[corpus.name] = score(corpus.cases.map((testCase) => ({ testCase, ...decisions.get(testCase) })));
  }
  scores.combined = combine(Object.values(scores));
  return { scores, warmupMs, perCall: summarise(all), perCommand: summarise(medians), slowest };
}

async function settle(value) {
  try {
    return await value;
  } catch (err) {
    return { decision: 'none', rule: 'threw', reason: err instanceof Error ? err.message : String(err) };
  }
}

/** Our classifier as a `decide` function (default policy, the corpus's fixed context). */
export function oursDecide(engine) {
  const policy = engine.defaultPolicy();
  return async (testCase) => {
    const c = await engine.classify(toolCallFor(testCase), contextFor(testCase, policy));
    return { decision: c.decision, rule: c.rule, reason: c.reason };
  };
}

/**
 * cc-safety-net's library API as a `decide` function: deny → deny, allow → none. Its `checkCommand` throws on an
 * empty command (its hook lets those through), which counts as allow here.
 */
export async function peerDecide(cwd) {
  const { checkCommand } = await import('cc-safety-net/api');
  return (testCase) => {
    try {
      const r = checkCommand({ command: testCase.command, cwd });
      return r.kind === 'deny' ? { decision: 'deny', rule: r.ruleId ?? null, reason: r.reason } : { decision: 'none', rule: null, reason: '' };
    } catch (err) {
      return { decision: 'none', rule: 'input-rejected', reason: err instanceof Error ? err.message : String(err) };
    }
  };
}
