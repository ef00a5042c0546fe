/**
 * Alert evaluation: pure and synchronous, so the store can run it inside the transaction that folds
 * an outcome, and store the alerts and the new history with it. Sending happens after the commit.
 */
import { HISTORY_RETENTION_MS } from './defaults.js';
import { cooldownMs, inCooldown, insertOutcome, pruneHistory } from './dedup.js';
import { RULES } from './rules.js';
import type { Alert, AlertEvaluation, AlertHistory, AlertInput, AlertingConfig, OutcomeRecord } from './types.js';

/**
 * The alerts one outcome raises, and the history to keep for the next one. Rules see the history with
 * this outcome in it; an alert whose dedup key is cooling down (measured between event times) is not
 * raised again. With alerting disabled, or for an event older than the history's retention (a late
 * replay), nothing is raised and the history is returned as it was.
 *
 * @example
 * const { alerts, history: next } = evaluateAlerts(
 *   { ts: Date.now(), project: '/home/dev/shop', session: 's1', outcome: 'failed', patternId: 'p-1', isNewPattern: true },
 *   history, config, Date.now(),
 * );
 * // alerts → [{ kind: 'new_pattern', severity: 'warning', message: 'New failure pattern detected: p-1', … }]
 */
export function evaluateAlerts(input: AlertInput, history: AlertHistory, config: AlertingConfig, now: number): AlertEvaluation {
  if (!config.enabled) return { alerts: [], history };
  if (!Number.isFinite(input.ts) || input.ts <= now - HISTORY_RETENTION_MS) return { alerts: [], history };
  const record: OutcomeRecord = { ts: input.ts, project: input.project, session: input.session, passed: input.outcome === 'passed' };
  if (input.patternId !== undefined) record.patternId = input.patternId;
  const outcomes = insertOutcome(history.outcomes, record);
  const fired = new Map<string, number>();
  const alerts: Alert[] = [];
  for (const rule of RULES) {
    if (!config.rules[rule.name].enabled) continue;
    const draft = rule.evaluate({ input, outcomes, config });
    if (draft === null) continue;
    const last = fired.get(draft.dedupKey) ?? history.lastFired[draft.dedupKey];
    if (inCooldown(last, input.ts, cooldownMs(draft.kind, config))) continue;
    fired.set(draft.dedupKey, Math.max(last ?? -Infinity, input.ts));
    alerts.push({ ts: now, project: input.project, ...draft });
  }
  // Pruned as of the event, not the fold: a late fold must not forget a cool-down its events still need.
  return { alerts, history: pruneHistory({ outcomes, lastFired: history.lastFired }, config, Math.min(now, input.ts), fired) };
}
