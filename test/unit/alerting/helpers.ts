// Builders for alert inputs and a driver that folds events one by one, as the store does.
import { defaultAlertingConfig, emptyAlertHistory } from '../../../server/engine/alerting/defaults.js';
import { evaluateAlerts } from '../../../server/engine/alerting/evaluate.js';
import type { Alert, AlertHistory, AlertingConfig, AlertInput } from '../../../server/engine/alerting/types.js';

export const T0 = Date.UTC(2025, 0, 15, 12, 0, 0);
export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;

export const failed = (over: Partial<AlertInput> = {}): AlertInput => ({
  ts: T0, project: '/home/dev/shop', session: 's1', outcome: 'failed', ...over,
});
export const passed = (over: Partial<AlertInput> = {}): AlertInput => ({
  ts: T0, project: '/home/dev/shop', session: 's1', outcome: 'passed', ...over,
});

/** A config with the defaults and the given rule / cool-down changes. */
export function configWith(change: (c: AlertingConfig) => void = () => {}): AlertingConfig {
  const config = defaultAlertingConfig();
  change(config);
  return config;
}

/** Folds the events in order (each at its own time unless `lateBy` delays the fold) and collects every alert. */
export function fold(
  events: readonly AlertInput[],
  config: AlertingConfig = defaultAlertingConfig(),
  options: { history?: AlertHistory; lateBy?: number } = {},
): { alerts: Alert[]; history: AlertHistory; perEvent: Alert[][] } {
  let history = options.history ?? emptyAlertHistory();
  const perEvent: Alert[][] = [];
  for (const event of events) {
    const result = evaluateAlerts(event, history, config, event.ts + (options.lateBy ?? 0));
    perEvent.push(result.alerts);
    history = result.history;
  }
  return { alerts: perEvent.flat(), history, perEvent };
}

/** `count` failures of one session, `every` ms apart from `start`. */
export function failures(count: number, every: number, over: Partial<AlertInput> = {}, start = T0): AlertInput[] {
  return Array.from({ length: count }, (_, i) => failed({ ...over, ts: start + i * every }));
}

export const kinds = (alerts: readonly Alert[]): string[] => alerts.map((a) => a.kind);

/** A recorded alert, as the store hands it to dispatch. */
export const anAlert = (over: Partial<Alert> = {}): Alert => ({
  id: 'a-1',
  ts: T0,
  severity: 'critical',
  kind: 'consecutive_failures',
  message: '3 consecutive failures detected in session s1',
  project: '/home/dev/shop',
  patternId: 'p-1',
  dedupKey: 'consecutive_failures:/home/dev/shop:s1',
  data: { streak: 3, session: 's1' },
  ...over,
});
