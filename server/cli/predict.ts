/**
 * `predict train [--json]` — train the failure-risk model from the recorded trials; `predict "<request>"
 * [--tool T] [--json]` — the probability that it fails, with the features that weigh most, or "not
 * enough data" when no model could be trained yet.
 */
import { predictFromDisk, trainRiskModel } from '../engine/runtime/risk-model.js';
import { commandArgs } from './args.js';
import { CommandError, type CliIO } from './io.js';
import { stateDirOf, withStore } from './state.js';

export async function runPredict(args: string[], io: CliIO): Promise<number> {
  if (args[0] === 'train') {
    const { values } = commandArgs<{ json?: boolean }>(args.slice(1), { json: { type: 'boolean' } }, [], 'predict train');
    const result = await withStore(io, (store) => trainRiskModel(store, { now: io.now() }));
    if (values.json) {
      await io.out(`${JSON.stringify(result.status === 'ok' ? { status: 'ok', file: result.file, report: result.report } : result, null, 2)}\n`);
      return result.status === 'ok' ? 0 : 1;
    }
    if (result.status !== 'ok') {
      await io.out(`Not enough data: ${result.reason} (${result.samples} trials, ${result.failures} failed).\n`);
      return 1;
    }
    const r = result.report;
    const h = r.holdout;
    await io.out(
      `Trained on ${r.samples} trials (${r.failures} failed, base rate ${(r.baseRate * 100).toFixed(1)}%); saved to ${result.file}\n` +
        (h ? `Held out ${h.samples}: AUC ${h.auc?.toFixed(3) ?? '–'}, Brier ${h.brier.toFixed(4)} (base rate ${h.baseRateBrier.toFixed(4)}), ECE ${h.ece.toFixed(3)}\n` : ''),
    );
    return 0;
  }
  const { values, positionals } = commandArgs<{ tool?: string; json?: boolean }>(args, { tool: { type: 'string' }, json: { type: 'boolean' } }, ['request'], 'predict');
  let prediction;
  try {
    prediction = predictFromDisk(stateDirOf(io), { text: positionals[0] as string, tool: values.tool ?? 'Bash' });
  } catch (err) {
    throw new CommandError((err as Error).message);
  }
  if (values.json) await io.out(`${JSON.stringify(prediction, null, 2)}\n`);
  else if (prediction.status !== 'ok') await io.out(`Not enough data: ${prediction.reason}\n`);
  else {
    await io.out(`Failure risk ${(prediction.risk * 100).toFixed(1)}% (${prediction.label}; confidence ${prediction.confidence.toFixed(2)})\n`);
    for (const f of prediction.topFeatures) await io.out(`  ${f.contribution >= 0 ? '+' : ''}${f.contribution.toFixed(3)}  ${f.feature}\n`);
  }
  return 0;
}
