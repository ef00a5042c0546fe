// The plugin's MCP server through the real Claude Code CLI: Claude Code starts it from the plugin's
// mcpServers entry (it shows as connected in the init event), the scripted model calls spawn_agent, the
// server sends the prompt to a local Gemini generateContent mock through the real @google/genai SDK, and
// the graded answer comes back to the model as the tool result.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadLlmMock } from '../fixtures/llm-mock/load.mjs';
import { checkSessionHealthy, resultFor, session } from './lib/session.mjs';

export const OUR_TOOL = (name) => `mcp__plugin_task-orchestrator_task-orchestrator__${name}`;

/** The LLM mock of the unit tests, answering every prompt as Gemini would. */
async function startGeminiMock() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'to-e2e-llm-'));
  const { startLlmMock, reply } = await loadLlmMock(dir);
  const mock = await startLlmMock({ answer: (req) => reply.text(`Helper says: ${req.prompt}`, { usage: { input: 120, output: 30 } }) });
  return { mock, close: async () => { await mock.close(); fs.rmSync(dir, { recursive: true, force: true }); } };
}

function parseJson(text) {
  try {
    return JSON.parse(text ?? '');
  } catch {
    return null;
  }
}

export const mcpScenarios = [
  {
    name: 'mcp-spawn-agent',
    title: 'the plugin\'s MCP server is connected; spawn_agent reaches the Gemini mock and returns a graded answer',
    async run(ctx, t) {
      const llm = await startGeminiMock();
      try {
        const prompt = 'Name three prime numbers.';
        const r = await session(ctx, {
          mode: 'bypassPermissions',
          prompt: 'Ask a helper agent for three prime numbers.',
          env: { GOOGLE_API_KEY: 'e2e-test-key', GEMINI_BASE_URL: llm.mock.geminiBaseUrl },
          turns: [{ tool: OUR_TOOL('spawn_agent'), input: { prompt, expect: [{ type: 'icontains', value: 'prime' }] } }, { text: 'The helper answered.' }],
        });
        checkSessionHealthy(t, r);
        const servers = r.init?.mcp_servers ?? [];
        const ours = servers.find((s) => /task-orchestrator/.test(s.name));
        t.check('init lists our MCP server as connected', ours?.status === 'connected', JSON.stringify(servers));
        t.check('spawn_agent is among the tools Claude Code offers', (r.init?.tools ?? []).includes(OUR_TOOL('spawn_agent')),
          (r.init?.tools ?? []).filter((x) => x.startsWith('mcp__')).join(', '));
        const reqs = llm.mock.requests;
        t.check('the Gemini mock got exactly one generateContent request with the prompt', reqs.length === 1 && reqs[0].api === 'gemini' && reqs[0].prompt === prompt,
          JSON.stringify(reqs.map((x) => ({ api: x.api, path: x.path, prompt: x.prompt }))));
        t.check('…authenticated with the key from the environment', reqs[0]?.apiKey === 'e2e-test-key', String(reqs[0]?.apiKey));
        const res = resultFor(r, 0);
        // Claude Code gives the model the structuredContent (as JSON) when a tool returns it.
        const out = parseJson(res?.text);
        t.check('the tool result carries the helper\'s answer', res?.is_error === false && out?.answer === `Helper says: ${prompt}`, JSON.stringify(res)?.slice(0, 400));
        t.check('…and its grade (passed, with the caller\'s assertion)', out?.grade?.passed === true && out.grade.results.some((g) => g.name === 'icontains' && g.passed),
          JSON.stringify(out?.grade));
        // gemini-2.5-flash at $0.30/M input and $2.50/M output: 120 in, 30 out.
        t.check('…and its exact cost', Math.abs((out?.costUsd ?? -1) - (120 * 0.3 + 30 * 2.5) / 1e6) < 1e-12, String(out?.costUsd));
      } finally {
        await llm.close();
      }
    },
  },
  {
    name: 'mcp-dynamic-tools',
    title: 'request_tool loads a category mid-session: Claude Code picks up list_changed and the new tool runs',
    async run(ctx, t) {
      const r = await session(ctx, {
        mode: 'bypassPermissions',
        prompt: 'Show the spend so far.',
        turns: [
          { tool: OUR_TOOL('request_tool'), input: { category: 'cost', reason: 'the user asked for spend' } },
          { tool: OUR_TOOL('cost_summary'), input: {} },
          { text: 'Here is the spend.' },
        ],
      });
      checkSessionHealthy(t, r);
      t.check('cost_summary is not offered at the start (core tools only)', !(r.init?.tools ?? []).includes(OUR_TOOL('cost_summary')),
        (r.init?.tools ?? []).filter((x) => x.startsWith('mcp__')).join(', '));
      const loaded = resultFor(r, 0);
      t.check('request_tool loaded the cost tools', loaded?.is_error === false && parseJson(loaded.text)?.toolsLoaded?.join(',') === 'cost_summary,cost_set_budget',
        JSON.stringify(loaded)?.slice(0, 300));
      const summary = resultFor(r, 1);
      const s = parseJson(summary?.text);
      t.check('the newly loaded cost_summary ran', summary?.is_error === false && typeof s?.priceTable?.date === 'string', JSON.stringify(summary)?.slice(0, 300));
      // Priced when the session's model is in the table; a newer model is listed as unpriced, never given a made-up price.
      t.check('…and shows this Claude Code session\'s own usage, read by the hooks from its transcript',
        (s?.claudeSessions ?? []).some((x) => x.inputTokens > 0 && (x.costUsd > 0 || (x.data?.unpriced ?? []).length > 0)), JSON.stringify(s?.claudeSessions)?.slice(0, 300));
    },
  },
];
