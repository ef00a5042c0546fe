/**
 * Doctor's state checks: the state directory, the lock, the journal's backlog, and state.db (opens,
 * schema version, notices, backups). Opening the store recovers a corrupt file (moved to backups/):
 * doctor reports that as a failure, with the backup's path.
 */
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { journalBacklog } from '../../engine/store/journal.js';
import type { StorePaths } from '../../engine/store/paths.js';
import { fail, info, ok, warn, type CheckResult } from './check.js';

/** Past this, a hook would already have started a fold: something keeps it from running. */
const BACKLOG_WARN = 256;
const LOCK_STALE_MS = 10_000;

export interface StoreFacts {
  version: number;
  latest: number;
  readOnlyReason: string | null;
  notices: string[];
}

/** The directory checks; `null` when the directory is missing (the store checks are skipped then). */
export function stateDirChecks(paths: StorePaths, now: number): { results: CheckResult[]; usable: boolean } {
  if (!existsSync(paths.dir)) {
    return { results: [warn(`state dir ${paths.dir} does not exist yet`, 'it is created by the first hook call or inbox command; run task-orchestrator status')], usable: false };
  }
  try {
    accessSync(paths.dir, constants.W_OK | constants.R_OK | constants.X_OK);
  } catch {
    return { results: [fail(`state dir ${paths.dir} is not writable by this user`, `chown -R "$USER" ${paths.dir} && chmod 700 ${paths.dir}`)], usable: false };
  }
  const results = [ok(`state dir ${paths.dir} is writable`)];
  const lockAge = ageOf(paths.lock, now);
  if (lockAge !== null && lockAge > LOCK_STALE_MS) {
    results.push(warn(`stale lock ${paths.lock} (not refreshed for ${Math.round(lockAge / 1000)} s: its holder crashed)`, 'nothing to do: the next writer takes it over; if that keeps failing, stop every task-orchestrator process and remove that directory'));
  } else if (lockAge !== null) {
    results.push(info(`state.db is locked by a running process right now (${Math.round(lockAge / 1000)} s since its last refresh)`));
  }
  const backlog = journalBacklog(paths);
  if (backlog > BACKLOG_WARN) results.push(warn(`journal backlog: ${backlog} files waiting to be folded`, 'task-orchestrator store fold'));
  else results.push(ok(`journal backlog: ${backlog} file${backlog === 1 ? '' : 's'}`));
  return { results, usable: true };
}

/** Results of opening the store; `newBackups` are files set aside by this very open (a recovered corrupt file). */
export function storeChecks(paths: StorePaths, facts: StoreFacts | Error, newBackups: string[], allBackups: string[], dbBytes: number | null): CheckResult[] {
  const results: CheckResult[] = [];
  if (facts instanceof Error) return [fail(`state.db does not open: ${facts.message}`, `move ${paths.db} aside (mv ${paths.db} ${paths.db}.bad) and run task-orchestrator status`)];
  for (const b of newBackups.filter((f) => /\.corrupt-/.test(f))) {
    results.push(fail(`state.db was corrupt: moved to ${b}; an empty database took its place`, `approvals and history before now are in ${b}; keep it for inspection (sqlite3 ${b} .recover), the empty database works as is`));
  }
  if (facts.readOnlyReason && facts.version > facts.latest) results.push(fail(facts.readOnlyReason, 'upgrade Task Orchestrator (claude plugin update task-orchestrator), or run the newer CLI'));
  else results.push(ok(`state.db opens: schema ${facts.version} (this build knows ${facts.latest})${dbBytes === null ? '' : `, ${dbBytes} bytes`}`));
  for (const n of facts.notices) if (!newBackups.some((b) => n.includes(b))) results.push(info(`store notice: ${n}`));
  if (allBackups.length) results.push(info(`backups: ${allBackups.length} file${allBackups.length === 1 ? '' : 's'} in ${paths.backups} (newest ${allBackups[0]})`));
  return results;
}

function ageOf(file: string, now: number): number | null {
  try {
    return now - statSync(file).mtimeMs;
  } catch {
    return null;
  }
}
