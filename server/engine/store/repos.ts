/**
 * Typed access to the tables: pure functions over a `Db`, used inside `Store.read()`/`Store.write()`.
 * Every text that reaches a table goes through `redact()` first. Approvals and always-rules are here; the
 * audit log is in repos-audit.ts and the later issues' tables (trials, cost, …) in repos-runs.ts, both
 * re-exported from here.
 */
import { redact } from '../redact.js';
import type { Db, SqlValue } from './db.js';
import { type ApprovalRule, newId } from './journal.js';
import { audit } from './repos-audit.js';

export * from './repos-audit.js';
export * from './repos-runs.js';

export type ApprovalStatus = 'pending' | 'approved' | 'denied' | 'expired';

/** One inbox item. snake_case: this is also the shape of `inbox list --json`. */
export interface ApprovalItem {
  id: string;
  status: ApprovalStatus;
  tool_name: string;
  summary: string;
  /** The tool input as JSON, redacted. */
  input: string;
  rule: string;
  reason: string;
  project: string;
  session: string;
  created_at: number;
  expires_at: number;
  decided_at: number | null;
  /** `human:cli` | `human:vscode` | `human:watch` | `rule:<id>` | `timeout` | `no-surface` */
  decided_by: string | null;
  decision_reason: string | null;
}

export interface NewApproval {
  id?: string;
  tool_name: string;
  summary: string;
  input: string;
  rule: string;
  reason: string;
  project: string;
  session: string;
  created_at?: number;
  expires_at: number;
}

/** Why `approvals.decide` refused: the CLI maps it to a message and a non-zero exit. */
export class ApprovalError extends Error {
  override readonly name = 'ApprovalError';
  constructor(
    readonly code: 'NOT_FOUND' | 'NOT_PENDING' | 'EXPIRED',
    message: string,
  ) {
    super(message);
  }
}

const iso = (ms: number | null) => (ms === null ? '?' : new Date(ms).toISOString());

export const approvals = {
  /**
   * Records a new inbox item (or fills in the details of one whose resolution arrived first). Idempotent.
   * @example approvals.create(db, { tool_name: 'Bash', summary: 'git push', input: '{}', rule: 'git.push', reason, project, session, expires_at })
   */
  create(db: Db, a: NewApproval): ApprovalItem {
    const id = a.id ?? newId();
    const created = a.created_at ?? Date.now();
    db.run(
      `INSERT INTO approvals (id, status, tool_name, summary, input, rule, reason, project, session, created_at, expires_at)
       VALUES (?, 'pending', ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET tool_name = excluded.tool_name, summary = excluded.summary, input = excluded.input,
         rule = excluded.rule, reason = excluded.reason, project = excluded.project, session = excluded.session,
         created_at = excluded.created_at, expires_at = excluded.expires_at`,
      [id, a.tool_name, redact(a.summary), redact(a.input), a.rule, redact(a.reason), a.project, a.session, created, a.expires_at],
    );
    return approvals.get(db, id)!;
  },

  get(db: Db, id: string): ApprovalItem | null {
    return db.get<ApprovalItem>('SELECT * FROM approvals WHERE id = ?', [id]) ?? null;
  },

  /** Newest first. */
  list(db: Db, q: { status?: ApprovalStatus; project?: string; limit?: number } = {}): ApprovalItem[] {
    const where: string[] = [];
    const params: SqlValue[] = [];
    if (q.status) (where.push('status = ?'), params.push(q.status));
    if (q.project) (where.push('project = ?'), params.push(q.project));
    params.push(q.limit ?? 200);
    return db.all<ApprovalItem>(
      `SELECT * FROM approvals ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at DESC, id LIMIT ?`,
      params,
    );
  },

  /**
   * A human's decision. Throws ApprovalError for an unknown id, an item already decided or expired, or one
   * past its expiry (its hook has stopped waiting). After the commit the store writes
   * `inbox/decisions/<id>.json` for the waiting hook; callers need not.
   * @example approvals.decide(db, id, { status: 'denied', reason: 'not on main', decidedBy: 'human:cli' })
   */
  decide(db: Db, id: string, d: { status: 'approved' | 'denied'; reason: string; decidedBy: string; now?: number }): ApprovalItem {
    const item = approvals.get(db, id);
    const now = d.now ?? Date.now();
    if (!item) throw new ApprovalError('NOT_FOUND', `no approval with id ${id} (see \`task-orchestrator inbox list\`)`);
    if (item.status !== 'pending') {
      throw new ApprovalError(
        'NOT_PENDING',
        `approval ${id} is already ${item.status} (by ${item.decided_by ?? '?'} at ${iso(item.decided_at)}); it cannot be decided again`,
      );
    }
    if (item.expires_at <= now) {
      throw new ApprovalError('EXPIRED', `approval ${id} expired at ${iso(item.expires_at)}: its tool call stopped waiting and fell back; nothing to decide`);
    }
    const reason = redact(d.reason);
    db.run(`UPDATE approvals SET status = ?, decided_at = ?, decided_by = ?, decision_reason = ? WHERE id = ?`, [d.status, now, d.decidedBy, reason, id]);
    audit.insert(db, {
      kind: 'approval.decided',
      ts: now,
      session: item.session,
      project: item.project,
      tool: item.tool_name,
      decision: d.status === 'approved' ? 'allow' : 'deny',
      rule: item.rule,
      reason,
      summary: item.summary,
      decided_by: d.decidedBy,
      approval_id: id,
    });
    db.afterCommit.push({ kind: 'decision', approvalId: id, status: d.status, reason, decidedBy: d.decidedBy, decidedAt: now });
    return approvals.get(db, id)!;
  },

  /**
   * Applies a resolution reported by a hook (rule, timeout, no surface): only a pending item changes, so a
   * human's decision is never overwritten. Creates a placeholder when the resolution arrives first.
   */
  resolve(db: Db, id: string, r: { status: 'approved' | 'denied' | 'expired'; decidedBy: string; reason: string; ts: number }): void {
    const reason = redact(r.reason);
    db.run(
      `INSERT INTO approvals (id, status, tool_name, summary, input, rule, reason, project, session, created_at, expires_at, decided_at, decided_by, decision_reason)
       VALUES (?, ?, '', '', '', '', '', '', '', ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET status = excluded.status, decided_at = excluded.decided_at, decided_by = excluded.decided_by,
         decision_reason = excluded.decision_reason WHERE approvals.status = 'pending'`,
      [id, r.status, r.ts, r.ts, r.ts, r.decidedBy, reason],
    );
  },

  /** Marks pending items more than `graceMs` past their expiry as expired (their hook died while waiting). */
  expireOverdue(db: Db, now: number, graceMs = 60_000): number {
    return db.run(
      `UPDATE approvals SET status = 'expired', decided_at = ?, decided_by = 'timeout', decision_reason = 'no answer before expiry'
       WHERE status = 'pending' AND expires_at < ?`,
      [now, now - graceMs],
    );
  },
};

interface RuleRow {
  id: string;
  project: string;
  tool: string;
  rule: string;
  pattern: string;
  created_at: number;
  created_by: string;
  source_approval: string | null;
}

const toRule = (r: RuleRow): ApprovalRule => ({
  id: r.id,
  project: r.project,
  tool: r.tool,
  rule: r.rule,
  pattern: r.pattern,
  createdAt: r.created_at,
  createdBy: r.created_by,
  sourceApproval: r.source_approval,
});

/** "Always" rules. Any change makes the store rewrite rules.json (the hooks' copy) after the commit. */
export const approvalRules = {
  /**
   * Adds a rule, or returns the existing one with the same project, tool, rule and pattern.
   * @example approvalRules.add(db, { project, tool: 'Bash', rule: 'git.push', pattern: 'git push origin feature/*', createdBy: 'human:cli', sourceApproval: id })
   */
  add(
    db: Db,
    r: { project: string; tool: string; rule: string; pattern: string; createdBy: string; sourceApproval?: string | null; id?: string; createdAt?: number },
  ): ApprovalRule {
    const existing = db.get<RuleRow>('SELECT * FROM approval_rules WHERE project = ? AND tool = ? AND rule = ? AND pattern = ?', [
      r.project,
      r.tool,
      r.rule,
      r.pattern,
    ]);
    if (existing) return toRule(existing);
    const row: RuleRow = {
      id: r.id ?? newId(),
      project: r.project,
      tool: r.tool,
      rule: r.rule,
      pattern: r.pattern,
      created_at: r.createdAt ?? Date.now(),
      created_by: r.createdBy,
      source_approval: r.sourceApproval ?? null,
    };
    db.run('INSERT INTO approval_rules VALUES (?, ?, ?, ?, ?, ?, ?, ?)', [
      row.id,
      row.project,
      row.tool,
      row.rule,
      row.pattern,
      row.created_at,
      row.created_by,
      row.source_approval,
    ]);
    db.afterCommit.push({ kind: 'rules' });
    return toRule(row);
  },

  list(db: Db, project?: string): ApprovalRule[] {
    const rows = project === undefined
      ? db.all<RuleRow>('SELECT * FROM approval_rules ORDER BY created_at, id')
      : db.all<RuleRow>('SELECT * FROM approval_rules WHERE project = ? ORDER BY created_at, id', [project]);
    return rows.map(toRule);
  },

  /** Returns whether a rule was removed. */
  remove(db: Db, id: string): boolean {
    const n = db.run('DELETE FROM approval_rules WHERE id = ?', [id]);
    if (n > 0) db.afterCommit.push({ kind: 'rules' });
    return n > 0;
  },

  /** Every rule, as written to rules.json. */
  snapshot(db: Db): ApprovalRule[] {
    return approvalRules.list(db);
  },
};
