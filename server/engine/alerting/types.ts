/**
 * The alerting system's plain data: what it is fed (an outcome, with the failure pattern it formed),
 * the compact history it keeps between events, the alerts it raises and the notifiers that carry them.
 * No I/O and no imports with a run-time cost: the store's fold imports these on every event.
 */

export const ALERT_SEVERITIES = ['info', 'warning', 'critical'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

export const ALERT_KINDS = ['high_risk', 'frequency_spike', 'new_pattern', 'consecutive_failures'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export interface Alert {
  /** Assigned by the store when the alert is recorded. */
  id?: string;
  /** When the alert was raised (the evaluation's `now`), ms since the epoch. */
  ts: number;
  severity: AlertSeverity;
  kind: AlertKind;
  /** One line for a human, e.g. "Failure frequency spike: 6 failures in last hour (limit: 5)". */
  message: string;
  /** The project the failures happened in ('' when unknown). */
  project: string;
  patternId?: string;
  /** Alerts with the same key are one alert, repeated only after the kind's cool-down. */
  dedupKey: string;
  /** The numbers behind the message (counts, thresholds, the triggering event's time and session). */
  data: Record<string, unknown>;
}

/** One graded outcome, as the immune system folds it. */
export interface AlertInput {
  /** When the outcome happened, ms since the epoch. */
  ts: number;
  project: string;
  session: string;
  outcome: 'passed' | 'failed';
  /** The failure pattern this failure was merged into. */
  patternId?: string;
  /** True when this failure created its pattern (first sight). */
  isNewPattern?: boolean;
  /** The pattern's risk (decayed relevance), in [0, 1]. */
  risk?: number;
  operation?: string;
  failureType?: string;
}

/** What the history keeps of one outcome. */
export interface OutcomeRecord {
  ts: number;
  project: string;
  session: string;
  passed: boolean;
  patternId?: string;
}

/** What evaluation needs to remember between events: small, JSON-serialisable, bounded. */
export interface AlertHistory {
  /** Oldest first, newest last; at most a day old and `HISTORY_MAX_OUTCOMES` long. */
  outcomes: OutcomeRecord[];
  /** When each dedup key last fired (the triggering event's time), while its cool-down may still hold. */
  lastFired: Record<string, number>;
}

export interface AlertEvaluation {
  alerts: Alert[];
  history: AlertHistory;
}

/** Cool-down in minutes, or 'never': an alert with the same key is never raised again. */
export type Cooldown = number | 'never';

/** The rule names as they appear in the config file (camelCase of the alert kinds). */
export type RuleName = 'highRisk' | 'frequencySpike' | 'newPattern' | 'consecutiveFailures';

export interface WebhookTarget {
  url: string;
  headers: Record<string, string>;
  minSeverity: AlertSeverity;
  timeoutMs: number;
  retries: number;
}

export interface SlackTarget {
  webhookUrl: string;
  minSeverity: AlertSeverity;
  timeoutMs: number;
  retries: number;
}

/** The alerting settings in force, every default filled in (see `parseAlertingConfig`). */
export interface AlertingConfig {
  enabled: boolean;
  console: boolean;
  webhooks: WebhookTarget[];
  slack: SlackTarget[];
  rules: {
    highRisk: { enabled: boolean; threshold: number };
    frequencySpike: { enabled: boolean; maxPerHour: number };
    newPattern: { enabled: boolean };
    consecutiveFailures: { enabled: boolean; threshold: number };
  };
  cooldownMinutes: Record<RuleName, Cooldown>;
}

/** What one delivery attempt sequence ended with. */
export interface SendResult {
  ok: boolean;
  /** The last HTTP status received, if any. */
  status?: number;
  error?: string;
  /** Requests made (1 for a console line; 0 when nothing was tried). */
  attempts: number;
}

export interface Notifier {
  /** Names the notifier in dispatch results, e.g. "console", "webhook:hooks.example.com". Never a secret. */
  readonly name: string;
  /** Alerts below this severity are not sent to this notifier. */
  readonly minSeverity: AlertSeverity;
  /** Sends one alert. Resolves (never rejects) within the notifier's own time bound. */
  send(alert: Alert): Promise<SendResult>;
}

export interface DispatchResult extends SendResult {
  notifier: string;
  alertId?: string;
  dedupKey: string;
}

const RANK: Record<AlertSeverity, number> = { info: 0, warning: 1, critical: 2 };

/**
 * Whether `severity` is at least `min`.
 *
 * @example
 * atLeast('critical', 'warning') // → true
 * atLeast('info', 'warning')     // → false
 */
export function atLeast(severity: AlertSeverity, min: AlertSeverity): boolean {
  return RANK[severity] >= RANK[min];
}
