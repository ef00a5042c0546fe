// What the audit log and the inbox show of a call (server/engine/runtime/summary.ts) and the audit event
// the hook journals for it (hooks/audit.ts).
import { describe, expect, test } from 'vitest';
import { auditEvent } from '../../hooks/audit.js';
import type { Classification } from '../../server/engine/policy/types.js';
import { clip, redactedInput, SUMMARY_LIMIT, summarize } from '../../server/engine/runtime/summary.js';

describe('summarize', () => {
  test('Bash: the command', () => {
    expect(summarize({ tool_name: 'Bash', tool_input: { command: 'npm publish --tag next', description: 'x' } })).toBe('npm publish --tag next');
  });

  test('file tools: the path', () => {
    expect(summarize({ tool_name: 'Write', tool_input: { file_path: '/p/.env', content: 'SECRET=1' } })).toBe('/p/.env');
    expect(summarize({ tool_name: 'NotebookEdit', tool_input: { notebook_path: '/p/a.ipynb', new_source: 'x' } })).toBe('/p/a.ipynb');
  });

  test('MCP and other tools: the tool name and a short JSON of the input', () => {
    expect(summarize({ tool_name: 'mcp__mail__send_email', tool_input: { to: 'a@b.c', subject: 'hi' } })).toBe('mcp__mail__send_email {"to":"a@b.c","subject":"hi"}');
    expect(summarize({ tool_name: 'mcp__x__ping', tool_input: {} })).toBe('mcp__x__ping');
    const long = summarize({ tool_name: 'mcp__db__query', tool_input: { sql: 'x'.repeat(5000) } });
    expect(long.length).toBeLessThan(400);
    expect(long.endsWith('…')).toBe(true);
  });

  test('secrets are redacted', () => {
    const s = summarize({ tool_name: 'Bash', tool_input: { command: 'curl -u admin:hunter2 https://x && export GITHUB_TOKEN=ghp_0123456789abcdefghijklmnopqrstuvwxyz' } });
    expect(s).not.toContain('hunter2');
    expect(s).not.toContain('ghp_0123456789');
    expect(s).toContain('«redacted:');
    expect(redactedInput({ tool_name: 'mcp__x__y', tool_input: { password: 'p4ssw0rd!' } })).not.toContain('p4ssw0rd');
  });

  test('cut to 2 KB, and a secret past the cut is not half-shown', () => {
    const command = `echo ${'a'.repeat(3000)}`;
    const s = summarize({ tool_name: 'Bash', tool_input: { command } });
    expect(s).toHaveLength(SUMMARY_LIMIT);
    expect(s.endsWith('…')).toBe(true);
    const key = 'sk-ant-api03-abcdefghijklmnopqrstuvwxyz0123456789';
    const straddling = summarize({ tool_name: 'Bash', tool_input: { command: `${'x'.repeat(SUMMARY_LIMIT - 20)} ${key}` } });
    expect(straddling).not.toContain('sk-ant-api03-abcdef');
  });

  test('a huge command is summarised quickly', () => {
    const started = performance.now();
    summarize({ tool_name: 'Bash', tool_input: { command: `echo ${'password=x '.repeat(1_000_000)}` } });
    expect(performance.now() - started).toBeLessThan(500);
  });

  test('clip marks what it cut', () => {
    expect(clip('abcdef', 10)).toBe('abcdef');
    expect(clip('abcdef', 4)).toBe('abc…');
  });
});

describe('auditEvent', () => {
  const ctx = { projectDir: '/p', cwd: '/p/src' };
  const c = (r: Partial<Classification>): Classification => ({ decision: 'none', category: null, rule: null, reason: 'No rule matched', findings: [], trail: [], ...r });

  test('a classifier decision: decided by rule:<classifier rule>', () => {
    const e = auditEvent({
      id: 'e1', ts: 5, session: 's', ctx, tool: 'Bash', summary: 'rm -rf ~',
      result: c({ decision: 'deny', category: 'BLOCKED', rule: 'fs.rm.critical', reason: 'Deletes your home' }),
      answer: { decision: 'deny', reason: '[fs.rm.critical] Deletes your home', decidedBy: 'rule:fs.rm.critical' },
    });
    expect(e).toEqual({
      type: 'audit', id: 'e1', ts: 5, session: 's', project: '/p', cwd: '/p/src', tool: 'Bash', decision: 'deny', category: 'BLOCKED',
      rule: 'fs.rm.critical', reason: '[fs.rm.critical] Deletes your home', summary: 'rm -rf ~', decidedBy: 'rule:fs.rm.critical',
    });
  });

  test('no opinion: decision none, decided by nobody (null)', () => {
    const e = auditEvent({ id: 'e2', ts: 5, session: 's', ctx, tool: 'Bash', summary: 'echo hi', result: c({}), answer: null });
    expect(e).toMatchObject({ decision: 'none', rule: null, decidedBy: null, reason: 'No rule matched' });
  });

  test('an approval: the answer and who decided it, with the classifier\'s rule kept', () => {
    const e = auditEvent({
      id: 'e3', ts: 5, session: 's', ctx, tool: 'Bash', summary: 'npm publish',
      result: c({ decision: 'ask', category: 'REQUIRES_APPROVAL', rule: 'publish.package', reason: 'Publishes' }),
      answer: { decision: 'allow', reason: '[inbox] approved by human:cli: ok', decidedBy: 'human:cli' },
    });
    expect(e).toMatchObject({ decision: 'allow', category: 'REQUIRES_APPROVAL', rule: 'publish.package', decidedBy: 'human:cli' });
  });
});
