/**
 * From an observed failure to a remembered pattern: a new pattern the first time, a merged recurrence
 * after that (count, last seen, latest output and reason, relevance reinforced). Pure.
 */
import type { FailureType } from '../grading/types.js';
import { redact } from '../redact.js';
import { INITIAL_RELEVANCE, RECURRENCE_WEIGHT, reinforce } from './decay.js';
import { clip } from './format.js';
import { MAX_TOKENS, normalizeText, tokenize } from './normalize.js';
import { patternId, patternSignature } from './signature.js';
import type { FailurePattern } from './types.js';

export { patternId, patternSignature } from './signature.js';

/** One failed, graded tool result, as the PostToolUse hook reports it. */
export interface FailureObservation {
  operation: string;
  failureType: FailureType;
  project: string;
  /** The request: the command, the path, the MCP tool and its input. */
  input: string;
  /** The part of the output that shows the failure. */
  output: string;
  /** One line, e.g. "3 tests failed (vitest): auth.test.ts > login". */
  reason: string;
  ts: number;
  /**
   * Optional: the user's request the failing call served (the session's last prompt), when the caller
   * knows it. Its words join the pattern's tokens, so a later request phrased like it is recognised.
   */
  prompt?: string;
}

export const SUMMARY_CHARS = 300;
const REASON_CHARS = 200;
/** Token budget per source, so a long prompt cannot crowd out the command and the reason. */
const INPUT_TOKENS = 24;
const REASON_TOKENS = 16;
const PROMPT_TOKENS = 24;

const oneLine = (text: string): string => redact(text).replace(/\s+/g, ' ').trim();

/**
 * The tokens the matcher compares for an observation: the input's, then the reason's, then the prompt's.
 *
 * @example
 * observationTokens({ input: 'npm test -- auth/login.test.ts', reason: '1 test failed', prompt: 'fix the login test' })
 * // → ['npm', 'test', 'auth', 'login', 'ts', 'fail', 'fix']
 */
export function observationTokens(o: Pick<FailureObservation, 'input' | 'reason' | 'prompt'>): string[] {
  const all = [...tokenize(o.input, INPUT_TOKENS), ...tokenize(o.reason, REASON_TOKENS), ...tokenize(o.prompt ?? '', PROMPT_TOKENS)];
  return [...new Set(all)].slice(0, MAX_TOKENS);
}

/**
 * The pattern after observing `o`: a new one (count 1, relevance 0.5) when `prev` is null, else `prev`
 * merged with the recurrence: count + 1, first seen kept, last seen the latest, output and reason the
 * latest observation's, tokens the new ones first then the old, relevance decayed to `o.ts` and then
 * reinforced by 0.2. `prev` must have `o`'s signature.
 *
 * @example
 * const p1 = observeFailure(null, obs);             // count 1
 * const p2 = observeFailure(p1, { ...obs, ts: t2 }); // count 2, firstSeen = obs.ts, lastSeen = t2
 */
export function observeFailure(prev: FailurePattern | null, o: FailureObservation): FailurePattern {
  const signature = patternSignature(o);
  const tokens = observationTokens(o);
  const inputSummary = clip(normalizeText(o.input), SUMMARY_CHARS);
  const outputSummary = clip(oneLine(o.output), SUMMARY_CHARS);
  const lastReason = clip(oneLine(o.reason), REASON_CHARS);
  if (prev === null) {
    return {
      id: patternId(signature), signature, operation: o.operation, failureType: o.failureType, project: o.project,
      inputSummary, outputSummary, tokens, count: 1, firstSeen: o.ts, lastSeen: o.ts,
      relevance: INITIAL_RELEVANCE, relevanceAt: o.ts, lastReason,
    };
  }
  if (prev.signature !== signature) throw new Error(`observeFailure: the observation's signature ${signature} is not the pattern's ${prev.signature}`);
  // An observation delivered late (ts before lastSeen) still counts, but does not replace the latest texts.
  const latest = o.ts >= prev.lastSeen;
  const merged: FailurePattern = {
    ...prev,
    count: prev.count + 1,
    firstSeen: Math.min(prev.firstSeen, o.ts),
    lastSeen: Math.max(prev.lastSeen, o.ts),
    inputSummary: latest ? inputSummary : prev.inputSummary,
    outputSummary: latest ? outputSummary : prev.outputSummary,
    lastReason: latest ? lastReason : prev.lastReason,
    tokens: [...new Set(latest ? [...tokens, ...prev.tokens] : [...prev.tokens, ...tokens])].slice(0, MAX_TOKENS),
  };
  return reinforce(merged, o.ts, RECURRENCE_WEIGHT);
}
