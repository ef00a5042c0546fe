/**
 * UserPromptSubmit and SessionStart: the immune system's guardrails. The prompt is checked against the
 * remembered failures in immune.json; when it resembles some, Claude gets precise, deterministic
 * warnings as `additionalContext` (and the warning is journaled, so the dashboard can tell whether the
 * mistake recurred). At session start, the project's recurring failures are listed.
 */
import { checkPrompt, PatternIndex, sessionBriefing } from '../server/engine/immune/index.js';
import type { EventDeps } from './event-deps.js';
import type { PromptInput, SessionStartInput } from './event-input.js';
import { formatReason } from './protocol.js';

export interface ContextOutput {
  hookSpecificOutput: { hookEventName: 'UserPromptSubmit' | 'SessionStart'; additionalContext: string };
}

export async function promptGuard(input: PromptInput | SessionStartInput, deps: EventDeps): Promise<{ output: ContextOutput | null; notes: string[] }> {
  const ctx = await deps.context(input.cwd);
  const notes = ctx.policy.errors.map((e) => `policy file ${e.file}: ${e.message}`);
  const store = typeof deps.store === 'function' ? deps.store(ctx.stateDir) : undefined;
  if (!store) return { output: null, notes };
  if (input.hook_event_name === 'UserPromptSubmit' && input.session_id) store.rememberPrompt(input.session_id, input.prompt);
  if (!ctx.policy.immune.enabled) return { output: null, notes };
  const patterns = store.immunePatterns().filter((p) => p.project === ctx.projectDir || p.project === '');
  if (patterns.length === 0) return { output: null, notes };
  const now = store.now();

  let text = '';
  let risk = 0;
  let ids: string[] = [];
  if (input.hook_event_name === 'UserPromptSubmit') {
    const threshold = ctx.policy.immune.threshold;
    const check = checkPrompt(new PatternIndex(patterns), input.prompt, { project: ctx.projectDir, now, ...(threshold === null ? {} : { threshold }) });
    text = check.context;
    risk = check.risk;
    ids = check.matches.map((m) => m.pattern.id);
  } else {
    if (!ctx.policy.immune.sessionBriefing) return { output: null, notes };
    text = sessionBriefing(patterns, { project: ctx.projectDir, now });
  }
  if (!text) return { output: null, notes };
  store.append({ type: 'immune.warned', id: store.newId(), ts: now, session: input.session_id ?? '', project: ctx.projectDir, source: input.hook_event_name, risk, patternIds: ids });
  return { output: { hookSpecificOutput: { hookEventName: input.hook_event_name, additionalContext: formatReason(null, text) } }, notes };
}
