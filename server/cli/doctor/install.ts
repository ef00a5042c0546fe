/**
 * Doctor's install checks: Node, the plugin's files (hooks.json, the hook bundle, a synthetic
 * PreToolUse through it), and whether Claude Code has the plugin enabled (reported, never a failure:
 * `claude --plugin-dir` works without it).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fail, info, majorAtLeast, ok, warn, type CheckResult } from './check.js';

export const MIN_NODE = 20;
const HOOK_ANSWER_TIMEOUT_MS = 10_000;
const PLUGIN_NAME = 'task-orchestrator';

export function nodeCheck(processVersion: string, env: NodeJS.ProcessEnv): CheckResult {
  if (!majorAtLeast(processVersion, MIN_NODE)) return fail(`Node.js ${processVersion} runs this command; Task Orchestrator needs ${MIN_NODE} or newer`, `install Node.js ${MIN_NODE} LTS or newer`);
  const r = spawnSync('node', ['-p', 'process.version'], { encoding: 'utf8', env, timeout: 10_000 });
  const pathVersion = r.status === 0 ? r.stdout.trim() : null;
  if (!pathVersion) return fail('no `node` on PATH: Claude Code starts the hook as `node …/dist/hook.cjs`', `put Node.js ${MIN_NODE}+ on the PATH Claude Code sees`);
  if (!majorAtLeast(pathVersion, MIN_NODE)) return fail(`\`node\` on PATH is ${pathVersion}; the hook needs ${MIN_NODE} or newer`, `put Node.js ${MIN_NODE}+ first on PATH`);
  return ok(`Node.js ${processVersion} (node on PATH: ${pathVersion})`);
}

/** hooks.json parses and runs dist/hook.cjs for PreToolUse with a timeout of at least `minTimeoutS`. */
export function hooksJsonCheck(pluginDir: string, minTimeoutS: number): CheckResult {
  const file = join(pluginDir, 'hooks', 'hooks.json');
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    return fail(`${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : `not valid JSON (${(err as Error).message})`}`, `reinstall the plugin (claude plugin install ${PLUGIN_NAME}@…) or run npm run build in the repository`);
  }
  const entries = (json as { hooks?: { PreToolUse?: Array<{ hooks?: Array<{ command?: unknown; timeout?: unknown }> }> } }).hooks?.PreToolUse ?? [];
  const hook = entries.flatMap((e) => e.hooks ?? []).find((h) => typeof h.command === 'string' && h.command.includes('dist/hook.cjs'));
  if (!hook) return fail(`${file}: no PreToolUse hook runs dist/hook.cjs`, 'restore hooks.json from the plugin release');
  const timeout = typeof hook.timeout === 'number' ? hook.timeout : 60;
  if (timeout < minTimeoutS) return fail(`${file}: PreToolUse timeout ${timeout} s is shorter than the hook's approval wait allows (${minTimeoutS} s)`, `set "timeout": ${minTimeoutS}`);
  return ok(`${file}: PreToolUse runs ${String(hook.command)} (timeout ${timeout} s)`);
}

/** The hook bundle exists and answers a synthetic `rm -rf /` with deny, as Claude Code would run it. */
export function hookAnswersCheck(pluginDir: string, env: NodeJS.ProcessEnv): CheckResult {
  const hook = join(pluginDir, 'dist', 'hook.cjs');
  if (!existsSync(hook)) return fail(`the hook bundle ${hook} is missing`, 'reinstall the plugin, or run npm run build in the repository');
  const scratch = mkdtempSync(join(tmpdir(), 'task-orchestrator-doctor-'));
  try {
    const input = JSON.stringify({ hook_event_name: 'PreToolUse', session_id: 'doctor', cwd: scratch, tool_name: 'Bash', tool_input: { command: 'rm -rf /' } });
    // A scratch state dir: the synthetic call must not reach your audit log or inbox.
    const started = Date.now();
    const r = spawnSync('node', [hook, 'PreToolUse'], { input, encoding: 'utf8', timeout: HOOK_ANSWER_TIMEOUT_MS, env: { ...env, TASK_ORCHESTRATOR_HOME: join(scratch, 'state'), CLAUDECODE: '' }, cwd: scratch });
    const ms = Date.now() - started;
    if (r.error || r.status !== 0) {
      const why = r.error ? r.error.message : `exit ${r.status}${r.stderr ? `: ${r.stderr.trim().split('\n')[0]}` : ''}`;
      return fail(`the hook did not answer a synthetic PreToolUse within ${HOOK_ANSWER_TIMEOUT_MS / 1000} s (${why})`, 'run `task-orchestrator hook PreToolUse < input.json` to see the error; reinstall the plugin');
    }
    const decision = (() => {
      try {
        return (JSON.parse(r.stdout) as { hookSpecificOutput?: { permissionDecision?: string } }).hookSpecificOutput?.permissionDecision;
      } catch {
        return undefined;
      }
    })();
    if (decision !== 'deny') return fail(`the hook answered a synthetic \`rm -rf /\` with ${JSON.stringify(r.stdout.trim().slice(0, 120))}, not deny`, 'check your policy files (disabledRules?) and reinstall the plugin');
    return ok(`the hook answers: synthetic \`rm -rf /\` → deny in ${ms} ms`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** Whether Claude Code has the plugin enabled (settings' enabledPlugins) or installed (plugin cache). */
export function claudeEnabledCheck(home: string, projectDir: string): CheckResult {
  const settings = [join(home, '.claude', 'settings.json'), join(projectDir, '.claude', 'settings.json'), join(projectDir, '.claude', 'settings.local.json')];
  for (const file of settings) {
    try {
      const enabled = (JSON.parse(readFileSync(file, 'utf8')) as { enabledPlugins?: Record<string, unknown> }).enabledPlugins ?? {};
      const key = Object.keys(enabled).find((k) => k.split('@')[0] === PLUGIN_NAME && enabled[k] === true);
      if (key) return ok(`Claude Code has the plugin enabled: ${key} (${file})`);
    } catch {
      // missing or unreadable settings: look further
    }
  }
  const cache = join(home, '.claude', 'plugins', 'cache');
  const installed = safeList(cache).some((m) => existsSync(join(cache, m, PLUGIN_NAME)));
  if (installed) return warn(`the plugin is in Claude Code's plugin cache but not enabled in ${settings[0]}`, `claude plugin enable ${PLUGIN_NAME}`);
  return info(`Claude Code does not have the plugin installed (fine if you start it with claude --plugin-dir …/plugin); to install: claude plugin marketplace add <repo> && claude plugin install ${PLUGIN_NAME}@task-orchestrator-marketplace`);
}

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
