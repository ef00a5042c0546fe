/**
 * The tool categories and which of them start loaded. Claude sees only the core tools until it asks for
 * a category with `request_tool` (or the context tracker finds the whole catalogue small next to the
 * client's context); each load sends `notifications/tools/list_changed`. Pure: the registry applies it.
 */

export const CATEGORIES = ['core', 'task', 'agent', 'immune', 'workflow', 'cost'] as const;
export type Category = (typeof CATEGORIES)[number];

/** Which category each tool belongs to (the original's grouping, §3.1, for the tools this server has). */
export const TOOL_CATEGORIES: Readonly<Record<string, Category>> = {
  tasks_list: 'core', tasks_add: 'core', spawn_agent: 'core', healing_status: 'core', request_tool: 'core',
  tasks_sync_email: 'task', tasks_schedule: 'task', tasks_complete: 'task', tasks_analyze: 'task', tasks_briefing: 'task',
  spawn_parallel_agents: 'agent', spawn_archetype_agent: 'agent', archetype_info: 'agent', inbox_status: 'agent',
  immune_status: 'immune', immune_check: 'immune', immune_failures: 'immune', immune_dashboard: 'immune',
  alert_list: 'immune', alert_clear: 'immune', predict_risk: 'immune',
  run_with_error_capture: 'workflow', validate_code: 'workflow', trigger_workflow: 'workflow', list_workflows: 'workflow',
  cost_summary: 'cost', cost_set_budget: 'cost',
};

export const CATEGORY_DESCRIPTIONS: Readonly<Record<Category, string>> = {
  core: 'tasks_list, tasks_add, spawn_agent, healing_status, request_tool (always loaded)',
  task: 'tasks: complete, analyze, daily briefing, schedule into an .ics calendar, sync from an IMAP mailbox',
  agent: 'parallel and archetype agents (architect, builder, qc, researcher), archetype info, the approval inbox (read-only)',
  immune: 'immune memory: status, prompt check, failure patterns, dashboard, alerts, failure-risk prediction',
  workflow: 'workflows (@Refactor, @TestGen, @Debug, @Review, @Docs) with file context, code validation, commands with error capture',
  cost: 'spend per provider and model, budgets, Claude Code session costs',
};

/** Categories of the original that this server does not have, with why (request_tool says so). */
export const UNAVAILABLE: Readonly<Record<string, string>> = {
  federation: 'federation (sharing immune memory across machines) is not part of this server; the immune memory is shared by every project on this machine through the state directory',
  sync: 'sync (pushing immune memory to peers) is not part of this server',
  learning: 'learning_workflow is not part of this server',
};

export interface LoadPlan {
  loaded: Category[];
  reason: string;
}

/** Tokens a tool definition costs in the client's context, estimated as the original did (JSON length / 4). */
export const estimateTokens = (definition: unknown): number => Math.ceil(JSON.stringify(definition).length / 4);

export interface TrackerSettings {
  /** The client's context size in tokens (TASK_ORCHESTRATOR_CLIENT_CONTEXT_TOKENS, default 200 000). */
  contextTokens: number;
  /** The share of it tool definitions may take before only the core set loads (TASK_ORCHESTRATOR_TOOL_BUDGET_PCT, default 2 %). */
  budgetPct: number;
}

export const DEFAULT_TRACKER: TrackerSettings = { contextTokens: 200_000, budgetPct: 2 };

/**
 * Which categories start loaded: `TASK_ORCHESTRATOR_MCP_TOOLS` = `core` | `all` | a comma list wins;
 * otherwise all when the whole catalogue fits the tracker's budget, else core.
 *
 * @example
 * initialPlan({}, { core: 900, task: 700, agent: 1400, immune: 1500, workflow: 1600, cost: 500 }, DEFAULT_TRACKER)
 * // → { loaded: ['core'], reason: 'the catalogue (6600 tokens) exceeds 2% of a 200000-token context (4000): core only' }
 */
export function initialPlan(env: Readonly<Record<string, string | undefined>>, tokensByCategory: Readonly<Record<Category, number>>, tracker: TrackerSettings): LoadPlan {
  const asked = env.TASK_ORCHESTRATOR_MCP_TOOLS?.trim().toLowerCase();
  if (asked === 'all') return { loaded: [...CATEGORIES], reason: 'TASK_ORCHESTRATOR_MCP_TOOLS=all' };
  if (asked && asked !== 'core') {
    const wanted = asked.split(',').map((s) => s.trim()).filter(Boolean);
    const known = wanted.filter((c): c is Category => (CATEGORIES as readonly string[]).includes(c));
    const unknown = wanted.filter((c) => !(CATEGORIES as readonly string[]).includes(c));
    return {
      loaded: ['core', ...known.filter((c) => c !== 'core')],
      reason: `TASK_ORCHESTRATOR_MCP_TOOLS=${asked}${unknown.length ? ` (ignored unknown: ${unknown.join(', ')})` : ''}`,
    };
  }
  if (asked === 'core') return { loaded: ['core'], reason: 'TASK_ORCHESTRATOR_MCP_TOOLS=core' };
  const total = CATEGORIES.reduce((s, c) => s + tokensByCategory[c], 0);
  const allowance = Math.floor((tracker.contextTokens * tracker.budgetPct) / 100);
  return total <= allowance
    ? { loaded: [...CATEGORIES], reason: `the catalogue (${total} tokens) fits ${tracker.budgetPct}% of a ${tracker.contextTokens}-token context (${allowance}): all loaded` }
    : { loaded: ['core'], reason: `the catalogue (${total} tokens) exceeds ${tracker.budgetPct}% of a ${tracker.contextTokens}-token context (${allowance}): core only` };
}

/** Reads the tracker's settings; bad values fall back to the defaults (and are reported by the caller). */
export function trackerSettings(env: Readonly<Record<string, string | undefined>>): { settings: TrackerSettings; problems: string[] } {
  const problems: string[] = [];
  const num = (name: string, fallback: number, ok: (n: number) => boolean): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (ok(n)) return n;
    problems.push(`${name}=${JSON.stringify(raw)} is not valid; using ${fallback}`);
    return fallback;
  };
  return {
    settings: {
      contextTokens: num('TASK_ORCHESTRATOR_CLIENT_CONTEXT_TOKENS', DEFAULT_TRACKER.contextTokens, (n) => Number.isInteger(n) && n > 0),
      budgetPct: num('TASK_ORCHESTRATOR_TOOL_BUDGET_PCT', DEFAULT_TRACKER.budgetPct, (n) => n >= 0 && n <= 100),
    },
    problems,
  };
}

/** Resolves a `request_tool` category: known, unavailable (with why) or unknown (with the list). */
export function resolveCategory(name: string): { category: Category } | { error: string } {
  const key = name.trim().toLowerCase();
  if ((CATEGORIES as readonly string[]).includes(key)) return { category: key as Category };
  if (UNAVAILABLE[key]) return { error: `category "${name}" is not available: ${UNAVAILABLE[key]}` };
  return { error: `unknown category "${name}"; the categories are: ${CATEGORIES.join(', ')}` };
}
