/** Shapes of the @Workflow triggers and of an expanded workflow. Plain data, JSON-serialisable. */

export type WorkflowName = 'refactor' | 'testgen' | 'debug' | 'review' | 'docs';

/** The archetype a workflow's prompt is written for (the MCP server maps it to an agent). */
export type WorkflowArchetype = 'architect' | 'builder' | 'qc' | 'researcher';

export interface Workflow {
  name: WorkflowName;
  /** How it is written in a prompt: `@Refactor`, `@TestGen`, … */
  trigger: string;
  archetype: WorkflowArchetype;
  temperature: number;
  /** Higher runs first when several triggers appear (Debug 10, Docs 3). */
  priority: number;
  /** Budget for the prompt plus the files' contents, in estimated tokens (chars / 4). */
  maxContextTokens: number;
  /** Globs relative to the base directory, most relevant first. */
  globs: readonly string[];
  /** The system prompt of the mode. */
  modeText: string;
}

export interface IncludedFile {
  /** POSIX path relative to the base directory. */
  path: string;
  /** Size on disk. */
  bytes: number;
  /** Estimated tokens its block adds to the prompt. */
  tokens: number;
  /** Only the first part fitted into the token budget. */
  truncated: boolean;
}

export interface SkippedFile {
  path: string;
  reason: string;
}

/** What `expandWorkflow` reads through: injected, so tests and other hosts can supply their own. */
export interface FileStat {
  /** The path with every symlink resolved. */
  realPath: string;
  size: number;
  isFile: boolean;
  isDirectory: boolean;
}

export interface WorkflowFiles {
  /** A file's bytes (called only for files that `stat` found small enough). */
  readFile: (path: string) => Uint8Array;
  /** Regular files under `dir` as POSIX paths relative to it; symlinks are not followed, `skipDir(rel)` prunes. */
  listFiles: (dir: string, skipDir: (relDir: string) => boolean, limit: number) => string[];
  /** Stat of a path following symlinks; undefined when it does not exist. */
  stat: (path: string) => FileStat | undefined;
}

export interface ExpandOptions {
  /** `refactor`, `@Refactor`, `TestGen`, `test-gen`, … (case-insensitive). */
  workflow: string;
  prompt: string;
  /** Files, directories or globs relative to `baseDir` (or absolute inside it); default: the workflow's globs. */
  targetFiles?: string[];
  baseDir: string;
  readFile: WorkflowFiles['readFile'];
  listFiles: WorkflowFiles['listFiles'];
  stat: WorkflowFiles['stat'];
  /** At most this many files are included (default 20, at most 200). */
  maxFiles?: number;
}

export interface ExpandedWorkflow {
  workflow: string;
  archetype: WorkflowArchetype;
  temperature: number;
  priority: number;
  maxContextTokens: number;
  /** The mode text. */
  systemPrompt: string;
  /** The user prompt followed by the files' contents in fenced blocks, redacted. */
  prompt: string;
  files: IncludedFile[];
  skipped: SkippedFile[];
  /** Matching files not considered because `maxFiles` was reached. */
  moreFiles: number;
  /** Estimated tokens of `prompt`. */
  tokens: number;
}
