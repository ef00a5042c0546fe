// Finding, installing and running the real Claude Code CLI against the mock API.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const REPO = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../..');
const CACHE = path.join(REPO, '.cache', 'claude-code');

function platformKey() {
  const report = process.report?.getReport?.();
  const musl = process.platform === 'linux' && report?.header?.glibcVersionRuntime === undefined;
  return `${process.platform}-${os.arch()}${musl ? '-musl' : ''}`;
}

/**
 * The native `claude` binary for a version, installed into .cache/claude-code/<version>/ on first use.
 * The npm package's bin is a placeholder that its postinstall replaces; npm 11's install-script gating may
 * skip that postinstall, so we run the binary from the platform package (an optional dependency) directly.
 */
export function ensureClaude(version, log = () => {}) {
  const prefix = path.join(CACHE, version);
  const scope = path.join(prefix, 'node_modules', '@anthropic-ai');
  const candidates = [
    path.join(scope, `claude-code-${platformKey()}`, process.platform === 'win32' ? 'claude.exe' : 'claude'),
    path.join(scope, 'claude-code', 'bin', 'claude.exe'),
  ];
  const found = () => candidates.find((p) => fs.existsSync(p) && fs.statSync(p).size > 1_000_000);
  let bin = found();
  if (!bin) {
    log(`installing @anthropic-ai/claude-code@${version} into ${path.relative(REPO, prefix)} …`);
    fs.mkdirSync(prefix, { recursive: true });
    const r = spawnSync('npm', ['install', '--prefix', prefix, '--no-save', '--no-audit', '--no-fund',
      `@anthropic-ai/claude-code@${version}`], { encoding: 'utf8', timeout: 300_000 });
    if (r.status !== 0) throw new Error(`npm install claude-code@${version} failed (${r.status}): ${r.stderr}`);
    bin = found();
    if (!bin) throw new Error(`claude-code@${version}: no native binary under ${scope} (platform ${platformKey()})`);
  }
  const v = spawnSync(bin, ['--version'], { encoding: 'utf8', timeout: 30_000, env: { ...process.env, HOME: os.tmpdir() } });
  if (!String(v.stdout).startsWith(version)) throw new Error(`${bin} --version said ${JSON.stringify(v.stdout)}, expected ${version}`);
  return bin;
}

/** The environment every run gets: offline, the mock as API, a scratch HOME, bypass allowed as root. */
export function claudeEnv({ home, mockUrl, extra = {} }) {
  return {
    PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    HOME: home,
    USER: 'e2e',
    LANG: 'C.UTF-8',
    TMPDIR: process.env.TMPDIR ?? '/tmp',
    ANTHROPIC_BASE_URL: mockUrl ?? 'http://127.0.0.1:9',
    ANTHROPIC_API_KEY: 'test',
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    DISABLE_TELEMETRY: '1',
    DISABLE_AUTOUPDATER: '1',
    DISABLE_ERROR_REPORTING: '1',
    IS_SANDBOX: '1',
    ...extra,
  };
}

/** Run a process with a hard timeout; kill its whole process group on expiry. Never rejects. */
export function runProcess(cmd, args, { cwd, env, timeoutMs = 60_000, input } = {}) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(cmd, args, { cwd, env, stdio: [input == null ? 'ignore' : 'pipe', 'pipe', 'pipe'], detached: true });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    if (input != null) child.stdin.end(input);
    const kill = () => { try { process.kill(-child.pid, 'SIGKILL'); } catch { /* already gone */ } };
    const timer = setTimeout(() => { timedOut = true; kill(); }, timeoutMs);
    child.on('error', (err) => { stderr += String(err); });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      kill(); // reap leftovers in the group (e.g. an MCP server the CLI forgot)
      resolve({ code, signal, stdout, stderr, timedOut, ms: Date.now() - started });
    });
  });
}

/**
 * `claude -p` with stream-json output and hook events. Returns the parsed events plus helpers.
 * @param {{ bin: string, prompt: string, cwd: string, env: Record<string,string>, mode?: string,
 *   pluginDir?: string | null, extraArgs?: string[], timeoutMs?: number }} o
 */
export async function runPrint(o) {
  const args = ['-p', o.prompt, '--output-format', 'stream-json', '--verbose', '--include-hook-events'];
  if (o.pluginDir) args.push('--plugin-dir', o.pluginDir);
  if (o.mode) args.push('--permission-mode', o.mode);
  args.push(...(o.extraArgs ?? []));
  const r = await runProcess(o.bin, args, { cwd: o.cwd, env: o.env, timeoutMs: o.timeoutMs ?? 90_000 });
  const events = [];
  for (const line of r.stdout.split('\n')) {
    if (!line.trim()) continue;
    try { events.push(JSON.parse(line)); } catch { events.push({ type: 'unparsed', line }); }
  }
  return { ...r, args, events, ...streamViews(events) };
}

/** Views over a stream-json event list that the assertions need. */
export function streamViews(events) {
  const init = events.find((e) => e.type === 'system' && e.subtype === 'init');
  const result = events.find((e) => e.type === 'result');
  /** PreToolUse hook responses with the parsed permission decision. */
  const preToolUse = events
    .filter((e) => e.type === 'system' && e.subtype === 'hook_response' && e.hook_event === 'PreToolUse')
    .map((e) => {
      let out = null;
      try { out = JSON.parse(e.stdout || e.output || 'null'); } catch { /* not JSON */ }
      const hso = out?.hookSpecificOutput ?? {};
      return { hookName: e.hook_name, exitCode: e.exit_code, outcome: e.outcome, stderr: e.stderr,
        decision: hso.permissionDecision ?? null, reason: hso.permissionDecisionReason ?? '', raw: e };
    });
  /** Every hook_response (any event: SessionStart, UserPromptSubmit, PreToolUse, PostToolUse, …) with its JSON output parsed. */
  const hookResponses = events
    .filter((e) => e.type === 'system' && e.subtype === 'hook_response')
    .map((e) => {
      let out = null;
      try { out = JSON.parse(e.stdout || e.output || 'null'); } catch { /* not JSON */ }
      return { event: e.hook_event, hookName: e.hook_name, exitCode: e.exit_code, outcome: e.outcome, stdout: e.stdout ?? e.output ?? '',
        stderr: e.stderr, output: out, additionalContext: out?.hookSpecificOutput?.additionalContext ?? '',
        decision: out?.decision ?? null, reason: out?.reason ?? '', raw: e };
    });
  const toolUses = events.filter((e) => e.type === 'assistant')
    .flatMap((e) => (e.message?.content ?? []).filter((b) => b.type === 'tool_use'));
  const toolResults = events.filter((e) => e.type === 'user')
    .flatMap((e) => (Array.isArray(e.message?.content) ? e.message.content : [])
      .filter((b) => b.type === 'tool_result')
      .map((b) => ({
        tool_use_id: b.tool_use_id,
        is_error: b.is_error === true,
        text: typeof b.content === 'string' ? b.content : JSON.stringify(b.content),
        meta: (e.tool_result_meta ?? []).find((m) => m.id === b.tool_use_id) ?? null,
      })));
  return { init, result, preToolUse, hookResponses, toolUses, toolResults };
}
