/**
 * From the engine's rows to the views' states (protocol.ts): pure functions, no vscode, no I/O. Texts are
 * redacted again on the way out — the store redacted them on the way in, but a view is where a leaked
 * secret would be seen.
 */
import type { CostSummary } from '../../server/engine/cost/summary.js';
import type { Dashboard } from '../../server/engine/immune/dashboard.js';
import { redact } from '../../server/engine/redact.js';
import { defaultAlwaysPattern } from '../../server/engine/runtime/inbox.js';
import type { ApprovalItem } from '../../server/engine/store/repos.js';
import type { GradedTrial, StoredAlert } from '../../server/engine/store/repos-immune.js';
import type { AlertRow, CostState, DashboardState, DecidedItem, InboxItem, InboxState, TrialRow } from './protocol.js';

const DAY_MS = 86_400_000;

/**
 * @example
 * toInboxItem(approvals.get(db, id)!).alwaysPattern // 'rm -rf build/?' for the summary 'rm -rf build/*'
 */
export function toInboxItem(a: ApprovalItem): InboxItem {
  const summary = redact(a.summary);
  return {
    id: a.id, tool: a.tool_name, summary, rule: a.rule, reason: redact(a.reason), project: a.project, session: a.session,
    createdAt: a.created_at, expiresAt: a.expires_at, alwaysPattern: defaultAlwaysPattern(summary),
  };
}

/**
 * A decided item for the history; a pending one past its expiry shows as expired (its hook stopped waiting).
 * @example toDecidedItem(item).status // 'approved'
 */
export function toDecidedItem(a: ApprovalItem): DecidedItem {
  return {
    id: a.id, tool: a.tool_name, summary: redact(a.summary), rule: a.rule, status: a.status === 'pending' ? 'expired' : a.status,
    decidedBy: a.decided_by, decidedAt: a.decided_at ?? (a.status === 'pending' ? a.expires_at : null),
    reason: a.decision_reason === null ? null : redact(a.decision_reason), project: a.project,
  };
}

/**
 * The inbox from the newest approvals (any status): live pending ones oldest first (first come, first
 * asked), the rest as history, newest first.
 * @example inboxState(approvals.list(db, { limit: 200 }), { project: null, notices: [], now: Date.now() })
 */
export function inboxState(rows: readonly ApprovalItem[], q: { project: string | null; notices: string[]; now: number; historyLimit?: number }): InboxState {
  const live = rows.filter((a) => a.status === 'pending' && a.expires_at > q.now);
  const history = rows.filter((a) => !(a.status === 'pending' && a.expires_at > q.now)).slice(0, q.historyLimit ?? 30);
  return {
    pending: live.map(toInboxItem).sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1)),
    history: history.map(toDecidedItem),
    project: q.project,
    notices: q.notices,
    at: q.now,
  };
}

function trialRow(t: GradedTrial): TrialRow {
  return {
    id: t.id, ts: t.ts, tool: t.tool, operation: t.operation, passed: t.passed, failureType: t.failureType, reason: redact(t.data.reason ?? ''),
    graders: (t.data.results ?? []).map((r) => ({ name: r.name, passed: r.passed, score: r.score, reason: redact(r.reason) })),
  };
}

function alertRow(a: StoredAlert): AlertRow {
  return { id: a.id, ts: a.ts, severity: a.severity, kind: a.kind, message: redact(a.message), cleared: a.acknowledgedAt !== null };
}

/**
 * The dashboard view's state. `hasData` is false until some tool call was graded or a pattern recorded,
 * so the view says so instead of drawing empty charts.
 * @example dashboardState(await loadDashboard(store, { now, days: 7 }), { recentTrials: [], alerts: [], notices: [], now }).hasData // false
 */
export function dashboardState(d: Dashboard, q: { recentTrials: readonly GradedTrial[]; alerts: readonly StoredAlert[]; notices: string[]; now: number }): DashboardState {
  return {
    hasData: q.recentTrials.length > 0 || d.totals.patterns > 0,
    days: d.days,
    health: { status: d.health.status, reason: d.health.reason },
    failureRate: d.failureRate,
    previousFailureRate: d.previousFailureRate,
    trend: d.trend,
    totals: { trials: d.totals.trials, failures: d.totals.failures, patterns: d.totals.patterns, warnings: d.totals.warnings },
    daily: d.daily.map((p) => ({ date: p.date, trials: p.trials, failures: p.failures, byType: { ...p.byType } as Record<string, number> })),
    patterns: d.topPatterns.map((p) => ({
      id: p.id, failureType: p.failureType, operation: p.operation, count: p.count, lastSeen: p.lastSeen, relevance: p.relevance, reason: redact(p.reason),
    })),
    recentTrials: q.recentTrials.map(trialRow),
    alerts: q.alerts.map(alertRow),
    notices: q.notices,
    at: q.now,
  };
}

/**
 * The UTC days of the `days`-day window ending today, oldest first, as [date, start, end) in ms.
 * @example utcDays(Date.parse('2025-06-03T12:00:00Z'), 2) // [['2025-06-02', …], ['2025-06-03', …]]
 */
export function utcDays(now: number, days: number): Array<[string, number, number]> {
  const today = Math.floor(now / DAY_MS);
  return Array.from({ length: days }, (_, i) => {
    const start = (today - days + 1 + i) * DAY_MS;
    return [new Date(start).toISOString().slice(0, 10), start, start + DAY_MS];
  });
}

/**
 * The cost view's state from the engine's summary and the per-day spend (`spendOn(provider, start, end)`,
 * the ledger's sum), over `days` (30) UTC days.
 * @example costState(costSummary(db, { now }), (p, s, e) => costLedger.spend(db, { provider: p, since: s, until: e }), { now, priceDate: null, notices: [] })
 */
export function costState(
  s: CostSummary,
  spendOn: (provider: string, since: number, until: number) => number,
  q: { now: number; priceDate: string | null; notices: string[]; days?: number },
): CostState {
  const daily = utcDays(q.now, q.days ?? 30).map(([date, since, until]) => {
    const byProvider: Record<string, number> = {};
    for (const p of s.providers) {
      const v = spendOn(p.provider, since, until);
      if (v > 0) byProvider[p.provider] = v;
    }
    return { date, byProvider };
  });
  return {
    hasData: s.providers.length > 0 || s.claudeSessions.length > 0,
    providers: s.providers.map((p) => ({
      provider: p.provider, level: p.level,
      today: { spent: p.today.spent, limit: p.today.limit, fraction: p.today.fraction },
      month: { spent: p.month.spent, limit: p.month.limit, fraction: p.month.fraction },
    })),
    daily,
    claudeSessions: s.claudeSessions.map((c) => ({
      session: c.session, project: c.project, costUsd: c.costUsd, updatedAt: c.updatedAt, unpriced: unpricedOf(c.data),
    })),
    priceDate: q.priceDate,
    notices: q.notices,
    at: q.now,
  };
}

function unpricedOf(data: unknown): string[] {
  const u = (data as { unpriced?: unknown } | null)?.unpriced;
  return Array.isArray(u) ? u.filter((x): x is string => typeof x === 'string') : [];
}
