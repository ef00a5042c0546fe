/** The alerting defaults, shared by the zod schema (config.ts) and callers that have no config file. */
import type { AlertHistory, AlertingConfig, Cooldown, RuleName } from './types.js';

/** Outcomes older than this (relative to the evaluation's `now`) are pruned, and such late events ignored. */
export const HISTORY_RETENTION_MS = 24 * 60 * 60 * 1000;

/**
 * At most this many outcomes are kept (oldest dropped first). Runs of successes in a session collapse
 * to one record, so the bound is spent on failures; `frequencySpike.maxPerHour` is capped below it.
 */
export const HISTORY_MAX_OUTCOMES = 500;

/** At most this many dedup keys are remembered; the oldest go first (so 'never' means "not while remembered"). */
export const HISTORY_MAX_FIRED = 500;

export const FREQUENCY_WINDOW_MS = 60 * 60 * 1000;

/**
 * Cool-downs: a high-risk pattern is re-announced at most hourly; a spike (per project) and a streak
 * (per session) at most every 30 minutes, long enough that a storm is one alert and short enough that
 * a problem still going on half an hour later is heard of again. A new pattern is new only once.
 */
export const DEFAULT_COOLDOWN_MINUTES: Readonly<Record<RuleName, Cooldown>> = {
  highRisk: 60,
  frequencySpike: 30,
  newPattern: 'never',
  consecutiveFailures: 30,
};

export const DEFAULT_RULES: AlertingConfig['rules'] = {
  highRisk: { enabled: true, threshold: 0.8 },
  frequencySpike: { enabled: true, maxPerHour: 5 },
  newPattern: { enabled: true },
  consecutiveFailures: { enabled: true, threshold: 3 },
};

export const DEFAULT_WEBHOOK_TIMEOUT_MS = 5000;
export const DEFAULT_WEBHOOK_RETRIES = 2;

/**
 * The settings in force when there is no alerting config: every rule on, alerts to the console only.
 *
 * @example
 * defaultAlertingConfig().rules.frequencySpike.maxPerHour // → 5
 */
export function defaultAlertingConfig(): AlertingConfig {
  return {
    enabled: true,
    console: true,
    webhooks: [],
    slack: [],
    rules: {
      highRisk: { ...DEFAULT_RULES.highRisk },
      frequencySpike: { ...DEFAULT_RULES.frequencySpike },
      newPattern: { ...DEFAULT_RULES.newPattern },
      consecutiveFailures: { ...DEFAULT_RULES.consecutiveFailures },
    },
    cooldownMinutes: { ...DEFAULT_COOLDOWN_MINUTES },
  };
}

/**
 * The history before the first event.
 *
 * @example
 * evaluateAlerts(input, emptyAlertHistory(), defaultAlertingConfig(), Date.now())
 */
export function emptyAlertHistory(): AlertHistory {
  return { outcomes: [], lastFired: {} };
}
