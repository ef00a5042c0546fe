/**
 * The events other than PreToolUse (bundled as a lazy module: a PreToolUse call never loads it). They
 * grade, warn and record the session's cost (Stop, and after tool calls); they never decide whether a
 * tool runs, so any problem ends in no output (exit 0) with a note on stderr. The one refusal here is a
 * new prompt in a session over its spend cap.
 */
import { printableMessage } from '../server/engine/runtime/refusals.js';
import type { EventDeps } from './event-deps.js';
import { parseOtherEvent } from './event-input.js';
import { eventStore } from './event-store.js';
import { postToolUse } from './post-tool-use.js';
import { promptGuard } from './prompt-guard.js';
import { promptCapBlock, recordSessionCost, type SessionEventInput, type StopInput } from './session-cost.js';

export type { EventDeps } from './event-deps.js';

export async function handleOtherEvent(json: unknown, given: EventDeps): Promise<{ stdout: string; notes: string[] }> {
  // 'default': the real state directory, built here so that PreToolUse's bundle never carries it.
  const withStore: EventDeps = given.store === 'default' ? { ...given, store: eventStore } : given;
  // One policy load per event, shared by the handler and the session cost.
  let ctx: ReturnType<EventDeps['context']> | undefined;
  const deps: EventDeps = { ...withStore, context: (cwd) => (ctx ??= withStore.context(cwd)) };
  const input = stopInput(json) ?? parseOtherEvent(json);
  if (typeof input === 'string') return { stdout: '', notes: [input] };
  try {
    if (input.hook_event_name === 'Stop') return { stdout: '', notes: await sessionCostNotes(input, deps, false) };
    if (input.hook_event_name === 'UserPromptSubmit') {
      const block = promptCapBlock(input, await deps.context(input.cwd));
      if (block) return { stdout: JSON.stringify(block), notes: [`UserPromptSubmit refused: ${block.reason}`] };
    }
    const { output, notes } = 'tool_name' in input ? await postToolUse(input, deps) : await promptGuard(input, deps);
    if ('tool_name' in input) notes.push(...(await sessionCostNotes(input, deps, true)));
    return { stdout: output ? JSON.stringify(output) : '', notes };
  } catch (err) {
    return { stdout: '', notes: [`${input.hook_event_name}: internal error, no output: ${printableMessage(err)}`] };
  }
}

/** A Stop input (only the common fields are used: strings when present), a reason it is not usable, or null for other events. */
function stopInput(json: unknown): StopInput | string | null {
  if (typeof json !== 'object' || json === null || (json as SessionEventInput).hook_event_name !== 'Stop') return null;
  const o = json as Record<string, unknown>;
  const bad = ['session_id', 'transcript_path', 'cwd'].find((k) => o[k] !== undefined && typeof o[k] !== 'string');
  return bad ? `Stop: ${bad}: expected a string, got ${JSON.stringify(o[bad])?.slice(0, 80)}` : (json as StopInput);
}

async function sessionCostNotes(input: SessionEventInput, deps: EventDeps, throttle: boolean): Promise<string[]> {
  const ctx = await deps.context(input.cwd);
  const store = typeof deps.store === 'function' ? deps.store(ctx.stateDir) : undefined;
  return store ? recordSessionCost(input, ctx, store, { throttle }) : [];
}
