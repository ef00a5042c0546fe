/** Graded trials as training data: JSON Lines, one labelled example per line, secrets redacted. */
import type { FailureType, GraderResult } from '../grading/types.js';
import { redact } from '../redact.js';
import { failureTypeFromResults } from './failure-type.js';

/**
 * One graded trial to export (the store's graded trial, flattened). `prompt` is the request (a prompt, a
 * command, a tool input), `response` what came back; `results` the graders' verdicts.
 */
export interface ExportTrial {
  id: string;
  /** Milliseconds since the epoch. */
  ts: number;
  prompt: string;
  response: string;
  passed: boolean;
  results: readonly GraderResult[];
  /** The Claude Code tool (`Bash`, `Write`, an MCP tool), '' or null when not a tool call. */
  tool?: string | null;
  /** The coarse operation (`Bash:npm test`). */
  operation?: string | null;
  /** The trial's failure type; derived from `results` when a failed trial has none. */
  failureType?: FailureType | null;
  model?: string | null;
  costUsd?: number | null;
  latencyMs?: number | null;
  metadata?: Record<string, unknown>;
}

/** The shape of one exported line (key order as listed). */
export interface ExportLine {
  id: string;
  prompt: string;
  response: string;
  label: 'good' | 'bad';
  scores: Record<string, number>;
  grader_details: Array<{ name: string; passed: boolean; score: number; reason: string; skipped: boolean; failure_type: FailureType | null }>;
  tool: string | null;
  operation: string | null;
  failure_type: FailureType | null;
  model: string | null;
  cost_usd: number | null;
  latency_ms: number | null;
  timestamp: string;
  metadata: Record<string, unknown>;
}

function redactedMetadata(m: Record<string, unknown> | undefined): Record<string, unknown> {
  if (!m) return {};
  try {
    // Redacting the JSON text catches `"password": "…"` pairs that redacting each value alone would miss.
    return JSON.parse(redact(JSON.stringify(m))) as Record<string, unknown>;
  } catch {
    return { redacted: true };
  }
}

/**
 * One trial as an export line.
 *
 * @example
 * exportLine({ id: 't1', ts: 0, prompt: 'npm test', response: '1 failed', passed: false, results: [] }).label // → 'bad'
 */
export function exportLine(t: ExportTrial): ExportLine {
  const scores: Record<string, number> = {};
  for (const r of t.results) if (!r.skipped && !(r.name in scores)) scores[r.name] = r.score;
  return {
    id: t.id,
    prompt: redact(t.prompt),
    response: redact(t.response),
    label: t.passed ? 'good' : 'bad',
    scores,
    grader_details: t.results.map((r) => ({
      name: r.name, passed: r.passed, score: r.score, reason: redact(r.reason), skipped: r.skipped === true, failure_type: r.failureType ?? null,
    })),
    tool: t.tool || null,
    operation: t.operation || null,
    failure_type: t.passed ? null : (t.failureType ?? failureTypeFromResults(t.results)),
    model: t.model ?? null,
    cost_usd: t.costUsd ?? null,
    latency_ms: t.latencyMs ?? null,
    timestamp: new Date(t.ts).toISOString(),
    metadata: redactedMetadata(t.metadata),
  };
}

/**
 * The trials as JSON Lines: one object per line, each line ending in "\n"; '' for no trials. Scores are
 * the non-skipped graders' (the first result of a name wins); a good trial has no failure type.
 *
 * @example
 * trialsToJsonl([trial]) // → '{"id":"t1","prompt":"npm test",…,"label":"bad",…,"timestamp":"2025-03-03T08:00:00.000Z","metadata":{}}\n'
 */
export function trialsToJsonl(rows: readonly ExportTrial[]): string {
  return rows.map((t) => `${JSON.stringify(exportLine(t))}\n`).join('');
}
