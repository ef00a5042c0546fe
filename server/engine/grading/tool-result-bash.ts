/**
 * Grading a Bash result. In order: interrupted; a test runner summary with failures (in either
 * event); the exit status (PostToolUseFailure carries "Exit code N", and some commands answer with 1);
 * and, for exit 0, a strong error signature in the output, unless the output is a file's content
 * (cat, grep, git log, …), a test runner already said all is well, or the command has its own `||`.
 */
import { exitStage, hasOrFallback, workStage, type SimpleCommand } from './bash-command.js';
import { answerExit, exitCodeOf, meaningfulErrorLine } from './bash-exit.js';
import { clip, excerptEndingAt, excerptFrom, inspectable, oneLine } from './bounded-text.js';
import { findHiddenError } from './hidden-errors.js';
import { fail, pass } from './result.js';
import { describeTestSummary, findTestSummary } from './test-summaries.js';
import type { GraderResult, ToolResultEvent } from './types.js';
import type { Findings } from './tool-result-types.js';

/** Programs whose output is data (a file, a log, search hits), so an error signature in it is not theirs. */
const VIEWERS = new Set([
  'cat', 'bat', 'batcat', 'less', 'more', 'head', 'tail', 'tac', 'nl', 'grep', 'egrep', 'fgrep', 'zgrep', 'rg', 'ag', 'ack', 'sed', 'awk',
  'gawk', 'cut', 'sort', 'uniq', 'wc', 'tr', 'column', 'jq', 'yq', 'xxd', 'od', 'hexdump', 'strings', 'file', 'stat', 'ls', 'find', 'fd',
  'tree', 'echo', 'printf', 'diff', 'cmp', 'zcat', 'journalctl', 'dmesg', 'sqlite3',
]);
const VIEWER_SUBCOMMANDS: Record<string, ReadonlySet<string>> = {
  git: new Set(['log', 'show', 'diff', 'blame', 'grep', 'reflog', 'cat-file']),
  docker: new Set(['logs']),
  kubectl: new Set(['logs', 'describe']),
  gh: new Set(['run']),
};

function isViewer(cmd: SimpleCommand): boolean {
  if (VIEWERS.has(cmd.program)) return true;
  const subs = VIEWER_SUBCOMMANDS[cmd.program];
  return subs !== undefined && cmd.args.some((a) => !a.startsWith('-') && subs.has(a));
}

interface BashResponse {
  stdout?: unknown;
  stderr?: unknown;
  interrupted?: unknown;
}

function streamsOf(response: unknown): { text: string; interrupted: boolean } {
  if (typeof response === 'string') return { text: response, interrupted: false };
  if (response === null || typeof response !== 'object') return { text: '', interrupted: false };
  const r = response as BashResponse;
  const parts = [r.stdout, r.stderr].filter((s): s is string => typeof s === 'string' && s !== '');
  return { text: parts.join('\n'), interrupted: r.interrupted === true };
}

const TIMED_OUT = /^\s*Command (?:timed out|was aborted|was interrupted)\b/i;

/**
 * The checks on one Bash result, failing ones first-found.
 *
 * @example
 * gradeBash({ event: 'PostToolUseFailure', toolName: 'Bash', toolInput: { command: 'grep -q x f' }, error: 'Exit code 1' }).results[0]
 * // → { name: 'exit-status', passed: true, reason: 'grep exited with 1: no match (an answer, not a failure)', … }
 */
export function gradeBash(e: ToolResultEvent): Findings {
  const command = typeof e.toolInput['command'] === 'string' ? e.toolInput['command'] : '';
  const failed = e.event === 'PostToolUseFailure';
  const streams = streamsOf(e.toolResponse);
  const raw = failed ? (e.error ?? streams.text) : streams.text;
  const text = inspectable(raw);
  const results: GraderResult[] = [];

  const timedOut = failed && TIMED_OUT.test(text);
  if (e.isInterrupt === true || streams.interrupted || timedOut) {
    const what = timedOut ? oneLine(text.trimStart().split('\n')[0] ?? '', 120) : 'Interrupted';
    return { results: [fail('interrupted', oneLine(`${what}: ${command}`), 'interrupted')], output: clip(text) };
  }

  const summary = findTestSummary(text);
  if (summary) {
    const reason = describeTestSummary(summary);
    const metadata = { runner: summary.runner, failed: summary.failed, passed: summary.passed, skipped: summary.skipped, total: summary.total, unit: summary.unit, failedTests: summary.failedTests };
    results.push(summary.failed > 0 ? fail('test-summary', reason, 'test_failure', { metadata }) : pass('test-summary', reason, { metadata }));
  }
  let output = summary ? excerptEndingAt(text, summary.end) : clip(text);

  if (failed) {
    const code = exitCodeOf(text);
    const body = code === undefined ? text : text.replace(/^\s*Exit code:? \d+[ \t]*\r?\n?/i, '');
    const stage = exitStage(command);
    const answer = code === undefined ? null : answerExit(stage, code);
    if (answer) {
      results.push(pass('exit-status', `${stage.program} exited with ${code}: ${answer} (an answer, not a failure)`, { metadata: { exitCode: code } }));
    } else {
      const line = meaningfulErrorLine(body);
      const who = stage.program || 'command';
      const head = code === undefined ? `${who} failed` : `${who} exited with code ${code}`;
      results.push(fail('exit-status', oneLine(line ? `${head}: ${line}` : head), 'command_failed', { metadata: { exitCode: code ?? null } }));
      if (!summary?.failed) output = line ? excerptFrom(body, Math.max(0, body.indexOf(line))) : clip(body);
    }
  } else {
    results.push(pass('exit-status', 'exit 0', { metadata: { exitCode: 0 } }));
    const producer = workStage(command);
    const scan = !summary && !isViewer(producer) && !hasOrFallback(command);
    const hidden = scan ? findHiddenError(text) : null;
    if (hidden) {
      results.push(fail('hidden-error', oneLine(hidden.reason), 'hidden_error', { metadata: { kind: hidden.kind } }));
      output = excerptFrom(text, hidden.index);
    } else if (scan) {
      results.push(pass('hidden-error', 'no error signature in the output'));
    }
  }
  return { results, output };
}
