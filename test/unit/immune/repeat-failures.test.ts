// The repeat-failure scenario: four days of a realistic project replayed task by task. Before each task
// its prompt is checked against the memory so far (as the UserPromptSubmit hook does, with the default
// thresholds); after it, its failure, if any, is observed. The fixture labels which earlier failures each
// prompt genuinely resembles; a warning counts as right only when it names one of those.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import type { FailureType } from '../../../server/engine/grading/types.js';
import { checkPrompt } from '../../../server/engine/immune/check.js';
import { PatternIndex } from '../../../server/engine/immune/matcher.js';
import { observeFailure, patternId, patternSignature } from '../../../server/engine/immune/patterns.js';
import { syntheticObservations } from '../../fixtures/immune/synthetic.js';

interface Task {
  at: number;
  project?: string;
  prompt: string;
  operation: string;
  input: string;
  failure?: { key: string; type: FailureType; reason: string; output: string };
  warns: string[];
}
interface Fixture {
  start: string;
  defaultProject: string;
  tasks: Task[];
}

const fixture = JSON.parse(readFileSync(new URL('../../fixtures/immune/repeat-failures.json', import.meta.url), 'utf8')) as Fixture;
const START = Date.parse(fixture.start);

interface Outcome {
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
  wrong: string[];
  index: PatternIndex;
  ids: Map<string, Set<string>>;
}

function replay(opts: { background: number; withOperation?: boolean; withPrompt?: boolean }): Outcome {
  const index = new PatternIndex();
  // Other projects' patterns: filtered out by project, but they shape the word weights, as in a real snapshot.
  for (const o of syntheticObservations(opts.background, { seed: 3, end: START })) index.add(observeFailure(index.get(patternId(patternSignature(o))) ?? null, o));
  const ids = new Map<string, Set<string>>();
  let tp = 0;
  let fp = 0;
  let fn = 0;
  const wrong: string[] = [];
  for (const t of fixture.tasks) {
    const now = START + t.at * 3_600_000;
    const project = t.project ?? fixture.defaultProject;
    const check = checkPrompt(index, t.prompt, { project, now, ...(opts.withOperation ? { operation: t.operation } : {}) });
    const expected = new Set(t.warns.flatMap((k) => [...(ids.get(k) ?? [])]));
    const right = check.matches.some((m) => expected.has(m.pattern.id));
    if (expected.size > 0 && right) tp++;
    if (check.matches.length > 0 && !right) (fp++, wrong.push(`false warning: "${t.prompt}"`));
    if (expected.size > 0 && !right) (fn++, wrong.push(`missed: "${t.prompt}"`));
    if (t.failure) {
      const o = { operation: t.operation, failureType: t.failure.type, project, input: t.input, output: t.failure.output, reason: t.failure.reason, ts: now, ...(opts.withPrompt === false ? {} : { prompt: t.prompt }) };
      const p = observeFailure(index.get(patternId(patternSignature(o))) ?? null, o);
      index.add(p);
      ids.set(t.failure.key, new Set([...(ids.get(t.failure.key) ?? []), p.id]));
    }
  }
  return { tp, fp, fn, precision: tp / (tp + fp), recall: tp / (tp + fn), wrong, index, ids };
}

const report = (name: string, o: Outcome): void => {
  console.log(`repeat-failure scenario, ${name}: precision ${o.precision.toFixed(3)}, recall ${o.recall.toFixed(3)} (tp ${o.tp}, fp ${o.fp}, fn ${o.fn})`);
  for (const w of o.wrong) console.log(`  ${w}`);
};

describe('repeat-failure scenario', () => {
  test('the fixture is honest: enough tasks, failures, and negatives that share words or operations', () => {
    const tasks = fixture.tasks;
    expect(tasks.length).toBeGreaterThanOrEqual(60);
    expect(tasks.length).toBeLessThanOrEqual(100);
    expect(tasks.filter((t) => t.failure).length).toBeGreaterThanOrEqual(10);
    const failedOps = new Set(tasks.filter((t) => t.failure).map((t) => t.operation));
    const negatives = tasks.filter((t, i) => t.warns.length === 0 && i > 0);
    expect(negatives.filter((t) => failedOps.has(t.operation)).length).toBeGreaterThanOrEqual(15);
    expect(tasks.filter((t) => t.warns.length > 0).length).toBeGreaterThanOrEqual(20);
    // every label names a failure that happened earlier in the same project
    const seen = new Set<string>();
    for (const t of tasks) {
      for (const k of t.warns) expect(seen.has(JSON.stringify([t.project ?? fixture.defaultProject, k])), `${t.prompt} → ${k}`).toBe(true);
      if (t.failure) seen.add(JSON.stringify([t.project ?? fixture.defaultProject, t.failure.key]));
    }
  });

  test('with an empty memory: precision ≥ 0.9, recall ≥ 0.8', () => {
    const o = replay({ background: 0 });
    report('empty memory', o);
    expect(o.precision).toBeGreaterThanOrEqual(0.9);
    expect(o.recall).toBeGreaterThanOrEqual(0.8);
  });

  test('beside 500 patterns of other projects (a full snapshot): precision ≥ 0.9, recall ≥ 0.8', () => {
    const o = replay({ background: 500 });
    report('500 other-project patterns', o);
    expect(o.precision).toBeGreaterThanOrEqual(0.9);
    expect(o.recall).toBeGreaterThanOrEqual(0.8);
  });

  test('with the operation as a weight (a spawned agent or a tool call being checked): precision ≥ 0.9, recall ≥ 0.8', () => {
    const o = replay({ background: 0, withOperation: true });
    report('operation known', o);
    expect(o.precision).toBeGreaterThanOrEqual(0.9);
    expect(o.recall).toBeGreaterThanOrEqual(0.8);
  });

  test('without the request in the memory (tool input and reason only) warnings stay precise, fewer are found', () => {
    const o = replay({ background: 0, withPrompt: false });
    report('no prompt in the observations', o);
    expect(o.precision).toBeGreaterThanOrEqual(0.9);
    expect(o.recall).toBeLessThan(replay({ background: 0 }).recall);
  });

  test('recurrences merged into their patterns; distinct mistakes stayed apart', () => {
    const { index, ids } = replay({ background: 0 });
    const count = (key: string) => [...(ids.get(key) ?? [])].map((id) => index.get(id)?.count ?? 0);
    expect(count('auth-login')).toEqual([2]);
    expect(count('docker-api')).toEqual([2]);
    expect(count('pytest-ingest')).toEqual([2]);
    const all = [...ids.values()].flatMap((s) => [...s]);
    expect(new Set(all).size).toBe(all.length); // no two keys share a pattern
  });
});
