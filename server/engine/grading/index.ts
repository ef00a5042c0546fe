/**
 * Grading, in one import: code graders, promptfoo-style assertions, model graders (LLM as judge),
 * the declarative spec builder, the pipeline, and tool-result grading.
 *
 * This facade loads everything (ajv, zod, node:vm). The PostToolUse hook must import
 * `tool-result.js` directly instead, and `tool-result-schema.js` only when a schema applies.
 */
export type { FailureType, GradeContext, GradeSummary, Grader, GraderResult, ToolResultEvent, ToolResultGrade } from './types.js';
export { FAILURE_TYPES } from './types.js';

export { defineGrader, checkThreshold, checkWeight, type BuiltGrader, type GraderOptions } from './grader.js';
export { clamp01, errored, fail, isErrorResult, pass, skip, toText } from './result.js';

export { contains, jsonSchema, jsonValid, length, nonEmpty, notContains, regex } from './code-graders.js';
export type { ContainsOptions, LengthOptions, RegexOptions } from './code-graders.js';
export { containment, containsAll, containsAny, equals, icontains, icontainsAll, icontainsAny, startsWith } from './text-graders.js';
export type { ContainmentOptions, EqualsOptions } from './text-graders.js';
export { levenshtein, levenshteinDistance, similarity } from './similarity-graders.js';
export type { LevenshteinOptions, SimilarityOptions } from './similarity-graders.js';
export { checkSql, isSql, isXml } from './format-graders.js';
export { checkXml } from './xml-check.js';
export { JavascriptDisabledError, javascriptAssertion } from './javascript-grader.js';
export type { JavascriptOptions } from './javascript-grader.js';
export { costBound, latencyBound } from './bound-graders.js';
export { negate } from './negate.js';

export { compileSchema, JsonSchemaError, schemaDraft } from './json-schema.js';
export { describeViolations, type SchemaCheck, type SchemaValidator, type SchemaViolation } from './schema-violations.js';
export { extractJsonText, parseJson, parseJsonOutput } from './json-text.js';
export { parseJsonc, stripJsonc } from './jsonc.js';

export { runGraders, summarise, type PipelineOptions } from './pipeline.js';
export { ASSERTION_TYPES, GraderSpecError, graderFromSpec, type AssertionSpec, type SpecOptions } from './spec.js';

export {
  accuracyGrader, codeQualityGrader, completenessGrader, CRITERIA, formatGrader, modelGrader, performanceGrader, relevanceGrader, safetyGrader,
  type JudgeOptions, type ModelGraderOptions,
} from './model-graders.js';
export { defaultJudgeCache, JudgeCache, judgeCacheKey, type Verdict } from './judge-cache.js';
export { boundText, buildJudgePrompt, JUDGE_LIMITS, neutraliseDelimiters } from './judge-prompt.js';
export { parseVerdict } from './judge-verdict.js';

export { gradeToolResult, inputOf, operationOf, schemaApplies, type ToolResultOptions, type ValidateSchema } from './tool-result.js';
export { gradeToolResultWithSchemas, validateSchema } from './tool-result-schema.js';
export { findTestSummary, describeTestSummary, type TestSummary } from './test-summaries.js';
export { findHiddenError, type HiddenError } from './hidden-errors.js';
export { bashOperation, answerExit, exitCodeOf, meaningfulErrorLine } from './bash-exit.js';
export { exitStage, simpleCommand, splitCommandLine, splitWords, workStage } from './bash-command.js';
