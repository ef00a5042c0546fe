// The immune memory's bench: PatternIndex build and query times over 1k, 10k and 100k synthetic failure
// patterns (the server side), and what the UserPromptSubmit hook pays in a fresh process: import the
// immune modules, parse a 500-pattern snapshot, build the index, run one check.
// Run alone: `node test/bench/immune.mjs` (knob: BENCH_IMMUNE_QUERIES, queries per size, default 200).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { formatTable } from './corpus.mjs';
import { ROOT } from './engine.mjs';
import { median, ms, summarise } from './stats.mjs';

const CACHE = join(ROOT, 'node_modules/.cache/task-orchestrator-bench');
const BUNDLE = join(CACHE, 'immune.mjs');
const HOOK_BUNDLE = join(CACHE, 'immune-hook.mjs');
const SIZES = [1_000, 10_000, 100_000];
const SNAPSHOT = 500;
const FRESH_PROCESSES = 5;
export const QUERY_TARGET_MS = 5;
export const SNAPSHOT_BUILD_TARGET_MS = 2;

/** Bundles the immune modules and the synthetic data generator; returns the module. */
export async function loadImmune() {
  const { build } = await import('esbuild');
  mkdirSync(CACHE, { recursive: true });
  const common = { bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', logLevel: 'silent' };
  await build({
    ...common,
    stdin: {
      contents: [
        "export { PatternIndex, checkPrompt, observeFailure, patternId, patternSignature } from './server/engine/immune/index.ts';",
        "export { syntheticObservations, UNRELATED_PROMPTS, rng } from './test/fixtures/immune/synthetic.ts';",
      ].join('\n'),
      resolveDir: ROOT, sourcefile: 'bench-immune-entry.ts', loader: 'ts',
    },
    outfile: BUNDLE,
  });
  // What the prompt hook imports, alone: its import cost is part of every prompt.
  await build({
    ...common,
    stdin: { contents: "export { checkPrompt, PatternIndex, sessionBriefing } from './server/engine/immune/index.ts';", resolveDir: ROOT, sourcefile: 'bench-immune-hook.ts', loader: 'ts' },
    outfile: HOOK_BUNDLE,
  });
  return import(`${pathToFileURL(BUNDLE).href}?t=${Date.now()}`);
}

/** Observations folded into patterns, as the store keeps them, until there are `count` patterns. */
function toPatterns(m, count, seed, now, projects) {
  const bySignature = new Map();
  const observations = [];
  for (let batch = 0; bySignature.size < count; batch++) {
    for (const o of m.syntheticObservations(count, { seed: seed + batch, end: now, projects })) {
      const id = m.patternId(m.patternSignature(o));
      if (!bySignature.has(id) && bySignature.size >= count) continue;
      bySignature.set(id, m.observeFailure(bySignature.get(id) ?? null, o));
      observations.push(o);
    }
  }
  return { patterns: [...bySignature.values()], observations };
}

const GENERIC = [
  'run the tests and fix what fails', 'fix the failing test', 'update the config file', 'add a new endpoint and its tests',
  'the build fails, fix it', 'check the logs for errors', 'refactor the service and run the tests again', 'write tests for the new module',
];

/** Three kinds of request: a failure's prompt reworded, a generic request sharing common words, an unrelated one. */
function queries(m, observations, count) {
  const r = m.rng(99);
  const pick = (xs) => xs[Math.floor(r() * xs.length)];
  const out = [];
  for (let i = 0; i < count; i++) {
    const kind = i % 3 === 0 ? 'similar' : i % 3 === 1 ? 'generic' : 'unrelated';
    const o = pick(observations);
    if (kind === 'similar') {
      const words = o.prompt.split(' ').filter(() => r() > 0.2);
      out.push({ kind, project: o.project, text: `${words.join(' ')} again please` });
    } else out.push({ kind, project: o.project, text: kind === 'generic' ? pick(GENERIC) : pick(m.UNRELATED_PROMPTS) });
  }
  return out;
}

function timeQueries(index, qs, now, byProject = true) {
  const all = [];
  const byKind = { similar: [], generic: [], unrelated: [] };
  let matched = 0;
  for (const q of qs) {
    const t = performance.now();
    const res = index.query(q.text, byProject ? { project: q.project, now } : { now });
    const dt = performance.now() - t;
    all.push(dt);
    byKind[q.kind].push(dt);
    if (res.length > 0) matched++;
  }
  return { all: summarise(all), similarP50: median(byKind.similar), genericP50: median(byKind.generic), unrelatedP50: median(byKind.unrelated), matched };
}

/** The floor under any token index, in the same state: a fresh process that imports, parses, and only counts the tokens in a Map. */
function freshProcessFloor(snapshotFile) {
  const code = `
    import { readFileSync } from 'node:fs';
    await import(${JSON.stringify(pathToFileURL(HOOK_BUNDLE).href)});
    const patterns = JSON.parse(readFileSync(${JSON.stringify(snapshotFile)}, 'utf8')).patterns;
    const t = performance.now();
    const counts = new Map();
    for (let i = 0; i < patterns.length; i++) {
      const ts = patterns[i].tokens;
      for (let j = 0; j < ts.length; j++) counts.set(ts[j], (counts.get(ts[j]) ?? 0) + 1);
    }
    process.stdout.write(JSON.stringify({ floorMs: performance.now() - t }));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`fresh-process floor failed: ${r.stderr}`);
  return JSON.parse(r.stdout).floorMs;
}

/** A fresh process doing what the prompt hook does: import, parse the snapshot, build the index, check once. */
function freshProcessCheck(snapshotFile, prompt, project, now) {
  const code = `
    import { readFileSync } from 'node:fs';
    const t0 = performance.now();
    const m = await import(${JSON.stringify(pathToFileURL(HOOK_BUNDLE).href)});
    const t1 = performance.now();
    const patterns = JSON.parse(readFileSync(${JSON.stringify(snapshotFile)}, 'utf8')).patterns;
    const t2 = performance.now();
    const index = new m.PatternIndex(patterns);
    const t3 = performance.now();
    const check = m.checkPrompt(index, ${JSON.stringify(prompt)}, { project: ${JSON.stringify(project)}, now: ${now} });
    const t4 = performance.now();
    new m.PatternIndex(patterns);
    const t5 = performance.now();
    process.stdout.write(JSON.stringify({ importMs: t1 - t0, parseMs: t2 - t1, buildMs: t3 - t2, checkMs: t4 - t3, rebuildMs: t5 - t4, matches: check.matches.length }));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`fresh-process check failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

/** Runs every immune measurement; returns plain numbers. */
export async function runImmuneBench({ log = console.log, queriesPerSize = 200 } = {}) {
  const m = await loadImmune();
  const now = Date.UTC(2025, 2, 10, 12);
  const sizes = [];
  for (const n of SIZES) {
    const { patterns, observations } = toPatterns(m, n, n, now, Math.max(10, n / 1000));
    const t0 = performance.now();
    const index = new m.PatternIndex(patterns);
    const buildMs = performance.now() - t0;
    const qs = queries(m, observations, queriesPerSize);
    const t1 = performance.now();
    index.query(qs[0].text, { project: qs[0].project, now }); // the first query computes the weights
    const firstQueryMs = performance.now() - t1;
    const q = timeQueries(index, qs, now);
    // Every pattern a candidate: no project filter (as if all of them were one project's).
    const wide = timeQueries(index, qs, now, false);
    // The server observes a failure, then checks: the first query after a change recomputes the weights.
    const extra = m.observeFailure(null, { ...observations[0], input: `${observations[0].input} --bench-extra`, ts: now });
    const afterAdd = [];
    for (let i = 0; i < 20; i++) {
      index.add({ ...extra, id: `bench-extra-${i}` });
      const t = performance.now();
      index.query(qs[(i * 3 + 1) % qs.length].text, { project: qs[0].project, now });
      afterAdd.push(performance.now() - t);
    }
    sizes.push({ patterns: patterns.length, buildMs, firstQueryMs, query: q.all, similarP50: q.similarP50, genericP50: q.genericP50, unrelatedP50: q.unrelatedP50,
      matchedQueries: q.matched, queries: qs.length, unfiltered: wide.all, unfilteredGenericP50: wide.genericP50, afterAddP50: median(afterAdd) });
  }

  const dir = mkdtempSync(join(tmpdir(), 'task-orchestrator-immune-bench-'));
  try {
    const { patterns, observations } = toPatterns(m, SNAPSHOT, 5, now, 5);
    const file = join(dir, 'immune.json');
    writeFileSync(file, `${JSON.stringify({ version: 1, writtenAt: now, patterns })}\n`);
    const probe = observations[7];
    const runs = Array.from({ length: FRESH_PROCESSES }, () => freshProcessCheck(file, probe.prompt, probe.project, now));
    const pick = (k) => median(runs.map((x) => x[k]));
    const floorMs = median(Array.from({ length: FRESH_PROCESSES }, () => freshProcessFloor(file)));
    const snapshot = {
      patterns: patterns.length, snapshotBytes: statSync(file).size, hookBundleBytes: statSync(HOOK_BUNDLE).size,
      importMs: pick('importMs'), parseMs: pick('parseMs'), buildMs: pick('buildMs'), checkMs: pick('checkMs'), rebuildMs: pick('rebuildMs'), floorMs,
      tokens: patterns.reduce((n, p) => n + p.tokens.length, 0),
      matched: runs[0].matches > 0,
    };
    const out = { sizes, snapshot, targets: { queryP50Ms: QUERY_TARGET_MS, snapshotBuildMs: SNAPSHOT_BUILD_TARGET_MS } };
    report(out, log);
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function report(r, log) {
  log('PatternIndex (in process; queries filtered by project; a third each: reworded failure prompt, generic dev request, unrelated):');
  log(formatTable([
    ['patterns', 'build ms', 'first query ms', 'query p50 ms', 'p99 ms', 'max ms', 'similar p50', 'generic p50', 'unrelated p50', 'matched'],
    ...r.sizes.map((s) => [s.patterns, ms(s.buildMs), ms(s.firstQueryMs), ms(s.query.p50), ms(s.query.p99), ms(s.query.max), ms(s.similarP50), ms(s.genericP50),
      ms(s.unrelatedP50), `${s.matchedQueries}/${s.queries}`]),
  ]));
  log('The same queries without a project filter (every pattern a candidate), and the first query after an add:');
  log(formatTable([
    ['patterns', 'query p50 ms', 'p99 ms', 'max ms', 'generic p50', 'after an add p50'],
    ...r.sizes.map((s) => [s.patterns, ms(s.unfiltered.p50), ms(s.unfiltered.p99), ms(s.unfiltered.max), ms(s.unfilteredGenericP50), ms(s.afterAddP50)]),
  ]));
  const big = r.sizes[r.sizes.length - 1];
  const worst = Math.max(big.query.p50, big.unfiltered.p50);
  log(`target: query p50 < ${r.targets.queryP50Ms} ms at ${big.patterns} patterns: ${worst < r.targets.queryP50Ms ? 'met' : 'MISSED'} (${ms(big.query.p50)} ms by project, ${ms(big.unfiltered.p50)} ms unfiltered)`);
  const s = r.snapshot;
  log(`fresh process, ${s.patterns}-pattern snapshot (${(s.snapshotBytes / 1024).toFixed(0)} KB; hook bundle ${(s.hookBundleBytes / 1024).toFixed(0)} KB), medians of ${FRESH_PROCESSES}:`);
  log(`  import ${ms(s.importMs)} ms, JSON.parse ${ms(s.parseMs)} ms, new PatternIndex ${ms(s.buildMs)} ms, checkPrompt ${ms(s.checkMs)} ms` +
    ` (build target < ${r.targets.snapshotBuildMs} ms: ${s.buildMs < r.targets.snapshotBuildMs ? 'met' : 'MISSED'}); a second build in the same process ${ms(s.rebuildMs)} ms`);
  log(`  floor: only counting the snapshot's ${s.tokens} tokens in a Map, in the same state (fresh process, after import and parse): ${ms(s.floorMs)} ms`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const n = Number.parseInt(process.env.BENCH_IMMUNE_QUERIES ?? '', 10);
  await runImmuneBench(Number.isFinite(n) && n > 0 ? { queriesPerSize: n } : {});
}
