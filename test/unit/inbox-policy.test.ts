// The two inbox settings of the policy file: approvalWaitSeconds and approvalFallback (docs/policy.md).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { defaultPolicy, loadPolicy } from '../../server/engine/policy/policy-file.js';
import { policyJsonSchema, validatePolicyText } from '../../server/engine/policy/policy-schema.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

async function load(files: { user?: unknown; project?: unknown }) {
  const home = mkdtempSync(join(tmpdir(), 'inbox-policy-'));
  dirs.push(home);
  const stateDir = join(home, '.task-orchestrator');
  const projectDir = join(home, 'repo');
  const write = (file: string, v: unknown) => {
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, JSON.stringify(v));
  };
  if (files.user !== undefined) write(join(stateDir, 'policy.json'), files.user);
  if (files.project !== undefined) write(join(projectDir, '.task-orchestrator', 'policy.json'), files.project);
  return loadPolicy({ home, stateDir, projectDir });
}

describe('defaults', () => {
  test('wait 45 s, then Claude Code\'s own prompt', () => {
    expect(defaultPolicy()).toMatchObject({ approvalWaitSeconds: 45, approvalFallback: 'ask' });
  });
});

describe('validation', () => {
  test('a number from 0 to 600; "ask" or "deny"', () => {
    for (const v of [0, 1, 0.5, 45, 600]) expect(validatePolicyText(JSON.stringify({ approvalWaitSeconds: v })).ok).toBe(true);
    const bad = (p: unknown) => {
      const r = validatePolicyText(JSON.stringify(p));
      return r.ok ? [] : r.errors;
    };
    expect(bad({ approvalWaitSeconds: 601 })[0]).toMatch(/^approvalWaitSeconds: .*600.*, got 601$/);
    expect(bad({ approvalWaitSeconds: -1 })[0]).toMatch(/^approvalWaitSeconds: .*0.*, got -1$/);
    expect(bad({ approvalWaitSeconds: '45' })[0]).toBe('approvalWaitSeconds: expected a number, got "45"');
    expect(bad({ approvalFallback: 'allow' })[0]).toBe('approvalFallback: expected one of ask, deny, got "allow"');
    expect(bad({ approvalWaitSecond: 5 })[0]).toMatch(/approvalWaitSecond: unknown key; did you mean "approvalWaitSeconds"\?/);
  });

  test('the JSON Schema documents both', () => {
    const props = (policyJsonSchema() as { properties: Record<string, Record<string, unknown>> }).properties;
    expect(props.approvalWaitSeconds).toMatchObject({ type: 'number', minimum: 0, maximum: 600 });
    expect(props.approvalFallback).toMatchObject({ enum: ['ask', 'deny'] });
  });
});

describe('merging: a project may only make them stricter', () => {
  test('the user policy sets both', async () => {
    expect(await load({ user: { approvalWaitSeconds: 10, approvalFallback: 'deny' } })).toMatchObject({ approvalWaitSeconds: 10, approvalFallback: 'deny', errors: [] });
  });

  test('an untrusted project may set the fallback to "deny"', async () => {
    const p = await load({ project: { approvalFallback: 'deny' } });
    expect(p).toMatchObject({ approvalFallback: 'deny', errors: [] });
  });

  test('…but not back to "ask" when the user chose "deny"', async () => {
    const p = await load({ user: { approvalFallback: 'deny' }, project: { approvalFallback: 'ask' } });
    expect(p.approvalFallback).toBe('deny');
    expect(p.errors.map((e) => e.message)).toEqual([expect.stringMatching(/^approvalFallback: "ask" ignored: a project policy can only make the guard stricter/)]);
  });

  test('"ask" from a project when it is already "ask" changes nothing and is not an error', async () => {
    expect(await load({ project: { approvalFallback: 'ask' } })).toMatchObject({ approvalFallback: 'ask', errors: [] });
  });

  test('an untrusted project may not change the wait, shorter or longer', async () => {
    for (const v of [0, 5, 300]) {
      const p = await load({ user: { approvalWaitSeconds: 30 }, project: { approvalWaitSeconds: v } });
      expect(p.approvalWaitSeconds).toBe(30);
      expect(p.errors[0]?.message).toMatch(new RegExp(`^approvalWaitSeconds: ${v} ignored`));
    }
  });

  test('a trusted project may set both', async () => {
    const home = mkdtempSync(join(tmpdir(), 'inbox-policy-'));
    dirs.push(home);
    const stateDir = join(home, '.task-orchestrator');
    const projectDir = join(home, 'repo');
    mkdirSync(stateDir, { recursive: true });
    mkdirSync(join(projectDir, '.task-orchestrator'), { recursive: true });
    writeFileSync(join(stateDir, 'policy.json'), JSON.stringify({ approvalFallback: 'deny', trustedProjects: ['~/repo'] }));
    writeFileSync(join(projectDir, '.task-orchestrator', 'policy.json'), JSON.stringify({ approvalFallback: 'ask', approvalWaitSeconds: 5 }));
    expect(await loadPolicy({ home, stateDir, projectDir })).toMatchObject({ approvalFallback: 'ask', approvalWaitSeconds: 5, errors: [] });
  });
});
