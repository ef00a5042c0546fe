/**
 * @Workflow triggers (@Refactor, @TestGen, @Debug, @Review, @Docs): detection in prompts, and expansion
 * into a mode text plus the target files' contents, bounded by the workflow's token budget.
 */
export type * from './types.js';
export { findWorkflow, listWorkflows, WorkflowError, WORKFLOWS, type WorkflowSummary } from './catalogue.js';
export { detectTriggers } from './detect.js';
export { DEFAULT_MAX_FILES, estimateTokens, expandWorkflow, MAX_FILE_BYTES, MAX_MAX_FILES } from './expand.js';
export { globExclusionReason, isText, refusedFileReason, skippedDirReason } from './exclude.js';
export { nodeWorkflowFiles } from './node-files.js';
export { WALK_LIMIT } from './select.js';
