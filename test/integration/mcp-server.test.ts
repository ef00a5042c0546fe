// The built MCP server through the SDK's Client over stdio: tools and schemas, dynamic loading with
// list_changed, progress, errors, and the agent pipeline against the real provider SDKs talking to a
// local mock of Gemini's generateContent and OpenAI's chat completions (429 hints, 500s, budgets).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { type LlmMock, reply, startLlmMock } from '../fixtures/llm-mock/server.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { failureDetails } from '../../server/mcp/tool.js';
import { connect, type Connected, ensureBuilt, McpSandbox, text, until } from './mcp-helpers.js';

const CORE = ['healing_status', 'request_tool', 'spawn_agent', 'tasks_add', 'tasks_list'];

let mock: LlmMock;
beforeAll(async () => {
  ensureBuilt();
  mock = await startLlmMock();
});
afterAll(async () => {
  await mock.close();
});

const open: Connected[] = [];
const boxes: McpSandbox[] = [];
afterEach(async () => {
  for (const c of open.splice(0)) await c.close().catch(() => undefined);
  for (const b of boxes.splice(0)) b.cleanup();
  mock.reset();
});

async function server(extra: Record<string, string> = {}, opts: { provider?: 'gemini' | 'openai' | 'none' } = {}): Promise<Connected & { box: McpSandbox }> {
  const box = new McpSandbox();
  boxes.push(box);
  const provider = opts.provider ?? 'gemini';
  const keys: Record<string, string> =
    provider === 'gemini' ? { GOOGLE_API_KEY: 'test-key', GEMINI_BASE_URL: mock.geminiBaseUrl } : provider === 'openai' ? { OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: mock.openaiBaseUrl } : {};
  const c = await connect(box.env({ ...keys, ...extra }));
  open.push(c);
  return { ...c, box };
}

const names = async (c: Connected) => (await c.client.listTools()).tools.map((t) => t.name).sort();
// A success's structuredContent, or a failure's details (its second text block).
const sc = (r: CallToolResult): Record<string, any> => (r.isError ? (failureDetails(r) ?? {}) : (r.structuredContent as Record<string, any>));

describe('tools and dynamic loading', () => {
  test('only the core tools are listed at first; every tool has input and output schemas', async () => {
    const c = await server();
    const { tools } = await c.client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(CORE);
    for (const t of tools) {
      expect(t.inputSchema.type).toBe('object');
      expect(t.outputSchema?.type).toBe('object');
      expect(t.description?.length).toBeGreaterThan(20);
    }
    expect(c.client.getServerCapabilities()?.tools?.listChanged).toBe(true);
    expect(c.client.getServerCapabilities()?.logging).toBeDefined();
  });

  test('request_tool loads a category, sends list_changed, and the new tools are listed and callable', async () => {
    const c = await server();
    const r = await c.call('request_tool', { category: 'immune', reason: 'check a prompt' });
    expect(r.isError).toBeFalsy();
    expect(sc(r).toolsLoaded.sort()).toEqual(['alert_clear', 'alert_list', 'immune_check', 'immune_dashboard', 'immune_failures', 'immune_status', 'predict_risk']);
    expect(await until(() => c.listChanged() > 0)).toBe(true);
    expect(await names(c)).toEqual([...CORE, ...sc(r).toolsLoaded].sort());
    const status = await c.call('immune_status', {});
    expect(status.isError).toBeFalsy();
    expect(sc(status).totals.trials).toBe(0);
    const again = await c.call('request_tool', { category: 'IMMUNE' });
    expect(sc(again).alreadyLoaded).toBe(true);
  });

  test('an unknown or unavailable category is an error, not a silent success, and loads nothing', async () => {
    const c = await server();
    const bogus = await c.call('request_tool', { category: 'bogus' });
    expect(bogus.isError).toBe(true);
    expect(text(bogus)).toMatch(/unknown category "bogus".*task, agent, immune, workflow, cost/);
    const fed = await c.call('request_tool', { category: 'federation' });
    expect(fed.isError).toBe(true);
    expect(text(fed)).toMatch(/not available/);
    expect(await names(c)).toEqual(CORE);
    expect(c.listChanged()).toBe(0);
  });

  test('a tool of an unloaded category cannot be called; TASK_ORCHESTRATOR_MCP_TOOLS=all lists everything', async () => {
    const c = await server();
    const hidden = await c.call('cost_summary', {});
    expect(hidden.isError).toBe(true);
    const all = await server({ TASK_ORCHESTRATOR_MCP_TOOLS: 'all' });
    const list = await names(all);
    expect(list.length).toBe(27);
    // No tool decides an approval: deciding is for humans.
    expect(list.filter((n) => /approve|deny|decide|reject/.test(n))).toEqual([]);
  });

  test('invalid arguments are an isError result naming the field; the server keeps serving', async () => {
    const c = await server();
    const r = await c.call('spawn_agent', { prompt: '' });
    expect(r.isError).toBe(true);
    expect(text(r)).toMatch(/prompt/);
    expect((await c.call('healing_status', {})).isError).toBeFalsy();
  });

  test('the server logs its start-up over MCP logging', async () => {
    const c = await server();
    expect(await until(() => c.logs.some((l) => (l.data as any)?.event === 'startup'))).toBe(true);
    expect((c.logs.find((l) => (l.data as any)?.event === 'startup')!.data as any).loaded).toEqual(['core']);
  });
});

describe('spawn_agent against the real SDKs', () => {
  test('Gemini: the answer is graded, usage and cost are exact and in the ledger', async () => {
    const c = await server({ TASK_ORCHESTRATOR_MCP_TOOLS: 'core,cost' });
    mock.enqueue(reply.text('Paris is the capital of France.', { usage: { input: 1000, output: 500, cached: 200, thinking: 100 } }));
    const r = await c.call('spawn_agent', { prompt: 'What is the capital of France?', expect: [{ type: 'icontains', value: 'paris' }] });
    expect(r.isError, text(r)).toBeFalsy();
    const s = sc(r);
    expect(s.answer).toBe('Paris is the capital of France.');
    expect(s.provider).toBe('gemini');
    expect(s.model).toBe('gemini-2.5-flash');
    expect(s.grade.passed).toBe(true);
    expect(s.grade.results.map((x: any) => x.name)).toEqual(['NonEmptyCheck', 'Completion', 'icontains']);
    expect(s.usage).toEqual({ inputTokens: 1000, outputTokens: 600, cachedTokens: 200, thinkingTokens: 100, totalTokens: 1600 });
    // gemini-2.5-flash: $0.30/M input, $0.03/M cached input, $2.50/M output (thinking billed as output).
    expect(s.costUsd).toBeCloseTo((800 * 0.3 + 200 * 0.03 + 600 * 2.5) / 1e6, 12);
    expect(mock.requests).toHaveLength(1);
    expect(mock.requests[0]!.prompt).toContain('capital of France');
    const cost = sc(await c.call('cost_summary', {}));
    const gemini = cost.providers.find((p: any) => p.provider === 'gemini');
    expect(gemini.today.spent).toBeCloseTo(s.costUsd, 12);
  });

  test('OpenAI-compatible: the same pipeline through the openai SDK', async () => {
    const c = await server({}, { provider: 'openai' });
    mock.enqueue(reply.text('42', { usage: { input: 50, output: 2 } }));
    const r = await c.call('spawn_agent', { prompt: 'The answer?' });
    expect(r.isError, text(r)).toBeFalsy();
    expect(sc(r).provider).toBe('openai');
    expect(sc(r).model).toBe('gpt-4.1-mini');
    expect(mock.requests[0]!.api).toBe('openai');
  });

  test('a failed grade is remembered: the next similar prompt gets the immune guardrails', async () => {
    const c = await server({ TASK_ORCHESTRATOR_MCP_TOOLS: 'core,immune' });
    mock.enqueue(reply.text('not json at all'), reply.text('still not json'), reply.text('{"ok":true}'));
    const prompt = 'Generate the deployment configuration for the billing service as a JSON object';
    for (let i = 0; i < 2; i++) {
      const r = await c.call('spawn_agent', { prompt, json: true });
      expect(sc(r).grade.passed).toBe(false);
      expect(sc(r).grade.failureType).toBe('json_invalid');
    }
    const failures = sc(await c.call('immune_failures', {}));
    expect(failures.totalPatterns).toBeGreaterThanOrEqual(1);
    expect(failures.byType.json_invalid).toBe(2);
    const third = await c.call('spawn_agent', { prompt, json: true });
    expect(sc(third).immune.guardrails.length).toBeGreaterThan(0);
    expect(mock.requests[2]!.system).toContain(sc(third).immune.guardrails[0]);
  });

  test('no provider: a clear error, nothing faked', async () => {
    const c = await server({}, { provider: 'none' });
    const r = await c.call('spawn_agent', { prompt: 'hello' });
    expect(r.isError).toBe(true);
    expect(sc(r).kind).toBe('no_provider');
    expect(text(r)).toMatch(/GOOGLE_API_KEY/);
  });

  test('an unknown model is refused before anything is sent (never free by accident)', async () => {
    const c = await server();
    const r = await c.call('spawn_agent', { prompt: 'hello', model: 'gemini-9-ultra' });
    expect(r.isError).toBe(true);
    expect(sc(r).kind).toBe('unknown_price');
    expect(text(r)).toMatch(/prices\.json/);
    expect(mock.requests).toHaveLength(0);
  });
});

describe('budgets', () => {
  test('a budget stops a call before it is sent; lowering always works, raising is for the human', async () => {
    const c = await server({ TASK_ORCHESTRATOR_MCP_TOOLS: 'core,cost' });
    const low = await c.call('cost_set_budget', { provider: 'gemini', daily_limit: 0 });
    expect(low.isError, text(low)).toBeFalsy();
    const r = await c.call('spawn_agent', { prompt: 'hello' });
    expect(r.isError).toBe(true);
    expect(sc(r).kind).toBe('budget_exceeded');
    expect(mock.requests).toHaveLength(0);
    const raise = await c.call('cost_set_budget', { provider: 'gemini', daily_limit: 5 });
    expect(raise.isError).toBe(true);
    expect(text(raise)).toMatch(/task-orchestrator cost budget gemini --daily 5/);
  });

  test('with the opt-in the agent may raise it, and calls resume', async () => {
    const c = await server({ TASK_ORCHESTRATOR_MCP_TOOLS: 'core,cost', TASK_ORCHESTRATOR_AGENT_MAY_RAISE_BUDGET: '1' });
    await c.call('cost_set_budget', { provider: 'gemini', daily_limit: 0 });
    expect(sc(await c.call('spawn_agent', { prompt: 'hi' })).kind).toBe('budget_exceeded');
    expect((await c.call('cost_set_budget', { provider: 'gemini', daily_limit: 5 })).isError).toBeFalsy();
    expect((await c.call('spawn_agent', { prompt: 'hi' })).isError).toBeFalsy();
  });

  test('the estimate counts: a budget a long answer could exceed stops the call', async () => {
    const c = await server({ TASK_ORCHESTRATOR_MCP_TOOLS: 'core,cost' });
    // 8192 output tokens on gemini-2.5-flash could cost $0.02; a $0.01 day cannot afford it, 100 tokens it can.
    await c.call('cost_set_budget', { provider: 'gemini', daily_limit: 0.01 });
    expect(sc(await c.call('spawn_agent', { prompt: 'hi' })).kind).toBe('budget_exceeded');
    expect((await c.call('spawn_agent', { prompt: 'hi', max_tokens: 100 })).isError).toBeFalsy();
  });
});

describe('healing', () => {
  test('a 429 with a retry hint is retried after the hint and succeeds', async () => {
    const c = await server();
    mock.enqueue(reply.rateLimit({ retryAfter: 1 }), reply.text('ok after waiting'));
    const started = Date.now();
    const r = await c.call('spawn_agent', { prompt: 'hi' });
    expect(r.isError, text(r)).toBeFalsy();
    expect(sc(r).answer).toBe('ok after waiting');
    expect(mock.requests).toHaveLength(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  test('three failing calls open the breaker; the next is refused without a request; it recovers after half-open', async () => {
    const c = await server({ TASK_ORCHESTRATOR_RETRY_ATTEMPTS: '0', TASK_ORCHESTRATOR_BREAKER_HALF_OPEN_MS: '1500' });
    mock.setAnswer(() => reply.serverError());
    for (let i = 0; i < 3; i++) expect(sc(await c.call('spawn_agent', { prompt: `try ${i}` })).kind).toBe('provider_error');
    expect(mock.requests).toHaveLength(3);
    const refused = await c.call('spawn_agent', { prompt: 'try again' });
    expect(sc(refused).kind).toBe('breaker_open');
    expect(sc(refused).retryAfterMs).toBeGreaterThan(0);
    expect(mock.requests).toHaveLength(3);
    const status = sc(await c.call('healing_status', {}));
    expect(status.breakers[0]).toMatchObject({ provider: 'gemini', state: 'open', tripCount: 1 });
    mock.setAnswer(() => reply.text('healthy again'));
    await new Promise((r) => setTimeout(r, 1600));
    const back = await c.call('spawn_agent', { prompt: 'after the pause' });
    expect(back.isError, text(back)).toBeFalsy();
    expect(sc(await c.call('healing_status', {})).breakers[0].state).toBe('closed');
  });
});

describe('parallel agents and progress', () => {
  test('spawn_parallel_agents reports progress per agent and returns every result in order', async () => {
    const c = await server({ TASK_ORCHESTRATOR_MCP_TOOLS: 'core,agent' });
    mock.setAnswer((req) => reply.delayed(50, reply.text(`answer to ${req.prompt}`)));
    const seen: number[] = [];
    const r = await c.call('spawn_parallel_agents', { prompts: ['a', 'b', 'c', 'd', 'e'], concurrency: 2 }, { onprogress: (p) => seen.push(p.progress) });
    expect(r.isError, text(r)).toBeFalsy();
    const s = sc(r);
    expect(s).toMatchObject({ total: 5, succeeded: 5, failed: 0, concurrency: 2 });
    expect(s.results.map((x: any) => x.answer)).toEqual(['answer to a', 'answer to b', 'answer to c', 'answer to d', 'answer to e']);
    expect(seen).toEqual([1, 2, 3, 4, 5]);
  });

  test('spawn_archetype_agent uses the role: its system prompt, temperature and the strong model', async () => {
    const c = await server({ TASK_ORCHESTRATOR_MCP_TOOLS: 'core,agent' });
    const r = await c.call('spawn_archetype_agent', { archetype: 'architect', prompt: 'Design a rate limiter' });
    expect(r.isError, text(r)).toBeFalsy();
    expect(sc(r).archetype).toBe('architect');
    expect(sc(r).model).toBe('gemini-2.5-pro');
    expect(mock.requests[0]!.system).toMatch(/software architect/);
    expect(mock.requests[0]!.body).toMatchObject({ generationConfig: { temperature: 0.3 } });
  });

  test('inbox_status shows pending approvals read-only', async () => {
    const c = await server({ TASK_ORCHESTRATOR_MCP_TOOLS: 'core,agent' });
    const r = await c.call('inbox_status', { include_history: true });
    expect(r.isError, text(r)).toBeFalsy();
    expect(sc(r)).toMatchObject({ pendingCount: 0, pending: [], history: [] });
  });
});

describe('bad state', () => {
  test('a corrupt providers.json is reported as the reason, not a crash', async () => {
    const box = new McpSandbox();
    boxes.push(box);
    writeFileSync(join(box.state, 'providers.json'), '{ not json');
    const c = await connect(box.env({ GOOGLE_API_KEY: 'k', GEMINI_BASE_URL: mock.geminiBaseUrl }));
    open.push(c);
    const r = await c.call('spawn_agent', { prompt: 'hi' });
    expect(r.isError).toBe(true);
    expect(text(r)).toMatch(/providers\.json[\s\S]*not valid JSON/);
  });
});
