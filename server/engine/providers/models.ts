/**
 * Which model a task gets. One table per provider family: a cheap, fast model where many small calls are
 * made (grading), a strong one where one answer carries a lot of weight (architecture). Everything here
 * is overridable — per task by environment (`TASK_ORCHESTRATOR_MODEL_<TASK>`), per provider by
 * configuration (`models`), and by the caller.
 *
 * | task         | gemini           | openai       |
 * |--------------|------------------|--------------|
 * | grading      | gemini-2.5-flash | gpt-4.1-mini |
 * | general      | gemini-2.5-flash | gpt-4.1-mini |
 * | research     | gemini-2.5-pro   | gpt-4.1      |
 * | code         | gemini-2.5-pro   | gpt-4.1      |
 * | architecture | gemini-2.5-pro   | gpt-4.1      |
 *
 * The OpenAI column keeps to non-reasoning models: they accept `temperature`, which reasoning models
 * (o-series, gpt-5) reject. The table applies only to the built-in providers left at their defaults: an
 * explicit default model (a configured custom provider, `TASK_ORCHESTRATOR_MODEL`, an OpenAI-compatible
 * server such as Ollama or vLLM) serves every task unless `models` says otherwise.
 */
import type { LLMProvider } from './types.js';

export const MODEL_TASKS = ['grading', 'general', 'research', 'code', 'architecture'] as const;
export type ModelTask = (typeof MODEL_TASKS)[number];
export type TaskModels = Partial<Record<ModelTask, string>>;

/** The families with a built-in table: the APIs whose model ids are known. */
export type ModelFamily = 'gemini' | 'openai';

export const MODEL_TABLE: Readonly<Record<ModelFamily, Readonly<Record<ModelTask, string>>>> = {
  gemini: {
    grading: 'gemini-2.5-flash',
    general: 'gemini-2.5-flash',
    research: 'gemini-2.5-pro',
    code: 'gemini-2.5-pro',
    architecture: 'gemini-2.5-pro',
  },
  openai: {
    grading: 'gpt-4.1-mini',
    general: 'gpt-4.1-mini',
    research: 'gpt-4.1',
    code: 'gpt-4.1',
    architecture: 'gpt-4.1',
  },
};

/** The wire protocol a provider speaks. */
export type ProviderKind = 'gemini' | 'openai-compatible';

/** A provider built by this module: an LLMProvider that also says where it points and which models it prefers. */
export interface ConfiguredProvider extends LLMProvider {
  readonly kind: ProviderKind;
  readonly baseUrl: string;
  /** The built-in model table that applies; absent for an OpenAI-compatible server with its own models. */
  readonly family?: ModelFamily;
  /** Per-task models from configuration. */
  readonly models?: TaskModels;
}

/** What modelFor needs from a provider; every LLMProvider qualifies, a ConfiguredProvider says more. */
export type ModelTarget = Pick<LLMProvider, 'name' | 'defaultModel'> & Partial<Pick<ConfiguredProvider, 'family' | 'models'>>;

export interface ModelOverrides {
  /** Read for `TASK_ORCHESTRATOR_MODEL_<TASK>` (e.g. TASK_ORCHESTRATOR_MODEL_GRADING). */
  env?: Readonly<Record<string, string | undefined>>;
  /** The caller's own per-task choices, above the provider's configured ones. */
  models?: TaskModels;
}

/** The environment variable that overrides the model for `task`. */
export const modelEnvVar = (task: ModelTask): string => `TASK_ORCHESTRATOR_MODEL_${task.toUpperCase()}`;

/**
 * The model id for `task` on `provider`. First match wins: the `TASK_ORCHESTRATOR_MODEL_<TASK>` environment
 * variable, the caller's `models`, the provider's configured `models`, the family table, the provider's
 * default model.
 *
 * @example
 * modelFor('grading', geminiProvider({ apiKey }))                       // → 'gemini-2.5-flash'
 * modelFor('architecture', geminiProvider({ apiKey }))                  // → 'gemini-2.5-pro'
 * modelFor('grading', p, { env: { TASK_ORCHESTRATOR_MODEL_GRADING: 'gemini-2.5-flash-lite' } }) // → 'gemini-2.5-flash-lite'
 */
export function modelFor(task: ModelTask, provider: ModelTarget, overrides: ModelOverrides = {}): string {
  const fromEnv = overrides.env?.[modelEnvVar(task)]?.trim();
  return (
    (fromEnv || undefined) ??
    overrides.models?.[task] ??
    provider.models?.[task] ??
    (provider.family ? MODEL_TABLE[provider.family][task] : undefined) ??
    provider.defaultModel
  );
}
