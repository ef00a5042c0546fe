// The hook side of the store: journal files, decisions, heartbeats, the rules snapshot — cheap and free of
// sql.js and proper-lockfile.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import {
  appendJournal, type ApprovalRule, beat, endBeat, type JournalEvent, journalBacklog, liveSurfaces, matchApprovalRule, newId, readDecision,
  readRulesSnapshot, writeDecision,
} from '../../../server/engine/store/journal.js';
import { type StorePaths, storePaths } from '../../../server/engine/store/paths.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
let paths: StorePaths;

beforeEach(() => {
  paths = storePaths(mkdtempSync(join(tmpdir(), 'to-journal-')));
});
afterEach(() => rmSync(paths.dir, { recursive: true, force: true }));

const event = (): JournalEvent => ({
  type: 'audit', id: newId(), ts: Date.now(), session: 's', project: '/p', cwd: '/p', tool: 'Bash', decision: 'allow', category: 'SAFE',
  rule: 'readonly.ls', reason: 'reads only', summary: 'ls -la', decidedBy: null,
});

describe('appendJournal', () => {
  test('appends one JSON line per event to journal/current.jsonl (creating journal/)', () => {
    const a = event();
    const b = { ...event(), ts: a.ts + 1 };
    appendJournal(paths, b);
    appendJournal(paths, a);
    expect(readdirSync(paths.journal)).toEqual(['current.jsonl']);
    const lines = readFileSync(join(paths.journal, 'current.jsonl'), 'utf8').trim().split('\n');
    expect(lines.map((l) => JSON.parse(l))).toEqual([b, a]);
    expect(journalBacklog(paths)).toBe(2);
  });

  test('newId gives 16 distinct hex characters per call without node:crypto', () => {
    const ids = new Set(Array.from({ length: 10_000 }, () => newId()));
    expect(ids.size).toBe(10_000);
    for (const id of [...ids].slice(0, 50)) expect(id).toMatch(/^[0-9a-f]{16}$/);
  });

  test('never throws: an unwritable journal costs one stderr line', () => {
    writeFileSync(join(paths.dir, 'journal'), 'not a directory');
    const lines: string[] = [];
    const orig = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((s: string) => (lines.push(s), true)) as typeof process.stderr.write;
    try {
      expect(() => appendJournal(paths, event())).not.toThrow();
    } finally {
      process.stderr.write = orig;
    }
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/could not journal a audit event/);
  });

  test('refuses an id that is not a safe file name', () => {
    const orig = process.stderr.write.bind(process.stderr);
    process.stderr.write = (() => true) as typeof process.stderr.write;
    try {
      appendJournal(paths, { ...event(), id: '../../x' });
    } finally {
      process.stderr.write = orig;
    }
    expect(journalBacklog(paths)).toBe(0);
  });

  test('costs about what creating one small file costs (well under a millisecond on a quiet disk)', () => {
    for (let i = 0; i < 50; i++) appendJournal(paths, event()); // warm-up (creates the directory)
    const median = (fn: (i: number) => void) => {
      const samples: number[] = [];
      for (let i = 0; i < 300; i++) {
        const t = performance.now();
        fn(i);
        samples.push(performance.now() - t);
      }
      return samples.sort((x, y) => x - y)[150]!;
    };
    const data = JSON.stringify(event());
    const bare = median((i) => writeFileSync(join(paths.journal, `.bare-${i}`), data));
    const ours = median(() => appendJournal(paths, event()));
    // The disk sets the absolute figure (0.01 ms on tmpfs, ~1 ms on a busy ext4); what we add must stay small.
    expect(ours).toBeLessThan(Math.max(0.5, 3 * bare));
  });

  test('journal.ts bundles without sql.js, proper-lockfile or zod', async () => {
    const out = await build({
      entryPoints: [join(ROOT, 'server/engine/store/journal.ts')], bundle: true, platform: 'node', format: 'esm', write: false, logLevel: 'silent',
    });
    const code = out.outputFiles[0]!.text;
    expect(code).not.toMatch(/sql\.js|sql-wasm|initSqlJs/);
    expect(code).not.toMatch(/proper-lockfile|signal-exit|graceful-fs/);
    expect(code).not.toMatch(/\bzod\b/);
  });
});

describe('decision files', () => {
  test('round trip, and null before a decision or for garbage', () => {
    const id = newId();
    expect(readDecision(paths, id)).toBeNull();
    writeDecision(paths, { approvalId: id, status: 'approved', reason: 'ok', decidedBy: 'human:watch', decidedAt: 5 });
    expect(readDecision(paths, id)).toEqual({ approvalId: id, status: 'approved', reason: 'ok', decidedBy: 'human:watch', decidedAt: 5 });
    writeFileSync(join(paths.decisions, 'junk.json'), '{"approvalId":"junk"');
    expect(readDecision(paths, 'junk')).toBeNull();
    expect(readDecision(paths, '../x')).toBeNull();
    expect(() => writeDecision(paths, { approvalId: '../x', status: 'approved', reason: '', decidedBy: '', decidedAt: 0 })).toThrow(/approvalId/);
  });
});

describe('surfaces', () => {
  test('a fresh heartbeat of a live process counts; an old one or one of a dead process does not', async () => {
    beat(paths, 'watch');
    expect(liveSurfaces(paths)).toEqual([`watch-${process.pid}`]);

    const child = spawn(process.execPath, ['-e', '0']);
    const deadPid = child.pid!;
    await new Promise((r) => child.on('exit', r));
    beat(paths, 'vscode', deadPid);
    expect(liveSurfaces(paths)).toEqual([`watch-${process.pid}`]);
    expect(readdirSync(paths.surfaces)).toEqual([`watch-${process.pid}.json`]); // the dead one is swept

    const old = (Date.now() - 10_000) / 1000;
    utimesSync(join(paths.surfaces, `watch-${process.pid}.json`), old, old);
    expect(liveSurfaces(paths)).toEqual([]);
    beat(paths, 'watch');
    expect(liveSurfaces(paths, 5000)).toHaveLength(1);
    endBeat(paths, 'watch');
    expect(liveSurfaces(paths)).toEqual([]);
  });
});

describe('always-rules', () => {
  const rule = (over: Partial<ApprovalRule>): ApprovalRule => ({
    id: newId(), project: '/p', tool: 'Bash', rule: 'git.push', pattern: 'git push origin feature/*', createdAt: 1, createdBy: 'human:cli',
    sourceApproval: null, ...over,
  });
  const req = { project: '/p', tool: 'Bash', rule: 'git.push', summary: 'git push origin feature/login' };

  test('match on project, tool, classifier rule and the glob over the summary', () => {
    const r = rule({});
    expect(matchApprovalRule([r], req)).toBe(r);
    expect(matchApprovalRule([r], { ...req, project: '/q' })).toBeNull();
    expect(matchApprovalRule([r], { ...req, tool: 'Write' })).toBeNull();
    expect(matchApprovalRule([r], { ...req, rule: 'git.force-push' })).toBeNull();
    expect(matchApprovalRule([r], { ...req, summary: 'git push origin main' })).toBeNull();
  });

  test('glob: * any run, ? one character, everything else literal', () => {
    expect(matchApprovalRule([rule({ pattern: 'npm run ?est' })], { ...req, summary: 'npm run test' })).not.toBeNull();
    expect(matchApprovalRule([rule({ pattern: 'npm run ?est' })], { ...req, summary: 'npm run tests' })).toBeNull();
    expect(matchApprovalRule([rule({ pattern: 'a.b(c)[d]' })], { ...req, summary: 'a.b(c)[d]' })).not.toBeNull();
    expect(matchApprovalRule([rule({ pattern: 'a.b' })], { ...req, summary: 'axb' })).toBeNull();
    expect(matchApprovalRule([rule({ pattern: '*' })], { ...req, summary: 'line 1\nline 2' })).not.toBeNull();
  });

  test('readRulesSnapshot: [] when missing or corrupt, valid entries otherwise', () => {
    expect(readRulesSnapshot(paths)).toEqual([]);
    mkdirSync(paths.dir, { recursive: true });
    writeFileSync(paths.rules, '{"rules": [');
    expect(readRulesSnapshot(paths)).toEqual([]);
    const r = rule({});
    writeFileSync(paths.rules, JSON.stringify({ version: 1, rules: [r, { id: 3 }] }));
    expect(readRulesSnapshot(paths)).toEqual([r]);
  });
});
