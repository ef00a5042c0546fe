/**
 * validate_code and run_with_error_capture. The command tool runs outside Claude Code's own Bash
 * permission checks, so it asks the hooks' classifier first: deny is refused; ask runs only when an
 * always-rule a human created in the inbox covers it (otherwise Claude is told to use its Bash tool, where
 * the user is asked); allow and no-opinion run (the user's permission mode already allowed this tool call).
 */
import { resolve, sep } from 'node:path';
import { z } from 'zod/v4';
import { CodeCheckError, LANGUAGES, validateCode } from '../../engine/code-check/index.js';
import { ExecError, gateCommand, runCommand } from '../../engine/exec/index.js';
import { buildContext, processFacts } from '../../engine/runtime/context.js';
import { matchApprovalRule, readRulesSnapshot } from '../../engine/store/journal.js';
import { storePaths } from '../../engine/store/paths.js';
import type { ServerContext } from '../context.js';
import { fail, ok, progress, tool, type ToolDef } from '../tool.js';

const issue = z.object({ line: z.number(), column: z.number(), code: z.string(), message: z.string() });

export function codeTools(ctx: ServerContext): ToolDef[] {
  return [
    tool({
      name: 'validate_code',
      title: 'Validate code',
      description: 'Checks code without running it: real syntax errors with line and column (tree-sitter grammars; JSON by a strict parser), warnings from the syntax tree (bare except, hardcoded secrets, eval, shell=True, == in JS, var, any in TS, …), and for bash what the safety gate would ask or deny.',
      input: { code: z.string().max(1_000_000), language: z.enum(LANGUAGES as unknown as [string, ...string[]]) },
      output: { valid: z.boolean(), errors: z.array(issue), warnings: z.array(issue), suggestions: z.array(z.string()) },
      annotations: { readOnlyHint: true, openWorldHint: false },
      handler: async (a) => {
        try {
          const r = await validateCode({ code: a.code, language: a.language, ...(a.language === 'bash' ? { ctx: await ctx.classifyContext() } : {}) });
          const lines = [...r.errors.map((e) => `error ${e.line}:${e.column} ${e.code}: ${e.message}`), ...r.warnings.map((w) => `warning ${w.line}:${w.column} ${w.code}: ${w.message}`)];
          return ok({ ...r }, `${r.valid ? 'valid' : 'INVALID'}${lines.length ? `\n${lines.join('\n')}` : ''}${r.suggestions.length ? `\n\n${r.suggestions.join('\n')}` : ''}`);
        } catch (e) {
          if (e instanceof CodeCheckError) return fail(e.message);
          throw e;
        }
      },
    }),
    tool({
      name: 'run_with_error_capture',
      title: 'Run a command and capture its errors',
      description:
        'Runs a shell command in the project (bash -c, its own process group, a timeout) and returns its exit status, bounded and redacted output, and the errors parsed from it ' +
        '(Python, Node, TypeScript, Go and Rust traces, shell errors) with a suggested fix each. Gated by the same classifier as the Bash tool: what it would deny is refused, what it would ask needs a human\'s always-rule.',
      input: {
        command: z.string().min(1).max(100_000),
        working_dir: z.string().optional().describe('relative to the project, or absolute inside it (default the project)'),
        timeout: z.number().int().min(1).max(600).optional().describe('seconds (default 60)'),
      },
      output: {
        command: z.string(), gate: z.object({ decision: z.string(), rule: z.string().nullable(), reason: z.string() }),
        exitCode: z.number().nullable(), signal: z.string().nullable(), timedOut: z.boolean(), durationMs: z.number(),
        stdout: z.object({ text: z.string(), bytes: z.number(), truncated: z.boolean() }), stderr: z.object({ text: z.string(), bytes: z.number(), truncated: z.boolean() }),
        errors: z.array(z.object({ language: z.string(), type: z.string(), message: z.string() }).passthrough()),
      },
      annotations: { readOnlyHint: false, destructiveHint: true, openWorldHint: true },
      handler: async (a, extra) => {
        const cwd = resolve(ctx.project, a.working_dir ?? '.');
        if (cwd !== ctx.project && !cwd.startsWith(ctx.project + sep)) return fail(`working_dir ${JSON.stringify(a.working_dir)} is outside the project ${ctx.project}`);
        const gate = await gateCommand(a.command, await buildContext({ ...processFacts(cwd), env: ctx.env }));
        if (gate.decision === 'deny') return fail(`refused by the safety gate [${gate.rule}]: ${gate.reason}`, { command: a.command, gate });
        if (gate.decision === 'ask') {
          const rule = matchApprovalRule(readRulesSnapshot(storePaths(ctx.stateDir)), { project: ctx.project, tool: 'Bash', rule: gate.rule ?? '', summary: a.command });
          if (!rule) {
            return fail(
              `needs a human's approval [${gate.rule}]: ${gate.reason}. Run it with the Bash tool instead, where the user is asked ` +
                '(an "approve always" there creates the rule that lets this tool run it too).',
              { command: a.command, gate },
            );
          }
          ctx.log('info', { tool: 'run_with_error_capture', approvedBy: `rule:${rule.id}`, command: a.command });
        }
        const timer = setInterval(() => void progress(extra, 0, 0, `running: ${a.command.slice(0, 80)}`), 5000);
        try {
          const r = await runCommand({ command: a.command, cwd, timeoutMs: (a.timeout ?? 60) * 1000, signal: extra.signal });
          const head = `exit ${r.exitCode ?? `signal ${r.signal}`}${r.timedOut ? ' (timed out)' : ''} in ${r.durationMs} ms`;
          const errs = r.errors.map((e) => `${e.language} ${e.type}: ${e.message}${e.frames[0] ? ` at ${e.frames[0].file}:${e.frames[0].line}` : ''}${e.suggestion ? `\n  fix: ${e.suggestion}` : ''}`);
          return ok(
            { command: a.command, gate, exitCode: r.exitCode, signal: r.signal, timedOut: r.timedOut, durationMs: r.durationMs, stdout: r.stdout, stderr: r.stderr, errors: r.errors as unknown as Record<string, unknown>[] },
            `${head}\n${errs.length ? `${errs.join('\n')}\n` : ''}--- stdout ---\n${r.stdout.text}\n--- stderr ---\n${r.stderr.text}`,
          );
        } catch (e) {
          if (e instanceof ExecError) return fail(e.message, { command: a.command, gate });
          throw e;
        } finally {
          clearInterval(timer);
        }
      },
    }),
  ];
}
