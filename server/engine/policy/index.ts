/**
 * The policy engine's entry: classify one tool call into allow / ask / deny / none, with the rule
 * that decided and a trail that explains how. Pure apart from lazily loading the shell grammar.
 */
import { classifyFileTool, FILE_TOOLS } from './file-rules.js';
import { classifyMcpTool, originalPayloadFindings, payloadStrings, SHELL_PAYLOAD_KEYS, SQL_PAYLOAD_KEYS } from './mcp-rules.js';
import { sqlFindings } from './packs/database.js';
import { matchCustomRules } from './policy-file.js';
import { hit } from './rules.js';
import { analyzeShell } from './shell/analyze.js';
import type { ShellScope } from './shell/scope.js';
import { DECISION_OF, SEVERITY, type Classification, type ClassifyContext, type Finding, type ToolCall, type TraceStep } from './types.js';

export type * from './types.js';
export { allRules } from './rules.js';

/** Names our own MCP server is registered under (plain and plugin form). */
export const OWN_SERVER_NAMES = ['task-orchestrator'];

/**
 * Classify one tool call. Never throws for bad input: a command that cannot be analysed is an
 * approval, never a silent allow.
 *
 * @example
 *   const c = await classify({ tool_name: 'Bash', tool_input: { command: 'rm -rf ~' } }, ctx);
 *   c.decision // 'deny'; c.rule // 'fs.rm.critical'
 */
export async function classify(call: ToolCall, ctx: ClassifyContext): Promise<Classification> {
  const trail: TraceStep[] = [];
  const findings: Finding[] = [];
  const tool = call.tool_name;
  const input = call.tool_input ?? {};
  for (const e of ctx.policy.errors) trail.push({ step: 'policy', detail: `ignored ${e.file}: ${e.message}` });
  if (tool === 'Bash') {
    const command = typeof input.command === 'string' ? input.command : '';
    findings.push(...(await classifyShell(command, ctx, trail)));
  } else if (FILE_TOOLS.has(tool)) {
    findings.push(...classifyFileTool(tool, input, ctx));
    const path = String(input.file_path ?? input.notebook_path ?? '');
    for (const r of matchCustomRules(ctx.policy.rules, { tool, path })) findings.push({ rule: r.id, category: r.category, reason: r.reason, subject: path });
  } else if (tool.startsWith('mcp__')) {
    findings.push(...classifyMcpTool(tool, input, { ownServerNames: OWN_SERVER_NAMES, payloadFindings: (i, t) => mcpPayloadFindings(i, t, ctx, trail) }));
    for (const r of matchCustomRules(ctx.policy.rules, { tool })) findings.push({ rule: r.id, category: r.category, reason: r.reason, subject: tool });
    await shellPayloads(input, ctx, trail, findings);
  } else {
    for (const r of matchCustomRules(ctx.policy.rules, { tool })) findings.push({ rule: r.id, category: r.category, reason: r.reason, subject: tool });
  }
  return decide(findings, trail, ctx);
}

async function classifyShell(command: string, ctx: ClassifyContext, trail: TraceStep[]): Promise<Finding[]> {
  const s: ShellScope = { ctx, findings: [], trail, nested: [], depth: 0, remote: null, readOnly: true, downloaded: new Set() };
  if (!command.trim()) return [];
  try {
    await analyzeShell(command, s);
  } catch (err) {
    trail.push({ step: 'error', detail: `analysis failed: ${(err as Error).message}` });
    const f = hit(ctx.policy, 'shell.unparsed', command.slice(0, 200), (err as Error).message);
    if (f) s.findings.push(f);
  }
  // Rules with only a pattern also see the whole command line (per-command matching is in the analysis).
  for (const r of matchCustomRules(ctx.policy.rules.filter((x) => !x.command), { tool: 'Bash', segment: command.trim().replace(/\s+/g, ' ') })) {
    if (!s.findings.some((f) => f.rule === r.id)) s.findings.push({ rule: r.id, category: r.category, reason: r.reason, subject: command });
  }
  if (!s.findings.length && s.readOnly) {
    const f = hit(ctx.policy, 'safe.read-only', command.slice(0, 200));
    if (f) s.findings.push(f);
  }
  return s.findings;
}

function mcpPayloadFindings(input: Record<string, unknown>, tool: string, ctx: ClassifyContext, trail: TraceStep[]): Finding[] {
  const out = originalPayloadFindings(input, tool);
  for (const sql of payloadStrings(input, SQL_PAYLOAD_KEYS)) {
    for (const id of new Set(sqlFindings(sql))) {
      const f = hit(ctx.policy, id, `${tool}: ${sql.slice(0, 120)}`);
      if (f) out.push(f);
    }
  }
  if (out.length) trail.push({ step: 'payload', detail: `${out.length} finding(s) in the payload of ${tool}` });
  return out;
}

/** Shell commands in an MCP payload: strings under command-like keys, and arrays there read as argv. */
function payloadCommands(input: Record<string, unknown>): string[] {
  const out = payloadStrings(input, SHELL_PAYLOAD_KEYS);
  const quote = (x: string) => (/^[\w@%+=:,./-]+$/.test(x) ? x : `'${x.replace(/'/g, `'\\''`)}'`);
  for (const [k, v] of Object.entries(input)) {
    if (SHELL_PAYLOAD_KEYS.includes(k.toLowerCase()) && Array.isArray(v) && v.every((x) => typeof x === 'string')) out.push(v.map(quote).join(' '));
  }
  return out;
}

async function shellPayloads(input: Record<string, unknown>, ctx: ClassifyContext, trail: TraceStep[], findings: Finding[]): Promise<void> {
  for (const cmd of payloadCommands(input).slice(0, 8)) {
    for (const f of await classifyShell(cmd, ctx, trail)) if (f.category !== 'SAFE') findings.push(f);
  }
}

function decide(findings: Finding[], trail: TraceStep[], ctx: ClassifyContext): Classification {
  const sorted = [...findings].sort((a, b) => SEVERITY[b.category] - SEVERITY[a.category]);
  const top = sorted[0];
  if (!top) {
    trail.push({ step: 'decision', detail: 'no rule matched: Claude Code’s own permissions apply' });
    return { decision: 'none', category: null, rule: null, reason: 'No rule matched', findings: [], trail };
  }
  if (top.category === 'SAFE' && !ctx.policy.autoAllowSafe) {
    trail.push({ step: 'decision', detail: 'SAFE, but autoAllowSafe is off: no opinion' });
    return { decision: 'none', category: 'SAFE', rule: top.rule, reason: top.reason, findings: sorted, trail };
  }
  const decision = DECISION_OF[top.category];
  trail.push({ step: 'decision', detail: `${decision} by [${top.rule}]` });
  const reason = top.subject ? `${top.reason} — ${clipSubject(top.subject)}` : top.reason;
  return { decision, category: top.category, rule: top.rule, reason, findings: sorted, trail };
}

function clipSubject(s: string): string {
  const one = s.replace(/\s+/g, ' ');
  return one.length > 200 ? one.slice(0, 199) + '…' : one;
}
