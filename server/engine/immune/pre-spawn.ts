/**
 * The immune check before a helper agent runs (the MCP server's spawn tools): the prompt is checked
 * against the remembered failures; when it resembles some, the guardrails go in front of it (in the system
 * prompt, where instructions belong, not appended to the user's text as the original did), and a risk at or
 * above `blockAt` stops the spawn when the caller asks for that. Pure.
 */
import { checkPrompt } from './check.js';
import type { PatternIndex } from './matcher.js';
import type { ImmuneCheck } from './types.js';

export interface PreSpawnOptions {
  /** The spawn's operation (e.g. `spawn_agent`): patterns of other operations weigh less. */
  operation: string;
  project?: string;
  now: number;
  threshold?: number;
  /** Refuse to spawn at or above this risk (default: never refuse). */
  blockAt?: number;
}

export interface PreSpawnResult {
  proceed: boolean;
  /** The system prompt to send: the caller's, with the guardrails before it when any apply. */
  system: string;
  check: ImmuneCheck;
  /** Why the spawn was refused, when it was. */
  refusal: string | null;
}

/**
 * @example
 * const r = preSpawnCheck(index, 'generate the JSON config', 'You are a careful assistant.', { operation: 'spawn_agent', now: Date.now() });
 * if (!r.proceed) throw new Error(r.refusal);
 * await provider.generate({ prompt, system: r.system });
 */
export function preSpawnCheck(index: PatternIndex, prompt: string, system: string, opts: PreSpawnOptions): PreSpawnResult {
  const check = checkPrompt(index, prompt, {
    operation: opts.operation, now: opts.now, ...(opts.project === undefined ? {} : { project: opts.project }),
    ...(opts.threshold === undefined ? {} : { threshold: opts.threshold }),
  });
  const blocked = opts.blockAt !== undefined && check.matches.length > 0 && check.risk >= opts.blockAt;
  const guard = check.guardrails.join('\n');
  return {
    proceed: !blocked,
    system: guard ? (system ? `${guard}\n\n${system}` : guard) : system,
    check,
    refusal: blocked ? `immune check: risk ${check.risk.toFixed(2)} ≥ ${opts.blockAt}: ${check.context.split('\n').slice(1, 3).join(' ')}` : null,
  };
}
