/**
 * The events other than PreToolUse (bundled as a lazy module: a PreToolUse call never loads it). They
 * grade and warn; they never decide whether a tool runs, so any problem ends in no output (exit 0)
 * with a note on stderr.
 */
import { printableMessage } from '../server/engine/runtime/refusals.js';
import type { EventDeps } from './event-deps.js';
import { parseOtherEvent } from './event-input.js';
import { eventStore } from './event-store.js';
import { postToolUse } from './post-tool-use.js';
import { promptGuard } from './prompt-guard.js';

export type { EventDeps } from './event-deps.js';

export async function handleOtherEvent(json: unknown, given: EventDeps): Promise<{ stdout: string; notes: string[] }> {
  // 'default': the real state directory, built here so that PreToolUse's bundle never carries it.
  const deps: EventDeps = given.store === 'default' ? { ...given, store: eventStore } : given;
  const input = parseOtherEvent(json);
  if (typeof input === 'string') return { stdout: '', notes: [input] };
  try {
    const { output, notes } = 'tool_name' in input ? await postToolUse(input, deps) : await promptGuard(input, deps);
    return { stdout: output ? JSON.stringify(output) : '', notes };
  } catch (err) {
    return { stdout: '', notes: [`${input.hook_event_name}: internal error, no output: ${printableMessage(err)}`] };
  }
}
