/** Claude Code's file tools (Read, Write, Edit, MultiEdit, NotebookEdit): rules by path. */
import { posix } from 'node:path';
import { isOrchestratorControl, isSecretPath, normalize, persistenceKind, zoneOf } from './paths.js';
import { definePack, hit } from './rules.js';
import { globToRegExp } from './packs/secrets.js';
import type { ClassifyContext, Finding } from './types.js';

definePack('files', {
  'file.read.secret': { category: 'BLOCKED', reason: 'Reads a secret file (.env, private keys, cloud credentials) into the conversation. Read .env.example, or ask the user for the variable names' },
  'file.write.state': { category: 'BLOCKED', reason: "Edits Task Orchestrator's own state or policy; only a human changes those" },
  'file.write.system': { category: 'BLOCKED', reason: 'Writes into a system directory' },
  'file.write.critical-config': { category: 'BLOCKED', reason: 'Edits sudo or system account configuration (sudoers, passwd, shadow, group)' },
  'file.write.persistence': { category: 'REQUIRES_APPROVAL', reason: 'Edits a file that runs code at login or in git, or changes Claude Code settings' },
  'file.write.git-internals': { category: 'BLOCKED', reason: 'Edits git internals directly (.git/); use git commands instead' },
  'file.write.secret': { category: 'REQUIRES_APPROVAL', reason: 'Overwrites a secret file (.env, keys, credentials)' },
});

export const FILE_TOOLS = new Set(['Read', 'Write', 'Edit', 'MultiEdit', 'NotebookEdit', 'NotebookRead']);

export function pathOf(input: Record<string, unknown>): string | null {
  for (const k of ['file_path', 'notebook_path', 'path']) {
    const v = input[k];
    if (typeof v === 'string' && v) return v;
  }
  return null;
}

export function classifyFileTool(tool: string, input: Record<string, unknown>, ctx: ClassifyContext): Finding[] {
  const raw = pathOf(input);
  if (!raw) return [];
  const expanded = raw === '~' || raw.startsWith('~/') ? ctx.home + raw.slice(1) : raw;
  const abs = normalize(expanded.startsWith('/') ? expanded : posix.join(ctx.cwd, expanded));
  const out: (Finding | null)[] = [];
  const extra = ctx.policy.protectedPaths.map(globToRegExp);
  const reading = tool === 'Read' || tool === 'NotebookRead';
  if (reading) {
    if (isSecretPath(abs, ctx, extra)) out.push(hit(ctx.policy, 'file.read.secret', abs));
  } else {
    const kind = persistenceKind(abs, ctx);
    if (isOrchestratorControl(abs, ctx)) out.push(hit(ctx.policy, 'file.write.state', abs));
    else if (/\/\.git\/(?!hooks\/|config$)/.test(abs + '/') && /\/\.git(\/|$)/.test(abs)) out.push(hit(ctx.policy, 'file.write.git-internals', abs));
    else if (kind && /sudo|account/.test(kind)) out.push(hit(ctx.policy, 'file.write.critical-config', abs, kind));
    else if (kind) out.push(hit(ctx.policy, 'file.write.persistence', abs, kind));
    else if (['system', 'root'].includes(zoneOf(abs, ctx))) out.push(hit(ctx.policy, 'file.write.system', abs));
    else if (isSecretPath(abs, ctx, extra)) out.push(hit(ctx.policy, 'file.write.secret', abs));
  }
  return out.filter((f): f is Finding => f !== null);
}
