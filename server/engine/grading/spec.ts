/**
 * Declarative assertions → graders, promptfoo-style: `{ type: 'icontains', value: 'x', weight: 2 }`.
 * Any type can be negated with a `not-` prefix. Specs are validated with zod; an invalid spec throws a
 * GraderSpecError whose message names each bad field and the value it had.
 *
 * `threshold` means, by type: the share of values that must appear (contains, icontains, contains-all,
 * icontains-all); the passing score (similarity, javascript, the judges); the largest edit distance
 * (levenshtein, default 5); the bound (cost in USD, latency in ms; required). Other types take none.
 */
import { z } from 'zod';
import { costBound, latencyBound } from './bound-graders.js';
import { jsonSchema, jsonValid, length, nonEmpty, regex } from './code-graders.js';
import { isSql, isXml } from './format-graders.js';
import type { BuiltGrader, GraderOptions } from './grader.js';
import { javascriptAssertion } from './javascript-grader.js';
import type { JudgeCache } from './judge-cache.js';
import {
  accuracyGrader, codeQualityGrader, completenessGrader, formatGrader, modelGrader, performanceGrader, relevanceGrader, safetyGrader,
  type JudgeOptions,
} from './model-graders.js';
import { negate } from './negate.js';
import { levenshtein, similarity } from './similarity-graders.js';
import { containment, equals, startsWith } from './text-graders.js';
import type { LLMProvider } from '../providers/types.js';

/** An assertion as written in configuration. */
export interface AssertionSpec {
  type: string;
  value?: unknown;
  weight?: number;
  threshold?: number;
  name?: string;
  /** regex: RegExp flags. */
  flags?: string;
  /** equals, similarity: compare case-sensitively (default true). */
  caseSensitive?: boolean;
  /** javascript: the time limit in ms (default 100). */
  timeoutMs?: number;
}

export interface SpecOptions {
  /** javascript assertions run code: off unless true (see javascript-grader.ts). */
  allowJavascript?: boolean;
  /** The judge for model-graded types; without one they skip. */
  provider?: LLMProvider | null;
  model?: string;
  judgeCache?: JudgeCache | null;
}

export class GraderSpecError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GraderSpecError';
  }
}

const SPEC = z.object({
  type: z.string({ required_error: 'is required', invalid_type_error: 'must be a string' }).min(1, 'must not be empty'),
  value: z.unknown().optional(),
  weight: z.number({ invalid_type_error: 'must be a number' }).finite().nonnegative('must be ≥ 0').optional(),
  threshold: z.number({ invalid_type_error: 'must be a number' }).finite().optional(),
  name: z.string().min(1).optional(),
  flags: z.string().regex(/^[dimsuv]*$/, 'must be RegExp flags from "dimsuv"').optional(),
  caseSensitive: z.boolean().optional(),
  timeoutMs: z.number().positive().optional(),
}).strict();

type Spec = z.infer<typeof SPEC>;
type Ctx = { spec: Spec; base: GraderOptions; threshold: number | undefined; opts: SpecOptions };

const text = z.string({ required_error: 'is required', invalid_type_error: 'must be a string' });
const texts = z.array(z.string(), { required_error: 'is required', invalid_type_error: 'must be an array of strings' }).min(1, 'must list at least one string');
const none = z.undefined({ invalid_type_error: 'is not used by this type' });
const share = z.number().min(0, 'must be in [0, 1]').max(1, 'must be in [0, 1]').optional();
const bound = z.number({ required_error: 'is required (the bound)' }).nonnegative('must be ≥ 0');

interface TypeRule {
  value: z.ZodTypeAny;
  /** The threshold's schema; absent: the type takes no threshold. */
  threshold?: z.ZodTypeAny;
  build(value: unknown, c: Ctx): BuiltGrader;
}

const judge = (c: Ctx): JudgeOptions => ({
  ...c.base, provider: c.opts.provider ?? null, ...(c.opts.model ? { model: c.opts.model } : {}),
  ...(c.opts.judgeCache !== undefined ? { cache: c.opts.judgeCache } : {}), ...(c.threshold !== undefined ? { passThreshold: c.threshold } : {}),
});
const contains = (mode: 'all' | 'any', caseSensitive: boolean) => (value: unknown, c: Ctx) =>
  containment(typeof value === 'string' ? [value] : (value as string[]), { ...c.base, mode, caseSensitive, ...(c.threshold !== undefined ? { threshold: c.threshold } : {}) });

const RULES: Record<string, TypeRule> = {
  'non-empty': { value: none, build: (_v, c) => nonEmpty(c.base) },
  'is-json': {
    value: z.union([z.record(z.unknown()), z.boolean()], { invalid_type_error: 'must be a JSON Schema (an object)' }).optional(),
    build: (v, c) => (v === undefined ? jsonValid(c.base) : jsonSchema(v as object, c.base)),
  },
  'json-schema': { value: z.union([z.record(z.unknown()), z.boolean()], { errorMap: () => ({ message: 'must be a JSON Schema (an object)' }) }), build: (v, c) => jsonSchema(v as object, c.base) },
  regex: { value: text, build: (v, c) => regex(v as string, { ...c.base, ...(c.spec.flags ? { flags: c.spec.flags } : {}) }) },
  length: {
    value: z.object({ min: z.number().int().nonnegative().optional(), max: z.number().int().nonnegative().optional() }).strict()
      .refine((l) => l.min !== undefined || l.max !== undefined, 'must set min or max'),
    build: (v, c) => length({ ...c.base, ...(v as { min?: number; max?: number }) }),
  },
  equals: { value: z.unknown().refine((v) => v !== undefined, 'is required'), build: (v, c) => equals(v, { ...c.base, ...(c.spec.caseSensitive === undefined ? {} : { caseSensitive: c.spec.caseSensitive }) }) },
  'starts-with': { value: text, build: (v, c) => startsWith(v as string, c.base) },
  contains: { value: text, threshold: share, build: contains('all', true) },
  icontains: { value: text, threshold: share, build: contains('all', false) },
  'contains-any': { value: texts, build: contains('any', true) },
  'contains-all': { value: texts, threshold: share, build: contains('all', true) },
  'icontains-any': { value: texts, build: contains('any', false) },
  'icontains-all': { value: texts, threshold: share, build: contains('all', false) },
  'is-xml': { value: none, build: (_v, c) => isXml(c.base) },
  'is-sql': { value: none, build: (_v, c) => isSql(c.base) },
  javascript: {
    value: text,
    threshold: share,
    build: (v, c) => javascriptAssertion(v as string, {
      ...c.base, allowJavascript: c.opts.allowJavascript === true,
      ...(c.threshold !== undefined ? { threshold: c.threshold } : {}), ...(c.spec.timeoutMs ? { timeoutMs: c.spec.timeoutMs } : {}),
    }),
  },
  levenshtein: {
    value: text,
    threshold: z.number().int('must be a whole number of edits').nonnegative('must be ≥ 0').optional(),
    build: (v, c) => levenshtein(v as string, { ...c.base, ...(c.threshold !== undefined ? { maxDistance: c.threshold } : {}) }),
  },
  similarity: {
    value: text,
    threshold: share,
    build: (v, c) => similarity(v as string, { ...c.base, ...(c.threshold !== undefined ? { threshold: c.threshold } : {}), ...(c.spec.caseSensitive === undefined ? {} : { caseSensitive: c.spec.caseSensitive }) }),
  },
  cost: { value: none, threshold: bound, build: (_v, c) => costBound(c.threshold as number, c.base) },
  latency: { value: none, threshold: bound, build: (_v, c) => latencyBound(c.threshold as number, c.base) },
  'llm-rubric': { value: text.min(1, 'must not be empty'), threshold: share, build: (v, c) => modelGrader({ ...judge(c), name: c.base.name ?? 'llm-rubric', criteria: v as string }) },
  relevance: { value: none, threshold: share, build: (_v, c) => relevanceGrader(judge(c)) },
  completeness: { value: none, threshold: share, build: (_v, c) => completenessGrader(judge(c)) },
  accuracy: { value: none, threshold: share, build: (_v, c) => accuracyGrader(judge(c)) },
  format: { value: text.optional(), threshold: share, build: (v, c) => formatGrader({ ...judge(c), ...(v ? { expectedFormat: v as string } : {}) }) },
  'code-quality': { value: none, threshold: share, build: (_v, c) => codeQualityGrader(judge(c)) },
  safety: { value: none, threshold: share, build: (_v, c) => safetyGrader(judge(c)) },
  performance: { value: none, threshold: share, build: (_v, c) => performanceGrader(judge(c)) },
};

/** Every assertion type graderFromSpec knows (each also as `not-<type>`). */
export const ASSERTION_TYPES: readonly string[] = Object.keys(RULES);

/**
 * Builds a grader from a spec. Throws GraderSpecError (naming the field and its value) for an invalid
 * spec, and the factory's own error for an invalid regex or schema.
 *
 * @example
 * graderFromSpec({ type: 'not-icontains', value: 'as an AI', weight: 2 }).name // → 'not-icontains'
 * graderFromSpec({ type: 'icontain', value: 'x' }) // throws: assertion spec: type: unknown assertion type "icontain" …
 */
export function graderFromSpec(spec: unknown, opts: SpecOptions = {}): BuiltGrader {
  const base = SPEC.safeParse(spec);
  if (!base.success) throw specError(base.error, spec);
  const s = base.data;
  const negated = s.type.startsWith('not-');
  const type = negated ? s.type.slice(4) : s.type;
  const rule = RULES[type];
  if (!rule) {
    throw new GraderSpecError(`assertion spec: type: unknown assertion type ${JSON.stringify(s.type)}; expected one of ${ASSERTION_TYPES.join(', ')} (each may be prefixed with "not-")`);
  }
  const value = rule.value.safeParse(s.value);
  if (!value.success) throw specError(value.error, s.value, ['value'], s.type);
  if (s.threshold !== undefined && !rule.threshold) {
    throw new GraderSpecError(`assertion spec: threshold: "${s.type}" takes no threshold (got ${s.threshold})`);
  }
  const threshold = rule.threshold ? rule.threshold.safeParse(s.threshold) : undefined;
  if (threshold && !threshold.success) throw specError(threshold.error, s.threshold, ['threshold'], s.type);
  const grader = rule.build(value.data, {
    spec: s,
    base: { ...(s.weight !== undefined ? { weight: s.weight } : {}), ...(s.name && !negated ? { name: s.name } : {}) },
    threshold: s.threshold,
    opts,
  });
  return negated ? negate(grader, s.name ? { name: s.name } : {}) : grader;
}

/** "assertion spec: <field>: <message> (got <value>)" for each issue, against the value it was about. */
function specError(error: z.ZodError, input: unknown, prefix: Array<string | number> = [], type?: string): GraderSpecError {
  const parts = error.issues.map((issue) => {
    const path = [...prefix, ...issue.path];
    const where = path.length ? path.join('.') : '(spec)';
    const got = issue.code === 'unrecognized_keys' ? '' : ` (got ${show(valueAt(input, issue.path))})`;
    return `${where}: ${issue.message}${got}`;
  });
  return new GraderSpecError(`assertion spec${type ? ` "${type}"` : ''}: ${parts.join('; ')}`);
}

function valueAt(input: unknown, path: Array<string | number>): unknown {
  let v = input;
  for (const key of path) v = v !== null && typeof v === 'object' ? (v as Record<string | number, unknown>)[key] : undefined;
  return v;
}

function show(v: unknown): string {
  if (v === undefined) return 'nothing';
  const json = JSON.stringify(v);
  return json.length > 60 ? `${json.slice(0, 59)}…` : json;
}
