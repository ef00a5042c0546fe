/**
 * Folding graded trials: the trial and its grader results, the failure pattern a failure forms or
 * repeats (the immune memory), and the alerts the outcome raises. Runs inside the fold's transaction;
 * the alerting history is loaded once per fold and saved at its end.
 */
import { emptyAlertHistory } from '../alerting/defaults.js';
import { evaluateAlerts } from '../alerting/evaluate.js';
import type { AlertHistory, AlertingConfig } from '../alerting/types.js';
import { FAILURE_TYPES, type FailureType } from '../grading/types.js';
import { observeFailure, patternSignature } from '../immune/patterns.js';
import type { Db } from './db.js';
import type { ImmuneWarnedEvent, TrialEvent } from './journal.js';
import { newId } from './journal.js';
import { gradedTrials, immuneAlerts, immunePatterns, immuneWarnings, metaJson } from './repos-immune.js';

const HISTORY_KEY = 'alerting.history';
const KNOWN_TYPES = new Set<string>(FAILURE_TYPES);

/** One fold's immune work: what it changed, for the store's after-commit effects. */
export class TrialFolder {
  private history: AlertHistory | null = null;
  patternsChanged = false;
  alertsRaised = 0;

  constructor(
    private readonly db: Db,
    private readonly alerting: AlertingConfig,
    private readonly now: number,
  ) {}

  trial(e: TrialEvent): void {
    let patternId: string | undefined;
    let isNewPattern = false;
    let risk: number | undefined;
    if (!e.passed) {
      const failureType: FailureType = e.failureType && KNOWN_TYPES.has(e.failureType) ? (e.failureType as FailureType) : 'evaluation_failed';
      const observation = {
        operation: e.operation, failureType, project: e.project, input: e.input, output: e.output, reason: e.reason, ts: e.ts, ...(e.prompt ? { prompt: e.prompt } : {}),
      };
      const prev = immunePatterns.bySignature(this.db, patternSignature(observation));
      const next = observeFailure(prev, observation);
      immunePatterns.put(this.db, next);
      this.patternsChanged = true;
      patternId = next.id;
      isNewPattern = prev === null;
      risk = next.relevance;
    }
    gradedTrials.insert(this.db, e, patternId ?? null);
    const { alerts, history } = evaluateAlerts(
      {
        ts: e.ts, project: e.project, session: e.session, outcome: e.passed ? 'passed' : 'failed', isNewPattern, operation: e.operation,
        ...(patternId === undefined ? {} : { patternId }), ...(risk === undefined ? {} : { risk }), ...(e.failureType ? { failureType: e.failureType } : {}),
      },
      this.alertHistory(),
      this.alerting,
      this.now,
    );
    this.history = history;
    for (const a of alerts) {
      immuneAlerts.insert(this.db, {
        id: newId(), ts: a.ts, severity: a.severity, kind: a.kind, message: a.message, project: a.project, dedupKey: a.dedupKey,
        patternId: a.patternId ?? null, data: a.data,
      });
      this.alertsRaised++;
    }
  }

  warned({ type: _type, ...w }: ImmuneWarnedEvent): void {
    immuneWarnings.insert(this.db, { ...w, patternIds: w.patternIds.filter((x): x is string => typeof x === 'string') });
  }

  /** Saves the alerting history (once per fold). */
  finish(): void {
    if (this.history) metaJson.set(this.db, HISTORY_KEY, this.history);
  }

  private alertHistory(): AlertHistory {
    if (!this.history) this.history = metaJson.get<AlertHistory>(this.db, HISTORY_KEY) ?? emptyAlertHistory();
    return this.history;
  }
}
