/**
 * `store fold [--quiet] [--background]`: fold the hooks' journal into state.db now, then send the alerts
 * the fold raised. Hooks start `store fold --quiet --background` detached; `--background` leaves the
 * console notifier out, since nobody reads that process's stderr.
 */
import { sendPendingAlerts } from '../engine/runtime/alert-delivery.js';
import { alertingSetup } from './alerting-setup.js';
import { commandArgs, UsageError } from './args.js';
import type { CliIO } from './io.js';
import { withStore } from './state.js';

export async function runStoreCommand(args: string[], io: CliIO): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'fold') throw new UsageError(`store: unknown subcommand ${JSON.stringify(sub ?? '')}; try: store fold`);
  const { values } = commandArgs<{ quiet?: boolean; background?: boolean }>(rest, { quiet: { type: 'boolean' }, background: { type: 'boolean' } }, [], 'store fold');
  const alerting = await alertingSetup(io);
  const { n, sent } = await withStore(
    io,
    async (store) => {
      const folded = await store.fold();
      const results = await sendPendingAlerts(store, alerting.notifiers({ console: !values.background }));
      return { n: folded, sent: results };
    },
    { alerting: alerting.config },
  );
  if (!values.quiet) {
    await io.out(`Folded ${n} journal event${n === 1 ? '' : 's'} into state.db.\n`);
    const failed = sent.filter((r) => !r.ok);
    if (sent.length) await io.out(`Sent ${sent.length - failed.length} alert notification(s)${failed.length ? `, ${failed.length} failed (see \`task-orchestrator alerts list\`)` : ''}.\n`);
  }
  return 0;
}
