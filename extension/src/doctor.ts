/**
 * "Run doctor": finds the plugin's CLI (`dist/cli.mjs`) and runs `doctor` with the extension's state
 * directory. The extension host's own runtime runs it (Electron as Node, or code-server's Node).
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/**
 * Where the CLI may be, most specific first: $TASK_ORCHESTRATOR_CLI, each workspace folder's
 * plugin/dist/cli.mjs (this repository), Claude Code's plugin cache, `task-orchestrator` on PATH.
 * @example cliCandidates({ folders: ['/home/dev/app'], home: '/home/dev', env: {} })[0] // '/home/dev/app/plugin/dist/cli.mjs'
 */
export function cliCandidates(q: { folders: readonly string[]; home: string; env: Readonly<Record<string, string | undefined>> }): string[] {
  const out: string[] = [];
  if (q.env.TASK_ORCHESTRATOR_CLI) out.push(q.env.TASK_ORCHESTRATOR_CLI);
  for (const f of q.folders) out.push(join(f, 'plugin', 'dist', 'cli.mjs'));
  out.push(...pluginCache(join(q.home, '.claude', 'plugins', 'cache')));
  for (const dir of (q.env.PATH ?? '').split(delimiter)) if (dir) out.push(join(dir, 'task-orchestrator'));
  return out;
}

/** `<cache>/<marketplace>/<plugin>/<version>/dist/cli.mjs` of plugins named task-orchestrator. */
function pluginCache(cache: string): string[] {
  const found: string[] = [];
  const list = (d: string): string[] => {
    try {
      return readdirSync(d);
    } catch {
      return [];
    }
  };
  for (const market of list(cache)) {
    for (const plugin of list(join(cache, market)).filter((p) => p.includes('task-orchestrator'))) {
      for (const version of list(join(cache, market, plugin)).sort().reverse()) found.push(join(cache, market, plugin, version, 'dist', 'cli.mjs'));
    }
  }
  return found;
}

/**
 * The first candidate that exists, or null.
 * @example findCli(['/nope', '/home/dev/app/plugin/dist/cli.mjs'], existsSync)
 */
export function findCli(candidates: readonly string[], exists: (p: string) => boolean = existsSync): string | null {
  return candidates.find((c) => exists(c)) ?? null;
}

/**
 * Runs `<cli> doctor`, streaming its output to `write`; resolves with its exit code (null when killed
 * after `timeoutMs`).
 */
export function runDoctor(cli: string, stateDir: string, write: (text: string) => void, timeoutMs = 60_000): Promise<number | null> {
  return new Promise((resolvePromise) => {
    const child = spawn(process.execPath, [cli, 'doctor'], {
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1', TASK_ORCHESTRATOR_HOME: stateDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout.on('data', (b: Buffer) => write(b.toString()));
    child.stderr.on('data', (b: Buffer) => write(b.toString()));
    child.on('error', (err) => {
      clearTimeout(timer);
      write(`could not run ${cli}: ${err.message}\n`);
      resolvePromise(null);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolvePromise(code);
    });
  });
}
