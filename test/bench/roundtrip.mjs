// Section f of `npm run bench`: the approval round trip. A real hook process (started as hooks.json says)
// asks about `npm publish` while a decision surface beats; as soon as its item is in the store, this
// process decides it the way the CLI does (decideApproval: Store.write under the lock, then the decision
// file), and times decision written → hook exited, and the whole human-side decide() call.
// Knob: BENCH_ROUNDTRIPS (default 15).
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ourHookArgv } from './processes.mjs';
import { summarise } from './stats.mjs';
import { loadStore } from './store.mjs';

const POLL_MS = 10;
const FIND_TIMEOUT_MS = 20_000;

function stdin(project) {
  return JSON.stringify({
    session_id: 'bench-roundtrip', transcript_path: '/dev/null', cwd: project, permission_mode: 'default',
    hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command: 'npm publish', description: 'bench' },
    tool_use_id: 'toolu_bench',
  });
}

/** Starts the hook; resolves with its stdout and the time it exited. */
function startHook(argv, env, project) {
  const child = spawn(process.execPath, argv, { env, cwd: project, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', () => {});
  const exited = new Promise((resolve) => child.on('close', (code) => resolve({ code, out, at: performance.now() })));
  child.stdin.end(stdin(project));
  return { child, exited };
}

async function pendingItem(m, store, sinceMs) {
  const deadline = Date.now() + FIND_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const items = await store.read((db) => m.approvals.list(db, { status: 'pending', limit: 5 }));
    const item = items.find((i) => i.created_at >= sinceMs);
    if (item) return item;
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
  return null;
}

/** Runs `rounds` round trips, alternating approve and deny; returns the distributions. */
export async function runRoundTripBench({ rounds = 15, log = console.log } = {}) {
  const m = await loadStore();
  const root = mkdtempSync(join(tmpdir(), 'task-orchestrator-roundtrip-'));
  const home = join(root, 'home');
  const project = join(root, 'project');
  const state = join(root, 'state');
  for (const d of [home, project, state]) mkdirSync(d, { recursive: true });
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, CLAUDE_PROJECT_DIR: project, TASK_ORCHESTRATOR_HOME: state };
  const argv = ourHookArgv().argv;
  const store = await m.Store.open(state);
  const paths = m.storePaths(state);
  m.beat(paths, 'bench');
  const beating = setInterval(() => m.beat(paths, 'bench'), 1000);
  const toExit = [];
  const decideCall = [];
  const answers = { allow: 0, deny: 0, other: 0 };
  try {
    for (let i = 0; i < rounds; i++) {
      const since = Date.now() - 1;
      const hook = startHook(argv, env, project);
      const item = await pendingItem(m, store, since);
      if (!item) {
        hook.child.kill('SIGKILL');
        throw new Error('round trip: the hook created no pending item within 20 s');
      }
      const approve = i % 2 === 0;
      const t0 = performance.now();
      await m.decideApproval(store, item.id, { status: approve ? 'approved' : 'denied', reason: 'bench', decidedBy: 'human:cli' });
      const written = performance.now();
      const done = await hook.exited;
      decideCall.push(written - t0);
      toExit.push(done.at - written);
      const decision = /"permissionDecision":"(\w+)"/.exec(done.out)?.[1];
      if (decision === (approve ? 'allow' : 'deny')) answers[decision]++;
      else answers.other++;
    }
  } finally {
    clearInterval(beating);
    m.endBeat(paths, 'bench');
    store.close();
    rmSync(root, { recursive: true, force: true });
  }
  const out = { rounds, decisionToExit: summarise(toExit), decideCall: summarise(decideCall), answers };
  const f = (x) => (Number.isFinite(x) ? x.toFixed(1) : '-');
  log(`${rounds} round trips (approve and deny alternating), hook started as hooks.json says, a surface beating:`);
  log(`  decision written → hook exited: p50 ${f(out.decisionToExit.p50)} ms, p90 ${f(out.decisionToExit.p90)} ms, max ${f(out.decisionToExit.max)} ms (woken by the decision file; 100 ms poll as fallback)`);
  log(`  decideApproval() (lock, re-read, write, fsync, rename, decision file): p50 ${f(out.decideCall.p50)} ms, p90 ${f(out.decideCall.p90)} ms`);
  log(`  hook answers: ${answers.allow} allow, ${answers.deny} deny, ${answers.other} wrong or missing`);
  return out;
}
