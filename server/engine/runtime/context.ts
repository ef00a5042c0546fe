/**
 * Builds the ClassifyContext from process facts. The facts (environment, cwd, home, OS temp dir, file
 * reader) are passed in, so tests and every surface (hook, CLI, MCP server) can supply their own;
 * `processFacts()` is the single place that reads them from the real process.
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { loadPolicy } from '../policy/policy-file.js';
import type { ClassifyContext } from '../policy/types.js';
import { osTmpdir, userHome } from './os-facts.js';

export interface ProcessFacts {
  env: Readonly<Record<string, string | undefined>>;
  /** Working directory of the tool call (hook stdin `cwd`); resolved against `processCwd` if relative. */
  cwd: string;
  /** The process's own working directory (absolute). */
  processCwd: string;
  home: string;
  /** `os.tmpdir()` of this process. */
  osTmpdir: string;
  /** Returns a file's text, or undefined when it does not exist. */
  readFile: (path: string) => string | undefined;
}

/** Default state directory when TASK_ORCHESTRATOR_HOME is not set. */
export const STATE_DIR_NAME = '.task-orchestrator';

/**
 * Build the context for `classify`. Pure apart from `facts.readFile` (policy files); async only because
 * the policy loader imports its schema on demand.
 *
 * @example
 * const ctx = await buildContext({ ...processFacts(), cwd: hookInput.cwd });
 */
export async function buildContext(facts: ProcessFacts): Promise<ClassifyContext> {
  const cwd = resolve(facts.processCwd, facts.cwd || facts.processCwd);
  const projectDir = envPath(facts, 'CLAUDE_PROJECT_DIR', cwd) ?? cwd;
  const stateDir = envPath(facts, 'TASK_ORCHESTRATOR_HOME', cwd) ?? resolve(facts.home, STATE_DIR_NAME);
  const tmpDirs = dedupe(['/tmp', '/var/tmp', envPath(facts, 'TMPDIR', cwd), facts.osTmpdir]);
  const policy = await loadPolicy({ home: facts.home, projectDir, stateDir, readFile: facts.readFile });
  return { cwd, home: facts.home, projectDir, stateDir, tmpDirs, policy };
}

/** The real process's facts; `cwd` defaults to the process working directory. */
export function processFacts(cwd?: string): ProcessFacts {
  const processCwd = process.cwd();
  return { env: process.env, cwd: cwd ?? processCwd, processCwd, home: userHome(), osTmpdir: osTmpdir(), readFile: readTextFile };
}

/** Reads a UTF-8 file; a missing file (or a missing parent) is `undefined`, other errors propagate. */
export function readTextFile(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw err;
  }
}

/** An environment variable holding a path: empty means unset, `~/` is the home, relative is against cwd. */
function envPath(facts: ProcessFacts, name: string, cwd: string): string | undefined {
  const value = facts.env[name];
  if (!value) return undefined;
  if (value === '~' || value.startsWith('~/')) return resolve(facts.home, value.slice(2));
  return isAbsolute(value) ? resolve(value) : resolve(cwd, value);
}

function dedupe(paths: Array<string | undefined>): string[] {
  const out: string[] = [];
  for (const p of paths) {
    if (!p) continue;
    const abs = resolve(p); // drops a trailing slash: TMPDIR is often "/tmp/"
    if (!out.includes(abs)) out.push(abs);
  }
  return out;
}
