/** `store fold [--quiet]`: fold the hooks' journal into state.db now (hooks start it in the background). */
import { commandArgs, UsageError } from './args.js';
import type { CliIO } from './io.js';
import { withStore } from './state.js';

export async function runStoreCommand(args: string[], io: CliIO): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'fold') throw new UsageError(`store: unknown subcommand ${JSON.stringify(sub ?? '')}; try: store fold`);
  const { values } = commandArgs<{ quiet?: boolean }>(rest, { quiet: { type: 'boolean' } }, [], 'store fold');
  const n = await withStore(io, (store) => store.fold());
  if (!values.quiet) await io.out(`Folded ${n} journal event${n === 1 ? '' : 's'} into state.db.\n`);
  return 0;
}
