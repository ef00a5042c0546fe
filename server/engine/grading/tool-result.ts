/**
 * Grading one Claude Code tool result (PostToolUse / PostToolUseFailure), in the hook, on every tool
 * call: synchronous, cheap, no ajv or zod (a schema check takes its validator from
 * tool-result-schema.ts, which the caller loads only when {@link schemaApplies}). Long outputs are
 * inspected at their first and last 64 KB only.
 *
 * Bash: interrupted → interrupted; failing test summary → test_failure; non-zero exit → command_failed
 * (except answers such as grep's 1); exit 0 with an error signature → hidden_error.
 * File tools: failure → tool_error; a written .json that does not parse → json_invalid, or breaks its
 * schema → schema_violation. MCP: failure or error result → tool_error; no content → empty_response.
 */
import { bashOperation } from './bash-exit.js';
import { clip, oneLine } from './bounded-text.js';
import { summarise } from './pipeline.js';
import { fail, pass } from './result.js';
import { gradeBash } from './tool-result-bash.js';
import { applicableSchemas, filePathOf, gradeFileTool } from './tool-result-files.js';
import { gradeMcp, isMcpTool } from './tool-result-mcp.js';
import type { Findings, ToolResultOptions } from './tool-result-types.js';
import type { ToolResultEvent, ToolResultGrade } from './types.js';

export type { ToolResultOptions, ValidateSchema } from './tool-result-types.js';

/**
 * Grades a tool result. Never throws: an unexpected error while grading becomes a passed result
 * whose reason says grading failed (a grader bug must not be reported as the user's failure).
 *
 * @example
 * gradeToolResult({ event: 'PostToolUseFailure', toolName: 'Bash', toolInput: { command: 'ls ./nope-xyz' },
 *   error: "Exit code 2\nls: cannot access './nope-xyz': No such file or directory" })
 * // → { operation: 'Bash:ls', passed: false, failureType: 'command_failed',
 * //     reason: "ls exited with code 2: ls: cannot access './nope-xyz': No such file or directory", … }
 */
export function gradeToolResult(e: ToolResultEvent, opts: ToolResultOptions = {}): ToolResultGrade {
  const tool = e.toolName;
  const operation = operationOf(e);
  const input = inputOf(e);
  let findings: Findings;
  try {
    findings = findingsFor(e, opts);
  } catch (err) {
    findings = { results: [pass('grading', oneLine(`not graded: ${err instanceof Error ? err.message : String(err)}`), { metadata: { error: String(err) } })], output: '' };
  }
  const summary = summarise(findings.results);
  const failing = summary.results.find((r) => !r.passed && !r.skipped);
  const reason = oneLine(failing?.reason ?? passReason(findings));
  return { tool, operation, passed: summary.passed, score: summary.score, failureType: summary.failureType, reason, results: summary.results, input, output: clip(findings.output) };
}

function findingsFor(e: ToolResultEvent, opts: ToolResultOptions): Findings {
  if (e.toolName === 'Bash') return gradeBash(e);
  if (isMcpTool(e.toolName)) return e.isInterrupt === true ? interrupted(e) : gradeMcp(e);
  if (e.isInterrupt === true) return interrupted(e);
  return gradeFileTool(e, opts);
}

function interrupted(e: ToolResultEvent): Findings {
  return { results: [fail('interrupted', `${e.toolName} was interrupted`, 'interrupted')], output: clip(e.error ?? '') };
}

/** The most telling passed reason: a test summary, an answered exit status, else the last check's. */
function passReason(f: Findings): string {
  const counted = f.results.filter((r) => !r.skipped);
  const telling = counted.find((r) => r.name === 'test-summary') ?? counted.find((r) => r.name === 'exit-status' && r.reason !== 'exit 0');
  return (telling ?? counted[counted.length - 1] ?? f.results[0])?.reason ?? 'ok';
}

/**
 * `Bash:<program> [<subcommand>]`, or the tool's name (file tools, MCP tools).
 *
 * @example
 * operationOf({ event: 'PostToolUse', toolName: 'Bash', toolInput: { command: 'sudo npm test' } }) // → 'Bash:npm test'
 */
export function operationOf(e: ToolResultEvent): string {
  if (e.toolName !== 'Bash') return e.toolName;
  const command = e.toolInput['command'];
  return typeof command === 'string' ? bashOperation(command) : 'Bash';
}

/**
 * The request, summarised: the command, the path (with a Grep/Glob pattern), the URL or query, or
 * `<tool> <input JSON>`; at most 2 KB.
 *
 * @example
 * inputOf({ event: 'PostToolUse', toolName: 'mcp__db__query', toolInput: { sql: 'select 1' } }) // → 'mcp__db__query {"sql":"select 1"}'
 */
export function inputOf(e: ToolResultEvent): string {
  const i = e.toolInput;
  const str = (k: string): string | undefined => (typeof i[k] === 'string' && i[k] !== '' ? (i[k] as string) : undefined);
  let summary: string | undefined;
  if (e.toolName === 'Bash') summary = str('command');
  else if (!isMcpTool(e.toolName)) {
    const pattern = str('pattern');
    const path = filePathOf(i);
    summary = pattern ? `${pattern}${path ? ` in ${path}` : ''}` : (path ?? str('url') ?? str('query'));
  }
  return clip(summary ?? `${e.toolName} ${safeJson(i)}`);
}

function safeJson(v: unknown): string {
  try {
    return JSON.stringify(v) ?? '';
  } catch {
    return '';
  }
}

/**
 * True when a configured schema applies to this event's file, i.e. when the caller should load
 * tool-result-schema.ts (ajv) and pass its `validateSchema`.
 *
 * @example
 * schemaApplies(writeOfPackageJson, [{ glob: '**\/package.json', schema }]) // → true
 */
export function schemaApplies(e: ToolResultEvent, schemas: ToolResultOptions['schemas']): boolean {
  return e.event === 'PostToolUse' && applicableSchemas(e, schemas).length > 0;
}
