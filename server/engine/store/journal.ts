/**
 * The hook side of the store: everything a hook writes or reads, without sql.js or locks (docs/store.md,
 * "Why two write paths"). Events are appended to `journal/current.jsonl`, one JSON line each (a single
 * O_APPEND write: concurrent hooks never interleave); a `Store` rotates that file into a segment and folds it
 * into state.db later. Imports node built-ins only — not even node:crypto, which costs a hook ~2 ms.
 */
import { closeSync, constants, openSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { redact } from '../redact.js';
import { ensureDir, unlinkQuietly, writeFileAtomic } from './files.js';
import type { StorePaths } from './paths.js';

/** What a hook records. Every event carries a unique `id`; folding applies each id once. */
export type JournalEvent =
  | {
      type: 'audit';
      id: string;
      ts: number;
      session: string;
      project: string;
      cwd: string;
      tool: string;
      decision: 'allow' | 'ask' | 'deny' | 'none';
      category: string | null;
      rule: string | null;
      reason: string;
      summary: string;
      decidedBy: string | null;
    }
  | {
      type: 'approval.created';
      id: string;
      ts: number;
      approvalId: string;
      tool: string;
      summary: string;
      /** The tool input as JSON, redacted. */
      input: string;
      rule: string;
      reason: string;
      project: string;
      session: string;
      expiresAt: number;
    }
  | {
      type: 'approval.resolved';
      id: string;
      ts: number;
      approvalId: string;
      status: 'approved' | 'denied' | 'expired';
      /** `rule:<id>`, `timeout` or `no-surface`. */
      decidedBy: string;
      reason: string;
    }
  | TrialEvent
  | ImmuneWarnedEvent
  | SessionCostEvent;

/** Claude Code's own spend in one session so far, read from its transcript (Stop, PostToolUse); folded as an upsert. */
export interface SessionCostEvent {
  type: 'session.cost';
  id: string;
  ts: number;
  session: string;
  project: string;
  /** The transcript the usage was read from. */
  transcript: string;
  /** The priced models' cost; models in `unpriced` add nothing. */
  costUsd: number;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  /** When the session's first message was written (ms), or when it was first seen. */
  startedAt: number;
  models: Array<{ model: string; messages: number; inputTokens: number; outputTokens: number; cacheReadTokens: number; cacheWriteTokens: number; costUsd: number | null }>;
  /** Models the price table does not know: tokens recorded, cost unknown. */
  unpriced: string[];
  priceDate: string;
  /** The cap in force when this was computed (USD), null when none. */
  capUsd: number | null;
}

/** The immune system warned before a prompt (UserPromptSubmit), a session (SessionStart) or a spawned agent. */
export interface ImmuneWarnedEvent {
  type: 'immune.warned';
  id: string;
  ts: number;
  session: string;
  project: string;
  source: string;
  risk: number;
  patternIds: string[];
}

/** A graded result (a tool call's, a spawned agent's): a trial, and a failure pattern when it failed. */
export interface TrialEvent {
  type: 'trial';
  id: string;
  ts: number;
  session: string;
  project: string;
  tool: string;
  operation: string;
  passed: boolean;
  score: number;
  /** A FailureType when failed, else null. */
  failureType: string | null;
  reason: string;
  /** The request and the telling part of the output, each at most 2 KB. */
  input: string;
  output: string;
  results: Array<{ name: string; passed: boolean; score: number; reason: string; skipped?: boolean }>;
  /** The session's last prompt (the request this call served), on failures only, at most 2 KB. */
  prompt?: string | null;
  durationMs: number | null;
  /** 'hook' (a Claude Code tool call) or 'agent' (a spawned helper). */
  source: string;
  provider?: string | null;
  model?: string | null;
  costUsd?: number | null;
}

/** A human's decision on one approval, for the hook waiting on it (`inbox/decisions/<approvalId>.json`). */
export interface DecisionFile {
  approvalId: string;
  status: 'approved' | 'denied';
  reason: string;
  decidedBy: string;
  decidedAt: number;
}

/** An "always" rule: a later request with the same project, tool and classifier rule whose summary matches `pattern` is allowed. */
export interface ApprovalRule {
  id: string;
  project: string;
  tool: string;
  rule: string;
  /** A glob over the request's summary: `*` any run of characters, `?` one character, the rest literal. */
  pattern: string;
  createdAt: number;
  createdBy: string;
  sourceApproval: string | null;
}

/** Ids, approval ids and surface names become file names: keep them to a safe alphabet. */
export const SAFE_NAME = /^[A-Za-z0-9_-][A-Za-z0-9_.-]{0,127}$/;

/**
 * 16 characters: time, process and randomness. Ids only need to be unique (journal events are applied once
 * by id) — and loading node:crypto for them would cost a hook ~2 ms on every call.
 */
export function newId(): string {
  const rand = () => Math.floor(Math.random() * 0x100000000).toString(16).padStart(8, '0');
  return `${(Date.now() % 0x100000000).toString(16).padStart(8, '0')}${((Number.parseInt(rand(), 16) ^ process.pid) >>> 0).toString(16).padStart(8, '0')}`.slice(0, 8) + rand();
}

/** Hooks append here; a fold renames it to a segment first, so appends and folds never share a file for long. */
export const CURRENT_JOURNAL = 'current.jsonl';
/** A rotated journal waiting to be folded: `seg-<ts>-<pid>-<n>.jsonl`. */
export const SEGMENT = /^seg-(\d{13})-\d+-\d+\.jsonl$/;
/** Folded, kept for a grace period in case an append opened it just before its rotation. */
export const APPLIED = /^applied-(\d{13})-\d+-\d+\.jsonl$/;
/** One event line may not exceed this; bigger inputs are cut (POSIX appends of one small write stay whole). */
const MAX_LINE = 12 * 1024;

function redactEvent(e: JournalEvent): JournalEvent {
  switch (e.type) {
    case 'audit':
      return { ...e, reason: redact(e.reason), summary: redact(e.summary) };
    case 'approval.created':
      return { ...e, summary: redact(e.summary), input: redact(e.input), reason: redact(e.reason) };
    case 'approval.resolved':
      return { ...e, reason: redact(e.reason) };
    case 'trial':
      return {
        ...e, reason: redact(e.reason), input: redact(e.input), output: redact(e.output), ...(e.prompt ? { prompt: redact(e.prompt) } : {}),
        results: e.results.map((r) => ({ ...r, reason: redact(r.reason) })),
      };
    case 'immune.warned':
      return e;
    case 'session.cost':
      return { ...e, transcript: redact(e.transcript) };
  }
}

/**
 * Records `e` for folding into state.db: secrets redacted, one line appended to `current.jsonl` with a
 * single O_APPEND write, no lock, no fsync — it costs the same whatever the size of history. Never
 * throws: a failure prints one line to stderr (a hook must still answer).
 *
 * @example
 * appendJournal(paths, { type: 'approval.resolved', id: newId(), ts: Date.now(), approvalId, status: 'expired', decidedBy: 'timeout', reason: '' });
 */
export function appendJournal(paths: StorePaths, e: JournalEvent): void {
  try {
    if (!SAFE_NAME.test(e.id)) throw new Error(`event id must be [A-Za-z0-9_.-], got ${JSON.stringify(e.id)}`);
    let event = redactEvent(e);
    let line = JSON.stringify(event);
    if (line.length > MAX_LINE && event.type === 'approval.created') {
      event = { ...event, input: `${event.input.slice(0, 4096)}…`, summary: event.summary.slice(0, 2048) };
      line = JSON.stringify(event);
    }
    if (line.length > MAX_LINE) throw new Error(`event too large (${line.length} bytes)`);
    // One append (O_APPEND, a single small write): concurrent hooks never interleave or overwrite lines.
    const file = join(paths.journal, CURRENT_JOURNAL);
    try {
      appendLine(file, `${line}\n`);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      ensureDir(paths.journal);
      appendLine(file, `${line}\n`);
    }
  } catch (err) {
    process.stderr.write(`task-orchestrator: could not journal a ${e.type} event in ${paths.journal}: ${(err as Error).message}\n`);
  }
}

/** open(O_APPEND) + one write + close: what appendFileSync does, minus its option handling (~0.1 ms per hook). */
function appendLine(file: string, text: string): void {
  const fd = openSync(file, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT, 0o600);
  try {
    const written = writeSync(fd, text);
    if (written !== Buffer.byteLength(text)) throw new Error(`short write to ${file} (${written} bytes): disk full?`);
  } finally {
    closeSync(fd);
  }
}

/** Journal files still to fold (the current file when not empty, then rotated segments), oldest first. */
export function listJournal(paths: StorePaths): string[] {
  try {
    const names = readdirSync(paths.journal);
    const segments = names.filter((n) => SEGMENT.test(n)).sort();
    return journalBytes(paths) > 0 ? [...segments, CURRENT_JOURNAL] : segments;
  } catch {
    return [];
  }
}

/** Size of the file hooks append to: what a hook checks (cheaply) to decide whether to start a fold. */
export function journalBytes(paths: StorePaths): number {
  try {
    return statSync(join(paths.journal, CURRENT_JOURNAL)).size;
  } catch {
    return 0;
  }
}

/** Events waiting to be folded (counts lines; for status and doctor, not the hook's hot path). */
export function journalBacklog(paths: StorePaths): number {
  let n = 0;
  for (const name of listJournal(paths)) {
    try {
      n += readFileSync(join(paths.journal, name), 'utf8').split('\n').filter((l) => l.trim()).length;
    } catch {
      // rotated or folded meanwhile
    }
  }
  return n;
}

/** Folded segments and segments waiting for the next fold (applied ones are re-read: a late append is possible). */
export function foldableSegments(paths: StorePaths): string[] {
  try {
    return readdirSync(paths.journal).filter((n) => SEGMENT.test(n) || APPLIED.test(n)).sort((a, b) => a.slice(a.indexOf('-')).localeCompare(b.slice(b.indexOf('-'))));
  } catch {
    return [];
  }
}

/**
 * After the database holding a fold is on disk: segments older than `graceMs` are deleted; younger ones are
 * renamed `applied-…` (no longer a backlog) and re-read by later folds, in case a hook that opened
 * current.jsonl just before its rotation appended after the fold read it.
 */
export function retireSegments(paths: StorePaths, names: string[], now: number, graceMs: number): void {
  for (const name of names) {
    const m = SEGMENT.exec(name) ?? APPLIED.exec(name);
    if (!m) continue;
    const file = join(paths.journal, name);
    if (now - Number(m[1]) >= graceMs) unlinkQuietly(file);
    else if (SEGMENT.test(name)) {
      try {
        renameSync(file, join(paths.journal, `applied-${name.slice(4)}`));
      } catch {
        // folded again next time; applying twice is harmless
      }
    }
  }
}

let rotations = 0;

/** Renames the current journal to a new segment (under the store's lock); returns its name, or null if empty. */
export function rotateJournal(paths: StorePaths, now = Date.now()): string | null {
  if (journalBytes(paths) === 0) return null;
  const name = `seg-${String(now).padStart(13, '0')}-${process.pid}-${++rotations}.jsonl`;
  try {
    renameSync(join(paths.journal, CURRENT_JOURNAL), join(paths.journal, name));
    return name;
  } catch {
    return null;
  }
}


function checkName(what: string, name: string): void {
  if (!SAFE_NAME.test(name)) throw new Error(`${what} must match ${SAFE_NAME}, got ${JSON.stringify(name)}`);
}

/** Publishes a human's decision for the waiting hook (atomic). Throws on an unsafe approval id. */
export function writeDecision(paths: StorePaths, d: DecisionFile): void {
  checkName('approvalId', d.approvalId);
  ensureDir(paths.decisions);
  writeFileAtomic(join(paths.decisions, `${d.approvalId}.json`), JSON.stringify(d), false);
}

/** The decision on `approvalId`, or null when there is none yet (or the file is unreadable). */
export function readDecision(paths: StorePaths, approvalId: string): DecisionFile | null {
  if (!SAFE_NAME.test(approvalId)) return null;
  try {
    const d = JSON.parse(readFileSync(join(paths.decisions, `${approvalId}.json`), 'utf8')) as Partial<DecisionFile>;
    if (d.approvalId !== approvalId || (d.status !== 'approved' && d.status !== 'denied')) return null;
    return {
      approvalId,
      status: d.status,
      reason: typeof d.reason === 'string' ? d.reason : '',
      decidedBy: typeof d.decidedBy === 'string' ? d.decidedBy : 'human',
      decidedAt: typeof d.decidedAt === 'number' ? d.decidedAt : 0,
    };
  } catch {
    return null;
  }
}

/** Writes or refreshes the heartbeat `surfaces/<surface>-<pid>.json` of a live decision surface. */
export function beat(paths: StorePaths, surface: 'vscode' | 'watch' | string, pid: number = process.pid): void {
  checkName('surface', surface);
  const file = join(paths.surfaces, `${surface}-${pid}.json`);
  const data = JSON.stringify({ surface, pid, ts: Date.now() });
  try {
    writeFileSync(file, data, { mode: 0o600 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    ensureDir(paths.surfaces);
    writeFileSync(file, data, { mode: 0o600 });
  }
}

/** Removes a surface's heartbeat (when it closes), so hooks stop waiting for it at once. */
export function endBeat(paths: StorePaths, surface: string, pid: number = process.pid): void {
  if (SAFE_NAME.test(surface)) unlinkQuietly(join(paths.surfaces, `${surface}-${pid}.json`));
}

/**
 * Decision surfaces that beat within `maxAgeMs` and whose process is still alive, as `<surface>-<pid>`.
 * Heartbeats of dead processes are removed.
 */
export function liveSurfaces(paths: StorePaths, maxAgeMs = 5000): string[] {
  let names: string[];
  try {
    names = readdirSync(paths.surfaces);
  } catch {
    return [];
  }
  const now = Date.now();
  const live: string[] = [];
  for (const n of names) {
    const m = /^(.+)-(\d+)\.json$/.exec(n);
    if (!m) continue;
    const file = join(paths.surfaces, n);
    try {
      if (now - statSync(file).mtimeMs > maxAgeMs) continue;
    } catch {
      continue;
    }
    if (!processAlive(Number(m[2]))) {
      unlinkQuietly(file);
      continue;
    }
    live.push(n.slice(0, -'.json'.length));
  }
  return live.sort();
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function isRule(r: unknown): r is ApprovalRule {
  if (typeof r !== 'object' || r === null) return false;
  const o = r as Record<string, unknown>;
  return ['id', 'project', 'tool', 'rule', 'pattern', 'createdBy'].every((k) => typeof o[k] === 'string') && typeof o.createdAt === 'number';
}

/** The always-rules snapshot (`rules.json`, written by the store); [] when missing or unreadable. */
export function readRulesSnapshot(paths: StorePaths): ApprovalRule[] {
  try {
    const parsed = JSON.parse(readFileSync(paths.rules, 'utf8')) as unknown;
    const list = Array.isArray(parsed) ? parsed : (parsed as { rules?: unknown } | null)?.rules;
    return Array.isArray(list) ? list.filter(isRule).map((r) => ({ ...r, sourceApproval: r.sourceApproval ?? null })) : [];
  } catch {
    return [];
  }
}

const globCache = new Map<string, RegExp>();

/** `*` any run of characters (newlines too), `?` exactly one, everything else literal. */
export function globToRegExp(pattern: string): RegExp {
  let re = globCache.get(pattern);
  if (!re) {
    const body = pattern.replace(/[.+^${}()|[\]\\*?]/g, (c) => (c === '*' ? '[\\s\\S]*' : c === '?' ? '[\\s\\S]' : `\\${c}`));
    re = new RegExp(`^${body}$`);
    globCache.set(pattern, re);
  }
  return re;
}

/**
 * The first rule with the request's project, tool and classifier rule whose pattern matches its summary.
 * Pure. Callers must not consult rules for BLOCKED decisions.
 *
 * @example
 * matchApprovalRule(readRulesSnapshot(paths), { project, tool: 'Bash', rule: 'git.push', summary: 'git push origin feature/x' })
 */
export function matchApprovalRule(
  rules: ApprovalRule[],
  req: { project: string; tool: string; rule: string; summary: string },
): ApprovalRule | null {
  for (const r of rules) {
    if (r.project === req.project && r.tool === req.tool && r.rule === req.rule && globToRegExp(r.pattern).test(req.summary)) return r;
  }
  return null;
}
