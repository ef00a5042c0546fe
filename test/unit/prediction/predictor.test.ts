// trainPredictor / predictRisk: refusals, explanations, labels and determinism.
import { describe, expect, test } from 'vitest';
import { predictRisk, riskLabel, serializeModel, trainPredictor, type TrainedModel } from '../../../server/engine/prediction/index.js';
import { loadTrials, syntheticTrials } from './fixture.js';

const trials = loadTrials();

function trained(samples = trials, opts = {}): TrainedModel {
  const r = trainPredictor(samples, { now: 1_718_000_000_000, ...opts });
  if (r.status !== 'ok') throw new Error(r.reason);
  return r.model;
}
const model = trained();

describe('not enough data', () => {
  test('fewer than 20 trials: refused with the counts in the reason', () => {
    const r = trainPredictor(syntheticTrials(19, 8));
    expect(r).toEqual({ status: 'not_enough_data', reason: '19 trials recorded; training needs at least 20', samples: 19, failures: 8 });
  });

  test('fewer than 5 failures, or fewer than 5 successes: refused', () => {
    expect(trainPredictor(syntheticTrials(40, 4))).toMatchObject({ status: 'not_enough_data', reason: '4 failed trials recorded; training needs at least 5' });
    expect(trainPredictor(syntheticTrials(40, 36))).toMatchObject({ status: 'not_enough_data', reason: '4 successful trials recorded; training needs at least 5' });
  });

  test('the thresholds are configurable, and just enough data trains', () => {
    expect(trainPredictor(syntheticTrials(20, 5)).status).toBe('ok');
    expect(trainPredictor(syntheticTrials(20, 5), { minSamples: 50 }).status).toBe('not_enough_data');
    expect(trainPredictor(syntheticTrials(12, 3), { minSamples: 10, minPerClass: 3 }).status).toBe('ok');
  });

  test('no model: a refusal, never a neutral 0.5 presented as a prediction', () => {
    const r = predictRisk(null, { text: 'npm test', tool: 'Bash' });
    expect(r.status).toBe('not_enough_data');
    expect(r).not.toHaveProperty('risk');
    expect(r).toHaveProperty('reason', expect.stringMatching(/no trained risk model/));
  });

  test('too little data to hold any out: the model trains, the report has no hold-out figures', () => {
    const r = trainPredictor(syntheticTrials(20, 5));
    expect(r.status === 'ok' && r.report.holdout).toBeUndefined();
  });
});

describe('the training report', () => {
  test('counts, base rate, the caller\'s clock, the optimiser\'s end state and hold-out figures', () => {
    const { report } = model;
    expect(report).toMatchObject({ samples: 1000, failures: 336, baseRate: 0.336, trainedAt: 1_718_000_000_000 });
    expect(report.training).toMatchObject({ l2: 1, converged: true });
    expect(report.holdout).toMatchObject({ samples: 200, failures: 67, split: 'stratified' });
    expect(report.holdout!.brier).toBeLessThan(report.holdout!.baseRateBrier);
  });

  test('a chronological hold-out uses the latest trials', () => {
    const r = trainPredictor(trials, { split: 'chronological', holdoutFraction: 0.25, now: 0 });
    expect(r.status === 'ok' && r.report.holdout).toMatchObject({ samples: 250, split: 'chronological' });
  });
});

describe('predictions', () => {
  test('risk is a probability; the label follows the documented thresholds', () => {
    for (const t of trials.slice(0, 50)) {
      const r = predictRisk(model, t);
      if (r.status !== 'ok') throw new Error('expected a prediction');
      expect(r.risk).toBeGreaterThan(0);
      expect(r.risk).toBeLessThan(1);
      expect(r.label).toBe(r.risk >= 0.7 ? 'high' : r.risk >= 0.3 ? 'medium' : 'low');
    }
    expect([riskLabel(0.29), riskLabel(0.3), riskLabel(0.69), riskLabel(0.7)]).toEqual(['low', 'medium', 'medium', 'high']);
    expect(riskLabel(0.5, { medium: 0.2, high: 0.5 })).toBe('high');
  });

  test('what fails more in the data is predicted riskier', () => {
    const risk = (text: string, tool: string) => {
      const r = predictRisk(model, { text, tool });
      return r.status === 'ok' ? r.risk : Number.NaN;
    };
    expect(risk('git status', 'Bash')).toBeLessThan(0.15);
    expect(risk('npx tsc --noEmit', 'Bash')).toBeGreaterThan(risk('git status', 'Bash'));
    expect(risk('curl -s http://localhost:3000/health', 'Bash')).toBeGreaterThan(risk('curl -fsSL https://registry.npmjs.org/zod', 'Bash'));
    expect(risk('make it better', 'Task')).toBeGreaterThan(risk('Summarise the changes in src/auth as 3 bullet points.', 'Task'));
  });

  test('topFeatures explain the score: bias + every contribution = the log-odds of the risk', () => {
    const r = predictRisk(model, { text: 'git push origin main', tool: 'Bash' }, { top: Number.POSITIVE_INFINITY });
    if (r.status !== 'ok') throw new Error('expected a prediction');
    const sum = r.topFeatures.reduce((s, f) => s + f.contribution, r.bias);
    expect(sum).toBeCloseTo(r.logit, 10);
    expect(1 / (1 + Math.exp(-r.logit))).toBeCloseTo(r.risk, 12);
    expect(r.topFeatures.map((f) => f.feature)).toEqual(expect.arrayContaining(['text:push origin', 'text:<tool:bash>']));
    // Zero contributions are left out: meta features that never varied in training have weight 0.
    expect(r.topFeatures.every((f) => f.contribution !== 0)).toBe(true);
    expect(r.topFeatures.filter((f) => f.feature.startsWith('meta:')).length).toBeGreaterThanOrEqual(8);
  });

  test('topFeatures are the largest contributions, largest first', () => {
    const all = predictRisk(model, { text: 'Generate a JSON schema for the invoice object. Return only the JSON.', tool: 'Task' }, { top: Infinity });
    const top = predictRisk(model, { text: 'Generate a JSON schema for the invoice object. Return only the JSON.', tool: 'Task' });
    if (all.status !== 'ok' || top.status !== 'ok') throw new Error('expected a prediction');
    expect(top.topFeatures).toEqual(all.topFeatures.slice(0, 5));
    const sizes = all.topFeatures.map((f) => Math.abs(f.contribution));
    expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
  });

  test('a term that pushes towards failure raises the risk: without it the same request scores lower', () => {
    const withTerm = predictRisk(model, { text: 'curl -s http://localhost:3000/health', tool: 'Bash' }, { top: Infinity });
    if (withTerm.status !== 'ok') throw new Error('expected a prediction');
    const localhost = withTerm.topFeatures.find((f) => f.feature === 'text:localhost');
    expect(localhost?.contribution).toBeGreaterThan(0);
    const without = predictRisk(model, { text: 'curl -s http://127.0.0.1:3000/health', tool: 'Bash' });
    expect(without.status === 'ok' && without.risk).toBeLessThan(withTerm.risk);
  });

  test('confidence is the share of the request\'s words the model has seen', () => {
    const known = predictRisk(model, { text: 'npm test', tool: 'Bash' });
    const unknown = predictRisk(model, { text: 'zypper refresh quux', tool: 'Bash' });
    expect(known.status === 'ok' && known.confidence).toBe(1);
    expect(unknown.status === 'ok' && unknown.confidence).toBe(0);
  });
});

describe('determinism', () => {
  test('the same data trains bit-identical weights and the same model file', () => {
    const again = trained();
    expect(again.weights).toEqual(model.weights);
    expect(again.bias).toBe(model.bias);
    expect(serializeModel(again)).toBe(serializeModel(model));
  });

  test('a different hold-out seed changes the hold-out figures, not the final model', () => {
    const other = trained(trials, { seed: 2 });
    expect(other.weights).toEqual(model.weights);
    expect(other.report.holdout!.auc).not.toBe(model.report.holdout!.auc);
  });
});
