// The CLI's pure parts: the inbox's JSON contract and tables, audit's time and filter options, status,
// doctor's checks and the always-pattern.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { auditQuery, formatAudit, parseTime } from '../../server/cli/audit.js';
import { formatChecks, majorAtLeast, ok, fail, warn, info } from '../../server/cli/doctor/check.js';
import { claudeEnabledCheck, hooksJsonCheck } from '../../server/cli/doctor/install.js';
import { effectiveStatus, formatDuration, formatItem, formatTable, oneLine, toJsonItem } from '../../server/cli/inbox/format.js';
import { formatBytes, formatStatus } from '../../server/cli/status.js';
import { agentRefusal, defaultAlwaysPattern } from '../../server/engine/runtime/inbox.js';
import { matchApprovalRule } from '../../server/engine/store/journal.js';
import type { ApprovalItem, AuditEvent } from '../../server/engine/store/repos.js';

const NOW = Date.parse('2025-06-01T12:00:00Z');
const item = (p: Partial<ApprovalItem> = {}): ApprovalItem => ({
  id: 'a1b2c3d4e5f60718', status: 'pending', tool_name: 'Bash', summary: 'npm publish', input: '{"command":"npm publish"}', rule: 'publish.package',
  reason: 'Publishes a package', project: '/home/dev/app', session: 's1', created_at: NOW - 12_000, expires_at: NOW + 33_000, decided_at: null,
  decided_by: null, decision_reason: null, ...p,
});
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('inbox items', () => {
  test('a pending item past its expiry shows as expired (its hook stopped waiting)', () => {
    expect(effectiveStatus(item(), NOW)).toBe('pending');
    expect(effectiveStatus(item({ expires_at: NOW }), NOW)).toBe('expired');
    expect(effectiveStatus(item({ status: 'approved', expires_at: NOW - 1 }), NOW)).toBe('approved');
  });

  test('the JSON contract: fixed fields in a fixed order', () => {
    const j = toJsonItem(item({ expires_at: NOW - 1 }), NOW);
    expect(Object.keys(j)).toEqual(['id', 'status', 'tool_name', 'summary', 'rule', 'reason', 'project', 'session', 'created_at', 'expires_at', 'decided_at', 'decided_by', 'decision_reason', 'input']);
    expect(j.status).toBe('expired');
  });

  test('durations', () => {
    expect([0, 999, 42_000, 5 * 60_000, 3 * 3_600_000, 2 * 86_400_000, -5].map(formatDuration)).toEqual(['0s', '0s', '42s', '5m', '3h', '2d', '0s']);
  });

  test('the table: a header and one row per item, time left for pending ones, who decided for the others', () => {
    const t = formatTable([item(), item({ id: 'ffff', status: 'denied', decided_by: 'human:cli', summary: 'git reset --hard\nrm -rf x' })], NOW);
    const [header, a, b] = t.trimEnd().split('\n');
    expect(header).toMatch(/^ID\s+STATUS\s+AGE\s+TOOL\s+RULE\s+LEFT \/ BY\s+SUMMARY$/);
    expect(a).toMatch(/^a1b2c3d4e5f60718\s+pending\s+12s\s+Bash\s+publish\.package\s+33s left\s+npm publish$/);
    expect(b).toMatch(/denied .* human:cli\s+git reset --hard ⏎ rm -rf x$/);
    expect(formatTable([], NOW)).toBe('');
  });

  test('show: every field, the decision when there is one', () => {
    const text = formatItem(item({ status: 'approved', decided_at: NOW, decided_by: 'human:watch', decision_reason: 'ok' }), NOW);
    expect(text).toMatch(/^status\s+approved$/m);
    expect(text).toMatch(/^decided\s+2025-06-01T12:00:00\.000Z by human:watch: ok$/m);
    expect(text).toMatch(/^input\n {2}\{"command":"npm publish"\}$/m);
  });

  test('control characters never reach the terminal', () => {
    expect(oneLine('a\x1b[2Jb\nc\x07')).toBe('a?[2Jb ⏎ c?');
  });
});

describe('approve --always', () => {
  test('the default pattern is the summary, with a literal * narrowed to one character', () => {
    expect(defaultAlwaysPattern('npm publish')).toBe('npm publish');
    expect(defaultAlwaysPattern('rm -rf build/*')).toBe('rm -rf build/?');
    const rule = { id: 'r', project: '/p', tool: 'Bash', rule: 'x', pattern: defaultAlwaysPattern('rm -rf build/*'), createdAt: 0, createdBy: 'human:cli', sourceApproval: null };
    const req = (summary: string) => ({ project: '/p', tool: 'Bash', rule: 'x', summary });
    expect(matchApprovalRule([rule], req('rm -rf build/*'))).not.toBeNull();
    expect(matchApprovalRule([rule], req('rm -rf build/ && rm -rf /srv'))).toBeNull();
  });

  test('deciding is refused inside Claude Code', () => {
    expect(agentRefusal({})).toBeNull();
    expect(agentRefusal({ CLAUDECODE: '' })).toBeNull();
    expect(agentRefusal({ CLAUDECODE: '1' })).toMatch(/run this in your own terminal: the agent must not approve its own requests/);
  });
});

describe('audit options', () => {
  test('--since takes a duration ago or an ISO time', () => {
    expect(parseTime('90s', NOW, 'x')).toBe(NOW - 90_000);
    expect(parseTime('15m', NOW, 'x')).toBe(NOW - 900_000);
    expect(parseTime('2h', NOW, 'x')).toBe(NOW - 7_200_000);
    expect(parseTime('7d', NOW, 'x')).toBe(NOW - 7 * 86_400_000);
    expect(parseTime('1w', NOW, 'x')).toBe(NOW - 7 * 86_400_000);
    expect(parseTime('2025-05-31', NOW, 'x')).toBe(Date.parse('2025-05-31'));
    expect(parseTime('2025-05-31T10:00:00Z', NOW, 'x')).toBe(Date.parse('2025-05-31T10:00:00Z'));
    expect(() => parseTime('yesterday', NOW, 'audit --since')).toThrow(/audit --since: expected a duration such as 15m, 2h, 7d or an ISO date .*got "yesterday"/);
    expect(() => parseTime('2025-13-45', NOW, 'x')).toThrow();
  });

  test('the query: every filter, a default limit of 50, the project resolved', () => {
    expect(auditQuery({}, NOW, '/w')).toEqual({ limit: 50 });
    expect(auditQuery({ since: '1h', tool: 'Bash', decision: 'deny', session: 's', rule: 'r', kind: 'decision', project: 'app', limit: '5' }, NOW, '/w')).toEqual({
      since: NOW - 3_600_000, tool: 'Bash', decision: 'deny', session: 's', rule: 'r', kind: 'decision', project: '/w/app', limit: 5,
    });
    expect(() => auditQuery({ decision: 'maybe' }, NOW, '/w')).toThrow(/expected one of allow, ask, deny, none/);
    expect(() => auditQuery({ limit: '-1' }, NOW, '/w')).toThrow(/--limit: expected a positive whole number/);
  });

  test('the table', () => {
    const e: AuditEvent = { id: 'e', ts: NOW, kind: 'decision', session: 's', project: '/p', cwd: '/p', tool: 'Bash', decision: 'deny', category: 'BLOCKED', rule: 'fs.rm.critical', reason: 'r', summary: 'rm -rf ~', decided_by: 'rule:fs.rm.critical', approval_id: null };
    expect(formatAudit([e]).split('\n')[1]).toMatch(/^2025-06-01T12:00:00\.000Z\s+deny\s+Bash\s+fs\.rm\.critical\s+rule:fs\.rm\.critical\s+rm -rf ~$/);
  });
});

describe('status', () => {
  test('the human form names what to do', () => {
    const text = formatStatus({ stateDir: '/s', pending: 2, lastDecisions: [{ id: 'a', status: 'approved', tool_name: 'Bash', summary: 'npm publish', decided_by: 'human:cli', decided_at: NOW - 60_000 }], liveSurfaces: [], dbBytes: 2048, journalBacklog: 3, schema: { version: 1, latest: 1 }, notices: ['state.db was corrupt'] }, NOW);
    expect(text).toMatch(/^pending\s+2 {2}\(task-orchestrator inbox list\)$/m);
    expect(text).toMatch(/^live surfaces\s+none .*inbox watch/m);
    expect(text).toMatch(/^state\.db\s+2\.0 KiB, schema 1/m);
    expect(text).toMatch(/^ {2}1m ago {2}approved\s+human:cli\s+Bash: npm publish$/m);
    expect(text).toMatch(/^ {2}! state\.db was corrupt$/m);
    expect([12, 4096, 5 * 1024 * 1024].map(formatBytes)).toEqual(['12 B', '4.0 KiB', '5.0 MiB']);
  });
});

describe('doctor', () => {
  test('✔/✘/!/· lines, a fix under each problem, and a count', () => {
    const text = formatChecks([ok('fine'), fail('broken', 'mend it'), warn('odd', 'look'), info('fyi')]);
    expect(text).toBe('✔ fine\n✘ broken\n  fix: mend it\n! odd\n  fix: look\n· fyi\n\n1 problem to fix, 1 warning.\n');
    expect(formatChecks([ok('a')])).toMatch(/All checks passed\.\n$/);
  });

  test('Node versions', () => {
    expect(majorAtLeast('v20.19.1', 20)).toBe(true);
    expect(majorAtLeast('22.0.0', 20)).toBe(true);
    expect(majorAtLeast('v18.20.0', 20)).toBe(false);
    expect(majorAtLeast('garbage', 20)).toBe(false);
  });

  test('hooks.json: missing, not JSON, no hook, a timeout too short, fine', () => {
    const dir = mkdtempSync(join(tmpdir(), 'doctor-'));
    dirs.push(dir);
    expect(hooksJsonCheck(dir, 120)).toMatchObject({ status: 'fail', title: expect.stringContaining('missing') });
    mkdirSync(join(dir, 'hooks'));
    const write = (v: unknown) => writeFileSync(join(dir, 'hooks/hooks.json'), typeof v === 'string' ? v : JSON.stringify(v));
    write('{');
    expect(hooksJsonCheck(dir, 120)).toMatchObject({ status: 'fail', title: expect.stringContaining('not valid JSON') });
    write({ hooks: {} });
    expect(hooksJsonCheck(dir, 120).title).toContain('no PreToolUse hook runs dist/hook.cjs');
    const entry = (timeout: number) => ({ hooks: { PreToolUse: [{ matcher: '*', hooks: [{ type: 'command', command: 'node "${CLAUDE_PLUGIN_ROOT}/dist/hook.cjs" PreToolUse', timeout }] }] } });
    write(entry(30));
    expect(hooksJsonCheck(dir, 120)).toMatchObject({ status: 'fail', fix: 'set "timeout": 120' });
    write(entry(120));
    expect(hooksJsonCheck(dir, 120).status).toBe('ok');
  });

  test('Claude Code: enabled, installed but not enabled, or not installed (never a failure)', () => {
    const home = mkdtempSync(join(tmpdir(), 'doctor-home-'));
    dirs.push(home);
    expect(claudeEnabledCheck(home, '/nowhere').status).toBe('info');
    mkdirSync(join(home, '.claude/plugins/cache/mkt/task-orchestrator'), { recursive: true });
    expect(claudeEnabledCheck(home, '/nowhere')).toMatchObject({ status: 'warn', fix: 'claude plugin enable task-orchestrator' });
    writeFileSync(join(home, '.claude/settings.json'), JSON.stringify({ enabledPlugins: { 'task-orchestrator@mkt': true } }));
    expect(claudeEnabledCheck(home, '/nowhere')).toMatchObject({ status: 'ok', title: expect.stringContaining('task-orchestrator@mkt') });
    writeFileSync(join(home, '.claude/settings.json'), JSON.stringify({ enabledPlugins: { 'task-orchestrator@mkt': false } }));
    expect(claudeEnabledCheck(home, '/nowhere').status).toBe('warn');
  });
});
