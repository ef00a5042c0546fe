/**
 * The immune dashboard over the store: the graded trials, patterns and warnings of the last 2 × `days`
 * (the previous window gives the trend), handed to the pure `immuneDashboard`. Shared by the CLI, and
 * by the MCP server and the VS Code views to come.
 */
import { type Dashboard, immuneDashboard } from '../immune/index.js';
import { gradedTrials, immunePatterns, immuneWarnings } from '../store/repos-immune.js';
import type { Store } from '../store/store.js';

const DAY = 86_400_000;

/**
 * @example
 * const d = await loadDashboard(store, { now: Date.now(), days: 7 });
 * d.health.status // 'healthy' | 'degraded' | 'critical' | 'no-data'
 */
export async function loadDashboard(store: Store, q: { now: number; days: number; project?: string }): Promise<Dashboard> {
  const since = q.now - 2 * q.days * DAY - DAY;
  const project = q.project;
  const data = await store.read((db) => ({
    trials: gradedTrials.list(db, { since, limit: 200_000, ...(project ? { project } : {}) }),
    patterns: project ? immunePatterns.list(db, { project, limit: 100_000 }) : immunePatterns.all(db),
    warnings: immuneWarnings.list(db, { since, limit: 100_000 }).filter((w) => !project || w.project === project),
  }));
  return immuneDashboard({
    patterns: data.patterns,
    trials: data.trials.map((t) => ({ ts: t.ts, passed: t.passed, operation: t.operation, failureType: t.failureType, session: t.session, ...(t.patternId ? { patternId: t.patternId } : {}) })),
    warnings: data.warnings,
    now: q.now,
    days: q.days,
  });
}
