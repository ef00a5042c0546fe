/** The state one shell analysis carries: where findings and nested scripts go. */
import type { Finding, ClassifyContext, TraceStep } from '../types.js';
import { hit } from '../rules.js';
import type { Invocation } from './invocation.js';

export type CodeLang = 'sh' | 'python' | 'node' | 'ruby' | 'perl' | 'php' | 'sql' | 'mongo';

export interface NestedScript {
  lang: CodeLang;
  source: string;
  /** How it was reached, for the explain trail ("bash -c", "heredoc to python3"). */
  via: string;
  /** The host it runs on, when not this machine (ssh). */
  remote?: string;
}

export interface ShellScope {
  ctx: ClassifyContext;
  findings: Finding[];
  trail: TraceStep[];
  nested: NestedScript[];
  depth: number;
  /** Set while analysing a command that will run on another host (ssh). */
  remote: string | null;
  /** Stays true while every command seen is known read-only (for the SAFE decision). */
  readOnly: boolean;
  /** Files this command line downloads (`curl -o x.sh …`), so running one later is seen as running remote code. */
  downloaded?: Set<string>;
}

export function add(s: ShellScope, id: string, subject?: string, detail?: string): void {
  const f = hit(s.ctx.policy, id, subject, s.remote ? [detail, `on ${s.remote}`].filter(Boolean).join('; ') : detail);
  if (f) {
    s.findings.push(f);
    s.trail.push({ step: 'rule', detail: `[${f.rule}] ${f.category}${subject ? ` on \`${clip(subject)}\`` : ''}` });
  }
}

export function subjectOf(inv: Invocation): string {
  return inv.words.map((w) => (/[\s'"]/.test(w.text) ? JSON.stringify(w.text) : w.text)).join(' ');
}

export function clip(s: string, n = 120): string {
  return s.length > n ? s.slice(0, n - 1) + '…' : s;
}
