/**
 * The heavy half of tool-result grading: JSON Schema validation with ajv, for files written by
 * Write/Edit/MultiEdit that have a configured schema. Load this module (dynamically) only when
 * `schemaApplies()` says a schema applies, so a plain tool call never loads ajv.
 */
import { compileSchema, type SchemaCheck, type SchemaValidator } from './json-schema.js';
import { gradeToolResult, type ToolResultOptions } from './tool-result.js';
import type { ToolResultEvent, ToolResultGrade } from './types.js';

/** Compiled schemas by identity; a schema that fails to compile is remembered as its error. */
const compiled = new WeakMap<object, SchemaValidator | Error>();

/**
 * Validates `data` against `schema`, compiling each schema object once. Throws JsonSchemaError for
 * an invalid schema.
 *
 * @example
 * validateSchema({ type: 'object', required: ['name'] }, {}) // → { valid: false, violations: [{ instancePath: '', keyword: 'required', … }] }
 */
export function validateSchema(schema: object, data: unknown): SchemaCheck {
  let v = compiled.get(schema);
  if (v === undefined) {
    try {
      v = compileSchema(schema);
    } catch (err) {
      v = err instanceof Error ? err : new Error(String(err));
    }
    compiled.set(schema, v);
  }
  if (v instanceof Error) throw v;
  return v(data);
}

/**
 * {@link gradeToolResult} with schema validation wired in.
 *
 * @example
 * const { gradeToolResultWithSchemas } = await import('./tool-result-schema.js');
 * gradeToolResultWithSchemas(event, { schemas }) // → a ToolResultGrade whose json-schema result ran
 */
export function gradeToolResultWithSchemas(e: ToolResultEvent, opts: Omit<ToolResultOptions, 'validateSchema'>): ToolResultGrade {
  return gradeToolResult(e, { ...opts, validateSchema });
}
