/** The risk predictor's plain data: training samples, the trained model, its report and predictions. */
import type { FeatureSpec } from './features.js';
import type { Scaler } from './meta.js';
import type { EvaluationReport } from './metrics.js';

/** One recorded trial: the request, the tool (or operation) and whether it failed. */
export interface TrialSample {
  text: string;
  tool: string;
  failed: boolean;
  /** When it happened (ms since the epoch); used by the chronological hold-out split. */
  ts?: number;
}

/** What a prediction is asked about. */
export interface RiskQuery {
  text: string;
  tool: string;
}

export interface TrainingReport {
  samples: number;
  failures: number;
  /** failures / samples. */
  baseRate: number;
  /** ms since the epoch (the caller's clock, `opts.now`). */
  trainedAt: number;
  /** λ and how the optimiser ended (on the final fit, over all samples). */
  training: { l2: number; iterations: number; converged: boolean; gradientNorm: number };
  /**
   * Figures of a model fitted the same way on the other samples, evaluated on the held-out ones;
   * absent when the data is too small to hold any out.
   */
  holdout?: EvaluationReport & { split: 'stratified' | 'chronological' };
}

/** The trained predictor: everything needed to predict, plain JSON-able data. */
export interface TrainedModel {
  spec: FeatureSpec;
  /** Text features: the vocabulary's terms and their idf, aligned. */
  vocabulary: string[];
  idf: number[];
  /** Meta-feature scaler (12 means, 12 standard deviations). */
  scaler: Scaler;
  weights: { text: number[]; meta: number[] };
  bias: number;
  report: TrainingReport;
}

export type RiskLabel = 'low' | 'medium' | 'high';

export interface FeatureContribution {
  /** `text:<term>` or `meta:<name>`. */
  feature: string;
  /** weight × feature value: its push on the log-odds (positive = towards failure). */
  contribution: number;
}

export interface RiskPrediction {
  status: 'ok';
  /** Probability that the operation fails, in (0, 1). */
  risk: number;
  label: RiskLabel;
  /**
   * How much of the request the model has seen before: the share of its words in the vocabulary, in
   * [0, 1]. Near 0 the risk rests on the tool and meta features alone and is close to the base rate.
   */
  confidence: number;
  /** The log-odds: `bias + Σ contributions` over every feature (`topFeatures` lists the largest). */
  logit: number;
  bias: number;
  /** The largest contributions by absolute value, largest first. */
  topFeatures: FeatureContribution[];
}

export interface NotEnoughData {
  status: 'not_enough_data';
  reason: string;
}
