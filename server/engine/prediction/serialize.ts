/**
 * Saving and loading the risk model as versioned JSON. Loading is parsing plus validation: a model file
 * is data (numbers and strings), never code, so a file from elsewhere can at worst be rejected — unlike
 * the original project's pickled model, whose loading could execute anything. The caller reads and
 * writes the file; these functions only convert.
 */
import { z } from 'zod';
import { META_FEATURES } from './meta.js';
import type { TrainedModel } from './types.js';

/** The `format` field every model file carries. */
export const MODEL_FORMAT = 'task-orchestrator.risk-model';
/** The file layout this build writes and reads. */
export const MODEL_VERSION = 1;

/** A model file that cannot be used, with the reason in the message. */
export class ModelFormatError extends Error {
  override readonly name = 'ModelFormatError';
}

const finite = z.number({ invalid_type_error: 'must be a finite number (NaN and Infinity are not allowed)' }).finite('must be a finite number');
const count = z.number().int().nonnegative();

const evaluationSchema = z.object({
  samples: count, failures: count, auc: finite, brier: finite, baseRateBrier: finite, logLoss: finite, accuracy: finite, ece: finite,
  split: z.enum(['stratified', 'chronological']),
}).strict();

const reportSchema = z.object({
  samples: count,
  failures: count,
  baseRate: finite.min(0).max(1),
  trainedAt: finite,
  training: z.object({ l2: finite.positive(), iterations: count, converged: z.boolean(), gradientNorm: finite.nonnegative() }).strict(),
  holdout: evaluationSchema.optional(),
}).strict();

const fileSchema = z.object({
  format: z.literal(MODEL_FORMAT),
  version: z.literal(MODEL_VERSION),
  model: z.literal('logistic-regression'),
  spec: z.object({
    ngramMax: z.union([z.literal(1), z.literal(2)]),
    minDf: count,
    maxDf: finite.positive().max(1),
    maxFeatures: z.number().int().positive().max(100_000),
    toolToken: z.boolean(),
  }).strict(),
  vocabulary: z.array(z.string().min(1)).max(100_000),
  idf: z.array(finite.positive()),
  scaler: z.object({ features: z.array(z.string()), mean: z.array(finite), std: z.array(finite.positive()) }).strict(),
  weights: z.object({ text: z.array(finite), meta: z.array(finite) }).strict(),
  bias: finite,
  report: reportSchema,
}).strict().superRefine((f, ctx) => {
  const k = f.vocabulary.length;
  const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: z.ZodIssueCode.custom, path, message });
  if (new Set(f.vocabulary).size !== k) issue(['vocabulary'], 'terms must be unique');
  if (k > f.spec.maxFeatures) issue(['vocabulary'], `holds ${k} terms, more than spec.maxFeatures (${f.spec.maxFeatures})`);
  if (f.idf.length !== k) issue(['idf'], `has ${f.idf.length} values for ${k} terms`);
  if (f.weights.text.length !== k) issue(['weights', 'text'], `has ${f.weights.text.length} weights for ${k} terms`);
  const m = META_FEATURES.length;
  if (f.scaler.features.join(',') !== META_FEATURES.join(',')) issue(['scaler', 'features'], `must be this build's meta features (${META_FEATURES.join(', ')})`);
  if (f.scaler.mean.length !== m || f.scaler.std.length !== m) issue(['scaler'], `needs ${m} means and ${m} standard deviations`);
  if (f.weights.meta.length !== m) issue(['weights', 'meta'], `has ${f.weights.meta.length} weights for ${m} meta features`);
});

type ModelFile = z.infer<typeof fileSchema>;

function describe(error: z.ZodError): string {
  return error.issues.slice(0, 5).map((i) => `${i.path.length ? i.path.join('.') : '(file)'}: ${i.message}`).join('; ');
}

/**
 * The model as a compact JSON document (fixed key order). Refuses a model that would not load
 * back (e.g. a NaN weight) rather than writing a broken file.
 *
 * @example
 * writeFileSync(path, serializeModel(model)); // the caller does the I/O
 */
export function serializeModel(model: TrainedModel): string {
  const file: ModelFile = {
    format: MODEL_FORMAT,
    version: MODEL_VERSION,
    model: 'logistic-regression',
    spec: { ngramMax: model.spec.ngramMax, minDf: model.spec.minDf, maxDf: model.spec.maxDf, maxFeatures: model.spec.maxFeatures, toolToken: model.spec.toolToken },
    vocabulary: model.vocabulary,
    idf: model.idf,
    scaler: { features: [...META_FEATURES], mean: model.scaler.mean, std: model.scaler.std },
    weights: { text: model.weights.text, meta: model.weights.meta },
    bias: model.bias,
    report: model.report,
  };
  const checked = fileSchema.safeParse(file);
  if (!checked.success) throw new ModelFormatError(`risk model cannot be saved: ${describe(checked.error)}`);
  return `${JSON.stringify(file)}\n`;
}

/**
 * Parses and validates a saved model. Throws {@link ModelFormatError} with a readable reason for
 * anything else: not JSON, another kind of file, another format version, a wrong shape, NaN or
 * infinite numbers, or inconsistent lengths.
 *
 * @example
 * const model = parseModel(readFileSync(path, 'utf8'));
 * parseModel('{"format":"task-orchestrator.risk-model","version":2}');
 * // throws ModelFormatError: risk model: unsupported version 2 (this build reads version 1); retrain
 */
export function parseModel(text: string): TrainedModel {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new ModelFormatError(`risk model: not a JSON document (${(e as Error).message})`);
  }
  const head = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Record<string, unknown>) : null;
  if (head?.format !== MODEL_FORMAT) throw new ModelFormatError(`risk model: not a Task Orchestrator risk model (expected "format": "${MODEL_FORMAT}")`);
  if (head.version !== MODEL_VERSION) {
    throw new ModelFormatError(`risk model: unsupported version ${JSON.stringify(head.version)} (this build reads version ${MODEL_VERSION}); retrain`);
  }
  const parsed = fileSchema.safeParse(raw);
  if (!parsed.success) throw new ModelFormatError(`risk model: invalid file: ${describe(parsed.error)}`);
  const f = parsed.data;
  return {
    spec: f.spec,
    vocabulary: f.vocabulary,
    idf: f.idf,
    scaler: { mean: f.scaler.mean, std: f.scaler.std },
    weights: f.weights,
    bias: f.bias,
    report: f.report,
  };
}
