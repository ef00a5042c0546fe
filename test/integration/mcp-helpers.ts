// The built MCP server (plugin/dist/mcp.mjs) driven by the SDK's own Client over stdio, as Claude Code
// drives it: a scratch HOME, state dir and project, and the LLM mock standing in for Gemini / OpenAI.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { type CallToolResult, LoggingMessageNotificationSchema, ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const DIST = process.env.TASK_ORCHESTRATOR_TEST_DIST ?? join(ROOT, 'plugin/dist');
export const MCP = join(DIST, 'mcp.mjs');

export function ensureBuilt(): void {
  if (!existsSync(MCP)) spawnSync(process.execPath, [join(ROOT, 'scripts/build.mjs')], { stdio: 'inherit' });
}

export class McpSandbox {
  readonly root = mkdtempSync(join(tmpdir(), 'to-mcp-'));
  readonly home = join(this.root, 'home');
  readonly state = join(this.root, 'state');
  readonly project = join(this.root, 'project');
  constructor() {
    for (const d of [this.home, this.state, this.project]) mkdirSync(d, { recursive: true });
  }
  /** A clean environment: nothing of the developer's keys or state leaks in. */
  env(extra: Record<string, string> = {}): Record<string, string> {
    return {
      PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: this.home, TASK_ORCHESTRATOR_HOME: this.state, CLAUDE_PROJECT_DIR: this.project,
      // Tests do not wait seconds for backoff: the delays' arithmetic is unit-tested (test/unit/healing).
      TASK_ORCHESTRATOR_RETRY_BASE_MS: '20', TASK_ORCHESTRATOR_RETRY_MAX_MS: '2000',
      ...extra,
    };
  }
  cleanup(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}

export interface Connected {
  client: Client;
  transport: StdioClientTransport;
  listChanged: () => number;
  logs: Array<{ level: string; data: unknown }>;
  stderr: () => string;
  call: (name: string, args?: Record<string, unknown>, opts?: { onprogress?: (p: { progress: number; total?: number; message?: string }) => void }) => Promise<CallToolResult>;
  close: () => Promise<void>;
}

export async function connect(env: Record<string, string>): Promise<Connected> {
  const transport = new StdioClientTransport({ command: process.execPath, args: [MCP], env, stderr: 'pipe', cwd: env.CLAUDE_PROJECT_DIR });
  let err = '';
  transport.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const client = new Client({ name: 'task-orchestrator-tests', version: '1.0.0' }, { capabilities: {} });
  let changed = 0;
  const logs: Array<{ level: string; data: unknown }> = [];
  client.setNotificationHandler(ToolListChangedNotificationSchema, () => void changed++);
  client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => void logs.push({ level: n.params.level, data: n.params.data }));
  await client.connect(transport);
  return {
    client,
    transport,
    listChanged: () => changed,
    logs,
    stderr: () => err,
    call: async (name, args = {}, opts = {}) =>
      (await client.callTool({ name, arguments: args }, undefined, { timeout: 60_000, ...(opts.onprogress ? { onprogress: opts.onprogress } : {}) })) as CallToolResult,
    close: async () => {
      await client.close();
    },
  };
}

/** Waits until `cond` holds, polling every 20 ms, at most `ms`. */
export async function until(cond: () => boolean, ms = 5000): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (cond()) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return cond();
}

export function text(r: CallToolResult): string {
  return r.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');
}
