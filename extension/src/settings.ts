/**
 * The extension's settings, resolved to what the state service needs. Pure: the values, the environment
 * and the workspace folders are parameters.
 */
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { resolveStateDir } from '../../server/engine/store/paths.js';
import type { ServiceConfig } from './state-service.js';

export interface RawSettings {
  stateDir?: unknown;
  project?: unknown;
}

/**
 * `taskOrchestrator.stateDir` (a leading `~` is the home directory; relative to the first workspace folder)
 * or the engine's default; `taskOrchestrator.project` "current" = the first workspace folder (Claude Code
 * records the project directory), "all" or no folder = every project.
 * @example serviceConfig({ stateDir: '', project: 'current' }, { folders: ['/home/dev/app'] }) // { stateDir: '/home/dev/.task-orchestrator', project: '/home/dev/app' }
 */
export function serviceConfig(
  s: RawSettings,
  env: { folders: readonly string[]; vars?: Readonly<Record<string, string | undefined>>; home?: string },
): ServiceConfig {
  const home = env.home ?? homedir();
  const raw = typeof s.stateDir === 'string' ? s.stateDir.trim() : '';
  let stateDir: string;
  if (raw === '') stateDir = resolveStateDir(env.vars ?? process.env, home, env.folders[0] ?? home);
  else if (raw === '~' || raw.startsWith('~/')) stateDir = join(home, raw.slice(1));
  else stateDir = isAbsolute(raw) ? resolve(raw) : resolve(env.folders[0] ?? home, raw);
  const project = s.project === 'all' ? null : (env.folders[0] ?? null);
  return { stateDir, project: project === null ? null : resolve(project) };
}
