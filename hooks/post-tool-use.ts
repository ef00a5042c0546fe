/**
 * PostToolUse and PostToolUseFailure: grade the tool result (pure, cheap), record it as a trial in the
 * journal, and on a failure tell Claude what went wrong — beside the tool result (`decision: block`) or
 * as added context, per policy — including whether this failure has happened before. A failure also
 * starts a fold, so the immune memory (immune.json) knows it before the next prompt.
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { gradeToolResult, schemaApplies } from '../server/engine/grading/tool-result.js';
import type { ToolResultEvent, ToolResultGrade } from '../server/engine/grading/types.js';
import { patternSignature } from '../server/engine/immune/signature.js';
import type { FailurePattern } from '../server/engine/immune/types.js';
import { matchesPathGlob } from '../server/engine/policy/policy-file.js';
import type { ClassifyContext, GradeFeedback } from '../server/engine/policy/types.js';
import type { TrialEvent } from '../server/engine/store/journal.js';
import type { PostToolUseInput } from './event-input.js';
import type { EventDeps } from './event-deps.js';
import { formatReason } from './protocol.js';

export interface PostToolUseOutput {
  decision?: 'block';
  reason?: string;
  hookSpecificOutput?: { hookEventName: 'PostToolUse' | 'PostToolUseFailure'; additionalContext: string };
}

export async function postToolUse(input: PostToolUseInput, deps: EventDeps): Promise<{ output: PostToolUseOutput | null; notes: string[] }> {
  const ctx = await deps.context(input.cwd);
  const notes = ctx.policy.errors.map((e) => `policy file ${e.file}: ${e.message}`);
  const event = toEvent(input);
  const schemas = schemasFor(event, ctx, deps.readFile ?? readText, notes);
  // ajv is loaded only when a configured schema applies to the file just written.
  const grade = schemas.length > 0 && schemaApplies(event, schemas)
    ? (await import('../server/engine/grading/tool-result-schema.js')).gradeToolResultWithSchemas(event, { schemas })
    : gradeToolResult(event, { schemas });
  const store = typeof deps.store === 'function' ? deps.store(ctx.stateDir) : undefined;
  if (!store) return { output: grade.passed ? null : feedback(input.hook_event_name, grade, null, ctx.policy.gradeFeedback), notes };

  const ts = store.now();
  const prompt = grade.passed ? '' : store.sessionPrompt(input.session_id ?? '');
  store.append({ ...trialEvent(store.newId(), ts, input, ctx, grade), ...(prompt ? { prompt } : {}) });
  if (grade.passed) return { output: null, notes };
  store.foldSoon();
  const earlier = recurrence(store.immunePatterns(), grade, ctx.projectDir);
  return { output: feedback(input.hook_event_name, grade, earlier, ctx.policy.gradeFeedback), notes };
}

function toEvent(input: PostToolUseInput): ToolResultEvent {
  return {
    event: input.hook_event_name, toolName: input.tool_name, toolInput: input.tool_input, toolResponse: input.tool_response,
    ...(input.error === undefined ? {} : { error: input.error }),
    ...(input.is_interrupt === undefined ? {} : { isInterrupt: input.is_interrupt }),
    ...(input.duration_ms === undefined ? {} : { durationMs: input.duration_ms }),
  };
}

function trialEvent(id: string, ts: number, input: PostToolUseInput, ctx: ClassifyContext, g: ToolResultGrade): TrialEvent {
  return {
    type: 'trial', id, ts, session: input.session_id ?? '', project: ctx.projectDir, tool: g.tool, operation: g.operation, passed: g.passed,
    score: g.score, failureType: g.failureType, reason: g.reason, input: g.input, output: g.output,
    results: g.results.map((r) => ({ name: r.name, passed: r.passed, score: r.score, reason: r.reason.slice(0, 300), ...(r.skipped ? { skipped: true } : {}) })),
    durationMs: input.duration_ms ?? null, source: 'hook',
  };
}

/** The schemas (read from their files) whose glob matches the JSON file this call wrote. */
function schemasFor(e: ToolResultEvent, ctx: ClassifyContext, read: (p: string) => string | undefined, notes: string[]): Array<{ glob: string; schema: object }> {
  const configured = ctx.policy.gradingSchemas;
  const path = typeof e.toolInput.file_path === 'string' ? e.toolInput.file_path : null;
  if (configured.length === 0 || !path || !/\.json$/i.test(path)) return [];
  const abs = isAbsolute(path) ? path : resolve(ctx.cwd, path);
  const out: Array<{ glob: string; schema: object }> = [];
  for (const s of configured) {
    const glob = isAbsolute(s.glob) ? s.glob : `${ctx.projectDir}/${s.glob}`;
    if (!matchesPathGlob(glob, abs)) continue;
    try {
      const text = read(s.schema);
      if (text === undefined) notes.push(`grading schema ${s.schema} (for ${s.glob}) does not exist`);
      else out.push({ glob: abs, schema: JSON.parse(text) as object });
    } catch (err) {
      notes.push(`grading schema ${s.schema} (for ${s.glob}) cannot be read: ${(err as Error).message}`);
    }
  }
  return out;
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/** The remembered pattern this failure repeats (same signature, same project), if any. */
function recurrence(patterns: readonly FailurePattern[], g: ToolResultGrade, project: string): FailurePattern | null {
  if (patterns.length === 0 || !g.failureType) return null;
  const signature = patternSignature({ operation: g.operation, failureType: g.failureType, project, input: g.input });
  return patterns.find((p) => p.signature === signature && p.project === project) ?? null;
}

/** What Claude is told about a failed result; null when it would add nothing. */
export function feedback(event: PostToolUseInput['hook_event_name'], g: ToolResultGrade, earlier: FailurePattern | null, mode: GradeFeedback): PostToolUseOutput | null {
  if (mode === 'off' || g.passed) return null;
  const repeat = earlier
    ? ` This has failed the same way ${earlier.count} time${earlier.count === 1 ? '' : 's'} before in this project (first ${new Date(earlier.firstSeen).toISOString().slice(0, 10)}): look at what differs before retrying.`
    : '';
  // The tool's own failure is already in front of Claude; say more only when we know more: a test
  // summary or a recurrence. A bare exit code, a tool's error or an interruption only restate it.
  if (event === 'PostToolUseFailure' && !earlier && g.failureType !== 'test_failure') return null;
  const reason = formatReason(null, `[task-orchestrator grade: ${g.failureType ?? 'failed'}] ${g.reason}.${repeat}`.replace(/\.\./g, '.'));
  const output = g.output ? `Relevant output:\n${g.output}` : '';
  if (event === 'PostToolUse' && mode === 'block') {
    // Claude Code shows the reason as the blocking error; the context adds only what the reason does not say.
    return { decision: 'block', reason, ...(output ? { hookSpecificOutput: { hookEventName: 'PostToolUse' as const, additionalContext: formatReason(null, output) } } : {}) };
  }
  return { hookSpecificOutput: { hookEventName: event, additionalContext: formatReason(null, output ? `${reason}\n${output}` : reason) } };
}
