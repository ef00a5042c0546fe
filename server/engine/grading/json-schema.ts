/**
 * JSON Schema validation on ajv: draft 2020-12 when the schema's `$schema` says so, draft-07 (which
 * also reads draft-06/04-style schemas) otherwise. `format` is an annotation only (no format plugin
 * is loaded), and unknown keywords are ignored, as the specification allows.
 *
 * Heavy (ajv): the hook loads this only through `tool-result-schema.ts`, and only when a schema applies.
 */
import AjvModule from 'ajv';
import Ajv2020Module from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { SchemaValidator, SchemaViolation } from './schema-violations.js';

// ajv is CommonJS: under NodeNext the default import is module.exports, whose `.default` is the class.
const Ajv = AjvModule.default;
const Ajv2020 = Ajv2020Module.default;

/** A schema ajv refused (bad keyword value, unresolvable $ref, …). */
export class JsonSchemaError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'JsonSchemaError';
  }
}

export type { SchemaCheck, SchemaValidator, SchemaViolation } from './schema-violations.js';
export { describeViolations } from './schema-violations.js';

export type Draft = '2020-12' | 'draft-07';

/**
 * Which draft a schema asks for (by `$schema`; draft-07 when absent or older).
 *
 * @example
 * schemaDraft({ $schema: 'https://json-schema.org/draft/2020-12/schema' }) // → '2020-12'
 */
export function schemaDraft(schema: object): Draft {
  const declared = (schema as { $schema?: unknown }).$schema;
  return typeof declared === 'string' && declared.includes('2020-12') ? '2020-12' : 'draft-07';
}

/**
 * Compiles a schema with every error reported. A fresh ajv instance per schema, so two schemas
 * with the same `$id` never collide. Throws {@link JsonSchemaError} for an invalid schema.
 *
 * @example
 * const check = compileSchema({ type: 'object', required: ['id'] });
 * check({})   // → { valid: false, violations: [{ instancePath: '', keyword: 'required', message: "must have required property 'id'" }] }
 * check({ id: 1 }) // → { valid: true }
 */
export function compileSchema(schema: object | boolean): SchemaValidator {
  // ownProperties: without it a required "toString" or "constructor" is satisfied by Object.prototype.
  const options = { allErrors: true, strict: false, logger: false, ownProperties: true } as const;
  const draft = typeof schema === 'boolean' ? 'draft-07' : schemaDraft(schema);
  const ajv = draft === '2020-12' ? new Ajv2020(options) : new Ajv(options);
  let validate: ValidateFunction;
  try {
    validate = ajv.compile(schema);
  } catch (err) {
    throw new JsonSchemaError(`Invalid JSON Schema: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  return (data) => (validate(data) ? { valid: true } : { valid: false, violations: (validate.errors ?? []).map(toViolation) });
}

function toViolation(e: ErrorObject): SchemaViolation {
  return { instancePath: e.instancePath, keyword: e.keyword, message: e.message ?? e.keyword };
}
