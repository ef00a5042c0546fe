/**
 * The extension's one door to the state: opens the Store for the configured state directory (lazily,
 * again when the setting changes), reads the three views' states through the engine's functions and
 * records decisions with decideApproval. No vscode here, so it is tested on a real store.
 *
 * Store calls are queued: one at a time, so a refresh and a decision never race inside this process (the
 * store's lock orders them against the hooks and the CLI).
 */
import { costSummary } from '../../server/engine/cost/summary.js';
import { loadDashboard } from '../../server/engine/runtime/immune-dashboard.js';
import { DECIDED_BY, decideApproval } from '../../server/engine/runtime/inbox.js';
import { ApprovalError, approvals, audit, costLedger, type ApprovalItem } from '../../server/engine/store/repos.js';
import { gradedTrials, immuneAlerts } from '../../server/engine/store/repos-immune.js';
import { Store, StoreError } from '../../server/engine/store/store.js';
import { costState, dashboardState, inboxState } from './mapping.js';
import type { CostState, DashboardState, InboxState } from './protocol.js';

export interface ServiceConfig {
  /** The state directory (already resolved: setting, else TASK_ORCHESTRATOR_HOME, else ~/.task-orchestrator). */
  stateDir: string;
  /** Only this project's items, or null for all. */
  project: string | null;
}

export type DecisionAction = { kind: 'approve' } | { kind: 'approveAlways'; pattern: string } | { kind: 'deny'; reason: string };

export interface DecisionOutcome {
  ok: boolean;
  message: string;
}

export interface StateServiceOptions {
  /** Called after every store call that may have written (a decision, a read that folded the journal). */
  onStoreCall?: () => void;
  /** Opens the store (tests inject options such as a short lock timeout). */
  open?: (stateDir: string) => Promise<Store>;
}

const HISTORY = 30;

export class StateService {
  private opened: { dir: string; store: Promise<Store> } | null = null;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly config: () => ServiceConfig,
    private readonly opts: StateServiceOptions = {},
  ) {}

  /** The store for the current setting; re-opened when the directory changed. Rejects with a StoreError. */
  store(): Promise<Store> {
    const dir = this.config().stateDir;
    if (this.opened?.dir !== dir) {
      this.close();
      const store = (this.opts.open ?? ((d: string) => Store.open(d)))(dir);
      this.opened = { dir, store };
      // A failed open is retried at the next call (the directory may be created or fixed meanwhile).
      store.catch(() => {
        if (this.opened?.store === store) this.opened = null;
      });
    }
    return this.opened!.store;
  }

  /** The inbox: live pending requests oldest first, the recent decisions; a store problem becomes a notice. */
  inbox(now = Date.now()): Promise<InboxState> {
    const { project } = this.config();
    return this.guard(
      async (store) => {
        const filter = project === null ? {} : { project };
        const rows = await store.read((db) => merge(approvals.list(db, { status: 'pending', ...filter, limit: 200 }), approvals.list(db, { ...filter, limit: HISTORY + 50 })));
        return inboxState(rows, { project, notices: [...store.notices], now, historyLimit: HISTORY });
      },
      (notice) => ({ pending: [], history: [], project, notices: [notice], at: now }),
    );
  }

  /** The immune dashboard over `days` days; `hasData` false until something was graded. */
  dashboard(now = Date.now(), days = 7): Promise<DashboardState> {
    const { project } = this.config();
    return this.guard(
      async (store) => {
        const d = await loadDashboard(store, { now, days, ...(project === null ? {} : { project }) });
        const extra = await store.read((db) => ({
          recentTrials: gradedTrials.list(db, { limit: 20, ...(project === null ? {} : { project }) }),
          alerts: immuneAlerts.list(db, { limit: 20 }).filter((a) => project === null || a.project === '' || a.project === project),
        }));
        return dashboardState(d, { ...extra, notices: [...store.notices], now });
      },
      (notice) => emptyDashboard(now, days, notice),
    );
  }

  /** Spend today and this month per provider against its budgets, 30 days by provider, Claude Code sessions. */
  cost(now = Date.now()): Promise<CostState> {
    return this.guard(
      async (store) =>
        store.read((db) => {
          const summary = costSummary(db, { now });
          const priceDate = costLedger.list(db, { limit: 1 })[0]?.price_date || null;
          return costState(summary, (provider, since, until) => costLedger.spend(db, { provider, since, until }), { now, priceDate, notices: [...store.notices] });
        }),
      (notice) => ({ hasData: false, providers: [], daily: [], claudeSessions: [], priceDate: null, notices: [notice], at: now }),
    );
  }

  /**
   * Decides approval `id` as the human in VS Code. Never rejects: an unknown id, an item already decided
   * or expired, a bad pattern or a store error comes back as `{ ok: false, message }`.
   */
  async decide(id: string, action: DecisionAction): Promise<DecisionOutcome> {
    try {
      if (typeof id !== 'string' || id.trim() === '') throw new ApprovalError('NOT_FOUND', 'no approval id given: select a request first');
      const pattern = action.kind === 'approveAlways' ? checkPattern(action.pattern) : undefined;
      const reason = action.kind === 'deny' ? action.reason.trim() || 'denied in VS Code' : action.kind === 'approveAlways' ? 'approved always in VS Code' : 'approved in VS Code';
      const { item, rule } = await this.run(async (store) =>
        decideApproval(store, id, {
          status: action.kind === 'deny' ? 'denied' : 'approved',
          reason,
          decidedBy: DECIDED_BY.vscode,
          ...(pattern === undefined ? {} : { alwaysPattern: pattern }),
        }),
      );
      if (action.kind === 'deny') return { ok: true, message: `Denied: ${item.tool_name} ${item.summary} (${reason})` };
      if (rule) return { ok: true, message: `Approved always: ${item.tool_name} calls matching "${rule.pattern}" under rule ${rule.rule} in ${rule.project || 'every project'}` };
      return { ok: true, message: `Approved: ${item.tool_name} ${item.summary}` };
    } catch (err) {
      return { ok: false, message: decisionError(id, err) };
    }
  }

  /** The most recent audit events as plain text, one per line, newest first (for a read-only document). */
  auditText(limit = 200): Promise<string> {
    const { project } = this.config();
    return this.run(async (store) => {
      const events = await store.read((db) => audit.query(db, { limit, ...(project === null ? {} : { project }) }));
      const head = `# Task Orchestrator audit log: ${events.length} most recent event(s)${project === null ? '' : ` for ${project}`}, newest first (${store.paths.db})`;
      const lines = events.map((e) =>
        [new Date(e.ts).toISOString(), e.kind, e.decision, e.tool || '-', e.rule ?? '-', e.decided_by ?? '-', e.summary, e.reason ? `— ${e.reason}` : '']
          .filter((x) => x !== '')
          .join('  '),
      );
      return [head, ...store.notices.map((n) => `# notice: ${n}`), '', ...lines, ''].join('\n');
    });
  }

  /** Closes the open store (deactivate, or the setting changed). */
  close(): void {
    const opened = this.opened;
    this.opened = null;
    opened?.store.then((s) => s.close(), () => undefined);
  }

  private run<T>(fn: (store: Store) => Promise<T>): Promise<T> {
    const next = this.queue.then(async () => {
      try {
        return await fn(await this.store());
      } finally {
        this.opts.onStoreCall?.();
      }
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async guard<T>(fn: (store: Store) => Promise<T>, fallback: (notice: string) => T): Promise<T> {
    try {
      return await this.run(fn);
    } catch (err) {
      return fallback(`${this.config().stateDir}: ${(err as Error).message}`);
    }
  }
}

function merge(a: ApprovalItem[], b: ApprovalItem[]): ApprovalItem[] {
  const seen = new Set(a.map((x) => x.id));
  return [...a, ...b.filter((x) => !seen.has(x.id))].sort((x, y) => y.created_at - x.created_at);
}

function checkPattern(p: unknown): string {
  if (typeof p !== 'string' || p.trim() === '') throw new TypeError('the "approve always" pattern is empty: give the command or path the rule should match');
  if (p.length > 2048) throw new TypeError(`the "approve always" pattern is ${p.length} characters long; at most 2048`);
  return p;
}

function decisionError(id: string, err: unknown): string {
  if (err instanceof ApprovalError) return err.message;
  if (err instanceof StoreError) return `could not record the decision on ${id}: ${err.message}`;
  return `could not decide ${id}: ${(err as Error)?.message ?? String(err)}`;
}

function emptyDashboard(now: number, days: number, notice: string): DashboardState {
  return {
    hasData: false, days, health: { status: 'no-data', reason: 'the state could not be read' }, failureRate: null, previousFailureRate: null, trend: 'stable',
    totals: { trials: 0, failures: 0, patterns: 0, warnings: 0 }, daily: [], patterns: [], recentTrials: [], alerts: [], notices: [notice], at: now,
  };
}
