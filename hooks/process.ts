/**
 * Runs a hook as a whole process (what hooks.json starts, and `task-orchestrator hook <event>`).
 * Owns the process-level safety net: whatever happens — an exception, a rejected promise, a hang, a
 * stray `process.exit` — the process exits 0 having printed exactly one answer, and for PreToolUse an
 * answer it could not reach is a deny (a crashed or timed-out hook would let the call through).
 */
import { writeSync } from 'node:fs';
import { classify } from '../server/engine/policy/index.js';
import { buildContext, processFacts } from '../server/engine/runtime/context.js';
import { printableMessage } from '../server/engine/runtime/refusals.js';
import { fallbackOutput, handleHook } from './main.js';
import { writeCodeCache } from './code-cache.js';
import { readStdin } from './stdin.js';

/** Answer before Claude Code's own timeout (hooks.json: 30 s), which would fail open. */
export const HOOK_DEADLINE_MS = 20_000;

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
  setTimeout(() => {
    note(`no decision after ${HOOK_DEADLINE_MS} ms`);
    answer(fallbackOutput(event, `no decision within ${HOOK_DEADLINE_MS / 1000} s, refusing to be safe.`));
    process.exit(0);
  }, HOOK_DEADLINE_MS).unref();

  const stdin = await readStdin();
  const result = await handleHook(event, stdin, {
    classify,
    context: (cwd) => buildContext(processFacts(cwd)),
  });
  for (const n of result.notes) note(n);
  answer(result.stdout);
  await writeCodeCache(classify, () => buildContext(processFacts(undefined)));
  process.exit(0);
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
