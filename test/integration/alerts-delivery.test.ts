// Alerts end to end: failures graded by the built hook are folded (by the hook's background fold or by
// `store fold`), the alert rules raise alerts, and the configured webhook and Slack receivers — real HTTP
// servers on 127.0.0.1 in this process — get each alert exactly once.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { ensureBuilt, GradingSandbox } from './grading-helpers.js';

beforeAll(() => ensureBuilt());

interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
}

const closers: Array<() => Promise<void>> = [];
let sandboxes: GradingSandbox[] = [];
afterEach(async () => {
  // Background folds may still be sending: let them finish before the receivers go away.
  await Promise.all(sandboxes.map((s) => s.close()));
  sandboxes = [];
  await Promise.all(closers.splice(0).map((close) => close()));
});

/** An HTTP receiver on a free port of 127.0.0.1 that answers 200 and keeps every JSON body. */
async function receiver(): Promise<{ url: string; host: string; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown> });
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  }));
  const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url: `http://${host}`, host, received };
}

function sandbox(): GradingSandbox {
  const sb = new GradingSandbox();
  sandboxes.push(sb);
  return sb;
}

/** Three different plain failures (each a new pattern) in the sandbox's one session. */
const FAILURES: Array<[string, string]> = [
  ['make build', "Exit code 2\nmake: *** No rule to make target 'build'.  Stop."],
  ['cargo build', 'Exit code 101\nerror: could not find `Cargo.toml` in `/home/dev/project` or any parent directory'],
  ['ls ./missing-dir', "Exit code 2\nls: cannot access './missing-dir': No such file or directory"],
];

type StoredAlert = { id: string; kind: string; severity: string; message: string; notifiedAt: number | null; data: { delivery?: unknown } };

describe('webhook delivery of the immune alerts', () => {
  test('a new pattern, and three failures in a row: one POST per alert, recorded as delivered, never sent twice', async () => {
    const hook = await receiver();
    const sb = sandbox();
    sb.policy({ alerting: { console: false, webhooks: [{ url: `${hook.url}/hook` }] } });
    for (const [command, error] of FAILURES) expect(await sb.failure(command, error)).toMatchObject({ status: 0 });
    await sb.fold();
    // The hooks' background folds may have sent some of them already; all four arrive, whoever sends.
    await sb.waitFor('four alerts at the receiver', () => hook.received.length >= 4);
    await sb.quiesce();

    for (const r of hook.received) {
      expect(r).toMatchObject({ method: 'POST', url: '/hook' });
      expect(r.headers['content-type']).toBe('application/json');
    }
    const bodies = hook.received.map((r) => r.body);
    expect(bodies.map((b) => b.kind).sort()).toEqual(['consecutive_failures', 'new_pattern', 'new_pattern', 'new_pattern']);
    const streak = bodies.find((b) => b.kind === 'consecutive_failures');
    expect(streak).toMatchObject({ severity: 'critical', message: `3 consecutive failures detected in session ${sb.session}`, project: sb.project });
    const fresh = bodies.filter((b) => b.kind === 'new_pattern');
    expect(fresh.map((b) => b.severity)).toEqual(['warning', 'warning', 'warning']);
    expect(fresh.map((b) => String(b.message).replace(/[0-9a-f]{16}/, '<id>')).sort()).toEqual([
      'New failure pattern detected: <id> (command_failed in Bash:cargo build)',
      'New failure pattern detected: <id> (command_failed in Bash:ls)',
      'New failure pattern detected: <id> (command_failed in Bash:make build)',
    ]);

    const stored = await sb.json<StoredAlert[]>(['alerts', 'list', '--json']);
    expect(stored.map((a) => a.id).sort()).toEqual(bodies.map((b) => b.id).sort()); // each alert once, by id
    for (const a of stored) {
      expect(a.notifiedAt).toEqual(expect.any(Number));
      expect(a.data.delivery).toEqual([{ notifier: `webhook:${hook.host}`, ok: true, status: 200, error: null, attempts: 1 }]);
    }

    // Folding and sending again send nothing twice.
    await sb.fold();
    const send = await sb.run(['alerts', 'send']);
    expect(send.status, send.stderr).toBe(0);
    expect(send.stdout).toBe('Sent 0 notification(s).\n');
    await sb.quiesce();
    expect(hook.received).toHaveLength(4);
  });

  test('a success between failures ends the streak: no consecutive_failures', async () => {
    const hook = await receiver();
    const sb = sandbox();
    sb.policy({ alerting: { console: false, webhooks: [{ url: `${hook.url}/hook` }] } });
    const [a, b, c] = FAILURES as [[string, string], [string, string], [string, string]];
    await sb.failure(...a);
    await sb.failure(...b);
    await sb.success('ls', 'README.md\n');
    await sb.failure(...c);
    await sb.fold();
    await sb.waitFor('three alerts at the receiver', () => hook.received.length >= 3);
    await sb.quiesce();
    expect(hook.received.map((r) => r.body.kind)).toEqual(['new_pattern', 'new_pattern', 'new_pattern']);
  });

  test('Slack receives the same alert as an incoming-webhook message; minSeverity filters per target', async () => {
    const slack = await receiver();
    const critical = await receiver();
    const sb = sandbox();
    sb.policy({ alerting: { console: false, slack: [{ webhookUrl: `${slack.url}/services/T0/B0/x` }], webhooks: [{ url: `${critical.url}/pager`, minSeverity: 'critical' }] } });
    await sb.failure(...(FAILURES[0] as [string, string]));
    await sb.fold();
    await sb.waitFor('the Slack message', () => slack.received.length >= 1);
    await sb.quiesce();
    expect(slack.received).toHaveLength(1);
    expect(slack.received[0]?.url).toBe('/services/T0/B0/x');
    expect(slack.received[0]?.body).toMatchObject({
      text: expect.stringMatching(/^\[WARNING\] new_pattern: New failure pattern detected: [0-9a-f]{16} \(command_failed in Bash:make build\)$/),
      attachments: [{ pretext: 'Immune System Alert: new_pattern', color: '#ffcc00' }],
    });
    expect(critical.received).toEqual([]); // a warning is below this target's minimum
  });

  test('a receiver that is down: the failed delivery is recorded with the alert, which is not sent again', async () => {
    const sb = sandbox();
    // A port that was free a moment ago: nothing listens there.
    const gone = await receiver();
    await closers.pop()?.();
    sb.policy({ alerting: { console: false, webhooks: [{ url: `${gone.url}/hook`, retries: 0, timeoutMs: 1000 }] } });
    await sb.failure(...(FAILURES[0] as [string, string]));
    await sb.fold();
    await sb.quiesce();
    const [alert] = await sb.json<StoredAlert[]>(['alerts', 'list', '--json']);
    expect(alert).toMatchObject({ kind: 'new_pattern', notifiedAt: expect.any(Number) });
    expect(alert?.data.delivery).toEqual([expect.objectContaining({ notifier: `webhook:${gone.host}`, ok: false, attempts: 1 })]);
    expect((await sb.run(['alerts', 'send'])).stdout).toBe('Sent 0 notification(s).\n');
  });
});

describe('where alerts go is the user’s choice', () => {
  test('a project policy’s alerting is ignored: no POST, and a message says so', async () => {
    const hook = await receiver();
    const sb = sandbox();
    mkdirSync(join(sb.project, '.task-orchestrator'));
    writeFileSync(join(sb.project, '.task-orchestrator/policy.json'), JSON.stringify({ alerting: { webhooks: [{ url: `${hook.url}/exfiltrate` }] } }));
    const failed = await sb.failure(...(FAILURES[0] as [string, string]));
    expect(failed.stderr).toContain('alerting: ignored: only the user policy');
    const fold = await sb.run(['store', 'fold']);
    expect(fold.status, fold.stderr).toBe(0);
    expect(fold.stderr).toContain(`policy file ${join(sb.project, '.task-orchestrator/policy.json')}: alerting: ignored: only the user policy`);
    await sb.quiesce();
    // The alert was raised (the console default still prints it), but never POSTed to the project's URL.
    const alerts = await sb.json<StoredAlert[]>(['alerts', 'list', '--json']);
    expect(alerts.map((a) => a.kind)).toEqual(['new_pattern']);
    expect(hook.received).toEqual([]);
  });

  test('alerting disabled in the user policy: nothing is raised or sent', async () => {
    const hook = await receiver();
    const sb = sandbox();
    sb.policy({ alerting: { enabled: false, webhooks: [{ url: `${hook.url}/hook` }] } });
    for (const [command, error] of FAILURES) await sb.failure(command, error);
    await sb.fold();
    await sb.quiesce();
    expect(hook.received).toEqual([]);
  });
});
