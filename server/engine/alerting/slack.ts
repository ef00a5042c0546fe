/** The Slack notifier: an incoming-webhook message with one coloured attachment per alert. */
import { redactAlert } from './format.js';
import { postWithRetry } from './http.js';
import type { HttpOptions } from './http.js';
import type { Alert, AlertSeverity, Notifier } from './types.js';
import { urlProblem } from './url.js';

const COLOR: Record<AlertSeverity, string> = { info: '#36a64f', warning: '#ffcc00', critical: '#ff0000' };

export interface SlackField {
  title: string;
  value: string;
  short: boolean;
}

export interface SlackMessage {
  /** The fallback shown in notifications and by clients that do not render attachments. */
  text: string;
  attachments: Array<{
    color: string;
    pretext: string;
    title: string;
    fields: SlackField[];
    footer: string;
    /** Seconds since the epoch. */
    ts: number;
  }>;
}

/**
 * Slack reads `&`, `<` and `>` as markup: escaped, an alert quoting `<!channel>` or a link cannot
 * ping a channel or disguise a URL.
 */
const escape = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * The incoming-webhook payload for an alert (redacted and escaped).
 *
 * @example
 * slackPayload(alert).attachments[0]?.pretext // → 'Immune System Alert: consecutive_failures'
 */
export function slackPayload(alert: Alert): SlackMessage {
  const a = redactAlert(alert);
  const fields: SlackField[] = [
    { title: 'Severity', value: a.severity, short: true },
    { title: 'Pattern ID', value: escape(a.patternId ?? 'none'), short: true },
    { title: 'Project', value: escape(a.project === '' ? 'unknown' : a.project), short: true },
    { title: 'Time', value: new Date(a.ts).toISOString(), short: true },
  ];
  return {
    text: escape(`[${a.severity.toUpperCase()}] ${a.kind}: ${a.message}`),
    attachments: [{
      color: COLOR[a.severity],
      pretext: `Immune System Alert: ${a.kind}`,
      title: escape(a.message),
      fields,
      footer: 'Task Orchestrator Immune System',
      ts: Math.floor(a.ts / 1000),
    }],
  };
}

export interface SlackOptions extends HttpOptions {
  /** The incoming-webhook URL (its path is the secret: it never appears in names or errors). */
  webhookUrl: string;
  minSeverity?: AlertSeverity;
  /** Default "slack:<host>". */
  name?: string;
}

/**
 * A notifier posting to a Slack incoming webhook; delivered only on 200 (Slack answers "ok"; its
 * errors come as 4xx with a reason such as "invalid_payload", and 429 with Retry-After).
 *
 * @example
 * const slack = slackNotifier({ webhookUrl: 'https://hooks.slack.com/services/T000/B000/XXXX', minSeverity: 'warning' });
 * await slack.send(alert) // → { ok: true, status: 200, attempts: 1 }
 */
export function slackNotifier(options: SlackOptions): Notifier {
  const problem = urlProblem(options.webhookUrl);
  if (problem !== null) throw new TypeError(`slackNotifier: webhookUrl ${problem}`);
  return {
    name: options.name ?? `slack:${new URL(options.webhookUrl).host}`,
    minSeverity: options.minSeverity ?? 'info',
    send: (alert: Alert) =>
      postWithRetry(
        {
          url: options.webhookUrl,
          headers: { 'content-type': 'application/json', 'user-agent': 'task-orchestrator-alerting' },
          body: JSON.stringify(slackPayload(alert)),
          accept: (status) => status === 200,
        },
        options,
      ),
  };
}
