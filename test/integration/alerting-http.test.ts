// Webhook and Slack delivery against real HTTP receivers on 127.0.0.1: what arrives, when a send is
// retried and when not, and how long it may take.
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import { parseAlertingConfig } from '../../server/engine/alerting/config.js';
import { redactAlert } from '../../server/engine/alerting/format.js';
import { buildNotifiers, consoleNotifier, dispatch } from '../../server/engine/alerting/notifiers.js';
import { slackNotifier, slackPayload } from '../../server/engine/alerting/slack.js';
import type { Alert } from '../../server/engine/alerting/types.js';
import { webhookNotifier } from '../../server/engine/alerting/webhook.js';

interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
  at: number;
}

/** How the receiver answers one request; 'hang' never answers. */
type Reply = ((res: ServerResponse) => void) | 'hang';

const status = (code: number, body = '', headers: Record<string, string> = {}): Reply => (res) => {
  res.writeHead(code, headers).end(body);
};

const open: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((close) => close()));
});

/** A receiver answering with `replies` in turn, then with `otherwise`. */
async function receiver(replies: Reply[] = [], otherwise: Reply = status(200, 'ok')) {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString(), at: Date.now() });
      const reply = replies.shift() ?? otherwise;
      if (reply !== 'hang') reply(res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const close = () => new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
  open.push(close);
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received };
}

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const SECRET = 'sk-ant-api03-AbCdEf012345_GhIjKl678901-MnOpQr';
const alert = (over: Partial<Alert> = {}): Alert => ({
  id: 'a-1',
  ts: Date.UTC(2025, 0, 15, 12),
  severity: 'critical',
  kind: 'high_risk',
  message: `Risk score 0.91 exceeds threshold 0.8 (ANTHROPIC_API_KEY=${SECRET} claude)`,
  project: '/home/dev/shop',
  patternId: 'p-1',
  dedupKey: 'high_risk:/home/dev/shop:p-1',
  data: { risk: 0.91, threshold: 0.8 },
  ...over,
});

/** Quick retries, so tests measure the rules rather than the default waits. */
const fast = { backoffMs: 5 };

describe('webhook delivery', () => {
  test('POSTs the redacted alert as JSON with the configured headers', async () => {
    const r = await receiver();
    const hook = webhookNotifier({ url: `${r.url}/hooks/alerts?team=ops`, headers: { Authorization: 'Bearer t0ken' } });
    expect(await hook.send(alert())).toEqual({ ok: true, status: 200, attempts: 1 });
    expect(r.received).toHaveLength(1);
    const [req] = r.received;
    expect(req?.method).toBe('POST');
    expect(req?.url).toBe('/hooks/alerts?team=ops');
    expect(req?.headers['content-type']).toBe('application/json');
    expect(req?.headers['authorization']).toBe('Bearer t0ken');
    expect(req?.headers['user-agent']).toBe('task-orchestrator-alerting');
    expect(JSON.parse(req?.body ?? '')).toEqual(redactAlert(alert()));
    expect(req?.body).not.toContain(SECRET);
  });

  test('any 2xx is delivered', async () => {
    const r = await receiver([status(204)]);
    expect(await webhookNotifier({ url: r.url }).send(alert())).toEqual({ ok: true, status: 204, attempts: 1 });
  });

  test('a 500 is retried, and the retry delivers', async () => {
    const r = await receiver([status(500, 'oops')]);
    expect(await webhookNotifier({ url: r.url, ...fast }).send(alert())).toEqual({ ok: true, status: 200, attempts: 2 });
    expect(r.received).toHaveLength(2);
    expect(r.received[1]?.body).toBe(r.received[0]?.body);
  });

  test('a receiver that keeps failing gets the first attempt and `retries` more, then the last error', async () => {
    const r = await receiver([], status(503, 'unavailable'));
    const result = await webhookNotifier({ url: r.url, retries: 2, ...fast }).send(alert());
    expect(result).toEqual({ ok: false, status: 503, error: 'HTTP 503: unavailable', attempts: 3 });
    expect(r.received).toHaveLength(3);
  });

  test('a 429 waits as long as Retry-After asks', async () => {
    const r = await receiver([status(429, 'slow down', { 'retry-after': '1' })]);
    const result = await webhookNotifier({ url: r.url, ...fast }).send(alert());
    expect(result).toEqual({ ok: true, status: 200, attempts: 2 });
    const gap = (r.received[1]?.at ?? 0) - (r.received[0]?.at ?? 0);
    expect(gap).toBeGreaterThanOrEqual(950);
  });

  test('a long Retry-After is capped', async () => {
    const r = await receiver([status(429, '', { 'retry-after': '3600' })]);
    const started = Date.now();
    const result = await webhookNotifier({ url: r.url, maxRetryAfterMs: 50, ...fast }).send(alert());
    expect(result).toEqual({ ok: true, status: 200, attempts: 2 });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  test('a wait beyond the time budget gives up at once', async () => {
    const r = await receiver([status(429, 'busy', { 'retry-after': '5' })]);
    const started = Date.now();
    const result = await webhookNotifier({ url: r.url, totalTimeoutMs: 1000, ...fast }).send(alert());
    expect(result).toEqual({ ok: false, status: 429, error: 'HTTP 429: busy; no time left to retry', attempts: 1 });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  test('a 400 is not retried', async () => {
    const r = await receiver([status(400, 'bad payload')]);
    const result = await webhookNotifier({ url: r.url, retries: 3, ...fast }).send(alert());
    expect(result).toEqual({ ok: false, status: 400, error: 'HTTP 400: bad payload', attempts: 1 });
    expect(r.received).toHaveLength(1);
  });

  test('a receiver that never answers times out after timeoutMs', async () => {
    const r = await receiver([], 'hang');
    const started = Date.now();
    const result = await webhookNotifier({ url: r.url, timeoutMs: 150, retries: 0 }).send(alert());
    const elapsed = Date.now() - started;
    expect(result).toEqual({ ok: false, error: 'timed out after 150 ms', attempts: 1 });
    expect(elapsed).toBeGreaterThanOrEqual(140);
    expect(elapsed).toBeLessThan(2000);
  });

  test('retries of timeouts stop at the total time budget', async () => {
    const r = await receiver([], 'hang');
    const started = Date.now();
    const result = await webhookNotifier({ url: r.url, timeoutMs: 200, retries: 5, totalTimeoutMs: 500, ...fast }).send(alert());
    expect(Date.now() - started).toBeLessThan(1500);
    expect(result.ok).toBe(false);
    expect(result.attempts).toBeGreaterThanOrEqual(2);
    expect(result.attempts).toBeLessThanOrEqual(3);
  });

  test('a redirect is not followed', async () => {
    const elsewhere = await receiver();
    const r = await receiver([status(307, '', { location: `${elsewhere.url}/internal` })]);
    const result = await webhookNotifier({ url: r.url, ...fast }).send(alert());
    expect(result).toEqual({ ok: false, status: 307, error: 'HTTP 307: redirects are not followed', attempts: 1 });
    expect(elsewhere.received).toEqual([]);
  });
});

describe('Slack delivery', () => {
  test('sends the incoming-webhook payload; 200 "ok" is delivered', async () => {
    const r = await receiver([status(200, 'ok')]);
    const result = await slackNotifier({ webhookUrl: `${r.url}/services/T0/B0/xyz` }).send(alert());
    expect(result).toEqual({ ok: true, status: 200, attempts: 1 });
    expect(r.received[0]?.url).toBe('/services/T0/B0/xyz');
    expect(r.received[0]?.headers['content-type']).toBe('application/json');
    const body = JSON.parse(r.received[0]?.body ?? '') as ReturnType<typeof slackPayload>;
    expect(body).toEqual(slackPayload(alert()));
    expect(body.attachments[0]).toMatchObject({ color: '#ff0000', pretext: 'Immune System Alert: high_risk', footer: 'Task Orchestrator Immune System' });
    expect(r.received[0]?.body).not.toContain(SECRET);
  });

  test('only 200 is delivered: another 2xx is not', async () => {
    const r = await receiver([status(200, 'accepted'), status(204)]);
    const slack = slackNotifier({ webhookUrl: r.url, ...fast });
    expect(await slack.send(alert())).toEqual({ ok: true, status: 200, attempts: 1 });
    expect(await slack.send(alert())).toEqual({ ok: false, status: 204, error: 'HTTP 204', attempts: 1 });
  });

  test('Slack\'s error reasons are reported, and not retried', async () => {
    const r = await receiver([status(404, 'no_service')]);
    expect(await slackNotifier({ webhookUrl: r.url, ...fast }).send(alert()))
      .toEqual({ ok: false, status: 404, error: 'HTTP 404: no_service', attempts: 1 });
    expect(r.received).toHaveLength(1);
  });

  test('rate limited, it retries after Retry-After', async () => {
    const r = await receiver([status(429, 'rate_limited', { 'retry-after': '0' })]);
    expect(await slackNotifier({ webhookUrl: r.url, ...fast }).send(alert())).toEqual({ ok: true, status: 200, attempts: 2 });
  });
});

describe('dispatch over HTTP', () => {
  test('each receiver gets only the alerts at or above its minimum severity', async () => {
    const hooks = await receiver();
    const slack = await receiver();
    const warning = alert({ id: 'w', severity: 'warning', kind: 'new_pattern', message: 'New failure pattern detected: p-2', dedupKey: 'new_pattern:/home/dev/shop:p-2' });
    const critical = alert({ id: 'c' });
    const results = await dispatch([warning, critical], [
      webhookNotifier({ url: hooks.url, minSeverity: 'info' }),
      slackNotifier({ webhookUrl: slack.url, minSeverity: 'critical' }),
    ]);
    expect(hooks.received.map((q) => (JSON.parse(q.body) as Alert).id)).toEqual(['w', 'c']);
    expect(slack.received).toHaveLength(1);
    expect(slack.received[0]?.body).toContain('Immune System Alert: high_risk');
    expect(results.map((x) => [x.notifier.split(':')[0], x.alertId, x.ok])).toEqual([['webhook', 'w', true], ['webhook', 'c', true], ['slack', 'c', true]]);
  });

  test('a receiver that is down is a failed result, never an exception, and the others still deliver', async () => {
    const port = await closedPort();
    const lines: string[] = [];
    const results = await dispatch([alert()], [
      webhookNotifier({ url: `http://127.0.0.1:${port}/hook`, retries: 1, ...fast }),
      slackNotifier({ webhookUrl: `http://127.0.0.1:${port}/services/x`, retries: 0 }),
      consoleNotifier((line) => lines.push(line)),
    ]);
    expect(results).toEqual([
      { notifier: `webhook:127.0.0.1:${port}`, alertId: 'a-1', dedupKey: 'high_risk:/home/dev/shop:p-1', ok: false, error: 'connection failed: ECONNREFUSED', attempts: 2 },
      { notifier: `slack:127.0.0.1:${port}`, alertId: 'a-1', dedupKey: 'high_risk:/home/dev/shop:p-1', ok: false, error: 'connection failed: ECONNREFUSED', attempts: 1 },
      { notifier: 'console', alertId: 'a-1', dedupKey: 'high_risk:/home/dev/shop:p-1', ok: true, attempts: 1 },
    ]);
    expect(lines).toHaveLength(1);
  });

  test('notifiers built from the config use the fetch they are given', async () => {
    const r = await receiver();
    const calls: string[] = [];
    const counting: typeof fetch = (input, init) => {
      calls.push(String(input));
      return fetch(input, init);
    };
    const { config, errors } = parseAlertingConfig({ console: false, webhooks: [{ url: `${r.url}/a` }], slack: [{ webhookUrl: `${r.url}/s` }] });
    expect(errors).toEqual([]);
    const results = await dispatch([alert()], buildNotifiers(config, { fetch: counting }));
    expect(results.every((x) => x.ok)).toBe(true);
    expect(calls).toEqual([`${r.url}/a`, `${r.url}/s`]);
    expect(r.received.map((q) => q.url).sort()).toEqual(['/a', '/s']);
  });
});
