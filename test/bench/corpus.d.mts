// Types for corpus.mjs (kept as plain ESM so the bench runs under plain node).
import type { ClassifyContext, Decision, Policy, ToolCall } from '../../server/engine/policy/types.js';

/** One labelled command (a line of test/fixtures/corpus/*.jsonl) plus where it came from. */
export interface CorpusCase {
  /** "<corpus>:<line>", e.g. "dcg:12". */
  id: string;
  corpus: string;
  command: string;
  expected: 'block' | 'allow';
  /** "<repo>@<commit>:<path>" of the upstream test data. */
  source: string;
  note?: string;
  category?: string;
  rule_id?: string;
  reason_contains?: string;
  cwd_dependent?: boolean;
  /** Optional absolute working directory for this case. */
  cwd?: string;
}

export interface Corpus {
  name: string;
  file: string;
  cases: CorpusCase[];
}

export interface Outcome {
  testCase: CorpusCase;
  decision: Decision;
  rule?: string | null;
  reason?: string;
}

export interface Miss {
  kind: 'missed' | 'falseDeny' | 'friction';
  id: string;
  command: string;
  expected: 'block' | 'allow';
  got: Decision;
  rule: string | null;
  reason: string;
}

export interface Score {
  total: number;
  block: number;
  allow: number;
  caught: number;
  missed: number;
  falseDeny: number;
  friction: number;
  misses: Miss[];
  caughtRate: number;
  falseDenyRate: number;
  frictionRate: number;
}

export interface Thresholds {
  caught: number;
  falseDeny: number;
  friction: number;
}

export const CORPUS_DIR: string;
export const CORPUS_FILES: readonly string[];
export const THRESHOLDS: Readonly<Thresholds>;
export const FIXED_PLACE: Readonly<Omit<ClassifyContext, 'policy' | 'tmpDirs'> & { tmpDirs: readonly string[] }>;
export function loadCorpora(dir?: string, files?: readonly string[]): Corpus[];
export function contextFor(testCase: CorpusCase, policy: Policy): ClassifyContext;
export function toolCallFor(testCase: CorpusCase): ToolCall;
export function score(outcomes: Iterable<Outcome>): Score;
export function combine(scores: readonly Score[]): Score;
export function failedTargets(s: Score, t?: Thresholds): string[];
export function pct(x: number): string;
export function formatTable(rows: ReadonlyArray<ReadonlyArray<string | number>>): string;
export function scoreRow(name: string, s: Score): Array<string | number>;
export const SCORE_HEADER: string[];
