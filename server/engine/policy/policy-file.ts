/**
 * Policy files: where they live, how they merge, and how custom rules match.
 *
 * Files: the user's `<stateDir>/policy.json` and the project's `<projectDir>/.task-orchestrator/policy.json`.
 * Merge order: built-in defaults ← user ← project. The project file sits in a repository the agent
 * may have just cloned, so it can only make the guard stricter unless the user file lists the project
 * in `trustedProjects` (see docs/policy.md § Anti-tamper).
 *
 * This module is on the hook's hot path and imports nothing heavy: the zod schema in
 * `policy-schema.ts` is loaded only when a policy file actually exists.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { PolicyFileData, ValidationResult } from './policy-schema.js';
import type { CustomRule, Policy, PolicyError } from './types.js';

export const DEFAULT_PROTECTED_BRANCHES: readonly string[] = [
  'main', 'master', 'production', 'prod', 'release', 'trunk', 'release/*',
];

/** Seconds a REQUIRES_APPROVAL call waits for a human when a decision surface is live. */
export const DEFAULT_APPROVAL_WAIT_SECONDS = 45;

/** The built-in policy: what applies when no policy file exists. */
export function defaultPolicy(): Policy {
  return {
    autoAllowSafe: true,
    protectedBranches: [...DEFAULT_PROTECTED_BRANCHES],
    protectedPaths: [],
    disabledRules: [],
    overrides: {},
    rules: [],
    approvalWaitSeconds: DEFAULT_APPROVAL_WAIT_SECONDS,
    approvalFallback: 'ask',
    gradeFeedback: 'block',
    gradingSchemas: [],
    immune: { enabled: true, threshold: null, sessionBriefing: true },
    alerting: null,
    budget: { sessionUsd: null, source: null },
    errors: [],
    sources: [],
  };
}

export const userPolicyPath = (stateDir: string): string => join(stateDir, 'policy.json');
export const projectPolicyPath = (projectDir: string): string =>
  join(projectDir, '.task-orchestrator', 'policy.json');

export interface LoadPolicyOptions {
  home: string;
  projectDir: string;
  stateDir: string;
  /** Returns the file's text, or undefined when it does not exist. May throw for other I/O errors. */
  readFile?: (path: string) => string | undefined;
}

/**
 * Load and merge the policy in force. Never throws: every problem becomes an entry of `errors`,
 * and a file with any validation error is ignored as a whole (its other settings do not apply).
 *
 * Async only because the zod schema is imported on demand; with no policy file it costs two
 * failed reads.
 *
 * @example
 *   const policy = await loadPolicy({ home, projectDir, stateDir });
 *   for (const e of policy.errors) console.error(`${e.file}: ${e.message}`);
 */
export async function loadPolicy(opts: LoadPolicyOptions): Promise<Policy> {
  const policy = defaultPolicy();
  const read = opts.readFile ?? readIfExists;
  const userFile = resolve(userPolicyPath(opts.stateDir));
  const projectFile = resolve(projectPolicyPath(opts.projectDir));

  let trustedProjects: string[] = [];
  const user = await loadFile(userFile, read, policy.errors);
  if (user) {
    applyFile(policy, user, userFile, opts.home, 'user', true);
    trustedProjects = (user.trustedProjects ?? []).map((g) => expandHome(g, opts.home));
  }
  // Claude started in the home directory: the project file *is* the user file; read it once.
  if (projectFile !== userFile) {
    const project = await loadFile(projectFile, read, policy.errors);
    if (project) {
      const dir = resolve(opts.projectDir);
      const trusted = trustedProjects.some((g) => matchesPathGlob(g, dir, { caseSensitive: true }));
      applyFile(policy, project, projectFile, opts.home, 'project', trusted, userFile);
    }
  }
  return policy;
}

function readIfExists(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw e;
  }
}

async function loadFile(
  file: string,
  read: (path: string) => string | undefined,
  errors: PolicyError[],
): Promise<PolicyFileData | null> {
  let text: string | undefined;
  try {
    text = read(file);
  } catch (e) {
    errors.push({ file, message: `cannot read the file: ${e instanceof Error ? e.message : String(e)}` });
    return null;
  }
  if (text === undefined) return null;
  let result: ValidationResult;
  try {
    result = (await import('./policy-schema.js')).validatePolicyText(text);
  } catch (e) {
    result = { ok: false, errors: [`cannot validate the file (installation problem?): ${e instanceof Error ? e.message : String(e)}`] };
  }
  if (result.ok) return result.value;
  for (const message of result.errors) errors.push({ file, message });
  errors.push({
    file,
    message: `file ignored: none of its settings apply until the ${result.errors.length === 1 ? 'error above is' : `${result.errors.length} errors above are`} fixed`,
  });
  return null;
}

/**
 * Fold one validated file into the policy. A user file applies as written; an untrusted project
 * file may only tighten: it cannot disable rules, re-categorise a rule to anything but BLOCKED,
 * add SAFE rules, turn auto-allow back on, or extend trust. Each refused entry is reported.
 */
function applyFile(
  policy: Policy,
  data: PolicyFileData,
  file: string,
  home: string,
  kind: 'user' | 'project',
  trusted: boolean,
  userFile?: string,
): void {
  const refuse = (place: string, what: string): void => {
    policy.errors.push({
      file,
      message:
        `${place}: ${what} ignored: a project policy can only make the guard stricter, so that a ` +
        `cloned repository cannot switch it off; to let this project loosen it, add its directory ` +
        `to "trustedProjects" in ${userFile ?? 'the user policy'}`,
    });
  };

  if (data.autoAllowSafe === false) policy.autoAllowSafe = false;
  else if (data.autoAllowSafe === true) {
    if (trusted) policy.autoAllowSafe = true;
    else if (!policy.autoAllowSafe) refuse('autoAllowSafe', 'true');
  }
  policy.protectedBranches = union(policy.protectedBranches, data.protectedBranches ?? []);
  policy.protectedPaths = union(policy.protectedPaths, (data.protectedPaths ?? []).map((g) => expandHome(g, home)));

  (data.disabledRules ?? []).forEach((id, i) => {
    if (trusted) policy.disabledRules = union(policy.disabledRules, [id]);
    else refuse(`disabledRules[${i}]`, JSON.stringify(id));
  });
  for (const [id, category] of Object.entries(data.overrides ?? {})) {
    if (trusted || category === 'BLOCKED') policy.overrides[id] = category;
    else refuse(`overrides[${JSON.stringify(id)}]`, JSON.stringify(category));
  }
  (data.rules ?? []).forEach((rule, i) => {
    if (!trusted && rule.category === 'SAFE') {
      refuse(`rules[${i}].category`, `"SAFE" (rule "${rule.id}")`);
      return;
    }
    policy.rules.push(rule.path === undefined ? { ...rule } : { ...rule, path: expandHome(rule.path, home) });
  });
  // Neither a shorter nor a longer wait is stricter, so only the user (or a trusted project) sets it.
  if (data.approvalWaitSeconds !== undefined) {
    if (trusted) policy.approvalWaitSeconds = data.approvalWaitSeconds;
    else refuse('approvalWaitSeconds', String(data.approvalWaitSeconds));
  }
  if (data.approvalFallback === 'deny') policy.approvalFallback = 'deny';
  else if (data.approvalFallback === 'ask') {
    if (trusted) policy.approvalFallback = 'ask';
    else if (policy.approvalFallback !== 'ask') refuse('approvalFallback', '"ask"');
  }
  // Grading feedback: "off" hides failures from Claude, so only the user (or a trusted project) turns it off.
  if (data.gradeFeedback !== undefined) {
    if (data.gradeFeedback !== 'off' || trusted) policy.gradeFeedback = data.gradeFeedback;
    else refuse('gradeFeedback', '"off"');
  }
  const base = kind === 'project' ? dirname(dirname(file)) : dirname(file);
  for (const g of data.gradingSchemas ?? []) {
    policy.gradingSchemas.push({ glob: expandHome(g.glob, home), schema: resolve(base, expandHome(g.schema, home)) });
  }
  if (data.immune !== undefined) {
    if (data.immune.enabled === false) policy.immune.enabled = false;
    else if (data.immune.enabled === true && (trusted || policy.immune.enabled)) policy.immune.enabled = true;
    if (data.immune.threshold !== undefined) policy.immune.threshold = data.immune.threshold;
    if (data.immune.sessionBriefing !== undefined) policy.immune.sessionBriefing = data.immune.sessionBriefing;
  }
  // A lower cap is stricter: an untrusted project may set or lower it, never raise it.
  const sessionUsd = data.budget?.sessionUsd;
  if (sessionUsd !== undefined) {
    const current = policy.budget?.sessionUsd ?? null;
    if (trusted || current === null || sessionUsd <= current) policy.budget = { sessionUsd, source: file };
    else refuse('budget.sessionUsd', String(sessionUsd));
  }
  // Where alerts are sent is the user's business: a cloned repository must not point webhooks elsewhere.
  if (data.alerting !== undefined) {
    if (kind === 'user') policy.alerting = data.alerting;
    else policy.errors.push({ file, message: `alerting: ignored: only the user policy${userFile ? ` (${userFile})` : ''} configures where alerts go` });
  }
  if (kind === 'project' && data.trustedProjects !== undefined) {
    policy.errors.push({
      file,
      message: `trustedProjects: ignored: only the user policy${userFile ? ` (${userFile})` : ''} can trust projects`,
    });
  }
  policy.sources.push(file);
}

function union(a: readonly string[], b: readonly string[]): string[] {
  return [...new Set([...a, ...b])];
}

// ---------------------------------------------------------------------------------------------
// Custom rules

export interface RuleSubject {
  tool: string;
  /** Bash: the command name after unwrapping (a path is reduced to its basename). */
  command?: string;
  /** Bash: the normalised segment "cmd arg1 arg2…". */
  segment?: string;
  /** File tools: the resolved absolute path. */
  path?: string;
}

const patternCache = new Map<string, RegExp | null>();

/**
 * The custom rules that match a subject, in policy order. Every field a rule sets must match:
 * `tool` (glob, default "Bash", case-insensitive), `command` (basename, case-insensitive),
 * `pattern` (regex, case-insensitive, over `segment`), `path` (path glob, see {@link matchesPathGlob}).
 *
 * @example
 *   matchCustomRules(policy.rules, { tool: 'Bash', command: 'terraform', segment: 'terraform destroy' })
 */
export function matchCustomRules(rules: CustomRule[], subject: RuleSubject): CustomRule[] {
  return rules.filter((rule) => {
    if (!matchesGlob(rule.tool ?? 'Bash', subject.tool, { caseInsensitive: true })) return false;
    if (rule.command !== undefined) {
      if (subject.command === undefined) return false;
      if (basename(rule.command).toLowerCase() !== basename(subject.command).toLowerCase()) return false;
    }
    if (rule.pattern !== undefined) {
      if (subject.segment === undefined) return false;
      let re = patternCache.get(rule.pattern);
      if (re === undefined) {
        re = safeRegExp(rule.pattern);
        patternCache.set(rule.pattern, re);
      }
      if (!re?.test(subject.segment)) return false;
    }
    if (rule.path !== undefined) {
      if (subject.path === undefined || !matchesPathGlob(rule.path, subject.path)) return false;
    }
    return true;
  });
}

function safeRegExp(source: string): RegExp | null {
  try {
    return new RegExp(source, 'i');
  } catch {
    return null; // validated at load; a hand-built CustomRule with a bad pattern simply never matches
  }
}

const basename = (p: string): string => p.slice(Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\')) + 1);

// ---------------------------------------------------------------------------------------------
// Globs: `*` any run of characters except `/`; `**` as a whole segment, any number of segments;
// `?` one character except `/`; `[abc]`, `[a-z]`, `[!x]` classes; `{a,b}` alternatives; `\` escapes.

export class GlobSyntaxError extends Error {}

const REGEX_SPECIAL = /[.*+?^${}()|[\]\\]/g;
const escapeRe = (s: string): string => s.replace(REGEX_SPECIAL, '\\$&');

/** Translate a glob to the body of a regular expression (unanchored). Throws GlobSyntaxError. */
export function globToRegExpSource(glob: string): string {
  if (glob === '') throw new GlobSyntaxError('is empty');
  let out = '';
  let braces = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] as string;
    if (c === '\\') {
      const next = glob[i + 1];
      if (next === undefined) throw new GlobSyntaxError('ends with a lone "\\"');
      out += escapeRe(next);
      i++;
    } else if (c === '*') {
      let j = i;
      while (glob[j] === '*') j++;
      const wholeSegment = j - i >= 2 && (i === 0 || glob[i - 1] === '/') && (j === glob.length || glob[j] === '/');
      if (!wholeSegment) out += '[^/]*';
      else if (glob[j] === '/') {
        out += '(?:.*/)?'; // "**/": zero or more directories
        j++;
      } else if (out.endsWith('/')) out = `${out.slice(0, -1)}(?:/.*)?`; // trailing "/**": the dir and all below
      else out += '.*';
      i = j - 1;
    } else if (c === '?') {
      out += '[^/]';
    } else if (c === '[') {
      const [cls, end] = readClass(glob, i);
      out += cls;
      i = end;
    } else if (c === '{') {
      braces++;
      out += '(?:';
    } else if (c === '}' && braces > 0) {
      braces--;
      out += ')';
    } else if (c === ',' && braces > 0) {
      out += '|';
    } else {
      out += escapeRe(c);
    }
  }
  if (braces > 0) throw new GlobSyntaxError('has an unclosed "{"');
  try {
    new RegExp(out);
  } catch {
    throw new GlobSyntaxError('is not a valid glob');
  }
  return out;
}

function readClass(glob: string, start: number): [string, number] {
  let i = start + 1;
  const negate = glob[i] === '!' || glob[i] === '^';
  if (negate) i++;
  let body = '';
  for (let first = true; i < glob.length; i++, first = false) {
    const c = glob[i] as string;
    if (c === ']' && !first) {
      try {
        new RegExp(`[${body}]`);
      } catch {
        throw new GlobSyntaxError(`has an invalid character class "${glob.slice(start, i + 1)}"`);
      }
      return [negate ? `[^/${body}]` : `[${body}]`, i];
    }
    if (c === '\\') {
      const next = glob[++i];
      if (next === undefined) break;
      body += classChar(next);
    } else body += c === '-' ? '-' : classChar(c);
  }
  throw new GlobSyntaxError('has an unclosed "["');
}

const classChar = (c: string): string => (/[\]\\^[-]/.test(c) ? `\\${c}` : c);

const globCache = new Map<string, RegExp>();

function compiled(key: string, build: () => string, flags: string): RegExp {
  let re = globCache.get(key);
  if (!re) {
    re = new RegExp(build(), flags);
    if (globCache.size > 500) globCache.clear();
    globCache.set(key, re);
  }
  return re;
}

/** Whole-string glob match (tool names, branch names). Throws GlobSyntaxError on a bad glob. */
export function matchesGlob(glob: string, text: string, opts: { caseInsensitive?: boolean } = {}): boolean {
  const flags = opts.caseInsensitive ? 'i' : '';
  return compiled(`g${flags}:${glob}`, () => `^${globToRegExpSource(glob)}$`, flags).test(text);
}

/**
 * Path glob match, gitignore-like: an absolute glob is anchored at `/`; a relative one (`*.pem`,
 * `secrets/*.key`) matches at any depth; a glob that matches a directory also matches everything
 * inside it. Case-insensitive unless asked (macOS and Windows file systems ignore case, and a
 * protected path must not be bypassed by `.ENV`). Pass `~`-expanded globs and absolute paths.
 */
export function matchesPathGlob(glob: string, path: string, opts: { caseSensitive?: boolean } = {}): boolean {
  const g = trimSlash(glob);
  const p = trimSlash(path.replace(/\\/g, '/'));
  const absolute = g.startsWith('/') || /^[A-Za-z]:\//.test(g);
  const flags = opts.caseSensitive ? '' : 'i';
  const build = () => `^${absolute ? '' : '(?:.*/)?'}${globToRegExpSource(g)}(?:/.*)?$`;
  return compiled(`p${flags}:${g}`, build, flags).test(p);
}

const trimSlash = (s: string): string => (s.length > 1 ? s.replace(/\/+$/, '') : s);

/** `~` and `~/…` → the home directory (escaped, so that its characters stay literal in a glob). */
export function expandHome(glob: string, home: string): string {
  if (glob !== '~' && !glob.startsWith('~/')) return glob;
  const h = home.replace(/\\/g, '/').replace(/[*?[\]{}\\,]/g, '\\$&');
  return h + glob.slice(1);
}
