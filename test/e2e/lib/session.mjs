// One scripted `claude -p` session against a fresh mock, plus the checks every scenario shares.
import { startMockAnthropic } from '../mock-anthropic.mjs';
import { claudeEnv, runPrint } from './claude.mjs';

/**
 * Run `claude -p` in the scenario's sandbox with the mock playing `turns` (one tool call per turn, so
 * the n-th PreToolUse hook response belongs to the n-th tool call).
 * @param {import('./context.mjs').Ctx} ctx
 * @param {{ turns: any[], mode: 'default' | 'bypassPermissions', pluginDir?: string | null,
 *   extraArgs?: string[], env?: Record<string, string>, prompt?: string }} o
 */
export async function session(ctx, o) {
  const mock = await startMockAnthropic({ turns: o.turns });
  try {
    const r = await runPrint({
      bin: ctx.bin,
      prompt: o.prompt ?? 'Please tidy up this project.',
      cwd: ctx.sb.project,
      env: claudeEnv({ home: ctx.sb.home, mockUrl: mock.url, extra: o.env }),
      mode: o.mode,
      pluginDir: o.pluginDir === undefined ? ctx.pluginDir : o.pluginDir,
      extraArgs: o.extraArgs,
    });
    ctx.artifacts.push({ name: `session-${ctx.artifacts.length + 1}.jsonl`, text: r.stdout });
    if (r.stderr.trim()) ctx.artifacts.push({ name: `session-${ctx.artifacts.length}.stderr`, text: r.stderr });
    return { ...r, mock };
  } finally {
    await mock.close();
  }
}

/** The session ended normally and every tool call went through exactly one PreToolUse hook that did not crash. */
export function checkSessionHealthy(t, r) {
  t.check('claude exited 0 with a result event', r.code === 0 && !r.timedOut && r.result != null,
    `code=${r.code} timedOut=${r.timedOut} ${r.stderr.slice(0, 300)}`);
  t.check(`our PreToolUse hook ran for each of the ${r.toolUses.length} tool call(s)`,
    r.preToolUse.length === r.toolUses.length,
    `hook responses=${r.preToolUse.length} tool calls=${r.toolUses.length}`);
  const crashed = r.preToolUse.filter((h) => h.exitCode !== 0);
  t.check('the hook exited 0 every time (no crash, no fail-open)', crashed.length === 0,
    crashed.map((h) => `${h.hookName}: exit ${h.exitCode} ${String(h.stderr).slice(0, 200)}`).join('; '));
}

/** The tool_result Claude Code produced for the n-th tool call. */
export function resultFor(r, n) {
  const id = r.toolUses[n]?.id;
  return r.toolResults.find((x) => x.tool_use_id === id) ?? null;
}

const wasRefused = (r, n) => (r.result?.permission_denials ?? []).some((d) => d.tool_use_id === r.toolUses[n]?.id);

/** The n-th call was denied by our hook, and Claude got the hook's reason as an error tool_result. */
export function expectDenied(t, r, n, what) {
  const hook = r.preToolUse[n];
  const res = resultFor(r, n);
  t.check(`${what}: hook says deny`, hook?.decision === 'deny',
    `decision=${hook?.decision ?? 'none'} reason=${hook?.reason ?? ''}`, { classifier: true });
  t.check(`${what}: tool_result is_error carries the hook's reason`,
    res?.is_error === true && hook?.decision === 'deny' && hook.reason !== '' && res.text.includes(hook.reason),
    `tool_result=${JSON.stringify(res)?.slice(0, 300)}`, { classifier: true });
  t.check(`${what}: listed in result.permission_denials`, wasRefused(r, n), '', { classifier: true });
}

/** The n-th call got "ask" from our hook; in -p mode nobody can answer, so Claude Code refuses it. */
export function expectAsked(t, r, n, what) {
  const hook = r.preToolUse[n];
  const res = resultFor(r, n);
  t.check(`${what}: hook says ask`, hook?.decision === 'ask',
    `decision=${hook?.decision ?? 'none'} reason=${hook?.reason ?? ''}`, { classifier: true });
  t.check(`${what}: refused in -p (is_error tool_result, permission_denials)`,
    res?.is_error === true && wasRefused(r, n), `tool_result=${JSON.stringify(res)?.slice(0, 300)}`, { classifier: true });
}

/** The n-th call got no deny/ask from our hook (no opinion or allow) and ran. */
export function expectRan(t, r, n, what, outputIncludes) {
  const hook = r.preToolUse[n];
  const res = resultFor(r, n);
  t.check(`${what}: hook neither denies nor asks`, hook != null && hook.decision !== 'deny' && hook.decision !== 'ask',
    `decision=${hook?.decision ?? 'none'} reason=${hook?.reason ?? ''}`, { classifier: true });
  t.check(`${what}: ran${outputIncludes ? ` (output has ${JSON.stringify(outputIncludes)})` : ''}`,
    res != null && res.is_error === false && (!outputIncludes || res.text.includes(outputIncludes)),
    `tool_result=${JSON.stringify(res)?.slice(0, 300)}`, { classifier: true });
}
