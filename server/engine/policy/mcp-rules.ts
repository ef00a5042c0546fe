/**
 * MCP tool calls, classified by operation kind (delete, send, deploy, charge, migrate, execute).
 *
 * The kind comes from the tool name's verb, not from substrings: `get_deleted_items`,
 * `list_deployments` and `search_messages` are reads. Third-party reads get no opinion (we never
 * auto-allow someone else's tool); our own server's read-only tools are SAFE; our own server can
 * never decide an approval. Every rule's id, category and wording is data in the tables below.
 */
import type { Category, Finding } from './types.js';

export type OperationKind = 'delete' | 'send' | 'deploy' | 'charge' | 'migrate' | 'execute' | 'write';

interface KindRule {
  rule: string;
  category: Category;
  /** "<tool> <does> (operation kind: <kind>)". */
  does: string;
  /** Verbs that decide the kind wherever they appear (the first verb of the name wins). */
  verbs: readonly string[];
  /** Words that are also nouns ("email", "release"): they decide only when the name has no verb at all. */
  nouns: readonly string[];
}

export const MCP_KIND_RULES: Readonly<Record<OperationKind, KindRule>> = {
  delete: {
    rule: 'mcp.delete', category: 'REQUIRES_APPROVAL', does: 'deletes or removes data',
    verbs: ['delete', 'remove', 'destroy', 'drop', 'purge', 'truncate', 'wipe', 'erase', 'unlink', 'rm', 'del'],
    nouns: ['archive'],
  },
  send: {
    rule: 'mcp.send', category: 'REQUIRES_APPROVAL', does: 'sends a message on your behalf',
    verbs: ['send', 'notify', 'reply', 'broadcast', 'dm'],
    nouns: ['email', 'mail', 'message', 'sms', 'post', 'comment', 'invite', 'tweet'],
  },
  deploy: {
    rule: 'mcp.deploy', category: 'REQUIRES_APPROVAL', does: 'deploys, publishes or rolls back a release',
    verbs: ['deploy', 'redeploy', 'rollback', 'promote', 'publish', 'undeploy', 'push', 'provision'],
    nouns: ['release', 'deployment'],
  },
  charge: {
    rule: 'mcp.charge', category: 'REQUIRES_APPROVAL', does: 'may move money (charge, refund, payment, transfer)',
    verbs: ['charge', 'refund', 'pay', 'transfer', 'purchase', 'buy'],
    nouns: ['payment', 'payout', 'invoice', 'subscribe', 'checkout'],
  },
  migrate: {
    rule: 'mcp.migrate', category: 'REQUIRES_APPROVAL', does: 'changes a database schema',
    verbs: ['migrate', 'alter'],
    nouns: ['migration'],
  },
  // The original's APPROVAL_REQUIRED table lists file_write and database_write: writes by a third-party
  // tool happen outside Claude Code's own permission checks.
  write: {
    rule: 'mcp.write', category: 'REQUIRES_APPROVAL', does: 'writes files or records outside Claude Code’s own permission checks',
    verbs: ['write', 'overwrite'],
    nouns: [],
  },
  execute: {
    rule: 'mcp.execute', category: 'REQUIRES_APPROVAL', does: 'runs code or commands',
    verbs: ['execute', 'exec', 'eval', 'run_command', 'run_shell', 'run_script', 'run_code'],
    nouns: ['shell'],
  },
};

/** Verbs that make a name a read; they stop the search for an action verb. */
export const READ_VERBS: readonly string[] = [
  'get', 'list', 'search', 'read', 'describe', 'fetch', 'find', 'show', 'view', 'status', 'info',
  'query', 'lookup', 'count', 'inspect', 'browse', 'check', 'summary', 'stats', 'peek', 'preview',
];

/** Our own server's tools that only read: the original's SAFE list plus the other read-only tools. */
export const OWN_READ_ONLY_TOOLS: readonly string[] = [
  'tasks_list', 'inbox_status', 'cost_summary', 'healing_status', 'immune_status', 'federation_status',
  'sync_status', 'archetype_info', 'audit_status', 'alert_list', 'immune_dashboard', 'immune_failures',
  'predict_risk', 'list_workflows', 'immune_check',
];

/** Words that, in one of our own tools' names, mean deciding an approval. */
export const SELF_APPROVAL = {
  verbs: ['approve', 'deny', 'reject', 'decide', 'resolve', 'grant', 'allow', 'accept', 'dismiss', 'override', 'bypass', 'allowlist', 'whitelist'],
  /** …or an inbox word together with a mutating verb (`inbox_clear`, `mark_approved`). */
  nouns: ['inbox', 'approval', 'approvals', 'pending', 'request', 'requests', 'approved', 'denied', 'rejected'],
  mutating: ['set', 'update', 'clear', 'close', 'cancel', 'expire', 'mark', 'delete', 'remove', 'purge', 'complete', 'submit', 'answer', 'respond', 'reply', 'edit', 'patch'],
} as const;

export const OWN_RULES = {
  read: { rule: 'mcp.own-read', category: 'SAFE' as Category, reason: (t: string) => `${t} is a read-only Task Orchestrator tool` },
  selfApproval: {
    rule: 'mcp.self-approval',
    category: 'BLOCKED' as Category,
    reason: (t: string) =>
      `${t} would decide an approval from inside the agent; only a human decides approvals ` +
      `(in VS Code or with the task-orchestrator CLI in their own terminal), so ask the user instead`,
  },
};

/** The original classifier's BLOCKED patterns, verbatim (case-insensitive, over all string values). */
export const ORIGINAL_BLOCKED_PATTERNS: readonly string[] = [
  'rm\\s+-rf\\s+/',
  'DROP\\s+DATABASE',
  'DROP\\s+TABLE\\s+\\*',
  'git\\s+push\\s+.*--force\\s+.*main',
  'git\\s+push\\s+.*--force\\s+.*master',
  'format\\s+[cC]:',
  'DELETE\\s+FROM\\s+\\w+\\s+WHERE\\s+1\\s*=\\s*1',
  'TRUNCATE\\s+TABLE',
];
const PAYLOAD_RULE = 'mcp.payload.blocked-pattern';
const BLOCKED_RES = ORIGINAL_BLOCKED_PATTERNS.map((source) => new RegExp(source, 'i'));

/** Input keys whose string values are SQL or shell, for the lead's payload classifiers. */
export const SQL_PAYLOAD_KEYS: readonly string[] = ['sql', 'query', 'queries', 'statement', 'statements'];
export const SHELL_PAYLOAD_KEYS: readonly string[] = ['command', 'cmd', 'commands', 'script', 'shell'];

export interface McpToolName {
  /** The server segment as it appears in the tool name (`plugin_<plugin>_<server>` for plugin tools). */
  server: string;
  /** Plugin tools: the plugin and server names (first `_` split unless given the raw name). */
  plugin?: { plugin: string; server: string };
  tool: string;
  words: string[];
}

/**
 * Split an MCP tool name the way Claude Code does (`mcp__<server>__<tool>`, the tool may contain `__`).
 * `rawServerName` is PreToolUse's `mcp_server.name` (e.g. "plugin:guard-demo:guard", Claude Code ≥ 2.1.330).
 */
export function parseMcpToolName(toolName: string, rawServerName?: string): McpToolName | null {
  const [prefix, server, ...rest] = toolName.split('__');
  if (prefix !== 'mcp' || !server || rest.length === 0) return null;
  const tool = rest.join('__');
  const parsed: McpToolName = { server, tool, words: words(tool) };
  const raw = rawServerName?.match(/^plugin:([^:]+):(.+)$/);
  if (raw) parsed.plugin = { plugin: raw[1] as string, server: raw[2] as string };
  else {
    const m = server.match(/^plugin_([^_]+)_(.+)$/);
    if (m) parsed.plugin = { plugin: m[1] as string, server: m[2] as string };
  }
  return parsed;
}

/** Words of a tool name: split on `_`, `-`, `.`, spaces and camelCase; lower-cased. */
export function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

/** Claude Code's normalisation of a server name inside tool names. */
const normalise = (name: string): string => name.replace(/[^a-zA-Z0-9_-]/g, '_');

/** Is this our own server? Plugin tools count only when both plugin and server are ours. */
function isOwn(name: McpToolName, ownServerNames: readonly string[]): boolean {
  const own = new Set(ownServerNames.map(normalise));
  if (!name.server.startsWith('plugin_')) return own.has(name.server);
  if (name.plugin && own.has(normalise(name.plugin.plugin)) && own.has(normalise(name.plugin.server))) return true;
  // A plugin name containing "_" makes the split ambiguous: try every split point.
  const rest = name.server.slice('plugin_'.length);
  for (let i = rest.indexOf('_'); i > 0; i = rest.indexOf('_', i + 1)) {
    if (own.has(rest.slice(0, i)) && own.has(rest.slice(i + 1))) return true;
  }
  return false;
}

type VerbHit = { kind: OperationKind | 'read' };
const VERB = new Map<string, VerbHit>();
const NOUN = new Map<string, OperationKind>();
for (const [kind, def] of Object.entries(MCP_KIND_RULES) as [OperationKind, KindRule][]) {
  for (const v of def.verbs) VERB.set(v, { kind });
  for (const n of def.nouns) NOUN.set(n, kind);
}
for (const v of READ_VERBS) VERB.set(v, { kind: 'read' });

/**
 * The operation kind of a tool name: the first verb decides (two-word verbs such as `run_command`
 * first); a noun-verb ("email", "release") decides only if there is no verb; otherwise null.
 */
export function operationKind(toolWords: readonly string[]): OperationKind | 'read' | null {
  for (let i = 0; i < toolWords.length; i++) {
    const hit = VERB.get(`${toolWords[i]}_${toolWords[i + 1]}`) ?? VERB.get(toolWords[i] as string);
    if (hit) return hit.kind;
  }
  for (const w of toolWords) {
    const kind = NOUN.get(w);
    if (kind) return kind;
  }
  return null;
}

function decidesApproval(toolWords: readonly string[]): boolean {
  const has = (list: readonly string[]) => toolWords.some((w) => list.includes(w));
  return has(SELF_APPROVAL.verbs) || (has(SELF_APPROVAL.nouns) && has(SELF_APPROVAL.mutating));
}

export interface McpClassifyOptions {
  /** Names under which our own server is registered, e.g. ["task-orchestrator"]. */
  ownServerNames: string[];
  /** PreToolUse's `mcp_server.name` when Claude Code provides it (disambiguates plugin names). */
  mcpServerName?: string;
  /**
   * Findings about the input payload. Default: {@link originalPayloadFindings}. Replace it with the
   * SQL/shell classifiers (see {@link payloadStrings}); compose with the default to keep both.
   */
  payloadFindings?: (input: Record<string, unknown>, toolName: string) => Finding[];
}

/**
 * Classify one MCP tool call. Pure; returns [] for a non-MCP tool or a call it has no opinion on.
 *
 * @example
 *   classifyMcpTool('mcp__gmail__send_email', { to: 'a@b.c' }, { ownServerNames: ['task-orchestrator'] })
 *   // → [{ rule: 'mcp.send', category: 'REQUIRES_APPROVAL', reason: 'mcp__gmail__send_email sends a message…' }]
 */
export function classifyMcpTool(
  toolName: string,
  input: Record<string, unknown>,
  opts: McpClassifyOptions,
): Finding[] {
  const name = parseMcpToolName(toolName, opts.mcpServerName);
  if (!name) return [];
  const findings = (opts.payloadFindings ?? originalPayloadFindings)(input, toolName);
  const own = isOwn(name, opts.ownServerNames);
  const finding = (rule: string, category: Category, reason: string): Finding => ({ rule, category, reason, subject: toolName });

  if (own && decidesApproval(name.words)) {
    const r = OWN_RULES.selfApproval;
    findings.push(finding(r.rule, r.category, r.reason(toolName)));
    return findings;
  }
  const kind = operationKind(name.words);
  if (kind !== null && kind !== 'read') {
    const r = MCP_KIND_RULES[kind];
    findings.push(finding(r.rule, r.category, `${toolName} ${r.does} (operation kind: ${kind}); approve it if you meant to`));
  } else if (own && OWN_READ_ONLY_TOOLS.includes(name.tool)) {
    const r = OWN_RULES.read;
    findings.push(finding(r.rule, r.category, r.reason(toolName)));
  }
  return findings;
}

/** The original's BLOCKED patterns over every string value of the input (nested objects and arrays). */
export function originalPayloadFindings(input: Record<string, unknown>, toolName: string): Finding[] {
  const text = payloadStrings(input).join(' ');
  const findings: Finding[] = [];
  BLOCKED_RES.forEach((re, i) => {
    const m = re.exec(text);
    if (!m) return;
    const matched = m[0].length > 80 ? `${m[0].slice(0, 77)}...` : m[0];
    findings.push({
      rule: PAYLOAD_RULE,
      category: 'BLOCKED',
      reason: `${toolName} input contains "${matched}", which matches the blocked pattern /${ORIGINAL_BLOCKED_PATTERNS[i]}/i; run such an operation yourself if you really mean it`,
      subject: matched,
    });
  });
  return findings;
}

/**
 * String values of a payload, depth-first (objects and arrays; keys are not included). With `keys`,
 * only strings under one of those keys (case-insensitive), at any depth, e.g. {@link SQL_PAYLOAD_KEYS}.
 */
export function payloadStrings(value: unknown, keys?: readonly string[]): string[] {
  const out: string[] = [];
  const wanted = keys ? new Set(keys.map((k) => k.toLowerCase())) : null;
  const walk = (v: unknown, selected: boolean, depth: number): void => {
    if (depth > 64) return;
    if (typeof v === 'string') {
      if (selected) out.push(v);
    } else if (Array.isArray(v)) {
      for (const item of v) walk(item, selected, depth + 1);
    } else if (v !== null && typeof v === 'object') {
      for (const [k, item] of Object.entries(v)) walk(item, selected || (wanted?.has(k.toLowerCase()) ?? false), depth + 1);
    }
  };
  walk(value, wanted === null, 0);
  return out;
}
