/**
 * One hook invocation: stdin → validated input → handler → exactly one JSON object on stdout (or nothing).
 * Fail-safe (docs/hook.md): for PreToolUse, input that cannot be classified and any internal error end
 * in a JSON deny with exit 0; empty stdin and events without a handler print nothing.
 */
import { printableMessage, REFUSAL_RULES, type RefusalRule } from '../server/engine/runtime/refusals.js';
import { preToolUse, type PreToolUseDeps } from './pre-tool-use.js';
import { preToolUseOutput, quickPreToolUse, type PreToolUseInput } from './protocol.js';
import type { EventDeps } from './event-deps.js';
import type { StdinResult } from './stdin.js';

/** The engine and the state directory, injected (tests pass their own). */
export interface HookDeps extends PreToolUseDeps {
  /** For PostToolUse(Failure), UserPromptSubmit, SessionStart and Stop; without it those events get no output. */
  events?: EventDeps;
}

/** Graded, guarded and costed here (hooks/events.ts, loaded only for them); they never decide whether a tool runs. */
const OTHER_EVENTS = new Set(['PostToolUse', 'PostToolUseFailure', 'UserPromptSubmit', 'SessionStart', 'Stop']);

export interface HookResult {
  /** What to print on stdout: one JSON object, or '' for nothing. */
  stdout: string;
  /** One-line diagnostics for stderr. */
  notes: string[];
}

/** Events this hook answers; any other event name gets no output. */
const HANDLED = new Set(['PreToolUse']);

/** The stdout to print when the hook cannot finish normally for `event`. */
export function fallbackOutput(event: string, reason: string): string {
  return HANDLED.has(event) ? deny(REFUSAL_RULES.internalError, reason) : '';
}

/**
 * Decide what to print for one hook invocation. `event` is the event the hook was started for; the
 * stdin's own `hook_event_name` wins when it can be read. Never throws.
 */
export async function handleHook(event: string, stdin: StdinResult, deps: HookDeps): Promise<HookResult> {
  const refuse = (rule: RefusalRule, why: string, consequence = 'cannot be identified'): HookResult => ({
    stdout: HANDLED.has(event) ? deny(rule, `${why}; the tool call ${consequence}, so it is refused to be safe.`) : '',
    notes: [why],
  });

  if (stdin.oversized) return refuse(REFUSAL_RULES.tooLarge, `hook input is larger than ${stdin.data.length} bytes, not read further`);
  const text = stdin.data.toString('utf8');
  if (text.trim() === '') return { stdout: '', notes: ['empty stdin, nothing to decide'] };

  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return refuse(REFUSAL_RULES.invalidInput, `stdin is not valid JSON (${printableMessage(err)})`);
  }

  const named = typeof json === 'object' && json !== null ? (json as { hook_event_name?: unknown }).hook_event_name : undefined;
  if (typeof named === 'string' && OTHER_EVENTS.has(named)) {
    if (!deps.events) return { stdout: '', notes: [`${named}: not handled in this process`] };
    const { handleOtherEvent } = await loadEvents();
    return handleOtherEvent(json, deps.events);
  }

  let input: PreToolUseInput | null = quickPreToolUse(json);
  if (!input) {
    // Not a well-formed PreToolUse: load the schema to find out what it is and word the problem.
    const { HookInputSchema, PreToolUseInputSchema } = await import('./input-schema.js');
    const { describeIssues } = await import('../server/engine/runtime/schema.js');
    const base = HookInputSchema.safeParse(json);
    if (!base.success) return refuse(REFUSAL_RULES.invalidInput, `hook input is invalid: ${describeIssues(base.error)}`);
    const name = base.data.hook_event_name;
    if (!HANDLED.has(name)) return { stdout: '', notes: [`event ${JSON.stringify(name)} has no handler here, no output`] };
    const full = PreToolUseInputSchema.safeParse(json);
    if (!full.success) {
      const why = `PreToolUse input is invalid: ${describeIssues(full.error)}`;
      return { stdout: deny(REFUSAL_RULES.invalidInput, `${why}; the tool call cannot be classified, so it is refused to be safe.`), notes: [why] };
    }
    input = full.data;
  }

  try {
    const { output, notes } = await preToolUse(input, deps);
    return { stdout: output ? JSON.stringify(output) : '', notes };
  } catch (err) {
    return { stdout: deny(REFUSAL_RULES.internalError, 'internal error, refusing to be safe.'), notes: [`internal error: ${printableMessage(err)}`] };
  }
}

function deny(rule: RefusalRule, reason: string): string {
  return JSON.stringify(preToolUseOutput('deny', rule, reason));
}

/** hooks/events.ts: through the loader's code cache in the built hook (hooks/loader.ts), a plain import elsewhere. */
async function loadEvents(): Promise<typeof import('./events.js')> {
  const cached = (globalThis as Record<symbol, unknown>)[Symbol.for('task-orchestrator.require-cached')];
  if (typeof cached === 'function') {
    try {
      return (cached as (p: string) => typeof import('./events.js'))('lazy/events.cjs');
    } catch {
      // fall back to the plain import below
    }
  }
  return import('./events.js');
}
