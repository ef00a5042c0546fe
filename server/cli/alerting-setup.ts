/**
 * The user's alerting configuration (the user policy's `alerting`) as the store and the notifiers need
 * it. Problems in it are printed once and the defaults apply; so are the policy files' own problems (a
 * project's `alerting`, which is ignored; a user file that does not validate, so none of it applies).
 */
import { buildNotifiers } from '../engine/alerting/notifiers.js';
import type { AlertingConfig, Notifier } from '../engine/alerting/types.js';
import { reportPolicyErrors, type CliIO } from './io.js';

export interface AlertingSetup {
  config: AlertingConfig;
  /** `console: false` leaves the console notifier out (a background fold has no one reading its stderr). */
  notifiers: (opts?: { console?: boolean }) => Notifier[];
}

export async function alertingSetup(io: CliIO): Promise<AlertingSetup> {
  const ctx = await io.context();
  reportPolicyErrors(ctx, io);
  const { parseAlertingConfig } = await import('../engine/alerting/config.js');
  const { config, errors } = parseAlertingConfig(ctx.policy.alerting ?? {});
  for (const e of errors) io.err(`task-orchestrator: policy alerting: ${e} (the default applies)\n`);
  return {
    config,
    notifiers: (opts = {}) => buildNotifiers(opts.console === false ? { ...config, console: false } : config, { write: (line) => io.err(line) }),
  };
}
