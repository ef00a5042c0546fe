/**
 * Entry of plugin/dist/cli.mjs (package.json `bin`): wires the real process into runCli.
 */
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
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
  env: process.env,
  home: homedir(),
  cwd: process.cwd(),
  now: Date.now,
};

/**
 * `hook <Event>` runs the built hook bundle beside this file (plugin/dist/hook.cjs) in this process, so
 * the CLI and hooks.json answer identically without the CLI importing the hook surface's sources.
 */
async function runBuiltHook(event: string): Promise<void> {
  process.argv = [process.argv[0]!, 'hook.cjs', event];
  createRequire(import.meta.url)('./hook.cjs');
}

/** `serve`: the MCP server bundle beside this file (plugin/dist/mcp.mjs) runs in this process. */
async function runBuiltServer(): Promise<void> {
  const here = dirname(fileURLToPath(import.meta.url));
  await import(pathToFileURL(join(here, 'mcp.mjs')).href);
}

/** This file is plugin/dist/cli.mjs: the plugin folder is two levels up. */
const pluginDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * A finished command exits at once, once stdout is flushed: a timer left behind (the store's lock wait,
 * a closed watch view's stdin) must not keep the shell waiting. `hook` is the exception: the hook runner
 * owns the process and exits by itself, and so does `serve` (the MCP server).
 */
function finish(code: number): void {
  process.exitCode = code;
  if (process.argv[2] !== 'hook' && process.argv[2] !== 'serve') process.stdout.write('', () => process.exit(code));
}

runCli(process.argv.slice(2), io, { hook: runBuiltHook, serve: runBuiltServer, pluginDir }).then(finish, (err: unknown) => {
  process.stderr.write(`task-orchestrator: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  finish(1);
});
