// Notifiers without a network: the console line, the Slack payload, redaction, severity filtering and
// dispatch's guarantees (HTTP delivery is in test/integration/alerting-http.test.ts).
import { describe, expect, test } from 'vitest';
import { parseAlertingConfig } from '../../../server/engine/alerting/config.js';
import { alertLine, redactAlert } from '../../../server/engine/alerting/format.js';
import { parseRetryAfter } from '../../../server/engine/alerting/http.js';
import { buildNotifiers, consoleNotifier, dispatch } from '../../../server/engine/alerting/notifiers.js';
import { slackNotifier, slackPayload } from '../../../server/engine/alerting/slack.js';
import type { Alert, AlertSeverity, Notifier, SendResult } from '../../../server/engine/alerting/types.js';
import { webhookNotifier } from '../../../server/engine/alerting/webhook.js';
import { anAlert, T0 } from './helpers.js';

const SECRET = 'ghp_abcdefghijklmnopqrstuvwxyz0123456789';

/** A notifier that records what it was sent and answers with `answer`. */
function recorder(name: string, minSeverity: AlertSeverity = 'info', answer: (a: Alert) => Promise<SendResult> = async () => ({ ok: true, attempts: 1 })) {
  const sent: Alert[] = [];
  const notifier: Notifier = { name, minSeverity, send: (a) => { sent.push(a); return answer(a); } };
  return { notifier, sent };
}

describe('the console notifier', () => {
  test('writes one line: severity, kind, message, project and pattern', async () => {
    const lines: string[] = [];
    const result = await consoleNotifier((line) => lines.push(line)).send(anAlert());
    expect(result).toEqual({ ok: true, attempts: 1 });
    expect(lines).toEqual(['[ALERT:CRITICAL] consecutive_failures: 3 consecutive failures detected in session s1 (project /home/dev/shop, pattern p-1)\n']);
  });

  test('without a pattern or a project it says so', () => {
    expect(alertLine(anAlert({ severity: 'warning', kind: 'frequency_spike', message: 'spike', project: '', patternId: undefined })))
      .toBe('[ALERT:WARNING] frequency_spike: spike (project unknown)');
  });

  test('secrets are redacted and terminal escapes and line breaks are neutralised', () => {
    const line = alertLine(anAlert({ message: `failed: GH_TOKEN=${SECRET} git push\n\u001b[2Jforged line` }));
    expect(line).not.toContain(SECRET);
    expect(line).not.toMatch(/[\n\u001b]/);
    expect(line).toContain('«redacted:github-token»');
  });

  test('a writer that throws is a failed delivery, not an exception', async () => {
    const result = await consoleNotifier(() => { throw new Error('EPIPE'); }).send(anAlert());
    expect(result).toEqual({ ok: false, error: 'EPIPE', attempts: 1 });
  });
});

describe('redaction', () => {
  test('every string the alert carries is redacted, and the original is untouched', () => {
    const alert = anAlert({ message: `token=${SECRET}`, data: { operation: `curl -H "Authorization: Bearer ${SECRET}"`, nested: [{ cmd: `export GH=${SECRET}` }] } });
    const out = redactAlert(alert);
    expect(JSON.stringify(out)).not.toContain(SECRET);
    expect(out.message).toBe('token=«redacted:github-token»');
    expect(alert.message).toBe(`token=${SECRET}`);
    expect(out.data['nested']).toEqual([{ cmd: 'export GH=«redacted:github-token»' }]);
  });
});

describe('the Slack payload', () => {
  test('a text fallback and one attachment with the severity colour, fields and footer', () => {
    expect(slackPayload(anAlert())).toEqual({
      text: '[CRITICAL] consecutive_failures: 3 consecutive failures detected in session s1',
      attachments: [{
        color: '#ff0000',
        pretext: 'Immune System Alert: consecutive_failures',
        title: '3 consecutive failures detected in session s1',
        fields: [
          { title: 'Severity', value: 'critical', short: true },
          { title: 'Pattern ID', value: 'p-1', short: true },
          { title: 'Project', value: '/home/dev/shop', short: true },
          { title: 'Time', value: new Date(T0).toISOString(), short: true },
        ],
        footer: 'Task Orchestrator Immune System',
        ts: T0 / 1000,
      }],
    });
  });

  test('colours follow the severity', () => {
    const color = (severity: AlertSeverity) => slackPayload(anAlert({ severity })).attachments[0]?.color;
    expect([color('info'), color('warning'), color('critical')]).toEqual(['#36a64f', '#ffcc00', '#ff0000']);
  });

  test('markup in a message cannot ping a channel or forge a link, and secrets are redacted', () => {
    const payload = slackPayload(anAlert({ message: `<!channel> see <https://evil.example|docs> & ${SECRET}` }));
    expect(payload.attachments[0]?.title).toBe('&lt;!channel&gt; see &lt;https://evil.example|docs&gt; &amp; «redacted:github-token»');
    expect(payload.text).not.toContain('<!channel>');
    expect(JSON.stringify(payload)).not.toContain(SECRET);
  });
});

describe('dispatch', () => {
  const warning = anAlert({ id: 'w', severity: 'warning', kind: 'new_pattern', dedupKey: 'new_pattern:/home/dev/shop:p-1' });
  const critical = anAlert({ id: 'c' });
  const info = anAlert({ id: 'i', severity: 'info' });

  test('each notifier gets the alerts at or above its minimum severity, in order', async () => {
    const all = recorder('all');
    const loud = recorder('loud', 'critical');
    const results = await dispatch([info, warning, critical], [all.notifier, loud.notifier]);
    expect(all.sent.map((a) => a.id)).toEqual(['i', 'w', 'c']);
    expect(loud.sent.map((a) => a.id)).toEqual(['c']);
    expect(results).toEqual([
      { notifier: 'all', alertId: 'i', dedupKey: info.dedupKey, ok: true, attempts: 1 },
      { notifier: 'all', alertId: 'w', dedupKey: warning.dedupKey, ok: true, attempts: 1 },
      { notifier: 'all', alertId: 'c', dedupKey: critical.dedupKey, ok: true, attempts: 1 },
      { notifier: 'loud', alertId: 'c', dedupKey: critical.dedupKey, ok: true, attempts: 1 },
    ]);
  });

  test('the options may set a notifier\'s minimum severity by name', async () => {
    const a = recorder('a');
    const b = recorder('b', 'critical');
    await dispatch([info, warning, critical], [a.notifier, b.notifier], { minSeverity: { a: 'warning', b: 'info' } });
    expect(a.sent.map((x) => x.id)).toEqual(['w', 'c']);
    expect(b.sent.map((x) => x.id)).toEqual(['i', 'w', 'c']);
  });

  test('a notifier that throws or rejects is a failed result; the others still deliver', async () => {
    const throws: Notifier = { name: 'throws', minSeverity: 'info', send: () => { throw new Error('sync boom'); } };
    const rejects: Notifier = { name: 'rejects', minSeverity: 'info', send: async () => { throw new Error('async boom'); } };
    const fine = recorder('fine');
    const results = await dispatch([critical], [throws, rejects, fine.notifier]);
    expect(results).toEqual([
      { notifier: 'throws', alertId: 'c', dedupKey: critical.dedupKey, ok: false, error: 'sync boom', attempts: 1 },
      { notifier: 'rejects', alertId: 'c', dedupKey: critical.dedupKey, ok: false, error: 'async boom', attempts: 1 },
      { notifier: 'fine', alertId: 'c', dedupKey: critical.dedupKey, ok: true, attempts: 1 },
    ]);
  });

  test('notifiers run concurrently, and one that never answers is cut off by the guard', async () => {
    let release = (): void => {};
    const gate = new Promise<void>((resolve) => { release = resolve; });
    const waits = recorder('waits', 'info', async () => { await gate; return { ok: true, attempts: 1 }; });
    const opens = recorder('opens', 'info', async () => { release(); return { ok: true, attempts: 1 }; });
    const hangs: Notifier = { name: 'hangs', minSeverity: 'info', send: () => new Promise<SendResult>(() => {}) };
    const started = Date.now();
    const results = await dispatch([critical], [waits.notifier, opens.notifier, hangs], { timeoutMs: 100 });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(results.map((r) => [r.notifier, r.ok])).toEqual([['waits', true], ['opens', true], ['hangs', false]]);
    expect(results[2]?.error).toBe('no result within 100 ms');
  });

  test('nothing to send, or no notifiers, is an empty result', async () => {
    expect(await dispatch([], [recorder('x').notifier])).toEqual([]);
    expect(await dispatch([critical], [])).toEqual([]);
  });
});

describe('notifiers from the config', () => {
  test('console, then each webhook and Slack target, named without their secrets', () => {
    const { config } = parseAlertingConfig({
      webhooks: [{ url: 'https://hooks.example.com/alerts?token=abc', minSeverity: 'warning' }],
      slack: [{ webhookUrl: 'https://hooks.slack.com/services/T0/B0/SECRETPART', minSeverity: 'critical' }],
    });
    const notifiers = buildNotifiers(config);
    expect(notifiers.map((n) => [n.name, n.minSeverity])).toEqual([
      ['console', 'info'], ['webhook:hooks.example.com', 'warning'], ['slack:hooks.slack.com', 'critical'],
    ]);
  });

  test('with alerting disabled, or the console off, those notifiers are absent', () => {
    expect(buildNotifiers(parseAlertingConfig({ enabled: false }).config)).toEqual([]);
    expect(buildNotifiers(parseAlertingConfig({ console: false }).config)).toEqual([]);
  });

  test('the factories refuse URLs the config would have refused', () => {
    expect(() => webhookNotifier({ url: 'file:///etc/passwd' })).toThrow('webhookNotifier: url must be an http(s) URL');
    expect(() => slackNotifier({ webhookUrl: 'https://u:p@hooks.slack.com/x' })).toThrow(/slackNotifier: webhookUrl must not contain credentials/);
  });
});

describe('Retry-After', () => {
  test('seconds, an HTTP date, or nothing usable', () => {
    expect(parseRetryAfter('3', 0)).toBe(3000);
    expect(parseRetryAfter(' 0 ', 0)).toBe(0);
    expect(parseRetryAfter('Thu, 01 Jan 1970 00:00:05 GMT', 1000)).toBe(4000);
    expect(parseRetryAfter('Thu, 01 Jan 1970 00:00:05 GMT', 9000)).toBe(0);
    expect(parseRetryAfter('soon', 0)).toBeUndefined();
    expect(parseRetryAfter('-1', 0)).toBeUndefined();
    expect(parseRetryAfter(null, 0)).toBeUndefined();
  });
});
