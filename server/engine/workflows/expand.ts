/**
 * Expanding a workflow: its mode text as the system prompt, and the user prompt followed by the
 * selected files' contents (redacted, in fenced blocks), kept within the workflow's token budget.
 * Pure over the injected file access; `nodeWorkflowFiles()` is the real file system.
 */
import { isAbsolute, posix, resolve } from 'node:path';
import { redact } from '../redact.js';
import { findWorkflow, WorkflowError } from './catalogue.js';
import { refusedFileReason, isText } from './exclude.js';
import { inside, selectByGlobs, selectTargets } from './select.js';
import type { ExpandedWorkflow, ExpandOptions, IncludedFile, SkippedFile, WorkflowFiles } from './types.js';

/** Files larger than this are never read. */
export const MAX_FILE_BYTES = 1024 * 1024;
export const DEFAULT_MAX_FILES = 20;
export const MAX_MAX_FILES = 200;
/** A truncated file shows at least this many characters, else it is skipped (a few lines help no one). */
const MIN_TRUNCATED_CHARS = 200;

/**
 * Estimated tokens of a text: characters / 4, rounded up.
 *
 * @example
 * estimateTokens('abcdefgh') // → 2
 */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

const LANG_OF_EXT: Record<string, string> = {
  py: 'python', ts: 'ts', tsx: 'tsx', js: 'js', jsx: 'jsx', mjs: 'js', cjs: 'js', go: 'go', rs: 'rust', md: 'markdown',
  json: 'json', sh: 'bash', yml: 'yaml', yaml: 'yaml', toml: 'toml', log: 'text',
};

/** A fenced block with its path; the fence is longer than any backtick run inside, so content cannot close it. */
function block(path: string, content: string, note = ''): string {
  const longest = Math.max(0, ...[...content.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  const lang = LANG_OF_EXT[posix.extname(path).slice(1).toLowerCase()] ?? '';
  const body = content.endsWith('\n') ? content : `${content}\n`;
  return `\`${path}\`:\n${fence}${lang}\n${body}${note}${fence}\n\n`;
}

function check(opts: ExpandOptions): { maxFiles: number } {
  if (typeof opts.prompt !== 'string') throw new WorkflowError(`prompt: must be a string, got ${typeof opts.prompt}`);
  if (typeof opts.baseDir !== 'string' || !isAbsolute(opts.baseDir)) {
    throw new WorkflowError(`baseDir: must be an absolute directory path, got ${JSON.stringify(opts.baseDir)}`);
  }
  if (opts.targetFiles !== undefined && (!Array.isArray(opts.targetFiles) || opts.targetFiles.some((t) => typeof t !== 'string'))) {
    throw new WorkflowError('targetFiles: must be an array of paths relative to the base directory');
  }
  const maxFiles = opts.maxFiles ?? DEFAULT_MAX_FILES;
  if (!Number.isInteger(maxFiles) || maxFiles < 1 || maxFiles > MAX_MAX_FILES) {
    throw new WorkflowError(`maxFiles: must be an integer from 1 to ${MAX_MAX_FILES}, got ${String(opts.maxFiles)}`);
  }
  return { maxFiles };
}

interface Readable {
  text: string;
  bytes: number;
}

/** Reads one candidate, or says why it is skipped. */
function readCandidate(fs: WorkflowFiles, baseDir: string, realBase: string, rel: string): Readable | string {
  const st = fs.stat(resolve(baseDir, rel));
  if (!st) return 'does not exist';
  const realRel = inside(realBase, st.realPath);
  if (realRel === null) return 'a symlink that leads outside the base directory';
  const refused = refusedFileReason(realRel);
  if (refused) return refused;
  if (!st.isFile) return 'not a regular file';
  if (st.size > MAX_FILE_BYTES) return `larger than 1 MB (${st.size} bytes)`;
  const bytes = fs.readFile(st.realPath);
  if (!isText(bytes)) return 'binary file';
  return { text: redact(new TextDecoder().decode(bytes)), bytes: st.size };
}

/**
 * Expand a workflow for a prompt. Throws WorkflowError for an unknown workflow or bad options; files
 * that cannot or must not be read are listed in `skipped` with the reason.
 *
 * @example
 * const out = expandWorkflow({ workflow: 'debug', prompt: 'login fails', baseDir: '/home/dev/app', ...nodeWorkflowFiles() });
 * out.systemPrompt // 'You are in DEBUG mode. …'; out.prompt // 'login fails\n\n## Files (3)\n\n`logs/app.log`:\n```text\n…'
 */
export function expandWorkflow(opts: ExpandOptions): ExpandedWorkflow {
  const wf = findWorkflow(opts.workflow);
  const { maxFiles } = check(opts);
  const fs: WorkflowFiles = { readFile: opts.readFile, listFiles: opts.listFiles, stat: opts.stat };
  const baseDir = resolve(opts.baseDir);
  const base = fs.stat(baseDir);
  if (!base?.isDirectory) throw new WorkflowError(`baseDir: not a directory: ${baseDir}`);
  const selection = opts.targetFiles?.length
    ? selectTargets(fs, baseDir, base.realPath, opts.targetFiles)
    : selectByGlobs(fs, baseDir, wf.globs, opts.prompt);
  const skipped: SkippedFile[] = [...selection.skipped];
  const files: IncludedFile[] = [];
  const blocks: string[] = [];
  const head = redact(opts.prompt);
  const budget = wf.maxContextTokens;
  // The section header's count is not known yet; "## Files (200)" bounds its length.
  let used = estimateTokens(`${head}\n\n## Files (${MAX_MAX_FILES})\n\n`);
  let exhausted = used >= budget ? `token budget exhausted (the prompt alone uses ${used} of ${budget} tokens)` : '';
  for (const rel of selection.paths.slice(0, maxFiles)) {
    if (exhausted) {
      skipped.push({ path: rel, reason: exhausted });
      continue;
    }
    const read = readCandidate(fs, baseDir, base.realPath, rel);
    if (typeof read === 'string') {
      skipped.push({ path: rel, reason: read });
      continue;
    }
    const whole = block(rel, read.text);
    if (used + estimateTokens(whole) <= budget) {
      blocks.push(whole);
      files.push({ path: rel, bytes: read.bytes, tokens: estimateTokens(whole), truncated: false });
      used += estimateTokens(whole);
      continue;
    }
    exhausted = `token budget exhausted (${budget} tokens)`;
    const note = `… [truncated to stay within the ${budget}-token budget of ${wf.trigger}]\n`;
    const room = (budget - used) * 4 - block(rel, '', note).length;
    if (room < MIN_TRUNCATED_CHARS) {
      skipped.push({ path: rel, reason: exhausted });
      continue;
    }
    const cut = read.text.slice(0, room);
    const atLine = cut.lastIndexOf('\n');
    const part = block(rel, atLine > room / 2 ? cut.slice(0, atLine + 1) : cut, note);
    blocks.push(part);
    files.push({ path: rel, bytes: read.bytes, tokens: estimateTokens(part), truncated: true });
    used += estimateTokens(part);
  }
  const prompt = blocks.length ? `${head}\n\n## Files (${blocks.length})\n\n${blocks.join('').trimEnd()}` : head;
  return {
    workflow: wf.trigger, archetype: wf.archetype, temperature: wf.temperature, priority: wf.priority, maxContextTokens: budget,
    systemPrompt: wf.modeText, prompt, files, skipped, moreFiles: Math.max(0, selection.paths.length - maxFiles), tokens: estimateTokens(prompt),
  };
}
