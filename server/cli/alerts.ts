/**
 * `alerts list [--open] [--json] [--limit N]`, `alerts clear [<id>…]` (acknowledge), `alerts send`
 * (deliver the ones no process has sent yet) and `alerts test` (one test alert through every configured
 * notifier, not recorded).
 */
import { dispatch } from '../engine/alerting/notifiers.js';
import { sendPendingAlerts } from '../engine/runtime/alert-delivery.js';
import { immuneAlerts } from '../engine/store/repos-immune.js';
import { alertingSetup } from './alerting-setup.js';
import { commandArgs, UsageError } from './args.js';
import { positiveInt } from './inbox/list.js';
import { CommandError, type CliIO } from './io.js';
import { withStore } from './state.js';

export async function runAlerts(args: string[], io: CliIO): Promise<number> {
  const [sub = 'list', ...rest] = args;
  switch (sub) {
    case 'list': {
      const { values } = commandArgs<{ open?: boolean; json?: boolean; limit?: string }>(rest, { open: { type: 'boolean' }, json: { type: 'boolean' }, limit: { type: 'string' } }, [], 'alerts list');
      const limit = positiveInt(values.limit, 'alerts list --limit') ?? 50;
      const list = await withStore(io, (s) => s.read((db) => immuneAlerts.list(db, { open: values.open ?? false, limit })));
      if (values.json) await io.out(`${JSON.stringify(list, null, 2)}\n`);
      else if (list.length === 0) await io.out(values.open ? 'No open alerts.\n' : 'No alerts.\n');
      else {
        for (const a of list) {
          const state = a.acknowledgedAt ? 'cleared' : 'open';
          await io.out(`${new Date(a.ts).toISOString()}  ${a.severity.toUpperCase().padEnd(8)} ${a.kind.padEnd(20)} ${state.padEnd(7)} ${a.id}\n    ${a.message}${a.project ? ` (${a.project})` : ''}\n`);
        }
      }
      return 0;
    }
    case 'clear': {
      const flag = rest.find((a) => a.startsWith('-'));
      if (flag) throw new UsageError(`alerts clear: unknown option ${JSON.stringify(flag)}`);
      const ids = rest;
      const n = await withStore(io, (s) => s.write((db) => immuneAlerts.acknowledge(db, io.now(), ids.length ? ids : undefined)));
      if (ids.length && n < ids.length) io.err(`task-orchestrator: ${ids.length - n} of those ids are unknown or already cleared\n`);
      await io.out(`Cleared ${n} alert${n === 1 ? '' : 's'}.\n`);
      return 0;
    }
    case 'send': {
      commandArgs(rest, {}, [], 'alerts send');
      const setup = await alertingSetup(io);
      const results = await withStore(io, (s) => sendPendingAlerts(s, setup.notifiers()), { alerting: setup.config });
      const failed = results.filter((r) => !r.ok);
      await io.out(`Sent ${results.length - failed.length} notification(s)${failed.length ? `; ${failed.length} failed: ${failed.map((f) => `${f.notifier}: ${f.error ?? f.status}`).join('; ')}` : ''}.\n`);
      return failed.length ? 1 : 0;
    }
    case 'test': {
      commandArgs(rest, {}, [], 'alerts test');
      const setup = await alertingSetup(io);
      const notifiers = setup.notifiers();
      if (notifiers.length === 0) throw new CommandError('no notifier is configured (policy "alerting": console, webhooks, slack) or alerting is disabled');
      const alert = {
        ts: io.now(), severity: 'info' as const, kind: 'new_pattern' as const, message: 'Test alert from `task-orchestrator alerts test`', project: io.cwd,
        dedupKey: `test:${io.now()}`, data: { test: true },
      };
      const results = await dispatch([alert], notifiers, { minSeverity: Object.fromEntries(notifiers.map((n) => [n.name, 'info' as const])) });
      for (const r of results) await io.out(`${r.ok ? '✔' : '✘'} ${r.notifier}${r.status ? ` (HTTP ${r.status})` : ''}${r.error ? `: ${r.error}` : ''}\n`);
      return results.every((r) => r.ok) ? 0 : 1;
    }
    default:
      throw new UsageError(`alerts: unknown subcommand ${JSON.stringify(sub)}; try: list, clear, send, test`);
  }
}
