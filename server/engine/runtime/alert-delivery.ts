/**
 * Sending recorded alerts: claimed under the store's lock (so two processes never send the same alert),
 * dispatched to the configured notifiers, and the outcome written back beside the alert. Alerts older
 * than a day when first claimed are marked, not sent: a notifier configured today should not replay
 * last month.
 */
import { dispatch } from '../alerting/notifiers.js';
import type { Alert, DispatchResult, Notifier } from '../alerting/types.js';
import { immuneAlerts, type StoredAlert } from '../store/repos-immune.js';
import type { Store } from '../store/store.js';

const MAX_AGE_MS = 86_400_000;

function toAlert(a: StoredAlert): Alert {
  return {
    id: a.id, ts: a.ts, severity: a.severity, kind: a.kind as Alert['kind'], message: a.message, project: a.project, dedupKey: a.dedupKey,
    ...(a.patternId ? { patternId: a.patternId } : {}), data: a.data,
  };
}

/**
 * Sends the alerts no process has sent yet; returns what each notifier answered. Never rejects on a
 * notifier's failure (that is recorded); store errors propagate.
 *
 * @example
 * await sendPendingAlerts(store, buildNotifiers(config));
 */
export async function sendPendingAlerts(store: Store, notifiers: readonly Notifier[], now = Date.now()): Promise<DispatchResult[]> {
  if (notifiers.length === 0) return [];
  const claimed = await store.write((db) => immuneAlerts.claimUnsent(db, now));
  if (claimed.length === 0) return [];
  const fresh = claimed.filter((a) => now - a.ts <= MAX_AGE_MS);
  const results = fresh.length ? await dispatch(fresh.map(toAlert), [...notifiers]) : [];
  await store.write((db) => {
    for (const a of claimed) {
      const mine = results.filter((r) => r.alertId === a.id).map((r) => ({ notifier: r.notifier, ok: r.ok, status: r.status ?? null, error: r.error ?? null, attempts: r.attempts }));
      immuneAlerts.recordDelivery(db, a.id, now - a.ts > MAX_AGE_MS ? { skipped: 'older than a day when first sent' } : mine);
    }
  });
  return results;
}
