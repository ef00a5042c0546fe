/**
 * One helper agent, start to finish: immune pre-check of the prompt (guardrails go into the system
 * prompt; a high risk refuses), the guarded model call (price, budget, breaker, ledger), grading of the
 * answer, and the trial recorded in the immune memory (a failed answer forms or repeats a failure
 * pattern and counts as a semantic failure of the provider). Failures come back as an `AgentFailure`
 * with a kind the caller can act on, never as a throw.
 */
import { UnknownPriceError } from '../cost/price-table.js';
import type { AssertionSpec } from '../grading/spec.js';
import { GraderSpecError } from '../grading/spec.js';
import { runGraders } from '../grading/pipeline.js';
import type { GradeSummary } from '../grading/types.js';
import { BreakerOpenError, recordSemanticFailure } from '../healing/index.js';
import { PatternIndex } from '../immune/matcher.js';
import { preSpawnCheck } from '../immune/pre-spawn.js';
import type { FailurePattern } from '../immune/types.js';
import { type ConfiguredProvider, type ModelTask, modelFor } from '../providers/models.js';
import { ProviderError } from '../providers/types.js';
import type { LLMProvider, LLMUsage } from '../providers/types.js';
import { redact } from '../redact.js';
import { appendJournal, newId, type TrialEvent } from '../store/journal.js';
import { immunePatterns } from '../store/repos-immune.js';
import { agentGraders, checkAssertions } from './agent-graders.js';
import { BudgetStopError, type GuardDeps, guardedGenerate, guardedProvider } from './guarded-call.js';

export interface AgentRequest {
  prompt: string;
  system?: string;
  /** A model id; otherwise the model the provider's table gives `modelTask`. */
  model?: string;
  modelTask?: ModelTask;
  maxTokens?: number;
  temperature?: number;
  json?: boolean;
  /** The caller's assertions on the answer (grading spec: contains, regex, is-json, similar, llm-rubric …). */
  expect?: AssertionSpec[];
  /** Also grade with an LLM judge (one more paid call). */
  judge?: boolean;
  /** The trial's operation: spawn_agent, spawn_parallel_agents, spawn_archetype_agent:<name>. */
  operation: string;
  /** Refuse to spawn when the immune risk is at or above this (default 0.85); 1 never refuses. */
  blockAt?: number;
  /** Allowed when the budget is throttled. */
  essential?: boolean;
}

export interface AgentDeps extends GuardDeps {
  provider: ConfiguredProvider | null;
  env: Readonly<Record<string, string | undefined>>;
  /** Why there is no provider (shown to the caller), when `provider` is null. */
  providerNote?: string;
}

export interface AgentSuccess {
  ok: true;
  trialId: string;
  answer: string;
  provider: string;
  model: string;
  usage: LLMUsage;
  costUsd: number;
  /** Including a judge's call. */
  totalCostUsd: number;
  latencyMs: number;
  finishReason: string | null;
  grade: { passed: boolean; score: number; failureType: string | null; results: Array<{ name: string; passed: boolean; score: number; reason: string; skipped?: boolean }> };
  immune: { risk: number; guardrails: string[]; matches: Array<{ patternId: string; similarity: number; risk: number }> };
  budget: { level: string; reason: string };
}

export type AgentFailureKind = 'no_provider' | 'invalid_request' | 'unknown_price' | 'immune_blocked' | 'budget_exceeded' | 'breaker_open' | 'provider_error';

export interface AgentFailure {
  ok: false;
  kind: AgentFailureKind;
  error: string;
  provider: string | null;
  model: string | null;
  retryAfterMs?: number;
  immune?: AgentSuccess['immune'];
  budget?: { level: string; reason: string; windows: unknown[] };
}

export type AgentOutcome = AgentSuccess | AgentFailure;

const DEFAULT_BLOCK_AT = 0.85;
const TRIAL_TEXT = 2048;

/**
 * @example
 * const r = await runAgent(deps, { prompt: 'Summarise RFC 9110 §9 in 5 bullets', operation: 'spawn_agent', essential: true });
 * if (!r.ok) console.error(r.kind, r.error); else console.log(r.answer, r.grade.passed, r.costUsd);
 */
export async function runAgent(deps: AgentDeps, req: AgentRequest): Promise<AgentOutcome> {
  const provider = deps.provider;
  if (!provider) {
    return failure('no_provider', `no LLM provider is configured: ${deps.providerNote ?? 'set GOOGLE_API_KEY (Gemini), OPENAI_API_KEY, or OPENAI_BASE_URL for a local OpenAI-compatible server'}`, null, null);
  }
  const model = req.model ?? modelFor(req.modelTask ?? 'general', provider, { env: deps.env });
  try {
    checkAssertions(req.expect);
  } catch (e) {
    if (e instanceof GraderSpecError) return failure('invalid_request', e.message, provider.name, model);
    throw e;
  }
  const now = deps.now();
  const patterns = await deps.store.read((db) => immunePatterns.all(db));
  const pre = preSpawnCheck(new PatternIndex(patterns as FailurePattern[]), req.prompt, req.system ?? '', {
    operation: req.operation, now, blockAt: req.blockAt ?? DEFAULT_BLOCK_AT, ...(deps.project ? { project: deps.project } : {}),
  });
  const immune = {
    risk: round(pre.check.risk),
    guardrails: pre.check.guardrails,
    matches: pre.check.matches.map((m) => ({ patternId: m.pattern.id, similarity: round(m.similarity), risk: round(m.risk) })),
  };
  if (!pre.proceed) return { ...failure('immune_blocked', pre.refusal ?? 'the immune check refused this prompt', provider.name, model), immune };

  const trialId = newId();
  const started = Date.now();
  let result;
  try {
    result = await guardedGenerate(
      deps, provider,
      { prompt: req.prompt, model, ...(pre.system ? { system: pre.system } : {}), ...(req.maxTokens ? { maxTokens: req.maxTokens } : {}),
        ...(req.temperature === undefined ? {} : { temperature: req.temperature }), ...(req.json ? { json: true } : {}) },
      { operation: req.operation, essential: req.essential ?? true, trialId },
    );
  } catch (e) {
    return { ...callFailure(e, provider.name, model), immune };
  }
  const { response } = result;
  const judgeSpent = { usd: 0 };
  const judge: LLMProvider = guardedProvider(deps, provider, { operation: 'judge', essential: false, trialId }, judgeSpent);
  const graders = agentGraders({
    finishReason: response.finishReason, json: req.json ?? false, ...(req.expect ? { expect: req.expect } : {}),
    judge, judgeModel: modelFor('grading', provider, { env: deps.env }), useJudge: req.judge ?? false,
  });
  const grade: GradeSummary = await runGraders(graders, response.text, { prompt: req.prompt, costUsd: result.costUsd, latencyMs: response.latencyMs });
  recordTrial(deps, req, trialId, provider.name, response.model, response.text, grade, result.costUsd + judgeSpent.usd, Date.now() - started);
  if (!grade.passed) await recordSemanticFailure(deps.store, provider.name, grade.failureType ?? 'evaluation_failed').catch(() => undefined);
  return {
    ok: true,
    trialId,
    answer: response.text,
    provider: provider.name,
    model: response.model,
    usage: response.usage,
    costUsd: result.costUsd,
    totalCostUsd: round(result.costUsd + judgeSpent.usd, 9),
    latencyMs: response.latencyMs,
    finishReason: response.finishReason ?? null,
    grade: {
      passed: grade.passed, score: round(grade.score), failureType: grade.failureType,
      results: grade.results.map((r) => ({ name: r.name, passed: r.passed, score: round(r.score), reason: r.reason, ...(r.skipped ? { skipped: true } : {}) })),
    },
    immune,
    budget: { level: result.budget.level, reason: result.budget.reason },
  };
}

function recordTrial(deps: AgentDeps, req: AgentRequest, id: string, provider: string, model: string, answer: string, grade: GradeSummary, costUsd: number, durationMs: number): void {
  const failed = grade.results.find((r) => !r.passed && !r.skipped);
  const event: TrialEvent = {
    type: 'trial', id, ts: deps.now(), session: deps.session ?? '', project: deps.project ?? '', tool: 'mcp:task-orchestrator', operation: req.operation,
    passed: grade.passed, score: grade.score, failureType: grade.failureType, reason: failed ? `${failed.name}: ${failed.reason}` : 'passed',
    input: redact(req.prompt.slice(0, TRIAL_TEXT)), output: redact(answer.slice(0, TRIAL_TEXT)),
    results: grade.results.map((r) => ({ name: r.name, passed: r.passed, score: r.score, reason: r.reason.slice(0, 300), ...(r.skipped ? { skipped: true } : {}) })),
    ...(grade.passed ? {} : { prompt: redact(req.prompt.slice(0, TRIAL_TEXT)) }),
    durationMs, source: 'agent', provider, model, costUsd,
  };
  appendJournal(deps.store.paths, event);
}

function callFailure(e: unknown, provider: string, model: string): AgentFailure {
  if (e instanceof UnknownPriceError) return failure('unknown_price', e.message, provider, model);
  if (e instanceof BudgetStopError) return { ...failure('budget_exceeded', e.message, provider, model), budget: { level: e.check.level, reason: e.check.reason, windows: e.check.windows } };
  if (e instanceof BreakerOpenError) return { ...failure('breaker_open', e.message, provider, model), retryAfterMs: e.retryAfterMs };
  if (e instanceof ProviderError) {
    return { ...failure('provider_error', `${e.provider} (${e.kind}${e.status ? ` ${e.status}` : ''}): ${e.message}`, provider, model), ...(e.retryAfterMs ? { retryAfterMs: e.retryAfterMs } : {}) };
  }
  return failure('provider_error', redact(e instanceof Error ? e.message : String(e)), provider, model);
}

function failure(kind: AgentFailureKind, error: string, provider: string | null, model: string | null): AgentFailure {
  return { ok: false, kind, error, provider, model };
}

function round(x: number, digits = 4): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
