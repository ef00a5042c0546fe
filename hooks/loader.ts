/**
 * Entry of plugin/dist/hook.cjs. Loads the hook (hook-main.cjs) through V8's code cache: the hook is a
 * new process on every tool call, and compiling its bundle from source is about half of what it costs
 * above a bare `node`. The cache lives in the orchestrator's state directory (which the classifier
 * forbids the agent to touch), is written once (atomically) and whenever V8 rejects it — a new bundle,
 * a new Node — and anything wrong with it falls back to a plain compile. Set
 * TASK_ORCHESTRATOR_NO_CODE_CACHE=1 to turn it off.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Script } from 'node:vm';

const main = join(__dirname, 'hook-main.cjs');
const source = readFileSync(main, 'utf8');
const useCache = !process.env.TASK_ORCHESTRATOR_NO_CODE_CACHE;
// HOME as os.homedir() reads it on POSIX, without loading node:os.
const home = process.env.HOME || (require('node:os') as typeof import('node:os')).homedir();
const cacheDir = join(process.env.TASK_ORCHESTRATOR_HOME || join(home, '.task-orchestrator'), 'cache');
const cacheFile = join(cacheDir, `hook-main-${process.version}-${process.arch}.v8cache`);

let cachedData: Buffer | undefined;
if (useCache) {
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined; // first run, or unreadable: compile from source
  }
}
const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: main, cachedData });
if (useCache && (!cachedData || script.cachedDataRejected)) {
  // Written by the hook after it has answered and warmed up the usual code paths (hooks/code-cache.ts),
  // so the functions compiled lazily are in the cache too.
  (globalThis as Record<symbol, unknown>)[Symbol.for('task-orchestrator.code-cache')] = (): void => {
    if ((globalThis as Record<symbol, unknown>)[Symbol.for('task-orchestrator.v8-flags-changed')]) return;
    try {
      mkdirSync(cacheDir, { recursive: true, mode: 0o700 });
      const tmp = `${cacheFile}.${process.pid}.tmp`;
      writeFileSync(tmp, script.createCachedData(), { mode: 0o600 });
      renameSync(tmp, cacheFile);
    } catch {
      // A cache we cannot write only costs speed.
    }
  };
}
const mod = { exports: {} };
(script.runInThisContext() as (...args: unknown[]) => void)(mod.exports, require, mod, main, __dirname); // hook-main.cjs sits beside this file: the same require resolves its paths
