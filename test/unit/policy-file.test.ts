import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test, vi } from 'vitest';
import {
  GlobSyntaxError,
  defaultPolicy,
  globToRegExpSource,
  loadPolicy,
  matchCustomRules,
  matchesGlob,
  matchesPathGlob,
} from '../../server/engine/policy/policy-file.js';
import { policyJsonSchemaText, validatePolicyText } from '../../server/engine/policy/policy-schema.js';
import type { CustomRule, Policy } from '../../server/engine/policy/types.js';

const repoRoot = join(import.meta.dirname, '..', '..');
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

interface Setup {
  home: string;
  stateDir: string;
  projectDir: string;
  userFile: string;
  projectFile: string;
}

/** A scratch home with `~/.task-orchestrator` and a project; files are written only when given. */
function setup(files: { user?: unknown; project?: unknown } = {}): Setup {
  const home = mkdtempSync(join(tmpdir(), 'policy-test-'));
  dirs.push(home);
  const stateDir = join(home, '.task-orchestrator');
  const projectDir = join(home, 'src', 'repo');
  const s = { home, stateDir, projectDir, userFile: join(stateDir, 'policy.json'), projectFile: join(projectDir, '.task-orchestrator', 'policy.json') };
  if (files.user !== undefined) write(s.userFile, files.user);
  if (files.project !== undefined) write(s.projectFile, files.project);
  return s;
}

function write(file: string, content: unknown): void {
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
}

const load = (s: Setup): Promise<Policy> => loadPolicy({ home: s.home, stateDir: s.stateDir, projectDir: s.projectDir });
const messages = (p: Policy, file?: string): string[] => p.errors.filter((e) => !file || e.file === file).map((e) => e.message);

describe('defaults', () => {
  test('with no policy file the built-in policy applies and nothing is reported', async () => {
    const s = setup();
    expect(await load(s)).toEqual(defaultPolicy());
  });

  test('main, master, production, prod, release, trunk and release/* are protected by default', () => {
    expect(defaultPolicy().protectedBranches).toEqual(['main', 'master', 'production', 'prod', 'release', 'trunk', 'release/*']);
    expect(defaultPolicy().autoAllowSafe).toBe(true);
  });

  test('each call returns a fresh policy that callers may mutate', () => {
    defaultPolicy().protectedBranches.push('x');
    expect(defaultPolicy().protectedBranches).not.toContain('x');
  });

  test('loading with no policy file never loads the zod schema module', async () => {
    vi.resetModules();
    vi.doMock('../../server/engine/policy/policy-schema.js', () => {
      throw new Error('schema module loaded');
    });
    try {
      const fresh = await import('../../server/engine/policy/policy-file.js');
      const policy = await fresh.loadPolicy({ home: '/h', stateDir: '/h/.task-orchestrator', projectDir: '/p', readFile: () => undefined });
      expect(policy.errors).toEqual([]);
      // …and when a file exists but the schema module cannot load, that is reported, not thrown.
      const broken = await fresh.loadPolicy({ home: '/h', stateDir: '/h/.task-orchestrator', projectDir: '/h', readFile: () => '{}' });
      expect(broken.errors[0]?.message).toMatch(/^cannot validate the file \(installation problem\?\): /);
      expect(broken.sources).toEqual([]);
    } finally {
      vi.doUnmock('../../server/engine/policy/policy-schema.js');
      vi.resetModules();
    }
  });
});

describe('loading a file', () => {
  test('a valid user file is applied and listed in sources', async () => {
    const s = setup({ user: { $schema: './policy.schema.json', version: 1, autoAllowSafe: false, protectedBranches: ['staging'] } });
    const p = await load(s);
    expect(p.errors).toEqual([]);
    expect(p.sources).toEqual([s.userFile]);
    expect(p.autoAllowSafe).toBe(false);
    expect(p.protectedBranches).toContain('staging');
  });

  test('invalid JSON is reported with the file, and the file is ignored', async () => {
    const s = setup({ user: '{\n  "autoAllowSafe": false,\n}' });
    const p = await load(s);
    expect(p.errors[0]?.file).toBe(s.userFile);
    expect(p.errors[0]?.message).toMatch(/^invalid JSON: .* at line 3, column 1$/);
    expect(p.errors[1]?.message).toBe('file ignored: none of its settings apply until the error above is fixed');
    expect(p.autoAllowSafe).toBe(true);
    expect(p.sources).toEqual([]);
  });

  test('an empty file is reported as empty', async () => {
    const p = await load(setup({ user: '  \n' }));
    expect(messages(p)[0]).toBe('invalid JSON: the file is empty');
  });

  test('a byte-order mark is accepted', async () => {
    const p = await load(setup({ user: '\uFEFF{"version": 1}' }));
    expect(p.errors).toEqual([]);
  });

  test('a wrong enum value names the place, the allowed values and the value received', async () => {
    const p = await load(setup({ user: { rules: [{ id: 'x', category: 'NOPE', reason: 'r', command: 'terraform' }] } }));
    expect(messages(p)[0]).toBe('rules[0].category: expected one of SAFE, REQUIRES_APPROVAL, BLOCKED, got "NOPE"');
  });

  test('wrong types name the place and the value received', () => {
    const r = validatePolicyText(JSON.stringify({ autoAllowSafe: 'yes', protectedBranches: 'main', rules: [{ id: 'x', category: 'SAFE', reason: 'r', pattern: 42 }] }));
    expect(r).toEqual({
      ok: false,
      errors: [
        'autoAllowSafe: expected true or false, got "yes"',
        'protectedBranches: expected an array, got "main"',
        'rules[0].pattern: expected a string, got 42',
      ],
    });
  });

  test('a missing required field is reported as required', () => {
    const r = validatePolicyText(JSON.stringify({ rules: [{ id: 'x', command: 'terraform' }] }));
    expect(r.ok || r.errors).toEqual(['rules[0].category: is required', 'rules[0].reason: is required']);
  });

  test('a top level that is not an object is reported', () => {
    const r = validatePolicyText('[]');
    expect(r.ok || r.errors).toEqual(['(top level): expected an object, got []']);
  });

  test('an unknown key is an error, with a suggestion when it looks like a typo', async () => {
    const p = await load(setup({ user: { protectedBranch: ['dev'], colour: 'red', rules: [{ id: 'a', category: 'BLOCKED', reason: 'r', tol: 'Bash' }] } }));
    expect(messages(p)).toContain('protectedBranch: unknown key; did you mean "protectedBranches"?');
    expect(messages(p)).toContain('rules[0].tol: unknown key; did you mean "tool"?');
    expect(messages(p).find((m) => m.startsWith('colour:'))).toMatch(/^colour: unknown key; allowed keys: \$schema, version, /);
    expect(p.protectedBranches).not.toContain('dev');
  });

  test('a bad regex in a rule pattern is reported with the regex error and the pattern', async () => {
    const p = await load(setup({ user: { rules: [{ id: 'a', category: 'BLOCKED', reason: 'r', pattern: '(foo' }] } }));
    expect(messages(p)[0]).toBe('rules[0].pattern: invalid regular expression: Unterminated group, got "(foo"');
    expect(p.rules).toEqual([]);
  });

  test('an invalid glob is reported', () => {
    const r = validatePolicyText(JSON.stringify({ protectedPaths: ['secrets/[ab'], rules: [{ id: 'a', category: 'BLOCKED', reason: 'r', tool: 'mcp__{a,b' }] }));
    expect(r.ok || r.errors).toEqual([
      'protectedPaths[0]: invalid glob: it has an unclosed "[", got "secrets/[ab"',
      'rules[0].tool: invalid glob: it has an unclosed "{", got "mcp__{a,b"',
    ]);
  });

  test('a rule with nothing to match on is rejected, so it cannot match every Bash command', () => {
    const r = validatePolicyText(JSON.stringify({ rules: [{ id: 'a', category: 'SAFE', reason: 'r' }] }));
    expect(r.ok || r.errors[0]).toMatch(/^rules\[0\]: needs at least one of "tool", "command", "pattern", "path"/);
  });

  test('duplicate rule ids in one file are rejected', () => {
    const rule = { id: 'a', category: 'BLOCKED', reason: 'r', command: 'x' };
    const r = validatePolicyText(JSON.stringify({ rules: [rule, rule] }));
    expect(r.ok || r.errors).toEqual(['rules[1].id: duplicate id (also rules[0].id), got "a"']);
  });

  test('rule ids with spaces and empty reasons are rejected', () => {
    const r = validatePolicyText(JSON.stringify({ disabledRules: ['git push'], overrides: { 'a b': 'SAFE' }, rules: [{ id: 'a', category: 'BLOCKED', reason: ' ', command: 'x' }] }));
    expect(r.ok || r.errors).toEqual([
      'disabledRules[0]: must be a rule id (letters, digits, ".", "-", "_", ":", "/"; no spaces), got "git push"',
      'overrides["a b"]: the key must be a rule id (letters, digits, ".", "-", "_", ":", "/"; no spaces)',
      'rules[0].reason: must not be empty, got " "',
    ]);
  });

  test('a version other than 1 is rejected', () => {
    expect(validatePolicyText('{"version": 2}')).toEqual({ ok: false, errors: ['version: expected 1, got 2'] });
  });

  test('trustedProjects entries must be absolute', () => {
    const r = validatePolicyText(JSON.stringify({ trustedProjects: ['repo', '/srv/*', '~/src'] }));
    expect(r.ok || r.errors).toEqual(['trustedProjects[0]: must be an absolute path or start with "~/", got "repo"']);
  });

  test('a file that exists but cannot be read is reported, not thrown', async () => {
    const s = setup();
    mkdirSync(s.userFile, { recursive: true }); // a directory where the file should be: EISDIR
    const p = await load(s);
    expect(p.errors).toHaveLength(1);
    expect(p.errors[0]?.file).toBe(s.userFile);
    expect(p.errors[0]?.message).toMatch(/^cannot read the file: EISDIR/);
  });

  test('an injected reader that throws is reported, not thrown', async () => {
    const p = await loadPolicy({
      home: '/h', stateDir: '/h/.task-orchestrator', projectDir: '/p',
      readFile: () => {
        throw new Error('EACCES: permission denied');
      },
    });
    expect(p.errors.map((e) => e.message)).toEqual(['cannot read the file: EACCES: permission denied', 'cannot read the file: EACCES: permission denied']);
  });

  test('an injected reader is asked for the user file, then the project file', async () => {
    const asked: string[] = [];
    const p = await loadPolicy({
      home: '/h', stateDir: '/h/.task-orchestrator', projectDir: '/p',
      readFile: (path) => {
        asked.push(path);
        return path.startsWith('/p/') ? '{"protectedBranches": ["dev"]}' : undefined;
      },
    });
    expect(asked).toEqual(['/h/.task-orchestrator/policy.json', '/p/.task-orchestrator/policy.json']);
    expect(p.protectedBranches).toContain('dev');
  });

  test('a broken user file does not stop the project file from applying', async () => {
    const s = setup({ user: '{', project: { protectedBranches: ['dev'] } });
    const p = await load(s);
    expect(p.errors.every((e) => e.file === s.userFile)).toBe(true);
    expect(p.sources).toEqual([s.projectFile]);
    expect(p.protectedBranches).toContain('dev');
  });

  test('a broken project file is ignored as a whole and the user file stays in force', async () => {
    const s = setup({ user: { protectedBranches: ['staging'] }, project: { protectedBranches: ['dev'], rules: [{ id: 'x' }] } });
    const p = await load(s);
    expect(p.protectedBranches).toContain('staging');
    expect(p.protectedBranches).not.toContain('dev');
    expect(messages(p, s.projectFile).at(-1)).toBe('file ignored: none of its settings apply until the 2 errors above are fixed');
    expect(p.sources).toEqual([s.userFile]);
  });
});

describe('merging defaults, user and project', () => {
  const rule = (id: string, extra: Partial<CustomRule> = {}) => ({ id, category: 'BLOCKED', reason: `${id} reason`, command: id, ...extra });

  test('branches and paths are unioned in order: defaults, user, project', async () => {
    const s = setup({
      user: { protectedBranches: ['staging', 'main'], protectedPaths: ['*.pem'] },
      project: { protectedBranches: ['dev', 'staging'], protectedPaths: ['secrets/**'] },
    });
    const p = await load(s);
    expect(p.protectedBranches).toEqual(['main', 'master', 'production', 'prod', 'release', 'trunk', 'release/*', 'staging', 'dev']);
    expect(p.protectedPaths).toEqual(['*.pem', 'secrets/**']);
    expect(p.sources).toEqual([s.userFile, s.projectFile]);
  });

  test('rules are concatenated, user rules first', async () => {
    const p = await load(setup({ user: { rules: [rule('u1'), rule('u2')] }, project: { rules: [rule('p1')] } }));
    expect(p.rules.map((r) => r.id)).toEqual(['u1', 'u2', 'p1']);
  });

  test('the user file may disable rules and override them in any direction', async () => {
    const p = await load(setup({ user: { disabledRules: ['git.reset.hard'], overrides: { 'rm.root': 'SAFE', 'npm.publish': 'BLOCKED' } } }));
    expect(p.errors).toEqual([]);
    expect(p.disabledRules).toEqual(['git.reset.hard']);
    expect(p.overrides).toEqual({ 'rm.root': 'SAFE', 'npm.publish': 'BLOCKED' });
  });

  test('a project override to BLOCKED applies on top of the user override', async () => {
    const p = await load(setup({ user: { overrides: { 'npm.publish': 'SAFE', 'git.push': 'REQUIRES_APPROVAL' } }, project: { overrides: { 'npm.publish': 'BLOCKED' } } }));
    expect(p.overrides).toEqual({ 'npm.publish': 'BLOCKED', 'git.push': 'REQUIRES_APPROVAL' });
    expect(p.errors).toEqual([]);
  });

  test('~/ in protected paths and rule paths becomes the home directory', async () => {
    const s = setup({ user: { protectedPaths: ['~/.aws', '~'], rules: [rule('w', { tool: 'Write', path: '~/notes/**' })] } });
    const p = await load(s);
    expect(p.protectedPaths).toEqual([`${s.home}/.aws`, s.home]);
    expect(p.rules[0]?.path).toBe(`${s.home}/notes/**`);
  });

  test('when the project directory is the home directory, the shared file is read once as the user file', async () => {
    const s = setup({ user: { disabledRules: ['git.reset.hard'] } });
    const p = await loadPolicy({ home: s.home, stateDir: s.stateDir, projectDir: s.home });
    expect(p.errors).toEqual([]);
    expect(p.sources).toEqual([s.userFile]);
    expect(p.disabledRules).toEqual(['git.reset.hard']);
  });
});

describe('anti-tamper: an untrusted project policy can only tighten', () => {
  test('it cannot disable a rule; the entry is reported and the rest of the file applies', async () => {
    const s = setup({ project: { disabledRules: ['rm.root'], protectedBranches: ['dev'] } });
    const p = await load(s);
    expect(p.disabledRules).toEqual([]);
    expect(p.protectedBranches).toContain('dev');
    expect(p.sources).toEqual([s.projectFile]);
    expect(p.errors).toEqual([
      {
        file: s.projectFile,
        message: `disabledRules[0]: "rm.root" ignored: a project policy can only make the guard stricter, so that a cloned repository cannot switch it off; to let this project loosen it, add its directory to "trustedProjects" in ${s.userFile}`,
      },
    ]);
  });

  test('it cannot override a rule to SAFE or REQUIRES_APPROVAL, only to BLOCKED', async () => {
    const s = setup({ project: { overrides: { 'rm.root': 'SAFE', 'git.push.force-protected': 'REQUIRES_APPROVAL', 'npm.publish': 'BLOCKED' } } });
    const p = await load(s);
    expect(p.overrides).toEqual({ 'npm.publish': 'BLOCKED' });
    expect(messages(p).map((m) => m.split(' ignored')[0])).toEqual(['overrides["rm.root"]: "SAFE"', 'overrides["git.push.force-protected"]: "REQUIRES_APPROVAL"']);
  });

  test('it cannot add SAFE rules, but its REQUIRES_APPROVAL and BLOCKED rules apply', async () => {
    const p = await load(setup({
      project: {
        rules: [
          { id: 'allow-all', category: 'SAFE', reason: 'trust me', tool: '*' },
          { id: 'ask-deploy', category: 'REQUIRES_APPROVAL', reason: 'deploys', command: 'deploy.sh' },
        ],
      },
    }));
    expect(p.rules.map((r) => r.id)).toEqual(['ask-deploy']);
    expect(messages(p)[0]).toMatch(/^rules\[0\]\.category: "SAFE" \(rule "allow-all"\) ignored: /);
  });

  test('it can turn auto-allow off but not back on', async () => {
    expect((await load(setup({ project: { autoAllowSafe: false } }))).autoAllowSafe).toBe(false);
    const p = await load(setup({ user: { autoAllowSafe: false }, project: { autoAllowSafe: true } }));
    expect(p.autoAllowSafe).toBe(false);
    expect(messages(p)[0]).toMatch(/^autoAllowSafe: true ignored: /);
  });

  test('it cannot trust itself', async () => {
    const s = setup({ project: { trustedProjects: ['/'], disabledRules: ['rm.root'] } });
    const p = await load(s);
    expect(p.disabledRules).toEqual([]);
    expect(messages(p)).toContain(`trustedProjects: ignored: only the user policy (${s.userFile}) can trust projects`);
  });

  test('a project listed in the user file\'s trustedProjects may loosen the guard', async () => {
    const p = await load(setup({
      user: { trustedProjects: ['~/src/*'], autoAllowSafe: false },
      project: { disabledRules: ['rm.root'], overrides: { 'npm.publish': 'SAFE' }, autoAllowSafe: true, rules: [{ id: 's', category: 'SAFE', reason: 'ok', command: 'make' }] },
    }));
    expect(p.errors).toEqual([]);
    expect(p.disabledRules).toEqual(['rm.root']);
    expect(p.overrides).toEqual({ 'npm.publish': 'SAFE' });
    expect(p.autoAllowSafe).toBe(true);
    expect(p.rules.map((r) => r.id)).toEqual(['s']);
  });

  test('trust is by directory: another project is not trusted, a sub-directory is', async () => {
    const s = setup({ user: { trustedProjects: ['~/src/other'] }, project: { disabledRules: ['rm.root'] } });
    expect((await load(s)).disabledRules).toEqual([]);
    const sub = setup({ user: { trustedProjects: ['~/src'] }, project: { disabledRules: ['rm.root'] } });
    expect((await load(sub)).disabledRules).toEqual(['rm.root']);
  });
});

describe('custom rule matching', () => {
  const rules: CustomRule[] = [
    { id: 'tf', category: 'BLOCKED', reason: 'r', command: 'terraform', pattern: '\\bdestroy\\b' },
    { id: 'make', category: 'SAFE', reason: 'r', command: 'make' },
    { id: 'gh', category: 'REQUIRES_APPROVAL', reason: 'r', tool: 'mcp__github__merge_*' },
    { id: 'docs', category: 'SAFE', reason: 'r', tool: 'Write', path: 'docs/api/**' },
  ];
  const ids = (subject: Parameters<typeof matchCustomRules>[1]) => matchCustomRules(rules, subject).map((r) => r.id);

  test('a rule without a tool applies to Bash only', () => {
    expect(ids({ tool: 'Bash', command: 'make', segment: 'make test' })).toEqual(['make']);
    expect(ids({ tool: 'Write', command: 'make', segment: 'make test' })).toEqual([]);
  });

  test('the command is compared by basename, ignoring case', () => {
    expect(ids({ tool: 'Bash', command: '/usr/local/bin/Terraform', segment: 'terraform destroy -auto-approve' })).toEqual(['tf']);
  });

  test('every field a rule sets must match', () => {
    expect(ids({ tool: 'Bash', command: 'terraform', segment: 'terraform plan' })).toEqual([]);
    expect(ids({ tool: 'Bash', command: 'echo', segment: 'echo terraform destroy' })).toEqual([]);
    expect(ids({ tool: 'Bash', command: 'terraform' })).toEqual([]);
  });

  test('the pattern ignores case', () => {
    expect(ids({ tool: 'Bash', command: 'terraform', segment: 'terraform DESTROY' })).toEqual(['tf']);
  });

  test('tool globs match MCP tools', () => {
    expect(ids({ tool: 'mcp__github__merge_pull_request' })).toEqual(['gh']);
    expect(ids({ tool: 'mcp__github__list_pulls' })).toEqual([]);
  });

  test('path globs match the resolved path at any depth', () => {
    expect(ids({ tool: 'Write', path: '/repo/docs/api/v1/index.md' })).toEqual(['docs']);
    expect(ids({ tool: 'Write', path: '/repo/docs/guide.md' })).toEqual([]);
    expect(ids({ tool: 'Write' })).toEqual([]);
  });

  test('a hand-built rule with an invalid pattern never matches and never throws', () => {
    expect(matchCustomRules([{ id: 'x', category: 'BLOCKED', reason: 'r', pattern: '(' }], { tool: 'Bash', segment: '(' })).toEqual([]);
  });
});

describe('globs', () => {
  test('* stays within a path segment, ** crosses segments', () => {
    expect(matchesGlob('release/*', 'release/1.2')).toBe(true);
    expect(matchesGlob('release/*', 'release/1/2')).toBe(false);
    expect(matchesGlob('a/**/b', 'a/b')).toBe(true);
    expect(matchesGlob('a/**/b', 'a/x/y/b')).toBe(true);
    expect(matchesGlob('a/**', 'a/x/y')).toBe(true);
    expect(matchesGlob('**', 'x/y')).toBe(true);
    expect(matchesGlob('a**', 'ab/c')).toBe(false);
  });

  test('?, classes, braces and escapes', () => {
    expect(matchesGlob('v?', 'v1')).toBe(true);
    expect(matchesGlob('v?', 'v/')).toBe(false);
    expect(matchesGlob('[abc]x', 'bx')).toBe(true);
    expect(matchesGlob('[!abc]x', 'bx')).toBe(false);
    expect(matchesGlob('[a-c]x', 'cx')).toBe(true);
    expect(matchesGlob('*.{pem,key}', 'id.key')).toBe(true);
    expect(matchesGlob('*.{pem,key}', 'id.pub')).toBe(false);
    expect(matchesGlob('a\\*b', 'a*b')).toBe(true);
    expect(matchesGlob('a\\*b', 'axb')).toBe(false);
    expect(matchesGlob('file.txt', 'fileXtxt')).toBe(false);
    expect(matchesGlob('a+(b)', 'a+(b)')).toBe(true);
  });

  test('tool globs can ignore case', () => {
    expect(matchesGlob('bash', 'Bash', { caseInsensitive: true })).toBe(true);
    expect(matchesGlob('bash', 'Bash')).toBe(false);
  });

  test('invalid globs throw GlobSyntaxError with what is wrong', () => {
    expect(() => globToRegExpSource('')).toThrow(GlobSyntaxError);
    expect(() => globToRegExpSource('[ab')).toThrow('has an unclosed "["');
    expect(() => globToRegExpSource('{a,b')).toThrow('has an unclosed "{"');
    expect(() => globToRegExpSource('a\\')).toThrow('ends with a lone "\\"');
    expect(() => globToRegExpSource('[z-a]')).toThrow('has an invalid character class "[z-a]"');
  });

  test('a path glob without / matches the basename, a relative one at any depth', () => {
    expect(matchesPathGlob('*.pem', '/srv/app/key.pem')).toBe(true);
    expect(matchesPathGlob('config/secrets/**', '/repo/config/secrets/db.json')).toBe(true);
    expect(matchesPathGlob('config/*.json', '/repo/other/config.json')).toBe(false);
  });

  test('an absolute path glob is anchored and covers everything inside a matched directory', () => {
    expect(matchesPathGlob('/home/me/.aws', '/home/me/.aws/credentials')).toBe(true);
    expect(matchesPathGlob('/home/me/.aws/', '/home/me/.aws')).toBe(true);
    expect(matchesPathGlob('/home/me/.aws', '/home/me/.aws-backup')).toBe(false);
    expect(matchesPathGlob('/home/me/.aws', '/srv/home/me/.aws')).toBe(false);
  });

  test('path globs ignore case unless asked, so .ENV cannot slip past .env*', () => {
    expect(matchesPathGlob('.env*', '/repo/.ENV.local')).toBe(true);
    expect(matchesPathGlob('/Repo', '/repo', { caseSensitive: true })).toBe(false);
  });

  test('Windows separators in the path are understood', () => {
    expect(matchesPathGlob('*.pem', 'C:\\Users\\me\\key.pem')).toBe(true);
  });
});

describe('JSON Schema', () => {
  test('schema/policy.schema.json is generated from the zod schema and up to date', () => {
    const committed = readFileSync(join(repoRoot, 'schema', 'policy.schema.json'), 'utf8');
    expect(committed, 'run: node scripts/gen-policy-schema.mjs').toBe(policyJsonSchemaText());
  });

  test('the schema rejects unknown keys and lists the categories', () => {
    const schema = JSON.parse(policyJsonSchemaText());
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.rules.items.properties.category.enum).toEqual(['SAFE', 'REQUIRES_APPROVAL', 'BLOCKED']);
    expect(schema.properties.rules.items.required).toEqual(['id', 'category', 'reason']);
  });

  test('the example in docs/policy.md is a valid policy file', () => {
    const doc = readFileSync(join(repoRoot, 'docs', 'policy.md'), 'utf8');
    const example = /## Example\s+```json\n([\s\S]*?)```/.exec(doc)?.[1];
    expect(example).toBeDefined();
    expect(validatePolicyText(example ?? '')).toMatchObject({ ok: true });
  });
});
