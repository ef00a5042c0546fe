/**
 * `doctor [--plugin-dir DIR]`: checks the install, the hooks, the state directory and database, and the
 * policy files; one ✔/✘ line each (! warns, · informs), a `fix:` under every problem. Exit 1 if any ✘.
 */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { listBackups } from '../../engine/store/store.js';
import { commandArgs } from '../args.js';
import type { CliIO } from '../io.js';
import { openStore, pathsOf } from '../state.js';
import { formatChecks, type CheckResult } from './check.js';
import { claudeEnabledCheck, hookAnswersCheck, hooksJsonCheck, nodeCheck } from './install.js';
import { policyChecks } from './policy.js';
import { stateDirChecks, storeChecks, type StoreFacts } from './state.js';

/** hooks.json's timeout must cover the longest approval wait plus the hook's margin. */
const MIN_HOOK_TIMEOUT_S = 120;

export async function runDoctor(args: string[], io: CliIO, defaultPluginDir: string): Promise<number> {
  const { values } = commandArgs<{ 'plugin-dir'?: string }>(args, { 'plugin-dir': { type: 'string' } }, [], 'doctor');
  const pluginDir = resolve(io.cwd, values['plugin-dir'] ?? defaultPluginDir);
  const env = io.env as NodeJS.ProcessEnv;
  const projectDir = io.env.CLAUDE_PROJECT_DIR ? resolve(io.cwd, io.env.CLAUDE_PROJECT_DIR) : io.cwd;
  const paths = pathsOf(io);
  const results: CheckResult[] = [
    nodeCheck(process.version, env),
    hooksJsonCheck(pluginDir, MIN_HOOK_TIMEOUT_S),
    hookAnswersCheck(pluginDir, env),
    claudeEnabledCheck(io.home, projectDir),
  ];
  const dir = stateDirChecks(paths, io.now());
  results.push(...dir.results);
  if (dir.usable) {
    const before = new Set(listBackups(paths));
    let facts: StoreFacts | Error;
    try {
      const store = await openStore({ ...io, err: () => {} });
      facts = { ...store.schema, notices: [...store.notices] };
      store.close();
    } catch (err) {
      facts = err instanceof Error ? err : new Error(String(err));
    }
    const all = listBackups(paths);
    results.push(...storeChecks(paths, facts, all.filter((b) => !before.has(b)), all, sizeOf(paths.db)));
  }
  results.push(...(await policyChecks({ home: io.home, projectDir, stateDir: paths.dir })));
  await io.out(formatChecks(results));
  return results.some((r) => r.status === 'fail') ? 1 : 0;
}

function sizeOf(file: string): number | null {
  try {
    return statSync(file).size;
  } catch {
    return null;
  }
}
