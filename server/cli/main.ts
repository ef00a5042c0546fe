/**
 * Entry of plugin/dist/cli.mjs (package.json `bin`): wires the real process into runCli.
 */
import { createRequire } from 'node:module';
import { createInterface } from 'node:readline';
import { classify } from '../engine/policy/index.js';
import { buildContext, processFacts } from '../engine/runtime/context.js';
import type { CliIO } from './io.js';
import { runCli } from './run.js';

// A reader that went away (`… | head`) is not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => process.exit(err.code === 'EPIPE' ? 0 : 1));

const io: CliIO = {
  // Waits only when the pipe is full, so a long --batch run is not one event-loop turn per line.
  out: (text) => (process.stdout.write(text) ? undefined : new Promise<void>((r) => process.stdout.once('drain', r))),
  err: (text) => void process.stderr.write(text),
  lines: () => createInterface({ input: process.stdin, crlfDelay: Infinity }),
  classify,
  context: (cwd) => buildContext(processFacts(cwd)),
};

/**
 * `hook <Event>` runs the built hook bundle beside this file (plugin/dist/hook.cjs) in this process, so
 * the CLI and hooks.json answer identically without the CLI importing the hook surface's sources.
 */
async function runBuiltHook(event: string): Promise<void> {
  process.argv = [process.argv[0]!, 'hook.cjs', event];
  createRequire(import.meta.url)('./hook.cjs');
}

runCli(process.argv.slice(2), io, { hook: runBuiltHook }).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`task-orchestrator: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  },
);
