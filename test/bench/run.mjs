#!/usr/bin/env node
// `npm run bench` (after `npm run build`): the classifier in process, the PreToolUse hook as a whole process
// against `node -e 0`, and the npm peer cc-safety-net on the same corpora in the same run. What each figure
// means: docs/benchmarks.md. Results also go to test-results/bench.json.
// Knobs (environment): BENCH_REPEATS (timed passes over the corpora, default 5), BENCH_RUNS (process runs per
// variant, default 30), BENCH_WARMUP (discarded rounds, default 3), BENCH_COLD (fresh processes, default 5);
// section e (test/bench/store.mjs): BENCH_STORE_WRITES (default 400), BENCH_STORE_FOLD (default 5000);
// section f (test/bench/roundtrip.mjs): BENCH_ROUNDTRIPS (default 15);
// section h (test/bench/mcp.mjs): BENCH_MCP_STARTS (default 15), BENCH_MCP_ROUNDS (default 5);
// section i (test/bench/vscode.mjs): BENCH_VSCODE_ROUNDS (default 10).
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { formatTable, loadCorpora, pct, SCORE_HEADER, scoreRow, THRESHOLDS } from './corpus.mjs';
import { buildEngine, ROOT } from './engine.mjs';
import { coldStarts, oursDecide, peerDecide, timeClassifier } from './in-process.mjs';
import { prepareDirs, runInterleaved } from './processes.mjs';
import { ms, ratio, rounded } from './stats.mjs';
import { runImmuneBench } from './immune.mjs';
import { runMcpBench } from './mcp.mjs';
import { runVscodeBench } from './vscode.mjs';
import { runRoundTripBench } from './roundtrip.mjs';
import { runStoreBench } from './store.mjs';

const knob = (name, fallback) => {
  const n = Number.parseInt(process.env[name] ?? '', 10);
  return Number.isFinite(n) && n > 0 ? n : fallback;
};
const config = {
  repeats: knob('BENCH_REPEATS', 5),
  runs: knob('BENCH_RUNS', 30),
  warmup: knob('BENCH_WARMUP', 3),
  coldProcesses: knob('BENCH_COLD', 5),
};
const HOOK_TARGET = 1.25;
const CLASSIFY_P99_TARGET_MS = 1;
const STATE_GROWTH_LIMIT = 1.1; // issue 3: empty store vs 100k trials + 10k audit events within 10 %
const OUT = join(ROOT, 'test-results/bench.json');

const started = performance.now();
const notes = [];
const section = (title) => console.log(`\n== ${title} ${'='.repeat(Math.max(0, 100 - title.length))}`);
const timeRow = (name, s) => [name, s.n, ms(s.p50), ms(s.p90), ms(s.p99), ms(s.max)];
const TIME_HEADER = ['', 'n', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms'];

console.log(
  `Task Orchestrator bench — node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ` +
    `${os.platform()} ${os.release()}\nconfig: ${JSON.stringify(config)}`,
);

const corpora = loadCorpora();
const dirs = await prepareDirs();
try {
  // a. Classifier in process ---------------------------------------------------------------------------------
  section('a. Classifier in process (our classify(), default policy)');
  const engine = await buildEngine();
  notes.push(...engine.notes);
  for (const n of engine.notes) console.log(`note: ${n}`);
  const cold = coldStarts(engine.bundle, config.coldProcesses);
  console.log(`Cold start: ${config.coldProcesses} fresh \`node --liftoff-only\` processes, medians of each step:`);
  console.log(
    formatTable([
      TIME_HEADER,
      timeRow('import engine bundle', cold.importMs),
      timeRow('defaultPolicy()', cold.policyMs),
      timeRow('first classify (ls -la)', cold.firstSimpleMs),
      timeRow('first call needing the bash grammar (for/if loop)', cold.firstParserMs),
      timeRow('next call (git status --short)', cold.warmMs),
    ]),
  );
  const ours = await timeClassifier(corpora, oursDecide(engine), config.repeats);
  const cases = corpora.reduce((n, c) => n + c.cases.length, 0);
  console.log(`\nWarm: ${cases} commands × ${config.repeats} passes after one warm-up pass (${ms(ours.warmupMs)} ms):`);
  console.log(formatTable([TIME_HEADER, timeRow('per call', ours.perCall), timeRow('per command (its median)', ours.perCommand)]));
  console.log(`p99 per call ${ms(ours.perCall.p99)} ms (target < ${CLASSIFY_P99_TARGET_MS} ms). Slowest commands (median):`);
  for (const s of ours.slowest) console.log(`  ${ms(s.medianMs)} ms  ${s.id}  ${JSON.stringify(s.command).slice(0, 100)}`);

  // b. Hook as a whole process ---------------------------------------------------------------------------------
  section('b. Hooks as whole processes vs `node -e 0` (interleaved, wall time spawn → exit): PreToolUse, PostToolUse(Failure), UserPromptSubmit');
  const proc = runInterleaved(dirs, config);
  console.log(`our hook: node ${proc.hook.argv.join(' ')}  (from ${proc.hook.from})`);
  console.log(`stdin: real PreToolUse shape from ${proc.sampleFile}; TASK_ORCHESTRATOR_HOME and HOME are temp dirs`);
  for (const s of proc.skipped) {
    console.log(`SKIPPED ${s.label}: ${s.reason}`);
    notes.push(`skipped ${s.id}: ${s.reason}`);
  }
  console.log(
    formatTable([
      ['process', 'n', 'p50 ms', 'p90 ms', 'max ms', '÷ node -e 0', 'decision'],
      ['node -e 0 (baseline, before every run)', proc.baseline.n, ms(proc.baseline.p50), ms(proc.baseline.p90), ms(proc.baseline.max), '1.00×', '-'],
      ...proc.results.map((r) => [r.label, r.n, ms(r.p50), ms(r.p90), ms(r.max), ratio(r.ratio), r.decision]),
    ]),
  );
  console.log(`Ratios are of medians; target for our hook ≤ ${HOOK_TARGET}×.`);
  for (const r of proc.results.filter((x) => x.stderr)) console.log(`stderr of ${r.id} (first run): ${r.stderr.split('\n')[0]}`);
  if (proc.stateGrowth) {
    console.log(
      `State size: ls -la with a store of 100k trials + 10k audit events ÷ empty state dir = ${ratio(proc.stateGrowth.ratio)} ` +
        `(the hook appends to the journal and never opens state.db).`,
    );
    const before = proc.bigStateDir.before['state.db'];
    const after = proc.bigStateDir.after['state.db'];
    const touched = !after || !before || after.bytes !== before.bytes || after.mtimeMs !== before.mtimeMs;
    const extra = Object.keys(proc.bigStateDir.after).filter((f) => !(f in proc.bigStateDir.before));
    console.log(`state.db ${touched ? 'WAS modified by the hook' : 'untouched by the hook'}; new files in the big state dir: ${extra.join(', ') || 'none'}`);
    console.log(`files in the empty state dir after the runs: ${Object.keys(proc.emptyStateDirAfter).join(', ') || 'none'}`);
  }

  // c. Peer comparison -----------------------------------------------------------------------------------------
  section('c. Peer: cc-safety-net 2.4.5 (checkCommand) on the same corpora, same run');
  // Its rules read HOME and CC_SAFETY_NET_HOME on every call: point both at the temp dirs so no user config applies.
  process.env.HOME = dirs.home;
  process.env.CC_SAFETY_NET_HOME = dirs.peerHome;
  const peer = await timeClassifier(corpora, await peerDecide(dirs.project), config.repeats);
  const accuracyRows = [];
  for (const name of [...corpora.map((c) => c.name), 'combined']) {
    const o = ours.scores[name];
    const p = peer.scores[name];
    if (o) accuracyRows.push(scoreRow(`ours   ${name}`, o));
    if (p) accuracyRows.push(scoreRow(`peer   ${name}`, p));
  }
  console.log(formatTable([SCORE_HEADER, ...accuracyRows]));
  console.log(`(peer only allows or denies: its "deny on allow" is its false block; it never asks.)`);
  console.log(
    formatTable([
      ['per call, warm', 'n', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms'],
      timeRow('ours  classify()', ours.perCall),
      timeRow('peer  checkCommand()', peer.perCall),
    ]),
  );
  const peerHook = proc.results.filter((r) => r.group === 'peer');
  for (const r of peerHook) console.log(`${r.label}: p50 ${ms(r.p50)} ms = ${ratio(r.ratio)} node -e 0 (decision ${r.decision})`);

  // d. Summary ---------------------------------------------------------------------------------------------------
  section('d. Summary (medians unless stated)');
  const by = (id) => proc.results.find((r) => r.id === id);
  // The 1.25x target is for the common path: everything the fast path settles. A command only the bash
  // grammar reads (control flow) loads WebAssembly and is reported on its own line.
  const ourHooks = proc.results.filter((r) => r.group === 'ours' && r.id !== 'parser' && r.id !== 'simple-big-state');
  const worst = ourHooks.reduce((a, b) => (a && a.ratio >= b.ratio ? a : b), undefined);
  const oc = ours.scores.combined;
  const pc = peer.scores.combined;
  // Each row: numbers (null = not measured), a unit and an optional target the "ours" value is checked against.
  const row = (measure, unit, oursV, peerV, op, target) => {
    const met = oursV === null || op === undefined ? null : op === '<' ? oursV < target : op === '≤' ? oursV <= target : oursV >= target;
    return { measure, unit, ours: oursV, peer: peerV, target: op === undefined ? null : `${op} ${target}`, met };
  };
  const summary = [
    row('classifier p99 per call, warm', 'ms', ours.perCall.p99, peer.perCall.p99, '<', CLASSIFY_P99_TARGET_MS),
    row('classifier p50 per call, warm', 'ms', ours.perCall.p50, peer.perCall.p50),
    row('first call in a fresh process (ls -la)', 'ms', cold.firstSimpleMs.p50, null),
    row('first call needing the parser', 'ms', cold.firstParserMs.p50, null),
    row('hook `ls -la` ÷ node -e 0', '×', by('simple')?.ratio ?? null, by('peer-simple')?.ratio ?? null, '≤', HOOK_TARGET),
    row(`hook, worst fast-path shape (${worst?.id ?? '-'}) ÷ node -e 0`, '×', worst?.ratio ?? null, by('peer-destructive')?.ratio ?? null, '≤', HOOK_TARGET),
    row('hook, command needing the bash grammar ÷ node -e 0', '×', by('parser')?.ratio ?? null, null),
    row('hook, 100k-trial store ÷ empty store', '×', proc.stateGrowth?.ratio ?? null, null, '≤', STATE_GROWTH_LIMIT),
    row('PostToolUse, result graded passed ÷ node -e 0', '×', by('post-pass')?.ratio ?? null, null),
    row('PostToolUseFailure, failing tests graded ÷ node -e 0', '×', by('post-fail')?.ratio ?? null, null),
    row('UserPromptSubmit, 500 patterns checked ÷ node -e 0', '×', by('prompt-500')?.ratio ?? null, null),
    row('caught on block (both corpora)', '%', oc.caughtRate, pc.caughtRate, '≥', THRESHOLDS.caught),
    row('deny on allow (false block)', '%', oc.falseDenyRate, pc.falseDenyRate, '≤', THRESHOLDS.falseDeny),
    row('ask on allow (friction)', '%', oc.frictionRate, pc.frictionRate, '≤', THRESHOLDS.friction),
  ];
  const show = (unit, x) => (x === null ? '-' : unit === 'ms' ? `${ms(x)} ms` : unit === '×' ? ratio(x) : pct(x));
  const showTarget = (r) => (r.target === null ? '' : r.unit === '%' ? r.target.replace(/[\d.]+$/, (v) => pct(Number(v))) : `${r.target}${r.unit === 'ms' ? ' ms' : '×'}`);
  const table = summary.map((r) => [r.measure, show(r.unit, r.ours), show(r.unit, r.peer), showTarget(r), r.met === null ? '' : r.met ? 'ok' : 'MISS']);
  console.log(formatTable([['measure', 'ours', 'cc-safety-net', 'target', ''], ...table]));

  // e. Store ----------------------------------------------------------------------------------------------------
  section('e. Store (server/engine/store): Store.write() throughput, fold, a 100k-trial database, appendJournal');
  const store = await runStoreBench({ writes: knob('BENCH_STORE_WRITES', 400), foldEvents: knob('BENCH_STORE_FOLD', 5000) });

  // f. Approval round trip ------------------------------------------------------------------------------------
  section('f. Approval round trip: a human decision written → the waiting hook returns');
  const roundTrip = await runRoundTripBench({ rounds: knob('BENCH_ROUNDTRIPS', 15) });

  // g. Immune matcher ------------------------------------------------------------------------------------------
  section('g. Immune memory (server/engine/immune): PatternIndex query time with 1k, 10k and 100k patterns; the hook\'s 500-pattern snapshot');
  const immune = await runImmuneBench();
  const at100k = immune.sizes.find((x) => x.patterns >= 90_000);
  if (at100k) {
    const met = at100k.query.p50 < immune.targets.queryP50Ms;
    console.log(`matcher query at ${at100k.patterns} patterns: p50 ${ms(at100k.query.p50)} ms (target < ${immune.targets.queryP50Ms} ms) ${met ? 'ok' : 'MISS'}`);
  }

  // h. MCP server -----------------------------------------------------------------------------------------------
  section('h. MCP server (plugin/dist/mcp.mjs): cold start to the first tools/list; spawn_parallel_agents against a 250 ms mock');
  const mcp = await runMcpBench({ starts: knob('BENCH_MCP_STARTS', 15), rounds: knob('BENCH_MCP_ROUNDS', 5) });

  // i. VS Code sidebar ------------------------------------------------------------------------------------------
  section('i. VS Code sidebar (code-server + headless Chromium): hook request → item visible; click Approve → the hook\'s decision');
  const vscode = await runVscodeBench({ rounds: knob('BENCH_VSCODE_ROUNDS', 10) });
  if ('skipped' in vscode) notes.push(`vscode bench skipped: ${vscode.skipped}`);

  const elapsed = (performance.now() - started) / 1000;
  console.log(`\nnode -e 0 median ${ms(proc.baseline.p50)} ms. Bench took ${elapsed.toFixed(1)} s.`);

  const strip = (scores) => Object.fromEntries(Object.entries(scores).map(([k, { misses, ...rest }]) => [k, rest]));
  const report = {
    date: new Date().toISOString(),
    machine: { node: process.version, platform: `${os.platform()} ${os.release()}`, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model },
    config,
    notes,
    elapsedSeconds: elapsed,
    inProcess: {
      ours: { coldStart: cold, perCall: ours.perCall, perCommand: ours.perCommand, slowest: ours.slowest, warmupMs: ours.warmupMs },
      peer: { perCall: peer.perCall, perCommand: peer.perCommand, slowest: peer.slowest, warmupMs: peer.warmupMs },
    },
    accuracy: { ours: strip(ours.scores), peer: strip(peer.scores) },
    processes: { hook: proc.hook, baseline: proc.baseline, results: proc.results, skipped: proc.skipped, stateGrowth: proc.stateGrowth, bigStateDir: proc.bigStateDir },
    summary,
    store,
    roundTrip,
    immune,
    mcp,
    vscode,
  };
  mkdirSync(join(ROOT, 'test-results'), { recursive: true });
  writeFileSync(OUT, `${JSON.stringify(rounded(report), null, 2)}\n`);
  console.log(`Wrote ${OUT}`);
} finally {
  rmSync(dirs.root, { recursive: true, force: true });
}
