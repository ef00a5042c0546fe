// The predictor on the generated trials (test/fixtures/prediction/README.md): trained on the earlier 75%,
// judged on the latest 25% it never saw — the way it is used, predicting the future from the past.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { evaluate, predictRisk, trainPredictor } from '../../../server/engine/prediction/index.js';
import { FIXTURE_DIR, loadTrials } from './fixture.js';

const trials = loadTrials();

describe('the fixture', () => {
  test('is what its seeded generator writes, byte for byte', () => {
    const generated = execFileSync(process.execPath, [join(FIXTURE_DIR, 'generate.mjs'), '--stdout'], { encoding: 'utf8' });
    expect(generated).toBe(readFileSync(join(FIXTURE_DIR, 'trials.jsonl'), 'utf8'));
  });

  test('holds enough trials of every kind, in time order', () => {
    expect(trials.length).toBeGreaterThanOrEqual(400);
    expect(new Set(trials.map((t) => t.tool))).toEqual(new Set(['Bash', 'Write', 'Edit', 'Read', 'Task']));
    expect(trials.every((t, i) => i === 0 || t.ts! > trials[i - 1]!.ts!)).toBe(true);
  });
});

describe('held-out performance', () => {
  test('AUC ≥ 0.7 and a Brier score below the base-rate predictor on the latest 25%', () => {
    const cut = Math.round(trials.length * 0.75);
    const train = trials.slice(0, cut), held = trials.slice(cut);
    const r = trainPredictor(train, { now: 0 });
    if (r.status !== 'ok') throw new Error(r.reason);
    const risks = held.map((t) => {
      const p = predictRisk(r.model, t);
      if (p.status !== 'ok') throw new Error(p.reason);
      return p.risk;
    });
    const e = evaluate(risks, held.map((t) => t.failed), r.report.baseRate);
    console.log(
      `risk predictor, ${train.length} earlier trials → ${e.samples} later ones (${e.failures} failed): ` +
        `AUC ${e.auc.toFixed(3)}, Brier ${e.brier.toFixed(4)} vs base-rate ${e.baseRateBrier.toFixed(4)}, ` +
        `log loss ${e.logLoss.toFixed(3)}, ECE ${e.ece.toFixed(3)}, accuracy ${e.accuracy.toFixed(3)}`,
    );
    expect(e.auc).toBeGreaterThanOrEqual(0.7);
    expect(e.brier).toBeLessThan(e.baseRateBrier);
    expect(e.ece).toBeLessThan(0.1);
  });
});
