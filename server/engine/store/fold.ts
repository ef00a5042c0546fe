/**
 * Folding the hooks' journal into the database, and retention. Runs inside a `Store` under the lock; the
 * store deletes the folded files only after the database that contains them has been renamed into place.
 */
import { appendFileSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from './db.js';
import { ensureDir, unlinkQuietly } from './files.js';
import type { JournalEvent } from './journal.js';
import type { StorePaths } from './paths.js';
import { approvals, audit } from './repos.js';
import { sessionCosts } from './repos-sessions.js';
import { defaultAlertingConfig } from '../alerting/defaults.js';
import type { AlertingConfig } from '../alerting/types.js';
import { TrialFolder } from './fold-trials.js';

/** How much history is kept (docs/store.md). */
export interface Retention {
  /** Audit events older than this many days are pruned … */
  auditDays: number;
  /** … beyond the newest this many. */
  auditKeep: number;
  /** Trials beyond the newest this many are pruned. */
  trialsKeep: number;
  /** Expired approvals older than this many days are deleted (their audit rows stay). */
  expiredApprovalDays: number;
  /** Ids of applied journal events are remembered this many days. */
  appliedDays: number;
  /** Pruning runs at most this often (ms). */
  everyMs: number;
}

export const DEFAULT_RETENTION: Retention = {
  auditDays: 90,
  auditKeep: 100_000,
  trialsKeep: 100_000,
  expiredApprovalDays: 30,
  appliedDays: 7,
  everyMs: 3_600_000,
};

const DAY = 86_400_000;

type FieldType = 's' | 'n' | 's?' | 'n?' | 'b' | 'a';
const FIELDS: Record<JournalEvent['type'], Record<string, FieldType>> = {
  audit: {
    id: 's', ts: 'n', session: 's', project: 's', cwd: 's', tool: 's', decision: 's', category: 's?', rule: 's?', reason: 's',
    summary: 's', decidedBy: 's?',
  },
  'approval.created': {
    id: 's', ts: 'n', approvalId: 's', tool: 's', summary: 's', input: 's', rule: 's', reason: 's', project: 's', session: 's',
    expiresAt: 'n',
  },
  'approval.resolved': { id: 's', ts: 'n', approvalId: 's', status: 's', decidedBy: 's', reason: 's' },
  trial: {
    id: 's', ts: 'n', session: 's', project: 's', tool: 's', operation: 's', passed: 'b', score: 'n', failureType: 's?', reason: 's',
    input: 's', output: 's', results: 'a', prompt: 's?', durationMs: 'n?', source: 's', provider: 's?', model: 's?', costUsd: 'n?',
  },
  'immune.warned': { id: 's', ts: 'n', session: 's', project: 's', source: 's', risk: 'n', patternIds: 'a' },
  'session.cost': {
    id: 's', ts: 'n', session: 's', project: 's', transcript: 's', costUsd: 'n', inputTokens: 'n', outputTokens: 'n', cacheReadTokens: 'n',
    cacheWriteTokens: 'n', startedAt: 'n', models: 'a', unpriced: 'a', priceDate: 's', capUsd: 'n?',
  },
};
const EXPECTED: Record<FieldType, string> = {
  s: 'a string', n: 'a number', 's?': 'a string or null', 'n?': 'a number or null', b: 'true or false', a: 'an array',
};

function fieldOk(t: FieldType, v: unknown): boolean {
  switch (t) {
    case 's': return typeof v === 'string';
    case 'n': return typeof v === 'number' && Number.isFinite(v);
    case 's?': return v === null || v === undefined || typeof v === 'string';
    case 'n?': return v === null || v === undefined || (typeof v === 'number' && Number.isFinite(v));
    case 'b': return typeof v === 'boolean';
    case 'a': return Array.isArray(v);
  }
}
const DECISIONS = new Set(['allow', 'ask', 'deny', 'none']);
const RESOLUTIONS = new Set(['approved', 'denied', 'expired']);

/** The event in a journal file's text, or a reason it is not one. */
export function parseJournalEvent(text: string): JournalEvent | string {
  let o: Record<string, unknown>;
  try {
    o = JSON.parse(text) as Record<string, unknown>;
  } catch (err) {
    return `not JSON (${(err as Error).message})`;
  }
  if (typeof o !== 'object' || o === null) return 'not an object';
  const fields = FIELDS[o.type as JournalEvent['type']];
  if (!fields || !Object.hasOwn(FIELDS, o.type as string)) return `unknown event type ${JSON.stringify(o.type)}`;
  for (const [k, t] of Object.entries(fields)) {
    const v = o[k];
    if (!fieldOk(t, v)) return `${String(o.type)}.${k}: expected ${EXPECTED[t]}, got ${JSON.stringify(v)}`;
  }
  if (o.type === 'audit' && !DECISIONS.has(o.decision as string)) return `audit.decision: got ${JSON.stringify(o.decision)}`;
  if (o.type === 'approval.resolved' && !RESOLUTIONS.has(o.status as string)) return `approval.resolved.status: got ${JSON.stringify(o.status)}`;
  if (o.type === 'session.cost' && o.session === '') return 'session.cost.session: must not be empty';
  return o as unknown as JournalEvent;
}

/** Applies one event. Idempotent on its own (upserts, INSERT OR IGNORE) as well as through journal_applied. */
function apply(db: Db, e: JournalEvent, trials: TrialFolder): void {
  switch (e.type) {
    case 'trial':
      trials.trial(e);
      return;
    case 'immune.warned':
      trials.warned(e);
      return;
    case 'session.cost':
      sessionCosts.upsert(db, {
        session: e.session, project: e.project, transcript: e.transcript, cost_usd: e.costUsd, input_tokens: e.inputTokens,
        output_tokens: e.outputTokens, cache_read_tokens: e.cacheReadTokens, cache_write_tokens: e.cacheWriteTokens, started_at: e.startedAt,
        updated_at: e.ts, data: { models: e.models, unpriced: e.unpriced, priceDate: e.priceDate, capUsd: e.capUsd ?? null },
      });
      return;
    case 'audit':
      audit.insert(db, {
        id: e.id, ts: e.ts, kind: 'decision', session: e.session, project: e.project, cwd: e.cwd, tool: e.tool, decision: e.decision,
        category: e.category ?? null, rule: e.rule ?? null, reason: e.reason, summary: e.summary, decided_by: e.decidedBy ?? null,
      });
      return;
    case 'approval.created':
      approvals.create(db, {
        id: e.approvalId, tool_name: e.tool, summary: e.summary, input: e.input, rule: e.rule, reason: e.reason, project: e.project,
        session: e.session, created_at: e.ts, expires_at: e.expiresAt,
      });
      return;
    case 'approval.resolved': {
      approvals.resolve(db, e.approvalId, { status: e.status, decidedBy: e.decidedBy, reason: e.reason, ts: e.ts });
      const item = approvals.get(db, e.approvalId);
      audit.insert(db, {
        id: e.id, ts: e.ts, kind: 'approval.resolved', session: item?.session ?? '', project: item?.project ?? '', tool: item?.tool_name ?? '',
        decision: e.status === 'approved' ? 'allow' : e.status === 'denied' ? 'deny' : 'none', rule: item?.rule || null, reason: e.reason,
        summary: item?.summary ?? '', decided_by: e.decidedBy, approval_id: e.approvalId,
      });
      return;
    }
  }
}

export interface FoldBatch {
  /** Events applied now. */
  applied: number;
  /** Failure patterns changed (immune.json is rewritten after the commit). */
  patternsChanged: boolean;
  /** Alerts recorded (sent after the commit by a process that has notifiers). */
  alertsRaised: number;
  /** Journal files to delete once the database holding them is in place (applied now or before). */
  done: string[];
  /** Files that were not events: moved to backups/journal-rejected/, with the reasons. */
  rejected: string[];
}

/** Folds the named journal files into `db`, in one transaction. */
export function foldFiles(db: Db, paths: StorePaths, names: string[], now: number, alerting: AlertingConfig = defaultAlertingConfig()): FoldBatch {
  const out: FoldBatch = { applied: 0, patternsChanged: false, alertsRaised: 0, done: [], rejected: [] };
  const trials = new TrialFolder(db, alerting, now);
  db.tx(() => {
    for (const name of names) {
      let text: string;
      try {
        text = readFileSync(join(paths.journal, name), 'utf8');
      } catch {
        continue; // folded and deleted by another process meanwhile
      }
      const lines = text.split('\n');
      lines.forEach((line, i) => {
        if (!line.trim()) return;
        const e = parseJournalEvent(line);
        if (typeof e === 'string') return reject(paths, name, i + 1, line, e, out);
        if (!db.get('SELECT 1 FROM journal_applied WHERE id = ?', [e.id])) {
          apply(db, e, trials);
          db.run('INSERT INTO journal_applied (id, applied_at) VALUES (?, ?)', [e.id, now]);
          out.applied++;
        }
      });
      out.done.push(name);
    }
    trials.finish();
  });
  out.patternsChanged = trials.patternsChanged;
  out.alertsRaised = trials.alertsRaised;
  return out;
}

/** A line that is not an event (cut by a crash mid-write, or foreign) is kept aside with its reason, once. */
function reject(paths: StorePaths, name: string, lineNo: number, line: string, why: string, out: FoldBatch): void {
  if (/^applied-/.test(name)) return; // reported when the segment was first folded
  const dir = join(paths.backups, 'journal-rejected');
  try {
    ensureDir(dir);
    appendFileSync(join(dir, name), `${line}\n`, { mode: 0o600 });
    out.rejected.push(`${name}:${lineNo}: ${why} (kept in ${join(dir, name)})`);
  } catch {
    // reported again next time
  }
}

/** Whether pruning is due (it runs at most every `r.everyMs`). */
export function pruneDue(db: Db, r: Retention, now: number): boolean {
  const last = Number(db.get<{ value: string }>("SELECT value FROM meta WHERE key = 'last_prune'")?.value ?? 0);
  return now - last >= r.everyMs || now < last;
}

/** Applies retention (docs/store.md); returns the number of rows removed. */
export function prune(db: Db, r: Retention, now: number): number {
  return db.tx(() => {
    let n = approvals.expireOverdue(db, now);
    n += db.run(
      `DELETE FROM audit_events WHERE ts < ? AND ts < (SELECT ts FROM audit_events ORDER BY ts DESC LIMIT 1 OFFSET ?)`,
      [now - r.auditDays * DAY, r.auditKeep - 1],
    );
    const trials = db.run('DELETE FROM trials WHERE rowid IN (SELECT rowid FROM trials ORDER BY ts DESC LIMIT -1 OFFSET ?)', [r.trialsKeep]);
    if (trials > 0) n += trials + db.run('DELETE FROM grader_results WHERE trial_id NOT IN (SELECT id FROM trials)');
    n += db.run("DELETE FROM approvals WHERE status = 'expired' AND created_at < ?", [now - r.expiredApprovalDays * DAY]);
    n += db.run('DELETE FROM journal_applied WHERE applied_at < ?', [now - r.appliedDays * DAY]);
    n += db.run('DELETE FROM immune_warnings WHERE ts < ?', [now - r.auditDays * DAY]);
    db.run("INSERT INTO meta (key, value) VALUES ('last_prune', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value", [String(now)]);
    return n;
  });
}

/** Removes leftovers on disk: decision files older than a day, journal temp files older than an hour. */
export function pruneFiles(paths: StorePaths, now: number): void {
  sweep(paths.decisions, (n) => n.endsWith('.json') || n.includes('.tmp-'), now - DAY);
  sweep(paths.journal, (n) => n.startsWith('.') && n.endsWith('.tmp'), now - 3_600_000);
  sweep(paths.sessions, (n) => n.endsWith('.json'), now - 7 * DAY);
}

function sweep(dir: string, match: (name: string) => boolean, olderThan: number): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const n of names) {
    if (!match(n)) continue;
    try {
      if (statSync(join(dir, n)).mtimeMs < olderThan) unlinkQuietly(join(dir, n));
    } catch {
      // gone already
    }
  }
}
