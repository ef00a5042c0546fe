/**
 * `inbox approve <id> [--always [--pattern GLOB]] [--reason TEXT]` and `inbox deny <id> --reason TEXT`.
 * Exit 0 when decided; 1 with a message for an unknown id, an item already decided or expired; 3 inside
 * a Claude Code tool call (the agent must not approve its own requests).
 */
import { decideApproval, DECIDED_BY, defaultAlwaysPattern } from '../../engine/runtime/inbox.js';
import { approvals } from '../../engine/store/repos.js';
import { commandArgs, UsageError } from '../args.js';
import { CommandError, type CliIO } from '../io.js';
import { refuseInsideAgent, withStore } from '../state.js';

const OPTIONS = {
  always: { type: 'boolean' },
  pattern: { type: 'string' },
  reason: { type: 'string' },
} as const;

interface Values {
  always?: boolean;
  pattern?: string;
  reason?: string;
}

export async function runDecide(args: string[], io: CliIO, status: 'approved' | 'denied'): Promise<number> {
  const command = status === 'approved' ? 'inbox approve' : 'inbox deny';
  refuseInsideAgent(io);
  const { values, positionals } = commandArgs<Values>(args, status === 'approved' ? OPTIONS : { reason: OPTIONS.reason }, ['id'], command);
  const id = positionals[0] as string;
  if (values.pattern !== undefined && !values.always) throw new UsageError(`${command}: --pattern needs --always`);
  if (values.pattern !== undefined && values.pattern.trim() === '') throw new UsageError(`${command}: --pattern must not be empty`);
  const reason = values.reason?.trim() ?? '';
  if (status === 'denied' && reason === '') throw new UsageError(`${command}: --reason TEXT is required (Claude is told why)`);

  const decided = await withStore(io, async (store) => {
    let pattern: string | undefined;
    if (values.always) {
      const item = await store.read((db) => approvals.get(db, id));
      if (!item) throw new CommandError(`no approval with id ${id} (see \`task-orchestrator inbox list\`)`);
      pattern = values.pattern ?? defaultAlwaysPattern(item.summary);
    }
    return decideApproval(store, id, { status, reason: reason || defaultReason(status), decidedBy: DECIDED_BY.cli, ...(pattern === undefined ? {} : { alwaysPattern: pattern }) });
  });
  const verb = status === 'approved' ? 'Approved' : 'Denied';
  await io.out(`${verb} ${id} (${decided.item.tool_name}: ${decided.item.summary.slice(0, 100)}).\n`);
  if (decided.rule) {
    await io.out(`Always-rule ${decided.rule.id}: ${decided.rule.tool} [${decided.rule.rule}] in ${decided.rule.project} matching ${JSON.stringify(decided.rule.pattern)}.\n`);
  }
  return 0;
}

function defaultReason(status: 'approved' | 'denied'): string {
  return status === 'approved' ? 'approved from the command line' : '';
}
