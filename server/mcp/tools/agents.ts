/**
 * Helper agents: spawn_agent (core), spawn_parallel_agents, spawn_archetype_agent, archetype_info.
 * Every spawn passes the immune pre-check, the price and budget checks and the provider's breaker, and
 * its answer is graded and remembered (server/engine/agents).
 */
import { z } from 'zod/v4';
import {
  type AgentOutcome, type AgentRequest, ARCHETYPE_NAMES, ARCHETYPES, archetypeInfo, DEFAULT_CONCURRENCY, MAX_PARALLEL_AGENTS, runAgent, runParallelAgents,
} from '../../engine/agents/index.js';
import { MODEL_TASKS } from '../../engine/providers/models.js';
import type { ServerContext } from '../context.js';
import { fail, ok, progress, tool, type ToolDef } from '../tool.js';

const assertion = z
  .object({
    type: z.string().min(1).describe('contains, icontains, regex, equals, starts-with, is-json, is-valid-json-schema, similar, levenshtein, not-*, llm-rubric, …'),
    value: z.unknown().optional(),
    weight: z.number().min(0).optional(),
    threshold: z.number().min(0).max(1).optional(),
    name: z.string().optional(),
    flags: z.string().optional(),
    caseSensitive: z.boolean().optional(),
  })
  .describe('an assertion the answer must meet (the grading spec)');

const common = {
  model: z.string().min(1).max(200).optional().describe("a model id; default: the provider's model for the task"),
  max_tokens: z.number().int().min(1).max(65_536).optional().describe('output token limit (default 8192)'),
  json: z.boolean().optional().describe('ask for a JSON answer (graded as JSON)'),
  expect: z.array(assertion).max(20).optional().describe('assertions the answer is graded with, beside the defaults (not empty, not cut off)'),
  judge: z.boolean().optional().describe('also grade with an LLM judge (one more, cheaper, paid call)'),
};

const gradeShape = z.object({
  passed: z.boolean(), score: z.number(), failureType: z.string().nullable(),
  results: z.array(z.object({ name: z.string(), passed: z.boolean(), score: z.number(), reason: z.string(), skipped: z.boolean().optional() })),
});
const immuneShape = z.object({ risk: z.number(), guardrails: z.array(z.string()), matches: z.array(z.object({ patternId: z.string(), similarity: z.number(), risk: z.number() })) });
const usageShape = z.object({ inputTokens: z.number(), outputTokens: z.number(), cachedTokens: z.number(), thinkingTokens: z.number(), totalTokens: z.number() });

const agentOutput = {
  success: z.boolean(),
  trialId: z.string(),
  answer: z.string(),
  provider: z.string(),
  model: z.string(),
  usage: usageShape,
  costUsd: z.number(),
  totalCostUsd: z.number(),
  latencyMs: z.number(),
  finishReason: z.string().nullable(),
  grade: gradeShape,
  immune: immuneShape,
  budget: z.object({ level: z.string(), reason: z.string() }),
};

export function agentTools(ctx: ServerContext): ToolDef[] {
  const spawn = async (req: AgentRequest) => runAgent(await ctx.agentDeps(), req);
  return [
    tool({
      name: 'spawn_agent',
      title: 'Spawn a helper agent',
      description:
        'Sends one prompt to a helper model (Gemini by default, OpenAI or any OpenAI-compatible server) and returns its graded answer. ' +
        'The prompt is checked against remembered failures first (guardrails are added; a high risk refuses), the call is priced and ' +
        'stopped before it would exceed a budget, a failing provider trips a circuit breaker, and the answer is graded and remembered.',
      input: {
        prompt: z.string().min(1).max(400_000),
        system_prompt: z.string().max(100_000).optional(),
        model_task: z.enum(MODEL_TASKS).optional().describe('picks the model: grading/general (cheap), research/code/architecture (strong)'),
        temperature: z.number().min(0).max(2).optional(),
        ...common,
      },
      output: agentOutput,
      annotations: { readOnlyHint: true, openWorldHint: true },
      handler: async (a) => {
        const r = await spawn({
          prompt: a.prompt, operation: 'spawn_agent', essential: true,
          ...(a.system_prompt ? { system: a.system_prompt } : {}), ...(a.model ? { model: a.model } : {}), ...(a.model_task ? { modelTask: a.model_task } : {}),
          ...(a.max_tokens ? { maxTokens: a.max_tokens } : {}), ...(a.temperature === undefined ? {} : { temperature: a.temperature }),
          ...(a.json ? { json: true } : {}), ...(a.expect ? { expect: a.expect as AgentRequest['expect'] } : {}), ...(a.judge ? { judge: true } : {}),
        });
        ctx.log(r.ok ? 'info' : 'warning', { tool: 'spawn_agent', ok: r.ok, ...(r.ok ? { model: r.model, costUsd: r.costUsd, passed: r.grade.passed } : { kind: r.kind }) });
        return outcomeResult(r);
      },
    }),
    tool({
      name: 'spawn_parallel_agents',
      title: 'Spawn helper agents in parallel',
      description: `Runs up to ${MAX_PARALLEL_AGENTS} prompts as helper agents, at most \`concurrency\` at a time (default ${DEFAULT_CONCURRENCY}; one at a time when the budget is throttled). Each is checked, priced, graded and remembered like spawn_agent. Reports progress per finished agent.`,
      input: {
        prompts: z.array(z.string().min(1).max(200_000)).min(1).max(MAX_PARALLEL_AGENTS),
        system_prompt: z.string().max(100_000).optional(),
        concurrency: z.number().int().min(1).max(16).optional(),
        ...common,
      },
      output: {
        success: z.boolean(), total: z.number(), succeeded: z.number(), failed: z.number(), gradesPassed: z.number(), concurrency: z.number(),
        throttled: z.boolean(), totalCostUsd: z.number(), durationMs: z.number(),
        results: z.array(z.object({ index: z.number(), ok: z.boolean() }).passthrough()),
      },
      annotations: { readOnlyHint: true, openWorldHint: true },
      handler: async (a, extra) => {
        const started = Date.now();
        const base = {
          operation: 'spawn_parallel_agents', essential: true,
          ...(a.system_prompt ? { system: a.system_prompt } : {}), ...(a.model ? { model: a.model } : {}), ...(a.max_tokens ? { maxTokens: a.max_tokens } : {}),
          ...(a.json ? { json: true } : {}), ...(a.expect ? { expect: a.expect as AgentRequest['expect'] } : {}), ...(a.judge ? { judge: true } : {}),
        };
        // Every progress notification is written before the result: a client drops those that arrive after it.
        const sent: Promise<void>[] = [];
        const r = await runParallelAgents(await ctx.agentDeps(), a.prompts.map((prompt) => ({ ...base, prompt })), {
          ...(a.concurrency ? { concurrency: a.concurrency } : {}),
          signal: extra.signal,
          onSettled: (done, total, outcome, index) =>
            void sent.push(progress(extra, done, total, `agent ${index + 1} ${outcome.ok ? (outcome.grade.passed ? 'passed' : 'failed grading') : `failed: ${outcome.kind}`}`)),
        });
        await Promise.all(sent);
        const data = { success: r.failed === 0, ...r, durationMs: Date.now() - started };
        const text = `${r.succeeded}/${r.total} agents answered (${r.gradesPassed} passed grading), concurrency ${r.concurrency}${r.throttled ? ' (throttled by budget)' : ''}, $${r.totalCostUsd.toFixed(6)}.\n\n` +
          r.results.map((x) => `#${x.index + 1}: ${x.ok ? `${x.grade.passed ? 'passed' : `FAILED grading (${x.grade.failureType})`}\n${x.answer}` : `ERROR ${x.kind}: ${x.error}`}`).join('\n\n');
        return r.succeeded === 0 ? { ...fail(text, data) } : ok(data, text);
      },
    }),
    tool({
      name: 'spawn_archetype_agent',
      title: 'Spawn an archetype agent',
      description: `Spawns a helper with a role: ${ARCHETYPE_NAMES.map((n) => `${n} (${ARCHETYPES[n].description})`).join('; ')}. The role sets the system prompt, temperature and model.`,
      input: { archetype: z.enum(ARCHETYPE_NAMES), prompt: z.string().min(1).max(400_000), ...common },
      output: { ...agentOutput, archetype: z.string(), temperature: z.number() },
      annotations: { readOnlyHint: true, openWorldHint: true },
      handler: async (a) => {
        const arch = ARCHETYPES[a.archetype];
        const r = await spawn({
          prompt: a.prompt, system: arch.systemPrompt, temperature: arch.temperature, modelTask: arch.modelTask, maxTokens: a.max_tokens ?? arch.maxTokens,
          operation: `spawn_archetype_agent:${arch.name}`, essential: true,
          ...(a.model ? { model: a.model } : {}), ...(a.json ? { json: true } : {}), ...(a.expect ? { expect: a.expect as AgentRequest['expect'] } : {}), ...(a.judge ? { judge: true } : {}),
        });
        return outcomeResult(r, { archetype: arch.name, temperature: arch.temperature });
      },
    }),
    tool({
      name: 'archetype_info',
      title: 'Describe the agent archetypes',
      description: 'The archetypes spawn_archetype_agent offers: role, temperature, model task and a preview of the system prompt.',
      input: { archetype: z.enum(ARCHETYPE_NAMES).optional() },
      output: { archetypes: z.array(z.object({ name: z.string() }).passthrough()) },
      annotations: { readOnlyHint: true, openWorldHint: false },
      handler: async (a) => {
        const list = (a.archetype ? [ARCHETYPES[a.archetype]] : ARCHETYPE_NAMES.map((n) => ARCHETYPES[n])).map(archetypeInfo);
        return ok({ archetypes: list });
      },
    }),
  ];
}

function outcomeResult(r: AgentOutcome, extra: Record<string, unknown> = {}) {
  if (!r.ok) {
    const { ok: _ok, ...rest } = r;
    return fail(`${r.kind}: ${r.error}`, { success: false, ...rest });
  }
  const { ok: _ok, ...rest } = r;
  const verdict = r.grade.passed ? `passed grading (score ${r.grade.score})` : `FAILED grading: ${r.grade.results.filter((x) => !x.passed && !x.skipped).map((x) => `${x.name}: ${x.reason}`).join('; ')}`;
  const text = `${r.answer}\n\n---\n${r.provider}/${r.model}, ${r.usage.inputTokens}+${r.usage.outputTokens} tokens, $${r.costUsd.toFixed(6)}; ${verdict}` +
    (r.immune.guardrails.length ? `; immune guardrails applied (risk ${r.immune.risk})` : '') + (r.budget.level !== 'ok' ? `; budget ${r.budget.level}: ${r.budget.reason}` : '');
  return ok({ success: true, ...rest, ...extra }, text);
}
