// runGraders: concurrency, errors as results, weights, thresholds, skipped results and the failure type.
import { describe, expect, test } from 'vitest';
import { jsonSchema, jsonValid, nonEmpty, regex } from '../../../server/engine/grading/code-graders.js';
import { runGraders, summarise } from '../../../server/engine/grading/pipeline.js';
import { similarity } from '../../../server/engine/grading/similarity-graders.js';
import type { Grader, GraderResult } from '../../../server/engine/grading/types.js';

/** A grader that returns a fixed verdict (optionally after a delay), for pipeline arithmetic. */
function fixed(name: string, r: Partial<GraderResult> & { passed: boolean; score: number }, opts: { weight?: number; delayMs?: number; threshold?: number } = {}): Grader & { threshold?: number } {
  const result = { name, reason: r.passed ? 'ok' : 'bad', ...r };
  return {
    name,
    weight: opts.weight ?? 1,
    ...(opts.threshold !== undefined ? { threshold: opts.threshold } : {}),
    grade: () => (opts.delayMs ? new Promise((res) => setTimeout(() => res(result), opts.delayMs)) : result),
  };
}

describe('runGraders', () => {
  test('every grader passing passes with score 1 and threshold 1', async () => {
    const s = await runGraders([nonEmpty(), jsonValid()], '{"a":1}', {});
    expect(s).toMatchObject({ passed: true, score: 1, threshold: 1, failureType: null });
    expect(s.results.map((r) => r.name)).toEqual(['NonEmptyCheck', 'JSONValidCheck']);
  });

  test('results keep the graders order even when async graders finish out of order', async () => {
    const s = await runGraders([fixed('slow', { passed: true, score: 1 }, { delayMs: 30 }), fixed('fast', { passed: true, score: 1 }, { delayMs: 1 })], 'x');
    expect(s.results.map((r) => r.name)).toEqual(['slow', 'fast']);
  });

  test('async graders run concurrently', async () => {
    const started = Date.now();
    await runGraders([1, 2, 3, 4].map((i) => fixed(`g${i}`, { passed: true, score: 1 }, { delayMs: 60 })), 'x');
    expect(Date.now() - started).toBeLessThan(200);
  });

  test('a throwing grader becomes a failed "Grader error" result and the others still run', async () => {
    const boom: Grader = { name: 'boom', weight: 1, grade: () => { throw new Error('kaput'); } };
    const rejects: Grader = { name: 'rejects', weight: 1, grade: () => Promise.reject(new Error('later kaput')) };
    const s = await runGraders([boom, rejects, nonEmpty()], 'x');
    expect(s.results[0]).toMatchObject({ name: 'boom', passed: false, score: 0, reason: 'Grader error: kaput', failureType: 'evaluation_failed', metadata: { error: 'kaput' } });
    expect(s.results[1]).toMatchObject({ name: 'rejects', reason: 'Grader error: later kaput' });
    expect(s.results[2]).toMatchObject({ name: 'NonEmptyCheck', passed: true });
    expect(s.passed).toBe(false);
  });

  test('weights really weigh: a heavy failure pulls the score down further', async () => {
    const light = await runGraders([fixed('a', { passed: true, score: 1 }, { weight: 3 }), fixed('b', { passed: false, score: 0 }, { weight: 1 })], 'x');
    const heavy = await runGraders([fixed('a', { passed: true, score: 1 }, { weight: 1 }), fixed('b', { passed: false, score: 0 }, { weight: 3 })], 'x');
    expect(light.score).toBeCloseTo(0.75);
    expect(heavy.score).toBeCloseTo(0.25);
  });

  test('a weight of 0 does not move the score but a failure still fails', async () => {
    const s = await runGraders([fixed('a', { passed: true, score: 1 }), fixed('info', { passed: false, score: 0 }, { weight: 0 })], 'x');
    expect(s.score).toBe(1);
    expect(s.passed).toBe(false);
  });

  test('skipped results never count: not in the score, not as failures', async () => {
    const s = await runGraders([fixed('judge', { passed: true, score: 0, skipped: true }), fixed('a', { passed: true, score: 1 })], 'x');
    expect(s).toMatchObject({ passed: true, score: 1, threshold: 1 });
  });

  test('every grader skipped: score 1, passed', async () => {
    const s = await runGraders([fixed('judge', { passed: true, score: 0, skipped: true })], 'x');
    expect(s).toMatchObject({ passed: true, score: 1, failureType: null });
  });

  test('no graders at all passes', async () => {
    expect(await runGraders([], 'x')).toMatchObject({ passed: true, score: 1, results: [] });
  });

  test('the default threshold is the weighted mean of the graders own bars', async () => {
    const s = await runGraders([similarity('hello world', { threshold: 0.8 }), nonEmpty()], 'hello wrld');
    expect(s.threshold).toBeCloseTo(0.9);
    expect(s.passed).toBe(true); // the similarity check passed at 0.91 ≥ 0.8, so the pipeline does too
    expect(s.score).toBeCloseTo((1 - 1 / 11 + 1) / 2);
  });

  test('an explicit threshold is enforced on top of every grader passing', async () => {
    const graders = [similarity('hello world', { threshold: 0.8 }), nonEmpty()];
    expect((await runGraders(graders, 'hello wrld', {}, { threshold: 0.99 })).passed).toBe(false);
    expect((await runGraders(graders, 'hello wrld', {}, { threshold: 0.9 })).passed).toBe(true);
  });

  test('requireAll: false lets the weighted score alone decide (promptfoo test threshold)', async () => {
    const graders = [fixed('a', { passed: true, score: 1 }, { weight: 3 }), fixed('b', { passed: false, score: 0, failureType: 'pattern_mismatch' })];
    expect((await runGraders(graders, 'x', {}, { threshold: 0.7, requireAll: false })).passed).toBe(true);
    const strict = await runGraders(graders, 'x', {}, { threshold: 0.8, requireAll: false });
    expect(strict).toMatchObject({ passed: false, failureType: 'pattern_mismatch' });
  });

  test('an invalid threshold is a programming error', async () => {
    await expect(runGraders([nonEmpty()], 'x', {}, { threshold: 2 })).rejects.toThrow(/threshold must be a number in \[0, 1\], got 2/);
  });

  test('failureType is the first failing result that has one', async () => {
    const s = await runGraders([nonEmpty(), regex('^\\{'), jsonSchema({ type: 'object' })], 'plain text');
    expect(s.failureType).toBe('pattern_mismatch');
    const untyped = await runGraders([fixed('x', { passed: false, score: 0 })], 'x');
    expect(untyped.failureType).toBe('evaluation_failed');
  });

  test('out-of-range scores from a custom grader are clamped', async () => {
    const s = await runGraders([fixed('wild', { passed: true, score: 7 })], 'x');
    expect(s.results[0]?.score).toBe(1);
  });

  test('a grader returning nothing is an error result', async () => {
    const nothing = { name: 'nothing', weight: 1, grade: () => undefined } as unknown as Grader;
    expect((await runGraders([nothing], 'x')).results[0]).toMatchObject({ passed: false, reason: 'Grader error: grader returned no result' });
  });
});

describe('summarise', () => {
  test('combines precomputed results by the same rule', () => {
    const s = summarise([
      { name: 'a', passed: true, score: 1, reason: '' },
      { name: 'b', passed: false, score: 0, reason: '', failureType: 'json_invalid' },
    ]);
    expect(s).toMatchObject({ passed: false, score: 0.5, threshold: 1, failureType: 'json_invalid' });
  });
});
