// Store: write/read round trips, journal folding (idempotent, crash between rename and delete), after-commit
// effects (rules.json, decision files), retention.
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { appendJournal, type JournalEvent, newId, readDecision, readRulesSnapshot } from '../../../server/engine/store/journal.js';
import { approvalRules, approvals, audit, trials } from '../../../server/engine/store/repos.js';
import { LATEST_SCHEMA } from '../../../server/engine/store/migrations.js';
import { Store, StoreError } from '../../../server/engine/store/store.js';

let dir: string;
const stores: Store[] = [];
async function open(opts?: Parameters<typeof Store.open>[1]): Promise<Store> {
  const s = await Store.open(dir, { journalGraceMs: 0, ...opts });
  stores.push(s);
  return s;
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'to-store-'));
});
afterEach(() => {
  for (const s of stores.splice(0)) s.close();
  rmSync(dir, { recursive: true, force: true });
});

const auditEvent = (over: Partial<Extract<JournalEvent, { type: 'audit' }>> = {}): JournalEvent => ({
  type: 'audit', id: newId(), ts: Date.now(), session: 's1', project: '/p', cwd: '/p', tool: 'Bash', decision: 'allow', category: null,
  rule: null, reason: 'ok', summary: 'ls -la', decidedBy: null, ...over,
});

describe('opening', () => {
  test('a fresh state dir gets state.db at the latest schema, rules.json and no notices', async () => {
    const s = await open();
    expect(existsSync(join(dir, 'state.db'))).toBe(true);
    expect(readRulesSnapshot(s.paths)).toEqual([]);
    expect(s.schema).toMatchObject({ version: LATEST_SCHEMA, latest: LATEST_SCHEMA, readOnlyReason: null });
    expect(s.notices).toEqual([]);
    expect(existsSync(join(dir, 'state.db.lock'))).toBe(false);
  });

  test('a read-only store on a missing database shows an empty store and creates nothing', async () => {
    const s = await open({ readOnly: true });
    expect(await s.read((db) => audit.count(db))).toBe(0);
    expect(readdirSync(dir)).toEqual([]);
    await expect(s.write(() => 1)).rejects.toMatchObject({ code: 'READ_ONLY' });
  });
});

describe('write and read', () => {
  test('what write() commits is on disk for another Store instance', async () => {
    const a = await open();
    const b = await open();
    await a.write((db) => audit.insert(db, { ts: 1, summary: 'one' }));
    expect(await b.read((db) => audit.query(db).map((e) => e.summary))).toEqual(['one']);
    await b.write((db) => audit.insert(db, { ts: 2, summary: 'two' }));
    expect(await a.read((db) => audit.count(db))).toBe(2);
  });

  test('a throwing callback keeps nothing of its own changes', async () => {
    const s = await open();
    await expect(s.write((db) => {
      audit.insert(db, { ts: 1 });
      throw new Error('boom');
    })).rejects.toThrow('boom');
    expect(await s.read((db) => audit.count(db))).toBe(0);
  });

  test('an async callback is refused', async () => {
    const s = await open();
    await expect(s.write(async () => 1)).rejects.toThrow(/must be synchronous/);
  });

  test('changes made inside read() are discarded', async () => {
    const s = await open();
    await s.read((db) => audit.insert(db, { ts: 1 }));
    expect(await s.read((db) => audit.count(db))).toBe(0);
  });
});

describe('journal folding', () => {
  test('write() folds the journal in and removes the folded segment', async () => {
    const s = await open();
    for (let i = 0; i < 5; i++) appendJournal(s.paths, auditEvent({ ts: i }));
    await s.write(() => undefined);
    expect(readdirSync(s.paths.journal)).toEqual([]);
    expect(await s.read((db) => audit.count(db))).toBe(5);
  });

  test('read() folds a backlog first', async () => {
    const s = await open();
    appendJournal(s.paths, auditEvent());
    expect(await s.read((db) => audit.count(db))).toBe(1);
  });

  test('a journal segment left behind after a crash between rename and delete is not applied twice', async () => {
    const s = await open();
    const e = auditEvent();
    appendJournal(s.paths, e);
    copyFileSync(join(s.paths.journal, 'current.jsonl'), join(dir, 'saved.jsonl'));
    expect(await s.fold()).toBe(1);
    copyFileSync(join(dir, 'saved.jsonl'), join(s.paths.journal, 'seg-0000000000001-1-1.jsonl'));
    expect(await s.fold()).toBe(0);
    expect(readdirSync(s.paths.journal)).toEqual([]);
    expect(await s.read((db) => audit.count(db))).toBe(1);
  });

  test('approval events apply in either order and never overwrite a human decision', async () => {
    const s = await open();
    const approvalId = newId();
    const ts = Date.now();
    appendJournal(s.paths, { type: 'approval.resolved', id: newId(), ts: ts + 1, approvalId, status: 'expired', decidedBy: 'timeout', reason: '' });
    await s.fold();
    appendJournal(s.paths, {
      type: 'approval.created', id: newId(), ts, approvalId, tool: 'Bash', summary: 'git push', input: '{}', rule: 'git.push', reason: 'pushes',
      project: '/p', session: 's', expiresAt: ts + 45_000,
    });
    await s.fold();
    const item = await s.read((db) => approvals.get(db, approvalId));
    expect(item).toMatchObject({ status: 'expired', decided_by: 'timeout', tool_name: 'Bash', summary: 'git push', rule: 'git.push' });

    const other = newId();
    await s.write((db) => approvals.create(db, { id: other, tool_name: 'Bash', summary: 'x', input: '{}', rule: 'r', reason: '', project: '/p', session: 's', expires_at: Date.now() + 60_000 }));
    await s.write((db) => approvals.decide(db, other, { status: 'approved', reason: 'fine', decidedBy: 'human:cli' }));
    appendJournal(s.paths, { type: 'approval.resolved', id: newId(), ts: Date.now(), approvalId: other, status: 'expired', decidedBy: 'timeout', reason: '' });
    await s.fold();
    expect(await s.read((db) => approvals.get(db, other)?.status)).toBe('approved');
  });

  test('a line that is not an event (cut by a crash, or foreign) is kept in backups/journal-rejected with a notice', async () => {
    const s = await open();
    appendJournal(s.paths, auditEvent());
    writeFileSync(join(s.paths.journal, 'current.jsonl'), '{"type":"nope"}\n{"type":"audit","id":"cut', { flag: 'a' });
    expect(await s.fold()).toBe(1);
    const [kept] = readdirSync(join(s.paths.backups, 'journal-rejected'));
    expect(readFileSync(join(s.paths.backups, 'journal-rejected', kept!), 'utf8')).toContain('{"type":"nope"}');
    expect(s.notices.join('\n')).toMatch(/unknown event type "nope"/);
  });

  test('a segment folded less than the grace period ago is kept, re-read, and deleted later', async () => {
    const s = await Store.open(dir, { journalGraceMs: 60_000 });
    appendJournal(s.paths, auditEvent());
    expect(await s.fold()).toBe(1);
    const [applied] = readdirSync(s.paths.journal);
    expect(applied).toMatch(/^applied-/);
    // A late append that landed in the rotated file is still picked up.
    writeFileSync(join(s.paths.journal, applied!), `${JSON.stringify(auditEvent())}\n`, { flag: 'a' });
    expect(await s.fold()).toBe(1);
    s.close();
  });

  test('secrets in journaled text are redacted on disk and in the database', async () => {
    const s = await open();
    appendJournal(s.paths, auditEvent({ summary: 'curl -H "Authorization: Bearer abcdefghijklmnop" https://x' }));
    const [name] = readdirSync(s.paths.journal);
    expect(readFileSync(join(s.paths.journal, name!), 'utf8')).not.toContain('abcdefghijklmnop');
    expect(await s.read((db) => audit.query(db)[0]?.summary)).toBe('curl -H "Authorization: Bearer «redacted:bearer»" https://x');
  });
});

describe('after-commit effects', () => {
  test('adding and removing an always-rule rewrites rules.json', async () => {
    const s = await open();
    const rule = await s.write((db) => approvalRules.add(db, { project: '/p', tool: 'Bash', rule: 'git.push', pattern: 'git push origin *', createdBy: 'human:cli' }));
    expect(readRulesSnapshot(s.paths)).toEqual([rule]);
    await s.write((db) => approvalRules.remove(db, rule.id));
    expect(readRulesSnapshot(s.paths)).toEqual([]);
  });

  test('a human decision is published to inbox/decisions for the waiting hook', async () => {
    const s = await open();
    const id = newId();
    await s.write((db) => approvals.create(db, { id, tool_name: 'Bash', summary: 'x', input: '{}', rule: 'r', reason: '', project: '/p', session: 's', expires_at: Date.now() + 60_000 }));
    expect(readDecision(s.paths, id)).toBeNull();
    await s.write((db) => approvals.decide(db, id, { status: 'denied', reason: 'not today', decidedBy: 'human:cli' }));
    expect(readDecision(s.paths, id)).toMatchObject({ approvalId: id, status: 'denied', reason: 'not today', decidedBy: 'human:cli' });
  });

  test('a refused decision publishes nothing', async () => {
    const s = await open();
    await expect(s.write((db) => approvals.decide(db, 'nope', { status: 'approved', reason: '', decidedBy: 'human:cli' }))).rejects.toThrow(/no approval with id nope/);
    expect(existsSync(s.paths.decisions)).toBe(false);
  });
});

describe('retention', () => {
  test('folding prunes trials beyond the newest N and old audit events beyond the newest M', async () => {
    const s = await open({ retention: { trialsKeep: 10, auditKeep: 5, auditDays: 1, everyMs: 0 } });
    const old = Date.now() - 5 * 86_400_000;
    await s.write((db) => {
      for (let i = 0; i < 25; i++) trials.insert(db, { ts: i });
      for (let i = 0; i < 20; i++) audit.insert(db, { ts: old + i });
      audit.insert(db, { ts: Date.now() });
    });
    appendJournal(s.paths, auditEvent());
    await s.fold();
    expect(await s.read((db) => [trials.count(db), audit.count(db)])).toEqual([10, 5]);
    expect(await s.read((db) => Math.min(...trials.list(db).map((t) => t.ts)))).toBe(15);
  });

  test('pending approvals long past expiry are marked expired, not deleted', async () => {
    const s = await open({ retention: { everyMs: 0 } });
    const id = newId();
    await s.write((db) => approvals.create(db, { id, tool_name: 'Bash', summary: 'x', input: '{}', rule: 'r', reason: '', project: '/p', session: 's', created_at: Date.now() - 600_000, expires_at: Date.now() - 300_000 }));
    await s.fold();
    expect(await s.read((db) => approvals.get(db, id))).toMatchObject({ status: 'expired', decided_by: 'timeout' });
  });
});

test('StoreError carries a code and the backup it names', () => {
  const e = new StoreError('IO', 'x', '/b');
  expect([e.name, e.code, e.backup, e instanceof Error]).toEqual(['StoreError', 'IO', '/b', true]);
});
