/**
 * The messages between the extension host and its webviews, typed on both sides: the host imports this
 * file, the webview scripts import it too (type-only), so a renamed field is a compile error in both.
 * Plain JSON data only (postMessage structured-clones it).
 */

/** One pending approval as the inbox shows it. */
export interface InboxItem {
  id: string;
  tool: string;
  /** The command or file (the classifier's summary of the call), redacted. */
  summary: string;
  rule: string;
  reason: string;
  project: string;
  session: string;
  createdAt: number;
  expiresAt: number;
  /** The always-rule "Approve always" would create: its pattern, scoped to `project`, `tool` and `rule`. */
  alwaysPattern: string;
}

/** A decided approval, for the history. */
export interface DecidedItem {
  id: string;
  tool: string;
  summary: string;
  rule: string;
  status: 'approved' | 'denied' | 'expired';
  /** `human:vscode`, `human:cli`, `human:watch`, `rule:<id>`, `timeout`, `no-surface`. */
  decidedBy: string | null;
  decidedAt: number | null;
  reason: string | null;
  project: string;
}

export interface InboxState {
  pending: InboxItem[];
  history: DecidedItem[];
  /** Which project's items are shown: a directory, or null for every project. */
  project: string | null;
  /** Problems to show instead of (or above) the list: a corrupt database, a newer schema. */
  notices: string[];
  /** When the host read this (ms). */
  at: number;
}

export interface PatternRow {
  id: string;
  failureType: string;
  operation: string;
  count: number;
  lastSeen: number;
  /** Decayed to now, 0..1. */
  relevance: number;
  reason: string;
}

export interface TrialRow {
  id: string;
  ts: number;
  tool: string;
  operation: string;
  passed: boolean;
  failureType: string | null;
  reason: string;
  /** Grader results, short. */
  graders: Array<{ name: string; passed: boolean; score: number; reason: string }>;
}

export interface AlertRow {
  id: string;
  ts: number;
  severity: 'info' | 'warning' | 'critical';
  kind: string;
  message: string;
  cleared: boolean;
}

export interface DashboardState {
  /** False when there is no graded call yet: the view shows an honest empty state. */
  hasData: boolean;
  days: number;
  health: { status: string; reason: string };
  failureRate: number | null;
  previousFailureRate: number | null;
  trend: string;
  totals: { trials: number; failures: number; patterns: number; warnings: number };
  /** One point per UTC day of the window, oldest first. */
  daily: Array<{ date: string; trials: number; failures: number; byType: Record<string, number> }>;
  patterns: PatternRow[];
  recentTrials: TrialRow[];
  alerts: AlertRow[];
  notices: string[];
  at: number;
}

export interface CostWindow {
  spent: number;
  limit: number | null;
  fraction: number;
}

export interface CostState {
  /** False when nothing was ever spent or budgeted. */
  hasData: boolean;
  providers: Array<{ provider: string; level: string; today: CostWindow; month: CostWindow }>;
  /** Spend per UTC day and provider over the last 30 days, oldest first (for the chart). */
  daily: Array<{ date: string; byProvider: Record<string, number> }>;
  claudeSessions: Array<{ session: string; project: string; costUsd: number; updatedAt: number; unpriced: string[] }>;
  priceDate: string | null;
  notices: string[];
  at: number;
}

/** Host → webview. */
export type HostMessage =
  | { type: 'inbox'; state: InboxState }
  | { type: 'dashboard'; state: DashboardState }
  | { type: 'cost'; state: CostState }
  /** The outcome of a decision the webview asked for. */
  | { type: 'decided'; id: string; ok: boolean; message: string }
  /** Keyboard focus / selection from a command (e.g. "approve the selected item" from the palette). */
  | { type: 'select'; id: string | null };

/** Webview → host. */
export type WebviewMessage =
  | { type: 'ready' }
  | { type: 'approve'; id: string }
  | { type: 'approveAlways'; id: string; pattern: string }
  | { type: 'deny'; id: string; reason: string }
  | { type: 'selected'; id: string | null }
  | { type: 'refresh' }
  | { type: 'openAuditLog' };

/** What a webview keeps with setState/getState across reloads. */
export interface WebviewPersisted {
  selectedId: string | null;
  /** Deny reasons typed but not sent, by item id. */
  drafts: Record<string, string>;
  /** Dashboard: the last tab or section shown. */
  section?: string;
}
