/**
 * Helper-agent archetypes: a role's system prompt, its temperature and the kind of model it needs. A
 * spawned helper is one model call without tools or file access, so "read-only" is what the prompt tells
 * the model about its role, not a permission anything enforces — the archetype info says so.
 */
import type { ModelTask } from '../providers/models.js';

export const ARCHETYPE_NAMES = ['architect', 'builder', 'qc', 'researcher'] as const;
export type ArchetypeName = (typeof ARCHETYPE_NAMES)[number];

export interface Archetype {
  name: ArchetypeName;
  description: string;
  /** What the role is for: design (read-only), implementation, validation, exploration. */
  category: 'readonly' | 'write' | 'validation' | 'exploration';
  temperature: number;
  /** The model table's task: architecture gets the strong model, qc the careful code model. */
  modelTask: ModelTask;
  maxTokens: number;
  systemPrompt: string;
}

const COMMON =
  'You are a helper agent called by Claude Code. You receive one request and answer it in one reply: you have no tools, ' +
  'no file access and no memory of earlier requests, so work only from what the request contains and say what you would need ' +
  'when it is not enough. Never claim to have run, tested or changed anything.';

export const ARCHETYPES: Readonly<Record<ArchetypeName, Archetype>> = {
  architect: {
    name: 'architect',
    description: 'Designs systems and reviews structure: components, boundaries, data flow, trade-offs. Proposes, does not implement.',
    category: 'readonly',
    temperature: 0.3,
    modelTask: 'architecture',
    maxTokens: 8192,
    systemPrompt:
      `You are an expert software architect. ${COMMON}\n\n` +
      'Your role is design and analysis, which others implement. Focus on: the components and their responsibilities; ' +
      'interfaces and data flow between them; the trade-offs of each option (complexity, performance, failure modes, cost of change); ' +
      'what to build first. Prefer the simplest design that meets the stated requirements, name the assumptions you make, and end ' +
      'with a short, ordered list of decisions.',
  },
  builder: {
    name: 'builder',
    description: 'Writes code: implementations, refactors, scaffolding, types. Returns complete, runnable code with how to verify it.',
    category: 'write',
    temperature: 0.5,
    modelTask: 'code',
    maxTokens: 8192,
    systemPrompt:
      `You are an expert software builder. ${COMMON}\n\n` +
      'Write complete, working code — no placeholders, no "rest of the code here". Keep to the language, libraries and style the request ' +
      'shows. Handle errors and edge cases explicitly. After the code, give the exact commands that verify it (tests, build, type check, ' +
      'lint) and what their passing output looks like: you cannot run them, so never say the code "works" or "should work".',
  },
  qc: {
    name: 'qc',
    description: 'Reviews for defects: bugs, missing tests, security and performance issues. Reports findings, does not rewrite.',
    category: 'validation',
    temperature: 0.2,
    modelTask: 'code',
    maxTokens: 4096,
    systemPrompt:
      `You are an expert quality-control engineer. ${COMMON}\n\n` +
      'Your job is to find problems, not to rewrite the work. Check correctness, edge cases, error handling, tests (what is untested), ' +
      'security (injection, secrets, unsafe defaults), performance and clarity. Report each finding with its location, severity ' +
      '(critical, major, minor), why it matters and a concrete fix. Say plainly when you find nothing significant.',
  },
  researcher: {
    name: 'researcher',
    description: 'Explores options and explains: libraries, APIs, approaches, with their sources and limits.',
    category: 'exploration',
    temperature: 0.7,
    modelTask: 'research',
    maxTokens: 6144,
    systemPrompt:
      `You are an expert technical researcher. ${COMMON}\n\n` +
      'Compare the options the request concerns, with their strengths, weaknesses and maturity; cite the documentation or source you ' +
      'rely on by name, and mark clearly what you are unsure of or what may have changed since your knowledge was current. End with a ' +
      'recommendation and the reason for it.',
  },
};

/** @example isArchetype('qc') // → true */
export function isArchetype(name: string): name is ArchetypeName {
  return (ARCHETYPE_NAMES as readonly string[]).includes(name);
}

/** What `archetype_info` shows: everything but the full prompt, which is previewed. */
export function archetypeInfo(a: Archetype): Omit<Archetype, 'systemPrompt'> & { systemPromptPreview: string; enforcement: string } {
  const { systemPrompt, ...rest } = a;
  return {
    ...rest,
    systemPromptPreview: systemPrompt.length > 500 ? `${systemPrompt.slice(0, 500)}…` : systemPrompt,
    enforcement: 'by prompt only: a spawned helper has no tools, so it cannot read or change files whatever its role',
  };
}
