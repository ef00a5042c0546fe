// Workflows on a real temporary project: trigger detection, globbing, exclusions, confinement to the
// base directory, the token budget and redaction of file contents.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import {
  detectTriggers, estimateTokens, expandWorkflow, findWorkflow, listWorkflows, nodeWorkflowFiles, WorkflowError, type ExpandOptions,
} from '../../../server/engine/workflows/index.js';

let root: string;
let base: string;

function write(rel: string, content: string | Buffer): void {
  const p = join(base, rel);
  mkdirSync(dirname(p), { recursive: true });
  writeFileSync(p, content);
}

function expand(opts: Partial<ExpandOptions> & { workflow: string }) {
  return expandWorkflow({ prompt: 'please help', baseDir: base, ...nodeWorkflowFiles(), ...opts });
}

const paths = (r: { files: { path: string }[] }) => r.files.map((f) => f.path);
const skipReason = (r: { skipped: { path: string; reason: string }[] }, path: string) => r.skipped.find((s) => s.path === path)?.reason;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'to-workflows-'));
  base = join(root, 'app');
  mkdirSync(base);
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('the catalogue', () => {
  test('lists the five workflows, most urgent first, with the original numbers', () => {
    const list = listWorkflows();
    expect(list.map((w) => w.trigger)).toEqual(['@Debug', '@Refactor', '@TestGen', '@Review', '@Docs']);
    expect(list.find((w) => w.name === 'review')).toMatchObject({ archetype: 'architect', temperature: 0.1, maxContextTokens: 6000 });
    expect(list.find((w) => w.name === 'docs')).toMatchObject({ archetype: 'researcher', priority: 3, maxContextTokens: 5000 });
    expect(list[0]?.summary).toMatch(/^You are in DEBUG mode/);
    expect(JSON.parse(JSON.stringify(list))).toEqual(list);
  });

  test('finds a workflow however it is spelled', () => {
    for (const n of ['@TestGen', 'testgen', 'test-gen', 'Test_Gen', ' TESTGEN ']) expect(findWorkflow(n).name).toBe('testgen');
  });

  test('an unknown workflow names the known ones', () => {
    expect(() => findWorkflow('deploy')).toThrow(WorkflowError);
    expect(() => findWorkflow('deploy')).toThrow(/unknown workflow "deploy"; use one of refactor, testgen, debug, review, docs/);
  });
});

describe('trigger detection', () => {
  test('finds known triggers as whole words, case-insensitive, most urgent first', () => {
    expect(detectTriggers('@Review this and @debug the crash.')).toEqual(['@Debug', '@Review']);
    expect(detectTriggers('(@Docs), then @TestGen!')).toEqual(['@TestGen', '@Docs']);
  });

  test('an e-mail address, a domain, a package scope or an unknown name is not a trigger', () => {
    expect(detectTriggers('mail dev@Review.io or ops@debug')).toEqual([]);
    expect(detectTriggers('see @Docs.example.com and npm i @review/pkg')).toEqual([]);
    expect(detectTriggers('@everyone @Debugging @Refactor-later')).toEqual([]);
  });

  test('each trigger is reported once', () => {
    expect(detectTriggers('@Debug @debug @DEBUG')).toEqual(['@Debug']);
  });
});

describe('globbing and exclusions', () => {
  test('reads the workflow globs, skipping dependencies, build output, caches, git and secrets', () => {
    write('src/app.ts', 'export const a = 1;\n');
    write('src/deep/util.py', 'def f():\n    return 1\n');
    write('src/node_modules/x/index.js', 'module.exports = 1;\n');
    write('node_modules/lib/index.ts', 'export {};\n');
    write('dist/app.js', 'bundle\n');
    write('src/__pycache__/app.py', 'cached\n');
    write('.git/config', '[core]\n');
    write('src/.env', 'API_KEY=abc\n');
    write('src/id_rsa', 'key\n');
    write('src/server.pem', 'pem\n');
    write('README.md', '# app\n');
    const r = expand({ workflow: 'review' });
    expect(paths(r)).toEqual(['src/app.ts', 'src/deep/util.py']);
    expect(r.prompt).toContain('`src/app.ts`:\n```ts\nexport const a = 1;\n```');
    expect(r.prompt).toContain('```python\ndef f():');
  });

  test('files the prompt names come first', () => {
    write('src/a.ts', 'a\n');
    write('src/b.ts', 'b\n');
    write('src/login.ts', 'login\n');
    expect(paths(expand({ workflow: 'refactor', prompt: 'tidy login.ts' }))).toEqual(['src/login.ts', 'src/a.ts', 'src/b.ts']);
  });

  test('@Debug reads logs before code; @Docs reads the README and docs', () => {
    write('src/a.ts', 'a\n');
    write('logs/app.log', 'ERROR boom\n');
    write('README.md', '# readme\n');
    write('docs/guide.md', '# guide\n');
    expect(paths(expand({ workflow: 'debug' }))).toEqual(['logs/app.log', 'src/a.ts']);
    expect(paths(expand({ workflow: 'docs' }))).toEqual(['README.md', 'docs/guide.md', 'src/a.ts']);
  });

  test('binary and oversized files are skipped with the reason', () => {
    write('src/blob.ts', Buffer.from([0x65, 0x00, 0x01, 0x02]));
    write('src/big.ts', 'x'.repeat(1024 * 1024 + 1));
    write('src/latin1.ts', Buffer.from([0x63, 0x61, 0x66, 0xe9]));
    const r = expand({ workflow: 'review' });
    expect(r.files).toEqual([]);
    expect(skipReason(r, 'src/blob.ts')).toBe('binary file');
    expect(skipReason(r, 'src/latin1.ts')).toBe('binary file');
    expect(skipReason(r, 'src/big.ts')).toMatch(/^larger than 1 MB \(1048577 bytes\)$/);
  });

  test('maxFiles caps the files considered and counts the rest', () => {
    for (let i = 0; i < 5; i++) write(`src/f${i}.ts`, `${i}\n`);
    const r = expand({ workflow: 'review', maxFiles: 2 });
    expect(paths(r)).toEqual(['src/f0.ts', 'src/f1.ts']);
    expect(r.moreFiles).toBe(3);
  });
});

describe('target files', () => {
  test('named files, directories and globs are read; secrets among them are refused', () => {
    write('src/a.ts', 'a\n');
    write('lib/b.js', 'b\n');
    write('lib/vendor/node_modules/c.js', 'c\n');
    write('tests/test_x.py', 'x\n');
    write('.env.local', 'TOKEN=1\n');
    write('.env.example', 'TOKEN=\n');
    const r = expand({ workflow: 'testgen', targetFiles: ['src/a.ts', 'lib', 'tests/*.py', '.env.local', '.env.example', join(base, 'src/a.ts')] });
    expect(paths(r)).toEqual(['src/a.ts', 'lib/b.js', 'tests/test_x.py', '.env.example']);
    expect(skipReason(r, '.env.local')).toBe('.env.local holds secrets');
  });

  test('paths that escape the base directory are refused', () => {
    mkdirSync(join(root, 'outside'));
    writeFileSync(join(root, 'outside', 'secret.ts'), 'stolen\n');
    const r = expand({ workflow: 'review', targetFiles: ['../outside/secret.ts', join(root, 'outside', 'secret.ts'), 'src/../../outside/secret.ts'] });
    expect(r.files).toEqual([]);
    expect(r.skipped.map((s) => s.reason)).toEqual(['outside the base directory', 'outside the base directory', 'outside the base directory']);
    expect(r.prompt).not.toContain('stolen');
  });

  test('a symlink leading out of the base directory is refused, whether named or globbed', () => {
    mkdirSync(join(root, 'outside'));
    writeFileSync(join(root, 'outside', 'secret.ts'), 'stolen\n');
    mkdirSync(join(base, 'src'));
    symlinkSync(join(root, 'outside', 'secret.ts'), join(base, 'src', 'link.ts'));
    symlinkSync(join(root, 'outside'), join(base, 'src', 'linkdir'));
    const named = expand({ workflow: 'review', targetFiles: ['src/link.ts', 'src/linkdir'] });
    expect(named.files).toEqual([]);
    expect(skipReason(named, 'src/link.ts')).toBe('a symlink that leads outside the base directory');
    expect(skipReason(named, 'src/linkdir')).toBe('a symlink that leads outside the base directory');
    const globbed = expand({ workflow: 'review' });
    expect(globbed.prompt).not.toContain('stolen');
  });

  test('a symlink to a secret file inside the base directory is refused', () => {
    write('.env', 'PASSWORD=hunter2\n');
    mkdirSync(join(base, 'src'), { recursive: true });
    symlinkSync(join(base, '.env'), join(base, 'src', 'config.ts'));
    const r = expand({ workflow: 'review', targetFiles: ['src/config.ts'] });
    expect(r.files).toEqual([]);
    expect(skipReason(r, 'src/config.ts')).toBe('.env holds secrets');
  });

  test('missing targets and globs that match nothing are reported', () => {
    const r = expand({ workflow: 'review', targetFiles: ['nope.ts', 'src/**/*.rs'] });
    expect(r.skipped).toEqual([
      { path: 'nope.ts', reason: 'does not exist' },
      { path: 'src/**/*.rs', reason: 'no file matches this glob' },
    ]);
  });
});

describe('the token budget', () => {
  test('the prompt stays within max context tokens; the last file is truncated and says so', () => {
    const line = 'const value = computeSomethingUseful(input);\n';
    write('src/a.ts', line.repeat(200)); // ≈ 2,250 tokens
    write('src/b.ts', line.repeat(200));
    write('src/c.ts', line.repeat(10));
    const r = expand({ workflow: 'refactor' }); // 4,000 tokens
    expect(r.tokens).toBeLessThanOrEqual(4000);
    expect(r.tokens).toBe(estimateTokens(r.prompt));
    expect(r.tokens).toBeGreaterThan(3800);
    expect(r.files.map((f) => [f.path, f.truncated])).toEqual([['src/a.ts', false], ['src/b.ts', true]]);
    expect(r.files[1]?.bytes).toBe(line.length * 200);
    expect(r.prompt).toContain('… [truncated to stay within the 4000-token budget of @Refactor]');
    expect(skipReason(r, 'src/c.ts')).toBe('token budget exhausted (4000 tokens)');
    expect(r.prompt.split('\n').filter((l) => l.startsWith('```')).length).toBe(4); // both fences closed
  });

  test('a prompt that fills the budget alone gets no files', () => {
    write('src/a.ts', 'a\n');
    const r = expand({ workflow: 'refactor', prompt: 'x'.repeat(16_100) });
    expect(r.files).toEqual([]);
    expect(skipReason(r, 'src/a.ts')).toMatch(/^token budget exhausted \(the prompt alone uses \d+ of 4000 tokens\)$/);
  });

  test('a file holding backticks cannot close its fence', () => {
    write('README.md', 'Run:\n```sh\nnpm test\n```\n');
    const r = expand({ workflow: 'docs', targetFiles: ['README.md'] });
    expect(r.prompt).toContain('````markdown\nRun:\n```sh\nnpm test\n```\n````');
  });
});

describe('redaction and results', () => {
  test('a secret in a file never reaches the prompt', () => {
    write('src/config.ts', 'export const apiKey = "sk-proj-abcdefghijklmnop1234567890";\nconst password = "hunter2hunter2";\n');
    const r = expand({ workflow: 'review' });
    expect(r.prompt).not.toContain('sk-proj-abcdefghijklmnop1234567890');
    expect(r.prompt).not.toContain('hunter2hunter2');
    expect(r.prompt).toContain('«redacted:');
  });

  test('the result is plain JSON with the mode text as the system prompt', () => {
    write('src/a.ts', 'a\n');
    const r = expand({ workflow: '@Debug', prompt: 'it crashes' });
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
    expect(r).toMatchObject({ workflow: '@Debug', archetype: 'builder', temperature: 0.2, priority: 10, maxContextTokens: 5000 });
    expect(r.systemPrompt).toMatch(/REPRODUCE[\s\S]*ISOLATE[\s\S]*ROOT CAUSE[\s\S]*FIX[\s\S]*VERIFY/);
    expect(r.prompt.startsWith('it crashes\n\n## Files (1)\n\n`src/a.ts`:')).toBe(true);
  });

  test('bad options get clear errors', () => {
    expect(() => expand({ workflow: 'debug', baseDir: 'relative/dir' })).toThrow(/baseDir: must be an absolute directory path, got "relative\/dir"/);
    expect(() => expand({ workflow: 'debug', baseDir: join(root, 'missing') })).toThrow(/baseDir: not a directory/);
    expect(() => expand({ workflow: 'debug', maxFiles: 0 })).toThrow(/maxFiles: must be an integer from 1 to 200, got 0/);
    expect(() => expand({ workflow: 'debug', prompt: 42 as unknown as string })).toThrow(/prompt: must be a string, got number/);
    expect(() => expand({ workflow: 'debug', targetFiles: [1] as unknown as string[] })).toThrow(/targetFiles: must be an array/);
  });
});
