/**
 * `node plugin/dist/mcp.mjs`: the MCP server on stdio, as Claude Code starts it from the plugin's
 * `mcpServers`. stdout carries only JSON-RPC; diagnostics go to stderr and to the client's MCP log.
 * Ends when the client closes stdin or sends SIGTERM/SIGINT.
 */
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { createServer } from './server.js';

export async function main(): Promise<void> {
  const app = createServer();
  let closing = false;
  const shutdown = async (why: string) => {
    if (closing) return;
    closing = true;
    process.stderr.write(`task-orchestrator mcp: stopping (${why})\n`);
    await app.close().catch(() => undefined);
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.stdin.on('end', () => void shutdown('stdin closed'));
  process.on('uncaughtException', (e) => process.stderr.write(`task-orchestrator mcp: uncaught: ${e.stack ?? e.message}\n`));
  process.on('unhandledRejection', (e) => process.stderr.write(`task-orchestrator mcp: unhandled rejection: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`));
  await app.server.connect(new StdioServerTransport());
}
