/** The generic webhook notifier: each alert, redacted, as a JSON POST. */
import { redactAlert } from './format.js';
import { postWithRetry } from './http.js';
import type { HttpOptions } from './http.js';
import type { Alert, AlertSeverity, Notifier } from './types.js';
import { urlProblem } from './url.js';

export interface WebhookOptions extends HttpOptions {
  url: string;
  /** Sent with every request, e.g. `{ authorization: 'Bearer …' }`; they may override the defaults. */
  headers?: Record<string, string>;
  minSeverity?: AlertSeverity;
  /** Default "webhook:<host>". */
  name?: string;
}

/**
 * A notifier that POSTs each alert as JSON; delivered on any 2xx. Throws at once on a URL that is not
 * plain http(s) (the config parser reports those as errors first).
 *
 * @example
 * const hook = webhookNotifier({ url: 'https://hooks.example.com/alerts', headers: { authorization: 'Bearer …' } });
 * await hook.send(alert) // → { ok: true, status: 200, attempts: 1 }
 */
export function webhookNotifier(options: WebhookOptions): Notifier {
  const problem = urlProblem(options.url);
  if (problem !== null) throw new TypeError(`webhookNotifier: url ${problem}`);
  const headers = {
    'content-type': 'application/json',
    'user-agent': 'task-orchestrator-alerting',
    ...options.headers,
  };
  return {
    name: options.name ?? `webhook:${new URL(options.url).host}`,
    minSeverity: options.minSeverity ?? 'info',
    send: (alert: Alert) =>
      postWithRetry(
        { url: options.url, headers, body: JSON.stringify(redactAlert(alert)), accept: (s) => s >= 200 && s < 300 },
        options,
      ),
  };
}
