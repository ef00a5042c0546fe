/**
 * Shapes shared by the tool-result grader's parts (type-only: erased at run time).
 */
import type { SchemaCheck } from './schema-violations.js';
import type { GraderResult } from './types.js';

/** What one part found: its checks, and the excerpt that shows the failure (or the output's start). */
export interface Findings {
  results: GraderResult[];
  output: string;
}

/** Validates a value against a JSON Schema; throws for an invalid schema. From tool-result-schema.ts. */
export type ValidateSchema = (schema: object, data: unknown) => SchemaCheck;

export interface ToolResultOptions {
  /** JSON Schemas for files written by Write/Edit/MultiEdit, by path glob (or exact path). */
  schemas?: Array<{ glob: string; schema: object }>;
  /**
   * The validator for `schemas` (`validateSchema` from tool-result-schema.ts, which loads ajv).
   * Without it an applicable schema yields a skipped result; `gradeToolResultWithSchemas` in that
   * module passes it for you.
   */
  validateSchema?: ValidateSchema;
}
