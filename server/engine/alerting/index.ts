/**
 * Alerting on the immune system's failures: pure evaluation (for the store's fold), the config and
 * the notifiers. Hot paths that only evaluate should import `./evaluate.js`, which does not load zod.
 */
export type {
  Alert, AlertEvaluation, AlertHistory, AlertingConfig, AlertInput, AlertKind, AlertSeverity, Cooldown, DispatchResult,
  Notifier, OutcomeRecord, RuleName, SendResult, SlackTarget, WebhookTarget,
} from './types.js';
export { ALERT_KINDS, ALERT_SEVERITIES, atLeast } from './types.js';
export {
  DEFAULT_COOLDOWN_MINUTES, DEFAULT_RULES, FREQUENCY_WINDOW_MS, HISTORY_MAX_FIRED, HISTORY_MAX_OUTCOMES,
  HISTORY_RETENTION_MS, defaultAlertingConfig, emptyAlertHistory,
} from './defaults.js';
export { evaluateAlerts } from './evaluate.js';
export { RULES } from './rules.js';
export type { AlertDraft, AlertRule, RuleContext } from './rules.js';
export { cooldownMs, dedupKey, inCooldown, insertOutcome, pruneHistory } from './dedup.js';
export { alertingConfigSchema, parseAlertingConfig } from './config.js';
export type { ParsedAlertingConfig } from './config.js';
export { alertLine, redactAlert } from './format.js';
export { parseRetryAfter, postWithRetry } from './http.js';
export type { HttpOptions, PostRequest } from './http.js';
export { webhookNotifier } from './webhook.js';
export type { WebhookOptions } from './webhook.js';
export { slackNotifier, slackPayload } from './slack.js';
export type { SlackMessage, SlackOptions } from './slack.js';
export { buildNotifiers, consoleNotifier, dispatch } from './notifiers.js';
export type { DispatchOptions } from './notifiers.js';
export { urlProblem } from './url.js';
