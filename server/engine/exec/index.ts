/**
 * run_with_error_capture: `gateCommand` judges a command with the safety classifier, `runCommand` runs
 * it in its own process group with bounded, redacted output, and `parseErrors` reads the stack traces
 * and compiler errors in any output. The MCP tool composes them: deny refuses, ask needs a human.
 */
export type * from './types.js';
export { ExecError } from './types.js';
export { gateCommand, type Gate } from './gate.js';
export {
  DEFAULT_MAX_OUTPUT_BYTES, DEFAULT_TIMEOUT_MS, KILL_GRACE_MS, MAX_COMMAND_CHARS, MAX_OUTPUT_BYTES, MAX_TIMEOUT_MS, runCommand,
} from './run.js';
export { MAX_FRAMES, MAX_PARSED_ERRORS, parseErrors } from './parse-errors.js';
export { suggestFix } from './suggest.js';
export { BoundedCapture } from './capture.js';
