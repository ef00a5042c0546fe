/**
 * Failure-risk prediction from recorded trials: train on the user's own history, predict the risk of a
 * new operation, save and load the model as validated JSON, and measure it.
 */
export { trainPredictor, predictRisk, riskLabel, RISK_THRESHOLDS, DEFAULT_TRAIN_OPTIONS } from './predictor.js';
export type { TrainOptions, TrainResult, PredictOptions } from './predictor.js';
export { serializeModel, parseModel, ModelFormatError, MODEL_FORMAT, MODEL_VERSION } from './serialize.js';
export { auc, brier, logLoss, ece, accuracy, evaluate } from './metrics.js';
export type { EvaluationReport } from './metrics.js';
export { DEFAULT_FEATURE_SPEC, fitFeatures, extractRow, extractRows, featureNames, toolToken } from './features.js';
export type { FeatureSpec, FittedFeatures, FeatureRow } from './features.js';
export { META_FEATURES, RISKY_KEYWORDS, COMPLEXITY_KEYWORDS, NEGATIVE_WORDS, metaFeatures } from './meta.js';
export { tokenize } from './tokenize.js';
export type {
  TrialSample, RiskQuery, TrainedModel, TrainingReport, RiskPrediction, RiskLabel, FeatureContribution, NotEnoughData,
} from './types.js';
