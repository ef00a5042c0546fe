// The built MCP server driven by a third-party client: the MCP Inspector's CLI
// (@modelcontextprotocol/inspector-cli 1.0.3, which runs on Node 20), over stdio.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { type LlmMock, reply, startLlmMock } from '../fixtures/llm-mock/server.js';
import { ensureBuilt, MCP, McpSandbox } from './mcp-helpers.js';

// The CLI looks for its package.json relative to the working directory (`../package.json`) but imports
// it relative to itself: it works when started from its own build directory.
const CLI_DIR = dirname(createRequire(import.meta.url).resolve('@modelcontextprotocol/inspector-cli/build/cli.js'));

let mock: LlmMock;
let box: McpSandbox;
beforeAll(async () => {
  ensureBuilt();
  mock = await startLlmMock();
  box = new McpSandbox();
});
afterAll(async () => {
  await mock.close();
  box.cleanup();
});

function inspector(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const envArgs = Object.entries(box.env({ GOOGLE_API_KEY: 'inspector-key', GEMINI_BASE_URL: mock.geminiBaseUrl, ...env })).flatMap(([k, v]) => ['-e', `${k}=${v}`]);
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [join(CLI_DIR, 'cli.js'), '--cli', ...envArgs, process.execPath, MCP, ...args], { cwd: CLI_DIR, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => p.kill('SIGKILL'), 30_000);
    p.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

const json = (s: string) => JSON.parse(s.slice(s.indexOf('{')));

test('tools/list: the core tools with their schemas', async () => {
  const r = await inspector(['--method', 'tools/list']);
  expect(r.code, r.stderr).toBe(0);
  const tools = json(r.stdout).tools as Array<{ name: string; inputSchema: { type: string }; outputSchema?: { type: string } }>;
  expect(tools.map((t) => t.name).sort()).toEqual(['healing_status', 'request_tool', 'spawn_agent', 'tasks_add', 'tasks_list']);
  expect(tools.every((t) => t.inputSchema.type === 'object' && t.outputSchema?.type === 'object')).toBe(true);
});

test('tools/call spawn_agent: a graded answer from the Gemini mock, valid against the output schema', async () => {
  mock.enqueue(reply.text('Seven is prime.', { usage: { input: 20, output: 4 } }));
  const r = await inspector(['--method', 'tools/call', '--tool-name', 'spawn_agent', '--tool-arg', 'prompt=Is seven prime?']);
  expect(r.code, r.stderr).toBe(0);
  const out = json(r.stdout);
  expect(out.isError).toBeFalsy();
  expect(out.structuredContent).toMatchObject({ success: true, answer: 'Seven is prime.', provider: 'gemini', grade: { passed: true } });
  expect(mock.requests.at(-1)!.prompt).toBe('Is seven prime?');
});

test('tools/call with an unknown category: the client reports the error, not a success', async () => {
  const r = await inspector(['--method', 'tools/call', '--tool-name', 'request_tool', '--tool-arg', 'category=bogus']);
  const out = json(r.stdout);
  expect(out.isError).toBe(true);
  expect(out.content[0].text).toMatch(/unknown category "bogus"/);
});
