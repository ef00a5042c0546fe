/**
 * Numbered schema migrations. Each runs in its own transaction and sets `PRAGMA user_version` to its
 * number; the store applies the missing ones in order, under the lock, when it opens the database.
 * Never edit a released migration: add the next number.
 */
import type { Db } from './db.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'initial tables',
    sql: `
CREATE TABLE approvals (
  id TEXT PRIMARY KEY,
  status TEXT NOT NULL CHECK (status IN ('pending','approved','denied','expired')),
  tool_name TEXT NOT NULL,
  summary TEXT NOT NULL,
  input TEXT NOT NULL,
  rule TEXT NOT NULL,
  reason TEXT NOT NULL,
  project TEXT NOT NULL,
  session TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  decided_at INTEGER,
  decided_by TEXT,
  decision_reason TEXT
);
CREATE INDEX approvals_status_created ON approvals (status, created_at);
CREATE INDEX approvals_project_created ON approvals (project, created_at);

CREATE TABLE approval_rules (
  id TEXT PRIMARY KEY,
  project TEXT NOT NULL,
  tool TEXT NOT NULL,
  rule TEXT NOT NULL,
  pattern TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  created_by TEXT NOT NULL,
  source_approval TEXT,
  UNIQUE (project, tool, rule, pattern)
);

CREATE TABLE audit_events (
  id TEXT PRIMARY KEY,
  ts INTEGER NOT NULL,
  kind TEXT NOT NULL DEFAULT 'decision',
  session TEXT NOT NULL DEFAULT '',
  project TEXT NOT NULL DEFAULT '',
  cwd TEXT NOT NULL DEFAULT '',
  tool TEXT NOT NULL DEFAULT '',
  decision TEXT NOT NULL DEFAULT 'none',
  category TEXT,
  rule TEXT,
  reason TEXT NOT NULL DEFAULT '',
  summary TEXT NOT NULL DEFAULT '',
  decided_by TEXT,
  approval_id TEXT
);
CREATE INDEX audit_ts ON audit_events (ts);
CREATE INDEX audit_session_ts ON audit_events (session, ts);
CREATE INDEX audit_project_ts ON audit_events (project, ts);
CREATE INDEX audit_tool_ts ON audit_events (tool, ts);
CREATE INDEX audit_kind_ts ON audit_events (kind, ts);

CREATE TABLE trials (
  id TEXT PRIMARY KEY,
  ts INTEGER NOT NULL,
  task_id TEXT,
  session TEXT NOT NULL DEFAULT '',
  project TEXT NOT NULL DEFAULT '',
  provider TEXT,
  model TEXT,
  status TEXT NOT NULL DEFAULT 'done',
  score REAL,
  cost_usd REAL,
  duration_ms INTEGER,
  data TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX trials_ts ON trials (ts);
CREATE INDEX trials_task ON trials (task_id, ts);

CREATE TABLE grader_results (
  id TEXT PRIMARY KEY,
  trial_id TEXT NOT NULL,
  ts INTEGER NOT NULL,
  grader TEXT NOT NULL,
  passed INTEGER,
  score REAL,
  details TEXT NOT NULL DEFAULT ''
);
CREATE INDEX grader_results_trial ON grader_results (trial_id);

CREATE TABLE failure_patterns (
  id TEXT PRIMARY KEY,
  signature TEXT NOT NULL UNIQUE,
  description TEXT NOT NULL DEFAULT '',
  first_seen INTEGER NOT NULL,
  last_seen INTEGER NOT NULL,
  count INTEGER NOT NULL DEFAULT 1,
  data TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX failure_patterns_last_seen ON failure_patterns (last_seen);

CREATE TABLE alerts (
  id TEXT PRIMARY KEY,
  ts INTEGER NOT NULL,
  severity TEXT NOT NULL CHECK (severity IN ('info','warning','critical')),
  kind TEXT NOT NULL,
  message TEXT NOT NULL,
  project TEXT NOT NULL DEFAULT '',
  acknowledged_at INTEGER,
  data TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX alerts_ts ON alerts (ts);
CREATE INDEX alerts_open ON alerts (acknowledged_at, ts);

CREATE TABLE cost_ledger (
  id TEXT PRIMARY KEY,
  ts INTEGER NOT NULL,
  session TEXT NOT NULL DEFAULT '',
  project TEXT NOT NULL DEFAULT '',
  provider TEXT NOT NULL DEFAULT '',
  model TEXT NOT NULL DEFAULT '',
  input_tokens INTEGER NOT NULL DEFAULT 0,
  output_tokens INTEGER NOT NULL DEFAULT 0,
  cost_usd REAL NOT NULL DEFAULT 0,
  trial_id TEXT,
  data TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX cost_ledger_ts ON cost_ledger (ts);
CREATE INDEX cost_ledger_project_ts ON cost_ledger (project, ts);

CREATE TABLE budgets (
  id TEXT PRIMARY KEY,
  scope TEXT NOT NULL,
  period TEXT NOT NULL,
  limit_usd REAL NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE (scope, period)
);

CREATE TABLE breakers (
  name TEXT PRIMARY KEY,
  state TEXT NOT NULL CHECK (state IN ('closed','open','half-open')),
  failures INTEGER NOT NULL DEFAULT 0,
  opened_at INTEGER,
  updated_at INTEGER NOT NULL,
  data TEXT NOT NULL DEFAULT '{}'
);

CREATE TABLE tasks (
  id TEXT PRIMARY KEY,
  title TEXT NOT NULL,
  status TEXT NOT NULL,
  project TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  data TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX tasks_status ON tasks (status, updated_at);

CREATE TABLE journal_applied (
  id TEXT PRIMARY KEY,
  applied_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX journal_applied_at ON journal_applied (applied_at);

CREATE TABLE meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;
`,
  },
  {
    version: 2,
    name: 'immune memory: graded trials, failure patterns as the immune system keeps them, warnings shown',
    sql: `
ALTER TABLE trials ADD COLUMN tool TEXT NOT NULL DEFAULT '';
ALTER TABLE trials ADD COLUMN operation TEXT NOT NULL DEFAULT '';
ALTER TABLE trials ADD COLUMN passed INTEGER;
ALTER TABLE trials ADD COLUMN failure_type TEXT;
ALTER TABLE trials ADD COLUMN pattern_id TEXT;
CREATE INDEX trials_operation_ts ON trials (operation, ts);
CREATE INDEX trials_session_ts ON trials (session, ts);

ALTER TABLE failure_patterns ADD COLUMN operation TEXT NOT NULL DEFAULT '';
ALTER TABLE failure_patterns ADD COLUMN failure_type TEXT NOT NULL DEFAULT 'evaluation_failed';
ALTER TABLE failure_patterns ADD COLUMN project TEXT NOT NULL DEFAULT '';
ALTER TABLE failure_patterns ADD COLUMN relevance REAL NOT NULL DEFAULT 0.5;
ALTER TABLE failure_patterns ADD COLUMN relevance_at INTEGER NOT NULL DEFAULT 0;
CREATE INDEX failure_patterns_project ON failure_patterns (project, last_seen);

ALTER TABLE alerts ADD COLUMN dedup_key TEXT NOT NULL DEFAULT '';
ALTER TABLE alerts ADD COLUMN pattern_id TEXT;
ALTER TABLE alerts ADD COLUMN notified_at INTEGER;
CREATE INDEX alerts_unsent ON alerts (notified_at, ts);

CREATE TABLE immune_warnings (
  id TEXT PRIMARY KEY,
  ts INTEGER NOT NULL,
  session TEXT NOT NULL DEFAULT '',
  project TEXT NOT NULL DEFAULT '',
  source TEXT NOT NULL,
  risk REAL NOT NULL,
  pattern_ids TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX immune_warnings_ts ON immune_warnings (ts);
CREATE INDEX immune_warnings_session ON immune_warnings (session, ts);
`,
  },
  {
    version: 3,
    name: 'providers, cost and healing: token detail in the ledger, budget thresholds, Claude Code session costs, richer tasks',
    sql: `
ALTER TABLE cost_ledger ADD COLUMN cached_tokens INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cost_ledger ADD COLUMN thinking_tokens INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cost_ledger ADD COLUMN operation TEXT NOT NULL DEFAULT '';
ALTER TABLE cost_ledger ADD COLUMN price_date TEXT NOT NULL DEFAULT '';
CREATE INDEX cost_ledger_provider_ts ON cost_ledger (provider, ts);

ALTER TABLE budgets ADD COLUMN data TEXT NOT NULL DEFAULT '{}';

CREATE TABLE session_costs (
  session TEXT PRIMARY KEY,
  project TEXT NOT NULL DEFAULT '',
  transcript TEXT NOT NULL DEFAULT '',
  cost_usd REAL NOT NULL DEFAULT 0,
  input_tokens INTEGER NOT NULL DEFAULT 0,
  output_tokens INTEGER NOT NULL DEFAULT 0,
  cache_read_tokens INTEGER NOT NULL DEFAULT 0,
  cache_write_tokens INTEGER NOT NULL DEFAULT 0,
  started_at INTEGER NOT NULL DEFAULT 0,
  updated_at INTEGER NOT NULL,
  data TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX session_costs_updated ON session_costs (updated_at);

ALTER TABLE tasks ADD COLUMN priority TEXT NOT NULL DEFAULT 'medium';
ALTER TABLE tasks ADD COLUMN due_at INTEGER;
ALTER TABLE tasks ADD COLUMN source TEXT NOT NULL DEFAULT 'manual';
ALTER TABLE tasks ADD COLUMN source_id TEXT;
CREATE UNIQUE INDEX tasks_source ON tasks (source, source_id) WHERE source_id IS NOT NULL;
`,
  },
];

/** The newest schema this build knows. */
export const LATEST_SCHEMA: number = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;

export function schemaVersion(db: Db): number {
  return Number(db.get<{ user_version: number }>('PRAGMA user_version')?.user_version ?? 0);
}

/** Applies every migration above the database's `user_version`, each in its own transaction; returns their numbers. */
export function migrate(db: Db): number[] {
  const from = schemaVersion(db);
  const applied: number[] = [];
  for (const m of MIGRATIONS) {
    if (m.version <= from) continue;
    db.tx(() => {
      db.exec(m.sql);
      db.exec(`PRAGMA user_version = ${m.version}`);
    });
    applied.push(m.version);
  }
  return applied;
}
