/**
 * Healing: a per-provider circuit breaker plus retry with exponential backoff and jitter (cockatiel), its
 * state in the store so every process — MCP server, CLI, several servers — sees the same breaker.
 * docs/healing.md explains the design.
 */
export { callWithHealing, recordSemanticFailure, resetBreaker } from './policy.js';
export { BreakerOpenError } from './errors.js';
export { type BreakerStatus, breakerStatus, type HealingStatus, healingStatus, loadHealingStatus } from './status.js';
export { checkProvider, DEFAULTS, type HealingOptions, resolveOptions, type RetryInfo } from './options.js';
export { backoffDelay, HealingBackoff, retryHint, symmetricJitter, type DelayConfig } from './retry-delay.js';
export { classifyFailure, type FailureVerdict } from './failure.js';
export { type BreakerRecord, type BreakerState, fromRow, TRIAL_POLL_MS } from './breaker-state.js';
