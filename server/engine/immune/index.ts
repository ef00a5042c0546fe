/**
 * The immune system: failures remembered as patterns, requests checked against them, warnings that keep
 * the same mistake from being made twice. Pure functions over plain data; the store persists patterns
 * and the hooks call `checkPrompt` / `sessionBriefing`.
 */
export type { FailurePattern, ImmuneCheck, PatternMatch } from './types.js';
export { MAX_TOKENS, normalizeForSignature, normalizeText, stem, tokenize } from './normalize.js';
export { FINGERPRINT_WORDS, inputFingerprint, patternId, patternSignature } from './signature.js';
export { failureTypeFromResults } from './failure-type.js';
export { type FailureObservation, observationTokens, observeFailure, SUMMARY_CHARS } from './patterns.js';
export {
  applyDecay, decayedRelevance, HALF_LIFE_HOURS, INITIAL_RELEVANCE, INTERACTION_WEIGHTS, isStale, PRUNE_BELOW, RECURRENCE_WEIGHT, reinforce,
  shouldPrune, STALE_DAYS,
} from './decay.js';
export { freshnessFactor, matchRisk, OTHER_OPERATION_WEIGHT, patternRank, RECURRENCE_FLOOR, RECURRENCE_FULL, recurrenceFactor } from './risk.js';
export { DEFAULT_MIN_SIMILARITY, DEFAULT_QUERY_LIMIT, PatternIndex, type QueryOptions } from './matcher.js';
export { GUARDRAILS, guardrailsFor } from './guardrails.js';
export {
  BRIEFING_RECENT_MS, type CheckOptions, checkPrompt, DEFAULT_CHECK_LIMIT, DEFAULT_RISK_THRESHOLD, MAX_CONTEXT_CHARS, patternLine, sessionBriefing,
} from './check.js';
export {
  type Dashboard, type DashboardTrial, type DashboardWarning, type DailyPoint, HEALTH, type HealthStatus, immuneDashboard, type TopPattern, type Trend,
} from './dashboard.js';
export { dashboardMarkdown } from './dashboard-markdown.js';
export { type ExportLine, exportLine, type ExportTrial, trialsToJsonl } from './export.js';
export { type PreSpawnOptions, preSpawnCheck, type PreSpawnResult } from './pre-spawn.js';
