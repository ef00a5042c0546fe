/**
 * Process groups: a command runs as the leader of its own group, so the whole tree it starts can be
 * signalled at once and checked for survivors. Zombies do not count as survivors: a container's init
 * may never reap them.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';

/** Sends `signal` to every process of the group; a group that is already gone is not an error. */
export function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // ESRCH: nothing left to signal.
  }
}

/** The `(state, pgrp)` of a /proc/<pid>/stat line; the command name may itself contain spaces and parentheses. */
function statFields(stat: string): { state: string; pgrp: number } | null {
  const close = stat.lastIndexOf(')');
  if (close < 0) return null;
  const f = stat.slice(close + 2).split(' ');
  return { state: f[0] ?? '', pgrp: Number(f[2]) };
}

/**
 * Whether any process of the group still runs (zombies excluded). Reads /proc on Linux; elsewhere a
 * signal-0 probe, which counts zombies too.
 *
 * @example
 * groupAlive(child.pid) // → false once every process it started has exited
 */
export function groupAlive(pgid: number): boolean {
  if (!existsSync('/proc/self/stat')) {
    try {
      process.kill(-pgid, 0);
      return true;
    } catch {
      return false;
    }
  }
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${name}/stat`, 'utf8');
    } catch {
      continue; // exited while we looked
    }
    const f = statFields(stat);
    if (f && f.pgrp === pgid && f.state !== 'Z' && f.state !== 'X') return true;
  }
  return false;
}

const live = new Set<number>();
let exitHookInstalled = false;

/** Remembers a running group so that it is killed if this process exits first (the MCP server stopping mid-run). */
export function trackGroup(pgid: number): () => void {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', () => {
      for (const g of live) signalGroup(g, 'SIGKILL');
    });
  }
  live.add(pgid);
  return () => live.delete(pgid);
}
