/**
 * `inbox watch`: a live decision surface in the terminal. While it runs it beats a heartbeat every
 * second (`surfaces/watch-<pid>.json`), so hooks wait for a decision here; it refreshes the pending
 * items about once a second and decides with a key press (model.ts). When stdout is not a terminal it
 * prints one plain line per new item instead and ends at the end of stdin.
 */
import { beat, endBeat } from '../../engine/store/journal.js';
import { decideApproval, DECIDED_BY } from '../../engine/runtime/inbox.js';
import { approvals, type ApprovalItem } from '../../engine/store/repos.js';
import type { Store } from '../../engine/store/store.js';
import { commandArgs } from '../args.js';
import { effectiveStatus } from '../inbox/format.js';
import type { CliIO } from '../io.js';
import { openStore, refuseInsideAgent } from '../state.js';
import { initialState, onKey, parseKeys, withItems, type Effect, type WatchState } from './model.js';
import { plainLine, renderScreen } from './render.js';

export const REFRESH_MS = 1000;

export interface Terminal {
  input: NodeJS.ReadStream;
  output: NodeJS.WriteStream;
}

export async function runWatch(args: string[], io: CliIO, term: Terminal = { input: process.stdin, output: process.stdout }): Promise<number> {
  commandArgs(args, {}, [], 'inbox watch');
  refuseInsideAgent(io);
  const store = await openStore(io);
  const tty = Boolean(term.output.isTTY && term.input.isTTY);
  try {
    return await (tty ? interactive(store, io, term) : plain(store, io, term));
  } finally {
    endBeat(store.paths, 'watch');
    store.close();
  }
}

async function pending(store: Store, now: number): Promise<ApprovalItem[]> {
  const items = await store.read((db) => approvals.list(db, { status: 'pending', limit: 500 }));
  return items.filter((i) => effectiveStatus(i, now) === 'pending');
}

/** Calls `tick` now and then every REFRESH_MS (never two at once) until `stop()`. */
function ticker(tick: () => Promise<void>): { stop: () => void } {
  let busy = false;
  const run = () => {
    if (busy) return;
    busy = true;
    tick().finally(() => (busy = false));
  };
  run();
  const timer = setInterval(run, REFRESH_MS);
  return { stop: () => clearInterval(timer) };
}

function plain(store: Store, io: CliIO, term: Terminal): Promise<number> {
  const seen = new Set<string>();
  return new Promise((resolve) => {
    const t = ticker(async () => {
      beat(store.paths, 'watch');
      try {
        for (const item of (await pending(store, io.now())).reverse()) {
          if (seen.has(item.id)) continue;
          seen.add(item.id);
          term.output.write(`${plainLine(item)}\n`);
        }
      } catch (err) {
        io.err(`task-orchestrator: inbox watch: ${(err as Error).message}\n`);
      }
    });
    const done = () => {
      t.stop();
      resolve(0);
    };
    term.input.on('end', done);
    term.input.on('close', done);
    for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.once(signal, done); // heartbeat removed on the way out
    term.input.resume();
  });
}

function interactive(store: Store, io: CliIO, term: Terminal): Promise<number> {
  let state: WatchState = initialState();
  const { input, output } = term;
  const draw = () => {
    const lines = renderScreen(state, io.now(), { columns: output.columns || 100, rows: output.rows || 30 }, store.paths.dir);
    output.write(`\x1b[H\x1b[2J${lines.join('\r\n')}`);
  };
  const refresh = async () => {
    beat(store.paths, 'watch');
    try {
      state = withItems(state, await pending(store, io.now()));
    } catch (err) {
      state = { ...state, message: `Cannot read the inbox: ${(err as Error).message}` };
    }
    draw();
  };
  const decide = async (e: Extract<Effect, { kind: 'decide' }>) => {
    try {
      const d = await decideApproval(store, e.id, { status: e.status, reason: e.reason, decidedBy: DECIDED_BY.watch, ...(e.pattern === undefined ? {} : { alwaysPattern: e.pattern }) });
      state = { ...state, message: `${e.status === 'approved' ? 'Approved' : 'Denied'} ${e.id}${d.rule ? `; always-rule ${d.rule.id} matches ${JSON.stringify(d.rule.pattern)}` : ''}.` };
    } catch (err) {
      state = { ...state, message: (err as Error).message };
    }
    await refresh();
  };

  return new Promise((resolve) => {
    output.write('\x1b[?1049h\x1b[?25l'); // alternate screen, cursor hidden
    input.setRawMode(true);
    input.setEncoding('utf8');
    const t = ticker(refresh);
    const quit = () => {
      t.stop();
      input.setRawMode(false);
      input.pause();
      output.write('\x1b[?25h\x1b[?1049l');
      resolve(0);
    };
    const onSignal = () => quit();
    process.once('SIGTERM', onSignal);
    process.once('SIGHUP', onSignal);
    input.on('data', (data: string) => {
      for (const key of parseKeys(data)) {
        const r = onKey(state, key);
        state = r.state;
        if (r.effect?.kind === 'quit') return quit();
        if (r.effect?.kind === 'decide') void decide(r.effect);
      }
      draw();
    });
    input.on('end', quit);
  });
}
