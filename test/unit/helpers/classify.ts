/**
 * Spec helpers for the policy engine: one fixed place (the bench corpus's), the default policy,
 * and assertions that read like the policy they check (`await expectDenied('rm -rf ~', 'fs.rm.critical')`).
 * Every assertion names the command, the decision, the rule and the reason when it fails.
 */
import { FIXED_PLACE } from '../../bench/corpus.mjs';
import { expect } from 'vitest';
import { allRules, classify } from '../../../server/engine/policy/index.js';
import { defaultPolicy } from '../../../server/engine/policy/policy-file.js';
import type { Classification, ClassifyContext, Decision, Policy, ToolCall } from '../../../server/engine/policy/types.js';

/** The place every case is classified in: a project at ~/project, state in ~/.task-orchestrator. */
export const PLACE = FIXED_PLACE;

/** A classification context: the fixed place with the default policy, optionally patched. */
export function context(policy: Partial<Policy> = {}, place: Partial<Omit<ClassifyContext, 'policy'>> = {}): ClassifyContext {
  return { ...PLACE, tmpDirs: [...PLACE.tmpDirs], ...place, policy: { ...defaultPolicy(), ...policy } };
}

/** A policy patch applied on top of the defaults. */
export function withPolicy(patch: Partial<Policy>): ClassifyContext {
  return context(patch);
}

/** What a test passes: a Bash command line, or any tool call. */
export type Subject = string | ToolCall;

export const bash = (command: string): ToolCall => ({ tool_name: 'Bash', tool_input: { command } });

/** A file tool call (Read/Write/Edit/MultiEdit/NotebookEdit) on one path. */
export function fileTool(tool: string, path: string, extra: Record<string, unknown> = {}): ToolCall {
  const key = tool.startsWith('Notebook') ? 'notebook_path' : 'file_path';
  return { tool_name: tool, tool_input: { [key]: path, ...extra } };
}

const toCall = (s: Subject): ToolCall => (typeof s === 'string' ? bash(s) : s);
const label = (s: Subject): string => (typeof s === 'string' ? s : `${s.tool_name} ${JSON.stringify(s.tool_input)}`);

/** Classifies a command (or tool call) in the fixed place. */
export function run(subject: Subject, ctx: ClassifyContext = context()): Promise<Classification> {
  return classify(toCall(subject), ctx);
}

export async function decisionOf(subject: Subject, ctx?: ClassifyContext): Promise<Decision> {
  return (await run(subject, ctx)).decision;
}

/** One line that says everything about a classification, for failure messages. */
export function describeResult(subject: Subject, c: Classification): string {
  return `${label(subject)}\n  → ${c.decision} [${c.rule ?? '-'}] ${c.reason}\n  findings: ${c.findings.map((f) => `${f.rule}:${f.category}`).join(', ') || '(none)'}`;
}

/** A reason a human can read: a sentence, not an id, a template hole or an empty string. */
export function expectReadableReason(c: Classification, subject: Subject = ''): void {
  const msg = describeResult(subject, c);
  expect(c.reason, msg).toMatch(/^[A-Z`.a-z]/);
  expect(c.reason.length, msg).toBeGreaterThan(12);
  expect(c.reason, msg).not.toMatch(/\bundefined\b|\[object |\bNaN\b/);
  expect(c.reason, msg).not.toBe(c.rule);
}

/** A refusal that points to the safe way of doing it. */
export function expectSuggestsAlternative(c: Classification, pattern: RegExp = /\b(instead|use|prefer|consider|read|ask|run it yourself|name a narrower|take a backup|download it|open a pull request)\b/i): void {
  expect(c.reason, describeResult('', c)).toMatch(pattern);
}

function expectRule(c: Classification, subject: Subject, rule: string | RegExp | undefined): void {
  const msg = describeResult(subject, c);
  if (rule === undefined) expect(c.rule, msg).toEqual(expect.any(String));
  else if (typeof rule === 'string') expect(c.rule, msg).toBe(rule);
  else expect(c.rule ?? '', msg).toMatch(rule);
}

/** The built-in category of the deciding rule agrees with the decision (custom rules are not registered). */
function expectConsistent(c: Classification, subject: Subject, ctx: ClassifyContext): void {
  const spec = c.rule ? allRules().get(c.rule) : undefined;
  if (!spec || !c.category) return;
  expect(ctx.policy.overrides[c.rule!] ?? spec.category, describeResult(subject, c)).toBe(c.category);
}

async function expectDecision(subject: Subject, decision: Decision, rule: string | RegExp | undefined, ctx: ClassifyContext): Promise<Classification> {
  const c = await run(subject, ctx);
  expect(c.decision, describeResult(subject, c)).toBe(decision);
  expectRule(c, subject, rule);
  expectReadableReason(c, subject);
  expectConsistent(c, subject, ctx);
  return c;
}

/** BLOCKED → deny, by `rule` when given. */
export function expectDenied(subject: Subject, rule?: string | RegExp, ctx: ClassifyContext = context()): Promise<Classification> {
  return expectDecision(subject, 'deny', rule, ctx);
}

/** REQUIRES_APPROVAL → ask, by `rule` when given. */
export function expectAsks(subject: Subject, rule?: string | RegExp, ctx: ClassifyContext = context()): Promise<Classification> {
  return expectDecision(subject, 'ask', rule, ctx);
}

/** SAFE → allow (by the read-only rule unless another is named). */
export function expectAllowed(subject: Subject, rule: string | RegExp = 'safe.read-only', ctx: ClassifyContext = context()): Promise<Classification> {
  return expectDecision(subject, 'allow', rule, ctx);
}

/** No rule has an opinion: Claude Code's own permission mode applies. */
export async function expectNoOpinion(subject: Subject, ctx: ClassifyContext = context()): Promise<Classification> {
  const c = await run(subject, ctx);
  expect(c.decision, describeResult(subject, c)).toBe('none');
  return c;
}

/** Anything but a refusal (data, dry runs, routine work). */
export async function expectNoDeny(subject: Subject, ctx: ClassifyContext = context()): Promise<Classification> {
  const c = await run(subject, ctx);
  expect(c.decision, describeResult(subject, c)).not.toBe('deny');
  return c;
}

/** Neither refused nor held for approval: routine work that must not cost the user a click. */
export async function expectNoFriction(subject: Subject, ctx: ClassifyContext = context()): Promise<Classification> {
  const c = await run(subject, ctx);
  expect(['allow', 'none'], describeResult(subject, c)).toContain(c.decision);
  return c;
}

/** Never waved through: at least an approval (ask or deny), never allow or no opinion. */
export async function expectGuarded(subject: Subject, ctx: ClassifyContext = context()): Promise<Classification> {
  const c = await run(subject, ctx);
  expect(['ask', 'deny'], describeResult(subject, c)).toContain(c.decision);
  return c;
}

/** Not auto-allowed (ask, deny or no opinion are all acceptable). */
export async function expectNotAllowed(subject: Subject, ctx: ClassifyContext = context()): Promise<Classification> {
  const c = await run(subject, ctx);
  expect(c.decision, describeResult(subject, c)).not.toBe('allow');
  return c;
}
