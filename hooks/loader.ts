/**
 * Entry of plugin/dist/hook.cjs. Loads the hook (hook-main.cjs) through V8's code cache: the hook is a
 * new process on every tool call, and compiling its bundle from source is about half of what it costs
 * above a bare `node`. The cache lives in the orchestrator's state directory (which the classifier
 * forbids the agent to touch), is written once (atomically) and whenever V8 rejects it — a new bundle,
 * a new Node — and anything wrong with it falls back to a plain compile. The lazy bundle for the other
 * events (lazy/events.cjs: PostToolUse, UserPromptSubmit, …) is loaded the same way, on demand. Set
 * TASK_ORCHESTRATOR_NO_CODE_CACHE=1 to turn it off.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';

const useCache = !process.env.TASK_ORCHESTRATOR_NO_CODE_CACHE;
// HOME as os.homedir() reads it on POSIX, without loading node:os.
const home = process.env.HOME || (require('node:os') as typeof import('node:os')).homedir();
const cacheDir = join(process.env.TASK_ORCHESTRATOR_HOME || join(home, '.task-orchestrator'), 'cache');
const globals = globalThis as Record<symbol, unknown>;

interface Compiled {
  script: Script;
  /** Writes this script's cache (after it ran, so the functions it compiled lazily are in it). */
  write: (() => void) | null;
}

function compile(file: string, name: string): Compiled {
  const cacheFile = join(cacheDir, `${name}-${process.version}-${process.arch}.v8cache`);
  let cachedData: Buffer | undefined;
  if (useCache) {
    try {
      cachedData = readFileSync(cacheFile);
    } catch {
      cachedData = undefined; // first run, or unreadable: compile from source
    }
  }
  const source = readFileSync(file, 'utf8');
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: file, cachedData });
  const write = useCache && (!cachedData || script.cachedDataRejected)
    ? (): void => {
        if (globals[Symbol.for('task-orchestrator.v8-flags-changed')]) return;
        try {
          mkdirSync(cacheDir, { recursive: true, mode: 0o700 });
          const tmp = `${cacheFile}.${process.pid}.tmp`;
          writeFileSync(tmp, script.createCachedData(), { mode: 0o600 });
          renameSync(tmp, cacheFile);
        } catch {
          // A cache we cannot write only costs speed.
        }
      }
    : null;
  return { script, write };
}

function run(c: Compiled, file: string, req: NodeJS.Require): unknown {
  const mod = { exports: {} };
  (c.script.runInThisContext() as (...args: unknown[]) => void)(mod.exports, req, mod, file, dirname(file));
  return mod.exports;
}

const main = join(__dirname, 'hook-main.cjs');
const compiledMain = compile(main, 'hook-main');
// Written by the hook after it has answered and warmed up the usual code paths (hooks/code-cache.ts).
if (compiledMain.write) globals[Symbol.for('task-orchestrator.code-cache')] = compiledMain.write;

const lazyWrites: Array<() => void> = [];
/** `lazy/<name>.cjs` through the code cache; its own cache is written by `flush-lazy-cache` after the answer. */
globals[Symbol.for('task-orchestrator.require-cached')] = (relative: string): unknown => {
  const file = join(__dirname, relative);
  const c = compile(file, relative.replace(/[^A-Za-z0-9-]+/g, '_'));
  const { createRequire } = require('node:module') as typeof import('node:module');
  const exports = run(c, file, createRequire(file));
  if (c.write) lazyWrites.push(c.write);
  return exports;
};
globals[Symbol.for('task-orchestrator.flush-lazy-cache')] = (): void => {
  for (const w of lazyWrites.splice(0)) w();
};

run(compiledMain, main, require); // hook-main.cjs sits beside this file: the same require resolves its paths
