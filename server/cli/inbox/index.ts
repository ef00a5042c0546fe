/** `inbox <list|show|approve|deny|watch> …`: the approval inbox from the command line (docs/inbox.md). */
import { UsageError } from '../args.js';
import type { CliIO } from '../io.js';
import { runDecide } from './decide.js';
import { runList, runShow } from './list.js';

export async function runInbox(args: string[], io: CliIO): Promise<number> {
  const [sub, ...rest] = args;
  switch (sub) {
    case undefined:
    case 'list':
      return runList(rest, io);
    case 'show':
      return runShow(rest, io);
    case 'approve':
      return runDecide(rest, io, 'approved');
    case 'deny':
      return runDecide(rest, io, 'denied');
    case 'watch':
      return (await import('../watch/watch.js')).runWatch(rest, io);
    default:
      throw new UsageError(`inbox: unknown subcommand ${JSON.stringify(sub)}; try: list, show, approve, deny, watch`);
  }
}
