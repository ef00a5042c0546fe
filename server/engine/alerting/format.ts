/** What an alert looks like on its way out: redacted, and as one line of text. */
import { redact } from '../redact.js';
import type { Alert } from './types.js';

function redactDeep(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return redact(value);
  if (depth <= 0 || typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, depth - 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactDeep(v, depth - 1)]));
}

/**
 * A copy of the alert with secrets redacted from every string it carries (the message quotes
 * operations and sessions, which may quote commands).
 *
 * @example
 * redactAlert({ …, message: 'failed: curl -H "Authorization: Bearer abc123def456"' }).message
 * // → 'failed: curl -H "Authorization: Bearer «redacted:bearer»"'
 */
export function redactAlert(alert: Alert): Alert {
  const out: Alert = {
    ...alert,
    message: redact(alert.message),
    project: redact(alert.project),
    dedupKey: redact(alert.dedupKey),
    data: redactDeep(alert.data, 6) as Record<string, unknown>,
  };
  if (alert.patternId !== undefined) out.patternId = redact(alert.patternId);
  return out;
}

/** Control characters (terminal escapes, line breaks) become spaces: an alert is one inert line. */
const oneLine = (text: string): string => text.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').trim();

/**
 * The alert as one redacted line, without a line break.
 *
 * @example
 * alertLine(alert)
 * // → '[ALERT:CRITICAL] consecutive_failures: 3 consecutive failures detected in session s1 (project /home/dev/shop)'
 */
export function alertLine(alert: Alert): string {
  const a = redactAlert(alert);
  const where = [`project ${a.project === '' ? 'unknown' : a.project}`, a.patternId && `pattern ${a.patternId}`];
  return oneLine(`[ALERT:${a.severity.toUpperCase()}] ${a.kind}: ${a.message} (${where.filter(Boolean).join(', ')})`);
}
