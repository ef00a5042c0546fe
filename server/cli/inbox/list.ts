/**
 * `inbox list [--json] [--all] [--project DIR] [--limit N]` and `inbox show <id> [--json]`.
 * Default: pending items only. `--json`: the stable contract in format.ts.
 */
import { resolve } from 'node:path';
import { approvals } from '../../engine/store/repos.js';
import { commandArgs, UsageError } from '../args.js';
import { CommandError, type CliIO } from '../io.js';
import { withStore } from '../state.js';
import { effectiveStatus, formatItem, formatTable, toJsonItem } from './format.js';

const LIST_OPTIONS = {
  json: { type: 'boolean' },
  all: { type: 'boolean' },
  project: { type: 'string' },
  limit: { type: 'string' },
} as const;

export async function runList(args: string[], io: CliIO): Promise<number> {
  const { values } = commandArgs<{ json?: boolean; all?: boolean; project?: string; limit?: string }>(args, LIST_OPTIONS, [], 'inbox list');
  const limit = positiveInt(values.limit, 'inbox list --limit') ?? 200;
  const project = values.project === undefined ? undefined : resolve(io.cwd, values.project);
  const now = io.now();
  const items = await withStore(io, (store) =>
    store.read((db) => approvals.list(db, { ...(values.all ? {} : { status: 'pending' as const }), ...(project ? { project } : {}), limit })),
  );
  const shown = values.all ? items : items.filter((i) => effectiveStatus(i, now) === 'pending');
  if (values.json) await io.out(`${JSON.stringify(shown.map((i) => toJsonItem(i, now)), null, 2)}\n`);
  else if (shown.length === 0) await io.out(values.all ? 'The inbox is empty.\n' : 'No pending approvals.\n');
  else await io.out(formatTable(shown, now));
  return 0;
}

export async function runShow(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = commandArgs<{ json?: boolean }>(args, { json: { type: 'boolean' } }, ['id'], 'inbox show');
  const id = positionals[0] as string;
  const item = await withStore(io, (store) => store.read((db) => approvals.get(db, id)));
  if (!item) throw new CommandError(`no approval with id ${id} (see \`task-orchestrator inbox list --all\`)`);
  const now = io.now();
  await io.out(values.json ? `${JSON.stringify(toJsonItem(item, now), null, 2)}\n` : formatItem(item, now));
  return 0;
}

export function positiveInt(value: string | undefined, what: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`${what}: expected a positive whole number, got ${JSON.stringify(value)}`);
  return n;
}
