// The MCP server's bench, on the built bundle (plugin/dist/mcp.mjs):
// - cold start: spawn → the answer to the first `tools/list` (raw JSON-RPC over stdio, no client library in
//   the way), interleaved with `node -e 0` spawn → exit as the baseline of the same run;
// - spawn_parallel_agents: 20 agents against the LLM mock answering after 250 ms, through the SDK Client;
//   wall time as a ratio to the ideal for the concurrency limit (ceil(20 / 4) × 250 ms).
// Run alone: `node test/bench/mcp.mjs` (knobs: BENCH_MCP_STARTS, default 15; BENCH_MCP_ROUNDS, default 5).
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { loadLlmMock } from '../fixtures/llm-mock/load.mjs';
import { formatTable } from './corpus.mjs';
import { ROOT } from './engine.mjs';
import { median, ms, ratio, summarise } from './stats.mjs';

const MCP = join(ROOT, 'plugin/dist/mcp.mjs');
const CACHE = join(ROOT, 'node_modules/.cache/task-orchestrator-bench');
export const PARALLEL = { agents: 20, concurrency: 4, latencyMs: 250, target: 1.2 };

function sandboxEnv(root, extra = {}) {
  for (const d of ['home', 'state']) mkdirSync(join(root, d), { recursive: true });
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: join(root, 'home'), TASK_ORCHESTRATOR_HOME: join(root, 'state'), CLAUDE_PROJECT_DIR: root, ...extra };
}

/** Spawn → exit of `node -e 0` with the server's environment (NODE_EXTRA_CA_CERTS alone adds ~40 ms), in ms. */
function baselineOnce(env) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const p = spawn(process.execPath, ['-e', '0'], { env, stdio: 'ignore' });
    p.on('error', reject);
    p.on('exit', () => resolve(performance.now() - t0));
  });
}

/** Spawn → the tools/list answer, in ms; the server is then stopped. */
function coldStartOnce(env) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const p = spawn(process.execPath, [MCP], { env, stdio: ['pipe', 'pipe', 'ignore'] });
    let buf = '';
    const timer = setTimeout(() => {
      p.kill('SIGKILL');
      reject(new Error('no tools/list answer within 20 s'));
    }, 20_000);
    p.stdout.on('data', (d) => {
      buf += d;
      for (const line of buf.split('\n')) {
        if (!line.includes('"id":2')) continue;
        const elapsed = performance.now() - t0;
        const tools = JSON.parse(line).result?.tools?.length ?? 0;
        clearTimeout(timer);
        p.kill('SIGTERM');
        p.on('exit', () => resolve({ ms: elapsed, tools }));
        return;
      }
    });
    const send = (o) => p.stdin.write(`${JSON.stringify(o)}\n`);
    send({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'bench', version: '1' } } });
    send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    send({ jsonrpc: '2.0', id: 2, method: 'tools/list' });
  });
}

export async function runMcpBench({ starts = 15, rounds = 5 } = {}) {
  const root = mkdtempSync(join(tmpdir(), 'to-bench-mcp-'));
  try {
    // Cold start, interleaved with the baseline.
    const env = sandboxEnv(join(root, 'cold'));
    await coldStartOnce(env); // warm the file cache
    const cold = [];
    const base = [];
    let tools = 0;
    for (let i = 0; i < starts; i++) {
      base.push(await baselineOnce(env));
      const r = await coldStartOnce(env);
      cold.push(r.ms);
      tools = r.tools;
    }
    const coldStart = { server: summarise(cold), baseline: summarise(base), ratio: median(cold) / median(base), toolsListed: tools };

    // Parallel agents.
    const { startLlmMock, reply } = await loadLlmMock(CACHE);
    const mock = await startLlmMock({ answer: (req) => reply.delayed(PARALLEL.latencyMs, reply.text(`answer: ${req.prompt}`, { usage: { input: 40, output: 10 } })) });
    const transport = new StdioClientTransport({
      command: process.execPath, args: [MCP], stderr: 'ignore',
      env: sandboxEnv(join(root, 'parallel'), { GOOGLE_API_KEY: 'bench-key', GEMINI_BASE_URL: mock.geminiBaseUrl, TASK_ORCHESTRATOR_MCP_TOOLS: 'core,agent' }),
    });
    const client = new Client({ name: 'bench', version: '1' });
    await client.connect(transport);
    const prompts = Array.from({ length: PARALLEL.agents }, (_, i) => `prompt number ${i}`);
    const call = () => client.callTool({ name: 'spawn_parallel_agents', arguments: { prompts, concurrency: PARALLEL.concurrency } }, undefined, { timeout: 120_000 });
    const warm = await call(); // loads sql.js and the provider SDK
    if (warm.isError) throw new Error(`spawn_parallel_agents failed: ${JSON.stringify(warm.content).slice(0, 300)}`);
    const walls = [];
    let succeeded = 0;
    for (let i = 0; i < rounds; i++) {
      const t0 = performance.now();
      const r = await call();
      walls.push(performance.now() - t0);
      succeeded = r.structuredContent?.succeeded ?? 0;
    }
    await client.close();
    await mock.close();
    const ideal = Math.ceil(PARALLEL.agents / PARALLEL.concurrency) * PARALLEL.latencyMs;
    const parallel = { ...PARALLEL, ideal, wall: summarise(walls), ratio: median(walls) / ideal, succeeded, requests: mock.requests.length };

    console.log(formatTable([
      ['', 'n', 'p50 ms', 'p90 ms', 'max ms', 'ratio (p50)'],
      ['node -e 0 (spawn → exit)', base.length, ms(coldStart.baseline.p50), ms(coldStart.baseline.p90), ms(coldStart.baseline.max), ''],
      [`MCP server spawn → tools/list (${tools} tools)`, cold.length, ms(coldStart.server.p50), ms(coldStart.server.p90), ms(coldStart.server.max), ratio(coldStart.ratio)],
      [`spawn_parallel_agents ×${PARALLEL.agents}, ≤${PARALLEL.concurrency} at once, ${PARALLEL.latencyMs} ms each (ideal ${ideal} ms)`, walls.length, ms(parallel.wall.p50), ms(parallel.wall.p90), ms(parallel.wall.max), ratio(parallel.ratio)],
    ]));
    console.log(`parallel agents: ${succeeded}/${PARALLEL.agents} answered in the last round; ratio to ideal ${ratio(parallel.ratio)} (target ≤ ${PARALLEL.target}×) ${parallel.ratio <= PARALLEL.target ? 'ok' : 'MISS'}`);
    return { coldStart, parallel };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await runMcpBench({ starts: Number(process.env.BENCH_MCP_STARTS ?? 15), rounds: Number(process.env.BENCH_MCP_ROUNDS ?? 5) });
}
