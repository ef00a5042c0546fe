/**
 * The five @Workflow triggers: what each is for, the archetype it is written for, its sampling
 * temperature, priority, context budget, the files it reads by default and its mode text.
 */
import type { Workflow, WorkflowName } from './types.js';

const CODE = '{py,ts,tsx,js,jsx,mjs,cjs,go,rs}';

const REFACTOR = `You are in REFACTOR mode. Improve the structure of the code without changing what it does.

Guidelines:
1. Behaviour is preserved: same inputs, same outputs, same errors, same side effects. If a change would alter behaviour, stop and say so instead.
2. Work in small steps that each leave the code working; name each step and why it helps.
3. Prefer removing code to adding it: dead branches, duplicated logic, needless indirection.
4. Names say what a thing is or does; no abbreviations a newcomer must decode.
5. Limits to aim for: functions at most 30 lines, at most 4 parameters, nesting at most 3 deep.
6. Keep public interfaces stable; if one must change, list every caller that changes with it.
7. Tests are the safety net: name the tests that cover the code you change, and the ones that are missing.

Answer with the refactored code per file and a short list of the changes and their reasons.`;

const TESTGEN = `You are in TEST_GEN mode. Write tests that would catch a real regression in the code shown.

Guidelines:
1. Use the project's existing test framework, layout and helpers (look at the test files shown).
2. Cover behaviour, not lines: the normal case, the edges (empty, zero, one, many, limits), the error paths, and inputs a user could really send.
3. One behaviour per test, named as a sentence ("refuses an expired token").
4. Real values over mocks; mock only what is slow, non-deterministic or external (network, clock, randomness).
5. Every test must be able to fail: assert the exact result, never only that nothing threw.
6. No timing-dependent assertions, no order dependence between tests, temporary files cleaned up.
7. Aim for 80%+ coverage of the code shown, and list what remains untested and why.

Answer with complete test files, ready to run, and the command that runs them.`;

const DEBUG = `You are in DEBUG mode. Find the cause of the failure before changing anything.

Method:
1. REPRODUCE: state the exact command or input that shows the failure and what is observed versus expected.
2. ISOLATE: narrow it to the smallest code path; use the logs and stack traces shown, reading the first frame in the project's own code.
3. ROOT CAUSE: explain why it fails, citing file and line. A symptom ("it is undefined") is not a cause ("the cache is read before it is filled").
4. FIX: the smallest change that removes the cause, not one that hides the symptom (no blanket try/except, no silenced errors).
5. VERIFY: the command that proves the fix, and a test that fails before it and passes after.

If the evidence is not enough to decide, say what to run or log next instead of guessing.`;

const REVIEW = `You are in REVIEW mode. Review the code as a careful senior engineer; you read, you do not rewrite.

Code Review Checklist:
1. Correctness: does it do what it claims, on every path, including errors and edge cases?
2. Clarity: can a newcomer follow it; do names and structure say what it does?
3. Consistency: does it follow the conventions of the code around it?
4. Test Coverage: are the behaviours and failure paths tested, and could those tests fail?
5. Performance: needless work in loops, unbounded growth, blocking I/O on hot paths.
6. Security: injection, unchecked input, secrets in code or logs, unsafe deserialisation, path traversal.
7. Dependencies: new ones justified, pinned and maintained?
8. Documentation: public APIs and surprising choices explained?

Report findings ordered by severity (blocker, major, minor, nit), each with file:line, the problem, and a concrete suggestion.`;

const DOCS = `You are in DOCS mode. Write documentation a new user or contributor can act on.

Guidelines:
1. Start with what it is for and the shortest path to a working result (install, configure, run).
2. Document the public interface: every option, parameter, return value and error, with its default.
3. Examples are real and runnable; every example is something the code shown actually supports.
4. Explain the why of surprising choices and limits, briefly.
5. Match the existing documentation's tone and structure (README and docs shown); update rather than duplicate.
6. Never invent behaviour: if the code does not show it, say it is unknown or leave it out.

Answer in Markdown, file by file.`;

/** Every workflow, in trigger order. */
export const WORKFLOWS: readonly Workflow[] = [
  {
    name: 'refactor', trigger: '@Refactor', archetype: 'builder', temperature: 0.3, priority: 5, maxContextTokens: 4000,
    globs: [`src/**/*.${CODE}`, `lib/**/*.${CODE}`, '*.{py,ts,tsx,js,jsx,mjs,cjs}'], modeText: REFACTOR,
  },
  {
    name: 'testgen', trigger: '@TestGen', archetype: 'builder', temperature: 0.5, priority: 5, maxContextTokens: 6000,
    globs: [
      '**/test_*.py', '**/*_test.py', '**/*.{test,spec}.{ts,tsx,js,jsx,mjs}', 'tests/**/*.{py,ts,tsx,js}', 'test/**/*.{py,ts,tsx,js}',
      `src/**/*.${CODE}`,
    ],
    modeText: TESTGEN,
  },
  {
    name: 'debug', trigger: '@Debug', archetype: 'builder', temperature: 0.2, priority: 10, maxContextTokens: 5000,
    globs: ['*.log', 'logs/**/*.log', `src/**/*.${CODE}`], modeText: DEBUG,
  },
  {
    name: 'review', trigger: '@Review', archetype: 'architect', temperature: 0.1, priority: 5, maxContextTokens: 6000,
    globs: [`src/**/*.${CODE}`, `lib/**/*.${CODE}`], modeText: REVIEW,
  },
  {
    name: 'docs', trigger: '@Docs', archetype: 'researcher', temperature: 0.4, priority: 3, maxContextTokens: 5000,
    globs: ['README.md', 'docs/**/*.md', `src/**/*.${CODE}`], modeText: DOCS,
  },
];

/** A summary of one workflow, as `list_workflows` shows it. */
export interface WorkflowSummary {
  name: WorkflowName;
  trigger: string;
  archetype: Workflow['archetype'];
  temperature: number;
  priority: number;
  maxContextTokens: number;
  globs: string[];
  /** The mode text's first line. */
  summary: string;
}

/**
 * The workflows, most urgent first.
 *
 * @example
 * listWorkflows()[0] // → { name: 'debug', trigger: '@Debug', archetype: 'builder', priority: 10, … }
 */
export function listWorkflows(): WorkflowSummary[] {
  return [...WORKFLOWS]
    .sort((a, b) => b.priority - a.priority)
    .map((w) => ({
      name: w.name, trigger: w.trigger, archetype: w.archetype, temperature: w.temperature, priority: w.priority,
      maxContextTokens: w.maxContextTokens, globs: [...w.globs], summary: w.modeText.split('\n')[0] ?? '',
    }));
}

/** A workflow name the caller typed that is not one of the five. */
export class WorkflowError extends Error {
  override readonly name = 'WorkflowError';
}

/**
 * The workflow a name refers to: `debug`, `@Debug`, `TestGen`, `test-gen` and `test_gen` all work.
 * Throws WorkflowError naming the known workflows.
 *
 * @example
 * findWorkflow('@TestGen').name // → 'testgen'
 */
export function findWorkflow(name: string): Workflow {
  const key = String(name).trim().replace(/^@/, '').replace(/[-_\s]/g, '').toLowerCase();
  const found = WORKFLOWS.find((w) => w.name === key);
  if (!found) {
    const known = WORKFLOWS.map((w) => w.name).join(', ');
    throw new WorkflowError(`workflow: unknown workflow ${JSON.stringify(name)}; use one of ${known}`);
  }
  return found;
}
