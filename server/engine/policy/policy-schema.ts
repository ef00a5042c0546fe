/**
 * The policy file format: one zod schema, the single source of truth for run-time validation,
 * the `PolicyFileData` type and the JSON Schema in `schema/policy.schema.json`.
 *
 * Loaded on demand by `loadPolicy` (only when a policy file exists): importing zod costs ~20 ms.
 */
import { z } from 'zod/v4';
import { GlobSyntaxError, globToRegExpSource } from './policy-file.js';

const CATEGORIES = ['SAFE', 'REQUIRES_APPROVAL', 'BLOCKED'] as const;
const RULE_ID = /^[A-Za-z0-9][A-Za-z0-9._:/-]*$/;

/** A string that passes `problem` (which returns what is wrong, or null). */
function checked(problem: (value: string) => string | null) {
  return z.string().superRefine((value, ctx) => {
    const message = problem(value);
    if (message !== null) ctx.addIssue({ code: 'custom', message, input: value });
  });
}

const globProblem = (value: string): string | null => {
  try {
    globToRegExpSource(value);
    return null;
  } catch (e) {
    return e instanceof GlobSyntaxError ? `invalid glob: it ${e.message}` : 'invalid glob';
  }
};

const category = z
  .enum(CATEGORIES)
  .describe('SAFE = allow without asking, REQUIRES_APPROVAL = ask the human, BLOCKED = deny');
const glob = checked(globProblem);
const ruleId = z.string().regex(RULE_ID, 'must be a rule id (letters, digits, ".", "-", "_", ":", "/"; no spaces)');
const text = z.string().regex(/\S/, 'must not be empty');

const customRule = z
  .strictObject({
    id: ruleId.describe('Stable id shown in decisions, e.g. "team.terraform-destroy"'),
    category,
    reason: text.describe(
      'Sentence shown to Claude and the human; for BLOCKED, suggest the safe alternative',
    ),
    tool: glob.optional().describe('Tool-name glob, case-insensitive, e.g. "Bash", "mcp__github__*"; default "Bash"'),
    command: text
      .optional()
      .describe('Bash: command name after unwrapping sudo/env/sh -c, compared by basename, case-insensitive'),
    pattern: checked((v) => {
      try {
        new RegExp(v, 'i');
        return null;
      } catch (e) {
        return `invalid regular expression: ${(e as Error).message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, '')}`;
      }
    })
      .optional()
      .describe('Bash: JavaScript regex, case-insensitive, tested against the normalised segment "cmd arg1 arg2…"'),
    path: glob.optional().describe('File tools: path glob ("~/" = home; relative globs match at any depth)'),
  })
  .superRefine((rule, ctx) => {
    if (ctx.issues.length > 0) return; // a field already failed: its value is missing here
    if (rule.tool === undefined && rule.command === undefined && rule.pattern === undefined && rule.path === undefined) {
      ctx.addIssue({
        code: 'custom',
        message: 'needs at least one of "tool", "command", "pattern", "path" (a rule with none would match every Bash command)',
      });
    }
  });

export const policyFileSchema = z
  .strictObject({
    $schema: z.string().optional().describe('Path or URL of this JSON Schema, for editor completion'),
    version: z.literal(1).optional().describe('Format version (1)'),
    autoAllowSafe: z
      .boolean()
      .optional()
      .describe('true (default): SAFE operations run without asking; false: they get no opinion'),
    protectedBranches: z
      .array(glob)
      .optional()
      .describe('Extra branch globs where force-push/deletion is BLOCKED; added to the built-in list'),
    protectedPaths: z
      .array(glob)
      .optional()
      .describe('Extra path globs treated like secrets (reading and writing them is refused)'),
    disabledRules: z.array(ruleId).optional().describe('Built-in rule ids to switch off (user policy or trusted projects only)'),
    overrides: z
      .record(ruleId, category)
      .optional()
      .describe('Re-categorise built-in rules by id; an untrusted project may only raise to BLOCKED'),
    rules: z.array(customRule).optional().describe('Custom rules; every field a rule sets must match'),
    approvalWaitSeconds: z
      .number()
      .min(0)
      .max(600)
      .optional()
      .describe(
        'Seconds a REQUIRES_APPROVAL call waits for a human in a live inbox (VS Code, task-orchestrator inbox watch); default 45. A project policy may not set it unless trusted',
      ),
    approvalFallback: z
      .enum(['ask', 'deny'])
      .optional()
      .describe(
        'When no human decided in time: "ask" (default) hands the choice to Claude Code\'s own prompt, "deny" refuses. A project policy may only set "deny"',
      ),
    gradeFeedback: z
      .enum(['block', 'context', 'off'])
      .optional()
      .describe(
        'How a failed tool result is reported to Claude: "block" (default: the reason beside the tool result), "context" (added context), "off". A project policy may not set "off"',
      ),
    gradingSchemas: z
      .array(
        z.strictObject({
          glob: glob.describe('Path glob of JSON files Claude writes, e.g. "config/*.json"'),
          schema: text.describe('JSON Schema file to validate them against (relative to the policy\'s project, or absolute, or "~/")'),
        }),
      )
      .optional()
      .describe('JSON files Claude writes are validated against these JSON Schemas after each Write'),
    immune: z
      .strictObject({
        enabled: z.boolean().optional().describe('Warn before prompts that resemble past failures (default true)'),
        threshold: z.number().min(0).max(1).optional().describe('Risk at or above which a warning is shown (default: the matcher\'s tuned value)'),
        sessionBriefing: z.boolean().optional().describe('At session start, list the project\'s recurring failures (default true)'),
      })
      .optional()
      .describe('The immune system: warnings from remembered failures'),
    budget: z
      .strictObject({
        sessionUsd: z
          .number()
          .gt(0)
          .optional()
          .describe(
            'Claude Code\'s own spend per session, in USD, read from its transcript: once reached, the session\'s tool calls and prompts are refused until the cap is raised. TASK_ORCHESTRATOR_SESSION_CAP_USD wins. A project policy may only lower it unless trusted',
          ),
      })
      .optional()
      .describe('Spend limits'),
    alerting: z
      .record(z.string(), z.unknown())
      .optional()
      .describe('User policy only: where alerts go (console, webhooks, Slack) and the alert rules; docs/alerting.md'),
    trustedProjects: z
      .array(
        checked((v) => globProblem(v) ?? (v === '~' || v.startsWith('~/') || v.startsWith('/') ? null : 'must be an absolute path or start with "~/"')),
      )
      .optional()
      .describe('User policy only: project directories (globs) whose policy may loosen the guard'),
  })
  .superRefine((file, ctx) => {
    const seen = new Map<string, number>();
    file.rules?.forEach((rule, i) => {
      const first = seen.get(rule.id);
      if (first === undefined) seen.set(rule.id, i);
      else ctx.addIssue({ code: 'custom', path: ['rules', i, 'id'], message: `duplicate id (also rules[${first}].id)`, input: rule.id });
    });
  })
  .meta({ title: 'Task Orchestrator policy file', description: 'docs/policy.md describes every field.' });

export type PolicyFileData = z.infer<typeof policyFileSchema>;

export type ValidationResult = { ok: true; value: PolicyFileData } | { ok: false; errors: string[] };

/** Parse and validate a policy file's text. Messages name the place, the rule and the value received. */
export function validatePolicyText(text: string): ValidationResult {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    const detail = text.trim() === '' ? 'the file is empty' : atLineColumn((e as Error).message, text);
    return { ok: false, errors: [`invalid JSON: ${detail}`] };
  }
  const result = policyFileSchema.safeParse(data, { reportInput: true });
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, errors: result.error.issues.flatMap(formatIssue) };
}

/** "… at position 24" → "… at line 2, column 5" (V8 reports a character offset). */
function atLineColumn(message: string, text: string): string {
  return message.replace(/ at position (\d+)(?: \(line \d+ column \d+\))?/, (_, pos: string) => {
    const before = text.replace(/^\uFEFF/, '').slice(0, Number(pos)).split('\n');
    return ` at line ${before.length}, column ${(before.at(-1)?.length ?? 0) + 1}`;
  });
}

const TOP_KEYS = Object.keys(policyFileSchema.shape);
const RULE_KEYS = Object.keys(customRule.shape);

function formatIssue(issue: z.core.$ZodIssue): string[] {
  const place = placeOf(issue.path);
  const got = 'input' in issue && issue.input !== undefined ? `, got ${show(issue.input)}` : '';
  if ((issue.code === 'invalid_type' || issue.code === 'invalid_value') && issue.input === undefined) {
    return [`${place}: is required`];
  }
  switch (issue.code) {
    case 'invalid_type':
      return [`${place}: expected ${EXPECTED[issue.expected] ?? issue.expected}${got}`];
    case 'invalid_value':
      return [`${place}: expected ${issue.values.length === 1 ? show(issue.values[0]) : `one of ${issue.values.join(', ')}`}${got}`];
    case 'unrecognized_keys': {
      const allowed = issue.path.length === 0 ? TOP_KEYS : RULE_KEYS;
      return issue.keys.map((key) => {
        const hint = closest(key, allowed);
        const help = hint ? `did you mean "${hint}"?` : `allowed keys: ${allowed.join(', ')}`;
        return `${placeOf([...issue.path, key])}: unknown key; ${help}`;
      });
    }
    case 'invalid_key':
      return issue.issues.map((inner) => `${place}: the key ${inner.message}`);
    default:
      return [`${place}: ${issue.message}${got}`];
  }
}

const EXPECTED: Record<string, string> = {
  string: 'a string', boolean: 'true or false', array: 'an array', object: 'an object', record: 'an object', number: 'a number',
};

function placeOf(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(top level)';
  return path
    .map((k, i) => (typeof k === 'number' ? `[${k}]` : /^[A-Za-z_$][\w$]*$/.test(String(k)) ? `${i ? '.' : ''}${String(k)}` : `[${JSON.stringify(String(k))}]`))
    .join('');
}

function show(value: unknown): string {
  const text = value === undefined ? 'nothing' : JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** The allowed key within edit distance 3 of a misspelt one, if any. */
function closest(key: string, allowed: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 4;
  for (const candidate of allowed) {
    const d = distance(key.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return best;
}

function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length] ?? 0;
}

/** JSON Schema (draft 2020-12) of the policy file, generated from the zod schema. */
export function policyJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(policyFileSchema, { target: 'draft-2020-12', io: 'input' }) as Record<string, unknown>;
}

/** The exact text of `schema/policy.schema.json`. */
export function policyJsonSchemaText(): string {
  return `${JSON.stringify(policyJsonSchema(), null, 2)}\n`;
}
