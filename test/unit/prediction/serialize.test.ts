// Saving and loading: a round trip predicts identically; anything but a valid model file is rejected.
import { describe, expect, test } from 'vitest';
import { ModelFormatError, parseModel, predictRisk, serializeModel, trainPredictor, type TrainedModel } from '../../../server/engine/prediction/index.js';
import { loadTrials } from './fixture.js';

const trials = loadTrials();
const trained = trainPredictor(trials, { now: 1_718_000_000_000 });
if (trained.status !== 'ok') throw new Error(trained.reason);
const model = trained.model;
const saved = serializeModel(model);

/** The saved file as an object, edited by `edit`, written back. */
function tampered(edit: (file: Record<string, any>) => void): string {
  const file = JSON.parse(saved) as Record<string, any>;
  edit(file);
  return JSON.stringify(file);
}
const rejects = (text: string) => expect(() => parseModel(text));

describe('round trip', () => {
  test('a loaded model predicts exactly what the trained one did', () => {
    const loaded = parseModel(saved);
    for (const t of trials.slice(0, 200)) expect(predictRisk(loaded, t)).toEqual(predictRisk(model, t));
  });

  test('the file is versioned JSON holding the spec, vocabulary, idf, scaler, weights, bias and report', () => {
    const file = JSON.parse(saved) as Record<string, unknown>;
    expect(Object.keys(file)).toEqual(['format', 'version', 'model', 'spec', 'vocabulary', 'idf', 'scaler', 'weights', 'bias', 'report']);
    expect(file).toMatchObject({ format: 'task-orchestrator.risk-model', version: 1, model: 'logistic-regression' });
    expect(serializeModel(parseModel(saved))).toBe(saved);
  });
});

describe('rejected files', () => {
  test('not JSON (for example a pickle)', () => {
    rejects('\x80\x04\x95cos\nsystem\n(S"echo pwned"\ntR.').toThrow(/risk model: not a JSON document/);
  });

  test('another kind of JSON file', () => {
    rejects('{"name": "app", "version": "1.0.0"}').toThrow(/not a Task Orchestrator risk model/);
    rejects('[1, 2, 3]').toThrow(ModelFormatError);
  });

  test('another format version', () => {
    rejects(tampered((f) => (f.version = 2))).toThrow('risk model: unsupported version 2 (this build reads version 1); retrain');
  });

  test('NaN or infinite weights', () => {
    rejects(tampered((f) => (f.weights.text[3] = null))).toThrow(/weights\.text\.3: must be a finite number/);
    rejects(saved.replace(/"bias":[^,]+,/, '"bias":1e999,')).toThrow(/bias: must be a finite number/);
  });

  test('a wrong shape: missing fields, extra fields, inconsistent lengths', () => {
    rejects(tampered((f) => delete f.idf)).toThrow(/idf: Required/);
    rejects(tampered((f) => (f.run = 'rm -rf /'))).toThrow(/Unrecognized key/);
    rejects(tampered((f) => f.idf.pop())).toThrow(/idf: has \d+ values for \d+ terms/);
    rejects(tampered((f) => f.weights.meta.push(0))).toThrow(/weights\.meta: has 13 weights for 12 meta features/);
    rejects(tampered((f) => (f.vocabulary[1] = f.vocabulary[0]))).toThrow(/vocabulary: terms must be unique/);
    rejects(tampered((f) => (f.scaler.features[0] = 'len'))).toThrow(/scaler\.features: must be this build's meta features/);
  });

  test('a "__proto__" key is rejected, and pollutes nothing', () => {
    rejects(saved.replace('{"format"', '{"__proto__":{"polluted":true},"format"')).toThrow(ModelFormatError);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  test('saving a model with a NaN weight is refused rather than writing a broken file', () => {
    const broken: TrainedModel = { ...model, weights: { text: model.weights.text.map((w, i) => (i === 0 ? Number.NaN : w)), meta: model.weights.meta } };
    expect(() => serializeModel(broken)).toThrow(/risk model cannot be saved: weights\.text\.0/);
  });
});
