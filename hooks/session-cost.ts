/**
 * Claude Code's own session cost, from the transcript every hook is given: on Stop and (throttled) after
 * each tool call, the transcript's new lines are read (server/engine/cost/transcript.ts), priced, journaled
 * as a `session.cost` event (folded into session_costs), and checked against the session cap — reaching it
 * writes the marker PreToolUse and UserPromptSubmit refuse on (server/engine/cost/session-cap.ts). The
 * cursor and totals live in `sessions/<session>.cost.json`, so each call reads only what was appended.
 * Never throws; every problem is a note (except a missing transcript after a tool call: Stop reports that
 * once per turn), and none of it decides a tool call by itself.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { DEFAULT_PRICE_TABLE, PRICE_FILE, type PriceTable } from '../server/engine/cost/price-table.js';
import { cappedReason, capMarkerPath, clearCapMarker, reachedCap, SESSION_CAP_RULE, sessionCap, writeCapMarker } from '../server/engine/cost/session-cap.js';
import { addUsage, type ModelUsage, readTranscriptUsage, sessionCost, type TranscriptCursor } from '../server/engine/cost/transcript.js';
import type { ClassifyContext } from '../server/engine/policy/types.js';
import { printableMessage } from '../server/engine/runtime/refusals.js';
import { ensureDir, writeFileAtomic } from '../server/engine/store/files.js';
import { SAFE_NAME } from '../server/engine/store/journal.js';
import type { EventStore } from './event-deps.js';
import { formatReason } from './protocol.js';

/** After a tool call, the transcript is read again only this long after the last read … */
export const THROTTLE_MS = 2000;
/** … or once it grew by this much. Stop always reads. */
export const THROTTLE_BYTES = 64 * 1024;

/** The stdin fields this needs (every event carries them). */
export interface SessionEventInput {
  hook_event_name: string;
  session_id?: string;
  transcript_path?: string;
  cwd?: string;
}

/** Stop: the turn ended (the transcript holds its last message). */
export interface StopInput extends SessionEventInput {
  hook_event_name: 'Stop';
}

/** `sessions/<session>.cost.json`. */
interface SessionState extends TranscriptCursor {
  v: 1;
  transcript: string;
  byModel: Record<string, ModelUsage>;
  startedAt: number;
  /** When the transcript was last read. */
  checkedAt: number;
  /** The offset the last journaled event covered. */
  journaled: number;
}

export interface SessionCostOptions {
  /** Skip the work when the last read was recent and little was appended (PostToolUse). */
  throttle: boolean;
  env?: Readonly<Record<string, string | undefined>>;
}

const statePath = (stateDir: string, session: string): string => join(stateDir, 'sessions', `${session}.cost.json`);

function readState(file: string, transcript: string, notes: string[]): SessionState | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  try {
    const s = JSON.parse(text) as Partial<SessionState>;
    const ok = s.v === 1 && typeof s.offset === 'number' && Array.isArray(s.seen) && typeof s.byModel === 'object' && s.byModel !== null
      && typeof s.startedAt === 'number' && typeof s.checkedAt === 'number' && typeof s.journaled === 'number';
    if (!ok) throw new Error('not a session cost state');
    // Another transcript for this session id: its usage is counted afresh.
    return s.transcript === transcript ? (s as SessionState) : null;
  } catch (err) {
    notes.push(`session cost: ${file} is unreadable (${printableMessage(err)}); the transcript is read again from the start`);
    return null;
  }
}

/** Price table: the defaults, or prices.json merged over them (its parser, with zod, loaded only when the file exists). */
async function priceTable(stateDir: string, notes: string[]): Promise<PriceTable | null> {
  if (!existsSync(join(stateDir, PRICE_FILE))) return DEFAULT_PRICE_TABLE;
  try {
    return (await import('../server/engine/cost/price-file.js')).loadPriceTable(stateDir);
  } catch (err) {
    notes.push(`session cost: ${printableMessage(err)}; no model is priced until it is fixed`);
    return null;
  }
}

/**
 * Reads the session's new transcript lines, records the session's cost so far and applies the cap.
 * Returns notes for stderr.
 *
 * @example
 * const notes = await recordSessionCost(input, ctx, eventStore(ctx.stateDir), { throttle: input.hook_event_name !== 'Stop' });
 */
export async function recordSessionCost(input: SessionEventInput, ctx: ClassifyContext, store: EventStore, opts: SessionCostOptions): Promise<string[]> {
  const notes: string[] = [];
  const session = input.session_id ?? '';
  if (!SAFE_NAME.test(session)) return opts.throttle ? notes : [`session cost: no usable session_id (got ${JSON.stringify(input.session_id)}), not recorded`];
  if (!input.transcript_path) return [`session cost: ${input.hook_event_name} input has no transcript_path, not recorded`];
  const transcript = isAbsolute(input.transcript_path) ? input.transcript_path : resolve(ctx.cwd, input.transcript_path);
  const file = statePath(ctx.stateDir, session);
  const now = store.now();
  const state = readState(file, transcript, notes);

  try {
    if (opts.throttle && state && now - state.checkedAt < THROTTLE_MS && statSync(transcript).size - state.offset < THROTTLE_BYTES) return notes;
    const read = readTranscriptUsage(transcript, state ?? undefined);
    if (read.malformed > 0) notes.push(`session cost: ${read.malformed} unreadable line(s) in ${transcript} skipped`);
    const byModel = addUsage(state && !read.reset ? state.byModel : {}, read.byModel);
    const prior = state && !read.reset ? state.startedAt : null;
    const startedAt = prior === null ? (read.firstAt ?? now) : Math.min(prior, read.firstAt ?? prior);
    const next: SessionState = { v: 1, transcript, offset: read.offset, seen: read.seen, byModel, startedAt, checkedAt: now, journaled: state?.journaled ?? -1 };
    if (read.skipping) next.skipping = true;

    const table = await priceTable(ctx.stateDir, notes);
    const cost = sessionCost(byModel, table ?? { ...DEFAULT_PRICE_TABLE, providers: {} });
    const cap = sessionCap(opts.env ?? process.env, ctx.policy.budget);
    if (cap.problem) notes.push(cap.problem);
    if (next.journaled !== next.offset || read.reset) {
      store.append({
        type: 'session.cost', id: store.newId(), ts: now, session, project: ctx.projectDir, transcript, costUsd: cost.costUsd,
        inputTokens: cost.inputTokens, outputTokens: cost.outputTokens, cacheReadTokens: cost.cacheReadTokens, cacheWriteTokens: cost.cacheWriteTokens,
        startedAt, models: cost.models, unpriced: cost.unpriced, priceDate: cost.priceDate, capUsd: cap.capUsd,
      });
      next.journaled = next.offset;
    }
    if (cost.unpriced.length > 0 && table) notes.push(`session cost: no price for ${cost.unpriced.join(', ')} (tokens recorded, cost unknown); add it to prices.json in ${ctx.stateDir}`);
    ensureDir(join(ctx.stateDir, 'sessions'));
    writeFileAtomic(file, JSON.stringify(next), false);

    const marker = capMarkerPath(ctx.stateDir, session);
    if (reachedCap(cost.costUsd, cap)) writeCapMarker(ctx.stateDir, session, { costUsd: cost.costUsd, capUsd: cap.capUsd as number, at: now });
    else if (marker && existsSync(marker)) clearCapMarker(ctx.stateDir, session);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    // After each tool call a missing transcript stays quiet (Stop, once per turn, reports it).
    if (code === 'ENOENT' && !opts.throttle) notes.push(`session cost: transcript ${transcript} does not exist, not recorded`);
    else if (code !== 'ENOENT') notes.push(`session cost: cannot read transcript ${transcript} (${printableMessage(err)}), not recorded`);
  }
  return notes;
}

/** UserPromptSubmit's refusal: the prompt is not processed and the reason is shown to the user. */
export interface PromptBlock {
  decision: 'block';
  reason: string;
}

/**
 * The refusal of a new prompt in a capped session, or null (one existence check when not capped).
 *
 * @example
 * const block = promptCapBlock(input, ctx);
 * if (block) return { stdout: JSON.stringify(block), notes };
 */
export function promptCapBlock(input: SessionEventInput, ctx: ClassifyContext, env: Readonly<Record<string, string | undefined>> = process.env): PromptBlock | null {
  const why = cappedReason(ctx.stateDir, input.session_id, () => sessionCap(env, ctx.policy.budget));
  return why ? { decision: 'block', reason: formatReason(SESSION_CAP_RULE, why) } : null;
}
