/**
 * The four alert rules. Each looks at one event and the history that already includes it, and returns
 * the alert it would raise (cool-downs are applied afterwards, in evaluate.ts). Only failures raise
 * alerts; successes matter only as the end of a streak.
 */
import { FREQUENCY_WINDOW_MS } from './defaults.js';
import { dedupKey } from './dedup.js';
import type { AlertInput, AlertingConfig, AlertKind, AlertSeverity, OutcomeRecord, RuleName } from './types.js';

export interface RuleContext {
  input: AlertInput;
  /** The history's outcomes with the input already inserted, oldest first. */
  outcomes: readonly OutcomeRecord[];
  config: AlertingConfig;
}

/** An alert before the cool-down check gives it its time. */
export interface AlertDraft {
  kind: AlertKind;
  severity: AlertSeverity;
  message: string;
  dedupKey: string;
  patternId?: string;
  data: Record<string, unknown>;
}

export interface AlertRule {
  name: RuleName;
  kind: AlertKind;
  evaluate(ctx: RuleContext): AlertDraft | null;
}

/** What every alert records about its triggering event. */
function eventData(input: AlertInput): Record<string, unknown> {
  const data: Record<string, unknown> = { session: input.session, eventTs: input.ts };
  if (input.operation !== undefined) data['operation'] = input.operation;
  if (input.failureType !== undefined) data['failureType'] = input.failureType;
  return data;
}

const withPattern = (patternId: string | undefined): { patternId?: string } =>
  patternId === undefined ? {} : { patternId };

/**
 * Critical when the failure's pattern has a risk at or above the threshold (default 0.8).
 * One alert per pattern (or, without one, per operation) and cool-down.
 */
export const highRisk: AlertRule = {
  name: 'highRisk',
  kind: 'high_risk',
  evaluate({ input, config }) {
    const { threshold } = config.rules.highRisk;
    const risk = input.risk;
    if (input.outcome !== 'failed' || risk === undefined || !Number.isFinite(risk) || risk < threshold) return null;
    return {
      kind: 'high_risk',
      severity: 'critical',
      message: `Risk score ${risk.toFixed(2)} ${risk > threshold ? 'exceeds' : 'reaches'} threshold ${threshold}`,
      dedupKey: dedupKey('high_risk', input.project, input.patternId ?? input.operation ?? ''),
      ...withPattern(input.patternId),
      data: { ...eventData(input), risk, threshold },
    };
  },
};

/** Warning on a failure that created its pattern. One alert per pattern (its cool-down defaults to never). */
export const newPattern: AlertRule = {
  name: 'newPattern',
  kind: 'new_pattern',
  evaluate({ input }) {
    if (input.outcome !== 'failed' || input.isNewPattern !== true || input.patternId === undefined) return null;
    const what = [input.failureType, input.operation && `in ${input.operation}`].filter(Boolean).join(' ');
    return {
      kind: 'new_pattern',
      severity: 'warning',
      message: `New failure pattern detected: ${input.patternId}${what ? ` (${what})` : ''}`,
      dedupKey: dedupKey('new_pattern', input.project, input.patternId),
      patternId: input.patternId,
      data: eventData(input),
    };
  },
};

/**
 * Warning when the project's failures in the hour up to this one (this one included; one exactly an
 * hour older is out) are more than `maxPerHour` (default 5). One alert per project and cool-down.
 */
export const frequencySpike: AlertRule = {
  name: 'frequencySpike',
  kind: 'frequency_spike',
  evaluate({ input, outcomes, config }) {
    if (input.outcome !== 'failed') return null;
    const { maxPerHour } = config.rules.frequencySpike;
    const since = input.ts - FREQUENCY_WINDOW_MS;
    let count = 0;
    for (const o of outcomes) {
      if (!o.passed && o.project === input.project && o.ts > since && o.ts <= input.ts) count++;
    }
    if (count <= maxPerHour) return null;
    return {
      kind: 'frequency_spike',
      severity: 'warning',
      message: `Failure frequency spike: ${count} failures in last hour (limit: ${maxPerHour})`,
      dedupKey: dedupKey('frequency_spike', input.project),
      ...withPattern(input.patternId),
      data: { ...eventData(input), count, maxPerHour, windowMs: FREQUENCY_WINDOW_MS },
    };
  },
};

/**
 * Critical when the session's failures since its last success number `threshold` (default 3) or more.
 * Per session, not per project: sessions of one project run side by side, and one agent's success
 * says nothing about another's run of failures. One alert per session and cool-down.
 */
export const consecutiveFailures: AlertRule = {
  name: 'consecutiveFailures',
  kind: 'consecutive_failures',
  evaluate({ input, outcomes, config }) {
    if (input.outcome !== 'failed') return null;
    const { threshold } = config.rules.consecutiveFailures;
    const patternIds = new Set<string>();
    let streak = 0;
    for (let i = outcomes.length - 1; i >= 0; i--) {
      const o = outcomes[i] as OutcomeRecord;
      if (o.ts > input.ts || o.project !== input.project || o.session !== input.session) continue;
      if (o.passed) break;
      streak++;
      if (o.patternId !== undefined) patternIds.add(o.patternId);
    }
    if (streak < threshold) return null;
    return {
      kind: 'consecutive_failures',
      severity: 'critical',
      message: `${streak} consecutive failures detected in session ${input.session}`,
      dedupKey: dedupKey('consecutive_failures', input.project, input.session),
      ...withPattern(input.patternId),
      data: { ...eventData(input), streak, threshold, patternIds: [...patternIds] },
    };
  },
};

/** Every rule, in the order their alerts are returned. */
export const RULES: readonly AlertRule[] = [highRisk, newPattern, frequencySpike, consecutiveFailures];
