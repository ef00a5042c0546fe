/**
 * validate_code: syntax errors from tree-sitter grammars (or a strict JSON checker) with line and
 * column, and warnings from the syntax tree; bash commands are judged by the safety classifier.
 */
export type * from './types.js';
export { CodeCheckError, LANGUAGES, MAX_CODE_CHARS, validateCode, type ValidateOptions } from './validate.js';
export { checkJson, MAX_JSON_DEPTH } from './json.js';
export { GRAMMAR_WASM, parserFor, type GrammarLanguage } from './grammars.js';
export { isSecretName } from './secrets.js';
