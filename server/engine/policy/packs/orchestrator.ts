/**
 * Self-protection: the agent must never approve its own request, edit the orchestrator's state or
 * policy, or switch the guard off.
 */
import { isOrchestratorControl } from '../paths.js';
import { definePack } from '../rules.js';
import type { Invocation } from '../shell/invocation.js';
import { add, subjectOf, type ShellScope } from '../shell/scope.js';
import { resolvePath } from '../shell/words.js';

definePack('orchestrator', {
  'self.approve': { category: 'BLOCKED', reason: 'Deciding approvals is for humans (VS Code sidebar or a terminal you run); the agent cannot approve or deny its own requests' },
  'self.state': { category: 'BLOCKED', reason: "Touches Task Orchestrator's state or policy files; only a human edits those" },
  'self.disable': { category: 'BLOCKED', reason: 'Disables or removes the Task Orchestrator safety plugin or hooks' },
});

const READ_ONLY = new Set(['cd', 'pushd', 'ls', 'stat', 'cat', 'head', 'tail', 'less', 'wc', 'file', 'du', 'test', '[', 'jq', 'grep', 'rg', 'realpath', 'readlink', 'find', 'tree']);

export function orchestrator(inv: Invocation, s: ShellScope): void {
  const t = inv.words.map((w) => w.text);
  const subject = subjectOf(inv);
  const cli = t.findIndex((x) => /task-orchestrator|(^|\/)cli\.m?[jc]?js$/.test(x));
  const inbox = t.indexOf('inbox');
  if (inbox >= 0 && /^(approve|deny|decide|reject|allow|always)$/.test(t[inbox + 1] ?? '') && (cli >= 0 || inbox <= 2)) return add(s, 'self.approve', subject);
  if (cli >= 0 && /^(approve|deny|decide|reject)$/.test(t[cli + 1] ?? '')) return add(s, 'self.approve', subject);
  const cliLike = cli >= 0;
  if (cliLike && t.includes('policy') && t.some((x) => /^(set|edit|disable|add|remove|reset)$/.test(x))) return add(s, 'self.state', subject);
  if (inv.name === 'claude' && t[1] === 'plugin' && /^(disable|uninstall|remove|rm)$/.test(t[2] ?? '') && t.slice(3).some((x) => /task-orchestrator/.test(x))) return add(s, 'self.disable', subject);
  if (READ_ONLY.has(inv.name)) return;
  for (const w of inv.words.slice(1)) {
    const r = resolvePath(w, { ctx: s.ctx, vars: inv.vars });
    if (r.kind === 'path' && isOrchestratorControl(r.abs, s.ctx)) return add(s, 'self.state', subject, r.abs);
    if (r.kind === 'dynamic' && /TASK_ORCHESTRATOR_HOME/.test(r.text)) return add(s, 'self.state', subject, r.text);
  }
}

export function stateRedirect(target: string, abs: string | null, s: ShellScope): void {
  if (abs && isOrchestratorControl(abs, s.ctx) || /TASK_ORCHESTRATOR_HOME/.test(target)) add(s, 'self.state', target);
}
