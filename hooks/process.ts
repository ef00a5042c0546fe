/**
 * Runs a hook as a whole process (what hooks.json starts, and `task-orchestrator hook <event>`).
 * Owns the process-level safety net: whatever happens — an exception, a rejected promise, a hang, a
 * stray `process.exit` — the process exits 0 having printed exactly one answer, and for PreToolUse an
 * answer it could not reach is a deny (a crashed or timed-out hook would let the call through).
 */
import { writeSync } from 'node:fs';
import { classify } from '../server/engine/policy/index.js';
import type { Classification, ClassifyContext, ToolCall } from '../server/engine/policy/types.js';
import { summarize } from '../server/engine/runtime/summary.js';
import { auditEvent } from './audit.js';
import { buildContext, processFacts } from '../server/engine/runtime/context.js';
import { printableMessage } from '../server/engine/runtime/refusals.js';
import { fallbackOutput, handleHook } from './main.js';
import { writeCodeCache } from './code-cache.js';
import { HOOK_DEADLINE_MS } from './deadline.js';
import { hookStore } from './hook-store.js';
import { readStdin } from './stdin.js';

export { HOOK_DEADLINE_MS } from './deadline.js';

export async function runHookProcess(event: string): Promise<void> {
  let answered = false;
  const answer = (stdout: string): void => {
    if (answered) return;
    answered = true;
    if (stdout) writeAll(1, `${stdout}\n`);
  };
  const bail = (why: string): void => {
    note(why);
    answer(fallbackOutput(event, 'internal error, refusing to be safe.'));
    process.exit(0);
  };
  process.on('uncaughtException', (err) => bail(`uncaught exception: ${printableMessage(err)}`));
  process.on('unhandledRejection', (err) => bail(`unhandled rejection: ${printableMessage(err)}`));
  process.on('exit', () => {
    if (!answered) note('exited before deciding');
    answer(fallbackOutput(event, 'internal error (the hook stopped before deciding), refusing to be safe.'));
    process.exitCode = 0; // exit 1 would make Claude Code ignore the answer and run the tool
  });
  // The watchdog answers before Claude Code's own timeout (hooks.json), which would fail open. While
  // the hook waits for a human, it is moved to the end of the wait plus a margin (deadline.ts).
  let watchdog: NodeJS.Timeout | undefined;
  const armWatchdog = (ms: number): void => {
    if (watchdog) clearTimeout(watchdog);
    watchdog = setTimeout(() => {
      note(`no decision after ${Math.round(performance.now())} ms`);
      answer(fallbackOutput(event, `no decision within ${Math.round(performance.now() / 1000)} s, refusing to be safe.`));
      process.exit(0);
    }, ms).unref();
  };
  armWatchdog(HOOK_DEADLINE_MS);

  const stdin = await readStdin();
  const result = await handleHook(event, stdin, {
    classify,
    context: (cwd) => buildContext(processFacts(cwd)),
    store: (stateDir) => hookStore(stateDir, { checkEvery: foldCheckEvery() }),
    extendDeadline: armWatchdog,
    elapsedMs: () => performance.now(),
    events: { context: (cwd) => buildContext(processFacts(cwd)), store: 'default' },
  });
  for (const n of result.notes) note(n);
  answer(result.stdout);
  await writeCodeCache(classify, () => buildContext(processFacts(undefined)), warmAudit);
  const flushLazy = (globalThis as Record<symbol, unknown>)[Symbol.for('task-orchestrator.flush-lazy-cache')];
  if (typeof flushLazy === 'function') (flushLazy as () => void)();
  process.exit(0);
}

/** What every call does after classifying, minus the write: compiled into the code cache. */
function warmAudit(call: ToolCall, result: Classification, ctx: ClassifyContext): void {
  JSON.stringify(auditEvent({ id: 'warm-up', ts: 0, session: '', ctx, tool: call.tool_name, summary: summarize(call), result, answer: null }));
}

/** TASK_ORCHESTRATOR_FOLD_CHECK_EVERY=N: count the journal on one call in N (tests use 1). */
function foldCheckEvery(): number | undefined {
  const n = Number(process.env.TASK_ORCHESTRATOR_FOLD_CHECK_EVERY);
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

/** One diagnostic line on stderr; stdout is the protocol. */
function note(message: string): void {
  writeAll(2, `task-orchestrator: ${message.replace(/\s+/g, ' ')}\n`);
}

function writeAll(fd: number, text: string): void {
  const buf = Buffer.from(text);
  let off = 0;
  for (let tries = 0; off < buf.length && tries < 1000; tries++) {
    try {
      off += writeSync(fd, buf, off);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EAGAIN') return; // EPIPE: the reader is gone
    }
  }
}
