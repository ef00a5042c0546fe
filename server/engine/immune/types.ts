/** The immune system's plain data: remembered failures and what a check against them returns. */
import type { FailureType } from '../grading/types.js';

/** A remembered failure, merged over its recurrences (one row in the store's failure_patterns). */
export interface FailurePattern {
  id: string;
  /** Stable key of the failure: operation + failure type + normalised input signature. */
  signature: string;
  operation: string;
  failureType: FailureType;
  /** The project it happened in ('' when unknown). */
  project: string;
  /** Redacted, normalised, at most 300 characters. */
  inputSummary: string;
  outputSummary: string;
  /** Normalised tokens of the input (what the matcher compares), at most 64. */
  tokens: string[];
  count: number;
  firstSeen: number;
  lastSeen: number;
  /** Decayed relevance in [0, 1] as of `relevanceAt` (72 h half-life; reinforced by recurrences). */
  relevance: number;
  relevanceAt: number;
  /** The last short reason, e.g. "3 tests failed (vitest)". */
  lastReason: string;
}

/** One pattern a prompt or operation resembles. */
export interface PatternMatch {
  pattern: FailurePattern;
  /** Text similarity of the query to the pattern's input, in [0, 1]. */
  similarity: number;
  /** Similarity weighted by operation, recurrence and decayed relevance, in [0, 1]. */
  risk: number;
  reasons: string[];
}

export interface ImmuneCheck {
  /** The highest match risk, 0 when nothing matched. */
  risk: number;
  matches: PatternMatch[];
  /** Deterministic guardrail lines (one per failure type, ordered), empty when risk is below threshold. */
  guardrails: string[];
  /** The full text for Claude Code's additionalContext, '' when there is nothing to say. */
  context: string;
}
