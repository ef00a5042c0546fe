/**
 * The console notifier, the notifiers a config asks for, and `dispatch`, which sends alerts after the
 * store has committed them. The only module here with side effects (and they are injectable).
 */
import { alertLine } from './format.js';
import { slackNotifier } from './slack.js';
import { atLeast } from './types.js';
import type { Alert, AlertingConfig, AlertSeverity, DispatchResult, Notifier, SendResult } from './types.js';
import { webhookNotifier } from './webhook.js';

/**
 * A notifier writing one line per alert, e.g.
 * `[ALERT:CRITICAL] consecutive_failures: 3 consecutive failures detected in session s1 (project /home/dev/shop)`.
 *
 * @example
 * const lines: string[] = [];
 * await consoleNotifier((line) => lines.push(line)).send(alert) // → { ok: true, attempts: 1 }
 */
export function consoleNotifier(
  write: (line: string) => unknown = (line) => process.stderr.write(line),
  options: { minSeverity?: AlertSeverity; name?: string } = {},
): Notifier {
  return {
    name: options.name ?? 'console',
    minSeverity: options.minSeverity ?? 'info',
    send: async (alert) => {
      try {
        write(`${alertLine(alert)}\n`);
        return { ok: true, attempts: 1 };
      } catch (e) {
        return { ok: false, error: e instanceof Error ? e.message : String(e), attempts: 1 };
      }
    },
  };
}

/**
 * The notifiers the config asks for, in order: console, webhooks, Slack; none when alerting is off.
 *
 * @example
 * buildNotifiers(parseAlertingConfig(settings.alerting).config).map((n) => n.name)
 * // → ['console', 'webhook:hooks.example.com', 'slack:hooks.slack.com']
 */
export function buildNotifiers(
  config: AlertingConfig,
  deps: { fetch?: typeof globalThis.fetch; write?: (line: string) => unknown } = {},
): Notifier[] {
  if (!config.enabled) return [];
  const http = deps.fetch === undefined ? {} : { fetch: deps.fetch };
  return [
    ...(config.console ? [consoleNotifier(deps.write)] : []),
    ...config.webhooks.map((w) => webhookNotifier({ ...w, ...http })),
    ...config.slack.map((s) => slackNotifier({ ...s, ...http })),
  ];
}

export interface DispatchOptions {
  /** Per notifier name: raises (or lowers) that notifier's own `minSeverity`. */
  minSeverity?: Record<string, AlertSeverity>;
  /** A guard for notifiers that do not keep their own time bound, default 60000 ms per alert. */
  timeoutMs?: number;
}

/**
 * Sends every alert to every notifier whose minimum severity it meets: notifiers concurrently, each
 * one's alerts in order (so a rate-limited receiver is not hit in parallel). Never rejects: a failed
 * or throwing notifier is a result with `ok: false`. Alerts filtered out by severity have no result.
 *
 * @example
 * const results = await dispatch(alerts, buildNotifiers(config));
 * // → [{ notifier: 'console', alertId: 'a1', dedupKey: '…', ok: true, attempts: 1 }, …]
 */
export async function dispatch(
  alerts: readonly Alert[],
  notifiers: readonly Notifier[],
  options: DispatchOptions = {},
): Promise<DispatchResult[]> {
  const guardMs = options.timeoutMs ?? 60_000;
  const perNotifier = await Promise.all(
    notifiers.map(async (notifier) => {
      const min = options.minSeverity?.[notifier.name] ?? notifier.minSeverity;
      const results: DispatchResult[] = [];
      for (const alert of alerts) {
        if (!atLeast(alert.severity, min)) continue;
        const sent = await guarded(() => notifier.send(alert), guardMs);
        const result: DispatchResult = { notifier: notifier.name, dedupKey: alert.dedupKey, ...sent };
        if (alert.id !== undefined) result.alertId = alert.id;
        results.push(result);
      }
      return results;
    }),
  );
  return perNotifier.flat();
}

async function guarded(send: () => Promise<SendResult>, timeoutMs: number): Promise<SendResult> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<SendResult>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, error: `no result within ${timeoutMs} ms`, attempts: 1 }), timeoutMs);
  });
  try {
    return await Promise.race([Promise.resolve().then(send), expired]);
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e), attempts: 1 };
  } finally {
    clearTimeout(timer);
  }
}
