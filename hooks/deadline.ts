/**
 * The hook's time budget. Claude Code kills a hook after hooks.json's `timeout` and then lets the tool
 * call run (fail open), so the hook must always answer first: a watchdog denies after
 * {@link HOOK_DEADLINE_MS}, and while it waits for a human in the inbox the watchdog is moved to the end
 * of that wait plus a margin — never past Claude Code's own timeout.
 */

/** hooks.json's `timeout` for PreToolUse, in seconds (pinned by test/integration/inbox-hook.test.ts). */
export const HOOK_TIMEOUT_S = 120;
/** Time to decide without a human (classification, journal): far more than it ever takes. */
export const HOOK_DEADLINE_MS = 20_000;
/** What the watchdog leaves after an approval wait: writing the expiry and the answer. */
export const DEADLINE_MARGIN_MS = 10_000;
/** The longest approval wait: the watchdog (wait + margin) must fire before Claude Code's timeout. */
export const MAX_WAIT_MS = HOOK_TIMEOUT_S * 1000 - HOOK_DEADLINE_MS;

/**
 * How long to wait for a human: the policy's seconds, capped so that the wait plus the margin ends
 * before Claude Code's timeout, counted from the hook's start (`elapsedMs` ago).
 *
 * @example
 * approvalWaitMs(45, 30) // 45000
 * approvalWaitMs(600, 0) // 100000 (MAX_WAIT_MS)
 */
export function approvalWaitMs(seconds: number, elapsedMs: number): number {
  const wanted = Number.isFinite(seconds) ? Math.max(0, seconds * 1000) : 0;
  const room = HOOK_TIMEOUT_S * 1000 - 2 * DEADLINE_MARGIN_MS - Math.max(0, elapsedMs);
  return Math.max(0, Math.floor(Math.min(wanted, MAX_WAIT_MS, room)));
}
