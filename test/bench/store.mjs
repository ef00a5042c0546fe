// Section e of `npm run bench`: the store (server/engine/store). Write throughput through Store.write() with
// 1, 4 and 16 concurrent writer processes, fold throughput, the size and opening time of a database with
// 100k trials + 10k audit events, and the cost of one appendJournal() (the hook's only store work).
// `makeBigState(dir)` also builds that big state dir for the hook's latency bench (section b).
// Knobs: BENCH_STORE_WRITES (writes per configuration, default 400), BENCH_STORE_FOLD (journal events, 5000).
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from './engine.mjs';
import { median, summarise } from './stats.mjs';

const CACHE = join(ROOT, 'node_modules/.cache/task-orchestrator-bench');
const STORE_BUNDLE = join(CACHE, 'store.mjs');
const WORKER = join(CACHE, 'store-writer.mjs');
export const BIG_TRIALS = 100_000;
export const BIG_AUDIT = 10_000;

/**
 * Bundles the store (npm packages external, so sql.js resolves from node_modules) and returns its module.
 * @returns {Promise<any>}
 */
export async function loadStore() {
  const { build } = await import('esbuild');
  mkdirSync(CACHE, { recursive: true });
  const contents = [
    "export { Store } from './server/engine/store/store.ts';",
    "export { appendJournal, newId, listJournal, beat, endBeat } from './server/engine/store/journal.ts';",
    "export { storePaths } from './server/engine/store/paths.ts';",
    "export { approvals, audit, trials } from './server/engine/store/repos.ts';",
    "export { decideApproval } from './server/engine/runtime/inbox.ts';",
  ].join('\n');
  await build({
    stdin: { contents, resolveDir: ROOT, sourcefile: 'bench-store-entry.ts', loader: 'ts' },
    bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', outfile: STORE_BUNDLE, logLevel: 'silent',
  });
  writeFileSync(WORKER, WORKER_SOURCE);
  return import(`${pathToFileURL(STORE_BUNDLE).href}?t=${Date.now()}`);
}

// One writer process: waits for the start time, then `count` Store.write() calls of one audit row each.
const WORKER_SOURCE = `
import { Store, audit } from './store.mjs';
const [dir, count, startAt] = process.argv.slice(2);
const store = await Store.open(dir, { lockTimeoutMs: 120000 });
while (Date.now() < Number(startAt)) await new Promise((r) => setTimeout(r, 2));
const lat = [];
const first = Date.now();
for (let i = 0; i < Number(count); i++) {
  const t = performance.now();
  await store.write((db) => audit.insert(db, { ts: Date.now(), tool: 'Bash', decision: 'allow', summary: 'bench write ' + i }));
  lat.push(performance.now() - t);
}
process.stdout.write(JSON.stringify({ first, last: Date.now(), lat }));
store.close();
`;

/**
 * Fills `dir` with a state.db of 100k trials and 10k audit events (plus rules.json, journal/), as a long-used
 * install would have. Returns its size and how long building it took.
 * @param {string} dir
 */
export async function makeBigState(dir, store = undefined) {
  const m = store ?? (await loadStore());
  const started = performance.now();
  const s = await m.Store.open(dir);
  const now = Date.now();
  await s.write((db) => {
    for (let i = 0; i < BIG_TRIALS; i++) {
      m.trials.insert(db, {
        ts: now - (BIG_TRIALS - i) * 1000, task_id: `task-${i % 500}`, session: `s-${i % 97}`, project: '/home/dev/project', provider: 'anthropic',
        model: 'claude-sonnet', status: i % 7 ? 'passed' : 'failed', score: (i % 100) / 100, cost_usd: 0.0123, duration_ms: 1000 + (i % 5000),
        data: { tokens: { in: 1200 + (i % 300), out: 400 }, note: 'trial output summary, grader notes and the like' },
      });
    }
    for (let i = 0; i < BIG_AUDIT; i++) {
      m.audit.insert(db, {
        ts: now - (BIG_AUDIT - i) * 5000, session: `s-${i % 97}`, project: '/home/dev/project', cwd: '/home/dev/project', tool: 'Bash',
        decision: i % 10 ? 'allow' : 'ask', category: 'SAFE', rule: 'readonly.ls', reason: 'reads only', summary: `ls -la src/dir-${i}`,
      });
    }
  });
  s.close();
  return { dir, bytes: statSync(join(dir, 'state.db')).size, buildMs: performance.now() - started };
}

function runWriters(dir, processes, perProcess) {
  const startAt = Date.now() + 1500; // every process has loaded sql.js and opened the store by then
  return Promise.all(
    Array.from({ length: processes }, () => new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [WORKER, dir, String(perProcess), String(startAt)], { stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`store writer exited ${code}`))));
    })),
  );
}

/** Store.write() throughput with `processes` concurrent writers; `dir` may hold an existing state. */
async function writeThroughput(m, dir, processes, total) {
  (await m.Store.open(dir)).close();
  const perProcess = Math.max(1, Math.round(total / processes));
  const results = await runWriters(dir, processes, perProcess);
  const first = Math.min(...results.map((r) => r.first));
  const last = Math.max(...results.map((r) => r.last));
  const lat = results.flatMap((r) => r.lat);
  return { processes, ops: lat.length, seconds: (last - first) / 1000, opsPerSec: lat.length / ((last - first) / 1000), latency: summarise(lat) };
}

/** Opening the big state in a fresh process: loading sql.js, Store.open (read + quick_check), first read. */
function openInFreshProcess(dir) {
  const code = `
    const t0 = performance.now();
    const m = await import(${JSON.stringify(pathToFileURL(STORE_BUNDLE).href)});
    const t1 = performance.now();
    const s = await m.Store.open(${JSON.stringify(dir)});
    const t2 = performance.now();
    await s.read((db) => m.trials.count(db));
    const t3 = performance.now();
    process.stdout.write(JSON.stringify({ importMs: t1 - t0, openMs: t2 - t1, firstReadMs: t3 - t2 }));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`open probe failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

/** Runs every store measurement; returns plain numbers for bench.json. */
export async function runStoreBench({ writes = 400, foldEvents = 5000, log = console.log } = {}) {
  const m = await loadStore();
  const root = mkdtempSync(join(tmpdir(), 'task-orchestrator-store-bench-'));
  try {
    // appendJournal: the hook's cost
    const paths = m.storePaths(join(root, 'journal-cost'));
    const ev = () => ({ type: 'audit', id: m.newId(), ts: Date.now(), session: 's', project: '/p', cwd: '/p', tool: 'Bash', decision: 'allow',
      category: 'SAFE', rule: 'readonly.ls', reason: 'reads only', summary: 'ls -la', decidedBy: null });
    for (let i = 0; i < 200; i++) m.appendJournal(paths, ev());
    const append = [];
    for (let i = 0; i < 2000; i++) {
      const t = performance.now();
      m.appendJournal(paths, ev());
      append.push(performance.now() - t);
    }
    const appendJournal = summarise(append);
    // What the disk charges for creating one small file: the floor under appendJournal.
    const sample = JSON.stringify(ev());
    const bare = [];
    for (let i = 0; i < 2000; i++) {
      const t = performance.now();
      writeFileSync(join(paths.journal, `.bare-${i}`), sample);
      bare.push(performance.now() - t);
    }
    appendJournal.bareWriteFileP50 = median(bare);

    // fold throughput
    const foldDir = join(root, 'fold');
    const fs = await m.Store.open(foldDir);
    const fp = m.storePaths(foldDir);
    for (let i = 0; i < foldEvents; i++) m.appendJournal(fp, ev());
    const t = performance.now();
    const folded = await fs.fold();
    const foldMs = performance.now() - t;
    fs.close();
    const fold = { events: folded, ms: foldMs, eventsPerSec: folded / (foldMs / 1000) };

    // write throughput, empty store
    const writers = [];
    for (const p of [1, 4, 16]) writers.push(await writeThroughput(m, join(root, `writers-${p}`), p, writes));

    // the big state: size, opening time, and one writer against it
    const big = await makeBigState(join(root, 'big'), m);
    const open = [openInFreshProcess(big.dir), openInFreshProcess(big.dir), openInFreshProcess(big.dir)];
    const openMs = median(open.map((o) => o.openMs));
    const bigWriter = await writeThroughput(m, big.dir, 1, 30);

    const out = { appendJournal, fold, writers, big: { trials: BIG_TRIALS, audit: BIG_AUDIT, bytes: big.bytes, buildMs: big.buildMs, openMs,
      importMs: median(open.map((o) => o.importMs)), firstReadMs: median(open.map((o) => o.firstReadMs)), writer: bigWriter } };
    report(out, log);
    return out;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

function report(r, log) {
  const f = (x, d = 2) => (Number.isFinite(x) ? x.toFixed(d) : '-');
  log(
    `appendJournal (hook side, in process): p50 ${f(r.appendJournal.p50, 4)} ms, p99 ${f(r.appendJournal.p99, 4)} ms (n ${r.appendJournal.n}); ` +
      `a bare writeFileSync of the same bytes in the same directory: p50 ${f(r.appendJournal.bareWriteFileP50, 4)} ms`,
  );
  log(`fold: ${r.fold.events} journal events in ${f(r.fold.ms, 0)} ms = ${f(r.fold.eventsPerSec, 0)} events/s`);
  log('Store.write() of one audit row, separate processes, fresh store:');
  for (const w of r.writers) {
    log(`  ${String(w.processes).padStart(2)} writer(s): ${w.ops} writes in ${f(w.seconds)} s = ${f(w.opsPerSec, 0)} writes/s; per write p50 ${f(w.latency.p50)} ms, p90 ${f(w.latency.p90)} ms`);
  }
  const b = r.big;
  log(`big state (${b.trials} trials + ${b.audit} audit events): state.db ${(b.bytes / 1048576).toFixed(1)} MB, built in ${f(b.buildMs / 1000, 1)} s`);
  log(`  fresh process: import store ${f(b.importMs, 0)} ms, Store.open (sql.js + read + quick_check) ${f(b.openMs, 0)} ms, first read ${f(b.firstReadMs, 0)} ms`);
  log(`  1 writer against it: p50 ${f(b.writer.latency.p50)} ms per write (${f(b.writer.opsPerSec, 0)} writes/s): sql.js rewrites the whole file`);
}
