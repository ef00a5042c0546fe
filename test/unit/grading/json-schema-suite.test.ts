// JSONSchemaCheck against a slice of the official JSON-Schema-Test-Suite (see the fixtures' README).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { jsonSchema } from '../../../server/engine/grading/code-graders.js';

interface SuiteGroup {
  description: string;
  schema: object | boolean;
  tests: Array<{ description: string; data: unknown; valid: boolean }>;
}

const root = join(import.meta.dirname, '../../fixtures/grading/json-schema-suite');
const files = ['draft2020-12', 'draft7'].flatMap((dir) =>
  readdirSync(join(root, dir)).filter((f) => f.endsWith('.json')).map((f) => ({ name: `${dir}/${f}`, path: join(root, dir, f) })),
);

test('the slice covers the keywords it promises (~40+ schemas)', () => {
  const names = files.map((f) => f.name);
  for (const k of ['type', 'required', 'properties', 'additionalProperties', 'enum', 'minimum', 'maximum', 'minLength', 'pattern', 'items', 'ref']) {
    expect(names.some((n) => n.endsWith(`/${k}.json`)), k).toBe(true);
  }
  const groups = files.reduce((n, f) => n + (JSON.parse(readFileSync(f.path, 'utf8')) as SuiteGroup[]).length, 0);
  expect(groups).toBeGreaterThanOrEqual(40);
});

for (const file of files) {
  const groups = JSON.parse(readFileSync(file.path, 'utf8')) as SuiteGroup[];
  describe(file.name, () => {
    for (const group of groups) {
      describe(group.description, () => {
        const grader = jsonSchema(group.schema);
        for (const c of group.tests) {
          test(`${c.description} → ${c.valid ? 'valid' : 'invalid'}`, async () => {
            const r = await grader.grade(JSON.stringify(c.data), {});
            expect(r.passed, r.reason).toBe(c.valid);
            expect(r.failureType).toBe(c.valid ? undefined : 'schema_violation');
          });
        }
      });
    }
  });
}
