/**
 * `status [--json]`: the inbox and the store at a glance — pending items, the last decisions, live
 * decision surfaces, the database's size, the journal's backlog and the store's notices.
 */
import { statSync } from 'node:fs';
import { journalBacklog, liveSurfaces } from '../engine/store/journal.js';
import { approvals, type ApprovalItem } from '../engine/store/repos.js';
import { commandArgs } from './args.js';
import { effectiveStatus, formatDuration, oneLine } from './inbox/format.js';
import type { CliIO } from './io.js';
import { pathsOf, withStore } from './state.js';

export interface Status {
  stateDir: string;
  pending: number;
  lastDecisions: Array<Pick<ApprovalItem, 'id' | 'status' | 'tool_name' | 'summary' | 'decided_by' | 'decided_at'>>;
  liveSurfaces: string[];
  dbBytes: number | null;
  journalBacklog: number;
  schema: { version: number; latest: number };
  notices: string[];
}

export async function runStatus(args: string[], io: CliIO): Promise<number> {
  const { values } = commandArgs<{ json?: boolean }>(args, { json: { type: 'boolean' } }, [], 'status');
  const paths = pathsOf(io);
  const backlog = journalBacklog(paths); // before the store folds it
  const now = io.now();
  const status = await withStore(io, async (store) => {
    const items = await store.read((db) => approvals.list(db, { limit: 500 }));
    const s: Status = {
      stateDir: paths.dir,
      pending: items.filter((i) => effectiveStatus(i, now) === 'pending').length,
      lastDecisions: items
        .filter((i) => i.decided_at !== null)
        .sort((a, b) => (b.decided_at ?? 0) - (a.decided_at ?? 0))
        .slice(0, 5)
        .map((i) => ({ id: i.id, status: i.status, tool_name: i.tool_name, summary: i.summary, decided_by: i.decided_by, decided_at: i.decided_at })),
      liveSurfaces: liveSurfaces(paths),
      dbBytes: sizeOf(paths.db),
      journalBacklog: backlog,
      schema: { version: store.schema.version, latest: store.schema.latest },
      notices: [...store.notices],
    };
    return s;
  });
  await io.out(values.json ? `${JSON.stringify(status, null, 2)}\n` : formatStatus(status, now));
  return 0;
}

/** The human form. Pure. */
export function formatStatus(s: Status, now: number): string {
  const lines = [
    `state dir        ${s.stateDir}`,
    `pending          ${s.pending}${s.pending ? '  (task-orchestrator inbox list)' : ''}`,
    `live surfaces    ${s.liveSurfaces.length ? s.liveSurfaces.join(', ') : 'none (asks fall back at once; run task-orchestrator inbox watch)'}`,
    `state.db         ${s.dbBytes === null ? 'not created yet' : formatBytes(s.dbBytes)}, schema ${s.schema.version} (this build knows ${s.schema.latest})`,
    `journal backlog  ${s.journalBacklog} file${s.journalBacklog === 1 ? '' : 's'}${s.journalBacklog ? ' (folded now)' : ''}`,
  ];
  lines.push('last decisions');
  if (!s.lastDecisions.length) lines.push('  none yet');
  for (const d of s.lastDecisions) {
    lines.push(`  ${formatDuration(now - (d.decided_at ?? now))} ago  ${d.status.padEnd(8)} ${(d.decided_by ?? '-').padEnd(14)} ${d.tool_name}: ${oneLine(d.summary).slice(0, 80)}`);
  }
  if (s.notices.length) {
    lines.push('notices');
    for (const n of s.notices) lines.push(`  ! ${n}`);
  }
  return `${lines.join('\n')}\n`;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}

function sizeOf(file: string): number | null {
  try {
    return statSync(file).size;
  } catch {
    return null;
  }
}
