/**
 * The failure-risk model on disk: trained from the store's graded trials, saved as versioned JSON in
 * `<state>/models/risk-model.json` (validated on load: a foreign or damaged file is an error, never code
 * that runs), and asked by `predict` / the MCP `predict_risk` tool.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseModel, predictRisk, serializeModel, trainPredictor, type TrainResult } from '../prediction/index.js';
import type { NotEnoughData, RiskPrediction, TrainedModel } from '../prediction/types.js';
import { writeFileAtomic } from '../store/files.js';
import { gradedTrials } from '../store/repos-immune.js';
import type { Store } from '../store/store.js';

export const riskModelPath = (stateDir: string): string => join(stateDir, 'models', 'risk-model.json');

/** Trains on up to `limit` recent trials and, when there is enough data, saves the model. */
export async function trainRiskModel(store: Store, opts: { limit?: number; now?: number } = {}): Promise<TrainResult & { file?: string }> {
  const trials = await store.read((db) => gradedTrials.list(db, { limit: opts.limit ?? 50_000 }));
  const samples = trials.map((t) => ({ text: t.data.input ?? '', tool: t.tool || t.operation, failed: !t.passed, ts: t.ts })).filter((s) => s.text);
  const result = trainPredictor(samples, { split: 'chronological', ...(opts.now === undefined ? {} : { now: opts.now }) });
  if (result.status !== 'ok') return result;
  const file = riskModelPath(store.paths.dir);
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  writeFileAtomic(file, serializeModel(result.model), true);
  return { ...result, file };
}

/** The saved model; null when none was trained yet. Throws (with the file named) when it is damaged. */
export function loadRiskModel(stateDir: string): TrainedModel | null {
  const file = riskModelPath(stateDir);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new Error(`${file}: ${(err as Error).message}`);
  }
  try {
    return parseModel(text);
  } catch (err) {
    throw new Error(`${file}: ${(err as Error).message} (retrain with \`task-orchestrator predict train\`)`);
  }
}

export function predictFromDisk(stateDir: string, query: { text: string; tool: string }): RiskPrediction | NotEnoughData {
  return predictRisk(loadRiskModel(stateDir), query);
}
