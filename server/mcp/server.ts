/**
 * The Task Orchestrator MCP server: every category's tools registered on the SDK's McpServer, those of
 * unloaded categories disabled (so `tools/list` leaves them out), `request_tool` enabling a category
 * (the SDK then sends `notifications/tools/list_changed`), and MCP logging.
 */
import { McpServer, type RegisteredTool } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod/v4';
import { type Category, CATEGORIES, CATEGORY_DESCRIPTIONS, estimateTokens, initialPlan, resolveCategory, TOOL_CATEGORIES, trackerSettings } from './catalog.js';
import { ServerContext, type ServerOptions } from './context.js';
import { fail, ok, tool, type CategoryTools, type ToolDef } from './tool.js';
import { agentTools } from './tools/agents.js';
import { costTools } from './tools/cost.js';
import { immuneTools } from './tools/immune.js';
import { inboxTools } from './tools/inbox.js';
import { taskTools } from './tools/tasks.js';
import { workflowTools } from './tools/workflows.js';

export const SERVER_NAME = 'task-orchestrator';
declare const __TASK_ORCHESTRATOR_VERSION__: string | undefined;
const VERSION = typeof __TASK_ORCHESTRATOR_VERSION__ === 'string' ? __TASK_ORCHESTRATOR_VERSION__ : '0.0.0-dev';

const MODULES: CategoryTools[] = [agentTools, costTools, immuneTools, inboxTools, taskTools, workflowTools];

export interface OrchestratorServer {
  server: McpServer;
  ctx: ServerContext;
  loaded: () => Category[];
  close: () => Promise<void>;
}

/**
 * @example
 * const { server } = createServer({ env: process.env });
 * await server.connect(new StdioServerTransport());
 */
export function createServer(opts: ServerOptions = {}): OrchestratorServer {
  const ctx = new ServerContext(opts);
  const server = new McpServer(
    { name: SERVER_NAME, title: 'Task Orchestrator', version: VERSION },
    {
      capabilities: { logging: {}, tools: { listChanged: true } },
      instructions:
        'Task Orchestrator: helper agents on Gemini/OpenAI with budgets, circuit breakers, immune pre-checks and grading; tasks; cost; workflows. ' +
        'Only the core tools are listed at first: call request_tool with a category (task, agent, immune, workflow, cost) to load more.',
    },
  );
  ctx.setLogger((level, data) => {
    if (server.isConnected()) void server.sendLoggingMessage({ level, logger: SERVER_NAME, data }).catch(() => undefined);
  });

  const defs: ToolDef[] = MODULES.flatMap((m) => m(ctx));
  const registered = new Map<string, { def: ToolDef; handle: RegisteredTool }>();
  const loaded = new Set<Category>();

  const requestTool = tool({
    name: 'request_tool',
    title: 'Load a tool category',
    description: `Loads a category of Task Orchestrator tools so they appear in the tool list. Categories: ${CATEGORIES.filter((c) => c !== 'core').map((c) => `${c} (${CATEGORY_DESCRIPTIONS[c]})`).join('; ')}.`,
    input: { category: z.string().min(1).describe('task, agent, immune, workflow or cost'), reason: z.string().max(500).optional().describe('why it is needed (logged)') },
    output: { category: z.string(), toolsLoaded: z.array(z.string()), alreadyLoaded: z.boolean(), loadedCategories: z.array(z.string()), estimatedTokens: z.number() },
    annotations: { readOnlyHint: false, idempotentHint: true, openWorldHint: false },
    handler: async ({ category, reason }) => {
      const r = resolveCategory(category);
      if ('error' in r) return fail(r.error, { loadedCategories: [...loaded] });
      const already = loaded.has(r.category);
      const names = load(r.category);
      ctx.log('info', { event: 'request_tool', category: r.category, reason: reason ?? null, alreadyLoaded: already });
      return ok({
        category: r.category, toolsLoaded: names, alreadyLoaded: already, loadedCategories: [...loaded],
        estimatedTokens: names.reduce((s, n) => s + estimateTokens(definitionOf(registered.get(n)!.def)), 0),
      }, already ? `Category ${r.category} was already loaded: ${names.join(', ')}.` : `Loaded ${r.category}: ${names.join(', ')}.`);
    },
  });

  for (const def of [...defs, requestTool]) {
    const handle = server.registerTool(
      def.name,
      { title: def.title, description: def.description, inputSchema: def.input, ...(def.output ? { outputSchema: z.looseObject(def.output) } : {}), ...(def.annotations ? { annotations: def.annotations } : {}) },
      async (args: Record<string, unknown>, extra) => {
        try {
          return await def.handler(args, extra);
        } catch (e) {
          ctx.log('error', { tool: def.name, error: (e as Error).message });
          return fail(`${def.name} failed: ${(e as Error).message}`);
        }
      },
    );
    registered.set(def.name, { def, handle });
  }

  function load(category: Category): string[] {
    const names = [...registered.keys()].filter((n) => TOOL_CATEGORIES[n] === category);
    if (loaded.has(category)) return names;
    loaded.add(category);
    for (const n of names) registered.get(n)!.handle.enable(); // each enable() asks the SDK to send list_changed (once connected)
    return names;
  }

  const tokens = Object.fromEntries(CATEGORIES.map((c) => [c, 0])) as Record<Category, number>;
  for (const [name, { def }] of registered) tokens[TOOL_CATEGORIES[name] ?? 'core'] += estimateTokens(definitionOf(def));
  const { settings, problems } = trackerSettings(ctx.env);
  const plan = initialPlan(ctx.env, tokens, settings);
  for (const [name, { handle }] of registered) {
    const category = TOOL_CATEGORIES[name];
    if (!category) throw new Error(`tool ${name} has no category`);
    if (!plan.loaded.includes(category)) handle.disable();
  }
  for (const c of plan.loaded) loaded.add(c);
  const startup = { event: 'startup', loaded: [...loaded], reason: plan.reason, stateDir: ctx.stateDir, problems: [...problems, ...ctx.problems] };
  server.server.oninitialized = () => ctx.log('info', startup);

  return {
    server,
    ctx,
    loaded: () => [...loaded],
    close: async () => {
      await server.close();
      ctx.close();
    },
  };
}

// Output schemas are loose: they promise the fields they name, and a client must not reject an answer
// for carrying more (a summary's detail grows between versions).
/** What tools/list sends for a tool, near enough to estimate its size. */
function definitionOf(def: ToolDef): unknown {
  const schema = (shape: ToolDef['input']): unknown => {
    try {
      return z.toJSONSchema(z.object(shape), { unrepresentable: 'any' });
    } catch {
      return Object.keys(shape);
    }
  };
  return { name: def.name, title: def.title, description: def.description, inputSchema: schema(def.input), ...(def.output ? { outputSchema: schema(def.output) } : {}) };
}
